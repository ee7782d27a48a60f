use serde::{Deserialize, Serialize};

use super::{Condition, When};
use crate::wire;

string_enum! {
    /// Which clock the targets run on.
    pub enum OperationalHour {
        /// Only time inside working hours, skipping holidays.
        BusinessHours = "businessHours",
        /// Wall-clock time. (The spec's spelling is kept.)
        CalenderHours = "calenderHours" | "calendarHours",
    }
}

/// Response and resolution targets for matching conversations.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlaPolicy {
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub id: String,
    /// A name for lists. Not in the spec; optional (Zendesk's policies have one).
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub name: String,
    #[serde(default, deserialize_with = "wire::boolean")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub enable: bool,
    /// Hours (0–8760); 0 means no target for that measure.
    #[serde(default, deserialize_with = "wire::integer")]
    pub first_respond_within: i64,
    #[serde(default, deserialize_with = "wire::integer")]
    pub next_respond_within: i64,
    #[serde(default, deserialize_with = "wire::integer")]
    pub resolve_respond_within: i64,
    #[serde(default)]
    pub operational_hour: Option<OperationalHour>,
    #[serde(default, deserialize_with = "wire::list")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<Condition>>"))]
    pub conditions: Vec<Condition>,
    #[serde(default)]
    pub when: When,
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub logic_expression: String,
    #[serde(default, deserialize_with = "wire::integer")]
    pub order_index: i64,
}
