//! How deep rustc lets a type nest.
//!
//! rustc proves `Send` and works out drop-check rules by walking a type's
//! fields, one step per struct, `Option`, and the few structs inside a
//! `Vec` or a map, and gives up past its recursion limit (128 unless the
//! user's crate raises it): E0275 "overflow evaluating the requirement",
//! E0320 "overflow while adding drop-check rules". A chain of schemas each
//! holding the next (through `$ref`, or written inline and hoisted) nests
//! as deep as it is long, and the generated server moves these types
//! across `.await`, where both checks run.
//!
//! Each type's depth is measured here, in those steps, from the leaves up.
//! A field, variant, item or value that would make its owner nest deeper
//! than [`MAX_TYPE_DEPTH`] is kept as `serde_json::Value` (the named type
//! it would have had is still generated and can be read from that value)
//! with a located warning. The limit leaves room under rustc's for the
//! futures, `Result`s and request structs around the types.

use std::collections::BTreeMap;

use super::{Field, Operation, TypeDef, TypeId, TypeKind, TypeRef};
use crate::diagnostic::{join, Diagnostic};

/// Deepest a named type may nest, in rustc's steps.
pub const MAX_TYPE_DEPTH: usize = 96;

/// Deepest the type of a parameter or body may nest: the named types it
/// holds plus what the operation writes around them.
const MAX_OPERATION_DEPTH: usize = MAX_TYPE_DEPTH + 8;

/// Steps rustc takes from a `Vec<T>` to `T` (`Vec`, `RawVec`, `PhantomData`).
const VEC_STEPS: usize = 3;

/// Steps from a `BTreeMap<String, T>` to `T`, counted generously.
const MAP_STEPS: usize = 5;

/// Steps from a `Box<T>` to `T` (`Box`, `Unique`).
const BOX_STEPS: usize = 2;

/// Keeps every named type and operation type within the limits; a warning
/// for each place cut.
pub(crate) fn fit(
    defs: &mut BTreeMap<TypeId, TypeDef>,
    origins: &BTreeMap<TypeId, String>,
    operations: &mut [Operation],
    warnings: &mut Vec<Diagnostic>,
) {
    let names: BTreeMap<TypeId, String> =
        defs.iter().map(|(id, d)| (*id, d.name.clone())).collect();
    let mut depths = BTreeMap::new();
    for id in post_order(defs) {
        let Some(def) = defs.get_mut(&id) else {
            continue;
        };
        let mut cuts = Cuts::default();
        let depth = fit_kind(&mut def.kind, &depths, &mut cuts);
        depths.insert(id, depth);
        let pointer = origins.get(&id).map_or("#", String::as_str);
        cuts.report(&format!("`{}`", def.name), pointer, &names, warnings);
    }
    for op in operations {
        let pointer = join(&join("#/paths", &op.path), &op.method.to_ascii_lowercase());
        let mut cuts = Cuts::default();
        for ty in operation_types(op) {
            fit_ref(ty, MAX_OPERATION_DEPTH, &depths, &mut cuts);
        }
        cuts.report(
            &format!("operation `{}`", op.name),
            &pointer,
            &names,
            warnings,
        );
    }
}

/// The types cut out of one owner: the named ones, and how many places.
#[derive(Default)]
struct Cuts {
    named: Vec<TypeId>,
    places: usize,
}

impl Cuts {
    fn report(
        &self,
        owner: &str,
        pointer: &str,
        names: &BTreeMap<TypeId, String>,
        out: &mut Vec<Diagnostic>,
    ) {
        if self.places == 0 {
            return;
        }
        let named: Vec<String> = self
            .named
            .iter()
            .filter_map(|id| names.get(id).map(|n| format!("`{n}`")))
            .collect();
        let what = if named.is_empty() {
            "its innermost lists and maps are".to_string()
        } else {
            format!(
                "{} {}",
                named.join(", "),
                if named.len() == 1 { "is" } else { "are" }
            )
        };
        out.push(
            Diagnostic::warning(
                pointer,
                format!(
                    "{owner} nests deeper than the {MAX_TYPE_DEPTH} levels the Rust compiler can check: {what} kept as `serde_json::Value` there"
                ),
            )
            .with_hint(
                "the named type is still generated: read the value with `serde_json::from_value`; flattening the schemas avoids this",
            ),
        );
    }
}

/// A named type's depth after cutting what does not fit.
fn fit_kind(kind: &mut TypeKind, depths: &BTreeMap<TypeId, usize>, cuts: &mut Cuts) -> usize {
    let inner = MAX_TYPE_DEPTH - 1;
    match kind {
        TypeKind::Struct(s) => {
            let additional = s.additional.as_mut().map_or(0, |ty| {
                MAP_STEPS + fit_ref(ty, inner - MAP_STEPS, depths, cuts)
            });
            let fields = s
                .fields
                .iter_mut()
                .map(|f| fit_field(f, inner, depths, cuts));
            1 + fields.max().unwrap_or(0).max(additional)
        }
        TypeKind::Union(u) => {
            let variants = u.variants.iter_mut().map(|v| {
                let boxed = if v.boxed { BOX_STEPS } else { 0 };
                boxed + fit_ref(&mut v.ty, inner - boxed, depths, cuts)
            });
            1 + variants.max().unwrap_or(0)
        }
        TypeKind::Newtype(ty) => 1 + fit_ref(ty, inner, depths, cuts),
        TypeKind::Alias(ty) => fit_ref(ty, MAX_TYPE_DEPTH, depths, cuts),
        TypeKind::StrEnum(_) | TypeKind::IntEnum(_) | TypeKind::External(_) => 1,
    }
}

/// A field's depth: its type inside the `Option`s and `Box` it is held in.
fn fit_field(
    f: &mut Field,
    limit: usize,
    depths: &BTreeMap<TypeId, usize>,
    cuts: &mut Cuts,
) -> usize {
    let options = usize::from(!f.required) + usize::from(f.nullable);
    let boxed = if f.boxed { BOX_STEPS } else { 0 };
    let around = options + boxed;
    let depth = around + fit_ref(&mut f.ty, limit - around, depths, cuts);
    if !matches!(f.ty, TypeRef::Named(_)) {
        f.boxed = false;
    }
    depth
}

/// The depth of `ty`, after replacing the parts deeper than `limit` by
/// `serde_json::Value`. Named types not measured yet (a cycle back to a
/// type being measured) count for nothing: rustc sees the cycle and stops.
fn fit_ref(
    ty: &mut TypeRef,
    limit: usize,
    depths: &BTreeMap<TypeId, usize>,
    cuts: &mut Cuts,
) -> usize {
    let (steps, inner) = match ty {
        TypeRef::Named(id) => {
            let depth = depths.get(id).copied().unwrap_or(0);
            if depth <= limit {
                return depth;
            }
            cuts.named.push(*id);
            cuts.places += 1;
            *ty = TypeRef::Json;
            return 0;
        }
        TypeRef::Nullable(inner) => (1, inner),
        TypeRef::Array(inner) => (VEC_STEPS, inner),
        TypeRef::Map(inner) => (MAP_STEPS, inner),
        _ => return 0,
    };
    if steps > limit {
        cuts.places += 1;
        *ty = TypeRef::Json;
        return 0;
    }
    steps + fit_ref(inner, limit - steps, depths, cuts)
}

/// The types an operation holds: its parameters', bodies' and responses'.
fn operation_types(op: &mut Operation) -> impl Iterator<Item = &mut TypeRef> {
    let params = op.params.iter_mut().map(|p| &mut p.ty);
    let body = op.body.iter_mut().flat_map(|b| &mut b.contents);
    let responses = op.responses.iter_mut().flat_map(|r| &mut r.contents);
    params.chain(body.chain(responses).map(|c| &mut c.ty))
}

/// The named types, each after every type it names (except along a
/// cycle), without recursion.
fn post_order(defs: &BTreeMap<TypeId, TypeDef>) -> Vec<TypeId> {
    let mut order = Vec::with_capacity(defs.len());
    let mut state: BTreeMap<TypeId, bool> = BTreeMap::new();
    for &root in defs.keys() {
        if state.contains_key(&root) {
            continue;
        }
        let mut stack = vec![(root, named_in(&defs[&root].kind), 0)];
        state.insert(root, false);
        while let Some((node, children, next)) = stack.last_mut() {
            if let Some(&child) = children.get(*next) {
                *next += 1;
                if defs.contains_key(&child) && !state.contains_key(&child) {
                    state.insert(child, false);
                    stack.push((child, named_in(&defs[&child].kind), 0));
                }
                continue;
            }
            state.insert(*node, true);
            order.push(*node);
            stack.pop();
        }
    }
    order
}

/// Every named type a definition mentions.
fn named_in(kind: &TypeKind) -> Vec<TypeId> {
    let walk = super::recursion::mentioned;
    let mut out = Vec::new();
    match kind {
        TypeKind::Struct(s) => {
            for ty in s.fields.iter().map(|f| &f.ty).chain(s.additional.as_ref()) {
                walk(ty, &mut out);
            }
        }
        TypeKind::Union(u) => u.variants.iter().for_each(|v| walk(&v.ty, &mut out)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => walk(ty, &mut out),
        TypeKind::StrEnum(_) | TypeKind::IntEnum(_) | TypeKind::External(_) => {}
    }
    out
}
