//! `Validate` for every settings object.

use std::collections::HashSet;

use super::checks::{
    date_problem, email_problem, ews_url_problem, host_problem, html_problem, is_domain, is_email,
    line_problem, text_problem,
};
use super::conditions::{check_condition_set, check_field_ref, check_placeholders, check_value, SetPaths};
use super::{at, item, Context, Validate, ValidationErrors};
use crate::model::*;
use crate::tz;

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

/// An outgoing (SMTP) server: host, port, security and, with
/// authentication, the user name.
fn smtp(s: SmtpSettings<'_>, path: &str, errors: &mut ValidationErrors) {
    host(s.server, at(path, "outgoingServer"), "outgoing (SMTP) server", errors);
    port(s.port, at(path, "outgoingServerPort"), errors);
    required_enum(
        s.security,
        EncryptedConnectionType::is_known,
        EncryptedConnectionType::expected(),
        at(path, "encryptedConnectionType"),
        "the connection security",
        errors,
    );
    if s.authentication && s.user_name.trim().is_empty() {
        errors.add(at(path, "userName"), "Enter the user name the server signs in with.");
    } else {
        one_line(s.user_name, at(path, "userName"), errors);
    }
}

impl Validate for EmailAccount {
    fn check(&self, ctx: &Context<'_>, path: &str, errors: &mut ValidationErrors) {
        required_enum(
            self.kind.as_ref(),
            AccountType::is_known,
            AccountType::expected(),
            at(path, "type"),
            "the account type",
            errors,
        );
        let email = self.business_email.trim();
        if email.is_empty() {
            errors.add(at(path, "businessEmail"), "Enter the business email address.");
        } else if let Some(message) = email_problem(email) {
            errors.add(at(path, "businessEmail"), message);
        }
        required_text(
            &self.display_name,
            128,
            at(path, "displayName"),
            "the name recipients will see",
            errors,
        );
        if let Some(dept) = &self.assigned_department {
            department_ref(dept, at(path, "assignedDepartment"), ctx, errors);
        }
        if let Some(agent_id) = &self.assigned_agent {
            match ctx.directory.agent(agent_id) {
                None => errors.add(at(path, "assignedAgent"), format!("No agent has the id '{agent_id}'.")),
                Some(agent) => {
                    if let Some(dept) =
                        self.assigned_department.as_ref().and_then(|d| ctx.directory.department(d))
                    {
                        if !agent.department_ids.contains(&dept.id) {
                            errors.add(
                                at(path, "assignedAgent"),
                                format!("{} is not in the {} department.", agent.name, dept.name),
                            );
                        }
                    }
                }
            }
        }
        let info_path = at(path, "serverInfo");
        match (&self.server_info, self.kind.as_ref()) {
            (None, Some(kind)) if kind.is_known() => errors.add(info_path, "Enter the server settings."),
            (Some(ServerInfo::Exchange(s)), _) => {
                if s.user_name.trim().is_empty() {
                    errors.add(at(&info_path, "userName"), "Enter the user name the server signs in with.");
                } else {
                    one_line(&s.user_name, at(&info_path, "userName"), errors);
                }
                let url_path = at(&info_path, "serverUrl");
                if s.server_url.trim().is_empty() {
                    errors.add(url_path, "Enter the Exchange Web Services URL, like https://mail.example.com/EWS/Exchange.asmx.");
                } else if let Some(message) = ews_url_problem(s.server_url.trim()) {
                    errors.add(url_path, message);
                }
            }
            (Some(ServerInfo::Imap(s)), _) => {
                host(&s.incoming_server, at(&info_path, "incomingServer"), "incoming (IMAP) server", errors);
                port(s.incoming_server_port, at(&info_path, "incomingServerPort"), errors);
                smtp(s.smtp(), &info_path, errors);
            }
            (Some(ServerInfo::EmailForwarding(s)), _) => {
                if s.use_own_smtp_server {
                    smtp(s.smtp(), &info_path, errors);
                }
            }
            // No known type: the type's error says what to fix.
            (None, _) => {}
        }
    }
}

/// What to say when settings sent without a password point somewhere
/// else than the server the stored password was saved for.
pub const PASSWORD_FOR_CHANGED_SERVER: &str = "Enter the password to use it with the changed server.";

/// Whether `edited` may use the password stored with `saved` (contract
/// §11); the error is on `serverInfo.password` under `path`.
pub fn check_stored_password(
    edited: &EmailAccount,
    saved: &EmailAccount,
    path: &str,
    errors: &mut ValidationErrors,
) {
    if edited.reuses_password_of(saved) == Some(false) {
        errors.add(at(&at(path, "serverInfo"), "password"), PASSWORD_FOR_CHANGED_SERVER);
    }
}

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

fn flat_set_paths(path: &str) -> SetPaths {
    SetPaths { list: at(path, "conditions"), when: at(path, "when"), expression: at(path, "logicExpression") }
}

impl Validate for Trigger {
    fn check(&self, ctx: &Context<'_>, path: &str, errors: &mut ValidationErrors) {
        required_text(&self.description, 255, at(path, "description"), "a name for the trigger", errors);
        required_enum(
            self.event.as_ref(),
            TriggerEvent::is_known,
            TriggerEvent::expected(),
            at(path, "event"),
            "the event",
            errors,
        );
        if self.event == Some(TriggerEvent::ConversationStatusLastForCertainTime) {
            let status_path = at(path, "status");
            match (&self.status, ctx.field("status")) {
                (None, _) => errors.add(status_path, "Choose the status that must last."),
                (Some(s), Some(field)) => {
                    if let Err(m) = check_value(field, s, ctx) {
                        errors.add(status_path, m);
                    }
                }
                (Some(_), None) => {}
            }
            match self.status_duration {
                None => {
                    errors.add(at(path, "statusDuration"), "Enter how many minutes the status must last.")
                }
                Some(m) if !(1..=525_600).contains(&m) => errors.add(
                    at(path, "statusDuration"),
                    format!("Enter from 1 to 525600 minutes (a year), not {m}."),
                ),
                Some(_) => {}
            }
        }
        check_condition_set(
            &self.when,
            &self.logic_expression,
            &self.conditions,
            &flat_set_paths(path),
            ctx,
            errors,
        );

        if self.set_value {
            let updates = at(path, "autoUpdate");
            if self.auto_update.is_empty() {
                errors.add(&updates, "Add at least one field to set, or turn off setting values.");
            }
            let mut seen = HashSet::new();
            for (i, u) in self.auto_update.iter().enumerate() {
                let p = item(&updates, i);
                let Some(field) = check_field_ref(&u.field_id, &at(&p, "fieldId"), ctx, errors) else {
                    continue;
                };
                if !seen.insert(u.field_id.as_str()) {
                    errors.add(at(&p, "fieldId"), format!("{} is already set above.", field.name));
                }
                if let Err(m) = check_value(field, &u.value, ctx) {
                    errors.add(at(&p, "value"), m);
                }
            }
        }

        if !self.send_email {
            // Kept for when the email is switched on: still one line.
            one_line(&self.subject, at(path, "subject"), errors);
        }
        for (key, text) in [("htmlText", &self.html_text), ("plainText", &self.plain_text)] {
            if let Some(message) = text_problem(text) {
                errors.add(at(path, key), message);
            }
        }
        if let Some(message) = html_problem(&self.html_text) {
            errors.add(at(path, "htmlText"), message);
        }
        if self.send_email {
            required_text(&self.subject, 998, at(path, "subject"), "the email's subject", errors);
            if self.html_text.trim().is_empty() && self.plain_text.trim().is_empty() {
                errors.add(at(path, "htmlText"), "Write the email's text (HTML or plain text).");
            }
            if !self.send_to_contacts && !self.send_to_agents {
                errors.add(
                    at(path, "sendToContacts"),
                    "Choose who gets the email: the contact, agents or both.",
                );
            }
            if self.send_to_agents {
                let to = at(path, "toAgents");
                if self.to_agents.is_empty() {
                    errors.add(&to, "Choose at least one agent to email.");
                }
                for (i, id) in self.to_agents.iter().enumerate() {
                    agent_ref(id, item(&to, i), ctx, errors);
                }
            }
            for (key, text) in
                [("subject", &self.subject), ("htmlText", &self.html_text), ("plainText", &self.plain_text)]
            {
                check_placeholders(text, &at(path, key), ctx, errors);
            }
            if let Some(a) = &self.attachment {
                if a.id.trim().is_empty() {
                    errors.add(
                        at(&at(path, "attachment"), "id"),
                        "Upload the file again: the attachment has no id.",
                    );
                }
            }
        }
    }
}

impl Validate for SlaPolicy {
    fn check(&self, ctx: &Context<'_>, path: &str, errors: &mut ValidationErrors) {
        max_text(&self.name, 128, at(path, "name"), errors);
        for (key, hours, what) in [
            ("firstRespondWithin", self.first_respond_within, "First response"),
            ("nextRespondWithin", self.next_respond_within, "Next response"),
            ("resolveRespondWithin", self.resolve_respond_within, "Resolution"),
        ] {
            range(hours, 0, crate::engine::MAX_TARGET_HOURS, at(path, key), &format!("{what} hours"), errors);
        }
        required_enum(
            self.operational_hour.as_ref(),
            OperationalHour::is_known,
            OperationalHour::expected(),
            at(path, "operationalHour"),
            "business hours or calendar hours",
            errors,
        );
        check_condition_set(
            &self.when,
            &self.logic_expression,
            &self.conditions,
            &flat_set_paths(path),
            ctx,
            errors,
        );
    }
}

impl Validate for WorkingTime {
    fn check(&self, _ctx: &Context<'_>, path: &str, errors: &mut ValidationErrors) {
        for (day, name) in self.days().into_iter().zip(DAY_FIELDS) {
            if !day.is_business_day {
                continue;
            }
            let p = at(path, name);
            let before = errors.0.len();
            range(day.open_hour, 0, 23, at(&p, "openHour"), "The opening hour", errors);
            range(day.open_min, 0, 59, at(&p, "openMin"), "The opening minute", errors);
            range(day.close_hour, 0, 24, at(&p, "closeHour"), "The closing hour", errors);
            range(day.close_min, 0, 59, at(&p, "closeMin"), "The closing minute", errors);
            if day.close_hour == 24 && day.close_min != 0 {
                errors.add(at(&p, "closeMin"), "A day ends at 24:00; minutes must be 0 with hour 24.");
            }
            let (open, close) = day.window_minutes();
            if errors.0.len() == before && open >= close {
                errors.add(at(&p, "closeHour"), "Closing time must be after opening time.");
            }
        }
        if tz::canonical(self.time_zone.trim()).is_none() {
            errors.add(
                at(path, "timeZone"),
                format!(
                    "Unknown time zone '{}'. Use an IANA name such as Europe/Paris or UTC.",
                    self.time_zone
                ),
            );
        }
    }
}

impl Validate for Holiday {
    fn check(&self, _ctx: &Context<'_>, path: &str, errors: &mut ValidationErrors) {
        required_text(&self.title, 100, at(path, "title"), "a title", errors);
        let date = self.date.trim();
        if date.is_empty() {
            errors.add(at(path, "date"), "Choose the date.");
        } else if let Some(message) = date_problem(date) {
            errors.add(at(path, "date"), message);
        }
    }
}

impl Validate for BlockedSender {
    fn check(&self, _ctx: &Context<'_>, path: &str, errors: &mut ValidationErrors) {
        let email_path = at(path, "email");
        let is_address = self.email.contains('@');
        let well_formed = if is_address { is_email(&self.email) } else { is_domain(&self.email) };
        if self.email.is_empty() {
            errors.add(&email_path, "Enter an email address or a domain.");
        } else if !well_formed {
            errors.add(
                &email_path,
                format!(
                    "'{}' is neither an email address (name@example.com) nor a domain (example.com).",
                    self.email
                ),
            );
        }
        let type_path = at(path, "blockType");
        match &self.block_type {
            None => errors.add(type_path, "Choose what to do with this sender's mail."),
            Some(t) if !t.is_known() => {
                errors.add(type_path, format!("Unknown value '{t}'. Use {}.", BlockType::expected()))
            }
            Some(t) if well_formed && t.is_domain() && is_address => errors.add(
                type_path,
                format!(
                    "'{}' is an address; blocking a domain needs a domain such as example.com.",
                    self.email
                ),
            ),
            Some(t) if well_formed && !t.is_domain() && !is_address => errors.add(
                type_path,
                format!(
                    "'{}' is a domain; blocking an address needs an address such as name@{}.",
                    self.email, self.email
                ),
            ),
            Some(_) => {}
        }
    }
}

impl Validate for Field {
    fn check(&self, ctx: &Context<'_>, path: &str, errors: &mut ValidationErrors) {
        required_enum(
            self.kind.as_ref(),
            FieldType::is_known,
            FieldType::expected(),
            at(path, "type"),
            "the field type",
            errors,
        );
        required_text(&self.name, 128, at(path, "name"), "a name for the field", errors);
        if self.help_text.chars().count() > 500 {
            errors.add(at(path, "helpText"), "Use at most 500 characters.");
        } else if let Some(message) = text_problem(&self.help_text) {
            errors.add(at(path, "helpText"), message);
        }
        let Some(kind) = self.field_type() else { return };
        if kind.is_text() {
            if let Some(len) = self.length {
                range(len, 1, 65_535, at(path, "length"), "The maximum length", errors);
            }
        }
        let options_path = at(path, "options");
        if kind.has_options() {
            if self.options.is_empty() {
                errors.add(&options_path, "Add at least one option.");
            }
            let mut seen = HashSet::new();
            for (i, o) in self.options.iter().enumerate() {
                let p = item(&options_path, i);
                if o.name.trim().is_empty() {
                    errors.add(at(&p, "name"), "Enter the option's name.");
                } else {
                    one_line(&o.name, at(&p, "name"), errors);
                }
                if o.value.trim().is_empty() {
                    errors.add(at(&p, "value"), "Enter the option's value.");
                } else if let Some(message) = line_problem(&o.value) {
                    errors.add(at(&p, "value"), message);
                } else if !seen.insert(o.value.as_str()) {
                    errors
                        .add(at(&p, "value"), format!("Another option already has the value '{}'.", o.value));
                }
            }
        }
        if !self.default_value.is_empty() {
            if let Err(m) = check_value(self, &self.default_value, ctx) {
                errors.add(at(path, "defaultValue"), m);
            }
        }
    }
}

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

/// `PUT fields/mapping`: known fields, each chat or offline-message field
/// mapped to at most one conversation field.
impl Validate for FieldMappingRequest {
    fn check(&self, ctx: &Context<'_>, _path: &str, errors: &mut ValidationErrors) {
        let list = match self {
            FieldMappingRequest::Wrapped { field_mappings } => field_mappings,
            FieldMappingRequest::Bare(list) => list,
        };
        let mut chat = HashSet::new();
        let mut offline = HashSet::new();
        let mut fields = HashSet::new();
        for (i, m) in list.iter().enumerate() {
            let p = self.item_path(i);
            if check_field_ref(&m.field_id, &at(&p, "fieldId"), ctx, errors).is_some()
                && !fields.insert(m.field_id.as_str())
            {
                errors.add(at(&p, "fieldId"), "This field is mapped twice.");
            }
            if let Some(c) = &m.chat_field_mapping {
                if !chat.insert(c.as_str()) {
                    errors.add(
                        at(&p, "chatFieldMapping"),
                        format!("The chat field '{c}' is already mapped to another field."),
                    );
                }
            }
            if let Some(o) = &m.offline_message_field_mapping {
                if !offline.insert(o.as_str()) {
                    errors.add(
                        at(&p, "offlineMessageFieldMapping"),
                        format!("The offline message field '{o}' is already mapped to another field."),
                    );
                }
            }
        }
    }
}

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
