//! The checks: relations between files, the arithmetic rules of the catalogue, continuity
//! across years, publication deadlines and the narrative sections.
//!
//! Every check returns findings as data. An arithmetic or carry-over finding is an error
//! unless the report declares it `as_published` with the exact values; declared findings
//! become warnings, shown on the site as data-quality flags. A declaration pins the rule, the
//! cell, the published value and the value the rule expects, so a second mistake in any cell
//! the rule involves changes one of them and no longer matches.

use std::collections::{BTreeMap, HashSet};

use crate::catalogue::{RowSlot, RuleShape, SectionId, Template};
use crate::diagnostic::{Diagnostic, Message, Severity, rule_info};
use crate::export::MERGED_COLUMN_KEY;
use crate::load::Site;
use crate::model::{AgencyKind, Cell, Date, Level, Number, Pos, Report};
use crate::msg;

/// The earliest report year: the 条例 took effect in 2008.
pub const FIRST_YEAR: u16 = 2008;

/// Run every check over a loaded site. `this_year` bounds report years (next year at most).
pub fn validate(site: &Site, this_year: u16) -> Vec<Diagnostic> {
    let mut out = validate_relations(site, this_year);
    let per_report: Vec<Vec<Diagnostic>> = {
        use rayon::prelude::*;
        site.reports
            .par_iter()
            .map(|report| validate_report(site, report))
            .collect()
    };
    out.extend(per_report.into_iter().flatten());
    out
}

/// The checks that relate files to each other (unknown agencies, misfiled, duplicate and
/// out-of-range reports): the part of [`validate`] that looks at the whole site. `serve`
/// runs it on every rebuild and [`validate_report`] only for the reports a change touches.
pub fn validate_relations(site: &Site, this_year: u16) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    relations(site, this_year, &mut out);
    out
}

/// The checks of one report (arithmetic, carry-over from the year before, publication date,
/// narrative): the per-report part of [`validate`]. Every finding names the report's file.
pub fn validate_report(site: &Site, report: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_report(site, report, previous_report(site, report), &mut out);
    out
}

/// The current calendar year, from the system clock (UTC).
pub fn current_year() -> u16 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // 365.2425 days a year is exact enough for a year bound.
    (1970 + secs / 31_556_952) as u16
}

/// Sort findings for output: by file, line, column, rule.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(order);
}

/// The order of [`sort`].
pub fn order(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    (&a.file, a.line, a.column, a.rule, &a.message)
        .cmp(&(&b.file, b.line, b.column, b.rule, &b.message))
}

fn previous_report<'a>(site: &'a Site, report: &'a Report) -> Option<&'a Report> {
    site.reports_of(&report.agency)
        .take_while(|r| r.year < report.year)
        .last()
        .filter(|r| r.year + 1 == report.year)
}

// ---------------------------------------------------------------------------------------------
// Relations between files

/// Whether `content/agencies/<id>.yaml` is one of the site's files, loaded or not: an agency
/// file with errors has its own findings, and its reports are not also told it is missing.
fn agency_file_exists(site: &Site, id: &crate::model::AgencyId) -> bool {
    let path = crate::model::agency_path(id);
    site.files.iter().any(|f| f.path == path)
}

fn relations(site: &Site, this_year: u16, out: &mut Vec<Diagnostic>) {
    for agency in site.agencies.values() {
        if let Some((parent, pos)) = &agency.parent
            && !site.agencies.contains_key(parent)
            && !agency_file_exists(site, parent)
        {
            out.push(
                Diagnostic::with(
                    "agency.unknown",
                    site.file(agency.file),
                    msg!("agency.unknown.parent", parent = parent),
                )
                .at(*pos)
                .hint_with(msg!("agency.unknown.parent.hint", parent = parent)),
            );
        }
    }
    // Of two reports for one agency and year, the one filed where that report belongs is the
    // original; the other is the duplicate. If neither is, the second one found is.
    let mut filed: HashSet<(&str, u16)> = HashSet::new();
    for report in &site.reports {
        if site.file(report.file) == report.path() {
            filed.insert((report.agency.as_str(), report.year));
        }
    }
    let mut seen: HashSet<(&str, u16)> = HashSet::new();
    for report in &site.reports {
        let file = site.file(report.file);
        let mk = |rule, message: Message| {
            Diagnostic::with(rule, file, message).report(report.agency.as_str(), report.year)
        };
        if !site.agencies.contains_key(&report.agency) && !agency_file_exists(site, &report.agency)
        {
            let hint = match crate::load::suggest(
                report.agency.as_str(),
                site.agencies.keys().map(|k| k.as_str()),
            ) {
                Some(s) => msg!(
                    "agency.unknown.suggest.hint",
                    suggestion = s,
                    agency = report.agency
                ),
                None => msg!("agency.unknown.new.hint", agency = report.agency),
            };
            out.push(
                mk(
                    "agency.unknown",
                    msg!("agency.unknown", agency = report.agency),
                )
                .at(report.agency_pos)
                .hint_with(hint),
            );
        }
        let folder = file
            .parent()
            .and_then(|p| p.file_name())
            .map(|s| s.to_string_lossy().into_owned());
        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned());
        if folder.as_deref() != Some(report.agency.as_str()) {
            out.push(
                mk(
                    "report.misfiled",
                    msg!(
                        "report.misfiled.folder",
                        agency = report.agency,
                        folder = folder.unwrap_or_default()
                    ),
                )
                .at(report.agency_pos)
                .hint_with(msg!(
                    "report.misfiled.folder.hint",
                    agency = report.agency,
                    year = report.year
                )),
            );
        }
        if stem.as_deref() != Some(report.year.to_string().as_str()) {
            out.push(
                mk(
                    "report.misfiled",
                    msg!(
                        "report.misfiled.name",
                        year = report.year,
                        stem = stem.unwrap_or_default()
                    ),
                )
                .at(report.year_pos)
                .hint_with(msg!("report.misfiled.name.hint", year = report.year)),
            );
        }
        if !(FIRST_YEAR..=this_year + 1).contains(&report.year) {
            out.push(
                mk(
                    "report.year",
                    msg!(
                        "report.year",
                        year = report.year,
                        first = FIRST_YEAR,
                        last = this_year + 1
                    ),
                )
                .at(report.year_pos)
                .hint_with(msg!("report.year.hint")),
            );
        }
        let key = (report.agency.as_str(), report.year);
        let duplicate = if filed.contains(&key) {
            site.file(report.file) != report.path()
        } else {
            !seen.insert(key)
        };
        if duplicate {
            out.push(
                mk(
                    "report.duplicate",
                    msg!(
                        "report.duplicate",
                        agency = report.agency,
                        year = report.year
                    ),
                )
                .at(report.year_pos)
                .hint_with(msg!("report.duplicate.hint")),
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// One report

/// A finding of a declarable rule, before declarations are applied.
struct Computed {
    rule: &'static str,
    cell: String,
    published: Number,
    expected: Number,
    pos: Pos,
    message: Message,
}

fn check_report(
    site: &Site,
    report: &Report,
    previous: Option<&Report>,
    out: &mut Vec<Diagnostic>,
) {
    let file = site.file(report.file);
    let mk = |rule: &'static str, message: Message| {
        Diagnostic::with(rule, file, message).report(report.agency.as_str(), report.year)
    };
    let mut computed = Vec::new();
    let mut unchecked: BTreeMap<&'static str, (usize, usize, Pos)> = BTreeMap::new();
    if transcription(report, &mk, out) {
        // Nothing to check in an untouched skeleton; its error says what to do.
        return;
    }
    arithmetic(report, &mut computed, &mut unchecked);
    if let Some(previous) = previous {
        carry_over(report, previous, &mut computed, &mut unchecked);
        // Roll-forward findings are warnings; a declaration may explain one with a note.
        roll_forward(
            report,
            previous,
            |rule, cell, pos, published, expected, message| {
                computed.push(Computed {
                    rule,
                    cell,
                    published,
                    expected,
                    pos,
                    message,
                });
            },
        );
    }
    for (rule, (blank, total, pos)) in unchecked.into_iter().filter(|(_, (blank, ..))| *blank > 0) {
        out.push(
            mk(
                "arithmetic.unchecked",
                msg!(
                    "arithmetic.unchecked",
                    rule = rule,
                    blank = blank,
                    total = total
                ),
            )
            .at(pos)
            .hint_with(msg!("arithmetic.unchecked.hint")),
        );
    }
    let mismatches = narrative_figures(report, &mk);
    apply_declarations(report, computed, mismatches, &mk, out);
    if let Some(agency) = site.agencies.get(&report.agency) {
        publication(report, agency.kind, agency.level, &mk, out);
    }
    narrative(report, &mk, out);
}

/// `report.untranscribed`: a report whose tables are all blank is an untouched skeleton, unless
/// the front matter says `tables_published_empty: true` (then the agency's own emptiness, a
/// warning). Returns whether the report is an undeclared skeleton, whose other checks would
/// only repeat that its cells are blank.
fn transcription(
    report: &Report,
    mk: &dyn Fn(&'static str, Message) -> Diagnostic,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let filled = report
        .cells
        .iter()
        .chain(report.merged.iter().map(|(_, c)| c))
        .filter(|c| c.value.is_some())
        .count();
    let first = report.cells.first().map(|c| c.pos).unwrap_or_default();
    match (filled, report.tables_published_empty) {
        (0, None) => {
            out.push(
                mk("report.untranscribed", msg!("report.untranscribed"))
                    .at(first)
                    .hint_with(msg!("report.untranscribed.hint")),
            );
            true
        }
        (0, Some(pos)) => {
            let mut warning = mk(
                "report.untranscribed",
                msg!("report.untranscribed.declared"),
            )
            .at(pos)
            .severity(Severity::Warning);
            warning.note = Some("tables_published_empty: true".into());
            out.push(warning);
            false
        }
        (n, Some(pos)) => {
            out.push(
                mk(
                    "declaration.unmatched",
                    msg!("declaration.unmatched.empty", n = n),
                )
                .at(pos)
                .hint_with(msg!("declaration.unmatched.empty.hint")),
            );
            false
        }
        (_, None) => false,
    }
}

/// The cell of a row already looked up, in a column (a row missing from the template has none).
fn cell_at(report: &Report, slot: Option<RowSlot>, column: &str) -> Option<Cell> {
    report.cell_at(slot?, column).copied()
}

/// Evaluate the catalogue's rules over the report's cells (and over merged rows, when every
/// row a column equation needs was published merged).
fn arithmetic(
    report: &Report,
    computed: &mut Vec<Computed>,
    unchecked: &mut BTreeMap<&'static str, (usize, usize, Pos)>,
) {
    let def = report.def();
    for rule in def.rules {
        let mut tally = |blank: bool, pos: Pos| {
            let entry = unchecked.entry(rule.id).or_insert((0, 0, pos));
            entry.1 += 1;
            if blank {
                if entry.0 == 0 {
                    entry.2 = pos;
                }
                entry.0 += 1;
            }
        };
        match &rule.shape {
            RuleShape::Across { rows, total, parts } => {
                for row in rows.rows(def, rule.section) {
                    // The row's slot once, then its cells by column (as `Report::cell` would).
                    let slot = def.slot(rule.section, row.key);
                    let total_cell = cell_at(report, slot, total).unwrap_or_default();
                    let part_cells: Vec<Cell> = parts
                        .iter()
                        .filter_map(|p| cell_at(report, slot, p))
                        .collect();
                    let Some((t, sum)) = total_cell.value.zip(sum_cells(&part_cells)) else {
                        tally(true, first_blank(&part_cells, total_cell));
                        continue;
                    };
                    tally(false, total_cell.pos);
                    if t != sum {
                        let (block, _) = def
                            .row(rule.section, row.key)
                            .unwrap_or_else(|| unreachable!());
                        let total_label = block
                            .columns
                            .iter()
                            .find(|c| c.key == *total)
                            .map_or("", |c| c.zh);
                        computed.push(Computed {
                            rule: rule.id,
                            cell: format!("{}.{}.{}", rule.section.key(), row.key, total),
                            published: t,
                            expected: sum,
                            pos: total_cell.pos,
                            message: msg!(
                                "arithmetic.across",
                                row = row.zh,
                                total_label = total_label,
                                total = t,
                                sum = sum
                            ),
                        });
                    }
                }
            }
            RuleShape::Down {
                left,
                right,
                anchor,
            } => {
                let left = left.rows(def, rule.section);
                let right = right.rows(def, rule.section);
                let Some((block, _)) = def.row(rule.section, anchor) else {
                    continue;
                };
                let columns = block.columns.iter().map(|c| (c.key, c.zh, false));
                let merged = std::iter::once((MERGED_COLUMN_KEY, "合并单元格", true));
                // Each row's slot once, not once per column.
                let slots = |rows: &[&crate::catalogue::RowDef]| -> Vec<Option<RowSlot>> {
                    rows.iter().map(|r| def.slot(rule.section, r.key)).collect()
                };
                let (left_slots, right_slots) = (slots(&left), slots(&right));
                for (column, column_zh, is_merged) in columns.chain(merged) {
                    let pick = |rows: &[&crate::catalogue::RowDef],
                                slots: &[Option<RowSlot>]|
                     -> Vec<(Cell, bool)> {
                        rows.iter()
                            .zip(slots)
                            .map(|(r, slot)| {
                                // A merged row's seven cells are blank and sit at the merged value,
                                // so an unchecked finding about them still has a place.
                                let cell = if is_merged {
                                    report.merged_cell(r.key).copied()
                                } else {
                                    cell_at(report, *slot, column)
                                };
                                (cell.unwrap_or_default(), r.key == *anchor)
                            })
                            .collect()
                    };
                    let (l, r) = (pick(&left, &left_slots), pick(&right, &right_slots));
                    if is_merged && l.iter().chain(&r).all(|(c, _)| c.value.is_none()) {
                        continue; // no merged rows here: nothing to check, nothing to say
                    }
                    let all: Vec<Cell> = l.iter().chain(&r).map(|(c, _)| *c).collect();
                    let anchor_cell = l
                        .iter()
                        .chain(&r)
                        .find(|(_, a)| *a)
                        .map(|(c, _)| *c)
                        .unwrap_or_default();
                    let (Some(ls), Some(rs)) = (sum_cells(&cells(&l)), sum_cells(&cells(&r)))
                    else {
                        tally(true, first_blank(&all, anchor_cell));
                        continue;
                    };
                    tally(false, anchor_cell.pos);
                    if ls == rs {
                        continue;
                    }
                    let Some(a) = anchor_cell.value else { continue };
                    let anchor_in_left = l.iter().any(|(_, is_anchor)| *is_anchor);
                    let expected = if anchor_in_left {
                        add(rs, neg(add(ls, neg(a))))
                    } else {
                        add(ls, neg(add(rs, neg(a))))
                    };
                    let describe = |side: &[(Cell, bool)], rows: &[&crate::catalogue::RowDef]| {
                        side.iter()
                            .zip(rows)
                            .map(|((c, _), r)| {
                                format!(
                                    "{} {}",
                                    short_label(r.zh),
                                    c.value.map_or("~".into(), |v| v.to_string())
                                )
                            })
                            .collect::<Vec<_>>()
                            .join(" + ")
                    };
                    let message = if right.len() > 4 {
                        msg!(
                            "arithmetic.outcomes",
                            column = column_zh,
                            total = ls,
                            sum = rs
                        )
                    } else {
                        msg!(
                            "arithmetic.down",
                            column = column_zh,
                            left = describe(&l, &left),
                            total = ls,
                            right = describe(&r, &right),
                            sum = rs
                        )
                    };
                    computed.push(Computed {
                        rule: rule.id,
                        cell: format!("{}.{}.{}", rule.section.key(), anchor, column),
                        published: a,
                        expected,
                        pos: anchor_cell.pos,
                        message,
                    });
                }
            }
        }
    }
}

fn cells(side: &[(Cell, bool)]) -> Vec<Cell> {
    side.iter().map(|(c, _)| *c).collect()
}

fn first_blank(cells: &[Cell], fallback: Cell) -> Pos {
    if fallback.value.is_none() {
        return fallback.pos;
    }
    cells
        .iter()
        .find(|c| c.value.is_none())
        .map_or(fallback.pos, |c| c.pos)
}

/// The sum of the cells, or `None` if any is blank. Cells in one rule share a unit.
fn sum_cells(cells: &[Cell]) -> Option<Number> {
    cells
        .iter()
        .try_fold(Number::int(0), |acc, c| c.value.map(|v| add(acc, v)))
}

fn add(a: Number, b: Number) -> Number {
    let scale = a.scale.max(b.scale);
    let up = |n: Number| {
        n.units
            .saturating_mul(10i64.saturating_pow((scale - n.scale) as u32))
    };
    Number {
        units: up(a).saturating_add(up(b)),
        scale,
    }
}

fn neg(a: Number) -> Number {
    Number {
        units: -a.units,
        scale: a.scale,
    }
}

/// `一、本年新收政府信息公开申请数量` → `一、本年新收`; keeps messages readable.
fn short_label(zh: &str) -> String {
    zh.chars().take(6).collect()
}

/// This year's 二、上年结转 must equal last year's 四、结转下年度继续办理, column by column.
/// A blank on either side (or a merged row) makes a column uncheckable: said, never taken as 0.
fn carry_over(
    report: &Report,
    previous: &Report,
    computed: &mut Vec<Computed>,
    unchecked: &mut BTreeMap<&'static str, (usize, usize, Pos)>,
) {
    let def = report.def();
    let Some((block, _)) = def.row(SectionId::Requests, "carried_over") else {
        return;
    };
    for column in block.columns {
        let now = report.cell(SectionId::Requests, "carried_over", column.key);
        let before = previous.value(SectionId::Requests, "carried_forward", column.key);
        if let Some(now_cell) = now {
            let blank = now_cell.value.is_none() || before.is_none();
            let entry = unchecked
                .entry("years.carry-over")
                .or_insert((0, 0, now_cell.pos));
            entry.1 += 1;
            if blank {
                if entry.0 == 0 {
                    entry.2 = now_cell.pos;
                }
                entry.0 += 1;
            }
        }
        if let (Some(now_cell), Some(before)) = (now, before)
            && let Some(now) = now_cell.value.filter(|n| *n != before)
        {
            computed.push(Computed {
                rule: "years.carry-over",
                cell: format!("requests.carried_over.{}", column.key),
                published: now,
                expected: before,
                pos: now_cell.pos,
                message: msg!(
                    "years.carry-over",
                    column = column.zh,
                    now = now,
                    previous = previous.year,
                    before = before
                ),
            });
        }
    }
}

/// Stocks that should roll forward from one year to the next; warnings only, since agencies
/// restate them after clean-ups.
fn roll_forward(
    report: &Report,
    previous: &Report,
    mut push: impl FnMut(&'static str, String, Pos, Number, Number, Message),
) {
    let v = |r: &Report, row: &str, col: &str| r.value(SectionId::Proactive, row, col);
    match (previous.template, report.template) {
        (Template::F2021, Template::F2021) => {
            for row in ["regulations", "normative_documents"] {
                let (Some(before), Some(issued), Some(repealed), Some(cell)) = (
                    v(previous, row, "in_force"),
                    v(report, row, "issued"),
                    v(report, row, "repealed"),
                    report.cell(SectionId::Proactive, row, "in_force"),
                ) else {
                    continue;
                };
                let Some(now) = cell.value else { continue };
                let expected = add(add(before, issued), neg(repealed));
                if now != expected {
                    push(
                        "years.in-force",
                        format!("proactive.{row}.in_force"),
                        cell.pos,
                        now,
                        expected,
                        msg!(
                            "years.in-force",
                            now = now,
                            before = before,
                            issued = issued,
                            repealed = repealed,
                            expected = expected
                        ),
                    );
                }
            }
        }
        (Template::F2019, Template::F2019) => {
            for row in [
                "licensing",
                "other_services",
                "penalties",
                "coercion",
                "admin_fees",
            ] {
                let (Some(before), Some(change), Some(cell)) = (
                    v(previous, row, "previous_items"),
                    v(previous, row, "change"),
                    report.cell(SectionId::Proactive, row, "previous_items"),
                ) else {
                    continue;
                };
                let Some(now) = cell.value else { continue };
                let expected = add(before, change);
                if now != expected {
                    push(
                        "years.item-count",
                        format!("proactive.{row}.previous_items"),
                        cell.pos,
                        now,
                        expected,
                        msg!(
                            "years.item-count",
                            now = now,
                            before = before,
                            change = change,
                            expected = expected
                        ),
                    );
                }
            }
        }
        _ => {}
    }
}

/// The figures the narrative states about the report's year that its tables contradict
/// (`narrative.table-mismatch`), at the number in the narrative. A figure with a blank cell is
/// not compared.
fn narrative_figures(
    report: &Report,
    mk: &dyn Fn(&'static str, Message) -> Diagnostic,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in report
        .narrative
        .statements
        .iter()
        .filter(|s| s.is_about(report.year))
    {
        let Some(table) = s.figure.value(report) else {
            continue;
        };
        if table == Number::int(s.value) {
            continue;
        }
        let heading = s.section.heading();
        let name = heading.split_once('、').map_or(heading, |(_, n)| n);
        let cell = s.figure.cell(report.template);
        out.push(
            mk(
                "narrative.table-mismatch",
                msg!(
                    "narrative.table-mismatch.found",
                    section = name,
                    quote = s.quote,
                    table = table
                ),
            )
            .at(s.pos)
            .cell(cell.clone())
            .hint_with(msg!(
                "narrative.table-mismatch.found.hint",
                figure = s.figure.en(),
                table = table,
                cell = cell
            )),
        );
    }
    out
}

fn apply_declarations(
    report: &Report,
    computed: Vec<Computed>,
    mut mismatches: Vec<Diagnostic>,
    mk: &dyn Fn(&'static str, Message) -> Diagnostic,
    out: &mut Vec<Diagnostic>,
) {
    let mut used = vec![false; report.declarations.len()];
    for finding in computed {
        let declared = report
            .declarations
            .iter()
            .enumerate()
            .find(|(_, d)| d.rule == finding.rule && d.cell == finding.cell);
        let base = mk(finding.rule, finding.message.clone())
            .at(finding.pos)
            .cell(finding.cell.clone());
        match declared {
            Some((i, d))
                if d.published == Some(finding.published)
                    && d.expected == Some(finding.expected) =>
            {
                used[i] = true;
                let mut warning = base.severity(Severity::Warning);
                warning.note = d.note.clone();
                out.push(warning);
            }
            Some((i, d)) => {
                used[i] = true;
                out.push(base.hint_with(msg!("declaration.stale.hint")));
                out.push(
                    mk(
                        "declaration.unmatched",
                        msg!(
                            "declaration.unmatched.values",
                            rule = d.rule,
                            cell = d.cell,
                            published = show(d.published),
                            expected = show(d.expected),
                            now_published = finding.published,
                            now_expected = finding.expected
                        ),
                    )
                    .at(d.pos)
                    .hint_with(msg!("declaration.unmatched.values.hint")),
                );
            }
            None => out.push(base.hint_with(msg!(
                "declaration.declare.hint",
                rule = finding.rule,
                cell = finding.cell,
                published = finding.published,
                expected = finding.expected
            ))),
        }
    }
    for (d, used) in report.declarations.iter().zip(used) {
        if used {
            continue;
        }
        if d.rule == "narrative.table-mismatch" {
            // The check finds it: the declaration keeps its wording and adds its note.
            if let Some(m) = mismatches
                .iter_mut()
                .find(|m| m.cell.as_deref() == Some(d.cell.as_str()) && m.note.is_none())
            {
                if let Some(note) = &d.note {
                    m.message = note.clone();
                }
                m.note = d.note.clone();
                let hint = msg!("narrative.table-mismatch.declared.hint");
                m.hint = Some(hint.render(crate::config::Language::English));
                m.hint_msg = Some(hint);
                continue;
            }
            out.push(
                mk(
                    "declaration.unmatched",
                    msg!("declaration.unmatched.mismatch", cell = d.cell),
                )
                .at(d.pos)
                .hint_with(msg!("declaration.unmatched.mismatch.hint")),
            );
            continue;
        }
        out.push(
            mk(
                "declaration.unmatched",
                msg!("declaration.unmatched.none", rule = d.rule, cell = d.cell),
            )
            .at(d.pos)
            .hint_with(msg!("declaration.unmatched.none.hint")),
        );
    }
    out.extend(mismatches);
}

fn show(n: Option<Number>) -> String {
    n.map_or("(none)".into(), |n| n.to_string())
}

// ---------------------------------------------------------------------------------------------
// Publication and narrative

/// The statutory deadline of a report (条例第四十九条; FORMAT §6).
pub fn deadline(year: u16, kind: AgencyKind, level: Level) -> Date {
    let consolidated = kind == AgencyKind::Government && level != Level::Township;
    let (month, day) = if year < 2019 || consolidated {
        (3, 31)
    } else {
        (1, 31)
    };
    Date::new(year + 1, month, day).unwrap_or(Date {
        year: year + 1,
        month,
        day,
    })
}

fn publication(
    report: &Report,
    kind: AgencyKind,
    level: Level,
    mk: &dyn Fn(&'static str, Message) -> Diagnostic,
    out: &mut Vec<Diagnostic>,
) {
    match report.published {
        None => out.push(
            mk("publication.date-unknown", msg!("publication.date-unknown"))
                .hint_with(msg!("publication.date-unknown.hint")),
        ),
        Some((date, pos)) => {
            let due = deadline(report.year, kind, level);
            let late = date.days() - due.days();
            if late > 0 {
                out.push(
                    mk(
                        "publication.late",
                        msg!("publication.late", date = date, late = late, due = due),
                    )
                    .at(pos)
                    .hint_with(msg!("publication.late.hint")),
                );
            }
        }
    }
    let expected = Template::expected_for_year(report.year);
    if expected != Some(report.template) {
        let message = match expected {
            Some(t) => msg!(
                "publication.template",
                template = report.template,
                year = report.year,
                expected = t,
                notice = t.notice()
            ),
            None => msg!(
                "publication.template.none",
                template = report.template,
                year = report.year
            ),
        };
        out.push(
            mk("publication.template", message)
                .at(report.template_pos)
                .hint_with(msg!("publication.template.hint")),
        );
    }
}

fn narrative(
    report: &Report,
    mk: &dyn Fn(&'static str, Message) -> Diagnostic,
    out: &mut Vec<Diagnostic>,
) {
    for section in crate::catalogue::NarrativeSection::ALL
        .into_iter()
        .filter(|s| s.is_free_text())
    {
        match report.narrative.span(section) {
            None => out.push(
                mk(
                    "narrative.missing-section",
                    msg!("narrative.missing-section", heading = section.heading()),
                )
                .at(Pos {
                    line: report.narrative.body_line,
                    column: 1,
                    len: 3,
                })
                .hint_with(msg!(
                    "narrative.missing-section.hint",
                    heading = section.heading()
                )),
            ),
            Some(span) if report.narrative.chars[section.index()] == 0 => out.push(
                mk(
                    "narrative.empty-section",
                    msg!("narrative.empty-section", heading = section.heading()),
                )
                .at(Pos {
                    line: span.heading_line,
                    column: 4,
                    len: section.heading().chars().count() as u32,
                }),
            ),
            Some(_) => {}
        }
    }
}

/// Whether a rule's findings are errors unless declared.
pub fn is_declarable(rule: &str) -> bool {
    rule_info(rule).is_some_and(|r| r.declarable)
}

/// Load and check a site: the whole of `gongkai check`, and the first stage of `build`.
/// Findings come sorted.
pub fn check_site(root: &std::path::Path) -> (Site, Vec<Diagnostic>) {
    let checked = check_all(root, current_year());
    (checked.site, checked.diagnostics)
}

/// A checked site: what `check` reports and `build` renders, with the shares of copied text
/// and the time of each stage.
pub struct Checked {
    pub site: Site,
    /// The configuration, defaults standing in for what site.toml gets wrong.
    pub config: crate::config::SiteConfig,
    /// Sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The whole-site check for copied narratives ([`crate::copied`]).
    pub shares: crate::copied::Shares,
    /// Load, the per-report checks, the copy check.
    pub times: [std::time::Duration; 3],
}

/// Everything `build` would refuse, except rendering itself: site.toml, the theme (its
/// folder, every template read and parsed, every static file opened), every file of
/// `content/` and every rule, with `year` as the current year.
pub fn check_all(root: &std::path::Path, year: u16) -> Checked {
    let started = std::time::Instant::now();
    let (config, mut diags) = crate::config::SiteConfig::read(root);
    diags.extend(crate::render::theme::check(root, &config));
    let loaded = crate::load::load_site(root);
    let loading = started.elapsed();
    diags.extend(loaded.diagnostics);
    diags.extend(validate(&loaded.site, year));
    let checking = started.elapsed() - loading;
    let (shares, copied) = crate::copied::check(&loaded.site, config.checks.copied_share);
    diags.extend(copied);
    sort(&mut diags);
    Checked {
        site: loaded.site,
        config,
        diagnostics: diags,
        shares,
        times: [loading, checking, started.elapsed() - loading - checking],
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::draft::{Draft, DraftCell, write_report_file};

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn deadlines_by_kind_level_and_year() {
        use AgencyKind::*;
        use Level::*;
        let cases = [
            // From 2019 on: 1月31日 for departments, general offices and townships …
            (2019, Department, County, "2020-01-31"),
            (2024, Department, Province, "2025-01-31"),
            (2022, GeneralOffice, Province, "2023-01-31"),
            (2022, GeneralOffice, County, "2023-01-31"),
            (2022, Government, Township, "2023-01-31"),
            // … 3月31日 for a county-or-higher government's consolidated report.
            (2019, Government, County, "2020-03-31"),
            (2022, Government, Prefecture, "2023-03-31"),
            (2025, Government, Province, "2026-03-31"),
            // Before 2019, 3月31日 for everyone.
            (2018, Department, County, "2019-03-31"),
            (2018, GeneralOffice, Province, "2019-03-31"),
            (2018, Government, Township, "2019-03-31"),
            (2008, Government, County, "2009-03-31"),
        ];
        for (year, kind, level, due) in cases {
            assert_eq!(
                deadline(year, kind, level),
                date(due),
                "{year} {kind:?} {level:?}"
            );
        }
    }

    /// A report decoded from the text the draft writer produces, with the given cells set.
    fn report(
        year: u16,
        template: Template,
        cells: &[(&str, Option<i64>)],
        merged: &[(&'static str, i64)],
    ) -> Report {
        let def = template.def();
        let mut draft = Draft::blank("qingshan", year, template);
        for cell in &mut draft.cells {
            cell.value = Some(Number::int(0));
        }
        for (address, value) in cells {
            let i = def.cells().position(|c| c.address() == *address).unwrap();
            draft.cells[i].value = value.map(Number::int);
        }
        for (row, value) in merged {
            draft.merged.push((
                row,
                DraftCell {
                    value: Some(Number::int(*value)),
                    flag: None,
                },
            ));
        }
        let text = write_report_file(&draft);
        let mut diags = Vec::new();
        let path = format!("content/reports/qingshan/{year}.md");
        let r = crate::load::decode::report(
            &text,
            Path::new(&path),
            "qingshan",
            &year.to_string(),
            0,
            &mut diags,
        );
        assert!(diags.is_empty(), "{diags:?}");
        r.unwrap()
    }

    type Unchecked = BTreeMap<&'static str, (usize, usize, Pos)>;

    fn check(report: &Report, previous: Option<&Report>) -> (Vec<Computed>, Unchecked) {
        let mut computed = Vec::new();
        let mut unchecked = BTreeMap::new();
        arithmetic(report, &mut computed, &mut unchecked);
        if let Some(previous) = previous {
            carry_over(report, previous, &mut computed, &mut unchecked);
        }
        (computed, unchecked)
    }

    #[test]
    fn carry_over_compares_column_by_column_and_never_takes_blank_for_zero() {
        let last = report(
            2021,
            Template::F2021,
            &[
                ("requests.carried_forward.natural_person", Some(2)),
                ("requests.carried_forward.business", None),
                ("requests.carried_forward.total", Some(2)),
            ],
            &[],
        );
        // This year: 自然人 carries 1 instead of 2; 商业企业 was blank last year, so 0 cannot be
        // compared; 科研机构 is blank this year; 总计 matches.
        let now = report(
            2022,
            Template::F2021,
            &[
                ("requests.carried_over.natural_person", Some(1)),
                ("requests.carried_over.research", None),
                ("requests.carried_over.total", Some(2)),
            ],
            &[],
        );
        let mut computed = Vec::new();
        let mut unchecked = BTreeMap::new();
        carry_over(&now, &last, &mut computed, &mut unchecked);
        let found: Vec<(&str, Number, Number)> = computed
            .iter()
            .map(|c| (c.cell.as_str(), c.published, c.expected))
            .collect();
        assert_eq!(
            found,
            [(
                "requests.carried_over.natural_person",
                Number::int(1),
                Number::int(2)
            )]
        );
        assert_eq!(
            unchecked.get("years.carry-over").map(|u| (u.0, u.1)),
            Some((2, 7))
        );
        // Across the change of template (2020 → 2021) the rows are the same.
        let y2020 = report(
            2020,
            Template::F2019,
            &[("requests.carried_forward.total", Some(3))],
            &[],
        );
        let y2021 = report(
            2021,
            Template::F2021,
            &[("requests.carried_over.total", Some(3))],
            &[],
        );
        let (computed, _) = check(&y2021, Some(&y2020));
        assert!(computed.iter().all(|c| c.rule != "years.carry-over"));
    }

    const ALL_MERGED_2019: [&str; 23] = [
        "received",
        "carried_over",
        "granted",
        "partly_granted",
        "refused_state_secret",
        "refused_prohibited_by_law",
        "refused_three_securities",
        "refused_third_party",
        "refused_internal_affairs",
        "refused_process_info",
        "refused_enforcement_file",
        "refused_query_matter",
        "unavailable_not_held",
        "unavailable_needs_creation",
        "unavailable_unclear",
        "not_processed_petition",
        "not_processed_repeat",
        "not_processed_publication",
        "not_processed_excessive",
        "not_processed_confirmation",
        "other_handling",
        "handled_total",
        "carried_forward",
    ];

    fn merged(values: &[(&'static str, i64)]) -> Vec<(&'static str, i64)> {
        ALL_MERGED_2019
            .iter()
            .map(|row| {
                (
                    *row,
                    values.iter().find(|(r, _)| r == row).map_or(0, |(_, v)| *v),
                )
            })
            .collect()
    }

    #[test]
    fn merged_rows_are_checked_in_their_own_column() {
        // 5 received + 1 carried over = 4 handled + 2 carried forward; 3 + 1 granted/refused = 4.
        let ok = merged(&[
            ("received", 5),
            ("carried_over", 1),
            ("granted", 3),
            ("refused_third_party", 1),
            ("handled_total", 4),
            ("carried_forward", 2),
        ]);
        let r = report(2019, Template::F2019, &[], &ok);
        let (computed, unchecked) = check(&r, None);
        assert!(
            computed.is_empty(),
            "{:?}",
            computed.iter().map(|c| &c.message).collect::<Vec<_>>()
        );
        // The seven real columns cannot be checked; the merged column could.
        assert_eq!(
            unchecked.get("requests.balance").map(|u| (u.0, u.1)),
            Some((7, 8))
        );
        assert_eq!(
            unchecked.get("requests.outcome-total").map(|u| (u.0, u.1)),
            Some((7, 8))
        );

        // One more received request: the balance fails at 结转下年度's merged cell.
        let bad = merged(&[
            ("received", 6),
            ("carried_over", 1),
            ("granted", 3),
            ("refused_third_party", 1),
            ("handled_total", 4),
            ("carried_forward", 2),
        ]);
        let r = report(2019, Template::F2019, &[], &bad);
        let (computed, _) = check(&r, None);
        let found: Vec<(&str, &str, Number, Number)> = computed
            .iter()
            .map(|c| (c.rule, c.cell.as_str(), c.published, c.expected))
            .collect();
        assert_eq!(
            found,
            [(
                "requests.balance",
                "requests.carried_forward.merged",
                Number::int(2),
                Number::int(3)
            )]
        );
        let line = r.merged_cell("carried_forward").unwrap().pos.line;
        assert_eq!(computed[0].pos.line, line);

        // An outcome row off by one: the outcome total fails at （七）总计's merged cell.
        let bad = merged(&[
            ("received", 5),
            ("carried_over", 1),
            ("granted", 4),
            ("refused_third_party", 1),
            ("handled_total", 4),
            ("carried_forward", 2),
        ]);
        let r = report(2019, Template::F2019, &[], &bad);
        let (computed, _) = check(&r, None);
        let found: Vec<(&str, &str, Number, Number)> = computed
            .iter()
            .map(|c| (c.rule, c.cell.as_str(), c.published, c.expected))
            .collect();
        assert_eq!(
            found,
            [(
                "requests.outcome-total",
                "requests.handled_total.merged",
                Number::int(4),
                Number::int(5)
            )]
        );
    }

    #[test]
    fn a_partly_merged_table_checks_neither_column_and_says_so() {
        // Only 予以公开 merged: its columns are unknowable, so no column adds up or fails.
        let r = report(
            2019,
            Template::F2019,
            &[("requests.granted.natural_person", None)],
            &[("granted", 3)],
        );
        let (computed, unchecked) = check(&r, None);
        assert!(computed.iter().all(|c| c.rule != "requests.outcome-total"));
        assert_eq!(
            unchecked.get("requests.outcome-total").map(|u| (u.0, u.1)),
            Some((8, 8))
        );
        assert_eq!(unchecked.get("requests.balance").map(|u| u.0), Some(0));
    }

    #[test]
    fn the_expected_value_of_a_column_rule_is_what_the_anchor_should_hold() {
        // 结转下年度 is on the right: expected = left − the other right rows.
        let r = report(
            2022,
            Template::F2021,
            &[
                ("requests.received.natural_person", Some(5)),
                ("requests.received.total", Some(5)),
                ("requests.granted.natural_person", Some(4)),
                ("requests.granted.total", Some(4)),
                ("requests.handled_total.natural_person", Some(4)),
                ("requests.handled_total.total", Some(4)),
                ("requests.carried_forward.natural_person", Some(3)),
                ("requests.carried_forward.total", Some(3)),
            ],
            &[],
        );
        let (computed, _) = check(&r, None);
        let found: Vec<(&str, &str, Number, Number)> = computed
            .iter()
            .map(|c| (c.rule, c.cell.as_str(), c.published, c.expected))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "requests.balance",
                    "requests.carried_forward.natural_person",
                    Number::int(3),
                    Number::int(1)
                ),
                (
                    "requests.balance",
                    "requests.carried_forward.total",
                    Number::int(3),
                    Number::int(1)
                ),
            ]
        );
    }
}
