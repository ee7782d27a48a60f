//! The server over real HTTP on 127.0.0.1 with a real SQLite file.

mod admins;
mod basics;
mod bulk;
mod common;
mod crash;
mod email_accounts;
mod lists;
mod openapi;
mod pipeline;
mod probes;
mod routing;
mod settings;
mod trust;
mod whole;
