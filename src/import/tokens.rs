//! Table text to tokens: each cell of a copied table becomes text (a label or header), a
//! number (with the unit written inside it, if any) or an explicitly empty cell.
//!
//! Copied tables separate cells with line breaks, tabs or `|`, sometimes all three; a label
//! may be broken over lines (「商业\n企业」) and digits may run straight on from a label
//! (「行政许可3960181」). Tokens keep their line so that flags can point at it.

use super::text::{Line, fold, fold_width};

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// Label or header text, folded for matching (no white space, full-width brackets).
    Text(String),
    Num(NumTok),
    /// A cell that was explicitly delimited and held nothing.
    Empty,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub line: u32,
    /// Which cell of the input the token came from: 「0 0 0」 is three numbers in one cell.
    pub cell: u32,
    /// Whether the cell was delimited by `|` or a tab rather than only by a line break.
    pub explicit: bool,
}

/// A number as written in a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumTok {
    /// The text as written, unit included (「235.9455万元」).
    pub raw: String,
    /// The number alone, ASCII (「235.9455」, 「-18」).
    pub number: String,
    /// A unit written inside the cell: 「万元」, 「元」, or a counting word such as 「件」.
    pub unit: Option<&'static str>,
    /// The digits ran straight on from label text, with no separator: the archived-text
    /// flattening in which adjacent cells lose their boundaries.
    pub glued: bool,
    pub line: u32,
}

impl NumTok {
    /// The digits of a whole non-negative number, for splitting flattened runs.
    pub fn plain_digits(&self) -> Option<&str> {
        (self.unit.is_none() || self.unit.is_some_and(is_count_unit))
            .then_some(self.number.as_str())
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    }
}

const UNITS: [&str; 10] = ["万元", "元", "件", "条", "个", "项", "次", "份", "人", "笔"];

pub fn is_count_unit(unit: &str) -> bool {
    !matches!(unit, "万元" | "元")
}

/// Tokens of a run of table lines.
pub fn tokenize(lines: &[Line]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut cell_id: u32 = 0;
    for line in lines {
        let explicit = line.text.contains(['|', '\t']);
        for cell in cells_of_line(&line.text) {
            cell_id += 1;
            let folded = fold_width(cell);
            if folded.trim().is_empty() {
                tokens.push(Token {
                    tok: Tok::Empty,
                    line: line.no,
                    cell: cell_id,
                    explicit,
                });
                continue;
            }
            let mut text = String::new();
            for piece in folded.split_whitespace() {
                for frag in scan_piece(piece, line.no) {
                    match frag {
                        Frag::Text(t) => text.push_str(&t),
                        Frag::Num(n) => {
                            if !text.is_empty() {
                                tokens.push(Token {
                                    tok: Tok::Text(fold(&std::mem::take(&mut text))),
                                    line: line.no,
                                    cell: cell_id,
                                    explicit,
                                });
                            }
                            tokens.push(Token {
                                tok: Tok::Num(n),
                                line: line.no,
                                cell: cell_id,
                                explicit,
                            });
                        }
                    }
                }
            }
            if !text.is_empty() {
                tokens.push(Token {
                    tok: Tok::Text(fold(&text)),
                    line: line.no,
                    cell: cell_id,
                    explicit,
                });
            }
        }
    }
    tokens
}

/// The cells of one line. A `|` ends a cell (「0 |」 is one cell, 「|||」 three empty ones);
/// a tab starts one (「\t0」); a line without either is one cell; an empty line is none.
fn cells_of_line(line: &str) -> Vec<&str> {
    if !line.contains(['|', '\t']) {
        return if line.is_empty() {
            Vec::new()
        } else {
            vec![line]
        };
    }
    let mut parts: Vec<&str> = line.split(['|', '\t']).collect();
    if line.trim_end_matches(' ').ends_with('|')
        && parts.last().is_some_and(|p| p.trim().is_empty())
    {
        parts.pop();
    }
    if line.trim_start_matches(' ').starts_with('\t')
        && parts.first().is_some_and(|p| p.trim().is_empty())
    {
        parts.remove(0);
    }
    parts
}

enum Frag {
    Text(String),
    Num(NumTok),
}

/// Split one white-space-free piece into text and numbers. Row numbering such as 「1.」 or
/// 「2、」 in front of a label is text; a decimal point between digits is part of a number.
fn scan_piece(piece: &str, line: u32) -> Vec<Frag> {
    let chars: Vec<char> = piece.chars().collect();
    let mut frags = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let signed = (c == '-' || c == '+')
            && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())
            && (i == 0 || !chars[i - 1].is_ascii_alphanumeric());
        if !(c.is_ascii_digit() || signed) {
            text.push(c);
            i += 1;
            continue;
        }
        let start = i;
        let mut j = if signed { i + 1 } else { i };
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        let mut end = j;
        let next = chars.get(j).copied();
        let after = chars.get(j + 1).copied();
        if next == Some('.') && after.is_some_and(|d| d.is_ascii_digit()) {
            // A decimal: 「235.9455」.
            end = j + 1;
            while end < chars.len() && chars[end].is_ascii_digit() {
                end += 1;
            }
        } else if matches!(next, Some('.' | '、')) && !signed {
            // Row numbering 「1.属于国家秘密」: its one digit and the dot belong to the label;
            // digits before it (「…数量00000001.属于…」) are a flattened number.
            if j - start > 1 {
                let digits: String = chars[start..j - 1].iter().collect();
                push_num(&mut frags, &mut text, digits, None, line);
            }
            text.extend(&chars[j - 1..=j]);
            i = j + 1;
            continue;
        }
        let number: String = chars[start..end].iter().collect();
        let rest: String = chars[end..].iter().collect();
        let unit = UNITS.iter().copied().find(|u| {
            rest.starts_with(u)
                // A counting word only at the end of the piece: 「5件」, not 「5项目」.
                && (!is_count_unit(u) || rest.chars().count() == u.chars().count())
        });
        push_num(&mut frags, &mut text, number, unit, line);
        i = end + unit.map_or(0, |u| u.chars().count());
    }
    if !text.is_empty() {
        frags.push(Frag::Text(text));
    }
    frags
}

fn push_num(
    frags: &mut Vec<Frag>,
    text: &mut String,
    number: String,
    unit: Option<&'static str>,
    line: u32,
) {
    let glued = !text.is_empty();
    if glued {
        frags.push(Frag::Text(std::mem::take(text)));
    }
    let number = number
        .strip_prefix('+')
        .map(str::to_string)
        .unwrap_or(number);
    let raw = format!("{number}{}", unit.unwrap_or(""));
    frags.push(Frag::Num(NumTok {
        raw,
        number,
        unit,
        glued,
        line,
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::text::plain_lines;

    fn kinds(text: &str) -> Vec<String> {
        tokenize(&plain_lines(text))
            .into_iter()
            .map(|t| match t.tok {
                Tok::Text(s) => format!("T:{s}"),
                Tok::Num(n) => format!(
                    "N:{}{}{}",
                    n.number,
                    n.unit.unwrap_or(""),
                    if n.glued { "*" } else { "" }
                ),
                Tok::Empty => "E".to_string(),
            })
            .collect()
    }

    #[test]
    fn pipes_tabs_and_lines() {
        assert_eq!(
            kinds("规章 |\n0 |\n|||\n"),
            ["T:规章", "N:0", "E", "E", "E"]
        );
        assert_eq!(kinds("\t规章\n\t0\n\t\n"), ["T:规章", "N:0", "E"]);
        assert_eq!(kinds("0 | ||||\n"), ["N:0", "E", "E", "E", "E"]);
        assert_eq!(kinds(" \n\n 0\n"), ["E", "N:0"]);
    }

    #[test]
    fn numbering_units_and_glued_digits() {
        assert_eq!(kinds("1.属于国家秘密"), ["T:1.属于国家秘密"]);
        assert_eq!(kinds("235.9455万元 |"), ["N:235.9455万元"]);
        assert_eq!(kinds("251000元"), ["N:251000元"]);
        assert_eq!(kinds("行政许可3960181"), ["T:行政许可", "N:3960181*"]);
        assert_eq!(
            kinds("数量00000001.属于国家秘密"),
            ["T:数量", "N:0000000*", "T:1.属于国家秘密"]
        );
        assert_eq!(kinds("０ ０ ０"), ["N:0", "N:0", "N:0"]);
        assert_eq!(kinds("-18 |"), ["N:-18"]);
        assert_eq!(kinds("5件"), ["N:5件"]);
        assert_eq!(kinds("商业 企业"), ["T:商业企业"]);
    }
}
