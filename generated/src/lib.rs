//! paylink: typed clients for payment-link APIs.
//!
//! Each provider is a module generated from its OpenAPI document in
//! `specs/` by `paylink-codegen generate`: its types, and an async client
//! with one method per operation.
//!
//! Generated modules reach the runtime only through [`codegen`], as
//! tonic-generated code reaches tonic through `tonic::codegen`; a module
//! generated for your own spec does the same through `paylink::codegen`.

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

// The provider modules, generated from `specs/`: formatted by the generator
// and marked so that rustfmt leaves them as written.
pub mod fortis;
pub mod frontstream;
pub mod onepay;
pub mod payroc;
pub mod ropo;
