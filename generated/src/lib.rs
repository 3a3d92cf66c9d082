//! paylink: typed clients for payment-link APIs.
//!
//! Each provider is a module generated from its OpenAPI document in
//! `specs/` by `paylink-codegen generate`: its types, and an async client
//! with one method per operation.
//!
//! Generated modules reach the runtime only through [`codegen`], as
//! tonic-generated code reaches tonic through `tonic::codegen`; a module
//! generated for your own spec does the same through `paylink::codegen`.
//!
//! A provider that is not built in comes from its spec in one of three
//! ways, all giving the same code: `paylink-codegen generate SPEC -o FILE`,
//! a build script with `paylink_codegen::Config` and [`include_provider!`],
//! or the `provider!` macro (feature `macros`).

#![warn(missing_docs)]

pub mod runtime;

/// Everything generated code uses, re-exported from one place.
pub mod codegen {
    pub use crate::runtime::*;
    pub use bytes::Bytes;
    pub use reqwest;
    pub use serde;
    pub use serde_json;
}

/// The `provider!` proc-macro: `paylink::provider!(spec = "specs/acme.yaml")`
/// defines `pub mod acme` from the spec, as `paylink-codegen generate`
/// would write it.
#[cfg(feature = "macros")]
pub use paylink_macros::provider;

/// Brings in a module that a build script generated into `OUT_DIR` with
/// `paylink_codegen::Config::compile`: `paylink::include_provider!("acme");`
/// defines `pub mod acme` from `OUT_DIR/acme.rs`.
#[macro_export]
macro_rules! include_provider {
    ($module:literal) => {
        include!(concat!(env!("OUT_DIR"), "/", $module, ".rs"));
    };
}

// The provider modules, generated from `specs/`: formatted by the generator
// and marked so that rustfmt leaves them as written.
pub mod fortis;
pub mod frontstream;
pub mod onepay;
pub mod payroc;
pub mod ropo;

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
