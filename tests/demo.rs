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
    let declared: Vec<_> = diags
        .iter()
        .filter(|d| {
            d.severity == Severity::Warning
                && gongkai::diagnostic::rule_info(d.rule)
                    .is_some_and(|r| r.declarable && r.severity == Severity::Error)
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
        2 + 1 + 10 + 50,
        "marker, site.toml, about.md, agencies, reports"
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
