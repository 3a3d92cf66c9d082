//! The `provider!` proc-macro: a paylink provider module from an OpenAPI
//! document, expanded in place. A thin shell over
//! [`paylink_codegen::expand`], which holds the expansion; use it through
//! the `paylink` crate's `macros` feature as `paylink::provider!`.

use proc_macro::TokenStream;

/// Generates a provider module from an OpenAPI document (3.0, 3.1 or 3.2,
/// JSON or YAML).
///
/// ```ignore
/// paylink::provider!(spec = "specs/acme.yaml", server = false);
/// // defines `pub mod acme { pub mod types { .. } pub struct Client { .. } .. }`
/// ```
///
/// `spec` is relative to the calling crate's directory (where its
/// `Cargo.toml` is), and Cargo rebuilds the crate when it changes.
/// `module = "name"` names the module (by default the spec's file name in
/// snake case). The other arguments are the options of `paylink-codegen
/// generate`, named as its flags in snake case, with the same defaults:
/// `client`, `server`, `types_only`, `formats_as_strings` (booleans),
/// `tags`, `operations`, `derives`, `overlays`, `replace`, `patch`,
/// `rename` (lists of strings), `runtime`, `server_feature`,
/// `tag_features` (strings).
///
/// The expansion's text is kept in `target/<profile>/paylink-expansions/`
/// and reused by the next build of the crate while the spec, overlays,
/// options and generator are unchanged (`PAYLINK_EXPANSION_CACHE=off`
/// turns that off; see the README's "The expansion cache").
///
/// ```ignore
/// paylink::provider!(
///     spec = "specs/shop.yaml",
///     replace = ["Money=crate::money::Money"],  // your type for a schema
///     patch = ["Sku: derive(Hash, Eq)"],         // derives for one type
///     rename = ["Order=Purchase"],
/// );
/// ```
#[proc_macro]
pub fn provider(input: TokenStream) -> TokenStream {
    paylink_codegen::expand::provider(input.into()).into()
}
