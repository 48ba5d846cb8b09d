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
    }
}

/// The grids of one section of a report. `flags` maps cell addresses to flag numbers.
pub fn section_grids(
    report: &Report,
    section: &SectionDef,
    flags: &BTreeMap<String, Vec<usize>>,
) -> Vec<Grid> {
    let value_cell = |row: &str, cell: Cell, column: &str, colspan: u32| {
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
        }
    };
    let cells_of = |row: &str, block: &BlockDef| -> Vec<Cell> {
        match report.row_cells(section.id, row) {
            Some(cells) => cells.to_vec(),
            None => vec![Cell::default(); block.columns.len()],
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
    value_cell: &dyn Fn(&str, Cell, &str, u32) -> GridCell,
    cells_of: &dyn Fn(&str, &BlockDef) -> Vec<Cell>,
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
            Some(merged) => cells.push(value_cell(row.key, *merged, MERGED_COLUMN_KEY, 7)),
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
    value_cell: &dyn Fn(&str, Cell, &str, u32) -> GridCell,
    cells_of: &dyn Fn(&str, &BlockDef) -> Vec<Cell>,
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
    out.push_str("</tr>\n");
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
    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 7, 10, 99, 100, 12_345, u32::MAX] {
            let mut s = String::new();
            super::push_number(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }
}
