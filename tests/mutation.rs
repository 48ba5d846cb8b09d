//! The acceptance test: changing any single number of section 三 or 四 in any seed
//! report by +1 makes `gongkai check` fail, naming that file and the line of a cell involved.
//!
//! For every seed report in `content/` and every non-blank cell of `requests` and `review`
//! (merged section-三 cells included), the number is raised by one in the file's text at the
//! cell's own line and column in a temporary copy of the site (restored after each mutation),
//! and the copy is loaded and checked end to end through the library (`gongkai::validate::check_site`), which is what
//! the binary runs, without starting a process per mutation.

mod common;

use common::TempSite;
use gongkai::catalogue::SectionId;
use gongkai::diagnostic::Severity;
use gongkai::model::{Number, Pos};

/// Replace the text at a position (1-based line, column in characters, length in characters).
fn replace_at(text: &str, pos: Pos, with: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i + 1 == pos.line as usize {
            let start = line.char_indices().nth(pos.column as usize - 1).unwrap().0;
            let end = line
                .char_indices()
                .nth((pos.column + pos.len) as usize - 1)
                .unwrap()
                .0;
            out.push_str(&line[..start]);
            out.push_str(with);
            out.push_str(&line[end..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

struct Mutation {
    address: String,
    pos: Pos,
    value: Number,
}

#[test]
fn every_single_plus_one_in_sections_3_and_4_of_every_seed_fails_at_its_line() {
    let seeds = TempSite::seeds();
    let (site, diags) = gongkai::validate::check_site(&seeds.root);
    assert!(
        diags.iter().all(|d| d.severity != Severity::Error),
        "the seeds must pass first"
    );
    assert_eq!(site.reports.len(), 5);
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    let total = AtomicUsize::new(0);
    let merged_total = AtomicUsize::new(0);
    // One thread per report, each with its own copy of the site.
    std::thread::scope(|scope| {
        for report in &site.reports {
            let (site, seeds, total, merged_total) = (&site, &seeds, &total, &merged_total);
            scope.spawn(move || {
                let rel = site.file(report.file).to_string_lossy().replace('\\', "/");
                let original = seeds.read(&rel);
                let def = report.def();
                let mut mutations = Vec::new();
                for (cell_def, cell) in def.cells().zip(&report.cells) {
                    if matches!(cell_def.section, SectionId::Requests | SectionId::Review)
                        && let Some(value) = cell.value
                    {
                        mutations.push(Mutation {
                            address: cell_def.address(),
                            pos: cell.pos,
                            value,
                        });
                    }
                }
                let rows: Vec<&str> = def.rows(SectionId::Requests).map(|(_, r)| r.key).collect();
                for (index, cell) in &report.merged {
                    if let Some(value) = cell.value {
                        mutations.push(Mutation {
                            address: format!("requests.{}.merged", rows[*index as usize]),
                            pos: cell.pos,
                            value,
                        });
                        merged_total.fetch_add(1, SeqCst);
                    }
                }
                // The lines of the cells a finding may be anchored at: the row totals sit on the
                // changed line itself; the column rules anchor at （七）总计 and 结转下年度.
                let anchor_line = |row: &str| {
                    report
                        .cell(SectionId::Requests, row, "total")
                        .map(|c| c.pos.line)
                        .unwrap()
                };
                let anchors = [anchor_line("handled_total"), anchor_line("carried_forward")];
                assert!(!mutations.is_empty(), "{rel}");
                // One copy of the site per report; each mutation rewrites the one file and restores it.
                let copy = TempSite::seeds();
                for m in &mutations {
                    let shown = m.value.to_string();
                    let at = Pos {
                        len: shown.chars().count() as u32,
                        ..m.pos
                    };
                    assert_eq!(
                        replace_at(&original, at, &shown),
                        original,
                        "{rel} {}: the cell's position is off",
                        m.address
                    );
                    let raised = Number {
                        units: m.value.units + 1,
                        scale: 0,
                    }
                    .to_string();
                    copy.write(&rel, replace_at(&original, at, &raised));
                    let (_, diags) = gongkai::validate::check_site(&copy.root);
                    copy.write(&rel, &original);
                    let errors: Vec<String> = diags
                        .iter()
                        .filter(|d| d.severity == Severity::Error)
                        .map(|d| {
                            format!(
                                "{} {}:{}:{} {}",
                                d.rule, d.file, d.line, d.column, d.message
                            )
                        })
                        .collect();
                    let named = diags.iter().any(|d| {
                        d.severity == Severity::Error
                            && d.file == rel
                            && (d.line == m.pos.line || anchors.contains(&d.line))
                    });
                    assert!(
                        named,
                        "{rel}: {} {} → {raised} at line {} was not caught there; errors:\n{}",
                        m.address,
                        m.value,
                        m.pos.line,
                        errors.join("\n")
                    );
                    total.fetch_add(1, SeqCst);
                }
            });
        }
    });
    let (total, merged_total) = (total.into_inner(), merged_total.into_inner());
    // 5 reports: four with 25 or 23 rows of 7 numbers (less the blank 总计 column of one),
    // one with 23 merged rows, each with 15 review cells.
    assert_eq!(merged_total, 23);
    assert_eq!(
        total,
        25 * 7 + 15 + 25 * 7 + 15 + 25 * 7 + 15 + 25 * 6 + 15 + 23 + 15
    );
}
