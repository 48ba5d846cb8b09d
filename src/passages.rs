//! Shared passages between two narrative texts: the measure of 雷同 (copied text).
//!
//! A text is first *normalised*: white space and Markdown markup are dropped and every run of
//! digits becomes one placeholder, so that a copy which only changed 「2023年」 to 「2024年」
//! or one figure to another is still a copy. The share of a text copied from another is the
//! share of its normalised characters covered by passages of at least [`MIN_PASSAGE`]
//! characters that also appear in the other text — a measure a reader can check on the
//! side-by-side page, where exactly those passages are marked.
//!
//! To find which other text to compare with among thousands, each text also gets a small set of
//! *fingerprints* (winnowing, Schleimer, Wilkerson and Aiken 2003): hashes of [`GRAM`]-character
//! grams, the smallest of every [`WINDOW`] consecutive ones. Any passage of
//! `GRAM + WINDOW - 1` characters shared by two texts gives them a fingerprint in common, so an
//! index of fingerprints finds the candidates without comparing all pairs.

use std::ops::Range;

/// The shortest passage that counts as shared, in normalised characters.
pub const MIN_PASSAGE: usize = 20;
/// The length of a fingerprinted gram, in normalised characters.
pub const GRAM: usize = 12;
/// The winnowing window: one fingerprint per window of this many grams.
pub const WINDOW: usize = 29;

/// The placeholder that replaces a run of digits.
const NUMBER: char = '#';

/// A text reduced to what counts for copying, with the byte range of each character kept in
/// the original text (for marking passages).
#[derive(Debug, Default, Clone)]
pub struct Normalised {
    pub chars: Vec<char>,
    /// For each normalised character, its bytes in the original text (a run of digits maps to
    /// the whole run).
    pub spans: Vec<Range<u32>>,
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Markup that is not the agency's words.
fn is_markup(c: char) -> bool {
    matches!(c, '*' | '_' | '#' | '>' | '|' | '`' | '\\')
}

/// Normalise a text: no white space, no Markdown markup, every number (digits, with a decimal
/// point or grouping comma inside) one placeholder.
pub fn normalise(text: &str) -> Normalised {
    let mut out = Normalised {
        chars: Vec::with_capacity(text.len() / 3 + 1),
        spans: Vec::with_capacity(text.len() / 3 + 1),
    };
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_whitespace() || is_markup(c) {
            continue;
        }
        if is_digit(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                let inside = matches!(d, '.' | ',' | '．' | '，')
                    && text[j + d.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(is_digit);
                if is_digit(d) || inside {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            out.chars.push(NUMBER);
            out.spans.push(i as u32..end as u32);
            continue;
        }
        out.chars.push(c);
        out.spans.push(i as u32..(i + c.len_utf8()) as u32);
    }
    out
}

/// The hashes of every gram of `n` characters, in order (a polynomial rolling hash).
fn gram_hashes(chars: &[char], n: usize) -> Vec<u64> {
    const BASE: u64 = 0x0000_0100_0000_01b3;
    if chars.len() < n {
        return Vec::new();
    }
    let mut power = 1u64;
    for _ in 1..n {
        power = power.wrapping_mul(BASE);
    }
    let code = |c: char| (c as u64).wrapping_add(0x9e37_79b9);
    let mut h = 0u64;
    for &c in &chars[..n] {
        h = h.wrapping_mul(BASE).wrapping_add(code(c));
    }
    let mut out = Vec::with_capacity(chars.len() - n + 1);
    out.push(h);
    for i in n..chars.len() {
        h = h
            .wrapping_sub(code(chars[i - n]).wrapping_mul(power))
            .wrapping_mul(BASE)
            .wrapping_add(code(chars[i]));
        out.push(h);
    }
    out
}

/// Scramble a rolling hash so that its low bits are as good as its high ones.
fn mix(mut z: u64) -> u32 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (z ^ (z >> 31)) as u32
}

/// The winnowed fingerprints of a normalised text, sorted and without repeats.
pub fn fingerprints(chars: &[char]) -> Vec<u32> {
    let hashes: Vec<u32> = gram_hashes(chars, GRAM).into_iter().map(mix).collect();
    if hashes.is_empty() {
        return Vec::new();
    }
    let mut picked = Vec::with_capacity(hashes.len() * 2 / (WINDOW + 1) + 2);
    // A deque of indices whose hashes increase: the front is the window's minimum (the
    // rightmost one on ties, as winnowing prescribes).
    let mut deque: std::collections::VecDeque<usize> = std::collections::VecDeque::new();
    let mut last_pick = usize::MAX;
    for (i, &h) in hashes.iter().enumerate() {
        while deque.back().is_some_and(|&j| hashes[j] >= h) {
            deque.pop_back();
        }
        deque.push_back(i);
        if i + 1 < WINDOW.min(hashes.len()) {
            continue;
        }
        while deque.front().is_some_and(|&j| j + WINDOW <= i) {
            deque.pop_front();
        }
        if let Some(&j) = deque.front()
            && j != last_pick
        {
            picked.push(hashes[j]);
            last_pick = j;
        }
    }
    picked.sort_unstable();
    picked.dedup();
    picked
}

/// What two texts share: the share of each covered by passages of at least [`MIN_PASSAGE`]
/// characters found in the other, and those passages, as normalised character ranges.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Covered characters of the first text / its normalised characters.
    pub share: f64,
    /// The normalised characters of the first text.
    pub chars: usize,
    /// Maximal covered runs in the first text.
    pub this: Vec<Range<usize>>,
    /// Maximal covered runs in the second text.
    pub other: Vec<Range<usize>>,
}

/// The runs of `a` covered by grams of [`MIN_PASSAGE`] characters that also occur in `b`,
/// whose grams are given sorted by hash.
fn covered(a: &[char], a_grams: &[u64], b: &[char], b_grams: &[(u64, u32)]) -> Vec<Range<usize>> {
    let mut runs: Vec<Range<usize>> = Vec::new();
    for (i, &h) in a_grams.iter().enumerate() {
        let gram = &a[i..i + MIN_PASSAGE];
        let start = b_grams.partition_point(|(g, _)| *g < h);
        let found = b_grams[start..]
            .iter()
            .take_while(|(g, _)| *g == h)
            .any(|&(_, j)| &b[j as usize..j as usize + MIN_PASSAGE] == gram);
        if !found {
            continue;
        }
        match runs.last_mut() {
            Some(last) if last.end >= i => last.end = i + MIN_PASSAGE,
            _ => runs.push(i..i + MIN_PASSAGE),
        }
    }
    runs
}

fn sorted(grams: &[u64]) -> Vec<(u64, u32)> {
    let mut v: Vec<(u64, u32)> = grams
        .iter()
        .enumerate()
        .map(|(j, &h)| (h, j as u32))
        .collect();
    v.sort_unstable();
    v
}

/// Compare a text (`this`) with another: how much of `this` the other covers, and where.
pub fn compare(this: &[char], other: &[char]) -> Comparison {
    let (this_grams, other_grams) = (
        gram_hashes(this, MIN_PASSAGE),
        gram_hashes(other, MIN_PASSAGE),
    );
    let mine = covered(this, &this_grams, other, &sorted(&other_grams));
    let theirs = covered(other, &other_grams, this, &sorted(&this_grams));
    let n: usize = mine.iter().map(|r| r.len()).sum();
    Comparison {
        share: if this.is_empty() {
            0.0
        } else {
            n as f64 / this.len() as f64
        },
        chars: this.len(),
        this: mine,
        other: theirs,
    }
}

/// The share of `this` covered by passages found in `other` (what [`compare`] measures,
/// without the other side's passages).
pub fn share(this: &[char], other: &[char]) -> f64 {
    let this_grams = gram_hashes(this, MIN_PASSAGE);
    let n: usize = covered(
        this,
        &this_grams,
        other,
        &sorted(&gram_hashes(other, MIN_PASSAGE)),
    )
    .iter()
    .map(|r| r.len())
    .sum();
    if this.is_empty() {
        0.0
    } else {
        n as f64 / this.len() as f64
    }
}

/// The byte ranges of the original text that normalised runs cover, merged where only white
/// space or markup lies between them.
pub fn byte_ranges(text: &Normalised, runs: &[Range<usize>]) -> Vec<Range<usize>> {
    runs.iter()
        .filter(|r| r.start < r.end && r.end <= text.spans.len())
        .map(|r| text.spans[r.start].start as usize..text.spans[r.end - 1].end as usize)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        normalise(s).chars
    }

    #[test]
    fn numbers_white_space_and_markup_are_normalised() {
        let n = normalise("2023年，共收到 **12** 件申请，\n收费1,250.5元。");
        let text: String = n.chars.iter().collect();
        assert_eq!(text, "#年，共收到#件申请，收费#元。");
        // The placeholder of 1,250.5 spans all its bytes.
        let s = "收费1,250.5元";
        let n = normalise(s);
        assert_eq!(
            &s[n.spans[2].start as usize..n.spans[2].end as usize],
            "1,250.5"
        );
    }

    #[test]
    fn a_copy_with_new_dates_and_figures_is_a_whole_copy() {
        let before = "2023年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全年共收到政府信息公开申请12件，均在法定期限内答复。";
        let after = "2024年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全年共收到政府信息公开申请7件，均在法定期限内答复。";
        let c = compare(&chars(after), &chars(before));
        assert_eq!(c.share, 1.0);
        assert_eq!(c.this, vec![0..c.chars]);
    }

    #[test]
    fn passages_shorter_than_the_minimum_do_not_count() {
        // 「政府信息公开条例」 is shared but far shorter than 20 characters.
        let a = "一是加强组织领导，落实政府信息公开条例的各项要求，完善工作机制。";
        let b = "二是强化平台建设，围绕政府信息公开条例开展培训，提升队伍素质。";
        let c = compare(&chars(a), &chars(b));
        assert_eq!(c.share, 0.0);
        assert!(c.this.is_empty() && c.other.is_empty());
    }

    #[test]
    fn the_share_is_the_covered_part_only() {
        let shared = "严格落实公文公开属性源头认定机制，拟制公文时同步明确公开属性。";
        let a = format!("{shared}今年新设了三个专题栏目。");
        let b = format!("去年重点做了保密审查。{shared}");
        let ca = chars(&a);
        let c = compare(&ca, &chars(&b));
        let shared_len = chars(shared).len();
        assert_eq!(c.this, vec![0..shared_len]);
        assert!((c.share - shared_len as f64 / ca.len() as f64).abs() < 1e-9);
        assert_eq!(c.other.len(), 1);
    }

    #[test]
    fn shared_passages_of_forty_characters_share_a_fingerprint() {
        let shared: String = "政务公开工作领导小组明确分管领导和具体承办人员把政务公开工作纳入年度目标考核全年组织培训"
            .chars()
            .take(GRAM + WINDOW - 1)
            .collect();
        let a = format!("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉{shared}天地玄黄宇宙洪荒");
        let b = format!("日月盈昃辰宿列张寒来暑往秋收冬藏{shared}闰余成岁律吕调阳云腾致雨");
        let (fa, fb) = (fingerprints(&chars(&a)), fingerprints(&chars(&b)));
        assert!(fa.iter().any(|h| fb.binary_search(h).is_ok()));
        // About two per window of grams, sorted and unique.
        assert!(fa.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn byte_ranges_follow_the_original_text() {
        let text = "第一段落的文字。\n\n第二段落";
        let n = normalise(text);
        let ranges = byte_ranges(&n, &[0..3, 3..3]);
        assert_eq!(&text[ranges[0].clone()], "第一段");
    }
}
