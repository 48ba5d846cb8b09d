//! Writes report files: the blank skeleton of `gongkai new` and the drafts of
//! `gongkai import`. One writer, so both produce the layout that `docs/report-format.md`
//! documents, with the Chinese label of every row beside it.

use std::fmt::Write as _;

use crate::catalogue::{NarrativeSection, SectionId, Template};
use crate::model::{AgencyKind, Level, Number};

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
    /// Where the copy the draft was made from is kept (an archive's repository, path, commit).
    pub archive: Option<String>,
    pub transcription_note: Option<String>,
    /// All cells in the order of `TemplateDef::cells`.
    pub cells: Vec<DraftCell>,
    /// Section-三 rows published as one merged cell, by row key.
    pub merged: Vec<(&'static str, DraftCell)>,
    /// Markdown text of each of the six sections, `None` where the report has no such section.
    pub narrative: [Option<String>; 6],
    /// Findings the agency itself published, written as the `as_published` list.
    pub as_published: Vec<DraftDeclaration>,
}

/// One `as_published` declaration: a finding the report carries as the agency published it.
/// It pins the rule, the cell, the published value and the value the rule expects, exactly as
/// `validate` matches them.
#[derive(Clone, Debug, PartialEq)]
pub struct DraftDeclaration {
    pub rule: String,
    pub cell: String,
    pub published: Option<Number>,
    pub expected: Option<Number>,
    pub note: Option<String>,
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
            archive: None,
            transcription_note: None,
            cells: vec![DraftCell::default(); template.def().total_cells()],
            merged: Vec::new(),
            narrative: Default::default(),
            as_published: Vec::new(),
        }
    }
}

/// How deep the schema pointer must reach from `content/reports/<agency>/<year>.md`.
const SCHEMA_POINTER: &str = "# yaml-language-server: $schema=../../../schema/report.schema.json";

pub fn write_report_file(draft: &Draft) -> String {
    write_report(draft, false)
}

/// The text of a report file; `placeholders` writes the metadata keys a contributor fills in
/// (`title`, `source_url`) as `~` with a comment when the draft has no value for them, as the
/// skeleton of `gongkai new` does.
fn write_report(draft: &Draft, placeholders: bool) -> String {
    let mut out = String::new();
    out.push_str("---\n");
    out.push_str(SCHEMA_POINTER);
    out.push('\n');
    let _ = writeln!(out, "agency: {}", draft.agency);
    let _ = writeln!(out, "year: {}", draft.year);
    let _ = writeln!(out, "template: {}", draft.template.code());
    match (&draft.title, placeholders) {
        (None, true) => out.push_str("title: ~       # the title as published\n"),
        (title, _) => write_optional(&mut out, "title", title.as_deref()),
    }
    match &draft.published {
        Some(date) => {
            let _ = writeln!(out, "published: {date}");
        }
        None => {
            out.push_str("published: ~   # YYYY-MM-DD as printed on the report; ~ if not stated\n")
        }
    }
    match (&draft.source_url, placeholders) {
        (None, true) => out.push_str(
            "source_url: ~  # the address of the agency's page that published the report\n",
        ),
        (url, _) => write_optional(&mut out, "source_url", url.as_deref()),
    }
    write_optional(&mut out, "archive", draft.archive.as_deref());
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
    if !draft.as_published.is_empty() {
        out.push_str("\nas_published:\n");
        for d in &draft.as_published {
            let _ = writeln!(out, "  - rule: {}", d.rule);
            let _ = writeln!(out, "    cell: {}", d.cell);
            if let Some(n) = d.published {
                let _ = writeln!(out, "    published: {n}");
            }
            if let Some(n) = d.expected {
                let _ = writeln!(out, "    expected: {n}");
            }
            if let Some(note) = &d.note {
                let _ = writeln!(out, "    note: {}", yaml_string(note));
            }
        }
    }
    out.push_str("---\n");
    for section in NarrativeSection::ALL {
        let text = draft.narrative[section.index()].as_deref();
        // A section the report does not have is left out (a skeleton has every one, empty).
        if text.is_none() {
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

/// What `gongkai new` is asked to make.
#[derive(Clone, Debug)]
pub struct NewReport {
    pub agency: String,
    pub year: u16,
    pub template: Option<Template>,
    /// The agency file to create along with the report, when the agency has none yet.
    pub new_agency: NewAgency,
}

/// The fields of a new agency file, as given on the command line; all empty when the agency
/// exists already.
#[derive(Clone, Debug, Default)]
pub struct NewAgency {
    pub name: Option<String>,
    pub province: Option<String>,
    pub prefecture: Option<String>,
    pub county: Option<String>,
    pub level: Option<Level>,
    pub kind: Option<AgencyKind>,
}

impl NewAgency {
    fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.province.is_none()
            && self.prefecture.is_none()
            && self.county.is_none()
            && self.level.is_none()
            && self.kind.is_none()
    }

    /// The flags still missing to write a complete agency file.
    fn missing(&self) -> Vec<&'static str> {
        [
            ("--agency-name NAME", self.name.is_none()),
            ("--province PROVINCE", self.province.is_none()),
            ("--level LEVEL", self.level.is_none()),
            ("--kind KIND", self.kind.is_none()),
        ]
        .into_iter()
        .filter_map(|(flag, missing)| missing.then_some(flag))
        .collect()
    }
}

/// The flags that create an agency, with the values `--level` and `--kind` take.
fn agency_flags_help() -> String {
    let levels: Vec<String> = Level::ALL
        .iter()
        .map(|l| format!("{} {}", l.key(), l.zh()))
        .collect();
    let kinds: Vec<String> = AgencyKind::ALL
        .iter()
        .map(|k| format!("{} {}", k.key(), k.zh()))
        .collect();
    format!(
        "--agency-name NAME --province PROVINCE [--prefecture PREFECTURE] [--county COUNTY] --level LEVEL --kind KIND\n  NAME and the places in Chinese, as the agency writes them (某某县某某局, 新疆维吾尔自治区)\n  LEVEL: {}\n  KIND:  {}",
        levels.join(", "),
        kinds.join(", ")
    )
}

/// Write the skeleton of a new report (and, if asked, of its agency) under `root/content`.
/// Returns the files written, the agency file first. Never overwrites a file, and writes
/// nothing when the request is incomplete.
pub fn new_report(
    root: &std::path::Path,
    request: &NewReport,
) -> Result<Vec<std::path::PathBuf>, String> {
    use crate::model::{AgencyId, agency_path, report_path};
    let id = AgencyId::parse(&request.agency)
        .map_err(|why| format!("`{}` is not a valid agency id: it {why}", request.agency))?;
    let this_year = crate::validate::current_year();
    if !(crate::validate::FIRST_YEAR..=this_year + 1).contains(&request.year) {
        return Err(format!(
            "{} is not a report year ({}–{})",
            request.year,
            crate::validate::FIRST_YEAR,
            this_year + 1
        ));
    }
    let template = match request
        .template
        .or_else(|| Template::expected_for_year(request.year))
    {
        Some(t) => t,
        None => {
            return Err(format!(
                "there was no national template for {}; name one with --template 2019 or 2021",
                request.year
            ));
        }
    };
    let report_rel = report_path(&id, request.year);
    let report_file = root.join(&report_rel);
    if report_file.exists() {
        return Err(format!(
            "{} exists already; gongkai new never overwrites a file",
            report_rel.display()
        ));
    }
    let agency_rel = agency_path(&id);
    let agency_file = root.join(&agency_rel);
    let agency_text = match (agency_file.exists(), request.new_agency.is_empty()) {
        (true, true) => None,
        (true, false) => {
            return Err(format!(
                "the agency `{id}` exists already ({}): the agency flags only create a new one; edit that file instead",
                agency_rel.display()
            ));
        }
        (false, true) => {
            return Err(format!(
                "there is no agency `{id}` ({} is missing): add it first, or create it with\n  {}",
                agency_rel.display(),
                agency_flags_help()
            ));
        }
        (false, false) => Some(agency_file_text(&id, &agency_rel, &request.new_agency)?),
    };
    let mut written = Vec::new();
    if let Some(text) = agency_text {
        write_new(&agency_file, &text)?;
        written.push(agency_file);
    }
    let mut draft = Draft::blank(id.as_str(), request.year, template);
    draft.narrative = std::array::from_fn(|_| Some(String::new()));
    write_new(&report_file, &write_report(&draft, true))?;
    written.push(report_file);
    Ok(written)
}

fn write_new(path: &std::path::Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    // create_new: a file that appeared meanwhile is still never overwritten.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The text of a new agency file, complete: every required field from the flags, checked by
/// the same decoder as `gongkai check` before anything is written.
fn agency_file_text(
    id: &crate::model::AgencyId,
    rel: &std::path::Path,
    agency: &NewAgency,
) -> Result<String, String> {
    let (Some(name), Some(province), Some(level), Some(kind)) =
        (&agency.name, &agency.province, agency.level, agency.kind)
    else {
        return Err(format!(
            "to create the agency `{id}`, gongkai new needs {} as well:\n  {}",
            agency.missing().join(", "),
            agency_flags_help()
        ));
    };
    let mut text = format!(
        "# yaml-language-server: $schema=../../schema/agency.schema.json\nname: {}\nregion:\n  province: {}\n",
        yaml_string(name),
        yaml_string(province)
    );
    for (key, value) in [
        ("prefecture", &agency.prefecture),
        ("county", &agency.county),
    ] {
        if let Some(value) = value {
            let _ = writeln!(text, "  {key}: {}", yaml_string(value));
        }
    }
    let _ = writeln!(text, "level: {}", level.key());
    let _ = writeln!(text, "kind: {}", kind.key());
    let mut diags = Vec::new();
    crate::load::decode::agency(&text, rel, id.as_str(), 0, &mut diags);
    match diags.first() {
        None => Ok(text),
        Some(d) => Err(format!(
            "the agency `{id}` cannot be created so: {}{}",
            d.message,
            d.hint
                .as_deref()
                .map_or(String::new(), |h| format!(" ({h})"))
        )),
    }
}
