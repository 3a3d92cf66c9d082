paylink::provider!(spec = "fixtures/macro/acme.yaml", server = false, patch = ["Links: derive(Hash)"]);

fn main() {
    let _client = acme::Client::new();
}
