//! `haven report indicators` and `haven settings`: the indicator report and the vault's
//! default minimum cell size.

use std::io::{IsTerminal, Write};

use haven::report::formats::ReportFormat;
use haven::report::{IndicatorReport, ReportRequest};
use haven::Vault;

use crate::args::{FormatArg, ReportCommand, Who};
use crate::commands::unlock;
use crate::Failure;

pub fn report(vault: &Vault, who: &Who, cmd: ReportCommand) -> Result<(), Failure> {
    let (from, to, min_cell, format, out) = match cmd {
        ReportCommand::Indicators {
            from,
            to,
            min_cell,
            format,
            out,
        } => (from, to, min_cell, format, out),
        ReportCommand::Contribute {
            from,
            to,
            for_,
            correction,
            out,
        } => {
            return crate::consolidation::contribute(
                vault,
                who,
                crate::consolidation::ContributeArgs {
                    from,
                    to,
                    for_,
                    correction,
                    out,
                },
            )
        }
        ReportCommand::Releases { json } => return releases(vault, who, json),
        ReportCommand::Retire { id, reason } => {
            let mut session = unlock(vault, who)?;
            session.retire_release(id, &reason)?;
            eprintln!("Release {id} no longer binds the reports to come; it stays in the ledger.");
            return Ok(());
        }
    };
    let format = match format {
        FormatArg::Json => ReportFormat::Json,
        FormatArg::Csv => ReportFormat::Csv,
        FormatArg::Xlsx => ReportFormat::Xlsx,
    };
    if format == ReportFormat::Xlsx && out.is_none() && std::io::stdout().is_terminal() {
        return Err(Failure::Usage(
            "an XLSX workbook is not for a terminal: add --out FILE".into(),
        ));
    }
    let mut session = unlock(vault, who)?;
    let report = session.indicator_report(&ReportRequest { from, to, min_cell })?;
    match out {
        Some(path) => {
            let bytes = session.save_report(&report, format, &path)?;
            eprintln!("Wrote {} ({bytes} bytes).", path.display());
        }
        None => {
            session.write_report(&report, format, &mut std::io::stdout().lock())?;
        }
    }
    summary(&report);
    Ok(())
}

/// `haven report releases`: the ledger as a table, or as JSON.
fn releases(vault: &Vault, who: &Who, json: bool) -> Result<(), Failure> {
    let session = unlock(vault, who)?;
    let releases = session.releases()?;
    let mut stdout = std::io::stdout().lock();
    let text = if json {
        serde_json::to_string_pretty(&releases).map_err(|_| haven::Error::Damaged)? + "\n"
    } else {
        let mut text = String::from(
            "id\tkind\tfrom\tto\tmin-cell\tformat\tpublished\tsuppressed\tfor-earlier\treleased-at\tby\tretired\n",
        );
        for r in &releases {
            text.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                r.id,
                r.kind.as_str(),
                r.from,
                r.to,
                r.min_cell,
                r.format,
                r.published,
                r.suppressed,
                r.suppressed_for_earlier_releases,
                r.released_at,
                r.released_by,
                r.retired_at.as_deref().unwrap_or("-"),
            ));
        }
        text
    };
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(haven::Error::from)?;
    Ok(())
}

/// What the report holds, for the person at the terminal.
fn summary(report: &IndicatorReport) {
    let hidden = report.cells.iter().filter(|c| c.suppressed).count();
    let joint = report.disclosure_control.suppressed_for_earlier_releases;
    eprintln!(
        "Indicator report {}..{}: {} cells, {hidden} suppressed (minimum cell size {}).",
        report.period.from,
        report.period.to,
        report.cells.len(),
        report.disclosure_control.min_cell
    );
    if joint > 0 {
        eprintln!(
            "{joint} of them withheld to protect the {} earlier releases (haven report releases lists them).",
            report.disclosure_control.earlier_releases
        );
    }
    if report.exact_small_counts() {
        eprintln!(
            "Note: with a minimum cell size below 5 the report holds exact small counts; it is marked so, and the audit log records it."
        );
    }
}

pub fn settings(
    vault: &Vault,
    who: &Who,
    min_cell: Option<u32>,
    auto_lock: Option<u32>,
    lifecycle: crate::lifecycle::Changes,
) -> Result<(), Failure> {
    let mut session = unlock(vault, who)?;
    if let Some(k) = min_cell {
        session.set_default_min_cell(k)?;
        eprintln!("The default minimum cell size of indicator reports is now {k}.");
    }
    if let Some(minutes) = auto_lock {
        session.set_auto_lock_minutes(minutes)?;
        eprintln!("Haven now locks itself after {minutes} idle minutes (from the next unlock).");
    }
    println!("min-cell\t{}", session.default_min_cell()?);
    println!("auto-lock\t{}", session.auto_lock_minutes()?);
    crate::lifecycle::settings(&mut session, lifecycle)
}
