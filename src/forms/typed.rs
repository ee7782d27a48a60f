//! What a typed input accepts, and what it says about text it cannot take.
//! The messages are the core's, so an input says what the server would.

use anytime_core::validate::checks;
use anytime_core::{AgentStatus, Directory};

/// The kinds of text input the console uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    #[default]
    Text,
    Email,
    Url,
    /// An `https://` address only (Exchange Web Services: credentials go along).
    HttpsUrl,
    /// A time of day, "09:30" (24:00 allowed).
    Time,
    /// A calendar date, "2026-12-25".
    Date,
    /// A local date and time, "2026-12-01T09:30".
    DateTime,
    /// A whole number within bounds.
    Number {
        min: i64,
        max: i64,
    },
    /// A secret: never shown, never checked here.
    Password,
    /// A mail server's host name or IP address.
    Host,
}

impl Kind {
    /// The `type` attribute. Email, URL and number stay `text` (with the
    /// right keyboard): the browser's own checks would block the form with
    /// other words than the core's, and a number input hides what was typed.
    pub fn html_type(self) -> &'static str {
        match self {
            Kind::Time => "time",
            Kind::Date => "date",
            Kind::DateTime => "datetime-local",
            Kind::Password => "password",
            Kind::Text | Kind::Email | Kind::Url | Kind::HttpsUrl | Kind::Number { .. } | Kind::Host => {
                "text"
            }
        }
    }

    /// The keyboard a phone should offer.
    pub fn input_mode(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Url | Kind::HttpsUrl | Kind::Host => "url",
            Kind::Number { .. } => "numeric",
            _ => "text",
        }
    }

    /// What is wrong with `text` for this kind, if anything. Empty text is
    /// the form's concern (required or not), never the input's.
    pub fn problem(self, text: &str, what: &str) -> Option<String> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        match self {
            Kind::Password => None,
            // One line, as every single-line text the server takes (§11).
            Kind::Text => checks::line_problem(text),
            Kind::Host => checks::host_problem(text),
            Kind::Email => checks::email_problem(text),
            Kind::Url => checks::url_problem(text),
            Kind::HttpsUrl => checks::ews_url_problem(text),
            Kind::Date => checks::date_problem(text),
            Kind::Time => anytime_core::parse_time_of_day(text, anytime_core::DayEnd::Closes).err(),
            Kind::DateTime => local_seconds(text)
                .is_none()
                .then(|| format!("'{text}' is not a date and time, like 2026-12-01T09:30.")),
            Kind::Number { min, max } => checks::integer_problem(text, min, max, what),
        }
    }
}

/// A local "YYYY-MM-DDTHH:MM[:SS]" (what a datetime-local input holds) as
/// seconds since the epoch read as if it were UTC; the caller applies a zone.
pub fn local_seconds(text: &str) -> Option<i64> {
    let text = text.trim();
    let full = if text.len() == 16 { format!("{text}:00Z") } else { format!("{text}Z") };
    anytime_core::date::DateTime::parse(&full).map(|d| d.unix_seconds())
}

/// Options for an agent picker: id → "Name · department, status" words.
pub fn agent_options(directory: &Directory, department: Option<&str>) -> Vec<(String, String)> {
    directory
        .agents
        .iter()
        .filter(|a| department.is_none_or(|d| a.department_ids.iter().any(|x| x == d)))
        .map(|a| {
            let status = match a.status {
                AgentStatus::Online => "online",
                AgentStatus::Away => "away",
                AgentStatus::Offline => "offline",
                _ => "status unknown",
            };
            (a.id.clone(), format!("{} ({status})", a.name))
        })
        .collect()
}

/// Options for a department picker: id → name.
pub fn department_options(directory: &Directory) -> Vec<(String, String)> {
    directory.departments.iter().map(|d| (d.id.clone(), d.name.clone())).collect()
}

/// The summary a closed multi-select shows: "Ana, Ben and 3 more".
pub fn chosen_summary(options: &[(String, String)], chosen: &[String], none: &str) -> String {
    let names: Vec<&str> = options
        .iter()
        .filter(|(id, _)| chosen.contains(id))
        .map(|(_, name)| name.split(" (").next().unwrap_or(name))
        .collect();
    match names.len() {
        0 => none.to_owned(),
        1 => names[0].to_owned(),
        2 => format!("{} and {}", names[0], names[1]),
        n => format!("{}, {} and {} more", names[0], names[1], n - 2),
    }
}

/// `chosen` with `id` added or removed, keeping the options' order.
pub fn toggled(options: &[(String, String)], chosen: &[String], id: &str, on: bool) -> Vec<String> {
    options
        .iter()
        .map(|(x, _)| x)
        .filter(|x| if x.as_str() == id { on } else { chosen.contains(x) })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use anytime_core::{Agent, Department};

    #[test]
    fn each_kind_says_what_is_wrong_with_the_text() {
        let cases: &[(Kind, &str, Option<&str>)] = &[
            (Kind::Text, "anything", None),
            (Kind::Password, "anything", None),
            (Kind::Host, "mail.example.com", None),
            (Kind::Host, "mail example", Some("'mail example' is not a host name or IP address.")),
            (Kind::Email, "", None),
            (Kind::Email, "ana@example.com", None),
            (Kind::Email, "ana@", Some("'ana@' is not an email address. Use the form support@example.com.")),
            (Kind::Url, "https://mail.example.com/EWS/Exchange.asmx", None),
            (
                Kind::Url,
                "mail.example.com",
                Some("'mail.example.com' is not a web address like https://mail.example.com/."),
            ),
            (Kind::Date, "2026-12-25", None),
            (Kind::Date, "2026-02-30", Some("'2026-02-30' is not a date. Use YYYY-MM-DD, like 2026-12-25.")),
            (Kind::Time, "24:00", None),
            (
                Kind::Time,
                "25:00",
                Some("'25:00' is not a time. Write HH:MM, like 09:00 (24:00 for midnight)."),
            ),
            (Kind::DateTime, "2026-12-01T09:30", None),
            (Kind::DateTime, "tomorrow", Some("'tomorrow' is not a date and time, like 2026-12-01T09:30.")),
            (Kind::Number { min: 1, max: 65535 }, "993", None),
            (Kind::Number { min: 1, max: 65535 }, "0", Some("Port must be from 1 to 65535, not 0.")),
            (Kind::Number { min: 1, max: 65535 }, "99x", Some("Port must be a whole number, like 1.")),
        ];
        for (kind, text, want) in cases {
            assert_eq!(kind.problem(text, "Port").as_deref(), *want, "{kind:?} {text:?}");
        }
    }

    fn directory() -> Directory {
        let agent = |id: &str, name: &str, dept: &str, status| Agent {
            id: id.into(),
            name: name.into(),
            email: String::new(),
            department_ids: vec![dept.into()],
            status,
        };
        Directory {
            agents: vec![
                agent("1", "Ana", "d1", AgentStatus::Online),
                agent("2", "Ben", "d2", AgentStatus::Away),
                agent("3", "Cy", "d1", AgentStatus::Offline),
            ],
            departments: vec![Department { id: "d1".into(), name: "Billing".into() }],
        }
    }

    #[test]
    fn local_times_with_or_without_seconds() {
        assert_eq!(local_seconds("1970-01-02T00:01"), Some(86_460));
        assert_eq!(local_seconds("1970-01-02T00:01:05"), Some(86_465));
        assert_eq!(local_seconds("1970-01-02"), None);
    }

    #[test]
    fn pickers_list_agents_with_their_status_and_filter_by_department() {
        let d = directory();
        assert_eq!(
            agent_options(&d, None),
            vec![
                ("1".into(), "Ana (online)".into()),
                ("2".into(), "Ben (away)".into()),
                ("3".into(), "Cy (offline)".into())
            ]
        );
        assert_eq!(agent_options(&d, Some("d1")).len(), 2);
        assert_eq!(department_options(&d), vec![("d1".into(), "Billing".into())]);
    }

    #[test]
    fn multi_select_summary_and_toggling_keep_the_options_order() {
        let options = agent_options(&directory(), None);
        assert_eq!(chosen_summary(&options, &[], "Nobody"), "Nobody");
        assert_eq!(chosen_summary(&options, &["3".into(), "1".into()], "Nobody"), "Ana and Cy");
        assert_eq!(
            chosen_summary(&options, &["1".into(), "2".into(), "3".into()], ""),
            "Ana, Ben and 1 more"
        );
        assert_eq!(toggled(&options, &["3".into()], "1", true), vec!["1".to_string(), "3".into()]);
        assert_eq!(toggled(&options, &["1".into(), "3".into()], "1", false), vec!["3".to_string()]);
    }
}
