//! The cost of the generated client's call path (retry policy, hooks and,
//! with the `tracing` feature, a span per attempt) over a plain reqwest
//! call, on a successful call to a loopback server in the same process.
//!
//! `cargo bench -p paylink --bench client` (add `--features tracing` to
//! include the span). Three clients call Ropo's `GET /online/paylink` on
//! one server, through one reqwest connection pool each:
//! - plain: `reqwest` get, read the body, decode it into the generated
//!   response type;
//! - generated: the generated client (default retry policy, no hook);
//! - generated + hook: the same with a no-op hook;
//! - generated, no retry: the generated client with `RetryPolicy::none()`.
//!
//! Rounds rotate the order; the report gives each one's median time per
//! call and the ratios to plain, as wall-clock time and as the thread's CPU
//! time (client and server run on the one thread of the runtime, so this
//! is the work of both sides, kernel included, without the time the
//! process waited for a core on a busy machine). Rounds are short (100
//! calls, a few milliseconds) so that the median round is one the
//! scheduler did not interrupt. Under `cargo test` one short round runs.
//!
//! Timings on a shared machine wander by a few percent; instruction counts
//! do not. `PAYLINK_BENCH_WAY` (`plain`, `generated`, `hooked`, `no-retry`)
//! runs one way alone, `PAYLINK_BENCH_CALLS` times (2,000 by default), for
//! an instruction counter: the difference between runs of 1,000 and 3,000
//! calls, halved, is the user-space instructions of 1,000 calls, e.g.
//! `PAYLINK_BENCH_WAY=plain PAYLINK_BENCH_CALLS=1000 valgrind
//! --tool=callgrind target/release/deps/client-* --bench`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use axum::routing::get;
use axum::Router;
use paylink::codegen::{Call, Error, Hook};
use paylink::ropo::types::PaylinkResponse;
use paylink::ropo::Client;

struct Nothing;

impl Hook for Nothing {
    fn on_request(&self, _: &Call, request: &mut reqwest::Request) -> Result<(), Error> {
        black_box(request);
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum Way {
    Plain,
    Generated,
    Hooked,
    NoRetry,
}

struct Clients {
    plain: reqwest::Client,
    url: String,
    generated: Client,
    hooked: Client,
    no_retry: Client,
}

async fn call(clients: &Clients, way: Way) {
    match way {
        Way::Plain => {
            let response = clients
                .plain
                .get(&clients.url)
                .query(&[
                    ("billnum", "b-1"),
                    ("callback_url", "https://shop.example/back"),
                ])
                .bearer_auth("token")
                .send()
                .await
                .expect("answer");
            let body = response.bytes().await.expect("body");
            let link: PaylinkResponse = serde_json::from_slice(&body).expect("json");
            black_box(link);
        }
        Way::Generated | Way::Hooked | Way::NoRetry => {
            let client = match way {
                Way::Generated => &clients.generated,
                Way::Hooked => &clients.hooked,
                _ => &clients.no_retry,
            };
            let answer = client
                .get_online_pay_link_action("b-1", "https://shop.example/back")
                .send()
                .await
                .expect("answer");
            black_box(answer);
        }
    }
}

/// The CPU time this thread has used.
fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec to write; the clock id is a constant.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    assert_eq!(rc, 0, "thread CPU clock");
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// Wall-clock and CPU time per call over `calls` calls.
async fn round(clients: &Clients, way: Way, calls: u32) -> (Duration, Duration) {
    let cpu = thread_cpu();
    let started = Instant::now();
    for _ in 0..calls {
        call(clients, way).await;
    }
    (started.elapsed() / calls, (thread_cpu() - cpu) / calls)
}

/// `PAYLINK_BENCH_WAY` (`plain`, `generated`, `hooked` or `no-retry`):
/// the one way to run.
fn only_way() -> Option<usize> {
    let way = std::env::var("PAYLINK_BENCH_WAY").ok()?;
    let index = ["plain", "generated", "hooked", "no-retry"]
        .iter()
        .position(|w| *w == way);
    Some(index.unwrap_or_else(|| panic!("unknown PAYLINK_BENCH_WAY {way}")))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (rounds, per_round) = if std::env::args().any(|a| a == "--bench") {
        (200, 100)
    } else {
        (1, 5)
    };
    runtime.block_on(async {
        let app = Router::new().route(
            "/rest/online/paylink",
            get(|| async {
                (
                    [("content-type", "application/json")],
                    r#"{"url":"paylink/pay.php?uuid=1"}"#,
                )
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}/rest", listener.local_addr().expect("address"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        let clients = Clients {
            plain: reqwest::Client::new(),
            url: format!("{base}/online/paylink"),
            generated: Client::with_http_client(&base, reqwest::Client::new())
                .with_bearer_auth("token"),
            hooked: Client::with_http_client(&base, reqwest::Client::new())
                .with_bearer_auth("token")
                .with_hook(Nothing),
            no_retry: Client::with_http_client(&base, reqwest::Client::new())
                .with_bearer_auth("token")
                .with_retry(paylink::codegen::RetryPolicy::none()),
        };
        let ways = [Way::Plain, Way::Generated, Way::Hooked, Way::NoRetry];
        if let Some(way) = only_way() {
            // One way alone, for a profiler or an instruction counter.
            let calls = std::env::var("PAYLINK_BENCH_CALLS").map_or(2_000, |n| {
                n.parse().expect("PAYLINK_BENCH_CALLS is a number")
            });
            round(&clients, ways[way], calls).await;
            return;
        }
        for way in ways {
            round(&clients, way, per_round).await;
        }
        let mut walls = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
        let mut cpus = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
        for i in 0..rounds {
            for k in 0..4 {
                let w = (i + k) % 4;
                let (wall, cpu) = round(&clients, ways[w], per_round).await;
                walls[w].push(wall);
                cpus[w].push(cpu);
            }
        }
        let walls = walls.map(median);
        let cpus = cpus.map(median);
        let tracing = if cfg!(feature = "tracing") {
            "on"
        } else {
            "off"
        };
        println!(
            "ropo GET /online/paylink ({rounds} rounds of {per_round} calls, tracing {tracing})"
        );
        println!("  {:<20} {:>17}  {:>17}", "", "wall", "cpu");
        let names = [
            "plain reqwest",
            "generated",
            "generated + hook",
            "generated, no retry",
        ];
        for (w, name) in names.iter().enumerate() {
            let [wall, cpu] = [walls[w], cpus[w]].map(|t| t.as_secs_f64());
            let [wall_ratio, cpu_ratio] =
                [wall / walls[0].as_secs_f64(), cpu / cpus[0].as_secs_f64()];
            println!(
                "  {name:<20} {:>6.2} µs  {wall_ratio:.3}x  {:>6.2} µs  {cpu_ratio:.3}x",
                wall * 1e6,
                cpu * 1e6
            );
        }
    });
}
