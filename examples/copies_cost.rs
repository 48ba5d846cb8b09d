//! The cost of the copy check against the rest of `check`, on a site: load, the per-report
//! checks, and `copied::check`, each timed (for bench/README.md).
fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).expect("site root"));
    let t = std::time::Instant::now();
    let loaded = gongkai::load::load_site(&root);
    let load = t.elapsed();
    let t = std::time::Instant::now();
    let diags = gongkai::validate::validate(&loaded.site, gongkai::validate::current_year());
    let validate = t.elapsed();
    let t = std::time::Instant::now();
    let (shares, copied) = gongkai::copied::check(&loaded.site, 0.8);
    let copies = t.elapsed();
    let measured = shares
        .by_report
        .iter()
        .flatten()
        .filter(|s| s.is_some())
        .count();
    println!(
        "{} reports: load {load:.2?}, per-report checks {validate:.2?} ({} findings), copies {copies:.2?} ({measured} sections measured, {} flagged)",
        loaded.site.reports.len(),
        diags.len(),
        copied.len()
    );
}
