//! Triggers (contract §6): in order, each on the conversation as the ones
//! before it left it; field updates and emails with placeholders filled.

use super::template::Target;
use super::*;

impl Evaluator {
    fn render(&self, text: &str, conv: &Conversation, target: Target) -> String {
        super::template::fill(text, target, |name| self.value_text(conv, name))
    }

    /// Whether a trigger of this event fires on the conversation as it is.
    pub(super) fn fires(&self, ct: &CompiledTrigger, event: &TriggerEvent, conv: &Conversation) -> bool {
        ct.set.matches(conv)
            // Event 6 concerns one status: the conversation must have it.
            && (*event != TriggerEvent::ConversationStatusLastForCertainTime
                || ct.trigger.status.as_deref().is_some_and(|s| conv.text(self.known.status) == s))
    }

    pub(super) fn run_triggers(
        &self,
        event: &TriggerEvent,
        conv: &mut Conversation,
        explain: bool,
    ) -> Vec<TriggerResult> {
        let mut results = Vec::new();
        for ct in &self.triggers {
            let t = &ct.trigger;
            if t.event.as_ref() != Some(event) {
                continue;
            }
            let fired = self.fires(ct, event, conv);
            let conditions = if explain { ct.set.explain(conv, &self.table) } else { empty_set() };
            let mut updates = Vec::new();
            let mut email = None;
            if fired {
                for (slot, value) in &ct.updates {
                    let field = &self.table.fields[*slot];
                    let from = conv.get(*slot).map(FieldValue::display).unwrap_or_default();
                    conv.assign(&self.table, *slot, ValueRef::Text(value), &self.zone);
                    updates.push(FieldUpdate {
                        field_id: field.id.clone(),
                        field_name: field.name.clone(),
                        from,
                        to: value.clone(),
                    });
                }
                if t.send_email && explain {
                    email = Some(EmailAction {
                        subject: self.render(&t.subject, conv, Target::Subject),
                        html_text: self.render(&t.html_text, conv, Target::Html),
                        plain_text: self.render(&t.plain_text, conv, Target::Plain),
                        to_contact: t.send_to_contacts.then(|| self.value_text(conv, "senderEmail")),
                        to_agents: if t.send_to_agents {
                            t.to_agents
                                .iter()
                                .map(|id| {
                                    let a = self.directory.agent(id);
                                    Recipient {
                                        id: id.clone(),
                                        name: a.map(|a| a.name.clone()).unwrap_or_default(),
                                        email: a.map(|a| a.email.clone()).unwrap_or_default(),
                                    }
                                })
                                .collect()
                        } else {
                            Vec::new()
                        },
                        attachment: t.attachment.clone(),
                        show_in_conversation_correspondences: t.show_in_conversation_correspondences,
                    });
                }
            }
            results.push(TriggerResult {
                id: t.id.clone(),
                description: t.description.clone(),
                fired,
                conditions,
                updates,
                email,
            });
        }
        results
    }
}
