//! Reading the cells of sections 二, 三 and 四 from their tokens.
//!
//! Each table is cut into segments (a run of label text and the numbers after it), segments
//! are matched to the catalogue's rows in template order, and each row's numbers are mapped to
//! its columns by the one reading the text allows: as many numbers as columns; one number in a
//! merged cell; a 总计 column left blank throughout; explicit empty cells; or, for digits run
//! together, the one cut that the sum rules accept. Anything else is left blank and flagged.

use crate::catalogue::{ColumnDef, RowDef, SectionId, TemplateDef, ValueKind};
use crate::model::Number;

use super::Flag;
use super::solve::{Equation, check, equations, min_pieces, show, splits};
use super::text::fold;
use super::tokens::{NumTok, Tok, Token, is_count_unit};

/// What happened to one cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Not reached by any reading (its row was not found).
    Missing,
    /// Taken directly from one unambiguous token.
    Read,
    /// Recovered from structure or the sum rules, with exactly one reading possible.
    Inferred,
    /// Blank as published.
    Blank,
    /// Left blank for a person.
    Flagged,
}

/// More ways to cut a run than this and the importer gives up on the row.
const SPLIT_LIMIT: usize = 20_000;

/// One row of the template as the reader needs it.
struct RowSpec {
    section: SectionId,
    forms: LabelForms,
    row: &'static RowDef,
    columns: &'static [ColumnDef],
    offset: usize,
}

fn row_specs(def: &'static TemplateDef, section: SectionId) -> Vec<RowSpec> {
    def.rows(section)
        .filter_map(|(block, row)| {
            Some(RowSpec {
                section,
                forms: label_forms(row.zh),
                row,
                columns: block.columns,
                offset: def.row_offset(section, row.key)?,
            })
        })
        .collect()
}

/// A run of label text and the numbers that follow it.
#[derive(Debug, Default)]
struct Segment {
    label: String,
    line: u32,
    nums: Vec<NumTok>,
    /// The numbers grouped by the input cell they came from (「0 0 0」 is one group).
    groups: Vec<Vec<usize>>,
    /// Cells after the label in order: `Some(group)` or `None` for an explicitly empty cell.
    cells: Vec<Option<usize>>,
    /// Every cell was delimited by `|` or a tab, so empty cells are real cells.
    explicit: bool,
}

fn segments(tokens: &[Token]) -> Vec<Segment> {
    let mut segs = Vec::new();
    let mut cur = Segment {
        explicit: true,
        ..Default::default()
    };
    let mut last_cell: Option<u32> = None;
    for t in tokens {
        match &t.tok {
            Tok::Text(text) => {
                if !cur.nums.is_empty() {
                    segs.push(std::mem::replace(
                        &mut cur,
                        Segment {
                            explicit: true,
                            ..Default::default()
                        },
                    ));
                }
                if cur.label.is_empty() {
                    cur.line = t.line;
                }
                cur.label.push_str(text);
                // Empty cells between parts of a label do not belong to the row's values.
                cur.cells.clear();
                cur.explicit = true;
                last_cell = None;
            }
            Tok::Num(n) => {
                if cur.label.is_empty() && cur.nums.is_empty() {
                    cur.line = t.line;
                }
                cur.nums.push(n.clone());
                let index = cur.nums.len() - 1;
                if last_cell == Some(t.cell) {
                    if let Some(g) = cur.groups.last_mut() {
                        g.push(index);
                    }
                } else {
                    cur.groups.push(vec![index]);
                    cur.cells.push(Some(cur.groups.len() - 1));
                }
                cur.explicit &= t.explicit;
                last_cell = Some(t.cell);
            }
            Tok::Empty => {
                if !cur.label.is_empty() || !cur.nums.is_empty() {
                    cur.cells.push(None);
                    cur.explicit &= t.explicit;
                }
                last_cell = None;
            }
        }
    }
    if !cur.label.is_empty() || !cur.nums.is_empty() {
        segs.push(cur);
    }
    segs
}

/// The three forms a row label is recognised in: as the template writes it, without its
/// numbering (「（一）」「1.」「一、」), and cut at its first bracket (「部分公开」).
struct LabelForms {
    full: String,
    core: String,
    short: String,
}

fn label_forms(zh: &str) -> LabelForms {
    let full = fold(zh);
    let mut core = full.as_str();
    for (open, close) in [("（", "）")] {
        if let Some(rest) = core.strip_prefix(open)
            && let Some(i) = rest.find(close)
            && rest[..i].chars().count() <= 2
        {
            core = &rest[i + close.len()..];
        }
    }
    let numeral_prefix = core
        .char_indices()
        .take(3)
        .find(|(_, c)| *c == '、' || *c == '.')
        .filter(|(i, _)| {
            core[..*i]
                .chars()
                .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
        });
    if let Some((i, c)) = numeral_prefix {
        core = &core[i + c.len_utf8()..];
    }
    let short = core.split('（').next().unwrap_or(core).to_string();
    LabelForms {
        full: full.clone(),
        core: core.to_string(),
        short,
    }
}

/// Whether a run of label text holds a row's label with its numbering (「2.申请人逾期未按…」,
/// 「3.其他」), so that the row is certainly there and not a word inside another label.
fn contains_numbered_label(text: &str, zh: &str) -> bool {
    let label = fold(zh);
    let numbered = label
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == '（');
    numbered && label.chars().count() >= 4 && text.contains(&label)
}

/// The column headers of a section's blocks, folded, longest first.
fn header_words(specs: &[RowSpec]) -> Vec<String> {
    let mut words: Vec<String> = specs
        .iter()
        .flat_map(|s| s.columns.iter().map(|c| fold(c.zh)))
        .chain(["信息内容".to_string()])
        .filter(|w| w.chars().count() >= 4)
        // The last four characters as well, for headers with a typo (「先行有效件数」).
        .flat_map(|w| {
            let n = w.chars().count();
            let tail: String = w.chars().skip(n - 4).collect();
            [w, tail]
        })
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.dedup();
    words
}

/// The text of a label after the last column header in it, or the label when it holds no
/// header or nothing follows the header.
fn after_headers(label: &str, headers: &[String]) -> String {
    let end = headers
        .iter()
        .filter_map(|h| label.rfind(h.as_str()).map(|i| i + h.len()))
        .max();
    match end {
        Some(e) if e < label.len() => label[e..].to_string(),
        _ => label.to_string(),
    }
}

/// How well a segment's label names a row: exact forms first, truncated forms second.
#[cfg(test)]
fn label_match(label: &str, row: &RowDef) -> Option<u8> {
    forms_match(label, &label_forms(row.zh))
}

fn forms_match(label: &str, forms: &LabelForms) -> Option<u8> {
    let label = label.trim_end_matches(['：', ':', '|']);
    // A unit written after the label (「政府集中采购（元）」) is not part of it.
    let label = label
        .strip_suffix("（元）")
        .or_else(|| label.strip_suffix("（万元）"))
        .unwrap_or(label);
    let long_enough = |s: &str| s.chars().count() >= 3;
    if label.ends_with(&forms.full)
        || (long_enough(&forms.core) && label.ends_with(&forms.core))
        || (long_enough(&forms.short) && label.ends_with(&forms.short))
    {
        return Some(0);
    }
    // Truncated at the front (「规范性文件」 for 「行政规范性文件」): only when the whole run is
    // the truncated label, so that header text cannot pose as a row.
    if label.chars().count() >= 4 && forms.core.ends_with(label) {
        return Some(1);
    }
    // Truncated at the end (「部分公开（区分处理的」): the label ends with a proper prefix of the
    // core of at least four characters.
    let core = forms.core.as_str();
    let truncated = label.char_indices().any(|(i, _)| {
        let tail = &label[i..];
        tail.len() < core.len() && tail.chars().count() >= 4 && core.starts_with(tail)
    });
    if truncated {
        return Some(1);
    }
    // Reworded by a character or two in a long label (「…行政机关不再受理其…」 for 「…不再处理其…」).
    near_miss(label, &forms.full).then_some(1)
}

/// Whether `label` ends with text as long as `full` that differs from it in at most two
/// characters, `full` being long enough (twelve characters) for that to be unambiguous.
fn near_miss(label: &str, full: &str) -> bool {
    let want: Vec<char> = full.chars().collect();
    let have: Vec<char> = label.chars().collect();
    if want.len() < 12 || have.len() < want.len() {
        return false;
    }
    let tail = &have[have.len() - want.len()..];
    tail.iter().zip(&want).filter(|(a, b)| a != b).count() <= 2
}

/// The cells, flags and pending splits of one import.
pub struct Reader {
    def: &'static TemplateDef,
    equations: Vec<Equation>,
    pub values: Vec<Option<Number>>,
    pub status: Vec<Status>,
    pub flags: Vec<Option<Flag>>,
    /// Section-三 rows published as one merged cell.
    pub merged: Vec<(&'static str, Option<Number>, Status, Option<Flag>)>,
    pending: Vec<Pending>,
    pub warnings: Vec<String>,
}

/// A flattened digit run waiting for the sum rules to pick its one reading.
struct Pending {
    slots: Vec<usize>,
    addresses: Vec<String>,
    candidates: Vec<Vec<i64>>,
    source: String,
    line: u32,
    /// The run cannot be cut into fewer numbers than cells (「000」), so no rule is needed.
    forced: bool,
    confirmed: bool,
}

#[derive(Clone, Copy, Debug, Default)]
struct SectionMode {
    merged: bool,
    blank_total: bool,
}

impl Reader {
    pub fn new(def: &'static TemplateDef) -> Reader {
        let n = def.total_cells();
        Reader {
            def,
            equations: equations(def),
            values: vec![None; n],
            status: vec![Status::Missing; n],
            flags: vec![None; n],
            merged: Vec::new(),
            pending: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn address(section: SectionId, row: &RowDef, column: &str) -> String {
        format!("{}.{}.{}", section.key(), row.key, column)
    }

    fn flag_cell(&mut self, cell: usize, address: String, reason: String, source: &str, line: u32) {
        self.values[cell] = None;
        self.status[cell] = Status::Flagged;
        self.flags[cell] = Some(Flag {
            address,
            reason,
            source: source.to_string(),
            line,
        });
    }

    fn flag_row(&mut self, spec: &RowSpec, reason: &str, source: &str, line: u32) {
        for (i, col) in spec.columns.iter().enumerate() {
            let address = Self::address(spec.section, spec.row, col.key);
            self.flag_cell(spec.offset + i, address, reason.to_string(), source, line);
        }
    }

    /// Read section 二 or 三 from its tokens. `start_line` is where the table begins, for
    /// flags about rows that were not found at all.
    pub fn read_rows(&mut self, section: SectionId, tokens: &[Token], start_line: u32) {
        let specs = row_specs(self.def, section);
        let mut segs = segments(tokens);
        // A flattened band runs its header into the first label (「…现行有效件数规范性文件2120」,
        // where the agency left out the 规章 row): the label is what follows the last header.
        let headers = header_words(&specs);
        for seg in &mut segs {
            seg.label = after_headers(&seg.label, &headers);
        }
        let mut row_seg: Vec<Option<usize>> = vec![None; specs.len()];
        let mut seg_row: Vec<Option<usize>> = vec![None; segs.len()];
        let mut cursor = 0;
        for (si, seg) in segs.iter().enumerate() {
            if seg.label.is_empty() {
                continue;
            }
            // The earliest row from the cursor on with an exact match, else a truncated one.
            let rest = &specs[cursor..];
            let best = (0..=1u8).find_map(|quality| {
                rest.iter()
                    .position(|s| forms_match(&seg.label, &s.forms).is_some_and(|q| q <= quality))
            });
            if let Some(k) = best {
                row_seg[cursor + k] = Some(si);
                seg_row[si] = Some(cursor + k);
                cursor += k + 1;
            }
        }
        // A segment with numbers but no recognisable label (seed 000's fee row has none) fills
        // the one row missing between its matched neighbours, if exactly one is missing there.
        let mut structural = vec![false; specs.len()];
        for si in 0..segs.len() {
            if seg_row[si].is_some() || segs[si].nums.is_empty() {
                continue;
            }
            let prev = (0..si).rev().find_map(|j| seg_row[j].map(|r| (j, r)));
            let next = (si + 1..segs.len()).find_map(|j| seg_row[j].map(|r| (j, r)));
            let (seg_lo, row_lo) = prev.map_or((0, 0), |(j, r)| (j + 1, r + 1));
            let (seg_hi, row_hi) = next.unwrap_or((segs.len(), specs.len()));
            let missing: Vec<usize> = (row_lo..row_hi).filter(|r| row_seg[*r].is_none()).collect();
            let orphans = (seg_lo..seg_hi)
                .filter(|j| seg_row[*j].is_none() && !segs[*j].nums.is_empty())
                .count();
            // The orphan's text must not name the row itself: 「行政事业性收费注1」 is a label
            // followed by a note, not a row without its label.
            let names_row = |r: usize| {
                let label = &segs[si].label;
                label.contains(&specs[r].forms.full)
                    || (specs[r].forms.core.chars().count() >= 3
                        && label.contains(&specs[r].forms.core))
            };
            if missing.len() == 1 && orphans == 1 && !names_row(missing[0]) {
                row_seg[missing[0]] = Some(si);
                seg_row[si] = Some(missing[0]);
                structural[missing[0]] = true;
            }
        }
        for (si, seg) in segs.iter().enumerate() {
            if seg_row[si].is_none() && !seg.nums.is_empty() {
                let label: String = seg.label.chars().take(30).collect();
                self.warnings.push(format!(
                    "line {}: numbers 「{}」 after 「{}」 match no row of section {} and were not used",
                    seg.line,
                    seg.nums.iter().map(|n| n.raw.as_str()).collect::<Vec<_>>().join(" "),
                    label,
                    section.narrative().heading().chars().next().unwrap_or(' ')
                ));
            }
        }
        let mode = self.section_mode(section, &specs, &segs, &row_seg);
        // A row whose label is printed with no numbers before the next row's label
        // (「…2.申请人逾期未按收费通知…申请3.其他（七）总计5000005」) was left blank by the agency:
        // flattening loses cell boundaries, never digits.
        let mut printed_empty = vec![false; specs.len()];
        for r in 0..specs.len() {
            if row_seg[r].is_some() {
                continue;
            }
            let next = (r + 1..specs.len()).find_map(|n| row_seg[n]);
            let prev_seg = (0..r).rev().find_map(|p| row_seg[p]);
            if let Some(si) = next
                && prev_seg.is_none_or(|p| p < si)
                && contains_numbered_label(&segs[si].label, specs[r].row.zh)
            {
                printed_empty[r] = true;
            }
        }
        for (r, spec) in specs.iter().enumerate() {
            if printed_empty[r] {
                self.blank_row(spec, "is printed with no numbers");
                continue;
            }
            // A row missing from a band whose other rows are all there was left out by the
            // agency (「规章」 in bureaus that make none): its cells are blank as published.
            let band_found = section == SectionId::Proactive
                && specs.iter().enumerate().any(|(o, other)| {
                    o != r && std::ptr::eq(other.columns, spec.columns) && row_seg[o].is_some()
                })
                && specs.iter().enumerate().all(|(o, other)| {
                    o == r || !std::ptr::eq(other.columns, spec.columns) || row_seg[o].is_some()
                });
            match row_seg[r] {
                Some(si) => self.read_row(spec, &segs[si], mode, structural[r]),
                None if band_found => self.blank_row(spec, "is not in the published table"),
                None => self.flag_row(
                    spec,
                    &format!("row 「{}」 was not found in the table", spec.row.zh),
                    "",
                    start_line,
                ),
            }
        }
    }

    /// A row the agency published without numbers: its cells are blank as published, and a note
    /// says why (`what` completes 「row 「…」 …」).
    fn blank_row(&mut self, spec: &RowSpec, what: &str) {
        for i in 0..spec.columns.len() {
            self.values[spec.offset + i] = None;
            self.status[spec.offset + i] = Status::Blank;
        }
        self.warnings.push(format!(
            "row 「{}」 {what}; its cells are left blank",
            spec.row.zh
        ));
    }

    /// Whether this table publishes one merged number per row, or leaves its 总计 column blank,
    /// judged over all its rows: one odd row is a garble to flag, not a convention.
    fn section_mode(
        &self,
        section: SectionId,
        specs: &[RowSpec],
        segs: &[Segment],
        row_seg: &[Option<usize>],
    ) -> SectionMode {
        let allows_merged = self.def.section(section).allows_merged_rows;
        let matched: Vec<(usize, usize, usize)> = row_seg
            .iter()
            .zip(specs)
            .filter_map(|(s, spec)| {
                s.map(|si| {
                    let digits = segs[si].nums.iter().map(|n| n.number.len()).sum();
                    (segs[si].nums.len(), spec.columns.len(), digits)
                })
            })
            .collect();
        let n = matched.len();
        if n == 0 {
            return SectionMode::default();
        }
        // One number per row is a merged cell only when it is shorter than the row: a lone
        // 「1000001」 under seven columns is seven cells run together, not a million requests.
        let single = matched
            .iter()
            .filter(|(k, c, digits)| *k == 1 && *c > 1 && digits < c)
            .count();
        let minus_one = matched
            .iter()
            .filter(|(k, c, _)| *c > 1 && *k + 1 == *c)
            .count();
        let has_total = specs
            .iter()
            .all(|s| s.columns.last().is_some_and(|c| c.key == "total"));
        SectionMode {
            merged: allows_merged && single * 2 >= n,
            blank_total: has_total && minus_one * 2 >= n,
        }
    }

    fn read_row(&mut self, spec: &RowSpec, seg: &Segment, mode: SectionMode, structural: bool) {
        let ncols = spec.columns.len();
        let nums = &seg.nums;
        let source = nums
            .iter()
            .map(|n| n.raw.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let line = nums.first().map_or(seg.line, |n| n.line);
        let status = if structural {
            Status::Inferred
        } else {
            Status::Read
        };
        // A number written with a leading zero (「00」) is two cells run together, as much as
        // digits glued to the label are.
        let any_glued = nums.iter().any(|n| n.glued || has_leading_zero(n));
        let digit_count: usize = nums.iter().map(|n| n.number.len()).sum();
        if nums.is_empty() {
            self.flag_row(spec, "no numbers after the row label", "", seg.line);
            return;
        }
        // A number written with a leading zero is never one cell (「02025」 is 0 and a year).
        if nums.len() == ncols && !nums.iter().any(has_leading_zero) {
            let picks: Vec<Option<&NumTok>> = nums.iter().map(Some).collect();
            self.assign(spec, &picks, status);
            return;
        }
        if nums.len() > ncols {
            // 「0 0 0」: one cell repeating one number (a merged cell copied per column).
            let same = |g: &Vec<usize>| {
                let first = Number::parse(&nums[g[0]].number).ok();
                first.is_some()
                    && g.iter()
                        .all(|i| Number::parse(&nums[*i].number).ok() == first)
            };
            if seg.groups.len() == ncols && seg.groups.iter().all(same) {
                let picks: Vec<Option<&NumTok>> =
                    seg.groups.iter().map(|g| Some(&nums[g[0]])).collect();
                self.assign(spec, &picks, status);
            } else {
                let reason = format!("{} numbers for {} cells: \"{}\"", nums.len(), ncols, source);
                self.flag_row(spec, &reason, &source, line);
            }
            return;
        }
        // Fewer numbers than cells.
        if mode.merged && nums.len() == 1 && digit_count < ncols {
            self.assign_merged(spec, &nums[0], status, &source);
            return;
        }
        if seg.explicit && !any_glued && seg.groups.iter().all(|g| g.len() == 1) {
            // Explicit empty cells between the label and the last number give the positions
            // (checked before the blank-total convention: an explicit gap is better evidence).
            // Trailing empty cells count when they complete the row (a blank 总计 in HTML).
            let last = seg.cells.iter().rposition(Option::is_some).unwrap_or(0);
            let cells = if seg.cells.len() == ncols {
                &seg.cells[..]
            } else {
                &seg.cells[..=last]
            };
            if cells.len() == ncols {
                let picks: Vec<Option<&NumTok>> = cells
                    .iter()
                    .map(|c| c.map(|g| &nums[seg.groups[g][0]]))
                    .collect();
                self.assign(spec, &picks, status);
                return;
            }
        }
        if mode.blank_total && nums.len() + 1 == ncols && !any_glued {
            let mut picks: Vec<Option<&NumTok>> = nums.iter().map(Some).collect();
            picks.push(None);
            self.assign(spec, &picks, status);
            return;
        }
        let runs: Option<Vec<&str>> = nums.iter().map(NumTok::plain_digits).collect();
        match runs {
            // Only digits that ran on from the label, or a row whose digits all sit in one
            // token, are taken for flattened cells: a row that merely lacks a number must not
            // be "repaired" by cutting one of its neighbours in two.
            Some(runs) if digit_count >= ncols && (any_glued || nums.len() == 1) => {
                self.add_pending(spec, &runs, &source, line);
            }
            _ => {
                let reason = format!("{} numbers for {} cells: \"{}\"", nums.len(), ncols, source);
                self.flag_row(spec, &reason, &source, line);
            }
        }
    }

    fn add_pending(&mut self, spec: &RowSpec, runs: &[&str], source: &str, line: u32) {
        let ncols = spec.columns.len();
        let slots: Vec<usize> = (spec.offset..spec.offset + ncols).collect();
        let addresses: Vec<String> = spec
            .columns
            .iter()
            .map(|c| Self::address(spec.section, spec.row, c.key))
            .collect();
        self.push_pending(slots, addresses, runs, source, line);
    }

    fn push_pending(
        &mut self,
        slots: Vec<usize>,
        addresses: Vec<String>,
        runs: &[&str],
        source: &str,
        line: u32,
    ) {
        let n = slots.len();
        let reason = match splits(runs, n, SPLIT_LIMIT) {
            None => format!("could not split \"{source}\" into {n} cells: too many ways to try"),
            Some(c) if c.is_empty() => format!("\"{source}\" cannot be cut into {n} cells"),
            Some(candidates) => {
                let forced = runs.iter().map(|r| min_pieces(r)).sum::<usize>() >= n;
                self.pending.push(Pending {
                    slots,
                    addresses,
                    candidates,
                    source: source.to_string(),
                    line,
                    forced,
                    confirmed: false,
                });
                return;
            }
        };
        for (cell, address) in slots.into_iter().zip(addresses) {
            self.flag_cell(cell, address, reason.clone(), source, line);
        }
    }

    /// Put the numbers of a row into its cells (`None` = blank as published).
    fn assign(&mut self, spec: &RowSpec, picks: &[Option<&NumTok>], status: Status) {
        for (i, (col, pick)) in spec.columns.iter().zip(picks).enumerate() {
            let cell = spec.offset + i;
            let address = Self::address(spec.section, spec.row, col.key);
            match pick {
                None => {
                    self.values[cell] = None;
                    self.status[cell] = Status::Blank;
                }
                Some(tok) => match cell_value(tok, col.kind) {
                    Ok(v) => {
                        self.values[cell] = Some(v);
                        self.status[cell] = status;
                    }
                    Err(reason) => self.flag_cell(cell, address, reason, &tok.raw, tok.line),
                },
            }
        }
    }

    fn assign_merged(&mut self, spec: &RowSpec, tok: &NumTok, status: Status, source: &str) {
        for i in 0..spec.columns.len() {
            self.values[spec.offset + i] = None;
            self.status[spec.offset + i] = Status::Blank;
        }
        match cell_value(tok, ValueKind::Count) {
            Ok(v) => self.merged.push((spec.row.key, Some(v), status, None)),
            Err(reason) => {
                let flag = Flag {
                    address: format!("{}.{}.merged", spec.section.key(), spec.row.key),
                    reason,
                    source: source.to_string(),
                    line: tok.line,
                };
                self.merged
                    .push((spec.row.key, None, Status::Flagged, Some(flag)));
            }
        }
    }

    /// Section 四: its rows carry no labels of their own in most layouts (the 15 numbers sit
    /// under a three-level header), so the numbers are taken in order.
    pub fn read_review(&mut self, tokens: &[Token], start_line: u32) {
        let specs = row_specs(self.def, SectionId::Review);
        let nums: Vec<&NumTok> = tokens
            .iter()
            .filter_map(|t| match &t.tok {
                Tok::Num(n) => Some(n),
                _ => None,
            })
            .collect();
        let slots: Vec<(usize, String, ValueKind)> = specs
            .iter()
            .flat_map(|s| {
                s.columns.iter().enumerate().map(move |(i, c)| {
                    (s.offset + i, Self::address(s.section, s.row, c.key), c.kind)
                })
            })
            .collect();
        let n = slots.len();
        let source = nums
            .iter()
            .map(|t| t.raw.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let line = nums.first().map_or(start_line, |t| t.line);
        if nums.len() == n {
            for ((cell, address, kind), tok) in slots.into_iter().zip(nums) {
                match cell_value(tok, kind) {
                    Ok(v) => {
                        self.values[cell] = Some(v);
                        self.status[cell] = Status::Read;
                    }
                    Err(reason) => self.flag_cell(cell, address, reason, &tok.raw, tok.line),
                }
            }
            return;
        }
        let digit_count: usize = nums.iter().map(|t| t.number.len()).sum();
        let runs: Option<Vec<&str>> = nums.iter().map(|t| t.plain_digits()).collect();
        match runs {
            Some(runs)
                if nums.len() < n
                    && digit_count >= n
                    && (nums.len() == 1 || nums.iter().any(|t| t.glued || has_leading_zero(t))) =>
            {
                let (cells, addresses): (Vec<usize>, Vec<String>) =
                    slots.into_iter().map(|(c, a, _)| (c, a)).unzip();
                self.push_pending(cells, addresses, &runs, &source, line);
            }
            _ => {
                let reason = if nums.is_empty() {
                    "no numbers found in the section-四 table".to_string()
                } else {
                    format!("{} numbers for {} cells: \"{}\"", nums.len(), n, source)
                };
                for (cell, address, _) in slots {
                    self.flag_cell(cell, address, reason.clone(), &source, line);
                }
            }
        }
    }

    /// Decide the flattened runs: repeatedly keep the readings that satisfy every rule that
    /// can be checked with the cells known so far; a run with exactly one reading left (and a
    /// rule that confirmed it, or a forced cut) is inferred. The rest are flagged.
    pub fn resolve(&mut self) {
        loop {
            let mut changed = false;
            let grid: Vec<Option<i64>> = self
                .values
                .iter()
                .zip(&self.status)
                .map(|(v, s)| match s {
                    Status::Read | Status::Inferred => v.and_then(Number::as_int),
                    _ => None,
                })
                .collect();
            for p in self.pending.iter_mut() {
                let mut confirmed = false;
                p.candidates.retain(|c| {
                    let (ok, applied) = check(&self.equations, &grid, &p.slots, c);
                    confirmed |= ok && applied;
                    ok
                });
                p.confirmed = confirmed;
            }
            let mut i = 0;
            while i < self.pending.len() {
                let p = &self.pending[i];
                if p.candidates.len() == 1 && (p.confirmed || p.forced) {
                    let p = self.pending.remove(i);
                    for (cell, v) in p.slots.iter().zip(&p.candidates[0]) {
                        self.values[*cell] = Some(Number::int(*v));
                        self.status[*cell] = Status::Inferred;
                    }
                    changed = true;
                } else {
                    i += 1;
                }
            }
            if !changed {
                break;
            }
        }
        for p in std::mem::take(&mut self.pending) {
            let reason = match p.candidates.len() {
                0 => format!(
                    "could not split \"{}\": no reading fits the sum rules",
                    p.source
                ),
                1 => format!(
                    "could not split \"{}\": one reading ({}) but no sum rule can confirm it",
                    p.source,
                    show(&p.candidates[0])
                ),
                k => {
                    let shown: Vec<String> = p.candidates.iter().take(3).map(|c| show(c)).collect();
                    let more = if k > 3 { ", …" } else { "" };
                    format!(
                        "could not split \"{}\": {k} readings fit ({}{more})",
                        p.source,
                        shown.join(", ")
                    )
                }
            };
            for (cell, address) in p.slots.iter().zip(p.addresses) {
                self.flag_cell(*cell, address, reason.clone(), &p.source, p.line);
            }
        }
        // Whatever no reading reached is a row that was never found.
        for cell in self
            .def
            .cells()
            .enumerate()
            .filter(|(i, _)| self.status[*i] == Status::Missing)
            .map(|(i, c)| (i, c.address()))
            .collect::<Vec<_>>()
        {
            self.flag_cell(cell.0, cell.1, "not found in the text".to_string(), "", 0);
        }
    }
}

/// 「00」「012」: digits no cell can hold as written, so cells ran together there.
fn has_leading_zero(n: &NumTok) -> bool {
    n.plain_digits()
        .is_some_and(|d| d.len() > 1 && d.starts_with('0'))
}

/// The value of one token in a column of the given kind, or why it cannot be used as is.
fn cell_value(tok: &NumTok, kind: ValueKind) -> Result<Number, String> {
    let n = Number::parse(&tok.number)
        .map_err(|_| format!("\"{}\" is not a number the format allows", tok.raw))?;
    match (kind, tok.unit) {
        (ValueKind::Amount(unit), Some(u)) if u != unit.zh() => {
            return Err(format!(
                "\"{}\" is written in {u} but the column is in {}",
                tok.raw,
                unit.zh()
            ));
        }
        (ValueKind::Count | ValueKind::SignedCount, Some(u)) if !is_count_unit(u) => {
            return Err(format!(
                "\"{}\" is an amount of money in a column of counts",
                tok.raw
            ));
        }
        _ => {}
    }
    match kind {
        ValueKind::Count if n.as_int().is_none() => {
            Err(format!("\"{}\" is not a whole number", tok.raw))
        }
        ValueKind::SignedCount if n.as_int().is_none() => {
            Err(format!("\"{}\" is not a whole number", tok.raw))
        }
        ValueKind::Count | ValueKind::Amount(_) if n.units < 0 => {
            Err(format!("\"{}\" is negative", tok.raw))
        }
        _ => Ok(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::TEMPLATE_2021;

    #[test]
    fn label_forms_strip_numbering() {
        let f = label_forms("（二）部分公开（区分处理的，只计这一情形，不计其他情形）");
        assert_eq!(f.short, "部分公开");
        assert_eq!(label_forms("1.属于国家秘密").core, "属于国家秘密");
        assert_eq!(
            label_forms("一、本年新收政府信息公开申请数量").core,
            "本年新收政府信息公开申请数量"
        );
        assert_eq!(label_forms("3.其他").core, "其他");
    }

    #[test]
    fn labels_match_rows() {
        let row = |k: &str| TEMPLATE_2021.row(SectionId::Requests, k).unwrap().1;
        assert!(label_match("（三）不予公开1.属于国家秘密", row("refused_state_secret")).is_some());
        assert!(label_match("（二）部分公开（区分处理的", row("partly_granted")).is_some());
        // The 其他 column header is not row 3.其他.
        assert!(label_match("法律服务机构其他", row("other_other")).is_none());
        assert!(label_match("申请人情况自然人法人或其他组织总计", row("handled_total")).is_none());
        let p = |k: &str| TEMPLATE_2021.row(SectionId::Proactive, k).unwrap().1;
        assert_eq!(label_match("规范性文件", p("normative_documents")), Some(1));
        assert!(label_match("信息内容本年收费金额（单位：万元）", p("admin_fees")).is_none());
    }
}
