//! The indicator report, for supervisors: made, then saved exactly as made.

use std::path::Path;

use super::Session;
use crate::audit::Action;
use crate::report::releases::{self, ReleaseKind, ReleaseView};
use crate::report::{self, formats, IndicatorReport, ReportRequest};
use crate::roles::Permission;
use crate::{Error, Result};

impl Session {
    /// The vault's default minimum cell size.
    pub fn default_min_cell(&self) -> Result<u32> {
        report::default_min_cell(self.conn())
    }

    /// Sets the vault's default minimum cell size (administrators).
    pub fn set_default_min_cell(&mut self, k: u32) -> Result<()> {
        self.require(Permission::Administer)?;
        let k = report::check_min_cell(k)?;
        self.write(Action::Settings, |tx, note| {
            report::set_default_min_cell(tx, note, k)
        })
    }

    /// Makes the indicator report for a period (supervisors), checked jointly with every
    /// earlier release of this vault's reports. Every report made is logged — its period, `k`,
    /// and whether it holds exact small counts — before it is handed out. Making it releases
    /// nothing: only a save (or a write to standard output) does.
    pub fn indicator_report(&self, request: &ReportRequest) -> Result<IndicatorReport> {
        self.require(Permission::ProduceReport)?;
        let report = report::make(self.conn(), request)?;
        self.audit_read(Action::Report, report::report_note(&report, "made"))?;
        self.keep_last_report(&report)?;
        Ok(report)
    }

    /// Remembers `report` as the one this session may release, with where the ledger stood.
    pub(super) fn keep_last_report(&self, report: &IndicatorReport) -> Result<()> {
        let stamp = releases::stamp(self.conn(), ReleaseKind::of(report))?;
        *self.last_report.borrow_mut() = Some((report.clone(), stamp));
        Ok(())
    }

    /// Writes the report this session made last ([`Session::save_report`]): what a preview
    /// showed is what the file holds, never a recomputed report.
    pub fn save_last_report(&mut self, format: formats::ReportFormat, path: &Path) -> Result<u64> {
        self.require(Permission::ProduceReport)?;
        let last = self.last_report.borrow().clone().ok_or_else(|| {
            Error::invalid(
                "report",
                "Make the preview first: the file holds exactly what the preview shows.",
            )
        })?;
        self.save_report(&last.0, format, path)
    }

    /// Writes the report [`Session::indicator_report`] (or [`Session::consolidate`]) made last
    /// to `path` in `format`, replacing the file only once the new one is whole, and records
    /// it in the release ledger in the same transaction as its audit entry: a file that cannot
    /// be written records nothing. Any other report — edited, made by another session, or made
    /// before another release changed the ledger — is refused: only counts that passed this
    /// vault's disclosure control, jointly with every release before, leave it. Returns the
    /// number of bytes written.
    pub fn save_report(
        &mut self,
        report: &IndicatorReport,
        format: formats::ReportFormat,
        path: &Path,
    ) -> Result<u64> {
        self.release(report, format, "saved", |bytes| formats::save(bytes, path))
    }

    /// [`Session::save_report`] to a stream (the command line's standard output).
    pub fn write_report(
        &mut self,
        report: &IndicatorReport,
        format: formats::ReportFormat,
        out: &mut dyn std::io::Write,
    ) -> Result<u64> {
        self.release(report, format, "written", |bytes| {
            out.write_all(bytes).and_then(|()| out.flush())?;
            Ok(())
        })
    }

    fn release(
        &mut self,
        report: &IndicatorReport,
        format: formats::ReportFormat,
        how: &str,
        put: impl FnOnce(&[u8]) -> Result<()>,
    ) -> Result<u64> {
        self.require(Permission::ProduceReport)?;
        let kind = ReleaseKind::of(report);
        match self.last_report.borrow().as_ref() {
            Some((last, _)) if last == report => {}
            _ => {
                return Err(Error::invalid(
                    "report",
                    "This is not the report made last; make it again, then save it.",
                ))
            }
        }
        let stamp = self.last_report.borrow().as_ref().map(|(_, s)| *s);
        if stamp != Some(releases::stamp(self.conn(), kind)?) {
            return Err(Error::invalid(
                "report",
                "Another report was released (or one retired) since this one was made; make it again, so that it is checked against every release, then save it.",
            ));
        }
        let bytes = formats::render(report, format)?;
        let user = self.user().id.to_string();
        let action = match kind {
            ReleaseKind::Consolidated => Action::Consolidate,
            _ => Action::Report,
        };
        self.write(action, |tx, note| {
            releases::record_report(tx, report, format.extension(), &user)?;
            *note = report::report_note(report, &format!("{how} {}", format.extension()));
            put(&bytes)
        })?;
        // The ledger moved: the same report may be saved again (it is recorded once), and
        // nothing else without being made again.
        let stamp = releases::stamp(self.conn(), kind)?;
        if let Some(last) = self.last_report.borrow_mut().as_mut() {
            last.1 = stamp;
        }
        Ok(bytes.len() as u64)
    }

    /// The release ledger, newest first (supervisors, and administrators, who retire).
    pub fn releases(&self) -> Result<Vec<ReleaseView>> {
        self.require_either(Permission::ProduceReport, Permission::Administer)?;
        releases::list(self.conn())
    }

    /// Retires a release from the joint check, with a reason (administrators). The release
    /// stays listed, with who retired it, when and why; the next reports are no longer checked
    /// against it.
    pub fn retire_release(&mut self, id: i64, reason: &str) -> Result<()> {
        self.require(Permission::Administer)?;
        let user = self.user().id.to_string();
        self.write(Action::ReleaseRetire, |tx, note| {
            releases::retire(tx, note, id, reason, &user)
        })
    }
}
