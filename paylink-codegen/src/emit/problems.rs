//! Problem bodies in the spec's own shape: when an operation documents a
//! JSON body for a status the server answers before the handler (400, 401,
//! 413, 415), the answer is written in that shape. The generator builds a
//! value of the documented schema once (required properties filled, the
//! usual problem members set, one string property chosen to carry the
//! problem's detail) and the server writes the detail into it per request.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::text::Doc;

use crate::ir::{Check, Encoding, NumRule, ObjectRule, Operation, Property, Status, StrRule};

/// The statuses a generated server answers before the handler runs.
const STATUSES: [(u16, &str); 4] = [
    (400, "Bad Request"),
    (401, "Unauthorized"),
    (413, "Payload Too Large"),
    (415, "Unsupported Media Type"),
];

/// String properties that carry a problem's detail, best first.
const DETAIL_NAMES: [&str; 12] = [
    "detail",
    "message",
    "error_description",
    "errorDescription",
    "description",
    "error_message",
    "errorMessage",
    "msg",
    "reason",
    "error",
    "errors",
    "title",
];

/// How deep references are followed while building a body.
const MAX_DEPTH: usize = 24;

/// The `rt::server::ProblemBody` entries of `op`: one per status whose
/// documented response has a JSON body that can be built. Other statuses
/// are answered with problem details (a response documented without a
/// body gets them too: the spec leaves its body open, and the detail is
/// what the caller needs).
pub(crate) fn bodies(checks: &BTreeMap<String, Check>, op: &Operation) -> Vec<Doc> {
    STATUSES
        .iter()
        .filter_map(|(status, title)| body(checks, op, *status, title))
        .collect()
}

fn body(checks: &BTreeMap<String, Check>, op: &Operation, status: u16, title: &str) -> Option<Doc> {
    let response = [
        Status::Code(status),
        Status::Range(status / 100),
        Status::Default,
    ]
    .iter()
    .find_map(|s| op.responses.iter().find(|r| r.status == *s))?;
    let code = proc_macro2::Literal::u16_unsuffixed(status);
    let content = response
        .contents
        .iter()
        .find(|c| c.encoding == Encoding::Json)?;
    let mut builder = Builder {
        checks,
        status,
        title,
        slot: None,
    };
    let value = builder.value(&content.check, "", None, 0)?;
    let template = serde_json::to_string(&value).ok()?;
    let media = &content.media_type;
    let (at, max) = match builder.slot {
        Some((pointer, max)) => {
            let max = max.map_or_else(
                || "None".to_string(),
                |m| format!("Some({})", proc_macro2::Literal::usize_unsuffixed(m)),
            );
            (
                format!("Some({})", proc_macro2::Literal::string(&pointer)),
                max,
            )
        }
        None => ("None".to_string(), "None".to_string()),
    };
    let fields = [
        ("status", Doc::word(code.to_string())),
        ("media_type", Doc::string(media)),
        ("template", Doc::string(&template)),
        ("detail_at", Doc::word(at)),
        ("max_length", Doc::word(max)),
    ];
    Some(Doc::structure("rt::server::ProblemBody", fields, None))
}

struct Builder<'a> {
    checks: &'a BTreeMap<String, Check>,
    status: u16,
    title: &'a str,
    /// Where the detail goes (a JSON pointer) and its longest length.
    slot: Option<(String, Option<usize>)>,
}

impl Builder<'_> {
    /// A value passing `check` at `pointer`; `name` is the property's name.
    fn value(
        &mut self,
        check: &Check,
        pointer: &str,
        name: Option<&str>,
        depth: usize,
    ) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        match check {
            Check::Any if pointer.is_empty() => Some(self.problem()),
            Check::Any => Some(Value::Null),
            Check::Ref(target) => {
                let target = self.checks.get(target)?;
                self.value(target, pointer, name, depth + 1)
            }
            Check::Nullable(inner) => Some(
                self.value(inner, pointer, name, depth + 1)
                    .unwrap_or(Value::Null),
            ),
            Check::Enum(values) => values
                .iter()
                .find(|v| !v.is_null())
                .or(values.first())
                .cloned(),
            Check::Str(rule) => self.string(rule, pointer, name),
            Check::Int(rule) => self.number(rule, name, true),
            Check::Num(rule) => self.number(rule, name, false),
            Check::Bool => Some(Value::Bool(false)),
            Check::Array(rule) => {
                let wanted = rule
                    .min_items
                    .unwrap_or(0)
                    .max(usize::from(self.slot.is_none()));
                if rule.max_items.is_some_and(|max| max < wanted) || (rule.unique && wanted > 1) {
                    return None;
                }
                let items = (0..wanted)
                    .map(|i| self.value(&rule.items, &format!("{pointer}/{i}"), None, depth + 1))
                    .collect::<Option<Vec<_>>>()?;
                Some(Value::Array(items))
            }
            Check::Object(rule) => self.object(rule, pointer, depth),
            Check::Tagged(rule) => rule.variants.iter().find_map(|(tag, check)| {
                let mut value = self.value(check, pointer, name, depth + 1)?;
                value
                    .as_object_mut()?
                    .insert(rule.property.clone(), Value::String(tag.clone()));
                Some(value)
            }),
            Check::AnyOf(members) => members
                .iter()
                .find_map(|m| self.value(m, pointer, name, depth + 1)),
            Check::AllOf(members) => {
                let mut merged = Map::new();
                for member in members {
                    match self.value(member, pointer, name, depth + 1)? {
                        Value::Object(map) => merged.extend(map),
                        _ => return None,
                    }
                }
                Some(Value::Object(merged))
            }
        }
    }

    /// The RFC 7807 members, for a body the spec leaves open.
    fn problem(&mut self) -> Value {
        self.slot = Some(("/detail".to_string(), None));
        serde_json::json!({
            "type": "about:blank",
            "title": self.title,
            "status": self.status,
            "detail": "",
        })
    }

    fn string(&mut self, rule: &StrRule, pointer: &str, name: Option<&str>) -> Option<Value> {
        if let Some(format) = rule.format {
            return Some(Value::String(format_sample(format).to_string()));
        }
        if rule.pattern.is_some() {
            return None;
        }
        let text = match name {
            Some("title") => self.title.to_string(),
            Some("type") => "about:blank".to_string(),
            _ => String::new(),
        };
        let fits = |t: &str| {
            let n = t.chars().count();
            rule.min_length.is_none_or(|m| n >= m) && rule.max_length.is_none_or(|m| n <= m)
        };
        if text.is_empty() && self.slot.is_none() && rule.min_length.is_none_or(|m| m <= 1) {
            self.slot = Some((pointer.to_string(), rule.max_length));
            return Some(Value::String(String::new()));
        }
        if fits(&text) {
            return Some(Value::String(text));
        }
        let padded = "x".repeat(rule.min_length.unwrap_or(0));
        fits(&padded).then_some(Value::String(padded))
    }

    fn number(&mut self, rule: &NumRule, name: Option<&str>, integer: bool) -> Option<Value> {
        let status_like = matches!(
            name,
            Some("status" | "code" | "statusCode" | "status_code" | "httpStatus" | "http_status")
        );
        let candidates = [
            status_like.then_some(f64::from(self.status)),
            Some(0.0),
            rule.minimum
                .map(|m| if rule.exclusive_minimum { m + 1.0 } else { m }),
            rule.maximum
                .map(|m| if rule.exclusive_maximum { m - 1.0 } else { m }),
        ];
        let fits = |n: f64| {
            let above = rule
                .minimum
                .is_none_or(|m| n > m || (n == m && !rule.exclusive_minimum));
            let below = rule
                .maximum
                .is_none_or(|m| n < m || (n == m && !rule.exclusive_maximum));
            let multiple = rule.multiple_of.is_none_or(|m| (n / m).fract() == 0.0);
            above && below && multiple && (!integer || n.fract() == 0.0)
        };
        let chosen = candidates.into_iter().flatten().find(|n| fits(*n))?;
        Some(if integer {
            Value::from(chosen as i64)
        } else {
            serde_json::Number::from_f64(chosen).map(Value::Number)?
        })
    }

    /// An object with its required and problem members, in the spec's
    /// order; the detail's property is built first so that it takes the slot.
    fn object(&mut self, rule: &ObjectRule, pointer: &str, depth: usize) -> Option<Value> {
        let detail = self.slot.is_none().then(|| detail_property(rule)).flatten();
        let mut chosen: Vec<(usize, &Property)> = rule
            .properties
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.required || is_problem_member(&p.name) || detail.is_some_and(|d| d.name == p.name)
            })
            .collect();
        chosen.sort_by_key(|(_, p)| detail.is_none_or(|d| d.name != p.name));
        let mut built: Vec<(usize, &str, Value)> = Vec::new();
        for (index, p) in chosen {
            let at = format!("{pointer}/{}", escape(&p.name));
            match self.value(&p.check, &at, Some(&p.name), depth + 1) {
                Some(v) => built.push((index, &p.name, v)),
                None if p.required => return None,
                None => {}
            }
        }
        if rule.min_properties.is_some_and(|m| built.len() < m) {
            return None;
        }
        built.sort_by_key(|(index, _, _)| *index);
        Some(Value::Object(
            built
                .into_iter()
                .map(|(_, name, v)| (name.to_string(), v))
                .collect(),
        ))
    }
}

fn is_problem_member(name: &str) -> bool {
    matches!(
        name,
        "type" | "title" | "status" | "detail" | "message" | "code"
    )
}

/// The property best suited to carry the detail: a free string named like
/// a message, else the first such string.
fn detail_property(rule: &ObjectRule) -> Option<&Property> {
    let free = |p: &&Property| match &p.check {
        Check::Str(s) => s.pattern.is_none() && s.format.is_none(),
        Check::Nullable(inner) => {
            matches!(&**inner, Check::Str(s) if s.pattern.is_none() && s.format.is_none())
        }
        _ => false,
    };
    let named = |n: &&str| rule.properties.iter().find(|p| p.name == *n);
    DETAIL_NAMES
        .iter()
        .filter(|n| **n != "title")
        .find_map(|n| named(n).filter(free))
        .or_else(|| {
            DETAIL_NAMES.iter().find_map(|n| {
                named(n).filter(|p| matches!(p.check, Check::Array(_) | Check::Ref(_)))
            })
        })
        .or_else(|| {
            rule.properties
                .iter()
                .filter(free)
                .find(|p| p.name != "title" && p.name != "type")
        })
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn format_sample(format: crate::ir::Format) -> &'static str {
    use crate::ir::Format;
    match format {
        Format::Date => "1970-01-01",
        Format::DateTime => "1970-01-01T00:00:00Z",
        Format::Time => "00:00:00Z",
        Format::Email => "problem@example.com",
        Format::Uuid => "00000000-0000-0000-0000-000000000000",
        Format::Uri => "about:blank",
        Format::Ipv4 => "127.0.0.1",
        Format::Ipv6 => "::1",
        Format::Hostname => "localhost",
        Format::Int32 | Format::Int64 | Format::UInt64 | Format::Decimal => "0",
    }
}
