use serde::{Deserialize, Serialize};

use crate::wire;

/// Body of every `…/enable` endpoint.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EnableRequest {
    /// Required (an absent one is a 422 naming it); `Option` so it can be.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "bool", required))]
    pub enable: Option<bool>,
}

string_enum! {
    pub enum SortDirection {
        Up = "up",
        Down = "down",
    }
}

/// Body of every `…/{id}/sort` endpoint: swap with the neighbour.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SortRequest {
    #[serde(default, rename = "type")]
    #[cfg_attr(feature = "schema", schemars(with = "SortDirection", required))]
    pub direction: Option<SortDirection>,
}

/// Body of every `…/order` endpoint: the whole order at once (drag and drop).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OrderRequest {
    #[serde(default, deserialize_with = "wire::id_list")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<String>>"))]
    pub ids: Vec<String>,
}

/// One refused item of a bulk request, by its index in the request.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ItemError {
    pub index: usize,
    /// The field within the item; empty when the item itself is wrong.
    pub field: String,
    pub message: String,
}

/// What `PUT blockedSenders/bulk` did (contract §8).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BulkBlocked {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    #[serde(default)]
    pub errors: Vec<ItemError>,
}

/// Body of `POST blockedSenders/bulk-delete`: by address or by id.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkUnblock {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emails: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ids: Option<Vec<String>>,
}

/// What `POST blockedSenders/bulk-delete` did: how many went, and which of
/// those asked for were not there (as given).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkUnblocked {
    pub removed: usize,
    #[serde(default)]
    pub not_found: Vec<String>,
}
