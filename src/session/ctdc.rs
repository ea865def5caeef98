//! Anonymized microdata in the CTDC format, for supervisors: previewed in numbers, exported as
//! a CSV file with its metadata beside it, and recorded in the release ledger.

use std::path::Path;

use super::Session;
use crate::audit::Action;
use crate::report::ctdc::{self, CtdcExported, CtdcPreview, CtdcRequest};
use crate::report::releases::{self, NewRelease, ReleaseKind};
use crate::roles::Permission;
use crate::{Error, Result};

impl Session {
    /// What [`Session::export_ctdc`] would write for `request`, in numbers: the cases counted,
    /// the rows written and suppressed, the generalizations applied (supervisors). A preview
    /// is not a release; it is logged like a report made.
    pub fn ctdc_preview(&self, request: &CtdcRequest) -> Result<CtdcPreview> {
        self.require(Permission::ProduceReport)?;
        let export = ctdc::make(self.conn(), request)?;
        self.audit_read(Action::Report, ctdc::note(&export.preview, "preview"))?;
        Ok(export.preview)
    }

    /// Writes the CTDC microdata of `request` to `out` (a CSV file, replaced whole if it
    /// exists) and its metadata beside it (`FILE.csv` → `FILE.meta.json`), for supervisors.
    ///
    /// One transaction reads the cases, records the release in the ledger, appends the audit
    /// entry (the period, `k` and the numbers; no case, no row) and writes both files; a
    /// failure anywhere leaves neither file nor record.
    pub fn export_ctdc(&mut self, request: &CtdcRequest, out: &Path) -> Result<CtdcExported> {
        self.require(Permission::ProduceReport)?;
        let files = ctdc::Files::for_csv(out)?;
        let user = self.user().id.to_string();
        // Which files this export put in place, to take them back if the commit fails.
        let mut placed = (false, false);
        let result = self.write(Action::ExportCtdc, |tx, note| {
            let export = ctdc::make(tx, request)?;
            let release = releases::record(
                tx,
                &NewRelease {
                    kind: ReleaseKind::Ctdc,
                    period: export.period,
                    min_cell: export.preview.min_k,
                    format: "csv",
                    published: export.published(),
                },
                &user,
            )?;
            *note = ctdc::note(&export.preview, "exported");
            let metadata = ctdc::metadata_bytes(&export.metadata(&files.csv_name));
            crate::files::save_whole(&export.csv(), &files.csv, Error::ReportNotSaved)?;
            placed.0 = true;
            crate::files::save_whole(&metadata, &files.metadata, Error::ReportNotSaved)?;
            placed.1 = true;
            Ok(CtdcExported {
                summary: export.preview,
                metadata_file: files.metadata.to_string_lossy().into_owned(),
                release,
            })
        });
        if result.is_err() {
            if placed.0 {
                let _ = std::fs::remove_file(&files.csv);
            }
            if placed.1 {
                let _ = std::fs::remove_file(&files.metadata);
            }
        }
        result
    }
}
