//! Doc comments from the spec's descriptions, made safe for rustdoc: code
//! fences become `text` blocks (so they are never run as doctests) and
//! indentation that would start a code block is removed.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

/// `#[doc = "..."]` attributes for a text, one per line.
pub(crate) fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return TokenStream::new();
    };
    let lines = clean(text)
        .into_iter()
        .map(|l| if l.is_empty() { l } else { format!(" {l}") });
    quote! { #( #[doc = #lines] )* }
}

/// The module's inner doc: the API's title, version, description and source.
pub(crate) fn module_doc(api: &Api, spec: &str) -> TokenStream {
    let mut text = format!(
        "`{}` {}: types and client generated from `{spec}`.",
        api.title, api.version
    );
    if let Some(d) = api
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        text.push_str("\n\n");
        text.push_str(d);
    }
    let lines = clean(&text)
        .into_iter()
        .map(|l| if l.is_empty() { l } else { format!(" {l}") });
    quote! { #( #![doc = #lines] )* }
}

/// Lines with fences retagged as text, tabs expanded, common indentation
/// removed, list continuations indented to their item, block quotes
/// closed by a blank line, and indentation that would open a code block
/// (four spaces after a blank line, outside a list) cut; trailing blanks
/// dropped. What stays renders as the author meant it, and rustdoc never
/// runs a description as a doctest.
fn clean(text: &str) -> Vec<String> {
    let text = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ");
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
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            self.out.push(if self.in_fence {
                "```".into()
            } else {
                "```text".into()
            });
            self.in_fence = !self.in_fence;
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
        if let Some(width) = list_marker(trimmed) {
            let indent = if after_blank && indent >= 4 && self.list.is_none() {
                0
            } else {
                indent
            };
            self.list = Some(indent + width);
            self.out.push(format!("{}{trimmed}", " ".repeat(indent)));
            return;
        }
        match self.list {
            Some(width) if !after_blank || indent >= width => {
                self.out.push(format!("{}{trimmed}", " ".repeat(width)));
            }
            _ => {
                self.list = None;
                let indent = if after_blank && indent >= 4 {
                    0
                } else {
                    indent.min(3)
                };
                self.out.push(format!("{}{trimmed}", " ".repeat(indent)));
            }
        }
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

/// The width of a list marker and its space (`- `, `* `, `+ `, `1. `, `2) `).
fn list_marker(line: &str) -> Option<usize> {
    if ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m)) {
        return Some(2);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && digits < 10 && (rest.starts_with(". ") || rest.starts_with(") ")))
        .then_some(digits + 2)
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn fences_become_text_and_indentation_goes() {
        let got = clean("Intro\n\n    indented\n```json\n  {\"a\": 1}\n```\n");
        assert_eq!(
            got,
            ["Intro", "", "indented", "```text", "  {\"a\": 1}", "```"]
        );
    }

    #[test]
    fn list_continuations_line_up_with_their_item() {
        let got =
            clean("* `open` - anyone\n   with the link\n* `company` - staff\nlazy line\n\nAfter.");
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
        let got = clean("1. first\n   more\n> quoted\nnot quoted");
        assert_eq!(
            got,
            ["1. first", "   more", "   > quoted", "", "not quoted"]
        );
    }
}
