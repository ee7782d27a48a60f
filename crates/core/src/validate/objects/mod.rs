//! `Validate` for every settings object, one file per area; the small
//! checks they share are here.

use std::collections::HashSet;

use super::checks::{
    date_problem, email_problem, ews_url_problem, host_problem, html_problem, is_domain, is_email,
    line_problem, text_problem,
};
use super::conditions::{check_condition_set, check_field_ref, check_placeholders, check_value, SetPaths};
use super::{at, item, Context, Validate, ValidationErrors};
use crate::model::*;
use crate::tz;

mod allocation;
mod email;
mod lists;
mod requests;
mod routing;
mod rules;
mod time;

pub use email::{check_stored_password, PASSWORD_FOR_CHANGED_SERVER};
pub use requests::validate_order;

/// A required single-line text of at most `max` characters.
fn required_text(value: &str, max: usize, path: String, what: &str, errors: &mut ValidationErrors) {
    let len = value.trim().chars().count();
    if len == 0 {
        errors.add(path, format!("Enter {what}."));
    } else {
        max_text(value, max, path, errors);
    }
}

/// An optional single-line text of at most `max` characters.
fn max_text(value: &str, max: usize, path: String, errors: &mut ValidationErrors) {
    if value.chars().count() > max {
        errors.add(path, format!("Use at most {max} characters."));
    } else {
        one_line(value, path, errors);
    }
}

/// Single-line text: no line breaks or other control characters (§11).
fn one_line(value: &str, path: String, errors: &mut ValidationErrors) {
    if let Some(message) = line_problem(value) {
        errors.add(path, message);
    }
}

/// A required enum: reports absence and unknown values.
fn required_enum<T>(
    value: Option<&T>,
    known: impl Fn(&T) -> bool,
    expected: String,
    path: String,
    what: &str,
    errors: &mut ValidationErrors,
) where
    T: std::fmt::Display,
{
    match value {
        None => errors.add(path, format!("Choose {what}.")),
        Some(v) if !known(v) => errors.add(path, format!("Unknown value '{v}'. Use {expected}.")),
        Some(_) => {}
    }
}

fn port(value: Option<i64>, path: String, errors: &mut ValidationErrors) {
    match value {
        None => errors.add(path, "Enter the port (1–65535)."),
        Some(p) if !(1..=65_535).contains(&p) => {
            errors.add(path, format!("A port is a number from 1 to 65535, not {p}."))
        }
        Some(_) => {}
    }
}

fn host(value: &str, path: String, what: &str, errors: &mut ValidationErrors) {
    if value.trim().is_empty() {
        errors.add(path, format!("Enter the {what}, like mail.example.com."));
    } else if let Some(message) = host_problem(value) {
        errors.add(path, message);
    }
}

fn agent_ref(id: &str, path: String, ctx: &Context<'_>, errors: &mut ValidationErrors) {
    if ctx.directory.agent(id).is_none() {
        errors.add(path, format!("No agent has the id '{id}'."));
    }
}

fn department_ref(id: &str, path: String, ctx: &Context<'_>, errors: &mut ValidationErrors) {
    if ctx.directory.department(id).is_none() {
        errors.add(path, format!("No department has the id '{id}'."));
    }
}

fn range(value: i64, lo: i64, hi: i64, path: String, what: &str, errors: &mut ValidationErrors) {
    if !(lo..=hi).contains(&value) {
        errors.add(path, format!("{what} must be from {lo} to {hi}, not {value}."));
    }
}
