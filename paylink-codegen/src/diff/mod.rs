//! Spec drift: what changed between two versions of a spec, and whom it
//! breaks.
//!
//! [`diff`] compares two read specs at two levels:
//!
//! * the documents, after normalization, with every `$ref` followed while
//!   walking ([`walk`], [`paths`], [`schema`], [`headers`]): each change
//!   names a rule of the [`rules`] table, a level and the side (client,
//!   server or both) it breaks;
//! * the generated Rust API, by lowering both specs to the IR and comparing
//!   it ([`semver`], [`server_api`]): what code written against the old
//!   module stops compiling, whose code it is, and the semver bump that
//!   implies.
//!
//! [`format`] renders a [`Report`] as text, JSON, markdown or GitHub
//! Actions annotations.

mod credentials;
mod effective;
pub mod format;
mod headers;
mod operation;
mod paths;
pub mod rules;
mod schema;
pub mod semver;
mod server_api;
mod variants;
mod walk;

use std::fmt;

pub use rules::{Rule, RULES};
pub use semver::{Bump, RustChange};

use crate::Spec;

/// How serious a change is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Worth knowing, breaks nobody (an addition).
    Info,
    /// May break some users, or changes behaviour without failing.
    Warning,
    /// Requests or responses that were valid stop being so.
    Breaking,
}

impl Level {
    /// The lower-case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who a change breaks, judged against the old version (see [`rules`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// A client built for the old version, talking to a server of the new
    /// one; in the Rust impact, code calling the generated client.
    Client,
    /// A server implementing the old version, or a handler written against
    /// the old generated server trait, checked against the new version; in
    /// the Rust impact, code implementing the generated server.
    Server,
    /// Both.
    Both,
}

impl Side {
    /// The lower-case name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Client => "client",
            Side::Server => "server",
            Side::Both => "both",
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change between the two documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The rule that found it: its id, level, side and reason.
    pub rule: &'static Rule,
    /// JSON pointer in the old document. For an addition: the enclosing
    /// node the new item was added to.
    pub old: String,
    /// JSON pointer in the new document. For a removal: the enclosing node
    /// the item was removed from.
    pub new: String,
    /// What changed, in one line.
    pub message: String,
}

impl Change {
    /// The rule's level.
    pub fn level(&self) -> Level {
        self.rule.level
    }

    /// The side it breaks; `None` for info.
    pub fn side(&self) -> Option<Side> {
        self.rule.side
    }
}

/// Everything [`diff`] found.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Document changes, most serious first, then by pointer.
    pub changes: Vec<Change>,
    /// Changes to the generated Rust API.
    pub rust: Vec<RustChange>,
    /// The semver bump the Rust changes need.
    pub bump: Bump,
}

impl Report {
    /// Number of changes at `level`.
    pub fn count(&self, level: Level) -> usize {
        self.changes.iter().filter(|c| c.level() == level).count()
    }

    /// Whether any change is at `level` or above.
    pub fn has_at_least(&self, level: Level) -> bool {
        self.changes.iter().any(|c| c.level() >= level)
    }
}

/// Compares two specs: their documents and their generated Rust API.
pub fn diff(old: &Spec, new: &Spec) -> Report {
    crate::stack::deep(|| diff_here(old, new))
}

fn diff_here(old: &Spec, new: &Spec) -> Report {
    let changes = diff_documents(&old.document, &new.document);
    let (old_api, _) = crate::ir::lower(&old.model);
    let (new_api, _) = crate::ir::lower(&new.model);
    report(changes, rust_impact(&old_api, &new_api))
}

/// The changes to the generated Rust API between two lowered specs.
pub fn rust_impact(old: &crate::ir::Api, new: &crate::ir::Api) -> Vec<RustChange> {
    semver::impact(old, new)
}

/// The report of `changes` between the documents and of the `rust`
/// changes (see [`rust_impact`]).
pub fn report(changes: Vec<Change>, rust: Vec<RustChange>) -> Report {
    let bump = semver::bump(&rust);
    Report {
        changes,
        rust,
        bump,
    }
}

/// Compares two normalized documents (as in [`Spec::document`]).
pub fn diff_documents(old: &serde_json::Value, new: &serde_json::Value) -> Vec<Change> {
    let mut walker = walk::Walker::new(old, new);
    paths::document(&mut walker);
    let mut changes = walker.finish();
    // Walk order follows the documents; a stable sort by seriousness and
    // place makes the report independent of how either side was ordered.
    changes.sort_by(|a, b| {
        b.level()
            .cmp(&a.level())
            .then_with(|| a.old.cmp(&b.old))
            .then_with(|| a.new.cmp(&b.new))
            .then_with(|| a.rule.id.cmp(b.rule.id))
            .then_with(|| a.message.cmp(&b.message))
    });
    changes.dedup();
    changes
}
