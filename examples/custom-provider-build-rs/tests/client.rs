//! The build-script-generated SendGrid alerts client against a loopback
//! server that answers one request with a canned response and hands back
//! the request it read.

use custom_provider_build_rs::{alert_email, alerts};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Serves one HTTP exchange on a loopback port; returns the base URL and
/// a handle yielding the raw request head.
async fn serve_once(status: &str, body: &str) -> (String, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let reply = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let handle = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut head = Vec::new();
        let mut buf = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut buf).await.expect("read");
            if n == 0 {
                break;
            }
            head.extend_from_slice(&buf[..n]);
        }
        socket.write_all(reply.as_bytes()).await.expect("write");
        String::from_utf8_lossy(&head).into_owned()
    });
    (url, handle)
}

#[tokio::test]
async fn the_generated_client_reads_an_alert() {
    let body = r#"{"created_at":1451498784,"email_to":"ops@example.com","id":46,"type":"usage_limit","updated_at":1451498784}"#;
    let (url, request) = serve_once("200 OK", body).await;
    let client = alerts::Client::with_base_url(url).with_bearer_auth("sg-key");
    let email = alert_email(&client, 46).await.expect("decodes");
    assert_eq!(email, "ops@example.com");
    let head = request.await.expect("served").to_ascii_lowercase();
    assert!(head.starts_with("get /v3/alerts/46 http/1.1"), "{head}");
    assert!(head.contains("authorization: bearer sg-key"), "{head}");
}

#[tokio::test]
async fn a_documented_error_is_typed() {
    let body = r#"{"errors":[{"field":"email_to","message":"invalid"}]}"#;
    let (url, _request) = serve_once("400 Bad Request", body).await;
    let client = alerts::Client::with_base_url(url).with_bearer_auth("sg-key");
    let response = client.create_alert().send().await.expect("documented");
    assert!(
        matches!(response.body, alerts::CreateAlertResponse::BadRequest(_)),
        "{:?}",
        response.body
    );
}

#[tokio::test]
async fn credentials_are_required_before_sending() {
    let client = alerts::Client::with_base_url("http://127.0.0.1:9");
    let error = alert_email(&client, 1).await.expect_err("no credentials");
    assert!(error.to_string().contains("BearerAuth"), "{error}");
}
