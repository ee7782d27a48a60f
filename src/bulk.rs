//! Many conversations at once, evaluated in slices: Preview's bulk run
//! (a summary) and the "What changes?" panels (the saved settings against
//! a draft). The job is plain Rust — tested natively — and runs in a Web
//! Worker (`js/bulk-worker.js`, through [`worker`]) so the page never
//! freezes; the page sends a [`BulkRequest`] as JSON and hears progress.

use serde::{Deserialize, Serialize};

use anytime_core::engine::clock::Zones;
use anytime_core::engine::corpus;
use anytime_core::engine::impact::{Impact, Tally};
use anytime_core::engine::{Bulk, Counter, Evaluator, Sample, Settings, Summary};

/// The conversations to evaluate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "from")]
pub enum Corpus {
    /// The core's generator: the same conversations for the same numbers.
    Generated { count: usize, seed: u64, start: i64 },
    /// A JSON or CSV file's text, read by the core.
    File { name: String, text: String },
    /// Samples at hand (those kept on the Preview page).
    Samples { samples: Vec<Sample> },
}

/// What the page asks of a job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BulkRequest {
    pub saved: Settings,
    /// Compared with `saved` when given; otherwise `saved` is summarised.
    pub draft: Option<Settings>,
    pub corpus: Corpus,
    /// "Now" for samples without `at` (RFC 3339).
    pub now: String,
    /// Time-zone rules the settings need (name, TZif bytes): the browser
    /// has no bundled database.
    #[serde(default)]
    pub zones: Vec<(String, Vec<u8>)>,
    #[serde(default)]
    pub limit: usize,
}

impl BulkRequest {
    /// The request as JSON for the worker. A file's text (up to a million
    /// samples, hundreds of MB) is moved into the JSON tree, not copied
    /// into it as serializing the request would.
    pub fn into_json(mut self) -> serde_json::Result<String> {
        let text = match &mut self.corpus {
            Corpus::File { text, .. } => std::mem::take(text),
            _ => String::new(),
        };
        let mut value = serde_json::to_value(&self)?;
        if let Some(slot) = value.pointer_mut(FILE_TEXT) {
            *slot = serde_json::Value::String(text);
        }
        Ok(value.to_string())
    }

    /// [`BulkRequest::into_json`] read back; the file's text is moved out
    /// of the parsed tree before the rest is read, again not copied.
    pub fn from_json(json: &str) -> Result<BulkRequest, anytime_core::decode::DecodeError> {
        let mut value = crate::api::parse_given(json)?;
        let text = value.pointer_mut(FILE_TEXT).map(|t| std::mem::replace(t, String::new().into()));
        let mut request: BulkRequest = anytime_core::decode::from_value(&value)?;
        if let (Corpus::File { text: slot, .. }, Some(serde_json::Value::String(text))) =
            (&mut request.corpus, text)
        {
            *slot = text;
        }
        Ok(request)
    }
}

/// Where a file's text sits in a request's JSON.
const FILE_TEXT: &str = "/corpus/text";

/// What a finished job answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum BulkAnswer {
    Summary {
        summary: Summary,
        millis: f64,
    },
    Impact {
        impact: Impact,
        /// The listed changed conversations themselves, in the list's order
        /// (to open one in Preview).
        samples: Vec<Sample>,
        millis: f64,
        /// Why parts of either side could not take effect (a zone's rules
        /// not at hand: times in UTC).
        #[serde(default)]
        problems: Vec<String>,
    },
}

/// A job under way.
pub struct BulkJob {
    before: Evaluator,
    after: Option<Evaluator>,
    samples: Vec<Sample>,
    next: usize,
    summary: Summary,
    tally: Tally,
}

impl BulkJob {
    /// Reads the corpus and compiles both sides once; a file that cannot
    /// be read answers where it is wrong.
    pub fn new(request: BulkRequest) -> Result<BulkJob, String> {
        let mut zones = Zones::new();
        for (name, tzif) in &request.zones {
            let _ = zones.insert_tzif(name, tzif);
        }
        let mut samples = match request.corpus {
            Corpus::Generated { count, seed, start } => {
                if !(1..=corpus::MAX_SAMPLES).contains(&count) {
                    return Err(format!(
                        "Generate 1 to {} conversations.",
                        crate::format::count(corpus::MAX_SAMPLES as u64)
                    ));
                }
                match &request.draft {
                    Some(draft) => corpus::generate_for(&request.saved, draft, count, start, seed),
                    None => corpus::generate(&request.saved, count, start, seed),
                }
            }
            Corpus::File { name, text } => {
                corpus::read_samples(&text).map_err(|e| format!("'{name}': {e}"))?
            }
            Corpus::Samples { samples } if samples.is_empty() => {
                return Err("No samples are kept yet: keep some on the Preview page.".into())
            }
            Corpus::Samples { samples } => samples,
        };
        for s in &mut samples {
            if s.at.is_none() {
                s.at = Some(request.now.clone());
            }
        }
        Ok(BulkJob {
            before: Evaluator::compile(&request.saved, &zones),
            after: request.draft.as_ref().map(|d| Evaluator::compile(d, &zones)),
            samples,
            next: 0,
            summary: Summary::default(),
            tally: Tally::new(request.limit),
        })
    }

    pub fn total(&self) -> usize {
        self.samples.len()
    }

    pub fn done(&self) -> usize {
        self.next
    }

    /// Evaluates up to `n` more conversations; answers how many are done.
    pub fn step(&mut self, n: usize) -> usize {
        let end = self.next.saturating_add(n).min(self.samples.len());
        // Runners per slice: they borrow the evaluators this job owns.
        let mut before = Bulk::new(&self.before);
        let mut after = self.after.as_ref().map(Bulk::new);
        let mut counter = Counter::default();
        for (i, s) in self.samples.iter().enumerate().take(end).skip(self.next) {
            match &mut after {
                Some(after) => self.tally.add(i as u64, before.run(s), after.run(s)),
                None => counter.add(before.run(s)),
            }
        }
        counter.add_to(&mut self.summary);
        self.next = end;
        end
    }

    /// The answer (evaluating what is left first).
    pub fn finish(mut self, millis: f64) -> BulkAnswer {
        self.step(usize::MAX);
        match self.after {
            None => BulkAnswer::Summary { summary: self.summary, millis },
            Some(after) => {
                let impact = self.tally.finish();
                let samples = impact.samples.iter().map(|c| self.samples[c.index as usize].clone()).collect();
                let mut problems = self.before.problems.clone();
                problems.extend(after.problems.iter().filter(|p| !self.before.problems.contains(p)).cloned());
                BulkAnswer::Impact { impact, samples, millis, problems }
            }
        }
    }
}

/// A job as the page or the worker holds it: behind a trait object made in
/// [`start_job`], so nothing of the engine is reachable from the shell or a
/// page's module except through it.
pub trait Job {
    fn total(&self) -> usize;
    fn done(&self) -> usize;
    fn step(&mut self, n: usize) -> usize;
    fn finish(self: Box<Self>, millis: f64) -> BulkAnswer;
    /// The answer as JSON (what the worker posts).
    fn finish_json(self: Box<Self>, millis: f64) -> String;
}

impl Job for BulkJob {
    fn total(&self) -> usize {
        BulkJob::total(self)
    }

    fn done(&self) -> usize {
        BulkJob::done(self)
    }

    fn step(&mut self, n: usize) -> usize {
        BulkJob::step(self, n)
    }

    fn finish(self: Box<Self>, millis: f64) -> BulkAnswer {
        BulkJob::finish(*self, millis)
    }

    fn finish_json(self: Box<Self>, millis: f64) -> String {
        serde_json::to_string(&BulkJob::finish(*self, millis)).unwrap_or_default()
    }
}

/// Reads a request's JSON and compiles its job. In the release build the
/// bulk engine is a module of its own, fetched by the first bulk run (in
/// the worker, or on the page where no worker starts) rather than with the
/// console or a page.
#[cfg_attr(anytime_split, leptos::wasm_split::wasm_split(bulk, wasm_split_path = ::leptos::wasm_split, fallible))]
pub fn start_job(request: String) -> Result<Box<dyn Job>, JobError> {
    let request = BulkRequest::from_json(&request).map_err(|e| JobError(e.to_string()))?;
    Ok(Box::new(BulkJob::new(request).map_err(JobError)?) as Box<dyn Job>)
}

/// [`start_job`], awaited where the release build splits it off (its
/// module fetched first) and called at once where it does not.
pub async fn start(request: String) -> Result<Box<dyn Job>, JobError> {
    #[cfg(anytime_split)]
    return start_job(request).await;
    #[cfg(not(anytime_split))]
    return start_job(request);
}

/// Why a job did not start, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobError(pub String);

#[cfg(anytime_split)]
impl From<leptos::wasm_split::SplitLoaderError> for JobError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        JobError(format!(
            "The engine for many conversations could not be fetched: {}. Try again when the server can be reached.",
            crate::NotLoaded
        ))
    }
}

/// The worker's side: `js/bulk-worker.js` drives a job through these.
#[cfg(target_arch = "wasm32")]
pub mod worker {
    use wasm_bindgen::prelude::*;

    /// A job in the worker: made from the request's JSON, stepped, finished.
    #[wasm_bindgen]
    pub struct BulkWorkerJob {
        job: Option<Box<dyn super::Job>>,
    }

    #[wasm_bindgen]
    impl BulkWorkerJob {
        /// `await BulkWorkerJob.start(json)`: the engine's module may have
        /// to be fetched first.
        pub async fn start(request: String) -> Result<BulkWorkerJob, JsError> {
            let job = super::start(request).await.map_err(|e| JsError::new(&e.0))?;
            Ok(BulkWorkerJob { job: Some(job) })
        }

        #[wasm_bindgen(getter)]
        pub fn total(&self) -> usize {
            self.job.as_ref().map_or(0, |j| j.total())
        }

        /// Evaluates up to `n` more; answers how many are done.
        pub fn step(&mut self, n: usize) -> usize {
            self.job.as_mut().map_or(0, |j| j.step(n))
        }

        /// The answer as JSON.
        pub fn finish(&mut self, millis: f64) -> String {
            self.job.take().map(|j| j.finish_json(millis)).unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anytime_core::engine::impact;

    fn settings() -> Settings {
        serde_json::from_value(serde_json::json!({
            "triggers": [{"id": "t", "description": "Refunds", "enable": true, "event": 1,
                          "conditions": [{"fieldId": "subject", "matchType": "contains", "value": "refund"}]}]
        }))
        .unwrap()
    }

    fn request(draft: Option<Settings>, corpus: Corpus) -> BulkRequest {
        BulkRequest {
            saved: settings(),
            draft,
            corpus,
            now: "2026-12-07T10:00:00Z".into(),
            zones: Vec::new(),
            limit: 2,
        }
    }

    #[test]
    fn slices_add_up_to_the_cores_impact_and_summary() {
        let mut off = settings();
        off.triggers[0].enable = false;
        let generated = Corpus::Generated { count: 1_000, seed: 5, start: 1_796_000_000 };
        let mut job = BulkJob::new(request(Some(off.clone()), generated.clone())).unwrap();
        assert_eq!(job.total(), 1_000);
        assert_eq!((job.step(300), job.step(300), job.done()), (300, 600, 600));
        let BulkAnswer::Impact { impact: got, samples, .. } = job.finish(1.0) else { panic!() };
        let corpus = corpus::generate_for(&settings(), &off, 1_000, 1_796_000_000, 5);
        let zones = Zones::new();
        let want = impact::impact(
            &Evaluator::compile(&settings(), &zones),
            &Evaluator::compile(&off, &zones),
            &corpus,
            2,
        );
        assert_eq!(got, want);
        assert!(got.changed > 0 && samples.len() == 2);
        assert_eq!(samples[0], corpus[got.samples[0].index as usize]);

        let BulkAnswer::Summary { summary, .. } = BulkJob::new(request(None, generated)).unwrap().finish(1.0)
        else {
            panic!()
        };
        assert_eq!(summary, Evaluator::compile(&settings(), &zones).preview_many(&corpus));
    }

    #[test]
    fn files_and_kept_samples_are_corpora_and_say_what_is_wrong() {
        let file = |text: &str| Corpus::File { name: "s.csv".into(), text: text.into() };
        let job = BulkJob::new(request(None, file("subject\nRefund\nHello\n"))).unwrap();
        assert_eq!(job.total(), 2);
        // Samples without `at` happen now.
        assert_eq!(job.samples[0].at.as_deref(), Some("2026-12-07T10:00:00Z"));
        assert_eq!(
            BulkJob::new(request(None, file("subject,at\nx,soon\n"))).err().unwrap(),
            "'s.csv': Sample 1 (line 2) is not usable — at: 'soon' is not a time like 2026-12-01T09:30:00Z."
        );
        let none = BulkJob::new(request(None, Corpus::Samples { samples: Vec::new() })).err().unwrap();
        assert!(none.starts_with("No samples are kept yet"));
        let too_many = Corpus::Generated { count: 2_000_000, seed: 1, start: 0 };
        assert_eq!(
            BulkJob::new(request(None, too_many)).err().unwrap(),
            "Generate 1 to 1,000,000 conversations."
        );
        // The request goes to the worker as JSON and comes back the same,
        // a file's text too (a NUL in it read as U+FFFD, as in any reply).
        let r = request(Some(settings()), Corpus::Generated { count: 3, seed: 1, start: 0 });
        assert_eq!(BulkRequest::from_json(&r.clone().into_json().unwrap()).unwrap(), r);
        let r = request(None, file("subject\n\"Quokka\"\n"));
        let json = r.clone().into_json().unwrap();
        assert_eq!(json.matches("Quokka").count(), 1, "the text once: {json}");
        assert_eq!(BulkRequest::from_json(&json).unwrap(), r);
        let nul =
            BulkRequest::from_json(&request(None, file("subject\nA\0B\n")).into_json().unwrap()).unwrap();
        assert_eq!(nul.corpus, file("subject\nA\u{fffd}B\n"));
    }
}
