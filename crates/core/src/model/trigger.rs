use serde::{Deserialize, Serialize};

use super::{Condition, When};
use crate::wire;

number_enum! {
    /// What makes a trigger run (contract §6).
    pub enum TriggerEvent {
        ConversationCreated = 1,
        ConversationReplyReceived = 2,
        AgentReplied = 3,
        ConversationAssigneeChanged = 4,
        ConversationStatusChanged = 5,
        /// Needs `status` and `statusDuration` on the trigger.
        ConversationStatusLastForCertainTime = 6,
    }
}

impl TriggerEvent {
    /// The event in an admin's words.
    pub fn label(&self) -> &'static str {
        match self {
            TriggerEvent::ConversationCreated => "Conversation created",
            TriggerEvent::ConversationReplyReceived => "Contact replied",
            TriggerEvent::AgentReplied => "Agent replied",
            TriggerEvent::ConversationAssigneeChanged => "Assignee changed",
            TriggerEvent::ConversationStatusChanged => "Status changed",
            TriggerEvent::ConversationStatusLastForCertainTime => "Status unchanged for a time",
            TriggerEvent::Unknown(_) => "Unknown event",
        }
    }
}

/// Set a field to a value when the trigger fires.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoUpdate {
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub id: String,
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub trigger_id: String,
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub field_id: String,
    #[serde(default, deserialize_with = "wire::stringish")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::wire::Loose"))]
    pub value: String,
}

/// A file uploaded with `POST api/v3/attachments`, sent with the email.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub id: String,
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub name: String,
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub content_type: String,
    #[serde(default, deserialize_with = "wire::integer")]
    pub size: u64,
}

/// Run actions when an event happens to a conversation that matches.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Trigger {
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub id: String,
    /// The trigger's name in lists.
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub description: String,
    #[serde(default, deserialize_with = "wire::boolean")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub enable: bool,
    #[serde(default)]
    pub event: Option<TriggerEvent>,
    /// For event 6: the status that must last (a value of the `status` field).
    #[serde(default, deserialize_with = "wire::opt_id")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::wire::Loose>"))]
    pub status: Option<String>,
    /// For event 6: how long, in minutes.
    #[serde(default, deserialize_with = "wire::opt_integer")]
    pub status_duration: Option<i64>,
    /// The condition list; `when` and `logicExpression` sit beside it.
    #[serde(default, deserialize_with = "wire::list")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<Condition>>"))]
    pub conditions: Vec<Condition>,
    #[serde(default)]
    pub when: When,
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub logic_expression: String,
    #[serde(default, deserialize_with = "wire::boolean")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub set_value: bool,
    #[serde(default, deserialize_with = "wire::list")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<AutoUpdate>>"))]
    pub auto_update: Vec<AutoUpdate>,
    #[serde(default, deserialize_with = "wire::boolean")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub send_email: bool,
    #[serde(default, deserialize_with = "wire::boolean")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub send_to_contacts: bool,
    #[serde(default, deserialize_with = "wire::boolean")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub send_to_agents: bool,
    /// Agent ids (strings; numbers accepted on input).
    #[serde(default, deserialize_with = "wire::id_list")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<crate::wire::Loose>>"))]
    pub to_agents: Vec<String>,
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub subject: String,
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub html_text: String,
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub plain_text: String,
    #[serde(default)]
    pub attachment: Option<Attachment>,
    #[serde(default, deserialize_with = "wire::boolean")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub show_in_conversation_correspondences: bool,
    #[serde(default, deserialize_with = "wire::integer")]
    pub order_index: i64,
}
