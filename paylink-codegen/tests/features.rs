//! The `tag_features` option: which feature each operation and type is
//! compiled under, and how tags become feature names. The module is read
//! back with `syn` and each item's `#[cfg]` compared.

use std::collections::BTreeMap;

use paylink_codegen::generate::{generate_str, Generated, Options};
use paylink_codegen::Severity;

fn generate(yaml: &str, prefix: Option<&str>) -> Generated {
    let spec = format!("openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\n{yaml}");
    let options = Options {
        tag_features: prefix.map(str::to_string),
        ..Options::default()
    };
    generate_str("t.yaml", &spec, &options).unwrap_or_else(|e| panic!("{e}"))
}

/// Each named item's `#[cfg(...)]` (`""` when it has none), by kind and
/// name: `struct Pet`, `fn list_pets` (a `Client` method), `server::fn
/// handle_list_pets`, `server::Api::list_pets` (a trait method).
fn gates(code: &str) -> BTreeMap<String, String> {
    let file = syn::parse_file(code).unwrap_or_else(|e| panic!("the module parses: {e}"));
    let mut out = BTreeMap::new();
    collect(&file.items, "", &mut out);
    out
}

fn collect(items: &[syn::Item], path: &str, out: &mut BTreeMap<String, String>) {
    for item in items {
        match item {
            syn::Item::Struct(i) => put(out, format!("{path}struct {}", i.ident), &i.attrs),
            syn::Item::Enum(i) => put(out, format!("{path}enum {}", i.ident), &i.attrs),
            syn::Item::Fn(i) => put(out, format!("{path}fn {}", i.sig.ident), &i.attrs),
            syn::Item::Impl(i) => {
                for member in &i.items {
                    if let syn::ImplItem::Fn(f) = member {
                        let mut attrs = i.attrs.clone();
                        attrs.extend(f.attrs.clone());
                        put(out, format!("{path}fn {}", f.sig.ident), &attrs);
                    }
                }
            }
            syn::Item::Trait(t) => {
                for member in &t.items {
                    if let syn::TraitItem::Fn(f) = member {
                        put(out, format!("{path}{}::{}", t.ident, f.sig.ident), &f.attrs);
                    }
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    let inner_path = match m.ident.to_string().as_str() {
                        "types" => path.to_string(),
                        name => format!("{path}{name}::"),
                    };
                    collect(inner, &inner_path, out);
                }
            }
            _ => {}
        }
    }
}

fn put(out: &mut BTreeMap<String, String>, key: String, attrs: &[syn::Attribute]) {
    let cfg: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .map(|a| {
            let syn::Meta::List(list) = &a.meta else {
                return String::new();
            };
            list.tokens.to_string().replace(' ', "")
        })
        .collect();
    // Several impl blocks may hold one name (a builder's `send`): keep
    // the first.
    out.entry(key).or_insert_with(|| cfg.join("&"));
}

fn gate<'a>(gates: &'a BTreeMap<String, String>, key: &str) -> &'a str {
    gates
        .get(key)
        .unwrap_or_else(|| panic!("no `{key}` in {gates:#?}"))
}

const PETS: &str = r#"
tags:
  - {name: Pets}
  - {name: Store}
paths:
  /pets:
    get:
      operationId: listPets
      tags: [Pets]
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/PetList'}}}}}
  /pets/{id}:
    get:
      operationId: getPet
      tags: [Pets]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}}
  /orders:
    post:
      operationId: placeOrder
      tags: [Store]
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}}}
  /both:
    post:
      operationId: both
      tags: [Pets, Store]
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Receipt'}}}}}
  /health:
    get:
      operationId: health
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Owner'}}}}}
webhooks:
  adopted:
    post:
      operationId: adopted
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Adoption'}}}}
      responses: {'200': {description: ok}}
components:
  schemas:
    PetList: {type: array, items: {$ref: '#/components/schemas/Pet'}}
    Pet:
      type: object
      properties:
        kind: {$ref: '#/components/schemas/Kind'}
        owner: {$ref: '#/components/schemas/Owner'}
        tag: {$ref: '#/components/schemas/Label'}
    Kind: {type: string, enum: [cat, dog]}
    Owner: {type: object, properties: {name: {type: string}}}
    Order:
      type: object
      properties:
        pet: {$ref: '#/components/schemas/Pet'}
    Receipt: {type: object, properties: {total: {type: integer}}}
    Label: {type: object, properties: {text: {type: string}}}
    Adoption:
      type: object
      properties:
        label: {$ref: '#/components/schemas/Label'}
    Orphan:
      type: object
      properties:
        kind2: {$ref: '#/components/schemas/Shade'}
    Shade: {type: string, enum: [light, dark]}
"#;

#[test]
fn operations_are_gated_by_their_tags_and_types_by_the_operations_reaching_them() {
    let generated = generate(PETS, Some("api-"));
    let g = gates(&generated.code);
    let pets = r#"feature="api-pets""#;
    let store = r#"feature="api-store""#;
    let either = r#"any(feature="api-pets",feature="api-store")"#;
    let untagged = r#"feature="api-untagged""#;
    // Operations: the client method, the response enum, the request
    // struct, the trait method and the handler.
    for (op, ty, want) in [
        ("list_pets", "ListPets", pets),
        ("place_order", "PlaceOrder", store),
        ("both", "Both", either),
        ("health", "Health", untagged),
    ] {
        assert_eq!(gate(&g, &format!("fn {op}")), want, "{op}");
        assert_eq!(gate(&g, &format!("enum {ty}Response")), want, "{op}");
        assert_eq!(gate(&g, &format!("struct {ty}")), want, "{op}'s builder");
        assert_eq!(
            gate(&g, &format!("server::struct {ty}Request")),
            want,
            "{op}"
        );
        assert_eq!(gate(&g, &format!("server::Api::{op}")), want, "{op}");
        assert_eq!(gate(&g, &format!("server::fn handle_{op}")), want, "{op}");
        assert_eq!(gate(&g, &format!("server::fn respond_{op}")), want, "{op}");
    }
    // Types: one tag's; used by both tags (directly or through `Order`);
    // reached by one operation with two tags.
    assert_eq!(
        gate(&g, "struct Pet"),
        either,
        "Pet: Pets, and Store through Order"
    );
    assert_eq!(gate(&g, "enum Kind"), either, "through Pet");
    assert_eq!(gate(&g, "struct Order"), store);
    assert_eq!(gate(&g, "struct Receipt"), either);
    // Shared with code always compiled: the untagged operation's feature
    // is a feature like the others, but an event's type, and what it
    // reaches, is always compiled; so is a type no operation uses.
    assert_eq!(
        gate(&g, "struct Owner"),
        r#"any(feature="api-pets",feature="api-store",feature="api-untagged")"#
    );
    assert_eq!(gate(&g, "struct Label"), "", "reached from the event");
    assert_eq!(gate(&g, "struct Adoption"), "");
    assert_eq!(gate(&g, "struct Orphan"), "");
    assert_eq!(gate(&g, "enum Shade"), "", "reached from an ungated type");
    // The shared pieces are not gated.
    assert_eq!(gate(&g, "struct Client"), "");
    assert_eq!(gate(&g, "struct Credentials"), "");
    assert_eq!(gate(&g, "server::fn router"), "");
    let names: Vec<&str> = generated.features.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["api-pets", "api-store", "api-untagged"]);
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
}

#[test]
fn without_the_option_nothing_is_gated() {
    let generated = generate(PETS, None);
    assert!(
        !generated.code.contains("#[cfg(feature"),
        "{}",
        generated.code
    );
    assert!(generated.features.is_empty());
    assert_eq!(generated.cargo_features, None);
}

#[test]
fn routes_of_each_operation_are_gated_and_shared_routes_dispatch_under_any() {
    let yaml = r#"
paths:
  /files/{name}.json:
    get:
      operationId: jsonFile
      tags: [Json]
      parameters: [{name: name, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: ok}}
  /files/{name}.txt:
    get:
      operationId: textFile
      tags: [Text]
      parameters: [{name: name, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: ok}}
    delete:
      operationId: deleteTextFile
      tags: [Text]
      parameters: [{name: name, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: ok}}
"#;
    let code = generate(yaml, Some("")).code;
    let flat: String = code.split_whitespace().collect();
    let flat = flat.replace(",)", ")");
    // Both `GET`s share one axum route: a dispatcher compiled with either
    // feature, trying each operation only under its own.
    assert!(
        flat.contains(r#"#[cfg(any(feature="json",feature="text"))]letrouter=router.route("/files/{p2}",axum::routing::MethodRouter::new().get(dispatch_0::<A>));"#),
        "{code}"
    );
    assert!(
        flat.contains(r#"#[cfg(feature="text")]letrouter=router.route("/files/{p2}",axum::routing::MethodRouter::new().delete(handle_delete_text_file::<A>));"#),
        "{code}"
    );
    let g = gates(&code);
    assert_eq!(
        gate(&g, "server::fn dispatch_0"),
        r#"any(feature="json",feature="text")"#
    );
    assert!(
        flat.contains(r#"#[cfg(feature="json")]ifrt::server::match_path"#),
        "{code}"
    );
}

#[test]
fn tag_names_become_feature_names_sanitized_unique_and_reported() {
    let yaml = r#"
tags:
  - {name: Pets}
  - {name: pets}
  - {name: "Ünïcode/Weird!!"}
  - {name: Payment Links}
  - {name: "日本"}
paths:
  /a: {get: {operationId: a, tags: [Pets], responses: {'204': {description: ok}}}}
  /b: {get: {operationId: b, tags: [pets], responses: {'204': {description: ok}}}}
  /c: {get: {operationId: c, tags: ["Ünïcode/Weird!!"], responses: {'204': {description: ok}}}}
  /d: {get: {operationId: d, tags: [Payment Links], responses: {'204': {description: ok}}}}
  /e: {get: {operationId: e, tags: ["日本"], responses: {'204': {description: ok}}}}
  /f: {get: {operationId: f, tags: [untagged], responses: {'204': {description: ok}}}}
  /g: {get: {operationId: g, responses: {'204': {description: ok}}}}
  /h: {get: {operationId: h, tags: ["Undeclared Tag!"], responses: {'204': {description: ok}}}}
"#;
    let generated = generate(yaml, Some("x-"));
    let features: Vec<(&str, Vec<&str>)> = generated
        .features
        .iter()
        .map(|f| (f.name.as_str(), f.tags.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        features,
        [
            ("x-n-code-weird", vec!["Ünïcode/Weird!!"]),
            ("x-payment-links", vec!["Payment Links"]),
            ("x-pets", vec!["Pets"]),
            ("x-pets-2", vec!["pets"]),
            ("x-tag", vec!["日本"]),
            ("x-undeclared-tag", vec!["Undeclared Tag!"]),
            // Operations without a tag claim the name first.
            ("x-untagged", vec![]),
            ("x-untagged-2", vec!["untagged"]),
        ]
    );
    // A warning, located, for each name changed beyond lowercasing and
    // spaces: not for `Pets` or `Payment Links`.
    let warned: Vec<(&str, &str)> = generated
        .warnings
        .iter()
        .map(|w| (w.pointer.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(warned.len(), 5, "{warned:#?}");
    for (pointer, feature) in [
        ("#/tags/1/name", "x-pets-2"),
        ("#/tags/2/name", "x-n-code-weird"),
        ("#/tags/4/name", "x-tag"),
        ("#/paths/~1f/get/tags/0", "x-untagged-2"),
        ("#/paths/~1h/get/tags/0", "x-undeclared-tag"),
    ] {
        assert!(
            warned
                .iter()
                .any(|(p, m)| *p == pointer && m.contains(&format!("`{feature}`"))),
            "{pointer}: {warned:#?}"
        );
    }
    for w in &generated.warnings {
        assert_eq!(w.severity, Severity::Warning);
        assert!(w.location.is_some(), "located: {w:?}");
    }
    let table = generated.cargo_features.expect("the [features] table");
    assert!(
        table.starts_with("[features]\nx-n-code-weird = []  # the tag `Ünïcode/Weird!!`\n"),
        "{table}"
    );
    assert!(
        table.contains("x-untagged = []  # operations without a tag\n"),
        "{table}"
    );
    assert!(table.ends_with("x-all = [\"x-n-code-weird\", \"x-payment-links\", \"x-pets\", \"x-pets-2\", \"x-tag\", \"x-undeclared-tag\", \"x-untagged\", \"x-untagged-2\"]\n"), "{table}");
    // The module's docs list them.
    assert!(
        generated.code.contains("//! - `x-pets-2`: the tag `pets`."),
        "{}",
        generated.code
    );
}

#[test]
fn a_type_used_by_too_many_tags_is_always_compiled() {
    let mut yaml = String::from("paths:\n");
    for i in 0..40 {
        yaml.push_str(&format!(
            "  /p{i}: {{get: {{operationId: op{i}, tags: [t{i}], responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Shared'}}}}}}}}}}}}}}\n"
        ));
    }
    yaml.push_str("  /q: {get: {operationId: few, tags: [t1, t2], responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Few'}}}}}}}\n");
    yaml.push_str("components:\n  schemas:\n    Shared: {type: object, properties: {inner: {$ref: '#/components/schemas/Inner'}}}\n    Inner: {type: object, properties: {a: {type: string}}}\n    Few: {type: object, properties: {a: {type: string}}}\n");
    let g = gates(&generate(&yaml, Some("")).code);
    assert_eq!(gate(&g, "struct Shared"), "");
    assert_eq!(
        gate(&g, "struct Inner"),
        "",
        "what an always compiled type reaches"
    );
    assert_eq!(gate(&g, "struct Few"), r#"any(feature="t1",feature="t2")"#);
    assert_eq!(gate(&g, "fn op7"), r#"feature="t7""#);
}

#[test]
fn a_token_operation_the_client_calls_itself_is_always_compiled() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("specs/payroc.yaml")).expect("payroc");
    let options = Options {
        tag_features: Some("payroc-".into()),
        ..Options::default()
    };
    let generated = generate_str("payroc.yaml", &text, &options).expect("payroc generates");
    let g = gates(&generated.code);
    assert_eq!(gate(&g, "fn generate_bearer_token"), "");
    assert_eq!(gate(&g, "enum GenerateBearerTokenResponse"), "");
    assert_eq!(gate(&g, "struct BearerToken"), "");
    assert_eq!(
        gate(&g, "fn retrieve_payment_link"),
        r#"feature="payroc-payment-links""#
    );
}

#[test]
fn a_prefix_that_cannot_start_a_feature_name_is_refused() {
    for bad in ["API-", "-api", "a b", "api\"", "é"] {
        let spec = format!("openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\n{PETS}");
        let options = Options {
            tag_features: Some(bad.into()),
            ..Options::default()
        };
        let error = generate_str("t.yaml", &spec, &options).expect_err(bad);
        assert!(error.to_string().contains("tag_features"), "{bad}: {error}");
    }
}
