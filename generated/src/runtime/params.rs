//! Writing parameters as OpenAPI's `style` and `explode` say: path segments
//! (`simple`), query strings (`form`, `spaceDelimited`, `pipeDelimited`,
//! `deepObject`) and headers (`simple`).

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::Serialize;
use serde_json::Value;

use super::Error;

/// Characters escaped in a path segment (RFC 3986 `pchar` keeps the rest).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^')
    .add(b'[')
    .add(b']');

/// How a query parameter is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryStyle {
    /// `a=1&a=2` (explode) or `a=1,2`.
    Form,
    /// `a=1%202`.
    SpaceDelimited,
    /// `a=1|2`.
    PipeDelimited,
    /// `a[x]=1&a[y]=2`.
    DeepObject,
}

fn to_value(name: &str, value: &impl Serialize) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::InvalidParameter {
        name: name.to_string(),
        message: e.to_string(),
    })
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A value in `simple` style: scalars as is, lists comma-joined, objects as
/// `key,value,...` (or `key=value,...` exploded).
fn simple(v: &Value, explode: bool) -> String {
    match v {
        Value::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(","),
        Value::Object(map) => {
            let sep = if explode { "=" } else { "," };
            map.iter()
                .map(|(k, v)| format!("{k}{sep}{}", scalar(v)))
                .collect::<Vec<_>>()
                .join(",")
        }
        other => scalar(other),
    }
}

/// A path parameter, percent-encoded for one path segment. `.` and `..`
/// are refused: URL parsing would resolve them (even escaped) and send the
/// request to another resource.
pub fn path_param(name: &str, value: &impl Serialize) -> Result<String, Error> {
    let text = simple(&to_value(name, value)?, false);
    if text == "." || text == ".." {
        return Err(Error::InvalidParameter {
            name: name.to_string(),
            message: format!("`{text}` cannot be a path segment"),
        });
    }
    Ok(utf8_percent_encode(&text, SEGMENT).to_string())
}

/// A header parameter in `simple` style; text a header cannot carry (a
/// line break, say) is refused before anything is sent.
pub fn header_value(name: &str, value: &impl Serialize, explode: bool) -> Result<String, Error> {
    let text = simple(&to_value(name, value)?, explode);
    match reqwest::header::HeaderValue::from_str(&text) {
        Ok(_) => Ok(text),
        Err(_) => Err(Error::InvalidParameter {
            name: name.to_string(),
            message: "the value cannot be sent in an HTTP header".to_string(),
        }),
    }
}

/// Bytes escaped in a cookie value: everything RFC 6265's `cookie-octet`
/// leaves out (controls, space, `"`, `,`, `;`, `\\`) and `%` itself, so
/// that a value cannot end its cookie and add another (`x; admin=1`).
const COOKIE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// A cookie value (`form` style, not exploded), percent-encoded; the
/// generated server decodes it again.
pub fn cookie_value(name: &str, value: &impl Serialize) -> Result<String, Error> {
    let text = simple(&to_value(name, value)?, false);
    Ok(utf8_percent_encode(&text, COOKIE).to_string())
}

/// A multipart text part: strings as they are, other values as JSON.
pub fn form_text(name: &str, value: &impl Serialize) -> Result<String, Error> {
    Ok(match to_value(name, value)? {
        Value::String(s) => s,
        other => other.to_string(),
    })
}

/// Query pairs, in the order they were added.
#[derive(Clone, Debug, Default)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// No pairs yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The pairs, for `RequestBuilder::query`.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// Adds a parameter written in `style`.
    pub fn push(
        &mut self,
        name: &str,
        value: &impl Serialize,
        style: QueryStyle,
        explode: bool,
    ) -> Result<(), Error> {
        let v = to_value(name, value)?;
        match (&v, style) {
            (Value::Null, _) => {}
            (Value::Array(items), QueryStyle::Form) if explode => {
                for item in items {
                    self.pairs.push((name.to_string(), scalar(item)));
                }
            }
            (Value::Array(items), QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited) => {
                let sep = if style == QueryStyle::PipeDelimited {
                    "|"
                } else {
                    " "
                };
                let joined = items.iter().map(scalar).collect::<Vec<_>>().join(sep);
                self.pairs.push((name.to_string(), joined));
            }
            (Value::Object(map), QueryStyle::DeepObject) => {
                for (k, item) in map {
                    self.pairs.push((format!("{name}[{k}]"), scalar(item)));
                }
            }
            (Value::Object(map), QueryStyle::Form) if explode => {
                for (k, item) in map {
                    self.pairs.push((k.clone(), scalar(item)));
                }
            }
            (other, _) => self.pairs.push((name.to_string(), simple(other, false))),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn cookie_values_cannot_add_a_cookie() {
        let v = cookie_value("session", &"x; admin=1").unwrap();
        assert_eq!(v, "x%3B%20admin=1");
        assert!(!v.contains(';') && !v.contains(' '));
        assert_eq!(
            cookie_value("n", &"100%,\"q\"").unwrap(),
            "100%25%2C%22q%22"
        );
    }

    #[test]
    fn query_styles() {
        let mut q = Query::new();
        q.push("a", &vec![1, 2], QueryStyle::Form, true).unwrap();
        q.push("b", &vec!["x", "y"], QueryStyle::Form, false)
            .unwrap();
        q.push("c", &vec![1, 2], QueryStyle::PipeDelimited, false)
            .unwrap();
        let obj: BTreeMap<&str, i32> = [("p", 1), ("q", 2)].into_iter().collect();
        q.push("d", &obj, QueryStyle::DeepObject, true).unwrap();
        q.push("e", &None::<i32>, QueryStyle::Form, true).unwrap();
        let got: Vec<(&str, &str)> = q
            .pairs()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("a", "1"),
                ("a", "2"),
                ("b", "x,y"),
                ("c", "1|2"),
                ("d[p]", "1"),
                ("d[q]", "2")
            ]
        );
    }

    #[test]
    fn dot_segments_are_refused() {
        assert!(path_param("id", &"..").is_err());
        assert!(path_param("id", &".").is_err());
        assert_eq!(path_param("id", &"...").unwrap(), "...");
    }

    #[test]
    fn path_params_are_escaped() {
        assert_eq!(path_param("id", &"a/b c").unwrap(), "a%2Fb%20c");
        assert_eq!(path_param("ids", &vec![1, 2]).unwrap(), "1,2");
    }
}
