//! The command line's grammar, as cli.md fixes it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Haven: the encrypted case-record vault, from the command line.
#[derive(Debug, Parser)]
#[command(name = "haven", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub who: Who,
    #[command(subcommand)]
    pub command: Command,
}

/// Who acts, and on which vault.
#[derive(Debug, Args)]
pub struct Who {
    /// The vault directory [default: ~/.local/share/haven/vault]
    #[arg(long, global = true, env = "HAVEN_VAULT", value_name = "DIR")]
    pub vault: Option<PathBuf>,
    /// Your user name (asked on the terminal when not given)
    #[arg(long, global = true, env = "HAVEN_USER", value_name = "NAME")]
    pub user: Option<String>,
    /// A file whose first line is your passphrase (or set HAVEN_PASSPHRASE)
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// A file whose first line is the new passphrase (or set HAVEN_NEW_PASSPHRASE)
    #[arg(long, global = true, value_name = "FILE")]
    pub new_passphrase_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the vault; --user becomes its first admin. Prints the recovery key once.
    Init,
    /// Change your own passphrase.
    Passwd,
    /// Manage users and their roles (admin).
    #[command(subcommand)]
    User(UserCommand),
    /// Import an interchange file (JSON Lines): all of it, or nothing.
    Import {
        /// The file to import.
        file: PathBuf,
        /// Check the file and report what would be created, writing nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Export every case in the interchange format, identities included (not encrypted); or,
    /// as `export ctdc`, anonymized microdata in the CTDC format (supervisor).
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Export {
        /// An anonymized export instead of the interchange file.
        #[command(subcommand)]
        anonymized: Option<ExportCommand>,
        /// The file to write (must not exist yet).
        #[arg(required = true)]
        file: Option<PathBuf>,
        /// Confirm that the file will hold names and other identifying data in plain text.
        #[arg(long)]
        plaintext: bool,
    },
    /// List, search and show cases.
    #[command(subcommand)]
    Case(CaseCommand),
    /// Replace the recovery key (admin): prints the new one once; the old one stops working.
    RecoveryKey,
    /// Re-encrypt the vault under a new data key (admin), after a user left or a key file may
    /// have been copied. Prints a new recovery key and a temporary passphrase for every other
    /// user.
    RotateKey,
    /// Check and read the audit log (admin).
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Check the whole vault (admin): every page's authentication, the database's structure,
    /// bytes after its end, the audit chain against the integrity anchor, the key file's seal.
    /// Exit 1 when anything is wrong.
    Check {
        /// Also repair a key file changed outside Haven (seal it anew, put back its events key).
        #[arg(long)]
        repair: bool,
        /// Print the report as JSON on standard output.
        #[arg(long)]
        json: bool,
    },
    /// Make the anonymized indicator report (supervisor).
    #[command(subcommand)]
    Report(ReportCommand),
    /// Show or change the vault's settings (admin).
    Settings {
        /// The default minimum cell size k of indicator reports (1-100).
        #[arg(long, value_name = "N")]
        min_cell: Option<u32>,
        /// Idle minutes (1-60) after which the app locks itself.
        #[arg(long, value_name = "MINUTES")]
        auto_lock: Option<u32>,
        /// Years (1-50) identities and narratives are kept after a case closes.
        #[arg(long, value_name = "N")]
        retention_years: Option<u32>,
        /// Count only cases with a consent to statistics in the indicator report (`on`, the
        /// same as the flag alone, or `off`).
        #[arg(long, value_name = "on|off", value_parser = ["on", "off"], num_args = 0..=1, default_missing_value = "on")]
        statistics_requires_consent: Option<String>,
        /// The longest a consent to referrals may run, in months (12-36).
        #[arg(long, value_name = "MONTHS")]
        referral_consent_months: Option<u32>,
        /// The vault's own organization (referrals to it need no consent); "" for none.
        #[arg(long, value_name = "NAME")]
        own_organization: Option<String>,
    },
    /// Record and withdraw a person's consents (caseworker).
    #[command(subcommand)]
    Consent(ConsentCommand),
    /// Refer a person to an organization (intake, caseworker); needs a valid consent to
    /// referrals covering it, or an override with its reason. Exit 6 when no consent covers it.
    /// Send, receive and answer referral packets between agencies; a refused packet exits 5.
    #[command(subcommand)]
    Referral(ReferralCommand),
    /// This vault's agency identity and its public card, for referral packets.
    #[command(subcommand)]
    Agency(AgencyCommand),
    /// The partner agencies referral packets go to and come from (admin).
    #[command(subcommand)]
    Partner(PartnerCommand),
    /// Exchange packets through a PostgreSQL relay: the operator's setup and site roles, a
    /// site's connection, push and pull. Exit 1 when the relay cannot be reached.
    #[command(subcommand)]
    Relay(RelayCommand),
    /// Add up the sites' contributions for a period into one report (supervisor of the
    /// consolidating vault), small counts suppressed once over the sums. Contribution files
    /// given are received first (exit 5 when one is refused); those pulled from the relay are
    /// held already.
    Consolidate {
        /// Contribution packet files to receive first.
        files: Vec<PathBuf>,
        /// First day of the period, YYYY-MM-DD (inclusive).
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Last day of the period, YYYY-MM-DD (inclusive).
        #[arg(long, value_name = "DATE")]
        to: String,
        /// Minimum cell size k (1-100); the vault's default when absent.
        #[arg(long, value_name = "N")]
        min_cell: Option<u32>,
        /// json (the contract), csv (one row a cell) or xlsx (a workbook).
        #[arg(long, value_enum, default_value_t = FormatArg::Json)]
        format: FormatArg,
        /// Write the report to this file (else standard output).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Purge the closed cases past the retention period (admin): lists them, and with --due
    /// (and without --dry-run) erases each.
    Purge {
        /// The cases due under the vault's retention period.
        #[arg(long, required = true)]
        due: bool,
        /// List the cases due and purge nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// The register of erasures (admin): case codes, dates and kinds, never a value.
    #[command(subcommand)]
    Erasures(ErasuresCommand),
    /// Write a backup of the whole vault (admin): one encrypted file, taken while the app may
    /// be open, that opens with any user's passphrase or the recovery key.
    Backup {
        /// The backup file to write (must not exist yet).
        file: PathBuf,
    },
    /// Restore a backup into --vault DIR, which must not hold a vault yet. Opens the backup
    /// with --user and their passphrase, or with the recovery key.
    Restore {
        /// The backup file.
        file: PathBuf,
        /// Open the backup with the recovery key (HAVEN_RECOVERY_KEY, or asked) instead of a
        /// user's passphrase.
        #[arg(long)]
        recovery_key: bool,
        /// A register of erasures (`haven erasures export`): every erasure in it is made again
        /// before the restored vault first opens.
        #[arg(long, value_name = "REGISTER")]
        erasures: Option<PathBuf>,
    },
    /// Fill the vault with synthetic, clearly fake cases (for training and benchmarks).
    Demo {
        /// How many cases.
        #[arg(long, value_name = "N")]
        cases: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Counts of distinct cases for a period, with small counts suppressed (the only data
    /// meant to leave the machine). Without --out, the report goes to standard output.
    Indicators {
        /// First day of the period, YYYY-MM-DD (inclusive).
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Last day of the period, YYYY-MM-DD (inclusive).
        #[arg(long, value_name = "DATE")]
        to: String,
        /// Minimum cell size k (1-100); the vault's default (11 unless an admin changed it)
        /// when absent. Below 5 the report holds exact small counts and says so.
        #[arg(long, value_name = "N")]
        min_cell: Option<u32>,
        /// json (the contract), csv (one row a cell) or xlsx (a workbook).
        #[arg(long, value_enum, default_value_t = FormatArg::Json)]
        format: FormatArg,
        /// Write the report to this file (replaced whole if it exists).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Seal this site's exact counts for a period to the consolidating agency (supervisor):
    /// no names, codes or dates finer than the period. Without --out it waits in the outbox.
    Contribute {
        /// First day of the period, YYYY-MM-DD (inclusive).
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Last day of the period, YYYY-MM-DD (inclusive).
        #[arg(long, value_name = "DATE")]
        to: String,
        /// The consolidator: its agency card file, or its name among the partners.
        #[arg(long = "for", value_name = "CARD")]
        for_: String,
        /// This contribution replaces the one sent before for the same period.
        #[arg(long)]
        correction: bool,
        /// The packet file to write.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The release ledger (supervisor): every report that left the vault, newest first, with
    /// its period, minimum cell size and what it published. New reports are checked against
    /// every release still binding.
    Releases {
        /// One JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Retire a release from the joint check (admin), with the reason; it stays listed.
    Retire {
        /// The release's number, as `haven report releases` lists it.
        id: i64,
        /// Why it no longer needs protecting (kept in the ledger).
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum RelayCommand {
    /// (operator) Make the relay's schema and row-level security in the database of --url,
    /// with its owner's rights; running it again changes nothing. No vault is needed.
    Setup {
        /// The database, postgresql://USER@HOST:PORT/DATABASE (password: HAVEN_RELAY_PASSWORD).
        #[arg(long, env = "HAVEN_RELAY_URL", value_name = "URL")]
        url: String,
    },
    /// (operator) Make the role of the site whose agency card is CARD; prints its user name
    /// and password once.
    AddSite {
        /// The site's agency card file.
        card: PathBuf,
        /// The database, as for setup.
        #[arg(long, env = "HAVEN_RELAY_URL", value_name = "URL")]
        url: String,
    },
    /// (operator) Remove a site's role and the envelopes still addressed to it.
    RemoveSite {
        /// The site's fingerprint: six groups of five digits.
        fingerprint: String,
        /// The database, as for setup.
        #[arg(long, env = "HAVEN_RELAY_URL", value_name = "URL")]
        url: String,
    },
    /// Connect this site to the relay (admin): the address, and the password from
    /// HAVEN_RELAY_PASSWORD or asked, are tried, then kept encrypted in the vault.
    Connect {
        /// postgresql://SITE_USER@HOST:PORT/DATABASE, as the operator gave it.
        #[arg(long, value_name = "URL")]
        url: String,
    },
    /// Hand every packet waiting in the outbox to the relay.
    Push,
    /// Receive every packet the relay holds for this agency.
    Pull,
    /// The relay's address, the last contact, and the packets waiting in the outbox.
    Status {
        /// Print JSON on standard output.
        #[arg(long)]
        json: bool,
    },
}

/// A report's file format on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// The JSON contract.
    Json,
    /// Tidy CSV.
    Csv,
    /// An XLSX workbook.
    Xlsx,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the chain and report the first broken link (exit 1 when broken); prints the
    /// head to keep elsewhere.
    Verify {
        /// A head printed by an earlier verify (SEQ:MAC): also detects a cut-off tail.
        #[arg(long, value_name = "SEQ:MAC")]
        head: Option<String>,
    },
    /// Print the log, oldest first.
    Log {
        /// Only the entries of this case.
        #[arg(long, value_name = "CODE")]
        case: Option<String>,
        /// Print JSON on standard output.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// List cases, newest first, or search them by name, alias or code.
    List {
        /// Words to search for (names are searched only if your roles show names).
        #[arg(long, value_name = "TEXT")]
        query: Option<String>,
        /// Only open or only closed cases.
        #[arg(long, value_parser = ["open", "closed"])]
        status: Option<String>,
        /// Print JSON on standard output.
        #[arg(long)]
        json: bool,
    },
    /// Show one case.
    Show {
        /// The case code (like 2014-0007).
        code: String,
        /// Print JSON on standard output.
        #[arg(long)]
        json: bool,
    },
    /// Erase the person's identity and every note and document of the case (admin, or the
    /// case's caseworker); its counts stay in every report. Backups made before still hold
    /// the data: re-apply `haven erasures export` when restoring one.
    Erase {
        /// The case code.
        code: String,
        /// Why (kept in the vault's register of erasures; write no name).
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// Purge the notes and documents of a case only; the identity stays.
    PurgeNarratives {
        /// The case code.
        code: String,
        /// Why (kept in the vault's register of erasures; write no name).
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConsentCommand {
    /// Record a consent the person gave.
    Add {
        /// The case code.
        code: String,
        /// data_storage, referrals or statistics.
        #[arg(long, value_name = "SCOPE")]
        scope: String,
        /// The day it was given, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        given: String,
        /// The day it expires, YYYY-MM-DD (required for referrals: at most 12 months on,
        /// or what the administrator allows).
        #[arg(long, value_name = "DATE")]
        expires: Option<String>,
        /// For referrals: an organization it covers (repeat; none covers any).
        #[arg(long = "org", value_name = "NAME")]
        orgs: Vec<String>,
    },
    /// Record that the person withdrew a consent: from that day it covers nothing.
    Withdraw {
        /// The case code.
        code: String,
        /// The consent's id (`haven consent list CODE`).
        id: i64,
        /// The day it was withdrawn, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        on: String,
    },
    /// List a case's consents with their ids and state today.
    List {
        /// The case code.
        code: String,
        /// Print JSON on standard output.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReferralCommand {
    /// Refer the person to an organization.
    Add {
        /// The case code.
        code: String,
        /// The receiving organization's name.
        #[arg(long, value_name = "ORG")]
        to: String,
        /// The referral's date, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        date: String,
        /// Refer without a valid consent, for this reason (danger to life, a court order):
        /// administrators and users granted consent_override. The reason is kept sealed in
        /// the vault; the audit log records the override only.
        #[arg(long, value_name = "TEXT")]
        override_reason: Option<String>,
    },
    /// Make the referral packet of a case for a partner (caseworker): needs a valid consent
    /// to referrals covering the partner today (exit 6 without). Without --out the packet
    /// waits in the outbox.
    Send {
        /// The case code.
        code: String,
        /// The partner's organization name.
        #[arg(long, value_name = "ORG")]
        to: String,
        /// The services asked for, comma-separated (legal,medical,psychological,social,education,other).
        #[arg(long, value_name = "LIST", value_delimiter = ',')]
        services: Vec<String>,
        /// Send the case's notes too (only when the consent names the partner).
        #[arg(long)]
        include_notes: bool,
        /// The packet file to write.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Receive a packet file from a partner (intake, caseworker): a referral makes an intake
    /// case marked referred in; an answer moves the referral sent on. Exit 5 when refused.
    Receive {
        /// The packet file.
        file: PathBuf,
        /// Answer a referral at once: accepted or declined.
        #[arg(long, value_name = "ANSWER")]
        ack: Option<String>,
        /// Where to write the answer's packet (else it waits in the outbox).
        #[arg(long, value_name = "FILE", requires = "ack")]
        ack_out: Option<PathBuf>,
    },
    /// Answer the referral that made a case: accepted or declined.
    Answer {
        /// The case code.
        code: String,
        /// accepted or declined.
        #[arg(long, value_name = "ANSWER")]
        ack: String,
        /// The packet file to write (else it waits in the outbox).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The outbox and inbox: packet id, direction, kind, partner, case, status, date.
    List {
        /// Print JSON on standard output.
        #[arg(long)]
        json: bool,
    },
    /// Write a packet of the outbox to a file (again).
    Save {
        /// The packet id.
        id: String,
        /// The packet file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum AgencyCommand {
    /// Make this vault's agency identity (admin), once: its keys stay inside the vault.
    Init {
        /// The agency's name (the vault's organization of that name, made if needed).
        #[arg(long, value_name = "NAME")]
        name: String,
        /// What it is: shelter, ngo, assistance_center, police, health, legal, government,
        /// employer, training_provider, other.
        #[arg(long, value_name = "KIND")]
        kind: String,
        /// Who runs it: state, ngo, international, private.
        #[arg(long, value_name = "SECTOR")]
        sector: String,
        /// The country, ISO 3166 two-letter code.
        #[arg(long, value_name = "ISO3166")]
        country: Option<String>,
    },
    /// Write the public agency card for partners, and print its fingerprint.
    Card {
        /// The card file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum PartnerCommand {
    /// Add a partner's agency card, checked by the fingerprint its people read to you.
    Add {
        /// The card file.
        card: PathBuf,
        /// The fingerprint as read aloud: six groups of five digits.
        #[arg(long, value_name = "DIGITS")]
        fingerprint: String,
    },
    /// List the partners: name, fingerprint, added, removed.
    List {
        /// Print JSON on standard output.
        #[arg(long)]
        json: bool,
    },
    /// Remove a partner: its packets are refused from now on.
    Remove {
        /// The partner's organization name.
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Anonymized microdata in the CTDC format (supervisor): a row per case identified in the
    /// period, k-anonymous over gender, age, citizenship, country of exploitation and year
    /// (generalized first, rows left out last). Writes FILE.csv and FILE.meta.json beside it.
    Ctdc {
        /// First day of the period, YYYY-MM-DD (inclusive).
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Last day of the period, YYYY-MM-DD (inclusive).
        #[arg(long, value_name = "DATE")]
        to: String,
        /// The CSV file to write (replaced whole if it exists); its metadata goes beside it.
        #[arg(long, value_name = "FILE.csv")]
        out: PathBuf,
        /// k (1-100): every combination of the quasi-identifiers occurs at least k times;
        /// the vault's default minimum cell size (11 unless an admin changed it) when absent.
        #[arg(long, value_name = "K")]
        min_k: Option<u32>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ErasuresCommand {
    /// Write the register of erasures to FILE (must not exist yet).
    Export {
        /// The file to write.
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user with one or more roles; asks for their first passphrase.
    Add {
        /// The new user's name.
        name: String,
        /// intake, caseworker, supervisor or admin (repeat for several).
        #[arg(long = "role", required = true, value_name = "ROLE")]
        roles: Vec<String>,
    },
    /// List the users and their roles.
    List,
    /// Remove a user; their passphrase stops opening the vault.
    Remove {
        /// The user to remove.
        name: String,
    },
    /// Reset a user's forgotten passphrase with the recovery key (no unlock needed); asks for
    /// the recovery key (or HAVEN_RECOVERY_KEY) and the new passphrase.
    Reset {
        /// The user whose passphrase is reset.
        name: String,
    },
    /// Grant a user a permission beyond their roles (consent_override).
    Grant {
        /// The user.
        name: String,
        /// The permission: consent_override.
        #[arg(long, value_name = "PERMISSION")]
        permission: String,
    },
    /// Take back a permission granted with `user grant`.
    Revoke {
        /// The user.
        name: String,
        /// The permission: consent_override.
        #[arg(long, value_name = "PERMISSION")]
        permission: String,
    },
    /// Replace a user's roles.
    Roles {
        /// The user whose roles change.
        name: String,
        /// intake, caseworker, supervisor or admin (repeat for several).
        #[arg(long = "role", required = true, value_name = "ROLE")]
        roles: Vec<String>,
    },
}
