//! The generated clients of the five built-in providers against Stoplight
//! Prism (`prism mock SPEC --errors`), an independent validator of requests
//! and responses, in static and dynamic mode (see `common/prism.rs` for what
//! each call must pass). Every operation is called with valid values, once
//! with every parameter and body field a client can set and, where the
//! operation has optional inputs, once with the required ones only; each
//! call is repeated for every response status the operation documents.
//!
//! The tests are ignored by a plain `cargo test`: `.ci/prism` installs Prism
//! and runs them with `--ignored`, and then a missing Prism fails them.
//! Failures whose cause is known and being fixed elsewhere are listed in
//! [`KNOWN`]; a test fails when the failures differ from that list in either
//! direction, so a fix must also empty its entry. The fixture specs of the
//! wire, nullable and union tests run the same way in `prism_fixtures.rs`.

#[path = "values/fortis.rs"]
mod fortis_values;
#[path = "values/frontstream.rs"]
mod frontstream_values;
#[path = "values/onepay.rs"]
mod onepay_values;
#[path = "values/payroc.rs"]
mod payroc_values;
#[path = "common/prism.rs"]
mod prism;

use std::collections::BTreeMap;
use std::path::PathBuf;

use prism::{case, outcome, Case, Ctx, FailureKind, Known, Mode, NO_RETRY};

/// Every failure expected today.
const KNOWN: &[Known] = &[];

/// The spec of `provider` as the generated client was made from it: Ropo's
/// and FrontStream's documents with their overlays applied (the token
/// operations, FrontStream's `accessToken` scheme), written by `.ci/prism`
/// into `PAYLINK_PRISM_SPECS`.
/// A `date` parameter's value.
fn date(text: &str) -> paylink::codegen::Date {
    text.parse().expect("a date")
}

fn spec(provider: &str) -> PathBuf {
    match provider {
        "ropo" | "frontstream" => {
            let dir = std::env::var_os("PAYLINK_PRISM_SPECS")
                .expect("PAYLINK_PRISM_SPECS names the overlaid specs: run .ci/prism");
            PathBuf::from(dir).join(format!("{provider}.overlaid.json"))
        }
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../specs")
            .join(format!("{provider}.yaml")),
    }
}

/// Runs `cases` against Prism in `mode`, prints the counts and compares
/// the failures with [`KNOWN`].
async fn check(provider: &str, mode: Mode, cases: Vec<Case>) {
    prism::check(provider, &spec(provider), mode, &cases, KNOWN).await;
}

// ------------------------------------------------------------------- Ropo

fn ropo_cases() -> Vec<Case> {
    use paylink::ropo::Client;
    let client = |ctx: &Ctx| {
        Client::with_http_client(&ctx.base_url, ctx.http.clone())
            .with_retry(NO_RETRY)
            .with_bearer_auth("jwt.for.tests")
    };
    let op = "GET /online/paylink";
    let token = "POST /token";
    vec![
        case(token, "customer id and API code", move |ctx| async move {
            let credentials = paylink::ropo::types::TokenRequest {
                cid: "customer-1".into(),
                apicode: "api-code".into(),
            };
            outcome(client(&ctx).create_token(credentials).send().await)
        }),
        case(op, "all parameters", move |ctx| async move {
            let c = client(&ctx);
            let call = c.get_online_pay_link_action("INV-7", "https://shop.example/back?x=1&y=a b");
            outcome(call.service("tink").language("fi").send().await)
        }),
        case(op, "required only", move |ctx| async move {
            let c = client(&ctx);
            let call = c.get_online_pay_link_action("INV-7", "cb");
            outcome(call.send().await)
        }),
    ]
}

#[tokio::test]
#[ignore = "needs Prism: run .ci/prism"]
async fn ropo_static() {
    check("ropo", Mode::Static, ropo_cases()).await;
}

#[tokio::test]
#[ignore = "needs Prism: run .ci/prism"]
async fn ropo_dynamic() {
    check("ropo", Mode::Dynamic, ropo_cases()).await;
}

// ------------------------------------------------------------ FrontStream

fn frontstream_cases() -> Vec<Case> {
    use frontstream_values::{create_body, ACCESS_TOKEN};
    use paylink::frontstream::Client;
    let client = |ctx: &Ctx| {
        Client::with_http_client(&ctx.base_url, ctx.http.clone())
            .with_retry(NO_RETRY)
            .with_access_token(ACCESS_TOKEN)
    };
    let post = "POST /api/paylink";
    let delete = "DELETE /api/paylink";
    let session = "POST /api/ClientSession";
    vec![
        case(session, "client id and secret", move |ctx| async move {
            let credentials = paylink::frontstream::types::ClientSessionRequest {
                client_id: "client-1".into(),
                client_secret: "secret".into(),
            };
            outcome(client(&ctx).create_client_session(credentials).send().await)
        }),
        case(post, "header and body", move |ctx| async move {
            let c = client(&ctx);
            let call = c.post_api_paylink();
            outcome(call.body(create_body("key-1")).send().await)
        }),
        case(post, "without body", move |ctx| async move {
            outcome(client(&ctx).post_api_paylink().send().await)
        }),
        case(delete, "all parameters", move |ctx| async move {
            let c = client(&ctx);
            let call = c.delete_api_paylink("link 42");
            outcome(call.integration_source("erp").send().await)
        }),
        case(delete, "required only", move |ctx| async move {
            let c = client(&ctx);
            let call = c.delete_api_paylink("link 42");
            outcome(call.send().await)
        }),
    ]
}

#[tokio::test]
#[ignore = "needs Prism: run .ci/prism"]
async fn frontstream_static() {
    check("frontstream", Mode::Static, frontstream_cases()).await;
}

#[tokio::test]
#[ignore = "needs Prism: run .ci/prism"]
async fn frontstream_dynamic() {
    check("frontstream", Mode::Dynamic, frontstream_cases()).await;
}

// ----------------------------------------------------------------- OnePay

fn onepay_cases() -> Vec<Case> {
    use onepay_values::{create_body, update_body, KEY, LINK};
    use paylink::onepay::{types, Client};
    let client = |ctx: &Ctx| {
        Client::with_http_client(&ctx.base_url, ctx.http.clone())
            .with_retry(NO_RETRY)
            .with_company_api_key(KEY)
    };
    let links = "/v3/payment-link/";
    let link = "/v3/payment-link/{link_id}/";
    vec![
        case(
            &format!("POST {links}"),
            "every field",
            move |ctx| async move {
                let c = client(&ctx);
                let call = c.create_payment_link("app-1", create_body());
                outcome(call.send().await)
            },
        ),
        case(
            &format!("POST {links}"),
            "required only",
            move |ctx| async move {
                let body = types::CreatePaymentLinkRequest {
                    description: None,
                    expiration_date: None,
                    allow_partial_payment: None,
                    minimum_partial_amount: None,
                    ..create_body()
                };
                outcome(client(&ctx).create_payment_link("app-1", body).send().await)
            },
        ),
        case(
            &format!("GET {link}"),
            "all parameters",
            move |ctx| async move { outcome(client(&ctx).get_payment_link(LINK, "app-1").send().await) },
        ),
        case(
            &format!("PUT {link}"),
            "all parameters",
            move |ctx| async move {
                let c = client(&ctx);
                let call = c.update_payment_link(LINK, update_body("app-1"));
                outcome(call.send().await)
            },
        ),
        case(
            &format!("DELETE {link}"),
            "all parameters",
            move |ctx| async move {
                outcome(client(&ctx).delete_payment_link(LINK, "app-1").send().await)
            },
        ),
    ]
}

#[tokio::test]
#[ignore = "needs Prism: run .ci/prism"]
async fn onepay_static() {
    check("onepay", Mode::Static, onepay_cases()).await;
}

#[tokio::test]
#[ignore = "needs Prism: run .ci/prism"]
async fn onepay_dynamic() {
    check("onepay", Mode::Dynamic, onepay_cases()).await;
}

// ----------------------------------------------------------------- Payroc

fn payroc_cases() -> Vec<Case> {
    use paylink::payroc::{types, Client};
    use payroc_values::{
        multi_use, patch, sharing_event, single_use, API_KEY, IDEMPOTENCY_KEY, LINK_ID, TERMINAL,
        TOKEN,
    };
    let client = |ctx: &Ctx| {
        Client::with_http_client(&ctx.base_url, ctx.http.clone())
            .with_retry(NO_RETRY)
            .with_bearer_auth(TOKEN)
            .with_api_key_auth(API_KEY)
    };
    let links = "/processing-terminals/{processingTerminalId}/payment-links";
    let link = "/payment-links/{paymentLinkId}";
    let events = "/payment-links/{paymentLinkId}/sharing-events";
    vec![
        case(
            "POST /authorize",
            "on the operation's server",
            move |ctx| async move {
                let c = client(&ctx);
                let call = c.generate_bearer_token();
                outcome(call.server(ctx.base_url.clone()).send().await)
            },
        ),
        case(
            &format!("GET {links}"),
            "every filter",
            move |ctx| async move {
                let c = client(&ctx);
                let call = c
                    .list_payment_links(TERMINAL)
                    .merchant_reference("Ref #7 & co+=/é")
                    .link_type(types::PaymentLinkType::SingleUse)
                    .charge_type(types::ChargeType::Preset)
                    .status(types::PaymentLinkStatus::Expired)
                    .recipient_name("Sarah Hazel Hopper")
                    .recipient_email("sarah.hopper@example.com")
                    .created_on(date("2024-05-01"))
                    .expires_on(date("2030-06-30"))
                    .before("cursor-b")
                    .after("cursor-a")
                    .limit(25);
                outcome(call.send().await)
            },
        ),
        case(
            &format!("GET {links}"),
            "required only",
            move |ctx| async move { outcome(client(&ctx).list_payment_links(TERMINAL).send().await) },
        ),
        case(
            &format!("POST {links}"),
            "multi-use link",
            move |ctx| async move {
                let c = client(&ctx);
                let call = c
                    .create_payment_link(TERMINAL, multi_use())
                    .idempotency_key(IDEMPOTENCY_KEY);
                outcome(call.send().await)
            },
        ),
        case(
            &format!("POST {links}"),
            "single-use link",
            move |ctx| async move {
                let c = client(&ctx);
                let call = c
                    .create_payment_link(TERMINAL, single_use())
                    .idempotency_key(IDEMPOTENCY_KEY);
                outcome(call.send().await)
            },
        ),
        case(
            &format!("GET {link}"),
            "all parameters",
            move |ctx| async move { outcome(client(&ctx).retrieve_payment_link(LINK_ID).send().await) },
        ),
        case(
            &format!("PATCH {link}"),
            "patch document",
            move |ctx| async move {
                let c = client(&ctx);
                let call = c
                    .update_payment_link(LINK_ID, patch())
                    .idempotency_key(IDEMPOTENCY_KEY);
                outcome(call.send().await)
            },
        ),
        case(
            &format!("POST {link}/deactivate"),
            "all parameters",
            move |ctx| async move {
                let c = client(&ctx);
                let call = c.deactivate_payment_link(LINK_ID);
                outcome(call.idempotency_key(IDEMPOTENCY_KEY).send().await)
            },
        ),
        case(
            &format!("POST {link}/deactivate"),
            "required only",
            move |ctx| async move {
                outcome(client(&ctx).deactivate_payment_link(LINK_ID).send().await)
            },
        ),
        case(
            &format!("GET {events}"),
            "every cursor",
            move |ctx| async move {
                let c = client(&ctx);
                let call = c.list_payment_link_sharing_events(LINK_ID);
                outcome(call.before("b").after("a").limit(5).send().await)
            },
        ),
        case(
            &format!("GET {events}"),
            "required only",
            move |ctx| async move {
                let c = client(&ctx);
                let call = c.list_payment_link_sharing_events(LINK_ID);
                outcome(call.send().await)
            },
        ),
        case(
            &format!("POST {events}"),
            "sharing event",
            move |ctx| async move {
                let c = client(&ctx);
                let call = c
                    .share_payment_link(LINK_ID, sharing_event())
                    .idempotency_key(IDEMPOTENCY_KEY);
                outcome(call.send().await)
            },
        ),
    ]
}

#[tokio::test]
#[ignore = "needs Prism: run .ci/prism"]
async fn payroc_static() {
    check("payroc", Mode::Static, payroc_cases()).await;
}

#[tokio::test]
#[ignore = "needs Prism: run .ci/prism"]
async fn payroc_dynamic() {
    check("payroc", Mode::Dynamic, payroc_cases()).await;
}

// ----------------------------------------------------------------- Fortis

fn fortis_cases() -> Vec<Case> {
    use fortis_values::{create_body, update_body, DEVELOPER_ID, EMAIL, ID, USER_API_KEY, USER_ID};
    use paylink::fortis::{types, Client};
    let client = |ctx: &Ctx| {
        Client::with_http_client(&ctx.base_url, ctx.http.clone())
            .with_retry(NO_RETRY)
            .with_user_id(USER_ID)
            .with_user_api_key(USER_API_KEY)
            .with_developer_id(DEVELOPER_ID)
    };
    let expand = || {
        vec![
            types::PaylinkExpand::Contact,
            types::PaylinkExpand::CreatedUser,
            types::PaylinkExpand::PaymentUrl,
        ]
    };
    let link = "/paylinks/{id}";
    vec![
        case("GET /paylinks", "all parameters", move |ctx| async move {
            let filter = BTreeMap::from([
                ("email".to_string(), EMAIL.to_string()),
                ("status_id".to_string(), "0".to_string()),
            ]);
            let c = client(&ctx);
            let call = c
                .list_paylinks()
                .filter(filter)
                .page(2)
                .page_size(10)
                .sort("created_ts")
                .expand(expand());
            outcome(call.send().await)
        }),
        case("GET /paylinks", "required only", move |ctx| async move {
            outcome(client(&ctx).list_paylinks().send().await)
        }),
        case(
            "POST /paylinks",
            "documented example",
            move |ctx| async move {
                let c = client(&ctx);
                let call = c.create_paylink(create_body(Some("api-1")));
                outcome(call.send().await)
            },
        ),
        case(
            &format!("GET {link}"),
            "all parameters",
            move |ctx| async move {
                outcome(client(&ctx).get_paylink(ID).expand(expand()).send().await)
            },
        ),
        case(
            &format!("GET {link}"),
            "required only",
            move |ctx| async move { outcome(client(&ctx).get_paylink(ID).send().await) },
        ),
        case(
            &format!("PUT {link}"),
            "documented example",
            move |ctx| async move {
                let c = client(&ctx);
                let call = c.update_paylink(ID, update_body(EMAIL));
                outcome(call.send().await)
            },
        ),
        case(
            &format!("DELETE {link}"),
            "all parameters",
            move |ctx| async move { outcome(client(&ctx).delete_paylink(ID).send().await) },
        ),
        case(
            &format!("POST {link}/resend"),
            "all parameters",
            move |ctx| async move { outcome(client(&ctx).resend_paylink_notification(ID).send().await) },
        ),
    ]
}

#[tokio::test]
#[ignore = "needs Prism: run .ci/prism"]
async fn fortis_static() {
    check("fortis", Mode::Static, fortis_cases()).await;
}

#[tokio::test]
#[ignore = "needs Prism: run .ci/prism"]
async fn fortis_dynamic() {
    check("fortis", Mode::Dynamic, fortis_cases()).await;
}

// ------------------------------------------------- the harness finds faults

/// A value whose `Debug` text is given: stands in for a decoded response.
struct Decoded(&'static str);

impl std::fmt::Debug for Decoded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// Sends `request` as is; its outcome, decoded as `decoded`.
async fn raw(request: reqwest::RequestBuilder, decoded: &'static str) -> prism::Outcome {
    match request.send().await {
        Ok(r) => prism::Outcome::new(Some(r.status().as_u16()), Some(r.headers()), {
            Ok(decoded.to_string())
        }),
        Err(e) => prism::Outcome::new(None, None, Err(e.to_string())),
    }
}

/// Requests Prism refuses and answers decoded into the wrong variant or
/// through a fallback are reported, each as what it is, for exactly the
/// calls they happen in.
#[tokio::test]
#[ignore = "needs Prism: run .ci/prism"]
async fn the_harness_reports_violations_wrong_variants_and_fallbacks() {
    use onepay_values::{update_body, KEY, LINK};
    use paylink::onepay::Client;
    use paylink::runtime::ResponseValue;
    let links = "/v3/payment-link/";
    let link = "/v3/payment-link/{link_id}/";
    let cases = vec![
        case(
            &format!("POST {links}"),
            "empty body",
            move |ctx| async move {
                let url = format!("{}/v3/payment-link/?app_id=a", ctx.base_url);
                let request = ctx.http.post(url).header("authorization", KEY);
                raw(request.json(&serde_json::json!({})), "BadRequest(..)").await
            },
        ),
        case(
            &format!("GET {link}"),
            "no credentials",
            move |ctx| async move {
                let url = format!("{}/v3/payment-link/{LINK}/?app_id=a", ctx.base_url);
                raw(ctx.http.get(url), "Unauthorized(..)").await
            },
        ),
        case(
            &format!("PUT {link}"),
            "always BadRequest",
            move |ctx| async move {
                let c = Client::with_http_client(&ctx.base_url, ctx.http.clone())
                    .with_retry(NO_RETRY)
                    .with_company_api_key(KEY);
                let sent = c.update_payment_link(LINK, update_body("a")).send().await;
                outcome(sent.map(|r| ResponseValue {
                    status: r.status,
                    headers: r.headers,
                    body: Decoded("BadRequest(ErrorResponse { .. })"),
                }))
            },
        ),
        case(
            &format!("DELETE {link}"),
            "fallback inside",
            move |ctx| async move {
                let url = format!("{}/v3/payment-link/{LINK}/?app_id=a", ctx.base_url);
                let request = ctx.http.delete(url).header("authorization", KEY);
                raw(request, "Ok(Link { currency: Unknown(\"XYZ\") })").await
            },
        ),
    ];
    let report = prism::run(&spec("onepay"), Mode::Static, &cases).await;
    println!("prism harness self-check (faults sent on purpose): {report}");
    let found: Vec<_> = report
        .failures
        .iter()
        .map(|f| (f.label.as_str(), f.asked, f.kind))
        .collect();
    use FailureKind::*;
    let mut expected = Vec::new();
    for asked in [200, 400, 401, 429] {
        expected.push(("empty body", asked, RequestViolation));
        expected.push(("no credentials", asked, RequestViolation));
        if asked != 400 {
            expected.push(("empty body", asked, WrongStatus));
            expected.push(("always BadRequest", asked, WrongVariant));
        }
        if asked != 401 {
            expected.push(("no credentials", asked, WrongStatus));
        }
        expected.push((
            "fallback inside",
            asked,
            if asked == 200 { Fallback } else { WrongVariant },
        ));
    }
    let mut found_sorted = found.clone();
    found_sorted.sort();
    expected.sort();
    assert_eq!(found_sorted, expected, "{:#?}", report.failures);
    assert_eq!(report.request_violations, 8);
    // Decoded as documented: the 400 of `always BadRequest`, and the
    // refusals of `empty body` (400) and `no credentials` (401).
    assert_eq!(report.decoded, 3);
}
