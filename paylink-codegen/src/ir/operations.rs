//! Operations: parameters (path-item ones merged with the operation's),
//! request bodies, responses, security and servers, each resolved through
//! `components` and named once.

use openapiv3::{
    APIKeyLocation, MediaType, OpenAPI, Operation as Op, Parameter, ParameterSchemaOrContent,
    ReferenceOr, RequestBody, Response as Resp, Schema, SecurityScheme as Scheme, StatusCode,
};

use super::checks::{Check, Checker};
use super::styles;
use super::types::TypeSpace;
use super::{
    Api, Body, Content, Encoding, Operation, Param, ParamLocation, Response, SchemeKind,
    SecurityScheme, Server, Status, Style, TypeRef,
};
use crate::diagnostic::{join, Diagnostic};
use crate::naming::{
    credential_setter, field_name, nested_type_name, operation_name, operation_names, status_name,
    token_setter, type_name, Namer, OperationSite, RESERVED_METHODS,
};
use crate::parse::{Model, PathOperations};

/// Lowers a parsed spec to the IR; warnings name what could not be typed.
pub fn lower(model: &Model) -> (Api, Vec<Diagnostic>) {
    lower_with(model, super::Formats::Typed)
}

/// As [`lower`], with strings of a format typed as `formats` says.
pub fn lower_with(model: &Model, formats: super::Formats) -> (Api, Vec<Diagnostic>) {
    lower_custom(model, formats, &super::Customisation::default())
}

/// As [`lower_with`], with the types customised as `custom` says
/// (replaced, patched, renamed); a name in `custom` that matches nothing
/// is an error among the diagnostics.
pub fn lower_custom(
    model: &Model,
    formats: super::Formats,
    custom: &super::Customisation,
) -> (Api, Vec<Diagnostic>) {
    crate::stack::deep(|| lower_here(model, formats, custom))
}

fn lower_here(
    model: &Model,
    formats: super::Formats,
    custom: &super::Customisation,
) -> (Api, Vec<Diagnostic>) {
    let openapi = &model.openapi;
    let component_names = openapi.components.iter().flat_map(|c| c.schemas.keys());
    let refused = super::custom::check_replacements(custom, component_names);
    let mut space = TypeSpace::new(openapi, formats);
    space.replace(&custom.replace);
    space.lower_components();
    let mut checker = Checker::new(openapi);
    let mut checks = checker.components();
    // A replaced schema is the user's type: its `Deserialize` is its check.
    for name in custom.replace.keys() {
        checks.insert(name.clone(), Check::Any);
    }
    let schemes = security_schemes(openapi);
    let reserved: Vec<String> = RESERVED_METHODS
        .iter()
        .map(ToString::to_string)
        .chain(schemes.iter().map(|s| credential_setter(&s.rust)))
        .chain(schemes.iter().map(|s| token_setter(&s.rust)))
        .collect();
    let mut lowerer = Lowerer {
        openapi,
        paths: &model.paths,
        space,
        checker,
        warnings: Vec::new(),
        names: Namer::with_taken(&reserved.iter().map(String::as_str).collect::<Vec<_>>()),
        reserved,
        type_bases: Namer::with_taken(&["Client", "Credentials", "SERVERS", "types", "rt"]),
        wanted: wanted_names(&model.paths),
        component_responses: std::collections::BTreeMap::new(),
    };
    // Sized up front: an operation is about a kilobyte, and a doubling
    // vector of 10,000 of them would hold a third more than it uses.
    let count = model
        .paths
        .iter()
        .map(|entry| match &entry.item {
            ReferenceOr::Item(item) => item.iter().count(),
            ReferenceOr::Reference { .. } => 0,
        })
        .sum();
    let mut operations = Vec::with_capacity(count);
    for entry in &model.paths {
        let path = &entry.path;
        let pointer = join("#/paths", path);
        match &entry.item {
            ReferenceOr::Item(item) => {
                for (method, op) in item.iter() {
                    let at = join(&pointer, method);
                    operations.push(lowerer.operation(path, method, item, op, &schemes, &at));
                }
            }
            ReferenceOr::Reference { reference } => lowerer.warnings.push(Diagnostic::warning(
                pointer,
                format!("path item reference \"{reference}\" is not followed: its operations are not generated"),
            )),
        }
    }
    let events = super::events::lower(&mut lowerer, &operations, &schemes);
    let Lowerer {
        space,
        checker,
        mut warnings,
        reserved,
        ..
    } = lowerer;
    warnings.extend(refused);
    super::routes::assign(&mut operations, &mut warnings);
    let components = space.component_ids();
    let (types, events) = finish_types(space, &mut operations, events, &mut warnings);
    let (checker_warnings, pointed) = checker.finish();
    warnings.extend(checker_warnings);
    let mut checks = checks;
    checks.extend(pointed);
    let taken = reserved
        .into_iter()
        .chain(operations.iter().map(|op| op.name.clone()))
        .collect();
    let mut servers = environments(openapi, taken, &mut warnings);
    replaced_servers(&mut servers, &operations);
    let mut schemes = schemes;
    super::tokens::attach(openapi, &mut schemes, &operations, &mut warnings);
    super::paging::attach(&model.paths, &types, &mut operations, &mut warnings);
    let mut api = Api {
        title: openapi.info.title.clone(),
        version: openapi.info.version.clone(),
        description: openapi.info.description.clone(),
        servers,
        schemes,
        operations,
        types,
        tags: openapi
            .tags
            .iter()
            .map(|t| (t.name.clone(), t.description.clone()))
            .collect(),
        checks,
        signature: super::events::signature(openapi, &mut warnings),
        events,
        features: Default::default(),
    };
    if !custom.is_empty() {
        warnings.extend(super::custom::apply(&mut api, &components, custom));
    }
    (api, warnings)
}

/// The types, settled over the paths' operations and the events' alike.
fn finish_types(
    space: TypeSpace<'_>,
    operations: &mut Vec<Operation>,
    events: Vec<super::Event>,
    warnings: &mut Vec<Diagnostic>,
) -> (
    std::collections::BTreeMap<super::TypeId, super::TypeDef>,
    Vec<super::Event>,
) {
    let paths = operations.len();
    let (sources, event_ops): (Vec<_>, Vec<_>) =
        events.into_iter().map(|e| (e.source, e.operation)).unzip();
    operations.extend(event_ops);
    let (types, type_warnings) = space.finish(operations);
    warnings.extend(type_warnings);
    let events = sources
        .into_iter()
        .zip(operations.split_off(paths))
        .map(|(source, operation)| super::Event { source, operation })
        .collect();
    (types, events)
}

/// The lowering of operations: the types met so far, names taken, warnings.
pub(super) struct Lowerer<'a> {
    pub(super) openapi: &'a OpenAPI,
    /// The path items (not in `openapi`: see [`Model`]).
    pub(super) paths: &'a [crate::parse::PathEntry],
    space: TypeSpace<'a>,
    checker: Checker<'a>,
    pub(super) warnings: Vec<Diagnostic>,
    /// Method names taken.
    pub(super) names: Namer,
    /// The method names `names` started with taken ([`RESERVED_METHODS`]
    /// and the credential setters).
    reserved: Vec<String>,
    type_bases: Namer,
    /// The method name each path operation wants, by its pointer (see
    /// [`operation_names`]); events are named alone.
    wanted: std::collections::BTreeMap<String, String>,
    /// The bodies of `#/components/responses` met so far, by component
    /// name: lowered once, named after the component.
    component_responses: std::collections::BTreeMap<String, Vec<Content>>,
}

/// The method names the paths' operations want, by pointer: chosen over
/// all of them at once, since a name depends on the others (a prefix they
/// share, a name two of them take).
fn wanted_names(paths: &[crate::parse::PathEntry]) -> std::collections::BTreeMap<String, String> {
    let mut pointers = Vec::new();
    let mut sites = Vec::new();
    for entry in paths {
        let ReferenceOr::Item(item) = &entry.item else {
            continue;
        };
        for (method, op) in item.iter() {
            pointers.push(join(&join("#/paths", &entry.path), method));
            sites.push(OperationSite {
                operation_id: op.operation_id.as_deref(),
                method,
                path: &entry.path,
            });
        }
    }
    pointers.into_iter().zip(operation_names(&sites)).collect()
}

impl Lowerer<'_> {
    /// One operation of `item`, at `path`, named apart from the others.
    pub(super) fn operation(
        &mut self,
        path: &str,
        method: &str,
        item: &PathOperations,
        op: &Op,
        schemes: &[SecurityScheme],
        pointer: &str,
    ) -> Operation {
        let wanted = match self.wanted.get(pointer) {
            Some(wanted) => wanted.clone(),
            None => operation_name(op.operation_id.as_deref(), method, path),
        };
        let name = self.names.claim(&wanted);
        if name != wanted && self.reserved.contains(&wanted) {
            self.warnings.push(
                Diagnostic::warning(
                    pointer,
                    format!("`{wanted}` is a method every generated client or server already has: this operation's method is `{name}`"),
                )
                .with_hint("give the operation another operationId to choose its name"),
            );
        }
        let type_base = self.type_bases.claim(&type_name(&name));
        self.space.owner = Some(type_base.clone());
        let response_type = self.type_bases.claim(&format!("{type_base}Response"));
        let mut params = self.params(item, op, &type_base, pointer);
        self.undeclared_path_params(path, &mut params, pointer);
        let body = op
            .request_body
            .as_ref()
            .and_then(|b| self.body(b, &type_base, &join(pointer, "requestBody")));
        let responses = self.responses(op, &type_base, &join(pointer, "responses"));
        self.space.owner = None;
        let security = self.security(op, schemes, pointer);
        let scopes = scopes(op.security.as_ref().or(self.openapi.security.as_ref()));
        let servers = if op.servers.is_empty() {
            &item.servers
        } else {
            &op.servers
        };
        Operation {
            name,
            type_base,
            response_type,
            operation_id: op.operation_id.clone(),
            method: method.to_ascii_uppercase(),
            path: path.to_string(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            tags: op.tags.clone(),
            params,
            body,
            responses,
            security,
            scopes,
            servers: servers.iter().map(|s| server(s).url).collect(),
            server_environments: servers
                .iter()
                .filter_map(|s| {
                    let name = s.extensions.get(ENVIRONMENT_EXTENSION)?.as_str()?;
                    Some((field_name(name), server(s).url))
                })
                .collect(),
            paging: None,
            route: None,
        }
    }

    fn params(&mut self, item: &PathOperations, op: &Op, base: &str, pointer: &str) -> Vec<Param> {
        let mut merged: Vec<(Parameter, String)> = Vec::new();
        let path_item_pointer = pointer
            .rsplit_once('/')
            .map_or(pointer, |(p, _)| p)
            .to_string();
        let sources = [
            (&item.parameters, path_item_pointer.as_str()),
            (&op.parameters, pointer),
        ];
        for (list, at) in sources {
            for (i, p) in list.iter().enumerate() {
                let at = join(&join(at, "parameters"), &i.to_string());
                let Some(p) = self.resolve_param(p, &at) else {
                    continue;
                };
                let key = |q: &Parameter| (q.parameter_data_ref().name.clone(), location(q));
                merged.retain(|(q, _)| key(q) != key(&p));
                merged.push((p, at));
            }
        }
        let mut namer = Namer::with_taken(&[
            "client",
            "body",
            "send",
            "server",
            "credentials",
            "timeout",
            "retry",
            "options",
        ]);
        merged
            .iter()
            .map(|(p, at)| self.param(p, base, &mut namer, at))
            .collect()
    }

    /// A `{name}` in the path that no parameter declares becomes a required
    /// string parameter, with a warning: the request cannot be built without it.
    fn undeclared_path_params(&mut self, path: &str, params: &mut Vec<Param>, pointer: &str) {
        let mut rest = path;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            let name = &rest[start + 1..start + len];
            rest = &rest[start + len..];
            let declared = params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire == name);
            if declared {
                continue;
            }
            self.warn(
                pointer,
                format!("path parameter `{name}` is not declared: it is sent as a string"),
            );
            let taken: Vec<&str> = params.iter().map(|p| p.rust.as_str()).collect();
            let mut namer = Namer::with_taken(&taken);
            params.push(Param {
                rust: namer.claim(&field_name(name)),
                wire: name.to_string(),
                location: ParamLocation::Path,
                required: true,
                style: Style::Simple,
                explode: false,
                ty: TypeRef::Str,
                check: Check::Str(Default::default()),
                description: None,
                deprecated: false,
                idempotency_key: false,
            });
        }
    }

    fn resolve_param(&mut self, p: &ReferenceOr<Parameter>, pointer: &str) -> Option<Parameter> {
        match p {
            ReferenceOr::Item(p) => Some(p.clone()),
            ReferenceOr::Reference { reference } => {
                let found = component(reference, "parameters")
                    .and_then(|n| self.openapi.components.as_ref()?.parameters.get(&n))
                    .and_then(ReferenceOr::as_item)
                    .cloned();
                if found.is_none() {
                    self.warn(pointer, format!("parameter reference \"{reference}\" is not a component parameter: left out"));
                }
                found
            }
        }
    }

    fn param(&mut self, p: &Parameter, base: &str, namer: &mut Namer, pointer: &str) -> Param {
        let data = p.parameter_data_ref();
        let hint = nested_type_name(base, &data.name);
        let (ty, check) = match &data.format {
            ParameterSchemaOrContent::Schema(s) => {
                let at = join(pointer, "schema");
                (
                    self.space.lower(s, &hint, &at),
                    self.checker.check(s, &at, 0),
                )
            }
            ParameterSchemaOrContent::Content(c) => {
                match c.values().next().and_then(|m| m.schema.as_ref()) {
                    Some(s) => {
                        let at = join(pointer, "content");
                        (
                            self.space.lower(s, &hint, &at),
                            self.checker.check(s, &at, 0),
                        )
                    }
                    None => (TypeRef::Str, Check::Any),
                }
            }
        };
        let (style, explode, warnings) = styles::param_style(self.openapi, p, location(p), pointer);
        self.warnings.extend(warnings);
        let data_of = |s: &ReferenceOr<Schema>| s.as_item().map(|s| s.schema_data.clone());
        let schema_data = match &data.format {
            ParameterSchemaOrContent::Schema(s) => data_of(s),
            ParameterSchemaOrContent::Content(_) => None,
        };
        let ty = super::types::secret_by_name(ty, &data.name, schema_data.as_ref());
        let key_header = location(p) == ParamLocation::Header
            && (IDEMPOTENCY_HEADERS
                .iter()
                .any(|h| h.eq_ignore_ascii_case(&data.name))
                || data.extensions.get(IDEMPOTENCY_EXTENSION)
                    == Some(&serde_json::Value::Bool(true)));
        // A key the client fills itself stays a string, even when the spec
        // says it is a `uuid` (the generated key is one).
        let ty = match ty {
            TypeRef::Formatted(super::Formatted::Uuid) if key_header => TypeRef::Str,
            ty => ty,
        };
        let idempotency_key = key_header && ty == TypeRef::Str;
        Param {
            rust: namer.claim(&field_name(&data.name)),
            wire: data.name.clone(),
            location: location(p),
            required: data.required,
            style,
            explode,
            ty,
            check,
            description: data.description.clone(),
            deprecated: data.deprecated.unwrap_or(false),
            idempotency_key,
        }
    }

    fn body(&mut self, body: &ReferenceOr<RequestBody>, base: &str, pointer: &str) -> Option<Body> {
        let body = match body {
            ReferenceOr::Item(b) => b,
            ReferenceOr::Reference { reference } => {
                let found = component(reference, "requestBodies")
                    .and_then(|n| self.openapi.components.as_ref()?.request_bodies.get(&n))
                    .and_then(ReferenceOr::as_item);
                match found {
                    Some(b) => b,
                    None => {
                        self.warn(pointer, format!("request body reference \"{reference}\" is not a component: left out"));
                        return None;
                    }
                }
            }
        };
        let contents = self.contents(
            &body.content,
            &format!("{base}Request"),
            &join(pointer, "content"),
        );
        Some(Body {
            required: body.required,
            description: body.description.clone(),
            contents,
        })
    }

    fn contents(
        &mut self,
        content: &indexmap::IndexMap<String, MediaType>,
        hint: &str,
        pointer: &str,
    ) -> Vec<Content> {
        let mut out: Vec<Content> = Vec::with_capacity(content.len());
        let mut media: Vec<(&String, &MediaType)> = content.iter().collect();
        media.sort_by_key(|(m, _)| *m != "application/json");
        for (media_type, mt) in media {
            let encoding = encoding(media_type);
            if out.iter().any(|c| c.encoding == encoding) {
                continue;
            }
            let at = join(&join(pointer, media_type), "schema");
            let ty = match (encoding, &mt.schema) {
                (Encoding::Binary, _) => TypeRef::Binary,
                (Encoding::Text, _) => TypeRef::Str,
                (_, None) => TypeRef::Json,
                (Encoding::Multipart, Some(s)) => {
                    self.space.binary_strings = true;
                    let ty = self.space.lower_owned(s, hint, &at);
                    self.space.binary_strings = false;
                    ty
                }
                (_, Some(s)) => self.space.lower_owned(s, hint, &at),
            };
            let check = match (encoding, &mt.schema) {
                (Encoding::Json | Encoding::Form, Some(s)) => self.checker.check(s, &at, 0),
                _ => Check::Any,
            };
            let encodings = match encoding {
                Encoding::Form | Encoding::Multipart => styles::encodings(&mt.encoding),
                _ => Vec::new(),
            };
            out.push(Content {
                media_type: media_type.clone(),
                encoding,
                ty,
                check,
                encodings,
            });
        }
        out
    }

    fn responses(&mut self, op: &Op, base: &str, pointer: &str) -> Vec<Response> {
        let mut out = Vec::new();
        let all = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| (status(code), r))
            .chain(op.responses.default.iter().map(|r| (Status::Default, r)));
        for (status, r) in all {
            let key = match status {
                Status::Code(c) => c.to_string(),
                Status::Range(r) => format!("{r}XX"),
                Status::Default => "default".to_string(),
            };
            let at = join(pointer, &key);
            let Some((r, contents)) = self.response(r, status, base, &at) else {
                continue;
            };
            out.push(Response {
                status,
                description: r.description.clone(),
                contents,
                headers: r
                    .headers
                    .iter()
                    .map(|(name, h)| {
                        (
                            name.clone(),
                            h.as_item().and_then(|h| h.description.clone()),
                        )
                    })
                    .collect(),
            });
        }
        out.sort_by_key(|r| r.status);
        out
    }

    /// The response `r` means and its bodies: an operation's own are named
    /// after the operation and status (`GetAnAlbumUnauthorized`); those of
    /// a component response after the component (`TooManyRequests`), once
    /// for every operation that refers to it.
    fn response(
        &mut self,
        r: &ReferenceOr<Resp>,
        status: Status,
        base: &str,
        pointer: &str,
    ) -> Option<(Resp, Vec<Content>)> {
        let reference = match r {
            ReferenceOr::Item(r) => {
                let word = match status {
                    Status::Code(c) => status_name(c),
                    Status::Range(r) => format!("Status{r}xx"),
                    Status::Default => "Default".to_string(),
                };
                let contents = self.contents(
                    &r.content,
                    &format!("{base}{word}"),
                    &join(pointer, "content"),
                );
                return Some((r.clone(), contents));
            }
            ReferenceOr::Reference { reference } => reference,
        };
        let found = component(reference, "responses").and_then(|n| {
            let r = self.openapi.components.as_ref()?.responses.get(&n)?;
            Some((n, r.as_item()?.clone()))
        });
        let Some((name, r)) = found else {
            self.warn(
                pointer,
                format!("response reference \"{reference}\" is not a component response: left out"),
            );
            return None;
        };
        if let Some(contents) = self.component_responses.get(&name) {
            return Some((r, contents.clone()));
        }
        let hint = self.space.free_name(&type_name(&name), "Response");
        let owner = self.space.owner.take();
        let at = join(&join("#/components/responses", &name), "content");
        let contents = self.contents(&r.content, &hint, &at);
        self.space.owner = owner;
        self.component_responses.insert(name, contents.clone());
        Some((r, contents))
    }

    fn security(&mut self, op: &Op, schemes: &[SecurityScheme], pointer: &str) -> Vec<Vec<String>> {
        let requirements = op.security.as_ref().or(self.openapi.security.as_ref());
        let Some(requirements) = requirements else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for requirement in requirements {
            let names: Vec<String> = requirement.keys().cloned().collect();
            if let Some(missing) = names
                .iter()
                .find(|n| !schemes.iter().any(|s| &s.wire == *n))
            {
                self.warn(
                    &join(pointer, "security"),
                    format!("security scheme `{missing}` is not defined or not supported: that alternative is left out"),
                );
                continue;
            }
            out.push(names);
        }
        out
    }

    fn warn(&mut self, pointer: &str, message: String) {
        self.warnings.push(Diagnostic::warning(pointer, message));
    }
}

/// The component name of a `#/components/<section>/<name>` reference.
fn component(reference: &str, section: &str) -> Option<String> {
    let name = reference
        .strip_prefix("#/components/")?
        .strip_prefix(section)?
        .strip_prefix('/')?;
    Some(name.replace("~1", "/").replace("~0", "~"))
}

fn location(p: &Parameter) -> ParamLocation {
    match p {
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

fn encoding(media_type: &str) -> Encoding {
    let m = media_type.to_ascii_lowercase();
    let essence = m.split(';').next().unwrap_or("").trim();
    if essence == "application/json"
        || essence.ends_with("+json")
        || essence == "text/json"
        || essence == "*/*"
    {
        Encoding::Json
    } else if essence == "application/x-www-form-urlencoded" {
        Encoding::Form
    } else if essence.starts_with("multipart/") {
        Encoding::Multipart
    } else if essence.starts_with("text/") || essence.ends_with("xml") || essence.ends_with("csv") {
        Encoding::Text
    } else {
        Encoding::Binary
    }
}

fn status(code: &StatusCode) -> Status {
    match code {
        StatusCode::Code(c) => Status::Code(*c),
        StatusCode::Range(r) => Status::Range(*r),
    }
}

fn server(s: &openapiv3::Server) -> Server {
    let mut url = s.url.clone();
    if let Some(vars) = &s.variables {
        for (name, var) in vars {
            url = url.replace(&format!("{{{name}}}"), &var.default);
        }
    }
    Server {
        url,
        description: s.description.clone(),
        environment: None,
        replaces: Vec::new(),
    }
}

/// Header names taken for idempotency keys.
const IDEMPOTENCY_HEADERS: &[&str] = &["Idempotency-Key", "X-Idempotency-Key"];

/// The extension marking a header parameter as an idempotency key.
pub const IDEMPOTENCY_EXTENSION: &str = "x-paylink-idempotency-key";

/// The extension naming a server's environment.
pub const ENVIRONMENT_EXTENSION: &str = "x-paylink-environment";

/// The spec's servers, each with its environment constructor's name where
/// it declares one that is usable: an absolute URL, and a name not in
/// `taken` (the client's reserved methods and setters, the operations) nor
/// another environment's.
fn environments(
    openapi: &OpenAPI,
    mut taken: Vec<String>,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<Server> {
    let mut servers = Vec::new();
    for (i, s) in openapi.servers.iter().enumerate() {
        let mut lowered = server(s);
        let Some(raw) = s.extensions.get(ENVIRONMENT_EXTENSION) else {
            servers.push(lowered);
            continue;
        };
        let pointer = join(&format!("#/servers/{i}"), ENVIRONMENT_EXTENSION);
        match environment_name(raw, &lowered.url, &taken) {
            Ok(name) => {
                taken.push(name.clone());
                lowered.environment = Some(name);
            }
            Err(why) => warnings.push(
                Diagnostic::warning(pointer, format!("no constructor for this server: {why}"))
                    .with_hint("name the environment with a short word such as `sandbox` or `production`, unique in the spec"),
            ),
        }
        servers.push(lowered);
    }
    servers
}

/// Each environment's replacements of operation servers: an operation
/// whose own servers name the environment is sent there instead of to its
/// first server.
fn replaced_servers(servers: &mut [Server], operations: &[Operation]) {
    for server in servers.iter_mut() {
        let Some(environment) = &server.environment else {
            continue;
        };
        for op in operations {
            let Some(default) = op.servers.iter().find(|u| u.starts_with("http")) else {
                continue;
            };
            let tagged = op
                .server_environments
                .iter()
                .find(|(e, _)| e == environment);
            if let Some((_, url)) =
                tagged.filter(|(_, url)| url != default && url.starts_with("http"))
            {
                let pair = (default.clone(), url.clone());
                if !server.replaces.contains(&pair) {
                    server.replaces.push(pair);
                }
            }
        }
    }
}

/// The constructor name of an environment, or why there is none.
fn environment_name(
    raw: &serde_json::Value,
    url: &str,
    taken: &[String],
) -> Result<String, String> {
    let Some(text) = raw.as_str() else {
        return Err(format!("`{ENVIRONMENT_EXTENSION}` is not a string"));
    };
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!("its URL `{url}` is not absolute"));
    }
    let name = crate::naming::field_name(text);
    if name.is_empty() || name.starts_with("r#") || name.starts_with('_') {
        return Err(format!("`{text}` makes no method name"));
    }
    if taken.contains(&name) {
        return Err(format!("`{name}` is already a method of the client"));
    }
    Ok(name)
}

fn security_schemes(openapi: &OpenAPI) -> Vec<SecurityScheme> {
    let Some(components) = &openapi.components else {
        return Vec::new();
    };
    let mut namer = Namer::default();
    let mut out = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let Some(scheme) = scheme.as_item() else {
            continue;
        };
        let (kind, description) = match scheme {
            Scheme::APIKey {
                location,
                name,
                description,
                ..
            } => {
                let location = match location {
                    APIKeyLocation::Query => ParamLocation::Query,
                    APIKeyLocation::Header => ParamLocation::Header,
                    APIKeyLocation::Cookie => ParamLocation::Cookie,
                };
                (
                    SchemeKind::ApiKey {
                        location,
                        name: name.clone(),
                    },
                    description,
                )
            }
            Scheme::HTTP {
                scheme,
                description,
                ..
            } => match scheme.to_ascii_lowercase().as_str() {
                "bearer" => (SchemeKind::Bearer, description),
                "basic" => (SchemeKind::Basic, description),
                other => (SchemeKind::OtherHttp(other.to_string()), description),
            },
            Scheme::OAuth2 { description, .. } | Scheme::OpenIDConnect { description, .. } => {
                (SchemeKind::Bearer, description)
            }
        };
        out.push(SecurityScheme {
            wire: name.clone(),
            rust: namer.claim(&field_name(name)),
            kind,
            description: description.clone(),
            token: None,
        });
    }
    out
}

/// The scopes each scheme is named with across the requirements, in
/// order, without repeats.
fn scopes(
    requirements: Option<&Vec<openapiv3::SecurityRequirement>>,
) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for requirement in requirements.into_iter().flatten() {
        for (scheme, names) in requirement.iter().filter(|(_, n)| !n.is_empty()) {
            let at = match out.iter().position(|(s, _)| s == scheme) {
                Some(at) => at,
                None => {
                    out.push((scheme.clone(), Vec::new()));
                    out.len() - 1
                }
            };
            for name in names {
                if !out[at].1.contains(name) {
                    out[at].1.push(name.clone());
                }
            }
        }
    }
    out
}
