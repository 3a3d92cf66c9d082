//! Paging of list operations: declared with `x-paylink-pagination` on the
//! operation, or detected from the common shapes (a cursor in the page, the
//! last item's id, a `next` link, page numbers). A declaration that cannot
//! be used is a located warning; detection only takes shapes it is sure of.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::{
    NextPage, Operation, Paging, ParamLocation, Status, TypeDef, TypeId, TypeKind, TypeRef,
};
use crate::diagnostic::{join, Diagnostic};
use crate::parse::PathEntry;

/// The extension declaring an operation's paging.
pub const PAGING_EXTENSION: &str = "x-paylink-pagination";

type Types = BTreeMap<TypeId, TypeDef>;

/// Sets each list operation's paging.
pub(super) fn attach(
    paths: &[PathEntry],
    types: &Types,
    operations: &mut [Operation],
    warnings: &mut Vec<Diagnostic>,
) {
    // Operations by path and method, looked up once per spec operation.
    let index: HashMap<(String, String), usize> = operations
        .iter()
        .enumerate()
        .map(|(i, op)| ((op.path.clone(), op.method.clone()), i))
        .collect();
    for PathEntry { path, item } in paths {
        let Some(item) = item.as_item() else {
            continue;
        };
        for (method, raw) in item.iter() {
            let method = method.to_ascii_uppercase();
            let Some(&at) = index.get(&(path.clone(), method.clone())) else {
                continue;
            };
            let op = &mut operations[at];
            op.paging = match raw.extensions.get(PAGING_EXTENSION) {
                Some(declared) => match declared_paging(declared, op, types) {
                    Ok(paging) => Some(paging),
                    Err(why) => {
                        let pointer = join(
                            &join(&join("#/paths", path), &method.to_ascii_lowercase()),
                            PAGING_EXTENSION,
                        );
                        warnings.push(Diagnostic::warning(
                            pointer,
                            format!("{why}: no page stream for this operation"),
                        ));
                        None
                    }
                },
                None if method == "GET" => detect(op, types),
                None => None,
            };
        }
    }
}

/// The page type: the first success response with a JSON body.
fn page(op: &Operation) -> Option<(Status, &TypeRef)> {
    op.json_success()
        .map(|(status, content)| (status, &content.ty))
}

/// The fields of the struct `ty` names, through aliases and nullability.
fn fields<'t>(types: &'t Types, ty: &'t TypeRef) -> Option<&'t [super::Field]> {
    match ty {
        TypeRef::Nullable(inner) => fields(types, inner),
        TypeRef::Named(id) => match &types.get(id)?.kind {
            TypeKind::Struct(s) => Some(&s.fields),
            TypeKind::Alias(inner) => fields(types, inner),
            _ => None,
        },
        _ => None,
    }
}

/// The type at JSON pointer `pointer` inside `ty`, through struct fields.
fn at<'t>(types: &'t Types, ty: &'t TypeRef, pointer: &str) -> Option<&'t TypeRef> {
    let mut current = ty;
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        current = &fields(types, current)?
            .iter()
            .find(|f| f.wire == segment)?
            .ty;
    }
    Some(current)
}

/// The item type of an array type.
fn array_item<'t>(types: &'t Types, ty: &'t TypeRef) -> Option<&'t TypeRef> {
    match ty {
        TypeRef::Array(item) => Some(item),
        TypeRef::Nullable(inner) => array_item(types, inner),
        TypeRef::Named(id) => match &types.get(id)?.kind {
            TypeKind::Alias(inner) => array_item(types, inner),
            _ => None,
        },
        _ => None,
    }
}

/// The query parameter of `op` named `wire`.
fn query_param<'o>(op: &'o Operation, wire: &str) -> Option<&'o super::Param> {
    op.params
        .iter()
        .find(|p| p.location == ParamLocation::Query && p.wire == wire && !p.required)
}

fn declared_paging(declared: &Value, op: &Operation, types: &Types) -> Result<Paging, String> {
    let fields = declared.as_object().ok_or("not an object")?;
    let text = |name: &str| -> Result<Option<String>, String> {
        match fields.get(name) {
            None => Ok(None),
            Some(Value::String(s)) if s.starts_with('/') || s.is_empty() => Ok(Some(s.clone())),
            Some(_) => Err(format!("`{name}` is not a JSON pointer")),
        }
    };
    let (status, page_ty) =
        page(op).ok_or("the operation documents no success answer with a JSON body")?;
    let items = text("items")?.ok_or("`items` is missing")?;
    let item = at(types, page_ty, &items)
        .and_then(|t| array_item(types, t))
        .ok_or_else(|| format!("`items` ({items}) is not an array of the page"))?
        .clone();
    let param_wire = match fields.get("param") {
        Some(Value::String(p)) => p.clone(),
        _ => return Err("`param` (the query parameter taking the cursor) is missing".into()),
    };
    let param = query_param(op, &param_wire)
        .ok_or_else(|| {
            format!("`param`: the operation has no optional query parameter `{param_wire}`")
        })?
        .rust
        .clone();
    let next = match (
        text("cursor")?,
        text("lastItem")?,
        text("link")?,
        fields.get("firstPage"),
    ) {
        (Some(from), None, None, None) => NextPage::Cursor(from),
        (None, Some(field), None, None) => NextPage::LastItem(field),
        (None, None, Some(from), None) => {
            let link_param = match fields.get("linkParam") {
                Some(Value::String(p)) => p.clone(),
                _ => param_wire.clone(),
            };
            NextPage::Link {
                from,
                param: link_param,
            }
        }
        (None, None, None, Some(first)) => NextPage::Number {
            first: first.as_u64().ok_or("`firstPage` is not a whole number")?,
            total: text("totalPages")?,
        },
        _ => return Err("give exactly one of `cursor`, `lastItem`, `link` and `firstPage`".into()),
    };
    Ok(Paging {
        status,
        items,
        item,
        has_more: text("hasMore")?,
        next,
        param,
    })
}

/// Names of "there are more" flags.
const HAS_MORE: &[&str] = &["has_more", "hasMore", "has_next", "hasNext"];
/// Names of cursor query parameters, and of the page fields giving them.
const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "page_token",
    "pageToken",
    "next_token",
    "nextToken",
];
const CURSOR_FIELDS: &[&str] = &[
    "next_cursor",
    "nextCursor",
    "cursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
    "next_page",
    "nextPage",
];
/// Names of fields linking to the next page, and of the query parameters
/// such a link may carry the cursor in.
const LINK_FIELDS: &[&str] = &[
    "links",
    "_links",
    "next",
    "next_url",
    "nextUrl",
    "next_page_url",
];
const LINK_PARAMS: &[&str] = &[
    "after",
    "cursor",
    "offset",
    "page_token",
    "starting_after",
    "page",
    "from",
];

/// The common shapes, when the page has exactly one array to take items
/// from (or one named `data`, `items` or `results`).
fn detect(op: &Operation, types: &Types) -> Option<Paging> {
    let (status, page_ty) = page(op)?;
    let page_fields = fields(types, page_ty)?;
    let arrays: Vec<&super::Field> = page_fields
        .iter()
        .filter(|f| array_item(types, &f.ty).is_some() && f.wire != "links")
        .collect();
    let items_field = match arrays.as_slice() {
        [one] => *one,
        many => *many
            .iter()
            .find(|f| ["data", "items", "results"].contains(&f.wire.as_str()))?,
    };
    let item = array_item(types, &items_field.ty)?.clone();
    let items = format!("/{}", segment(&items_field.wire));
    let field = |names: &[&str]| {
        page_fields
            .iter()
            .find(|f| names.contains(&f.wire.as_str()))
    };
    let has_more = field(HAS_MORE)
        .filter(|f| f.ty == TypeRef::Bool)
        .map(|f| format!("/{}", segment(&f.wire)));
    let make = |next: NextPage, param: &super::Param| Paging {
        status,
        items: items.clone(),
        item: item.clone(),
        has_more: has_more.clone(),
        next,
        param: param.rust.clone(),
    };
    // Stripe: `starting_after` the last item's `id`, while `has_more`.
    if let Some(param) = query_param(op, "starting_after") {
        let has_id = fields(types, &item).is_some_and(|f| f.iter().any(|f| f.wire == "id"));
        if has_id && has_more.is_some() {
            return Some(make(NextPage::LastItem("/id".into()), param));
        }
    }
    // Cursor tokens handed back in the page.
    for name in CURSOR_PARAMS {
        if let (Some(param), Some(from)) = (query_param(op, name), field(CURSOR_FIELDS)) {
            return Some(make(
                NextPage::Cursor(format!("/{}", segment(&from.wire))),
                param,
            ));
        }
    }
    // The cursor taken from the link to the next page (Payroc's `links`,
    // a HAL `_links.next` with Mollie's `from`, a `next` URL).
    if let Some(links) = field(LINK_FIELDS) {
        let from = match &links.ty {
            ty if array_item(types, ty).is_some() => format!("/{}", segment(&links.wire)),
            TypeRef::Str => format!("/{}", segment(&links.wire)),
            TypeRef::Nullable(inner) if **inner == TypeRef::Str => {
                format!("/{}", segment(&links.wire))
            }
            _ => format!("/{}/next", segment(&links.wire)),
        };
        let param = LINK_PARAMS.iter().find_map(|name| query_param(op, name));
        if let Some(param) = param {
            let next = NextPage::Link {
                from,
                param: param.wire.clone(),
            };
            return Some(make(next, param));
        }
    }
    // Page numbers, with a page count where the page gives one.
    let param = query_param(op, "page").filter(|p| {
        matches!(
            p.ty,
            TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64
        )
    })?;
    let total = find_field(
        types,
        page_ty,
        &[
            "pageCount",
            "page_count",
            "totalPages",
            "total_pages",
            "lastPage",
            "last_page",
        ],
        3,
    );
    Some(make(NextPage::Number { first: 1, total }, param))
}

/// The pointer to the first field named one of `names`, at most `depth`
/// levels down.
fn find_field(types: &Types, ty: &TypeRef, names: &[&str], depth: usize) -> Option<String> {
    let fields = fields(types, ty)?;
    if let Some(f) = fields.iter().find(|f| names.contains(&f.wire.as_str())) {
        return Some(format!("/{}", segment(&f.wire)));
    }
    if depth == 0 {
        return None;
    }
    fields.iter().find_map(|f| {
        find_field(types, &f.ty, names, depth - 1)
            .map(|rest| format!("/{}{rest}", segment(&f.wire)))
    })
}

/// A property name as one JSON pointer segment (RFC 6901).
fn segment(wire: &str) -> String {
    wire.replace('~', "~0").replace('/', "~1")
}
