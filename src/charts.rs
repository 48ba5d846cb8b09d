//! Placeholder with the chart API (replaced by the plotters implementation on merge).
pub struct Series {
    pub label: String,
    pub values: Vec<Option<f64>>,
}
pub enum ChartKind {
    GroupedBars,
    StackedBars,
    Lines,
}
pub struct ChartSpec {
    pub title: String,
    pub x_labels: Vec<String>,
    pub y_label: String,
    pub series: Vec<Series>,
    pub kind: ChartKind,
    pub unit: Option<String>,
}
pub fn render_svg(spec: &ChartSpec) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 40\" role=\"img\" aria-label=\"{}\"><text x=\"10\" y=\"25\">{}</text></svg>",
        spec.title, spec.title
    )
}
pub fn horizontal_bars(title: &str, items: &[(String, Option<f64>)], value_label: &str) -> String {
    let _ = (items, value_label);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 40\" role=\"img\" aria-label=\"{title}\"><text x=\"10\" y=\"25\">{title}</text></svg>"
    )
}
