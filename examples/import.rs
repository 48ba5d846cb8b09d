//! Try `gongkai import` end to end before the CLI lands:
//! `cargo run --example import -- FILE [AGENCY] [csv|report]`.

use std::path::PathBuf;

use gongkai::import::command::{ImportArgs, ImportFormat, run};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(file) = args.next() else {
        eprintln!("usage: import FILE [AGENCY] [csv|report]");
        std::process::exit(2);
    };
    let agency = args.next().filter(|a| !a.is_empty());
    // IMPORT_BENCH=N: time N imports of the file and print the mean, nothing else.
    if let Some(n) = std::env::var("IMPORT_BENCH")
        .ok()
        .and_then(|n| n.parse::<u32>().ok())
    {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let options = gongkai::import::ImportOptions::default();
        let start = std::time::Instant::now();
        for _ in 0..n {
            let _ = gongkai::import::import(&text, &options);
        }
        println!("{file}: {:?} per import", start.elapsed() / n.max(1));
        return;
    }
    let format = match args.next().as_deref() {
        Some("report") => ImportFormat::Report,
        _ => ImportFormat::Csv,
    };
    let code = run(&ImportArgs {
        file: PathBuf::from(file),
        agency,
        year: None,
        output: std::env::var_os("IMPORT_OUTPUT").map(PathBuf::from),
        format,
        root: PathBuf::from("."),
    });
    std::process::exit(code);
}
