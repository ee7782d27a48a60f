//! The bulk path: what one conversation comes to, as far as a summary or
//! an impact counts it, without building its [`Outcome`] — no names, no
//! explanations, no due times written out. A [`Bulk`] keeps one
//! conversation's slots and one [`Brief`]'s lists and reuses them for every
//! sample, so evaluating allocates nothing per condition, rule, trigger or
//! policy; the answer borrows its ids from the compiled settings.
//!
//! It is the same evaluation as [`Evaluator::preview`] (the same condition
//! sets, the same [`Route`] writes, the same SLA clock and allocation): the
//! tests check, sample by sample, that [`Digest::from`] of a brief equals
//! [`Digest::of`] the full outcome.

use std::collections::BTreeMap;

use super::stream::{RawSample, RawValue};
use super::*;

/// A conversation's [`Digest`], borrowed from the evaluator that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brief<'e> {
    pub blocked: Verdict,
    pub routed_to: Option<&'e str>,
    pub routed_by: Option<&'e str>,
    pub priority: Option<i64>,
    /// The ids of the triggers that fire, in the order they run.
    pub triggers: Vec<&'e str>,
    /// (field id, value) the triggers leave, by field id (last write wins).
    pub updates: Vec<(&'e str, &'e str)>,
    pub sla_policy: Option<&'e str>,
    /// First response, next response and resolution due, Unix seconds.
    pub due: [Option<i64>; 3],
    pub allocated_to: Option<&'e str>,
}

impl Default for Brief<'_> {
    fn default() -> Self {
        Brief {
            blocked: Verdict::Allowed,
            routed_to: None,
            routed_by: None,
            priority: None,
            triggers: Vec::new(),
            updates: Vec::new(),
            sla_policy: None,
            due: [None; 3],
            allocated_to: None,
        }
    }
}

impl Brief<'_> {
    fn clear(&mut self) {
        self.blocked = Verdict::Allowed;
        (self.routed_to, self.routed_by, self.priority) = (None, None, None);
        self.triggers.clear();
        self.updates.clear();
        (self.sla_policy, self.due, self.allocated_to) = (None, [None; 3], None);
    }
}

impl From<&Brief<'_>> for Digest {
    fn from(b: &Brief<'_>) -> Digest {
        let owned = |s: Option<&str>| s.map(str::to_owned);
        Digest {
            blocked: b.blocked,
            routed_to: owned(b.routed_to),
            routed_by: owned(b.routed_by),
            priority: b.priority,
            triggers: b.triggers.iter().map(|&t| t.to_owned()).collect(),
            updates: b.updates.iter().map(|&(f, v)| (f.to_owned(), v.to_owned())).collect::<BTreeMap<_, _>>(),
            sla_policy: owned(b.sla_policy),
            due: b.due.map(|d| d.map(format_utc)),
            allocated_to: owned(b.allocated_to),
        }
    }
}

/// One evaluator's bulk runner: its reused conversation and answer.
pub struct Bulk<'e> {
    evaluator: &'e Evaluator,
    conv: Conversation,
    brief: Brief<'e>,
    /// Numbers written as text for their slots.
    scratch: String,
    /// The previous sample's field ids by position and their slots:
    /// samples of one file mostly list the same fields in the same order.
    seen: Vec<(String, Option<usize>)>,
}

impl<'e> Bulk<'e> {
    pub fn new(evaluator: &'e Evaluator) -> Self {
        Bulk {
            evaluator,
            conv: Conversation::default(),
            brief: Brief::default(),
            scratch: String::new(),
            seen: Vec::new(),
        }
    }

    /// What `sample` comes to (valid until the next call).
    pub fn run(&mut self, sample: &Sample) -> &Brief<'e> {
        let e = self.evaluator;
        self.conv.reset(&e.table, &sample.fields, &e.zone);
        let times = (instant(sample.at.as_deref()), instant(sample.last_contact_reply_time.as_deref()));
        evaluate(e, &mut self.conv, &mut self.brief, sample, times)
    }

    /// What a sample read from JSON text comes to ([`stream`](super::stream)):
    /// its fields go from the text into the slots.
    pub fn run_raw(&mut self, raw: &RawSample<'_>) -> &Brief<'e> {
        let e = self.evaluator;
        self.conv.clear(&e.table);
        for (i, (id, value)) in raw.fields.iter().enumerate() {
            let slot = match self.seen.get_mut(i) {
                Some((seen, slot)) if seen == id => *slot,
                Some((seen, slot)) => {
                    seen.clear();
                    seen.push_str(id);
                    *slot = e.table.slot(id);
                    *slot
                }
                None => {
                    self.seen.push((id.to_string(), e.table.slot(id)));
                    self.seen[i].1
                }
            };
            let Some(slot) = slot else { continue };
            let value = match value {
                RawValue::List(items) => ValueRef::List(items),
                // The number the strict path reads back from this text: an
                // integer's digits round to the same f64 as `as` does (to
                // nearest, ties to even); a float's text is the shortest
                // that reads back as itself.
                RawValue::Int(n) => {
                    ValueRef::Number(value.write_text(&mut self.scratch).unwrap_or_default(), *n as f64)
                }
                RawValue::Float(f) => {
                    ValueRef::Number(value.write_text(&mut self.scratch).unwrap_or_default(), *f)
                }
                other => ValueRef::Text(other.write_text(&mut self.scratch).unwrap_or_default()),
            };
            self.conv.assign(&e.table, slot, value, &e.zone);
        }
        evaluate(e, &mut self.conv, &mut self.brief, &raw.head, (raw.at, raw.replied))
    }
}

/// The evaluation of a conversation whose slots are filled; `head` is the
/// sample's event and allocation state, `times` its `at` and
/// `lastContactReplyTime`, parsed.
fn evaluate<'e, 'b>(
    e: &'e Evaluator,
    conv: &mut Conversation,
    b: &'b mut Brief<'e>,
    head: &Sample,
    (at, replied): (Option<i64>, Option<i64>),
) -> &'b Brief<'e> {
    b.clear();
    e.default_created(conv, at);
    b.blocked = e.blocked.verdict(&conv.text(e.known.sender));
    if b.blocked != Verdict::Allowed {
        return b;
    }
    let event = head.event();
    let created = event == TriggerEvent::ConversationCreated;
    let route = if created { e.route_brief(conv) } else { None };
    let (by, route) = route.unwrap_or((None, &e.nowhere));
    (b.routed_to, b.routed_by, b.priority) = (Some(route.key.as_str()), by, route.priority);
    e.triggers_brief(&event, conv, b);
    e.sla_brief(conv, at, replied, b);
    if created && e.allocation.enable && conv.text(e.known.agent).is_empty() {
        let department = conv.text(e.known.department);
        let department = Some(department.as_ref()).filter(|d| !d.is_empty());
        b.allocated_to = Some(match allocation::choose(&e.allocation, &e.directory, head, department) {
            Some(i) => e.directory.agents[i].id.as_str(),
            None => "unassigned",
        });
    }
    b
}

impl Evaluator {
    /// The routing decision: the deciding rule's id (or `fallback`) and its
    /// target; `None` when routing sends nowhere.
    fn route_brief(&self, conv: &mut Conversation) -> Option<(Option<&str>, &Route)> {
        if !self.routing.is_enable {
            return None;
        }
        let (by, route) = match self.routing.kind {
            Some(RoutingType::Rules) => {
                match self.first_rule.find(conv, |i| &self.rules[i].set).map(|i| &self.rules[i]) {
                    Some(rule) => (Some(rule.id.as_str()), &rule.route),
                    None => (Some("fallback"), &self.fallback),
                }
            }
            Some(RoutingType::Simple) => (None, &self.simple),
            _ => return None,
        };
        route.apply(conv, &self.table, &self.zone);
        Some((by, route))
    }

    fn triggers_brief<'e>(&'e self, event: &TriggerEvent, conv: &mut Conversation, b: &mut Brief<'e>) {
        for ct in &self.triggers {
            let t = &ct.trigger;
            if t.event.as_ref() != Some(event) || !self.fires(ct, event, conv) {
                continue;
            }
            b.triggers.push(&t.id);
            for (slot, value) in &ct.updates {
                conv.assign(&self.table, *slot, ValueRef::Text(value), &self.zone);
                b.updates.push((&self.table.fields[*slot].id, value));
            }
        }
        // By field id, the last write kept (a stable sort keeps write order).
        if b.updates.len() > 1 {
            b.updates.sort_by_key(|&(field, _)| field);
            let mut kept = 0;
            for i in 0..b.updates.len() {
                let last_of_field = b.updates.get(i + 1).is_none_or(|next| next.0 != b.updates[i].0);
                if last_of_field {
                    b.updates[kept] = b.updates[i];
                    kept += 1;
                }
            }
            b.updates.truncate(kept);
        }
    }

    fn sla_brief<'e>(
        &'e self,
        conv: &Conversation,
        at: Option<i64>,
        replied: Option<i64>,
        b: &mut Brief<'e>,
    ) {
        let Some(cp) = self.first_policy.find(conv, |i| &self.policies[i].set).map(|i| &self.policies[i])
        else {
            b.sla_policy = Some("none");
            return;
        };
        let p = &cp.policy;
        b.sla_policy = Some(&p.id);
        let business = p.operational_hour == Some(OperationalHour::BusinessHours);
        let created = self.created_at(&conv.text(self.known.created), at);
        b.due = [
            self.due_at(p.target(Measure::FirstResponse), created, business),
            self.due_at(p.target(Measure::NextResponse), replied, business),
            self.due_at(p.target(Measure::Resolution), created, business),
        ];
    }
}
