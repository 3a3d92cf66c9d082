//! Named types: structs with serde renames, enums that keep unknown values,
//! unions (tagged by their discriminator, or untagged), aliases, and
//! transparent newtypes for aliases that refer back to themselves.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc, doc_text};
use super::format::Piece;
use super::pretty::{Code, Expr};
use super::{ident, rust_text, rust_tokens, Scope};
use crate::ir::surface::{FieldItem, ItemKind, RustType, TypeItem, VariantItem};
use crate::ir::{Api, Field, Patch, Struct, TypeDef, TypeId, TypeKind, Union};
use proc_macro2::Literal;

/// What the options add to an item: derives it does not have yet, then
/// attributes.
#[derive(Clone, Default)]
pub(crate) struct Extra {
    derives: Vec<syn::Path>,
    attrs: Vec<syn::Meta>,
}

/// A type's variants as the surface names them, and its fallback.
type Variants<'s> = (&'s [VariantItem], &'s VariantItem);

/// Every named type of the API, one at a time, named and typed as the
/// surface `items` says (a type replaced by the user's is not emitted);
/// `derives` are added to every struct, enum and union that does not
/// derive them already, and each type's own patch after them.
pub(crate) fn each(
    api: &Api,
    items: &BTreeMap<TypeId, TypeItem>,
    derives: &[syn::Path],
    sink: &mut dyn FnMut(Piece),
) -> Result<(), String> {
    for (id, def) in &api.types {
        let Some(item) = items
            .get(id)
            .filter(|i| !matches!(i.kind, ItemKind::External(_)))
        else {
            continue;
        };
        let extra = extra(derives, &def.patch).map_err(|e| format!("`{}`: {e}", item.name))?;
        // Another formatting thread makes and prints this one.
        if super::format::skip_next() {
            sink(Piece::Items(TokenStream::new()));
            continue;
        }
        let gate = api.features.of_type(*id);
        let cfg = super::gates::cfg_text(gate);
        let printed = match (&def.kind, &item.kind) {
            (TypeKind::Struct(s), ItemKind::Struct { fields, additional }) => {
                let fields = (s, fields.as_slice(), additional.as_ref());
                Some(structure(api, def, &item.name, fields, (&extra, &cfg)))
            }
            (TypeKind::StrEnum(values), ItemKind::Enum { variants, fallback }) => {
                let wires = values.iter().map(|v| Literal::string(&v.wire).to_string());
                let docs = values
                    .iter()
                    .map(|v| format!("`{}`", super::docs::code(&v.wire)));
                let values = wires.zip(docs).collect();
                Some(value_enum(
                    def,
                    &item.name,
                    (variants, fallback),
                    values,
                    STR_ENUM,
                    (&extra, &cfg),
                ))
            }
            (TypeKind::IntEnum(values), ItemKind::Enum { variants, fallback }) => {
                let values = values
                    .iter()
                    .map(|v| (format!("{}i64", v.wire), format!("`{}`", v.wire)))
                    .collect();
                Some(value_enum(
                    def,
                    &item.name,
                    (variants, fallback),
                    values,
                    INT_ENUM,
                    (&extra, &cfg),
                ))
            }
            (_, ItemKind::Alias(ty)) => Some(alias(def, &item.name, ty, &cfg)),
            (
                TypeKind::Union(u),
                ItemKind::Union {
                    variants,
                    fallback,
                    tagged: false,
                },
            ) => Some(super::untagged::emit(
                api,
                def,
                &item.name,
                u,
                (variants, fallback),
                (&extra, &cfg),
            )),
            _ => None,
        };
        if let Some(piece) = printed {
            sink(piece);
            continue;
        }
        sink(Piece::Items(super::gates::gated(
            type_def(def, item, &extra)?,
            gate,
        )));
    }
    Ok(())
}

/// The options' derives followed by the type's own, and its attributes.
fn extra(derives: &[syn::Path], patch: &Patch) -> Result<Extra, String> {
    let mut all = derives.to_vec();
    let flat = |path: &syn::Path| quote!(#path).to_string().replace(' ', "");
    for text in &patch.derives {
        let path: syn::Path = syn::parse_str(text).map_err(|e| format!("derive `{text}`: {e}"))?;
        if !all.iter().any(|d| flat(d) == flat(&path)) {
            all.push(path);
        }
    }
    let attrs = patch
        .attrs
        .iter()
        .map(|text| syn::parse_str(text).map_err(|e| format!("attribute `{text}`: {e}")))
        .collect::<Result<_, _>>()?;
    Ok(Extra {
        derives: all,
        attrs,
    })
}

/// The `#[derive(...)]` of an item: its own derives, then the extra ones
/// it does not have yet; then the extra attributes (after the derive, so
/// that a derive's helper attribute such as `serde(...)` follows it).
pub(crate) fn derive(own: &[&str], extra: &Extra) -> TokenStream {
    super::format::lexed(&derive_attrs(own, extra).0)
}

fn type_def(def: &TypeDef, item: &TypeItem, derives: &Extra) -> Result<TokenStream, String> {
    let docs = doc(def.doc.as_deref());
    let name = &item.name;
    let body = match (&def.kind, &item.kind) {
        (
            TypeKind::Union(u),
            ItemKind::Union {
                variants,
                fallback,
                tagged: true,
            },
        ) => tagged_union(name, u, (variants, fallback), derives),
        (_, ItemKind::Newtype(ty)) => newtype(name, ty, derives),
        // Not emitted: `each` leaves it out, and its uses name the path.
        (_, ItemKind::External(_)) => return Ok(TokenStream::new()),
        _ => return Err(format!("`{name}`: its surface is not of its kind")),
    };
    Ok(quote! { #docs #body })
}

/// `pub type Name = Type;` after its docs and gate, printed as text (by
/// prettyplease when the line is too long for one).
fn alias(def: &TypeDef, name: &str, ty: &RustType, cfg: &str) -> Piece {
    let mut code = Code::new(super::format::margin());
    code.lines(&doc_text(def.doc.as_deref()));
    code.lines(cfg);
    code.line(&format!(
        "pub type {name} = {};",
        rust_text(ty, Scope::Types)
    ));
    super::format::pretty_unless(code.out, code.overflow)
}

/// A struct of one field that reads and writes as the field alone: what a
/// recursive alias (`type Tree = Vec<Tree>`, refused by rustc) becomes.
fn newtype(name: &str, ty: &RustType, derives: &Extra) -> TokenStream {
    let name = ident(name);
    let ty = rust_tokens(ty, Scope::Types);
    let own = [
        "Debug",
        "Clone",
        "PartialEq",
        "Default",
        "rt::serde::Serialize",
        "rt::serde::Deserialize",
    ];
    let derive = derive(&own, derives);
    quote! {
        #derive
        #[serde(crate = "rt::serde", transparent)]
        pub struct #name(pub #ty);
    }
}

/// A struct's fields in the IR and on the surface, and the map of other
/// properties.
type Fields<'s> = (&'s Struct, &'s [FieldItem], Option<&'s FieldItem>);

/// A struct, its constructor and setters, and its reading (`rt::object!`),
/// printed as text (see `super::pretty`), each item behind `cfg` (its
/// feature gate, or empty). With the options' derives or attributes,
/// written as their tokens are, prettyplease prints it.
fn structure(
    api: &Api,
    def: &TypeDef,
    name: &str,
    (s, items, additional): Fields<'_>,
    (derives, cfg): (&Extra, &str),
) -> Piece {
    // serde attributes a patch adds are for serde's derive: such a type
    // keeps it, and so does a struct wider than `OBJECT_FIELDS`; the others
    // read through the runtime's `Object`.
    let derived =
        derives.attrs.iter().any(|a| a.path().is_ident("serde")) || s.fields.len() > OBJECT_FIELDS;
    let mut own = vec!["Debug", "Clone", "PartialEq"];
    if items.iter().all(|f| f.optional) {
        own.push("Default");
    }
    own.push("rt::serde::Serialize");
    if derived {
        own.push("rt::serde::Deserialize");
    }
    let mut code = Code::new(super::format::margin());
    code.lines(&doc_text(def.doc.as_deref()));
    code.lines(cfg);
    let plain = derive_text(&mut code, &own, derives);
    code.as_is("#[serde(crate = \"rt::serde\")]");
    if s.fields.is_empty() && additional.is_none() {
        code.line(&format!("pub struct {name} {{}}"));
    } else {
        code.open(&format!("pub struct {name} {{"));
        for (f, item) in s.fields.iter().zip(items) {
            field(&mut code, f, item, derived);
        }
        if let Some(a) = additional {
            code.as_is("/// Properties beside the documented ones.");
            code.as_is("#[serde(flatten)]");
            code.line(&format!(
                "pub {}: {},",
                a.rust,
                rust_text(&a.ty, Scope::Types)
            ));
        }
        code.close("}");
    }
    super::builders::constructor(&mut code, api, name, s, cfg);
    if !derived {
        code.lines(cfg);
        object(&mut code, name, s, items, additional);
    }
    let overflows = code.overflow || !plain;
    super::format::pretty_unless(code.out, overflows)
}

/// The `#[derive(...)]` of an item as text: its `own` derives, then the
/// extra ones it does not have yet, then the extra attributes, a line
/// each; and whether there were none of those (which are written as
/// their tokens are, for prettyplease to print).
fn derive_attrs(own: &[&str], extra: &Extra) -> (String, bool) {
    let flat = |path: &syn::Path| quote!(#path).to_string().replace(' ', "");
    let mut all: Vec<String> = own.iter().map(|d| d.to_string()).collect();
    for path in &extra.derives {
        let name = flat(path);
        if !all.contains(&name) {
            all.push(name);
        }
    }
    let mut text = format!("#[derive({})]\n", all.join(", "));
    for attr in &extra.attrs {
        text.push_str(&format!("#[{}]\n", quote!(#attr)));
    }
    (text, all.len() == own.len() && extra.attrs.is_empty())
}

/// [`derive_attrs`] into `code`; whether there were no extras. The
/// derive's line is measured: prettyplease breaks a long one.
pub(crate) fn derive_text(code: &mut Code, own: &[&str], extra: &Extra) -> bool {
    let (text, plain) = derive_attrs(own, extra);
    let mut lines = text.lines();
    if let Some(derive) = lines.next() {
        code.line(derive);
    }
    lines.for_each(|attr| code.as_is(attr));
    plain
}

/// The most fields a struct reads through `rt::object!`. The compiler's
/// work on the reading function grows faster than its number of fields
/// (each `?` that can return early drops every value read so far): a
/// struct of 1,000 optional fields took 6 GB to check, against 0.5 GB with
/// serde's derive. Wider structs, which real specs rarely have, derive
/// `Deserialize`.
const OBJECT_FIELDS: usize = 64;

/// `rt::object!` for a struct: its fields with their kinds and property
/// names, and the field keeping other properties; the runtime's macro
/// writes the reading code (`Object` and `Deserialize`). Laid out a field
/// a line, as `format` prints the call.
fn object(
    code: &mut Code,
    name: &str,
    s: &Struct,
    items: &[FieldItem],
    additional: Option<&FieldItem>,
) {
    let rest = additional
        .map(|a| format!(", {}", a.rust))
        .unwrap_or_default();
    if s.fields.is_empty() {
        code.as_is(&format!("rt::object!({name} {{}}{rest});"));
        return;
    }
    code.open(&format!("rt::object!({name} {{"));
    for (f, item) in s.fields.iter().zip(items) {
        let kind = match (item.optional, item.nullable) {
            (false, _) => "required",
            (true, false) => "optional",
            (true, true) => "nullable",
        };
        let wire = proc_macro2::Literal::string(&f.wire);
        code.as_is(&format!("{}: {kind}({wire}),", item.rust));
    }
    code.close(&format!("}}{rest});"));
}

/// One field of a struct: its docs, its serde attribute, and itself.
fn field(code: &mut Code, f: &Field, item: &FieldItem, derived: bool) {
    let mut text = f
        .doc
        .clone()
        .unwrap_or_else(|| format!("The `{}` property.", f.wire));
    if let Some(default) = &f.default {
        text.push_str(&format!("\n\nDefaults to `{default}` when absent."));
    }
    for (flag, note) in [
        (f.read_only, "Read-only: sent by the server only."),
        (f.write_only, "Write-only: sent by the client only."),
    ] {
        if flag {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(note);
        }
    }
    code.lines(&doc_text(Some(&text)));
    let mut serde = Vec::new();
    if item.rust.trim_start_matches("r#") != f.wire {
        serde.push(format!(
            "rename = {}",
            proc_macro2::Literal::string(&f.wire)
        ));
    }
    let extra: &[&str] = match (item.optional, item.nullable, derived) {
        (false, _, _) => &[],
        (true, false, true) => &["default", "skip_serializing_if = \"Option::is_none\""],
        (true, false, false) => &["skip_serializing_if = \"Option::is_none\""],
        (true, true, true) => &[
            "default",
            "skip_serializing_if = \"Option::is_none\"",
            "with = \"rt::double_option\"",
        ],
        (true, true, false) => &[
            "skip_serializing_if = \"Option::is_none\"",
            "serialize_with = \"rt::double_option::serialize\"",
        ],
    };
    serde.extend(extra.iter().map(|e| e.to_string()));
    if !serde.is_empty() {
        let flat = format!("#[serde({})]", serde.join(", "));
        if code.fits(flat.len()) {
            code.as_is(&flat);
        } else {
            code.as_is("#[serde(");
            for arg in &serde {
                code.as_is(&format!("    {arg},"));
            }
            code.as_is(")]");
        }
    }
    code.line(&format!(
        "pub {}: {},",
        item.rust,
        rust_text(&item.ty, Scope::Types)
    ));
}

/// What differs between an enum of strings and one of integers.
struct ValueEnum {
    /// Its derives.
    derives: &'static [&'static str],
    /// The type of a value on the wire, which the fallback variant holds.
    wire: &'static str,
    /// The method giving the value: its name and return type.
    getter: (&'static str, &'static str),
    /// The fallback's value in the getter (of `value`, a reference).
    held: &'static str,
    /// The type `From` converts from.
    from: &'static str,
    /// The fallback's value in `from` (of `other`).
    kept: &'static str,
    /// The runtime's macro writing the rest (`Display`, serde).
    rest: &'static str,
}

const STR_ENUM: ValueEnum = ValueEnum {
    derives: &[
        "Debug",
        "Clone",
        "PartialEq",
        "Eq",
        "Hash",
        "PartialOrd",
        "Ord",
    ],
    wire: "String",
    getter: ("as_str", "&str"),
    held: "value",
    from: "&str",
    kept: "other.to_string()",
    rest: "rt::str_enum!",
};

const INT_ENUM: ValueEnum = ValueEnum {
    derives: &[
        "Debug",
        "Clone",
        "Copy",
        "PartialEq",
        "Eq",
        "Hash",
        "PartialOrd",
        "Ord",
    ],
    wire: "i64",
    getter: ("value", "i64"),
    held: "*value",
    from: "i64",
    kept: "other",
    rest: "rt::int_enum!",
};

/// An enum of the values a spec lists (`values`: each as a Rust literal
/// and as its doc) and a fallback keeping any other, with the method
/// giving its value and `From` the wire's type, printed as text (see
/// `super::pretty`), each item behind `cfg`.
fn value_enum(
    def: &TypeDef,
    name: &str,
    (variants, fallback): Variants<'_>,
    values: Vec<(String, String)>,
    kind: ValueEnum,
    (derives, cfg): (&Extra, &str),
) -> Piece {
    let mut code = Code::new(super::format::margin());
    code.lines(&doc_text(def.doc.as_deref()));
    code.lines(cfg);
    let plain = derive_text(&mut code, kind.derives, derives);
    code.open(&format!("pub enum {name} {{"));
    for (v, (_, doc)) in variants.iter().zip(&values) {
        code.as_is(&format!("/// {doc}"));
        code.line(&format!("{},", v.name));
    }
    code.as_is("/// A value this version of the spec does not list, kept as sent.");
    code.line(&format!("{}({}),", fallback.name, kind.wire));
    code.close("}");
    code.lines(cfg);
    code.open(&format!("impl {name} {{"));
    code.as_is("/// The value as it is written on the wire.");
    let (getter, returns) = kind.getter;
    code.open(&format!("pub fn {getter}(&self) -> {returns} {{"));
    code.open("match self {");
    for (v, (wire, _)) in variants.iter().zip(&values) {
        code.arm(&format!("Self::{}", v.name), &Expr::word(wire));
    }
    code.arm(
        &format!("Self::{}(value)", fallback.name),
        &Expr::word(kind.held),
    );
    code.close("}");
    code.close("}");
    code.close("}");
    code.lines(cfg);
    code.open(&format!("impl From<{}> for {name} {{", kind.from));
    code.open(&format!("fn from(value: {}) -> Self {{", kind.from));
    code.open("match value {");
    for (v, (wire, _)) in variants.iter().zip(&values) {
        code.arm(wire, &Expr::word(format!("Self::{}", v.name)));
    }
    let kept = Expr::call(
        format!("Self::{}", fallback.name),
        vec![Expr::word(kind.kept)],
    );
    code.arm("other", &kept);
    code.close("}");
    code.close("}");
    code.close("}");
    code.lines(cfg);
    code.line(&format!("{}({name});", kind.rest));
    let overflows = code.overflow || !plain;
    super::format::pretty_unless(code.out, overflows)
}

/// The payload of a variant as the surface declares it (`Box<T>` when
/// boxed), in the `types` module.
pub(crate) fn payload(item: &VariantItem) -> TokenStream {
    item.payload
        .as_ref()
        .map(|ty| rust_tokens(ty, Scope::Types))
        .unwrap_or_default()
}

fn tagged_union(
    name: &str,
    u: &Union,
    (items, fallback): Variants<'_>,
    derives: &Extra,
) -> TokenStream {
    let ty = ident(name);
    let tag = u.tag.clone().unwrap_or_default();
    let tag_doc = super::docs::code(&tag);
    let other = ident(&fallback.name);
    let variants = u.variants.iter().zip(items).map(|(v, item)| {
        let name = ident(&item.name);
        let inner = payload(item);
        let docs = format!(
            " `{tag_doc}`: {}",
            v.tag_values
                .iter()
                .map(|t| format!("`{}`", super::docs::code(t)))
                .collect::<Vec<_>>()
                .join(", ")
        );
        quote!(#[doc = #docs] #name(#inner),)
    });
    let names: Vec<_> = items.iter().map(|v| ident(&v.name)).collect();
    let tagged = u
        .variants
        .iter()
        .zip(items)
        .filter(|(v, _)| !v.tag_values.is_empty());
    let arms = tagged.map(|(v, item)| {
        let name = ident(&item.name);
        let values = &v.tag_values;
        quote! {
            Some(#(#values)|*) => rt::serde_json::from_value(value).map(Self::#name).map_err(rt::serde::de::Error::custom),
        }
    });
    let derive = derive(&["Debug", "Clone", "PartialEq"], derives);
    quote! {
        #derive
        pub enum #ty {
            #(#variants)*
            /// A value whose discriminator this version of the spec does not list, kept as sent.
            #other(rt::serde_json::Value),
        }

        impl rt::serde::Serialize for #ty {
            fn serialize<S: rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #( Self::#names(value) => rt::serde::Serialize::serialize(value, serializer), )*
                    Self::#other(value) => rt::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> rt::serde::Deserialize<'de> for #ty {
            fn deserialize<D: rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <rt::serde_json::Value as rt::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#tag).and_then(rt::serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ => Ok(Self::#other(value)),
                }
            }
        }
    }
}
