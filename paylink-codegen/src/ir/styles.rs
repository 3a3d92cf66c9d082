//! How parameters and body properties are written: each parameter's
//! `style` and `explode` (the spec's defaults filled in), the `encoding`
//! entries of form and multipart bodies, and a located warning for every
//! combination the style table does not define, saying how the value is
//! written instead. Nothing changes silently.

use indexmap::IndexMap;
use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr, Schema,
    SchemaKind, Type,
};

use super::{ParamLocation, PropertyEncoding, Style};
use crate::diagnostic::Diagnostic;

/// The shape of a parameter's value, as far as styles care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// A string, number or boolean.
    Primitive,
    /// An array; `nested` when its items are arrays or objects.
    Array { nested: bool },
    /// An object; `nested` when a property is an array or an object.
    Object { nested: bool },
    /// Not known from the schema (a union, say).
    Unknown,
}

/// A schema through `#/components/schemas` references (a few hops at most).
fn resolve<'a>(openapi: &'a OpenAPI, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
    let mut current = schema;
    for _ in 0..16 {
        match current {
            ReferenceOr::Item(s) => return Some(s),
            ReferenceOr::Reference { reference } => {
                let name = super::nullable::component_name(reference)?;
                current = openapi.components.as_ref()?.schemas.get(&name)?;
            }
        }
    }
    None
}

fn boxed_ref(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Item(s) => ReferenceOr::Item((**s).clone()),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
    }
}

/// The shape of `schema`, looking one level down for nesting.
fn shape(openapi: &OpenAPI, schema: &ReferenceOr<Schema>, depth: u8) -> Shape {
    let Some(s) = resolve(openapi, schema) else {
        return Shape::Unknown;
    };
    let compound = |child: &ReferenceOr<Schema>| {
        depth == 0
            && matches!(
                shape(openapi, child, depth + 1),
                Shape::Array { .. } | Shape::Object { .. }
            )
    };
    match &s.schema_kind {
        SchemaKind::Type(Type::Array(a)) => Shape::Array {
            nested: a.items.as_ref().is_some_and(|i| compound(&boxed_ref(i))),
        },
        SchemaKind::Type(Type::Object(o)) => Shape::Object {
            nested: o.properties.values().any(|p| compound(&boxed_ref(p)))
                || matches!(&o.additional_properties, Some(openapiv3::AdditionalProperties::Schema(p)) if compound(p)),
        },
        SchemaKind::Type(_) => Shape::Primitive,
        SchemaKind::Any(any) if any.items.is_some() || any.typ.as_deref() == Some("array") => {
            Shape::Array {
                nested: any.items.as_ref().is_some_and(|i| compound(&boxed_ref(i))),
            }
        }
        SchemaKind::Any(any)
            if !any.properties.is_empty() || any.typ.as_deref() == Some("object") =>
        {
            Shape::Object {
                nested: any.properties.values().any(|p| compound(&boxed_ref(p))),
            }
        }
        _ => Shape::Unknown,
    }
}

/// The style of `p`, its `explode`, and the warnings its combination
/// calls for.
pub(super) fn param_style(
    openapi: &OpenAPI,
    p: &Parameter,
    location: ParamLocation,
    pointer: &str,
) -> (Style, bool, Vec<Diagnostic>) {
    let data = p.parameter_data_ref();
    let (style, default_explode) = declared(p);
    let explode = data.explode.unwrap_or(default_explode);
    let what = format!("{} parameter `{}`", location_word(location), data.name);
    let schema = match &data.format {
        ParameterSchemaOrContent::Schema(s) => s.clone(),
        ParameterSchemaOrContent::Content(content) => {
            return content_style(openapi, content, style, explode, &what, pointer);
        }
    };
    let shape = shape(openapi, &schema, 0);
    let notes = notes(style, explode, data.explode, shape, location);
    let warnings = notes
        .into_iter()
        .map(|note| Diagnostic::warning(pointer, format!("{what}: {note}")))
        .collect();
    (style, explode, warnings)
}

/// A `content` parameter: JSON text for a JSON media type; otherwise the
/// location's default style, with a warning when the value is not a
/// primitive.
fn content_style(
    openapi: &OpenAPI,
    content: &IndexMap<String, openapiv3::MediaType>,
    style: Style,
    explode: bool,
    what: &str,
    pointer: &str,
) -> (Style, bool, Vec<Diagnostic>) {
    let Some((media, mt)) = content.iter().next() else {
        return (style, explode, Vec::new());
    };
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        return (Style::Json, false, Vec::new());
    }
    let shape = mt
        .schema
        .as_ref()
        .map_or(Shape::Unknown, |s| shape(openapi, s, 0));
    let warnings = match shape {
        Shape::Array { .. } | Shape::Object { .. } => vec![Diagnostic::warning(
            pointer,
            format!("{what}: content `{media}` has no serialization for arrays and objects; the value is written in the location's default style"),
        )],
        _ => Vec::new(),
    };
    (style, explode, warnings)
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// The declared style and its default `explode`.
fn declared(p: &Parameter) -> (Style, bool) {
    match p {
        Parameter::Query { style, .. } => match style {
            QueryStyle::Form => (Style::Form, true),
            QueryStyle::SpaceDelimited => (Style::SpaceDelimited, false),
            QueryStyle::PipeDelimited => (Style::PipeDelimited, false),
            QueryStyle::DeepObject => (Style::DeepObject, true),
        },
        Parameter::Path { style, .. } => match style {
            PathStyle::Simple => (Style::Simple, false),
            PathStyle::Label => (Style::Label, false),
            PathStyle::Matrix => (Style::Matrix, false),
        },
        Parameter::Header { .. } => (Style::Simple, false),
        Parameter::Cookie { .. } => (Style::Form, true),
    }
}

/// What the style table does not define for this combination, and how the
/// value is written instead.
fn notes(
    style: Style,
    explode: bool,
    given_explode: Option<bool>,
    shape: Shape,
    location: ParamLocation,
) -> Vec<String> {
    let compound = matches!(shape, Shape::Array { .. } | Shape::Object { .. });
    let mut out = Vec::new();
    match style {
        Style::DeepObject if shape == Shape::Primitive => out.push(
            "style `deepObject` is defined for objects only; the value is written as `form` (`name=value`)".to_string(),
        ),
        Style::DeepObject if given_explode == Some(false) => out.push(
            "style `deepObject` is defined with `explode: true` only; the value is written exploded (`name[key]=value`)".to_string(),
        ),
        Style::SpaceDelimited | Style::PipeDelimited if shape == Shape::Primitive => out.push(format!(
            "style `{}` is defined for arrays and objects only; the value is written as `form` (`name=value`)",
            style_word(style)
        )),
        Style::SpaceDelimited | Style::PipeDelimited if explode && compound => out.push(format!(
            "style `{}` is not defined with `explode: true`; the value is written as `form` exploded (`name=a&name=b`)",
            style_word(style)
        )),
        Style::Form if location == ParamLocation::Cookie && explode && compound => out.push(
            "a cookie has no exploded `form` spelling for arrays and objects; the value is written with `explode: false` (`name=a,b`)".to_string(),
        ),
        _ => {}
    }
    let nested = matches!(
        shape,
        Shape::Array { nested: true } | Shape::Object { nested: true }
    );
    if nested && style != Style::DeepObject {
        out.push(format!(
            "style `{}` has no spelling for nested arrays and objects; each nested value is written as JSON text",
            style_word(style)
        ));
    }
    out
}

fn style_word(style: Style) -> &'static str {
    match style {
        Style::Simple => "simple",
        Style::Label => "label",
        Style::Matrix => "matrix",
        Style::Form => "form",
        Style::SpaceDelimited => "spaceDelimited",
        Style::PipeDelimited => "pipeDelimited",
        Style::DeepObject => "deepObject",
        Style::Json => "json",
    }
}

/// The `encoding` entries of a form or multipart media type.
pub(super) fn encodings(encoding: &IndexMap<String, openapiv3::Encoding>) -> Vec<PropertyEncoding> {
    encoding
        .iter()
        .map(|(property, e)| PropertyEncoding {
            property: property.clone(),
            style: e.style.as_ref().map(|s| {
                let style = match s {
                    QueryStyle::Form => Style::Form,
                    QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                    QueryStyle::PipeDelimited => Style::PipeDelimited,
                    QueryStyle::DeepObject => Style::DeepObject,
                };
                (style, e.explode)
            }),
            content_type: e.content_type.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::generate::{generate_str, Options};

    const SPEC: &str = r#"
openapi: 3.1.0
info: {title: Styles, version: "1"}
paths:
  /x/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, style: label, schema: {type: array, items: {type: string}}}
        - {name: fine, in: query, schema: {type: array, items: {type: string}}}
        - {name: deep_ok, in: query, style: deepObject, schema: {type: object, properties: {a: {type: string}}}}
        - {name: deep_one, in: query, style: deepObject, schema: {type: string}}
        - {name: deep_flat, in: query, style: deepObject, explode: false, schema: {type: object}}
        - {name: piped, in: query, style: pipeDelimited, explode: true, schema: {type: array, items: {type: string}}}
        - {name: spaced, in: query, style: spaceDelimited, schema: {type: integer}}
        - {name: nested, in: query, schema: {type: array, items: {type: object}}}
        - {name: crumbs, in: cookie, schema: {type: array, items: {type: string}}}
        - {name: filter, in: query, content: {application/json: {schema: {type: object}}}}
      responses:
        "204": {description: ok}
  /y:
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                a: {type: array, items: {type: string}}
                b: {type: array, items: {type: string}}
                c: {type: object}
                d: {type: array, items: {type: string}}
            encoding:
              a: {style: form}
              b: {explode: false}
              c: {contentType: application/json}
              d: {style: matrix}
      responses:
        "204": {description: ok}
"#;

    fn generated() -> crate::generate::Generated {
        let options = Options {
            runtime: "paylink::codegen".into(),
            ..Options::default()
        };
        generate_str("styles.yaml", SPEC, &options).expect("generates")
    }

    #[test]
    fn combinations_the_table_does_not_define_are_located_warnings_naming_the_parameter() {
        let warnings = generated().warnings;
        let about = |name: &str| -> Vec<String> {
            warnings
                .iter()
                .filter(|w| w.message.contains(&format!("parameter `{name}`")))
                .map(|w| format!("{} {}", w.pointer, w.message))
                .collect()
        };
        for fine in ["id", "fine", "deep_ok", "filter"] {
            assert!(about(fine).is_empty(), "{fine}: {:?}", about(fine));
        }
        let expected = [
            (
                "deep_one",
                3,
                "defined for objects only; the value is written as `form`",
            ),
            (
                "deep_flat",
                4,
                "`explode: true` only; the value is written exploded",
            ),
            (
                "piped",
                5,
                "not defined with `explode: true`; the value is written as `form` exploded",
            ),
            ("spaced", 6, "defined for arrays and objects only"),
            ("nested", 7, "each nested value is written as JSON text"),
            ("crumbs", 8, "written with `explode: false`"),
        ];
        for (name, index, text) in expected {
            let found = about(name);
            assert_eq!(found.len(), 1, "{name}: {found:?}");
            let pointer = format!("#/paths/~1x~1{{id}}/get/parameters/{index} ");
            assert!(found[0].starts_with(&pointer), "{found:?}");
            assert!(found[0].contains(text), "{found:?}");
        }
        let located = warnings
            .iter()
            .filter(|w| w.message.contains("parameter `"));
        assert!(located.clone().count() == 6 && located.into_iter().all(|w| w.location.is_some()));
    }

    #[test]
    fn encoding_entries_reach_the_client_with_the_spec_defaults() {
        let generated = generated();
        let code = generated.code.replace(char::is_whitespace, "");
        let entry = |name: &str, style: &str, content_type: &str| {
            format!(
                "rt::FieldEncoding{{name:\"{name}\",style:{style},content_type:{content_type},}}"
            )
        };
        let form = |explode: bool| format!("Some((rt::QueryStyle::Form,{explode}))");
        assert!(code.contains(&entry("a", &form(true), "None")), "{code}");
        assert!(code.contains(&entry("b", &form(false), "None")));
        assert!(code.contains(&entry("c", "None", "Some(\"application/json\")")));
        assert!(
            code.contains(&entry("d", "None", "None")),
            "an unknown style is set aside"
        );
        let set_aside = generated
            .warnings
            .iter()
            .find(|w| w.pointer == "#/paths/~1y/post/requestBody/content/application~1x-www-form-urlencoded/encoding/d/style");
        assert!(
            set_aside.is_some_and(|w| w.message.contains("style `matrix`")),
            "{:?}",
            generated.warnings
        );
    }
}
