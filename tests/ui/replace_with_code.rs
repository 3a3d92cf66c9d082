paylink::provider!(
    spec = "fixtures/macro/acme.yaml",
    server = false,
    replace = ["Link=crate::Link; fn evil() {}"],
);

fn main() {
    let _client = acme::Client::new();
}
