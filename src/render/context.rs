//! The data each page's template receives. Numbers are formatted here, once: blank is "—"
//! in summaries and an empty cell in the report tables, never 0.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};
use tera::Context;

use super::{Model, Page, PageKind, RegionKey, RenderError, Renderer, grid, markdown, urls};
use crate::catalogue::{NarrativeSection, SectionId, Template};
use crate::charts::{self, ChartKind, ChartSpec, Series};
use crate::config::Language;
use crate::derive::{MEASURES, Measures};
use crate::diagnostic::{Diagnostic, RULES, Severity, rule_info};
use crate::model::{Agency, AgencyId, Report};

pub fn build(
    r: &Renderer,
    model: &Model<'_>,
    page: &Page,
) -> Result<(&'static str, Context), RenderError> {
    let mut ctx = Context::new();
    ctx.insert("base", &r.base);
    ctx.insert("lang", model.config.language.tag());
    ctx.insert(
        "site",
        &json!({
            "title": model.config.title,
            "description": model.config.description,
            "license": model.config.data_license,
            // The feed exists only when base_url has an origin (build.rs).
            "feed": model.config.absolute_base().is_some(),
        }),
    );
    ctx.insert("page_path", &page.path);
    let template = match &page.kind {
        PageKind::Index => index(r, model, &mut ctx),
        PageKind::Agency(id) => agency_page(r, model, id, &mut ctx)?,
        PageKind::Report(id, year) => report_page(r, model, id, *year, &mut ctx)?,
        PageKind::Year(year) => year_page(r, model, *year, &mut ctx),
        PageKind::Regions => regions_page(r, model, &mut ctx),
        PageKind::Region(key) => region_page(r, model, key, &mut ctx),
        PageKind::Quality => quality_page(r, model, &mut ctx),
        PageKind::Copied(id, year, section) => copied_page(r, model, id, *year, section, &mut ctx)?,
        PageKind::About => about_page(r, model, &mut ctx)?,
        PageKind::Search => "search.html",
        PageKind::Data => data_page(r, model, &mut ctx),
        PageKind::NotFound => "404.html",
    };
    if let Some(strings) = r.strings_contexts.get(template) {
        ctx.extend(strings.clone());
    }
    Ok((template, ctx))
}

/// Put a value into a page's context by moving it: `Context::insert` serialises its argument
/// again, which copies every string (a report page's sections hold some 25 KB of HTML).
fn put(ctx: &mut Context, key: &str, value: Value) {
    let mut map = serde_json::Map::new();
    map.insert(key.to_string(), value);
    if let Ok(values) = Context::from_value(Value::Object(map)) {
        ctx.extend(values);
    }
}

pub fn int(v: Option<i64>) -> String {
    v.map_or_else(|| "—".into(), |v| v.to_string())
}

pub fn pct(v: Option<f64>) -> String {
    v.filter(|v| v.is_finite())
        .map_or_else(|| "—".into(), |v| format!("{:.1}%", v * 100.0))
}

/// Timeliness: `逾期 3 天`, `按时（提前 1 天）`; `late 1 day`, `on time (early 2 days)`.
fn days(r: &Renderer, v: Option<i64>) -> String {
    let n = |d: i64| match r.language {
        Language::Chinese => format!("{d} {}", r.strings["days"]),
        Language::English => crate::diagnostic::message::plural(&d.to_string(), "day", "days"),
    };
    match v {
        None => "—".into(),
        Some(d) if d > 0 => format!("{} {}", r.strings["late"], n(d)),
        Some(d) => match r.language {
            Language::Chinese => format!(
                "{}（{} {}）",
                r.strings["on_time"],
                r.strings["early"],
                n(-d)
            ),
            Language::English => {
                format!(
                    "{} ({} {})",
                    r.strings["on_time"],
                    r.strings["early"],
                    n(-d)
                )
            }
        },
    }
}

/// A derived measure's name in the site's language.
fn measure_label(r: &Renderer, i: usize) -> &'static str {
    match r.language {
        Language::Chinese => MEASURES[i].zh,
        Language::English => MEASURES[i].en,
    }
}

/// A sortable value for tables: numbers sort as numbers, blanks last.
fn sort_key(v: Option<f64>) -> String {
    v.filter(|v| v.is_finite())
        .map_or_else(String::new, |v| format!("{v}"))
}

#[derive(Serialize)]
struct AgencyRow {
    id: String,
    name: String,
    url: String,
    region: String,
    region_url: String,
    province: String,
    level: &'static str,
    level_key: &'static str,
    kind: &'static str,
    kind_key: &'static str,
    years: String,
    year_list: Vec<u16>,
    latest_year: String,
    latest_url: String,
    received: String,
    received_sort: String,
    share_granted: String,
    share_granted_sort: String,
    cases: String,
    cases_sort: String,
    flags: usize,
}

fn agency_row(r: &Renderer, model: &Model<'_>, agency: &Agency) -> AgencyRow {
    let reports: Vec<usize> = report_indexes(model, &agency.id);
    let latest = reports.last().copied();
    let m = latest.map(|i| &model.measures[i]);
    let region = agency.region.path();
    let region_key: RegionKey = region.iter().map(|s| s.to_string()).collect();
    let year_list: Vec<u16> = reports
        .iter()
        .map(|i| model.site.reports[*i].year)
        .collect();
    AgencyRow {
        id: agency.id.to_string(),
        name: agency.name.clone(),
        url: r.url(&urls::agency(&agency.id)),
        region: region.join(" · "),
        region_url: r.url(&urls::region(&region_key)),
        province: agency.region.province.clone(),
        level: level_label(r, agency),
        level_key: agency.level.key(),
        kind: kind_label(r, agency),
        kind_key: agency.kind.key(),
        years: compact_years(&year_list),
        latest_year: latest
            .map(|i| model.site.reports[i].year.to_string())
            .unwrap_or_default(),
        latest_url: latest
            .map(|i| r.url(&urls::report(&agency.id, model.site.reports[i].year)))
            .unwrap_or_default(),
        year_list,
        received: int(m.and_then(|m| m.received)),
        received_sort: sort_key(m.and_then(|m| m.received.map(|v| v as f64))),
        share_granted: pct(m.and_then(|m| m.share_granted)),
        share_granted_sort: sort_key(m.and_then(|m| m.share_granted)),
        cases: int(m.and_then(|m| m.cases)),
        cases_sort: sort_key(m.and_then(|m| m.cases.map(|v| v as f64))),
        flags: reports.iter().map(|i| warnings_of(model, *i).count()).sum(),
    }
}

fn level_label(r: &Renderer, a: &Agency) -> &'static str {
    if r.strings["nav_home"] == "Home" {
        a.level.en()
    } else {
        a.level.zh()
    }
}

fn kind_label(r: &Renderer, a: &Agency) -> &'static str {
    if r.strings["nav_home"] == "Home" {
        a.kind.en()
    } else {
        a.kind.zh()
    }
}

/// `2019, 2021–2023`
fn compact_years(years: &[u16]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < years.len() {
        let mut j = i;
        while j + 1 < years.len() && years[j + 1] == years[j] + 1 {
            j += 1;
        }
        parts.push(if j > i {
            format!("{}–{}", years[i], years[j])
        } else {
            years[i].to_string()
        });
        i = j + 1;
    }
    parts.join(", ")
}

fn report_indexes(model: &Model<'_>, id: &AgencyId) -> Vec<usize> {
    let start = model.site.reports.partition_point(|r| &r.agency < id);
    (start..model.site.reports.len())
        .take_while(|i| &model.site.reports[*i].agency == id)
        .collect()
}

fn warnings_of<'m>(
    model: &'m Model<'_>,
    report: usize,
) -> impl Iterator<Item = &'m Diagnostic> + 'm {
    model.report_findings[report]
        .iter()
        .map(|i| &model.findings[*i])
        .filter(|d| d.severity == Severity::Warning)
}

// ---------------------------------------------------------------------------------------------

fn index(r: &Renderer, model: &Model<'_>, ctx: &mut Context) -> &'static str {
    let list_all = model.site.agencies.len() <= INDEX_AGENCY_ROWS;
    let rows: Vec<AgencyRow> = if list_all {
        model
            .site
            .agencies
            .values()
            .map(|a| agency_row(r, model, a))
            .collect()
    } else {
        Vec::new()
    };
    let province_rows: Vec<Value> = model
        .regions
        .iter()
        .filter(|(k, _)| k.len() == 1)
        .map(|(k, ids)| json!({"name": k[0], "url": r.url(&urls::region(k)), "count": ids.len()}))
        .collect();
    ctx.insert("list_all", &list_all);
    ctx.insert("agency_count", &model.site.agencies.len());
    ctx.insert("province_rows", &province_rows);
    let totals: Vec<Value> = model
        .years
        .iter()
        .map(|(year, reports)| {
            let sum = |f: &dyn Fn(&Measures) -> Option<i64>| {
                let values: Vec<i64> = reports.iter().filter_map(|i| f(&model.measures[*i])).collect();
                if values.is_empty() {
                    "—".to_string()
                } else {
                    format!("{} ({})", values.iter().sum::<i64>(), values.len())
                }
            };
            json!({
                "year": year,
                "url": r.url(&urls::year(*year)),
                "reports": reports.len(),
                "received": sum(&|m| m.received),
                "handled": sum(&|m| m.handled),
                "granted": sum(&|m| m.granted.zip(m.partly_granted).map(|(a, b)| a + b)),
                "refused": sum(&|m| m.refused),
                "unavailable": sum(&|m| m.unavailable),
                "not_processed": sum(&|m| m.not_processed.zip(m.other_handling).map(|(a, b)| a + b)),
                "cases": sum(&|m| m.cases),
                "corrected": sum(&|m| m.cases_corrected),
            })
        })
        .collect();
    let provinces: Vec<&String> = model
        .regions
        .keys()
        .filter(|k| k.len() == 1)
        .map(|k| &k[0])
        .collect();
    ctx.insert("agencies", &rows);
    ctx.insert("totals", &totals);
    ctx.insert("provinces", &provinces);
    ctx.insert("years", &model.years.keys().collect::<Vec<_>>());
    ctx.insert("levels", &crate::model::Level::ALL.map(|l| json!({"key": l.key(), "label": if r.strings["nav_home"] == "Home" { l.en() } else { l.zh() }})));
    ctx.insert("kinds", &crate::model::AgencyKind::ALL.map(|k| json!({"key": k.key(), "label": if r.strings["nav_home"] == "Home" { k.en() } else { k.zh() }})));
    ctx.insert("report_count", &model.site.reports.len());
    ctx.insert(
        "finding_count",
        &model
            .findings
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count(),
    );
    "index.html"
}

// ---------------------------------------------------------------------------------------------

struct Chart {
    title: String,
    svg: String,
    columns: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
}

fn chart(
    r: &Renderer,
    title: &str,
    years: &[String],
    series: Vec<(String, Vec<Option<f64>>)>,
    kind: ChartKind,
    unit: &str,
    decimals: bool,
) -> Value {
    let spec = ChartSpec {
        title: title.to_string(),
        x_labels: years.to_vec(),
        y_label: unit.to_string(),
        series: series
            .iter()
            .map(|(l, v)| Series {
                label: l.clone(),
                values: v.clone(),
            })
            .collect(),
        kind,
        // The axis label already names the unit.
        unit: None,
    };
    let c = Chart {
        title: title.to_string(),
        svg: {
            let started = std::time::Instant::now();
            let svg = charts::render_svg(&spec);
            let spent = started.elapsed().as_nanos() as u64;
            r.chart_nanos
                .fetch_add(spent, std::sync::atomic::Ordering::Relaxed);
            svg
        },
        columns: years.to_vec(),
        rows: series
            .into_iter()
            .map(|(label, values)| {
                let cells = values
                    .into_iter()
                    .map(|v| match v {
                        None => "—".to_string(),
                        Some(v) if decimals => format!("{v}"),
                        Some(v) => format!("{}", v as i64),
                    })
                    .collect();
                (label, cells)
            })
            .collect(),
    };
    json!({"title": c.title, "svg": c.svg, "columns": c.columns, "rows": c.rows.iter().map(|(l, v)| json!({"label": l, "values": v})).collect::<Vec<_>>()})
}

fn agency_page(
    r: &Renderer,
    model: &Model<'_>,
    id: &AgencyId,
    ctx: &mut Context,
) -> Result<&'static str, RenderError> {
    let agency = model
        .site
        .agencies
        .get(id)
        .ok_or_else(|| RenderError::Template(format!("no agency {id}")))?;
    let indexes = report_indexes(model, id);
    let reports: Vec<&Report> = indexes.iter().map(|i| &model.site.reports[*i]).collect();
    let ms: Vec<&Measures> = indexes.iter().map(|i| &model.measures[*i]).collect();
    let years: Vec<String> = reports.iter().map(|r| r.year.to_string()).collect();
    let t = &r.strings;
    let row = |label: &str, values: Vec<String>| json!({"label": label, "values": values});
    let figures = vec![
        row(
            t["published"],
            reports
                .iter()
                .map(|r| {
                    r.published
                        .map_or(t["not_stated"].to_string(), |(d, _)| d.to_string())
                })
                .collect(),
        ),
        row(
            t["deadline"],
            ms.iter()
                .map(|m| m.deadline.map_or("—".into(), |d| d.to_string()))
                .collect(),
        ),
        row(
            measure_label(r, 8),
            ms.iter().map(|m| days(r, m.days_after_deadline)).collect(),
        ),
        row(t["received"], ms.iter().map(|m| int(m.received)).collect()),
        row(t["handled"], ms.iter().map(|m| int(m.handled)).collect()),
        row(
            measure_label(r, 2),
            ms.iter().map(|m| pct(m.share_granted)).collect(),
        ),
        row(
            measure_label(r, 3),
            ms.iter().map(|m| pct(m.share_refused)).collect(),
        ),
        row(
            measure_label(r, 4),
            ms.iter().map(|m| pct(m.share_unavailable)).collect(),
        ),
        row(
            measure_label(r, 5),
            ms.iter().map(|m| pct(m.share_not_processed)).collect(),
        ),
        row(t["cases"], ms.iter().map(|m| int(m.cases)).collect()),
        row(
            measure_label(r, 7),
            ms.iter().map(|m| pct(m.share_corrected)).collect(),
        ),
        row(
            t["flags"],
            indexes
                .iter()
                .map(|i| warnings_of(model, *i).count().to_string())
                .collect(),
        ),
    ];
    let f = |v: Option<i64>| v.map(|v| v as f64);
    // The six applicant columns of section 三, as the catalogue labels them (总计 excluded).
    let applicant_labels: Vec<&str> = crate::catalogue::TEMPLATE_2021
        .section(SectionId::Requests)
        .blocks[0]
        .columns
        .iter()
        .filter(|c| c.key != "total")
        .map(|c| c.zh)
        .collect();
    let charts = vec![
        chart(
            r,
            t["chart_requests_by_applicant"],
            &years,
            applicant_labels
                .iter()
                .enumerate()
                .map(|(k, l)| {
                    (
                        l.to_string(),
                        ms.iter().map(|m| f(m.received_by_applicant[k])).collect(),
                    )
                })
                .collect(),
            ChartKind::StackedBars,
            t["unit_items"],
            false,
        ),
        chart(
            r,
            t["chart_outcomes"],
            &years,
            vec![
                (
                    t["granted"].to_string(),
                    ms.iter().map(|m| f(m.granted)).collect(),
                ),
                (
                    t["partly_granted"].to_string(),
                    ms.iter().map(|m| f(m.partly_granted)).collect(),
                ),
                (
                    t["refused"].to_string(),
                    ms.iter().map(|m| f(m.refused)).collect(),
                ),
                (
                    t["unavailable"].to_string(),
                    ms.iter().map(|m| f(m.unavailable)).collect(),
                ),
                (
                    t["not_processed"].to_string(),
                    ms.iter().map(|m| f(m.not_processed)).collect(),
                ),
                (
                    t["other_handling"].to_string(),
                    ms.iter().map(|m| f(m.other_handling)).collect(),
                ),
            ],
            ChartKind::StackedBars,
            t["unit_items"],
            false,
        ),
        chart(
            r,
            t["chart_cases"],
            &years,
            vec![
                (
                    t["upheld"].to_string(),
                    ms.iter().map(|m| f(m.cases_upheld)).collect(),
                ),
                (
                    t["corrected"].to_string(),
                    ms.iter().map(|m| f(m.cases_corrected)).collect(),
                ),
                (
                    t["other_result"].to_string(),
                    ms.iter().map(|m| f(m.cases_other)).collect(),
                ),
                (
                    t["pending"].to_string(),
                    ms.iter().map(|m| f(m.cases_pending)).collect(),
                ),
            ],
            ChartKind::StackedBars,
            t["unit_items"],
            false,
        ),
        chart(
            r,
            t["chart_proactive"],
            &years,
            vec![
                (
                    t["documents_issued"].to_string(),
                    ms.iter().map(|m| f(m.documents_issued)).collect(),
                ),
                (
                    t["licensing_decisions"].to_string(),
                    ms.iter().map(|m| f(m.licensing_decisions)).collect(),
                ),
                (
                    t["penalty_decisions"].to_string(),
                    ms.iter().map(|m| f(m.penalty_decisions)).collect(),
                ),
            ],
            ChartKind::GroupedBars,
            t["unit_items"],
            false,
        ),
        chart(
            r,
            t["chart_fees"],
            &years,
            vec![(
                t["fees"].to_string(),
                ms.iter()
                    .map(|m| m.fees_wan_yuan.map(|v| v.as_f64()))
                    .collect(),
            )],
            ChartKind::GroupedBars,
            t["unit_wan_yuan"],
            true,
        ),
    ];
    let report_links: Vec<Value> = reports
        .iter()
        .zip(&indexes)
        .map(|(rep, i)| json!({
            "year": rep.year,
            "url": r.url(&urls::report(id, rep.year)),
            "title": rep.title.clone().unwrap_or_else(|| format!("{}{}年政府信息公开工作年度报告", agency.name, rep.year)),
            "template": template_label(r, rep.template),
            "flags": warnings_of(model, *i).count(),
        }))
        .collect();
    ctx.insert("agency", &agency_row(r, model, agency));
    ctx.insert("website", &agency.website);
    ctx.insert("former_names", &agency.former_names);
    ctx.insert(
        "parent",
        &agency
            .parent
            .as_ref()
            .and_then(|(p, _)| model.site.agencies.get(p))
            .map(|p| json!({"name": p.name, "url": r.url(&urls::agency(&p.id))})),
    );
    ctx.insert("years", &years);
    put(ctx, "figures", Value::Array(figures));
    put(ctx, "charts", Value::Array(charts));
    ctx.insert("single_year", &(reports.len() == 1));
    put(ctx, "reports", Value::Array(report_links));
    ctx.insert("data_url", &r.url(&urls::agency_data(id)));
    put(
        ctx,
        "peers",
        indexes
            .last()
            .and_then(|i| peer_table(r, model, *i))
            .unwrap_or(Value::Null),
    );
    ctx.insert(
        "jsonld",
        &dataset_jsonld(
            model,
            DatasetInfo {
                name: &format!("{}：政府信息公开工作年度报告数据", agency.name),
                page: &r.url(&urls::agency(id)),
                agency,
                years: (
                    reports.first().map_or(0, |r| r.year),
                    reports.last().map_or(0, |r| r.year),
                ),
                downloads: &[(&r.url(&urls::agency_data(id)), "text/csv")],
                source: None,
            },
        ),
    );
    Ok("agency.html")
}

/// One report against its peers ([`crate::derive::peers`]): a caption naming the group and
/// one row per key measure. `None` for a report without an agency file.
fn peer_table(r: &Renderer, model: &Model<'_>, report: usize) -> Option<Value> {
    let t = &r.strings;
    let group = model.peers.group(report)?;
    let stats = model.peers.stats(report, &model.measures[report])?;
    let english = t["nav_home"] == "Home";
    let key = &group.key;
    let region = if key.region.is_empty() {
        t["peers_nationwide"].to_string()
    } else {
        key.region.join(" · ")
    };
    let caption = format!(
        "{} · {} · {} · {}（{}）",
        key.year,
        if english {
            key.level.en()
        } else {
            key.level.zh()
        },
        if english {
            key.kind.en()
        } else {
            key.kind.zh()
        },
        region,
        t["peers_count"].replace("{total}", &group.members.len().to_string()),
    );
    let label = |k: &'static str| -> &'static str {
        match k {
            "received" => t["received"],
            "cases" => t["cases"],
            _ => crate::derive::MEASURES
                .iter()
                .find(|m| m.key == k)
                .map_or(k, |m| if english { m.en } else { m.zh }),
        }
    };
    let rows: Vec<Value> = crate::derive::peers::KEYS
        .iter()
        .zip(&stats)
        .map(|(k, s)| {
            let share = k.starts_with("share_");
            let show = |v: Option<f64>| match v {
                None => "—".to_string(),
                Some(v) if share => pct(Some(v)),
                Some(v) => {
                    let n = if v.fract() == 0.0 {
                        format!("{}", v as i64)
                    } else {
                        format!("{v:.1}")
                    };
                    if *k == "days_after_deadline" {
                        format!("{n} {}", t["days"])
                    } else {
                        n
                    }
                }
            };
            json!({
                "label": label(k),
                "value": show(s.value),
                "median": show(s.median),
                "quartiles": match (s.q1, s.q3) {
                    (Some(a), Some(b)) => format!("{} {} {}", show(Some(a)), t["peers_to"], show(Some(b))),
                    _ => "—".to_string(),
                },
                "rank": s.rank.map_or("—".to_string(), |k| t["peers_rank_of"]
                    .replace("{k}", &k.to_string())
                    .replace("{total}", &s.n.to_string())),
                "blank": t["peers_blank_count"].replace("{m}", &s.blank.to_string()),
            })
        })
        .collect();
    Some(json!({"caption": caption, "year": key.year, "rows": rows}))
}

fn template_label(r: &Renderer, t: Template) -> &'static str {
    match t {
        Template::F2019 => r.strings["template_2019"],
        Template::F2021 => r.strings["template_2021"],
    }
}

/// What a page's schema.org `Dataset` says about its data download.
struct DatasetInfo<'a> {
    name: &'a str,
    /// The page's URL path (with the base path).
    page: &'a str,
    agency: &'a Agency,
    /// First and last report year covered.
    years: (u16, u16),
    /// (URL path, media type) of each download.
    downloads: &'a [(&'a str, &'a str)],
    /// The report as the agency published it.
    source: Option<&'a str>,
}

/// schema.org Dataset describing a page's data download, as a JSON string for a script element.
fn dataset_jsonld(model: &Model<'_>, d: DatasetInfo<'_>) -> String {
    // URL paths already hold the base path: join them to the origin only, not to the base.
    // Without an origin they stay paths, which JSON-LD resolves against the page's address.
    let origin = model.config.origin().unwrap_or_default();
    let absolute = |path: &str| format!("{origin}{path}");
    let temporal = if d.years.0 == d.years.1 {
        d.years.0.to_string()
    } else {
        format!("{}/{}", d.years.0, d.years.1)
    };
    // Written from structs, not a `json!` tree (one per page): fields in the order serde_json
    // gives a map's keys (sorted), so the text is what the tree would give.
    #[derive(Serialize)]
    struct Named<'a> {
        #[serde(rename = "@type")]
        kind: &'a str,
        name: &'a str,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Download<'a> {
        #[serde(rename = "@type")]
        kind: &'a str,
        content_url: String,
        encoding_format: &'a str,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Dataset<'a> {
        #[serde(rename = "@context")]
        context: &'a str,
        #[serde(rename = "@type")]
        kind: &'a str,
        creator: Named<'a>,
        description: String,
        distribution: Vec<Download<'a>>,
        in_language: &'a str,
        is_accessible_for_free: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        is_based_on: Option<&'a str>,
        keywords: [&'a str; 4],
        license: String,
        name: &'a str,
        spatial_coverage: Named<'a>,
        temporal_coverage: String,
        url: String,
    }
    let region = d.agency.region.path().join("");
    let value = Dataset {
        context: "https://schema.org",
        kind: "Dataset",
        creator: Named {
            kind: "GovernmentOrganization",
            name: &d.agency.name,
        },
        description: format!(
            "{}的表格数据（主动公开、依申请公开办理情况、行政复议和行政诉讼），按机关公开发布的原样转录，空白保留为空白，每个数字可追溯到报告文件的行和列。",
            d.name
        ),
        distribution: d
            .downloads
            .iter()
            .map(|(url, format)| Download {
                kind: "DataDownload",
                content_url: absolute(url),
                encoding_format: format,
            })
            .collect(),
        in_language: "zh-CN",
        is_accessible_for_free: true,
        is_based_on: d.source,
        keywords: ["政府信息公开", "年度报告", "依申请公开", "行政复议"],
        license: crate::opendata::license_url(&model.config.data_license)
            .unwrap_or_else(|| model.config.data_license.clone()),
        name: d.name,
        spatial_coverage: Named {
            kind: "Place",
            name: &region,
        },
        temporal_coverage: temporal,
        url: absolute(d.page),
    };
    let Ok(value) = serde_json::to_string(&value) else {
        return String::new();
    };
    // `</` cannot close the script element when written as `<\/`.
    value.replace("</", "<\\/")
}

// ---------------------------------------------------------------------------------------------

fn report_page(
    r: &Renderer,
    model: &Model<'_>,
    id: &AgencyId,
    year: u16,
    ctx: &mut Context,
) -> Result<&'static str, RenderError> {
    let index = model
        .site
        .report_index(id, year)
        .ok_or_else(|| RenderError::Template(format!("no report {id} {year}")))?;
    let report = &model.site.reports[index];
    let agency = model.site.agencies.get(id);
    let file = model
        .site
        .file(report.file)
        .to_string_lossy()
        .replace('\\', "/");
    let io = |e| RenderError::Io(model.site.absolute(report.file), e);
    let bytes = model.site.read_report_bytes(report).map_err(io)?;
    let text = crate::load::utf8_text(&bytes)
        .map_err(|e| io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))?;
    // Flags: warnings and infos of this report, numbered in order; cells map to their numbers.
    let findings: Vec<&Diagnostic> = model.report_findings[index]
        .iter()
        .map(|i| &model.findings[*i])
        .collect();
    let mut cell_flags: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let flags: Vec<Value> = findings
        .iter()
        .enumerate()
        .map(|(n, d)| {
            if let Some(cell) = &d.cell {
                cell_flags.entry(cell.clone()).or_default().push(n + 1);
            }
            flag_json(r, model, d, n + 1)
        })
        .collect();
    let def = report.def();
    let sections: Vec<Value> = NarrativeSection::ALL
        .iter()
        .map(|s| {
            let span = report.narrative.span(*s);
            let html = span.map(|sp| {
                markdown::to_html(text.get(sp.start as usize..sp.end as usize).unwrap_or(""))
            });
            let table = match s {
                NarrativeSection::Proactive => Some(SectionId::Proactive),
                NarrativeSection::Requests => Some(SectionId::Requests),
                NarrativeSection::Review => Some(SectionId::Review),
                _ => None,
            };
            let tables = table.map_or_else(String::new, |t| {
                grid::section_html(report, def.section(t), &cell_flags, super::escape_html)
            });
            json!({
                "key": s.key(),
                "heading": s.heading(),
                "heading_en": s.en(),
                "present": span.is_some() || table.is_some(),
                "heading_missing": span.is_none(),
                "html": html.unwrap_or_default(),
                "is_table": table.is_some(),
                "tables": tables,
            })
        })
        .collect();
    let m = &model.measures[index];
    let name = agency.map_or_else(|| id.to_string(), |a| a.name.clone());
    let title = report
        .title
        .clone()
        .unwrap_or_else(|| format!("{name}{year}年政府信息公开工作年度报告"));
    let prev = model
        .site
        .reports
        .get(index.wrapping_sub(1))
        .filter(|p| &p.agency == id);
    let next = model
        .site
        .reports
        .get(index + 1)
        .filter(|p| &p.agency == id);
    put(
        ctx,
        "report",
        json!({
            "title": title,
            "agency_name": name,
            "agency_url": r.url(&urls::agency(id)),
            "year": year,
            "template": template_label(r, report.template),
            "notice": report.template.notice(),
            "published": report.published.map(|(d, _)| d.to_string()),
            "deadline": m.deadline.map(|d| d.to_string()),
            "timeliness": days(r, m.days_after_deadline),
            "source_url": report.source_url,
            "archive": report.archive,
            "transcription_note": report.transcription_note,
            "file": file,
            "csv_url": r.url(&urls::report_data(id, year, "csv")),
            "json_url": r.url(&urls::report_data(id, year, "json")),
            "prev": prev.map(|p| json!({"year": p.year, "url": r.url(&urls::report(id, p.year))})),
            "next": next.map(|p| json!({"year": p.year, "url": r.url(&urls::report(id, p.year))})),
        }),
    );
    put(
        ctx,
        "measures",
        json!([
            {"label": r.strings["received"], "value": int(m.received)},
            {"label": r.strings["handled"], "value": int(m.handled)},
            {"label": measure_label(r, 2), "value": pct(m.share_granted)},
            {"label": measure_label(r, 3), "value": pct(m.share_refused)},
            {"label": measure_label(r, 4), "value": pct(m.share_unavailable)},
            {"label": measure_label(r, 5), "value": pct(m.share_not_processed)},
            {"label": r.strings["cases"], "value": int(m.cases)},
            {"label": measure_label(r, 7), "value": pct(m.share_corrected)},
        ]),
    );
    put(ctx, "sections", Value::Array(sections));
    put(
        ctx,
        "peers",
        peer_table(r, model, index).unwrap_or(Value::Null),
    );
    put(ctx, "flags", Value::Array(flags));
    ctx.insert(
        "jsonld",
        &agency.map_or_else(String::new, |agency| {
            dataset_jsonld(
                model,
                DatasetInfo {
                    name: &title,
                    page: &r.url(&urls::report(id, year)),
                    agency,
                    years: (year, year),
                    downloads: &[
                        (&r.url(&urls::report_data(id, year, "csv")), "text/csv"),
                        (
                            &r.url(&urls::report_data(id, year, "json")),
                            "application/json",
                        ),
                    ],
                    source: report.source_url.as_deref(),
                },
            )
        }),
    );
    Ok("report.html")
}

fn flag_json(r: &Renderer, model: &Model<'_>, d: &Diagnostic, number: usize) -> Value {
    let info = rule_info(d.rule);
    let copied = copied_link(r, model, d);
    json!({
        "compare_url": copied.as_ref().map(|c| &c.1),
        "number": number,
        "rule": d.rule,
        "title": info.map_or(d.rule, |i| i.title(r.language)),
        "title_zh": info.map_or(d.rule, |i| i.title_zh),
        "title_en": info.map_or(d.rule, |i| i.title_en),
        "severity": d.severity.word(),
        "message": copied.as_ref().map_or_else(|| d.message_in(r.language), |c| c.0.clone()),
        "note": d.note,
        "cell": d.cell,
        "line": d.line,
        "declared": d.note.is_some(),
    })
}

/// A section's name in the site's language.
fn section_name(r: &Renderer, model: &Model<'_>, section: NarrativeSection) -> &'static str {
    let _ = r;
    match model.config.language {
        crate::config::Language::Chinese => section.heading(),
        crate::config::Language::English => section.en(),
    }
}

fn section_of(key: &str) -> Option<NarrativeSection> {
    NarrativeSection::ALL.into_iter().find(|s| s.key() == key)
}

/// Where the text of a report's copied section is also found, in the site's language.
fn copied_other(r: &Renderer, model: &Model<'_>, this: &str, agency: &str, year: u16) -> String {
    let name = AgencyId::parse(agency)
        .ok()
        .and_then(|id| model.site.agencies.get(&id))
        .map_or(agency.to_string(), |a| a.name.clone());
    let template = if this == agency {
        r.strings["copied_own"]
    } else {
        r.strings["copied_other"]
    };
    template
        .replace("{year}", &year.to_string())
        .replace("{name}", &name)
}

/// For a `narrative.copied` finding: its message in the site's language, and the address of
/// its side-by-side page.
fn copied_link(r: &Renderer, model: &Model<'_>, d: &Diagnostic) -> Option<(String, String)> {
    let c = d.copied.as_ref()?;
    let (agency, year) = (d.agency.as_deref()?, d.year?);
    let section = section_of(c.section)?;
    let id = AgencyId::parse(agency).ok()?;
    let message = r.strings["copied_message"]
        .replace("{section}", section_name(r, model, section))
        .replace("{share}", &(c.per_mille / 10).to_string())
        .replace(
            "{other}",
            &copied_other(r, model, agency, &c.agency, c.year),
        );
    Some((message, r.url(&urls::copied(&id, year, c.section))))
}

/// A section's text as HTML paragraphs, the byte ranges given marked with `<mark>`.
pub fn marked_paragraphs(text: &str, marks: &[std::ops::Range<usize>]) -> String {
    let mut html = String::from("<p>");
    let mut marks = marks.iter().peekable();
    let mut open = false;
    let mut newlines = 0;
    for (i, c) in text.char_indices() {
        while marks.peek().is_some_and(|m| m.end <= i) {
            marks.next();
        }
        let marked = marks.peek().is_some_and(|m| m.start <= i && i < m.end);
        if c == '\n' {
            newlines += 1;
            continue;
        }
        if newlines >= 2 && html.len() > 3 {
            if open {
                html.push_str("</mark>");
                open = false;
            }
            html.push_str("</p>\n<p>");
        }
        newlines = 0;
        if marked != open {
            html.push_str(if marked { "<mark>" } else { "</mark>" });
            open = marked;
        }
        html.push_str(&super::escape_html(c.encode_utf8(&mut [0; 4])));
    }
    if open {
        html.push_str("</mark>");
    }
    html.push_str("</p>");
    html
}

/// The side-by-side page of a copied section: both texts, the shared passages marked.
fn copied_page(
    r: &Renderer,
    model: &Model<'_>,
    id: &AgencyId,
    year: u16,
    section_key: &str,
    ctx: &mut Context,
) -> Result<&'static str, RenderError> {
    let missing =
        || RenderError::Template(format!("no copied section {section_key} in {id} {year}"));
    let d = model
        .findings
        .iter()
        .find(|d| {
            d.agency.as_deref() == Some(id.as_str())
                && d.year == Some(year)
                && d.copied.as_ref().is_some_and(|c| c.section == section_key)
        })
        .ok_or_else(missing)?;
    let c = d.copied.as_ref().ok_or_else(missing)?;
    let section = section_of(section_key).ok_or_else(missing)?;
    let other_id = AgencyId::parse(&c.agency).map_err(|_| missing())?;
    let this = model
        .site
        .report_index(id, year)
        .map(|i| &model.site.reports[i])
        .ok_or_else(missing)?;
    let other = model
        .site
        .report_index(&other_id, c.year)
        .map(|i| &model.site.reports[i])
        .ok_or_else(missing)?;
    let read = |report: &Report| {
        crate::copied::section_text(model.site, report, section).ok_or_else(|| {
            RenderError::Io(
                model.site.absolute(report.file),
                std::io::Error::other("cannot read the section again"),
            )
        })
    };
    let (mine, theirs) = (read(this)?, read(other)?);
    let (a, b) = (
        crate::passages::normalise(&mine),
        crate::passages::normalise(&theirs),
    );
    let cmp = crate::passages::compare(&a.chars, &b.chars);
    let name_of = |rid: &AgencyId| {
        model
            .site
            .agencies
            .get(rid)
            .map_or(rid.to_string(), |ag| ag.name.clone())
    };
    let side = |rid: &AgencyId,
                y: u16,
                text: &str,
                n: &crate::passages::Normalised,
                runs: &[std::ops::Range<usize>]| {
        json!({
            "name": name_of(rid),
            "year": y,
            "url": r.url(&urls::report(rid, y)),
            "html": marked_paragraphs(text, &crate::passages::byte_ranges(n, runs)),
            "chars": n.chars.len(),
            "covered": runs.iter().map(|x| x.len()).sum::<usize>(),
        })
    };
    put(
        ctx,
        "copied",
        json!({
            "section": section_name(r, model, section),
            "share": format!("{}%", c.per_mille / 10),
            "message": copied_link(r, model, d).map(|x| x.0),
            "this": side(id, year, &mine, &a, &cmp.this),
            "other": side(&other_id, c.year, &theirs, &b, &cmp.other),
        }),
    );
    Ok("copied.html")
}

// ---------------------------------------------------------------------------------------------

/// A year page ranks at most this many agencies; the data download holds them all.
pub const YEAR_PAGE_ROWS: usize = 500;
/// Above this many agencies the index lists provinces rather than every agency.
pub const INDEX_AGENCY_ROWS: usize = 1000;

fn year_page(r: &Renderer, model: &Model<'_>, year: u16, ctx: &mut Context) -> &'static str {
    let indexes = model.years.get(&year).cloned().unwrap_or_default();
    // The ranking shows the agencies with most requests first; at national scale a page of
    // 20,000 rows helps nobody, so it stops at YEAR_PAGE_ROWS and says so.
    let mut ranked = indexes.clone();
    ranked.sort_by(|a, b| {
        let key = |i: &usize| model.measures[*i].received.unwrap_or(-1);
        key(b).cmp(&key(a)).then(a.cmp(b))
    });
    ranked.truncate(YEAR_PAGE_ROWS);
    ctx.insert("shown", &ranked.len());
    ctx.insert("total", &indexes.len());
    let rows: Vec<Value> = ranked
        .iter()
        .map(|i| {
            let rep = &model.site.reports[*i];
            let m = &model.measures[*i];
            let agency = model.site.agencies.get(&rep.agency);
            let cell =
                |key: &str, shown: String| json!({"text": shown, "sort": sort_key(m.get(key))});
            json!({
                "name": agency.map_or(rep.agency.to_string(), |a| a.name.clone()),
                "url": r.url(&urls::report(&rep.agency, year)),
                "region": agency.map(|a| a.region.path().join(" · ")).unwrap_or_default(),
                "cells": [
                    cell("received", int(m.received)),
                    cell("handled", int(m.handled)),
                    cell("share_granted", pct(m.share_granted)),
                    cell("share_refused", pct(m.share_refused)),
                    cell("share_unavailable", pct(m.share_unavailable)),
                    cell("share_not_processed", pct(m.share_not_processed)),
                    cell("cases", int(m.cases)),
                    cell("share_corrected", pct(m.share_corrected)),
                    cell("days_after_deadline", days(r, m.days_after_deadline)),
                ],
            })
        })
        .collect();
    let name_of = |i: &usize| {
        let rep = &model.site.reports[*i];
        model
            .site
            .agencies
            .get(&rep.agency)
            .map_or(rep.agency.to_string(), |a| a.name.clone())
    };
    let mut by_received: Vec<(String, Option<f64>)> = indexes
        .iter()
        .map(|i| (name_of(i), model.measures[*i].received.map(|v| v as f64)))
        .collect();
    by_received.sort_by(|a, b| {
        b.1.unwrap_or(-1.0)
            .total_cmp(&a.1.unwrap_or(-1.0))
            .then(a.0.cmp(&b.0))
    });
    by_received.truncate(15);
    let mut by_granted: Vec<(String, Option<f64>)> = indexes
        .iter()
        .filter(|i| model.measures[**i].handled.is_some_and(|h| h >= 10))
        .map(|i| {
            (
                name_of(i),
                // A percentage to one decimal, as the ranking table shows it.
                model.measures[*i]
                    .share_granted
                    .map(|v| (v * 1000.0).round() / 10.0),
            )
        })
        .collect();
    by_granted.sort_by(|a, b| {
        b.1.unwrap_or(-1.0)
            .total_cmp(&a.1.unwrap_or(-1.0))
            .then(a.0.cmp(&b.0))
    });
    by_granted.truncate(15);
    let bar = |title: &str, items: &[(String, Option<f64>)], unit: &str| {
        json!({
            "title": title,
            "svg": charts::horizontal_bars(title, items, unit),
            "rows": items.iter().map(|(n, v)| json!({"label": n, "value": v.map_or("—".into(), charts::format_value)})).collect::<Vec<_>>(),
        })
    };
    let mut bars = vec![bar(
        r.strings["chart_year_received"],
        &by_received,
        r.strings["unit_items"],
    )];
    if !by_granted.is_empty() {
        bars.push(bar(r.strings["chart_year_granted"], &by_granted, "%"));
    }
    ctx.insert("year", &year);
    ctx.insert(
        "columns",
        &[
            r.strings["received"],
            r.strings["handled"],
            measure_label(r, 2),
            measure_label(r, 3),
            measure_label(r, 4),
            measure_label(r, 5),
            r.strings["cases"],
            measure_label(r, 7),
            measure_label(r, 8),
        ],
    );
    ctx.insert("rows", &rows);
    ctx.insert("bars", &bars);
    ctx.insert("copied", &copied_ranking(r, model, &indexes));
    ctx.insert(
        "all_years",
        &model
            .years
            .keys()
            .map(|y| json!({"year": y, "url": r.url(&urls::year(*y))}))
            .collect::<Vec<_>>(),
    );
    "year.html"
}

/// A year page ranks at most this many sections by their share of copied text.
pub const YEAR_PAGE_COPIED: usize = 100;

/// The sections of a year's reports with the largest share of text also found in one other
/// report, largest first, with a link to the side-by-side page when the share is flagged.
fn copied_ranking(r: &Renderer, model: &Model<'_>, indexes: &[usize]) -> Vec<Value> {
    let mut rows: Vec<(usize, NarrativeSection, crate::copied::Share)> = Vec::new();
    for &i in indexes {
        for section in crate::copied::SECTIONS {
            if let Some(share) = model.shares.get(i, section) {
                rows.push((i, section, share));
            }
        }
    }
    rows.sort_by(|a, b| b.2.share.total_cmp(&a.2.share).then(a.0.cmp(&b.0)));
    rows.truncate(YEAR_PAGE_COPIED);
    rows.iter()
        .map(|(i, section, share)| {
            let (rep, other) = (&model.site.reports[*i], &model.site.reports[share.other]);
            let flagged = model.findings.iter().any(|d| {
                d.agency.as_deref() == Some(rep.agency.as_str())
                    && d.year == Some(rep.year)
                    && d.copied.as_ref().is_some_and(|c| c.section == section.key())
            });
            json!({
                "name": model.site.agencies.get(&rep.agency).map_or(rep.agency.to_string(), |a| a.name.clone()),
                "url": r.url(&urls::report(&rep.agency, rep.year)),
                "section": section_name(r, model, *section),
                "share": pct(Some(share.share)),
                "sort": sort_key(Some(share.share)),
                "other": copied_other(r, model, rep.agency.as_str(), other.agency.as_str(), other.year),
                "other_url": r.url(&urls::report(&other.agency, other.year)),
                "compare_url": flagged.then(|| r.url(&urls::copied(&rep.agency, rep.year, section.key()))),
            })
        })
        .collect()
}

fn regions_page(r: &Renderer, model: &Model<'_>, ctx: &mut Context) -> &'static str {
    let tree: Vec<Value> = model
        .regions
        .iter()
        .map(|(k, ids)| json!({"name": k.last(), "depth": k.len(), "url": r.url(&urls::region(k)), "count": ids.len()}))
        .collect();
    ctx.insert("regions", &tree);
    "regions.html"
}

fn region_page(
    r: &Renderer,
    model: &Model<'_>,
    key: &RegionKey,
    ctx: &mut Context,
) -> &'static str {
    let ids = model.regions.get(key).cloned().unwrap_or_default();
    let rows: Vec<AgencyRow> = ids
        .iter()
        .filter_map(|id| model.site.agencies.get(id))
        .map(|a| agency_row(r, model, a))
        .collect();
    let trail: Vec<Value> = (1..=key.len())
        .map(|d| json!({"name": key[d - 1], "url": r.url(&urls::region(&key[..d]))}))
        .collect();
    let children: Vec<Value> = model
        .regions
        .iter()
        .filter(|(k, _)| k.len() == key.len() + 1 && k.starts_with(key))
        .map(|(k, ids)| json!({"name": k.last(), "url": r.url(&urls::region(k)), "count": ids.len()}))
        .collect();
    ctx.insert("region_name", &key.join(" · "));
    ctx.insert("trail", &trail);
    ctx.insert("children", &children);
    ctx.insert("agencies", &rows);
    "region.html"
}

fn quality_page(r: &Renderer, model: &Model<'_>, ctx: &mut Context) -> &'static str {
    let link = |d: &Diagnostic| -> Option<Value> {
        let (a, y) = (d.agency.as_ref()?, d.year?);
        let id = AgencyId::parse(a).ok()?;
        let name = model
            .site
            .agencies
            .get(&id)
            .map_or(a.clone(), |ag| ag.name.clone());
        let copied = copied_link(r, model, d);
        Some(json!({
            "agency": name,
            "year": y,
            "url": r.url(&urls::report(&id, y)),
            "compare_url": copied.as_ref().map(|c| &c.1),
            "message": copied.as_ref().map_or_else(|| d.message_in(r.language), |c| c.0.clone()),
            "note": d.note,
            "cell": d.cell,
            "declared": d.note.is_some(),
            "line": format!("{}:{}", d.file, d.line),
        }))
    };
    let by_rule: Vec<Value> = RULES
        .iter()
        .filter(|rule| rule.severity != Severity::Error || rule.declarable)
        .map(|rule| {
            let items: Vec<Value> = model
                .findings
                .iter()
                .filter(|d| d.rule == rule.id && super::shown(d))
                .filter_map(link)
                .collect();
            json!({
                "id": rule.id,
                "title": rule.title(r.language),
                "title_zh": rule.title_zh,
                "title_en": rule.title_en,
                "group": match r.language {
                    Language::Chinese => rule.group.zh(),
                    Language::English => rule.group.en(),
                },
                "description": rule.description_in(r.language),
                "source": rule.source_in(r.language),
                "severity": rule.severity.word(),
                "declarable": rule.declarable,
                "count": items.len(),
                "items": items,
            })
        })
        .collect();
    let mut per_agency: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for d in model.findings.iter().filter(|d| super::shown(d)) {
        if let Some(a) = &d.agency {
            let e = per_agency.entry(a).or_default();
            if d.severity == Severity::Warning {
                e.0 += 1
            } else {
                e.1 += 1
            }
        }
    }
    let by_agency: Vec<Value> = per_agency
        .into_iter()
        .filter_map(|(a, (w, i))| {
            let id = AgencyId::parse(a).ok()?;
            let agency = model.site.agencies.get(&id)?;
            Some(json!({"name": agency.name, "url": r.url(&urls::agency(&id)), "warnings": w, "infos": i}))
        })
        .collect();
    ctx.insert("rules", &by_rule);
    ctx.insert("by_agency", &by_agency);
    "quality.html"
}

fn about_page(
    r: &Renderer,
    model: &Model<'_>,
    ctx: &mut Context,
) -> Result<&'static str, RenderError> {
    // Read as check read it (a pipe put there since is refused, not waited on); check has
    // refused a page it cannot read, so a failure here is a race and shows an empty page.
    let root = &model.site.root;
    let text = crate::load::read_checked(
        root,
        &root.join("content"),
        std::path::Path::new("content/about.md"),
    )
    .ok()
    .and_then(|bytes| crate::load::utf8_text(&bytes).ok().map(str::to_string))
    .unwrap_or_default();
    ctx.insert("html", &markdown::to_html(&text));
    ctx.insert("measures", &MEASURES);
    ctx.insert("rules", &RULES);
    ctx.insert("english", &(r.language == Language::English));
    Ok("about.html")
}

fn data_page(r: &Renderer, model: &Model<'_>, ctx: &mut Context) -> &'static str {
    let english = model.config.language == crate::config::Language::English;
    let pick = |zh: &'static str, en: &'static str| if english { en } else { zh };
    let tables: Vec<Value> = crate::opendata::tables()
        .iter()
        .map(|t| {
            json!({
                "name": t.name,
                "url": r.url(&format!("data/{}", t.path)),
                "file": t.path,
                "title": pick(t.title_zh, t.title_en),
                "description": pick(t.description_zh, t.description_en),
                "primary_key": t.primary_key.join(", "),
                "fields": t.fields.iter().map(|f| json!({
                    "name": f.name,
                    "type": f.ty.table_schema(),
                    "description": pick(f.zh, f.en),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let example = model.site.reports.first().map(|rep| {
        json!({
            "csv": r.url(&urls::report_data(&rep.agency, rep.year, "csv")),
            "json": r.url(&urls::report_data(&rep.agency, rep.year, "json")),
            "agency": r.url(&urls::agency_data(&rep.agency)),
        })
    });
    ctx.insert("tables", &tables);
    ctx.insert("example", &example);
    ctx.insert("data_version", crate::opendata::DATA_VERSION);
    ctx.insert("reports_json_url", &r.url("data/reports.json"));
    ctx.insert("datapackage_url", &r.url("data/datapackage.json"));
    "data.html"
}
