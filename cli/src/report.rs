//! `haven report indicators` and `haven settings`: the indicator report and the vault's
//! default minimum cell size.

use std::io::{IsTerminal, Write};

use haven::report::formats::{self, ReportFormat};
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
    let session = unlock(vault, who)?;
    let report = session.indicator_report(&ReportRequest { from, to, min_cell })?;
    match out {
        Some(path) => {
            let bytes = session.save_report(&report, format, &path)?;
            eprintln!("Wrote {} ({bytes} bytes).", path.display());
        }
        None => {
            let bytes = formats::render(&report, format)?;
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(&bytes)
                .and_then(|()| stdout.flush())
                .map_err(haven::Error::from)?;
        }
    }
    summary(&report);
    Ok(())
}

/// What the report holds, for the person at the terminal.
fn summary(report: &IndicatorReport) {
    let hidden = report.cells.iter().filter(|c| c.suppressed).count();
    eprintln!(
        "Indicator report {}..{}: {} cells, {hidden} suppressed (minimum cell size {}).",
        report.period.from,
        report.period.to,
        report.cells.len(),
        report.disclosure_control.min_cell
    );
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
