//! References to nullable schemas, round trip through a generated client
//! and a generated server: `null` and a value decode on both sides, in
//! properties (required and optional), array items, map values, request
//! bodies, responses and query parameters. The modules under test are
//! generated from `tests/fixtures/wire/nullable.yaml` (OpenAPI 3.1 type
//! lists, `oneOf`/`anyOf` with a `null` member, `allOf` around a nullable
//! target) and `tests/fixtures/wire/nullable30.yaml` (3.0 `nullable: true`
//! on the component and on an `allOf` wrapper).

#[path = "support/nullable.rs"]
mod v31;

#[path = "support/nullable30.rs"]
mod v30;

#[path = "common/serve.rs"]
mod serve;

use std::collections::BTreeMap;

use paylink::codegen::server::Reply;
use serde_json::{json, Value};
use serve::{send_raw, serve};

/// A 3.1 server that echoes what it is sent, and answers `getLink` with
/// every nullable place `null` (id `nulls`) or set (any other id).
struct Echo31;

fn url(href: &str) -> v31::types::UrlNullable {
    v31::types::UrlNullable { href: href.into() }
}

fn link31(set: bool) -> v31::types::Link {
    let some = |href: &str| set.then(|| url(href));
    v31::types::Link {
        self_: some("/links/1"),
        previous: some("/links/0"),
        next: Some(some("/links/2")),
        label: Some(set.then(|| "one".to_string())),
        page: set.then_some(v31::types::Page { number: 1 }),
        first: Some(set.then_some(v31::types::Page { number: 0 })),
        wrapped: Some(some("/w")),
        history: Some(vec![None, some("/h")]),
        by_name: Some(BTreeMap::from([
            ("a".to_string(), None),
            ("b".into(), some("/b")),
        ])),
    }
}

impl v31::server::Api for Echo31 {
    async fn get_link(&self, request: v31::server::GetLinkRequest) -> Reply<v31::GetLinkResponse> {
        v31::GetLinkResponse::Ok(link31(request.id != "nulls")).into()
    }

    async fn put_link(&self, request: v31::server::PutLinkRequest) -> Reply<v31::PutLinkResponse> {
        v31::PutLinkResponse::Ok(request.body).into()
    }

    async fn move_cursor(
        &self,
        request: v31::server::MoveCursorRequest,
    ) -> Reply<v31::MoveCursorResponse> {
        let body = request.body.map(|mut u| {
            u.href = format!(
                "{}?after={:?}&limit={:?}",
                u.href, request.after, request.limit
            );
            u
        });
        v31::MoveCursorResponse::Ok(body).into()
    }
}

#[test]
fn references_to_nullable_schemas_are_options_in_every_place() {
    let nulls = json!({
        "self": null, "previous": null, "next": null, "label": null,
        "page": null, "first": null, "wrapped": null,
        "history": [null, {"href": "/h"}], "by_name": {"a": null}
    });
    let link: v31::types::Link = serde_json::from_value(nulls.clone()).expect("nulls decode");
    assert_eq!(link.self_, None);
    assert_eq!(
        link.next,
        Some(None),
        "an explicit null is kept apart from absent"
    );
    assert_eq!(link.page, None);
    assert_eq!(link.first, Some(None));
    assert_eq!(link.history, Some(vec![None, Some(url("/h"))]));
    assert_eq!(serde_json::to_value(&link).expect("encodes"), nulls);
    let absent: v31::types::Link =
        serde_json::from_value(json!({"self": null, "previous": null, "page": null}))
            .expect("absent optional fields decode");
    assert_eq!(absent.next, None);
}

#[tokio::test]
async fn a_client_decodes_null_and_values_from_a_server_31() {
    let base = serve(v31::server::router(Echo31)).await;
    let client = v31::Client::with_base_url(&base);
    for set in [false, true] {
        let id = if set { "values" } else { "nulls" };
        let response = client.get_link(id).send().await.expect("decodes");
        let v31::GetLinkResponse::Ok(link) = response.body;
        assert_eq!(link, link31(set));
    }
}

#[tokio::test]
async fn a_server_accepts_null_and_values_31() {
    let base = serve(v31::server::router(Echo31)).await;
    let client = v31::Client::with_base_url(&base);
    for set in [false, true] {
        let response = client.put_link(link31(set)).send().await.expect("accepted");
        assert_eq!(response.body, v31::PutLinkResponse::Ok(link31(set)));
    }
    let raw = json!({"self": null, "previous": {"href": "/p"}, "page": {"number": 2},
        "wrapped": null, "history": [null], "by_name": {"x": null}});
    let answer = send_raw(
        "PUT",
        &format!("{base}/links"),
        &[("content-type", "application/json")],
        &raw.to_string(),
    )
    .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.json(), raw);
}

#[tokio::test]
async fn a_nullable_body_response_and_parameter_take_null_31() {
    let base = serve(v31::server::router(Echo31)).await;
    let client = v31::Client::with_base_url(&base);
    // A required query parameter is always sent: the query has no `null`.
    let response = client
        .move_cursor("k", None)
        .send()
        .await
        .expect("null body");
    assert_eq!(response.body, v31::MoveCursorResponse::Ok(None));
    let response = client
        .move_cursor("k", Some(url("/next")))
        .send()
        .await
        .expect("a value");
    let expected = url("/next?after=Some(\"k\")&limit=None");
    assert_eq!(response.body, v31::MoveCursorResponse::Ok(Some(expected)));
    // An optional nullable query parameter's setter takes the value.
    let response = client
        .move_cursor("k", Some(url("/next")))
        .limit(5)
        .send()
        .await
        .expect("a limit");
    let expected = url("/next?after=Some(\"k\")&limit=Some(Some(5))");
    assert_eq!(response.body, v31::MoveCursorResponse::Ok(Some(expected)));
    let answer = send_raw(
        "POST",
        &format!("{base}/cursor?after=k"),
        &[("content-type", "application/json")],
        "null",
    )
    .await;
    assert_eq!(
        (answer.status, answer.json()),
        (200, Value::Null),
        "{}",
        answer.body
    );
}

/// A 3.0 server that echoes what it is sent.
struct Echo30;

impl v30::server::Api for Echo30 {
    async fn put_link(&self, request: v30::server::PutLinkRequest) -> Reply<v30::PutLinkResponse> {
        v30::PutLinkResponse::Ok(request.body).into()
    }

    async fn move_cursor(
        &self,
        request: v30::server::MoveCursorRequest,
    ) -> Reply<v30::MoveCursorResponse> {
        let after = request.after.filter(|a| a != "end");
        let body = after.map(|href| v30::types::UrlNullable { href });
        v30::MoveCursorResponse::Ok(body).into()
    }
}

fn link30(set: bool) -> v30::types::Link {
    let some = |href: &str| set.then(|| v30::types::UrlNullable { href: href.into() });
    v30::types::Link {
        self_: some("/links/1"),
        previous: some("/links/0"),
        next: Some(some("/links/2")),
        label: Some(set.then(|| "one".to_string())),
        parent: set.then(|| v30::types::Url { href: "/".into() }),
        history: Some(vec![some("/h"), None]),
        by_name: Some(BTreeMap::from([("a".to_string(), some("/a"))])),
    }
}

#[tokio::test]
async fn null_and_values_round_trip_30() {
    let base = serve(v30::server::router(Echo30)).await;
    let client = v30::Client::with_base_url(&base);
    for set in [false, true] {
        let response = client.put_link(link30(set)).send().await.expect("accepted");
        assert_eq!(response.body, v30::PutLinkResponse::Ok(link30(set)));
    }
    let raw = json!({"self": null, "previous": null, "parent": null, "next": null,
        "history": [null], "by_name": {"x": null}});
    let answer = send_raw(
        "PUT",
        &format!("{base}/links"),
        &[("content-type", "application/json")],
        &raw.to_string(),
    )
    .await;
    assert_eq!(
        (answer.status, answer.json()),
        (200, raw),
        "{}",
        answer.body
    );
    let response = client
        .move_cursor("end")
        .send()
        .await
        .expect("decodes null");
    assert_eq!(response.body, v30::MoveCursorResponse::Ok(None));
    let response = client.move_cursor("/n").send().await.expect("decodes");
    let expected = v30::types::UrlNullable { href: "/n".into() };
    assert_eq!(response.body, v30::MoveCursorResponse::Ok(Some(expected)));
}
