//! Renders example charts into HTML pages and times `render_svg`.
//!
//! `cargo run --release --example charts_demo -- /tmp/charts` writes one page per example
//! (and `all.html`) to look at in a browser, then prints the time per chart.

use std::time::Instant;

use gongkai::charts::{ChartKind, ChartSpec, Series, horizontal_bars, render_svg};

fn years(from: i32, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{}", from + i as i32)).collect()
}

fn series(label: &str, values: &[Option<f64>]) -> Series {
    Series {
        label: label.to_string(),
        values: values.to_vec(),
    }
}

fn applicants() -> ChartSpec {
    ChartSpec {
        title: "收到政府信息公开申请数量（按申请人类型）".into(),
        x_labels: years(2019, 5),
        y_label: "申请数".into(),
        series: vec![
            series(
                "自然人",
                &[
                    Some(412.0),
                    Some(538.0),
                    Some(601.0),
                    Some(577.0),
                    Some(642.0),
                ],
            ),
            series(
                "商业企业",
                &[Some(35.0), Some(41.0), Some(29.0), None, Some(52.0)],
            ),
            series(
                "科研机构",
                &[Some(0.0), Some(2.0), Some(1.0), Some(0.0), Some(3.0)],
            ),
            series(
                "社会公益组织",
                &[Some(4.0), Some(7.0), Some(5.0), Some(9.0), Some(6.0)],
            ),
            series(
                "法律服务机构",
                &[Some(61.0), Some(73.0), Some(88.0), Some(95.0), Some(110.0)],
            ),
            series(
                "其他",
                &[Some(12.0), Some(9.0), Some(14.0), Some(11.0), Some(8.0)],
            ),
        ],
        kind: ChartKind::GroupedBars,
        unit: Some("件".into()),
    }
}

fn outcomes() -> ChartSpec {
    ChartSpec {
        title: "申请办理结果".into(),
        x_labels: years(2019, 5),
        y_label: "件数".into(),
        series: vec![
            series(
                "予以公开",
                &[
                    Some(201.0),
                    Some(260.0),
                    Some(288.0),
                    Some(301.0),
                    Some(340.0),
                ],
            ),
            series(
                "部分公开",
                &[Some(80.0), Some(95.0), Some(120.0), Some(98.0), Some(130.0)],
            ),
            series(
                "不予公开",
                &[Some(40.0), Some(35.0), Some(52.0), Some(47.0), Some(39.0)],
            ),
            series(
                "无法提供",
                &[
                    Some(90.0),
                    Some(110.0),
                    Some(105.0),
                    Some(99.0),
                    Some(120.0),
                ],
            ),
            series(
                "不予处理",
                &[Some(30.0), Some(45.0), Some(41.0), None, Some(55.0)],
            ),
            series(
                "其他处理",
                &[Some(22.0), Some(18.0), Some(25.0), Some(30.0), Some(28.0)],
            ),
        ],
        kind: ChartKind::StackedBars,
        unit: Some("件".into()),
    }
}

fn appeals() -> ChartSpec {
    ChartSpec {
        title: "行政复议结果".into(),
        x_labels: years(2019, 5),
        y_label: "案件数".into(),
        series: vec![
            series(
                "结果维持",
                &[Some(12.0), Some(15.0), Some(9.0), Some(14.0), Some(18.0)],
            ),
            series(
                "结果纠正",
                &[Some(2.0), Some(1.0), Some(4.0), None, Some(3.0)],
            ),
            series(
                "其他结果",
                &[Some(1.0), None, Some(2.0), Some(0.0), Some(1.0)],
            ),
            series(
                "尚未审结",
                &[Some(0.0), Some(3.0), Some(1.0), Some(2.0), Some(0.0)],
            ),
        ],
        kind: ChartKind::Lines,
        unit: Some("件".into()),
    }
}

fn one_year() -> ChartSpec {
    let mut s = applicants();
    s.title = "收到申请数量（仅有 2023 年报告）".into();
    s.x_labels = vec!["2023".into()];
    for x in &mut s.series {
        x.values = vec![x.values[4]];
    }
    s.kind = ChartKind::Lines;
    s
}

fn fees() -> ChartSpec {
    ChartSpec {
        title: "行政事业性收费与本年增/减".into(),
        x_labels: years(2019, 5),
        y_label: "金额".into(),
        series: vec![
            series(
                "收费金额",
                &[
                    Some(985.7325),
                    Some(1020.4),
                    Some(860.05),
                    None,
                    Some(912.0),
                ],
            ),
            series(
                "本年增/减",
                &[
                    Some(-120.5),
                    Some(34.6675),
                    Some(-160.35),
                    None,
                    Some(51.95),
                ],
            ),
        ],
        kind: ChartKind::GroupedBars,
        unit: Some("万元".into()),
    }
}

fn skewed() -> ChartSpec {
    ChartSpec {
        title: "一个巨大的值与很小的值".into(),
        x_labels: years(2019, 5),
        y_label: "件数".into(),
        series: vec![series(
            "收到申请",
            &[Some(3.0), Some(1.0), Some(120000.0), Some(0.0), None],
        )],
        kind: ChartKind::GroupedBars,
        unit: Some("件".into()),
    }
}

fn empty(kind: ChartKind, value: Option<f64>, title: &str) -> ChartSpec {
    ChartSpec {
        title: title.into(),
        x_labels: years(2019, 3),
        y_label: "件数".into(),
        series: vec![
            series("自然人", &[value; 3]),
            series("法人或其他组织", &[value; 3]),
        ],
        kind,
        unit: Some("件".into()),
    }
}

fn many_years() -> ChartSpec {
    let v: Vec<Option<f64>> = (0..16)
        .map(|i| Some((40 + i * i * 3 - i * 7) as f64))
        .collect();
    let w: Vec<Option<f64>> = (0..16)
        .map(|i| if i < 11 { None } else { Some((i * 9) as f64) })
        .collect();
    ChartSpec {
        title: "2008 年以来收到申请数（2019 年起按新模板分列法人或其他组织）".into(),
        x_labels: years(2008, 16),
        y_label: "申请数".into(),
        series: vec![series("自然人", &v), series("法人或其他组织", &w)],
        kind: ChartKind::Lines,
        unit: Some("件".into()),
    }
}

fn ranking() -> String {
    let names = [
        "北京市朝阳区人民政府办公室",
        "上海市浦东新区规划和自然资源局",
        "广东省深圳市南山区住房和建设局",
        "中华人民共和国国家发展和改革委员会价格监测中心（国家发展和改革委员会价格成本调查中心）",
        "浙江省杭州市西湖区市场监督管理局",
        "江苏省南京市鼓楼区教育局",
        "四川省成都市武侯区卫生健康局",
        "湖北省武汉市洪山区人力资源和社会保障局",
        "陕西省西安市雁塔区城市管理和综合执法局",
        "天津市和平区生态环境局",
        "重庆市渝中区交通运输委员会",
        "黑龙江省哈尔滨市道里区农业农村局",
    ];
    let values = [
        1843.0, 1502.0, 1209.0, 988.0, 760.0, 512.0, 430.0, 301.0, 0.0, 87.0, 45.0, 3.0,
    ];
    let mut items: Vec<(String, Option<f64>)> = names
        .iter()
        .zip(values)
        .map(|(n, v)| (n.to_string(), Some(v)))
        .collect();
    items[10].1 = None;
    horizontal_bars("2023 年各机关收到申请数", &items, "收到申请总数（件）")
}

fn page(title: &str, charts: &[String]) -> String {
    let mut html = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>\
         body{{margin:0;padding:16px;font-family:system-ui,'Noto Sans CJK SC',sans-serif;\
         background:#f6f6f4;color:#222}}\
         main{{max-width:760px;margin:0 auto}}\
         figure{{margin:0 0 20px;background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px}}\
         .gk-chart{{display:block;max-width:100%;height:auto}}\
         </style></head><body><main><h1>{title}</h1>"
    );
    for c in charts {
        html.push_str("<figure>");
        html.push_str(c);
        html.push_str("</figure>");
    }
    html.push_str("</main></body></html>\n");
    html
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/charts".into());
    std::fs::create_dir_all(&dir).expect("create output folder");
    let examples: Vec<(&str, Vec<String>)> = vec![
        ("grouped", vec![render_svg(&applicants())]),
        ("stacked", vec![render_svg(&outcomes())]),
        ("lines", vec![render_svg(&appeals())]),
        ("one-year", vec![render_svg(&one_year())]),
        ("ranking", vec![ranking()]),
        (
            "edge",
            vec![
                render_svg(&fees()),
                render_svg(&many_years()),
                render_svg(&skewed()),
                render_svg(&empty(ChartKind::GroupedBars, None, "全部空白")),
                render_svg(&empty(ChartKind::Lines, Some(0.0), "全部为零")),
            ],
        ),
    ];
    let mut all = Vec::new();
    for (name, charts) in &examples {
        std::fs::write(format!("{dir}/{name}.html"), page(name, charts)).expect("write page");
        std::fs::write(format!("{dir}/{name}.svg"), &charts[0]).expect("write svg");
        all.extend(charts.iter().cloned());
    }
    std::fs::write(format!("{dir}/all.html"), page("all", &all)).expect("write page");

    let spec = applicants();
    let runs = 20_000;
    let mut bytes = 0;
    let (t, cpu) = (Instant::now(), cpu_ns());
    for _ in 0..runs {
        bytes += std::hint::black_box(render_svg(std::hint::black_box(&spec))).len();
    }
    let wall = t.elapsed().as_secs_f64() / runs as f64;
    let cpu = cpu_ns()
        .zip(cpu)
        .map(|(b, a)| (b - a) as f64 / 1e9 / runs as f64);
    println!(
        "render_svg, 5 years × 6 series: {:.1} µs per chart wall, {} µs CPU, {} bytes",
        wall * 1e6,
        cpu.map_or("?".into(), |c| format!("{:.1}", c * 1e6)),
        bytes / runs
    );
}

/// CPU time of this thread in nanoseconds (Linux), so that a busy machine does not skew it.
fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}
