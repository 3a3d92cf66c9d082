paylink::provider!(spec = "fixtures/macro/broken_ref.yaml", module = "acme");

fn main() {
    let _client = acme::Client::new();
}
