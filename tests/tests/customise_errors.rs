//! What the customisation refuses, and where it says so: `x-rust-type`
//! values that carry code (statements, blocks, attributes, macros) are
//! refused with a warning located at the extension and leave no trace in
//! the output; option entries naming no type, patching an alias, renaming
//! onto a taken name or holding something that is not a path are errors
//! through `Config`, the CLI and `provider!` alike.

use std::path::Path;

use paylink_codegen::{cli, expand, Config};
use paylink_tests::fixture;
use quote::quote;

fn shop() -> (String, String) {
    let path = fixture("custom/shop.yaml");
    let text = std::fs::read_to_string(&path).expect("fixture");
    (path.display().to_string(), text)
}

#[test]
fn x_rust_type_carrying_code_is_refused_where_it_is_written() {
    let path = fixture("hostile/inject-rust-type.yaml");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let generated = Config::new()
        .generate("inject-rust-type.yaml", &text)
        .expect("generated without the refused types");
    let refused: Vec<_> = generated
        .warnings
        .iter()
        .filter(|w| w.message.contains("`x-rust-type` is refused"))
        .collect();
    assert_eq!(refused.len(), 11, "{:#?}", generated.warnings);
    for warning in &refused {
        assert!(warning.pointer.ends_with("/x-rust-type"), "{warning:?}");
        let at = warning.location.as_ref().expect("located");
        let line = text.lines().nth(at.line - 1).expect("the line exists");
        assert!(
            line.contains("x-rust-type"),
            "{warning:?} points at {line:?}"
        );
    }
    let code = &generated.code;
    for trace in [
        "evil",
        "panic",
        "cfg(all",
        "exit",
        "include!",
        "passwd",
        "super::super",
        "fn()",
    ] {
        assert!(!code.contains(trace), "`{trace}` reached the output");
    }
    // The schemas are generated as if they had no `x-rust-type`.
    let flat: String = code.split_whitespace().collect();
    assert!(flat.contains("pubstatement:Option<String>,"), "{code}");
    assert!(flat.contains("pubnumber:Option<String>,"), "{code}");
    assert!(code.contains("pub struct Whole {"), "{code}");
}

#[test]
fn unknown_names_are_errors_listing_the_near_ones() {
    let (path, text) = shop();
    for (config, expected) in [
        (
            Config::new().replace(["Mony=crate::Money"]).clone(),
            "`replace`: no component schema is named `Mony`",
        ),
        (
            Config::new().patch(["Skus: derive(Hash)"]).clone(),
            "`patch`: no component schema or generated type is named `Skus`",
        ),
        (
            Config::new().rename(["order=Purchase"]).clone(),
            "`rename`: no component schema or generated type is named `order`",
        ),
    ] {
        let error = config.generate(&path, &text).expect_err(expected);
        let shown = format!("{error:?}");
        assert!(shown.contains(expected), "{shown}");
        assert!(shown.contains("did you mean `"), "{shown}");
        assert!(shown.contains("shop.yaml:"), "located in the spec: {shown}");
    }
}

#[test]
fn patching_an_alias_or_renaming_onto_a_taken_name_is_an_error() {
    let (path, text) = shop();
    let alias = Config::new()
        .patch(["Code: derive(Hash)"])
        .generate(&path, &text)
        .expect_err("an alias takes no derive");
    assert!(
        format!("{alias:?}").contains("`Code` is a type alias"),
        "{alias:?}"
    );
    let taken = Config::new()
        .rename(["Order=Sku"])
        .generate(&path, &text)
        .expect_err("Sku is taken");
    assert!(
        format!("{taken:?}").contains("`Sku` is already the name"),
        "{taken:?}"
    );
    let replaced = Config::new()
        .replace(["Money=crate::Money"])
        .rename(["Money=Cash"])
        .generate(&path, &text)
        .expect_err("a replaced type is not generated");
    assert!(
        format!("{replaced:?}").contains("no generated type to rename"),
        "{replaced:?}"
    );
}

#[test]
fn option_text_that_is_not_a_path_is_refused_before_the_spec_is_read() {
    for (config, expected) in [
        (
            Config::new()
                .replace(["Money=String; fn evil() {}"])
                .clone(),
            "the type `String; fn evil() {}` is not a Rust type",
        ),
        (
            Config::new().replace(["Money=super::Money"]).clone(),
            "starts with `self` or `super`",
        ),
        (
            Config::new().patch(["Sku: derive(1 + 1)"]).clone(),
            "derives something that is not a path",
        ),
        (
            Config::new().patch(["Sku"]).clone(),
            "is not of the form `Name: derive(Hash, Eq)`",
        ),
        (
            Config::new().rename(["Sku=Option"]).clone(),
            "`Option` cannot name a generated type",
        ),
    ] {
        // Not even a spec: the options are refused first.
        let error = config.generate("x.yaml", "not a spec").expect_err(expected);
        assert!(
            matches!(error, paylink_codegen::Error::Option(_)),
            "{error:?}"
        );
        assert!(error.to_string().contains(expected), "{error}");
    }
}

fn cli_errors(flags: &[&str]) -> (u8, String) {
    let spec = fixture("custom/shop.yaml");
    let out = std::env::temp_dir().join(format!("customise-errors-{}.rs", std::process::id()));
    let mut args: Vec<String> = ["paylink-codegen", "generate"].map(String::from).to_vec();
    args.push(spec.display().to_string());
    args.extend(["-o".to_string(), out.display().to_string()]);
    args.extend(flags.iter().map(ToString::to_string));
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let status = cli::run(args, &mut stdout, &mut stderr);
    assert!(!Path::new(&out).exists(), "nothing is written on an error");
    (status, String::from_utf8_lossy(&stderr).into_owned())
}

#[test]
fn the_cli_says_the_same() {
    let (status, text) = cli_errors(&["--replace", "Mony=crate::Money"]);
    assert_eq!(status, 1, "{text}");
    assert!(text.contains("did you mean `Money`"), "{text}");
    assert!(text.contains("shop.yaml:"), "{text}");
    let (status, text) = cli_errors(&["--patch", "Sku: derive(Hash, 1)"]);
    assert_ne!(status, 0, "{text}");
    assert!(
        text.contains("derives something that is not a path"),
        "{text}"
    );
}

#[test]
fn provider_says_the_same_on_the_argument() {
    let (path, _) = shop();
    let expanded = |args: proc_macro2::TokenStream| expand::provider(args).to_string();
    let code = expanded(quote!(spec = #path, replace = ["Money={ panic!() }"]));
    assert!(code.contains("compile_error"), "{code}");
    assert!(code.contains("is not a Rust type"), "{code}");
    assert!(!code.contains("pub struct Money"), "only stubs: {code}");
    let unknown = expanded(quote!(spec = #path, patch = ["Skus: derive(Hash)"]));
    assert!(unknown.contains("compile_error"), "{unknown}");
    assert!(unknown.contains("did you mean `Sku`"), "{unknown}");
}
