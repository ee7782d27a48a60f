//! What the engine answered, in words: field values and bulk counts.

use super::*;
use anytime_core::order;

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
        order::sort_by(&mut v, |a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
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
        settings
            .sla_policies
            .iter()
            .enumerate()
            .find(|(_, p)| p.id == id)
            .map_or_else(|| id.to_owned(), |(i, p)| p.display_name(i))
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

/// What a screen reader hears after each change to the sample: a line, not
/// the whole panel ("Routed to Billing by rule 'Refunds' · 2 triggers fire
/// · SLA 'Standard' · allocated to Ana Costa").
pub fn announcement(outcome: &anytime_core::engine::Outcome) -> String {
    use anytime_core::engine::allocation::AllocationStatus;
    use anytime_core::engine::blocked::Verdict;
    use anytime_core::engine::RoutingStatus;
    match outcome.blocked.verdict {
        Verdict::Rejected => return "Rejected: the sender is blocked.".into(),
        Verdict::Junk => return "Marked as junk: the sender is blocked.".into(),
        Verdict::Allowed => {}
    }
    let mut parts = Vec::new();
    if let Some(r) = &outcome.routing {
        let to = r.target.as_ref().map_or_else(|| "no target".to_owned(), |t| t.name.clone());
        parts.push(match r.status {
            RoutingStatus::Disabled => "Routing is off".to_owned(),
            RoutingStatus::NotApplicable => "Not routed".to_owned(),
            RoutingStatus::Simple => format!("Routed to {to}"),
            RoutingStatus::Rule => {
                format!("Routed to {to} by rule '{}'", r.rule_name.clone().unwrap_or_default())
            }
            RoutingStatus::Fallback => format!("No rule matched: routed to {to}"),
        });
    }
    parts.push(match outcome.triggers.iter().filter(|t| t.fired).count() {
        0 => "no trigger fires".to_owned(),
        1 => "1 trigger fires".to_owned(),
        n => format!("{n} triggers fire"),
    });
    match outcome.sla.as_ref().and_then(|s| s.policy_name.as_ref().zip(s.policy_id.as_ref())) {
        Some((name, _)) if !name.is_empty() => parts.push(format!("SLA '{name}'")),
        Some(_) => parts.push("an unnamed SLA policy".to_owned()),
        None => parts.push("no SLA policy".to_owned()),
    }
    if let Some(a) = &outcome.allocation {
        if a.status == AllocationStatus::Allocated {
            parts.push(format!("allocated to {}", a.agent_name.clone().unwrap_or_default()));
        }
    }
    parts.join(" · ")
}
