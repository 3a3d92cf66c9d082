//! The macro-generated Petstore client against a loopback server that
//! answers one request with a canned response and hands back the request
//! it read.

use custom_provider_macro::{pet_names, petstore};
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
async fn the_generated_client_lists_pets() {
    let body = r#"[{"id":1,"name":"Rex","tag":"dog"},{"id":2,"name":"Tom"}]"#;
    let (url, request) = serve_once("200 OK", body).await;
    let client = petstore::Client::with_base_url(url);
    let names = pet_names(&client, 2).await.expect("decodes");
    assert_eq!(names, ["Rex", "Tom"]);
    let head = request.await.expect("served");
    assert!(head.starts_with("GET /pets?limit=2 HTTP/1.1"), "{head}");
}

#[tokio::test]
async fn the_default_response_is_typed() {
    let body = r#"{"code":500,"message":"down"}"#;
    let (url, _request) = serve_once("500 Internal Server Error", body).await;
    // The server answers once: no retry of the 500 (a GET is retried by
    // default).
    let client =
        petstore::Client::with_base_url(url).with_retry(paylink::codegen::RetryPolicy::none());
    let response = client.show_pet_by_id("1").send().await.expect("documented");
    match response.body {
        petstore::ShowPetByIdResponse::Default(error) => {
            assert_eq!(error.message, "down");
            assert_eq!(response.status.as_u16(), 500);
        }
        other => panic!("expected the default response, got {other:?}"),
    }
}

#[test]
fn extra_derives_reach_the_types() {
    fn is_eq<T: Eq>() {}
    is_eq::<petstore::types::Pet>();
    assert!(petstore::SERVERS.contains(&"http://petstore.swagger.io/v1"));
}
