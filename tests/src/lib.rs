//! Helpers shared by the workspace's integration tests: where the specs,
//! fixtures and the real-world corpus are.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace root")
        .to_path_buf()
}

/// The five built-in provider specs.
pub fn provider_specs() -> Vec<PathBuf> {
    [
        "ropo.json",
        "frontstream.json",
        "onepay.yaml",
        "payroc.yaml",
        "fortis.yaml",
    ]
    .iter()
    .map(|f| workspace_root().join("specs").join(f))
    .collect()
}

/// A fixture file under `tests/fixtures`.
pub fn fixture(relative: &str) -> PathBuf {
    workspace_root()
        .join("tests")
        .join("fixtures")
        .join(relative)
}

/// The corpus of real-world specs: `$PAYLINK_CORPUS`, or `../shared/corpus`
/// beside the workspace. `None` when absent; under CI (`CI=true`) a missing
/// corpus is a failure, not a skip.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("PAYLINK_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("..").join("shared").join("corpus"));
    if dir.join("specs").is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "the spec corpus is missing at {} and CI=true: corpus tests must run in CI",
        dir.display()
    );
    eprintln!("corpus not found at {}: skipping", dir.display());
    None
}

/// Every spec file of the corpus, sorted by name.
pub fn corpus_specs(corpus: &Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(corpus.join("specs"))
        .expect("corpus specs directory is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    specs.sort();
    specs
}

/// Runs `paylink-codegen ARGS...` in-process: (exit status, stdout, stderr).
pub fn run_cli(args: &[&str]) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let args = std::iter::once("paylink-codegen").chain(args.iter().copied());
    let status = paylink_codegen::cli::run(args, &mut out, &mut err);
    (
        status,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

/// Scratch crates that tests build with a nested `cargo` under `target/`.
pub mod scratch {
    use std::ffi::OsString;
    use std::path::Path;

    /// Variables that `cargo test` sets for the test process, or that
    /// point a nested build somewhere else (a shared target directory, a
    /// caching compiler wrapper, extra flags). A nested build sees none of
    /// them, so that it does the same wherever the checkout lives and
    /// whatever the caller's environment holds; build scripts that track,
    /// say, `CARGO_MANIFEST_DIR` would otherwise also rebuild whenever the
    /// check runs from a shell instead of from the test, and back.
    const NOT_INHERITED: &[&str] = &[
        "CARGO_MANIFEST_DIR",
        "CARGO_MANIFEST_PATH",
        "CARGO_CRATE_NAME",
        "CARGO_BIN_NAME",
        "CARGO_PRIMARY_PACKAGE",
        "CARGO_TARGET_TMPDIR",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET_DIR",
        "CARGO_BUILD_BUILD_DIR",
        "CARGO_RUSTC_CURRENT_DIR",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_BUILD_RUSTC_WRAPPER",
        "CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER",
        "OUT_DIR",
    ];

    /// The environment a nested `cargo` gets: this process's minus
    /// [`NOT_INHERITED`] and cargo's per-package variables.
    pub fn inherited_env() -> impl Iterator<Item = (OsString, OsString)> {
        std::env::vars_os().filter(|(key, _)| {
            let key = key.to_string_lossy();
            !NOT_INHERITED.contains(&&*key)
                && !key.starts_with("CARGO_PKG_")
                && !key.starts_with("CARGO_BIN_EXE_")
        })
    }

    /// Writes `contents` to `path` unless it already holds them, so that
    /// cargo sees an unchanged file as unchanged.
    pub fn write_if_changed(path: &Path, contents: &str) {
        if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
            return;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("scratch directory is creatable");
        }
        std::fs::write(path, contents)
            .unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    }

    /// Runs `cargo ARGS` on the scratch crate in `dir`, building into
    /// `target`, with [`inherited_env`] only and no compiler wrapper: a
    /// wrapper that caches compiler output cannot know which files a
    /// proc-macro read, and could answer with a stale result.
    pub fn cargo(dir: &Path, target: &Path, args: &[&str]) -> std::process::Output {
        cargo_with(dir, target, args, &[])
    }

    /// As [`cargo`], with the variables `envs` set too.
    pub fn cargo_with(
        dir: &Path,
        target: &Path,
        args: &[&str],
        envs: &[(&str, &str)],
    ) -> std::process::Output {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        std::process::Command::new(cargo)
            .current_dir(dir)
            .args(args)
            .arg("--manifest-path")
            .arg(dir.join("Cargo.toml"))
            .arg("--target-dir")
            .arg(target)
            .env_clear()
            .envs(inherited_env())
            .env("RUSTC_WRAPPER", "")
            .env("RUSTC_WORKSPACE_WRAPPER", "")
            .envs(envs.iter().copied())
            .output()
            .expect("cargo runs")
    }

    /// Writes the manifest of a scratch crate `name` in `dir`, its own
    /// workspace, depending on the `paylink` crate with `feature`, and
    /// with `targets` (TOML tables) after it; seeds its lock file.
    pub fn write_manifest(dir: &Path, name: &str, feature: &str, targets: &str) {
        write_manifest_with(dir, name, &[feature], targets);
    }

    /// As [`write_manifest`], with the `paylink` crate's `features`.
    pub fn write_manifest_with(dir: &Path, name: &str, features: &[&str], targets: &str) {
        let features: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
        let manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
             publish = false\n\n[dependencies]\n\
             paylink = {{ path = {}, features = [{}] }}\n\n[workspace]\n{targets}",
            toml_path(&super::workspace_root().join("generated")),
            features.join(", ")
        );
        write_if_changed(&dir.join("Cargo.toml"), &manifest);
        seed_lock(dir);
    }

    /// Seeds `dir/Cargo.lock` from the workspace's, so that a scratch
    /// crate resolves the same versions, offline.
    pub fn seed_lock(dir: &Path) {
        let lock = dir.join("Cargo.lock");
        if !lock.exists() {
            std::fs::create_dir_all(dir).expect("scratch directory is creatable");
            std::fs::copy(super::workspace_root().join("Cargo.lock"), &lock)
                .expect("Cargo.lock copies");
        }
    }

    /// `path` as a TOML basic string.
    pub fn toml_path(path: &Path) -> String {
        let mut out = String::from("\"");
        for c in path.to_string_lossy().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }
}

/// Implementations of generated servers' `Api` traits for tests that
/// build and call the routers, written from the generated code itself.
pub mod stubs {
    use proc_macro2::TokenStream;
    use quote::quote;

    /// The text of a test module to put at `src/<module>/router_check.rs`
    /// of a scratch crate (declared by [`DECLARATION`] at the end of the
    /// generated module): `Stub`, implementing the module's `server::Api`
    /// with every operation answering `answer(response type)`, and
    /// `tests` (test functions using it). `Err` when the code does not
    /// parse or holds no server.
    pub fn module(
        code: &str,
        answer: fn(&syn::Type) -> TokenStream,
        tests: TokenStream,
    ) -> Result<String, String> {
        module_at(code, &["server"], answer, tests)
    }

    /// [`module`] for the `Api` trait of the module at `path` inside the
    /// generated module (`["events", "server"]`: the events' receiver).
    pub fn module_at(
        code: &str,
        path: &[&str],
        answer: fn(&syn::Type) -> TokenStream,
        tests: TokenStream,
    ) -> Result<String, String> {
        let file = syn::parse_file(code).map_err(|e| format!("the module does not parse: {e}"))?;
        let api = server_trait(&file.items, path)
            .ok_or_else(|| format!("the module has no `{}::Api` trait", path.join("::")))?;
        let server: syn::Path = syn::parse_str(&format!("super::{}", path.join("::")))
            .map_err(|e| format!("module path: {e}"))?;
        let methods = api
            .items
            .iter()
            .filter_map(|item| match item {
                syn::TraitItem::Fn(f) => Some(&f.sig),
                _ => None,
            })
            .map(|sig| {
                let response = response_type(sig)
                    .ok_or_else(|| format!("`{}` returns no `Reply<…>`", sig.ident))?;
                let body = answer(response);
                let sig = relative(sig, &path[..path.len() - 1])?;
                Ok(quote!(#sig { let _ = &request; #body }))
            })
            .collect::<Result<Vec<_>, String>>()?;
        let module = quote! {
            #[allow(unused_imports)]
            use #server::*;

            /// The operations' stand-in.
            struct Stub;

            impl Api for Stub {
                #(#methods)*
            }

            #tests
        };
        Ok(format!(
            "//! A stand-in implementation of the server and tests of its router.\n{module}\n"
        ))
    }

    /// `sig` as written inside the module at `outer` of the generated
    /// module: its `super::` paths (the trait's module's parent) lead there.
    fn relative(sig: &syn::Signature, outer: &[&str]) -> Result<TokenStream, String> {
        let text = quote!(#sig).to_string();
        if outer.is_empty() {
            return Ok(quote!(#sig));
        }
        let inner = format!("super :: {} ::", outer.join(" :: "));
        text.replace("super ::", &inner)
            .parse()
            .map_err(|e| format!("signature: {e}"))
    }

    /// The line a generated module ends with to hold [`module`]'s tests.
    pub const DECLARATION: &str = "\n#[cfg(test)]\nmod router_check;\n";

    fn server_trait<'a>(items: &'a [syn::Item], path: &[&str]) -> Option<&'a syn::ItemTrait> {
        let mut items = items;
        for name in path {
            items = &items
                .iter()
                .find_map(|item| match item {
                    syn::Item::Mod(m) if m.ident == name => m.content.as_ref(),
                    _ => None,
                })?
                .1;
        }
        items.iter().find_map(|item| match item {
            syn::Item::Trait(t) if t.ident == "Api" => Some(t),
            _ => None,
        })
    }

    /// `T` of a signature returning `impl Future<Output = Reply<T>>`.
    fn response_type(sig: &syn::Signature) -> Option<&syn::Type> {
        let syn::ReturnType::Type(_, ty) = &sig.output else {
            return None;
        };
        let syn::Type::ImplTrait(imp) = &**ty else {
            return None;
        };
        imp.bounds.iter().find_map(|bound| {
            let syn::TypeParamBound::Trait(t) = bound else {
                return None;
            };
            let syn::PathArguments::AngleBracketed(args) = &t.path.segments.last()?.arguments
            else {
                return None;
            };
            args.args.iter().find_map(|arg| match arg {
                syn::GenericArgument::AssocType(a) if a.ident == "Output" => first_argument(&a.ty),
                _ => None,
            })
        })
    }

    /// `T` of `Reply<T>`.
    fn first_argument(ty: &syn::Type) -> Option<&syn::Type> {
        let syn::Type::Path(path) = ty else {
            return None;
        };
        let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else {
            return None;
        };
        args.args.iter().find_map(|arg| match arg {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        })
    }
}
