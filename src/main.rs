//! The `gongkai` command line: a thin layer over the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use gongkai::diagnostic::print::{self, Format};

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
    /// Write the data in its canonical tidy form (one row per cell).
    Export {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value = "csv")]
        format: ExportFormat,
        /// Where to write; standard output when omitted.
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Csv,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
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
    let rows = gongkai::export::site_tidy_rows(&site);
    let write = |w: &mut dyn Write| match format {
        ExportFormat::Csv => gongkai::export::write_tidy_csv(w, &rows, output.is_some()),
        ExportFormat::Json => gongkai::export::write_tidy_json(w, &rows),
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
