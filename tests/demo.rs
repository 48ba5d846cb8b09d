//! The synthetic corpus of `gongkai demo`: it passes the checks, and a seed fixes its bytes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gongkai::demo::{DemoError, Options, generate};
use gongkai::diagnostic::Severity;

/// A fresh folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("gongkai-demo-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Every file under `root`, by relative path, with its bytes.
fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(root).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn demo_passes_check_with_declared_warnings_and_both_templates() {
    let dir = TempDir::new("check");
    let summary = generate(
        &dir.0,
        &Options {
            reports: 50,
            seed: 1,
        },
    )
    .unwrap();
    assert_eq!((summary.agencies, summary.reports), (10, 50));
    assert!(
        summary.declared >= 1,
        "even a small demo carries a declared inconsistency"
    );

    let (site, diags) = gongkai::validate::check_site(&dir.0);
    let errors: Vec<_> = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(site.agencies.len(), 10);
    assert_eq!(site.reports.len(), 50);

    let templates: std::collections::BTreeSet<u16> =
        site.reports.iter().map(|r| r.template.code()).collect();
    assert_eq!(templates.into_iter().collect::<Vec<_>>(), vec![2019, 2021]);

    // Declared findings of the rules that are errors unless declared come back as warnings
    // carrying the declaration's note (the roll-forward warnings are warnings either way).
    // (Mismatches between narrative and table are found, not declared: the demo's text quotes
    // the table before the agency's published mistake, as real reports do.)
    let declared: Vec<_> = diags
        .iter()
        .filter(|d| {
            d.severity == Severity::Warning
                && gongkai::diagnostic::rule_info(d.rule)
                    .is_some_and(|r| r.declarable && r.severity == Severity::Error)
                && d.rule != "narrative.table-mismatch"
        })
        .collect();
    assert!(!declared.is_empty());
    assert!(
        declared
            .iter()
            .all(|d| d.note.as_deref().is_some_and(|n| n.starts_with("合成数据")))
    );
    let reports_declaring = site
        .reports
        .iter()
        .filter(|r| !r.declarations.is_empty())
        .count();
    assert_eq!(reports_declaring, summary.declared);

    // Marked as synthetic wherever it shows.
    assert!(
        site.agencies
            .values()
            .all(|a| a.name.starts_with("（合成）") && a.id.as_str().starts_with("synthetic-"))
    );
    let toml = std::fs::read_to_string(dir.0.join("site.toml")).unwrap();
    assert!(toml.contains("title = \"gongkai 合成演示数据 (synthetic demo)\""));
    let report = std::fs::read_to_string(dir.0.join(site.reports[0].path())).unwrap();
    assert!(report.contains("\n## 一、总体情况\n\n本报告为合成演示数据"));
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let (a, b, c) = (TempDir::new("a"), TempDir::new("b"), TempDir::new("c"));
    generate(
        &a.0,
        &Options {
            reports: 50,
            seed: 42,
        },
    )
    .unwrap();
    generate(
        &b.0,
        &Options {
            reports: 50,
            seed: 42,
        },
    )
    .unwrap();
    generate(
        &c.0,
        &Options {
            reports: 50,
            seed: 43,
        },
    )
    .unwrap();
    let (ta, tb, tc) = (tree(&a.0), tree(&b.0), tree(&c.0));
    assert_eq!(
        ta.len(),
        3 + 1 + 10 + 50,
        "marker, site.toml, seeded-copies.csv, about.md, agencies, reports"
    );
    assert!(ta == tb, "two runs with the same seed differ");
    assert!(ta != tc, "a different seed gives the same corpus");
}

#[test]
fn refuses_foreign_folders_and_replaces_an_earlier_demo() {
    let dir = TempDir::new("refuse");
    std::fs::create_dir_all(&dir.0).unwrap();
    std::fs::write(dir.0.join("notes.txt"), "mine").unwrap();
    let err = generate(
        &dir.0,
        &Options {
            reports: 5,
            seed: 1,
        },
    )
    .unwrap_err();
    assert!(matches!(err, DemoError::NotEmpty(_)), "{err}");
    assert_eq!(
        tree(&dir.0).len(),
        1,
        "nothing written next to foreign content"
    );

    let demo = TempDir::new("rerun");
    generate(
        &demo.0,
        &Options {
            reports: 12,
            seed: 1,
        },
    )
    .unwrap();
    generate(
        &demo.0,
        &Options {
            reports: 7,
            seed: 1,
        },
    )
    .unwrap();
    let fresh = TempDir::new("fresh");
    generate(
        &fresh.0,
        &Options {
            reports: 7,
            seed: 1,
        },
    )
    .unwrap();
    assert!(
        tree(&demo.0) == tree(&fresh.0),
        "a rerun leaves stale reports behind"
    );
    // 7 reports: one agency with five years, one with two.
    let (site, _) = gongkai::validate::check_site(&fresh.0);
    assert_eq!(site.reports.len(), 7);
}

/// The demo seeds a known set of copied sections (its own previous year, or another agency's
/// report of the same year) and lists them; `narrative.copied` must find every one and nothing
/// else. A section copied by another agency in the same year is a copy too, seen from the
/// other side, so it counts as found correctly when it names its copier.
#[test]
fn copied_sections_are_found_with_full_recall_and_precision() {
    let dir = TempDir::new("copies");
    let summary = generate(
        &dir.0,
        &Options {
            reports: 600,
            seed: 7,
        },
    )
    .unwrap();
    let listed = std::fs::read_to_string(dir.0.join(gongkai::demo::SEEDED_COPIES)).unwrap();
    let mut seeded = BTreeMap::new();
    for line in listed.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let year: u16 = f[1].parse().unwrap();
        let source_year: u16 = f[4].parse().unwrap();
        seeded.insert(
            (f[0].to_string(), year, f[2].to_string()),
            (f[3].to_string(), source_year),
        );
    }
    assert_eq!(seeded.len(), summary.seeded_copies);
    assert!(seeded.len() >= 40, "{} seeded copies", seeded.len());
    assert!(
        seeded.iter().any(|((a, ..), (s, _))| a == s),
        "own-year copies"
    );
    assert!(
        seeded.iter().any(|((a, ..), (s, _))| a != s),
        "cross-agency copies"
    );

    let (_, diags) = gongkai::validate::check_site(&dir.0);
    let flagged: Vec<_> = diags
        .iter()
        .filter(|d| d.rule == "narrative.copied")
        .map(|d| {
            let c = d.copied.as_ref().unwrap();
            assert_eq!(d.severity, Severity::Warning);
            (
                (
                    d.agency.clone().unwrap(),
                    d.year.unwrap(),
                    c.section.to_string(),
                ),
                (c.agency.clone(), c.year, c.per_mille),
            )
        })
        .collect();
    let is_copy_pair = |this: &(String, u16, String), other: &(String, u16)| {
        let (a, y, s) = this;
        seeded.contains_key(this)
            || seeded
                .get(&(other.0.clone(), other.1, s.clone()))
                .is_some_and(|src| src == &(a.clone(), *y))
    };
    let correct = flagged
        .iter()
        .filter(|(this, (oa, oy, _))| is_copy_pair(this, &(oa.clone(), *oy)))
        .count();
    let found = seeded
        .keys()
        .filter(|k| flagged.iter().any(|(this, _)| this == *k))
        .count();
    let precision = correct as f64 / flagged.len() as f64;
    let recall = found as f64 / seeded.len() as f64;
    assert_eq!(
        (precision, recall),
        (1.0, 1.0),
        "{} flagged, {} seeded",
        flagged.len(),
        seeded.len()
    );
    // A seeded copy repeats nearly all of its source.
    assert!(flagged.iter().all(|(_, (.., pm))| *pm >= 800));
}
