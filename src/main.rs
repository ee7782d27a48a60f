//! The wasm module Trunk builds. It mounts nothing by itself: the
//! stand-alone page calls `start()`, and a portal that embeds the console
//! calls `mount(element, options)`. The exports live here because only the
//! binary's own `#[wasm_bindgen]` items reach the built module.

use wasm_bindgen::prelude::*;

/// A mounted console. `unmount()` removes it from the host element; letting
/// the handle go does not.
#[wasm_bindgen]
pub struct ConsoleHandle {
    id: u32,
}

#[wasm_bindgen]
impl ConsoleHandle {
    pub fn unmount(&self) {
        anytime_admin::embed::unmount(self.id);
    }
}

/// Mounts the stand-alone console into the page's body.
#[wasm_bindgen]
pub fn start() {
    anytime_admin::embed::start();
}

/// Mounts the console inside `element`. `options`: `{ apiBase, token,
/// basePath, theme }` (all optional: same origin, sign-in form, site root,
/// the system's theme).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn mount(element: web_sys::HtmlElement, options: JsValue) -> ConsoleHandle {
    ConsoleHandle { id: anytime_admin::embed::mount(element, options) }
}

fn main() {
    console_error_panic_hook::set_once();
}
