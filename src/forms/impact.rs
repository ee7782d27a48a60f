//! A change's impact in an admin's words: the headline ("312 of 5,000
//! conversations change: 290 routed to Billing instead of Support, …"),
//! every move, and each changed conversation's before → after. Names come
//! from the draft first (a new rule has no saved name), then the saved
//! settings.

use anytime_core::engine::blocked::Verdict;
use anytime_core::engine::impact::{Aspect, ChangedSample, Digest, Impact, Move};
use anytime_core::engine::{FieldValue, Sample, Settings};
use anytime_core::order;
use anytime_core::Priority;

use crate::format::count;
use crate::forms::preview::value_words;

/// The names a change's ids stand for.
pub struct Names<'a> {
    pub saved: &'a Settings,
    pub draft: &'a Settings,
}

impl Names<'_> {
    fn find<T>(&self, list: impl Fn(&Settings) -> Option<T>) -> Option<T> {
        list(self.draft).or_else(|| list(self.saved))
    }

    /// `department:ID` / `agent:ID` / `none` as a place.
    pub fn target(&self, key: &str) -> String {
        match key.split_once(':') {
            Some(("department", id)) => self
                .find(|s| s.departments.iter().find(|d| d.id == id).map(|d| d.name.clone()))
                .unwrap_or_else(|| format!("department {id}")),
            Some(("agent", id)) => self.agent(id),
            _ => "nowhere".into(),
        }
    }

    pub fn agent(&self, id: &str) -> String {
        if id == "unassigned" {
            return "nobody (no agent was eligible)".into();
        }
        self.find(|s| s.agents.iter().find(|a| a.id == id).map(|a| a.name.clone()))
            .unwrap_or_else(|| format!("agent {id}"))
    }

    pub fn rule(&self, id: &str) -> String {
        if id == "fallback" {
            return "no rule (the fallback)".into();
        }
        self.find(|s| s.routing.rules.iter().find(|r| r.id == id).map(|r| format!("'{}'", r.name)))
            .unwrap_or_else(|| format!("rule {id}"))
    }

    pub fn trigger(&self, id: &str) -> String {
        self.find(|s| s.triggers.iter().find(|t| t.id == id).map(|t| format!("'{}'", t.description)))
            .unwrap_or_else(|| format!("trigger {id}"))
    }

    pub fn policy(&self, id: &str) -> String {
        if id == "none" {
            return "no SLA".into();
        }
        self.find(|s| {
            s.sla_policies.iter().find(|p| p.id == id).map(|p| {
                if p.name.trim().is_empty() {
                    "an unnamed SLA".to_owned()
                } else {
                    format!("the '{}' SLA", p.name)
                }
            })
        })
        .unwrap_or_else(|| format!("SLA policy {id}"))
    }

    fn priority(&self, p: &str) -> String {
        Priority::parse(p).label().to_lowercase()
    }
}

fn verdict(v: &str) -> &'static str {
    match v {
        "rejected" => "rejected (blocked sender)",
        "junk" => "marked as junk",
        _ => "no longer blocked",
    }
}

/// One move in words, its count first: "290 routed to Billing instead of Support".
pub fn move_words(m: &Move, names: &Names) -> String {
    let n = count(m.count);
    let (from, to) = (m.from.as_deref(), m.to.as_deref());
    match (m.aspect, from, to) {
        (Aspect::Blocked, _, Some(v)) => format!("{n} {}", verdict(v)),
        (Aspect::RoutedTo, Some(f), Some(t)) => {
            format!("{n} routed to {} instead of {}", names.target(t), names.target(f))
        }
        (Aspect::RoutedTo, None, Some(t)) => format!("{n} now routed to {}", names.target(t)),
        (Aspect::RoutedTo, Some(f), None) => format!("{n} no longer routed to {}", names.target(f)),
        (Aspect::RoutedBy, Some(f), Some(t)) => {
            format!("{n} decided by {} instead of {}", names.rule(t), names.rule(f))
        }
        (Aspect::RoutedBy, None, Some(t)) => format!("{n} now decided by {}", names.rule(t)),
        (Aspect::RoutedBy, Some(f), None) => format!("{n} no longer decided by {}", names.rule(f)),
        (Aspect::Priority, Some(f), Some(t)) => {
            format!("{n} get {} priority instead of {}", names.priority(t), names.priority(f))
        }
        (Aspect::Priority, None, Some(t)) => format!("{n} now get {} priority", names.priority(t)),
        (Aspect::Priority, Some(f), None) => format!("{n} no longer get {} priority", names.priority(f)),
        (Aspect::SlaPolicy, Some(f), Some("none")) => format!("{n} lose {}", names.policy(f)),
        (Aspect::SlaPolicy, Some("none") | None, Some(t)) => format!("{n} get {}", names.policy(t)),
        (Aspect::SlaPolicy, Some(f), Some(t)) => {
            format!("{n} get {} instead of {}", names.policy(t), names.policy(f))
        }
        (Aspect::SlaPolicy, Some(f), None) => format!("{n} lose {}", names.policy(f)),
        (Aspect::AllocatedTo, Some(f), Some(t)) => {
            format!("{n} allocated to {} instead of {}", names.agent(t), names.agent(f))
        }
        (Aspect::AllocatedTo, None, Some(t)) => format!("{n} now allocated to {}", names.agent(t)),
        (Aspect::AllocatedTo, Some(f), None) => format!("{n} no longer allocated to {}", names.agent(f)),
        (aspect, _, _) => format!("{n} change ({aspect:?})"),
    }
}

/// Every change in words, most conversations first: the moves that say
/// where conversations go (not the deciding rule, which says why), then
/// triggers, field updates and due times.
pub fn change_lines(impact: &Impact, names: &Names) -> Vec<(u64, String)> {
    let mut lines: Vec<(u64, String)> = impact
        .moves
        .iter()
        .filter(|m| m.aspect != Aspect::RoutedBy)
        .map(|m| (m.count, move_words(m, names)))
        .collect();
    for (id, n) in &impact.triggers_started {
        lines.push((*n, format!("{} start firing trigger {}", count(*n), names.trigger(id))));
    }
    for (id, n) in &impact.triggers_stopped {
        lines.push((*n, format!("{} no longer fire trigger {}", count(*n), names.trigger(id))));
    }
    let only = |aspect| impact.counts.get(&aspect).copied().unwrap_or(0);
    let updates = only(Aspect::FieldUpdates);
    if updates > 0 {
        lines.push((updates, format!("{} get different field updates", count(updates))));
    }
    let due = only(Aspect::DueTimes);
    if due > 0 {
        lines.push((due, format!("{} get different SLA due times", count(due))));
    }
    // Stable: equal counts keep the order above.
    order::sort_by_key(&mut lines, |l| std::cmp::Reverse(l.0));
    lines
}

/// "312 of 5,000 conversations change: 290 routed to Billing instead of
/// Support, 22 lose the 'Urgent' SLA" (the three largest changes).
pub fn headline(impact: &Impact, names: &Names) -> String {
    let total = count(impact.total);
    match (impact.changed, impact.total) {
        (0, 1) => return "The one conversation does not change.".into(),
        (0, _) => return format!("None of the {total} conversations change."),
        _ => {}
    }
    // Due times follow from policies and field updates from triggers: they
    // lead only when nothing else changed.
    let all = change_lines(impact, names);
    let primary: Vec<&(u64, String)> =
        all.iter().filter(|(_, l)| !l.ends_with("field updates") && !l.ends_with("SLA due times")).collect();
    let lines = if primary.is_empty() { all.iter().collect() } else { primary };
    if lines.is_empty() {
        // Only the order of the triggers that fire differs.
        let one = if impact.changed == 1 { "conversation runs its" } else { "conversations run their" };
        return format!("{} of {total} {one} triggers in a different order.", count(impact.changed));
    }
    let mut first: Vec<String> = lines.iter().take(3).map(|(_, l)| l.clone()).collect();
    if lines.len() > 3 {
        first.push("…".into());
    }
    let one = if impact.changed == 1 { "conversation changes" } else { "conversations change" };
    format!("{} of {total} {one}: {}", count(impact.changed), first.join(", "))
}

/// A conversation in a few words, for the table: its subject and sender.
pub fn sample_words(sample: &Sample) -> String {
    let text = |id: &str| sample.fields.get(id).map(FieldValue::display).filter(|s| !s.trim().is_empty());
    match (text("subject"), text("senderEmail")) {
        (Some(s), Some(e)) => format!("{s} — {e}"),
        (Some(s), None) => s,
        (None, Some(e)) => e,
        (None, None) => "(no subject)".into(),
    }
}

/// Each change of one conversation: (what, before, after).
pub fn sample_changes(
    c: &ChangedSample,
    names: &Names,
    saved: &Settings,
) -> Vec<(&'static str, String, String)> {
    let place = |d: &Digest| d.routed_to.as_deref().map_or_else(|| "not routed".into(), |k| names.target(k));
    let rule = |d: &Digest| d.routed_by.as_deref().map_or_else(|| "—".into(), |k| names.rule(k));
    let priority = |d: &Digest| d.priority.map_or_else(|| "—".into(), |p| names.priority(&p.to_string()));
    let triggers = |d: &Digest| {
        if d.triggers.is_empty() {
            "none".to_owned()
        } else {
            d.triggers.iter().map(|t| names.trigger(t)).collect::<Vec<_>>().join(", ")
        }
    };
    let updates = |d: &Digest| {
        if d.updates.is_empty() {
            "none".to_owned()
        } else {
            d.updates
                .iter()
                .map(|(f, v)| {
                    let field =
                        saved.fields.iter().find(|x| &x.id == f).map_or(f.as_str(), |x| x.name.as_str());
                    format!("{field}: {}", value_words(saved, f, v))
                })
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let sla = |d: &Digest| d.sla_policy.as_deref().map_or_else(|| "—".into(), |p| names.policy(p));
    let due = |d: &Digest| {
        let label = ["first response", "next response", "resolution"];
        let parts: Vec<String> = d
            .due
            .iter()
            .zip(label)
            .filter_map(|(t, l)| {
                t.as_ref().map(|t| format!("{l} {}", t.replace('T', " ").trim_end_matches('Z')))
            })
            .collect();
        if parts.is_empty() {
            "none".into()
        } else {
            format!("{} UTC", parts.join(", "))
        }
    };
    let agent = |d: &Digest| d.allocated_to.as_deref().map_or_else(|| "—".into(), |a| names.agent(a));
    let blocked = |d: &Digest| {
        match d.blocked {
            Verdict::Allowed => "let through",
            Verdict::Junk => "marked as junk",
            Verdict::Rejected => "rejected",
        }
        .to_owned()
    };
    c.changes
        .iter()
        .map(|a| {
            let (what, f): (&'static str, &dyn Fn(&Digest) -> String) = match a {
                Aspect::Blocked => ("Sender", &blocked),
                Aspect::RoutedTo => ("Routed to", &place),
                Aspect::RoutedBy => ("Decided by", &rule),
                Aspect::Priority => ("Priority", &priority),
                Aspect::Triggers => ("Triggers", &triggers),
                Aspect::FieldUpdates => ("Updates", &updates),
                Aspect::SlaPolicy => ("SLA", &sla),
                Aspect::DueTimes => ("Due", &due),
                Aspect::AllocatedTo => ("Allocated to", &agent),
            };
            (what, f(&c.before), f(&c.after))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use anytime_core::engine::clock::Zones;
    use anytime_core::engine::{impact, Evaluator};
    use serde_json::json;

    fn saved() -> Settings {
        serde_json::from_value(json!({
            "departments": [{"id": "b", "name": "Billing"}, {"id": "s", "name": "Support"}],
            "routing": {"isEnable": true, "type": "rules", "matchFailedToObject": "department", "matchFailedrouteToId": "s",
                "rules": [{"id": "r", "name": "Refunds", "isEnable": true, "routeToObject": "department", "routeToId": "b",
                           "conditions": {"when": "all", "list": [{"fieldId": "subject", "matchType": "contains", "value": "refund"}]}}]},
            "slaPolicies": [{"id": "u", "name": "Urgent", "enable": true, "firstRespondWithin": 1, "operationalHour": "calendarHours",
                             "conditions": [{"fieldId": "subject", "matchType": "contains", "value": "refund"}]}]
        }))
        .unwrap()
    }

    #[test]
    fn the_headline_names_places_and_policies() {
        let saved = saved();
        let mut draft = saved.clone();
        draft.routing.rules[0].conditions.list[0].value = "invoice".into();
        draft.sla_policies[0].enable = false;
        let samples: Vec<Sample> = ["Refund 1", "Refund 2", "Hello"]
            .iter()
            .map(|s| {
                serde_json::from_value(json!({"at": "2026-12-07T10:00:00Z", "fields": {"subject": s}}))
                    .unwrap()
            })
            .collect();
        let zones = Zones::new();
        let i =
            impact(&Evaluator::compile(&saved, &zones), &Evaluator::compile(&draft, &zones), &samples, 10);
        let names = Names { saved: &saved, draft: &draft };
        assert_eq!(
            headline(&i, &names),
            "2 of 3 conversations change: 2 routed to Support instead of Billing, 2 lose the 'Urgent' SLA"
        );
        let lines: Vec<String> = change_lines(&i, &names).into_iter().map(|(_, l)| l).collect();
        assert_eq!(
            lines,
            [
                "2 routed to Support instead of Billing",
                "2 lose the 'Urgent' SLA",
                "2 get different SLA due times"
            ]
        );
        let rows = sample_changes(&i.samples[0], &names, &saved);
        assert_eq!(rows[0], ("Routed to", "Billing".to_owned(), "Support".to_owned()));
        assert_eq!(rows[1], ("Decided by", "'Refunds'".to_owned(), "no rule (the fallback)".to_owned()));
        assert!(rows
            .iter()
            .any(|r| r.0 == "Due" && r.1 == "first response 2026-12-07 11:00:00 UTC" && r.2 == "none"));
        assert_eq!(sample_words(&samples[0]), "Refund 1");
        let none =
            impact(&Evaluator::compile(&saved, &zones), &Evaluator::compile(&saved, &zones), &samples, 10);
        assert_eq!(headline(&none, &names), "None of the 3 conversations change.");
    }
}
