//! Where a page's render time goes, per kind of page: building its context, and Tera.
//! `cargo run --release --example render_cost -- SITE_ROOT` (one thread).
use std::time::Instant;

fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).expect("a site root"));
    let prepared = gongkai::build::prepare(&root, None).expect("a buildable site");
    let findings = gongkai::build::shown_findings(&prepared.findings);
    let model = gongkai::render::Model::new(&prepared.site, &prepared.config, &findings);
    let renderer = gongkai::render::Renderer::new(&root, &prepared.config).expect("renderer");
    let pages = gongkai::render::plan(&model);
    let mut by_kind: std::collections::BTreeMap<String, (usize, f64, f64)> = Default::default();
    for page in &pages {
        let kind = format!("{:?}", page.kind)
            .split('(')
            .next()
            .unwrap_or("")
            .to_string();
        let t = Instant::now();
        let (template, ctx) =
            gongkai::render::context::build(&renderer, &model, page).expect("context");
        let c = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let mut out = Vec::new();
        renderer
            .tera
            .render_to(template, &ctx, &mut out)
            .expect("render");
        let r = t.elapsed().as_secs_f64();
        let e = by_kind.entry(kind).or_default();
        e.0 += 1;
        e.1 += c;
        e.2 += r;
    }
    for (kind, (n, c, r)) in by_kind {
        println!(
            "{kind:10} {n:6} pages  context {:7.1} µs/page  tera {:7.1} µs/page  total {:6.0} ms",
            c / n as f64 * 1e6,
            r / n as f64 * 1e6,
            (c + r) * 1e3
        );
    }
}
