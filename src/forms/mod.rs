//! Form logic without the DOM: what each input offers and says, tested
//! natively. Components in `components/` render it.

pub mod blocked;
pub mod conditions;
pub mod impact;
pub mod import;
pub mod order;
pub mod placeholders;
pub mod preview;
pub mod sla;
pub mod typed;
pub mod working_time;
