//! The settings snapshot the engine evaluates.

use super::*;

/// Every setting the engine reads: what `GET …/export` returns (less the
/// email accounts) and what `preview` accepts in place of the saved settings.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    #[serde(default = "system_fields")]
    pub fields: Vec<Field>,
    #[serde(default)]
    pub agents: Vec<Agent>,
    #[serde(default)]
    pub departments: Vec<Department>,
    /// The routing configuration; its `rules` are the custom rules.
    #[serde(default)]
    pub routing: RoutingConfig,
    #[serde(default)]
    pub triggers: Vec<Trigger>,
    #[serde(default, rename = "slaPolicies")]
    pub sla_policies: Vec<SlaPolicy>,
    #[serde(default)]
    pub working_time: WorkingTime,
    #[serde(default)]
    pub holidays: Vec<Holiday>,
    #[serde(default)]
    pub blocked_senders: Vec<BlockedSender>,
    #[serde(default)]
    pub auto_allocation: AutoAllocationSetting,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            fields: system_fields(),
            agents: Vec::new(),
            departments: Vec::new(),
            routing: RoutingConfig::default(),
            triggers: Vec::new(),
            sla_policies: Vec::new(),
            working_time: WorkingTime::default(),
            holidays: Vec::new(),
            blocked_senders: Vec::new(),
            auto_allocation: AutoAllocationSetting::default(),
        }
    }
}
