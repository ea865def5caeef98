//! `haven report contribute` and `haven consolidate` (exchange.md, consolidated counts).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use haven::exchange::Contribute;
use haven::report::formats::ReportFormat;
use haven::report::ReportRequest;
use haven::Vault;

use crate::args::{FormatArg, Who};
use crate::commands::unlock;
use crate::Failure;

/// What `report contribute` was given.
pub struct ContributeArgs {
    pub from: String,
    pub to: String,
    pub for_: String,
    pub correction: bool,
    pub out: Option<PathBuf>,
}

pub fn contribute(vault: &Vault, who: &Who, args: ContributeArgs) -> Result<(), Failure> {
    let mut session = unlock(vault, who)?;
    let to_partner = if Path::new(&args.for_).is_file() {
        session.partner_of_card(Path::new(&args.for_))?
    } else {
        args.for_.clone()
    };
    let sent = session.contribute(
        &Contribute {
            from: args.from.clone(),
            to: args.to.clone(),
            to_partner,
            correction: args.correction,
        },
        args.out.as_deref(),
    )?;
    let what = if args.correction {
        "correction of the counts"
    } else {
        "counts"
    };
    match &args.out {
        Some(path) => eprintln!(
            "Wrote the {what} for {}..{} to {} for {} (packet {}).",
            args.from,
            args.to,
            path.display(),
            sent.partner,
            sent.id
        ),
        None => eprintln!(
            "The {what} for {}..{} for {} wait in the outbox (packet {}): `haven relay push` sends them, `haven referral save` writes a file.",
            args.from, args.to, sent.partner, sent.id
        ),
    }
    println!("{}", sent.id);
    Ok(())
}

/// What `consolidate` was given.
pub struct ConsolidateArgs {
    pub files: Vec<PathBuf>,
    pub from: String,
    pub to: String,
    pub min_cell: Option<u32>,
    pub format: FormatArg,
    pub out: Option<PathBuf>,
}

pub fn consolidate(vault: &Vault, who: &Who, args: ConsolidateArgs) -> Result<(), Failure> {
    let format = match args.format {
        FormatArg::Json => ReportFormat::Json,
        FormatArg::Csv => ReportFormat::Csv,
        FormatArg::Xlsx => ReportFormat::Xlsx,
    };
    if format == ReportFormat::Xlsx && args.out.is_none() && std::io::stdout().is_terminal() {
        return Err(Failure::Usage(
            "an XLSX workbook is not for a terminal: add --out FILE".into(),
        ));
    }
    let mut session = unlock(vault, who)?;
    for file in &args.files {
        match session.receive_packet(file) {
            Ok(received) => eprintln!(
                "Received the contribution of {} ({}).",
                received.partner,
                file.display()
            ),
            // Given again: it is held already.
            Err(haven::Error::PacketRefused(haven::packet::Refusal::Replay)) => {}
            Err(e) => {
                eprintln!("haven: {}: {e}", file.display());
                return Err(Failure::Exit(crate::exit_code(&e)));
            }
        }
    }
    let report = session.consolidate(&ReportRequest {
        from: args.from,
        to: args.to,
        min_cell: args.min_cell,
    })?;
    match &args.out {
        Some(path) => {
            let bytes = session.save_report(&report, format, path)?;
            eprintln!("Wrote {} ({bytes} bytes).", path.display());
        }
        None => {
            session.write_report(&report, format, &mut std::io::stdout().lock())?;
        }
    }
    let held = session.contributions()?;
    let current: Vec<_> = held
        .iter()
        .filter(|c| !c.replaced && c.from == report.period.from && c.to == report.period.to)
        .collect();
    eprintln!(
        "Consolidated {} sites' counts for {}..{}:",
        current.len(),
        report.period.from,
        report.period.to
    );
    for c in current {
        eprintln!(
            "  {}{}",
            c.site,
            if c.correction { " (a correction)" } else { "" }
        );
    }
    let hidden = report.cells.iter().filter(|c| c.suppressed).count();
    eprintln!(
        "{} cells, {hidden} suppressed (minimum cell size {}).",
        report.cells.len(),
        report.disclosure_control.min_cell
    );
    Ok(())
}
