//! Auto allocation (contract §9).

use super::*;

impl Validate for AutoAllocationSetting {
    fn check(&self, ctx: &Context<'_>, path: &str, errors: &mut ValidationErrors) {
        let rule = |r: &AllocationRule, p: &str, errors: &mut ValidationErrors| {
            required_enum(
                r.allocation_to.as_ref(),
                AllocationTo::is_known,
                AllocationTo::expected(),
                at(p, "allocationTo"),
                "which agents receive conversations",
                errors,
            );
            required_enum(
                r.allocation_rule.as_ref(),
                AllocationMethod::is_known,
                AllocationMethod::expected(),
                at(p, "allocationRule"),
                "load balancing or round robin",
                errors,
            );
        };
        let default_path = at(path, "defaultAllocationRule");
        rule(&self.default_allocation_rule, &default_path, errors);
        if self.default_allocation_rule.department_id.is_some() {
            errors.add(
                at(&default_path, "departmentId"),
                "The default rule covers every department; leave its department empty.",
            );
        }
        let rules_path = at(path, "departmentAllocationRule");
        let mut seen = HashSet::new();
        for (i, r) in self.department_allocation_rule.iter().enumerate() {
            let p = item(&rules_path, i);
            rule(r, &p, errors);
            let dept_path = at(&p, "departmentId");
            match &r.department_id {
                None => errors.add(dept_path, "Choose the department."),
                Some(d) => {
                    if ctx.directory.department(d).is_none() {
                        errors.add(dept_path, format!("No department has the id '{d}'."));
                    } else if !seen.insert(d.as_str()) {
                        errors.add(dept_path, "This department already has a rule above.");
                    }
                }
            }
        }
        if !self.set_max_number_for_each_agent {
            match self.max_number_for_all_agents {
                None => errors.add(
                    at(path, "maxNumberForAllAgents"),
                    "Enter how many conversations each agent can have.",
                ),
                Some(n) => range(n, 1, 10_000, at(path, "maxNumberForAllAgents"), "The maximum", errors),
            }
        }
        let prefs_path = at(path, "agentPreferences");
        let mut seen = HashSet::new();
        for (i, pref) in self.agent_preferences.iter().enumerate() {
            let p = item(&prefs_path, i);
            let agent_path = at(&p, "agentId");
            if pref.agent_id.trim().is_empty() {
                errors.add(agent_path, "Choose the agent.");
            } else if ctx.directory.agent(&pref.agent_id).is_none() {
                errors.add(agent_path, format!("No agent has the id '{}'.", pref.agent_id));
            } else if !seen.insert(pref.agent_id.as_str()) {
                errors.add(agent_path, "This agent already has a preference above.");
            }
            match pref.max_concurrent_count {
                Some(n) => range(n, 0, 10_000, at(&p, "maxConcurrentCount"), "The maximum", errors),
                None if self.set_max_number_for_each_agent => errors
                    .add(at(&p, "maxConcurrentCount"), "Enter how many conversations this agent can have."),
                None => {}
            }
        }
    }
}
