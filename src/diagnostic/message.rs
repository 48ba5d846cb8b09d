//! Messages as data: an id and named arguments, rendered in the reader's language.
//!
//! The checks build a [`Message`] (`msg!("arithmetic.across", row = …, total = …)`), never a
//! sentence. [`CATALOGUE`] holds one template per language for every id; the edge (the
//! command line, the site, `serve`'s overlay) renders it with [`Message::render`].
//!
//! A template names its arguments in braces: `{row}`. Two forms more:
//! - `{n|day|days}` writes the number with its noun, agreeing in English (`1 day`, `2 days`);
//!   Chinese has one form, so its templates write `{n} 天`. This is the one place where
//!   number agreement is decided ([`plural`]).
//! - `{rule:title}` writes the title of the rule whose id the argument holds, in the language
//!   of the template (`申请人合计不符`, `Applicant total does not add up`).

use crate::config::Language;

/// A message id and its arguments, in the order given.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Message {
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

/// Build a [`Message`]: `msg!("publication.late", date = d, late = n)`.
#[macro_export]
macro_rules! msg {
    ($id:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::diagnostic::message::Message {
            id: $id,
            args: vec![$((stringify!($name), ($value).to_string())),*],
        }
    };
}

impl Message {
    /// The message in a language. An id missing from the catalogue renders as the id itself
    /// (a test holds every id used to the catalogue).
    pub fn render(&self, language: Language) -> String {
        let Some(entry) = lookup(self.id) else {
            return self.id.to_string();
        };
        let template = match language {
            Language::Chinese => entry.1,
            Language::English => entry.2,
        };
        fill(template, &self.args, language)
    }

    fn arg(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The argument's value, for tests.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.arg(name)
    }
}

fn lookup(id: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    CATALOGUE.iter().find(|e| e.0 == id)
}

/// Whether the catalogue has this id.
pub fn exists(id: &str) -> bool {
    lookup(id).is_some()
}

/// A count with its noun in English, singular for exactly 1 (`1 day`, `0 days`, `2 days`).
pub fn plural(n: &str, one: &str, many: &str) -> String {
    format!("{n} {}", if n.trim() == "1" { one } else { many })
}

fn fill(template: &str, args: &[(&'static str, String)], language: Language) -> String {
    let value = |name: &str| {
        args.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    };
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let spec = &after[..close];
        let mut forms = spec.split('|');
        let head = forms.next().unwrap_or_default();
        let (name, filter) = head.split_once(':').unwrap_or((head, ""));
        match value(name) {
            Some(v) => match (filter, forms.next(), forms.next()) {
                ("title", _, _) => {
                    let title = crate::diagnostic::rule_info(v).map_or(v, |r| match language {
                        Language::Chinese => r.title_zh,
                        Language::English => r.title_en,
                    });
                    out.push_str(title);
                }
                (_, Some(one), Some(many)) => out.push_str(&plural(v, one, many)),
                _ => out.push_str(v),
            },
            // Not an argument (a literal brace in the text): written as it is.
            None => {
                out.push('{');
                out.push_str(spec);
                out.push('}');
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// (id, 中文, English). Ids of the findings are the rule id, or the rule id with a sub-id
/// (`report.misfiled.folder`) where one rule says several things; hints end in `.hint`.
pub static CATALOGUE: &[(&str, &str, &str)] = &[
    // Relations between files
    (
        "agency.unknown.parent",
        "上级机关 `{parent}` 没有机关文件",
        "the parent agency `{parent}` has no file",
    ),
    (
        "agency.unknown.parent.hint",
        "请添加 content/agencies/{parent}.yaml，或删除 `parent`",
        "add content/agencies/{parent}.yaml, or remove `parent`",
    ),
    (
        "agency.unknown",
        "没有标识为 `{agency}` 的机关",
        "no agency has the id `{agency}`",
    ),
    (
        "agency.unknown.suggest.hint",
        "是否应为 `{suggestion}`？否则请添加 content/agencies/{agency}.yaml",
        "did you mean `{suggestion}`? Otherwise add content/agencies/{agency}.yaml",
    ),
    (
        "agency.unknown.new.hint",
        "请先添加 content/agencies/{agency}.yaml（gongkai new 加上 --agency-name、--province、--level 和 --kind 可以写出它）",
        "add content/agencies/{agency}.yaml first (gongkai new with --agency-name, --province, --level and --kind writes it)",
    ),
    (
        "report.misfiled.folder",
        "报告写的是 `agency: {agency}`，却放在 `{folder}` 的文件夹里",
        "the report says `agency: {agency}` but sits in the folder of `{folder}`",
    ),
    (
        "report.misfiled.folder.hint",
        "请移到 content/reports/{agency}/{year}.md，或改正 `agency`",
        "move it to content/reports/{agency}/{year}.md, or correct `agency`",
    ),
    (
        "report.misfiled.name",
        "报告写的是 `year: {year}`，文件名却是 {stem}.md",
        "the report says `year: {year}` but the file is named {stem}.md",
    ),
    (
        "report.misfiled.name.hint",
        "请把文件改名为 {year}.md，或改正 `year`",
        "rename the file to {year}.md, or correct `year`",
    ),
    (
        "report.year",
        "{year} 不在报告可涉及的年度范围内（{first}–{last}）",
        "{year} is outside the years reports can be for ({first}–{last})",
    ),
    (
        "report.year.hint",
        "年度指报告所涉及的年度，不是发布的年份",
        "the year is the year the report is about, not the year it was published",
    ),
    (
        "report.duplicate",
        "`{agency}` 的 {year} 年度报告有第二份",
        "a second report of `{agency}` for {year}",
    ),
    (
        "report.duplicate.hint",
        "每个机关每个年度只保留一个文件",
        "keep one file per agency and year",
    ),
    // One report
    (
        "report.untranscribed",
        "尚未转录：表格的每个单元格都是空白（~）",
        "nothing has been transcribed yet: every cell of the tables is blank (~)",
    ),
    (
        "report.untranscribed.hint",
        "请按机关发布的原样填写每个数字（只有原表为空的单元格才写 ~）；如果机关发布的表格确实全部为空，请在前置数据中加上 `tables_published_empty: true`",
        "fill in every number as the agency published it (~ only where its table has an empty cell); if the agency really published every table empty, add `tables_published_empty: true` to the front matter",
    ),
    (
        "report.untranscribed.declared",
        "表格的每个单元格都是空白：机关发布的表格本身为空",
        "every cell of the tables is blank: the agency published its tables empty",
    ),
    (
        "declaration.unmatched.empty",
        "`tables_published_empty: true` 声明表格全部为空，但有 {n} 个单元格填有数字",
        "`tables_published_empty: true` says every table is empty, but {n|cell holds a number|cells hold a number}",
    ),
    (
        "declaration.unmatched.empty.hint",
        "请删除 `tables_published_empty` 这一行",
        "remove the `tables_published_empty` line",
    ),
    (
        "arithmetic.unchecked",
        "「{rule:title}」（{rule}）在 {total} 处中有 {blank} 处无法核对：所需的单元格空白或合并",
        "{rule} could not be checked in {blank} of {total|case|cases}: a cell it needs is blank or merged",
    ),
    (
        "arithmetic.unchecked.hint",
        "空白不是 0：如果机关原表即为空白，无需处理",
        "blank is not 0: nothing to do if the agency left the cells blank",
    ),
    (
        "arithmetic.across",
        "{row}行：{total_label}为 {total}，但前面各列之和为 {sum}",
        "row {row}: {total_label} is {total}, but the cells before it add up to {sum}",
    ),
    (
        "arithmetic.outcomes",
        "{column}列：（七）总计为 {total}，但各办理结果之和为 {sum}",
        "column {column}: （七）总计 is {total}, but the outcome rows add up to {sum}",
    ),
    (
        "arithmetic.down",
        "{column}列：{left} = {total}，但 {right} = {sum}",
        "column {column}: {left} = {total}, but {right} = {sum}",
    ),
    (
        "years.carry-over",
        "{column}列：二、上年结转为 {now}，但 {previous} 年度报告的四、结转下年度继续办理为 {before}",
        "column {column}: 二、上年结转 is {now}, but the {previous} report carried forward {before} (四、结转下年度继续办理)",
    ),
    (
        "years.in-force",
        "现行有效件数为 {now}；上年的 {before} 加本年制发 {issued} 减本年废止 {repealed}，应为 {expected}",
        "现行有效件数 is {now}; last year's {before} + {issued} issued − {repealed} repealed gives {expected}",
    ),
    (
        "years.item-count",
        "上一年项目数量为 {now}；上年的 {before} 加本年增/减 {change}，应为 {expected}",
        "上一年项目数量 is {now}; last year's {before} with a change of {change} gives {expected}",
    ),
    (
        "declaration.stale.hint",
        "下面的声明已与此不符，请查看",
        "the declaration below no longer matches; see it",
    ),
    (
        "declaration.unmatched.values",
        "此处声明 {rule} 在 {cell} 的发布值为 {published}、应有值为 {expected}，但报告现在的发布值为 {now_published}、应有值为 {now_expected}",
        "this declares {rule} at {cell} with published {published} and expected {expected}, but the report now gives published {now_published} and expected {now_expected}",
    ),
    (
        "declaration.unmatched.values.hint",
        "规则涉及的某个单元格改变了：如果是录入错误，请改正；如果机关原文如此，请更新声明",
        "a cell the rule involves changed: if it is a typo, fix it; if the agency published it so, update the declaration",
    ),
    (
        "declaration.declare.hint",
        "请改正录错的单元格；如果机关原文如此，请声明：\n  as_published:\n    - rule: {rule}\n      cell: {cell}\n      published: {published}\n      expected: {expected}\n      note: …",
        "correct the mistyped cell; if the agency published it so, declare it:\n  as_published:\n    - rule: {rule}\n      cell: {cell}\n      published: {published}\n      expected: {expected}\n      note: …",
    ),
    (
        "narrative.table-mismatch",
        "文字部分与这个单元格矛盾",
        "the narrative contradicts this cell",
    ),
    ("narrative.table-mismatch.noted", "{note}", "{note}"),
    (
        "narrative.table-mismatch.found",
        "{section}写有「{quote}」，而表格为 {table}。",
        "{section} says 「{quote}」; the table gives {table}.",
    ),
    (
        "narrative.table-mismatch.found.hint",
        "这是机关自己的文字：若两处都照原文转录，无需改动（{figure}：{cell} 为 {table}）",
        "the agency's own text: nothing to fix if both are transcribed as published ({figure}: {table} in {cell})",
    ),
    (
        "declaration.unmatched.mismatch",
        "此处声明 narrative.table-mismatch 在 {cell}，但检查在文字部分找不到与该单元格矛盾的陈述",
        "this declares narrative.table-mismatch at {cell}, but the check finds no statement of the narrative that the cell contradicts",
    ),
    (
        "declaration.unmatched.mismatch.hint",
        "如果文字与表格现已一致，请删除该声明；检查只读取明确指明该数字的陈述",
        "remove the declaration if the narrative and the table now agree; the check reads only statements that name the figure without doubt",
    ),
    (
        "narrative.table-mismatch.declared.hint",
        "检查已自动发现此处：该声明已不需要，只保留其说明",
        "found by the check: the declaration is no longer needed, only its note",
    ),
    (
        "declaration.unmatched.none",
        "此处声明 {rule} 在 {cell}，但检查在那里没有发现这个问题",
        "this declares {rule} at {cell}, but the checks find no such problem there",
    ),
    (
        "declaration.unmatched.none.hint",
        "如果数字现在已经对得上，请删除声明；否则请核对它所指的单元格",
        "remove the declaration if the numbers now add up, or check the cell it names",
    ),
    // Publication and narrative
    (
        "publication.date-unknown",
        "报告没有注明发布日期",
        "the report does not state when it was published",
    ),
    (
        "publication.date-unknown.hint",
        "如果网页上有日期，请加上 `published: YYYY-MM-DD`",
        "if the page shows a date, add `published: YYYY-MM-DD`",
    ),
    (
        "publication.late",
        "{date} 发布，比法定截止日期 {due} 晚 {late} 天",
        "published {date}, {late|day|days} after the deadline {due}",
    ),
    (
        "publication.late.hint",
        "这是机关自身的逾期：日期无误则无需处理",
        "the agency's own lateness: nothing to fix if the date is right",
    ),
    (
        "publication.template",
        "报告使用 {template} 年格式，但 {year} 年度的报告应使用 {expected} 年格式（{notice}）",
        "the report uses the {template} template, but reports for {year} use the {expected} template ({notice})",
    ),
    (
        "publication.template.none",
        "报告使用 {template} 年格式，但 {year} 年度尚无全国统一格式",
        "the report uses the {template} template, but there was no national template for {year}",
    ),
    (
        "publication.template.hint",
        "如果机关确实使用了这种表格，请保留；否则请改正 `template`",
        "keep it if the agency really used these tables; otherwise correct `template`",
    ),
    (
        "narrative.missing-section",
        "报告缺少「{heading}」部分",
        "the report has no section {heading}",
    ),
    (
        "narrative.missing-section.hint",
        "如果机关的报告有这一部分，请在标题 `## {heading}` 下补上；如果没有，这是机关自身的遗漏",
        "if the agency's report has it, add it under the heading `## {heading}`; if not, this is the agency's omission",
    ),
    (
        "narrative.empty-section",
        "「{heading}」部分没有内容",
        "the section {heading} is empty",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_both_languages_name_the_same_arguments() {
        let mut ids: Vec<&str> = CATALOGUE.iter().map(|e| e.0).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
        let names = |t: &str| -> Vec<String> {
            let mut v: Vec<String> = t
                .split('{')
                .skip(1)
                .filter_map(|s| s.split_once('}'))
                .map(|(spec, _)| {
                    spec.split(['|', ':'])
                        .next()
                        .unwrap_or_default()
                        .to_string()
                })
                .collect();
            v.sort();
            v.dedup();
            v
        };
        for (id, zh, en) in CATALOGUE {
            assert_eq!(names(zh), names(en), "{id}");
        }
    }

    #[test]
    fn plurals_agree_in_english_and_not_in_chinese() {
        let m = |n: i64| {
            crate::msg!(
                "publication.late",
                date = "2025-02-01",
                due = "2025-01-31",
                late = n
            )
        };
        assert_eq!(
            m(1).render(Language::English),
            "published 2025-02-01, 1 day after the deadline 2025-01-31"
        );
        assert!(m(2).render(Language::English).contains("2 days after"));
        assert_eq!(
            m(1).render(Language::Chinese),
            "2025-02-01 发布，比法定截止日期 2025-01-31 晚 1 天"
        );
    }

    #[test]
    fn a_rule_title_is_written_in_the_language() {
        let m = crate::msg!(
            "arithmetic.unchecked",
            rule = "requests.row-total",
            blank = 25,
            total = 25
        );
        assert_eq!(
            m.render(Language::Chinese),
            "「申请人合计不符」（requests.row-total）在 25 处中有 25 处无法核对：所需的单元格空白或合并"
        );
        assert_eq!(
            m.render(Language::English),
            "requests.row-total could not be checked in 25 of 25 cases: a cell it needs is blank or merged"
        );
    }
}
