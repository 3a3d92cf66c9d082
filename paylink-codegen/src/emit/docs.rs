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
/// removed, and indentation that would open a code block (four spaces
/// after a blank line) cut to three; trailing blanks dropped.
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
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let line = line.get(common..).unwrap_or(line.trim_start()).trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            out.push(if in_fence {
                "```".to_string()
            } else {
                "```text".to_string()
            });
            in_fence = !in_fence;
            continue;
        }
        let indent = line.len() - trimmed.len();
        let after_blank = out.last().is_none_or(|l| l.is_empty());
        if !in_fence && indent >= 4 && after_blank {
            out.push(format!("   {trimmed}"));
        } else {
            out.push(line.to_string());
        }
    }
    if in_fence {
        out.push("```".to_string());
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn fences_become_text_and_indentation_goes() {
        let got = clean("Intro\n\n    indented\n```json\n  {\"a\": 1}\n```\n- item\n  more\n");
        assert_eq!(
            got,
            [
                "Intro",
                "",
                "   indented",
                "```text",
                "  {\"a\": 1}",
                "```",
                "- item",
                "  more"
            ]
        );
    }
}
