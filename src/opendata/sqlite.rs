//! `gongkai export --format sqlite`: the CSV tables of `/data/` as one SQLite database, for
//! `sqlite3` or Datasette. Same tables, columns, types and keys as the data package, since both
//! are written from [`super::tables`].

use std::path::Path;

use rusqlite::{Connection, params_from_iter, types::ToSqlOutput, types::Value as SqlValue};

use super::{TableDef, Value};
use crate::load::Site;

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Owned(match self {
            Value::Blank => SqlValue::Null,
            Value::Int(i) => SqlValue::Integer(*i),
            Value::Decimal(n) => match n.as_int() {
                Some(i) => SqlValue::Integer(i),
                None => SqlValue::Real(n.as_f64()),
            },
            Value::Float(f) if f.is_finite() => SqlValue::Real(*f),
            Value::Float(_) => SqlValue::Null,
            Value::Text(s) => SqlValue::Text(s.clone()),
        }))
    }
}

/// Names come from [`super::tables`], never from user data; quoting is for SQL keywords.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The `CREATE TABLE` and `CREATE INDEX` statements of a table.
pub fn create_statements(t: &TableDef) -> Vec<String> {
    let mut columns: Vec<String> = t
        .fields
        .iter()
        .map(|f| {
            format!(
                "  {} {}{}",
                quote(f.name),
                f.ty.sql(),
                if f.required { " NOT NULL" } else { "" }
            )
        })
        .collect();
    let list = |names: &[&str]| {
        names
            .iter()
            .map(|n| quote(n))
            .collect::<Vec<_>>()
            .join(", ")
    };
    columns.push(format!("  PRIMARY KEY ({})", list(t.primary_key)));
    for fk in t.foreign_keys {
        columns.push(format!(
            "  FOREIGN KEY ({}) REFERENCES {} ({})",
            list(fk.fields),
            quote(fk.table),
            list(fk.reference)
        ));
    }
    let mut out = vec![format!(
        "CREATE TABLE {} (\n{}\n)",
        quote(t.name),
        columns.join(",\n")
    )];
    for column in t.indexes {
        out.push(format!(
            "CREATE INDEX {} ON {} ({})",
            quote(&format!("{}_{column}", t.name)),
            quote(t.name),
            quote(column)
        ));
    }
    out
}

fn insert(
    db: &Connection,
    t: &TableDef,
    rows: impl IntoIterator<Item = Vec<Value>>,
) -> rusqlite::Result<()> {
    let sql = format!(
        "INSERT INTO {} VALUES ({})",
        quote(t.name),
        vec!["?"; t.fields.len()].join(", ")
    );
    let mut stmt = db.prepare(&sql)?;
    for row in rows {
        stmt.execute(params_from_iter(row.iter()))?;
    }
    Ok(())
}

/// Fill an empty database with every table of the site.
pub fn fill(db: &mut Connection, site: &Site) -> rusqlite::Result<()> {
    // The file is written beside its destination and renamed into place when complete, so
    // the journal would protect nothing.
    db.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
    let tx = db.transaction()?;
    let measures = super::site_measures(site);
    for t in super::tables() {
        for stmt in create_statements(&t) {
            tx.execute(&stmt, [])?;
        }
        match t.name {
            "agencies" => insert(&tx, &t, super::agency_rows(site))?,
            "measures" => insert(
                &tx,
                &t,
                super::measure_rows(site, &measures, &crate::copied::Shares::default()),
            )?,
            "cells" => {
                // Report by report, so that the whole site's cells are never all in memory.
                for report in &site.reports {
                    let rows = crate::export::report_tidy_rows(report);
                    insert(&tx, &t, rows.iter().map(super::tidy_values))?;
                }
            }
            other => unreachable!("no rows for table {other}"),
        }
    }
    tx.commit()?;
    db.execute_batch("PRAGMA journal_mode = DELETE; ANALYZE;")
}

/// Write the database to `path` atomically: into a temporary file beside it, renamed into
/// place when complete, so that a failure leaves any earlier file untouched.
pub fn write(path: &Path, site: &Site) -> std::io::Result<()> {
    crate::write::atomic_path(path, |tmp| {
        let mut db = Connection::open(tmp).map_err(std::io::Error::other)?;
        fill(&mut db, site).map_err(std::io::Error::other)?;
        db.close().map_err(|(_, e)| std::io::Error::other(e))
    })
}
