//! `gongkai import` end to end: the five seeds against their hand transcriptions, one small
//! input per garbling real pages show, flattened digit runs, and inputs that are not reports.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use gongkai::catalogue::{SectionId, Template};
use gongkai::export::{report_tidy_rows, tidy_rows};
use gongkai::import::command::{ImportArgs, ImportFormat, run_with};
use gongkai::import::{ImportError, ImportOptions, Imported, import};
use gongkai::model::Number;

const SEEDS: [(&str, &str, u16); 5] = [
    ("000_765af7b06cf955e6.txt", "hami-yizhou-minzheng", 2025),
    ("001_b4512be360909492.txt", "hotan-minzheng", 2023),
    ("002_28b92a0af2bfedd1.txt", "urumqi-minzheng", 2022),
    ("003_87a7b4ea8b1db070.txt", "hami-yizhou-tianshan", 2024),
    ("004_b663475d63cba785.txt", "hohhot-saihan-minzheng", 2019),
];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The five real seed texts, copied verbatim into the repository (`tests/fixtures/seeds`), so
/// that these tests never depend on what sits beside the checkout. Missing seeds are a
/// failure, not a skip.
fn seed_dir() -> Option<PathBuf> {
    let dir = repo().join("tests/fixtures/seeds");
    assert!(dir.is_dir(), "{} is missing", dir.display());
    Some(dir)
}

fn seed_text(file: &str) -> Option<String> {
    std::fs::read_to_string(seed_dir()?.join(file)).ok()
}

fn opts(agency: &str) -> ImportOptions {
    ImportOptions {
        agency: Some(agency.to_string()),
        year: None,
    }
}

/// A fresh folder under the system temp dir.
fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "gongkai-import-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

// ---------------------------------------------------------------------------------------------
// (a) The five seeds.

#[test]
fn seeds_match_their_hand_transcriptions() {
    let Some(_) = seed_dir() else {
        eprintln!("seeds not found; skipping");
        return;
    };
    let loaded = gongkai::load::load_site(&repo());
    for (file, agency, year) in SEEDS {
        let text = seed_text(file).expect("seed text");
        let imported = import(&text, &opts(agency)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(imported.year, year, "{file}");
        assert!(imported.flags.is_empty(), "{file}: {:?}", imported.flags);
        let Some(report) = loaded
            .site
            .reports
            .iter()
            .find(|r| r.agency.as_str() == agency && r.year == year)
        else {
            panic!("{file}: no hand transcription content/reports/{agency}/{year}.md");
        };
        assert_eq!(imported.template, report.template, "{file}");
        let expected = report_tidy_rows(report);
        let got = tidy_rows(
            agency,
            year,
            imported.template,
            &imported.values(),
            &imported.merged(),
        );
        assert_eq!(got.len(), expected.len(), "{file}");
        for (g, e) in got.iter().zip(&expected) {
            assert_eq!(
                (g.section, g.row_key, g.column_key, g.value),
                (e.section, e.row_key, e.column_key, e.value),
                "{file}"
            );
        }
        let published = report.published.map(|(d, _)| d);
        assert_eq!(imported.published, published, "{file}");
    }
}

fn seed(file: &str, agency: &str) -> Option<Imported> {
    let text = seed_text(file)?;
    Some(import(&text, &opts(agency)).expect("seed imports"))
}

#[test]
fn seed_facts() {
    let Some(s0) = seed(SEEDS[0].0, "a") else {
        return;
    };
    assert_eq!(s0.agency_name.as_deref(), Some("哈密市伊州区民政局"));
    assert_eq!(
        s0.published.map(|d| d.to_string()).as_deref(),
        Some("2026-01-29")
    );
    assert_eq!(s0.template, Template::F2021);
    // The blank 总计 column stays blank; the unlabelled fee row is placed by structure.
    assert_eq!(
        (
            s0.counts.read,
            s0.counts.inferred,
            s0.counts.flagged,
            s0.counts.blank
        ),
        (174, 1, 0, 25)
    );
    assert_eq!(
        value(&s0, "proactive.admin_fees.fee_amount"),
        Some(num("235.9455"))
    );
    assert_eq!(
        value(&s0, "review.litigation_direct.pending"),
        Some(num("1"))
    );
    assert_eq!(value(&s0, "requests.received.total"), None);

    let Some(s1) = seed(SEEDS[1].0, "a") else {
        return;
    };
    assert_eq!(s1.agency_name.as_deref(), Some("和田地区民政局"));
    assert_eq!(
        value(&s1, "proactive.admin_fees.fee_amount"),
        Some(num("985.7325"))
    );
    assert_eq!(s1.counts.read, 200);

    let Some(s2) = seed(SEEDS[2].0, "a") else {
        return;
    };
    assert_eq!(s2.agency_name.as_deref(), Some("乌鲁木齐市民政局"));
    assert_eq!(
        s2.published.map(|d| d.to_string()).as_deref(),
        Some("2023-01-30")
    );
    assert_eq!(
        value(&s2, "requests.refused_query_matter.natural_person"),
        Some(num("5"))
    );
    assert_eq!(
        value(&s2, "requests.other_no_correction.total"),
        Some(num("0"))
    );
    // The view counter and the footer digits are not narrative.
    let text = s2
        .draft
        .narrative
        .iter()
        .flatten()
        .cloned()
        .collect::<String>();
    assert!(!text.contains("浏览次数") && !text.contains("2023130") && !text.contains("附件下载"));

    let Some(s3) = seed(SEEDS[3].0, "a") else {
        return;
    };
    assert_eq!(
        s3.agency_name.as_deref(),
        Some("哈密市伊州区天山乡人民政府")
    );
    assert_eq!(s3.counts.read, 200);

    let Some(s4) = seed(SEEDS[4].0, "a") else {
        return;
    };
    assert_eq!(s4.template, Template::F2019);
    assert_eq!(s4.agency_name.as_deref(), Some("赛罕区民政局"));
    assert_eq!(s4.published, None);
    // Read once: 22 section-二 cells, 23 merged rows, 15 review cells.
    assert_eq!((s4.counts.read, s4.counts.flagged), (22 + 23 + 15, 0));
    assert_eq!(s4.draft.merged.len(), 23);
    assert!(s4.notes.iter().any(|n| n.contains("appears twice")));
    let overview = s4.draft.narrative[0].as_deref().unwrap_or("");
    assert_eq!(overview.matches("(一)主动公开数量").count(), 1);
    assert!(
        !s4.draft
            .narrative
            .iter()
            .flatten()
            .any(|t| t.contains("ICP"))
    );
}

#[test]
fn seed_imports_into_a_fresh_site_that_checks_clean() {
    let Some(_) = seed_dir() else { return };
    for (file, agency, year) in SEEDS {
        let site = temp_dir("site");
        std::fs::create_dir_all(site.join("content/agencies")).unwrap();
        let agency_file = format!("content/agencies/{agency}.yaml");
        std::fs::copy(repo().join(&agency_file), site.join(&agency_file)).unwrap();
        if repo().join("site.toml").exists() {
            std::fs::copy(repo().join("site.toml"), site.join("site.toml")).unwrap();
        }
        let (code, _, err) = run_cli(&ImportArgs {
            files: vec![seed_dir().unwrap().join(file)],
            agency: Some(agency.to_string()),
            year: None,
            output: None,
            format: ImportFormat::Report,
            root: site.clone(),
            html: Vec::new(),
            explain: false,
        });
        assert_eq!(code, 0, "{file}: {err}");
        assert!(
            site.join(format!("content/reports/{agency}/{year}.md"))
                .exists()
        );
        let (_, diags) = gongkai::validate::check_site(&site);
        let errors: Vec<_> = diags
            .iter()
            .filter(|d| d.severity == gongkai::diagnostic::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{file}: {errors:#?}");
        let _ = std::fs::remove_dir_all(&site);
    }
}

#[test]
fn seed_imports_fast() {
    let Some(text) = seed_text(SEEDS[4].0) else {
        return;
    };
    let start = std::time::Instant::now();
    for _ in 0..10 {
        import(&text, &opts("a")).unwrap();
    }
    eprintln!(
        "seed 004 imports in {:?} (debug build)",
        start.elapsed() / 10
    );
}

// ---------------------------------------------------------------------------------------------
// A small generator of 2021 reports in a chosen layout, for the garbling tests.

fn num(s: &str) -> Number {
    Number::parse(s).unwrap()
}

fn cell_index(template: Template, address: &str) -> usize {
    template
        .def()
        .cells()
        .position(|c| c.address() == address)
        .unwrap_or_else(|| panic!("no cell {address}"))
}

fn value(imported: &Imported, address: &str) -> Option<Number> {
    imported.draft.cells[cell_index(imported.template, address)].value
}

fn flag_of(imported: &Imported, address: &str) -> Option<String> {
    imported.draft.cells[cell_index(imported.template, address)]
        .flag
        .clone()
}

/// A consistent 2021 data set: 5 requests received and 1 carried over; 3 granted, 2 answered
/// 属于行政查询事项, 1 carried forward; one lawsuit pending.
fn data_2021() -> HashMap<String, &'static str> {
    let mut m = HashMap::new();
    let def = Template::F2021.def();
    for c in def.cells() {
        m.insert(c.address(), "0");
    }
    let rows: [(&str, [&str; 7]); 5] = [
        ("received", ["3", "1", "0", "0", "0", "1", "5"]),
        ("carried_over", ["1", "0", "0", "0", "0", "0", "1"]),
        ("granted", ["2", "1", "0", "0", "0", "0", "3"]),
        ("refused_query_matter", ["1", "0", "0", "0", "0", "1", "2"]),
        ("handled_total", ["3", "1", "0", "0", "0", "1", "5"]),
    ];
    let cols = [
        "natural_person",
        "business",
        "research",
        "public_interest",
        "legal_services",
        "other_org",
        "total",
    ];
    for (row, vals) in rows {
        for (c, v) in cols.iter().zip(vals) {
            m.insert(format!("requests.{row}.{c}"), v);
        }
    }
    for (c, v) in cols.iter().zip(["1", "0", "0", "0", "0", "0", "1"]) {
        m.insert(format!("requests.carried_forward.{c}"), v);
    }
    m.insert("proactive.normative_documents.issued".into(), "2");
    m.insert("proactive.normative_documents.in_force".into(), "17");
    m.insert("proactive.licensing.decisions".into(), "396");
    m.insert("proactive.penalties.decisions".into(), "12");
    m.insert("proactive.admin_fees.fee_amount".into(), "1.5");
    m.insert("review.litigation_direct.pending".into(), "1");
    m.insert("review.litigation_direct.total".into(), "1");
    m
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    /// 「cell |」 per line (seeds 000, 003, 004).
    Pipes,
    /// 「\tcell」 per line (seed 001).
    Tabs,
    /// One cell per line, blank lines between (seed 002).
    Lines,
    /// Archived text with the cells of each table run together.
    Flat,
}

fn cell_line(style: Style, text: &str) -> String {
    match style {
        Style::Pipes => format!("{text} |\n"),
        Style::Tabs => format!("\t{text}\n"),
        Style::Lines => format!("{text}\n\n"),
        Style::Flat => text.to_string(),
    }
}

/// The text of a 2021 report with the given cell texts (by address) in the given layout.
fn render_2021(data: &HashMap<String, &str>, style: Style) -> String {
    let def = Template::F2021.def();
    let mut out = String::new();
    out.push_str("某县民政局2023年度政府信息公开工作年度报告\n");
    out.push_str("一、总体情况\n2023年，本局认真贯彻落实《中华人民共和国政府信息公开条例》，全面推进政务公开。\n");
    out.push_str("二、主动公开政府信息情况\n");
    let cell = |out: &mut String, t: &str| out.push_str(&cell_line(style, t));
    for section in def.sections {
        match section.id {
            SectionId::Proactive => {
                for block in section.blocks {
                    if let Some(band) = &block.band {
                        cell(&mut out, &band.zh.replace('（', "(").replace('）', ")"));
                    }
                    cell(&mut out, "信息内容");
                    for c in block.columns {
                        cell(&mut out, c.zh);
                    }
                    for row in block.rows {
                        cell(&mut out, row.zh);
                        for c in block.columns {
                            cell(&mut out, data[&format!("proactive.{}.{}", row.key, c.key)]);
                        }
                    }
                }
            }
            SectionId::Requests => {
                out.push_str("\n三、收到和处理政府信息公开申请情况\n");
                cell(
                    &mut out,
                    "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)",
                );
                for h in [
                    "申请人情况",
                    "自然人",
                    "法人或其他组织",
                    "总计",
                    "商业企业",
                    "科研机构",
                    "社会公益组织",
                    "法律服务机构",
                    "其他",
                ] {
                    cell(&mut out, h);
                }
                // Each group label once, before its first row (「三、本年度办理结果」, 「（三）不予公开」).
                let mut printed: Vec<&str> = Vec::new();
                for (block, row) in def.rows(SectionId::Requests) {
                    for g in row.groups {
                        if !printed.contains(&g.zh) {
                            cell(&mut out, g.zh);
                            printed.push(g.zh);
                        }
                    }
                    cell(&mut out, row.zh);
                    for c in block.columns {
                        cell(&mut out, data[&format!("requests.{}.{}", row.key, c.key)]);
                    }
                }
            }
            SectionId::Review => {
                out.push_str("\n四、政府信息公开行政复议、行政诉讼情况\n");
                for h in [
                    "行政复议",
                    "行政诉讼",
                    "结果维持",
                    "结果纠正",
                    "其他结果",
                    "尚未审结",
                    "总计",
                    "未经复议直接起诉",
                    "复议后起诉",
                ] {
                    cell(&mut out, h);
                }
                for _ in 0..2 {
                    for h in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
                    {
                        cell(&mut out, h);
                    }
                }
                for (block, row) in def.rows(SectionId::Review) {
                    for c in block.columns {
                        cell(&mut out, data[&format!("review.{}.{}", row.key, c.key)]);
                    }
                }
            }
        }
    }
    out.push_str(
        "五、存在的主要问题及改进情况\n一是公开内容还不够全面。下一步将加强培训，提升公开质量。\n",
    );
    out.push_str("六、其他需要报告的事项\n本年度没有收取信息处理费。\n某县民政局\n2024年1月20日\n");
    out
}

/// Every cell of the import equals the data set, and nothing was flagged.
fn assert_reads(imported: &Imported, data: &HashMap<String, &str>) {
    assert!(imported.flags.is_empty(), "{:#?}", imported.flags);
    for c in imported.template.def().cells() {
        let want = Number::parse(data[&c.address()]).ok();
        assert_eq!(value(imported, &c.address()), want, "{}", c.address());
    }
}

fn imp(text: &str) -> Imported {
    import(text, &opts("x")).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

#[test]
fn generated_reports_read_in_every_layout() {
    let data = data_2021();
    for style in [Style::Pipes, Style::Tabs, Style::Lines] {
        let i = imp(&render_2021(&data, style));
        assert_reads(&i, &data);
        assert_eq!(i.counts.read, 200);
        assert_eq!(i.agency_name.as_deref(), Some("某县民政局"));
        assert_eq!(
            i.published.map(|d| d.to_string()).as_deref(),
            Some("2024-01-20")
        );
        assert_eq!(
            i.draft.narrative[0].as_deref(),
            Some("2023年，本局认真贯彻落实《中华人民共和国政府信息公开条例》，全面推进政务公开。")
        );
        assert_eq!(
            i.draft.narrative[5].as_deref(),
            Some("本年度没有收取信息处理费。\n\n某县民政局\n\n2024年1月20日")
        );
    }
}

// ---------------------------------------------------------------------------------------------
// (b) One input per garbling.

#[test]
fn cells_split_over_lines_and_stray_pipes() {
    let data = data_2021();
    let text = render_2021(&data, Style::Lines).replace("\n\n", "\n|\n||\n");
    assert_reads(&imp(&text), &data);
}

#[test]
fn tab_indented_cells() {
    let data = data_2021();
    let text = render_2021(&data, Style::Tabs).replace("\t1.属于国家秘密", " \t1.属于国家秘密");
    assert_reads(&imp(&text), &data);
}

#[test]
fn labels_broken_across_lines() {
    let data = data_2021();
    let text = render_2021(&data, Style::Pipes)
        .replace("商业企业 |", "商业\n企业 |")
        .replace(
            "三、本年度办理结果 |",
            "三\n本\n年\n度\n办\n理\n结\n果\n三、本年度办理结果 |",
        )
        .replace("结果纠正 |", "结果\n纠正 |")
        .replace(
            "1.本机关不掌握相关政府信息 |",
            "1.本机关不掌握\n相关政府信息 |",
        );
    assert_reads(&imp(&text), &data);
}

#[test]
fn half_and_full_width_punctuation_and_digits() {
    let data = data_2021();
    let text = render_2021(&data, Style::Pipes)
        .replace("(本列数据", "（本列数据")
        .replace("（一）予以公开", "(一)予以公开")
        .replace(
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
        )
        .replace("396 |", "３９６ |")
        .replace("第二十条第(五)项", "第二十条第（五）项");
    assert_reads(&imp(&text), &data);
}

#[test]
fn doubled_header_text() {
    let data = data_2021();
    let text = render_2021(&data, Style::Pipes)
        .replace("本年处理决定数量 |", "本年处理决定数量 处理决定数量 |");
    let i = imp(&text);
    assert_eq!(i.template, Template::F2021);
    assert_reads(&i, &data);
}

#[test]
fn units_inside_cells() {
    let data = data_2021();
    let text = render_2021(&data, Style::Pipes)
        .replace("行政事业性收费 |\n1.5 |", "行政事业性收费 |\n1.5万元 |");
    assert_reads(&imp(&text), &data);
    // 元 in a 万元 column is not silently converted.
    let text = render_2021(&data, Style::Pipes)
        .replace("行政事业性收费 |\n1.5 |", "行政事业性收费 |\n15000元 |");
    let i = imp(&text);
    assert_eq!(value(&i, "proactive.admin_fees.fee_amount"), None);
    assert!(
        flag_of(&i, "proactive.admin_fees.fee_amount")
            .unwrap()
            .contains("15000元")
    );
    // 2019's purchase total is in 元.
    let text = report_2019("政府集中采购 |\n2 |\n251000元 |");
    let i = imp(&text);
    assert_eq!(
        value(&i, "proactive.central_procurement.purchase_amount"),
        Some(num("251000"))
    );
}

#[test]
fn several_zeros_in_one_cell() {
    let data = data_2021();
    let text = render_2021(&data, Style::Pipes).replace("行政强制 |\n0 |", "行政强制 |\n0 0 0 |");
    assert_reads(&imp(&text), &data);
    // Different numbers in a one-value cell are not chosen between.
    let text = render_2021(&data, Style::Pipes).replace("行政强制 |\n0 |", "行政强制 |\n0 4 0 |");
    let i = imp(&text);
    assert!(flag_of(&i, "proactive.coercion.decisions").is_some());
}

#[test]
fn blank_total_column_stays_blank() {
    let mut data = data_2021();
    for row in Template::F2021
        .def()
        .rows(SectionId::Requests)
        .map(|(_, r)| r.key)
        .collect::<Vec<_>>()
    {
        data.insert(format!("requests.{row}.total"), "");
    }
    let text = render_2021(&data, Style::Pipes).replace("\n |\n", "\n|\n");
    let i = imp(&text);
    assert!(i.flags.is_empty(), "{:#?}", i.flags);
    assert_eq!(value(&i, "requests.received.total"), None);
    assert_eq!(
        value(&i, "requests.received.natural_person"),
        Some(num("3"))
    );
    assert_eq!(value(&i, "requests.received.other_org"), Some(num("1")));
    assert_eq!(i.counts.blank, 25);
    assert_eq!(i.counts.inferred, 0);
}

/// A 2019 report in the pipe layout with a 2019 section 二 (with `procurement` as its last
/// block's text), merged section-三 rows, and a zero section 四.
fn report_2019(procurement: &str) -> String {
    let mut t = String::from(
        "一、总体情况\n2020年，本局认真做好政府信息公开工作，取得了较好成效。\n二、主动公开政府信息情况\n",
    );
    t.push_str("第二十条第(一)项 |\n信息内容 |\n本年新制作数量 |\n本年新公开数量 |\n对外公开总数量 |\n规章 |\n0 |\n0 |\n0 |\n规范性文件 |\n1 |\n1 |\n9 |\n");
    t.push_str("第二十条第(五)项 |\n信息内容 |\n上一年项目数量 |\n本年增/减 |\n处理决定数量 |\n行政许可 |\n12 |\n-2 |\n40 |\n其他对外管理服务事项 |\n0 |\n0 |\n0 |\n");
    t.push_str("第二十条第(六)项 |\n信息内容 |\n上一年项目数量 |\n本年增/减 |\n处理决定数量 |\n行政处罚 |\n3 |\n0 |\n5 |\n行政强制 |\n0 |\n0 |\n0 |\n");
    t.push_str("第二十条第(八)项 |\n信息内容 |\n上一年项目数量 |\n本年增/减 |\n行政事业性收费 |\n1 |\n0 |\n");
    t.push_str("第二十条第(九)项 |\n信息内容 |\n采购项目数量 |\n采购总金额 |\n");
    t.push_str(procurement);
    t.push('\n');
    t.push_str("三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) |\n申请人情况 | ||||||||\n");
    for (label, v) in [
        ("一、本年新收政府信息公开申请数量", 2),
        ("二、上年结转政府信息公开申请数量", 0),
        ("三、本年度办理结果 |\n(一)予以公开", 2),
        ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", 0),
        ("(三)不予公开 |\n1.属于国家秘密", 0),
        ("2.其他法律行政法规禁止公开", 0),
        ("3.危及“三安全一稳定”", 0),
        ("4.保护第三方合法权益", 0),
        ("5.属于三类内部事务信息", 0),
        ("6.属于四类过程性信息", 0),
        ("7.属于行政执法案卷", 0),
        ("8.属于行政查询事项", 0),
        ("(四)无法提供 |\n1.本机关不掌握相关政府信息", 0),
        ("2.没有现成信息需要另行制作", 0),
        ("3.补正后申请内容仍不明确", 0),
        ("(五)不予处理 |\n1.信访举报投诉类申请", 0),
        ("2.重复申请", 0),
        ("3.要求提供公开出版物", 0),
        ("4.无正当理由大量反复申请", 0),
        ("5.要求行政机关确认或重新出具已获取信息", 0),
        ("(六)其他处理", 0),
        ("(七)总计", 2),
        ("四、结转下年度继续办理", 0),
    ] {
        t.push_str(&format!("{label} |\n{v} | ||||||||\n"));
    }
    t.push_str("四、政府信息公开行政复议、行政诉讼情况\n行政复议 |\n行政诉讼 |\n");
    t.push_str(&"0 |\n".repeat(15));
    t.push_str("五、存在的主要问题及改进情况\n一是公开内容还不够全面，二是更新还不够及时。\n六、其他需要报告的事项\n无。\n");
    t
}

#[test]
fn merged_cells_one_number_per_row() {
    let i = imp(&report_2019("政府集中采购 |\n0 |\n0 |"));
    assert!(i.flags.is_empty(), "{:#?}", i.flags);
    assert_eq!(i.template, Template::F2019);
    assert_eq!(i.year, 2020);
    assert_eq!(i.draft.merged.len(), 23);
    assert_eq!(
        i.draft.merged[0],
        (
            "received",
            gongkai::draft::DraftCell {
                value: Some(num("2")),
                flag: None
            }
        )
    );
    assert_eq!(value(&i, "requests.received.natural_person"), None);
    assert_eq!(value(&i, "proactive.licensing.change"), Some(num("-2")));
    let rows = tidy_rows("x", i.year, i.template, &i.values(), &i.merged());
    assert!(rows.iter().any(|r| r.row_key == "handled_total"
        && r.column_key == "merged"
        && r.value == Some(num("2"))));
}

#[test]
fn whole_page_repeated_twice() {
    let data = data_2021();
    let once = render_2021(&data, Style::Pipes);
    let footer =
        "主办单位:某县人民政府 地址:某路1号\n某ICP备10000440号 政府网站标识码:1501050001\n";
    let i = imp(&format!("{once}{footer}{once}{footer}"));
    assert_reads(&i, &data);
    assert_eq!(i.counts.read, 200);
    assert_eq!(
        i.draft.narrative[0]
            .as_deref()
            .map(|t| t.matches("2023年").count()),
        Some(1)
    );
    assert!(i.notes.iter().any(|n| n.contains("appears twice")));
}

#[test]
fn site_headers_counters_and_footers() {
    let data = data_2021();
    let body = render_2021(&data, Style::Pipes);
    let text = format!(
        "首页 > 政务公开\n{}发布时间:2024-01-22   浏览次数:4234次   【字体:大 中 小】\n{}附件下载:\n相关链接:\n新公网安备65220102000010号 [新ICP备05001902号-2] 政府网站标识码:6522010001\n",
        body.lines().next().unwrap_or("").to_string() + "\n",
        body.split_once('\n').map_or("", |(_, rest)| rest)
    );
    let i = imp(&text);
    assert_reads(&i, &data);
    // The signature's date wins over the page header's.
    assert_eq!(
        i.published.map(|d| d.to_string()).as_deref(),
        Some("2024-01-20")
    );
    let all: String = i.draft.narrative.iter().flatten().cloned().collect();
    for chrome in ["浏览次数", "ICP", "附件下载", "相关链接", "首页"] {
        assert!(!all.contains(chrome), "{chrome}");
    }
}

#[test]
fn header_date_and_flattened_date() {
    let data = data_2021();
    let without_sig_date = render_2021(&data, Style::Pipes).replace("2024年1月20日\n", "");
    let i = imp(&format!(
        "发布时间:2024-01-22 浏览次数:12次\n{without_sig_date}"
    ));
    assert_eq!(
        i.published.map(|d| d.to_string()).as_deref(),
        Some("2024-01-22")
    );
    let i = imp(&format!("{without_sig_date}2024130\n"));
    assert_eq!(
        i.published.map(|d| d.to_string()).as_deref(),
        Some("2024-01-30")
    );
    // 2024111 is 1月11日 or 11月1日: blank and flagged.
    let i = imp(&format!("{without_sig_date}2024111\n"));
    assert_eq!(i.published, None);
    assert!(
        i.flags
            .iter()
            .any(|f| f.address == "published" && f.reason.contains("2 readings"))
    );
}

#[test]
fn stray_empty_cells() {
    let data = data_2021();
    // Seed 002: an extra blank cell in the middle of row （六）1.
    let text = render_2021(&data, Style::Lines).replace(
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\n\n0\n\n0\n\n0\n\n0\n\n0\n\n0\n\n",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\n\n0\n\n0\n\n0\n\n0\n\n0\n\n0\n\n \n\n",
    );
    assert!(text.contains("\n \n"));
    assert_reads(&imp(&text), &data);
}

#[test]
fn truncated_labels() {
    let data = data_2021();
    let text = render_2021(&data, Style::Pipes)
        .replace("社会公益组织 |", "社会公 |")
        .replace("法律服务机构 |", "法律服 |")
        .replace("现行有效件数 |", "现行有效件 |")
        .replace("本年制发件数 |", "本年制 |")
        .replace(
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "（二）部分公开（区分处理的",
        )
        .replace("行政规范性文件 |", "规范性文件 |");
    assert_reads(&imp(&text), &data);
}

#[test]
fn fee_row_without_label() {
    let data = data_2021();
    let text = render_2021(&data, Style::Pipes).replace("行政事业性收费 |\n1.5 |", "|\n1.5万元 |");
    let i = imp(&text);
    assert!(i.flags.is_empty(), "{:#?}", i.flags);
    assert_eq!(
        value(&i, "proactive.admin_fees.fee_amount"),
        Some(num("1.5"))
    );
    assert_eq!(i.counts.inferred, 1);
}

#[test]
fn html_input() {
    let data = data_2021();
    let text = render_2021(&data, Style::Pipes);
    let mut html = String::from("<html><head><style>td{color:red}</style></head><body>\n");
    let mut in_table = false;
    for line in text.lines() {
        match line.strip_suffix(" |") {
            Some(cell) => {
                if !in_table {
                    html.push_str("<table><tr>");
                    in_table = true;
                }
                html.push_str(&format!(
                    "<td><p>{}</p></td>\n",
                    cell.replace('“', "&ldquo;").replace('”', "&rdquo;")
                ));
            }
            None => {
                if in_table {
                    html.push_str("</tr></table>\n");
                    in_table = false;
                }
                html.push_str(&format!("<p>{}</p>\n", line.replace('&', "&amp;")));
            }
        }
    }
    html.push_str("</body></html>");
    let i = imp(&html);
    assert_reads(&i, &data);
    assert_eq!(
        i.published.map(|d| d.to_string()).as_deref(),
        Some("2024-01-20")
    );
}

// ---------------------------------------------------------------------------------------------
// (c) Flattened digit runs.

#[test]
fn flattened_run_with_one_reading_is_inferred() {
    let mut data = data_2021();
    // 12 · 3 · 0 · 0 · 0 · 0 · 15 received, all granted.
    for row in ["received", "granted", "handled_total"] {
        for (c, v) in [
            "natural_person",
            "business",
            "research",
            "public_interest",
            "legal_services",
            "other_org",
            "total",
        ]
        .iter()
        .zip(["12", "3", "0", "0", "0", "0", "15"])
        {
            data.insert(format!("requests.{row}.{c}"), v);
        }
    }
    for c in [
        "natural_person",
        "business",
        "research",
        "public_interest",
        "legal_services",
        "other_org",
        "total",
    ] {
        data.insert(format!("requests.carried_over.{c}"), "0");
        data.insert(format!("requests.carried_forward.{c}"), "0");
        data.insert(format!("requests.refused_query_matter.{c}"), "0");
    }
    let text = render_2021(&data, Style::Pipes).replace(
        "一、本年新收政府信息公开申请数量 |\n12 |\n3 |\n0 |\n0 |\n0 |\n0 |\n15 |\n",
        "一、本年新收政府信息公开申请数量123000015 |\n",
    );
    assert!(text.contains("数量123000015"));
    let i = imp(&text);
    assert_reads(&i, &data);
    assert_eq!(i.counts.inferred, 7);
    assert_eq!(i.counts.read, 193);
}

#[test]
fn flattened_run_with_two_readings_is_flagged() {
    let mut data = data_2021();
    // Reconsideration 1 · 10 · 0 · 0 · 11 and 11 · 0 · 0 · 0 · 11 both print 「1100011」.
    for (c, v) in ["upheld", "corrected", "other_result", "pending", "total"]
        .iter()
        .zip(["1", "10", "0", "0", "11"])
    {
        data.insert(format!("review.reconsideration.{c}"), v);
    }
    let mut text = render_2021(&data, Style::Pipes);
    let cut = text.find("复议后起诉 |").unwrap();
    let tail_start = text[cut..].find("1 |\n10 |").unwrap() + cut;
    let end = text.find("五、存在的主要问题").unwrap();
    text.replace_range(tail_start..end, "总计11000110001100000\n");
    let i = imp(&text);
    assert_eq!(i.counts.flagged, 15, "{:#?}", i.flags);
    let f = flag_of(&i, "review.reconsideration.upheld").unwrap();
    assert!(f.contains("2 readings fit"), "{f}");
    assert!(
        f.contains("1·10·0·0·11") && f.contains("11·0·0·0·11"),
        "{f}"
    );
    assert_eq!(value(&i, "review.litigation_direct.pending"), None);

    // Through the command: the draft is written, each cell flagged on stderr, exit 1.
    let dir = temp_dir("two-readings");
    let input = dir.join("report.txt");
    std::fs::write(&input, &text).unwrap();
    let (code, _, err) = run_cli(&ImportArgs {
        files: vec![input.clone()],
        agency: Some("some-agency".into()),
        year: None,
        output: Some(dir.join("out")),
        format: ImportFormat::Report,
        root: dir.clone(),
        html: Vec::new(),
        explain: false,
    });
    assert_eq!(code, 1, "{err}");
    let line = text
        .lines()
        .position(|l| l.starts_with("总计1100"))
        .unwrap()
        + 1;
    let expected = format!(
        "{}:{line}: cell review.reconsideration.upheld: could not split \"11000110001100000\": 2 readings fit (",
        input.display()
    );
    assert!(err.contains(&expected), "{err}");
    assert!(err.contains("imported some-agency 2023 (template 2021): 185 cells read, 0 inferred, 15 need a person"), "{err}");
    let written = std::fs::read_to_string(dir.join("out/some-agency/2023.md")).unwrap();
    assert!(written.contains("reconsideration:") && written.contains("⚠ CHECK"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn flattened_run_without_a_rule_is_flagged() {
    // Section 二 has no sum rule: 「行政许可3960181」 in 2019 cannot be split with certainty.
    let text = report_2019("政府集中采购 |\n0 |\n0 |")
        .replace("行政许可 |\n12 |\n-2 |\n40 |", "行政许可3960181 |");
    let i = imp(&text);
    for c in ["previous_items", "change", "decisions"] {
        let f = flag_of(&i, &format!("proactive.licensing.{c}")).unwrap();
        assert!(
            f.contains("could not split \"3960181\"") && f.contains("readings fit"),
            "{f}"
        );
        assert_eq!(value(&i, &format!("proactive.licensing.{c}")), None);
    }
    // A run of zeros can only be cut one way.
    let text = report_2019("政府集中采购 |\n0 |\n0 |").replace(
        "其他对外管理服务事项 |\n0 |\n0 |\n0 |",
        "其他对外管理服务事项000 |",
    );
    let i = imp(&text);
    assert!(i.flags.is_empty(), "{:#?}", i.flags);
    assert_eq!(i.counts.inferred, 3);
}

#[test]
fn a_row_missing_a_number_is_flagged_not_shifted() {
    let data = data_2021();
    let text = render_2021(&data, Style::Lines).replace(
        "一、本年新收政府信息公开申请数量\n\n3\n\n1\n\n",
        "一、本年新收政府信息公开申请数量\n\n31\n\n",
    );
    let i = imp(&text);
    for c in ["natural_person", "business", "total"] {
        assert_eq!(value(&i, &format!("requests.received.{c}")), None);
        assert!(flag_of(&i, &format!("requests.received.{c}")).is_some());
    }
}

// ---------------------------------------------------------------------------------------------
// (d) Not a report; the command's refusals.

fn run_cli(args: &ImportArgs) -> (i32, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = run_with(args, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

fn args_for(file: &Path, format: ImportFormat) -> ImportArgs {
    ImportArgs {
        files: vec![file.to_path_buf()],
        agency: Some("some-agency".into()),
        year: None,
        output: Some(file.with_extension("out")),
        format,
        root: file.parent().unwrap_or(Path::new(".")).to_path_buf(),
        html: Vec::new(),
        explain: false,
    }
}

#[test]
fn not_a_report() {
    assert_eq!(
        import("", &ImportOptions::default()).err(),
        Some(ImportError::NotAReport)
    );
    assert_eq!(
        import(
            "今天天气很好。\n我们去公园散步。\n",
            &ImportOptions::default()
        )
        .err(),
        Some(ImportError::NotAReport)
    );
    let dir = temp_dir("not-a-report");
    let file = dir.join("poem.txt");
    std::fs::write(&file, "床前明月光\n疑是地上霜\n").unwrap();
    let (code, out, err) = run_cli(&args_for(&file, ImportFormat::Csv));
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.starts_with("error: ") && err.contains("does not look like"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn no_template_and_no_year() {
    let text = "一、总体情况\n2023年，本局做好公开工作。\n二、主动公开政府信息情况\n无。\n五、存在的主要问题及改进情况\n无。\n";
    assert_eq!(
        import(text, &ImportOptions::default()).err(),
        Some(ImportError::NoTemplate)
    );
    let data = data_2021();
    let text = render_2021(&data, Style::Pipes)
        .replace("2023年", "本年")
        .replace("2024年1月20日", "");
    assert_eq!(
        import(&text, &ImportOptions::default()).err(),
        Some(ImportError::NoYear)
    );
    let i = import(
        &text,
        &ImportOptions {
            agency: None,
            year: Some(2023),
        },
    )
    .unwrap();
    assert_eq!(i.year, 2023);
}

#[test]
fn command_refusals() {
    let dir = temp_dir("refusals");
    let data = data_2021();
    let file = dir.join("report.txt");
    std::fs::write(&file, render_2021(&data, Style::Pipes)).unwrap();

    // Not UTF-8.
    let gbk = dir.join("gbk.txt");
    std::fs::write(&gbk, [0xd5u8, 0xfe, 0xb8, 0xae, 0x0a]).unwrap();
    let (code, _, err) = run_cli(&args_for(&gbk, ImportFormat::Csv));
    assert_eq!(code, 2);
    assert!(err.contains("not UTF-8"), "{err}");

    // Too large.
    let big = dir.join("big.txt");
    std::fs::write(&big, vec![b'a'; 5 * 1024 * 1024 + 1]).unwrap();
    let (code, _, err) = run_cli(&args_for(&big, ImportFormat::Csv));
    assert_eq!(code, 2);
    assert!(err.contains("MB"), "{err}");

    // No --agency for a report file.
    let mut args = args_for(&file, ImportFormat::Report);
    args.agency = None;
    let (code, _, err) = run_cli(&args);
    assert_eq!(code, 2);
    assert!(
        err.contains("--agency ID is required") && err.contains("某县民政局"),
        "{err}"
    );

    // An agency id that is not a slug never becomes a path.
    args.agency = Some("../evil".into());
    let (code, _, _) = run_cli(&args);
    assert_eq!(code, 2);
    assert!(!dir.join("evil").exists());

    // Written once, then refused.
    let args = args_for(&file, ImportFormat::Report);
    let (code, out, err) = run_cli(&args);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains(
            "imported some-agency 2023 (template 2021): 200 cells read, 0 inferred, 0 need a person"
        ),
        "{err}"
    );
    let (code, _, err) = run_cli(&args);
    assert_eq!(code, 2);
    assert!(err.contains("refusing to overwrite"), "{err}");

    // CSV: tidy rows on stdout, nothing written.
    let mut args = args_for(&file, ImportFormat::Csv);
    args.output = Some(dir.join("csv-out"));
    let (code, out, _) = run_cli(&args);
    assert_eq!(code, 0);
    assert!(out.starts_with(
        "agency_id,year,template,section,row_key,row_label,column_key,column_label,value\n"
    ));
    assert!(out.contains(
        "some-agency,2023,2021,proactive,licensing,行政许可,decisions,本年处理决定数量,396\n"
    ));
    assert_eq!(out.lines().count(), 201);
    assert!(!dir.join("csv-out").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------------
// Never a wrong number without a flag: damage the text and check every unflagged value.

/// Import `text` and check that every cell that carries a value and no flag holds the value of
/// `data`. Returns whether the import succeeded.
fn no_silent_errors(text: &str, data: &HashMap<String, &str>, what: &str) -> bool {
    let Ok(i) = import(text, &opts("x")) else {
        return false;
    };
    for c in i.template.def().cells() {
        let cell = &i.draft.cells[cell_index(i.template, &c.address())];
        if let (Some(v), None) = (cell.value, &cell.flag) {
            assert_eq!(
                Some(v),
                Number::parse(data[&c.address()]).ok(),
                "{what}: {} written without a flag",
                c.address()
            );
        }
    }
    true
}

#[test]
fn deleting_or_doubling_any_line_never_writes_a_wrong_number() {
    let mut data = data_2021();
    // Distinct values make a shifted cell visible.
    for (k, v) in [
        ("proactive.regulations.issued", "4"),
        ("proactive.regulations.repealed", "6"),
        ("proactive.regulations.in_force", "8"),
        ("proactive.coercion.decisions", "9"),
        ("review.reconsideration.upheld", "2"),
        ("review.reconsideration.corrected", "3"),
        ("review.reconsideration.total", "5"),
    ] {
        data.insert(k.to_string(), v);
    }
    for style in [Style::Pipes, Style::Tabs, Style::Lines] {
        let text = render_2021(&data, style);
        let lines: Vec<&str> = text.lines().collect();
        for i in 0..lines.len() {
            let mut deleted = lines.clone();
            deleted.remove(i);
            no_silent_errors(
                &deleted.join("\n"),
                &data,
                &format!("without line {}", i + 1),
            );
            // Doubling is tried in one layout only, to keep the suite quick.
            if style != Style::Pipes {
                continue;
            }
            let mut doubled = lines.clone();
            doubled.insert(i, lines[i]);
            no_silent_errors(
                &doubled.join("\n"),
                &data,
                &format!("line {} doubled", i + 1),
            );
        }
    }
}

#[test]
fn garbage_never_panics() {
    // A small linear congruential generator: deterministic, no dependency.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let alphabet: Vec<&str> = vec![
        "0",
        "1",
        "9",
        "12",
        ".",
        "、",
        "|",
        "\t",
        "\n",
        " ",
        "万元",
        "元",
        "一、总体情况",
        "二、主动公开政府信息情况",
        "第二十条第(一)项",
        "本年制发件数",
        "规章",
        "行政许可",
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量",
        "（七）总计",
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议",
        "五、存在的主要问题及改进情况",
        "2023年",
        "<td>",
        "&#x",
        "&",
        ";",
        "<",
        "（",
        "-",
        "２",
    ];
    for _ in 0..3000 {
        let n = next() % 200;
        let text: String = (0..n).map(|_| alphabet[next() % alphabet.len()]).collect();
        let _ = import(&text, &ImportOptions::default());
    }
}

#[test]
fn template_from_headers_not_year() {
    // A 2022 report on the 2019 tables (FORMAT.md §8) stays a 2019-template report.
    let text = report_2019("政府集中采购 |\n0 |\n0 |").replace("2020年", "2022年");
    let i = imp(&text);
    assert_eq!((i.year, i.template), (2022, Template::F2019));
    assert!(i.flags.is_empty(), "{:#?}", i.flags);
}

#[test]
fn missing_and_misspelled_headings() {
    let data = data_2021();
    let text = render_2021(&data, Style::Pipes)
        .replace("三、收到和处理政府信息公开申请情况\n", "")
        .replace(
            "四、政府信息公开行政复议、行政诉讼情况",
            "四、政府信息公开行政法复议、行政诉讼情况",
        );
    let i = imp(&text);
    assert_reads(&i, &data);
    assert_eq!(i.draft.narrative[2], None);
    assert_eq!(i.draft.narrative[3].as_deref(), Some(""));
}

#[test]
fn totals_that_do_not_add_up_are_kept_as_published() {
    // The agency's own inconsistency is the checker's business, not the importer's.
    let mut data = data_2021();
    data.insert("requests.handled_total.total".into(), "7");
    let i = imp(&render_2021(&data, Style::Pipes));
    assert_reads(&i, &data);
}

#[test]
fn fully_flattened_tables() {
    let data = data_2021();
    let text = render_2021(&data, Style::Flat);
    assert!(
        text.contains("一、本年新收政府信息公开申请数量3100015二、"),
        "{text}"
    );
    let i = imp(&text);
    assert!(no_silent_errors(&text, &data, "flat"));
    // Section 三 rows and section 四 are recovered by the sum rules or forced cuts.
    for row in [
        "received",
        "carried_over",
        "granted",
        "handled_total",
        "carried_forward",
    ] {
        assert_eq!(
            value(&i, &format!("requests.{row}.natural_person")),
            Number::parse(data[&format!("requests.{row}.natural_person")]).ok(),
            "{row}"
        );
    }
    assert_eq!(
        value(&i, "review.litigation_direct.pending"),
        Some(num("1"))
    );
    // Section 二 has no rule: 「规章000」 is forced, 「行政规范性文件2017」 is not.
    assert_eq!(value(&i, "proactive.regulations.issued"), Some(num("0")));
    assert!(flag_of(&i, "proactive.normative_documents.in_force").is_some());
    eprintln!("flat: {:?}", i.counts);
}

#[test]
fn a_label_followed_by_a_note_is_not_a_missing_label() {
    let data = data_2021();
    let text = render_2021(&data, Style::Pipes)
        .replace("行政事业性收费 |\n1.5 |", "行政事业性收费 |\n注 |\n1 |");
    let i = imp(&text);
    assert_eq!(value(&i, "proactive.admin_fees.fee_amount"), None);
    assert!(flag_of(&i, "proactive.admin_fees.fee_amount").is_some());
}

#[test]
fn explicit_empty_cells_give_positions() {
    let data = data_2021();
    // Zeros left blank in a pipe layout: 「3 | 1 | | | | 1 | 5」.
    let text = render_2021(&data, Style::Pipes).replace(
        "一、本年新收政府信息公开申请数量 |\n3 |\n1 |\n0 |\n0 |\n0 |\n1 |\n5 |",
        "一、本年新收政府信息公开申请数量 |\n3 |\n1 |\n|\n|\n|\n1 |\n5 |",
    );
    let i = imp(&text);
    assert!(i.flags.is_empty(), "{:#?}", i.flags);
    assert_eq!(value(&i, "requests.received.research"), None);
    assert_eq!(value(&i, "requests.received.other_org"), Some(num("1")));
    assert_eq!(value(&i, "requests.received.total"), Some(num("5")));
    // Without explicit separators the same gap is not guessed at.
    let text = render_2021(&data, Style::Lines).replace(
        "一、本年新收政府信息公开申请数量\n\n3\n\n1\n\n0\n\n0\n\n0\n\n",
        "一、本年新收政府信息公开申请数量\n\n3\n\n1\n\n",
    );
    let i = imp(&text);
    assert!(flag_of(&i, "requests.received.total").is_some());
}

#[test]
fn prose_after_a_table_stays_in_its_section() {
    let data = data_2021();
    let text = render_2021(&data, Style::Pipes).replace(
        "\n五、存在的主要问题",
        "\n本年度发生行政诉讼1起，尚未审结。\n五、存在的主要问题",
    );
    let i = imp(&text);
    assert_reads(&i, &data);
    assert_eq!(
        i.draft.narrative[3].as_deref(),
        Some("本年度发生行政诉讼1起，尚未审结。")
    );
}

// ---------------------------------------------------------------------------------------------
// Batch import, the page's HTML as evidence, --explain (on the real archived corpus)

fn corpus(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus")
        .join(rel)
}

fn gongkai(args: &[&std::ffi::OsStr]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_folder_imports_as_a_batch_with_one_summary_table() {
    let dir = std::env::temp_dir().join(format!("gongkai-batch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["012_pingtan-shs-2023.txt", "203_pingtan-jtj-2021.txt"] {
        std::fs::copy(corpus(&format!("raw/{name}")), dir.join(name)).unwrap();
    }
    let (code, err) = gongkai(&[
        "import".as_ref(),
        dir.as_os_str(),
        "--format".as_ref(),
        "csv".as_ref(),
    ]);
    // 012's 规范性文件 「2120」 has three readings: the batch exits 1, as its worst file.
    assert_eq!(code, 1, "{err}");
    let header = err
        .lines()
        .find(|l| l.starts_with("file "))
        .unwrap_or_else(|| panic!("no summary table:\n{err}"));
    for column in ["read", "inferred", "decided", "flagged", "blank", "status"] {
        assert!(header.contains(column), "{header}");
    }
    let row = |name: &str| {
        err.lines()
            .find(|l| l.contains(name) && !l.contains(": "))
            .unwrap_or_else(|| panic!("no row for {name}:\n{err}"))
            .to_string()
    };
    assert!(
        row("203_pingtan-jtj-2021").trim_end().ends_with(" 0"),
        "{err}"
    );
    assert!(
        row("012_pingtan-shs-2023").trim_end().ends_with(" 1"),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.starts_with("total") && l.contains("1 of 2 with exit 0")),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_pages_html_decides_what_the_text_left_flagged() {
    let dir = std::env::temp_dir().join(format!("gongkai-html-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let raw = corpus("raw/012_pingtan-shs-2023.txt");
    let html = corpus("html/012_pingtan-shs-2023.html");
    let (code, err) = gongkai(&[
        "import".as_ref(),
        raw.as_os_str(),
        "--agency".as_ref(),
        "pingtan-shs".as_ref(),
        "--output".as_ref(),
        dir.as_os_str(),
        "--html".as_ref(),
        html.as_os_str(),
    ]);
    assert_eq!(code, 0, "{err}");
    let report = std::fs::read_to_string(dir.join("pingtan-shs/2023.md")).unwrap();
    // The HTML's cells read 2 · 12 · 0 where the text ran them together as 「2120」.
    assert!(
        report.contains("normative_documents: [2, 12, 0]"),
        "{}",
        report
            .lines()
            .filter(|l| l.contains("normative"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        report.contains("依据原网页 HTML 表格的单元格确定"),
        "the note says so"
    );
    assert!(
        report.contains("行政规范性文件（本年废止件数）"),
        "and names the cells"
    );
    assert!(report.contains("archive: "), "the archive record is kept");
    assert!(
        report.contains("source_url: https://www.pingtan.gov.cn/"),
        "and the address"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn explain_shows_the_text_a_flagged_cell_came_from() {
    let raw = corpus("raw/012_pingtan-shs-2023.txt");
    let (code, err) = gongkai(&[
        "import".as_ref(),
        raw.as_os_str(),
        "--format".as_ref(),
        "csv".as_ref(),
        "--explain".as_ref(),
    ]);
    assert_eq!(code, 1, "{err}");
    let at = err
        .find("cell proactive.normative_documents.issued: could not split \"2120\": 3 readings fit (2·1·20, 2·12·0, 21·2·0)")
        .unwrap_or_else(|| panic!("{err}"));
    let next = err[at..].lines().nth(1).unwrap();
    assert!(next.trim_start().starts_with("text: "), "{next}");
    assert!(next.contains("规范性文件【2120】第二十条"), "{next}");
}

#[test]
fn a_batch_finds_each_files_agency_by_name_and_former_name() {
    let site = std::env::temp_dir().join(format!("gongkai-names-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(site.join("content/agencies")).unwrap();
    let agency =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content/agencies/pingtan-gyz.yaml");
    std::fs::copy(&agency, site.join("content/agencies/pingtan-gyz.yaml")).unwrap();
    let inputs = site.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    // 2023 is signed 国有资产管理局 (the former name), 2025 投资促进局 (the name).
    for name in ["305_pingtan-gyz-2023.txt", "307_pingtan-gyz-2025.txt"] {
        std::fs::copy(corpus(&format!("raw/{name}")), inputs.join(name)).unwrap();
    }
    let (_, err) = gongkai(&[
        "import".as_ref(),
        inputs.as_os_str(),
        "--root".as_ref(),
        site.as_os_str(),
    ]);
    for year in [2023, 2025] {
        assert!(
            site.join(format!("content/reports/pingtan-gyz/{year}.md"))
                .is_file(),
            "{year}: {err}"
        );
    }
    let _ = std::fs::remove_dir_all(&site);
}
