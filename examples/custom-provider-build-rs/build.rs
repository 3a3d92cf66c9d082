//! Generates the SendGrid alerts client from the real-world corpus beside
//! the workspace into `OUT_DIR/alerts.rs`, rewritten only when it changed;
//! Cargo reruns this script when the spec changes.

fn main() -> Result<(), paylink_codegen::Error> {
    paylink_codegen::Config::new()
        .module("alerts")
        .client(true)
        .compile("../../../shared/corpus/specs/sendgrid-alerts-v3.yaml")?;
    Ok(())
}
