//! Lists every figure the narratives of a site state, with the table's value (for measuring the check).
fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).expect("site root"));
    let site = gongkai::load::load_site(&root).site;
    for r in &site.reports {
        for s in &r.narrative.statements {
            let table = s.figure.value(r);
            println!(
                "{}\t{}\t{:?}\t{}\t{}\t{}\t{}:{}\t{}",
                r.agency,
                r.year,
                s.figure,
                s.value,
                table.map_or("~".into(), |t| t.to_string()),
                if s.is_about(r.year) {
                    "this-year"
                } else {
                    "other-year"
                },
                s.pos.line,
                s.pos.column,
                s.quote
            );
        }
    }
}
