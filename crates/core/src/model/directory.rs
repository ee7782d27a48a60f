use serde::{Deserialize, Serialize};

use crate::wire;

string_enum! {
    /// An agent's presence, which decides the allocation pool.
    pub enum AgentStatus {
        Online = "online",
        Away = "away",
        Offline = "offline",
    }
}

/// An agent of the help desk (read-only directory, contract §2).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Agent {
    #[serde(deserialize_with = "wire::stringish")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::wire::Loose"))]
    pub id: String,
    pub name: String,
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub email: String,
    #[serde(default, deserialize_with = "wire::id_list")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<crate::wire::Loose>>"))]
    pub department_ids: Vec<String>,
    pub status: AgentStatus,
}

/// A department of the help desk (read-only directory, contract §2).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Department {
    #[serde(deserialize_with = "wire::stringish")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::wire::Loose"))]
    pub id: String,
    pub name: String,
}

/// The agents and departments that settings may refer to.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Directory {
    #[serde(default)]
    pub agents: Vec<Agent>,
    #[serde(default)]
    pub departments: Vec<Department>,
}

impl Directory {
    pub fn agent(&self, id: &str) -> Option<&Agent> {
        self.agents.iter().find(|a| a.id == id)
    }

    pub fn department(&self, id: &str) -> Option<&Department> {
        self.departments.iter().find(|d| d.id == id)
    }
}
