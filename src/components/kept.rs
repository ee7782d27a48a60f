//! Unsaved drafts kept in the browser (localStorage), per API base and
//! page, until they are saved or discarded: a reload or a closed tab does
//! not lose what was typed.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A draft as kept: when it was last changed (ms since the epoch) and its value.
#[derive(Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
struct Kept<T> {
    at: f64,
    draft: T,
}

/// The key of the draft for the page at `path` of the API at `base`.
pub fn key(base: &str, path: &str) -> String {
    format!("anytime.draft:{base}:{path}")
}

#[cfg(target_arch = "wasm32")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The draft kept under `key`, and when it was last changed.
pub fn load<T: DeserializeOwned>(key: &str) -> Option<(f64, T)> {
    #[cfg(target_arch = "wasm32")]
    {
        let text = storage()?.get_item(key).ok().flatten()?;
        crate::api::read::<Kept<T>>(&text).ok().map(|k| (k.at, k.draft))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = key;
        None
    }
}

/// Keeps `draft` under `key`, stamped now.
pub fn store<T: Serialize>(key: &str, draft: &T) {
    #[cfg(target_arch = "wasm32")]
    if let (Some(s), Ok(text)) = (storage(), crate::api::to_json(&Kept { at: js_sys::Date::now(), draft })) {
        // A full storage quota only means the draft is not kept.
        let _ = s.set_item(key, &text);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (key, draft);
}

pub fn forget(key: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = key;
}

/// "10:12" (today) or "1 Dec, 10:12", in the browser's time.
pub fn when(at: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at));
        let now = js_sys::Date::new_0();
        let time = format!("{:02}:{:02}", date.get_hours(), date.get_minutes());
        if date.to_date_string() == now.to_date_string() {
            time
        } else {
            let month = crate::format::MONTHS[(date.get_month() as usize) % 12];
            format!("{} {}, {time}", date.get_date(), &month[..3])
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = at;
        String::new()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_draft_is_kept_per_api_and_page() {
        assert_eq!(super::key("", "/triggers/t1"), "anytime.draft::/triggers/t1");
        assert_ne!(super::key("https://a.example", "/fields/new"), super::key("", "/fields/new"));
    }
}

/// Sample conversations kept on the Preview page, for the "What changes?"
/// panels to try drafts on: per API base, newest last, at most
/// [`MAX_KEPT_SAMPLES`].
pub mod samples {
    use anytime_core::engine::Sample;

    pub const MAX_KEPT_SAMPLES: usize = 200;

    fn key(base: &str) -> String {
        format!("anytime.samples:{base}")
    }

    pub fn load(base: &str) -> Vec<Sample> {
        super::load::<Vec<Sample>>(&key(base)).map(|(_, s)| s).unwrap_or_default()
    }

    /// Keeps `sample` (not twice); answers how many are kept.
    pub fn keep(base: &str, sample: Sample) -> usize {
        let mut all = load(base);
        if !all.contains(&sample) {
            all.push(sample);
        }
        if all.len() > MAX_KEPT_SAMPLES {
            all.drain(..all.len() - MAX_KEPT_SAMPLES);
        }
        super::store(&key(base), &all);
        all.len()
    }

    pub fn forget_all(base: &str) {
        super::forget(&key(base));
    }
}
