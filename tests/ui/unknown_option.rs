paylink::provider!(spec = "fixtures/macro/acme.yaml", servr = false);

fn main() {
    let _client = acme::Client::new();
}
