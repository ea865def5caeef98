//! `haven export ctdc`: anonymized microdata in the CTDC format, written by the core as a CSV
//! file with its metadata beside it; here only the words for the person at the terminal.

use haven::report::ctdc::{CtdcExported, CtdcRequest};
use haven::{Error, Vault};

use crate::args::{ExportCommand, Who};
use crate::commands::unlock;
use crate::Failure;

pub fn export(vault: &Vault, who: &Who, cmd: ExportCommand) -> Result<(), Failure> {
    let ExportCommand::Ctdc {
        from,
        to,
        out,
        min_k,
    } = cmd;
    let mut session = unlock(vault, who)?;
    let done = session
        .export_ctdc(&CtdcRequest { from, to, min_k }, &out)
        .map_err(in_the_users_terms)?;
    eprintln!("Wrote {} and {}.", out.display(), done.metadata_file);
    summary(&done);
    Ok(())
}

/// What the file holds and how it was protected.
fn summary(done: &CtdcExported) {
    let s = &done.summary;
    eprintln!(
        "CTDC microdata {}..{}: {} rows written of {} cases counted, {} left out (k = {}).",
        s.period.from, s.period.to, s.rows_written, s.rows_counted, s.rows_suppressed, s.min_k
    );
    if s.generalizations.is_empty() {
        eprintln!("No column needed generalizing.");
    } else {
        let what: Vec<String> = s
            .generalizations
            .iter()
            .map(|g| {
                let to = match g.to.as_str() {
                    "majority_status_only" => "adult or minor only",
                    "m49_sub_region" => "UN sub-region",
                    "m49_region" => "UN region",
                    other => other,
                };
                format!("{} to {to}", g.column)
            })
            .collect();
        eprintln!("Generalized: {}.", what.join(", "));
    }
    if s.exact_small_counts {
        eprintln!(
            "Note: with k below 5 the file may single out small groups; its metadata says so, and the audit log records it."
        );
    }
    eprintln!(
        "Recorded as release {} in the vault's release ledger.",
        done.release
    );
}

/// The core's error, with the flag at fault named and a refusal said in this command's words.
fn in_the_users_terms(e: Error) -> Failure {
    let flag = match e.field() {
        Some("from") => Some("--from"),
        Some("to") => Some("--to"),
        Some("minK") => Some("--min-k"),
        Some("out") => Some("--out"),
        _ => None,
    };
    if let (Some(flag), Error::Invalid { message, .. }) = (flag, &e) {
        eprintln!("haven: {flag}: {message}");
        return Failure::Exit(crate::exit_code(&e));
    }
    if e.kind() == haven::ErrorKind::Forbidden {
        eprintln!("haven: Your roles do not allow you to export CTDC microdata; a supervisor can.");
        return Failure::Exit(crate::exit_code(&e));
    }
    Failure::Core(e)
}
