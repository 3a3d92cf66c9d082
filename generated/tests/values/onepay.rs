//! Valid request values for OnePay's operations, shared by the tests that
//! call its generated client (against its generated server and against
//! Prism).

#![allow(dead_code)]

use paylink::onepay::types::{self, Currency};

/// The company API key the implementation accepts.
pub const KEY: &str = "company-key-1";

/// A well-formed link ID.
pub const LINK: &str = "8IT20WK7";

/// A create body with every field set.
pub fn create_body() -> types::CreatePaymentLinkRequest {
    types::CreatePaymentLinkRequest {
        amount: "1250.50".into(),
        currency: Currency::Usd,
        reference_number: "INV-77".into(),
        customer_first_name: "Ann".into(),
        customer_last_name: "Perera".into(),
        customer_email: "ann@example.com".into(),
        customer_phone_number: "+94771234567".into(),
        description: Some("Order 77".into()),
        expiration_date: Some("2030-12-31".parse().expect("a date")),
        allow_partial_payment: Some(true),
        minimum_partial_amount: Some("500.00".into()),
    }
}

/// An update body for `app_id`.
pub fn update_body(app_id: &str) -> types::UpdatePaymentLinkRequest {
    types::UpdatePaymentLinkRequest {
        app_id: app_id.into(),
        description: "new text".into(),
    }
}
