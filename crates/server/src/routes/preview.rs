//! `POST api/v3/anytime/preview` (contract §10): what the saved settings, or
//! settings given in the body, would do to a sample conversation. The
//! answer is the core engine's `Outcome`, exactly as the browser computes it.
//! `preview/impact` (contract §13) compares a draft with the saved settings
//! over many conversations, as the console's "What changes?" panel does.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;

use anytime_core::date::DateTime;
use anytime_core::engine::clock::Zones;
use anytime_core::engine::corpus::{self, Generated};
use anytime_core::engine::impact::{DEFAULT_CHANGED_LISTED, MAX_CHANGED_LISTED};
use anytime_core::engine::{Draft, Evaluator, Impact, Outcome, Sample, Settings, Summary};

use super::{Endpoint, Routes};
use crate::error::{AppError, AppResult};
use crate::http::ApiJson;
use crate::openapi::{one, op, Body::*, Reply};
use crate::snapshot;
use crate::state::AppState;

/// A sample, and settings to evaluate instead of the saved ones (a
/// draft). Read by hand: `#[serde(flatten)]` would read the sample
/// leniently and lose its paths.
struct PreviewRequest {
    settings: Option<Settings>,
    sample: Sample,
}

impl<'de> Deserialize<'de> for PreviewRequest {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use anytime_core::decode::nested;
        let mut map = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        let settings = match map.remove("settings") {
            Some(serde_json::Value::Null) | None => None,
            Some(v) => Some(nested(&v, "settings")?),
        };
        let sample = nested(&serde_json::Value::Object(map), "")?;
        Ok(PreviewRequest { settings, sample })
    }
}

/// Body of `POST preview`: a sample, and settings to use instead of the saved ones.
/// (How `PreviewRequest` reads, for the OpenAPI document.)
#[derive(schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct PreviewBody {
    settings: Option<Settings>,
    #[serde(flatten)]
    sample: Sample,
}

/// Body of `POST preview/bulk`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
struct BulkRequest {
    #[serde(default)]
    settings: Option<Settings>,
    samples: Vec<Sample>,
}

/// Body of `POST preview/impact`: the draft, and the conversations to try
/// it on — given, or generated (the console's corpus, by count and seed).
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
struct ImpactRequest {
    /// What the draft is compared with; the stored settings when absent.
    #[serde(default)]
    saved: Option<Settings>,
    /// A whole settings document, or `{kind, object}` standing in for its stored version.
    draft: Draft,
    #[serde(default)]
    samples: Option<Vec<Sample>>,
    #[serde(default)]
    generate: Option<Generated>,
    /// How many changed conversations to list (0–1000; 100 when absent).
    #[serde(default)]
    #[schemars(range(min = 0, max = 1000))]
    limit: Option<usize>,
}

/// The settings given, or the stored ones; without a directory of their
/// own, the server's.
fn settings(state: &AppState, given: Option<Settings>) -> AppResult<Settings> {
    let mut settings = match given {
        Some(s) => s,
        None => state.read(|tx| snapshot::settings(tx, state))?,
    };
    if settings.agents.is_empty() && settings.departments.is_empty() {
        settings.agents = state.directory.agents.clone();
        settings.departments = state.directory.departments.clone();
    }
    Ok(settings)
}

fn evaluator(state: &AppState, given: Option<Settings>) -> AppResult<Evaluator> {
    Ok(Evaluator::compile(&settings(state, given)?, &Zones::new()))
}

fn ready(mut sample: Sample, path: &str) -> AppResult<Sample> {
    sample.validate().map_err(|e| {
        let mut prefixed = anytime_core::ValidationErrors::default();
        for f in e.0 {
            prefixed.add(if path.is_empty() { f.field } else { format!("{path}.{}", f.field) }, f.message);
        }
        AppError::Invalid(prefixed)
    })?;
    if sample.at.is_none() {
        sample.at = Some(crate::now_utc());
    }
    Ok(sample)
}

async fn preview(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<PreviewRequest>,
) -> AppResult<Json<Outcome>> {
    let sample = ready(request.sample, "")?;
    Ok(Json(evaluator(&state, request.settings)?.preview(&sample)))
}

/// Many samples at once, answered with counts.
async fn preview_many(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<BulkRequest>,
) -> AppResult<Json<Summary>> {
    let samples = request
        .samples
        .into_iter()
        .enumerate()
        .map(|(i, s)| ready(s, &format!("samples[{i}]")))
        .collect::<AppResult<Vec<_>>>()?;
    Ok(Json(evaluator(&state, request.settings)?.preview_many(&samples)))
}

fn invalid(path: &str, message: String) -> AppError {
    let mut e = anytime_core::ValidationErrors::default();
    e.add(path, message);
    AppError::Invalid(e)
}

/// The conversations an impact request names, made ready (a missing `at`
/// is now).
fn corpus_of(request: &mut ImpactRequest, saved: &Settings, draft: &Settings) -> AppResult<Vec<Sample>> {
    match (request.samples.take(), &request.generate) {
        (Some(_), Some(_)) => Err(invalid("generate", "Give samples or generate, not both.".into())),
        (None, None) => Err(invalid("samples", "Give the samples, or generate: {count, seed}.".into())),
        (Some(samples), None) => {
            samples.into_iter().enumerate().map(|(i, s)| ready(s, &format!("samples[{i}]"))).collect()
        }
        (None, Some(g)) => {
            if !(1..=corpus::MAX_GENERATED).contains(&g.count) {
                return Err(invalid(
                    "generate.count",
                    format!("Generate 1 to {} conversations, not {}.", corpus::MAX_GENERATED, g.count),
                ));
            }
            let start = match &g.start {
                None => corpus::week_start(
                    DateTime::parse(&crate::now_utc()).map(|d| d.unix_seconds()).unwrap_or_default(),
                ),
                Some(t) => DateTime::parse(t).map(|d| d.unix_seconds()).ok_or_else(|| {
                    invalid("generate.start", format!("'{t}' is not a time like 2026-12-07T00:00:00Z."))
                })?,
            };
            Ok(corpus::generate_for(saved, draft, g.count, start, g.seed))
        }
    }
}

/// A draft against the saved settings, over many conversations.
async fn impact(
    State(state): State<AppState>,
    ApiJson(mut request): ApiJson<ImpactRequest>,
) -> AppResult<Json<Impact>> {
    let limit = request.limit.unwrap_or(DEFAULT_CHANGED_LISTED);
    if limit > MAX_CHANGED_LISTED {
        return Err(invalid("limit", format!("List at most {MAX_CHANGED_LISTED} changed conversations.")));
    }
    let saved = settings(&state, request.saved.take())?;
    request.draft.check(&saved).under("draft").into_result().map_err(AppError::Invalid)?;
    let draft = request.draft.settings(&saved);
    let generated = request.generate.is_some();
    let samples = corpus_of(&mut request, &saved, &draft)?;
    // Two evaluations of up to 100,000 conversations: off the async workers.
    tokio::task::spawn_blocking(move || {
        let zones = Zones::new();
        let (before, after) = (Evaluator::compile(&saved, &zones), Evaluator::compile(&draft, &zones));
        // Bounded work: a request may not buy minutes of CPU with huge
        // settings times many conversations (the heavy benchmark, 823
        // conditions over 100,000, is well inside).
        let work = samples.len() as u64 * (before.condition_count() + after.condition_count() + 2) as u64;
        if work > MAX_IMPACT_WORK {
            return Err(invalid(
                if generated { "generate.count" } else { "samples" },
                format!(
                    "That is {work} condition tests; at most {MAX_IMPACT_WORK} per request. Use fewer conversations or compare smaller settings."
                ),
            ));
        }
        Ok(anytime_core::engine::impact(&before, &after, &samples, limit))
    })
    .await
    .map_err(|e| AppError::Internal(format!("impact: {e}")))?
    .map(Json)
}

/// Condition tests one impact request may cost (conversations × both
/// sides' conditions): about 4 s of one core in a release build.
const MAX_IMPACT_WORK: u64 = 400_000_000;

pub fn router() -> Routes {
    Routes::new()
        .one(Endpoint::at("preview").post(
            preview,
            op(
                "What the saved (or given) settings do to a sample conversation",
                Req(one::<PreviewBody>),
                Reply::Json(200, one::<Outcome>),
            ),
        ))
        .one(Endpoint::at("preview/bulk").post(
            preview_many,
            op(
                "Preview many samples; answers with counts",
                Req(one::<BulkRequest>),
                Reply::Json(200, one::<Summary>),
            ),
        ))
        .one(Endpoint::at("preview/impact").post(
            impact,
            op(
                "What saving a draft would change, over many conversations (contract §13)",
                Req(one::<ImpactRequest>),
                Reply::Json(200, one::<Impact>),
            ),
        ))
}
