//! Watching the site's files, and coalescing bursts of events into one batch.
//!
//! Editors save in many ways: write in place (several events), write a temporary file and
//! rename it over the original, delete and re-create. All of them end within a few
//! milliseconds, so a batch closes after [`QUIET`] without events: one save, or a burst of
//! saves, gives one rebuild.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

/// A batch closes when no event came for this long.
pub const QUIET: Duration = Duration::from_millis(40);
/// A batch closes after this long even if events keep coming (a long copy into content/).
const LONGEST: Duration = Duration::from_millis(1000);

pub struct Watcher {
    root: PathBuf,
    inner: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Watch the root (not recursively: site.toml and the folders appearing) and each
    /// existing folder of `dirs` recursively.
    pub fn start(root: &Path, dirs: &[PathBuf]) -> notify::Result<Watcher> {
        let (tx, events) = channel();
        let mut inner = notify::recommended_watcher(tx)?;
        inner.watch(root, RecursiveMode::NonRecursive)?;
        let mut w = Watcher {
            root: root.to_path_buf(),
            inner,
            events,
            watched: BTreeSet::new(),
        };
        w.watch_new(dirs);
        Ok(w)
    }

    /// Start watching the folders of `dirs` that exist now and were not watched yet (a site
    /// that gains a `templates/` folder).
    pub fn watch_new(&mut self, dirs: &[PathBuf]) {
        for dir in dirs {
            if dir.is_dir() && !self.watched.contains(dir) {
                match self.inner.watch(dir, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(dir.clone());
                    }
                    Err(e) => eprintln!("warning: cannot watch {}: {e}", dir.display()),
                }
            }
        }
    }

    /// The next batch of changed paths, relative to the root; `None` when the watcher stops.
    pub fn next_batch(&mut self) -> Option<BTreeSet<PathBuf>> {
        loop {
            let mut batch = BTreeSet::new();
            let first = self.events.recv().ok()?;
            self.add(first, &mut batch);
            let started = Instant::now();
            loop {
                match self.events.recv_timeout(QUIET) {
                    Ok(event) => self.add(event, &mut batch),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
                if started.elapsed() > LONGEST {
                    break;
                }
            }
            if !batch.is_empty() {
                return Some(batch);
            }
        }
    }

    fn add(&self, event: notify::Result<notify::Event>, batch: &mut BTreeSet<PathBuf>) {
        let event = match event {
            Ok(e) => e,
            Err(e) => {
                eprintln!("warning: file watcher: {e}");
                return;
            }
        };
        // Opening and reading files (our own reads included) changes nothing.
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        for path in event.paths {
            let rel = path.strip_prefix(&self.root).unwrap_or(&path);
            if !rel.as_os_str().is_empty() && !is_noise(rel) {
                batch.insert(rel.to_path_buf());
            }
        }
    }
}

/// Editors' swap, backup and temporary files, which are not part of the site: their saves
/// show up as the rename onto the real file.
fn is_noise(rel: &Path) -> bool {
    let Some(name) = rel.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bak",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|s| name.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_noise() {
        for n in [
            "content/reports/a/.2025.md.swp",
            "content/reports/a/2025.md~",
            "content/reports/a/4913",
            "content/reports/a/.#2025.md",
            "content/reports/a/2025.md___jb_tmp___",
        ] {
            assert!(is_noise(Path::new(n)), "{n}");
        }
        assert!(!is_noise(Path::new("content/reports/a/2025.md")));
        assert!(!is_noise(Path::new("site.toml")));
    }
}
