//! The Preview page's logic: the sample form's inputs by field type, the
//! sample it makes, generated and imported samples for bulk preview, and
//! the words for what the engine answered.

use std::collections::BTreeMap;

use anytime_core::date::{format_utc, CalendarDate};
use anytime_core::engine::clock::Zone;
use anytime_core::engine::{AgentLoad, FieldValue, Sample, Settings, Summary};
use anytime_core::{Field, FieldType, TriggerEvent};

use super::typed::{local_seconds, Kind};

mod sample_form;
mod summary;

pub use anytime_core::engine::corpus::{generate, read_samples};
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
    fn a_sample_opens_in_the_form_as_it_was() {
        let mut form = SampleForm::starter(&system_fields(), "2026-12-07T11:00".into());
        form.loads.insert("a1".into(), 3);
        let zone = paris();
        let sample = form.sample(&zone);
        assert_eq!(SampleForm::of(&sample, &zone).sample(&zone), sample);
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
