//! The one name in words of each value an admin picks from a list. The
//! console's selects and summaries read these (and the wire spelling from
//! the enum itself); no page spells a value or its name again.

use super::*;

/// A value picked from a list: every value in the order a list offers them
/// (the likeliest first), its wire spelling, and its name in words.
pub trait Choice: Sized + 'static {
    fn all() -> &'static [Self];
    fn wire(&self) -> &str;
    fn label(&self) -> &'static str;
}

macro_rules! labels {
    ($ty:ty { $($variant:ident => $label:literal),+ $(,)? }) => {
        impl Choice for $ty {
            fn all() -> &'static [Self] {
                const ORDER: &[$ty] = &[$(<$ty>::$variant),+];
                ORDER
            }
            fn wire(&self) -> &str {
                self.as_str()
            }
            fn label(&self) -> &'static str {
                match self {
                    $(Self::$variant => $label,)+
                    Self::Unknown(_) => "Unknown",
                }
            }
        }
    };
}

labels!(When { All => "All must match", Any => "Any can match", LogicalExpression => "Logical expression" });
labels!(AccountType {
    Imap => "IMAP and SMTP",
    Exchange => "Microsoft Exchange (EWS)",
    EmailForwarding => "Email forwarding",
});
labels!(EncryptedConnectionType {
    Tls => "STARTTLS (usually port 587)",
    Ssl => "SSL/TLS (usually port 465)",
    None => "None (not recommended)",
});
labels!(AccountStatus { Success => "Connection OK", Failed => "Connection failed" });
labels!(AllocationTo { OnlineAgents => "Online agents", OnlineAndAwayAgents => "Online and away agents" });
labels!(AllocationMethod {
    LoadBalancing => "Load balancing (fewest open conversations)",
    RoundRobin => "Round robin (each agent in turn)",
});
labels!(RoutingType {
    Simple => "Send every new conversation to one place",
    Rules => "Use the custom rules, in order",
});
labels!(RouteToObject { Department => "A department", Agent => "An agent" });
labels!(OperationalHour { BusinessHours => "Business hours only", CalenderHours => "Around the clock" });
labels!(BlockType {
    BlockEmailAsJunk => "Mark mail from this address as junk",
    RejectEmail => "Reject mail from this address",
    BlockDomainAsJunk => "Mark mail from this domain as junk",
    RejectDomain => "Reject mail from this domain",
});

#[cfg(test)]
mod tests {
    use super::*;

    fn distinct<T: Choice + PartialEq + std::fmt::Debug>(known: &[T]) {
        let all = T::all();
        assert_eq!(all.len(), known.len(), "every known value is offered");
        assert!(known.iter().all(|k| all.contains(k)));
        for (i, a) in all.iter().enumerate() {
            assert_ne!(a.label(), "Unknown", "{}", a.wire());
            for b in &all[i + 1..] {
                assert_ne!(a.label(), b.label(), "one name per value");
                assert_ne!(a.wire(), b.wire());
            }
        }
    }

    #[test]
    fn every_value_has_its_own_name() {
        distinct(When::ALL);
        distinct(AccountType::ALL);
        distinct(EncryptedConnectionType::ALL);
        distinct(AccountStatus::ALL);
        distinct(AllocationTo::ALL);
        distinct(AllocationMethod::ALL);
        distinct(RoutingType::ALL);
        distinct(RouteToObject::ALL);
        distinct(OperationalHour::ALL);
        distinct(BlockType::ALL);
        assert_eq!(AccountType::Imap.label(), "IMAP and SMTP");
        assert_eq!(AccountType::parse("imap").wire(), "IMAP");
        assert_eq!(AccountType::parse("pop3").label(), "Unknown");
    }
}
