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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ExportDocument"))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    /// The document format, for future changes: 1.
    #[serde(default = "format_version")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 1)))]
    pub format_version: u32,
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<EmailAccount>>"))]
    pub email_accounts: Vec<EmailAccount>,
    #[serde(flatten)]
    pub settings: Settings,
}

fn format_version() -> u32 {
    1
}

/// Read by hand rather than through `#[serde(flatten)]`, which buffers the
/// settings and so would read them leniently and lose their paths.
impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use crate::decode::nested;
        let mut map = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        let format_version = match map.remove("formatVersion") {
            Some(v) => nested(&v, "formatVersion")?,
            None => format_version(),
        };
        let email_accounts = match map.remove("emailAccounts") {
            Some(serde_json::Value::Null) | None => Vec::new(),
            Some(v) => nested(&v, "emailAccounts")?,
        };
        let settings = nested(&serde_json::Value::Object(map), "")?;
        Ok(Document { format_version, email_accounts, settings })
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
        unique(&s.fields, "fields", "id", "The id", |f| &f.id, &mut errors);
        unique(&s.fields, "fields", "name", "The name", |f| &f.name, &mut errors);
        each(&self.email_accounts, "emailAccounts", &ctx, &mut errors);
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
        unique(&s.routing.rules, "routing.rules", "name", "The name", |r| &r.name, &mut errors);
        each(&s.triggers, "triggers", &ctx, &mut errors);
        each(&s.sla_policies, "slaPolicies", &ctx, &mut errors);
        unique(&s.sla_policies, "slaPolicies", "name", "The name", |p| &p.name, &mut errors);
        s.working_time.check(&ctx, "workingTime", &mut errors);
        each(&s.holidays, "holidays", &ctx, &mut errors);
        unique(&s.holidays, "holidays", "date", "The date", |h| &h.date, &mut errors);
        each(&s.blocked_senders, "blockedSenders", &ctx, &mut errors);
        unique(&s.blocked_senders, "blockedSenders", "email", "The sender", |b| &b.email, &mut errors);
        s.auto_allocation.check(&ctx, "autoAllocation", &mut errors);
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_use_of_a_shared_name_is_marked_with_the_others() {
        let doc: Document = crate::decode::from_str(
            r#"{"routing": {"type": "rules", "rules": [
                {"name": "VIP", "routeToObject": "department", "routeToId": "d1"},
                {"name": "Other", "routeToObject": "department", "routeToId": "d1"},
                {"name": " vip ", "routeToObject": "department", "routeToId": "d1"}]},
                "holidays": [{"title": "A", "date": "2026-12-25"}, {"title": "B", "date": "2026-12-25T10:00:00Z"}]}"#,
        )
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
