//! JSON written from the spec's tables (with the contract's aliases and odd
//! casing) → types → canonical JSON, for every object.

use anytime_core::*;
use pretty_assertions::assert_eq;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};

fn roundtrip<T: DeserializeOwned + Serialize>(input: Value, canonical: Value) -> T {
    let parsed: T = serde_json::from_value(input).expect("input parses");
    assert_eq!(serde_json::to_value(&parsed).unwrap(), canonical);
    // Canonical output reads back to the same output.
    let again: T = serde_json::from_value(canonical.clone()).expect("canonical parses");
    assert_eq!(serde_json::to_value(&again).unwrap(), canonical);
    parsed
}

#[test]
fn imap_account_with_odd_casing_and_write_only_password() {
    let account: EmailAccount = roundtrip(
        json!({
            "id": "a1", "type": "imap", "businessEmail": "support@example.com",
            "displayName": "Support", "assignedDepartment": "", "assignedAgent": null,
            "enable": true, "isDefault": true, "status": "SUCCESS",
            "lastReceivedTime": "2026-11-30T08:00:00Z", "unknownField": 1,
            "serverInfo": {
                "userName": "support", "password": "s3cret",
                "incomingServer": "imap.example.com", "incomingServerPort": 993, "useSSL": true,
                "outgoingServer": "smtp.example.com", "outgoingServerPort": 587,
                "encryptedConnectionType": "tls", "authentication": true
            }
        }),
        json!({
            "id": "a1", "type": "IMAP", "businessEmail": "support@example.com",
            "displayName": "Support", "assignedDepartment": null, "assignedAgent": null,
            "status": "success", "lastReceivedTime": "2026-11-30T08:00:00Z",
            "enable": true, "isDefault": true,
            "serverInfo": {
                "userName": "support", "password": "s3cret", "hasPassword": false,
                "incomingServer": "imap.example.com", "incomingServerPort": 993, "useSSL": true,
                "outgoingServer": "smtp.example.com", "outgoingServerPort": 587,
                "encryptedConnectionType": "TLS", "authentication": true
            }
        }),
    );
    // What a response carries once the password is taken out.
    let mut response = account;
    assert_eq!(response.take_password().as_deref(), Some("s3cret"));
    response.server_info.as_mut().unwrap().set_has_password(true);
    let out = serde_json::to_value(&response).unwrap();
    assert_eq!(out["serverInfo"].get("password"), None);
    assert_eq!(out["serverInfo"]["hasPassword"], true);
}

#[test]
fn exchange_and_forwarding_accounts() {
    roundtrip::<EmailAccount>(
        json!({"type": "Exchange", "businessEmail": "it@example.com", "displayName": "IT",
               "serverInfo": {"userName": "it", "serverUrl": "https://mail.example.com/EWS/Exchange.asmx"}}),
        json!({"id": "", "type": "exchange", "businessEmail": "it@example.com", "displayName": "IT",
               "assignedDepartment": null, "assignedAgent": null, "status": null, "lastReceivedTime": null,
               "enable": true, "isDefault": false,
               "serverInfo": {"userName": "it", "hasPassword": false,
                              "serverUrl": "https://mail.example.com/EWS/Exchange.asmx"}}),
    );
    roundtrip::<EmailAccount>(
        json!({"type": "Email Forwarding", "businessEmail": "hi@example.com", "displayName": "Hi",
               "assignedDepartment": 7, "enable": false,
               "serverInfo": {"forwardEmailTo": "x@in.anytime.test", "useOwnSMTPServer": false}}),
        json!({"id": "", "type": "emailForwarding", "businessEmail": "hi@example.com", "displayName": "Hi",
               "assignedDepartment": "7", "assignedAgent": null, "status": null, "lastReceivedTime": null,
               "enable": false, "isDefault": false,
               "serverInfo": {"forwardEmailTo": "x@in.anytime.test", "useOwnSMTPServer": false,
                              "outgoingServer": "", "outgoingServerPort": null,
                              "encryptedConnectionType": null, "authentication": false,
                              "userName": "", "hasPassword": false}}),
    );
}

#[test]
fn account_with_unknown_type_is_kept_for_validation() {
    let a: EmailAccount = serde_json::from_value(json!({"type": "pop3", "serverInfo": {"x": 1}})).unwrap();
    assert_eq!(a.kind, Some(AccountType::Unknown("pop3".into())));
    assert_eq!(a.server_info, None);
}

#[test]
fn account_with_wrong_json_type_in_server_info_is_an_error() {
    let err = anytime_core::decode::from_value::<EmailAccount>(&json!({
        "type": "IMAP", "serverInfo": {"incomingServerPort": "nine"}
    }))
    .unwrap_err();
    assert_eq!(err.path, "serverInfo.incomingServerPort");
    assert_eq!(err.message, "Expected a whole number, found the text \"nine\".");
}

#[test]
fn routing_config_with_aliases() {
    roundtrip::<RoutingConfig>(
        json!({"enable": true, "type": "custromRules", "simpleRouteToObject": "Department",
               "simpleRouteToId": "d1", "simpleRoutePriority": "3",
               "matchFailedToObject": "AGENT", "matchFailedToId": "ag1", "matchFailedToPriority": 4,
               "orderIndex": 5}),
        json!({"id": "default", "isEnable": true, "type": "rules", "simpleRouteToObject": "department",
               "simpleRouteToId": "d1", "simpleRouteToPriority": 3, "rules": [],
               "matchFailedToObject": "agent", "matchFailedrouteToId": "ag1", "matchFailedToPriority": 4}),
    );
}

#[test]
fn custom_rule_with_nested_conditions() {
    roundtrip::<CustomRule>(
        json!({"id": "r1", "routeId": "default", "orderIndex": 0, "isEnable": true, "name": "VIP",
               "conditions": {"when": "LogicalExpression", "logicExpression": "1 and not 2",
                              "list": [{"id": "c1", "type": "routingRule", "fieldId": "priority", "matchType": "IS", "value": 4},
                                       {"fieldId": "subject", "matchType": "notcontains", "value": "spam"}]},
               "routeToObject": "agent", "routeToId": "ag1", "routeToPriority": "4"}),
        json!({"id": "r1", "routeId": "default", "orderIndex": 0, "isEnable": true, "name": "VIP",
               "conditions": {"when": "logicalExpression", "logicExpression": "1 and not 2",
                              "list": [{"id": "c1", "type": "routingRule", "fieldId": "priority", "matchType": "is", "value": "4"},
                                       {"id": "", "fieldId": "subject", "matchType": "notContains", "value": "spam"}]},
               "routeToObject": "agent", "routeToId": "ag1", "routeToPriority": 4}),
    );
}

#[test]
fn auto_allocation_with_aliases() {
    roundtrip::<AutoAllocationSetting>(
        json!({"enable": true, "isEnabledDepartment": true,
               "allocationRuleSettings": [{"departmentId": "d1", "allocationTo": "ONLINEAGENTS", "allocationRule": "roundrobin", "preferLastAssignee": true}],
               "defaultAllocationRule": {"allocationTo": "onlineAndAwayAgents", "allocationRule": "loadBalancing"},
               "setMaxNumberForEachAgent": true, "maxNumberForAllAgents": 5,
               "allocationAgentPreferences": [{"agentId": 12, "maxConcurrentCount": 3, "ifAcceptAllocation": false}],
               "excludePendingExternal": true, "excludeOnHold": false}),
        json!({"enable": true, "isEnabledDepartment": true,
               "departmentAllocationRule": [{"departmentId": "d1", "allocationTo": "onlineAgents", "allocationRule": "roundRobin", "preferLastAssignee": true}],
               "defaultAllocationRule": {"departmentId": null, "allocationTo": "onlineAndAwayAgents", "allocationRule": "loadBalancing", "preferLastAssignee": false},
               "setMaxNumberForEachAgent": true, "maxNumberForAllAgents": 5,
               "agentPreferences": [{"agentId": "12", "maxConcurrentCount": 3, "ifAcceptAllocation": false}],
               "excludePendingExternal": true, "excludeOnHold": false}),
    );
}

#[test]
fn trigger_with_flat_conditions_and_numeric_agent_ids() {
    roundtrip::<Trigger>(
        json!({"id": "t1", "description": "Escalate urgent", "enable": true, "event": "1",
               "conditions": [{"fieldId": "priority", "matchType": "is", "value": "4"}],
               "when": "ANY", "setValue": true,
               "autoUpdate": [{"id": "u1", "triggerId": "t1", "fieldId": "status", "value": "onHold"}],
               "sendEmail": true, "sendToContacts": false, "sendToAgents": true, "toAgents": [1, "ag2"],
               "subject": "Urgent: {{subject}}", "htmlText": "<p>{{content}}</p>", "plainText": null,
               "attachment": {"id": "f1", "name": "policy.pdf", "contentType": "application/pdf", "size": 1024},
               "showInConversationCorrespondences": true, "orderIndex": 2}),
        json!({"id": "t1", "description": "Escalate urgent", "enable": true, "event": 1,
               "status": null, "statusDuration": null,
               "conditions": [{"id": "", "fieldId": "priority", "matchType": "is", "value": "4"}],
               "when": "any", "logicExpression": "", "setValue": true,
               "autoUpdate": [{"id": "u1", "triggerId": "t1", "fieldId": "status", "value": "onHold"}],
               "sendEmail": true, "sendToContacts": false, "sendToAgents": true, "toAgents": ["1", "ag2"],
               "subject": "Urgent: {{subject}}", "htmlText": "<p>{{content}}</p>", "plainText": "",
               "attachment": {"id": "f1", "name": "policy.pdf", "contentType": "application/pdf", "size": 1024},
               "showInConversationCorrespondences": true, "orderIndex": 2}),
    );
}

#[test]
fn sla_policy_with_defaults() {
    roundtrip::<SlaPolicy>(
        json!({"enable": true, "firstRespondWithin": 4, "resolveRespondWithin": 48,
               "operationalHour": "calendarhours", "conditions": []}),
        json!({"id": "", "name": "", "enable": true, "firstRespondWithin": 4, "nextRespondWithin": 0,
               "resolveRespondWithin": 48, "operationalHour": "calenderHours", "conditions": [],
               "when": "all", "logicExpression": "", "orderIndex": 0}),
    );
}

#[test]
fn working_time_with_thursday_alias() {
    let day = json!({"isBusinessDay": true, "openHour": 9, "openMin": 0, "closeHour": 17, "closeMin": 30});
    let closed = json!({"isBusinessDay": false, "openHour": 0, "openMin": 0, "closeHour": 0, "closeMin": 0});
    roundtrip::<WorkingTime>(
        json!({"mondayBusinessTime": day, "thursdayBusinessTime": day, "timeZone": "Europe/Paris"}),
        json!({"sundayBusinessTime": closed, "mondayBusinessTime": day, "tuesdayBusinessTime": closed,
               "wednesdayBusinessTime": closed, "thusdayBusinessTime": day, "fridayBusinessTime": closed,
               "saturdayBusinessTime": closed, "timeZone": "Europe/Paris"}),
    );
    let wt: WorkingTime = serde_json::from_value(json!({})).unwrap();
    assert_eq!(wt.time_zone, "UTC");
}

#[test]
fn holiday_keeps_the_date_as_written() {
    roundtrip::<Holiday>(
        json!({"id": "h1", "title": "New Year", "date": "2027-01-01T00:00:00-08:00"}),
        json!({"id": "h1", "title": "New Year", "date": "2027-01-01"}),
    );
    roundtrip::<Holiday>(
        json!({"title": "Bad", "date": "31/12/2026"}),
        json!({"id": "", "title": "Bad", "date": "31/12/2026"}),
    );
}

#[test]
fn blocked_sender_is_stored_lower_case() {
    roundtrip::<BlockedSender>(
        json!({"email": " @Spam.EXAMPLE.com ", "blockType": "REJECTDOMAIN"}),
        json!({"id": "", "email": "spam.example.com", "blockType": "rejectDomain"}),
    );
    roundtrip::<BlockedSender>(
        json!({"id": "b1", "email": "Bob@Example.com", "blockType": "blockemailasjunk"}),
        json!({"id": "b1", "email": "bob@example.com", "blockType": "blockEmailasJunk"}),
    );
}

#[test]
fn field_with_options() {
    roundtrip::<Field>(
        json!({"id": "tier", "type": "DROPDOWNLIST", "name": "Tier", "isSystemField": false, "isRequired": true,
               "defaultValue": "gold", "helpText": "Customer tier", "options": [
                   {"id": "o1", "name": "Gold", "value": "gold", "order": 0},
                   {"name": "Silver", "value": 2, "order": 1}],
               "chatFieldMapping": "chat_tier"}),
        json!({"id": "tier", "type": "dropdownList", "name": "Tier", "isSystemField": false, "isRequired": true,
               "defaultValue": "gold", "helpText": "Customer tier", "length": null, "options": [
                   {"id": "o1", "name": "Gold", "value": "gold", "order": 0},
                   {"id": "", "name": "Silver", "value": "2", "order": 1}],
               "chatFieldMapping": "chat_tier", "offlineMessageFieldMapping": null}),
    );
}

#[test]
fn field_mapping_bodies() {
    let wrapped: FieldMappingRequest = serde_json::from_value(json!({"fieldMappings": [
        {"fieldId": "subject", "chatFieldMapping": "chat_subject"}]}))
    .unwrap();
    let bare: FieldMappingRequest = serde_json::from_value(json!([
        {"fieldId": "subject", "chatFieldMapping": "chat_subject", "offlineMessageFieldMapping": ""}]))
    .unwrap();
    assert_eq!(wrapped.clone().into_list(), bare.clone().into_list());
    assert_eq!(wrapped.item_path(3), "fieldMappings[3]");
    assert_eq!(bare.item_path(3), "[3]");
    assert_eq!(
        serde_json::to_value(bare.into_list()).unwrap(),
        json!([{"fieldId": "subject", "chatFieldMapping": "chat_subject", "offlineMessageFieldMapping": null}])
    );
}

#[test]
fn directory_objects() {
    roundtrip::<Agent>(
        json!({"id": 5, "name": "Ana", "email": "ana@example.com", "departmentIds": [1, "d2"], "status": "Away"}),
        json!({"id": "5", "name": "Ana", "email": "ana@example.com", "departmentIds": ["1", "d2"], "status": "away"}),
    );
    roundtrip::<Department>(json!({"id": "d1", "name": "Billing"}), json!({"id": "d1", "name": "Billing"}));
}

#[test]
fn request_bodies() {
    roundtrip::<EnableRequest>(json!({"enable": false}), json!({"enable": false}));
    roundtrip::<SortRequest>(json!({"type": "UP"}), json!({"type": "up"}));
    roundtrip::<OrderRequest>(json!({"ids": ["b", 2]}), json!({"ids": ["b", "2"]}));
}

#[test]
fn enums_list_their_canonical_values() {
    assert_eq!(FieldType::ALL.len(), 14);
    assert_eq!(
        MatchType::expected(),
        "'contains', 'notContains', 'is', 'isNot', 'isMoreThan', 'isLessThan', 'before' or 'after'"
    );
    assert_eq!(TriggerEvent::expected(), "'1', '2', '3', '4', '5' or '6'");
    assert_eq!(Priority::parse(" 3 "), Priority::High);
    assert_eq!(Priority::parse("5"), Priority::Unknown("5".into()));
}

#[test]
fn system_fields_are_valid_and_fixed() {
    let fields = system_fields();
    let ids: Vec<&str> = fields.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "subject",
            "content",
            "status",
            "priority",
            "channel",
            "senderEmail",
            "contactName",
            "toEmail",
            "agent",
            "department",
            "createdTime"
        ]
    );
    let directory = Directory::default();
    let ctx = Context::new(&fields, &directory);
    for f in &fields {
        assert!(f.is_system_field);
        f.validate(&ctx).unwrap_or_else(|e| panic!("{}: {e}", f.id));
    }
}
