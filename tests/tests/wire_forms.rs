//! The exact bytes a generated client sends: the client of
//! `fixtures/wire/forms.yaml` (generated here by `paylink::provider!`) calls
//! a loopback server that records each raw request (request line, headers,
//! body as received) and answers `204`. Form bodies with nested objects,
//! arrays of objects and `encoding` overrides, multipart bodies with nested
//! fields, every query style and explode of the OpenAPI style table (its
//! `color` examples), the `name[]` convention, and the path and header
//! styles are compared byte for byte.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::Duration;

paylink::provider!(
    spec = "fixtures/wire/forms.yaml",
    module = "forms",
    client = true
);

use forms::types;

/// One request as it arrived on the socket.
#[derive(Debug)]
struct RawRequest {
    /// `GET /path?query HTTP/1.1`.
    line: String,
    /// Header names lower-cased, with their values.
    headers: Vec<(String, String)>,
    /// The body, de-chunked when it came chunked.
    body: Vec<u8>,
}

impl RawRequest {
    fn target(&self) -> &str {
        self.line.split(' ').nth(1).unwrap_or_default()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn read_request(stream: TcpStream) -> std::io::Result<RawRequest> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header)?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((k, v)) = header.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let value = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v): &(String, String)| v.clone())
    };
    let mut body = Vec::new();
    if let Some(length) = value("content-length") {
        body.resize(length.parse().expect("a length"), 0);
        reader.read_exact(&mut body)?;
    } else if value("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let size = usize::from_str_radix(size.trim(), 16).expect("a chunk size");
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    }
    reader
        .get_mut()
        .write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n")?;
    Ok(RawRequest {
        line: line.trim_end().to_string(),
        headers,
        body,
    })
}

/// A client of a fresh loopback server, and the requests it will record.
fn loopback() -> (forms::Client, mpsc::Receiver<RawRequest>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            if let Ok(request) = read_request(stream) {
                if send.send(request).is_err() {
                    return;
                }
            }
        }
    });
    (forms::Client::with_base_url(base), receive)
}

fn recorded(requests: &mpsc::Receiver<RawRequest>) -> RawRequest {
    requests
        .recv_timeout(Duration::from_secs(10))
        .expect("the server got a request")
}

fn colors() -> Vec<String> {
    ["blue", "black", "brown"].map(String::from).to_vec()
}

fn rgb() -> types::Rgb {
    types::Rgb {
        r: 100,
        g: 200,
        b: 150,
    }
}

fn line_item(price: &str, quantity: i64) -> types::LineItem {
    types::LineItem {
        price: price.into(),
        quantity,
        adjustable_quantity: None,
    }
}

#[tokio::test]
async fn a_nested_form_body_is_sent_with_brackets_and_its_encoding_overrides() {
    let (client, requests) = loopback();
    let mut second = line_item("price_456", 2);
    second.adjustable_quantity = Some(types::LineItemAdjustableQuantity {
        enabled: Some(true),
        maximum: Some(5),
    });
    let body = types::CheckoutSession {
        mode: types::CheckoutSessionMode::Payment,
        success_url: Some("https://shop.test/ok?session={ID}".into()),
        line_items: vec![line_item("price_123", 1), second],
        metadata: Some(BTreeMap::from([
            ("order".to_string(), "7".to_string()),
            ("note".to_string(), "a b&c".to_string()),
        ])),
        expand: Some(vec!["customer".into(), "line_items.data".into()]),
        tags: Some(vec!["a".into(), "b c".into()]),
        channels: Some(vec!["web".into(), "app".into()]),
        options: Some(types::CheckoutSessionOptions {
            locale: Some("fr".into()),
            retries: Some(2),
        }),
    };
    let response = client.create_checkout_session(body).send().await;
    assert!(response.is_ok(), "{response:?}");
    let request = recorded(&requests);
    assert_eq!(request.line, "POST /checkout/sessions HTTP/1.1");
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let expected = [
        "mode=payment",
        "success_url=https%3A%2F%2Fshop.test%2Fok%3Fsession%3D%7BID%7D",
        "line_items%5B0%5D%5Bprice%5D=price_123",
        "line_items%5B0%5D%5Bquantity%5D=1",
        "line_items%5B1%5D%5Bprice%5D=price_456",
        "line_items%5B1%5D%5Bquantity%5D=2",
        "line_items%5B1%5D%5Badjustable_quantity%5D%5Benabled%5D=true",
        "line_items%5B1%5D%5Badjustable_quantity%5D%5Bmaximum%5D=5",
        "metadata%5Bnote%5D=a%20b%26c",
        "metadata%5Border%5D=7",
        "expand%5B0%5D=customer",
        "expand%5B1%5D=line_items.data",
        "tags=a%2Cb%20c",
        "channels=web%7Capp",
        "options=%7B%22locale%22%3A%22fr%22%2C%22retries%22%3A2%7D",
    ]
    .join("&");
    assert_eq!(String::from_utf8_lossy(&request.body), expected);
}

/// One multipart part: its headers (lower-cased names) and its content.
type Part = (Vec<(String, String)>, Vec<u8>);

/// The parts of a multipart body.
fn parts(request: &RawRequest) -> Vec<Part> {
    let content_type = request.header("content-type").expect("a content type");
    let boundary = content_type
        .split_once("boundary=")
        .map(|(_, b)| b.trim_matches('"'))
        .expect("a boundary");
    let delimiter = format!("--{boundary}");
    let body = String::from_utf8_lossy(&request.body).into_owned();
    let mut out = Vec::new();
    for chunk in body.split(&delimiter).skip(1) {
        if chunk.starts_with("--") {
            break;
        }
        let chunk = chunk
            .strip_prefix("\r\n")
            .expect("a line break after the delimiter");
        let (head, content) = chunk.split_once("\r\n\r\n").expect("part headers");
        let headers = head
            .lines()
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let content = content
            .strip_suffix("\r\n")
            .expect("a line break before the delimiter");
        out.push((headers, content.as_bytes().to_vec()));
    }
    out
}

fn part(disposition: &str, content_type: Option<&str>, content: &str) -> Part {
    let mut headers = vec![("content-disposition".to_string(), disposition.to_string())];
    if let Some(t) = content_type {
        headers.push(("content-type".to_string(), t.to_string()));
    }
    (headers, content.as_bytes().to_vec())
}

#[tokio::test]
async fn a_multipart_body_sends_files_bracketed_fields_repeated_parts_and_json_parts() {
    let (client, requests) = loopback();
    let body = types::UploadFileRequest {
        file: b"PNG bytes".to_vec(),
        purpose: "identity document".into(),
        file_link_data: Some(types::UploadFileRequestFileLinkData {
            create: Some(true),
            expires_at: Some(1_700_000_000),
            metadata: Some(BTreeMap::from([("k".to_string(), "v w".to_string())])),
        }),
        labels: Some(vec!["x".into(), "y".into()]),
        details: Some(types::UploadFileRequestDetails {
            source: Some("scan".into()),
            pages: Some(3),
        }),
    };
    let response = client.upload_file(body).send().await;
    assert!(response.is_ok(), "{response:?}");
    let request = recorded(&requests);
    assert_eq!(request.line, "POST /files HTTP/1.1");
    assert!(request
        .header("content-type")
        .is_some_and(|t| t.starts_with("multipart/form-data; boundary=")));
    let expected = vec![
        part(
            "form-data; name=\"file\"; filename=\"file\"",
            Some("image/png"),
            "PNG bytes",
        ),
        part("form-data; name=\"purpose\"", None, "identity document"),
        part("form-data; name=\"file_link_data[create]\"", None, "true"),
        part(
            "form-data; name=\"file_link_data[expires_at]\"",
            None,
            "1700000000",
        ),
        part(
            "form-data; name=\"file_link_data[metadata][k]\"",
            None,
            "v w",
        ),
        part("form-data; name=\"labels\"", None, "x"),
        part("form-data; name=\"labels\"", None, "y"),
        part(
            "form-data; name=\"details\"",
            Some("application/json"),
            r#"{"source":"scan","pages":3}"#,
        ),
    ];
    assert_eq!(parts(&request), expected);
}

#[tokio::test]
async fn query_arrays_follow_the_style_table() {
    let (client, requests) = loopback();
    let response = client
        .query_arrays()
        .form_exploded(colors())
        .form_joined(colors())
        .spaced(colors())
        .piped(colors())
        .expand(colors())
        .deep(colors())
        .color("blue")
        .send()
        .await;
    assert!(response.is_ok(), "{response:?}");
    let expected = [
        "form_exploded=blue&form_exploded=black&form_exploded=brown",
        "form_joined=blue,black,brown",
        "spaced=blue%20black%20brown",
        "piped=blue|black|brown",
        "expand[]=blue&expand[]=black&expand[]=brown",
        "deep[0]=blue&deep[1]=black&deep[2]=brown",
        "color=blue",
    ]
    .join("&");
    assert_eq!(
        recorded(&requests).target(),
        format!("/query/arrays?{expected}")
    );
}

#[tokio::test]
async fn query_objects_follow_the_style_table() {
    let (client, requests) = loopback();
    let filter = types::Filter {
        created: Some(types::FilterCreated {
            gte: Some(1),
            lt: Some(5),
        }),
        status: Some("open now".into()),
    };
    let response = client
        .query_objects()
        .form_joined(rgb())
        .deep(filter)
        .send()
        .await;
    assert!(response.is_ok(), "{response:?}");
    let expected = [
        "form_joined=R,100,G,200,B,150",
        "deep[created][gte]=1&deep[created][lt]=5&deep[status]=open%20now",
    ]
    .join("&");
    assert_eq!(
        recorded(&requests).target(),
        format!("/query/objects?{expected}")
    );

    let call = client.query_delimited_objects().spaced(rgb()).piped(rgb());
    let response = call.send().await;
    assert!(response.is_ok(), "{response:?}");
    assert_eq!(
        recorded(&requests).target(),
        "/query/delimited-objects?spaced=R%20100%20G%20200%20B%20150&piped=R|100|G|200|B|150"
    );

    let response = client.query_exploded().color(rgb()).send().await;
    assert!(response.is_ok(), "{response:?}");
    assert_eq!(
        recorded(&requests).target(),
        "/query/exploded?R=100&G=200&B=150"
    );
}

#[tokio::test]
async fn path_styles_follow_the_style_table() {
    let (client, requests) = loopback();
    let c = colors;
    let response = client
        .path_arrays(c(), c(), c(), c(), c(), c())
        .send()
        .await;
    assert!(response.is_ok(), "{response:?}");
    assert_eq!(
        recorded(&requests).target(),
        "/paths/blue,black,brown/blue,black,brown/.blue,black,brown/.blue.black.brown\
         /;matrix=blue,black,brown/;matrix_x=blue;matrix_x=black;matrix_x=brown"
    );
    let response = client
        .path_objects(rgb(), rgb(), rgb(), rgb(), rgb(), rgb())
        .send()
        .await;
    assert!(response.is_ok(), "{response:?}");
    assert_eq!(
        recorded(&requests).target(),
        "/objects/R,100,G,200,B,150/R=100,G=200,B=150/.R,100,G,200,B,150/.R=100.G=200.B=150\
         /;matrix=R,100,G,200,B,150/;R=100;G=200;B=150"
    );
}

#[tokio::test]
async fn header_styles_follow_the_style_table() {
    let (client, requests) = loopback();
    let response = client
        .header_styles()
        .x_colors(colors())
        .x_rgb(rgb())
        .x_rgb_exploded(rgb())
        .send()
        .await;
    assert!(response.is_ok(), "{response:?}");
    let request = recorded(&requests);
    assert_eq!(request.header("x-colors"), Some("blue,black,brown"));
    assert_eq!(request.header("x-rgb"), Some("R,100,G,200,B,150"));
    assert_eq!(request.header("x-rgb-exploded"), Some("R=100,G=200,B=150"));
}
