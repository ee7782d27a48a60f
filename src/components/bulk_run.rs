//! Runs a bulk job off the page's thread: a module Web Worker
//! (`/bulk-worker.js`) evaluates it in slices and reports progress; Cancel
//! terminates the worker. Where no worker can start (a portal that did not
//! copy the script), the same job runs here in slices, yielding to the
//! browser between them, so the page still answers.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::bulk::{BulkAnswer, BulkRequest};

#[derive(Clone, Debug, PartialEq)]
pub enum RunState {
    Idle,
    Running { done: usize, total: usize },
    Done(Arc<BulkAnswer>),
    Failed(String),
}

impl RunState {
    pub fn running(&self) -> bool {
        matches!(self, RunState::Running { .. })
    }

    /// Progress in percent while running.
    pub fn percent(&self) -> Option<f64> {
        match self {
            RunState::Running { done, total } => Some(*done as f64 * 100.0 / (*total).max(1) as f64),
            _ => None,
        }
    }
}

/// The worker's message and error handlers, kept for as long as the worker
/// may call them and dropped when the next run replaces them (not from
/// inside themselves).
struct Handlers {
    _message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _error: Closure<dyn FnMut(web_sys::Event)>,
}

/// One runner per panel: a new run replaces the one under way.
#[derive(Clone, Copy)]
pub struct BulkRunner {
    pub state: RwSignal<RunState>,
    worker: StoredValue<Option<web_sys::Worker>, LocalStorage>,
    handlers: StoredValue<Option<Handlers>, LocalStorage>,
    /// Which run the messages are for (a replaced run's are ignored).
    run: StoredValue<u32>,
}

const WORKER_URL: &str = "/bulk-worker.js";
const SLICE: usize = 1000;

impl Default for BulkRunner {
    fn default() -> Self {
        Self::new()
    }
}

impl BulkRunner {
    /// A runner owned by the component being built (stopped with it).
    pub fn new() -> Self {
        let runner = BulkRunner {
            state: RwSignal::new(RunState::Idle),
            worker: StoredValue::new_local(None),
            handlers: StoredValue::new_local(None),
            run: StoredValue::new(0),
        };
        on_cleanup(move || {
            runner.stop();
            runner.handlers.try_set_value(None);
        });
        runner
    }

    fn stop(&self) {
        if let Some(w) = self.worker.try_update_value(Option::take).flatten() {
            // Nothing more reaches the handlers, which may then be dropped.
            w.set_onmessage(None);
            w.set_onerror(None);
            w.terminate();
        }
    }

    /// Stops the run under way; nothing it found is shown.
    pub fn cancel(&self) {
        self.stop();
        self.run.update_value(|r| *r += 1);
        self.state.set(RunState::Idle);
    }

    pub fn start(&self, request: BulkRequest) {
        self.stop();
        self.run.update_value(|r| *r += 1);
        let run = self.run.get_value();
        self.state.set(RunState::Running { done: 0, total: 0 });
        let Ok(json) = request.into_json() else {
            self.state.set(RunState::Failed("The request could not be prepared.".into()));
            return;
        };
        match self.spawn(run, &json) {
            Some(worker) => self.worker.set_value(Some(worker)),
            None => self.here(run, json),
        }
    }

    fn spawn(&self, run: u32, json: &str) -> Option<web_sys::Worker> {
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options(WORKER_URL, &options).ok()?;
        let this = *self;
        let request = json.to_owned();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if this.run.try_get_value() != Some(run) {
                return;
            }
            let data = e.data();
            let get = |k: &str| js_sys::Reflect::get(&data, &k.into()).ok().filter(|v| !v.is_undefined());
            if let Some(answer) = get("answer").and_then(|a| a.as_string()) {
                this.stop();
                this.state.set(match crate::api::read::<BulkAnswer>(&answer) {
                    Ok(a) => RunState::Done(Arc::new(a)),
                    Err(e) => RunState::Failed(format!("The answer could not be read: {e}")),
                });
            } else if let Some(error) = get("error").and_then(|e| e.as_string()) {
                this.stop();
                this.state.set(RunState::Failed(error));
            } else if let (Some(done), Some(total)) =
                (get("done").and_then(|d| d.as_f64()), get("total").and_then(|t| t.as_f64()))
            {
                this.state.set(RunState::Running { done: done as usize, total: total as usize });
            }
        });
        // The script did not load (a portal without it): run here instead.
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            e.prevent_default();
            if this.run.try_get_value() != Some(run) {
                return;
            }
            this.stop();
            this.here(run, request.clone());
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // The previous run's handlers go here (its worker was stopped).
        self.handlers.set_value(Some(Handlers { _message: on_message, _error: on_error }));
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"id".into(), &JsValue::from(run));
        let _ = js_sys::Reflect::set(&message, &"request".into(), &JsValue::from_str(json));
        worker.post_message(&message).ok()?;
        Some(worker)
    }

    /// The same job on this thread, a slice at a time.
    fn here(&self, run: u32, request: String) {
        let this = *self;
        leptos::task::spawn_local(async move {
            let started = js_sys::Date::now();
            let job = crate::bulk::start(request).await;
            // Fetching the engine's module takes a while: a run cancelled or
            // replaced meanwhile must not be answered by this one.
            if this.run.try_get_value() != Some(run) {
                return;
            }
            let mut job = match job {
                Ok(j) => j,
                Err(e) => return this.state.set(RunState::Failed(e.0)),
            };
            let total = job.total();
            while job.done() < total {
                let done = job.step(SLICE);
                if this.run.try_get_value() != Some(run) {
                    return;
                }
                this.state.set(RunState::Running { done, total });
                yield_to_browser().await;
            }
            if this.run.try_get_value() == Some(run) {
                this.state.set(RunState::Done(Arc::new(job.finish(js_sys::Date::now() - started))));
            }
        });
    }
}

/// Yields to the browser once (a zero-delay timer), so it can paint and
/// take input.
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The progress bar and Cancel of a run under way.
#[component]
pub fn RunProgress(runner: BulkRunner, #[prop(into)] label: String) -> impl IntoView {
    let state = runner.state;
    let running = move || state.with(RunState::running);
    let words = move || match state.get() {
        RunState::Running { done, total } if total > 0 => {
            format!(
                "{} of {} conversations…",
                crate::format::count(done as u64),
                crate::format::count(total as u64)
            )
        }
        _ => "Preparing the conversations…".to_owned(),
    };
    view! {
        <Show when=running>
            <div class="at-progress" role="group" aria-label=label.clone()>
                <progress class="at-progress__bar" max="100" aria-label=label.clone()
                    value=move || state.with(|s| s.percent().unwrap_or(0.0).round().to_string())></progress>
                <span class="at-progress__words">{words}</span>
                <button type="button" class="at-button" on:click=move |_| runner.cancel()>"Cancel"</button>
            </div>
        </Show>
    }
}
