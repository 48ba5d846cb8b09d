//! The facts about a report around its tables: title, agency name, year, publication date and
//! which national template its tables follow.

use crate::catalogue::Template;
use crate::model::Date;

use super::layout::is_date_line;
use super::text::{Line, fold, fold_width, is_chrome};

/// The title: a line before the first section that names the report, joined with its
/// continuation when the page broke it (「…政府信息公开工作」 / 「年度报告」).
pub fn find_title(preamble: &[Line]) -> Option<String> {
    let lines: Vec<&Line> = preamble
        .iter()
        .filter(|l| !l.text.trim().is_empty() && !is_chrome(&l.text))
        .collect();
    for (i, line) in lines.iter().enumerate() {
        let f = fold(&line.text);
        // An archive's header line 「标题: …」 holds the title itself.
        let f = f.strip_prefix("标题：").map(str::to_string).unwrap_or(f);
        if f.chars().count() > 80 || !f.contains("政府信息公开") {
            continue;
        }
        if f.ends_with("报告") {
            return Some(f);
        }
        if let Some(next) = lines.get(i + 1) {
            let n = fold(&next.text);
            if n.ends_with("报告") && n.chars().count() <= 8 {
                return Some(format!("{f}{n}"));
            }
        }
    }
    None
}

/// The first 「20XX年」 in a text, with its position in characters: not in brackets (「（2019年
/// 修订）」 names the 条例's revision, not the report year).
fn first_year(text: &str) -> Option<u16> {
    let chars: Vec<char> = fold_width(text).chars().collect();
    for i in 0..chars.len().saturating_sub(4) {
        let window: String = chars[i..i + 4].iter().collect();
        if chars[i] == '2'
            && window.bytes().all(|b| b.is_ascii_digit())
            && chars.get(i + 4) == Some(&'年')
            && (i == 0 || !chars[i - 1].is_ascii_digit())
            && !(i > 0 && matches!(chars[i - 1], '(' | '（'))
            && !chars[i + 5..]
                .iter()
                .take(2)
                .collect::<String>()
                .starts_with("修订")
        {
            let year: u16 = window.parse().ok()?;
            if (2008..=2100).contains(&year) {
                return Some(year);
            }
        }
    }
    None
}

/// The report year: from the title, else from the first lines of section 一.
pub fn find_year(title: Option<&str>, overview: &[Line]) -> Option<u16> {
    if let Some(y) = title.and_then(first_year) {
        return Some(y);
    }
    overview
        .iter()
        .filter(|l| !is_chrome(&l.text))
        .take(12)
        .find_map(|l| first_year(&l.text))
}

const AGENCY_ENDINGS: [&str; 19] = [
    "局",
    "政府",
    "委员会",
    "办公室",
    "办公厅",
    "厅",
    "委",
    "院",
    "中心",
    "处",
    "所",
    "站",
    "队",
    "会",
    "部",
    "署",
    "办",
    "街道办事处",
    "公司",
];

fn is_agency_name(text: &str) -> bool {
    let f = fold(text);
    let n = f.chars().count();
    (3..=30).contains(&n)
        && !f.contains(['。', '，', '：', '；'])
        && !f.chars().any(|c| c.is_ascii_digit())
        && AGENCY_ENDINGS.iter().any(|e| f.ends_with(e))
}

/// The agency name from the title (what precedes the year), else from the signature.
pub fn find_agency_name(title: Option<&str>, tail: &Tail) -> Option<String> {
    if let Some(title) = title {
        let cut = title
            .find("20")
            .filter(|&i| title[i..].chars().nth(4) == Some('年'))
            .or_else(|| title.find("政府信息公开"));
        if let Some(i) = cut {
            let name = title[..i].trim_end_matches("关于").trim();
            if is_agency_name(name) {
                return Some(name.to_string());
            }
        }
    }
    tail.signature.clone()
}

/// The end of the report: the signature and its date.
#[derive(Debug, Default)]
pub struct Tail {
    pub signature: Option<String>,
    pub date: Option<(Date, u32)>,
    /// A line of only digits that may be a flattened date (「2023130」), with its line number.
    pub flat_date: Option<(String, u32)>,
}

pub fn find_tail(lines: &[Line]) -> Tail {
    let mut tail = Tail::default();
    let content = lines
        .iter()
        .rev()
        .filter(|l| !l.text.trim().is_empty() && !is_chrome(&l.text))
        .take(8);
    for line in content {
        let f = fold(&line.text);
        let f = f.trim_end_matches('|');
        if is_date_line(f) {
            if tail.date.is_none() {
                tail.date = parse_chinese_date(f).map(|d| (d, line.no));
            }
            continue;
        }
        if f.chars().all(|c| c.is_ascii_digit()) {
            if tail.flat_date.is_none() && (7..=8).contains(&f.len()) {
                tail.flat_date = Some((f.to_string(), line.no));
            }
            continue;
        }
        if is_agency_name(f) {
            tail.signature = Some(f.to_string());
        }
        break;
    }
    tail
}

/// 「2026年1月29日」.
fn parse_chinese_date(text: &str) -> Option<Date> {
    let (y, rest) = text.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// A date in a page header: 「发布时间:2023-01-30」, 「发布日期：2023年1月30日」.
pub fn find_header_date(lines: &[Line]) -> Option<(Date, u32)> {
    for line in lines {
        let f = fold_width(&line.text);
        for mark in ["发布时间", "发布日期", "成文日期", "日期", "时间"] {
            let Some(i) = f.find(mark) else { continue };
            let rest = f[i + mark.len()..].trim_start_matches([':', '：', ' ']);
            let token: String = rest
                .chars()
                .take_while(|c| c.is_ascii_digit() || "-/.年月日".contains(*c))
                .collect();
            let parts: Vec<&str> = token
                .split(['-', '/', '.', '年', '月', '日'])
                .filter(|p| !p.is_empty())
                .collect();
            if let [y, m, d] = parts[..]
                && let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse())
                && let Some(date) = Date::new(y, m, d)
            {
                return Some((date, line.no));
            }
        }
    }
    None
}

/// The dates a run of digits such as 「2023130」 can be: year first, then month and day with
/// or without leading zeros. Only years from the report year to the year after are considered.
pub fn flat_date_readings(digits: &str, report_year: u16) -> Vec<Date> {
    let mut out = Vec::new();
    let Some((y, rest)) = digits.split_at_checked(4) else {
        return out;
    };
    let Ok(year) = y.parse::<u16>() else {
        return out;
    };
    if year < report_year || year > report_year + 1 {
        return out;
    }
    for m_len in 1..=2 {
        if rest.len() <= m_len || rest.len() - m_len > 2 {
            continue;
        }
        let (m, d) = rest.split_at(m_len);
        // A two-digit piece may start with 0 (「01」); a one-digit piece may not be 0.
        let (Ok(month), Ok(day)) = (m.parse::<u8>(), d.parse::<u8>()) else {
            continue;
        };
        if let Some(date) = Date::new(year, month, day)
            && !out.contains(&date)
        {
            out.push(date);
        }
    }
    out
}

/// The template, from the words of section 二's table headers. The two formats share no
/// header words, so whichever has hits wins; hits for both with no clear majority is refused.
pub fn detect_template(lines: &[Line]) -> Option<Template> {
    let text: String = lines.iter().map(|l| fold(&l.text)).collect();
    const F2019: [&str; 9] = [
        "新制作",
        "新公开数量",
        "对外公开总数",
        "上一年项目",
        "增/减",
        "第二十条第（九）项",
        "采购项目",
        "采购总金额",
        "其他对外管理服务",
    ];
    const F2021: [&str; 6] = [
        "制发件数",
        "废止件数",
        "现行有效",
        "本年处理决定",
        "收费金额",
        "行政规范性文件",
    ];
    let hits = |words: &[&str]| words.iter().filter(|w| text.contains(*w)).count();
    let (a, b) = (hits(&F2019), hits(&F2021));
    match (a, b) {
        (0, 0) => None,
        (a, b) if a >= 2 * b.max(1) || (b == 0 && a > 0) => Some(Template::F2019),
        (a, b) if b >= 2 * a.max(1) || (a == 0 && b > 0) => Some(Template::F2021),
        _ => None,
    }
}

/// Where the text came from, when it says so in a header: the page's address
/// (「原文链接: https://…」, 「原文地址：」) and an archive's own record of the copy
/// (「source: owner/repo:path (commit …)」, as archives of government pages write it).
pub fn find_provenance(lines: &[Line]) -> (Option<String>, Option<String>) {
    let mut url = None;
    let mut archive = None;
    for line in lines.iter().take(15) {
        let text = line.text.trim();
        for mark in ["原文链接", "原文地址", "原文网址"] {
            if let Some(rest) = text.strip_prefix(mark) {
                let rest = rest.trim_start_matches([':', '：', ' ']);
                if rest.starts_with("http://") || rest.starts_with("https://") {
                    url = rest.split_whitespace().next().map(str::to_string);
                }
            }
        }
        if let Some(rest) = text.strip_prefix("source:") {
            let (record, original) = match rest.split_once("; original ") {
                Some((r, o)) => (r, Some(o)),
                None => (rest, None),
            };
            archive = Some(record.trim().to_string());
            if url.is_none()
                && let Some(o) = original.map(str::trim)
                && (o.starts_with("http://") || o.starts_with("https://"))
            {
                url = o.split_whitespace().next().map(str::to_string);
            }
        }
    }
    (url, archive)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::text::plain_lines;

    #[test]
    fn titles_and_names() {
        let lines = plain_lines("和田地区民政局2023年度政府信息公开工作\n年度报告\n");
        let title = find_title(&lines);
        assert_eq!(
            title.as_deref(),
            Some("和田地区民政局2023年度政府信息公开工作年度报告")
        );
        assert_eq!(find_year(title.as_deref(), &[]), Some(2023));
        assert_eq!(
            find_agency_name(title.as_deref(), &Tail::default()).as_deref(),
            Some("和田地区民政局")
        );
    }

    #[test]
    fn years_skip_the_regulation_revision() {
        let lines = plain_lines("根据《条例》（2019年修订）,2024年我乡…");
        assert_eq!(find_year(None, &lines), Some(2024));
    }

    #[test]
    fn signature_and_date() {
        let lines = plain_lines(
            "正文。\n哈密市伊州区民政局\n2026年1月29日\n新公网安备65220102000010号 [新ICP备05001902号-2]\n",
        );
        let tail = find_tail(&lines);
        assert_eq!(tail.signature.as_deref(), Some("哈密市伊州区民政局"));
        assert_eq!(
            tail.date.map(|d| d.0.to_string()).as_deref(),
            Some("2026-01-29")
        );
    }

    #[test]
    fn header_dates() {
        let lines = plain_lines("发布时间:2023-01-30   浏览次数:4234次   【字体:");
        assert_eq!(
            find_header_date(&lines).map(|d| d.0.to_string()).as_deref(),
            Some("2023-01-30")
        );
    }

    #[test]
    fn flattened_dates() {
        assert_eq!(
            flat_date_readings("2023130", 2022),
            vec![Date::new(2023, 1, 30).unwrap()]
        );
        assert_eq!(
            flat_date_readings("20230130", 2022),
            vec![Date::new(2023, 1, 30).unwrap()]
        );
        assert_eq!(flat_date_readings("2023111", 2022).len(), 2);
        assert!(flat_date_readings("2031111", 2022).is_empty());
    }

    #[test]
    fn templates_from_headers() {
        let l = plain_lines(
            "信息内容\n本年制发件数\n本年处理决定数量 处理决定数量\n本年收费金额（单位：万元）",
        );
        assert_eq!(detect_template(&l), Some(Template::F2021));
        let l = plain_lines("本年新\n上一年项目数量\n本年增/减\n第二十条第(九)项");
        assert_eq!(detect_template(&l), Some(Template::F2019));
        assert_eq!(detect_template(&plain_lines("规章\n0")), None);
    }
}
