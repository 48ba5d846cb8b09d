//! Reads `content/` into the model: walks the folders, reads each file safely, splits front
//! matter from the Markdown body, and decodes the YAML into typed agencies and reports.
//!
//! Every problem in every file becomes a [`Diagnostic`]; a bad file never stops the others
//! from loading. Relations between files (unknown agencies, misfiled or duplicate reports)
//! are checked later, by `validate`.

pub mod decode;
pub mod files;
pub mod narrative;
pub mod yaml;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::model::{Agency, AgencyId, FileId, Report};

pub use files::MAX_FILE_BYTES;

/// A file of the site, by its path relative to the site root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteFile {
    /// Relative to the site root, e.g. `content/reports/x/2025.md`.
    pub path: PathBuf,
}

/// Everything loaded from `content/`.
#[derive(Debug, Default)]
pub struct Site {
    pub root: PathBuf,
    pub files: Vec<SiteFile>,
    pub agencies: BTreeMap<AgencyId, Agency>,
    /// Sorted by agency, then year.
    pub reports: Vec<Report>,
}

impl Site {
    pub fn file(&self, id: FileId) -> &Path {
        &self.files[id as usize].path
    }

    /// The absolute path of a file of the site.
    pub fn absolute(&self, id: FileId) -> PathBuf {
        self.root.join(self.file(id))
    }

    /// The reports of one agency, oldest first.
    pub fn reports_of<'a>(&'a self, agency: &'a AgencyId) -> impl Iterator<Item = &'a Report> + 'a {
        let start = self.reports.partition_point(|r| &r.agency < agency);
        self.reports[start..]
            .iter()
            .take_while(move |r| &r.agency == agency)
    }

    /// The index in `reports` of an agency's report for a year: a binary search, since
    /// reports are sorted by agency, then year.
    pub fn report_index(&self, agency: &AgencyId, year: u16) -> Option<usize> {
        let i = self
            .reports
            .partition_point(|r| (&r.agency, r.year) < (agency, year));
        self.reports
            .get(i)
            .filter(|r| &r.agency == agency && r.year == year)
            .map(|_| i)
    }

    /// Read a report's file again (its narrative is not kept in memory); [`utf8_text`] gives
    /// the text that the narrative's byte ranges index.
    pub fn read_report_bytes(&self, report: &Report) -> std::io::Result<Vec<u8>> {
        let content = self.root.join("content");
        read_checked(&self.root, &content, self.file(report.file))
            .map_err(|d| std::io::Error::other(format!("{}: {}", d.file, d.message)))
    }
}

/// The outcome of loading: the site and what was found wrong on the way.
#[derive(Debug, Default)]
pub struct Loaded {
    pub site: Site,
    pub diagnostics: Vec<Diagnostic>,
}

enum Parsed {
    Agency(Agency),
    Report(Box<Report>),
    Nothing,
}

/// What a path under `content/` is.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Agency(String),
    Report {
        agency: String,
        year: String,
    },
    /// A Markdown page of the site (`content/about.md`).
    Page,
    Misplaced(&'static str),
}

/// Load every agency and report under `root/content`.
pub fn load_site(root: &Path) -> Loaded {
    let mut diagnostics = Vec::new();
    let content = root.join("content");
    let paths = match discover(root, &content, &mut diagnostics) {
        Some(paths) => paths,
        None => {
            return Loaded {
                site: Site {
                    root: root.to_path_buf(),
                    ..Site::default()
                },
                diagnostics,
            };
        }
    };
    let results: Vec<(Parsed, Vec<Diagnostic>)> = paths
        .par_iter()
        .enumerate()
        .map(|(id, rel)| load_file(root, &content, rel, id as FileId))
        .collect();
    let mut site = Site {
        root: root.to_path_buf(),
        files: paths.into_iter().map(|path| SiteFile { path }).collect(),
        ..Site::default()
    };
    for (parsed, diags) in results {
        diagnostics.extend(diags);
        match parsed {
            Parsed::Agency(a) => {
                site.agencies.insert(a.id.clone(), a);
            }
            Parsed::Report(r) => site.reports.push(*r),
            Parsed::Nothing => {}
        }
    }
    site.reports
        .sort_by(|a, b| (&a.agency, a.year, a.file).cmp(&(&b.agency, b.year, b.file)));
    Loaded { site, diagnostics }
}

/// What [`reload_file`] changed in a site.
#[derive(Debug)]
pub enum Reloaded {
    /// A report file: the agency and year it had before and has now (`None` when it did not
    /// load, e.g. broken YAML).
    Report {
        before: Option<(AgencyId, u16)>,
        after: Option<(AgencyId, u16)>,
    },
    /// An agency file: the agency as it was before, and its id now.
    Agency {
        before: Option<Box<Agency>>,
        after: Option<AgencyId>,
    },
    /// Any other file the site already knew (it holds nothing the site keeps).
    Other,
}

/// Load one file of `content/` again into an existing site, replacing what it held: `serve`
/// calls it for an edited file instead of loading the whole site again. Returns what changed
/// and the diagnostics of loading that file. `None` when the file is not one of the site's
/// files or no longer exists: a new or deleted file changes the list of files (and so the
/// file ids), so the caller must load the whole site then.
pub fn reload_file(site: &mut Site, rel: &Path) -> Option<(Reloaded, Vec<Diagnostic>)> {
    let id = site.files.iter().position(|f| f.path == rel)?;
    let root = site.root.clone();
    if !fs::symlink_metadata(root.join(rel)).is_ok_and(|m| !m.is_dir()) {
        return None;
    }
    let id = FileId::try_from(id).ok()?;
    let (parsed, diags) = load_file(&root, &root.join("content"), rel, id);
    let old_report = site.reports.iter().position(|r| r.file == id);
    let old_agency = site
        .agencies
        .iter()
        .find(|(_, a)| a.file == id)
        .map(|(k, _)| k.clone());
    let before_report = old_report.map(|i| site.reports.remove(i));
    let before_agency = old_agency.and_then(|k| site.agencies.remove(&k));
    let reloaded = match parsed {
        Parsed::Report(r) => {
            let after = Some((r.agency.clone(), r.year));
            let at = site
                .reports
                .partition_point(|x| (&x.agency, x.year, x.file) < (&r.agency, r.year, r.file));
            site.reports.insert(at, *r);
            Reloaded::Report {
                before: before_report.map(|r| (r.agency, r.year)),
                after,
            }
        }
        Parsed::Agency(a) => {
            let after = Some(a.id.clone());
            site.agencies.insert(a.id.clone(), a);
            Reloaded::Agency {
                before: before_agency.map(Box::new),
                after,
            }
        }
        Parsed::Nothing => match (before_report, before_agency) {
            (Some(r), _) => Reloaded::Report {
                before: Some((r.agency, r.year)),
                after: None,
            },
            (None, Some(a)) => Reloaded::Agency {
                before: Some(Box::new(a)),
                after: None,
            },
            (None, None) => match classify(rel) {
                Kind::Report { .. } => Reloaded::Report {
                    before: None,
                    after: None,
                },
                Kind::Agency(_) => Reloaded::Agency {
                    before: None,
                    after: None,
                },
                Kind::Page | Kind::Misplaced(_) => Reloaded::Other,
            },
        },
    };
    Some((reloaded, diags))
}

/// The files under `content/agencies` and `content/reports`, sorted, relative to the root.
fn discover(
    root: &Path,
    content: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<PathBuf>> {
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::new(
                "file.unreadable",
                "content",
                "there is no content/ folder here",
            )
            .hint(format!(
                "run gongkai in a site folder, or name one with --root (looked in {})",
                root.display()
            )),
        );
        return None;
    }
    let mut paths = pages(root, content, diagnostics);
    for sub in ["agencies", "reports"] {
        let dir = content.join(sub);
        if !dir.exists() {
            continue;
        }
        let rel_dir = relative(root, &dir);
        if let Err(d) = files::dir_inside(root, &rel_dir, files::Fence::content(content)) {
            diagnostics.push(*d);
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir)
            .follow_links(false)
            .sort_by_file_name()
        {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e
                        .path()
                        .map(|p| relative(root, p))
                        .unwrap_or_else(|| dir.clone());
                    diagnostics.push(Diagnostic::new(
                        "file.unreadable",
                        path,
                        format!("cannot read this folder: {e}"),
                    ));
                    continue;
                }
            };
            let rel = relative(root, entry.path());
            if !entry.file_type().is_dir() {
                paths.push(rel);
            } else if looks_like_a_file(&rel) {
                diagnostics.push(*files::special(&rel, "a folder", false));
            }
        }
    }
    paths.sort();
    Some(paths)
}

/// The Markdown pages directly in `content/` (`about.md`); a folder named like one is
/// refused, since a page expected there would be silently missing.
fn pages(root: &Path, content: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(content) else {
        return Vec::new();
    };
    let mut pages = Vec::new();
    for entry in entries.flatten() {
        let rel = relative(root, &entry.path());
        if classify(&rel) != Kind::Page {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            diagnostics.push(*files::special(&rel, "a folder", false));
        } else {
            pages.push(rel);
        }
    }
    pages
}

/// Whether gongkai would read a file at this path (a folder there hides a file).
fn looks_like_a_file(rel: &Path) -> bool {
    matches!(
        classify(rel),
        Kind::Agency(_) | Kind::Report { .. } | Kind::Page
    ) || rel
        .extension()
        .is_some_and(|e| e == "md" || e == "yaml" || e == "yml")
}

use files::relative;

fn classify(rel: &Path) -> Kind {
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    match parts.as_slice() {
        ["content", "agencies", name] => match name.strip_suffix(".yaml") {
            Some(id) => Kind::Agency(id.to_string()),
            None => Kind::Misplaced("agency files are named <id>.yaml"),
        },
        ["content", "reports", agency, name] => match name.strip_suffix(".md") {
            Some(year) if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) => {
                Kind::Report {
                    agency: agency.to_string(),
                    year: year.to_string(),
                }
            }
            _ => Kind::Misplaced("report files are named <year>.md, e.g. 2025.md"),
        },
        ["content", "reports", ..] => Kind::Misplaced(
            "reports live in content/reports/<agency-id>/<year>.md, one folder per agency",
        ),
        ["content", "agencies", ..] => {
            Kind::Misplaced("agency files live directly in content/agencies/")
        }
        ["content", name] if name.ends_with(".md") => Kind::Page,
        _ => Kind::Misplaced("this folder holds only agency and report files"),
    }
}

fn load_file(root: &Path, content: &Path, rel: &Path, id: FileId) -> (Parsed, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let kind = classify(rel);
    if let Kind::Misplaced(hint) = kind {
        diags.push(
            Diagnostic::new(
                "file.misplaced",
                rel,
                "this file is not where gongkai looks for it",
            )
            .hint(hint),
        );
        return (Parsed::Nothing, diags);
    }
    let bytes = match read_checked(root, content, rel) {
        Ok(bytes) => bytes,
        Err(d) => {
            diags.push(*d);
            return (Parsed::Nothing, diags);
        }
    };
    // A page may be empty; a report or an agency file may not.
    let checked = match kind {
        Kind::Page => utf8_checked(&bytes, rel),
        _ => checked_text(&bytes, rel),
    };
    let text = match checked {
        Ok(text) => text,
        Err(d) => {
            diags.push(*d);
            return (Parsed::Nothing, diags);
        }
    };
    let parsed = match kind {
        Kind::Agency(name) => {
            decode::agency(text, rel, &name, id, &mut diags).map_or(Parsed::Nothing, Parsed::Agency)
        }
        Kind::Report { agency, year } => decode::report(text, rel, &agency, &year, id, &mut diags)
            .map_or(Parsed::Nothing, |r| Parsed::Report(Box::new(r))),
        Kind::Page | Kind::Misplaced(_) => Parsed::Nothing,
    };
    (parsed, diags)
}

/// Read a file of `content/`, refusing anything but a regular file or a link to one inside
/// `content/`, and files over the size limit, each with a diagnostic that says which
/// ([`files`]). [`checked_text`] reads them as text.
pub fn read_checked(root: &Path, content: &Path, rel: &Path) -> Result<Vec<u8>, Box<Diagnostic>> {
    files::read_checked_in(root, rel, files::Fence::content(content))
}

/// A file's bytes as UTF-8 text without the byte-order mark, refusing invalid UTF-8, control
/// characters and empty files with a diagnostic that says which.
pub fn checked_text<'b>(bytes: &'b [u8], rel: &Path) -> Result<&'b str, Box<Diagnostic>> {
    let text = utf8_checked(bytes, rel)?;
    if text.trim().is_empty() {
        return Err(Box::new(
            Diagnostic::new("file.unreadable", rel, "the file is empty")
                .hint("delete it, or fill it in (gongkai new writes a complete skeleton)"),
        ));
    }
    Ok(text)
}

/// A file's bytes as UTF-8 text without the byte-order mark, refusing invalid UTF-8 and
/// control characters (an empty file is fine: a template may be).
pub fn utf8_checked<'b>(bytes: &'b [u8], rel: &Path) -> Result<&'b str, Box<Diagnostic>> {
    let text = match utf8_text(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() as u32 + 1;
            let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count() as u32
                + 1;
            return Err(Box::new(
                Diagnostic::new(
                    "file.unreadable",
                    rel,
                    format!(
                        "the file is not valid UTF-8 (byte {} is not)",
                        e.valid_up_to()
                    ),
                )
                .at(crate::model::Pos {
                    line,
                    column,
                    len: 1,
                })
                .hint("save the file as UTF-8; text copied from GBK pages must be converted"),
            ));
        }
    };
    refuse_control_characters(text, rel)?;
    Ok(text)
}

/// Refuse NUL and the other control characters of C0 (U+0000–U+001F) and C1 (U+0080–U+009F),
/// and DEL (U+007F), other than tab, line feed and carriage return (so CRLF files pass):
/// they are invisible in an editor and in a review, and would reach the pages.
pub fn refuse_control_characters(text: &str, rel: &Path) -> Result<(), Box<Diagnostic>> {
    let Some((at, c)) = first_control_character(text) else {
        return Ok(());
    };
    let before = &text[..at];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() as u32 + 1;
    Err(Box::new(
        Diagnostic::new(
            "text.control-character",
            rel,
            format!(
                "the control character U+{:04X}{} is not allowed in a text file",
                c as u32,
                if c == '\0' { " (NUL)" } else { "" }
            ),
        )
        .at(crate::model::Pos {
            line,
            column,
            len: 1,
        })
        .hint("delete it: only tab, line feed and carriage return may appear (it often comes from copying text out of a PDF or a word processor)"),
    ))
}

fn is_refused_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// The byte offset and character of the first refused control character. A pass over the
/// bytes without branches (which the compiler vectorises) first says whether there can be
/// one at all: a build reads every file, and almost none has one. Only `0xC2` can start a C1
/// control in UTF-8, and it starts common characters too (`·` is `C2 B7`), so a file with
/// one is looked at character by character.
fn first_control_character(text: &str) -> Option<(usize, char)> {
    let suspect = text.as_bytes().iter().fold(false, |any, &b| {
        any | ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0x7f) | (b == 0xc2)
    });
    if !suspect {
        return None;
    }
    text.char_indices().find(|(_, c)| is_refused_control(*c))
}

/// Bytes as UTF-8 text, a leading byte-order mark (Windows editors write one) dropped. The
/// check is SIMD-accelerated: a build reads every report file three times (to load it, to
/// render its page, to index it) and std's check of Chinese text cost some 4% of the build.
pub fn utf8_text(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    let text = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => text,
        // Only std's check says where the first bad byte is.
        Err(_) => std::str::from_utf8(bytes)?,
    };
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// The nearest of `candidates` to `word`, if it is near enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_classified() {
        assert_eq!(
            classify(Path::new("content/reports/a-b/2025.md")),
            Kind::Report {
                agency: "a-b".into(),
                year: "2025".into()
            }
        );
        assert!(matches!(
            classify(Path::new("content/reports/a/25.md")),
            Kind::Misplaced(_)
        ));
        assert!(matches!(
            classify(Path::new("content/reports/2025.md")),
            Kind::Misplaced(_)
        ));
        assert!(matches!(
            classify(Path::new("content/agencies/a.yml")),
            Kind::Misplaced(_)
        ));
        assert_eq!(
            classify(Path::new("content/agencies/a.yaml")),
            Kind::Agency("a".into())
        );
    }

    #[test]
    fn suggestions_find_typos() {
        assert_eq!(
            suggest("recieved", ["received", "granted"]),
            Some("received")
        );
        assert_eq!(suggest("zzz", ["received", "granted"]), None);
    }
}
