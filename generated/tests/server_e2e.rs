//! A generated server and a generated client over real HTTP: the server
//! module of `tests/fixtures/tricky.yaml` serves an in-test implementation
//! on a loopback port and the generated client calls it.

#[allow(dead_code)]
#[path = "support/tricky_server.rs"]
mod tricky;

use tricky::server::{router, Api, GetPetRequest};
use tricky::types::{Cat, CatPetType, Pet};
use tricky::{Client, GetPetResponse};

struct Pets;

impl Api for Pets {
    async fn get_pet(&self, request: GetPetRequest) -> GetPetResponse {
        let lives = request.id.len() as i64;
        GetPetResponse::Ok(Pet::Cat(Cat {
            pet_type: CatPetType::Cat,
            lives,
        }))
    }
}

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router(Pets)).await;
    });
    format!("http://{addr}")
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
