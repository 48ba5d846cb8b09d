//! The theme's files: the Tera templates and the static assets, from the built-in default
//! theme, then the site's theme folder (`themes/<theme>/`), then the site's own `templates/`
//! and `static/`, each later one overriding the earlier by name.
//!
//! Every file is read through [`crate::load::files`], so a pipe, a device, a folder or a link
//! leading out of the site is refused with its path, never waited on or skipped. `check` runs
//! [`check`] (everything `build` would refuse before rendering: a missing theme, a file it
//! cannot read, a template that does not parse); `build` and `serve` read through the same
//! functions.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::load::files::{self, Fence};

use super::embedded;

/// A template: its text, and the file it came from (`None` for the built-in theme's).
pub struct Template {
    pub text: String,
    pub file: Option<PathBuf>,
}

/// The template folders in override order: the theme's, then the site's.
pub fn template_dirs(config: &SiteConfig) -> Vec<PathBuf> {
    vec![
        Path::new("themes").join(&config.theme).join("templates"),
        PathBuf::from("templates"),
    ]
}

/// The static folders in override order: the theme's, then the site's.
pub fn static_dirs(config: &SiteConfig) -> Vec<PathBuf> {
    vec![
        Path::new("themes").join(&config.theme).join("static"),
        PathBuf::from("static"),
    ]
}

/// A theme other than `default` that has no folder (the default one is built in).
pub fn missing(root: &Path, config: &SiteConfig) -> Option<Diagnostic> {
    let dir = Path::new("themes").join(&config.theme);
    if config.theme == "default" || root.join(&dir).is_dir() {
        return None;
    }
    Some(
        Diagnostic::new(
            "theme.missing",
            crate::config::FILE,
            format!(
                "site.toml names the theme `{}`, but {}/ does not exist",
                config.theme,
                dir.display()
            ),
        )
        .hint("name a folder of themes/, or theme = \"default\" for the built-in theme"),
    )
}

/// The files of some theme folders (relative to `root`), by their name inside the folder,
/// later folders overriding earlier ones; what cannot be listed goes to `diagnostics`.
fn files_of(
    root: &Path,
    dirs: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    for dir in dirs {
        if !root.join(dir).is_dir() {
            continue;
        }
        if let Err(d) = files::dir_inside(root, dir, Fence::site(root)) {
            diagnostics.push(*d);
            continue;
        }
        for rel in files::walk(root, dir, diagnostics) {
            let name = rel
                .strip_prefix(dir)
                .unwrap_or(&rel)
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(name, rel);
        }
    }
    out
}

/// Every template, built-in ones first, overridden by the theme's and the site's; a file that
/// cannot be read as text is a diagnostic (and leaves the one it would override).
pub fn read_templates(
    root: &Path,
    config: &SiteConfig,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Template> {
    let mut templates: BTreeMap<String, Template> = embedded::TEMPLATES
        .iter()
        .map(|(n, t)| {
            let template = Template {
                text: t.to_string(),
                file: None,
            };
            (n.to_string(), template)
        })
        .collect();
    // A folder named like a template would leave the built-in one in use without a word.
    for dir in template_dirs(config) {
        for (name, _) in embedded::TEMPLATES {
            let rel = dir.join(name);
            if std::fs::symlink_metadata(root.join(&rel)).is_ok_and(|m| m.is_dir()) {
                diagnostics.push(*files::special(&rel, "a folder", false));
            }
        }
    }
    for (name, rel) in files_of(root, &template_dirs(config), diagnostics) {
        let text = files::read_checked_in(root, &rel, Fence::site(root))
            .and_then(|bytes| crate::load::utf8_checked(&bytes, &rel).map(str::to_string));
        match text {
            Ok(text) => {
                let file = Some(rel);
                templates.insert(name, Template { text, file });
            }
            Err(d) => diagnostics.push(*d),
        }
    }
    templates
}

/// Parse the templates into Tera. A template that does not parse, or extends or includes one
/// that does not exist, is a `theme.template` diagnostic at its file (and line and column
/// when Tera gives them).
pub fn parse(templates: &BTreeMap<String, Template>) -> Result<Tera, Box<Diagnostic>> {
    // One by one first: Tera's error for the whole set does not always say which file.
    for (name, template) in templates {
        if let Err(e) = tera::Template::new(name, None, &template.text) {
            return Err(Box::new(template_diagnostic(name, template, &e)));
        }
    }
    if let Some(d) = missing_include(templates) {
        return Err(Box::new(d));
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(super::escape_html);
    let all = templates.iter().map(|(n, t)| (n.as_str(), t.text.as_str()));
    match tera.add_raw_templates(all) {
        Ok(()) => Ok(tera),
        Err(e) => {
            let message = super::tera_error(&e);
            // The set fails on a missing parent or include; Tera's message names the template
            // that uses it first, in quotes.
            let named = message.split('\'').nth(1).unwrap_or("");
            let culprit = templates
                .get_key_value(named)
                .or_else(|| templates.iter().find(|(_, t)| t.file.is_some()));
            Err(Box::new(match culprit {
                Some((name, template)) => template_diagnostic(name, template, &e),
                None => Diagnostic::new("theme.template", "templates", one_line(&message)),
            }))
        }
    }
}

/// An `{% include "name" %}` of a template that does not exist: Tera finds it only when it
/// renders the page, so without this `check` would pass what `build` refuses.
fn missing_include(templates: &BTreeMap<String, Template>) -> Option<Diagnostic> {
    for (name, template) in templates {
        for tag in super::template_tags(&template.text) {
            let words: Vec<&str> = tag.split_whitespace().collect();
            if words.first() != Some(&"include") || tag.contains("ignore missing") {
                continue;
            }
            let Some(target) = words.get(1).and_then(|w| w.strip_prefix('"')) else {
                continue;
            };
            let target = target.trim_end_matches('"');
            if !templates.contains_key(target) {
                let file = template
                    .file
                    .clone()
                    .unwrap_or_else(|| Path::new("templates").join(name));
                return Some(
                    Diagnostic::new(
                        "theme.template",
                        file,
                        format!("this template includes `{target}`, which does not exist"),
                    )
                    .hint("add the template, or write `ignore missing` after the name"),
                );
            }
        }
    }
    None
}

fn template_diagnostic(name: &str, template: &Template, e: &tera::Error) -> Diagnostic {
    let message = super::tera_error(e);
    let file = template
        .file
        .clone()
        .unwrap_or_else(|| Path::new("templates").join(name));
    let mut d = Diagnostic::new(
        "theme.template",
        file,
        format!("this template cannot be used: {}", one_line(&message)),
    )
    .hint("see https://keats.github.io/tera/docs/ for the template syntax");
    if let Some((line, column)) = pest_position(&message) {
        d = d.at(crate::model::Pos {
            line,
            column,
            len: 1,
        });
    }
    d
}

/// The `--> line:column` of a parse error as Tera prints it.
fn pest_position(message: &str) -> Option<(u32, u32)> {
    let after = message.split("--> ").nth(1)?;
    let spot: String = after
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let (line, column) = spot.split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// A Tera message on one line: for a parse error, what was expected at its place (the pest
/// report's `= expected …` line); otherwise its first line.
fn one_line(message: &str) -> String {
    let expected = message
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("= "));
    match expected {
        Some(e) => format!("it does not parse: {e}"),
        None => message.lines().next().unwrap_or("").trim().to_string(),
    }
}

/// Every static file of the theme and the site, by its path under `static/`, with the file
/// it comes from relative to `root`.
pub fn static_paths(
    root: &Path,
    config: &SiteConfig,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, PathBuf> {
    files_of(root, &static_dirs(config), diagnostics)
}

/// Read a static file (any size: fonts and images are not limited like report files).
pub fn read_static(root: &Path, rel: &Path) -> Result<Vec<u8>, Box<Diagnostic>> {
    use std::io::Read;
    let mut file = files::open_checked(root, rel, Fence::site(root))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(|e| {
        Box::new(
            Diagnostic::new("file.unreadable", rel, format!("cannot read: {e}"))
                .hint("check the file's permissions"),
        )
    })?;
    Ok(bytes)
}

/// Everything about the theme that `build` would refuse before rendering: the theme folder,
/// every template (read and parsed) and every static file (opened, not read).
pub fn check(root: &Path, config: &SiteConfig) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    if let Some(d) = missing(root, config) {
        diagnostics.push(d);
        return diagnostics;
    }
    let templates = read_templates(root, config, &mut diagnostics);
    if diagnostics.is_empty()
        && let Err(d) = parse(&templates)
    {
        diagnostics.push(*d);
    }
    for rel in static_paths(root, config, &mut diagnostics).values() {
        if let Err(d) = files::open_checked(root, rel, Fence::site(root)) {
            diagnostics.push(*d);
        }
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parse_error_is_placed_at_its_line_and_column() {
        let mut templates = BTreeMap::new();
        templates.insert(
            "x.html".to_string(),
            Template {
                text: "<p>\n{{ a }\n".into(),
                file: Some(PathBuf::from("templates/x.html")),
            },
        );
        let Err(d) = parse(&templates) else {
            panic!("a template that does not parse was accepted");
        };
        assert_eq!(d.rule, "theme.template");
        assert_eq!(d.file, "templates/x.html");
        assert_eq!((d.line, d.column), (2, 6), "{}", d.message);
    }

    #[test]
    fn the_built_in_theme_parses() {
        let mut diagnostics = Vec::new();
        let root = Path::new("/nonexistent");
        let templates = read_templates(root, &SiteConfig::fallback(), &mut diagnostics);
        assert!(diagnostics.is_empty());
        assert!(parse(&templates).is_ok());
    }
}
