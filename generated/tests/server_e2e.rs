//! A generated server and a generated client over real HTTP: the server
//! module of `tests/fixtures/tricky.yaml` serves an in-test implementation
//! on a loopback port; the generated client calls it, and raw requests the
//! client cannot send are answered with problem details before the handler.

#[path = "support/tricky_server.rs"]
mod tricky;

#[path = "common/serve.rs"]
mod serve;

use serve::serve as serve_with;

use paylink::codegen as rt;
use tricky::server::{
    router, router_with_body_limit, AddNoteRequest, Api, GetEventRequest, GetPetRequest, Reply,
};
use tricky::types::{Cat, CatPetType, Event, Pet};
use tricky::{AddNoteResponse, Client, GetEventResponse, GetPetResponse};

struct Pets;

impl Api for Pets {
    async fn get_pet(&self, request: GetPetRequest) -> Reply<GetPetResponse> {
        let lives = request.id.len() as i64;
        GetPetResponse::Ok(Pet::Cat(Cat {
            pet_type: CatPetType::Cat,
            lives,
        }))
        .into()
    }

    async fn add_note(&self, request: AddNoteRequest) -> Reply<AddNoteResponse> {
        let echo = format!(
            "{} {} {:?} {:?}",
            request.x_request_id, request.body.text, request.session, request.tags
        );
        AddNoteResponse::Created(echo).into()
    }

    async fn get_event(&self, request: GetEventRequest) -> Reply<GetEventResponse> {
        GetEventResponse::Ok(Event {
            day: request.day,
            id: request.id,
            since: request.since,
            at: request.at,
            opens: request.x_opens,
        })
        .into()
    }
}

async fn serve() -> String {
    serve_with(router(Pets)).await
}

#[tokio::test]
async fn the_client_reads_what_the_server_answers() {
    let base = serve().await;
    let client = Client::with_base_url(&base);
    let response = client
        .get_pet("felix")
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 200);
    assert_eq!(
        response.body,
        GetPetResponse::Ok(Pet::Cat(Cat {
            pet_type: CatPetType::Cat,
            lives: 5
        }))
    );
}

#[tokio::test]
async fn headers_cookies_query_lists_and_bodies_reach_the_handler() {
    let base = serve().await;
    let client = Client::with_base_url(&base);
    let body = tricky::types::AddNoteRequest { text: "hi".into() };
    let response = client
        .add_note("req-1", body)
        .session("s1")
        .tags(vec![1, 2])
        .send()
        .await
        .expect("documented response");
    assert_eq!(response.status, 201);
    let expected = r#"req-1 hi Some("s1") Some([1, 2])"#;
    assert_eq!(response.body, AddNoteResponse::Created(expected.into()));
}

#[tokio::test]
async fn a_cookie_value_cannot_add_a_cookie() {
    let base = serve().await;
    let client = Client::with_base_url(&base);
    let body = tricky::types::AddNoteRequest { text: "hi".into() };
    let response = client
        .add_note("req-2", body)
        .session("x; admin=1, 100%")
        .send()
        .await
        .expect("documented response");
    let expected = r#"req-2 hi Some("x; admin=1, 100%") None"#;
    assert_eq!(response.body, AddNoteResponse::Created(expected.into()));
}

#[tokio::test]
async fn unknown_paths_and_methods_are_refused_by_the_router() {
    let base = serve().await;
    let http = reqwest::Client::new();
    let missing = http
        .get(format!("{base}/nowhere"))
        .send()
        .await
        .expect("answer");
    assert_eq!(missing.status(), 404);
    let wrong = http
        .delete(format!("{base}/pets/1"))
        .send()
        .await
        .expect("answer");
    assert_eq!(wrong.status(), 405);
    let allow = wrong
        .headers()
        .get("allow")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(allow.contains("GET"), "Allow: {allow}");
}

/// Posts raw bytes to `/notes{query}`; the status and the problem's detail.
async fn post_raw(
    base: &str,
    query: &str,
    headers: &[(&str, &str)],
    body: &'static str,
) -> (u16, String) {
    let mut request = reqwest::Client::new()
        .post(format!("{base}/notes{query}"))
        .body(body);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let response = request.send().await.expect("answer");
    let status = response.status().as_u16();
    let problem: serde_json::Value = response.json().await.unwrap_or_default();
    (
        status,
        problem["detail"].as_str().unwrap_or_default().to_string(),
    )
}

#[tokio::test]
async fn bad_requests_are_answered_with_problem_details_before_the_handler() {
    let base = serve().await;
    let json = ("content-type", "application/json");
    let id = ("x-request-id", "r");
    let (status, detail) = post_raw(&base, "", &[json], r#"{"text":"a"}"#).await;
    assert_eq!(
        (status, detail.as_str()),
        (400, "header `X-Request-Id` is required")
    );
    let (status, detail) = post_raw(&base, "?tags=1,x", &[json, id], r#"{"text":"a"}"#).await;
    assert_eq!(status, 400, "{detail}");
    assert_eq!(
        detail, "query parameter `tags[1]` must be an integer, not `x` (type)",
        "{detail}"
    );
    let (status, detail) = post_raw(&base, "", &[json, id], r#"{"note":"no text"}"#).await;
    assert_eq!(status, 400, "{detail}");
    assert!(detail.contains("text"), "{detail}");
}

#[tokio::test]
async fn wrong_content_types_and_large_bodies_are_refused() {
    let base = serve_with(router_with_body_limit(Pets, 16)).await;
    let id = ("x-request-id", "r");
    let (status, _) = post_raw(&base, "", &[("content-type", "text/plain"), id], "hello").await;
    assert_eq!(status, 415);
    let json = ("content-type", "application/json");
    let (status, _) = post_raw(
        &base,
        "",
        &[json, id],
        r#"{"text":"far more than sixteen bytes"}"#,
    )
    .await;
    assert_eq!(status, 413);
}

/// The head (here a missing required header) is refused before the body
/// is read: a body over the limit does not turn the 400 into a 413.
#[tokio::test]
async fn the_head_is_checked_before_the_body_is_read() {
    let base = serve_with(router_with_body_limit(Pets, 16)).await;
    let json = ("content-type", "application/json");
    let (status, detail) = post_raw(
        &base,
        "",
        &[json],
        r#"{"text":"far more than sixteen bytes"}"#,
    )
    .await;
    assert_eq!(status, 400, "{detail}");
    assert!(detail.contains("X-Request-Id"), "{detail}");
}

/// Parses `text` as the typed format `T`.
fn typed<T: std::str::FromStr>(text: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().expect("a value of the format")
}

#[tokio::test]
async fn typed_formats_cross_path_query_and_header_and_come_back_as_sent() {
    let base = serve().await;
    let client = Client::with_base_url(&base);
    let since: rt::DateTime = typed("2024-03-05T10:00:00.5+05:30");
    let at: Vec<rt::DateTime> = vec![
        typed("2024-03-05T10:00:00Z"),
        typed("2024-03-05T10:00:00.123456789-00:00"),
    ];
    let response = client
        .get_event(
            typed::<rt::Date>("2024-02-29"),
            typed::<rt::Uuid>("550E8400-e29b-41d4-A716-446655440000"),
        )
        .since(since.clone())
        .at(at.clone())
        .x_opens(typed::<rt::Time>("09:00:00+01:00"))
        .send()
        .await
        .expect("documented response");
    let GetEventResponse::Ok(event) = response.body;
    assert_eq!(event.day, "2024-02-29");
    assert_eq!(event.id, "550E8400-e29b-41d4-A716-446655440000");
    assert_eq!(
        event.since.as_ref().map(rt::DateTime::as_str),
        Some(since.as_str())
    );
    assert_eq!(event.at.as_deref(), Some(&at[..]));
    assert_eq!(
        event.opens.map(|t| t.to_string()),
        Some("09:00:00+01:00".to_string())
    );
}

#[tokio::test]
async fn a_path_or_query_value_not_of_its_format_is_a_problem_before_the_handler() {
    let base = serve().await;
    let http = reqwest::Client::new();
    let id = "550e8400-e29b-41d4-a716-446655440000";
    for (path, name) in [
        (format!("/events/2023-02-29/{id}"), "day"),
        ("/events/2024-02-29/550e8400".to_string(), "id"),
        (
            format!("/events/2024-02-29/{id}?since=2024-03-05T10:00:00"),
            "since",
        ),
        (
            format!("/events/2024-02-29/{id}?at=2024-03-05T10:00:00Z,soon"),
            "at",
        ),
    ] {
        let answer = http
            .get(format!("{base}{path}"))
            .send()
            .await
            .expect("answer");
        assert_eq!(answer.status(), 400, "{path}");
        let body = answer.text().await.expect("a problem");
        assert!(body.contains(name), "{path}: {body}");
    }
}
