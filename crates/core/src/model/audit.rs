//! Who changed what (contract §12): roles, the signed-in actor, an
//! object's versions and the audit trail, as the server answers them and
//! the console reads them.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What an actor may do: each role may do everything the one before may.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads, previews, impact and export.
    Viewer,
    /// Also writes the settings, except email accounts and import.
    Editor,
    /// Everything: email accounts, import, restore, the audit trail.
    Admin,
}

impl Role {
    pub fn parse(text: &str) -> Option<Role> {
        match text.trim().to_ascii_lowercase().as_str() {
            "viewer" => Some(Role::Viewer),
            "editor" => Some(Role::Editor),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who a request is made by (`GET me`): a named token, the startup token
/// (`setup`) or a portal's user signed in by JWT.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    /// The token's name, or the JWT's `sub`.
    pub id: String,
    /// How people call them (the JWT's `name`; a token's name).
    pub name: String,
    pub role: Role,
    /// How they signed in: `setup`, `token`, `portal` or `system`.
    pub via: String,
}

impl Actor {
    /// The server itself (first start's defaults) or the command line.
    pub fn system(id: &str) -> Actor {
        Actor { id: id.into(), name: id.into(), role: Role::Admin, via: "system".into() }
    }
}

/// Who made an audit entry or a version.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Who {
    /// The token's name, or the portal user's `sub`.
    pub id: String,
    pub name: String,
    /// How they signed in: `setup`, `token`, `portal` or `system` (a
    /// portal user's `sub` may be the same text as a token's name).
    #[serde(default)]
    pub via: String,
}

impl Who {
    /// As a page names them: a portal's user says so (their id may be the
    /// same text as a token's name).
    pub fn shown(&self) -> String {
        if self.via == "portal" {
            format!("{} (portal)", self.name)
        } else {
            self.name.clone()
        }
    }

    /// For `?actor=`: the id, with `portal:` before a portal user's, so a
    /// token and a portal user of the same name are told apart.
    pub fn filter_key(&self) -> String {
        if self.via == "portal" {
            format!("portal:{}", self.id)
        } else {
            self.id.clone()
        }
    }
}

/// One version of an object (`…/revisions`), newest first.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Revision {
    /// The object's ETag at this version, without quotes; absent for a
    /// delete (it left no version).
    pub etag: Option<String>,
    /// When, RFC 3339 UTC.
    pub at: String,
    pub actor: Who,
    /// `create`, `update`, `enable`, `default`, `sort`, `order`, `mapping`,
    /// `import`, `restore`, `test` or `delete`.
    pub action: String,
    /// The object at this version (passwords are never kept); absent for
    /// a delete. With the version before it, what changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<Value>,
}

/// One entry of the audit trail (`GET audit`).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// Its place in the trail: pass it as `?after=` for the older ones.
    pub seq: String,
    /// When, RFC 3339 UTC.
    pub at: String,
    pub actor: Who,
    /// One of [`AUDIT_KINDS`].
    pub kind: String,
    /// The object's id; absent for a whole list (an order, an import).
    pub id: Option<String>,
    pub action: String,
    /// The ETag the write gave the object, without quotes.
    pub etag: Option<String>,
    /// The object before and after (canonical JSON, passwords never kept).
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// A page of the trail.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    /// The cursor of the next (older) page, when there is one.
    pub next: Option<String>,
}

/// The kinds of the trail (the engine package's names), with what the
/// console calls their area.
pub const AUDIT_KINDS: &[(&str, &str)] = &[
    ("emailAccount", "Email accounts"),
    ("routing", "Routing"),
    ("customRule", "Routing rules"),
    ("autoAllocation", "Auto allocation"),
    ("trigger", "Triggers"),
    ("slaPolicy", "SLA policies"),
    ("workingTime", "Working time"),
    ("holiday", "Holidays"),
    ("blockedSender", "Blocked senders"),
    ("field", "Fields"),
    ("fieldMapping", "Field mapping"),
    ("attachment", "Attachments"),
    ("settings", "Import"),
    ("token", "Tokens"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_order_and_spell() {
        assert!(Role::Viewer < Role::Editor && Role::Editor < Role::Admin);
        for role in [Role::Viewer, Role::Editor, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert_eq!(serde_json::to_value(role).unwrap(), role.as_str());
        }
        assert_eq!(Role::parse(" Admin "), Some(Role::Admin));
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn a_portal_user_is_told_apart() {
        let token = Who { id: "ann".into(), name: "ann".into(), via: "token".into() };
        let portal = Who { id: "ann".into(), name: "Ann Lee".into(), via: "portal".into() };
        assert_eq!((token.shown(), token.filter_key()), ("ann".into(), "ann".into()));
        assert_eq!((portal.shown(), portal.filter_key()), ("Ann Lee (portal)".into(), "portal:ann".into()));
    }
}
