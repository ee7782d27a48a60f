//! Request and response helpers shared by every route module.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::{ETAG, IF_MATCH};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{from_bytes_rejection, AppError};
use crate::store::Stored;

/// A JSON body read strictly by the core's reader (objects only where
/// objects belong, no NUL, the path of what is wrong), with its rejections
/// as problem JSON: 400 with the path, 413, 415.
pub struct ApiJson<T>(pub T);

/// Whether the request says its body is JSON (`application/json` or
/// `application/…+json`, parameters allowed).
fn is_json(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let mime = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
}

/// Reads a JSON body already in memory.
pub fn decode_body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    anytime_core::decode::from_slice(bytes).map_err(AppError::from)
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        if !is_json(req.headers()) {
            return Err(AppError::UnsupportedMediaType(
                "Send the body as JSON with 'Content-Type: application/json'.".into(),
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(from_bytes_rejection)?;
        decode_body(&bytes).map(ApiJson)
    }
}

/// A JSON body that may be absent (e.g. the account test's unsaved settings).
pub struct OptionalJson<T>(pub Option<T>);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for OptionalJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let bytes = Bytes::from_request(req, state).await.map_err(from_bytes_rejection)?;
        let text = bytes.trim_ascii();
        if text.is_empty() || text == b"null" {
            return Ok(OptionalJson(None));
        }
        decode_body(&bytes).map(|v| OptionalJson(Some(v)))
    }
}

/// A query string whose rejections are problem JSON.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| ApiQuery(q.0))
            .map_err(|e| AppError::BadRequest(format!("The query string is not valid: {}", e.body_text())))
    }
}

/// The `If-Match` header, if sent.
pub struct IfMatch(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        match parts.headers.get(IF_MATCH) {
            None => Ok(IfMatch(None)),
            Some(v) => match v.to_str() {
                // An empty one says nothing: as if absent.
                Ok(s) if s.trim().is_empty() => Ok(IfMatch(None)),
                Ok(s) => Ok(IfMatch(Some(s.to_owned()))),
                Err(_) => Err(AppError::BadRequest("The If-Match header is not readable text.".into())),
            },
        }
    }
}

impl IfMatch {
    pub fn as_deref(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

/// One object with its `ETag` header.
pub struct Tagged<T>(pub Stored<T>);

impl<T: Serialize> IntoResponse for Tagged<T> {
    fn into_response(self) -> Response {
        let mut response = Json(self.0.value).into_response();
        if let Ok(v) = self.0.etag.parse() {
            response.headers_mut().insert(ETAG, v);
        }
        response
    }
}

/// Like [`Tagged`] with `201 Created`.
pub struct Created<T>(pub Stored<T>);

impl<T: Serialize> IntoResponse for Created<T> {
    fn into_response(self) -> Response {
        let mut response = Tagged(self.0).into_response();
        *response.status_mut() = StatusCode::CREATED;
        response
    }
}

/// A list: a bare JSON array of the values.
pub fn list<T: Serialize>(items: Vec<Stored<T>>) -> Json<Vec<T>> {
    Json(items.into_iter().map(|s| s.value).collect())
}

/// The response header that carries a list's new ETag after a write to one
/// of its members, so a console can keep acting on the list without
/// loading it again.
pub const LIST_ETAG: &str = "anytime-list-etag";

/// The response header with how many a shortened list (`?limit=`) was
/// taken from.
pub const TOTAL: &str = "anytime-total";

/// A whole list with its ETag (in `ETag`, as for any representation).
pub struct TaggedList<T>(pub Vec<T>, pub String);

impl<T: Serialize> TaggedList<T> {
    pub fn of(items: Vec<Stored<T>>, etag: String) -> Self {
        TaggedList(items.into_iter().map(|s| s.value).collect(), etag)
    }
}

impl<T: Serialize> IntoResponse for TaggedList<T> {
    fn into_response(self) -> Response {
        let mut response = Json(self.0).into_response();
        if let Ok(v) = self.1.parse::<axum::http::HeaderValue>() {
            response.headers_mut().insert(ETAG, v.clone());
            response.headers_mut().insert(LIST_ETAG, v);
        }
        response
    }
}

/// What a write of one member changed, as response headers: the member's
/// new `ETag` (when it still exists) and its list's.
pub struct Written {
    pub etag: Option<String>,
    pub list: Option<String>,
}

impl axum::response::IntoResponseParts for Written {
    type Error = std::convert::Infallible;

    fn into_response_parts(
        self,
        mut parts: axum::response::ResponseParts,
    ) -> Result<axum::response::ResponseParts, Self::Error> {
        if let Some(v) = self.etag.and_then(|e| e.parse().ok()) {
            parts.headers_mut().insert(ETAG, v);
        }
        if let Some(v) = self.list.and_then(|e| e.parse().ok()) {
            parts.headers_mut().insert(LIST_ETAG, v);
        }
        Ok(parts)
    }
}
