//! Page streams of the built-in providers that list: Payroc's payment
//! links and sharing events (the `after` cursor of the `next` link, while
//! `hasMore`) and Fortis's paylinks (page numbers up to `pageCount`), each
//! against a loopback server serving three pages. The streams must ask for
//! exactly the pages the server links to, yield every item in order, and
//! stop at the end.

#[path = "values/payroc.rs"]
mod payroc_values;
#[path = "common/serve.rs"]
mod serve;

use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use paylink::codegen::StreamExt;
use serde_json::{json, Value};

type Seen = Arc<Mutex<Vec<Option<String>>>>;

fn param(query: &[(String, String)], name: &str) -> Option<String> {
    query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// A Payroc page of `items`, linking to `after=next` when there is one.
fn payroc_page(path: &str, items: Vec<Value>, next: Option<&str>) -> Value {
    let mut links = vec![
        json!({"rel": "self", "method": "get", "href": format!("https://api.payroc.com/v1{path}")}),
    ];
    if let Some(next) = next {
        let href = format!("https://api.payroc.com/v1{path}?after={next}&limit=2");
        links.push(json!({"rel": "next", "method": "get", "href": href}));
    }
    json!({
        "limit": 2,
        "count": items.len(),
        "hasMore": next.is_some(),
        "links": links,
        "data": items,
    })
}

/// Three pages of `make(n)` items (two, two, one), by the `after` cursor.
fn payroc_pages(
    path: &'static str,
    make: fn(u32) -> Value,
) -> impl Fn(Option<&str>) -> Value + Clone + Send + Sync + 'static {
    move |after| match after {
        None => payroc_page(path, vec![make(1), make(2)], Some("c2")),
        Some("c2") => payroc_page(path, vec![make(3), make(4)], Some("c4")),
        Some("c4") => payroc_page(path, vec![make(5)], None),
        Some(_) => payroc_page(path, vec![], None),
    }
}

fn link_json(n: u32) -> Value {
    let mut link = serde_json::to_value(payroc_values::multi_use()).expect("json");
    link["paymentLinkId"] = json!(format!("LINK00000{n}"));
    link
}

fn event_json(n: u32) -> Value {
    let mut event = serde_json::to_value(payroc_values::sharing_event()).expect("json");
    event["sharingEventId"] = json!(format!("event-{n}"));
    event
}

async fn payroc_server(seen: Seen) -> paylink::payroc::Client {
    let links = payroc_pages("/processing-terminals/1234001/payment-links", link_json);
    let events = payroc_pages("/payment-links/JZURRJBUPS/sharing-events", event_json);
    let (a, b) = (seen.clone(), seen);
    let app = Router::new()
        .route(
            "/v1/processing-terminals/{terminal}/payment-links",
            get(move |Query(q): Query<Vec<(String, String)>>| {
                let after = param(&q, "after");
                a.lock().expect("seen").push(after.clone());
                let page = links(after.as_deref());
                async move { Json(page) }
            }),
        )
        .route(
            "/v1/payment-links/{id}/sharing-events",
            get(move |Query(q): Query<Vec<(String, String)>>| {
                let after = param(&q, "after");
                b.lock().expect("seen").push(after.clone());
                let page = events(after.as_deref());
                async move { Json(page) }
            }),
        );
    let base = serve::serve(app).await;
    paylink::payroc::Client::with_base_url(format!("{base}/v1")).with_bearer_auth("token")
}

#[tokio::test]
async fn payroc_payment_links_follow_the_next_link() {
    let seen: Seen = Arc::default();
    let client = payroc_server(seen.clone()).await;
    let items: Vec<_> = client
        .list_payment_links(payroc_values::TERMINAL)
        .limit(2)
        .items()
        .collect()
        .await;
    let ids: Vec<String> = items
        .into_iter()
        .map(|link| {
            let json = serde_json::to_value(link.expect("an item")).expect("json");
            json["paymentLinkId"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        ids,
        [
            "LINK000001",
            "LINK000002",
            "LINK000003",
            "LINK000004",
            "LINK000005"
        ]
    );
    let cursors = seen.lock().expect("seen").clone();
    assert_eq!(cursors, [None, Some("c2".into()), Some("c4".into())]);
}

#[tokio::test]
async fn payroc_sharing_events_come_page_by_page() {
    let seen: Seen = Arc::default();
    let client = payroc_server(seen.clone()).await;
    let pages: Vec<_> = client
        .list_payment_link_sharing_events(payroc_values::LINK_ID)
        .pages()
        .collect()
        .await;
    let counts: Vec<usize> = pages
        .into_iter()
        .map(|p| p.expect("a page").data.map_or(0, |d| d.len()))
        .collect();
    assert_eq!(counts, [2, 2, 1]);
    assert_eq!(seen.lock().expect("seen").len(), 3);
}

fn paylink_json(n: u32) -> Value {
    json!({
        "id": format!("11eca9f78d3654da9f92abd{n}"),
        "cc_product_transaction_id": "11eca9f76a959008955ce03b",
        "ach_product_transaction_id": null,
        "location_id": "11e95f8ec39de8fbdb0a4f1a",
        "paylink_api_id": null,
        "contact_id": "11e999d31a7ab26aa1f36f05",
        "amount_due": "10.00",
        "cell_phone": "1111111111",
        "email": format!("payer{n}@example.com"),
        "description": null,
        "expire_date": "2030-04-10",
        "status_id": 0,
        "display_product_transaction_receipt_details": 1,
        "display_billing_fields": 1,
        "delivery_method": 1,
        "active": 1,
        "created_ts": 1647964123,
        "modified_ts": 1647964123,
        "created_user_id": "11e95f8ec39de8fbdb0a4f1a",
        "modified_user_id": "11e95f8ec39de8fbdb0a4f1a",
        "_links": {"self": {"href": format!("/v2/paylinks/{n}")}}
    })
}

fn fortis_page(page: u64, items: Vec<Value>) -> Value {
    json!({
        "paylinks": items,
        "meta": {
            "pagination": {
                "links": {"self": {"href": format!("/v2/paylinks?page={page}")}},
                "totalCount": 5,
                "pageCount": 3,
                "currentPage": page - 1,
                "perPage": 2
            },
            "sort": {"attributes": {"created_ts": "desc"}}
        }
    })
}

async fn fortis_list(
    State(seen): State<Seen>,
    Query(q): Query<Vec<(String, String)>>,
) -> Json<Value> {
    let page = param(&q, "page");
    seen.lock().expect("seen").push(page.clone());
    Json(match page.as_deref() {
        None | Some("1") => fortis_page(1, vec![paylink_json(1), paylink_json(2)]),
        Some("2") => fortis_page(2, vec![paylink_json(3), paylink_json(4)]),
        Some("3") => fortis_page(3, vec![paylink_json(5)]),
        Some(_) => fortis_page(4, vec![]),
    })
}

#[tokio::test]
async fn fortis_paylinks_come_by_page_number_up_to_the_page_count() {
    let seen: Seen = Arc::default();
    let app = Router::new()
        .route("/v2/paylinks", get(fortis_list))
        .with_state(seen.clone());
    let base = serve::serve(app).await;
    let client = paylink::fortis::Client::with_base_url(format!("{base}/v2"))
        .with_user_id("u")
        .with_user_api_key("k")
        .with_developer_id("d");
    let emails: Vec<String> = client
        .list_paylinks()
        .page_size(2)
        .items()
        .map(|p| p.expect("an item").email)
        .collect()
        .await;
    let expected: Vec<String> = (1..=5).map(|n| format!("payer{n}@example.com")).collect();
    assert_eq!(emails, expected);
    let pages = seen.lock().expect("seen").clone();
    assert_eq!(pages, [None, Some("2".into()), Some("3".into())]);
}

#[tokio::test]
async fn a_failed_page_ends_the_stream_with_its_error() {
    let app = Router::new().route(
        "/v2/paylinks",
        get(|| async { (axum::http::StatusCode::NOT_FOUND, "") }),
    );
    let base = serve::serve(app).await;
    let client = paylink::fortis::Client::with_base_url(format!("{base}/v2"))
        .with_user_id("u")
        .with_user_api_key("k")
        .with_developer_id("d");
    let pages: Vec<_> = client.list_paylinks().pages().collect().await;
    assert_eq!(pages.len(), 1);
    let error = pages.into_iter().next().expect("one").expect_err("a 404");
    assert!(error.to_string().contains("404"), "{error}");
}
