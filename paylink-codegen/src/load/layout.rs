//! Where every node of a document is written, recorded during the one parse
//! in a compact pre-order table (16 bytes a node), and how to find a JSON
//! pointer's node in it.
//!
//! The table mirrors the text, not the value: after normalization moves
//! things around, pointers into the original document still resolve here.

use super::source::Span;

/// One node: its key (for object members), where its value starts, and how
/// many nodes below it follow it in the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Node {
    key_start: u32,
    key_len: u32,
    start: u32,
    descendants: u32,
}

const NO_KEY: u32 = u32::MAX;

/// The positions of a document's nodes, in document order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    nodes: Vec<Node>,
}

impl Layout {
    /// Starts a node; `key` is the span of its key when it is an object
    /// member. Returns the handle to pass to [`Layout::close`].
    pub fn open(&mut self, key: Option<Span>, start: usize) -> usize {
        let (key_start, key_len) =
            key.map_or((NO_KEY, 0), |k| (clamp(k.start), clamp(k.end - k.start)));
        self.nodes.push(Node {
            key_start,
            key_len,
            start: clamp(start),
            descendants: 0,
        });
        self.nodes.len() - 1
    }

    /// Ends the node opened as `handle`.
    pub fn close(&mut self, handle: usize) {
        let below = self.nodes.len() - handle - 1;
        if let Some(node) = self.nodes.get_mut(handle) {
            node.descendants = clamp(below);
        }
    }

    /// Adds the nodes below the first node of `part` (a layout recorded
    /// on its own, whose first node is the mapping holding them) as
    /// members of the node open here.
    pub(crate) fn graft(&mut self, part: &Layout) {
        self.nodes.extend(part.nodes.iter().skip(1));
    }

    /// The span of the deepest node on the path of `tokens` (the key of an
    /// object member, or the start of an array item or the root).
    pub fn find(&self, text: &str, tokens: &[String]) -> Span {
        let Some(mut at) = (!self.nodes.is_empty()).then_some(0usize) else {
            return Span { start: 0, end: 0 };
        };
        for token in tokens {
            match self.child(text, at, token) {
                Some(child) => at = child,
                None => break,
            }
        }
        self.span_of(at)
    }

    fn span_of(&self, at: usize) -> Span {
        let n = self.nodes[at];
        if n.key_start == NO_KEY {
            let start = n.start as usize;
            Span {
                start,
                end: start + 1,
            }
        } else {
            let start = n.key_start as usize;
            Span {
                start,
                end: start + n.key_len as usize,
            }
        }
    }

    fn child(&self, text: &str, parent: usize, token: &str) -> Option<usize> {
        let end = parent + self.nodes[parent].descendants as usize;
        let mut child = parent + 1;
        let mut position = 0usize;
        let index = token.parse::<usize>().ok();
        while child <= end {
            let n = self.nodes[child];
            let hit = if n.key_start == NO_KEY {
                index == Some(position)
            } else {
                key_text(text, n) == Some(token)
            };
            if hit {
                return Some(child);
            }
            position += 1;
            child += n.descendants as usize + 1;
        }
        None
    }
}

/// The key as written, without its quotes. Keys with escapes do not match
/// their token; their pointer then resolves to the enclosing node.
fn key_text(text: &str, n: Node) -> Option<&str> {
    let raw = text.get(n.key_start as usize..(n.key_start + n.key_len) as usize)?;
    let unquoted = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .or_else(|| raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
        .unwrap_or(raw);
    Some(unquoted)
}

fn clamp(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX - 1)
}
