//! Stage 2, normalize: any OpenAPI 3.0, 3.1 or 3.2 document to the 3.0
//! shape that `openapiv3` reads.
//!
//! Lowering is exact where 3.0 can say the same thing (`type: [T, "null"]`,
//! `const`, numeric `exclusiveMinimum`); otherwise the original is kept as an
//! `x-oas-<field>` extension and a warning names its JSON pointer. Defects
//! common in published specs are repaired with a warning. Nothing is dropped
//! without a diagnostic saying so.

mod checks;
mod kinds;
mod lower;
mod repair;
mod schema;
mod walk;

use serde_json::{Map, Value};

use crate::diagnostic::{push_token, Diagnostic, Diagnostics};
pub(crate) use kinds::Kind;

/// The OpenAPI version normalized documents declare.
pub const TARGET_VERSION: &str = "3.0.3";

/// Where a normalized document came from, and the references it holds.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// The `openapi` version the document declared.
    pub source_version: String,
    /// Every `$ref` found, in document order.
    pub refs: Vec<RefSite>,
    /// Every discriminator mapping entry: its pointer and the schema it names
    /// (a reference or a component name).
    pub mappings: Vec<(String, String)>,
}

/// One `$ref` in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefSite {
    /// Pointer to the object holding the `$ref`.
    pub pointer: String,
    /// The reference as written.
    pub target: String,
    /// Whether the referring object is a schema.
    pub is_schema: bool,
}

/// Normalizes `value` in place. Returns `None` when the document is not an
/// OpenAPI 3 document at all; other problems are in `diagnostics`.
pub fn normalize(value: &mut Value, diagnostics: &mut Diagnostics) -> Option<Normalized> {
    let Value::Object(root) = value else {
        let found = value_kind(value);
        diagnostics.push(
            Diagnostic::error(
                "#",
                format!("an OpenAPI document is an object, found {found}"),
            )
            .with_hint("the document starts with `openapi: 3.x.y`, `info` and `paths`"),
        );
        return None;
    };
    let (source_version, minor) = version(root, diagnostics)?;
    let mut ctx = Ctx {
        minor,
        diags: diagnostics,
        refs: Vec::new(),
        mappings: Vec::new(),
        operation_ids: std::collections::HashMap::new(),
        ptr: String::from("#"),
    };
    document_defaults(&mut ctx, root);
    walk::walk_object(&mut ctx, value, Kind::Document);
    if let Value::Object(root) = value {
        root.insert("openapi".into(), Value::String(TARGET_VERSION.into()));
        root.insert(
            "x-paylink-source-version".into(),
            Value::String(source_version.clone()),
        );
    }
    Some(Normalized {
        source_version,
        refs: ctx.refs,
        mappings: ctx.mappings,
    })
}

fn version(root: &mut Map<String, Value>, diags: &mut Diagnostics) -> Option<(String, u8)> {
    if root.contains_key("swagger") {
        diags.push(
            Diagnostic::error("#/swagger", "this is a Swagger 2.0 document; paylink reads OpenAPI 3.0, 3.1 and 3.2")
                .with_hint("convert it first, for example with `npx swagger2openapi spec.json -o openapi.yaml`"),
        );
        return None;
    }
    let text = match root.get("openapi") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => {
            let s = n.to_string();
            diags.push(
                Diagnostic::warning(
                    "#/openapi",
                    format!("`openapi` must be a string such as \"3.0.3\", found the number {s}"),
                )
                .with_hint("quote the version"),
            );
            s
        }
        _ => {
            diags.push(
                Diagnostic::error(
                    "#",
                    "not an OpenAPI document: the `openapi` version field is missing",
                )
                .with_hint("add `openapi: 3.1.0` (or the version the document follows) at the top"),
            );
            return None;
        }
    };
    let mut parts = text.split('.');
    let major = parts.next().and_then(|p| p.parse::<u32>().ok());
    let minor = parts.next().and_then(|p| p.parse::<u8>().ok());
    match (major, minor) {
        (Some(3), Some(m @ 0..=2)) => Some((text, m)),
        _ => {
            diags.push(
                Diagnostic::error(
                    "#/openapi",
                    format!("OpenAPI version `{text}` is not supported"),
                )
                .with_hint("paylink reads OpenAPI 3.0.x, 3.1.x and 3.2.x"),
            );
            None
        }
    }
}

/// `info` and `paths` are required in 3.0; 3.1 lets `paths` go when there
/// are webhooks or components.
fn document_defaults(ctx: &mut Ctx, root: &mut Map<String, Value>) {
    if !root.contains_key("info") {
        ctx.warn("the document has no `info`: an empty title and version are used")
            .hint("add `info` with `title` and `version`");
        root.insert(
            "info".into(),
            serde_json::json!({"title": "", "version": ""}),
        );
    }
    if !root.contains_key("paths") {
        if ctx.minor == 0 {
            ctx.warn("an OpenAPI 3.0 document must have `paths`: none are assumed")
                .hint("add `paths: {}`");
        }
        root.insert("paths".into(), Value::Object(Map::new()));
    }
}

/// State shared by the walk: the version, diagnostics, references found and
/// the pointer of the node being visited.
pub(crate) struct Ctx<'d> {
    /// Minor version of the source document (0, 1 or 2).
    pub minor: u8,
    diags: &'d mut Diagnostics,
    refs: Vec<RefSite>,
    mappings: Vec<(String, String)>,
    /// Each operationId met, with the pointer of its first operation.
    operation_ids: std::collections::HashMap<String, String>,
    ptr: String,
}

impl Ctx<'_> {
    /// Runs `f` with `token` appended to the current pointer.
    pub fn at<T>(&mut self, token: &str, f: impl FnOnce(&mut Self) -> T) -> T {
        let len = self.ptr.len();
        push_token(&mut self.ptr, token);
        let out = f(self);
        self.ptr.truncate(len);
        out
    }

    /// A warning at the current pointer.
    pub fn warn(&mut self, message: impl Into<String>) -> &mut Diagnostic {
        let ptr = self.ptr.clone();
        self.diags.warn(&ptr, message)
    }

    /// An error at the current pointer.
    pub fn error(&mut self, message: impl Into<String>) -> &mut Diagnostic {
        let ptr = self.ptr.clone();
        self.diags.error(&ptr, message)
    }

    /// Records the `$ref` of `map`; false (with an error) when it is not a string.
    /// Records the operationId of the operation at the current pointer;
    /// returns the pointer of an earlier operation with the same id.
    pub fn claim_operation_id(&mut self, id: &str) -> Option<String> {
        match self.operation_ids.get(id) {
            Some(first) => Some(first.clone()),
            None => {
                self.operation_ids.insert(id.to_string(), self.ptr.clone());
                None
            }
        }
    }

    /// Keeps a discriminator mapping entry for the resolve stage to check.
    pub fn record_mapping(&mut self, key: &str, target: &str) {
        let mut pointer = self.ptr.clone();
        push_token(&mut pointer, "discriminator");
        push_token(&mut pointer, "mapping");
        push_token(&mut pointer, key);
        self.mappings.push((pointer, target.to_string()));
    }

    pub fn record_ref(&mut self, map: &Map<String, Value>, kind: Kind) -> bool {
        match map.get("$ref") {
            Some(Value::String(target)) => {
                self.refs.push(RefSite {
                    pointer: self.ptr.clone(),
                    target: target.clone(),
                    is_schema: kind == Kind::Schema,
                });
                true
            }
            other => {
                let found = other.map_or("nothing", value_kind);
                self.at("$ref", |ctx| {
                    ctx.error(format!("`$ref` must be a string, found {found}"))
                        .hint(
                            "write the reference as a string such as \"#/components/schemas/Name\"",
                        );
                });
                false
            }
        }
    }
}

/// A short description of a JSON value's type for messages.
pub(crate) fn value_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
