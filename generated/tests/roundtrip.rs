//! Round trips of the hard cases through generated types: unknown enum
//! values, explicit null against absent, unions with and without a
//! discriminator, additional properties, recursive types and merged allOf.
//! The module under test is generated from `tests/fixtures/tricky.yaml`.

#[path = "support/tricky.rs"]
mod tricky;

use serde_json::{json, Value};
use tricky::types::*;

fn round_trip<T>(value: Value) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let typed: T = serde_json::from_value(value.clone()).expect("decodes");
    assert_eq!(
        serde_json::to_value(&typed).expect("encodes"),
        value,
        "re-encodes unchanged"
    );
    typed
}

#[test]
fn unknown_enum_values_are_kept_and_sent_back() {
    assert_eq!(round_trip::<Status>(json!("on-hold")), Status::OnHold);
    let later = round_trip::<Status>(json!("archived"));
    assert_eq!(later, Status::Unknown("archived".into()));
    assert_eq!(later.as_str(), "archived");
    assert_eq!(round_trip::<Priority>(json!(2)), Priority::V2);
    assert_eq!(round_trip::<Priority>(json!(9)), Priority::Unknown(9));
}

#[test]
fn explicit_null_and_absent_stay_apart() {
    let absent: Nulls = round_trip(json!({"required_plain": "a", "required_nullable": null}));
    assert_eq!(absent.optional_nullable, None);
    assert_eq!(absent.required_nullable, None);
    let null: Nulls = round_trip(
        json!({"required_plain": "a", "required_nullable": "b", "optional_nullable": null}),
    );
    assert_eq!(null.optional_nullable, Some(None));
    assert_eq!(null.required_nullable.as_deref(), Some("b"));
    let set: Nulls = round_trip(
        json!({"required_plain": "a", "required_nullable": null, "optional_nullable": 5, "type": "t", "self": true}),
    );
    assert_eq!(set.optional_nullable, Some(Some(5)));
    assert_eq!(set.r#type.as_deref(), Some("t"));
    assert_eq!(set.self_, Some(true));
}

#[test]
fn properties_named_like_the_reading_code_read() {
    let clashes: Clashes = round_trip(json!({
        "key": "k", "map": 1, "__map": true, "M": "m", "Result": "r", "None": "n", "other": "o"
    }));
    assert_eq!((clashes.key.as_str(), clashes.map), ("k", 1));
    assert_eq!(clashes.map2, Some(true));
    assert_eq!(clashes.additional_properties["other"], "o");
}

#[test]
fn an_object_given_as_an_array_or_twice_does_not_decode() {
    let array = serde_json::from_value::<Dog>(json!(["dog", true])).expect_err("an array");
    assert!(array.to_string().contains("`Dog` object"), "{array}");
    let twice =
        serde_json::from_str::<Dog>(r#"{"petType": "dog", "petType": "dog"}"#).expect_err("twice");
    assert!(
        twice.to_string().contains("duplicate field `petType`"),
        "{twice}"
    );
}

#[test]
fn an_object_without_properties_reads_from_any_object() {
    let _: Closed = round_trip(json!({}));
    let read: Closed = serde_json::from_value(json!({"a": 1})).expect("skipped");
    assert_eq!(serde_json::to_value(read).expect("encodes"), json!({}));
    serde_json::from_value::<Closed>(json!([])).expect_err("not an object");
}

#[test]
fn null_for_an_optional_property_that_is_not_nullable_reads_as_absent() {
    // Servers send `null` for properties their spec calls optional only;
    // serde's derive read it as `None`, and so does the runtime's reading.
    let dog: Dog =
        serde_json::from_value(json!({"petType": "dog", "goodBoy": null})).expect("null");
    assert_eq!(dog.good_boy, None);
    let nulls: Nulls = serde_json::from_value(
        json!({"required_plain": "a", "required_nullable": null, "optional_plain": null}),
    )
    .expect("null");
    assert_eq!(nulls.optional_plain, None);
}

#[test]
fn a_required_field_that_is_missing_does_not_decode() {
    let err = serde_json::from_value::<Nulls>(json!({"required_nullable": null}))
        .expect_err("missing field");
    assert!(err.to_string().contains("required_plain"), "{err}");
}

#[test]
fn discriminated_union_dispatches_on_the_tag_and_keeps_unknown_tags() {
    let cat = round_trip::<Pet>(json!({"petType": "cat", "lives": 9}));
    assert!(matches!(cat, Pet::Cat(Cat { lives: 9, .. })), "{cat:?}");
    let dog = round_trip::<Pet>(json!({"petType": "dog", "goodBoy": true}));
    assert!(
        matches!(
            dog,
            Pet::Dog(Dog {
                good_boy: Some(true),
                ..
            })
        ),
        "{dog:?}"
    );
    let fish = round_trip::<Pet>(json!({"petType": "fish", "fins": 2}));
    assert_eq!(fish, Pet::Unknown(json!({"petType": "fish", "fins": 2})));
    let err =
        serde_json::from_value::<Pet>(json!({"petType": "cat"})).expect_err("cat without lives");
    assert!(err.to_string().contains("lives"), "{err}");
}

#[test]
fn untagged_union_tries_each_variant_and_keeps_what_fits_none() {
    assert_eq!(round_trip::<Scalar>(json!("x")), Scalar::String("x".into()));
    assert_eq!(round_trip::<Scalar>(json!(7)), Scalar::Integer(7));
    assert!(matches!(
        round_trip::<Scalar>(json!({"petType": "dog"})),
        Scalar::Dog(_)
    ));
    assert_eq!(
        round_trip::<Scalar>(json!([1, 2])),
        Scalar::Other(json!([1, 2]))
    );
}

#[test]
fn additional_properties_as_a_map_and_beside_fields() {
    let labels: Labels = round_trip(json!({"a": "1", "b": "2"}));
    assert_eq!(labels.get("b").map(String::as_str), Some("2"));
    let ext: Extensible = round_trip(json!({"id": "x", "extra": 3, "more": 4}));
    assert_eq!(ext.id, "x");
    assert_eq!(ext.additional_properties.get("more"), Some(&4));
}

#[test]
fn recursive_types_nest() {
    let tree: TreeNode = round_trip(json!({
        "name": "root",
        "children": [{"name": "leaf", "children": []}],
        "parent": {"name": "up"}
    }));
    assert_eq!(tree.parent.as_ref().map(|p| p.name.as_str()), Some("up"));
    assert_eq!(tree.children.as_ref().map(Vec::len), Some(1));
    let ping: Ping = round_trip(json!({"pong": {"ping": {"pong": {}}}}));
    assert!(ping.pong.and_then(|p| p.ping).is_some());
}

#[test]
fn all_of_merges_members_into_one_struct() {
    let merged: Merged = round_trip(json!({"petType": "dog", "goodBoy": false, "name": "Rex"}));
    assert_eq!(merged.name, "Rex");
    assert_eq!(merged.good_boy, Some(false));
}
