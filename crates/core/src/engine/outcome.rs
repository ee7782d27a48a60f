//! What the engine answers for one conversation: routing, triggers, SLA,
//! blocked verdict and allocation, each with its explanation.

use super::*;

/// Where routing sent the conversation.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    /// `department` or `agent`.
    pub object: String,
    pub id: String,
    /// The department's or agent's name ("" when the id is unknown).
    pub name: String,
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RoutingStatus {
    /// Routing is turned off.
    Disabled,
    /// Only new conversations (event 1) are routed.
    NotApplicable,
    /// Simple routing: everything to one target.
    Simple,
    /// A custom rule matched.
    Rule,
    /// No custom rule matched: the match-failed target.
    Fallback,
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleResult {
    pub id: String,
    pub name: String,
    pub matched: bool,
    pub conditions: SetResult,
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoutingResult {
    pub status: RoutingStatus,
    /// The custom rule that decided (status `rule`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    /// Every enabled custom rule in order, until the first match.
    pub rules: Vec<RuleResult>,
}

impl RoutingResult {
    pub(super) fn with_status(status: RoutingStatus) -> Self {
        RoutingResult {
            status,
            rule_id: None,
            rule_name: None,
            target: None,
            priority: None,
            rules: Vec::new(),
        }
    }
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldUpdate {
    pub field_id: String,
    pub field_name: String,
    pub from: String,
    pub to: String,
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recipient {
    pub id: String,
    pub name: String,
    pub email: String,
}

/// An email a trigger sends, placeholders filled in.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailAction {
    pub subject: String,
    /// The stored HTML with each placeholder's value HTML-escaped.
    pub html_text: String,
    pub plain_text: String,
    /// The contact's address (`senderEmail`), when sent to the contact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_contact: Option<String>,
    pub to_agents: Vec<Recipient>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attachment: Option<Attachment>,
    pub show_in_conversation_correspondences: bool,
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TriggerResult {
    pub id: String,
    pub description: String,
    pub fired: bool,
    pub conditions: SetResult,
    pub updates: Vec<FieldUpdate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<EmailAction>,
}

/// One SLA target's due time.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Due {
    /// The target: whole hours, plus `minutes` (0–59, left out when 0).
    pub hours: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub minutes: i64,
    /// The clock starts here (RFC 3339 UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// RFC 3339 UTC; absent when not computable or not applicable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// Why there is no due time, if there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyResult {
    pub id: String,
    pub name: String,
    pub matched: bool,
    pub conditions: SetResult,
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlaResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operational_hour: Option<String>,
    /// Absent when the target is 0 hours (none) or no policy applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_response: Option<Due>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_response: Option<Due>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Due>,
    /// Every enabled policy in order, until the first match.
    pub policies: Vec<PolicyResult>,
}

/// Everything the settings would do to one conversation (contract §10).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub event: i64,
    pub blocked: BlockedVerdict,
    /// Absent when a blocked sender ended the evaluation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routing: Option<RoutingResult>,
    pub triggers: Vec<TriggerResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sla: Option<SlaResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocation: Option<AllocationResult>,
    /// The conversation's fields after routing, triggers and allocation.
    pub fields: std::collections::BTreeMap<String, FieldValue>,
    /// What in the settings cannot work as written (a trigger on an event
    /// that does not exist, a time zone without rules): said, not skipped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}
