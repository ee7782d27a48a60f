//! What can go wrong talking to the API, decoded from RFC 9457 problem JSON.

use anytime_core::{FieldError, ValidationErrors};
use serde::Deserialize;

/// A failed call, in terms the UI acts on.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The network failed or the server could not be reached.
    Network(String),
    /// No answer within the time limit.
    Timeout,
    /// The token is missing or wrong: sign in again.
    Unauthorized,
    NotFound(String),
    /// Duplicate, in use, system field.
    Conflict(String),
    /// Someone else saved first (stale ETag).
    Changed,
    /// Validation failed: the messages for each field.
    Invalid(ValidationErrors),
    /// Too many wrong tokens from this address: wait, as the server says.
    TooManyAttempts(String),
    /// Any other problem the server described.
    Problem {
        status: u16,
        title: String,
        detail: String,
    },
    /// The answer could not be read.
    Decode(String),
}

#[derive(Deserialize, Default)]
struct Problem {
    #[serde(default)]
    title: String,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    errors: Vec<FieldError>,
}

impl ApiError {
    /// The error for a non-2xx answer with this status and body.
    pub fn from_response(status: u16, body: &str) -> ApiError {
        let problem: Problem = super::read(body).unwrap_or_default();
        match status {
            401 => ApiError::Unauthorized,
            404 => ApiError::NotFound(problem.detail),
            // A duplicate said on its field (a repeated name): shown there, as a 422.
            409 if !problem.errors.is_empty() => ApiError::Invalid(ValidationErrors(problem.errors)),
            409 => ApiError::Conflict(problem.detail),
            412 => ApiError::Changed,
            422 => ApiError::Invalid(ValidationErrors(problem.errors)),
            // A shape the server refused with paths: shown on the fields too.
            400 if !problem.errors.is_empty() => ApiError::Invalid(ValidationErrors(problem.errors)),
            429 => ApiError::TooManyAttempts(problem.detail),
            _ => ApiError::Problem {
                status,
                title: if problem.title.is_empty() { format!("HTTP {status}") } else { problem.title },
                detail: problem.detail,
            },
        }
    }

    /// One sentence for a banner or a toast: what happened and what to do.
    pub fn message(&self) -> String {
        match self {
            ApiError::Network(e) => {
                format!("The server could not be reached ({e}). Check the connection and try again.")
            }
            ApiError::Timeout => "The server did not answer in time. Try again.".into(),
            ApiError::Unauthorized => "Your sign-in is no longer valid. Sign in again to continue.".into(),
            ApiError::NotFound(d) => {
                if d.is_empty() {
                    "It no longer exists.".into()
                } else {
                    d.clone()
                }
            }
            ApiError::Conflict(d) => d.clone(),
            ApiError::TooManyAttempts(d) => {
                if d.is_empty() {
                    "Too many wrong tokens were tried from this address. Wait a minute, then try again."
                        .into()
                } else {
                    d.clone()
                }
            }
            ApiError::Changed => {
                "Someone else saved this first. Reload their version or overwrite it with yours.".into()
            }
            ApiError::Invalid(e) => match e.0.len() {
                1 => "1 field needs attention.".into(),
                n => format!("{n} fields need attention."),
            },
            ApiError::Problem { title, detail, .. } => {
                if detail.is_empty() {
                    title.clone()
                } else {
                    format!("{title}: {detail}")
                }
            }
            ApiError::Decode(e) => format!("The server's answer could not be read ({e})."),
        }
    }

    /// Worth a retry button (the request itself was fine).
    pub fn is_transient(&self) -> bool {
        matches!(self, ApiError::Network(_) | ApiError::Timeout | ApiError::TooManyAttempts(_))
            || matches!(self, ApiError::Problem { status, .. } if *status >= 500)
    }
}

#[cfg(test)]
mod tests {
    use super::ApiError;

    #[test]
    fn decodes_problem_json() {
        let body = r#"{"type":"about:blank","title":"Validation failed","status":422,"detail":"2 fields need attention.",
                       "errors":[{"field":"name","message":"Enter a name."},{"field":"conditions.list[0].value","message":"Enter a value."}]}"#;
        match ApiError::from_response(422, body) {
            ApiError::Invalid(e) => {
                assert_eq!(e.get("conditions.list[0].value"), Some("Enter a value."));
                assert_eq!(e.0.len(), 2);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(ApiError::from_response(412, "{}"), ApiError::Changed);
        let slowed = ApiError::from_response(
            429,
            r#"{"title":"Too many failed sign-ins","detail":"Too many wrong tokens came from this address within a minute. Try again in 42 s."}"#,
        );
        assert!(slowed.message().ends_with("Try again in 42 s."), "{}", slowed.message());
        let shape = ApiError::from_response(
            400,
            r#"{"errors":[{"field":"subject","message":"The text contains a NUL character (\u0000), which is not allowed."}]}"#,
        );
        assert!(matches!(shape, ApiError::Invalid(e) if e.get("subject").is_some()));
        assert_eq!(ApiError::from_response(401, ""), ApiError::Unauthorized);
        assert_eq!(
            ApiError::from_response(409, r#"{"detail":"Tier is used by trigger 'Gold'."}"#).message(),
            "Tier is used by trigger 'Gold'."
        );
        let e = ApiError::from_response(502, "<html>bad gateway</html>");
        assert_eq!(e.message(), "HTTP 502");
        assert!(e.is_transient());
    }
}
