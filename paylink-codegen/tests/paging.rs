//! Which paging each list shape gets: one tiny spec per pattern the
//! generator detects, a declared one, and declarations it cannot use.

use paylink_codegen::generate::{generate_str, Generated, Options};

/// A spec with one `GET /things` whose parameters and 200 page schema are
/// given (YAML, indented for their places).
fn list(params: &str, page: &str, extension: &str) -> String {
    format!(
        "openapi: 3.0.3
info: {{title: T, version: '1'}}
paths:
  /things:
    get:
      operationId: listThings
{extension}      parameters:
{params}
      responses:
        '200':
          description: a page
          content:
            application/json:
              schema:
{page}
components:
  schemas:
    Thing:
      type: object
      properties:
        id: {{type: string}}
"
    )
}

fn query(name: &str, ty: &str) -> String {
    format!("        - {{name: {name}, in: query, schema: {{type: {ty}}}}}")
}

fn generate(spec: &str) -> Generated {
    generate_str("t.yaml", spec, &Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// The `PAGING` constant of the generated module, without whitespace or
/// trailing commas.
fn paging(spec: &str) -> Option<String> {
    let code = generate(spec).code;
    let start = code.find("const PAGING: rt::Paging = ")?;
    let end = code[start..].find("};\n")?;
    let flat: String = code[start..start + end].split_whitespace().collect();
    Some(flat.replace(",}", "}"))
}

fn page(fields: &str) -> String {
    format!("                type: object\n                properties:\n{fields}")
}

const DATA: &str =
    "                  data: {type: array, items: {$ref: '#/components/schemas/Thing'}}\n";

#[test]
fn stripe_lists_page_by_the_last_items_id() {
    let fields = format!("{DATA}                  has_more: {{type: boolean}}\n");
    let spec = list(&query("starting_after", "string"), &page(&fields), "");
    let found = paging(&spec).expect("paging");
    assert!(
        found.contains(
            r#"items:"/data",has_more:Some("/has_more"),next:rt::Next::LastItem{field:"/id"}"#
        ),
        "{found}"
    );
}

#[test]
fn cursor_tokens_handed_back_in_the_page() {
    let fields = format!("{DATA}                  next_cursor: {{type: string}}\n");
    let spec = list(&query("cursor", "string"), &page(&fields), "");
    let found = paging(&spec).expect("paging");
    assert!(
        found.contains(r#"next:rt::Next::Cursor{from:"/next_cursor"}"#),
        "{found}"
    );
}

#[test]
fn hal_next_links_carry_the_cursor_in_their_query() {
    let fields = format!(
        "{DATA}                  _links:\n                    type: object\n                    properties:\n                      next: {{type: object, properties: {{href: {{type: string}}}}}}\n"
    );
    let spec = list(&query("from", "string"), &page(&fields), "");
    let found = paging(&spec).expect("paging");
    assert!(
        found.contains(r#"next:rt::Next::Link{from:"/_links/next",param:"from"}"#),
        "{found}"
    );
}

#[test]
fn page_numbers_run_to_the_page_count() {
    let fields = format!(
        "{DATA}                  meta:\n                    type: object\n                    properties:\n                      totalPages: {{type: integer}}\n"
    );
    let spec = list(&query("page", "integer"), &page(&fields), "");
    let found = paging(&spec).expect("paging");
    assert!(
        found.contains(r#"next:rt::Next::Number{first:1u64,total:Some("/meta/totalPages")}"#),
        "{found}"
    );
}

#[test]
fn shapes_it_is_not_sure_of_get_no_stream() {
    // Two arrays, neither named as items are; and a cursor without a
    // parameter to send it in.
    let two = format!("{DATA}                  more: {{type: array, items: {{type: string}}}}\n                  next_cursor: {{type: string}}\n");
    let renamed = two.replace("data:", "things:");
    assert_eq!(
        paging(&list(&query("cursor", "string"), &page(&renamed), "")),
        None
    );
    let fields = format!("{DATA}                  next_cursor: {{type: string}}\n");
    assert_eq!(
        paging(&list(&query("limit", "integer"), &page(&fields), "")),
        None
    );
}

#[test]
fn a_declaration_overrides_detection() {
    let fields = format!("{DATA}                  token: {{type: string}}\n");
    let extension = "      x-paylink-pagination: {items: /data, param: marker, cursor: /token}\n";
    let spec = list(&query("marker", "string"), &page(&fields), extension);
    let found = paging(&spec).expect("paging");
    assert!(
        found.contains(r#"next:rt::Next::Cursor{from:"/token"}"#),
        "{found}"
    );
}

#[test]
fn a_declaration_it_cannot_use_is_a_located_warning() {
    let fields = DATA.to_string();
    for (extension, why) in [
        (
            "      x-paylink-pagination: {items: /nothing, param: marker, cursor: /token}\n",
            "is not an array",
        ),
        (
            "      x-paylink-pagination: {items: /data, param: absent, cursor: /token}\n",
            "no optional query parameter",
        ),
        (
            "      x-paylink-pagination: {items: /data, param: marker}\n",
            "exactly one of",
        ),
    ] {
        let spec = list(&query("marker", "string"), &page(&fields), extension);
        let generated = generate(&spec);
        assert!(!generated.code.contains("const PAGING"), "{extension}");
        let warning = generated
            .warnings
            .iter()
            .find(|w| w.message.contains(why))
            .unwrap_or_else(|| panic!("{why}: {:?}", generated.warnings));
        assert_eq!(warning.pointer, "#/paths/~1things/get/x-paylink-pagination");
        assert!(warning.location.is_some(), "{warning:?}");
    }
}
