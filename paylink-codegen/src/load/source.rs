//! The text of one spec file, and the mapping from JSON pointers back to
//! file, line and column (through the [`Layout`] its reader recorded).

use std::sync::Arc;

use super::layout::Layout;
use crate::diagnostic::{split_pointer, Diagnostic, Location};

/// Byte range of one piece of source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// The syntax a document is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JSON, read by [`super::json`].
    Json,
    /// YAML 1.2, read by [`super::yaml`].
    Yaml,
}

/// One loaded file: its name, text and syntax.
#[derive(Debug)]
pub struct Source {
    name: String,
    text: Arc<str>,
    format: Format,
    line_starts: Vec<usize>,
    layout: Layout,
}

impl Source {
    /// Wraps the text of a file called `name`.
    pub fn new(name: impl Into<String>, text: String, format: Format) -> Self {
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Source {
            name: name.into(),
            text: Arc::from(text),
            format,
            line_starts,
            layout: Layout::default(),
        }
    }

    /// The file name as given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text, shared (for renderers that need to own it).
    pub fn shared_text(&self) -> Arc<str> {
        Arc::clone(&self.text)
    }

    /// The byte offset where each line starts.
    pub(crate) fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// JSON or YAML.
    pub fn format(&self) -> Format {
        self.format
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self.text[start..floor_char(&self.text, offset)]
            .chars()
            .count()
            + 1;
        (line + 1, column)
    }

    /// Byte offset of a 1-based line and 0-based character column.
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        if rest.as_bytes().get(..col).is_some_and(<[u8]>::is_ascii) {
            return start + col;
        }
        rest.char_indices()
            .nth(col)
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    /// A location for a byte span.
    pub fn location(&self, span: Span) -> Location {
        let (line, column) = self.line_col(span.start);
        Location {
            file: self.name.clone(),
            line,
            column,
            offset: span.start.min(self.text.len()),
            len: span.end.saturating_sub(span.start).max(1),
        }
    }

    /// Where the node at `pointer` is written; for a pointer to something
    /// absent, the nearest enclosing node that exists.
    pub fn locate(&self, pointer: &str) -> Location {
        self.location(self.layout.find(&self.text, &split_pointer(pointer)))
    }

    /// Keeps the layout the reader recorded.
    pub(crate) fn set_layout(&mut self, layout: Layout) {
        self.layout = layout;
    }

    /// Fills in the location of every diagnostic that has none yet.
    pub fn locate_all(&self, diagnostics: &mut [Diagnostic]) {
        for d in diagnostics.iter_mut().filter(|d| d.location.is_none()) {
            d.location = Some(self.locate(&d.pointer));
        }
    }
}

fn floor_char(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let s = Source::new("t", "ab\nçd\n".to_string(), Format::Json);
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(3), (2, 1));
        assert_eq!(s.line_col(5), (2, 2));
        assert_eq!(s.offset_of(2, 1), 5);
    }
}
