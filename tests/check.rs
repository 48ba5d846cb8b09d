//! `gongkai check` end to end: the real binary on temporary copies of the fixture site in
//! `tests/fixtures/site`, with exact rule ids, places, messages and exit codes.
//!
//! The fixture is a small, consistent site: a county department (青山县民政局) with reports for
//! 2019 and 2020 (2019 template) and 2021 and 2022 (2021 template), and the county government
//! (青山县人民政府) with a report for 2022. It passes every check without a single finding;
//! each test below breaks it in one way.

mod common;

use common::{Finding, TempSite, shorts};

const R2019: &str = "content/reports/qingshan-minzheng/2019.md";
const R2020: &str = "content/reports/qingshan-minzheng/2020.md";
const R2021: &str = "content/reports/qingshan-minzheng/2021.md";
const R2022: &str = "content/reports/qingshan-minzheng/2022.md";
const GOV: &str = "content/reports/qingshan/2022.md";
const DEPT_AGENCY: &str = "content/agencies/qingshan-minzheng.yaml";
const GOV_AGENCY: &str = "content/agencies/qingshan.yaml";

fn site() -> TempSite {
    TempSite::fixture("site")
}

/// Assert the exit code and the exact findings (info included), with a readable diff.
#[track_caller]
fn assert_findings(site: &TempSite, code: i32, expected: &[&str]) -> Vec<Finding> {
    let (actual_code, findings) = site.check();
    let actual = shorts(&findings);
    assert_eq!(
        actual,
        expected,
        "\nactual findings:\n{}\n",
        actual.join("\n")
    );
    assert_eq!(actual_code, code, "exit code");
    findings
}

// ---------------------------------------------------------------------------------------------
// The base fixture: every rule passes.

#[test]
fn fixture_passes_every_rule() {
    let site = site();
    assert_findings(&site, 0, &[]);
    let run = site.run(&["check"]);
    assert_eq!(
        run.stdout,
        "checked 2 agencies and 5 reports: 0 errors, 0 warnings, 0 info findings\n"
    );
    assert_eq!(run.code, 0);
}

#[test]
fn the_summary_agrees_in_number() {
    // One agency, one report: one error (a fraction), one warning (an empty section), one info
    // (no publication date).
    let site = site();
    for rel in [R2019, R2020, R2021, GOV] {
        site.remove(rel);
    }
    site.remove(GOV_AGENCY);
    site.edit(DEPT_AGENCY, "parent: qingshan\n", "");
    site.edit(R2022, "published: 2023-01-31", "published: ~");
    site.edit(
        R2022,
        "  licensing:            [38]",
        "  licensing:            [3.8]",
    );
    site.edit(R2022, "本年度未收取信息处理费。\n", "");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.ends_with(
            "\nchecked 1 agency and 1 report: 1 error, 1 warning, 1 info finding (--verbose shows them)\n"
        ),
        "{}",
        run.stdout
    );
    let out = site.path("out.csv");
    let export = site.run(&["export", "--output", out.to_str().unwrap()]);
    assert!(
        export
            .stderr
            .ends_with("error: 1 error: nothing exported (gongkai check shows them)\n"),
        "{}",
        export.stderr
    );
}

#[test]
fn seeds_pass_with_their_published_inconsistencies_as_warnings() {
    let site = TempSite::seeds();
    let (code, findings) = site.check();
    assert_eq!(code, 0);
    let warnings: Vec<String> = findings
        .iter()
        .filter(|f| f.severity != "info")
        .map(Finding::short)
        .collect();
    assert_eq!(
        warnings,
        [
            "warning narrative.missing-section content/reports/hohhot-saihan-minzheng/2019.md:59:1 the report has no section 六、其他需要报告的事项",
            "warning narrative.table-mismatch content/reports/hotan-minzheng/2023.md:67:201 总体情况写有「其中规范性文件信息1条」，而表格为 0。",
            "warning narrative.empty-section content/reports/urumqi-minzheng/2022.md:104:4 the section 六、其他需要报告的事项 is empty",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// One failing input per rule of the registry. Passing inputs: the untouched fixture above
// (which triggers no rule at all) and the near misses further down.

/// Every rule id of the registry appears in a test of this file; the list is checked against
/// `RULES` so that a new rule without a test fails the build's tests.
const TESTED_RULES: &[&str] = &[
    "file.unreadable",
    "file.outside-content",
    "file.misplaced",
    "file.special",
    "file.outside-site",
    "text.control-character",
    "yaml.syntax",
    "report.front-matter",
    "schema.unknown-key",
    "schema.missing",
    "schema.type",
    "schema.duplicate-key",
    "value.negative",
    "value.fractional",
    "value.not-a-number",
    "template.row",
    "report.year",
    "agency.id",
    "agency.unknown",
    "report.misfiled",
    "report.duplicate",
    "report.untranscribed",
    "declaration.unmatched",
    "requests.balance",
    "requests.row-total",
    "requests.outcome-total",
    "review.group-total",
    "arithmetic.unchecked",
    "years.carry-over",
    "years.in-force",
    "years.item-count",
    "publication.late",
    "publication.date-unknown",
    "publication.template",
    "narrative.missing-section",
    "narrative.empty-section",
    "narrative.heading",
    "narrative.unsafe-html",
    "narrative.table-mismatch",
    "config.syntax",
    "config.unknown-key",
    "config.value",
    "theme.missing",
    "theme.template",
    "narrative.copied",
];

#[test]
fn every_registered_rule_has_a_test() {
    let mut registered: Vec<&str> = gongkai::diagnostic::RULES.iter().map(|r| r.id).collect();
    let mut tested = TESTED_RULES.to_vec();
    registered.sort();
    tested.sort();
    assert_eq!(registered, tested);
}

#[test]
fn rule_file_unreadable() {
    let site = site();
    site.write(
        R2019,
        b"---\nagency: qingshan-minzheng\ntitle: \xc7\xe0\xc9\xbd\n",
    );
    assert_findings(
        &site,
        1,
        &[
            "error file.unreadable content/reports/qingshan-minzheng/2019.md:3:8 the file is not valid UTF-8 (byte 37 is not)",
        ],
    );
}

#[test]
fn rule_file_outside_content() {
    let site = site();
    let outside = TempSite::empty("outside");
    outside.write("2022.md", site.read(GOV));
    site.remove(GOV);
    std::os::unix::fs::symlink(outside.path("2022.md"), site.path(GOV)).unwrap();
    let target = std::fs::canonicalize(outside.path("2022.md")).unwrap();
    let expected = format!(
        "error file.outside-content content/reports/qingshan/2022.md:0:0 this link leads outside content/ (to {})",
        target.display()
    );
    assert_findings(&site, 1, &[&expected]);
}

#[test]
fn rule_file_misplaced() {
    let site = site();
    site.write("content/reports/qingshan/2022-draft.md", site.read(GOV));
    site.write("content/agencies/qingshan.yml", site.read(GOV_AGENCY));
    assert_findings(
        &site,
        1,
        &[
            "error file.misplaced content/agencies/qingshan.yml:0:0 this file is not where gongkai looks for it",
            "error file.misplaced content/reports/qingshan/2022-draft.md:0:0 this file is not where gongkai looks for it",
        ],
    );
}

#[test]
fn rule_yaml_syntax() {
    let site = site();
    site.edit(
        R2021,
        "  licensing:            [42]",
        "  licensing:            [42]]",
    );
    // An unclosed bracket is noticed where the next row starts, one line after the mistake:
    // saphyr-parser reports it there.
    site.edit(
        R2022,
        "  licensing:            [38]",
        "  licensing:            [38",
    );
    assert_findings(
        &site,
        1,
        &[
            "error yaml.syntax content/reports/qingshan-minzheng/2021.md:16:29 this is not valid YAML: misplaced bracket",
            "error yaml.syntax content/reports/qingshan-minzheng/2022.md:18:3 this is not valid YAML: invalid indentation in flow construct",
        ],
    );
}

#[test]
fn rule_report_front_matter() {
    let site = site();
    let text = site.read(R2022);
    site.write(R2022, text.replacen("---\n", "", 1));
    assert_findings(
        &site,
        1,
        &[
            "error report.front-matter content/reports/qingshan-minzheng/2022.md:1:1 the report has no front matter",
        ],
    );
}

#[test]
fn rule_schema_unknown_key() {
    let site = site();
    site.edit(R2022, "title:", "titel:");
    site.edit(DEPT_AGENCY, "website:", "web_site:");
    site.edit(R2021, "  other_unpaid_fee:", "  other_unpaid_fees:");
    assert_findings(
        &site,
        1,
        &[
            "error schema.unknown-key content/agencies/qingshan-minzheng.yaml:10:1 unknown key `web_site` in the agency file",
            "error schema.missing content/reports/qingshan-minzheng/2021.md:26:3 `requests` has no row `other_unpaid_fee` (2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请)",
            "error schema.unknown-key content/reports/qingshan-minzheng/2021.md:47:3 unknown key `other_unpaid_fees` in `requests`",
            "error schema.unknown-key content/reports/qingshan-minzheng/2022.md:6:1 unknown key `titel` in the front matter",
        ],
    );
}

#[test]
fn rule_schema_missing() {
    let site = site();
    site.edit(R2022, "year: 2022\n", "");
    site.edit(R2021, "  other_unpaid_fee:           [0, 0, 0, 0, 0, 0, 0]  # （六）2.申请人逾期未按收费通知要求缴纳费用\n", "");
    site.edit(GOV_AGENCY, "kind: government\n", "");
    assert_findings(
        &site,
        1,
        &[
            "error schema.missing content/agencies/qingshan.yaml:2:1 the agency file has no `kind`",
            "error schema.missing content/reports/qingshan-minzheng/2021.md:26:3 `requests` has no row `other_unpaid_fee` (2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请)",
            "error schema.missing content/reports/qingshan-minzheng/2022.md:3:1 the front matter has no `year`",
        ],
    );
}

#[test]
fn rule_schema_type() {
    let site = site();
    site.edit(
        R2022,
        "[4, 0, 0, 0, 0, 0, 4]  # 一",
        "[4, 0, 0, 0, 0, 4]  # 一",
    );
    site.edit(R2022, "published: 2023-01-31", "published: 2023年1月31日");
    site.edit(GOV_AGENCY, "level: county", "level: couny");
    assert_findings(
        &site,
        1,
        &[
            "error schema.type content/agencies/qingshan.yaml:7:8 `level` cannot be `couny`",
            "error schema.type content/reports/qingshan-minzheng/2022.md:7:12 `published` must be a date written YYYY-MM-DD, not `2023年1月31日`",
            "error schema.type content/reports/qingshan-minzheng/2022.md:26:31 the row `received` (一、本年新收政府信息公开申请数量) has 6 cells; the 2021 template has 7",
        ],
    );
}

#[test]
fn rule_schema_duplicate_key() {
    let site = site();
    site.edit(
        R2022,
        "published: 2023-01-31\n",
        "published: 2023-01-31\ntitle: 又一个标题\n",
    );
    assert_findings(
        &site,
        1,
        &[
            "error schema.duplicate-key content/reports/qingshan-minzheng/2022.md:8:1 `title` appears twice in the front matter",
        ],
    );
}

#[test]
fn rule_value_negative() {
    let site = site();
    site.edit(
        R2021,
        "  penalties:            [7]",
        "  penalties:            [-3]",
    );
    site.edit(
        R2021,
        "  admin_fees:           [1.25]",
        "  admin_fees:           [-1.25]",
    );
    assert_findings(
        &site,
        1,
        &[
            "error value.negative content/reports/qingshan-minzheng/2021.md:18:26 the cell 行政处罚 · 本年处理决定数量 is a count but holds the negative number -3",
            "error value.negative content/reports/qingshan-minzheng/2021.md:21:26 the cell 行政事业性收费 · 本年收费金额（单位：万元） is an amount but holds the negative number -1.25",
        ],
    );
}

#[test]
fn rule_value_fractional() {
    let site = site();
    site.edit(
        R2021,
        "  licensing:            [42]",
        "  licensing:            [3.5]",
    );
    assert_findings(
        &site,
        1,
        &[
            "error value.fractional content/reports/qingshan-minzheng/2021.md:16:26 the cell 行政许可 · 本年处理决定数量 is a count but holds the fraction 3.5",
        ],
    );
}

#[test]
fn rule_value_not_a_number() {
    let site = site();
    site.edit(
        R2021,
        "  licensing:            [42]",
        "  licensing:            [1e400]",
    );
    site.edit(
        R2021,
        "  penalties:            [7]",
        "  penalties:            [\"十二\"]",
    );
    site.edit(
        R2021,
        "  coercion:             [1]",
        "  coercion:             [十二]",
    );
    site.edit(
        R2021,
        "  admin_fees:           [1.25]",
        "  admin_fees:           [1.25万元]",
    );
    assert_findings(
        &site,
        1,
        &[
            "error value.not-a-number content/reports/qingshan-minzheng/2021.md:16:26 the cell 行政许可 · 本年处理决定数量 holds `1e400`, which is not a plain number",
            "error value.not-a-number content/reports/qingshan-minzheng/2021.md:18:26 the cell 行政处罚 · 本年处理决定数量 holds the quoted text \"十二\"",
            "error value.not-a-number content/reports/qingshan-minzheng/2021.md:19:26 the cell 行政强制 · 本年处理决定数量 holds `十二`, which is not a plain number",
            "error value.not-a-number content/reports/qingshan-minzheng/2021.md:21:26 the cell 行政事业性收费 · 本年收费金额（单位：万元） holds `1.25万元`, which is not a plain number",
        ],
    );
}

#[test]
fn rule_template_row() {
    let site = site();
    site.edit(
        R2022,
        "  other_other:",
        "  other_handling:             [0, 0, 0, 0, 0, 0, 0]  # （六）其他处理\n  other_other:",
    );
    assert_findings(
        &site,
        1,
        &[
            "error template.row content/reports/qingshan-minzheng/2022.md:48:3 `other_handling` is a row of the 2019 template, but this report says `template: 2021`",
        ],
    );
}

#[test]
fn rule_report_year() {
    let site = site();
    let text = site.read(GOV).replace("year: 2022", "year: 2007");
    site.write("content/reports/qingshan/2007.md", text);
    assert_findings(
        &site,
        1,
        &[
            &format!(
                "error report.year content/reports/qingshan/2007.md:4:7 2007 is outside the years reports can be for (2008–{})",
                gongkai::validate::current_year() + 1
            ),
            "warning publication.template content/reports/qingshan/2007.md:5:11 the report uses the 2021 template, but there was no national template for 2007",
            "warning publication.late content/reports/qingshan/2007.md:7:12 published 2023-03-20, 5467 days after the deadline 2008-03-31",
        ],
    );
}

#[test]
fn rule_agency_id() {
    let site = site();
    site.edit(R2022, "agency: qingshan-minzheng", "agency: ../qingshan");
    site.write("content/agencies/QingShan.yaml", site.read(GOV_AGENCY));
    site.edit(DEPT_AGENCY, "parent: qingshan", "parent: qingshan/xian");
    assert_findings(
        &site,
        1,
        &[
            "error agency.id content/agencies/QingShan.yaml:0:0 the file name `QingShan` is not a valid agency id: it may hold only lowercase ASCII letters, digits and hyphens",
            "error agency.id content/agencies/qingshan-minzheng.yaml:9:9 `parent` `qingshan/xian` is not a valid agency id: it may hold only lowercase ASCII letters, digits and hyphens",
            "error agency.id content/reports/qingshan-minzheng/2022.md:3:9 `agency` `../qingshan` is not a valid agency id: it may hold only lowercase ASCII letters, digits and hyphens",
        ],
    );
}

#[test]
fn rule_agency_unknown() {
    let site = site();
    site.edit(DEPT_AGENCY, "parent: qingshan", "parent: qingshan-xian");
    let text = site
        .read(GOV)
        .replace("agency: qingshan", "agency: qingshan-caizheng");
    site.write("content/reports/qingshan-caizheng/2022.md", text);
    assert_findings(
        &site,
        1,
        &[
            "error agency.unknown content/agencies/qingshan-minzheng.yaml:9:9 the parent agency `qingshan-xian` has no file",
            "error agency.unknown content/reports/qingshan-caizheng/2022.md:3:9 no agency has the id `qingshan-caizheng`",
        ],
    );
}

#[test]
fn an_agency_file_with_errors_is_not_also_an_unknown_agency() {
    let site = site();
    site.edit(GOV_AGENCY, "level: county", "level: ~");
    site.edit(DEPT_AGENCY, "kind: department", "kind: ~");
    assert_findings(
        &site,
        1,
        &[
            "error schema.type content/agencies/qingshan-minzheng.yaml:8:7 `kind` cannot be an empty value",
            "error schema.type content/agencies/qingshan.yaml:7:8 `level` cannot be an empty value",
        ],
    );
}

#[test]
fn rule_report_untranscribed() {
    // The skeleton of `gongkai new`, untouched: every cell blank.
    let site = site();
    let new = site.run(&[
        "new",
        "qingshan-minzheng",
        "2023",
        "--root",
        site.root.to_str().unwrap(),
    ]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    const R2023: &str = "content/reports/qingshan-minzheng/2023.md";
    let findings = assert_findings(
        &site,
        1,
        &[
            "error report.untranscribed content/reports/qingshan-minzheng/2023.md:13:25 nothing has been transcribed yet: every cell of the tables is blank (~)",
        ],
    );
    assert!(
        findings[0]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("tables_published_empty: true")),
        "{findings:?}"
    );
    // Said deliberately, it is the agency's own emptiness: a warning at the key.
    site.edit(
        R2023,
        "template: 2021\n",
        "template: 2021\ntables_published_empty: true\n",
    );
    let (code, findings) = site.check();
    assert_eq!(code, 0, "{findings:?}");
    let untranscribed: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == "report.untranscribed")
        .collect();
    assert_eq!(untranscribed.len(), 1, "{findings:?}");
    assert_eq!(
        untranscribed[0].short(),
        "warning report.untranscribed content/reports/qingshan-minzheng/2023.md:6:25 every cell of the tables is blank: the agency published its tables empty"
    );
    // The key on a report that holds numbers is a stale declaration.
    site.edit(
        R2022,
        "template: 2021\n",
        "template: 2021\ntables_published_empty: true\n",
    );
    let (code, findings) = site.check();
    assert_eq!(code, 1);
    assert!(
        shorts(&findings).contains(&"error declaration.unmatched content/reports/qingshan-minzheng/2022.md:6:25 `tables_published_empty: true` says every table is empty, but 200 cells hold a number".to_string()),
        "{:#?}",
        shorts(&findings)
    );
    // Only `true` or `false`.
    site.edit(
        R2022,
        "tables_published_empty: true",
        "tables_published_empty: yes",
    );
    let (_, findings) = site.check();
    assert!(
        shorts(&findings).contains(&"error schema.type content/reports/qingshan-minzheng/2022.md:6:25 `tables_published_empty` must be true or false, not `yes`".to_string()),
        "{:#?}",
        shorts(&findings)
    );
}

#[test]
fn a_report_with_one_number_is_transcribed() {
    let site = site();
    let new = site.run(&[
        "new",
        "qingshan-minzheng",
        "2023",
        "--root",
        site.root.to_str().unwrap(),
    ]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    site.edit(
        "content/reports/qingshan-minzheng/2023.md",
        "licensing:           [~]",
        "licensing:           [3]",
    );
    let (_, findings) = site.check();
    assert!(
        findings.iter().all(|f| f.rule != "report.untranscribed"),
        "{findings:?}"
    );
}

#[test]
fn rule_report_misfiled() {
    let site = site();
    site.edit(R2022, "year: 2022", "year: 2023");
    site.edit(R2021, "agency: qingshan-minzheng", "agency: qingshan");
    assert_findings(
        &site,
        1,
        &[
            "error report.misfiled content/reports/qingshan-minzheng/2021.md:3:9 the report says `agency: qingshan` but sits in the folder of `qingshan-minzheng`",
            "error report.misfiled content/reports/qingshan-minzheng/2022.md:4:7 the report says `year: 2023` but the file is named 2022.md",
            "warning years.in-force content/reports/qingshan/2022.md:13:32 现行有效件数 is 4; last year's 0 + 1 issued − 0 repealed gives 1",
            "warning years.in-force content/reports/qingshan/2022.md:14:32 现行有效件数 is 60; last year's 20 + 5 issued − 2 repealed gives 23",
            "error years.carry-over content/reports/qingshan/2022.md:27:32 column 自然人: 二、上年结转 is 2, but the 2021 report carried forward 0 (四、结转下年度继续办理)",
            "error years.carry-over content/reports/qingshan/2022.md:27:50 column 总计: 二、上年结转 is 2, but the 2021 report carried forward 0 (四、结转下年度继续办理)",
        ],
    );
}

#[test]
fn rule_report_duplicate() {
    let site = site();
    site.write("content/reports/qingshan-gov/2022.md", site.read(GOV));
    site.write("content/agencies/qingshan-gov.yaml", site.read(GOV_AGENCY));
    assert_findings(
        &site,
        1,
        &[
            "error report.misfiled content/reports/qingshan-gov/2022.md:3:9 the report says `agency: qingshan` but sits in the folder of `qingshan-gov`",
            "error report.duplicate content/reports/qingshan-gov/2022.md:4:7 a second report of `qingshan` for 2022",
        ],
    );
}

#[test]
fn rule_requests_balance() {
    let site = site();
    site.edit(
        R2022,
        "[0, 0, 0, 0, 0, 0, 0]  # 四、结转下年度继续办理",
        "[1, 0, 0, 0, 0, 0, 1]  # 四、结转下年度继续办理",
    );
    assert_findings(
        &site,
        1,
        &[
            "error requests.balance content/reports/qingshan-minzheng/2022.md:50:32 column 自然人: 一、本年新收 4 + 二、上年结转 0 = 4, but （七）总计 4 + 四、结转下年 1 = 5",
            "error requests.balance content/reports/qingshan-minzheng/2022.md:50:50 column 总计: 一、本年新收 4 + 二、上年结转 0 = 4, but （七）总计 4 + 四、结转下年 1 = 5",
        ],
    );
}

#[test]
fn rule_requests_row_total() {
    let site = site();
    // Two compensating changes in the 总计 column keep （七）总计 right: only the rows break.
    site.edit(
        R2022,
        "[3, 0, 0, 0, 0, 0, 3]  # （一）予以公开",
        "[3, 0, 0, 0, 0, 0, 4]  # （一）予以公开",
    );
    site.edit(
        R2022,
        "[1, 0, 0, 0, 0, 0, 1]  # （五）1.",
        "[1, 0, 0, 0, 0, 0, 0]  # （五）1.",
    );
    assert_findings(
        &site,
        1,
        &[
            "error requests.row-total content/reports/qingshan-minzheng/2022.md:28:50 row （一）予以公开: 总计 is 4, but the cells before it add up to 3",
            "error requests.row-total content/reports/qingshan-minzheng/2022.md:41:50 row 1.信访举报投诉类申请: 总计 is 0, but the cells before it add up to 1",
        ],
    );
}

#[test]
fn rule_requests_outcome_total() {
    let site = site();
    site.edit(
        R2022,
        "[3, 0, 0, 0, 0, 0, 3]  # （一）予以公开",
        "[4, 0, 0, 0, 0, 0, 4]  # （一）予以公开",
    );
    assert_findings(
        &site,
        1,
        &[
            "error requests.outcome-total content/reports/qingshan-minzheng/2022.md:49:32 column 自然人: （七）总计 is 4, but the outcome rows add up to 5",
            "error requests.outcome-total content/reports/qingshan-minzheng/2022.md:49:50 column 总计: （七）总计 is 4, but the outcome rows add up to 5",
        ],
    );
}

#[test]
fn rule_review_group_total() {
    let site = site();
    site.edit(
        R2022,
        "[0, 1, 0, 0, 1]  # 行政复议",
        "[0, 1, 0, 0, 2]  # 行政复议",
    );
    assert_findings(
        &site,
        1,
        &[
            "error review.group-total content/reports/qingshan-minzheng/2022.md:55:41 row 行政复议: 总计 is 2, but the cells before it add up to 1",
        ],
    );
}

#[test]
fn rule_arithmetic_unchecked() {
    let site = site();
    site.edit(
        R2022,
        "[3, 0, 0, 0, 0, 0, 3]  # （一）予以公开",
        "[3, 0, 0, 0, 0, 0, ~]  # （一）予以公开",
    );
    assert_findings(
        &site,
        0,
        &[
            "info arithmetic.unchecked content/reports/qingshan-minzheng/2022.md:28:50 requests.outcome-total could not be checked in 1 of 7 cases: a cell it needs is blank or merged",
            "info arithmetic.unchecked content/reports/qingshan-minzheng/2022.md:28:50 requests.row-total could not be checked in 1 of 25 cases: a cell it needs is blank or merged",
        ],
    );
    // Blank is not 0: the same row with 0 is an error.
    site.edit(
        R2022,
        "[3, 0, 0, 0, 0, 0, ~]  # （一）予以公开",
        "[3, 0, 0, 0, 0, 0, 0]  # （一）予以公开",
    );
    let (code, _) = site.check();
    assert_eq!(code, 1);
}

#[test]
fn rule_years_carry_over() {
    let site = site();
    site.edit(
        R2022,
        "[4, 0, 0, 0, 0, 0, 4]  # 一、",
        "[3, 0, 0, 0, 0, 0, 3]  # 一、",
    );
    site.edit(
        R2022,
        "共收到政府信息公开申请4件",
        "共收到政府信息公开申请3件",
    );
    site.edit(
        R2022,
        "[0, 0, 0, 0, 0, 0, 0]  # 二、",
        "[1, 0, 0, 0, 0, 0, 1]  # 二、",
    );
    assert_findings(
        &site,
        1,
        &[
            "error years.carry-over content/reports/qingshan-minzheng/2022.md:27:32 column 自然人: 二、上年结转 is 1, but the 2021 report carried forward 0 (四、结转下年度继续办理)",
            "error years.carry-over content/reports/qingshan-minzheng/2022.md:27:50 column 总计: 二、上年结转 is 1, but the 2021 report carried forward 0 (四、结转下年度继续办理)",
        ],
    );
}

#[test]
fn rule_years_in_force() {
    let site = site();
    site.edit(R2022, "[2, 0, 22]", "[2, 0, 23]");
    assert_findings(
        &site,
        0,
        &[
            "warning years.in-force content/reports/qingshan-minzheng/2022.md:14:32 现行有效件数 is 23; last year's 20 + 2 issued − 0 repealed gives 22",
        ],
    );
}

#[test]
fn rule_years_item_count() {
    let site = site();
    site.edit(R2020, "[11, 2, 35]", "[12, 2, 35]");
    assert_findings(
        &site,
        0,
        &[
            "warning years.item-count content/reports/qingshan-minzheng/2020.md:16:26 上一年项目数量 is 12; last year's 12 with a change of -1 gives 11",
        ],
    );
}

#[test]
fn rule_publication_late() {
    let site = site();
    site.edit(R2022, "published: 2023-01-31", "published: 2023-02-01");
    site.edit(GOV, "published: 2023-03-20", "published: 2023-04-01");
    assert_findings(
        &site,
        0,
        &[
            "warning publication.late content/reports/qingshan-minzheng/2022.md:7:12 published 2023-02-01, 1 day after the deadline 2023-01-31",
            "warning publication.late content/reports/qingshan/2022.md:7:12 published 2023-04-01, 1 day after the deadline 2023-03-31",
        ],
    );
}

#[test]
fn rule_publication_date_unknown() {
    let site = site();
    site.edit(R2022, "published: 2023-01-31", "published: ~");
    assert_findings(
        &site,
        0,
        &[
            "info publication.date-unknown content/reports/qingshan-minzheng/2022.md:0:0 the report does not state when it was published",
        ],
    );
}

#[test]
fn rule_publication_template() {
    let site = site();
    let text = site
        .read(R2021)
        .replace("agency: qingshan-minzheng", "agency: qingshan")
        .replace("year: 2021", "year: 2020");
    site.write(
        "content/reports/qingshan/2020.md",
        text.replace("published: 2022-01-25", "published: 2021-03-01"),
    );
    assert_findings(
        &site,
        0,
        &[
            "warning publication.template content/reports/qingshan/2020.md:5:11 the report uses the 2021 template, but reports for 2020 use the 2019 template (国办公开办函〔2019〕60号)",
        ],
    );
}

#[test]
fn rule_narrative_missing_section() {
    let site = site();
    site.edit(
        R2022,
        "## 六、其他需要报告的事项\n\n本年度未收取信息处理费。\n",
        "",
    );
    assert_findings(
        &site,
        0,
        &[
            "warning narrative.missing-section content/reports/qingshan-minzheng/2022.md:58:1 the report has no section 六、其他需要报告的事项",
        ],
    );
}

#[test]
fn rule_narrative_empty_section() {
    let site = site();
    site.edit(R2022, "一是政策解读的形式还不够丰富；二是依申请公开答复的规范化水平有待提高。2023年将加强培训，提升答复质量。\n", "");
    assert_findings(
        &site,
        0,
        &[
            "warning narrative.empty-section content/reports/qingshan-minzheng/2022.md:72:4 the section 五、存在的主要问题及改进情况 is empty",
        ],
    );
}

#[test]
fn rule_narrative_heading() {
    let site = site();
    site.edit(
        R2022,
        "## 五、存在的主要问题及改进情况",
        "## 五、存在的问题",
    );
    site.edit(
        R2021,
        "## 六、其他需要报告的事项\n",
        "## 六、其他需要报告的事项\n\n## 一、总体情况\n",
    );
    let findings = assert_findings(
        &site,
        1,
        &[
            "error narrative.heading content/reports/qingshan-minzheng/2021.md:78:4 `## 一、总体情况` repeats a section or comes out of order",
            "warning narrative.missing-section content/reports/qingshan-minzheng/2022.md:58:1 the report has no section 五、存在的主要问题及改进情况",
            "error narrative.heading content/reports/qingshan-minzheng/2022.md:72:4 `## 五、存在的问题` is not one of the six section headings",
        ],
    );
    assert_eq!(
        findings[2].hint.as_deref(),
        Some("did you mean `## 五、存在的主要问题及改进情况`?")
    );
}

#[test]
fn rule_narrative_unsafe_html() {
    let site = site();
    site.edit(
        R2022,
        "全年共收到政府信息公开申请4件，",
        "全年共收到政府信息公开申请4件<img src=x onerror=alert(1)>，",
    );
    site.edit(
        R2022,
        "主动公开情况见下表。\n",
        "主动公开情况见下表。\n\n<script>alert(1)</script>\n",
    );
    assert_findings(
        &site,
        1,
        &[
            "error narrative.unsafe-html content/reports/qingshan-minzheng/2022.md:62:52 the narrative holds raw HTML with an event-handler attribute",
            "error narrative.unsafe-html content/reports/qingshan-minzheng/2022.md:68:1 the narrative holds raw HTML with a <script> element",
        ],
    );
}

/// Insert `as_published` declarations at the end of a report's front matter.
fn declare(site: &TempSite, rel: &str, yaml: &str) {
    site.edit(
        rel,
        "---\n\n## 一、总体情况",
        &format!("{yaml}---\n\n## 一、总体情况"),
    );
}

#[test]
fn rule_narrative_table_mismatch() {
    let site = site();
    // The narrative says 5 requests where the table gives 4: found, at the number.
    site.edit(
        R2022,
        "共收到政府信息公开申请4件",
        "共收到政府信息公开申请5件",
    );
    assert_findings(
        &site,
        0,
        &[
            "warning narrative.table-mismatch content/reports/qingshan-minzheng/2022.md:62:50 总体情况 says 「全年共收到政府信息公开申请5件」; the table gives 4.",
        ],
    );
    // A declaration of the same finding keeps its wording and its note.
    declare(
        &site,
        R2022,
        "as_published:\n  - rule: narrative.table-mismatch\n    cell: requests.received.total\n    note: 总体情况 says 5 requests; the table gives 4.\n",
    );
    let findings = assert_findings(
        &site,
        0,
        &[
            "warning narrative.table-mismatch content/reports/qingshan-minzheng/2022.md:66:50 总体情况 says 5 requests; the table gives 4.",
        ],
    );
    assert!(
        findings[0]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("no longer needed"))
    );
    // Once the two agree, the declaration is stale: an error, like any other.
    site.edit(
        R2022,
        "共收到政府信息公开申请5件",
        "共收到政府信息公开申请4件",
    );
    assert_findings(
        &site,
        1,
        &[
            "error declaration.unmatched content/reports/qingshan-minzheng/2022.md:59:5 this declares narrative.table-mismatch at requests.received.total, but the check finds no statement of the narrative that the cell contradicts",
        ],
    );
}

#[test]
fn narrative_statements_about_another_year_or_two_figures_are_not_compared() {
    let site = site();
    site.edit(
        R2022,
        "全年共收到政府信息公开申请4件，均在法定期限内答复。",
        "全年共收到政府信息公开申请4件，均在法定期限内答复。2021年共收到政府信息公开申请13件。其中予以公开和部分公开3件。",
    );
    assert_findings(&site, 0, &[]);
}

/// A long passage, to make sections long enough to be measured for copying.
const PASSAGE: &str = "针对上年度报告中指出的信息更新不及时、解读质量不高等问题，本局逐项制定整改措施：一是完善信息发布审核流程，明确各科室信息报送时限；二是开展政策解读质量提升行动，全年发布解读材料12篇；三是组织业务培训3次，工作人员的业务能力有所提升。";

#[test]
fn rule_narrative_copied() {
    let site = site();
    let old = "二是依申请公开答复的规范化水平有待提高。";
    site.edit(R2021, old, &format!("{old}{PASSAGE}"));
    // The same text a year later, with new figures and one sentence of its own.
    site.edit(
        R2022,
        old,
        &format!("{old}{}", PASSAGE.replace("12篇", "15篇")),
    );
    site.edit(
        R2022,
        "提升答复质量。",
        "提升答复质量。另外，本局今年首次邀请群众代表参加政府开放日活动。",
    );
    assert_findings(
        &site,
        0,
        &[
            "warning narrative.copied content/reports/qingshan-minzheng/2022.md:72:4 五、存在的主要问题及改进情况: 86% of its text is also in the agency's own 2021 report (passages of 20 characters or more, numbers aside)",
        ],
    );
    // With a threshold above its share (site.toml, [checks] copied_share), it is not flagged.
    std::fs::write(
        site.path("site.toml"),
        "title = \"青山\"\n\n[checks]\ncopied_share = 0.9\n",
    )
    .unwrap();
    assert_findings(&site, 0, &[]);
}

#[test]
fn sections_that_share_only_short_phrases_are_not_copies() {
    let site = site();
    let old = "二是依申请公开答复的规范化水平有待提高。";
    site.edit(R2021, old, &format!("{old}{PASSAGE}"));
    site.edit(
        R2022,
        old,
        &format!("{old}本年度围绕政务公开工作要点，新设了三个专题栏目，对照基层政务公开标准目录逐项梳理，健全公开事项动态调整机制。同时依托政务服务热线收集群众意见建议，改进了答复文书格式，并把典型案例编入培训教材。"),
    );
    assert_findings(&site, 0, &[]);
}

// ---------------------------------------------------------------------------------------------
// Declarations: agency error versus contributor error.

const DECLARED_REVIEW: &str = "as_published:\n  - rule: review.group-total\n    cell: review.reconsideration.total\n    published: 2\n    expected: 1\n    note: 行政复议总计 printed as 2 in the published table.\n";

#[test]
fn a_declared_finding_becomes_a_warning() {
    let site = site();
    site.edit(
        R2022,
        "[0, 1, 0, 0, 1]  # 行政复议",
        "[0, 1, 0, 0, 2]  # 行政复议",
    );
    declare(&site, R2022, DECLARED_REVIEW);
    assert_findings(
        &site,
        0,
        &[
            "warning review.group-total content/reports/qingshan-minzheng/2022.md:55:41 row 行政复议: 总计 is 2, but the cells before it add up to 1",
        ],
    );
    let human = site.run(&["check"]);
    assert!(
        human.stdout.contains(
            "   = declared as published: 行政复议总计 printed as 2 in the published table.\n"
        ),
        "{}",
        human.stdout
    );
}

#[test]
fn a_declaration_whose_values_no_longer_match_is_an_error() {
    let site = site();
    site.edit(
        R2022,
        "[0, 1, 0, 0, 1]  # 行政复议",
        "[0, 1, 0, 0, 3]  # 行政复议",
    );
    declare(&site, R2022, DECLARED_REVIEW);
    assert_findings(
        &site,
        1,
        &[
            "error review.group-total content/reports/qingshan-minzheng/2022.md:55:41 row 行政复议: 总计 is 3, but the cells before it add up to 1",
            "error declaration.unmatched content/reports/qingshan-minzheng/2022.md:59:5 this declares review.group-total at review.reconsideration.total with published 2 and expected 1, but the report now gives published 3 and expected 1",
        ],
    );
}

#[test]
fn a_declaration_with_no_finding_is_an_error() {
    let site = site();
    declare(&site, R2022, DECLARED_REVIEW);
    assert_findings(
        &site,
        1,
        &[
            "error declaration.unmatched content/reports/qingshan-minzheng/2022.md:59:5 this declares review.group-total at review.reconsideration.total, but the checks find no such problem there",
        ],
    );
}

#[test]
fn a_declaration_cannot_hide_a_second_mistake_elsewhere_in_the_rule() {
    // A second wrong total elsewhere: the declared one stays a warning, the new one is an error.
    let site = site();
    site.edit(
        R2022,
        "[0, 1, 0, 0, 1]  # 行政复议",
        "[0, 1, 0, 0, 2]  # 行政复议",
    );
    site.edit(
        R2022,
        "[0, 0, 0, 0, 0]  # 行政诉讼 · 未经",
        "[0, 0, 0, 0, 1]  # 行政诉讼 · 未经",
    );
    declare(&site, R2022, DECLARED_REVIEW);
    assert_findings(
        &site,
        1,
        &[
            "warning review.group-total content/reports/qingshan-minzheng/2022.md:55:41 row 行政复议: 总计 is 2, but the cells before it add up to 1",
            "error review.group-total content/reports/qingshan-minzheng/2022.md:56:41 row 未经复议直接起诉: 总计 is 1, but the cells before it add up to 0",
        ],
    );
}

#[test]
fn a_declaration_cannot_hide_a_second_mistake_in_a_cell_it_involves() {
    // A second mistake in a cell the declared finding involves changes its expected value.
    let site = site();
    site.edit(
        R2022,
        "[0, 1, 0, 0, 1]  # 行政复议",
        "[0, 1, 0, 1, 2]  # 行政复议",
    );
    declare(&site, R2022, DECLARED_REVIEW);
    assert_findings(
        &site,
        1,
        &[
            "error declaration.unmatched content/reports/qingshan-minzheng/2022.md:59:5 this declares review.group-total at review.reconsideration.total, but the checks find no such problem there",
        ],
    );
}

#[test]
fn a_declaration_cannot_hide_a_second_mistake_in_a_column_rule() {
    // 结转下年度 declared for 自然人; the same typo also broke the 总计 column.
    let site = site();
    site.edit(
        R2022,
        "[0, 0, 0, 0, 0, 0, 0]  # 四、结转下年度继续办理",
        "[1, 0, 0, 0, 0, 0, 1]  # 四、结转下年度继续办理",
    );
    declare(
        &site,
        R2022,
        "as_published:\n  - rule: requests.balance\n    cell: requests.carried_forward.natural_person\n    published: 1\n    expected: 0\n",
    );
    assert_findings(
        &site,
        1,
        &[
            "warning requests.balance content/reports/qingshan-minzheng/2022.md:50:32 column 自然人: 一、本年新收 4 + 二、上年结转 0 = 4, but （七）总计 4 + 四、结转下年 1 = 5",
            "error requests.balance content/reports/qingshan-minzheng/2022.md:50:50 column 总计: 一、本年新收 4 + 二、上年结转 0 = 4, but （七）总计 4 + 四、结转下年 1 = 5",
        ],
    );
}

#[test]
fn a_declaration_cannot_hide_a_changed_part_of_its_sum() {
    let site = site();
    site.edit(
        R2022,
        "[0, 1, 0, 0, 1]  # 行政复议",
        "[1, 1, 0, 0, 2]  # 行政复议",
    );
    declare(&site, R2022, DECLARED_REVIEW);
    assert_findings(
        &site,
        1,
        &[
            "error declaration.unmatched content/reports/qingshan-minzheng/2022.md:59:5 this declares review.group-total at review.reconsideration.total, but the checks find no such problem there",
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Bad input: a clear finding with file and line, never a panic, never a partial write.

#[test]
fn bad_input_alias_bomb() {
    let site = site();
    let bomb = "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
    site.edit(R2022, "title:", &format!("{bomb}title:"));
    site.write(GOV_AGENCY, format!("{bomb}{}", site.read(GOV_AGENCY)));
    assert_findings(
        &site,
        1,
        &[
            "error yaml.syntax content/agencies/qingshan.yaml:1:4 YAML anchors (`&name`) are not allowed in gongkai files",
            "error yaml.syntax content/reports/qingshan-minzheng/2022.md:6:4 YAML anchors (`&name`) are not allowed in gongkai files",
        ],
    );
}

#[test]
fn bad_input_very_deep_nesting() {
    let site = site();
    let deep = format!("deep: {}1{}\n", "[".repeat(5000), "]".repeat(5000));
    site.edit(R2022, "title:", &format!("{deep}title:"));
    let deep_block: String = (0..200)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect();
    site.write(GOV_AGENCY, format!("{}{deep_block}", site.read(GOV_AGENCY)));
    assert_findings(
        &site,
        1,
        &[
            "error yaml.syntax content/agencies/qingshan.yaml:26:33 the YAML nests deeper than 16 levels",
            "error yaml.syntax content/reports/qingshan-minzheng/2022.md:6:262 this is not valid YAML: recursion limit exceeded",
        ],
    );
}

#[test]
fn bad_input_a_100_mb_file() {
    let site = site();
    // Sparse: 100 MB of zeros after a valid start, created without writing them.
    let file = std::fs::OpenOptions::new()
        .append(true)
        .open(site.path(GOV))
        .unwrap();
    file.set_len(100 * 1024 * 1024).unwrap();
    let started = std::time::Instant::now();
    assert_findings(
        &site,
        1,
        &[
            "error file.unreadable content/reports/qingshan/2022.md:0:0 the file is larger than 2 MiB",
        ],
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn bad_input_an_empty_file() {
    let site = site();
    site.write(R2022, "");
    site.write(GOV_AGENCY, "\n  \n");
    assert_findings(
        &site,
        1,
        &[
            "error file.unreadable content/agencies/qingshan.yaml:0:0 the file is empty",
            "error file.unreadable content/reports/qingshan-minzheng/2022.md:0:0 the file is empty",
        ],
    );
}

#[test]
fn bad_input_a_report_with_no_front_matter() {
    let site = site();
    site.write(
        R2022,
        "# 青山县民政局2022年政府信息公开工作年度报告\n\n## 一、总体情况\n\n正文。\n",
    );
    site.write(
        R2021,
        "---\nagency: qingshan-minzheng\nyear: 2021\n\n## 一、总体情况\n",
    );
    assert_findings(
        &site,
        1,
        &[
            "error report.front-matter content/reports/qingshan-minzheng/2021.md:1:1 the front matter is never closed",
            "error report.front-matter content/reports/qingshan-minzheng/2022.md:1:1 the report has no front matter",
        ],
    );
}

#[test]
fn bad_input_numbers_in_counts() {
    let site = site();
    site.edit(
        R2022,
        "[4, 0, 0, 0, 0, 0, 4]  # 一、",
        "[1e400, -3, \"十二\", 3.5, 十二, 0, 4]  # 一、",
    );
    assert_findings(
        &site,
        1,
        &[
            "info arithmetic.unchecked content/reports/qingshan-minzheng/2022.md:26:32 requests.balance could not be checked in 5 of 7 cases: a cell it needs is blank or merged",
            "info arithmetic.unchecked content/reports/qingshan-minzheng/2022.md:26:32 requests.row-total could not be checked in 1 of 25 cases: a cell it needs is blank or merged",
            "error value.not-a-number content/reports/qingshan-minzheng/2022.md:26:32 the cell 一、本年新收政府信息公开申请数量 · 自然人 holds `1e400`, which is not a plain number",
            "error value.negative content/reports/qingshan-minzheng/2022.md:26:39 the cell 一、本年新收政府信息公开申请数量 · 商业企业 is a count but holds the negative number -3",
            "error value.not-a-number content/reports/qingshan-minzheng/2022.md:26:43 the cell 一、本年新收政府信息公开申请数量 · 科研机构 holds the quoted text \"十二\"",
            "error value.fractional content/reports/qingshan-minzheng/2022.md:26:49 the cell 一、本年新收政府信息公开申请数量 · 社会公益组织 is a count but holds the fraction 3.5",
            "error value.not-a-number content/reports/qingshan-minzheng/2022.md:26:54 the cell 一、本年新收政府信息公开申请数量 · 法律服务机构 holds `十二`, which is not a plain number",
        ],
    );
}

#[test]
fn bad_input_agency_ids() {
    let site = site();
    for (folder, id) in [
        ("qingshan-a", "../qingshan"),
        ("qingshan-b", "qingshan/minzheng"),
        ("qingshan-c", "qingshan minzheng"),
        ("qingshan-d", "QingShan"),
    ] {
        let text = site
            .read(GOV)
            .replace("agency: qingshan", &format!("agency: {id}"));
        site.write(&format!("content/reports/{folder}/2022.md"), text);
    }
    site.write("content/reports/Qing Shan/2022.md", site.read(GOV));
    site.write("content/agencies/qing shan.yaml", site.read(GOV_AGENCY));
    assert_findings(
        &site,
        1,
        &[
            "error agency.id content/agencies/qing shan.yaml:0:0 the file name `qing shan` is not a valid agency id: it may hold only lowercase ASCII letters, digits and hyphens",
            "error agency.id content/reports/Qing Shan/2022.md:0:0 the folder name `Qing Shan` is not a valid agency id",
            "error report.misfiled content/reports/Qing Shan/2022.md:3:9 the report says `agency: qingshan` but sits in the folder of `Qing Shan`",
            "error report.duplicate content/reports/Qing Shan/2022.md:4:7 a second report of `qingshan` for 2022",
            "error agency.id content/reports/qingshan-a/2022.md:3:9 `agency` `../qingshan` is not a valid agency id: it may hold only lowercase ASCII letters, digits and hyphens",
            "error agency.id content/reports/qingshan-b/2022.md:3:9 `agency` `qingshan/minzheng` is not a valid agency id: it may hold only lowercase ASCII letters, digits and hyphens",
            "error agency.id content/reports/qingshan-c/2022.md:3:9 `agency` `qingshan minzheng` is not a valid agency id: it may hold only lowercase ASCII letters, digits and hyphens",
            "error agency.id content/reports/qingshan-d/2022.md:3:9 `agency` `QingShan` is not a valid agency id: it may hold only lowercase ASCII letters, digits and hyphens",
        ],
    );
}

#[test]
fn bad_input_a_link_leading_outside_content() {
    let site = site();
    let outside = TempSite::empty("secret");
    outside.write("passwd", "root:x:0:0\n");
    std::os::unix::fs::symlink(
        outside.path("passwd"),
        site.path("content/agencies/qingshan-xian.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        "../../../../..",
        site.path("content/reports/qingshan/2021.md"),
    )
    .unwrap();
    let (code, findings) = site.check();
    assert_eq!(code, 1);
    let shown: Vec<String> = findings
        .iter()
        .map(|f| format!("{} {} {}", f.rule, f.file, f.line))
        .collect();
    assert_eq!(
        shown,
        [
            "file.outside-content content/agencies/qingshan-xian.yaml 0",
            "file.outside-content content/reports/qingshan/2021.md 0",
        ]
    );
    assert!(!site.run(&["check"]).stdout.contains("root:x"));
}

#[test]
fn a_link_inside_content_is_followed() {
    let site = site();
    site.write("content/archive/qingshan-2022.txt", site.read(GOV));
    site.remove(GOV);
    std::os::unix::fs::symlink("../../archive/qingshan-2022.txt", site.path(GOV)).unwrap();
    assert_findings(&site, 0, &[]);
}

#[test]
fn nothing_is_exported_when_an_error_remains() {
    let site = site();
    site.edit(
        R2022,
        "[0, 1, 0, 0, 1]  # 行政复议",
        "[0, 1, 0, 0, 2]  # 行政复议",
    );
    let out = site.path("out/tidy.csv");
    let run = site.run(&[
        "export",
        "--format",
        "csv",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error: 1 error: nothing exported"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
    assert!(
        !site.path("out").exists()
            || std::fs::read_dir(site.path("out"))
                .unwrap()
                .next()
                .is_none()
    );
}

// ---------------------------------------------------------------------------------------------
// Output formats.

/// The fixture with a wrong 总计 in section 四 and an event handler after Chinese text.
fn two_errors() -> TempSite {
    let site = site();
    site.edit(
        R2022,
        "[0, 1, 0, 0, 1]  # 行政复议",
        "[0, 1, 0, 0, 2]  # 行政复议",
    );
    site.edit(
        R2022,
        "全年共收到政府信息公开申请4件，",
        "全年共收到政府信息公开申请4件<img src=x onerror=alert(1)>，",
    );
    site
}

#[test]
fn human_output_underlines_the_value_with_carets_aligned_under_chinese_text() {
    let run = two_errors().run(&["check"]);
    assert_eq!(run.code, 1);
    // Before the tag on line 62: 「2022」 and 「4」 are 5 narrow characters, the other 46
    // characters are wide (2 columns each): 97 columns.
    let expected = format!(
        "\
error[review.group-total]: row 行政复议: 总计 is 2, but the cells before it add up to 1
  --> content/reports/qingshan-minzheng/2022.md:55:41
   |
55 |   reconsideration:         [0, 1, 0, 0, 2]  # 行政复议
   |                                         ^
   = hint: correct the mistyped cell; if the agency published it so, declare it:
             as_published:
               - rule: review.group-total
                 cell: review.reconsideration.total
                 published: 2
                 expected: 1
                 note: …

error[narrative.unsafe-html]: the narrative holds raw HTML with an event-handler attribute
  --> content/reports/qingshan-minzheng/2022.md:62:52
   |
62 | 2022年，青山县民政局认真贯彻落实《中华人民共和国政府信息公开条例》，全年共收到政府信息公开申请4件<img src=x onerror=alert(1)>，均在法定期限内答复。
   | {}{}
   = hint: remove the HTML and keep only the words the agency published

checked 2 agencies and 5 reports: 2 errors, 0 warnings, 0 info findings
",
        " ".repeat(97),
        "^".repeat("<img src=x onerror=alert(1)>".len())
    );
    assert_eq!(run.stdout, expected);
    assert_eq!(run.stderr, "");
}

#[test]
fn json_output_is_one_object_per_finding_per_line() {
    let run = two_errors().run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    let first: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(
        first,
        serde_json::json!({
            "rule": "review.group-total",
            "severity": "error",
            "file": "content/reports/qingshan-minzheng/2022.md",
            "line": 55,
            "column": 41,
            "message": "row 行政复议: 总计 is 2, but the cells before it add up to 1",
            "hint": "correct the mistyped cell; if the agency published it so, declare it:\n  as_published:\n    - rule: review.group-total\n      cell: review.reconsideration.total\n      published: 2\n      expected: 1\n      note: …",
            "agency": "qingshan-minzheng",
            "year": 2022,
            "cell": "review.reconsideration.total",
            "message_zh": "行政复议行：总计为 2，但前面各列之和为 1",
            "hint_zh": "请改正录错的单元格；如果机关原文如此，请声明：\n  as_published:\n    - rule: review.group-total\n      cell: review.reconsideration.total\n      published: 2\n      expected: 1\n      note: …"
        })
    );
    let second: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
    assert_eq!(second["rule"], "narrative.unsafe-html");
    assert_eq!(
        (second["line"].as_u64(), second["column"].as_u64()),
        (Some(62), Some(52))
    );
    // JSON carries the info findings too; there is no summary line to parse around.
    let site = site();
    site.edit(R2022, "published: 2023-01-31", "published: ~");
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout.lines().count(), 1);
    assert!(
        run.stdout
            .starts_with("{\"rule\":\"publication.date-unknown\",\"severity\":\"info\"")
    );
}

#[test]
fn github_output_is_workflow_commands() {
    let run = two_errors().run(&["check", "--format", "github"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "::error file=content/reports/qingshan-minzheng/2022.md,line=55,col=41,title=review.group-total::row 行政复议: 总计 is 2, but the cells before it add up to 1%0Ahint: correct the mistyped cell; if the agency published it so, declare it:%0A  as_published:%0A    - rule: review.group-total%0A      cell: review.reconsideration.total%0A      published: 2%0A      expected: 1%0A      note: …\n\
::error file=content/reports/qingshan-minzheng/2022.md,line=62,col=52,title=narrative.unsafe-html::the narrative holds raw HTML with an event-handler attribute%0Ahint: remove the HTML and keep only the words the agency published\n"
    );
    // Warnings are warnings, and a finding about a whole file has no line.
    let site = site();
    site.edit(R2022, "published: 2023-01-31", "published: 2023-02-01");
    site.write(R2021, "");
    let run = site.run(&["check", "--format", "github"]);
    assert_eq!(
        run.stdout,
        "::error file=content/reports/qingshan-minzheng/2021.md,title=file.unreadable::the file is empty%0Ahint: delete it, or fill it in (gongkai new writes a complete skeleton)\n\
::warning file=content/reports/qingshan-minzheng/2022.md,line=7,col=12,title=publication.late::published 2023-02-01, 1 day after the deadline 2023-01-31%0Ahint: the agency's own lateness: nothing to fix if the date is right\n"
    );
}

#[test]
fn every_problem_in_every_file_is_reported_in_one_run() {
    let site = site();
    site.edit(R2019, "title:", "titel:");
    site.edit(R2019, "[2, 2, 15]", "[2, -2, 15]");
    site.edit(
        R2019,
        "## 六、其他需要报告的事项",
        "## 六、其它需要报告的事项",
    );
    site.edit(
        R2021,
        "  licensing:            [42]",
        "  licensing:            [4.2]",
    );
    site.edit(
        R2021,
        "  penalties:            [7]",
        "  penalties:            [\"7\"]",
    );
    site.edit(
        R2022,
        "[0, 1, 0, 0, 1]  # 行政复议",
        "[0, 1, 0, 0, 2]  # 行政复议",
    );
    site.edit(
        R2022,
        "[0, 0, 0, 0, 0]  # 行政诉讼 · 复议后",
        "[1, 0, 0, 0, 0]  # 行政诉讼 · 复议后",
    );
    site.edit(GOV_AGENCY, "level: county", "level: county\nlevle: county");
    site.edit(GOV, "published: 2023-03-20", "published: 2023-3-20");
    let (code, findings) = site.check();
    assert_eq!(code, 1);
    let places: Vec<String> = findings
        .iter()
        .map(|f| format!("{} {}:{}", f.rule, f.file, f.line))
        .collect();
    assert_eq!(
        places,
        [
            "schema.unknown-key content/agencies/qingshan.yaml:8",
            "schema.unknown-key content/reports/qingshan-minzheng/2019.md:6",
            "value.negative content/reports/qingshan-minzheng/2019.md:14",
            "narrative.missing-section content/reports/qingshan-minzheng/2019.md:59",
            "narrative.heading content/reports/qingshan-minzheng/2019.md:77",
            "value.fractional content/reports/qingshan-minzheng/2021.md:16",
            "value.not-a-number content/reports/qingshan-minzheng/2021.md:18",
            "review.group-total content/reports/qingshan-minzheng/2022.md:55",
            "review.group-total content/reports/qingshan-minzheng/2022.md:57",
            // The date cannot be read, so timeliness cannot be checked either.
            "publication.date-unknown content/reports/qingshan/2022.md:0",
            "schema.type content/reports/qingshan/2022.md:7",
        ]
    );
}

#[test]
fn usage_errors_exit_2() {
    let site = site();
    for args in [
        &["check", "--format", "xml"][..],
        &["check", "--no-such-flag"],
        &["chek"],
        &[],
        &["export", "--format", "parquet"],
    ] {
        let run = site.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("Usage:") || run.stderr.contains("try '--help'"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(run.stdout, "");
    }
    // --help and --version are not errors.
    assert_eq!(site.run(&["--help"]).code, 0);
    assert_eq!(site.run(&["check", "--help"]).code, 0);
}

#[test]
fn every_flag_is_described_in_the_help() {
    let site = site();
    for command in ["check", "build", "serve", "new", "import", "export", "demo"] {
        let run = site.run(&[command, "--help"]);
        assert_eq!(run.code, 0, "{command}");
        // Each option line has its text after the flag; none stands alone.
        for line in run
            .stdout
            .lines()
            .filter(|l| l.trim_start().starts_with("--"))
        {
            let described = line
                .trim_start()
                .split_once("  ")
                .is_some_and(|(_, text)| !text.trim().is_empty());
            assert!(described, "{command}: {line}");
        }
        if command != "demo" {
            assert!(
                run.stdout.contains("--root <DIR>")
                    && run
                        .stdout
                        .contains("The site folder, holding content/ and site.toml"),
                "{command}: {}",
                run.stdout
            );
        }
    }
    let serve = site.run(&["serve", "--help"]).stdout;
    assert!(serve.contains("unless --bind says otherwise"), "{serve}");
}

#[test]
fn a_folder_without_content_is_an_error_not_a_panic() {
    let empty = TempSite::empty("no-content");
    let (code, findings) = empty.check();
    assert_eq!(code, 1);
    assert_eq!(
        shorts(&findings),
        ["error file.unreadable content:0:0 there is no content/ folder here"]
    );
}

// ---------------------------------------------------------------------------------------------
// Hostile file systems: every kind of object where a file is expected is read as a regular
// file or refused with its path, never waited on, never skipped without a word.

/// `gongkai check --format json`, killed and failed if it has not finished within 30 s (a
/// FIFO opened for reading blocks until a writer comes: this is what a hang would look like).
fn check_within_time(site: &TempSite) -> (i32, Vec<Finding>) {
    let mut child = std::process::Command::new(common::BIN)
        .args(["check", "--format", "json", "--root"])
        .arg(&site.root)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("gongkai check hung");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let findings = stdout
        .lines()
        .map(|l| common::Finding::from_json(&serde_json::from_str(l).unwrap()))
        .collect();
    (out.status.code().expect("killed by a signal"), findings)
}

fn mkfifo(path: &std::path::Path) {
    nix::unistd::mkfifo(path, nix::sys::stat::Mode::from_bits_truncate(0o644)).unwrap();
}

#[test]
fn rule_file_special() {
    let site = site();
    // A named pipe where a report should be: a plain open would wait for a writer forever.
    site.remove(GOV);
    mkfifo(&site.path(GOV));
    // A socket where an agency file should be.
    site.remove(GOV_AGENCY);
    let _socket = std::os::unix::net::UnixListener::bind(site.path(GOV_AGENCY)).unwrap();
    // A folder named like a report, and one named like an agency file.
    std::fs::create_dir_all(site.path("content/reports/qingshan-minzheng/2023.md")).unwrap();
    std::fs::create_dir_all(site.path("content/agencies/elsewhere.yaml")).unwrap();
    // A link to a named pipe inside content/.
    mkfifo(&site.path("content/pipe"));
    std::os::unix::fs::symlink("../../pipe", site.path("content/reports/qingshan/2021.md"))
        .unwrap();
    // A folder named like the about page.
    std::fs::create_dir_all(site.path("content/about.md")).unwrap();
    let (code, findings) = check_within_time(&site);
    let shown: Vec<String> = findings
        .iter()
        .filter(|f| f.rule == "file.special")
        .map(|f| format!("{}:{} {}", f.file, f.line, f.message))
        .collect();
    assert_eq!(
        shown,
        [
            "content/about.md:0 this is a folder, not a file",
            "content/agencies/elsewhere.yaml:0 this is a folder, not a file",
            "content/agencies/qingshan.yaml:0 this is a socket, not a file",
            "content/reports/qingshan-minzheng/2023.md:0 this is a folder, not a file",
            "content/reports/qingshan/2021.md:0 this link leads to a named pipe (FIFO), not to a file",
            "content/reports/qingshan/2022.md:0 this is a named pipe (FIFO), not a file",
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn a_device_file_is_refused() {
    let site = site();
    site.remove(GOV);
    // The null device: reading it would give an empty file, a device that streams (zero,
    // urandom) would give 2 MiB of junk.
    let made = nix::sys::stat::mknod(
        &site.path(GOV),
        nix::sys::stat::SFlag::S_IFCHR,
        nix::sys::stat::Mode::from_bits_truncate(0o644),
        nix::sys::stat::makedev(1, 3),
    );
    if let Err(e) = made {
        eprintln!(
            "skipped: a device file cannot be made here ({e}); a link to /dev/zero is tested instead"
        );
        std::os::unix::fs::symlink("/dev/zero", site.path(GOV)).unwrap();
        let (code, findings) = check_within_time(&site);
        assert_eq!(code, 1);
        assert_eq!(findings[0].rule, "file.outside-content");
        return;
    }
    let (code, findings) = check_within_time(&site);
    assert_eq!(
        shorts(&findings),
        [
            "error file.special content/reports/qingshan/2022.md:0:0 this is a character device, not a file"
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn dangling_links_and_loops_of_links_are_refused_with_their_path() {
    let site = site();
    site.remove(GOV);
    std::os::unix::fs::symlink("nowhere.md", site.path(GOV)).unwrap();
    site.remove(R2022);
    std::os::unix::fs::symlink("2022.md", site.path(R2022)).unwrap();
    std::os::unix::fs::symlink(
        "2024.md",
        site.path("content/reports/qingshan-minzheng/2023.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        "2023.md",
        site.path("content/reports/qingshan-minzheng/2024.md"),
    )
    .unwrap();
    // A link to a folder of content/, where a report should be.
    std::os::unix::fs::symlink(
        "../../agencies",
        site.path("content/reports/qingshan/2021.md"),
    )
    .unwrap();
    let (code, findings) = check_within_time(&site);
    let shown: Vec<String> = findings
        .iter()
        .filter(|f| f.rule.starts_with("file."))
        .map(|f| {
            format!(
                "{} {} {}",
                f.rule,
                f.file,
                f.message.split(':').next().unwrap()
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            "file.unreadable content/reports/qingshan-minzheng/2022.md this link is part of a loop of links",
            "file.unreadable content/reports/qingshan-minzheng/2023.md this link is part of a loop of links",
            "file.unreadable content/reports/qingshan-minzheng/2024.md this link is part of a loop of links",
            "file.special content/reports/qingshan/2021.md this link leads to a folder, not to a file",
            "file.unreadable content/reports/qingshan/2022.md this link leads nowhere",
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn a_folder_of_content_linked_from_outside_is_refused() {
    let site = site();
    let outside = TempSite::empty("outside-reports");
    std::fs::rename(site.path("content/reports"), outside.path("reports")).unwrap();
    std::os::unix::fs::symlink(outside.path("reports"), site.path("content/reports")).unwrap();
    let (code, findings) = check_within_time(&site);
    assert_eq!(code, 1);
    assert_eq!(findings[0].rule, "file.outside-content");
    assert_eq!(findings[0].file, "content/reports");
}

/// A file its reader may not open. Root reads a mode-000 file anyway, so as root the check
/// runs as the unprivileged user `nobody` (uid 65534) instead.
#[test]
fn an_unreadable_file_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let site = site();
    std::fs::set_permissions(site.path(GOV), std::fs::Permissions::from_mode(0o000)).unwrap();
    let mut cmd = std::process::Command::new(common::BIN);
    cmd.args(["check", "--format", "json", "--root"])
        .arg(&site.root);
    // A file this process made belongs to its effective user.
    let root_user =
        std::os::unix::fs::MetadataExt::uid(&std::fs::metadata(site.path(GOV)).unwrap()) == 0;
    if root_user {
        // The site must be readable by nobody otherwise.
        for dir in [std::env::temp_dir(), site.root.clone()] {
            let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
            if mode & 0o005 != 0o005 {
                eprintln!(
                    "skipped: running as root, and {} is closed to the user nobody",
                    dir.display()
                );
                return;
            }
        }
        let binary_ok = std::process::Command::new(common::BIN)
            .arg("--version")
            .uid(65534)
            .gid(65534)
            .output()
            .is_ok_and(|o| o.status.success());
        if !binary_ok {
            eprintln!(
                "skipped: running as root, and the user nobody cannot run {}",
                common::BIN
            );
            return;
        }
        cmd.uid(65534).gid(65534);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let findings: Vec<Finding> = stdout
        .lines()
        .map(|l| Finding::from_json(&serde_json::from_str(l).unwrap()))
        .collect();
    assert_eq!(
        shorts(&findings),
        [
            "error file.unreadable content/reports/qingshan/2022.md:0:0 cannot read: Permission denied (os error 13)"
        ]
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn rule_text_control_character() {
    let site = site();
    site.edit(GOV, "title: ", "title: 青山\0");
    site.edit(R2019, "## 一、总体情况", "## 一、\u{85}总体情况");
    site.edit(R2021, "## 一、总体情况", "## 一、总体\u{1b}[31m情况");
    assert_findings(
        &site,
        1,
        &[
            "error text.control-character content/reports/qingshan-minzheng/2019.md:61:6 the control character U+0085 is not allowed in a text file",
            "error text.control-character content/reports/qingshan-minzheng/2021.md:60:8 the control character U+001B is not allowed in a text file",
            "error text.control-character content/reports/qingshan/2022.md:6:10 the control character U+0000 (NUL) is not allowed in a text file",
        ],
    );
    // The escape sequence is not sent to the terminal.
    let human = site.run(&["check"]).stdout;
    assert!(
        !human.contains('\u{1b}') && !human.contains('\0'),
        "{human}"
    );
}

#[test]
fn crlf_files_pass() {
    let site = site();
    for rel in [GOV, GOV_AGENCY, R2019] {
        site.write(rel, site.read(rel).replace('\n', "\r\n"));
    }
    assert_findings(&site, 0, &[]);
}

#[test]
fn a_byte_order_mark_passes() {
    let site = site();
    for rel in [GOV, GOV_AGENCY] {
        site.write(rel, format!("\u{feff}{}", site.read(rel)));
    }
    assert_findings(&site, 0, &[]);
}

#[test]
fn tab_and_the_printable_characters_near_the_controls_pass() {
    let site = site();
    // U+00A0 and U+00B7 start with the byte C2, as the C1 controls do.
    site.edit(GOV, "title: ", "title:\t\u{a0}·");
    assert_findings(&site, 0, &[]);
}

// ---------------------------------------------------------------------------------------------
// site.toml, the theme and the templates: check refuses what build would.

#[test]
fn rule_config_syntax() {
    let site = site();
    site.write("site.toml", "title = \"青山\nlanguage = \"en\"\n");
    let findings = assert_findings(
        &site,
        1,
        &[
            "error config.syntax site.toml:1:12 site.toml is not valid TOML: invalid basic string, expected `\"`",
        ],
    );
    assert!(findings[0].hint.is_some());
}

#[test]
fn rule_config_unknown_key() {
    let site = site();
    site.write("site.toml", "title = \"青山\"\nbase_ulr = \"/x/\"\n");
    assert_findings(
        &site,
        1,
        &[
            "error config.unknown-key site.toml:2:1 unknown key `base_ulr` in site.toml (did you mean `base_url`?)",
        ],
    );
}

#[test]
fn rule_config_value() {
    let site = site();
    site.write(
        "site.toml",
        "title = 1\nbase_url = \"javascript:alert(1)\"\nlanguage = \"fr\"\ntheme = \"../../etc\"\n",
    );
    assert_findings(
        &site,
        1,
        &[
            "error config.value site.toml:1:9 `title` must be a string",
            "error config.value site.toml:2:12 base_url `javascript:alert(1)` is neither an http(s) address nor a path starting with /",
            "error config.value site.toml:3:12 the language `fr` is neither zh-CN nor en",
            "error config.value site.toml:4:9 the theme name `../../etc` is not a folder name",
        ],
    );
    // Near misses: an address with a sub-path, a bare path, English.
    for good in [
        "https://example.org/gongkai/",
        "/gongkai/",
        "http://localhost:1111",
    ] {
        site.write(
            "site.toml",
            format!("title = \"青山\"\nbase_url = \"{good}\"\nlanguage = \"en\"\n"),
        );
        assert_findings(&site, 0, &[]);
    }
}

#[test]
fn rule_theme_missing() {
    let site = site();
    site.write("site.toml", "title = \"青山\"\ntheme = \"qingshan\"\n");
    assert_findings(
        &site,
        1,
        &[
            "error theme.missing site.toml:0:0 site.toml names the theme `qingshan`, but themes/qingshan/ does not exist",
        ],
    );
    site.write("themes/qingshan/templates/.keep", "");
    assert_findings(&site, 0, &[]);
}

#[test]
fn rule_theme_template() {
    let site = site();
    site.write(
        "templates/index.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ x }\n",
    );
    assert_findings(
        &site,
        1,
        &[
            "error theme.template templates/index.html:2:22 this template cannot be used: it does not parse: expected `or`, `and`, `not`, `<=`, `>=`, `<`, `>`, `==`, `!=`, `+`, `-`, `*`, `/`, `%`, a filter, or a variable end (`}}`)",
        ],
    );
    site.write("templates/index.html", "{% extends \"nothing.html\" %}\n");
    assert_findings(
        &site,
        1,
        &[
            "error theme.template templates/index.html:0:0 this template cannot be used: Template 'index.html' is inheriting from 'nothing.html', which doesn't exist or isn't loaded.",
        ],
    );
    site.write(
        "templates/index.html",
        "{% extends \"base.html\" %}{% block main %}{% include \"none.html\" %}{% endblock %}",
    );
    assert_findings(
        &site,
        1,
        &[
            "error theme.template templates/index.html:0:0 this template includes `none.html`, which does not exist",
        ],
    );
    site.write(
        "templates/index.html",
        "{% extends \"base.html\" %}{% block main %}{% include \"none.html\" ignore missing %}{% endblock %}",
    );
    assert_findings(&site, 0, &[]);
    site.write("templates/index.html", "{% extends \"base.html\" %}\n");
    assert_findings(&site, 0, &[]);
}

#[test]
fn rule_file_outside_site() {
    let site = site();
    let outside = TempSite::empty("outside-theme");
    outside.write("index.html", "{{ secret }}");
    outside.write("static/logo.svg", "<svg/>");
    site.write("static/.keep", "");
    std::os::unix::fs::symlink(
        outside.path("index.html"),
        site.path("templates/index.html"),
    )
    .unwrap_or_else(|_| {
        std::fs::create_dir_all(site.path("templates")).unwrap();
        std::os::unix::fs::symlink(
            outside.path("index.html"),
            site.path("templates/index.html"),
        )
        .unwrap()
    });
    std::os::unix::fs::symlink(outside.path("static"), site.path("themes-static")).unwrap();
    std::os::unix::fs::symlink(
        outside.path("static/logo.svg"),
        site.path("static/logo.svg"),
    )
    .unwrap();
    // A FIFO among the static files, a folder named like a template.
    mkfifo(&site.path("static/pipe.css"));
    std::fs::create_dir_all(site.path("templates/report.html")).unwrap();
    let (code, findings) = check_within_time(&site);
    let shown: Vec<String> = findings
        .iter()
        .map(|f| format!("{} {}", f.rule, f.file))
        .collect();
    assert_eq!(
        shown,
        [
            "file.outside-site static/logo.svg",
            "file.special static/pipe.css",
            "file.outside-site templates/index.html",
            "file.special templates/report.html",
        ]
    );
    assert_eq!(code, 1);
    // A link to a file inside the site is followed.
    let site = TempSite::fixture("site");
    site.write("mine/index.html", "{% extends \"base.html\" %}\n");
    std::fs::create_dir_all(site.path("templates")).unwrap();
    std::os::unix::fs::symlink("../mine/index.html", site.path("templates/index.html")).unwrap();
    assert_findings(&site, 0, &[]);
}

#[test]
fn the_about_page_is_read_as_text_and_may_be_empty() {
    let site = site();
    site.write("content/about.md", "");
    assert_findings(&site, 0, &[]);
    site.write("content/about.md", "# 关于\n\u{1b}]0;pwned\u{7}\n");
    assert_findings(
        &site,
        1,
        &[
            "error text.control-character content/about.md:2:1 the control character U+001B is not allowed in a text file",
        ],
    );
}
