//! Each report set against its peers: the reports of the same year by agencies of the same
//! level and kind, and of the same region where that region has at least [`MIN_REGION`] of
//! them. For each key measure ([`KEYS`]): median and quartiles of the peers' values, the
//! report's rank among them, and how many peers left the measure blank (left out of the
//! statistics, and counted).
//!
//! Quartiles interpolate linearly between the sorted values (the default of R, NumPy and
//! spreadsheet `QUARTILE.INC`). Rank 1 is the largest value; tied values share the best rank
//! ("competition" ranking: 1, 2, 2, 4). The report itself is one of its peers.

use std::collections::BTreeMap;

use crate::derive::Measures;
use crate::model::{AgencyKind, Level};

/// The key measures compared with peers, as keys of [`crate::derive::MEASURES`].
pub const KEYS: [&str; 7] = [
    "received",
    "share_granted",
    "share_refused",
    "share_unavailable",
    "cases",
    "share_corrected",
    "days_after_deadline",
];

/// A region narrows a peer group only when it holds at least this many peers.
pub const MIN_REGION: usize = 5;

/// What a report's peers have in common.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct GroupKey {
    pub year: u16,
    pub level: Level,
    pub kind: AgencyKind,
    /// The narrowest region (province, prefecture, county names) with at least
    /// [`MIN_REGION`] peers; empty for the whole country.
    pub region: Vec<String>,
}

/// One peer group: its members and, per key measure, their values sorted.
#[derive(Clone, Debug)]
pub struct Group {
    pub key: GroupKey,
    /// Report indexes, in index order.
    pub members: Vec<usize>,
    /// For each of [`KEYS`], the members' values that are not blank, ascending.
    sorted: Vec<Vec<f64>>,
}

/// One measure of one report, against its peers.
#[derive(Clone, Debug, PartialEq)]
pub struct Stat {
    pub value: Option<f64>,
    /// Peers with a value (the report included when it has one).
    pub n: usize,
    /// Peers that left the measure blank.
    pub blank: usize,
    pub median: Option<f64>,
    pub q1: Option<f64>,
    pub q3: Option<f64>,
    /// 1 = largest; `None` when the report's own value is blank.
    pub rank: Option<usize>,
}

/// The peer groups of a site, and each report's group.
#[derive(Clone, Debug, Default)]
pub struct Peers {
    pub groups: Vec<Group>,
    /// Group of each report, by report index; `None` for a report without an agency file.
    pub of_report: Vec<Option<usize>>,
}

/// What peer grouping needs to know of a report.
pub struct Member<'a> {
    pub year: u16,
    /// Level and kind of its agency, `None` when the agency is unknown.
    pub class: Option<(Level, AgencyKind)>,
    /// Region names from the province down.
    pub region: Vec<&'a str>,
}

impl Peers {
    /// Groups `members` (one per report, in report order) with their `measures`.
    pub fn compute(members: &[Member<'_>], measures: &[Measures]) -> Peers {
        // Reports per (year, level, kind, region prefix), for every prefix of every region.
        let mut counts: BTreeMap<(u16, Level, AgencyKind, &[&str]), usize> = BTreeMap::new();
        for m in members {
            if let Some((level, kind)) = m.class {
                for depth in 0..=m.region.len() {
                    *counts
                        .entry((m.year, level, kind, &m.region[..depth]))
                        .or_default() += 1;
                }
            }
        }
        // Each report's group: the narrowest region prefix with enough peers.
        let mut index: BTreeMap<GroupKey, usize> = BTreeMap::new();
        let mut groups: Vec<Group> = Vec::new();
        let mut of_report = Vec::with_capacity(members.len());
        for m in members {
            let Some((level, kind)) = m.class else {
                of_report.push(None);
                continue;
            };
            let depth = (1..=m.region.len())
                .rev()
                .find(|d| counts[&(m.year, level, kind, &m.region[..*d])] >= MIN_REGION)
                .unwrap_or(0);
            let key = GroupKey {
                year: m.year,
                level,
                kind,
                region: m.region[..depth].iter().map(|s| s.to_string()).collect(),
            };
            let g = *index.entry(key.clone()).or_insert_with(|| {
                groups.push(Group {
                    key,
                    members: Vec::new(),
                    sorted: Vec::new(),
                });
                groups.len() - 1
            });
            of_report.push(Some(g));
        }
        // A group holds every report of its year, level and kind inside its region, also
        // those whose own group is narrower.
        for (i, m) in members.iter().enumerate() {
            let Some((level, kind)) = m.class else {
                continue;
            };
            for depth in 0..=m.region.len() {
                let key = GroupKey {
                    year: m.year,
                    level,
                    kind,
                    region: m.region[..depth].iter().map(|s| s.to_string()).collect(),
                };
                if let Some(g) = index.get(&key) {
                    groups[*g].members.push(i);
                }
            }
        }
        for g in &mut groups {
            g.sorted = KEYS
                .iter()
                .map(|k| {
                    let mut v: Vec<f64> = g
                        .members
                        .iter()
                        .filter_map(|i| measures.get(*i).and_then(|m| m.get(k)))
                        .filter(|v| v.is_finite())
                        .collect();
                    v.sort_by(f64::total_cmp);
                    v
                })
                .collect();
        }
        Peers { groups, of_report }
    }

    /// The group of a report.
    pub fn group(&self, report: usize) -> Option<&Group> {
        self.of_report
            .get(report)
            .copied()
            .flatten()
            .map(|g| &self.groups[g])
    }

    /// Report `report` (whose measures are `m`) against its peers, one [`Stat`] per [`KEYS`].
    pub fn stats(&self, report: usize, m: &Measures) -> Option<Vec<Stat>> {
        let g = self.group(report)?;
        Some(
            KEYS.iter()
                .zip(&g.sorted)
                .map(|(k, sorted)| stat(m.get(k), sorted, g.members.len()))
                .collect(),
        )
    }
}

/// The statistics of `value` among `sorted` (ascending, the value included when it is not
/// blank), out of `members` peers in all.
pub fn stat(value: Option<f64>, sorted: &[f64], members: usize) -> Stat {
    let value = value.filter(|v| v.is_finite());
    Stat {
        value,
        n: sorted.len(),
        blank: members - sorted.len(),
        median: quantile(sorted, 0.5),
        q1: quantile(sorted, 0.25),
        q3: quantile(sorted, 0.75),
        rank: value.map(|v| 1 + sorted.len() - sorted.partition_point(|x| *x <= v)),
    }
}

/// The `p` quantile of ascending `sorted`, interpolating linearly; `None` when empty.
pub fn quantile(sorted: &[f64], p: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let h = last as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(last);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_interpolate_like_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.5), Some(2.5));
        assert_eq!(quantile(&v, 0.25), Some(1.75));
        assert_eq!(quantile(&v, 0.75), Some(3.25));
        assert_eq!(quantile(&[7.0], 0.25), Some(7.0));
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0, 5.0], 0.5), Some(3.0));
    }

    #[test]
    fn ranks_count_from_the_largest_and_ties_share_the_best() {
        let v = [1.0, 3.0, 3.0, 5.0];
        let rank = |x| stat(Some(x), &v, 4).rank;
        assert_eq!(rank(5.0), Some(1));
        assert_eq!(rank(3.0), Some(2), "tied at 2, 2; the next is 4");
        assert_eq!(rank(1.0), Some(4));
        let s = stat(None, &v, 6);
        assert_eq!((s.rank, s.n, s.blank), (None, 4, 2));
        assert_eq!(s.median, Some(3.0));
    }

    fn member(year: u16, level: Level, region: &[&'static str]) -> Member<'static> {
        Member {
            year,
            class: Some((level, AgencyKind::Department)),
            region: region.to_vec(),
        }
    }

    fn received(v: Option<i64>) -> Measures {
        Measures {
            received: v,
            ..Measures::default()
        }
    }

    #[test]
    fn groups_narrow_to_a_region_only_with_five_peers() {
        let mut members = Vec::new();
        let mut measures = Vec::new();
        // Five in 甲市 and two in 乙市, same province, year, level and kind.
        for k in 0..5 {
            members.push(member(2024, Level::County, &["省", "甲市"]));
            measures.push(received(Some(k * 10)));
        }
        for _ in 0..2 {
            members.push(member(2024, Level::County, &["省", "乙市"]));
            measures.push(received(None));
        }
        // Another year and another level: groups of their own.
        members.push(member(2023, Level::County, &["省", "甲市"]));
        measures.push(received(Some(1)));
        members.push(member(2024, Level::Prefecture, &["省"]));
        measures.push(received(Some(1)));
        members.push(Member {
            year: 2024,
            class: None,
            region: vec![],
        });
        measures.push(received(Some(1)));
        let peers = Peers::compute(&members, &measures);
        let g0 = peers.group(0).unwrap();
        assert_eq!(g0.key.region, ["省", "甲市"]);
        assert_eq!(g0.members, [0, 1, 2, 3, 4]);
        // 乙市 has two: its reports are compared within the province (seven).
        let g5 = peers.group(5).unwrap();
        assert_eq!(g5.key.region, ["省"]);
        assert_eq!(g5.members, [0, 1, 2, 3, 4, 5, 6]);
        let g7 = peers.group(7).unwrap();
        assert_eq!((g7.key.year, g7.key.region.len()), (2023, 0));
        assert_eq!(peers.group(8).unwrap().key.level, Level::Prefecture);
        assert!(peers.group(9).is_none());
        let s = &peers.stats(3, &measures[3]).unwrap()[0];
        assert_eq!((s.value, s.rank, s.n, s.blank), (Some(30.0), Some(2), 5, 0));
        assert_eq!((s.median, s.q1, s.q3), (Some(20.0), Some(10.0), Some(30.0)));
        let s = &peers.stats(5, &measures[5]).unwrap()[0];
        assert_eq!((s.value, s.rank, s.n, s.blank), (None, None, 5, 2));
        assert_eq!(s.median, Some(20.0));
    }
}
