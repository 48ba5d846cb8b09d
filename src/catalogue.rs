//! The one catalogue of the national report templates.
//!
//! Every section, row, column, key, Chinese label, English label and arithmetic rule of the
//! 2019 trial format (国办公开办函〔2019〕60号, reports for 2019 and 2020) and the 2021 format
//! (国办公开办函〔2021〕30号, reports from 2021 on) is defined here, once. Validation iterates
//! [`TemplateDef::rules`]; rendering iterates [`TemplateDef::sections`]; the importer matches
//! [`RowDef::zh`]; export writes the keys. A label string is never typed anywhere else.
//!
//! Labels are written exactly as the national templates write them (full-width brackets).

use std::fmt;

/// Which national format a report follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Template {
    /// 2019 trial format, for reports on 2019 and 2020.
    F2019,
    /// 2021 revised format, for reports from 2021 on.
    F2021,
}

impl Template {
    pub const ALL: [Template; 2] = [Template::F2019, Template::F2021];

    /// The number contributors write in `template:`.
    pub fn code(self) -> u16 {
        match self {
            Template::F2019 => 2019,
            Template::F2021 => 2021,
        }
    }

    pub fn from_code(code: i64) -> Option<Template> {
        match code {
            2019 => Some(Template::F2019),
            2021 => Some(Template::F2021),
            _ => None,
        }
    }

    /// The template the national notices prescribe for a report year, if any existed.
    pub fn expected_for_year(year: u16) -> Option<Template> {
        match year {
            0..=2018 => None,
            2019 | 2020 => Some(Template::F2019),
            _ => Some(Template::F2021),
        }
    }

    pub fn def(self) -> &'static TemplateDef {
        match self {
            Template::F2019 => &TEMPLATE_2019,
            Template::F2021 => &TEMPLATE_2021,
        }
    }

    /// The notice that defines the template.
    pub fn notice(self) -> &'static str {
        match self {
            Template::F2019 => "国办公开办函〔2019〕60号",
            Template::F2021 => "国办公开办函〔2021〕30号",
        }
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code())
    }
}

/// The three tabular sections of a report. Sections 一, 五 and 六 are free text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SectionId {
    /// 二、主动公开政府信息情况
    Proactive,
    /// 三、收到和处理政府信息公开申请情况
    Requests,
    /// 四、政府信息公开行政复议、行政诉讼情况
    Review,
}

impl SectionId {
    pub const ALL: [SectionId; 3] = [SectionId::Proactive, SectionId::Requests, SectionId::Review];

    /// The key used in report files and in the tidy data.
    pub fn key(self) -> &'static str {
        match self {
            SectionId::Proactive => "proactive",
            SectionId::Requests => "requests",
            SectionId::Review => "review",
        }
    }

    pub fn from_key(key: &str) -> Option<SectionId> {
        SectionId::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The narrative section that holds this table.
    pub fn narrative(self) -> NarrativeSection {
        match self {
            SectionId::Proactive => NarrativeSection::Proactive,
            SectionId::Requests => NarrativeSection::Requests,
            SectionId::Review => NarrativeSection::Review,
        }
    }
}

/// The six sections every report must have (条例第五十条), in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NarrativeSection {
    Overview,
    Proactive,
    Requests,
    Review,
    Problems,
    Other,
}

impl NarrativeSection {
    pub const ALL: [NarrativeSection; 6] = [
        NarrativeSection::Overview,
        NarrativeSection::Proactive,
        NarrativeSection::Requests,
        NarrativeSection::Review,
        NarrativeSection::Problems,
        NarrativeSection::Other,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The heading as the template writes it, with its number.
    pub fn heading(self) -> &'static str {
        match self {
            NarrativeSection::Overview => "一、总体情况",
            NarrativeSection::Proactive => "二、主动公开政府信息情况",
            NarrativeSection::Requests => "三、收到和处理政府信息公开申请情况",
            NarrativeSection::Review => "四、政府信息公开行政复议、行政诉讼情况",
            NarrativeSection::Problems => "五、存在的主要问题及改进情况",
            NarrativeSection::Other => "六、其他需要报告的事项",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            NarrativeSection::Overview => "1. Overview",
            NarrativeSection::Proactive => "2. Proactive disclosure",
            NarrativeSection::Requests => "3. Disclosure requests received and handled",
            NarrativeSection::Review => "4. Administrative reconsideration and litigation",
            NarrativeSection::Problems => "5. Main problems and improvements",
            NarrativeSection::Other => "6. Other matters to report",
        }
    }

    /// A stable key for anchors and data.
    pub fn key(self) -> &'static str {
        match self {
            NarrativeSection::Overview => "overview",
            NarrativeSection::Proactive => "proactive",
            NarrativeSection::Requests => "requests",
            NarrativeSection::Review => "review",
            NarrativeSection::Problems => "problems",
            NarrativeSection::Other => "other",
        }
    }

    /// Sections 一, 五 and 六 are free text 「（文字描述）」 in both templates; the other three
    /// are tables, whose text under the heading is optional.
    pub fn is_free_text(self) -> bool {
        matches!(
            self,
            NarrativeSection::Overview | NarrativeSection::Problems | NarrativeSection::Other
        )
    }

    /// The section whose heading (without its number) matches `text` after normalisation.
    pub fn from_heading(text: &str) -> Option<NarrativeSection> {
        // Nearly every heading is written exactly as the template has it.
        if let Some(exact) = NarrativeSection::ALL
            .into_iter()
            .find(|s| s.heading() == text)
        {
            return Some(exact);
        }
        let wanted = normalize_label(text);
        NarrativeSection::ALL
            .into_iter()
            .find(|s| normalize_label(s.heading()) == wanted)
    }
}

/// What kind of number a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// A non-negative whole number.
    Count,
    /// A whole number that may be negative (2019's 本年增/减).
    SignedCount,
    /// A non-negative decimal amount in the given unit.
    Amount(Unit),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// 万元 (2021 fee amounts).
    WanYuan,
    /// 元 (2019 purchase totals).
    Yuan,
}

impl Unit {
    pub fn zh(self) -> &'static str {
        match self {
            Unit::WanYuan => "万元",
            Unit::Yuan => "元",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            Unit::WanYuan => "10,000 yuan",
            Unit::Yuan => "yuan",
        }
    }
}

#[derive(Debug)]
pub struct ColumnDef {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub kind: ValueKind,
}

#[derive(Debug)]
pub struct RowDef {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    /// Enclosing group labels, outermost first (「三、本年度办理结果」, 「（三）不予公开」).
    pub groups: &'static [Group],
}

#[derive(Debug, PartialEq, Eq)]
pub struct Group {
    pub zh: &'static str,
    pub en: &'static str,
}

/// A block is a run of rows sharing one header row: one 第二十条 item in section 二, the whole
/// matrix in sections 三 and 四.
#[derive(Debug)]
pub struct BlockDef {
    pub key: &'static str,
    /// The band above the header row (「第二十条第（一）项」), if the template has one.
    pub band: Option<Group>,
    /// Column group labels above the columns, as (label, first column, span).
    pub column_groups: &'static [(Group, usize, usize)],
    pub columns: &'static [ColumnDef],
    pub rows: &'static [RowDef],
}

#[derive(Debug)]
pub struct SectionDef {
    pub id: SectionId,
    pub blocks: &'static [BlockDef],
    /// Rows of this section may be published as one merged cell whose column is unknowable.
    pub allows_merged_rows: bool,
    /// The template's own rule text printed in the header, if any.
    pub header_note: Option<&'static str>,
}

/// An arithmetic rule of the format, as data.
#[derive(Debug)]
pub struct ArithmeticRule {
    pub id: &'static str,
    pub section: SectionId,
    pub shape: RuleShape,
}

#[derive(Debug)]
pub enum RuleShape {
    /// For every row of `rows`: the `total` column equals the sum of the `parts` columns.
    Across {
        rows: RowSet,
        total: &'static str,
        parts: &'static [&'static str],
    },
    /// For every column of the section (and the merged pseudo-column): the sum of the `left`
    /// rows equals the sum of the `right` rows. The finding is reported at the `anchor` row.
    Down {
        left: RowSet,
        right: RowSet,
        anchor: &'static str,
    },
}

/// A set of rows of one section, named without repeating row keys where the template's
/// structure already says it.
#[derive(Debug)]
pub enum RowSet {
    /// Every row of the section.
    All,
    /// These rows, by key.
    Keys(&'static [&'static str]),
    /// Every row inside a group, except one (「三、本年度办理结果」 without （七）总计).
    GroupExcept {
        group: &'static Group,
        except: &'static str,
    },
}

impl RowSet {
    /// The rows of this set in a section of a template, in template order.
    pub fn rows(&self, def: &TemplateDef, section: SectionId) -> Vec<&'static RowDef> {
        def.rows(section)
            .map(|(_, r)| r)
            .filter(|r| match self {
                RowSet::All => true,
                RowSet::Keys(keys) => keys.contains(&r.key),
                RowSet::GroupExcept { group, except } => {
                    r.key != *except && r.groups.first() == Some(*group)
                }
            })
            .collect()
    }
}

pub struct TemplateDef {
    pub template: Template,
    pub sections: &'static [SectionDef],
    pub rules: &'static [ArithmeticRule],
    /// Built on first use: where each row's cells start, so a cell lookup is a hash probe
    /// rather than a walk over the template (it is on the hot path of every check).
    slots: std::sync::OnceLock<SlotMap>,
}

/// Where a row lives in a template.
#[derive(Clone, Copy, Debug)]
pub struct RowSlot {
    /// Index of the row's first cell in [`TemplateDef::cells`] order.
    pub offset: usize,
    /// Index of the row within its section.
    pub index: usize,
    pub block: &'static BlockDef,
    pub row: &'static RowDef,
}

impl fmt::Debug for TemplateDef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TemplateDef({})", self.template)
    }
}

/// The position of a row in a template: section, block and row index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RowPos {
    pub section: SectionId,
    pub block: usize,
    pub row: usize,
}

/// The slot index is looked up for every cell of every report: FNV-1a over the catalogue's own
/// short keys, not SipHash.
type SlotMap = std::collections::HashMap<
    (SectionId, &'static str),
    RowSlot,
    std::hash::BuildHasherDefault<crate::hash::FnvHasher>,
>;

impl TemplateDef {
    fn slots(&self) -> &SlotMap {
        self.slots.get_or_init(|| {
            let mut map = SlotMap::default();
            let mut offset = 0;
            for s in self.sections {
                let mut index = 0;
                for b in s.blocks {
                    for r in b.rows {
                        map.insert(
                            (s.id, r.key),
                            RowSlot {
                                offset,
                                index,
                                block: b,
                                row: r,
                            },
                        );
                        offset += b.columns.len();
                        index += 1;
                    }
                }
            }
            map
        })
    }

    /// Where a row is, by section and key.
    pub fn slot(&self, section: SectionId, key: &str) -> Option<RowSlot> {
        self.slots().get(&(section, key)).copied()
    }

    pub fn section(&self, id: SectionId) -> &'static SectionDef {
        self.sections
            .iter()
            .find(|s| s.id == id)
            .expect("every template defines all three sections")
    }

    /// Every row of a section, in template order, with its block.
    pub fn rows(
        &self,
        id: SectionId,
    ) -> impl Iterator<Item = (&'static BlockDef, &'static RowDef)> {
        self.section(id)
            .blocks
            .iter()
            .flat_map(|b| b.rows.iter().map(move |r| (b, r)))
    }

    /// Find a row by its key within a section.
    pub fn row(&self, id: SectionId, key: &str) -> Option<(&'static BlockDef, &'static RowDef)> {
        self.slot(id, key).map(|s| (s.block, s.row))
    }

    /// The number of cells (rows × columns) of a section.
    pub fn cell_count(&self, id: SectionId) -> usize {
        self.rows(id).map(|(b, _)| b.columns.len()).sum()
    }

    /// All data cells of the template in canonical order: section, row, column.
    pub fn cells(&self) -> impl Iterator<Item = CellDef> + '_ {
        self.sections.iter().flat_map(|s| {
            s.blocks.iter().flat_map(move |b| {
                b.rows.iter().flat_map(move |r| {
                    b.columns.iter().map(move |c| CellDef {
                        section: s.id,
                        block: b,
                        row: r,
                        column: c,
                    })
                })
            })
        })
    }

    /// Index of the first cell of a row in [`TemplateDef::cells`] order.
    pub fn row_offset(&self, section: SectionId, row_key: &str) -> Option<usize> {
        self.slot(section, row_key).map(|s| s.offset)
    }

    pub fn total_cells(&self) -> usize {
        self.sections.iter().map(|s| self.cell_count(s.id)).sum()
    }
}

/// One cell slot of a template.
#[derive(Clone, Copy, Debug)]
pub struct CellDef {
    pub section: SectionId,
    pub block: &'static BlockDef,
    pub row: &'static RowDef,
    pub column: &'static ColumnDef,
}

impl CellDef {
    /// `section.row.column`, the address used in declarations and flags.
    pub fn address(&self) -> String {
        format!(
            "{}.{}.{}",
            self.section.key(),
            self.row.key,
            self.column.key
        )
    }
}

/// Fold the variants real reports use for one label: half- and full-width brackets and
/// punctuation, spaces and line breaks, curly versus straight quotes.
pub fn normalize_label(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ',' => '，',
            ':' => '：',
            ';' => '；',
            '"' | '“' | '”' => '"',
            '.' | '．' => '.',
            other => other,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Section 二 — 主动公开政府信息情况

const fn group(zh: &'static str, en: &'static str) -> Group {
    Group { zh, en }
}

const fn col(key: &'static str, zh: &'static str, en: &'static str, kind: ValueKind) -> ColumnDef {
    ColumnDef { key, zh, en, kind }
}

const fn row(key: &'static str, zh: &'static str, en: &'static str) -> RowDef {
    RowDef {
        key,
        zh,
        en,
        groups: &[],
    }
}

const fn grouped_row(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    groups: &'static [Group],
) -> RowDef {
    RowDef {
        key,
        zh,
        en,
        groups,
    }
}

const ITEM_1: Group = group("第二十条第（一）项", "Article 20 (1)");
const ITEM_5: Group = group("第二十条第（五）项", "Article 20 (5)");
const ITEM_6: Group = group("第二十条第（六）项", "Article 20 (6)");
const ITEM_8: Group = group("第二十条第（八）项", "Article 20 (8)");
const ITEM_9: Group = group("第二十条第（九）项", "Article 20 (9)");

const REGULATIONS: RowDef = row("regulations", "规章", "Rules");
const NORMATIVE_2019: RowDef = row("normative_documents", "规范性文件", "Normative documents");
const NORMATIVE_2021: RowDef = row(
    "normative_documents",
    "行政规范性文件",
    "Administrative normative documents",
);
const LICENSING: RowDef = row("licensing", "行政许可", "Administrative licensing");
const OTHER_SERVICES: RowDef = row(
    "other_services",
    "其他对外管理服务事项",
    "Other external management services",
);
const PENALTIES: RowDef = row("penalties", "行政处罚", "Administrative penalties");
const COERCION: RowDef = row("coercion", "行政强制", "Administrative coercion");
const ADMIN_FEES: RowDef = row("admin_fees", "行政事业性收费", "Administrative fees");
const PROCUREMENT: RowDef = row(
    "central_procurement",
    "政府集中采购",
    "Centralised government procurement",
);

const ISSUED: ColumnDef = col(
    "issued",
    "本年制发件数",
    "Issued this year",
    ValueKind::Count,
);
const REPEALED: ColumnDef = col(
    "repealed",
    "本年废止件数",
    "Repealed this year",
    ValueKind::Count,
);
const IN_FORCE: ColumnDef = col(
    "in_force",
    "现行有效件数",
    "Currently in force",
    ValueKind::Count,
);
const DECISIONS_2021: ColumnDef = col(
    "decisions",
    "本年处理决定数量",
    "Decisions this year",
    ValueKind::Count,
);
const FEE_AMOUNT: ColumnDef = col(
    "fee_amount",
    "本年收费金额（单位：万元）",
    "Fees collected this year (10,000 yuan)",
    ValueKind::Amount(Unit::WanYuan),
);
const MADE: ColumnDef = col("made", "本年新制作数量", "Made this year", ValueKind::Count);
const NEWLY_PUBLISHED: ColumnDef = col(
    "published",
    "本年新公开数量",
    "Newly published this year",
    ValueKind::Count,
);
const TOTAL_PUBLISHED: ColumnDef = col(
    "total_published",
    "对外公开总数量",
    "Total published",
    ValueKind::Count,
);
const PREVIOUS_ITEMS: ColumnDef = col(
    "previous_items",
    "上一年项目数量",
    "Items last year",
    ValueKind::Count,
);
const CHANGE: ColumnDef = col(
    "change",
    "本年增/减",
    "Change this year",
    ValueKind::SignedCount,
);
const DECISIONS_2019: ColumnDef = col("decisions", "处理决定数量", "Decisions", ValueKind::Count);
const PURCHASE_ITEMS: ColumnDef = col(
    "purchase_items",
    "采购项目数量",
    "Procurement projects",
    ValueKind::Count,
);
const PURCHASE_AMOUNT: ColumnDef = col(
    "purchase_amount",
    "采购总金额",
    "Total procurement amount (yuan)",
    ValueKind::Amount(Unit::Yuan),
);

static PROACTIVE_2021: &[BlockDef] = &[
    BlockDef {
        key: "item_1",
        band: Some(ITEM_1),
        column_groups: &[],
        columns: &[ISSUED, REPEALED, IN_FORCE],
        rows: &[REGULATIONS, NORMATIVE_2021],
    },
    BlockDef {
        key: "item_5",
        band: Some(ITEM_5),
        column_groups: &[],
        columns: &[DECISIONS_2021],
        rows: &[LICENSING],
    },
    BlockDef {
        key: "item_6",
        band: Some(ITEM_6),
        column_groups: &[],
        columns: &[DECISIONS_2021],
        rows: &[PENALTIES, COERCION],
    },
    BlockDef {
        key: "item_8",
        band: Some(ITEM_8),
        column_groups: &[],
        columns: &[FEE_AMOUNT],
        rows: &[ADMIN_FEES],
    },
];

static PROACTIVE_2019: &[BlockDef] = &[
    BlockDef {
        key: "item_1",
        band: Some(ITEM_1),
        column_groups: &[],
        columns: &[MADE, NEWLY_PUBLISHED, TOTAL_PUBLISHED],
        rows: &[REGULATIONS, NORMATIVE_2019],
    },
    BlockDef {
        key: "item_5",
        band: Some(ITEM_5),
        column_groups: &[],
        columns: &[PREVIOUS_ITEMS, CHANGE, DECISIONS_2019],
        rows: &[LICENSING, OTHER_SERVICES],
    },
    BlockDef {
        key: "item_6",
        band: Some(ITEM_6),
        column_groups: &[],
        columns: &[PREVIOUS_ITEMS, CHANGE, DECISIONS_2019],
        rows: &[PENALTIES, COERCION],
    },
    BlockDef {
        key: "item_8",
        band: Some(ITEM_8),
        column_groups: &[],
        columns: &[PREVIOUS_ITEMS, CHANGE],
        rows: &[ADMIN_FEES],
    },
    BlockDef {
        key: "item_9",
        band: Some(ITEM_9),
        column_groups: &[],
        columns: &[PURCHASE_ITEMS, PURCHASE_AMOUNT],
        rows: &[PROCUREMENT],
    },
];

// ---------------------------------------------------------------------------------------------
// Section 三 — 收到和处理政府信息公开申请情况

/// The rule text the template prints in the top-left header cell of section 三.
pub const REQUESTS_HEADER_NOTE: &str =
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
pub const APPLICANTS: Group = group("申请人情况", "Applicants");
pub const ORGANISATIONS: Group = group("法人或其他组织", "Legal persons and other organisations");

const NATURAL_PERSON: ColumnDef = col(
    "natural_person",
    "自然人",
    "Natural persons",
    ValueKind::Count,
);
const BUSINESS: ColumnDef = col("business", "商业企业", "Businesses", ValueKind::Count);
const RESEARCH: ColumnDef = col(
    "research",
    "科研机构",
    "Research institutions",
    ValueKind::Count,
);
const PUBLIC_INTEREST: ColumnDef = col(
    "public_interest",
    "社会公益组织",
    "Public-interest organisations",
    ValueKind::Count,
);
const LEGAL_SERVICES: ColumnDef = col(
    "legal_services",
    "法律服务机构",
    "Legal service providers",
    ValueKind::Count,
);
const OTHER_ORG: ColumnDef = col("other_org", "其他", "Other", ValueKind::Count);
const REQUESTS_TOTAL: ColumnDef = col("total", "总计", "Total", ValueKind::Count);

const OUTCOMES: Group = group("三、本年度办理结果", "3. Outcomes this year");
const REFUSED: Group = group("（三）不予公开", "(3) Refused");
const UNAVAILABLE: Group = group("（四）无法提供", "(4) Cannot be provided");
const NOT_PROCESSED: Group = group("（五）不予处理", "(5) Not processed");
const OTHER_HANDLING: Group = group("（六）其他处理", "(6) Other handling");

const RECEIVED: RowDef = row(
    "received",
    "一、本年新收政府信息公开申请数量",
    "1. New requests received this year",
);
const CARRIED_OVER: RowDef = row(
    "carried_over",
    "二、上年结转政府信息公开申请数量",
    "2. Requests carried over from last year",
);
const GRANTED: RowDef = grouped_row("granted", "（一）予以公开", "(1) Granted", &[OUTCOMES]);
const PARTLY_GRANTED: RowDef = grouped_row(
    "partly_granted",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "(2) Partly granted",
    &[OUTCOMES],
);
const REFUSED_STATE_SECRET: RowDef = grouped_row(
    "refused_state_secret",
    "1.属于国家秘密",
    "State secret",
    &[OUTCOMES, REFUSED],
);
const REFUSED_BY_LAW: RowDef = grouped_row(
    "refused_prohibited_by_law",
    "2.其他法律行政法规禁止公开",
    "Prohibited by other laws",
    &[OUTCOMES, REFUSED],
);
const REFUSED_SECURITY: RowDef = grouped_row(
    "refused_three_securities",
    "3.危及“三安全一稳定”",
    "Endangers security or stability",
    &[OUTCOMES, REFUSED],
);
const REFUSED_THIRD_PARTY: RowDef = grouped_row(
    "refused_third_party",
    "4.保护第三方合法权益",
    "Protects third-party rights",
    &[OUTCOMES, REFUSED],
);
const REFUSED_INTERNAL: RowDef = grouped_row(
    "refused_internal_affairs",
    "5.属于三类内部事务信息",
    "Internal affairs",
    &[OUTCOMES, REFUSED],
);
const REFUSED_PROCESS: RowDef = grouped_row(
    "refused_process_info",
    "6.属于四类过程性信息",
    "Process information",
    &[OUTCOMES, REFUSED],
);
const REFUSED_ENFORCEMENT: RowDef = grouped_row(
    "refused_enforcement_file",
    "7.属于行政执法案卷",
    "Enforcement case file",
    &[OUTCOMES, REFUSED],
);
const REFUSED_QUERY: RowDef = grouped_row(
    "refused_query_matter",
    "8.属于行政查询事项",
    "Administrative query matter",
    &[OUTCOMES, REFUSED],
);
const UNAVAILABLE_NOT_HELD: RowDef = grouped_row(
    "unavailable_not_held",
    "1.本机关不掌握相关政府信息",
    "Not held by this agency",
    &[OUTCOMES, UNAVAILABLE],
);
const UNAVAILABLE_NEEDS_CREATION: RowDef = grouped_row(
    "unavailable_needs_creation",
    "2.没有现成信息需要另行制作",
    "Would have to be created",
    &[OUTCOMES, UNAVAILABLE],
);
const UNAVAILABLE_UNCLEAR: RowDef = grouped_row(
    "unavailable_unclear",
    "3.补正后申请内容仍不明确",
    "Still unclear after correction",
    &[OUTCOMES, UNAVAILABLE],
);
const NOT_PROCESSED_PETITION: RowDef = grouped_row(
    "not_processed_petition",
    "1.信访举报投诉类申请",
    "Petitions, reports and complaints",
    &[OUTCOMES, NOT_PROCESSED],
);
const NOT_PROCESSED_REPEAT: RowDef = grouped_row(
    "not_processed_repeat",
    "2.重复申请",
    "Repeated requests",
    &[OUTCOMES, NOT_PROCESSED],
);
const NOT_PROCESSED_PUBLICATION: RowDef = grouped_row(
    "not_processed_publication",
    "3.要求提供公开出版物",
    "Requests for published material",
    &[OUTCOMES, NOT_PROCESSED],
);
const NOT_PROCESSED_EXCESSIVE: RowDef = grouped_row(
    "not_processed_excessive",
    "4.无正当理由大量反复申请",
    "Excessive requests without good reason",
    &[OUTCOMES, NOT_PROCESSED],
);
const NOT_PROCESSED_CONFIRMATION: RowDef = grouped_row(
    "not_processed_confirmation",
    "5.要求行政机关确认或重新出具已获取信息",
    "Requests to confirm or reissue information already obtained",
    &[OUTCOMES, NOT_PROCESSED],
);
const OTHER_HANDLING_2019: RowDef = grouped_row(
    "other_handling",
    "（六）其他处理",
    "(6) Other handling",
    &[OUTCOMES],
);
const OTHER_NO_CORRECTION: RowDef = grouped_row(
    "other_no_correction",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "Applicant did not correct the request in time",
    &[OUTCOMES, OTHER_HANDLING],
);
const OTHER_UNPAID_FEE: RowDef = grouped_row(
    "other_unpaid_fee",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "Applicant did not pay the fee in time",
    &[OUTCOMES, OTHER_HANDLING],
);
const OTHER_OTHER: RowDef = grouped_row(
    "other_other",
    "3.其他",
    "Other",
    &[OUTCOMES, OTHER_HANDLING],
);
const HANDLED_TOTAL: RowDef = grouped_row(
    "handled_total",
    "（七）总计",
    "(7) Total handled",
    &[OUTCOMES],
);
const CARRIED_FORWARD: RowDef = row(
    "carried_forward",
    "四、结转下年度继续办理",
    "4. Carried forward to next year",
);

const REQUEST_COLUMNS: &[ColumnDef] = &[
    NATURAL_PERSON,
    BUSINESS,
    RESEARCH,
    PUBLIC_INTEREST,
    LEGAL_SERVICES,
    OTHER_ORG,
    REQUESTS_TOTAL,
];
const REQUEST_COLUMN_GROUPS: &[(Group, usize, usize)] = &[(ORGANISATIONS, 1, 5)];

static REQUESTS_2021: &[BlockDef] = &[BlockDef {
    key: "matrix",
    band: None,
    column_groups: REQUEST_COLUMN_GROUPS,
    columns: REQUEST_COLUMNS,
    rows: &[
        RECEIVED,
        CARRIED_OVER,
        GRANTED,
        PARTLY_GRANTED,
        REFUSED_STATE_SECRET,
        REFUSED_BY_LAW,
        REFUSED_SECURITY,
        REFUSED_THIRD_PARTY,
        REFUSED_INTERNAL,
        REFUSED_PROCESS,
        REFUSED_ENFORCEMENT,
        REFUSED_QUERY,
        UNAVAILABLE_NOT_HELD,
        UNAVAILABLE_NEEDS_CREATION,
        UNAVAILABLE_UNCLEAR,
        NOT_PROCESSED_PETITION,
        NOT_PROCESSED_REPEAT,
        NOT_PROCESSED_PUBLICATION,
        NOT_PROCESSED_EXCESSIVE,
        NOT_PROCESSED_CONFIRMATION,
        OTHER_NO_CORRECTION,
        OTHER_UNPAID_FEE,
        OTHER_OTHER,
        HANDLED_TOTAL,
        CARRIED_FORWARD,
    ],
}];

static REQUESTS_2019: &[BlockDef] = &[BlockDef {
    key: "matrix",
    band: None,
    column_groups: REQUEST_COLUMN_GROUPS,
    columns: REQUEST_COLUMNS,
    rows: &[
        RECEIVED,
        CARRIED_OVER,
        GRANTED,
        PARTLY_GRANTED,
        REFUSED_STATE_SECRET,
        REFUSED_BY_LAW,
        REFUSED_SECURITY,
        REFUSED_THIRD_PARTY,
        REFUSED_INTERNAL,
        REFUSED_PROCESS,
        REFUSED_ENFORCEMENT,
        REFUSED_QUERY,
        UNAVAILABLE_NOT_HELD,
        UNAVAILABLE_NEEDS_CREATION,
        UNAVAILABLE_UNCLEAR,
        NOT_PROCESSED_PETITION,
        NOT_PROCESSED_REPEAT,
        NOT_PROCESSED_PUBLICATION,
        NOT_PROCESSED_EXCESSIVE,
        NOT_PROCESSED_CONFIRMATION,
        OTHER_HANDLING_2019,
        HANDLED_TOTAL,
        CARRIED_FORWARD,
    ],
}];

/// The outcome groups of section 三, for derived measures: each names the rows it covers by
/// their template group (or, for rows that are their own group, by key).
pub mod outcomes {
    use super::{Group, RowDef};

    pub fn is_refused(r: &RowDef) -> bool {
        r.groups.get(1) == Some(&super::REFUSED)
    }
    pub fn is_unavailable(r: &RowDef) -> bool {
        r.groups.get(1) == Some(&super::UNAVAILABLE)
    }
    pub fn is_not_processed(r: &RowDef) -> bool {
        r.groups.get(1) == Some(&super::NOT_PROCESSED)
    }
    /// （六）其他处理: one row in 2019, a group of three in 2021.
    pub fn is_other_handling(r: &RowDef) -> bool {
        r.groups.get(1) == Some(&super::OTHER_HANDLING) || r.zh == super::OTHER_HANDLING.zh
    }
    pub fn group_of(r: &RowDef) -> Option<&'static Group> {
        r.groups.get(1).map(|g| match g.zh {
            z if z == super::REFUSED.zh => &super::REFUSED,
            z if z == super::UNAVAILABLE.zh => &super::UNAVAILABLE,
            z if z == super::NOT_PROCESSED.zh => &super::NOT_PROCESSED,
            _ => &super::OTHER_HANDLING,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Section 四 — 政府信息公开行政复议、行政诉讼情况

pub const RECONSIDERATION: Group = group("行政复议", "Administrative reconsideration");
pub const LITIGATION: Group = group("行政诉讼", "Administrative litigation");

const UPHELD: ColumnDef = col("upheld", "结果维持", "Upheld", ValueKind::Count);
const CORRECTED: ColumnDef = col("corrected", "结果纠正", "Corrected", ValueKind::Count);
const OTHER_RESULT: ColumnDef = col("other_result", "其他结果", "Other result", ValueKind::Count);
const PENDING: ColumnDef = col("pending", "尚未审结", "Pending", ValueKind::Count);
const REVIEW_TOTAL: ColumnDef = col("total", "总计", "Total", ValueKind::Count);

const RECONSIDERATION_ROW: RowDef = row(
    "reconsideration",
    "行政复议",
    "Administrative reconsideration",
);
const LITIGATION_DIRECT: RowDef = grouped_row(
    "litigation_direct",
    "未经复议直接起诉",
    "Lawsuits without prior reconsideration",
    &[LITIGATION],
);
const LITIGATION_AFTER_REVIEW: RowDef = grouped_row(
    "litigation_after_review",
    "复议后起诉",
    "Lawsuits after reconsideration",
    &[LITIGATION],
);

static REVIEW: &[BlockDef] = &[BlockDef {
    key: "cases",
    band: None,
    column_groups: &[],
    columns: &[UPHELD, CORRECTED, OTHER_RESULT, PENDING, REVIEW_TOTAL],
    rows: &[
        RECONSIDERATION_ROW,
        LITIGATION_DIRECT,
        LITIGATION_AFTER_REVIEW,
    ],
}];

// ---------------------------------------------------------------------------------------------
// Rules (FORMAT.md §5: R1, I1, I2, I3) and the templates.

/// The applicant columns of section 三 that add up to 总计, in template order.
pub const APPLICANT_PARTS: &[&str] = &[
    "natural_person",
    "business",
    "research",
    "public_interest",
    "legal_services",
    "other_org",
];

/// Rule ids, shared with `validate` and the docs.
pub mod rule_ids {
    pub const REQUESTS_BALANCE: &str = "requests.balance";
    pub const REQUESTS_ROW_TOTAL: &str = "requests.row-total";
    pub const REQUESTS_OUTCOME_TOTAL: &str = "requests.outcome-total";
    pub const REVIEW_GROUP_TOTAL: &str = "review.group-total";
}

static RULES: [ArithmeticRule; 4] = [
    ArithmeticRule {
        id: rule_ids::REQUESTS_BALANCE,
        section: SectionId::Requests,
        shape: RuleShape::Down {
            left: RowSet::Keys(&["received", "carried_over"]),
            right: RowSet::Keys(&["handled_total", "carried_forward"]),
            anchor: "carried_forward",
        },
    },
    ArithmeticRule {
        id: rule_ids::REQUESTS_ROW_TOTAL,
        section: SectionId::Requests,
        shape: RuleShape::Across {
            rows: RowSet::All,
            total: "total",
            parts: APPLICANT_PARTS,
        },
    },
    ArithmeticRule {
        id: rule_ids::REQUESTS_OUTCOME_TOTAL,
        section: SectionId::Requests,
        shape: RuleShape::Down {
            left: RowSet::Keys(&["handled_total"]),
            right: RowSet::GroupExcept {
                group: &OUTCOMES,
                except: "handled_total",
            },
            anchor: "handled_total",
        },
    },
    ArithmeticRule {
        id: rule_ids::REVIEW_GROUP_TOTAL,
        section: SectionId::Review,
        shape: RuleShape::Across {
            rows: RowSet::All,
            total: "total",
            parts: &["upheld", "corrected", "other_result", "pending"],
        },
    },
];

static SECTIONS_2019: &[SectionDef] = &[
    SectionDef {
        id: SectionId::Proactive,
        blocks: PROACTIVE_2019,
        allows_merged_rows: false,
        header_note: None,
    },
    SectionDef {
        id: SectionId::Requests,
        blocks: REQUESTS_2019,
        allows_merged_rows: true,
        header_note: Some(REQUESTS_HEADER_NOTE),
    },
    SectionDef {
        id: SectionId::Review,
        blocks: REVIEW,
        allows_merged_rows: false,
        header_note: None,
    },
];

static SECTIONS_2021: &[SectionDef] = &[
    SectionDef {
        id: SectionId::Proactive,
        blocks: PROACTIVE_2021,
        allows_merged_rows: false,
        header_note: None,
    },
    SectionDef {
        id: SectionId::Requests,
        blocks: REQUESTS_2021,
        allows_merged_rows: true,
        header_note: Some(REQUESTS_HEADER_NOTE),
    },
    SectionDef {
        id: SectionId::Review,
        blocks: REVIEW,
        allows_merged_rows: false,
        header_note: None,
    },
];

pub static TEMPLATE_2019: TemplateDef = TemplateDef {
    template: Template::F2019,
    sections: SECTIONS_2019,
    rules: &RULES,
    slots: std::sync::OnceLock::new(),
};

pub static TEMPLATE_2021: TemplateDef = TemplateDef {
    template: Template::F2021,
    sections: SECTIONS_2021,
    rules: &RULES,
    slots: std::sync::OnceLock::new(),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_have_23_and_25_rows_of_7() {
        assert_eq!(TEMPLATE_2019.rows(SectionId::Requests).count(), 23);
        assert_eq!(TEMPLATE_2021.rows(SectionId::Requests).count(), 25);
        for t in Template::ALL {
            for (b, _) in t.def().rows(SectionId::Requests) {
                assert_eq!(b.columns.len(), 7);
            }
            assert_eq!(t.def().cell_count(SectionId::Review), 15);
        }
    }

    #[test]
    fn rule_row_sets_name_existing_rows() {
        for t in Template::ALL {
            let def = t.def();
            for rule in def.rules {
                match &rule.shape {
                    RuleShape::Across { rows, .. } => {
                        assert!(!rows.rows(def, rule.section).is_empty())
                    }
                    RuleShape::Down {
                        left,
                        right,
                        anchor,
                    } => {
                        for set in [left, right] {
                            let n = set.rows(def, rule.section).len();
                            if let RowSet::Keys(keys) = set {
                                assert_eq!(n, keys.len(), "{t} {}", rule.id);
                            }
                        }
                        assert!(def.row(rule.section, anchor).is_some());
                    }
                }
            }
            // The outcome rule covers exactly the rows between 予以公开 and 总计.
            let rows: Vec<&str> = def.rows(SectionId::Requests).map(|(_, r)| r.key).collect();
            let first = rows.iter().position(|k| *k == "granted").unwrap();
            let last = rows.iter().position(|k| *k == "handled_total").unwrap();
            let outcome = def
                .rules
                .iter()
                .find(|r| r.id == rule_ids::REQUESTS_OUTCOME_TOTAL)
                .unwrap();
            let RuleShape::Down { right, .. } = &outcome.shape else {
                panic!()
            };
            let right: Vec<&str> = right
                .rows(def, SectionId::Requests)
                .iter()
                .map(|r| r.key)
                .collect();
            assert_eq!(&rows[first..last], &right[..]);
        }
    }

    #[test]
    fn row_keys_are_unique_within_a_section() {
        for t in Template::ALL {
            for s in SectionId::ALL {
                let mut keys: Vec<&str> = t.def().rows(s).map(|(_, r)| r.key).collect();
                let n = keys.len();
                keys.sort();
                keys.dedup();
                assert_eq!(keys.len(), n);
            }
        }
    }

    #[test]
    fn normalisation_folds_real_variants() {
        assert_eq!(
            normalize_label("(二)部分公开(区分处理的,只计这一情形,不计其他情形)"),
            normalize_label(PARTLY_GRANTED.zh)
        );
        assert_eq!(
            NarrativeSection::from_heading("三、收到和处理 政府信息公开申请情况"),
            Some(NarrativeSection::Requests)
        );
    }
}
