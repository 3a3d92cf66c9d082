//! The one gate spec text passes on its way into generated code or onto
//! the terminal. Spec text is data: it must never become a doctest that
//! `cargo test --doc` runs, end a comment, or smuggle control characters
//! into a file or a terminal.
//!
//! - [`doc_lines`]: a description as doc-comment lines. Every code fence,
//!   wherever Markdown would see one (after list markers, inside block
//!   quotes, indented), is moved to the left margin and tagged `text`, and
//!   no line keeps the indentation that would open an indented code block,
//!   so rustdoc never finds Rust code in it.
//! - [`inline`]: spec text inside one generated sentence or line comment:
//!   one line, no control characters.
//! - [`code`]: as [`inline`], for text inside a Markdown code span.
//! - [`terminal`]: text echoed by the command line, with control
//!   characters shown as escapes rather than obeyed.
//!
//! Everywhere, bare carriage returns, control characters (NUL, BEL, ESC,
//! DEL, C1) and the invisible direction controls (U+202A..U+202E,
//! U+2066..U+2069, U+200E, U+200F, U+061C) are removed: rustc refuses the
//! latter in comments, and they can make code read differently from what
//! it does.

/// Whether `c` is a direction control (the "Trojan Source" characters).
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Whether `c` must not reach generated code: controls other than newline
/// and tab, and direction controls.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi(c)
}

/// Spec text as one line for a generated sentence or a `//` comment:
/// line breaks and runs of white space become one space, control and
/// direction characters are dropped, the ends are trimmed.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| c.is_whitespace() || is_unsafe(c))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// As [`inline`], for text inside a Markdown code span: backticks, which
/// would end the span, become `'`.
pub fn code(text: &str) -> String {
    inline(text).replace('`', "'")
}

/// Text for the terminal: control and direction characters other than
/// newline and tab written as `\u{..}` escapes, so that a spec cannot
/// move the cursor, recolour or hide text.
pub fn terminal(text: &str) -> String {
    if !text.chars().any(is_unsafe) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) && c != '\r' {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else if c == '\r' {
            out.push_str("\\r");
        } else {
            out.push(c);
        }
    }
    out
}

/// The same text with every character that [`terminal`] escapes replaced by
/// one of the same UTF-8 length, so byte offsets into it stay valid (for
/// rendering source lines under a diagnostic).
pub fn terminal_same_length(text: &str) -> String {
    if !text.chars().any(|c| is_unsafe(c) && c != '\r') {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            '\r' => '\r',
            c if is_unsafe(c) => match c.len_utf8() {
                1 => '?',
                2 => '\u{BF}',
                3 => '\u{FFFD}',
                _ => '\u{1F5F5}',
            },
            c => c,
        })
        .collect()
}

/// A description as doc-comment lines (see the [module docs](self)).
/// Lists and block quotes keep their shape; fences become `text` blocks;
/// indentation is cut to what lists need (at most [`MAX_INDENT`] columns).
pub fn doc_lines(text: &str) -> Vec<String> {
    let text = plain_lines(text);
    let common = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = Lines::default();
    for line in text.lines() {
        let line = line.get(common..).unwrap_or(line.trim_start()).trim_end();
        out.push(line);
    }
    out.finish()
}

/// `text` with `\n` alone ending its lines, tabs as four spaces, and
/// no control or direction characters; as it is when it has none of
/// these, as most descriptions do.
fn plain_lines(text: &str) -> std::borrow::Cow<'_, str> {
    // A carriage return is a control character: `is_unsafe`.
    if !text.contains(|c: char| c == '\t' || is_unsafe(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let text: String = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ")
        .chars()
        .filter(|c| !is_unsafe(*c))
        .collect();
    std::borrow::Cow::Owned(text)
}

/// Deepest indentation a doc line keeps. An indented code block needs four
/// columns past its container's content; with every container marker
/// followed by one space and no line indented more than this, there is
/// never room for one. A continuation line of a list item wider than this
/// (`10. `) is joined to the line before it, which renders the same.
pub const MAX_INDENT: usize = 3;

/// The cleaned lines and what the previous ones opened.
#[derive(Default)]
struct Lines {
    out: Vec<String>,
    in_fence: bool,
    /// Indentation of the current list item's text, while in a list.
    list: Option<usize>,
}

impl Lines {
    fn push(&mut self, line: &str) {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let (markers, body) = peel(trimmed);
        if is_fence(body) {
            self.fence();
            return;
        }
        if self.in_fence {
            self.out.push(line.to_string());
            return;
        }
        if trimmed.is_empty() {
            self.out.push(String::new());
            return;
        }
        let quote_ends = self
            .out
            .last()
            .is_some_and(|l| l.trim_start().starts_with('>'))
            && !trimmed.starts_with('>');
        if quote_ends {
            self.out.push(String::new());
        }
        let after_blank = self.out.last().is_none_or(String::is_empty);
        if markers.contains(&">") {
            self.list = None;
            let indent = indent.min(MAX_INDENT);
            self.out
                .push(format!("{}{}", " ".repeat(indent), rebuild(&markers, body)));
            return;
        }
        if !markers.is_empty() {
            let indent = match self.list {
                Some(width) => indent.min(width),
                None if after_blank && indent >= 4 => 0,
                None => indent,
            }
            .min(MAX_INDENT);
            let line = rebuild(&markers, body);
            self.list = Some(indent + line.len() - body.len());
            self.out.push(format!("{}{line}", " ".repeat(indent)));
            return;
        }
        if self.list.is_some_and(|width| width > MAX_INDENT) && !after_blank {
            if let Some(last) = self.out.last_mut() {
                last.push(' ');
                last.push_str(body);
                return;
            }
        }
        let indent = match self.list {
            Some(width) if !after_blank || indent >= width => width,
            _ => {
                self.list = None;
                if after_blank && indent >= 4 {
                    0
                } else {
                    indent
                }
            }
        };
        self.out
            .push(format!("{}{body}", " ".repeat(indent.min(MAX_INDENT))));
    }

    /// A fence, wherever it was: at the left margin, opening a `text`
    /// block or closing the open one. Lines are only ever fences of this
    /// form, so what this tracks is what Markdown sees.
    fn fence(&mut self) {
        self.out.push(if self.in_fence {
            "```".into()
        } else {
            "```text".into()
        });
        self.in_fence = !self.in_fence;
        self.list = None;
    }

    fn finish(mut self) -> Vec<String> {
        if self.in_fence {
            self.out.push("```".into());
        }
        while self.out.last().is_some_and(String::is_empty) {
            self.out.pop();
        }
        self.out
    }
}

/// Whether a line (its container markers peeled) is a code fence.
fn is_fence(body: &str) -> bool {
    body.starts_with("```") || body.starts_with("~~~")
}

/// Splits the container markers (block quotes `>` and list markers) off the
/// front of a line: the markers, and the text after them, trimmed.
fn peel(line: &str) -> (Vec<&str>, &str) {
    let mut markers = Vec::new();
    let mut rest = line.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix('>') {
            markers.push(">");
            rest = after.trim_start();
            continue;
        }
        match list_marker(rest) {
            Some(width) => {
                markers.push(rest[..width].trim_end());
                rest = rest[width..].trim_start();
            }
            None => return (markers, rest),
        }
    }
}

/// Markers and text joined with one space each.
fn rebuild(markers: &[&str], body: &str) -> String {
    let mut out = markers.join(" ");
    if !body.is_empty() {
        out.push(' ');
        out.push_str(body);
    }
    out
}

/// The width of a list marker and its space (`- `, `* `, `+ `, `1. `, `2) `),
/// or of a marker alone on its line.
fn list_marker(line: &str) -> Option<usize> {
    let bullet = line.starts_with(['-', '*', '+']).then_some(1);
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let ordered =
        (digits > 0 && digits < 10 && line[digits..].starts_with(['.', ')'])).then_some(digits + 1);
    let width = bullet.or(ordered)?;
    match line.as_bytes().get(width) {
        None => Some(width),
        Some(b' ') => Some(width + 1),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_change_only_what_needs_it() {
        assert!(matches!(
            plain_lines("a\nb `c` é"),
            std::borrow::Cow::Borrowed(_)
        ));
        let got = plain_lines("a\r\nb\rc\td\u{202E}e\u{7}f");
        assert_eq!(got, "a\nb\nc    def");
        assert_eq!(doc_lines("one\r\n\ttwo"), doc_lines("one\n    two"));
    }

    #[test]
    fn fences_become_text_and_indentation_goes() {
        let got = doc_lines("Intro\n\n    indented\n```json\n  {\"a\": 1}\n```\n");
        assert_eq!(
            got,
            ["Intro", "", "indented", "```text", "  {\"a\": 1}", "```"]
        );
    }

    #[test]
    fn list_continuations_line_up_with_their_item() {
        let got = doc_lines(
            "* `open` - anyone\n   with the link\n* `company` - staff\nlazy line\n\nAfter.",
        );
        assert_eq!(
            got,
            [
                "* `open` - anyone",
                "  with the link",
                "* `company` - staff",
                "  lazy line",
                "",
                "After."
            ]
        );
        let got = doc_lines("1. first\n   more\n> quoted\nnot quoted");
        assert_eq!(got, ["1. first", "   more", "> quoted", "", "not quoted"]);
        let got = doc_lines("10. tenth\n    more\n\n    after");
        assert_eq!(got, ["10. tenth more", "", "   after"]);
    }

    #[test]
    fn fences_in_lists_and_quotes_are_moved_out_and_tagged() {
        for text in [
            "- ```rust\n  fn main() {}\n  ```",
            "1. ```rust\n   fn main() {}\n   ```",
            "> ```rust\n> fn main() {}\n> ```",
            "> - ```\n>   fn main() {}",
            "   ~~~rust\n   fn main() {}\n   ~~~",
        ] {
            let got = doc_lines(text);
            assert_eq!(got[0], "```text", "{text:?}: {got:?}");
            assert_eq!(got.last().map(String::as_str), Some("```"), "{got:?}");
        }
    }

    #[test]
    fn no_line_keeps_room_for_an_indented_code_block() {
        for text in [
            "> quote\n>\n>     fn main() {}",
            "-     fn main() {}",
            "# Title\n        fn main() {}",
            "123456789. item\n\n> q\n\n              fn main() {}",
            "- a\n\n          - b",
        ] {
            for line in doc_lines(text) {
                let indent = line.len() - line.trim_start().len();
                assert!(indent <= MAX_INDENT, "{text:?}: {line:?}");
                assert!(!line.trim_start().contains("  fn"), "{text:?}: {line:?}");
            }
        }
    }

    #[test]
    fn inline_text_is_one_clean_line() {
        assert_eq!(
            inline("a\nb\r\n```rust\u{1b}[31m\u{202e}x"),
            "a b ```rust [31m x"
        );
        assert_eq!(code("x`y"), "x'y");
        assert_eq!(terminal("a\u{1b}b\u{7}\n"), "a\\u{1b}b\\u{7}\n");
        let same = terminal_same_length("a\u{1b}\u{202e}b");
        assert_eq!(same.len(), "a\u{1b}\u{202e}b".len());
        assert!(!same.contains('\u{1b}'));
    }
}
