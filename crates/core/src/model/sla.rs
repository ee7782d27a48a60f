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
    /// Hours (0–8760); 0 h 0 min means no target for that measure.
    #[serde(default, deserialize_with = "wire::integer")]
    pub first_respond_within: i64,
    /// Minutes (0–59) added to the hours (contract §7); left out when 0.
    #[serde(default, deserialize_with = "wire::integer", skip_serializing_if = "is_zero")]
    pub first_respond_within_minutes: i64,
    #[serde(default, deserialize_with = "wire::integer")]
    pub next_respond_within: i64,
    /// Minutes (0–59) added to the hours (contract §7); left out when 0.
    #[serde(default, deserialize_with = "wire::integer", skip_serializing_if = "is_zero")]
    pub next_respond_within_minutes: i64,
    #[serde(default, deserialize_with = "wire::integer")]
    pub resolve_respond_within: i64,
    /// Minutes (0–59) added to the hours (contract §7); left out when 0.
    #[serde(default, deserialize_with = "wire::integer", skip_serializing_if = "is_zero")]
    pub resolve_respond_within_minutes: i64,
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

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// One of a policy's three targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    FirstResponse,
    NextResponse,
    Resolution,
}

impl Measure {
    pub const ALL: [Measure; 3] = [Measure::FirstResponse, Measure::NextResponse, Measure::Resolution];

    /// The wire name of the hours field; the minutes field adds `Minutes`.
    pub fn key(self) -> &'static str {
        match self {
            Measure::FirstResponse => "firstRespondWithin",
            Measure::NextResponse => "nextRespondWithin",
            Measure::Resolution => "resolveRespondWithin",
        }
    }

    pub fn minutes_key(self) -> &'static str {
        match self {
            Measure::FirstResponse => "firstRespondWithinMinutes",
            Measure::NextResponse => "nextRespondWithinMinutes",
            Measure::Resolution => "resolveRespondWithinMinutes",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Measure::FirstResponse => "First response",
            Measure::NextResponse => "Next response",
            Measure::Resolution => "Resolution",
        }
    }
}

impl SlaPolicy {
    /// A target's hours and minutes.
    pub fn target(&self, m: Measure) -> (i64, i64) {
        match m {
            Measure::FirstResponse => (self.first_respond_within, self.first_respond_within_minutes),
            Measure::NextResponse => (self.next_respond_within, self.next_respond_within_minutes),
            Measure::Resolution => (self.resolve_respond_within, self.resolve_respond_within_minutes),
        }
    }

    pub fn target_mut(&mut self, m: Measure) -> (&mut i64, &mut i64) {
        match m {
            Measure::FirstResponse => {
                (&mut self.first_respond_within, &mut self.first_respond_within_minutes)
            }
            Measure::NextResponse => (&mut self.next_respond_within, &mut self.next_respond_within_minutes),
            Measure::Resolution => {
                (&mut self.resolve_respond_within, &mut self.resolve_respond_within_minutes)
            }
        }
    }

    /// A target in minutes; 0 is none.
    pub fn target_minutes(&self, m: Measure) -> i64 {
        let (h, min) = self.target(m);
        h.saturating_mul(60).saturating_add(min)
    }

    /// What lists and messages call the policy: its name, or "Policy N"
    /// for an unnamed one at `index` (its position, from 0) — the same
    /// words in the server's messages and the console (contract §7).
    pub fn display_name(&self, index: usize) -> String {
        if self.name.trim().is_empty() {
            format!("Policy {}", index + 1)
        } else {
            self.name.trim().to_owned()
        }
    }
}
