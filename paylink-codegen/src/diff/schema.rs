//! Comparing two schemas in one direction (request or response): types and
//! formats, `nullable`, enums, limits, properties, items, variants and the
//! discriminator. Each schema is first merged ([`super::effective`]), so
//! references and `allOf` never show as changes by themselves.

use std::collections::BTreeSet;

use serde_json::Value;

use super::effective::{effective, Effective};
use super::walk::{flag, ref_target, resolve, show, str_field, Dir, Node, Walker};

/// Compares the schema `old` (in the old document) with `new`; nesting
/// past the walker's depth bound is not compared (see [`Walker::enter`]).
pub(super) fn compare(w: &mut Walker<'_>, dir: Dir, old: &Node<'_>, new: &Node<'_>) {
    if w.enter() {
        compare_at(w, dir, old, new);
    }
    w.leave();
}

fn compare_at(w: &mut Walker<'_>, dir: Dir, old: &Node<'_>, new: &Node<'_>) {
    let o = resolve(w.old, &old.ptr, old.value);
    let n = resolve(w.new, &new.ptr, new.value);
    if !w.first_visit(&o.ptr, &n.ptr, dir) {
        return;
    }
    let (old_doc, new_doc) = (w.old, w.new);
    let oe = effective(old_doc, &o);
    let ne = effective(new_doc, &n);
    if !types(w, dir, &oe, &ne) {
        // A different kind of value: its properties or items say nothing more.
        return;
    }
    nullability(w, dir, &oe, &ne);
    enums(w, dir, &oe, &ne);
    limits(w, dir, &oe, &ne);
    additional(w, dir, &oe, &ne);
    properties(w, dir, &oe, &ne);
    if let (Some(oi), Some(ni)) = (&oe.items, &ne.items) {
        compare(w, dir, oi, ni);
    }
    if let (Some(oa), Some(na)) = (&oe.additional, &ne.additional) {
        if oa.value.is_object() && na.value.is_object() {
            compare(w, dir, oa, na);
        }
    }
    super::variants::variants(w, dir, &oe, &ne);
    super::variants::discriminator(w, &oe, &ne);
}

/// A type and format, as compared.
type Shape<'a> = (Option<&'a str>, Option<&'a str>);

/// Reports a type or format change; false when the base type changed.
///
/// Either way breaks someone: a narrower request type rejects what old
/// clients send and a wider one what old servers decode, a wider response
/// type breaks old clients and a narrower one old servers. The message says
/// which way it went.
fn types(w: &mut Walker<'_>, dir: Dir, o: &Effective<'_>, n: &Effective<'_>) -> bool {
    let old: Shape = (o.ty, o.format);
    let new: Shape = (n.ty, n.format);
    if old == new {
        return true;
    }
    let id = match dir {
        Dir::Request => "request-type-changed",
        Dir::Response => "response-type-changed",
    };
    let how = match (widens(old, new), widens(new, old)) {
        (true, _) => " (wider)",
        (_, true) => " (narrower)",
        _ => "",
    };
    let message = format!(
        "type changed from {} to {}{how}",
        describe(old),
        describe(new)
    );
    w.report(id, &o.ptr, &n.ptr, message);
    o.ty == n.ty || o.ty.is_none() || n.ty.is_none()
}

/// Whether every value of shape `from` is also a value of shape `to`.
fn widens(from: Shape<'_>, to: Shape<'_>) -> bool {
    match (from.0, to.0) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some("integer"), Some("number")) => true,
        (Some(a), Some(b)) if a == b => format_widens(a, from.1, to.1),
        _ => false,
    }
}

/// Formats of one type: integer and number formats are sizes, so a larger
/// one (or none) accepts the smaller; other formats only widen by going.
fn format_widens(ty: &str, from: Option<&str>, to: Option<&str>) -> bool {
    if from == to {
        return true;
    }
    let rank = |f: Option<&str>| match (ty, f) {
        ("integer", Some("int32")) | ("number", Some("float")) => 32,
        ("integer", Some("int64")) | ("number", Some("double")) => 64,
        _ => 128,
    };
    match ty {
        "integer" | "number" => rank(from) <= rank(to),
        _ => to.is_none(),
    }
}

fn describe(shape: Shape<'_>) -> String {
    match shape {
        (None, _) => "any".to_string(),
        (Some(t), None) => t.to_string(),
        (Some(t), Some(f)) => format!("{t} ({f})"),
    }
}

fn nullability(w: &mut Walker<'_>, dir: Dir, o: &Effective<'_>, n: &Effective<'_>) {
    let (id, message) = match (dir, o.nullable, n.nullable) {
        (Dir::Request, true, false) => ("request-nullable-removed", "no longer accepts null"),
        (Dir::Request, false, true) => ("request-constraint-loosened", "now accepts null"),
        (Dir::Response, false, true) => ("response-nullable-added", "may now be null"),
        (Dir::Response, true, false) => ("response-constraint-tightened", "may no longer be null"),
        _ => return,
    };
    w.report(id, &o.ptr, &n.ptr, message);
}

fn enums(w: &mut Walker<'_>, dir: Dir, o: &Effective<'_>, n: &Effective<'_>) {
    match (&o.enum_values, &n.enum_values) {
        (Some((old, op)), Some((new, np))) => {
            for v in old.iter().filter(|v| !new.contains(v)) {
                let id = match dir {
                    Dir::Request => "request-enum-value-removed",
                    Dir::Response => "response-enum-value-removed",
                };
                w.report(id, op, np, format!("enum value {} removed", show(v)));
            }
            for v in new.iter().filter(|v| !old.contains(v)) {
                let id = match dir {
                    Dir::Request => "request-enum-value-added",
                    Dir::Response => "response-enum-value-added",
                };
                w.report(id, op, np, format!("enum value {} added", show(v)));
            }
        }
        (None, Some((_, np))) => {
            let id = match dir {
                Dir::Request => "request-constraint-tightened",
                Dir::Response => "response-constraint-tightened",
            };
            w.report(id, &o.ptr, np, "values are now limited to an enum");
        }
        (Some((_, op)), None) => {
            let id = match dir {
                Dir::Request => "request-constraint-loosened",
                Dir::Response => "response-enum-value-added",
            };
            w.report(id, op, &n.ptr, "values are no longer limited to the enum");
        }
        (None, None) => {}
    }
}

/// Which way a limit moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Delta {
    /// Accepts fewer values.
    Tighter,
    /// Accepts more values.
    Looser,
    /// Accepts different values (a new `pattern`).
    Changed,
}

fn limits(w: &mut Walker<'_>, dir: Dir, o: &Effective<'_>, n: &Effective<'_>) {
    for &key in super::effective::LIMITS {
        let old = o.limits.get(key);
        let new = n.limits.get(key);
        let Some(delta) = limit_delta(key, old.map(|l| l.0), new.map(|l| l.0)) else {
            continue;
        };
        // A changed pattern counts as tightening requests and loosening
        // responses: what it does to clients, the side most often hurt.
        let id = match (dir, delta) {
            (Dir::Request, Delta::Looser) => "request-constraint-loosened",
            (Dir::Request, _) => "request-constraint-tightened",
            (Dir::Response, Delta::Tighter) => "response-constraint-tightened",
            (Dir::Response, _) => "response-constraint-loosened",
        };
        let op = old.map_or(o.ptr.as_str(), |l| l.1.as_str());
        let np = new.map_or(n.ptr.as_str(), |l| l.1.as_str());
        let shown = |l: Option<&(&Value, String)>| l.map_or("none".to_string(), |l| show(l.0));
        let mut message = format!("`{key}` changed from {} to {}", shown(old), shown(new));
        if delta == Delta::Changed {
            message.push_str(" (whether it accepts more or fewer values is not computed)");
        }
        w.report(id, op, np, message);
    }
}

/// How limit `key` moved from `old` to `new`; `None` when it did not.
fn limit_delta(key: &str, old: Option<&Value>, new: Option<&Value>) -> Option<Delta> {
    if old == new {
        return None;
    }
    let num = |v: Option<&Value>| v.and_then(Value::as_f64);
    let on = |v: Option<&Value>| v.and_then(Value::as_bool).unwrap_or(false);
    let raised = |tighter_when_higher: bool| match (num(old), num(new)) {
        (None, Some(_)) => Some(Delta::Tighter),
        (Some(_), None) => Some(Delta::Looser),
        (Some(a), Some(b)) if a == b => None,
        (Some(a), Some(b)) => Some(if (b > a) == tighter_when_higher {
            Delta::Tighter
        } else {
            Delta::Looser
        }),
        (None, None) => None,
    };
    match key {
        "minimum" | "minLength" | "minItems" | "minProperties" => raised(true),
        "maximum" | "maxLength" | "maxItems" | "maxProperties" => raised(false),
        "exclusiveMinimum" | "exclusiveMaximum" | "uniqueItems" => match (on(old), on(new)) {
            (false, true) => Some(Delta::Tighter),
            (true, false) => Some(Delta::Looser),
            _ => None,
        },
        "multipleOf" => multiple_delta(num(old), num(new)),
        _ => match (old, new) {
            (None, Some(_)) => Some(Delta::Tighter),
            (Some(_), None) => Some(Delta::Looser),
            _ => Some(Delta::Changed),
        },
    }
}

/// Multiples of 4 are multiples of 2: a divisor of the old step loosens.
fn multiple_delta(old: Option<f64>, new: Option<f64>) -> Option<Delta> {
    let whole = |x: f64| x.is_finite() && (x - x.round()).abs() < 1e-9;
    match (old, new) {
        (None, Some(_)) => Some(Delta::Tighter),
        (Some(_), None) => Some(Delta::Looser),
        (Some(a), Some(b)) if a == b => None,
        (Some(a), Some(b)) if b != 0.0 && whole(a / b) => Some(Delta::Looser),
        (Some(a), Some(b)) if a != 0.0 && whole(b / a) => Some(Delta::Tighter),
        (Some(_), Some(_)) => Some(Delta::Changed),
        (None, None) => None,
    }
}

const REJECTED: &str = "unknown properties are now rejected (`additionalProperties: false`)";
const ALLOWED: &str = "unknown properties are now allowed (`additionalProperties` no longer false)";

/// `additionalProperties: false` is a limit too: unknown properties are
/// rejected.
fn additional(w: &mut Walker<'_>, dir: Dir, o: &Effective<'_>, n: &Effective<'_>) {
    let closed = |e: &Effective<'_>| {
        e.additional
            .as_ref()
            .is_some_and(|a| a.value == &Value::Bool(false))
    };
    let (old, new) = (closed(o), closed(n));
    let ptr = |e: &Effective<'_>| {
        e.additional
            .as_ref()
            .map_or(e.ptr.clone(), |a| a.ptr.clone())
    };
    let (id, message) = match (dir, old, new) {
        (Dir::Request, false, true) => ("request-constraint-tightened", REJECTED),
        (Dir::Request, true, false) => ("request-constraint-loosened", ALLOWED),
        (Dir::Response, true, false) => ("response-constraint-loosened", ALLOWED),
        (Dir::Response, false, true) => ("response-constraint-tightened", REJECTED),
        _ => return,
    };
    w.report(id, &ptr(o), &ptr(n), message);
}

/// A property as one direction sees it: `readOnly` ones are not part of
/// requests, `writeOnly` ones not part of responses.
fn visible(doc: &Value, dir: Dir, node: &Node<'_>) -> bool {
    let target = resolve(doc, &node.ptr, node.value);
    let key = match dir {
        Dir::Request => "readOnly",
        Dir::Response => "writeOnly",
    };
    !flag(target.value, key) && !flag(node.value, key)
}

fn properties(w: &mut Walker<'_>, dir: Dir, o: &Effective<'_>, n: &Effective<'_>) {
    let (old_doc, new_doc) = (w.old, w.new);
    let shown = |doc: &Value, e: &Effective<'_>| -> Vec<String> {
        e.properties
            .iter()
            .filter(|(_, node)| visible(doc, dir, node))
            .map(|(name, _)| name.clone())
            .collect()
    };
    let old_names = shown(old_doc, o);
    let new_names = shown(new_doc, n);
    let new_set: BTreeSet<&String> = new_names.iter().collect();
    for name in &old_names {
        let Some(op) = o.property(name) else { continue };
        match n.property(name).filter(|_| new_set.contains(name)) {
            Some(np) => {
                required_change(w, dir, name, (o, op), (n, np));
                compare(w, dir, op, np);
            }
            None => property_removed(w, dir, name, (o, op), n),
        }
    }
    for name in new_names.iter().filter(|name| !old_names.contains(name)) {
        if let Some(np) = n.property(name) {
            property_added(w, dir, name, o, (n, np));
        }
    }
}

type Prop<'e, 'a> = (&'e Effective<'a>, &'e Node<'a>);

fn required_change(w: &mut Walker<'_>, dir: Dir, name: &str, old: Prop<'_, '_>, new: Prop<'_, '_>) {
    let was = old.0.required.contains(name);
    let is = new.0.required.contains(name);
    let id = match (dir, was, is) {
        (Dir::Request, false, true) => "request-property-made-required",
        (Dir::Request, true, false) => "request-constraint-loosened",
        (Dir::Response, true, false) => "response-property-made-optional",
        (Dir::Response, false, true) => "response-property-made-required",
        _ => return,
    };
    let message = if is {
        format!("property `{name}` is now required")
    } else {
        format!("property `{name}` is no longer required")
    };
    w.report(id, &old.1.ptr, &new.1.ptr, message);
}

fn property_removed(
    w: &mut Walker<'_>,
    dir: Dir,
    name: &str,
    old: Prop<'_, '_>,
    n: &Effective<'_>,
) {
    let id = match dir {
        Dir::Request => "request-property-removed",
        Dir::Response if old.0.required.contains(name) => "response-property-removed",
        Dir::Response => "response-optional-property-removed",
    };
    w.report(id, &old.1.ptr, &n.ptr, format!("property `{name}` removed"));
}

fn property_added(w: &mut Walker<'_>, dir: Dir, name: &str, o: &Effective<'_>, new: Prop<'_, '_>) {
    let (id, what) = match dir {
        Dir::Request if new.0.required.contains(name) => {
            ("request-required-property-added", "required property")
        }
        Dir::Request => ("request-property-added", "optional property"),
        Dir::Response if new.0.required.contains(name) => {
            ("response-required-property-added", "required property")
        }
        Dir::Response => ("response-property-added", "property"),
    };
    w.report(id, &o.ptr, &new.1.ptr, format!("{what} `{name}` added"));
}

/// The name a node is known by in messages: its reference, else `what`.
pub(super) fn name_of(node: &Node<'_>, what: &str) -> String {
    match ref_target(node.value) {
        Some(target) => format!("`{}`", target.rsplit('/').next().unwrap_or(target)),
        None => str_field(node.value, "title").map_or(what.to_string(), |t| format!("`{t}`")),
    }
}
