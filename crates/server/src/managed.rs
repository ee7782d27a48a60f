//! Every kind's own rules for the generic pipeline, in one place: what
//! the server sets, what is checked against the store, what is written
//! beside an object. Lists implement [`Managed`], singletons [`Single`]
//! (see `crud`); which model is which stored kind is `resources.rs`.

use anytime_core::*;

use crate::crud::{self, unique, Managed, Single, Write};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::store::{self, new_id, secrets, Transaction};
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
        unique(tx, self, |r| r.name.trim().to_owned(), "name", "name")
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
            if !tx.has_file(&a.id)? {
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
    /// Names stay optional (spec-only clients send none); a given one is unique.
    fn check_stored(&self, tx: &Transaction) -> AppResult<()> {
        if self.name.trim().is_empty() {
            return Ok(());
        }
        unique(tx, self, |p| p.name.trim().to_owned(), "name", "name")
    }

    fn prepare(&mut self, _existing: Option<&Self>) {
        stamp_conditions(&mut self.conditions, ConditionType::Sla);
    }

    fn set_enabled(&mut self, on: bool) {
        self.enable = on;
    }
}

impl Managed for Holiday {
    fn check_stored(&self, tx: &Transaction) -> AppResult<()> {
        unique(tx, self, |h| h.date.clone(), "date", "date")
    }
}

impl Managed for Field {
    fn prepare(&mut self, existing: Option<&Self>) {
        // Read-only: only seeded fields are system fields.
        self.is_system_field = existing.is_some_and(|e| e.is_system_field);
        for (order, o) in (0..).zip(self.options.iter_mut()) {
            if o.id.is_empty() {
                o.id = store::new_id();
            }
            o.order = order;
        }
    }

    fn check_stored(&self, tx: &Transaction) -> AppResult<()> {
        if let Some(existing) = store::get::<Field>(tx, &self.id)? {
            if existing.value.is_system_field && existing.value.kind != self.kind {
                return Err(AppError::Conflict(format!(
                    "{} is a system field; its type cannot change.",
                    existing.value.name
                )));
            }
        }
        unique(tx, self, |f| f.name.trim().to_owned(), "name", "name")
    }
}

impl Managed for BlockedSender {
    /// When it was blocked: kept from the stored entry; a new one gets now,
    /// unless it is restored (an import) with a time of its own.
    fn prepare(&mut self, existing: Option<&Self>) {
        self.added_time = match existing {
            Some(e) => e.added_time.clone(),
            None => anytime_core::date::DateTime::parse(self.added_time.trim())
                .map(|t| anytime_core::date::format_utc(t.unix_seconds()))
                .unwrap_or_else(crate::now_utc),
        };
    }
}

impl Managed for EmailAccount {
    /// Read-only parts come from the stored account (none for a new one);
    /// a forwarding account keeps (or gets) its generated address.
    fn prepare(&mut self, existing: Option<&Self>) {
        self.status = existing.and_then(|e| e.status.clone());
        self.last_received_time = existing.and_then(|e| e.last_received_time.clone());
        self.is_default = existing.is_some_and(|e| e.is_default);
        carry_forwarding_address(self, existing);
    }

    fn check_stored(&self, tx: &Transaction) -> AppResult<()> {
        unique(tx, self, |a| a.business_email.trim().to_owned(), "businessEmail", "business email")
    }

    /// Settings sent without a password that point elsewhere than the
    /// stored password was saved for are refused (contract §11).
    fn check_references(
        &self,
        _tx: &Transaction,
        existing: Option<&Self>,
        path: &str,
        errors: &mut ValidationErrors,
    ) -> AppResult<()> {
        if let Some(saved) = existing {
            anytime_core::validate::check_stored_password(self, saved, path, errors);
        }
        Ok(())
    }

    /// The password goes apart, sealed; the account keeps `hasPassword`.
    /// The first account created is the default.
    fn before_write(
        &mut self,
        tx: &Transaction,
        state: &AppState,
        _existing: Option<&Self>,
        write: Write,
    ) -> AppResult<()> {
        if write == Write::Create {
            self.is_default = store::is_empty(tx, <Self as store::Resource>::KIND)?;
        }
        if let Some(password) = self.take_password() {
            secrets::set(tx, &state.vault, &self.id, &password)?;
        }
        let has = secrets::exists(tx, &self.id)?;
        if let Some(info) = self.server_info.as_mut() {
            info.set_has_password(has);
        }
        Ok(())
    }

    /// Its password goes with it, and the oldest remaining account becomes
    /// the default if it was.
    fn after_delete(&self, tx: &Transaction, _state: &AppState) -> AppResult<()> {
        secrets::delete(tx, &self.id)?;
        let rest: Vec<EmailAccount> = store::list::<EmailAccount>(tx)?.into_iter().map(|s| s.value).collect();
        if let Some(next) = anytime_core::default_after_delete(&rest, self) {
            let mut next = next.clone();
            next.is_default = true;
            crud::rewrite(tx, &mut next)?;
        }
        Ok(())
    }

    fn set_enabled(&mut self, on: bool) {
        self.enable = on;
    }
}

/// The address the business mailbox forwards to.
fn forwarding_address(account: &EmailAccount) -> String {
    let local: String = account
        .business_email
        .split('@')
        .next()
        .unwrap_or("inbox")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '.')
        .take(32)
        .collect::<String>()
        .to_lowercase();
    let short: String = store::new_id().chars().filter(char::is_ascii_hexdigit).take(10).collect();
    format!("{}.{short}@inbound.anytime.local", if local.is_empty() { "inbox" } else { &local })
}

fn carry_forwarding_address(account: &mut EmailAccount, previous: Option<&EmailAccount>) {
    let old = previous.and_then(|p| match &p.server_info {
        // Only an address (an imported one may be anything).
        Some(ServerInfo::EmailForwarding(s)) if anytime_core::validate::is_email(&s.forward_email_to) => {
            Some(s.forward_email_to.clone())
        }
        _ => None,
    });
    let address = old.unwrap_or_else(|| forwarding_address(account));
    if let Some(ServerInfo::EmailForwarding(s)) = account.server_info.as_mut() {
        s.forward_email_to = address;
    }
}

impl Single for RoutingConfig {
    /// Custom rules have their own endpoints; `rules` is output only.
    fn before_write(&mut self) {
        self.rules.clear();
    }

    fn complete(tx: &Transaction, mut stored: store::Stored<Self>) -> AppResult<store::Stored<Self>> {
        stored.value.rules = store::list::<CustomRule>(tx)?.into_iter().map(|s| s.value).collect();
        Ok(stored)
    }

    fn set_enabled(&mut self, on: bool) {
        self.is_enable = on;
    }
}

impl Single for AutoAllocationSetting {
    fn set_enabled(&mut self, on: bool) {
        self.enable = on;
    }
}

impl Single for WorkingTime {
    /// Stored under the zone's canonical name ("europe/berlin" →
    /// "Europe/Berlin").
    fn prepare(&mut self) {
        if let Some(canonical) = tz::canonical(self.time_zone.trim()) {
            self.time_zone = canonical.to_owned();
        }
    }
}
