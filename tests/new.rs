//! `gongkai new`: a complete skeleton that passes `check` once its numbers are filled.

mod common;

use std::process::Command;

use common::{BIN, TempSite};

fn run(site: &TempSite, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .arg("--root")
        .arg(&site.root)
        .output()
        .unwrap()
}

/// Replace every blank cell `~` inside the row arrays with 0.
fn fill_zeros(text: &str) -> String {
    text.lines()
        .map(|l| match (l.find('['), l.find(']')) {
            (Some(a), Some(b)) if a < b => {
                format!("{}{}{}", &l[..a], l[a..b].replace('~', "0"), &l[b..])
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_new_report_filled_with_zeros_passes_check() {
    for (year, template) in [(2020, "2019"), (2024, "2021")] {
        let site = TempSite::seeds();
        let out = run(&site, &["new", "urumqi-minzheng", &year.to_string()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let rel = format!("content/reports/urumqi-minzheng/{year}.md");
        let text = site.read(&rel);
        assert!(text.contains(&format!("template: {template}")));
        assert!(text.contains("$schema=../../../schema/report.schema.json"));
        assert!(
            text.contains("# （七）总计") && text.contains("# 行政许可"),
            "row labels as comments"
        );
        for heading in [
            "## 一、总体情况",
            "## 五、存在的主要问题及改进情况",
            "## 六、其他需要报告的事项",
        ] {
            assert!(text.contains(heading), "{heading}");
        }
        // Blank as written, the report fails nothing but says the rules could not be checked.
        site.write(&rel, fill_zeros(&text));
        let out = run(&site, &["check", "--format", "json"]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{stdout}");
        assert!(!stdout.contains("\"severity\":\"error\""), "{stdout}");
    }
}

#[test]
fn it_never_overwrites_and_explains_a_missing_agency() {
    let site = TempSite::seeds();
    let existing = site.read("content/reports/urumqi-minzheng/2022.md");
    let out = run(&site, &["new", "urumqi-minzheng", "2022"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("never overwrites"));
    assert_eq!(
        site.read("content/reports/urumqi-minzheng/2022.md"),
        existing
    );

    let out = run(&site, &["new", "xin-ju", "2024"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--agency-name"));

    let out = run(
        &site,
        &["new", "xin-ju", "2024", "--agency-name", "某某县某某局"],
    );
    assert!(out.status.success());
    assert!(
        site.read("content/agencies/xin-ju.yaml")
            .contains("name: 某某县某某局")
    );
    // The agency fields it cannot know are left for a person: check points at them.
    let out = run(&site, &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("content/agencies/xin-ju.yaml:"), "{stdout}");

    let out = run(&site, &["new", "Bad_Id", "2024"]);
    assert_eq!(out.status.code(), Some(1));
    let out = run(&site, &["new", "xin-ju", "2015"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--template"));
    let out = run(&site, &["new", "xin-ju", "2024", "--template", "2020"]);
    assert_eq!(out.status.code(), Some(2), "a usage error");
}
