//! The three front ends give the same code: the `provider!` expansion is
//! token for token the module file the CLI writes for the same options
//! (but for the trailing commas formatting adds and drops),
//! and `Config` writes the same module for `include!`, only when it changed.

use std::path::{Path, PathBuf};

use paylink_codegen::{cli, expand, Config};
use paylink_tests::{corpus_dir, fixture, workspace_root};
use quote::{quote, ToTokens};

/// A scratch directory of this test under `target/`.
fn scratch(name: &str) -> PathBuf {
    let dir = workspace_root().join("target").join("build-api").join(name);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// What `paylink-codegen generate SPEC -o FILE FLAGS...` writes.
fn cli_output(spec: &Path, flags: &[&str], out: &Path) -> String {
    let mut args = vec!["paylink-codegen".to_string(), "generate".into()];
    args.push(spec.display().to_string());
    args.extend(["-o".to_string(), out.display().to_string()]);
    args.extend(flags.iter().map(ToString::to_string));
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let status = cli::run(args, &mut stdout, &mut stderr);
    assert_eq!(status, 0, "{}", String::from_utf8_lossy(&stderr));
    std::fs::read_to_string(out).expect("the CLI wrote its file")
}

/// The items inside the `pub mod` the macro expands to, without the
/// `include_bytes!` of the spec that makes Cargo track it.
fn macro_module(args: proc_macro2::TokenStream) -> (String, syn::File) {
    let expanded: syn::File = syn::parse2(expand::provider(args)).expect("expansion parses");
    assert_eq!(expanded.items.len(), 1, "one module: {}", quote!(#expanded));
    let syn::Item::Mod(module) = &expanded.items[0] else {
        panic!("not a module: {}", quote!(#expanded));
    };
    let (_, items) = module.content.clone().expect("inline module");
    // One `const _: &[u8] = include_bytes!(..)` per input: the spec and
    // each overlay.
    let (tracked, items): (Vec<syn::Item>, Vec<syn::Item>) = items.into_iter().partition(|item| {
        matches!(item, syn::Item::Const(c) if c.ident == "_")
            && item
                .to_token_stream()
                .to_string()
                .contains("include_bytes !")
    });
    assert!(!tracked.is_empty(), "the spec is tracked");
    let file = syn::File {
        shebang: None,
        attrs: module.attrs.clone(),
        items,
    };
    (module.ident.to_string(), file)
}

/// Inner attributes (docs included) of a module, as the file form has them.
fn inner(file: &syn::File) -> syn::File {
    let mut file = file.clone();
    for attr in &mut file.attrs {
        attr.style = syn::AttrStyle::Inner(Default::default());
    }
    file
}

/// Tokens with every string literal spelled one way (`r"x"` and `"x"` are
/// the same token to the compiler: doc comments come out raw from `quote!`
/// and plain from the parser), and without what formatting adds or drops
/// (the CLI's file is formatted, the macro's expansion is not): a comma
/// that ends a list (`{ a, }`, `<T,>`), and the braces around a match
/// arm's body (`=> { x }` and `=> x,` are read as `=> x,`).
fn normalized(tokens: proc_macro2::TokenStream) -> String {
    walk(tokens).to_string()
}

fn walk(tokens: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    use proc_macro2::{Delimiter, Group, Literal, TokenTree};
    let is = |tree: Option<&TokenTree>, c: char| matches!(tree, Some(TokenTree::Punct(p)) if p.as_char() == c);
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::new();
    let mut i = 0;
    while i < trees.len() {
        let tree = &trees[i];
        i += 1;
        let arm = is(out.last(), '>') && out.len() >= 2 && is(out.get(out.len() - 2), '=');
        match tree {
            TokenTree::Group(g) if arm && g.delimiter() == Delimiter::Brace => {
                out.extend(walk(g.stream()));
                out.push(TokenTree::Punct(proc_macro2::Punct::new(
                    ',',
                    proc_macro2::Spacing::Alone,
                )));
                if is(trees.get(i), ',') {
                    i += 1;
                }
            }
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), walk(g.stream()));
                group.set_span(g.span());
                out.push(TokenTree::Group(group));
            }
            TokenTree::Punct(p)
                if p.as_char() == ',' && (i == trees.len() || is(trees.get(i), '>')) => {}
            TokenTree::Literal(lit) => {
                out.push(match syn::parse2::<syn::LitStr>(lit.to_token_stream()) {
                    Ok(s) => TokenTree::Literal(Literal::string(&s.value())),
                    Err(_) => TokenTree::Literal(lit.clone()),
                })
            }
            other => out.push(other.clone()),
        }
    }
    if is(out.last(), ',') {
        out.pop();
    }
    out.into_iter().collect()
}

fn assert_same(spec: &Path, flags: &[&str], args: proc_macro2::TokenStream, module: &str) {
    let out = scratch("cli").join(format!("{module}.rs"));
    let file: syn::File =
        syn::parse_file(&cli_output(spec, flags, &out)).expect("CLI output parses");
    let (name, from_macro) = macro_module(args);
    assert_eq!(name, module);
    let (cli_tokens, macro_tokens) = (normalized(quote!(#file)), normalized(quote!(#from_macro)));
    assert!(cli_tokens.len() > 1000, "{cli_tokens}");
    assert_eq!(
        normalized(inner(&from_macro).to_token_stream()),
        macro_tokens
    );
    let at = cli_tokens
        .bytes()
        .zip(macro_tokens.bytes())
        .position(|(a, b)| a != b)
        .unwrap_or(cli_tokens.len().min(macro_tokens.len()));
    let around = |s: &str| s[at.saturating_sub(80)..(at + 80).min(s.len())].to_string();
    assert!(
        cli_tokens == macro_tokens,
        "{}: the macro's module differs from the CLI's file at byte {at}:\n  CLI:   {}\n  macro: {}",
        spec.display(),
        around(&cli_tokens),
        around(&macro_tokens)
    );
}

#[test]
fn the_macro_expands_to_the_cli_module_for_a_built_in_spec() {
    let spec = workspace_root().join("specs").join("onepay.yaml");
    let path = spec.display().to_string();
    assert_same(
        &spec,
        &[
            "--server=false",
            "--derives",
            "Eq,Hash",
            "--tags",
            "Payment Links",
        ],
        quote!(spec = #path, server = false, derives = ["Eq", "Hash"], tags = ["Payment Links"]),
        "onepay",
    );
}

#[test]
fn formats_as_strings_is_the_same_through_the_cli_the_macro_and_config() {
    let spec = workspace_root().join("specs").join("onepay.yaml");
    let path = spec.display().to_string();
    assert_same(
        &spec,
        &["--formats-as-strings", "--server=false"],
        quote!(spec = #path, formats_as_strings = true, server = false),
        "onepay",
    );
    let text = std::fs::read_to_string(&spec).expect("spec");
    let typed = Config::new().generate("onepay.yaml", &text).expect("typed");
    let strings = Config::new()
        .formats_as_strings(true)
        .generate("onepay.yaml", &text)
        .expect("strings");
    assert!(typed.code.contains("pub created_at: rt::DateTime,"));
    assert!(strings.code.contains("pub created_at: String,"));
    assert!(
        !strings.code.contains("rt::Date"),
        "no typed format is left"
    );
}

#[test]
fn customisation_is_the_same_through_the_cli_the_macro_and_config() {
    let spec = fixture("custom/shop.yaml");
    let overlay = fixture("custom/shop.overlay.yaml").display().to_string();
    let path = spec.display().to_string();
    let (replace, patch_sku, patch_order, rename) = (
        "Money=crate::shop_types::Money",
        "Sku: derive(Hash, Eq)",
        "Order: serde(deny_unknown_fields)",
        "Order=Purchase",
    );
    let flags = [
        "--overlay",
        overlay.as_str(),
        "--replace",
        replace,
        "--patch",
        patch_sku,
        "--patch",
        patch_order,
        "--rename",
        rename,
    ];
    assert_same(
        &spec,
        &flags,
        quote!(spec = #path, overlays = [#overlay], replace = [#replace],
            patch = [#patch_sku, #patch_order], rename = [#rename]),
        "shop",
    );
    let from_cli = cli_output(&spec, &flags, &scratch("custom").join("shop.rs"));
    let text = std::fs::read_to_string(&spec).expect("spec");
    let from_config = Config::new()
        .overlays([overlay.as_str()])
        .replace([replace])
        .patch([patch_sku, patch_order])
        .rename([rename])
        .generate(&path, &text)
        .expect("generates")
        .code;
    assert_eq!(from_config, from_cli, "Config writes what the CLI writes");
    let flat: String = from_config.split_whitespace().collect();
    assert!(
        flat.contains("pubtotal:crate::shop_types::Money,"),
        "{from_config}"
    );
    assert!(
        flat.contains("Option<crate::shop_types::Stamp>"),
        "x-rust-type in the spec"
    );
    assert!(
        flat.contains("Option<crate::shop_types::Note>"),
        "x-rust-type in the overlay"
    );
    assert!(
        flat.contains("rt::serde::Serialize,Hash,Eq)]#[serde(crate=\"rt::serde\")]pubstructSku{")
    );
    assert!(
        flat.contains("rt::object!(Sku{"),
        "Sku reads through the runtime"
    );
    // A patch with serde attributes keeps serde's derive, which reads them.
    assert!(
        flat.contains("rt::serde::Serialize,rt::serde::Deserialize)]#[serde(deny_unknown_fields)]")
    );
    assert!(!flat.contains("rt::object!(Purchase"));
    assert!(flat
        .contains("#[serde(deny_unknown_fields)]#[serde(crate=\"rt::serde\")]pubstructPurchase{"));
    for gone in ["pub struct Money", "MoneyBreakdown", "pub struct Order "] {
        assert!(!from_config.contains(gone), "`{gone}` is generated");
    }
}

#[test]
fn the_macro_expands_to_the_cli_module_for_client_and_server() {
    let spec = workspace_root().join("specs").join("payroc.yaml");
    let path = spec.display().to_string();
    assert_same(
        &spec,
        &["--server-feature", "server"],
        quote!(spec = #path, module = "payroc", server_feature = "server"),
        "payroc",
    );
}

#[test]
fn the_macro_expands_to_the_cli_module_with_tag_features() {
    let spec = workspace_root().join("specs").join("payroc.yaml");
    let path = spec.display().to_string();
    assert_same(
        &spec,
        &["--tag-features", "payroc-", "--server-feature", "server"],
        quote!(spec = #path, module = "payroc_tagged", tag_features = "payroc-", server_feature = "server"),
        "payroc_tagged",
    );
}

#[test]
fn the_macro_expands_to_the_cli_module_for_a_corpus_spec() {
    let Some(corpus) = corpus_dir() else { return };
    let spec = corpus.join("specs").join("oai-petstore.yaml");
    let path = spec.display().to_string();
    assert_same(
        &spec,
        &["--types-only"],
        quote!(spec = #path, types_only = true, module = "oai_petstore"),
        "oai_petstore",
    );
}

#[test]
fn compile_writes_the_module_for_include_only_when_it_changed() {
    let dir = scratch("compile");
    let first = Config::new()
        .out_dir(&dir)
        .server(false)
        .compile(fixture("macro/acme.yaml"))
        .expect("compiles");
    assert_eq!(first, dir.join("acme.rs"));
    let code = std::fs::read_to_string(&first).expect("written");
    assert!(
        code.starts_with("// @generated by paylink-codegen"),
        "{code}"
    );
    let item: syn::File = syn::parse_file(&code).expect("parses");
    assert!(item.attrs.is_empty(), "include! needs no inner attributes");
    assert!(matches!(&item.items[..], [syn::Item::Mod(m)] if m.ident == "acme"));
    assert!(!code.contains("pub mod server"), "server(false)");

    let written = std::fs::metadata(&first)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    Config::new()
        .out_dir(&dir)
        .server(false)
        .compile(fixture("macro/acme.yaml"))
        .expect("compiles again");
    let again = std::fs::metadata(&first)
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(written, again, "unchanged content is not rewritten");

    Config::new()
        .out_dir(&dir)
        .compile(fixture("macro/acme.yaml"))
        .expect("compiles with the server");
    let with_server = std::fs::read_to_string(&first).expect("rewritten");
    assert!(with_server.contains("pub mod server"));
}

/// `compile` writes the module unformatted unless asked: the same tokens
/// as the formatted module (but for the trailing commas formatting adds
/// and drops), and with `formatted(true)` exactly what `generate_item`
/// returns.
#[test]
fn compile_writes_the_tokens_unformatted_unless_asked() {
    let spec = fixture("macro/acme.yaml");
    let compile = |dir: &str, formatted: bool| {
        let path = Config::new()
            .out_dir(scratch(dir))
            .formatted(formatted)
            .compile(&spec)
            .expect("compiles");
        std::fs::read_to_string(path).expect("written")
    };
    let (flat, formatted) = (compile("flat", false), compile("formatted", true));
    let text = std::fs::read_to_string(&spec).expect("fixture");
    let item = Config::new()
        .generate_item(&spec.display().to_string(), &text)
        .expect("generates");
    assert_eq!(formatted, item.code);
    assert_ne!(flat, formatted, "unformatted by default");
    // Clippy, linting the including crate, reads `} if` on one line as a
    // missing `else`.
    assert!(!flat.contains("} if"), "{flat}");
    let header: Vec<&str> = formatted.lines().take(2).collect();
    assert_eq!(flat.lines().take(2).collect::<Vec<_>>(), header);
    let parse = |code: &str| syn::parse_file(code).expect("parses");
    let (flat, formatted) = (parse(&flat), parse(&formatted));
    assert_eq!(
        normalized(quote!(#flat)),
        normalized(quote!(#formatted)),
        "the same tokens"
    );
}

#[test]
fn a_broken_spec_leaves_the_previous_module_in_place() {
    let dir = scratch("broken");
    let good = Config::new()
        .out_dir(&dir)
        .module("links")
        .compile(fixture("macro/acme.yaml"));
    let path = good.expect("compiles");
    let before = std::fs::read_to_string(&path).expect("written");
    let error = Config::new()
        .out_dir(&dir)
        .module("links")
        .compile(fixture("macro/broken_ref.yaml"))
        .expect_err("broken $ref");
    let text = format!("{error:?}");
    assert!(text.contains("broken_ref.yaml:13:24"), "{text}");
    assert!(text.contains("#/paths/~1links/get/responses/200"), "{text}");
    assert_eq!(std::fs::read_to_string(&path).expect("kept"), before);
}

#[test]
fn options_are_checked_before_anything_is_generated() {
    let spec = std::fs::read_to_string(fixture("macro/acme.yaml")).expect("fixture");
    let unknown_tag = Config::new().tags(["billing"]).generate("acme.yaml", &spec);
    let text = unknown_tag.expect_err("no such tag").to_string();
    assert!(
        text.contains("no operation has the tag `billing`"),
        "{text}"
    );
    assert!(text.contains("`links`"), "{text}");
    let unknown_operation = Config::new()
        .operations(["getLinks"])
        .generate("acme.yaml", &spec);
    let text = unknown_operation
        .expect_err("no such operation")
        .to_string();
    assert!(text.contains("`get_link`"), "{text}");
    let contradiction = Config::new()
        .types_only(true)
        .client(true)
        .generate("acme.yaml", &spec);
    assert!(contradiction.is_err());
    let bad_derive = Config::new()
        .derives(["not a path"])
        .generate("acme.yaml", &spec);
    assert!(bad_derive
        .expect_err("bad derive")
        .to_string()
        .contains("`not a path`"));
}

#[test]
fn selected_operations_and_sides() {
    let spec = std::fs::read_to_string(fixture("macro/acme.yaml")).expect("fixture");
    let types_only = Config::new()
        .types_only(true)
        .generate("acme.yaml", &spec)
        .expect("types");
    assert!(types_only.code.contains("pub struct Link"));
    assert!(!types_only.code.contains("pub struct Client"));
    assert!(!types_only.code.contains("pub mod server"));
    let server_only = Config::new()
        .server(true)
        .generate("acme.yaml", &spec)
        .expect("server");
    assert!(server_only.code.contains("pub mod server"));
    assert!(!server_only.code.contains("pub struct Client"));
    let by_id = Config::new()
        .operations(["getLink"])
        .generate("acme.yaml", &spec)
        .expect("by id");
    assert_eq!(by_id.operations, 1);
    let derived = Config::new()
        .derives(["Eq", "Hash", "Eq"])
        .generate("acme.yaml", &spec);
    let code = derived.expect("derives").code;
    let flat: String = code.split_whitespace().collect();
    assert!(flat.contains("rt::serde::Serialize,Eq,Hash)]"), "{code}");
    assert!(!flat.contains("Hash,Eq"), "{code}");
}

#[test]
fn the_cli_names_unknown_flags_and_bad_values() {
    let out = scratch("flags").join("x.rs");
    let spec = fixture("macro/acme.yaml").display().to_string();
    for (flag, expected) in [("--servr", "--server"), ("--server=maybe", "maybe")] {
        let args = ["paylink-codegen", "generate", spec.as_str(), "-o"];
        let args = args
            .iter()
            .map(ToString::to_string)
            .chain([out.display().to_string(), flag.into()]);
        let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
        assert_eq!(cli::run(args, &mut stdout, &mut stderr), 2, "{flag}");
        let text = String::from_utf8_lossy(&stderr);
        assert!(text.contains(expected), "{flag}: {text}");
    }
}

#[test]
fn the_readme_lists_every_option_with_its_flag_and_default() {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).expect("README");
    let table = readme
        .split("<!-- options:begin -->")
        .nth(1)
        .and_then(|rest| rest.split("<!-- options:end -->").next())
        .expect("the README's options table");
    let rows: Vec<&str> = table
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| option"))
        .collect();
    assert_eq!(
        rows.len(),
        paylink_codegen::options::OPTIONS.len(),
        "{table}"
    );
    for (row, info) in rows.iter().zip(paylink_codegen::options::OPTIONS) {
        let cells: Vec<&str> = row.split(" | ").collect();
        assert!(cells[1].starts_with(&format!("`--{}", info.flag)), "{row}");
        assert!(cells[2].contains(&format!("{}(", info.name)), "{row}");
        let default = cells[3].trim_end_matches(" |").trim_matches('`');
        assert_eq!(default, info.default, "{row}");
    }
}

#[test]
fn selecting_operations_drops_the_types_they_do_not_reach() {
    let spec = std::fs::read_to_string(workspace_root().join("specs/payroc.yaml")).expect("spec");
    let all = Config::new().generate("payroc.yaml", &spec).expect("all");
    let one = Config::new()
        .operations(["generateBearerToken"])
        .generate("payroc.yaml", &spec)
        .expect("one");
    assert_eq!(one.operations, 1);
    assert!(one.types < all.types, "{} of {}", one.types, all.types);
    assert!(
        !one.code.contains("pub struct PaymentLinkPage "),
        "types of other operations are gone"
    );
}
