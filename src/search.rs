//! The static full-text search index under `search/`, and the rules it shares with
//! `static/search.js`.
//!
//! Chinese has no spaces, and a reader looks for any stretch of characters: a township
//! (天山乡), a term inside a longer word (信息处理费 in 收取信息处理费的). So the index is of
//! character bigrams, which find every substring of two characters or more, with no dictionary
//! to disagree with the reader about where words end. A query's bigrams are looked up, their
//! document lists intersected, and the candidates' own text is then checked for the exact
//! phrase, which removes the rare document holding all the bigrams but not in a row.
//!
//! Files (all deterministic, so builds stay byte-identical):
//! - `search/meta.json`: format version, document count, shard count, chunk size.
//! - `search/index/<shard>.json`: `{token: [doc id deltas]}`, tokens spread over shards by an
//!   FNV-1a hash, so a query fetches one small file per bigram, never the whole index.
//! - `search/docs/<chunk>.json`: `[[agency name, year, page path, region], …]` per
//!   [`DOC_CHUNK`] documents, fetched only for the results shown.
//! - `search/text/<id>.txt`: a document's plain text (name, region, title, narrative), fetched
//!   only for the results shown, to check the phrase and cut the highlighted passage.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::catalogue::NarrativeSection;
use crate::render::{Model, urls};

/// Bump when the files change shape; `search.js` refuses an index of another version.
pub const FORMAT: u32 = 1;
/// Documents per `docs/` chunk.
pub const DOC_CHUNK: usize = 64;
/// The aimed size of one index shard, in bytes.
const SHARD_TARGET_BYTES: usize = 24 * 1024;

/// Ideographs (and the CJK compatibility and extension blocks): indexed as bigrams.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// One character as the index sees it: full-width ASCII folded to ASCII, letters lowercased.
/// One character in, one out, so positions in the folded text are positions in the original.
pub fn fold(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// The index tokens of a text: the bigrams of each run of ideographs (a lone ideograph as
/// itself) and each run of ASCII letters and digits as a word.
pub fn tokens(text: &str, mut emit: impl FnMut(&str)) {
    let chars: Vec<char> = text.chars().map(fold).collect();
    let mut i = 0;
    let mut buf = String::new();
    while i < chars.len() {
        let c = chars[i];
        if is_han(c) {
            let start = i;
            while i < chars.len() && is_han(chars[i]) {
                i += 1;
            }
            if i - start == 1 {
                buf.clear();
                buf.push(c);
                emit(&buf);
            }
            for pair in chars[start..i].windows(2) {
                buf.clear();
                buf.extend(pair);
                emit(&buf);
            }
        } else if c.is_ascii_alphanumeric() {
            buf.clear();
            while i < chars.len() && chars[i].is_ascii_alphanumeric() {
                buf.push(chars[i]);
                i += 1;
            }
            emit(&buf);
        } else {
            i += 1;
        }
    }
}

/// FNV-1a over the token's UTF-8 bytes; `search.js` computes the same.
pub fn shard_of(token: &str, shards: u32) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in token.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h % shards
}

/// A narrative's Markdown as plain text: paragraphs on their own lines, a line break between
/// two Chinese characters dropped (as on the page).
pub fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak if out.ends_with(|c: char| c.is_ascii_alphanumeric()) => out.push(' '),
            Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableRow,
            ) if !out.ends_with('\n') => out.push('\n'),
            Event::End(TagEnd::TableCell) => out.push(' '),
            _ => {}
        }
    }
    out
}

/// One report as the search sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Doc {
    name: String,
    year: u16,
    path: String,
    region: String,
    text: String,
}

/// The search document of the report at `index` in `site.reports` (reads its file).
pub fn doc(model: &Model<'_>, index: usize) -> std::io::Result<Doc> {
    let report = &model.site.reports[index];
    let agency = model.site.agencies.get(&report.agency);
    let name = agency.map_or_else(|| report.agency.to_string(), |a| a.name.clone());
    let region = agency
        .map(|a| a.region.path().join(" "))
        .unwrap_or_default();
    let title = report
        .title
        .clone()
        .unwrap_or_else(|| format!("{name}{}年政府信息公开工作年度报告", report.year));
    let source = model.site.read_report_text(report)?;
    let mut text = format!("{name}\n{region}\n{title}\n");
    for section in NarrativeSection::ALL {
        if let Some(span) = report.narrative.span(section) {
            text.push_str(section.heading());
            text.push('\n');
            let body = source
                .get(span.start as usize..span.end as usize)
                .unwrap_or("");
            text.push_str(&plain_text(body));
        }
    }
    Ok(Doc {
        name,
        year: report.year,
        path: urls::report(&report.agency, report.year),
        region,
        text,
    })
}

/// Every file of the search index, by path under the site root.
pub fn files(model: &Model<'_>) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    files_from_docs(docs(model)?)
}

/// The search document of every report, in `site.reports` order.
pub fn docs(model: &Model<'_>) -> std::io::Result<Vec<Doc>> {
    (0..model.site.reports.len())
        .into_par_iter()
        .map(|i| doc(model, i))
        .collect()
}

/// Every file of the search index, from the documents of every report (`serve` keeps them
/// and reads again only the files of edited reports).
pub fn files_from_docs(docs: Vec<Doc>) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    // token → ids of the documents holding it, ascending (documents are added in order).
    let mut postings: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (id, d) in docs.iter().enumerate() {
        let mut own: Vec<String> = Vec::new();
        tokens(&d.text, |t| own.push(t.to_string()));
        own.sort_unstable();
        own.dedup();
        for t in own {
            postings.entry(t).or_default().push(id as u32);
        }
    }
    let encoded: Vec<(String, String)> = postings
        .into_iter()
        .map(|(token, ids)| {
            // Gaps between ids are small numbers even for a large site: fewer digits.
            let mut prev = 0;
            let deltas: Vec<String> = ids
                .iter()
                .map(|id| {
                    let d = id - prev;
                    prev = *id;
                    d.to_string()
                })
                .collect();
            (token, format!("[{}]", deltas.join(",")))
        })
        .collect();
    let total: usize = encoded.iter().map(|(t, p)| t.len() + p.len() + 4).sum();
    let shards = (total / SHARD_TARGET_BYTES)
        .clamp(1, 4096)
        .next_power_of_two() as u32;
    let mut by_shard: BTreeMap<u32, Vec<&(String, String)>> = BTreeMap::new();
    for entry in &encoded {
        by_shard
            .entry(shard_of(&entry.0, shards))
            .or_default()
            .push(entry);
    }
    let mut out = Vec::with_capacity(shards as usize + docs.len() + docs.len() / DOC_CHUNK + 2);
    out.push((
        "search/meta.json".to_string(),
        serde_json::to_vec(&serde_json::json!({
            "format": FORMAT,
            "docs": docs.len(),
            "shards": shards,
            "chunk": DOC_CHUNK,
        }))
        .map_err(std::io::Error::other)?,
    ));
    for shard in 0..shards {
        // Every shard exists, even empty, so that a query never meets a 404.
        let mut s = String::from("{");
        for (i, (token, list)) in by_shard.get(&shard).into_iter().flatten().enumerate() {
            if i > 0 {
                s.push(',');
            }
            s.push_str(&serde_json::to_string(token).map_err(std::io::Error::other)?);
            s.push(':');
            s.push_str(list);
        }
        s.push('}');
        out.push((format!("search/index/{shard:x}.json"), s.into_bytes()));
    }
    for (n, chunk) in docs.chunks(DOC_CHUNK).enumerate() {
        let rows: Vec<serde_json::Value> = chunk
            .iter()
            .map(|d| serde_json::json!([d.name, d.year, d.path, d.region]))
            .collect();
        out.push((
            format!("search/docs/{n}.json"),
            serde_json::to_vec(&rows).map_err(std::io::Error::other)?,
        ));
    }
    for (id, d) in docs.into_iter().enumerate() {
        out.push((format!("search/text/{id}.txt"), d.text.into_bytes()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        tokens(text, |t| v.push(t.to_string()));
        v
    }

    #[test]
    fn bigrams_find_substrings_of_longer_words() {
        let doc = all("收取信息处理费的");
        for t in all("信息处理费") {
            assert!(doc.contains(&t), "{t}");
        }
        assert_eq!(all("天山乡"), ["天山", "山乡"]);
        assert_eq!(all("乡"), ["乡"]);
        assert_eq!(all("ＡＢＣ 2023年"), ["abc", "2023", "年"]);
    }

    #[test]
    fn folding_keeps_positions() {
        let s = "Ｇｏｎｇｋａｉ　公开";
        let folded: String = s.chars().map(fold).collect();
        assert_eq!(folded, "gongkai 公开");
        assert_eq!(folded.chars().count(), s.chars().count());
    }

    #[test]
    fn shards_match_the_script() {
        // The same numbers as fnv1a() in static/search.js.
        assert_eq!(shard_of("a", u32::MAX), 0xe40c_292c);
        assert_eq!(shard_of("a", 128), 0xe40c_292c % 128);
    }

    #[test]
    fn markdown_becomes_plain_text() {
        assert_eq!(
            plain_text("**依申请**公开\n方面\n\n二段"),
            "依申请公开方面\n二段\n"
        );
    }
}
