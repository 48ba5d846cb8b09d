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
fn a_new_report_is_an_error_until_filled_in() {
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
        assert!(text.contains("\ntitle: ~ ") && text.contains("\nsource_url: ~ "));
        // Untouched, it is an error: nothing has been transcribed yet.
        let out = run(&site, &["check", "--format", "json"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stdout).contains("report.untranscribed"));
        // Filled in, it passes.
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
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--agency-name"), "{stderr}");
    assert!(
        stderr.contains("--level") && stderr.contains("--kind"),
        "{stderr}"
    );

    // A name alone would leave the agency file incomplete: nothing is written.
    let out = run(
        &site,
        &["new", "xin-ju", "2024", "--agency-name", "某某县某某局"],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("needs --province PROVINCE, --level LEVEL, --kind KIND as well"),
        "{stderr}"
    );
    assert!(stderr.contains("county 县级") && stderr.contains("department 政府部门"));
    assert!(!site.path("content/agencies/xin-ju.yaml").exists());
    assert!(!site.path("content/reports/xin-ju").exists());

    // A county without its prefecture is refused by the same decoder as check's.
    let flags = [
        "--agency-name",
        "某某县某某局",
        "--province",
        "新疆维吾尔自治区",
        "--county",
        "某某县",
        "--level",
        "county",
        "--kind",
        "department",
    ];
    let out = run(&site, &[&["new", "xin-ju", "2024"][..], &flags].concat());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no prefecture"));
    assert!(!site.path("content/agencies/xin-ju.yaml").exists());

    let out = run(
        &site,
        &[
            &["new", "xin-ju", "2024", "--prefecture", "某某地区"][..],
            &flags,
        ]
        .concat(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        site.read("content/agencies/xin-ju.yaml"),
        "# yaml-language-server: $schema=../../schema/agency.schema.json\nname: 某某县某某局\nregion:\n  province: 新疆维吾尔自治区\n  prefecture: 某某地区\n  county: 某某县\nlevel: county\nkind: department\n"
    );
    // The closing lines name both files.
    assert!(stderr.contains("next:"), "{stderr}");
    assert!(
        stderr.contains("  - check ") && stderr.contains("content/agencies/xin-ju.yaml (add"),
        "{stderr}"
    );
    assert!(stderr.contains("content/reports/xin-ju/2024.md, fill in title"));
    // The agency file is complete: check's only complaint is the untouched report.
    let out = run(&site, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let errors: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("\"severity\":\"error\""))
        .collect();
    assert_eq!(errors.len(), 1, "{stdout}");
    assert!(
        errors[0].contains("\"rule\":\"report.untranscribed\""),
        "{stdout}"
    );
    assert!(
        errors[0].contains("content/reports/xin-ju/2024.md"),
        "{stdout}"
    );

    // The agency flags do not touch an agency that exists.
    let out = run(&site, &["new", "xin-ju", "2023", "--level", "township"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists already"));
    assert!(!site.path("content/reports/xin-ju/2023.md").exists());

    let out = run(&site, &["new", "Bad_Id", "2024"]);
    assert_eq!(out.status.code(), Some(1));
    let out = run(&site, &["new", "xin-ju", "2015"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--template"));
    let out = run(&site, &["new", "xin-ju", "2024", "--template", "2020"]);
    assert_eq!(out.status.code(), Some(2), "a usage error");
}
