//! Conditions and values typed by their field (contract §4), shared by
//! routing rules, triggers, SLA policies, auto updates and field defaults.

use super::{at, item, one_of, Context, ValidationErrors};
use crate::date::DateValue;
use crate::model::{too_many_conditions, Condition, Field, FieldType, MatchType, When, MAX_CONDITIONS};

/// Whether `value` is a valid value of `field` — what a condition with `is`
/// compares against, an auto update sets, or a field defaults to. The error
/// is the message to show on the value.
pub fn check_value(field: &Field, value: &str, ctx: &Context<'_>) -> Result<(), String> {
    let Some(kind) = field.field_type() else {
        return Err(format!("The field '{}' has no valid type.", field.name));
    };
    if kind.is_text() {
        return match field.length {
            Some(max) if value.chars().count() as i64 > max => {
                Err(format!("{} holds at most {max} characters.", field.name))
            }
            _ => Ok(()),
        };
    }
    if value.trim().is_empty() {
        return Err(match kind {
            FieldType::Integer | FieldType::Float | FieldType::Date => "Enter a value.".to_owned(),
            _ => "Choose a value.".to_owned(),
        });
    }
    match kind {
        FieldType::Integer => value
            .trim()
            .parse::<i64>()
            .map(drop)
            .map_err(|_| format!("Enter a whole number, like 42 (not '{value}').")),
        FieldType::Float => match value.trim().parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(()),
            _ => Err(format!("Enter a number, like 2.5 (not '{value}').")),
        },
        FieldType::Date => DateValue::parse(value.trim()).map(drop).ok_or_else(|| {
            format!("Enter a date as YYYY-MM-DD, or a time like 2026-12-01T17:00:00Z (not '{value}').")
        }),
        FieldType::Checkbox => {
            if value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false") {
                Ok(())
            } else {
                Err(format!("Choose checked ('true') or unchecked ('false'), not '{value}'."))
            }
        }
        FieldType::Radio | FieldType::DropdownList | FieldType::CheckboxList => {
            if field.option(value).is_some() {
                Ok(())
            } else {
                Err(format!(
                    "'{value}' is not an option of {}. Choose {}.",
                    field.name,
                    one_of(field.options.iter().map(|o| o.value.as_str()))
                ))
            }
        }
        FieldType::Operator => match ctx.directory.agent(value) {
            Some(_) => Ok(()),
            None => Err(format!("No agent has the id '{value}'.")),
        },
        FieldType::Department => match ctx.directory.department(value) {
            Some(_) => Ok(()),
            None => Err(format!("No department has the id '{value}'.")),
        },
        // Text types returned above; an unknown type has no field_type.
        _ => Ok(()),
    }
}

/// Checks a field reference; returns the field when it exists.
pub(crate) fn check_field_ref<'a>(
    field_id: &str,
    path: &str,
    ctx: &Context<'a>,
    errors: &mut ValidationErrors,
) -> Option<&'a Field> {
    if field_id.trim().is_empty() {
        errors.add(path, "Choose a field.");
        return None;
    }
    let field = ctx.field(field_id);
    if field.is_none() {
        errors.add(path, format!("No field has the id '{field_id}'."));
    }
    field
}

fn check_condition(c: &Condition, path: &str, ctx: &Context<'_>, errors: &mut ValidationErrors) {
    let field = check_field_ref(&c.field_id, &at(path, "fieldId"), ctx, errors);
    let match_path = at(path, "matchType");
    let Some(match_type) = c.match_type.as_ref() else {
        errors.add(match_path, "Choose an operator.");
        return;
    };
    if !match_type.is_known() {
        errors.add(match_path, format!("Unknown operator '{match_type}'. Use {}.", MatchType::expected()));
        return;
    }
    let Some(field) = field else { return };
    let Some(kind) = field.field_type() else { return };
    let allowed = kind.match_types();
    if !allowed.contains(match_type) {
        errors.add(
            match_path,
            format!(
                "'{}' cannot be used with {} ({} field). Use {}.",
                match_type.label(),
                field.name,
                kind.label().to_lowercase(),
                one_of(allowed.iter().map(MatchType::label))
            ),
        );
        return;
    }
    // `contains ""` matches every conversation and `notContains ""` none:
    // almost surely a value not typed yet (`is ""` does mean "empty").
    let text_search = matches!(match_type, MatchType::Contains | MatchType::NotContains) && kind.is_text();
    if text_search && c.value.is_empty() {
        errors.add(
            at(path, "value"),
            format!(
                "Enter the text to look for: '{}' an empty text matches {} conversation.",
                match_type.label(),
                if *match_type == MatchType::Contains { "every" } else { "no" }
            ),
        );
        return;
    }
    if let Err(message) = check_value(field, &c.value, ctx) {
        errors.add(at(path, "value"), message);
    }
}

/// Where the parts of a condition set live in the request: nested under
/// `conditions` for custom rules, beside the list for triggers and SLAs.
pub(crate) struct SetPaths {
    pub list: String,
    pub when: String,
    pub expression: String,
}

pub(crate) fn check_condition_set(
    when: &When,
    expression: &str,
    list: &[Condition],
    paths: &SetPaths,
    ctx: &Context<'_>,
    errors: &mut ValidationErrors,
) {
    if !when.is_known() {
        errors.add(&paths.when, format!("Unknown match mode '{when}'. Use {}.", When::expected()));
    }
    if list.len() > MAX_CONDITIONS {
        // One message for the list, not one per condition of thousands.
        errors.add(&paths.list, too_many_conditions(list.len()));
        return;
    }
    if *when == When::LogicalExpression {
        if expression.trim().is_empty() {
            errors.add(&paths.expression, "Write the logical expression, like 1 AND (2 OR 3).");
        } else if let Err(problems) = crate::engine::expr::parse(expression, list.len()) {
            for p in problems {
                errors.add(&paths.expression, p.message);
            }
        }
    }
    for (i, c) in list.iter().enumerate() {
        check_condition(c, &item(&paths.list, i), ctx, errors);
    }
}

/// A `{{fieldId}}` placeholder: its byte range in the text (braces
/// included) and the field id inside (trimmed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder<'a> {
    pub start: usize,
    pub end: usize,
    pub name: &'a str,
}

/// Every `{{fieldId}}` placeholder of a text, in order. Validation checks
/// the names; the engine replaces the spans.
pub fn placeholder_spans(text: &str) -> Vec<Placeholder<'_>> {
    let mut found = Vec::new();
    let mut offset = 0;
    while let Some(open) = text[offset..].find("{{") {
        let start = offset + open;
        let Some(close) = text[start + 2..].find("}}") else { break };
        let end = start + 2 + close + 2;
        found.push(Placeholder { start, end, name: text[start + 2..end - 2].trim() });
        offset = end;
    }
    found
}

/// The `{{fieldId}}` placeholders in a text, with their byte offsets.
pub fn placeholders(text: &str) -> Vec<(usize, &str)> {
    placeholder_spans(text).into_iter().map(|p| (p.start, p.name)).collect()
}

pub(crate) fn check_placeholders(text: &str, path: &str, ctx: &Context<'_>, errors: &mut ValidationErrors) {
    for (_, name) in placeholders(text) {
        if ctx.field(name).is_none() {
            errors.add(path, format!("Unknown placeholder {{{{{name}}}}}: no field has the id '{name}'."));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn finds_placeholders() {
        assert_eq!(
            placeholders("Hi {{contactName}}, re: {{ subject }} {{unclosed"),
            vec![(3, "contactName"), (24, "subject")]
        );
        assert!(placeholders("no braces {single}").is_empty());
    }
}
