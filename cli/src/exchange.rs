//! Between agencies on the command line (exchange.md): the agency identity and card, the
//! partners, referral packets sent, received, answered, and the outbox and inbox.

use std::io::Write;

use haven::exchange::{NewAgency, SendReferral};
use haven::packet::Answer;
use haven::records::vocab::{OrganizationKind, Sector, ServiceKind};
use haven::Vault;

use crate::args::{AgencyCommand, PartnerCommand, ReferralCommand, Who};
use crate::commands::unlock;
use crate::Failure;

fn answer(word: &str, flag: &str) -> Result<Answer, Failure> {
    Answer::parse(word.trim())
        .ok_or_else(|| Failure::Usage(format!("{flag} is accepted or declined")))
}

pub fn agency(vault: &Vault, who: &Who, cmd: AgencyCommand) -> Result<(), Failure> {
    match cmd {
        AgencyCommand::Init {
            name,
            kind,
            sector,
            country,
        } => {
            let kind = OrganizationKind::parse(kind.trim()).ok_or_else(|| {
                Failure::Usage(format!(
                    "--kind is one of {}",
                    haven::records::vocab::expected(OrganizationKind::ALL)
                ))
            })?;
            let sector = Sector::parse(sector.trim()).ok_or_else(|| {
                Failure::Usage(format!(
                    "--sector is one of {}",
                    haven::records::vocab::expected(Sector::ALL)
                ))
            })?;
            let mut session = unlock(vault, who)?;
            let made = session.init_agency(&NewAgency {
                name,
                kind,
                sector,
                country,
            })?;
            eprintln!(
                "Made the agency identity of {}. Its fingerprint, to read to partners on the phone:",
                made.name
            );
            println!("{}", made.fingerprint);
            eprintln!("Write the card for partners with `haven agency card --out FILE`.");
        }
        AgencyCommand::Card { out } => {
            let session = unlock(vault, who)?;
            let card = session.save_agency_card(&out)?;
            eprintln!(
                "Wrote the agency card of {}. Give it to partners, and read them its fingerprint on the phone:",
                card.name
            );
            println!("{}", card.fingerprint);
        }
    }
    Ok(())
}

pub fn partner(vault: &Vault, who: &Who, cmd: PartnerCommand) -> Result<(), Failure> {
    match cmd {
        PartnerCommand::Add { card, fingerprint } => {
            let mut session = unlock(vault, who)?;
            let added = session.add_partner(&card, &fingerprint)?;
            eprintln!(
                "Added {} as a partner (fingerprint {}). Packets from it are received from now on.",
                added.name, added.fingerprint
            );
        }
        PartnerCommand::List { json } => {
            let session = unlock(vault, who)?;
            let partners = session.partners()?;
            let mut out = std::io::stdout().lock();
            if json {
                let _ = serde_json::to_writer_pretty(&mut out, &partners);
                let _ = writeln!(out);
            } else {
                for p in partners {
                    let _ = writeln!(
                        out,
                        "{}\t{}\t{}\t{}",
                        p.name,
                        p.fingerprint,
                        p.added_at,
                        p.removed_at.unwrap_or_default()
                    );
                }
            }
        }
        PartnerCommand::Remove { name } => {
            let mut session = unlock(vault, who)?;
            session.remove_partner(&name)?;
            eprintln!(
                "Removed {} from the partners: its packets are refused from now on.",
                name.trim()
            );
        }
    }
    Ok(())
}

pub fn referral(vault: &Vault, who: &Who, cmd: ReferralCommand) -> Result<(), Failure> {
    match cmd {
        ReferralCommand::Add { .. } => unreachable!("lifecycle.rs's"),
        ReferralCommand::Send {
            code,
            to,
            services,
            include_notes,
            out,
        } => {
            let services = services
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .map(|s| {
                    ServiceKind::parse(s).ok_or_else(|| {
                        Failure::Usage(format!(
                            "--services takes {}",
                            haven::records::vocab::expected(ServiceKind::ALL)
                        ))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let mut session = unlock(vault, who)?;
            let sent = session.send_referral(
                &code,
                &SendReferral {
                    to,
                    services,
                    include_notes,
                },
                out.as_deref(),
            )?;
            let notes = match sent.notes {
                0 => String::new(),
                n => format!(" with {n} notes"),
            };
            match out {
                Some(_) => eprintln!(
                    "Wrote the referral packet of case {} for {}{notes}: it opens only there. Its status is sent.",
                    sent.case, sent.partner
                ),
                None => eprintln!(
                    "The referral packet of case {} for {}{notes} waits in the outbox (`haven referral save {} --out FILE`).",
                    sent.case, sent.partner, sent.id
                ),
            }
            println!("{}", sent.id);
        }
        ReferralCommand::Receive { file, ack, ack_out } => {
            let ack = ack.as_deref().map(|a| answer(a, "--ack")).transpose()?;
            let mut session = unlock(vault, who)?;
            let received = session.receive_packet(&file)?;
            let Some(case) = received.case.as_deref() else {
                eprintln!(
                    "Received the answer of {} to a referral of a case no longer here.",
                    received.partner
                );
                return Ok(());
            };
            if let Some(answer) = received.answer {
                eprintln!(
                    "Received the answer of {}: the referral of case {case} is {}.",
                    received.partner,
                    answer.as_str()
                );
                return Ok(());
            }
            eprintln!(
                "Received a referral from {}: case {case} is open, marked referred in{}.",
                received.partner,
                match received.notes {
                    0 => String::new(),
                    n => format!(", with {n} notes"),
                }
            );
            println!("{case}");
            // The receipt is committed; the answer is a step of its own, which may fail alone.
            if let Some(answer) = ack {
                let sent = session.answer_referral(case, answer, ack_out.as_deref())?;
                match ack_out {
                    Some(_) => eprintln!(
                        "Wrote the answer ({}) for {}.",
                        answer.as_str(),
                        sent.partner
                    ),
                    None => eprintln!(
                        "The answer ({}) for {} waits in the outbox.",
                        answer.as_str(),
                        sent.partner
                    ),
                }
            }
        }
        ReferralCommand::Answer { code, ack, out } => {
            let answer = answer(&ack, "--ack")?;
            let mut session = unlock(vault, who)?;
            let sent = session.answer_referral(&code, answer, out.as_deref())?;
            match out {
                Some(_) => eprintln!(
                    "Wrote the answer ({}) for {}.",
                    answer.as_str(),
                    sent.partner
                ),
                None => eprintln!(
                    "The answer ({}) for {} waits in the outbox.",
                    answer.as_str(),
                    sent.partner
                ),
            }
            println!("{}", sent.id);
        }
        ReferralCommand::List { json } => {
            let session = unlock(vault, who)?;
            let packets = session.packets()?;
            let mut out = std::io::stdout().lock();
            if json {
                let _ = serde_json::to_writer_pretty(&mut out, &packets);
                let _ = writeln!(out);
            } else {
                for p in packets {
                    let _ = writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        p.id,
                        word(serde_json::to_value(p.direction)),
                        word(serde_json::to_value(p.kind)),
                        p.partner,
                        p.case.unwrap_or_default(),
                        word(serde_json::to_value(p.status)),
                        p.created_on
                    );
                }
            }
        }
        ReferralCommand::Save { id, out } => {
            let mut session = unlock(vault, who)?;
            session.save_packet(id.trim(), &out)?;
            eprintln!("Wrote packet {}.", id.trim());
        }
    }
    Ok(())
}

/// The word a vocabulary value serializes to.
fn word(value: serde_json::Result<serde_json::Value>) -> String {
    value
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
