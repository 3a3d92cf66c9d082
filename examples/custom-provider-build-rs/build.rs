//! Generates the SendGrid alerts client from the real-world corpus beside
//! the workspace into `OUT_DIR/alerts.rs`, and the shop client of the
//! tests' fixtures, with customised types, into `OUT_DIR/shop.rs`; each is
//! rewritten only when it changed, and Cargo reruns this script when a
//! spec changes.

fn main() -> Result<(), paylink_codegen::Error> {
    paylink_codegen::Config::new()
        .module("alerts")
        .client(true)
        .compile("../../../shared/corpus/specs/sendgrid-alerts-v3.yaml")?;
    // `Money` is this crate's `shop_types::Money` (the spec's `placed_at`
    // names `shop_types::Stamp` itself, with `x-rust-type`); `Sku` can be
    // a map key; `Order` is called `Purchase` here.
    paylink_codegen::Config::new()
        .module("shop")
        .client(true)
        .replace(["Money=crate::shop_types::Money"])
        .patch(["Sku: derive(Hash, Eq)"])
        .rename(["Order=Purchase"])
        .compile("../../tests/fixtures/custom/shop.yaml")?;
    Ok(())
}
