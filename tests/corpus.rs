//! The real corpus: every archived report of 平潭综合实验区 under `tests/fixtures/corpus/raw/`
//! (copied verbatim from `../shared/corpus/raw/`) against its committed report file in
//! `content/reports/`. Importing the text gives exactly the committed cells, or leaves a cell
//! blank and flagged where the committed file says how it was decided (from the page's HTML,
//! whose table fragments are under `tests/fixtures/corpus/html/`, or by a person, 「人工判定」).
//! A different number is a failure: a wrong number nobody flagged is the worst outcome.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use gongkai::import::{ImportOptions, Imported, evidence, import};
use gongkai::load::load_site;
use gongkai::model::{AgencyId, Number, Report};

fn corpus_dir() -> PathBuf {
    common::repo().join("tests/fixtures/corpus")
}

/// The raw files in name order, with the agency id and year their names give.
fn raw_files() -> Vec<(PathBuf, String, u16)> {
    let mut out: Vec<(PathBuf, String, u16)> = fs::read_dir(corpus_dir().join("raw"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().to_string();
            let (_, rest) = stem.split_once('_').unwrap();
            let (id, year) = rest.rsplit_once('-').unwrap();
            (p.clone(), id.to_string(), year.parse().unwrap())
        })
        .collect();
    out.sort();
    out
}

/// The HTML fragments kept for a raw file.
fn fragments(raw: &Path) -> Vec<String> {
    let stem = raw.file_stem().unwrap().to_string_lossy().to_string();
    let mut names: Vec<PathBuf> = fs::read_dir(corpus_dir().join("html"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().to_string();
            n == format!("{stem}.html") || n.starts_with(&format!("{stem}."))
        })
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| fs::read_to_string(p).unwrap())
        .collect()
}

/// Every raw file imported from its text, with the committed report it must match.
fn each_import(mut visit: impl FnMut(&Path, &str, u16, &mut Imported, &Report)) {
    let loaded = load_site(&common::repo());
    for (raw, id, year) in raw_files() {
        let text = fs::read_to_string(&raw).unwrap();
        let options = ImportOptions {
            agency: Some(id.clone()),
            year: None,
        };
        let mut imported = import(&text, &options).unwrap_or_else(|e| panic!("{raw:?}: {e}"));
        let agency = AgencyId::parse(&id).unwrap();
        let index = loaded
            .site
            .report_index(&agency, year)
            .unwrap_or_else(|| panic!("content/reports/{id}/{year}.md is missing"));
        visit(&raw, &id, year, &mut imported, &loaded.site.reports[index]);
    }
}

fn show(v: Option<Number>) -> String {
    v.map_or("~".to_string(), |n| n.to_string())
}

#[test]
fn every_raw_file_is_a_committed_report() {
    let loaded = load_site(&common::repo());
    let files = raw_files();
    assert_eq!(files.len(), 105, "the corpus has 105 reports");
    for (_, id, year) in &files {
        let agency = AgencyId::parse(id).unwrap();
        assert!(
            loaded.site.report_index(&agency, *year).is_some(),
            "content/reports/{id}/{year}.md is missing"
        );
    }
}

#[test]
fn importing_the_text_gives_the_committed_cells_or_a_flag() {
    let mut failures = Vec::new();
    let (mut cells, mut exact, mut flagged) = (0usize, 0usize, 0usize);
    each_import(|raw, id, year, imported, report| {
        assert_eq!(imported.year, year, "{raw:?}");
        assert_eq!(imported.template, report.template, "{raw:?}: template");
        let note = report.transcription_note.clone().unwrap_or_default();
        for (i, cell) in imported.template.def().cells().enumerate() {
            cells += 1;
            let got = &imported.draft.cells[i];
            let want = report.cells[i].value;
            if got.flag.is_some() {
                flagged += 1;
                // A flagged cell must have been decided, and the note must say how.
                let label = evidence::label_of(&cell);
                if !note.contains(&label) && !note.contains("人工判定") {
                    failures.push(format!(
                        "{id}/{year} {}: flagged by the importer, but the note does not say how it was decided",
                        cell.address()
                    ));
                }
            } else if got.value == want {
                exact += 1;
            } else {
                failures.push(format!(
                    "{id}/{year} {}: the importer reads {} but the report has {}",
                    cell.address(),
                    show(got.value),
                    show(want)
                ));
            }
        }
    });
    println!("corpus: {cells} cells, {exact} read exactly from the text, {flagged} flagged");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn text_and_html_together_give_the_committed_cells() {
    let mut failures = Vec::new();
    each_import(|raw, id, year, imported, report| {
        for html in fragments(raw) {
            let decided = evidence::apply(imported, &html);
            // The page's cells never contradict what the text read.
            for (address, t, h) in decided.disagreements {
                failures.push(format!("{id}/{year} {address}: text {t}, HTML {h}"));
            }
        }
        let note = report.transcription_note.clone().unwrap_or_default();
        for (i, cell) in imported.template.def().cells().enumerate() {
            let got = &imported.draft.cells[i];
            let want = report.cells[i].value;
            if got.flag.is_some() {
                if !note.contains("人工判定") {
                    failures.push(format!(
                        "{id}/{year} {}: still flagged after the HTML, and no person's decision is noted",
                        cell.address()
                    ));
                }
            } else if got.value != want {
                failures.push(format!(
                    "{id}/{year} {}: text and HTML give {} but the report has {}",
                    cell.address(),
                    show(got.value),
                    show(want)
                ));
            }
        }
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_real_content_checks_without_errors() {
    let out = std::process::Command::new(common::BIN)
        .args(["check", "--root"])
        .arg(common::repo())
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0), "{all}");
    assert!(
        all.contains("110 reports") && all.contains("0 errors"),
        "{all}"
    );
}

#[test]
fn the_real_content_builds_with_series_regions_and_former_names() {
    let site = common::TempSite::real_content();
    site.make_buildable();
    let public = common::build_into(&site.root, &site.path("public"));
    let read =
        |rel: &str| fs::read_to_string(public.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    // A renamed agency is one agency: its page lists every year under the name of that
    // year's report, and its former name.
    let gyz = read("agencies/pingtan-gyz/index.html");
    assert!(gyz.contains("平潭综合实验区投资促进局"), "current name");
    assert!(gyz.contains("曾用名"), "former names are labelled");
    assert!(
        gyz.contains("平潭综合实验区国有资产管理局2019年"),
        "an old report's title"
    );
    for year in 2019..=2025 {
        assert!(
            public
                .join(format!("reports/pingtan-gyz/{year}/index.html"))
                .is_file(),
            "{year}"
        );
    }
    // The region page compares the fifteen agencies of 平潭综合实验区.
    let region = read("regions/福建省/平潭综合实验区/index.html");
    let agencies = region.matches("/agencies/pingtan-").count();
    assert!(agencies >= 15, "{agencies} agency links on the region page");
    // A report page records where it came from.
    let report = read("reports/pingtan-czj/2023/index.html");
    assert!(report.contains("https://www.pingtan.gov.cn/"), "source_url");
    assert!(
        report.contains("changwu/pingtan-gov-zwgk-archive"),
        "archive"
    );
}
