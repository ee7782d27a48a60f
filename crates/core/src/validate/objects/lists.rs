//! Blocked senders, fields and the field mapping (contract §8).

use super::*;

impl Validate for BlockedSender {
    fn check(&self, _ctx: &Context<'_>, path: &str, errors: &mut ValidationErrors) {
        let email_path = at(path, "email");
        let is_address = self.email.contains('@');
        let well_formed = if is_address { is_email(&self.email) } else { is_domain(&self.email) };
        if self.email.is_empty() {
            errors.add(&email_path, "Enter an email address or a domain.");
        } else if !well_formed {
            errors.add(
                &email_path,
                format!(
                    "'{}' is neither an email address (name@example.com) nor a domain (example.com).",
                    self.email
                ),
            );
        }
        let type_path = at(path, "blockType");
        match &self.block_type {
            None => errors.add(type_path, "Choose what to do with this sender's mail."),
            Some(t) if !t.is_known() => {
                errors.add(type_path, format!("Unknown value '{t}'. Use {}.", BlockType::expected()))
            }
            Some(t) if well_formed && t.is_domain() && is_address => errors.add(
                type_path,
                format!(
                    "'{}' is an address; blocking a domain needs a domain such as example.com.",
                    self.email
                ),
            ),
            Some(t) if well_formed && !t.is_domain() && !is_address => errors.add(
                type_path,
                format!(
                    "'{}' is a domain; blocking an address needs an address such as name@{}.",
                    self.email, self.email
                ),
            ),
            Some(_) => {}
        }
    }
}

impl Validate for Field {
    fn check(&self, ctx: &Context<'_>, path: &str, errors: &mut ValidationErrors) {
        required_enum(
            self.kind.as_ref(),
            FieldType::is_known,
            FieldType::expected(),
            at(path, "type"),
            "the field type",
            errors,
        );
        required_text(&self.name, 128, at(path, "name"), "a name for the field", errors);
        if self.help_text.chars().count() > 500 {
            errors.add(at(path, "helpText"), "Use at most 500 characters.");
        } else if let Some(message) = text_problem(&self.help_text) {
            errors.add(at(path, "helpText"), message);
        }
        let Some(kind) = self.field_type() else { return };
        if kind.is_text() {
            if let Some(len) = self.length {
                range(len, 1, 65_535, at(path, "length"), "The maximum length", errors);
            }
        }
        let options_path = at(path, "options");
        if kind.has_options() {
            if self.options.is_empty() {
                errors.add(&options_path, "Add at least one option.");
            }
            let mut seen = HashSet::new();
            for (i, o) in self.options.iter().enumerate() {
                let p = item(&options_path, i);
                if o.name.trim().is_empty() {
                    errors.add(at(&p, "name"), "Enter the option's name.");
                } else {
                    one_line(&o.name, at(&p, "name"), errors);
                }
                if o.value.trim().is_empty() {
                    errors.add(at(&p, "value"), "Enter the option's value.");
                } else if let Some(message) = line_problem(&o.value) {
                    errors.add(at(&p, "value"), message);
                } else if !seen.insert(o.value.as_str()) {
                    errors
                        .add(at(&p, "value"), format!("Another option already has the value '{}'.", o.value));
                }
            }
        }
        if !self.default_value.is_empty() {
            if let Err(m) = check_value(self, &self.default_value, ctx) {
                errors.add(at(path, "defaultValue"), m);
            }
        }
    }
}

/// `PUT fields/mapping`: known fields, each chat or offline-message field
/// mapped to at most one conversation field.
impl Validate for FieldMappingRequest {
    fn check(&self, ctx: &Context<'_>, _path: &str, errors: &mut ValidationErrors) {
        let list = match self {
            FieldMappingRequest::Wrapped { field_mappings } => field_mappings,
            FieldMappingRequest::Bare(list) => list,
        };
        let mut chat = HashSet::new();
        let mut offline = HashSet::new();
        let mut fields = HashSet::new();
        for (i, m) in list.iter().enumerate() {
            let p = self.item_path(i);
            if check_field_ref(&m.field_id, &at(&p, "fieldId"), ctx, errors).is_some()
                && !fields.insert(m.field_id.as_str())
            {
                errors.add(at(&p, "fieldId"), "This field is mapped twice.");
            }
            if let Some(c) = &m.chat_field_mapping {
                if !chat.insert(c.as_str()) {
                    errors.add(
                        at(&p, "chatFieldMapping"),
                        format!("The chat field '{c}' is already mapped to another field."),
                    );
                }
            }
            if let Some(o) = &m.offline_message_field_mapping {
                if !offline.insert(o.as_str()) {
                    errors.add(
                        at(&p, "offlineMessageFieldMapping"),
                        format!("The offline message field '{o}' is already mapped to another field."),
                    );
                }
            }
        }
    }
}
