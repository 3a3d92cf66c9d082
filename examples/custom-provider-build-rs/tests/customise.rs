//! The shop module that `build.rs` generates with `Config`'s `replace`,
//! `patch` and `rename`: compiled here, it holds this crate's `Money`,
//! its `Sku` is a map key, and its `Order` is called `Purchase`.

use std::collections::HashMap;

use custom_provider_build_rs::shop_types::{Money, Stamp};
use custom_provider_build_rs::{order, shop};

#[test]
fn the_shop_types_hold_this_crates_money() {
    let price = Money {
        minor: 450,
        currency: "EUR".into(),
    };
    let purchase = order("tea", price.clone()).with_placed_at(Stamp("2026-01-02".into()));
    assert_eq!(purchase.total, price);
    let mut counts: HashMap<shop::types::Sku, u32> = HashMap::new();
    *counts.entry(purchase.sku.clone()).or_default() += 1;
    assert_eq!(counts[&shop::types::Sku::new("tea")], 1);
    let shop::GetPriceResponse::Ok(money) = shop::GetPriceResponse::Ok(price.clone());
    assert_eq!(money, price);
}
