//! `POST api/v3/anytime/preview` (contract §10): what the saved settings, or
//! settings given in the body, would do to a sample conversation. The
//! answer is the core engine's `Outcome`, exactly as the browser computes it.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;

use anytime_core::engine::clock::Zones;
use anytime_core::engine::{Evaluator, Outcome, Sample, Settings, Summary};

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

fn evaluator(state: &AppState, given: Option<Settings>) -> AppResult<Evaluator> {
    let mut settings = match given {
        Some(s) => s,
        None => state.read(|tx| snapshot::settings(tx, state))?,
    };
    // A draft without its own directory uses the server's.
    if settings.agents.is_empty() && settings.departments.is_empty() {
        settings.agents = state.directory.agents.clone();
        settings.departments = state.directory.departments.clone();
    }
    Ok(Evaluator::compile(&settings, &Zones::new()))
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
}
