//! The rule engine: one implementation of the contract's semantics (§4–§10)
//! for the server and the browser. A settings snapshot is compiled once into
//! an [`Evaluator`] (conditions parsed for their field types, expressions
//! into trees, block lists into maps); each sample conversation is then
//! evaluated cheaply, with or without explanations.

pub mod allocation;
pub mod blocked;
mod brief;
pub mod clock;
pub mod conditions;
pub mod corpus;
pub mod expr;
pub mod impact;
mod outcome;
mod routing;
pub mod sample;
mod settings;
mod single;
mod sla;
pub mod stream;
mod summary;
mod template;
mod triggers;

use serde::{Deserialize, Serialize};

use crate::date::{format_utc, DateValue};
use crate::model::*;
use crate::validate::Validate;
use allocation::{allocate, AllocationResult, AllocationStatus};
use blocked::{BlockList, BlockedVerdict, Verdict};
pub use brief::{Brief, Bulk};
use clock::{BusinessCalendar, Zone, Zones};
use conditions::{CompiledSet, Conversation, FieldTable, FirstMatch, ValueRef};
pub use conditions::{ConditionResult, SetResult};
pub use impact::{impact, Digest, Draft, DraftObject, Impact};
pub use outcome::*;
use sample::instant;
pub use sample::{AgentLoad, FieldValue, Sample};
pub use settings::Settings;
pub use single::{test_conditions, trigger_email};
pub use sla::sla_due_times;
pub use summary::{Counter, Summary};

/// The largest SLA target (contract §7: 0–8760 hours).
pub const MAX_TARGET_HOURS: i64 = 8_760;

struct CompiledRule {
    id: String,
    name: String,
    set: CompiledSet,
    object: Option<RouteToObject>,
    target_id: Option<String>,
    priority: Priority,
    route: Route,
}

/// Where a routing decision sends a conversation, prepared once: the
/// summary's key for it and the field writes it makes (the bulk path
/// counts the key; both paths make the writes through [`Route::apply`]).
struct Route {
    /// `department:ID`, `agent:ID`, or `none` without a target.
    key: String,
    /// The agent or department field's slot, and the id written to it.
    target: Option<(usize, String)>,
    priority: Option<i64>,
    /// The priority field's slot, and the priority as text.
    priority_field: Option<(usize, String)>,
}

impl Route {
    fn new(
        object: Option<&RouteToObject>,
        id: Option<&String>,
        priority: &Priority,
        table: &FieldTable,
    ) -> Route {
        let target = object.zip(id);
        let priority = priority.number();
        Route {
            key: target.map_or_else(|| "none".to_owned(), |(o, id)| format!("{}:{id}", o.as_str())),
            target: target.and_then(|(o, id)| {
                let field = if o.as_str() == "agent" { "agent" } else { "department" };
                Some((table.slot(field)?, id.clone()))
            }),
            priority,
            priority_field: priority.and_then(|p| Some((table.slot("priority")?, p.to_string()))),
        }
    }

    fn none() -> Route {
        Route { key: "none".to_owned(), target: None, priority: None, priority_field: None }
    }

    fn apply(&self, conv: &mut Conversation, table: &FieldTable, zone: &Zone) {
        for (slot, value) in self.target.iter().chain(&self.priority_field) {
            conv.assign(table, *slot, ValueRef::Text(value), zone);
        }
    }
}

/// The slots of the system fields the engine reads and writes itself.
#[derive(Default)]
struct Known {
    sender: Option<usize>,
    agent: Option<usize>,
    department: Option<usize>,
    status: Option<usize>,
    created: Option<usize>,
    /// Whether a condition reads `createdTime`: then a conversation without
    /// one gets `at` there (contract §10), which the bulk path would
    /// otherwise spend a formatted time on for every conversation.
    created_tested: bool,
}

struct CompiledTrigger {
    trigger: Trigger,
    set: CompiledSet,
    /// The auto updates (field slot, value), empty when `setValue` is off.
    updates: Vec<(usize, String)>,
}

struct CompiledPolicy {
    policy: SlaPolicy,
    set: CompiledSet,
}

/// Settings compiled for evaluation. Build once, evaluate many samples.
pub struct Evaluator {
    table: FieldTable,
    known: Known,
    /// Routing's match-failed and simple targets.
    fallback: Route,
    simple: Route,
    /// Routing that sends nowhere (turned off, or not a new conversation).
    nowhere: Route,
    zone: Zone,
    calendar: BusinessCalendar,
    routing: RoutingConfig,
    rules: Vec<CompiledRule>,
    triggers: Vec<CompiledTrigger>,
    policies: Vec<CompiledPolicy>,
    /// The rules' and the policies' sets, for the bulk path.
    first_rule: FirstMatch,
    first_policy: FirstMatch,
    blocked: BlockList,
    allocation: AutoAllocationSetting,
    directory: Directory,
    /// Problems that make parts of the settings inert (e.g. an unknown zone).
    pub problems: Vec<String>,
}

fn ordered<T: Clone>(items: &[T], key: impl Fn(&T) -> i64) -> Vec<T> {
    let mut v = items.to_vec();
    crate::order::sort_by_key(&mut v, |x| key(x));
    v
}

impl Evaluator {
    /// Compiles a snapshot. Zones come from `zones` (UTC is always known).
    pub fn compile(settings: &Settings, zones: &Zones) -> Evaluator {
        let mut problems = Vec::new();
        let zone = match zones.get(&settings.working_time.time_zone) {
            Some(tz) => Zone::new(tz),
            None => {
                problems.push(format!(
                    "The rules of time zone '{}' are not available; times are computed in UTC.",
                    settings.working_time.time_zone
                ));
                Zone::utc()
            }
        };
        // A trigger on an event that does not exist never runs: said, as
        // the server's validation would say it on save.
        for (i, t) in settings.triggers.iter().enumerate().filter(|(_, t)| t.enable) {
            // Named as in lists; by its id when it has no name, by its
            // place in the list when it has neither (a file, a draft).
            let name = match (t.description.trim(), t.id.trim()) {
                ("", "") => format!("#{}", i + 1),
                ("", id) => id.to_owned(),
                (name, _) => name.to_owned(),
            };
            let why = match &t.event {
                Some(event @ TriggerEvent::Unknown(_)) => format!("its event '{event}' is unknown"),
                None => "it has no event".to_owned(),
                Some(_) => continue,
            };
            problems.push(format!("Trigger '{name}' never fires: {why} (use {}).", TriggerEvent::expected()));
        }
        let table = FieldTable::new(&settings.fields);
        let calendar = BusinessCalendar::new(&settings.working_time, &settings.holidays, zone.clone());
        let set =
            |when: &When, expr: &str, list: &[Condition]| CompiledSet::new(when, expr, list, &table, &zone);
        let rules: Vec<CompiledRule> = ordered(&settings.routing.rules, |r| r.order_index)
            .into_iter()
            .filter(|r| r.is_enable)
            .map(|r| CompiledRule {
                set: set(&r.conditions.when, &r.conditions.logic_expression, &r.conditions.list),
                route: Route::new(
                    r.route_to_object.as_ref(),
                    r.route_to_id.as_ref(),
                    &r.route_to_priority,
                    &table,
                ),
                id: r.id,
                name: r.name,
                object: r.route_to_object,
                target_id: r.route_to_id,
                priority: r.route_to_priority,
            })
            .collect();
        let triggers = ordered(&settings.triggers, |t| t.order_index)
            .into_iter()
            .filter(|t| t.enable)
            .map(|t| CompiledTrigger {
                set: set(&t.when, &t.logic_expression, &t.conditions),
                updates: if t.set_value {
                    t.auto_update
                        .iter()
                        .filter_map(|u| Some((table.slot(&u.field_id)?, u.value.clone())))
                        .collect()
                } else {
                    Vec::new()
                },
                trigger: t,
            })
            .collect();
        let policies: Vec<CompiledPolicy> = ordered(&settings.sla_policies, |p| p.order_index)
            .into_iter()
            .filter(|p| p.enable)
            .map(|p| CompiledPolicy { set: set(&p.when, &p.logic_expression, &p.conditions), policy: p })
            .collect();
        let r = &settings.routing;
        let fallback = Route::new(
            r.match_failed_to_object.as_ref(),
            r.match_failed_route_to_id.as_ref(),
            &r.match_failed_to_priority,
            &table,
        );
        let simple = Route::new(
            r.simple_route_to_object.as_ref(),
            r.simple_route_to_id.as_ref(),
            &r.simple_route_to_priority,
            &table,
        );
        let on_created = |list: &[Condition]| list.iter().any(|c| c.field_id == "createdTime");
        let known = Known {
            sender: table.slot("senderEmail"),
            agent: table.slot("agent"),
            department: table.slot("department"),
            status: table.slot("status"),
            created: table.slot("createdTime"),
            created_tested: settings.routing.rules.iter().any(|r| on_created(&r.conditions.list))
                || settings.triggers.iter().any(|t| on_created(&t.conditions))
                || settings.sla_policies.iter().any(|p| on_created(&p.conditions)),
        };
        Evaluator {
            known,
            fallback,
            simple,
            nowhere: Route::none(),
            first_rule: FirstMatch::new(rules.iter().map(|r| &r.set)),
            first_policy: FirstMatch::new(policies.iter().map(|p| &p.set)),
            rules,
            triggers,
            policies,
            zone,
            calendar,
            routing: settings.routing.clone(),
            blocked: BlockList::new(&settings.blocked_senders),
            allocation: settings.auto_allocation.clone(),
            directory: Directory {
                agents: settings.agents.clone(),
                departments: settings.departments.clone(),
            },
            table,
            problems,
        }
    }

    /// The whole outcome with every explanation.
    pub fn preview(&self, sample: &Sample) -> Outcome {
        self.run(sample, true)
    }

    /// Evaluates many samples and summarises where they went.
    pub fn preview_many(&self, samples: &[Sample]) -> Summary {
        let (mut bulk, mut counter) = (Bulk::new(self), Counter::default());
        for s in samples {
            counter.add(bulk.run(s));
        }
        let mut summary = Summary::default();
        counter.add_to(&mut summary);
        summary
    }

    /// [`Self::preview_many`] of samples given as JSON text, read straight
    /// into the runner ([`stream`]); samples without `at` happen at `now`.
    /// [`stream::NotRead`] when the text is not read that way: read it with
    /// the strict reader, which says what is wrong.
    pub fn preview_many_json(&self, text: &str, now: Option<i64>) -> Result<Summary, stream::NotRead> {
        let (mut bulk, mut counter) = (Bulk::new(self), Counter::default());
        stream::for_each_sample(text, now, |_, raw| counter.add(bulk.run_raw(raw)))?;
        let mut summary = Summary::default();
        counter.add_to(&mut summary);
        Ok(summary)
    }

    /// How many condition tests the compiled settings hold (for benchmarks).
    pub fn condition_count(&self) -> usize {
        self.rules.iter().map(|r| r.set.len()).sum::<usize>()
            + self.triggers.iter().map(|t| t.set.len()).sum::<usize>()
            + self.policies.iter().map(|p| p.set.len()).sum::<usize>()
    }

    /// An upper bound of the work one conversation costs (condition tests,
    /// expression references, objects visited, fields copied): what a
    /// server multiplies by the conversations asked for before agreeing.
    pub fn cost_per_conversation(&self) -> usize {
        let sets = |c: usize, acc: usize| acc.saturating_add(c);
        let rules = self.rules.iter().map(|r| r.set.cost()).fold(0, sets);
        let triggers = self.triggers.iter().map(|t| t.set.cost() + t.updates.len() + 1).fold(0, sets);
        let policies = self.policies.iter().map(|p| p.set.cost()).fold(0, sets);
        [rules, triggers, policies, self.table.fields.len(), self.directory.agents.len(), 8]
            .into_iter()
            .fold(0, sets)
    }

    fn value_text(&self, conv: &Conversation, id: &str) -> String {
        conv.text(self.table.slot(id)).into_owned()
    }

    fn set_field(&self, conv: &mut Conversation, id: &str, value: &str) {
        if let Some(slot) = self.table.slot(id) {
            conv.assign(&self.table, slot, ValueRef::Text(value), &self.zone);
        }
    }

    /// A conversation with no `createdTime` was created at `at` (contract
    /// §10), for the conditions that read it.
    fn default_created(&self, conv: &mut Conversation, at: Option<i64>) {
        let Some(slot) = self.known.created.filter(|_| self.known.created_tested) else { return };
        if let Some(at) = at.filter(|_| conv.text(Some(slot)).is_empty()) {
            conv.assign(&self.table, slot, ValueRef::Text(&crate::date::format_utc(at)), &self.zone);
        }
    }

    fn run(&self, sample: &Sample, explain: bool) -> Outcome {
        let event = sample.event();
        let mut conv = Conversation::new(&self.table, &sample.fields, &self.zone);
        self.default_created(&mut conv, sample::instant(sample.at.as_deref()));
        let blocked = self.blocked.check(&self.value_text(&conv, "senderEmail"));
        let mut outcome = Outcome {
            event: event.number().unwrap_or_default(),
            blocked,
            routing: None,
            triggers: Vec::new(),
            sla: None,
            allocation: None,
            fields: Default::default(),
            problems: if explain { self.problems.clone() } else { Vec::new() },
        };
        if outcome.blocked.verdict != Verdict::Allowed {
            outcome.fields = sample.fields.clone();
            return outcome;
        }
        let created = event == TriggerEvent::ConversationCreated;
        outcome.routing = Some(if created {
            self.route(&mut conv, explain)
        } else {
            RoutingResult::with_status(RoutingStatus::NotApplicable)
        });
        outcome.triggers = self.run_triggers(&event, &mut conv, explain);
        outcome.sla = Some(self.sla(&conv, sample, explain));
        outcome.allocation = Some(if !created {
            AllocationResult::skipped(
                AllocationStatus::NotApplicable,
                "Only new conversations are allocated.",
            )
        } else if !self.allocation.enable {
            AllocationResult::skipped(AllocationStatus::Disabled, "Auto allocation is turned off.")
        } else if !self.value_text(&conv, "agent").is_empty() {
            AllocationResult::skipped(
                AllocationStatus::AlreadyAssigned,
                "The conversation already has an agent.",
            )
        } else {
            let department = self.value_text(&conv, "department");
            let result = allocate(
                &self.allocation,
                &self.directory,
                sample,
                Some(department.as_str()).filter(|d| !d.is_empty()),
                explain,
            );
            if let Some(id) = &result.agent_id {
                self.set_field(&mut conv, "agent", id);
            }
            result
        });
        outcome.fields = self
            .table
            .fields
            .iter()
            .enumerate()
            .filter_map(|(slot, f)| conv.get(slot).map(|v| (f.id.clone(), v.clone())))
            .collect();
        outcome
    }
}

fn empty_set() -> SetResult {
    SetResult { when: String::new(), expression: None, matched: false, conditions: Vec::new(), problem: None }
}
