//! Findings as data: a rule id, a severity, a place, a message and a hint.
//!
//! Checks return findings; nothing prints from inside them. Printing (human, JSON, GitHub
//! workflow commands) is a separate step over the collection, in [`print`].
//! [`RULES`] is the registry of every rule: its id, default severity, what it means and where
//! it comes from in the national format. `docs/checks.md` and the site's data-quality page are
//! written from it.

use std::path::PathBuf;

pub mod message;
pub mod print;

use crate::config::Language;
pub use message::Message;

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
    /// The message as data (id and arguments), when the finding has one in the catalogue;
    /// `message` is then its English rendering, kept for the JSON output.
    #[serde(skip)]
    pub msg: Option<Message>,
    /// The hint as data, likewise.
    #[serde(skip)]
    pub hint_msg: Option<Message>,
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
            msg: None,
            hint_msg: None,
        }
    }

    /// A finding whose message is a catalogue message, rendered in the reader's language.
    pub fn with(rule: &'static str, file: impl Into<PathBuf>, msg: Message) -> Self {
        let mut d = Diagnostic::new(rule, file, msg.render(Language::English));
        d.msg = Some(msg);
        d
    }

    /// A hint from the catalogue.
    pub fn hint_with(mut self, msg: Message) -> Self {
        self.hint = Some(msg.render(Language::English));
        self.hint_msg = Some(msg);
        self
    }

    /// The message in a language (English for a message not yet in the catalogue).
    pub fn message_in(&self, language: Language) -> String {
        match &self.msg {
            Some(m) => m.render(language),
            None => self.message.clone(),
        }
    }

    /// The hint in a language.
    pub fn hint_in(&self, language: Language) -> Option<String> {
        match &self.hint_msg {
            Some(m) => Some(m.render(language)),
            None => self.hint.clone(),
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
    /// What the rule checks, in Chinese.
    pub description_zh: &'static str,
    /// Where the rule comes from, in Chinese: the article of the 条例 or the part and row of
    /// the 国办 notice's format a reader can look up.
    pub source_zh: &'static str,
    /// The same in English, with the official Chinese names kept.
    pub source: &'static str,
}

impl RuleInfo {
    pub fn title(&self, language: Language) -> &'static str {
        match language {
            Language::Chinese => self.title_zh,
            Language::English => self.title_en,
        }
    }
    pub fn description_in(&self, language: Language) -> &'static str {
        match language {
            Language::Chinese => self.description_zh,
            Language::English => self.description,
        }
    }
    pub fn source_in(&self, language: Language) -> &'static str {
        match language {
            Language::Chinese => self.source_zh,
            Language::English => self.source,
        }
    }
}

/// The Chinese description of a rule (docs/checks.md and the zh-CN site show it).
pub fn description_zh(id: &str) -> Option<&'static str> {
    rule_info(id).map(|r| r.description_zh)
}

pub fn rule_info(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

macro_rules! rule {
    ($id:expr, $group:ident, $sev:ident, $decl:expr, $zh:expr, $en:expr, $desc:expr, $desc_zh:expr, $src_zh:expr, $src:expr) => {
        RuleInfo {
            id: $id,
            group: RuleGroup::$group,
            severity: Severity::$sev,
            declarable: $decl,
            title_zh: $zh,
            title_en: $en,
            description: $desc,
            description_zh: $desc_zh,
            source_zh: $src_zh,
            source: $src,
        }
    };
}

pub static RULES: &[RuleInfo] = &[
    rule!(
        "file.unreadable",
        Structure,
        Error,
        false,
        "文件无法读取",
        "File cannot be read",
        "The file could not be read: not valid UTF-8, larger than the 2 MiB limit, empty, a link that leads nowhere or into a loop of links, a file its reader may not open, or an I/O error.",
        "文件无法读取：不是有效的 UTF-8 编码、超过 2 MiB 的上限、内容为空、链接无处可去或互相循环、没有读取权限，或发生输入输出错误。",
        "本站报告文件格式（docs/report-format.md）",
        "gongkai's report format (docs/report-format.md)"
    ),
    rule!(
        "file.outside-content",
        Structure,
        Error,
        false,
        "链接指向内容目录之外",
        "Link leads outside content/",
        "A symbolic link under content/ resolves to a place outside content/; it is not followed.",
        "content/ 下的符号链接指向 content/ 之外；不会跟随。",
        "本站报告文件格式（docs/report-format.md）",
        "gongkai's report format (docs/report-format.md)"
    ),
    rule!(
        "file.misplaced",
        Structure,
        Error,
        false,
        "文件位置不对",
        "File in the wrong place",
        "Agencies live in content/agencies/<id>.yaml and reports in content/reports/<agency-id>/<year>.md; anything else under those folders is refused.",
        "机关文件放在 content/agencies/<id>.yaml，报告放在 content/reports/<机关标识>/<年度>.md；这两个文件夹下的其他文件一律拒绝。",
        "本站报告文件格式（docs/report-format.md）",
        "gongkai's report format (docs/report-format.md)"
    ),
    rule!(
        "file.special",
        Structure,
        Error,
        false,
        "不是普通文件",
        "Not a regular file",
        "A path under content/, templates/, static/ or the theme is a named pipe, a socket, a device, or a folder where a file is expected (content/reports/<id>/2021.md/), or a link to one; only regular files are read, so nothing can block a run or be skipped without a word.",
        "content/、templates/、static/ 或主题下的某个路径是命名管道、套接字、设备，或在应为文件处是文件夹（如 content/reports/<id>/2021.md/），或是指向这些的链接；只读取普通文件，所以不会有任何东西让运行卡住，也不会有文件被悄悄跳过。",
        "本站报告文件格式（docs/report-format.md）",
        "gongkai's report format (docs/report-format.md)"
    ),
    rule!(
        "file.outside-site",
        Structure,
        Error,
        false,
        "链接指向站点目录之外",
        "Link leads outside the site",
        "A symbolic link under templates/, static/ or themes/ resolves to a place outside the site folder; it is not followed. A link to a file inside the site is followed.",
        "templates/、static/ 或 themes/ 下的符号链接指向站点文件夹之外；不会跟随。指向站点内文件的链接照常跟随。",
        "本站报告文件格式（docs/report-format.md）",
        "gongkai's report format (docs/report-format.md)"
    ),
    rule!(
        "text.control-character",
        Structure,
        Error,
        false,
        "含有控制字符",
        "Control character in a text file",
        "A text file (a report, an agency file, a page of content/, site.toml, a template) holds NUL or another control character of C0 or C1, or DEL; only tab, line feed and carriage return are allowed (CRLF line ends and a UTF-8 byte-order mark are fine).",
        "文本文件（报告、机关文件、content/ 中的页面、site.toml、模板）含有 NUL 或其他 C0、C1 控制字符或 DEL；只允许制表符、换行和回车（CRLF 行尾和 UTF-8 字节顺序标记都可以）。",
        "本站报告文件格式（docs/report-format.md）",
        "gongkai's report format (docs/report-format.md)"
    ),
    rule!(
        "yaml.syntax",
        Structure,
        Error,
        false,
        "YAML 语法错误",
        "YAML syntax error",
        "The YAML cannot be parsed, or uses anchors, aliases or tags, or nests too deep.",
        "YAML 无法解析，或使用了锚点、别名、标签，或嵌套过深。",
        "本站报告文件格式（docs/report-format.md）",
        "gongkai's report format (docs/report-format.md)"
    ),
    rule!(
        "report.front-matter",
        Structure,
        Error,
        false,
        "缺少前置数据",
        "Front matter missing",
        "A report file must start with YAML front matter between two `---` lines.",
        "报告文件必须以两行 `---` 之间的 YAML 前置数据开头。",
        "本站报告文件格式（docs/report-format.md）",
        "gongkai's report format (docs/report-format.md)"
    ),
    rule!(
        "schema.unknown-key",
        Structure,
        Error,
        false,
        "未知字段",
        "Unknown key",
        "A key that the format does not define (often a typo; the message suggests the nearest key).",
        "格式没有定义的字段（多为拼写错误；提示中会给出最接近的字段）。",
        "本站报告文件格式（docs/report-format.md）",
        "gongkai's report format (docs/report-format.md)"
    ),
    rule!(
        "schema.missing",
        Structure,
        Error,
        false,
        "缺少字段或行",
        "Missing field or row",
        "A required field, or a row of the report's template, is missing.",
        "缺少必填字段，或缺少报告所用格式中的某一行。",
        "本站报告文件格式（docs/report-format.md）",
        "gongkai's report format (docs/report-format.md)"
    ),
    rule!(
        "schema.type",
        Structure,
        Error,
        false,
        "类型错误",
        "Wrong type",
        "A value has the wrong type: text where a number belongs, a row with the wrong number of cells, a date not in YYYY-MM-DD form.",
        "取值类型不对：应为数字处写了文字，一行的单元格个数不对，日期不是 YYYY-MM-DD 形式。",
        "本站报告文件格式（docs/report-format.md）",
        "gongkai's report format (docs/report-format.md)"
    ),
    rule!(
        "schema.duplicate-key",
        Structure,
        Error,
        false,
        "字段重复",
        "Duplicate key",
        "The same key appears twice in one mapping.",
        "同一个映射中同一字段出现了两次。",
        "本站报告文件格式（docs/report-format.md）",
        "gongkai's report format (docs/report-format.md)"
    ),
    rule!(
        "value.negative",
        Structure,
        Error,
        false,
        "计数为负",
        "Negative count",
        "A count is negative. Only the 2019 template's 本年增/减 may be.",
        "计数为负数。只有2019年试行格式的「本年增/减」可以为负。",
        "国办公开办函〔2021〕30号所附《中华人民共和国政府信息公开工作年度报告格式》各表：件数为非负整数（2019年试行格式的「本年增/减」除外）",
        "the tables of the format annexed to 国办公开办函〔2021〕30号 (《中华人民共和国政府信息公开工作年度报告格式》): counts are non-negative whole numbers (except the 2019 trial format's 本年增/减)"
    ),
    rule!(
        "value.fractional",
        Structure,
        Error,
        false,
        "计数含小数",
        "Fractional count",
        "A count has a fractional part. Only fee and purchase amounts may.",
        "计数带有小数。只有收费金额和采购金额可以有小数。",
        "国办公开办函〔2021〕30号所附《中华人民共和国政府信息公开工作年度报告格式》各表：件数为整数，「本年收费金额（单位：万元）」可有小数",
        "the tables of the format annexed to 国办公开办函〔2021〕30号 (《中华人民共和国政府信息公开工作年度报告格式》): counts are whole numbers; only 「本年收费金额（单位：万元）」 may have decimals"
    ),
    rule!(
        "value.not-a-number",
        Structure,
        Error,
        false,
        "不是数字",
        "Not a number",
        "A cell holds something that is not a plain decimal number (`1e400`, `十二`, `235.9万元`, a quoted number).",
        "单元格中不是普通的十进制数字（如 `1e400`、`十二`、`235.9万元`、加了引号的数字）。",
        "本站报告文件格式（docs/report-format.md）",
        "gongkai's report format (docs/report-format.md)"
    ),
    rule!(
        "template.row",
        Structure,
        Error,
        false,
        "行不属于该格式",
        "Row not in template",
        "A row that belongs to the other national template, or to no template.",
        "该行属于另一种全国格式，或不属于任何格式。",
        "国办公开办函〔2019〕60号所附试行格式；国办公开办函〔2021〕30号所附《中华人民共和国政府信息公开工作年度报告格式》",
        "the trial format annexed to 国办公开办函〔2019〕60号; the format annexed to 国办公开办函〔2021〕30号 (《中华人民共和国政府信息公开工作年度报告格式》)"
    ),
    rule!(
        "report.year",
        Structure,
        Error,
        false,
        "年度超出范围",
        "Year out of range",
        "The report year is before 2008 (the first year of the 条例) or after next year.",
        "报告年度早于2008年（条例施行的第一年）或晚于明年。",
        "《中华人民共和国政府信息公开条例》（2008年5月1日起施行）",
        "《中华人民共和国政府信息公开条例》 (the Regulations on the Disclosure of Government Information, in force from 1 May 2008)"
    ),
    rule!(
        "agency.id",
        Structure,
        Error,
        false,
        "机关标识无效",
        "Invalid agency id",
        "An agency id must be a slug: lowercase ASCII letters, digits and single hyphens.",
        "机关标识必须是由小写 ASCII 字母、数字和单个连字符组成的短名。",
        "本站报告文件格式（docs/report-format.md）",
        "gongkai's report format (docs/report-format.md)"
    ),
    rule!(
        "agency.unknown",
        Structure,
        Error,
        false,
        "机关不存在",
        "Unknown agency",
        "A report or a parent names an agency that has no file in content/agencies/.",
        "报告或上级机关所指的机关在 content/agencies/ 中没有文件。",
        "本站报告文件格式（docs/report-format.md）",
        "gongkai's report format (docs/report-format.md)"
    ),
    rule!(
        "report.misfiled",
        Structure,
        Error,
        false,
        "报告存放位置与内容不符",
        "Report filed in the wrong place",
        "The agency or year in the front matter differs from the folder and file name.",
        "前置数据中的机关或年度与所在文件夹和文件名不一致。",
        "本站报告文件格式（docs/report-format.md）",
        "gongkai's report format (docs/report-format.md)"
    ),
    rule!(
        "report.duplicate",
        Structure,
        Error,
        false,
        "报告重复",
        "Duplicate report",
        "Two files hold the report of the same agency and year.",
        "同一机关同一年度的报告有两个文件。",
        "本站报告文件格式（docs/report-format.md）",
        "gongkai's report format (docs/report-format.md)"
    ),
    rule!(
        "report.untranscribed",
        Structure,
        Error,
        false,
        "尚未转录",
        "Nothing transcribed yet",
        "Every cell of every table is blank (~): the skeleton of `gongkai new` as it was written, not a report. If the agency really published its tables with every cell empty, say so with `tables_published_empty: true` in the front matter; the finding is then a warning, shown on the site as a data-quality flag. The key on a report that holds a number is an error (`declaration.unmatched`).",
        "所有表格的每个单元格都是空白（~）：这是 `gongkai new` 刚写出的骨架，还不是报告。如果机关发布的表格确实全部为空，请在前置数据中写 `tables_published_empty: true`；此时该问题降为提示，在网站上作为数据质量提示显示。含有数字的报告写了这一字段则是错误（`declaration.unmatched`）。",
        "本站报告文件格式（docs/report-format.md）",
        "gongkai's report format (docs/report-format.md)"
    ),
    rule!(
        "declaration.unmatched",
        Structure,
        Error,
        false,
        "声明与实际不符",
        "Declaration does not match",
        "An `as_published` declaration names a finding that the checks do not find, or whose values differ from what the report now holds: a second mistake, or a stale declaration. So does `tables_published_empty: true` on a report whose tables hold a number.",
        "`as_published` 声明所指的问题，检查并没有发现，或者其数值与报告现在的数值不同：要么又有一处错误，要么声明已过时。表格中有数字的报告写了 `tables_published_empty: true` 也属此类。",
        "本站检查说明（docs/checks.md，机关错误与贡献者错误）",
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
        "第三部分的每一列：一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理。",
        "国办公开办函〔2021〕30号所附《中华人民共和国政府信息公开工作年度报告格式》第三部分表头：「本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和」（国办公开办函〔2019〕60号试行格式同）",
        "the header of section 三 in the format annexed to 国办公开办函〔2021〕30号 (《中华人民共和国政府信息公开工作年度报告格式》): 「本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和」 (the same in the 2019 trial format of 国办公开办函〔2019〕60号)"
    ),
    rule!(
        "requests.row-total",
        Arithmetic,
        Error,
        true,
        "申请人合计不符",
        "Applicant total does not add up",
        "For every row of section 三: 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他.",
        "第三部分的每一行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他。",
        "国办公开办函〔2021〕30号所附《中华人民共和国政府信息公开工作年度报告格式》第三部分表格：「总计」列为各类申请人之和（由表格结构决定）",
        "the table of section 三 in the format annexed to 国办公开办函〔2021〕30号 (《中华人民共和国政府信息公开工作年度报告格式》): the 总计 column is the sum of the applicant columns (implied by the table)"
    ),
    rule!(
        "requests.outcome-total",
        Arithmetic,
        Error,
        true,
        "办理结果合计不符",
        "Outcomes do not add up to the total",
        "For every column of section 三: （七）总计 = the sum of all outcome rows （一） to （六）.",
        "第三部分的每一列：（七）总计 = （一）至（六）各办理结果行之和。",
        "国办公开办函〔2021〕30号所附《中华人民共和国政府信息公开工作年度报告格式》第三部分「三、本年度办理结果」：「（二）部分公开（区分处理的，只计这一情形，不计其他情形）」，每件申请只计入一个办理结果",
        "section 三, 「三、本年度办理结果」, of the format annexed to 国办公开办函〔2021〕30号 (《中华人民共和国政府信息公开工作年度报告格式》): 「（二）部分公开（区分处理的，只计这一情形，不计其他情形）」, so each request counts in exactly one outcome row"
    ),
    rule!(
        "review.group-total",
        Arithmetic,
        Error,
        true,
        "复议诉讼合计不符",
        "Review or lawsuit total does not add up",
        "In section 四, for 行政复议 and both kinds of 行政诉讼: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.",
        "第四部分的行政复议和两类行政诉讼：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结。",
        "国办公开办函〔2021〕30号所附《中华人民共和国政府信息公开工作年度报告格式》第四部分表格：各组「总计」为其前四项之和（由表格结构决定）",
        "the table of section 四 in the format annexed to 国办公开办函〔2021〕30号 (《中华人民共和国政府信息公开工作年度报告格式》): each group's 总计 is the sum of the four before it (implied by the table)"
    ),
    rule!(
        "arithmetic.unchecked",
        Arithmetic,
        Info,
        false,
        "因空白无法核对",
        "Could not be checked: blank cells",
        "An arithmetic rule, or the carry-over from last year, involves a blank cell (or a merged one), so it cannot be checked. Blank is not 0.",
        "某条勾稽关系或与上年的衔接涉及空白（或合并）的单元格，因此无法核对。空白不等于 0。",
        "本站转录规则：空白按原样保留为空白，不作 0 处理（docs/report-format.md）",
        "gongkai's transcription rule: blank stays blank, never 0 (docs/report-format.md)"
    ),
    rule!(
        "years.carry-over",
        Years,
        Error,
        true,
        "上年结转与上年报告不符",
        "Carry-over differs from last year's report",
        "This year's 二、上年结转 equals last year's 四、结转下年度继续办理, column by column.",
        "本年的二、上年结转应逐列等于上年报告的四、结转下年度继续办理。",
        "国办公开办函〔2021〕30号所附《中华人民共和国政府信息公开工作年度报告格式》第三部分：「二、上年结转政府信息公开申请数量」与上一年度报告的「四、结转下年度继续办理」",
        "section 三 of the format annexed to 国办公开办函〔2021〕30号 (《中华人民共和国政府信息公开工作年度报告格式》): 「二、上年结转政府信息公开申请数量」 against last year's 「四、结转下年度继续办理」"
    ),
    rule!(
        "years.in-force",
        Years,
        Warning,
        true,
        "现行有效件数前后不衔接",
        "Documents in force do not roll forward",
        "2021 template: last year's 现行有效件数 + 本年制发件数 − 本年废止件数 should equal this year's 现行有效件数. A warning: stocks are often restated after clean-ups.",
        "2021年格式：上年的现行有效件数 + 本年制发件数 − 本年废止件数，应等于本年的现行有效件数。只作提示：清理文件后常会重新核定存量。",
        "国办公开办函〔2021〕30号所附《中华人民共和国政府信息公开工作年度报告格式》第二部分「第二十条第（一）项」：本年制发件数、本年废止件数、现行有效件数",
        "section 二, 「第二十条第（一）项」, of the format annexed to 国办公开办函〔2021〕30号 (《中华人民共和国政府信息公开工作年度报告格式》): 本年制发件数, 本年废止件数, 现行有效件数"
    ),
    rule!(
        "years.item-count",
        Years,
        Warning,
        true,
        "项目数量前后不衔接",
        "Item counts do not roll forward",
        "2019 template: this year's 上一年项目数量 should equal last year's 上一年项目数量 + 本年增/减.",
        "2019年试行格式：本年的上一年项目数量应等于上年的上一年项目数量 + 本年增/减。",
        "国办公开办函〔2019〕60号所附试行格式第二部分「第二十条第（五）（六）（八）（九）项」：上一年项目数量、本年增/减",
        "section 二, 「第二十条第（五）（六）（八）（九）项」, of the trial format annexed to 国办公开办函〔2019〕60号: 上一年项目数量, 本年增/减"
    ),
    rule!(
        "publication.late",
        Publication,
        Warning,
        false,
        "逾期发布",
        "Published after the deadline",
        "Published after the statutory deadline: 1月31日 for departments, general offices and townships (reports from 2019 on); 3月31日 for a county-or-higher government's consolidated report and for every report before 2019.",
        "晚于法定期限发布：部门、办公厅（室）和乡镇（2019年度起的报告）为1月31日；县级以上人民政府的本级政府年度报告，以及2019年度以前的所有报告，为3月31日。",
        "《中华人民共和国政府信息公开条例》第四十九条；国办公开办函〔2021〕30号",
        "Article 49 of 《中华人民共和国政府信息公开条例》 (the Regulations on the Disclosure of Government Information); 国办公开办函〔2021〕30号"
    ),
    rule!(
        "publication.date-unknown",
        Publication,
        Info,
        false,
        "未注明发布日期",
        "Publication date not stated",
        "The report does not state its publication date, so timeliness cannot be checked.",
        "报告没有注明发布日期，因此无法核对是否按时发布。",
        "《中华人民共和国政府信息公开条例》第四十九条",
        "Article 49 of 《中华人民共和国政府信息公开条例》 (the Regulations on the Disclosure of Government Information)"
    ),
    rule!(
        "publication.template",
        Publication,
        Warning,
        false,
        "格式与年度不符",
        "Template does not match the year",
        "Reports for 2019 and 2020 use the 2019 trial format; reports from 2021 on use the 2021 format; reports before 2019 had no national template.",
        "2019、2020年度的报告使用2019年试行格式；2021年度起使用2021年格式；2019年度以前没有全国统一格式。",
        "国办公开办函〔2019〕60号；国办公开办函〔2021〕30号",
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
        "六个部分缺少其中之一（一、五、六为文字，必须有；二、三、四为表格）。",
        "《中华人民共和国政府信息公开条例》第五十条；国办公开办函〔2021〕30号：「年度报告内容，要严格按照《中华人民共和国政府信息公开条例》第五十条的规定确定，不能遗漏，也不宜泛化」",
        "Article 50 of 《中华人民共和国政府信息公开条例》 (the Regulations on the Disclosure of Government Information); 国办公开办函〔2021〕30号: 「年度报告内容，要严格按照《中华人民共和国政府信息公开条例》第五十条的规定确定，不能遗漏，也不宜泛化」 (nothing left out)"
    ),
    rule!(
        "narrative.empty-section",
        Narrative,
        Warning,
        false,
        "章节内容为空",
        "Section left empty",
        "A free-text section has its heading but no text.",
        "文字部分有标题，却没有内容。",
        "《中华人民共和国政府信息公开条例》第五十条；国办公开办函〔2021〕30号：「不能遗漏，也不宜泛化」",
        "Article 50 of 《中华人民共和国政府信息公开条例》 (the Regulations on the Disclosure of Government Information); 国办公开办函〔2021〕30号: 「不能遗漏，也不宜泛化」"
    ),
    rule!(
        "narrative.heading",
        Narrative,
        Error,
        false,
        "章节标题无法识别",
        "Unknown section heading",
        "A level-2 heading (`## …`) in the body is not one of the six section headings, or repeats or reorders them.",
        "正文中的二级标题（`## …`）不是六个部分的标题之一，或重复、或顺序颠倒。",
        "本站报告文件格式（docs/report-format.md）",
        "gongkai's report format (docs/report-format.md)"
    ),
    rule!(
        "narrative.unsafe-html",
        Narrative,
        Error,
        false,
        "文字中含不安全的 HTML",
        "Unsafe HTML in a narrative",
        "Raw HTML in a narrative with a script, an event handler, an embedded frame or a `javascript:` link. The site would strip it anyway; the file must not carry it.",
        "文字部分的原始 HTML 含有脚本、事件处理属性、内嵌框架或 `javascript:` 链接。网站无论如何都会去掉它，但文件里不应带有它。",
        "本站报告文件格式（docs/report-format.md）",
        "gongkai's report format (docs/report-format.md)"
    ),
    rule!(
        "narrative.table-mismatch",
        Narrative,
        Warning,
        true,
        "文字与表格不一致",
        "Narrative contradicts the tables",
        "The narrative states a figure that the tables also give, and the two differ: 「共收到政府信息公开申请5件」 where 一、本年新收 总计 is 4. Found in the report's own text: statements of requests received, carried over, handled, granted, partly granted, carried forward, reconsiderations and lawsuits, and of documents issued, licences, penalties and coercive measures, matched to a cell only when the phrase names it unambiguously and the year is the report year (「2023年共收到」 in a 2024 report is not this year's figure). Reported at the number in the narrative, with the table's value; a blank cell is not compared. A declaration under `as_published` (`rule`, `cell`, `note`) of a mismatch the check finds is no longer needed but keeps working: the finding takes the declaration's wording and shows its note. A declaration that matches no finding is stale: `declaration.unmatched`.",
        "文字部分陈述了表格中也有的数字，两者不一致：例如「共收到政府信息公开申请5件」，而一、本年新收政府信息公开申请数量的总计为4。检查从报告文字中读取收到申请、上年结转、办结、予以公开、部分公开、结转下年度继续办理、行政复议、行政诉讼、制发规范性文件以及行政许可、行政处罚、行政强制决定的数字；只有措辞明确指向某一单元格、且年份为报告年度时才比较（2024年报告中的「2023年共收到」不是本年度的数字），有歧义的不比较。问题标在文字中该数字所在的行和列，并给出表格中的数值；空白单元格不比较。`as_published` 中对检查已发现的不一致的声明不再必要，但仍然有效：该问题沿用声明的措辞并显示其说明；不对应任何问题的声明已过时，报 `declaration.unmatched`。",
        "国办公开办函〔2021〕30号：年度报告所需数据要「统得出、报得准、可核查」",
        "国办公开办函〔2021〕30号: the figures of a report must be 「统得出、报得准、可核查」 (countable, accurate, verifiable)"
    ),
    rule!(
        "config.syntax",
        Site,
        Error,
        false,
        "site.toml 语法错误",
        "site.toml syntax error",
        "site.toml is not valid TOML.",
        "site.toml 不是有效的 TOML。",
        "本站的站点目录与配置说明（README.md）",
        "gongkai's site layout (README.md, Layout)"
    ),
    rule!(
        "config.unknown-key",
        Site,
        Error,
        false,
        "site.toml 未知字段",
        "Unknown key in site.toml",
        "site.toml holds a key gongkai does not know (often a typo; the message suggests the nearest key). The keys are title, description, base_url, language, theme and data_license.",
        "site.toml 中有 gongkai 不认识的字段（多为拼写错误；提示中会给出最接近的字段）。可用的字段为 title、description、base_url、language、theme 和 data_license。",
        "本站的站点目录与配置说明（README.md）",
        "gongkai's site layout (README.md, Layout)"
    ),
    rule!(
        "config.value",
        Site,
        Error,
        false,
        "site.toml 取值无效",
        "Invalid value in site.toml",
        "A value of site.toml has the wrong type or is not allowed: title is missing or not a string, language is not zh-CN or en, base_url is neither an http(s) address nor a path starting with /, or theme is not a folder name. `build --base-url` is held to the same rule.",
        "site.toml 中的某个取值类型不对或不被允许：title 缺失或不是字符串，language 不是 zh-CN 或 en，base_url 既不是 http(s) 地址也不是以 / 开头的路径，或 theme 不是文件夹名。`build --base-url` 也遵守同样的规则。",
        "本站的站点目录与配置说明（README.md）",
        "gongkai's site layout (README.md, Layout)"
    ),
    rule!(
        "theme.missing",
        Site,
        Error,
        false,
        "主题不存在",
        "Theme not found",
        "site.toml names a theme other than default, and themes/<theme>/ does not exist (or is not a folder).",
        "site.toml 指定了 default 以外的主题，但 themes/<主题>/ 不存在（或不是文件夹）。",
        "本站的站点目录与配置说明（README.md）",
        "gongkai's site layout (README.md, Layout)"
    ),
    rule!(
        "theme.template",
        Site,
        Error,
        false,
        "模板语法错误",
        "Template syntax error",
        "A Tera template of the theme or of templates/ cannot be parsed, or extends or includes a template that does not exist. Only the syntax is checked by check; rendering is left to build.",
        "主题或 templates/ 中的某个 Tera 模板无法解析，或继承、包含了不存在的模板。check 只检查语法；渲染留给 build。",
        "本站的站点目录与配置说明（README.md）",
        "gongkai's site layout (README.md, Layout)"
    ),
    rule!(
        "narrative.copied",
        Narrative,
        Warning,
        false,
        "内容雷同",
        "Narrative copied from another report",
        "A free-text section (一、五、六; at least 100 characters) whose text is mostly found in one other report: the same agency's earlier report or another agency's report of the same year. The share is the share of the section's characters (white space and Markdown markup aside, every run of digits counted as one character, so that a copy which only changed 「2023年」 to 「2024年」 is still a copy) covered by passages of at least 20 characters that the other report's same section also holds. The section is compared with the one report that shares the most fingerprints with it (winnowed 12-character grams; a gram held by more than 16 sections is a common formula and ignored). A warning when the share reaches `copied_share` under `[checks]` in site.toml (default 0.8); the report page links to a side-by-side page with the shared passages marked.",
        "文字章节（一、五、六，至少100字）的大部分文字也出现在另一份报告中：本机关以前年度的报告，或其他机关同一年度的报告。雷同比例是本章节文字（不计空白和 Markdown 标记，每一串数字只算一个字，因此只把「2023年」改成「2024年」的照抄仍算照抄）中，被另一份报告同一章节里也有的、至少20字的段落覆盖的字数所占的比例。每个章节只与指纹（12字片段经筛选的哈希）相同最多的那一份报告比较；超过16个章节共有的片段视为常用套话，不作依据。比例达到 site.toml 中 `[checks]` 的 `copied_share`（默认0.8）时给出警告；报告页面链接到并排对照页，标出相同的段落。",
        "国办公开办函〔2021〕30号：第五部分「不得出现敷衍了事甚至年年雷同现象」；出现「内容雷同、敷衍塞责等问题并造成不良后果的」，依《中华人民共和国政府信息公开条例》第四十七条追究责任",
        "国办公开办函〔2021〕30号: part 五 must not be 「年年雷同」 (the same year after year); reports 「内容雷同」 (copied) with ill effect are sanctioned under 条例 article 47"
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
