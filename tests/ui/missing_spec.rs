paylink::provider!(spec = "fixtures/macro/no_such_spec.yaml", module = "acme");

fn main() {
    let _client = acme::Client::new();
}
