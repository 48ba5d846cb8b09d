//! The `gongkai` command line: a thin layer over the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use gongkai::diagnostic::print::{self, Format};

#[derive(Parser)]
#[command(name = "gongkai", version, about = "Turns government information-disclosure annual reports into a comparative transparency portal")]
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
        Command::Check { root, format, verbose } => check(&root, format, verbose),
        Command::Export { root, format, output } => export(&root, format, output),
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
            if verbose || infos == 0 { "" } else { " (--verbose shows the notes)" }
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
            eprintln!("error: cannot write {}: {e}", output.as_deref().map_or("the export".into(), |p| p.display().to_string()));
            2
        }
    }
}
