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
    let bytes = model.site.read_report_bytes(report)?;
    let source = crate::load::utf8_text(&bytes)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
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
/// and reads again only the files of edited reports). The same bytes as [`write`].
pub fn files_from_docs(docs: Vec<Doc>) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let prepared: Vec<(Vec<TokenKey>, Vec<String>)> =
        docs.par_iter().map(|d| document_tokens(&d.text)).collect();
    let mut index = IndexBuilder::default();
    for (id, (d, (keys, words))) in docs.iter().zip(prepared).enumerate() {
        index.add(id as u32, meta(d), keys, words);
    }
    let mut out = Vec::new();
    index.finish(|rel, bytes| {
        out.push((rel, bytes));
        Ok(())
    })?;
    for (id, d) in docs.into_iter().enumerate() {
        out.push((format!("search/text/{id}.txt"), d.text.into_bytes()));
    }
    Ok(out)
}

/// Documents are prepared this many at a time, in parallel, then added to the index in order.
const SEARCH_CHUNK: usize = 512;

/// Write every file of the search index through the sink, streaming the documents so that
/// their text is never all in memory at once (`build`). Returns the paths written.
pub fn write(model: &Model<'_>, sink: &dyn crate::write::Sink) -> std::io::Result<Vec<String>> {
    let n = model.site.reports.len();
    let mut written = Vec::with_capacity(n + n / DOC_CHUNK + 64);
    let mut index = IndexBuilder::default();
    let ids: Vec<usize> = (0..n).collect();
    for chunk in ids.chunks(SEARCH_CHUNK) {
        // In parallel: each document's text (written at once) and its distinct tokens.
        type Prepared = (String, Vec<TokenKey>, Vec<String>);
        let prepared: Vec<Prepared> = chunk
            .par_iter()
            .map(|&id| -> std::io::Result<Prepared> {
                let d = doc(model, id)?;
                let (keys, words) = document_tokens(&d.text);
                sink.write(&format!("search/text/{id}.txt"), d.text.as_bytes())?;
                Ok((meta(&d), keys, words))
            })
            .collect::<std::io::Result<_>>()?;
        // In order: ids must ascend within each posting list.
        for (&id, (m, keys, words)) in chunk.iter().zip(prepared) {
            written.push(format!("search/text/{id}.txt"));
            index.add(id as u32, m, keys, words);
        }
    }
    index.finish(|rel, bytes| {
        sink.write(&rel, &bytes)?;
        written.push(rel);
        Ok(())
    })?;
    Ok(written)
}

/// A document's entry in `docs/<chunk>.json`, as compact JSON.
fn meta(d: &Doc) -> String {
    serde_json::json!([d.name, d.year, d.path, d.region]).to_string()
}

/// A token as a number: an ideograph bigram or single ideograph packs its code points; an
/// ASCII word gets an interned id. Numbers hash and sort far faster than strings, and the
/// text of a token is needed only once, when its shard is written.
type TokenKey = u64;
const WORD: u64 = 1 << 63;

fn key_text(key: TokenKey, words: &[String]) -> String {
    if key & WORD != 0 {
        return words[(key & !WORD) as usize].clone();
    }
    let mut s = String::new();
    s.extend(char::from_u32((key >> 21) as u32));
    if key & 0x1F_FFFF != 0 {
        s.extend(char::from_u32((key & 0x1F_FFFF) as u32));
    }
    s
}

/// A document's tokens: ideograph keys in text order (repeats kept: [`IndexBuilder::add`]
/// drops them), and its distinct ASCII words. The same tokens as [`tokens`] (a test holds
/// them to it), made without a string per token.
fn document_tokens(text: &str) -> (Vec<TokenKey>, Vec<String>) {
    let mut keys = Vec::with_capacity(text.len() / 3);
    let mut words = Vec::new();
    let mut word = String::new();
    // The previous ideograph of the current run, and whether the run is longer than one.
    let mut han: Option<char> = None;
    let mut run_longer_than_one = false;
    let end_han_run = |han: &mut Option<char>, longer: &mut bool, keys: &mut Vec<TokenKey>| {
        if let Some(a) = han.take()
            && !*longer
        {
            keys.push((a as u64) << 21);
        }
        *longer = false;
    };
    for c in text.chars().map(fold) {
        if is_han(c) {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            if let Some(a) = han {
                keys.push(((a as u64) << 21) | c as u64);
                run_longer_than_one = true;
            }
            han = Some(c);
            continue;
        }
        end_han_run(&mut han, &mut run_longer_than_one, &mut keys);
        if c.is_ascii_alphanumeric() {
            word.push(c);
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    end_han_run(&mut han, &mut run_longer_than_one, &mut keys);
    if !word.is_empty() {
        words.push(word);
    }
    words.sort_unstable();
    words.dedup();
    (keys, words)
}

/// A hasher for token keys, which are already well spread integers: SipHash's defence against
/// chosen keys is not needed for the site's own text, and cost more than the postings.
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(*b as u64);
        }
    }
    fn write_u64(&mut self, n: u64) {
        // Fibonacci hashing: multiply by 2^64 / φ, keep the mixed high bits.
        self.0 = (self.0 ^ n)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(26);
    }
}

type KeyMap<V> = std::collections::HashMap<TokenKey, V, std::hash::BuildHasherDefault<KeyHasher>>;

/// Postings of one token: document ids as varint-encoded gaps (most gaps fit in a byte).
#[derive(Default)]
struct Postings {
    bytes: Vec<u8>,
    last: u32,
    any: bool,
}

impl Postings {
    fn push(&mut self, id: u32) {
        let mut gap = if self.any { id - self.last } else { id };
        self.last = id;
        self.any = true;
        loop {
            let byte = (gap & 0x7F) as u8;
            gap >>= 7;
            if gap == 0 {
                self.bytes.push(byte);
                break;
            }
            self.bytes.push(byte | 0x80);
        }
    }

    /// The gaps, decoded.
    fn gaps(&self) -> impl Iterator<Item = u32> + '_ {
        let (mut value, mut shift) = (0u32, 0);
        self.bytes.iter().filter_map(move |b| {
            value |= ((b & 0x7F) as u32) << shift;
            if b & 0x80 != 0 {
                shift += 7;
                return None;
            }
            let gap = value;
            value = 0;
            shift = 0;
            Some(gap)
        })
    }

    /// The gaps as a JSON array, the format `search.js` reads.
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, gap) in self.gaps().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&gap.to_string());
        }
        out.push(']');
    }

    /// The length of [`Postings::write_json`]'s text, without writing it.
    fn json_len(&self) -> usize {
        let digits = |g: u32| g.checked_ilog10().unwrap_or(0) as usize + 1;
        let (count, len) = self.gaps().fold((0usize, 0usize), |(count, len), g| {
            (count + 1, len + digits(g))
        });
        2 + len + count.saturating_sub(1)
    }
}

/// The index being built, documents added in ascending id order.
#[derive(Default)]
struct IndexBuilder {
    postings: KeyMap<Postings>,
    words: Vec<String>,
    word_ids: std::collections::HashMap<String, u64>,
    metas: Vec<String>,
}

impl IndexBuilder {
    fn add(&mut self, id: u32, meta: String, keys: Vec<TokenKey>, words: Vec<String>) {
        self.metas.push(meta);
        // A document's keys repeat (a bigram occurs many times in a text): the posting list
        // already ending with this document is the repeat, found in the lookup made anyway
        // (cheaper than removing repeats first, by sorting or hashing, measured).
        for k in keys {
            let postings = self.postings.entry(k).or_default();
            if !(postings.any && postings.last == id) {
                postings.push(id);
            }
        }
        for w in words {
            let next = self.words.len() as u64;
            let key = match self.word_ids.get(&w) {
                Some(k) => *k,
                None => {
                    self.word_ids.insert(w.clone(), next | WORD);
                    self.words.push(w);
                    next | WORD
                }
            };
            self.postings.entry(key).or_default().push(id);
        }
    }

    /// `search/meta.json`, the shards and the document chunks (not the text files), each
    /// handed to `emit` as it is made: a shard's JSON is written from the postings when its
    /// turn comes, so the index is never held twice (at 100,000 reports the JSON of all the
    /// postings would be some 400 MB).
    fn finish(
        self,
        mut emit: impl FnMut(String, Vec<u8>) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let n = self.metas.len();
        let words = self.words;
        // Tokens sorted by their text, spread over shards by the FNV-1a hash of that text
        // (the script hashes the same text).
        let mut entries: Vec<(String, Postings)> = self
            .postings
            .into_iter()
            .map(|(k, p)| (key_text(k, &words), p))
            .collect();
        entries.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let total: usize = entries
            .iter()
            .map(|(t, p)| json_string_len(t) + p.json_len() + 2)
            .sum();
        let shards = (total / SHARD_TARGET_BYTES)
            .clamp(1, 4096)
            .next_power_of_two() as u32;
        let mut by_shard: Vec<Vec<usize>> = vec![Vec::new(); shards as usize];
        for (i, (token, _)) in entries.iter().enumerate() {
            by_shard[shard_of(token, shards) as usize].push(i);
        }
        let meta =
            serde_json::json!({"format": FORMAT, "docs": n, "shards": shards, "chunk": DOC_CHUNK});
        emit(
            "search/meta.json".to_string(),
            serde_json::to_vec(&meta).map_err(std::io::Error::other)?,
        )?;
        // Shards are made in parallel a batch at a time and written in order.
        const SHARD_BATCH: usize = 64;
        for (batch_no, batch) in by_shard.chunks(SHARD_BATCH).enumerate() {
            let made: Vec<std::io::Result<Vec<u8>>> = batch
                .par_iter()
                .map(|members| {
                    // Every shard exists, even empty, so that a query never meets a 404.
                    let mut s = String::from("{");
                    for (i, &e) in members.iter().enumerate() {
                        let (token, postings) = &entries[e];
                        if i > 0 {
                            s.push(',');
                        }
                        s.push_str(&serde_json::to_string(token).map_err(std::io::Error::other)?);
                        s.push(':');
                        postings.write_json(&mut s);
                    }
                    s.push('}');
                    Ok(s.into_bytes())
                })
                .collect();
            for (i, bytes) in made.into_iter().enumerate() {
                let shard = batch_no * SHARD_BATCH + i;
                emit(format!("search/index/{shard:x}.json"), bytes?)?;
            }
        }
        drop(entries);
        for (c, chunk) in self.metas.chunks(DOC_CHUNK).enumerate() {
            let mut bytes =
                Vec::with_capacity(chunk.iter().map(|m| m.len() + 1).sum::<usize>() + 2);
            bytes.push(b'[');
            for (i, m) in chunk.iter().enumerate() {
                if i > 0 {
                    bytes.push(b',');
                }
                bytes.extend_from_slice(m.as_bytes());
            }
            bytes.push(b']');
            emit(format!("search/docs/{c}.json"), bytes)?;
        }
        Ok(())
    }
}

/// The length of a token as a JSON string: tokens are ideographs and ASCII letters and
/// digits, which JSON writes as they are, between two quotes.
fn json_string_len(token: &str) -> usize {
    token.len() + 2
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
    fn document_tokens_are_the_distinct_tokens() {
        for text in [
            "收取信息处理费的",
            "乡",
            "ＡＢＣ 2023年",
            "天山乡 a 乡b乡乡，x1y2\n国",
            "",
            "abc",
            "年a",
            "𠀀𠀁 Ｚ",
            "2024年203件",
        ] {
            let mut expected = all(text);
            expected.sort();
            expected.dedup();
            let (keys, words) = document_tokens(text);
            let mut got: Vec<String> = keys.iter().map(|k| key_text(*k, &[])).collect();
            got.extend(words);
            got.sort();
            got.dedup();
            assert_eq!(got, expected, "{text}");
        }
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
