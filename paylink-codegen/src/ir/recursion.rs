//! Recursive types: a field or variant whose type leads back to its owner
//! without passing through a `Vec` or a map would make an infinitely large
//! type; such fields are boxed.

use std::collections::BTreeMap;

use super::{TypeDef, TypeId, TypeKind, TypeRef};

/// Marks every field and variant inside a cycle as boxed.
pub(crate) fn box_cycles(defs: &mut BTreeMap<TypeId, TypeDef>) {
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
        TypeKind::Alias(ty) => inline_target(ty).into_iter().collect(),
        TypeKind::StrEnum(_) | TypeKind::IntEnum(_) => Vec::new(),
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
