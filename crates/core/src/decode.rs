//! Reading JSON input (request bodies, settings files, engine arguments)
//! strictly and boundedly, with the path of whatever is wrong (contract §11).
//!
//! serde's derived structs also accept a JSON array of their fields in
//! order, so `["", "T", true, 1]` would make a trigger. Here the text is
//! parsed once into a [`Value`] (serde_json bounds the nesting at 128
//! levels, so no input can exhaust the stack) and types are read from it by
//! a deserializer that only lets objects be structs or maps, refuses NUL
//! characters in every string and key, and names the path of the first
//! error (`triggers[2].conditions[0]`).

use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use serde_json::{Map, Value};

/// What went wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub kind: DecodeErrorKind,
    /// The JSON path in the input's own names, `""` for the whole input.
    pub path: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeErrorKind {
    /// Not JSON at all (or nested past serde_json's limit).
    Syntax,
    /// JSON, but a value of the wrong shape or type.
    Shape,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DecodeError {}

/// Parses JSON text and reads a `T` from it.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    from_value(&parse(bytes)?)
}

/// [`from_slice`] for text.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, DecodeError> {
    from_slice(text.as_bytes())
}

/// Parses JSON text into a [`Value`] (nesting bounded by serde_json).
pub fn parse(bytes: &[u8]) -> Result<Value, DecodeError> {
    serde_json::from_slice(bytes).map_err(|e| DecodeError {
        kind: DecodeErrorKind::Syntax,
        path: String::new(),
        message: if e.to_string().starts_with("recursion limit exceeded") {
            format!(
                "The JSON nests too deeply (more than 128 levels) at line {}, column {}.",
                e.line(),
                e.column()
            )
        } else {
            format!("The body is not valid JSON: {e}.")
        },
    })
}

/// Reads a `T` from an already parsed value.
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, DecodeError> {
    T::deserialize(Node { value, path: &Seg::Root }).map_err(Error::into_decode)
}

/// Reads a `T` from a value inside a `Deserialize` impl (one that had to
/// look at the whole object first), so an error keeps its path: `at` is
/// where `value` sits relative to the object being deserialized.
pub fn nested<T: DeserializeOwned, E: de::Error>(value: &Value, at: &str) -> Result<T, E> {
    from_value(value).map_err(|e| E::custom(format!("{MARK}{}{MARK}{}", join(at, &e.path), e.message)))
}

/// A problem at `path` (relative to the object being deserialized), as a
/// serde error that keeps its path the way [`nested`]'s do.
pub fn at_path<E: de::Error>(path: &str, message: impl fmt::Display) -> E {
    E::custom(format!("{MARK}{path}{MARK}{message}"))
}

/// A bare message as a serde error, for code that passes a nested error on
/// from outside a deserializer (a `TryFrom` behind `#[serde(try_from)]`).
#[derive(Debug)]
pub struct Message(pub String);

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Message {}

impl de::Error for Message {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Message(msg.to_string())
    }
}

/// Separates a nested error's relative path from its message.
const MARK: char = '\u{1f}';

fn join(parent: &str, child: &str) -> String {
    match (parent.is_empty(), child.is_empty()) {
        (true, _) => child.to_owned(),
        (_, true) => parent.to_owned(),
        _ if child.starts_with('[') => format!("{parent}{child}"),
        _ => format!("{parent}.{child}"),
    }
}

/// Where a value sits, built on the stack as the reader descends; turned
/// into text only for an error.
enum Seg<'a> {
    Root,
    Key(&'a Seg<'a>, &'a str),
    Index(&'a Seg<'a>, usize),
}

impl Seg<'_> {
    fn render(&self) -> String {
        match self {
            Seg::Root => String::new(),
            Seg::Key(parent, key) => join(&parent.render(), key),
            Seg::Index(parent, i) => format!("{}[{i}]", parent.render()),
        }
    }
}

/// The error type while reading: a message and, once known, its path.
/// Boxed: every `Result` of the reader carries it, so it must be small.
#[derive(Debug)]
struct Error(Box<Failure>);

#[derive(Debug)]
struct Failure {
    message: String,
    /// `None` until the innermost value that failed claims it.
    path: Option<String>,
    /// A nested read's path below the value that reported it.
    below: Option<String>,
}

impl Error {
    fn new(message: String, below: Option<String>) -> Self {
        Error(Box::new(Failure { message, path: None, below }))
    }

    fn at(mut self, seg: &Seg<'_>) -> Self {
        let f = &mut *self.0;
        if f.path.is_none() {
            let here = seg.render();
            f.path = Some(match f.below.take() {
                Some(below) => join(&here, &below),
                None => here,
            });
        }
        self
    }

    fn into_decode(self) -> DecodeError {
        let f = *self.0;
        DecodeError {
            kind: DecodeErrorKind::Shape,
            path: f.path.or(f.below).unwrap_or_default(),
            message: f.message,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Error {}

/// serde's "struct Trigger", "a sequence" and the like, as an admin reads them.
fn expected_words(exp: &dyn de::Expected) -> String {
    let text = exp.to_string();
    if text.starts_with("struct ") || text.contains("map") {
        "an object".to_owned()
    } else if text.contains("sequence") || text.starts_with("tuple") || text.contains("vector") {
        "an array".to_owned()
    } else {
        text
    }
}

fn found_words(unexp: &de::Unexpected<'_>) -> String {
    match unexp {
        de::Unexpected::Seq => "an array".to_owned(),
        de::Unexpected::Map => "an object".to_owned(),
        de::Unexpected::Unit => "null".to_owned(),
        de::Unexpected::Str(s) => format!("the text \"{}\"", s.chars().take(40).collect::<String>()),
        de::Unexpected::Bool(b) => format!("{b}"),
        de::Unexpected::Signed(n) => format!("the number {n}"),
        de::Unexpected::Unsigned(n) => format!("the number {n}"),
        de::Unexpected::Float(f) => format!("the number {f}"),
        other => other.to_string(),
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        let text = msg.to_string();
        // A nested read's error: "␟path␟message".
        if let Some(rest) = text.strip_prefix(MARK) {
            if let Some((below, message)) = rest.split_once(MARK) {
                return Error::new(message.to_owned(), Some(below.to_owned()));
            }
        }
        Error::new(text, None)
    }

    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::custom(format!("Expected {}, found {}.", expected_words(exp), found_words(&unexp)))
    }

    fn missing_field(field: &'static str) -> Self {
        Self::custom(format!("The field '{field}' is missing."))
    }

    /// A field given twice, under its name and an alias (`isEnable` and the
    /// spec's `enable`): said at the field, not at the whole object.
    fn duplicate_field(field: &'static str) -> Self {
        Error::new(
            format!("'{field}' is given twice, also under another name it goes by; give it once."),
            Some(field.to_owned()),
        )
    }
}

fn unexpected(value: &Value) -> de::Unexpected<'_> {
    match value {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => de::Unexpected::Unsigned(u),
            (_, Some(i)) => de::Unexpected::Signed(i),
            _ => de::Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => de::Unexpected::Str(s),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    }
}

fn no_nul(s: &str) -> Result<&str, Error> {
    if s.contains('\0') {
        Err(de::Error::custom("The text contains a NUL character (\\u0000), which is not allowed."))
    } else {
        Ok(s)
    }
}

/// One value being read, and where it is.
struct Node<'de, 'p> {
    value: &'de Value,
    path: &'p Seg<'p>,
}

impl<'de> Node<'de, '_> {
    fn any<V: Visitor<'de>>(&self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => visitor.visit_u64(u),
                (_, Some(i), _) => visitor.visit_i64(i),
                (_, _, Some(f)) => visitor.visit_f64(f),
                _ => Err(de::Error::custom("The number cannot be read.")),
            },
            Value::String(s) => visitor.visit_borrowed_str(no_nul(s)?),
            Value::Array(items) => self.seq(items, visitor),
            Value::Object(map) => self.map(map, visitor),
        }
    }

    fn seq<V: Visitor<'de>>(&self, items: &'de [Value], visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(Items { items, next: 0, parent: self.path })
    }

    fn map<V: Visitor<'de>>(&self, map: &'de Map<String, Value>, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(Entries { iter: map.iter(), pending: None, parent: self.path })
    }

    /// Only an object is read as a struct or a map.
    fn object<V: Visitor<'de>>(&self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Object(map) => self.map(map, visitor),
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
    }
}

macro_rules! forward_any {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.any(visitor).map_err(|e| e.at(self.path))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Node<'de, '_> {
    type Error = Error;

    forward_any! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32 deserialize_f64
        deserialize_char deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_identifier deserialize_unit deserialize_seq
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(Node { value: self.value, path: self.path }),
        }
        .map_err(|e| e.at(self.path))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.any(visitor).map_err(|e| e.at(self.path))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let path = self.path;
        visitor.visit_newtype_struct(self).map_err(|e| e.at(path))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        self.any(visitor).map_err(|e| e.at(self.path))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.any(visitor).map_err(|e| e.at(self.path))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.object(visitor).map_err(|e| e.at(self.path))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.object(visitor).map_err(|e| e.at(self.path))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.value {
            Value::String(s) => visitor.visit_enum(no_nul(s)?.into_deserializer()),
            Value::Object(map) if map.len() == 1 => {
                let (variant, value) = map.iter().next().expect("one entry");
                let path = Seg::Key(self.path, variant);
                visitor.visit_enum(Variant { variant, value, path: &path })
            }
            other => Err(de::Error::invalid_type(unexpected(other), &visitor)),
        }
        .map_err(|e| e.at(self.path))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

struct Items<'de, 'p> {
    items: &'de [Value],
    next: usize,
    parent: &'p Seg<'p>,
}

impl<'de> de::SeqAccess<'de> for Items<'de, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        let Some(value) = self.items.get(self.next) else { return Ok(None) };
        let path = Seg::Index(self.parent, self.next);
        self.next += 1;
        seed.deserialize(Node { value, path: &path }).map(Some).map_err(|e| e.at(&path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

struct Entries<'de, 'p> {
    iter: serde_json::map::Iter<'de>,
    pending: Option<(&'de str, &'de Value)>,
    parent: &'p Seg<'p>,
}

impl<'de> de::MapAccess<'de> for Entries<'de, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.iter.next() else { return Ok(None) };
        self.pending = Some((key, value));
        let path = Seg::Key(self.parent, key);
        let key = no_nul(key).map_err(|e| e.at(&path))?;
        seed.deserialize(de::value::BorrowedStrDeserializer::<Error>::new(key))
            .map(Some)
            .map_err(|e| e.at(&path))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let (key, value) = self.pending.take().ok_or_else(|| de::Error::custom("a value without its key"))?;
        let path = Seg::Key(self.parent, key);
        seed.deserialize(Node { value, path: &path }).map_err(|e| e.at(&path))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// `{"Variant": value}`, for externally tagged enums.
struct Variant<'de, 'p> {
    variant: &'de str,
    value: &'de Value,
    path: &'p Seg<'p>,
}

impl<'de, 'p> de::EnumAccess<'de> for Variant<'de, 'p> {
    type Error = Error;
    type Variant = Node<'de, 'p>;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Node<'de, 'p>), Error> {
        let tag =
            seed.deserialize(de::value::BorrowedStrDeserializer::<Error>::new(no_nul(self.variant)?))?;
        Ok((tag, Node { value: self.value, path: self.path }))
    }
}

impl<'de> de::VariantAccess<'de> for Node<'de, '_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_seq(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_struct(self, "", &[], visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CustomRule, EmailAccount, Trigger};

    fn err<T: DeserializeOwned + fmt::Debug>(json: &str) -> (String, String) {
        let e = from_str::<T>(json).unwrap_err();
        (e.path, e.message)
    }

    #[test]
    fn arrays_and_scalars_are_not_objects() {
        assert_eq!(
            err::<Trigger>(r#"["","T",true,1]"#),
            ("".into(), "Expected an object, found an array.".into())
        );
        assert_eq!(err::<Trigger>("7"), ("".into(), "Expected an object, found the number 7.".into()));
        assert_eq!(
            err::<Trigger>(r#"{"description":"x","conditions":[["f","is","1"]]}"#),
            ("conditions[0]".into(), "Expected an object, found an array.".into())
        );
        assert_eq!(
            err::<CustomRule>(r#"{"name":"x","conditions":"all"}"#),
            ("conditions".into(), "Expected an object, found the text \"all\".".into())
        );
    }

    #[test]
    fn nested_reads_keep_their_path() {
        let (path, message) = err::<EmailAccount>(
            r#"{"type":"IMAP","serverInfo":{"incomingServer":"imap.example.com","incomingServerPort":"993x"}}"#,
        );
        assert_eq!(path, "serverInfo.incomingServerPort");
        assert!(message.starts_with("Expected a whole number"), "{message}");
        let (path, _) = err::<EmailAccount>(r#"{"type":"exchange","serverInfo":[1]}"#);
        assert_eq!(path, "serverInfo");
    }

    #[test]
    fn a_field_given_under_its_name_and_an_alias_is_said_at_the_field() {
        use crate::model::RoutingConfig;
        let (path, message) = err::<RoutingConfig>(r#"{"isEnable":true,"enable":false}"#);
        assert_eq!(path, "isEnable");
        assert!(message.contains("given twice"), "{message}");
        let (path, _) = err::<crate::model::WorkingTime>(
            r#"{"thusdayBusinessTime":{"isBusinessDay":true},"thursdayBusinessTime":{"isBusinessDay":false}}"#,
        );
        assert_eq!(path, "thusdayBusinessTime");
    }

    #[test]
    fn nul_is_refused_in_values_and_keys() {
        assert_eq!(err::<Trigger>(r#"{"description":"a\u0000b"}"#).0, "description");
        assert_eq!(err::<Trigger>(r#"{"x\u0000":1}"#).0, "x\u{0}");
        let e = from_str::<Trigger>("{\"subject\":\"ok\"}").unwrap();
        assert_eq!(e.subject, "ok");
    }

    #[test]
    fn deep_json_is_a_syntax_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let e = from_str::<Trigger>(&deep).unwrap_err();
        assert_eq!(e.kind, DecodeErrorKind::Syntax);
        assert!(e.message.contains("nests too deeply"), "{}", e.message);
    }

    #[test]
    fn samples_refuse_arrays_even_through_plain_serde_json() {
        use crate::engine::{AgentLoad, Sample};
        assert!(serde_json::from_str::<Sample>(r#"[{"subject":"x"}, 1]"#).is_err());
        assert!(serde_json::from_str::<AgentLoad>(r#"["ana", 2]"#).is_err());
        let s: Sample =
            serde_json::from_str(r#"{"fields":{"subject":"x"},"agents":[{"agentId":"ana"}]}"#).unwrap();
        assert_eq!(s.agents[0].agent_id, "ana");
        assert_eq!(serde_json::to_value(&s).unwrap()["agents"][0]["agentId"], "ana");
        assert_eq!(err::<Sample>(r#"{"agents":[["ana"]]}"#).0, "agents[0]");
    }

    #[test]
    fn whole_floats_are_integers() {
        let t: Trigger = from_str(r#"{"statusDuration": 4.0, "orderIndex": 2}"#).unwrap();
        assert_eq!(t.status_duration, Some(4));
        assert_eq!(err::<Trigger>(r#"{"statusDuration": 4.5}"#).0, "statusDuration");
        assert_eq!(err::<Trigger>(r#"{"statusDuration": 1e300}"#).0, "statusDuration");
        // Past i64 serde_json reads a float, which must not round into range.
        assert_eq!(err::<Trigger>(r#"{"orderIndex": -9223372036854775809}"#).0, "orderIndex");
        let t: Trigger = from_str(r#"{"orderIndex": -9223372036854775808}"#).unwrap();
        assert_eq!(t.order_index, i64::MIN);
    }
}
