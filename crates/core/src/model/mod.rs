//! Every settings object of the API, as the contract settles it.

mod allocation;
mod audit;
mod blocked;
mod condition;
mod directory;
mod duplicate;
mod email;
mod field;
mod labels;
mod requests;
mod routing;
mod sla;
mod trigger;
mod working_time;

pub use allocation::*;
pub use audit::*;
pub use blocked::*;
pub use condition::*;
pub use directory::*;
pub use duplicate::Duplicate;
pub use email::*;
pub use field::*;
pub use labels::Choice;
pub use requests::*;
pub use routing::*;
pub use sla::*;
pub use trigger::*;
pub use working_time::*;
