//! Samples read straight from JSON text, one at a time (the bulk path):
//! no `Sample` per conversation, no map of its fields — each field is
//! borrowed from the text (copied only when it has escapes) and written
//! into the runner's slots, times are parsed once, and the buffers are
//! reused from one sample to the next.
//!
//! It reads exactly what [`Sample`]'s own reader reads and
//! `Sample::validate` accepts; anything else — a wrong shape, an invalid
//! time, an unknown event, a duplicate key, a NUL escape — is
//! [`NotRead`], and the caller reads the text the strict way, which says
//! what is wrong and where (or, should the two ever differ, answers
//! anyway). Tests check both readers agree sample by sample.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{AgentLoad, Sample};
use crate::date::{DateTime, DateValue};
use crate::model::TriggerEvent;
use crate::wire::{self, Scalar};

/// The text is not read on the fast path; read it the strict way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotRead;

/// A field's value as the text has it.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue<'t> {
    /// Text (a `null` is empty text, as [`Scalar`] reads it).
    Text(Cow<'t, str>),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(Vec<String>),
}

impl RawValue<'_> {
    /// The value as text, as [`Scalar::into_string`] writes it, into `buf`
    /// (a list has none).
    pub fn write_text<'a>(&'a self, buf: &'a mut String) -> Option<&'a str> {
        use std::fmt::Write;
        buf.clear();
        match self {
            RawValue::Text(t) => return Some(t),
            RawValue::Int(n) => {
                buf.push_str(itoa::Buffer::new().format(*n));
                Ok(())
            }
            RawValue::Float(f) => write!(buf, "{f}"),
            RawValue::Bool(b) => write!(buf, "{b}"),
            RawValue::List(_) => return None,
        }
        .ok()?;
        Some(buf)
    }
}

/// One sample as read: its fields in the text's order, the rest of it in
/// `head` (whose `fields` stay empty), and its times parsed.
#[derive(Debug, Default)]
pub struct RawSample<'t> {
    pub fields: Vec<(Cow<'t, str>, RawValue<'t>)>,
    pub head: Sample,
    /// `at`, or the `now` given when it has none.
    pub at: Option<i64>,
    pub replied: Option<i64>,
    /// The last time text read, and its instant ("" before any).
    last_time: (String, i64),
}

impl RawSample<'_> {
    fn clear(&mut self) {
        self.fields.clear();
        // Each part emptied (the field list keeps its buffer); named one by
        // one so a part added to `Sample` cannot be left out.
        let Sample {
            fields,
            event,
            at,
            last_contact_reply_time,
            agents,
            last_assignee_id,
            last_allocated_agent_id,
        } = &mut self.head;
        fields.clear();
        agents.clear();
        (*event, *at, *last_contact_reply_time, *last_assignee_id, *last_allocated_agent_id) =
            (None, None, None, None, None);
        (self.at, self.replied) = (None, None);
    }
}

/// Reads `text`, a JSON array of samples, calling `each` with every
/// sample's index and reading; answers how many there were. Samples
/// without `at` happen at `now`.
pub fn for_each_sample<'t>(
    text: &'t str,
    now: Option<i64>,
    each: impl FnMut(usize, &RawSample<'t>),
) -> Result<usize, NotRead> {
    // The strict reader refuses NUL anywhere; it says where.
    if memchr::memchr_iter(b'\\', text.as_bytes()).any(|i| text.as_bytes()[i + 1..].starts_with(b"u0000")) {
        return Err(NotRead);
    }
    let mut raw = RawSample::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let count = de.deserialize_seq(Samples { raw: &mut raw, now, each }).map_err(|_| NotRead)?;
    de.end().map_err(|_| NotRead)?;
    Ok(count)
}

struct Samples<'a, 't, F> {
    raw: &'a mut RawSample<'t>,
    now: Option<i64>,
    each: F,
}

impl<'t, F: FnMut(usize, &RawSample<'t>)> Visitor<'t> for Samples<'_, 't, F> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of samples")
    }

    fn visit_seq<A: SeqAccess<'t>>(mut self, mut seq: A) -> Result<usize, A::Error> {
        let mut count = 0;
        while seq.next_element_seed(SampleSeed { raw: &mut *self.raw, now: self.now })?.is_some() {
            (self.each)(count, self.raw);
            count += 1;
        }
        Ok(count)
    }
}

struct SampleSeed<'a, 't> {
    raw: &'a mut RawSample<'t>,
    now: Option<i64>,
}

impl<'t> DeserializeSeed<'t> for SampleSeed<'_, 't> {
    type Value = ();

    fn deserialize<D: Deserializer<'t>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

/// The keys of a sample (`Sample`'s camelCase names).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Fields,
    Event,
    At,
    Replied,
    Agents,
    LastAssignee,
    LastAllocated,
    Other,
}

impl Key {
    fn of(name: &str) -> Key {
        match name {
            "fields" => Key::Fields,
            "event" => Key::Event,
            "at" => Key::At,
            "lastContactReplyTime" => Key::Replied,
            "agents" => Key::Agents,
            "lastAssigneeId" => Key::LastAssignee,
            "lastAllocatedAgentId" => Key::LastAllocated,
            _ => Key::Other,
        }
    }
}

struct KeySeed;

impl<'t> DeserializeSeed<'t> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'t>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E>(self, s: &str) -> Result<Key, E> {
        Ok(Key::of(s))
    }
}

fn invalid<E: de::Error>() -> E {
    E::custom("read the strict way")
}

impl<'t> Visitor<'t> for SampleSeed<'_, 't> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sample object")
    }

    fn visit_map<A: MapAccess<'t>>(self, mut map: A) -> Result<(), A::Error> {
        let raw = self.raw;
        raw.clear();
        // The keys read so far, a bit each (no allocation per sample).
        const _: () = assert!((Key::Other as u8) < 8, "a bit per key in a u8");
        let mut seen = 0u8;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            // A key given twice is left to the strict reader (this one
            // gives up, and the caller falls back to it), so both agree.
            if key != Key::Other {
                let bit = 1u8 << key as u8;
                if seen & bit != 0 {
                    return Err(invalid());
                }
                seen |= bit;
            }
            match key {
                Key::Fields => map.next_value_seed(FieldsSeed(&mut raw.fields))?,
                Key::Event => {
                    let event: Option<TriggerEvent> = map.next_value()?;
                    if event.as_ref().is_some_and(|e| !e.is_known()) {
                        return Err(invalid());
                    }
                    raw.head.event = event;
                }
                Key::At => raw.at = map.next_value_seed(TimeSeed(&mut raw.last_time))?,
                Key::Replied => raw.replied = map.next_value_seed(TimeSeed(&mut raw.last_time))?,
                Key::Agents => {
                    let agents: Vec<AgentLoad> = map.next_value()?;
                    let readable = |a: &AgentLoad| {
                        a.last_allocated_at.as_deref().is_none_or(|t| DateTime::parse(t).is_some())
                    };
                    if !agents.iter().all(readable) {
                        return Err(invalid());
                    }
                    raw.head.agents = agents;
                }
                Key::LastAssignee => raw.head.last_assignee_id = map.next_value_seed(OptId)?,
                Key::LastAllocated => raw.head.last_allocated_agent_id = map.next_value_seed(OptId)?,
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if raw.at.is_none() {
            raw.at = self.now;
        }
        Ok(())
    }
}

/// An RFC 3339 time (or null): its instant; anything else is not read.
/// Holds the last valid time text read and its instant, as samples often
/// share one (`at` of a batch).
struct TimeSeed<'a>(&'a mut (String, i64));

impl<'t> DeserializeSeed<'t> for TimeSeed<'_> {
    type Value = Option<i64>;

    fn deserialize<D: Deserializer<'t>>(self, d: D) -> Result<Option<i64>, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'t> Visitor<'t> for TimeSeed<'_> {
    type Value = Option<i64>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a time")
    }

    fn visit_none<E>(self) -> Result<Option<i64>, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Option<i64>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'t>>(self, d: D) -> Result<Option<i64>, D::Error> {
        d.deserialize_str(self)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Option<i64>, E> {
        let (text, instant) = self.0;
        // "" is never a time, and is what the cache holds before the first.
        if s.is_empty() || text != s {
            *instant = DateTime::parse(s).ok_or_else(invalid)?.unix_seconds();
            text.clear();
            text.push_str(s);
        }
        Ok(Some(*instant))
    }
}

/// An agent id as `wire::opt_id` reads it.
struct OptId;

impl<'t> DeserializeSeed<'t> for OptId {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'t>>(self, d: D) -> Result<Option<String>, D::Error> {
        wire::opt_id(d)
    }
}

/// `fields`: an object of field id → value.
struct FieldsSeed<'a, 't>(&'a mut Vec<(Cow<'t, str>, RawValue<'t>)>);

impl<'t> DeserializeSeed<'t> for FieldsSeed<'_, 't> {
    type Value = ();

    fn deserialize<D: Deserializer<'t>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'t> Visitor<'t> for FieldsSeed<'_, 't> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the fields")
    }

    fn visit_map<A: MapAccess<'t>>(self, mut map: A) -> Result<(), A::Error> {
        let mut scratch = String::new();
        while let Some(id) = map.next_key_seed(Text)? {
            let value = map.next_value_seed(ValueSeed)?;
            // As `Sample::validate`: a created time must be a date or time.
            if id == "createdTime" {
                if let Some(t) = value.write_text(&mut scratch) {
                    if !t.is_empty() && DateValue::parse(t).is_none() {
                        return Err(invalid());
                    }
                }
            }
            self.0.push((id, value));
        }
        Ok(())
    }
}

/// A string, borrowed from the text unless it has escapes.
struct Text;

impl<'t> DeserializeSeed<'t> for Text {
    type Value = Cow<'t, str>;

    fn deserialize<D: Deserializer<'t>>(self, d: D) -> Result<Cow<'t, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'t> Visitor<'t> for Text {
    type Value = Cow<'t, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E>(self, s: &'t str) -> Result<Cow<'t, str>, E> {
        Ok(Cow::Borrowed(s))
    }

    fn visit_str<E>(self, s: &str) -> Result<Cow<'t, str>, E> {
        Ok(Cow::Owned(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Cow<'t, str>, E> {
        Ok(Cow::Owned(s))
    }
}

/// A field's value as `FieldValue` reads it: a scalar, or a list of them.
struct ValueSeed;

impl<'t> DeserializeSeed<'t> for ValueSeed {
    type Value = RawValue<'t>;

    fn deserialize<D: Deserializer<'t>>(self, d: D) -> Result<RawValue<'t>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'t> Visitor<'t> for ValueSeed {
    type Value = RawValue<'t>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, number, boolean, null or a list of them")
    }

    fn visit_borrowed_str<E>(self, s: &'t str) -> Result<RawValue<'t>, E> {
        Ok(RawValue::Text(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<RawValue<'t>, E> {
        Ok(RawValue::Text(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E>(self, s: String) -> Result<RawValue<'t>, E> {
        Ok(RawValue::Text(Cow::Owned(s)))
    }

    fn visit_i64<E>(self, n: i64) -> Result<RawValue<'t>, E> {
        Ok(RawValue::Int(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<RawValue<'t>, E> {
        Ok(i64::try_from(n).map_or(RawValue::Float(n as f64), RawValue::Int))
    }

    fn visit_f64<E>(self, f: f64) -> Result<RawValue<'t>, E> {
        Ok(RawValue::Float(f))
    }

    fn visit_bool<E>(self, b: bool) -> Result<RawValue<'t>, E> {
        Ok(RawValue::Bool(b))
    }

    fn visit_unit<E>(self) -> Result<RawValue<'t>, E> {
        Ok(RawValue::Text(Cow::Borrowed("")))
    }

    fn visit_none<E>(self) -> Result<RawValue<'t>, E> {
        Ok(RawValue::Text(Cow::Borrowed("")))
    }

    fn visit_seq<A: SeqAccess<'t>>(self, mut seq: A) -> Result<RawValue<'t>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Scalar>()? {
            items.push(item.into_string());
        }
        Ok(RawValue::List(items))
    }
}
