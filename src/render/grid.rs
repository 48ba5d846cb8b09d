//! The report tables laid out like the national template: band rows, multi-row headers,
//! row groups with rowspans, blank cells blank, flags beside the cells they concern.
//!
//! Layout is computed here as a grid of cells; the theme's template only prints the grid.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalogue::{self, BlockDef, REQUESTS_HEADER_NOTE, SectionDef, SectionId};
use crate::export::MERGED_COLUMN_KEY;
use crate::model::{Cell, Report};

#[derive(Debug, Serialize)]
pub struct GridCell {
    pub th: bool,
    /// Labels are the catalogue's static strings; values are formatted numbers.
    pub text: Cow<'static, str>,
    pub rowspan: u32,
    pub colspan: u32,
    /// `col` or `row` for header cells.
    pub scope: &'static str,
    pub class: &'static str,
    /// Where the value was written in the report file: line and column.
    pub source: Option<(u32, u32)>,
    /// Numbers of the flags that concern this cell.
    pub flags: Vec<usize>,
    /// For a value cell, its index in the report's cells (`None` for a merged row's cell).
    pub slot: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct Grid {
    pub key: String,
    pub caption: String,
    pub head: Vec<Vec<GridCell>>,
    pub body: Vec<Vec<GridCell>>,
}

fn header(text: &'static str, rowspan: u32, colspan: u32, scope: &'static str) -> GridCell {
    GridCell {
        th: true,
        text: Cow::Borrowed(text),
        rowspan,
        colspan,
        scope,
        class: "",
        source: None,
        flags: Vec::new(),
        slot: None,
    }
}

/// A cell with its index in the report's cells (`None` when it is not one of them).
type IndexedCell = (Option<usize>, Cell);
/// Makes a value cell: row key, cell, column key, column span.
type ValueCellFn<'a> = dyn Fn(&str, IndexedCell, &str, u32) -> GridCell + 'a;
/// A row's cells, by row key.
type CellsOfFn<'a> = dyn Fn(&str, &BlockDef) -> Vec<IndexedCell> + 'a;

/// The grids of one section of a report. `flags` maps cell addresses to flag numbers.
pub fn section_grids(
    report: &Report,
    section: &SectionDef,
    flags: &BTreeMap<String, Vec<usize>>,
) -> Vec<Grid> {
    let value_cell =
        |row: &str, (slot, cell): (Option<usize>, Cell), column: &str, colspan: u32| {
            // Most reports carry no flag: only then is the cell's address worth spelling out.
            let flags = if flags.is_empty() {
                Vec::new()
            } else {
                let address = format!("{}.{}.{}", section.id.key(), row, column);
                flags.get(&address).cloned().unwrap_or_default()
            };
            GridCell {
                th: false,
                text: cell
                    .value
                    .map_or(Cow::Borrowed(""), |v| Cow::Owned(v.to_string())),
                rowspan: 1,
                colspan,
                scope: "",
                class: if cell.value.is_none() {
                    "num blank"
                } else {
                    "num"
                },
                source: Some((cell.pos.line, cell.pos.column)),
                flags,
                slot,
            }
        };
    let cells_of = |row: &str, block: &BlockDef| -> Vec<IndexedCell> {
        let slot = report.def().slot(section.id, row);
        let offset = slot.map_or(0, |s| s.offset);
        match slot.and_then(|s| report.row_cells_at(s)) {
            Some(cells) => cells
                .iter()
                .enumerate()
                .map(|(i, c)| (Some(offset + i), *c))
                .collect(),
            None => vec![(None, Cell::default()); block.columns.len()],
        }
    };
    match section.id {
        SectionId::Proactive => section
            .blocks
            .iter()
            .map(|block| {
                // Each 第二十条 item is its own table: the label column and the item's columns.
                let band = block.band.as_ref().map_or("", |b| b.zh);
                let width = 1 + block.columns.len() as u32;
                let mut head = vec![vec![header(band, 1, width, "colgroup")]];
                let mut columns = vec![header("信息内容", 1, 1, "col")];
                columns.extend(block.columns.iter().map(|c| header(c.zh, 1, 1, "col")));
                head.push(columns);
                let body = block
                    .rows
                    .iter()
                    .map(|row| {
                        let mut cells = vec![header(row.zh, 1, 1, "row")];
                        for (cell, column) in
                            cells_of(row.key, block).into_iter().zip(block.columns)
                        {
                            cells.push(value_cell(row.key, cell, column.key, 1));
                        }
                        cells
                    })
                    .collect();
                Grid {
                    key: block.key.to_string(),
                    caption: band.to_string(),
                    head,
                    body,
                }
            })
            .collect(),
        SectionId::Requests => vec![requests_grid(report, section, &value_cell, &cells_of)],
        SectionId::Review => vec![review_grid(report, section, &value_cell, &cells_of)],
    }
}

fn requests_grid(
    report: &Report,
    section: &SectionDef,
    value_cell: &ValueCellFn<'_>,
    cells_of: &CellsOfFn<'_>,
) -> Grid {
    let block = &section.blocks[0];
    let org = &catalogue::ORGANISATIONS;
    let head = vec![
        vec![
            header(REQUESTS_HEADER_NOTE, 3, 3, "col"),
            header(catalogue::APPLICANTS.zh, 1, 7, "colgroup"),
        ],
        vec![
            header(block.columns[0].zh, 2, 1, "col"),
            header(org.zh, 1, 5, "colgroup"),
            header(block.columns[6].zh, 2, 1, "col"),
        ],
        block.columns[1..6]
            .iter()
            .map(|c| header(c.zh, 1, 1, "col"))
            .collect(),
    ];
    let rows = block.rows;
    let mut body = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let mut cells = Vec::new();
        let depth = row.groups.len();
        for (level, group) in row.groups.iter().enumerate() {
            let starts_here = i == 0
                || rows[i - 1].groups.get(level) != Some(group)
                || rows[i - 1].groups.len() <= level;
            if starts_here {
                let span = rows[i..]
                    .iter()
                    .take_while(|r| r.groups.get(level) == Some(group))
                    .count();
                cells.push(header(group.zh, span as u32, 1, "rowgroup"));
            }
        }
        cells.push(header(row.zh, 1, 3 - depth as u32, "row"));
        match report.merged_cell(row.key) {
            Some(merged) => cells.push(value_cell(row.key, (None, *merged), MERGED_COLUMN_KEY, 7)),
            None => {
                for (cell, column) in cells_of(row.key, block).into_iter().zip(block.columns) {
                    cells.push(value_cell(row.key, cell, column.key, 1));
                }
            }
        }
        body.push(cells);
    }
    Grid {
        key: "requests".into(),
        caption: section.id.narrative().heading().into(),
        head,
        body,
    }
}

fn review_grid(
    report: &Report,
    section: &SectionDef,
    value_cell: &ValueCellFn<'_>,
    cells_of: &CellsOfFn<'_>,
) -> Grid {
    let _ = report;
    let block = &section.blocks[0];
    let columns = |rowspan: u32| {
        block
            .columns
            .iter()
            .map(move |c| header(c.zh, rowspan, 1, "col"))
    };
    let mut first = vec![
        header(catalogue::RECONSIDERATION.zh, 1, 5, "colgroup"),
        header(catalogue::LITIGATION.zh, 1, 10, "colgroup"),
    ];
    first.shrink_to_fit();
    let mut second: Vec<GridCell> = columns(2).collect();
    second.push(header(block.rows[1].zh, 1, 5, "colgroup"));
    second.push(header(block.rows[2].zh, 1, 5, "colgroup"));
    let third: Vec<GridCell> = columns(1).chain(columns(1)).collect();
    let mut data = Vec::new();
    for row in block.rows {
        for (cell, column) in cells_of(row.key, block).into_iter().zip(block.columns) {
            data.push(value_cell(row.key, cell, column.key, 1));
        }
    }
    Grid {
        key: "review".into(),
        caption: section.id.narrative().heading().into(),
        head: vec![first, second, third],
        body: vec![data],
    }
}

impl Grid {
    /// The table as HTML. Written here rather than in a template: a report page holds some 300
    /// cells, and building them as template data costs more than all the rest of the page.
    pub fn write_html(&self, out: &mut String, escape: fn(&str) -> String) {
        use std::fmt::Write as _;
        let caption = escape(&self.caption);
        out.reserve(self.body.len() * 200);
        let _ = write!(
            out,
            "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{caption}\">\n<table class=\"template-table\">\n<caption>{caption}</caption>\n<thead>\n"
        );
        for row in &self.head {
            write_row(out, row, escape);
        }
        out.push_str("</thead>\n<tbody>\n");
        for row in &self.body {
            write_row(out, row, escape);
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
    }
}

fn write_row(out: &mut String, row: &[GridCell], escape: fn(&str) -> String) {
    out.push_str("<tr>");
    for c in row {
        write_cell(out, c, escape);
    }
    out.push_str("</tr>\n");
}

fn write_cell(out: &mut String, c: &GridCell, escape: fn(&str) -> String) {
    let tag = if c.th { "th" } else { "td" };
    out.push('<');
    out.push_str(tag);
    if c.rowspan > 1 {
        out.push_str(" rowspan=\"");
        push_number(out, c.rowspan);
        out.push('"');
    }
    if c.colspan > 1 {
        out.push_str(" colspan=\"");
        push_number(out, c.colspan);
        out.push('"');
    }
    if c.th && !c.scope.is_empty() && !c.text.is_empty() {
        out.push_str(" scope=\"");
        out.push_str(c.scope);
        out.push('"');
    }
    if !c.th {
        out.push_str(" class=\"");
        out.push_str(c.class);
        if !c.flags.is_empty() {
            out.push_str(" flagged");
        }
        out.push('"');
        if let Some((line, column)) = c.source {
            out.push_str(" title=\"");
            push_number(out, line);
            out.push(':');
            push_number(out, column);
            out.push('"');
        }
    }
    out.push('>');
    // Labels and numbers need escaping only if they hold a markup character.
    if c.text.contains(['<', '>', '&', '"', '\'']) {
        out.push_str(&escape(&c.text));
    } else {
        out.push_str(&c.text);
    }
    for f in &c.flags {
        use std::fmt::Write as _;
        let _ = write!(
            out,
            "<a class=\"flag-ref\" href=\"#flag-{f}\" aria-label=\"⚑{f}\">{f}</a>"
        );
    }
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

/// A section's tables as fixed HTML with holes for the value cells: the layout depends only
/// on the template (for a report without merged rows), so it is laid out once per template
/// and section, and a report's tables are the pieces with its cells written into the holes.
struct Skeleton {
    pieces: Vec<Piece>,
}

enum Piece {
    Html(String),
    /// A value cell: its index in the report's cells.
    Value(usize),
}

impl Skeleton {
    fn of(grids: &[Grid], escape: fn(&str) -> String) -> Option<Skeleton> {
        let mut pieces = Vec::new();
        let mut html = String::new();
        for grid in grids {
            let mut whole = String::new();
            grid.write_html(&mut whole, escape);
            // Everything before the body, then the body's rows cell by cell.
            let head_end = whole.find("<tbody>\n")? + "<tbody>\n".len();
            html.push_str(&whole[..head_end]);
            for row in &grid.body {
                html.push_str("<tr>");
                for c in row {
                    match (c.th, c.slot) {
                        (false, Some(slot)) if c.flags.is_empty() && c.colspan == 1 => {
                            pieces.push(Piece::Html(std::mem::take(&mut html)));
                            pieces.push(Piece::Value(slot));
                        }
                        (false, _) => return None,
                        (true, _) => write_cell(&mut html, c, escape),
                    }
                }
                html.push_str("</tr>\n");
            }
            html.push_str("</tbody>\n</table>\n</div>\n");
        }
        pieces.push(Piece::Html(html));
        Some(Skeleton { pieces })
    }

    fn write(&self, cells: &[Cell], out: &mut String) -> Option<()> {
        for piece in &self.pieces {
            match piece {
                Piece::Html(html) => out.push_str(html),
                Piece::Value(slot) => write_value_cell(out, cells.get(*slot)?),
            }
        }
        Some(())
    }
}

/// A value cell without flags, exactly as [`write_cell`] writes it.
fn write_value_cell(out: &mut String, cell: &Cell) {
    out.push_str("<td class=\"");
    out.push_str(if cell.value.is_none() {
        "num blank"
    } else {
        "num"
    });
    out.push_str("\" title=\"");
    push_number(out, cell.pos.line);
    out.push(':');
    push_number(out, cell.pos.column);
    out.push_str("\">");
    match cell.value {
        // Counts (nearly every cell) without the formatting machinery; as `Display` writes them.
        Some(v) if v.scale == 0 && v.units >= 0 && v.units <= u32::MAX as i64 => {
            push_number(out, v.units as u32)
        }
        Some(v) => {
            use std::fmt::Write as _;
            let _ = write!(out, "{v}");
        }
        None => {}
    }
    out.push_str("</td>");
}

/// The tables of one section of a report, as HTML. A report without flags and without merged
/// rows (nearly all) is written into its template's skeleton; others are laid out cell by cell.
pub fn section_html(
    report: &Report,
    section: &SectionDef,
    flags: &BTreeMap<String, Vec<usize>>,
    escape: fn(&str) -> String,
) -> String {
    use std::sync::OnceLock;
    static SKELETONS: [[OnceLock<Option<Skeleton>>; 3]; 2] = [
        [OnceLock::new(), OnceLock::new(), OnceLock::new()],
        [OnceLock::new(), OnceLock::new(), OnceLock::new()],
    ];
    let mut out = String::new();
    let plain = flags.is_empty() && report.merged.is_empty();
    let t = match report.template {
        crate::catalogue::Template::F2019 => 0,
        crate::catalogue::Template::F2021 => 1,
    };
    let s = match section.id {
        SectionId::Proactive => 0,
        SectionId::Requests => 1,
        SectionId::Review => 2,
    };
    if plain
        && let Some(skeleton) = SKELETONS[t][s]
            .get_or_init(|| Skeleton::of(&section_grids(report, section, flags), escape))
        && report.cells.len() == report.def().cells().count()
        && skeleton.write(&report.cells, &mut out).is_some()
    {
        return out;
    }
    out.clear();
    for grid in section_grids(report, section, flags) {
        grid.write_html(&mut out, escape);
    }
    out
}

/// A number in decimal, without the formatting machinery (a page writes some 900 of them).
fn push_number(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for d in &digits[i..] {
        out.push(*d as char);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The skeleton gives the same HTML as laying out cell by cell, for every seed and
    /// generated report (both templates; merged rows and flags take the other way).
    #[test]
    fn skeletons_write_what_the_layout_writes() {
        let dir = std::env::temp_dir().join(format!("gongkai-grid-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        crate::demo::generate(
            &dir,
            &crate::demo::Options {
                reports: 40,
                seed: 5,
            },
        )
        .unwrap();
        let mut reports = crate::load::load_site(&dir).site.reports;
        reports.extend(
            crate::load::load_site(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
                .site
                .reports,
        );
        let _ = std::fs::remove_dir_all(&dir);
        let no_flags = BTreeMap::new();
        let mut templates = std::collections::BTreeSet::new();
        for report in &reports {
            templates.insert(report.template.code());
            for section in report.def().sections {
                let mut expected = String::new();
                for grid in section_grids(report, section, &no_flags) {
                    grid.write_html(&mut expected, crate::render::escape_html);
                }
                let got = section_html(report, section, &no_flags, crate::render::escape_html);
                assert_eq!(
                    got, expected,
                    "{} {} {:?}",
                    report.agency, report.year, section.id
                );
            }
        }
        assert_eq!(templates.len(), 2);
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 7, 10, 99, 100, 12_345, u32::MAX] {
            let mut s = String::new();
            super::push_number(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }
}
