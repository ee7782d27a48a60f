//! Change impact (contract §13): the saved settings and a draft, each
//! compiled once, evaluate the same conversations; what differs is counted
//! by kind of change, and the changed conversations are listed (up to a
//! limit) with what each side does to them.
//!
//! A conversation's outcome is first reduced to a [`Digest`] — the part an
//! admin compares — whose keys are the bulk [`Summary`]'s, so an impact's
//! moves are exactly the differences between two summaries.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::allocation::AllocationStatus;
use super::blocked::Verdict;
use super::{Brief, Bulk, Evaluator, Outcome, RoutingStatus, Sample, Settings};
use crate::model::*;
use crate::validate::{Context, Validate, ValidationErrors};

/// The longest list of changed conversations an impact answers.
pub const MAX_CHANGED_LISTED: usize = 1_000;
/// The list's length when no limit is asked for.
pub const DEFAULT_CHANGED_LISTED: usize = 100;

/// What one conversation comes to, as far as a change can move it. Keys are
/// the [`Summary`]'s: `department:ID`/`agent:ID`/`none`, a rule id or
/// `fallback`, a policy id or `none`, an agent id or `unassigned`; `None`
/// where the summary counts nothing (routing after a blocked sender, …).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Digest {
    pub blocked: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routed_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routed_by: Option<String>,
    /// The routing priority (1–4) a rule or target set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    /// The triggers that fire, in the order they run.
    pub triggers: Vec<String>,
    /// Field id → the value the triggers leave in it.
    pub updates: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sla_policy: Option<String>,
    /// First response, next response and resolution due times (RFC 3339), if any.
    pub due: [Option<String>; 3],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocated_to: Option<String>,
}

impl Digest {
    pub fn of(o: &Outcome) -> Digest {
        let routing = o.routing.as_ref();
        let mut updates = BTreeMap::new();
        for t in o.triggers.iter().filter(|t| t.fired) {
            for u in &t.updates {
                updates.insert(u.field_id.clone(), u.to.clone());
            }
        }
        let due = |d: Option<&super::Due>| d.and_then(|d| d.due.clone());
        Digest {
            blocked: o.blocked.verdict,
            routed_to: routing.map(|r| match &r.target {
                Some(t) => format!("{}:{}", t.object, t.id),
                None => "none".to_owned(),
            }),
            routed_by: routing.and_then(|r| match &r.rule_id {
                Some(id) => Some(id.clone()),
                None => (r.status == RoutingStatus::Fallback).then(|| "fallback".to_owned()),
            }),
            priority: routing.and_then(|r| r.priority),
            triggers: o.triggers.iter().filter(|t| t.fired).map(|t| t.id.clone()).collect(),
            updates,
            sla_policy: o.sla.as_ref().map(|s| s.policy_id.clone().unwrap_or_else(|| "none".to_owned())),
            due: match &o.sla {
                Some(s) => [
                    due(s.first_response.as_ref()),
                    due(s.next_response.as_ref()),
                    due(s.resolution.as_ref()),
                ],
                None => [None, None, None],
            },
            allocated_to: o.allocation.as_ref().and_then(|a| match &a.agent_id {
                Some(id) => Some(id.clone()),
                None => (a.status == AllocationStatus::NobodyEligible).then(|| "unassigned".to_owned()),
            }),
        }
    }
}

/// A kind of change, as the counts and each changed conversation name it.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Aspect {
    Blocked,
    RoutedTo,
    RoutedBy,
    Priority,
    Triggers,
    FieldUpdates,
    SlaPolicy,
    DueTimes,
    AllocatedTo,
}

impl Aspect {
    pub const ALL: [Aspect; 9] = [
        Aspect::Blocked,
        Aspect::RoutedTo,
        Aspect::RoutedBy,
        Aspect::Priority,
        Aspect::Triggers,
        Aspect::FieldUpdates,
        Aspect::SlaPolicy,
        Aspect::DueTimes,
        Aspect::AllocatedTo,
    ];

    fn differs(self, a: &Digest, b: &Digest) -> bool {
        match self {
            Aspect::Blocked => a.blocked != b.blocked,
            Aspect::RoutedTo => a.routed_to != b.routed_to,
            Aspect::RoutedBy => a.routed_by != b.routed_by,
            Aspect::Priority => a.priority != b.priority,
            Aspect::Triggers => a.triggers != b.triggers,
            Aspect::FieldUpdates => a.updates != b.updates,
            Aspect::SlaPolicy => a.sla_policy != b.sla_policy,
            Aspect::DueTimes => a.due != b.due,
            Aspect::AllocatedTo => a.allocated_to != b.allocated_to,
        }
    }

    /// The key a move of this aspect goes from or to (the summary's key).
    fn key(self, d: &Digest) -> Option<String> {
        match self {
            Aspect::Blocked => Some(verdict_key(d.blocked).to_owned()),
            Aspect::RoutedTo => d.routed_to.clone(),
            Aspect::RoutedBy => d.routed_by.clone(),
            Aspect::Priority => d.priority.map(|p| p.to_string()),
            Aspect::SlaPolicy => d.sla_policy.clone(),
            Aspect::AllocatedTo => d.allocated_to.clone(),
            Aspect::Triggers | Aspect::FieldUpdates | Aspect::DueTimes => None,
        }
    }

    /// Aspects whose changes are moves from one key to another.
    fn moves(self) -> bool {
        !matches!(self, Aspect::Triggers | Aspect::FieldUpdates | Aspect::DueTimes)
    }
}

fn verdict_key(v: Verdict) -> &'static str {
    match v {
        Verdict::Allowed => "allowed",
        Verdict::Junk => "junk",
        Verdict::Rejected => "rejected",
    }
}

/// Conversations that went from one key to another: "290 routed to
/// `department:billing` instead of `department:support`". A key is absent
/// where the summary counts nothing (a blocked conversation is not routed).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Move {
    pub aspect: Aspect,
    pub from: Option<String>,
    pub to: Option<String>,
    pub count: u64,
}

/// One conversation the draft treats differently.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangedSample {
    /// Its place in the samples, from 0.
    pub index: u64,
    pub changes: Vec<Aspect>,
    pub before: Digest,
    pub after: Digest,
}

/// What saving the draft would change, over the samples.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Impact {
    pub total: u64,
    /// Conversations with at least one change.
    pub changed: u64,
    /// Aspect → conversations where it changed.
    pub counts: BTreeMap<Aspect, u64>,
    /// Moves, most conversations first (then by aspect and keys).
    pub moves: Vec<Move>,
    /// Trigger id → conversations it fires on under the draft and not now.
    pub triggers_started: BTreeMap<String, u64>,
    /// Trigger id → conversations it fires on now and not under the draft.
    pub triggers_stopped: BTreeMap<String, u64>,
    /// The first `limit` changed conversations, in sample order.
    pub samples: Vec<ChangedSample>,
    pub limit: usize,
}

/// An impact being counted, sample by sample (the console's worker counts
/// in slices, to report progress); [`Tally::finish`] gives the answer.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    impact: Impact,
    moves: BTreeMap<(Aspect, Option<String>, Option<String>), u64>,
}

/// Counts `key`, allocating it only the first time (bulk runs bump the
/// same few keys millions of times).
fn bump(map: &mut BTreeMap<String, u64>, key: &str) {
    match map.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            map.insert(key.to_owned(), 1);
        }
    }
}

impl Tally {
    pub fn new(limit: usize) -> Tally {
        Tally {
            impact: Impact { limit: limit.min(MAX_CHANGED_LISTED), ..Impact::default() },
            ..Tally::default()
        }
    }

    /// Counts one conversation (its `index` among the samples): `before`
    /// from the saved settings' [`Bulk`], `after` from the draft's.
    pub fn add(&mut self, index: u64, before: &Brief<'_>, after: &Brief<'_>) {
        let i = &mut self.impact;
        i.total += 1;
        if before == after {
            return;
        }
        // Only changed conversations are written out (a few, usually).
        let (before, after) = (Digest::from(before), Digest::from(after));
        let changes: Vec<Aspect> = Aspect::ALL.into_iter().filter(|a| a.differs(&before, &after)).collect();
        if changes.is_empty() {
            return;
        }
        i.changed += 1;
        for &aspect in &changes {
            *i.counts.entry(aspect).or_default() += 1;
            if aspect.moves() {
                *self.moves.entry((aspect, aspect.key(&before), aspect.key(&after))).or_default() += 1;
            }
        }
        if changes.contains(&Aspect::Triggers) {
            // Sets, not list scans: thousands of triggers stay cheap.
            let (b, a): (BTreeSet<&String>, BTreeSet<&String>) =
                (before.triggers.iter().collect(), after.triggers.iter().collect());
            for t in a.difference(&b) {
                bump(&mut i.triggers_started, t);
            }
            for t in b.difference(&a) {
                bump(&mut i.triggers_stopped, t);
            }
        }
        if i.samples.len() < i.limit {
            i.samples.push(ChangedSample { index, changes, before, after });
        }
    }

    pub fn total(&self) -> u64 {
        self.impact.total
    }

    pub fn finish(self) -> Impact {
        let mut impact = self.impact;
        impact.moves = self
            .moves
            .into_iter()
            .map(|((aspect, from, to), count)| Move { aspect, from, to, count })
            .collect();
        // Stable: equal counts keep the (aspect, from, to) order.
        crate::order::sort_by_key(&mut impact.moves, |m| std::cmp::Reverse(m.count));
        impact
    }
}

impl Evaluator {
    /// What one conversation comes to, from its full outcome (the bulk
    /// path's [`Bulk::run`] gives the same, faster).
    pub fn digest(&self, sample: &Sample) -> Digest {
        Digest::of(&self.run(sample, false))
    }
}

/// What `draft` changes against `saved` over `samples`: one pass per
/// sample per side, both compiled once (by the caller).
pub fn impact(saved: &Evaluator, draft: &Evaluator, samples: &[Sample], limit: usize) -> Impact {
    let mut tally = Tally::new(limit);
    let (mut before, mut after) = (Bulk::new(saved), Bulk::new(draft));
    for (i, s) in samples.iter().enumerate() {
        tally.add(i as u64, before.run(s), after.run(s));
    }
    tally.finish()
}

/// [`impact`] over samples given as JSON text, each read once straight
/// into both sides' runners ([`stream`](super::stream)); samples without
/// `at` happen at `now`. `NotRead`: read them the strict way instead.
pub fn impact_json(
    saved: &Evaluator,
    draft: &Evaluator,
    text: &str,
    now: Option<i64>,
    limit: usize,
) -> Result<Impact, super::stream::NotRead> {
    let mut tally = Tally::new(limit);
    let (mut before, mut after) = (Bulk::new(saved), Bulk::new(draft));
    super::stream::for_each_sample(text, now, |i, raw| {
        tally.add(i as u64, before.run_raw(raw), after.run_raw(raw))
    })?;
    Ok(tally.finish())
}

/// One object standing in for its saved version (or added, when nothing
/// saved has its id): the object an editor holds.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "object", rename_all = "camelCase")]
pub enum DraftObject {
    CustomRule(CustomRule),
    Trigger(Trigger),
    SlaPolicy(SlaPolicy),
    /// The routing settings; the custom rules stay as saved (they are their own kind).
    Routing(RoutingConfig),
    WorkingTime(WorkingTime),
    Holiday(Holiday),
    BlockedSender(BlockedSender),
    AutoAllocation(AutoAllocationSetting),
    Field(Field),
}

/// The kinds a draft object may be, as the API names them.
pub const DRAFT_KINDS: [&str; 9] = [
    "customRule",
    "trigger",
    "slaPolicy",
    "routing",
    "workingTime",
    "holiday",
    "blockedSender",
    "autoAllocation",
    "field",
];

/// Replaces the item with `item`'s id, or adds it.
fn put<T: Clone>(list: &mut Vec<T>, item: &T, id: impl Fn(&T) -> &str) {
    match list.iter_mut().find(|x| !id(item).is_empty() && id(x) == id(item)) {
        Some(slot) => *slot = item.clone(),
        None => list.push(item.clone()),
    }
}

/// [`put`] for a list with an order, as saving does: an object keeps its
/// saved place (its `orderIndex` moves by `sort` and `order`, never by an
/// edit) and a new one goes last (contract §1).
fn put_in_place<T: Clone>(
    list: &mut Vec<T>,
    item: &T,
    id: impl Fn(&T) -> &str,
    place: impl Fn(&mut T) -> &mut i64,
) {
    let mut item = item.clone();
    let saved = list.iter_mut().find(|x| !id(&item).is_empty() && id(x) == id(&item));
    *place(&mut item) = match saved {
        Some(saved) => *place(saved),
        // Saturating: settings sent in a request may hold any orderIndex.
        None => list.iter_mut().map(|x| place(x).saturating_add(1)).max().unwrap_or(0),
    };
    put(list, &item, id);
}

impl DraftObject {
    /// Every problem of the object, checked as its own route checks it.
    pub fn check(&self, settings: &Settings, path: &str, errors: &mut ValidationErrors) {
        let directory =
            Directory { agents: settings.agents.clone(), departments: settings.departments.clone() };
        let ctx = Context::new(&settings.fields, &directory);
        match self {
            DraftObject::CustomRule(o) => o.check(&ctx, path, errors),
            DraftObject::Trigger(o) => o.check(&ctx, path, errors),
            DraftObject::SlaPolicy(o) => o.check(&ctx, path, errors),
            DraftObject::Routing(o) => o.check(&ctx, path, errors),
            DraftObject::WorkingTime(o) => o.check(&ctx, path, errors),
            DraftObject::Holiday(o) => o.check(&ctx, path, errors),
            DraftObject::BlockedSender(o) => o.check(&ctx, path, errors),
            DraftObject::AutoAllocation(o) => o.check(&ctx, path, errors),
            DraftObject::Field(o) => o.check(&ctx, path, errors),
        }
    }

    /// Where the object is in `settings` (the saved ones with it applied),
    /// as a document path (`slaPolicies[2]`): by its id, or last when new.
    /// None for a singleton.
    fn place(&self, settings: &Settings) -> Option<String> {
        fn at<T>(list: &[T], name: &str, id: &str, id_of: impl Fn(&T) -> &str) -> Option<String> {
            let i =
                list.iter().position(|x| !id.is_empty() && id_of(x) == id).or(list.len().checked_sub(1))?;
            Some(format!("{name}[{i}]"))
        }
        let s = settings;
        match self {
            DraftObject::CustomRule(o) => at(&s.routing.rules, "routing.rules", &o.id, |r| &r.id),
            DraftObject::Trigger(o) => at(&s.triggers, "triggers", &o.id, |t| &t.id),
            DraftObject::SlaPolicy(o) => at(&s.sla_policies, "slaPolicies", &o.id, |p| &p.id),
            DraftObject::Holiday(o) => at(&s.holidays, "holidays", &o.id, |h| &h.id),
            DraftObject::BlockedSender(o) => at(&s.blocked_senders, "blockedSenders", &o.id, |b| &b.id),
            DraftObject::Field(o) => at(&s.fields, "fields", &o.id, |f| &f.id),
            DraftObject::Routing(_) | DraftObject::WorkingTime(_) | DraftObject::AutoAllocation(_) => None,
        }
    }

    /// The saved settings with this object in its saved version's place.
    pub fn applied_to(&self, saved: &Settings) -> Settings {
        let mut s = saved.clone();
        match self {
            DraftObject::CustomRule(o) => {
                put_in_place(&mut s.routing.rules, o, |r| &r.id, |r| &mut r.order_index)
            }
            DraftObject::Trigger(o) => put_in_place(&mut s.triggers, o, |t| &t.id, |t| &mut t.order_index),
            DraftObject::SlaPolicy(o) => {
                put_in_place(&mut s.sla_policies, o, |p| &p.id, |p| &mut p.order_index)
            }
            DraftObject::Routing(o) => {
                let rules = std::mem::take(&mut s.routing.rules);
                s.routing = RoutingConfig { rules, ..o.clone() };
            }
            DraftObject::WorkingTime(o) => s.working_time = o.clone(),
            DraftObject::Holiday(o) => put(&mut s.holidays, o, |h| &h.id),
            DraftObject::BlockedSender(o) => put(&mut s.blocked_senders, o, |b| &b.id),
            DraftObject::AutoAllocation(o) => s.auto_allocation = o.clone(),
            DraftObject::Field(o) => put(&mut s.fields, o, |f| &f.id),
        }
        s
    }
}

/// A draft: a whole settings document, or one object.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Draft {
    One(Box<DraftObject>),
    Whole(Box<Settings>),
}

/// `{kind, object}` is one object; anything else is a settings document.
/// Read by hand so each is read strictly, with its paths.
impl<'de> Deserialize<'de> for Draft {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use crate::decode::{at_path, nested};
        let map = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        if !map.contains_key("kind") {
            return Ok(Draft::Whole(Box::new(nested(&serde_json::Value::Object(map), "")?)));
        }
        let kind = map.get("kind").and_then(|k| k.as_str()).unwrap_or_default();
        if !DRAFT_KINDS.contains(&kind) {
            return Err(at_path(
                "kind",
                format!(
                    "Unknown kind '{kind}'. Use {}.",
                    crate::validate::one_of(DRAFT_KINDS.iter().copied())
                ),
            ));
        }
        let object = map.get("object").cloned().unwrap_or(serde_json::Value::Null);
        let value = serde_json::json!({ "kind": kind, "object": object });
        Ok(Draft::One(Box::new(nested(&value, "")?)))
    }
}

impl Draft {
    /// Every problem of the draft, with paths into it (`object.…` for one
    /// object, the document's own paths for a whole one): what its route,
    /// or an import, would refuse.
    pub fn check(&self, saved: &Settings) -> ValidationErrors {
        match self {
            Draft::One(o) => {
                let mut errors = ValidationErrors::default();
                o.check(saved, "object", &mut errors);
                // Then what saving it would refuse among the others (a
                // name, date or address used twice, a system field's type
                // changed): the document's rules, said at the object.
                let settings = o.applied_to(saved);
                if let Some(place) = o.place(&settings).filter(|_| errors.0.is_empty()) {
                    for e in Draft::Whole(Box::new(settings)).check(saved).0 {
                        if let Some(rest) =
                            e.field.strip_prefix(place.as_str()).filter(|r| r.starts_with('.'))
                        {
                            errors.add(format!("object{rest}"), e.message);
                        }
                    }
                }
                errors
            }
            Draft::Whole(_) => {
                let settings = self.settings(saved);
                let directory =
                    Directory { agents: settings.agents.clone(), departments: settings.departments.clone() };
                crate::document::Document { format_version: 1, email_accounts: Vec::new(), settings }
                    .check(&directory)
            }
        }
    }

    /// The settings the draft stands for, over `saved`.
    pub fn settings(&self, saved: &Settings) -> Settings {
        match self {
            Draft::One(o) => o.applied_to(saved),
            Draft::Whole(s) => {
                let mut s = (**s).clone();
                // A document without its own directory uses the saved one.
                if s.agents.is_empty() && s.departments.is_empty() {
                    s.agents = saved.agents.clone();
                    s.departments = saved.departments.clone();
                }
                s
            }
        }
    }
}
