//! `anytime-server copy-db --from A --to B` (issue 17): moves a deployment
//! between engines — SQLite to PostgreSQL, or back — with every setting
//! (revisions and order kept, so ETags a console holds stay valid), sealed
//! password, token, attachment, audit entry and counter, in one
//! transaction on the target, then reads both back and compares them.
//!
//! The passwords are copied sealed: the same key file opens them on the
//! target.

use anytime_core::{Attachment, Directory};

use crate::error::{AppError, AppResult};
use crate::storage::{AuditQuery, AuditRow, Counter, Engine, StoredObject, TokenRow, Transaction};
use crate::vault::KEY_ID;

/// What a copy moved, and found equal on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Copied {
    pub objects: usize,
    pub secrets: usize,
    pub tokens: usize,
    pub files: usize,
    pub audit: usize,
}

/// Everything an engine holds, as the copy reads it.
#[derive(Debug, PartialEq)]
struct Contents {
    objects: Vec<StoredObject>,
    secrets: Vec<(String, String)>,
    tokens: Vec<TokenRow>,
    files: Vec<(String, String, String, Vec<u8>)>,
    /// Oldest first; `seq` is the target's own.
    audit: Vec<AuditRow>,
    counters: Vec<i64>,
    key_id: Option<String>,
    /// The whole export, as `GET export` would answer it.
    export: serde_json::Value,
}

const AUDIT_PAGE: usize = 1000;

fn contents(tx: &Transaction) -> AppResult<Contents> {
    let mut files = Vec::new();
    for id in tx.file_ids()? {
        let file = tx.file(&id)?.ok_or_else(|| AppError::Internal(format!("file {id} went missing")))?;
        files.push((id, file.name, file.content_type, file.data));
    }
    // Newest first, a page at a time, then turned around.
    let mut audit = Vec::new();
    let mut after = None;
    loop {
        let page = tx.audit(&AuditQuery { after, limit: AUDIT_PAGE, max_bytes: 0, ..Default::default() })?;
        after = page.last().map(|e| e.seq);
        let done = page.len() < AUDIT_PAGE;
        audit.extend(page);
        if done {
            break;
        }
    }
    audit.reverse();
    Ok(Contents {
        objects: tx.dump_objects()?,
        secrets: tx.secrets()?,
        tokens: tx.tokens()?,
        files,
        audit,
        counters: Counter::ALL.iter().map(|c| tx.counter(*c)).collect::<AppResult<_>>()?,
        key_id: tx.meta(KEY_ID)?,
        export: serde_json::to_value(crate::snapshot::export_with(tx, &Directory::default())?)?,
    })
}

fn read<T>(engine: &dyn Engine, f: impl FnOnce(&Transaction) -> AppResult<T>) -> Result<T, String> {
    crate::state::once(f, |work| engine.read(work)).map_err(|e| e.in_words())
}

/// Copies everything `from` holds — read in one transaction, a consistent
/// view even while replicas run — into `to`, which must be empty
/// (migrated, never started), and checks the copy before committing it.
pub fn copy(from: &dyn Engine, to: &dyn Engine) -> Result<Copied, String> {
    let source = read(from, contents)?;
    crate::state::once(
        |tx| {
            let empty = tx.dump_objects()?.is_empty()
                && tx.secrets()?.is_empty()
                && tx.tokens()?.is_empty()
                && tx.file_ids()?.is_empty()
                && tx.audit(&AuditQuery { limit: 1, ..Default::default() })?.is_empty();
            if !empty {
                return Err(AppError::Conflict(
                    "the target database already holds settings: copy into a new, empty one (nothing was changed)"
                        .into(),
                ));
            }
            for object in &source.objects {
                tx.load_object(object)?;
            }
            for (account, sealed) in &source.secrets {
                tx.set_secret(account, sealed)?;
            }
            for token in &source.tokens {
                tx.insert_token(token)?;
            }
            for (id, name, content_type, data) in &source.files {
                let meta = Attachment {
                    id: id.clone(),
                    name: name.clone(),
                    content_type: content_type.clone(),
                    size: data.len() as u64,
                };
                tx.insert_file(&meta, data)?;
            }
            for entry in &source.audit {
                tx.insert_audit(entry)?;
            }
            for (counter, value) in Counter::ALL.iter().zip(&source.counters) {
                tx.set_counter(*counter, *value)?;
            }
            if let Some(key) = &source.key_id {
                tx.set_meta(KEY_ID, key)?;
            }
            // Read back before it is committed: a copy that differs is
            // rolled back, and the target is left as it was.
            compare(&source, contents(tx)?).map_err(AppError::Conflict)
        },
        |work| to.write(work),
    )
    .map_err(|e| e.in_words())?;
    Ok(Copied {
        objects: source.objects.len(),
        secrets: source.secrets.len(),
        tokens: source.tokens.len(),
        files: source.files.len(),
        audit: source.audit.len(),
    })
}

/// The target as read back against the source: the same rows (audit
/// entries in the same order, numbered anew), and the same whole export.
fn compare(source: &Contents, mut copied: Contents) -> Result<(), String> {
    let differs = |what: &str| {
        Err(format!("the copy differs from the source in its {what}; it was rolled back and nothing changed"))
    };
    let same_trail = copied.audit.len() == source.audit.len()
        && copied.audit.iter_mut().zip(&source.audit).all(|(c, s)| {
            c.seq = s.seq;
            c == s
        });
    if copied.objects != source.objects {
        return differs("settings");
    }
    if copied.secrets != source.secrets || copied.key_id != source.key_id {
        return differs("passwords");
    }
    if copied.tokens != source.tokens {
        return differs("tokens");
    }
    if copied.files != source.files {
        return differs("attachments");
    }
    if !same_trail {
        return differs("audit trail");
    }
    if copied.counters != source.counters {
        return differs("counters");
    }
    if copied.export != source.export {
        return differs("export");
    }
    Ok(())
}
