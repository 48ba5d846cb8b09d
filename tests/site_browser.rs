//! The built site in headless Chromium: every page type loads without console errors,
//! passes axe-core with no serious violation, does not overflow at 390 px, charts carry
//! Chinese text; on report pages the labels of the national tables are at least four
//! characters wide at 390 px, 800 px and desktop width and the tables' accessibility tree is
//! the same at all three; and every page is valid HTML (Nu HTML Checker). Screenshots of the
//! index, an agency page and three report pages (a seed, and 平潭 交通与建设局 2024 and 2019),
//! desktop and phone (and 800 px for the reports), go to `screenshots/` of the target folder in
//! use (`CARGO_TARGET_DIR` when set), and the test prints where.
//!
//! Needs Chromium, Node and Java: `scripts/test` installs them and sets GONGKAI_BROWSER_TESTS=1.
//! Without that variable the test says it was skipped; under CI (CI=true) it fails instead.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{build_into, repo};

#[test]
fn every_page_type_works_in_chromium_and_is_valid_html() {
    if !common::browser_tools_present("page checks in Chromium and the Nu HTML Checker") {
        return;
    }
    let out_dir = std::env::temp_dir().join(format!("gongkai-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out_dir);
    build_into(&repo(), &out_dir);

    // The national tables (sections 二, 三, 四) on every report page: each row label at least
    // four characters wide at every width, each column label too on a phone and a tablet (800
    // px), and the same accessibility tree as at desktop width (the tables stay tables).
    let tables = serde_json::json!({
        "widths": [800],
        "minChars": [
            {"selector": "#proactive tbody th, #requests tbody th, #review tbody th", "chars": 4},
            {"selector": "#proactive thead th, #requests thead th, #review thead th", "chars": 4, "at": ["phone", "800px"]}
        ],
        "sameAxTree": "#proactive table, #requests table, #review table"
    });
    let report = |page: serde_json::Value| {
        let mut page = page;
        for (key, value) in tables.as_object().unwrap() {
            page[key] = value.clone();
        }
        page
    };
    let pages = serde_json::json!([
        {"path": "/", "name": "index", "screenshot": true},
        {"path": "/agencies/urumqi-minzheng/", "name": "agency", "screenshot": true, "expectSvgText": true},
        report(serde_json::json!({"path": "/reports/urumqi-minzheng/2022/", "name": "report", "screenshot": true, "expectText": ["8.属于行政查询事项", "（一）予以公开"]})),
        // Merged rows (one number across the seven applicant columns).
        report(serde_json::json!({"path": "/reports/hohhot-saihan-minzheng/2019/", "name": "report-2019", "expectSelector": "td[colspan=\"7\"]"})),
        report(serde_json::json!({"path": "/reports/hotan-minzheng/2023/", "name": "report-flagged", "expectSelector": "td.flagged a.flag-ref"})),
        // Real reports with numbers, of both templates, flags in section 二.
        report(serde_json::json!({"path": "/reports/pingtan-jtj/2024/", "name": "report-pingtan-2024", "screenshot": true, "expectSelector": "#proactive td.flagged"})),
        report(serde_json::json!({"path": "/reports/pingtan-jtj/2019/", "name": "report-pingtan-2019", "screenshot": true})),
        // Flags in section 三.
        report(serde_json::json!({"path": "/reports/pingtan-haitan/2024/", "name": "report-pingtan-flagged", "expectSelector": "#requests td.flagged a.flag-ref"})),
        {"path": "/years/2022/", "name": "year", "expectSvgText": true},
        {"path": "/regions/", "name": "regions"},
        {"path": "/regions/%E6%96%B0%E7%96%86%E7%BB%B4%E5%90%BE%E5%B0%94%E8%87%AA%E6%B2%BB%E5%8C%BA/", "name": "region"},
        {"path": "/quality/", "name": "quality"},
        {"path": "/about/", "name": "about"},
        {"path": "/search/", "name": "search"},
        {"path": "/search/?q=天山乡", "name": "search-results", "expectSelector": "#search-results mark"},
        {"path": "/data/", "name": "data", "expectText": ["cells.csv", "datapackage.json"]},
        {"path": "/404.html", "name": "not-found"}
    ]);
    let pages_file = out_dir.with_extension("pages.json");
    std::fs::write(&pages_file, pages.to_string()).unwrap();
    let screenshots = screenshot_dir();
    std::fs::create_dir_all(&screenshots).unwrap();
    // Straight to stderr, not through eprintln!, which the test harness would capture.
    let _ = writeln!(
        std::io::stderr(),
        "screenshots go to {}",
        screenshots.display()
    );
    let run = Command::new("node")
        .arg(repo().join("tests/browser/check-site.mjs"))
        .arg("--site")
        .arg(&out_dir)
        .arg("--pages")
        .arg(&pages_file)
        .arg("--screenshots")
        .arg(&screenshots)
        .output()
        .expect("node must be installed (scripts/test)");
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(report.contains(", 0 failed"), "{report}");
    for name in [
        "index",
        "agency",
        "report",
        "report-pingtan-2024",
        "report-pingtan-2019",
    ] {
        for width in ["desktop", "phone"] {
            assert!(
                screenshots.join(format!("{name}-{width}.png")).is_file(),
                "{name}-{width}"
            );
        }
    }

    let vnu = Command::new("bash")
        .arg(repo().join("tests/browser/validate-html.sh"))
        .arg(&out_dir)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&vnu.stdout);
    assert!(
        vnu.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&vnu.stderr)
    );
    let _ = std::fs::remove_dir_all(&out_dir);
    let _ = std::fs::remove_file(&pages_file);
}

/// `screenshots/` in the target folder this test was built into: Cargo gives integration tests
/// `<target>/tmp` as CARGO_TARGET_TMPDIR, wherever CARGO_TARGET_DIR puts the target folder.
fn screenshot_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("screenshots")
}

#[test]
fn screenshots_go_to_the_target_folder_in_use() {
    let dir = screenshot_dir();
    assert_eq!(dir.file_name().unwrap(), "screenshots");
    let target = dir.parent().unwrap();
    assert!(
        target.join("tmp").is_dir() || !target.exists(),
        "{}",
        dir.display()
    );
    if let Some(custom) = std::env::var_os("CARGO_TARGET_DIR") {
        let custom = std::fs::canonicalize(repo().join(custom)).unwrap();
        assert_eq!(std::fs::canonicalize(target).unwrap(), custom);
    }
}
