paylink::provider!(spec = "fixtures/macro/malformed.yaml", module = "acme");

fn main() {
    let _client = acme::Client::new();
}
