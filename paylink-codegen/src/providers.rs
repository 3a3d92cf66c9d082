//! The built-in providers: which spec in `specs/` becomes which module of
//! the `paylink` crate in `generated/src/`.

use std::path::{Path, PathBuf};

use crate::generate::Options;

/// Module name and spec file of each built-in provider.
pub const PROVIDERS: &[(&str, &str)] = &[
    ("ropo", "ropo.json"),
    ("frontstream", "frontstream.json"),
    ("onepay", "onepay.yaml"),
    ("payroc", "payroc.yaml"),
    ("fortis", "fortis.yaml"),
];

/// The overlays of the providers whose specs are the providers' own
/// documents, kept verbatim: what those documents leave out (the hosts of
/// each environment, how tokens are obtained) is added by an OpenAPI
/// Overlay beside the spec.
pub const OVERLAYS: &[(&str, &str)] = &[
    ("ropo", "ropo.overlay.yaml"),
    ("frontstream", "frontstream.overlay.yaml"),
];

/// The runtime path of modules inside the `paylink` crate itself.
pub const BUILT_IN_RUNTIME: &str = "crate::codegen";

/// The options of the built-in modules: client and server, the server
/// behind the `paylink` crate's `server` feature.
pub fn built_in_options() -> Options {
    Options {
        runtime: BUILT_IN_RUNTIME.to_string(),
        client: Some(true),
        server: Some(true),
        server_feature: Some("server".to_string()),
        ..Options::default()
    }
}

/// The workspace root: `start` or the nearest ancestor holding `specs/`
/// and `generated/src/`.
pub fn workspace_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|d| d.join("specs").is_dir() && d.join("generated").join("src").is_dir())
        .map(Path::to_path_buf)
}

/// The spec and output paths of a provider under `root`.
pub fn paths(root: &Path, module: &str, spec: &str) -> (PathBuf, PathBuf) {
    (
        root.join("specs").join(spec),
        root.join("generated")
            .join("src")
            .join(format!("{module}.rs")),
    )
}

/// The options of the built-in provider `module` of the workspace at
/// `root`: [`built_in_options`] plus its overlays.
pub fn provider_options(root: &Path, module: &str) -> Options {
    Options {
        overlays: OVERLAYS
            .iter()
            .filter(|(m, _)| *m == module)
            .map(|(_, file)| root.join("specs").join(file).display().to_string())
            .collect(),
        ..built_in_options()
    }
}
