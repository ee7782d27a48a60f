use serde::{Deserialize, Deserializer, Serialize};

use crate::wire;

string_enum! {
    /// What happens to mail from a blocked sender. The spec's spelling is kept.
    pub enum BlockType {
        BlockEmailAsJunk = "blockEmailasJunk",
        RejectEmail = "rejectEmail",
        BlockDomainAsJunk = "blockDomainasJunk",
        RejectDomain = "rejectDomain",
    }
}

impl BlockType {
    /// Whether the entry names a domain (else an address).
    pub fn is_domain(&self) -> bool {
        matches!(self, BlockType::BlockDomainAsJunk | BlockType::RejectDomain)
    }

    pub fn is_reject(&self) -> bool {
        matches!(self, BlockType::RejectEmail | BlockType::RejectDomain)
    }
}

/// An address or domain whose mail is marked junk or rejected.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlockedSender {
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub id: String,
    /// `a@b.com` or `b.com`; stored lower-case, `@b.com` as `b.com`.
    #[serde(default, deserialize_with = "sender")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub email: String,
    #[serde(default)]
    pub block_type: Option<BlockType>,
}

/// The stored form of an address or domain: trimmed, lower-case, and a
/// domain written `@b.com` as `b.com` so both spellings upsert one entry.
pub fn normalize_sender(raw: &str) -> String {
    let lower = raw.trim().to_lowercase();
    match lower.strip_prefix('@') {
        Some(domain) if !domain.contains('@') => domain.to_owned(),
        _ => lower,
    }
}

fn sender<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(normalize_sender(&wire::string(d)?))
}
