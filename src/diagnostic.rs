//! Findings as data: a rule id, a severity, a place, a message and a hint.
//!
//! Checks return findings; nothing prints from inside them. Printing (human, JSON, GitHub
//! workflow commands) is a separate step over the collection, in [`print`].
//! [`RULES`] is the registry of every rule: its id, default severity, what it means and where
//! it comes from in the national format. `docs/checks.md` and the site's data-quality page are
//! written from it.

use std::path::PathBuf;

pub mod print;

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A rule could not be applied (a blank cell, an unknown date): said, never counted.
    Info,
    /// The agency's own deviation, as published: shown on the site as a data-quality flag.
    Warning,
    /// A mistake in the files that must be fixed before the site builds.
    Error,
}

impl Severity {
    pub fn word(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// 1-based; 0 when the finding is about the file as a whole.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
    /// Length of the offending text, in characters.
    #[serde(skip)]
    pub length: u32,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The agency and year the finding is about, when it is about a report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// The cell the finding concerns (`section.row.column`), for flags next to cells.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// For a declared finding: the contributor's note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// For `narrative.copied`: the section and the other report its text is found in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copied: Option<CopiedFrom>,
}

/// Where a copied section's text is found (`narrative.copied`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CopiedFrom {
    /// The section's key (`overview`, `problems`, `other`).
    pub section: &'static str,
    /// The other report.
    pub agency: String,
    pub year: u16,
    /// The share of the section's text covered by passages found there, in thousandths.
    pub per_mille: u16,
}

impl Diagnostic {
    pub fn new(rule: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        let file: PathBuf = file.into();
        Diagnostic {
            rule,
            severity: rule_info(rule).map_or(Severity::Error, |r| r.severity),
            file: file.to_string_lossy().replace('\\', "/"),
            line: 0,
            column: 0,
            length: 0,
            message: message.into(),
            hint: None,
            agency: None,
            year: None,
            cell: None,
            note: None,
            copied: None,
        }
    }

    pub fn at(mut self, pos: crate::model::Pos) -> Self {
        self.line = pos.line;
        self.column = pos.column;
        self.length = pos.len;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn report(mut self, agency: &str, year: u16) -> Self {
        self.agency = Some(agency.to_string());
        self.year = Some(year);
        self
    }

    pub fn cell(mut self, cell: impl Into<String>) -> Self {
        self.cell = Some(cell.into());
        self
    }
}

/// What kind of check a rule is, for grouping in docs and on the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleGroup {
    Structure,
    Arithmetic,
    Years,
    Publication,
    Narrative,
    /// site.toml, the theme and the templates.
    Site,
}

impl RuleGroup {
    pub fn zh(self) -> &'static str {
        match self {
            RuleGroup::Structure => "文件结构",
            RuleGroup::Arithmetic => "表内勾稽关系",
            RuleGroup::Years => "跨年度衔接",
            RuleGroup::Publication => "发布时间与格式",
            RuleGroup::Narrative => "文字部分",
            RuleGroup::Site => "站点配置与主题",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            RuleGroup::Structure => "File structure",
            RuleGroup::Arithmetic => "Arithmetic within a report",
            RuleGroup::Years => "Continuity across years",
            RuleGroup::Publication => "Publication date and template",
            RuleGroup::Narrative => "Narrative sections",
            RuleGroup::Site => "Site configuration and theme",
        }
    }
}

/// A rule of the checker, documented.
#[derive(Debug, Serialize)]
pub struct RuleInfo {
    pub id: &'static str,
    pub group: RuleGroup,
    pub severity: Severity,
    /// Whether a report may declare a finding of this rule as published by the agency.
    pub declarable: bool,
    pub title_zh: &'static str,
    pub title_en: &'static str,
    /// What the rule checks, in English.
    pub description: &'static str,
    /// Where the rule comes from in the national format.
    pub source: &'static str,
}

/// The Chinese description of a rule, where there is one (docs/checks.md and the zh-CN site
/// show it beside the English).
pub fn description_zh(id: &str) -> Option<&'static str> {
    DESCRIPTIONS_ZH
        .iter()
        .find(|(rule, _)| *rule == id)
        .map(|(_, zh)| *zh)
}

static DESCRIPTIONS_ZH: &[(&str, &str)] = &[
    (
        "narrative.table-mismatch",
        "文字部分陈述了表格中也有的数字，两者不一致：例如「共收到政府信息公开申请5件」，而一、本年新收政府信息公开申请数量的总计为4。检查从报告文字中读取收到申请、上年结转、办结、予以公开、部分公开、结转下年度继续办理、行政复议、行政诉讼、制发规范性文件以及行政许可、行政处罚、行政强制决定的数字；只有措辞明确指向某一单元格、且年份为报告年度时才比较（2024年报告中的「2023年共收到」不是本年度的数字），有歧义的不比较。问题标在文字中该数字所在的行和列，并给出表格中的数值；空白单元格不比较。`as_published` 中对检查已发现的不一致的声明不再必要，但仍然有效：该问题沿用声明的措辞并显示其说明；不对应任何问题的声明已过时，报 `declaration.unmatched`。",
    ),
    (
        "narrative.copied",
        "文字章节（一、五、六，至少100字）的大部分文字也出现在另一份报告中：本机关以前年度的报告，或其他机关同一年度的报告。雷同比例是本章节文字（不计空白和 Markdown 标记，每一串数字只算一个字，因此只把「2023年」改成「2024年」的照抄仍算照抄）中，被另一份报告同一章节里也有的、至少20字的段落覆盖的字数所占的比例。每个章节只与指纹（12字片段经筛选的哈希）相同最多的那一份报告比较；超过16个章节共有的片段视为常用套话，不作依据。比例达到 site.toml 中 `[checks]` 的 `copied_share`（默认0.8）时给出警告；报告页面链接到并排对照页，标出相同的段落。",
    ),
];

pub fn rule_info(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

macro_rules! rule {
    ($id:expr, $group:ident, $sev:ident, $decl:expr, $zh:expr, $en:expr, $desc:expr, $src:expr) => {
        RuleInfo {
            id: $id,
            group: RuleGroup::$group,
            severity: Severity::$sev,
            declarable: $decl,
            title_zh: $zh,
            title_en: $en,
            description: $desc,
            source: $src,
        }
    };
}

const SCHEMA_SOURCE: &str = "gongkai's report format (docs/report-format.md)";
const CONFIG_SOURCE: &str = "gongkai's site layout (README.md, Layout)";

pub static RULES: &[RuleInfo] = &[
    rule!(
        "file.unreadable",
        Structure,
        Error,
        false,
        "文件无法读取",
        "File cannot be read",
        "The file could not be read: not valid UTF-8, larger than the 2 MiB limit, empty, a link that leads nowhere or into a loop of links, a file its reader may not open, or an I/O error.",
        SCHEMA_SOURCE
    ),
    rule!(
        "file.outside-content",
        Structure,
        Error,
        false,
        "链接指向内容目录之外",
        "Link leads outside content/",
        "A symbolic link under content/ resolves to a place outside content/; it is not followed.",
        SCHEMA_SOURCE
    ),
    rule!(
        "file.misplaced",
        Structure,
        Error,
        false,
        "文件位置不对",
        "File in the wrong place",
        "Agencies live in content/agencies/<id>.yaml and reports in content/reports/<agency-id>/<year>.md; anything else under those folders is refused.",
        SCHEMA_SOURCE
    ),
    rule!(
        "file.special",
        Structure,
        Error,
        false,
        "不是普通文件",
        "Not a regular file",
        "A path under content/, templates/, static/ or the theme is a named pipe, a socket, a device, or a folder where a file is expected (content/reports/<id>/2021.md/), or a link to one; only regular files are read, so nothing can block a run or be skipped without a word.",
        SCHEMA_SOURCE
    ),
    rule!(
        "file.outside-site",
        Structure,
        Error,
        false,
        "链接指向站点目录之外",
        "Link leads outside the site",
        "A symbolic link under templates/, static/ or themes/ resolves to a place outside the site folder; it is not followed. A link to a file inside the site is followed.",
        SCHEMA_SOURCE
    ),
    rule!(
        "text.control-character",
        Structure,
        Error,
        false,
        "含有控制字符",
        "Control character in a text file",
        "A text file (a report, an agency file, a page of content/, site.toml, a template) holds NUL or another control character of C0 or C1, or DEL; only tab, line feed and carriage return are allowed (CRLF line ends and a UTF-8 byte-order mark are fine).",
        SCHEMA_SOURCE
    ),
    rule!(
        "yaml.syntax",
        Structure,
        Error,
        false,
        "YAML 语法错误",
        "YAML syntax error",
        "The YAML cannot be parsed, or uses anchors, aliases or tags, or nests too deep.",
        SCHEMA_SOURCE
    ),
    rule!(
        "report.front-matter",
        Structure,
        Error,
        false,
        "缺少前置数据",
        "Front matter missing",
        "A report file must start with YAML front matter between two `---` lines.",
        SCHEMA_SOURCE
    ),
    rule!(
        "schema.unknown-key",
        Structure,
        Error,
        false,
        "未知字段",
        "Unknown key",
        "A key that the format does not define (often a typo; the message suggests the nearest key).",
        SCHEMA_SOURCE
    ),
    rule!(
        "schema.missing",
        Structure,
        Error,
        false,
        "缺少字段或行",
        "Missing field or row",
        "A required field, or a row of the report's template, is missing.",
        SCHEMA_SOURCE
    ),
    rule!(
        "schema.type",
        Structure,
        Error,
        false,
        "类型错误",
        "Wrong type",
        "A value has the wrong type: text where a number belongs, a row with the wrong number of cells, a date not in YYYY-MM-DD form.",
        SCHEMA_SOURCE
    ),
    rule!(
        "schema.duplicate-key",
        Structure,
        Error,
        false,
        "字段重复",
        "Duplicate key",
        "The same key appears twice in one mapping.",
        SCHEMA_SOURCE
    ),
    rule!(
        "value.negative",
        Structure,
        Error,
        false,
        "计数为负",
        "Negative count",
        "A count is negative. Only the 2019 template's 本年增/减 may be.",
        "FORMAT I6: counts are non-negative integers"
    ),
    rule!(
        "value.fractional",
        Structure,
        Error,
        false,
        "计数含小数",
        "Fractional count",
        "A count has a fractional part. Only fee and purchase amounts may.",
        "FORMAT I6"
    ),
    rule!(
        "value.not-a-number",
        Structure,
        Error,
        false,
        "不是数字",
        "Not a number",
        "A cell holds something that is not a plain decimal number (`1e400`, `十二`, `235.9万元`, a quoted number).",
        SCHEMA_SOURCE
    ),
    rule!(
        "template.row",
        Structure,
        Error,
        false,
        "行不属于该格式",
        "Row not in template",
        "A row that belongs to the other national template, or to no template.",
        "国办公开办函〔2019〕60号 and 〔2021〕30号 templates"
    ),
    rule!(
        "report.year",
        Structure,
        Error,
        false,
        "年度超出范围",
        "Year out of range",
        "The report year is before 2008 (the first year of the 条例) or after next year.",
        "《政府信息公开条例》(2008)"
    ),
    rule!(
        "agency.id",
        Structure,
        Error,
        false,
        "机关标识无效",
        "Invalid agency id",
        "An agency id must be a slug: lowercase ASCII letters, digits and single hyphens.",
        SCHEMA_SOURCE
    ),
    rule!(
        "agency.unknown",
        Structure,
        Error,
        false,
        "机关不存在",
        "Unknown agency",
        "A report or a parent names an agency that has no file in content/agencies/.",
        SCHEMA_SOURCE
    ),
    rule!(
        "report.misfiled",
        Structure,
        Error,
        false,
        "报告存放位置与内容不符",
        "Report filed in the wrong place",
        "The agency or year in the front matter differs from the folder and file name.",
        SCHEMA_SOURCE
    ),
    rule!(
        "report.duplicate",
        Structure,
        Error,
        false,
        "报告重复",
        "Duplicate report",
        "Two files hold the report of the same agency and year.",
        SCHEMA_SOURCE
    ),
    rule!(
        "report.untranscribed",
        Structure,
        Error,
        false,
        "尚未转录",
        "Nothing transcribed yet",
        "Every cell of every table is blank (~): the skeleton of `gongkai new` as it was written, not a report. If the agency really published its tables with every cell empty, say so with `tables_published_empty: true` in the front matter; the finding is then a warning, shown on the site as a data-quality flag. The key on a report that holds a number is an error (`declaration.unmatched`).",
        SCHEMA_SOURCE
    ),
    rule!(
        "declaration.unmatched",
        Structure,
        Error,
        false,
        "声明与实际不符",
        "Declaration does not match",
        "An `as_published` declaration names a finding that the checks do not find, or whose values differ from what the report now holds: a second mistake, or a stale declaration. So does `tables_published_empty: true` on a report whose tables hold a number.",
        "docs/checks.md, “Agency error versus contributor error”"
    ),
    rule!(
        "requests.balance",
        Arithmetic,
        Error,
        true,
        "申请数量收支不平衡",
        "Requests do not balance",
        "For every column of section 三: 一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理.",
        "Section 三 header: 「本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和」 (FORMAT R1)"
    ),
    rule!(
        "requests.row-total",
        Arithmetic,
        Error,
        true,
        "申请人合计不符",
        "Applicant total does not add up",
        "For every row of section 三: 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他.",
        "Implied by the section-三 table structure (FORMAT I1)"
    ),
    rule!(
        "requests.outcome-total",
        Arithmetic,
        Error,
        true,
        "办理结果合计不符",
        "Outcomes do not add up to the total",
        "For every column of section 三: （七）总计 = the sum of all outcome rows （一） to （六）.",
        "Implied by the table; each request counts in exactly one outcome row (FORMAT I2, R2)"
    ),
    rule!(
        "review.group-total",
        Arithmetic,
        Error,
        true,
        "复议诉讼合计不符",
        "Review or lawsuit total does not add up",
        "In section 四, for 行政复议 and both kinds of 行政诉讼: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.",
        "Implied by the section-四 table (FORMAT I3)"
    ),
    rule!(
        "arithmetic.unchecked",
        Arithmetic,
        Info,
        false,
        "因空白无法核对",
        "Could not be checked: blank cells",
        "An arithmetic rule, or the carry-over from last year, involves a blank cell (or a merged one), so it cannot be checked. Blank is not 0.",
        "FORMAT §5: blank cells"
    ),
    rule!(
        "years.carry-over",
        Years,
        Error,
        true,
        "上年结转与上年报告不符",
        "Carry-over differs from last year's report",
        "This year's 二、上年结转 equals last year's 四、结转下年度继续办理, column by column.",
        "FORMAT I4"
    ),
    rule!(
        "years.in-force",
        Years,
        Warning,
        true,
        "现行有效件数前后不衔接",
        "Documents in force do not roll forward",
        "2021 template: last year's 现行有效件数 + 本年制发件数 − 本年废止件数 should equal this year's 现行有效件数. A warning: stocks are often restated after clean-ups.",
        "FORMAT I4"
    ),
    rule!(
        "years.item-count",
        Years,
        Warning,
        true,
        "项目数量前后不衔接",
        "Item counts do not roll forward",
        "2019 template: this year's 上一年项目数量 should equal last year's 上一年项目数量 + 本年增/减.",
        "FORMAT I4"
    ),
    rule!(
        "publication.late",
        Publication,
        Warning,
        false,
        "逾期发布",
        "Published after the deadline",
        "Published after the statutory deadline: 1月31日 for departments, general offices and townships (reports from 2019 on); 3月31日 for a county-or-higher government's consolidated report and for every report before 2019.",
        "《政府信息公开条例》第四十九条; FORMAT §6"
    ),
    rule!(
        "publication.date-unknown",
        Publication,
        Info,
        false,
        "未注明发布日期",
        "Publication date not stated",
        "The report does not state its publication date, so timeliness cannot be checked.",
        "FORMAT §6"
    ),
    rule!(
        "publication.template",
        Publication,
        Warning,
        false,
        "格式与年度不符",
        "Template does not match the year",
        "Reports for 2019 and 2020 use the 2019 trial format; reports from 2021 on use the 2021 format; reports before 2019 had no national template.",
        "国办公开办函〔2019〕60号; 国办公开办函〔2021〕30号"
    ),
    rule!(
        "narrative.missing-section",
        Narrative,
        Warning,
        false,
        "缺少必备章节",
        "Required section missing",
        "One of the six sections is missing (一、五、六 are free text and must be there; 二、三、四 are the tables).",
        "Both notices: 「不能遗漏，也不宜泛化」 (FORMAT R7)"
    ),
    rule!(
        "narrative.empty-section",
        Narrative,
        Warning,
        false,
        "章节内容为空",
        "Section left empty",
        "A free-text section has its heading but no text.",
        "FORMAT R7"
    ),
    rule!(
        "narrative.heading",
        Narrative,
        Error,
        false,
        "章节标题无法识别",
        "Unknown section heading",
        "A level-2 heading (`## …`) in the body is not one of the six section headings, or repeats or reorders them.",
        SCHEMA_SOURCE
    ),
    rule!(
        "narrative.unsafe-html",
        Narrative,
        Error,
        false,
        "文字中含不安全的 HTML",
        "Unsafe HTML in a narrative",
        "Raw HTML in a narrative with a script, an event handler, an embedded frame or a `javascript:` link. The site would strip it anyway; the file must not carry it.",
        SCHEMA_SOURCE
    ),
    rule!(
        "narrative.table-mismatch",
        Narrative,
        Warning,
        true,
        "文字与表格不一致",
        "Narrative contradicts the tables",
        "The narrative states a figure that the tables also give, and the two differ: 「共收到政府信息公开申请5件」 where 一、本年新收 总计 is 4. Found in the report's own text: statements of requests received, carried over, handled, granted, partly granted, carried forward, reconsiderations and lawsuits, and of documents issued, licences, penalties and coercive measures, matched to a cell only when the phrase names it unambiguously and the year is the report year (「2023年共收到」 in a 2024 report is not this year's figure). Reported at the number in the narrative, with the table's value; a blank cell is not compared. A declaration under `as_published` (`rule`, `cell`, `note`) of a mismatch the check finds is no longer needed but keeps working: the finding takes the declaration's wording and shows its note. A declaration that matches no finding is stale: `declaration.unmatched`.",
        "FORMAT I5"
    ),
    rule!(
        "config.syntax",
        Site,
        Error,
        false,
        "site.toml 语法错误",
        "site.toml syntax error",
        "site.toml is not valid TOML.",
        CONFIG_SOURCE
    ),
    rule!(
        "config.unknown-key",
        Site,
        Error,
        false,
        "site.toml 未知字段",
        "Unknown key in site.toml",
        "site.toml holds a key gongkai does not know (often a typo; the message suggests the nearest key). The keys are title, description, base_url, language, theme and data_license.",
        CONFIG_SOURCE
    ),
    rule!(
        "config.value",
        Site,
        Error,
        false,
        "site.toml 取值无效",
        "Invalid value in site.toml",
        "A value of site.toml has the wrong type or is not allowed: title is missing or not a string, language is not zh-CN or en, base_url is neither an http(s) address nor a path starting with /, or theme is not a folder name. `build --base-url` is held to the same rule.",
        CONFIG_SOURCE
    ),
    rule!(
        "theme.missing",
        Site,
        Error,
        false,
        "主题不存在",
        "Theme not found",
        "site.toml names a theme other than default, and themes/<theme>/ does not exist (or is not a folder).",
        CONFIG_SOURCE
    ),
    rule!(
        "theme.template",
        Site,
        Error,
        false,
        "模板语法错误",
        "Template syntax error",
        "A Tera template of the theme or of templates/ cannot be parsed, or extends or includes a template that does not exist. Only the syntax is checked by check; rendering is left to build.",
        CONFIG_SOURCE
    ),
    rule!(
        "narrative.copied",
        Narrative,
        Warning,
        false,
        "内容雷同",
        "Narrative copied from another report",
        "A free-text section (一、五、六; at least 100 characters) whose text is mostly found in one other report: the same agency's earlier report or another agency's report of the same year. The share is the share of the section's characters (white space and Markdown markup aside, every run of digits counted as one character, so that a copy which only changed 「2023年」 to 「2024年」 is still a copy) covered by passages of at least 20 characters that the other report's same section also holds. The section is compared with the one report that shares the most fingerprints with it (winnowed 12-character grams; a gram held by more than 16 sections is a common formula and ignored). A warning when the share reaches `copied_share` under `[checks]` in site.toml (default 0.8); the report page links to a side-by-side page with the shared passages marked.",
        "Both notices: 「不得出现敷衍了事甚至年年雷同现象」 and 「内容雷同……严肃追究」 (FORMAT R7, R8)"
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }

    #[test]
    fn catalogue_rules_are_registered_and_declarable() {
        for t in crate::catalogue::Template::ALL {
            for rule in t.def().rules {
                assert!(
                    rule_info(rule.id).is_some_and(|r| r.declarable),
                    "{}",
                    rule.id
                );
            }
        }
    }
}
