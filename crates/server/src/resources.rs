//! Which core model is which kind of stored object.

use anytime_core::*;

use crate::store::Resource;

macro_rules! listed {
    ($ty:ty, $kind:literal, $noun:literal $(, ordered: $order:ident)?) => {
        impl Resource for $ty {
            const KIND: &'static str = $kind;
            const NOUN: &'static str = $noun;
            fn id(&self) -> &str {
                &self.id
            }
            fn set_id(&mut self, id: String) {
                self.id = id;
            }
            $(const ORDERED: bool = true;
            fn set_position(&mut self, position: i64) {
                self.$order = position;
            })?
        }
    };
}

macro_rules! singleton {
    ($ty:ty, $kind:literal, $noun:literal) => {
        impl Resource for $ty {
            const KIND: &'static str = $kind;
            const NOUN: &'static str = $noun;
            fn id(&self) -> &str {
                "default"
            }
            fn set_id(&mut self, _: String) {}
        }
    };
}

listed!(EmailAccount, "emailAccount", "Email account");
listed!(CustomRule, "customRule", "Custom rule", ordered: order_index);
listed!(Trigger, "trigger", "Trigger", ordered: order_index);
listed!(SlaPolicy, "slaPolicy", "SLA policy", ordered: order_index);
listed!(Holiday, "holiday", "Holiday");
/// Blocked senders are found by their address or domain (upsert, delete
/// by `?email=`), stored lower-case: the indexed key.
impl Resource for BlockedSender {
    const KIND: &'static str = "blockedSender";
    const NOUN: &'static str = "Blocked sender";
    fn id(&self) -> &str {
        &self.id
    }
    fn set_id(&mut self, id: String) {
        self.id = id;
    }
    fn key(&self) -> Option<String> {
        Some(self.email.clone())
    }
}
listed!(Field, "field", "Field");
listed!(RoutingConfig, "routing", "Routing configuration");
singleton!(AutoAllocationSetting, "autoAllocation", "Auto allocation setting");
singleton!(WorkingTime, "workingTime", "Working time");
