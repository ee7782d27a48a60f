//! The condition builder's logic: which operators a field allows (the
//! core's table, one truth), what kind of value input it needs, and the
//! live reading of a logical expression.

use anytime_core::engine::expr::{self, ExprError};
use anytime_core::{Condition, Directory, Field, FieldType};

/// The input a condition's value needs, by its field's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueInput {
    Text,
    Number,
    Date,
    /// A choice among (value, label) pairs.
    Choice(Vec<(String, String)>),
}

/// The operators a field allows, as (wire value, words).
pub fn operators(field: Option<&Field>) -> Vec<(String, &'static str)> {
    field
        .and_then(Field::field_type)
        .map(|t| t.match_types().iter().map(|m| (m.as_str().to_owned(), m.label())).collect())
        .unwrap_or_default()
}

/// The value input for a field.
pub fn value_input(field: Option<&Field>, directory: &Directory) -> ValueInput {
    let Some(kind) = field.and_then(Field::field_type) else { return ValueInput::Text };
    match kind {
        FieldType::Integer | FieldType::Float => ValueInput::Number,
        FieldType::Date => ValueInput::Date,
        FieldType::Radio | FieldType::DropdownList | FieldType::CheckboxList => {
            ValueInput::Choice(field.map_or_else(Vec::new, |f| {
                f.options.iter().map(|o| (o.value.clone(), o.name.clone())).collect()
            }))
        }
        FieldType::Operator => {
            ValueInput::Choice(directory.agents.iter().map(|a| (a.id.clone(), a.name.clone())).collect())
        }
        FieldType::Department => {
            ValueInput::Choice(directory.departments.iter().map(|d| (d.id.clone(), d.name.clone())).collect())
        }
        FieldType::Checkbox => ValueInput::Choice(vec![
            ("true".into(), "Checked".into()),
            ("false".into(), "Not checked".into()),
        ]),
        _ => ValueInput::Text,
    }
}

/// A condition after its field changed: the operator is kept when the new
/// field allows it, else the field's first; a value that cannot fit is cleared.
pub fn with_field(condition: &Condition, field: Option<&Field>, directory: &Directory) -> Condition {
    let mut c = condition.clone();
    c.field_id = field.map(|f| f.id.clone()).unwrap_or_default();
    let allowed = field.and_then(Field::field_type).map(|t| t.match_types()).unwrap_or_default();
    if !c.match_type.as_ref().is_some_and(|m| allowed.contains(m)) {
        c.match_type = allowed.first().cloned();
    }
    if let ValueInput::Choice(choices) = value_input(field, directory) {
        if !choices.iter().any(|(v, _)| *v == c.value) {
            c.value = choices.first().map(|(v, _)| v.clone()).unwrap_or_default();
        }
    } else if matches!(value_input(field, directory), ValueInput::Number | ValueInput::Date) {
        c.value.clear();
    }
    c
}

/// A new row: the first field, its first operator, a fitting value.
pub fn new_condition(fields: &[Field], directory: &Directory) -> Condition {
    with_field(&Condition::default(), fields.first(), directory)
}

/// The live reading of an expression: `None` when it is fine (or empty).
pub fn expression_problems(text: &str, condition_count: usize) -> Vec<ExprError> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    expr::parse(text, condition_count).err().unwrap_or_default()
}

/// The expression split around the character an error points at, for
/// underlining: (before, at, after). The underline covers `length`
/// characters, at least one (a space at the end for "found the end").
pub fn underline(text: &str, error: &ExprError) -> Option<(String, String, String)> {
    let position = error.position?;
    let chars: Vec<char> = text.chars().collect();
    let start = (position - 1).min(chars.len());
    let end = (start + error.length.max(1)).min(chars.len());
    let at: String = if start == end { " ".into() } else { chars[start..end].iter().collect() };
    Some((chars[..start].iter().collect(), at, chars[end..].iter().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use anytime_core::{system_fields, MatchType};

    fn fields() -> Vec<Field> {
        let mut f = system_fields();
        f.push(
            serde_json::from_value(serde_json::json!({"id": "score", "type": "integer", "name": "Score"}))
                .unwrap(),
        );
        f
    }

    fn field<'a>(fields: &'a [Field], id: &str) -> Option<&'a Field> {
        fields.iter().find(|f| f.id == id)
    }

    #[test]
    fn operators_follow_the_field_type() {
        let fields = fields();
        let words = |id: &str| operators(field(&fields, id)).into_iter().map(|(_, w)| w).collect::<Vec<_>>();
        assert_eq!(words("subject"), ["contains", "does not contain", "is", "is not"]);
        assert_eq!(words("score"), ["is", "is not", "is more than", "is less than"]);
        assert_eq!(words("createdTime"), ["is", "is not", "is before", "is after"]);
        assert_eq!(words("status"), ["is", "is not"]);
        assert!(words("nope").is_empty());
    }

    #[test]
    fn changing_the_field_keeps_what_fits() {
        let fields = fields();
        let directory: Directory = serde_json::from_value(serde_json::json!({
            "agents": [{"id": "a1", "name": "Ana", "status": "online"}], "departments": []}))
        .unwrap();
        let c = Condition {
            field_id: "subject".into(),
            match_type: Some(MatchType::Contains),
            value: "refund".into(),
            ..Condition::default()
        };
        let to_score = with_field(&c, field(&fields, "score"), &directory);
        assert_eq!((to_score.match_type, to_score.value.as_str()), (Some(MatchType::Is), ""));
        let to_status = with_field(&c, field(&fields, "status"), &directory);
        assert_eq!(to_status.value, "new", "the first option");
        let to_agent = with_field(&c, field(&fields, "agent"), &directory);
        assert_eq!(to_agent.value, "a1");
        assert_eq!(
            value_input(field(&fields, "agent"), &directory),
            ValueInput::Choice(vec![("a1".into(), "Ana".into())])
        );
        let kept = with_field(&c, field(&fields, "content"), &directory);
        assert_eq!((kept.match_type, kept.value.as_str()), (Some(MatchType::Contains), "refund"));
    }

    #[test]
    fn a_new_row_starts_with_the_first_field_and_operator() {
        let fields = fields();
        let c = new_condition(&fields, &Directory::default());
        assert_eq!((c.field_id.as_str(), c.match_type), ("subject", Some(MatchType::Contains)));
    }

    #[test]
    fn expressions_are_read_live_and_underlined() {
        assert!(expression_problems("", 2).is_empty());
        assert!(expression_problems("1 and not 2", 2).is_empty());
        let problems = expression_problems("1 AND (2", 2);
        assert_eq!(problems[0].message, "The '(' at 7 is never closed.");
        assert_eq!(underline("1 AND (2", &problems[0]), Some(("1 AND ".into(), "(".into(), "2".into())));
        let problems = expression_problems("1 AND", 1);
        assert_eq!(underline("1 AND", &problems[0]), Some(("1 AND".into(), " ".into(), String::new())));
        let problems = expression_problems("1", 2);
        assert_eq!(problems[0].message, "Condition 2 is not used in the expression.");
        assert_eq!(underline("1", &problems[0]), None);
    }
}
