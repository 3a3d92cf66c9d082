//! The loader's own JSON and YAML readers (which keep positions and forgive
//! bad escapes) must read every corpus file to the same value as serde_json
//! and serde_yaml, wherever those can read it at all.

use paylink_codegen::load::load_file;
use paylink_tests::{corpus_dir, corpus_specs};
use serde_json::Value;

/// serde_yaml reads `200:` as an integer key, which a JSON object cannot
/// hold; the loader reads it as the string "200". Converting through
/// serde_yaml::Value lets both be compared.
fn yaml_reference(text: &str) -> Option<Value> {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    Some(yaml_to_json(yaml))
}

fn yaml_to_json(v: serde_yaml::Value) -> Value {
    match v {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => serde_json::to_value(&n).unwrap_or(Value::Null),
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(yaml_to_json).collect())
        }
        serde_yaml::Value::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (key_text(k), yaml_to_json(v)))
                .collect(),
        ),
        serde_yaml::Value::Tagged(t) => yaml_to_json(t.value),
    }
}

fn key_text(k: serde_yaml::Value) -> String {
    match k {
        serde_yaml::Value::String(s) => s,
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        other => format!("{other:?}"),
    }
}

#[test]
fn loader_reads_the_corpus_as_serde_does() {
    let Some(corpus) = corpus_dir() else { return };
    let mut compared = 0;
    let mut mismatches = Vec::new();
    for path in corpus_specs(&corpus) {
        let text = std::fs::read_to_string(&path).expect("corpus file is UTF-8");
        let is_json = path.extension().is_some_and(|e| e == "json");
        let reference = if is_json {
            serde_json::from_str::<Value>(&text).ok()
        } else {
            yaml_reference(&text)
        };
        let Some(reference) = reference else { continue };
        let loaded =
            load_file(&path).unwrap_or_else(|e| panic!("{}: {:?}", path.display(), e.diagnostics));
        compared += 1;
        if loaded.value != reference {
            mismatches.push(path.display().to_string());
        }
    }
    assert!(
        compared >= 45,
        "only {compared} corpus files could be compared"
    );
    assert!(
        mismatches.is_empty(),
        "loader and serde disagree on: {mismatches:?}"
    );
}
