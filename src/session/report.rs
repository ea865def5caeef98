//! The indicator report, for supervisors: made, then saved exactly as made.

use super::Session;
use crate::audit::Action;
use crate::report::{self, formats, IndicatorReport, ReportRequest};
use crate::roles::Permission;
use crate::Result;

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
        Ok(report)
    }

    /// Writes a report made by [`Session::indicator_report`] to `path` in `format`, replacing
    /// the file only once the new one is whole. Logged (the format, never the path) before the
    /// file is written. Returns the number of bytes written.
    pub fn save_report(
        &self,
        report: &IndicatorReport,
        format: formats::ReportFormat,
        path: &std::path::Path,
    ) -> Result<u64> {
        self.require(Permission::ProduceReport)?;
        let bytes = formats::render(report, format)?;
        self.audit_read(
            Action::Report,
            report::report_note(report, &format!("saved {}", format.extension())),
        )?;
        formats::save(&bytes, path)?;
        Ok(bytes.len() as u64)
    }
}
