//! The pipeline: load → validate → derive → render → write, stopping before `render` when an
//! error remains. `build` renders into a staging folder and swaps it in only when everything
//! succeeded; `serve` renders the same pages into memory.

use std::collections::{BTreeMap, BTreeSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::Site;
use crate::render::{self, Model, Page, RenderError, Renderer, urls};
use crate::write::{self, Sink};

#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    /// Overrides `base_url` of site.toml.
    pub base_url: Option<String>,
    /// Print progress on stderr (only when it is a terminal).
    pub progress: bool,
}

#[derive(Debug, Default)]
pub struct BuildSummary {
    pub pages: usize,
    pub files: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Whether the sitemap and the feed were written: they need absolute addresses, which a
    /// `base_url` without an origin cannot give.
    pub absolute_urls: bool,
    /// Time per stage, in order.
    pub stages: Vec<(&'static str, Duration)>,
}

#[derive(Debug)]
pub enum BuildError {
    /// The checks found errors: nothing was written.
    Findings(Vec<Diagnostic>),
    Config(Box<Diagnostic>),
    Render(RenderError),
    /// Internal links that lead nowhere, as (page, link).
    BrokenLinks(Vec<(String, String)>),
    Io(String, std::io::Error),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Findings(d) => write!(
                f,
                "{} in the content: nothing was written",
                crate::diagnostic::print::count(
                    d.iter().filter(|d| d.severity == Severity::Error).count(),
                    "error",
                    "errors"
                )
            ),
            BuildError::Config(d) => write!(f, "{}", d.message),
            BuildError::Render(e) => write!(f, "template error: {e}"),
            BuildError::BrokenLinks(links) => {
                let n = crate::diagnostic::print::count(
                    links.len(),
                    "broken internal link",
                    "broken internal links",
                );
                write!(f, "{n}, e.g. ")?;
                let (page, link) = &links[0];
                write!(f, "{link} on {page}")
            }
            BuildError::Io(what, e) => write!(f, "{what}: {e}"),
        }
    }
}

/// Everything needed to render: the checked site, its config and findings.
pub struct Prepared {
    pub site: Site,
    pub config: SiteConfig,
    pub findings: Vec<Diagnostic>,
    /// The shares of copied text of every report's sections.
    pub shares: crate::copied::Shares,
    /// The time taken to load, to validate and to look for copied text.
    pub stages: [(&'static str, Duration); 3],
}

/// Load, validate and read the config; `Err` when anything is an error. A `--base-url`
/// given on the command line is held to the rule of site.toml's.
pub fn prepare(root: &Path, base_url: Option<&str>) -> Result<Prepared, BuildError> {
    let crate::validate::Checked {
        site,
        mut config,
        diagnostics: mut diags,
        shares,
        times: [loading, checking, copies],
    } = crate::validate::check_all(root, crate::validate::current_year());
    if let Some(base) = base_url {
        match crate::config::base_url_problem(base) {
            None => config.base_url = base.to_string(),
            Some(problem) => {
                diags.insert(
                    0,
                    Diagnostic::new(
                        "config.value",
                        "--base-url",
                        format!("--base-url `{base}` {problem}"),
                    ),
                );
            }
        }
    }
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Err(BuildError::Findings(diags));
    }
    Ok(Prepared {
        site,
        config,
        findings: diags,
        shares,
        stages: [
            ("load", loading),
            ("check", checking),
            ("check copies", copies),
        ],
    })
}

/// Build the site into `options.output`, atomically.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let prepared = prepare(&options.root, options.base_url.as_deref())?;
    write::check_replaceable(&options.output).map_err(|e| BuildError::Io("output".into(), e))?;
    let staging = write::staging_dir(&options.output).map_err(|e| {
        BuildError::Io(
            format!("cannot create a folder beside {}", options.output.display()),
            e,
        )
    })?;
    let sink = write::TimedSink::new(write::DirSink::new(staging.clone()));
    let result = render_site(&options.root, &prepared, &sink, None, options.progress);
    let mut summary = match result {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(name_output_file(e, &options.output));
        }
    };
    let swap = Instant::now();
    write::swap_into_place(&staging, &options.output).map_err(|e| {
        let _ = std::fs::remove_dir_all(&staging);
        BuildError::Io(
            format!(
                "cannot put the new site in place of {}",
                options.output.display()
            ),
            e,
        )
    })?;
    summary.stages.splice(0..0, prepared.stages);
    // Summed over the threads, and overlapping the stages that write.
    summary.stages.push(("writing, all threads", sink.busy()));
    summary.stages.push(("swap", swap.elapsed()));
    Ok(summary)
}

/// A failed write names the file of the output it was writing (a full disk, an I/O error).
fn name_output_file(e: BuildError, output: &Path) -> BuildError {
    match e {
        BuildError::Io(what, e) => {
            let rel = write::WriteError::file_of(&e).unwrap_or(&what).to_string();
            BuildError::Io(format!("cannot write {}", output.join(rel).display()), e)
        }
        other => other,
    }
}

/// Render every page and file of the site into a sink, then check the internal links.
pub fn render_site(
    root: &Path,
    prepared: &Prepared,
    sink: &dyn Sink,
    inject: Option<String>,
    progress: bool,
) -> Result<BuildSummary, BuildError> {
    let t = Instant::now();
    let mut renderer = Renderer::new(root, &prepared.config).map_err(BuildError::Render)?;
    renderer.inject = inject;
    let findings = shown_findings(&prepared.findings);
    let mut model = Model::new(&prepared.site, &prepared.config, &findings);
    model.shares = prepared.shares.clone();
    let derived = t.elapsed();
    let mut summary = render_all(root, &renderer, &model, sink, progress)?;
    summary.stages.insert(0, ("derive", derived));
    Ok(summary)
}

/// The findings a site shows (warnings and infos), in the order given.
pub fn shown_findings(findings: &[Diagnostic]) -> Vec<Diagnostic> {
    findings
        .iter()
        .filter(|d| render::shown(d))
        .cloned()
        .collect()
}

/// Render every page and file of a model into a sink and check the links: the full build,
/// shared by `build` (through [`render_site`]) and by `serve`, which keeps its renderer and
/// model between rebuilds.
pub fn render_all(
    root: &Path,
    renderer: &Renderer,
    model: &Model<'_>,
    sink: &dyn Sink,
    progress: bool,
) -> Result<BuildSummary, BuildError> {
    let mut stages = Vec::new();
    let pages = render::plan(model);
    let links = LinkLog::default();
    // The three stages write different files: run them side by side, so that the parts of the
    // data and search stages that must run in order (appending to the site-wide files, adding
    // to the index) overlap with the other stages' parallel work instead of idling a core.
    // Each stage's time is its own wall time, from the common start.
    let t = Instant::now();
    let (rendered, (data, search)) = rayon::join(
        || {
            let r = render_pages(renderer, model, &pages, sink, &links, progress);
            (r, t.elapsed())
        },
        || {
            rayon::join(
                || (write_data(model, sink), t.elapsed()),
                || {
                    let r = crate::search::write(model, sink)
                        .map_err(|e| BuildError::Io("search index".into(), e));
                    (r, t.elapsed())
                },
            )
        },
    );
    rendered.0?;
    let mut files: BTreeSet<String> = pages.iter().map(|p| p.path.clone()).collect();
    files.extend(data.0?);
    files.extend(search.0?);
    stages.push(("render pages", rendered.1));
    stages.push(("data files", data.1));
    stages.push(("search index", search.1));

    let t = Instant::now();
    let mut put = |rel: String, bytes: &[u8]| -> Result<(), BuildError> {
        sink.write(&rel, bytes)
            .map_err(|e| BuildError::Io(rel.clone(), e))?;
        files.insert(rel);
        Ok(())
    };
    for (rel, bytes) in static_files(root, model.config)? {
        put(rel, &bytes)?;
    }
    let absolute_urls = model.config.absolute_base().is_some();
    if let Some(sitemap) = sitemap(model, &pages) {
        put("sitemap.xml".into(), sitemap.as_bytes())?;
    }
    if let Some(atom) = atom(model) {
        put("atom.xml".into(), atom.as_bytes())?;
    }
    put("robots.txt".into(), robots(model.config).as_bytes())?;
    stages.push(("static files, sitemap, feed", t.elapsed()));

    let t = Instant::now();
    let broken = links.broken(|rel| files.contains(rel), &renderer.base);
    if !broken.is_empty() {
        return Err(BuildError::BrokenLinks(broken));
    }
    stages.push(("link check", t.elapsed()));
    // Summed over the threads, and part of rendering the agency pages.
    stages.push(("charts, all threads", renderer.take_chart_time()));
    let (_, warnings, infos) = crate::diagnostic::print::tally(model.findings);
    Ok(BuildSummary {
        pages: pages.len(),
        files: files.len(),
        warnings,
        infos,
        absolute_urls,
        stages,
    })
}

/// Render some pages, in parallel, into a sink, noting their internal links in `links`.
pub fn render_pages(
    renderer: &Renderer,
    model: &Model<'_>,
    pages: &[Page],
    sink: &dyn Sink,
    links: &LinkLog,
    progress: bool,
) -> Result<(), BuildError> {
    let done = AtomicUsize::new(0);
    let show_progress = progress && std::io::stderr().is_terminal();
    pages
        .par_iter()
        .try_for_each(|page| -> Result<(), BuildError> {
            let html = renderer.render(model, page).map_err(BuildError::Render)?;
            match renderer.inject.as_deref() {
                // serve's own script is not a page of the site: its link is not checked.
                Some(script) => match memchr::memmem::find(&html, script.as_bytes()) {
                    Some(i) => {
                        let mut page_only = html.clone();
                        page_only.drain(i..i + script.len());
                        links.scan(&page.path, &page_only, &renderer.base)
                    }
                    None => links.scan(&page.path, &html, &renderer.base),
                },
                None => links.scan(&page.path, &html, &renderer.base),
            }
            sink.write(&page.path, &html)
                .map_err(|e| BuildError::Io(page.path.clone(), e))?;
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if show_progress && n.is_multiple_of(500) {
                eprint!("\rrendering pages: {n}/{}", pages.len());
            }
            Ok(())
        })?;
    if show_progress {
        eprint!("\r\x1b[K");
    }
    Ok(())
}

/// The search index files.
pub fn search_files(model: &Model<'_>) -> Result<Vec<(String, Vec<u8>)>, BuildError> {
    crate::search::files(model).map_err(|e| BuildError::Io("search index".into(), e))
}

/// robots.txt, naming the sitemap when there is one.
pub fn robots(config: &SiteConfig) -> String {
    match config.absolute_base() {
        Some(base) => format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"),
        None => "User-agent: *\nAllow: /\n".into(),
    }
}

/// Theme assets, then the site's own `static/` (which wins), under `static/`.
pub fn static_files(
    root: &Path,
    config: &SiteConfig,
) -> Result<BTreeMap<String, Vec<u8>>, BuildError> {
    let mut out: BTreeMap<String, Vec<u8>> = render::embedded::STATIC
        .iter()
        .map(|(n, b)| (format!("static/{n}"), b.to_vec()))
        .collect();
    let mut problems = Vec::new();
    let paths = render::theme::static_paths(root, config, &mut problems);
    for (name, rel) in paths {
        match render::theme::read_static(root, &rel) {
            Ok(bytes) => {
                out.insert(format!("static/{name}"), bytes);
            }
            Err(d) => problems.push(*d),
        }
    }
    if !problems.is_empty() {
        return Err(BuildError::Findings(problems));
    }
    Ok(out)
}

/// Reports are turned into data files this many at a time: enough to keep both cores busy,
/// few enough that the bytes in flight stay small at any size of site.
const DATA_CHUNK: usize = 512;

/// The open data under `data/`: each report's slices (CSV and JSON), each agency's rows of
/// the measures, the whole site's cells, measures, agencies and reports, and the data package
/// describing them. Streamed in chunks of reports so that memory does not grow with the site;
/// each report's CSV rows are made once and reused in both files that hold them.
/// Returns the paths written, for the link check.
fn write_data(model: &Model<'_>, sink: &dyn Sink) -> Result<Vec<String>, BuildError> {
    use crate::export;
    use crate::opendata;
    use std::io::Write as _;
    fn io(what: &str) -> impl Fn(std::io::Error) -> BuildError + '_ {
        move |e| BuildError::Io(what.to_string(), e)
    }
    let site = model.site;
    let header = export::tidy_csv_header(true);
    let mut written = Vec::with_capacity(site.reports.len() * 2 + site.agencies.len() + 6);
    let mut cells = sink
        .stream("data/cells.csv")
        .map_err(io("data/cells.csv"))?;
    cells.write_all(&header).map_err(io("data/cells.csv"))?;
    let mut reports_json = sink
        .stream("data/reports.json")
        .map_err(io("data/reports.json"))?;
    reports_json
        .write_all(b"[\n")
        .map_err(io("data/reports.json"))?;
    let indexes: Vec<usize> = (0..site.reports.len()).collect();
    for chunk in indexes.chunks(DATA_CHUNK) {
        let produced: Vec<(Vec<u8>, Vec<u8>)> = chunk
            .par_iter()
            .map(|&i| -> Result<(Vec<u8>, Vec<u8>), BuildError> {
                let report = &site.reports[i];
                let body = export::report_csv_body(report).map_err(io("data"))?;
                let findings: Vec<&Diagnostic> = model.report_findings[i]
                    .iter()
                    .map(|f| &model.findings[*f])
                    .collect();
                let json = opendata::report_json(site, report, &model.measures[i], &findings)
                    .map_err(io("data"))?;
                let mut csv = Vec::with_capacity(header.len() + body.len());
                csv.extend_from_slice(&header);
                csv.extend_from_slice(&body);
                let csv_rel = urls::report_data(&report.agency, report.year, "csv");
                sink.write(&csv_rel, &csv).map_err(io(&csv_rel))?;
                let json_rel = urls::report_data(&report.agency, report.year, "json");
                let mut slice = json.clone();
                slice.push(b'\n');
                sink.write(&json_rel, &slice).map_err(io(&json_rel))?;
                Ok((body, json))
            })
            .collect::<Result<_, _>>()?;
        for (&i, (body, json)) in chunk.iter().zip(produced) {
            let report = &site.reports[i];
            written.push(urls::report_data(&report.agency, report.year, "csv"));
            written.push(urls::report_data(&report.agency, report.year, "json"));
            cells.write_all(&body).map_err(io("data/cells.csv"))?;
            reports_json
                .write_all(&json)
                .map_err(io("data/reports.json"))?;
            let separator: &[u8] = if i + 1 < site.reports.len() {
                b",\n"
            } else {
                b"\n"
            };
            reports_json
                .write_all(separator)
                .map_err(io("data/reports.json"))?;
        }
    }
    cells.finish().map_err(io("data/cells.csv"))?;
    reports_json
        .write_all(b"]\n")
        .map_err(io("data/reports.json"))?;
    reports_json.finish().map_err(io("data/reports.json"))?;
    written.push("data/cells.csv".into());
    written.push("data/reports.json".into());
    let mut small = |rel: &str, bytes: Vec<u8>| -> Result<(), BuildError> {
        sink.write(rel, &bytes).map_err(io(rel))?;
        written.push(rel.to_string());
        Ok(())
    };
    let measure_rows = opendata::measure_rows(site, &model.measures, &model.shares);
    let mut measures = Vec::new();
    opendata::write_csv(
        &mut measures,
        &opendata::measures_table(),
        &measure_rows,
        true,
    )
    .map_err(io("data/measures.csv"))?;
    small("data/measures.csv", measures)?;
    // Each agency's slice: its rows of measures.csv, the numbers its page shows year by year.
    // (Rows are in agency order, so an agency's rows are together.)
    let mut rest: &[Vec<opendata::Value>] = &measure_rows;
    for id in site.agencies.keys() {
        let own = rest
            .iter()
            .take_while(|row| row.first().is_some_and(|v| v.csv() == id.as_str()))
            .count();
        let (slice, after) = rest.split_at(own);
        rest = after;
        let rel = urls::agency_data(id);
        let mut csv = Vec::new();
        opendata::write_csv(&mut csv, &opendata::measures_table(), slice, true)
            .map_err(io(&rel))?;
        small(&rel, csv)?;
    }
    let mut agencies = Vec::new();
    opendata::write_csv(
        &mut agencies,
        &opendata::agencies_table(),
        &opendata::agency_rows(site),
        true,
    )
    .map_err(io("data/agencies.csv"))?;
    small("data/agencies.csv", agencies)?;
    small(
        "data/datapackage.json",
        opendata::datapackage_bytes(model.config),
    )?;
    Ok(written)
}

/// The whole site's data tables: every report's tidy cells (from each report's CSV rows
/// without a header, in `site.reports` order), measures, agencies, reports and the data
/// package. `serve` passes the rows it already serves, so that an edit does not write every
/// report's CSV again.
pub fn site_data_files(
    model: &Model<'_>,
    report_csv_bodies: &[&[u8]],
) -> Result<Vec<(String, Vec<u8>)>, BuildError> {
    use crate::opendata;
    let io = |e: std::io::Error| BuildError::Io("data".into(), e);
    let mut out = Vec::with_capacity(5);
    let mut cells = crate::export::tidy_csv_header(true);
    cells.reserve(report_csv_bodies.iter().map(|b| b.len()).sum());
    for b in report_csv_bodies {
        cells.extend_from_slice(b);
    }
    out.push(("data/cells.csv".into(), cells));
    let mut measures = Vec::new();
    opendata::write_csv(
        &mut measures,
        &opendata::measures_table(),
        &opendata::measure_rows(model.site, &model.measures, &model.shares),
        true,
    )
    .map_err(io)?;
    out.push(("data/measures.csv".into(), measures));
    let mut agencies = Vec::new();
    opendata::write_csv(
        &mut agencies,
        &opendata::agencies_table(),
        &opendata::agency_rows(model.site),
        true,
    )
    .map_err(io)?;
    out.push(("data/agencies.csv".into(), agencies));
    let findings: Vec<Vec<&Diagnostic>> = model
        .report_findings
        .iter()
        .map(|f| f.iter().map(|i| &model.findings[*i]).collect())
        .collect();
    let mut reports = Vec::new();
    opendata::write_reports_json(&mut reports, model.site, &model.measures, &findings)
        .map_err(io)?;
    out.push(("data/reports.json".into(), reports));
    out.push((
        "data/datapackage.json".into(),
        opendata::datapackage_bytes(model.config),
    ));
    Ok(out)
}

/// One report's data downloads, as [`write_data`] writes them: its tidy cells as CSV, and its
/// line of `reports.json` as JSON. `serve` writes those of an edited report again.
pub fn report_data_files(
    model: &Model<'_>,
    index: usize,
) -> Result<Vec<(String, Vec<u8>)>, BuildError> {
    let io = |e: std::io::Error| BuildError::Io("data".into(), e);
    let report = &model.site.reports[index];
    let mut csv = crate::export::tidy_csv_header(true);
    csv.extend(crate::export::report_csv_body(report).map_err(io)?);
    let findings: Vec<&Diagnostic> = model.report_findings[index]
        .iter()
        .map(|f| &model.findings[*f])
        .collect();
    let mut json =
        crate::opendata::report_json(model.site, report, &model.measures[index], &findings)
            .map_err(io)?;
    json.push(b'\n');
    Ok(vec![
        (urls::report_data(&report.agency, report.year, "csv"), csv),
        (urls::report_data(&report.agency, report.year, "json"), json),
    ])
}

/// One agency's data download, as [`write_data`] writes it: the tidy cells of its reports.
pub fn agency_data_file(
    model: &Model<'_>,
    id: &crate::model::AgencyId,
) -> Result<(String, Vec<u8>), BuildError> {
    use crate::opendata;
    let site = model.site;
    let start = site.reports.partition_point(|r| &r.agency < id);
    let rows: Vec<Vec<opendata::Value>> = (start..site.reports.len())
        .take_while(|&i| &site.reports[i].agency == id)
        .filter_map(|i| {
            opendata::measure_row(
                site,
                &site.reports[i],
                &model.measures[i],
                model.shares.by_report.get(i),
            )
        })
        .collect();
    let mut csv = Vec::new();
    opendata::write_csv(&mut csv, &opendata::measures_table(), &rows, true)
        .map_err(|e| BuildError::Io("data".into(), e))?;
    Ok((urls::agency_data(id), csv))
}

/// The sitemap, when the site has an origin (a sitemap holds absolute addresses only).
pub fn sitemap(model: &Model<'_>, pages: &[Page]) -> Option<String> {
    let base = model.config.absolute_base()?;
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages.iter().filter(|p| p.path != "404.html") {
        let rel = page.path.trim_end_matches("index.html");
        let rel = match &page.kind {
            render::PageKind::Region(key) => urls::region(key),
            _ => rel.to_string(),
        };
        s.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            xml_escape(&format!("{base}{rel}"))
        ));
    }
    s.push_str("</urlset>\n");
    Some(s)
}

/// Reports by publication date, newest first. The feed's own date is the newest report's,
/// never the build time, so that builds stay byte-identical. `None` when the site has no
/// origin: a feed's ids and links are absolute addresses.
pub fn atom(model: &Model<'_>) -> Option<String> {
    let base = model.config.absolute_base()?;
    let mut dated: Vec<_> = model
        .site
        .reports
        .iter()
        .filter_map(|r| r.published.map(|(d, _)| (d, r)))
        .collect();
    dated.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.agency.cmp(&b.1.agency)));
    let updated = dated
        .first()
        .map_or("2008-01-01".to_string(), |(d, _)| d.to_string());
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <title>{}</title>\n  <link href=\"{base}\"/>\n  <link rel=\"self\" href=\"{base}atom.xml\"/>\n  <id>{base}</id>\n  <updated>{updated}T00:00:00Z</updated>\n",
        xml_escape(&model.config.title)
    );
    for (date, r) in dated.iter().take(200) {
        let name = model
            .site
            .agencies
            .get(&r.agency)
            .map_or(r.agency.to_string(), |a| a.name.clone());
        let title = r
            .title
            .clone()
            .unwrap_or_else(|| format!("{name}{}年政府信息公开工作年度报告", r.year));
        let url = format!("{base}{}", urls::report(&r.agency, r.year));
        s.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link href=\"{url}\"/>\n    <id>{url}</id>\n    <updated>{date}T00:00:00Z</updated>\n    <author><name>{}</name></author>\n  </entry>\n",
            xml_escape(&title),
            xml_escape(&name)
        ));
    }
    s.push_str("</feed>\n");
    Some(s)
}

pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Internal links seen on rendered pages, checked once everything is written.
#[derive(Default)]
pub struct LinkLog {
    /// Target → first page that links to it.
    targets: Mutex<BTreeMap<String, String>>,
}

impl LinkLog {
    /// Note the internal links of a page (UTF-8 text, as the renderer writes it). Most links
    /// (navigation, assets) repeat on every page: only links not seen before cost an
    /// allocation.
    pub fn scan(&self, page: &str, html: &[u8], base: &str) {
        use memchr::memmem::Finder;
        use std::sync::LazyLock;
        // One pass for `="`, then a look at the attribute's name (`href="` and `src="`, as
        // substrings): a report page has hundreds of `class="` and `title="` but few links,
        // and a pass per attribute cost twice one.
        static EQUALS_QUOTE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"=\""));
        let mut found: Vec<std::borrow::Cow<'_, str>> = Vec::new();
        for i in EQUALS_QUOTE.find_iter(html) {
            let before = &html[..i];
            if !(before.ends_with(b"href") || before.ends_with(b"src")) {
                continue;
            }
            let rest = &html[i + 2..];
            let Some(end) = memchr::memchr(b'"', rest) else {
                continue;
            };
            // Cut between ASCII quotes, so UTF-8 text gives UTF-8 links.
            let Ok(raw) = std::str::from_utf8(&rest[..end]) else {
                continue;
            };
            // A template that escapes `/` as `&#x2F;` still links: undo it, or no link
            // would start with the base path and none would be checked.
            let link: std::borrow::Cow<'_, str> = if raw.contains("&#x2F;") {
                raw.replace("&#x2F;", "/").into()
            } else {
                raw.into()
            };
            if link.starts_with(base) && !link.starts_with("//") {
                let end = link.find(['#', '?']).unwrap_or(link.len());
                found.push(match link {
                    std::borrow::Cow::Borrowed(l) => l[..end].into(),
                    std::borrow::Cow::Owned(l) => l[..end].to_string().into(),
                });
            }
        }
        found.sort_unstable();
        found.dedup();
        if let Ok(mut targets) = self.targets.lock() {
            for link in found {
                if !targets.contains_key(link.as_ref()) {
                    targets.insert(link.into_owned(), page.to_string());
                }
            }
        }
    }

    /// The links whose target is not a file, by `exists` (a path relative to the site root).
    pub fn broken(&self, exists: impl Fn(&str) -> bool, base: &str) -> Vec<(String, String)> {
        let targets = match self.targets.lock() {
            Ok(t) => t,
            Err(_) => return Vec::new(),
        };
        targets
            .iter()
            .filter(|(link, _)| {
                let rel = link.strip_prefix(base).unwrap_or(link);
                let rel = percent_encoding::percent_decode_str(rel)
                    .decode_utf8_lossy()
                    .into_owned();
                let rel = rel.replace("&amp;", "&");
                let candidate = if rel.is_empty() || rel.ends_with('/') {
                    format!("{rel}index.html")
                } else {
                    rel.clone()
                };
                !exists(&candidate) && !exists(&format!("{rel}/index.html"))
            })
            .map(|(link, page)| (page.clone(), link.clone()))
            .collect()
    }
}
