//! A loopback HTTP server for wire tests: it records every request it gets
//! (method, path, decoded query, headers, body) and answers each with the
//! next canned response, so a test can check exactly what a generated client
//! sent and how it decoded the answer.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use bytes::Bytes;

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, still percent-encoded.
    pub path: String,
    /// Query pairs, decoded, in order.
    pub query: Vec<(String, String)>,
    /// Request headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

impl Recorded {
    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }

    /// The first value of a query parameter.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Clone)]
struct Canned {
    status: u16,
    content_type: Option<String>,
    body: Bytes,
    headers: Vec<(String, String)>,
}

#[derive(Clone, Default)]
struct Shared {
    requests: Arc<Mutex<Vec<Recorded>>>,
    responses: Arc<Mutex<VecDeque<Canned>>>,
}

/// The running server.
pub struct MockServer {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    shared: Shared,
}

impl MockServer {
    /// Starts a server on a free loopback port.
    pub async fn start() -> Self {
        let shared = Shared::default();
        let app = axum::Router::new()
            .fallback(record)
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local address");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        MockServer {
            base_url: format!("http://{addr}"),
            shared,
        }
    }

    /// Queues the next response: a status, a content type and a body.
    pub fn respond(&self, status: u16, content_type: &str, body: impl Into<Bytes>) -> &Self {
        self.queue(Canned {
            status,
            content_type: Some(content_type.to_string()),
            body: body.into(),
            headers: Vec::new(),
        })
    }

    /// Queues a JSON response.
    pub fn respond_json(&self, status: u16, body: serde_json::Value) -> &Self {
        self.respond(status, "application/json", body.to_string())
    }

    /// Queues a response without a body.
    pub fn respond_empty(&self, status: u16) -> &Self {
        self.queue(Canned {
            status,
            content_type: None,
            body: Bytes::new(),
            headers: Vec::new(),
        })
    }

    /// Queues a JSON response with extra headers.
    pub fn respond_json_with_headers(
        &self,
        status: u16,
        body: serde_json::Value,
        headers: &[(&str, &str)],
    ) -> &Self {
        self.queue(Canned {
            status,
            content_type: Some("application/json".into()),
            body: body.to_string().into(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        })
    }

    fn queue(&self, canned: Canned) -> &Self {
        self.shared
            .responses
            .lock()
            .expect("lock")
            .push_back(canned);
        self
    }

    /// Every request so far, oldest first; clears the record.
    pub fn take(&self) -> Vec<Recorded> {
        std::mem::take(&mut *self.shared.requests.lock().expect("lock"))
    }

    /// The one request made since the last `take`.
    pub fn single(&self) -> Recorded {
        let mut all = self.take();
        assert_eq!(all.len(), 1, "expected exactly one request, got {all:?}");
        all.remove(0)
    }
}

/// Query pairs as owned strings, to compare with [`Recorded::query`].
pub fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The request carried no body and no content type.
pub fn assert_no_body(request: &Recorded) {
    assert!(request.body.is_empty(), "no body: {:?}", request.body);
    assert_eq!(request.header("content-type"), None);
}

/// The request carried exactly one `application/json` content type and
/// this JSON body.
pub fn assert_json_body(request: &Recorded, expected: serde_json::Value) {
    let content_types = request.headers.get_all("content-type").iter().count();
    assert_eq!(content_types, 1, "one Content-Type header");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.json(), expected);
}

async fn record(State(shared): State<Shared>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, usize::MAX).await.unwrap_or_default();
    let query = parts.uri.query().map(decode_query).unwrap_or_default();
    shared.requests.lock().expect("lock").push(Recorded {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query,
        headers: parts.headers,
        body,
    });
    let canned = shared.responses.lock().expect("lock").pop_front();
    let Some(canned) = canned else {
        let mut r = Response::new(Body::from("no canned response queued"));
        *r.status_mut() = StatusCode::IM_A_TEAPOT;
        return r;
    };
    let mut builder = Response::builder().status(canned.status);
    if let Some(ct) = &canned.content_type {
        builder = builder.header("content-type", ct);
    }
    for (k, v) in &canned.headers {
        builder = builder.header(k, v);
    }
    builder
        .body(Body::from(canned.body))
        .expect("valid canned response")
}

fn decode_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let s = s.replace('+', " ");
    percent_encoding::percent_decode_str(&s)
        .decode_utf8_lossy()
        .into_owned()
}
