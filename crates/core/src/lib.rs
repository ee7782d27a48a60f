//! The Anytime help-desk settings core: the one definition of every settings
//! object, its JSON shape and its validation rules, shared by the REST server
//! (`anytime-server`) and the browser console (`anytime-admin`).
//!
//! Pure Rust with no I/O, clocks, threads or randomness, so it compiles both
//! natively and to `wasm32-unknown-unknown` and gives the same answers on both.
//!
//! JSON follows `CONTRACT.md` §1: the spec's names (typos kept), aliases
//! accepted on input and never emitted, enum strings case-insensitive on input
//! and canonical on output, read-only fields ignored on input.

#[macro_use]
mod macros;

pub mod date;
pub mod decode;
pub mod document;
pub mod engine;
mod html;
mod markup;
pub mod model;
pub mod order;
pub mod tz;
pub mod validate;
pub mod wire;

pub use model::*;
pub use validate::{Context, FieldError, Validate, ValidationErrors};
