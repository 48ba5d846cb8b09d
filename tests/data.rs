//! The open data files of a built site and `gongkai export`: each file read back and compared
//! with what the loader and the derived measures say, blank against blank.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{BIN, TempSite, build_into, repo};
use gongkai::catalogue::SectionId;
use gongkai::derive::Measures;
use gongkai::export::MERGED_COLUMN_KEY;
use gongkai::load::{Site, load_site};
use gongkai::model::Number;
use gongkai::opendata::{self, MEASURE_COLUMNS};

/// A site folder ready to build: the content given, the repository's theme and site.toml.
fn buildable(site: &TempSite) {
    site.make_buildable();
}

/// Build a site into `<root>/public` and return that folder.
fn build(site: &TempSite) -> PathBuf {
    build_into(&site.root, &site.path("public"))
}

fn seeds() -> TempSite {
    let site = TempSite::seeds();
    buildable(&site);
    site
}

/// The fixture with an agency of four years, plus an agency whose name needs CSV quoting.
fn multi_year() -> TempSite {
    let site = TempSite::fixture("site");
    buildable(&site);
    let rel = "content/agencies/qingshan.yaml";
    let text = site.read(rel);
    let name_line = text.lines().find(|l| l.starts_with("name:")).unwrap();
    site.edit(rel, name_line, "name: '青山区人民政府,\"测试\"'");
    site
}

/// A CSV file of the site: its BOM checked and removed, then header and records.
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "{} starts with a UTF-8 BOM for Excel",
        path.display()
    );
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn number(field: &str) -> Option<Number> {
    (!field.is_empty()).then(|| Number::parse(field).unwrap_or_else(|_| panic!("{field:?}")))
}

/// Every tidy row of the site's cells.csv matches the loaded report cell; blank stays blank.
/// Returns the number of blank cells seen.
fn check_cells(out: &Path, site: &Site) -> usize {
    let (header, rows) = read_csv(&out.join("data/cells.csv"));
    assert_eq!(header, gongkai::export::TIDY_HEADER);
    let expected: usize = site
        .reports
        .iter()
        .map(|r| r.cells.len() + r.merged.len())
        .sum();
    assert_eq!(rows.len(), expected, "one row per cell and merged cell");
    let mut blanks = 0;
    for row in &rows {
        let report = site
            .reports
            .iter()
            .find(|r| r.agency.as_str() == row[0] && r.year.to_string() == row[1])
            .unwrap_or_else(|| panic!("no report for {row:?}"));
        assert_eq!(row[2], report.template.code().to_string());
        let section = SectionId::from_key(&row[3]).unwrap();
        let published = if row[6] == MERGED_COLUMN_KEY {
            report.merged_cell(&row[4]).unwrap().value
        } else {
            report
                .cell(section, &row[4], &row[6])
                .unwrap_or_else(|| panic!("no cell {row:?}"))
                .value
        };
        assert_eq!(number(&row[8]), published, "{row:?}");
        blanks += usize::from(published.is_none());
    }
    // Each report's slice holds exactly its own rows of cells.csv.
    for report in &site.reports {
        let own: Vec<&Vec<String>> = rows
            .iter()
            .filter(|r| r[0] == report.agency.as_str() && r[1] == report.year.to_string())
            .collect();
        let (_, slice) = read_csv(&out.join(format!(
            "data/reports/{}/{}.csv",
            report.agency, report.year
        )));
        assert_eq!(slice.iter().collect::<Vec<_>>(), own);
        let json: serde_json::Value = serde_json::from_slice(
            &std::fs::read(out.join(format!(
                "data/reports/{}/{}.json",
                report.agency, report.year
            )))
            .unwrap(),
        )
        .unwrap();
        // The JSON slice is the report's own line of reports.json: its tables keyed
        // section → row → column hold exactly the cells of its CSV slice.
        assert_eq!(json["agency_id"], report.agency.as_str());
        assert_eq!(json["year"], report.year);
        let tables = json["tables"].as_object().unwrap();
        let count: usize = tables
            .values()
            .flat_map(|rows| rows.as_object().unwrap().values())
            .map(|cols| cols.as_object().unwrap().len())
            .sum();
        assert_eq!(count, own.len());
        for c in &own {
            let v = &json["tables"][c[3].as_str()][c[4].as_str()][c[6].as_str()];
            match number(&c[8]) {
                None => assert!(v.is_null(), "blank is null: {c:?} {v}"),
                // JSON numbers carry the value, not the trailing zeros of 125000.50.
                Some(n) => assert_eq!(v.as_f64(), Some(n.as_f64()), "{c:?}"),
            }
        }
    }
    blanks
}

/// measures.csv: one row per report, each measure as `derive::Measures` computes it.
fn check_measures(out: &Path, site: &Site) {
    let (header, rows) = read_csv(&out.join("data/measures.csv"));
    let table = opendata::measures_table();
    assert_eq!(
        header,
        table.fields.iter().map(|f| f.name).collect::<Vec<_>>()
    );
    assert_eq!(
        &header[..12],
        [
            "agency_id",
            "agency_name",
            "province",
            "prefecture",
            "county",
            "level",
            "kind",
            "year",
            "template",
            "published",
            "deadline",
            "days_after_deadline"
        ]
    );
    assert_eq!(rows.len(), site.reports.len());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (report, row) in site.reports.iter().zip(&rows) {
        let agency = &site.agencies[&report.agency];
        let m = Measures::of(report, Some(agency.kind), Some(agency.level));
        assert_eq!(row[col("agency_id")], report.agency.as_str());
        assert_eq!(row[col("agency_name")], agency.name);
        assert_eq!(row[col("year")], report.year.to_string());
        let int = |name: &str| -> Option<i64> {
            let f = &row[col(name)];
            (!f.is_empty()).then(|| f.parse().unwrap())
        };
        let float = |name: &str| -> Option<f64> {
            let f = &row[col(name)];
            (!f.is_empty()).then(|| f.parse().unwrap())
        };
        assert_eq!(int("received"), m.received);
        assert_eq!(int("handled"), m.handled);
        assert_eq!(int("cases"), m.cases);
        assert_eq!(int("days_after_deadline"), m.days_after_deadline);
        assert_eq!(float("share_granted"), m.share_granted);
        assert_eq!(float("share_refused"), m.share_refused);
        assert_eq!(float("share_corrected"), m.share_corrected);
        assert_eq!(
            row[col("fees_wan_yuan")],
            m.fees_wan_yuan.map(|f| f.to_string()).unwrap_or_default()
        );
        for share in ["share_granted", "share_refused", "share_unavailable"] {
            if let Some(v) = float(share) {
                assert!((0.0..=1.0).contains(&v), "{share} = {v} is a decimal 0–1");
            }
        }
        for c in MEASURE_COLUMNS {
            assert_eq!(
                row[col(c.field.name)],
                (c.get)(&m).csv(),
                "{}",
                c.field.name
            );
        }
    }
    // Each agency's own file holds exactly its rows of measures.csv (an agency without a
    // report, only the header).
    for id in site.agencies.keys() {
        let own: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == id.as_str()).collect();
        let (slice_header, slice) = read_csv(&out.join(format!("data/agencies/{id}.csv")));
        assert_eq!(slice_header, header, "{id}");
        assert_eq!(slice.iter().collect::<Vec<_>>(), own, "{id}");
    }
}

/// reports.json: every report, its tables keyed section → row → column, blank = null.
fn check_reports_json(out: &Path, site: &Site) {
    let text = std::fs::read_to_string(out.join("data/reports.json")).unwrap();
    let all: serde_json::Value = serde_json::from_str(&text).unwrap();
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), site.reports.len());
    for (j, report) in all.iter().zip(&site.reports) {
        assert_eq!(j["agency_id"], report.agency.as_str());
        assert_eq!(j["year"], report.year);
        assert!(j["findings"].is_array());
        for cell in report.def().cells() {
            let v = &j["tables"][cell.section.key()][cell.row.key][cell.column.key];
            match report.value(cell.section, cell.row.key, cell.column.key) {
                None => assert!(v.is_null(), "{v}"),
                Some(n) => assert_eq!(v.as_f64(), Some(n.as_f64())),
            }
        }
    }
}

/// datapackage.json: parses, names every CSV with its header as fields, and (when the tool is
/// there, always under scripts/test) passes the Frictionless reference validator.
fn check_datapackage(out: &Path) {
    let text = std::fs::read_to_string(out.join("data/datapackage.json")).unwrap();
    let package: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(package["version"], opendata::DATA_VERSION);
    assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
    assert!(package["sources"].as_array().is_some_and(|s| !s.is_empty()));
    let resources = package["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 3);
    for r in resources {
        let path = out.join("data").join(r["path"].as_str().unwrap());
        let (header, _) = read_csv(&path);
        let fields: Vec<&str> = r["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(header, fields);
        for f in r["schema"]["fields"].as_array().unwrap() {
            let d = f["description"].as_str().unwrap();
            assert!(
                d.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{d}"
            );
            assert!(d.chars().any(|c| c.is_ascii_alphabetic()), "{d}");
        }
    }
    frictionless_validate(&out.join("data/datapackage.json"));
}

fn frictionless_validate(package: &Path) {
    let required = std::env::var_os("GONGKAI_BROWSER_TESTS").is_some();
    let found = Command::new("frictionless").arg("--version").output();
    if found.is_err() {
        assert!(
            !required,
            "GONGKAI_BROWSER_TESTS is set but `frictionless` is not on PATH (scripts/test installs it)"
        );
        println!(
            "skipped: frictionless validate (the tool is not on PATH; scripts/test installs it)"
        );
        return;
    }
    let run = Command::new("frictionless")
        .arg("validate")
        .arg(package)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "frictionless validate failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Returns the number of blank cells.
fn check_site_data(site: &TempSite) -> usize {
    let out = build(site);
    let loaded = load_site(&site.root).site;
    let blanks = check_cells(&out, &loaded);
    check_measures(&out, &loaded);
    check_reports_json(&out, &loaded);
    check_datapackage(&out);
    blanks
}

#[test]
fn seed_site_data_reads_back_as_the_reports() {
    let blanks = check_site_data(&seeds());
    assert!(
        blanks > 0,
        "the seeds have blank cells, which must stay blank"
    );
}

#[test]
fn multi_year_site_data_reads_back_as_the_reports() {
    let site = multi_year();
    let _ = check_site_data(&site);
    let (_, rows) = read_csv(&site.path("public/data/agencies.csv"));
    let qingshan = rows.iter().find(|r| r[0] == "qingshan").unwrap();
    assert_eq!(
        qingshan[1], "青山区人民政府,\"测试\"",
        "quoted, read back whole"
    );
    let (header, rows) = read_csv(&site.path("public/data/agencies.csv"));
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let four = rows.iter().find(|r| r[0] == "qingshan-minzheng").unwrap();
    assert_eq!(four[col("report_count")], "4");
    assert_eq!(four[col("first_year")], "2019");
}

#[test]
fn data_files_are_byte_identical_across_builds() {
    let site = seeds();
    let first = build(&site);
    let snapshot = |dir: &Path| -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(dir).unwrap().display().to_string(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    };
    let a = snapshot(&first.join("data"));
    let a_search = snapshot(&first.join("search"));
    let second = build(&site);
    assert_eq!(a, snapshot(&second.join("data")));
    assert_eq!(a_search, snapshot(&second.join("search")));
    assert!(a.contains_key("cells.csv") && a.contains_key("index.html"));
}

#[test]
fn sqlite_export_answers_the_same_as_the_csv() {
    let site = multi_year();
    let out = build(&site);
    let db_path = site.path("export/gongkai.db");
    let run = site.run(&[
        "export",
        "--format",
        "sqlite",
        "--output",
        db_path.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let db = rusqlite::Connection::open(&db_path).unwrap();
    // Requests received per year, from the measures table and from the cells table.
    let per_year = |sql: &str| -> BTreeMap<i64, Option<i64>> {
        let mut stmt = db.prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let from_measures = per_year("SELECT year, SUM(received) FROM measures GROUP BY year");
    let from_cells = per_year(
        "SELECT year, SUM(value) FROM cells WHERE section = 'requests' AND row_key = 'received' AND column_key = 'total' GROUP BY year",
    );
    let (header, rows) = read_csv(&out.join("data/measures.csv"));
    let (y, rcv) = (
        header.iter().position(|h| h == "year").unwrap(),
        header.iter().position(|h| h == "received").unwrap(),
    );
    let mut from_csv: BTreeMap<i64, Option<i64>> = BTreeMap::new();
    for row in &rows {
        let entry = from_csv.entry(row[y].parse().unwrap()).or_default();
        if let Ok(v) = row[rcv].parse::<i64>() {
            *entry = Some(entry.unwrap_or(0) + v);
        }
    }
    assert_eq!(from_measures, from_csv);
    assert_eq!(from_cells, from_csv);
    assert!(from_csv.len() >= 4, "four years: {from_csv:?}");
    // Same tables and columns as the CSV files; blank cells are NULL, not 0.
    for t in opendata::tables() {
        let (header, rows) = read_csv(&out.join("data").join(t.path));
        let stmt = db.prepare(&format!("SELECT * FROM {}", t.name)).unwrap();
        let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
        assert_eq!(names, header);
        let n: i64 = db
            .query_row(&format!("SELECT COUNT(*) FROM {}", t.name), [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(n as usize, rows.len(), "{}", t.name);
    }
    let blank_csv = read_csv(&out.join("data/cells.csv"))
        .1
        .iter()
        .filter(|r| r[8].is_empty())
        .count() as i64;
    let null_db: i64 = db
        .query_row("SELECT COUNT(*) FROM cells WHERE value IS NULL", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(null_db, blank_csv);
    let indexes: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND sql LIKE '%(\"year\")%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexes, 2, "measures and cells are indexed by year");
}

#[test]
fn sqlite_export_needs_an_output_file() {
    let site = seeds();
    let run = site.run(&["export", "--format", "sqlite"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--output"), "{}", run.stderr);
}

#[test]
fn usage_errors_come_before_the_content() {
    // Outside a site folder, the missing flag is what is wrong first.
    let empty = TempSite::empty("no-site");
    let run = empty.run(&["export", "--format", "sqlite"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: --format sqlite writes a database file: give it with --output PATH\n"
    );
}

#[test]
fn a_closed_pipe_is_a_normal_end() {
    use std::process::Stdio;
    let site = seeds();
    for args in [
        &["export", "--format", "json"][..],
        &["export", "--format", "csv"],
        &["check", "--verbose"],
    ] {
        let mut child = Command::new(BIN)
            .args(args)
            .arg("--root")
            .arg(&site.root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before the first byte is written (`| head -0`).
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

/// A built page, with the `/` that Tera's autoescape writes as `&#x2F;` put back.
fn page(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel))
        .unwrap()
        .replace("&#x2F;", "/")
}

#[test]
fn pages_link_their_data_and_describe_it() {
    let site = seeds();
    let out = build(&site);
    let report = page(&out, "reports/hotan-minzheng/2023/index.html");
    assert!(report.contains("href=\"/data/reports/hotan-minzheng/2023.csv\""));
    assert!(report.contains("href=\"/data/reports/hotan-minzheng/2023.json\""));
    let ld = report
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .unwrap();
    let ld: serde_json::Value = serde_json::from_str(ld).unwrap();
    assert_eq!(ld["@type"], "Dataset");
    assert_eq!(ld["distribution"].as_array().unwrap().len(), 2);
    assert!(
        ld["distribution"][0]["contentUrl"]
            .as_str()
            .unwrap()
            .ends_with("/data/reports/hotan-minzheng/2023.csv")
    );
    let agency = page(&out, "agencies/hotan-minzheng/index.html");
    assert!(agency.contains("href=\"/data/agencies/hotan-minzheng.csv\""));
    assert!(agency.contains("application/ld+json"));
    let index = page(&out, "data/index.html");
    for file in [
        "cells.csv",
        "measures.csv",
        "agencies.csv",
        "reports.json",
        "datapackage.json",
    ] {
        assert!(index.contains(file), "the data page describes {file}");
    }
    assert!(
        index.contains("share_granted"),
        "the data page lists the columns"
    );
    let home = page(&out, "index.html");
    assert!(
        home.contains("href=\"/data/\""),
        "the header links the data page"
    );
}

#[test]
fn a_sub_path_site_gives_absolute_dataset_urls_once() {
    let site = seeds();
    site.edit(
        "site.toml",
        "base_url = \"/\"",
        "base_url = \"https://example.org/gongkai/\"",
    );
    let out = build(&site);
    let report =
        std::fs::read_to_string(out.join("reports/hotan-minzheng/2023/index.html")).unwrap();
    assert!(
        report.contains(
            "\"contentUrl\":\"https://example.org/gongkai/data/reports/hotan-minzheng/2023.csv\""
        ),
        "{report}"
    );
}

#[test]
fn a_broken_internal_link_fails_the_build() {
    let site = seeds();
    let data = std::fs::read_to_string(repo().join("themes/default/templates/data.html")).unwrap();
    site.write(
        "templates/data.html",
        data.replace(
            "</article>",
            "<a href=\"{{ base }}data/nowhere.csv\">x</a></article>",
        ),
    );
    let run = Command::new(BIN)
        .args(["build", "--root"])
        .arg(&site.root)
        .output()
        .unwrap();
    assert!(!run.status.success(), "the link checker sees escaped links");
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("data/nowhere.csv"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}
