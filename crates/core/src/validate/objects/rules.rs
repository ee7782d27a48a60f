//! Triggers and SLA policies (contract §6, §7).

use super::*;

/// A trigger's or policy's conditions, which sit on the object itself
/// (`conditions`, `when`, `logicExpression`) rather than in a nested set.
fn check_flat_set(
    when: &When,
    expression: &str,
    conditions: &[Condition],
    path: &str,
    ctx: &Context<'_>,
    errors: &mut ValidationErrors,
) {
    let paths = SetPaths {
        list: at(path, "conditions"),
        when: at(path, "when"),
        expression: at(path, "logicExpression"),
    };
    check_condition_set(when, expression, conditions, &paths, ctx, errors);
}

impl Validate for Trigger {
    fn check(&self, ctx: &Context<'_>, path: &str, errors: &mut ValidationErrors) {
        required_text(&self.description, 255, at(path, "description"), "a name for the trigger", errors);
        required_enum(
            self.event.as_ref(),
            TriggerEvent::is_known,
            TriggerEvent::expected(),
            at(path, "event"),
            "the event",
            errors,
        );
        if self.event == Some(TriggerEvent::ConversationStatusLastForCertainTime) {
            let status_path = at(path, "status");
            match (&self.status, ctx.field("status")) {
                (None, _) => errors.add(status_path, "Choose the status that must last."),
                (Some(s), Some(field)) => {
                    if let Err(m) = check_value(field, s, ctx) {
                        errors.add(status_path, m);
                    }
                }
                (Some(_), None) => {}
            }
            match self.status_duration {
                None => {
                    errors.add(at(path, "statusDuration"), "Enter how many minutes the status must last.")
                }
                Some(m) if !(1..=525_600).contains(&m) => errors.add(
                    at(path, "statusDuration"),
                    format!("Enter from 1 to 525600 minutes (a year), not {m}."),
                ),
                Some(_) => {}
            }
        }
        check_flat_set(&self.when, &self.logic_expression, &self.conditions, path, ctx, errors);

        if self.set_value {
            let updates = at(path, "autoUpdate");
            if self.auto_update.is_empty() {
                errors.add(&updates, "Add at least one field to set, or turn off setting values.");
            }
            let mut seen = HashSet::new();
            for (i, u) in self.auto_update.iter().enumerate() {
                let p = item(&updates, i);
                let Some(field) = check_field_ref(&u.field_id, &at(&p, "fieldId"), ctx, errors) else {
                    continue;
                };
                if !seen.insert(u.field_id.as_str()) {
                    errors.add(at(&p, "fieldId"), format!("{} is already set above.", field.name));
                }
                if let Err(m) = check_value(field, &u.value, ctx) {
                    errors.add(at(&p, "value"), m);
                }
            }
        }

        if !self.send_email {
            // Kept for when the email is switched on: still one line.
            one_line(&self.subject, at(path, "subject"), errors);
        }
        for (key, text) in [("htmlText", &self.html_text), ("plainText", &self.plain_text)] {
            if let Some(message) = text_problem(text) {
                errors.add(at(path, key), message);
            }
        }
        if let Some(message) = html_problem(&self.html_text) {
            errors.add(at(path, "htmlText"), message);
        }
        if self.send_email {
            required_text(&self.subject, 998, at(path, "subject"), "the email's subject", errors);
            if self.html_text.trim().is_empty() && self.plain_text.trim().is_empty() {
                errors.add(at(path, "htmlText"), "Write the email's text (HTML or plain text).");
            }
            if !self.send_to_contacts && !self.send_to_agents {
                errors.add(
                    at(path, "sendToContacts"),
                    "Choose who gets the email: the contact, agents or both.",
                );
            }
            if self.send_to_agents {
                let to = at(path, "toAgents");
                if self.to_agents.is_empty() {
                    errors.add(&to, "Choose at least one agent to email.");
                }
                for (i, id) in self.to_agents.iter().enumerate() {
                    agent_ref(id, item(&to, i), ctx, errors);
                }
            }
            for (key, text) in
                [("subject", &self.subject), ("htmlText", &self.html_text), ("plainText", &self.plain_text)]
            {
                check_placeholders(text, &at(path, key), ctx, errors);
            }
            if let Some(a) = &self.attachment {
                if a.id.trim().is_empty() {
                    errors.add(
                        at(&at(path, "attachment"), "id"),
                        "Upload the file again: the attachment has no id.",
                    );
                }
            }
        }
    }
}

impl Validate for SlaPolicy {
    fn check(&self, ctx: &Context<'_>, path: &str, errors: &mut ValidationErrors) {
        max_text(&self.name, 128, at(path, "name"), errors);
        for m in Measure::ALL {
            let (hours, minutes) = self.target(m);
            let what = m.label();
            range(
                hours,
                0,
                crate::engine::MAX_TARGET_HOURS,
                at(path, m.key()),
                &format!("{what} hours"),
                errors,
            );
            range(minutes, 0, 59, at(path, m.minutes_key()), &format!("{what} minutes"), errors);
        }
        required_enum(
            self.operational_hour.as_ref(),
            OperationalHour::is_known,
            OperationalHour::expected(),
            at(path, "operationalHour"),
            "business hours or calendar hours",
            errors,
        );
        check_flat_set(&self.when, &self.logic_expression, &self.conditions, path, ctx, errors);
    }
}
