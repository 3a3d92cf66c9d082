//! The server's static data: its schema checks (one `static` per component
//! schema a request can reach and per pattern, and for each parameter and
//! body an expression naming its rules, inline when it needs no static),
//! and the problem bodies operations share.
//!
//! With `tag_features`, each static is compiled under the features of the
//! operations that use it, directly or through the statics that name it.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::text::Doc;

use crate::ir::features::{Gate, MOST_FEATURES_PER_TYPE};
use crate::ir::{Additional, ArrayRule, Check, Format, NumRule, ObjectRule, StrRule};
use crate::naming::{static_name, Namer};

/// The statics written so far and their names.
#[derive(Default)]
pub(crate) struct Statics {
    namer: Namer,
    components: BTreeMap<String, String>,
    patterns: BTreeMap<String, String>,
    /// The statics of parameters' and bodies' own rules, by the rules
    /// (their debug text): operations with the same rules share one.
    shared: BTreeMap<String, String>,
    problem_lists: BTreeMap<String, String>,
    /// Every static, by its name: its text and who uses it.
    entries: BTreeMap<String, Entry>,
    /// The statics' names in the order they were written.
    order: Vec<String>,
    /// The gate of the operation whose handler is being written.
    user: Gate,
    /// The statics being written (a component's rules name others).
    building: Vec<String>,
    /// Whether the statics are being written out at the end: uses are
    /// not recorded again.
    replaying: bool,
    /// Each static's gate, once they are being written out.
    gated: BTreeMap<String, Gate>,
}

/// One static: how to write it, the gates of the operations using it
/// directly, and the statics it names.
#[derive(Default)]
struct Entry {
    recipe: Option<Recipe>,
    users: Vec<Gate>,
    names: Vec<String>,
}

/// What a static holds, kept as the IR's rules rather than as tokens:
/// every thread sharing the formatting names the statics (so that all
/// agree on the names), but only the one printing them writes them out
/// (see `items`), so the others keep no tokens.
enum Recipe {
    /// The rules of `check`, after `doc` (printed, or empty).
    Schema { check: Check, doc: String },
    /// A pattern's source.
    Pattern(String),
    /// A list of problem bodies (they are short).
    Problems(Doc),
}

impl Statics {
    /// How many statics there are: every one is named before any is
    /// written out (a component's rules name theirs as it is named).
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// The statics at `range` of the order they were first needed in, each
    /// with the `cfg` of the features that compile an operation using it.
    /// Call it only on the thread that prints them (it prints them, to be
    /// indented by `margin` columns), once every use is recorded: from the
    /// first call on, uses are no longer recorded. Each static is written
    /// out once.
    pub fn items(
        &mut self,
        checks: &BTreeMap<String, Check>,
        range: std::ops::Range<usize>,
        margin: usize,
    ) -> String {
        if !self.replaying {
            self.gated = self.gates();
            self.replaying = true;
        }
        let mut out = String::new();
        for ident in self.order.get(range).unwrap_or_default().to_vec() {
            let Some(recipe) = self.entries.get_mut(&ident).and_then(|e| e.recipe.take()) else {
                continue;
            };
            let cfg = self
                .gated
                .get(&ident)
                .map(super::gates::cfg_text)
                .unwrap_or_default();
            self.item(&ident, recipe, checks, (&cfg, margin), &mut out);
        }
        out
    }

    /// Prints the static `ident` (after its docs and `cfg`, printed).
    fn item(
        &mut self,
        ident: &str,
        recipe: Recipe,
        checks: &BTreeMap<String, Check>,
        (cfg, margin): (&str, usize),
        out: &mut String,
    ) {
        let (doc, ty, value) = match recipe {
            Recipe::Schema { check, doc } => (doc, "Schema", self.expr(checks, &check)),
            Recipe::Pattern(source) => (
                String::new(),
                "Pattern",
                Doc::call("Pattern::new", vec![Doc::string(&source)]),
            ),
            Recipe::Problems(list) => (String::new(), "&[rt::server::ProblemBody]", list),
        };
        out.push_str(&doc);
        out.push_str(cfg);
        let head = format!("static {ident}: {ty} = ");
        out.push_str(&head);
        value.print(margin, (0, head.len()), 1, out);
        out.push_str(";\n");
    }

    /// The statics the next references are made for are used by an
    /// operation compiled under `gate`.
    pub fn use_for(&mut self, gate: &Gate) {
        self.user = gate.clone();
    }

    /// Each static's gate: the union of its users' and of the gates of the
    /// statics naming it (to a fixed point, as component rules can name
    /// each other in a cycle); always compiled past
    /// [`MOST_FEATURES_PER_TYPE`] features, like types.
    fn gates(&self) -> BTreeMap<String, Gate> {
        let mut gates: BTreeMap<String, Gate> = self
            .entries
            .iter()
            .filter(|(_, e)| !e.users.is_empty())
            .map(|(ident, e)| (ident.clone(), Gate::union(&e.users)))
            .collect();
        loop {
            let mut changed = false;
            for (ident, entry) in &self.entries {
                let Some(gate) = gates.get(ident).cloned() else {
                    continue;
                };
                for named in &entry.names {
                    let merged = match gates.get(named) {
                        Some(old) => Gate::union([old, &gate]),
                        None => gate.clone(),
                    };
                    if gates.get(named) != Some(&merged) {
                        gates.insert(named.clone(), merged);
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        for gate in gates.values_mut() {
            if matches!(gate, Gate::Any(f) if f.len() > MOST_FEATURES_PER_TYPE) {
                *gate = Gate::Always;
            }
        }
        gates
    }

    /// Records that the static `ident` is used: by the static being
    /// written, or else by the current operation.
    fn used(&mut self, ident: &str) {
        if self.replaying {
            return;
        }
        let user = self.user.clone();
        let parent = self.building.last().cloned();
        let entry = self.entries.entry(ident.to_string()).or_default();
        match parent {
            Some(parent) if parent != ident => {
                if let Some(p) = self.entries.get_mut(&parent) {
                    p.names.push(ident.to_string());
                }
            }
            Some(_) => {}
            None => entry.users.push(user),
        }
    }

    /// Records the static `ident` (`recipe`, what it holds), in the order
    /// of the statics written.
    fn write(&mut self, ident: &str, recipe: Recipe) {
        self.entries.entry(ident.to_string()).or_default().recipe = Some(recipe);
        self.order.push(ident.to_string());
    }

    /// A `&'static Schema` for `check`: a static when the rules need one
    /// (named from `hint`, or the one of an earlier operation with the
    /// same rules), else an inline constant.
    pub fn reference(
        &mut self,
        checks: &BTreeMap<String, Check>,
        hint: &str,
        check: &Check,
    ) -> TokenStream {
        if let Check::Ref(name) = check {
            let ident = super::ident(&self.component(checks, name));
            return quote!(&#ident);
        }
        if !needs_static(check) && is_small(check) {
            return tokens(&self.expr(checks, check).by_ref());
        }
        let key = format!("{check:?}");
        if let Some(ident) = self.shared.get(&key).cloned() {
            self.used(&ident);
            let ident = super::ident(&ident);
            return quote!(&#ident);
        }
        let ident = self.claim(hint);
        self.shared.insert(key, ident.clone());
        self.used(&ident);
        // The statics the rules name; the tokens are made by the thread
        // printing the statics.
        self.building(&ident, |statics| statics.name(checks, check));
        let recipe = Recipe::Schema {
            check: check.clone(),
            doc: String::new(),
        };
        self.write(&ident, recipe);
        let ident = super::ident(&ident);
        quote!(&#ident)
    }

    /// A static list of problem bodies, shared by the operations with the
    /// same list; `None` for an empty list.
    pub fn problem_bodies(&mut self, hint: &str, bodies: Vec<Doc>) -> Option<Ident> {
        if bodies.is_empty() {
            return None;
        }
        let list = Doc::slice(bodies);
        let key = list.flat();
        if let Some(ident) = self.problem_lists.get(&key).cloned() {
            self.used(&ident);
            return Some(super::ident(&ident));
        }
        let ident = self.claim(hint);
        self.problem_lists.insert(key, ident.clone());
        self.used(&ident);
        self.write(&ident, Recipe::Problems(list));
        Some(super::ident(&ident))
    }

    fn claim(&mut self, hint: &str) -> String {
        self.namer.claim(&static_name(hint))
    }

    /// `write`'s result, with `ident` as the static the statics it
    /// names are used by.
    fn building<T>(&mut self, ident: &str, write: impl FnOnce(&mut Self) -> T) -> T {
        self.building.push(ident.to_string());
        let out = write(self);
        self.building.pop();
        out
    }

    /// The static of a component schema, written on first use.
    fn component(&mut self, checks: &BTreeMap<String, Check>, name: &str) -> String {
        if let Some(ident) = self.components.get(name).cloned() {
            self.used(&ident);
            return ident;
        }
        let ident = self.claim(&format!("schema {name}"));
        self.components.insert(name.to_string(), ident.clone());
        self.used(&ident);
        let check = checks.get(name).cloned().unwrap_or(Check::Any);
        self.building(&ident, |statics| statics.name(checks, &check));
        let doc = super::docs::sentence_text(&format!(
            "The rules of the `{}` schema.",
            super::docs::code(name)
        ));
        self.write(&ident, Recipe::Schema { check, doc });
        ident
    }

    fn pattern(&mut self, source: &str) -> String {
        if let Some(ident) = self.patterns.get(source).cloned() {
            self.used(&ident);
            return ident;
        }
        let ident = self.claim(&format!("pattern {}", self.patterns.len() + 1));
        self.patterns.insert(source.to_string(), ident.clone());
        self.used(&ident);
        self.write(&ident, Recipe::Pattern(source.to_string()));
        ident
    }

    /// Names the statics `check`'s rules use (components, written on
    /// first use, and patterns), in the order [`expr`](Self::expr) does,
    /// without making tokens.
    fn name(&mut self, checks: &BTreeMap<String, Check>, check: &Check) {
        match check {
            Check::Ref(name) => {
                self.component(checks, name);
            }
            Check::Str(StrRule {
                pattern: Some(p), ..
            }) => {
                self.pattern(p);
            }
            _ => {
                for child in check.children() {
                    self.name(checks, child);
                }
            }
        }
    }

    /// A constant expression of type `Schema`.
    fn expr(&mut self, checks: &BTreeMap<String, Check>, check: &Check) -> Doc {
        let schema = |variant: &str, args: Vec<Doc>| Doc::call(format!("Schema::{variant}"), args);
        match check {
            Check::Any => Doc::word("Schema::Any"),
            Check::Ref(name) => {
                let ident = self.component(checks, name);
                schema("Ref", vec![Doc::word(format!("&{ident}"))])
            }
            Check::Nullable(inner) => schema("Nullable", vec![self.expr(checks, inner).by_ref()]),
            Check::Enum(values) => enum_expr(values),
            Check::Str(rule) => schema("String", vec![self.text(rule).by_ref()]),
            Check::Int(rule) => schema("Integer", vec![number(rule).by_ref()]),
            Check::Num(rule) => schema("Number", vec![number(rule).by_ref()]),
            Check::Bool => Doc::word("Schema::Boolean"),
            Check::Array(rule) => self.array(checks, rule),
            Check::Object(rule) => self.object(checks, rule),
            Check::AnyOf(members) => {
                let members = members.iter().map(|m| self.expr(checks, m)).collect();
                schema("AnyOf", vec![Doc::slice(members)])
            }
            Check::AllOf(members) => {
                let members = members.iter().map(|m| self.expr(checks, m)).collect();
                schema("AllOf", vec![Doc::slice(members)])
            }
            Check::Tagged(rule) => {
                let variants = rule
                    .variants
                    .iter()
                    .map(|(value, check)| {
                        Doc::Tuple(vec![Doc::string(value), self.expr(checks, check)])
                    })
                    .collect();
                let tagged = Doc::structure(
                    "Tagged",
                    [
                        ("property", Doc::string(&rule.property)),
                        ("variants", Doc::slice(variants)),
                    ],
                    None,
                );
                schema("Tagged", vec![tagged.by_ref()])
            }
        }
    }

    fn text(&mut self, rule: &StrRule) -> Doc {
        if *rule == StrRule::default() {
            return Doc::word("Text::ANY");
        }
        let mut set = Vec::new();
        if let Some(min) = rule.min_length {
            set.push(("min_length", some_usize(min)));
        }
        if let Some(max) = rule.max_length {
            set.push(("max_length", some_usize(max)));
        }
        if let Some(p) = &rule.pattern {
            let ident = self.pattern(p);
            set.push(("pattern", Doc::word(format!("Some(&{ident})"))));
        }
        if let Some(f) = rule.format {
            set.push((
                "format",
                Doc::word(format!("Some(Format::{})", format_variant(f))),
            ));
        }
        rules_literal("Text", set, 4)
    }

    fn array(&mut self, checks: &BTreeMap<String, Check>, rule: &ArrayRule) -> Doc {
        let items = self.expr(checks, &rule.items).by_ref();
        let list = Doc::structure(
            "List",
            [
                ("items", items),
                ("min_items", option_usize(rule.min_items)),
                ("max_items", option_usize(rule.max_items)),
                ("unique", Doc::word(rule.unique.to_string())),
            ],
            None,
        );
        Doc::call("Schema::Array", vec![list.by_ref()])
    }

    fn object(&mut self, checks: &BTreeMap<String, Check>, rule: &ObjectRule) -> Doc {
        let properties = rule
            .properties
            .iter()
            .map(|p| Doc::Tuple(vec![Doc::string(&p.name), self.expr(checks, &p.check)]))
            .collect();
        let required = rule
            .properties
            .iter()
            .filter(|p| p.required && !p.read_only)
            .map(|p| Doc::string(&p.name))
            .collect();
        let additional = match &rule.additional {
            Additional::Any => Doc::word("Additional::Any"),
            Additional::Forbidden => Doc::word("Additional::Forbidden"),
            Additional::Only(c) => {
                Doc::call("Additional::Only", vec![self.expr(checks, c).by_ref()])
            }
        };
        let mut set = vec![
            ("properties", Doc::slice(properties)),
            ("required", Doc::slice(required)),
            ("additional", additional),
        ];
        if let Some(min) = rule.min_properties {
            set.push(("min_properties", some_usize(min)));
        }
        if let Some(max) = rule.max_properties {
            set.push(("max_properties", some_usize(max)));
        }
        let object = rules_literal("Object", set, 5);
        Doc::call("Schema::Object", vec![object.by_ref()])
    }
}

/// Whether the rules name another static (a component or a pattern).
fn needs_static(check: &Check) -> bool {
    match check {
        Check::Ref(_) => true,
        Check::Str(rule) => rule.pattern.is_some(),
        _ => check.children().into_iter().any(needs_static),
    }
}

/// Whether the rules read well inline: no objects or unions, and no
/// enum longer than [`INLINE_ENUM_VALUES`].
fn is_small(check: &Check) -> bool {
    match check {
        Check::Nullable(inner) => is_small(inner),
        Check::Array(rule) => is_small(&rule.items),
        Check::Enum(values) => values.len() <= INLINE_ENUM_VALUES,
        Check::Object(_) | Check::AnyOf(_) | Check::AllOf(_) | Check::Tagged(_) => false,
        _ => true,
    }
}

/// The most values of an enum written inline in a handler; a longer one
/// (such as a list of field names a query parameter takes) gets a static,
/// shared by the operations with the same list.
const INLINE_ENUM_VALUES: usize = 8;

fn option_usize(value: Option<usize>) -> Doc {
    match value {
        Some(v) => some_usize(v),
        None => Doc::word("None"),
    }
}

fn some_usize(value: usize) -> Doc {
    Doc::word(format!("Some({})", Literal::usize_unsuffixed(value)))
}

/// A float literal, as proc-macro2 writes it, with its sign.
fn float(value: f64) -> String {
    let magnitude = Literal::f64_unsuffixed(value.abs());
    if value.is_sign_negative() {
        format!("-{magnitude}")
    } else {
        magnitude.to_string()
    }
}

fn some_f64(value: f64) -> Doc {
    Doc::word(format!("Some({})", float(value)))
}

fn number(rule: &NumRule) -> Doc {
    if *rule == NumRule::default() {
        return Doc::word("Number::ANY");
    }
    let mut set = Vec::new();
    if let Some(min) = rule.minimum.filter(|v| v.is_finite()) {
        set.push(("minimum", some_f64(min)));
    }
    if let Some(max) = rule.maximum.filter(|v| v.is_finite()) {
        set.push(("maximum", some_f64(max)));
    }
    if rule.exclusive_minimum {
        set.push(("exclusive_minimum", Doc::word("true")));
    }
    if rule.exclusive_maximum {
        set.push(("exclusive_maximum", Doc::word("true")));
    }
    if let Some(multiple) = rule.multiple_of.filter(|v| v.is_finite()) {
        set.push(("multiple_of", some_f64(multiple)));
    }
    rules_literal("Number", set, 5)
}

/// `Type { set.., ..Type::ANY }`: a rules literal names only the rules
/// the schema sets and takes the rest from the runtime's `ANY`; with all
/// of the type's `fields` set there is no `..ANY` (clippy's
/// `needless_update`).
fn rules_literal(ty: &str, set: Vec<(&str, Doc)>, fields: usize) -> Doc {
    let rest = (set.len() < fields).then(|| format!("{ty}::ANY"));
    Doc::structure(ty, set, rest)
}

/// An enum of JSON values; values that are arrays or objects cannot be
/// listed statically, so such an enum checks nothing.
fn enum_expr(values: &[serde_json::Value]) -> Doc {
    let literals: Option<Vec<Doc>> = values.iter().map(literal).collect();
    match literals {
        Some(literals) => Doc::call("Schema::Enum", vec![Doc::slice(literals)]),
        None => Doc::word("Schema::Any"),
    }
}

fn literal(value: &serde_json::Value) -> Option<Doc> {
    use serde_json::Value;
    let literal = |variant: &str, value: String| Doc::word(format!("Literal::{variant}({value})"));
    Some(match value {
        Value::Null => Doc::word("Literal::Null"),
        Value::Bool(b) => literal("Bool", b.to_string()),
        Value::Number(n) => match n.as_i64() {
            Some(i) if i != i64::MIN => {
                let magnitude = Literal::i64_unsuffixed(i.abs());
                let sign = if i < 0 { "-" } else { "" };
                literal("Int", format!("{sign}{magnitude}"))
            }
            _ => literal("Num", float(n.as_f64().filter(|f| f.is_finite())?)),
        },
        Value::String(s) => literal("Str", Literal::string(s).to_string()),
        Value::Array(_) | Value::Object(_) => return None,
    })
}

/// `doc` as tokens, for an expression written inline in a handler: the
/// generator wrote it, so it lexes.
fn tokens(doc: &Doc) -> TokenStream {
    let text = doc.flat();
    text.parse().unwrap_or_else(|e| {
        let message = format!("paylink-codegen wrote rules that do not lex: {e}");
        quote!(compile_error!(#message))
    })
}

fn format_variant(format: Format) -> &'static str {
    match format {
        Format::Date => "Date",
        Format::DateTime => "DateTime",
        Format::Time => "Time",
        Format::Email => "Email",
        Format::Uuid => "Uuid",
        Format::Uri => "Uri",
        Format::Ipv4 => "Ipv4",
        Format::Ipv6 => "Ipv6",
        Format::Hostname => "Hostname",
        Format::Int32 => "Int32",
        Format::Int64 => "Int64",
        Format::UInt64 => "UInt64",
        Format::Decimal => "Decimal",
    }
}
