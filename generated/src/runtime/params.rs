//! Writing parameters as OpenAPI's `style` and `explode` say, byte for byte
//! as the style table of the specification: path segments (`simple`,
//! `label`, `matrix`), query strings (`form`, `spaceDelimited`,
//! `pipeDelimited`, `deepObject`) and headers (`simple`).

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::Serialize;
use serde_json::Value;

use super::encode::{escape, push_escaped, text, Kept, Pairs, Spelling, DATA, NAME};
use super::scalar::{self, Written};
use super::Error;

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

/// How a path parameter is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathStyle {
    /// `blue,black` (`R=100,G=200` exploded).
    Simple,
    /// `.blue,black` (`.blue.black` exploded).
    Label,
    /// `;color=blue,black` (`;color=blue;color=black` exploded).
    Matrix,
}

pub(crate) fn to_value(name: &str, value: &impl Serialize) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::InvalidParameter {
        name: name.to_string(),
        message: e.to_string(),
    })
}

/// A parameter whose `content` is JSON: the value as JSON text, written
/// in its location like a string.
pub fn json_text(name: &str, value: &impl Serialize) -> Result<String, Error> {
    Ok(to_value(name, value)?.to_string())
}

/// The items of an array, or the keys and values of an object, as text
/// (escaped by `escape_item`); `None` for a scalar.
fn items(v: &Value, explode: bool, escape_item: fn(&str) -> String) -> Option<Vec<String>> {
    match v {
        Value::Array(items) => Some(items.iter().map(|i| escape_item(&text(i))).collect()),
        Value::Object(map) if explode => Some(
            map.iter()
                .map(|(k, v)| format!("{}={}", escape_item(k), escape_item(&text(v))))
                .collect(),
        ),
        Value::Object(map) => Some(
            map.iter()
                .flat_map(|(k, v)| [escape_item(k), escape_item(&text(v))])
                .collect(),
        ),
        _ => None,
    }
}

/// A value in `simple` style: scalars as is, lists comma-joined, objects as
/// `key,value,...` (or `key=value,...` exploded).
fn simple(v: &Value, explode: bool, escape_item: fn(&str) -> String) -> String {
    match items(v, explode, escape_item) {
        Some(items) => items.join(","),
        None => escape_item(&text(v)),
    }
}

/// `value` in `simple` style, a scalar written straight in (escaped with
/// `set`), anything else through its JSON value (escaped by `escape_item`).
fn simple_text(
    name: &str,
    value: &impl Serialize,
    explode: bool,
    set: Option<Kept>,
    escape_item: fn(&str) -> String,
) -> Result<String, Error> {
    let mut out = String::new();
    match scalar::write(value, &mut out, set) {
        Written::Text | Written::Null => Ok(out),
        Written::Declined => Ok(simple(&to_value(name, value)?, explode, escape_item)),
    }
}

fn label(v: &Value, explode: bool) -> String {
    match items(v, explode, escape) {
        Some(items) if explode => items.iter().map(|i| format!(".{i}")).collect(),
        Some(items) => format!(".{}", items.join(",")),
        None => format!(".{}", escape(&text(v))),
    }
}

fn matrix(name: &str, v: &Value, explode: bool) -> String {
    let name = escape(name);
    let one = |t: &str| match t {
        "" => format!(";{name}"),
        t => format!(";{name}={t}"),
    };
    match (v, items(v, explode, escape)) {
        (Value::Array(_), Some(items)) if explode => items.iter().map(|i| one(i)).collect(),
        (_, Some(items)) if explode => items.iter().map(|i| format!(";{i}")).collect(),
        (_, Some(items)) => one(&items.join(",")),
        (_, None) => one(&escape(&text(v))),
    }
}

/// A path parameter written in `style` and percent-encoded (all but RFC
/// 3986 `unreserved` in its values). A segment that would be `.` or `..`
/// is refused: URL parsing would resolve it (even escaped) and send the
/// request to another resource.
pub fn path_param(
    name: &str,
    value: &impl Serialize,
    style: PathStyle,
    explode: bool,
) -> Result<String, Error> {
    let written = match style {
        PathStyle::Simple => simple_text(name, value, explode, Some(DATA), escape)?,
        PathStyle::Label => label(&to_value(name, value)?, explode),
        PathStyle::Matrix => matrix(name, &to_value(name, value)?, explode),
    };
    if written == "." || written == ".." {
        return Err(Error::InvalidParameter {
            name: name.to_string(),
            message: format!("`{written}` cannot be a path segment"),
        });
    }
    Ok(written)
}

/// A path parameter in the default style (`simple`, not exploded): what
/// `path_param(name, value, PathStyle::Simple, false)` writes, for the
/// one-line call most operations make.
pub fn path_text(name: &str, value: &impl Serialize) -> Result<String, Error> {
    path_param(name, value, PathStyle::Simple, false)
}

/// A header parameter in `simple` style; text a header cannot carry (a
/// line break, say) is refused before anything is sent.
pub fn header_value(name: &str, value: &impl Serialize, explode: bool) -> Result<String, Error> {
    let text = simple_text(name, value, explode, None, str::to_string)?;
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
    let text = simple(&to_value(name, value)?, false, str::to_string);
    Ok(utf8_percent_encode(&text, COOKIE).to_string())
}

/// A query string, written pair by pair in the order parameters are added.
#[derive(Clone, Debug, Default)]
pub struct Query {
    /// The pairs so far, `a=1&b=2`, escaped.
    text: String,
}

impl Query {
    /// No pairs yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The query string without its `?`: `a=1&b=2`.
    pub fn encoded(&self) -> &str {
        &self.text
    }

    /// `path` followed by the query string, when there is one.
    pub fn target(&self, path: &str) -> String {
        let mut target = String::with_capacity(path.len() + 1 + self.text.len());
        target.push_str(path);
        if !self.text.is_empty() {
            target.push('?');
            target.push_str(&self.text);
        }
        target
    }

    /// Adds a parameter written in `style`; `null` adds nothing. A scalar
    /// is written straight in; anything else through its JSON value.
    pub fn push(
        &mut self,
        name: &str,
        value: &impl Serialize,
        style: QueryStyle,
        explode: bool,
    ) -> Result<(), Error> {
        let mark = self.text.len();
        self.start_pair(name);
        match scalar::write(value, &mut self.text, Some(DATA)) {
            Written::Text => return Ok(()),
            Written::Null => {
                self.text.truncate(mark);
                return Ok(());
            }
            Written::Declined => self.text.truncate(mark),
        }
        let v = to_value(name, value)?;
        let mut pairs = Pairs::new(Spelling::Query);
        pairs.styled(name, &v, style, explode);
        self.append(pairs);
        Ok(())
    }

    /// Adds a parameter whose `content` is JSON: `name=<the value as JSON>`.
    pub fn push_json(&mut self, name: &str, value: &impl Serialize) -> Result<(), Error> {
        let v = to_value(name, value)?;
        let mut pairs = Pairs::new(Spelling::Query);
        pairs.scalar(name, &Value::String(v.to_string()));
        self.append(pairs);
        Ok(())
    }

    /// `&` when pairs came before, the escaped name and `=`.
    fn start_pair(&mut self, name: &str) {
        if !self.text.is_empty() {
            self.text.push('&');
        }
        push_escaped(&mut self.text, name, NAME);
        self.text.push('=');
    }

    /// Pairs already spelled for a query.
    fn append(&mut self, pairs: Pairs) {
        for (k, v) in pairs.list {
            if !self.text.is_empty() {
                self.text.push('&');
            }
            self.text.push_str(&k);
            self.text.push('=');
            self.text.push_str(&v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The style table's values: `color` as a string, an array and an object.
    fn colors() -> [Value; 3] {
        [
            json!("blue"),
            json!(["blue", "black", "brown"]),
            json!({"R": 100, "G": 200, "B": 150}),
        ]
    }

    fn query(style: QueryStyle, explode: bool) -> [String; 3] {
        colors().map(|v| {
            let mut q = Query::new();
            q.push("color", &v, style, explode).unwrap();
            q.encoded().to_string()
        })
    }

    fn path(style: PathStyle, explode: bool) -> [String; 3] {
        colors().map(|v| path_param("color", &v, style, explode).unwrap())
    }

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
    fn query_styles_are_the_style_table() {
        use QueryStyle::*;
        assert_eq!(
            query(Form, false),
            [
                "color=blue",
                "color=blue,black,brown",
                "color=R,100,G,200,B,150"
            ]
        );
        assert_eq!(
            query(Form, true),
            [
                "color=blue",
                "color=blue&color=black&color=brown",
                "R=100&G=200&B=150"
            ]
        );
        assert_eq!(
            query(SpaceDelimited, false)[1..],
            [
                "color=blue%20black%20brown",
                "color=R%20100%20G%20200%20B%20150"
            ]
        );
        assert_eq!(
            query(PipeDelimited, false)[1..],
            ["color=blue|black|brown", "color=R|100|G|200|B|150"]
        );
        assert_eq!(
            query(DeepObject, true)[2],
            "color[R]=100&color[G]=200&color[B]=150"
        );
    }

    #[test]
    fn empty_values_and_nulls() {
        let mut q = Query::new();
        q.push("color", &"", QueryStyle::Form, true).unwrap();
        q.push("gone", &None::<i32>, QueryStyle::Form, true)
            .unwrap();
        q.push("none", &Vec::<i32>::new(), QueryStyle::Form, true)
            .unwrap();
        q.push("list", &Vec::<i32>::new(), QueryStyle::Form, false)
            .unwrap();
        assert_eq!(q.encoded(), "color=&list=");
        assert_eq!(q.target("/p"), "/p?color=&list=");
        assert_eq!(Query::new().target("/p"), "/p");
    }

    #[test]
    fn content_parameters_are_json() {
        let mut q = Query::new();
        q.push_json("filter", &json!({"a": [1, "x y"]})).unwrap();
        assert_eq!(q.encoded(), "filter=%7B%22a%22%3A%5B1%2C%22x%20y%22%5D%7D");
    }

    #[test]
    fn path_styles_are_the_style_table() {
        use PathStyle::*;
        assert_eq!(
            path(Simple, false),
            ["blue", "blue,black,brown", "R,100,G,200,B,150"]
        );
        assert_eq!(
            path(Simple, true),
            ["blue", "blue,black,brown", "R=100,G=200,B=150"]
        );
        assert_eq!(
            path(Label, false),
            [".blue", ".blue,black,brown", ".R,100,G,200,B,150"]
        );
        assert_eq!(
            path(Label, true),
            [".blue", ".blue.black.brown", ".R=100.G=200.B=150"]
        );
        assert_eq!(
            path(Matrix, false),
            [
                ";color=blue",
                ";color=blue,black,brown",
                ";color=R,100,G,200,B,150"
            ]
        );
        assert_eq!(
            path(Matrix, true),
            [
                ";color=blue",
                ";color=blue;color=black;color=brown",
                ";R=100;G=200;B=150"
            ]
        );
        assert_eq!(path_param("color", &"", Matrix, false).unwrap(), ";color");
    }

    #[test]
    fn header_values_are_simple() {
        let [s, a, o] = colors();
        assert_eq!(header_value("X", &s, false).unwrap(), "blue");
        assert_eq!(header_value("X", &a, false).unwrap(), "blue,black,brown");
        assert_eq!(header_value("X", &o, false).unwrap(), "R,100,G,200,B,150");
        assert_eq!(header_value("X", &o, true).unwrap(), "R=100,G=200,B=150");
        assert!(header_value("X", &"a\nb", false).is_err());
    }

    #[test]
    fn dot_segments_are_refused() {
        let simple = |v: &str| path_param("id", &v, PathStyle::Simple, false);
        assert!(simple("..").is_err());
        assert!(simple(".").is_err());
        assert!(path_param("id", &"", PathStyle::Label, false).is_err());
        assert!(path_param("id", &".", PathStyle::Label, false).is_err());
        assert_eq!(simple("...").unwrap(), "...");
    }

    #[test]
    fn path_values_are_escaped_and_delimiters_are_not() {
        let simple = |v: &Value| path_param("id", v, PathStyle::Simple, false).unwrap();
        assert_eq!(simple(&json!("a/b c")), "a%2Fb%20c");
        assert_eq!(simple(&json!("a,b;c=d")), "a%2Cb%3Bc%3Dd");
        assert_eq!(simple(&json!([1, "x,y"])), "1,x%2Cy");
    }
}
