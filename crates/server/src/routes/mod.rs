//! The API's routes, one module per path of the spec, each with its own
//! `router()`. Every path exists in plural and singular form (contract §1).
//! Each operation is registered with its documentation ([`Endpoint`]), so
//! the OpenAPI document is built from the same table as the router.

use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::routing::MethodRouter;
use axum::Router;

use anytime_core::{EnableRequest, OrderRequest, SortRequest};
use schemars::JsonSchema;

use crate::audit::Role;
use crate::crud;
use crate::crud::Managed;
use crate::openapi::{many, one, op, Body::*, Doc, Op, Reply::*};
use crate::state::AppState;

mod attachments;
mod audit;
mod auto_allocation;
mod blocked_senders;
mod directory;
mod email_accounts;
mod export;
mod fields;
mod history;
mod holidays;
mod preview;
mod routing_rules;
mod sla_policies;
mod time_zones;
mod triggers;
mod working_time;

fn singular(word: &str) -> Option<String> {
    if word.starts_with('{') {
        return None;
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return Some(format!("{stem}y"));
    }
    word.strip_suffix('s').map(str::to_owned)
}

/// Every spelling of a path: each plural segment also singular
/// (`triggers/{id}` and `trigger/{id}`; `SLAPolicies` and `SLAPolicy`;
/// `routingRules/customRules/{id}` and `routingRule/customRule/{id}`).
fn spellings(path: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for segment in path.split('/') {
        let forms: Vec<String> = std::iter::once(segment.to_owned()).chain(singular(segment)).collect();
        out = out
            .iter()
            .flat_map(|prefix| {
                forms.iter().map(move |f| if prefix.is_empty() { f.clone() } else { format!("{prefix}/{f}") })
            })
            .collect();
    }
    out.dedup();
    out
}

/// One path's operations, each registered together with its
/// documentation: the router and the OpenAPI document are one table.
pub(crate) struct Endpoint {
    path: String,
    methods: MethodRouter<AppState>,
    ops: Vec<(&'static str, Op)>,
    /// The role every method but `GET` added after needs (else by method).
    writes: Option<Role>,
    /// Answers without a token (no role to check).
    open: bool,
}

impl Endpoint {
    pub(crate) fn at(path: impl Into<String>) -> Self {
        Endpoint {
            path: path.into(),
            methods: MethodRouter::new(),
            ops: Vec::new(),
            writes: None,
            open: false,
        }
    }

    /// Answers without a token: methods added after have no role guard
    /// (the routes must also be served outside the token's layer and
    /// documented with [`Routes::public`]).
    pub(crate) fn open(mut self) -> Self {
        self.open = true;
        self
    }

    /// Every method but `GET` here needs `role` (email accounts: admin;
    /// previews: viewer).
    pub(crate) fn writes(mut self, role: Role) -> Self {
        self.writes = Some(role);
        self
    }

    /// Adds one method's handler behind the role its operation needs
    /// (checked before the body is read: a viewer's write is a 403 however
    /// its body looks).
    fn with(
        mut self,
        method: &'static str,
        op: Op,
        add: impl FnOnce(MethodRouter<AppState>) -> MethodRouter<AppState>,
    ) -> Self {
        // An operation's own role wins over its endpoint's.
        let op = match self.writes {
            Some(role) if method != "get" && !op.has_role() => op.role(role),
            _ => op,
        };
        let role = op.role_for(method);
        let handler = add(MethodRouter::new());
        let guarded = if self.open {
            handler
        } else {
            handler.route_layer(axum::middleware::from_fn(
                move |request: axum::extract::Request, next: axum::middleware::Next| {
                    crate::auth::require_role(role, request, next)
                },
            ))
        };
        self.methods = self.methods.merge(guarded);
        self.ops.push((method, op));
        self
    }

    pub(crate) fn get<H: Handler<T, AppState>, T: 'static>(self, handler: H, op: Op) -> Self {
        self.with("get", op, |m| m.get(handler))
    }

    pub(crate) fn post<H: Handler<T, AppState>, T: 'static>(self, handler: H, op: Op) -> Self {
        self.with("post", op, |m| m.post(handler))
    }

    pub(crate) fn put<H: Handler<T, AppState>, T: 'static>(self, handler: H, op: Op) -> Self {
        self.with("put", op, |m| m.put(handler))
    }

    pub(crate) fn delete<H: Handler<T, AppState>, T: 'static>(self, handler: H, op: Op) -> Self {
        self.with("delete", op, |m| m.delete(handler))
    }

    /// Bodies up to `bytes` on every method here (uploads).
    pub(crate) fn body_limit(mut self, bytes: usize) -> Self {
        self.methods = self.methods.layer(DefaultBodyLimit::max(bytes));
        self
    }
}

/// A router and the documentation of every operation it serves.
#[derive(Default)]
pub struct Routes {
    router: Router<AppState>,
    docs: Vec<Doc>,
}

impl Routes {
    pub fn new() -> Self {
        Self::default()
    }

    /// Serves `endpoint` at its path exactly.
    pub(crate) fn one(mut self, endpoint: Endpoint) -> Self {
        let path = format!("/{}", endpoint.path);
        for (method, op) in endpoint.ops {
            self.docs.push(Doc { path: path.clone(), method, public: false, op });
        }
        self.router = self.router.route(&path, endpoint.methods);
        self
    }

    /// Serves `endpoint` at every spelling of its path.
    pub(crate) fn both(self, endpoint: Endpoint) -> Self {
        spellings(&endpoint.path).into_iter().fold(self, |routes, path| {
            routes.one(Endpoint {
                path,
                methods: endpoint.methods.clone(),
                ops: endpoint.ops.clone(),
                writes: endpoint.writes,
                open: endpoint.open,
            })
        })
    }

    pub fn merge(mut self, other: Routes) -> Self {
        self.router = self.router.merge(other.router);
        self.docs.extend(other.docs);
        self
    }

    /// `inner` under `prefix` (`/v3/anytime`).
    pub fn nest(prefix: &str, inner: Routes) -> Self {
        let docs = inner.docs.into_iter().map(|d| Doc { path: format!("{prefix}{}", d.path), ..d }).collect();
        Routes { router: Router::new().nest(prefix, inner.router), docs }
    }

    /// Documented as answering without a token.
    pub fn public(mut self) -> Self {
        self.docs.iter_mut().for_each(|d| d.public = true);
        self
    }

    pub fn docs(&self) -> &[Doc] {
        &self.docs
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }
}

/// The noun with its article: "a trigger", "an email account", "an SLA policy".
pub(crate) fn a(noun: &str) -> String {
    let vowel = noun.starts_with(['a', 'e', 'i', 'o', 'u']) || noun.starts_with("SLA");
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

/// What `PUT …/{id}/enable` answers (the spec differs by kind).
pub(crate) enum Enabled {
    Object,
    NoContent,
}

/// What `PUT …/{id}/sort` answers.
pub(crate) enum Sorted {
    List,
    NoContent,
}

/// Every route of an ordered kind (custom rules, triggers, SLA policies):
/// list, create, the whole order, one object, enable and sort.
pub(crate) fn ordered<T: Managed + JsonSchema>(
    base: &str,
    noun: &str,
    enabled: Enabled,
    sorted: Sorted,
) -> Routes {
    let id = format!("{base}/{{id}}");
    let enable = Endpoint::at(format!("{id}/enable"));
    let enable_op = |reply| op(format!("Enable or disable {}", a(noun)), Req(one::<EnableRequest>), reply);
    let enable = match enabled {
        Enabled::Object => enable.put(crud::enable::<T>, enable_op(Tagged(200, one::<T>))),
        Enabled::NoContent => enable.put(crud::enable_no_content::<T>, enable_op(NoContent)),
    };
    let sort = Endpoint::at(format!("{id}/sort"));
    let sort_op = |reply| op(format!("Move {} up or down", a(noun)), Req(one::<SortRequest>), reply);
    let sort = match sorted {
        Sorted::List => sort.put(crud::sort::<T>, sort_op(Json(200, many::<T>))),
        Sorted::NoContent => sort.put(crud::sort_no_content::<T>, sort_op(NoContent)),
    };
    Routes::new()
        .both(
            Endpoint::at(base)
                .get(crud::list::<T>, op(format!("List {noun}s in order"), Empty, Json(200, many::<T>)))
                .post(
                    crud::create::<T>,
                    op(format!("Create {} (it goes last)", a(noun)), Req(one::<T>), Tagged(201, one::<T>))
                        .conflict(),
                ),
        )
        .both(Endpoint::at(format!("{base}/order")).put(
            crud::order::<T>,
            op(format!("Set the whole order of the {noun}s"), Req(one::<OrderRequest>), Json(200, many::<T>)),
        ))
        .both(
            Endpoint::at(id)
                .get(crud::get_one::<T>, op(format!("Get {}", a(noun)), Empty, Tagged(200, one::<T>)))
                .put(
                    crud::update::<T>,
                    op(format!("Update {}", a(noun)), Req(one::<T>), Tagged(200, one::<T>))
                        .if_match()
                        .conflict(),
                )
                .delete(crud::delete::<T>, op(format!("Delete {}", a(noun)), Empty, NoContent)),
        )
        .both(enable)
        .both(sort)
        .merge(history::managed::<T>(base, noun))
}

/// Everything under `/api/v3/anytime` (and SLA policies under v2 too).
pub fn anytime() -> Routes {
    Routes::new()
        .merge(email_accounts::router())
        .merge(routing_rules::router())
        .merge(auto_allocation::router())
        .merge(triggers::router())
        .merge(sla_policies::router())
        .merge(working_time::router())
        .merge(holidays::router())
        .merge(blocked_senders::router())
        .merge(fields::router())
        .merge(preview::router())
        .merge(export::router())
        .merge(time_zones::router())
        .merge(audit::router())
}

/// `/api/v2/anytime`: the spec serves SLA policies there.
pub fn anytime_v2() -> Routes {
    sla_policies::router()
}

/// `/api/v3`: the directory.
pub fn v3() -> Routes {
    directory::router().merge(attachments::router())
}

#[cfg(test)]
mod tests {
    #[test]
    fn spellings() {
        assert_eq!(super::spellings("SLAPolicies/{id}"), ["SLAPolicies/{id}", "SLAPolicy/{id}"]);
        assert_eq!(
            super::spellings("routingRules/customRules/{id}"),
            [
                "routingRules/customRules/{id}",
                "routingRules/customRule/{id}",
                "routingRule/customRules/{id}",
                "routingRule/customRule/{id}"
            ]
        );
        assert_eq!(super::spellings("workingTime"), ["workingTime"]);
    }
}
