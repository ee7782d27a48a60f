//! Each validation rule rejects with the right path and message, and a fully
//! valid example of every object passes.

use anytime_core::*;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

fn directory() -> Directory {
    serde_json::from_value(json!({
        "agents": [
            {"id": "ag1", "name": "Ana", "email": "ana@example.com", "departmentIds": ["d1"], "status": "online"},
            {"id": "ag2", "name": "Ben", "email": "ben@example.com", "departmentIds": ["d2"], "status": "away"}
        ],
        "departments": [{"id": "d1", "name": "Billing"}, {"id": "d2", "name": "Support"}]
    }))
    .unwrap()
}

fn fields() -> Vec<Field> {
    let mut fields = system_fields();
    let custom: Vec<Field> = serde_json::from_value(json!([
        {"id": "tier", "type": "dropdownList", "name": "Tier",
         "options": [{"name": "Gold", "value": "gold"}, {"name": "Silver", "value": "silver"}]},
        {"id": "score", "type": "integer", "name": "Score"},
        {"id": "rating", "type": "float", "name": "Rating"},
        {"id": "vip", "type": "checkbox", "name": "VIP"},
        {"id": "tags", "type": "checkboxList", "name": "Tags", "options": [{"name": "Refund", "value": "refund"}]},
        {"id": "renewal", "type": "date", "name": "Renewal"},
        {"id": "code", "type": "text", "name": "Code", "length": 5}
    ]))
    .unwrap();
    fields.extend(custom);
    fields
}

/// The (path, message) pairs validation reports for `input`.
fn errors<T: DeserializeOwned + Validate>(input: Value) -> Vec<(String, String)> {
    let (fields, directory) = (fields(), directory());
    let value: T = serde_json::from_value(input).expect("parses");
    match value.validate(&Context::new(&fields, &directory)) {
        Ok(()) => vec![],
        Err(e) => e.0.into_iter().map(|e| (e.field, e.message)).collect(),
    }
}

/// Asserts exactly these paths fail, each message containing its fragment.
#[track_caller]
fn assert_errors<T: DeserializeOwned + Validate>(input: Value, expected: &[(&str, &str)]) {
    let got = errors::<T>(input.clone());
    let paths: Vec<&str> = got.iter().map(|(p, _)| p.as_str()).collect();
    let want: Vec<&str> = expected.iter().map(|(p, _)| *p).collect();
    assert_eq!(paths, want, "paths for {input}\nall: {got:#?}");
    for ((path, message), (_, fragment)) in got.iter().zip(expected) {
        assert!(message.contains(fragment), "{path}: {message:?} should contain {fragment:?}");
    }
}

#[track_caller]
fn assert_valid<T: DeserializeOwned + Validate>(input: Value) {
    assert_errors::<T>(input, &[]);
}

fn imap_account() -> Value {
    json!({"type": "IMAP", "businessEmail": "support@example.com", "displayName": "Support",
           "assignedDepartment": "d1", "assignedAgent": "ag1",
           "serverInfo": {"userName": "support", "password": "x", "incomingServer": "imap.example.com",
                          "incomingServerPort": 993, "useSSL": true, "outgoingServer": "smtp.example.com",
                          "outgoingServerPort": 587, "encryptedConnectionType": "TLS", "authentication": true}})
}

fn with(mut base: Value, patch: Value) -> Value {
    fn merge(a: &mut Value, b: Value) {
        match (a, b) {
            (Value::Object(a), Value::Object(b)) => {
                for (k, v) in b {
                    merge(a.entry(k).or_insert(Value::Null), v);
                }
            }
            (a, b) => *a = b,
        }
    }
    merge(&mut base, patch);
    base
}

#[test]
fn email_accounts() {
    assert_valid::<EmailAccount>(imap_account());
    assert_valid::<EmailAccount>(
        json!({"type": "exchange", "businessEmail": "it@example.com", "displayName": "IT",
        "serverInfo": {"userName": "it", "serverUrl": "https://mail.example.com/EWS/Exchange.asmx"}}),
    );
    assert_valid::<EmailAccount>(
        json!({"type": "emailForwarding", "businessEmail": "hi@example.com", "displayName": "Hi",
        "serverInfo": {"useOwnSMTPServer": false}}),
    );
    assert_errors::<EmailAccount>(
        json!({}),
        &[
            ("type", "Choose the account type"),
            ("businessEmail", "Enter the business email address"),
            ("displayName", "Enter the name recipients will see"),
        ],
    );
    assert_errors::<EmailAccount>(
        json!({"type": "pop3", "businessEmail": "nope", "displayName": "x".repeat(129)}),
        &[
            ("type", "Unknown value 'pop3'. Use 'exchange', 'IMAP' or 'emailForwarding'"),
            ("businessEmail", "'nope' is not an email address"),
            ("displayName", "at most 128 characters"),
        ],
    );
    assert_errors::<EmailAccount>(
        with(imap_account(), json!({"serverInfo": null})),
        &[("serverInfo", "Enter the server settings")],
    );
    assert_errors::<EmailAccount>(
        with(
            imap_account(),
            json!({"serverInfo": {"incomingServer": "", "incomingServerPort": 0,
            "outgoingServer": "smtp example", "outgoingServerPort": 70000, "encryptedConnectionType": "STARTTLS",
            "userName": " "}}),
        ),
        &[
            ("serverInfo.incomingServer", "Enter the incoming (IMAP) server"),
            ("serverInfo.incomingServerPort", "from 1 to 65535, not 0"),
            ("serverInfo.outgoingServer", "'smtp example' is not a host name"),
            ("serverInfo.outgoingServerPort", "not 70000"),
            ("serverInfo.encryptedConnectionType", "Use 'none', 'SSL' or 'TLS'"),
            ("serverInfo.userName", "Enter the user name"),
        ],
    );
    // Without authentication no user name is needed; ports are required.
    assert_errors::<EmailAccount>(
        with(
            imap_account(),
            json!({"serverInfo": {"authentication": false, "userName": "", "incomingServerPort": null}}),
        ),
        &[("serverInfo.incomingServerPort", "Enter the port")],
    );
    assert_errors::<EmailAccount>(
        json!({"type": "exchange", "businessEmail": "it@example.com", "displayName": "IT",
               "serverInfo": {"serverUrl": "ftp://mail.example.com"}}),
        &[("serverInfo.userName", "Enter the user name"), ("serverInfo.serverUrl", "is not an https:// URL")],
    );
    assert_errors::<EmailAccount>(
        json!({"type": "emailForwarding", "businessEmail": "hi@example.com", "displayName": "Hi",
               "serverInfo": {"useOwnSMTPServer": true, "authentication": true}}),
        &[
            ("serverInfo.outgoingServer", "Enter the outgoing (SMTP) server"),
            ("serverInfo.outgoingServerPort", "Enter the port"),
            ("serverInfo.encryptedConnectionType", "Choose the connection security"),
            ("serverInfo.userName", "Enter the user name"),
        ],
    );
    assert_errors::<EmailAccount>(
        with(imap_account(), json!({"assignedDepartment": "d9", "assignedAgent": "ag9"})),
        &[
            ("assignedDepartment", "No department has the id 'd9'"),
            ("assignedAgent", "No agent has the id 'ag9'"),
        ],
    );
    assert_errors::<EmailAccount>(
        with(imap_account(), json!({"assignedAgent": "ag2"})),
        &[("assignedAgent", "Ben is not in the Billing department")],
    );
}

fn rule() -> Value {
    json!({"name": "VIP", "isEnable": true, "routeToObject": "department", "routeToId": "d1", "routeToPriority": 3,
    "conditions": {"when": "all", "list": [
        {"fieldId": "tier", "matchType": "is", "value": "gold"},
        {"fieldId": "subject", "matchType": "contains", "value": "refund"},
        {"fieldId": "score", "matchType": "isMoreThan", "value": "10"},
        {"fieldId": "rating", "matchType": "isLessThan", "value": "2.5"},
        {"fieldId": "vip", "matchType": "is", "value": "TRUE"},
        {"fieldId": "tags", "matchType": "notContains", "value": "refund"},
        {"fieldId": "renewal", "matchType": "before", "value": "2026-12-31"},
        {"fieldId": "createdTime", "matchType": "after", "value": "2026-12-01T09:00:00+01:00"},
        {"fieldId": "agent", "matchType": "isNot", "value": "ag2"},
        {"fieldId": "department", "matchType": "is", "value": "d2"},
        {"fieldId": "senderEmail", "matchType": "is", "value": ""}
    ]}})
}

#[test]
fn custom_rules_and_conditions() {
    assert_valid::<CustomRule>(rule());
    assert_errors::<CustomRule>(
        json!({"name": " "}),
        &[
            ("name", "Enter a name for the rule"),
            ("routeToObject", "Choose whether to route to a department or an agent"),
        ],
    );
    assert_errors::<CustomRule>(
        with(rule(), json!({"routeToObject": "agent", "routeToId": "d1", "routeToPriority": 9})),
        &[
            ("routeToId", "No agent has the id 'd1'"),
            ("routeToPriority", "Unknown priority '9'. Use '1', '2', '3' or '4'"),
        ],
    );
    assert_errors::<CustomRule>(
        with(rule(), json!({"conditions": {"when": "most", "list": [
            {"fieldId": "nope", "matchType": "is", "value": "x"},
            {"fieldId": "subject", "matchType": "isMoreThan", "value": "x"},
            {"fieldId": "score", "matchType": "is", "value": "ten"},
            {"fieldId": "rating", "matchType": "is", "value": "NaN"},
            {"fieldId": "renewal", "matchType": "is", "value": "2026-02-30"},
            {"fieldId": "tier", "matchType": "is", "value": "bronze"},
            {"fieldId": "vip", "matchType": "is", "value": "yes"},
            {"fieldId": "tags", "matchType": "is", "value": "refund"},
            {"fieldId": "agent", "matchType": "is", "value": "ag9"},
            {"fieldId": "department", "matchType": "is", "value": ""},
            {"fieldId": "", "matchType": null, "value": ""},
            {"fieldId": "status", "matchType": "matches", "value": "new"},
            {"fieldId": "subject", "matchType": "contains", "value": ""},
            {"fieldId": "subject", "matchType": "notContains", "value": ""},
            {"fieldId": "subject", "matchType": "is", "value": ""},
            {"fieldId": "subject", "matchType": "contains", "value": " "}
        ]}})),
        &[
            ("conditions.when", "Unknown match mode 'most'"),
            ("conditions.list[0].fieldId", "No field has the id 'nope'"),
            ("conditions.list[1].matchType", "'is more than' cannot be used with Subject (single-line text field). Use 'contains', 'does not contain', 'is' or 'is not'"),
            ("conditions.list[2].value", "Enter a whole number, like 42 (not 'ten')"),
            ("conditions.list[3].value", "Enter a number"),
            ("conditions.list[4].value", "Enter a date as YYYY-MM-DD"),
            ("conditions.list[5].value", "'bronze' is not an option of Tier. Choose 'gold' or 'silver'"),
            ("conditions.list[6].value", "Choose checked ('true') or unchecked ('false')"),
            ("conditions.list[7].matchType", "'is' cannot be used with Tags"),
            ("conditions.list[8].value", "No agent has the id 'ag9'"),
            ("conditions.list[9].value", "Choose a value"),
            ("conditions.list[10].fieldId", "Choose a field"),
            ("conditions.list[10].matchType", "Choose an operator"),
            ("conditions.list[11].matchType", "Unknown operator 'matches'"),
            // `is ""` means "empty", and a space is a text to look for.
            ("conditions.list[12].value", "Enter the text to look for: 'contains' an empty text matches every conversation"),
            ("conditions.list[13].value", "'does not contain' an empty text matches no conversation"),
        ],
    );
    assert_errors::<CustomRule>(
        with(rule(), json!({"conditions": {"when": "logicalExpression", "logicExpression": ""}})),
        &[("conditions.logicExpression", "Write the logical expression")],
    );
    assert_errors::<CustomRule>(
        with(
            rule(),
            json!({"conditions": {"list": [{"fieldId": "code", "matchType": "is", "value": "toolong"}]}}),
        ),
        &[("conditions.list[0].value", "Code holds at most 5 characters")],
    );
}

#[test]
fn routing_config() {
    let config = json!({"isEnable": true, "type": "simple", "simpleRouteToObject": "department",
                        "simpleRouteToId": "d1", "simpleRouteToPriority": 2});
    assert_valid::<RoutingConfig>(config.clone());
    assert_valid::<RoutingConfig>(
        json!({"type": "rules", "matchFailedToObject": "agent", "matchFailedrouteToId": "ag1"}),
    );
    assert_errors::<RoutingConfig>(
        json!({"type": "fancy"}),
        &[("type", "Unknown value 'fancy'. Use 'simple' or 'rules'")],
    );
    assert_errors::<RoutingConfig>(
        json!({"isEnable": true, "type": "simple", "simpleRouteToObject": "department"}),
        &[("simpleRouteToId", "Choose the department")],
    );
    // Off, it need not be set up yet (the seeded configuration).
    assert_valid::<RoutingConfig>(
        json!({"isEnable": false, "type": "simple", "simpleRouteToObject": "department"}),
    );
    assert_errors::<RoutingConfig>(
        json!({"isEnable": true, "type": "rules", "matchFailedToObject": "agent", "matchFailedToId": "ag9"}),
        &[("matchFailedrouteToId", "No agent has the id 'ag9'")],
    );
    // The inactive target is checked only as far as it is filled in.
    assert_errors::<RoutingConfig>(
        with(
            config,
            json!({"matchFailedToObject": "department", "matchFailedToId": "d7", "matchFailedToPriority": "0"}),
        ),
        &[
            ("matchFailedrouteToId", "No department has the id 'd7'"),
            ("matchFailedToPriority", "Unknown priority '0'"),
        ],
    );
}

fn trigger() -> Value {
    json!({"description": "Escalate urgent", "enable": true, "event": 1,
           "conditions": [{"fieldId": "priority", "matchType": "is", "value": "4"}],
           "setValue": true, "autoUpdate": [{"fieldId": "status", "value": "onHold"}, {"fieldId": "agent", "value": "ag1"}],
           "sendEmail": true, "sendToContacts": true, "sendToAgents": true, "toAgents": ["ag1", 2],
           "subject": "Re: {{subject}}", "htmlText": "<p>Hi {{ contactName }}</p>"})
}

#[test]
fn triggers() {
    let valid = with(trigger(), json!({"toAgents": ["ag1", "ag2"]}));
    assert_valid::<Trigger>(valid.clone());
    assert_errors::<Trigger>(
        json!({"event": 9}),
        &[
            ("description", "Enter a name for the trigger"),
            ("event", "Unknown value '9'. Use '1', '2', '3', '4', '5' or '6'"),
        ],
    );
    assert_errors::<Trigger>(
        with(valid.clone(), json!({"event": 6})),
        &[("status", "Choose the status that must last"), ("statusDuration", "Enter how many minutes")],
    );
    assert_errors::<Trigger>(
        with(valid.clone(), json!({"event": 6, "status": "done", "statusDuration": 0})),
        &[("status", "'done' is not an option of Status"), ("statusDuration", "from 1 to 525600 minutes")],
    );
    assert_valid::<Trigger>(with(
        valid.clone(),
        json!({"event": "6", "status": "pendingExternal", "statusDuration": 60}),
    ));
    assert_errors::<Trigger>(
        with(
            trigger(),
            json!({"conditions": [{"fieldId": "priority", "matchType": "contains", "value": "4"}],
            "when": "logicalExpression",
            "autoUpdate": [{"fieldId": "status", "value": "gone"}, {"fieldId": "status", "value": "new"}, {"fieldId": "x", "value": ""}],
            "toAgents": ["ag1", "7"], "subject": "{{nope}}", "htmlText": "", "plainText": "Hi {{ticket}}"}),
        ),
        &[
            ("logicExpression", "Write the logical expression"),
            ("conditions[0].matchType", "'contains' cannot be used with Priority"),
            ("autoUpdate[0].value", "'gone' is not an option of Status"),
            ("autoUpdate[1].fieldId", "Status is already set above"),
            ("autoUpdate[2].fieldId", "No field has the id 'x'"),
            ("toAgents[1]", "No agent has the id '7'"),
            ("subject", "Unknown placeholder {{nope}}"),
            ("plainText", "Unknown placeholder {{ticket}}"),
        ],
    );
    assert_errors::<Trigger>(
        with(
            valid.clone(),
            json!({"subject": "", "htmlText": " ", "plainText": "", "sendToContacts": false, "sendToAgents": false, "autoUpdate": []}),
        ),
        &[
            ("autoUpdate", "Add at least one field to set"),
            ("subject", "Enter the email's subject"),
            ("htmlText", "Write the email's text"),
            ("sendToContacts", "Choose who gets the email"),
        ],
    );
    assert_errors::<Trigger>(
        with(valid.clone(), json!({"toAgents": [], "attachment": {"name": "a.pdf"}})),
        &[("toAgents", "Choose at least one agent"), ("attachment.id", "Upload the file again")],
    );
    // Email and update settings are ignored while their switches are off.
    assert_valid::<Trigger>(with(
        valid,
        json!({"setValue": false, "autoUpdate": [{"fieldId": "x"}], "sendEmail": false, "subject": "{{x}}"}),
    ));
}

#[test]
fn sla_policies() {
    let valid = json!({"name": "Gold", "enable": true, "firstRespondWithin": 1, "nextRespondWithin": 4,
        "resolveRespondWithin": 8760, "operationalHour": "businessHours",
        "conditions": [{"fieldId": "tier", "matchType": "is", "value": "gold"}]});
    assert_valid::<SlaPolicy>(valid.clone());
    assert_errors::<SlaPolicy>(
        json!({"firstRespondWithin": -1, "resolveRespondWithin": 8761, "name": "n".repeat(129)}),
        &[
            ("name", "at most 128 characters"),
            ("firstRespondWithin", "First response hours must be from 0 to 8760, not -1"),
            ("resolveRespondWithin", "Resolution hours must be from 0 to 8760, not 8761"),
            ("operationalHour", "Choose business hours or calendar hours"),
        ],
    );
    assert_errors::<SlaPolicy>(
        with(valid.clone(), json!({"firstRespondWithinMinutes": 60, "nextRespondWithinMinutes": -5})),
        &[
            ("firstRespondWithinMinutes", "First response minutes must be from 0 to 59, not 60"),
            ("nextRespondWithinMinutes", "Next response minutes must be from 0 to 59, not -5"),
        ],
    );
    assert_valid::<SlaPolicy>(with(
        valid.clone(),
        json!({"firstRespondWithin": 0, "firstRespondWithinMinutes": 30}),
    ));
    assert_errors::<SlaPolicy>(
        with(
            valid,
            json!({"operationalHour": "weekdays", "conditions": [{"fieldId": "score", "matchType": "before", "value": "1"}]}),
        ),
        &[
            ("operationalHour", "Unknown value 'weekdays'. Use 'businessHours' or 'calenderHours'"),
            ("conditions[0].matchType", "'is before' cannot be used with Score"),
        ],
    );
}

#[test]
fn working_time() {
    let day = |oh: i64, om: i64, ch: i64, cm: i64| json!({"isBusinessDay": true, "openHour": oh, "openMin": om, "closeHour": ch, "closeMin": cm});
    assert_valid::<WorkingTime>(
        json!({"mondayBusinessTime": day(0, 0, 24, 0), "timeZone": "America/New_York"}),
    );
    // A closed day keeps its hours for when it opens again, in any order,
    // but they are times.
    assert_valid::<WorkingTime>(
        json!({"sundayBusinessTime": {"isBusinessDay": false, "openHour": 18, "closeHour": 9}}),
    );
    assert_errors::<WorkingTime>(
        json!({"sundayBusinessTime": {"isBusinessDay": false, "openHour": 30, "openMin": 99, "closeHour": -5}}),
        &[
            ("sundayBusinessTime.openHour", "The opening hour"),
            ("sundayBusinessTime.openMin", "The opening minute"),
            ("sundayBusinessTime.closeHour", "The closing hour"),
        ],
    );
    assert_errors::<WorkingTime>(
        json!({
            "mondayBusinessTime": day(17, 0, 9, 0),
            "tuesdayBusinessTime": day(9, 0, 9, 0),
            "wednesdayBusinessTime": day(24, 0, 24, 0),
            "thursdayBusinessTime": day(9, 60, 24, 30),
            "fridayBusinessTime": day(-1, 0, 25, 0),
            "timeZone": "Mars/Olympus"
        }),
        &[
            ("mondayBusinessTime.closeHour", "Closing time must be after opening time"),
            ("tuesdayBusinessTime.closeHour", "Closing time must be after opening time"),
            ("wednesdayBusinessTime.openHour", "The opening hour must be from 0 to 23, not 24"),
            ("thusdayBusinessTime.openMin", "The opening minute must be from 0 to 59, not 60"),
            ("thusdayBusinessTime.closeMin", "A day ends at 24:00"),
            ("fridayBusinessTime.openHour", "not -1"),
            ("fridayBusinessTime.closeHour", "The closing hour must be from 0 to 24, not 25"),
            ("timeZone", "Unknown time zone 'Mars/Olympus'"),
        ],
    );
}

#[test]
fn holidays() {
    assert_valid::<Holiday>(json!({"title": "Christmas", "date": "2026-12-25"}));
    assert_valid::<Holiday>(json!({"title": "Christmas", "date": "2026-12-25T00:00:00+14:00"}));
    assert_errors::<Holiday>(json!({}), &[("title", "Enter a title"), ("date", "Choose the date")]);
    assert_errors::<Holiday>(
        json!({"title": "t".repeat(101), "date": "2026-02-29"}),
        &[("title", "at most 100 characters"), ("date", "'2026-02-29' is not a date. Use YYYY-MM-DD")],
    );
}

#[test]
fn blocked_senders() {
    for (email, block_type) in [
        ("bob@example.com", "rejectEmail"),
        ("bob@example.com", "blockEmailasJunk"),
        ("example.com", "rejectDomain"),
        ("@example.com", "blockDomainasJunk"),
    ] {
        assert_valid::<BlockedSender>(json!({"email": email, "blockType": block_type}));
    }
    assert_errors::<BlockedSender>(
        json!({}),
        &[("email", "Enter an email address or a domain"), ("blockType", "Choose what to do")],
    );
    assert_errors::<BlockedSender>(json!({"email": "not an address", "blockType": "ban"}), &[
        ("email", "is neither an email address"),
        ("blockType", "Unknown value 'ban'. Use 'blockEmailasJunk', 'rejectEmail', 'blockDomainasJunk' or 'rejectDomain'"),
    ]);
    assert_errors::<BlockedSender>(
        json!({"email": "bob@example.com", "blockType": "rejectDomain"}),
        &[("blockType", "'bob@example.com' is an address; blocking a domain needs a domain")],
    );
    assert_errors::<BlockedSender>(
        json!({"email": "example.com", "blockType": "rejectEmail"}),
        &[("blockType", "'example.com' is a domain; blocking an address needs an address")],
    );
}

#[test]
fn fields_and_options() {
    assert_valid::<Field>(json!({"type": "radio", "name": "Plan", "defaultValue": "pro",
        "options": [{"name": "Free", "value": "free"}, {"name": "Pro", "value": "pro"}]}));
    assert_valid::<Field>(json!({"type": "text", "name": "Order", "length": 20, "defaultValue": "none"}));
    assert_valid::<Field>(json!({"type": "operator", "name": "Owner", "defaultValue": "ag2"}));
    assert_errors::<Field>(
        json!({}),
        &[("type", "Choose the field type"), ("name", "Enter a name for the field")],
    );
    assert_errors::<Field>(
        json!({"type": "checkboxList", "name": "Tags", "options": []}),
        &[("options", "Add at least one option")],
    );
    assert_errors::<Field>(
        json!({"type": "dropdownList", "name": "Plan", "defaultValue": "gold", "helpText": "h".repeat(501),
               "options": [{"name": "", "value": "free"}, {"name": "Free again", "value": "free"}, {"name": "Blank", "value": " "}]}),
        &[
            ("helpText", "at most 500 characters"),
            ("options[0].name", "Enter the option's name"),
            ("options[1].value", "Another option already has the value 'free'"),
            ("options[2].value", "Enter the option's value"),
            ("defaultValue", "'gold' is not an option of Plan"),
        ],
    );
    assert_errors::<Field>(
        json!({"type": "text", "name": "Code", "length": 0}),
        &[("length", "from 1 to 65535, not 0")],
    );
    assert_errors::<Field>(
        json!({"type": "text", "name": "Code", "length": 3, "defaultValue": "abcd"}),
        &[("defaultValue", "Code holds at most 3 characters")],
    );
    assert_errors::<Field>(
        json!({"type": "integer", "name": "Age", "defaultValue": "1.5"}),
        &[("defaultValue", "Enter a whole number")],
    );
    assert_errors::<Field>(
        json!({"type": "department", "name": "Team", "defaultValue": "d9"}),
        &[("defaultValue", "No department has the id 'd9'")],
    );
    assert_errors::<Field>(json!({"type": "color", "name": "Colour"}), &[("type", "Unknown value 'color'")]);
}

#[test]
fn field_mappings() {
    assert_valid::<FieldMappingRequest>(json!({"fieldMappings": [
        {"fieldId": "subject", "chatFieldMapping": "chat_subject"},
        {"fieldId": "tier", "chatFieldMapping": "chat_tier", "offlineMessageFieldMapping": "om_tier"}]}));
    assert_errors::<FieldMappingRequest>(
        json!([{"fieldId": "subject", "chatFieldMapping": "c1", "offlineMessageFieldMapping": "o1"},
               {"fieldId": "tier", "chatFieldMapping": "c1", "offlineMessageFieldMapping": "o1"},
               {"fieldId": "nope"},
               {"fieldId": "subject"}]),
        &[
            ("[1].chatFieldMapping", "The chat field 'c1' is already mapped"),
            ("[1].offlineMessageFieldMapping", "The offline message field 'o1' is already mapped"),
            ("[2].fieldId", "No field has the id 'nope'"),
            ("[3].fieldId", "This field is mapped twice"),
        ],
    );
    assert_errors::<FieldMappingRequest>(
        json!({"fieldMappings": [{"fieldId": ""}]}),
        &[("fieldMappings[0].fieldId", "Choose a field")],
    );
}

#[test]
fn auto_allocation() {
    let valid = json!({"enable": true, "isEnabledDepartment": true,
        "departmentAllocationRule": [{"departmentId": "d1", "allocationTo": "onlineAgents", "allocationRule": "roundRobin"}],
        "defaultAllocationRule": {"allocationTo": "onlineAndAwayAgents", "allocationRule": "loadBalancing"},
        "setMaxNumberForEachAgent": false, "maxNumberForAllAgents": 8,
        "agentPreferences": [{"agentId": "ag1", "maxConcurrentCount": 3, "ifAcceptAllocation": true}]});
    assert_valid::<AutoAllocationSetting>(valid.clone());
    assert_errors::<AutoAllocationSetting>(
        json!({"departmentAllocationRule": [
                  {"departmentId": "d1", "allocationTo": "everyone", "allocationRule": "loadBalancing"},
                  {"departmentId": "d1", "allocationTo": "onlineAgents", "allocationRule": "random"},
                  {"allocationTo": "onlineAgents", "allocationRule": "roundRobin"},
                  {"departmentId": "d9", "allocationTo": "onlineAgents", "allocationRule": "roundRobin"}],
               "defaultAllocationRule": {"departmentId": "d1"},
               "maxNumberForAllAgents": 0,
               "agentPreferences": [{"agentId": "ag9"}, {"agentId": "ag1", "maxConcurrentCount": -1}, {"agentId": "ag1"}]}),
        &[
            ("defaultAllocationRule.allocationTo", "Choose which agents receive conversations"),
            ("defaultAllocationRule.allocationRule", "Choose load balancing or round robin"),
            ("defaultAllocationRule.departmentId", "leave its department empty"),
            (
                "departmentAllocationRule[0].allocationTo",
                "Unknown value 'everyone'. Use 'onlineAgents' or 'onlineAndAwayAgents'",
            ),
            ("departmentAllocationRule[1].allocationRule", "Unknown value 'random'"),
            ("departmentAllocationRule[1].departmentId", "already has a rule above"),
            ("departmentAllocationRule[2].departmentId", "Choose the department"),
            ("departmentAllocationRule[3].departmentId", "No department has the id 'd9'"),
            ("maxNumberForAllAgents", "The maximum must be from 1 to 10000, not 0"),
            ("agentPreferences[0].agentId", "No agent has the id 'ag9'"),
            ("agentPreferences[1].maxConcurrentCount", "not -1"),
            ("agentPreferences[2].agentId", "already has a preference above"),
        ],
    );
    assert_errors::<AutoAllocationSetting>(
        with(
            valid,
            json!({"setMaxNumberForEachAgent": true, "maxNumberForAllAgents": null,
                           "agentPreferences": [{"agentId": "ag2"}]}),
        ),
        &[("agentPreferences[0].maxConcurrentCount", "Enter how many conversations this agent can have")],
    );
}

#[test]
fn request_bodies() {
    assert_valid::<EnableRequest>(json!({"enable": true}));
    assert_errors::<EnableRequest>(json!({}), &[("enable", "Send \"enable\": true or false")]);
    assert_valid::<SortRequest>(json!({"type": "Down"}));
    assert_errors::<SortRequest>(
        json!({"type": "left"}),
        &[("type", "Unknown value 'left'. Use 'up' or 'down'")],
    );

    let order = |ids: Value| serde_json::from_value::<OrderRequest>(json!({"ids": ids})).unwrap();
    assert!(validate::validate_order(&order(json!(["b", "a"])), &["a", "b"]).is_ok());
    let err = validate::validate_order(&order(json!(["b", "b", "z"])), &["a", "b"]).unwrap_err();
    assert_eq!(err.get("ids[1]"), Some("'b' appears more than once."));
    assert_eq!(err.get("ids[2]"), Some("No item of this list has the id 'z'."));
    let err = validate::validate_order(&order(json!(["b"])), &["a", "b"]).unwrap_err();
    assert_eq!(err.get("ids"), Some("List every item exactly once; missing: a."));
}

/// Contract §11: single-line text refuses line breaks and control
/// characters; Exchange is https only; a condition set holds at most 500.
#[test]
fn trust_rules() {
    let exchange = |url: &str| {
        json!({"type": "exchange", "businessEmail": "it@example.com", "displayName": "IT",
               "serverInfo": {"userName": "it", "serverUrl": url}})
    };
    assert_errors::<EmailAccount>(
        exchange("http://mail.example.com/EWS/Exchange.asmx"),
        &[("serverInfo.serverUrl", "Use https://")],
    );
    assert_errors::<EmailAccount>(
        with(
            imap_account(),
            json!({"displayName": "Support\r\nBcc: all@example.com", "serverInfo": {"userName": "sup\nport"}}),
        ),
        &[("displayName", "Keep it on one line"), ("serverInfo.userName", "Keep it on one line")],
    );
    assert_errors::<Trigger>(
        with(
            trigger(),
            json!({"toAgents": ["ag1"], "description": "Esc\u{7}", "subject": "Re\r\nBcc: x@y.com",
                               "plainText": "ok\r\n\tindented\u{1b}[31m"}),
        ),
        &[("description", "U+0007"), ("plainText", "U+001B"), ("subject", "Keep it on one line")],
    );
    // Switched off, the subject is still one line.
    assert_errors::<Trigger>(
        with(trigger(), json!({"toAgents": ["ag1"], "sendEmail": false, "subject": "a\nb"})),
        &[("subject", "Keep it on one line")],
    );
    assert_errors::<CustomRule>(
        with(rule(), json!({"name": "VIP\tcustomers"})),
        &[("name", "Remove the tab")],
    );
    assert_errors::<Holiday>(json!({"title": "New\nYear", "date": "2027-01-01"}), &[("title", "one line")]);
    assert_errors::<SlaPolicy>(
        json!({"name": "Gold\r", "operationalHour": "calenderHours"}),
        &[("name", "one line")],
    );
    assert_errors::<Field>(
        json!({"type": "dropdownList", "name": "Tier\n", "helpText": "Two\nlines are fine\u{0}",
               "options": [{"name": "A\nB", "value": "a\u{85}"}]}),
        &[
            ("name", "one line"),
            ("helpText", "U+0000"),
            ("options[0].name", "one line"),
            ("options[0].value", "one line"),
        ],
    );

    // HTML that would make cleaning quadratic is refused on its field.
    let html = |h: String| with(trigger(), json!({"toAgents": ["ag1"], "htmlText": h}));
    assert_errors::<Trigger>(html("<div>".repeat(300)), &[("htmlText", "nests too deeply: at most 256")]);
    assert_errors::<Trigger>(html("<br>".repeat(5_001)), &[("htmlText", "at most 5000 HTML tags")]);
    // Tags the old scan skipped or a first reading hid are counted as the
    // tree builder reads them: a style's content ends at `</style>`
    // whatever quote or comment it holds.
    for hidden in ["<style><a title=\"</style>", "<style><!--</style>", "<title><b title='</title>"] {
        assert_errors::<Trigger>(
            html(format!("{hidden}{}\"'-->", "<div>".repeat(300))),
            &[("htmlText", "nests too deeply")],
        );
    }
    // SVG and MathML read otherwise (style is an element, CDATA hides tags).
    for foreign in ["<svg><style>x</style></svg>", "<p>x</p><MATH>", "<svg><![CDATA[><a title=\"]]>\">"] {
        assert_errors::<Trigger>(
            html(foreign.to_owned()),
            &[("htmlText", "SVG and MathML cannot go in an email")],
        );
    }
    assert_errors::<Trigger>(
        html((0..20).map(|i| format!("<p><b class=a{i}>x</p>")).collect()),
        &[("htmlText", "Close the formatting tags")],
    );
    // Real emails pass: implied ends (<p>, <li>, <td>), void and self-closing tags, comments.
    // A `>` in a quoted value ends no tag (the browser's reading).
    assert_valid::<Trigger>(html(format!("<p title=\"{}\">x</p>", "<div>".repeat(300))));
    assert_valid::<Trigger>(html(
        "<!-- x --><table><tr><td>a<td>b<tr><td>c</table><p>one<p>two<ul><li>a<li>b</ul><br><img src=x/><b>ok</b>"
            .repeat(40),
    ));
    let conditions = |n: usize| -> Vec<Value> {
        (0..n).map(|_| json!({"fieldId": "priority", "matchType": "is", "value": "4"})).collect()
    };
    assert_valid::<Trigger>(with(trigger(), json!({"toAgents": ["ag1"], "conditions": conditions(500)})));
    assert_errors::<Trigger>(
        with(trigger(), json!({"toAgents": ["ag1"], "conditions": conditions(10_000)})),
        &[("conditions", "Use at most 500 conditions in one rule; this one has 10000.")],
    );
    assert_errors::<CustomRule>(
        with(rule(), json!({"conditions": {"when": "any", "list": conditions(501)}})),
        &[("conditions.list", "at most 500 conditions")],
    );
    let deep = format!("{}1{}", "(".repeat(3000), ")".repeat(3000));
    assert_errors::<SlaPolicy>(
        json!({"operationalHour": "calenderHours", "when": "logicalExpression", "logicExpression": deep,
               "conditions": conditions(1)}),
        &[("logicExpression", "Nested too deeply at 33")],
    );
}

/// Contract §11: a stored password goes only to the server it was saved for.
#[test]
fn stored_passwords_stay_with_their_server() {
    let saved: EmailAccount = serde_json::from_value(with(
        imap_account(),
        json!({"serverInfo": {"password": null, "hasPassword": true}}),
    ))
    .unwrap();
    let edit = |patch: Value| -> Vec<(String, String)> {
        let mut edited: EmailAccount = serde_json::from_value(with(imap_account(), patch)).unwrap();
        if let Some(info) = edited.server_info.as_mut() {
            if edited_password_is_null(info) {
                info.take_password();
            }
        }
        let mut errors = ValidationErrors::default();
        validate::check_stored_password(&edited, &saved, "", &mut errors);
        errors.0.into_iter().map(|e| (e.field, e.message)).collect()
    };
    fn edited_password_is_null(info: &ServerInfo) -> bool {
        info.password() == Some("")
    }
    let refused = vec![("serverInfo.password".to_owned(), validate::PASSWORD_FOR_CHANGED_SERVER.to_owned())];
    // The same server, any spelling of its host: the stored one is used.
    assert_eq!(edit(json!({"serverInfo": {"password": "", "incomingServer": "IMAP.example.com."}})), vec![]);
    assert_eq!(edit(json!({"serverInfo": {"password": "", "authentication": false}})), vec![]);
    for patch in [
        // The same servers without encryption: it would travel readable.
        json!({"serverInfo": {"password": "", "useSSL": false}}),
        json!({"serverInfo": {"password": "", "encryptedConnectionType": "none"}}),
        json!({"serverInfo": {"password": "", "incomingServer": "attacker.example.net"}}),
        json!({"serverInfo": {"password": "", "incomingServerPort": 143}}),
        json!({"serverInfo": {"password": "", "outgoingServer": "smtp.attacker.example"}}),
        json!({"serverInfo": {"password": "", "outgoingServerPort": 25}}),
        json!({"serverInfo": {"password": "", "userName": "root"}}),
    ] {
        assert_eq!(edit(patch.clone()), refused, "{patch}");
    }
    // A password sent with the change is the admin's to send.
    assert_eq!(edit(json!({"serverInfo": {"incomingServer": "new.example.com", "password": "new"}})), vec![]);
    // Another kind of server is another server.
    let mut exchange: EmailAccount = serde_json::from_value(json!({"type": "exchange", "businessEmail": "it@example.com",
        "displayName": "IT", "serverInfo": {"userName": "support", "serverUrl": "https://imap.example.com/EWS"}}))
    .unwrap();
    assert_eq!(exchange.reuses_password_of(&saved), Some(false));
    exchange.server_info = None;
    assert_eq!(exchange.reuses_password_of(&saved), Some(false));
}
