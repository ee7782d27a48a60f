//! SLA policies (contract §7): the first enabled one that matches after the
//! triggers, and its due times on the business-hours clock.

use super::*;

impl Evaluator {
    /// When the conversation was created: its `createdTime` field, else `at`.
    fn created(&self, conv: &Conversation, at: Option<i64>) -> Option<i64> {
        self.created_at(&conv.text(self.known.created), at)
    }

    /// The creation instant from the `createdTime` text, else `at`.
    pub(super) fn created_at(&self, text: &str, at: Option<i64>) -> Option<i64> {
        match DateValue::parse(text.trim()) {
            Some(DateValue::DateTime(dt)) => Some(dt.unix_seconds()),
            Some(DateValue::Date(d)) => {
                let midnight = d.days_since_epoch() * 86_400;
                Some(midnight - self.zone.offset_at(midnight))
            }
            None => at,
        }
    }

    fn due(
        &self,
        (hours, minutes): (i64, i64),
        from: Option<i64>,
        business: bool,
        missing: &str,
    ) -> Option<Due> {
        let target = target_seconds(hours, minutes)?;
        let Some(start) = from else {
            return Some(Due { hours, minutes, from: None, due: None, note: Some(missing.to_owned()) });
        };
        let Some(seconds) = target else {
            return Some(Due {
                hours,
                minutes,
                from: Some(format_utc(start)),
                due: None,
                note: Some(format!(
                    "Not computable: targets are 0–{MAX_TARGET_HOURS} hours and 0–59 minutes."
                )),
            });
        };
        let due = self.walk(start, seconds, business);
        Some(Due {
            hours,
            minutes,
            from: Some(format_utc(start)),
            due: due.map(format_utc),
            note: due.is_none().then(|| "Not computable: no business hours in the next 366 days.".to_owned()),
        })
    }

    /// The due instant alone (the bulk path): `None` wherever [`Self::due`]
    /// has no due time.
    pub(super) fn due_at(
        &self,
        (hours, minutes): (i64, i64),
        from: Option<i64>,
        business: bool,
    ) -> Option<i64> {
        self.walk(from?, target_seconds(hours, minutes)??, business)
    }

    fn walk(&self, start: i64, seconds: i64, business: bool) -> Option<i64> {
        if business {
            self.calendar.add_business_seconds(start, seconds)
        } else {
            Some(clock::add_calendar_seconds(start, seconds))
        }
    }

    pub(super) fn sla(&self, conv: &Conversation, sample: &Sample, explain: bool) -> SlaResult {
        let mut result = SlaResult::default();
        for cp in &self.policies {
            let matched = cp.set.matches(conv);
            if explain {
                result.policies.push(PolicyResult {
                    id: cp.policy.id.clone(),
                    name: cp.policy.name.clone(),
                    matched,
                    conditions: cp.set.explain(conv, &self.table),
                });
            }
            if !matched {
                continue;
            }
            let p = &cp.policy;
            let business = p.operational_hour == Some(OperationalHour::BusinessHours);
            let at = instant(sample.at.as_deref());
            let created = self.created(conv, at);
            let no_start = "No creation time: give the sample a createdTime or an 'at' time.";
            result.policy_id = Some(p.id.clone());
            result.policy_name = Some(p.name.clone());
            result.operational_hour = p.operational_hour.as_ref().map(|o| o.as_str().to_owned());
            result.first_response = self.due(p.target(Measure::FirstResponse), created, business, no_start);
            result.resolution = self.due(p.target(Measure::Resolution), created, business, no_start);
            result.next_response = self.due(
                p.target(Measure::NextResponse),
                instant(sample.last_contact_reply_time.as_deref()),
                business,
                "The contact has not replied yet: the next-response clock starts at their reply.",
            );
            break;
        }
        result
    }
}

/// A target in seconds: `None` when there is none (zero or less),
/// `Some(None)` when it is out of range. Drafts are not validated; a target
/// beyond the contract's range is reported rather than walked (it could
/// take years of days).
fn target_seconds(hours: i64, minutes: i64) -> Option<Option<i64>> {
    let total = hours.saturating_mul(60).saturating_add(minutes);
    if total <= 0 {
        return None;
    }
    let in_range = total <= MAX_TARGET_HOURS * 60 && (0..60).contains(&minutes) && hours >= 0;
    Some(in_range.then(|| total * 60))
}

/// One policy's due times from a conversation's creation (and the
/// contact's last reply), its conditions set aside: what a ticket screen
/// shows once it knows the policy. The same arithmetic as `preview`.
pub fn sla_due_times(
    policy: &SlaPolicy,
    working_time: &WorkingTime,
    holidays: &[Holiday],
    created: &str,
    last_contact_reply: Option<&str>,
    zones: &Zones,
) -> Result<SlaResult, crate::ValidationErrors> {
    let sample = Sample {
        at: Some(created.to_owned()),
        last_contact_reply_time: last_contact_reply.map(str::to_owned),
        ..Sample::default()
    };
    let policy = SlaPolicy {
        enable: true,
        conditions: Vec::new(),
        when: When::All,
        logic_expression: String::new(),
        ..policy.clone()
    };
    // Every input checked as the server would, each under its own name.
    let mut errors = crate::ValidationErrors::default();
    let directory = Directory::default();
    let ctx = crate::Context::new(&[], &directory);
    let mut add = |prefix: &str, result: Result<(), crate::ValidationErrors>| {
        for f in result.err().unwrap_or_default().0 {
            errors.add(
                if f.field.is_empty() { prefix.to_owned() } else { format!("{prefix}.{}", f.field) },
                f.message,
            );
        }
    };
    add("policy", policy.validate(&ctx));
    add("workingTime", working_time.validate(&ctx));
    for (i, h) in holidays.iter().enumerate() {
        add(&format!("holidays[{i}]"), h.validate(&ctx));
    }
    for f in sample.validate().err().unwrap_or_default().0 {
        let field = if f.field == "at" { "createdTime".to_owned() } else { f.field };
        errors.add(field, f.message);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let settings = Settings {
        sla_policies: vec![policy],
        working_time: working_time.clone(),
        holidays: holidays.to_vec(),
        ..Settings::default()
    };
    let evaluator = Evaluator::compile(&settings, zones);
    // A real zone whose rules this build lacks (no bundled database).
    if let Some(problem) = evaluator.problems.first() {
        let mut errors = crate::ValidationErrors::default();
        errors.add("workingTime.timeZone", problem.clone());
        return Err(errors);
    }
    let mut sla = evaluator.preview(&sample).sla.unwrap_or_default();
    sla.policies.clear();
    Ok(sla)
}
