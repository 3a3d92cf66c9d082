//! Every corpus spec that declares webhooks or callbacks (found by reading
//! the documents, not by searching their text: many mention the words only
//! in descriptions) gets an `events` module whose receiver has one method
//! per declared event, and the module passes `cargo clippy -D warnings`
//! and builds its receiver's routers, unsigned and with a verifier.
//!
//! The modules go to a scratch crate at `target/events-check/` building
//! into `target/events-check-target/`, as `corpus_compile` does. Specs with
//! hundreds of operations are generated with only the operations that
//! declare callbacks (events are kept whatever the selection), to keep the
//! build short.

use std::path::Path;

use paylink_codegen::generate::{generate_str, Options};
use paylink_tests::scratch::{cargo, write_if_changed, write_manifest};
use paylink_tests::{corpus_dir, corpus_specs, stubs, workspace_root};
use quote::quote;
use serde_json::Value;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// What a spec declares: its events (one per method of each webhook and
/// callback path item) and the operationIds of operations with callbacks.
#[derive(Debug, Default)]
struct Declared {
    events: usize,
    callback_owners: Vec<String>,
    operations: usize,
}

fn read(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("the spec is readable");
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => serde_json::from_str(&text).expect("JSON"),
        _ => serde_yaml::from_str(&text).expect("YAML"),
    }
}

fn methods(item: &Value) -> usize {
    METHODS.iter().filter(|m| item.get(**m).is_some()).count()
}

fn declared(doc: &Value) -> Declared {
    let mut found = Declared::default();
    if let Some(Value::Object(webhooks)) = doc.get("webhooks") {
        found.events += webhooks.values().map(methods).sum::<usize>();
    }
    let Some(Value::Object(paths)) = doc.get("paths") else {
        return found;
    };
    for item in paths.values() {
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            found.operations += 1;
            let Some(Value::Object(callbacks)) = op.get("callbacks") else {
                continue;
            };
            let events: usize = callbacks
                .values()
                .filter_map(Value::as_object)
                .flat_map(|callback| callback.values().map(methods))
                .sum();
            if events > 0 {
                found.events += events;
                if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                    found.callback_owners.push(id.to_string());
                }
            }
        }
    }
    found
}

/// The names of the methods of `events::server::Api` in `code`.
fn receiver_methods(code: &str) -> Vec<String> {
    let file = syn::parse_file(code).expect("the module parses");
    let mut items = &file.items[..];
    for name in ["events", "server"] {
        items = &items
            .iter()
            .find_map(|item| match item {
                syn::Item::Mod(m) if m.ident == name => m.content.as_ref(),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no `{name}` module"))
            .1;
    }
    items
        .iter()
        .find_map(|item| match item {
            syn::Item::Trait(t) if t.ident == "Api" => Some(t),
            _ => None,
        })
        .expect("events::server::Api")
        .items
        .iter()
        .filter_map(|item| match item {
            syn::TraitItem::Fn(f) => Some(f.sig.ident.to_string()),
            _ => None,
        })
        .collect()
}

fn module_name(spec: &Path) -> String {
    let stem = spec.file_stem().unwrap_or_default().to_string_lossy();
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

#[test]
#[ignore = "builds a crate of the corpus's events modules; run with --ignored (CI does)"]
fn every_corpus_receiver_compiles_and_routes() {
    let Some(corpus) = corpus_dir() else {
        eprintln!("no corpus: skipped");
        return;
    };
    let dir = workspace_root().join("target").join("events-check");
    // Every warning, clippy's included, is an error: `cargo` puts its own
    // arguments last, so none can follow `--`.
    let mut lib = String::from(
        "//! Corpus events modules; written by `corpus_events`.\n#![deny(warnings)]\n",
    );
    let mut modules = Vec::new();
    for spec in corpus_specs(&corpus) {
        let found = declared(&read(&spec));
        if found.events == 0 {
            continue;
        }
        let name = spec
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let mut options = Options::default();
        if found.operations > 50 && !found.callback_owners.is_empty() {
            options.operations = found.callback_owners.clone();
        }
        let text = std::fs::read_to_string(&spec).expect("spec");
        let generated =
            generate_str(&name, &text, &options).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let methods = receiver_methods(&generated.code);
        assert_eq!(
            methods.len(),
            found.events,
            "{name}: one method per event: {methods:?}"
        );
        let module = module_name(&spec);
        let tests = quote! {
            #[test]
            fn receiver_routes_build() {
                let _plain = router(Stub);
                let verifier = paylink::codegen::Signature::hmac_sha256("k");
                let _verified = router_with_verifier(Stub, verifier, 1024);
            }
        };
        let check = stubs::module_at(
            &generated.code,
            &["events", "server"],
            |_| quote!(::std::future::pending()),
            tests,
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        write_if_changed(
            &dir.join("src").join(format!("{module}.rs")),
            &format!("{}{}", generated.code, stubs::DECLARATION),
        );
        write_if_changed(
            &dir.join("src").join(&module).join("router_check.rs"),
            &check,
        );
        lib.push_str(&format!("pub mod {module};\n"));
        modules.push(module);
    }
    for expected in [
        "oai_webhook_example",
        "oai_callback_example",
        "oai_tictactoe",
        "resend_api",
    ] {
        assert!(
            modules.iter().any(|m| m == expected),
            "{expected} declares events: {modules:?}"
        );
    }
    write_if_changed(&dir.join("src").join("lib.rs"), &lib);
    write_manifest(
        &dir,
        "paylink-events-check",
        "server",
        "\n[profile.dev]\ndebug = 0\n",
    );
    let target = workspace_root().join("target").join("events-check-target");
    let clippy = cargo(&dir, &target, &["clippy", "--all-targets", "--color=never"]);
    let said = String::from_utf8_lossy(&clippy.stderr);
    assert!(
        clippy.status.success(),
        "clippy on the events modules:\n{said}"
    );
    let test = cargo(
        &dir,
        &target,
        &["test", "--lib", "--color=never", "receiver_routes_build"],
    );
    let out = String::from_utf8_lossy(&test.stdout);
    assert!(
        test.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&test.stderr)
    );
    for module in &modules {
        let line = format!("test {module}::router_check::receiver_routes_build ... ok");
        assert!(out.contains(&line), "{module}: {out}");
    }
}
