//! The server over real HTTP on 127.0.0.1 with a real SQLite file (or, on
//! the test command's second pass, a real PostgreSQL database).

mod admins;
mod basics;
mod bulk;
mod common;
mod copy_db;
mod crash;
mod email_accounts;
mod lists;
mod openapi;
mod pipeline;
mod probes;
mod replicas;
mod routing;
mod settings;
mod trust;
mod whole;
