//! Benchmark (not a test): the time from a report edit to the new page being served by
//! `gongkai serve`, on a synthetic site.
//!
//!     cargo build --release && cargo run --release --example serve_edit -- [REPORTS] [RUNS]
//!     cargo run --release --example serve_edit -- --site DIR [RUNS]
//!
//! Writes a demo site of REPORTS reports (10,000 by default) with `gongkai demo`, starts
//! `gongkai serve` on a free port of 127.0.0.1, then RUNS times (7 by default): changes one
//! number of one report, writes the file, polls `/__gongkai/status` until the generation moves,
//! fetches the report page and checks that it shows the new number. Prints each run with the
//! server's own stage timings, then the median. With `--site DIR`, a copy of that site is used
//! instead of a demo.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (site, rest) = match args.first().map(String::as_str) {
        Some("--site") => (args.get(1).map(PathBuf::from), &args[2.min(args.len())..]),
        _ => (None, &args[..]),
    };
    let number =
        |i: usize, default: usize| rest.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (reports, runs) = if site.is_some() {
        (0, number(0, 7))
    } else {
        (number(0, 10_000), number(1, 7))
    };
    if let Err(e) = run(site, reports, runs) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run(site: Option<PathBuf>, reports: usize, runs: usize) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    // target/release/examples/serve_edit → target/release/gongkai
    let bin = exe
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join("gongkai"))
        .filter(|b| b.is_file())
        .ok_or("no gongkai binary beside the example: run `cargo build --release` first")?;
    let dir = std::env::temp_dir().join(format!("gongkai-bench-serve-{}", std::process::id()));
    let _guard = RemoveOnDrop(dir.clone());
    let t = Instant::now();
    if let Some(site) = site {
        copy_dir(&site, &dir)?;
        println!(
            "copied {} in {:.1} s",
            site.display(),
            t.elapsed().as_secs_f64()
        );
    } else {
        let demo = Command::new(&bin)
            .args([
                "demo",
                "--reports",
                &reports.to_string(),
                "--seed",
                "1",
                "--output",
            ])
            .arg(&dir)
            .output()
            .map_err(|e| e.to_string())?;
        if !demo.status.success() {
            return Err(format!(
                "gongkai demo failed (is `gongkai demo` merged?): {}",
                String::from_utf8_lossy(&demo.stderr)
            ));
        }
        println!(
            "demo site of {reports} reports written in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    let themes = dir.join("themes");
    if !themes.exists() {
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
            &themes,
        )?;
    }

    let t = Instant::now();
    let mut child = Command::new(&bin)
        .args(["serve", "--port", "0", "--root"])
        .arg(&dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let stderr = child.stderr.take().ok_or("no stderr")?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let result = (|| {
        let port = loop {
            let line = rx
                .recv_timeout(Duration::from_secs(600))
                .map_err(|_| "gongkai serve did not start within 10 minutes")?;
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                break rest
                    .trim_end_matches('/')
                    .parse::<u16>()
                    .map_err(|e| e.to_string())?;
            }
        };
        println!("first build and serve: {:.1} s", t.elapsed().as_secs_f64());
        measure(&dir, port, runs)
    })();
    let _ = child.kill();
    let _ = child.wait();
    result
}

fn measure(dir: &Path, port: u16, runs: usize) -> Result<(), String> {
    let agency = first_entry(&dir.join("content/reports"))?;
    let file = first_entry(&dir.join("content/reports").join(&agency))?;
    let year = file.trim_end_matches(".md").to_string();
    let path = dir.join("content/reports").join(&agency).join(&file);
    let url = format!("/reports/{agency}/{year}/");
    println!("editing content/reports/{agency}/{file}, watching {url}");
    let mut times = Vec::new();
    for i in 0..runs {
        std::thread::sleep(Duration::from_millis(500));
        let generation = status(port)?["generation"].as_u64().unwrap_or(0);
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        let (edited, value) = bump_licensing(&text).ok_or("no `licensing: [n` line to edit")?;
        let t = Instant::now();
        std::fs::write(&path, edited).map_err(|e| e.to_string())?;
        let status = loop {
            let s = status(port)?;
            if s["generation"].as_u64().unwrap_or(0) > generation {
                break s;
            }
            if t.elapsed() > Duration::from_secs(60) {
                return Err("no rebuild within 60 s".into());
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        let page = get(port, &url)?;
        let elapsed = t.elapsed().as_secs_f64() * 1000.0;
        if status["ok"] != true {
            return Err(format!("the rebuild failed: {}", status["errors"]));
        }
        if !page.contains(&format!(">{value}<")) {
            return Err(format!("{url} does not show the new value {value}"));
        }
        // The report's own pages are served first; wait for the site-wide ones to report both.
        let mut status = status;
        while !status["last_rebuild"]["pending"].is_null() && t.elapsed() < Duration::from_secs(60)
        {
            std::thread::sleep(Duration::from_millis(5));
            status = self::status(port)?;
        }
        let rebuild = &status["last_rebuild"];
        let stages: Vec<String> = rebuild["stages"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|s| {
                        format!(
                            "{} {:.0}",
                            s[0].as_str().unwrap_or("?"),
                            s[1].as_f64().unwrap_or(0.0)
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let early = match rebuild["early_ms"].as_f64() {
            Some(ms) => format!(
                "its {} own pages served at {ms:.0} ms, ",
                rebuild["early"].as_array().map_or(0, Vec::len)
            ),
            None => String::new(),
        };
        println!(
            "run {}: edit → page served {elapsed:.0} ms; server: {} rebuild, {early}all {} pages at {:.0} ms ({})",
            i + 1,
            rebuild["kind"].as_str().unwrap_or("?"),
            rebuild["pages"].as_array().map_or(0, Vec::len),
            rebuild["ms"].as_f64().unwrap_or(0.0),
            stages.join(", ")
        );
        times.push(elapsed);
    }
    times.sort_by(f64::total_cmp);
    if let Some(median) = times.get(times.len() / 2) {
        println!(
            "median edit → page served: {median:.0} ms over {} runs (min {:.0}, max {:.0})",
            times.len(),
            times[0],
            times[times.len() - 1]
        );
    }
    Ok(())
}

/// The text with the first `licensing: [n` value increased by one, and the new value.
fn bump_licensing(text: &str) -> Option<(String, u64)> {
    let at = text.find("licensing:")?;
    let open = at + text[at..].find('[')? + 1;
    let digits = text[open..].bytes().take_while(u8::is_ascii_digit).count();
    let value: u64 = text[open..open + digits].parse().ok()?;
    let mut out = String::with_capacity(text.len() + 1);
    out.push_str(&text[..open]);
    out.push_str(&(value + 1).to_string());
    out.push_str(&text[open + digits..]);
    Some((out, value + 1))
}

fn first_entry(dir: &Path) -> Result<String, String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
        .into_iter()
        .next()
        .ok_or(format!("{} is empty", dir.display()))
}

fn status(port: u16) -> Result<serde_json::Value, String> {
    serde_json::from_str(&get(port, "/__gongkai/status")?).map_err(|e| e.to_string())
}

fn get(port: u16, path: &str) -> Result<String, String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut s =
        TcpStream::connect_timeout(&addr, Duration::from_secs(5)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .map_err(|e| e.to_string())?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    s.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(text
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_string()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from).map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
