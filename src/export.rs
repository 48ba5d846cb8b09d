//! The canonical machine-readable form of the data and the files made from it.
//!
//! The tidy form has one row per cell: `agency_id, year, template, section, row_key,
//! row_label, column_key, column_label, value`, rows in the template's order, labels exactly
//! as the national template writes them, `value` empty when the cell is blank. The site's
//! downloads, `gongkai export` and `gongkai import --format csv` all write it through
//! [`write_tidy_csv`], so they cannot drift apart.

use std::io::{self, Write};

use crate::catalogue::{SectionId, Template};
use crate::model::Number;

/// The pseudo-column of a section-三 row that the agency published as one merged cell.
pub const MERGED_COLUMN_KEY: &str = "merged";
pub const MERGED_COLUMN_LABEL: &str = "（合并单元格）";

pub const TIDY_HEADER: [&str; 9] = [
    "agency_id",
    "year",
    "template",
    "section",
    "row_key",
    "row_label",
    "column_key",
    "column_label",
    "value",
];

/// One cell of the tidy form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TidyRow {
    pub agency_id: String,
    pub year: u16,
    pub template: Template,
    pub section: SectionId,
    pub row_key: &'static str,
    pub row_label: &'static str,
    pub column_key: &'static str,
    pub column_label: &'static str,
    pub value: Option<Number>,
}

/// The tidy rows of one report, given its cell values in `TemplateDef::cells` order and the
/// merged rows (by section-三 row key). A merged row yields its seven cells (blank, since the
/// column is unknowable) followed by one `merged` cell holding the published value.
pub fn tidy_rows(
    agency_id: &str,
    year: u16,
    template: Template,
    values: &[Option<Number>],
    merged: &[(&str, Option<Number>)],
) -> Vec<TidyRow> {
    let def = template.def();
    let mut rows = Vec::with_capacity(values.len() + merged.len());
    let mut previous_row: Option<&str> = None;
    let flush_merged = |rows: &mut Vec<TidyRow>, row_key: Option<&str>| {
        let Some(row_key) = row_key else { return };
        if let Some((_, value)) = merged.iter().find(|(k, _)| *k == row_key) {
            let (_, row) = def
                .row(SectionId::Requests, row_key)
                .expect("merged rows are section-三 rows");
            rows.push(TidyRow {
                agency_id: agency_id.to_string(),
                year,
                template,
                section: SectionId::Requests,
                row_key: row.key,
                row_label: row.zh,
                column_key: MERGED_COLUMN_KEY,
                column_label: MERGED_COLUMN_LABEL,
                value: *value,
            });
        }
    };
    for (cell, value) in def.cells().zip(values) {
        if previous_row != Some(cell.row.key) {
            flush_merged(&mut rows, previous_row);
            previous_row = Some(cell.row.key);
        }
        rows.push(TidyRow {
            agency_id: agency_id.to_string(),
            year,
            template,
            section: cell.section,
            row_key: cell.row.key,
            row_label: cell.row.zh,
            column_key: cell.column.key,
            column_label: cell.column.zh,
            value: *value,
        });
    }
    flush_merged(&mut rows, previous_row);
    rows
}

/// Write tidy rows as CSV with a header. `excel_bom` prefixes a UTF-8 byte-order mark so that
/// Excel opens the Chinese text correctly; files on the site carry it, stdout does not.
pub fn write_tidy_csv<W: Write>(out: W, rows: &[TidyRow], excel_bom: bool) -> io::Result<()> {
    let mut out = out;
    if excel_bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut w = csv::Writer::from_writer(out);
    w.write_record(TIDY_HEADER)?;
    write_tidy_records(&mut w, rows)?;
    w.flush()
}

/// The tidy rows as CSV records without a header, so that the site can write each report's
/// rows once and reuse them in the report's, the agency's and the whole site's file.
pub fn tidy_csv_body(rows: &[TidyRow]) -> io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    write_tidy_records(&mut w, rows)?;
    w.into_inner().map_err(|e| io::Error::other(e.to_string()))
}

/// The CSV header of the tidy form, with the byte-order mark when `excel_bom`.
pub fn tidy_csv_header(excel_bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_tidy_csv(&mut out, &[], excel_bom);
    out
}

fn write_tidy_records<W: Write>(w: &mut csv::Writer<W>, rows: &[TidyRow]) -> io::Result<()> {
    for r in rows {
        let year = r.year.to_string();
        let template = r.template.code().to_string();
        let value = r.value.map(|v| v.to_string()).unwrap_or_default();
        w.write_record([
            r.agency_id.as_str(),
            &year,
            &template,
            r.section.key(),
            r.row_key,
            r.row_label,
            r.column_key,
            r.column_label,
            &value,
        ])?;
    }
    Ok(())
}

/// The tidy rows of every report of a site, in agency, year and template order.
pub fn site_tidy_rows(site: &crate::load::Site) -> Vec<TidyRow> {
    site.reports.iter().flat_map(report_tidy_rows).collect()
}

/// The tidy rows of one loaded report.
pub fn report_tidy_rows(report: &crate::model::Report) -> Vec<TidyRow> {
    let values: Vec<Option<Number>> = report.cells.iter().map(|c| c.value).collect();
    let rows: Vec<&'static str> = report
        .def()
        .rows(SectionId::Requests)
        .map(|(_, r)| r.key)
        .collect();
    let merged: Vec<(&str, Option<Number>)> = report
        .merged
        .iter()
        .map(|(i, c)| (rows[*i as usize], c.value))
        .collect();
    tidy_rows(
        report.agency.as_str(),
        report.year,
        report.template,
        &values,
        &merged,
    )
}

/// Tidy rows as a JSON array of objects with the CSV's columns; blank values are `null`.
pub fn write_tidy_json<W: Write>(out: W, rows: &[TidyRow]) -> io::Result<()> {
    let objects: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "agency_id": r.agency_id,
                "year": r.year,
                "template": r.template.code(),
                "section": r.section.key(),
                "row_key": r.row_key,
                "row_label": r.row_label,
                "column_key": r.column_key,
                "column_label": r.column_label,
                "value": r.value.map(serde_json::Number::from_string_unchecked_or),
            })
        })
        .collect();
    serde_json::to_writer_pretty(out, &objects).map_err(io::Error::other)
}

trait JsonNumber {
    fn from_string_unchecked_or(n: Number) -> serde_json::Value;
}

impl JsonNumber for serde_json::Number {
    /// Whole numbers as JSON integers; amounts as JSON numbers with their published digits.
    fn from_string_unchecked_or(n: Number) -> serde_json::Value {
        match n.as_int() {
            Some(i) if n.scale == 0 => serde_json::Value::from(i),
            _ => serde_json::from_str(&n.to_string()).unwrap_or(serde_json::Value::Null),
        }
    }
}
