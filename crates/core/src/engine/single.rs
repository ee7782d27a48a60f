//! One piece of the settings on one sample: a rule editor's Test panel and
//! a trigger's email preview. Each is what the whole engine computes for
//! that piece alone (the piece compiled as the only rule of otherwise empty
//! settings), so the answer is exactly what routing, triggers and SLA
//! policies would say.

use super::clock::Zones;
use super::*;

impl Settings {
    /// Settings with nothing but what rules refer to: the fields, agents and
    /// departments (an editor's context).
    pub fn references(fields: &[Field], directory: &Directory) -> Settings {
        Settings {
            fields: fields.to_vec(),
            agents: directory.agents.clone(),
            departments: directory.departments.clone(),
            ..Settings::default()
        }
    }
}

/// How one condition set reads `sample`: each condition's verdict and the
/// set's. `references` gives the fields, agents and departments (see
/// [`Settings::references`]); its rules are not used.
pub fn test_conditions(set: &ConditionSet, references: &Settings, sample: &Sample) -> SetResult {
    let rule = CustomRule {
        id: "test".into(),
        name: "Test".into(),
        is_enable: true,
        conditions: set.clone(),
        ..CustomRule::default()
    };
    let settings = Settings {
        routing: RoutingConfig {
            is_enable: true,
            kind: Some(RoutingType::Rules),
            rules: vec![rule],
            ..RoutingConfig::default()
        },
        triggers: Vec::new(),
        sla_policies: Vec::new(),
        blocked_senders: Vec::new(),
        ..references.clone()
    };
    let outcome = Evaluator::compile(&settings, &Zones::new()).preview(sample);
    outcome
        .routing
        .and_then(|r| r.rules.into_iter().next())
        .map(|r| r.conditions)
        .unwrap_or_else(|| SetResult { when: set.when.as_str().to_owned(), matched: true, ..empty_set() })
}

/// The email `trigger` would send for `sample`, rendered as the engine
/// sends it (placeholders filled, values escaped), whatever its event,
/// conditions and "send email" switch say.
pub fn trigger_email(trigger: &Trigger, references: &Settings, sample: &Sample) -> Option<EmailAction> {
    let draft = Trigger {
        enable: true,
        event: Some(TriggerEvent::ConversationCreated),
        conditions: Vec::new(),
        when: When::All,
        logic_expression: String::new(),
        send_email: true,
        ..trigger.clone()
    };
    let settings = Settings {
        routing: RoutingConfig::default(),
        triggers: vec![draft],
        sla_policies: Vec::new(),
        blocked_senders: Vec::new(),
        ..references.clone()
    };
    let sample = Sample { event: Some(TriggerEvent::ConversationCreated), ..sample.clone() };
    Evaluator::compile(&settings, &Zones::new()).preview(&sample).triggers.into_iter().next()?.email
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{system_fields, Condition, MatchType};

    fn sample(subject: &str) -> Sample {
        let mut sample = Sample::default();
        sample.fields.insert("subject".into(), FieldValue::Text(subject.into()));
        sample
    }

    #[test]
    fn one_condition_set_reads_a_sample_as_routing_does() {
        let references = Settings::references(&system_fields(), &Directory::default());
        let set = ConditionSet {
            when: When::All,
            list: vec![Condition {
                field_id: "subject".into(),
                match_type: Some(MatchType::Contains),
                value: "refund".into(),
                ..Condition::default()
            }],
            ..ConditionSet::default()
        };
        let yes = test_conditions(&set, &references, &sample("Refund please"));
        assert!(yes.matched);
        assert_eq!(yes.conditions.len(), 1);
        assert!(!test_conditions(&set, &references, &sample("Hello")).matched);
        // The same verdict the whole engine gives the set as a custom rule.
        let rule =
            CustomRule { id: "r".into(), is_enable: true, conditions: set.clone(), ..Default::default() };
        let settings = Settings {
            routing: RoutingConfig {
                is_enable: true,
                kind: Some(RoutingType::Rules),
                rules: vec![rule],
                ..Default::default()
            },
            ..references.clone()
        };
        let whole = Evaluator::compile(&settings, &Zones::new()).preview(&sample("Refund please"));
        assert_eq!(whole.routing.unwrap().rules[0].conditions, yes);
    }

    #[test]
    fn one_trigger_email_is_rendered_whatever_its_event() {
        let references = Settings::references(&system_fields(), &Directory::default());
        let trigger = Trigger {
            event: Some(TriggerEvent::AgentReplied),
            send_email: false,
            send_to_contacts: true,
            subject: "Re: {{subject}}".into(),
            html_text: "<p>About {{subject}}</p>".into(),
            conditions: vec![Condition {
                field_id: "subject".into(),
                match_type: Some(MatchType::Is),
                value: "never".into(),
                ..Condition::default()
            }],
            ..Trigger::default()
        };
        let email = trigger_email(&trigger, &references, &sample("<b>Refund</b>")).expect("an email");
        assert_eq!(email.subject, "Re: <b>Refund</b>");
        assert_eq!(email.html_text, "<p>About &lt;b&gt;Refund&lt;/b&gt;</p>");
    }
}
