//! One file per page.

pub mod audit;
pub mod auto_allocation;
pub mod blocked_senders;
pub mod custom_rule;
pub mod email_account;
pub mod email_accounts;
pub mod field;
pub mod fields;
pub mod home;
pub mod import;
pub mod not_found;
pub mod page;
pub mod preview;
pub mod routing;
pub mod sla_policies;
pub mod sla_policy;
pub mod trigger;
pub mod triggers;
pub mod working_time;
