//! Every field type × match type of contract §4, missing values and case
//! folding, through the public engine (one custom rule; matched = routed by it).

use anytime_core::engine::clock::Zones;
use anytime_core::engine::{Evaluator, RoutingStatus, Sample, Settings};
use serde_json::{json, Value};

fn settings(field_id: &str, match_type: &str, value: &str, tz: &str) -> Settings {
    serde_json::from_value(json!({
        "fields": extra_fields(),
        "agents": [{"id": "ag1", "name": "Ana", "departmentIds": ["d1"], "status": "online"}],
        "departments": [{"id": "d1", "name": "Billing"}],
        "workingTime": {"timeZone": tz},
        "routing": {
            "isEnable": true, "type": "rules",
            "matchFailedToObject": "department", "matchFailedrouteToId": "d1",
            "rules": [{"id": "r1", "name": "Rule", "isEnable": true, "routeToObject": "agent", "routeToId": "ag1",
                       "conditions": {"when": "all", "list": [{"fieldId": field_id, "matchType": match_type, "value": value}]}}]
        }
    }))
    .unwrap()
}

fn extra_fields() -> Value {
    let mut fields = serde_json::to_value(anytime_core::system_fields()).unwrap();
    let extra = json!([
        {"id": "note", "type": "textarea", "name": "Note"},
        {"id": "site", "type": "url", "name": "Site"},
        {"id": "ref", "type": "link", "name": "Ref"},
        {"id": "score", "type": "integer", "name": "Score"},
        {"id": "rating", "type": "float", "name": "Rating"},
        {"id": "renewal", "type": "date", "name": "Renewal"},
        {"id": "plan", "type": "radio", "name": "Plan", "options": [{"name": "Free", "value": "free"}, {"name": "Pro", "value": "pro"}]},
        {"id": "vip", "type": "checkbox", "name": "VIP"},
        {"id": "tags", "type": "checkboxList", "name": "Tags", "options": [{"name": "A", "value": "a"}, {"name": "B", "value": "b"}]}
    ]);
    fields.as_array_mut().unwrap().extend(extra.as_array().unwrap().iter().cloned());
    fields
}

/// Whether the condition matches a conversation whose `field_id` is `actual`
/// (`None`: the field has no value).
fn matches_in(field_id: &str, match_type: &str, value: &str, actual: Option<Value>, tz: &str) -> bool {
    let evaluator = Evaluator::compile(&settings(field_id, match_type, value, tz), &Zones::new());
    let mut fields = serde_json::Map::new();
    if let Some(v) = actual {
        fields.insert(field_id.into(), v);
    }
    let sample: Sample = serde_json::from_value(json!({"fields": fields})).unwrap();
    let outcome = evaluator.preview(&sample);
    let routing = outcome.routing.unwrap();
    let problem = routing.rules[0].conditions.problem.clone();
    assert_eq!(problem, None, "{field_id} {match_type} {value}");
    routing.status == RoutingStatus::Rule
}

fn matches(field_id: &str, match_type: &str, value: &str, actual: Option<Value>) -> bool {
    matches_in(field_id, match_type, value, actual, "UTC")
}

#[test]
fn text_types_are_case_insensitive_and_untrimmed() {
    for field in ["subject", "note", "senderEmail", "site", "ref"] {
        let v = |s: &str| Some(json!(s));
        let table: &[(&str, &str, Option<Value>, bool)] = &[
            ("contains", "REFUND", v("Please refund me"), true),
            ("contains", "refund", v("Nothing here"), false),
            ("notContains", "refund", v("Nothing here"), true),
            ("notContains", "ReFuNd", v("REFUND now"), false),
            ("is", "hello", v("HeLLo"), true),
            ("is", "hello", v(" hello"), false),
            ("isNot", "hello", v("hello "), true),
            ("isNot", "hello", v("HELLO"), false),
            // Unicode lower case: É → é, Ö → ö.
            ("is", "Éclair ÖL", v("éCLAIR öl"), true),
            // Missing values.
            ("is", "", None, true),
            ("is", "", v(""), true),
            ("is", "", v("x"), false),
            ("notContains", "x", None, true),
            ("isNot", "x", None, true),
            ("isNot", "", None, false),
            ("contains", "x", None, false),
            ("is", "x", None, false),
        ];
        for (op, expected, actual, want) in table {
            assert_eq!(
                matches(field, op, expected, actual.clone()),
                *want,
                "{field} {op} {expected:?} vs {actual:?}"
            );
        }
    }
}

#[test]
fn numbers() {
    for field in ["score", "rating"] {
        let table: &[(&str, &str, Option<Value>, bool)] = &[
            ("is", "10", Some(json!(10)), true),
            ("is", "10", Some(json!("10.0")), true),
            ("isNot", "10", Some(json!(11)), true),
            ("isNot", "10", Some(json!("10")), false),
            ("isMoreThan", "10", Some(json!(10.5)), true),
            ("isMoreThan", "10", Some(json!(10)), false),
            ("isLessThan", "-1", Some(json!("-2")), true),
            ("isLessThan", "-1", Some(json!(-1)), false),
            ("isNot", "1", None, true),
            ("is", "1", None, false),
            ("isMoreThan", "1", None, false),
            ("isLessThan", "1", None, false),
            // Whole numbers compare exactly, past an f64's 53 bits too
            // (order numbers): as text, or as JSON numbers.
            ("is", "1234567890123456789", Some(json!("1234567890123456700")), false),
            ("is", "1234567890123456789", Some(json!(1234567890123456789_i64)), true),
            ("isNot", "1234567890123456789", Some(json!("1234567890123456788")), true),
            ("isMoreThan", "1234567890123456788", Some(json!("1234567890123456789")), true),
            ("isLessThan", "9007199254740993", Some(json!(9007199254740992_i64)), true),
            ("is", "9007199254740993", Some(json!(" 9007199254740992 ")), false),
            ("is", "-9007199254740993", Some(json!("-9007199254740993")), true),
            ("is", "+7", Some(json!("7")), true),
            // An unreadable value counts as missing.
            ("isLessThan", "1", Some(json!("abc")), false),
            ("isNot", "1", Some(json!("abc")), true),
        ];
        for (op, expected, actual, want) in table {
            assert_eq!(
                matches(field, op, expected, actual.clone()),
                *want,
                "{field} {op} {expected} vs {actual:?}"
            );
        }
    }
}

#[test]
fn dates_compare_days_in_the_working_time_zone() {
    let table: &[(&str, &str, Option<Value>, bool)] = &[
        ("is", "2026-12-01", Some(json!("2026-12-01")), true),
        ("is", "2026-12-01", Some(json!("2026-12-01T23:59:59Z")), true),
        ("isNot", "2026-12-01", Some(json!("2026-12-02T00:00:00Z")), true),
        ("before", "2026-12-01", Some(json!("2026-11-30T23:59:59Z")), true),
        ("before", "2026-12-01", Some(json!("2026-12-01T00:00:00Z")), false),
        ("after", "2026-12-01", Some(json!("2026-12-02")), true),
        ("after", "2026-12-01", Some(json!("2026-12-01T20:00:00Z")), false),
        // Two timestamps compare as instants (strictly).
        ("after", "2026-12-01T10:00:00Z", Some(json!("2026-12-01T10:00:01Z")), true),
        ("after", "2026-12-01T10:00:00Z", Some(json!("2026-12-01T11:00:00+01:00")), false),
        ("before", "2026-12-01T10:00:00Z", Some(json!("2026-12-01T09:59:59Z")), true),
        ("isNot", "2026-12-01", None, true),
        ("is", "2026-12-01", None, false),
        ("before", "2026-12-01", None, false),
        ("after", "2026-12-01", Some(json!("soon")), false),
    ];
    for (op, expected, actual, want) in table {
        assert_eq!(matches("renewal", op, expected, actual.clone()), *want, "{op} {expected} vs {actual:?}");
    }
    // 2026-12-01T23:30:00Z is already 2 December in Sydney.
    let late = Some(json!("2026-12-01T23:30:00Z"));
    assert!(matches_in("renewal", "is", "2026-12-02", late.clone(), "Australia/Sydney"));
    assert!(!matches_in("renewal", "is", "2026-12-02", late, "UTC"));
}

#[test]
fn options_agents_departments_checkboxes_and_lists() {
    let table: &[(&str, &str, &str, Option<Value>, bool)] = &[
        ("plan", "is", "pro", Some(json!("pro")), true),
        ("plan", "is", "pro", Some(json!("free")), false),
        ("plan", "isNot", "pro", Some(json!("free")), true),
        ("plan", "isNot", "pro", None, true),
        ("plan", "is", "pro", None, false),
        ("status", "is", "onHold", Some(json!("onHold")), true),
        ("priority", "is", "4", Some(json!(4)), true),
        ("agent", "is", "ag1", Some(json!("ag1")), true),
        ("agent", "isNot", "ag1", Some(json!("ag1")), false),
        ("department", "is", "d1", Some(json!("d1")), true),
        ("department", "isNot", "d1", None, true),
        ("vip", "is", "true", Some(json!(true)), true),
        ("vip", "is", "TRUE", Some(json!("true")), true),
        ("vip", "is", "false", Some(json!(true)), false),
        ("vip", "isNot", "true", Some(json!(false)), true),
        ("vip", "is", "false", None, false),
        ("vip", "isNot", "true", None, true),
        ("tags", "contains", "a", Some(json!(["a", "b"])), true),
        ("tags", "contains", "a", Some(json!("b, a")), true),
        ("tags", "contains", "a", Some(json!(["b"])), false),
        ("tags", "notContains", "a", Some(json!(["b"])), true),
        ("tags", "notContains", "a", Some(json!([])), true),
        ("tags", "notContains", "a", None, true),
        ("tags", "contains", "a", None, false),
    ];
    for (field, op, expected, actual, want) in table {
        assert_eq!(
            matches(field, op, expected, actual.clone()),
            *want,
            "{field} {op} {expected} vs {actual:?}"
        );
    }
}

#[test]
fn an_unfinished_condition_never_matches_and_says_why() {
    let settings = settings("score", "contains", "1", "UTC");
    let outcome = Evaluator::compile(&settings, &Zones::new()).preview(&Sample::default());
    let routing = outcome.routing.unwrap();
    assert_eq!(routing.status, RoutingStatus::Fallback);
    assert_eq!(
        routing.rules[0].conditions.problem.as_deref(),
        Some("Condition 1: 'contains' cannot be used with Score.")
    );
}
