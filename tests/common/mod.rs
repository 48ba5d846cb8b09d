//! Helpers shared by the integration tests: temporary copies of fixture sites, edits to their
//! files, and runs of the real `gongkai` binary.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const BIN: &str = env!("CARGO_BIN_EXE_gongkai");

/// The agencies of the five seed reports in `content/`.
pub const SEED_AGENCIES: [&str; 5] = [
    "hami-yizhou-minzheng",
    "hami-yizhou-tianshan",
    "hohhot-saihan-minzheng",
    "hotan-minzheng",
    "urumqi-minzheng",
];

/// The crate's own folder (holding `content/`, `docs/`, `schema/`, `tests/fixtures/`).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary copy of a site, removed when dropped.
pub struct TempSite {
    pub root: PathBuf,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl TempSite {
    /// An empty temporary folder.
    pub fn empty(name: &str) -> TempSite {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let root =
            std::env::temp_dir().join(format!("gongkai-test-{}-{name}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).unwrap();
        TempSite { root }
    }

    /// A copy of `tests/fixtures/<fixture>`.
    pub fn fixture(fixture: &str) -> TempSite {
        Self::copy_of(&repo().join("tests/fixtures").join(fixture), fixture)
    }

    /// A copy of the five seed reports of the repository's `content/` (the reports the project
    /// was founded on, one year each of five agencies), with their agencies and the about page:
    /// the tests that assert seed by seed use these; `real_content` has the whole corpus.
    pub fn seeds() -> TempSite {
        let site = TempSite::empty("seeds");
        let from = repo().join("content");
        let to = site.root.join("content");
        fs::create_dir_all(to.join("agencies")).unwrap();
        fs::copy(from.join("about.md"), to.join("about.md")).unwrap();
        for id in SEED_AGENCIES {
            let agency = format!("agencies/{id}.yaml");
            fs::copy(from.join(&agency), to.join(&agency)).unwrap();
            copy_dir(&from.join("reports").join(id), &to.join("reports").join(id));
        }
        site
    }

    /// A copy of the repository's whole `content/`: the seeds and the 105 real reports of
    /// 平潭综合实验区.
    pub fn real_content() -> TempSite {
        let site = TempSite::empty("content");
        copy_dir(&repo().join("content"), &site.root.join("content"));
        site
    }

    pub fn copy_of(from: &Path, name: &str) -> TempSite {
        let site = TempSite::empty(name);
        copy_dir(from, &site.root);
        site
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap()
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.path(rel)).unwrap();
    }

    /// Replace the one occurrence of `from` in a file with `to`; panics if `from` is not there
    /// exactly once, so a test cannot silently edit nothing.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Self {
        let text = self.read(rel);
        assert_eq!(
            text.matches(from).count(),
            1,
            "`{from}` must occur once in {rel}"
        );
        self.write(rel, text.replacen(from, to, 1));
        self
    }

    /// Run `gongkai` with these arguments (`--root` is added for `check` and `export`).
    pub fn run(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(BIN);
        cmd.args(args);
        if matches!(args.first(), Some(&"check") | Some(&"export")) {
            cmd.arg("--root").arg(&self.root);
        }
        let out = cmd.output().unwrap();
        Run {
            code: out
                .status
                .code()
                .expect("gongkai was killed by a signal (a panic abort?)"),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// `gongkai check --format json`, parsed: the exit code and every finding.
    pub fn check(&self) -> (i32, Vec<Finding>) {
        let run = self.run(&["check", "--format", "json"]);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        let findings = run
            .stdout
            .lines()
            .map(|l| {
                let v: serde_json::Value =
                    serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"));
                Finding::from_json(&v)
            })
            .collect();
        (run.code, findings)
    }
}

impl Drop for TempSite {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// One finding as `gongkai check --format json` prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub severity: String,
    pub rule: String,
    pub file: String,
    pub line: u64,
    pub column: u64,
    pub message: String,
    pub hint: Option<String>,
}

impl Finding {
    pub fn from_json(v: &serde_json::Value) -> Finding {
        let s = |k: &str| {
            v[k].as_str()
                .unwrap_or_else(|| panic!("no `{k}` in {v}"))
                .to_string()
        };
        let n = |k: &str| v[k].as_u64().unwrap_or_else(|| panic!("no `{k}` in {v}"));
        Finding {
            severity: s("severity"),
            rule: s("rule"),
            file: s("file"),
            line: n("line"),
            column: n("column"),
            message: s("message"),
            hint: v["hint"].as_str().map(str::to_string),
        }
    }

    /// `severity rule file:line:column message`, the form the tests compare.
    pub fn short(&self) -> String {
        format!(
            "{} {} {}:{}:{} {}",
            self.severity, self.rule, self.file, self.line, self.column, self.message
        )
    }
}

pub fn shorts(findings: &[Finding]) -> Vec<String> {
    findings.iter().map(Finding::short).collect()
}

impl TempSite {
    /// Give the site the repository's theme and site.toml, so that it builds as the real one.
    pub fn make_buildable(&self) -> &Self {
        copy_dir(&repo().join("themes"), &self.path("themes"));
        fs::copy(repo().join("site.toml"), self.path("site.toml")).unwrap();
        self
    }
}

/// Build the site at `root` into `out` with the real binary; panics with its stderr on failure.
pub fn build_into(root: &Path, out: &Path) -> PathBuf {
    let run = Command::new(BIN)
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    out.to_path_buf()
}

/// Whether the browser tools (Chromium, Node packages, Java) are installed: `scripts/test`
/// installs them and sets GONGKAI_BROWSER_TESTS=1. Elsewhere a browser test says it was
/// skipped; under CI (CI=true) a missing variable is a failure, never a silent skip.
pub fn browser_tools_present(what: &str) -> bool {
    if std::env::var_os("GONGKAI_BROWSER_TESTS").is_some() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run the browser tests ({what}): run scripts/test"
    );
    eprintln!("skipped: {what} (set GONGKAI_BROWSER_TESTS=1, as scripts/test does)");
    false
}
