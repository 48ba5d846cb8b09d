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

use super::{ImportOptions, Imported, import};

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
    pub file: PathBuf,
    pub agency: Option<String>,
    pub year: Option<u16>,
    /// Folder that holds the agency folders; default `<root>/content/reports`.
    pub output: Option<PathBuf>,
    pub format: ImportFormat,
    /// The site root.
    pub root: PathBuf,
}

pub fn run(args: &ImportArgs) -> i32 {
    let stderr = io::stderr();
    let stdout = io::stdout();
    run_with(args, &mut stdout.lock(), &mut stderr.lock())
}

/// [`run`] with its output streams given, for tests.
pub fn run_with(args: &ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match run_inner(args, out, err) {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            2
        }
    }
}

fn run_inner(args: &ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<i32, String> {
    let file = args.file.display();
    // The agency id becomes a path component: check it before anything is read.
    let agency = match &args.agency {
        Some(a) => Some(AgencyId::parse(a).map_err(|e| format!("--agency {a:?} {e}"))?),
        None => None,
    };
    let input = read_input(&args.file)?;
    let options = ImportOptions {
        agency: agency.as_ref().map(|a| a.to_string()),
        year: args.year,
    };
    let imported = import(&input, &options).map_err(|e| format!("{file}: {e}"))?;
    for note in &imported.notes {
        let _ = writeln!(err, "{file}: note: {note}");
    }
    match args.format {
        ImportFormat::Csv => {
            let rows = tidy_rows(
                options.agency.as_deref().unwrap_or(""),
                imported.year,
                imported.template,
                &imported.values(),
                &imported.merged(),
            );
            write_tidy_csv(&mut *out, &rows, false)
                .map_err(|e| format!("writing to stdout: {e}"))?;
            report_flags(&imported, &args.file, err);
            summarise(&imported, options.agency.as_deref(), err);
        }
        ImportFormat::Report => {
            let Some(agency) = agency else {
                let found = imported
                    .agency_name
                    .as_deref()
                    .map(|n| format!(" (the text names the agency 「{n}」)"))
                    .unwrap_or_default();
                return Err(format!(
                    "--agency ID is required to write a report file{found}; \
                     use the id of its file in content/agencies/, or --format csv to only print the cells"
                ));
            };
            let dir = args
                .output
                .clone()
                .unwrap_or_else(|| args.root.join("content").join("reports"))
                .join(agency.as_str());
            let path = dir.join(format!("{}.md", imported.year));
            if path.exists() {
                return Err(format!(
                    "{} already exists; refusing to overwrite it (move it away or use --output)",
                    path.display()
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
                .open(&path)
                .and_then(|mut f| f.write_all(text.as_bytes()))
                .map_err(|e| format!("writing {}: {e}", path.display()))?;
            report_flags(&imported, &args.file, err);
            summarise(&imported, Some(agency.as_str()), err);
            let _ = writeln!(err, "wrote {}", path.display());
        }
    }
    Ok(if imported.flags.is_empty() { 0 } else { 1 })
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

fn report_flags(imported: &Imported, file: &Path, err: &mut dyn Write) {
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
    }
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
