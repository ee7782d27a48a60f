//! The Preview page's logic: the sample form's inputs by field type, the
//! sample it makes, generated and imported samples for bulk preview, and
//! the words for what the engine answered.

use std::collections::BTreeMap;

use anytime_core::date::{format_utc, CalendarDate};
use anytime_core::engine::clock::Zone;
use anytime_core::engine::{AgentLoad, FieldValue, Sample, Settings, Summary};
use anytime_core::{Field, FieldType, TriggerEvent};

use super::typed::{local_seconds, Kind};

mod generate;
mod import;
mod sample_form;
mod summary;

pub use generate::generate;
pub use import::parse_samples;
pub use sample_form::*;
pub use summary::{announcement, summary_sections, value_words, Count};

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
    fn the_live_region_hears_one_line() {
        let settings: Settings = serde_json::from_value(serde_json::json!({
            "blockedSenders": [{"email": "spam.example", "blockType": "rejectDomain"}],
            "slaPolicies": [{"id": "p", "name": "Standard", "enable": true, "firstRespondWithin": 1,
                             "operationalHour": "calenderHours"}],
            "triggers": [{"id": "t", "description": "All", "enable": true, "event": 1, "conditions": []}]
        }))
        .unwrap();
        let evaluator = Evaluator::compile(&settings, &Zones::new());
        let said = |sender: &str| {
            let sample: Sample = serde_json::from_value(serde_json::json!({
                "at": "2026-12-07T10:00:00Z", "fields": {"senderEmail": sender}
            }))
            .unwrap();
            announcement(&evaluator.preview(&sample))
        };
        assert_eq!(said("tom@spam.example"), "Rejected: the sender is blocked.");
        assert_eq!(said("tom@example.com"), "Routing is off · 1 trigger fires · SLA 'Standard'");
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
