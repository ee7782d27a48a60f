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
