//! The report written out: the contract's JSON, tidy CSV, and an XLSX workbook for people.
//!
//! All three are made from the same [`IndicatorReport`], so a file holds exactly what the
//! preview showed. None of them can hold more than the report does: counts, amounts, the
//! period and the method.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{CellValue, Indicator, IndicatorReport, BREAKDOWN_KEYS};
use std::path::Path;

use crate::{Error, Result};

/// The file formats a report can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum ReportFormat {
    /// The JSON contract.
    Json,
    /// One row a cell.
    Csv,
    /// A workbook: a front sheet, then one sheet per indicator.
    Xlsx,
}

impl ReportFormat {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Json => "json",
            ReportFormat::Csv => "csv",
            ReportFormat::Xlsx => "xlsx",
        }
    }
}

impl std::str::FromStr for ReportFormat {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "json" => Ok(ReportFormat::Json),
            "csv" => Ok(ReportFormat::Csv),
            "xlsx" => Ok(ReportFormat::Xlsx),
            _ => Err(Error::invalid(
                "format",
                "Unknown report format; choose json, csv or xlsx.",
            )),
        }
    }
}

/// The report in `format`, as bytes ready to write.
pub fn render(report: &IndicatorReport, format: ReportFormat) -> Result<Vec<u8>> {
    match format {
        ReportFormat::Json => Ok(to_json(report)),
        ReportFormat::Csv => Ok(to_csv(report).into_bytes()),
        ReportFormat::Xlsx => to_xlsx(report),
    }
}

/// Writes a rendered report to `path`, whole or not at all.
pub fn save(bytes: &[u8], path: &Path) -> Result<()> {
    crate::files::save_whole(bytes, path, Error::ReportNotSaved)
}

/// The JSON contract, indented, with a final newline.
pub fn to_json(report: &IndicatorReport) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(report).expect("a report always serializes");
    out.push(b'\n');
    out
}

/// The CSV header: the period, the indicator, every breakdown key, the value and its flag.
pub const CSV_HEADER: &str =
    "period_from,period_to,indicator,sex,age_group,exploitation,recognition,sector,currency,value,flag";

/// Tidy CSV: one row a cell; a suppressed cell has an empty value and the flag `c`.
pub fn to_csv(report: &IndicatorReport) -> String {
    let mut out = String::from(CSV_HEADER);
    out.push_str("\r\n");
    for cell in &report.cells {
        let dims = cell.breakdown.dimensions();
        let mut fields: Vec<String> = vec![
            report.period.from.clone(),
            report.period.to.clone(),
            cell.indicator.as_str().to_owned(),
        ];
        for key in BREAKDOWN_KEYS {
            let v = dims.iter().find(|(k, _)| *k == key).map_or("", |(_, v)| v);
            fields.push(v.to_owned());
        }
        fields.push(match &cell.value {
            Some(CellValue::Count(n)) => n.to_string(),
            Some(CellValue::Amount(a)) => a.clone(),
            None => String::new(),
        });
        fields.push(if cell.suppressed { "c" } else { "" }.to_owned());
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One CSV field: defused so no spreadsheet runs it as a formula, quoted when it must be.
pub fn csv_field(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// The name of an indicator's sheet (its id; every id fits Excel's 31 characters).
pub fn sheet_name(indicator: Indicator) -> &'static str {
    indicator.as_str()
}

/// The workbook: a front sheet "About" (period, method, k, when and by what), then one sheet
/// per indicator with a row a cell. A suppressed cell is empty with the flag `c`, as in CSV.
pub fn to_xlsx(report: &IndicatorReport) -> Result<Vec<u8>> {
    write_xlsx(report).map_err(|_| Error::Workbook)
}

fn write_xlsx(report: &IndicatorReport) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let number = Format::new()
        .set_num_format("#,##0")
        .set_align(FormatAlign::Right);
    let money = Format::new()
        .set_num_format("#,##0.00")
        .set_align(FormatAlign::Right);

    let about = book.add_worksheet().set_name("About")?;
    about.set_column_width(0, 24)?;
    about.set_column_width(1, 70)?;
    about.write_string_with_format(0, 0, "Indicator report (anonymized counts)", &title)?;
    let dc = &report.disclosure_control;
    let rows: Vec<(&str, String)> = vec![
        ("Period from", report.period.from.clone()),
        ("Period to", report.period.to.clone()),
        ("Method", dc.method.clone()),
        ("Minimum cell size (k)", dc.min_cell.to_string()),
        (
            "Exact small counts",
            if dc.exact_small_counts {
                "yes: k is below 5"
            } else {
                "no"
            }
            .to_owned(),
        ),
        ("Generated at", report.generated_at.clone()),
        ("Generated by", report.generator.clone()),
        (
            "What is counted",
            "Distinct cases (persons), never events. Events count when their date is in the \
             period; shelter stays when they overlap it."
                .to_owned(),
        ),
        (
            "Suppressed cells (c)",
            format!(
                "Left empty and flagged c: a count from 1 to {}, or a cell hidden so that a small \
                 count cannot be worked out from the others. A table whose total is below {} is \
                 hidden whole. Zero is shown.",
                dc.min_cell.saturating_sub(1),
                dc.min_cell
            ),
        ),
    ];
    for (i, (label, value)) in rows.iter().enumerate() {
        let r = i as u32 + 2;
        about.write_string_with_format(r, 0, *label, &bold)?;
        about.write_string(r, 1, value)?;
    }
    let first = rows.len() as u32 + 3;
    about.write_string_with_format(first, 0, "Sheet", &bold)?;
    about.write_string_with_format(first, 1, "Indicator", &bold)?;
    for (i, indicator) in Indicator::ALL.iter().enumerate() {
        about.write_string(first + 1 + i as u32, 0, sheet_name(*indicator))?;
        about.write_string(first + 1 + i as u32, 1, indicator.title())?;
    }

    for indicator in Indicator::ALL {
        let sheet = book.add_worksheet().set_name(sheet_name(indicator))?;
        let keys = indicator.breakdown_keys();
        sheet.write_string_with_format(0, 0, indicator.title(), &title)?;
        sheet.write_string_with_format(1, 0, "breakdown", &bold)?;
        for (j, key) in keys.iter().enumerate() {
            sheet.write_string_with_format(1, j as u16 + 1, *key, &bold)?;
        }
        let value_col = keys.len() as u16 + 1;
        let unit = if indicator.is_amount() {
            "amount"
        } else {
            "cases"
        };
        sheet.write_string_with_format(1, value_col, unit, &bold)?;
        sheet.write_string_with_format(1, value_col + 1, "flag", &bold)?;
        sheet.set_column_width(0, 26)?;
        for (i, cell) in report.cells_of(indicator).enumerate() {
            let r = i as u32 + 2;
            sheet.write_string(r, 0, cell.breakdown.name())?;
            for (key, v) in cell.breakdown.dimensions() {
                if let Some(j) = keys.iter().position(|k| *k == key) {
                    sheet.write_string(r, j as u16 + 1, v)?;
                }
            }
            match &cell.value {
                Some(CellValue::Count(n)) => {
                    sheet.write_number_with_format(r, value_col, *n as f64, &number)?;
                }
                Some(CellValue::Amount(a)) => {
                    // Amounts have at most three decimals and fit a double exactly enough to
                    // show; the JSON keeps the exact string.
                    let v: f64 = a.parse().unwrap_or_default();
                    sheet.write_number_with_format(r, value_col, v, &money)?;
                }
                None => {}
            }
            if cell.suppressed {
                sheet.write_string(r, value_col + 1, "c")?;
            }
        }
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_a_spreadsheet_would_run_leaves_as_a_formula() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("-1"), "'-1");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("forced_labour"), "forced_labour");
        assert_eq!(csv_field("21200.00"), "21200.00");
    }

    #[test]
    fn every_sheet_name_fits_excel() {
        for i in Indicator::ALL {
            assert!(sheet_name(i).len() <= 31, "{}", sheet_name(i));
        }
    }
}
