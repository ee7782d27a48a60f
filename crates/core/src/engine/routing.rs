//! Routing (contract §5): the simple target, or the first enabled custom
//! rule that matches, else the match-failed target.

use super::*;

impl Evaluator {
    fn target(&self, object: Option<&RouteToObject>, id: Option<&String>) -> Option<Target> {
        let (object, id) = (object?, id?);
        let name = match object {
            RouteToObject::Agent => self.directory.agent(id).map(|a| a.name.clone()),
            RouteToObject::Department => self.directory.department(id).map(|d| d.name.clone()),
            RouteToObject::Unknown(_) => None,
        };
        Some(Target { object: object.as_str().to_owned(), id: id.clone(), name: name.unwrap_or_default() })
    }

    pub(super) fn route(&self, conv: &mut Conversation, explain: bool) -> RoutingResult {
        let mut result = RoutingResult {
            status: RoutingStatus::Disabled,
            rule_id: None,
            rule_name: None,
            target: None,
            priority: None,
            rules: Vec::new(),
        };
        if !self.routing.is_enable {
            return result;
        }
        let r = &self.routing;
        let (status, object, id, priority, route) = match r.kind {
            Some(RoutingType::Rules) => {
                let mut chosen = None;
                for rule in &self.rules {
                    let matched = rule.set.matches(conv);
                    if explain {
                        result.rules.push(RuleResult {
                            id: rule.id.clone(),
                            name: rule.name.clone(),
                            matched,
                            conditions: rule.set.explain(conv, &self.table),
                        });
                    }
                    if matched {
                        chosen = Some(rule);
                        break;
                    }
                }
                match chosen {
                    Some(rule) => {
                        result.rule_id = Some(rule.id.clone());
                        result.rule_name = Some(rule.name.clone());
                        (
                            RoutingStatus::Rule,
                            rule.object.as_ref(),
                            rule.target_id.as_ref(),
                            &rule.priority,
                            &rule.route,
                        )
                    }
                    None => (
                        RoutingStatus::Fallback,
                        r.match_failed_to_object.as_ref(),
                        r.match_failed_route_to_id.as_ref(),
                        &r.match_failed_to_priority,
                        &self.fallback,
                    ),
                }
            }
            Some(RoutingType::Simple) => (
                RoutingStatus::Simple,
                r.simple_route_to_object.as_ref(),
                r.simple_route_to_id.as_ref(),
                &r.simple_route_to_priority,
                &self.simple,
            ),
            _ => return result,
        };
        result.status = status;
        result.target = self.target(object, id);
        result.priority = priority.number();
        route.apply(conv, &self.table, &self.zone);
        result
    }
}
