//! Valid request values for FrontStream's operations, shared by the tests that
//! call its generated client (against its generated server and against
//! Prism).

#![allow(dead_code)]

use paylink::frontstream::types::{PayLinkPaymentLine, PayLinkRequest};

/// The access token the tests send.
pub const ACCESS_TOKEN: &str = "access-123";

/// A create body with `api_key`, a few optional fields, one explicit null
/// and two payment lines.
pub fn create_body(api_key: &str) -> PayLinkRequest {
    let line = |kind, amount: Option<Option<&str>>| PayLinkPaymentLine {
        amount: amount.map(|a| a.map(str::to_string)),
        r#type: kind,
        recurring: 0,
        external_line_id: None,
    };
    PayLinkRequest {
        api_key: api_key.into(),
        redirect_url: "https://shop.example/done?o=1".into(),
        payment_lines: vec![line(1, Some(Some("12.50"))), line(12, Some(None))],
        tran_id: Some(Some("INV-9".into())),
        show_transaction_id: Some(Some(true)),
        theme_fonts: Some(Some(vec!["Roboto:400".into()])),
        email: Some(Some("payer@example.com".into())),
        processor_guid: Some(None),
        integration_source: None,
        ip_address: None,
        transaction_id_text: None,
        powered_by_text: None,
        powered_by_url: None,
        donate_button_text: None,
        language: None,
        default_country_code: None,
        theme: None,
        first_name: None,
        last_name: None,
        street: None,
        city: None,
        zip: None,
        state: None,
        country: None,
        phone: None,
        tokenize_card: None,
        token_guid: None,
        external_card_token: None,
        external_check_token: None,
        external_event_id: None,
        external_event_name: None,
    }
}
