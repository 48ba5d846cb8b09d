//! Turning the pasted input into numbered lines: HTML reduced to text (one table cell per
//! line), width variants folded, site chrome recognised, and a page text that was copied
//! twice cut back to one copy.

use crate::catalogue::normalize_label;

/// One line of the input as the importer sees it, with its 1-based line number in the
/// original input (for HTML: the line where the text began).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub no: u32,
}

/// Split plain text into numbered lines, dropping a byte-order mark and carriage returns.
pub fn plain_lines(text: &str) -> Vec<Line> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines()
        .enumerate()
        .map(|(i, l)| Line {
            text: l.trim_end_matches('\r').to_string(),
            no: (i + 1) as u32,
        })
        .collect()
}

/// Whether the input is an HTML page or fragment rather than copied text.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(200_000)
        .collect::<String>()
        .to_ascii_lowercase();
    ["<table", "<td", "<html"].iter().any(|m| head.contains(m))
}

/// Fold full-width ASCII variants (digits, letters, punctuation) to ASCII and the ideographic
/// space to a space, so that 「０」 and 「0」, 「：」 and 「:」 read alike. Chinese punctuation
/// without an ASCII twin (「、」「。」「（」) is left alone: `normalize_label` handles brackets.
pub fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{3000}' | '\u{a0}' => ' ',
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            // The minus sign and dashes people type for a negative 本年增/减.
            '\u{2212}' | '\u{2013}' => '-',
            other => other,
        })
        .collect()
}

/// The form labels are compared in: widths folded, then `catalogue::normalize_label`
/// (brackets, commas, quotes, white space).
pub fn fold(text: &str) -> String {
    normalize_label(&fold_width(text))
}

/// Lines that belong to the web site around the report, not to the report: view counters,
/// font-size widgets, ICP and police registration numbers, footers, attachment lists.
pub fn is_chrome(line: &str) -> bool {
    let f = fold(line);
    if f.is_empty() {
        return false;
    }
    // Registration numbers and site ids only ever appear in footers, whatever the length.
    const ALWAYS: [&str; 8] = [
        "ICP备",
        "公网安备",
        "网站标识码",
        "技术支持：",
        "主办单位：",
        "版权所有",
        "Copyright",
        "浏览次数",
    ];
    if ALWAYS.iter().any(|m| f.contains(m)) {
        return true;
    }
    // Short widget and navigation lines; long lines with these words are prose.
    const SHORT: [&str; 14] = [
        "【字体",
        "字号：",
        "打印本页",
        "关闭窗口",
        "附件下载",
        "相关链接",
        "分享到",
        "访问次数",
        "阅读次数",
        "点击数",
        "发布时间：",
        "发布日期：",
        "信息来源：",
        "来源：",
    ];
    f.chars().count() <= 60 && SHORT.iter().any(|m| f.contains(m))
}

/// If the page text appears twice (a copy that caught the page and its print view, seed 004),
/// the line index where the second copy starts.
///
/// A repeat counts only when at least eight consecutive non-blank lines, holding real prose
/// (some line of 30 characters or more), recur in the same order: table rows repeat
/// 「0 |」 on their own all the time and must not trigger this.
pub fn second_copy_start(lines: &[Line]) -> Option<usize> {
    use std::collections::HashMap;
    let content: Vec<(usize, String)> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (i, fold(&l.text)))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    const WINDOW: usize = 8;
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    for (k, (_, text)) in content.iter().enumerate() {
        if let Some(&i) = first_seen.get(text.as_str()) {
            let n = WINDOW.min(content.len() - k);
            if n >= WINDOW.min(5)
                && (0..n).all(|d| content.get(i + d).map(|c| &c.1) == Some(&content[k + d].1))
                && (0..n).any(|d| content[k + d].1.chars().count() >= 30)
                && i + n <= k
            {
                return Some(content[k].0);
            }
        } else {
            first_seen.insert(text.as_str(), k);
        }
    }
    None
}

/// Reduce an HTML page to lines. Text outside tables keeps its paragraph breaks; every table
/// cell becomes one line ending in ` |`, and every table row ends with a blank line, so the
/// table reader sees the same shape as text copied with cell separators.
pub fn html_lines(html: &str) -> Vec<Line> {
    let mut out = LineBuilder::default();
    let mut line_no: u32 = 1;
    let mut cell_depth: u32 = 0;
    let mut rest = html.strip_prefix('\u{feff}').unwrap_or(html);
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let lower: String = rest
                .chars()
                .take(12)
                .collect::<String>()
                .to_ascii_lowercase();
            // Comments, scripts and styles carry no report text.
            let skip_to = if lower.starts_with("<!--") {
                Some("-->")
            } else if lower.starts_with("<script") {
                Some("</script")
            } else if lower.starts_with("<style") {
                Some("</style")
            } else {
                None
            };
            if let Some(end) = skip_to {
                let lower_rest = rest.to_ascii_lowercase();
                let cut = lower_rest.find(end).map_or(rest.len(), |i| i + end.len());
                line_no += rest[..cut].matches('\n').count() as u32;
                rest = &rest[cut..];
                // Drop the rest of the closing tag (`</script>`).
                if end != "-->" {
                    let close = rest.find('>').map_or(rest.len(), |i| i + 1);
                    rest = &rest[close..];
                }
                continue;
            }
            let Some(close) = rest.find('>') else {
                // A lone `<` in text.
                out.push_char('<', line_no);
                rest = &rest[1..];
                continue;
            };
            let tag = &rest[1..close];
            line_no += tag.matches('\n').count() as u32;
            rest = &rest[close + 1..];
            let closing = tag.starts_with('/');
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            match name.as_str() {
                "td" | "th" => {
                    if closing {
                        cell_depth = cell_depth.saturating_sub(1);
                        out.end_cell(line_no);
                    } else {
                        // A cell left open by sloppy markup ends where the next one starts.
                        if cell_depth > 0 {
                            out.end_cell(line_no);
                        }
                        cell_depth = 1;
                        out.break_line();
                    }
                }
                "tr" | "table" | "tbody" | "thead" | "tfoot" => {
                    if cell_depth > 0 && !closing && name == "tr" {
                        out.end_cell(line_no);
                        cell_depth = 0;
                    }
                    out.break_line();
                    if closing && name == "tr" {
                        out.blank_line();
                    }
                }
                "br" | "p" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul"
                | "ol" | "section" | "article" | "header" | "footer" | "title" => {
                    // Inside a cell, a paragraph break is only a space: the cell stays one line.
                    if cell_depth > 0 {
                        out.push_char(' ', line_no);
                    } else {
                        out.break_line();
                    }
                }
                _ => {}
            }
            continue;
        }
        if c == '&'
            && let Some((decoded, used)) = decode_entity(rest)
        {
            out.push_char(decoded, line_no);
            rest = &rest[used..];
            continue;
        }
        if c == '\n' {
            line_no += 1;
            // Source line breaks are not text breaks in HTML.
            out.push_char(' ', line_no);
        } else if c != '\r' {
            out.push_char(c, line_no);
        }
        rest = &rest[c.len_utf8()..];
    }
    out.break_line();
    out.lines
}

#[derive(Default)]
struct LineBuilder {
    lines: Vec<Line>,
    current: String,
    start: u32,
}

impl LineBuilder {
    fn push_char(&mut self, c: char, line_no: u32) {
        if self.current.trim().is_empty() && !c.is_whitespace() {
            self.start = line_no;
        }
        // Collapse runs of white space as a browser would.
        if c.is_whitespace() && c != '\u{3000}' {
            if !self.current.ends_with(' ') && !self.current.is_empty() {
                self.current.push(' ');
            }
        } else {
            self.current.push(c);
        }
    }
    fn break_line(&mut self) {
        let text = self.current.trim().to_string();
        if !text.is_empty() {
            self.lines.push(Line {
                text,
                no: self.start.max(1),
            });
        }
        self.current.clear();
    }
    fn end_cell(&mut self, line_no: u32) {
        let text = self.current.trim().to_string();
        let no = if text.is_empty() {
            line_no
        } else {
            self.start.max(1)
        };
        self.lines.push(Line {
            text: format!("{text} |"),
            no,
        });
        self.current.clear();
    }
    fn blank_line(&mut self) {
        if self.lines.last().is_some_and(|l| !l.text.is_empty()) {
            let no = self.lines.last().map_or(1, |l| l.no);
            self.lines.push(Line {
                text: String::new(),
                no,
            });
        }
    }
}

/// Decode one character reference at the start of `text`, returning the character and the
/// number of bytes it used.
fn decode_entity(text: &str) -> Option<(char, usize)> {
    // `;` is ASCII, so its byte position is a character boundary whatever precedes it.
    let end = text.bytes().take(12).position(|b| b == b';')?;
    let body = &text[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        char::from_u32(code)?
    } else {
        match body {
            "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "ldquo" => '“',
            "rdquo" => '”',
            "lsquo" => '‘',
            "rsquo" => '’',
            "middot" => '·',
            "mdash" => '—',
            "ndash" => '–',
            "hellip" => '…',
            "times" => '×',
            "yen" => '¥',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_digits_and_punctuation() {
        assert_eq!(fold_width("０１２：（一）"), "012:(一)");
        assert_eq!(fold("（一） 予以公开"), fold("(一)予以公开"));
    }

    #[test]
    fn recognises_chrome() {
        assert!(is_chrome("发布时间:2023-01-30   浏览次数:4234次   【字体:"));
        assert!(is_chrome("蒙ICP备10000440号 政府网站标识码:1501050001"));
        assert!(is_chrome("附件下载:"));
        assert!(!is_chrome("一、总体情况"));
    }

    #[test]
    fn html_cells_become_lines() {
        let html = "<html><body><p>一、总体情况</p><p>正文&nbsp;内容。</p>\n<table><tr><td>规章</td><td><p>0</p></td><td></td></tr>\n<tr><td colspan=3>1&#48;</td></tr></table></body></html>";
        let lines = html_lines(html);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "一、总体情况",
                "正文 内容。",
                "规章 |",
                "0 |",
                " |",
                "",
                "10 |",
                ""
            ]
        );
        assert_eq!(lines[6].no, 3);
    }

    #[test]
    fn html_skips_scripts_and_comments() {
        let lines = html_lines(
            "<td>a</td><script>var x = '<td>9</td>';</script><!-- <td>8</td> --><td>b</td>",
        );
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["a |", "b |"]);
    }

    #[test]
    fn finds_a_doubled_page() {
        let mut text = String::new();
        for _ in 0..2 {
            text.push_str("一、总体情况\n");
            text.push_str(
                "2019年，本局认真贯彻落实政府信息公开条例，全面推进政务公开工作，成效明显。\n",
            );
            for i in 0..8 {
                text.push_str(&format!("第{i}段\n0 |\n"));
            }
        }
        let lines = plain_lines(&text);
        assert_eq!(second_copy_start(&lines), Some(18));
        // Repeated table rows alone are not a second copy.
        let rows = plain_lines(&"0 |\n".repeat(40));
        assert_eq!(second_copy_start(&rows), None);
    }
}
