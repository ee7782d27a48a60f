//! Samples read straight from JSON text, one at a time (the bulk path):
//! no `Sample` per conversation, no map of its fields — each field is
//! borrowed from the text (copied only when it has escapes) and written
//! into the runner's slots, times are parsed once, and the buffers are
//! reused from one sample to the next. A scanner of its own reads what
//! samples mostly hold (objects, plain strings, whole numbers, literals);
//! serde_json reads the rest from where it starts (escapes, fractions,
//! lists, agents, keys of no interest). In Node, the side-by-side
//! workload's samples with no rule to test took 0.46 µs each with
//! serde_json reading it all, 0.34 µs this way.
//!
//! It reads exactly what [`Sample`]'s own reader reads and
//! `Sample::validate` accepts; anything else — a wrong shape, an invalid
//! time, an unknown event, a duplicate key, a NUL escape — is
//! [`NotRead`], and the caller reads the text the strict way, which says
//! what is wrong and where (or, should the two ever differ, answers
//! anyway). Tests check both readers agree sample by sample, on texts
//! written every way the strict reader accepts and on mutated ones.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

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
    mut each: impl FnMut(usize, &RawSample<'t>),
) -> Result<usize, NotRead> {
    // The strict reader refuses NUL in every value it reads (and says
    // where); a text with one anywhere, even in a key of no interest, is
    // left to it.
    if memchr::memchr_iter(b'\\', text.as_bytes()).any(|i| text.as_bytes()[i + 1..].starts_with(b"u0000")) {
        return Err(NotRead);
    }
    let mut r = Reader { text, pos: 0 };
    let mut raw = RawSample::default();
    let mut count = 0;
    r.expect(b'[')?;
    if !r.eat(b']') {
        loop {
            r.sample(&mut raw, now)?;
            each(count, &raw);
            count += 1;
            if !r.next_or_end(b']')? {
                break;
            }
        }
    }
    r.skip_space();
    if r.pos != text.len() {
        return Err(NotRead);
    }
    Ok(count)
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

/// A scanner over the text for what samples mostly are — objects, plain
/// strings, whole numbers, `true`, `false`, `null` — reading them where
/// they stand; anything else (an escape, a fraction, a list, an object of
/// no interest, an event, the agents) is read by serde_json from where
/// it starts, as the strict reader reads it. What JSON does not allow is
/// [`NotRead`].
struct Reader<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Reader<'t> {
    fn bytes(&self) -> &'t [u8] {
        self.text.as_bytes()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes().get(self.pos) {
            self.pos += 1;
        }
    }

    /// The next byte after any space, not taken.
    fn peek(&mut self) -> Result<u8, NotRead> {
        self.skip_space();
        self.bytes().get(self.pos).copied().ok_or(NotRead)
    }

    /// Takes `b` if it comes next.
    fn eat(&mut self, b: u8) -> bool {
        let next = self.peek() == Ok(b);
        self.pos += usize::from(next);
        next
    }

    fn expect(&mut self, b: u8) -> Result<(), NotRead> {
        if self.eat(b) {
            Ok(())
        } else {
            Err(NotRead)
        }
    }

    /// After an item of a list or an object: `true` at a comma (another
    /// follows), `false` at `close`.
    fn next_or_end(&mut self, close: u8) -> Result<bool, NotRead> {
        match self.peek()? {
            b',' => {
                self.pos += 1;
                Ok(true)
            }
            b if b == close => {
                self.pos += 1;
                Ok(false)
            }
            _ => Err(NotRead),
        }
    }

    /// The value that starts here, `depth` lists and objects deep, read by
    /// serde_json, which says where it ends.
    fn delegate<T: Deserialize<'t>>(&mut self, depth: usize) -> Result<T, NotRead> {
        let start = self.pos;
        let mut stream = serde_json::Deserializer::from_str(&self.text[start..]).into_iter::<T>();
        let value = stream.next().ok_or(NotRead)?.map_err(|_| NotRead)?;
        self.pos += stream.byte_offset();
        // The strict reader parses the whole text at once, so its nesting
        // limit counts the lists and objects around this value too.
        if depth + nesting(&self.bytes()[start..self.pos]) >= NESTING_LIMIT {
            return Err(NotRead);
        }
        Ok(value)
    }

    /// A string: borrowed from the text, or read by serde_json when it
    /// has an escape.
    fn string(&mut self) -> Result<Cow<'t, str>, NotRead> {
        if self.peek()? != b'"' {
            return Err(NotRead);
        }
        let start = self.pos + 1;
        let bytes = self.bytes();
        let mut end = start + plain_run(&bytes[start..]);
        loop {
            match bytes.get(end) {
                Some(b'"') => break,
                Some(b'\\') => return self.delegate::<Text<'t>>(0).map(|t| t.0),
                // JSON has no raw control characters in strings.
                Some(&b) if b < 0x20 => return Err(NotRead),
                Some(_) => end += 1,
                None => return Err(NotRead),
            }
        }
        self.pos = end + 1;
        // Both ends are at ASCII quotes, so on character boundaries.
        Ok(Cow::Borrowed(&self.text[start..end]))
    }

    /// `word` (`true`, `false`, `null`) if it comes next.
    fn literal(&mut self, word: &[u8]) -> Result<(), NotRead> {
        if self.bytes()[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(NotRead)
        }
    }

    /// A field's value as `FieldValue` reads it: plain text, a whole
    /// number of up to 18 digits, a flag or `null` here; the rest (a
    /// negative or long number, a fraction, a list) by serde_json.
    fn value(&mut self) -> Result<RawValue<'t>, NotRead> {
        Ok(match self.peek()? {
            b'"' => RawValue::Text(self.string()?),
            b'n' => {
                self.literal(b"null")?;
                RawValue::Text(Cow::Borrowed(""))
            }
            b't' => {
                self.literal(b"true")?;
                RawValue::Bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                RawValue::Bool(false)
            }
            b'0'..=b'9' => {
                let digits = self.bytes()[self.pos..].iter().take_while(|b| b.is_ascii_digit()).count();
                let after = self.bytes().get(self.pos + digits);
                // A leading zero is not JSON ("01"); serde_json says so.
                let plain = digits <= 18
                    && (digits == 1 || self.bytes()[self.pos] != b'0')
                    && !matches!(after, Some(b'.' | b'e' | b'E'));
                if !plain {
                    return self.delegate::<Any<'t>>(0).map(|v| v.0);
                }
                let n = self.bytes()[self.pos..self.pos + digits]
                    .iter()
                    .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
                self.pos += digits;
                RawValue::Int(n)
            }
            b'-' | b'[' => self.delegate::<Any<'t>>(FIELD_DEPTH)?.0,
            _ => return Err(NotRead),
        })
    }

    /// One sample into `raw` (cleared first).
    fn sample(&mut self, raw: &mut RawSample<'t>, now: Option<i64>) -> Result<(), NotRead> {
        raw.clear();
        self.expect(b'{')?;
        // The keys read so far, a bit each (no allocation per sample).
        const _: () = assert!((Key::Other as u8) < 8, "a bit per key in a u8");
        let mut seen = 0u8;
        if !self.eat(b'}') {
            loop {
                let key = Key::of(&self.string()?);
                self.expect(b':')?;
                // A key given twice is left to the strict reader (this one
                // gives up, and the caller falls back to it), so both agree.
                if key != Key::Other {
                    let bit = 1u8 << key as u8;
                    if seen & bit != 0 {
                        return Err(NotRead);
                    }
                    seen |= bit;
                }
                match key {
                    Key::Fields => self.fields(&mut raw.fields)?,
                    Key::Event => {
                        let event: Option<TriggerEvent> = self.delegate(SAMPLE_DEPTH)?;
                        if event.as_ref().is_some_and(|e| !e.is_known()) {
                            return Err(NotRead);
                        }
                        raw.head.event = event;
                    }
                    Key::At => raw.at = self.time(&mut raw.last_time)?,
                    Key::Replied => raw.replied = self.time(&mut raw.last_time)?,
                    Key::Agents => {
                        // Read as the strict reader reads them: the text as
                        // a JSON value, then through its own deserializer.
                        let value: serde_json::Value = self.delegate(SAMPLE_DEPTH)?;
                        let agents: Vec<AgentLoad> =
                            crate::decode::from_value(&value).map_err(|_| NotRead)?;
                        let readable = |a: &AgentLoad| {
                            a.last_allocated_at.as_deref().is_none_or(|t| DateTime::parse(t).is_some())
                        };
                        if !agents.iter().all(readable) {
                            return Err(NotRead);
                        }
                        raw.head.agents = agents;
                    }
                    Key::LastAssignee => raw.head.last_assignee_id = self.delegate::<OptId>(SAMPLE_DEPTH)?.0,
                    Key::LastAllocated => {
                        raw.head.last_allocated_agent_id = self.delegate::<OptId>(SAMPLE_DEPTH)?.0
                    }
                    Key::Other => {
                        // Parsed, not skipped: the strict reader parses the
                        // whole text, which refuses a number out of range or
                        // a lone surrogate that serde_json's skipping passes.
                        self.delegate::<serde_json::Value>(SAMPLE_DEPTH)?;
                    }
                }
                if !self.next_or_end(b'}')? {
                    break;
                }
            }
        }
        if raw.at.is_none() {
            raw.at = now;
        }
        Ok(())
    }

    /// An RFC 3339 time or `null`: its instant. `last` holds the last valid
    /// time text read and its instant, as samples often share one (`at` of
    /// a batch).
    fn time(&mut self, last: &mut (String, i64)) -> Result<Option<i64>, NotRead> {
        if self.peek()? == b'n' {
            self.literal(b"null")?;
            return Ok(None);
        }
        let s = self.string()?;
        let (text, instant) = last;
        // "" is never a time, and is what the cache holds before the first.
        if s.is_empty() || *text != s {
            *instant = DateTime::parse(&s).ok_or(NotRead)?.unix_seconds();
            text.clear();
            text.push_str(&s);
        }
        Ok(Some(*instant))
    }

    /// `fields`: an object of field id → value.
    fn fields(&mut self, fields: &mut Vec<(Cow<'t, str>, RawValue<'t>)>) -> Result<(), NotRead> {
        self.expect(b'{')?;
        if self.eat(b'}') {
            return Ok(());
        }
        let mut scratch = String::new();
        loop {
            let id = self.string()?;
            self.expect(b':')?;
            let value = self.value()?;
            // As `Sample::validate`: a created time must be a date or time.
            if id == "createdTime" {
                if let Some(t) = value.write_text(&mut scratch) {
                    if !t.is_empty() && DateValue::parse(t).is_none() {
                        return Err(NotRead);
                    }
                }
            }
            fields.push((id, value));
            if !self.next_or_end(b'}')? {
                return Ok(());
            }
        }
    }
}

/// How many bytes at the start of `bytes` are plain in a string (no
/// quote, backslash or control character), found eight at a time — the
/// last few (under eight) are left to the caller's byte-by-byte scan. Byte
/// by byte throughout, scanning strings was nearly half of reading samples.
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // A byte of the word that is zero has its high bit set here (and only
    // such a byte, or one after it, which the count below never reaches).
    let zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGHS;
    let mut n = 0;
    while let Some(chunk) = bytes.get(n..n + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let stops = zero(w ^ (ONES * u64::from(b'"')))
            | zero(w ^ (ONES * u64::from(b'\\')))
            // Bytes below 0x20: their high bit set after subtracting 0x20
            // and not before.
            | (w.wrapping_sub(ONES * 0x20) & !w & HIGHS);
        if stops != 0 {
            return n + (stops.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n
}

/// serde_json refuses text nested this deep (lists and objects).
const NESTING_LIMIT: usize = 128;
/// Lists and objects around a sample's values (the list of samples, the
/// sample), and around a field's value (and `fields`).
const SAMPLE_DEPTH: usize = 2;
const FIELD_DEPTH: usize = 3;

/// How deep lists and objects nest in `json`, one valid JSON value.
fn nesting(json: &[u8]) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0, false, false);
    for &b in json {
        if in_string {
            (in_string, escaped) = match (escaped, b) {
                (true, _) => (true, false),
                (false, b'\\') => (true, true),
                (false, b'"') => (false, false),
                _ => (true, false),
            };
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// An agent id as `wire::opt_id` reads it.
struct OptId(Option<String>);

impl<'t> Deserialize<'t> for OptId {
    fn deserialize<D: Deserializer<'t>>(d: D) -> Result<OptId, D::Error> {
        wire::opt_id(d).map(OptId)
    }
}

/// A string with escapes, as serde_json reads it.
struct Text<'t>(Cow<'t, str>);

impl<'t> Deserialize<'t> for Text<'t> {
    fn deserialize<D: Deserializer<'t>>(d: D) -> Result<Text<'t>, D::Error> {
        d.deserialize_str(TextVisitor)
    }
}

struct TextVisitor;

impl<'t> Visitor<'t> for TextVisitor {
    type Value = Text<'t>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E>(self, s: &'t str) -> Result<Text<'t>, E> {
        Ok(Text(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Text<'t>, E> {
        Ok(Text(Cow::Owned(s.to_owned())))
    }
}

/// A field's value as `FieldValue` reads it: a scalar, or a list of them.
struct Any<'t>(RawValue<'t>);

impl<'t> Deserialize<'t> for Any<'t> {
    fn deserialize<D: Deserializer<'t>>(d: D) -> Result<Any<'t>, D::Error> {
        d.deserialize_any(AnyVisitor)
    }
}

struct AnyVisitor;

impl<'t> Visitor<'t> for AnyVisitor {
    type Value = Any<'t>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, number, boolean, null or a list of them")
    }

    fn visit_borrowed_str<E>(self, s: &'t str) -> Result<Any<'t>, E> {
        Ok(Any(RawValue::Text(Cow::Borrowed(s))))
    }

    fn visit_str<E>(self, s: &str) -> Result<Any<'t>, E> {
        Ok(Any(RawValue::Text(Cow::Owned(s.to_owned()))))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Any<'t>, E> {
        Ok(Any(RawValue::Int(n)))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Any<'t>, E> {
        Ok(Any(i64::try_from(n).map_or(RawValue::Float(n as f64), RawValue::Int)))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Any<'t>, E> {
        Ok(Any(RawValue::Float(f)))
    }

    fn visit_bool<E>(self, b: bool) -> Result<Any<'t>, E> {
        Ok(Any(RawValue::Bool(b)))
    }

    fn visit_unit<E>(self) -> Result<Any<'t>, E> {
        Ok(Any(RawValue::Text(Cow::Borrowed(""))))
    }

    fn visit_seq<A: SeqAccess<'t>>(self, mut seq: A) -> Result<Any<'t>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Scalar>()? {
            items.push(item.into_string());
        }
        Ok(Any(RawValue::List(items)))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        // Eight at a time finds exactly the first stop a byte-by-byte scan
        // finds; bytes around the boundaries (0x1f/0x20, quote, backslash,
        // 0x7f/0x80, 0xff) are common in the inputs.
        #[test]
        fn plain_run_stops_where_a_byte_scan_stops(bytes in proptest::collection::vec(
            prop_oneof![Just(0u8), Just(0x1f), Just(0x20), Just(b'"'), Just(b'\\'), Just(0x7f), Just(0x80),
                        Just(0xff), Just(b'a'), 0u8..=255], 0..40)) {
            let by_byte = bytes.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(bytes.len());
            // The eight-byte scan may stop short of the end (the last few
            // bytes are left to the caller), never past a stop.
            let run = super::plain_run(&bytes);
            prop_assert!(run <= by_byte);
            prop_assert!(by_byte - run < 8 || by_byte == run, "{run} of {by_byte}");
            if by_byte < bytes.len() / 8 * 8 {
                prop_assert_eq!(run, by_byte);
            }
        }
    }
}
