//! The small requests: enable, sort, order.

use super::*;

impl Validate for EnableRequest {
    fn check(&self, _ctx: &Context<'_>, path: &str, errors: &mut ValidationErrors) {
        if self.enable.is_none() {
            errors.add(at(path, "enable"), "Send \"enable\": true or false.");
        }
    }
}

impl Validate for SortRequest {
    fn check(&self, _ctx: &Context<'_>, path: &str, errors: &mut ValidationErrors) {
        required_enum(
            self.direction.as_ref(),
            SortDirection::is_known,
            SortDirection::expected(),
            at(path, "type"),
            "'up' or 'down'",
            errors,
        );
    }
}

/// `PUT …/order`: `ids` must name every item of the list exactly once.
pub fn validate_order(request: &OrderRequest, existing: &[&str]) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let known: HashSet<&str> = existing.iter().copied().collect();
    let mut seen = HashSet::new();
    for (i, id) in request.ids.iter().enumerate() {
        if !known.contains(id.as_str()) {
            errors.add(item("ids", i), format!("No item of this list has the id '{id}'."));
        } else if !seen.insert(id.as_str()) {
            errors.add(item("ids", i), format!("'{id}' appears more than once."));
        }
    }
    let missing: Vec<&str> = existing.iter().copied().filter(|id| !seen.contains(id)).collect();
    if !missing.is_empty() && errors.is_empty() {
        errors.add("ids", format!("List every item exactly once; missing: {}.", missing.join(", ")));
    }
    errors.into_result()
}
