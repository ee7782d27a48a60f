//! One error type for every handler, answered as RFC 9457 problem JSON
//! (`application/problem+json`). Internal details are logged, never sent.

use axum::extract::rejection::{BytesRejection, JsonRejection};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use anytime_core::{FieldError, ValidationErrors};

#[derive(Debug)]
pub enum AppError {
    /// Malformed JSON or a value of the wrong JSON type.
    BadRequest(String),
    /// A body of the wrong shape: the detail and the path it is about.
    Malformed(String, ValidationErrors),
    /// Too many failed sign-ins from one address; retry after the seconds.
    TooManyRequests(u64),
    /// Too many of one costly thing at once: what, and the seconds to wait.
    Busy(String, u64),
    Unauthorized,
    /// A token that is refused for a reason worth saying (revoked, an
    /// expired or badly signed portal token).
    SignInRefused(String),
    /// Signed in, but the role is below the one needed.
    Forbidden {
        needed: crate::audit::Role,
        have: crate::audit::Role,
    },
    NotFound(String),
    /// Duplicate, in use, or a system field.
    Conflict(String),
    /// A duplicate, said on the field that repeats another object's.
    ConflictAt(String, ValidationErrors),
    /// `If-Match` does not match the current ETag.
    PreconditionFailed,
    PayloadTooLarge(String),
    UnsupportedMediaType(String),
    /// Validation failed: every failing field.
    Invalid(ValidationErrors),
    /// A failure of ours (database, I/O): logged in full, answered vaguely.
    Internal(String),
    /// The database cannot be reached (PostgreSQL down, restarting, or out
    /// of connections): logged in full, answered 503 with `Retry-After`.
    Unavailable(String),
}

pub type AppResult<T> = Result<T, AppError>;

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    status: u16,
    detail: &'a str,
    #[serde(skip_serializing_if = "<[FieldError]>::is_empty")]
    errors: &'a [FieldError],
}

impl AppError {
    /// What went wrong, for a log line or a command's message (never a
    /// client's answer: an internal detail stays out of those).
    pub fn in_words(&self) -> String {
        match self {
            AppError::Internal(m)
            | AppError::Unavailable(m)
            | AppError::Conflict(m)
            | AppError::BadRequest(m)
            | AppError::NotFound(m) => m.clone(),
            other => format!("{other:?}"),
        }
    }

    /// A 422 on one field.
    pub fn field(path: impl Into<String>, message: impl Into<String>) -> Self {
        let mut e = ValidationErrors::default();
        e.add(path, message);
        AppError::Invalid(e)
    }

    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            AppError::BadRequest(d) | AppError::Malformed(d, _) => {
                (StatusCode::BAD_REQUEST, "Malformed request", d.clone())
            }
            AppError::Busy(what, _) => (StatusCode::TOO_MANY_REQUESTS, "Busy", what.clone()),
            AppError::TooManyRequests(seconds) => (
                StatusCode::TOO_MANY_REQUESTS,
                "Too many failed sign-ins",
                format!(
                    "Too many wrong tokens came from this address within a minute. Try again in {seconds} s."
                ),
            ),
            AppError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "Not signed in",
                "Send the API token as 'Authorization: Bearer <token>'.".into(),
            ),
            AppError::SignInRefused(d) => (StatusCode::UNAUTHORIZED, "Not signed in", d.clone()),
            AppError::Forbidden { needed, have } => (
                StatusCode::FORBIDDEN,
                "Not allowed for your role",
                format!(
                    "This needs the {} role{}; you are signed in as {}.",
                    needed.as_str(),
                    if *needed == crate::audit::Role::Admin { "" } else { " or higher" },
                    have.as_str()
                ),
            ),
            AppError::NotFound(d) => (StatusCode::NOT_FOUND, "Not found", d.clone()),
            AppError::Conflict(d) | AppError::ConflictAt(d, _) => {
                (StatusCode::CONFLICT, "Conflict", d.clone())
            }
            AppError::PreconditionFailed => (
                StatusCode::PRECONDITION_FAILED,
                "Changed by someone else",
                "The object was changed since you loaded it (If-Match does not match its ETag). \
                 Load it again, then apply your change."
                    .into(),
            ),
            AppError::PayloadTooLarge(d) => (StatusCode::PAYLOAD_TOO_LARGE, "Request too large", d.clone()),
            AppError::UnsupportedMediaType(d) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "Unsupported content type", d.clone())
            }
            AppError::Invalid(e) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "Validation failed",
                match e.0.len() {
                    1 => "1 field needs attention.".into(),
                    n => format!("{n} fields need attention."),
                },
            ),
            AppError::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "Database unavailable",
                "The settings database cannot be reached just now. Load the settings again in a moment before \
                 trying a change again: one under way when the connection was lost may or may not have been saved."
                    .into(),
            ),
            AppError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal error",
                "The server could not complete the request. It has been logged; try again.".into(),
            ),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(cause) = &self {
            tracing::error!(%cause, "internal error");
        }
        if let AppError::Unavailable(cause) = &self {
            tracing::error!(%cause, "database unavailable");
        }
        let (status, title, detail) = self.parts();
        let errors = match &self {
            AppError::Invalid(e) | AppError::Malformed(_, e) | AppError::ConflictAt(_, e) => e.0.as_slice(),
            _ => &[],
        };
        let body = Problem { kind: "about:blank", title, status: status.as_u16(), detail: &detail, errors };
        let json = serde_json::to_vec(&body).unwrap_or_default();
        let mut response =
            (status, [(header::CONTENT_TYPE, "application/problem+json")], json).into_response();
        if let AppError::TooManyRequests(seconds) | AppError::Busy(_, seconds) = &self {
            response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(*seconds));
        }
        if let AppError::Unavailable(_) = &self {
            response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(5));
        }
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        AppError::Internal(format!("database: {e}"))
    }
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        AppError::Internal(format!("stored JSON: {e}"))
    }
}

impl From<anytime_core::decode::DecodeError> for AppError {
    fn from(e: anytime_core::decode::DecodeError) -> Self {
        use anytime_core::decode::DecodeErrorKind;
        match e.kind {
            DecodeErrorKind::Syntax => AppError::BadRequest(e.message),
            DecodeErrorKind::Shape => {
                let mut errors = ValidationErrors::default();
                let detail = if e.path.is_empty() {
                    format!("The body has the wrong shape: {}", e.message)
                } else {
                    format!("The body has the wrong shape at {}: {}", e.path, e.message)
                };
                errors.add(e.path, e.message);
                AppError::Malformed(detail, errors)
            }
        }
    }
}

impl From<ValidationErrors> for AppError {
    fn from(e: ValidationErrors) -> Self {
        AppError::Invalid(e)
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::JsonDataError(e) => AppError::BadRequest(format!(
                "A value has the wrong JSON type: {}",
                std::error::Error::source(&e).map_or_else(|| e.body_text(), |s| s.to_string())
            )),
            JsonRejection::JsonSyntaxError(e) => AppError::BadRequest(format!(
                "The body is not valid JSON: {}",
                std::error::Error::source(&e).map_or_else(|| e.body_text(), |s| s.to_string())
            )),
            JsonRejection::MissingJsonContentType(_) => AppError::UnsupportedMediaType(
                "Send the body as JSON with 'Content-Type: application/json'.".into(),
            ),
            JsonRejection::BytesRejection(b) => from_bytes_rejection(b),
            other => AppError::BadRequest(other.body_text()),
        }
    }
}

pub fn from_bytes_rejection(b: BytesRejection) -> AppError {
    if b.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge("The body is larger than 1 MiB.".into())
    } else {
        AppError::BadRequest(b.body_text())
    }
}
