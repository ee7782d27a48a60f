//! Validation of every settings object (contract §3–§9): all errors at once,
//! each on its JSON path in the request's own names
//! (`serverInfo.incomingServerPort`, `conditions.list[2].value`), with a
//! message an admin can act on. The server answers them as a 422 and the
//! console shows them on the same fields, so both run exactly this code.
//!
//! Rules that need other stored objects (unique names and addresses, system
//! fields, fields in use) are the server's; rules that need the directory or
//! the field list take them from [`Context`].

pub mod checks;
pub mod cleaning;
mod conditions;
mod objects;

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::model::{Directory, Field};

pub use checks::{is_domain, is_email, is_host, line_problem, parse_http_url, HttpUrl};
pub use conditions::{check_value, placeholder_spans, placeholders, Placeholder};
pub use objects::{check_stored_password, validate_order, PASSWORD_FOR_CHANGED_SERVER};

/// One failing field.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// JSON path in the request's names, e.g. `conditions.list[2].value`.
    pub field: String,
    pub message: String,
}

/// Every failing field of one object.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError { field: field.into(), message: message.into() });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for one path, if that field failed.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    /// The same problems, their paths under `parent` (`draft` + `object.name`
    /// → `draft.object.name`; a problem about the whole becomes `parent`).
    pub fn under(self, parent: &str) -> ValidationErrors {
        ValidationErrors(
            self.0
                .into_iter()
                .map(|e| FieldError {
                    field: if e.field.is_empty() {
                        parent.to_owned()
                    } else {
                        format!("{parent}.{}", e.field)
                    },
                    message: e.message,
                })
                .collect(),
        )
    }

    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", e.field, e.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// What validation may look things up in: the conversation fields and the
/// directory of agents and departments.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub fields: &'a [Field],
    pub directory: &'a Directory,
}

impl<'a> Context<'a> {
    pub fn new(fields: &'a [Field], directory: &'a Directory) -> Self {
        Context { fields, directory }
    }

    pub fn field(&self, id: &str) -> Option<&'a Field> {
        self.fields.iter().find(|f| f.id == id)
    }
}

/// A settings object that can be checked before it is saved.
pub trait Validate {
    /// Appends every problem, with paths under `path` (`""` for the root).
    fn check(&self, ctx: &Context<'_>, path: &str, errors: &mut ValidationErrors);

    /// Every problem of the object, or `Ok`.
    fn validate(&self, ctx: &Context<'_>) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        self.check(ctx, "", &mut errors);
        errors.into_result()
    }
}

/// `prefix.key`, or `key` at the root.
pub(crate) fn at(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

/// `prefix[i]`.
pub(crate) fn item(prefix: &str, i: usize) -> String {
    format!("{prefix}[{i}]")
}

/// "`a`, `b` or `c`".
pub fn one_of<I, S>(values: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let quoted: Vec<String> = values.into_iter().map(|v| format!("'{}'", v.as_ref())).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}
