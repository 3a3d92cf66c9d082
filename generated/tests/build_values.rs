//! Building request bodies from what is required: for each built-in
//! provider, its biggest create body built with `new` (the required fields,
//! one line each, in the spec's order) and written as exactly those fields;
//! then the same with an optional value, nested where the body nests, set
//! through a `with_` setter that takes the value itself.

use paylink::codegen::Date;
use serde_json::{json, Value};

fn wire(value: &impl serde::Serialize) -> Value {
    serde_json::to_value(value).expect("serializes")
}

fn date(text: &str) -> Date {
    text.parse().expect("a date")
}

#[test]
fn ropo_token_request_from_its_required_fields() {
    use paylink::ropo::types::TokenRequest;
    let body = TokenRequest::new(
        "7",           // cid
        "apicode-123", // apicode, a secret
    );
    assert_eq!(wire(&body), json!({"cid": "7", "apicode": "apicode-123"}));
}

#[test]
fn frontstream_pay_link_request_from_its_required_fields_then_a_nested_amount() {
    use paylink::frontstream::types::{PayLinkPaymentLine, PayLinkRequest};
    let body = PayLinkRequest::new(
        "key-1",                             // api_key
        "https://example.org/done",          // redirect_url
        vec![PayLinkPaymentLine::new(1, 0)], // payment_lines: type, recurring
    );
    assert_eq!(
        wire(&body),
        json!({
            "ApiKey": "key-1",
            "RedirectUrl": "https://example.org/done",
            "PaymentLines": [{"Type": 1, "Recurring": 0}]
        })
    );
    let line = PayLinkPaymentLine::new(1, 0).with_amount(Some("25.00".into()));
    let body = PayLinkRequest::new("key-1", "https://example.org/done", vec![line])
        .with_email(Some("ann@example.org".into()))
        .with_theme(None);
    assert_eq!(
        wire(&body),
        json!({
            "ApiKey": "key-1",
            "RedirectUrl": "https://example.org/done",
            "PaymentLines": [{"Type": 1, "Recurring": 0, "Amount": "25.00"}],
            "Email": "ann@example.org",
            "Theme": null
        })
    );
}

#[test]
fn onepay_create_request_from_its_required_fields_then_an_expiration_date() {
    use paylink::onepay::types::{CreatePaymentLinkRequest, Currency};
    let required = || {
        CreatePaymentLinkRequest::new(
            "5000.00",         // amount
            Currency::Lkr,     // currency
            "INV-1",           // reference_number
            "Ann",             // customer_first_name
            "Perera",          // customer_last_name
            "ann@example.com", // customer_email
            "+94771234567",    // customer_phone_number
        )
    };
    let expected = json!({
        "amount": "5000.00", "currency": "LKR", "reference_number": "INV-1",
        "customer_first_name": "Ann", "customer_last_name": "Perera",
        "customer_email": "ann@example.com", "customer_phone_number": "+94771234567"
    });
    assert_eq!(wire(&required()), expected);
    let body = required()
        .with_expiration_date(date("2030-12-31"))
        .with_allow_partial_payment(true);
    let mut expected = expected;
    expected["expiration_date"] = json!("2030-12-31");
    expected["allow_partial_payment"] = json!(true);
    assert_eq!(wire(&body), expected);
}

#[test]
fn payroc_single_use_link_from_its_required_fields_then_a_nested_credential_on_file() {
    use paylink::payroc::types::{
        AuthType, Charge, CredentialOnFile, CredentialOnFileMitAgreement, PaymentMethod,
        PresetCharge, PresetChargeType, SingleUseOrder, SingleUsePaymentLink,
        SingleUsePaymentLinkType,
    };
    let required = || {
        SingleUsePaymentLink::new(
            SingleUsePaymentLinkType::SingleUse, // type
            "INV-7",                             // merchant_reference
            SingleUseOrder::new(
                "order-7", // order_id
                Charge::Preset(PresetCharge::new(PresetChargeType::Preset, 1000, "USD")),
            ), // order
            AuthType::Sale,                      // auth_type
            vec![PaymentMethod::Card],           // payment_methods
            date("2030-06-30"),                  // expires_on
        )
    };
    let expected = json!({
        "type": "singleUse",
        "merchantReference": "INV-7",
        "order": {"orderId": "order-7", "charge": {"type": "preset", "amount": 1000, "currency": "USD"}},
        "authType": "sale",
        "paymentMethods": ["card"],
        "expiresOn": "2030-06-30"
    });
    assert_eq!(wire(&required()), expected);
    let body = required().with_credential_on_file(
        CredentialOnFile::new(CredentialOnFileMitAgreement::Recurring).with_tokenize(true),
    );
    let mut expected = expected;
    expected["credentialOnFile"] = json!({"tokenize": true, "mitAgreement": "recurring"});
    assert_eq!(wire(&body), expected);
}

#[test]
fn fortis_create_request_from_its_one_required_field_then_nested_values() {
    use paylink::fortis::types::{PaylinkCreate, PaylinkCreateRequest};
    let body = PaylinkCreateRequest::new(
        PaylinkCreate::new(), // paylink: every field optional
    );
    assert_eq!(wire(&body), json!({"paylink": {}}));
    assert_eq!(PaylinkCreate::new(), PaylinkCreate::default());
    let body = PaylinkCreateRequest::new(
        PaylinkCreate::new()
            .with_amount_due(10.5)
            .with_expire_date(date("2030-01-31"))
            .with_email("ann@example.com"),
    );
    assert_eq!(
        wire(&body),
        json!({"paylink": {"amount_due": 10.5, "expire_date": "2030-01-31", "email": "ann@example.com"}})
    );
}
