//! Draws a diagnostic with the lines it points at, using miette's graphical
//! report handler.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use crate::sanitize::terminal;
use crate::{Diagnostic, Severity, Source};

/// Renders one diagnostic; without a source, or located in another file
/// than `source` (an overlay's warning beside the spec's), as a plain line.
/// Spec text in it (messages quote keys and values, the source lines are
/// the spec's) passes through [`crate::sanitize::terminal`] first.
pub(crate) fn render(d: &Diagnostic, source: Option<&Source>, color: bool) -> String {
    let d = &shown_diagnostic(d);
    let (Some(source), Some(location)) = (source, d.location.as_ref()) else {
        return format!("{d}\n");
    };
    if location.file != source.name() {
        return format!("{d}\n");
    }
    let shown = Shown {
        d,
        code: Excerpt::around(
            terminal(&location.file),
            source.text(),
            location.offset,
            location.len.min(200),
        ),
        label: LabeledSpan::new(
            Some(d.pointer.clone()),
            location.offset,
            location.len.min(200),
        ),
    };
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut text = String::new();
    let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
    if handler.render_report(&mut text, &shown).is_err() {
        return format!("{d}\n");
    }
    text
}

/// The diagnostic with its texts made safe for a terminal.
fn shown_diagnostic(d: &Diagnostic) -> Diagnostic {
    Diagnostic {
        message: terminal(&d.message),
        pointer: terminal(&d.pointer),
        hint: d.hint.as_deref().map(terminal),
        ..d.clone()
    }
}

/// A diagnostic joined to its source text, as miette wants it.
struct Shown<'a> {
    d: &'a Diagnostic,
    code: Excerpt,
    label: LabeledSpan,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.d
            .hint
            .as_ref()
            .map(|h| Box::new(h.as_str()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.code)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.label.clone())))
    }
}

/// Lines a diagnostic's excerpt keeps on each side of its span: more than
/// the renderer's context (one line), so that it draws the same lines as
/// from the whole text.
const EXCERPT_MARGIN: usize = 4;

/// The lines of a source around one span, made safe for a terminal, with
/// where they start: miette reads the source from its start to the span
/// for each diagnostic, which on a large spec took longer than the rest
/// of a small generation, and only these lines are shown.
struct Excerpt {
    name: String,
    text: String,
    /// The byte offset of `text` in the source.
    start: usize,
    /// The line breaks before `start`, as miette counts them.
    lines_before: usize,
}

impl Excerpt {
    /// The lines of `text` around `len` bytes at `offset`.
    fn around(name: String, text: &str, offset: usize, len: usize) -> Excerpt {
        let bytes = text.as_bytes();
        let offset = offset.min(bytes.len());
        let end = (offset + len).min(bytes.len());
        let mut start = offset;
        let mut breaks = 0;
        while start > 0 && breaks <= EXCERPT_MARGIN {
            start -= 1;
            breaks += usize::from(is_break(bytes, start));
        }
        if start > 0 {
            start += 1;
        }
        let mut stop = end;
        let mut breaks = 0;
        while stop < bytes.len() && breaks <= EXCERPT_MARGIN {
            breaks += usize::from(is_break(bytes, stop));
            stop += 1;
        }
        Excerpt {
            name,
            text: crate::sanitize::terminal_same_length(&text[start..stop]),
            start,
            lines_before: (0..start).filter(|&i| is_break(bytes, i)).count(),
        }
    }
}

/// Whether the byte at `i` ends a line as miette counts lines: a line feed,
/// or a carriage return not followed by one.
fn is_break(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' => true,
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let offset = span.offset().checked_sub(self.start);
        let offset = offset.ok_or(MietteError::OutOfBounds)?;
        let inner = self.text.as_str().read_span(
            &SourceSpan::new(offset.into(), span.len()),
            context_lines_before,
            context_lines_after,
        )?;
        let at = SourceSpan::new(
            (inner.span().offset() + self.start).into(),
            inner.span().len(),
        );
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            at,
            inner.line() + self.lines_before,
            inner.column(),
            inner.line_count() + self.lines_before,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use miette::NamedSource;

    /// A report drawn from `code`, labelled at `offset` for `len` bytes.
    fn drawn(code: Box<dyn SourceCode>, offset: usize, len: usize) -> String {
        struct Report(Box<dyn SourceCode>, LabeledSpan);
        impl fmt::Debug for Report {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("report")
            }
        }
        impl fmt::Display for Report {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("problem")
            }
        }
        impl std::error::Error for Report {}
        impl miette::Diagnostic for Report {
            fn source_code(&self) -> Option<&dyn SourceCode> {
                Some(&*self.0)
            }
            fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
                Some(Box::new(std::iter::once(self.1.clone())))
            }
        }
        let report = Report(code, LabeledSpan::new(Some("here".into()), offset, len));
        let mut text = String::new();
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_context_lines(1)
            .render_report(&mut text, &report)
            .expect("renders");
        text
    }

    /// An excerpt draws what the whole text draws, whatever the line
    /// endings and wherever the span is.
    #[test]
    fn excerpts_draw_as_the_whole_text() {
        for ending in ["\n", "\r\n", "\r"] {
            let lines: Vec<String> = (0..30)
                .map(|i| format!("line {i}: {}", "x".repeat(i % 7)))
                .collect();
            let text = lines.join(ending) + ending;
            for offset in (0..text.len()).step_by(7) {
                for len in [0, 1, 5, 40] {
                    let len = len.min(text.len() - offset);
                    let whole = NamedSource::new("spec.yaml", text.clone());
                    let excerpt = Excerpt::around("spec.yaml".into(), &text, offset, len);
                    assert_eq!(
                        drawn(Box::new(whole), offset, len),
                        drawn(Box::new(excerpt), offset, len),
                        "{ending:?} at {offset} for {len}"
                    );
                }
            }
        }
    }
}
