//! `$ref`s that point inside another schema (pagerduty-rest's union
//! members `#/components/schemas/CustomFieldsFieldValue/properties/value/oneOf/1`
//! and its fields `.../properties/data_type`), through the whole pipeline:
//! typed as the schema they point at, named from its owner and place, one
//! type per pointer shared with the owner's own field; a pointer that
//! loops back is `serde_json::Value` with a located warning.

mod support;

use paylink_codegen::generate::{generate_str, Generated, Options};
use support::{flat, has};

/// A small PagerDuty: a field value whose `value` is a union of titled
/// objects, and a schema that reuses that union's members and fields by
/// pointer.
const POINTERS: &str = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /fields:
    post:
      operationId: createField
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewField'}
      responses:
        '201':
          description: made
          content:
            application/json:
              schema: {$ref: '#/components/schemas/FieldValue'}
components:
  schemas:
    FieldValue:
      type: object
      required: [data_type]
      properties:
        data_type: {type: string, enum: [boolean, float, string]}
        name: {type: string, nullable: true}
        value:
          oneOf:
            - {type: object, title: Boolean, properties: {value: {type: boolean}}}
            - {type: object, title: Float, properties: {value: {type: number}}}
            - {type: object, title: String, properties: {value: {type: string}}}
    NewField:
      type: object
      required: [data_type]
      properties:
        data_type: {$ref: '#/components/schemas/FieldValue/properties/data_type'}
        name: {$ref: '#/components/schemas/FieldValue/properties/name'}
        default_value:
          oneOf:
            - {$ref: '#/components/schemas/FieldValue/properties/value/oneOf/0'}
            - {$ref: '#/components/schemas/FieldValue/properties/value/oneOf/1'}
            - {$ref: '#/components/schemas/FieldValue/properties/value/oneOf/2'}
        tags:
          type: array
          items: {$ref: '#/components/schemas/Tagged/allOf/0'}
    Tagged:
      allOf:
        - {type: object, title: TagBase, properties: {id: {type: string}}}
        - {type: object, properties: {label: {type: string}}}
    Tree:
      type: object
      properties:
        node:
          type: object
          properties:
            children: {type: array, items: {$ref: '#/components/schemas/Tree/properties/node'}}
";

fn generate() -> Generated {
    generate_str("pointers.yaml", POINTERS, &Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn pointers_into_properties_are_the_owners_types() {
    let generated = generate();
    let code = &generated.code;
    // The field's own enum, the same type where it is pointed at.
    has(code, "pub enum FieldValueDataType {");
    has(code, "pub data_type: FieldValueDataType,");
    assert_eq!(flat(code).matches("pubenumFieldValueDataType").count(), 1);
    // A pointer to a nullable string keeps its nullability.
    has(code, "pub name: Option<Option<String>>,");
    // Union members by pointer: the owner's member types, named by title.
    has(code, "pub struct FieldValueValueBoolean {");
    has(code, "Boolean(FieldValueValueBoolean)");
    has(code, "Float(FieldValueValueFloat)");
    has(code, "StringValue(FieldValueValueStringValue)");
    // The union of pointers is the owner's union: one type.
    has(code, "pub default_value: Option<FieldValueValue>,");
    // An `allOf` member by pointer: named from its owner and title.
    has(code, "pub tags: Option<Vec<TaggedTagBase>>,");
    has(code, "pub struct TaggedTagBase {");
    assert!(!code.contains("Value2"), "{code}");
    assert!(
        !flat(code).contains("pubdata_type:rt::serde_json::Value"),
        "{code}"
    );
}

#[test]
fn a_pointer_that_loops_back_is_json_with_a_located_warning() {
    let generated = generate();
    let warning = generated
        .warnings
        .iter()
        .find(|w| w.message.contains("refers back to itself"))
        .unwrap_or_else(|| panic!("no warning in {:?}", generated.warnings));
    assert_eq!(
        warning.pointer,
        "#/components/schemas/Tree/properties/node/properties/children/items"
    );
    assert_eq!(generated.warnings.len(), 1, "{:?}", generated.warnings);
}
