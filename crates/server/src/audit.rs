//! Who did what (contract §12): the actor a request is made by, the roles,
//! and the audit trail every write records in its own transaction.
//!
//! The actor is set once, by the sign-in middleware, for the whole request
//! (a task-local); every write transaction ([`crate::AppState::write`])
//! takes it into a context of its own thread, and the repository
//! ([`crate::store`]) records each change of an object there, where every
//! write of every route ends. A route only says what its write is called
//! when the repository cannot tell (enable, default, mapping, import,
//! restore, test) with [`as_action`].

use std::cell::RefCell;

use crate::error::AppResult;
use crate::storage::{AuditRow, Transaction};

pub use anytime_core::{Actor, Role};

tokio::task_local! {
    /// The signed-in actor of the request being answered.
    pub static ACTOR: Actor;
}

/// The request's actor, when there is one.
pub fn current() -> Option<Actor> {
    ACTOR.try_with(Clone::clone).ok()
}

/// The write under way on this thread.
struct Context {
    actor: Actor,
    at: i64,
    /// What the route calls the write, over what the repository would.
    action: Option<&'static str>,
    /// What has been recorded so far: kind → created/updated/deleted → count.
    recorded: Tally,
}

/// Changes per kind and what happened to them.
pub type Tally = std::collections::BTreeMap<String, std::collections::BTreeMap<&'static str, usize>>;

/// What this write has recorded so far (an import's summary).
pub fn recorded() -> Tally {
    WRITE.with(|w| w.borrow().as_ref().map(|c| c.recorded.clone()).unwrap_or_default())
}

thread_local! {
    static WRITE: RefCell<Option<Context>> = const { RefCell::new(None) };
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// Runs one write transaction's work with its actor (the request's, else
/// the server's own) for everything it records.
pub(crate) fn within<T>(f: impl FnOnce() -> T) -> T {
    /// Puts the outer context back however `f` ends (a panic included).
    struct Restore(Option<Context>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let outer = self.0.take();
            WRITE.with(|w| *w.borrow_mut() = outer);
        }
    }
    let actor = current().unwrap_or_else(|| Actor::system("server"));
    let _restore = Restore(WRITE.with(|w| {
        w.borrow_mut().replace(Context { actor, at: now(), action: None, recorded: Tally::new() })
    }));
    f()
}

/// Runs a write transaction's work as `actor` (the command line's).
pub fn as_actor<T>(actor: Actor, f: impl FnOnce() -> T) -> T {
    ACTOR.sync_scope(actor, || within(f))
}

/// Removes entries older than `days` (0 keeps everything); answers how many.
pub fn prune(state: &crate::AppState, days: u32) -> AppResult<usize> {
    if days == 0 {
        return Ok(0);
    }
    let before = now() - i64::from(days) * 86_400;
    state.write(|tx| tx.prune_audit(before))
}

/// Runs `f` with its writes recorded as `action` (`enable`, `default`,
/// `mapping`, `import`, `restore`, `test`, `sort`).
pub fn as_action<T>(action: &'static str, f: impl FnOnce() -> T) -> T {
    let before = WRITE.with(|w| w.borrow_mut().as_mut().map(|c| c.action.replace(action)));
    let answer = f();
    WRITE.with(|w| {
        if let (Some(c), Some(before)) = (w.borrow_mut().as_mut(), before) {
            c.action = before;
        }
    });
    answer
}

/// A stored body as the trail keeps it: no password, at any depth (the
/// repository never stores one in a body; this is the second lock).
pub fn scrub(body: &str) -> String {
    // Looked for without copying the body (every write passes here).
    let mentions = |word: &[u8]| body.as_bytes().windows(word.len()).any(|w| w.eq_ignore_ascii_case(word));
    if !mentions(b"password") && !mentions(b"secret") {
        return body.to_owned();
    }
    fn clean(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.retain(|k, _| {
                    let k = k.to_ascii_lowercase();
                    // Whether a password is stored is no secret (the
                    // console's hint on a restored version needs it).
                    k == "haspassword" || !(k.contains("password") || k.contains("secret"))
                });
                map.values_mut().for_each(clean);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(clean),
            _ => {}
        }
    }
    match serde_json::from_str::<serde_json::Value>(body) {
        Ok(mut v) => {
            clean(&mut v);
            v.to_string()
        }
        Err(_) => "null".into(),
    }
}

/// What one recorded change is.
pub struct Change<'a> {
    pub kind: &'a str,
    pub id: &'a str,
    /// What the repository calls it, unless the route said otherwise.
    pub action: &'static str,
    pub revision: Option<i64>,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// Records one change in the write's transaction, as its actor.
pub fn record(tx: &Transaction, change: Change<'_>) -> AppResult<()> {
    let what = match (change.before, change.after) {
        (None, Some(_)) => "created",
        (Some(_), None) => "deleted",
        _ => "updated",
    };
    let (actor, at, action) = WRITE.with(|w| match w.borrow_mut().as_mut() {
        Some(c) => {
            *c.recorded.entry(change.kind.to_owned()).or_default().entry(what).or_default() += 1;
            (c.actor.clone(), c.at, c.action.unwrap_or(change.action))
        }
        None => (Actor::system("server"), now(), change.action),
    });
    tx.insert_audit(&AuditRow {
        seq: 0,
        at,
        actor_id: actor.id,
        actor_name: actor.name,
        actor_via: actor.via,
        kind: change.kind.into(),
        object_id: change.id.into(),
        action: action.into(),
        revision: change.revision,
        before: change.before.map(scrub),
        after: change.after.map(scrub),
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubs_passwords_at_any_depth() {
        let body = r#"{"a":1,"hasPassword":true,"serverInfo":{"password":"p","imap":{"Password":"q","secretKey":"s","host":"h"}},"list":[{"PASSWORD":"x"}]}"#;
        let clean = scrub(body);
        for secret in ["\"p\"", "\"q\"", "\"s\"", "\"x\""] {
            assert!(!clean.contains(secret), "{clean}");
        }
        assert!(clean.contains("\"host\":\"h\"") && clean.contains("\"hasPassword\":true"), "{clean}");
        assert_eq!(scrub(r#"{"name":"n"}"#), r#"{"name":"n"}"#, "nothing to remove: as it was");
    }

    #[test]
    fn roles_are_ordered() {
        assert!(Role::Viewer < Role::Editor && Role::Editor < Role::Admin);
        assert_eq!(Role::parse(" Editor "), Some(Role::Editor));
        assert_eq!(Role::parse("owner"), None);
    }

    #[test]
    fn actions_nest_and_come_back() {
        within(|| {
            as_action("import", || {
                as_action("restore", || {
                    WRITE.with(|w| assert_eq!(w.borrow().as_ref().unwrap().action, Some("restore")))
                });
                WRITE.with(|w| assert_eq!(w.borrow().as_ref().unwrap().action, Some("import")));
            });
            WRITE.with(|w| assert_eq!(w.borrow().as_ref().unwrap().action, None));
        });
        WRITE.with(|w| assert!(w.borrow().is_none()));
    }
}
