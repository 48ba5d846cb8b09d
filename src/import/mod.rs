//! `gongkai import`: a draft report from the text of a published report as people copy it
//! from a government web page (or the page's HTML).
//!
//! The flow is one way: input → numbered lines ([`text`]) → layout of headings and tables
//! ([`layout`]) → title, year, date, template ([`meta`]) → table tokens ([`tokens`]) → cells
//! ([`tables`], deciding flattened digit runs with the catalogue's rules in [`solve`]) → a
//! [`Draft`]. Nothing here writes or prints; [`command`] does.
//!
//! The importer never guesses: a cell it cannot read with certainty is left blank and
//! carries a [`Flag`] saying which cell, why, and the text it saw.

pub mod command;
pub mod evidence;
mod layout;
mod meta;
mod reline;
mod solve;
mod tables;
mod text;
mod tokens;

use std::fmt;

use crate::catalogue::{SectionId, Template};
use crate::draft::{Draft, DraftCell};
use crate::model::{Date, Number};

use tables::{Reader, Status};
use text::Line;

/// What the caller knows that the text may not say.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// The agency id to put in the draft (the text only gives a Chinese name).
    pub agency: Option<String>,
    /// The report year, overriding the one found in the text.
    pub year: Option<u16>,
}

/// A cell (or the publication date) that a person must fill in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    /// `section.row.column` (`requests.received.research`), `requests.<row>.merged`, or
    /// `published`.
    pub address: String,
    pub reason: String,
    /// The text the importer saw, as written.
    pub source: String,
    /// 1-based line in the input; 0 when the thing was not found at all.
    pub line: u32,
}

/// How the cells of a draft were obtained. Merged section-三 cells count as cells.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Taken directly from one unambiguous token.
    pub read: usize,
    /// Recovered from structure or the sum rules, where exactly one reading was possible.
    pub inferred: usize,
    /// Left blank for a person, with a flag.
    pub flagged: usize,
    /// Blank as published (a blank 总计 column, the cells under a merged cell).
    pub blank: usize,
    /// Flagged by the text, then decided from the page's HTML tables (`--html`).
    pub decided: usize,
}

#[derive(Clone, Debug)]
pub struct Imported {
    pub draft: Draft,
    /// The agency's Chinese name, from the title or the signature.
    pub agency_name: Option<String>,
    pub year: u16,
    pub published: Option<Date>,
    pub template: Template,
    pub counts: Counts,
    /// Every flagged cell, in template order; a flag on the publication date comes first.
    pub flags: Vec<Flag>,
    /// Things a person may want to know that do not block a cell (text repeated twice,
    /// numbers that matched no row, a year that differs from `--year`).
    pub notes: Vec<String>,
}

impl Imported {
    /// The cell values in `TemplateDef::cells` order, for the tidy form.
    pub fn values(&self) -> Vec<Option<Number>> {
        self.draft.cells.iter().map(|c| c.value).collect()
    }

    /// The merged section-三 rows, for the tidy form.
    pub fn merged(&self) -> Vec<(&str, Option<Number>)> {
        self.draft
            .merged
            .iter()
            .map(|(k, c)| (*k, c.value))
            .collect()
    }
}

/// Input that cannot be used at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// No sign of the six sections or the tables of an annual report.
    NotAReport,
    /// Section 二's table headers were not found or match neither template.
    NoTemplate,
    /// No 「20XX年」 in the title or section 一, and no `--year`.
    NoYear,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::NotAReport => write!(
                f,
                "this does not look like a 政府信息公开工作年度报告: none of its section headings or tables were found"
            ),
            ImportError::NoTemplate => write!(
                f,
                "cannot tell the template: the table headers of section 二 (本年制发件数… for 2021, 本年新制作数量… for 2019) were not found"
            ),
            ImportError::NoYear => write!(
                f,
                "cannot find the report year (「20XX年度」 in the title or section 一); pass --year"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// Read a report from its copied text (or HTML).
pub fn import(input: &str, options: &ImportOptions) -> Result<Imported, ImportError> {
    let mut lines = if text::looks_like_html(input) {
        text::html_lines(input)
    } else {
        reline::reline(text::plain_lines(input))
    };
    let mut notes = Vec::new();
    if let Some(cut) = text::second_copy_start(&lines) {
        notes.push(format!(
            "the page text appears twice; read the first copy and ignored the repeat from line {}",
            lines[cut].no
        ));
        lines.truncate(cut);
    }
    let layout = layout::find_layout(&lines);
    let found_headings = layout.headings.iter().flatten().count();
    if found_headings < 2 && layout.tables.iter().flatten().count() < 2 {
        return Err(ImportError::NotAReport);
    }

    // Metadata.
    let first_structure = layout
        .headings
        .iter()
        .chain(layout.tables.iter())
        .flatten()
        .copied()
        .min()
        .unwrap_or(0);
    let preamble = &lines[..first_structure];
    let title = meta::find_title(preamble);
    let overview = match layout.headings[0] {
        Some(h) => &lines[h + 1..layout.tables[0].unwrap_or(lines.len()).max(h + 1)],
        None => preamble,
    };
    let found_year = meta::find_year(title.as_deref(), overview);
    let year = match (options.year, found_year) {
        (Some(y), Some(f)) if y != f => {
            notes.push(format!(
                "the text says the report is for {f}; using --year {y}"
            ));
            y
        }
        (Some(y), _) | (None, Some(y)) => y,
        (None, None) => return Err(ImportError::NoYear),
    };
    let tail = meta::find_tail(&lines);
    let agency_name = meta::find_agency_name(title.as_deref(), &tail);

    let mut flags = Vec::new();
    let header_date = meta::find_header_date(preamble)
        .or_else(|| meta::find_header_date(&lines[..lines.len().min(10)]));
    let published = match (tail.date, header_date) {
        (Some((d, _)), Some((h, _))) if d != h => {
            notes.push(format!(
                "the signature is dated {d} and the page header {h}; using the signature"
            ));
            Some(d)
        }
        (Some((d, _)), _) | (None, Some((d, _))) => Some(d),
        (None, None) => match &tail.flat_date {
            Some((digits, line)) => {
                let readings = meta::flat_date_readings(digits, year);
                match readings.as_slice() {
                    [one] => Some(*one),
                    [] => None,
                    many => {
                        let shown: Vec<String> = many.iter().map(Date::to_string).collect();
                        flags.push(Flag {
                            address: "published".to_string(),
                            reason: format!(
                                "could not read the date \"{digits}\": {} readings fit ({})",
                                many.len(),
                                shown.join(", ")
                            ),
                            source: digits.clone(),
                            line: *line,
                        });
                        None
                    }
                }
            }
            None => None,
        },
    };

    let region = |k: usize| -> &[Line] {
        match layout.tables[k] {
            Some(s) => &lines[s..layout.table_ends[k].max(s)],
            None => &[],
        }
    };
    let template = meta::detect_template(region(0))
        .or_else(|| {
            if layout.tables[0].is_none() {
                meta::detect_template(&lines)
            } else {
                None
            }
        })
        .ok_or(ImportError::NoTemplate)?;

    // Cells.
    let def = template.def();
    let mut reader = Reader::new(def);
    let without_chrome = |ls: &[Line]| -> Vec<Line> {
        ls.iter()
            .filter(|l| !text::is_chrome(&l.text))
            .cloned()
            .collect()
    };
    let start_line = |k: usize| {
        layout.tables[k]
            .and_then(|i| lines.get(i))
            .map_or(0, |l| l.no)
    };
    for (k, section) in [(0, SectionId::Proactive), (1, SectionId::Requests)] {
        let toks = tokens::tokenize(&without_chrome(region(k)));
        reader.read_rows(section, &toks, start_line(k));
    }
    reader.read_review(&tokens::tokenize(&without_chrome(region(2))), start_line(2));
    reader.resolve();
    notes.append(&mut reader.warnings);

    // The draft.
    let mut draft = Draft::blank(options.agency.as_deref().unwrap_or(""), year, template);
    draft.title = title;
    let (source_url, archive) = meta::find_provenance(&lines);
    draft.source_url = source_url;
    draft.archive = archive;
    draft.published = published.map(|d| d.to_string());
    let mut counts = Counts::default();
    for (i, cell) in draft.cells.iter_mut().enumerate() {
        *cell = DraftCell {
            value: reader.values[i],
            flag: reader.flags[i].as_ref().map(|f| f.reason.clone()),
        };
        match reader.status[i] {
            Status::Read => counts.read += 1,
            Status::Inferred => counts.inferred += 1,
            Status::Blank => counts.blank += 1,
            Status::Flagged | Status::Missing => counts.flagged += 1,
        }
    }
    flags.extend(reader.flags.iter().flatten().cloned());
    // Merged rows in template order.
    let order: Vec<&str> = def.rows(SectionId::Requests).map(|(_, r)| r.key).collect();
    reader
        .merged
        .sort_by_key(|(k, ..)| order.iter().position(|o| o == k));
    for (key, value, status, flag) in reader.merged {
        match status {
            Status::Read => counts.read += 1,
            Status::Inferred => counts.inferred += 1,
            Status::Blank => counts.blank += 1,
            Status::Flagged | Status::Missing => counts.flagged += 1,
        }
        draft.merged.push((
            key,
            DraftCell {
                value,
                flag: flag.as_ref().map(|f| f.reason.clone()),
            },
        ));
        flags.extend(flag);
    }
    draft.narrative = layout::narrative(&lines, &layout);
    let mut imported = Imported {
        draft,
        agency_name,
        year,
        published,
        template,
        counts,
        flags,
        notes,
    };
    imported.draft.transcription_note = Some(transcription_note(&imported, &[]));
    Ok(imported)
}

/// The draft's `transcription_note`, in Chinese (contributors and readers are Chinese): how it
/// was drafted, which cells a person must still decide, and which were decided from the page's
/// HTML tables.
pub fn transcription_note(imported: &Imported, decided_from_html: &[String]) -> String {
    let mut note = String::from("由 gongkai import 依据页面文字稿起草；");
    if decided_from_html.is_empty() {
        note.push_str(match imported.counts.flagged {
            0 => "表格单元格均由文字稿读出或由合计关系唯一推定。",
            _ => "其余表格单元格由文字稿读出或由合计关系唯一推定。",
        });
    } else {
        note.push_str(&format!(
            "文字稿中单元格边界丢失、无法唯一读出的 {} 个单元格，依据原网页 HTML 表格的单元格确定：{}。",
            decided_from_html.len(),
            decided_from_html.join("、")
        ));
    }
    match imported.counts.flagged {
        0 => {}
        n => note.push_str(&format!(
            "另有 {n} 个单元格标记为 ⚠ CHECK，需人工核对原报告。"
        )),
    }
    // The date has no line of its own to carry a ⚠ CHECK comment, so its flag goes in the note.
    if let Some(flag) = imported.flags.iter().find(|f| f.address == "published") {
        note.push_str(&format!("发布日期无法确定：{}。", flag.reason));
    }
    note
}
