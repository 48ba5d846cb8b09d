//! JSON Schemas (draft 2020-12) of the report front matter and of the agency file, written
//! from the catalogue so that they cannot drift from what the loader accepts.
//!
//! `schema/report.schema.json` and `schema/agency.schema.json` are these values, pretty
//! printed; a test compares them (`GONGKAI_BLESS=1 cargo test` rewrites them). Editors with a
//! YAML language server validate and complete report files while they are typed: every report
//! file starts with `# yaml-language-server: $schema=../../../schema/report.schema.json`.

use serde_json::{Map, Value, json};

use crate::catalogue::{SectionDef, SectionId, Template, ValueKind};
use crate::diagnostic::RULES;
use crate::export::MERGED_COLUMN_KEY;
use crate::model::{AgencyKind, Level};
use crate::validate::FIRST_YEAR;

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";
/// An agency id, as [`crate::model::AgencyId::parse`] accepts it.
pub const AGENCY_ID_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
const URL_PATTERN: &str = "^https?://";
const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// The schema of one table cell of a column.
fn cell(kind: ValueKind, label: &str) -> Value {
    match kind {
        ValueKind::Count => {
            json!({"description": label, "type": ["integer", "null"], "minimum": 0})
        }
        ValueKind::SignedCount => json!({"description": label, "type": ["integer", "null"]}),
        ValueKind::Amount(unit) => json!({
            "description": if label.contains(unit.zh()) { label.to_string() } else { format!("{label}（{}）", unit.zh()) },
            "type": ["number", "null"],
            "minimum": 0
        }),
    }
}

fn section(def: &SectionDef) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for block in def.blocks {
        for row in block.rows {
            let width = block.columns.len();
            let items: Vec<Value> = block.columns.iter().map(|c| cell(c.kind, c.zh)).collect();
            let columns: Vec<&str> = block.columns.iter().map(|c| c.zh).collect();
            let label: String = block
                .band
                .iter()
                .chain(row.groups)
                .map(|g| format!("{} · ", g.zh))
                .chain([row.zh.to_string()])
                .collect();
            let list = json!({
                "type": "array",
                "description": format!("{label} — {}", columns.join("、")),
                "prefixItems": items,
                "items": false,
                "minItems": width,
                "maxItems": width
            });
            let schema = if def.allows_merged_rows {
                json!({
                    "description": label,
                    "oneOf": [
                        list,
                        {
                            "type": "object",
                            "description": format!("{label} — published as one merged cell whose column cannot be known"),
                            "properties": {
                                MERGED_COLUMN_KEY: cell(block.columns[0].kind, "合并单元格")
                            },
                            "required": [MERGED_COLUMN_KEY],
                            "additionalProperties": false
                        }
                    ]
                })
            } else {
                let mut list = list;
                list["description"] = Value::from(label);
                list
            };
            properties.insert(row.key.to_string(), schema);
            required.push(row.key);
        }
    }
    json!({
        "type": "object",
        "description": def.id.narrative().heading(),
        "properties": properties,
        "required": required,
        "additionalProperties": false
    })
}

fn def_name(template: Template, section: SectionId) -> String {
    format!("{}_{}", section.key(), template.code())
}

/// Every cell address a declaration may name, in either template, merged cells included.
fn cell_addresses() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in Template::ALL {
        let def = t.def();
        for c in def.cells() {
            out.push(c.address());
        }
        for (_, row) in def.rows(SectionId::Requests) {
            out.push(format!("requests.{}.{MERGED_COLUMN_KEY}", row.key));
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|a| seen.insert(a.clone()));
    out
}

/// The schema of a report file's front matter.
pub fn report_schema() -> Value {
    let mut defs = Map::new();
    let mut branches = Vec::new();
    for t in Template::ALL {
        let def = t.def();
        let mut then = Map::new();
        for s in def.sections {
            let name = def_name(t, s.id);
            defs.insert(name.clone(), section(s));
            then.insert(
                s.id.key().to_string(),
                json!({"$ref": format!("#/$defs/{name}")}),
            );
        }
        branches.push(json!({
            "if": {"properties": {"template": {"const": t.code()}}, "required": ["template"]},
            "then": {"properties": then}
        }));
    }
    let declarable: Vec<&str> = RULES
        .iter()
        .filter(|r| r.declarable)
        .map(|r| r.id)
        .collect();
    defs.insert(
        "declaration".into(),
        json!({
            "type": "object",
            "description": "A finding that is the agency's own, as published. Declared findings are warnings, shown on the site as data-quality flags. `published` and `expected` pin the values, so a second mistake in a cell the rule involves no longer matches.",
            "properties": {
                "rule": {"description": "The id of the rule (docs/checks.md)", "enum": declarable},
                "cell": {"description": "The cell the finding is reported at: section.row.column", "enum": cell_addresses()},
                "published": {"description": "The value the cell holds, as published", "type": ["number", "null"]},
                "expected": {"description": "The value the rule expects the cell to hold", "type": ["number", "null"]},
                "note": {"description": "What the report says and where, for readers of the site", "type": "string"}
            },
            "required": ["rule", "cell"],
            "additionalProperties": false
        }),
    );
    let templates: Vec<u16> = Template::ALL.iter().map(|t| t.code()).collect();
    let section_property =
        |s: SectionId| json!({"type": "object", "description": s.narrative().heading()});
    json!({
        "$schema": DRAFT,
        "title": "gongkai report front matter",
        "description": "The YAML front matter of content/reports/<agency-id>/<year>.md: the tables and metadata of one 政府信息公开工作年度报告 (docs/report-format.md). Write numbers without quotes or units, ~ for a blank cell.",
        "type": "object",
        "properties": {
            "agency": {"description": "The agency id: the name of content/agencies/<id>.yaml and of the report's folder", "type": "string", "pattern": AGENCY_ID_PATTERN, "maxLength": 80},
            "year": {"description": "The year the report is about (the file name)", "type": "integer", "minimum": FIRST_YEAR},
            "template": {"description": "The national format the report follows: 2019 (国办公开办函〔2019〕60号, reports for 2019 and 2020) or 2021 (国办公开办函〔2021〕30号, from 2021 on)", "enum": templates},
            "title": {"description": "The report's title as published", "type": ["string", "null"]},
            "published": {"description": "The publication date printed on the report, YYYY-MM-DD; ~ if the report states none", "type": ["string", "null"], "pattern": DATE_PATTERN},
            "source_url": {"description": "Where the report was published", "type": ["string", "null"], "pattern": URL_PATTERN},
            "archive": {"description": "Where a copy of the page is kept (archive repository, path and commit)", "type": ["string", "null"]},
            "transcription_note": {"description": "How the report was transcribed and what in it deviates from the template", "type": ["string", "null"]},
            "proactive": section_property(SectionId::Proactive),
            "requests": section_property(SectionId::Requests),
            "review": section_property(SectionId::Review),
            "as_published": {"description": "Findings that are the agency's own, as published", "type": ["array", "null"], "items": {"$ref": "#/$defs/declaration"}},
            "tables_published_empty": {"description": "true when the agency published every table with every cell empty (report.untranscribed is then a warning, not an error); leave it out otherwise", "type": ["boolean", "null"]}
        },
        "required": ["agency", "year", "template", "proactive", "requests", "review"],
        "additionalProperties": false,
        "allOf": branches,
        "$defs": defs
    })
}

/// The schema of an agency file, `content/agencies/<id>.yaml`.
pub fn agency_schema() -> Value {
    let levels: Vec<&str> = Level::ALL.iter().map(|l| l.key()).collect();
    let level_doc: Vec<String> = Level::ALL
        .iter()
        .map(|l| format!("{} {}", l.key(), l.zh()))
        .collect();
    let kinds: Vec<&str> = AgencyKind::ALL.iter().map(|k| k.key()).collect();
    let kind_doc: Vec<String> = AgencyKind::ALL
        .iter()
        .map(|k| format!("{} {}", k.key(), k.zh()))
        .collect();
    json!({
        "$schema": DRAFT,
        "title": "gongkai agency file",
        "description": "content/agencies/<id>.yaml: one agency that publishes 政府信息公开工作年度报告 (docs/report-format.md). The file name is the agency id.",
        "type": "object",
        "properties": {
            "name": {"description": "The agency's full Chinese name", "type": "string", "minLength": 1},
            "region": {
                "description": "Where the agency is: province, prefecture and county names",
                "type": "object",
                "properties": {
                    "province": {"description": "省级行政区", "type": "string", "minLength": 1},
                    "prefecture": {"description": "地级行政区 (required when county is given)", "type": ["string", "null"]},
                    "county": {"description": "县级行政区", "type": ["string", "null"]}
                },
                "required": ["province"],
                "additionalProperties": false
            },
            "level": {"description": format!("The agency's level: {}", level_doc.join(", ")), "enum": levels},
            "kind": {"description": format!("What the agency is: {}. A county-or-higher government's consolidated report is due 3月31日, others 1月31日", kind_doc.join(", ")), "enum": kinds},
            "parent": {"description": "The id of the agency above it, if it has a file", "type": ["string", "null"], "pattern": AGENCY_ID_PATTERN},
            "website": {"description": "The agency's website", "type": ["string", "null"], "pattern": URL_PATTERN},
            "former_names": {"description": "Names the agency published earlier reports under", "type": ["array", "null"], "items": {"type": "string", "minLength": 1}}
        },
        "required": ["name", "region", "level", "kind"],
        "additionalProperties": false
    })
}

/// The committed schema files and their contents, for writing and for the test that compares.
pub fn files() -> [(&'static str, String); 2] {
    let pretty = |v: Value| serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
    [
        ("schema/report.schema.json", pretty(report_schema())),
        ("schema/agency.schema.json", pretty(agency_schema())),
    ]
}
