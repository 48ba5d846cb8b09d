//! The default theme, built into the binary so that a site without a `themes/` folder (a
//! fresh `gongkai demo` output, a test fixture) still builds. `themes/default/` in the
//! repository is the source; a test checks that this list names every file in it.

/// (name, text) of each template of the default theme.
pub static TEMPLATES: &[(&str, &str)] = &[
    (
        "404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
    (
        "about.html",
        include_str!("../../themes/default/templates/about.html"),
    ),
    (
        "agency.html",
        include_str!("../../themes/default/templates/agency.html"),
    ),
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "copied.html",
        include_str!("../../themes/default/templates/copied.html"),
    ),
    (
        "data.html",
        include_str!("../../themes/default/templates/data.html"),
    ),
    (
        "index.html",
        include_str!("../../themes/default/templates/index.html"),
    ),
    (
        "macros.html",
        include_str!("../../themes/default/templates/macros.html"),
    ),
    (
        "peers.html",
        include_str!("../../themes/default/templates/peers.html"),
    ),
    (
        "quality.html",
        include_str!("../../themes/default/templates/quality.html"),
    ),
    (
        "region.html",
        include_str!("../../themes/default/templates/region.html"),
    ),
    (
        "regions.html",
        include_str!("../../themes/default/templates/regions.html"),
    ),
    (
        "report.html",
        include_str!("../../themes/default/templates/report.html"),
    ),
    (
        "search.html",
        include_str!("../../themes/default/templates/search.html"),
    ),
    (
        "year.html",
        include_str!("../../themes/default/templates/year.html"),
    ),
];

/// (name, bytes) of each static asset of the default theme.
pub static STATIC: &[(&str, &[u8])] = &[
    (
        "app.js",
        include_bytes!("../../themes/default/static/app.js"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
];

#[cfg(test)]
mod tests {
    fn names(dir: &str) -> Vec<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut v: Vec<String> = std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn the_embedded_theme_lists_every_file() {
        let templates: Vec<&str> = super::TEMPLATES.iter().map(|(n, _)| *n).collect();
        assert_eq!(templates, names("themes/default/templates"));
        let assets: Vec<&str> = super::STATIC.iter().map(|(n, _)| *n).collect();
        assert_eq!(assets, names("themes/default/static"));
    }
}
