//! 雷同: the whole-site check that finds narrative sections copied from the same agency's
//! earlier reports or from another agency's report of the same year (`narrative.copied`).
//!
//! It runs after the per-report checks, over the fingerprints that loading computed for the
//! free-text sections (一、五、六; see [`crate::passages`]). An index sorted by fingerprint
//! gives, for each section, the other sections it shares fingerprints with; the one sharing
//! the most is its candidate, and only that pair is read again from the files and measured
//! exactly. The cost grows with the number of sections, not with its square: a fingerprint that
//! more than [`COMMON`] sections hold is a common formula (「根据《中华人民共和国政府信息公开条例》
//! 规定」) and points to no candidate.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use rayon::prelude::*;

use crate::catalogue::NarrativeSection;
use crate::diagnostic::{CopiedFrom, Diagnostic};
use crate::hash::FnvHasher;
use crate::load::Site;
use crate::model::Report;
use crate::passages;

/// The sections measured, in this order in [`Shares`].
pub const SECTIONS: [NarrativeSection; 3] = [
    NarrativeSection::Overview,
    NarrativeSection::Problems,
    NarrativeSection::Other,
];

/// A section shorter than this (normalised characters) is not measured: 「本年度未收取信息处理费。」
/// is the same everywhere and copies nothing.
pub const MIN_SECTION: u32 = 100;

/// A fingerprint held by more sections than this is a common formula, not a sign of copying.
/// (A copy shares all of its source's fingerprints, the rare ones too, so it is found through
/// those; and the pairs a fingerprint links grow with the square of its holders.)
pub const COMMON: usize = 16;

/// A section is measured exactly only against a candidate holding at least this share of its
/// fingerprints (common formulae aside); below it no single report shares enough to matter, and the share is left
/// unmeasured (blank in the data).
pub const MEASURE_FROM: f64 = 0.25;

/// The measured share of one section: how much of it one other report covers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Share {
    /// 0–1: covered normalised characters / the section's normalised characters.
    pub share: f64,
    /// The other report, by index in `site.reports`.
    pub other: usize,
}

/// The share of each measured section of each report, by index in `site.reports` and then in
/// [`SECTIONS`]; `None` when the section is missing, too short, or shares no passage found by
/// its fingerprints with any report it may be compared with.
#[derive(Clone, Debug, Default)]
pub struct Shares {
    pub by_report: Vec<[Option<Share>; 3]>,
}

impl Shares {
    /// The share of a report's section, if measured.
    pub fn get(&self, report: usize, section: NarrativeSection) -> Option<Share> {
        let slot = SECTIONS.iter().position(|s| *s == section)?;
        self.by_report.get(report)?[slot]
    }
}

/// Whether `other` is a report `this` may have copied from: the same agency's earlier report,
/// or another agency's report of the same year.
pub fn comparable(this: &Report, other: &Report) -> bool {
    if this.agency == other.agency {
        other.year < this.year
    } else {
        other.year == this.year
    }
}

/// Find copied sections: the shares of every section, and a `narrative.copied` warning for
/// each section whose share reaches `threshold`.
pub fn check(site: &Site, threshold: f64) -> (Shares, Vec<Diagnostic>) {
    let reports = &site.reports;
    // (fingerprint, section id), the id being slot × reports + report index: sorted, the
    // holders of a fingerprint in one slot sit together.
    let n = reports.len();
    let mut index: Vec<(u32, u32)> = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        for (slot, section) in SECTIONS.iter().enumerate() {
            if r.narrative.normalised[section.index()] < MIN_SECTION {
                continue;
            }
            let id = (slot * n + i) as u32;
            index.extend(
                r.narrative.fingerprints[section.index()]
                    .iter()
                    .map(|&fp| (fp, id)),
            );
        }
    }
    index.par_sort_unstable();
    let mut agencies: HashMap<&str, u32, BuildHasherDefault<FnvHasher>> = HashMap::default();
    let keys: Vec<Key> = reports
        .iter()
        .map(|r| {
            let next = agencies.len() as u32;
            Key {
                agency: *agencies.entry(r.agency.as_str()).or_insert(next),
                year: r.year,
            }
        })
        .collect();
    let candidates = candidates(reports, &keys, &index);
    let measured: Vec<[Option<Share>; 3]> = candidates
        .par_iter()
        .enumerate()
        .map(|(i, best)| measure(site, i, best))
        .collect();
    let mut diags = Vec::new();
    for (i, shares) in measured.iter().enumerate() {
        for (slot, share) in shares.iter().enumerate() {
            if let Some(s) = share.filter(|s| s.share >= threshold) {
                diags.push(finding(site, i, SECTIONS[slot], s));
            }
        }
    }
    (
        Shares {
            by_report: measured,
        },
        diags,
    )
}

/// What the search for candidates needs of each report: its agency as a number, and its year.
#[derive(Clone, Copy)]
struct Key {
    agency: u32,
    year: u16,
}

impl Key {
    /// Whether `other` is a report this one may have copied from (see [`comparable`]).
    fn may_copy(self, other: Key) -> bool {
        if self.agency == other.agency {
            other.year < self.year
        } else {
            other.year == self.year
        }
    }
}

/// For every section (by id: slot × reports + report index), the comparable report sharing
/// the most fingerprints with it (the latest, then the first in the site's order, on a tie), if
/// it shares at least [`MEASURE_FROM`] of the section's fingerprints that are not common
/// formulae.
///
/// One pass over the sorted index turns every fingerprint held by 2 to [`COMMON`] sections
/// into the pairs (section, other report) it links; sorting the pairs counts them. The index is
/// read in order, never searched, so the work is the number of pairs, at most [`COMMON`] times
/// the number of fingerprints.
fn candidates(reports: &[Report], keys: &[Key], index: &[(u32, u32)]) -> Vec<[Option<usize>; 3]> {
    let n = reports.len();
    let mut pairs: Vec<u64> = Vec::new();
    // Per section, its fingerprints that are common formulae: they count for no candidate.
    let mut common = vec![0u32; n * 3];
    for group in index.chunk_by(|a, b| a.0 == b.0 && a.1 as usize / n == b.1 as usize / n) {
        if group.len() > COMMON {
            for &(_, id) in group {
                common[id as usize] += 1;
            }
            continue;
        }
        for &(_, a) in group {
            let this = keys[a as usize % n];
            for &(_, b) in group {
                let other = b as usize % n;
                if other != a as usize % n && this.may_copy(keys[other]) {
                    pairs.push(((a as u64) << 32) | other as u64);
                }
            }
        }
    }
    pairs.par_sort_unstable();
    let mut out = vec![[None; 3]; n];
    for section in pairs.chunk_by(|a, b| a >> 32 == b >> 32) {
        let id = (section[0] >> 32) as usize;
        let (i, slot) = (id % n, id / n);
        let mut best: Option<(usize, u16, std::cmp::Reverse<usize>)> = None;
        for run in section.chunk_by(|a, b| a == b) {
            let other = (run[0] & 0xffff_ffff) as usize;
            let score = (run.len(), keys[other].year, std::cmp::Reverse(other));
            if best.is_none_or(|b| score > b) {
                best = Some(score);
            }
        }
        let all = reports[i].narrative.fingerprints[SECTIONS[slot].index()].len() as u32;
        let total = all.saturating_sub(common[id]).max(1) as f64;
        out[i][slot] = best
            .filter(|&(n, ..)| n as f64 / total >= MEASURE_FROM)
            .map(|(_, _, std::cmp::Reverse(other))| other);
    }
    out
}

/// A section's text from its report file, normalised; `None` if the file cannot be read now.
pub fn section_text(site: &Site, report: &Report, section: NarrativeSection) -> Option<String> {
    let span = report.narrative.span(section)?;
    let bytes = site.read_report_bytes(report).ok()?;
    let text = crate::load::utf8_text(&bytes).ok()?;
    text.get(span.start as usize..span.end as usize)
        .map(str::to_string)
}

/// Measure the sections of report `i` against their candidates, reading each file once.
fn measure(site: &Site, i: usize, best: &[Option<usize>; 3]) -> [Option<Share>; 3] {
    let mut out = [None; 3];
    if best.iter().all(Option::is_none) {
        return out;
    }
    let reports = &site.reports;
    let mut files: HashMap<usize, Option<Vec<u8>>> = HashMap::new();
    let mut read = |k: usize| -> Option<Vec<u8>> {
        files
            .entry(k)
            .or_insert_with(|| site.read_report_bytes(&reports[k]).ok())
            .clone()
    };
    let Some(mine) = read(i) else { return out };
    let Ok(mine) = crate::load::utf8_text(&mine).map(str::to_string) else {
        return out;
    };
    for (slot, other) in best.iter().enumerate() {
        let Some(other) = *other else { continue };
        let section = SECTIONS[slot];
        let Some(theirs) = read(other) else { continue };
        let Ok(theirs) = crate::load::utf8_text(&theirs) else {
            continue;
        };
        let (Some(a), Some(b)) = (
            slice(&mine, &reports[i], section),
            slice(theirs, &reports[other], section),
        ) else {
            continue;
        };
        out[slot] = Some(Share {
            share: passages::share(&passages::normalise(a).chars, &passages::normalise(b).chars),
            other,
        });
    }
    out
}

fn slice<'t>(text: &'t str, report: &Report, section: NarrativeSection) -> Option<&'t str> {
    let span = report.narrative.span(section)?;
    text.get(span.start as usize..span.end as usize)
}

fn finding(site: &Site, i: usize, section: NarrativeSection, share: Share) -> Diagnostic {
    let (this, other) = (&site.reports[i], &site.reports[share.other]);
    let name = site
        .agencies
        .get(&other.agency)
        .map_or(other.agency.as_str(), |a| a.name.as_str());
    let whose = if this.agency == other.agency {
        format!("the agency's own {} report", other.year)
    } else {
        format!("the {} report of {name}", other.year)
    };
    let percent = (share.share * 100.0).floor() as u32;
    let pos = this
        .narrative
        .span(section)
        .map(|s| crate::model::Pos {
            line: s.heading_line,
            column: 4,
            len: section.heading().chars().count() as u32,
        })
        .unwrap_or_default();
    let mut d = Diagnostic::new(
        "narrative.copied",
        site.file(this.file),
        format!(
            "{}: {percent}% of its text is also in {whose} (passages of 20 characters or more, numbers aside)",
            section.heading()
        ),
    )
    .at(pos)
    .report(this.agency.as_str(), this.year)
    .hint(format!(
        "the agency's own text: nothing to fix if it is transcribed as published; compare the two with the report page's side-by-side link (content/reports/{}/{}.md)",
        other.agency, other.year
    ));
    d.copied = Some(CopiedFrom {
        section: section.key(),
        agency: other.agency.to_string(),
        year: other.year,
        per_mille: (share.share * 1000.0).floor() as u16,
    });
    d
}
