//! The open data files under `/data/`: what each table holds, column by column, defined once.
//!
//! The same [`TableDef`]s write the CSV files, describe them in `datapackage.json` (Frictionless
//! Table Schema) and create the SQLite tables of `gongkai export --format sqlite`, so the three
//! cannot drift apart. Columns are only ever appended; renaming or reordering one is a breaking
//! change that must bump [`DATA_VERSION`].
//!
//! Blank is blank everywhere: an empty CSV field, JSON `null`, SQL `NULL`; never 0.

pub mod sqlite;

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::{Value as Json, json};

use crate::catalogue::SectionId;
use crate::config::SiteConfig;
use crate::derive::Measures;
use crate::diagnostic::Diagnostic;
use crate::export::{MERGED_COLUMN_KEY, TIDY_HEADER};
use crate::load::Site;
use crate::model::{Agency, Number, Report};

/// The version of the data package. Bump the major part when a column is renamed, removed or
/// reordered, the minor part when one is appended; say what changed in [`CHANGES`].
pub const DATA_VERSION: &str = "2.1.0";

/// What changed in each version, newest first, published in `datapackage.json`.
pub const CHANGES: &[(&str, &str)] = &[
    (
        "2.1.0",
        "measures.csv appends, for sections 一、五、六, the share of text also found in one other \
         report (copied_overview, copied_problems, copied_other) and that report \
         (copied_*_from, agency_id/year).",
    ),
    (
        "2.0.0",
        "Each agency's own file, data/agencies/<id>.csv, holds its rows of measures.csv (the \
         numbers its page shows, year by year) instead of its reports' cells, which stay in \
         each report's file and in cells.csv.",
    ),
    ("1.0.0", "First published version."),
];

/// A Table Schema field type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    String,
    Integer,
    /// A decimal number (amounts keep their published digits; shares are 0–1).
    Number,
    /// `YYYY-MM-DD`.
    Date,
}

impl FieldType {
    pub fn table_schema(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Date => "date",
        }
    }

    pub fn sql(self) -> &'static str {
        match self {
            FieldType::String | FieldType::Date => "TEXT",
            FieldType::Integer => "INTEGER",
            // NUMERIC keeps whole numbers as INTEGER and amounts as REAL: counts stay 5, not 5.0.
            FieldType::Number => "NUMERIC",
        }
    }
}

/// One column of a table.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: FieldType,
    pub zh: &'static str,
    pub en: &'static str,
    pub required: bool,
    /// The only values the column takes, if it is a closed list.
    pub values: &'static [&'static str],
    /// A share between 0 and 1.
    pub share: bool,
}

const fn field(name: &'static str, ty: FieldType, zh: &'static str, en: &'static str) -> Field {
    Field {
        name,
        ty,
        zh,
        en,
        required: false,
        values: &[],
        share: false,
    }
}

const fn required(f: Field) -> Field {
    Field {
        required: true,
        ..f
    }
}

const fn one_of(f: Field, values: &'static [&'static str]) -> Field {
    Field { values, ..f }
}

/// A foreign key: these columns of this table name a row of another table.
#[derive(Clone, Copy, Debug)]
pub struct ForeignKey {
    pub fields: &'static [&'static str],
    pub table: &'static str,
    pub reference: &'static [&'static str],
}

/// One CSV file of `/data/`, and one SQLite table.
#[derive(Clone, Debug)]
pub struct TableDef {
    /// The resource name in the data package and the SQL table name.
    pub name: &'static str,
    /// Relative to the site's `data/` folder.
    pub path: &'static str,
    pub title_zh: &'static str,
    pub title_en: &'static str,
    pub description_zh: &'static str,
    pub description_en: &'static str,
    pub fields: Vec<Field>,
    pub primary_key: &'static [&'static str],
    pub foreign_keys: &'static [ForeignKey],
    /// Columns indexed in SQLite besides the primary key (whose leading column is indexed by it).
    pub indexes: &'static [&'static str],
}

/// A value of a data file.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Blank,
    Int(i64),
    /// An exact decimal as published.
    Decimal(Number),
    /// A computed share (0–1), written with the shortest digits that read back the same.
    Float(f64),
    Text(String),
}

impl Value {
    fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    fn opt_text(s: Option<impl Into<String>>) -> Value {
        s.map_or(Value::Blank, |s| Value::Text(s.into()))
    }

    fn opt_int(v: Option<i64>) -> Value {
        v.map_or(Value::Blank, Value::Int)
    }

    /// The CSV field: empty when blank.
    pub fn csv(&self) -> String {
        match self {
            Value::Blank => String::new(),
            Value::Int(i) => i.to_string(),
            Value::Decimal(n) => n.to_string(),
            Value::Float(f) if f.is_finite() => f.to_string(),
            Value::Float(_) => String::new(),
            Value::Text(s) => s.clone(),
        }
    }

    pub fn json(&self) -> Json {
        match self {
            Value::Blank => Json::Null,
            Value::Int(i) => Json::from(*i),
            Value::Decimal(n) => decimal_json(*n),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
            Value::Text(s) => Json::String(s.clone()),
        }
    }
}

/// A decimal as a JSON number with its published digits (235.9455 stays 235.9455).
pub fn decimal_json(n: Number) -> Json {
    match n.as_int() {
        Some(i) if n.scale == 0 => Json::from(i),
        _ => serde_json::from_str(&n.to_string()).unwrap_or(Json::Null),
    }
}

// ------------------------------------------------------------------------------- tables

const LEVELS: &[&str] = &["province", "prefecture", "county", "township"];
const KINDS: &[&str] = &["government", "general_office", "department"];
const TEMPLATES: &[&str] = &["2019", "2021"];
const SECTIONS: &[&str] = &["proactive", "requests", "review"];

fn agency_fields() -> [Field; 7] {
    use FieldType::*;
    [
        required(field(
            "agency_id",
            String,
            "机关标识（与网址和 content/agencies/<id>.yaml 一致）",
            "Agency id (as in its URL and in content/agencies/<id>.yaml)",
        )),
        required(field("agency_name", String, "机关名称", "Agency name")),
        required(field("province", String, "省级行政区", "Province")),
        field(
            "prefecture",
            String,
            "地级行政区（空白：省级机关）",
            "Prefecture (blank for a provincial agency)",
        ),
        field(
            "county",
            String,
            "县级行政区（空白：地市级以上机关）",
            "County (blank for a prefecture or provincial agency)",
        ),
        one_of(
            required(field(
                "level",
                String,
                "层级：province 省级、prefecture 地市级、county 县级、township 乡镇级",
                "Level: province, prefecture, county or township",
            )),
            LEVELS,
        ),
        one_of(
            required(field(
                "kind",
                String,
                "类型：government 人民政府、general_office 办公厅（室）、department 政府部门",
                "Kind: government, general_office or department",
            )),
            KINDS,
        ),
    ]
}

/// `data/agencies.csv`: one row per agency.
pub fn agencies_table() -> TableDef {
    use FieldType::*;
    let mut fields = agency_fields().to_vec();
    fields.extend([
        field(
            "parent_id",
            String,
            "上级机关标识（如有）",
            "Parent agency id, if any",
        ),
        field("website", String, "机关网站", "Agency website"),
        field("first_year", Integer, "最早报告年度", "First report year"),
        field("last_year", Integer, "最近报告年度", "Latest report year"),
        required(field(
            "report_count",
            Integer,
            "报告份数",
            "Number of reports",
        )),
    ]);
    TableDef {
        name: "agencies",
        path: "agencies.csv",
        title_zh: "机关",
        title_en: "Agencies",
        description_zh: "每个机关一行：名称、地区、层级、类型。",
        description_en: "One row per agency: name, region, level and kind.",
        fields,
        primary_key: &["agency_id"],
        foreign_keys: &[],
        indexes: &[],
    }
}

/// A measure column of `measures.csv`: its field and how to read it from [`Measures`].
pub struct MeasureColumn {
    pub field: Field,
    pub get: fn(&Measures) -> Value,
}

const fn int_measure(
    name: &'static str,
    zh: &'static str,
    en: &'static str,
    get: fn(&Measures) -> Value,
) -> MeasureColumn {
    MeasureColumn {
        field: field(name, FieldType::Integer, zh, en),
        get,
    }
}

const fn share_measure(
    name: &'static str,
    zh: &'static str,
    en: &'static str,
    get: fn(&Measures) -> Value,
) -> MeasureColumn {
    MeasureColumn {
        field: Field {
            share: true,
            ..field(name, FieldType::Number, zh, en)
        },
        get,
    }
}

fn share(v: Option<f64>) -> Value {
    v.filter(|v| v.is_finite())
        .map_or(Value::Blank, Value::Float)
}

/// The derived measures, in the column order of `measures.csv` (after the report columns).
pub static MEASURE_COLUMNS: &[MeasureColumn] = &[
    int_measure(
        "received",
        "本年新收申请数：三、一 本年新收政府信息公开申请数量的总计",
        "Requests received this year: section 3, row 1, column Total",
        |m| Value::opt_int(m.received),
    ),
    int_measure(
        "carried_over",
        "上年结转申请数：三、二 的总计",
        "Requests carried over from last year: section 3, row 2, column Total",
        |m| Value::opt_int(m.carried_over),
    ),
    int_measure(
        "handled",
        "办理申请数：三、（七）总计的总计",
        "Requests handled: section 3, row (7) Total, column Total",
        |m| Value::opt_int(m.handled),
    ),
    int_measure(
        "carried_forward",
        "结转下年度继续办理数：三、四 的总计",
        "Requests carried forward: section 3, row 4, column Total",
        |m| Value::opt_int(m.carried_forward),
    ),
    int_measure(
        "received_natural_person",
        "本年新收申请：自然人",
        "Requests received from natural persons",
        |m| Value::opt_int(m.received_by_applicant[0]),
    ),
    int_measure(
        "received_business",
        "本年新收申请：商业企业",
        "Requests received from businesses",
        |m| Value::opt_int(m.received_by_applicant[1]),
    ),
    int_measure(
        "received_research",
        "本年新收申请：科研机构",
        "Requests received from research institutions",
        |m| Value::opt_int(m.received_by_applicant[2]),
    ),
    int_measure(
        "received_public_interest",
        "本年新收申请：社会公益组织",
        "Requests received from public-interest organisations",
        |m| Value::opt_int(m.received_by_applicant[3]),
    ),
    int_measure(
        "received_legal_services",
        "本年新收申请：法律服务机构",
        "Requests received from legal-service organisations",
        |m| Value::opt_int(m.received_by_applicant[4]),
    ),
    int_measure(
        "received_other_org",
        "本年新收申请：其他",
        "Requests received from other applicants",
        |m| Value::opt_int(m.received_by_applicant[5]),
    ),
    int_measure(
        "granted",
        "（一）予以公开 的总计",
        "Granted (1), column Total",
        |m| Value::opt_int(m.granted),
    ),
    int_measure(
        "partly_granted",
        "（二）部分公开 的总计",
        "Partly granted (2), column Total",
        |m| Value::opt_int(m.partly_granted),
    ),
    int_measure(
        "refused",
        "（三）不予公开 各项总计之和",
        "Refused (3): the totals of its rows, added",
        |m| Value::opt_int(m.refused),
    ),
    int_measure(
        "unavailable",
        "（四）无法提供 各项总计之和",
        "Cannot be provided (4): the totals of its rows, added",
        |m| Value::opt_int(m.unavailable),
    ),
    int_measure(
        "not_processed",
        "（五）不予处理 各项总计之和",
        "Not processed (5): the totals of its rows, added",
        |m| Value::opt_int(m.not_processed),
    ),
    int_measure(
        "other_handling",
        "（六）其他处理 各项总计之和",
        "Other handling (6): the totals of its rows, added",
        |m| Value::opt_int(m.other_handling),
    ),
    share_measure(
        "share_granted",
        "公开率：（予以公开 + 部分公开）÷（七）总计，0–1 的小数；分母为空白或 0 时空白",
        "Share granted: (granted + partly granted) ÷ total handled, a decimal 0–1; blank when the denominator is blank or 0",
        |m| share(m.share_granted),
    ),
    share_measure(
        "share_refused",
        "不予公开率：不予公开 ÷（七）总计，0–1",
        "Share refused: refused ÷ total handled, 0–1",
        |m| share(m.share_refused),
    ),
    share_measure(
        "share_unavailable",
        "无法提供率：无法提供 ÷（七）总计，0–1",
        "Share “cannot provide”: cannot be provided ÷ total handled, 0–1",
        |m| share(m.share_unavailable),
    ),
    share_measure(
        "share_not_processed",
        "不予处理及其他处理率：（不予处理 + 其他处理）÷（七）总计，0–1",
        "Share not processed: (not processed + other handling) ÷ total handled, 0–1",
        |m| share(m.share_not_processed),
    ),
    int_measure(
        "cases",
        "复议诉讼案件：四、行政复议、未经复议直接起诉、复议后起诉三组总计之和",
        "Reconsideration and lawsuits: section 4, the totals of its three groups, added",
        |m| Value::opt_int(m.cases),
    ),
    int_measure(
        "cases_upheld",
        "结果维持（三组合计）",
        "Upheld (three groups added)",
        |m| Value::opt_int(m.cases_upheld),
    ),
    int_measure(
        "cases_corrected",
        "结果纠正（三组合计）",
        "Corrected (three groups added)",
        |m| Value::opt_int(m.cases_corrected),
    ),
    int_measure(
        "cases_other",
        "其他结果（三组合计）",
        "Other result (three groups added)",
        |m| Value::opt_int(m.cases_other),
    ),
    int_measure(
        "cases_pending",
        "尚未审结（三组合计）",
        "Pending (three groups added)",
        |m| Value::opt_int(m.cases_pending),
    ),
    int_measure(
        "reconsideration",
        "行政复议 总计",
        "Administrative reconsideration, column Total",
        |m| Value::opt_int(m.reconsideration),
    ),
    int_measure(
        "litigation",
        "行政诉讼（未经复议直接起诉 + 复议后起诉）总计",
        "Lawsuits (direct + after reconsideration), column Total",
        |m| Value::opt_int(m.litigation),
    ),
    share_measure(
        "share_corrected",
        "纠错率：结果纠正 ÷（维持 + 纠正 + 其他结果），不含尚未审结，0–1",
        "Share corrected: corrected ÷ (upheld + corrected + other result), pending excluded, 0–1",
        |m| share(m.share_corrected),
    ),
    int_measure(
        "documents_issued",
        "二、本年制发（2019年格式：本年新制作）规章和规范性文件件数",
        "Section 2: regulations and normative documents issued (made, in the 2019 format) this year",
        |m| Value::opt_int(m.documents_issued),
    ),
    int_measure(
        "licensing_decisions",
        "二、行政许可 本年处理决定数量",
        "Section 2: licensing decisions this year",
        |m| Value::opt_int(m.licensing_decisions),
    ),
    int_measure(
        "penalty_decisions",
        "二、行政处罚 本年处理决定数量",
        "Section 2: penalty decisions this year",
        |m| Value::opt_int(m.penalty_decisions),
    ),
    MeasureColumn {
        field: field(
            "fees_wan_yuan",
            FieldType::Number,
            "二、行政事业性收费 本年收费金额（万元；仅2021年格式）",
            "Section 2: administrative fees collected this year, in 10,000 yuan (2021 format only)",
        ),
        get: |m| m.fees_wan_yuan.map_or(Value::Blank, Value::Decimal),
    },
];

/// The columns of `measures.csv` after the measures: for each free-text section (一、五、六), the
/// share of its text also found in one other report (`narrative.copied`) and that report.
/// (name, 中文, English, whether it is a share)
pub static COPY_COLUMNS: [(&str, &str, &str, bool); 6] = [
    (
        "copied_overview",
        "一、总体情况的雷同比例：被另一份报告（本机关以前年度或其他机关同年度）同一章节中不少于20字的相同段落覆盖的字数占比，数字不计；空白：未发现可比的报告",
        "Section 1 (overview): share of its characters covered by passages of 20+ characters found in the same section of one other report (the agency's earlier or another agency's same-year report), numbers aside; blank: no comparable report shares enough to measure",
        true,
    ),
    (
        "copied_overview_from",
        "一、总体情况比较的另一份报告：机关标识/年度",
        "Section 1: the other report, as agency_id/year",
        false,
    ),
    (
        "copied_problems",
        "五、存在的主要问题及改进情况的雷同比例（同上）",
        "Section 5 (problems and improvements): share copied, as above",
        true,
    ),
    (
        "copied_problems_from",
        "五、存在的主要问题及改进情况比较的另一份报告：机关标识/年度",
        "Section 5: the other report, as agency_id/year",
        false,
    ),
    (
        "copied_other",
        "六、其他需要报告的事项的雷同比例（同上）",
        "Section 6 (other matters): share copied, as above",
        true,
    ),
    (
        "copied_other_from",
        "六、其他需要报告的事项比较的另一份报告：机关标识/年度",
        "Section 6: the other report, as agency_id/year",
        false,
    ),
];

/// `data/measures.csv`: one row per report (agency and year), the derived measures in columns.
pub fn measures_table() -> TableDef {
    use FieldType::*;
    let mut fields = agency_fields().to_vec();
    fields.extend([
        required(field("year", Integer, "报告年度", "Report year")),
        one_of(
            required(field(
                "template",
                String,
                "表格格式：2019（国办公开办函〔2019〕60号）或 2021（国办公开办函〔2021〕30号）",
                "Table format: 2019 (notice 2019-60) or 2021 (notice 2021-30)",
            )),
            TEMPLATES,
        ),
        field(
            "published",
            Date,
            "发布日期（空白：未注明）",
            "Publication date (blank: not stated)",
        ),
        field("deadline", Date, "法定发布截止日期", "Statutory deadline"),
        field(
            "days_after_deadline",
            Integer,
            "发布日期减去截止日期的天数，负数表示提前",
            "Publication date minus the deadline, in days; negative is early",
        ),
    ]);
    fields.extend(MEASURE_COLUMNS.iter().map(|c| c.field));
    fields.extend(COPY_COLUMNS.iter().map(|(name, zh, en, is_share)| {
        if *is_share {
            Field {
                share: true,
                ..field(name, FieldType::Number, zh, en)
            }
        } else {
            field(name, FieldType::String, zh, en)
        }
    }));
    TableDef {
        name: "measures",
        path: "measures.csv",
        title_zh: "衍生指标",
        title_en: "Derived measures",
        description_zh: "每个机关每个年度一行：机关信息、发布时间和方法说明页定义的全部衍生指标。比率为 0–1 的小数，分母为空白或 0 时为空白。",
        description_en: "One row per agency and year: the agency, the publication date and every derived measure defined on the method page. Shares are decimals 0–1, blank when the denominator is blank or 0.",
        fields,
        primary_key: &["agency_id", "year"],
        foreign_keys: &[ForeignKey {
            fields: &["agency_id"],
            table: "agencies",
            reference: &["agency_id"],
        }],
        indexes: &["year"],
    }
}

/// `data/cells.csv`: every cell of every report, the canonical tidy form of [`crate::export`].
pub fn cells_table() -> TableDef {
    use FieldType::*;
    let fields = vec![
        required(field("agency_id", String, "机关标识", "Agency id")),
        required(field("year", Integer, "报告年度", "Report year")),
        one_of(
            required(field(
                "template",
                String,
                "表格格式：2019 或 2021",
                "Table format: 2019 or 2021",
            )),
            TEMPLATES,
        ),
        one_of(
            required(field(
                "section",
                String,
                "表格：proactive 二、主动公开，requests 三、依申请公开，review 四、复议诉讼",
                "Table: proactive (section 2), requests (section 3), review (section 4)",
            )),
            SECTIONS,
        ),
        required(field(
            "row_key",
            String,
            "行的标识（见 docs/report-format.md）",
            "Row key (see docs/report-format.md)",
        )),
        required(field(
            "row_label",
            String,
            "行名称，按国家格式原文",
            "Row label, as the national format writes it",
        )),
        required(field(
            "column_key",
            String,
            "列的标识；merged 表示机关把整行合并为一个单元格发布",
            "Column key; merged when the agency published the row as one merged cell",
        )),
        required(field(
            "column_label",
            String,
            "列名称，按国家格式原文",
            "Column label, as the national format writes it",
        )),
        field(
            "value",
            Number,
            "单元格数值；空白表示报告中该单元格为空白（不是 0）",
            "The cell's value; blank when the report left the cell blank (not 0)",
        ),
    ];
    debug_assert!(fields.iter().map(|f| f.name).eq(TIDY_HEADER));
    TableDef {
        name: "cells",
        path: "cells.csv",
        title_zh: "单元格（整洁格式）",
        title_en: "Cells (tidy form)",
        description_zh: "每份报告的每个表格单元格一行，按模板顺序；行列名称按国家格式原文。",
        description_en: "One row per table cell of every report, in template order; labels as the national format writes them.",
        fields,
        primary_key: &["agency_id", "year", "section", "row_key", "column_key"],
        foreign_keys: &[ForeignKey {
            fields: &["agency_id", "year"],
            table: "measures",
            reference: &["agency_id", "year"],
        }],
        // agency_id leads the primary key, whose index serves lookups by agency already.
        indexes: &["year"],
    }
}

/// Every table, in dependency order (a table's foreign keys point to earlier ones).
pub fn tables() -> Vec<TableDef> {
    vec![agencies_table(), measures_table(), cells_table()]
}

// ------------------------------------------------------------------------------- rows

fn agency_values(a: &Agency) -> Vec<Value> {
    vec![
        Value::text(a.id.as_str()),
        Value::text(&a.name),
        Value::text(&a.region.province),
        Value::opt_text(a.region.prefecture.clone()),
        Value::opt_text(a.region.county.clone()),
        Value::text(a.level.key()),
        Value::text(a.kind.key()),
    ]
}

/// The rows of `agencies.csv`, by agency id.
pub fn agency_rows(site: &Site) -> Vec<Vec<Value>> {
    site.agencies
        .values()
        .map(|a| {
            let years: Vec<u16> = site.reports_of(&a.id).map(|r| r.year).collect();
            let mut row = agency_values(a);
            row.extend([
                Value::opt_text(a.parent.as_ref().map(|(p, _)| p.to_string())),
                Value::opt_text(a.website.clone()),
                Value::opt_int(years.first().map(|y| *y as i64)),
                Value::opt_int(years.last().map(|y| *y as i64)),
                Value::Int(years.len() as i64),
            ]);
            row
        })
        .collect()
}

/// The measures of every report, in `site.reports` order.
pub fn site_measures(site: &Site) -> Vec<Measures> {
    site.reports
        .iter()
        .map(|r| {
            let agency = site.agencies.get(&r.agency);
            Measures::of(r, agency.map(|a| a.kind), agency.map(|a| a.level))
        })
        .collect()
}

/// The rows of `measures.csv`, in agency and year order; `measures` is aligned with
/// `site.reports`. A report whose agency is unknown is skipped (the checks make that an error,
/// so a built site never has one).
pub fn measure_rows(
    site: &Site,
    measures: &[Measures],
    shares: &crate::copied::Shares,
) -> Vec<Vec<Value>> {
    site.reports
        .iter()
        .zip(measures)
        .enumerate()
        .filter_map(|(i, (r, m))| measure_row(site, r, m, shares.by_report.get(i)))
        .collect()
}

/// One report's row of `measures.csv`; `copied`: the shares of its sections, if measured.
pub fn measure_row(
    site: &Site,
    r: &Report,
    m: &Measures,
    copied: Option<&[Option<crate::copied::Share>; 3]>,
) -> Option<Vec<Value>> {
    let agency = site.agencies.get(&r.agency)?;
    let mut row = agency_values(agency);
    row.extend([
        Value::Int(r.year as i64),
        Value::text(r.template.code().to_string()),
        Value::opt_text(r.published.map(|(d, _)| d.to_string())),
        Value::opt_text(m.deadline.map(|d| d.to_string())),
        Value::opt_int(m.days_after_deadline),
    ]);
    row.extend(MEASURE_COLUMNS.iter().map(|c| (c.get)(m)));
    for share in copied.copied().unwrap_or([None; 3]) {
        match share {
            Some(s) => {
                let other = &site.reports[s.other];
                row.push(Value::Float((s.share * 1000.0).floor() / 1000.0));
                row.push(Value::text(format!("{}/{}", other.agency, other.year)));
            }
            None => row.extend([Value::Blank, Value::Blank]),
        }
    }
    Some(row)
}

/// Write a table as CSV with its header. `excel_bom`: see [`crate::export::write_tidy_csv`].
pub fn write_csv<W: Write>(
    out: W,
    table: &TableDef,
    rows: &[Vec<Value>],
    excel_bom: bool,
) -> io::Result<()> {
    let mut out = out;
    if excel_bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut w = csv::Writer::from_writer(out);
    w.write_record(table.fields.iter().map(|f| f.name))?;
    for row in rows {
        w.write_record(row.iter().map(Value::csv))?;
    }
    w.flush()
}

// ------------------------------------------------------------------------------- reports.json

/// A JSON object that keeps the order its entries were given in (serde_json's own map sorts
/// its keys, which would scatter the template's rows).
struct Ordered<V>(Vec<(&'static str, V)>);

impl<V: Serialize> Serialize for Ordered<V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// A report's tables as section → row → column → value (blank = null), in template order; a
/// section-三 row published as one merged cell has a `merged` entry after its columns.
fn report_tables(report: &Report) -> Ordered<Ordered<Ordered<Json>>> {
    let def = report.def();
    let mut values = report.cells.iter().map(|c| c.value);
    let request_rows: Vec<&str> = def.rows(SectionId::Requests).map(|(_, r)| r.key).collect();
    let sections = SectionId::ALL
        .iter()
        .map(|s| {
            let rows = def
                .rows(*s)
                .map(|(block, row)| {
                    let mut cols: Vec<(&'static str, Json)> = block
                        .columns
                        .iter()
                        .map(|c| {
                            let v = values.next().flatten();
                            (c.key, v.map_or(Json::Null, decimal_json))
                        })
                        .collect();
                    if *s == SectionId::Requests {
                        let merged = report
                            .merged
                            .iter()
                            .find(|(i, _)| request_rows.get(*i as usize) == Some(&row.key));
                        if let Some((_, cell)) = merged {
                            cols.push((
                                MERGED_COLUMN_KEY,
                                cell.value.map_or(Json::Null, decimal_json),
                            ));
                        }
                    }
                    (row.key, Ordered(cols))
                })
                .collect();
            (s.key(), Ordered(rows))
        })
        .collect();
    Ordered(sections)
}

fn finding_json(d: &Diagnostic) -> Json {
    let info = crate::diagnostic::rule_info(d.rule);
    json!({
        "rule": d.rule,
        "title_zh": info.map(|i| i.title_zh),
        "title_en": info.map(|i| i.title_en),
        "severity": d.severity.word(),
        "cell": d.cell,
        "message": d.message,
        "message_zh": d.message_in(crate::config::Language::Chinese),
        "declared": d.note.is_some(),
        "note": d.note,
        "line": d.line,
    })
}

/// One report for `reports.json`: metadata, tables and its data-quality findings.
#[derive(Serialize)]
struct ReportJson<'a> {
    agency_id: &'a str,
    agency_name: Option<&'a str>,
    year: u16,
    template: String,
    title: Option<&'a str>,
    published: Option<String>,
    deadline: Option<String>,
    days_after_deadline: Option<i64>,
    source_url: Option<&'a str>,
    transcription_note: Option<&'a str>,
    /// The report's page, relative to the site root.
    page: String,
    file: String,
    tables: Ordered<Ordered<Ordered<Json>>>,
    findings: Vec<Json>,
}

/// One report as JSON (no trailing newline): its line in `data/reports.json`, and its own
/// slice `data/reports/<id>/<year>.json`.
pub fn report_json(
    site: &Site,
    r: &Report,
    m: &Measures,
    findings: &[&Diagnostic],
) -> io::Result<Vec<u8>> {
    let item = ReportJson {
        agency_id: r.agency.as_str(),
        agency_name: site.agencies.get(&r.agency).map(|a| a.name.as_str()),
        year: r.year,
        template: r.template.code().to_string(),
        title: r.title.as_deref(),
        published: r.published.map(|(d, _)| d.to_string()),
        deadline: m.deadline.map(|d| d.to_string()),
        days_after_deadline: m.days_after_deadline,
        source_url: r.source_url.as_deref(),
        transcription_note: r.transcription_note.as_deref(),
        page: crate::render::urls::report(&r.agency, r.year),
        file: site.file(r.file).to_string_lossy().replace('\\', "/"),
        tables: report_tables(r),
        findings: findings.iter().map(|d| finding_json(d)).collect(),
    };
    serde_json::to_vec(&item).map_err(io::Error::other)
}

/// `data/reports.json`: every report, with `findings[i]` the findings of `site.reports[i]`.
/// One report per line inside a JSON array, so the file diffs well and streams line by line.
pub fn write_reports_json<W: Write>(
    out: W,
    site: &Site,
    measures: &[Measures],
    findings: &[Vec<&Diagnostic>],
) -> io::Result<()> {
    let mut out = out;
    out.write_all(b"[\n")?;
    let n = site.reports.len();
    for (i, (r, m)) in site.reports.iter().zip(measures).enumerate() {
        let f = findings.get(i).map(Vec::as_slice).unwrap_or_default();
        out.write_all(&report_json(site, r, m, f)?)?;
        out.write_all(if i + 1 < n { b",\n" } else { b"\n" })?;
    }
    out.write_all(b"]\n")
}

// ------------------------------------------------------------------------------- datapackage.json

/// The canonical URL of a licence named by its SPDX id, when it is a common data licence.
pub fn license_url(id: &str) -> Option<String> {
    let (kind, version) = match id.to_ascii_uppercase().as_str() {
        "CC-BY-4.0" => ("by", "4.0"),
        "CC-BY-SA-4.0" => ("by-sa", "4.0"),
        "CC-BY-NC-4.0" => ("by-nc", "4.0"),
        "CC0-1.0" => return Some("https://creativecommons.org/publicdomain/zero/1.0/".into()),
        "ODC-BY-1.0" => return Some("https://opendatacommons.org/licenses/by/1-0/".into()),
        "ODBL-1.0" => return Some("https://opendatacommons.org/licenses/odbl/1-0/".into()),
        "PDDL-1.0" => return Some("https://opendatacommons.org/licenses/pddl/1-0/".into()),
        _ => return None,
    };
    Some(format!(
        "https://creativecommons.org/licenses/{kind}/{version}/"
    ))
}

fn field_schema(f: &Field) -> Json {
    let mut v = json!({
        "name": f.name,
        "type": f.ty.table_schema(),
        "title": f.en,
        "description": format!("{}｜{}", f.zh, f.en),
    });
    let mut constraints = serde_json::Map::new();
    if f.required {
        constraints.insert("required".into(), Json::Bool(true));
    }
    if !f.values.is_empty() {
        constraints.insert("enum".into(), json!(f.values));
    }
    if f.share {
        constraints.insert("minimum".into(), json!(0));
        constraints.insert("maximum".into(), json!(1));
    }
    if !constraints.is_empty() {
        v["constraints"] = Json::Object(constraints);
    }
    if f.ty == FieldType::Number {
        // Decimal point only: no grouping, as the CSV writes them.
        v["decimalChar"] = json!(".");
    }
    v
}

/// `data/datapackage.json`: a Frictionless (Tabular) Data Package describing every CSV.
pub fn datapackage(config: &SiteConfig) -> Json {
    let resources: Vec<Json> = tables()
        .iter()
        .map(|t| {
            let mut schema = json!({
                "fields": t.fields.iter().map(field_schema).collect::<Vec<_>>(),
                "missingValues": [""],
                "primaryKey": t.primary_key,
            });
            if !t.foreign_keys.is_empty() {
                schema["foreignKeys"] = Json::Array(
                    t.foreign_keys
                        .iter()
                        .map(|fk| {
                            json!({
                                "fields": fk.fields,
                                "reference": {"resource": fk.table, "fields": fk.reference},
                            })
                        })
                        .collect(),
                );
            }
            json!({
                "name": t.name,
                "path": t.path,
                "profile": "tabular-data-resource",
                "title": format!("{}｜{}", t.title_zh, t.title_en),
                "description": format!("{}\n{}", t.description_zh, t.description_en),
                "format": "csv",
                "mediatype": "text/csv",
                // The files start with a byte-order mark so that Excel reads them as UTF-8.
                "encoding": "utf-8-sig",
                "dialect": {"delimiter": ",", "doubleQuote": true, "header": true, "lineTerminator": "\n"},
                "schema": schema,
            })
        })
        .collect();
    let mut license = json!({"name": config.data_license, "title": config.data_license});
    if let Some(path) = license_url(&config.data_license) {
        license["path"] = json!(path);
    }
    json!({
        "profile": "tabular-data-package",
        "name": "gongkai",
        "title": config.title,
        "description": format!(
            "{}\n\n政府信息公开工作年度报告的表格数据，按机关发布的原样转录：空白保留为空白（不是 0）。CSV 为带 BOM 的 UTF-8，以便 Excel 正确显示中文。列只会追加；改名、删除或调整列的顺序必须提高 version 的主版本号，并在 changes 中说明。全部报告（含叙述部分以外的元数据和数据质量检查结果）另见 reports.json。\n\nTables from the government information-disclosure annual reports, transcribed as the agencies published them: blank stays blank (never 0). The CSV files are UTF-8 with a byte-order mark so that Excel shows the Chinese text. Columns are only ever appended; a column is never renamed, removed or reordered without a new major version, noted under changes. All reports with their metadata and data-quality findings are also in reports.json.",
            config.description
        ),
        "version": DATA_VERSION,
        "changes": CHANGES.iter().map(|(v, what)| json!({"version": v, "description": what})).collect::<Vec<_>>(),
        "licenses": [license],
        "sources": [
            {
                "title": "各机关公开发布的政府信息公开工作年度报告（每份报告的原文链接见 reports.json 的 source_url）｜The annual reports as each agency published them (each report's source link is in reports.json, source_url)",
            },
            {
                "title": "国务院办公厅政府信息与政务公开办公室关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知（国办公开办函〔2021〕30号）",
            },
            {
                "title": "国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知（国办公开办函〔2019〕60号）",
            },
        ],
        "keywords": ["政府信息公开", "年度报告", "government information disclosure", "China"],
        "resources": resources,
    })
}

/// `datapackage.json` as bytes: pretty, with a final newline.
pub fn datapackage_bytes(config: &SiteConfig) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(&datapackage(config)).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// A tidy row as the values of `cells.csv`.
pub fn tidy_values(r: &crate::export::TidyRow) -> Vec<Value> {
    vec![
        Value::text(r.agency_id.as_str()),
        Value::Int(r.year as i64),
        Value::text(r.template.code().to_string()),
        Value::text(r.section.key()),
        Value::text(r.row_key),
        Value::text(r.row_label),
        Value::text(r.column_key),
        Value::text(r.column_label),
        r.value.map_or(Value::Blank, Value::Decimal),
    ]
}
