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

use std::collections::BTreeMap;
use std::fmt;

use super::Side;
use crate::ir::{Api, Operation, TypeDef, TypeKind, TypeRef};

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
    let mut out = Out(Vec::new());
    operations(&mut out, old, new);
    super::credentials::compare(&mut out, old, new);
    types(&mut out, old, new);
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

/// A type as the generated code writes it.
pub(super) fn rust_type(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => match api.types.get(id) {
            Some(def) => match &def.kind {
                TypeKind::External(path) => path.to_string(),
                _ => def.name.clone(),
            },
            None => "?".to_string(),
        },
        TypeRef::Str => "String".into(),
        TypeRef::Secret => "Secret".into(),
        TypeRef::Formatted(f) => f.rust_name().into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::U32 => "u32".into(),
        TypeRef::U64 => "u64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::Binary => "Vec<u8>".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Array(item) => format!("Vec<{}>", rust_type(api, item)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", rust_type(api, value)),
        TypeRef::Nullable(inner) => format!("Option<{}>", rust_type(api, inner)),
    }
}

/// The client method's arguments: required and path parameters, then the
/// body when it is required (as `emit::operation` writes them).
fn signature(api: &Api, op: &Operation) -> Vec<String> {
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| crate::emit::positional(p))
        .map(|p| format!("{}: {}", p.rust, rust_type(api, &p.ty)))
        .collect();
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        if let Some(first) = body.contents.first() {
            args.push(format!("body: {}", rust_type(api, &first.ty)));
        }
    }
    args
}

/// The request builder's setters: optional parameters and optional bodies.
fn setters(api: &Api, op: &Operation) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = op
        .params
        .iter()
        .filter(|p| !crate::emit::positional(p))
        .map(|p| (p.rust.clone(), rust_type(api, &p.ty)))
        .collect();
    if let Some(body) = &op.body {
        for (i, c) in body.contents.iter().enumerate() {
            if i == 0 && body.required {
                continue;
            }
            let name = if i == 0 {
                "body".to_string()
            } else {
                format!("body_{:?}", c.encoding).to_lowercase()
            };
            out.insert(name, rust_type(api, &c.ty));
        }
    }
    out
}

/// The variants of an operation's response enum and their payloads, named
/// by the emitter's own [`crate::emit::response_variants`].
fn response_variants(api: &Api, op: &Operation) -> BTreeMap<String, String> {
    crate::emit::response_variants(op)
        .into_iter()
        .map(|v| {
            let payload = v.content.map_or_else(String::new, |c| match c.encoding {
                crate::ir::Encoding::Json => rust_type(api, &c.ty),
                crate::ir::Encoding::Binary => "Bytes".to_string(),
                _ => "String".to_string(),
            });
            (v.name, payload)
        })
        .collect()
}

fn operations(out: &mut Out, old: &Api, new: &Api) {
    let mut renamed_to: Vec<&str> = Vec::new();
    for o in &old.operations {
        let item = format!("Client::{}", o.name);
        let Some(n) = new.operations.iter().find(|n| n.name == o.name) else {
            let same = new.operations.iter().find(|n| {
                n.method == o.method && super::paths::shape(&n.path) == super::paths::shape(&o.path)
            });
            match same {
                Some(n) => {
                    let message = format!("renamed to `{}`", n.name);
                    out.push("method-renamed", (Bump::Major, Side::Client), item, message);
                    renamed_to.push(&n.name);
                    operation(out, (old, o), (new, n));
                    super::server_api::compare(out, (old, o), (new, n));
                }
                None => {
                    let change = (Bump::Major, Side::Client);
                    out.push("method-removed", change, item, "removed".into());
                    super::server_api::removed(out, o);
                }
            }
            continue;
        };
        operation(out, (old, o), (new, n));
        super::server_api::compare(out, (old, o), (new, n));
    }
    for n in new.operations.iter().filter(|n| {
        !old.operations.iter().any(|o| o.name == n.name) && !renamed_to.contains(&n.name.as_str())
    }) {
        out.push(
            "method-added",
            (Bump::Minor, Side::Client),
            format!("Client::{}", n.name),
            "added".into(),
        );
        super::server_api::added(out, n);
    }
}

fn operation(out: &mut Out, (old, o): (&Api, &Operation), (new, n): (&Api, &Operation)) {
    let item = format!("Client::{}", o.name);
    let (os, ns) = (signature(old, o), signature(new, n));
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
    if o.type_base != n.type_base {
        let message = format!("request builder renamed to `{}`", n.type_base);
        let change = (Bump::Major, Side::Client);
        out.push("type-renamed", change, o.type_base.clone(), message);
    }
    let builder = format!("{}::", o.type_base);
    let (os, ns) = (setters(old, o), setters(new, n));
    compare_members(out, (&builder, Side::Client), "setter", &os, &ns);
    if o.response_type != n.response_type {
        let message = format!("response enum renamed to `{}`", n.response_type);
        out.push(
            "type-renamed",
            (Bump::Major, Side::Both),
            o.response_type.clone(),
            message,
        );
        return;
    }
    let prefix = format!("{}::", o.response_type);
    compare_members(
        out,
        (&prefix, Side::Both),
        "response variant",
        &response_variants(old, o),
        &response_variants(new, n),
    );
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
                let message = format!("{what} type changed from `{ty}` to `{now}`");
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

fn types(out: &mut Out, old: &Api, new: &Api) {
    let by_name = |api: &Api| -> BTreeMap<String, TypeDef> {
        api.types
            .values()
            .map(|d| (d.name.clone(), d.clone()))
            .collect()
    };
    let (old_types, new_types) = (by_name(old), by_name(new));
    for (name, o) in &old_types {
        let item = format!("types::{name}");
        match new_types.get(name) {
            None => {
                let change = (Bump::Major, Side::Both);
                out.push("type-removed", change, item, "type removed".into());
            }
            Some(n) => type_def(out, &item, (old, o), (new, n)),
        }
    }
    for name in new_types.keys().filter(|n| !old_types.contains_key(*n)) {
        out.push(
            "type-added",
            (Bump::Minor, Side::Both),
            format!("types::{name}"),
            "type added".into(),
        );
    }
}

fn type_def(out: &mut Out, item: &str, (old, o): (&Api, &TypeDef), (new, n): (&Api, &TypeDef)) {
    if let (TypeKind::External(was), TypeKind::External(is)) = (&o.kind, &n.kind) {
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
    if let (TypeKind::Alias(ot), TypeKind::Alias(nt))
    | (TypeKind::Newtype(ot), TypeKind::Newtype(nt)) = (&o.kind, &n.kind)
    {
        let (was, is) = (rust_type(old, ot), rust_type(new, nt));
        let what = match n.kind {
            TypeKind::Newtype(_) => "newtype",
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
    let same_kind = std::mem::discriminant(&o.kind) == std::mem::discriminant(&n.kind);
    match (members(old, &o.kind), members(new, &n.kind)) {
        (Some((what, was)), Some((_, is))) if same_kind => {
            compare_members(out, (&format!("{item}::"), Side::Both), what, &was, &is);
        }
        _ => {
            let message = format!(
                "changed from {} to {}",
                kind_name(&o.kind),
                kind_name(&n.kind)
            );
            let change = (Bump::Major, Side::Both);
            out.push("type-kind-changed", change, item.to_string(), message);
        }
    }
}

/// What code names inside a type, with the Rust type each carries: a
/// struct's fields, an enum's variants, a union's variants; `None` for an
/// alias. The first part names the members in messages and rule ids.
fn members(api: &Api, kind: &TypeKind) -> Option<(&'static str, BTreeMap<String, String>)> {
    let unit = |rust: &String| (rust.clone(), String::new());
    match kind {
        TypeKind::Struct(s) => {
            let mut fields: BTreeMap<String, String> = s
                .fields
                .iter()
                .map(|f| (f.rust.clone(), field_type(api, f)))
                .collect();
            if let Some(extra) = &s.additional {
                fields.insert(
                    "additional_properties".into(),
                    format!("BTreeMap<String, {}>", rust_type(api, extra)),
                );
            }
            Some(("field", fields))
        }
        TypeKind::StrEnum(values) => Some((
            "enum variant",
            values.iter().map(|v| unit(&v.rust)).collect(),
        )),
        TypeKind::IntEnum(values) => Some((
            "enum variant",
            values.iter().map(|v| unit(&v.rust)).collect(),
        )),
        TypeKind::Union(u) => {
            let variants = u
                .variants
                .iter()
                .map(|v| (v.name.clone(), rust_type(api, &v.ty)));
            Some(("union variant", variants.collect()))
        }
        TypeKind::Alias(_) | TypeKind::Newtype(_) | TypeKind::External(_) => None,
    }
}

/// A field's type with the `Option`s the emitter wraps it in.
fn field_type(api: &Api, f: &crate::ir::Field) -> String {
    let mut ty = rust_type(api, &f.ty);
    if f.boxed {
        ty = format!("Box<{ty}>");
    }
    match (f.required, f.nullable) {
        (true, false) => ty,
        (true, true) | (false, false) => format!("Option<{ty}>"),
        (false, true) => format!("Option<Option<{ty}>>"),
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "a struct",
        TypeKind::StrEnum(_) | TypeKind::IntEnum(_) => "an enum",
        TypeKind::Union(_) => "a union",
        TypeKind::Alias(_) => "an alias",
        TypeKind::Newtype(_) => "a newtype",
        TypeKind::External(_) => "a replacement type",
    }
}
