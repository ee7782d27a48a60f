//! What changed between two versions of a settings object, in words, for
//! the History panel and the Audit page: "Conditions: 'Subject contains
//! refund' → 'Subject contains refund or return'", "Turned off". Plain
//! functions over the versions' JSON, tested natively.

use serde_json::Value;

/// Parts of an object that say nothing an admin changed: ids, positions
/// (a move is an entry of the list), links back to the object itself.
const QUIET: &[&str] = &["id", "orderIndex", "routeId", "triggerId", "type", "rules"];

/// Switches that read better as "Turned on" / "Turned off".
const SWITCHES: &[&str] = &["enable", "isEnable", "isEnabled", "enabled"];

/// Keys whose own words beat their spelled-out names.
fn label(key: &str) -> String {
    let known = match key {
        "description" => "Name",
        "displayName" => "Display name",
        "businessEmail" => "Address",
        "logicExpression" => "Expression",
        "when" => "Match",
        "htmlText" => "Email text",
        "autoUpdate" => "Set fields",
        "routeToObject" => "Route to",
        "routeToId" => "Route to (which)",
        "routeToPriority" => "Priority",
        "isDefault" => "Default",
        "timeZone" => "Time zone",
        "blockType" => "Block",
        "status" => "Last test",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_owned();
    }
    let mut words = String::new();
    for (i, c) in key.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            words.push(' ');
        }
        words.push(if i == 0 { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() });
    }
    words
}

/// A condition's field, by the name the fields give it.
fn field_name(id: &str, fields: &[anytime_core::Field]) -> String {
    fields.iter().find(|f| f.id == id).map_or_else(|| label(id), |f| f.name.clone())
}

/// One condition as a sentence: "Subject contains refund".
fn condition(c: &Value, fields: &[anytime_core::Field]) -> String {
    let field = field_name(c["fieldId"].as_str().unwrap_or_default(), fields);
    let how = c["matchType"].as_str().map(|m| label(m).to_lowercase()).unwrap_or_default();
    let value = plain(&c["value"]);
    [field, how, value].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Conditions as one phrase, joined as their match says.
fn conditions(v: &Value, fields: &[anytime_core::Field], when: Option<&str>) -> String {
    let (list, when) = match v {
        Value::Object(o) => {
            (o.get("list").cloned().unwrap_or(Value::Null), o.get("when").and_then(Value::as_str))
        }
        other => (other.clone(), when),
    };
    let join = if when == Some("any") { " or " } else { " and " };
    let parts: Vec<String> = list.as_array().into_iter().flatten().map(|c| condition(c, fields)).collect();
    if parts.is_empty() {
        "none".into()
    } else {
        parts.join(join)
    }
}

/// A value without quotes, shortened.
fn plain(v: &Value) -> String {
    let text = match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        other => other.to_string(),
    };
    shorten(&text)
}

fn shorten(text: &str) -> String {
    const MAX: usize = 80;
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > MAX {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    } else {
        text
    }
}

/// A value as the sentence shows it: text quoted, lists described.
fn shown(v: &Value, fields: &[anytime_core::Field]) -> String {
    match v {
        Value::Null => "none".into(),
        Value::String(s) if s.trim().is_empty() => "none".into(),
        Value::String(s) => format!("'{}'", shorten(&strip_tags(s))),
        Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) if items.is_empty() => "none".into(),
        Value::Array(items)
            if items.iter().all(|i| i.get("fieldId").is_some() && i.get("value").is_some()) =>
        {
            let set: Vec<String> = items
                .iter()
                .map(|i| match i.get("matchType") {
                    Some(_) => condition(i, fields),
                    None => format!(
                        "{} = {}",
                        field_name(i["fieldId"].as_str().unwrap_or_default(), fields),
                        plain(&i["value"])
                    ),
                })
                .collect();
            format!("'{}'", set.join(", "))
        }
        Value::Array(items) => format!("{} entries", items.len()),
        Value::Object(_) => "set".into(),
    }
}

/// Text of an email body without its markup.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// What changed from `before` to `after`, one sentence each. A create or a
/// delete (one side missing) is one word.
pub fn changes(before: Option<&Value>, after: Option<&Value>, fields: &[anytime_core::Field]) -> Vec<String> {
    match (before, after) {
        (None, Some(_)) => vec!["Created".into()],
        (Some(_), None) => vec!["Deleted".into()],
        (None, None) => Vec::new(),
        (Some(b), Some(a)) => {
            let mut out = Vec::new();
            differences(b, a, "", fields, &mut out);
            out
        }
    }
}

fn differences(
    before: &Value,
    after: &Value,
    prefix: &str,
    fields: &[anytime_core::Field],
    out: &mut Vec<String>,
) {
    let (Some(b), Some(a)) = (before.as_object(), after.as_object()) else {
        if before != after {
            out.push(format!("{prefix}: {} → {}", shown(before, fields), shown(after, fields)));
        }
        return;
    };
    let mut keys: Vec<&String> = a.keys().collect();
    keys.extend(b.keys().filter(|k| !a.contains_key(*k)));
    let when_before = b.get("when").and_then(Value::as_str);
    let when_after = a.get("when").and_then(Value::as_str);
    for key in keys {
        if QUIET.contains(&key.as_str()) {
            continue;
        }
        let (old, new) = (b.get(key).unwrap_or(&Value::Null), a.get(key).unwrap_or(&Value::Null));
        if without_ids(old) == without_ids(new) {
            continue;
        }
        let name = if prefix.is_empty() {
            label(key)
        } else {
            format!("{prefix} › {}", label(key).to_lowercase())
        };
        if prefix.is_empty() && SWITCHES.contains(&key.as_str()) && (old.is_boolean() || new.is_boolean()) {
            out.push(if new.as_bool() == Some(true) { "Turned on" } else { "Turned off" }.into());
        } else if key == "isDefault" && new.is_boolean() {
            out.push(
                if new.as_bool() == Some(true) { "Made the default" } else { "No longer the default" }.into(),
            );
        } else if key == "conditions" {
            out.push(format!(
                "{name}: '{}' → '{}'",
                conditions(old, fields, when_before),
                conditions(new, fields, when_after)
            ));
        } else if old.is_object() && new.is_object() {
            differences(old, new, &name, fields, out);
        } else {
            out.push(format!("{name}: {} → {}", shown(old, fields), shown(new, fields)));
        }
    }
}

/// A value with the ids the server gives nested parts left out (a
/// condition keeps its id across edits; one re-added gets a new one).
fn without_ids(v: &Value) -> Value {
    match v {
        Value::Object(o) => {
            // Inserted one by one: collecting into the map would compile a
            // sort of its own (a few KB of WebAssembly) for keys already in order.
            let mut kept = serde_json::Map::new();
            for (k, v) in o.iter().filter(|(k, _)| !QUIET.contains(&k.as_str())) {
                kept.insert(k.clone(), without_ids(v));
            }
            Value::Object(kept)
        }
        Value::Array(items) => Value::Array(items.iter().map(without_ids).collect()),
        other => other.clone(),
    }
}

/// An audit entry's action, as a heading says it.
pub fn action(action: &str) -> &'static str {
    match action {
        "create" => "Created",
        "update" => "Changed",
        "delete" => "Deleted",
        "enable" => "Switched",
        "default" => "Default changed",
        "sort" | "order" => "Reordered",
        "mapping" => "Mapping changed",
        "import" => "Imported",
        "restore" => "Restored",
        "test" => "Tested",
        "baseline" => "As it was when the trail began",
        "revoke" => "Revoked",
        _ => "Changed",
    }
}

/// Whether the heading ([`action`]) says all there is: a creation, or the
/// version the trail began with, lists no changes under it.
pub fn heading_says_it_all(action: &str) -> bool {
    matches!(action, "create" | "baseline")
}

/// What an object is called, from one of its versions.
pub fn name_of(v: &Value) -> Option<String> {
    ["name", "description", "title", "displayName", "email", "businessEmail"]
        .iter()
        .find_map(|k| v.get(*k).and_then(Value::as_str).filter(|s| !s.trim().is_empty()))
        .map(shorten)
}

/// The console's page for an object of a kind (its History is there).
pub fn page_of(kind: &str, id: Option<&str>) -> Option<String> {
    let id = id.unwrap_or_default();
    Some(match kind {
        "emailAccount" if !id.is_empty() => format!("/email-accounts/{id}"),
        "customRule" if !id.is_empty() => format!("/routing/rules/{id}"),
        "trigger" if !id.is_empty() => format!("/triggers/{id}"),
        "slaPolicy" if !id.is_empty() => format!("/sla-policies/{id}"),
        "field" | "fieldMapping" if !id.is_empty() => format!("/fields/{id}"),
        "emailAccount" => "/email-accounts".into(),
        "customRule" | "routing" => "/routing".into(),
        "trigger" => "/triggers".into(),
        "slaPolicy" => "/sla-policies".into(),
        "field" | "fieldMapping" => "/fields".into(),
        "autoAllocation" => "/auto-allocation".into(),
        "workingTime" | "holiday" => "/working-time".into(),
        "blockedSender" => "/blocked-senders".into(),
        "settings" => "/import".into(),
        _ => return None,
    })
}

/// The API path of an object of a kind, for its versions.
pub fn api_path_of(kind: &str, id: &str) -> Option<String> {
    let a = crate::api::kinds::ANYTIME;
    Some(match kind {
        "emailAccount" => format!("{a}/emailAccounts/{id}"),
        "customRule" => format!("{a}/routingRules/customRules/{id}"),
        "trigger" => format!("{a}/triggers/{id}"),
        "slaPolicy" => format!("{a}/SLAPolicies/{id}"),
        "holiday" => format!("{a}/holidays/{id}"),
        "blockedSender" => format!("{a}/blockedSenders/{id}"),
        "field" | "fieldMapping" => format!("{a}/fields/{id}"),
        "routing" => format!("{a}/routingRules"),
        "autoAllocation" => format!("{a}/autoAllocation"),
        "workingTime" => format!("{a}/workingTime"),
        _ => return None,
    })
}

/// An area's name for the Audit page's filter and rows.
pub use anytime_core::AUDIT_KINDS as AREAS;

pub fn area(kind: &str) -> &str {
    AREAS.iter().find(|(k, _)| *k == kind).map_or(kind, |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn says_what_changed_in_words() {
        let fields = anytime_core::system_fields();
        let before = json!({"id": "t1", "description": "Refunds", "enable": true, "orderIndex": 0,
            "conditions": [{"id": "c1", "type": "trigger", "fieldId": "subject", "matchType": "contains", "value": "refund"}]});
        let mut after = before.clone();
        after["conditions"][0]["value"] = json!("refund or return");
        after["enable"] = json!(false);
        after["orderIndex"] = json!(3);
        // In the order of the object's keys (here: alphabetical).
        let said = changes(Some(&before), Some(&after), &fields);
        assert_eq!(
            said,
            ["Conditions: 'Subject contains refund' → 'Subject contains refund or return'", "Turned off"]
        );
        assert_eq!(changes(None, Some(&after), &fields), ["Created"]);
        assert_eq!(changes(Some(&before), None, &fields), ["Deleted"]);
        assert!(changes(Some(&before), Some(&before), &fields).is_empty());
    }

    #[test]
    fn nested_parts_lists_and_routing_conditions() {
        let fields = anytime_core::system_fields();
        let before = json!({"name": "Gold", "mondayBusinessTime": {"openHour": 9, "closeHour": 17},
            "conditions": {"when": "all", "list": [{"id": "a", "fieldId": "subject", "matchType": "contains", "value": "x"}]},
            "autoUpdate": [], "htmlText": "<p>Hi</p>", "isDefault": false});
        let after = json!({"name": "Platinum", "mondayBusinessTime": {"openHour": 8, "closeHour": 17},
            "conditions": {"when": "any", "list": [{"id": "b", "fieldId": "subject", "matchType": "contains", "value": "x"},
                                                   {"fieldId": "subject", "matchType": "isNot", "value": "y"}]},
            "autoUpdate": [{"fieldId": "priority", "value": "4"}], "htmlText": "<p>Hello <b>there</b></p>", "isDefault": true});
        let said = changes(Some(&before), Some(&after), &fields);
        for expected in [
            "Name: 'Gold' → 'Platinum'",
            "Monday business time › open hour: 9 → 8",
            "Conditions: 'Subject contains x' → 'Subject contains x or Subject is not y'",
            "Set fields: none → 'Priority = 4'",
            "Email text: 'Hi' → 'Hello there'",
            "Made the default",
        ] {
            assert!(said.iter().any(|s| s == expected), "{expected} not in {said:?}");
        }
        assert_eq!(said.len(), 6, "{said:?}");
    }

    #[test]
    fn names_pages_and_paths() {
        assert_eq!(name_of(&json!({"description": "Refunds"})).as_deref(), Some("Refunds"));
        assert_eq!(page_of("trigger", Some("t1")).as_deref(), Some("/triggers/t1"));
        assert_eq!(page_of("holiday", Some("h1")).as_deref(), Some("/working-time"));
        assert_eq!(api_path_of("routing", "default").as_deref(), Some("/api/v3/anytime/routingRules"));
        assert_eq!(area("slaPolicy"), "SLA policies");
        assert_eq!(action("restore"), "Restored");
    }
}

/// The Audit page's filters as the API's query: empty ones left out.
pub fn audit_query(area: &str, person: &str, since: &str, until: &str, after: Option<&str>) -> String {
    let mut parts = vec!["limit=50".to_owned()];
    for (key, value) in [("kind", area), ("actor", person), ("since", since), ("until", until)] {
        let value = value.trim();
        if !value.is_empty() {
            parts.push(format!("{key}={}", encode(value)));
        }
    }
    if let Some(after) = after {
        parts.push(format!("after={}", encode(after)));
    }
    parts.join("&")
}

/// Percent-encodes all but the unreserved characters (RFC 3986).
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod query_tests {
    #[test]
    fn filters_become_a_query() {
        assert_eq!(super::audit_query("", "", "", "", None), "limit=50");
        assert_eq!(
            super::audit_query("trigger", "Pat Portal&x", "2026-12-01", "", Some("42")),
            "limit=50&kind=trigger&actor=Pat%20Portal%26x&since=2026-12-01&after=42"
        );
    }
}
