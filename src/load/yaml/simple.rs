//! A fast path for the YAML that report and agency files are made of: block mappings whose
//! values are plain or simply quoted scalars, one-line flow sequences of plain scalars, and
//! comments. It gives exactly the tree saphyr-parser's events give (same texts, same
//! positions), or `None` as soon as a line holds anything else, and then the full parser reads
//! the document: every error message, and every construct this path does not know, still
//! comes from the parser.
//!
//! Why: parsing front matter was the largest single cost of `gongkai check` and of a build's
//! first stage (about a tenth of a build's CPU time at 10,000 reports), and nearly every file
//! takes this path. The differential tests below hold it to the parser on the seeds, on
//! generated reports and on thousands of mutated lines.

use super::{MAX_DEPTH, MAX_NODES, Node, NodeKind};
use crate::model::Pos;

/// One line that holds a key: its 0-based number, its indentation and its text.
struct Line<'a> {
    number: usize,
    indent: usize,
    text: &'a str,
}

/// The tree of `text`, or `None` when the text is not of the simple kind.
pub fn parse(text: &str, line_offset: u32) -> Option<Node> {
    if text.contains(['\t', '\r']) || text.starts_with('\u{feff}') {
        return None;
    }
    let mut lines = Vec::new();
    for (number, text) in text.split('\n').enumerate() {
        let content = text.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if text.starts_with("---") || text.starts_with("...") || text.starts_with('%') {
            return None;
        }
        lines.push(Line {
            number,
            indent: text.len() - content.len(),
            text,
        });
    }
    let first = lines.first()?;
    let mut parser = Simple {
        lines: &lines,
        next: 0,
        nodes: 0,
        line_offset,
    };
    let root = parser.mapping(first.indent, 0)?;
    (parser.next == lines.len()).then_some(root)
}

struct Simple<'l, 'a> {
    lines: &'l [Line<'a>],
    next: usize,
    nodes: usize,
    line_offset: u32,
}

impl Simple<'_, '_> {
    fn pos(&self, line: usize, column: usize, len: usize) -> Pos {
        Pos {
            line: line as u32 + 1 + self.line_offset,
            column: column as u32 + 1,
            len: len.max(1) as u32,
        }
    }

    fn count(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= MAX_NODES).then_some(())
    }

    /// The block mapping whose keys start at `indent`, from the next line on.
    fn mapping(&mut self, indent: usize, depth: usize) -> Option<Node> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let mut entries = Vec::new();
        let mut pos = None;
        while let Some(line) = self.lines.get(self.next) {
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return None;
            }
            let (key, rest) = split_key(&line.text[indent..])?;
            let key_node = Node {
                kind: NodeKind::Scalar {
                    text: key.to_string(),
                    quoted: false,
                },
                pos: self.pos(line.number, indent, key.len()),
            };
            self.count()?;
            pos.get_or_insert(self.pos(line.number, indent, 1));
            let value_at = line.text.len() - rest.trim_start_matches(' ').len();
            let value = &line.text[value_at..];
            let deeper = self
                .lines
                .get(self.next + 1)
                .filter(|l| l.indent > indent)
                .map(|l| l.indent);
            self.next += 1;
            let value_node = if value.is_empty() || value.starts_with('#') {
                match deeper {
                    Some(child) => self.mapping(child, depth + 1)?,
                    // An empty value: YAML's null, at the colon.
                    None => Node {
                        kind: NodeKind::Scalar {
                            text: String::new(),
                            quoted: false,
                        },
                        pos: self.pos(line.number, indent + key.len(), 1),
                    },
                }
            } else if deeper.is_some() {
                // A value continued on the next lines, or a mistake: the parser decides.
                return None;
            } else {
                self.value(value, line.number, value_at)?
            };
            self.count()?;
            entries.push((key_node, value_node));
        }
        Some(Node {
            kind: NodeKind::Mapping(entries),
            pos: pos?,
        })
    }

    /// A value that starts at byte `at` of its line (everything before it is ASCII, so the
    /// byte offset is also the column).
    fn value(&mut self, text: &str, line: usize, at: usize) -> Option<Node> {
        let first = text.as_bytes()[0];
        let (kind, len) = match first {
            b'[' => return self.flow_sequence(text, line, at),
            b'"' | b'\'' => {
                let close = text[1..].find(first as char)? + 1;
                let inner = &text[1..close];
                if first == b'"' && inner.contains('\\') {
                    return None;
                }
                comment_or_nothing(&text[close + 1..])?;
                let text = inner.to_string();
                let len = inner.chars().count() + 2;
                (NodeKind::Scalar { text, quoted: true }, len)
            }
            _ => {
                let plain = plain_scalar(text)?;
                let len = plain.chars().count();
                let text = plain.to_string();
                (
                    NodeKind::Scalar {
                        text,
                        quoted: false,
                    },
                    len,
                )
            }
        };
        Some(Node {
            kind,
            pos: self.pos(line, at, len),
        })
    }

    /// `[a, b, c]` on one line, of plain scalars made of [`flow_item_char`]s.
    fn flow_sequence(&mut self, text: &str, line: usize, at: usize) -> Option<Node> {
        let bytes = text.as_bytes();
        // The parser's span of `[` reaches over spaces after it: not worth copying.
        if bytes.get(1) == Some(&b' ') {
            return None;
        }
        let mut items = Vec::new();
        let mut i = 1;
        loop {
            while bytes.get(i) == Some(&b' ') {
                i += 1;
            }
            if bytes.get(i) == Some(&b']') {
                break;
            }
            let start = i;
            while bytes.get(i).is_some_and(|b| flow_item_char(*b)) {
                i += 1;
            }
            let item = &text[start..i];
            if item.is_empty()
                || (item.starts_with('-') && !item[1..].starts_with(|c: char| c.is_ascii_digit()))
            {
                return None;
            }
            self.count()?;
            items.push(Node {
                kind: NodeKind::Scalar {
                    text: item.to_string(),
                    quoted: false,
                },
                pos: self.pos(line, at + start, item.len()),
            });
            while bytes.get(i) == Some(&b' ') {
                i += 1;
            }
            match bytes.get(i) {
                Some(b',') => i += 1,
                Some(b']') => break,
                _ => return None,
            }
        }
        comment_or_nothing(&text[i + 1..])?;
        Some(Node {
            kind: NodeKind::Sequence(items),
            pos: self.pos(line, at, 1),
        })
    }
}

/// `key: rest` or `key:` with a key of ASCII letters, digits, `_` and `-`.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let end = text
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))?;
    let (key, rest) = text.split_at(end);
    if key.is_empty() || key.starts_with('-') {
        return None;
    }
    let rest = rest.strip_prefix(':')?;
    (rest.is_empty() || rest.starts_with(' ')).then_some((key, rest))
}

/// A plain scalar in block context, up to a comment, without its trailing spaces; `None`
/// when it starts with an indicator or holds `: ` (YAML would read more into it).
fn plain_scalar(text: &str) -> Option<&str> {
    let first = text.as_bytes()[0];
    let indicator = b"-?:,[]{}#&*!|>'\"%@`".contains(&first);
    let negative_number = first == b'-' && text.as_bytes().get(1).is_some_and(u8::is_ascii_digit);
    if indicator && !negative_number {
        return None;
    }
    let end = text.find(" #").unwrap_or(text.len());
    let plain = text[..end].trim_end_matches(' ');
    if plain.contains(": ") || plain.ends_with(':') {
        return None;
    }
    Some(plain)
}

/// Characters of a plain scalar in a flow sequence on this path: numbers and words.
fn flow_item_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-' | b'~' | b'_')
}

/// After a value: nothing, or spaces and a comment.
fn comment_or_nothing(rest: &str) -> Option<()> {
    let trimmed = rest.trim_start_matches(' ');
    let ok = trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len());
    ok.then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The full parser alone (the fast path skipped).
    fn full(text: &str) -> Result<Option<Node>, super::super::YamlError> {
        super::super::parse_events(text, 3)
    }

    /// Where the fast path answers, it answers as the parser does.
    fn agrees(text: &str) -> bool {
        match parse(text, 3) {
            None => false,
            Some(node) => {
                assert_eq!(full(text), Ok(Some(node)), "fast path differs on:\n{text}");
                true
            }
        }
    }

    fn front_matter(file: &str) -> String {
        let text = std::fs::read_to_string(file).unwrap();
        let (yaml, _, _) = crate::load::decode::split_front_matter(&text).unwrap();
        yaml.to_string()
    }

    fn seed_files() -> Vec<String> {
        walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/content"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().display().to_string())
            .filter(|p| p.ends_with(".md") && p.contains("/reports/") || p.ends_with(".yaml"))
            .collect()
    }

    fn yaml_of(file: &str) -> String {
        if file.ends_with(".md") {
            front_matter(file)
        } else {
            std::fs::read_to_string(file).unwrap()
        }
    }

    #[test]
    fn simple_documents_take_the_fast_path_and_agree() {
        let cases = [
            "a: 1\nb: [1, 2, 3]   # c\n",
            "# c\nagency: x-y\nyear: 2023\ntitle: （合成）鹤凤市  \n",
            "note: \"Synthetic x\"\nq: 'single'\ne:\nf:   # x\n",
            "p:\n  # c2\n  r:         [0, 0, 0]   # 规章\n  a: [1,2, ]\n  b: []\n  n:\n    d: [~, 1.5, -3, null]\nlast: x\n",
            "g: https://x.cn/a#b?c=1\nh: -3\ni: it's\nj: a#b\n",
            "  a: 1\n  b: 2\n",
        ];
        for case in cases {
            assert!(agrees(case), "not on the fast path:\n{case}");
        }
    }

    #[test]
    fn other_documents_go_to_the_parser() {
        let cases = [
            "a: [ 1]\n",
            "a: {merged: 0}\n",
            "a: &x 1\n",
            "a: *x\n",
            "a: !!str 1\n",
            "- 1\n",
            "a: \"x\\ty\"\n",
            "a: 'it''s'\n",
            "a: b: c\n",
            "a: b\n  c\n",
            "a:\n- 1\n",
            "a: [1,, 2]\n",
            "a: [1\n",
            "a: |\n  x\n",
            "a: 1\n---\nb: 2\n",
            "a:\tb\n",
            "a: 1\r\n",
            "a : 1\n",
            "a: [1]x\n",
            "a: [1]# x\n",
            "a: \"x\"y\n",
            "a:\n    b: 1\n  c: 2\n",
            "",
            "# only a comment\n",
            "a: -\n",
            "a: [-]\n",
            "a: [a:b]\n",
        ];
        for case in cases {
            assert!(parse(case, 3).is_none(), "took the fast path:\n{case}");
        }
    }

    #[test]
    fn the_seed_files_agree() {
        let files = seed_files();
        assert!(files.len() >= 10, "{files:?}");
        // Files with merged rows (`{merged: 0}`), declarations (a list of mappings) or lists of
        // names take
        // the parser; every other one takes the fast path, and agrees with the parser.
        for f in &files {
            let yaml = yaml_of(f);
            let needs_parser = yaml.contains("{merged")
                || yaml.contains("as_published:")
                || yaml.contains("former_names:");
            assert_eq!(agrees(&yaml), !needs_parser, "{f}");
        }
    }

    #[test]
    fn generated_reports_agree() {
        let dir = std::env::temp_dir().join(format!("gongkai-yaml-simple-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let options = crate::demo::Options {
            reports: 60,
            seed: 11,
        };
        crate::demo::generate(&dir, &options).unwrap();
        let files: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().display().to_string())
            .filter(|p| p.ends_with(".md") && p.contains("/reports/") || p.ends_with(".yaml"))
            .collect();
        assert!(files.len() >= 60);
        // Reports that declare published inconsistencies (a block list under `as_published`)
        // take the parser; all others the fast path.
        let mut slow = 0;
        for f in &files {
            let yaml = yaml_of(f);
            if !agrees(&yaml) {
                assert!(yaml.contains("as_published:"), "not on the fast path: {f}");
                slow += 1;
            }
        }
        assert!(slow * 10 < files.len(), "{slow} of {}", files.len());
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Every line of every seed, changed in small ways: wherever the fast path still answers,
    /// the parser answers the same.
    #[test]
    fn mutated_lines_agree() {
        let inserts = [
            " ", "#", " #", ":", ": ", "[", "]", ",", "\"", "'", "-", "~", "a", "年", "{", "&",
            "*", "!", "|",
        ];
        let (mut checked, mut fast) = (0, 0);
        for file in seed_files().iter().take(6) {
            let yaml = yaml_of(file);
            let lines: Vec<&str> = yaml.split('\n').collect();
            for (n, line) in lines.iter().enumerate().step_by(3) {
                let cuts: Vec<usize> = line.char_indices().map(|(i, _)| i).step_by(2).collect();
                for &at in cuts.iter().chain([line.len()].iter()) {
                    for insert in inserts {
                        let mut changed = lines.clone();
                        let new_line = format!("{}{insert}{}", &line[..at], &line[at..]);
                        changed[n] = &new_line;
                        fast += agrees(&changed.join("\n")) as usize;
                        checked += 1;
                    }
                    let mut changed = lines.clone();
                    let cut = format!(
                        "{}{}",
                        &line[..at],
                        line[at..].chars().skip(1).collect::<String>()
                    );
                    changed[n] = &cut;
                    fast += agrees(&changed.join("\n")) as usize;
                }
                // The line indented, and unindented.
                let mut changed = lines.clone();
                let indented = format!("  {line}");
                changed[n] = &indented;
                fast += agrees(&changed.join("\n")) as usize;
                let mut changed = lines.clone();
                changed[n] = line.trim_start();
                fast += agrees(&changed.join("\n")) as usize;
            }
        }
        assert!(checked > 5_000, "{checked}");
        // Most small changes keep a line simple: the comparison is not vacuous.
        assert!(fast * 3 > checked, "{fast} of {checked} on the fast path");
    }
}
