//! Charts drawn at build time: plain data in, one self-contained SVG string out.
//!
//! The drawing is done with plotters' SVG backend ([`SVGBackend::with_string`]); this module
//! does the layout plotters cannot do for Chinese text. Plotters estimates text width from
//! UTF-8 byte counts, so every width here is measured by [`text_width`] instead (East Asian
//! wide and ambiguous characters count as 1 em, everything else as 0.55 em), and the legend,
//! the title and the labels are placed by this module: the legend wraps onto as many rows as
//! its labels need, and labels too long for their room are cut with "…".
//!
//! What the SVG looks like to a page:
//! - the root is `<svg viewBox="0 0 640 H" width="100%" class="gk-chart" role="img">` with no
//!   fixed pixel height, so it scales with its container (`max-width:100%; height:auto` works);
//!   text is 16 to 22 units high in a 640-unit-wide box, legible when scaled down to a phone;
//! - text is real SVG `<text>`, rendered by the browser with its own fonts. The font stack
//!   ([`FONT_STACK`], with Chinese fonts) is a presentation attribute on the root, so the page's
//!   CSS (`.gk-chart { font-family: … }`) overrides it while the file still looks right alone;
//! - `<title>` (the chart title) and `<desc>` (every value, blanks said as blank) are linked by
//!   `aria-labelledby` / `aria-describedby`. Their ids are `gkc-` plus a 64-bit FNV-1a hash of
//!   the whole input (deterministic, unique per distinct chart); a page that shows the same
//!   chart twice passes its own ids through [`render_svg_with_id`] / [`horizontal_bars_with_id`];
//! - colours come from the Okabe–Ito palette, colour-blind safe, each at least 3:1 against
//!   the white background the chart paints under itself; line series also differ by marker.
//!
//! Data rules: `None` (a blank in the report) draws nothing, never a zero; a zero draws a thin
//! mark on the baseline so that it differs from a blank; a value too small to show next to a
//! huge one still gets one pixel; negative values extend the axis below zero. Non-finite input
//! is treated as blank, so the output never contains `NaN` or `inf`. The output depends only
//! on the input: the same data gives byte-identical SVG.
//!
//! The few words the charts themselves write ([`NO_DATA`], [`BLANK`]) are Chinese, the site's
//! language; everything else comes from the caller.

use std::fmt::Write as _;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use unicode_width::UnicodeWidthChar;

/// One line of data: a label and one value per x label (`None` = blank in the report).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// How the series of a [`ChartSpec`] are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// One bar per series side by side in each x slot.
    GroupedBars,
    /// The series stacked in one bar per x slot (negative values stack below zero).
    StackedBars,
    /// One line per series; a chart with a single x label is drawn as bars instead.
    Lines,
}

/// A chart over x labels (usually years).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    pub title: String,
    pub x_labels: Vec<String>,
    pub y_label: String,
    pub series: Vec<Series>,
    pub kind: ChartKind,
    /// Shown with the y-axis label, e.g. `件` or `万元`.
    pub unit: Option<String>,
}

/// Font stack of every text in the charts (a presentation attribute: page CSS overrides it).
pub const FONT_STACK: &str = "system-ui, -apple-system, 'PingFang SC', 'Hiragino Sans GB', \
     'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif";
/// Written in the plot area when there is no value at all.
pub const NO_DATA: &str = "无数据";
/// How `<desc>` says a blank value.
pub const BLANK: &str = "空白";

/// Width of the view box; the height follows from the content.
const W: i32 = 640;
const PAD: i32 = 16;
const TITLE_SIZE: f64 = 22.0;
const TITLE_LINE: i32 = 30;
const LABEL_SIZE: f64 = 18.0;
const LABEL_LINE: i32 = 24;
const SMALL_SIZE: f64 = 16.0;
const LEGEND_ROW: i32 = 28;
const SWATCH: i32 = 16;
const PLOT_H: i32 = 250;
const MAX_BAR: f64 = 40.0;
const HBAR_ROW: i32 = 34;
const HBAR_THICK: i32 = 20;

/// Okabe–Ito colours, darkened where needed to reach 3:1 against white.
const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue 5.2:1
    RGBColor(0xD5, 0x5E, 0x00), // vermillion 3.9:1
    RGBColor(0x00, 0x9E, 0x73), // bluish green 3.4:1
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple 3.1:1
    RGBColor(0x8C, 0x6D, 0x00), // dark yellow 4.9:1
    RGBColor(0x4D, 0x4D, 0x4D), // black, softened 8.5:1
    RGBColor(0x2B, 0x8C, 0xC4), // sky blue, darkened 3.7:1
    RGBColor(0xB3, 0x6B, 0x00), // orange, darkened 4.2:1
];
const TEXT: RGBColor = RGBColor(0x22, 0x22, 0x22);
const MUTED: RGBColor = RGBColor(0x59, 0x59, 0x59);
const GRID: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
const AXIS: RGBColor = RGBColor(0x80, 0x80, 0x80);

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type Drawn = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// Draws `spec` as an SVG document (ids derived from a hash of the spec).
pub fn render_svg(spec: &ChartSpec) -> String {
    // A chart with nothing but zeros and blanks (an agency without fees, without cases) is the
    // same for every agency with the same years: drawn once and kept. About three in ten of a
    // site's charts are; the kept ones are a handful, so memory stays flat.
    let nothing = spec
        .series
        .iter()
        .all(|s| s.values.iter().all(|v| v.is_none_or(|v| v == 0.0)));
    if !nothing {
        return render_svg_uncached(spec);
    }
    use std::collections::HashMap;
    use std::sync::{LazyLock, Mutex};
    const KEPT: usize = 256;
    static DRAWN: LazyLock<Mutex<HashMap<String, String>>> = LazyLock::new(Default::default);
    let key = format!("{spec:?}");
    if let Some(svg) = DRAWN.lock().ok().and_then(|d| d.get(&key).cloned()) {
        return svg;
    }
    let svg = render_svg_uncached(spec);
    if let Ok(mut drawn) = DRAWN.lock()
        && drawn.len() < KEPT
    {
        drawn.insert(key, svg.clone());
    }
    svg
}

fn render_svg_uncached(spec: &ChartSpec) -> String {
    let mut h = Fnv::new();
    h.str(&spec.title);
    h.str(&spec.y_label);
    h.str(spec.unit.as_deref().unwrap_or("\u{0}"));
    h.u64(spec.kind as u64);
    for x in &spec.x_labels {
        h.str(x);
    }
    for s in &spec.series {
        h.str(&s.label);
        for v in &s.values {
            h.value(*v);
        }
    }
    render_svg_with_id(spec, &h.id())
}

/// Draws `spec` as an SVG document whose `<title>` and `<desc>` ids start with `id`.
pub fn render_svg_with_id(spec: &ChartSpec, id: &str) -> String {
    let n = spec
        .series
        .iter()
        .map(|s| s.values.len())
        .max()
        .unwrap_or(0)
        .max(spec.x_labels.len());
    let value = |s: &Series, i: usize| s.values.get(i).copied().flatten().filter(|v| v.is_finite());
    let kind = match spec.kind {
        ChartKind::Lines if n <= 1 => ChartKind::GroupedBars,
        k => k,
    };

    // Extent of the data, zero always included.
    let (mut lo, mut hi, mut any, mut integer) = (0.0f64, 0.0f64, false, true);
    for i in 0..n {
        let (mut pos, mut neg) = (0.0, 0.0);
        for s in &spec.series {
            if let Some(v) = value(s, i) {
                any = true;
                integer &= v.fract() == 0.0;
                if kind == ChartKind::StackedBars {
                    if v > 0.0 { pos += v } else { neg += v }
                } else {
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
            }
        }
        lo = lo.min(neg);
        hi = hi.max(pos);
    }
    let scale = Scale::nice(lo, hi, integer);

    // Horizontal layout.
    let ticks = scale.ticks();
    let tick_w = ticks
        .iter()
        .map(|t| text_width(&t.1, LABEL_SIZE))
        .fold(0.0, f64::max);
    let plot_left = PAD + tick_w.ceil() as i32 + 8;
    let plot_right = W - PAD;
    let slot = (plot_right - plot_left) as f64 / n.max(1) as f64;
    let k = spec.series.len().max(1) as f64;
    let bar = (slot * 0.8 / k).min(MAX_BAR);
    let gap = if bar >= 8.0 { 2.0 } else { 0.0 };
    // Values above grouped bars when every one fits its bar and none is negative.
    let bar_values = kind == ChartKind::GroupedBars
        && any
        && lo >= 0.0
        && spec.series.iter().all(|s| {
            (0..n).all(|i| {
                value(s, i).is_none_or(|v| text_width(&format_value(v), SMALL_SIZE) <= bar)
            })
        });

    // Vertical layout, top to bottom.
    let title = wrap(&clean(&spec.title), TITLE_SIZE * 1.05, (W - 2 * PAD) as f64);
    let mut y = PAD;
    let title_y = y;
    y += title.len() as i32 * TITLE_LINE + 6;
    let legend = if spec.series.len() > 1 {
        legend_layout(&spec.series, kind == ChartKind::Lines)
    } else {
        Vec::new()
    };
    let legend_y = y;
    let legend_rows = legend.iter().map(|e| e.row + 1).max().unwrap_or(0);
    y += legend_rows * LEGEND_ROW + if legend_rows > 0 { 6 } else { 0 };
    let axis_title = match (spec.y_label.trim(), spec.unit.as_deref().map(str::trim)) {
        ("", Some(u)) if !u.is_empty() => format!("（{u}）"),
        (l, Some(u)) if !u.is_empty() => format!("{l}（{u}）"),
        (l, _) => l.to_string(),
    };
    let axis_title = truncate(&clean(&axis_title), LABEL_SIZE, (W - 2 * PAD) as f64).0;
    let axis_title_y = y;
    if !axis_title.is_empty() {
        y += LABEL_LINE;
    }
    let stacked_totals = kind == ChartKind::StackedBars && lo >= 0.0;
    let plot_top = y + if stacked_totals || bar_values { 24 } else { 12 };
    let plot_bottom = plot_top + PLOT_H;
    let height = plot_bottom + 8 + LABEL_LINE + PAD - 4;

    let ypx = |v: f64| plot_top as f64 + (scale.hi - v) / (scale.hi - scale.lo) * PLOT_H as f64;
    let zero = ypx(0.0).round() as i32;

    let mut buf = String::with_capacity(16 * 1024);
    {
        let root = SVGBackend::with_string(&mut buf, (W as u32, height as u32)).into_drawing_area();
        let draw = || -> Drawn {
            root.fill(&WHITE)?;
            for (i, line) in title.iter().enumerate() {
                let y = title_y + i as i32 * TITLE_LINE;
                text(
                    &root,
                    line,
                    (PAD, y),
                    TITLE_SIZE,
                    TEXT,
                    Top(HPos::Left),
                    true,
                )?;
            }
            draw_legend(&root, &legend, legend_y, kind == ChartKind::Lines)?;
            if !axis_title.is_empty() {
                let at = (PAD, axis_title_y);
                text(
                    &root,
                    &axis_title,
                    at,
                    LABEL_SIZE,
                    MUTED,
                    Top(HPos::Left),
                    false,
                )?;
            }
            // Grid and y ticks.
            for (v, label) in &ticks {
                let ty = ypx(*v).round() as i32;
                if *v != 0.0 {
                    root.draw(&PathElement::new(
                        vec![(plot_left, ty), (plot_right, ty)],
                        GRID.stroke_width(1),
                    ))?;
                }
                let at = (plot_left - 8, ty);
                text(
                    &root,
                    label,
                    at,
                    LABEL_SIZE,
                    MUTED,
                    Middle(HPos::Right),
                    false,
                )?;
            }
            // X labels: every `every`-th one when they are too many for their slots (years
            // read well that way), cut with "…" when one is wider still.
            let x_labels: Vec<String> = (0..n)
                .map(|i| spec.x_labels.get(i).map(|s| clean(s)).unwrap_or_default())
                .collect();
            let widest = x_labels
                .iter()
                .map(|l| text_width(l, LABEL_SIZE))
                .fold(0.0, f64::max);
            let every = ((widest + 8.0) / slot).ceil().clamp(1.0, 4.0) as usize;
            for (i, label) in x_labels.iter().enumerate() {
                if i % every != 0 {
                    continue;
                }
                let label = truncate(label, LABEL_SIZE, slot * every as f64 - 6.0).0;
                let cx = (plot_left as f64 + slot * (i as f64 + 0.5)).round() as i32;
                let at = (cx, plot_bottom + 8);
                text(
                    &root,
                    &label,
                    at,
                    LABEL_SIZE,
                    TEXT,
                    Top(HPos::Center),
                    false,
                )?;
            }
            match kind {
                ChartKind::GroupedBars => {
                    for i in 0..n {
                        let start = plot_left as f64 + slot * i as f64 + (slot - bar * k) / 2.0;
                        for (j, s) in spec.series.iter().enumerate() {
                            let Some(v) = value(s, i) else { continue };
                            let x0 = (start + bar * j as f64 + gap / 2.0).round() as i32;
                            let x1 = (start + bar * (j + 1) as f64 - gap / 2.0).round() as i32;
                            let x1 = x1.max(x0 + 1);
                            let (y0, y1) = bar_span(zero, ypx(v), v);
                            let style = PALETTE[j % PALETTE.len()].filled();
                            root.draw(&Rectangle::new([(x0, y0), (x1, y1)], style))?;
                            if bar_values {
                                let at = ((x0 + x1) / 2, y0 - 4);
                                let label = format_value(v);
                                text(
                                    &root,
                                    &label,
                                    at,
                                    SMALL_SIZE,
                                    TEXT,
                                    Bottom(HPos::Center),
                                    false,
                                )?;
                            }
                        }
                    }
                }
                ChartKind::StackedBars => {
                    let bar = (slot * 0.6).min(MAX_BAR * 1.5);
                    for i in 0..n {
                        let cx = plot_left as f64 + slot * (i as f64 + 0.5);
                        let x0 = (cx - bar / 2.0).round() as i32;
                        let x1 = ((cx + bar / 2.0).round() as i32).max(x0 + 1);
                        // The total is written only when no part of it is blank.
                        let (mut pos, mut neg, mut whole) = (0.0, 0.0, true);
                        let mut joins = Vec::new();
                        for (j, s) in spec.series.iter().enumerate() {
                            let Some(v) = value(s, i) else {
                                whole = false;
                                continue;
                            };
                            let base = if v >= 0.0 { pos } else { neg };
                            let top = base + v;
                            if v >= 0.0 {
                                pos = top
                            } else {
                                neg = top
                            }
                            if v == 0.0 {
                                continue;
                            }
                            let (y0, y1) = (ypx(base).round() as i32, ypx(top).round() as i32);
                            let y1 = if y0 == y1 { y0 - v.signum() as i32 } else { y1 };
                            let style = PALETTE[j % PALETTE.len()].filled();
                            root.draw(&Rectangle::new([(x0, y0), (x1, y1)], style))?;
                            if base != 0.0 {
                                joins.push(y0);
                            }
                        }
                        for jy in joins {
                            root.draw(&PathElement::new(
                                vec![(x0, jy), (x1, jy)],
                                WHITE.stroke_width(1),
                            ))?;
                        }
                        if stacked_totals && whole && !spec.series.is_empty() {
                            let label = format_value(pos);
                            if text_width(&label, SMALL_SIZE) <= slot - 4.0 {
                                let at = (cx.round() as i32, ypx(pos).round() as i32 - 4);
                                text(
                                    &root,
                                    &label,
                                    at,
                                    SMALL_SIZE,
                                    TEXT,
                                    Bottom(HPos::Center),
                                    false,
                                )?;
                            }
                        }
                    }
                }
                ChartKind::Lines => {
                    for (j, s) in spec.series.iter().enumerate() {
                        let color = PALETTE[j % PALETTE.len()];
                        let point = |i: usize| {
                            value(s, i).map(|v| {
                                let x = plot_left as f64 + slot * (i as f64 + 0.5);
                                (x.round() as i32, ypx(v).round() as i32)
                            })
                        };
                        let mut run: Vec<(i32, i32)> = Vec::new();
                        for i in 0..=n {
                            match point(i).filter(|_| i < n) {
                                Some(p) => run.push(p),
                                None => {
                                    if run.len() > 1 {
                                        let path = std::mem::take(&mut run);
                                        root.draw(&PathElement::new(path, color.stroke_width(3)))?;
                                    }
                                    run.clear();
                                }
                            }
                        }
                        for p in (0..n).filter_map(point) {
                            marker(&root, j, p, color)?;
                        }
                    }
                }
            }
            root.draw(&PathElement::new(
                vec![(plot_left, zero), (plot_right, zero)],
                AXIS.stroke_width(1),
            ))?;
            if !any {
                let at = ((plot_left + plot_right) / 2, (plot_top + plot_bottom) / 2);
                text(
                    &root,
                    NO_DATA,
                    at,
                    LABEL_SIZE,
                    MUTED,
                    Middle(HPos::Center),
                    false,
                )?;
            }
            root.present()
        };
        // Drawing into a String cannot fail; whatever was drawn is kept either way.
        let _ = draw();
    }

    let mut desc = String::new();
    if !axis_title.is_empty() {
        let _ = write!(desc, "{axis_title}。");
    }
    for (j, s) in spec.series.iter().enumerate() {
        let _ = write!(
            desc,
            "{}{}：",
            if j > 0 { "；" } else { "" },
            clean(&s.label)
        );
        for i in 0..n {
            let x = spec.x_labels.get(i).map(|s| clean(s)).unwrap_or_default();
            let v = value(s, i).map_or_else(|| BLANK.to_string(), format_value);
            let _ = write!(desc, "{}{x} {v}", if i > 0 { "，" } else { "" });
        }
    }
    if spec.series.is_empty() {
        desc.push_str(NO_DATA);
    }
    finish(&buf, id, &spec.title, &desc, height, "")
}

/// Ranking bars: one horizontal bar per item in the given order, the label on the left (cut
/// in the middle with "…" when very long, the full label then in a `<title>` tooltip) and the value at the
/// end of the bar; a blank (`None`) shows "—" and no bar. `value_label` names what is measured
/// (with its unit) and is shown under the title.
pub fn horizontal_bars(title: &str, items: &[(String, Option<f64>)], value_label: &str) -> String {
    let mut h = Fnv::new();
    h.str(title);
    h.str(value_label);
    for (l, v) in items {
        h.str(l);
        h.value(*v);
    }
    horizontal_bars_with_id(title, items, value_label, &h.id())
}

/// [`horizontal_bars`] with the ids of `<title>` and `<desc>` starting with `id`.
pub fn horizontal_bars_with_id(
    title: &str,
    items: &[(String, Option<f64>)],
    value_label: &str,
    id: &str,
) -> String {
    let value = |i: usize| items[i].1.filter(|v| v.is_finite());
    let labels: Vec<String> = items.iter().map(|(l, _)| clean(l)).collect();
    let values: Vec<String> = (0..items.len())
        .map(|i| value(i).map_or_else(|| "—".to_string(), format_value))
        .collect();
    let (mut lo, mut hi, mut any) = (0.0f64, 0.0f64, false);
    for i in 0..items.len() {
        if let Some(v) = value(i) {
            any = true;
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if hi == lo {
        hi = 1.0;
    }

    let title_lines = wrap(&clean(title), TITLE_SIZE * 1.05, (W - 2 * PAD) as f64);
    let caption = truncate(&clean(value_label), LABEL_SIZE, (W - 2 * PAD) as f64).0;
    let mut y = PAD + title_lines.len() as i32 * TITLE_LINE;
    let caption_y = y;
    if !caption.is_empty() {
        y += LABEL_LINE;
    }
    let rows_top = y + 10;
    let height = rows_top + HBAR_ROW * items.len().max(1) as i32 + PAD - 4;

    let label_room = (W as f64 * 0.5).floor();
    let label_w = labels
        .iter()
        .map(|l| text_width(l, LABEL_SIZE))
        .fold(0.0, f64::max)
        .min(label_room);
    let value_w = values
        .iter()
        .map(|v| text_width(v, LABEL_SIZE))
        .fold(0.0, f64::max);
    let label_right = PAD + label_w.ceil() as i32;
    let mut x_left = (label_right + 10) as f64;
    let x_right = (W - PAD) as f64 - value_w - 6.0;
    if lo < 0.0 {
        x_left += value_w + 6.0;
    }
    let xpx = |v: f64| x_left + (v - lo) / (hi - lo) * (x_right - x_left);
    let zero = xpx(0.0).round() as i32;

    let mut extra = String::new();
    let mut buf = String::with_capacity(8 * 1024);
    {
        let root = SVGBackend::with_string(&mut buf, (W as u32, height as u32)).into_drawing_area();
        let mut draw = || -> Drawn {
            root.fill(&WHITE)?;
            for (i, line) in title_lines.iter().enumerate() {
                let at = (PAD, PAD + i as i32 * TITLE_LINE);
                text(&root, line, at, TITLE_SIZE, TEXT, Top(HPos::Left), true)?;
            }
            if !caption.is_empty() {
                text(
                    &root,
                    &caption,
                    (PAD, caption_y),
                    LABEL_SIZE,
                    MUTED,
                    Top(HPos::Left),
                    false,
                )?;
            }
            for i in 0..items.len() {
                let cy = rows_top + HBAR_ROW * i as i32 + HBAR_ROW / 2;
                let (label, cut) = truncate_middle(&labels[i], LABEL_SIZE, label_w + 0.5);
                own_text(
                    &mut extra,
                    &label,
                    cut.then_some(labels[i].as_str()),
                    label_right,
                    cy,
                );
                let Some(v) = value(i) else {
                    let at = (zero + 6, cy);
                    text(&root, "—", at, LABEL_SIZE, MUTED, Middle(HPos::Left), false)?;
                    continue;
                };
                let (x0, x1) = if v == 0.0 {
                    (zero, zero + 2)
                } else {
                    bar_span(zero, xpx(v), -v)
                };
                let (y0, y1) = (cy - HBAR_THICK / 2, cy + HBAR_THICK / 2);
                root.draw(&Rectangle::new([(x0, y0), (x1, y1)], PALETTE[0].filled()))?;
                let (at, anchor) = if v < 0.0 {
                    ((x0 - 6, cy), HPos::Right)
                } else {
                    ((x1 + 6, cy), HPos::Left)
                };
                text(
                    &root,
                    &values[i],
                    at,
                    LABEL_SIZE,
                    TEXT,
                    Middle(anchor),
                    false,
                )?;
            }
            if !items.is_empty() {
                let (y0, y1) = (rows_top + 4, rows_top + HBAR_ROW * items.len() as i32 - 4);
                root.draw(&PathElement::new(
                    vec![(zero, y0), (zero, y1)],
                    AXIS.stroke_width(1),
                ))?;
            }
            if !any {
                let at = (
                    (x_left as i32 + x_right as i32) / 2,
                    rows_top + HBAR_ROW / 2,
                );
                let at = if items.is_empty() {
                    at
                } else {
                    (at.0, at.1 + HBAR_ROW * (items.len() as i32 - 1) / 2)
                };
                text(
                    &root,
                    NO_DATA,
                    at,
                    LABEL_SIZE,
                    MUTED,
                    Middle(HPos::Center),
                    false,
                )?;
            }
            root.present()
        };
        let _ = draw();
    }

    let mut desc = String::new();
    if !caption.is_empty() {
        let _ = write!(desc, "{caption}。");
    }
    for (i, l) in labels.iter().enumerate() {
        let v = value(i).map_or_else(|| BLANK.to_string(), format_value);
        let _ = write!(desc, "{}{l} {v}", if i > 0 { "；" } else { "" });
    }
    if items.is_empty() {
        desc.push_str(NO_DATA);
    }
    finish(&buf, id, title, &desc, height, &extra)
}

/// Width of `s` in view-box units at font size `size`: 1 em per East Asian wide or ambiguous
/// character (Chinese, full-width punctuation, "…"), 0.55 em for the rest.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * size
}

fn char_em(c: char) -> f64 {
    match c.width_cjk() {
        Some(2) => 1.0,
        Some(1) => 0.55,
        _ => 0.0,
    }
}

/// Cuts `s` to fit `max` with a trailing "…"; tells whether it cut.
fn truncate(s: &str, size: f64, max: f64) -> (String, bool) {
    if text_width(s, size) <= max {
        return (s.to_string(), false);
    }
    let room = max - text_width("…", size);
    let mut w = 0.0;
    let mut out = String::new();
    for c in s.chars() {
        w += char_em(c) * size;
        if w > room {
            break;
        }
        out.push(c);
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    out.push('…');
    (out, true)
}

/// Cuts the middle of `s` to fit `max`, keeping its start and its end (for agency names the
/// region comes first and the office last); tells whether it cut.
fn truncate_middle(s: &str, size: f64, max: f64) -> (String, bool) {
    if text_width(s, size) <= max {
        return (s.to_string(), false);
    }
    let room = max - text_width("…", size);
    let chars: Vec<char> = s.chars().collect();
    let (mut head, mut tail, mut w) = (0, chars.len(), 0.0);
    // Alternate, giving the end a little more room than the start.
    while head < tail {
        let take_tail = w_of(&chars[tail..]) <= w_of(&chars[..head]) * 1.25;
        let c = if take_tail {
            chars[tail - 1]
        } else {
            chars[head]
        };
        let cw = char_em(c) * size;
        if w + cw > room {
            break;
        }
        w += cw;
        if take_tail { tail -= 1 } else { head += 1 }
    }
    let mut out: String = chars[..head]
        .iter()
        .collect::<String>()
        .trim_end()
        .to_string();
    out.push('…');
    out.extend(chars[tail..].iter().skip_while(|c| c.is_whitespace()));
    (out, true)
}

fn w_of(chars: &[char]) -> f64 {
    chars.iter().copied().map(char_em).sum()
}

/// Greedy line breaking: between Chinese characters or at spaces, never before closing
/// punctuation; a word wider than a line is split.
fn wrap(s: &str, size: f64, max: f64) -> Vec<String> {
    const NO_START: &str = "，。、；：？！）》」』】〕…,.;:?!)%";
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut width = 0.0;
    let mut last_break: Option<usize> = None; // byte index in `line` where a break may go
    for c in s.chars() {
        let cw = char_em(c) * size;
        if width + cw > max && !line.is_empty() && !NO_START.contains(c) {
            let cut = last_break.filter(|&b| b > 0).unwrap_or(line.len());
            let rest = line.split_off(cut);
            lines.push(line.trim_end().to_string());
            line = rest.trim_start().to_string();
            width = text_width(&line, size);
            last_break = None;
        }
        let wide = char_em(c) == 1.0;
        if (wide || c == ' ') && !NO_START.contains(c) {
            last_break = Some(line.len());
        }
        line.push(c);
        width += cw;
        if wide || c == ' ' {
            last_break = Some(line.len());
        }
    }
    if !line.trim().is_empty() || lines.is_empty() {
        lines.push(line.trim().to_string());
    }
    lines
}

/// Control characters and non-XML characters become spaces; surrounding space is trimmed.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Pixel span of a bar from the baseline `zero` to `end`: at least one pixel for a non-zero
/// value, a two-pixel mark for zero (so that a zero differs from a blank).
fn bar_span(zero: i32, end: f64, v: f64) -> (i32, i32) {
    let end = end.round() as i32;
    if v == 0.0 {
        (zero - 2, zero)
    } else if end == zero {
        if v > 0.0 {
            (zero - 1, zero)
        } else {
            (zero, zero + 1)
        }
    } else {
        (zero.min(end), zero.max(end))
    }
}

/// The y axis: from `lo` to `hi` by `step`, all multiples of `step`.
struct Scale {
    lo: f64,
    hi: f64,
    step: f64,
    decimals: usize,
}

impl Scale {
    /// Round bounds and at most six steps of 1, 2, 2.5 or 5 × 10ⁿ, the smallest that fits;
    /// whole steps only for whole data.
    fn nice(lo: f64, hi: f64, integer: bool) -> Scale {
        let fallback = Scale {
            lo: 0.0,
            hi: 1.0,
            step: 1.0,
            decimals: 0,
        };
        let span = hi - lo;
        if !(span.is_finite() && span > 0.0) {
            return fallback;
        }
        let mag = 10f64.powf((span / 6.0).log10().floor());
        for m in [1.0, 2.0, 2.5, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0] {
            let mut step = m * mag;
            if integer {
                if step < 1.0 || (step - step.round()).abs() > 1e-9 * step {
                    continue;
                }
                step = step.round();
            }
            let lo_i = (lo / step + 1e-9).floor();
            let hi_i = (hi / step - 1e-9).ceil().max(lo_i + 1.0);
            if hi_i - lo_i <= 6.0 {
                let (lo, hi) = (lo_i * step, hi_i * step);
                if !(lo.is_finite() && hi.is_finite()) {
                    break;
                }
                let decimals = (0..12)
                    .find(|&d| {
                        let x = step * 10f64.powi(d);
                        (x - x.round()).abs() < 1e-6 * x.max(1.0)
                    })
                    .unwrap_or(12) as usize;
                return Scale {
                    lo,
                    hi,
                    step,
                    decimals,
                };
            }
        }
        fallback
    }

    fn ticks(&self) -> Vec<(f64, String)> {
        let lo_i = (self.lo / self.step).round() as i64;
        let hi_i = (self.hi / self.step).round() as i64;
        (lo_i..=hi_i)
            .map(|k| {
                let v = k as f64 * self.step;
                (
                    v,
                    if k == 0 {
                        "0".into()
                    } else {
                        format_fixed(v, self.decimals)
                    },
                )
            })
            .collect()
    }
}

/// A value as the report writes it: whole numbers without decimals, others with up to four.
pub fn format_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format_fixed(v, 0);
    }
    let s = format!("{:.4}", v.abs());
    let s = s.trim_end_matches('0').trim_end_matches('.');
    let decimals = s.find('.').map_or(0, |p| s.len() - p - 1);
    format_fixed(v, decimals)
}

/// Fixed decimals, thousands separated, with a true minus sign and never "−0".
fn format_fixed(v: f64, decimals: usize) -> String {
    let s = if decimals == 0 && v.abs() < 9e15 {
        (v.abs().round() as u64).to_string()
    } else {
        format!("{:.*}", decimals, v.abs())
    };
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    let mut out = String::new();
    if v < 0.0 && s.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        out.push('−');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Text anchor: vertical position and horizontal alignment.
enum Anchor {
    Top(HPos),
    Middle(HPos),
    Bottom(HPos),
}
use Anchor::{Bottom, Middle, Top};

fn text(
    root: &Area,
    s: &str,
    at: (i32, i32),
    size: f64,
    color: RGBColor,
    anchor: Anchor,
    bold: bool,
) -> Drawn {
    let (v, h) = match anchor {
        Top(h) => (VPos::Top, h),
        Middle(h) => (VPos::Center, h),
        Bottom(h) => (VPos::Bottom, h),
    };
    // The SVG backend writes `size / 1.24` as the font size.
    let weight = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    let style = TextStyle {
        font: FontDesc::new(FontFamily::SansSerif, size * 1.24, weight),
        color: color.to_backend_color(),
        pos: Pos::new(h, v),
    };
    root.draw_text(s, &style, at)
}

/// A label of our own (plotters' text cannot carry a `<title>`), right-aligned, centred on `y`.
fn own_text(out: &mut String, s: &str, full: Option<&str>, x: i32, y: i32) {
    let _ = write!(
        out,
        "<text x=\"{x}\" y=\"{y}\" dy=\"0.35em\" text-anchor=\"end\" font-size=\"{}\" fill=\"#222222\">",
        LABEL_SIZE
    );
    if let Some(full) = full {
        out.push_str("<title>");
        escape_into(out, full);
        out.push_str("</title>");
    }
    escape_into(out, s);
    out.push_str("</text>");
}

/// Marker shape `j`: circle, square, triangle, diamond, triangle down, ring, then again.
fn marker(root: &Area, j: usize, (x, y): (i32, i32), color: RGBColor) -> Drawn {
    let fill = color.filled();
    match j % 6 {
        0 => root.draw(&Circle::new((x, y), 5, fill)),
        1 => root.draw(&Rectangle::new([(x - 4, y - 4), (x + 4, y + 4)], fill)),
        2 => root.draw(&Polygon::new(
            vec![(x, y - 6), (x + 6, y + 4), (x - 6, y + 4)],
            fill,
        )),
        3 => root.draw(&Polygon::new(
            vec![(x, y - 6), (x + 6, y), (x, y + 6), (x - 6, y)],
            fill,
        )),
        4 => root.draw(&Polygon::new(
            vec![(x - 6, y - 4), (x + 6, y - 4), (x, y + 6)],
            fill,
        )),
        _ => {
            root.draw(&Circle::new((x, y), 5, WHITE.filled()))?;
            root.draw(&Circle::new((x, y), 5, color.stroke_width(2)))
        }
    }
}

struct LegendEntry {
    label: String,
    row: i32,
    x: i32,
    color: RGBColor,
}

/// Places legend entries left to right, starting a new row when the next one does not fit.
fn legend_layout(series: &[Series], lines: bool) -> Vec<LegendEntry> {
    let key = if lines { 24 } else { SWATCH };
    let room = (W - 2 * PAD) as f64;
    let (mut row, mut x) = (0, PAD);
    series
        .iter()
        .enumerate()
        .map(|(j, s)| {
            let (label, _) = truncate(&clean(&s.label), LABEL_SIZE, room - key as f64 - 6.0);
            let w = key + 6 + text_width(&label, LABEL_SIZE).ceil() as i32;
            if x > PAD && x + w > W - PAD {
                row += 1;
                x = PAD;
            }
            let e = LegendEntry {
                label,
                row,
                x,
                color: PALETTE[j % PALETTE.len()],
            };
            x += w + 20;
            e
        })
        .collect()
}

fn draw_legend(root: &Area, entries: &[LegendEntry], top: i32, lines: bool) -> Drawn {
    for (j, e) in entries.iter().enumerate() {
        let cy = top + e.row * LEGEND_ROW + LEGEND_ROW / 2;
        let key = if lines {
            root.draw(&PathElement::new(
                vec![(e.x, cy), (e.x + 24, cy)],
                e.color.stroke_width(2),
            ))?;
            marker(root, j, (e.x + 12, cy), e.color)?;
            24
        } else {
            let (x0, y0) = (e.x, cy - SWATCH / 2);
            root.draw(&Rectangle::new(
                [(x0, y0), (x0 + SWATCH, y0 + SWATCH)],
                e.color.filled(),
            ))?;
            SWATCH
        };
        text(
            root,
            &e.label,
            (e.x + key + 6, cy),
            LABEL_SIZE,
            TEXT,
            Middle(HPos::Left),
            false,
        )?;
    }
    Ok(())
}

/// Wraps plotters' drawing in our root element with `<title>` and `<desc>`, and drops what
/// every element repeats (the font family, set once on the root; full opacity; newlines).
fn finish(plotted: &str, id: &str, title: &str, desc: &str, height: i32, extra: &str) -> String {
    let body_start = plotted.find('>').map_or(0, |p| p + 1);
    let body_end = plotted
        .rfind("</svg>")
        .unwrap_or(plotted.len())
        .max(body_start);
    let body = &plotted[body_start..body_end];
    let mut out = String::with_capacity(body.len() + desc.len() + extra.len() + 512);
    let id = clean(id);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {height}\" width=\"100%\" \
         class=\"gk-chart\" role=\"img\" aria-labelledby=\"{id}-title\" \
         aria-describedby=\"{id}-desc\" font-family=\"{FONT_STACK}\"><title id=\"{id}-title\">"
    );
    escape_into(&mut out, &clean(title));
    let _ = write!(out, "</title><desc id=\"{id}-desc\">");
    escape_into(&mut out, desc);
    out.push_str("</desc>");
    compact_into(&mut out, body);
    out.push_str(extra);
    out.push_str("</svg>\n");
    out
}

/// Leaves out of plotters' output what every element repeats: ` font-family="sans-serif"` (set
/// once on the root), ` opacity="1"` and newlines (text content is escaped, so it holds none).
fn compact_into(out: &mut String, body: &str) {
    use memchr::memmem::Finder;
    use std::sync::LazyLock;
    static DROPPED: LazyLock<[Finder<'static>; 2]> = LazyLock::new(|| {
        [
            Finder::new(b" font-family=\"sans-serif\""),
            Finder::new(b" opacity=\"1\""),
        ]
    });
    // The byte ranges to leave out, in order (the two attributes never hold a newline, nor
    // overlap each other).
    let bytes = body.as_bytes();
    let mut cuts: Vec<(usize, usize)> = memchr::memchr_iter(b'\n', bytes)
        .map(|i| (i, i + 1))
        .collect();
    for finder in DROPPED.iter() {
        cuts.extend(
            finder
                .find_iter(bytes)
                .map(|i| (i, i + finder.needle().len())),
        );
    }
    cuts.sort_unstable();
    let mut from = 0;
    for (start, end) in cuts {
        if start >= from {
            out.push_str(&body[from..start]);
            from = end;
        }
    }
    out.push_str(&body[from..]);
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// 64-bit FNV-1a, for ids that depend only on the chart's content.
struct Fnv(crate::hash::FnvHasher);

impl Fnv {
    fn new() -> Self {
        Fnv(Default::default())
    }
    fn bytes(&mut self, b: &[u8]) {
        std::hash::Hasher::write(&mut self.0, b);
    }
    fn str(&mut self, s: &str) {
        self.bytes(&(s.len() as u64).to_le_bytes());
        self.bytes(s.as_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }
    fn value(&mut self, v: Option<f64>) {
        match v {
            Some(v) => {
                self.u64(1);
                self.u64(v.to_bits());
            }
            None => self.u64(0),
        }
    }
    fn id(&self) -> String {
        format!("gkc-{:016x}", std::hash::Hasher::finish(&self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(label: &str, values: &[Option<f64>]) -> Series {
        Series {
            label: label.into(),
            values: values.to_vec(),
        }
    }

    fn spec(kind: ChartKind, x: &[&str], series: Vec<Series>) -> ChartSpec {
        ChartSpec {
            title: "收到申请数量".into(),
            x_labels: x.iter().map(|s| s.to_string()).collect(),
            y_label: "申请数".into(),
            series,
            kind,
            unit: Some("件".into()),
        }
    }

    const YEARS: [&str; 5] = ["2019", "2020", "2021", "2022", "2023"];
    const NAMES: [&str; 6] = [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ];

    fn six_series(kind: ChartKind) -> ChartSpec {
        let series = NAMES
            .iter()
            .enumerate()
            .map(|(j, n)| {
                let v: Vec<_> = (0..5).map(|i| Some((j * 37 + i * 11) as f64)).collect();
                super::Series {
                    label: n.to_string(),
                    values: v,
                }
            })
            .collect();
        spec(kind, &YEARS, series)
    }

    /// Every chart the tests draw, by name.
    fn gallery() -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        for kind in [
            ChartKind::GroupedBars,
            ChartKind::StackedBars,
            ChartKind::Lines,
        ] {
            out.push(("six", render_svg(&six_series(kind))));
            let one = spec(
                kind,
                &["2023"],
                vec![series("自然人", &[Some(5.0)]), series("其他", &[None])],
            );
            out.push(("one year", render_svg(&one)));
            let none = spec(kind, &YEARS[..3], vec![series("自然人", &[None; 3])]);
            out.push(("all blank", render_svg(&none)));
            let zero = spec(kind, &YEARS[..3], vec![series("自然人", &[Some(0.0); 3])]);
            out.push(("all zero", render_svg(&zero)));
            let huge = [Some(2.0), Some(1.0), Some(1.2e7), Some(0.0), None];
            out.push((
                "huge",
                render_svg(&spec(kind, &YEARS, vec![series("收到", &huge)])),
            ));
            let fees = [
                Some(985.7325),
                Some(-120.5),
                Some(34.6675),
                None,
                Some(-0.25),
            ];
            out.push((
                "negative",
                render_svg(&spec(kind, &YEARS, vec![series("本年增/减", &fees)])),
            ));
            out.push(("empty", render_svg(&spec(kind, &[], vec![]))));
            let odd = [Some(f64::NAN), Some(f64::INFINITY), Some(-1.0)];
            out.push((
                "non-finite",
                render_svg(&spec(kind, &YEARS[..3], vec![series("x", &odd)])),
            ));
        }
        out.push((
            "ranking",
            horizontal_bars("排名", &ranking_items(), "收到申请总数（件）"),
        ));
        out.push(("ranking empty", horizontal_bars("排名", &[], "件")));
        let neg = [
            ("甲".to_string(), Some(-3.5)),
            ("乙".to_string(), Some(2.0)),
            ("丙".to_string(), None),
        ];
        out.push(("ranking negative", horizontal_bars("增减", &neg, "万元")));
        out
    }

    fn ranking_items() -> Vec<(String, Option<f64>)> {
        let long = "中华人民共和国国家发展和改革委员会价格监测中心（国家发展和改革委员会价格成本调查中心）";
        vec![
            ("北京市朝阳区人民政府办公室".into(), Some(1843.0)),
            (long.into(), Some(988.0)),
            ("天津市和平区生态环境局".into(), None),
            ("重庆市渝中区交通运输委员会".into(), Some(0.0)),
        ]
    }

    fn texts<'a>(doc: &'a roxmltree::Document) -> Vec<roxmltree::Node<'a, 'a>> {
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .collect()
    }

    /// The text of a `<text>`, without the text of a `<title>` inside it.
    fn content(n: roxmltree::Node) -> String {
        n.children()
            .filter(|c| c.is_text())
            .filter_map(|c| c.text())
            .collect::<String>()
            .trim()
            .to_string()
    }

    fn num(n: roxmltree::Node, attr: &str) -> f64 {
        n.attribute(attr)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{attr} of {n:?}"))
    }

    fn width_of_viewbox(doc: &roxmltree::Document) -> f64 {
        let vb = doc.root_element().attribute("viewBox").unwrap();
        vb.split(' ').nth(2).unwrap().parse().unwrap()
    }

    #[test]
    fn every_chart_is_well_formed_accessible_and_finite() {
        for (name, svg) in gallery() {
            let doc =
                roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{name}: {e}\n{svg}"));
            let root = doc.root_element();
            assert_eq!(root.tag_name().name(), "svg");
            assert_eq!(root.attribute("width"), Some("100%"), "{name}");
            assert_eq!(root.attribute("height"), None, "{name}");
            assert_eq!(root.attribute("role"), Some("img"), "{name}");
            assert!(
                root.attribute("viewBox").unwrap().starts_with("0 0 640 "),
                "{name}"
            );
            let title_id = root.attribute("aria-labelledby").unwrap();
            let title = doc
                .descendants()
                .find(|n| n.attribute("id") == Some(title_id))
                .unwrap();
            assert_eq!(title.tag_name().name(), "title", "{name}");
            assert!(!title.text().unwrap_or("").is_empty(), "{name}");
            let desc_id = root.attribute("aria-describedby").unwrap();
            let desc = doc
                .descendants()
                .find(|n| n.attribute("id") == Some(desc_id))
                .unwrap();
            assert_eq!(desc.tag_name().name(), "desc", "{name}");
            for bad in ["NaN", "inf"] {
                assert!(!svg.contains(bad), "{name} contains {bad}");
            }
            for n in doc.descendants().filter(|n| n.is_element()) {
                for a in n
                    .attributes()
                    .filter(|a| !a.name().starts_with("aria") && a.name() != "id")
                {
                    let v = a.value();
                    let sci = v.as_bytes().windows(3).any(|w| {
                        w[0].is_ascii_digit()
                            && w[1] == b'e'
                            && (w[2] == b'-' || w[2] == b'+' || w[2].is_ascii_digit())
                    });
                    assert!(!sci, "{name}: {}={v}", a.name());
                }
            }
            for t in texts(&doc) {
                let size = t
                    .ancestors()
                    .find_map(|a| a.attribute("font-size"))
                    .unwrap();
                let size: f64 = size.parse().unwrap();
                assert!(
                    size >= 14.0 && size.fract() == 0.0,
                    "{name}: font size {size}"
                );
            }
            for n in doc.descendants().filter(|n| n.has_tag_name("rect")) {
                assert!(
                    num(n, "width") >= 0.0 && num(n, "height") >= 0.0,
                    "{name}: {n:?}"
                );
            }
        }
    }

    #[test]
    fn output_is_deterministic_and_ids_differ_between_charts() {
        let a = render_svg(&six_series(ChartKind::GroupedBars));
        assert_eq!(a, render_svg(&six_series(ChartKind::GroupedBars)));
        let b = render_svg(&six_series(ChartKind::StackedBars));
        let id = |s: &str| {
            let doc = roxmltree::Document::parse(s).unwrap();
            doc.root_element()
                .attribute("aria-labelledby")
                .unwrap()
                .to_string()
        };
        assert_ne!(id(&a), id(&b));
        let c = render_svg_with_id(&six_series(ChartKind::GroupedBars), "fees-2023");
        assert_eq!(id(&c), "fees-2023-title");
    }

    #[test]
    fn chinese_labels_are_text_and_the_legend_fits() {
        for kind in [
            ChartKind::GroupedBars,
            ChartKind::StackedBars,
            ChartKind::Lines,
        ] {
            let mut s = six_series(kind);
            s.series[5].label =
                "其他（包括但不限于信访转办、人大代表建议和政协委员提案转来的申请）".into();
            let svg = render_svg(&s);
            let doc = roxmltree::Document::parse(&svg).unwrap();
            let w = width_of_viewbox(&doc);
            let all: Vec<_> = texts(&doc).into_iter().map(|t| (content(t), t)).collect();
            for label in NAMES
                .iter()
                .take(5)
                .chain(YEARS.iter())
                .chain(["收到申请数量", "申请数（件）"].iter())
            {
                assert!(
                    all.iter().any(|(c, _)| c == label),
                    "{kind:?}: no <text> {label}"
                );
            }
            let mut legend_rows = std::collections::BTreeSet::new();
            for (c, t) in &all {
                let is_legend = NAMES.contains(&c.as_str()) || c.starts_with("其他（");
                if is_legend {
                    let size = num(*t, "font-size");
                    let right = num(*t, "x") + text_width(c, size);
                    assert!(right <= w - 8.0, "{kind:?}: legend {c} ends at {right}");
                    legend_rows.insert(num(*t, "y") as i64);
                }
            }
            assert!(
                legend_rows.len() >= 2,
                "{kind:?}: the legend should wrap: {legend_rows:?}"
            );
        }
    }

    #[test]
    fn many_years_label_every_other_year_rather_than_cut() {
        let x: Vec<String> = (2008..2024).map(|y| y.to_string()).collect();
        let x: Vec<&str> = x.iter().map(String::as_str).collect();
        let v: Vec<_> = (0..16).map(|i| Some(i as f64)).collect();
        let svg = render_svg(&spec(ChartKind::Lines, &x, vec![series("收到", &v)]));
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let labels: Vec<String> = texts(&doc)
            .into_iter()
            .filter(|t| t.attribute("text-anchor") == Some("middle"))
            .map(content)
            .collect();
        assert_eq!(
            labels.first().map(String::as_str),
            Some("2008"),
            "{labels:?}"
        );
        assert!(labels.len() >= 4 && labels.len() < 16, "{labels:?}");
        assert!(labels.iter().all(|l| !l.contains('…')), "{labels:?}");
    }

    #[test]
    fn stacked_totals_only_where_nothing_is_blank() {
        let a = [Some(3.0), Some(7.0)];
        let b = [Some(5.0), None];
        let svg = render_svg(&spec(
            ChartKind::StackedBars,
            &YEARS[..2],
            vec![series("甲", &a), series("乙", &b)],
        ));
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let all: Vec<String> = texts(&doc)
            .into_iter()
            .filter(|t| t.attribute("text-anchor") == Some("middle"))
            .map(content)
            .collect();
        assert!(all.iter().any(|t| t == "8"), "{all:?}");
        assert!(
            !all.iter().any(|t| t == "7"),
            "a partial total is not a total: {all:?}"
        );
    }

    #[test]
    fn a_single_year_draws_bars_even_for_lines() {
        let s = spec(
            ChartKind::Lines,
            &["2023"],
            vec![series("自然人", &[Some(7.0)]), series("其他", &[Some(2.0)])],
        );
        let svg = render_svg(&s);
        assert!(!svg.contains("stroke-width=\"3\""), "no data line: {svg}");
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let bars = doc
            .descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some("#0072B2"));
        assert_eq!(bars.count(), 1 + 1, "one bar and one legend swatch");
        // The values are written above the bars.
        assert!(texts(&doc).iter().any(|t| content(*t) == "7"));
    }

    /// Rectangles of the first series' colour, less its legend swatch (if any).
    fn first_series_rects(svg: &str) -> Vec<(f64, f64)> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some("#0072B2"))
            .map(|n| (num(n, "y"), num(n, "height")))
            .collect()
    }

    #[test]
    fn blanks_draw_nothing_zeros_a_mark_and_tiny_values_a_pixel() {
        let v = [Some(3.0), None, Some(0.0), Some(5.0e6), None];
        let svg = render_svg(&spec(
            ChartKind::GroupedBars,
            &YEARS,
            vec![series("收到", &v)],
        ));
        let rects = first_series_rects(&svg);
        assert_eq!(
            rects.len(),
            3,
            "a bar for 3, a mark for 0 and a bar for 5e6, none for blanks"
        );
        assert!(rects.iter().all(|r| r.1 >= 1.0));
        assert!(
            svg.contains("2020 空白"),
            "the description says blank: {svg}"
        );
        // Lines: a blank breaks the line, and markers sit on the values only.
        let svg = render_svg(&spec(ChartKind::Lines, &YEARS, vec![series("收到", &v)]));
        assert_eq!(
            svg.matches("stroke-width=\"3\"").count(),
            1,
            "one line, 2021–2022: {svg}"
        );
        assert_eq!(svg.matches("<circle").count(), 3, "{svg}");
    }

    fn tick_labels(svg: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        texts(&doc)
            .into_iter()
            .filter(|t| t.attribute("text-anchor") == Some("end"))
            .map(content)
            .collect()
    }

    #[test]
    fn y_axis_ticks_are_few_round_and_whole_for_whole_data() {
        let zero = spec(
            ChartKind::GroupedBars,
            &YEARS,
            vec![series("a", &[Some(0.0); 5])],
        );
        assert_eq!(tick_labels(&render_svg(&zero)), ["0", "1"]);
        let blank = spec(
            ChartKind::StackedBars,
            &YEARS,
            vec![series("a", &[None; 5])],
        );
        assert_eq!(tick_labels(&render_svg(&blank)), ["0", "1"]);
        let small = spec(
            ChartKind::Lines,
            &YEARS,
            vec![series("a", &[Some(1.0), Some(3.0)])],
        );
        assert_eq!(tick_labels(&render_svg(&small)), ["0", "1", "2", "3"]);
        for s in [
            six_series(ChartKind::GroupedBars),
            six_series(ChartKind::StackedBars),
        ] {
            let ticks = tick_labels(&render_svg(&s));
            assert!((3..=7).contains(&ticks.len()), "{ticks:?}");
            assert!(
                ticks
                    .iter()
                    .all(|t| t.replace(',', "").parse::<i64>().is_ok()),
                "{ticks:?}"
            );
        }
        let fees = [Some(985.7325), Some(-160.35)];
        let ticks = tick_labels(&render_svg(&spec(
            ChartKind::GroupedBars,
            &YEARS,
            vec![series("a", &fees)],
        )));
        assert_eq!(ticks.first().map(String::as_str), Some("−200"), "{ticks:?}");
        assert_eq!(ticks.last().map(String::as_str), Some("1,000"), "{ticks:?}");
        let tiny = [Some(0.12), Some(0.05)];
        let ticks = tick_labels(&render_svg(&spec(
            ChartKind::Lines,
            &YEARS,
            vec![series("a", &tiny)],
        )));
        assert_eq!(
            ticks,
            ["0", "0.02", "0.04", "0.06", "0.08", "0.10", "0.12"].map(String::from)
        );
    }

    #[test]
    fn negative_values_extend_the_axis_below_zero() {
        let v = [Some(10.0), Some(-4.0)];
        for kind in [ChartKind::GroupedBars, ChartKind::StackedBars] {
            let svg = render_svg(&spec(kind, &YEARS[..2], vec![series("本年增/减", &v)]));
            let ticks = tick_labels(&svg);
            assert!(ticks[0].starts_with('−'), "{kind:?}: {ticks:?}");
            let doc = roxmltree::Document::parse(&svg).unwrap();
            let zero_y = doc
                .descendants()
                .filter(|n| n.has_tag_name("text") && content(*n) == "0")
                .map(|n| num(n, "y"))
                .next()
                .unwrap();
            let rects = first_series_rects(&svg);
            assert!(
                rects.iter().any(|r| r.0 >= zero_y - 1.0 && r.1 > 10.0),
                "{kind:?}: {rects:?}"
            );
        }
    }

    #[test]
    fn ranking_labels_fit_and_long_ones_are_cut_with_a_title() {
        let svg = horizontal_bars(
            "2023 年各机关收到申请数",
            &ranking_items(),
            "收到申请总数（件）",
        );
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let w = width_of_viewbox(&doc);
        let all = texts(&doc);
        let cut = all
            .iter()
            .find(|t| content(**t).contains('…'))
            .expect("the long name is cut");
        let full = cut
            .children()
            .find(|c| c.has_tag_name("title"))
            .and_then(|t| t.text());
        assert_eq!(full, Some(ranking_items()[1].0.as_str()));
        assert!(content(*cut).starts_with("中华人民共和国") && content(*cut).ends_with("中心）"));
        for t in &all {
            let (c, x, size) = (content(*t), num(*t, "x"), num(*t, "font-size"));
            let (left, right) = match t.attribute("text-anchor") {
                Some("end") => (x - text_width(&c, size), x),
                Some("middle") => (
                    x - text_width(&c, size) / 2.0,
                    x + text_width(&c, size) / 2.0,
                ),
                _ => (x, x + text_width(&c, size)),
            };
            assert!(left >= 0.0 && right <= w, "{c} spans {left}..{right}");
        }
        let contents: Vec<String> = all.iter().map(|t| content(*t)).collect();
        for want in [
            "北京市朝阳区人民政府办公室",
            "1,843",
            "988",
            "0",
            "—",
            "收到申请总数（件）",
        ] {
            assert!(
                contents.iter().any(|c| c == want),
                "no {want} in {contents:?}"
            );
        }
        assert!(svg.contains("天津市和平区生态环境局 空白"));
    }

    #[test]
    fn numbers_are_written_as_the_reports_write_them() {
        assert_eq!(format_value(985.7325), "985.7325");
        assert_eq!(format_value(1234567.0), "1,234,567");
        assert_eq!(format_value(-120.5), "−120.5");
        assert_eq!(format_value(-0.0), "0");
        assert_eq!(format_value(0.00001), "0");
        assert_eq!(format_fixed(-250.0, 0), "−250");
        assert_eq!(format_fixed(0.1 + 0.2, 1), "0.3");
    }

    #[test]
    fn text_is_measured_per_character_and_cut_or_wrapped_to_fit() {
        assert_eq!(text_width("申请", 10.0), 20.0);
        assert!((text_width("2023", 10.0) - 22.0).abs() < 1e-9);
        let (cut, did) = truncate("社会公益组织", 10.0, 40.0);
        assert!(
            did && text_width(&cut, 10.0) <= 40.0 && cut.ends_with('…'),
            "{cut}"
        );
        let (cut, did) = truncate_middle("湖北省武汉市洪山区人力资源和社会保障局", 10.0, 120.0);
        assert!(did && text_width(&cut, 10.0) <= 120.0, "{cut}");
        assert!(cut.starts_with("湖北") && cut.ends_with("保障局"), "{cut}");
        let lines = wrap(
            "收到政府信息公开申请数量，按申请人类型，2019 年至 2023 年",
            20.0,
            200.0,
        );
        assert!(
            lines.len() > 1 && lines.iter().all(|l| text_width(l, 20.0) <= 200.0 + 20.0),
            "{lines:?}"
        );
        assert!(lines.iter().all(|l| !l.starts_with('，')), "{lines:?}");
    }

    #[test]
    fn hostile_text_is_escaped() {
        let mut s = six_series(ChartKind::Lines);
        s.title = "<script>alert('x')</script> & \"q\"".into();
        s.series[0].label = "</text><svg onload=alert(1)>".into();
        s.x_labels[0] = "a\nb\u{0}c".into();
        let svg = render_svg(&s);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert!(!svg.contains("<script") && !svg.contains("<svg onload"));
        assert!(
            doc.descendants()
                .any(|n| n.has_tag_name("title") && n.text() == Some(s.title.as_str()))
        );
    }
}
