//! `site.toml`: the site's title, address, language and theme.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Where the site is served from; only its path is used in links, so a sub-path works.
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

    /// Read `root/site.toml`; a missing file gives the defaults, a bad one a diagnostic.
    pub fn load(root: &Path) -> Result<SiteConfig, Box<Diagnostic>> {
        let path = root.join("site.toml");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                String::from("title = \"gongkai\"")
            }
            Err(e) => {
                return Err(Box::new(Diagnostic::new(
                    "file.unreadable",
                    "site.toml",
                    format!("cannot read site.toml: {e}"),
                )));
            }
        };
        let config: SiteConfig = toml::from_str(&text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| {
                    let before = &text[..s.start.min(text.len())];
                    (before.matches('\n').count() as u32 + 1, before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1)
                })
                .unwrap_or((0, 0));
            Box::new(
                Diagnostic::new("schema.type", "site.toml", format!("site.toml: {}", e.message()))
                    .at(crate::model::Pos { line, column, len: 1 })
                    .hint("keys: title, description, base_url, language (zh-CN or en), theme, data_license, [checks] copied_share"),
            )
        })?;
        if !(config.checks.copied_share > 0.0 && config.checks.copied_share <= 1.0) {
            return Err(Box::new(
                Diagnostic::new(
                    "schema.type",
                    "site.toml",
                    format!(
                        "[checks] copied_share is {}, but it is a share between 0 and 1",
                        config.checks.copied_share
                    ),
                )
                .hint("write e.g. copied_share = 0.8 (80% of a section's text)"),
            ));
        }
        if config.theme.contains(['/', '\\', '.']) {
            return Err(Box::new(
                Diagnostic::new(
                    "schema.type",
                    "site.toml",
                    format!("the theme name `{}` is not a folder name", config.theme),
                )
                .hint("name a folder of themes/, e.g. theme = \"default\""),
            ));
        }
        Ok(config)
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

    /// The absolute address of the site, for the feed and the sitemap (which need one).
    pub fn absolute_base(&self) -> String {
        let url = self.base_url.trim();
        if url.contains("://") {
            format!("{}/", url.trim_end_matches('/'))
        } else {
            format!("https://example.invalid{}", self.base_path())
        }
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

    #[test]
    fn unknown_keys_are_refused() {
        assert!(toml::from_str::<SiteConfig>("title = \"t\"\ntitel = 1").is_err());
    }
}
