//! Rendering: from the checked site and its derived measures to pages.
//!
//! [`Model`] indexes the data once; [`plan`] lists every page with what it depends on, so that
//! `serve` can re-render only the pages a change affects; [`Renderer::render`] turns one page
//! into bytes through the theme's Tera templates. Nothing here writes to disk: bytes go to a
//! [`crate::write::Sink`].

pub mod context;
pub mod embedded;
pub mod grid;
pub mod markdown;
pub mod theme;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::config::SiteConfig;
use crate::derive::Measures;
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::Site;
use crate::model::AgencyId;

/// A region as the path of its names: [province], [province, prefecture] or all three.
pub type RegionKey = Vec<String>;

/// The site, indexed for rendering.
pub struct Model<'a> {
    pub site: &'a Site,
    pub config: &'a SiteConfig,
    /// Warnings and infos (a site with errors is never rendered), sorted.
    pub findings: &'a [Diagnostic],
    /// Measures of each report, by index in `site.reports`.
    pub measures: Vec<Measures>,
    /// Findings by report index.
    pub report_findings: Vec<Vec<usize>>,
    pub years: BTreeMap<u16, Vec<usize>>,
    pub regions: BTreeMap<RegionKey, Vec<AgencyId>>,
    /// The shares of copied text of each report's sections ([`crate::copied`]); empty when
    /// the copy check did not run (`serve`).
    pub shares: crate::copied::Shares,
    /// Each report's peer group and its statistics.
    pub peers: crate::derive::peers::Peers,
}

impl<'a> Model<'a> {
    pub fn new(site: &'a Site, config: &'a SiteConfig, findings: &'a [Diagnostic]) -> Model<'a> {
        let measures = site
            .reports
            .iter()
            .map(|r| report_measures(site, r))
            .collect();
        Model::with_measures(site, config, findings, measures)
    }

    /// A model from measures already derived, one per report in `site.reports` order:
    /// `serve` keeps them between rebuilds and derives only those of changed reports again.
    pub fn with_measures(
        site: &'a Site,
        config: &'a SiteConfig,
        findings: &'a [Diagnostic],
        measures: Vec<Measures>,
    ) -> Model<'a> {
        let mut by_key: BTreeMap<(&str, u16), usize> = BTreeMap::new();
        let mut years: BTreeMap<u16, Vec<usize>> = BTreeMap::new();
        for (i, r) in site.reports.iter().enumerate() {
            by_key.insert((r.agency.as_str(), r.year), i);
            years.entry(r.year).or_default().push(i);
        }
        let mut report_findings = vec![Vec::new(); site.reports.len()];
        for (i, d) in findings.iter().enumerate() {
            if let (Some(a), Some(y)) = (&d.agency, d.year)
                && let Some(&r) = by_key.get(&(a.as_str(), y))
            {
                report_findings[r].push(i);
            }
        }
        let mut regions: BTreeMap<RegionKey, Vec<AgencyId>> = BTreeMap::new();
        for agency in site.agencies.values() {
            let path = agency.region.path();
            for depth in 1..=path.len() {
                let key: RegionKey = path[..depth].iter().map(|s| s.to_string()).collect();
                regions.entry(key).or_default().push(agency.id.clone());
            }
        }
        let members: Vec<crate::derive::peers::Member<'_>> = site
            .reports
            .iter()
            .map(|r| {
                let agency = site.agencies.get(&r.agency);
                crate::derive::peers::Member {
                    year: r.year,
                    class: agency.map(|a| (a.level, a.kind)),
                    region: agency.map(|a| a.region.path()).unwrap_or_default(),
                }
            })
            .collect();
        let peers = crate::derive::peers::Peers::compute(&members, &measures);
        Model {
            site,
            config,
            findings,
            measures,
            report_findings,
            years,
            regions,
            shares: crate::copied::Shares::default(),
            peers,
        }
    }
}

/// The measures of one report of a site.
pub fn report_measures(site: &Site, report: &crate::model::Report) -> Measures {
    let agency = site.agencies.get(&report.agency);
    Measures::of(report, agency.map(|a| a.kind), agency.map(|a| a.level))
}

/// What a page shows, and so what it depends on.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageKind {
    Index,
    Agency(AgencyId),
    /// A report, by agency and year.
    Report(AgencyId, u16),
    Year(u16),
    Regions,
    Region(RegionKey),
    Quality,
    /// The side-by-side page of a copied section: the report, its year, the section's key.
    Copied(AgencyId, u16, &'static str),
    About,
    Search,
    /// The open data index: every file of `data/` described.
    Data,
    NotFound,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Page {
    /// Output path relative to the site root, e.g. `agencies/x/index.html`.
    pub path: String,
    pub kind: PageKind,
}

/// Every page of the site, in a stable order.
pub fn plan(model: &Model<'_>) -> Vec<Page> {
    let mut pages = vec![
        Page {
            path: "index.html".into(),
            kind: PageKind::Index,
        },
        Page {
            path: "quality/index.html".into(),
            kind: PageKind::Quality,
        },
        Page {
            path: "about/index.html".into(),
            kind: PageKind::About,
        },
        Page {
            path: "search/index.html".into(),
            kind: PageKind::Search,
        },
        Page {
            path: "regions/index.html".into(),
            kind: PageKind::Regions,
        },
        Page {
            path: "data/index.html".into(),
            kind: PageKind::Data,
        },
        Page {
            path: "404.html".into(),
            kind: PageKind::NotFound,
        },
    ];
    for id in model.site.agencies.keys() {
        pages.push(Page {
            path: format!("{}index.html", urls::agency(id)),
            kind: PageKind::Agency(id.clone()),
        });
    }
    for r in &model.site.reports {
        pages.push(Page {
            path: format!("{}index.html", urls::report(&r.agency, r.year)),
            kind: PageKind::Report(r.agency.clone(), r.year),
        });
    }
    for d in model.findings {
        if let (Some(c), Some(a), Some(y)) = (&d.copied, &d.agency, d.year)
            && let Ok(id) = AgencyId::parse(a)
        {
            pages.push(Page {
                path: format!("{}index.html", urls::copied(&id, y, c.section)),
                kind: PageKind::Copied(id, y, c.section),
            });
        }
    }
    for year in model.years.keys() {
        pages.push(Page {
            path: format!("{}index.html", urls::year(*year)),
            kind: PageKind::Year(*year),
        });
    }
    for key in model.regions.keys() {
        pages.push(Page {
            path: format!("{}index.html", urls::region_fs(key)),
            kind: PageKind::Region(key.clone()),
        });
    }
    pages
}

/// The pages a change to one report (of an agency, for a year) affects.
pub fn affected_by_report(model: &Model<'_>, agency: &AgencyId, year: u16) -> BTreeSet<PageKind> {
    let mut kinds = BTreeSet::from([
        PageKind::Index,
        PageKind::Quality,
        PageKind::Agency(agency.clone()),
        PageKind::Report(agency.clone(), year),
        PageKind::Year(year),
    ]);
    // Next year's carry-over check reads this report.
    if model.site.report_index(agency, year + 1).is_some() {
        kinds.insert(PageKind::Report(agency.clone(), year + 1));
    }
    // Its peers' comparisons read it: their agency page (when it is their latest year) and
    // their report of the year.
    if let Some(i) = model.site.report_index(agency, year) {
        for g in model
            .peers
            .groups
            .iter()
            .filter(|g| g.key.year == year && g.members.binary_search(&i).is_ok())
        {
            for &p in &g.members {
                let peer = &model.site.reports[p];
                kinds.insert(PageKind::Report(peer.agency.clone(), peer.year));
                kinds.insert(PageKind::Agency(peer.agency.clone()));
            }
        }
    }
    if let Some(a) = model.site.agencies.get(agency) {
        let path = a.region.path();
        for depth in 1..=path.len() {
            kinds.insert(PageKind::Region(
                path[..depth].iter().map(|s| s.to_string()).collect(),
            ));
        }
    }
    kinds
}

/// Site-relative URL paths (without the base path), one definition per page kind.
pub mod urls {
    use crate::model::AgencyId;
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.');

    pub fn agency(id: &AgencyId) -> String {
        format!("agencies/{id}/")
    }
    pub fn report(id: &AgencyId, year: u16) -> String {
        format!("reports/{id}/{year}/")
    }
    /// The side-by-side page of a report's copied section.
    pub fn copied(id: &AgencyId, year: u16, section: &str) -> String {
        format!("reports/{id}/{year}/copied-{section}/")
    }
    pub fn year(year: u16) -> String {
        format!("years/{year}/")
    }
    /// A region's URL, its names percent-encoded.
    pub fn region(key: &[String]) -> String {
        let mut s = String::from("regions/");
        for name in key {
            s.push_str(&utf8_percent_encode(name, SEGMENT).to_string());
            s.push('/');
        }
        s
    }
    /// A region's folder on disk, its names as they are.
    pub fn region_fs(key: &[String]) -> String {
        let mut s = String::from("regions/");
        for name in key {
            s.push_str(name);
            s.push('/');
        }
        s
    }
    pub fn report_data(id: &AgencyId, year: u16, ext: &str) -> String {
        format!("data/reports/{id}/{year}.{ext}")
    }
    pub fn agency_data(id: &AgencyId) -> String {
        format!("data/agencies/{id}.csv")
    }
}

/// The theme's templates, with the site's own `templates/` overriding any of the same name.
pub struct Renderer {
    pub tera: Tera,
    /// The site's language: findings, rule explanations and measure names are written in it.
    pub language: crate::config::Language,
    pub strings: BTreeMap<&'static str, &'static str>,
    /// For each template, a context holding only `t`: the strings above that the template
    /// (with the templates it extends and includes) uses, or all of them when it uses `t`
    /// other than as `t.key` (passing it to a macro, say). A page's context starts from a
    /// clone: copying some 40 strings costs less than serialising all 180 again.
    pub strings_contexts: BTreeMap<String, tera::Context>,
    pub base: String,
    /// A script element added to every page by `serve` (live reload); never in `build`.
    pub inject: Option<String>,
    /// Time spent drawing charts since it was last taken, summed over threads (nanoseconds).
    pub chart_nanos: std::sync::atomic::AtomicU64,
}

#[derive(Debug)]
pub enum RenderError {
    Template(String),
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Template(m) => write!(f, "{m}"),
            RenderError::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

/// Tera's error with its causes, which carry the useful part (template, line, variable).
pub fn tera_error(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// The static folders in override order (absolute): the theme's, then the site's.
pub fn static_dirs(root: &Path, config: &SiteConfig) -> Vec<PathBuf> {
    theme::static_dirs(config)
        .into_iter()
        .map(|d| root.join(d))
        .collect()
}

impl Renderer {
    pub fn new(root: &Path, config: &SiteConfig) -> Result<Renderer, RenderError> {
        // The built-in default theme first; the site's theme folder and templates override it.
        // `check` has refused whatever this refuses, each problem at its file (theme::check).
        if let Some(d) = theme::missing(root, config) {
            return Err(RenderError::Template(d.message));
        }
        let mut problems = Vec::new();
        let read = theme::read_templates(root, config, &mut problems);
        if let Some(d) = problems.first() {
            return Err(RenderError::Template(format!("{}: {}", d.file, d.message)));
        }
        let tera = theme::parse(&read)
            .map_err(|d| RenderError::Template(format!("{}: {}", d.file, d.message)))?;
        let templates: BTreeMap<String, String> =
            read.into_iter().map(|(n, t)| (n, t.text)).collect();
        let strings = crate::i18n::strings(config.language);
        let strings_contexts = templates
            .keys()
            .map(|name| {
                let mut ctx = tera::Context::new();
                match strings_used(&templates, name) {
                    Some(keys) => {
                        let used: BTreeMap<&str, &str> = strings
                            .iter()
                            .filter(|(k, _)| keys.contains(**k))
                            .map(|(k, v)| (*k, *v))
                            .collect();
                        ctx.insert("t", &used);
                    }
                    None => ctx.insert("t", &strings),
                }
                (name.clone(), ctx)
            })
            .collect();
        Ok(Renderer {
            tera,
            language: config.language,
            strings,
            strings_contexts,
            chart_nanos: Default::default(),
            base: config.base_path(),
            inject: None,
        })
    }

    /// Render one page, as the bytes of its UTF-8 text. Tera writes straight into the buffer:
    /// no second pass over the page to check that it is UTF-8 (it is: Tera writes `str`s).
    pub fn render(&self, model: &Model<'_>, page: &Page) -> Result<Vec<u8>, RenderError> {
        let (template, ctx) = context::build(self, model, page)?;
        let mut html = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(template, &ctx, &mut html)
            .map_err(|e| RenderError::Template(format!("{template}: {}", tera_error(&e))))?;
        if let Some(script) = &self.inject
            && let Some(i) = memchr::memmem::rfind(&html, b"</body>")
        {
            html.splice(i..i, script.bytes());
        }
        Ok(html)
    }

    /// Render one page, as text.
    pub fn render_html(&self, model: &Model<'_>, page: &Page) -> Result<String, RenderError> {
        let bytes = self.render(model, page)?;
        String::from_utf8(bytes).map_err(|e| RenderError::Template(e.to_string()))
    }

    /// The time spent drawing charts since the last call, summed over threads.
    pub fn take_chart_time(&self) -> std::time::Duration {
        let nanos = self
            .chart_nanos
            .swap(0, std::sync::atomic::Ordering::Relaxed);
        std::time::Duration::from_nanos(nanos)
    }

    pub fn url(&self, rel: &str) -> String {
        format!("{}{rel}", self.base)
    }
}

/// The keys `key` of the `t.key` expressions of a template and of the templates it extends
/// and includes; `None` when any of them uses `t` otherwise (`t[name]`, `t=t`, `for k in t`),
/// or includes a template by a name that is not a literal.
fn strings_used(templates: &BTreeMap<String, String>, name: &str) -> Option<BTreeSet<String>> {
    let mut keys = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut todo = vec![name.to_string()];
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let source = templates.get(&name)?;
        for tag in template_tags(source) {
            let words: Vec<&str> = tag.split_whitespace().collect();
            if matches!(words.first(), Some(&("extends" | "include"))) {
                let target = words.get(1)?.trim_matches('"');
                if words.get(1)?.starts_with('"') {
                    todo.push(target.to_string());
                } else {
                    return None;
                }
            }
            strings_in_tag(tag, &mut keys)?;
        }
    }
    Some(keys)
}

/// The insides of a template's `{{ … }}` and `{% … %}` tags (comments left out).
pub(crate) fn template_tags(source: &str) -> Vec<&str> {
    let mut tags = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find(['{']) {
        let after = &rest[start + 1..];
        let close = match after.as_bytes().first() {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                rest = after;
                continue;
            }
        };
        let inner = &after[1..];
        let Some(end) = inner.find(close) else { break };
        if close != "#}" {
            tags.push(inner[..end].trim_matches(['-', ' ', '\n']));
        }
        rest = &inner[end + 2..];
    }
    tags
}

/// Adds the keys of `t.key` in one tag; `None` when `t` is used otherwise.
fn strings_in_tag(tag: &str, keys: &mut BTreeSet<String>) -> Option<()> {
    let bytes = tag.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    while i < bytes.len() {
        if !ident(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && ident(bytes[i]) {
            i += 1;
        }
        let after_dot = start > 0 && bytes[start - 1] == b'.';
        if &tag[start..i] != "t" || after_dot {
            continue;
        }
        // `t` itself: only `t.key` is understood.
        if bytes.get(i) != Some(&b'.') {
            return None;
        }
        let key_start = i + 1;
        let mut end = key_start;
        while end < bytes.len() && ident(bytes[end]) {
            end += 1;
        }
        if end == key_start {
            return None;
        }
        keys.insert(tag[key_start..end].to_string());
        i = end;
    }
    Some(())
}

/// HTML escaping for text and attribute values. Unlike Tera's default it leaves `/` alone:
/// escaping it is not needed, and links must stay readable to the link checker.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    // The five characters are ASCII: copy the runs between them whole.
    let mut rest = input;
    while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#x27;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    out
}

/// Is this finding shown on the site? Errors never reach a built site.
pub fn shown(d: &Diagnostic) -> bool {
    d.severity != Severity::Error
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates(list: &[(&str, &str)]) -> BTreeMap<String, String> {
        list.iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect()
    }

    fn keys(list: &[&str]) -> Option<BTreeSet<String>> {
        Some(list.iter().map(|k| k.to_string()).collect())
    }

    #[test]
    fn strings_used_follow_extends_and_includes() {
        let t = templates(&[
            (
                "base.html",
                "<title>{{ t.home }}</title>{% block main %}{% endblock main %}{# t #}",
            ),
            ("part.html", "<p>{{ t.part | upper }}</p>"),
            (
                "page.html",
                "{% extends \"base.html\" %}{% block main %}{{ x.t }} {{t.a}}{% if t.b %}{% include \"part.html\" %}{% endif %}{% endblock main %} t in text",
            ),
        ]);
        assert_eq!(
            strings_used(&t, "page.html"),
            keys(&["a", "b", "home", "part"])
        );
        assert_eq!(strings_used(&t, "part.html"), keys(&["part"]));
    }

    #[test]
    fn any_other_use_of_t_means_all_strings() {
        for body in [
            "{{ t[name] }}",
            "{{ m::chart(c=c, t=t) }}",
            "{% for k, v in t %}{% endfor %}",
            "{% set s = t %}",
            "{{ t }}",
            "{% include name %}",
            "{% extends \"missing.html\" %}",
        ] {
            let t = templates(&[("page.html", body)]);
            assert_eq!(strings_used(&t, "page.html"), None, "{body}");
        }
    }

    #[test]
    fn the_default_report_page_gets_fewer_strings() {
        let t: BTreeMap<String, String> = embedded::TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let used = strings_used(&t, "report.html").expect("report.html uses t.key only");
        let all = crate::i18n::strings(crate::config::Language::Chinese);
        assert!(
            used.contains("nav_home") && used.contains("flags"),
            "{used:?}"
        );
        assert!(
            used.len() * 2 < all.len(),
            "{} of {}",
            used.len(),
            all.len()
        );
        assert!(used.iter().all(|k| all.contains_key(k.as_str())));
    }
}
