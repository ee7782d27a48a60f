//! Importing a settings file: what it would replace, list by list, so an
//! admin sees before applying that (say) two email accounts not in the
//! file would be removed. Objects are matched by id; singletons (routing,
//! working time, auto allocation) are one object each.

use serde::Serialize;

use anytime_core::document::Document;

/// One list's fate under an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListChange {
    pub label: &'static str,
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub kept: usize,
}

fn by_id<T: Serialize>(label: &'static str, saved: &[T], file: &[T], id: impl Fn(&T) -> &str) -> ListChange {
    let json = |x: &T| serde_json::to_value(x).unwrap_or_default();
    let mut c = ListChange { label, added: 0, changed: 0, removed: 0, kept: 0 };
    for f in file {
        match saved.iter().find(|s| !id(f).is_empty() && id(s) == id(f)) {
            None => c.added += 1,
            Some(s) if json(s) == json(f) => c.kept += 1,
            Some(_) => c.changed += 1,
        }
    }
    c.removed = saved.iter().filter(|s| !file.iter().any(|f| id(f) == id(s))).count();
    c
}

fn single<T: Serialize>(label: &'static str, saved: &T, file: &T) -> ListChange {
    let same = serde_json::to_value(saved).ok() == serde_json::to_value(file).ok();
    ListChange { label, added: 0, changed: usize::from(!same), removed: 0, kept: usize::from(same) }
}

/// What importing `file` over `saved` adds, changes and removes.
pub fn list_changes(saved: &Document, file: &Document) -> Vec<ListChange> {
    let (s, f) = (&saved.settings, &file.settings);
    let mut routing = (s.routing.clone(), f.routing.clone());
    routing.0.rules.clear();
    routing.1.rules.clear();
    vec![
        by_id("Email accounts", &saved.email_accounts, &file.email_accounts, |a| &a.id),
        single("Routing", &routing.0, &routing.1),
        by_id("Routing rules", &s.routing.rules, &f.routing.rules, |r| &r.id),
        single("Auto allocation", &s.auto_allocation, &f.auto_allocation),
        by_id("Triggers", &s.triggers, &f.triggers, |t| &t.id),
        by_id("SLA policies", &s.sla_policies, &f.sla_policies, |p| &p.id),
        single("Working time", &s.working_time, &f.working_time),
        by_id("Holidays", &s.holidays, &f.holidays, |h| &h.id),
        by_id("Blocked senders", &s.blocked_senders, &f.blocked_senders, |b| &b.id),
        by_id("Fields", &s.fields, &f.fields, |x| &x.id),
    ]
}

/// A list's change in words, or nothing when the file keeps it as it is.
pub fn change_words(c: &ListChange) -> Option<String> {
    let mut parts = Vec::new();
    for (n, what) in [(c.added, "added"), (c.changed, "changed"), (c.removed, "removed")] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    (!parts.is_empty()).then(|| format!("{}: {}", c.label, parts.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A whole document (an import names every list): `lists` in place of
    /// the empty ones.
    fn doc(lists: serde_json::Value) -> Document {
        let empty = Document { format_version: 1, email_accounts: Vec::new(), settings: Default::default() };
        let mut v = serde_json::to_value(empty).unwrap();
        for (k, list) in lists.as_object().unwrap() {
            v[k] = list.clone();
        }
        anytime_core::decode::from_value(&v).unwrap()
    }

    #[test]
    fn an_import_says_what_it_adds_changes_and_removes() {
        let saved = doc(json!({
            "triggers": [{"id": "t1", "description": "A", "event": 1}, {"id": "t2", "description": "B", "event": 1}],
            "holidays": [{"id": "h1", "title": "Christmas", "date": "2026-12-25"}]
        }));
        let file = doc(json!({
            "triggers": [{"id": "t1", "description": "A changed", "event": 1}, {"id": "t3", "description": "C", "event": 1}],
            "holidays": [{"id": "h1", "title": "Christmas", "date": "2026-12-25"}],
            "workingTime": {"timeZone": "Europe/Paris"}
        }));
        let words: Vec<String> = list_changes(&saved, &file).iter().filter_map(change_words).collect();
        assert_eq!(words, ["Triggers: 1 added, 1 changed, 1 removed", "Working time: 1 changed"]);
        assert!(list_changes(&saved, &saved).iter().all(|c| change_words(c).is_none()));
    }
}
