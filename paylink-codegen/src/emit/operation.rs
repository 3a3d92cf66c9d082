//! One operation: the client method, its request builder and the enum of
//! its documented responses, printed as text (see `super::pretty`).

use super::docs::{code, doc_text, sentence_text};
use super::pretty::{Code, Expr, Link};
use super::{rust_text, Scope};
pub(crate) use crate::ir::surface::body_field;
use crate::ir::surface::{self, client_param_type, Method, ResponseEnum};
use crate::ir::{Api, Content, Encoding, Operation, Status, TypeKind, TypeRef};

/// The client method and request builder of `op`, named and typed as the
/// surface's `method` says, as text at the left edge of text indented by
/// `margin`, each item behind `cfg` (its feature gate, or empty), and
/// whether a line overflows (see [`Code::line`]).
pub(crate) fn emit(
    api: &Api,
    op: &Operation,
    method: &Method,
    cfg: &str,
    margin: usize,
) -> (String, bool) {
    let variants = variants(api, op);
    let mut code = Code::new(margin);
    client_method(&mut code, api, op, method, cfg);
    builder(&mut code, api, op, method, cfg, &variants);
    super::paging::methods(&mut code, api, (op, method), &variants, cfg);
    (code.out, code.overflow)
}

/// A value the caller passes: positional when required, a setter otherwise.
struct Input {
    name: String,
    ty: String,
    /// `impl Into<String>` for strings (`impl Into<Secret>` for secrets,
    /// `impl Into<rt::DateTime>` for formats, which a chrono value is),
    /// else the type itself.
    arg: String,
    /// Whether the argument is converted with `.into()`.
    into: bool,
    doc: Option<String>,
}

/// The input `item` of the surface, whose IR type is `ty`.
fn input(api: &Api, item: &surface::Input, ty: &TypeRef, doc: Option<String>) -> Input {
    let ty_text = rust_text(&item.ty, Scope::Client);
    let (arg, into) = match taken_as(api, ty) {
        Taken::Into(target) => (format!("impl Into<{}>", target.unwrap_or(&ty_text)), true),
        Taken::Itself => (ty_text.clone(), false),
    };
    Input {
        name: item.rust.clone(),
        ty: ty_text,
        arg,
        into,
        doc,
    }
}

/// How an argument of some type is taken.
pub(crate) enum Taken {
    /// `impl Into<T>`, converted with `.into()`: `T` named here, or the
    /// type itself when `None`.
    Into(Option<&'static str>),
    /// The type itself.
    Itself,
}

/// How a value of `ty` is taken as an argument: `impl Into<String>` for
/// strings, `impl Into<rt::Secret>` for secrets, `impl Into<T>` for
/// formats (which a chrono value is), else the type itself.
pub(crate) fn taken_as(api: &Api, ty: &TypeRef) -> Taken {
    match resolve_alias(api, ty) {
        TypeRef::Str => Taken::Into(Some("String")),
        TypeRef::Secret => Taken::Into(Some("rt::Secret")),
        TypeRef::Formatted(_) => Taken::Into(None),
        _ => Taken::Itself,
    }
}

/// The type an alias chain ends at.
pub(crate) fn resolve_alias<'a>(api: &'a Api, ty: &'a TypeRef) -> &'a TypeRef {
    let mut current = ty;
    for _ in 0..16 {
        match current {
            TypeRef::Named(id) => match api.types.get(id).map(|d| &d.kind) {
                Some(TypeKind::Alias(next)) => current = next,
                _ => return current,
            },
            _ => return current,
        }
    }
    current
}

/// The body inputs: the first encoding is `body`, others `body_<encoding>`.
fn body_inputs<'o>(api: &Api, op: &'o Operation, method: &Method) -> Vec<(Input, &'o Content)> {
    let Some(body) = &op.body else {
        return Vec::new();
    };
    body.contents
        .iter()
        .zip(&method.bodies)
        .map(|(c, item)| {
            let text = format!(
                "The request body as `{}`.{}",
                c.media_type,
                body.description
                    .as_deref()
                    .map(|d| format!("\n\n{d}"))
                    .unwrap_or_default()
            );
            (input(api, item, &c.ty, Some(text)), c)
        })
        .collect()
}

/// Whether the first body is an argument of the method.
fn body_required(method: &Method) -> bool {
    method.bodies.first().is_some_and(|b| b.positional)
}

/// `impl Client { pub fn name(&self, required..) -> Builder<'_> { .. } }`.
fn client_method(code: &mut Code, api: &Api, op: &Operation, method: &Method, cfg: &str) {
    let builder = &method.builder;
    let required: Vec<Input> = op
        .params
        .iter()
        .zip(&method.params)
        .filter(|(_, item)| item.positional)
        .map(|(p, item)| input(api, item, client_param_type(p), p.description.clone()))
        .collect();
    let bodies = body_inputs(api, op, method);
    let required_body = bodies
        .first()
        .filter(|_| body_required(method))
        .map(|(i, _)| i);
    let mut params = vec!["&self".to_string()];
    params.extend(
        required
            .iter()
            .chain(required_body)
            .map(|i| format!("{}: {}", i.name, i.arg)),
    );
    let mut fields: Vec<(String, Option<Expr>)> = vec![("client".into(), Some(Expr::word("self")))];
    for i in required.iter().chain(required_body) {
        let converted = match i.into {
            true => Expr::word(&i.name).chain(vec![Link::call("into", Vec::new())]),
            false => Expr::word(&i.name),
        };
        let value = if required_body.is_some_and(|b| b.name == i.name) {
            Some(Expr::call("Some", vec![converted]))
        } else if i.into {
            Some(converted)
        } else {
            None
        };
        fields.push((i.name.clone(), value));
    }
    let none = || Some(Expr::word("None"));
    for item in method.params.iter().filter(|item| !item.positional) {
        fields.push((item.rust.clone(), none()));
    }
    for (i, _) in &bodies {
        if required_body.is_none_or(|b| b.name != i.name) {
            fields.push((i.name.clone(), none()));
        }
    }
    if method.server {
        fields.push(("server".into(), none()));
    }
    fields.push((
        "options".into(),
        Some(Expr::word("rt::CallOptions::default()")),
    ));
    code.lines(cfg);
    code.open("impl Client {");
    code.lines(&doc_text(Some(&operation_doc(op))));
    let head = format!("pub fn {}", method.name);
    code.signature(&head, &params, &format!(" -> {builder}<'_>"));
    code.expr("", &Expr::Struct(builder.clone(), fields), "");
    code.close("}");
    code.close("}");
}

fn operation_doc(op: &Operation) -> String {
    let mut parts: Vec<String> = [op.summary.as_deref(), op.description.as_deref()]
        .into_iter()
        .flatten()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    parts.dedup();
    parts.push(format!("`{} {}`", op.method, code(&op.path)));
    if op.deprecated {
        parts.push("Deprecated by the spec.".to_string());
    }
    parts.join("\n\n")
}

/// The request builder: its struct, then its setters and `send`.
fn builder(
    code: &mut Code,
    api: &Api,
    op: &Operation,
    method: &Method,
    cfg: &str,
    variants: &[ResponseVariant],
) {
    let name = &method.builder;
    let params: Vec<(Input, bool)> = op
        .params
        .iter()
        .zip(&method.params)
        .map(|(p, item)| {
            (
                input(api, item, client_param_type(p), p.description.clone()),
                item.positional,
            )
        })
        .collect();
    let bodies = body_inputs(api, op, method);
    code.lines(&sentence_text(&format!(
        "Request builder for [`Client::{}`].",
        method.name.trim_start_matches("r#")
    )));
    code.lines(cfg);
    code.line("#[derive(Debug, Clone)]");
    code.open(&format!("pub struct {name}<'a> {{"));
    code.line("client: &'a Client,");
    for (i, positional) in &params {
        match positional {
            true => code.line(&format!("{}: {},", i.name, i.ty)),
            false => code.line(&format!("{}: Option<{}>,", i.name, i.ty)),
        }
    }
    for (i, _) in &bodies {
        code.line(&format!("{}: Option<{}>,", i.name, i.ty));
    }
    if method.server {
        code.line("server: Option<String>,");
    }
    code.line("options: rt::CallOptions,");
    code.close("}");
    code.lines(cfg);
    code.open(&format!("impl<'a> {name}<'a> {{"));
    for (i, _) in params.iter().filter(|(_, positional)| !positional) {
        setter(code, i);
    }
    let required_body = body_required(method);
    for (n, (i, _)) in bodies.iter().enumerate() {
        if n > 0 || !required_body {
            setter(code, i);
        }
    }
    if method.server {
        code.line("/// Sends to `url` instead of the operation's own server.");
        code.open("pub fn server(mut self, url: impl Into<String>) -> Self {");
        code.line("self.server = Some(url.into());");
        code.line("self");
        code.close("}");
    }
    code.line("rt::call_options!();");
    super::send::send(code, api, op, variants);
    code.close("}");
}

/// `pub fn name(mut self, value: T) -> Self`, setting an optional value.
fn setter(code: &mut Code, i: &Input) {
    let given = i.doc.as_deref().filter(|d| !d.trim().is_empty());
    code.lines(&doc_text(given.or(Some("Sets this optional value."))));
    let params = ["mut self".to_string(), format!("value: {}", i.arg)];
    code.signature(&format!("pub fn {}", i.name), &params, " -> Self");
    let into = if i.into { ".into()" } else { "" };
    code.line(&format!("self.{} = Some(value{into});", i.name));
    code.line("self");
    code.close("}");
}

/// One variant of an operation's response enum.
pub(crate) struct ResponseVariant {
    pub name: String,
    pub status: Status,
    /// The media type and encoding of the body, `None` without a body.
    pub content: Option<Content>,
    pub doc: String,
}

/// The variant of `status` carrying a JSON body, and that body.
pub(crate) fn json_variant(
    variants: &[ResponseVariant],
    status: Status,
) -> Option<(&ResponseVariant, &Content)> {
    variants.iter().find_map(|v| {
        let content = v
            .content
            .as_ref()
            .filter(|c| c.encoding == Encoding::Json)?;
        (v.status == status).then_some((v, content))
    })
}

/// The variants of `op`'s response enum, as the surface names them, with
/// the responses they stand for.
pub(crate) fn variants(api: &Api, op: &Operation) -> Vec<ResponseVariant> {
    let response = surface::response_enum(api, op);
    variants_of(op, &response)
}

fn variants_of(op: &Operation, response: &ResponseEnum) -> Vec<ResponseVariant> {
    let variant = |v: &surface::ResponseVariant| {
        let r = &op.responses[v.response];
        let doc = match r.description.trim() {
            "" => format!("`{}`", status_key(r.status)),
            text => format!("`{}`: {text}", status_key(r.status)),
        };
        let content = v.content.map(|c| r.contents[c].clone());
        let doc = match &content {
            Some(c) => format!("{doc} (`{}`)", c.media_type),
            None => doc,
        };
        ResponseVariant {
            name: v.item.name.clone(),
            status: v.status,
            content,
            doc,
        }
    };
    response.variants.iter().map(variant).collect()
}

pub(crate) fn status_key(status: Status) -> String {
    match status {
        Status::Code(c) => c.to_string(),
        Status::Range(r) => format!("{r}XX"),
        Status::Default => "default".to_string(),
    }
}

/// The enum of `op`'s documented responses, named and typed as the
/// surface's `response` says: what the client decodes and what a server
/// handler answers; as text, behind `cfg` (its feature gate, or empty),
/// and whether a line overflows (see [`Code::line`]).
pub(crate) fn response_enum(
    op: &Operation,
    response: &ResponseEnum,
    cfg: &str,
    margin: usize,
) -> (String, bool) {
    let mut out = Code::new(margin);
    let code = &mut out;
    code.lines(&sentence_text(&format!(
        "The documented responses of `{} {}`.",
        op.method,
        super::docs::code(&op.path)
    )));
    code.lines(cfg);
    code.line("#[derive(Debug, Clone, PartialEq)]");
    code.open(&format!("pub enum {} {{", response.name));
    let docs = variants_of(op, response);
    for (v, d) in response.variants.iter().zip(&docs) {
        code.lines(&doc_text(Some(&d.doc)));
        match &v.item.payload {
            Some(t) => code.line(&format!(
                "{}({}),",
                v.item.name,
                rust_text(t, Scope::Client)
            )),
            None => code.line(&format!("{},", v.item.name)),
        }
    }
    if let Some(v) = &response.undocumented {
        code.line("/// The spec documents no responses: the raw body.");
        let payload: Vec<String> = v
            .payload
            .iter()
            .map(|t| rust_text(t, Scope::Client))
            .collect();
        code.line(&format!("{}({}),", v.name, payload.join("")));
    }
    code.close("}");
    (out.out, out.overflow)
}

/// The fields of a multipart body's struct (through aliases: a body
/// shaped like another operation's is an alias of it), when it is one.
pub(crate) fn multipart_fields<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a [crate::ir::Field]> {
    let TypeRef::Named(id) = resolve_alias(api, ty) else {
        return None;
    };
    match &api.types.get(id)?.kind {
        TypeKind::Struct(s) => Some(&s.fields),
        _ => None,
    }
}
