//! Files generated from code, compared with what is committed so that docs cannot drift:
//! `schema/*.schema.json` (from the catalogue) and `docs/checks.md` (from the rule registry,
//! with an example of each rule produced by running the checks on the fixture site).
//!
//! `GONGKAI_BLESS=1 cargo test --test generated` rewrites them.

mod common;

use std::path::Path;

use common::{TempSite, repo};
use gongkai::diagnostic::print::{self, Format};
use gongkai::diagnostic::{RULES, RuleGroup, Severity};

fn bless() -> bool {
    std::env::var_os("GONGKAI_BLESS").is_some_and(|v| v != "0")
}

/// Compare a committed file with its generated text, or rewrite it when blessing.
fn compare(rel: &str, generated: &str) {
    let path = repo().join(rel);
    if bless() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let line = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .map_or(0, |i| i + 1);
        panic!(
            "{rel} differs from what the code generates (first at line {line}); run `GONGKAI_BLESS=1 cargo test --test generated` and commit the result"
        );
    }
}

#[test]
fn committed_schemas_are_generated_from_the_catalogue() {
    for (rel, text) in gongkai::schema::files() {
        compare(rel, &text);
    }
}

#[test]
fn the_report_schema_describes_every_row_with_its_label_and_width() {
    let schema = gongkai::schema::report_schema();
    let requests = &schema["$defs"]["requests_2021"];
    assert_eq!(requests["additionalProperties"], false);
    assert_eq!(requests["required"].as_array().unwrap().len(), 25);
    let granted = &requests["properties"]["granted"]["oneOf"];
    assert_eq!(granted[0]["minItems"], 7);
    assert_eq!(granted[0]["maxItems"], 7);
    assert_eq!(
        granted[0]["prefixItems"][0]["type"],
        serde_json::json!(["integer", "null"])
    );
    assert_eq!(granted[1]["required"], serde_json::json!(["merged"]));
    assert_eq!(
        schema["$defs"]["requests_2019"]["required"]
            .as_array()
            .unwrap()
            .len(),
        23
    );
    let fee = &schema["$defs"]["proactive_2021"]["properties"]["admin_fees"];
    assert_eq!(fee["description"], "第二十条第（八）项 · 行政事业性收费");
    assert_eq!(
        fee["prefixItems"][0]["type"],
        serde_json::json!(["number", "null"])
    );
    let change = &schema["$defs"]["proactive_2019"]["properties"]["licensing"]["prefixItems"][1];
    assert_eq!(change["description"], "本年增/减");
    assert!(change.get("minimum").is_none());
    assert_eq!(
        schema["properties"]["template"]["enum"],
        serde_json::json!([2019, 2021])
    );
    let agency = gongkai::schema::agency_schema();
    assert_eq!(
        agency["properties"]["level"]["enum"],
        serde_json::json!(["province", "prefecture", "county", "township"])
    );
    assert_eq!(
        agency["properties"]["kind"]["enum"],
        serde_json::json!(["government", "general_office", "department"])
    );
}

// ---------------------------------------------------------------------------------------------
// docs/checks.md

const R2021: &str = "content/reports/qingshan-minzheng/2021.md";
const R2022: &str = "content/reports/qingshan-minzheng/2022.md";
const GOV: &str = "content/reports/qingshan/2022.md";

/// How to make the fixture break each rule once, for the example in the docs.
fn make_example(rule: &str, site: &TempSite) {
    let e = |rel: &str, from: &str, to: &str| {
        site.edit(rel, from, to);
    };
    let declare = |yaml: &str| {
        site.edit(
            R2022,
            "---\n\n## 一、总体情况",
            &format!("{yaml}---\n\n## 一、总体情况"),
        );
    };
    match rule {
        "file.unreadable" => site.write(
            R2022,
            b"---\nagency: qingshan-minzheng\ntitle: \xc7\xe0\xc9\xbd\n",
        ),
        "file.outside-content" => {
            site.write("elsewhere/2022.md", site.read(GOV));
            site.remove(GOV);
            std::os::unix::fs::symlink("../../../elsewhere/2022.md", site.path(GOV)).unwrap();
        }
        "file.misplaced" => site.write("content/reports/qingshan/2022-draft.md", site.read(GOV)),
        "file.special" => {
            site.remove(GOV);
            std::fs::create_dir_all(site.path(GOV)).unwrap();
        }
        "file.outside-site" => {
            std::fs::create_dir_all(site.path("templates")).unwrap();
            std::os::unix::fs::symlink("/etc/passwd", site.path("templates/index.html")).unwrap();
        }
        "text.control-character" => e(GOV, "title: ", "title: 青山\0"),
        "config.syntax" => site.write("site.toml", "title = \"青山\nlanguage = \"en\"\n"),
        "config.unknown-key" => site.write("site.toml", "title = \"青山\"\nbase_ulr = \"/x/\"\n"),
        "config.value" => site.write(
            "site.toml",
            "title = \"青山\"\nbase_url = \"javascript:alert(1)\"\n",
        ),
        "theme.missing" => site.write("site.toml", "title = \"青山\"\ntheme = \"qingshan\"\n"),
        "theme.template" => site.write(
            "templates/index.html",
            "{% extends \"base.html\" %}\n{% block main %}{{ x }\n",
        ),
        "yaml.syntax" => e(
            R2022,
            "  licensing:            [38]",
            "  licensing:            [38]]",
        ),
        "report.front-matter" => site.write(R2022, site.read(R2022).replacen("---\n", "", 1)),
        "schema.unknown-key" => e(R2022, "  other_unpaid_fee:", "  other_unpaid_fees:"),
        "schema.missing" => e(R2022, "year: 2022\n", ""),
        "schema.type" => e(
            R2022,
            "[4, 0, 0, 0, 0, 0, 4]  # 一",
            "[4, 0, 0, 0, 0, 4]  # 一",
        ),
        "schema.duplicate-key" => e(
            R2022,
            "published: 2023-01-31\n",
            "published: 2023-01-31\ntitle: 又一个标题\n",
        ),
        "value.negative" => e(
            R2022,
            "  penalties:            [5]",
            "  penalties:            [-3]",
        ),
        "value.fractional" => e(
            R2022,
            "  licensing:            [38]",
            "  licensing:            [3.5]",
        ),
        "value.not-a-number" => e(
            R2022,
            "  admin_fees:           [0.8]",
            "  admin_fees:           [0.8万元]",
        ),
        "template.row" => e(
            R2022,
            "  other_other:",
            "  other_handling:             [0, 0, 0, 0, 0, 0, 0]\n  other_other:",
        ),
        "report.year" => site.write(
            "content/reports/qingshan/2007.md",
            site.read(GOV).replace("year: 2022", "year: 2007"),
        ),
        "agency.id" => e(R2022, "agency: qingshan-minzheng", "agency: ../qingshan"),
        "agency.unknown" => site.write(
            "content/reports/qingshan-caizheng/2022.md",
            site.read(GOV)
                .replace("agency: qingshan", "agency: qingshan-caizheng"),
        ),
        "report.misfiled" => e(R2022, "year: 2022", "year: 2023"),
        "report.duplicate" => {
            site.write("content/reports/qingshan-gov/2022.md", site.read(GOV));
            site.write(
                "content/agencies/qingshan-gov.yaml",
                site.read("content/agencies/qingshan.yaml"),
            );
        }
        "report.untranscribed" => {
            let request = gongkai::draft::NewReport {
                agency: "qingshan-minzheng".into(),
                year: 2023,
                template: None,
                new_agency: Default::default(),
            };
            gongkai::draft::new_report(&site.root, &request).unwrap();
        }
        "declaration.unmatched" => declare(
            "as_published:\n  - rule: review.group-total\n    cell: review.reconsideration.total\n    published: 2\n    expected: 1\n",
        ),
        "requests.balance" => e(
            R2022,
            "[0, 0, 0, 0, 0, 0, 0]  # 四、",
            "[1, 0, 0, 0, 0, 0, 1]  # 四、",
        ),
        "requests.row-total" => e(
            R2022,
            "[3, 0, 0, 0, 0, 0, 3]  # （一）",
            "[3, 0, 0, 0, 0, 0, 4]  # （一）",
        ),
        "requests.outcome-total" => e(
            R2022,
            "[3, 0, 0, 0, 0, 0, 3]  # （一）",
            "[4, 0, 0, 0, 0, 0, 4]  # （一）",
        ),
        "review.group-total" => e(
            R2022,
            "[0, 1, 0, 0, 1]  # 行政复议",
            "[0, 1, 0, 0, 2]  # 行政复议",
        ),
        "arithmetic.unchecked" => e(
            R2022,
            "[3, 0, 0, 0, 0, 0, 3]  # （一）",
            "[3, 0, 0, 0, 0, 0, ~]  # （一）",
        ),
        "years.carry-over" => {
            e(
                R2022,
                "[4, 0, 0, 0, 0, 0, 4]  # 一、",
                "[3, 0, 0, 0, 0, 0, 3]  # 一、",
            );
            e(
                R2022,
                "[0, 0, 0, 0, 0, 0, 0]  # 二、",
                "[1, 0, 0, 0, 0, 0, 1]  # 二、",
            );
        }
        "years.in-force" => e(R2022, "[2, 0, 22]", "[2, 0, 23]"),
        "years.item-count" => e(
            "content/reports/qingshan-minzheng/2020.md",
            "[11, 2, 35]",
            "[12, 2, 35]",
        ),
        "publication.late" => e(R2022, "published: 2023-01-31", "published: 2023-02-10"),
        "publication.date-unknown" => e(R2022, "published: 2023-01-31", "published: ~"),
        "publication.template" => {
            let text = site
                .read(R2021)
                .replace("agency: qingshan-minzheng", "agency: qingshan")
                .replace("year: 2021", "year: 2020");
            site.write(
                "content/reports/qingshan/2020.md",
                text.replace("published: 2022-01-25", "published: 2021-03-01"),
            );
        }
        "narrative.missing-section" => e(
            R2022,
            "## 六、其他需要报告的事项\n\n本年度未收取信息处理费。\n",
            "",
        ),
        "narrative.empty-section" => e(
            R2022,
            "一是政策解读的形式还不够丰富；二是依申请公开答复的规范化水平有待提高。2023年将加强培训，提升答复质量。\n",
            "",
        ),
        "narrative.heading" => e(
            R2022,
            "## 五、存在的主要问题及改进情况",
            "## 五、存在的问题",
        ),
        "narrative.unsafe-html" => e(
            R2022,
            "全年共收到政府信息公开申请4件，",
            "全年共收到政府信息公开申请4件<img src=x onerror=alert(1)>，",
        ),
        "narrative.table-mismatch" => e(
            R2022,
            "全年共收到政府信息公开申请4件，",
            "全年共收到政府信息公开申请5件，",
        ),
        "narrative.copied" => {
            let old = "二是依申请公开答复的规范化水平有待提高。";
            let passage = "针对上年度报告中指出的信息更新不及时、解读质量不高等问题，本局逐项制定整改措施：一是完善信息发布审核流程，明确各科室信息报送时限；二是开展政策解读质量提升行动，全年发布解读材料12篇；三是组织业务培训3次，工作人员的业务能力有所提升。";
            e(
                "content/reports/qingshan-minzheng/2021.md",
                old,
                &format!("{old}{passage}"),
            );
            e(
                R2022,
                old,
                &format!("{old}{}", passage.replace("12篇", "15篇")),
            );
        }
        other => panic!("no example for the rule {other}: add one to make_example"),
    }
}

/// The human output of the first finding of `rule` on the broken fixture. The year bound is
/// fixed (2026) so that the example does not change with the calendar.
fn example(rule: &str, language: gongkai::config::Language) -> String {
    let site = TempSite::fixture("site");
    make_example(rule, &site);
    let diags = gongkai::validate::check_all(&site.root, 2026).diagnostics;
    let found: Vec<_> = diags
        .into_iter()
        .filter(|d| d.rule == rule)
        .take(1)
        .collect();
    assert_eq!(found.len(), 1, "the example for {rule} does not produce it");
    let mut out = Vec::new();
    print::print_in(&mut out, &found, Format::Human, &site.root, true, language).unwrap();
    let text = String::from_utf8(out).unwrap();
    let root = std::fs::canonicalize(&site.root).unwrap();
    text.replace(&root.display().to_string(), "/srv/site")
        .trim_end()
        .to_string()
}

fn checks_markdown() -> String {
    let mut md = String::from(
        "# Checks\n\n\
<!-- Generated from gongkai::diagnostic::RULES by tests/generated.rs; do not edit by hand.\n     \
Regenerate with: GONGKAI_BLESS=1 cargo test --test generated -->\n\n\
`gongkai check` (and `gongkai build`, which runs it first) reads `site.toml`, the theme and every file \
under `content/`, runs every rule below and prints what it finds: everything `build` would refuse except \
rendering itself. Each finding names its rule, the file, the line and the column.\n\n\
Only regular files are read. A named pipe, a socket, a device, or a folder where a file is expected is \
refused (`file.special`), never waited on; a symbolic link is followed only to a regular file inside \
`content/` (for content) or inside the site folder (for templates, static files and themes), and a \
link leading out, a dangling link or a loop of links is refused with its path.\n\n\
* **error** — a mistake in the files. `gongkai check` exits with 1 and `build` writes nothing.\n\
* **warning** — the agency's own deviation, as published. Shown on the site as a data-quality flag.\n\
* **info** — a rule that could not be applied (a blank cell, an unknown date). Said, never counted; \
`--verbose` shows them in human output, JSON always carries them.\n\n\
Exit codes: 0 when no error remains, 1 when one does, 2 for a usage error (an unknown flag or format).\n\n\
## Agency error versus contributor error\n\n\
A rule marked *declarable* finds arithmetic that does not add up. In a report file this is an error — \
usually a typo — unless the report declares the finding under `as_published`, naming the rule, the cell \
the finding is reported at, the value published and the value the rule expects \
(see [report-format.md](report-format.md#as_published-declarations)). A declared finding is a warning. \
A declaration whose values no longer match what the report holds, or that matches no finding, is an \
error (`declaration.unmatched`): a second mistake in any cell the rule involves changes the published \
or the expected value, so a declaration cannot hide it.\n\n\
Blank is not 0. A rule that needs a blank cell is not applied to it, and `arithmetic.unchecked` says so.\n\n## Languages（语言）\n\nEvery rule has its title, explanation and source in Chinese and English, and every finding is a message id with named arguments, rendered in the reader's language: `gongkai check` follows the locale (`LANG=zh_CN.UTF-8` gives Chinese, anything else English) or `--lang zh|en`, `serve`'s overlay does the same, and the site is written in its `language`. Rule ids are the same in both. `--format json` keeps `message` and `hint` in English and adds `message_zh` and `hint_zh`.\n\n每条规则都有中英文的标题、说明和出处；每条检查结果都是“消息标识 + 参数”，按读者的语言显示：`gongkai check` 跟随区域设置（`LANG=zh_CN.UTF-8` 为中文，其他为英文），也可用 `--lang zh|en` 指定；`serve` 的错误提示层同样如此；网站按 `site.toml` 的 `language` 显示。两种语言的规则标识相同。\n",
    );
    for group in [
        RuleGroup::Structure,
        RuleGroup::Arithmetic,
        RuleGroup::Years,
        RuleGroup::Publication,
        RuleGroup::Narrative,
        RuleGroup::Site,
    ] {
        md.push_str(&format!("\n## {}（{}）\n", group.en(), group.zh()));
        for rule in RULES.iter().filter(|r| r.group == group) {
            let severity = match rule.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            md.push_str(&format!(
                "\n### `{}` — {}（{}）\n\n",
                rule.id, rule.title_en, rule.title_zh
            ));
            md.push_str(&format!(
                "* Severity: **{severity}**{}\n",
                if rule.declarable {
                    "; declarable under `as_published` (then a warning)"
                } else {
                    ""
                }
            ));
            md.push_str(&format!("* Source: {}\n", rule.source));
            md.push_str(&format!("* 出处：{}\n\n", rule.source_zh));
            md.push_str(&format!("{}\n\n", rule.description));
            md.push_str(&format!("{}\n\n", rule.description_zh));
            md.push_str(&format!(
                "```text\n{}\n```\n",
                example(rule.id, gongkai::config::Language::English)
            ));
            md.push_str(&format!(
                "\n`gongkai check --lang zh`（或在中文区域设置 `LANG=zh_CN.UTF-8` 下）：\n\n```text\n{}\n```\n",
                example(rule.id, gongkai::config::Language::Chinese)
            ));
        }
    }
    md
}

#[test]
fn committed_checks_doc_is_generated_from_the_rule_registry() {
    compare("docs/checks.md", &checks_markdown());
    assert!(Path::new(&repo().join("docs/checks.md")).exists());
}

// ---------------------------------------------------------------------------------------------
// docs/report-format.md is written by hand; these keep it honest.

fn report_format() -> String {
    std::fs::read_to_string(repo().join("docs/report-format.md")).unwrap()
}

/// The text of the first fenced block of a language after `after`.
fn fenced<'a>(doc: &'a str, after: &str, lang: &str) -> &'a str {
    let start = doc.find(after).unwrap();
    let open = format!("```{lang}\n");
    let body = start + doc[start..].find(&open).unwrap() + open.len();
    let end = body + doc[body..].find("\n```\n").unwrap();
    &doc[body..=end]
}

#[test]
fn the_report_format_doc_names_every_key_and_label_of_the_catalogue() {
    let doc = report_format();
    for t in gongkai::catalogue::Template::ALL {
        for cell in t.def().cells() {
            for text in [
                format!("`{}`", cell.row.key),
                format!("`{}`", cell.column.key),
                cell.row.zh.to_string(),
                cell.column.zh.to_string(),
            ] {
                assert!(
                    doc.contains(&text),
                    "docs/report-format.md does not mention {text}"
                );
            }
        }
    }
    for s in gongkai::catalogue::NarrativeSection::ALL {
        assert!(
            doc.contains(&format!("`## {}`", s.heading())),
            "{}",
            s.heading()
        );
    }
    for rule in RULES.iter().filter(|r| r.declarable) {
        assert!(doc.contains(&format!("`{}`", rule.id)), "{}", rule.id);
    }
}

#[test]
fn the_complete_examples_in_the_report_format_doc_pass_every_check() {
    let doc = report_format();
    let site = TempSite::empty("doc-example");
    site.write(
        "content/agencies/qingshan-minzheng.yaml",
        fenced(&doc, "## The agency file", "yaml"),
    );
    site.write(
        "content/agencies/qingshan.yaml",
        std::fs::read_to_string(repo().join("tests/fixtures/site/content/agencies/qingshan.yaml"))
            .unwrap(),
    );
    site.write(
        "content/reports/qingshan-minzheng/2021.md",
        fenced(&doc, "## The report file", "markdown"),
    );
    let (code, findings) = site.check();
    assert_eq!((code, findings), (0, vec![]));
}
