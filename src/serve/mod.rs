//! `gongkai serve`: builds the site into memory, serves it over HTTP on 127.0.0.1, watches
//! the site's files and rebuilds what a change affects; open pages reload by themselves.
//!
//! Three threads share one [`Shared`]: the HTTP server reads files and the status from it,
//! the rebuild thread (which owns the [`rebuild::Workspace`] and the file watcher) writes
//! them, and the main thread waits for Ctrl-C. Nothing is ever written to disk.

pub mod http;
pub mod rebuild;
mod watch;

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

use serde::Serialize;

use crate::diagnostic::print::{self, Format, count};
use rebuild::{Outcome, Problem, RebuildInfo, Workspace};

/// The live-reload script, served at `/__gongkai/live.js`.
pub const LIVE_JS: &str = include_str!("live.js");
/// What serve adds before `</body>` of every page. A script file rather than inline code, so
/// that a site's Content-Security-Policy allowing only its own scripts still lets it run.
pub const INJECT: &str = "<script src=\"/__gongkai/live.js\"></script>";
/// Served in place of every page while no build has succeeded yet.
pub const NOT_BUILT_PAGE: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>gongkai serve</title></head><body><p>The site has errors and has not been built yet; the terminal lists them. This page reloads when they are fixed.</p>{{inject}}</body></html>";

pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub open: bool,
}

/// What the server shows about the last rebuild, at `/__gongkai/status`.
#[derive(Debug, Default, Serialize)]
pub struct Status {
    /// Counts rebuilds, good or failed; 1 after the first build.
    pub generation: u64,
    pub ok: bool,
    pub errors: Vec<Problem>,
    /// The last good rebuild.
    pub last_rebuild: Option<RebuildInfo>,
    /// The site's base path, for the live-reload script to find its page in `recent`.
    pub base: String,
    /// What the last few publications changed, oldest first: an open tab reloads only when
    /// its own page (or a static file) changed since it loaded.
    pub recent: std::collections::VecDeque<Published>,
}

/// One publication of new output: a rebuild, or the early part of one.
#[derive(Clone, Debug, Serialize)]
pub struct Published {
    pub generation: u64,
    /// Everything changed (a full rebuild, or a static file that any page may use).
    pub all: bool,
    pub pages: Vec<String>,
}

/// How many publications `recent` keeps; a tab further behind reloads anyway.
const RECENT: usize = 16;

/// The served output and status, shared by the HTTP threads and the rebuild thread.
#[derive(Default)]
pub struct Shared {
    /// The rendered site by path relative to its root (`reports/x/2025/index.html`).
    pub files: RwLock<HashMap<String, Arc<Vec<u8>>>>,
    status: Mutex<Status>,
    changed: Condvar,
    /// The site's base path (`/` or `/sub/`), which a change to site.toml may move.
    base: RwLock<String>,
}

impl Shared {
    pub fn file(&self, rel: &str) -> Option<Arc<Vec<u8>>> {
        self.files.read().ok()?.get(rel).cloned()
    }

    pub fn base(&self) -> String {
        self.base
            .read()
            .map_or_else(|_| "/".to_string(), |b| b.clone())
    }

    pub fn status_json(&self) -> String {
        match self.status.lock() {
            Ok(s) => serde_json::to_string(&*s).unwrap_or_else(|_| "{}".into()),
            Err(_) => "{}".into(),
        }
    }

    /// The current generation once it differs from `seen`, or after `timeout`.
    pub fn wait_generation(&self, seen: Option<u64>, timeout: Duration) -> u64 {
        let Ok(status) = self.status.lock() else {
            return 0;
        };
        let Some(seen) = seen else {
            return status.generation;
        };
        match self
            .changed
            .wait_timeout_while(status, timeout, |s| s.generation == seen)
        {
            Ok((s, _)) => s.generation,
            Err(_) => seen,
        }
    }

    /// Serve a whole new output.
    fn replace_all(&self, files: std::collections::BTreeMap<String, Vec<u8>>) {
        let files: HashMap<String, Arc<Vec<u8>>> =
            files.into_iter().map(|(k, v)| (k, Arc::new(v))).collect();
        if let Ok(mut served) = self.files.write() {
            *served = files;
        }
    }

    /// Serve some files anew, in one step; `drop_static` first removes every static file
    /// (the new set replaces them all, so that deleted ones go).
    fn update(&self, files: std::collections::BTreeMap<String, Vec<u8>>, drop_static: bool) {
        let files: Vec<(String, Arc<Vec<u8>>)> =
            files.into_iter().map(|(k, v)| (k, Arc::new(v))).collect();
        if let Ok(mut served) = self.files.write() {
            if drop_static {
                served.retain(|k, _| !k.starts_with("static/"));
            }
            served.extend(files);
        }
    }

    fn publish(&self, ok: bool, errors: Vec<Problem>, info: Option<RebuildInfo>) {
        if let Ok(mut s) = self.status.lock() {
            s.generation += 1;
            s.ok = ok;
            s.errors = errors;
            if let Some(info) = info {
                let early: std::collections::HashSet<&String> = info.early.iter().collect();
                let published = Published {
                    generation: s.generation,
                    all: info.kind == "full" || info.files.iter().any(|f| f.starts_with("static/")),
                    pages: info
                        .pages
                        .iter()
                        .filter(|p| !early.contains(p))
                        .cloned()
                        .collect(),
                };
                s.remember(published);
                s.last_rebuild = Some(info);
            }
            s.base = self.base();
        }
        self.changed.notify_all();
    }

    /// Serve the pages of an incremental rebuild that are done while the site-wide ones are
    /// still rendering: tabs showing them reload now.
    pub fn publish_early(&self, pages: Vec<String>, pending: Vec<String>, ms: f64) {
        if let Ok(mut s) = self.status.lock() {
            s.generation += 1;
            s.ok = true;
            s.errors.clear();
            let published = Published {
                generation: s.generation,
                all: false,
                pages: pages.clone(),
            };
            s.remember(published);
            s.last_rebuild = Some(RebuildInfo {
                kind: "incremental",
                pages: pages.clone(),
                files: Vec::new(),
                ms,
                trigger: Vec::new(),
                stages: Vec::new(),
                early: pages,
                early_ms: Some(ms),
                pending,
            });
        }
        self.changed.notify_all();
    }
}

impl Status {
    fn remember(&mut self, published: Published) {
        if self.recent.len() == RECENT {
            self.recent.pop_front();
        }
        self.recent.push_back(published);
    }
}

/// Run the server until Ctrl-C. `Err` is a message for the terminal.
pub fn run(options: &ServeOptions) -> Result<(), String> {
    let root = options.root.canonicalize().map_err(|e| {
        format!(
            "cannot open the site folder {}: {e}",
            options.root.display()
        )
    })?;
    let shared = Arc::new(Shared::default());
    let mut workspace = Workspace::new(&root, INJECT.to_string(), shared.clone());
    // Watch before the first build and before serving: an edit made while the site builds,
    // or right after a page is first served, is then seen (it was missed when the watcher
    // started after the server).
    let watcher = watch::Watcher::start(&root, &workspace.watched_dirs())
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let outcome = workspace.rebuild();
    if let Ok(mut b) = shared.base.write() {
        *b = workspace.config().base_path();
    }
    report(&root, &shared, outcome, true);

    let (listener, port) = http::bind(options.bind, options.port)
        .map_err(|e| format!("cannot listen on {}:{}: {e}", options.bind, options.port))?;
    let host = match options.bind {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let url = format!("http://{host}:{port}{}", shared.base());
    if port != options.port && options.port != 0 {
        eprintln!("port {} is in use; serving on {url}", options.port);
    } else {
        eprintln!("serving on {url}");
    }
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: bound to {}: other machines on the network can see this preview",
            options.bind
        );
    }
    eprintln!("watching {} for changes; Ctrl-C stops", root.display());

    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .map_err(|e| format!("cannot catch Ctrl-C: {e}"))?;

    let http_shared = shared.clone();
    std::thread::Builder::new()
        .name("gongkai-accept".into())
        .spawn(move || http::serve(listener, http_shared))
        .map_err(|e| format!("cannot start the server: {e}"))?;

    let watch_root = root.clone();
    let watch_shared = shared.clone();
    std::thread::Builder::new()
        .name("gongkai-rebuild".into())
        .spawn(move || {
            let mut watcher = watcher;
            while let Some(batch) = watcher.next_batch() {
                if !workspace.note_changes(&batch) {
                    continue;
                }
                let outcome = workspace.rebuild();
                if let Ok(mut b) = watch_shared.base.write() {
                    *b = workspace.config().base_path();
                }
                report(&watch_root, &watch_shared, outcome, false);
                watcher.watch_new(&workspace.watched_dirs());
            }
        })
        .map_err(|e| format!("cannot start the watcher: {e}"))?;

    if options.open {
        open_browser(&url);
    }
    // Waits until Ctrl-C (or until the handler is gone, which ends the process too).
    let _ = stop_rx.recv();
    eprintln!("\nstopped serving {url}; goodbye");
    Ok(())
}

/// Publish a rebuild's outcome and say it on the terminal.
fn report(root: &Path, shared: &Shared, outcome: Outcome, first: bool) {
    match outcome {
        Outcome::Built(info) => {
            let what = if info.kind == "full" {
                format!("all {}", count(info.pages.len(), "page", "pages"))
            } else {
                count(info.pages.len(), "page", "pages")
            };
            let verb = if first { "built" } else { "rebuilt" };
            let trigger = if info.trigger.is_empty() || first {
                String::new()
            } else {
                format!(" ({})", info.trigger.join(", "))
            };
            let early = match info.early_ms {
                Some(ms) => format!(
                    "; the {} of the change {} served after {ms:.0} ms",
                    count(info.early.len(), "page", "pages"),
                    if info.early.len() == 1 { "was" } else { "were" }
                ),
                None => String::new(),
            };
            eprintln!("{verb} {what} in {:.0} ms{trigger}{early}", info.ms);
            shared.publish(true, Vec::new(), Some(info));
        }
        Outcome::Failed {
            problems,
            diagnostics,
        } => {
            let stderr = std::io::stderr();
            let mut err = stderr.lock();
            let _ = print::print(&mut err, &diagnostics, Format::Human, root, false);
            for p in problems
                .iter()
                .filter(|p| p.rule == "template" || p.rule == "links" || p.rule == "build")
            {
                use std::io::Write;
                let _ = writeln!(err, "error: {}", p.message);
            }
            eprintln!(
                "error: {}; {}",
                count(problems.len(), "error", "errors"),
                if first {
                    "nothing to serve until they are fixed"
                } else {
                    "still serving the last good build"
                }
            );
            shared.publish(false, problems, None);
        }
    }
}

fn open_browser(url: &str) {
    let result = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = result {
        eprintln!("cannot open a browser ({e}); open {url} yourself");
    }
}
