//! Writes report files: the blank skeleton of `gongkai new` and the drafts of
//! `gongkai import`. One writer, so both produce the layout that `docs/report-format.md`
//! documents, with the Chinese label of every row beside it.

use std::fmt::Write as _;

use crate::catalogue::{NarrativeSection, SectionId, Template};
use crate::model::Number;

/// One cell of a draft: a value or blank, and an optional flag for a person to look at.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DraftCell {
    pub value: Option<Number>,
    /// Why this cell needs a person (written as a comment at its line).
    pub flag: Option<String>,
}

/// A report file to be written.
#[derive(Clone, Debug)]
pub struct Draft {
    pub agency: String,
    pub year: u16,
    pub template: Template,
    pub title: Option<String>,
    /// `YYYY-MM-DD`, when known.
    pub published: Option<String>,
    pub source_url: Option<String>,
    pub transcription_note: Option<String>,
    /// All cells in the order of `TemplateDef::cells`.
    pub cells: Vec<DraftCell>,
    /// Section-三 rows published as one merged cell, by row key.
    pub merged: Vec<(&'static str, DraftCell)>,
    /// Markdown text of each of the six sections, `None` where the report has no such section.
    pub narrative: [Option<String>; 6],
}

impl Draft {
    /// A draft with every cell blank and every narrative heading present but empty.
    pub fn blank(agency: &str, year: u16, template: Template) -> Draft {
        Draft {
            agency: agency.to_string(),
            year,
            template,
            title: None,
            published: None,
            source_url: None,
            transcription_note: None,
            cells: vec![DraftCell::default(); template.def().total_cells()],
            merged: Vec::new(),
            narrative: Default::default(),
        }
    }
}

/// How deep the schema pointer must reach from `content/reports/<agency>/<year>.md`.
const SCHEMA_POINTER: &str = "# yaml-language-server: $schema=../../../schema/report.schema.json";

pub fn write_report_file(draft: &Draft) -> String {
    let mut out = String::new();
    out.push_str("---\n");
    out.push_str(SCHEMA_POINTER);
    out.push('\n');
    let _ = writeln!(out, "agency: {}", draft.agency);
    let _ = writeln!(out, "year: {}", draft.year);
    let _ = writeln!(out, "template: {}", draft.template.code());
    write_optional(&mut out, "title", draft.title.as_deref());
    match &draft.published {
        Some(date) => {
            let _ = writeln!(out, "published: {date}");
        }
        None => {
            out.push_str("published: ~   # YYYY-MM-DD as printed on the report; ~ if not stated\n")
        }
    }
    write_optional(&mut out, "source_url", draft.source_url.as_deref());
    write_optional(
        &mut out,
        "transcription_note",
        draft.transcription_note.as_deref(),
    );
    let def = draft.template.def();
    let mut cells = draft.cells.iter();
    for section in def.sections {
        out.push('\n');
        let _ = writeln!(out, "# {}", section.id.narrative().heading());
        let _ = writeln!(out, "{}:", section.id.key());
        let key_width = section
            .blocks
            .iter()
            .flat_map(|b| b.rows.iter())
            .map(|r| r.key.len())
            .max()
            .unwrap_or(0)
            + 1;
        for (block_index, block) in section.blocks.iter().enumerate() {
            let header: Vec<&str> = block.columns.iter().map(|c| c.zh).collect();
            match &block.band {
                Some(band) => {
                    let _ = writeln!(out, "  # {} — {}", band.zh, header.join(", "));
                }
                None if block_index == 0 => {
                    let _ = writeln!(out, "  # columns: {}", header.join(", "));
                }
                None => {}
            }
            for row in block.rows {
                let row_cells: Vec<&DraftCell> = cells.by_ref().take(block.columns.len()).collect();
                let merged = draft
                    .merged
                    .iter()
                    .find(|(k, _)| *k == row.key)
                    .map(|(_, c)| c);
                let values = match merged {
                    Some(cell) => format!("{{merged: {}}}", show(cell.value)),
                    None => format!(
                        "[{}]",
                        row_cells
                            .iter()
                            .map(|c| show(c.value))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                let mut comment = row_label(section.id, row);
                let flags: Vec<String> = row_cells
                    .iter()
                    .zip(block.columns)
                    .filter_map(|(c, col)| c.flag.as_ref().map(|f| format!("{}: {f}", col.zh)))
                    .chain(merged.and_then(|c| c.flag.clone()))
                    .collect();
                if !flags.is_empty() {
                    let _ = write!(comment, "  ⚠ CHECK {}", flags.join("; "));
                }
                let _ = writeln!(
                    out,
                    "  {:<width$}{:<24}  # {comment}",
                    format!("{}:", row.key),
                    values,
                    width = key_width + 1
                );
            }
        }
    }
    out.push_str("---\n");
    for section in NarrativeSection::ALL {
        let text = draft.narrative[section.index()].as_deref();
        // Table sections only get a heading when the agency wrote text under it.
        if text.is_none() && !section.is_free_text() {
            continue;
        }
        let _ = write!(out, "\n## {}\n", section.heading());
        if let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) {
            out.push('\n');
            out.push_str(text);
            out.push('\n');
        }
    }
    out
}

fn row_label(section: SectionId, row: &crate::catalogue::RowDef) -> String {
    match (section, row.groups.last()) {
        (SectionId::Review, Some(group)) => format!("{} · {}", group.zh, row.zh),
        (SectionId::Requests, Some(group)) if group.zh.starts_with('（') => {
            format!(
                "{}{}",
                &group.zh[..group.zh.find('）').map_or(0, |i| i + '）'.len_utf8())],
                row.zh
            )
        }
        _ => row.zh.to_string(),
    }
}

fn show(value: Option<Number>) -> String {
    value.map_or_else(|| "~".to_string(), |n| n.to_string())
}

/// Write `key: value` with YAML quoting where the value needs it.
fn write_optional(out: &mut String, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        let _ = writeln!(out, "{key}: {}", yaml_string(value));
    }
}

/// A YAML scalar for arbitrary text: plain when safe, double-quoted otherwise.
pub fn yaml_string(text: &str) -> String {
    let plain_safe = !text.is_empty()
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ~".contains(c))
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.contains('\n')
        && !matches!(
            text,
            "null" | "true" | "false" | "yes" | "no" | "on" | "off"
        )
        && text.parse::<f64>().is_err();
    if plain_safe {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}
