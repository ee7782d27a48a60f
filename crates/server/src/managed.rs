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
    /// One entry per address or domain: the routes upsert by it, and a
    /// restored deleted entry must not bring a second one back.
    /// By the indexed key, not by reading the list: a bulk upsert of
    /// 10,000 checks each entry.
    fn check_stored(&self, tx: &Transaction) -> AppResult<()> {
        match store::find_by_key::<BlockedSender>(tx, &self.email)? {
            Some(other) if other.value.id != self.id => {
                let message = format!("'{}' is blocked already, as another entry.", self.email);
                let mut on = ValidationErrors::default();
                on.add("email", message.clone());
                Err(AppError::ConflictAt(message, on))
            }
            _ => Ok(()),
        }
    }

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

    /// A deleted forwarding account comes back with the address customers'
    /// mailboxes already forward to (not a new one).
    fn restoring(&mut self, version: &Self) {
        carry_forwarding_address(self, Some(version));
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

#[cfg(test)]
mod tests {
    use anytime_core::validate::cleaning::{opening_tags, removed_by_cleaning};

    use super::sanitize_html;

    /// Tag names, and each tag's attribute names, of an HTML text (the
    /// frame, the `<tbody>` the parser adds and the `rel` ammonia adds to
    /// links left out).
    fn shape(html: &str) -> Vec<(String, Vec<String>)> {
        opening_tags(html)
            .into_iter()
            .filter(|t| !["html", "head", "body"].contains(&t.name.as_str()))
            .filter(|t| !(t.name == "tbody" && t.attributes.is_empty()))
            .map(|t| (t.name, t.attributes.into_iter().map(|(a, _)| a).filter(|a| a != "rel").collect()))
            .collect()
    }

    /// The console's advance notice (the core's) against ammonia itself:
    /// nothing said removed ⇒ every tag and attribute survives; each thing
    /// said removed ⇒ it is gone from what is stored.
    fn agree(html: &str) {
        let said = removed_by_cleaning(html);
        let cleaned = sanitize_html(html);
        if said.is_empty() {
            assert_eq!(shape(&cleaned), shape(html), "{html:?} → {cleaned:?}");
            return;
        }
        let after = opening_tags(&cleaned);
        for what in &said {
            let gone =
                if let Some(attr) = what.strip_prefix("the ").and_then(|w| w.strip_suffix(" attribute")) {
                    after.iter().all(|t| t.attributes.iter().all(|(a, _)| a != attr))
                } else if let Some(tag) = what.strip_prefix("the <").and_then(|w| w.strip_suffix("> tag")) {
                    after.iter().all(|t| t.name != tag)
                } else if let Some(tag) =
                    what.strip_prefix('<').and_then(|w| w.strip_suffix("> with its content"))
                {
                    after.iter().all(|t| t.name != tag) && !cleaned.contains("SECRET")
                } else if let Some(scheme) = what.strip_prefix("a ").and_then(|w| w.strip_suffix(": link")) {
                    after.iter().all(|t| {
                        t.attributes.iter().all(|(_, v)| !v.trim().to_lowercase().starts_with(scheme))
                    })
                } else {
                    panic!("unknown notice {what:?}");
                };
            assert!(gone, "{html:?}: said {what:?}, yet ammonia kept it: {cleaned:?}");
        }
    }

    #[test]
    fn the_advance_notice_matches_the_cleaning() {
        for html in [
            "<p>Hi <b>{{contactName}}</b>, <a href=\"https://x.example\">see</a></p>",
            "<html><head></head><body><p lang=en title=t>Hi</p></body></html>",
            "<p style=\"color:red\" class=x onclick='go()'>Hi</p>",
            "<script>SECRET()</script><p>x</p>",
            "<style>p{SECRET:1}</style><p>x</p>",
            "<form action=/x><input name=q><button>Go</button></form>",
            "<a href=\" JavaScript:evil()\">x</a>",
            "<img src=\"data:image/png;base64,xx\" alt=a width=3>",
            "<a title=\"a > b\" target=_blank href=/x>y</a>",
            "<table align=center><tr><td colspan=2 style=x>c</td></tr></table>",
            "<iframe src=https://x.example></iframe><p>after</p>",
            "<!-- <script> --><p>ok</p>",
            "<a href=mailto:a@b.example>mail</a><a href=tel:+331>call</a>",
            "<ol start=3 reversed><li>x</li></ol>",
            "<div id=top dir=rtl><span data-x=1>y</span></div>",
        ] {
            agree(html);
        }
        // Every pairing of some tags and attributes.
        let tags = ["p", "a", "img", "td", "span", "font", "center", "svg", "video", "h2", "ol", "marquee"];
        let attributes = [
            "style=\"color:red\"",
            "class=x",
            "href=\"javascript:alert(1)\"",
            "href=\"https://ok.example\"",
            "src=\"https://ok.example/i.png\"",
            "onmouseover=\"x()\"",
            "title=hello",
            "lang=fr",
            "width=10",
            "align=left",
            "start=2",
            "cite=\"vbscript:x\"",
        ];
        for tag in tags {
            for attribute in attributes {
                let html = format!("<{tag} {attribute}>text</{tag}>");
                // A cell only parses inside a table (the notice is about what
                // cleaning removes, not how HTML mends misplaced parts).
                agree(&if tag == "td" { format!("<table><tr>{html}</tr></table>") } else { html });
            }
        }
    }
}
