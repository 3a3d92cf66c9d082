//! Rendering a [`Report`]: text (grouped by level), JSON (the stable shape
//! documented in the README), a markdown table, and GitHub Actions
//! workflow commands (`::error file=...,line=...::...`).

use std::fmt::Write as _;

use serde_json::{json, Value};

use super::{Change, Level, Report};
use crate::Source;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// One JSON object.
    Json,
    /// Markdown tables, for pull-request comments.
    Markdown,
    /// GitHub Actions annotations.
    Github,
}

/// What the specs are called, and the new one's text for line numbers.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The old spec as the user named it.
    pub old: &'a str,
    /// The new spec as the user named it.
    pub new: &'a str,
    /// The new spec's path in the repository, which annotations name.
    pub new_file: &'a str,
    /// The new spec's source, to turn pointers into lines.
    pub new_source: Option<&'a Source>,
}

impl Context<'_> {
    /// The 1-based line of the new pointer of `change` in the new spec.
    fn line(&self, change: &Change) -> Option<usize> {
        self.new_source.map(|s| s.locate(&change.new).line)
    }
}

/// Renders `report` in `format`.
pub fn render(report: &Report, format: Format, ctx: &Context<'_>) -> String {
    match format {
        Format::Text => text(report, ctx),
        Format::Json => {
            let mut out =
                serde_json::to_string_pretty(&json_value(report, ctx)).unwrap_or_default();
            out.push('\n');
            out
        }
        Format::Markdown => markdown(report, ctx),
        Format::Github => github(report, ctx),
    }
}

const LEVELS: [Level; 3] = [Level::Breaking, Level::Warning, Level::Info];

fn summary(report: &Report) -> String {
    let n = |l| report.count(l);
    let s = |k: usize| if k == 1 { "" } else { "s" };
    let w = n(Level::Warning);
    format!(
        "{} breaking, {w} warning{}, {} info",
        n(Level::Breaking),
        s(w),
        n(Level::Info)
    )
}

fn side(change: &Change) -> &'static str {
    change.side().map_or("-", |s| s.as_str())
}

fn text(report: &Report, ctx: &Context<'_>) -> String {
    let mut out = format!("{} -> {}: {}\n", ctx.old, ctx.new, summary(report));
    for level in LEVELS {
        let changes: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.level() == level)
            .collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{level} ({}):", changes.len());
        for c in changes {
            let _ = writeln!(out, "  {} [{}] {}", c.rule.id, side(c), c.message);
            let _ = writeln!(out, "      old: {}", c.old);
            let line = ctx
                .line(c)
                .map(|l| format!(" ({}:{l})", ctx.new_file))
                .unwrap_or_default();
            let _ = writeln!(out, "      new: {}{line}", c.new);
            if level != Level::Info {
                let _ = writeln!(out, "      why: {}", c.rule.why);
            }
        }
    }
    let _ = writeln!(
        out,
        "\nRust API impact: {} ({} change{})",
        report.bump,
        report.rust.len(),
        if report.rust.len() == 1 { "" } else { "s" }
    );
    for r in &report.rust {
        let _ = writeln!(
            out,
            "  {:<5} {} [{}] {}: {}",
            r.bump.as_str(),
            r.rule,
            r.side,
            r.item,
            r.message
        );
    }
    out
}

/// The JSON shape: see the README's "Spec drift: diff" section.
pub fn json_value(report: &Report, ctx: &Context<'_>) -> Value {
    let changes: Vec<Value> = report
        .changes
        .iter()
        .map(|c| {
            json!({
                "rule": c.rule.id,
                "level": c.level().as_str(),
                "side": c.side().map(|s| s.as_str()),
                "old_pointer": c.old,
                "new_pointer": c.new,
                "new_line": ctx.line(c),
                "message": c.message,
                "why": c.rule.why,
            })
        })
        .collect();
    let rust: Vec<Value> = report
        .rust
        .iter()
        .map(|r| {
            json!({
                "rule": r.rule,
                "bump": r.bump.as_str(),
                "side": r.side.as_str(),
                "item": r.item,
                "message": r.message,
            })
        })
        .collect();
    json!({
        "old": ctx.old,
        "new": ctx.new,
        "summary": {
            "breaking": report.count(Level::Breaking),
            "warning": report.count(Level::Warning),
            "info": report.count(Level::Info),
        },
        "changes": changes,
        "rust": {"bump": report.bump.as_str(), "changes": rust},
    })
}

/// A table cell: `|` would end it, a newline the row.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn markdown(report: &Report, ctx: &Context<'_>) -> String {
    let mut out = format!(
        "### API changes: `{}` → `{}`\n\n**{}**; Rust API: **{}**.\n",
        cell(ctx.old),
        cell(ctx.new),
        summary(report),
        report.bump
    );
    if !report.changes.is_empty() {
        out.push_str("\n| Level | Rule | Side | Change | Old | New |\n|---|---|---|---|---|---|\n");
        for c in &report.changes {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} | `{}` | `{}` |",
                c.level(),
                c.rule.id,
                side(c),
                cell(&c.message),
                cell(&c.old),
                cell(&c.new)
            );
        }
    }
    if !report.rust.is_empty() {
        out.push_str("\n| Bump | Rule | Side | Item | Change |\n|---|---|---|---|---|\n");
        for r in &report.rust {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | `{}` | {} |",
                r.bump,
                r.rule,
                r.side,
                cell(&r.item),
                cell(&r.message)
            );
        }
    }
    out
}

/// Escapes the message of a workflow command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property (`file`, `title`) of a workflow command.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn github(report: &Report, ctx: &Context<'_>) -> String {
    let mut out = String::new();
    for c in &report.changes {
        let command = match c.level() {
            Level::Breaking => "error",
            Level::Warning => "warning",
            Level::Info => "notice",
        };
        let line = ctx
            .line(c)
            .map(|l| format!(",line={l}"))
            .unwrap_or_default();
        let title = match c.side() {
            Some(s) => format!("{} ({s})", c.rule.id),
            None => c.rule.id.to_string(),
        };
        let _ = writeln!(
            out,
            "::{command} file={}{line},title={}::{}. {}",
            escape_property(ctx.new_file),
            escape_property(&title),
            escape_data(&c.message),
            escape_data(c.rule.why)
        );
    }
    if !report.rust.is_empty() {
        let _ = writeln!(
            out,
            "::notice title={}::{} change{} to the generated Rust API",
            escape_property(&format!("Rust API: {}", report.bump)),
            report.rust.len(),
            if report.rust.len() == 1 { "" } else { "s" }
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_are_escaped() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(escape_property("x: y, z"), "x%3A y%2C z");
    }
}
