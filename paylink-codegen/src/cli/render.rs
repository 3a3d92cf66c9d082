//! Draws a diagnostic with the lines it points at, using miette's graphical
//! report handler.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};

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
        code: NamedSource::new(terminal(&location.file), source.shown_text()),
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
    code: NamedSource<std::sync::Arc<str>>,
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
