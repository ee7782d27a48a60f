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

/// A JSON body whose rejections are problem JSON (400 with the serde
/// message and path, 413, 415).
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let Json(value) = Json::<T>::from_request(req, state).await?;
        Ok(ApiJson(value))
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
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if inner.is_data() {
                AppError::BadRequest(format!("A value has the wrong JSON type: {path}: {inner}"))
            } else {
                AppError::BadRequest(format!("The body is not valid JSON: {inner}"))
            }
        })?;
        Ok(OptionalJson(Some(value)))
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
            Some(v) => v
                .to_str()
                .map(|s| IfMatch(Some(s.to_owned())))
                .map_err(|_| AppError::BadRequest("The If-Match header is not readable text.".into())),
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

pub fn no_content() -> StatusCode {
    StatusCode::NO_CONTENT
}
