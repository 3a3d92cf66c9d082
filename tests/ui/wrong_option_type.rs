paylink::provider!(spec = "fixtures/macro/acme.yaml", server = "no");

fn main() {
    let _client = acme::Client::new();
}
