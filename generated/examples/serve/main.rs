//! Serves one built-in provider's generated server (or the server of the
//! `pointers` test fixture) on a loopback port with an implementation that
//! answers every valid request with valid data: the target of the
//! Schemathesis runs in `.ci/run`.
//!
//! `cargo run -p paylink --features server --example serve -- PROVIDER [ADDR]`
//!
//! Credentials are checked against the fixed test values in [`TOKEN`],
//! [`API_KEY`], [`USER`] and [`PASSWORD`]; anything else is refused.

mod fortis;
mod frontstream;
mod onepay;
mod payroc;
mod pointers;
mod ropo;

/// The bearer token the implementations accept.
pub const TOKEN: &str = "test-token";
/// The API key the implementations accept.
pub const API_KEY: &str = "test-key";
/// The basic-auth user the implementations accept.
pub const USER: &str = "test-user";
/// The basic-auth password the implementations accept.
pub const PASSWORD: &str = "test-password";

fn router(provider: &str) -> Option<axum::Router> {
    Some(match provider {
        "ropo" => ropo::router(),
        "frontstream" => frontstream::router(),
        "onepay" => onepay::router(),
        "payroc" => payroc::router(),
        "fortis" => fortis::router(),
        "pointers" => pointers::router(),
        _ => return None,
    })
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1);
    let provider = args.next().unwrap_or_default();
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:8080".to_string());
    let Some(app) = router(&provider) else {
        eprintln!("usage: serve ropo|frontstream|onepay|payroc|fortis|pointers [ADDR]");
        return std::process::ExitCode::from(2);
    };
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    println!("serving {provider} on http://{addr}");
    match axum::serve(listener, app).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
