//! The figures a narrative states that the tables also give: 「共收到政府信息公开申请5件」,
//! 「上年结转2件」, 「被申请行政复议1件」… Found when a report is loaded (the text is not kept),
//! compared with the table by `validate` (`narrative.table-mismatch`).
//!
//! Precision first: a number is taken only when the words just before it, in its own clause,
//! name one figure of the tables without doubt, and its unit is 件 or 条. A clause that lists
//! two figures together (「予以公开和部分公开5件」, 「规章和规范性文件3件」), a sentence that speaks of
//! another year (「2023年共收到」 in a 2024 report, 「较上年」) or a count that includes another
//! (「（含上年结转1件）」) gives nothing. Whatever is not certain is left out.

use crate::catalogue::{NarrativeSection, SectionId, Template};
use crate::model::{Number, Pos, Report};

/// A figure of the tables that narratives state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figure {
    Received,
    CarriedOver,
    Handled,
    Granted,
    PartlyGranted,
    CarriedForward,
    Reconsiderations,
    Lawsuits,
    NormativeIssued,
    Licensing,
    Penalties,
    Coercion,
}

impl Figure {
    /// The cells whose sum is the figure, in a template (`section.row.column`); the first is
    /// the cell a finding is reported at.
    pub fn cells(self, template: Template) -> &'static [(SectionId, &'static str, &'static str)] {
        use SectionId::*;
        match self {
            Figure::Received => &[(Requests, "received", "total")],
            Figure::CarriedOver => &[(Requests, "carried_over", "total")],
            Figure::Handled => &[(Requests, "handled_total", "total")],
            Figure::Granted => &[(Requests, "granted", "total")],
            Figure::PartlyGranted => &[(Requests, "partly_granted", "total")],
            Figure::CarriedForward => &[(Requests, "carried_forward", "total")],
            Figure::Reconsiderations => &[(Review, "reconsideration", "total")],
            Figure::Lawsuits => &[
                (Review, "litigation_direct", "total"),
                (Review, "litigation_after_review", "total"),
            ],
            Figure::NormativeIssued => match template {
                Template::F2021 => &[(Proactive, "normative_documents", "issued")],
                Template::F2019 => &[(Proactive, "normative_documents", "made")],
            },
            Figure::Licensing => &[(Proactive, "licensing", "decisions")],
            Figure::Penalties => &[(Proactive, "penalties", "decisions")],
            Figure::Coercion => &[(Proactive, "coercion", "decisions")],
        }
    }

    /// The figure's value in a report's tables: the sum of its cells, `None` if one is blank.
    pub fn value(self, report: &Report) -> Option<Number> {
        let mut sum = 0i64;
        for (section, row, column) in self.cells(report.template) {
            sum += report.value(*section, row, column)?.as_int()?;
        }
        Some(Number::int(sum))
    }

    /// The address of the cell a finding is reported at.
    pub fn cell(self, template: Template) -> String {
        let (section, row, column) = self.cells(template)[0];
        format!("{}.{row}.{column}", section.key())
    }

    /// What the figure is, in English, for messages.
    pub fn en(self) -> &'static str {
        match self {
            Figure::Received => "requests received",
            Figure::CarriedOver => "requests carried over",
            Figure::Handled => "requests handled",
            Figure::Granted => "requests granted",
            Figure::PartlyGranted => "requests partly granted",
            Figure::CarriedForward => "requests carried forward",
            Figure::Reconsiderations => "administrative reconsiderations",
            Figure::Lawsuits => "lawsuits",
            Figure::NormativeIssued => "normative documents issued",
            Figure::Licensing => "licensing decisions",
            Figure::Penalties => "penalty decisions",
            Figure::Coercion => "coercive-measure decisions",
        }
    }
}

/// A figure stated in a narrative, where, and which year its sentence speaks of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub figure: Figure,
    pub value: i64,
    pub section: NarrativeSection,
    /// The number (or 「未收到」) in the file.
    pub pos: Pos,
    /// The words quoted in a finding: the clause up to the unit.
    pub quote: Box<str>,
    /// The last year 「YYYY年」 named earlier in the sentence, if any.
    pub year: Option<u16>,
    /// The sentence speaks of an earlier year (「上年」「去年」「同比」) before the number.
    pub earlier: bool,
}

impl Statement {
    /// Whether the statement is about the report's own year.
    pub fn is_about(&self, year: u16) -> bool {
        !self.earlier && self.year.is_none_or(|y| y == year)
    }
}

/// Which figure the words before a number name, given the clause and what precedes it.
fn figure_of(before: &str, clause: &str) -> Option<Figure> {
    // Words allowed between the name and the number: 「共收到申请共5件」「申请件2件」「为3件」.
    let mut name = before;
    loop {
        let trimmed = ["共", "总计", "合计", "为", "了", "件", "达", "计"]
            .iter()
            .find_map(|f| name.strip_suffix(f));
        match trimmed {
            Some(t) => name = t,
            None => break,
        }
    }
    let ends = |words: &[&str]| words.iter().any(|w| name.ends_with(w));
    let has = |w: &str| clause.contains(w);
    let listed_before = |w: &str| {
        name.strip_suffix(w)
            .is_some_and(|rest| rest.ends_with(['和', '及', '、', '与', '或', '不']))
    };
    if (has("收到") || has("新收"))
        && ends(&["政府信息公开申请", "依申请公开申请", "信息公开申请"])
        && !has("结转")
        && !has("办结")
        && !has("含")
        && !has("累计")
    {
        return Some(Figure::Received);
    }
    if ends(&["上年结转", "上年结转政府信息公开申请", "上年度结转"]) && !has("下年")
    {
        return Some(Figure::CarriedOver);
    }
    if ends(&[
        "结转下年度继续办理",
        "结转下年度",
        "结转下一年度",
        "结转下年",
    ]) {
        return Some(Figure::CarriedForward);
    }
    if ends(&["办结", "办结政府信息公开申请"]) && !has("结转") && !has("率") {
        return Some(Figure::Handled);
    }
    if ends(&["予以公开"]) && !listed_before("予以公开") && !has("部分") {
        return Some(Figure::Granted);
    }
    if ends(&["部分公开"]) && !listed_before("部分公开") && !has("予以公开") {
        return Some(Figure::PartlyGranted);
    }
    if ends(&["行政复议", "行政复议案件", "行政复议申请"]) && !has("诉讼") {
        return Some(Figure::Reconsiderations);
    }
    if ends(&["行政诉讼", "行政诉讼案件"]) && !has("复议") && !has("直接") {
        return Some(Figure::Lawsuits);
    }
    if ends(&["规范性文件", "规范性文件信息"])
        && ["制发", "印发", "出台", "其中", "新制定", "新制作"]
            .iter()
            .any(|w| has(w))
        && !has("规章")
        && !has("现行有效")
        && !has("废止")
        && !has("清理")
        && !has("累计")
    {
        return Some(Figure::NormativeIssued);
    }
    for (words, figure) in [
        (["行政许可决定", "行政许可处理决定"], Figure::Licensing),
        (["行政处罚决定", "行政处罚处理决定"], Figure::Penalties),
        (["行政强制决定", "行政强制处理决定"], Figure::Coercion),
    ] {
        if ends(&words) && !listed_before(words[0]) {
            return Some(figure);
        }
    }
    None
}

const CLAUSE_ENDS: &[char] = &[
    '，', '。', '；', '：', '！', '？', '、', '（', '）', '(', ')', ',', ';', '\n', '“', '”',
];
const SENTENCE_ENDS: &[char] = &['。', '；', '！', '？', '\n'];

/// The statements of one section's text. `start` is the text's byte offset in the file and
/// `line_of(offset)` gives the file line and the byte offset where that line starts.
pub fn find(
    text: &str,
    section: NarrativeSection,
    pos_of: &dyn Fn(usize, usize) -> Pos,
) -> Vec<Statement> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // 「未收到政府信息公开申请」: a stated zero.
        if text[i..].starts_with("未收到") {
            let rest = &text[i + "未收到".len()..];
            if rest.starts_with("政府信息公开申请") || rest.starts_with("依申请公开申请")
            {
                let sentence = sentence_before(text, i);
                out.push(Statement {
                    figure: Figure::Received,
                    value: 0,
                    section,
                    pos: pos_of(i, "未收到".chars().count()),
                    quote: format!("{}未收到政府信息公开申请", clause_before(text, i)).into(),
                    year: last_year(sentence),
                    earlier: earlier(sentence),
                });
            }
        }
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let end = i + bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        let after = &text[end..];
        let unit = ['件', '条'].into_iter().find(|u| after.starts_with(*u));
        let included = after
            .get(3..)
            .is_some_and(|a| a.starts_with("（含") || a.starts_with("(含"));
        let previous_char = text[..i].chars().next_back();
        if let (Some(unit), false, false) = (
            unit,
            included,
            previous_char.is_some_and(|c| c == '.' || c == '第'),
        ) {
            let clause = clause_before(text, i);
            if let (Some(figure), Ok(value)) = (figure_of(clause, clause), text[i..end].parse()) {
                let sentence = sentence_before(text, i);
                out.push(Statement {
                    figure,
                    value,
                    section,
                    pos: pos_of(i, end - i),
                    quote: format!("{clause}{}{unit}", &text[i..end]).into(),
                    year: last_year(sentence),
                    earlier: earlier(sentence) && figure != Figure::CarriedOver,
                });
            }
        }
        i = end;
    }
    out
}

fn clause_before(text: &str, i: usize) -> &str {
    let start = text[..i].rfind(CLAUSE_ENDS).map_or(0, |p| {
        p + text[p..].chars().next().map_or(1, char::len_utf8)
    });
    text[start..i].trim_start()
}

fn sentence_before(text: &str, i: usize) -> &str {
    let start = text[..i].rfind(SENTENCE_ENDS).map_or(0, |p| {
        p + text[p..].chars().next().map_or(1, char::len_utf8)
    });
    &text[start..i]
}

/// The last 「YYYY年」 of a text.
fn last_year(text: &str) -> Option<u16> {
    let mut found = None;
    for (p, _) in text.match_indices('年') {
        let digits: String = text[..p]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        if digits.len() == 4 {
            found = digits.chars().rev().collect::<String>().parse().ok();
        }
    }
    found
}

fn earlier(sentence: &str) -> bool {
    ["上年", "去年", "上一年", "同比", "较上", "往年"]
        .iter()
        .any(|w| sentence.replace("上年结转", "").contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statements(text: &str) -> Vec<(Figure, i64, Option<u16>, bool)> {
        find(text, NarrativeSection::Overview, &|_, len| Pos {
            line: 1,
            column: 1,
            len: len as u32,
        })
        .into_iter()
        .map(|s| (s.figure, s.value, s.year, s.earlier))
        .collect()
    }

    #[test]
    fn the_usual_phrasings_are_found() {
        assert_eq!(
            statements(
                "2023年，本机关共收到政府信息公开申请5件，上年结转1件，办结6件，结转下年度继续办理0件。"
            ),
            vec![
                (Figure::Received, 5, Some(2023), false),
                (Figure::CarriedOver, 1, Some(2023), false),
                (Figure::Handled, 6, Some(2023), false),
                (Figure::CarriedForward, 0, Some(2023), false),
            ]
        );
        assert_eq!(
            statements("2024年我局共收到政府网站上政府信息公开申请件2件"),
            vec![(Figure::Received, 2, Some(2024), false)]
        );
        assert_eq!(
            statements("本年度因政府信息公开工作被申请行政复议1件，被提起行政诉讼2件。"),
            vec![
                (Figure::Reconsiderations, 1, None, false),
                (Figure::Lawsuits, 2, None, false)
            ]
        );
        assert_eq!(
            statements("主动公开政府信息共6条，其中规范性文件信息1条、行政许可信息5条。"),
            vec![(Figure::NormativeIssued, 1, None, false)]
        );
        // The 7 includes the carried-over requests: only the 2 is certain.
        assert_eq!(
            statements("共收到政府信息公开申请7件（含上年结转2件）。"),
            vec![(Figure::CarriedOver, 2, None, false)]
        );
        assert_eq!(
            statements("2023年我局未收到政府信息公开申请件"),
            vec![(Figure::Received, 0, Some(2023), false)]
        );
        assert_eq!(
            statements("予以公开3件，部分公开1件，作出行政许可决定12件"),
            vec![
                (Figure::Granted, 3, None, false),
                (Figure::PartlyGranted, 1, None, false),
                (Figure::Licensing, 12, None, false)
            ]
        );
    }

    #[test]
    fn ambiguous_statements_are_left_out() {
        for text in [
            "其中予以公开和部分公开5件，占办结总数的80%。",
            "制发规章和规范性文件3件。",
            "共受理申请7件。",
            "不予公开2件。",
            "规范性文件现行有效20件。",
            "累计收到政府信息公开申请120件。",
            "行政复议和行政诉讼共3件。",
        ] {
            assert_eq!(statements(text), vec![], "{text}");
        }
    }

    #[test]
    fn other_years_are_marked() {
        let s = statements("与上年相比，共收到政府信息公开申请5件。");
        assert!(s[0].3);
        let s = statements("2023年共收到政府信息公开申请5件");
        assert_eq!(s[0].2, Some(2023));
        let st = Statement {
            figure: Figure::Received,
            value: 5,
            section: NarrativeSection::Overview,
            pos: Pos::default(),
            quote: "".into(),
            year: Some(2023),
            earlier: false,
        };
        assert!(!st.is_about(2024) && st.is_about(2023));
    }
}
