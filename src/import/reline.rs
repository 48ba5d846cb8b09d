//! Re-lining flattened text: some archives and copy tools flatten a whole report onto one
//! line (every file of the 平潭 archive does), so that headings, table rows and prose run into
//! each other (「…占21.02%。 第二十条第（一）项信息内容…规章000行政规范性文件008第二十条第（五）项…」).
//! Lines longer than [`FLAT_LINE`] characters are cut again before the marks a report always
//! has: section headings (and after them), the bands of section 二's table, the numbered
//! sub-headings of the narrative, and the signature with its date. Nothing is dropped or
//! reordered; every piece keeps the line number of the line it came from.

use super::text::Line;

/// A line at least this long is taken as flattened; copied paragraphs are rarely longer.
const FLAT_LINE: usize = 400;

/// The numerals a section heading can start with (some reports have seven sections).
const HEADING_NUMERALS: &str = "一二三四五六七";

/// How the section headings are worded in real reports (the template's wording first). A
/// heading is one of these after its numeral and 「、」.
pub const HEADING_PHRASES: [&str; 22] = [
    "总体情况",
    "概述",
    "年度工作核心成效",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "政府信息公开行政法复议、行政诉讼情况",
    "政府信息公开行政复议与行政诉讼情况",
    "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
    "存在的主要问题及改进情况",
    "存在的主要问题及改进措施",
    "存在的主要问题和改进情况",
    "政府信息公开存在的主要问题及改进情况",
    "政府信息公开存在的问题及改进措施",
    "当前存在的突出问题",
    "下一步改进举措",
    "其他需要报告的事项",
    "需要说明的其他事项与附表",
    "其他需说明事项",
    "信息处理费收取情况",
    "政务公开工作主要任务落实情况",
    "依申请公开政府信息情况",
];

/// Cut every flattened line of `lines` at the marks of a report's structure.
pub fn reline(lines: Vec<Line>) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if line.text.chars().count() < FLAT_LINE {
            out.push(line);
            continue;
        }
        let text = strip_comments(&line.text);
        let chars: Vec<char> = text.chars().collect();
        let mut cuts = cut_points(&chars);
        cuts.sort_unstable();
        cuts.dedup();
        let mut start = 0;
        for cut in cuts.into_iter().chain([chars.len()]) {
            if cut <= start {
                continue;
            }
            let piece: String = chars[start..cut].iter().collect();
            let piece = piece.trim();
            if !piece.is_empty() {
                out.push(Line {
                    text: piece.to_string(),
                    no: line.no,
                });
            }
            start = cut;
        }
    }
    out
}

/// HTML comments (「<!--[if !supportLists]-->」) and their stray halves carry no report text.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        rest = match rest[i..].find("-->") {
            Some(j) => &rest[i + j + 3..],
            None => "",
        };
    }
    out.push_str(rest);
    out.replace("-->", " ")
}

/// Where to cut a flattened line (character indices).
fn cut_points(chars: &[char]) -> Vec<usize> {
    let mut cuts = Vec::new();
    let starts_at = |i: usize, s: &str| {
        s.chars()
            .enumerate()
            .all(|(k, c)| chars.get(i + k) == Some(&c))
    };
    let mut i = 0;
    while i < chars.len() {
        if let Some(end) = heading_at(chars, i) {
            cuts.push(i);
            cuts.push(end);
            i = end;
            continue;
        }
        if (starts_at(i, "第二十条第") && is_band(chars, i))
            || is_review_header(chars, i)
            || is_sub_heading(chars, i)
            || prose_after_digits(chars, i)
            || year_after_digits(chars, i)
        {
            cuts.push(i);
        }
        i += 1;
    }
    cuts.extend(signature_cuts(chars));
    cuts
}

/// The end of a section heading starting at `i`: numerals (「三三、」 doubled by a typo
/// included), an optional 「、」, and one of [`HEADING_PHRASES`]. A heading starts its text:
/// the character before it is not a letter of the same sentence that refers to it
/// (「详见四、政府信息公开…」 is rare; 「第」「和」 before a numeral mean a reference).
fn heading_at(chars: &[char], i: usize) -> Option<usize> {
    if !HEADING_NUMERALS.contains(chars[i]) {
        return None;
    }
    if i > 0 && matches!(chars[i - 1], '第' | '和' | '及' | '、' | '（' | '(') {
        return None;
    }
    let mut k = i;
    while k < chars.len() && k < i + 2 && HEADING_NUMERALS.contains(chars[k]) {
        k += 1;
    }
    if matches!(chars.get(k), Some('、' | '.' | '．')) {
        k += 1;
    }
    HEADING_PHRASES.iter().find_map(|p| {
        let n = p.chars().count();
        (chars.len() >= k + n && chars[k..k + n].iter().copied().eq(p.chars())).then_some(k + n)
    })
}

/// A band of section 二's table is followed by its header 「信息内容」; 「第二十条第（一）项」
/// cited in prose is not.
fn is_band(chars: &[char], i: usize) -> bool {
    let ahead: String = chars[i..chars.len().min(i + 20)]
        .iter()
        .filter(|c| !c.is_whitespace())
        .collect();
    ahead
        .split_once('项')
        .is_some_and(|(_, rest)| rest.starts_with("信息内容"))
}

/// Section 四's header 「行政复议 行政诉讼 结果维持…」, which may follow a sentence directly.
fn is_review_header(chars: &[char], i: usize) -> bool {
    let ahead: String = chars[i..chars.len().min(i + 12)]
        .iter()
        .filter(|c| !c.is_whitespace())
        .collect();
    ahead.starts_with("行政复议行政诉讼") && !(i > 0 && chars[i - 1] == '、')
}

/// A numbered sub-heading 「（一）」「(二)」 that starts a paragraph: not 「第（一）项」, not a
/// list of items 「（一）（五）」, and followed by text rather than a digit.
fn is_sub_heading(chars: &[char], i: usize) -> bool {
    let open = chars[i];
    if open != '（' && open != '(' {
        return false;
    }
    let close = if open == '（' { '）' } else { ')' };
    let Some(numeral) = chars.get(i + 1) else {
        return false;
    };
    if !"一二三四五六七八九十".contains(*numeral) || chars.get(i + 2) != Some(&close) {
        return false;
    }
    if i > 0
        && matches!(
            chars[i - 1],
            '第' | '）' | ')' | '、' | '和' | '及' | '包' | '括'
        )
    {
        return false;
    }
    chars
        .get(i + 3)
        .is_some_and(|c| !c.is_ascii_digit() && *c != '（' && *c != '(')
}

/// Prose straight after a table's digits (「…总计10000100000000000我局严格规范…」): a table
/// row's worth of digits (not a year, a count or a hotline number in a sentence) ends at `i`,
/// no unit or date word follows them, and fifteen characters without a digit follow.
fn prose_after_digits(chars: &[char], i: usize) -> bool {
    if i < 5 || chars[i].is_ascii_digit() || chars[i].is_whitespace() {
        return false;
    }
    let run: Vec<char> = chars[..i]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit() || **c == ' ')
        .copied()
        .collect();
    let digits = run.iter().filter(|c| c.is_ascii_digit()).count();
    let spaced = run.iter().skip_while(|c| **c == ' ').any(|c| *c == ' ');
    // A row's worth of cells: seven digits, or five spaced apart; 「12345平台」 is a number.
    (digits >= 7 || (digits >= 5 && spaced))
        && chars[i] > '\u{2e80}'
        && !"年月日号条件个项次份人万元余多届批笔家户亩名".contains(chars[i])
        && chars[i..]
            .iter()
            .take(15)
            .filter(|c| !c.is_ascii_digit())
            .count()
            == 15
}

/// A sentence that starts with a year straight after a table's last digit
/// (「行政事业性收费02025年，我局…」): the year is the sentence's, not the cell's.
fn year_after_digits(chars: &[char], i: usize) -> bool {
    i > 0
        && chars[i - 1].is_ascii_digit()
        && chars.get(i) == Some(&'2')
        && chars.get(i + 1) == Some(&'0')
        && chars.get(i + 2).is_some_and(char::is_ascii_digit)
        && chars.get(i + 3).is_some_and(char::is_ascii_digit)
        && chars.get(i + 4) == Some(&'年')
        && chars.get(i + 5).is_some_and(|c| !c.is_ascii_digit())
}

/// The signature at the end: a date 「2024年1月29日」 near the end of the line, and the name
/// before it when that name follows a full stop.
fn signature_cuts(chars: &[char]) -> Vec<usize> {
    let mut cuts = Vec::new();
    let n = chars.len();
    // Look only at the last 120 characters: a date further in is part of the prose.
    let from = n.saturating_sub(120);
    let mut i = n;
    while i > from {
        i -= 1;
        if let Some(end) = date_at(chars, i) {
            let rest_len = n - end;
            if rest_len > 40 {
                continue;
            }
            cuts.push(i);
            cuts.push(end);
            // The signer's name: the text between the last full stop and the date, if short.
            if let Some(stop) = (i.saturating_sub(40)..i)
                .rev()
                .find(|&k| "。；;！".contains(chars[k]))
            {
                cuts.push(stop + 1);
            }
            break;
        }
    }
    cuts
}

/// The end of a date 「2024年1月29日」 starting at `i`.
fn date_at(chars: &[char], i: usize) -> Option<usize> {
    let digits = |from: usize, min: usize, max: usize| -> Option<usize> {
        let mut k = from;
        while k < chars.len() && chars[k].is_ascii_digit() && k - from < max {
            k += 1;
        }
        (k - from >= min).then_some(k)
    };
    if i > 0 && chars[i - 1].is_ascii_digit() {
        return None;
    }
    let k = digits(i, 4, 4)?;
    if chars.get(k) != Some(&'年') {
        return None;
    }
    let k = digits(k + 1, 1, 2)?;
    if chars.get(k) != Some(&'月') {
        return None;
    }
    let k = digits(k + 1, 1, 2)?;
    (chars.get(k) == Some(&'日')).then_some(k + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<String> {
        reline(vec![Line {
            text: text.to_string(),
            no: 3,
        }])
        .into_iter()
        .map(|l| l.text)
        .collect()
    }

    fn long(text: &str) -> String {
        // Pad with prose so the line counts as flattened.
        format!("{}{text}", "我局认真落实条例。".repeat(50))
    }

    #[test]
    fn short_lines_are_left_alone() {
        assert_eq!(pieces("一、总体情况本年度"), ["一、总体情况本年度"]);
    }

    #[test]
    fn headings_bands_and_signature_are_cut() {
        let text = long(
            "一、总体情况2023年，我局（一）主动公开。二、主动公开政府信息情况第二十条第（一）项信息内容规章000（二）主动公开政府信息的主要类别。三三、本年度办理结果0 0四、政府信息公开行政法复议、行政诉讼情况行政复议0 0六、其他需要报告的事项无。平潭综合实验区财政金融局2024年1月29日",
        );
        let p = pieces(&text);
        let tail: Vec<&str> = p.iter().skip(1).map(String::as_str).collect();
        assert_eq!(
            tail,
            [
                "一、总体情况",
                "2023年，我局",
                "（一）主动公开。",
                "二、主动公开政府信息情况",
                "第二十条第（一）项信息内容规章000",
                "（二）主动公开政府信息的主要类别。三三、本年度办理结果0 0",
                "四、政府信息公开行政法复议、行政诉讼情况",
                "行政复议0 0",
                "六、其他需要报告的事项",
                "无。",
                "平潭综合实验区财政金融局",
                "2024年1月29日",
            ]
        );
    }

    #[test]
    fn references_are_not_cut() {
        let text = long(
            "依照第二十条第（一）项、“第二十条第（五）项”和（一）（五）（六）项，见第（二）部分。",
        );
        let p = pieces(&text);
        assert_eq!(p.len(), 1, "{p:?}");
    }

    #[test]
    fn comments_are_dropped() {
        let p = pieces(&long("规章<!--[if !supportLists]-->000 -->微信"));
        assert!(
            p.iter().all(|t| !t.contains("<!--") && !t.contains("-->")),
            "{p:?}"
        );
    }
}
