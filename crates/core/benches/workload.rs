//! The benchmark workload, shared by the native benchmark (`benches/engine.rs`)
//! and the engine package's Node benchmark (`crates/wasm/examples/bench_workload.rs`
//! writes it as JSON), so both measure the same snapshot and conversations.

use serde_json::{json, Value};

/// A deterministic pseudo-random sequence (no dependency, same on every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

const WORDS: &[&str] =
    &["refund", "invoice", "login", "crash", "upgrade", "cancel", "urgent", "hello", "price", "bug"];
const TIERS: &[&str] = &["gold", "silver", "bronze"];
const STATUSES: &[&str] = &["new", "pendingInternal", "pendingExternal", "onHold", "closed"];

fn condition(rng: &mut Lcg) -> Value {
    match rng.next(5) {
        0 => json!({"fieldId": "subject", "matchType": "contains", "value": WORDS[rng.next(10) as usize]}),
        1 => json!({"fieldId": "tier", "matchType": "is", "value": TIERS[rng.next(3) as usize]}),
        2 => json!({"fieldId": "score", "matchType": "isMoreThan", "value": rng.next(100).to_string()}),
        3 => json!({"fieldId": "status", "matchType": "isNot", "value": STATUSES[rng.next(5) as usize]}),
        _ => json!({"fieldId": "senderEmail", "matchType": "notContains", "value": "@example.org"}),
    }
}

fn conditions(rng: &mut Lcg) -> Vec<Value> {
    (0..2 + rng.next(3)).map(|_| condition(rng)).collect()
}

/// The snapshot: 200 custom rules, 50 triggers, 20 SLA policies.
pub fn settings() -> Value {
    let mut rng = Lcg(42);
    let mut fields = serde_json::to_value(anytime_core::system_fields()).unwrap();
    fields.as_array_mut().unwrap().extend([
        json!({"id": "tier", "type": "dropdownList", "name": "Tier",
               "options": TIERS.iter().map(|t| json!({"name": t, "value": t})).collect::<Vec<_>>()}),
        json!({"id": "score", "type": "integer", "name": "Score"}),
    ]);
    let rules: Vec<Value> = (0..200)
        .map(|i| {
            json!({"id": format!("r{i}"), "name": format!("Rule {i}"), "orderIndex": i, "isEnable": true,
                   "routeToObject": "department", "routeToId": "d1",
                   "conditions": {"when": if i % 3 == 0 { "any" } else { "all" }, "list": conditions(&mut rng)}})
        })
        .collect();
    let triggers: Vec<Value> = (0..50)
        .map(|i| {
            json!({"id": format!("t{i}"), "description": format!("Trigger {i}"), "orderIndex": i, "enable": true, "event": 1,
                   "conditions": conditions(&mut rng), "when": "all",
                   "setValue": i % 5 == 0, "autoUpdate": [{"fieldId": "tier", "value": "gold"}]})
        })
        .collect();
    let policies: Vec<Value> = (0..20)
        .map(|i| {
            json!({"id": format!("p{i}"), "name": format!("Policy {i}"), "orderIndex": i, "enable": true,
                   "firstRespondWithin": 4, "nextRespondWithin": 8, "resolveRespondWithin": 24,
                   "operationalHour": if i % 2 == 0 { "businessHours" } else { "calenderHours" },
                   "conditions": if i == 19 { vec![] } else { conditions(&mut rng) }})
        })
        .collect();
    json!({
        "fields": fields,
        "departments": [{"id": "d1", "name": "Support"}],
        "agents": [{"id": "a1", "name": "Ana", "departmentIds": ["d1"], "status": "online"}],
        "workingTime": {"timeZone": "Europe/Paris",
            "mondayBusinessTime": {"isBusinessDay": true, "openHour": 9, "closeHour": 17},
            "tuesdayBusinessTime": {"isBusinessDay": true, "openHour": 9, "closeHour": 17},
            "wednesdayBusinessTime": {"isBusinessDay": true, "openHour": 9, "closeHour": 17},
            "thusdayBusinessTime": {"isBusinessDay": true, "openHour": 9, "closeHour": 17},
            "fridayBusinessTime": {"isBusinessDay": true, "openHour": 9, "closeHour": 17}},
        "routing": {"isEnable": true, "type": "rules", "matchFailedToObject": "department", "matchFailedrouteToId": "d1", "rules": rules},
        "triggers": triggers,
        "slaPolicies": policies,
        "blockedSenders": [{"email": "spam.example", "blockType": "rejectDomain"}],
        "autoAllocation": {"enable": true, "defaultAllocationRule": {"allocationTo": "onlineAgents", "allocationRule": "loadBalancing"}, "maxNumberForAllAgents": 10}
    })
}

/// `n` conversations, the same on every run.
pub fn samples(n: usize) -> Vec<Value> {
    let mut rng = Lcg(7);
    (0..n)
        .map(|i| {
            json!({
                "at": format!("2026-12-{:02}T{:02}:{:02}:00Z", 1 + rng.next(28), rng.next(24), rng.next(60)),
                "fields": {
                    "subject": format!("{} {} #{i}", WORDS[rng.next(10) as usize], WORDS[rng.next(10) as usize]),
                    "tier": TIERS[rng.next(3) as usize],
                    "score": rng.next(120),
                    "status": STATUSES[rng.next(5) as usize],
                    "senderEmail": format!("user{}@example.{}", rng.next(1000), if rng.next(2) == 0 { "com" } else { "org" })
                }
            })
        })
        .collect()
}
