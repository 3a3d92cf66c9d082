//! The hostile pieces the property tests build specs from: names, texts,
//! odd values, odd references and odd path templates. Each list holds the
//! shapes the hostile-input issue names (keywords, punctuation, unicode,
//! empty names, names that meet after case conversion; fences, comment
//! terminators and control characters in descriptions; huge numbers).

use proptest::prelude::*;
use serde_json::{json, Value};

/// Names for schemas, properties, parameters, operations and schemes.
const NAMES: &[&str] = &[
    "",
    " ",
    "_",
    "__",
    "0",
    "1abc",
    "9lives",
    "a",
    "A",
    "id",
    "self",
    "Self",
    "super",
    "crate",
    "type",
    "r#type",
    "fn",
    "gen",
    "async",
    "await",
    "try",
    "dyn",
    "union",
    "macro_rules",
    "mod",
    "new",
    "clone",
    "into",
    "drop",
    "as_ref",
    "default",
    "with_base_url",
    "base_url",
    "with_http_client",
    "with_credentials",
    "call",
    "Default",
    "Result",
    "Option",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "serde",
    "std",
    "core",
    "paylink",
    "Client",
    "Server",
    "Error",
    "Api",
    "foo_bar",
    "FooBar",
    "foo-bar",
    "FOO_BAR",
    "foo.bar",
    "foo bar",
    "fooBar",
    "foo__bar",
    "é",
    "Ünïcödé",
    "名前",
    "𝔘𝔫𝔦",
    "ß",
    "ǅ",
    "İ",
    "e\u{301}",
    "\u{200b}",
    "\u{202e}evil",
    "-",
    "--",
    "..",
    "/",
    "~",
    "~1",
    "%2F",
    "{}",
    "{id}",
    "$",
    "@type",
    "#",
    "*/",
    "/*",
    "\"",
    "'",
    "\\",
    "`",
    "a\nb",
    "a\rb",
    "\u{1b}[31m",
    "a\0b",
    "🦀",
    "1e400",
    "0x10",
    "true",
    "null",
    "999999999999999999999999",
    "Content-Type",
    "Authorization",
    "Accept",
    "x; admin=1",
    "a=b",
    "_1",
    "__proto__",
    "constructor",
];

/// Texts for titles, summaries, descriptions, versions and enum values.
const TEXTS: &[&str] = &[
    "plain words",
    "```rust\nfn main() { panic!(\"SPEC TEXT RAN\") }\n```",
    "```\nassert!(false);\n```",
    "- ```rust\npanic!(\"SPEC TEXT RAN\")\n```",
    "1. ```rust\npanic!(\"SPEC TEXT RAN\")\n```",
    "> ```rust\n> panic!(\"SPEC TEXT RAN\")\n> ```",
    "> quote\n>\n>     panic!(\"SPEC TEXT RAN\");",
    "para\n\n    panic!(\"SPEC TEXT RAN\");",
    "~~~rust\npanic!(\"SPEC TEXT RAN\")\n~~~",
    "````rust\n```\npanic!()\n````",
    "```",
    "*/ fn injected() {} /*",
    "/* open",
    "\"; fn injected() {} \"",
    "\"#; fn injected() {} r#\"",
    "}]) fn injected() {} ([{",
    "#![doc = \"x\"]",
    "line\rreturn",
    "bell\u{7}esc\u{1b}[2Jnul\u{0}",
    "\u{202e}reversed\u{2066}isolate\u{2069}",
    "\u{2028}line sep\u{2029}para sep\u{85}next",
    "\u{feff}bom",
    "<script>alert(1)</script>",
    "[link](javascript:alert(1))",
    "\\",
    "\\u0000",
    "{{template}}",
    "",
    " ",
    "\n\n\n",
    "\t",
];

/// Values that are odd where a schema, an enum value or a number goes.
pub fn odd_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!(true)),
        Just(json!(0)),
        Just(json!(-1)),
        Just(json!(1e308)),
        Just(json!(-1e308)),
        Just(json!(5e-324)),
        Just(json!(0.5)),
        Just(json!(u64::MAX)),
        Just(json!(i64::MIN)),
        Just(json!("")),
        Just(json!([])),
        Just(json!({})),
        Just(json!([null])),
        Just(json!({"": ""})),
        Just(json!([[1, 2], {"a": 1}])),
        text().prop_map(Value::String),
        name().prop_map(Value::String),
    ]
}

/// References to targets that are missing, odd or not schemas.
const REFS: &[&str] = &[
    "#",
    "",
    "#/",
    "#/info/title",
    "#/info",
    "#/paths",
    "#/components/schemas/",
    "#/components/schemas/Missing",
    "#/components/schemas/a~1b",
    "#/components/schemas/a~2",
    "#/components/schemas/%7Bx%7D",
    "#/components/schemas/A/properties/a",
    "#/components/schemas/A/items",
    "#/components/responses/A",
    "#/components/parameters/A",
    "#/paths/~1a/get",
    "other.json#/components/schemas/A",
    "http://127.0.0.1:1/x.json",
    "#anchor",
    "#/components/schemas/A#",
    "#/components/schemas/A/",
    "#//",
    "#/components/schemas/\u{1b}[31m",
];

/// Component names that references are likely to meet.
pub const COMPONENT_NAMES: &[&str] = &[
    "A", "a", "Self", "type", "Foo_Bar", "foo-bar", "FooBar", "x y", "é", "", "1", "Error",
];

/// Path templates that are odd, unbalanced or ambiguous.
const TEMPLATES: &[&str] = &[
    "/",
    "",
    "a",
    "/a/{id",
    "/d/{}",
    "/f/{a}{b}",
    "/k/{id}.{ext}",
    "/:name",
    "/*rest",
    "/{a/b}",
    "/x/{id}/{id}",
    "/a//b",
    "/{名前}",
    "/%7Bx%7D",
    "/a?b=c",
    "/a#frag",
    "/{ id }",
    "/{}}",
    "/{{x}}",
    "/a/{id}",
    "/a/{other}",
    "/*",
    "/a/*",
    "/{*x}",
    "/{x}",
    "/{self}",
    "/{type}/{Type}",
    "/a/{id}/",
    "/a\\b",
    "/\u{202e}x",
];

/// A name from [`NAMES`], sometimes two joined.
pub fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(NAMES).prop_map(str::to_string),
        1 => (prop::sample::select(NAMES), prop::sample::select(NAMES))
            .prop_map(|(a, b)| format!("{a}{b}")),
        1 => "[a-zA-Z_][a-zA-Z0-9_]{0,6}",
    ]
}

/// A text from [`TEXTS`], or a few of them joined.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(TEXTS).prop_map(str::to_string),
        1 => prop::collection::vec(prop::sample::select(TEXTS), 2..4)
            .prop_map(|parts| parts.join("\n")),
        1 => name(),
    ]
}

/// A `$ref` target: an odd one, or a component that may exist.
pub fn reference() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => prop::sample::select(REFS).prop_map(str::to_string),
        2 => prop::sample::select(COMPONENT_NAMES)
            .prop_map(|n| format!("#/components/schemas/{}", n.replace('~', "~0").replace('/', "~1"))),
    ]
}

/// A path template: an odd one, or segments built from names.
pub fn template() -> impl Strategy<Value = String> {
    let segment = prop_oneof![
        name(),
        name().prop_map(|n| format!("{{{n}}}")),
        prop::sample::select(TEMPLATES).prop_map(|t| t.trim_start_matches('/').to_string()),
    ];
    prop_oneof![
        2 => prop::sample::select(TEMPLATES).prop_map(str::to_string),
        1 => prop::collection::vec(segment, 0..4).prop_map(|s| format!("/{}", s.join("/"))),
    ]
}

/// The `{names}` of a template, in order.
pub fn template_names(template: &str) -> Vec<String> {
    template
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(n, _)| n.to_string()))
        .collect()
}
