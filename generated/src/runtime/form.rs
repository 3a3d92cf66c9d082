//! Request bodies written by the client itself rather than by `reqwest`:
//! `application/x-www-form-urlencoded` bodies with nested objects and arrays,
//! `multipart/form-data` fields, and JSON bodies, each honouring the
//! spec's `encoding` object, and each failing with [`Error::InvalidBody`]
//! before anything is sent.
//!
//! A form body property is written, in this order of precedence:
//! - with the `style` and `explode` of its `encoding` entry, as the style
//!   table says (`deepObject` nests: `line_items[0][price]=price_123`);
//! - as its `encoding` entry's `contentType` says: JSON text for a JSON
//!   type, the scalar as text otherwise;
//! - without an entry: a scalar as `name=value`, an object or array in
//!   brackets, arrays indexed (`metadata[order]=7`, `tags[0]=a`), the way
//!   form-reading APIs (Stripe's among them) read nested values.
//!
//! The pairs are then percent-encoded whole, brackets and delimiters
//! included (`line_items%5B0%5D%5Bprice%5D=price_123`): that is what the
//! `application/x-www-form-urlencoded` serializer writes for `[`, `]`, `,`
//! and `|`, and every form decoder reads them back before it looks for
//! structure. A space is `%20` rather than `+`: both mean a space to a form
//! decoder, and `%20` also to decoders that follow RFC 3986 only.

use serde::Serialize;
use serde_json::Value;

use super::encode::{escape, Pairs, Spelling};
use super::{Error, QueryStyle};

/// How one property of a form or multipart body is written: the spec's
/// `encoding` entry for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldEncoding {
    /// The property's name on the wire.
    pub name: &'static str,
    /// `style` with the `explode` that goes with it, when the entry gives
    /// either (the spec's defaults filled in).
    pub style: Option<(QueryStyle, bool)>,
    /// `contentType`, when given.
    pub content_type: Option<&'static str>,
}

fn to_value(value: &impl Serialize) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::InvalidBody {
        message: e.to_string(),
    })
}

/// Whether a media type is JSON (`application/json`, `*/*+json`).
fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence.to_ascii_lowercase().ends_with("+json")
}

/// A JSON body's bytes.
pub fn json_body(body: &impl Serialize) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(body).map_err(|e| Error::InvalidBody {
        message: e.to_string(),
    })
}

/// One property's pairs, as its encoding entry says.
fn property(pairs: &mut Pairs, name: &str, value: &Value, encoding: Option<&FieldEncoding>) {
    match (
        encoding.and_then(|e| e.style),
        encoding.and_then(|e| e.content_type),
    ) {
        (Some((style, explode)), _) => pairs.styled(name, value, style, explode),
        (None, Some(media)) if is_json(media) => {
            pairs.scalar(name, &Value::String(value.to_string()));
        }
        (None, _) => match value {
            Value::Array(_) | Value::Object(_) => pairs.deep(name.to_string(), value, false),
            scalar => pairs.scalar(name, scalar),
        },
    }
}

/// An `application/x-www-form-urlencoded` body: each property of `body`
/// (an object) written as its entry in `encodings` says. A property that
/// is `null` is sent empty (`name=`).
pub fn form_body(body: &impl Serialize, encodings: &[FieldEncoding]) -> Result<String, Error> {
    let Value::Object(map) = to_value(body)? else {
        return Err(Error::InvalidBody {
            message: "a form body must be an object".to_string(),
        });
    };
    let mut pairs = Pairs::new(Spelling::Raw);
    for (name, value) in &map {
        let encoding = encodings.iter().find(|e| e.name == name);
        property(&mut pairs, name, value, encoding);
    }
    Ok(pairs
        .list
        .iter()
        .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
        .collect::<Vec<_>>()
        .join("&"))
}

/// A text part with `media_type` when one is given.
fn text_part(text: String, media_type: Option<&str>) -> Result<reqwest::multipart::Part, Error> {
    let part = reqwest::multipart::Part::text(text);
    match media_type {
        None => Ok(part),
        Some(m) => part.mime_str(m).map_err(|_| Error::InvalidBody {
            message: "an encoding's content type is not a valid media type".to_string(),
        }),
    }
}

/// One value as a part: JSON (typed `application/json`) for objects and
/// arrays and for a JSON `content_type`, text otherwise.
fn value_part(
    value: &Value,
    content_type: Option<&str>,
) -> Result<reqwest::multipart::Part, Error> {
    let compound = matches!(value, Value::Array(_) | Value::Object(_));
    match content_type {
        Some(m) if is_json(m) || compound => text_part(value.to_string(), Some(m)),
        Some(m) => text_part(super::encode::text(value), Some(m)),
        None if compound => text_part(value.to_string(), Some("application/json")),
        None => text_part(super::encode::text(value), None),
    }
}

/// Adds the non-binary field `name` of a multipart body: with a `style`
/// in its encoding, one text part per pair of that style (`meta[a]`,
/// `meta[b]`); otherwise one part per array item, or one part, written as
/// its `contentType` says (objects default to JSON parts). `null` adds
/// nothing.
pub fn multipart_field(
    mut form: reqwest::multipart::Form,
    name: &str,
    value: &impl Serialize,
    encoding: Option<&FieldEncoding>,
) -> Result<reqwest::multipart::Form, Error> {
    let value = to_value(value)?;
    let content_type = encoding.and_then(|e| e.content_type);
    if let Some((style, explode)) = encoding.and_then(|e| e.style) {
        let mut pairs = Pairs::new(Spelling::Raw);
        pairs.styled(name, &value, style, explode);
        for (k, v) in pairs.list {
            form = form.part(k, text_part(v, content_type)?);
        }
        return Ok(form);
    }
    match &value {
        Value::Null => {}
        Value::Array(items) => {
            for item in items {
                form = form.part(name.to_string(), value_part(item, content_type)?);
            }
        }
        other => form = form.part(name.to_string(), value_part(other, content_type)?),
    }
    Ok(form)
}

/// A file part named after its field, typed with the encoding's
/// `contentType` when one is given.
pub fn file_part(
    bytes: Vec<u8>,
    name: &str,
    content_type: Option<&str>,
) -> Result<reqwest::multipart::Part, Error> {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_string());
    match content_type {
        None => Ok(part),
        Some(m) => part.mime_str(m).map_err(|_| Error::InvalidBody {
            message: "an encoding's content type is not a valid media type".to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const DEEP: QueryStyle = QueryStyle::DeepObject;

    fn enc(name: &'static str, style: Option<(QueryStyle, bool)>) -> FieldEncoding {
        FieldEncoding {
            name,
            style,
            content_type: None,
        }
    }

    #[test]
    fn flat_bodies() {
        let body = json!({"amount": 100, "currency": "eur", "note": "a b+c&d=e", "paid": false});
        assert_eq!(
            form_body(&body, &[]).unwrap(),
            "amount=100&currency=eur&note=a%20b%2Bc%26d%3De&paid=false"
        );
    }

    #[test]
    fn nested_objects_and_arrays_of_objects() {
        let body = json!({
            "line_items": [{"price": "price_123", "quantity": 1}, {"price": "p 2", "quantity": 3}],
            "metadata": {"order": "7"},
            "mode": "payment"
        });
        let encodings = [
            enc("line_items", Some((DEEP, true))),
            enc("metadata", Some((DEEP, true))),
        ];
        let expected = "line_items%5B0%5D%5Bprice%5D=price_123&line_items%5B0%5D%5Bquantity%5D=1\
                        &line_items%5B1%5D%5Bprice%5D=p%202&line_items%5B1%5D%5Bquantity%5D=3\
                        &metadata%5Border%5D=7&mode=payment";
        assert_eq!(form_body(&body, &encodings).unwrap(), expected);
        assert_eq!(
            form_body(&body, &[]).unwrap(),
            expected,
            "brackets without an entry too"
        );
    }

    #[test]
    fn encoding_overrides() {
        let body = json!({
            "tags": ["a", "b,c"],
            "piped": ["x", "y"],
            "spaced": ["x", "y"],
            "shape": {"R": 1, "G": 2},
            "flat": {"R": 1, "G": 2},
            "json": {"k": [1]},
            "nothing": null
        });
        let mut json = enc("json", None);
        json.content_type = Some("application/json");
        let encodings = [
            enc("tags", Some((QueryStyle::Form, true))),
            enc("piped", Some((QueryStyle::PipeDelimited, false))),
            enc("spaced", Some((QueryStyle::SpaceDelimited, false))),
            enc("shape", Some((QueryStyle::Form, false))),
            enc("flat", Some((QueryStyle::Form, true))),
            json,
        ];
        assert_eq!(
            form_body(&body, &encodings).unwrap(),
            "tags=a&tags=b%2Cc&piped=x%7Cy&spaced=x%20y&shape=R%2C1%2CG%2C2&R=1&G=2\
             &json=%7B%22k%22%3A%5B1%5D%7D&nothing="
        );
    }

    #[test]
    fn a_body_that_is_not_an_object_is_an_error_before_sending() {
        let err = form_body(&json!([1, 2]), &[]).unwrap_err();
        assert!(matches!(err, Error::InvalidBody { .. }), "{err:?}");
        let mut bad = std::collections::HashMap::new();
        bad.insert((1, 2), 3);
        assert!(matches!(json_body(&bad), Err(Error::InvalidBody { .. })));
    }
}
