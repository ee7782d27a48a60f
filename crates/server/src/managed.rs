//! Each list kind's own rules for the generic handlers.

use anytime_core::*;
use rusqlite::{OptionalExtension, Transaction};

use crate::crud::{unique, Managed};
use crate::error::AppResult;
use crate::store::new_id;
use anytime_core::ValidationErrors;

/// Conditions get ids and their owner's type.
fn stamp_conditions(list: &mut [Condition], kind: ConditionType) {
    for c in list {
        if c.id.is_empty() {
            c.id = new_id();
        }
        c.kind = Some(kind.clone());
    }
}

impl Managed for CustomRule {
    fn prepare(&mut self, _existing: Option<&Self>) {
        self.route_id = ROUTING_CONFIG_ID.to_owned();
        stamp_conditions(&mut self.conditions.list, ConditionType::RoutingRule);
    }

    fn check_stored(&self, tx: &Transaction) -> AppResult<()> {
        unique(tx, self, |r| r.name.trim().to_owned(), "name")
    }

    fn set_enabled(&mut self, on: bool) {
        self.is_enable = on;
    }
}

/// What stored HTML may contain: formatting and links, never scripts,
/// event handlers or `javascript:` URLs (contract §6).
pub fn sanitize_html(html: &str) -> String {
    ammonia::Builder::default().link_rel(Some("noopener noreferrer")).clean(html).to_string()
}

impl Managed for Trigger {
    fn prepare(&mut self, _existing: Option<&Self>) {
        stamp_conditions(&mut self.conditions, ConditionType::Trigger);
        for u in &mut self.auto_update {
            if u.id.is_empty() {
                u.id = new_id();
            }
            u.trigger_id = self.id.clone();
        }
        // HTML the core refuses (too deep, too many tags, formatting left
        // open) is not cleaned: that is where cleaning turns quadratic.
        // Validation answers it with a 422 on htmlText.
        if !self.html_text.is_empty()
            && anytime_core::validate::checks::html_problem(&self.html_text).is_none()
        {
            self.html_text = sanitize_html(&self.html_text);
        }
    }

    fn check_references(
        &self,
        tx: &Transaction,
        _existing: Option<&Self>,
        path: &str,
        errors: &mut ValidationErrors,
    ) -> AppResult<()> {
        let at = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
        // What cleaning made of the HTML: bounded by the core's checks, and
        // refused outright should it still have grown past a body's size.
        if self.html_text.len() > crate::BODY_LIMIT {
            errors.add(at("htmlText"), "The email's HTML grows past 1 MiB when cleaned; simplify it.");
        }
        if let Some(a) = self.attachment.as_ref().filter(|a| !a.id.is_empty()) {
            let known: Option<String> =
                tx.query_row("SELECT id FROM attachments WHERE id = ?1", [&a.id], |r| r.get(0)).optional()?;
            if known.is_none() {
                errors.add(
                    at("attachment.id"),
                    format!("No uploaded file has the id '{}'. Upload it again.", a.id),
                );
            }
        }
        Ok(())
    }

    fn set_enabled(&mut self, on: bool) {
        self.enable = on;
    }
}

impl Managed for SlaPolicy {
    fn prepare(&mut self, _existing: Option<&Self>) {
        stamp_conditions(&mut self.conditions, ConditionType::Sla);
    }

    fn set_enabled(&mut self, on: bool) {
        self.enable = on;
    }
}

impl Managed for Holiday {
    fn check_stored(&self, tx: &Transaction) -> AppResult<()> {
        unique(tx, self, |h| h.date.clone(), "date")
    }
}
