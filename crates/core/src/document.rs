//! Every setting as one document (`GET …/export`, `POST …/import`, a
//! settings file in the console), and the rules that span its objects:
//! each object valid in its list, unique names and keys within a list,
//! system fields keeping their type, at most one default account. Written
//! once here so the server (answering an import) and the browser (checking
//! a file before sending it) say the same, with paths into the document.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::engine::Settings;
use crate::model::{system_fields, Directory, EmailAccount};
use crate::validate::{Context, Validate, ValidationErrors};

/// Every setting in one document. Passwords are never in an export; an
/// imported account keeps the one stored under its id, or gets the one the
/// document sets.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    /// The document format, for future changes: 1.
    pub format_version: u32,
    pub email_accounts: Vec<EmailAccount>,
    #[serde(flatten)]
    pub settings: Settings,
}

/// What a document holds, each key as an export writes it. An import
/// replaces every list it names, so a key left out or misspelt is refused
/// rather than read as "none": `{}` or `{"Triggers": []}` would otherwise
/// delete every setting, and every stored password with its account.
/// `agents` and `departments` are the directory's, shown for reference.
pub const KEYS: [&str; 12] = [
    "formatVersion",
    "emailAccounts",
    "fields",
    "agents",
    "departments",
    "routing",
    "triggers",
    "slaPolicies",
    "workingTime",
    "holidays",
    "blockedSenders",
    "autoAllocation",
];

/// The keys a document may not leave out.
fn required(key: &str) -> bool {
    !matches!(key, "agents" | "departments")
}

/// Read by hand rather than through `#[serde(flatten)]`, which buffers the
/// settings and so would read them leniently and lose their paths.
impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use crate::decode::{at_path, nested};
        let mut map = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        if let Some(key) = map.keys().find(|k| !KEYS.contains(&k.as_str())) {
            let near = KEYS.iter().find(|known| known.eq_ignore_ascii_case(key));
            let hint = near.map_or_else(String::new, |k| format!(" Did you mean '{k}'?"));
            return Err(at_path(key, format!("A settings document has no '{key}'.{hint}")));
        }
        // What is there is read first, so a wrong value is said at its path.
        let missing: Vec<&str> = KEYS.into_iter().filter(|k| required(k) && !map.contains_key(*k)).collect();
        let format_version = match map.remove("formatVersion") {
            Some(v) => nested(&v, "formatVersion")?,
            None => 1,
        };
        let email_accounts = match map.remove("emailAccounts") {
            Some(serde_json::Value::Null) | None => Vec::new(),
            Some(v) => nested(&v, "emailAccounts")?,
        };
        let settings = nested(&serde_json::Value::Object(map), "")?;
        if let Some(first) = missing.first() {
            return Err(at_path(
                first,
                format!(
                    "A settings document names every list, as an export does; this one has no {}. \
                     Importing replaces all settings: an empty list ([]) means none.",
                    missing.join(", ")
                ),
            ));
        }
        Ok(Document { format_version, email_accounts, settings })
    }
}

/// The document's schema: every key an export writes, none other.
#[cfg(feature = "schema")]
#[derive(schemars::JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(rename = "ExportDocument")]
#[allow(dead_code)]
struct Whole {
    /// The document format, for future changes: 1.
    #[schemars(range(min = 1, max = 1))]
    format_version: u32,
    email_accounts: Vec<EmailAccount>,
    fields: Vec<crate::model::Field>,
    /// The directory's agents, for reference (not imported).
    #[serde(default)]
    agents: Vec<crate::model::Agent>,
    /// The directory's departments, for reference (not imported).
    #[serde(default)]
    departments: Vec<crate::model::Department>,
    routing: crate::model::RoutingConfig,
    triggers: Vec<crate::model::Trigger>,
    sla_policies: Vec<crate::model::SlaPolicy>,
    working_time: crate::model::WorkingTime,
    holidays: Vec<crate::model::Holiday>,
    blocked_senders: Vec<crate::model::BlockedSender>,
    auto_allocation: crate::model::AutoAllocationSetting,
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Document {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        Whole::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Whole::json_schema(generator)
    }
}

/// Two keys that count as the same: trimmed, without case. Names,
/// addresses and dates are unique this way, in a document as in storage.
pub fn same_key(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// Every item whose `key` another item of the list shares is marked, all
/// of them (the admin sees each place), with the others' paths in words.
fn unique<T>(
    items: &[T],
    list: &str,
    field: &str,
    what: &str,
    key: impl Fn(&T) -> &str,
    errors: &mut ValidationErrors,
) {
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let k = key(item).trim().to_lowercase();
        if !k.is_empty() {
            by_key.entry(k).or_default().push(i);
        }
    }
    let mut groups: Vec<Vec<usize>> = by_key.into_values().filter(|g| g.len() > 1).collect();
    crate::order::sort(&mut groups);
    for group in groups {
        for &i in &group {
            let others: Vec<String> =
                group.iter().filter(|&&j| j != i).map(|j| format!("{list}[{j}]")).collect();
            errors.add(
                format!("{list}[{i}].{field}"),
                format!("{} '{}' is used again at {}.", what, key(&items[i]).trim(), others.join(", ")),
            );
        }
    }
}

fn each<T: Validate>(items: &[T], list: &str, ctx: &Context<'_>, errors: &mut ValidationErrors) {
    for (i, item) in items.iter().enumerate() {
        item.check(ctx, &format!("{list}[{i}]"), errors);
    }
}

impl Document {
    /// Every problem of the document, with paths into it. What only the
    /// server can know (uploaded files, stored passwords) it adds itself.
    pub fn check(&self, directory: &Directory) -> ValidationErrors {
        let s = &self.settings;
        let ctx = Context::new(&s.fields, directory);
        let mut errors = ValidationErrors::default();
        if self.format_version != 1 {
            errors.add(
                "formatVersion",
                format!("This server reads format 1 documents, not {}.", self.format_version),
            );
        }
        // An id names one object: two with one id would leave one of them
        // out and the list's order broken.
        let id = "The id";
        each(&s.fields, "fields", &ctx, &mut errors);
        for system in system_fields() {
            if let Some(i) = s.fields.iter().position(|f| f.id == system.id) {
                if s.fields[i].kind != system.kind {
                    errors.add(
                        format!("fields[{i}].type"),
                        format!(
                            "{} is a system field; its type must stay '{}'.",
                            system.name,
                            system.kind.as_ref().map_or("", |k| k.as_str())
                        ),
                    );
                }
            }
        }
        unique(&s.fields, "fields", "id", id, |f| &f.id, &mut errors);
        unique(&s.fields, "fields", "name", "The name", |f| &f.name, &mut errors);
        each(&self.email_accounts, "emailAccounts", &ctx, &mut errors);
        unique(&self.email_accounts, "emailAccounts", "id", id, |a| &a.id, &mut errors);
        unique(
            &self.email_accounts,
            "emailAccounts",
            "businessEmail",
            "The address",
            |a| &a.business_email,
            &mut errors,
        );
        if self.email_accounts.iter().filter(|a| a.is_default).count() > 1 {
            errors.add("emailAccounts", "Only one account can be the default.");
        }
        s.routing.check(&ctx, "routing", &mut errors);
        each(&s.routing.rules, "routing.rules", &ctx, &mut errors);
        unique(&s.routing.rules, "routing.rules", "id", id, |r| &r.id, &mut errors);
        unique(&s.routing.rules, "routing.rules", "name", "The name", |r| &r.name, &mut errors);
        each(&s.triggers, "triggers", &ctx, &mut errors);
        unique(&s.triggers, "triggers", "id", id, |t| &t.id, &mut errors);
        each(&s.sla_policies, "slaPolicies", &ctx, &mut errors);
        unique(&s.sla_policies, "slaPolicies", "id", id, |p| &p.id, &mut errors);
        unique(&s.sla_policies, "slaPolicies", "name", "The name", |p| &p.name, &mut errors);
        s.working_time.check(&ctx, "workingTime", &mut errors);
        each(&s.holidays, "holidays", &ctx, &mut errors);
        unique(&s.holidays, "holidays", "id", id, |h| &h.id, &mut errors);
        unique(&s.holidays, "holidays", "date", "The date", |h| &h.date, &mut errors);
        each(&s.blocked_senders, "blockedSenders", &ctx, &mut errors);
        unique(&s.blocked_senders, "blockedSenders", "id", id, |b| &b.id, &mut errors);
        unique(&s.blocked_senders, "blockedSenders", "email", "The sender", |b| &b.email, &mut errors);
        s.auto_allocation.check(&ctx, "autoAllocation", &mut errors);
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use serde_json::{json, Value};

    /// A whole document: every key, `lists` in place of the empty ones.
    fn whole(lists: Value) -> Value {
        let empty = Document { format_version: 1, email_accounts: Vec::new(), settings: Settings::default() };
        let mut doc = serde_json::to_value(empty).unwrap();
        for (k, v) in lists.as_object().unwrap() {
            doc[k] = v.clone();
        }
        doc
    }

    fn problems(doc: &Document) -> Vec<(String, String)> {
        let directory = Directory::default();
        doc.check(&directory).0.into_iter().map(|e| (e.field, e.message)).collect()
    }

    #[test]
    fn a_document_leaving_out_or_misspelling_a_list_is_refused_not_read_as_none() {
        let read = |v: Value| crate::decode::from_value::<Document>(&v).map_err(|e| (e.path, e.message));
        assert!(read(whole(json!({}))).is_ok());
        let (path, message) = read(json!({})).unwrap_err();
        assert_eq!(path, "formatVersion");
        assert!(
            message.contains("formatVersion, emailAccounts, fields, routing, triggers, slaPolicies"),
            "{message}"
        );
        assert!(message.contains("this one has no formatVersion, emailAccounts,"), "{message}");
        assert!(message.contains("an empty list ([]) means none"), "{message}");
        let mut typo = whole(json!({}));
        typo["Triggers"] = json!([]);
        assert_eq!(
            read(typo).unwrap_err(),
            ("Triggers".into(), "A settings document has no 'Triggers'. Did you mean 'triggers'?".into())
        );
        let mut no_holidays = whole(json!({}));
        no_holidays.as_object_mut().unwrap().remove("holidays");
        assert_eq!(read(no_holidays).unwrap_err().0, "holidays");
        // A wrong value is said at its own path first.
        let (path, _) = read(json!({"triggers": [{"event": [1]}]})).unwrap_err();
        assert_eq!(path, "triggers[0].event");
        // The directory is for reference: it may be left out.
        let mut with_directory = whole(json!({}));
        with_directory["agents"] = json!([]);
        assert!(read(with_directory).is_ok());
    }

    #[test]
    fn two_objects_with_one_id_are_both_marked() {
        let doc: Document = crate::decode::from_value(&whole(json!({
            "triggers": [{"id": "t1", "description": "A", "event": 1}, {"id": "t2", "description": "B", "event": 1},
                         {"id": "t1", "description": "A again", "event": 1}],
            "holidays": [{"id": "h", "title": "A", "date": "2026-12-24"}, {"id": "h", "title": "B", "date": "2026-12-25"},
                         {"title": "New", "date": "2026-12-26"}, {"title": "New too", "date": "2026-12-27"}]})))
        .unwrap();
        assert_eq!(
            problems(&doc),
            [
                ("triggers[0].id".into(), "The id 't1' is used again at triggers[2].".into()),
                ("triggers[2].id".into(), "The id 't1' is used again at triggers[0].".into()),
                ("holidays[0].id".into(), "The id 'h' is used again at holidays[1].".into()),
                ("holidays[1].id".into(), "The id 'h' is used again at holidays[0].".into()),
            ]
        );
    }

    #[test]
    fn every_use_of_a_shared_name_is_marked_with_the_others() {
        let doc: Document = crate::decode::from_value(&whole(json!({"routing": {"type": "rules", "rules": [
                {"name": "VIP", "routeToObject": "department", "routeToId": "d1"},
                {"name": "Other", "routeToObject": "department", "routeToId": "d1"},
                {"name": " vip ", "routeToObject": "department", "routeToId": "d1"}]},
                "holidays": [{"title": "A", "date": "2026-12-25"}, {"title": "B", "date": "2026-12-25T10:00:00Z"}]})))
        .unwrap();
        let directory: Directory = serde_json::from_value(
            serde_json::json!({"agents": [], "departments": [{"id": "d1", "name": "D"}]}),
        )
        .unwrap();
        let errors = doc.check(&directory);
        let got: Vec<(&str, &str)> =
            errors.0.iter().map(|e| (e.field.as_str(), e.message.as_str())).collect();
        assert_eq!(
            got,
            [
                ("routing.rules[0].name", "The name 'VIP' is used again at routing.rules[2]."),
                ("routing.rules[2].name", "The name 'vip' is used again at routing.rules[0]."),
                ("holidays[0].date", "The date '2026-12-25' is used again at holidays[1]."),
                ("holidays[1].date", "The date '2026-12-25' is used again at holidays[0]."),
            ]
        );
        assert!(same_key(" VIP", "vip ") && !same_key("vip", "vips"));
    }
}
