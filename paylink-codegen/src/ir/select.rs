//! Selection: the operations the `tags` and `operations` options keep,
//! and the named types those operations reach, so that a module generated
//! for three operations of a large spec holds only what they use.

use std::collections::{BTreeMap, BTreeSet};

use super::{Api, Operation, TypeDef, TypeId, TypeKind, TypeRef};

/// Keeps the operations with one of `tags` (all when empty) and named by
/// `names` (operationId or method name; all when empty). When either
/// selects, the types no kept operation reaches are dropped. A tag or a
/// name that matches no operation is an error: a typo would otherwise
/// silently generate nothing.
pub fn select(api: &mut Api, tags: &[String], names: &[String]) -> Result<(), String> {
    for tag in tags {
        if !api.operations.iter().any(|op| op.tags.contains(tag)) {
            let known = list(api.operations.iter().flat_map(|op| op.tags.iter().cloned()));
            return Err(format!(
                "`tags`: no operation has the tag `{tag}`; the spec's tags are: {known}"
            ));
        }
    }
    for name in names {
        if !api.operations.iter().any(|op| is_named(op, name)) {
            let known = list(api.operations.iter().map(|op| op.name.clone()));
            return Err(format!(
                "`operations`: no operation is named `{name}`; the spec's operations are: {known}"
            ));
        }
    }
    if tags.is_empty() && names.is_empty() {
        return Ok(());
    }
    api.operations.retain(|op| {
        let tagged = tags.is_empty() || op.tags.iter().any(|t| tags.contains(t));
        tagged && (names.is_empty() || names.iter().any(|n| is_named(op, n)))
    });
    // Events are kept whatever the selection: their types too.
    let events: Vec<Operation> = api.events.iter().map(|e| e.operation.clone()).collect();
    let mut reached = reachable(&api.operations, &api.types);
    reached.extend(reachable(&events, &api.types));
    api.types.retain(|id, _| reached.contains(id));
    Ok(())
}

fn is_named(op: &Operation, name: &str) -> bool {
    op.name == name || op.operation_id.as_deref() == Some(name)
}

/// Distinct names, sorted, quoted and comma separated.
fn list(names: impl Iterator<Item = String>) -> String {
    let names: BTreeSet<String> = names.collect();
    if names.is_empty() {
        return "(none)".to_string();
    }
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The named types the operations use, directly or through other types.
fn reachable(operations: &[Operation], types: &BTreeMap<TypeId, TypeDef>) -> BTreeSet<TypeId> {
    let mut pending: Vec<&TypeRef> = Vec::new();
    for op in operations {
        pending.extend(op.params.iter().map(|p| &p.ty));
        pending.extend(
            op.body
                .iter()
                .flat_map(|b| b.contents.iter().map(|c| &c.ty)),
        );
        pending.extend(
            op.responses
                .iter()
                .flat_map(|r| r.contents.iter().map(|c| &c.ty)),
        );
    }
    let mut seen = BTreeSet::new();
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Named(id) if seen.insert(*id) => {
                if let Some(def) = types.get(id) {
                    pending.extend(members(&def.kind));
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                pending.push(inner)
            }
            _ => {}
        }
    }
    seen
}

/// The types a named type is made of.
pub(super) fn members(kind: &TypeKind) -> Vec<&TypeRef> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| &f.ty)
            .chain(s.additional.as_ref())
            .collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![ty],
        TypeKind::StrEnum(_) | TypeKind::IntEnum(_) | TypeKind::External(_) => Vec::new(),
    }
}
