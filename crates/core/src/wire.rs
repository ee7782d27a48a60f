//! Lenient readers for the wire format's loose spots: values the spec types as
//! "string" that clients send as numbers or booleans (`value`, `toAgents`),
//! `null` where a string is expected, and empty strings meaning "none".

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;

/// Any JSON scalar.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

impl Scalar {
    /// The value as text, the way an admin would type it.
    pub fn into_string(self) -> String {
        match self {
            Scalar::Null => String::new(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(n) => n.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Str(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, number, boolean or null")
            }
            fn visit_unit<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::Null)
            }
            fn visit_none<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
                Scalar::deserialize(d)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(b))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Scalar, E> {
                Ok(Scalar::Int(n))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Scalar, E> {
                Ok(i64::try_from(n).map_or(Scalar::Float(n as f64), Scalar::Int))
            }
            fn visit_f64<E>(self, f: f64) -> Result<Scalar, E> {
                Ok(Scalar::Float(f))
            }
            fn visit_str<E>(self, s: &str) -> Result<Scalar, E> {
                Ok(Scalar::Str(s.to_owned()))
            }
            fn visit_string<E>(self, s: String) -> Result<Scalar, E> {
                Ok(Scalar::Str(s))
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads a string and hands it to `f` as borrowed text: no allocation of
/// its own, where `Cow<str>` and `String` always allocate (10,000 blocked
/// senders decode in half the time in the browser).
pub fn with_str<'de, D, R>(d: D, f: impl FnOnce(&str) -> R) -> Result<R, D::Error>
where
    D: Deserializer<'de>,
{
    d.deserialize_str(Borrowed { f, null: false })
}

/// [`with_str`] where `null` reads as "".
pub fn with_str_or_null<'de, D, R>(d: D, f: impl FnOnce(&str) -> R) -> Result<R, D::Error>
where
    D: Deserializer<'de>,
{
    d.deserialize_option(Borrowed { f, null: true })
}

struct Borrowed<F> {
    f: F,
    null: bool,
}

impl<'de, R, F: FnOnce(&str) -> R> Visitor<'de> for Borrowed<F> {
    type Value = R;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E>(self, s: &str) -> Result<R, E> {
        Ok((self.f)(s))
    }
    fn visit_unit<E: de::Error>(self) -> Result<R, E> {
        if self.null {
            Ok((self.f)(""))
        } else {
            Err(E::invalid_type(de::Unexpected::Unit, &self))
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<R, E> {
        self.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<R, D::Error> {
        d.deserialize_str(self)
    }
}

/// A string field where `null` means empty.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// A "string" the spec types loosely: numbers and booleans become their text.
pub fn stringish<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Scalar::deserialize(d)?.into_string())
}

/// An optional reference (an id): `null`, absent and `""` all mean none;
/// numeric ids are accepted as their text.
pub fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = Scalar::deserialize(d)?.into_string();
    Ok(if s.is_empty() { None } else { Some(s) })
}

/// A list of ids where items may be strings or numbers (`toAgents`).
pub fn id_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let items = Option::<Vec<Scalar>>::deserialize(d)?.unwrap_or_default();
    Ok(items.into_iter().map(Scalar::into_string).collect())
}

/// A list where `null` means empty.
pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// A boolean where `null` means false.
pub fn boolean<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(d)?.unwrap_or_default())
}

/// A whole number as JSON Schema means it: `4` and `4.0` alike (a float
/// with no fraction is an integer there), never `4.5` or `"4"`; out of the
/// target's range is an error, not a wrap.
fn whole<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64> + TryFrom<u64>,
{
    struct V<T>(std::marker::PhantomData<T>);
    impl<'de, T: TryFrom<i64> + TryFrom<u64>> Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a whole number")
        }
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<T, E> {
            T::try_from(n).map_err(|_| E::invalid_value(de::Unexpected::Signed(n), &"a number in range"))
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<T, E> {
            T::try_from(n).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(n), &"a number in range"))
        }
        fn visit_f64<E: de::Error>(self, f: f64) -> Result<T, E> {
            // Only floats that are exact integers: past 2^53 a float has lost
            // digits (serde_json reads integers past i64/u64 as floats, so
            // -9223372036854775809 would become i64::MIN).
            const EXACT: f64 = 9_007_199_254_740_992.0;
            if f.fract() == 0.0 && (-EXACT..=EXACT).contains(&f) {
                self.visit_i64(f as i64)
            } else {
                Err(E::invalid_value(de::Unexpected::Float(f), &self))
            }
        }
    }
    d.deserialize_any(V(std::marker::PhantomData))
}

/// A whole number field (see [`whole`]).
pub fn integer<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64> + TryFrom<u64>,
{
    whole(d)
}

/// An optional whole number: `null` and absent mean none.
pub fn opt_integer<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64> + TryFrom<u64>,
{
    struct Whole<T>(T);
    impl<'de, T: TryFrom<i64> + TryFrom<u64>> Deserialize<'de> for Whole<T> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            whole(d).map(Whole)
        }
    }
    Ok(Option::<Whole<T>>::deserialize(d)?.map(|w| w.0))
}

/// For schemas only: any JSON scalar, as [`stringish`], [`opt_id`] and
/// [`id_list`] read them (the document must say what the server takes).
#[cfg(feature = "schema")]
pub struct Loose;

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Loose {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Scalar".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": ["string", "number", "boolean", "null"]})
    }
}

/// A deserializer that reads a struct only from a map: serde's derived
/// structs also take a sequence of their fields, which JSON input must not
/// be able to do (`["","T",true,1]` as an object). Wrapping the
/// deserializer of one struct value is enough: its fields are read by the
/// map access it hands out.
pub struct MapOnly<D>(pub D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for MapOnly<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// Trait impls for structs derived with `#[serde(remote = "Self")]`:
/// serialization as derived, deserialization through [`MapOnly`].
macro_rules! map_only {
    ($($ty:ty),+) => {$(
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                <$ty>::serialize(self, s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <$ty>::deserialize($crate::wire::MapOnly(d))
            }
        }
    )+};
}
pub(crate) use map_only;
