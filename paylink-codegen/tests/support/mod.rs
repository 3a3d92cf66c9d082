//! What the generator tests that read generated code share: finding a
//! piece of code whatever its line breaks and indentation.

/// `code` without whitespace.
pub fn flat(code: &str) -> String {
    code.split_whitespace().collect()
}

/// Asserts that `code` holds `needle`, whitespace aside.
pub fn has(code: &str, needle: &str) {
    assert!(
        flat(code).contains(&flat(needle)),
        "missing `{needle}` in:\n{code}"
    );
}
