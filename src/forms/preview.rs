//! The Preview page's logic: the sample form's inputs by field type, the
//! sample it makes, generated and imported samples for bulk preview, and
//! the words for what the engine answered.

use std::collections::BTreeMap;

use anytime_core::date::{format_utc, CalendarDate};
use anytime_core::engine::clock::Zone;
use anytime_core::engine::{AgentLoad, FieldValue, Sample, Settings, Summary};
use anytime_core::{Field, FieldType, TriggerEvent};

use super::typed::{local_seconds, Kind};

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
    known.sort_by_key(|f| rank(f));
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

/// A small deterministic generator, so a bulk run can be repeated.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}

/// `n` varied conversations over the settings' fields: every option field
/// gets one of its options (or none), senders come from a pool that
/// includes the blocked list, times spread over a week from `start`.
pub fn generate(settings: &Settings, n: usize, start: i64, seed: u64) -> Vec<Sample> {
    const SUBJECTS: [&str; 8] = [
        "Refund for order",
        "Invoice question",
        "Password reset",
        "Order arrived late",
        "Bug report",
        "Cancel my subscription",
        "Urgent: site down",
        "Question about pricing",
    ];
    const SENDERS: [&str; 6] = [
        "tom@example.com",
        "ana@shop.example",
        "li@corp.example",
        "sam@mail.example",
        "jo@vip.example",
        "max@example.org",
    ];
    let mut rng = Rng(seed | 1);
    let blocked: Vec<String> = settings
        .blocked_senders
        .iter()
        .map(|b| if b.email.contains('@') { b.email.clone() } else { format!("someone@{}", b.email) })
        .collect();
    let fields = form_fields(&settings.fields);
    (0..n)
        .map(|i| {
            let mut values = BTreeMap::new();
            for (field, input) in &fields {
                let value = match (field.id.as_str(), input) {
                    ("subject", _) => Some(format!("{} {}", SUBJECTS[rng.below(SUBJECTS.len())], 1000 + i)),
                    ("senderEmail", _) => {
                        let from_blocked = !blocked.is_empty() && rng.below(20) == 0;
                        let pool: Vec<&str> = if from_blocked {
                            blocked.iter().map(String::as_str).collect()
                        } else {
                            SENDERS.to_vec()
                        };
                        rng.pick(&pool).map(|s| (*s).to_owned())
                    }
                    // New conversations are unassigned: allocation decides.
                    ("agent" | "department" | "content" | "toEmail" | "contactName", _) => None,
                    ("createdTime", _) => None,
                    (_, SampleInput::Choice(options) | SampleInput::Multi(options)) => {
                        (rng.below(5) > 0).then(|| rng.pick(options).map(|(v, _)| v.clone())).flatten()
                    }
                    (_, SampleInput::Text(Kind::Number { .. })) => Some(rng.below(1_000).to_string()),
                    _ => None,
                };
                if let Some(v) = value {
                    values.insert(field.id.clone(), FieldValue::Text(v));
                }
            }
            let at = start + rng.below(7 * 24 * 60) as i64 * 60;
            values.insert("createdTime".into(), FieldValue::Text(format_utc(at)));
            Sample { fields: values, at: Some(format_utc(at)), ..Sample::default() }
        })
        .collect()
}

/// Samples from a file: a JSON array of samples (or `{"samples": […]}`), or
/// CSV with a header row of field ids. Errors say where.
pub fn parse_samples(text: &str) -> Result<Vec<Sample>, String> {
    let trimmed = text.trim_start();
    let samples: Vec<Sample> = if trimmed.starts_with('[') || trimmed.starts_with('{') {
        let doc: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| format!("The file is not JSON (line {}, column {}): {e}", e.line(), e.column()))?;
        let list = match doc {
            serde_json::Value::Array(items) => items,
            serde_json::Value::Object(mut o) => match o.remove("samples") {
                Some(serde_json::Value::Array(items)) => items,
                _ => return Err("The file should be a list of samples, or {\"samples\": [...]}.".into()),
            },
            _ => return Err("The file should be a list of samples, or {\"samples\": [...]}.".into()),
        };
        list.into_iter()
            .enumerate()
            .map(|(i, v)| {
                serde_json::from_value(v).map_err(|e| format!("Sample {} is not usable — {e}", i + 1))
            })
            .collect::<Result<_, _>>()?
    } else {
        parse_csv(text)?
    };
    for (i, s) in samples.iter().enumerate() {
        if let Err(e) = s.validate() {
            let first = e.0.first().map(|f| format!("{}: {}", f.field, f.message)).unwrap_or_default();
            return Err(format!("Sample {} is not usable — {first}", i + 1));
        }
    }
    if samples.is_empty() {
        return Err("The file holds no samples.".into());
    }
    Ok(samples)
}

fn csv_row(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(std::mem::take(&mut cell)),
            (c, _) => cell.push(c),
        }
    }
    cells.push(cell);
    cells.into_iter().map(|s| s.trim().to_owned()).collect()
}

fn parse_csv(text: &str) -> Result<Vec<Sample>, String> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header = csv_row(lines.next().ok_or("The file is empty.")?);
    if header.iter().all(String::is_empty) {
        return Err("The first line should name the fields, like subject,senderEmail,priority.".into());
    }
    lines
        .enumerate()
        .map(|(i, line)| {
            let cells = csv_row(line);
            if cells.len() != header.len() {
                return Err(format!(
                    "Line {} has {} values; the first line names {} fields.",
                    i + 2,
                    cells.len(),
                    header.len()
                ));
            }
            let mut sample = Sample::default();
            for (key, value) in header.iter().zip(cells) {
                if value.is_empty() {
                    continue;
                }
                match key.as_str() {
                    "at" => sample.at = Some(value),
                    "event" => sample.event = Some(TriggerEvent::parse(&value)),
                    _ => {
                        sample.fields.insert(key.clone(), FieldValue::Text(value));
                    }
                }
            }
            Ok(sample)
        })
        .collect()
}

/// A field's value in an admin's words: option names, agent and department
/// names for their ids, the text itself otherwise.
pub fn value_words(settings: &Settings, field_id: &str, value: &str) -> String {
    let field = settings.fields.iter().find(|f| f.id == field_id);
    let one = |v: &str| -> String {
        let v = v.trim();
        match field.and_then(Field::field_type) {
            Some(FieldType::Operator) => settings.agents.iter().find(|a| a.id == v).map(|a| a.name.clone()),
            Some(FieldType::Department) => {
                settings.departments.iter().find(|d| d.id == v).map(|d| d.name.clone())
            }
            Some(FieldType::Checkbox) => Some(if v == "true" { "checked" } else { "not checked" }.to_owned()),
            _ => field.and_then(|f| f.options.iter().find(|o| o.value == v).map(|o| o.name.clone())),
        }
        .unwrap_or_else(|| v.to_owned())
    };
    if field.and_then(Field::field_type) == Some(&FieldType::CheckboxList) {
        value.split(',').map(one).collect::<Vec<_>>().join(", ")
    } else {
        one(value)
    }
}

/// One line of a bulk summary: what, how many, and the share.
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    pub label: String,
    pub count: u64,
    pub percent: f64,
}

/// A bulk summary in words: sections of named counts, largest first.
pub fn summary_sections(summary: &Summary, settings: &Settings) -> Vec<(&'static str, Vec<Count>)> {
    let total = summary.total.max(1) as f64;
    let agent = |id: &str| settings.agents.iter().find(|a| a.id == id).map(|a| a.name.clone());
    let department = |id: &str| settings.departments.iter().find(|d| d.id == id).map(|d| d.name.clone());
    let rows = |map: &BTreeMap<String, u64>, name: &dyn Fn(&str) -> String| {
        let mut v: Vec<Count> = map
            .iter()
            .map(|(k, n)| Count { label: name(k), count: *n, percent: *n as f64 * 100.0 / total })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        v
    };
    let target = |key: &str| match key.split_once(':') {
        Some(("department", id)) => department(id).unwrap_or_else(|| format!("Department {id}")),
        Some(("agent", id)) => agent(id).unwrap_or_else(|| format!("Agent {id}")),
        _ => "Nowhere (no target)".into(),
    };
    let rule = |id: &str| {
        if id == "fallback" {
            return "No rule matched (fallback)".into();
        }
        settings.routing.rules.iter().find(|r| r.id == id).map_or_else(|| id.to_owned(), |r| r.name.clone())
    };
    let trigger = |id: &str| {
        settings.triggers.iter().find(|t| t.id == id).map_or_else(|| id.to_owned(), |t| t.description.clone())
    };
    let policy = |id: &str| {
        if id == "none" {
            return "No policy".into();
        }
        settings.sla_policies.iter().enumerate().find(|(_, p)| p.id == id).map_or_else(
            || id.to_owned(),
            |(i, p)| if p.name.is_empty() { format!("Policy {}", i + 1) } else { p.name.clone() },
        )
    };
    let allocated = |id: &str| {
        if id == "unassigned" {
            "Nobody eligible".into()
        } else {
            agent(id).unwrap_or_else(|| format!("Agent {id}"))
        }
    };
    let mut blocked = Vec::new();
    for (label, n) in [("Marked as junk", summary.junk), ("Rejected", summary.rejected)] {
        if n > 0 {
            blocked.push(Count { label: label.into(), count: n, percent: n as f64 * 100.0 / total });
        }
    }
    vec![
        ("Routed to", rows(&summary.routed_to, &target)),
        ("Decided by", rows(&summary.routed_by, &rule)),
        ("Triggers fired", rows(&summary.triggers_fired, &trigger)),
        ("SLA policy", rows(&summary.sla_policies, &policy)),
        ("Allocated to", rows(&summary.allocated_to, &allocated)),
        ("Blocked senders", blocked),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use anytime_core::engine::clock::Zones;
    use anytime_core::engine::Evaluator;
    use anytime_core::system_fields;

    fn paris() -> Zone {
        // The native tests have the bundled database through the server's
        // feature; fall back to a fixed zone when it is not there.
        Zones::new().get("Europe/Paris").map(Zone::new).unwrap_or_else(Zone::utc)
    }

    #[test]
    fn inputs_follow_the_field_types_with_system_fields_first() {
        let form = form_fields(&system_fields());
        let ids: Vec<&str> = form.iter().map(|(f, _)| f.id.as_str()).collect();
        assert_eq!(&ids[..3], ["subject", "senderEmail", "contactName"]);
        let input = |id: &str| form.iter().find(|(f, _)| f.id == id).map(|(_, i)| i.clone()).unwrap();
        assert_eq!(input("senderEmail"), SampleInput::Text(Kind::Email));
        assert_eq!(input("createdTime"), SampleInput::Text(Kind::Date));
        assert_eq!(input("agent"), SampleInput::Agent);
        assert_eq!(input("department"), SampleInput::Department);
        assert!(matches!(input("priority"), SampleInput::Choice(o) if o.len() == 4));
    }

    #[test]
    fn the_form_makes_a_sample_without_empty_values_and_with_utc_now() {
        let mut form = SampleForm::starter(&system_fields(), "2026-12-07T11:00".into());
        form.values.insert("content".into(), FieldValue::text("  "));
        let sample = form.sample(&Zone::utc());
        assert_eq!(sample.at.as_deref(), Some("2026-12-07T11:00:00Z"));
        assert!(!sample.fields.contains_key("content"));
        assert_eq!(sample.fields["senderEmail"], FieldValue::text("tom@example.com"));
        assert_eq!(sample.event, Some(TriggerEvent::ConversationCreated));
        form.loads.insert("a1".into(), 3);
        form.loads.insert("a2".into(), 0);
        let agents = form.sample(&Zone::utc()).agents;
        assert_eq!((agents.len(), agents[0].agent_id.as_str(), agents[0].open_conversations), (1, "a1", 3));
    }

    #[test]
    fn local_times_round_trip_through_a_zone() {
        let zone = paris();
        let t = anytime_core::date::DateTime::parse("2026-07-01T08:00:00Z").unwrap().unix_seconds();
        let shown = local_input(t, &zone);
        assert_eq!(to_utc(local_seconds(&shown).unwrap(), &zone), t);
        assert_eq!(local_time("2026-12-07T14:00:00Z", &Zone::utc()), "Mon 7 Dec 2026, 14:00");
    }

    #[test]
    fn generated_samples_are_repeatable_and_evaluate() {
        let settings = Settings::default();
        let a = generate(&settings, 500, 1_796_000_000, 7);
        assert_eq!(a, generate(&settings, 500, 1_796_000_000, 7));
        assert_ne!(a, generate(&settings, 500, 1_796_000_000, 8));
        assert!(a.iter().all(|s| s.validate().is_ok() && s.fields.contains_key("subject")));
        let summary = Evaluator::compile(&settings, &Zones::new()).preview_many(&a);
        assert_eq!(summary.total, 500);
    }

    #[test]
    fn samples_import_from_json_or_csv_and_errors_say_where() {
        let json = r#"[{"fields":{"subject":"a"}},{"fields":{"priority":4},"event":2}]"#;
        assert_eq!(parse_samples(json).unwrap().len(), 2);
        assert_eq!(parse_samples(r#"{"samples":[{"fields":{}}]}"#).unwrap().len(), 1);
        let csv = "subject,senderEmail,priority,at\n\"Refund, please\",tom@example.com,4,2026-12-07T10:00:00Z\nHi,,2,\n";
        let samples = parse_samples(csv).unwrap();
        assert_eq!(samples[0].fields["subject"], FieldValue::text("Refund, please"));
        assert_eq!(samples[0].at.as_deref(), Some("2026-12-07T10:00:00Z"));
        assert!(!samples[1].fields.contains_key("senderEmail"));
        assert_eq!(
            parse_samples("subject,priority\nx\n").unwrap_err(),
            "Line 2 has 1 values; the first line names 2 fields."
        );
        assert!(parse_samples("[{\"fields\": 3}]")
            .unwrap_err()
            .starts_with("Sample 1 is not usable — invalid type"));
        assert!(parse_samples("[{").unwrap_err().starts_with("The file is not JSON (line 1, column 2)"));
        assert_eq!(
            parse_samples(r#"[{"at":"soon"}]"#).unwrap_err(),
            "Sample 1 is not usable — at: 'soon' is not a time like 2026-12-01T09:30:00Z."
        );
        assert_eq!(parse_samples("[]").unwrap_err(), "The file holds no samples.");
    }

    #[test]
    fn values_in_words() {
        let settings = Settings::default();
        assert_eq!(value_words(&settings, "priority", "4"), "Urgent");
        assert_eq!(value_words(&settings, "subject", "Refund"), "Refund");
        assert_eq!(value_words(&settings, "agent", "nobody"), "nobody");
    }

    #[test]
    fn summaries_name_what_they_count() {
        let mut summary = Summary { total: 4, junk: 1, ..Summary::default() };
        summary.routed_to.insert("none".into(), 1);
        summary.routed_to.insert("department:x".into(), 3);
        let sections = summary_sections(&summary, &Settings::default());
        assert_eq!(sections[0].1[0], Count { label: "Department x".into(), count: 3, percent: 75.0 });
        assert_eq!(sections[0].1[1].label, "Nowhere (no target)");
        assert_eq!(sections[5].1[0].label, "Marked as junk");
    }
}
