//! Page streams of list operations: `pages()` and `items()` on the request
//! builder, following the cursor, link or page number the IR's
//! [`Paging`](crate::ir::Paging) names. Printed as text (see
//! `super::pretty`).

use super::docs::{code, sentence_text};
use super::operation::ResponseVariant;
use super::pretty::{Code, Expr, Link};
use super::{rust_text, Scope};
use crate::ir::surface::{client_param_type, rust_type, Method};
use crate::ir::{Api, NextPage, Operation, Paging};

/// The builder's `pages` and `items`, when the surface says `op`'s
/// builder has them ([`crate::ir::surface::pages`]), with its types: an
/// `impl` block into `code`, behind `cfg` (its feature gate, or empty).
pub(crate) fn methods(
    code: &mut Code,
    api: &Api,
    (op, method): (&Operation, &Method),
    variants: &[ResponseVariant],
    cfg: &str,
) {
    let (Some(paging), Some(pages)) = (&op.paging, &method.pages) else {
        return;
    };
    let Some(param) = op.params.iter().find(|p| p.rust == paging.param) else {
        return;
    };
    let page = rust_text(&pages.page, Scope::Client);
    let item = rust_text(&pages.item, Scope::Client);
    code.lines(cfg);
    code.open(&format!("impl<'a> {}<'a> {{", op.type_base));
    code.expr("const PAGING: rt::Paging = ", &shape(paging), ";");
    code.lines(&how(paging));
    code.impl_signature("pub fn pages", ("rt::Stream", "Item"), &page);
    code.line("rt::pages(self, Self::PAGING, Self::fetch_page, Self::set_cursor)");
    code.close("}");
    code.as_is("/// Every item of every page, in order (see [`Self::pages`]).");
    code.impl_signature("pub fn items", ("rt::Stream", "Item"), &item);
    code.line("rt::items(self, Self::PAGING, Self::fetch_page, Self::set_cursor)");
    code.close("}");
    code.impl_signature("fn fetch_page", ("rt::Future", "Output"), &page);
    code.open("rt::page(");
    code.line("self.send(),");
    code.open("|body| match body {");
    code.line(&format!(
        "{}::{}(page) => Some(page),",
        op.response_type, pages.variant
    ));
    if variants.len() > 1 {
        code.line("_ => None,");
    }
    code.close("},");
    code.close(")");
    code.close("}");
    code.open("fn set_cursor(self, value: &rt::serde_json::Value) -> Option<Self> {");
    let param_ty = rust_text(&rust_type(api, client_param_type(param)), Scope::Client);
    let read = Expr::call(
        "rt::serde_json::from_value",
        vec![Expr::word("value.clone()")],
    )
    .chain(vec![
        Link::call("ok", Vec::new()),
        Link::call(
            "or_else",
            vec![Expr::word(
                "|| rt::serde_json::from_str(value.as_str()?).ok()",
            )],
        ),
    ])
    .tried();
    code.expr(&format!("let value: {param_ty} = "), &read, ";");
    code.line(&format!("Some(self.{}(value))", param.rust));
    code.close("}");
    code.close("}");
}

/// The doc of `pages`: how the next page is asked for, and when the list
/// ends.
fn how(paging: &Paging) -> String {
    let text = match &paging.next {
        NextPage::Cursor(from) => format!("Every page, from this one on, each asked for with the cursor at `{}` of the one before.", code(from)),
        NextPage::LastItem(field) => format!("Every page, from this one on, each asked for with `{}` of the last item before.", code(field)),
        NextPage::Link { from, param } => format!("Every page, from this one on, each asked for with the `{}` of the next link at `{}`.", code(param), code(from)),
        NextPage::Number { .. } => "Every page, from the first on, by page number.".to_string(),
    };
    let end = "The list ends at an empty page or when the page says it is the last.";
    sentence_text(&text) + &sentence_text(end)
}

/// `Some("text")`, or `None`.
fn some_string(value: Option<&str>) -> Expr {
    match value {
        Some(text) => Expr::call("Some", vec![Expr::string(text)]),
        None => Expr::word("None"),
    }
}

fn shape(paging: &Paging) -> Expr {
    let field = |name: &str, value: Expr| (name.to_string(), Some(value));
    let next = match &paging.next {
        NextPage::Cursor(from) => Expr::Struct(
            "rt::Next::Cursor".into(),
            vec![field("from", Expr::string(from))],
        ),
        NextPage::LastItem(name) => Expr::Struct(
            "rt::Next::LastItem".into(),
            vec![field("field", Expr::string(name))],
        ),
        NextPage::Link { from, param } => Expr::Struct(
            "rt::Next::Link".into(),
            vec![
                field("from", Expr::string(from)),
                field("param", Expr::string(param)),
            ],
        ),
        NextPage::Number { first, total } => Expr::Struct(
            "rt::Next::Number".into(),
            vec![
                field("first", Expr::word(format!("{first}u64"))),
                field("total", some_string(total.as_deref())),
            ],
        ),
    };
    Expr::Struct(
        "rt::Paging".into(),
        vec![
            field("items", Expr::string(&paging.items)),
            field("has_more", some_string(paging.has_more.as_deref())),
            field("next", next),
        ],
    )
}
