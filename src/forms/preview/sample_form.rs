//! The sample form: an input per field type and the sample it makes, in the
//! working-time zone.

use super::*;
use anytime_core::order;

/// The input a sample field gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SampleInput {
    Text(Kind),
    /// One of the field's options (value, words).
    Choice(Vec<(String, String)>),
    /// Any of them (checkbox lists).
    Multi(Vec<(String, String)>),
    Agent,
    Department,
}

/// The fields the sample form asks for, system fields first in the order an
/// admin thinks of a new conversation, then custom fields as defined.
pub fn form_fields(fields: &[Field]) -> Vec<(Field, SampleInput)> {
    const FIRST: [&str; 11] = [
        "subject",
        "senderEmail",
        "contactName",
        "toEmail",
        "channel",
        "priority",
        "status",
        "department",
        "agent",
        "createdTime",
        "content",
    ];
    let rank = |f: &Field| FIRST.iter().position(|id| *id == f.id).unwrap_or(FIRST.len());
    let mut known: Vec<&Field> = fields.iter().filter(|f| f.field_type().is_some()).collect();
    order::sort_by_key(&mut known, |f| rank(f));
    known.into_iter().map(|f| (f.clone(), input_for(f))).collect()
}

fn input_for(field: &Field) -> SampleInput {
    let options = || field.options.iter().map(|o| (o.value.clone(), o.name.clone())).collect();
    match field.field_type() {
        Some(FieldType::Email) => SampleInput::Text(Kind::Email),
        Some(FieldType::Url) => SampleInput::Text(Kind::Url),
        Some(FieldType::Date) => SampleInput::Text(Kind::Date),
        Some(FieldType::Integer) => SampleInput::Text(Kind::Number { min: i64::MIN, max: i64::MAX }),
        Some(FieldType::Radio | FieldType::DropdownList) => SampleInput::Choice(options()),
        Some(FieldType::CheckboxList) => SampleInput::Multi(options()),
        Some(FieldType::Checkbox) => SampleInput::Choice(vec![
            ("true".into(), "Checked".into()),
            ("false".into(), "Not checked".into()),
        ]),
        Some(FieldType::Operator) => SampleInput::Agent,
        Some(FieldType::Department) => SampleInput::Department,
        _ => SampleInput::Text(Kind::Text),
    }
}

/// What the sample form holds: field values as typed, the event, and
/// "now" as a local date and time in the working-time zone.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleForm {
    pub values: BTreeMap<String, FieldValue>,
    pub event: TriggerEvent,
    /// "YYYY-MM-DDTHH:MM", local to the working-time zone.
    pub at: String,
    /// Agents' open conversations (allocation reads them); absent = none.
    pub loads: BTreeMap<String, u32>,
}

impl SampleForm {
    /// A conversation to start from: an email from a customer, now.
    pub fn starter(fields: &[Field], at: String) -> Self {
        let mut values = BTreeMap::new();
        for f in fields.iter().filter(|f| !f.default_value.is_empty()) {
            values.insert(f.id.clone(), FieldValue::text(&f.default_value));
        }
        for (id, v) in [
            ("subject", "Refund for order 1042"),
            ("senderEmail", "tom@example.com"),
            ("contactName", "Tom Baker"),
            ("channel", "email"),
            ("priority", "2"),
            ("status", "new"),
        ] {
            if fields.iter().any(|f| f.id == id) {
                values.insert(id.to_owned(), FieldValue::text(v));
            }
        }
        SampleForm { values, event: TriggerEvent::ConversationCreated, at, loads: BTreeMap::new() }
    }

    /// The form for a sample (one opened from a change's list): its
    /// values, event, time in the zone and agents' loads.
    pub fn of(sample: &Sample, zone: &Zone) -> Self {
        let at = sample
            .at
            .as_deref()
            .and_then(anytime_core::date::DateTime::parse)
            .map(|t| local_input(t.unix_seconds(), zone))
            .unwrap_or_default();
        SampleForm {
            values: sample.fields.clone(),
            event: sample.event(),
            at,
            loads: sample.agents.iter().map(|a| (a.agent_id.clone(), a.open_conversations)).collect(),
        }
    }

    pub fn text(&self, id: &str) -> String {
        match self.values.get(id) {
            Some(FieldValue::Text(s)) => s.clone(),
            Some(FieldValue::List(items)) => items.join(", "),
            None => String::new(),
        }
    }

    pub fn list(&self, id: &str) -> Vec<String> {
        match self.values.get(id) {
            Some(FieldValue::List(items)) => items.clone(),
            Some(FieldValue::Text(s)) if !s.is_empty() => vec![s.clone()],
            _ => Vec::new(),
        }
    }

    /// The sample the engine reads: empty values left out (they are
    /// "missing" to conditions), "now" converted from local time to UTC.
    pub fn sample(&self, zone: &Zone) -> Sample {
        let fields = self
            .values
            .iter()
            .filter(|(_, v)| match v {
                FieldValue::Text(s) => !s.trim().is_empty(),
                FieldValue::List(items) => !items.is_empty(),
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Sample {
            fields,
            event: Some(self.event.clone()),
            at: local_seconds(&self.at).map(|local| format_utc(to_utc(local, zone))),
            agents: self
                .loads
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(id, n)| AgentLoad {
                    agent_id: id.clone(),
                    open_conversations: *n,
                    ..AgentLoad::default()
                })
                .collect(),
            ..Sample::default()
        }
    }
}

/// Local wall-clock seconds → the instant (the earlier one in a repeated
/// hour, the later side of a skipped one).
pub fn to_utc(local: i64, zone: &Zone) -> i64 {
    let guess = local - zone.offset_at(local);
    local - zone.offset_at(guess)
}

/// An instant as the admin reads it in the zone: "Tue 1 Dec 2026, 10:00".
pub fn local_time(rfc3339: &str, zone: &Zone) -> String {
    let Some(t) = anytime_core::date::DateTime::parse(rfc3339).map(|d| d.unix_seconds()) else {
        return rfc3339.to_owned();
    };
    let local = t + zone.offset_at(t);
    let date = CalendarDate::from_days(local.div_euclid(86_400));
    let s = local.rem_euclid(86_400);
    format!("{} {}, {:02}:{:02}", crate::format::short_date(date), date.year, s / 3_600, s % 3_600 / 60)
}

/// The browser's clock, in seconds since the epoch.
pub fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// A local "YYYY-MM-DDTHH:MM" for an instant (to fill the "now" input).
pub fn local_input(t: i64, zone: &Zone) -> String {
    let text = format_utc(t + zone.offset_at(t));
    text[..16].to_owned()
}
