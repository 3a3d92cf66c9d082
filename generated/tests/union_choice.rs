//! Unions without a discriminator choose the variant that fits best, not
//! the first that decodes: required properties, `additionalProperties:
//! false`, `const` and `enum` values and the number of documented
//! properties decide, and a value that fits none is kept as sent. The
//! module under test is generated from `tests/fixtures/wire/unions.yaml`.

#[path = "support/unions.rs"]
mod unions;

#[path = "common/serve.rs"]
mod serve;

use paylink::codegen::server::Reply;
use serde_json::{json, Value};
use serve::serve;
use unions::types::*;

fn decode<T: serde::de::DeserializeOwned + serde::Serialize>(value: Value) -> T {
    let typed: T = serde_json::from_value(value.clone()).expect("decodes");
    assert_eq!(
        serde_json::to_value(&typed).expect("encodes"),
        value,
        "re-encodes unchanged"
    );
    typed
}

#[test]
fn error_bodies_of_optional_fields_decode_as_their_own_variant() {
    let auth: ApiError = decode(json!({"message": "bad key", "realm": "api"}));
    let expected = AuthError {
        message: Some("bad key".into()),
        realm: Some("api".into()),
    };
    assert_eq!(auth, ApiError::AuthError(expected));
    let invalid: ApiError = decode(json!({"errors": [{"field": "amount"}], "request_id": "r1"}));
    let ApiError::ValidationError(invalid) = invalid else {
        panic!("not the validation error: {invalid:?}");
    };
    assert_eq!(invalid.request_id.as_deref(), Some("r1"));
    let limited: ApiError = decode(json!({"message": "slow down", "retry_after": 3}));
    assert!(matches!(
        limited,
        ApiError::RateLimitError(RateLimitError { retry_after: 3, .. })
    ));
}

#[test]
fn a_closed_variant_refuses_unknown_properties_and_required_ones_must_be_there() {
    // `message` alone fits AuthError; RateLimitError lacks `retry_after`.
    let only_message: ApiError = decode(json!({"message": "no"}));
    assert!(
        matches!(only_message, ApiError::AuthError(_)),
        "{only_message:?}"
    );
    // AuthError is closed, and nothing else knows `message` without `retry_after`.
    let value = json!({"message": "no", "code": 7});
    assert_eq!(decode::<ApiError>(value.clone()), ApiError::Other(value));
}

#[test]
fn constants_and_enums_tell_variants_apart() {
    let bank: PaymentMethod = decode(json!({"type": "bank_account", "iban": "DE89"}));
    assert!(matches!(bank, PaymentMethod::BankAccount(_)), "{bank:?}");
    let wallet: PaymentMethod = decode(json!({"type": "google_pay"}));
    assert!(matches!(wallet, PaymentMethod::Wallet(_)), "{wallet:?}");
    let card: PaymentMethod = decode(json!({"type": "card", "number": "4242"}));
    assert!(matches!(card, PaymentMethod::Card(_)), "{card:?}");
}

#[test]
fn values_that_fit_no_variant_are_kept_raw() {
    for value in [
        json!({"type": "crypto", "address": "x"}),
        json!("text"),
        json!([1]),
    ] {
        assert_eq!(
            decode::<PaymentMethod>(value.clone()),
            PaymentMethod::Other(value)
        );
    }
}

/// Answers every charge with the status and body its `type` names.
struct Refuses;

impl unions::server::Api for Refuses {
    async fn create_charge(
        &self,
        request: unions::server::CreateChargeRequest,
    ) -> Reply<unions::CreateChargeResponse> {
        let (status, body) = match request.body {
            PaymentMethod::Card(_) => (401, json!({"message": "bad key", "realm": "api"})),
            PaymentMethod::BankAccount(_) => (400, json!({"errors": [{"field": "iban"}]})),
            _ => (409, json!({"detail": "conflict"})),
        };
        let body = serde_json::from_value(body).expect("an ApiError");
        Reply::new(unions::CreateChargeResponse::Status4xx(body))
            .with_status(axum::http::StatusCode::from_u16(status).expect("status"))
    }
}

#[tokio::test]
async fn a_401_body_is_not_read_as_the_400_variant() {
    let base = serve(unions::server::router(Refuses)).await;
    let client = unions::Client::with_base_url(&base);
    let card = PaymentMethod::Card(Card {
        r#type: Some(CardType::Card),
        ..Default::default()
    });
    let response = client.create_charge(card).send().await.expect("documented");
    assert_eq!(response.status, 401);
    let expected = AuthError {
        message: Some("bad key".into()),
        realm: Some("api".into()),
    };
    assert_eq!(
        response.body,
        unions::CreateChargeResponse::Status4xx(ApiError::AuthError(expected))
    );
    let bank = PaymentMethod::BankAccount(BankAccount {
        iban: Some("DE89".into()),
        ..Default::default()
    });
    let response = client.create_charge(bank).send().await.expect("documented");
    assert_eq!(response.status, 400);
    assert!(matches!(
        response.body,
        unions::CreateChargeResponse::Status4xx(ApiError::ValidationError(_))
    ));
    let wallet = PaymentMethod::Wallet(Wallet {
        token: Some("t".into()),
        ..Default::default()
    });
    let response = client
        .create_charge(wallet)
        .send()
        .await
        .expect("documented");
    assert_eq!(response.status, 409);
    let raw = json!({"detail": "conflict"});
    assert_eq!(
        response.body,
        unions::CreateChargeResponse::Status4xx(ApiError::Other(raw))
    );
}
