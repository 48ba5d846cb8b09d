//! A YAML document as a tree of nodes that each know where they were written.
//!
//! Built from saphyr-parser's events (the parser under serde-saphyr, the maintained successor
//! of serde_yaml) rather than deserialised with serde, so that one file's every problem can
//! be reported at its own line and column instead of stopping at the first. Anchors and
//! aliases are refused outright: report files never need them, and refusing them makes
//! alias bombs ("billion laughs") impossible. Nesting is capped.

use std::borrow::Cow;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use crate::model::Pos;

mod simple;

/// Report front matter nests four levels at most; anything deeper is not one.
pub const MAX_DEPTH: usize = 16;
/// A report has a few hundred values; this is generous and stops pathological input early.
pub const MAX_NODES: usize = 50_000;

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// A scalar's text, and whether it was quoted (a quoted `"12"` is text, not a number).
    Scalar {
        text: String,
        quoted: bool,
    },
    Sequence(Vec<Node>),
    /// Entries in file order; keys are scalars.
    Mapping(Vec<(Node, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub pos: Pos,
}

impl Node {
    /// A plain scalar that YAML reads as null: `~`, `null`, or nothing at all.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar { text, quoted: false }
            if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// A word for the kind of value, for error messages.
    pub fn describe(&self) -> &'static str {
        match &self.kind {
            NodeKind::Scalar { quoted: true, .. } => "a quoted text",
            NodeKind::Scalar { .. } if self.is_null() => "an empty value",
            NodeKind::Scalar { .. } => "a single value",
            NodeKind::Sequence(_) => "a list",
            NodeKind::Mapping(_) => "a mapping",
        }
    }
}

/// Why a document could not be read as YAML at all.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub message: String,
    pub hint: String,
    pub pos: Pos,
}

/// Parse one YAML document. `line_offset` is added to every line (front matter starts after
/// the opening `---`). An empty document is `Ok(None)`.
pub fn parse(text: &str, line_offset: u32) -> Result<Option<Node>, YamlError> {
    if let Some(node) = simple::parse(text, line_offset) {
        return Ok(Some(node));
    }
    parse_events(text, line_offset)
}

/// [`parse`] by saphyr-parser's events, for every document the fast path leaves.
fn parse_events(text: &str, line_offset: u32) -> Result<Option<Node>, YamlError> {
    let mut builder = Builder {
        line_offset,
        stack: Vec::new(),
        root: None,
        nodes: 0,
        documents: 0,
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| YamlError {
            message: format!("this is not valid YAML: {}", e.info()),
            hint: "check the indentation, the colons after keys and the brackets of the rows"
                .into(),
            pos: Pos {
                line: e.marker().line() as u32 + line_offset,
                column: e.marker().col() as u32 + 1,
                len: 1,
            },
        })?;
        builder.event(event, span)?;
    }
    Ok(builder.root)
}

enum Open {
    Sequence(Pos, Vec<Node>),
    Mapping(Pos, Vec<(Node, Node)>, Option<Node>),
}

struct Builder {
    line_offset: u32,
    stack: Vec<Open>,
    root: Option<Node>,
    nodes: usize,
    documents: usize,
}

impl Builder {
    fn pos(&self, span: Span) -> Pos {
        let len = span.end.index().saturating_sub(span.start.index()).max(1);
        Pos {
            line: span.start.line() as u32 + self.line_offset,
            column: span.start.col() as u32 + 1,
            len: len as u32,
        }
    }

    fn error(&self, span: Span, message: &str, hint: &str) -> YamlError {
        YamlError {
            message: message.into(),
            hint: hint.into(),
            pos: self.pos(span),
        }
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), YamlError> {
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(self.error(
                        span,
                        "this file holds more than one YAML document",
                        "front matter is one document between two `---` lines",
                    ));
                }
            }
            Event::Alias(_) => {
                return Err(self.error(
                    span,
                    "YAML aliases (`*name`) are not allowed in gongkai files",
                    "write each value out in full",
                ));
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.refuse_anchor_or_tag(anchor, tag.is_some(), span)?;
                let quoted = !matches!(style, ScalarStyle::Plain);
                let pos = self.pos(span);
                let text = match text {
                    Cow::Borrowed(s) => s.to_string(),
                    Cow::Owned(s) => s,
                };
                self.push(
                    Node {
                        kind: NodeKind::Scalar { text, quoted },
                        pos,
                    },
                    span,
                )?;
            }
            Event::SequenceStart(anchor, tag) => {
                self.refuse_anchor_or_tag(anchor, tag.is_some(), span)?;
                self.open(span)?;
                self.stack.push(Open::Sequence(self.pos(span), Vec::new()));
            }
            Event::MappingStart(anchor, tag) => {
                self.refuse_anchor_or_tag(anchor, tag.is_some(), span)?;
                self.open(span)?;
                self.stack
                    .push(Open::Mapping(self.pos(span), Vec::new(), None));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Open::Sequence(pos, items)) => Node {
                        kind: NodeKind::Sequence(items),
                        pos,
                    },
                    Some(Open::Mapping(pos, entries, _)) => Node {
                        kind: NodeKind::Mapping(entries),
                        pos,
                    },
                    None => return Ok(()),
                };
                self.push(node, span)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn refuse_anchor_or_tag(
        &self,
        anchor: usize,
        tagged: bool,
        span: Span,
    ) -> Result<(), YamlError> {
        if anchor != 0 {
            return Err(self.error(
                span,
                "YAML anchors (`&name`) are not allowed in gongkai files",
                "write each value out in full",
            ));
        }
        if tagged {
            return Err(self.error(
                span,
                "YAML tags (`!!type`) are not allowed in gongkai files",
                "remove the tag; the schema decides each value's type",
            ));
        }
        Ok(())
    }

    fn open(&mut self, span: Span) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.error(
                span,
                &format!("the YAML nests deeper than {MAX_DEPTH} levels"),
                "report and agency files nest four levels at most",
            ));
        }
        Ok(())
    }

    fn push(&mut self, node: Node, span: Span) -> Result<(), YamlError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(self.error(
                span,
                &format!("the YAML holds more than {MAX_NODES} values"),
                "a report file holds a few hundred",
            ));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Sequence(_, items)) => items.push(node),
            Some(Open::Mapping(_, entries, pending)) => match pending.take() {
                None => *pending = Some(node),
                Some(key) => entries.push((key, node)),
            },
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_offset() {
        let root = parse("a: [1, 22]\nb: ~\n", 1).unwrap().unwrap();
        let NodeKind::Mapping(entries) = root.kind else {
            panic!()
        };
        let NodeKind::Sequence(items) = &entries[0].1.kind else {
            panic!()
        };
        assert_eq!(
            items[1].pos,
            Pos {
                line: 2,
                column: 8,
                len: 2
            }
        );
        assert!(entries[1].1.is_null());
    }

    #[test]
    fn aliases_and_deep_nesting_are_refused() {
        let bomb = "a: &a [1, 1]\nb: [*a, *a]\n";
        assert!(parse(bomb, 0).unwrap_err().message.contains("anchors"));
        let deep = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        assert!(
            parse(&deep, 0)
                .unwrap_err()
                .message
                .contains("nests deeper")
        );
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = parse("a: [1, 2\nb: 3\n", 0).unwrap_err();
        assert!(err.pos.line >= 1);
        assert!(err.message.contains("not valid YAML"));
    }
}
