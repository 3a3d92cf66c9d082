//! Semver impact on the generated Rust API: both specs are lowered to the
//! IR and compared item by item, reporting what code written against the
//! old module stops compiling (or behaves differently) after regeneration.
//!
//! Each change names the code it breaks ([`Side`]): client code (calls of
//! `Client` methods, request builders, `match`es on responses), server
//! code (implementations of the generated `server::Api` trait, handlers
//! reading `server::*Request` structs, tests building them), or both (the
//! `types` module and the response enums, which clients decode into and
//! servers return).
//!
//! What the emitter generates decides the levels: structs are plain (not
//! `#[non_exhaustive]`), so any new field breaks struct literals; enums,
//! unions and response enums are exhaustive too, so a new variant breaks
//! `match`es without a wildcard arm (unknown wire values still land in the
//! `Unknown`/`Other` variant at runtime, which is why the document-level
//! rule calls a new response enum value a warning only).
//!
//! Names and types come from [`crate::ir::surface`], the description the
//! emitters print, so what is compared is what is generated (a boxed
//! variant is `Box<T>` here as in the module).

use std::collections::BTreeMap;
use std::fmt;

use super::Side;
use crate::ir::surface::{
    self, ClientSurface, Credential, ItemKind, Pages, ResponseEnum, ServerSurface, TypeItem,
    VariantItem,
};
use crate::ir::{Api, Operation};

/// A semver bump.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// Nothing a user can observe changed in the Rust API.
    #[default]
    Patch,
    /// Only additions: existing code still compiles.
    Minor,
    /// Existing code may stop compiling.
    Major,
}

impl Bump {
    /// `major`, `minor` or `patch`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change to the generated Rust API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RustChange {
    /// Stable kebab-case id (`method-removed`, `struct-field-added`, ...).
    pub rule: &'static str,
    /// The bump it needs.
    pub bump: Bump,
    /// Whose code it breaks (for an addition: whose code sees it).
    pub side: Side,
    /// The item affected, as Rust names it (`Client::list_pets`, `types::Pet::name`).
    pub item: String,
    /// What changed, in one line.
    pub message: String,
}

/// The bump a list of changes needs: the largest, patch when empty.
pub fn bump(changes: &[RustChange]) -> Bump {
    changes.iter().map(|c| c.bump).max().unwrap_or_default()
}

/// Compares the Rust API generated for `old` with the one for `new`.
pub fn impact(old: &Api, new: &Api) -> Vec<RustChange> {
    let (old, new) = (Generated::of(old), Generated::of(new));
    let mut out = Out(Vec::new());
    operations(&mut out, &old, &new);
    super::credentials::compare(&mut out, &old, &new);
    types(&mut out, &old, &new);
    let mut changes = out.0;
    changes.sort_by(|a, b| {
        b.bump
            .cmp(&a.bump)
            .then_with(|| a.item.cmp(&b.item))
            .then_with(|| a.rule.cmp(b.rule))
    });
    changes.dedup();
    changes
}

/// The module generated for one version, client and server both: its
/// operations (to pair them), and its surface.
pub(super) struct Generated<'a> {
    /// The API, for the operations' methods and paths.
    pub api: &'a Api,
    /// The `types` items by name.
    pub types: BTreeMap<String, TypeItem>,
    /// The response enums, in operation order.
    pub responses: Vec<ResponseEnum>,
    /// The `Credentials` fields.
    pub credentials: Vec<Credential>,
    /// The client.
    pub client: ClientSurface,
    /// The server.
    pub server: ServerSurface,
}

impl<'a> Generated<'a> {
    fn of(api: &'a Api) -> Self {
        let types = surface::types(api).into_values();
        Generated {
            api,
            types: types.map(|t| (t.name.clone(), t)).collect(),
            responses: api
                .operations
                .iter()
                .map(|op| surface::response_enum(api, op))
                .collect(),
            credentials: api.schemes.iter().map(surface::credential).collect(),
            client: surface::client(api),
            server: surface::server(api),
        }
    }

    /// The operation of this name, with its index.
    fn operation(&self, name: &str) -> Option<(usize, &'a Operation)> {
        self.api
            .operations
            .iter()
            .enumerate()
            .find(|(_, op)| op.name == name)
    }
}

/// One operation of one version: the version and the operation's index.
type At<'g, 'a> = (&'g Generated<'a>, usize);

/// The changes found so far.
pub(super) struct Out(Vec<RustChange>);

impl Out {
    /// Records one change.
    pub fn push(
        &mut self,
        rule: &'static str,
        (bump, side): (Bump, Side),
        item: String,
        message: String,
    ) {
        self.0.push(RustChange {
            rule,
            bump,
            side,
            item,
            message,
        });
    }
}

/// The client method's arguments, `name: type`.
fn signature((g, i): At<'_, '_>) -> Vec<String> {
    g.client.methods[i]
        .args()
        .map(|a| format!("{}: {}", a.rust, a.ty))
        .collect()
}

/// The request builder's setters and their types.
fn setters((g, i): At<'_, '_>) -> BTreeMap<String, String> {
    let setters = g.client.methods[i].setters().into_iter();
    setters.map(|(name, ty)| (name, ty.to_string())).collect()
}

/// Variants and their payloads (empty for a unit variant), as members.
pub(super) fn variant_members<'v>(
    variants: impl IntoIterator<Item = &'v VariantItem>,
) -> BTreeMap<String, String> {
    variants
        .into_iter()
        .map(|v| {
            let payload = v
                .payload
                .as_ref()
                .map_or_else(String::new, ToString::to_string);
            (v.name.clone(), payload)
        })
        .collect()
}

/// The variants of an operation's response enum and their payloads.
fn response_variants((g, i): At<'_, '_>) -> BTreeMap<String, String> {
    let response = &g.responses[i];
    let documented = response.variants.iter().map(|v| &v.item);
    variant_members(documented.chain(&response.undocumented))
}

fn operations(out: &mut Out, old: &Generated<'_>, new: &Generated<'_>) {
    let mut renamed_to: Vec<&str> = Vec::new();
    for (i, o) in old.api.operations.iter().enumerate() {
        let item = format!("Client::{}", old.client.methods[i].name);
        let Some((j, _)) = new.operation(&o.name) else {
            let same = new.api.operations.iter().enumerate().find(|(_, n)| {
                n.method == o.method && super::paths::shape(&n.path) == super::paths::shape(&o.path)
            });
            match same {
                Some((j, n)) => {
                    let message = format!("renamed to `{}`", new.client.methods[j].name);
                    out.push("method-renamed", (Bump::Major, Side::Client), item, message);
                    renamed_to.push(&n.name);
                    operation(out, (old, i), (new, j));
                    super::server_api::compare(out, (old, i), (new, j));
                }
                None => {
                    let change = (Bump::Major, Side::Client);
                    out.push("method-removed", change, item, "removed".into());
                    super::server_api::removed(out, &old.server.handlers[i]);
                }
            }
            continue;
        };
        operation(out, (old, i), (new, j));
        super::server_api::compare(out, (old, i), (new, j));
    }
    for (j, n) in new.api.operations.iter().enumerate() {
        if old.operation(&n.name).is_some() || renamed_to.contains(&n.name.as_str()) {
            continue;
        }
        out.push(
            "method-added",
            (Bump::Minor, Side::Client),
            format!("Client::{}", new.client.methods[j].name),
            "added".into(),
        );
        super::server_api::added(out, &new.server.handlers[j]);
    }
}

fn operation(out: &mut Out, old: At<'_, '_>, new: At<'_, '_>) {
    let (o, n) = (&old.0.client.methods[old.1], &new.0.client.methods[new.1]);
    let item = format!("Client::{}", o.name);
    let (os, ns) = (signature(old), signature(new));
    // Callers pass arguments by position: only their types must stay.
    let types_of = |args: &[String]| -> Vec<String> {
        args.iter()
            .map(|a| a.split_once(": ").map_or(a.clone(), |(_, t)| t.to_string()))
            .collect()
    };
    if types_of(&os) != types_of(&ns) {
        let message = format!(
            "arguments changed from ({}) to ({})",
            os.join(", "),
            ns.join(", ")
        );
        out.push(
            "method-signature-changed",
            (Bump::Major, Side::Client),
            item.clone(),
            message,
        );
    }
    if o.builder != n.builder {
        let message = format!("request builder renamed to `{}`", n.builder);
        let change = (Bump::Major, Side::Client);
        out.push("type-renamed", change, o.builder.clone(), message);
    }
    let builder = format!("{}::", o.builder);
    let (os, ns) = (setters(old), setters(new));
    compare_members(out, (&builder, Side::Client), "setter", &os, &ns);
    pages(out, &builder, (&o.pages, &n.pages));
    let (o, n) = (&old.0.responses[old.1], &new.0.responses[new.1]);
    if o.name != n.name {
        let message = format!("response enum renamed to `{}`", n.name);
        out.push(
            "type-renamed",
            (Bump::Major, Side::Both),
            o.name.clone(),
            message,
        );
        return;
    }
    let prefix = format!("{}::", o.name);
    compare_members(
        out,
        (&prefix, Side::Both),
        "response variant",
        &response_variants(old),
        &response_variants(new),
    );
}

/// The builder's `pages` and `items` streams: removed or yielding other
/// types breaks the loops reading them; added, nothing does.
fn pages(out: &mut Out, builder: &str, (old, new): (&Option<Pages>, &Option<Pages>)) {
    let item = format!("{builder}pages");
    match (old, new) {
        (Some(_), None) => out.push(
            "pages-removed",
            (Bump::Major, Side::Client),
            item,
            "`pages` and `items` removed: the spec no longer says how it pages".into(),
        ),
        (None, Some(_)) => out.push(
            "pages-added",
            (Bump::Minor, Side::Client),
            item,
            "`pages` and `items` added".into(),
        ),
        (Some(o), Some(n)) if (&o.page, &o.item) != (&n.page, &n.item) => out.push(
            "pages-changed",
            (Bump::Major, Side::Client),
            item,
            format!(
                "pages of `{}` with items `{}` became pages of `{}` with items `{}`",
                o.page, o.item, n.page, n.item
            ),
        ),
        _ => {}
    }
}

/// Compares named members (setters, variants, fields) and their types,
/// in code of `side`. Every change is major: added variants break
/// exhaustive `match`es, added fields break struct literals, and setters
/// only ever get added minor. An added response variant only breaks
/// clients' `match`es: servers never have to return it.
pub(super) fn compare_members(
    out: &mut Out,
    (prefix, side): (&str, Side),
    what: &str,
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) {
    let id = |kind: &str| -> &'static str {
        match (what, kind) {
            ("setter", "removed") => "setter-removed",
            ("setter", "added") => "setter-added",
            ("setter", _) => "setter-type-changed",
            ("field", "removed") => "struct-field-removed",
            ("field", "added") => "struct-field-added",
            ("field", _) => "struct-field-type-changed",
            ("request field", "removed") => "request-field-removed",
            ("request field", "added") => "request-field-added",
            ("request field", _) => "request-field-type-changed",
            (_, "removed") => "enum-variant-removed",
            (_, "added") => "enum-variant-added",
            _ => "enum-variant-type-changed",
        }
    };
    for (name, ty) in old {
        let item = format!("{prefix}{name}");
        match new.get(name) {
            None => {
                let message = format!("{what} removed");
                out.push(id("removed"), (Bump::Major, side), item, message);
            }
            Some(now) if now != ty => {
                let message = format!("{what} type changed from {} to {}", shown(ty), shown(now));
                out.push(id("changed"), (Bump::Major, side), item, message);
            }
            Some(_) => {}
        }
    }
    for (name, ty) in new.iter().filter(|(n, _)| !old.contains_key(*n)) {
        let bump = if what == "setter" {
            Bump::Minor
        } else {
            Bump::Major
        };
        let side = if what == "response variant" {
            Side::Client
        } else {
            side
        };
        let shown = if ty.is_empty() {
            String::new()
        } else {
            format!(" of type `{ty}`")
        };
        out.push(
            id("added"),
            (bump, side),
            format!("{prefix}{name}"),
            format!("{what} added{shown}"),
        );
    }
}

/// A member's type in a message: quoted, or "no payload" for a unit
/// variant.
fn shown(ty: &str) -> String {
    if ty.is_empty() {
        "no payload".into()
    } else {
        format!("`{ty}`")
    }
}

fn types(out: &mut Out, old: &Generated<'_>, new: &Generated<'_>) {
    for (name, o) in &old.types {
        let item = format!("types::{name}");
        match new.types.get(name) {
            None => {
                let change = (Bump::Major, Side::Both);
                out.push("type-removed", change, item, "type removed".into());
            }
            Some(n) => type_item(out, &item, &o.kind, &n.kind),
        }
    }
    for name in new.types.keys().filter(|n| !old.types.contains_key(*n)) {
        out.push(
            "type-added",
            (Bump::Minor, Side::Both),
            format!("types::{name}"),
            "type added".into(),
        );
    }
}

fn type_item(out: &mut Out, item: &str, old: &ItemKind, new: &ItemKind) {
    if let (ItemKind::External(was), ItemKind::External(is)) = (old, new) {
        if was != is {
            out.push(
                "alias-type-changed",
                (Bump::Major, Side::Both),
                item.to_string(),
                format!("`x-rust-type` changed from `{was}` to `{is}`"),
            );
        }
        return;
    }
    if let (ItemKind::Alias(was), ItemKind::Alias(is))
    | (ItemKind::Newtype(was), ItemKind::Newtype(is)) = (old, new)
    {
        let what = match new {
            ItemKind::Newtype(_) => "newtype",
            _ => "alias",
        };
        if was != is {
            out.push(
                "alias-type-changed",
                (Bump::Major, Side::Both),
                item.to_string(),
                format!("{what} changed from `{was}` to `{is}`"),
            );
        }
        return;
    }
    match (members(old), members(new)) {
        (Some((what, was)), Some((same, is))) if what == same => {
            compare_members(out, (&format!("{item}::"), Side::Both), what, &was, &is);
        }
        _ => {
            let message = format!("changed from {} to {}", kind_name(old), kind_name(new));
            let change = (Bump::Major, Side::Both);
            out.push("type-kind-changed", change, item.to_string(), message);
        }
    }
}

/// What code names inside a type, with the Rust type each carries: a
/// struct's fields, an enum's or a union's variants (the fallback
/// included: a `match` names it); `None` for an alias. The first part
/// names the members in messages and rule ids.
fn members(kind: &ItemKind) -> Option<(&'static str, BTreeMap<String, String>)> {
    match kind {
        ItemKind::Struct { fields, additional } => {
            let fields = fields.iter().chain(additional);
            let fields = fields.map(|f| (f.rust.clone(), f.ty.to_string()));
            Some(("field", fields.collect()))
        }
        ItemKind::Enum { variants, fallback } => Some((
            "enum variant",
            variant_members(variants.iter().chain([fallback])),
        )),
        ItemKind::Union {
            variants, fallback, ..
        } => Some((
            "union variant",
            variant_members(variants.iter().chain([fallback])),
        )),
        ItemKind::Alias(_) | ItemKind::Newtype(_) | ItemKind::External(_) => None,
    }
}

fn kind_name(kind: &ItemKind) -> &'static str {
    match kind {
        ItemKind::Struct { .. } => "a struct",
        ItemKind::Enum { .. } => "an enum",
        ItemKind::Union { .. } => "a union",
        ItemKind::Alias(_) => "an alias",
        ItemKind::Newtype(_) => "a newtype",
        ItemKind::External(_) => "a replacement type",
    }
}
