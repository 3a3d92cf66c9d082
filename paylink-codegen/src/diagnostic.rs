//! Diagnostics: the one type every stage uses to report errors and warnings.
//!
//! A diagnostic is born with a JSON pointer (the stage that finds a problem
//! knows where in the document it is) and is given a file, line and column by
//! [`crate::load::Source::locate`] before it reaches the user.

use std::fmt;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The document was read, but something in it is wrong or was changed.
    Warning,
    /// The document cannot be used.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// Where in a file a diagnostic points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file name as the user gave it.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset of the start of the span.
    pub offset: usize,
    /// Length of the span in bytes (at least 1 unless the file is empty).
    pub len: usize,
}

/// One error or warning, located in the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// JSON pointer into the original document, always starting with `#`.
    pub pointer: String,
    /// What the user can do about it.
    pub hint: Option<String>,
    /// File, line and column; `None` until the diagnostic has been located.
    pub location: Option<Location>,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, pointer.into(), message.into())
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, pointer.into(), message.into())
    }

    fn new(severity: Severity, pointer: String, message: String) -> Self {
        Diagnostic {
            severity,
            message,
            pointer,
            hint: None,
            location: None,
        }
    }

    /// Adds a hint saying what to do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets the location directly (used by parsers, which know it already).
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// One line (plus a hint line), with spec text made safe for a terminal
/// by [`crate::sanitize::terminal`]: build scripts and the macro print it.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::sanitize::terminal;
        write!(f, "{}: ", self.severity)?;
        if let Some(loc) = &self.location {
            write!(f, "{}:{}:{}: ", terminal(&loc.file), loc.line, loc.column)?;
        }
        write!(
            f,
            "{} (at {})",
            terminal(&self.message),
            terminal(&self.pointer)
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", terminal(hint))?;
        }
        Ok(())
    }
}

/// Diagnostics collected by one stage.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds a warning.
    pub fn warn(&mut self, pointer: &str, message: impl Into<String>) -> &mut Diagnostic {
        self.items.push(Diagnostic::warning(pointer, message));
        self.items.last_mut().expect("just pushed")
    }

    /// Adds an error.
    pub fn error(&mut self, pointer: &str, message: impl Into<String>) -> &mut Diagnostic {
        self.items.push(Diagnostic::error(pointer, message));
        self.items.last_mut().expect("just pushed")
    }

    /// True when any error was collected.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Number of diagnostics of the given severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// Moves all of `other` into `self`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// The diagnostics, in the order they were found.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Mutable access, used to locate them.
    pub fn items_mut(&mut self) -> &mut [Diagnostic] {
        &mut self.items
    }

    /// Adds every diagnostic of `items`.
    pub fn extend_from(&mut self, items: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(items);
    }

    /// Keeps the diagnostics `keep` says to keep.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    /// Takes the diagnostics out.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl Diagnostic {
    /// Sets the hint in place; used with [`Diagnostics::warn`] and [`Diagnostics::error`].
    pub fn hint(&mut self, hint: impl Into<String>) -> &mut Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/`.
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// Joins a pointer and one token into a new pointer.
pub fn join(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    push_token(&mut out, token);
    out
}

/// Splits `#/a/b~1c` into its unescaped tokens `["a", "b/c"]`.
pub fn split_pointer(pointer: &str) -> Vec<String> {
    let body = pointer.strip_prefix('#').unwrap_or(pointer);
    if body.is_empty() {
        return Vec::new();
    }
    body.strip_prefix('/')
        .unwrap_or(body)
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_round_trip() {
        let p = join(&join("#", "paths"), "/api/{id}~x");
        assert_eq!(p, "#/paths/~1api~1{id}~0x");
        assert_eq!(split_pointer(&p), vec!["paths", "/api/{id}~x"]);
        assert!(split_pointer("#").is_empty());
    }
}
