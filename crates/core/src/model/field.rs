use serde::{Deserialize, Serialize};

use super::MatchType;
use crate::wire;

string_enum! {
    /// The kind of value a field holds, which decides its operators.
    pub enum FieldType {
        Text = "text",
        Textarea = "textarea",
        Email = "email",
        Url = "url",
        Date = "date",
        Integer = "integer",
        Float = "float",
        /// An agent.
        Operator = "operator",
        Radio = "radio",
        Checkbox = "checkbox",
        DropdownList = "dropdownList",
        CheckboxList = "checkboxList",
        Link = "link",
        Department = "department",
    }
}

impl FieldType {
    /// Free text: compared as case-insensitive strings, with a `length`.
    pub fn is_text(&self) -> bool {
        matches!(
            self,
            FieldType::Text | FieldType::Textarea | FieldType::Email | FieldType::Url | FieldType::Link
        )
    }

    /// Values come from the field's `options`.
    pub fn has_options(&self) -> bool {
        matches!(self, FieldType::Radio | FieldType::DropdownList | FieldType::CheckboxList)
    }

    /// The match types the contract allows for this type (§4), in the order
    /// a condition builder offers them.
    pub fn match_types(&self) -> &'static [MatchType] {
        use MatchType::*;
        match self {
            FieldType::Text | FieldType::Textarea | FieldType::Email | FieldType::Url | FieldType::Link => {
                &[Contains, NotContains, Is, IsNot]
            }
            FieldType::Integer | FieldType::Float => &[Is, IsNot, IsMoreThan, IsLessThan],
            FieldType::Date => &[Is, IsNot, Before, After],
            FieldType::Radio
            | FieldType::DropdownList
            | FieldType::Operator
            | FieldType::Department
            | FieldType::Checkbox => &[Is, IsNot],
            FieldType::CheckboxList => &[Contains, NotContains],
            FieldType::Unknown(_) => &[],
        }
    }

    /// The type in an admin's words.
    pub fn label(&self) -> &'static str {
        match self {
            FieldType::Text => "Single-line text",
            FieldType::Textarea => "Multi-line text",
            FieldType::Email => "Email",
            FieldType::Url => "URL",
            FieldType::Date => "Date",
            FieldType::Integer => "Whole number",
            FieldType::Float => "Decimal number",
            FieldType::Operator => "Agent",
            FieldType::Radio => "Radio buttons",
            FieldType::Checkbox => "Checkbox",
            FieldType::DropdownList => "Drop-down list",
            FieldType::CheckboxList => "Checkbox list",
            FieldType::Link => "Link",
            FieldType::Department => "Department",
            FieldType::Unknown(_) => "Unknown type",
        }
    }
}

impl MatchType {
    /// The operator in an admin's words.
    pub fn label(&self) -> &'static str {
        match self {
            MatchType::Contains => "contains",
            MatchType::NotContains => "does not contain",
            MatchType::Is => "is",
            MatchType::IsNot => "is not",
            MatchType::IsMoreThan => "is more than",
            MatchType::IsLessThan => "is less than",
            MatchType::Before => "is before",
            MatchType::After => "is after",
            MatchType::Unknown(_) => "unknown operator",
        }
    }
}

/// One choice of a radio, drop-down or checkbox-list field.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldOption {
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub id: String,
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub name: String,
    #[serde(default, deserialize_with = "wire::stringish")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::wire::Loose"))]
    pub value: String,
    #[serde(default, deserialize_with = "wire::integer")]
    pub order: i64,
}

/// A conversation field, system or custom.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Field {
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub id: String,
    #[serde(default, rename = "type")]
    pub kind: Option<FieldType>,
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub name: String,
    /// Read-only: seeded fields the admin cannot delete or retype.
    #[serde(default, deserialize_with = "wire::boolean")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub is_system_field: bool,
    #[serde(default, deserialize_with = "wire::boolean")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub is_required: bool,
    #[serde(default, deserialize_with = "wire::stringish")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::wire::Loose"))]
    pub default_value: String,
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub help_text: String,
    /// Maximum length of a text value.
    #[serde(default, deserialize_with = "wire::opt_integer")]
    pub length: Option<i64>,
    #[serde(default, deserialize_with = "wire::list")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<FieldOption>>"))]
    pub options: Vec<FieldOption>,
    #[serde(default, deserialize_with = "wire::opt_id")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::wire::Loose>"))]
    pub chat_field_mapping: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_id")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::wire::Loose>"))]
    pub offline_message_field_mapping: Option<String>,
}

impl Field {
    pub fn field_type(&self) -> Option<&FieldType> {
        self.kind.as_ref().filter(|k| k.is_known())
    }

    pub fn option(&self, value: &str) -> Option<&FieldOption> {
        self.options.iter().find(|o| o.value == value)
    }
}

/// Which chat and offline-message fields fill a conversation field.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldMapping {
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub field_id: String,
    #[serde(default, deserialize_with = "wire::opt_id")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::wire::Loose>"))]
    pub chat_field_mapping: Option<String>,
    #[serde(default, deserialize_with = "wire::opt_id")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::wire::Loose>"))]
    pub offline_message_field_mapping: Option<String>,
}

/// Body of `PUT fields/mapping`: the spec's `{"fieldMappings": […]}` or the
/// bare list.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum FieldMappingRequest {
    Wrapped {
        #[serde(rename = "fieldMappings")]
        field_mappings: Vec<FieldMapping>,
    },
    Bare(Vec<FieldMapping>),
}

/// Read by shape rather than by trying each form in turn (serde's
/// `untagged`), so the items are read strictly and their errors keep paths.
impl<'de> Deserialize<'de> for FieldMappingRequest {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = serde_json::Value::deserialize(d)?;
        match &value {
            serde_json::Value::Array(_) => Ok(FieldMappingRequest::Bare(crate::decode::nested(&value, "")?)),
            serde_json::Value::Object(map) => match map.get("fieldMappings") {
                Some(list) => Ok(FieldMappingRequest::Wrapped {
                    field_mappings: crate::decode::nested(list, "fieldMappings")?,
                }),
                None => Err(D::Error::custom("Send {\"fieldMappings\": [ … ]} or the list itself.")),
            },
            _ => Err(D::Error::custom("Send {\"fieldMappings\": [ … ]} or the list itself.")),
        }
    }
}

impl FieldMappingRequest {
    pub fn into_list(self) -> Vec<FieldMapping> {
        match self {
            FieldMappingRequest::Wrapped { field_mappings } => field_mappings,
            FieldMappingRequest::Bare(list) => list,
        }
    }

    /// The JSON path prefix of item `i` in the request as it was sent.
    pub fn item_path(&self, i: usize) -> String {
        match self {
            FieldMappingRequest::Wrapped { .. } => format!("fieldMappings[{i}]"),
            FieldMappingRequest::Bare(_) => format!("[{i}]"),
        }
    }
}

fn options(pairs: &[(&str, &str)]) -> Vec<FieldOption> {
    pairs
        .iter()
        .zip(0..)
        .map(|(&(value, name), order)| FieldOption {
            id: value.to_owned(),
            name: name.to_owned(),
            value: value.to_owned(),
            order,
        })
        .collect()
}

fn system_field(id: &str, kind: FieldType, name: &str, opts: &[(&str, &str)]) -> Field {
    Field {
        id: id.to_owned(),
        length: kind.is_text().then_some(if kind == FieldType::Textarea { 65_535 } else { 255 }),
        kind: Some(kind),
        name: name.to_owned(),
        is_system_field: true,
        options: options(opts),
        ..Field::default()
    }
}

/// The system fields every help desk has, with their fixed ids (contract §8).
pub fn system_fields() -> Vec<Field> {
    use FieldType::*;
    vec![
        system_field("subject", Text, "Subject", &[]),
        system_field("content", Textarea, "Content", &[]),
        system_field(
            "status",
            DropdownList,
            "Status",
            &[
                ("new", "New"),
                ("pendingInternal", "Pending internal"),
                ("pendingExternal", "Pending external"),
                ("onHold", "On hold"),
                ("closed", "Closed"),
            ],
        ),
        system_field(
            "priority",
            DropdownList,
            "Priority",
            &[("1", "Low"), ("2", "Normal"), ("3", "High"), ("4", "Urgent")],
        ),
        system_field(
            "channel",
            DropdownList,
            "Channel",
            &[
                ("email", "Email"),
                ("chat", "Chat"),
                ("offlineMessage", "Offline message"),
                ("webForm", "Web form"),
                ("api", "API"),
            ],
        ),
        system_field("senderEmail", Email, "Sender email", &[]),
        system_field("contactName", Text, "Contact name", &[]),
        system_field("toEmail", Email, "To email", &[]),
        system_field("agent", Operator, "Agent", &[]),
        system_field("department", Department, "Department", &[]),
        system_field("createdTime", Date, "Created time", &[]),
    ]
}
