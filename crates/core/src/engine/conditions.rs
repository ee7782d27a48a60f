//! Conditions compiled for their field's type (contract §4), and the
//! conversation values they are tested against.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::clock::Zone;
use super::expr::{self, Expr};
use super::sample::FieldValue;
use crate::date::DateValue;
use crate::model::{Condition, Field, FieldType, MatchType, When};

/// The fields, by id, with a slot number each.
#[derive(Debug, Clone, Default)]
pub(crate) struct FieldTable {
    slots: HashMap<String, usize>,
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

/// A field value with what the tests need pre-computed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Slot {
    pub value: Option<FieldValue>,
    /// Unicode lower case, for text comparisons.
    lower: String,
    num: Option<f64>,
    /// Local date (days since 1970-01-01) in the working-time zone.
    day: Option<i64>,
    /// The instant, when the value is a full timestamp.
    instant: Option<i64>,
    flag: Option<bool>,
}

impl Slot {
    fn new(value: FieldValue, kind: Option<&FieldType>, zone: &Zone) -> Slot {
        let mut slot = Slot::default();
        if let FieldValue::Text(text) = &value {
            match kind {
                Some(FieldType::Integer | FieldType::Float) => {
                    slot.num = text.trim().parse::<f64>().ok().filter(|f| f.is_finite())
                }
                Some(FieldType::Date) => {
                    if let Some((day, instant)) = date_parts(text.trim(), zone) {
                        (slot.day, slot.instant) = (Some(day), instant);
                    }
                }
                Some(FieldType::Checkbox) => slot.flag = parse_flag(text),
                Some(k) if k.is_text() => slot.lower = text.to_lowercase(),
                _ => {}
            }
        }
        slot.value = Some(value);
        slot
    }

    /// "No value": absent, empty text or an empty list.
    fn is_missing(&self) -> bool {
        match &self.value {
            None => true,
            Some(FieldValue::Text(t)) => t.is_empty(),
            Some(FieldValue::List(l)) => l.is_empty(),
        }
    }

    fn text(&self) -> &str {
        match &self.value {
            Some(FieldValue::Text(t)) => t,
            _ => "",
        }
    }

    fn list_contains(&self, v: &str) -> bool {
        match &self.value {
            Some(FieldValue::List(items)) => items.iter().any(|i| i == v),
            _ => false,
        }
    }
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
#[derive(Debug, Clone)]
pub(crate) struct Conversation {
    pub slots: Vec<Slot>,
}

impl Conversation {
    pub fn new(
        table: &FieldTable,
        values: &std::collections::BTreeMap<String, FieldValue>,
        zone: &Zone,
    ) -> Self {
        let mut conv = Conversation { slots: vec![Slot::default(); table.fields.len()] };
        for (id, v) in values {
            if let Some(slot) = table.slot(id) {
                conv.set(table, slot, v.clone(), zone);
            }
        }
        conv
    }

    pub fn set(&mut self, table: &FieldTable, slot: usize, value: FieldValue, zone: &Zone) {
        let kind = table.fields[slot].field_type();
        let value = match (kind, value) {
            // A checkbox list given as text holds its comma-separated values.
            (Some(FieldType::CheckboxList), FieldValue::Text(t)) => FieldValue::List(
                t.split(',').map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned).collect(),
            ),
            (_, v) => v,
        };
        self.slots[slot] = Slot::new(value, kind, zone);
    }

    pub fn get(&self, slot: usize) -> Option<&FieldValue> {
        self.slots[slot].value.as_ref()
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
    Text(Op, String),
    Number(Op, f64),
    /// Local day, and the instant when the condition gives a full time.
    Date(Op, i64, Option<i64>),
    /// Options, agents, departments: exact equality.
    Equals(Op, String),
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
            k if k.is_text() => Test::Text(op, v.to_lowercase()),
            FieldType::Integer | FieldType::Float => {
                Test::Number(op, v.trim().parse::<f64>().ok().filter(|f| f.is_finite()).ok_or_else(bad)?)
            }
            FieldType::Date => {
                let (day, instant) = date_parts(v.trim(), zone).ok_or_else(bad)?;
                Test::Date(op, day, instant)
            }
            FieldType::Checkbox => Test::Flag(op, parse_flag(v).ok_or_else(bad)?),
            FieldType::CheckboxList => Test::List(op, v.to_owned()),
            _ => Test::Equals(op, v.to_owned()),
        };
        Ok(Compiled { slot, test })
    }

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
        if s.is_missing() {
            let expected_empty = matches!(&self.test, Test::Text(_, v) if v.is_empty());
            return missing(self.op(), expected_empty);
        }
        match &self.test {
            Test::Text(op, v) => match op {
                Contains => s.lower.contains(v.as_str()),
                NotContains => !s.lower.contains(v.as_str()),
                Is => s.lower == *v,
                _ => s.lower != *v,
            },
            Test::Number(op, v) => match s.num {
                None => missing(*op, false),
                Some(n) => match op {
                    Is => n == *v,
                    IsNot => n != *v,
                    More => n > *v,
                    _ => n < *v,
                },
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
            Test::Equals(op, v) => (s.text() == v) == (*op == Is),
            Test::Flag(op, v) => match s.flag {
                None => missing(*op, false),
                Some(f) => (f == *v) == (*op == Is),
            },
            Test::List(op, v) => s.list_contains(v) == (*op == Contains),
        }
    }

    fn op(&self) -> Op {
        match &self.test {
            Test::Text(op, _)
            | Test::Number(op, _)
            | Test::Date(op, _, _)
            | Test::Equals(op, _)
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
        CompiledSet {
            combine,
            conditions,
            problem,
            source: list.to_vec(),
            when: when.clone(),
            expression: expression.to_owned(),
        }
    }

    fn cond(&self, conv: &Conversation, n: usize) -> bool {
        #[cfg(feature = "stats")]
        stats::CONDITIONS.with(|c| c.set(c.get() + 1));
        matches!(self.conditions.get(n), Some(Ok(c)) if c.matches(conv))
    }

    /// Whether the conversation matches, short-circuiting.
    pub fn matches(&self, conv: &Conversation) -> bool {
        if self.problem.is_some() {
            return false;
        }
        match &self.combine {
            Ok(Combine::All) => (0..self.conditions.len()).all(|i| self.cond(conv, i)),
            Ok(Combine::Any) => (0..self.conditions.len()).any(|i| self.cond(conv, i)),
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
