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
    w.write_record(TIDY_HEADER).map_err(csv_io)?;
    write_tidy_records(&mut w, rows)?;
    w.flush()
}

/// A csv error as an I/O error that keeps its kind, so that a closed pipe stays a closed pipe.
fn csv_io(e: csv::Error) -> io::Error {
    if !e.is_io_error() {
        return io::Error::other(e);
    }
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        kind => io::Error::other(format!("{kind:?}")),
    }
}

/// The tidy rows as CSV records without a header, so that the site can write each report's
/// rows once and reuse them in the report's, the agency's and the whole site's file.
pub fn tidy_csv_body(rows: &[TidyRow]) -> io::Result<Vec<u8>> {
    // Written by hand rather than through csv::Writer: a site has millions of these records,
    // and all but the agency's own fields are catalogue labels that never need quoting.
    let mut out = Vec::with_capacity(rows.len() * 96);
    let mut number = String::new();
    for r in rows {
        push_csv_field(&mut out, &r.agency_id);
        out.push(b',');
        out.extend_from_slice(itoa(r.year as i64, &mut number).as_bytes());
        out.push(b',');
        out.extend_from_slice(itoa(r.template.code() as i64, &mut number).as_bytes());
        for field in [
            r.section.key(),
            r.row_key,
            r.row_label,
            r.column_key,
            r.column_label,
        ] {
            out.push(b',');
            push_csv_field(&mut out, field);
        }
        out.push(b',');
        push_value(&mut out, r.value, &mut number);
        out.push(b'\n');
    }
    Ok(out)
}

/// A cell's value as the CSV field holds it (blank: nothing); `number` is scratch space.
fn push_value(out: &mut Vec<u8>, value: Option<Number>, number: &mut String) {
    if let Some(v) = value {
        use std::fmt::Write as _;
        number.clear();
        let _ = write!(number, "{v}");
        out.extend_from_slice(number.as_bytes());
    }
}

/// One report's tidy rows as CSV records without a header: the same bytes as
/// `tidy_csv_body(&report_tidy_rows(report))` (a test holds it to that), made without a
/// `TidyRow` per cell. A report is some 300 records that differ only in their cell's labels,
/// which are the template's and spelled out once per template, and in its value.
pub fn report_csv_body(report: &crate::model::Report) -> io::Result<Vec<u8>> {
    if !report.merged.is_empty() {
        return tidy_csv_body(&report_tidy_rows(report));
    }
    let middles = cell_fields(report.template);
    let mut prefix = Vec::with_capacity(48);
    let mut number = String::new();
    push_csv_field(&mut prefix, report.agency.as_str());
    prefix.push(b',');
    prefix.extend_from_slice(itoa(report.year as i64, &mut number).as_bytes());
    prefix.push(b',');
    prefix.extend_from_slice(itoa(report.template.code() as i64, &mut number).as_bytes());
    let mut out = Vec::with_capacity(report.cells.len() * (prefix.len() + 72));
    for (middle, cell) in middles.iter().zip(&report.cells) {
        out.extend_from_slice(&prefix);
        out.extend_from_slice(middle);
        push_value(&mut out, cell.value, &mut number);
        out.push(b'\n');
    }
    Ok(out)
}

/// For each cell of a template, in order: `,section,row_key,row_label,column_key,column_label,`.
fn cell_fields(template: Template) -> &'static [Vec<u8>] {
    use std::sync::OnceLock;
    static FIELDS: [OnceLock<Vec<Vec<u8>>>; 2] = [OnceLock::new(), OnceLock::new()];
    let slot = match template {
        Template::F2019 => &FIELDS[0],
        Template::F2021 => &FIELDS[1],
    };
    slot.get_or_init(|| {
        template
            .def()
            .cells()
            .map(|cell| {
                let mut bytes = Vec::new();
                for field in [
                    cell.section.key(),
                    cell.row.key,
                    cell.row.zh,
                    cell.column.key,
                    cell.column.zh,
                ] {
                    bytes.push(b',');
                    push_csv_field(&mut bytes, field);
                }
                bytes.push(b',');
                bytes
            })
            .collect()
    })
}

fn itoa(n: i64, buf: &mut String) -> &str {
    use std::fmt::Write as _;
    buf.clear();
    let _ = write!(buf, "{n}");
    buf
}

/// One CSV field, quoted (RFC 4180) only when it holds a comma, a quote or a line break,
/// exactly as csv::Writer quotes.
fn push_csv_field(out: &mut Vec<u8>, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        out.push(b'"');
        out.extend_from_slice(field.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(field.as_bytes());
    }
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
        ])
        .map_err(csv_io)?;
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
    // io::Error::from keeps an I/O error's kind (a closed pipe).
    serde_json::to_writer_pretty(out, &objects).map_err(io::Error::from)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written body is byte for byte what csv::Writer writes, quoting included.
    #[test]
    fn the_fast_body_matches_the_csv_crate() {
        let site = crate::load::load_site(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).site;
        let mut rows = site_tidy_rows(&site);
        rows[0].agency_id = "odd,\"id\"\nx".into();
        let mut expected = Vec::new();
        {
            let mut w = csv::Writer::from_writer(&mut expected);
            write_tidy_records(&mut w, &rows).unwrap();
            w.flush().unwrap();
        }
        assert_eq!(
            String::from_utf8(tidy_csv_body(&rows).unwrap()).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }

    /// A report's body made from the template's spelled-out labels is the one made row by row,
    /// for both templates, with merged rows, blanks and decimals.
    #[test]
    fn the_report_body_matches_the_rows() {
        let site = crate::load::load_site(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).site;
        assert!(site.reports.iter().any(|r| !r.merged.is_empty()));
        let templates: std::collections::BTreeSet<u16> =
            site.reports.iter().map(|r| r.template.code()).collect();
        assert_eq!(templates.len(), 2);
        for report in &site.reports {
            let mut odd = report.clone();
            if let Some(cell) = odd.cells.first_mut() {
                cell.value = Some(Number::parse("125000.50").unwrap());
            }
            for r in [report, &odd] {
                assert_eq!(
                    report_csv_body(r).unwrap(),
                    tidy_csv_body(&report_tidy_rows(r)).unwrap(),
                    "{} {}",
                    r.agency,
                    r.year
                );
            }
        }
    }
}
