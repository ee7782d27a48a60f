//! Blocked senders at scale: the list prepared once for searching and
//! sorting many thousands of entries, and pasted text checked line by line
//! before anything is sent.

use anytime_core::order;
use std::collections::HashMap;
use std::sync::Arc;

use anytime_core::{
    normalize_sender, sender_lines, BlockType, BlockedSender, Choice, Context, Directory, Validate,
};

/// How the list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Address,
    Type,
    Newest,
    Oldest,
}

impl SortBy {
    pub const ALL: [SortBy; 4] = [SortBy::Address, SortBy::Type, SortBy::Newest, SortBy::Oldest];

    pub fn key(self) -> &'static str {
        match self {
            SortBy::Address => "address",
            SortBy::Type => "type",
            SortBy::Newest => "newest",
            SortBy::Oldest => "oldest",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortBy::Address => "Address, A–Z",
            SortBy::Type => "What happens, then address",
            SortBy::Newest => "Newest first",
            SortBy::Oldest => "Oldest first",
        }
    }

    pub fn parse(key: &str) -> SortBy {
        SortBy::ALL.into_iter().find(|s| s.key() == key).unwrap_or_default()
    }
}

/// The entries as loaded (the server's order is the order they were
/// added), with each sort's order worked out once: a keystroke in the
/// search only filters.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Index {
    /// Shared with the reply it came from: a list of 10,000 is never copied.
    pub entries: Arc<Vec<BlockedSender>>,
    by_address: Vec<usize>,
    by_type: Vec<usize>,
    /// How many the list has in all: more than `entries` while only its
    /// first rows are here ([`Index::first_rows`]).
    pub total: usize,
}

impl Index {
    pub fn new(entries: impl Into<Arc<Vec<BlockedSender>>>) -> Index {
        let entries = entries.into();
        let mut by_address: Vec<usize> = (0..entries.len()).collect();
        order::sort_by(&mut by_address, |&a, &b| entries[a].email.cmp(&entries[b].email));
        let mut by_type = by_address.clone();
        let rank = |b: &BlockedSender| {
            b.block_type
                .as_ref()
                .and_then(|t| BlockType::all().iter().position(|x| x == t))
                .unwrap_or(usize::MAX)
        };
        order::sort_by_key(&mut by_type, |&i| rank(&entries[i]));
        let total = entries.len();
        Index { entries, by_address, by_type, total }
    }

    /// The first rows of a list of `total`, drawn while the whole list comes.
    pub fn first_rows(entries: Vec<BlockedSender>, total: usize) -> Index {
        let mut index = Index::new(entries);
        index.total = total.max(index.len());
        index
    }

    /// Whether every entry is here (searches, selections and checks
    /// against what is blocked need them all).
    pub fn is_whole(&self) -> bool {
        self.total == self.entries.len()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// No entry at all (not only none here yet).
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// The positions of the entries containing `needle` (case-insensitive),
    /// in the chosen order.
    pub fn matching(&self, needle: &str, sort: SortBy) -> Vec<usize> {
        let needle = needle.trim().to_lowercase();
        let keep = |i: &usize| needle.is_empty() || self.entries[*i].email.contains(&needle);
        match sort {
            SortBy::Address => self.by_address.iter().copied().filter(keep).collect(),
            SortBy::Type => self.by_type.iter().copied().filter(keep).collect(),
            SortBy::Oldest => (0..self.entries.len()).filter(keep).collect(),
            SortBy::Newest => (0..self.entries.len()).rev().filter(keep).collect(),
        }
    }

    /// The entry blocking exactly this sender, if any.
    pub fn find(&self, email: &str) -> Option<&BlockedSender> {
        let key = normalize_sender(email);
        self.entries.iter().find(|b| b.email == key)
    }
}

/// A pasted line that cannot be blocked, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub line: usize,
    pub text: String,
    pub message: String,
}

/// An entry that is blocked already with another type.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub entry: BlockedSender,
    pub from: BlockType,
}

/// Pasted text, checked against the core's rules and the loaded list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pasted {
    /// Not blocked yet.
    pub new: Vec<BlockedSender>,
    /// Blocked already, as something else: sent only if the admin agrees.
    pub changes: Vec<Change>,
    /// Blocked already, the same way (or pasted twice).
    pub already: usize,
    pub bad: Vec<BadLine>,
}

impl Pasted {
    /// Checks every part of `text`: each sender's type from what it is
    /// (address or domain) and `reject`.
    pub fn check(text: &str, reject: bool, index: &Index) -> Pasted {
        let existing: HashMap<&str, &BlockType> =
            index.entries.iter().filter_map(|b| Some((b.email.as_str(), b.block_type.as_ref()?))).collect();
        let directory = Directory::default();
        let ctx = Context::new(&[], &directory);
        let mut seen = std::collections::HashSet::new();
        let mut pasted = Pasted::default();
        for (line, text) in sender_lines(text) {
            let kind = BlockType::for_sender(&text, reject);
            let entry = BlockedSender {
                email: normalize_sender(&text),
                block_type: Some(kind.clone()),
                ..Default::default()
            };
            if let Err(errors) = entry.validate(&ctx) {
                let message = errors.0.into_iter().map(|e| e.message).collect::<Vec<_>>().join(" ");
                pasted.bad.push(BadLine { line, text, message });
                continue;
            }
            if !seen.insert(entry.email.clone()) {
                pasted.already += 1;
                continue;
            }
            match existing.get(entry.email.as_str()) {
                Some(&from) if *from == kind => pasted.already += 1,
                Some(&from) => pasted.changes.push(Change { entry, from: from.clone() }),
                None => pasted.new.push(entry),
            }
        }
        pasted
    }

    /// What to send: the new entries, and the changes if agreed to.
    pub fn to_send(&self, with_changes: bool) -> Vec<BlockedSender> {
        let changes = self.changes.iter().filter(|_| with_changes).map(|c| c.entry.clone());
        self.new.iter().cloned().chain(changes).collect()
    }

    /// The text to leave in the box: the lines that were not added, so the
    /// admin can fix them (nothing typed is lost).
    pub fn leftover(&self) -> String {
        self.bad.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n")
    }
}

/// Sent in parts of this many: each part is one transaction on the server
/// (which takes at most 10,000 at once).
pub const CHUNK: usize = 5_000;

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(email: &str, kind: BlockType) -> BlockedSender {
        BlockedSender { email: email.into(), block_type: Some(kind), ..Default::default() }
    }

    fn index() -> Index {
        Index::new(vec![
            entry("zed@spam.test", BlockType::BlockEmailAsJunk),
            entry("ads.example", BlockType::RejectDomain),
            entry("bob@spam.test", BlockType::RejectEmail),
        ])
    }

    fn emails(index: &Index, found: &[usize]) -> Vec<String> {
        found.iter().map(|&i| index.entries[i].email.clone()).collect()
    }

    #[test]
    fn the_first_rows_know_the_whole_lists_size() {
        let first = Index::first_rows(vec![entry("a@x.test", BlockType::RejectEmail)], 10_000);
        assert_eq!((first.len(), first.total, first.is_whole(), first.is_empty()), (1, 10_000, false, false));
        // Told fewer than came (a list that shrank between the two): all of it is here.
        let all = Index::first_rows(vec![entry("a@x.test", BlockType::RejectEmail)], 0);
        assert!(all.is_whole());
        assert!(index().is_whole());
        assert!(Index::default().is_empty() && Index::default().is_whole());
        assert!(!Index::first_rows(Vec::new(), 3).is_empty(), "none here yet is not none at all");
    }

    #[test]
    fn search_and_sort() {
        let ix = index();
        assert_eq!(
            emails(&ix, &ix.matching("", SortBy::Address)),
            ["ads.example", "bob@spam.test", "zed@spam.test"]
        );
        assert_eq!(emails(&ix, &ix.matching("SPAM", SortBy::Address)), ["bob@spam.test", "zed@spam.test"]);
        assert_eq!(emails(&ix, &ix.matching(" spam ", SortBy::Newest)), ["bob@spam.test", "zed@spam.test"]);
        assert_eq!(
            emails(&ix, &ix.matching("", SortBy::Oldest)),
            ["zed@spam.test", "ads.example", "bob@spam.test"]
        );
        // The core's order of block types: junk address, reject address, junk domain, reject domain.
        assert_eq!(
            emails(&ix, &ix.matching("", SortBy::Type)),
            ["zed@spam.test", "bob@spam.test", "ads.example"]
        );
        assert!(ix.matching("nothing", SortBy::Type).is_empty());
        assert_eq!(ix.find(" BOB@spam.test").map(|b| b.email.as_str()), Some("bob@spam.test"));
        assert_eq!(ix.find("@ads.example").map(|b| b.email.as_str()), Some("ads.example"));
        for s in SortBy::ALL {
            assert_eq!(SortBy::parse(s.key()), s);
        }
    }

    #[test]
    fn pasted_lines_are_sorted_into_new_changed_already_and_bad() {
        let text = "new@spam.test\nbob@spam.test\nzed@spam.test, @ads.example\nnot an address@\n\nnew@spam.test\nfresh.example";
        let p = Pasted::check(text, true, &index());
        assert_eq!(
            p.new,
            [entry("new@spam.test", BlockType::RejectEmail), entry("fresh.example", BlockType::RejectDomain)]
        );
        assert_eq!(
            p.changes,
            [Change {
                entry: entry("zed@spam.test", BlockType::RejectEmail),
                from: BlockType::BlockEmailAsJunk
            }]
        );
        // bob and ads.example are rejected already; new@ is pasted twice.
        assert_eq!(p.already, 3);
        assert_eq!(p.bad.len(), 1, "{:?}", p.bad);
        assert_eq!((p.bad[0].line, p.bad[0].text.as_str()), (4, "not an address@"));
        assert!(p.bad[0].message.contains("neither an email address"), "{}", p.bad[0].message);
        assert_eq!(p.leftover(), "not an address@");
        assert_eq!(p.to_send(false).len(), 2);
        assert_eq!(p.to_send(true).len(), 3);
    }
}
