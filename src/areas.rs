//! The console's settings areas: what the sidebar lists and each page is about.

/// One entry of the sidebar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    /// The route segment, e.g. `email-accounts`.
    pub slug: &'static str,
    pub title: &'static str,
    /// One sentence on what the area configures.
    pub summary: &'static str,
}

/// The home page's heading and lead: the page draws them, and the build
/// writes the same page into index.html (`crates/build`, `home.rs`).
pub const HOME_TITLE: &str = "Help desk settings";
pub const HOME_LEAD: &str =
    "Configure how conversations arrive, where they go, who answers them and how fast.";

/// The eight settings areas, in the order admins set a help desk up, then
/// Preview, and moving all of them at once.
pub const AREAS: [Area; 10] = [
    Area {
        slug: "email-accounts",
        title: "Email accounts",
        summary: "The mailboxes conversations arrive from, how the help desk reaches them, and which one is the default.",
    },
    Area {
        slug: "routing",
        title: "Routing",
        summary: "Where new conversations go: one department or agent, or the first custom rule that matches.",
    },
    Area {
        slug: "auto-allocation",
        title: "Auto allocation",
        summary: "How conversations are handed to available agents: load balancing or round robin, and each agent's limit.",
    },
    Area {
        slug: "triggers",
        title: "Triggers",
        summary: "Actions that run when something happens to a conversation: set fields, send emails.",
    },
    Area {
        slug: "sla-policies",
        title: "SLA policies",
        summary: "Response and resolution targets, and which conversations they apply to.",
    },
    Area {
        slug: "working-time",
        title: "Working time & holidays",
        summary: "Business hours per weekday, the time zone they are in, and the days you are closed.",
    },
    Area {
        slug: "blocked-senders",
        title: "Blocked senders",
        summary: "Addresses and domains whose mail is marked as junk or rejected.",
    },
    Area {
        slug: "fields",
        title: "Fields & mapping",
        summary: "The fields a conversation carries, their options, and how chat and offline-message fields fill them.",
    },
    Area {
        slug: "preview",
        title: "Preview",
        summary: "See where sample conversations would be routed, which triggers fire and when SLAs fall due — before you save.",
    },
    Area {
        slug: "import",
        title: "Import & export",
        summary: "Every setting as one file: export it, or import one — checked here, its impact shown, applied all at once or not at all.",
    },
];

/// An area by its slug (for pages that know theirs).
pub fn get(slug: &str) -> &'static Area {
    find(slug).unwrap_or(&AREAS[0])
}

/// The area a route segment names.
pub fn find(slug: &str) -> Option<&'static Area> {
    AREAS.iter().find(|a| a.slug == slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_unique_and_found() {
        for (i, a) in AREAS.iter().enumerate() {
            assert_eq!(find(a.slug), Some(a));
            assert!(AREAS[i + 1..].iter().all(|b| b.slug != a.slug));
        }
        assert_eq!(find("nope"), None);
        // Eight settings areas; Preview and Import & export work on all of them.
        assert_eq!(AREAS.iter().filter(|a| !["preview", "import"].contains(&a.slug)).count(), 8);
    }
}
