//! `GET /api/openapi.json`: an OpenAPI 3.1 document of every route, built
//! from the route table below and the JSON Schemas the core's types derive
//! (schemars, draft 2020-12 as OpenAPI 3.1 uses). A test checks that the
//! table and the router list the same paths.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Map, Value};

use anytime_core::engine::{Outcome, Settings, Summary};
use anytime_core::tz::ZoneRules;
use anytime_core::*;

use crate::probe::TestResult;
use crate::snapshot::ExportDocument;

type Gen = fn(&mut SchemaGenerator) -> Schema;

fn one<T: JsonSchema>(g: &mut SchemaGenerator) -> Schema {
    g.subschema_for::<T>()
}

fn many<T: JsonSchema>(g: &mut SchemaGenerator) -> Schema {
    g.subschema_for::<Vec<T>>()
}

/// A request body.
#[derive(Clone, Copy)]
enum Body {
    Empty,
    Req(Gen),
    /// JSON that may be left out.
    MaybeReq(Gen),
    Multipart,
}

/// A success response.
#[derive(Clone, Copy)]
enum Reply {
    Json(u16, Gen),
    /// A single object with its ETag.
    Tagged(u16, Gen),
    NoContent,
    File,
}

#[derive(Clone, Copy)]
struct Op {
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    body: Body,
    reply: Reply,
    /// Takes `If-Match` (412 on a stale ETag).
    if_match: bool,
    /// May answer 409.
    conflict: bool,
    query: &'static [(&'static str, &'static str)],
}

const fn op(method: &'static str, path: &'static str, summary: &'static str, body: Body, reply: Reply) -> Op {
    Op { method, path, summary, body, reply, if_match: false, conflict: false, query: &[] }
}

impl Op {
    const fn if_match(mut self) -> Self {
        self.if_match = true;
        self
    }
    const fn conflict(mut self) -> Self {
        self.conflict = true;
        self
    }
    const fn query(mut self, q: &'static [(&'static str, &'static str)]) -> Self {
        self.query = q;
        self
    }
}

/// The generic list endpoints of an ordered kind.
fn ordered<T: JsonSchema>(base: &'static str, noun: &'static str, enable: Reply, sort: Reply) -> Vec<Op> {
    let id: &'static str = Box::leak(format!("{base}/{{id}}").into_boxed_str());
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    vec![
        op("get", base, leak(format!("List {noun}s in order")), Body::Empty, Reply::Json(200, many::<T>)),
        op(
            "post",
            base,
            leak(format!("Create a {noun} (it goes last)")),
            Body::Req(one::<T>),
            Reply::Tagged(201, one::<T>),
        )
        .conflict(),
        op(
            "put",
            leak(format!("{base}/order")),
            leak(format!("Set the whole order of the {noun}s")),
            Body::Req(one::<OrderRequest>),
            Reply::Json(200, many::<T>),
        ),
        op("get", id, leak(format!("Get a {noun}")), Body::Empty, Reply::Tagged(200, one::<T>)),
        op("put", id, leak(format!("Update a {noun}")), Body::Req(one::<T>), Reply::Tagged(200, one::<T>))
            .if_match()
            .conflict(),
        op("delete", id, leak(format!("Delete a {noun}")), Body::Empty, Reply::NoContent),
        op(
            "put",
            leak(format!("{id}/enable")),
            leak(format!("Enable or disable a {noun}")),
            Body::Req(one::<EnableRequest>),
            enable,
        ),
        op(
            "put",
            leak(format!("{id}/sort")),
            leak(format!("Move a {noun} up or down")),
            Body::Req(one::<SortRequest>),
            sort,
        ),
    ]
}

/// Every operation, by the path under its prefix.
fn table() -> Vec<(&'static str, Op)> {
    use Body::*;
    use Reply::*;
    const A: &str = "/api/v3/anytime";
    let mut ops: Vec<(&str, Op)> = vec![
        (
            "/api",
            op(
                "get",
                "health",
                "Liveness and schema version (no token needed)",
                Empty,
                Json(200, one::<Value>),
            ),
        ),
        (
            "/api",
            op("get", "openapi.json", "This document (no token needed)", Empty, Json(200, one::<Value>)),
        ),
        ("/api/v3", op("get", "agents", "The agents settings can refer to", Empty, Json(200, many::<Agent>))),
        (
            "/api/v3",
            op(
                "get",
                "departments",
                "The departments settings can refer to",
                Empty,
                Json(200, many::<Department>),
            ),
        ),
        (
            "/api/v3",
            op(
                "post",
                "attachments",
                "Upload a file (multipart field 'file', at most 10 MiB)",
                Multipart,
                Json(201, one::<Attachment>),
            ),
        ),
        ("/api/v3", op("get", "attachments/{id}", "Download an uploaded file", Empty, File)),
        (A, op("get", "emailAccounts", "List email accounts", Empty, Json(200, many::<EmailAccount>))),
        (
            A,
            op(
                "post",
                "emailAccounts",
                "Create an email account (the first becomes default)",
                Req(one::<EmailAccount>),
                Tagged(201, one::<EmailAccount>),
            )
            .conflict(),
        ),
        (
            A,
            op(
                "post",
                "emailAccounts/test",
                "Test the servers of an unsaved account",
                Req(one::<EmailAccount>),
                Json(200, one::<TestResult>),
            ),
        ),
        (A, op("get", "emailAccounts/{id}", "Get an email account", Empty, Tagged(200, one::<EmailAccount>))),
        (
            A,
            op(
                "put",
                "emailAccounts/{id}",
                "Update an email account (a missing password keeps the stored one)",
                Req(one::<EmailAccount>),
                Tagged(200, one::<EmailAccount>),
            )
            .if_match()
            .conflict(),
        ),
        (
            A,
            op(
                "delete",
                "emailAccounts/{id}",
                "Delete an email account (the oldest remaining becomes default)",
                Empty,
                NoContent,
            ),
        ),
        (
            A,
            op(
                "put",
                "emailAccounts/{id}/enable",
                "Enable or disable an email account",
                Req(one::<EnableRequest>),
                NoContent,
            ),
        ),
        (A, op("put", "emailAccounts/{id}/default", "Make an email account the default", Empty, NoContent)),
        (
            A,
            op(
                "put",
                "emailAccounts/{id}/test",
                "Test a saved account, or unsaved settings for it",
                MaybeReq(one::<EmailAccount>),
                Json(200, one::<TestResult>),
            ),
        ),
        (
            A,
            op(
                "get",
                "routingRules",
                "The routing configuration (one), with its custom rules",
                Empty,
                Json(200, many::<RoutingConfig>),
            ),
        ),
        (
            A,
            op(
                "put",
                "routingRules/enable",
                "Turn routing on or off",
                Req(one::<EnableRequest>),
                Json(200, many::<RoutingConfig>),
            ),
        ),
        (
            A,
            op(
                "get",
                "routingRules/{id}",
                "The routing configuration (id 'default')",
                Empty,
                Tagged(200, one::<RoutingConfig>),
            ),
        ),
        (
            A,
            op(
                "put",
                "routingRules/{id}",
                "Update the routing configuration ('rules' is ignored)",
                Req(one::<RoutingConfig>),
                Tagged(200, one::<RoutingConfig>),
            )
            .if_match(),
        ),
        (
            A,
            op(
                "get",
                "autoAllocation",
                "Auto allocation settings",
                Empty,
                Tagged(200, one::<AutoAllocationSetting>),
            ),
        ),
        (
            A,
            op(
                "put",
                "autoAllocation",
                "Update auto allocation settings",
                Req(one::<AutoAllocationSetting>),
                Tagged(200, one::<AutoAllocationSetting>),
            )
            .if_match(),
        ),
        (
            A,
            op(
                "put",
                "autoAllocation/enable",
                "Turn auto allocation on or off",
                Req(one::<EnableRequest>),
                NoContent,
            ),
        ),
        (
            A,
            op(
                "get",
                "workingTime",
                "Business hours and their time zone",
                Empty,
                Tagged(200, one::<WorkingTime>),
            ),
        ),
        (
            A,
            op(
                "put",
                "workingTime",
                "Update business hours",
                Req(one::<WorkingTime>),
                Tagged(200, one::<WorkingTime>),
            )
            .if_match(),
        ),
        (A, op("get", "holidays", "List holidays by date", Empty, Json(200, many::<Holiday>))),
        (
            A,
            op("post", "holidays", "Create a holiday", Req(one::<Holiday>), Tagged(201, one::<Holiday>))
                .conflict(),
        ),
        (
            A,
            op("delete", "holidays", "Delete a holiday by ?id=", Empty, NoContent)
                .query(&[("id", "The holiday's id")]),
        ),
        (A, op("get", "holidays/{id}", "Get a holiday", Empty, Tagged(200, one::<Holiday>))),
        (
            A,
            op("put", "holidays/{id}", "Update a holiday", Req(one::<Holiday>), Tagged(200, one::<Holiday>))
                .if_match()
                .conflict(),
        ),
        (A, op("delete", "holidays/{id}", "Delete a holiday", Empty, NoContent)),
        (
            A,
            op(
                "get",
                "blockedSenders",
                "List blocked senders, or those containing ?email=",
                Empty,
                Json(200, many::<BlockedSender>),
            )
            .query(&[("email", "Part of an address or domain")]),
        ),
        (
            A,
            op(
                "put",
                "blockedSenders",
                "Add a blocked sender, or change the one with that address",
                Req(one::<BlockedSender>),
                Tagged(200, one::<BlockedSender>),
            ),
        ),
        (
            A,
            op("delete", "blockedSenders", "Remove a blocked sender by ?email=", Empty, NoContent)
                .query(&[("email", "The address or domain")]),
        ),
        (
            A,
            op(
                "get",
                "blockedSenders/{id}",
                "Get a blocked sender",
                Empty,
                Tagged(200, one::<BlockedSender>),
            ),
        ),
        (A, op("delete", "blockedSenders/{id}", "Remove a blocked sender", Empty, NoContent)),
        (
            A,
            op(
                "get",
                "fields",
                "List fields (?isSystemField=true|false filters)",
                Empty,
                Json(200, many::<Field>),
            )
            .query(&[("isSystemField", "true or false")]),
        ),
        (A, op("post", "fields", "Create a field", Req(one::<Field>), Tagged(201, one::<Field>)).conflict()),
        (
            A,
            op(
                "put",
                "fields/mapping",
                "Replace every chat and offline-message mapping",
                Req(one::<FieldMappingRequest>),
                NoContent,
            ),
        ),
        (A, op("get", "fields/{id}", "Get a field", Empty, Tagged(200, one::<Field>))),
        (
            A,
            op(
                "put",
                "fields/{id}",
                "Update a field (system fields keep their type)",
                Req(one::<Field>),
                Tagged(200, one::<Field>),
            )
            .if_match()
            .conflict(),
        ),
        (
            A,
            op(
                "delete",
                "fields/{id}",
                "Delete a field (409 for system fields and fields in use)",
                Empty,
                NoContent,
            )
            .conflict(),
        ),
        (
            A,
            op(
                "post",
                "preview",
                "What the saved (or given) settings do to a sample conversation",
                Req(one::<PreviewBody>),
                Json(200, one::<Outcome>),
            ),
        ),
        (
            A,
            op(
                "post",
                "preview/bulk",
                "Preview many samples; answers with counts",
                Req(one::<BulkBody>),
                Json(200, one::<Summary>),
            ),
        ),
        (
            A,
            op(
                "get",
                "timeZones/{name}",
                "A time zone's rules (TZif, base64) for computing due times in the browser",
                Empty,
                Json(200, one::<ZoneRules>),
            ),
        ),
        (
            A,
            op(
                "get",
                "export",
                "Every setting as one document (no passwords)",
                Empty,
                Json(200, one::<ExportDocument>),
            ),
        ),
        (
            A,
            op(
                "post",
                "import",
                "Validate and apply a whole document, atomically",
                Req(one::<ExportDocument>),
                Json(200, one::<ExportDocument>),
            ),
        ),
    ];
    let rules = "routingRules/customRules";
    for o in ordered::<CustomRule>(rules, "custom rule", Tagged(200, one::<CustomRule>), NoContent) {
        ops.push((A, o));
    }
    for o in ordered::<Trigger>("triggers", "trigger", NoContent, Json(200, many::<Trigger>)) {
        ops.push((A, o));
    }
    for prefix in ["/api/v2/anytime", A] {
        for o in ordered::<SlaPolicy>(
            "SLAPolicies",
            "SLA policy",
            Tagged(200, one::<SlaPolicy>),
            Json(200, many::<SlaPolicy>),
        ) {
            ops.push((prefix, o));
        }
    }
    ops
}

/// Body of `POST preview`: a sample, and settings to use instead of the saved ones.
#[derive(schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct PreviewBody {
    settings: Option<Settings>,
    #[serde(flatten)]
    sample: anytime_core::engine::Sample,
}

/// Body of `POST preview/bulk`.
#[derive(schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct BulkBody {
    settings: Option<Settings>,
    samples: Vec<anytime_core::engine::Sample>,
}

fn problem(description: &str) -> Value {
    json!({"description": description, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}})
}

fn operation(o: &Op, path: &str, g: &mut SchemaGenerator, operation_id: String, public: bool) -> Value {
    let mut responses = Map::new();
    let etag_header = json!({"ETag": {"description": "Strong ETag; send it back as If-Match", "schema": {"type": "string"}}});
    match o.reply {
        Reply::Json(status, schema) => {
            responses.insert(
                status.to_string(),
                json!({"description": "OK", "content": {"application/json": {"schema": schema(g)}}}),
            );
        }
        Reply::Tagged(status, schema) => {
            responses.insert(
                status.to_string(),
                json!({"description": "OK", "headers": etag_header, "content": {"application/json": {"schema": schema(g)}}}),
            );
        }
        Reply::NoContent => {
            responses.insert("204".into(), json!({"description": "Done"}));
        }
        Reply::File => {
            responses.insert("200".into(), json!({"description": "The file, with the content type it was uploaded with", "content": {"*/*": {"schema": {"description": "The file's bytes"}}}}));
        }
    }
    if !public {
        responses.insert("401".into(), problem("Missing or wrong token"));
    }
    if !matches!(o.body, Body::Empty) {
        responses.insert("400".into(), problem("Malformed JSON or a value of the wrong JSON type"));
        responses.insert("413".into(), problem("Body too large (1 MiB; attachments 10 MiB)"));
        responses.insert("415".into(), problem("The body is not JSON (multipart for attachments)"));
        responses.insert("422".into(), problem("Validation failed; `errors` lists every field"));
    }
    if !o.query.is_empty() {
        responses.insert("400".into(), problem("The query string is not valid"));
        if o.method == "delete" {
            responses.insert("404".into(), problem("Nothing matches"));
            responses.insert("422".into(), problem("The query parameter is missing"));
        }
    }
    if path.contains("{id}") {
        responses.insert("404".into(), problem("No object has that id"));
    }
    if path.contains("{name}") {
        responses.insert("404".into(), problem("No time zone has that name"));
    }
    // Every write of one object or a list's order takes If-Match (§11);
    // creates, tests and imports do not.
    let if_match = o.if_match || (matches!(o.method, "put" | "delete") && !o.path.ends_with("/test"));
    if if_match {
        responses.insert("412".into(), problem("If-Match does not match the current ETag"));
    }
    if !public {
        responses.insert(
            "429".into(),
            json!({
            "description": "Too many failed sign-ins from this address; wait as Retry-After says",
            "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}},
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}),
        );
    }
    if o.conflict {
        responses.insert("409".into(), problem("Duplicate, in use, or a system field"));
    }
    let mut parameters: Vec<Value> = Vec::new();
    for name in path.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}')) {
        parameters.push(json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}));
    }
    if if_match {
        parameters.push(json!({"name": "If-Match", "in": "header", "required": false, "schema": {"type": "string"},
                                "description": "The ETag you loaded; a stale one gets 412 and changes nothing"}));
    }
    for (name, description) in o.query {
        let kind = if description.starts_with("true or false") { "boolean" } else { "string" };
        parameters.push(json!({"name": name, "in": "query", "required": false, "schema": {"type": kind}, "description": description}));
    }
    let mut value = json!({"operationId": operation_id, "summary": o.summary, "responses": responses});
    if !parameters.is_empty() {
        value["parameters"] = Value::Array(parameters);
    }
    match o.body {
        Body::Req(schema) => {
            value["requestBody"] =
                json!({"required": true, "content": {"application/json": {"schema": schema(g)}}});
        }
        Body::MaybeReq(schema) => {
            value["requestBody"] =
                json!({"required": false, "content": {"application/json": {"schema": schema(g)}}});
        }
        Body::Multipart => {
            value["requestBody"] = json!({"required": true, "content": {"multipart/form-data": {"schema": {
                "type": "object", "required": ["file"], "additionalProperties": false,
                "properties": {"file": {"description": "The file's bytes, any content (at most 10 MiB)"}}},
                "encoding": {"file": {"contentType": "application/octet-stream"}}}}});
        }
        Body::Empty => {}
    }
    if public {
        value["security"] = json!([]);
    }
    value
}

/// The paths an operation is served at: the settings API has singular
/// spellings too; the directory, attachments and health do not.
fn served_at(prefix: &str, path: &str) -> Vec<String> {
    if prefix.ends_with("/anytime") {
        crate::routes::spellings(path)
    } else {
        vec![path.to_owned()]
    }
}

/// The whole document.
pub fn document() -> Value {
    let mut g = SchemaSettings::draft2020_12()
        .with(|s| {
            s.definitions_path = "/components/schemas".into();
            s.meta_schema = None;
        })
        .into_generator();
    let mut paths = Map::new();
    for (prefix, o) in table() {
        for spelling in served_at(prefix, o.path) {
            let full = format!("{prefix}/{spelling}");
            let public = prefix == "/api";
            let operation_id = format!(
                "{}_{}",
                o.method,
                full.trim_start_matches("/api/").replace(['/', '{', '}', '.'], "_").trim_matches('_')
            );
            let value = operation(&o, &spelling, &mut g, operation_id, public);
            let item = paths.entry(full).or_insert_with(|| json!({}));
            item[o.method] = value;
        }
    }
    add_links(&mut paths);
    let mut schemas = g.take_definitions(true);
    schemas.insert(
        "Problem".into(),
        json!({
            "type": "object",
            "description": "RFC 9457 problem details",
            "required": ["type", "title", "status", "detail"],
            "properties": {
                "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                "detail": {"type": "string"},
                "errors": {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}}
            }
        }),
    );
    if !schemas.contains_key("FieldError") {
        g.subschema_for::<FieldError>();
        schemas.extend(g.take_definitions(true));
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Anytime help desk settings API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Email accounts, routing, auto allocation, triggers, SLA policies, working time and holidays, \
                            blocked senders, fields and mapping; preview, export and import. Every path also exists in \
                            singular form. Errors are RFC 9457 problem JSON."
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas
        }
    })
}

/// OpenAPI links from each create to what takes the created object's id
/// (`…/{id}`, `…/{id}/enable`, …): how a client — and schemathesis'
/// stateful tests — get from a new object to its own operations.
fn add_links(paths: &mut Map<String, Value>) {
    let creates: Vec<String> = paths
        .iter()
        .filter(|(_, item)| item.pointer("/post/responses/201").is_some())
        .map(|(path, _)| path.clone())
        .collect();
    for list in creates {
        let prefix = format!("{list}/{{id}}");
        let mut links = Map::new();
        for (path, item) in paths.iter() {
            if !(path == &prefix || path.starts_with(&format!("{prefix}/"))) {
                continue;
            }
            for (method, op) in item.as_object().into_iter().flatten() {
                if let Some(id) = op["operationId"].as_str() {
                    links.insert(
                        format!(
                            "{method}_{}",
                            path.trim_start_matches(&list).trim_matches('/').replace(['{', '}', '/'], "_")
                        ),
                        json!({"operationId": id, "parameters": {"id": "$response.body#/id"}}),
                    );
                }
            }
        }
        if !links.is_empty() {
            if let Some(created) = paths.get_mut(&list).and_then(|i| i.pointer_mut("/post/responses/201")) {
                created["links"] = Value::Object(links);
            }
        }
    }
}

/// Every path the table documents, relative to its router's prefix.
pub fn documented_paths() -> Vec<String> {
    let mut out: Vec<String> =
        table().into_iter().flat_map(|(prefix, o)| served_at(prefix, o.path)).collect();
    out.sort();
    out.dedup();
    out
}
