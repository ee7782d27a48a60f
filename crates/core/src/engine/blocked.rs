//! Blocked senders (contract §8): an address entry matches that address, a
//! domain entry that domain and its subdomains. The most specific entry wins
//! (an address, then the longest domain); reject beats junk at equal
//! specificity.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::model::{normalize_sender, normalized_sender, BlockType, BlockedSender};

#[derive(Debug, Clone, Default)]
pub(crate) struct BlockList {
    addresses: HashMap<String, BlockedSender>,
    domains: HashMap<String, BlockedSender>,
}

fn keep_stronger(map: &mut HashMap<String, BlockedSender>, key: String, entry: &BlockedSender) {
    let stronger = |e: &BlockedSender| e.block_type.as_ref().is_some_and(BlockType::is_reject);
    match map.get(&key) {
        Some(existing) if stronger(existing) || !stronger(entry) => {}
        _ => {
            map.insert(key, entry.clone());
        }
    }
}

impl BlockList {
    pub fn new(entries: &[BlockedSender]) -> Self {
        let mut list = BlockList::default();
        for e in entries {
            let Some(t) = e.block_type.as_ref().filter(|t| t.is_known()) else { continue };
            let key = normalize_sender(&e.email);
            if t.is_domain() {
                keep_stronger(&mut list.domains, key, e);
            } else {
                keep_stronger(&mut list.addresses, key, e);
            }
        }
        list
    }

    pub fn check(&self, sender: &str) -> BlockedVerdict {
        let sender = normalized_sender(sender);
        let (entry, verdict) = self.decide(&sender);
        BlockedVerdict { sender_email: sender.into_owned(), verdict, entry: entry.cloned() }
    }

    /// The deciding entry and the verdict for a normalized sender.
    pub(crate) fn decide(&self, sender: &str) -> (Option<&BlockedSender>, Verdict) {
        // No sender (or no list): no entry can match; nothing to look up.
        if sender.is_empty() || (self.addresses.is_empty() && self.domains.is_empty()) {
            return (None, Verdict::Allowed);
        }
        // A domain written in DNS's absolute form (`spam.example.`) is the
        // same domain: the dot must not let a sender past its entry.
        let sender = sender.strip_suffix('.').unwrap_or(sender);
        let entry = self.addresses.get(sender).or_else(|| {
            let mut domain = sender.rsplit_once('@').map(|(_, d)| d)?;
            loop {
                if let Some(e) = self.domains.get(domain) {
                    return Some(e);
                }
                domain = domain.split_once('.')?.1;
            }
        });
        let verdict = match entry.and_then(|e| e.block_type.as_ref()) {
            None => Verdict::Allowed,
            Some(t) if t.is_reject() => Verdict::Rejected,
            Some(_) => Verdict::Junk,
        };
        (entry, verdict)
    }

    /// The verdict alone (the bulk path): no copy of the entry or sender.
    pub(crate) fn verdict(&self, sender: &str) -> Verdict {
        if sender.is_empty() || (self.addresses.is_empty() && self.domains.is_empty()) {
            return Verdict::Allowed;
        }
        self.decide(&normalized_sender(sender)).1
    }
}

#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Verdict {
    Allowed,
    Junk,
    Rejected,
}

/// What the blocked-sender list says about the sender.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlockedVerdict {
    pub sender_email: String,
    pub verdict: Verdict,
    /// The entry that decided, if any.
    pub entry: Option<BlockedSender>,
}
