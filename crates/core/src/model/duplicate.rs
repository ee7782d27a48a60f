//! "Duplicate" on an ordered list: a saved rule as a new one, written once
//! here so the console and any other client copy the same way.

use super::{Condition, CustomRule, SlaPolicy, Trigger};

/// A saved object as a new, unsaved one: no ids (the server gives new
/// ones), "(copy)" after its name, switched off so it changes nothing until
/// reviewed, and no place in the order (a create goes last).
pub trait Duplicate {
    fn duplicate(&self) -> Self;
}

fn fresh(conditions: &[Condition]) -> Vec<Condition> {
    conditions.iter().map(|c| Condition { id: String::new(), ..c.clone() }).collect()
}

fn copy_name(name: &str) -> String {
    format!("{} (copy)", name.trim())
}

impl Duplicate for CustomRule {
    fn duplicate(&self) -> Self {
        let mut copy = self.clone();
        copy.id.clear();
        copy.name = copy_name(&self.name);
        copy.is_enable = false;
        copy.order_index = 0;
        copy.conditions.list = fresh(&self.conditions.list);
        copy
    }
}

impl Duplicate for Trigger {
    fn duplicate(&self) -> Self {
        let mut copy = self.clone();
        copy.id.clear();
        copy.description = copy_name(&self.description);
        copy.enable = false;
        copy.order_index = 0;
        copy.conditions = fresh(&self.conditions);
        for update in &mut copy.auto_update {
            update.id.clear();
            update.trigger_id.clear();
        }
        // The attachment's id names the uploaded file: the copy sends it too.
        copy
    }
}

impl Duplicate for SlaPolicy {
    fn duplicate(&self) -> Self {
        let mut copy = self.clone();
        copy.id.clear();
        copy.name = copy_name(&self.name);
        copy.enable = false;
        copy.order_index = 0;
        copy.conditions = fresh(&self.conditions);
        copy
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Attachment, AutoUpdate, ConditionSet};

    fn condition(id: &str) -> Condition {
        Condition { id: id.into(), field_id: "subject".into(), value: "refund".into(), ..Default::default() }
    }

    #[test]
    fn a_copied_trigger_has_no_ids_a_new_name_and_is_off() {
        let trigger = Trigger {
            id: "t1".into(),
            description: "Escalate ".into(),
            enable: true,
            order_index: 3,
            conditions: vec![condition("c1")],
            auto_update: vec![AutoUpdate {
                id: "u1".into(),
                trigger_id: "t1".into(),
                field_id: "priority".into(),
                value: "3".into(),
            }],
            attachment: Some(Attachment { id: "f1".into(), name: "a.pdf".into(), ..Default::default() }),
            ..Default::default()
        };
        let copy = trigger.duplicate();
        assert_eq!(copy.id, "");
        assert_eq!(copy.description, "Escalate (copy)");
        assert!(!copy.enable);
        assert_eq!(copy.order_index, 0);
        assert_eq!(copy.conditions, vec![Condition { id: String::new(), ..condition("c1") }]);
        assert_eq!((copy.auto_update[0].id.as_str(), copy.auto_update[0].trigger_id.as_str()), ("", ""));
        assert_eq!(copy.auto_update[0].value, "3");
        assert_eq!(copy.attachment.as_ref().map(|a| a.id.as_str()), Some("f1"));
    }

    #[test]
    fn a_copied_rule_and_policy_keep_what_they_do() {
        let rule = CustomRule {
            id: "r1".into(),
            route_id: "default".into(),
            name: "VIP".into(),
            is_enable: true,
            order_index: 2,
            conditions: ConditionSet { list: vec![condition("c1")], ..Default::default() },
            route_to_id: Some("d1".into()),
            ..Default::default()
        };
        let copy = rule.duplicate();
        assert_eq!((copy.id.as_str(), copy.name.as_str(), copy.is_enable), ("", "VIP (copy)", false));
        assert_eq!(copy.route_to_id.as_deref(), Some("d1"));
        assert_eq!(copy.conditions.list[0].id, "");
        let policy = SlaPolicy {
            id: "p1".into(),
            name: "Gold".into(),
            enable: true,
            first_respond_within: 30,
            conditions: vec![condition("c1")],
            ..Default::default()
        };
        let copy = policy.duplicate();
        assert_eq!((copy.id.as_str(), copy.name.as_str(), copy.enable), ("", "Gold (copy)", false));
        assert_eq!(copy.first_respond_within, 30);
        assert_eq!(copy.conditions[0].id, "");
    }
}
