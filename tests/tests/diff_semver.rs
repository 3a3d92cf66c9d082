//! Semver impact of spec changes on the generated Rust API, on fixture
//! pairs of `tests/fixtures/diff`: exactly which items change, and the bump.

use paylink_codegen::diff::{diff, Bump, Side};
use paylink_tests::fixture;

/// (rule, bump, side, item) of the Rust changes between a pair's two specs.
fn impact(name: &str) -> (Bump, Vec<Row>) {
    let read = |stem: &str| {
        let path = fixture(&format!("diff/{name}/{stem}.yaml"));
        paylink_codegen::read_spec(&path).expect("fixture reads")
    };
    let report = diff(&read("old"), &read("new"));
    let rows = report
        .rust
        .iter()
        .map(|c| (c.rule.to_string(), c.bump, c.side, c.item.clone()))
        .collect();
    (report.bump, rows)
}

type Row = (String, Bump, Side, String);

fn rows(list: &[(&str, Bump, Side, &str)]) -> Vec<Row> {
    list.iter()
        .map(|(r, b, s, i)| (r.to_string(), *b, *s, i.to_string()))
        .collect()
}

#[test]
fn removed_and_renamed_methods_are_major_for_clients_and_implementors() {
    assert_eq!(
        impact("operation-removed"),
        (
            Bump::Major,
            rows(&[
                (
                    "method-removed",
                    Bump::Major,
                    Side::Client,
                    "Client::delete_pets"
                ),
                (
                    "handler-removed",
                    Bump::Major,
                    Side::Server,
                    "server::Api::delete_pets"
                ),
            ])
        )
    );
    assert_eq!(
        impact("operation-id-changed"),
        (
            Bump::Major,
            rows(&[
                (
                    "method-renamed",
                    Bump::Major,
                    Side::Client,
                    "Client::list_pets"
                ),
                ("type-renamed", Bump::Major, Side::Client, "ListPets"),
                ("type-renamed", Bump::Major, Side::Both, "ListPetsResponse"),
                (
                    "handler-renamed",
                    Bump::Major,
                    Side::Server,
                    "server::Api::list_pets"
                ),
                (
                    "type-renamed",
                    Bump::Major,
                    Side::Server,
                    "server::ListPetsRequest"
                ),
            ])
        )
    );
}

#[test]
fn an_added_method_is_minor_for_clients_but_major_for_implementors() {
    assert_eq!(
        impact("operation-added"),
        (
            Bump::Major,
            rows(&[
                (
                    "handler-added",
                    Bump::Major,
                    Side::Server,
                    "server::Api::delete_pets"
                ),
                (
                    "method-added",
                    Bump::Minor,
                    Side::Client,
                    "Client::delete_pets"
                ),
            ])
        )
    );
}

#[test]
fn a_new_required_argument_a_lost_setter_and_a_retyped_request_field_are_major() {
    assert_eq!(
        impact("parameter-made-required"),
        (
            Bump::Major,
            rows(&[
                (
                    "method-signature-changed",
                    Bump::Major,
                    Side::Client,
                    "Client::list_pets"
                ),
                (
                    "setter-removed",
                    Bump::Major,
                    Side::Client,
                    "ListPets::limit"
                ),
                (
                    "request-field-type-changed",
                    Bump::Major,
                    Side::Server,
                    "server::ListPetsRequest::limit"
                ),
            ])
        )
    );
    // A new parameter is a new field of the server's request struct: code
    // building it (tests of handlers) no longer compiles.
    assert_eq!(
        impact("parameter-added-optional"),
        (
            Bump::Major,
            rows(&[
                (
                    "request-field-added",
                    Bump::Major,
                    Side::Server,
                    "server::ListPetsRequest::limit"
                ),
                ("setter-added", Bump::Minor, Side::Client, "ListPets::limit"),
            ])
        )
    );
}

#[test]
fn struct_fields_added_or_retyped_break_literals_on_both_sides() {
    assert_eq!(
        impact("request-required-property-added"),
        (
            Bump::Major,
            rows(&[(
                "struct-field-added",
                Bump::Major,
                Side::Both,
                "types::CreatePetRequest::age"
            )])
        )
    );
    assert_eq!(
        impact("response-type-changed"),
        (
            Bump::Major,
            rows(&[(
                "struct-field-type-changed",
                Bump::Major,
                Side::Both,
                "types::Pet::id"
            )])
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
                Side::Both,
                "types::PetStatus::Pending"
            )])
        )
    );
    // Servers construct response variants and clients match them: a removed
    // one breaks both, an added one only clients' exhaustive matches.
    assert_eq!(
        impact("response-status-removed"),
        (
            Bump::Major,
            rows(&[(
                "enum-variant-removed",
                Bump::Major,
                Side::Both,
                "GetPetResponse::NotFound"
            )])
        )
    );
    assert_eq!(
        impact("response-status-added"),
        (
            Bump::Major,
            rows(&[(
                "enum-variant-added",
                Bump::Major,
                Side::Client,
                "GetPetResponse::NotFound"
            )])
        )
    );
}

#[test]
fn renamed_path_parameters_rename_only_the_server_request_fields() {
    // Client arguments are positional: a new name with the same type is no
    // break. Handlers read the request struct's fields by name.
    assert_eq!(
        impact("path-parameter-renamed"),
        (
            Bump::Major,
            rows(&[
                (
                    "request-field-removed",
                    Bump::Major,
                    Side::Server,
                    "server::GetPetRequest::id"
                ),
                (
                    "request-field-added",
                    Bump::Major,
                    Side::Server,
                    "server::GetPetRequest::pet_id"
                ),
            ])
        )
    );
    assert_eq!(impact("equivalent/reordering"), (Bump::Patch, Vec::new()));
}

#[test]
fn response_variants_are_named_as_the_emitter_names_them() {
    // Two media types of one status get the encoding in their names.
    let (_, found) = impact("response-media-type-removed");
    let items: Vec<&str> = found.iter().map(|r| r.3.as_str()).collect();
    assert!(items.iter().any(|i| i.ends_with("::OkJson")), "{items:?}");
}

#[test]
fn the_credential_surface_is_compared_field_setter_and_environment() {
    assert_eq!(
        impact("rust-credentials"),
        (
            Bump::Major,
            rows(&[
                (
                    "environment-removed",
                    Bump::Major,
                    Side::Client,
                    "Client::sandbox"
                ),
                (
                    "credential-type-changed",
                    Bump::Major,
                    Side::Both,
                    "Credentials::legacy"
                ),
                (
                    "credential-added",
                    Bump::Major,
                    Side::Both,
                    "Credentials::partner"
                ),
                (
                    "environment-added",
                    Bump::Minor,
                    Side::Client,
                    "Client::test"
                ),
                (
                    "token-setter-added",
                    Bump::Minor,
                    Side::Client,
                    "Client::with_bearer_credentials"
                ),
            ])
        )
    );
    // Backwards, the token setter goes away: code calling it breaks.
    let read = |stem: &str| {
        let path = paylink_tests::fixture(&format!("diff/rust-credentials/{stem}.yaml"));
        paylink_codegen::read_spec(&path).expect("fixture reads")
    };
    let report = paylink_codegen::diff::diff(&read("new"), &read("old"));
    let removed = report
        .rust
        .iter()
        .find(|c| c.rule == "token-setter-removed")
        .map(|c| (c.bump, c.item.as_str()));
    assert_eq!(
        removed,
        Some((Bump::Major, "Client::with_bearer_credentials"))
    );
}

#[test]
fn a_typed_format_added_or_dropped_is_the_type_change_it_makes() {
    // `hostname` to `email` leaves the field a `String`: no Rust change.
    assert_eq!(
        impact("rust-formats"),
        (
            Bump::Major,
            rows(&[
                (
                    "method-signature-changed",
                    Bump::Major,
                    Side::Client,
                    "Client::get_pets"
                ),
                (
                    "setter-type-changed",
                    Bump::Major,
                    Side::Client,
                    "GetPets::since"
                ),
                (
                    "request-field-type-changed",
                    Bump::Major,
                    Side::Server,
                    "server::GetPetsRequest::day"
                ),
                (
                    "request-field-type-changed",
                    Bump::Major,
                    Side::Server,
                    "server::GetPetsRequest::since"
                ),
                (
                    "struct-field-type-changed",
                    Bump::Major,
                    Side::Both,
                    "types::Pet::born"
                ),
                (
                    "struct-field-type-changed",
                    Bump::Major,
                    Side::Both,
                    "types::Pet::id"
                ),
            ])
        )
    );
}

/// The Rust changes of a pair's `item`, and the module generated for its
/// new spec.
fn message_and_module(name: &str, item: &str) -> (String, String) {
    let path = fixture(&format!("diff/{name}/new.yaml"));
    let old = paylink_codegen::read_spec(&fixture(&format!("diff/{name}/old.yaml")))
        .expect("fixture reads");
    let new = paylink_codegen::read_spec(&path).expect("fixture reads");
    let report = diff(&old, &new);
    let change = report.rust.iter().find(|c| c.item == item);
    let message = change.map(|c| c.message.clone()).unwrap_or_default();
    let text = std::fs::read_to_string(&path).expect("fixture reads");
    let options = paylink_codegen::Options::default();
    let module = paylink_codegen::generate::generate_str("new.yaml", &text, &options)
        .expect("fixture generates")
        .code;
    (message, module)
}

#[test]
fn union_variants_are_compared_boxed_as_the_emitter_declares_them() {
    // `Negation` comes to hold an `Expr`: the cycle boxes the field and
    // the union's variant. Comparing variants unboxed, the variant's
    // change (`Expr::Negation(v)` now holds a `Box`) went unreported.
    assert_eq!(
        impact("rust-boxed-variant"),
        (
            Bump::Major,
            rows(&[
                (
                    "enum-variant-type-changed",
                    Bump::Major,
                    Side::Both,
                    "types::Expr::Negation"
                ),
                (
                    "struct-field-type-changed",
                    Bump::Major,
                    Side::Both,
                    "types::Negation::operand"
                ),
            ])
        )
    );
    let (message, module) = message_and_module("rust-boxed-variant", "types::Expr::Negation");
    assert!(message.ends_with("to `Box<Negation>`"), "{message}");
    assert!(module.contains("Negation(Box<Negation>)"), "{module}");
}

#[test]
fn members_the_emitter_adds_are_compared_too() {
    // Three members no spec names: a value `unknown` takes the enum's
    // fallback name, so the fallback becomes `Unknown2` and arms matching
    // `Status::Unknown(value)` stop compiling; the first documented
    // response removes `Undocumented`; servers of its own give an
    // operation's builder a `server` setter.
    assert_eq!(
        impact("rust-implicit-members"),
        (
            Bump::Major,
            rows(&[
                (
                    "enum-variant-added",
                    Bump::Major,
                    Side::Client,
                    "PingResponse::NoContent"
                ),
                (
                    "enum-variant-removed",
                    Bump::Major,
                    Side::Both,
                    "PingResponse::Undocumented"
                ),
                (
                    "enum-variant-type-changed",
                    Bump::Major,
                    Side::Both,
                    "types::Status::Unknown"
                ),
                (
                    "enum-variant-added",
                    Bump::Major,
                    Side::Both,
                    "types::Status::Unknown2"
                ),
                (
                    "setter-added",
                    Bump::Minor,
                    Side::Client,
                    "GetStatus::server"
                ),
            ])
        )
    );
    let (message, module) = message_and_module("rust-implicit-members", "types::Status::Unknown");
    assert!(message.ends_with("to no payload"), "{message}");
    assert!(module.contains("Unknown2(String)"), "{module}");
    assert!(module.contains("pub fn server("), "{module}");
}

#[test]
fn page_streams_are_part_of_the_client_surface() {
    // `listLinks` loses its cursor, `listPayments`' items become numbers,
    // `listRefunds` starts paging: the `pages`/`items` streams of their
    // builders are removed, retyped and added.
    let (bump, found) = impact("rust-pages");
    assert_eq!(bump, Bump::Major);
    let pages: Vec<Row> = found
        .into_iter()
        .filter(|(rule, ..)| rule.starts_with("pages-"))
        .collect();
    assert_eq!(
        pages,
        rows(&[
            (
                "pages-removed",
                Bump::Major,
                Side::Client,
                "ListLinks::pages"
            ),
            (
                "pages-changed",
                Bump::Major,
                Side::Client,
                "ListPayments::pages"
            ),
            (
                "pages-added",
                Bump::Minor,
                Side::Client,
                "ListRefunds::pages"
            ),
        ])
    );
    let (message, module) = message_and_module("rust-pages", "ListPayments::pages");
    assert!(message.ends_with("with items `i64`"), "{message}");
    assert!(
        module.contains("rt::Stream<Item = Result<i64, rt::Error>>"),
        "{module}"
    );
}
