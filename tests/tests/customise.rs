//! Customised types through `provider!`, compiled and run: the shop
//! fixture's `Money` schema replaced by a type of this crate (`replace`),
//! its `placed_at` string by another through the spec's `x-rust-type` and
//! its `note` through an overlay's, `Sku` given `Hash` and `Eq` (`patch`),
//! `Order` given an attribute and renamed `Purchase` (`patch`, `rename`).
//! A client and a server generated from it exchange the user's types; the
//! server leaves a replaced schema's checks to the type's `Deserialize`.

use std::collections::HashMap;

use shop_types::{Money, Note, Stamp};

paylink::provider!(
    spec = "fixtures/custom/shop.yaml",
    module = "shop",
    overlays = ["fixtures/custom/shop.overlay.yaml"],
    replace = ["Money=crate::shop_types::Money"],
    patch = ["Sku: derive(Hash, Eq)", "Order: serde(deny_unknown_fields)"],
    rename = ["Order=Purchase"],
);

/// The types of this crate that the spec's schemas are replaced by.
mod shop_types {
    use paylink::codegen::serde::{Deserialize, Serialize};

    /// Money as this crate keeps it: an amount that cannot be negative.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(crate = "paylink::codegen::serde")]
    pub struct Money {
        pub minor: u64,
        pub currency: String,
    }

    /// When an order was placed, as sent.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(crate = "paylink::codegen::serde", transparent)]
    pub struct Stamp(pub String);

    /// A note, as sent.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(crate = "paylink::codegen::serde", transparent)]
    pub struct Note(pub String);
}

fn euros(minor: u64) -> Money {
    Money {
        minor,
        currency: "EUR".into(),
    }
}

/// Takes the user's type where the spec's `Money` schema is used.
fn price_response(money: Money) -> shop::GetPriceResponse {
    shop::GetPriceResponse::Ok(money)
}

#[test]
fn replaced_schemas_are_the_users_types() {
    let order = shop::types::Purchase::new(shop::types::Sku::new("tea"), euros(450))
        .with_placed_at(Stamp("2026-01-02T03:04:05.678+01:00".into()))
        .with_note(Note("gift".into()));
    let total: &Money = &order.total;
    assert_eq!(total.minor, 450);
    let json = serde_json::to_value(&order).expect("serializes");
    assert_eq!(
        json,
        serde_json::json!({"sku": {"code": "tea"}, "total": {"minor": 450, "currency": "EUR"},
            "placed_at": "2026-01-02T03:04:05.678+01:00", "note": "gift"})
    );
    let back: shop::types::Purchase = serde_json::from_value(json).expect("deserializes");
    assert_eq!(back, order);
    assert!(matches!(price_response(euros(1)), shop::GetPriceResponse::Ok(m) if m.minor == 1));
}

#[test]
fn patched_types_have_their_derives_and_attributes() {
    let mut stock: HashMap<shop::types::Sku, u32> = HashMap::new();
    *stock.entry(shop::types::Sku::new("tea")).or_default() += 2;
    *stock.entry(shop::types::Sku::new("tea")).or_default() += 1;
    assert_eq!(stock[&shop::types::Sku::new("tea")], 3);
    // `serde(deny_unknown_fields)` on `Order`, now `Purchase`.
    let extra = serde_json::json!({"sku": {"code": "tea"}, "total": {"minor": 1, "currency": "EUR"}, "colour": "red"});
    let refused =
        serde_json::from_value::<shop::types::Purchase>(extra).expect_err("unknown field");
    assert!(refused.to_string().contains("colour"), "{refused}");
}

/// A shop that echoes orders and prices everything at 4.50 EUR.
struct Shop;

impl shop::server::Api for Shop {
    async fn create_order(
        &self,
        request: shop::server::CreateOrderRequest,
    ) -> shop::server::Reply<shop::CreateOrderResponse> {
        shop::CreateOrderResponse::Created(request.body).into()
    }

    async fn get_price(
        &self,
        _request: shop::server::GetPriceRequest,
    ) -> shop::server::Reply<shop::GetPriceResponse> {
        price_response(euros(450)).into()
    }
}

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let app = shop::server::router(Shop);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    base
}

#[tokio::test]
async fn client_and_server_exchange_the_users_types() {
    let base = serve().await;
    let client = shop::Client::with_base_url(&base);
    let price = client.get_price("tea").send().await.expect("price");
    let shop::GetPriceResponse::Ok(money) = price.body;
    assert_eq!(money, euros(450));
    let order = shop::types::Purchase::new(shop::types::Sku::new("tea"), euros(900));
    let placed = client
        .create_order(order.clone())
        .send()
        .await
        .expect("order");
    let shop::CreateOrderResponse::Created(echoed) = placed.body;
    assert_eq!(echoed, order);
}

#[tokio::test]
async fn the_server_leaves_a_replaced_schema_to_its_deserialize() {
    let base = serve().await;
    let post = |body: serde_json::Value| {
        let url = format!("{base}/orders");
        async move {
            let client = paylink::codegen::reqwest::Client::new();
            let response = client.post(url).json(&body).send().await.expect("sent");
            response.status().as_u16()
        }
    };
    // The spec's pattern `^[A-Z]{3}$` is not checked: `Money` accepts "eur".
    let lower =
        serde_json::json!({"sku": {"code": "tea"}, "total": {"minor": 1, "currency": "eur"}});
    assert_eq!(post(lower).await, 201);
    // `Money`'s own rule (no negative amount) is: its `Deserialize` refuses.
    let negative =
        serde_json::json!({"sku": {"code": "tea"}, "total": {"minor": -1, "currency": "EUR"}});
    assert_eq!(post(negative).await, 400);
    // The rest of the body is checked as the spec says.
    let no_sku = serde_json::json!({"total": {"minor": 1, "currency": "EUR"}});
    assert_eq!(post(no_sku).await, 400);
}
