//! Ways to build a struct that name only what is required: `new` takes
//! the required fields in the spec's order, and a chainable `with_` setter
//! per optional field takes the value itself (`Option` only where `null`
//! means something: an optional nullable field, whose `None` sends `null`).
//! Setter names come from [`crate::naming::field_setter`]. Printed as text
//! (see `super::pretty`).

use super::operation::{taken_as, Taken};
use super::pretty::{Code, Expr, Link};
use super::{rust_text, Scope};
use crate::ir::surface::rust_type;
use crate::ir::{Api, Field, Struct};
use crate::naming::field_setter;

/// The `impl` block of the struct `name`: its constructor and setters,
/// into `code` behind `cfg` (its feature gate, or empty).
pub(crate) fn constructor(code: &mut Code, api: &Api, name: &str, s: &Struct, cfg: &str) {
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let params: Vec<String> = required.iter().map(|f| param(api, f)).collect();
    let mut inits: Vec<(String, Option<Expr>)> = s.fields.iter().map(|f| init(api, f)).collect();
    if s.additional.is_some() {
        inits.push((
            "additional_properties".into(),
            Some(Expr::word("::std::collections::BTreeMap::new()")),
        ));
    }
    code.lines(cfg);
    code.open(&format!("impl {name} {{"));
    if required.is_empty() {
        code.as_is(&format!(
            "/// Builds `{name}` with every field left out; set them with the `with_` methods."
        ));
    } else {
        code.as_is(&format!(
            "/// Builds `{name}` from its required fields, in the spec's order; the optional ones are left out (set them with the `with_` methods)."
        ));
    }
    code.signature("pub fn new", &params, " -> Self");
    code.expr("", &Expr::Struct("Self".into(), inits), "");
    code.close("}");
    for f in s.fields.iter().filter(|f| !f.required) {
        setter(code, api, f);
    }
    code.close("}");
}

/// The field's type without `Option` or `Box`.
fn inner(api: &Api, f: &Field) -> String {
    rust_text(&rust_type(api, &f.ty), Scope::Types)
}

/// How an argument of the field's type is taken, and whether it is
/// converted with `.into()`.
fn argument(api: &Api, f: &Field) -> (String, bool) {
    let inner = inner(api, f);
    match taken_as(api, &f.ty) {
        Taken::Into(target) => (format!("impl Into<{}>", target.unwrap_or(&inner)), true),
        Taken::Itself => (inner, false),
    }
}

/// A required field as a constructor argument: the value (`impl Into` for
/// strings and formats), or an `Option` when it may be `null`.
fn param(api: &Api, f: &Field) -> String {
    if f.nullable {
        format!("{}: Option<{}>", f.rust, inner(api, f))
    } else {
        format!("{}: {}", f.rust, argument(api, f).0)
    }
}

/// The field's value in `new`: the argument converted, or left out.
fn init(api: &Api, f: &Field) -> (String, Option<Expr>) {
    let name = f.rust.clone();
    if !f.required {
        return (name, Some(Expr::word("None")));
    }
    let value = match (f.nullable, f.boxed) {
        (true, false) => return (name, None),
        (true, true) => {
            Expr::word(&name).chain(vec![Link::call("map", vec![Expr::word("Box::new")])])
        }
        (false, boxed) => {
            let into = argument(api, f).1;
            if !into && !boxed {
                return (name, None);
            }
            boxed_if(boxed, converted(&name, into))
        }
    };
    (name, Some(value))
}

/// `name.into()`, or `name` alone.
fn converted(name: &str, into: bool) -> Expr {
    match into {
        true => Expr::word(name).chain(vec![Link::call("into", Vec::new())]),
        false => Expr::word(name),
    }
}

/// `with_<field>`: sets an optional field and hands the value back.
fn setter(code: &mut Code, api: &Api, f: &Field) {
    let wire = super::docs::code(&f.wire);
    let (arg, value, doc) = if f.nullable {
        let value = match f.boxed {
            true => {
                Expr::word("value").chain(vec![Link::call("map", vec![Expr::word("Box::new")])])
            }
            false => Expr::word("value"),
        };
        let doc = format!("/// Sets `{wire}`; `None` sends `null`.");
        (format!("Option<{}>", inner(api, f)), value, doc)
    } else {
        let (arg, into) = argument(api, f);
        let doc = format!("/// Sets `{wire}`.");
        (arg, boxed_if(f.boxed, converted("value", into)), doc)
    };
    code.as_is(doc.trim_end());
    let params = ["mut self".to_string(), format!("value: {arg}")];
    code.signature(
        &format!("pub fn {}", field_setter(&f.rust)),
        &params,
        " -> Self",
    );
    code.expr(
        &format!("self.{} = ", f.rust),
        &Expr::call("Some", vec![value]),
        ";",
    );
    code.line("self");
    code.close("}");
}

fn boxed_if(boxed: bool, value: Expr) -> Expr {
    if boxed {
        Expr::call("Box::new", vec![value])
    } else {
        value
    }
}
