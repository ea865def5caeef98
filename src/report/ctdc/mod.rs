//! Anonymized microdata in the CTDC format (../shared/spec/indicators.md, "Anonymized
//! microdata in the CTDC format"; our own words in docs/formats/ctdc.md): one row per case
//! identified here in a period, with only the columns of CTDC's global victim of trafficking
//! dataset that Haven can fill, k-anonymous over the quasi-identifiers.
//!
//! - `rows` maps a case to CTDC's columns and values;
//! - `anonymity` climbs the generalization ladder and, last, leaves out rows;
//! - `m49` is the table of UN regions a country is generalized to.
//!
//! The cases counted are the indicator report's: identified in the period, not identified at
//! another agency, and — when the vault counts only consented cases — with a consent to
//! statistics covering the period. What comes out holds no name, code, ref, organization,
//! note or date: the year of identification is the finest time it shows, and the rows are
//! sorted by their values, so their order says nothing either.

mod anonymity;
mod m49;
mod rows;

pub use anonymity::Generalization;
pub use rows::{COLUMNS, QUASI_IDENTIFIERS};

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Period, ReportPeriod, EXACT_SMALL_COUNTS_BELOW, MIN_CELL_HIGHEST, MIN_CELL_LOWEST};
use crate::audit::Note;
use crate::{Error, Result};
use rows::{CtdcRow, Person};

/// What a supervisor asks for: a period and, optionally, a `k` other than the vault's default
/// minimum cell size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CtdcRequest {
    /// First day, `YYYY-MM-DD`, inclusive.
    pub from: String,
    /// Last day, `YYYY-MM-DD`, inclusive.
    pub to: String,
    /// The `k` of k-anonymity (1-100); the vault's default minimum cell size when absent.
    #[ts(optional)]
    pub min_k: Option<u32>,
}

/// What an export would write, in numbers: for the preview, and the answer of an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CtdcPreview {
    /// The period, both days inclusive.
    pub period: ReportPeriod,
    /// The `k` used.
    pub min_k: u32,
    /// The cases counted in the period: the rows before suppression.
    #[ts(type = "number")]
    pub rows_counted: u64,
    /// The rows the file holds.
    #[ts(type = "number")]
    pub rows_written: u64,
    /// The rows left out because no generalization made them common enough.
    #[ts(type = "number")]
    pub rows_suppressed: u64,
    /// The step of the generalization ladder reached: 0 (none) to 5 (ages to majority only,
    /// both countries to their UN region).
    pub generalization_level: u32,
    /// The columns shown with less detail than the vault holds.
    pub generalizations: Vec<Generalization>,
    /// True when `k` is below 5: the file may single out small groups, and says so.
    pub exact_small_counts: bool,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CtdcExported {
    /// The numbers, as the preview gives them.
    pub summary: CtdcPreview,
    /// Where the metadata file was written (beside the CSV file).
    pub metadata_file: String,
    /// The release's number in the vault's release ledger.
    #[ts(type = "number")]
    pub release: i64,
}

/// The companion metadata file: what the CSV file is and how it was protected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CtdcMetadata {
    /// Always `ctdc`.
    pub dataset: String,
    /// The CSV file's name.
    pub data_file: String,
    /// The period, both days inclusive.
    pub period: ReportPeriod,
    /// The `k` of k-anonymity.
    pub k: u32,
    /// How the file was protected.
    pub method: String,
    /// The columns every combination of which occurs at least `k` times in the file.
    pub quasi_identifiers: Vec<String>,
    /// The step of the generalization ladder reached (0-5).
    pub generalization_level: u32,
    /// The columns shown with less detail than the vault holds.
    pub generalizations: Vec<Generalization>,
    /// The rows the file holds.
    pub rows_written: u64,
    /// The rows left out.
    pub rows_suppressed: u64,
    /// Present (and true) only when `k` is below 5.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exact_small_counts: bool,
    /// The file's columns, in order.
    pub columns: Vec<String>,
    /// When the file was made (RFC 3339, UTC, whole seconds).
    pub generated_at: String,
    /// `haven` and its version.
    pub generator: String,
}

/// The method, as the metadata names it.
pub const METHOD: &str = "k-anonymity: generalization, then row suppression";

/// An export made but not yet written: its numbers and its rows.
#[derive(Debug, Clone)]
pub(crate) struct Export {
    pub(crate) period: Period,
    pub(crate) preview: CtdcPreview,
    rows: Vec<CtdcRow>,
    generated_at: String,
}

/// Checks a `k`: the same bounds as a minimum cell size.
pub fn check_min_k(k: u32) -> Result<u32> {
    if (MIN_CELL_LOWEST..=MIN_CELL_HIGHEST).contains(&k) {
        Ok(k)
    } else {
        Err(Error::invalid(
            "minK",
            format!("k must be a whole number from {MIN_CELL_LOWEST} to {MIN_CELL_HIGHEST}."),
        ))
    }
}

/// The export for `request` over `conn` — the cases counted, their rows, k-anonymity —
/// without roles, the log or the ledger.
pub(crate) fn make(conn: &Connection, request: &CtdcRequest) -> Result<Export> {
    let period = Period::parse(&request.from, &request.to)?;
    let k = match request.min_k {
        Some(k) => check_min_k(k)?,
        None => super::default_min_cell(conn)?,
    };
    let (from, to) = (period.from.to_string(), period.to.to_string());
    let mut cases = crate::store::ctdc::identified_cases(conn, &from, &to)?;
    // The consent-to-statistics setting, exactly as the indicator report applies it.
    if crate::lifecycle::settings::read(conn)?.statistics_requires_consent {
        let only = crate::store::lifecycle::counted_by_consent(conn, &from, &to)?;
        cases.retain(|c| only.contains(&c.case));
    }
    let people: Vec<Person> = cases.iter().map(Person::of).collect();
    let done = anonymity::anonymize(&people, k);
    let generalizations = done.level().generalizations();
    let preview = CtdcPreview {
        period: ReportPeriod { from, to },
        min_k: k,
        rows_counted: people.len() as u64,
        rows_written: done.rows.len() as u64,
        rows_suppressed: done.suppressed,
        generalization_level: done.step as u32,
        generalizations,
        exact_small_counts: k < EXACT_SMALL_COUNTS_BELOW,
    };
    Ok(Export {
        period,
        preview,
        rows: done.rows,
        generated_at: crate::clock::now_utc(),
    })
}

impl Export {
    /// The CSV file (RFC 4180: a header of the CTDC column names, CRLF line ends, a field
    /// quoted when it must be).
    pub(crate) fn csv(&self) -> Vec<u8> {
        let mut out = String::new();
        let line = |out: &mut String, fields: &[String]| {
            let quoted: Vec<String> = fields
                .iter()
                .map(|f| super::formats::csv_field(f))
                .collect();
            out.push_str(&quoted.join(","));
            out.push_str("\r\n");
        };
        line(&mut out, &COLUMNS.map(str::to_owned));
        for row in &self.rows {
            line(&mut out, &row.values());
        }
        out.into_bytes()
    }

    /// The rows written, as the release ledger keeps them: an array of objects keyed by the
    /// CTDC column names.
    pub(crate) fn published(&self) -> serde_json::Value {
        serde_json::Value::Array(self.rows.iter().map(CtdcRow::to_json).collect())
    }

    /// The metadata of the CSV file named `data_file`.
    pub(crate) fn metadata(&self, data_file: &str) -> CtdcMetadata {
        let p = &self.preview;
        CtdcMetadata {
            dataset: "ctdc".into(),
            data_file: data_file.into(),
            period: p.period.clone(),
            k: p.min_k,
            method: METHOD.into(),
            quasi_identifiers: QUASI_IDENTIFIERS.map(str::to_owned).to_vec(),
            generalization_level: p.generalization_level,
            generalizations: p.generalizations.clone(),
            rows_written: p.rows_written,
            rows_suppressed: p.rows_suppressed,
            exact_small_counts: p.exact_small_counts,
            columns: COLUMNS.map(str::to_owned).to_vec(),
            generated_at: self.generated_at.clone(),
            generator: super::generator(),
        }
    }
}

/// The log's detail for an export or a preview: what was asked and what the protection did,
/// never a row.
pub(crate) fn note(preview: &CtdcPreview, what: &str) -> Note {
    let p = preview;
    Note {
        case: None,
        detail: Some(format!(
            "ctdc {what} {}..{} k={} level={} rows={} suppressed={}{}",
            p.period.from,
            p.period.to,
            p.min_k,
            p.generalization_level,
            p.rows_written,
            p.rows_suppressed,
            if p.exact_small_counts {
                " exact_small_counts"
            } else {
                ""
            }
        )),
    }
}

/// Where an export writes: the CSV file asked for, and its metadata beside it
/// (`FILE.csv` → `FILE.meta.json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Files {
    pub(crate) csv: PathBuf,
    pub(crate) metadata: PathBuf,
    /// The CSV file's name, as the metadata names it.
    pub(crate) csv_name: String,
}

impl Files {
    /// The files of an export to `csv`; a path without a file name is refused.
    pub(crate) fn for_csv(csv: &Path) -> Result<Self> {
        let name = csv
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| Error::invalid("out", "Choose a file name for the CSV file."))?;
        let stem = match csv.extension() {
            Some(e) if e.eq_ignore_ascii_case("csv") => csv.with_extension(""),
            _ => csv.to_path_buf(),
        };
        let mut metadata = stem.into_os_string();
        metadata.push(".meta.json");
        Ok(Files {
            csv: csv.to_path_buf(),
            metadata: PathBuf::from(metadata),
            csv_name: name,
        })
    }
}

/// The metadata as a file: indented JSON with a final newline.
pub(crate) fn metadata_bytes(metadata: &CtdcMetadata) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(metadata).expect("metadata always serializes");
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_metadata_sits_beside_the_csv_file() {
        let f = Files::for_csv(Path::new("/tmp/out/ctdc-2014.csv")).unwrap();
        assert_eq!(f.metadata, Path::new("/tmp/out/ctdc-2014.meta.json"));
        assert_eq!(f.csv_name, "ctdc-2014.csv");
        let f = Files::for_csv(Path::new("export.CSV")).unwrap();
        assert_eq!(f.metadata, Path::new("export.meta.json"));
        let f = Files::for_csv(Path::new("export")).unwrap();
        assert_eq!(f.metadata, Path::new("export.meta.json"));
        let f = Files::for_csv(Path::new("a.b.txt")).unwrap();
        assert_eq!(f.metadata, Path::new("a.b.txt.meta.json"));
        assert_eq!(
            Files::for_csv(Path::new("/")).unwrap_err().field(),
            Some("out")
        );
    }

    #[test]
    fn k_has_the_bounds_of_a_minimum_cell_size() {
        assert_eq!(check_min_k(1).unwrap(), 1);
        assert_eq!(check_min_k(100).unwrap(), 100);
        assert_eq!(check_min_k(0).unwrap_err().field(), Some("minK"));
        assert_eq!(check_min_k(101).unwrap_err().field(), Some("minK"));
    }
}
