//! Valid request values for Fortis's operations, shared by the tests that
//! call its generated client (against its generated server and against
//! Prism).

#![allow(dead_code)]

use paylink::fortis::types;

/// The `user-id` credential the tests send.
pub const USER_ID: &str = "11e95f8ec39de8fbdb0a4f1a";

/// The `user-api-key` credential the tests send.
pub const USER_API_KEY: &str = "d8a1f0e2b3c4d5e6f7a8b9c0d1e2f3a4";

/// The `developer-id` credential the tests send.
pub const DEVELOPER_ID: &str = "dev_paylink_tests";

/// A paylink id the implementation knows.
pub const ID: &str = "11eca9f78d3654da9f92abd0";

/// A user/location id in the documented UUID style.
pub const UUID: &str = "11111111-1111-1111-1111-111111111111";

/// The e-mail address of the documented examples.
pub const EMAIL: &str = "jones@emailr.com";

/// The documented create example, with a `paylink_api_id` of `api_id`.
pub fn create_body(api_id: Option<&str>) -> types::PaylinkCreateRequest {
    types::PaylinkCreateRequest {
        paylink: types::PaylinkCreate {
            location_id: Some(UUID.into()),
            cc_product_transaction_id: Some("11ec9bbbc02c6176b04f35e7".into()),
            expire_date: Some("2022-03-10".parse().expect("a date")),
            amount_due: Some(99999999.99),
            email: Some(EMAIL.into()),
            cell_phone: Some("1111111111".into()),
            contact_id: Some("11ec939cccb05bf494a312a1".into()),
            delivery_method: Some(types::DeliveryMethod::V3),
            paylink_api_id: api_id.map(str::to_string),
            ..Default::default()
        },
    }
}

/// The documented update example: only `email` changes.
pub fn update_body(email: &str) -> types::PaylinkUpdateRequest {
    types::PaylinkUpdateRequest {
        paylink: types::PaylinkUpdate {
            email: Some(email.into()),
            ..Default::default()
        },
    }
}
