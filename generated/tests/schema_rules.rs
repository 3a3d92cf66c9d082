//! The runtime's schema checks, one rule at a time: what passes, what is
//! refused, and the path and keyword a refusal names; and the reading of
//! parameter texts as the values their schemas describe.

use axum::http::HeaderMap;
use bytes::Bytes;
use paylink::runtime::schema::{
    from_texts, object_from_texts, Additional, Format, List, Literal, Number, Object, Pattern,
    Schema, Text,
};
use paylink::runtime::server::json_body;
use serde_json::{json, Value};

static CODE: Pattern = Pattern::new("^[A-Z]{3}$");

static CURRENCY: Schema = Schema::String(&Text {
    min_length: None,
    max_length: None,
    pattern: Some(&CODE),
    format: None,
});

static LINE: Schema = Schema::Object(&Object {
    properties: &[
        (
            "amount",
            Schema::Integer(&Number {
                minimum: Some(1.0),
                maximum: Some(1000.0),
                exclusive_minimum: false,
                exclusive_maximum: true,
                multiple_of: Some(5.0),
            }),
        ),
        ("currency", Schema::Ref(&CURRENCY)),
        (
            "note",
            Schema::Nullable(&Schema::String(&Text {
                min_length: Some(2),
                max_length: Some(4),
                pattern: None,
                format: None,
            })),
        ),
    ],
    required: &["amount"],
    additional: Additional::Forbidden,
    min_properties: None,
    max_properties: None,
});

static ORDER: Schema = Schema::Object(&Object {
    properties: &[
        (
            "lines",
            Schema::Array(&List {
                items: &LINE,
                min_items: Some(1),
                max_items: Some(3),
                unique: true,
            }),
        ),
        (
            "kind",
            Schema::Enum(&[Literal::Str("one"), Literal::Str("many")]),
        ),
        ("child", Schema::Ref(&ORDER)),
    ],
    required: &["lines"],
    additional: Additional::Any,
    min_properties: None,
    max_properties: None,
});

/// The path and keyword of the first rule `value` breaks; `None` if none.
/// A body is checked while it is parsed, not as a tree: both ways must
/// agree.
fn refusal(schema: &'static Schema, value: Value) -> Option<(String, &'static str)> {
    let tree = schema.validate(&value).err().map(|v| (v.path, v.rule));
    let mut headers = HeaderMap::new();
    headers.insert("content-type", "application/json".parse().expect("header"));
    let bytes = Bytes::from(value.to_string());
    let body = json_body::<Value>(&headers, &bytes, true, schema);
    let streamed = body.err().map(|p| {
        let field = p.field.unwrap_or_default();
        let path = if field == "body" {
            String::new()
        } else {
            field
        };
        (path, p.rule.unwrap_or_default())
    });
    assert_eq!(tree, streamed, "the tree and the streaming check differ");
    tree
}

fn order(lines: Value) -> Value {
    json!({ "lines": lines })
}

#[test]
fn a_valid_value_passes() {
    let value = json!({
        "lines": [{"amount": 5, "currency": "EUR", "note": null}, {"amount": 10, "note": "ab"}],
        "kind": "many",
        "extra": true,
        "child": {"lines": [{"amount": 995}]}
    });
    assert_eq!(refusal(&ORDER, value), None);
}

#[test]
fn required_properties_are_named() {
    assert_eq!(
        refusal(&ORDER, json!({})),
        Some(("lines".into(), "required"))
    );
    assert_eq!(
        refusal(&ORDER, order(json!([{"currency": "EUR"}]))),
        Some(("lines[0].amount".into(), "required"))
    );
}

#[test]
fn number_rules_are_checked() {
    let at = |amount: Value| refusal(&ORDER, order(json!([{ "amount": amount }])));
    assert_eq!(at(json!(0)), Some(("lines[0].amount".into(), "minimum")));
    assert_eq!(
        at(json!(1000)),
        Some(("lines[0].amount".into(), "exclusiveMaximum"))
    );
    assert_eq!(at(json!(7)), Some(("lines[0].amount".into(), "multipleOf")));
    assert_eq!(at(json!(2.5)), Some(("lines[0].amount".into(), "type")));
    assert_eq!(
        at(json!(15.0)),
        None,
        "JSON Schema counts 15.0 as an integer"
    );
    assert_eq!(at(json!("5")), Some(("lines[0].amount".into(), "type")));
    assert_eq!(at(json!(15)), None);
}

#[test]
fn string_rules_are_checked() {
    let note = |note: Value| refusal(&ORDER, order(json!([{ "amount": 5, "note": note }])));
    assert_eq!(
        note(json!("a")),
        Some(("lines[0].note".into(), "minLength"))
    );
    assert_eq!(
        note(json!("abcde")),
        Some(("lines[0].note".into(), "maxLength"))
    );
    assert_eq!(note(json!("äöüß")), None, "lengths count characters");
    let currency = |c: &str| refusal(&ORDER, order(json!([{ "amount": 5, "currency": c }])));
    assert_eq!(
        currency("eur"),
        Some(("lines[0].currency".into(), "pattern"))
    );
    assert_eq!(currency("EUR"), None);
}

#[test]
fn null_passes_only_where_the_schema_allows_it() {
    let line = |v: Value| refusal(&ORDER, order(json!([v])));
    assert_eq!(line(json!({"amount": 5, "note": null})), None);
    assert_eq!(
        line(json!({"amount": 5, "currency": null})),
        Some(("lines[0].currency".into(), "type"))
    );
}

#[test]
fn array_rules_are_checked() {
    assert_eq!(
        refusal(&ORDER, order(json!([]))),
        Some(("lines".into(), "minItems"))
    );
    let four = json!([{"amount": 5}, {"amount": 10}, {"amount": 15}, {"amount": 20}]);
    assert_eq!(
        refusal(&ORDER, order(four)),
        Some(("lines".into(), "maxItems"))
    );
    let twice = json!([{"amount": 5}, {"amount": 5}]);
    assert_eq!(
        refusal(&ORDER, order(twice)),
        Some(("lines".into(), "uniqueItems"))
    );
}

#[test]
fn enums_and_unknown_properties_are_refused() {
    let value = json!({"lines": [{"amount": 5}], "kind": "some"});
    assert_eq!(refusal(&ORDER, value), Some(("kind".into(), "enum")));
    let value = order(json!([{"amount": 5, "colour": "red"}]));
    assert_eq!(
        refusal(&ORDER, value),
        Some(("lines[0].colour".into(), "additionalProperties"))
    );
}

#[test]
fn recursive_schemas_are_followed() {
    let value = json!({"lines": [{"amount": 5}], "child": {"lines": [{"amount": 0}]}});
    assert_eq!(
        refusal(&ORDER, value),
        Some(("child.lines[0].amount".into(), "minimum"))
    );
}

#[test]
fn any_of_needs_one_alternative() {
    static EITHER: Schema = Schema::AnyOf(&[
        Schema::Integer(&Number::ANY),
        Schema::String(&Text {
            min_length: Some(3),
            max_length: None,
            pattern: None,
            format: None,
        }),
    ]);
    assert_eq!(EITHER.validate(&json!(4)), Ok(()));
    assert_eq!(refusal(&EITHER, json!("four")), None);
    assert_eq!(refusal(&EITHER, json!("4")), Some((String::new(), "oneOf")));
    assert_eq!(refusal(&EITHER, json!(4)), None);
}

fn format_accepts(format: Format, text: &str) -> bool {
    let text_rule = Text {
        format: Some(format),
        ..Text::ANY
    };
    let schema = Schema::String(Box::leak(Box::new(text_rule)));
    schema.validate(&json!(text)).is_ok()
}

#[test]
fn formats_are_checked() {
    let cases: &[(Format, &str, bool)] = &[
        (Format::Date, "2024-02-29", true),
        (Format::Date, "2023-02-29", false),
        (Format::Date, "2024-13-01", false),
        (Format::Date, "24-01-01", false),
        (Format::DateTime, "2024-02-29T23:59:60.5+01:00", true),
        (Format::DateTime, "2024-02-29T23:59:00", false),
        (Format::DateTime, "2024-02-29", false),
        (Format::Time, "12:30:00Z", true),
        (Format::Time, "25:00:00Z", false),
        (Format::Email, "a.b@example.com", true),
        (Format::Email, "", false),
        (Format::Email, "a@b", false),
        (Format::Uuid, "123e4567-e89b-12d3-a456-426614174000", true),
        (Format::Uuid, "123e4567e89b12d3a456426614174000", false),
        (Format::Uri, "https://example.com/a?b=c", true),
        (Format::Uri, "/relative", false),
        (Format::Ipv4, "10.0.0.1", true),
        (Format::Ipv4, "10.0.0.256", false),
        (Format::Ipv6, "::1", true),
        (Format::Hostname, "api.example.com", true),
        (Format::Hostname, "-bad.example.com", false),
        (Format::Int32, "-2147483648", true),
        (Format::Int32, "2147483648", false),
        (Format::Int64, "9007199254740993", true),
        (Format::Int64, "12x", false),
        (Format::UInt64, "-1", false),
        (Format::Decimal, "-12.50", true),
        (Format::Decimal, "12,50", false),
    ];
    for (format, text, expected) in cases {
        assert_eq!(
            format_accepts(*format, text),
            *expected,
            "{format:?} {text:?}"
        );
    }
}

#[test]
fn parameter_texts_are_read_as_their_schema_says() {
    static INTS: Schema = Schema::Array(&List {
        items: &Schema::Integer(&Number::ANY),
        min_items: None,
        max_items: None,
        unique: false,
    });
    let texts = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let int = Schema::Integer(&Number::ANY);
    assert_eq!(from_texts(&int, &texts(&["42"])), Ok(json!(42)));
    let bad = from_texts(&int, &texts(&["4x"])).expect_err("not an integer");
    assert_eq!(bad.rule, "type");
    assert_eq!(
        from_texts(&Schema::String(&Text::ANY), &texts(&["007"])),
        Ok(json!("007")),
        "a string stays a string"
    );
    assert_eq!(from_texts(&INTS, &texts(&["1"])), Ok(json!([1])));
    let bad = from_texts(&INTS, &texts(&["1", "x"])).expect_err("not an integer");
    assert_eq!(bad.path, "[1]");
    assert_eq!(
        from_texts(&Schema::Boolean, &texts(&["yes"])).map_err(|v| v.rule),
        Err("type")
    );
}

#[test]
fn form_fields_are_read_by_property() {
    let pairs = vec![
        ("amount".to_string(), "10".to_string()),
        ("currency".to_string(), "123".to_string()),
    ];
    assert_eq!(
        object_from_texts(&LINE, &pairs),
        Ok(json!({"amount": 10, "currency": "123"}))
    );
    let bad = vec![("amount".to_string(), "ten".to_string())];
    let refused = object_from_texts(&LINE, &bad).expect_err("not an integer");
    assert_eq!((refused.path.as_str(), refused.rule), ("amount", "type"));
}
