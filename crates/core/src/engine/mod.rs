//! The rule engine: one implementation of the contract's semantics (§4–§10)
//! for the server and the browser. A settings snapshot is compiled once into
//! an [`Evaluator`] (conditions parsed for their field types, expressions
//! into trees, block lists into maps); each sample conversation is then
//! evaluated cheaply, with or without explanations.

pub mod allocation;
pub mod blocked;
pub mod clock;
pub mod conditions;
pub mod expr;
pub mod sample;
mod summary;

use serde::{Deserialize, Serialize};

use crate::date::{format_utc, DateValue};
use crate::model::*;
use crate::validate::Validate;
use allocation::{allocate, AllocationResult, AllocationStatus};
use blocked::{BlockList, BlockedVerdict, Verdict};
use clock::{BusinessCalendar, Zone, Zones};
use conditions::{CompiledSet, Conversation, FieldTable};
pub use conditions::{ConditionResult, SetResult};
use sample::instant;
pub use sample::{AgentLoad, FieldValue, Sample};
pub use summary::Summary;

/// The largest SLA target (contract §7: 0–8760 hours).
pub const MAX_TARGET_HOURS: i64 = 8_760;

/// Every setting the engine reads: what `GET …/export` returns (less the
/// email accounts) and what `preview` accepts in place of the saved settings.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    #[serde(default = "system_fields")]
    pub fields: Vec<Field>,
    #[serde(default)]
    pub agents: Vec<Agent>,
    #[serde(default)]
    pub departments: Vec<Department>,
    /// The routing configuration; its `rules` are the custom rules.
    #[serde(default)]
    pub routing: RoutingConfig,
    #[serde(default)]
    pub triggers: Vec<Trigger>,
    #[serde(default, rename = "slaPolicies")]
    pub sla_policies: Vec<SlaPolicy>,
    #[serde(default)]
    pub working_time: WorkingTime,
    #[serde(default)]
    pub holidays: Vec<Holiday>,
    #[serde(default)]
    pub blocked_senders: Vec<BlockedSender>,
    #[serde(default)]
    pub auto_allocation: AutoAllocationSetting,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            fields: system_fields(),
            agents: Vec::new(),
            departments: Vec::new(),
            routing: RoutingConfig::default(),
            triggers: Vec::new(),
            sla_policies: Vec::new(),
            working_time: WorkingTime::default(),
            holidays: Vec::new(),
            blocked_senders: Vec::new(),
            auto_allocation: AutoAllocationSetting::default(),
        }
    }
}

/// Where routing sent the conversation.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    /// `department` or `agent`.
    pub object: String,
    pub id: String,
    /// The department's or agent's name ("" when the id is unknown).
    pub name: String,
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RoutingStatus {
    /// Routing is turned off.
    Disabled,
    /// Only new conversations (event 1) are routed.
    NotApplicable,
    /// Simple routing: everything to one target.
    Simple,
    /// A custom rule matched.
    Rule,
    /// No custom rule matched: the match-failed target.
    Fallback,
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleResult {
    pub id: String,
    pub name: String,
    pub matched: bool,
    pub conditions: SetResult,
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoutingResult {
    pub status: RoutingStatus,
    /// The custom rule that decided (status `rule`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    /// Every enabled custom rule in order, until the first match.
    pub rules: Vec<RuleResult>,
}

impl RoutingResult {
    fn with_status(status: RoutingStatus) -> Self {
        RoutingResult {
            status,
            rule_id: None,
            rule_name: None,
            target: None,
            priority: None,
            rules: Vec::new(),
        }
    }
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldUpdate {
    pub field_id: String,
    pub field_name: String,
    pub from: String,
    pub to: String,
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recipient {
    pub id: String,
    pub name: String,
    pub email: String,
}

/// An email a trigger sends, placeholders filled in.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailAction {
    pub subject: String,
    /// The stored HTML with each placeholder's value HTML-escaped.
    pub html_text: String,
    pub plain_text: String,
    /// The contact's address (`senderEmail`), when sent to the contact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_contact: Option<String>,
    pub to_agents: Vec<Recipient>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attachment: Option<Attachment>,
    pub show_in_conversation_correspondences: bool,
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TriggerResult {
    pub id: String,
    pub description: String,
    pub fired: bool,
    pub conditions: SetResult,
    pub updates: Vec<FieldUpdate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<EmailAction>,
}

/// One SLA target's due time.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Due {
    pub hours: i64,
    /// The clock starts here (RFC 3339 UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// RFC 3339 UTC; absent when not computable or not applicable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// Why there is no due time, if there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyResult {
    pub id: String,
    pub name: String,
    pub matched: bool,
    pub conditions: SetResult,
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlaResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operational_hour: Option<String>,
    /// Absent when the target is 0 hours (none) or no policy applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_response: Option<Due>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_response: Option<Due>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Due>,
    /// Every enabled policy in order, until the first match.
    pub policies: Vec<PolicyResult>,
}

/// Everything the settings would do to one conversation (contract §10).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub event: i64,
    pub blocked: BlockedVerdict,
    /// Absent when a blocked sender ended the evaluation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routing: Option<RoutingResult>,
    pub triggers: Vec<TriggerResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sla: Option<SlaResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocation: Option<AllocationResult>,
    /// The conversation's fields after routing, triggers and allocation.
    pub fields: std::collections::BTreeMap<String, FieldValue>,
}

struct CompiledRule {
    id: String,
    name: String,
    set: CompiledSet,
    object: Option<RouteToObject>,
    target_id: Option<String>,
    priority: Priority,
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
    zone: Zone,
    calendar: BusinessCalendar,
    routing: RoutingConfig,
    rules: Vec<CompiledRule>,
    triggers: Vec<CompiledTrigger>,
    policies: Vec<CompiledPolicy>,
    blocked: BlockList,
    allocation: AutoAllocationSetting,
    directory: Directory,
    /// Problems that make parts of the settings inert (e.g. an unknown zone).
    pub problems: Vec<String>,
}

fn ordered<T: Clone>(items: &[T], key: impl Fn(&T) -> i64) -> Vec<T> {
    let mut v = items.to_vec();
    v.sort_by_key(|x| key(x));
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
        let table = FieldTable::new(&settings.fields);
        let calendar = BusinessCalendar::new(&settings.working_time, &settings.holidays, zone.clone());
        let set =
            |when: &When, expr: &str, list: &[Condition]| CompiledSet::new(when, expr, list, &table, &zone);
        let rules = ordered(&settings.routing.rules, |r| r.order_index)
            .into_iter()
            .filter(|r| r.is_enable)
            .map(|r| CompiledRule {
                set: set(&r.conditions.when, &r.conditions.logic_expression, &r.conditions.list),
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
        let policies = ordered(&settings.sla_policies, |p| p.order_index)
            .into_iter()
            .filter(|p| p.enable)
            .map(|p| CompiledPolicy { set: set(&p.when, &p.logic_expression, &p.conditions), policy: p })
            .collect();
        Evaluator {
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
        let mut summary = Summary::default();
        for s in samples {
            summary.add(&self.run(s, false));
        }
        summary
    }

    /// How many condition tests the compiled settings hold (for benchmarks).
    pub fn condition_count(&self) -> usize {
        self.rules.iter().map(|r| r.set.len()).sum::<usize>()
            + self.triggers.iter().map(|t| t.set.len()).sum::<usize>()
            + self.policies.iter().map(|p| p.set.len()).sum::<usize>()
    }

    fn target(&self, object: Option<&RouteToObject>, id: Option<&String>) -> Option<Target> {
        let (object, id) = (object?, id?);
        let name = match object {
            RouteToObject::Agent => self.directory.agent(id).map(|a| a.name.clone()),
            RouteToObject::Department => self.directory.department(id).map(|d| d.name.clone()),
            RouteToObject::Unknown(_) => None,
        };
        Some(Target { object: object.as_str().to_owned(), id: id.clone(), name: name.unwrap_or_default() })
    }

    fn set_field(&self, conv: &mut Conversation, id: &str, value: String) {
        if let Some(slot) = self.table.slot(id) {
            conv.set(&self.table, slot, FieldValue::Text(value), &self.zone);
        }
    }

    fn route(&self, conv: &mut Conversation, explain: bool) -> RoutingResult {
        let mut result = RoutingResult {
            status: RoutingStatus::Disabled,
            rule_id: None,
            rule_name: None,
            target: None,
            priority: None,
            rules: Vec::new(),
        };
        if !self.routing.is_enable {
            return result;
        }
        let r = &self.routing;
        let (status, object, id, priority) = match r.kind {
            Some(RoutingType::Rules) => {
                let mut chosen = None;
                for rule in &self.rules {
                    let matched = rule.set.matches(conv);
                    if explain {
                        result.rules.push(RuleResult {
                            id: rule.id.clone(),
                            name: rule.name.clone(),
                            matched,
                            conditions: rule.set.explain(conv, &self.table),
                        });
                    }
                    if matched {
                        chosen = Some(rule);
                        break;
                    }
                }
                match chosen {
                    Some(rule) => {
                        result.rule_id = Some(rule.id.clone());
                        result.rule_name = Some(rule.name.clone());
                        (RoutingStatus::Rule, rule.object.as_ref(), rule.target_id.as_ref(), &rule.priority)
                    }
                    None => (
                        RoutingStatus::Fallback,
                        r.match_failed_to_object.as_ref(),
                        r.match_failed_route_to_id.as_ref(),
                        &r.match_failed_to_priority,
                    ),
                }
            }
            Some(RoutingType::Simple) => (
                RoutingStatus::Simple,
                r.simple_route_to_object.as_ref(),
                r.simple_route_to_id.as_ref(),
                &r.simple_route_to_priority,
            ),
            _ => return result,
        };
        result.status = status;
        result.target = self.target(object, id);
        result.priority = priority.number();
        if let Some(t) = &result.target {
            let field = if t.object == "agent" { "agent" } else { "department" };
            self.set_field(conv, field, t.id.clone());
        }
        if let Some(p) = result.priority {
            self.set_field(conv, "priority", p.to_string());
        }
        result
    }

    fn value_text(&self, conv: &Conversation, id: &str) -> String {
        self.table.slot(id).and_then(|s| conv.get(s)).map(FieldValue::display).unwrap_or_default()
    }

    fn render(&self, text: &str, conv: &Conversation, html: bool) -> String {
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        for p in crate::validate::placeholder_spans(text) {
            out.push_str(&text[copied..p.start]);
            let value = self.value_text(conv, p.name);
            if html {
                escape_html(&value, &mut out);
            } else {
                out.push_str(&value);
            }
            copied = p.end;
        }
        out.push_str(&text[copied..]);
        out
    }

    fn run_triggers(
        &self,
        event: &TriggerEvent,
        conv: &mut Conversation,
        explain: bool,
    ) -> Vec<TriggerResult> {
        let mut results = Vec::new();
        for ct in &self.triggers {
            let t = &ct.trigger;
            if t.event.as_ref() != Some(event) {
                continue;
            }
            let mut fired = ct.set.matches(conv);
            // Event 6 concerns one status: the conversation must have it.
            if *event == TriggerEvent::ConversationStatusLastForCertainTime {
                fired &= t.status.as_deref().is_some_and(|s| self.value_text(conv, "status") == s);
            }
            let conditions = if explain { ct.set.explain(conv, &self.table) } else { empty_set() };
            let mut updates = Vec::new();
            let mut email = None;
            if fired {
                for (slot, value) in &ct.updates {
                    let field = &self.table.fields[*slot];
                    let from = conv.get(*slot).map(FieldValue::display).unwrap_or_default();
                    conv.set(&self.table, *slot, FieldValue::Text(value.clone()), &self.zone);
                    updates.push(FieldUpdate {
                        field_id: field.id.clone(),
                        field_name: field.name.clone(),
                        from,
                        to: value.clone(),
                    });
                }
                if t.send_email && explain {
                    email = Some(EmailAction {
                        subject: self.render(&t.subject, conv, false),
                        html_text: self.render(&t.html_text, conv, true),
                        plain_text: self.render(&t.plain_text, conv, false),
                        to_contact: t.send_to_contacts.then(|| self.value_text(conv, "senderEmail")),
                        to_agents: if t.send_to_agents {
                            t.to_agents
                                .iter()
                                .map(|id| {
                                    let a = self.directory.agent(id);
                                    Recipient {
                                        id: id.clone(),
                                        name: a.map(|a| a.name.clone()).unwrap_or_default(),
                                        email: a.map(|a| a.email.clone()).unwrap_or_default(),
                                    }
                                })
                                .collect()
                        } else {
                            Vec::new()
                        },
                        attachment: t.attachment.clone(),
                        show_in_conversation_correspondences: t.show_in_conversation_correspondences,
                    });
                }
            }
            results.push(TriggerResult {
                id: t.id.clone(),
                description: t.description.clone(),
                fired,
                conditions,
                updates,
                email,
            });
        }
        results
    }

    /// When the conversation was created: its `createdTime` field, else `at`.
    fn created(&self, conv: &Conversation, at: Option<i64>) -> Option<i64> {
        let text = self.value_text(conv, "createdTime");
        match DateValue::parse(text.trim()) {
            Some(DateValue::DateTime(dt)) => Some(dt.unix_seconds()),
            Some(DateValue::Date(d)) => {
                let midnight = d.days_since_epoch() * 86_400;
                Some(midnight - self.zone.offset_at(midnight))
            }
            None => at,
        }
    }

    fn due(&self, hours: i64, from: Option<i64>, business: bool, missing: &str) -> Option<Due> {
        if hours <= 0 {
            return None;
        }
        let Some(start) = from else {
            return Some(Due { hours, from: None, due: None, note: Some(missing.to_owned()) });
        };
        // Drafts are not validated; a target beyond the contract's range is
        // reported rather than walked (it could take years of days).
        if hours > MAX_TARGET_HOURS {
            return Some(Due {
                hours,
                from: Some(format_utc(start)),
                due: None,
                note: Some(format!("Not computable: targets are at most {MAX_TARGET_HOURS} hours.")),
            });
        }
        let due = if business {
            self.calendar.add_business_seconds(start, hours * 3_600)
        } else {
            Some(clock::add_calendar_seconds(start, hours * 3_600))
        };
        Some(Due {
            hours,
            from: Some(format_utc(start)),
            due: due.map(format_utc),
            note: due.is_none().then(|| "Not computable: no business hours in the next 366 days.".to_owned()),
        })
    }

    fn sla(&self, conv: &Conversation, sample: &Sample, explain: bool) -> SlaResult {
        let mut result = SlaResult::default();
        for cp in &self.policies {
            let matched = cp.set.matches(conv);
            if explain {
                result.policies.push(PolicyResult {
                    id: cp.policy.id.clone(),
                    name: cp.policy.name.clone(),
                    matched,
                    conditions: cp.set.explain(conv, &self.table),
                });
            }
            if !matched {
                continue;
            }
            let p = &cp.policy;
            let business = p.operational_hour == Some(OperationalHour::BusinessHours);
            let at = instant(sample.at.as_deref());
            let created = self.created(conv, at);
            let no_start = "No creation time: give the sample a createdTime or an 'at' time.";
            result.policy_id = Some(p.id.clone());
            result.policy_name = Some(p.name.clone());
            result.operational_hour = p.operational_hour.as_ref().map(|o| o.as_str().to_owned());
            result.first_response = self.due(p.first_respond_within, created, business, no_start);
            result.resolution = self.due(p.resolve_respond_within, created, business, no_start);
            result.next_response = self.due(
                p.next_respond_within,
                instant(sample.last_contact_reply_time.as_deref()),
                business,
                "The contact has not replied yet: the next-response clock starts at their reply.",
            );
            break;
        }
        result
    }

    fn run(&self, sample: &Sample, explain: bool) -> Outcome {
        let event = sample.event();
        let mut conv = Conversation::new(&self.table, &sample.fields, &self.zone);
        let blocked = self.blocked.check(&self.value_text(&conv, "senderEmail"));
        let mut outcome = Outcome {
            event: event.number().unwrap_or_default(),
            blocked,
            routing: None,
            triggers: Vec::new(),
            sla: None,
            allocation: None,
            fields: Default::default(),
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
                self.set_field(&mut conv, "agent", id.clone());
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

fn escape_html(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// One policy's due times from a conversation's creation (and the
/// contact's last reply), its conditions set aside: what a ticket screen
/// shows once it knows the policy. The same arithmetic as `preview`.
pub fn sla_due_times(
    policy: &SlaPolicy,
    working_time: &WorkingTime,
    holidays: &[Holiday],
    created: &str,
    last_contact_reply: Option<&str>,
    zones: &Zones,
) -> Result<SlaResult, crate::ValidationErrors> {
    let sample = Sample {
        at: Some(created.to_owned()),
        last_contact_reply_time: last_contact_reply.map(str::to_owned),
        ..Sample::default()
    };
    let policy = SlaPolicy {
        enable: true,
        conditions: Vec::new(),
        when: When::All,
        logic_expression: String::new(),
        ..policy.clone()
    };
    // Every input checked as the server would, each under its own name.
    let mut errors = crate::ValidationErrors::default();
    let directory = Directory::default();
    let ctx = crate::Context::new(&[], &directory);
    let mut add = |prefix: &str, result: Result<(), crate::ValidationErrors>| {
        for f in result.err().unwrap_or_default().0 {
            errors.add(
                if f.field.is_empty() { prefix.to_owned() } else { format!("{prefix}.{}", f.field) },
                f.message,
            );
        }
    };
    add("policy", policy.validate(&ctx));
    add("workingTime", working_time.validate(&ctx));
    for (i, h) in holidays.iter().enumerate() {
        add(&format!("holidays[{i}]"), h.validate(&ctx));
    }
    for f in sample.validate().err().unwrap_or_default().0 {
        let field = if f.field == "at" { "createdTime".to_owned() } else { f.field };
        errors.add(field, f.message);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let settings = Settings {
        sla_policies: vec![policy],
        working_time: working_time.clone(),
        holidays: holidays.to_vec(),
        ..Settings::default()
    };
    let evaluator = Evaluator::compile(&settings, zones);
    // A real zone whose rules this build lacks (no bundled database).
    if let Some(problem) = evaluator.problems.first() {
        let mut errors = crate::ValidationErrors::default();
        errors.add("workingTime.timeZone", problem.clone());
        return Err(errors);
    }
    let mut sla = evaluator.preview(&sample).sla.unwrap_or_default();
    sla.policies.clear();
    Ok(sla)
}
