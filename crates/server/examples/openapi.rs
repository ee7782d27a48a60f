//! Prints the OpenAPI document the server serves at `/api/openapi.json`,
//! for client generators: `cargo run -p anytime-server --example openapi`.

fn main() {
    println!("{:#}", anytime_server::openapi_document());
}
