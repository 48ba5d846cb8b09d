//! Where things are in the text: the six section headings, the three tables, and the
//! narrative around them as Markdown.

use crate::catalogue::NarrativeSection;

use super::reline::HEADING_PHRASES;
use super::text::{Line, fold, is_chrome};

/// Line indices (into the line list, not line numbers) of the parts of a report.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// The heading line of each of the six sections, when the report has one.
    pub headings: [Option<usize>; 6],
    /// The first line of each table (二, 三, 四), when found.
    pub tables: [Option<usize>; 3],
    /// The line after the last line of each table.
    pub table_ends: [usize; 3],
}

const NUMERALS: [char; 7] = ['一', '二', '三', '四', '五', '六', '七'];

/// The section a line heads, if it is a section heading. Row labels of section 三 start with
/// the same numerals (「三、本年度办理结果」「四、结转下年度继续办理」), so a heading must carry
/// its section's own words, not only its number.
#[cfg(test)]
pub fn heading_of(text: &str) -> Option<NarrativeSection> {
    heading_of_folded(&fold(text)).map(|(s, _)| s)
}

/// The template's headings, folded once.
fn folded_headings() -> &'static [String; 6] {
    static HEADINGS: std::sync::OnceLock<[String; 6]> = std::sync::OnceLock::new();
    HEADINGS.get_or_init(|| NarrativeSection::ALL.map(|s| fold(s.heading())))
}

/// [`heading_of`] on folded text; the flag says whether it is the template's heading exactly,
/// or one of the wordings real reports use for it ([`HEADING_PHRASES`]).
///
/// The section is told by the heading's words, not its numeral: reports with a seventh
/// section number 「三、主动公开政府信息情况」, and 「五、信息处理费收取情况」 stands where 六
/// belongs in some.
fn heading_of_folded(f: &str) -> Option<(NarrativeSection, bool)> {
    let f = f.trim_end_matches('|');
    if f.chars().count() > 40 {
        return None;
    }
    if let Some(i) = folded_headings().iter().position(|h| h == f) {
        return Some((NarrativeSection::ALL[i], true));
    }
    let numerals = f.chars().take_while(|c| NUMERALS.contains(c)).count();
    if !(1..=2).contains(&numerals) {
        return None;
    }
    let rest: String = f.chars().skip(numerals).collect();
    let rest = rest.trim_start_matches(['、', '.', '，', '：']);
    let known = HEADING_PHRASES.iter().any(|p| fold(p) == rest);
    let words: [(NarrativeSection, &[&str]); 6] = [
        (
            NarrativeSection::Requests,
            &["收到和处理", "依申请公开情况", "依申请公开政府信息情况"],
        ),
        (NarrativeSection::Review, &["复议", "诉讼"]),
        (NarrativeSection::Proactive, &["主动公开"]),
        (
            NarrativeSection::Overview,
            &["总体情况", "概述", "年度工作核心成效"],
        ),
        (
            NarrativeSection::Other,
            &[
                "其他需要报告",
                "其他事项",
                "需要报告的事项",
                "其他需说明",
                "信息处理费收取情况",
            ],
        ),
        (NarrativeSection::Problems, &["问题", "改进举措"]),
    ];
    words
        .iter()
        .find(|(_, ws)| ws.iter().any(|w| rest.contains(w)))
        .map(|(s, _)| (*s, known))
}

/// Find the headings and tables. Headings must come in order; an exact heading wins over a
/// looser one, so a sub-heading in 总体情况 that happens to read 「二、主动公开…」 does not
/// steal section 二 when the real heading follows.
pub fn find_layout(lines: &[Line]) -> Layout {
    let mut layout = Layout::default();
    // Folded once: every search below compares folded text.
    let folded: Vec<String> = lines.iter().map(|l| fold(&l.text)).collect();
    let contains_any = |i: usize, marks: &[&str]| marks.iter().any(|m| folded[i].contains(m));
    let candidates: Vec<(usize, NarrativeSection, bool)> = folded
        .iter()
        .enumerate()
        .filter_map(|(i, f)| heading_of_folded(f).map(|(s, exact)| (i, s, exact)))
        .collect();
    let mut last = 0usize;
    let mut last_section: Option<usize> = None;
    for (pos, &(i, s, exact)) in candidates.iter().enumerate() {
        let k = s.index();
        if layout.headings[k].is_some() {
            continue;
        }
        // Out of order only for a heading worded exactly as real reports word it: a loose
        // match after a later section is a sub-heading, not a section.
        let in_order =
            !(last_section.is_some_and(|p| k <= p) || (i < last && last_section.is_some()));
        if !in_order && !exact {
            continue;
        }
        // Prefer a later exact heading of the same section over this loose one.
        if !exact
            && candidates[pos + 1..]
                .iter()
                .any(|&(_, s2, e2)| e2 && s2 == s)
        {
            continue;
        }
        layout.headings[k] = Some(i);
        if in_order {
            last = i;
            last_section = Some(k);
        }
    }
    let h = layout.headings;
    let after = |i: Option<usize>| i.map_or(0, |i| i + 1);

    // Section 二's table starts at its first band 「第二十条第（X）项」.
    let t2 = (after(h[1])..lines.len()).find(|&i| contains_any(i, &["第二十条"]));
    // Section 三's table: its heading, or (seed 000 has none) the template's header note,
    // its 申请人情况 header or its first row.
    let t3 = match h[2] {
        Some(h3) => Some(h3 + 1),
        None => (t2.unwrap_or(0)..lines.len()).find(|&i| {
            contains_any(
                i,
                &[
                    "本列数据的勾稽关系",
                    "申请人情况",
                    "本年新收政府信息公开申请",
                ],
            )
        }),
    };
    // Section 四's table: after its heading, or its first 「行政复议」 header cell.
    let t4_from = t3.map_or(after(h[3]), |t| t.max(after(h[3])));
    let ends_at_heading = |from: usize| -> usize {
        h.iter()
            .flatten()
            .copied()
            .filter(|&e| e > from)
            .min()
            .unwrap_or(lines.len())
    };
    let t4 = match h[3] {
        // Prose written before the table (「2022年，未有…行政诉讼有关情况。」) is narrative.
        Some(h4) if h4 + 1 >= t4_from => Some(
            (h4 + 1..ends_at_heading(h4))
                .take_while(|&i| is_prose(&lines[i].text))
                .last()
                .map_or(h4 + 1, |i| i + 1),
        ),
        _ => (t4_from..lines.len())
            .find(|&i| folded[i].trim_end_matches('|').starts_with("行政复议")),
    };
    layout.tables = [t2, t3, t4];
    let ends_at = |start: Option<usize>, stops: &[Option<usize>]| -> usize {
        let s = start.unwrap_or(0);
        stops
            .iter()
            .flatten()
            .copied()
            .filter(|&e| e > s)
            .min()
            .unwrap_or(lines.len())
    };
    let t2_end = ends_at(t2, &[t3, h[2], h[3], t4, h[4], h[5]]);
    // Prose after section 二's table (「（二）主动公开政府信息的主要类别…。」) is narrative.
    layout.table_ends[0] = t2.map_or(t2_end, |s| {
        (s + 1..t2_end)
            .find(|&i| is_prose(&lines[i].text) && !contains_any(i, &["第二十条", "勾稽", "钩稽"]))
            .unwrap_or(t2_end)
    });
    layout.table_ends[1] = ends_at(t3, &[h[3], t4, h[4], h[5]]);
    // The last table ends at section 五 or 六, or at the first prose or signature after it.
    let t4_end = ends_at(t4, &[h[4], h[5]]);
    layout.table_ends[2] = t4.map_or(t4_end, |s| {
        (s..t4_end)
            .find(|&i| is_prose(&lines[i].text) || is_date_line(&lines[i].text))
            .unwrap_or(t4_end)
    });
    layout
}

/// A sentence rather than a table cell: long and punctuated like prose.
fn is_prose(text: &str) -> bool {
    let f = fold(text);
    // Table cells never end a sentence; long comma-separated text is prose too.
    !f.contains('|')
        && (f.trim_end_matches('|').ends_with('。')
            || (f.chars().count() >= 25 && f.contains('，')))
}

/// A line that is only a date 「2026年1月29日」.
pub fn is_date_line(text: &str) -> bool {
    let f = fold(text);
    let f = f.trim_end_matches('|');
    !f.is_empty()
        && f.ends_with('日')
        && f.contains('年')
        && f.contains('月')
        && f.chars()
            .all(|c| c.is_ascii_digit() || "年月日".contains(c))
}

/// The Markdown text of each of the six sections: one paragraph per line, site chrome and
/// stray digit lines dropped. Table sections get their heading (with any prose written before
/// the table) only when the report has that heading.
pub fn narrative(lines: &[Line], layout: &Layout) -> [Option<String>; 6] {
    let mut out: [Option<String>; 6] = Default::default();
    let mut stops: Vec<usize> = layout.headings.iter().flatten().copied().collect();
    stops.extend(layout.tables.iter().flatten().copied());
    stops.sort_unstable();
    for section in NarrativeSection::ALL {
        let Some(h) = layout.headings[section.index()] else {
            continue;
        };
        let end = stops
            .iter()
            .copied()
            .find(|&s| s > h)
            .unwrap_or(lines.len());
        let mut kept: Vec<Line> = lines[h + 1..end].to_vec();
        // Prose after a table (「本年度未发生行政复议…」) up to the next heading.
        let table = match section {
            NarrativeSection::Proactive => Some(0),
            NarrativeSection::Requests => Some(1),
            NarrativeSection::Review => Some(2),
            _ => None,
        };
        if let Some(k) = table.filter(|&k| layout.tables[k].is_some()) {
            let after = layout.table_ends[k];
            let next = layout
                .headings
                .iter()
                .flatten()
                .copied()
                .filter(|&x| x >= after)
                .chain(
                    layout
                        .tables
                        .iter()
                        .flatten()
                        .copied()
                        .filter(|&x| x >= after),
                )
                .min()
                .unwrap_or(lines.len());
            if after > h && after < next {
                kept.extend_from_slice(&lines[after..next]);
            }
        }
        out[section.index()] = Some(paragraphs(&kept));
    }
    out
}

fn paragraphs(lines: &[Line]) -> String {
    lines
        .iter()
        .map(|l| l.text.trim().trim_end_matches('|').trim())
        .filter(|t| !t.is_empty() && !is_chrome(t))
        // Stray digits from footers and flattened dates (「2023130」) are not prose.
        .filter(|t| !t.chars().all(|c| c.is_ascii_digit() || c.is_whitespace()))
        .map(escape_markdown)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Keep a paragraph from being read as Markdown structure (a heading, quote, list or rule).
fn escape_markdown(text: &str) -> String {
    let starts_list = {
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0
            && matches!(
                text.as_bytes().get(digits..digits + 2),
                Some([b'.' | b')', b' '])
            )
    };
    if text.starts_with(['#', '>', '-', '*', '+', '=']) || starts_list {
        format!("\\{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::text::plain_lines;

    #[test]
    fn headings_need_their_words() {
        assert_eq!(heading_of("一、总体情况"), Some(NarrativeSection::Overview));
        assert_eq!(
            heading_of("四、政府信息公开行政法复议、行政诉讼情况"),
            Some(NarrativeSection::Review)
        );
        assert_eq!(heading_of("三、本年度办理结果 |"), None);
        assert_eq!(heading_of("四、结转下年度继续办理 |"), None);
        assert_eq!(heading_of("二、上年结转政府信息公开申请数量"), None);
        assert_eq!(
            heading_of("六、其他需要报告的事项"),
            Some(NarrativeSection::Other)
        );
    }

    #[test]
    fn finds_tables_without_a_section_three_heading() {
        let text = "一、总体情况\n正文。\n二、主动公开政府信息情况\n第二十条第(一)项 |\n规章 |\n0 |\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) |\n一、本年新收政府信息公开申请数量 |\n0 |\n四、政府信息公开行政复议、行政诉讼情况\n行政复议 |\n0 |\n五、存在的主要问题及改进情况\n问题。";
        let lines = plain_lines(text);
        let l = find_layout(&lines);
        assert_eq!(
            l.headings,
            [Some(0), Some(2), None, Some(9), Some(12), None]
        );
        assert_eq!(l.tables, [Some(3), Some(6), Some(10)]);
        assert_eq!(l.table_ends, [6, 9, 12]);
        let n = narrative(&lines, &l);
        assert_eq!(n[0].as_deref(), Some("正文。"));
        assert_eq!(n[1].as_deref(), Some(""));
        assert_eq!(n[2], None);
        assert_eq!(n[4].as_deref(), Some("问题。"));
    }

    #[test]
    fn markdown_is_escaped() {
        assert_eq!(escape_markdown("1. 项目"), "\\1. 项目");
        assert_eq!(
            escape_markdown("1.单位新领导干部到任后"),
            "1.单位新领导干部到任后"
        );
        assert_eq!(escape_markdown("# 标题"), "\\# 标题");
    }
}
