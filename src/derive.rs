//! Derived measures, defined once: what the site compares across agencies and years.
//!
//! Each measure reads named cells of a report and nothing else. A measure whose inputs are
//! blank is `None` (shown as "—"), and a share whose denominator is zero is `None` too: never
//! 0 % and never NaN. The method page documents each one from [`MEASURES`].

pub mod peers;

use serde::Serialize;

use crate::catalogue::{SectionId, outcomes};
use crate::model::{AgencyKind, Date, Level, Number, Report};

/// The measures of one report.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Measures {
    /// 一、本年新收 · 总计
    pub received: Option<i64>,
    /// 二、上年结转 · 总计
    pub carried_over: Option<i64>,
    /// （七）总计 · 总计: requests handled.
    pub handled: Option<i64>,
    /// 四、结转下年度 · 总计
    pub carried_forward: Option<i64>,
    /// 一、本年新收 by applicant: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他.
    pub received_by_applicant: [Option<i64>; 6],
    pub granted: Option<i64>,
    pub partly_granted: Option<i64>,
    pub refused: Option<i64>,
    pub unavailable: Option<i64>,
    pub not_processed: Option<i64>,
    pub other_handling: Option<i64>,
    /// (予以公开 + 部分公开) / handled
    pub share_granted: Option<f64>,
    pub share_refused: Option<f64>,
    pub share_unavailable: Option<f64>,
    /// (不予处理 + 其他处理) / handled
    pub share_not_processed: Option<f64>,
    /// 行政复议 + both kinds of 行政诉讼, 总计.
    pub cases: Option<i64>,
    /// Reconsideration and lawsuits by result over the three groups.
    pub cases_upheld: Option<i64>,
    pub cases_corrected: Option<i64>,
    pub cases_other: Option<i64>,
    pub cases_pending: Option<i64>,
    pub reconsideration: Option<i64>,
    pub litigation: Option<i64>,
    /// 结果纠正 / (维持 + 纠正 + 其他), decided cases only.
    pub share_corrected: Option<f64>,
    /// Days from the deadline to publication: negative is early, positive late.
    pub days_after_deadline: Option<i64>,
    pub deadline: Option<Date>,
    /// Section 二: documents issued or made this year (规章 + 规范性文件).
    pub documents_issued: Option<i64>,
    pub licensing_decisions: Option<i64>,
    pub penalty_decisions: Option<i64>,
    /// 2021: 行政事业性收费 in 万元.
    pub fees_wan_yuan: Option<Number>,
}

/// A measure's documentation, for the method page and the data package.
#[derive(Debug, Serialize)]
pub struct MeasureInfo {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub definition_zh: &'static str,
    pub definition_en: &'static str,
    pub share: bool,
}

pub static MEASURES: &[MeasureInfo] = &[
    MeasureInfo {
        key: "received",
        zh: "本年新收申请",
        en: "Requests received",
        definition_zh: "三、一「本年新收政府信息公开申请数量」的总计。",
        definition_en: "Section 3, row 1 (new requests received this year), column Total.",
        share: false,
    },
    MeasureInfo {
        key: "handled",
        zh: "办理申请",
        en: "Requests handled",
        definition_zh: "三、（七）总计的总计列。",
        definition_en: "Section 3, row (7) Total handled, column Total.",
        share: false,
    },
    MeasureInfo {
        key: "share_granted",
        zh: "公开率",
        en: "Share granted",
        definition_zh: "（（一）予以公开 +（二）部分公开）÷（七）总计。",
        definition_en: "(Granted + partly granted) ÷ total handled.",
        share: true,
    },
    MeasureInfo {
        key: "share_refused",
        zh: "不予公开率",
        en: "Share refused",
        definition_zh: "（三）不予公开各项之和 ÷（七）总计。",
        definition_en: "Sum of the refusal rows (3) ÷ total handled.",
        share: true,
    },
    MeasureInfo {
        key: "share_unavailable",
        zh: "无法提供率",
        en: "Share “cannot provide”",
        definition_zh: "（四）无法提供各项之和 ÷（七）总计。",
        definition_en: "Sum of the “cannot be provided” rows (4) ÷ total handled.",
        share: true,
    },
    MeasureInfo {
        key: "share_not_processed",
        zh: "不予处理及其他处理率",
        en: "Share not processed",
        definition_zh: "（（五）不予处理 +（六）其他处理）÷（七）总计。国办要求对“其他处理”偏高的机关了解情况。",
        definition_en: "(Not processed (5) + other handling (6)) ÷ total handled. The 2019 notice asks supervisors to look into agencies with many “other handling” outcomes.",
        share: true,
    },
    MeasureInfo {
        key: "cases",
        zh: "复议诉讼案件",
        en: "Reconsideration and lawsuits",
        definition_zh: "四、行政复议、未经复议直接起诉、复议后起诉三组总计之和。",
        definition_en: "Section 4: the totals of reconsideration, direct lawsuits and lawsuits after reconsideration, added.",
        share: false,
    },
    MeasureInfo {
        key: "share_corrected",
        zh: "纠错率",
        en: "Share corrected",
        definition_zh: "结果纠正 ÷（结果维持 + 结果纠正 + 其他结果），三组合计，不含尚未审结。",
        definition_en: "Corrected ÷ (upheld + corrected + other result) over the three groups; pending cases excluded.",
        share: true,
    },
    MeasureInfo {
        key: "days_after_deadline",
        zh: "发布时间距截止日",
        en: "Days after the deadline",
        definition_zh: "发布日期减去法定截止日期（部门、乡镇1月31日；县级以上人民政府3月31日；2019年以前均为3月31日）。负数表示提前。",
        definition_en: "Publication date minus the statutory deadline (31 January for departments and townships, 31 March for county-or-higher governments and for every report before 2019). Negative is early.",
        share: false,
    },
];

impl Measures {
    pub fn of(report: &Report, kind: Option<AgencyKind>, level: Option<Level>) -> Measures {
        let def = report.def();
        let int = |section, row: &str, col: &str| {
            report.value(section, row, col).and_then(Number::as_int)
        };
        let total = |row: &str| int(SectionId::Requests, row, "total");
        // The sum of one column over the rows a predicate picks; blank if any is blank.
        let sum_rows = |pick: fn(&crate::catalogue::RowDef) -> bool| -> Option<i64> {
            def.rows(SectionId::Requests)
                .filter(|(_, r)| pick(r))
                .map(|(_, r)| total(r.key))
                .sum()
        };
        let handled = total("handled_total");
        let share = |num: Option<i64>| -> Option<f64> {
            match (num, handled) {
                (Some(n), Some(d)) if d > 0 => Some(n as f64 / d as f64),
                _ => None,
            }
        };
        let granted = total("granted");
        let partly = total("partly_granted");
        let refused = sum_rows(outcomes::is_refused);
        let unavailable = sum_rows(outcomes::is_unavailable);
        let not_processed = sum_rows(outcomes::is_not_processed);
        let other = sum_rows(outcomes::is_other_handling);
        let review_groups = [
            "reconsideration",
            "litigation_direct",
            "litigation_after_review",
        ];
        let review_sum = |col: &str| -> Option<i64> {
            review_groups
                .iter()
                .map(|g| int(SectionId::Review, g, col))
                .sum()
        };
        let upheld = review_sum("upheld");
        let corrected = review_sum("corrected");
        let other_result = review_sum("other_result");
        let decided = upheld
            .zip(corrected)
            .zip(other_result)
            .map(|((a, b), c)| a + b + c);
        let share_corrected = match (corrected, decided) {
            (Some(c), Some(d)) if d > 0 => Some(c as f64 / d as f64),
            _ => None,
        };
        let deadline = kind
            .zip(level)
            .map(|(k, l)| crate::validate::deadline(report.year, k, l));
        let documents_key = match report.template {
            crate::catalogue::Template::F2019 => "made",
            crate::catalogue::Template::F2021 => "issued",
        };
        let documents = ["regulations", "normative_documents"]
            .iter()
            .map(|r| int(SectionId::Proactive, r, documents_key))
            .sum();
        const _: () = assert!(crate::catalogue::APPLICANT_PARTS.len() == 6);
        let applicants: [Option<i64>; 6] = std::array::from_fn(|k| {
            crate::catalogue::APPLICANT_PARTS
                .get(k)
                .and_then(|c| int(SectionId::Requests, "received", c))
        });
        Measures {
            received: total("received"),
            carried_over: total("carried_over"),
            handled,
            carried_forward: total("carried_forward"),
            received_by_applicant: applicants,
            granted,
            partly_granted: partly,
            refused,
            unavailable,
            not_processed,
            other_handling: other,
            share_granted: share(granted.zip(partly).map(|(a, b)| a + b)),
            share_refused: share(refused),
            share_unavailable: share(unavailable),
            share_not_processed: share(not_processed.zip(other).map(|(a, b)| a + b)),
            cases: review_groups
                .iter()
                .map(|g| int(SectionId::Review, g, "total"))
                .sum(),
            cases_upheld: upheld,
            cases_corrected: corrected,
            cases_other: other_result,
            cases_pending: review_sum("pending"),
            reconsideration: int(SectionId::Review, "reconsideration", "total"),
            litigation: int(SectionId::Review, "litigation_direct", "total")
                .zip(int(SectionId::Review, "litigation_after_review", "total"))
                .map(|(a, b)| a + b),
            share_corrected,
            days_after_deadline: report
                .published
                .zip(deadline)
                .map(|((p, _), d)| p.days() - d.days()),
            deadline,
            documents_issued: documents,
            licensing_decisions: int(SectionId::Proactive, "licensing", "decisions"),
            penalty_decisions: int(SectionId::Proactive, "penalties", "decisions"),
            fees_wan_yuan: match report.template {
                crate::catalogue::Template::F2021 => {
                    report.value(SectionId::Proactive, "admin_fees", "fee_amount")
                }
                crate::catalogue::Template::F2019 => None,
            },
        }
    }

    /// A measure by its key in [`MEASURES`], as a number for sorting and charts.
    pub fn get(&self, key: &str) -> Option<f64> {
        match key {
            "received" => self.received.map(|v| v as f64),
            "handled" => self.handled.map(|v| v as f64),
            "share_granted" => self.share_granted,
            "share_refused" => self.share_refused,
            "share_unavailable" => self.share_unavailable,
            "share_not_processed" => self.share_not_processed,
            "cases" => self.cases.map(|v| v as f64),
            "share_corrected" => self.share_corrected,
            "days_after_deadline" => self.days_after_deadline.map(|v| v as f64),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_site;
    use std::path::Path;

    #[test]
    fn seed_measures_follow_the_cells() {
        let site = load_site(Path::new(env!("CARGO_MANIFEST_DIR"))).site;
        let urumqi = site
            .reports
            .iter()
            .find(|r| r.agency.as_str() == "urumqi-minzheng")
            .unwrap();
        let m = Measures::of(
            urumqi,
            Some(AgencyKind::Department),
            Some(Level::Prefecture),
        );
        assert_eq!(m.received, Some(5));
        assert_eq!(m.handled, Some(5));
        assert_eq!(m.refused, Some(5));
        assert_eq!(m.share_refused, Some(1.0));
        assert_eq!(m.share_granted, Some(0.0));
        assert_eq!(m.days_after_deadline, Some(-1));
        // Seed 000 left the 总计 column blank: the measures are unknown, not 0.
        let hami = site
            .reports
            .iter()
            .find(|r| r.agency.as_str() == "hami-yizhou-minzheng")
            .unwrap();
        let m = Measures::of(hami, None, None);
        assert_eq!(m.received, None);
        assert_eq!(m.share_granted, None);
        assert_eq!(m.cases, Some(1));
        assert_eq!(m.cases_pending, Some(1));
        assert_eq!(m.share_corrected, None, "no decided cases: no share");
        assert_eq!(
            m.fees_wan_yuan.map(|f| f.to_string()).as_deref(),
            Some("235.9455")
        );
    }
}
