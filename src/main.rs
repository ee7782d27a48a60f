//! Browser entry point for the stand-alone console (Trunk builds this).

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(anytime_admin::App);
}
