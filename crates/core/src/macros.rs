/// A string enum of the wire format: canonical spelling on output, any ASCII
/// case and the listed aliases on input. A value outside the enum is kept as
/// `Unknown` instead of failing deserialization, so validation can report it
/// as a 422 on its field path together with every other error (a 400 would
/// stop at the first one and name no field).
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $canon:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value that is not one of the above, as it was sent.
            Unknown(String),
        }

        impl $name {
            /// Every known value, in the order the contract lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The canonical wire spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $canon, )+
                    Self::Unknown(raw) => raw,
                }
            }

            /// Case-insensitive, alias-aware parse; never fails.
            pub fn parse(raw: &str) -> Self {
                $(
                    if raw.eq_ignore_ascii_case($canon) $(|| raw.eq_ignore_ascii_case($alias))* {
                        return Self::$variant;
                    }
                )+
                Self::Unknown(raw.to_owned())
            }

            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }

            /// "`a`, `b` or `c`", for validation messages.
            pub fn expected() -> String {
                $crate::validate::one_of(Self::ALL.iter().map(|v| v.as_str()))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::wire::with_str(d, Self::parse)
            }
        }

        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                // The known values, and the truth that any string is read:
                // another one is kept and refused with a 422 on its field
                // when saved (a draft given to preview may carry it).
                schemars::json_schema!({
                    "anyOf": [{"type": "string", "enum": [$($canon),+]}, {"type": "string"}],
                    "description": "One of the listed values, matched case-insensitively on input; any other is a 422 on this field."
                })
            }
        }
    };
}

/// An enum the wire carries as a number ("enum number"), accepted as a JSON
/// number or a numeric string and emitted as a number. Unknown numbers are
/// kept for validation, like `string_enum!`.
macro_rules! number_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $num:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value that is not one of the above, as it was sent.
            Unknown(String),
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn number(&self) -> Option<i64> {
                match self {
                    $( Self::$variant => Some($num), )+
                    Self::Unknown(_) => None,
                }
            }

            pub fn from_number(n: i64) -> Self {
                match n {
                    $( $num => Self::$variant, )+
                    other => Self::Unknown(other.to_string()),
                }
            }

            pub fn parse(raw: &str) -> Self {
                match raw.trim().parse::<i64>() {
                    Ok(n) => Self::from_number(n),
                    Err(_) => Self::Unknown(raw.to_owned()),
                }
            }

            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }

            pub fn expected() -> String {
                $crate::validate::one_of(
                    Self::ALL.iter().map(|v| v.number().unwrap_or_default().to_string()),
                )
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Self::Unknown(raw) => f.write_str(raw),
                    known => write!(f, "{}", known.number().unwrap_or_default()),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    Self::Unknown(raw) => s.serialize_str(raw),
                    known => s.serialize_i64(known.number().unwrap_or_default()),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                match $crate::wire::Scalar::deserialize(d)? {
                    $crate::wire::Scalar::Int(n) => Ok(Self::from_number(n)),
                    other => Ok(Self::parse(&other.into_string())),
                }
            }
        }

        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "anyOf": [{"type": "integer", "enum": [$($num),+]}, {"type": ["string", "number", "boolean", "null"]}],
                    "description": "One of the listed numbers (a numeric string is accepted on input); any other value is a 422 on this field."
                })
            }
        }
    };
}
