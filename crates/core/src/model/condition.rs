use serde::{Deserialize, Serialize};

use crate::wire;

string_enum! {
    /// Which object a condition belongs to; set by the server from its owner.
    pub enum ConditionType {
        View = "view",
        Trigger = "trigger",
        Sla = "sla",
        RoutingRule = "routingRule",
    }
}

string_enum! {
    /// How the conditions of a set combine.
    #[derive(Default)]
    pub enum When {
        #[default]
        All = "all",
        Any = "any",
        LogicalExpression = "logicalExpression" | "logicExpression",
    }
}

string_enum! {
    pub enum MatchType {
        Contains = "contains",
        NotContains = "notContains",
        Is = "is",
        IsNot = "isNot",
        IsMoreThan = "isMoreThan",
        IsLessThan = "isLessThan",
        Before = "before",
        After = "after",
    }
}

/// How many conditions one set may hold: far more than a rule needs, few
/// enough that evaluating many conversations stays cheap (contract §11).
pub const MAX_CONDITIONS: usize = 500;

/// What to say about a set of `count` conditions, past [`MAX_CONDITIONS`].
pub fn too_many_conditions(count: usize) -> String {
    format!("Use at most {MAX_CONDITIONS} conditions in one rule; this one has {count}.")
}

/// One test of a conversation field: `{fieldId} {matchType} {value}`.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub id: String,
    /// Set by the server from the condition's owner.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<ConditionType>,
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub field_id: String,
    #[serde(default)]
    pub match_type: Option<MatchType>,
    /// Always text on the wire; numbers and booleans are accepted on input.
    #[serde(default, deserialize_with = "wire::stringish")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::wire::Loose"))]
    pub value: String,
}

/// The nested condition set of a custom rule.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionSet {
    #[serde(default)]
    pub when: When,
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub logic_expression: String,
    #[serde(default, deserialize_with = "wire::list")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<Condition>>"))]
    pub list: Vec<Condition>,
}
