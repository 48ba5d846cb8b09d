//! Markdown for Chinese narratives, via pulldown-cmark.
//!
//! Two fixes Chinese text needs: a soft line break between two Chinese characters is dropped
//! instead of becoming a space (CommonMark joins lines with a space, which is right for English
//! and wrong for Chinese); and raw HTML is never passed through: it is shown as text, so no
//! script, event handler or frame written into a narrative can reach a reader. Links keep only
//! http(s), mailto and relative destinations.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

pub fn to_html(markdown: &str) -> String {
    let events: Vec<Event<'_>> = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .collect();
    let mut out_events = Vec::with_capacity(events.len());
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::SoftBreak => {
                let before = last_char_before(&events[..i]);
                let after = first_char_after(&events[i + 1..]);
                if before.is_some_and(is_cjk) && after.is_some_and(is_cjk) {
                    continue;
                }
                out_events.push(Event::SoftBreak);
            }
            Event::Html(raw) | Event::InlineHtml(raw) => out_events.push(Event::Text(raw.clone())),
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                out_events.push(Event::Start(with_safe_destination(tag.clone())))
            }
            other => out_events.push(other.clone()),
        }
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, out_events.into_iter());
    out
}

/// A link or image whose destination is not safe loses it: a link points nowhere (`#`), an
/// image shows no picture.
fn with_safe_destination(tag: Tag<'_>) -> Tag<'_> {
    match tag {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } if !safe_destination(&dest_url) => Tag::Link {
            link_type,
            dest_url: CowStr::from("#"),
            title,
            id,
        },
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } if !safe_destination(&dest_url) => Tag::Image {
            link_type,
            dest_url: CowStr::from(""),
            title,
            id,
        },
        other => other,
    }
}

fn safe_destination(dest: &str) -> bool {
    let lower = dest.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        // A colon before any slash, query or fragment marks a scheme.
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

fn last_char_before(events: &[Event<'_>]) -> Option<char> {
    events.iter().rev().find_map(|e| match e {
        Event::Text(t) | Event::Code(t) => t.chars().last(),
        Event::Start(_) | Event::End(_) => None,
        _ => Some(' '),
    })
}

fn first_char_after(events: &[Event<'_>]) -> Option<char> {
    events.iter().find_map(|e| match e {
        Event::Text(t) | Event::Code(t) => t.chars().next(),
        Event::Start(_) | Event::End(_) => None,
        _ => Some(' '),
    })
}

/// Chinese, Japanese and Korean characters and full-width punctuation: no spaces between them.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x2E80..=0x2FDF | 0x20000..=0x2FA1F)
        || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_breaks_between_chinese_vanish() {
        assert_eq!(to_html("政府信息\n公开"), "<p>政府信息公开</p>\n");
        assert_eq!(to_html("open\ndata"), "<p>open\ndata</p>\n");
        assert_eq!(to_html("共计45条\n实现"), "<p>共计45条实现</p>\n");
        // A break between a digit and a Chinese character stays a break.
        assert_eq!(to_html("共计45\n条"), "<p>共计45\n条</p>\n");
    }

    #[test]
    fn raw_html_is_text_and_links_are_safe() {
        let html = to_html(
            "a <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [y](https://gov.cn)",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("href=\"#\""));
        assert!(html.contains("href=\"https://gov.cn\""));
        let html = to_html("<div onclick=\"x()\">块</div>");
        assert!(!html.contains("<div"), "{html}");
    }

    #[test]
    fn chinese_angle_brackets_stay_text() {
        let html = to_html("《关于印发<政府信息公开信息处理费管理办法>的通知》");
        assert!(
            html.contains("&lt;政府信息公开信息处理费管理办法&gt;"),
            "{html}"
        );
    }

    /// CommonMark's flanking rules do not let `**` open or close against full-width
    /// punctuation from the outside; inside it works. docs/report-format.md says so.
    #[test]
    fn emphasis_next_to_full_width_punctuation_is_as_documented() {
        assert_eq!(
            to_html("这是“**三安全一稳定**”的规定"),
            "<p>这是“<strong>三安全一稳定</strong>”的规定</p>\n"
        );
        assert_eq!(to_html("共**45**条"), "<p>共<strong>45</strong>条</p>\n");
        assert_eq!(
            to_html("这是**“三安全一稳定”**的规定"),
            "<p>这是**“三安全一稳定”**的规定</p>\n"
        );
    }
}
