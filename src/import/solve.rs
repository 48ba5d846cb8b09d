//! The arithmetic side of importing: the catalogue's rules as equations over cell indices,
//! and the enumeration of the ways a flattened digit run can be cut into cells.

use crate::catalogue::{RuleShape, TemplateDef};

/// One equation of a rule: the sum of the `lhs` cells equals the sum of the `rhs` cells.
/// Cells are indices into `TemplateDef::cells` order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Equation {
    pub rule: &'static str,
    pub lhs: Vec<usize>,
    pub rhs: Vec<usize>,
}

impl Equation {
    fn touches(&self, cell: usize) -> bool {
        self.lhs.contains(&cell) || self.rhs.contains(&cell)
    }
}

/// Every equation the catalogue's rules impose on a template's cells.
pub fn equations(def: &'static TemplateDef) -> Vec<Equation> {
    let mut out = Vec::new();
    for rule in def.rules {
        let section = rule.section;
        match &rule.shape {
            RuleShape::Across { rows, total, parts } => {
                for row in rows.rows(def, section) {
                    let (Some((block, _)), Some(offset)) =
                        (def.row(section, row.key), def.row_offset(section, row.key))
                    else {
                        continue;
                    };
                    let col = |key: &str| {
                        block
                            .columns
                            .iter()
                            .position(|c| c.key == key)
                            .map(|i| offset + i)
                    };
                    let (Some(t), Some(p)) = (
                        col(total),
                        parts.iter().map(|k| col(k)).collect::<Option<Vec<_>>>(),
                    ) else {
                        continue;
                    };
                    out.push(Equation {
                        rule: rule.id,
                        lhs: vec![t],
                        rhs: p,
                    });
                }
            }
            RuleShape::Down { left, right, .. } => {
                let left = left.rows(def, section);
                let right = right.rows(def, section);
                let Some(first) = left.first() else { continue };
                let Some((block, _)) = def.row(section, first.key) else {
                    continue;
                };
                let offsets = |rows: &[&'static crate::catalogue::RowDef]| -> Option<Vec<usize>> {
                    rows.iter()
                        .map(|r| def.row_offset(section, r.key))
                        .collect()
                };
                let (Some(lo), Some(ro)) = (offsets(&left), offsets(&right)) else {
                    continue;
                };
                for c in 0..block.columns.len() {
                    out.push(Equation {
                        rule: rule.id,
                        lhs: lo.iter().map(|o| o + c).collect(),
                        rhs: ro.iter().map(|o| o + c).collect(),
                    });
                }
            }
        }
    }
    out
}

/// Whether a candidate reading of `slots` breaks no equation, and whether any equation could
/// be checked at all (every cell of it known). `grid` holds the whole numbers known so far.
pub fn check(
    equations: &[Equation],
    grid: &[Option<i64>],
    slots: &[usize],
    candidate: &[i64],
) -> (bool, bool) {
    let value = |cell: usize| -> Option<i64> {
        match slots.iter().position(|s| *s == cell) {
            Some(i) => candidate.get(i).copied(),
            None => grid.get(cell).copied().flatten(),
        }
    };
    let mut applied = false;
    for eq in equations
        .iter()
        .filter(|e| slots.iter().any(|s| e.touches(*s)))
    {
        let sum = |cells: &[usize]| -> Option<i64> {
            cells
                .iter()
                .try_fold(0i64, |acc, c| acc.checked_add(value(*c)?))
        };
        if let (Some(l), Some(r)) = (sum(&eq.lhs), sum(&eq.rhs)) {
            applied = true;
            if l != r {
                return (false, true);
            }
        }
    }
    (true, applied)
}

/// All ways to cut the digit runs into exactly `n` whole numbers, each run into at least one,
/// with no leading zero except a lone 「0」. `None` when there are more than `limit` ways (the
/// importer then gives up on the row rather than spend seconds on it).
pub fn splits(runs: &[&str], n: usize, limit: usize) -> Option<Vec<Vec<i64>>> {
    let mut out = Vec::new();
    let mut current = Vec::with_capacity(n);
    let digits: usize = runs.iter().map(|r| r.len()).sum();
    let ok = cut(runs, n, limit, digits, &mut current, &mut out);
    ok.then_some(out)
}

/// The longest piece considered: a count of a quadrillion is not a report's.
const MAX_PIECE: usize = 15;

fn cut(
    runs: &[&str],
    n: usize,
    limit: usize,
    digits_left: usize,
    current: &mut Vec<i64>,
    out: &mut Vec<Vec<i64>>,
) -> bool {
    let Some((run, rest)) = runs.split_first() else {
        if current.len() == n {
            out.push(current.clone());
        }
        return out.len() <= limit;
    };
    cut_run(run, rest, n, limit, digits_left, current, out)
}

fn cut_run(
    run: &str,
    rest: &[&str],
    n: usize,
    limit: usize,
    digits_left: usize,
    current: &mut Vec<i64>,
    out: &mut Vec<Vec<i64>>,
) -> bool {
    if run.is_empty() {
        return cut(rest, n, limit, digits_left, current, out);
    }
    // Prune: every later run needs a piece of its own, and the digits left must fit in the
    // pieces left (at least one digit and at most MAX_PIECE digits each). Without this a long
    // run would be explored piece by piece before it turned out not to fit.
    let pieces_left = n.saturating_sub(current.len());
    if current.len() + 1 + rest.len() > n
        || digits_left < pieces_left
        || digits_left > pieces_left * MAX_PIECE
    {
        return true;
    }
    let max_len = if run.starts_with('0') {
        1
    } else {
        run.len().min(MAX_PIECE)
    };
    for len in 1..=max_len {
        let Ok(piece) = run[..len].parse::<i64>() else {
            break;
        };
        current.push(piece);
        let ok = if len == run.len() {
            cut(rest, n, limit, digits_left - len, current, out)
        } else {
            cut_run(&run[len..], rest, n, limit, digits_left - len, current, out)
        };
        current.pop();
        if !ok {
            return false;
        }
    }
    true
}

/// The fewest whole numbers a digit run can be cut into (each 「0」 that starts a piece must
/// stand alone). When this equals the number of cells, the cut is forced: 「000」 for three
/// cells can only be 0 · 0 · 0, even with no rule to check it.
pub fn min_pieces(run: &str) -> usize {
    let mut pieces = 0;
    let mut in_piece = false;
    for b in run.bytes() {
        if b == b'0' && !in_piece {
            pieces += 1;
        } else if !in_piece {
            pieces += 1;
            in_piece = true;
        }
    }
    pieces
}

/// A reading shown to a person: 「39·601·81」.
pub fn show(reading: &[i64]) -> String {
    reading
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join("·")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{SectionId, TEMPLATE_2021};

    #[test]
    fn cuts_runs_without_leading_zeros() {
        let s = splits(&["3960181"], 3, 1000).unwrap();
        assert!(s.contains(&vec![39, 601, 81]));
        assert!(s.iter().all(|r| r.len() == 3));
        assert!(s.contains(&vec![396, 0, 181]));
        // A reading with a leading zero (「01」) would not print back to the run.
        assert!(
            s.iter()
                .all(|r| r.iter().map(i64::to_string).collect::<String>() == "3960181")
        );
        assert_eq!(splits(&["000"], 3, 10).unwrap(), vec![vec![0, 0, 0]]);
        assert_eq!(splits(&["105"], 2, 10).unwrap(), vec![vec![10, 5]]);
        assert_eq!(splits(&["12", "3"], 3, 10).unwrap(), vec![vec![1, 2, 3]]);
        assert!(splits(&["12"], 3, 10).unwrap().is_empty());
        assert!(splits(&["1111111111111111111111"], 7, 5).is_none());
        // A run too long for the cells is refused at once, not explored.
        let long = "7".repeat(500);
        let start = std::time::Instant::now();
        assert_eq!(splits(&[&long], 7, 1000), Some(vec![]));
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn minimum_pieces() {
        assert_eq!(min_pieces("000"), 3);
        assert_eq!(min_pieces("391"), 1);
        assert_eq!(min_pieces("0105"), 2);
        assert_eq!(min_pieces("1000"), 1);
    }

    #[test]
    fn equations_cover_the_rules() {
        let eqs = equations(&TEMPLATE_2021);
        // 25 row totals + 7 balance columns + 7 outcome columns + 3 review groups.
        assert_eq!(eqs.len(), 25 + 7 + 7 + 3);
        let received = TEMPLATE_2021
            .row_offset(SectionId::Requests, "received")
            .unwrap();
        let grid = vec![None; TEMPLATE_2021.total_cells()];
        let slots: Vec<usize> = (received..received + 7).collect();
        assert_eq!(
            check(&eqs, &grid, &slots, &[1, 2, 0, 0, 0, 0, 3]),
            (true, true)
        );
        assert_eq!(
            check(&eqs, &grid, &slots, &[1, 2, 0, 0, 0, 0, 4]),
            (false, true)
        );
    }
}
