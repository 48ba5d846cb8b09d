//! The state `serve` keeps between rebuilds, and the rebuilds themselves.
//!
//! A full rebuild runs the same stages as `build` (load, validate, [`build::render_all`]) into
//! memory. An incremental one reloads only the changed files, re-runs the checks of the
//! reports they touch, and renders only the pages those files affect, through the same
//! [`build::render_pages`]. Whatever it cannot attribute to a page falls back to a full one.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;

use crate::build::{self, BuildError, LinkLog};
use crate::config::SiteConfig;
use crate::derive::Measures;
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::{self, Reloaded, Site};
use crate::model::{AgencyId, FileId};
use crate::render::{self, Model, Page, PageKind, Renderer};
use crate::search;
use crate::validate;
use crate::write::MemorySink;

use super::Shared;

/// What a rebuild did, for the status endpoint and the terminal.
#[derive(Clone, Debug, Serialize)]
pub struct RebuildInfo {
    /// `incremental` or `full`.
    pub kind: &'static str,
    /// The pages rendered again, as output paths.
    pub pages: Vec<String>,
    /// Other files written again (data downloads, static files, feed).
    pub files: Vec<String>,
    /// Time from the first change to the new output being served, excluding the debounce.
    pub ms: f64,
    /// The changed files that caused it, relative to the site root.
    pub trigger: Vec<String>,
    /// Milliseconds per stage, in order, to see what a slow rebuild spends its time on.
    pub stages: Vec<(&'static str, f64)>,
    /// The pages served first, before the site-wide ones (see [`is_site_wide`]), and when.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub early: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub early_ms: Option<f64>,
    /// Pages still being rendered (only while the early pages are served alone).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<String>,
}

/// What a render produced.
struct Rendered {
    kind: &'static str,
    pages: Vec<String>,
    files: Vec<String>,
    early: Vec<String>,
    early_ms: Option<f64>,
}

/// The pages that list the whole site (the index, the data-quality page, the year and
/// region overviews). On a site of thousands of reports each takes tens of milliseconds,
/// far more than a report's own pages; an incremental rebuild serves the other pages first,
/// so the page being edited reloads without waiting for them.
pub fn is_site_wide(kind: &PageKind) -> bool {
    matches!(
        kind,
        PageKind::Index | PageKind::Quality | PageKind::Year(_) | PageKind::Regions
    )
}

/// A problem that stops a rebuild, as the browser overlay shows it.
#[derive(Clone, Debug, Serialize)]
pub struct Problem {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub rule: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Problem {
    /// The overlay speaks to the contributor: in the language of the locale, as `check` does.
    fn from_diagnostic(d: &Diagnostic) -> Problem {
        let language = crate::diagnostic::print::locale_language();
        Problem {
            file: d.file.clone(),
            line: d.line,
            column: d.column,
            rule: d.rule.to_string(),
            message: d.message_in(language),
            hint: d.hint_in(language),
        }
    }

    fn other(file: &str, rule: &str, message: String) -> Problem {
        Problem {
            file: file.to_string(),
            line: 0,
            column: 0,
            rule: rule.to_string(),
            message,
            hint: None,
        }
    }
}

/// The outcome of one rebuild.
pub enum Outcome {
    Built(RebuildInfo),
    /// The content or the theme has errors: the last good output is still served.
    Failed {
        problems: Vec<Problem>,
        /// The findings among them, for the terminal.
        diagnostics: Vec<Diagnostic>,
    },
}

/// Which pages a template is used by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Uses {
    All,
    Index,
    Agency,
    Report,
    Year,
    Regions,
    Region,
    Quality,
    About,
    Search,
    NotFound,
}

impl Uses {
    fn of_template(name: &str) -> Uses {
        match name {
            "index.html" => Uses::Index,
            "agency.html" => Uses::Agency,
            "report.html" => Uses::Report,
            "year.html" => Uses::Year,
            "regions.html" => Uses::Regions,
            "region.html" => Uses::Region,
            "quality.html" => Uses::Quality,
            "about.html" => Uses::About,
            "search.html" => Uses::Search,
            "404.html" => Uses::NotFound,
            // base.html, macros.html and anything a site adds may be used by every page.
            _ => Uses::All,
        }
    }

    fn matches(self, kind: &PageKind) -> bool {
        matches!(
            (self, kind),
            (Uses::All, _)
                | (Uses::Index, PageKind::Index)
                | (Uses::Agency, PageKind::Agency(_))
                | (Uses::Report, PageKind::Report(..))
                | (Uses::Year, PageKind::Year(_))
                | (Uses::Regions, PageKind::Regions)
                | (Uses::Region, PageKind::Region(_))
                | (Uses::Quality, PageKind::Quality)
                | (Uses::About, PageKind::About)
                | (Uses::Search, PageKind::Search)
                | (Uses::NotFound, PageKind::NotFound)
        )
    }
}

/// What changed since the last good render. It accumulates across failed rebuilds, so the
/// save that mends a file renders everything the broken saves touched.
#[derive(Default)]
struct Dirty {
    full: bool,
    /// A report appeared, vanished or changed its agency or year: the list of pages may change.
    structure: bool,
    reports: BTreeSet<(AgencyId, u16)>,
    agencies: BTreeSet<AgencyId>,
    templates: BTreeSet<Uses>,
    statics: bool,
    trigger: BTreeSet<String>,
}

/// What one changed path is, relative to the site root.
#[derive(Debug, PartialEq, Eq)]
enum Changed {
    Config,
    Content(PathBuf),
    About,
    Template(String),
    Static,
    /// Not part of the site (another theme, a folder `serve` does not read).
    Unrelated,
    Unknown,
}

fn classify(rel: &Path, theme: &str) -> Changed {
    let parts: Vec<&str> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    match parts.as_slice() {
        ["site.toml"] => Changed::Config,
        ["content", "about.md"] => Changed::About,
        ["content", "agencies" | "reports", _, ..] => Changed::Content(rel.to_path_buf()),
        ["themes", t, "templates", name @ ..] if *t == theme && !name.is_empty() => {
            Changed::Template(name.join("/"))
        }
        ["templates", name @ ..] if !name.is_empty() => Changed::Template(name.join("/")),
        ["themes", t, "static", ..] if *t == theme => Changed::Static,
        ["static", ..] => Changed::Static,
        ["themes", t, ..] if *t != theme => Changed::Unrelated,
        [first, ..] if !["content", "themes", "templates", "static"].contains(first) => {
            Changed::Unrelated
        }
        _ => Changed::Unknown,
    }
}

/// Everything `serve` keeps between rebuilds.
pub struct Workspace {
    root: PathBuf,
    config: SiteConfig,
    site: Site,
    renderer: Option<Renderer>,
    inject: String,
    /// Findings of loading, by file (and of no file, under the folder they name).
    load_diags: BTreeMap<String, Vec<Diagnostic>>,
    relation_diags: Vec<Diagnostic>,
    /// Findings of each report's own checks, by its file.
    report_diags: HashMap<FileId, Vec<Diagnostic>>,
    config_error: Option<Diagnostic>,
    template_error: Option<String>,
    /// The pages of the last good render: a change that alters this list renders everything.
    plan: Vec<Page>,
    /// The measures of the last render, in `site.reports` order, kept to derive only those of
    /// changed reports again (deriving all of them is most of the model's cost).
    measures: Option<Vec<Measures>>,
    /// The search documents of every report, once an edit needed them (see `search_files`);
    /// behind a lock only because rendering borrows the workspace immutably.
    search_docs: std::sync::Mutex<Option<Vec<search::Doc>>>,
    dirty: Dirty,
    /// When the changes of the pending rebuild started to be applied, and the stages so far.
    started: Option<Instant>,
    stages: Vec<(&'static str, f64)>,
    pub shared: Arc<Shared>,
}

impl Workspace {
    /// An empty workspace; the first [`Workspace::rebuild`] is a full one.
    pub fn new(root: &Path, inject: String, shared: Arc<Shared>) -> Workspace {
        Workspace {
            root: root.to_path_buf(),
            config: SiteConfig::load(root).unwrap_or_else(|_| SiteConfig::fallback()),
            site: Site::default(),
            renderer: None,
            inject,
            load_diags: BTreeMap::new(),
            relation_diags: Vec::new(),
            report_diags: HashMap::new(),
            config_error: None,
            template_error: None,
            plan: Vec::new(),
            measures: None,
            search_docs: std::sync::Mutex::new(None),
            dirty: Dirty {
                full: true,
                ..Dirty::default()
            },
            started: None,
            stages: Vec::new(),
            shared,
        }
    }

    pub fn config(&self) -> &SiteConfig {
        &self.config
    }

    /// Folders to watch besides the root itself.
    pub fn watched_dirs(&self) -> Vec<PathBuf> {
        ["content", "themes", "templates", "static"]
            .iter()
            .map(|d| self.root.join(d))
            .collect()
    }

    /// Note changed files (relative to the root); returns false when none concerns the site.
    pub fn note_changes(&mut self, paths: &BTreeSet<PathBuf>) -> bool {
        let t = Instant::now();
        self.started.get_or_insert(t);
        let mut any = false;
        for rel in paths {
            let what = classify(rel, &self.config.theme);
            if what == Changed::Unrelated || self.is_transient(rel, &what) {
                continue;
            }
            any = true;
            self.dirty
                .trigger
                .insert(rel.to_string_lossy().replace('\\', "/"));
            if self.dirty.full {
                continue;
            }
            match what {
                Changed::Config | Changed::Unknown => self.dirty.full = true,
                Changed::About => {
                    self.dirty.templates.insert(Uses::About);
                    self.reload_page(rel);
                }
                Changed::Template(name) => {
                    self.dirty.templates.insert(Uses::of_template(&name));
                    self.renderer = None;
                }
                Changed::Static => self.dirty.statics = true,
                Changed::Content(rel) => self.reload(&rel),
                Changed::Unrelated => {}
            }
        }
        self.stage("reload + check reports", t);
        any
    }

    fn stage(&mut self, name: &'static str, since: Instant) {
        self.stages
            .push((name, since.elapsed().as_secs_f64() * 1000.0));
    }

    /// A file that is gone and that the last build did not read: an editor's or a tool's
    /// temporary file (`sed -i` writes one and renames it over the original).
    fn is_transient(&self, rel: &Path, what: &Changed) -> bool {
        if std::fs::symlink_metadata(self.root.join(rel)).is_ok() {
            return false;
        }
        match what {
            Changed::Config | Changed::About => false,
            Changed::Content(_) => !self.site.files.iter().any(|f| f.path == rel),
            Changed::Template(name) => self
                .renderer
                .as_ref()
                .is_some_and(|r| !r.tera.get_template_names().any(|n| n == name)),
            Changed::Static => {
                let dirs = render::static_dirs(&self.root, &self.config);
                let served = dirs
                    .iter()
                    .filter_map(|d| {
                        self.root
                            .join(rel)
                            .strip_prefix(d)
                            .ok()
                            .map(Path::to_path_buf)
                    })
                    .next();
                match served {
                    Some(sub) => self
                        .shared
                        .file(&format!(
                            "static/{}",
                            sub.to_string_lossy().replace('\\', "/")
                        ))
                        .is_none(),
                    None => true,
                }
            }
            Changed::Unrelated | Changed::Unknown => true,
        }
    }

    /// Read a page of `content/` again (`about.md`) for its findings (a control character, a
    /// pipe in its place); a new or deleted page changes the list of files.
    fn reload_page(&mut self, rel: &Path) {
        match load::reload_file(&mut self.site, rel) {
            Some((_, diags)) => {
                let key = rel.to_string_lossy().replace('\\', "/");
                self.load_diags.insert(key, diags);
            }
            None => self.dirty.full = true,
        }
    }

    /// Load one content file again and re-run the checks it touches.
    fn reload(&mut self, rel: &Path) {
        let Some((what, diags)) = load::reload_file(&mut self.site, rel) else {
            // A new or deleted file: the list of files changes.
            self.dirty.full = true;
            return;
        };
        let key = rel.to_string_lossy().replace('\\', "/");
        self.load_diags.insert(key, diags);
        match what {
            Reloaded::Report { before, after } => {
                if before != after {
                    self.dirty.structure = true;
                }
                let mut recheck = BTreeSet::new();
                for (agency, year) in before.iter().chain(after.iter()) {
                    self.dirty.reports.insert((agency.clone(), *year));
                    // Next year's carry-over check reads this report.
                    recheck.insert((agency.clone(), *year));
                    recheck.insert((agency.clone(), year + 1));
                }
                if let Some(id) = self.site.files.iter().position(|f| f.path == rel) {
                    self.report_diags.remove(&(id as FileId));
                }
                self.recheck(|r| recheck.contains(&(r.agency.clone(), r.year)));
            }
            Reloaded::Agency { before, after } => {
                let now = after.as_ref().and_then(|id| self.site.agencies.get(id));
                let same_place = match (&before, now) {
                    (Some(b), Some(a)) => {
                        b.id == a.id
                            && b.region.path() == a.region.path()
                            && b.parent.as_ref().map(|p| &p.0) == a.parent.as_ref().map(|p| &p.0)
                    }
                    _ => false,
                };
                if !same_place {
                    // A new id, region or parent moves the agency between pages.
                    self.dirty.full = true;
                    return;
                }
                if let Some(id) = after {
                    // Kind and level set each report's publication deadline.
                    self.recheck(|r| r.agency == id);
                    self.dirty.agencies.insert(id);
                }
            }
            Reloaded::Other => self.dirty.full = true,
        }
    }

    fn recheck(&mut self, which: impl Fn(&crate::model::Report) -> bool) {
        for report in self.site.reports.iter().filter(|r| which(r)) {
            self.report_diags
                .insert(report.file, validate::validate_report(&self.site, report));
        }
    }

    /// Every finding, sorted as `gongkai check` sorts them.
    fn findings(&self) -> Vec<&Diagnostic> {
        let mut all: Vec<&Diagnostic> = self
            .load_diags
            .values()
            .flatten()
            .chain(self.relation_diags.iter())
            .chain(self.report_diags.values().flatten())
            .collect();
        all.sort_by(|a, b| validate::order(a, b));
        all
    }

    /// Rebuild what changed since the last good render and publish it.
    pub fn rebuild(&mut self) -> Outcome {
        let started = *self.started.get_or_insert_with(Instant::now);
        let t = Instant::now();
        if self.dirty.full {
            self.reload_all();
            self.stage("load + check all", t);
        } else if self.dirty.structure
            || !self.dirty.agencies.is_empty()
            || !self.relation_diags.is_empty()
        {
            // Relations depend on each report's agency and year, on its file's place and on
            // the agencies: a report edited in place, with none of those changed, on a site
            // that had no relation finding, has none still. Otherwise check them again.
            self.relation_diags =
                validate::validate_relations(&self.site, validate::current_year());
            self.stage("check relations", t);
        }
        if self.renderer.is_none() {
            let t = Instant::now();
            match Renderer::new(&self.root, &self.config) {
                Ok(mut r) => {
                    r.inject = Some(self.inject.clone());
                    self.renderer = Some(r);
                    self.template_error = None;
                }
                Err(e) => self.template_error = Some(e.to_string()),
            }
            self.stage("templates", t);
        }
        let t = Instant::now();
        let findings = self.findings();
        let mut problems: Vec<Problem> = Vec::new();
        let mut diagnostics: Vec<Diagnostic> = Vec::new();
        if let Some(d) = &self.config_error {
            problems.push(Problem::from_diagnostic(d));
            diagnostics.push(d.clone());
        }
        for d in findings.iter().filter(|d| d.severity == Severity::Error) {
            problems.push(Problem::from_diagnostic(d));
            diagnostics.push((*d).clone());
        }
        if let Some(e) = &self.template_error {
            problems.push(Problem::other("templates", "template", e.clone()));
        }
        if self.renderer.is_none() || !problems.is_empty() {
            self.started = None;
            self.stages.clear();
            return Outcome::Failed {
                problems,
                diagnostics,
            };
        }
        let shown: Vec<Diagnostic> = findings
            .into_iter()
            .filter(|d| render::shown(d))
            .cloned()
            .collect();
        self.stage("findings", t);
        let t = Instant::now();
        let Some(renderer) = self.renderer.take() else {
            return Outcome::Failed {
                problems,
                diagnostics,
            };
        };
        let result = self.render(&renderer, &shown, t);
        self.renderer = Some(renderer);
        self.started = None;
        let stages = std::mem::take(&mut self.stages);
        match result {
            Ok((rendered, plan)) => {
                if let Some(plan) = plan {
                    self.plan = plan;
                }
                let trigger = std::mem::take(&mut self.dirty).trigger;
                Outcome::Built(RebuildInfo {
                    kind: rendered.kind,
                    pages: rendered.pages,
                    files: rendered.files,
                    ms: started.elapsed().as_secs_f64() * 1000.0,
                    trigger: trigger.into_iter().collect(),
                    stages,
                    early: rendered.early,
                    early_ms: rendered.early_ms,
                    pending: Vec::new(),
                })
            }
            Err(e) => Outcome::Failed {
                problems: vec![build_problem(&e)],
                diagnostics: Vec::new(),
            },
        }
    }

    /// Derive the model and render what the pending changes need.
    #[allow(clippy::type_complexity)]
    fn render(
        &mut self,
        renderer: &Renderer,
        shown: &[Diagnostic],
        t: Instant,
    ) -> Result<(Rendered, Option<Vec<Page>>), BuildError> {
        if (self.dirty.full || self.dirty.structure)
            && let Ok(mut docs) = self.search_docs.lock()
        {
            *docs = None;
        }
        let measures = self.updated_measures();
        let mut model = Model::with_measures(&self.site, &self.config, shown, measures);
        // The list of pages follows from the reports' and agencies' keys and regions; when
        // none of those changed, it is the last one.
        let new_plan = (self.dirty.full || self.dirty.structure).then(|| render::plan(&model));
        let plan: &[Page] = new_plan.as_deref().unwrap_or(&self.plan);
        let mut stages = vec![("model + plan", t.elapsed().as_secs_f64() * 1000.0)];
        let result = if self.dirty.full || plan != self.plan.as_slice() {
            let t = Instant::now();
            let done = self.render_full(renderer, &model);
            stages.push(("render all", t.elapsed().as_secs_f64() * 1000.0));
            done
        } else {
            self.render_incremental(renderer, &model, plan, &mut stages)
        };
        let measures = std::mem::take(&mut model.measures);
        drop(model);
        self.measures = Some(measures);
        self.stages.extend(stages);
        Ok((result?, new_plan))
    }

    /// The measures of every report: the kept ones, with those of changed reports derived
    /// again; all of them after a full reload or when reports came or went.
    fn updated_measures(&mut self) -> Vec<Measures> {
        let site = &self.site;
        match self.measures.take() {
            Some(mut m)
                if !self.dirty.full && !self.dirty.structure && m.len() == site.reports.len() =>
            {
                let mut changed: BTreeSet<(&AgencyId, u16)> =
                    self.dirty.reports.iter().map(|(a, y)| (a, *y)).collect();
                for id in &self.dirty.agencies {
                    changed.extend(site.reports_of(id).map(|r| (id, r.year)));
                }
                for (agency, year) in changed {
                    let i = site
                        .reports
                        .partition_point(|r| (&r.agency, r.year) < (agency, year));
                    if let Some(r) = site
                        .reports
                        .get(i)
                        .filter(|r| (&r.agency, r.year) == (agency, year))
                    {
                        m[i] = render::report_measures(site, r);
                    }
                }
                m
            }
            _ => site
                .reports
                .iter()
                .map(|r| render::report_measures(site, r))
                .collect(),
        }
    }

    /// Read the configuration, every content file and every check again.
    fn reload_all(&mut self) {
        match SiteConfig::load(&self.root) {
            Ok(c) => {
                if c != self.config {
                    self.renderer = None;
                }
                self.config = c;
                self.config_error = None;
            }
            Err(d) => self.config_error = Some(*d),
        }
        // Templates may have changed in ways no event told (a theme renamed in site.toml).
        self.renderer = None;
        let loaded = load::load_site(&self.root);
        self.site = loaded.site;
        self.load_diags.clear();
        for d in loaded.diagnostics {
            self.load_diags.entry(d.file.clone()).or_default().push(d);
        }
        let year = validate::current_year();
        self.relation_diags = validate::validate_relations(&self.site, year);
        let site = &self.site;
        let per_report: Vec<(FileId, Vec<Diagnostic>)> = {
            use rayon::prelude::*;
            site.reports
                .par_iter()
                .map(|r| (r.file, validate::validate_report(site, r)))
                .collect()
        };
        self.report_diags = per_report.into_iter().collect();
    }

    fn render_full(&self, renderer: &Renderer, model: &Model<'_>) -> Result<Rendered, BuildError> {
        let sink = MemorySink::default();
        build::render_all(&self.root, renderer, model, &sink, false)?;
        let files = sink.files.into_inner().unwrap_or_default();
        let pages: Vec<String> = render::plan(model).into_iter().map(|p| p.path).collect();
        self.shared.replace_all(files);
        Ok(Rendered {
            kind: "full",
            pages,
            files: Vec::new(),
            early: Vec::new(),
            early_ms: None,
        })
    }

    fn render_incremental(
        &self,
        renderer: &Renderer,
        model: &Model<'_>,
        plan: &[Page],
        stages: &mut Vec<(&'static str, f64)>,
    ) -> Result<Rendered, BuildError> {
        let mut t = Instant::now();
        let mut stage = |name: &'static str, t: &mut Instant| {
            stages.push((name, t.elapsed().as_secs_f64() * 1000.0));
            *t = Instant::now();
        };
        let dirty = &self.dirty;
        let mut kinds: BTreeSet<PageKind> = BTreeSet::new();
        for (agency, year) in &dirty.reports {
            kinds.extend(render::affected_by_report(model, agency, *year));
        }
        for id in &dirty.agencies {
            kinds.extend([
                PageKind::Index,
                PageKind::Quality,
                PageKind::Agency(id.clone()),
            ]);
            for r in self.site.reports_of(id) {
                kinds.extend(render::affected_by_report(model, id, r.year));
            }
            // Children show their parent's name.
            for a in self.site.agencies.values() {
                if a.parent.as_ref().is_some_and(|(p, _)| p == id) {
                    kinds.insert(PageKind::Agency(a.id.clone()));
                }
            }
        }
        let pages: Vec<Page> = plan
            .iter()
            .filter(|p| {
                kinds.contains(&p.kind) || dirty.templates.iter().any(|u| u.matches(&p.kind))
            })
            .cloned()
            .collect();
        let (wide, near): (Vec<Page>, Vec<Page>) =
            pages.iter().cloned().partition(|p| is_site_wide(&p.kind));
        let sink = MemorySink::default();
        let links = LinkLog::default();
        stage("select pages", &mut t);
        build::render_pages(renderer, model, &near, &sink, &links, false)?;
        stage("render pages", &mut t);

        let mut other: Vec<(String, Vec<u8>)> = Vec::new();
        let mut report_keys: BTreeSet<(AgencyId, u16)> = dirty.reports.clone();
        let mut agencies: BTreeSet<AgencyId> = dirty.agencies.clone();
        for id in &dirty.agencies {
            report_keys.extend(self.site.reports_of(id).map(|r| (id.clone(), r.year)));
        }
        agencies.extend(dirty.reports.iter().map(|(a, _)| a.clone()));
        for (agency, year) in &report_keys {
            if let Some(index) = self.site.report_index(agency, *year) {
                other.extend(build::report_data_files(model, index)?);
            }
        }
        for id in agencies
            .iter()
            .filter(|id| self.site.agencies.contains_key(*id))
        {
            other.push(build::agency_data_file(model, id)?);
        }
        if !report_keys.is_empty()
            && let Some(atom) = build::atom(model)
        {
            other.push(("atom.xml".into(), atom.into_bytes()));
        }
        let mut drop_static = false;
        if dirty.statics {
            drop_static = true;
            other.extend(build::static_files(&self.root, &self.config)?);
        }
        let mut rendered = sink.files.into_inner().unwrap_or_default();
        let mut files: Vec<String> = other.iter().map(|(p, _)| p.clone()).collect();
        rendered.extend(other);
        let broken = {
            let served = self.shared.files.read().map_err(|_| poisoned())?;
            links.broken(
                |rel| {
                    rendered.contains_key(rel)
                        || (served.contains_key(rel)
                            && !(drop_static && rel.starts_with("static/")))
                },
                &renderer.base,
            )
        };
        stage("data + static files + link check", &mut t);
        if !broken.is_empty() {
            return Err(BuildError::BrokenLinks(broken));
        }
        self.shared.update(rendered, drop_static);
        stage("publish", &mut t);
        let mut early_ms = None;
        if !wide.is_empty() || !report_keys.is_empty() {
            if !near.is_empty() {
                let early = self
                    .started
                    .map_or(0.0, |s| s.elapsed().as_secs_f64() * 1000.0);
                self.shared.publish_early(
                    near.iter().map(|p| p.path.clone()).collect(),
                    wide.iter().map(|p| p.path.clone()).collect(),
                    early,
                );
                early_ms = Some(early);
            }
            let sink = MemorySink::default();
            let links = LinkLog::default();
            build::render_pages(renderer, model, &wide, &sink, &links, false)?;
            let mut rendered = sink.files.into_inner().unwrap_or_default();
            if !report_keys.is_empty() {
                // The whole site's data tables and the search index hold every report: they
                // are written again whole (the per-report slices above are the same bytes).
                // The rows of every report's CSV, as served (the edited ones just above).
                let header = crate::export::tidy_csv_header(true).len();
                let mut site_wide = {
                    let served = self.shared.files.read().map_err(|_| poisoned())?;
                    let csvs: Vec<std::sync::Arc<Vec<u8>>> = model
                        .site
                        .reports
                        .iter()
                        .map(|r| {
                            let path = render::urls::report_data(&r.agency, r.year, "csv");
                            served.get(&path).cloned().ok_or_else(|| {
                                BuildError::Io(path, std::io::Error::other("not built"))
                            })
                        })
                        .collect::<Result<_, _>>()?;
                    drop(served);
                    let bodies: Vec<&[u8]> = csvs
                        .iter()
                        .map(|c| c.get(header..).unwrap_or(&[]))
                        .collect();
                    build::site_data_files(model, &bodies)?
                };
                site_wide.extend(self.search_files(model, &report_keys)?);
                files.extend(site_wide.iter().map(|(p, _)| p.clone()));
                rendered.extend(site_wide);
            }
            let broken = {
                let served = self.shared.files.read().map_err(|_| poisoned())?;
                links.broken(
                    |rel| rendered.contains_key(rel) || served.contains_key(rel),
                    &renderer.base,
                )
            };
            if !broken.is_empty() {
                return Err(BuildError::BrokenLinks(broken));
            }
            self.shared.update(rendered, false);
            stage("site-wide pages", &mut t);
        }
        Ok(Rendered {
            kind: "incremental",
            pages: pages.into_iter().map(|p| p.path).collect(),
            files,
            early: if early_ms.is_some() {
                near.into_iter().map(|p| p.path).collect()
            } else {
                Vec::new()
            },
            early_ms,
        })
    }
}

impl Workspace {
    /// The search index again, if the search text of an edited report changed. The documents
    /// of all reports are kept after the first time, so that only edited files are read again.
    fn search_files(
        &self,
        model: &Model<'_>,
        edited: &BTreeSet<(AgencyId, u16)>,
    ) -> Result<Vec<(String, Vec<u8>)>, BuildError> {
        let io = |e: std::io::Error| BuildError::Io("search index".into(), e);
        let Ok(mut cache) = self.search_docs.lock() else {
            return Err(poisoned());
        };
        let docs = match cache.take() {
            Some(mut docs) if docs.len() == model.site.reports.len() => {
                let mut changed = false;
                for (agency, year) in edited {
                    let reports = &model.site.reports;
                    let i = reports.partition_point(|r| (&r.agency, r.year) < (agency, *year));
                    if reports
                        .get(i)
                        .is_some_and(|r| (&r.agency, r.year) == (agency, *year))
                    {
                        let doc = search::doc(model, i).map_err(io)?;
                        if docs[i] != doc {
                            docs[i] = doc;
                            changed = true;
                        }
                    }
                }
                if !changed {
                    // Numbers changed, not the text the search indexes: the index stands.
                    *cache = Some(docs);
                    return Ok(Vec::new());
                }
                docs
            }
            _ => search::docs(model).map_err(io)?,
        };
        let files = search::files_from_docs(docs.clone()).map_err(io)?;
        *cache = Some(docs);
        Ok(files)
    }
}

fn poisoned() -> BuildError {
    BuildError::Io("serve".into(), std::io::Error::other("a lock was poisoned"))
}

/// A rendering or link failure as the overlay shows it: template errors name the template.
fn build_problem(e: &BuildError) -> Problem {
    match e {
        BuildError::Render(r) => {
            let text = r.to_string();
            let file = text
                .split(':')
                .next()
                .filter(|t| t.ends_with(".html"))
                .map_or("templates".to_string(), |t| format!("templates/{t}"));
            Problem::other(&file, "template", text)
        }
        BuildError::BrokenLinks(links) => {
            let (page, link) = &links[0];
            Problem::other(
                page,
                "links",
                format!(
                    "{}, e.g. {link}",
                    crate::diagnostic::print::count(
                        links.len(),
                        "broken internal link",
                        "broken internal links"
                    )
                ),
            )
        }
        other => Problem::other("", "build", other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_attributed() {
        let c = |p: &str| classify(Path::new(p), "default");
        assert_eq!(c("site.toml"), Changed::Config);
        assert_eq!(c("content/about.md"), Changed::About);
        assert_eq!(
            c("content/reports/a/2025.md"),
            Changed::Content(PathBuf::from("content/reports/a/2025.md"))
        );
        assert_eq!(
            c("themes/default/templates/report.html"),
            Changed::Template("report.html".into())
        );
        assert_eq!(
            c("templates/base.html"),
            Changed::Template("base.html".into())
        );
        assert_eq!(c("themes/default/static/style.css"), Changed::Static);
        assert_eq!(c("static/logo.png"), Changed::Static);
        assert_eq!(c("themes/other/templates/x.html"), Changed::Unrelated);
        assert_eq!(c("public/index.html"), Changed::Unrelated);
        assert_eq!(c("content/new.md"), Changed::Unknown);
        assert_eq!(c("themes/default/theme.toml"), Changed::Unknown);
    }

    #[test]
    fn templates_map_to_pages() {
        assert!(Uses::of_template("report.html").matches(&PageKind::Report(
            AgencyId::parse("a").unwrap_or_else(|_| unreachable!()),
            2025
        )));
        assert!(!Uses::of_template("report.html").matches(&PageKind::Index));
        assert!(Uses::of_template("base.html").matches(&PageKind::Index));
        assert!(Uses::of_template("macros.html").matches(&PageKind::Quality));
    }
}
