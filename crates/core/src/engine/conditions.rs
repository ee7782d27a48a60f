//! Conditions compiled for their field's type (contract §4), and the
//! conversation values they are tested against.

use serde::{Deserialize, Serialize};

use super::clock::Zone;
use super::expr::{self, Expr};
use super::sample::FieldValue;
use crate::date::DateValue;
use crate::model::{Condition, Field, FieldType, MatchType, When};

/// The fields, by id, with a slot number each.
#[derive(Debug, Clone, Default)]
pub(crate) struct FieldTable {
    // Looked up for every field of every sample: Fx, as the keys are the
    // admins' field ids (a sample's keys are only looked up, never added).
    slots: rustc_hash::FxHashMap<String, usize>,
    pub fields: Vec<Field>,
}

impl FieldTable {
    pub fn new(fields: &[Field]) -> Self {
        let mut table = FieldTable::default();
        for f in fields {
            if !table.slots.contains_key(&f.id) {
                table.slots.insert(f.id.clone(), table.fields.len());
                table.fields.push(f.clone());
            }
        }
        table
    }

    pub fn slot(&self, id: &str) -> Option<usize> {
        self.slots.get(id).copied()
    }

    pub fn name(&self, id: &str) -> String {
        self.slot(id).map_or_else(|| id.to_owned(), |s| self.fields[s].name.clone())
    }
}

/// A field value with what the tests need pre-computed. Slots are reused
/// from one conversation to the next (the bulk path): assigning a value
/// writes into the buffers already there instead of allocating new ones.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    present: bool,
    /// "No value" (contract §4): absent, empty text or an empty list; noted
    /// when assigned, as every condition test asks it first.
    missing: bool,
    /// The value, when `present` (otherwise what is left of an earlier one).
    value: FieldValue,
    /// Unicode lower case, for text comparisons.
    lower: String,
    /// The byte pairs of `lower` ([`byte_pairs`]): a contains test whose
    /// needle has a pair this lacks fails without a search.
    pairs: u64,
    /// A hash of what `is`/`isNot` compare (the lower case for text kinds,
    /// else the text): unequal hashes are unequal values, without a
    /// string compare for most condition tests.
    key: u64,
    num: Option<f64>,
    /// The number exactly, when it is a whole number past what an f64
    /// holds exactly (2^53): two order numbers of 19 digits that differ in
    /// the last would compare equal as f64s.
    whole: Option<i64>,
    /// Local date (days since 1970-01-01) in the working-time zone.
    day: Option<i64>,
    /// The instant, when the value is a full timestamp.
    instant: Option<i64>,
    flag: Option<bool>,
}

impl Default for Slot {
    fn default() -> Self {
        Slot {
            present: false,
            missing: true,
            value: FieldValue::Text(String::new()),
            lower: String::new(),
            pairs: u64::MAX,
            key: 0,
            num: None,
            whole: None,
            day: None,
            instant: None,
            flag: None,
        }
    }
}

/// A value to assign, borrowed from a sample or the settings.
#[derive(Clone, Copy)]
pub(crate) enum ValueRef<'a> {
    Text(&'a str),
    /// A JSON number: its text as written out, and its value (so a number
    /// field need not read the text back).
    Number(&'a str, f64),
    List(&'a [String]),
}

impl<'a> From<&'a FieldValue> for ValueRef<'a> {
    fn from(v: &'a FieldValue) -> Self {
        match v {
            FieldValue::Text(t) => ValueRef::Text(t),
            FieldValue::List(l) => ValueRef::List(l),
        }
    }
}

impl Slot {
    fn assign(&mut self, value: ValueRef<'_>, kind: Option<&FieldType>, zone: &Zone) {
        self.hold(value, kind, zone);
        self.missing = match &self.value {
            FieldValue::Text(t) => t.is_empty(),
            FieldValue::List(l) => l.is_empty(),
        };
    }

    /// Holds the value and what the tests need of it.
    fn hold(&mut self, value: ValueRef<'_>, kind: Option<&FieldType>, zone: &Zone) {
        let Slot { present, missing: _, value: held, lower, pairs, key, num, whole, day, instant, flag } =
            self;
        *present = true;
        (*num, *whole, *day, *instant, *flag) = (None, None, None, None, None);
        lower.clear();
        *pairs = u64::MAX;
        // A list compares as "" (it has no text).
        *key = equality_key("");
        let text = match (kind, value) {
            // A checkbox list given as text holds its comma-separated values.
            (Some(FieldType::CheckboxList), ValueRef::Text(t) | ValueRef::Number(t, _)) => {
                let items = list(held);
                items.clear();
                items.extend(t.split(',').map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned));
                return;
            }
            (_, ValueRef::List(from)) => {
                copy_list(list(held), from);
                return;
            }
            (_, ValueRef::Text(t) | ValueRef::Number(t, _)) => {
                if !matches!(held, FieldValue::Text(_)) {
                    *held = FieldValue::Text(String::new());
                }
                let FieldValue::Text(s) = held else { unreachable!("just made a text") };
                s.clear();
                s.push_str(t);
                t
            }
        };
        match kind {
            Some(FieldType::Integer | FieldType::Float) => {
                *num = match value {
                    ValueRef::Number(_, n) => Some(n),
                    _ => text.trim().parse::<f64>().ok(),
                }
                .filter(|f| f.is_finite());
                *whole = num.filter(|n| !exact_f64(*n)).and_then(|_| whole_number(text));
            }
            Some(FieldType::Date) => {
                if let Some((d, i)) = date_parts(text.trim(), zone) {
                    (*day, *instant) = (Some(d), i);
                }
            }
            Some(FieldType::Checkbox) => *flag = parse_flag(text),
            Some(k) if k.is_text() => {
                if text.is_ascii() {
                    lower.push_str(text);
                    lower.make_ascii_lowercase();
                } else {
                    // `str::to_lowercase` knows final sigma; per-char lowering does not.
                    *lower = text.to_lowercase();
                }
                *pairs = byte_pairs(lower.as_bytes());
            }
            _ => {}
        }
        *key = equality_key(if kind.is_some_and(FieldType::is_text) { lower } else { text });
    }

    fn value(&self) -> Option<&FieldValue> {
        self.present.then_some(&self.value)
    }

    fn text(&self) -> &str {
        match self.value() {
            Some(FieldValue::Text(t)) => t,
            _ => "",
        }
    }

    fn list_contains(&self, v: &str) -> bool {
        match self.value() {
            Some(FieldValue::List(items)) => items.iter().any(|i| i == v),
            _ => false,
        }
    }
}

/// Haystacks up to this long are searched directly in WebAssembly, where
/// the prepared search has no SIMD and its set-up per call costs more than
/// a short text (a fifth of a bulk run). Natively the prepared search is
/// SIMD and faster for any length.
const SHORT_TEXT: usize = if cfg!(target_arch = "wasm32") { 64 } else { 0 };

/// Texts up to this long get their byte pairs noted; a longer one (a
/// message body) would have nearly every pair, so it is searched as is.
const PAIRS_UP_TO: usize = 256;

/// The byte pairs of a short text as a 64-bit set (a pair's bit is a hash
/// of its two bytes); every bit set for a longer one. A needle has a pair
/// the text lacks only if the text cannot contain it — a search ruled out
/// at the cost of an AND.
pub(crate) fn byte_pairs(text: &[u8]) -> u64 {
    if text.len() > PAIRS_UP_TO {
        return u64::MAX;
    }
    needle_pairs(text)
}

/// Every byte pair of `text`, however long.
fn needle_pairs(text: &[u8]) -> u64 {
    text.windows(2).fold(0, |set, w| set | 1 << ((u32::from(w[0]) * 31 + u32::from(w[1])) & 63))
}

/// Whether the finder's needle occurs in `haystack`: directly for short
/// texts, by the prepared two-way search (linear) otherwise.
fn search(finder: &memchr::memmem::Finder<'_>, haystack: &[u8]) -> bool {
    if haystack.len() > SHORT_TEXT {
        return finder.find(haystack).is_some();
    }
    search_short(finder.needle(), haystack)
}

/// A direct scan: at most `haystack.len()` × `needle.len()` bytes compared,
/// so only for short haystacks (no text makes it slow there).
pub(crate) fn search_short(needle: &[u8], haystack: &[u8]) -> bool {
    let n = needle.len();
    let (Some(&first), Some(&last)) = (needle.first(), needle.last()) else { return true };
    let Some(last_start) = haystack.len().checked_sub(n) else { return false };
    // The first and last bytes rule out almost every place before the
    // bytes between are compared.
    (0..=last_start)
        .any(|i| haystack[i] == first && haystack[i + n - 1] == last && haystack[i..i + n] == *needle)
}

/// Whether an f64 holds this number's integer exactly (below 2^53), so
/// comparing f64s is comparing the numbers.
fn exact_f64(n: f64) -> bool {
    n.abs() < 9_007_199_254_740_992.0
}

/// A whole number as written (`-12`, `+7`, ` 42 `), exactly; none for a
/// fraction, an exponent or one past i64, which compare as f64.
fn whole_number(text: &str) -> Option<i64> {
    // i64's own parse takes exactly that: a sign, then digits.
    text.trim().parse().ok()
}

/// The hash `is`/`isNot` tests compare first.
fn equality_key(s: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

/// The slot's list, made one if it held text.
fn list(held: &mut FieldValue) -> &mut Vec<String> {
    if let FieldValue::Text(_) = held {
        *held = FieldValue::List(Vec::new());
    }
    match held {
        FieldValue::List(items) => items,
        FieldValue::Text(_) => unreachable!("just made a list"),
    }
}

/// Copies a list into a reused one, keeping its strings' buffers.
fn copy_list(to: &mut Vec<String>, from: &[String]) {
    to.truncate(from.len());
    let kept = to.len();
    for (to, from) in to.iter_mut().zip(from) {
        to.clone_from(from);
    }
    to.extend(from[kept..].iter().cloned());
}

/// A date value's local day in the zone, and its instant when it has one.
fn date_parts(text: &str, zone: &Zone) -> Option<(i64, Option<i64>)> {
    Some(match DateValue::parse(text)? {
        DateValue::Date(d) => (d.days_since_epoch(), None),
        DateValue::DateTime(dt) => {
            let t = dt.unix_seconds();
            (zone.local_day(t), Some(t))
        }
    })
}

fn parse_flag(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// The values of one conversation, by field slot.
#[derive(Debug, Clone, Default)]
pub(crate) struct Conversation {
    pub slots: Vec<Slot>,
}

impl Conversation {
    pub fn new(
        table: &FieldTable,
        values: &std::collections::BTreeMap<String, FieldValue>,
        zone: &Zone,
    ) -> Self {
        let mut conv = Conversation::default();
        conv.reset(table, values, zone);
        conv
    }

    /// Holds no value (its buffers are kept), with a slot per field.
    pub fn clear(&mut self, table: &FieldTable) {
        self.slots.resize_with(table.fields.len(), Slot::default);
        for s in &mut self.slots {
            (s.present, s.missing) = (false, true);
        }
    }

    /// Holds `values` instead of what it held (its buffers are kept).
    pub fn reset(
        &mut self,
        table: &FieldTable,
        values: &std::collections::BTreeMap<String, FieldValue>,
        zone: &Zone,
    ) {
        self.clear(table);
        for (id, v) in values {
            if let Some(slot) = table.slot(id) {
                self.assign(table, slot, v.into(), zone);
            }
        }
    }

    pub fn assign(&mut self, table: &FieldTable, slot: usize, value: ValueRef<'_>, zone: &Zone) {
        self.slots[slot].assign(value, table.fields[slot].field_type(), zone);
    }

    pub fn get(&self, slot: usize) -> Option<&FieldValue> {
        self.slots[slot].value()
    }

    /// The slot's value as text, borrowed when it is text (a list is joined).
    pub fn text(&self, slot: Option<usize>) -> std::borrow::Cow<'_, str> {
        match slot.and_then(|s| self.get(s)) {
            None => "".into(),
            Some(FieldValue::Text(t)) => t.as_str().into(),
            Some(list) => list.display().into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Contains,
    NotContains,
    Is,
    IsNot,
    More,
    Less,
}

#[derive(Debug, Clone)]
enum Test {
    /// The lower-case text, and its equality key.
    Text(Op, String, u64),
    /// `contains`/`notContains` on text: the lower-case text's search,
    /// prepared once (what a search sets up per call, it does here), and
    /// its byte pairs.
    Search(Op, Box<memchr::memmem::Finder<'static>>, u64),
    /// The number, and exactly when it is a whole one past 2^53.
    Number(Op, f64, Option<i64>),
    /// Local day, and the instant when the condition gives a full time.
    Date(Op, i64, Option<i64>),
    /// Options, agents, departments: exact equality.
    Equals(Op, String, u64),
    Flag(Op, bool),
    List(Op, String),
}

/// One compiled condition.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    slot: usize,
    test: Test,
}

fn op_of(m: &MatchType) -> Option<Op> {
    Some(match m {
        MatchType::Contains => Op::Contains,
        MatchType::NotContains => Op::NotContains,
        MatchType::Is => Op::Is,
        MatchType::IsNot => Op::IsNot,
        MatchType::IsMoreThan | MatchType::After => Op::More,
        MatchType::IsLessThan | MatchType::Before => Op::Less,
        MatchType::Unknown(_) => return None,
    })
}

impl Compiled {
    /// Compiles a condition, or says why it cannot be evaluated.
    pub fn new(c: &Condition, table: &FieldTable, zone: &Zone) -> Result<Compiled, String> {
        let slot = table.slot(&c.field_id).ok_or_else(|| format!("No field has the id '{}'.", c.field_id))?;
        let field = &table.fields[slot];
        let kind =
            field.field_type().ok_or_else(|| format!("The field '{}' has no valid type.", field.name))?;
        let match_type = c.match_type.as_ref().ok_or("The condition has no operator.")?;
        if !kind.match_types().contains(match_type) {
            return Err(format!("'{}' cannot be used with {}.", match_type.label(), field.name));
        }
        let op = op_of(match_type).ok_or("Unknown operator.")?;
        let v = c.value.as_str();
        let bad = || format!("'{v}' is not a valid value for {}.", field.name);
        let test = match kind {
            k if k.is_text() && matches!(op, Op::Contains | Op::NotContains) => {
                let needle = v.to_lowercase();
                // No prefilter: WebAssembly has no SIMD one, and the
                // generic one made the heavy bulk run 4% slower there
                // (natively it made no difference).
                let finder = memchr::memmem::FinderBuilder::new()
                    .prefilter(memchr::memmem::Prefilter::None)
                    .build_forward(&needle)
                    .into_owned();
                Test::Search(op, Box::new(finder), needle_pairs(needle.as_bytes()))
            }
            k if k.is_text() => {
                let lower = v.to_lowercase();
                let key = equality_key(&lower);
                Test::Text(op, lower, key)
            }
            FieldType::Integer | FieldType::Float => {
                let n = v.trim().parse::<f64>().ok().filter(|f| f.is_finite()).ok_or_else(bad)?;
                Test::Number(op, n, Some(n).filter(|n| !exact_f64(*n)).and_then(|_| whole_number(v)))
            }
            FieldType::Date => {
                let (day, instant) = date_parts(v.trim(), zone).ok_or_else(bad)?;
                Test::Date(op, day, instant)
            }
            FieldType::Checkbox => Test::Flag(op, parse_flag(v).ok_or_else(bad)?),
            FieldType::CheckboxList => Test::List(op, v.to_owned()),
            _ => Test::Equals(op, v.to_owned(), equality_key(v)),
        };
        Ok(Compiled { slot, test })
    }

    // Inlined into each loop over tests: in WebAssembly it stayed a call
    // per test, and the side-by-side bulk run in Node took 0.81–0.87 µs a
    // conversation instead of 0.72–0.75.
    #[inline(always)]
    pub fn matches(&self, conv: &Conversation) -> bool {
        let s = &conv.slots[self.slot];
        use Op::*;
        // Contract §4: a missing value matches `is ""`, `notContains` and
        // `isNot x` (x non-empty); nothing else. Unreadable values count as missing.
        let missing = |op: Op, expected_empty: bool| match op {
            Is => expected_empty,
            NotContains => true,
            IsNot => !expected_empty,
            _ => false,
        };
        if s.missing {
            let expected_empty = matches!(&self.test, Test::Text(_, v, _) if v.is_empty());
            return missing(self.op(), expected_empty);
        }
        match &self.test {
            Test::Search(op, finder, pairs) => {
                let found = pairs & !s.pairs == 0 && search(finder, s.lower.as_bytes());
                found == (*op == Contains)
            }
            Test::Text(op, v, key) => match op {
                Is => s.key == *key && s.lower == *v,
                _ => s.key != *key || s.lower != *v,
            },
            Test::Number(op, v, whole) => match s.num {
                None => missing(*op, false),
                // Below 2^53 on both sides (nearly always) f64s are exact;
                // a side past it is one only a whole number there settles.
                Some(n) if s.whole.is_none() && whole.is_none() => match op {
                    Is => n == *v,
                    IsNot => n != *v,
                    More => n > *v,
                    _ => n < *v,
                },
                Some(n) => {
                    let order = match (s.whole, whole) {
                        (Some(a), Some(b)) => a.cmp(b),
                        _ => n.total_cmp(v),
                    };
                    match op {
                        Is => order.is_eq(),
                        IsNot => order.is_ne(),
                        More => order.is_gt(),
                        _ => order.is_lt(),
                    }
                }
            },
            Test::Date(op, day, instant) => match s.day {
                None => missing(*op, false),
                Some(d) => match (op, instant, s.instant) {
                    // Two full timestamps compare as instants; anything
                    // involving a bare date compares calendar days.
                    (More, Some(b), Some(t)) => t > *b,
                    (Less, Some(b), Some(t)) => t < *b,
                    (More, _, _) => d > *day,
                    (Less, _, _) => d < *day,
                    (Is, _, _) => d == *day,
                    _ => d != *day,
                },
            },
            Test::Equals(op, v, key) => (s.key == *key && s.text() == v) == (*op == Is),
            Test::Flag(op, v) => match s.flag {
                None => missing(*op, false),
                Some(f) => (f == *v) == (*op == Is),
            },
            Test::List(op, v) => s.list_contains(v) == (*op == Contains),
        }
    }

    /// How much a test costs, roughly: comparing a number or a flag, then
    /// comparing hashes (and text when they agree), then looking through a
    /// list, then searching text.
    fn cost(&self) -> u8 {
        match &self.test {
            Test::Number(..) | Test::Date(..) | Test::Flag(..) => 0,
            Test::Text(..) | Test::Equals(..) => 1,
            Test::List(..) => 2,
            Test::Search(..) => 3,
        }
    }

    fn op(&self) -> Op {
        match &self.test {
            Test::Text(op, _, _)
            | Test::Search(op, _, _)
            | Test::Number(op, _, _)
            | Test::Date(op, _, _)
            | Test::Equals(op, _, _)
            | Test::Flag(op, _)
            | Test::List(op, _) => *op,
        }
    }
}

/// How the conditions of a set combine, compiled.
#[derive(Debug, Clone)]
enum Combine {
    All,
    Any,
    Expr(Expr),
}

/// A compiled condition set, or the reason it cannot be evaluated (a draft
/// with an unfinished condition never matches, and says why).
#[derive(Debug, Clone)]
pub(crate) struct CompiledSet {
    combine: Result<Combine, String>,
    conditions: Vec<Result<Compiled, String>>,
    /// The conditions as `all`/`any` test them: cheapest first (a number
    /// compared before a text searched; either order gives the same
    /// answer, and the cheap ones often decide it alone), each compiled —
    /// empty when the set has a problem (it never matches then).
    ordered: Box<[Compiled]>,
    problem: Option<String>,
    source: Vec<Condition>,
    when: When,
    expression: String,
}

impl CompiledSet {
    pub fn new(when: &When, expression: &str, list: &[Condition], table: &FieldTable, zone: &Zone) -> Self {
        if list.len() > crate::model::MAX_CONDITIONS {
            // A draft past the limit never matches; nothing of it is compiled.
            let problem = crate::model::too_many_conditions(list.len());
            return CompiledSet {
                combine: Err(problem.clone()),
                conditions: Vec::new(),
                ordered: Box::default(),
                problem: Some(problem),
                source: list.to_vec(),
                when: when.clone(),
                expression: expression.to_owned(),
            };
        }
        let combine = match when {
            When::All => Ok(Combine::All),
            When::Any => Ok(Combine::Any),
            When::LogicalExpression => expr::parse(expression, list.len())
                .map(Combine::Expr)
                .map_err(|errors| errors.into_iter().map(|e| e.message).collect::<Vec<_>>().join(" ")),
            When::Unknown(w) => Err(format!("Unknown match mode '{w}'.")),
        };
        let conditions: Vec<_> = list.iter().map(|c| Compiled::new(c, table, zone)).collect();
        let problem = match &combine {
            Err(e) => Some(e.clone()),
            Ok(_) => conditions
                .iter()
                .enumerate()
                .find_map(|(i, c)| c.as_ref().err().map(|e| format!("Condition {}: {e}", i + 1))),
        };
        let mut ordered: Vec<Compiled> = match (&problem, &combine) {
            (None, Ok(Combine::All | Combine::Any)) => {
                conditions.iter().filter_map(|c| c.as_ref().ok().cloned()).collect()
            }
            _ => Vec::new(),
        };
        crate::order::sort_by_key(&mut ordered, Compiled::cost);
        CompiledSet {
            combine,
            conditions,
            ordered: ordered.into(),
            problem,
            source: list.to_vec(),
            when: when.clone(),
            expression: expression.to_owned(),
        }
    }

    fn cond(&self, conv: &Conversation, n: usize) -> bool {
        matches!(self.conditions.get(n), Some(Ok(c)) if test(c, conv))
    }

    /// Whether the conversation matches, short-circuiting.
    pub fn matches(&self, conv: &Conversation) -> bool {
        if self.problem.is_some() {
            return false;
        }
        match &self.combine {
            Ok(Combine::All) => self.ordered.iter().all(|c| test(c, conv)),
            Ok(Combine::Any) => self.ordered.iter().any(|c| test(c, conv)),
            Ok(Combine::Expr(e)) => e.eval(&mut |n| self.cond(conv, n as usize - 1)),
            Err(_) => false,
        }
    }

    /// Every condition's verdict, with the actual and expected values.
    pub fn explain(&self, conv: &Conversation, table: &FieldTable) -> SetResult {
        let conditions = self
            .source
            .iter()
            .enumerate()
            .map(|(i, c)| ConditionResult {
                number: i + 1,
                field_id: c.field_id.clone(),
                field_name: table.name(&c.field_id),
                match_type: c.match_type.as_ref().map(|m| m.as_str().to_owned()).unwrap_or_default(),
                expected: c.value.clone(),
                actual: table
                    .slot(&c.field_id)
                    .and_then(|s| conv.get(s))
                    .map(FieldValue::display)
                    .unwrap_or_default(),
                matched: self.cond(conv, i),
            })
            .collect();
        SetResult {
            when: self.when.as_str().to_owned(),
            expression: (self.when == When::LogicalExpression).then(|| match &self.combine {
                Ok(Combine::Expr(e)) => e.to_string(),
                _ => self.expression.clone(),
            }),
            matched: self.matches(conv),
            conditions,
            problem: self.problem.clone(),
        }
    }

    /// How many condition tests one full evaluation may run (for benchmarks).
    pub fn len(&self) -> usize {
        self.conditions.len()
    }

    /// An upper bound of the tests one evaluation makes: each condition,
    /// and each reference a logical expression makes (at most one per
    /// character of its text).
    pub fn cost(&self) -> usize {
        1 + self.conditions.len() + self.expression.len()
    }
}

/// Condition sets in order, for finding the first that matches (routing
/// rules, SLA policies) on the bulk path: every `all`/`any` set's tests
/// side by side in one list, and a small entry per set, instead of a large
/// struct and a list of its own per set, scattered in memory. In
/// WebAssembly that took a tenth off the side-by-side bulk run
/// (docs/BENCHMARKS.md); natively it made no difference.
#[derive(Debug, Clone, Default)]
pub(crate) struct FirstMatch {
    tests: Vec<Compiled>,
    sets: Vec<Entry>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The set's tests: `tests[start..end]`, cheapest first.
    start: u32,
    end: u32,
    how: How,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    All,
    Any,
    /// A set with a problem.
    Never,
    /// A logical expression: the set itself is asked.
    Set,
}

impl FirstMatch {
    pub fn new<'a>(sets: impl IntoIterator<Item = &'a CompiledSet>) -> FirstMatch {
        let mut program = FirstMatch::default();
        for set in sets {
            let how = match (&set.problem, &set.combine) {
                (Some(_), _) | (_, Err(_)) => How::Never,
                (None, Ok(Combine::All)) => How::All,
                (None, Ok(Combine::Any)) => How::Any,
                (None, Ok(Combine::Expr(_))) => How::Set,
            };
            let start = program.tests.len() as u32;
            if matches!(how, How::All | How::Any) {
                program.tests.extend(set.ordered.iter().cloned());
            }
            program.sets.push(Entry { start, end: program.tests.len() as u32, how });
        }
        program
    }

    /// The index of the first set that matches; `set(i)` is the `i`th set
    /// given, asked for a logical expression.
    pub fn find<'s>(&self, conv: &Conversation, set: impl Fn(usize) -> &'s CompiledSet) -> Option<usize> {
        self.sets.iter().enumerate().position(|(i, e)| {
            let tests = || self.tests[e.start as usize..e.end as usize].iter();
            match e.how {
                How::All => tests().all(|c| test(c, conv)),
                How::Any => tests().any(|c| test(c, conv)),
                How::Never => false,
                How::Set => set(i).matches(conv),
            }
        })
    }
}

/// One condition test (counted, for benchmarks, with feature `stats`).
#[inline]
fn test(c: &Compiled, conv: &Conversation) -> bool {
    #[cfg(feature = "stats")]
    stats::CONDITIONS.with(|c| c.set(c.get() + 1));
    c.matches(conv)
}

/// One condition's verdict, for "why did this match?".
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionResult {
    /// 1-based, as in logical expressions.
    pub number: usize,
    pub field_id: String,
    pub field_name: String,
    pub match_type: String,
    pub expected: String,
    /// The conversation's value ("" when it has none).
    pub actual: String,
    pub matched: bool,
}

/// A condition set's verdict.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetResult {
    pub when: String,
    /// The expression in canonical form, for `logicalExpression`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    pub matched: bool,
    pub conditions: Vec<ConditionResult>,
    /// Why the set cannot be evaluated (an unfinished draft), if so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// Condition-test counter for benchmarks (feature `stats`).
#[cfg(feature = "stats")]
pub mod stats {
    use std::cell::Cell;

    thread_local! {
        pub(crate) static CONDITIONS: Cell<u64> = const { Cell::new(0) };
    }

    /// Condition tests run on this thread so far.
    pub fn conditions_evaluated() -> u64 {
        CONDITIONS.with(Cell::get)
    }
}

#[cfg(test)]
mod tests {
    use super::{byte_pairs, needle_pairs, search_short};
    use proptest::prelude::*;

    #[test]
    fn short_search_cases() {
        for (needle, haystack, found) in [
            ("", "", true),
            ("", "abc", true),
            ("a", "", false),
            ("a", "a", true),
            ("abc", "ab", false),
            ("refund", "a refund please", true),
            ("refund", "refun d", false),
            ("aab", "aaab", true),
            ("ab", "ba", false),
            ("é", "café", true),
        ] {
            assert_eq!(
                search_short(needle.as_bytes(), haystack.as_bytes()),
                found,
                "{needle:?} in {haystack:?}"
            );
        }
    }

    proptest! {
        // The prepared search is the oracle; a small alphabet makes near
        // misses (shared first or last bytes) common.
        #[test]
        fn short_search_agrees_with_memmem(needle in "[ab ]{0,6}", haystack in "[ab ]{0,70}") {
            let expected = memchr::memmem::find(haystack.as_bytes(), needle.as_bytes()).is_some();
            prop_assert_eq!(search_short(needle.as_bytes(), haystack.as_bytes()), expected);
        }

        // A needle with a byte pair the text lacks is never in it: the
        // pairs rule out only what the search would not find.
        #[test]
        fn byte_pairs_rule_out_only_misses(needle in "[abcé ]{0,8}", haystack in "[abcé ]{0,300}") {
            let (n, h) = (needle.as_bytes(), haystack.as_bytes());
            let found = memchr::memmem::find(h, n).is_some();
            let ruled_out = needle_pairs(n) & !byte_pairs(h) != 0;
            prop_assert!(!(found && ruled_out));
            if h.len() > 256 {
                prop_assert!(!ruled_out, "a long text rules nothing out");
            }
        }
    }
}
