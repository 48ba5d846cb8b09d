//! `site.toml`: the site's title, address, language and theme.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::model::Pos;

/// The configuration file, relative to the site root.
pub const FILE: &str = "site.toml";

/// Every key of site.toml.
pub const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "data_license",
    "checks",
];

const BASE_URL_HINT: &str =
    "an address such as https://example.org/gongkai/, or a path such as /gongkai/";

/// What is wrong with a `base_url`, if anything: it is an `http(s)://` address with a host,
/// or a path starting with `/`, without spaces, quotes or angle brackets (it is written into
/// every page's links).
pub fn base_url_problem(url: &str) -> Option<&'static str> {
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`".contains(c))
    {
        return Some("holds a space, a quote, an angle bracket or a backslash");
    }
    if let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        return match host.is_empty() || rest.contains(['?', '#']) {
            true => Some("is not an address with a host and a path"),
            false => None,
        };
    }
    if url.starts_with("//") || !url.starts_with('/') {
        return Some("is neither an http(s) address nor a path starting with /");
    }
    if url.contains(['?', '#']) {
        return Some("is a path with a query or a fragment");
    }
    None
}

/// A theme is named by a folder of `themes/`: no separators, no dots (so no `..`).
fn theme_name_ok(name: &str) -> bool {
    !name.is_empty() && !name.contains(['/', '\\', '.']) && !name.chars().any(char::is_control)
}

fn syntax_error(text: &str, e: &toml::de::Error) -> Diagnostic {
    Diagnostic::new(
        "config.syntax",
        FILE,
        format!("site.toml is not valid TOML: {}", e.message().trim()),
    )
    .at(position(text, e.span().unwrap_or(0..0)))
    .hint("strings are quoted: title = \"…\"")
}

fn unknown_key(name: &str) -> Diagnostic {
    let message = match crate::load::suggest(name, KEYS.iter().copied()) {
        Some(s) => format!("unknown key `{name}` in site.toml (did you mean `{s}`?)"),
        None => format!("unknown key `{name}` in site.toml"),
    };
    Diagnostic::new("config.unknown-key", FILE, message)
        .hint(format!("the keys of site.toml are {}", KEYS.join(", ")))
}

/// The line and column (in characters) of a byte range of the text.
fn position(text: &str, span: std::ops::Range<usize>) -> Pos {
    let start = span.start.min(text.len());
    let start = (0..=start)
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    let before = &text[..start];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let end = span.end.clamp(start, text.len());
    let end = (end..=text.len())
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(text.len());
    Pos {
        line: before.matches('\n').count() as u32 + 1,
        column: before[line_start..].chars().count() as u32 + 1,
        len: (text[start..end].chars().count() as u32).max(1),
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Where the site is served from; only its path is used in links, so a sub-path works.
    /// The sitemap, the feed and the JSON-LD need its origin (`https://example.org`): a path
    /// alone (`/`) leaves them out.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default)]
    pub language: Language,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_license")]
    pub data_license: String,
    /// Settings of the checks (`[checks]`).
    #[serde(default)]
    pub checks: ChecksConfig,
}

/// `[checks]` of site.toml.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChecksConfig {
    /// `narrative.copied` warns when this share (0–1) of a section's text, or more, is covered
    /// by passages also found in one other report.
    #[serde(default = "default_copied_share")]
    pub copied_share: f64,
}

impl Default for ChecksConfig {
    fn default() -> Self {
        ChecksConfig {
            copied_share: default_copied_share(),
        }
    }
}

fn default_copied_share() -> f64 {
    0.8
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
pub enum Language {
    #[default]
    #[serde(rename = "zh-CN")]
    Chinese,
    #[serde(rename = "en")]
    English,
}

impl Language {
    pub fn tag(self) -> &'static str {
        match self {
            Language::Chinese => "zh-CN",
            Language::English => "en",
        }
    }
}

fn default_base_url() -> String {
    "/".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_license() -> String {
    "CC-BY-4.0".into()
}

impl SiteConfig {
    /// The configuration of a site without site.toml.
    pub fn fallback() -> SiteConfig {
        SiteConfig {
            title: "gongkai".into(),
            description: String::new(),
            base_url: default_base_url(),
            language: Language::default(),
            theme: default_theme(),
            data_license: default_license(),
            checks: ChecksConfig::default(),
        }
    }

    /// Read `root/site.toml`; a missing file gives the defaults, a bad one its first
    /// diagnostic ([`SiteConfig::read`] gives them all).
    pub fn load(root: &Path) -> Result<SiteConfig, Box<Diagnostic>> {
        let (config, mut diagnostics) = SiteConfig::read(root);
        match diagnostics.is_empty() {
            true => Ok(config),
            false => Err(Box::new(diagnostics.swap_remove(0))),
        }
    }

    /// Read `root/site.toml` and check every key: the configuration (the defaults standing in
    /// for what is missing or wrong) and every problem, each at its line and column. A missing
    /// file is the defaults. The file is read as the content is ([`crate::load::files`]): a
    /// pipe or a device there is refused, never waited on.
    pub fn read(root: &Path) -> (SiteConfig, Vec<Diagnostic>) {
        let rel = Path::new(FILE);
        match std::fs::symlink_metadata(root.join(rel)) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (SiteConfig::fallback(), Vec::new());
            }
            _ => {}
        }
        let bytes = match crate::load::files::read_checked_in(
            root,
            rel,
            crate::load::files::Fence::site(root),
        ) {
            Ok(b) => b,
            Err(d) => return (SiteConfig::fallback(), vec![*d]),
        };
        match crate::load::utf8_checked(&bytes, rel) {
            Ok(text) => SiteConfig::parse(text),
            Err(d) => (SiteConfig::fallback(), vec![*d]),
        }
    }

    /// Parse the text of site.toml, checking every key.
    pub fn parse(text: &str) -> (SiteConfig, Vec<Diagnostic>) {
        let mut config = SiteConfig::fallback();
        let table = match toml::de::DeTable::parse(text) {
            Ok(t) => t.into_inner(),
            Err(e) => return (config, vec![syntax_error(text, &e)]),
        };
        let mut diagnostics = Vec::new();
        for (key, value) in &table {
            let name = key.get_ref().as_ref();
            if !KEYS.contains(&name) {
                diagnostics.push(unknown_key(name).at(position(text, key.span())));
                continue;
            }
            if name == "checks" {
                config.set_checks(text, value, &mut diagnostics);
                continue;
            }
            let set = match value.get_ref() {
                toml::de::DeValue::String(s) => config.set(name, s),
                _ => Err((
                    format!("`{name}` must be a string"),
                    "quote the value: key = \"…\"",
                )),
            };
            if let Err((message, hint)) = set {
                diagnostics.push(
                    Diagnostic::new("config.value", FILE, message)
                        .at(position(text, value.span()))
                        .hint(hint),
                );
            }
        }
        // The table's order is not the file's.
        diagnostics.sort_by_key(|d| (d.line, d.column));
        if !table.keys().any(|k| k.get_ref() == "title") {
            diagnostics.push(
                Diagnostic::new("config.value", FILE, "site.toml has no title")
                    .hint("add a line: title = \"…\""),
            );
        }
        (config, diagnostics)
    }

    /// `[checks]`: `copied_share`, a share between 0 and 1.
    fn set_checks(
        &mut self,
        text: &str,
        value: &toml::Spanned<toml::de::DeValue<'_>>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let toml::de::DeValue::Table(table) = value.get_ref() else {
            diagnostics.push(
                Diagnostic::new("config.value", FILE, "`checks` must be a table")
                    .at(position(text, value.span()))
                    .hint("write it as a section: [checks] then copied_share = 0.8"),
            );
            return;
        };
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            if name != "copied_share" {
                diagnostics.push(
                    Diagnostic::new(
                        "config.unknown-key",
                        FILE,
                        format!("unknown key `{name}` in [checks] of site.toml"),
                    )
                    .at(position(text, key.span()))
                    .hint("[checks] has one key: copied_share"),
                );
                continue;
            }
            let share = match value.get_ref() {
                toml::de::DeValue::Float(f) => f.to_string().parse::<f64>().ok(),
                toml::de::DeValue::Integer(i) => i.to_string().parse::<f64>().ok(),
                _ => None,
            };
            match share.filter(|s| *s > 0.0 && *s <= 1.0) {
                Some(s) => self.checks.copied_share = s,
                None => diagnostics.push(
                    Diagnostic::new(
                        "config.value",
                        FILE,
                        "[checks] copied_share must be a share above 0 and at most 1",
                    )
                    .at(position(text, value.span()))
                    .hint("write e.g. copied_share = 0.8 (80% of a section's text)"),
                ),
            }
        }
    }

    /// Set one key (known to be one of [`KEYS`]) from its string, or say what is wrong with it.
    fn set(&mut self, name: &str, value: &str) -> Result<(), (String, &'static str)> {
        match name {
            "title" => self.title = value.to_string(),
            "description" => self.description = value.to_string(),
            "base_url" => match base_url_problem(value) {
                None => self.base_url = value.to_string(),
                Some(problem) => {
                    return Err((format!("base_url `{value}` {problem}"), BASE_URL_HINT));
                }
            },
            "language" => match value {
                "zh-CN" => self.language = Language::Chinese,
                "en" => self.language = Language::English,
                _ => {
                    return Err((
                        format!("the language `{value}` is neither zh-CN nor en"),
                        "language = \"zh-CN\" or \"en\"",
                    ));
                }
            },
            "theme" if theme_name_ok(value) => self.theme = value.to_string(),
            "theme" => {
                return Err((
                    format!("the theme name `{value}` is not a folder name"),
                    "name a folder of themes/, e.g. theme = \"default\"",
                ));
            }
            _ => self.data_license = value.to_string(),
        }
        Ok(())
    }

    /// The path part of `base_url`, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        let url = self.base_url.trim();
        let path = match url.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
            None => url,
        };
        let path = path.trim_matches('/');
        if path.is_empty() {
            "/".into()
        } else {
            format!("/{path}/")
        }
    }

    /// The scheme and host of `base_url` (`https://example.org`), when it has them; a path
    /// alone (`/`, `/gongkai/`) has no origin.
    pub fn origin(&self) -> Option<&str> {
        let url = self.base_url.trim();
        let (scheme, rest) = url.split_once("://")?;
        let host = rest.find('/').map_or(rest, |i| &rest[..i]);
        if scheme.is_empty() || host.is_empty() {
            return None;
        }
        Some(&url[..scheme.len() + "://".len() + host.len()])
    }

    /// The absolute address of the site (origin and base path), for the sitemap, the feed and
    /// the JSON-LD; `None` when `base_url` has no origin, as nothing can be made up for it.
    pub fn absolute_base(&self) -> Option<String> {
        self.origin().map(|o| format!("{o}{}", self.base_path()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        let mut c: SiteConfig = toml::from_str("title = \"t\"").unwrap();
        assert_eq!(c.base_path(), "/");
        c.base_url = "https://x.github.io/gongkai".into();
        assert_eq!(c.base_path(), "/gongkai/");
        c.base_url = "/sub/dir/".into();
        assert_eq!(c.base_path(), "/sub/dir/");
    }

    fn rules(text: &str) -> Vec<String> {
        SiteConfig::parse(text)
            .1
            .iter()
            .map(|d| format!("{} {}:{} {}", d.rule, d.line, d.column, d.message))
            .collect()
    }

    #[test]
    fn absolute_addresses_need_an_origin() {
        let mut c: SiteConfig = toml::from_str("title = \"t\"").unwrap();
        assert_eq!((c.origin(), c.absolute_base()), (None, None));
        c.base_url = "/gongkai/".into();
        assert_eq!(c.absolute_base(), None);
        c.base_url = "https://x.github.io/gongkai".into();
        assert_eq!(c.origin(), Some("https://x.github.io"));
        assert_eq!(
            c.absolute_base().as_deref(),
            Some("https://x.github.io/gongkai/")
        );
        c.base_url = "https://example.org".into();
        assert_eq!(c.absolute_base().as_deref(), Some("https://example.org/"));
        c.base_url = "https:///x".into();
        assert_eq!(c.origin(), None);
    }

    #[test]
    fn every_problem_of_site_toml_is_found_at_its_place() {
        assert_eq!(rules("title = \"t\""), Vec::<String>::new());
        assert_eq!(
            rules("title = \"t\"\ntitel = 1\nlanguage = \"fr\"\nbase_url = 3\n"),
            [
                "config.unknown-key 2:1 unknown key `titel` in site.toml (did you mean `title`?)",
                "config.value 3:12 the language `fr` is neither zh-CN nor en",
                "config.value 4:12 `base_url` must be a string",
            ]
        );
        assert_eq!(
            rules("description = \"d\""),
            ["config.value 0:0 site.toml has no title"]
        );
        assert_eq!(
            rules("title = \"t")[0].split(' ').next(),
            Some("config.syntax")
        );
        assert_eq!(
            rules("title = \"t\"\ntheme = \"../x\""),
            ["config.value 2:9 the theme name `../x` is not a folder name"]
        );
    }

    #[test]
    fn base_urls_are_addresses_or_paths() {
        for ok in [
            "/",
            "/sub/",
            "https://x.github.io/gongkai/",
            "http://localhost:1111",
        ] {
            assert_eq!(base_url_problem(ok), None, "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "ftp://x/",
            "sub/",
            "//evil.example/",
            "https://",
            "https:///x",
            "/a b/",
            "/\"><script>",
            "/x?y",
            "",
        ] {
            assert!(base_url_problem(bad).is_some(), "{bad}");
        }
    }
}
