//! Doc comments: the spec's descriptions, and generated sentences that
//! quote spec text. Every doc attribute of generated code is built here,
//! from text passed through [`crate::sanitize`], so no spec text can become
//! a doctest, a control character or the end of a comment.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;
pub(crate) use crate::sanitize::code;
use crate::sanitize::{doc_lines, inline};

/// One `#[doc]` line for a generated sentence; the spec text in it should
/// already be quoted with [`code`].
pub(crate) fn sentence(text: &str) -> TokenStream {
    let line = sentence_line(text);
    quote! { #[doc = #line] }
}

/// [`sentence`] printed, with its line break, as prettyplease prints the
/// attribute: `/// text` ([`inline`] leaves no line break in it).
pub(crate) fn sentence_text(text: &str) -> String {
    format!("///{}\n", sentence_line(text).trim_end())
}

/// The value of a sentence's doc attribute.
fn sentence_line(text: &str) -> String {
    format!(" {}", inline(text))
}

/// `#[doc = "..."]` attributes for a text, one per line.
pub(crate) fn doc(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return TokenStream::new();
    };
    let lines = doc_lines(text)
        .into_iter()
        .map(|l| if l.is_empty() { l } else { format!(" {l}") });
    quote! { #( #[doc = #lines] )* }
}

/// [`doc`] printed as prettyplease prints it: a `///` line per line.
pub(crate) fn doc_text(text: Option<&str>) -> String {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return String::new();
    };
    let mut out = String::new();
    for line in doc_lines(text) {
        out.push_str("///");
        if !line.is_empty() {
            out.push(' ');
            out.push_str(&line);
        }
        out.push('\n');
    }
    out
}

/// The module's inner doc (the API's title, version, description and
/// source) printed as prettyplease prints it: a `//!` line per line.
pub(crate) fn module_doc_text(api: &Api, spec: &str) -> String {
    inner_doc_text(&module_doc_lines(api, spec))
}

/// Inner doc attributes' values printed as prettyplease prints them.
pub(crate) fn inner_doc_text(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        out.push_str("//!");
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The values of the module's inner doc attributes.
fn module_doc_lines(api: &Api, spec: &str) -> Vec<String> {
    let mut text = format!(
        "`{}` {}: types and client generated from `{}`.",
        code(&api.title),
        code(&api.version),
        code(spec)
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
    doc_lines(&text)
        .into_iter()
        .map(|l| if l.is_empty() { l } else { format!(" {l}") })
        .collect()
}
