use anytime_core::Role;
use leptos::prelude::*;

use super::sidebar::Sidebar;
use super::sign_in::SignIn;
use crate::api::endpoints::Me;
use crate::api::Api;
use crate::session;

/// Who the console is signed in as, once the server said (`GET me`).
#[derive(Clone, Copy)]
pub struct SignedIn(pub Signal<Option<Me>>);

/// Whether the server was asked who is signed in, and answered or failed:
/// until then, what this browser holds (drafts) is not shown, as it may be
/// someone else's (see `kept::claim`).
#[derive(Clone, Copy)]
pub struct Asked(pub Signal<bool>);

impl Asked {
    /// True without a console around (a component on its own).
    pub fn now() -> Signal<bool> {
        use_context::<Asked>().map_or(Signal::stored(true), |a| a.0)
    }
}

impl SignedIn {
    /// Why this role may not save here, if it may not.
    pub fn refusal(admin_only: bool) -> Signal<Option<&'static str>> {
        let me = use_context::<SignedIn>().map(|s| s.0);
        Signal::derive(move || {
            let role = me.and_then(|m| m.get()).map(|m| m.role);
            session::refusal(role, admin_only)
        })
    }

    /// Whether the signed-in person only views: for a control's
    /// `disabled` (read where it is drawn, so it follows a sign-in).
    pub fn viewer() -> bool {
        use_context::<SignedIn>().and_then(|s| s.0.get()).is_some_and(|m| m.role == Role::Viewer)
    }

    /// Whether the signed-in person is an admin (the Audit page).
    pub fn is_admin() -> Signal<bool> {
        let me = use_context::<SignedIn>().map(|s| s.0);
        Signal::derive(move || me.and_then(|m| m.get()).is_some_and(|m| m.role == Role::Admin))
    }
}

/// Forgets what this browser holds for the admin at the API `base`: the
/// offline copies, the drafts and Preview's samples, the draft handed to
/// Preview (signing out, or someone else signing in).
fn forget_held(base: &str) {
    crate::api::offline::forget_all();
    super::kept::forget_held(base);
    super::impact_panel::forget_handed();
}

/// Who the server said is signed in with `token`, and whether what this
/// browser holds may be shown to them.
#[derive(Clone)]
struct Answer {
    token: Option<String>,
    me: Option<Me>,
    show_held: bool,
}

/// Asks the server who `token` belongs to; what this browser holds
/// for someone else is forgotten then (see `kept::claim`). With the server
/// unreachable, the tab's own memory of whose its token is answers; when
/// nobody is known, what is noted as someone's is neither shown nor
/// forgotten until the server answers.
async fn who_is_signed_in(api: Api, token: Option<String>) -> Answer {
    let Some(t) = token.as_deref() else {
        return Answer { token, me: None, show_held: true };
    };
    let me = match crate::api::endpoints::me(api).await {
        Ok(me) => {
            session::remember_who(t, &me);
            Some(me)
        }
        Err(crate::api::ApiError::Network(_) | crate::api::ApiError::Timeout) => session::who_was(t),
        Err(_) => None,
    };
    let Some(base) = api.base.try_get_value() else {
        return Answer { token, me, show_held: false };
    };
    let show_held = match &me {
        Some(me) => {
            if super::kept::claim(&base, &me.id) {
                forget_held(&base);
            }
            true
        }
        None => !super::kept::owned(&base),
    };
    Answer { token, me, show_held }
}

/// The frame around every page: header, sidebar and the page itself. Every
/// style of the console is scoped under its root class `anytime-console`.
/// Without a token the sign-in form takes the page's place; after a 401 it
/// opens over the page, which keeps what it holds.
#[component]
pub fn Shell(children: ChildrenFn, #[prop(optional)] theme: crate::embed::Theme) -> impl IntoView {
    let api = expect_context::<Api>();
    let (menu_open, set_menu_open) = signal(false);
    let server = move || {
        let base = api.base.get_value();
        if base.is_empty() {
            "This server".to_owned()
        } else {
            base
        }
    };
    // What this browser kept for the admin (offline copies, unsaved drafts,
    // Preview's samples) is theirs to see, not the next person's: signing
    // out forgets it, after asking when some of it is unsaved work.
    let unsaved = expect_context::<super::feedback::Unsaved>();
    let asking = RwSignal::new(None::<String>);
    let held = RwSignal::new(String::new());
    let sign_out_now = move || {
        asking.set(None);
        let base = api.base.get_value();
        session::remember(None);
        forget_held(&base);
        super::kept::disown(&base);
        // Forgotten now: the page's leave guard has nothing left to guard.
        unsaved.0.set(false);
        api.token.set(None);
    };
    let sign_out = move |_| {
        let kept = super::kept::held(&api.base.get_value());
        let open_page = unsaved.0.get_untracked();
        if kept.is_empty() && !open_page {
            sign_out_now();
        } else {
            held.set(super::kept::held_words(&kept, open_page));
            asking.set(Some("Sign out and discard what is not saved?".to_owned()));
        }
    };
    // Asked again whenever the token changes (a sign-in, a sign-out), and
    // when the server is back (an answer that could not come, comes). Who
    // it is decides whether what this browser holds is theirs to see.
    let asked = LocalResource::new(move || {
        let token = api.token.get();
        // "Try again" asks again too (a `me` that failed with the server up).
        api.reconnected.track();
        api.epoch.track();
        async move { who_is_signed_in(api, token).await }
    });
    // The last answer stays while the next is on its way (a resource holds
    // its value meanwhile); it names the token it is for: until the one for
    // the current token comes, the last one (another token's, or none)
    // does not count.
    let current = move || asked.get().filter(|a| api.token.with(|now| *now == a.token));
    provide_context(Asked(Signal::derive(move || current().is_some_and(|a| a.show_held))));
    let me = Signal::derive(move || current().and_then(|a| a.me));
    provide_context(SignedIn(me));
    let children = StoredValue::new(children);
    let drawn = after_start();
    let root = NodeRef::<leptos::html::Div>::new();
    // On the console's own page, the frame its HTML painted goes (see
    // `replace_static_frame`); until then this one may be hidden.
    let hidden = use_context::<crate::OwnPage>().is_some() && replace_static_frame(root);
    let home = use_context::<crate::Base>().unwrap_or_default().href("/");
    announce_pages();
    view! {
        <div class=format!("anytime-console {}", theme.class()) node_ref=root hidden=hidden>
            <a class="at-skip" href="#at-main" on:click=move |ev| {
                ev.prevent_default();
                focus_heading();
            }>"Skip to the page"</a>
            <header class="at-header">
                <button
                    type="button"
                    class="at-header__menu"
                    aria-controls="anytime-sidebar"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| set_menu_open.update(|open| *open = !*open)
                >
                    <span aria-hidden="true">"☰"</span>
                    <span class="at-visually-hidden">"Menu"</span>
                </button>
                <a class="at-header__brand" href=home>"Anytime"<span>" · Help desk settings"</span></a>
                <div class="at-header__session">
                    <span class="at-header__server" title="The settings API this console uses">{server}</span>
                    {move || if api.token.get().is_some() {
                        view! {
                            <span class="at-header__state at-header__state--in">"Signed in"</span>
                            <span class="at-header__who" title="Who you are signed in as, and your role">{move || {
                                me.get().map(|m| format!("{} · {}", m.name, m.role))
                            }}</span>
                            <button type="button" class="at-button at-button--quiet" on:click=sign_out>"Sign out"</button>
                        }.into_any()
                    } else {
                        view! { <span class="at-header__state">"Not signed in"</span> }.into_any()
                    }}
                </div>
            </header>
            <div class="at-layout">
                <Sidebar open=menu_open on_navigate=Callback::new(move |()| set_menu_open.set(false))/>
                <main class="at-main" id="at-main">
                    <div class="at-banner at-banner--network" role="alert" hidden=move || !api.unreachable.get()
                        class=("at-banner--error", move || api.offline_as_of.with(Option::is_none))
                        class=("at-banner--warning", move || api.offline_as_of.with(Option::is_some))>
                        {move || match api.offline_as_of.get() {
                            Some(at) => format!(
                                "Offline · settings as of {}. Preview and tests answer from them; saving waits for the connection. Nothing you typed is lost. ",
                                super::kept::when(at)
                            ),
                            None => "The settings server cannot be reached. Saving waits for the connection; nothing you typed is lost. ".to_owned(),
                        }}
                        <button type="button" class="at-button" on:click=move |_| api.epoch.update(|e| *e += 1)>"Try again"</button>
                    </div>
                    {move || if !drawn.get() {
                        ().into_any()
                    } else if api.token.get().is_some() {
                        children.with_value(|c| c()).into_any()
                    } else {
                        view! { <SignIn/> }.into_any()
                    }}
                </main>
            </div>
            <super::feedback::ConfirmDialog question=asking detail=held confirm_label="Discard and sign out"
                on_confirm=Callback::new(move |()| sign_out_now()) on_cancel=Callback::new(move |()| asking.set(None))/>
            <super::feedback::Toaster/>
            <super::feedback::ListChangedDialog/>
            <Show when=move || api.needs_sign_in.get() && api.token.get().is_some()>
                <div class="at-dialog-backdrop">
                    <div class="at-dialog" role="dialog" aria-modal="true" aria-labelledby="at-signin-title">
                        <SignIn again=true/>
                    </div>
                </div>
            </Show>
        </div>
    }
}

/// Whether a part of the console opened as its own page may be drawn:
/// at the start, the router, the frame, the page and the sidebar each come
/// in a task of their own (in that order), not in one long task that holds
/// up input and paint. An embedding portal's console is drawn at once.
pub(crate) fn after_start() -> Signal<bool> {
    let drawn = RwSignal::new(use_context::<crate::OwnPage>().is_none());
    if !drawn.get_untracked() {
        set_timeout(move || drawn.set(true), std::time::Duration::ZERO);
    }
    drawn.into()
}

/// The frame the console's own page paints from its HTML while the module
/// loads (index.html). A frame alone goes now, as this one is drawn in the
/// same task. One holding the home page stays until this console has drawn
/// its page (the task after this one), and this one is hidden till then:
/// the two swap before the frame after that is painted, so none shows both
/// or a page without its content. Answers whether this one starts hidden.
fn replace_static_frame(root: NodeRef<leptos::html::Div>) -> bool {
    let Some(frame) = document().get_element_by_id("anytime-static-frame") else { return false };
    if frame.query_selector(".at-page").ok().flatten().is_none() {
        frame.remove();
        return false;
    }
    swap_when_drawn(root, 0);
    true
}

/// Before each frame is painted: once this console's page has its heading
/// (or after about two seconds whatever it has), the page's copy goes and
/// this console shows.
fn swap_when_drawn(root: NodeRef<leptos::html::Div>, frames: u32) {
    request_animation_frame(move || {
        let console = root.get_untracked();
        let drawn =
            console.as_ref().is_some_and(|c| c.query_selector(".at-main h1").ok().flatten().is_some());
        if !drawn && frames < 120 {
            swap_when_drawn(root, frames + 1);
            return;
        }
        let frame = document().get_element_by_id("anytime-static-frame");
        // Focus on one of the copy's links moves to the same link here, so
        // keyboard and screen-reader users keep their place.
        let focused =
            document().active_element().filter(|a| frame.as_ref().is_some_and(|f| f.contains(Some(a))));
        if let Some(frame) = frame {
            frame.remove();
        }
        if let Some(console) = console {
            let _ = console.remove_attribute("hidden");
            if let Some(focused) = focused {
                same_link_focused(&console, &focused);
            }
        }
    });
}

fn same_link_focused(console: &web_sys::HtmlDivElement, was: &web_sys::Element) {
    use wasm_bindgen::JsCast;
    let same = was
        .get_attribute("href")
        .and_then(|href| console.query_selector(&format!(".at-main a[href=\"{href}\"]")).ok().flatten())
        .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok());
    match same {
        Some(link) => {
            let _ = link.focus();
        }
        None => {
            focus_heading();
        }
    }
}

/// The page's heading in a console, not in the copy of the home page its
/// own page paints while it loads (a route change must not take that one
/// for the new page's).
const CONSOLE_HEADING: &str = ".anytime-console:not(#anytime-static-frame) .at-main h1";

/// The page's heading, focused (so a screen reader starts there).
pub(crate) fn focus_heading() -> bool {
    use wasm_bindgen::JsCast;
    let Some(heading) = document()
        .query_selector(CONSOLE_HEADING)
        .ok()
        .flatten()
        .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    let _ = heading.set_attribute("tabindex", "-1");
    let _ = heading.focus();
    true
}

/// After each route change: the browser tab names the page, and the focus
/// moves to the page's heading if it was left on the link that navigated
/// (or nowhere), so keyboard and screen-reader users start on the new page.
fn announce_pages() {
    let location = leptos_router::hooks::use_location();
    let first = StoredValue::new(true);
    // A portal's page keeps its own title.
    let own_page = use_context::<crate::OwnPage>().is_some();
    Effect::new(move |_| {
        // Read, not only tracked: a memo never read is never recomputed,
        // so it would not say it changed.
        let _path = location.pathname.get();
        let initial = first.get_value();
        first.set_value(false);
        let generation = ROUTE.with(|r| {
            r.set(r.get() + 1);
            r.get()
        });
        // Looked for once the router has drawn the new page.
        let s = Settle { attempt: 0, initial, own_page, generation };
        set_timeout(move || settle(s), std::time::Duration::from_millis(50));
    });
}

fn heading() -> Option<web_sys::Element> {
    document().query_selector(CONSOLE_HEADING).ok().flatten()
}

thread_local! {
    /// Bumped by each route change: a wait for an older page's heading stops.
    static ROUTE: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// The heading last named: an editor still loading shows the one of
    /// the page before it for a moment, and the new one is waited for.
    static DONE: std::cell::RefCell<Option<web_sys::Element>> = const { std::cell::RefCell::new(None) };
}

struct Settle {
    attempt: u32,
    initial: bool,
    own_page: bool,
    generation: u32,
}

/// Waits for the new page's heading (editors draw theirs once their object
/// is loaded), then names the tab and moves the focus.
fn settle(mut s: Settle) {
    if ROUTE.with(|r| r.get()) != s.generation {
        return;
    }
    let current =
        heading().filter(|h| DONE.with_borrow(|done| done.as_ref().is_none_or(|d| !d.is_same_node(Some(h)))));
    let Some(title) = current else {
        if s.attempt < 40 {
            s.attempt += 1;
            set_timeout(move || settle(s), std::time::Duration::from_millis(50));
        }
        return;
    };
    DONE.set(Some(title.clone()));
    if s.own_page {
        let words = title.text_content().unwrap_or_default();
        document().set_title(&format!("{} · Anytime settings", words.trim()));
    }
    let active = document().active_element();
    let left_behind = active.as_ref().is_none_or(|a| {
        a.tag_name().eq_ignore_ascii_case("body")
            || a.closest(".at-sidebar, .at-header").ok().flatten().is_some()
    });
    if !s.initial && left_behind {
        focus_heading();
    }
}
