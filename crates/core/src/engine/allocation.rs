//! Auto allocation (contract §9): who gets a new, unassigned conversation.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::sample::{instant, AgentLoad, Sample};
use crate::model::{
    AgentStatus, AllocationMethod, AllocationRule, AllocationTo, AutoAllocationSetting, Directory,
};

/// One agent considered, and why they could or could not take the conversation.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    pub agent_id: String,
    pub name: String,
    pub status: String,
    pub load: u32,
    /// `None`: no limit.
    pub capacity: Option<u32>,
    pub eligible: bool,
    pub reason: String,
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AllocationStatus {
    Disabled,
    /// Only new conversations (event 1) are allocated.
    NotApplicable,
    AlreadyAssigned,
    Allocated,
    NobodyEligible,
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AllocationResult {
    pub status: AllocationStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_name: Option<String>,
    /// `loadBalancing` or `roundRobin`, when a rule applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The department whose rule and agents were used, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department_id: Option<String>,
    pub reason: String,
    pub candidates: Vec<Candidate>,
}

impl AllocationResult {
    pub(crate) fn skipped(status: AllocationStatus, reason: &str) -> Self {
        AllocationResult {
            status,
            agent_id: None,
            agent_name: None,
            method: None,
            department_id: None,
            reason: reason.to_owned(),
            candidates: Vec::new(),
        }
    }
}

struct Prefs {
    /// Capacity; `None` when no limit is set.
    max: Option<u32>,
    accepts: bool,
}

/// Why an agent was chosen.
enum Why {
    Nobody,
    LastAssignee,
    RoundRobin,
    LoadBalancing(u32),
}

/// An agent the rule cannot give the conversation to.
enum Refusal {
    Declines,
    NotInPool(AgentStatus),
    AtCapacity(u32, u32),
}

/// The chosen agent's index in the directory, and the decision's reasons
/// (candidates only when `explain`): words are written only when asked
/// for, so the bulk path allocates nothing per agent.
struct Decision<'s> {
    chosen: Option<usize>,
    why: Why,
    candidates: Vec<Candidate>,
    method: Option<&'s AllocationMethod>,
    pool_department: Option<&'s str>,
}

/// The agent allocated to, by index into the directory (the bulk path).
pub(crate) fn choose(
    settings: &AutoAllocationSetting,
    directory: &Directory,
    sample: &Sample,
    department: Option<&str>,
) -> Option<usize> {
    decide(settings, directory, sample, department, false).chosen
}

/// Chooses an agent for a conversation in `department` (if any).
pub(crate) fn allocate(
    settings: &AutoAllocationSetting,
    directory: &Directory,
    sample: &Sample,
    department: Option<&str>,
    explain: bool,
) -> AllocationResult {
    let d = decide(settings, directory, sample, department, explain);
    let agent = d.chosen.map(|i| &directory.agents[i]);
    AllocationResult {
        status: if agent.is_some() { AllocationStatus::Allocated } else { AllocationStatus::NobodyEligible },
        agent_id: agent.map(|a| a.id.clone()),
        agent_name: agent.map(|a| a.name.clone()),
        method: d.method.map(|m| m.as_str().to_owned()),
        department_id: d.pool_department.map(str::to_owned),
        reason: match d.why {
            Why::Nobody => "Nobody is eligible; the conversation stays unassigned.".to_owned(),
            Why::LastAssignee => "The last assignee is available, and the rule prefers them.".to_owned(),
            Why::RoundRobin => {
                "Round robin: the next available agent after the last one allocated.".to_owned()
            }
            Why::LoadBalancing(load) => {
                format!("Load balancing: the fewest open conversations ({load}), idle longest on a tie.")
            }
        },
        candidates: d.candidates,
    }
}

fn decide<'s>(
    settings: &'s AutoAllocationSetting,
    directory: &Directory,
    sample: &Sample,
    department: Option<&'s str>,
    explain: bool,
) -> Decision<'s> {
    let dept_rule = department.filter(|_| settings.is_enabled_department).and_then(|d| {
        settings.department_allocation_rule.iter().find(|r| r.department_id.as_deref() == Some(d))
    });
    let rule: &AllocationRule = dept_rule.unwrap_or(&settings.default_allocation_rule);
    let pool_department = department.filter(|_| settings.is_enabled_department);
    let loads: HashMap<&str, &AgentLoad> = sample.agents.iter().map(|l| (l.agent_id.as_str(), l)).collect();
    let prefs = |id: &str| {
        let pref = settings.agent_preferences.iter().find(|p| p.agent_id == id);
        let max = if settings.set_max_number_for_each_agent {
            pref.and_then(|p| p.max_concurrent_count)
        } else {
            settings.max_number_for_all_agents
        };
        Prefs {
            max: max.map(|n| n.clamp(0, i64::from(u32::MAX)) as u32),
            accepts: pref.is_none_or(|p| p.if_accept_allocation),
        }
    };
    let in_pool = |status: &AgentStatus| match rule.allocation_to {
        Some(AllocationTo::OnlineAgents) => *status == AgentStatus::Online,
        Some(AllocationTo::OnlineAndAwayAgents) => matches!(status, AgentStatus::Online | AgentStatus::Away),
        _ => false,
    };

    let mut candidates = Vec::new();
    // (directory index, load, idle since)
    let mut eligible: Vec<(usize, u32, i64)> = Vec::new();
    for (index, agent) in directory.agents.iter().enumerate() {
        if let Some(d) = pool_department {
            if !agent.department_ids.iter().any(|x| x == d) {
                continue;
            }
        }
        let load_entry = loads.get(agent.id.as_str());
        let status = load_entry.and_then(|l| l.status.clone()).unwrap_or_else(|| agent.status.clone());
        let load = load_entry.map_or(0, |l| {
            let mut n = l.open_conversations;
            if settings.exclude_pending_external {
                n = n.saturating_sub(l.pending_external);
            }
            if settings.exclude_on_hold {
                n = n.saturating_sub(l.on_hold);
            }
            n
        });
        let p = prefs(&agent.id);
        let refusal = if !p.accepts {
            Some(Refusal::Declines)
        } else if !in_pool(&status) {
            Some(Refusal::NotInPool(status.clone()))
        } else {
            p.max.filter(|&max| load >= max).map(|max| Refusal::AtCapacity(load, max))
        };
        let ok = refusal.is_none();
        if ok {
            let idle = load_entry.and_then(|l| instant(l.last_allocated_at.as_deref())).unwrap_or(i64::MIN);
            eligible.push((index, load, idle));
        }
        if explain {
            candidates.push(Candidate {
                agent_id: agent.id.clone(),
                name: agent.name.clone(),
                status: status.as_str().to_owned(),
                load,
                capacity: p.max,
                eligible: ok,
                reason: match refusal {
                    None => format!("Available: {load} open conversations."),
                    Some(Refusal::Declines) => "Does not accept allocated conversations.".to_owned(),
                    Some(Refusal::NotInPool(status)) => {
                        format!(
                            "Is {status}; this rule allocates to {}.",
                            pool_words(rule.allocation_to.as_ref())
                        )
                    }
                    Some(Refusal::AtCapacity(load, max)) => {
                        format!("At capacity: {load} of {max} conversations.")
                    }
                },
            });
        }
    }

    let method = rule.allocation_rule.as_ref();
    let (chosen, why) = if eligible.is_empty() {
        (None, Why::Nobody)
    } else if let Some(last) = sample
        .last_assignee_id
        .as_deref()
        .filter(|_| rule.prefer_last_assignee)
        .and_then(|id| eligible.iter().find(|(i, _, _)| directory.agents[*i].id == id))
    {
        (Some(last.0), Why::LastAssignee)
    } else {
        match method {
            Some(AllocationMethod::RoundRobin) => {
                let after = sample
                    .last_allocated_agent_id
                    .as_deref()
                    .and_then(|id| directory.agents.iter().position(|a| a.id == id));
                let next =
                    after.and_then(|a| eligible.iter().find(|(i, _, _)| *i > a)).unwrap_or(&eligible[0]);
                (Some(next.0), Why::RoundRobin)
            }
            _ => {
                let best = eligible
                    .iter()
                    .min_by_key(|(i, load, idle)| (*load, *idle, *i))
                    .copied()
                    .unwrap_or(eligible[0]);
                (Some(best.0), Why::LoadBalancing(best.1))
            }
        }
    };
    Decision { chosen, why, candidates, method, pool_department }
}

fn pool_words(to: Option<&AllocationTo>) -> &'static str {
    match to {
        Some(AllocationTo::OnlineAndAwayAgents) => "online and away agents",
        _ => "online agents",
    }
}
