//! The `gongkai import` command: reads the file, runs [`import`](super::import), and writes
//! the draft report (or prints the tidy rows), with one stderr line per flagged cell and a
//! summary. Exit status: 0 every cell read or inferred, 1 some cells need a person, 2 the
//! input cannot be used.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::draft::write_report_file;
use crate::export::{tidy_rows, write_tidy_csv};
use crate::model::AgencyId;

use super::{Counts, ImportOptions, Imported, import};

/// Pasted report text is a few tens of kilobytes; anything this large is not one.
pub const MAX_INPUT_BYTES: u64 = 5 * 1024 * 1024;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ImportFormat {
    /// Write a draft report file.
    #[default]
    Report,
    /// Print the tidy cell rows to stdout and write nothing.
    Csv,
}

#[derive(Clone, Debug)]
pub struct ImportArgs {
    /// Files of copied text or HTML, or folders of them (read in name order).
    pub files: Vec<PathBuf>,
    pub agency: Option<String>,
    pub year: Option<u16>,
    /// Folder that holds the agency folders; default `<root>/content/reports`.
    pub output: Option<PathBuf>,
    pub format: ImportFormat,
    /// The site root.
    pub root: PathBuf,
    /// The page's HTML (or fragments of it holding its tables): a file, for one input; or a
    /// folder, in which `<stem>.html` and `<stem>.*.html` belong to the input `<stem>.txt`.
    pub html: Vec<PathBuf>,
    /// Show, for each flagged cell, the text it came from and the readings that were possible.
    pub explain: bool,
}

/// How one file went, for the batch summary.
struct Outcome {
    file: String,
    counts: Option<Counts>,
    code: i32,
}

pub fn run(args: &ImportArgs) -> i32 {
    let stderr = io::stderr();
    let stdout = io::stdout();
    run_with(args, &mut stdout.lock(), &mut stderr.lock())
}

/// [`run`] with its output streams given, for tests.
pub fn run_with(args: &ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let inputs = match expand_inputs(&args.files) {
        Ok(i) => i,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            return 2;
        }
    };
    if inputs.len() > 1 && args.year.is_some() {
        let _ = writeln!(
            err,
            "error: --year applies to one file; give one file or drop --year"
        );
        return 2;
    }
    let agencies = if inputs.len() > 1 && args.agency.is_none() {
        known_agencies(&args.root)
    } else {
        Vec::new()
    };
    let mut outcomes = Vec::new();
    for file in &inputs {
        let outcome = match import_file(args, file, &agencies, inputs.len() == 1, out, err) {
            Ok((counts, code)) => Outcome {
                file: file.display().to_string(),
                counts: Some(counts),
                code,
            },
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                Outcome {
                    file: file.display().to_string(),
                    counts: None,
                    code: 2,
                }
            }
        };
        outcomes.push(outcome);
    }
    if inputs.len() > 1 {
        print_summary(&outcomes, err);
    }
    outcomes.iter().map(|o| o.code).max().unwrap_or(2)
}

/// The input files: files as given, folders expanded to their `.txt` and `.html` files.
fn expand_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = fs::read_dir(path)
                .map_err(|e| format!("{}: {e}", path.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file()
                        && p.extension()
                            .is_some_and(|x| x == "txt" || x == "html" || x == "htm")
                })
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(format!(
                    "{}: no .txt or .html files in this folder",
                    path.display()
                ));
            }
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    if out.is_empty() {
        return Err("no input files".to_string());
    }
    Ok(out)
}

/// The site's agencies as (id, every name it published under), for finding a batch file's
/// agency by the name its text gives.
fn known_agencies(root: &Path) -> Vec<(String, Vec<String>)> {
    let loaded = crate::load::load_site(root);
    loaded
        .site
        .agencies
        .values()
        .map(|a| {
            let mut names = vec![a.name.clone()];
            names.extend(a.former_names.iter().cloned());
            (a.id.to_string(), names)
        })
        .collect()
}

/// The agency a name belongs to: exactly one agency has that name (or a former name).
fn agency_for_name(name: &str, agencies: &[(String, Vec<String>)]) -> Option<String> {
    let matches: Vec<&String> = agencies
        .iter()
        .filter(|(_, names)| names.iter().any(|n| n == name))
        .map(|(id, _)| id)
        .collect();
    match matches.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    }
}

/// The HTML evidence for one input: a file given for a single input, or the files of a
/// folder named after the input (`<stem>.html`, `<stem>.s3.html`).
fn evidence_for(input: &Path, html: &[PathBuf], single: bool) -> Vec<PathBuf> {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut out = Vec::new();
    for path in html {
        if path.is_dir() {
            let Ok(entries) = fs::read_dir(path) else {
                continue;
            };
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    let name = p.file_name().map(|n| n.to_string_lossy().to_string());
                    name.is_some_and(|n| {
                        n.ends_with(".html")
                            && (n == format!("{stem}.html") || n.starts_with(&format!("{stem}.")))
                    })
                })
                .collect();
            found.sort();
            out.extend(found);
        } else if single {
            out.push(path.clone());
        }
    }
    out
}

fn import_file(
    args: &ImportArgs,
    path: &Path,
    agencies: &[(String, Vec<String>)],
    single: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(Counts, i32), String> {
    let file = path.display();
    // The agency id becomes a path component: check it before anything is read.
    let agency = match &args.agency {
        Some(a) => Some(AgencyId::parse(a).map_err(|e| format!("--agency {a:?} {e}"))?),
        None => None,
    };
    let input = read_input(path)?;
    let options = ImportOptions {
        agency: agency.as_ref().map(|a| a.to_string()),
        year: args.year,
    };
    let mut imported = import(&input, &options).map_err(|e| format!("{file}: {e}"))?;
    let agency = match agency {
        Some(a) => Some(a),
        None => imported
            .agency_name
            .as_deref()
            .and_then(|n| agency_for_name(n, agencies))
            .and_then(|id| AgencyId::parse(&id).ok()),
    };
    if let Some(a) = &agency {
        imported.draft.agency = a.to_string();
    }
    let mut decided = Vec::new();
    for evidence in evidence_for(path, &args.html, single) {
        let html = read_input(&evidence)?;
        let result = super::evidence::apply(&mut imported, &html);
        for (address, text, page) in &result.disagreements {
            let _ = writeln!(
                err,
                "{file}: warning: {address}: the text reads {text} but {} reads {page}; flagged",
                evidence.display()
            );
        }
        decided.extend(result.filled);
    }
    if !decided.is_empty() || !args.html.is_empty() {
        imported.draft.transcription_note = Some(super::transcription_note(&imported, &decided));
    }
    for note in &imported.notes {
        let _ = writeln!(err, "{file}: note: {note}");
    }
    match args.format {
        ImportFormat::Csv => {
            let rows = tidy_rows(
                agency.as_ref().map_or("", |a| a.as_str()),
                imported.year,
                imported.template,
                &imported.values(),
                &imported.merged(),
            );
            write_tidy_csv(&mut *out, &rows, false)
                .map_err(|e| format!("writing to stdout: {e}"))?;
            report_flags(&imported, path, args.explain, &input, err);
            summarise(&imported, agency.as_ref().map(|a| a.as_str()), err);
        }
        ImportFormat::Report => {
            let Some(agency) = agency else {
                let found = imported
                    .agency_name
                    .as_deref()
                    .map(|n| format!(" (the text names the agency 「{n}」, which no agency file has as its name or former name)"))
                    .unwrap_or_default();
                return Err(format!(
                    "{file}: --agency ID is required to write a report file{found}; \
                     use the id of its file in content/agencies/, or --format csv to only print the cells"
                ));
            };
            let dir = args
                .output
                .clone()
                .unwrap_or_else(|| args.root.join("content").join("reports"))
                .join(agency.as_str());
            let report_path = dir.join(format!("{}.md", imported.year));
            if report_path.exists() {
                return Err(format!(
                    "{} already exists; refusing to overwrite it (move it away or use --output)",
                    report_path.display()
                ));
            }
            if args.output.is_none() {
                let agency_file = args
                    .root
                    .join("content")
                    .join("agencies")
                    .join(format!("{agency}.yaml"));
                if !agency_file.exists() {
                    let _ = writeln!(
                        err,
                        "{file}: note: there is no {} yet; add the agency before checking the site",
                        agency_file.display()
                    );
                }
            }
            fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
            let text = write_report_file(&imported.draft);
            fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&report_path)
                .and_then(|mut f| f.write_all(text.as_bytes()))
                .map_err(|e| format!("writing {}: {e}", report_path.display()))?;
            report_flags(&imported, path, args.explain, &input, err);
            summarise(&imported, Some(agency.as_str()), err);
            let _ = writeln!(err, "wrote {}", report_path.display());
        }
    }
    let code = if imported.flags.is_empty() { 0 } else { 1 };
    Ok((imported.counts, code))
}

/// One line per file: cells read, inferred, decided from the HTML, flagged, and exit status.
fn print_summary(outcomes: &[Outcome], err: &mut dyn Write) {
    let width = outcomes
        .iter()
        .map(|o| o.file.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(err);
    let _ = writeln!(
        err,
        "{:<width$}  {:>5}  {:>8}  {:>7}  {:>7}  {:>6}  status",
        "file", "read", "inferred", "decided", "flagged", "blank"
    );
    let mut total = Counts::default();
    for o in outcomes {
        match o.counts {
            Some(c) => {
                total.read += c.read;
                total.inferred += c.inferred;
                total.decided += c.decided;
                total.flagged += c.flagged;
                total.blank += c.blank;
                let _ = writeln!(
                    err,
                    "{:<width$}  {:>5}  {:>8}  {:>7}  {:>7}  {:>6}  {}",
                    o.file, c.read, c.inferred, c.decided, c.flagged, c.blank, o.code
                );
            }
            None => {
                let _ = writeln!(
                    err,
                    "{:<width$}  {:>5}  {:>8}  {:>7}  {:>7}  {:>6}  {}",
                    o.file, "-", "-", "-", "-", "-", o.code
                );
            }
        }
    }
    let ok = outcomes.iter().filter(|o| o.code == 0).count();
    let _ = writeln!(
        err,
        "{:<width$}  {:>5}  {:>8}  {:>7}  {:>7}  {:>6}  {ok} of {} with exit 0",
        "total",
        total.read,
        total.inferred,
        total.decided,
        total.flagged,
        total.blank,
        outcomes.len()
    );
}

fn read_input(path: &Path) -> Result<String, String> {
    let meta = fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if meta.len() > MAX_INPUT_BYTES {
        return Err(format!(
            "{}: {} bytes is more than the {} MB a report's text can be; is this the right file?",
            path.display(),
            meta.len(),
            MAX_INPUT_BYTES / (1024 * 1024)
        ));
    }
    let bytes = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not UTF-8 text (invalid byte at offset {}); convert it first, e.g. `iconv -f GB18030 -t UTF-8`",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn report_flags(imported: &Imported, file: &Path, explain: bool, input: &str, err: &mut dyn Write) {
    for flag in &imported.flags {
        let what = if flag.address == "published" {
            ""
        } else {
            "cell "
        };
        let _ = writeln!(
            err,
            "{}:{}: {what}{}: {}",
            file.display(),
            flag.line,
            flag.address,
            flag.reason
        );
        if explain {
            explain_flag(flag, input, err);
        }
    }
}

/// For `--explain`: the stretch of the input line the flagged cell came from, with the digits
/// it saw marked, so that a person can compare it with the page.
fn explain_flag(flag: &super::Flag, input: &str, err: &mut dyn Write) {
    let Some(line) = input.lines().nth(flag.line.saturating_sub(1) as usize) else {
        return;
    };
    let source = flag.source.trim();
    let shown = match (!source.is_empty()).then(|| line.find(source)).flatten() {
        Some(at) => {
            let before: String = line[..at]
                .chars()
                .rev()
                .take(30)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let after: String = line[at + source.len()..].chars().take(20).collect();
            format!("…{before}【{source}】{after}…")
        }
        None => line.chars().take(80).collect(),
    };
    let _ = writeln!(err, "    text: {shown}");
}

fn summarise(imported: &Imported, agency: Option<&str>, err: &mut dyn Write) {
    let c = imported.counts;
    let who = agency
        .map(str::to_string)
        .or_else(|| imported.agency_name.clone())
        .unwrap_or_else(|| "(unknown agency)".to_string());
    let blank = if c.blank > 0 {
        format!(", {} blank as published", c.blank)
    } else {
        String::new()
    };
    let _ = writeln!(
        err,
        "imported {who} {} (template {}): {} cells read, {} inferred, {} need a person{blank}",
        imported.year, imported.template, c.read, c.inferred, c.flagged
    );
}
