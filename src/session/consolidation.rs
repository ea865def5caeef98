//! Consolidated counts (exchange.md, last part), as supervisors make them: a site contributes
//! its exact counts for a period to the consolidating agency; the consolidator's supervisor
//! adds every site's contribution into one report, disclosure control applied once.

use std::path::Path;

use super::Session;
use crate::audit::Action;
use crate::exchange::contribution::{self, Contribute, ContributionView};
use crate::exchange::Sent;
use crate::records::CivilDate;
use crate::report::{self, IndicatorReport, Period, ReportRequest};
use crate::roles::Permission;
use crate::{Error, Result};

impl Session {
    /// (supervisor) Seals this site's exact counts for a period to the consolidating partner.
    /// With `out`, the packet file is written there; without, it waits in the outbox. A file
    /// that cannot be written records nothing.
    pub fn contribute(&mut self, request: &Contribute, out: Option<&Path>) -> Result<Sent> {
        self.require(Permission::ProduceReport)?;
        let today = CivilDate::today();
        self.write(Action::ReportContribute, |tx, note| {
            let sent = contribution::make(tx, note, request, today, out.is_some())?;
            if let Some(path) = out {
                crate::files::save_whole(&sent.bytes, path, Error::PacketNotSaved)?;
            }
            Ok(sent)
        })
    }

    /// (supervisor) The contributions this vault holds, newest first: sites and periods.
    pub fn contributions(&self) -> Result<Vec<ContributionView>> {
        self.require(Permission::ProduceReport)?;
        contribution::list(self.conn())
    }

    /// (supervisor) The consolidated report for a period: every site's current contribution
    /// for exactly that period added up, then disclosure control with `k` (the vault's default
    /// when absent) over the sums. Logged as made; saved like any report
    /// ([`Session::save_last_report`]).
    pub fn consolidate(&self, request: &ReportRequest) -> Result<IndicatorReport> {
        self.require(Permission::ProduceReport)?;
        let period = Period::parse(&request.from, &request.to)?;
        let k = match request.min_cell {
            Some(k) => report::check_min_cell(k)?,
            None => self.default_min_cell()?,
        };
        let sites = contribution::for_period(self.conn(), period)?;
        if sites.is_empty() {
            return Err(Error::invalid(
                "from",
                "No site has contributed counts for exactly this period yet. Receive their contributions first (from files, or with a pull from the relay), or check the period's first and last day.",
            ));
        }
        let report =
            report::consolidate::report(self.conn(), period, k, &sites, crate::clock::now_utc())?;
        let mut note = report::report_note(&report, "consolidated");
        if let Some(detail) = &mut note.detail {
            detail.push_str(&format!(" sites={}", sites.len()));
        }
        self.audit_read(Action::Consolidate, note)?;
        self.keep_last_report(&report)?;
        Ok(report)
    }
}
