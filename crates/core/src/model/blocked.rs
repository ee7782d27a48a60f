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

    /// The type for what an admin typed: an address or a domain (`b.com`,
    /// `@b.com`), rejected or marked as junk.
    pub fn for_sender(email: &str, reject: bool) -> BlockType {
        let email = email.trim();
        match (email.contains('@') && !email.starts_with('@'), reject) {
            (true, true) => BlockType::RejectEmail,
            (true, false) => BlockType::BlockEmailAsJunk,
            (false, true) => BlockType::RejectDomain,
            (false, false) => BlockType::BlockDomainAsJunk,
        }
    }
}

/// The senders in pasted text, each with its line (from 1): one per line,
/// or several separated by commas or semicolons (a list from an email).
/// `Name <a@b.com>` gives the address; blank parts are skipped.
pub fn sender_lines(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .flat_map(|(i, line)| {
            line.split([',', ';'])
                .map(|part| {
                    let part = part.trim();
                    match (part.rfind('<'), part.ends_with('>')) {
                        (Some(open), true) => part[open + 1..part.len() - 1].trim(),
                        _ => part,
                    }
                })
                .filter(|part| !part.is_empty())
                .map(move |part| (i + 1, part.to_owned()))
        })
        .collect()
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
    /// When it was blocked (RFC 3339 UTC), stamped by the server; not in
    /// the spec, so absent for entries older than it.
    #[serde(default, deserialize_with = "wire::string", skip_serializing_if = "String::is_empty")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub added_time: String,
}

/// The stored form of an address or domain: trimmed, lower-case, and a
/// domain written `@b.com` as `b.com` so both spellings upsert one entry.
pub fn normalize_sender(raw: &str) -> String {
    normalized_sender(raw).into_owned()
}

/// [`normalize_sender`], borrowing `raw` when it is stored already (most
/// are: every list read, most senders previewed).
pub fn normalized_sender(raw: &str) -> std::borrow::Cow<'_, str> {
    let stored = raw.is_ascii()
        && raw.trim() == raw
        && !raw.starts_with('@')
        && !raw.bytes().any(|b| b.is_ascii_uppercase());
    if stored {
        return raw.into();
    }
    normalize_slowly(raw).into()
}

fn normalize_slowly(raw: &str) -> String {
    let lower = raw.trim().to_lowercase();
    match lower.strip_prefix('@') {
        Some(domain) if !domain.contains('@') => domain.to_owned(),
        _ => lower,
    }
}

fn sender<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    wire::with_str_or_null(d, normalize_sender)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // The shortcut for text stored already is only a shortcut.
        #[test]
        fn the_shortcut_normalizes_as_the_long_way(raw in "[ @a-zA-Z.\\tÉé\u{1C5}]{0,12}") {
            prop_assert_eq!(normalize_sender(&raw), normalize_slowly(&raw));
        }
    }

    #[test]
    fn a_sender_reads_from_a_string_or_null_and_a_type_only_from_a_string() {
        let b: BlockedSender =
            serde_json::from_str(r#"{"email":" @Spam.TEST ","blockType":"rejectDomain","id":null}"#).unwrap();
        assert_eq!((b.email.as_str(), b.block_type), ("spam.test", Some(BlockType::RejectDomain)));
        let b: BlockedSender = serde_json::from_str(r#"{"email":null,"blockType":null}"#).unwrap();
        assert_eq!((b.email.as_str(), b.block_type), ("", None));
        let escaped: BlockedSender = serde_json::from_str(r#"{"email":"a\u0040b.com"}"#).unwrap();
        assert_eq!(escaped.email, "a@b.com");
        let wrong = serde_json::from_str::<BlockedSender>(r#"{"blockType":5}"#).unwrap_err();
        assert!(wrong.to_string().contains("expected a string"), "{wrong}");
        assert!(serde_json::from_str::<BlockType>("null").is_err());
    }

    #[test]
    fn pasted_text_splits_into_senders_with_their_lines() {
        let text =
            "a@b.com\n\n  spam.example ; @junk.test,x@y.org\r\nAna Costa <ana@c.com>, <e.com>\nnot one\n";
        let got = sender_lines(text);
        let want = [
            (1, "a@b.com"),
            (3, "spam.example"),
            (3, "@junk.test"),
            (3, "x@y.org"),
            (4, "ana@c.com"),
            (4, "e.com"),
            (5, "not one"),
        ];
        assert_eq!(got, want.map(|(l, s)| (l, s.to_owned())));
        assert!(sender_lines(" \n,;\n<>").is_empty());
    }

    #[test]
    fn the_type_follows_what_was_typed() {
        for (email, reject, want) in [
            ("a@b.com", true, BlockType::RejectEmail),
            ("a@b.com", false, BlockType::BlockEmailAsJunk),
            ("b.com", true, BlockType::RejectDomain),
            ("@b.com", false, BlockType::BlockDomainAsJunk),
            (" a@b.com ", false, BlockType::BlockEmailAsJunk),
        ] {
            assert_eq!(BlockType::for_sender(email, reject), want, "{email}");
        }
    }
}
