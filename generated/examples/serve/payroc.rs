//! The payroc implementation (written next).

/// The router.
pub fn router() -> axum::Router {
    axum::Router::new()
}
