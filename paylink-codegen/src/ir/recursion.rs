//! Recursive types, made into types rustc accepts and serde can read:
//!
//! - a cycle of aliases and unions that never passes through an object,
//!   a list or a map (`S: {anyOf: [$ref: S, null]}`) describes no value,
//!   and reading one would recurse without consuming input: the reference
//!   closing it is kept as `serde_json::Value`, with a warning;
//! - an alias that refers back to itself through a list or a map
//!   (`type Tree = Vec<Tree>`, E0391) becomes a transparent newtype;
//! - an alias of an alias is the type the chain ends at, so that a chain
//!   hundreds long is one step for rustc and for the emitters;
//! - a field or variant whose type leads back to its owner without passing
//!   through a `Vec` or a map would make an infinitely large type; such
//!   fields are boxed.

use std::collections::{BTreeMap, BTreeSet};

use super::{TypeDef, TypeId, TypeKind, TypeRef};
use crate::diagnostic::Diagnostic;

/// Applies every rule of the module, in order; `origins` locates each
/// type for the warnings.
pub(crate) fn settle(
    defs: &mut BTreeMap<TypeId, TypeDef>,
    origins: &BTreeMap<TypeId, String>,
    warnings: &mut Vec<Diagnostic>,
) {
    cut_empty_cycles(defs, origins, warnings);
    wrap_recursive_aliases(defs);
    collapse_alias_chains(defs);
    box_cycles(defs);
}

/// Replaces each reference that closes a cycle of aliases and unions
/// (a cycle through which no input is read) by `serde_json::Value`.
fn cut_empty_cycles(
    defs: &mut BTreeMap<TypeId, TypeDef>,
    origins: &BTreeMap<TypeId, String>,
    warnings: &mut Vec<Diagnostic>,
) {
    let reads_nothing = |def: &TypeDef| matches!(def.kind, TypeKind::Alias(_) | TypeKind::Union(_));
    let edges: BTreeMap<TypeId, Vec<TypeId>> = defs
        .iter()
        .filter(|(_, def)| reads_nothing(def))
        .map(|(id, def)| {
            let targets = direct(&def.kind)
                .into_iter()
                .filter(|t| defs.get(t).is_some_and(reads_nothing))
                .collect();
            (*id, targets)
        })
        .collect();
    let component = strongly_connected(&edges);
    let names: BTreeMap<TypeId, String> =
        defs.iter().map(|(id, d)| (*id, d.name.clone())).collect();
    for (id, def) in defs.iter_mut() {
        let Some(mine) = component.get(id) else {
            continue;
        };
        let closes =
            |ty: &TypeRef| inline_target(ty).is_some_and(|t| component.get(&t) == Some(mine));
        let mut cut = Vec::new();
        match &mut def.kind {
            TypeKind::Alias(ty) if closes(ty) => cut.push(replace_inline(ty)),
            TypeKind::Union(u) => {
                for v in u.variants.iter_mut().filter(|v| closes(&v.ty)) {
                    cut.push(replace_inline(&mut v.ty));
                }
            }
            _ => {}
        }
        for target in cut.into_iter().flatten() {
            let pointer = origins.get(id).map_or("#", String::as_str);
            warnings.push(
                Diagnostic::warning(
                    pointer,
                    format!(
                        "`{}` refers to `{}`, which leads back to `{}` without an object, a list or a map in between: no value of it could ever be read",
                        def.name, names[&target], def.name
                    ),
                )
                .with_hint("that reference is kept as `serde_json::Value`; the rest of the API is typed"),
            );
        }
    }
}

/// Puts `serde_json::Value` where `ty` holds a named type inline; returns
/// that type.
fn replace_inline(ty: &mut TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Nullable(inner) => replace_inline(inner),
        TypeRef::Named(id) => {
            let id = *id;
            *ty = TypeRef::Json;
            Some(id)
        }
        _ => None,
    }
}

/// Makes every alias of an alias an alias of what the chain ends at (a
/// newtype ends it). Runs after [`cut_empty_cycles`] and
/// [`wrap_recursive_aliases`], so every chain ends.
fn collapse_alias_chains(defs: &mut BTreeMap<TypeId, TypeDef>) {
    let ids: Vec<TypeId> = defs.keys().copied().collect();
    for id in ids {
        let mut seen = BTreeSet::from([id]);
        let mut end = match &defs[&id].kind {
            TypeKind::Alias(ty) => ty.clone(),
            _ => continue,
        };
        while let TypeRef::Named(next) = end {
            match defs.get(&next).map(|d| &d.kind) {
                Some(TypeKind::Alias(ty)) if seen.insert(next) => end = ty.clone(),
                _ => break,
            }
        }
        if let Some(def) = defs.get_mut(&id) {
            def.kind = TypeKind::Alias(end);
        }
    }
}

/// Makes every alias whose expansion names itself, directly or through
/// other aliases, a newtype.
fn wrap_recursive_aliases(defs: &mut BTreeMap<TypeId, TypeDef>) {
    let is_alias = |id: &TypeId| matches!(defs.get(id).map(|d| &d.kind), Some(TypeKind::Alias(_)));
    let edges: BTreeMap<TypeId, Vec<TypeId>> = defs
        .iter()
        .filter_map(|(id, def)| match &def.kind {
            TypeKind::Alias(ty) => {
                let mut named = Vec::new();
                mentioned(ty, &mut named);
                named.retain(is_alias);
                Some((*id, named))
            }
            _ => None,
        })
        .collect();
    let component = strongly_connected(&edges);
    for (id, targets) in &edges {
        if targets
            .iter()
            .any(|t| component.get(t) == component.get(id))
        {
            if let Some(def) = defs.get_mut(id) {
                if let TypeKind::Alias(ty) = &def.kind {
                    def.kind = TypeKind::Newtype(ty.clone());
                }
            }
        }
    }
}

/// Every named type `ty` mentions, at any depth.
pub(super) fn mentioned(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Nullable(t) => mentioned(t, out),
        _ => {}
    }
}

/// Marks every field and variant inside a cycle as boxed.
fn box_cycles(defs: &mut BTreeMap<TypeId, TypeDef>) {
    let edges: BTreeMap<TypeId, Vec<TypeId>> = defs
        .iter()
        .map(|(id, def)| (*id, direct(&def.kind)))
        .collect();
    let component = strongly_connected(&edges);
    for (id, def) in defs.iter_mut() {
        let mine = component.get(id);
        // Inside one strongly connected component every member reaches
        // every other, so a field pointing into its owner's component
        // closes a cycle.
        let in_cycle = |ty: &TypeRef| inline_target(ty).is_some_and(|t| component.get(&t) == mine);
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    f.boxed = in_cycle(&f.ty);
                }
            }
            TypeKind::Union(u) => {
                for v in &mut u.variants {
                    v.boxed = in_cycle(&v.ty);
                }
            }
            _ => {}
        }
    }
}

/// The named type a value holds inline (not behind a `Vec` or map).
fn inline_target(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Nullable(inner) => inline_target(inner),
        _ => None,
    }
}

fn direct(kind: &TypeKind) -> Vec<TypeId> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .filter_map(|f| inline_target(&f.ty))
            .collect(),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .filter_map(|v| inline_target(&v.ty))
            .collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => inline_target(ty).into_iter().collect(),
        TypeKind::StrEnum(_) | TypeKind::IntEnum(_) | TypeKind::External(_) => Vec::new(),
    }
}

/// Tarjan's algorithm, iteratively: component number of every node.
fn strongly_connected(edges: &BTreeMap<TypeId, Vec<TypeId>>) -> BTreeMap<TypeId, usize> {
    let mut index: BTreeMap<TypeId, usize> = BTreeMap::new();
    let mut low: BTreeMap<TypeId, usize> = BTreeMap::new();
    let mut on_stack: BTreeMap<TypeId, bool> = BTreeMap::new();
    let mut stack: Vec<TypeId> = Vec::new();
    let mut component: BTreeMap<TypeId, usize> = BTreeMap::new();
    let mut counter = 0;
    for &root in edges.keys() {
        if index.contains_key(&root) {
            continue;
        }
        let mut work: Vec<(TypeId, usize)> = vec![(root, 0)];
        while let Some((node, next)) = work.pop() {
            if next == 0 {
                index.insert(node, counter);
                low.insert(node, counter);
                counter += 1;
                stack.push(node);
                on_stack.insert(node, true);
            }
            let targets = edges.get(&node).map_or(&[][..], Vec::as_slice);
            if let Some(&child) = targets.get(next) {
                work.push((node, next + 1));
                if !index.contains_key(&child) {
                    if edges.contains_key(&child) {
                        work.push((child, 0));
                    }
                } else if on_stack.get(&child) == Some(&true) {
                    let l = low[&node].min(index[&child]);
                    low.insert(node, l);
                }
                continue;
            }
            if low[&node] == index[&node] {
                let id = component.len();
                while let Some(top) = stack.pop() {
                    on_stack.insert(top, false);
                    component.insert(top, id);
                    if top == node {
                        break;
                    }
                }
            }
            if let Some(&(parent, _)) = work.last() {
                let l = low[&parent].min(low[&node]);
                low.insert(parent, l);
            }
        }
    }
    component
}
