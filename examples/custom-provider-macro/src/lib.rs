//! A provider added from its own spec with `paylink::provider!`: the
//! Swagger Petstore from the real-world corpus beside the workspace, client
//! only. The macro expands in place to `pub mod petstore`, the module that
//! `paylink-codegen generate SPEC -o FILE --client` writes for the same
//! spec, and Cargo rebuilds this crate when the spec changes.

paylink::provider!(
    spec = "../../../shared/corpus/specs/oai-petstore.yaml",
    module = "petstore",
    client = true,
    derives = ["Eq"],
);

/// The names of the pets on the first page of at most `limit`.
pub async fn pet_names(
    client: &petstore::Client,
    limit: i32,
) -> Result<Vec<String>, paylink::codegen::Error> {
    let response = client.list_pets().limit(limit).send().await?;
    Ok(match response.body {
        petstore::ListPetsResponse::Ok(pets) => pets.into_iter().map(|pet| pet.name).collect(),
        petstore::ListPetsResponse::Default(_) => Vec::new(),
    })
}
