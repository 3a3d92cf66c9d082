//! The `send` method of a request builder: the path, query, headers,
//! cookies, credentials and body, then the decoding of each documented
//! response. Nothing in it can panic on what a server sends. Printed as
//! text (see `super::pretty`).

use super::operation::{body_field, multipart_fields, resolve_alias, ResponseVariant};
use super::pretty::{Code, Expr, Link};
use crate::ir::{
    Api, Content, Encoding, Field, Operation, Param, ParamLocation, PropertyEncoding, Status,
    Style, TypeRef,
};

/// `send`, into `code` one level inside the builder's `impl`.
pub(crate) fn send(code: &mut Code, api: &Api, op: &Operation, variants: &[ResponseVariant]) {
    code.line("/// Sends the request and decodes the documented response; the future is `Send`.");
    let ok = format!("rt::ResponseValue<{}>", op.response_type);
    code.impl_signature("pub fn send", ("rt::Future", "Output"), &ok);
    perform(code, api, op, variants);
    code.close("}");
}

/// The request closure's statements.
fn build(code: &mut Code, api: &Api, op: &Operation) {
    path(code, op);
    query(code, op);
    let server = match op.servers.iter().find(|s| s.starts_with("http")) {
        Some(url) => Expr::call(
            "Some",
            vec![this_server().chain(vec![Link::call("unwrap_or", vec![Expr::string(url)])])],
        ),
        None if !op.servers.is_empty() => this_server(),
        None => Expr::word("None"),
    };
    let mutable = op
        .params
        .iter()
        .any(|p| p.location == ParamLocation::Header || p.location == ParamLocation::Cookie)
        || op.body.is_some();
    let request = Expr::word("this").chain(vec![
        Link::field("client"),
        Link::field("core"),
        Link::call(
            "request",
            vec![
                Expr::word(format!("rt::reqwest::Method::{}", op.method)),
                server,
                Expr::word("&query.target(path)"),
            ],
        ),
    ]);
    let head = if mutable {
        "let mut request = "
    } else {
        "let request = "
    };
    code.expr(head, &request, ";");
    headers(code, api, op);
    body(code, api, op);
    code.line("Ok(request)");
}

/// `this.server.as_deref()`.
fn this_server() -> Expr {
    Expr::word("this").chain(vec![
        Link::field("server"),
        Link::call("as_deref", Vec::new()),
    ])
}

/// `let path = ...;`: the path with its parameters put in. Each
/// parameter's text is bound to a local first (named after the
/// parameter), so that the `format!` call names them in its template
/// (`"/accounts/{account_id}"`), which prettyplease prints as written:
/// it does not format a macro's arguments.
fn path(code: &mut Code, op: &Operation) {
    let mut template = String::new();
    let mut locals = 0;
    let mut taken = std::collections::BTreeSet::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        template.push_str(&rest[..start].replace('{', "{{").replace('}', "}}"));
        let name = &rest[start + 1..start + len];
        match op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire == name)
        {
            Some(p) => {
                let local = path_local(&p.rust, &mut taken);
                template.push_str(&format!("{{{local}}}"));
                code.expr(&format!("let {local} = "), &path_param(p), ";");
                locals += 1;
            }
            None => template.push_str(&format!("{{{{{name}}}}}")),
        }
        rest = &rest[start + len + 1..];
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    if locals == 0 {
        let literal = template.replace("{{", "{").replace("}}", "}");
        code.line(&format!("let path = {};", Expr::string(&literal).flat()));
    } else {
        let format = Expr::Macro("format!".into(), Expr::string(&template).flat());
        code.expr("let path = ", &format.by_ref(), ";");
    }
}

/// `rt::path_text(...)?` for the path parameter `p` (`rt::path_param`
/// with its style, for another style or exploded).
fn path_param(p: &Param) -> Expr {
    let name = Expr::string(&p.wire);
    let value = json_or_value(p, this_field(p));
    let explode = p.explode;
    let style = match p.style {
        Style::Label => "rt::PathStyle::Label",
        Style::Matrix => "rt::PathStyle::Matrix",
        _ if explode => "rt::PathStyle::Simple",
        _ => return Expr::call("rt::path_text", vec![name, value]).tried(),
    };
    let args = vec![
        name,
        value,
        Expr::word(style),
        Expr::word(explode.to_string()),
    ];
    Expr::call("rt::path_param", args).tried()
}

/// `&this.field` of the parameter `p`.
fn this_field(p: &Param) -> Expr {
    Expr::word(format!("&this.{}", p.rust))
}

/// The local a path parameter's text is bound to: its field's name, plain
/// (a `format!` template cannot name a raw identifier), with `_` after a
/// keyword or a name the request closure uses (`this`, `path`, `rt`), and
/// a number after a name already taken.
fn path_local(field: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    let plain = field.trim_start_matches("r#");
    let mut local = if field.starts_with("r#") || matches!(plain, "this" | "path" | "rt") {
        format!("{plain}_")
    } else {
        plain.to_string()
    };
    let base = local.clone();
    let mut n = 2;
    while !taken.insert(local.clone()) {
        local = format!("{base}{n}");
        n += 1;
    }
    local
}

/// The value of `p` as written, `value` or, for a JSON `content`
/// parameter, its JSON text.
fn json_or_value(p: &Param, value: Expr) -> Expr {
    if p.style == Style::Json {
        Expr::call("rt::json_text", vec![Expr::string(&p.wire), value])
            .tried()
            .by_ref()
    } else {
        value
    }
}

/// `if let Some(value) = &this.field {`, `statement`, `}` for an optional
/// parameter, or the statement with `&this.field` for a required one.
fn each_value(code: &mut Code, p: &Param, statement: impl FnOnce(&mut Code, Expr)) {
    if p.required {
        statement(code, this_field(p));
    } else {
        code.open(&format!("if let Some(value) = &this.{} {{", p.rust));
        statement(code, Expr::word("value"));
        code.close("}");
    }
}

fn query(code: &mut Code, op: &Operation) {
    let params: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .collect();
    if params.is_empty() {
        code.line("let query = rt::Query::new();");
        return;
    }
    code.line("let mut query = rt::Query::new();");
    for p in params {
        each_value(code, p, |code, value| {
            let wire = Expr::string(&p.wire);
            let push = if p.style == Style::Json {
                Link::call("push_json", vec![wire, value])
            } else {
                let style = style_path(p.style);
                let explode = Expr::word(p.explode.to_string());
                Link::call("push", vec![wire, value, style, explode])
            };
            code.expr("", &Expr::word("query").chain(vec![push]).tried(), ";");
        });
    }
}

/// The variant of `rt::QueryStyle` of a parameter's style.
pub(crate) fn query_style(style: Style) -> &'static str {
    match style {
        Style::SpaceDelimited => "SpaceDelimited",
        Style::PipeDelimited => "PipeDelimited",
        Style::DeepObject => "DeepObject",
        _ => "Form",
    }
}

/// A parameter's style as the query writer's style argument.
fn style_path(style: Style) -> Expr {
    Expr::word(format!("rt::QueryStyle::{}", query_style(style)))
}

/// `request = request.header(name, value);`.
fn set_header(code: &mut Code, name: Expr, value: Expr) {
    let header = Expr::word("request").chain(vec![Link::call("header", vec![name, value])]);
    code.expr("request = ", &header, ";");
}

fn headers(code: &mut Code, api: &Api, op: &Operation) {
    let secret = |p: &Param| *resolve_alias(api, &p.ty) == TypeRef::Secret;
    for p in op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
    {
        let wire = Expr::string(&p.wire);
        let explode = Expr::word(p.explode.to_string());
        if secret(p) {
            secret_header(code, p);
        } else if p.idempotency_key {
            // Filled once per call: every retry sends the same key.
            let key = Expr::word("this").chain(vec![
                Link::field(&p.rust),
                Link::call("clone", Vec::new()),
                Link::call("unwrap_or_else", vec![Expr::word("rt::idempotency_key")]),
            ]);
            code.expr("let idempotency_key = ", &key, ";");
            let value = Expr::call(
                "rt::header_value",
                vec![wire.clone(), Expr::word("&idempotency_key"), explode],
            );
            set_header(code, wire, value.tried());
        } else {
            each_value(code, p, |code, value| {
                let value = json_or_value(p, value);
                let value = Expr::call("rt::header_value", vec![wire.clone(), value, explode]);
                set_header(code, wire, value.tried());
            });
        }
    }
    cookies(code, op, secret);
}

fn cookies(code: &mut Code, op: &Operation, secret: impl Fn(&Param) -> bool) {
    let cookies: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .collect();
    if cookies.is_empty() {
        return;
    }
    code.line("let mut cookies: Vec<String> = Vec::new();");
    for p in &cookies {
        each_value(code, p, |code, value| {
            let wire = Expr::string(&p.wire);
            let value = json_or_value(p, value);
            let cookie = Expr::call("rt::cookie_value", vec![wire.clone(), value]).tried();
            // prettyplease prints a macro's tokens with a space before `?`.
            let cookie = cookie.flat();
            let cookie = cookie.strip_suffix('?').unwrap_or(&cookie);
            let tokens = format!("\"{{}}={{}}\", {}, {cookie} ?", wire.flat());
            let push = Link::call("push", vec![Expr::Macro("format!".into(), tokens)]);
            code.expr("", &Expr::word("cookies").chain(vec![push]), ";");
        });
    }
    // A cookie holding a credential makes the whole `Cookie` header sensitive.
    let joined = Expr::word("cookies").chain(vec![Link::call("join", vec![Expr::string("; ")])]);
    let value = if cookies.iter().any(|p| secret(p)) {
        let args = vec![Expr::string("Cookie"), joined.by_ref()];
        Expr::call("rt::sensitive_header", args).tried()
    } else {
        joined
    };
    code.open("if !cookies.is_empty() {");
    set_header(code, Expr::word("rt::reqwest::header::COOKIE"), value);
    code.close("}");
}

/// A header parameter holding a credential (`AccessToken`, say): sent as
/// is, marked sensitive.
fn secret_header(code: &mut Code, p: &Param) {
    each_value(code, p, |code, _| {
        // The secret itself, not the reference `each_value` hands over.
        let exposed = match p.required {
            true => format!("this.{}.expose()", p.rust),
            false => "value.expose()".to_string(),
        };
        let wire = Expr::string(&p.wire);
        let args = vec![wire.clone(), Expr::word(exposed)];
        set_header(code, wire, Expr::call("rt::sensitive_header", args).tried());
    });
}

/// Sends the request, with the credentials its security requirements
/// name (obtaining tokens, and retrying once after a `401`, through
/// `rt::perform_authorized`), and decodes the answer: the request and
/// the decoding are closures, not methods, because a closure is compiled
/// only where the call is awaited, so that a crate compiles the serde
/// code of the operations it calls, not of all of them.
fn perform(code: &mut Code, api: &Api, op: &Operation, variants: &[ResponseVariant]) {
    // Spec text that tracing spans and hooks show: one line, no control
    // or direction characters.
    let operation = crate::sanitize::inline(
        op.operation_id
            .as_deref()
            .unwrap_or(op.name.trim_start_matches("r#")),
    );
    let call = Expr::Struct(
        "rt::Call".into(),
        vec![
            ("operation".into(), Some(Expr::string(&operation))),
            ("method".into(), Some(Expr::string(&op.method))),
            (
                "path".into(),
                Some(Expr::string(&crate::sanitize::inline(&op.path))),
            ),
            (
                "idempotent".into(),
                Some(Expr::word(op.idempotent().to_string())),
            ),
        ],
    );
    code.expr("const CALL: rt::Call = ", &call, ";");
    if op.security.is_empty() {
        code.open("rt::perform(");
        code.line("&self.client.core,");
        code.line("(&CALL, self.options),");
    } else {
        let strings = |items: &[String]| {
            Expr::Array(items.iter().map(|s| Expr::string(s)).collect()).by_ref()
        };
        let sets = op.security.iter().map(|set| strings(set)).collect();
        let scopes = op
            .scopes
            .iter()
            .map(|(scheme, scopes)| Expr::Tuple(vec![Expr::string(scheme), strings(scopes)]))
            .collect();
        let security = Expr::Tuple(vec![
            Expr::Array(sets).by_ref(),
            Expr::Array(scopes).by_ref(),
        ]);
        code.expr("const SECURITY: rt::Security = ", &security, ";");
        code.open("rt::perform_authorized(");
        code.line("self.client,");
        code.line("(&CALL, self.options, SECURITY),");
    }
    code.line("self,");
    code.open("|this| {");
    build(code, api, op);
    code.close("},");
    code.open("|raw| {");
    // A response that can carry a credential (a token) is kept out of the
    // `Debug` of the errors that hold it.
    if api.responses_hold_secrets(op) {
        code.line("let raw = raw.holding_credentials();");
    }
    decode(code, op, variants);
    code.close("},");
    code.close(")");
}

fn body(code: &mut Code, api: &Api, op: &Operation) {
    let Some(body) = &op.body else {
        return;
    };
    for (i, c) in body.contents.iter().enumerate() {
        let field = body_field(i, c.encoding);
        code.open(&format!("if let Some(body) = &this.{field} {{"));
        apply_body(code, api, c);
        code.close("}");
    }
}

fn apply_body(code: &mut Code, api: &Api, c: &Content) {
    let typed = Link::call(
        "header",
        vec![
            Expr::word("rt::reqwest::header::CONTENT_TYPE"),
            Expr::string(&c.media_type),
        ],
    );
    let body = match c.encoding {
        Encoding::Json => Expr::call("rt::json_body", vec![Expr::word("body")]).tried(),
        Encoding::Form => {
            let encodings = c.encodings.iter().map(field_encoding).collect();
            let args = vec![Expr::word("body"), Expr::Array(encodings).by_ref()];
            Expr::call("rt::form_body", args).tried()
        }
        Encoding::Text | Encoding::Binary => Expr::word("body.clone()"),
        Encoding::Multipart => {
            code.open("request = {");
            multipart(code, api, c);
            code.line("request.multipart(form)");
            code.close("};");
            return;
        }
    };
    let request = Expr::word("request").chain(vec![typed, Link::call("body", vec![body])]);
    code.expr("request = ", &request, ";");
}

/// An `encoding` entry as the runtime's `FieldEncoding`.
fn field_encoding(e: &PropertyEncoding) -> Expr {
    let style = match e.style {
        Some((style, explode)) => {
            let pair = Expr::Tuple(vec![style_path(style), Expr::word(explode.to_string())]);
            Expr::call("Some", vec![pair])
        }
        None => Expr::word("None"),
    };
    let content_type = match &e.content_type {
        Some(m) => Expr::call("Some", vec![Expr::string(m)]),
        None => Expr::word("None"),
    };
    Expr::Struct(
        "rt::FieldEncoding".into(),
        vec![
            ("name".into(), Some(Expr::string(&e.property))),
            ("style".into(), Some(style)),
            ("content_type".into(), Some(content_type)),
        ],
    )
}

fn multipart(code: &mut Code, api: &Api, c: &Content) {
    let Some(fields) = multipart_fields(api, &c.ty) else {
        let form = Expr::call(
            "rt::multipart_field",
            vec![
                Expr::word("rt::reqwest::multipart::Form::new()"),
                Expr::string("body"),
                Expr::word("body"),
                Expr::word("None"),
            ],
        );
        code.expr("let form = ", &form.tried(), ";");
        return;
    };
    code.line("let mut form = rt::reqwest::multipart::Form::new();");
    for f in fields {
        let encoding = c.encodings.iter().find(|e| e.property == f.wire);
        if f.required && !f.nullable {
            code.line(&format!("let value = &body.{};", f.rust));
            multipart_part(code, f, encoding);
        } else {
            let pattern = if f.required || !f.nullable {
                "Some(value)"
            } else {
                "Some(Some(value))"
            };
            code.open(&format!("if let {pattern} = &body.{} {{", f.rust));
            multipart_part(code, f, encoding);
            code.close("}");
        }
    }
}

/// The statement adding one field to a multipart form: a file part for
/// bytes (one per item of a list of them), text parts otherwise.
fn multipart_part(code: &mut Code, f: &Field, encoding: Option<&PropertyEncoding>) {
    let wire = Expr::string(&f.wire);
    let content_type = match encoding.and_then(|e| e.content_type.as_deref()) {
        Some(m) => Expr::call("Some", vec![Expr::string(m)]),
        None => Expr::word("None"),
    };
    let file = |item: &str| {
        let part = Expr::call(
            "rt::file_part",
            vec![
                Expr::word(format!("{item}.clone()")),
                wire.clone(),
                content_type.clone(),
            ],
        );
        Expr::word("form").chain(vec![Link::call("part", vec![wire.clone(), part.tried()])])
    };
    match &f.ty {
        TypeRef::Binary => code.expr("form = ", &file("value"), ";"),
        TypeRef::Array(item) if **item == TypeRef::Binary => {
            code.open("for item in value {");
            code.expr("form = ", &file("item"), ";");
            code.close("}");
        }
        _ => {
            let encoding = match encoding {
                Some(e) => Expr::call("Some", vec![field_encoding(e).by_ref()]),
                None => Expr::word("None"),
            };
            let args = vec![
                Expr::word("form"),
                wire.clone(),
                Expr::word("value"),
                encoding,
            ];
            code.expr(
                "form = ",
                &Expr::call("rt::multipart_field", args).tried(),
                ";",
            );
        }
    }
}

fn decode(code: &mut Code, op: &Operation, variants: &[ResponseVariant]) {
    let response = &op.response_type;
    if variants.is_empty() {
        let body = Expr::call(
            format!("{response}::Undocumented"),
            vec![Expr::word("raw.body.clone()")],
        );
        code.expr("let body = ", &body, ";");
        code.line("Ok(raw.into_value(body))");
        return;
    }
    let mut statuses: Vec<Status> = variants.iter().map(|v| v.status).collect();
    statuses.dedup();
    if statuses == [Status::Default] {
        let all: Vec<&ResponseVariant> = variants.iter().collect();
        status_value(code, "let body = ", response, &all, ";");
        code.line("Ok(raw.into_value(body))");
        return;
    }
    code.open("let body = match raw.status.as_u16() {");
    for status in &statuses {
        let pattern = match status {
            Status::Code(c) => c.to_string(),
            Status::Range(r) => format!("{}..={}", r * 100, r * 100 + 99),
            Status::Default => "_".to_string(),
        };
        let mine: Vec<&ResponseVariant> = variants.iter().filter(|v| v.status == *status).collect();
        match mine.as_slice() {
            [one] => code.arm(&pattern, &variant_value(response, one)),
            _ => status_value(code, &format!("{pattern} => "), response, &mine, ","),
        }
    }
    if !statuses.contains(&Status::Default) {
        code.line("_ => return Err(raw.unexpected()),");
    }
    code.close("};");
    code.line("Ok(raw.into_value(body))");
}

/// `head`, the value for one status, then `tail`: decoded by the
/// response's media type when it documents several.
fn status_value(
    code: &mut Code,
    head: &str,
    response: &str,
    mine: &[&ResponseVariant],
    tail: &str,
) {
    if let [one] = mine {
        code.expr(head, &variant_value(response, one), tail);
        return;
    }
    code.open(&format!("{head}match raw.media_type().as_deref() {{"));
    for v in mine {
        let Some(content) = &v.content else {
            continue;
        };
        let media = Expr::string(&content.media_type.to_ascii_lowercase()).flat();
        code.arm(&format!("Some({media})"), &variant_value(response, v));
    }
    code.arm("_", &variant_value(response, mine[0]));
    code.close(&format!("}}{tail}"));
}

fn variant_value(response: &str, v: &ResponseVariant) -> Expr {
    let variant = format!("{response}::{}", v.name);
    match &v.content {
        None => Expr::word(variant),
        Some(c) => {
            let payload = match c.encoding {
                Encoding::Json => "rt::json(&raw)?",
                Encoding::Binary => "raw.body.clone()",
                _ => "rt::text(&raw)?",
            };
            Expr::call(variant, vec![Expr::word(payload)])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::path_local;

    #[test]
    fn path_locals_are_plain_and_distinct() {
        let mut taken = std::collections::BTreeSet::new();
        let locals: Vec<String> = ["id", "r#type", "type_", "this", "path", "rt", "query", "id"]
            .iter()
            .map(|f| path_local(f, &mut taken))
            .collect();
        assert_eq!(
            locals,
            ["id", "type_", "type_2", "this_", "path_", "rt_", "query", "id2"]
        );
    }
}
