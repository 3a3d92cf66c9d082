//! Semver impact of spec changes on the generated Rust API, on fixture
//! pairs of `tests/fixtures/diff`: exactly which items change, and the bump.

use paylink_codegen::diff::{diff, Bump};
use paylink_tests::fixture;

/// (rule, bump, item) of the Rust changes between a pair's two specs.
fn impact(name: &str) -> (Bump, Vec<(String, Bump, String)>) {
    let read = |stem: &str| {
        let path = fixture(&format!("diff/{name}/{stem}.yaml"));
        paylink_codegen::read_spec(&path).expect("fixture reads")
    };
    let report = diff(&read("old"), &read("new"));
    let rows = report
        .rust
        .iter()
        .map(|c| (c.rule.to_string(), c.bump, c.item.clone()))
        .collect();
    (report.bump, rows)
}

fn rows(list: &[(&str, Bump, &str)]) -> Vec<(String, Bump, String)> {
    list.iter()
        .map(|(r, b, i)| (r.to_string(), *b, i.to_string()))
        .collect()
}

#[test]
fn removed_and_renamed_methods_are_major() {
    assert_eq!(
        impact("operation-removed"),
        (
            Bump::Major,
            rows(&[("method-removed", Bump::Major, "Client::delete_pets")])
        )
    );
    assert_eq!(
        impact("operation-id-changed"),
        (
            Bump::Major,
            rows(&[
                ("method-renamed", Bump::Major, "Client::list_pets"),
                ("type-renamed", Bump::Major, "ListPets"),
                ("type-renamed", Bump::Major, "ListPetsResponse"),
            ])
        )
    );
}

#[test]
fn an_added_method_is_minor() {
    assert_eq!(
        impact("operation-added"),
        (
            Bump::Minor,
            rows(&[("method-added", Bump::Minor, "Client::delete_pets")])
        )
    );
}

#[test]
fn a_new_required_argument_and_a_lost_setter_are_major() {
    assert_eq!(
        impact("parameter-made-required"),
        (
            Bump::Major,
            rows(&[
                ("method-signature-changed", Bump::Major, "Client::list_pets"),
                ("setter-removed", Bump::Major, "ListPets::limit"),
            ])
        )
    );
}

#[test]
fn struct_fields_added_or_retyped_break_literals() {
    assert_eq!(
        impact("request-required-property-added"),
        (
            Bump::Major,
            rows(&[(
                "struct-field-added",
                Bump::Major,
                "types::CreatePetBody::age"
            )])
        )
    );
    assert_eq!(
        impact("response-type-changed"),
        (
            Bump::Major,
            rows(&[("struct-field-type-changed", Bump::Major, "types::Pet::id")])
        )
    );
}

#[test]
fn enums_are_exhaustive_so_new_variants_are_major() {
    // The wire-level rule is a warning (unknown values land in `Unknown`),
    // but a `match` without a wildcard arm stops compiling.
    assert_eq!(
        impact("response-enum-value-added"),
        (
            Bump::Major,
            rows(&[(
                "enum-variant-added",
                Bump::Major,
                "types::PetStatus::Pending"
            )])
        )
    );
    assert_eq!(
        impact("response-status-removed"),
        (
            Bump::Major,
            rows(&[(
                "enum-variant-removed",
                Bump::Major,
                "GetPetResponse::NotFound"
            )])
        )
    );
}

#[test]
fn renamed_path_parameters_and_reordering_change_nothing() {
    // Arguments are positional: a new name with the same type is no break.
    assert_eq!(impact("path-parameter-renamed"), (Bump::Patch, Vec::new()));
    assert_eq!(impact("equivalent/reordering"), (Bump::Patch, Vec::new()));
}
