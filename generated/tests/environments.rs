//! Each built-in provider's client offers the hosts its provider documents,
//! one constructor per environment, and `new()` is the first of them.
//! The hosts come from the providers' documentation: in the hand-written
//! specs (OnePay, Payroc, Fortis) and in the overlays beside the verbatim
//! ones (`specs/ropo.overlay.yaml`, `specs/frontstream.overlay.yaml`).

use paylink::{fortis, frontstream, onepay, payroc, ropo};

#[test]
fn ropo_has_a_test_and_a_production_host_per_country() {
    assert_eq!(
        ropo::Client::test_fi().base_url(),
        "https://rc.ropo24.fi/rest"
    );
    assert_eq!(
        ropo::Client::test_se().base_url(),
        "https://rc.ropo24.se/rest"
    );
    assert_eq!(
        ropo::Client::test_no().base_url(),
        "https://rc.ropo24.no/rest"
    );
    assert_eq!(
        ropo::Client::production_fi().base_url(),
        "https://ropo24.fi/rest"
    );
    assert_eq!(
        ropo::Client::production_se().base_url(),
        "https://ropo24.se/rest"
    );
    assert_eq!(ropo::Client::new().base_url(), "https://rc.ropo24.fi/rest");
    assert_eq!(ropo::SERVERS.len(), 5);
}

#[test]
fn frontstream_has_its_demo_and_development_hosts() {
    let demo = "https://demo-payments.frontstream.com";
    assert_eq!(frontstream::Client::demo().base_url(), demo);
    assert_eq!(
        frontstream::Client::dev().base_url(),
        "https://dev-payments.frontstream.com"
    );
    assert_eq!(frontstream::Client::new().base_url(), demo);
}

#[test]
fn the_hand_written_specs_name_their_environments() {
    assert_eq!(
        onepay::Client::production().base_url(),
        "https://api.onepay.lk"
    );
    assert_eq!(
        payroc::Client::production().base_url(),
        "https://api.payroc.com/v1"
    );
    assert_eq!(
        payroc::Client::uat().base_url(),
        "https://api.uat.payroc.com/v1"
    );
    assert_eq!(
        fortis::Client::sandbox().base_url(),
        "https://api.sandbox.zeamster.com/v2"
    );
    assert_eq!(
        fortis::Client::production().base_url(),
        "https://api.zeamster.com/v2"
    );
    assert_eq!(
        fortis::Client::new().base_url(),
        fortis::Client::sandbox().base_url()
    );
}
