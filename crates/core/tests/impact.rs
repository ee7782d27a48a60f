//! Change impact (contract §13): each kind of change on hand-checked
//! conversations, and two properties on generated corpora — a draft equal
//! to the saved settings changes nothing, and an impact's moves are exactly
//! the differences between the two sides' bulk summaries.

use std::collections::BTreeMap;

use anytime_core::engine::clock::Zones;
use anytime_core::engine::impact::{Aspect, Move};
use anytime_core::engine::{
    corpus, impact, Bulk, Digest, Draft, Evaluator, Impact, Sample, Settings, Summary,
};
use proptest::prelude::*;
use serde_json::{json, Value};

fn saved() -> Settings {
    serde_json::from_value(json!({
        "agents": [
            {"id": "a1", "name": "Ana", "departmentIds": ["billing"], "status": "online"},
            {"id": "a2", "name": "Ben", "departmentIds": ["support"], "status": "away"}
        ],
        "departments": [{"id": "billing", "name": "Billing"}, {"id": "support", "name": "Support"}],
        "routing": {
            "isEnable": true, "type": "rules",
            "matchFailedToObject": "department", "matchFailedrouteToId": "support", "matchFailedToPriority": 2,
            "rules": [
                {"id": "r-refund", "name": "Refunds", "orderIndex": 0, "isEnable": true,
                 "routeToObject": "department", "routeToId": "billing", "routeToPriority": 3,
                 "conditions": {"when": "all", "list": [{"fieldId": "subject", "matchType": "contains", "value": "refund"}]}},
                {"id": "r-vip", "name": "VIP", "orderIndex": 1, "isEnable": true,
                 "routeToObject": "agent", "routeToId": "a1", "routeToPriority": 4,
                 "conditions": {"when": "all", "list": [{"fieldId": "senderEmail", "matchType": "contains", "value": "@vip.example"}]}}
            ]
        },
        "triggers": [
            {"id": "t-urgent", "description": "Urgent to the top", "enable": true, "event": 1,
             "conditions": [{"fieldId": "subject", "matchType": "contains", "value": "urgent"}],
             "setValue": true, "autoUpdate": [{"fieldId": "priority", "value": "4"}]}
        ],
        "slaPolicies": [
            {"id": "p-urgent", "name": "Urgent", "enable": true, "orderIndex": 0, "firstRespondWithin": 1,
             "operationalHour": "calendarHours",
             "conditions": [{"fieldId": "subject", "matchType": "contains", "value": "urgent"}]},
            {"id": "p-std", "name": "Standard", "enable": true, "orderIndex": 1, "firstRespondWithin": 8,
             "operationalHour": "calendarHours", "conditions": []}
        ],
        "autoAllocation": {
            "enable": true, "isEnabledDepartment": true,
            "departmentAllocationRule": [
                {"departmentId": "support", "allocationTo": "onlineAgents", "allocationRule": "loadBalancing"}
            ],
            "defaultAllocationRule": {"allocationTo": "onlineAgents", "allocationRule": "loadBalancing"}
        }
    }))
    .unwrap()
}

/// s0 refund · s1 urgent VIP · s2 from spam.example · s3 urgent refund · s4 VIP refund.
fn samples() -> Vec<Sample> {
    [
        ("Refund please", "tom@example.com"),
        ("Urgent: site down", "jo@vip.example"),
        ("Hello", "max@spam.example"),
        ("urgent refund", "li@corp.example"),
        ("Refund for VIP", "jo@vip.example"),
    ]
    .into_iter()
    .map(|(subject, sender)| {
        serde_json::from_value(json!({
            "at": "2026-12-07T10:00:00Z", "fields": {"subject": subject, "senderEmail": sender}
        }))
        .unwrap()
    })
    .collect()
}

fn compile(s: &Settings) -> Evaluator {
    Evaluator::compile(s, &Zones::new())
}

fn draft(v: Value) -> Draft {
    anytime_core::decode::from_value(&v).unwrap()
}

fn rule(id: &str) -> Value {
    serde_json::to_value(saved().routing.rules.iter().find(|r| r.id == id).unwrap()).unwrap()
}

fn object(kind: &str, list: &str, id: &str) -> Value {
    let all = serde_json::to_value(saved()).unwrap();
    let found = all[list].as_array().unwrap().iter().find(|o| o["id"] == id).unwrap().clone();
    json!({"kind": kind, "object": found})
}

fn moves(i: &Impact, aspect: Aspect) -> Vec<(Option<&str>, Option<&str>, u64)> {
    i.moves
        .iter()
        .filter(|m| m.aspect == aspect)
        .map(|m| (m.from.as_deref(), m.to.as_deref(), m.count))
        .collect()
}

fn counts(i: &Impact) -> Vec<(Aspect, u64)> {
    i.counts.iter().map(|(a, n)| (*a, *n)).collect()
}

#[test]
fn a_condition_edited_moves_what_it_no_longer_matches() {
    let mut r = rule("r-refund");
    r["conditions"]["list"][0]["value"] = json!("invoice");
    let d = draft(json!({"kind": "customRule", "object": r}));
    let i = impact(&compile(&saved()), &compile(&d.settings(&saved())), &samples(), 10);
    assert_eq!((i.total, i.changed), (5, 3));
    use Aspect::*;
    assert_eq!(counts(&i), [(RoutedTo, 3), (RoutedBy, 3), (Priority, 3), (AllocatedTo, 3)]);
    assert_eq!(
        moves(&i, RoutedTo),
        [
            (Some("department:billing"), Some("department:support"), 2),
            (Some("department:billing"), Some("agent:a1"), 1)
        ]
    );
    assert_eq!(
        moves(&i, RoutedBy),
        [(Some("r-refund"), Some("fallback"), 2), (Some("r-refund"), Some("r-vip"), 1)]
    );
    assert_eq!(moves(&i, Priority), [(Some("3"), Some("2"), 2), (Some("3"), Some("4"), 1)]);
    // Billing's Ana took them; Support's only agent is away; a VIP one goes to Ana directly.
    assert_eq!(moves(&i, AllocatedTo), [(Some("a1"), Some("unassigned"), 2), (Some("a1"), None, 1)]);
    let indexes: Vec<u64> = i.samples.iter().map(|s| s.index).collect();
    assert_eq!(indexes, [0, 3, 4]);
    let s0 = &i.samples[0];
    assert_eq!(s0.changes, [RoutedTo, RoutedBy, Priority, AllocatedTo]);
    assert_eq!(
        (s0.before.routed_to.as_deref(), s0.after.routed_to.as_deref()),
        (Some("department:billing"), Some("department:support"))
    );
    assert_eq!(s0.before.sla_policy, s0.after.sla_policy);
}

/// A move is the `order` endpoint's, not an edit's: asked as a whole
/// document with the new order.
#[test]
fn a_rule_moved_first_decides_where_both_match() {
    let mut moved = serde_json::to_value(saved()).unwrap();
    moved["routing"]["rules"][0]["orderIndex"] = json!(1);
    moved["routing"]["rules"][1]["orderIndex"] = json!(0);
    let i = impact(&compile(&saved()), &compile(&draft(moved).settings(&saved())), &samples(), 10);
    assert_eq!(i.changed, 1);
    assert_eq!(i.samples[0].index, 4);
    assert_eq!(moves(&i, Aspect::RoutedTo), [(Some("department:billing"), Some("agent:a1"), 1)]);
    assert_eq!(moves(&i, Aspect::RoutedBy), [(Some("r-refund"), Some("r-vip"), 1)]);
    assert_eq!(moves(&i, Aspect::AllocatedTo), [(Some("a1"), None, 1)]);
}

/// One object stands in for its saved version where that one is: its
/// `orderIndex` is ignored, as saving it ignores it, and a new one goes
/// last, as creating it puts it.
#[test]
fn an_object_keeps_its_place_whatever_orderindex_it_says() {
    let mut r = rule("r-vip");
    r["orderIndex"] = json!(-1);
    let i = impact(
        &compile(&saved()),
        &compile(&draft(json!({"kind": "customRule", "object": r.clone()})).settings(&saved())),
        &samples(),
        10,
    );
    assert_eq!(i.changed, 0, "{i:?}");
    r["id"] = json!("");
    r["name"] = json!("VIP again");
    let new = draft(json!({"kind": "customRule", "object": r})).settings(&saved());
    let order: Vec<(&str, i64)> =
        new.routing.rules.iter().map(|r| (r.name.as_str(), r.order_index)).collect();
    assert_eq!(order, [("Refunds", 0), ("VIP", 1), ("VIP again", 2)]);
    // Settings sent in a request may hold any orderIndex: no overflow.
    let mut odd = saved();
    odd.routing.rules[1].order_index = i64::MAX;
    let new = draft(json!({"kind": "customRule", "object": r})).settings(&odd);
    assert_eq!(new.routing.rules[2].order_index, i64::MAX);
}

/// What saving one object would refuse among the others is refused as a
/// draft too, at the object: the impact of a change that cannot be saved is
/// not shown as if it could.
#[test]
fn a_draft_that_saving_would_refuse_is_refused_at_the_object() {
    let mut p = object("slaPolicy", "slaPolicies", "p-urgent");
    p["object"]["name"] = json!(" standard ");
    let errors = draft(p.clone()).check(&saved());
    let got: Vec<(&str, &str)> = errors.0.iter().map(|e| (e.field.as_str(), e.message.as_str())).collect();
    assert_eq!(got, [("object.name", "The name 'standard' is used again at slaPolicies[1].")]);
    // A new one with a taken name, too; a name of its own is fine.
    p["object"]["id"] = json!("");
    assert_eq!(draft(p.clone()).check(&saved()).0[0].field, "object.name");
    p["object"]["name"] = json!("Weekend");
    assert!(draft(p).check(&saved()).0.is_empty());
    // A system field's type stays.
    let mut subject = serde_json::to_value(&saved().fields[0]).unwrap();
    assert_eq!(subject["id"], "subject");
    subject["type"] = json!("textarea");
    let errors = draft(json!({"kind": "field", "object": subject})).check(&saved());
    assert_eq!(errors.0.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["object.type"]);
}

#[test]
fn a_trigger_turned_off_stops_firing_and_updating() {
    let mut d = object("trigger", "triggers", "t-urgent");
    d["object"]["enable"] = json!(false);
    let i = impact(&compile(&saved()), &compile(&draft(d).settings(&saved())), &samples(), 10);
    assert_eq!(i.changed, 2);
    assert_eq!(counts(&i), [(Aspect::Triggers, 2), (Aspect::FieldUpdates, 2)]);
    assert_eq!(i.triggers_stopped, BTreeMap::from([("t-urgent".to_owned(), 2)]));
    assert!(i.triggers_started.is_empty() && i.moves.is_empty());
    let s1 = &i.samples[0];
    assert_eq!(
        (s1.index, s1.before.triggers.as_slice(), s1.after.triggers.len()),
        (1, &["t-urgent".to_owned()][..], 0)
    );
    assert_eq!(s1.before.updates, BTreeMap::from([("priority".to_owned(), "4".to_owned())]));
    assert!(s1.after.updates.is_empty());
}

#[test]
fn an_sla_target_changed_moves_due_times_only() {
    let mut d = object("slaPolicy", "slaPolicies", "p-urgent");
    d["object"]["firstRespondWithin"] = json!(2);
    let i = impact(&compile(&saved()), &compile(&draft(d).settings(&saved())), &samples(), 10);
    assert_eq!(counts(&i), [(Aspect::DueTimes, 2)]);
    let s = &i.samples[0];
    assert_eq!(s.before.due[0].as_deref(), Some("2026-12-07T11:00:00Z"));
    assert_eq!(s.after.due[0].as_deref(), Some("2026-12-07T12:00:00Z"));
}

#[test]
fn a_domain_blocked_ends_everything_for_its_senders() {
    let d = draft(
        json!({"kind": "blockedSender", "object": {"email": "spam.example", "blockType": "rejectDomain"}}),
    );
    let i = impact(&compile(&saved()), &compile(&d.settings(&saved())), &samples(), 10);
    use Aspect::*;
    assert_eq!(i.changed, 1);
    assert_eq!(
        counts(&i),
        [
            (Blocked, 1),
            (RoutedTo, 1),
            (RoutedBy, 1),
            (Priority, 1),
            (SlaPolicy, 1),
            (DueTimes, 1),
            (AllocatedTo, 1)
        ]
    );
    assert_eq!(moves(&i, Blocked), [(Some("allowed"), Some("rejected"), 1)]);
    assert_eq!(moves(&i, RoutedTo), [(Some("department:support"), None, 1)]);
    assert_eq!(moves(&i, SlaPolicy), [(Some("p-std"), None, 1)]);
    assert_eq!(moves(&i, AllocatedTo), [(Some("unassigned"), None, 1)]);
}

#[test]
fn an_allocation_rule_switched_reaches_away_agents() {
    let mut a = serde_json::to_value(saved().auto_allocation).unwrap();
    a["departmentAllocationRule"][0]["allocationTo"] = json!("onlineAndAwayAgents");
    let d = draft(json!({"kind": "autoAllocation", "object": a}));
    let i = impact(&compile(&saved()), &compile(&d.settings(&saved())), &samples(), 10);
    assert_eq!(counts(&i), [(Aspect::AllocatedTo, 1)]);
    assert_eq!(moves(&i, Aspect::AllocatedTo), [(Some("unassigned"), Some("a2"), 1)]);
    assert_eq!(i.samples[0].index, 2);
}

#[test]
fn the_list_stops_at_the_limit_and_the_counts_do_not() {
    let mut r = rule("r-refund");
    r["isEnable"] = json!(false);
    let d = draft(json!({"kind": "customRule", "object": r}));
    let i = impact(&compile(&saved()), &compile(&d.settings(&saved())), &samples(), 1);
    assert_eq!((i.changed, i.samples.len(), i.limit), (3, 1, 1));
}

#[test]
fn drafts_are_one_object_or_a_whole_document_read_strictly() {
    // A whole document stands for every setting; without a directory it keeps the saved one.
    let mut whole = serde_json::to_value(saved()).unwrap();
    whole.as_object_mut().unwrap().remove("agents");
    whole.as_object_mut().unwrap().remove("departments");
    let d = draft(whole);
    assert_eq!(d.settings(&saved()), saved());
    // A new object (no id saved) is added; routing keeps the saved rules.
    let added = draft(json!({"kind": "trigger", "object": {"description": "New", "event": 1}}));
    assert_eq!(added.settings(&saved()).triggers.len(), 2);
    let routing = draft(json!({"kind": "routing", "object": {"isEnable": false}}));
    assert_eq!(routing.settings(&saved()).routing.rules.len(), 2);
    for (v, path) in [
        (json!({"kind": "rule", "object": {}}), "kind"),
        (
            json!({"kind": "trigger", "object": {"description": "x", "event": 1, "conditions": 3}}),
            "object.conditions",
        ),
        (json!({"kind": "trigger", "object": [1]}), "object"),
        (json!({"triggers": {"x": 1}}), "triggers"),
    ] {
        let e = anytime_core::decode::from_value::<Draft>(&v).unwrap_err();
        assert_eq!(e.path, path, "{v}: {}", e.message);
    }
}

/// Drafts the property tests pick from: each kind of change above.
fn drafts() -> Vec<Settings> {
    let base = saved();
    let mut list = vec![base.clone()];
    let mut s = base.clone();
    s.routing.rules[0].conditions.list[0].value = "order".into();
    list.push(s);
    let mut s = base.clone();
    s.routing.rules[1].order_index = -1;
    list.push(s);
    let mut s = base.clone();
    s.triggers[0].enable = false;
    list.push(s);
    let mut s = base.clone();
    s.sla_policies[0].first_respond_within = 3;
    list.push(s);
    let mut s = base.clone();
    s.blocked_senders =
        serde_json::from_value(json!([{"email": "vip.example", "blockType": "junkDomain"}])).unwrap();
    list.push(s);
    let mut s = base.clone();
    s.auto_allocation.enable = false;
    list.push(s);
    let mut s = base;
    s.routing.is_enable = false;
    list.push(s);
    list
}

/// `after − before` for each key, as the moves say it.
fn net(moves: &[Move], aspect: Aspect) -> BTreeMap<String, i64> {
    let mut net = BTreeMap::new();
    for m in moves.iter().filter(|m| m.aspect == aspect) {
        if let Some(k) = &m.to {
            *net.entry(k.clone()).or_default() += m.count as i64;
        }
        if let Some(k) = &m.from {
            *net.entry(k.clone()).or_default() -= m.count as i64;
        }
    }
    net.retain(|_, n| *n != 0);
    net
}

fn difference(before: &BTreeMap<String, u64>, after: &BTreeMap<String, u64>) -> BTreeMap<String, i64> {
    let mut d: BTreeMap<String, i64> = after.iter().map(|(k, n)| (k.clone(), *n as i64)).collect();
    for (k, n) in before {
        *d.entry(k.clone()).or_default() -= *n as i64;
    }
    d.retain(|_, n| *n != 0);
    d
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The bulk path (reused slots, borrowed ids, instants) against the
    /// full outcome, sample by sample, one runner for the whole corpus.
    #[test]
    fn the_bulk_path_agrees_with_full_outcomes(seed in any::<u64>(), n in 1usize..300, which in 0usize..9) {
        let settings = if which == 8 { saved() } else { drafts().swap_remove(which) };
        let corpus = corpus::generate(&settings, n, 1_796_000_000, seed);
        let e = compile(&settings);
        let mut bulk = Bulk::new(&e);
        for (k, s) in corpus.iter().enumerate() {
            prop_assert_eq!(Digest::from(bulk.run(s)), e.digest(s), "sample {}", k);
        }
    }

    #[test]
    fn the_same_settings_change_nothing(seed in any::<u64>(), n in 0usize..300) {
        let s = saved();
        let corpus = corpus::generate(&s, n, 1_796_000_000, seed);
        let i = impact(&compile(&s), &compile(&s), &corpus, 100);
        prop_assert_eq!(i.total, n as u64);
        prop_assert_eq!(i.changed, 0);
        prop_assert!(i.counts.is_empty() && i.moves.is_empty() && i.samples.is_empty());
    }

    #[test]
    fn moves_are_the_differences_between_two_summaries(seed in any::<u64>(), n in 1usize..300, which in 0usize..8) {
        let draft = drafts().swap_remove(which);
        let corpus = corpus::generate(&draft, n, 1_796_000_000, seed);
        let (before, after) = (compile(&saved()), compile(&draft));
        let i = impact(&before, &after, &corpus, 5);
        let (b, a): (Summary, Summary) = (before.preview_many(&corpus), after.preview_many(&corpus));
        prop_assert_eq!(net(&i.moves, Aspect::RoutedTo), difference(&b.routed_to, &a.routed_to));
        prop_assert_eq!(net(&i.moves, Aspect::RoutedBy), difference(&b.routed_by, &a.routed_by));
        prop_assert_eq!(net(&i.moves, Aspect::SlaPolicy), difference(&b.sla_policies, &a.sla_policies));
        prop_assert_eq!(net(&i.moves, Aspect::AllocatedTo), difference(&b.allocated_to, &a.allocated_to));
        let blocked = net(&i.moves, Aspect::Blocked);
        prop_assert_eq!(blocked.get("junk").copied().unwrap_or(0), a.junk as i64 - b.junk as i64);
        prop_assert_eq!(blocked.get("rejected").copied().unwrap_or(0), a.rejected as i64 - b.rejected as i64);
        let mut fired = difference(&b.triggers_fired, &a.triggers_fired);
        for (t, n) in &i.triggers_stopped { *fired.entry(t.clone()).or_default() += *n as i64; }
        for (t, n) in &i.triggers_started { *fired.entry(t.clone()).or_default() -= *n as i64; }
        fired.retain(|_, n| *n != 0);
        prop_assert!(fired.is_empty(), "{:?}", fired);
        // Each count is the number of conversations whose digests differ there; the list is its first 5.
        let changed: Vec<u64> = (0..corpus.len())
            .filter(|&k| before.digest(&corpus[k]) != after.digest(&corpus[k]))
            .map(|k| k as u64)
            .collect();
        prop_assert_eq!(i.changed, changed.len() as u64);
        prop_assert_eq!(i.samples.iter().map(|s| s.index).collect::<Vec<_>>(), changed.into_iter().take(5).collect::<Vec<_>>());
    }
}
