//! Deciding flagged cells from the page's HTML. Flattened text loses cell boundaries; the
//! page's own `<table>` does not. When the HTML of the page (or the fragment of it holding a
//! table) is given beside the text, every cell the text left blank and flagged is read again
//! from the HTML, and filled only where the HTML gives it a single reading. Cells the text read
//! are compared, never replaced: a disagreement is reported and the text's cell is flagged.

use crate::catalogue::SectionId;
use crate::model::Number;

use super::tables::{Reader, Status};
use super::text::{html_lines, is_chrome};
use super::tokens::tokenize;
use super::{Flag, Imported};

/// What one piece of evidence did to a draft.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decided {
    /// The tables found in the HTML.
    pub sections: Vec<SectionId>,
    /// Flagged cells the HTML filled (addresses).
    pub filled: Vec<String>,
    /// Cells where the HTML and the text disagree (address, text, HTML).
    pub disagreements: Vec<(String, String, String)>,
}

/// A cell as a reader finds it on the page: 「行政规范性文件（本年制发件数）」.
pub fn label_of(cell: &crate::catalogue::CellDef) -> String {
    format!("{}（{}）", cell.row.zh, cell.column.zh)
}

/// Which tables an HTML page or fragment holds, judged by their labels.
fn sections_in(text: &str) -> Vec<SectionId> {
    let mut out = Vec::new();
    if text.contains("第二十条") {
        out.push(SectionId::Proactive);
    }
    if text.contains("本年新收") || text.contains("本年度办理结果") {
        out.push(SectionId::Requests);
    }
    if text.contains("复议后起诉") || text.contains("未经复议直接起诉") {
        out.push(SectionId::Review);
    }
    out
}

/// Read the tables of `html` with the draft's template and decide its flagged cells.
pub fn apply(imported: &mut Imported, html: &str) -> Decided {
    let lines: Vec<_> = html_lines(html)
        .into_iter()
        .filter(|l| !is_chrome(&l.text))
        .collect();
    let all: String = lines.iter().map(|l| l.text.as_str()).collect();
    let mut decided = Decided {
        sections: sections_in(&all),
        ..Decided::default()
    };
    let def = imported.template.def();
    let mut reader = Reader::new(def);
    // Each table is read from its own stretch of lines, so that one table's numbers cannot
    // reach into another's rows.
    let starts: Vec<(SectionId, usize)> = decided
        .sections
        .iter()
        .filter_map(|s| {
            let mark: &[&str] = match s {
                SectionId::Proactive => &["第二十条"],
                SectionId::Requests => &["勾稽", "钩稽", "申请人情况", "本年新收"],
                SectionId::Review => &["行政复议"],
            };
            let i = lines
                .iter()
                .position(|l| mark.iter().any(|m| l.text.contains(m)))?;
            Some((*s, i))
        })
        .collect();
    for (section, start) in &starts {
        let end = starts
            .iter()
            .map(|(_, s)| *s)
            .filter(|s| s > start)
            .min()
            .unwrap_or(lines.len());
        let tokens = tokenize(&lines[*start..end]);
        let line = lines[*start].no;
        match section {
            SectionId::Review => reader.read_review(&tokens, line),
            other => reader.read_rows(*other, &tokens, line),
        }
    }
    reader.resolve();
    for (i, cell) in def.cells().enumerate() {
        if !decided.sections.contains(&cell.section) {
            continue;
        }
        let address = cell.address();
        let from_html = match reader.status[i] {
            Status::Read | Status::Inferred => Some(reader.values[i]),
            Status::Blank => Some(None),
            _ => None,
        };
        let Some(html_value) = from_html else {
            continue;
        };
        let draft_cell = &mut imported.draft.cells[i];
        if draft_cell.flag.is_some() {
            draft_cell.value = html_value;
            draft_cell.flag = None;
            imported.flags.retain(|f| f.address != address);
            imported.counts.flagged = imported.counts.flagged.saturating_sub(1);
            imported.counts.decided += 1;
            decided.filled.push(label_of(&cell));
        } else if draft_cell.value != html_value {
            let show = |v: Option<Number>| v.map_or("~".to_string(), |n| n.to_string());
            decided
                .disagreements
                .push((address.clone(), show(draft_cell.value), show(html_value)));
            let reason = format!(
                "the text reads {} but the page's HTML {}",
                show(draft_cell.value),
                show(html_value)
            );
            draft_cell.flag = Some(reason.clone());
            draft_cell.value = None;
            imported.counts.flagged += 1;
            imported.flags.push(Flag {
                address,
                reason,
                source: String::new(),
                line: 0,
            });
        }
    }
    decided
}
