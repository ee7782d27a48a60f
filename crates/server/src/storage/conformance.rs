//! What every engine must do, as one check any engine's tests run
//! (`conformance::check(&engine)` on an empty store): the order of rows,
//! list stamps, edits against notes, moves, keys, counters, secrets,
//! files, and that a failed write leaves nothing behind.

use anytime_core::Attachment;

use super::{AuditQuery, AuditRow, Change, Counter, Engine, Row, TokenRow, Transaction};
use crate::error::{AppError, AppResult};

fn write<T>(engine: &dyn Engine, f: impl FnOnce(&Transaction) -> AppResult<T>) -> AppResult<T> {
    crate::state::once(f, |work| engine.write(work))
}

fn read<T>(engine: &dyn Engine, f: impl FnOnce(&Transaction) -> AppResult<T>) -> AppResult<T> {
    crate::state::once(f, |work| engine.read(work))
}

fn row(id: &str, position: i64, revision: i64) -> Row {
    Row { id: id.into(), position, revision, edited: revision, body: format!("{{\"id\":\"{id}\"}}") }
}

/// Panics, naming the broken promise, when `engine` breaks one.
pub fn check(engine: &dyn Engine) {
    const K: &str = "conformance";
    write(engine, |tx| {
        assert_eq!(tx.rows(K)?, [], "a new store is empty");
        assert_eq!(tx.list_stamp(K)?, (0, 0));
        assert_eq!(tx.next_position(K)?, 0);
        let (r1, r2) = (tx.next(Counter::Revision)?, tx.next(Counter::Revision)?);
        assert!(r2 > r1, "revisions grow");
        let (c1, c2) = (tx.next(Counter::Created)?, tx.next(Counter::Created)?);
        assert!(c2 > c1, "creation stamps grow");
        // Equal positions keep creation order.
        tx.insert_row(K, &row("b", 0, r1), c1, Some("key-b"))?;
        tx.insert_row(K, &row("a", 0, r2), c2, None)?;
        tx.insert_row(K, &row("c", 5, r2), c2 + 1, None)?;
        let ids: Vec<String> = tx.rows(K)?.into_iter().map(|r| r.id).collect();
        assert_eq!(ids, ["b", "a", "c"], "rows in position, then creation order");
        assert_eq!(tx.positions(K)?, [("b".into(), 0), ("a".into(), 0), ("c".into(), 5)]);
        assert_eq!(tx.next_position(K)?, 6, "one past the highest position");
        assert_eq!(tx.list_stamp(K)?, (3, r2));
        assert_eq!(tx.row_by_key(K, "key-b")?.map(|r| r.id).as_deref(), Some("b"));
        assert_eq!(tx.row_by_key(K, "key-x")?, None);
        assert_eq!(tx.row("other kind", "a")?, None, "kinds are apart");
        Ok(())
    })
    .unwrap();

    write(engine, |tx| {
        let note = tx.next(Counter::Revision)?;
        let change = Change { body: "{\"n\":1}", position: None, revision: note, edit: false, key: None };
        assert!(tx.update_row(K, "a", change)?);
        let a = tx.row(K, "a")?.expect("a");
        assert_eq!((a.revision, a.position, a.body.as_str()), (note, 0, "{\"n\":1}"));
        assert!(a.edited < note, "a note moves the revision, not the edit");
        let edit = tx.next(Counter::Revision)?;
        let change =
            Change { body: "{\"n\":2}", position: Some(3), revision: edit, edit: true, key: Some("k") };
        assert!(tx.update_row(K, "a", change)?);
        let a = tx.row(K, "a")?.expect("a");
        assert_eq!((a.revision, a.edited, a.position), (edit, edit, 3));
        assert_eq!(
            tx.row_by_key(K, "k")?.map(|r| r.id).as_deref(),
            Some("a"),
            "the key moves with an update"
        );
        assert!(!tx.update_row(K, "missing", change)?, "an update of nothing says so");
        let moved = tx.next(Counter::Revision)?;
        tx.move_row(K, "c", 1, moved, "{\"moved\":true}")?;
        let c = tx.row(K, "c")?.expect("c");
        assert_eq!(
            (c.position, c.revision, c.edited, c.body.as_str()),
            (1, moved, moved, "{\"moved\":true}")
        );
        tx.delete_row(K, "b")?;
        assert_eq!(tx.list_stamp(K)?, (2, moved));
        assert_eq!(tx.row_by_key(K, "key-b")?, None, "a deleted row's key is free");
        Ok(())
    })
    .unwrap();

    let failed = write(engine, |tx| {
        tx.delete_row(K, "a")?;
        tx.set_secret("acct", "sealed")?;
        Err::<(), _>(AppError::Conflict("stop".into()))
    });
    assert!(failed.is_err());
    read(engine, |tx| {
        assert!(tx.row(K, "a")?.is_some(), "a failed write leaves nothing behind");
        assert_eq!(tx.secret("acct")?, None);
        Ok(())
    })
    .unwrap();

    write(engine, |tx| {
        tx.set_secret("acct", "one")?;
        tx.set_secret("acct", "two")?;
        assert_eq!(tx.secret("acct")?.as_deref(), Some("two"), "a secret is replaced");
        tx.delete_secret("acct")?;
        assert_eq!(tx.secret("acct")?, None);
        let file =
            Attachment { id: "f1".into(), name: "a.txt".into(), content_type: "text/plain".into(), size: 3 };
        assert!(!tx.has_file("f1")?);
        tx.insert_file(&file, b"abc")?;
        assert!(tx.has_file("f1")?);
        let got = tx.file("f1")?.expect("file");
        assert_eq!(
            (got.name.as_str(), got.content_type.as_str(), got.data.as_slice()),
            ("a.txt", "text/plain", &b"abc"[..])
        );
        assert!(tx.schema_version()? > 0);
        Ok(())
    })
    .unwrap();
    // Reads see what was committed.
    read(engine, |tx| {
        assert!(tx.has_file("f1")?);
        Ok(())
    })
    .unwrap();

    audit_and_tokens(engine);
}

fn entry(at: i64, actor: &str, kind: &str, id: &str, action: &str, revision: Option<i64>) -> AuditRow {
    AuditRow {
        seq: 0,
        at,
        actor_id: actor.into(),
        actor_name: actor.to_uppercase(),
        actor_via: "token".into(),
        kind: kind.into(),
        object_id: id.into(),
        action: action.into(),
        revision,
        before: None,
        after: (action != "delete").then(|| format!("{{\"r\":{}}}", revision.unwrap_or(0))),
    }
}

fn audit_and_tokens(engine: &dyn Engine) {
    let seqs = write(engine, |tx| {
        let mut seqs = Vec::new();
        for e in [
            entry(100, "ann", "trigger", "t1", "create", Some(1)),
            entry(200, "bob", "trigger", "t1", "update", Some(2)),
            entry(300, "ann", "holiday", "h1", "create", Some(3)),
            entry(400, "bob", "trigger", "t1", "delete", None),
        ] {
            seqs.push(tx.insert_audit(&e)?);
        }
        Ok(seqs)
    })
    .unwrap();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "audit entries are appended in order");
    read(engine, |tx| {
        let all = tx.audit(&AuditQuery { limit: 10, ..Default::default() })?;
        let got: Vec<i64> = all.iter().map(|e| e.seq).collect();
        assert_eq!(got, seqs.iter().rev().copied().collect::<Vec<_>>(), "newest first");
        assert_eq!(all[0].actor_name, "BOB");
        let q = |q: AuditQuery| tx.audit(&AuditQuery { limit: 10, ..q }).map(|v| v.len());
        assert_eq!(q(AuditQuery { kind: Some("trigger".into()), ..Default::default() })?, 3);
        assert_eq!(q(AuditQuery { actor_id: Some("ann".into()), ..Default::default() })?, 2);
        let ann = |portal| AuditQuery {
            actor_id: Some("ann".into()),
            actor_portal: Some(portal),
            ..Default::default()
        };
        assert_eq!((q(ann(false))?, q(ann(true))?), (2, 0), "a token is not a portal user of the same name");
        assert_eq!(q(AuditQuery { object_id: Some("h1".into()), ..Default::default() })?, 1);
        assert_eq!(q(AuditQuery { action: Some("update".into()), ..Default::default() })?, 1);
        assert_eq!(q(AuditQuery { since: Some(200), until: Some(400), ..Default::default() })?, 2);
        assert_eq!(q(AuditQuery { after: Some(seqs[2]), ..Default::default() })?, 2, "the cursor");
        assert_eq!(q(AuditQuery { revision: Some(2), ..Default::default() })?, 1);
        let versions = AuditQuery { kind: Some("trigger".into()), versions_only: true, ..Default::default() };
        assert_eq!(q(versions)?, 2, "a delete leaves no version");
        assert_eq!(tx.audit(&AuditQuery { limit: 1, ..Default::default() })?.len(), 1);
        Ok(())
    })
    .unwrap();
    // Older than 250: t1's create goes; its update stays (t1's newest
    // version: what its restore after the delete needs).
    assert_eq!(write(engine, |tx| tx.prune_audit(250)).unwrap(), 1);
    assert_eq!(
        write(engine, |tx| tx.prune_audit(1000)).unwrap(),
        1,
        "only the delete: each newest version stays"
    );
    read(engine, |tx| {
        let left = tx.audit(&AuditQuery { limit: 10, ..Default::default() })?;
        let kept: Vec<(&str, &str)> =
            left.iter().map(|e| (e.object_id.as_str(), e.action.as_str())).collect();
        assert_eq!(kept, [("h1", "create"), ("t1", "update")]);
        let capped = tx.audit(&AuditQuery { limit: 10, max_bytes: 1, ..Default::default() })?;
        assert_eq!(capped.len(), 1, "a byte cap stops after the entry that passes it");
        Ok(())
    })
    .unwrap();

    let token =
        TokenRow { name: "ann".into(), role: "editor".into(), hash: "h1".into(), created: 5, revoked: None };
    write(engine, |tx| {
        tx.insert_token(&token)?;
        assert_eq!(tx.token_by_hash("h1")?, Some(token.clone()));
        Ok(())
    })
    .unwrap();
    let twice = write(engine, |tx| tx.insert_token(&TokenRow { hash: "h2".into(), ..token.clone() }));
    assert!(twice.is_err(), "names are unique");
    write(engine, |tx| {
        assert!(tx.revoke_token("ann", 9)?);
        assert!(!tx.revoke_token("ann", 10)?, "a revoked token is revoked once");
        assert_eq!(tx.token_by_hash("h1")?.and_then(|t| t.revoked), Some(9));
        // A revoked name can be given again.
        tx.insert_token(&TokenRow { hash: "h3".into(), ..token.clone() })?;
        assert_eq!(tx.token_by_hash("h1")?, None);
        assert_eq!(tx.tokens()?.len(), 1);
        Ok(())
    })
    .unwrap();
}
