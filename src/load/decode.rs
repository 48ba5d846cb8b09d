//! Typed decoding of agency and report files from the positioned YAML tree.
//!
//! Each helper reports what is wrong at the node where it is wrong and carries on, so one run
//! lists every problem of a file.

use std::collections::HashMap;
use std::path::Path;

use super::narrative;
use super::yaml::{self, Node, NodeKind};
use crate::catalogue::{SectionId, Template, ValueKind};
use crate::diagnostic::{Diagnostic, RULES, rule_info};
use crate::model::{
    Agency, AgencyId, AgencyKind, Cell, Date, Declaration, FileId, Level, Number, NumberError, Pos,
    Region, Report,
};

struct Ctx<'a> {
    file: &'a Path,
    diags: &'a mut Vec<Diagnostic>,
    report: Option<(String, u16)>,
}

impl Ctx<'_> {
    fn push(&mut self, mut d: Diagnostic) {
        if let Some((agency, year)) = &self.report {
            d = d.report(agency, *year);
        }
        self.diags.push(d);
    }

    fn error(&mut self, rule: &'static str, pos: Pos, message: String, hint: impl Into<String>) {
        let d = Diagnostic::new(rule, self.file, message).at(pos).hint(hint);
        self.push(d);
    }

    /// The entries of a mapping, checked against the allowed keys: unknown keys (with a
    /// suggestion) and duplicates are reported; the known ones are returned by name.
    fn fields<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        allowed: &[&'static str],
    ) -> Option<HashMap<&'static str, &'n Node>> {
        let NodeKind::Mapping(entries) = &node.kind else {
            self.error(
                "schema.type",
                node.pos,
                format!(
                    "{what} must be a mapping of `key: value` lines, not {}",
                    node.describe()
                ),
                "see docs/report-format.md for the layout",
            );
            return None;
        };
        Some(self.entries(entries.iter(), what, allowed))
    }

    /// Check mapping entries against the allowed keys (see [`Ctx::fields`]).
    fn entries<'n>(
        &mut self,
        entries: impl Iterator<Item = &'n (Node, Node)>,
        what: &str,
        allowed: &[&'static str],
    ) -> HashMap<&'static str, &'n Node> {
        let mut found = HashMap::new();
        for (key, value) in entries {
            let name = key.as_str().unwrap_or_default();
            match allowed.iter().find(|a| **a == name) {
                Some(known) => {
                    if found.insert(*known, value).is_some() {
                        self.error(
                            "schema.duplicate-key",
                            key.pos,
                            format!("`{name}` appears twice in {what}"),
                            "keep one of them",
                        );
                    }
                }
                None => {
                    let hint = match super::suggest(name, allowed.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("the keys of {what} are: {}", allowed.join(", ")),
                    };
                    self.error(
                        "schema.unknown-key",
                        key.pos,
                        format!("unknown key `{name}` in {what}"),
                        hint,
                    );
                }
            }
        }
        found
    }

    fn required<'n>(
        &mut self,
        fields: &HashMap<&'static str, &'n Node>,
        key: &str,
        parent: &Node,
        what: &str,
        hint: &str,
    ) -> Option<&'n Node> {
        let node = fields.get(key).copied();
        if node.is_none() {
            self.error(
                "schema.missing",
                parent.pos,
                format!("{what} has no `{key}`"),
                hint,
            );
        }
        node
    }

    fn text(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.kind {
            NodeKind::Scalar { text, .. } if !node.is_null() && !text.trim().is_empty() => {
                Some(text.trim().to_string())
            }
            _ => {
                self.error(
                    "schema.type",
                    node.pos,
                    format!("{what} must be a text, not {}", node.describe()),
                    "write it on the same line after the colon",
                );
                None
            }
        }
    }

    fn optional_text(&mut self, node: Option<&Node>, what: &str) -> Option<String> {
        node.filter(|n| !n.is_null())
            .and_then(|n| self.text(n, what))
    }

    fn url(&mut self, node: Option<&Node>, what: &str) -> Option<String> {
        let url = self.optional_text(node, what)?;
        if url.starts_with("https://") || url.starts_with("http://") {
            Some(url)
        } else {
            let pos = node.map(|n| n.pos).unwrap_or_default();
            self.error(
                "schema.type",
                pos,
                format!("{what} must be a web address starting with https:// or http://"),
                "copy the address from the browser's address bar",
            );
            None
        }
    }

    fn whole_number(&mut self, node: &Node, what: &str) -> Option<i64> {
        let parsed = match &node.kind {
            NodeKind::Scalar {
                text,
                quoted: false,
            } => text.parse::<i64>().ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                "schema.type",
                node.pos,
                format!("{what} must be a whole number, not {}", shown(node)),
                "write digits only, without quotes",
            );
        }
        parsed
    }

    /// A yes-or-no key: `true`, or `false` / `~` (absent).
    fn flag(&mut self, node: &Node, what: &str) -> bool {
        match &node.kind {
            NodeKind::Scalar {
                text,
                quoted: false,
            } if text == "true" => true,
            NodeKind::Scalar {
                text,
                quoted: false,
            } if text == "false" => false,
            _ if node.is_null() => false,
            _ => {
                self.error(
                    "schema.type",
                    node.pos,
                    format!("{what} must be true or false, not {}", shown(node)),
                    "write `true` without quotes, or remove the line",
                );
                false
            }
        }
    }

    fn choice<T: Copy>(
        &mut self,
        node: &Node,
        what: &str,
        options: &[(&'static str, T)],
    ) -> Option<T> {
        let word = node.as_str().unwrap_or_default();
        if let Some((_, v)) = options.iter().find(|(k, _)| *k == word) {
            return Some(*v);
        }
        let keys: Vec<&str> = options.iter().map(|(k, _)| *k).collect();
        let hint = match super::suggest(word, keys.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("one of: {}", keys.join(", ")),
        };
        self.error(
            "schema.type",
            node.pos,
            format!("{what} cannot be {}", shown(node)),
            hint,
        );
        None
    }

    fn agency_id(&mut self, node: &Node, what: &str) -> Option<AgencyId> {
        let text = node.as_str().unwrap_or_default();
        match AgencyId::parse(text) {
            Ok(id) => Some(id),
            Err(why) => {
                self.error(
                    "agency.id",
                    node.pos,
                    format!("{what} `{text}` is not a valid agency id: it {why}"),
                    "agency ids look like `hami-yizhou-minzheng`",
                );
                None
            }
        }
    }

    /// One table cell, checked against what its column may hold.
    /// `label` names the cell in messages; it is spelled out only when there is one.
    fn cell(&mut self, node: &Node, kind: ValueKind, label: impl std::fmt::Display) -> Cell {
        let mut cell = Cell {
            value: None,
            pos: node.pos,
        };
        if node.is_null() {
            return cell;
        }
        let (text, quoted) = match &node.kind {
            NodeKind::Scalar { text, quoted } => (text.as_str(), *quoted),
            _ => {
                self.error(
                    "schema.type",
                    node.pos,
                    format!(
                        "the cell {label} must be a number or ~, not {}",
                        node.describe()
                    ),
                    "a row is a list of numbers like [0, 1, ~]",
                );
                return cell;
            }
        };
        if quoted {
            self.error(
                "value.not-a-number",
                node.pos,
                format!("the cell {label} holds the quoted text \"{text}\""),
                "write numbers without quotes, and ~ for a blank cell",
            );
            return cell;
        }
        let number = match Number::parse(text) {
            Ok(n) => n,
            Err(e) => {
                let hint = number_hint(text, kind, e);
                self.error(
                    "value.not-a-number",
                    node.pos,
                    format!("the cell {label} holds `{text}`, which is not a plain number"),
                    hint,
                );
                return cell;
            }
        };
        match kind {
            ValueKind::Count | ValueKind::SignedCount => match number.as_int() {
                None => self.error(
                    "value.fractional",
                    node.pos,
                    format!("the cell {label} is a count but holds the fraction {number}"),
                    "counts are whole numbers; check the original table",
                ),
                Some(n) if n < 0 && kind == ValueKind::Count => self.error(
                    "value.negative",
                    node.pos,
                    format!("the cell {label} is a count but holds the negative number {n}"),
                    "only the 2019 template's 本年增/减 may be negative",
                ),
                Some(n) => cell.value = Some(Number::int(n)),
            },
            ValueKind::Amount(_) if number.units < 0 => self.error(
                "value.negative",
                node.pos,
                format!("the cell {label} is an amount but holds the negative number {number}"),
                "amounts are never negative",
            ),
            ValueKind::Amount(_) => cell.value = Some(number),
        }
        cell
    }
}

fn shown(node: &Node) -> String {
    match &node.kind {
        NodeKind::Scalar { text, .. } if !node.is_null() => format!("`{text}`"),
        _ => node.describe().to_string(),
    }
}

fn number_hint(text: &str, kind: ValueKind, error: NumberError) -> String {
    if let ValueKind::Amount(unit) = kind
        && (text.contains('元') || (unit == crate::catalogue::Unit::WanYuan && text.contains('万')))
    {
        return format!(
            "write the number alone; this column's unit is {} already",
            unit.zh()
        );
    }
    match error {
        NumberError::TooLarge => {
            "the number is far too large for a report; check the original".into()
        }
        NumberError::TooPrecise => "keep at most six decimal places".into(),
        NumberError::NotANumber if !text.is_ascii() => non_ascii_hint(text),
        NumberError::NotANumber if text.contains(['e', 'E']) => {
            "write the number in full, without an exponent".into()
        }
        NumberError::NotANumber => {
            "write digits only (with a decimal point for amounts), or ~ for a blank cell".into()
        }
    }
}

/// The hint for a cell with characters other than ASCII: Chinese or full-width numerals,
/// `12万`, a number with its unit.
fn non_ascii_hint(text: &str) -> String {
    if !text.chars().any(|c| c.is_ascii_digit()) {
        return "write the number in ASCII digits (12 for 十二 or １２), and ~ for a blank cell"
            .into();
    }
    let wan = text
        .strip_suffix('万')
        .and_then(|stem| stem.parse::<u64>().ok())
        .and_then(|n| n.checked_mul(10_000));
    match wan {
        Some(n) => format!("write the whole number in digits, without 万: `{text}` is {n}"),
        None => "write the number alone, without a unit or other characters".into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Agency files

const AGENCY_KEYS: &[&str] = &[
    "name",
    "former_names",
    "region",
    "level",
    "kind",
    "parent",
    "website",
];
const REGION_KEYS: &[&str] = &["province", "prefecture", "county"];

pub fn agency(
    text: &str,
    file: &Path,
    stem: &str,
    id: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Option<Agency> {
    let mut ctx = Ctx {
        file,
        diags,
        report: None,
    };
    let agency_id = match AgencyId::parse(stem) {
        Ok(id) => Some(id),
        Err(why) => {
            ctx.error(
                "agency.id",
                Pos::default(),
                format!("the file name `{stem}` is not a valid agency id: it {why}"),
                "rename the file; agency ids look like `hami-yizhou-minzheng`",
            );
            None
        }
    };
    let root = parse_yaml(&mut ctx, text, 0)?;
    let f = ctx.fields(&root, "the agency file", AGENCY_KEYS)?;
    let name = ctx
        .required(
            &f,
            "name",
            &root,
            "the agency file",
            "add `name:` with the agency's full Chinese name",
        )
        .and_then(|n| ctx.text(n, "`name`"));
    let region = ctx
        .required(
            &f,
            "region",
            &root,
            "the agency file",
            "add `region:` with province, prefecture and county",
        )
        .and_then(|n| region(&mut ctx, n));
    let level = ctx
        .required(
            &f,
            "level",
            &root,
            "the agency file",
            "add `level:` (province, prefecture, county or township)",
        )
        .and_then(|n| {
            let options: Vec<(&str, Level)> = Level::ALL.iter().map(|l| (l.key(), *l)).collect();
            ctx.choice(n, "`level`", &options)
        });
    let kind = ctx
        .required(
            &f,
            "kind",
            &root,
            "the agency file",
            "add `kind:` (government, general_office or department)",
        )
        .and_then(|n| {
            let options: Vec<(&str, AgencyKind)> =
                AgencyKind::ALL.iter().map(|k| (k.key(), *k)).collect();
            ctx.choice(n, "`kind`", &options)
        });
    let parent = f
        .get("parent")
        .filter(|n| !n.is_null())
        .and_then(|n| ctx.agency_id(n, "`parent`").map(|id| (id, n.pos)));
    let website = ctx.url(f.get("website").copied(), "`website`");
    let former_names = f
        .get("former_names")
        .map(|n| text_list(&mut ctx, n, "`former_names`"))
        .unwrap_or_default();
    Some(Agency {
        id: agency_id?,
        name: name?,
        former_names,
        region: region?,
        level: level?,
        kind: kind?,
        parent,
        website,
        file: id,
    })
}

fn region(ctx: &mut Ctx<'_>, node: &Node) -> Option<Region> {
    let f = ctx.fields(node, "`region`", REGION_KEYS)?;
    let province = ctx
        .required(
            &f,
            "province",
            node,
            "`region`",
            "add the province, e.g. `province: 新疆维吾尔自治区`",
        )
        .and_then(|n| ctx.text(n, "`province`"));
    let prefecture = ctx.optional_text(f.get("prefecture").copied(), "`prefecture`");
    let county = ctx.optional_text(f.get("county").copied(), "`county`");
    if county.is_some() && prefecture.is_none() {
        ctx.error(
            "schema.missing",
            node.pos,
            "`region` names a county but no prefecture".into(),
            "add the prefecture the county belongs to",
        );
        return None;
    }
    Some(Region {
        province: province?,
        prefecture,
        county,
    })
}

fn parse_yaml(ctx: &mut Ctx<'_>, text: &str, line_offset: u32) -> Option<Node> {
    match yaml::parse(text, line_offset) {
        Ok(Some(node)) => Some(node),
        Ok(None) => {
            ctx.error(
                "schema.missing",
                Pos {
                    line: line_offset.max(1),
                    column: 1,
                    len: 1,
                },
                "the YAML is empty".into(),
                "see docs/report-format.md for what goes here",
            );
            None
        }
        Err(e) => {
            ctx.error("yaml.syntax", e.pos, e.message, e.hint);
            None
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Report files

const REPORT_KEYS: &[&str] = &[
    "agency",
    "year",
    "template",
    "title",
    "published",
    "source_url",
    "archive",
    "transcription_note",
    "proactive",
    "requests",
    "review",
    "as_published",
    "tables_published_empty",
];
const DECLARATION_KEYS: &[&str] = &["rule", "cell", "published", "expected", "note"];

/// Split `---` front matter from the body: (yaml text, line of the opening `---`, body, line
/// before the body's first line).
pub fn split_front_matter(text: &str) -> Option<(&str, &str, u32)> {
    let rest = text.strip_prefix("---")?;
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    let mut offset = 0;
    let mut line = 1;
    for l in rest.split_inclusive('\n') {
        line += 1;
        if l.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + l.len()..];
            return Some((yaml, body, line));
        }
        offset += l.len();
    }
    None
}

/// A cell's name in messages, `row · column`, written out only when needed.
struct CellLabel(&'static str, &'static str);

impl std::fmt::Display for CellLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} · {}", self.0, self.1)
    }
}

pub fn report(
    text: &str,
    file: &Path,
    folder_agency: &str,
    file_year: &str,
    id: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Option<Report> {
    let mut ctx = Ctx {
        file,
        diags,
        report: file_year
            .parse()
            .ok()
            .map(|y| (folder_agency.to_string(), y)),
    };
    if AgencyId::parse(folder_agency).is_err() {
        ctx.error(
            "agency.id",
            Pos::default(),
            format!("the folder name `{folder_agency}` is not a valid agency id"),
            "report folders are named after agency ids like `hami-yizhou-minzheng`",
        );
    }
    let Some((yaml_text, body, body_line)) = split_front_matter(text) else {
        let closed = text.starts_with("---");
        ctx.error(
            "report.front-matter",
            Pos { line: 1, column: 1, len: 3 },
            if closed {
                "the front matter is never closed".into()
            } else {
                "the report has no front matter".into()
            },
            "a report starts with a line `---`, its YAML, a line `---`, then the Markdown narrative",
        );
        return None;
    };
    let narrative = narrative::index(body, text.len() - body.len(), body_line, &mut |d| {
        ctx.push(d.with_file(file))
    });
    let root = parse_yaml(&mut ctx, yaml_text, 1)?;
    let f = ctx.fields(&root, "the front matter", REPORT_KEYS)?;
    let what = "the front matter";
    let agency_node = ctx.required(
        &f,
        "agency",
        &root,
        what,
        "add `agency:` with the agency id",
    );
    let agency = agency_node.and_then(|n| ctx.agency_id(n, "`agency`"));
    let year_node = ctx.required(&f, "year", &root, what, "add `year:` with the report year");
    let year = year_node.and_then(|n| ctx.whole_number(n, "`year`"));
    let template_node = ctx.required(
        &f,
        "template",
        &root,
        what,
        "add `template: 2019` or `template: 2021`",
    );
    let template = template_node.and_then(|n| {
        let t = match &n.kind {
            NodeKind::Scalar {
                text,
                quoted: false,
            } => text.parse().ok().and_then(Template::from_code),
            _ => None,
        };
        if t.is_none() {
            ctx.error(
                "schema.type",
                n.pos,
                format!("`template` must be 2019 or 2021, not {}", shown(n)),
                "2019 is the trial format (reports for 2019 and 2020), 2021 the current one",
            );
        }
        t
    });
    let published = f.get("published").copied().and_then(|n| {
        if n.is_null() {
            return None;
        }
        let date = n.as_str().and_then(Date::parse);
        if date.is_none() {
            ctx.error(
                "schema.type",
                n.pos,
                format!(
                    "`published` must be a date written YYYY-MM-DD, not {}",
                    shown(n)
                ),
                "e.g. `published: 2026-01-29`; use ~ if the report states no date",
            );
        }
        date.map(|d| (d, n.pos))
    });
    let title = ctx.optional_text(f.get("title").copied(), "`title`");
    let source_url = ctx.url(f.get("source_url").copied(), "`source_url`");
    let archive = ctx.optional_text(f.get("archive").copied(), "`archive`");
    let transcription_note =
        ctx.optional_text(f.get("transcription_note").copied(), "`transcription_note`");
    let template = template?;
    let (cells, merged) = tables(&mut ctx, &f, &root, template);
    let declarations = f
        .get("as_published")
        .map(|n| declarations(&mut ctx, n, template))
        .unwrap_or_default();
    let tables_published_empty = f
        .get("tables_published_empty")
        .and_then(|n| ctx.flag(n, "`tables_published_empty`").then_some(n.pos));
    let year = year?;
    let year = match u16::try_from(year) {
        Ok(y) => y,
        Err(_) => {
            ctx.error(
                "report.year",
                year_node.map(|n| n.pos).unwrap_or_default(),
                format!("{year} is not a report year"),
                "",
            );
            return None;
        }
    };
    Some(Report {
        agency: agency?,
        year,
        template,
        title,
        published,
        source_url,
        archive,
        transcription_note,
        cells: cells?,
        merged,
        declarations,
        tables_published_empty,
        narrative,
        file: id,
        year_pos: year_node.map(|n| n.pos).unwrap_or_default(),
        template_pos: template_node.map(|n| n.pos).unwrap_or_default(),
        agency_pos: agency_node.map(|n| n.pos).unwrap_or_default(),
    })
}

/// Decode the three table sections into the flat cell list of the template.
fn tables(
    ctx: &mut Ctx<'_>,
    f: &HashMap<&'static str, &Node>,
    root: &Node,
    template: Template,
) -> (Option<Vec<Cell>>, Vec<(u16, Cell)>) {
    let def = template.def();
    let mut cells = Vec::with_capacity(def.total_cells());
    let mut merged = Vec::new();
    let mut complete = true;
    for section in def.sections {
        let key = section.id.key();
        let Some(node) = f.get(key).copied() else {
            ctx.error(
                "schema.missing",
                root.pos,
                format!(
                    "the front matter has no `{key}` table ({})",
                    section.id.narrative().heading()
                ),
                "gongkai new writes every table with all its rows",
            );
            complete = false;
            continue;
        };
        let row_keys: Vec<&'static str> = def.rows(section.id).map(|(_, r)| r.key).collect();
        let Some(rows) = section_rows(ctx, node, template, section.id, &row_keys) else {
            complete = false;
            continue;
        };
        for (index, (block, row)) in def.rows(section.id).enumerate() {
            let Some(row_node) = rows.get(row.key) else {
                ctx.error(
                    "schema.missing",
                    node.pos,
                    format!("`{key}` has no row `{}` ({})", row.key, row.zh),
                    "every row of the template must be present; write ~ for blank cells",
                );
                complete = false;
                continue;
            };
            let width = block.columns.len();
            match &row_node.kind {
                NodeKind::Sequence(items) if items.len() == width => {
                    for (item, column) in items.iter().zip(block.columns) {
                        let label = CellLabel(row.zh, column.zh);
                        cells.push(ctx.cell(item, column.kind, label));
                    }
                    continue;
                }
                NodeKind::Sequence(items) => {
                    let columns: Vec<&str> = block.columns.iter().map(|c| c.zh).collect();
                    ctx.error(
                        "schema.type",
                        row_node.pos,
                        format!(
                            "the row `{}` ({}) has {}; the {} template has {width}",
                            row.key,
                            row.zh,
                            crate::diagnostic::print::count(items.len(), "cell", "cells"),
                            template
                        ),
                        format!("the columns are: {}", columns.join(", ")),
                    );
                }
                NodeKind::Mapping(_) if section.allows_merged_rows => {
                    if let Some(m) = ctx.fields(
                        row_node,
                        &format!("the merged row `{}`", row.key),
                        &["merged"],
                    ) {
                        match m.get("merged") {
                            Some(v) => {
                                let label = format!("{} (merged)", row.zh);
                                let cell = ctx.cell(v, block.columns[0].kind, &label);
                                merged.push((index as u16, cell));
                                cells.extend(std::iter::repeat_n(
                                    Cell {
                                        value: None,
                                        pos: v.pos,
                                    },
                                    width,
                                ));
                                continue;
                            }
                            None => ctx.error(
                                "schema.missing",
                                row_node.pos,
                                format!("the merged row `{}` has no `merged` value", row.key),
                                "write `{merged: 0}` for a row published as one merged cell",
                            ),
                        }
                    }
                }
                _ => ctx.error(
                    "schema.type",
                    row_node.pos,
                    format!(
                        "the row `{}` must be a list of {width} cells like [0, 1, ~], not {}",
                        row.key,
                        row_node.describe()
                    ),
                    if section.allows_merged_rows {
                        "or `{merged: 0}` for a row the agency published as one merged cell"
                    } else {
                        "write ~ for a blank cell"
                    },
                ),
            }
            complete = false;
        }
    }
    (complete.then_some(cells), merged)
}

fn section_rows<'n>(
    ctx: &mut Ctx<'_>,
    node: &'n Node,
    template: Template,
    section: SectionId,
    row_keys: &[&'static str],
) -> Option<HashMap<&'static str, &'n Node>> {
    let NodeKind::Mapping(entries) = &node.kind else {
        ctx.error(
            "schema.type",
            node.pos,
            format!(
                "`{}` must be a mapping of rows, not {}",
                section.key(),
                node.describe()
            ),
            "each line is `row_key: [cells]`",
        );
        return None;
    };
    // Rows of the other template get their own message: a real report may use the wrong
    // template, but then its `template:` must say so.
    let other = Template::ALL.into_iter().find(|t| *t != template);
    let mut wrong_template = |key: &Node| -> bool {
        let name = key.as_str().unwrap_or_default();
        if row_keys.contains(&name) {
            return false;
        }
        let Some(other) = other.filter(|o| o.def().row(section, name).is_some()) else {
            return false;
        };
        ctx.error(
            "template.row",
            key.pos,
            format!("`{name}` is a row of the {other} template, but this report says `template: {template}`"),
            format!("if the agency used the {other} tables, set `template: {other}` and use its rows"),
        );
        true
    };
    let kept: Vec<&(Node, Node)> = entries
        .iter()
        .filter(|(key, _)| !wrong_template(key))
        .collect();
    Some(ctx.entries(kept.into_iter(), &format!("`{}`", section.key()), row_keys))
}

/// A list of texts (`former_names: [旧名称]`).
fn text_list(ctx: &mut Ctx<'_>, node: &Node, what: &str) -> Vec<String> {
    match &node.kind {
        NodeKind::Sequence(items) => items
            .iter()
            .filter_map(|item| ctx.text(item, what))
            .collect(),
        _ if node.is_null() => Vec::new(),
        _ => {
            ctx.error(
                "schema.type",
                node.pos,
                format!("{what} must be a list of names, not {}", node.describe()),
                "write it as `[名称一, 名称二]` or as lines starting with `- `",
            );
            Vec::new()
        }
    }
}

fn declarations(ctx: &mut Ctx<'_>, node: &Node, template: Template) -> Vec<Declaration> {
    let NodeKind::Sequence(items) = &node.kind else {
        if !node.is_null() {
            ctx.error(
                "schema.type",
                node.pos,
                format!(
                    "`as_published` must be a list of declarations, not {}",
                    node.describe()
                ),
                "each item starts with `- rule:`",
            );
        }
        return Vec::new();
    };
    let declarable: Vec<&str> = RULES
        .iter()
        .filter(|r| r.declarable)
        .map(|r| r.id)
        .collect();
    let mut out = Vec::new();
    for item in items {
        let Some(f) = ctx.fields(item, "a declaration", DECLARATION_KEYS) else {
            continue;
        };
        let rule = ctx
            .required(
                &f,
                "rule",
                item,
                "a declaration",
                "name the rule, e.g. `rule: requests.row-total`",
            )
            .and_then(|n| ctx.text(n, "`rule`"));
        let cell = ctx
            .required(
                &f,
                "cell",
                item,
                "a declaration",
                "name the cell, e.g. `cell: requests.granted.total`",
            )
            .and_then(|n| ctx.text(n, "`cell`"));
        if let (Some(rule), Some(n)) = (&rule, f.get("rule"))
            && !rule_info(rule).is_some_and(|r| r.declarable)
        {
            let hint = match super::suggest(rule, declarable.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("declarable rules: {}", declarable.join(", ")),
            };
            ctx.error(
                "schema.type",
                n.pos,
                format!("`{rule}` is not a rule that can be declared as published"),
                hint,
            );
            continue;
        }
        if let (Some(cell), Some(n)) = (&cell, f.get("cell")) {
            let valid = template.def().cells().any(|c| &c.address() == cell)
                || cell.strip_suffix(".merged").is_some_and(|row| {
                    row.strip_prefix("requests.")
                        .is_some_and(|r| template.def().row(SectionId::Requests, r).is_some())
                });
            if !valid {
                let addresses: Vec<String> = template.def().cells().map(|c| c.address()).collect();
                let hint = match super::suggest(cell, addresses.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => {
                        "cells are written section.row.column, e.g. requests.granted.total".into()
                    }
                };
                ctx.error(
                    "schema.type",
                    n.pos,
                    format!("`{cell}` is not a cell of the {template} template"),
                    hint,
                );
                continue;
            }
        }
        let mut number = |key: &str| {
            f.get(key).filter(|n| !n.is_null()).and_then(|n| {
                let c = ctx.cell(
                    n,
                    ValueKind::SignedCount,
                    format!("`{key}` of the declaration"),
                );
                c.value
            })
        };
        let published = number("published");
        let expected = number("expected");
        let note = ctx.optional_text(f.get("note").copied(), "`note`");
        if let (Some(rule), Some(cell)) = (rule, cell) {
            out.push(Declaration {
                rule,
                cell,
                published,
                expected,
                note,
                pos: item.pos,
            });
        }
    }
    out
}

trait WithFile {
    fn with_file(self, file: &Path) -> Self;
}

impl WithFile for Diagnostic {
    fn with_file(mut self, file: &Path) -> Self {
        self.file = file.to_string_lossy().replace('\\', "/");
        self
    }
}
