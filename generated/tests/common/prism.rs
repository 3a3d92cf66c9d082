//! Runs generated clients against Stoplight Prism, an independent
//! validator: `prism mock SPEC --errors` on a loopback port, in static
//! (examples) or dynamic (`-d`, generated data) mode, started and stopped
//! here.
//!
//! The caller gives, per operation of the spec, one or more *cases*: a
//! closure that makes one call with the generated client against the base
//! URL and HTTP client it is handed. Every case is sent once per response
//! status the operation documents, with `Prefer: code=N` asking Prism for
//! that response. A call passes when
//! - Prism found nothing wrong with the request: no `sl-violations` header
//!   on the response and no violation or error in its log for the request;
//! - the answer has the asked status and no response violation is logged;
//! - the client decoded it into the variant documented for that status,
//!   with no fallback anywhere in the decoded value (an open enum's
//!   `Unknown`, an untagged union's `Other` holding raw JSON).
//!
//! [`run`] returns the counts and every failure; [`check`] prints the
//! counts and compares the failures with the caller's list of known ones. Prism is found through the
//! `PAYLINK_PRISM` variable or at `target/prism/node_modules/.bin/prism`
//! (where `.ci/prism` installs it); a missing Prism is a panic naming both.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::fmt::{self, Debug};
use std::future::Future;
use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use paylink::runtime::{Error, ResponseValue};
use reqwest::header::{HeaderMap, HeaderValue};

/// The harness matches one logged request to each call: clients under test
/// never retry (a documented 5xx or 429 would otherwise be sent again).
pub const NO_RETRY: paylink::codegen::RetryPolicy = paylink::codegen::RetryPolicy::none();

/// How Prism makes up its answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mode {
    /// From the spec's examples (`prism mock`).
    Static,
    /// Generated from the schemas (`prism mock -d`), with a fixed seed.
    Dynamic,
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Mode::Static => "static",
            Mode::Dynamic => "dynamic",
        })
    }
}

/// What a case's closure is handed: where Prism listens and an HTTP client
/// that asks it for one response status.
#[derive(Clone, Debug)]
pub struct Ctx {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    /// Sends `Prefer: code=N` with every request.
    pub http: reqwest::Client,
}

/// What one call came to, in a form the harness can check.
#[derive(Debug)]
pub struct Outcome {
    /// The status, when a response arrived.
    status: Option<u16>,
    /// Prism's `sl-violations` header, when the response had one.
    violations: Option<String>,
    /// The decoded value's `Debug` text, or why there is none.
    decoded: Result<String, String>,
    /// What Prism said when it died on the request.
    crash: Option<String>,
}

impl Outcome {
    /// An outcome from its parts: the status and headers of the response,
    /// when one arrived, and the decoded value's `Debug` text or an error.
    pub fn new(
        status: Option<u16>,
        headers: Option<&HeaderMap>,
        decoded: Result<String, String>,
    ) -> Outcome {
        let violations = headers
            .and_then(|h| h.get("sl-violations"))
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        Outcome {
            status,
            violations,
            decoded,
            crash: None,
        }
    }
}

/// The outcome of a generated client's `send()`.
pub fn outcome<T: Debug>(result: Result<ResponseValue<T>, Error>) -> Outcome {
    match result {
        Ok(response) => Outcome::new(
            Some(response.status.as_u16()),
            Some(&response.headers),
            Ok(format!("{:?}", response.body)),
        ),
        Err(error) => {
            let body = error
                .body()
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default();
            let decoded = Err(format!("{error}; body: {}", clip(&body, 300)));
            Outcome::new(error.status().map(|s| s.as_u16()), error.headers(), decoded)
        }
    }
}

/// A boxed case closure.
pub type CaseFn = Box<dyn Fn(Ctx) -> Pin<Box<dyn Future<Output = Outcome>>>>;

/// One way of calling one operation.
pub struct Case {
    /// The operation: `METHOD /path` as the spec spells the path.
    pub operation: String,
    /// What the case sends, for reports (`all parameters`, `required only`).
    pub label: String,
    call: CaseFn,
}

/// A case calling `operation` (`"GET /items/{id}"`) with `call`.
pub fn case<F, Fut>(operation: &str, label: &str, call: F) -> Case
where
    F: Fn(Ctx) -> Fut + 'static,
    Fut: Future<Output = Outcome> + 'static,
{
    Case {
        operation: operation.to_string(),
        label: label.to_string(),
        call: Box::new(move |ctx| Box::pin(call(ctx))),
    }
}

/// What went wrong with one call.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Failure {
    /// `METHOD /path`.
    pub operation: String,
    /// The case's label.
    pub label: String,
    /// The status asked for.
    pub asked: u16,
    /// What kind of failure.
    pub kind: FailureKind,
    /// The details: Prism's messages, the error, the decoded value.
    pub detail: String,
}

/// The kinds of [`Failure`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FailureKind {
    /// Prism found the request wrong (header, log or a Prism error).
    RequestViolation,
    /// Prism logged its own answer as not matching the spec.
    ResponseViolation,
    /// The client could not send the request.
    NotSent,
    /// The answer had another status than the one asked for.
    WrongStatus,
    /// The answer did not decode.
    DecodeError,
    /// It decoded into another variant than the one documented.
    WrongVariant,
    /// It decoded, with a fallback inside (`Unknown`, a union's `Other`).
    Fallback,
    /// Prism itself died on the request (it is restarted for the next).
    PrismCrashed,
}

/// Counts of one run.
#[derive(Debug, Default)]
pub struct Report {
    /// Operations in the spec.
    pub operations: usize,
    /// Operations Prism saw at least one request of.
    pub operations_called: usize,
    /// Requests the cases sent.
    pub requests: usize,
    /// Requests Prism logged.
    pub received: usize,
    /// Requests Prism found violations or errors in.
    pub request_violations: usize,
    /// Answers Prism logged response violations for.
    pub response_violations: usize,
    /// Answers decoded into their documented variant without fallbacks.
    pub decoded: usize,
    /// Everything that went wrong, sorted.
    pub failures: Vec<Failure>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{} operations called, {} requests sent, {} received, \
             {} request violations, {} response violations, {}/{} responses decoded, \
             {} failures",
            self.operations_called,
            self.operations,
            self.requests,
            self.received,
            self.request_violations,
            self.response_violations,
            self.decoded,
            self.requests,
            self.failures.len()
        )
    }
}

/// An operation of the spec and the statuses it documents.
#[derive(Debug)]
struct Operation {
    key: String,
    method: String,
    path: String,
    responses: Vec<String>,
}

/// Runs every case against a Prism mock of `spec` in `mode`: once per
/// status its operation documents. Panics when Prism cannot be started or
/// when the cases and the spec's operations do not match up.
pub async fn run(spec: &Path, mode: Mode, cases: &[Case]) -> Report {
    let operations = operations(spec);
    let known: BTreeSet<&str> = operations.iter().map(|o| o.key.as_str()).collect();
    let covered: BTreeSet<&str> = cases.iter().map(|c| c.operation.as_str()).collect();
    let uncovered: Vec<_> = known.difference(&covered).collect();
    let strange: Vec<_> = covered.difference(&known).collect();
    assert!(
        uncovered.is_empty() && strange.is_empty(),
        "{}: operations without a case: {uncovered:?}; cases of no operation: {strange:?}",
        spec.display()
    );
    let mut prism = Prism::start(spec, mode);
    let mut log = Vec::new();
    let mut calls = Vec::new();
    for operation in &operations {
        for case in cases.iter().filter(|c| c.operation == operation.key) {
            for response in &operation.responses {
                let Some(asked) = asked_status(response) else {
                    continue;
                };
                let ctx = Ctx {
                    base_url: prism.base_url.clone(),
                    http: preferring(asked),
                };
                let mut outcome = (case.call)(ctx).await;
                if outcome.status.is_none() {
                    if let Some(crash) = prism.crashed() {
                        log.extend(prism.stop(0));
                        outcome.crash = Some(crash);
                        prism = Prism::start(spec, mode);
                    }
                }
                calls.push((operation, case, asked, outcome));
            }
        }
    }
    let seen = requests_in(&log).len();
    log.extend(prism.stop(calls.len().saturating_sub(seen)));
    let requests = requests_in(&log);
    let mut report = Report {
        operations: operations.len(),
        requests: calls.len(),
        received: requests.len(),
        ..Report::default()
    };
    let called: BTreeSet<&str> = requests
        .iter()
        .filter_map(|r| {
            operations
                .iter()
                .find(|o| o.method == r.method && matches_template(&o.path, &r.path))
        })
        .map(|o| o.key.as_str())
        .collect();
    report.operations_called = called.len();
    if requests.len() != calls.len() {
        report.failures.push(Failure {
            operation: "*".into(),
            label: "log".into(),
            asked: 0,
            kind: FailureKind::RequestViolation,
            detail: format!(
                "Prism logged {} requests for {} calls",
                requests.len(),
                calls.len()
            ),
        });
    }
    for (i, (operation, case, asked, outcome)) in calls.iter().enumerate() {
        let logged = requests.get(i);
        let found = check_call(operation, *asked, outcome, logged);
        if found
            .iter()
            .any(|(k, _)| *k == FailureKind::RequestViolation)
        {
            report.request_violations += 1;
        }
        if found
            .iter()
            .any(|(k, _)| *k == FailureKind::ResponseViolation)
        {
            report.response_violations += 1;
        }
        let decoded = !found.iter().any(|(k, _)| {
            matches!(
                k,
                FailureKind::NotSent
                    | FailureKind::WrongStatus
                    | FailureKind::DecodeError
                    | FailureKind::WrongVariant
                    | FailureKind::Fallback
                    | FailureKind::PrismCrashed
            )
        });
        if decoded {
            report.decoded += 1;
        }
        for (kind, detail) in found {
            report.failures.push(Failure {
                operation: operation.key.clone(),
                label: case.label.clone(),
                asked: *asked,
                kind,
                detail,
            });
        }
    }
    report.failures.sort();
    report
}

/// A failure that is expected until its cause is fixed, or that Prism
/// itself cannot judge (a construct it does not validate).
pub struct Known {
    /// The provider or fixture, as named to [`check`].
    pub spec: &'static str,
    /// The mode it shows in; `None` for both.
    pub mode: Option<Mode>,
    /// `METHOD /path`.
    pub operation: &'static str,
    /// The case label.
    pub label: &'static str,
    /// The status asked for; `None` for every status.
    pub asked: Option<u16>,
    /// What fails.
    pub kind: FailureKind,
    /// What the failure says: each of its messages must contain one of
    /// these, so a known failure hides no other message.
    pub messages: &'static [&'static str],
    /// Why, and who fixes it.
    pub cause: &'static str,
}

impl Known {
    /// Whether `failure`, of the run `name` in `mode`, is this one.
    fn matches(&self, name: &str, mode: Mode, failure: &Failure) -> bool {
        self.spec == name
            && self.mode.is_none_or(|m| m == mode)
            && self.operation == failure.operation
            && self.label == failure.label
            && self.asked.is_none_or(|a| a == failure.asked)
            && self.kind == failure.kind
            && failure
                .detail
                .split(MESSAGE_SEPARATOR)
                .all(|m| self.messages.iter().any(|k| m.contains(k)))
    }
}

/// What separates the messages of one [`Failure`]'s detail.
const MESSAGE_SEPARATOR: &str = "; ";

/// Runs `cases` against a Prism mock of `spec` in `mode`, prints the
/// counts as `prism NAME MODE: ...` and compares the failures with
/// `known`: panics on a failure not listed there, on a listed one of
/// `name` and `mode` that no longer happens, and when an operation or a
/// request never reached Prism.
pub async fn check(name: &str, spec: &Path, mode: Mode, cases: &[Case], known: &[Known]) {
    let report = run(spec, mode, cases).await;
    println!("prism {name} {mode}: {report}");
    let applies = |k: &Known| k.spec == name && k.mode.is_none_or(|m| m == mode);
    let mut unexpected = Vec::new();
    let mut seen = vec![false; known.len()];
    for failure in &report.failures {
        let found = known.iter().position(|k| k.matches(name, mode, failure));
        match found {
            Some(i) => {
                seen[i] = true;
                println!(
                    "  known: {} [{}] {} {:?}: {} ({})",
                    failure.operation,
                    failure.label,
                    failure.asked,
                    failure.kind,
                    known[i].cause,
                    clip(&failure.detail, 200)
                );
            }
            None => unexpected.push(failure),
        }
    }
    let fixed: Vec<_> = known
        .iter()
        .enumerate()
        .filter(|(i, k)| !seen[*i] && applies(k))
        .map(|(_, k)| format!("{} [{}] {:?}", k.operation, k.label, k.kind))
        .collect();
    for failure in &unexpected {
        println!(
            "  FAILED: {} [{}] asked {} {:?}: {}",
            failure.operation, failure.label, failure.asked, failure.kind, failure.detail
        );
    }
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "prism {name} {mode}: {} unexpected failures (above); known failures that no \
         longer happen, to be removed from the known list: {fixed:?}",
        unexpected.len()
    );
    assert_eq!(
        report.operations_called, report.operations,
        "every operation reaches Prism"
    );
    assert_eq!(report.received, report.requests, "Prism saw every request");
}

/// The status to ask Prism for to get `response` (`200`, `4XX`); none for
/// `default`, which no status selects for sure.
fn asked_status(response: &str) -> Option<u16> {
    if let Ok(code) = response.parse() {
        return Some(code);
    }
    let bytes = response.as_bytes();
    if bytes.len() == 3 && bytes[1..].eq_ignore_ascii_case(b"xx") && bytes[0].is_ascii_digit() {
        return Some(u16::from(bytes[0] - b'0') * 100);
    }
    None
}

/// An HTTP client sending `Prefer: code=<status>`.
fn preferring(status: u16) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    let prefer = HeaderValue::from_str(&format!("code={status}")).expect("a header value");
    headers.insert("prefer", prefer);
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("an HTTP client")
}

/// Everything wrong with one call.
fn check_call(
    operation: &Operation,
    asked: u16,
    outcome: &Outcome,
    logged: Option<&Logged>,
) -> Vec<(FailureKind, String)> {
    let mut found = Vec::new();
    if let Some(crash) = &outcome.crash {
        found.push((FailureKind::PrismCrashed, crash.clone()));
        return found;
    }
    let (mut request, mut response) = outcome
        .violations
        .as_deref()
        .map(split_header)
        .unwrap_or_default();
    if let Some(logged) = logged {
        request.extend(logged.request_violations.iter().cloned());
        response.extend(logged.response_violations.iter().cloned());
        // A Prism error is the request's fault unless it only reports
        // violations of Prism's own answer.
        for error in &logged.errors {
            if error.contains("#VIOLATIONS") && request.is_empty() && !response.is_empty() {
                response.push(error.clone());
            } else {
                request.push(error.clone());
            }
        }
    }
    for (kind, mut messages) in [
        (FailureKind::RequestViolation, request),
        (FailureKind::ResponseViolation, response),
    ] {
        if !messages.is_empty() {
            let mut seen = BTreeSet::new();
            messages.retain(|m| seen.insert(m.clone()));
            found.push((kind, messages.join(MESSAGE_SEPARATOR)));
        }
    }
    match (&outcome.decoded, outcome.status) {
        (Err(error), None) => found.push((FailureKind::NotSent, error.clone())),
        (Ok(debug), None) => found.push((FailureKind::NotSent, debug.clone())),
        (_, Some(status)) if status != asked => {
            let detail = format!("asked for {asked}, got {status}");
            found.push((FailureKind::WrongStatus, detail));
        }
        (Err(error), Some(_)) => found.push((FailureKind::DecodeError, error.clone())),
        (Ok(debug), Some(status)) => {
            let variant: String = debug
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let expected = documented_variants(&operation.responses, status);
            if !expected.contains(&variant) {
                let detail = format!("expected one of {expected:?}: {}", clip(debug, 300));
                found.push((FailureKind::WrongVariant, detail));
            } else if let Some(at) = fallback(debug) {
                let detail = clip(&debug[at..], 300);
                found.push((FailureKind::Fallback, detail));
            }
        }
    }
    found
}

/// Where the first fallback starts in a decoded value's `Debug` text: an
/// open enum's `Unknown("...")`, or an untagged union's `Other(...)`
/// holding the raw JSON value no documented member fitted.
fn fallback(debug: &str) -> Option<usize> {
    let json = [
        "Object {", "Array [", "String(", "Number(", "Bool(", "Null)",
    ];
    let other = debug.match_indices("Other(").map(|(at, _)| at).find(|&at| {
        let inner = &debug[at + "Other(".len()..];
        json.iter().any(|j| inner.starts_with(j))
    });
    [debug.find("Unknown("), other].into_iter().flatten().min()
}

/// The violations of an `sl-violations` header: those of the request and
/// those of the response, each as `location: message`.
fn split_header(header: &str) -> (Vec<String>, Vec<String>) {
    let mut request = Vec::new();
    let mut response = Vec::new();
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str(header) else {
        return (
            vec![format!("unreadable sl-violations header: {header}")],
            response,
        );
    };
    for item in items {
        let location: Vec<String> = item["location"]
            .as_array()
            .map(|l| {
                l.iter()
                    .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let message = item["message"].as_str().unwrap_or_default();
        let text = format!("{}: {message}", location.join("."));
        if location.first().is_some_and(|l| l == "response") {
            response.push(text);
        } else {
            request.push(text);
        }
    }
    (request, response)
}

/// The variant names the generator may give the response documented for
/// `status`: the exact code's, else its range's, else `Default`.
fn documented_variants(responses: &[String], status: u16) -> Vec<String> {
    let code = status.to_string();
    if responses.contains(&code) {
        let mut names = vec![format!("Status{status}")];
        if let Some(reason) = reqwest::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
        {
            names.push(pascal(reason));
        }
        return names;
    }
    let range = format!("{}xx", status / 100);
    if responses.iter().any(|r| r.eq_ignore_ascii_case(&range)) {
        return vec![format!("Status{range}")];
    }
    vec!["Default".into()]
}

/// `Non-Authoritative Information` as `NonAuthoritativeInformation`.
fn pascal(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let lower = w.to_ascii_lowercase();
            let mut chars = lower.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// The spec's operations, in the spec's order, each with its documented
/// response keys.
fn operations(spec: &Path) -> Vec<Operation> {
    let text = std::fs::read_to_string(spec)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", spec.display()));
    let document: serde_json::Value = serde_yaml::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not YAML or JSON: {e}", spec.display()));
    let methods = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let mut found = Vec::new();
    let paths = document["paths"].as_object().cloned().unwrap_or_default();
    for (path, item) in &paths {
        for method in methods {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let responses = operation["responses"]
                .as_object()
                .map(|r| r.keys().cloned().collect())
                .unwrap_or_default();
            found.push(Operation {
                key: format!("{} {path}", method.to_ascii_uppercase()),
                method: method.to_string(),
                path: path.clone(),
                responses,
            });
        }
    }
    found
}

/// Whether a concrete path matches a template's `{name}` segments.
fn matches_template(template: &str, path: &str) -> bool {
    let wanted: Vec<&str> = template.split('/').collect();
    let got: Vec<&str> = path.split('/').collect();
    wanted.len() == got.len()
        && wanted.iter().zip(&got).all(|(w, g)| {
            if w.starts_with('{') && w.ends_with('}') {
                !g.is_empty()
            } else {
                w == g
            }
        })
}

/// One request in Prism's log.
#[derive(Debug, Default)]
struct Logged {
    method: String,
    path: String,
    request_violations: Vec<String>,
    response_violations: Vec<String>,
    /// `Request terminated with error: ...` lines.
    errors: Vec<String>,
}

/// The requests in Prism's log, in order, with what it found in each.
fn requests_in(log: &[String]) -> Vec<Logged> {
    let mut requests: Vec<Logged> = Vec::new();
    for line in log {
        if let Some(at) = line.find("[HTTP SERVER] ") {
            let rest = &line[at + "[HTTP SERVER] ".len()..];
            if rest.ends_with("Request received") {
                let mut words = rest.split_whitespace();
                requests.push(Logged {
                    method: words.next().unwrap_or_default().to_string(),
                    path: words.next().unwrap_or_default().to_string(),
                    ..Logged::default()
                });
                continue;
            }
        }
        let Some(current) = requests.last_mut() else {
            continue;
        };
        if let Some(at) = line.find("Violation: ") {
            let rest = line[at + "Violation: ".len()..].trim();
            let violation = match rest.split_once(' ') {
                Some((location, message)) => format!("{location}: {message}"),
                None => rest.to_string(),
            };
            if violation.starts_with("response") {
                current.response_violations.push(violation);
            } else {
                current.request_violations.push(violation);
            }
        } else if let Some(at) = line.find("Request terminated with error: ") {
            let error = line[at + "Request terminated with error: ".len()..].trim();
            current.errors.push(error.to_string());
        } else if let Some(at) = line.find("[VALIDATOR] ✖") {
            let rest = line[at + "[VALIDATOR] ✖".len()..].trim_start();
            let message = rest.strip_prefix("error").unwrap_or(rest).trim();
            current.request_violations.push(format!("Prism: {message}"));
        } else if line.contains("Request did not pass the validation rules") {
            current
                .request_violations
                .push("Prism: the request did not pass the validation rules".into());
        }
    }
    requests
}

/// A running `prism mock`, killed when dropped.
struct Prism {
    child: Child,
    base_url: String,
    log: Arc<Mutex<Vec<String>>>,
    readers: Vec<JoinHandle<()>>,
}

impl Prism {
    /// Starts Prism on a free loopback port and waits until it listens.
    fn start(spec: &Path, mode: Mode) -> Prism {
        let binary = binary();
        let port = free_port();
        let mut command = Command::new(&binary);
        command
            .arg("mock")
            .arg(spec)
            .args(["--errors", "--host", "127.0.0.1", "--port"])
            .arg(port.to_string());
        if mode == Mode::Dynamic {
            command.args(["--dynamic", "--seed", "paylink"]);
        }
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let log = Arc::new(Mutex::new(Vec::new()));
        let mut readers = Vec::new();
        if let Some(out) = child.stdout.take() {
            readers.push(collect(out, log.clone()));
        }
        if let Some(err) = child.stderr.take() {
            readers.push(collect(err, log.clone()));
        }
        let prism = Prism {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
            log,
            readers,
        };
        prism.wait_listening(port, spec);
        prism
    }

    /// Waits for `Prism is listening` and an open port, at most a minute.
    fn wait_listening(&self, port: u16, spec: &Path) {
        let started = Instant::now();
        loop {
            let said = self.lines().iter().any(|l| l.contains("is listening on"));
            if said && TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "Prism did not start for {}:\n{}",
                spec.display(),
                self.lines().join("\n")
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// When Prism has exited (it does when a request throws inside it),
    /// its last words: the first `Error:` line of its log. Waits a moment
    /// for the exit, as the failed request may be seen first.
    fn crashed(&mut self) -> Option<String> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(2) {
            if let Ok(Some(status)) = self.child.try_wait() {
                for reader in self.readers.drain(..) {
                    let _ = reader.join();
                }
                let lines = self.lines();
                let error = lines.iter().find(|l| {
                    l.split_once("Error: ")
                        .is_some_and(|(kind, _)| kind.chars().all(|c| c.is_ascii_alphabetic()))
                });
                let place = lines
                    .iter()
                    .find_map(|l| l.split_once("/dist/").filter(|_| l.contains(".js:")))
                    .map_or("", |(_, place)| place);
                let words = error.map_or_else(|| format!("exited ({status})"), Clone::clone);
                return Some(format!("Prism died: {words} (at {place})"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    fn lines(&self) -> Vec<String> {
        self.log.lock().expect("log lock").clone()
    }

    /// Waits until the log shows `requests` requests and has been quiet a
    /// moment, stops Prism and returns its whole log.
    fn stop(mut self, requests: usize) -> Vec<String> {
        let started = Instant::now();
        let mut last = usize::MAX;
        loop {
            let lines = self.lines();
            let seen = requests_in(&lines).len();
            if (seen >= requests && lines.len() == last)
                || started.elapsed() > Duration::from_secs(20)
            {
                break;
            }
            last = lines.len();
            std::thread::sleep(Duration::from_millis(250));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
        self.lines()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Appends every line of `stream` to `log`, without terminal colours.
fn collect(stream: impl Read + Send + 'static, log: Arc<Mutex<Vec<String>>>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            log.lock().expect("log lock").push(strip_colours(&line));
        }
    })
}

/// `text` without ANSI escape sequences.
fn strip_colours(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The Prism executable: `PAYLINK_PRISM`, else where `.ci/prism` puts it.
pub fn binary() -> PathBuf {
    let path = std::env::var_os("PAYLINK_PRISM").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/prism/node_modules/.bin/prism"),
        PathBuf::from,
    );
    assert!(
        path.is_file(),
        "Prism is not installed at {} (set PAYLINK_PRISM, or run .ci/prism, which installs it there)",
        path.display()
    );
    path
}

/// A loopback port nothing listens on right now.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.local_addr().expect("local address").port()
}

/// The first `max` characters of `text`.
fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}
