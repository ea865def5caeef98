//! `haven relay` (exchange.md, the relay): the operator's setup and site roles, which need no
//! vault, and a site's connection, push and pull.

use std::io::{IsTerminal, Write};

use haven::exchange::{Pulled, RelayProgress};
use haven::relay::{operator, Connection};
use haven::Vault;

use crate::args::{RelayCommand, Who};
use crate::commands::unlock;
use crate::{secrets, Failure};

pub fn relay(vault: &Vault, who: &Who, cmd: RelayCommand) -> Result<(), Failure> {
    match cmd {
        RelayCommand::Setup { url } => {
            operator::setup(&operator_connection(url)?)?;
            eprintln!(
                "The relay's schema and row-level security are in place. Add each site with `haven relay add-site CARD`."
            );
        }
        RelayCommand::AddSite { card, url } => {
            let bytes = std::fs::read(&card).map_err(haven::Error::from)?;
            let site = operator::add_site(&operator_connection(url)?, &bytes)?;
            eprintln!(
                "Made the relay role of the site {}. Give its administrator the user name and password below, by a safe way (the password is shown only now):",
                site.fingerprint
            );
            println!("user\t{}", site.role);
            println!("password\t{}", site.password.as_str());
        }
        RelayCommand::RemoveSite { fingerprint, url } => {
            let dropped = operator::remove_site(&operator_connection(url)?, &fingerprint)?;
            eprintln!(
                "Removed the site's role; {dropped} envelopes addressed to it were deleted with it."
            );
        }
        RelayCommand::Connect { url } => {
            let password = secrets::relay_password(true)?;
            let mut session = unlock(vault, who)?;
            let view = session.connect_relay(&url, password.as_deref().map(String::as_str))?;
            eprintln!(
                "Connected to the relay; the address and password are kept encrypted in the vault. {} packets wait in the outbox: `haven relay push` sends them.",
                view.waiting
            );
        }
        RelayCommand::Push => {
            let mut session = unlock(vault, who)?;
            let pushed = session.push(&mut shown("Pushing"))?;
            eprintln!("Handed {} packets to the relay.", pushed.sent);
        }
        RelayCommand::Pull => {
            let mut session = unlock(vault, who)?;
            let pulled = session.pull(&mut shown("Pulling"))?;
            say_pulled(&pulled);
        }
        RelayCommand::Status { json } => {
            let session = unlock(vault, who)?;
            let view = session.relay()?;
            let mut out = std::io::stdout().lock();
            if json {
                let _ = serde_json::to_writer_pretty(&mut out, &view);
                let _ = writeln!(out);
            } else {
                let _ = writeln!(out, "url\t{}", view.url.unwrap_or_default());
                let _ = writeln!(
                    out,
                    "last-contact\t{}",
                    view.last_contact.unwrap_or_default()
                );
                let _ = writeln!(out, "waiting\t{}", view.waiting);
            }
        }
    }
    Ok(())
}

/// The operator's connection: the address, and HAVEN_RELAY_PASSWORD if set (a local superuser
/// on the server's socket needs none).
fn operator_connection(url: String) -> Result<Connection, Failure> {
    Ok(Connection {
        url,
        password: secrets::relay_password(false)?,
    })
}

/// Progress on standard error, on a terminal only.
fn shown(what: &'static str) -> impl FnMut(RelayProgress) {
    let terminal = std::io::stderr().is_terminal();
    move |p: RelayProgress| {
        if terminal {
            eprint!("\r{what}: {} of {}", p.done, p.total);
            if p.done == p.total {
                eprintln!();
            }
        }
    }
}

fn say_pulled(p: &Pulled) {
    eprintln!(
        "Received {} packets from the relay: {} referrals, {} answers, {} contributions.",
        p.received(),
        p.referrals,
        p.answers,
        p.contributions
    );
    if p.already_received > 0 {
        eprintln!(
            "{} packets had been received before (a pull cut short) and were taken off the relay without a second receipt.",
            p.already_received
        );
    }
    if p.discarded > 0 {
        eprintln!(
            "{} packets can never be received here (changed, expired, or a second contribution) and were taken off the relay.",
            p.discarded
        );
    }
    for left in &p.left {
        eprintln!(
            "{} packets stay on the relay: {}",
            left.count,
            left_reason(&left.reason)
        );
    }
}

fn left_reason(word: &str) -> &'static str {
    match word {
        "notAllowed" => "your roles may not receive them (a contribution needs a supervisor; a referral intake).",
        "unknownSender" => "they come from an agency that is not a partner yet.",
        "removedPartner" => "they come from a removed partner.",
        "unknownFormat" => "they were made by a newer Haven; update to receive them.",
        "fromTheFuture" => "they are dated after today; check this computer's date.",
        "noAgency" => "this vault has no agency identity yet.",
        _ => "this vault's rules refuse what they hold; ask the sender to check and send again.",
    }
}
