//! `gongkai build` end to end: the real binary on fixture sites, with assertions on the HTML.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{BIN, TempSite, build_into, copy_dir, repo};

/// A temporary site: the given content plus the repository's theme and site.toml.
fn site_with(content_from: &Path) -> TempSite {
    let site = TempSite::empty("build");
    copy_dir(content_from, &site.root.join("content"));
    site.make_buildable();
    site
}

fn seeds() -> TempSite {
    let site = TempSite::seeds();
    site.make_buildable();
    site
}

fn fixture() -> TempSite {
    let site = site_with(&repo().join("tests/fixtures/site/content"));
    // The fixture has no about page; the build must not need one, but give it one.
    site.write("content/about.md", "# 关于\n\n测试站点。\n");
    site
}

fn build(site: &TempSite, extra: &[&str]) -> Output {
    Command::new(BIN)
        .arg("build")
        .arg("--root")
        .arg(&site.root)
        .args(extra)
        .output()
        .unwrap()
}

fn page(site: &TempSite, rel: &str) -> String {
    fs::read_to_string(site.root.join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The text of each `<td>` of the table row whose header cell reads `label`.
fn row_cells(html: &str, label: &str) -> Vec<String> {
    let needle = format!(">{label}</th>");
    let at = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no row {label}"));
    let start = html[..at].rfind("<tr").unwrap();
    let end = at + html[at..].find("</tr>").unwrap();
    let row = &html[start..end];
    row.split("<td")
        .skip(1)
        .map(|cell| {
            let text_start = cell.find('>').unwrap() + 1;
            let text = &cell[text_start..];
            text[..text.find('<').unwrap_or(text.len())].to_string()
        })
        .collect()
}

/// The raw `<td …>…</td>` markup of each cell of a row.
fn row_markup(html: &str, label: &str) -> Vec<String> {
    let needle = format!(">{label}</th>");
    let at = html
        .find(&needle)
        .unwrap_or_else(|| panic!("no row {label}"));
    let start = html[..at].rfind("<tr").unwrap();
    let end = at + html[at..].find("</tr>").unwrap();
    html[start..end]
        .split("<td")
        .skip(1)
        .map(|c| format!("<td{}", c.split("</td>").next().unwrap()))
        .collect()
}

fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_seed_site_builds_every_page_type() {
    let site = seeds();
    let out = build(&site, &["--base-url", "https://gongkai.example.org/"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for rel in [
        "index.html",
        "quality/index.html",
        "about/index.html",
        "search/index.html",
        "regions/index.html",
        "regions/新疆维吾尔自治区/index.html",
        "regions/新疆维吾尔自治区/哈密市/伊州区/index.html",
        "years/2019/index.html",
        "years/2025/index.html",
        "404.html",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        "static/style.css",
        "static/app.js",
        "static/favicon.svg",
        "data/reports/urumqi-minzheng/2022.csv",
        "data/agencies/urumqi-minzheng.csv",
    ] {
        assert!(site.root.join("public").join(rel).is_file(), "{rel}");
    }
    for (agency, year) in [
        ("hami-yizhou-minzheng", 2025),
        ("hotan-minzheng", 2023),
        ("urumqi-minzheng", 2022),
        ("hami-yizhou-tianshan", 2024),
        ("hohhot-saihan-minzheng", 2019),
    ] {
        assert!(
            site.root
                .join(format!("public/agencies/{agency}/index.html"))
                .is_file()
        );
        assert!(
            site.root
                .join(format!("public/reports/{agency}/{year}/index.html"))
                .is_file()
        );
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    // 29 page kinds of the portal plus the open-data index (data/index.html).
    assert!(stderr.contains("built 30 pages"), "{stderr}");
    let feed = page(&site, "atom.xml");
    assert!(feed.contains("乌鲁木齐市民政局2022年度政府信息公开工作年度报告"));
    assert!(
        feed.contains("<updated>2026-01-29T00:00:00Z</updated>"),
        "the feed's date is the newest report's"
    );
}

#[test]
fn report_tables_have_the_template_labels_and_the_published_numbers() {
    let site = seeds();
    assert!(build(&site, &[]).status.success());
    let html = page(&site, "reports/urumqi-minzheng/2022/index.html");
    for label in [
        "第二十条第（一）项",
        "本年制发件数",
        "（一）予以公开",
        "（三）不予公开",
        "三、本年度办理结果",
        "申请人情况",
        "法人或其他组织",
        "未经复议直接起诉",
        "复议后起诉",
    ] {
        assert!(html.contains(label), "{label}");
    }
    assert_eq!(
        row_cells(&html, "8.属于行政查询事项"),
        ["5", "0", "0", "0", "0", "0", "5"]
    );
    assert_eq!(
        row_cells(&html, "一、本年新收政府信息公开申请数量"),
        ["5", "0", "0", "0", "0", "0", "5"]
    );
    assert_eq!(row_cells(&html, "行政许可"), ["66"]);
    assert_eq!(row_cells(&html, "行政规范性文件"), ["1", "0", "27"]);
    // Every cell says where it came from.
    assert!(html.contains("<code>content/reports/urumqi-minzheng/2022.md</code>"));
    assert!(
        html.contains(" title=\"26:32\">5<"),
        "the cell says its line and column"
    );
    // The 2021 fee in 万元 keeps its published digits.
    let hami = page(&site, "reports/hami-yizhou-minzheng/2025/index.html");
    assert_eq!(row_cells(&hami, "行政事业性收费"), ["235.9455"]);
}

#[test]
fn blank_cells_stay_blank_and_zero_stays_zero() {
    let site = seeds();
    assert!(build(&site, &[]).status.success());
    let html = page(&site, "reports/hami-yizhou-minzheng/2025/index.html");
    let cells = row_markup(&html, "一、本年新收政府信息公开申请数量");
    assert_eq!(cells.len(), 7);
    for cell in &cells[..6] {
        assert!(cell.ends_with(">0"), "{cell}");
    }
    assert!(cells[6].contains("class=\"num blank\""), "{}", cells[6]);
    assert!(
        cells[6].ends_with('>'),
        "a blank cell shows nothing: {}",
        cells[6]
    );
    // Derived measures of a blank total are "—", never 0 %.
    assert!(
        html.contains("<dt>公开率</dt><dd>—</dd>"),
        "share of a blank total"
    );
    // Merged rows of the 2019 report span the seven columns with their one number.
    let saihan = page(&site, "reports/hohhot-saihan-minzheng/2019/index.html");
    let merged = row_markup(&saihan, "（七）总计");
    assert_eq!(merged.len(), 1);
    assert!(merged[0].contains("colspan=\"7\""), "{}", merged[0]);
}

#[test]
fn flags_sit_next_to_the_cells_they_concern() {
    let site = seeds();
    assert!(build(&site, &[]).status.success());
    let html = page(&site, "reports/hotan-minzheng/2023/index.html");
    let cells = row_markup(&html, "行政规范性文件");
    assert!(
        cells[0].contains("flagged") && cells[0].contains("href=\"#flag-1\""),
        "{}",
        cells[0]
    );
    assert!(!cells[1].contains("flagged"));
    let flag = &html[html.find("id=\"flag-1\"").unwrap()..];
    assert!(flag[..flag.find("</li>").unwrap()].contains("narrative.table-mismatch"));
    // The data-quality page lists it under its rule, with the agency.
    let quality = page(&site, "quality/index.html");
    let section = &quality[quality
        .find("id=\"rule-narrative-table-mismatch\"")
        .unwrap()..];
    assert!(section[..section.find("</section>").unwrap()].contains("和田地区民政局"));
}

#[test]
fn a_declared_arithmetic_inconsistency_is_flagged_at_its_cell() {
    let site = fixture();
    let rel = "content/reports/qingshan-minzheng/2022.md";
    site.edit(
        rel,
        "handled_total:              [4, 0, 0, 0, 0, 0, 4]",
        "handled_total:              [4, 0, 0, 0, 0, 0, 5]",
    );
    // Undeclared, it is a contributor's typo: the build refuses and writes nothing.
    let out = build(&site, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!site.root.join("public").exists());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("requests.row-total"), "{stderr}");
    site.edit(
        rel,
        "review:\n",
        "as_published:\n  - rule: requests.row-total\n    cell: requests.handled_total.total\n    published: 5\n    expected: 4\n    note: 原文如此\n  - rule: requests.balance\n    cell: requests.carried_forward.total\n    published: 0\n    expected: -1\n    note: 原文如此\n  - rule: requests.outcome-total\n    cell: requests.handled_total.total\n    published: 5\n    expected: 4\n    note: 原文如此\nreview:\n",
    );
    let out = build(&site, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = page(&site, "reports/qingshan-minzheng/2022/index.html");
    let cells = row_markup(&html, "（七）总计");
    assert!(cells[6].contains("flagged"), "{}", cells[6]);
    assert!(!cells[0].contains("flagged"));
    assert!(html.contains("原文如此"));
}

#[test]
fn hostile_narrative_html_is_escaped_and_dangerous_html_refused() {
    let site = fixture();
    let rel = "content/reports/qingshan-minzheng/2022.md";
    let text = site.read(rel);
    let hostile = format!(
        "{text}\n<span style=\"x\">段落</span> [点我](javascript:alert(1)) [官网](https://www.gov.cn)\n"
    );
    site.write(rel, &hostile);
    site.edit(
        rel,
        "title: 青山县民政局2022年政府信息公开工作年度报告",
        "title: \"<b>青山县</b>2022\"",
    );
    let out = build(&site, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = page(&site, "reports/qingshan-minzheng/2022/index.html");
    assert!(
        html.contains("&lt;span style=\"x\"&gt;段落&lt;/span&gt;"),
        "raw HTML shown as text"
    );
    assert!(!html.contains("<span style"));
    assert!(!html.contains("javascript:"));
    assert!(html.contains("href=\"https://www.gov.cn\""));
    assert!(html.contains("&lt;b&gt;青山县&lt;"), "titles are escaped");
    // A script is a check error: the build stops and writes nothing.
    site.write(rel, format!("{hostile}\n<script>alert(1)</script>\n"));
    let out = build(&site, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("narrative.unsafe-html"));
}

#[test]
fn a_failing_build_leaves_the_previous_output_untouched() {
    let site = seeds();
    assert!(build(&site, &[]).status.success());
    let before = tree(&site.root.join("public"));
    let rel = "content/reports/urumqi-minzheng/2022.md";
    let text = site.read(rel);
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("received:"))
        .unwrap()
        .to_string();
    site.edit(rel, &line, &line.replacen("[5,", "[6,", 1));
    let out = build(&site, &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(tree(&site.root.join("public")), before);
    // A template error also fails before anything is replaced.
    let site2 = seeds();
    assert!(build(&site2, &[]).status.success());
    let before = tree(&site2.root.join("public"));
    site2.write(
        "templates/report.html",
        "{% extends \"base.html\" %}{% block main %}{{ nothing.here }}{% endblock main %}",
    );
    let out = build(&site2, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("report.html"));
    assert_eq!(tree(&site2.root.join("public")), before);
    // No staging folder is left behind.
    let leftovers: Vec<_> = fs::read_dir(&site2.root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("gongkai-new"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn builds_are_byte_identical() {
    let site = seeds();
    assert!(build(&site, &["--output", "out-a"]).status.success());
    assert!(build(&site, &["--output", "out-b"]).status.success());
    let a = tree(&std::env::current_dir().unwrap().join("out-a"));
    let b = tree(&std::env::current_dir().unwrap().join("out-b"));
    let _ = fs::remove_dir_all("out-a");
    let _ = fs::remove_dir_all("out-b");
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

#[test]
fn without_an_origin_the_sitemap_and_feed_are_left_out_and_the_build_says_so() {
    let site = seeds();
    // The repository's site.toml says base_url = "/".
    let out = build(&site, &[]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].contains("site.toml") && warnings[0].contains("--base-url"),
        "{stderr}"
    );
    let public = site.root.join("public");
    assert!(!public.join("sitemap.xml").exists());
    assert!(!public.join("atom.xml").exists());
    assert_eq!(page(&site, "robots.txt"), "User-agent: *\nAllow: /\n");
    for (rel, bytes) in tree(&public) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("example.invalid"), "{}", rel.display());
        assert!(!text.contains("atom.xml"), "{}", rel.display());
    }
    // The JSON-LD keeps its addresses as paths, which resolve against the page.
    assert!(
        page(&site, "reports/hotan-minzheng/2023/index.html")
            .contains("\"contentUrl\":\"/data/reports/hotan-minzheng/2023.csv\"")
    );

    // --base-url with an origin gives them back, with that origin, and no warning.
    let out = build(&site, &["--base-url", "https://gongkai.example.org/"]);
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("warning:"));
    assert!(page(&site, "sitemap.xml").contains("<loc>https://gongkai.example.org/about/</loc>"));
    assert!(page(&site, "atom.xml").contains("<id>https://gongkai.example.org/</id>"));
    assert!(page(&site, "robots.txt").contains("Sitemap: https://gongkai.example.org/sitemap.xml"));
    assert!(page(&site, "index.html").contains("atom.xml"));
}

#[test]
fn a_sub_path_base_url_prefixes_every_link() {
    let site = seeds();
    let out = build(&site, &["--base-url", "https://example.github.io/gongkai/"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = page(&site, "index.html");
    assert!(html.contains("href=\"/gongkai/static/style.css\""));
    assert!(html.contains("href=\"/gongkai/agencies/urumqi-minzheng/\""));
    assert!(!html.contains("href=\"/agencies/"));
    assert!(
        page(&site, "sitemap.xml")
            .contains("<loc>https://example.github.io/gongkai/reports/urumqi-minzheng/2022/</loc>")
    );
}

#[test]
fn broken_internal_links_fail_the_build() {
    let site = seeds();
    site.write("templates/404.html", "{% extends \"base.html\" %}{% block main %}<a href=\"{{ base }}nowhere/\">x</a>{% endblock main %}");
    let out = build(&site, &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("broken internal link") && stderr.contains("/nowhere/"),
        "{stderr}"
    );
    assert!(!site.root.join("public").exists());
}

#[test]
fn site_templates_override_the_theme_and_english_works() {
    let site = seeds();
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>自定义 404</h1>{% endblock main %}",
    );
    let toml = fs::read_to_string(site.root.join("site.toml"))
        .unwrap()
        .replace("language = \"zh-CN\"", "language = \"en\"");
    site.write("site.toml", toml);
    assert!(build(&site, &[]).status.success());
    assert!(page(&site, "404.html").contains("自定义 404"));
    let html = page(&site, "reports/urumqi-minzheng/2022/index.html");
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains(">Regions<"));
    assert!(
        html.contains("（一）予以公开"),
        "official labels stay in Chinese"
    );
}

#[test]
fn it_refuses_to_replace_a_folder_it_did_not_write() {
    let site = seeds();
    site.write("public/precious.txt", "mine");
    let out = build(&site, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not written by gongkai"));
    assert_eq!(site.read("public/precious.txt"), "mine");
}

#[test]
fn an_agency_with_four_years_gets_side_by_side_figures_and_charts() {
    let site = fixture();
    let out = build(&site, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = page(&site, "agencies/qingshan-minzheng/index.html");
    for year in ["2019", "2020", "2021", "2022"] {
        assert!(
            html.contains(&format!("<th scope=\"col\">{year}</th>")),
            "{year}"
        );
        assert!(html.contains(&format!("href=\"/reports/qingshan-minzheng/{year}/\"")));
    }
    assert_eq!(html.matches("<figure class=\"chart\">").count(), 5);
    assert!(html.matches("<svg").count() >= 5);
    assert!(!html.contains("NaN"));
    assert!(html.contains("application/ld+json"));
}

// ---------------------------------------------------------------------------------------------
// check and build agree: whatever build refuses before rendering, check refuses too.

/// Run the binary, failing the test if it has not finished within 60 s (a hang).
fn run_within_time(cmd: &mut Command) -> Output {
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("gongkai hung: {cmd:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

fn mkfifo(path: &Path) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    nix::unistd::mkfifo(path, nix::sys::stat::Mode::from_bits_truncate(0o644)).unwrap();
}

#[test]
fn check_and_build_give_the_same_verdict_on_broken_sites() {
    type Break = fn(&TempSite);
    let cases: &[(&str, Break)] = &[
        ("nothing broken", |_| {}),
        ("a pipe for a report", |s| {
            fs::remove_file(s.path("content/reports/qingshan/2022.md")).unwrap();
            mkfifo(&s.path("content/reports/qingshan/2022.md"));
        }),
        ("a folder named like a report", |s| {
            fs::create_dir_all(s.path("content/reports/qingshan/2023.md")).unwrap();
        }),
        ("a pipe for the about page", |s| {
            fs::remove_file(s.path("content/about.md")).unwrap();
            mkfifo(&s.path("content/about.md"));
        }),
        ("NUL in a report", |s| {
            let rel = "content/reports/qingshan/2022.md";
            s.write(rel, s.read(rel).replacen("title: ", "title: \0", 1));
        }),
        ("a typo in site.toml", |s| {
            s.write(
                "site.toml",
                s.read("site.toml").replacen("title", "titel", 1),
            );
        }),
        ("base_url not a path", |s| {
            s.write("site.toml", "title = \"t\"\nbase_url = \"example.org\"\n");
        }),
        ("a pipe for site.toml", |s| {
            fs::remove_file(s.path("site.toml")).unwrap();
            mkfifo(&s.path("site.toml"));
        }),
        ("no such theme", |s| {
            s.write("site.toml", "title = \"t\"\ntheme = \"nope\"\n");
        }),
        ("a template that does not parse", |s| {
            s.write("templates/index.html", "{% if %}");
        }),
        ("a template extending nothing", |s| {
            s.write("templates/index.html", "{% extends \"none.html\" %}");
        }),
        ("a template including nothing", |s| {
            s.write(
                "templates/index.html",
                "{% extends \"base.html\" %}{% block main %}{% include \"none.html\" %}{% endblock %}",
            );
        }),
        ("a control character in a template", |s| {
            s.write("themes/default/templates/404.html", "\u{7}");
        }),
        ("a pipe among the templates", |s| {
            mkfifo(&s.path("templates/pipe.html"));
        }),
        ("a pipe among the static files", |s| {
            mkfifo(&s.path("static/pipe.css"));
        }),
        ("a static file linked from outside", |s| {
            fs::create_dir_all(s.path("static")).unwrap();
            std::os::unix::fs::symlink("/etc/passwd", s.path("static/passwd")).unwrap();
        }),
    ];
    for (what, break_it) in cases {
        let site = fixture();
        break_it(&site);
        let check = run_within_time(
            Command::new(BIN)
                .args(["check", "--format", "json", "--root"])
                .arg(&site.root),
        );
        let out = site.path("public");
        let build = run_within_time(
            Command::new(BIN)
                .args(["build", "--root"])
                .arg(&site.root)
                .arg("--output")
                .arg(&out),
        );
        let check_code = check.status.code().unwrap();
        let build_code = build.status.code().unwrap();
        let stderr = String::from_utf8_lossy(&build.stderr);
        assert_eq!(
            check_code, build_code,
            "{what}: check and build differ:\n{stderr}"
        );
        let errors: Vec<String> = String::from_utf8_lossy(&check.stdout)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|v| v["severity"] == "error")
            .map(|v| v["rule"].as_str().unwrap().to_string())
            .collect();
        if *what == "nothing broken" {
            assert_eq!(check_code, 0, "{what}: {errors:?}");
            continue;
        }
        assert_eq!(check_code, 1, "{what}");
        assert!(!errors.is_empty(), "{what}");
        for rule in &errors {
            assert!(
                stderr.contains(&format!("error[{rule}]")),
                "{what}: build does not say {rule}:\n{stderr}"
            );
        }
        assert!(!out.exists(), "{what}: build wrote {}", out.display());
    }
}

#[test]
fn a_base_url_flag_is_held_to_the_rule_of_site_toml() {
    let site = fixture();
    let run = build(&site, &["--base-url", "javascript:alert(1)"]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("error[config.value]: --base-url `javascript:alert(1)` is neither an http(s) address nor a path starting with /"), "{stderr}");
    assert!(!site.path("public").exists());
}

// ---------------------------------------------------------------------------------------------
// Faults while writing: a full disk, and a build killed at any moment.

/// A small tmpfs mounted at a temporary folder, unmounted when dropped.
struct SmallDisk {
    dir: PathBuf,
}

impl SmallDisk {
    /// `None`, with the reason printed, where mounting is impossible (not root, no
    /// CAP_SYS_ADMIN in a container): the only case this test is skipped.
    fn mount(size: &str) -> Option<SmallDisk> {
        static MOUNTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = MOUNTS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("gongkai-tmpfs-{}-{n}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let run = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0755"),
                "tmpfs",
            ])
            .arg(&dir)
            .output();
        match run {
            Ok(out) if out.status.success() => Some(SmallDisk { dir }),
            Ok(out) => {
                eprintln!(
                    "skipped: cannot mount a tmpfs here ({}): the full-disk test needs root or CAP_SYS_ADMIN",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
                let _ = fs::remove_dir(&dir);
                None
            }
            Err(e) => {
                eprintln!("skipped: cannot run mount ({e}): the full-disk test needs it");
                let _ = fs::remove_dir(&dir);
                None
            }
        }
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
        let _ = fs::remove_dir(&self.dir);
    }
}

/// The folders beside `out` that a build left (staging folders, an old output).
fn leftovers(out: &Path) -> Vec<String> {
    let prefix = format!(
        ".{}.gongkai-new-",
        out.file_name().unwrap().to_string_lossy()
    );
    fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&prefix))
        .collect()
}

#[test]
fn a_full_disk_fails_the_build_and_leaves_the_previous_output_whole() {
    let Some(disk) = SmallDisk::mount("3m") else {
        return;
    };
    let out = disk.dir.join("public");
    // The fixture's site (about 1 MB) fits.
    let small = fixture();
    build_into(&small.root, &out);
    let before = tree(&out);
    // The seeds and a demo of 100 reports (about 13 MB) do not.
    let big = TempSite::empty("big");
    let demo = Command::new(BIN)
        .args(["demo", "--reports", "100", "--seed", "3", "--output"])
        .arg(&big.root)
        .output()
        .unwrap();
    assert!(demo.status.success());
    let run = run_within_time(
        Command::new(BIN)
            .args(["build", "--root"])
            .arg(&big.root)
            .arg("--output")
            .arg(&out),
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    let line = stderr.lines().last().unwrap_or("");
    assert!(
        line.starts_with(&format!("error: cannot write {}/", out.display()))
            && line.contains("No space left on device (os error 28)")
            && line.ends_with(&format!(
                "nothing was written ({} is as it was)",
                out.display()
            )),
        "{stderr}"
    );
    assert_eq!(
        leftovers(&out),
        Vec::<String>::new(),
        "the staging folder is removed"
    );
    assert!(tree(&out) == before, "the previous output is untouched");
    // Once there is room again, the same build works.
    drop(disk);
}

/// A build killed (SIGKILL) at any moment leaves the previous output whole; the next build
/// removes the staging folder the killed one left.
#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_output_whole() {
    // In memory when it can be (the disk of a shared CI machine makes this slow), on disk
    // otherwise: the guarantee is the same.
    let disk = SmallDisk::mount("1g");
    let fallback = TempSite::empty("killed");
    let root = match &disk {
        Some(d) => d.dir.join("site"),
        None => fallback.root.clone(),
    };
    let demo = Command::new(BIN)
        .args(["demo", "--reports", "1000", "--seed", "5", "--output"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(demo.status.success());
    let site = TempSite { root };
    let out = site.path("public");
    let started = std::time::Instant::now();
    build_into(&site.root, &out);
    let took = started.elapsed();
    let before = digest(&out);
    let mut left_behind = 0;
    for fraction in [0.05, 0.3, 0.6, 0.9] {
        let mut child = Command::new(BIN)
            .args(["build", "--root"])
            .arg(&site.root)
            .arg("--output")
            .arg(&out)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(took.mul_f64(fraction));
        let _ = child.kill();
        let status = child.wait().unwrap();
        assert!(
            digest(&out) == before,
            "killed at {fraction} of a build ({status}): the output changed"
        );
        left_behind = left_behind.max(leftovers(&out).len());
    }
    eprintln!("the killed builds left {left_behind} staging folders at most");
    // However the timing fell, there is one leftover for the next build to remove: that of a
    // process that no longer exists (no pid is this large).
    let stale = site.path(".public.gongkai-new-4000000000");
    fs::create_dir_all(stale.join("reports")).unwrap();
    fs::write(stale.join(".gongkai-output"), "").unwrap();
    build_into(&site.root, &out);
    assert_eq!(
        leftovers(&out),
        Vec::<String>::new(),
        "the next build cleans up"
    );
    assert!(digest(&out) == before, "builds are byte-identical");
    // Removed before the disk is unmounted.
    drop(site);
}

/// Each file of a folder with its length and a hash of its bytes (the folder of a
/// 1,000-report site is too large to hold twice).
fn digest(dir: &Path) -> BTreeMap<PathBuf, (usize, u64)> {
    use std::hash::{Hash, Hasher};
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = fs::read(e.path()).unwrap();
            let mut h = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut h);
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (rel, (bytes.len(), h.finish()))
        })
        .collect()
}

#[test]
fn agency_and_report_pages_compare_with_their_peers() {
    // The real corpus: 2025's prefecture-level departments of 平潭综合实验区 are ten (the
    // 管委会办公室 is a general office, the 片区管理局 are county-level). Their 本年新收 totals,
    // read from content/reports/pingtan-*/2025.md: 21 (jtj), 21 (scj), 6 (hzs), 4 (jjf),
    // 3 (shs), 2 (czj), 1 (zhz), 0 (gyz, lyy, nyn). 商务局 (hzs) is third of ten; the median
    // is (2 + 3) / 2; the two tied at 21 are both first.
    let out_dir = std::env::temp_dir().join(format!("gongkai-peers-{}", std::process::id()));
    let _ = fs::remove_dir_all(&out_dir);
    build_into(&repo(), &out_dir);
    let peers_of = |rel: &str| -> String {
        let html = fs::read_to_string(out_dir.join(rel)).unwrap();
        let at = html.find("<section class=\"peers\"").expect("a peer table");
        let end = at + html[at..].find("</section>").unwrap();
        html[at..end].to_string()
    };
    let hzs = peers_of("agencies/pingtan-hzs/index.html");
    assert!(hzs.contains("同级机关比较"), "{hzs}");
    assert!(
        hzs.contains("2025 · 地市级 · 政府部门 · 福建省 · 平潭综合实验区（共 10 家）"),
        "{hzs}"
    );
    let cells = row_cells(&hzs, "本年新收");
    assert_eq!(cells[0], "6");
    assert_eq!(cells[1], "2.5");
    assert_eq!(cells[3], "第 3 / 10");
    assert_eq!(cells[4], "0 家");
    let jtj = peers_of("reports/pingtan-jtj/2025/index.html");
    assert_eq!(row_cells(&jtj, "本年新收")[3], "第 1 / 10");
    let _ = fs::remove_dir_all(&out_dir);
}
