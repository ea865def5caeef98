//! The survivor's data lifecycle on the command line (lifecycle.md): consents, referrals
//! through the consent gate, erasure and partial purge, purging the cases due, the register of
//! erasures and the lifecycle settings.

use std::io::{BufRead, IsTerminal, Write};

use haven::lifecycle::{ErasureKind, ErasureSummary, LifecycleSettings};
use haven::records::interchange::{ConsentRecord, ReferralRecord};
use haven::records::vocab::{ConsentScope, ReferralStatus};
use haven::records::CivilDate;
use haven::Vault;

use crate::args::{ConsentCommand, ErasuresCommand, ReferralCommand, Who};
use crate::commands::unlock;
use crate::Failure;

/// A date flag as typed.
fn date(text: &str, flag: &str) -> Result<CivilDate, Failure> {
    CivilDate::parse(text.trim())
        .ok_or_else(|| Failure::Usage(format!("{flag} must be a date written YYYY-MM-DD")))
}

pub fn consent(vault: &Vault, who: &Who, cmd: ConsentCommand) -> Result<(), Failure> {
    match cmd {
        ConsentCommand::Add {
            code,
            scope,
            given,
            expires,
            orgs,
        } => {
            let scope = ConsentScope::parse(scope.trim()).ok_or_else(|| {
                Failure::Usage("--scope is one of data_storage, referrals, statistics".into())
            })?;
            let consent = ConsentRecord {
                scope,
                given_on: date(&given, "--given")?,
                expires_on: expires
                    .as_deref()
                    .map(|d| date(d, "--expires"))
                    .transpose()?,
                organizations: orgs,
                withdrawn_on: None,
            };
            let mut session = unlock(vault, who)?;
            let id = session.add_consent(&code, consent)?;
            eprintln!(
                "Recorded the consent to {scope} (id {id}) on case {}.",
                code.trim()
            );
            println!("{id}");
        }
        ConsentCommand::Withdraw { code, id, on } => {
            let on = date(&on, "--on")?;
            let mut session = unlock(vault, who)?;
            session.withdraw_consent(&code, id, on)?;
            eprintln!(
                "Consent {id} of case {} is withdrawn from {on}: it covers nothing from that day, and what waited to be sent under it is cancelled.",
                code.trim()
            );
        }
        ConsentCommand::List { code, json } => {
            let session = unlock(vault, who)?;
            let consents = session.consents(&code)?;
            let mut out = std::io::stdout().lock();
            if json {
                let _ = serde_json::to_writer_pretty(&mut out, &consents);
                let _ = writeln!(out);
            } else {
                for c in consents {
                    let _ = writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        c.id,
                        c.consent.scope,
                        c.consent.given_on,
                        c.consent
                            .expires_on
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                        c.consent
                            .withdrawn_on
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                        serde_json::to_value(c.state)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_owned))
                            .unwrap_or_default(),
                        c.consent.organizations.join("; ")
                    );
                }
            }
        }
    }
    Ok(())
}

pub fn referral(vault: &Vault, who: &Who, cmd: ReferralCommand) -> Result<(), Failure> {
    let ReferralCommand::Add {
        code,
        to,
        date: on,
        override_reason,
    } = cmd
    else {
        unreachable!("the other referral commands are exchange.rs's")
    };
    if override_reason
        .as_deref()
        .is_some_and(|r| r.trim().is_empty())
    {
        return Err(Failure::Usage(
            "--override-reason needs the reason for referring without consent (danger to life, a court order)".into(),
        ));
    }
    let referral = ReferralRecord {
        date: date(&on, "--date")?,
        to: to.clone(),
        status: ReferralStatus::Pending,
    };
    let mut session = unlock(vault, who)?;
    let id = match override_reason {
        None => session.add_referral(&code, referral)?,
        Some(reason) => {
            let id = session.add_referral_with_override(&code, referral, &reason)?;
            eprintln!("Recorded as an override of the consent gate; the audit log records it.");
            id
        }
    };
    eprintln!(
        "Referred case {} to {} (referral {id}).",
        code.trim(),
        to.trim()
    );
    Ok(())
}

fn print_erased(s: &ErasureSummary) {
    let what = match s.kind {
        ErasureKind::Identity => "the identity and narratives of",
        ErasureKind::Narratives => "the notes and documents of",
    };
    eprintln!(
        "Erased {what} case {} ({} notes, {} documents). Its counts stay in every report.",
        s.code, s.notes, s.documents
    );
    if !s.log_truncated {
        eprintln!("Another program has the vault open: its log file is emptied when that one closes or at the next unlock.");
    }
}

pub fn erase(
    vault: &Vault,
    who: &Who,
    code: &str,
    kind: ErasureKind,
    reason: &str,
) -> Result<(), Failure> {
    if reason.trim().is_empty() {
        return Err(Failure::Usage(
            "--reason needs the reason for the erasure".into(),
        ));
    }
    let mut session = unlock(vault, who)?;
    let summary = session.erase(code, kind, reason)?;
    print_erased(&summary);
    eprintln!("Backups made before now still hold what was erased: export the register of erasures (`haven erasures export FILE`) and give it to every restore of them.");
    Ok(())
}

pub fn purge(vault: &Vault, who: &Who, dry_run: bool) -> Result<(), Failure> {
    let mut session = unlock(vault, who)?;
    let due = session.retention_due()?;
    let years = session.lifecycle_settings()?.retention_years;
    for d in &due {
        println!("{}\t{}\t{}", d.code, d.closed_on, d.due_on);
    }
    if due.is_empty() {
        eprintln!("No closed case is past the retention period ({years} years after closure).");
        return Ok(());
    }
    eprintln!(
        "{} closed cases are past the retention period ({years} years after closure).",
        due.len()
    );
    if dry_run {
        eprintln!("Nothing was purged (dry run).");
        return Ok(());
    }
    if std::io::stdin().is_terminal() {
        eprint!("Type PURGE to erase the identity and narratives of every case listed: ");
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        let _ = std::io::stdin().lock().read_line(&mut line);
        if line.trim() != "PURGE" {
            eprintln!("Nothing was purged.");
            return Err(Failure::Exit(1));
        }
    }
    let codes: Vec<String> = due.into_iter().map(|d| d.code).collect();
    let done = session.purge_due(&codes)?;
    eprintln!(
        "Purged {} cases; their counts stay in every report.",
        done.len()
    );
    Ok(())
}

pub fn erasures(vault: &Vault, who: &Who, cmd: ErasuresCommand) -> Result<(), Failure> {
    let ErasuresCommand::Export { file } = cmd;
    let session = unlock(vault, who)?;
    let n = session.export_erasures(&file)?;
    eprintln!("Wrote the register of erasures ({n} erasures; codes, dates and kinds only). Restore old backups with `--erasures` and this file.");
    Ok(())
}

/// The lifecycle settings asked for on `haven settings`.
pub struct Changes {
    pub retention_years: Option<u32>,
    pub statistics_requires_consent: Option<String>,
    pub referral_consent_months: Option<u32>,
    pub own_organization: Option<String>,
}

impl Changes {
    fn any(&self) -> bool {
        self.retention_years.is_some()
            || self.statistics_requires_consent.is_some()
            || self.referral_consent_months.is_some()
            || self.own_organization.is_some()
    }
}

/// Applies `changes` (if any) and prints the lifecycle settings.
pub fn settings(session: &mut haven::Session, changes: Changes) -> Result<(), Failure> {
    if changes.any() {
        let old = session.lifecycle_settings()?;
        let new = LifecycleSettings {
            retention_years: changes.retention_years.unwrap_or(old.retention_years),
            statistics_requires_consent: match changes.statistics_requires_consent.as_deref() {
                Some(v) => v == "on",
                None => old.statistics_requires_consent,
            },
            referral_consent_max_months: changes
                .referral_consent_months
                .unwrap_or(old.referral_consent_max_months),
            own_organization: match changes.own_organization {
                Some(name) if name.trim().is_empty() => None,
                Some(name) => Some(name),
                None => old.own_organization,
            },
        };
        session.set_lifecycle_settings(&new)?;
        eprintln!("The settings were changed.");
    }
    let s = session.lifecycle_settings()?;
    println!("retention-years\t{}", s.retention_years);
    println!(
        "statistics-requires-consent\t{}",
        if s.statistics_requires_consent {
            "on"
        } else {
            "off"
        }
    );
    println!("referral-consent-months\t{}", s.referral_consent_max_months);
    println!(
        "own-organization\t{}",
        s.own_organization.unwrap_or_default()
    );
    Ok(())
}
