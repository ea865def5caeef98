//! The case-record commands: import, export, case list/show, demo.

use std::io::{BufReader, IsTerminal, Write};
use std::path::Path;

use haven::cases::{CaseFilter, ImportSummary};
use haven::records::vocab::CaseStatus;
use haven::{Session, Vault};

use crate::args::{CaseCommand, Who};
use crate::commands::unlock;
use crate::Failure;

/// Reports progress on a terminal only (scripts get a quiet stderr).
fn progress_printer() -> impl FnMut(u64) {
    let tty = std::io::stderr().is_terminal();
    move |lines| {
        if tty && lines % 10_000 == 0 {
            eprint!("\r{lines} lines read…");
        }
    }
}

fn print_summary(s: &ImportSummary) {
    if std::io::stderr().is_terminal() {
        eprint!("\r");
    }
    let verb = if s.dry_run {
        "Would import"
    } else {
        "Imported"
    };
    eprintln!(
        "{verb} {} organizations and {} cases ({} lines).",
        s.organizations, s.cases, s.lines
    );
    if s.dry_run {
        eprintln!("Nothing was written (dry run).");
    }
}

pub fn import(vault: &Vault, who: &Who, file: &Path, dry_run: bool) -> Result<(), Failure> {
    let mut session = unlock(vault, who)?;
    let f = std::fs::File::open(file)
        .map_err(|_| Failure::Usage("could not open the file to import".into()))?;
    let mut reader = BufReader::with_capacity(1 << 20, f);
    let summary = session.import(&mut reader, dry_run, &mut progress_printer())?;
    print_summary(&summary);
    Ok(())
}

pub fn export(vault: &Vault, who: &Who, file: &Path, plaintext: bool) -> Result<(), Failure> {
    if !plaintext {
        return Err(Failure::Usage(
            "the export holds names and other identifying data, unencrypted: add --plaintext to confirm".into(),
        ));
    }
    let session = unlock(vault, who)?;
    let summary = session.export_to_file(file)?;
    eprintln!(
        "Exported {} organizations and {} cases. The file is not encrypted: keep it safe and delete it when done.",
        summary.organizations, summary.cases
    );
    if summary.erased_left_out > 0 {
        eprintln!(
            "{} erased cases were left out: they have no identity left to export.",
            summary.erased_left_out
        );
    }
    Ok(())
}

pub fn case(vault: &Vault, who: &Who, cmd: CaseCommand) -> Result<(), Failure> {
    use haven::lifecycle::ErasureKind;
    match &cmd {
        CaseCommand::Erase { code, reason } => {
            return crate::lifecycle::erase(vault, who, code, ErasureKind::Identity, reason)
        }
        CaseCommand::PurgeNarratives { code, reason } => {
            return crate::lifecycle::erase(vault, who, code, ErasureKind::Narratives, reason)
        }
        _ => {}
    }
    let session = unlock(vault, who)?;
    match cmd {
        CaseCommand::List {
            query,
            status,
            json,
        } => {
            let filter = CaseFilter {
                query,
                status: status.as_deref().and_then(CaseStatus::parse),
                limit: 1000,
                ..Default::default()
            };
            let cases = session.list_cases(&filter)?;
            let mut out = std::io::stdout().lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &cases).map_err(|_| io_failure())?;
                writeln!(out).map_err(|_| io_failure())?;
            } else {
                for c in &cases {
                    let name = c.name.as_deref().unwrap_or("");
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}",
                        c.code, c.status, c.identified_on, c.sex, name
                    )
                    .map_err(|_| io_failure())?;
                }
            }
        }
        CaseCommand::Show { code, json } => show(&session, &code, json)?,
        CaseCommand::Erase { .. } | CaseCommand::PurgeNarratives { .. } => {}
    }
    Ok(())
}

fn io_failure() -> Failure {
    Failure::Core(haven::Error::Storage(haven::error::StorageFailure(
        std::io::ErrorKind::BrokenPipe,
    )))
}

fn show(session: &Session, code: &str, json: bool) -> Result<(), Failure> {
    let view = session.show_case(code)?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &view).map_err(|_| io_failure())?;
        writeln!(out).map_err(|_| io_failure())?;
        return Ok(());
    }
    let r = &view.record;
    let p = &r.person;
    let line = |out: &mut std::io::StdoutLock<'_>, label: &str, value: String| {
        writeln!(out, "{label:<22}{value}").map_err(|_| io_failure())
    };
    line(&mut out, "Case", r.code.clone().unwrap_or_default())?;
    line(
        &mut out,
        "Status",
        match r.closed_on {
            Some(d) => format!("closed on {d}"),
            None => r.status.to_string(),
        },
    )?;
    match view.erased {
        Some(haven::lifecycle::ErasureKind::Identity) => line(
            &mut out,
            "Erased",
            "identity and narratives (the counts stay)".into(),
        )?,
        Some(haven::lifecycle::ErasureKind::Narratives) => {
            line(&mut out, "Purged", "notes and documents".into())?
        }
        None => {}
    }
    if view.identity_hidden {
        line(
            &mut out,
            "Person",
            "(hidden: your roles do not show identities)".into(),
        )?;
    } else if view.erased != Some(haven::lifecycle::ErasureKind::Identity) {
        let name = [p.given_name.as_deref(), p.family_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        line(&mut out, "Name", name)?;
        if !p.aliases.is_empty() {
            line(&mut out, "Also known as", p.aliases.join(", "))?;
        }
        if let Some(b) = p.birth_date {
            line(&mut out, "Born", b.to_string())?;
        }
        if let Some(phone) = &p.phone {
            line(&mut out, "Phone", phone.clone())?;
        }
    }
    line(&mut out, "Sex", p.sex.to_string())?;
    if let Some(a) = p.age_at_identification {
        line(&mut out, "Age when identified", a.to_string())?;
    }
    line(&mut out, "Identified on", r.identified_on.to_string())?;
    if let Some(by) = r.identified_by {
        line(&mut out, "Identified by", by.to_string())?;
    }
    line(&mut out, "Recognition", r.recognition.to_string())?;
    line(
        &mut out,
        "Exploitation",
        r.exploitation
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join(", "),
    )?;
    let counts = [
        ("Referrals", r.referrals.len()),
        ("Shelter stays", r.shelter_stays.len()),
        ("Services", r.services.len()),
        ("Allowances", r.allowances.len()),
        ("Trainings", r.trainings.len()),
        ("Employments", r.employments.len()),
        ("Notes", r.notes.len()),
    ];
    for (label, n) in counts {
        if n > 0 {
            line(&mut out, label, n.to_string())?;
        }
    }
    for s in &r.shelter_stays {
        let until = s.discharged_on.map_or("now".to_string(), |d| d.to_string());
        line(
            &mut out,
            "  stay",
            format!("{} from {} to {until}", s.shelter, s.admitted_on),
        )?;
    }
    for a in &r.allowances {
        line(
            &mut out,
            "  allowance",
            format!("{} {} {} ({})", a.date, a.amount, a.currency, a.kind),
        )?;
    }
    Ok(())
}

pub fn demo(vault: &Vault, who: &Who, cases: usize) -> Result<(), Failure> {
    let mut session = unlock(vault, who)?;
    let options = haven::demo::DemoOptions {
        cases,
        ..Default::default()
    };
    let mut text = DemoReader::new(haven::demo::lines(&options));
    let summary = session.import(&mut text, false, &mut progress_printer())?;
    print_summary(&summary);
    Ok(())
}

/// The demo generator's lines as a reader, so they stream through the one import path.
struct DemoReader<I> {
    lines: I,
    pending: Vec<u8>,
    pos: usize,
}

impl<I: Iterator<Item = String>> DemoReader<I> {
    fn new(lines: I) -> Self {
        Self {
            lines,
            pending: Vec::new(),
            pos: 0,
        }
    }
}

impl<I: Iterator<Item = String>> std::io::Read for DemoReader<I> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let available = std::io::BufRead::fill_buf(self)?;
            let n = available.len().min(buf.len());
            buf[..n].copy_from_slice(&available[..n]);
            n
        };
        std::io::BufRead::consume(self, n);
        Ok(n)
    }
}

impl<I: Iterator<Item = String>> std::io::BufRead for DemoReader<I> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.pos >= self.pending.len() {
            self.pending.clear();
            self.pos = 0;
            if let Some(line) = self.lines.next() {
                self.pending.extend_from_slice(line.as_bytes());
                self.pending.push(b'\n');
            }
        }
        Ok(&self.pending[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        self.pos += amt;
    }
}
