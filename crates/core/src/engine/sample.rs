//! A sample conversation to evaluate, and its compiled form.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::date::{DateTime, DateValue};
use crate::model::{AgentStatus, TriggerEvent};
use crate::validate::ValidationErrors;
use crate::wire::{self, Scalar};

/// A field's value in a sample: text (numbers and booleans as their text),
/// or a list for checkbox lists (a comma-separated string is also read as one).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum FieldValue {
    Text(String),
    List(Vec<String>),
}

impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            List(Vec<Scalar>),
            One(Scalar),
        }
        Ok(match Raw::deserialize(d)? {
            Raw::List(items) => FieldValue::List(items.into_iter().map(Scalar::into_string).collect()),
            Raw::One(s) => FieldValue::Text(s.into_string()),
        })
    }
}

impl FieldValue {
    pub fn text(s: impl Into<String>) -> Self {
        FieldValue::Text(s.into())
    }

    /// The value as an admin reads it.
    pub fn display(&self) -> String {
        match self {
            FieldValue::Text(s) => s.clone(),
            FieldValue::List(items) => items.join(", "),
        }
    }
}

/// One agent's workload at the time of the sample.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", remote = "Self")]
pub struct AgentLoad {
    #[serde(deserialize_with = "wire::stringish")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::wire::Loose"))]
    pub agent_id: String,
    /// Overrides the directory's status for this sample.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AgentStatus>,
    /// Open conversations, pending-external and on-hold ones included.
    #[serde(default, deserialize_with = "wire::integer")]
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 4_294_967_295_u32)))]
    pub open_conversations: u32,
    #[serde(default, deserialize_with = "wire::integer")]
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 4_294_967_295_u32)))]
    pub pending_external: u32,
    #[serde(default, deserialize_with = "wire::integer")]
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 4_294_967_295_u32)))]
    pub on_hold: u32,
    /// When the agent was last given a conversation (RFC 3339); never = idle longest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_allocated_at: Option<String>,
}

/// A conversation to preview: its field values, the event, and the state
/// allocation needs (contract §10).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", remote = "Self")]
pub struct Sample {
    #[serde(default)]
    pub fields: BTreeMap<String, FieldValue>,
    /// The trigger event; conversation created (1) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<TriggerEvent>,
    /// "Now", RFC 3339. The server fills in the request time when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_contact_reply_time: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agents: Vec<AgentLoad>,
    /// Who had the conversation before (for "prefer the last assignee").
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "wire::opt_id")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::wire::Loose>"))]
    pub last_assignee_id: Option<String>,
    /// The agent round robin allocated to last.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "wire::opt_id")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::wire::Loose>"))]
    pub last_allocated_agent_id: Option<String>,
}

// Samples come by the hundred thousand (bulk preview), so they are read
// straight from JSON text rather than through the strict reader's `Value`
// (crate::decode) — and are made strict themselves: an object only, never
// an array of their fields (`remote = "Self"` gives the derived code as
// inherent functions to wrap).
crate::wire::map_only!(Sample, AgentLoad);

impl Sample {
    pub fn event(&self) -> TriggerEvent {
        self.event.clone().unwrap_or(TriggerEvent::ConversationCreated)
    }

    /// Checks what the engine cannot read: the event and the timestamps.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        if let Some(e) = &self.event {
            if !e.is_known() {
                errors.add("event", format!("Unknown event '{e}'. Use {}.", TriggerEvent::expected()));
            }
        }
        let timestamp = |v: &Option<String>, path: &str, errors: &mut ValidationErrors| {
            if let Some(s) = v {
                if DateTime::parse(s).is_none() {
                    errors.add(path, format!("'{s}' is not a time like 2026-12-01T09:30:00Z."));
                }
            }
        };
        timestamp(&self.at, "at", &mut errors);
        timestamp(&self.last_contact_reply_time, "lastContactReplyTime", &mut errors);
        for (i, a) in self.agents.iter().enumerate() {
            timestamp(&a.last_allocated_at, &format!("agents[{i}].lastAllocatedAt"), &mut errors);
        }
        if let Some(FieldValue::Text(created)) = self.fields.get("createdTime") {
            if !created.is_empty() && DateValue::parse(created).is_none() {
                errors.add("fields.createdTime", format!("'{created}' is not a date or time."));
            }
        }
        errors.into_result()
    }
}

/// A parsed instant, or `None` for absent/unreadable text.
pub(crate) fn instant(s: Option<&str>) -> Option<i64> {
    s.and_then(DateTime::parse).map(|d| d.unix_seconds())
}
