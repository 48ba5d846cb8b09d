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

/// `--root`, defined once for every command that reads a site.
#[derive(clap::Args)]
struct Root {
    /// The site folder, holding content/ and site.toml.
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Load every file, run every check, print the findings. Exit 1 if any is an error.
    Check {
        #[command(flatten)]
        root: Root,
        /// How to print the findings: human (rustc style, with the source line), json (one
        /// object per line) or github (workflow commands that annotate a pull request).
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Also print the info findings (rules that could not be applied).
        #[arg(short, long)]
        verbose: bool,
        /// The language of the messages: zh or en. Without it, the locale decides
        /// (LC_ALL, LC_MESSAGES, LANG: zh_CN.UTF-8 is Chinese, anything else English).
        /// Rule ids are the same in both; JSON keeps `message` in English and adds
        /// `message_zh`.
        #[arg(long, value_enum)]
        lang: Option<print::Lang>,
    },
    /// Check, then render the portal into a folder (replaced whole, only if everything works).
    Build {
        #[command(flatten)]
        root: Root,
        /// The output folder; `public/` under the root by default.
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Overrides base_url of site.toml (e.g. https://example.org/gongkai/); the sitemap, the
        /// feed and absolute addresses need its origin.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Print the time each stage took.
        #[arg(short, long)]
        verbose: bool,
    },
    /// Build into memory, serve it (on 127.0.0.1 unless --bind says otherwise) and rebuild what
    /// each saved change affects.
    Serve {
        #[command(flatten)]
        root: Root,
        /// The next free port is used when this one is taken.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on: 127.0.0.1 for this machine only, 0.0.0.0 for every
        /// network interface.
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
        /// Create the agency's file too (when it has none), with this full Chinese name; needs
        /// --province, --level and --kind as well.
        #[arg(long, value_name = "NAME")]
        agency_name: Option<String>,
        /// The new agency's province (省级名称, e.g. 新疆维吾尔自治区).
        #[arg(long, value_name = "PROVINCE")]
        province: Option<String>,
        /// The new agency's prefecture (地市级名称), below a province-level agency.
        #[arg(long, value_name = "PREFECTURE")]
        prefecture: Option<String>,
        /// The new agency's county (县级名称), for a county- or township-level agency.
        #[arg(long, value_name = "COUNTY")]
        county: Option<String>,
        /// The new agency's level: province 省级, prefecture 地市级, county 县级, township 乡镇级.
        #[arg(long, value_parser = parse_level)]
        level: Option<gongkai::model::Level>,
        /// The new agency's kind: government 人民政府, general_office 办公厅（室）, department 政府部门.
        #[arg(long, value_parser = parse_kind)]
        kind: Option<gongkai::model::AgencyKind>,
        #[command(flatten)]
        root: Root,
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
        #[command(flatten)]
        root: Root,
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
        #[command(flatten)]
        root: Root,
        /// csv or json: the tidy cells; sqlite: one table per CSV of /data/ (agencies,
        /// measures, cells) for sqlite3 or Datasette, written to --output.
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
        /// The file to write; standard output when omitted.
        #[arg(long, value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// Write a synthetic demo site (invented agencies, clearly marked) for trying gongkai out
    /// and for benchmarks. Refuses a non-empty folder unless it holds an earlier demo.
    Demo {
        /// How many reports to invent, one a year from 2020 to 2024 for each of N/5 agencies
        /// (1000 reports: 200 agencies).
        #[arg(long, value_name = "N", default_value_t = 1000)]
        reports: usize,
        /// The same seed gives the same bytes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The folder to write the demo site into.
        #[arg(long, value_name = "DIR")]
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
            root: Root { root },
            format,
            verbose,
            lang,
        } => check(
            &root,
            format,
            verbose,
            lang.map_or_else(print::locale_language, print::Lang::language),
        ),
        Command::Export {
            root: Root { root },
            format,
            output,
        } => export(&root, format, output),
        Command::Import {
            files,
            agency,
            year,
            output,
            format,
            root: Root { root },
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
            province,
            prefecture,
            county,
            level,
            kind,
            root: Root { root },
        } => {
            let request = gongkai::draft::NewReport {
                agency,
                year,
                template,
                new_agency: gongkai::draft::NewAgency {
                    name: agency_name,
                    province,
                    prefecture,
                    county,
                    level,
                    kind,
                },
            };
            new(&root, &request)
        }
        Command::Build {
            root: Root { root },
            output,
            base_url,
            verbose,
        } => build(root, output, base_url, verbose),
        Command::Serve {
            root: Root { root },
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
fn check(
    root: &std::path::Path,
    format: Format,
    verbose: bool,
    language: gongkai::config::Language,
) -> u8 {
    let (site, diags) = gongkai::validate::check_site(root);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match print::print_in(&mut out, &diags, format, root, verbose, language) {
        // A reader that stopped reading (`gongkai check | head`) is a normal end.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            eprintln!("error: cannot write the findings: {e}");
            return 2;
        }
        Ok(()) => {}
    }
    let (errors, warnings, infos) = print::tally(&diags);
    if format == Format::Human {
        let _ = writeln!(
            out,
            "{}",
            print::checked_line(
                language,
                site.agencies.len(),
                site.reports.len(),
                (errors, warnings, infos),
                verbose
            )
        );
    }
    u8::from(errors > 0)
}

fn export(root: &std::path::Path, format: ExportFormat, output: Option<PathBuf>) -> u8 {
    // Usage first: a missing flag is said before anything is read.
    if matches!(format, ExportFormat::Sqlite) && output.is_none() {
        eprintln!("error: --format sqlite writes a database file: give it with --output PATH");
        return 2;
    }
    let (site, diags) = gongkai::validate::check_site(root);
    let (errors, ..) = print::tally(&diags);
    if errors > 0 {
        let _ = print::print(&mut std::io::stderr(), &diags, Format::Human, root, false);
        eprintln!(
            "error: {}: nothing exported (gongkai check shows them)",
            print::count(errors, "error", "errors")
        );
        return 1;
    }
    if let (ExportFormat::Sqlite, Some(path)) = (format, &output) {
        return match gongkai::opendata::sqlite::write(path, &site) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                2
            }
        };
    }
    let rows = gongkai::export::site_tidy_rows(&site);
    let write = |w: &mut dyn Write| match format {
        ExportFormat::Json => gongkai::export::write_tidy_json(w, &rows),
        ExportFormat::Csv | ExportFormat::Sqlite => {
            gongkai::export::write_tidy_csv(w, &rows, output.is_some())
        }
    };
    let result = match &output {
        Some(path) => gongkai::write::atomic_file(path, |f| write(f)),
        None => write(&mut std::io::stdout().lock()),
    };
    match result {
        Ok(()) => 0,
        // `gongkai export | head`: the reader had enough, as with `cat`.
        Err(e) if output.is_none() && e.kind() == std::io::ErrorKind::BrokenPipe => 0,
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
                let width = summary
                    .stages
                    .iter()
                    .map(|(stage, _)| stage.chars().count())
                    .max()
                    .unwrap_or(0);
                for (stage, time) in &summary.stages {
                    eprintln!("  {stage:<width$} {:>8.1} ms", time.as_secs_f64() * 1000.0);
                }
            }
            if !summary.absolute_urls {
                eprintln!(
                    "warning: base_url in {} has no origin (https://host), so sitemap.xml and atom.xml, which need full addresses, were not written; for a published site, set base_url = \"https://…/\" there or pass --base-url https://…/",
                    shown_path(&root.join("site.toml"))
                );
            }
            eprintln!(
                "built {} ({}) into {} in {:.2} s; {} shown as data-quality flags",
                print::count(summary.pages, "page", "pages"),
                print::count(summary.files, "file", "files"),
                shown_path(&output),
                started.elapsed().as_secs_f64(),
                print::count(summary.warnings, "warning", "warnings")
            );
            0
        }
        Err(gongkai::build::BuildError::Findings(diags)) => {
            let _ = print::print(&mut std::io::stderr(), &diags, Format::Human, &root, false);
            let (errors, ..) = print::tally(&diags);
            eprintln!(
                "error: {} in the content: nothing was written ({} is as it was)",
                print::count(errors, "error", "errors"),
                shown_path(&output)
            );
            1
        }
        Err(e) => {
            eprintln!(
                "error: {e}; nothing was written ({} is as it was)",
                shown_path(&output)
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

fn parse_level(s: &str) -> Result<gongkai::model::Level, String> {
    use gongkai::model::Level;
    Level::ALL
        .into_iter()
        .find(|l| l.key() == s)
        .ok_or_else(|| "the level is province, prefecture, county or township".to_string())
}

fn parse_kind(s: &str) -> Result<gongkai::model::AgencyKind, String> {
    use gongkai::model::AgencyKind;
    AgencyKind::ALL
        .into_iter()
        .find(|k| k.key() == s)
        .ok_or_else(|| "the kind is government, general_office or department".to_string())
}

/// A path under the site root as the user typed the root: `content/…` for the current folder.
fn shown_path(path: &std::path::Path) -> std::path::Display<'_> {
    path.strip_prefix(".").unwrap_or(path).display()
}

fn new(root: &std::path::Path, request: &gongkai::draft::NewReport) -> u8 {
    match gongkai::draft::new_report(root, request) {
        Ok(files) => {
            for f in &files {
                eprintln!("wrote {}", shown_path(f));
            }
            let Some((report, agency)) = files.split_last() else {
                return 0;
            };
            eprintln!("next:");
            if let Some(agency) = agency.first() {
                eprintln!(
                    "  - check {} (add `parent:` and `website:` if the agency has them)",
                    shown_path(agency)
                );
            }
            eprintln!(
                "  - in {}, fill in title, published and source_url from the agency's page, every number as published (~ only for a cell the agency left empty), and the narrative under its heading",
                shown_path(report)
            );
            eprintln!("  - then run `gongkai check`");
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
