//! Finds the six sections of a report's Markdown body and scans their raw HTML.
//!
//! Only positions are kept (see [`NarrativeIndex`]); the text is read again when a page is
//! rendered.

use pulldown_cmark::{Event, Parser};

use crate::catalogue::NarrativeSection;
use crate::diagnostic::Diagnostic;
use crate::model::{NarrativeIndex, Pos, SectionSpan};

/// The characters of a text that are not whitespace (`char::is_whitespace`), counted from
/// the UTF-8 bytes: the characters are the bytes that do not continue one, less the ASCII
/// whitespace, less the few multi-byte whitespace characters, which can only start with one of
/// four lead bytes and are decoded only there. (Every report body is counted; the two counts
/// over all bytes are loops the compiler vectorises.)
pub fn visible_chars(text: &str) -> usize {
    let bytes = text.as_bytes();
    let chars = bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
    let ascii_spaces = bytes
        .iter()
        .filter(|&&b| b == b' ' || (0x09..=0x0D).contains(&b))
        .count();
    // U+0085 and U+00A0 start with C2; U+1680 with E1; U+2000–U+205F's spaces with E2; U+3000
    // with E3.
    let is_space_at = |i: usize| {
        text.get(i..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(char::is_whitespace)
    };
    let wide_spaces = memchr::memchr3_iter(0xC2, 0xE1, 0xE2, bytes)
        .chain(memchr::memchr_iter(0xE3, bytes))
        .filter(|&i| is_space_at(i))
        .count();
    chars - ascii_spaces - wide_spaces
}

/// Index the body. `body_start` is the body's byte offset in the file and `line_before` the
/// file line just before the body's first line.
pub fn index(
    body: &str,
    body_start: usize,
    line_before: u32,
    push: &mut dyn FnMut(Diagnostic),
) -> NarrativeIndex {
    let mut index = NarrativeIndex {
        body_line: line_before,
        ..NarrativeIndex::default()
    };
    let mut current: Option<(NarrativeSection, usize, u32)> = None;
    let mut last_seen: Option<NarrativeSection> = None;
    let mut offset = 0;
    let close = |index: &mut NarrativeIndex,
                 current: Option<(NarrativeSection, usize, u32)>,
                 end: usize| {
        if let Some((section, start, line)) = current {
            index.sections[section.index()] = Some(SectionSpan {
                start: (body_start + start) as u32,
                end: (body_start + end) as u32,
                heading_line: line,
            });
            index.chars[section.index()] = visible_chars(&body[start..end]) as u32;
            let text = &body[start..end];
            let pos_of = |offset: usize, len: usize| {
                let before = &body[..start + offset];
                let line =
                    line_before + 1 + memchr::memchr_iter(b'\n', before.as_bytes()).count() as u32;
                let line_start = before.rfind('\n').map_or(0, |p| p + 1);
                Pos {
                    line,
                    column: before[line_start..].chars().count() as u32 + 1,
                    len: len as u32,
                }
            };
            if text.bytes().any(|b| b.is_ascii_digit()) || text.contains("未收到") {
                index
                    .statements
                    .extend(crate::statements::find(text, section, &pos_of));
            }
            if section.is_free_text() {
                let normalised = crate::passages::normalise(&body[start..end]);
                index.normalised[section.index()] = normalised.chars.len() as u32;
                index.fingerprints[section.index()] =
                    crate::passages::fingerprints(&normalised.chars).into_boxed_slice();
            }
        }
    };
    for (n, line) in body.split_inclusive('\n').enumerate() {
        let line_no = line_before + 1 + n as u32;
        let start_of_line = offset;
        offset += line.len();
        let Some(heading) = line.strip_prefix("## ") else {
            continue;
        };
        let heading = heading.trim();
        let pos = Pos {
            line: line_no,
            column: 4,
            len: heading.chars().count() as u32,
        };
        let Some(section) = NarrativeSection::from_heading(heading) else {
            let candidates = NarrativeSection::ALL.map(|s| s.heading());
            // A misspelt or shortened heading usually keeps its number (「五、存在的问题」).
            let numbered = heading.split_once('、').and_then(|(number, _)| {
                candidates
                    .into_iter()
                    .find(|c| c.split_once('、').is_some_and(|(n, _)| n == number))
            });
            let hint = match crate::load::suggest(heading, candidates).or(numbered) {
                Some(s) => format!("did you mean `## {s}`?"),
                None => "the six headings are 一、总体情况 … 六、其他需要报告的事项; use ### for sub-headings".into(),
            };
            push(
                Diagnostic::new(
                    "narrative.heading",
                    "",
                    format!("`## {heading}` is not one of the six section headings"),
                )
                .at(pos)
                .hint(hint),
            );
            continue;
        };
        if last_seen.is_some_and(|last| section <= last) {
            push(
                Diagnostic::new(
                    "narrative.heading",
                    "",
                    format!(
                        "`## {}` repeats a section or comes out of order",
                        section.heading()
                    ),
                )
                .at(pos)
                .hint("the sections come once each, in the order 一 to 六"),
            );
            continue;
        }
        close(&mut index, current, start_of_line);
        current = Some((section, offset, line_no));
        last_seen = Some(section);
    }
    close(&mut index, current, body.len());
    scan_html(body, line_before, push);
    index
}

/// Raw HTML in a narrative that could run code in a reader's browser. The renderer sanitises
/// everything anyway; this makes the contributor remove it from the file.
fn scan_html(body: &str, line_before: u32, push: &mut dyn FnMut(Diagnostic)) {
    // Most narratives hold no `<` at all: then there is no HTML to find, and no need to parse.
    if !body.contains('<') {
        return;
    }
    for (event, range) in Parser::new(body).into_offset_iter() {
        let html = match &event {
            Event::Html(h) | Event::InlineHtml(h) => h,
            _ => continue,
        };
        let Some(danger) = dangerous(html) else {
            continue;
        };
        let before = &body[..range.start];
        let line = line_before + 1 + before.matches('\n').count() as u32;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
        push(
            Diagnostic::new(
                "narrative.unsafe-html",
                "",
                format!("the narrative holds raw HTML with {danger}"),
            )
            .at(Pos {
                line,
                column,
                len: html.trim_end().chars().count().min(60) as u32,
            })
            .hint("remove the HTML and keep only the words the agency published"),
        );
    }
}

fn dangerous(html: &str) -> Option<&'static str> {
    let lower = html.to_ascii_lowercase();
    let tags = [
        ("<script", "a <script> element"),
        ("<iframe", "an <iframe> element"),
        ("<object", "an <object> element"),
        ("<embed", "an <embed> element"),
        ("<style", "a <style> element"),
        ("<form", "a <form> element"),
        ("<meta", "a <meta> element"),
        ("<link", "a <link> element"),
        ("<base", "a <base> element"),
        ("javascript:", "a javascript: address"),
        ("vbscript:", "a vbscript: address"),
        ("data:text/html", "a data: address"),
    ];
    if let Some((_, what)) = tags.iter().find(|(t, _)| lower.contains(t)) {
        return Some(what);
    }
    // Event handler attributes: ` onload=`, ` onclick =` and the like inside a tag.
    let bytes = lower.as_bytes();
    for (i, w) in lower.match_indices("on") {
        let preceded = i > 0 && matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'/' | b'"' | b'\'');
        let rest = &lower[i + w.len()..];
        let name_len = rest.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
        let after = rest[name_len..].trim_start();
        if preceded && name_len > 0 && after.starts_with('=') {
            return Some("an event-handler attribute");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_chars_are_the_non_whitespace_chars() {
        let every_space: String = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        for text in [
            "",
            "本机关 2023 年\n\t共收到\u{3000}申请\r\n",
            every_space.as_str(),
            "\u{85}\u{a0}x\u{1680}y\u{2000}\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}z\u{3000}",
            "é ü \u{AD} ‐ – — “ ” … ─ ぁ 𠀀 😀 \u{0b}\u{0c}\u{1c}",
        ] {
            let expected = text.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(visible_chars(text), expected, "{text:?}");
        }
    }

    fn run(body: &str) -> (NarrativeIndex, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let index = index(body, 0, 10, &mut |d| diags.push(d));
        (index, diags)
    }

    #[test]
    fn finds_sections_and_their_lines() {
        let (index, diags) =
            run("\n## 一、总体情况\n\n正文。\n\n## 五、存在的主要问题及改进情况\n问题\n");
        assert!(diags.is_empty());
        let overview = index.span(NarrativeSection::Overview).unwrap();
        assert_eq!(overview.heading_line, 12);
        assert_eq!(index.chars[0], 3);
        assert!(index.span(NarrativeSection::Other).is_none());
    }

    #[test]
    fn unknown_and_repeated_headings_are_reported() {
        let (_, diags) = run("## 一、总体情况\n## 五、存在的问题\n## 一、总体情况\n");
        assert_eq!(diags.len(), 2);
        assert!(
            diags[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("五、存在的主要问题及改进情况")
        );
    }

    #[test]
    fn scripts_and_handlers_are_found_but_chinese_brackets_are_not() {
        let (_, diags) = run("## 一、总体情况\n\n<script>alert(1)</script>\n");
        assert_eq!(diags[0].rule, "narrative.unsafe-html");
        assert_eq!(diags[0].line, 13);
        let (_, diags) = run("文字 <img src=x onerror=alert(1)> 文字\n");
        assert_eq!(diags.len(), 1);
        let (_, diags) = run("按照《关于印发<政府信息公开信息处理费管理办法>的通知》\n");
        assert!(diags.is_empty());
        let (_, diags) = run("<span>content</span>\n");
        assert!(diags.is_empty());
    }
}
