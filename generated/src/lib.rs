//! paylink: typed clients for payment-link APIs.
//!
//! The provider modules (`ropo`, `frontstream`, `onepay`, `payroc`,
//! `fortis`) are generated from the OpenAPI documents in `specs/` by
//! `cargo run -p paylink-codegen -- generate`, together with the small
//! runtime they share.
