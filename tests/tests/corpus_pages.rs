//! Page streams on two corpus specs that page differently, each against a
//! loopback server serving three pages: Oxide's Nexus API hands back a
//! cursor (`next_page`, sent again as `page_token`), Spotify's Web API a
//! `next` URL whose `offset` asks for the next page. The modules come from
//! the corpus through `provider!` (one operation each), so a missing
//! corpus fails the build.

use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use paylink::codegen::StreamExt;
use serde_json::{json, Value};

paylink::provider!(
    spec = "../../shared/corpus/specs/progenitor-nexus.json",
    module = "nexus",
    server = false,
    operations = ["group_list"]
);

paylink::provider!(
    spec = "../../shared/corpus/specs/spotify-web-api.yaml",
    module = "spotify",
    server = false,
    operations = ["get-an-albums-tracks"]
);

type Seen = Arc<Mutex<Vec<Option<String>>>>;

async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    base
}

fn group(n: u32) -> Value {
    json!({
        "id": format!("00000000-0000-4000-8000-00000000000{n}"),
        "display_name": format!("group {n}"),
        "silo_id": "00000000-0000-4000-8000-000000000000",
    })
}

async fn groups(
    State(seen): State<Seen>,
    Query(query): Query<Vec<(String, String)>>,
) -> Json<Value> {
    let token = query
        .iter()
        .find(|(k, _)| k == "page_token")
        .map(|(_, v)| v.clone());
    seen.lock().expect("seen").push(token.clone());
    Json(match token.as_deref() {
        None => json!({"items": [group(1), group(2)], "next_page": "t/2"}),
        Some("t/2") => json!({"items": [group(3), group(4)], "next_page": "t/3"}),
        Some("t/3") => json!({"items": [group(5)], "next_page": null}),
        Some(_) => json!({"items": []}),
    })
}

#[tokio::test]
async fn nexus_follows_next_page_tokens_to_the_end() {
    let seen: Seen = Arc::default();
    let base = serve(
        Router::new()
            .route("/groups", get(groups))
            .with_state(seen.clone()),
    )
    .await;
    let client = nexus::Client::with_base_url(&base);
    let items: Vec<_> = client.group_list().limit(2).items().collect().await;
    let names: Vec<String> = items
        .into_iter()
        .map(|g| g.expect("an item").display_name)
        .collect();
    assert_eq!(
        names,
        ["group 1", "group 2", "group 3", "group 4", "group 5"]
    );
    let tokens = seen.lock().expect("seen").clone();
    assert_eq!(tokens, [None, Some("t/2".into()), Some("t/3".into())]);
}

fn tracks(base: &str, offset: u32, count: u32, next: Option<u32>) -> Value {
    let items: Vec<Value> = (offset..offset + count)
        .map(|n| json!({"id": format!("t{n}"), "name": format!("track {n}")}))
        .collect();
    let url = |o: u32| format!("{base}/v1/albums/a1/tracks?offset={o}&limit=2");
    json!({
        "href": url(offset),
        "items": items,
        "limit": 2,
        "next": next.map(url),
        "offset": offset,
        "previous": null,
        "total": 5,
    })
}

async fn album_tracks(
    State((seen, base)): State<(Seen, Arc<Mutex<String>>)>,
    Query(query): Query<Vec<(String, String)>>,
) -> Json<Value> {
    let offset = query
        .iter()
        .find(|(k, _)| k == "offset")
        .map(|(_, v)| v.clone());
    seen.lock().expect("seen").push(offset.clone());
    let base = base.lock().expect("base").clone();
    Json(match offset.as_deref() {
        None | Some("0") => tracks(&base, 0, 2, Some(2)),
        Some("2") => tracks(&base, 2, 2, Some(4)),
        Some("4") => tracks(&base, 4, 1, None),
        Some(_) => tracks(&base, 5, 0, None),
    })
}

#[tokio::test]
async fn spotify_follows_next_urls_by_their_offset() {
    let seen: Seen = Arc::default();
    let base_cell = Arc::new(Mutex::new(String::new()));
    let app = Router::new()
        .route("/v1/albums/{id}/tracks", get(album_tracks))
        .with_state((seen.clone(), base_cell.clone()));
    let base = serve(app).await;
    *base_cell.lock().expect("base") = base.clone();
    let client = spotify::Client::with_base_url(format!("{base}/v1")).with_oauth_2_0("token");
    let pages: Vec<_> = client
        .get_an_albums_tracks("a1")
        .limit(2)
        .pages()
        .collect()
        .await;
    assert_eq!(pages.len(), 3);
    let ids: Vec<String> = pages
        .into_iter()
        .flat_map(|p| p.expect("a page").items)
        .filter_map(|t| t.id)
        .collect();
    assert_eq!(ids, ["t0", "t1", "t2", "t3", "t4"]);
    let offsets = seen.lock().expect("seen").clone();
    assert_eq!(offsets, [None, Some("2".into()), Some("4".into())]);
}
