//! `GET /api/openapi.json`: an OpenAPI 3.1 document of every route, built
//! from the operations each route module registers with its handlers
//! (`routes::Endpoint`) and the JSON Schemas the core's types derive
//! (schemars, draft 2020-12 as OpenAPI 3.1 uses).

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Map, Value};

use anytime_core::FieldError;

use crate::audit::Role;

type Gen = fn(&mut SchemaGenerator) -> Schema;

pub(crate) fn one<T: JsonSchema>(g: &mut SchemaGenerator) -> Schema {
    g.subschema_for::<T>()
}

pub(crate) fn many<T: JsonSchema>(g: &mut SchemaGenerator) -> Schema {
    g.subschema_for::<Vec<T>>()
}

/// A request body.
#[derive(Clone, Copy)]
pub(crate) enum Body {
    Empty,
    Req(Gen),
    /// JSON that may be left out.
    MaybeReq(Gen),
    Multipart,
}

/// A success response.
#[derive(Clone, Copy)]
pub(crate) enum Reply {
    Json(u16, Gen),
    /// A single object with its ETag.
    Tagged(u16, Gen),
    NoContent,
    File,
}

/// What one operation takes and answers; registered with its handler
/// (`routes::Endpoint`), so the document and the router are one table.
#[derive(Clone)]
pub struct Op {
    summary: String,
    body: Body,
    reply: Reply,
    /// Takes `If-Match` (412 on a stale ETag).
    if_match: bool,
    /// May answer 409.
    conflict: bool,
    query: &'static [(&'static str, Param, &'static str)],
    /// The role needed (contract §12); `None`: by method — a `GET` needs
    /// a viewer, any other an editor.
    role: Option<Role>,
}

pub(crate) fn op(summary: impl Into<String>, body: Body, reply: Reply) -> Op {
    Op { summary: summary.into(), body, reply, if_match: false, conflict: false, query: &[], role: None }
}

impl Op {
    pub(crate) fn if_match(mut self) -> Self {
        self.if_match = true;
        self
    }
    pub(crate) fn conflict(mut self) -> Self {
        self.conflict = true;
        self
    }
    /// Needs `role` whatever the method.
    pub(crate) fn role(mut self, role: Role) -> Self {
        self.role = Some(role);
        self
    }
    /// Whether a role was given (else it follows the method).
    pub(crate) fn has_role(&self) -> bool {
        self.role.is_some()
    }
    /// The role this operation needs when called with `method`.
    pub fn role_for(&self, method: &str) -> Role {
        self.role.unwrap_or(if method == "get" { Role::Viewer } else { Role::Editor })
    }
    /// The query parameters: name, what it holds, what it does.
    pub(crate) fn query(mut self, q: &'static [(&'static str, Param, &'static str)]) -> Self {
        self.query = q;
        self
    }
}

/// What a query parameter holds.
#[derive(Clone, Copy)]
pub enum Param {
    Text,
    Flag,
    /// A whole number from 1 to this.
    Count(u64),
    /// A page's cursor: a whole number from 0.
    Cursor,
}

impl Param {
    fn schema(self) -> Value {
        match self {
            Param::Text => json!({"type": "string"}),
            Param::Flag => json!({"type": "boolean"}),
            Param::Count(max) => json!({"type": "integer", "minimum": 1, "maximum": max}),
            Param::Cursor => json!({"type": "integer", "minimum": 0}),
        }
    }
}

/// One documented operation at its full path.
#[derive(Clone)]
pub struct Doc {
    pub path: String,
    pub method: &'static str,
    /// Answers without a token.
    pub public: bool,
    pub op: Op,
}

fn problem(description: &str) -> Value {
    json!({"description": description, "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}})
}

fn operation(d: &Doc, g: &mut SchemaGenerator, operation_id: String) -> Value {
    let (o, path, public) = (&d.op, d.path.as_str(), d.public);
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
    let role = o.role_for(d.method);
    if !public {
        responses.insert("401".into(), problem("Missing, wrong or revoked token"));
        if role > Role::Viewer {
            responses.insert("403".into(), problem(&format!("Needs the {} role", role.as_str())));
        }
    }
    if !matches!(o.body, Body::Empty) {
        responses.insert("400".into(), problem("Malformed JSON or a value of the wrong JSON type"));
        responses.insert("413".into(), problem("Body too large (1 MiB; attachments 10 MiB)"));
        responses.insert("415".into(), problem("The body is not JSON (multipart for attachments)"));
        responses.insert("422".into(), problem("Validation failed; `errors` lists every field"));
    }
    if !o.query.is_empty() {
        responses.insert("400".into(), problem("The query string is not valid"));
        responses
            .insert("422".into(), problem("A query parameter's value is not understood; `errors` names it"));
        if d.method == "delete" {
            responses.insert("404".into(), problem("Nothing matches"));
            responses.insert("422".into(), problem("The query parameter is missing"));
        }
    }
    if path.contains("{id}") {
        responses.insert("404".into(), problem("No object has that id"));
    }
    if path.contains("{etag}") {
        responses.insert("404".into(), problem("The object has no version with that ETag"));
    }
    if path.ends_with("/restore") {
        responses.insert("422".into(), problem("The version no longer passes validation; `errors` says why"));
    }
    if path.contains("{name}") {
        responses.insert("404".into(), problem("No time zone has that name"));
    }
    // Every write of one object or a list's order takes If-Match (§11);
    // creates, tests and imports do not.
    let if_match = o.if_match || (matches!(d.method, "put" | "delete") && !path.ends_with("/test"));
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
    for (name, kind, description) in o.query {
        parameters.push(json!({"name": name, "in": "query", "required": false, "schema": kind.schema(), "description": description}));
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
    } else {
        value["x-anytime-role"] = json!(role.as_str());
    }
    value
}

/// The whole document, from the operations the router was built with.
pub fn document(docs: &[Doc]) -> Value {
    let mut g = SchemaSettings::draft2020_12()
        .with(|s| {
            s.definitions_path = "/components/schemas".into();
            s.meta_schema = None;
        })
        .into_generator();
    let mut paths = Map::new();
    for d in docs {
        let operation_id = format!(
            "{}_{}",
            d.method,
            d.path.trim_start_matches("/api/").replace(['/', '{', '}', '.'], "_").trim_matches('_')
        );
        let value = operation(d, &mut g, operation_id);
        let item = paths.entry(d.path.clone()).or_insert_with(|| json!({}));
        item[d.method] = value;
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
