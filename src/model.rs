//! The typed data of the portal: agencies, reports, cells and their positions in the files.
//!
//! A [`Cell`] is a number or blank, never a magic zero. Every cell keeps the line and column it
//! was read from, so any number shown anywhere can be traced back to its file.

use std::fmt;
use std::path::PathBuf;

use crate::catalogue::{NarrativeSection, SectionId, Template, TemplateDef};

/// An exact decimal number as written in a report file: `units × 10^-scale`.
///
/// Counts have scale 0. Amounts keep the digits the agency published (235.9455 万元 stays
/// 235.9455, never a float approximation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Number {
    pub units: i64,
    pub scale: u8,
}

impl Number {
    pub const fn int(value: i64) -> Number {
        Number {
            units: value,
            scale: 0,
        }
    }

    /// The value as a whole number, if it is one.
    pub fn as_int(self) -> Option<i64> {
        if self.scale == 0 {
            Some(self.units)
        } else {
            let p = 10i64.checked_pow(self.scale as u32)?;
            (self.units % p == 0).then_some(self.units / p)
        }
    }

    pub fn as_f64(self) -> f64 {
        self.units as f64 / 10f64.powi(self.scale as i32)
    }

    /// Parse the plain decimal notation contributors write: `12`, `-3`, `235.9455`.
    /// Exponents, signs other than a leading minus, grouping commas and units are refused.
    pub fn parse(text: &str) -> Result<Number, NumberError> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (int_part, frac_part) = match digits.split_once('.') {
            Some((i, f)) => (i, f),
            None => (digits, ""),
        };
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int_part.is_empty() || !all_digits(int_part) || !all_digits(frac_part) {
            return Err(NumberError::NotANumber);
        }
        if digits.contains('.') && frac_part.is_empty() {
            return Err(NumberError::NotANumber);
        }
        if frac_part.len() > 6 {
            return Err(NumberError::TooPrecise);
        }
        let mut units: i64 = 0;
        for b in int_part.bytes().chain(frac_part.bytes()) {
            units = units
                .checked_mul(10)
                .and_then(|u| u.checked_add((b - b'0') as i64))
                .ok_or(NumberError::TooLarge)?;
        }
        // Counts above a trillion are not a report's; they are a typo or an attack.
        if units > 1_000_000_000_000_000 {
            return Err(NumberError::TooLarge);
        }
        Ok(Number {
            units: if negative { -units } else { units },
            scale: frac_part.len() as u8,
        })
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.units);
        }
        let p = 10u64.pow(self.scale as u32);
        let sign = if self.units < 0 { "-" } else { "" };
        let abs = self.units.unsigned_abs();
        write!(
            f,
            "{sign}{}.{:0width$}",
            abs / p,
            abs % p,
            width = self.scale as usize
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberError {
    NotANumber,
    TooLarge,
    TooPrecise,
}

/// Where a value was written: 1-based line and column (in characters), and its length in
/// characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    pub len: u32,
}

/// One table cell of a report: a number or blank, and where it was written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    pub value: Option<Number>,
    pub pos: Pos,
}

/// A calendar date (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let y = parts.next()?;
        let m = parts.next()?;
        let d = parts.next()?;
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    pub fn days(self) -> i64 {
        let y = self.year as i64 - if self.month <= 2 { 1 } else { 0 };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// An agency id: a slug of lowercase ASCII letters, digits and single hyphens.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AgencyId(Box<str>);

impl AgencyId {
    pub fn parse(text: &str) -> Result<AgencyId, String> {
        let valid_chars = text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if text.is_empty() || text.len() > 80 {
            return Err("must be 1 to 80 characters long".into());
        }
        if !valid_chars {
            return Err("may hold only lowercase ASCII letters, digits and hyphens".into());
        }
        if text.starts_with('-') || text.ends_with('-') || text.contains("--") {
            return Err("may not start or end with a hyphen or hold two in a row".into());
        }
        Ok(AgencyId(text.into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AgencyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Province,
    Prefecture,
    County,
    Township,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Province,
        Level::Prefecture,
        Level::County,
        Level::Township,
    ];
    pub fn key(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::Prefecture => "prefecture",
            Level::County => "county",
            Level::Township => "township",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            Level::Province => "省级",
            Level::Prefecture => "地市级",
            Level::County => "县级",
            Level::Township => "乡镇级",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            Level::Province => "Province",
            Level::Prefecture => "Prefecture",
            Level::County => "County",
            Level::Township => "Township",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgencyKind {
    /// 人民政府: its consolidated report is due 3月31日.
    Government,
    /// 办公厅/室: reports on the government's own disclosure work.
    GeneralOffice,
    /// 部门.
    Department,
}

impl AgencyKind {
    pub const ALL: [AgencyKind; 3] = [
        AgencyKind::Government,
        AgencyKind::GeneralOffice,
        AgencyKind::Department,
    ];
    pub fn key(self) -> &'static str {
        match self {
            AgencyKind::Government => "government",
            AgencyKind::GeneralOffice => "general_office",
            AgencyKind::Department => "department",
        }
    }
    pub fn zh(self) -> &'static str {
        match self {
            AgencyKind::Government => "人民政府",
            AgencyKind::GeneralOffice => "办公厅（室）",
            AgencyKind::Department => "政府部门",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            AgencyKind::Government => "Government",
            AgencyKind::GeneralOffice => "General office",
            AgencyKind::Department => "Department",
        }
    }
}

/// Province / prefecture / county names, as the agency's region.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Region {
    pub province: String,
    pub prefecture: Option<String>,
    pub county: Option<String>,
}

impl Region {
    /// The region's names from the province down.
    pub fn path(&self) -> Vec<&str> {
        let mut v = vec![self.province.as_str()];
        v.extend(self.prefecture.as_deref());
        v.extend(self.county.as_deref());
        v
    }
}

/// An index into [`crate::load::Site::files`].
pub type FileId = u32;

#[derive(Clone, Debug)]
pub struct Agency {
    pub id: AgencyId,
    pub name: String,
    /// Names the agency published under before (a renamed bureau stays one agency).
    pub former_names: Vec<String>,
    pub region: Region,
    pub level: Level,
    pub kind: AgencyKind,
    pub parent: Option<(AgencyId, Pos)>,
    pub website: Option<String>,
    pub file: FileId,
}

/// A declaration that a finding is the agency's own, as published (see docs/checks.md).
#[derive(Clone, Debug)]
pub struct Declaration {
    pub rule: String,
    pub cell: String,
    pub published: Option<Number>,
    pub expected: Option<Number>,
    pub note: Option<String>,
    pub pos: Pos,
}

/// Byte ranges of the six narrative sections within the report file, found at load time.
///
/// The text itself is not kept: at 100,000 reports the narratives would not fit in memory,
/// so rendering reads each file again when it needs the words.
#[derive(Clone, Debug, Default)]
pub struct NarrativeIndex {
    /// For each section of [`NarrativeSection::ALL`], the byte range of its text (after the
    /// heading line) and the line of its heading.
    pub sections: [Option<SectionSpan>; 6],
    /// The length in characters of each section's text, without white space.
    pub chars: [u32; 6],
    /// The file line of the closing `---`, just before the body.
    pub body_line: u32,
    /// For the free-text sections (一、五、六): the length of the text normalised for copy
    /// detection, and its winnowed fingerprints ([`crate::passages`]); the text itself is read
    /// again only for the few pairs the fingerprints point to.
    pub normalised: [u32; 6],
    pub fingerprints: [Box<[u32]>; 6],
    /// The figures the narrative states that the tables also give ([`crate::statements`]).
    pub statements: Vec<crate::statements::Statement>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SectionSpan {
    pub start: u32,
    pub end: u32,
    pub heading_line: u32,
}

impl NarrativeIndex {
    pub fn span(&self, s: NarrativeSection) -> Option<SectionSpan> {
        self.sections[s.index()]
    }
}

#[derive(Clone, Debug)]
pub struct Report {
    pub agency: AgencyId,
    pub year: u16,
    pub template: Template,
    pub title: Option<String>,
    pub published: Option<(Date, Pos)>,
    pub source_url: Option<String>,
    /// Where a copy of the page was kept when the original address no longer serves it
    /// (an archive's repository, path and commit).
    pub archive: Option<String>,
    pub transcription_note: Option<String>,
    /// All cells in the order of [`TemplateDef::cells`].
    pub cells: Vec<Cell>,
    /// Section-三 rows published as one merged cell whose column cannot be known, by row index
    /// within the section.
    pub merged: Vec<(u16, Cell)>,
    pub declarations: Vec<Declaration>,
    /// Where the front matter says `tables_published_empty: true`: the contributor states that
    /// the agency published every table with every cell empty.
    pub tables_published_empty: Option<Pos>,
    pub narrative: NarrativeIndex,
    pub file: FileId,
    /// Positions of the top-level keys, for findings about the report as a whole.
    pub year_pos: Pos,
    pub template_pos: Pos,
    pub agency_pos: Pos,
}

impl Report {
    pub fn def(&self) -> &'static TemplateDef {
        self.template.def()
    }

    /// The cell at `section.row.column`, if the template has it.
    pub fn cell(&self, section: SectionId, row: &str, column: &str) -> Option<&Cell> {
        self.cell_at(self.def().slot(section, row)?, column)
    }

    /// The cell of a row already looked up (its slot), in a column: for callers that read
    /// several columns of one row.
    pub fn cell_at(&self, slot: crate::catalogue::RowSlot, column: &str) -> Option<&Cell> {
        let col = slot.block.columns.iter().position(|c| c.key == column)?;
        self.cells.get(slot.offset + col)
    }

    /// The cells of a row already looked up (its slot), in the template's column order.
    pub fn row_cells_at(&self, slot: crate::catalogue::RowSlot) -> Option<&[Cell]> {
        self.cells
            .get(slot.offset..slot.offset + slot.block.columns.len())
    }

    /// The value at `section.row.column`; `None` when blank or not in the template.
    pub fn value(&self, section: SectionId, row: &str, column: &str) -> Option<Number> {
        self.cell(section, row, column).and_then(|c| c.value)
    }

    /// The merged cell of a section-三 row, if the row was published merged.
    pub fn merged_cell(&self, row: &str) -> Option<&Cell> {
        if self.merged.is_empty() {
            return None;
        }
        let index = self.def().slot(SectionId::Requests, row)?.index;
        self.merged
            .iter()
            .find(|(i, _)| *i as usize == index)
            .map(|(_, c)| c)
    }

    /// `content/reports/<agency>/<year>.md`, relative to the site root.
    pub fn path(&self) -> PathBuf {
        report_path(&self.agency, self.year)
    }
}

pub fn report_path(agency: &AgencyId, year: u16) -> PathBuf {
    PathBuf::from(format!("content/reports/{agency}/{year}.md"))
}

pub fn agency_path(agency: &AgencyId) -> PathBuf {
    PathBuf::from(format!("content/agencies/{agency}.yaml"))
}

impl serde::Serialize for Number {
    /// Whole numbers as integers; amounts as numbers (for charts; tables print `Display`).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.as_int() {
            Some(i) => s.serialize_i64(i),
            None => s.serialize_f64(self.as_f64()),
        }
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_exactly() {
        assert_eq!(Number::parse("235.9455").unwrap().to_string(), "235.9455");
        assert_eq!(Number::parse("-18").unwrap(), Number::int(-18));
        assert_eq!(Number::parse("0.05").unwrap().to_string(), "0.05");
        assert_eq!(Number::parse("1e400"), Err(NumberError::NotANumber));
        assert_eq!(Number::parse("十二"), Err(NumberError::NotANumber));
        assert_eq!(Number::parse("3."), Err(NumberError::NotANumber));
        assert_eq!(
            Number::parse("99999999999999999999"),
            Err(NumberError::TooLarge)
        );
        assert_eq!(Number::parse("3.5").unwrap().as_int(), None);
        assert_eq!(Number::parse("3.0").unwrap().as_int(), Some(3));
    }

    #[test]
    fn dates_count_days() {
        let a = Date::parse("2026-01-29").unwrap();
        let b = Date::parse("2026-01-31").unwrap();
        assert_eq!(b.days() - a.days(), 2);
        assert_eq!(Date::parse("1970-01-01").unwrap().days(), 0);
        assert!(Date::parse("2025-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
    }

    #[test]
    fn agency_ids_are_slugs() {
        assert!(AgencyId::parse("hami-yizhou-minzheng").is_ok());
        for bad in ["../x", "a/b", "a b", "Abc", "", "-a", "a--b", "民政"] {
            assert!(AgencyId::parse(bad).is_err(), "{bad}");
        }
    }
}
