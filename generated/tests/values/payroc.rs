//! Valid request values for Payroc's operations, shared by the tests that
//! call its generated client (against its generated server and against
//! Prism).

#![allow(dead_code)]

use paylink::payroc::types;
use serde_json::json;

/// The bearer token the tests send and the gateway issues.
pub const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.server.sig";

/// The API key traded for a bearer token.
pub const API_KEY: &str = "pk_test_5b6f0e1c9a";

/// The idempotency key of the writing operations.
pub const IDEMPOTENCY_KEY: &str = "8e03978e-40d5-43e8-bc93-6894a57f9324";

/// A processing terminal ID.
pub const TERMINAL: &str = "1234001";

/// A payment link ID.
pub const LINK_ID: &str = "JZURRJBUPS";

/// A multi-use link with every optional field the spec lets a client set.
pub fn multi_use_link() -> types::MultiUsePaymentLink {
    types::MultiUsePaymentLink {
        r#type: types::MultiUsePaymentLinkType::MultiUse,
        payment_link_id: None,
        merchant_reference: "LinkRef-7".into(),
        order: types::MultiUseOrder {
            description: Some("Yoga class".into()),
            charge: types::Charge::Prompt(types::PromptCharge {
                r#type: types::PromptChargeType::Prompt,
                currency: "USD".into(),
            }),
        },
        auth_type: types::AuthType::Sale,
        payment_methods: vec![
            types::PaymentMethod::Card,
            types::PaymentMethod::BankTransfer,
        ],
        custom_labels: Some(vec![types::CustomLabel {
            element: types::CustomLabelElement::PaymentButton,
            label: "Pay now".into(),
        }]),
        assets: None,
        status: None,
        created_on: None,
        expires_on: Some("2030-12-31".parse().expect("a date")),
        credential_on_file: Some(types::CredentialOnFile {
            tokenize: Some(true),
            mit_agreement: types::CredentialOnFileMitAgreement::Unscheduled,
        }),
    }
}

/// [`multi_use_link`] as a [`types::PaymentLink`].
pub fn multi_use() -> types::PaymentLink {
    types::PaymentLink::MultiUse(multi_use_link())
}

/// A single-use link with a preset charge.
pub fn single_use() -> types::PaymentLink {
    types::PaymentLink::SingleUse(types::SingleUsePaymentLink {
        r#type: types::SingleUsePaymentLinkType::SingleUse,
        payment_link_id: None,
        merchant_reference: "LinkRef-8".into(),
        order: types::SingleUseOrder {
            order_id: "OrderRef-42".into(),
            description: None,
            charge: types::Charge::Preset(types::PresetCharge {
                r#type: types::PresetChargeType::Preset,
                amount: 4999,
                currency: "EUR".into(),
            }),
        },
        auth_type: types::AuthType::PreAuthorization,
        payment_methods: vec![types::PaymentMethod::Card],
        custom_labels: None,
        assets: None,
        status: None,
        created_on: None,
        expires_on: "2030-06-30".parse().expect("a date"),
        credential_on_file: None,
    })
}

/// An e-mail sharing event with a message and a merchant copy.
pub fn sharing_event() -> types::SharingEvent {
    types::SharingEvent {
        sharing_event_id: None,
        date_time: None,
        sharing_method: types::SharingEventSharingMethod::Email,
        recipients: vec![types::EmailRecipient {
            name: "Sarah Hazel Hopper".into(),
            email: "sarah.hopper@example.com".into(),
        }],
        message: Some("Your link, as promised".into()),
        merchant_copy: Some(true),
    }
}

/// A JSON Patch document with a replace, a remove and a copy.
pub fn patch() -> types::JsonPatchDocument {
    vec![
        types::JsonPatchOperation {
            op: types::JsonPatchOperationOp::Replace,
            path: "/expiresOn".into(),
            value: Some(json!("2031-01-31")),
            from: None,
        },
        types::JsonPatchOperation {
            op: types::JsonPatchOperationOp::Remove,
            path: "/customLabels/0".into(),
            value: None,
            from: None,
        },
        types::JsonPatchOperation {
            op: types::JsonPatchOperationOp::CopyValue,
            path: "/order/description".into(),
            value: None,
            from: Some("/merchantReference".into()),
        },
    ]
}
