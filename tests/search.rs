//! Search in a real browser: the seed site built, then headless Chromium types Chinese queries
//! into the search page (tests/browser/check-site.mjs --search). Runs only under
//! `GONGKAI_BROWSER_TESTS=1` (scripts/test sets it and installs Chromium and Node packages).

mod common;

use std::process::Command;

use common::{TempSite, build_into, repo};

#[test]
fn chinese_queries_find_the_right_report() {
    if !common::browser_tools_present("search browser test") {
        return;
    }
    let site = TempSite::seeds();
    site.make_buildable();
    let out = build_into(&site.root, &site.path("public"));
    // Each expected report is the only seed that holds the query, except 信息处理费 (three
    // reports mention it): there the harness asks that the expected one be among the results.
    let queries = serde_json::json!([
        {"query": "乌鲁木齐市民政局", "expectHref": "/reports/urumqi-minzheng/2022/"},
        {"query": "天山乡", "expectHref": "/reports/hami-yizhou-tianshan/2024/"},
        {"query": "和田地区", "expectHref": "/reports/hotan-minzheng/2023/"},
        {"query": "信息处理费", "expectHref": "/reports/hotan-minzheng/2023/"},
        {"query": "量子计算机", "expectNone": true},
    ]);
    let queries_path = site.path("queries.json");
    std::fs::write(&queries_path, queries.to_string()).unwrap();
    let run = Command::new("node")
        .arg(repo().join("tests/browser/check-site.mjs"))
        .arg("--site")
        .arg(&out)
        .arg("--search")
        .arg(&queries_path)
        .output()
        .expect("node is installed (scripts/test)");
    let stdout = String::from_utf8_lossy(&run.stdout);
    println!("{stdout}");
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("5 passed, 0 failed"), "{stdout}");
}
