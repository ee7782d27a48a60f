//! Conversations to evaluate many at once: generated (varied, the same ones
//! again for the same seed) or read from a file (a JSON list of samples, or
//! CSV with a header row of field ids), with errors that say where. One
//! reader and one generator for Preview's bulk run, change impact, the
//! engine package and the server's tests.

use std::collections::BTreeMap;

use super::{FieldValue, Sample, Settings};
use crate::date::format_utc;
use crate::model::{FieldType, TriggerEvent};

/// A small deterministic generator (xorshift64*), so a run can be repeated.
struct Rng(u64);

impl Rng {
    /// Each seed its own stream: the seed is mixed (splitmix64) so that
    /// neighbouring seeds differ, and never leaves the state zero.
    fn seeded(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    fn next(&mut self) -> u64 {
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

/// The largest corpus generated or read at once.
pub const MAX_SAMPLES: usize = 1_000_000;

/// The most conversations a request may have generated (the server's
/// `preview/impact`; the browser generates up to [`MAX_SAMPLES`]).
pub const MAX_GENERATED: usize = 100_000;

/// Generated conversations, as a request names them: how many, the seed,
/// and the Monday the week of times starts (RFC 3339; the current week's
/// when absent).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Generated {
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 100_000)))]
    pub count: usize,
    #[serde(default)]
    pub seed: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
}

/// Midnight UTC of the Monday of the week holding `t` (Unix seconds): where
/// a generated week starts, so the same seed gives the same conversations
/// all week.
pub fn week_start(t: i64) -> i64 {
    let day = t.div_euclid(86_400);
    // 1970-01-01 was a Thursday: Monday is 3 days before.
    (day - (day + 3).rem_euclid(7)) * 86_400
}

/// `n` varied new conversations over the settings' fields: every option
/// field gets one of its options (or none), numbers up to 1,000, senders
/// from a pool that includes the blocked list (1 in 20), times spread over
/// the week from `start` (Unix seconds). The same arguments give the same
/// conversations.
pub fn generate(settings: &Settings, n: usize, start: i64, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::seeded(seed);
    let blocked: Vec<String> = settings
        .blocked_senders
        .iter()
        .map(|b| if b.email.contains('@') { b.email.clone() } else { format!("someone@{}", b.email) })
        .collect();
    let checkbox = ["true".to_owned(), "false".to_owned()];
    let fields: Vec<(&str, Option<&FieldType>, Vec<&String>)> = settings
        .fields
        .iter()
        .map(|f| (f.id.as_str(), f.field_type(), f.options.iter().map(|o| &o.value).collect()))
        .collect();
    (0..n.min(MAX_SAMPLES))
        .map(|i| {
            let mut values = BTreeMap::new();
            for (id, kind, options) in &fields {
                let value = match (*id, kind) {
                    ("subject", _) => Some(format!("{} {}", SUBJECTS[rng.below(SUBJECTS.len())], 1000 + i)),
                    ("senderEmail", _) => {
                        if !blocked.is_empty() && rng.below(20) == 0 {
                            rng.pick(&blocked).cloned()
                        } else {
                            rng.pick(&SENDERS).map(|s| (*s).to_owned())
                        }
                    }
                    // New conversations are unassigned: routing and allocation decide.
                    ("agent" | "department" | "content" | "toEmail" | "contactName" | "createdTime", _) => {
                        None
                    }
                    (_, Some(FieldType::Radio | FieldType::DropdownList | FieldType::CheckboxList)) => {
                        (rng.below(5) > 0).then(|| rng.pick(options).map(|v| (*v).clone())).flatten()
                    }
                    (_, Some(FieldType::Checkbox)) => {
                        (rng.below(5) > 0).then(|| rng.pick(&checkbox).cloned()).flatten()
                    }
                    (_, Some(FieldType::Integer)) => Some(rng.below(1_000).to_string()),
                    _ => None,
                };
                if let Some(v) = value {
                    values.insert((*id).to_owned(), FieldValue::Text(v));
                }
            }
            let at = format_utc(start + rng.below(7 * 24 * 60) as i64 * 60);
            values.insert("createdTime".into(), FieldValue::Text(at.clone()));
            Sample { fields: values, at: Some(at), ..Sample::default() }
        })
        .collect()
}

/// Conversations to compare `saved` with `draft` on: [`generate`] over the
/// draft's fields, with senders from both sides' blocked lists, so a sender
/// the draft blocks, and one it no longer blocks, are both among them.
pub fn generate_for(saved: &Settings, draft: &Settings, n: usize, start: i64, seed: u64) -> Vec<Sample> {
    let mut both = draft.clone();
    for b in &saved.blocked_senders {
        if !both.blocked_senders.iter().any(|d| d.email == b.email) {
            both.blocked_senders.push(b.clone());
        }
    }
    generate(&both, n, start, seed)
}

/// Samples from a file: a JSON list of samples (or `{"samples": […]}`), or
/// CSV whose first line names the fields (`at` and `event` are the
/// sample's own). Errors name the sample and its line.
pub fn read_samples(text: &str) -> Result<Vec<Sample>, String> {
    let trimmed = text.trim_start();
    let (samples, lines) = if trimmed.starts_with('[') || trimmed.starts_with('{') {
        (read_json(text)?, element_lines(text))
    } else {
        read_csv(text)?
    };
    if samples.is_empty() {
        return Err("The file holds no samples.".into());
    }
    if samples.len() > MAX_SAMPLES {
        return Err(format!(
            "The file holds {} samples; at most {} are evaluated at once.",
            samples.len(),
            MAX_SAMPLES
        ));
    }
    for (i, s) in samples.iter().enumerate() {
        if let Err(e) = s.validate() {
            let first = e.0.first().map(|f| format!("{}: {}", f.field, f.message)).unwrap_or_default();
            return Err(format!("{} is not usable — {first}", where_is(i, lines.get(i).copied())));
        }
    }
    Ok(samples)
}

fn where_is(index: usize, line: Option<usize>) -> String {
    match line {
        Some(l) => format!("Sample {} (line {l})", index + 1),
        None => format!("Sample {}", index + 1),
    }
}

#[derive(serde::Deserialize)]
struct Wrapped {
    samples: Vec<Sample>,
}

fn read_json(text: &str) -> Result<Vec<Sample>, String> {
    let list = if text.trim_start().starts_with('[') {
        serde_json::from_str::<Vec<Sample>>(text)
    } else {
        serde_json::from_str::<Wrapped>(text).map(|w| w.samples)
    };
    list.map_err(|e| {
        // Which sample, when the text is JSON but a sample is not usable.
        let which = match serde_json::from_str::<serde_json::Value>(text) {
            Err(_) => None,
            Ok(doc) => {
                let items = match &doc {
                    serde_json::Value::Array(items) => Some(items),
                    serde_json::Value::Object(o) => o.get("samples").and_then(|s| s.as_array()),
                    _ => None,
                };
                match items {
                    None => {
                        return "The file should be a list of samples, or {\"samples\": [...]}.".to_owned();
                    }
                    Some(items) => items
                        .iter()
                        .position(|v| crate::decode::from_value::<Sample>(v).is_err())
                        .map(|i| (i, crate::decode::from_value::<Sample>(&items[i]).err())),
                }
            }
        };
        match which {
            Some((i, Some(err))) if !err.path.is_empty() => {
                format!("Sample {} (line {}) is not usable — {}: {}", i + 1, e.line(), err.path, err.message)
            }
            Some((i, Some(err))) => {
                format!("Sample {} (line {}) is not usable — {}", i + 1, e.line(), err.message)
            }
            Some((i, _)) => format!("Sample {} (line {}) is not usable — {e}", i + 1, e.line()),
            None => format!("The file is not JSON (line {}, column {}): {e}", e.line(), e.column()),
        }
    })
}

/// The line (from 1) each element of the file's first list starts on.
fn element_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let (mut line, mut depth, mut list_depth) = (1, 0usize, None::<usize>);
    let (mut in_string, mut escaped, mut expecting) = (false, false, false);
    for b in text.bytes() {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if expecting && !b.is_ascii_whitespace() && b != b']' {
            lines.push(line);
            expecting = false;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if b == b'[' && list_depth.is_none() {
                    list_depth = Some(depth);
                    expecting = true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if Some(depth) == list_depth => expecting = true,
            _ => {}
        }
    }
    lines
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

/// The samples and the line each came from.
fn read_csv(text: &str) -> Result<(Vec<Sample>, Vec<usize>), String> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let header = csv_row(lines.next().ok_or("The file is empty.")?.1);
    if header.iter().all(String::is_empty) {
        return Err("The first line should name the fields, like subject,senderEmail,priority.".into());
    }
    let mut samples = Vec::new();
    let mut at_lines = Vec::new();
    for (i, line) in lines {
        let cells = csv_row(line);
        if cells.len() != header.len() {
            return Err(format!(
                "Line {} has {} values; the first line names {} fields.",
                i + 1,
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
        samples.push(sample);
        at_lines.push(i + 1);
    }
    Ok((samples, at_lines))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::clock::Zones;
    use crate::engine::Evaluator;

    #[test]
    fn compared_corpora_have_senders_from_both_blocked_lists() {
        let blocked = |email: &str| -> Settings {
            serde_json::from_value(
                serde_json::json!({"blockedSenders": [{"email": email, "blockType": "junk"}]}),
            )
            .unwrap()
        };
        let (saved, draft) = (blocked("old.example"), blocked("new.example"));
        let senders: Vec<String> = generate_for(&saved, &draft, 2_000, 0, 9)
            .iter()
            .filter_map(|s| s.fields.get("senderEmail").map(FieldValue::display))
            .collect();
        assert!(senders.iter().any(|s| s.ends_with("@old.example")));
        assert!(senders.iter().any(|s| s.ends_with("@new.example")));
    }

    #[test]
    fn weeks_start_on_monday_midnight_utc() {
        let at = |s: &str| crate::date::DateTime::parse(s).unwrap().unix_seconds();
        for t in ["2026-12-07T00:00:00Z", "2026-12-09T15:30:00Z", "2026-12-13T23:59:59Z"] {
            assert_eq!(format_utc(week_start(at(t))), "2026-12-07T00:00:00Z", "{t}");
        }
        assert_eq!(format_utc(week_start(at("1969-12-31T12:00:00Z"))), "1969-12-29T00:00:00Z");
    }

    #[test]
    fn generated_samples_are_repeatable_and_evaluate() {
        let settings = Settings::default();
        let a = generate(&settings, 500, 1_796_000_000, 7);
        assert_eq!(a, generate(&settings, 500, 1_796_000_000, 7));
        assert_ne!(a, generate(&settings, 500, 1_796_000_000, 6));
        assert_ne!(a, generate(&settings, 500, 1_796_000_000, 8));
        assert_ne!(generate(&settings, 50, 0, 0), generate(&settings, 50, 0, 1));
        assert!(a.iter().all(|s| s.validate().is_ok() && s.fields.contains_key("subject")));
        assert!(a.iter().any(|s| s.fields.contains_key("priority")));
        let summary = Evaluator::compile(&settings, &Zones::new()).preview_many(&a);
        assert_eq!(summary.total, 500);
    }

    #[test]
    fn samples_read_from_json_or_csv_and_errors_say_where() {
        let json = r#"[{"fields":{"subject":"a"}},{"fields":{"priority":4},"event":2}]"#;
        assert_eq!(read_samples(json).unwrap().len(), 2);
        assert_eq!(read_samples(r#"{"samples":[{"fields":{}}]}"#).unwrap().len(), 1);
        let csv = "subject,senderEmail,priority,at\n\"Refund, please\",tom@example.com,4,2026-12-07T10:00:00Z\n\nHi,,2,\n";
        let samples = read_samples(csv).unwrap();
        assert_eq!(samples[0].fields["subject"], FieldValue::text("Refund, please"));
        assert_eq!(samples[0].at.as_deref(), Some("2026-12-07T10:00:00Z"));
        assert!(!samples[1].fields.contains_key("senderEmail"));
        for (text, error) in [
            ("subject,priority\nx,1\n\nx\n", "Line 4 has 1 values; the first line names 2 fields."),
            (
                "subject,at\nx,soon\n",
                "Sample 1 (line 2) is not usable — at: 'soon' is not a time like 2026-12-01T09:30:00Z.",
            ),
            (
                "[\n  {\"fields\": {}},\n  {\"fields\": 3}\n]",
                "Sample 2 (line 3) is not usable — fields: Expected an object, found the number 3.",
            ),
            (
                "[{},\n{},\n {\"at\":\"soon\"}]",
                "Sample 3 (line 3) is not usable — at: 'soon' is not a time like 2026-12-01T09:30:00Z.",
            ),
            (
                "[\"[\", {\"at\":\"soon\"}]",
                "Sample 1 (line 1) is not usable — Expected an object, found the text \"[\".",
            ),
            ("{\"list\": []}", "The file should be a list of samples, or {\"samples\": [...]}."),
            ("[]", "The file holds no samples."),
            ("", "The file is empty."),
        ] {
            assert_eq!(read_samples(text).unwrap_err(), error, "{text:?}");
        }
        assert!(read_samples("[{").unwrap_err().starts_with("The file is not JSON (line 1, column 2)"));
        // Brackets inside strings do not confuse the line count.
        assert_eq!(element_lines("[{\"s\": \"[,]\"},\n\"x\\\"]\",\n 3]"), [1, 2, 3]);
    }
}
