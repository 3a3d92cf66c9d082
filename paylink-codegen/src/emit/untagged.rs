//! Unions without a discriminator: an enum with one variant per member and
//! a fallback that keeps the value as sent. Serialization is serde's
//! `untagged`; decoding tries the variants in the order
//! `rt::untagged::ranked` gives from each object variant's shape (required
//! and documented properties, `additionalProperties: false`, `const` and
//! `enum` values), so that an object whose properties are all optional is
//! not taken for the first variant that happens to decode.

use super::format::{pretty_unless, Piece};
use super::pretty::{Code, Expr, Link};
use super::types::{derive_text, Extra};
use super::{rust_text, Scope};
use crate::ir::surface::VariantItem;
use crate::ir::{Api, Struct, TypeDef, TypeKind, TypeRef, Union};

/// The enum and its `Deserialize`, its variants named and typed as the
/// surface's `items` say, with the `fallback` last; after its docs, and
/// each item behind `cfg` (its feature gate, or empty). Printed as text
/// (see `super::pretty`); with the options' derives or attributes, or a
/// line the printer cannot break, by prettyplease.
pub(crate) fn emit(
    api: &Api,
    def: &TypeDef,
    name: &str,
    u: &Union,
    (items, fallback): (&[VariantItem], &VariantItem),
    (derives, cfg): (&Extra, &str),
) -> Piece {
    let mut code = Code::new(super::format::margin());
    code.lines(&super::docs::doc_text(def.doc.as_deref()));
    code.lines(cfg);
    let own = ["Debug", "Clone", "PartialEq", "rt::serde::Serialize"];
    let plain = derive_text(&mut code, &own, derives);
    code.line("#[serde(crate = \"rt::serde\", untagged)]");
    code.open(&format!("pub enum {name} {{"));
    for item in items {
        let inner = item
            .payload
            .as_ref()
            .map(|ty| rust_text(ty, Scope::Types))
            .unwrap_or_default();
        code.as_is(&format!("/// The value as `{}`.", inner.replace(' ', "")));
        code.line(&format!("{}({inner}),", item.name));
    }
    code.as_is("/// A value that fits none of the documented variants, kept as sent.");
    code.line(&format!("{}(rt::serde_json::Value),", fallback.name));
    code.close("}");
    code.lines(cfg);
    code.open(&format!(
        "impl<'de> rt::serde::Deserialize<'de> for {name} {{"
    ));
    deserialize(api, u, (items, fallback), &mut code);
    code.close("}");
    pretty_unless(code.out, code.overflow || !plain)
}

/// The body of `Deserialize::deserialize`: the value read once, then
/// each variant tried in the order its shape ranks it.
fn deserialize(
    api: &Api,
    u: &Union,
    (items, fallback): (&[VariantItem], &VariantItem),
    code: &mut Code,
) {
    code.signature(
        "fn deserialize<D: rt::serde::Deserializer<'de>>",
        &["deserializer: D".to_string()],
        " -> Result<Self, D::Error>",
    );
    let shapes = u.variants.iter().map(|v| shape(api, &v.ty)).collect();
    code.expr(
        "const SHAPES: &[Option<rt::untagged::Shape>] = ",
        &Expr::Array(shapes).by_ref(),
        ";",
    );
    let read = Expr::call(
        "<rt::serde_json::Value as rt::serde::Deserialize>::deserialize",
        vec![Expr::word("deserializer")],
    );
    code.expr("let value = ", &read.tried(), ";");
    code.open("for index in rt::untagged::ranked(&value, SHAPES) {");
    code.open("let decoded = match index {");
    for (i, v) in items.iter().enumerate() {
        let decoded =
            Expr::call("rt::untagged::decode", vec![Expr::word("&value")]).chain(vec![Link::call(
                "map",
                vec![Expr::word(format!("Self::{}", v.name))],
            )]);
        code.arm(&i.to_string(), &decoded);
    }
    code.line("_ => None,");
    code.close("};");
    code.open("if let Some(decoded) = decoded {");
    code.line("return Ok(decoded);");
    code.close("}");
    code.close("}");
    code.line(&format!("Ok(Self::{}(value))", fallback.name));
    code.close("}");
}

/// `Some(rt::untagged::Shape { .. })` for a variant that is a struct
/// (through aliases), `None` for the others.
fn shape(api: &Api, ty: &TypeRef) -> Expr {
    let Some(s) = object(api, ty, 0) else {
        return Expr::word("None");
    };
    let strings = |wires: Vec<&String>| {
        Expr::Array(wires.into_iter().map(|w| Expr::string(w)).collect()).by_ref()
    };
    let required = s.fields.iter().filter(|f| f.required).map(|f| &f.wire);
    let known = s.fields.iter().map(|f| &f.wire);
    let values = s
        .fields
        .iter()
        .filter_map(|f| {
            let literals = Expr::Array(literals(api, &f.ty)?).by_ref();
            Some(Expr::Tuple(vec![Expr::string(&f.wire), literals]))
        })
        .collect();
    let fields = vec![
        ("required".to_string(), Some(strings(required.collect()))),
        ("known".to_string(), Some(strings(known.collect()))),
        ("closed".to_string(), Some(Expr::word(s.closed.to_string()))),
        ("values".to_string(), Some(Expr::Array(values).by_ref())),
    ];
    Expr::call(
        "Some",
        vec![Expr::Struct("rt::untagged::Shape".to_string(), fields)],
    )
}

/// The struct a type is, through aliases.
fn object<'a>(api: &'a Api, ty: &TypeRef, depth: usize) -> Option<&'a Struct> {
    let TypeRef::Named(id) = ty else { return None };
    match &api.types.get(id)?.kind {
        TypeKind::Struct(s) => Some(s),
        TypeKind::Alias(inner) if depth < 16 => object(api, inner, depth + 1),
        _ => None,
    }
}

/// The values an enum field may take, as `rt::untagged::Literal`s.
fn literals(api: &Api, ty: &TypeRef) -> Option<Vec<Expr>> {
    let TypeRef::Named(id) = ty else { return None };
    match &api.types.get(id)?.kind {
        TypeKind::StrEnum(values) => Some(
            values
                .iter()
                .map(|v| Expr::call("rt::untagged::Literal::Str", vec![Expr::string(&v.wire)]))
                .collect(),
        ),
        TypeKind::IntEnum(values) => Some(
            values
                .iter()
                .map(|v| {
                    let wire = proc_macro2::Literal::u64_unsuffixed(v.wire.unsigned_abs());
                    let sign = if v.wire < 0 { "-" } else { "" };
                    Expr::call(
                        "rt::untagged::Literal::Int",
                        vec![Expr::word(format!("{sign}{wire}"))],
                    )
                })
                .collect(),
        ),
        _ => None,
    }
}
