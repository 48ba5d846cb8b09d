//! The static full-text search index under `search/`, and the rules it shares with
//! `static/search.js`.
//!
//! Chinese has no spaces, and a reader looks for any stretch of characters: a township
//! (天山乡), a term inside a longer word (信息处理费 in 收取信息处理费的). So the index is of
//! character bigrams, which find every substring of two characters or more, with no dictionary
//! to disagree with the reader about where words end. A query's bigrams are looked up, their
//! document lists intersected and ranked in the browser (docs/search.md defines the score), and
//! the shown results' own text is then checked for the exact phrase, which removes the rare
//! document holding all the bigrams but not in a row.
//!
//! Documents are numbered newest year first, then in the site's order (by agency), so that a
//! document's id is its place among equally ranked results and a year is a range of ids.
//!
//! Files (all deterministic, so builds stay byte-identical):
//! - `search/meta.json`: format version, document count, shard count, chunk size, each year's
//!   range of ids, and the regions a search can be narrowed to, with their report counts.
//! - `search/index/<shard>.json`: `{token: "postings"}`, tokens spread over shards by an
//!   FNV-1a hash, so a query fetches one small file per bigram, never the whole index. The
//!   postings are, per document, the gap from the previous id and the sections holding the
//!   token (see [`SECTIONS`]), packed as one number `gap << 7 | sections` written in the
//!   characters of [`DIGITS`], five bits a character, low bits first, 32 added to every
//!   character but the last of a number. A region filter is the token `region:<path>`.
//! - `search/docs/<chunk>.json`: `[[agency name, year, page path, region], …]` per
//!   [`DOC_CHUNK`] documents, fetched only for the results shown.
//! - `search/text/<id>.txt`: a document's plain text (name, region, title, narrative), fetched
//!   only for the results shown, to check the phrase and cut the highlighted passage.

use rayon::prelude::*;

use crate::catalogue::NarrativeSection;
use crate::render::{Model, urls};

/// Bump when the files change shape; `search.js` refuses an index of another version.
pub const FORMAT: u32 = 2;
/// The sections of a document, one bit each in a posting: bit 0 the heading (agency name,
/// region, title), bits 1–6 the narrative sections 一 to 六.
pub const SECTIONS: usize = 7;
/// The characters the postings are written in: 64 that JSON writes as they are.
pub const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
/// The prefix of the tokens naming a region (no text token holds a colon).
pub const REGION_TOKEN: &str = "region:";
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
    /// The region filters the document belongs to: its province, and its province and
    /// prefecture (`省/市`).
    regions: Vec<String>,
    text: String,
    /// Where each section of `text` starts (a byte offset) and its bit in [`SECTIONS`]; the
    /// heading starts at 0, each section runs to the next one's start.
    sections: Vec<(u32, u8)>,
}

/// The search document of the report at `index` in `site.reports` (reads its file).
pub fn doc(model: &Model<'_>, index: usize) -> std::io::Result<Doc> {
    let report = &model.site.reports[index];
    let agency = model.site.agencies.get(&report.agency);
    let name = agency.map_or_else(|| report.agency.to_string(), |a| a.name.clone());
    let region = agency
        .map(|a| a.region.path().join(" "))
        .unwrap_or_default();
    let regions = agency.map_or_else(Vec::new, |a| {
        let mut v = vec![a.region.province.clone()];
        if let Some(p) = &a.region.prefecture {
            v.push(format!("{}/{p}", a.region.province));
        }
        v
    });
    let title = report
        .title
        .clone()
        .unwrap_or_else(|| format!("{name}{}年政府信息公开工作年度报告", report.year));
    let bytes = model.site.read_report_bytes(report)?;
    let source = crate::load::utf8_text(&bytes)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    let mut text = format!("{name}\n{region}\n{title}\n");
    let mut sections = vec![(0, 0)];
    for section in NarrativeSection::ALL {
        if let Some(span) = report.narrative.span(section) {
            sections.push((text.len() as u32, section.index() as u8 + 1));
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
        regions,
        text,
        sections,
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

/// The order of the documents in the index: newest year first, then in the site's order
/// (agency, then year). `order[id]` is the index into `years` (the reports' years, in the
/// site's order) of the document numbered `id`.
pub fn order(years: &[u16]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..years.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(years[i]), i));
    order
}

/// Every file of the search index, from the documents of every report in the site's order
/// (`serve` keeps them and reads again only the files of edited reports). The same bytes as
/// [`write`].
pub fn files_from_docs(docs: Vec<Doc>) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let years: Vec<u16> = docs.iter().map(|d| d.year).collect();
    let mut slots: Vec<Option<Doc>> = docs.into_iter().map(Some).collect();
    let docs: Vec<Doc> = order(&years)
        .into_iter()
        .filter_map(|i| slots[i].take())
        .collect();
    let prepared: Vec<Sections> = docs.par_iter().map(document_sections).collect();
    let mut index = IndexBuilder::default();
    for (id, (d, sections)) in docs.iter().zip(prepared).enumerate() {
        index.add(id as u32, d, sections);
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
    let years: Vec<u16> = model.site.reports.iter().map(|r| r.year).collect();
    let ids: Vec<(usize, usize)> = order(&years).into_iter().enumerate().collect();
    for chunk in ids.chunks(SEARCH_CHUNK) {
        // In parallel: each document's text (written at once) and its distinct tokens.
        let prepared: Vec<(Doc, Sections)> = chunk
            .par_iter()
            .map(|&(id, i)| -> std::io::Result<(Doc, Sections)> {
                let mut d = doc(model, i)?;
                let sections = document_sections(&d);
                sink.write(&format!("search/text/{id}.txt"), d.text.as_bytes())?;
                d.text = String::new();
                Ok((d, sections))
            })
            .collect::<std::io::Result<_>>()?;
        // In order: ids must ascend within each posting list.
        for (&(id, _), (d, sections)) in chunk.iter().zip(prepared) {
            written.push(format!("search/text/{id}.txt"));
            index.add(id as u32, &d, sections);
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

/// A document's tokens, section by section: each section's bit in [`SECTIONS`], its
/// ideograph keys (repeats kept) and its distinct ASCII words.
type Sections = Vec<(u8, Vec<TokenKey>, Vec<String>)>;

/// The tokens of each section of a document. Sections are split at line ends, so no token
/// spans two of them: together they are the tokens of the whole text.
fn document_sections(d: &Doc) -> Sections {
    let mut out = Vec::with_capacity(d.sections.len());
    for (k, &(start, bit)) in d.sections.iter().enumerate() {
        let end = d.sections.get(k + 1).map_or(d.text.len(), |s| s.0 as usize);
        let (keys, words) = document_tokens(d.text.get(start as usize..end).unwrap_or(""));
        out.push((bit, keys, words));
    }
    out
}

/// Append one number in the postings' characters ([`DIGITS`]): five bits a character, low
/// bits first, 32 added to every character but the last.
fn push_number(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let digit = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(DIGITS[digit]);
            return;
        }
        out.push(DIGITS[digit | 32]);
    }
}

/// Postings of one token, already in the characters of the shard files: for each document,
/// `gap << 7 | sections` (see [`push_number`]). The last document's sections are held until
/// the next document comes, since a token occurs in several sections of one document.
#[derive(Default)]
struct Postings {
    chars: Vec<u8>,
    /// The last document written to `chars`.
    written: Option<u32>,
    /// The document being added, and the sections holding the token so far.
    open: Option<(u32, u8)>,
}

impl Postings {
    fn push(&mut self, id: u32, section: u8) {
        let bit = 1u8 << section;
        match &mut self.open {
            Some((open, mask)) if *open == id => *mask |= bit,
            _ => {
                self.seal();
                self.open = Some((id, bit));
            }
        }
    }

    /// Write the open document.
    fn seal(&mut self) {
        if let Some((id, mask)) = self.open.take() {
            let gap = id - self.written.unwrap_or(0);
            push_number(&mut self.chars, ((gap as u64) << SECTIONS) | mask as u64);
            self.written = Some(id);
        }
    }
}

/// The index being built, documents added in ascending id order.
#[derive(Default)]
struct IndexBuilder {
    postings: KeyMap<Postings>,
    words: Vec<String>,
    word_ids: std::collections::HashMap<String, u64>,
    metas: Vec<String>,
    /// Each year's first id and count, newest first (ids ascend as years descend).
    years: Vec<(u16, usize, usize)>,
    /// How many documents each region filter holds.
    regions: std::collections::BTreeMap<String, usize>,
}

impl IndexBuilder {
    fn word_key(&mut self, w: String) -> TokenKey {
        if let Some(k) = self.word_ids.get(&w) {
            return *k;
        }
        let key = self.words.len() as u64 | WORD;
        self.word_ids.insert(w.clone(), key);
        self.words.push(w);
        key
    }

    fn add(&mut self, id: u32, d: &Doc, sections: Sections) {
        self.metas.push(meta(d));
        match self.years.last_mut() {
            Some((year, _, count)) if *year == d.year => *count += 1,
            _ => self.years.push((d.year, id as usize, 1)),
        }
        for region in &d.regions {
            *self.regions.entry(region.clone()).or_default() += 1;
            let key = self.word_key(format!("{REGION_TOKEN}{region}"));
            self.postings.entry(key).or_default().push(id, 0);
        }
        // A document's keys repeat (a bigram occurs many times in a text): the posting list
        // whose open document is this one takes the repeat, found in the lookup made anyway
        // (cheaper than removing repeats first, by sorting or hashing, measured).
        for (section, keys, words) in sections {
            for k in keys {
                self.postings.entry(k).or_default().push(id, section);
            }
            for w in words {
                let key = self.word_key(w);
                self.postings.entry(key).or_default().push(id, section);
            }
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
            .map(|(k, mut p)| {
                p.seal();
                (key_text(k, &words), p)
            })
            .collect();
        entries.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let total: usize = entries
            .iter()
            .map(|(t, p)| json_string_len(t) + p.chars.len() + 4)
            .sum();
        let shards = (total / SHARD_TARGET_BYTES)
            .clamp(1, 4096)
            .next_power_of_two() as u32;
        let mut by_shard: Vec<Vec<usize>> = vec![Vec::new(); shards as usize];
        for (i, (token, _)) in entries.iter().enumerate() {
            by_shard[shard_of(token, shards) as usize].push(i);
        }
        let years: Vec<_> = self
            .years
            .iter()
            .map(|&(year, first, count)| serde_json::json!([year, first, count]))
            .collect();
        let regions: Vec<_> = self
            .regions
            .iter()
            .map(|(region, count)| serde_json::json!([region, count]))
            .collect();
        let meta = serde_json::json!({
            "format": FORMAT, "docs": n, "shards": shards, "chunk": DOC_CHUNK,
            "years": years, "regions": regions,
        });
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
                    let mut s = Vec::from(*b"{");
                    for (i, &e) in members.iter().enumerate() {
                        let (token, postings) = &entries[e];
                        if i > 0 {
                            s.push(b',');
                        }
                        serde_json::to_writer(&mut s, token).map_err(std::io::Error::other)?;
                        s.extend_from_slice(b":\"");
                        s.extend_from_slice(&postings.chars);
                        s.push(b'"');
                    }
                    s.push(b'}');
                    Ok(s)
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

    /// The postings as `search.js` decodes them: (id, sections) pairs.
    fn decode(chars: &[u8]) -> Vec<(u32, u8)> {
        let (mut out, mut id, mut n, mut shift) = (Vec::new(), 0u32, 0u64, 0);
        for &c in chars {
            let d = DIGITS.iter().position(|&x| x == c).unwrap() as u64;
            n |= (d & 31) << shift;
            shift += 5;
            if d < 32 {
                id += (n >> SECTIONS) as u32;
                out.push((id, (n & 127) as u8));
                (n, shift) = (0, 0);
            }
        }
        out
    }

    #[test]
    fn postings_hold_ids_and_sections() {
        let mut p = Postings::default();
        for (id, section) in [(0, 0), (0, 3), (1, 1), (1, 1), (40, 6), (70000, 2)] {
            p.push(id, section);
        }
        p.seal();
        assert_eq!(
            decode(&p.chars),
            [(0, 0b1001), (1, 0b10), (40, 0b100_0000), (70000, 0b100)]
        );
        // A document one after the last, in one section: two characters.
        assert_eq!(&p.chars[1..3], b"Y4");
    }

    #[test]
    fn documents_are_numbered_newest_year_first() {
        assert_eq!(order(&[2020, 2021, 2020, 2022, 2021]), [3, 1, 4, 0, 2]);
    }

    #[test]
    fn markdown_becomes_plain_text() {
        assert_eq!(
            plain_text("**依申请**公开\n方面\n\n二段"),
            "依申请公开方面\n二段\n"
        );
    }
}
