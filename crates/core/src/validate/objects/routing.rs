//! Routing and its custom rules (contract §5).

use super::*;

fn route_target(
    object: Option<&RouteToObject>,
    id: Option<&String>,
    paths: (String, String),
    ctx: &Context<'_>,
    errors: &mut ValidationErrors,
) {
    let (object_path, id_path) = paths;
    match object {
        None => errors.add(object_path, "Choose whether to route to a department or an agent."),
        Some(RouteToObject::Unknown(v)) => {
            errors.add(object_path, format!("Unknown value '{v}'. Use {}.", RouteToObject::expected()))
        }
        Some(RouteToObject::Department) => match id {
            None => errors.add(id_path, "Choose the department."),
            Some(id) => department_ref(id, id_path, ctx, errors),
        },
        Some(RouteToObject::Agent) => match id {
            None => errors.add(id_path, "Choose the agent."),
            Some(id) => agent_ref(id, id_path, ctx, errors),
        },
    }
}

fn priority(p: &Priority, path: String, errors: &mut ValidationErrors) {
    if !p.is_known() {
        errors.add(
            path,
            format!("Unknown priority '{p}'. Use {} (low, normal, high, urgent).", Priority::expected()),
        );
    }
}

impl Validate for RoutingConfig {
    fn check(&self, ctx: &Context<'_>, path: &str, errors: &mut ValidationErrors) {
        required_enum(
            self.kind.as_ref(),
            RoutingType::is_known,
            RoutingType::expected(),
            at(path, "type"),
            "the routing type",
            errors,
        );
        let simple = (at(path, "simpleRouteToObject"), at(path, "simpleRouteToId"));
        let failed = (at(path, "matchFailedToObject"), at(path, "matchFailedrouteToId"));
        // With routing on, the active mode's target is required; every
        // other target is checked only as far as it is filled in, so
        // switching modes keeps both and routing can be off before it is
        // set up (the seeded configuration exports and imports as it is).
        let simple_required = self.is_enable && self.kind == Some(RoutingType::Simple);
        let failed_required = self.is_enable && self.kind == Some(RoutingType::Rules);
        let check = |required: bool, object, id, paths, errors: &mut ValidationErrors| {
            if required {
                route_target(object, id, paths, ctx, errors);
            } else {
                optional_target(object, id, paths, ctx, errors);
            }
        };
        check(
            simple_required,
            self.simple_route_to_object.as_ref(),
            self.simple_route_to_id.as_ref(),
            simple,
            errors,
        );
        check(
            failed_required,
            self.match_failed_to_object.as_ref(),
            self.match_failed_route_to_id.as_ref(),
            failed,
            errors,
        );
        priority(&self.simple_route_to_priority, at(path, "simpleRouteToPriority"), errors);
        priority(&self.match_failed_to_priority, at(path, "matchFailedToPriority"), errors);
    }
}

fn optional_target(
    object: Option<&RouteToObject>,
    id: Option<&String>,
    paths: (String, String),
    ctx: &Context<'_>,
    errors: &mut ValidationErrors,
) {
    if id.is_some() || object.is_some_and(|o| !o.is_known()) {
        route_target(object, id, paths, ctx, errors);
    }
}

impl Validate for CustomRule {
    fn check(&self, ctx: &Context<'_>, path: &str, errors: &mut ValidationErrors) {
        required_text(&self.name, 128, at(path, "name"), "a name for the rule", errors);
        let conditions = at(path, "conditions");
        check_condition_set(
            &self.conditions.when,
            &self.conditions.logic_expression,
            &self.conditions.list,
            &SetPaths {
                list: at(&conditions, "list"),
                when: at(&conditions, "when"),
                expression: at(&conditions, "logicExpression"),
            },
            ctx,
            errors,
        );
        route_target(
            self.route_to_object.as_ref(),
            self.route_to_id.as_ref(),
            (at(path, "routeToObject"), at(path, "routeToId")),
            ctx,
            errors,
        );
        priority(&self.route_to_priority, at(path, "routeToPriority"), errors);
    }
}
