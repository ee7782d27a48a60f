//! What JavaScript calls (exported from `main.rs`, the binary Trunk builds):
//! `start()` for the stand-alone page, and `mount(element, options)` for a
//! portal that embeds the console.

use std::any::Any;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::JsValue;

/// Options of `mount`, read from a plain JavaScript object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MountOptions {
    /// Where the API is ("" = this origin).
    pub api_base: String,
    pub token: Option<String>,
    /// The path the console's routes live under, e.g. `/settings`.
    pub base_path: String,
    /// `light`, `dark`, or `auto` (the system's).
    pub theme: Theme,
    /// The service worker to register (a script on the portal's own
    /// origin, a copy of the console's `sw.js`), so the console opens
    /// offline too; none by default: a portal opts in.
    pub service_worker: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn parse(s: &str) -> Theme {
        match s.to_ascii_lowercase().as_str() {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::Auto,
        }
    }

    /// The root class that forces it, if any.
    pub fn class(self) -> &'static str {
        match self {
            Theme::Auto => "",
            Theme::Light => "at-theme-light",
            Theme::Dark => "at-theme-dark",
        }
    }
}

/// `/settings/` → `/settings`; `""` and `/` → `""`.
pub fn normalize_base(path: &str) -> String {
    let trimmed = path.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else if trimmed.starts_with('/') {
        trimmed.to_owned()
    } else {
        format!("/{trimmed}")
    }
}

thread_local! {
    /// Mounted consoles by id. They live here, not in the handle JavaScript
    /// holds, so a portal that drops the handle (and lets the garbage
    /// collector free it) keeps its console; `unmount` removes one.
    static MOUNTED: std::cell::RefCell<std::collections::HashMap<u32, Box<dyn Any>>> = Default::default();
    static NEXT_ID: std::cell::Cell<u32> = const { std::cell::Cell::new(1) };
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn keep(handle: Box<dyn Any>) -> u32 {
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    MOUNTED.with(|m| m.borrow_mut().insert(id, handle));
    id
}

/// Removes a mounted console from its host element.
pub fn unmount(id: u32) {
    let handle = MOUNTED.with(|m| m.borrow_mut().remove(&id));
    drop(handle);
}

/// Mounts the stand-alone console into the page's body.
pub fn start() {
    console_error_panic_hook::set_once();
    // Its own page: the shell is kept for opening offline.
    crate::api::offline::register_worker("/sw.js");
    // Drawn in a task of its own, not in the one that instantiated the
    // module: a long task holds up input and paint (and Lighthouse's total
    // blocking time counts every millisecond of a task past 50).
    leptos::prelude::set_timeout(|| leptos::mount::mount_to_body(crate::App), std::time::Duration::ZERO);
}

#[cfg(target_arch = "wasm32")]
fn read_options(options: &JsValue) -> MountOptions {
    let get = |key: &str| {
        js_sys::Reflect::get(options, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    };
    MountOptions {
        api_base: get("apiBase"),
        token: Some(get("token")).filter(|t| !t.is_empty()),
        base_path: normalize_base(&get("basePath")),
        theme: Theme::parse(&get("theme")),
        service_worker: Some(get("serviceWorker")).filter(|u| !u.is_empty()),
    }
}

/// Mounts the console inside `element`, talking to `options.apiBase` with
/// `options.token`, its routes under `options.basePath`.
#[cfg(target_arch = "wasm32")]
pub fn mount(element: web_sys::HtmlElement, options: JsValue) -> u32 {
    use leptos::prelude::*;
    console_error_panic_hook::set_once();
    let o = read_options(&options);
    if let Some(url) = &o.service_worker {
        crate::api::offline::register_worker(url);
    }
    let handle = leptos::mount::mount_to(element, move || {
        view! {
            <crate::Console api_base=o.api_base.clone() token=o.token.clone() base=o.base_path.clone() theme=o.theme/>
        }
    });
    keep(Box::new(handle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options() {
        assert_eq!(normalize_base("/settings/"), "/settings");
        assert_eq!(normalize_base("settings"), "/settings");
        assert_eq!(normalize_base("/"), "");
        assert_eq!(normalize_base(""), "");
        assert_eq!(Theme::parse("DARK"), Theme::Dark);
        assert_eq!(Theme::parse("whatever").class(), "");
    }
}
