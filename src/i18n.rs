//! Every string of the user interface, in Chinese and English, in one place.
//!
//! Templates read them as `t.<key>`. The official labels of the national templates are not
//! here: they come from the catalogue and are shown in Chinese in both languages.

use std::collections::BTreeMap;

use crate::config::Language;

/// (key, 中文, English)
static STRINGS: &[(&str, &str, &str)] = &[
    ("skip_to_content", "跳到正文", "Skip to content"),
    ("nav_home", "首页", "Home"),
    ("nav_years", "年度比较", "Years"),
    ("nav_regions", "地区", "Regions"),
    ("nav_quality", "数据质量", "Data quality"),
    ("nav_about", "方法说明", "Method"),
    ("nav_search", "搜索", "Search"),
    ("nav_data", "数据下载", "Data"),
    (
        "search_placeholder",
        "机关、地区或正文词语",
        "Agency, place or a phrase",
    ),
    ("search_label", "搜索报告", "Search reports"),
    ("search_button", "搜索", "Search"),
    ("search_no_results", "没有找到结果。", "No results."),
    (
        "search_too_short",
        "请至少输入两个字。",
        "Type at least two characters.",
    ),
    ("search_count", "找到 {n} 份报告。", "{n} reports found."),
    // The same for exactly one result: English agrees in number, Chinese has one form.
    ("search_count_one", "找到 1 份报告。", "1 report found."),
    ("search_more", "更多结果", "More results"),
    ("search_year", "年度", "Year"),
    ("search_all_years", "全部年度", "All years"),
    ("search_region", "地区", "Region"),
    ("search_all_regions", "全部地区", "All regions"),
    (
        "search_filters",
        "按年度和地区筛选",
        "Narrow by year and region",
    ),
    (
        "search_error",
        "搜索索引无法加载，请稍后再试。",
        "The search index could not be loaded; please try again later.",
    ),
    (
        "search_hint",
        "可搜索机关名称、地区和报告正文，例如：依申请公开、行政复议、信息处理费。",
        "Search agency names, places and the text of the reports, e.g. 依申请公开, 行政复议, 信息处理费.",
    ),
    (
        "search_needs_js",
        "搜索需要浏览器启用 JavaScript。也可以按地区或年度浏览。",
        "Search needs JavaScript. You can also browse by region or year.",
    ),
    ("blank", "空白", "blank"),
    ("none", "—", "—"),
    ("agency", "机关", "Agency"),
    ("agencies", "机关", "Agencies"),
    ("region", "地区", "Region"),
    ("level", "层级", "Level"),
    ("kind", "类型", "Kind"),
    ("year", "年度", "Year"),
    ("years", "年度", "Years"),
    ("years_covered", "报告年度", "Years covered"),
    ("former_names", "曾用名", "Former names"),
    ("archive", "存档副本", "Archived copy"),
    ("latest", "最近一年", "Latest year"),
    ("reports", "报告", "Reports"),
    ("report", "报告", "Report"),
    ("published", "发布日期", "Published"),
    ("not_stated", "未注明", "not stated"),
    ("deadline", "法定截止日期", "Statutory deadline"),
    ("source", "原文链接", "Source"),
    ("template", "格式", "Template"),
    ("template_2019", "2019年试行格式", "2019 trial format"),
    ("template_2021", "2021年格式", "2021 format"),
    ("all", "全部", "All"),
    ("filter", "筛选", "Filter"),
    (
        "sort_hint",
        "点击表头可排序。",
        "Click a column heading to sort.",
    ),
    ("totals_by_year", "各年度合计", "Totals by year"),
    (
        "totals_note",
        "合计只计入该项不为空白的报告；括号内为计入的报告数。",
        "Totals count only the reports where the figure is not blank; the number of reports counted is in brackets.",
    ),
    ("agency_list", "机关一览", "All agencies"),
    ("key_figures", "主要数据", "Key figures"),
    ("charts", "图表", "Charts"),
    ("chart_data", "图表数据", "Chart data"),
    (
        "single_year_note",
        "该机关目前只有一年的报告，图表仅显示这一年。",
        "This agency has one report so far; the charts show that year only.",
    ),
    ("download", "下载数据", "Download the data"),
    ("download_report", "本报告数据", "This report's data"),
    (
        "download_agency",
        "本机关各年指标",
        "This agency's measures, all years",
    ),
    ("flags", "数据质量提示", "Data-quality flags"),
    (
        "no_flags",
        "检查未发现问题。",
        "The checks found nothing to flag.",
    ),
    (
        "flag_declared",
        "贡献者注明：原报告即如此",
        "Declared by the contributor: as published",
    ),
    (
        "as_published_note",
        "表格按机关发布的原样转录：空白保留为空白，机关自身的不一致保留并标注。",
        "Tables are transcribed exactly as the agency published them: blank stays blank, and the agency's own inconsistencies are kept and flagged.",
    ),
    (
        "cell_source_note",
        "把鼠标停在表格单元格上可看到它在报告文件中的行和列：",
        "Hover over a table cell to see its line and column in the report file:",
    ),
    ("transcription_note", "转录说明", "Transcription note"),
    (
        "copied_message",
        "{section}：{share}%的文字也见于{other}（不少于20字的相同段落，数字不计）",
        "{section}: {share}% of its text is also in {other} (passages of 20 characters or more, numbers aside)",
    ),
    (
        "copied_own",
        "本机关{year}年的报告",
        "the agency's own {year} report",
    ),
    (
        "copied_other",
        "{name}{year}年的报告",
        "the {year} report of {name}",
    ),
    ("copied_compare", "并排对照", "Compare side by side"),
    ("copied_title", "内容雷同对照", "Copied text, side by side"),
    (
        "copied_legend",
        "标记的是两份报告同一章节中都有的、不少于20字的相同段落；比较时不计空白，每一串数字只算一个字，所以只改了年份或数字的段落仍算相同。",
        "Marked: passages of 20 characters or more that the same section of both reports holds. White space is ignored and every run of digits counts as one character, so a passage that only changed a year or a figure still counts as shared.",
    ),
    ("copied_share", "雷同比例", "Share also in the other report"),
    (
        "copied_chars",
        "相同段落覆盖的字数",
        "Characters in shared passages",
    ),
    ("copied_this", "本报告", "This report"),
    ("copied_source", "另一份报告", "The other report"),
    ("copied_section", "章节", "Section"),
    ("copied_with", "相比的报告", "Compared with"),
    (
        "copied_ranking",
        "文字雷同比例最高的章节",
        "Sections with the most text also found in another report",
    ),
    (
        "copied_ranking_note",
        "每个章节只与相同段落最多的一份报告比较：本机关以前年度的报告，或其他机关同一年度的报告。达到警告比例的可并排对照。",
        "Each section is compared with the one report that shares most with it: the agency's own earlier report, or another agency's report of the same year. Those over the warning threshold can be compared side by side.",
    ),
    (
        "copied_none",
        "本年度没有发现雷同的章节。",
        "No copied sections found this year.",
    ),
    (
        "section_missing",
        "（原报告缺少此部分）",
        "(section missing in the original · 原报告缺少此部分)",
    ),
    ("view_reports", "查看报告", "View report"),
    ("ranking", "排名", "Ranking"),
    (
        "ranking_capped",
        "按本年新收申请数量列出前若干个机关，完整数据见数据下载：",
        "The agencies with most requests received are listed; the data download holds them all:",
    ),
    (
        "by_province_note",
        "机关较多，按省级地区列出；点击地区查看其机关。",
        "There are many agencies: they are listed by province; open a region to see its agencies.",
    ),
    ("compare_year", "各机关比较", "Agencies compared"),
    (
        "region_compare",
        "本地区机关比较",
        "Agencies of this region compared",
    ),
    ("subregions", "下级地区", "Sub-regions"),
    ("all_regions", "全部地区", "All regions"),
    (
        "quality_intro",
        "以下是对全部报告进行检查的结果。每条规则都注明了它在国家格式中的出处。机关自身的不一致按原样发布并在此标注；无法核对的规则（因为单元格空白）也列出。",
        "These are the findings of the checks over every report. Each rule names its source in the national format. Agencies' own inconsistencies are published as they are and flagged here; rules that could not be applied (blank cells) are listed too.",
    ),
    ("by_rule", "按规则", "By rule"),
    ("by_agency", "按机关", "By agency"),
    ("rule", "规则", "Rule"),
    ("findings", "问题", "Findings"),
    ("count", "数量", "Count"),
    ("cell", "单元格", "Cell"),
    ("message", "说明", "Message"),
    ("severity_warning", "提示", "Flag"),
    ("severity_info", "无法核对", "Not checkable"),
    ("rule_source", "出处", "Source"),
    ("none_found", "未发现。", "None found."),
    ("late", "逾期", "late"),
    ("early", "提前", "early"),
    ("days", "天", "days"),
    ("on_time", "按时", "on time"),
    ("measures", "衍生指标", "Derived measures"),
    ("not_found_title", "页面不存在", "Page not found"),
    (
        "not_found_text",
        "没有找到这个页面。",
        "There is no page at this address.",
    ),
    ("back_home", "返回首页", "Back to the home page"),
    ("feed", "订阅（Atom）", "Feed (Atom)"),
    (
        "generated_by",
        "由 gongkai 生成；数据来自各机关公开发布的年度报告。",
        "Built by gongkai from the annual reports the agencies published.",
    ),
    ("license", "数据许可", "Data licence"),
    ("section_tables", "表格", "Tables"),
    ("applicant_types", "申请人类型", "Applicant type"),
    ("outcomes", "办理结果", "Outcome"),
    (
        "chart_requests_by_applicant",
        "本年新收申请（按申请人）",
        "New requests by applicant",
    ),
    ("chart_outcomes", "办理结果", "Outcomes"),
    (
        "chart_cases",
        "行政复议和行政诉讼（按结果）",
        "Reconsideration and lawsuits by result",
    ),
    (
        "chart_proactive",
        "主动公开：文件与处理决定",
        "Proactive disclosure: documents and decisions",
    ),
    (
        "chart_fees",
        "行政事业性收费（万元）",
        "Administrative fees (10,000 yuan)",
    ),
    (
        "chart_year_received",
        "本年新收申请最多的机关",
        "Agencies receiving the most requests",
    ),
    (
        "chart_year_granted",
        "公开率最高的机关（办理10件以上）",
        "Highest share granted (10+ requests handled)",
    ),
    ("unit_items", "件", "items"),
    ("unit_wan_yuan", "万元", "10,000 yuan"),
    ("received", "本年新收", "Received"),
    ("handled", "办理", "Handled"),
    ("cases", "复议诉讼", "Cases"),
    ("upheld", "维持", "Upheld"),
    ("corrected", "纠正", "Corrected"),
    ("other_result", "其他", "Other"),
    ("pending", "尚未审结", "Pending"),
    ("granted", "予以公开", "Granted"),
    ("partly_granted", "部分公开", "Partly granted"),
    ("refused", "不予公开", "Refused"),
    ("unavailable", "无法提供", "Cannot provide"),
    ("not_processed", "不予处理", "Not processed"),
    ("other_handling", "其他处理", "Other handling"),
    ("documents_issued", "制发文件", "Documents issued"),
    ("licensing_decisions", "行政许可决定", "Licensing decisions"),
    ("penalty_decisions", "行政处罚决定", "Penalty decisions"),
    ("fees", "行政事业性收费", "Administrative fees"),
    (
        "data_intro",
        "本站全部数据均可下载，供表格软件、统计软件和数据库使用。数字按机关发布的原样转录：空白保留为空白（不是 0）。",
        "All the data of this site can be downloaded for spreadsheets, statistics software and databases. Numbers are transcribed as the agencies published them: blank stays blank (never 0).",
    ),
    (
        "data_excel_note",
        "CSV 文件为带字节顺序标记（BOM）的 UTF-8 编码，Excel 可直接打开并正确显示中文；其他软件会自动忽略该标记。数字列只含数字，空白单元格为空。",
        "CSV files are UTF-8 with a byte-order mark (BOM), so that Excel opens them with the Chinese text intact; other tools skip the mark. Number columns hold only numbers; blank cells are empty.",
    ),
    (
        "data_stability",
        "数据格式版本：{version}。列只会追加；改名、删除或调整列的顺序都会提高主版本号，并在 datapackage.json 中说明。",
        "Data format version: {version}. Columns are only appended; renaming, removing or reordering one raises the major version, noted in datapackage.json.",
    ),
    ("data_tables", "数据表", "Tables"),
    ("data_columns", "列", "Columns"),
    ("data_column", "列名", "Column"),
    ("data_type", "类型", "Type"),
    ("data_description", "说明", "Description"),
    ("data_primary_key", "主键", "Primary key"),
    ("data_other_files", "其他文件", "Other files"),
    (
        "data_reports_json",
        "全部报告的 JSON：元数据、按 表格→行→列 排列的数值（空白为 null）和每份报告的数据质量检查结果。",
        "All reports as JSON: metadata, the tables keyed section → row → column (blank is null) and each report's data-quality findings.",
    ),
    (
        "data_datapackage",
        "Frictionless 数据包描述：每个 CSV 的字段类型、中英文说明、主键、外键、许可和来源，可用 frictionless validate 校验。",
        "The Frictionless Data Package: for each CSV its field types, descriptions in Chinese and English, primary and foreign keys, the licence and the sources; check it with frictionless validate.",
    ),
    (
        "data_slices",
        "每份报告和每个机关另有自己的数据文件，链接在报告页和机关页上，例如：",
        "Each report and each agency also has its own data file, linked from its page, for example:",
    ),
    (
        "data_slice_report",
        "一份报告：CSV 为其单元格（同 cells.csv），JSON 为其在 reports.json 中的一行",
        "One report: the CSV holds its cells (as in cells.csv), the JSON its line of reports.json",
    ),
    (
        "data_slice_agency",
        "一个机关各年的派生指标（CSV，即 measures.csv 中该机关的各行）",
        "One agency, all years: its derived measures (CSV, its rows of measures.csv)",
    ),
    (
        "data_sqlite",
        "用命令行可把同样的数据写成 SQLite 数据库（每个 CSV 一张表，列、类型和索引相同），供 sqlite3 或 Datasette 查询：",
        "The command line writes the same data as an SQLite database (one table per CSV, with the same columns, types and indexes) for sqlite3 or Datasette:",
    ),
    ("peers_heading", "同级机关比较", "Compared with peers"),
    ("peers_value", "本机关", "This agency"),
    ("peers_median", "中位数", "Median"),
    (
        "peers_quartiles",
        "四分位（下—上）",
        "Quartiles (lower–upper)",
    ),
    ("peers_to", "至", "to"),
    ("peers_rank", "排名", "Rank"),
    ("peers_blank", "空白", "Blank"),
    ("peers_rank_of", "第 {k} / {total}", "{k} of {total}"),
    ("peers_blank_count", "{m} 家", "{m}"),
    ("peers_count", "共 {total} 家", "{total} agencies"),
    ("peers_nationwide", "全国", "Nationwide"),
    (
        "peers_note",
        "同年度、同层级、同类型的机关；同一地区有至少 5 家时只比较该地区。排名按数值从大到小，并列取同一名次；该项空白的机关不计入统计，单独计数。",
        "Agencies of the same year, level and kind; of the same region where it has at least 5. Rank 1 is the largest value, ties share a rank; agencies that left the measure blank are left out of the statistics and counted.",
    ),
    ("synthetic_notice", "", ""),
];

/// The strings of one language, keyed, for templates.
pub fn strings(language: Language) -> BTreeMap<&'static str, &'static str> {
    STRINGS
        .iter()
        .map(|(k, zh, en)| {
            (
                *k,
                if language == Language::English {
                    *en
                } else {
                    *zh
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_count_has_its_singular() {
        for (key, _, en) in super::STRINGS.iter().filter(|s| s.2.contains("{n}")) {
            let one = format!("{key}_one");
            let singular = super::STRINGS.iter().find(|s| s.0 == one);
            assert!(
                singular.is_some_and(|s| s.2.starts_with("1 ") && !s.2.contains("{n}")),
                "{key}: {en} needs a `{one}` form for exactly one"
            );
        }
    }

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<&str> = super::STRINGS.iter().map(|s| s.0).collect();
        let n = keys.len();
        keys.sort();
        keys.dedup();
        assert_eq!(n, keys.len());
    }
}
