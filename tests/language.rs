//! Each site speaks its language: a zh-CN page holds no English prose, an `en` page no
//! untranslated Chinese prose of ours; `gongkai check` follows the contributor's locale.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{BIN, TempSite, build_into};

/// The visible text of a page, with what may be English taken out: `<code>`, `<pre>`,
/// `<script>`, `<style>`, `<svg>`, `<title>` and the language switch (`lang="en"` or
/// `hreflang` elements) are dropped, and so are attributes (URLs live there).
fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    let skipped = ["code", "pre", "script", "style", "svg", "title"];
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let tag_end = rest[lt..].find('>').map_or(rest.len(), |e| lt + e + 1);
        let tag = &rest[lt..tag_end];
        let name = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        // A block ends a run of words; an inline element does not.
        let inline = ["a", "em", "strong", "span", "abbr", "small", "b", "i"];
        text.push(if inline.contains(&name.as_str()) {
            ' '
        } else {
            '\n'
        });
        rest = &rest[tag_end..];
        // The language switch, and a report's sections: the agency's own text as published
        // (Word residue such as `Times New Roman` included) and the template's official labels.
        let english_switch = tag.contains("lang=\"en\"")
            || tag.contains("hreflang")
            || tag.contains("class=\"report-section\"");
        if (skipped.contains(&name.as_str()) || english_switch) && !tag.ends_with("/>") {
            let close = format!("</{name}");
            if let Some(end) = rest.find(&close) {
                rest = &rest[end..];
                let after = rest.find('>').map_or(rest.len(), |e| e + 1);
                rest = &rest[after..];
            }
        }
    }
    text.push_str(rest);
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
}

/// Runs of three or more ASCII words in a row (`a cell it`). URLs, paths, file names and rule
/// ids (`requests.row-total`) are not words: words are letters only.
fn english_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let breaks = |c: char| !c.is_ascii() || "()[]{}:;,.!?\"|\n".contains(c);
    for piece in text.split(breaks) {
        let mut run: Vec<&str> = Vec::new();
        for word in piece.split_whitespace().chain(std::iter::once("")) {
            let is_word =
                word.len() > 1 && word.chars().all(|c| c.is_ascii_alphabetic() || c == '\'');
            if is_word || word == "a" {
                run.push(word);
            } else {
                if run.len() >= 3 {
                    runs.push(run.join(" "));
                }
                run.clear();
            }
        }
    }
    runs
}

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            html_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

fn built_seeds(language: &str, name: &str) -> (TempSite, PathBuf) {
    let site = TempSite::seeds();
    site.make_buildable();
    let toml = fs::read_to_string(site.path("site.toml")).unwrap();
    let toml: String = toml
        .lines()
        .map(|l| {
            if l.starts_with("language") {
                format!("language = \"{language}\"\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    fs::write(site.path("site.toml"), toml).unwrap();
    let out = std::env::temp_dir().join(format!("gongkai-lang-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&out);
    build_into(&site.root, &out);
    (site, out)
}

#[test]
fn the_scanner_finds_english_prose_and_leaves_code_alone() {
    let page = r#"<p>数据 <code>requests.row-total could not be</code> 说明 <a href="https://example.org/a/b">链接</a> 格式 2021 PDF CSV</p><p>a cell it needs is blank</p>"#;
    assert_eq!(
        english_runs(&visible_text(page)),
        ["a cell it needs is blank"]
    );
    assert!(english_runs("「申请人合计不符」（requests.row-total）在 25 处").is_empty());
}

#[test]
fn zh_cn_pages_hold_no_english_prose() {
    let (_site, out) = built_seeds("zh-CN", "zh");
    let mut pages = Vec::new();
    html_files(&out, &mut pages);
    pages.sort();
    assert!(pages.len() > 10);
    let mut found = Vec::new();
    for page in &pages {
        // Not done yet: content/about.md holds every paragraph in both languages; it is to be
        // split by language (issue 12).
        if page.strip_prefix(&out).unwrap() == Path::new("about/index.html") {
            continue;
        }
        let html = fs::read_to_string(page).unwrap();
        for run in english_runs(&visible_text(&html)) {
            found.push(format!(
                "{}: {run}",
                page.strip_prefix(&out).unwrap().display()
            ));
        }
    }
    let _ = fs::remove_dir_all(&out);
    assert!(
        found.is_empty(),
        "English prose on the zh-CN site:\n{}",
        found.join("\n")
    );
}

/// On the `en` site the rule explanations, sources, findings, derived measures and page
/// furniture are English; official labels (「…」, 《…》, notice numbers, the template's rows
/// and columns) stay Chinese beside them, and so does what the agencies wrote.
#[test]
fn the_en_site_translates_what_is_ours() {
    let (_site, out) = built_seeds("en", "en");
    let quality = fs::read_to_string(out.join("quality/index.html")).unwrap();
    for english in [
        "For every row of section 三",
        "Article 50 of 《中华人民共和国政府信息公开条例》",
        "could not be checked in",
    ] {
        assert!(quality.contains(english), "{english}");
    }
    for chinese in ["第三部分的每一行", "无法核对：", "FORMAT", "出处"] {
        assert!(
            !quality.contains(chinese),
            "{chinese} on the en quality page"
        );
    }
    let mut pages = Vec::new();
    html_files(&out.join("agencies"), &mut pages);
    html_files(&out.join("reports"), &mut pages);
    html_files(&out.join("agency"), &mut pages);
    html_files(&out.join("report"), &mut pages);
    assert!(!pages.is_empty());
    for page in &pages {
        let text = visible_text(&fs::read_to_string(page).unwrap());
        for measure in ["公开率", "不予公开率", "无法提供率"] {
            assert!(
                !text.contains(&format!(" {measure} ")),
                "{}: {measure}",
                page.display()
            );
        }
        assert!(!text.contains(" 1 days"), "{}", page.display());
    }
    let _ = fs::remove_dir_all(&out);
}

fn check_in(site: &TempSite, env_lang: Option<&str>, flag: Option<&str>) -> String {
    let mut cmd = Command::new(BIN);
    cmd.arg("check").arg("--root").arg(&site.root).arg("-v");
    if let Some(f) = flag {
        cmd.args(["--lang", f]);
    }
    for var in ["LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"] {
        cmd.env_remove(var);
    }
    if let Some(l) = env_lang {
        cmd.env("LANG", l);
    }
    let run = cmd.output().unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    )
}

#[test]
fn check_speaks_chinese_under_a_chinese_locale() {
    let site = TempSite::seeds();
    let report = site.path("content/reports/urumqi-minzheng/2022.md");
    let text: String = fs::read_to_string(&report)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("published:"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(&report, text).unwrap();
    let zh = check_in(&site, Some("zh_CN.UTF-8"), None);
    assert!(zh.contains("报告没有注明发布日期"), "{zh}");
    assert!(zh.contains("publication.date-unknown"), "{zh}");
    assert!(!zh.contains("does not state"), "{zh}");
    let en = check_in(&site, Some("en_US.UTF-8"), None);
    assert!(
        en.contains("the report does not state when it was published"),
        "{en}"
    );
    let none = check_in(&site, None, None);
    assert!(none.contains("does not state"), "{none}");
    let flagged = check_in(&site, Some("en_US.UTF-8"), Some("zh"));
    assert!(flagged.contains("报告没有注明发布日期"), "{flagged}");
    let flagged = check_in(&site, Some("zh_CN.UTF-8"), Some("en"));
    assert!(flagged.contains("does not state"), "{flagged}");
}

/// Every `msg!("id", …)` in the source names a message of the catalogue, so no finding
/// renders as its bare id.
#[test]
fn every_message_id_used_is_in_the_catalogue() {
    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    sources(&common::repo().join("src"), &mut files);
    let mut used = 0;
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        for (at, _) in text.match_indices("msg!(") {
            let rest = text[at + 5..].trim_start();
            let Some(rest) = rest.strip_prefix('"') else {
                continue; // the macro's own definition
            };
            let id = &rest[..rest.find('"').unwrap()];
            used += 1;
            assert!(
                gongkai::diagnostic::message::exists(id),
                "{}: msg!(\"{id}\") is not in the catalogue",
                file.display()
            );
        }
    }
    assert!(used > 30, "{used}");
}
