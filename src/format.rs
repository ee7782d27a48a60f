//! Settings in an admin's words (never enum names or raw ids on screen).
//! Plain functions, tested natively.

use anytime_core::*;

pub fn time(hour: i64, minute: i64) -> String {
    format!("{hour:02}:{minute:02}")
}

/// "09:00–17:00" or "Closed".
pub fn business_day(day: &BusinessTime) -> String {
    if day.is_business_day {
        format!("{}–{}", time(day.open_hour, day.open_min), time(day.close_hour, day.close_min))
    } else {
        "Closed".into()
    }
}

pub const WEEKDAYS: [&str; 7] =
    ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/// A value's name from the core, or what to say when there is none.
fn named<E: Choice>(value: Option<&E>, otherwise: &'static str) -> &'static str {
    value.map(Choice::label).filter(|l| *l != "Unknown").unwrap_or(otherwise)
}

pub fn account_type(kind: Option<&AccountType>) -> &'static str {
    named(kind, "Unknown kind")
}

pub fn account_status(status: Option<&AccountStatus>) -> &'static str {
    named(status, "Not tested yet")
}

pub fn block_type(t: Option<&BlockType>) -> &'static str {
    named(t, "Unknown action")
}

/// "the Billing department" / "Ana Costa" / "nobody yet".
pub fn target(object: Option<&RouteToObject>, id: Option<&String>, directory: &Directory) -> String {
    match (object, id) {
        (Some(RouteToObject::Department), Some(id)) => match directory.department(id) {
            Some(d) => format!("the {} department", d.name),
            None => "a department that no longer exists".into(),
        },
        (Some(RouteToObject::Agent), Some(id)) => match directory.agent(id) {
            Some(a) => a.name.clone(),
            None => "an agent who no longer exists".into(),
        },
        _ => "nobody yet".into(),
    }
}

/// An SLA target: "no target", "30 min", "1 hour", "4 h 30 min".
pub fn sla_target(hours: i64, minutes: i64) -> String {
    match (hours, minutes) {
        (0, 0) => "no target".into(),
        (0, m) => format!("{m} min"),
        (1, 0) => "1 hour".into(),
        (h, 0) => format!("{h} hours"),
        (h, m) => format!("{h} h {m} min"),
    }
}

pub fn operational_hour(o: Option<&OperationalHour>) -> &'static str {
    match o {
        Some(OperationalHour::BusinessHours) => "in business hours",
        Some(OperationalHour::CalenderHours) => "around the clock",
        _ => "",
    }
}

pub fn allocation_method(m: Option<&AllocationMethod>) -> &'static str {
    match m {
        Some(AllocationMethod::LoadBalancing) => "to the agent with the fewest open conversations",
        Some(AllocationMethod::RoundRobin) => "to each agent in turn",
        _ => "in an unknown way",
    }
}

pub fn allocation_pool(to: Option<&AllocationTo>) -> &'static str {
    match to {
        Some(AllocationTo::OnlineAndAwayAgents) => "online and away agents",
        _ => "online agents",
    }
}

/// "when all of 3 conditions match" and the like.
pub fn conditions(when: &When, count: usize, expression: &str) -> String {
    let noun = if count == 1 { "condition" } else { "conditions" };
    match (when, count) {
        (_, 0) => "for every conversation".into(),
        (When::All | When::Any, 1) => "when its condition matches".into(),
        (When::Any, _) => format!("when any of {count} {noun} matches"),
        (When::LogicalExpression, _) => format!("when {expression}"),
        _ => format!("when all of {count} {noun} match"),
    }
}

pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "Mon 7 Dec": a date in a line of due times.
pub fn short_date(d: anytime_core::date::CalendarDate) -> String {
    format!("{} {} {}", &WEEKDAYS[d.weekday()][..3], d.day, &MONTHS[usize::from(d.month) - 1][..3])
}

/// "2 Dec 2026": the day an RFC 3339 time falls on (UTC), if it is one.
pub fn added(time: &str) -> Option<String> {
    let d = anytime_core::date::CalendarDate::parse(time.get(..10)?)?;
    Some(format!("{} {} {}", d.day, &MONTHS[usize::from(d.month) - 1][..3], d.year))
}

/// A file size in words: "512 bytes", "12.5 KB", "3.1 MB".
/// A count with thousands separated: "100,000".
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn size(bytes: u64) -> String {
    match bytes {
        0..=1023 => format!("{bytes} bytes"),
        1024..=1_048_575 => format!("{:.1} KB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}

/// "Friday, 25 December 2026" (the text as given when it is not a date).
pub fn long_date(text: &str) -> String {
    match anytime_core::date::CalendarDate::parse(text) {
        Some(d) => {
            format!("{}, {} {} {}", WEEKDAYS[d.weekday()], d.day, MONTHS[usize::from(d.month) - 1], d.year)
        }
        None => text.to_owned(),
    }
}

/// What a trigger does, in a few words.
pub fn trigger_actions(t: &Trigger) -> String {
    let mut parts = Vec::new();
    if t.set_value && !t.auto_update.is_empty() {
        let n = t.auto_update.len();
        parts.push(if n == 1 { "sets 1 field".to_owned() } else { format!("sets {n} fields") });
    }
    if t.send_email {
        parts.push(match (t.send_to_contacts, t.send_to_agents) {
            (true, true) => "emails the contact and agents".to_owned(),
            (true, false) => "emails the contact".to_owned(),
            (false, true) => "emails agents".to_owned(),
            _ => "sends an email".to_owned(),
        });
    }
    if parts.is_empty() {
        "does nothing yet".into()
    } else {
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(100_000), "100,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(size(512), "512 bytes");
        assert_eq!(size(12_800), "12.5 KB");
        assert_eq!(size(3_250_586), "3.1 MB");
        assert_eq!(business_day(&BusinessTime::open(9, 0, 17, 30)), "09:00–17:30");
        assert_eq!(business_day(&BusinessTime::CLOSED), "Closed");
        assert_eq!(added("2026-12-02T04:19:00Z").as_deref(), Some("2 Dec 2026"));
        assert_eq!(added(""), None);
        assert_eq!(added("soon"), None);
        assert_eq!(sla_target(0, 0), "no target");
        assert_eq!(sla_target(0, 30), "30 min");
        assert_eq!(sla_target(1, 0), "1 hour");
        assert_eq!(sla_target(24, 0), "24 hours");
        assert_eq!(sla_target(2, 15), "2 h 15 min");
        assert_eq!(conditions(&When::Any, 2, ""), "when any of 2 conditions matches");
        assert_eq!(conditions(&When::All, 1, ""), "when its condition matches");
        assert_eq!(long_date("2026-12-25"), "Friday, 25 December 2026");
        assert_eq!(long_date("soon"), "soon");
        assert_eq!(conditions(&When::All, 0, ""), "for every conversation");
        assert_eq!(conditions(&When::LogicalExpression, 3, "1 AND (2 OR 3)"), "when 1 AND (2 OR 3)");
        let directory: Directory = serde_json::from_value(serde_json::json!({
            "departments": [{"id": "d1", "name": "Billing"}], "agents": []}))
        .unwrap();
        assert_eq!(
            target(Some(&RouteToObject::Department), Some(&"d1".to_owned()), &directory),
            "the Billing department"
        );
        assert_eq!(
            target(Some(&RouteToObject::Agent), Some(&"x".to_owned()), &directory),
            "an agent who no longer exists"
        );
        let t: Trigger =
            serde_json::from_value(serde_json::json!({"setValue": true, "autoUpdate": [{"fieldId": "a"}],
            "sendEmail": true, "sendToContacts": true}))
            .unwrap();
        assert_eq!(trigger_actions(&t), "sets 1 field · emails the contact");
    }
}
