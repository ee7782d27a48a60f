//! Generated conversations for bulk preview: varied, repeatable by seed.

use super::*;

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
