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
use crate::audit::Role;
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

/// The conversations an impact request names: given (made ready: a
/// missing `at` is now), or what to generate (count and start), checked.
enum Corpus {
    Given(Vec<Sample>),
    Generate { count: usize, start: i64, seed: u64 },
}

fn corpus_of(request: &mut ImpactRequest) -> AppResult<Corpus> {
    match (request.samples.take(), &request.generate) {
        (Some(_), Some(_)) => Err(invalid("generate", "Give samples or generate, not both.".into())),
        (None, None) => Err(invalid("samples", "Give the samples, or generate: {count, seed}.".into())),
        (Some(samples), None) => samples
            .into_iter()
            .enumerate()
            .map(|(i, s)| ready(s, &format!("samples[{i}]")))
            .collect::<AppResult<_>>()
            .map(Corpus::Given),
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
            Ok(Corpus::Generate { count: g.count, start, seed: g.seed })
        }
    }
}

/// Work one impact request may cost (conversations × both sides' cost per
/// conversation: condition tests, expression references, objects): about
/// 4 s of one core in a release build. The heavy benchmark (200 rules, 50
/// triggers, 20 policies over 100,000) is well inside.
const MAX_IMPACT_WORK: u64 = 400_000_000;
/// Field values one request may have generated (conversations × fields):
/// a bound on memory, whatever the settings hold.
const MAX_GENERATED_VALUES: u64 = 5_000_000;
/// What the listed conversations may cost together (their count × the
/// cost per conversation): the answer stays a few MB at most.
const MAX_LISTED_COST: usize = 2_000_000;
/// Impact runs at once; more wait their turn rather than share the cores.
static IMPACT_RUNS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

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
    let corpus = corpus_of(&mut request)?;
    let _turn = IMPACT_RUNS.acquire().await.map_err(|e| AppError::Internal(format!("impact: {e}")))?;
    // Compiling, generating and two evaluations of up to 100,000
    // conversations: off the async workers, and only once the work is known
    // to be bounded.
    tokio::task::spawn_blocking(move || {
        let zones = Zones::new();
        let (before, after) = (Evaluator::compile(&saved, &zones), Evaluator::compile(&draft, &zones));
        let (count, path) = match &corpus {
            Corpus::Given(s) => (s.len() as u64, "samples"),
            Corpus::Generate { count, .. } => (*count as u64, "generate.count"),
        };
        let work = count.saturating_mul((before.cost_per_conversation() + after.cost_per_conversation()) as u64);
        let values = count.saturating_mul(draft.fields.len() as u64 + 2);
        if work > MAX_IMPACT_WORK || (matches!(corpus, Corpus::Generate { .. }) && values > MAX_GENERATED_VALUES) {
            return Err(invalid(
                path,
                format!(
                    "That is too much work for one request ({count} conversations over settings this large). Use fewer conversations or compare smaller settings."
                ),
            ));
        }
        let samples = match corpus {
            Corpus::Given(s) => s,
            Corpus::Generate { count, start, seed } => corpus::generate_for(&saved, &draft, count, start, seed),
        };
        // The answer's size is bounded too: each listed conversation carries
        // both sides' digests, which grow with the settings.
        let per_listed = (before.cost_per_conversation() + after.cost_per_conversation()).max(1);
        let limit = limit.min(MAX_LISTED_COST / per_listed);
        Ok(anytime_core::engine::impact(&before, &after, &samples, limit))
    })
    .await
    .map_err(|e| AppError::Internal(format!("impact: {e}")))?
    .map(Json)
}

pub fn router() -> Routes {
    Routes::new()
        .one(Endpoint::at("preview").writes(Role::Viewer).post(
            preview,
            op(
                "What the saved (or given) settings do to a sample conversation",
                Req(one::<PreviewBody>),
                Reply::Json(200, one::<Outcome>),
            ),
        ))
        .one(Endpoint::at("preview/bulk").writes(Role::Viewer).post(
            preview_many,
            op(
                "Preview many samples; answers with counts",
                Req(one::<BulkRequest>),
                Reply::Json(200, one::<Summary>),
            ),
        ))
        .one(Endpoint::at("preview/impact").writes(Role::Viewer).post(
            impact,
            op(
                "What saving a draft would change, over many conversations (contract §13)",
                Req(one::<ImpactRequest>),
                Reply::Json(200, one::<Impact>),
            ),
        ))
}
