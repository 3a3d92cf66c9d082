//! The Rust type a user puts in place of a generated one (`x-rust-type` in
//! a spec, the `replace` option), read into plain data.
//!
//! The text may come from a spec, which is untrusted: it must never become
//! code. So it is parsed with syn as a type and kept only when it is a plain
//! path (`crate::money::Amount`, `::uuid::Uuid`, `std::vec::Vec<my::Item>`)
//! whose generic arguments are plain paths in turn; macros, blocks,
//! attributes, closures, arrays, references, qualified paths (`<T as X>::Y`),
//! lifetimes and constants are refused. What is kept is identifiers only, so
//! the emitter writes the path back from identifiers and `::`, `<`, `>`: no
//! text of the spec reaches the output any other way.

use std::fmt;

use openapiv3::SchemaData;

use crate::diagnostic::{join, Diagnostic};

/// The extension naming a user type for a schema.
pub(crate) const RUST_TYPE: &str = "x-rust-type";

/// Longest text read as a type: a path longer than this is not a type name
/// someone wrote, and the bound keeps syn's recursion shallow.
const MAX_LEN: usize = 256;

/// Deepest nesting of generic arguments (`a<b<c<d>>>` is 3 deep).
const MAX_DEPTH: usize = 4;

/// A plain path to a type, possibly generic, as identifiers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RustPath {
    /// Whether it starts with `::` (a crate name follows).
    pub leading_colon: bool,
    /// Its segments, in order; never empty.
    pub segments: Vec<Segment>,
}

/// One segment of a [`RustPath`]: an identifier and its generic arguments.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Segment {
    /// The identifier (`r#type` for a raw one).
    pub ident: String,
    /// Its generic arguments, each a path; empty when it has none.
    pub args: Vec<RustPath>,
}

impl RustPath {
    /// Reads `text` as a plain type path, or says why it is not one.
    pub fn parse(text: &str) -> Result<RustPath, String> {
        if text.len() > MAX_LEN {
            return Err(format!("is longer than {MAX_LEN} characters"));
        }
        let ty: syn::Type = syn::parse_str(text).map_err(|_| {
            "is not a Rust type (only a path such as `crate::money::Amount` is)".to_string()
        })?;
        let path = from_type(&ty, 0)?;
        match path.segments.first().map(|s| s.ident.as_str()) {
            Some("self" | "super") => Err(
                "starts with `self` or `super`, which mean another module in each place the type is used: start with `crate::`, `::` or a crate name".into(),
            ),
            _ => Ok(path),
        }
    }
}

/// The user type a schema's `x-rust-type` names, when it is a plain
/// path; anything else is refused with a warning in `warnings`, and the
/// schema is typed as if it had none (spec text never becomes code).
pub(crate) fn extension(
    data: &SchemaData,
    pointer: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Option<RustPath> {
    let value = data.extensions.get(RUST_TYPE)?;
    let why = match value.as_str().map(RustPath::parse) {
        Some(Ok(path)) => return Some(path),
        Some(Err(why)) => {
            let text: String = value
                .as_str()
                .unwrap_or_default()
                .chars()
                .take(80)
                .collect();
            format!("`{}` {why}", crate::sanitize::inline(&text))
        }
        None => "is not a string".to_string(),
    };
    warnings.push(
        Diagnostic::warning(join(pointer, RUST_TYPE), format!("`{RUST_TYPE}` is refused: the value {why}"))
            .with_hint("write a type path such as `crate::money::Money`; the schema is generated as if it had no `x-rust-type`"),
    );
    None
}

/// The user type a schema's `x-rust-type` names, when it is usable (the
/// warning for one that is not comes from [`extension`]).
pub(crate) fn usable(data: &SchemaData) -> Option<RustPath> {
    RustPath::parse(data.extensions.get(RUST_TYPE)?.as_str()?).ok()
}

/// The path of a type that is one, checked all the way down.
fn from_type(ty: &syn::Type, depth: usize) -> Result<RustPath, String> {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => from_path(&p.path, depth),
        syn::Type::Path(_) => Err("is a qualified path (`<T as Trait>::Item`), not a plain path".into()),
        syn::Type::Paren(p) => from_type(&p.elem, depth),
        syn::Type::Group(g) => from_type(&g.elem, depth),
        syn::Type::Macro(_) => Err("is a macro call; only a plain path is accepted".into()),
        _ => Err("is not a plain path to a type (no references, tuples, arrays, functions, trait objects or macros)".into()),
    }
}

fn from_path(path: &syn::Path, depth: usize) -> Result<RustPath, String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "nests generic arguments more than {MAX_DEPTH} deep"
        ));
    }
    let mut segments = Vec::with_capacity(path.segments.len());
    for (i, segment) in path.segments.iter().enumerate() {
        let ident = segment.ident.to_string();
        let keyword = matches!(ident.as_str(), "crate" | "self" | "super" | "Self");
        if keyword && (i > 0 || ident == "Self") {
            return Err(format!("uses `{ident}` where only a name can be"));
        }
        let args = arguments(&segment.arguments, depth)?;
        segments.push(Segment { ident, args });
    }
    Ok(RustPath {
        leading_colon: path.leading_colon.is_some(),
        segments,
    })
}

fn arguments(arguments: &syn::PathArguments, depth: usize) -> Result<Vec<RustPath>, String> {
    match arguments {
        syn::PathArguments::None => Ok(Vec::new()),
        syn::PathArguments::Parenthesized(_) => {
            Err("has parenthesized arguments (`Fn(A) -> B`); only `<...>` of paths is accepted".into())
        }
        syn::PathArguments::AngleBracketed(angle) => angle
            .args
            .iter()
            .map(|arg| match arg {
                syn::GenericArgument::Type(ty) => from_type(ty, depth + 1),
                _ => Err("has a generic argument that is not a type path (a lifetime, a constant or a binding)".into()),
            })
            .collect(),
    }
}

impl fmt::Display for RustPath {
    /// The path as Rust writes it: `::std::vec::Vec<crate::Item>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.leading_colon {
            f.write_str("::")?;
        }
        for (i, segment) in self.segments.iter().enumerate() {
            if i > 0 {
                f.write_str("::")?;
            }
            f.write_str(&segment.ident)?;
            if !segment.args.is_empty() {
                f.write_str("<")?;
                for (j, arg) in segment.args.iter().enumerate() {
                    if j > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{arg}")?;
                }
                f.write_str(">")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::RustPath;

    #[test]
    fn plain_paths_with_generic_paths_are_read() {
        for (text, shown) in [
            ("crate::money::Amount", "crate::money::Amount"),
            ("::uuid::Uuid", "::uuid::Uuid"),
            ("String", "String"),
            (
                "std::collections::BTreeMap<String, Vec<crate::Item>>",
                "std::collections::BTreeMap<String, Vec<crate::Item>>",
            ),
            ("my::r#type::Kind", "my::r#type::Kind"),
        ] {
            let path = RustPath::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(path.to_string(), shown);
        }
    }

    #[test]
    fn code_is_refused() {
        for text in [
            "std::string::String; fn evil() {}",
            "{ panic!() }",
            "#[cfg(all())] String",
            "evil!()",
            "Vec<evil!()>",
            "[u8; { 1 }]",
            "&'static str",
            "fn() -> String",
            "dyn Fn()",
            "<String as Trait>::Out",
            "Vec<{ 1 }>",
            "Vec<'a>",
            "Iterator<Item = u8>",
            "(String, u8)",
            "super::Money",
            "self::Money",
            "a::crate::B",
            "Self",
            "impl Clone",
            "",
            "String /* */ ; }",
        ] {
            assert!(RustPath::parse(text).is_err(), "{text} was accepted");
        }
    }

    #[test]
    fn long_and_deep_text_is_refused_without_recursing() {
        assert!(RustPath::parse(&"a::".repeat(200)).is_err());
        assert!(RustPath::parse("a<b<c<d<e<f>>>>>").is_err());
        assert!(RustPath::parse("a<b<c<d<e>>>>").is_ok());
    }
}
