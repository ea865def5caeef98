//! One function per command: read what it needs, call the core, print the result.

use std::io::Write;
use std::path::PathBuf;

use haven::{Role, Session, Vault};

use crate::args::{AuditCommand, Cli, Command, ReferralCommand, UserCommand, Who};
use crate::{
    backup, consolidation, ctdc, exchange, lifecycle, records, relay, report, secrets, Failure,
};

pub fn run(cli: Cli) -> Result<(), Failure> {
    let vault = vault(&cli.who)?;
    match cli.command {
        Command::Init => init(&vault, &cli.who),
        Command::Passwd => passwd(&vault, &cli.who),
        Command::User(cmd) => user(&vault, &cli.who, cmd),
        Command::Import { file, dry_run } => records::import(&vault, &cli.who, &file, dry_run),
        Command::Export {
            anonymized: Some(cmd),
            ..
        } => ctdc::export(&vault, &cli.who, cmd),
        Command::Export {
            file: Some(file),
            plaintext,
            ..
        } => records::export(&vault, &cli.who, &file, plaintext),
        Command::Export { .. } => Err(Failure::Usage("name the file to export to".into())),
        Command::Case(cmd) => records::case(&vault, &cli.who, cmd),
        Command::Report(cmd) => report::report(&vault, &cli.who, cmd),
        Command::Settings {
            min_cell,
            auto_lock,
            retention_years,
            statistics_requires_consent,
            referral_consent_months,
            own_organization,
        } => report::settings(
            &vault,
            &cli.who,
            min_cell,
            auto_lock,
            lifecycle::Changes {
                retention_years,
                statistics_requires_consent,
                referral_consent_months,
                own_organization,
            },
        ),
        Command::Consent(cmd) => lifecycle::consent(&vault, &cli.who, cmd),
        Command::Referral(cmd @ ReferralCommand::Add { .. }) => {
            lifecycle::referral(&vault, &cli.who, cmd)
        }
        Command::Referral(cmd) => exchange::referral(&vault, &cli.who, cmd),
        Command::Agency(cmd) => exchange::agency(&vault, &cli.who, cmd),
        Command::Partner(cmd) => exchange::partner(&vault, &cli.who, cmd),
        Command::Relay(cmd) => relay::relay(&vault, &cli.who, cmd),
        Command::Consolidate {
            files,
            from,
            to,
            min_cell,
            format,
            out,
        } => consolidation::consolidate(
            &vault,
            &cli.who,
            consolidation::ConsolidateArgs {
                files,
                from,
                to,
                min_cell,
                format,
                out,
            },
        ),
        Command::Purge { due: _, dry_run } => lifecycle::purge(&vault, &cli.who, dry_run),
        Command::Erasures(cmd) => lifecycle::erasures(&vault, &cli.who, cmd),
        Command::Backup { file } => backup::backup(&vault, &cli.who, &file),
        Command::Restore {
            file,
            recovery_key,
            erasures,
        } => backup::restore(&vault, &cli.who, &file, recovery_key, erasures.as_deref()),
        Command::Demo { cases } => records::demo(&vault, &cli.who, cases),
        Command::Audit(cmd) => audit(&vault, &cli.who, cmd),
        Command::Check { repair, json } => check(&vault, &cli.who, repair, json),
        Command::RotateKey => {
            vault.check_exists()?;
            let user = secrets::user_name(&cli.who)?;
            let passphrase = secrets::passphrase(&cli.who)?;
            let session = vault.unlock(&user, &passphrase)?;
            let rotation = session.rotate_data_key(&passphrase)?;
            eprintln!(
                "The vault was re-encrypted under a new data key. Old key files, old passphrases"
            );
            eprintln!("of other users and the old recovery key open nothing now.");
            eprintln!("New recovery key (shown once; keep it away from this computer):");
            println!("recovery-key\t{}", &*rotation.recovery_key.grouped());
            if !rotation.temporary_passphrases.is_empty() {
                eprintln!("Temporary passphrases: hand each to its user in person; they change it with `haven passwd`.");
            }
            for (name, temporary) in &rotation.temporary_passphrases {
                println!("{name}\t{}", temporary.expose());
            }
            Ok(())
        }
        Command::RecoveryKey => {
            let mut session = unlock(&vault, &cli.who)?;
            let key = session.replace_recovery_key()?;
            eprintln!(
                "The recovery key was replaced; the old one no longer works. The new one follows,"
            );
            eprintln!(
                "shown this once: print it or write it down and keep it away from this computer."
            );
            println!("{}", &*key.grouped());
            Ok(())
        }
    }
}

/// Where the vault lives when neither --vault nor HAVEN_VAULT names a place: the platform data
/// directory (`~/.local/share/haven/vault` on Linux), the folder the desktop app uses too.
fn default_vault_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("haven").join("vault"))
}

fn vault(who: &Who) -> Result<Vault, Failure> {
    match &who.vault {
        Some(dir) => Ok(Vault::at(dir)),
        None => default_vault_dir().map(Vault::at).ok_or_else(|| {
            Failure::Usage(
                "no home folder to find the vault in: use --vault DIR or HAVEN_VAULT".into(),
            )
        }),
    }
}

pub fn unlock(vault: &Vault, who: &Who) -> Result<Session, Failure> {
    // Say so before asking for a passphrase that could open nothing.
    vault.check_exists()?;
    let user = secrets::user_name(who)?;
    let passphrase = secrets::passphrase(who)?;
    let session = vault.unlock(&user, &passphrase)?;
    if session.info().key_file_changed {
        eprintln!("Warning: {}.", haven::integrity::Finding::KeyFileChanged);
    }
    Ok(session)
}

/// Prints what an integrity check found, one finding a line; exit 1 when anything is wrong.
fn print_findings(report: &haven::integrity::IntegrityReport) -> Result<(), Failure> {
    let findings = report.findings();
    if findings.is_empty() {
        eprintln!(
            "The vault is intact: {} pages authenticated, the audit log's {} entries reach the integrity record, the key file is sealed.",
            report.pages, report.chain.entries
        );
        return Ok(());
    }
    eprintln!("The vault is damaged:");
    for f in &findings {
        eprintln!("  - {f}");
    }
    eprintln!("Restore the last backup made before the damage (`haven restore`); keep this folder as it is.");
    Err(Failure::Exit(1))
}

fn check(vault: &Vault, who: &Who, repair: bool, json: bool) -> Result<(), Failure> {
    let mut session = unlock(vault, who)?;
    if repair {
        if session.repair_key_file()? {
            eprintln!("The key file was sealed anew and its events key put back.");
        } else {
            eprintln!("The key file needed no repair.");
        }
    }
    let report = session.check()?;
    if json {
        let mut out = std::io::stdout().lock();
        let _ = serde_json::to_writer_pretty(&mut out, &report);
        let _ = writeln!(out);
    }
    print_findings(&report)
}

fn init(vault: &Vault, who: &Who) -> Result<(), Failure> {
    let Some(admin) = who.user.clone() else {
        return Err(Failure::Usage(
            "init needs the first administrator's name: --user NAME".into(),
        ));
    };
    if vault.exists() {
        return Err(haven::Error::VaultExists.into());
    }
    let passphrase = secrets::confirmed_new_passphrase(
        who,
        "the administrator's passphrase",
        &admin,
        "passphrase",
        "passphraseAgain",
    )?;
    let recovery = vault.create(&admin, &passphrase)?;
    eprintln!(
        "Created the vault in {}; {admin} is its administrator.",
        vault.dir().display()
    );
    eprintln!();
    eprintln!("The recovery key follows. It is shown this once: print it or write it down and");
    eprintln!("keep it somewhere safe, away from this computer. With it an administrator can");
    eprintln!("reset any user's passphrase.");
    println!("{}", &*recovery.grouped());
    Ok(())
}

fn passwd(vault: &Vault, who: &Who) -> Result<(), Failure> {
    vault.check_exists()?;
    let user = secrets::user_name(who)?;
    let current = secrets::passphrase(who)?;
    let new = secrets::confirmed_new_passphrase(
        who,
        "your new passphrase",
        &user,
        "newPassphrase",
        "newPassphraseAgain",
    )?;
    vault.change_passphrase(&user, &current, &new)?;
    eprintln!("Your passphrase was changed.");
    Ok(())
}

fn roles(names: &[String]) -> Result<Vec<Role>, Failure> {
    names
        .iter()
        .map(|r| r.parse::<Role>().map_err(Failure::from))
        .collect()
}

fn user(vault: &Vault, who: &Who, cmd: UserCommand) -> Result<(), Failure> {
    match cmd {
        UserCommand::Add { name, roles: r } => {
            let roles = roles(&r)?;
            let mut session = unlock(vault, who)?;
            session.require(haven::Permission::Administer)?;
            let passphrase = secrets::confirmed_new_passphrase(
                who,
                &format!("a passphrase for {name}"),
                &name,
                "newPassphrase",
                "newPassphraseAgain",
            )?;
            let added = session.add_user(&name, &roles, &passphrase)?;
            eprintln!("Added {} ({}).", added.name, role_list(&added.roles));
        }
        UserCommand::List => {
            let session = unlock(vault, who)?;
            for u in session.list_users()? {
                println!("{}\t{}", u.name, role_list(&u.roles));
            }
        }
        UserCommand::Remove { name } => {
            let mut session = unlock(vault, who)?;
            session.remove_user(&name)?;
            eprintln!("Removed {name}; their passphrase no longer opens the vault.");
        }
        UserCommand::Reset { name } => {
            vault.check_exists()?;
            let recovery = secrets::recovery_key()?;
            let passphrase = secrets::confirmed_new_passphrase(
                who,
                &format!("a new passphrase for {name}"),
                &name,
                "newPassphrase",
                "newPassphraseAgain",
            )?;
            vault.reset_passphrase(&recovery, &name, &passphrase)?;
            eprintln!("The passphrase of {name} was reset; the old one no longer works.");
        }
        UserCommand::Grant { name, permission } => grant(vault, who, &name, &permission, true)?,
        UserCommand::Revoke { name, permission } => grant(vault, who, &name, &permission, false)?,
        UserCommand::Roles { name, roles: r } => {
            let roles = roles(&r)?;
            let mut session = unlock(vault, who)?;
            let changed = session.set_roles(&name, &roles)?;
            eprintln!("{} now has: {}.", changed.name, role_list(&changed.roles));
        }
    }
    Ok(())
}

/// `user grant` and `user revoke`.
fn grant(vault: &Vault, who: &Who, name: &str, word: &str, granted: bool) -> Result<(), Failure> {
    let permission = haven::Permission::from_grant_word(word)?;
    let mut session = unlock(vault, who)?;
    let changed = session.set_user_grant(name, permission, granted)?;
    if granted {
        eprintln!(
            "{} may now refer without a valid consent, giving the reason.",
            changed.name
        );
    } else {
        eprintln!("{} may no longer override the consent gate.", changed.name);
    }
    Ok(())
}

fn role_list(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn audit(vault: &Vault, who: &Who, cmd: AuditCommand) -> Result<(), Failure> {
    let session = unlock(vault, who)?;
    match cmd {
        AuditCommand::Verify { head } => {
            let kept = head
                .as_deref()
                .map(str::parse::<haven::audit::Head>)
                .transpose()?;
            // The whole vault first: a chain is only as good as the pages that hold it.
            print_findings(&session.check()?)?;
            let report = session.verify_audit(kept.as_ref())?;
            if let Some(seq) = report.first_broken {
                eprintln!("The audit log is broken at entry {seq}: an entry there was changed, removed or reordered.");
                return Err(Failure::Exit(1));
            }
            if report.truncated {
                eprintln!(
                    "The audit log ends before the head you kept: its newest entries were removed."
                );
                return Err(Failure::Exit(1));
            }
            eprintln!("The audit log is intact: {} entries.", report.entries);
            if let Some(h) = report.head {
                eprintln!("Keep this head somewhere else to detect a cut-off log later:");
                println!("{h}");
            }
        }
        AuditCommand::Log { case, json } => {
            let lines = session.audit_log(case.as_deref())?;
            let mut out = std::io::stdout().lock();
            let write_failed = |_| {
                Failure::Core(haven::Error::Storage(haven::error::StorageFailure(
                    std::io::ErrorKind::BrokenPipe,
                )))
            };
            if json {
                serde_json::to_writer_pretty(&mut out, &lines).map_err(|_| write_failed(()))?;
                writeln!(out).map_err(|_| write_failed(()))?;
            } else {
                for l in lines {
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        l.seq,
                        l.at,
                        l.user.unwrap_or_default(),
                        l.action,
                        l.case.unwrap_or_default(),
                        l.outcome,
                        l.detail.unwrap_or_default()
                    )
                    .map_err(|_| write_failed(()))?;
                }
            }
        }
    }
    Ok(())
}
