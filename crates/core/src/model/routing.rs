use serde::{Deserialize, Serialize};

use super::ConditionSet;
use crate::wire;

/// The id of the one routing configuration.
pub const ROUTING_CONFIG_ID: &str = "default";

string_enum! {
    pub enum RoutingType {
        /// Everything goes to one target.
        Simple = "simple",
        /// The first matching custom rule decides; else the match-failed target.
        Rules = "rules" | "customRules" | "custromRules",
    }
}

string_enum! {
    pub enum RouteToObject {
        Department = "department",
        Agent = "agent",
    }
}

number_enum! {
    /// Conversation priority enum numbers (contract §5).
    #[derive(Default)]
    pub enum Priority {
        Low = 1,
        #[default]
        Normal = 2,
        High = 3,
        Urgent = 4,
    }
}

impl Priority {
    pub fn label(&self) -> &'static str {
        match self {
            Priority::Low => "Low",
            Priority::Normal => "Normal",
            Priority::High => "High",
            Priority::Urgent => "Urgent",
            Priority::Unknown(_) => "Unknown",
        }
    }
}

/// The routing configuration (a singleton, id `default`).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoutingConfig {
    #[serde(default = "default_id", deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub id: String,
    #[serde(default, alias = "enable", deserialize_with = "wire::boolean")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub is_enable: bool,
    #[serde(default, rename = "type")]
    pub kind: Option<RoutingType>,
    #[serde(default)]
    pub simple_route_to_object: Option<RouteToObject>,
    #[serde(default, deserialize_with = "wire::opt_id")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::wire::Loose>"))]
    pub simple_route_to_id: Option<String>,
    #[serde(default, alias = "simpleRoutePriority")]
    pub simple_route_to_priority: Priority,
    /// The custom rules in order. Output only: ignored on `PUT`.
    #[serde(default, deserialize_with = "wire::list")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<CustomRule>>"))]
    pub rules: Vec<CustomRule>,
    #[serde(default)]
    pub match_failed_to_object: Option<RouteToObject>,
    #[serde(
        default,
        rename = "matchFailedrouteToId",
        alias = "matchFailedToId",
        deserialize_with = "wire::opt_id"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::wire::Loose>"))]
    pub match_failed_route_to_id: Option<String>,
    #[serde(default)]
    pub match_failed_to_priority: Priority,
}

fn default_id() -> String {
    ROUTING_CONFIG_ID.to_owned()
}

impl Default for RoutingConfig {
    /// What a new help desk starts with: routing off, simple, nowhere yet.
    fn default() -> Self {
        RoutingConfig {
            id: default_id(),
            is_enable: false,
            kind: Some(RoutingType::Simple),
            simple_route_to_object: Some(RouteToObject::Department),
            simple_route_to_id: None,
            simple_route_to_priority: Priority::Normal,
            rules: Vec::new(),
            match_failed_to_object: Some(RouteToObject::Department),
            match_failed_route_to_id: None,
            match_failed_to_priority: Priority::Normal,
        }
    }
}

/// A routing rule: conditions and where matching conversations go.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomRule {
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub id: String,
    /// The routing configuration's id (`default`).
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub route_id: String,
    #[serde(default, deserialize_with = "wire::integer")]
    pub order_index: i64,
    #[serde(default, deserialize_with = "wire::boolean")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub is_enable: bool,
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub name: String,
    #[serde(default)]
    pub conditions: ConditionSet,
    #[serde(default)]
    pub route_to_object: Option<RouteToObject>,
    #[serde(default, deserialize_with = "wire::opt_id")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::wire::Loose>"))]
    pub route_to_id: Option<String>,
    #[serde(default)]
    pub route_to_priority: Priority,
}
