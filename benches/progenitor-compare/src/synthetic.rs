//! A synthetic spec of a given size, shaped like a large payment API
//! (Stripe's 4 MB spec has about 550 operations; this one, at 4 MB, about
//! 800): resources, each with a schema of thirty-odd properties (strings
//! with formats, amounts, enums, a nested address, metadata maps, a list of
//! references to another resource, twenty plain settings with a paragraph
//! of description each), a list operation with cursor
//! parameters, create, retrieve, update and delete, and a shared error
//! schema. Pretty-printed JSON, as real specs are.

use serde_json::{json, Map, Value};

/// A spec of at least `bytes` bytes.
pub fn spec(bytes: usize) -> String {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    schemas.insert("Error".into(), error_schema());
    // Each resource adds about 25 KB; add them until the text is big
    // enough, serialising only every ten resources.
    let mut count = 0;
    loop {
        for _ in 0..10 {
            add_resource(count, &mut paths, &mut schemas);
            count += 1;
        }
        let text = serde_json::to_string_pretty(&document(&paths, &schemas)).expect("JSON");
        if text.len() >= bytes {
            return text;
        }
    }
}

fn document(paths: &Map<String, Value>, schemas: &Map<String, Value>) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic payments", "version": "2024-01-01"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}
        },
        "security": [{"bearer": []}]
    })
}

fn error_schema() -> Value {
    json!({"type": "object", "required": ["message"], "properties": {
        "message": {"type": "string", "description": "What went wrong."},
        "code": {"type": "string", "nullable": true},
        "param": {"type": "string", "nullable": true}
    }})
}

fn add_resource(i: usize, paths: &mut Map<String, Value>, schemas: &mut Map<String, Value>) {
    let name = format!("Resource{i}");
    let list = format!("Resource{i}List");
    let one = json!({"$ref": format!("#/components/schemas/{name}")});
    schemas.insert(name.clone(), resource_schema(i));
    schemas.insert(
        list.clone(),
        json!({"type": "object", "required": ["data", "has_more"], "properties": {
            "data": {"type": "array", "items": one},
            "has_more": {"type": "boolean", "description": "Whether more items follow."},
            "url": {"type": "string"}
        }}),
    );
    let collection = format!("/v1/resource{i}s");
    let item = format!("/v1/resource{i}s/{{id}}");
    let list_ref = json!({"$ref": format!("#/components/schemas/{list}")});
    paths.insert(
        collection,
        json!({
            "get": operation(&format!("ListResource{i}s"), list_ref, list_parameters(), None),
            "post": operation(&format!("CreateResource{i}"), one.clone(), json!([]), Some(one.clone())),
        }),
    );
    let id = json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string", "maxLength": 64}}]);
    paths.insert(
        item,
        json!({
            "get": operation(&format!("RetrieveResource{i}"), one.clone(), id.clone(), None),
            "post": operation(&format!("UpdateResource{i}"), one.clone(), id.clone(), Some(one.clone())),
            "delete": operation(&format!("DeleteResource{i}"), one, id, None),
        }),
    );
}

/// Prose as long as a large payment API's descriptions of a field.
fn prose(what: &str) -> String {
    format!(
        "The {what} of the object. This value is set when the object is created and \
         can be changed later with the update operation; see the guide for the rules \
         that apply to it, and for how it is shown in the dashboard and in reports."
    )
}

/// Twenty plain fields more, as large payment APIs' objects have.
fn more_properties(properties: &mut Value) {
    for n in 0..20 {
        let field = match n % 4 {
            0 => json!({"type": "string", "nullable": true, "maxLength": 5000}),
            1 => json!({"type": "integer", "nullable": true}),
            2 => json!({"type": "boolean"}),
            _ => json!({"type": "string", "enum": ["automatic", "manual", "none"]}),
        };
        let mut field = field;
        field["description"] = Value::String(prose(&format!("setting {n}")));
        properties[format!("setting_{n}")] = field;
    }
}

fn resource_schema(i: usize) -> Value {
    let mut properties = json!({
        "id": {"type": "string", "description": "Unique identifier for the object."},
        "object": {"type": "string", "enum": [format!("resource{i}")]},
        "amount": {"type": "integer", "format": "int64", "minimum": 0,
            "description": "Amount in the smallest currency unit (e.g., 100 cents to charge $1.00)."},
        "currency": {"type": "string", "enum": ["usd", "eur", "gbp", "jpy"]},
        "created": {"type": "string", "format": "date-time"},
        "description": {"type": "string", "nullable": true, "maxLength": 5000,
            "description": "An arbitrary string attached to the object. Often useful for displaying to users."},
        "livemode": {"type": "boolean"},
        "metadata": {"type": "object", "additionalProperties": {"type": "string"},
            "description": "Set of key-value pairs that you can attach to an object."},
        "status": {"type": "string", "enum": ["pending", "succeeded", "failed", "canceled"]},
        "address": {"type": "object", "properties": {
            "line1": {"type": "string"}, "line2": {"type": "string", "nullable": true},
            "city": {"type": "string"}, "postal_code": {"type": "string"},
            "country": {"type": "string", "minLength": 2, "maxLength": 2}
        }},
        "customer_email": {"type": "string", "format": "email", "nullable": true}
    });
    more_properties(&mut properties);
    // Resources refer to the first of their group of ten: chains of
    // references stay short, as in real specs.
    let first = i - i % 10;
    if i != first {
        properties["related"] = json!({"type": "array",
            "items": {"$ref": format!("#/components/schemas/Resource{first}")}});
    }
    json!({"type": "object", "required": ["id", "object", "amount", "currency", "created", "livemode", "status"],
        "description": format!("Resource {i}: an object of the synthetic payments API."),
        "properties": properties})
}

fn list_parameters() -> Value {
    json!([
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100},
            "description": "A limit on the number of objects to be returned, between 1 and 100."},
        {"name": "starting_after", "in": "query", "schema": {"type": "string"},
            "description": "A cursor for use in pagination."},
        {"name": "ending_before", "in": "query", "schema": {"type": "string"},
            "description": "A cursor for use in pagination."}
    ])
}

fn operation(id: &str, response: Value, parameters: Value, body: Option<Value>) -> Value {
    let mut op = json!({
        "operationId": id,
        "summary": format!("{id} (synthetic)"),
        "parameters": parameters,
        "responses": {
            "200": {"description": "Successful response.",
                "content": {"application/json": {"schema": response}}},
            "default": {"description": "Error response.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        }
    });
    if let Some(body) = body {
        op["requestBody"] = json!({"required": true,
            "content": {"application/json": {"schema": body}}});
    }
    op
}
