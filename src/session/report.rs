//! The indicator report, for supervisors: made, then saved exactly as made.

use std::path::Path;

use super::Session;
use crate::audit::Action;
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

    /// Makes the indicator report for a period (supervisors). Every report made is logged —
    /// its period, `k`, and whether it holds exact small counts — before it is handed out.
    pub fn indicator_report(&self, request: &ReportRequest) -> Result<IndicatorReport> {
        self.require(Permission::ProduceReport)?;
        let report = report::make(self.conn(), request)?;
        self.audit_read(Action::Report, report::report_note(&report, "made"))?;
        *self.last_report.borrow_mut() = Some(report.clone());
        Ok(report)
    }

    /// Writes the report this session made last ([`Session::save_report`]): what a preview
    /// showed is what the file holds, never a recomputed report.
    pub fn save_last_report(&self, format: formats::ReportFormat, path: &Path) -> Result<u64> {
        self.require(Permission::ProduceReport)?;
        let last = self.last_report.borrow().clone().ok_or_else(|| {
            Error::invalid(
                "report",
                "Make the preview first: the file holds exactly what the preview shows.",
            )
        })?;
        self.save_report(&last, format, path)
    }

    /// Writes the report [`Session::indicator_report`] made last to `path` in `format`,
    /// replacing the file only once the new one is whole. Any other report — edited, or made by
    /// another session — is refused: only counts that passed this vault's disclosure control
    /// leave it. Logged (the format, never the path) before the file is written. Returns the
    /// number of bytes written.
    pub fn save_report(
        &self,
        report: &IndicatorReport,
        format: formats::ReportFormat,
        path: &Path,
    ) -> Result<u64> {
        self.require(Permission::ProduceReport)?;
        if self.last_report.borrow().as_ref() != Some(report) {
            return Err(Error::invalid(
                "report",
                "This is not the report made last; make it again, then save it.",
            ));
        }
        let bytes = formats::render(report, format)?;
        self.audit_read(
            Action::Report,
            report::report_note(report, &format!("saved {}", format.extension())),
        )?;
        formats::save(&bytes, path)?;
        Ok(bytes.len() as u64)
    }
}
