//! Each settings kind the console reads and writes, and where it lives: with
//! `endpoints.rs`, the only place the console names API paths. Pages and the
//! generic list and editor call these; none of them builds a URL.

use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Serialize;

use anytime_core::*;

use super::{Api, ApiError, Method};

pub(crate) const ANYTIME: &str = "/api/v3/anytime";

/// A kind of settings object, one or a list of them.
pub trait Kind: Serialize + DeserializeOwned + Clone + 'static {
    /// The list's path (or the one object's, for a singleton).
    const PATH: &'static str;
    /// What one is called in messages ("trigger", "SLA policy").
    const NOUN: &'static str;
    /// And several ("triggers", "SLA policies").
    const NOUNS: &'static str;
}

/// A kind kept as a list of objects with ids and names.
pub trait Listed: Kind {
    fn id(&self) -> &str;
    /// What the admin calls it (a trigger's description, a sender's address).
    fn name(&self) -> &str;
}

macro_rules! kind {
    ($ty:ty, $path:literal, $noun:literal / $nouns:literal) => {
        impl Kind for $ty {
            const PATH: &'static str = concat!("/api/v3/anytime/", $path);
            const NOUN: &'static str = $noun;
            const NOUNS: &'static str = $nouns;
        }
    };
    ($ty:ty, $path:literal, $noun:literal / $nouns:literal, name: $name:ident) => {
        kind!($ty, $path, $noun / $nouns);
        impl Listed for $ty {
            fn id(&self) -> &str {
                &self.id
            }
            fn name(&self) -> &str {
                &self.$name
            }
        }
    };
}

kind!(EmailAccount, "emailAccounts", "email account" / "email accounts", name: display_name);
kind!(CustomRule, "routingRules/customRules", "rule" / "rules", name: name);
kind!(Trigger, "triggers", "trigger" / "triggers", name: description);
kind!(SlaPolicy, "SLAPolicies", "SLA policy" / "SLA policies", name: name);
kind!(Holiday, "holidays", "holiday" / "holidays", name: title);
kind!(BlockedSender, "blockedSenders", "blocked sender" / "blocked senders", name: email);
kind!(Field, "fields", "field" / "fields", name: name);
kind!(RoutingConfig, "routingRules/default", "routing configuration" / "routing configurations");
kind!(AutoAllocationSetting, "autoAllocation", "auto allocation setting" / "auto allocation settings");
kind!(WorkingTime, "workingTime", "working time" / "working times");

/// One object's path.
pub fn path_of<T: Kind>(id: &str) -> String {
    format!("{}/{id}", T::PATH)
}

/// The whole list, in the server's order.
pub async fn list<T: Kind>(api: Api) -> Result<Vec<T>, ApiError> {
    api.get(T::PATH).await
}

/// One object of a list; its ETag is kept for saving it.
pub async fn get<T: Listed>(api: Api, id: &str) -> Result<T, ApiError> {
    api.get(&path_of::<T>(id)).await
}

/// The one object of a singleton kind (routing, allocation, working time).
pub async fn single<T: Kind>(api: Api) -> Result<T, ApiError> {
    api.get(T::PATH).await
}

/// A new member of the list (it goes last in an ordered list).
pub async fn create<T: Kind>(api: Api, value: &T) -> Result<T, ApiError> {
    api.send(Method::Post, T::PATH, Some(value), None).await
}

/// Deletes a member, with the list's ETag ([`Api::member`]).
pub async fn delete<T: Listed>(api: Api, id: &str) -> Result<(), ApiError> {
    api.delete_member(T::PATH, &path_of::<T>(id)).await
}

/// Turns a member on or off, with the list's ETag.
pub async fn enable<T: Listed>(api: Api, id: &str, on: bool) -> Result<(), ApiError> {
    let path = format!("{}/enable", path_of::<T>(id));
    let body = EnableRequest { enable: Some(on) };
    api.member::<_, IgnoredAny>(Method::Put, T::PATH, &path, Some(&body)).await.map(|_| ())
}

/// The whole order at once, with the list's ETag.
pub async fn order<T: Listed>(api: Api, ids: Vec<String>) -> Result<(), ApiError> {
    let path = format!("{}/order", T::PATH);
    api.member::<_, IgnoredAny>(Method::Put, T::PATH, &path, Some(&OrderRequest { ids })).await.map(|_| ())
}

/// The saved object as a new one at the end of the list (the core's
/// [`Duplicate`]: no ids, "(copy)", off); answers the copy as saved.
pub async fn duplicate<T: Listed + Duplicate>(api: Api, id: &str) -> Result<T, ApiError> {
    let original: T = get(api, id).await?;
    create(api, &original.duplicate()).await
}

/// Where an editor's save goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `POST` a new object to this list.
    Create(String),
    /// `PUT` this object with the ETag it was loaded with.
    Update(String),
    /// `PUT` to a list that adds or changes the member with the same key
    /// (blocked senders, by address).
    Upsert(String),
}

impl Target {
    /// A new member of `T`'s list, or the saved one with this id.
    pub fn of<T: Listed>(is_new: bool, id: &str) -> Target {
        if is_new {
            Target::Create(T::PATH.to_owned())
        } else {
            Target::Update(path_of::<T>(id))
        }
    }

    /// A member of `T`'s list found by its key.
    pub fn upsert<T: Listed>() -> Target {
        Target::Upsert(T::PATH.to_owned())
    }

    /// The one object of a singleton kind.
    pub fn single<T: Kind>() -> Target {
        Target::Update(T::PATH.to_owned())
    }

    /// Sends `body` here; `overwrite` drops the ETag (the conflict dialog's
    /// choice). An update goes with `since` (the version a restored draft
    /// was made on), else with the ETag of the copy loaded.
    pub async fn send<T: Serialize + DeserializeOwned>(
        &self,
        api: Api,
        body: &T,
        overwrite: bool,
        since: Option<String>,
    ) -> Result<T, ApiError> {
        // One request for every case (one future to compile per kind, not four).
        let (method, path, if_match) = match (self, overwrite) {
            (Target::Create(list), _) => (Method::Post, list, None),
            (Target::Update(path), true) => (Method::Put, path, None),
            (Target::Update(path), false) => (Method::Put, path, since.or_else(|| api.etag(path))),
            (Target::Upsert(list), _) => (Method::Upsert, list, None),
        };
        api.send(method, path, Some(body), if_match).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_lives_under_its_path() {
        assert_eq!(Trigger::PATH, "/api/v3/anytime/triggers");
        assert_eq!(path_of::<CustomRule>("r1"), "/api/v3/anytime/routingRules/customRules/r1");
        assert_eq!(Target::of::<SlaPolicy>(true, ""), Target::Create("/api/v3/anytime/SLAPolicies".into()));
        assert_eq!(Target::of::<Field>(false, "f1"), Target::Update("/api/v3/anytime/fields/f1".into()));
        assert_eq!(Target::single::<WorkingTime>(), Target::Update("/api/v3/anytime/workingTime".into()));
        assert!(ANYTIME.ends_with("anytime"));
        assert_eq!(SlaPolicy::NOUNS, "SLA policies");
    }
}
