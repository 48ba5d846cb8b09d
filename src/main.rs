//! The `gongkai` command line: a thin layer over the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use gongkai::diagnostic::print::{self, Format};

/// mimalloc instead of the system allocator: rendering and parsing make many small, short-lived
/// allocations across threads, and glibc's malloc took about a fifth of a build's CPU time
/// (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (the same index in its v2 and v3 option tables, between
/// `mi_option_eager_commit_delay` = 14 and `mi_option_use_numa_nodes` = 16 that libmimalloc-sys
/// names; Cargo.lock pins the version).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keep freed memory instead of handing it back to the system a second later (for the
/// commands that run once and exit, not `serve`): a build frees and allocates again all the
/// time, and each page handed back is zeroed by the kernel when it is touched again. At 10,000 reports this stops 700 purges of 216 MB in all; at 100,000 the
/// build took 32 s instead of 42 s, its peak memory 1.37 GB instead of 1.32 GB
/// (bench/README.md).
fn keep_freed_memory() {
    // SAFETY: mi_option_set stores one integer in mimalloc's option table; called at the start
    // of main, before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

#[derive(Parser)]
#[command(
    name = "gongkai",
    version,
    about = "Turns government information-disclosure annual reports into a comparative transparency portal"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load every file, run every check, print the findings. Exit 1 if any is an error.
    Check {
        /// The site folder (holding content/ and site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Also print the info findings (rules that could not be applied).
        #[arg(short, long)]
        verbose: bool,
    },
    /// Check, then render the portal into a folder (replaced whole, only if everything works).
    Build {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The output folder; `public/` under the root by default.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Overrides base_url of site.toml (e.g. https://example.org/gongkai/).
        #[arg(long)]
        base_url: Option<String>,
        /// Print the time each stage took.
        #[arg(short, long)]
        verbose: bool,
    },
    /// Build into memory, serve on 127.0.0.1 and rebuild what each saved change affects.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The next free port is used when this one is taken.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Write the skeleton of a new report: every row of the template, blank, with its label.
    New {
        /// The agency id (a slug like hami-yizhou-minzheng).
        agency: String,
        /// The report year.
        year: u16,
        /// 2019 or 2021; defaults from the year.
        #[arg(long, value_parser = parse_template)]
        template: Option<gongkai::catalogue::Template>,
        /// Create the agency's file too, with this Chinese name.
        #[arg(long)]
        agency_name: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Draft a report file from the text (or HTML) of a published report as copied from its page.
    /// Exit 0: every cell read; 1: some cells need a person (flagged); 2: input unusable.
    Import {
        /// The copied text (UTF-8) or saved HTML of a report; several files, or a folder of
        /// them, import as a batch with one summary table.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The agency id the report belongs to (required to write a report file).
        #[arg(long)]
        agency: Option<String>,
        /// The report year, when the text does not say it.
        #[arg(long)]
        year: Option<u16>,
        /// Folder holding the agency folders; content/reports/ under the root by default.
        #[arg(long)]
        output: Option<PathBuf>,
        /// `report` writes a draft file; `csv` prints the tidy cells and writes nothing.
        #[arg(long, value_enum, default_value = "report")]
        format: ImportOutput,
        /// The site folder (holding content/), where the agency files are looked up.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The page's saved HTML, which shows the cell boundaries the text lost: cells the
        /// text leaves flagged are decided from its tables. A file (one input) or a folder
        /// holding <name>.html and <name>.*.html for each input <name>.txt.
        #[arg(long)]
        html: Vec<PathBuf>,
        /// For each flagged cell, show the text it came from and the readings that fit.
        #[arg(long)]
        explain: bool,
    },
    /// Write the data: the tidy cells as CSV or JSON (one row per cell), or every table of
    /// the site's /data/ as an SQLite database (needs --output).
    Export {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
        /// Where to write; standard output when omitted.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Write a synthetic demo site (invented agencies, clearly marked) for trying gongkai out
    /// and for benchmarks. Refuses a non-empty folder unless it holds an earlier demo.
    Demo {
        /// How many reports: over reports/5 agencies × 5 years (2020–2024).
        #[arg(long, default_value_t = 1000)]
        reports: usize,
        /// The same seed gives the same bytes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        output: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ImportOutput {
    Report,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Csv,
    Json,
    /// One table per CSV of /data/ (agencies, measures, cells), for sqlite3 or Datasette.
    Sqlite,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A server runs for hours and should give memory back between rebuilds.
    if !matches!(cli.command, Command::Serve { .. }) {
        keep_freed_memory();
    }
    let code = match cli.command {
        Command::Check {
            root,
            format,
            verbose,
        } => check(&root, format, verbose),
        Command::Export {
            root,
            format,
            output,
        } => export(&root, format, output),
        Command::Import {
            files,
            agency,
            year,
            output,
            format,
            root,
            html,
            explain,
        } => {
            let format = match format {
                ImportOutput::Report => gongkai::import::command::ImportFormat::Report,
                ImportOutput::Csv => gongkai::import::command::ImportFormat::Csv,
            };
            let args = gongkai::import::command::ImportArgs {
                files,
                agency,
                year,
                output,
                format,
                root,
                html,
                explain,
            };
            gongkai::import::command::run(&args).clamp(0, 2) as u8
        }
        Command::New {
            agency,
            year,
            template,
            agency_name,
            root,
        } => new(&root, agency, year, template, agency_name),
        Command::Build {
            root,
            output,
            base_url,
            verbose,
        } => build(root, output, base_url, verbose),
        Command::Serve {
            root,
            port,
            bind,
            open,
        } => serve(root, port, bind, open),
        Command::Demo {
            reports,
            seed,
            output,
        } => gongkai::demo::cli(&output, reports, seed),
    };
    ExitCode::from(code)
}

/// Run the checks and print; the exit code is 1 when an error remains.
fn check(root: &std::path::Path, format: Format, verbose: bool) -> u8 {
    let (site, diags) = gongkai::validate::check_site(root);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if let Err(e) = print::print(&mut out, &diags, format, root, verbose) {
        eprintln!("error: cannot write the findings: {e}");
        return 2;
    }
    let (errors, warnings, infos) = print::tally(&diags);
    if format == Format::Human {
        let _ = writeln!(
            out,
            "checked {} agencies and {} reports: {errors} errors, {warnings} warnings, {infos} notes{}",
            site.agencies.len(),
            site.reports.len(),
            if verbose || infos == 0 {
                ""
            } else {
                " (--verbose shows the notes)"
            }
        );
    }
    u8::from(errors > 0)
}

fn export(root: &std::path::Path, format: ExportFormat, output: Option<PathBuf>) -> u8 {
    let (site, diags) = gongkai::validate::check_site(root);
    let (errors, ..) = print::tally(&diags);
    if errors > 0 {
        let _ = print::print(&mut std::io::stderr(), &diags, Format::Human, root, false);
        eprintln!("error: {errors} errors: nothing exported (gongkai check shows them)");
        return 1;
    }
    if let ExportFormat::Sqlite = format {
        let Some(path) = output else {
            eprintln!("error: --format sqlite writes a database file: give it with --output PATH");
            return 2;
        };
        return match gongkai::opendata::sqlite::write(&path, &site) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                2
            }
        };
    }
    let rows = gongkai::export::site_tidy_rows(&site);
    let write = |w: &mut dyn Write| match format {
        ExportFormat::Csv => gongkai::export::write_tidy_csv(w, &rows, output.is_some()),
        ExportFormat::Json => gongkai::export::write_tidy_json(w, &rows),
        ExportFormat::Sqlite => unreachable!("handled above"),
    };
    let result = match &output {
        Some(path) => gongkai::write::atomic_file(path, |f| write(f)),
        None => write(&mut std::io::stdout().lock()),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!(
                "error: cannot write {}: {e}",
                output
                    .as_deref()
                    .map_or("the export".into(), |p| p.display().to_string())
            );
            2
        }
    }
}

fn build(root: PathBuf, output: Option<PathBuf>, base_url: Option<String>, verbose: bool) -> u8 {
    let started = std::time::Instant::now();
    let output = output.unwrap_or_else(|| root.join("public"));
    let options = gongkai::build::BuildOptions {
        root: root.clone(),
        output: output.clone(),
        base_url,
        progress: true,
    };
    match gongkai::build::build(&options) {
        Ok(summary) => {
            if verbose {
                for (stage, time) in &summary.stages {
                    eprintln!("  {stage:<22} {:>8.1} ms", time.as_secs_f64() * 1000.0);
                }
            }
            eprintln!(
                "built {} pages ({} files) into {} in {:.2} s; {} warnings shown as data-quality flags",
                summary.pages,
                summary.files,
                output.display(),
                started.elapsed().as_secs_f64(),
                summary.warnings
            );
            0
        }
        Err(gongkai::build::BuildError::Findings(diags)) => {
            let _ = print::print(&mut std::io::stderr(), &diags, Format::Human, &root, false);
            let (errors, ..) = print::tally(&diags);
            eprintln!(
                "error: {errors} errors in the content: nothing was written ({} is as it was)",
                output.display()
            );
            1
        }
        Err(e) => {
            eprintln!(
                "error: {e}; nothing was written ({} is as it was)",
                output.display()
            );
            1
        }
    }
}

fn parse_template(s: &str) -> Result<gongkai::catalogue::Template, String> {
    s.parse()
        .ok()
        .and_then(gongkai::catalogue::Template::from_code)
        .ok_or_else(|| "the template is 2019 or 2021".to_string())
}

fn new(
    root: &std::path::Path,
    agency: String,
    year: u16,
    template: Option<gongkai::catalogue::Template>,
    agency_name: Option<String>,
) -> u8 {
    let request = gongkai::draft::NewReport {
        agency,
        year,
        template,
        agency_name,
    };
    match gongkai::draft::new_report(root, &request) {
        Ok(files) => {
            for f in &files {
                eprintln!("wrote {}", f.display());
            }
            eprintln!(
                "next: fill in every number as published (~ for a blank cell), paste the narrative under its heading, then run `gongkai check`"
            );
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

fn serve(root: PathBuf, port: u16, bind: std::net::IpAddr, open: bool) -> u8 {
    let options = gongkai::serve::ServeOptions {
        root,
        port,
        bind,
        open,
    };
    match gongkai::serve::run(&options) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}
