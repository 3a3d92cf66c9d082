//! Proc-macros for adding a paylink provider from an OpenAPI document.
//!
//! The `provider!` macro lands here once the generator emits code; the crate
//! exists now so that the workspace has its final layout and dependents can
//! name it.
