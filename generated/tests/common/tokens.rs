//! A token desk for end-to-end tests of token sources: the generated
//! token operation's handler issues tokens from it, and a middleware in
//! front of the generated router lets through only calls that present a
//! token it issued that is still valid (and, for single-use tokens, not
//! used before); anything else is answered `401` before the handler.

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// Where the desk finds the presented token.
#[derive(Clone, Copy, Debug)]
pub enum Presented {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// A header holding the token itself.
    Header(&'static str),
}

/// Issues and checks tokens; counts what it issued.
#[derive(Debug)]
pub struct Desk {
    /// The token operation's path: it needs no token.
    token_path: &'static str,
    presented: Presented,
    lifetime: Duration,
    single_use: bool,
    /// The body of a `401`.
    refusal: &'static str,
    issued: Mutex<HashMap<String, (Instant, bool)>>,
    count: AtomicUsize,
    refuse_all: AtomicBool,
    calls: AtomicUsize,
}

impl Desk {
    /// A desk for the token operation at `token_path`, whose tokens are
    /// presented as `presented` and live `lifetime`.
    pub fn new(
        token_path: &'static str,
        presented: Presented,
        lifetime: Duration,
        single_use: bool,
        refusal: &'static str,
    ) -> Arc<Self> {
        Arc::new(Desk {
            token_path,
            presented,
            lifetime,
            single_use,
            refusal,
            issued: Mutex::new(HashMap::new()),
            count: AtomicUsize::new(0),
            refuse_all: AtomicBool::new(false),
            calls: AtomicUsize::new(0),
        })
    }

    /// A new token; the token handler's answer.
    pub fn issue(&self) -> String {
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        let token = format!("token-{n}");
        let expiry = Instant::now() + self.lifetime;
        self.issued
            .lock()
            .expect("desk")
            .insert(token.clone(), (expiry, false));
        token
    }

    /// How many tokens were issued.
    pub fn issued(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    /// How many calls reached the handlers.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    /// Invalidates every token issued so far (as a server that rotated
    /// its keys would).
    pub fn revoke_all(&self) {
        self.issued.lock().expect("desk").clear();
    }

    /// Refuses every token from now on, new ones too.
    pub fn refuse_all(&self) {
        self.refuse_all.store(true, Ordering::SeqCst);
    }

    fn accept(&self, token: &str) -> bool {
        if self.refuse_all.load(Ordering::SeqCst) {
            return false;
        }
        let mut issued = self.issued.lock().expect("desk");
        match issued.get_mut(token) {
            Some((expiry, used)) if Instant::now() < *expiry && !(*used && self.single_use) => {
                *used = true;
                true
            }
            _ => false,
        }
    }

    fn presented<'r>(&self, request: &'r Request) -> Option<&'r str> {
        let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok());
        match self.presented {
            Presented::Bearer => header("authorization")?.strip_prefix("Bearer "),
            Presented::Header(name) => header(name),
        }
    }
}

/// The middleware: the token operation passes; other calls need a valid
/// token.
pub async fn check(State(desk): State<Arc<Desk>>, request: Request, next: Next) -> Response {
    if request.uri().path() == desk.token_path {
        return next.run(request).await;
    }
    if desk.presented(&request).is_some_and(|t| desk.accept(t)) {
        desk.calls.fetch_add(1, Ordering::SeqCst);
        return next.run(request).await;
    }
    let mut response = Response::new(Body::from(desk.refusal));
    *response.status_mut() = StatusCode::UNAUTHORIZED;
    response.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// `router` behind the desk's check.
pub fn guarded(router: axum::Router, desk: &Arc<Desk>) -> axum::Router {
    router.layer(axum::middleware::from_fn_with_state(desk.clone(), check))
}
