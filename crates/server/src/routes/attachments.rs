//! `POST api/v3/attachments` (multipart, at most 10 MiB) and
//! `GET api/v3/attachments/{id}`: files that trigger emails attach.

use axum::extract::{Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use anytime_core::Attachment;

use super::{Endpoint, Routes};
use crate::error::{AppError, AppResult};
use crate::openapi::{one, op, Body, Reply};
use crate::state::AppState;
use crate::store::new_id;

pub const ATTACHMENT_LIMIT: usize = 10 * 1024 * 1024;

fn too_large() -> AppError {
    AppError::PayloadTooLarge("An attachment can be at most 10 MiB.".into())
}

/// The part's media type when it is one (`type/subtype`, no wildcard), to
/// serve the file with again; otherwise `application/octet-stream`.
fn media_type(given: Option<&str>) -> String {
    let token =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b));
    match given.map(|g| g.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()) {
        Some(m) if m.split_once('/').is_some_and(|(t, s)| token(t) && token(s)) => m,
        _ => "application/octet-stream".to_owned(),
    }
}

async fn upload(
    State(state): State<AppState>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> AppResult<(StatusCode, Json<Attachment>)> {
    let mut multipart = multipart.map_err(|e| {
        AppError::UnsupportedMediaType(format!("Send the file as multipart/form-data: {}", e.body_text()))
    })?;
    let read_error = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            AppError::BadRequest(format!("The upload could not be read: {}", e.body_text()))
        }
    };
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(read_error)? {
        if field.name() != Some("file") || file.is_some() {
            let name: String =
                field.name().unwrap_or_default().chars().filter(|c| !c.is_control()).take(64).collect();
            return Err(AppError::field(
                name,
                "Send one file, as the multipart field 'file', and nothing else.",
            ));
        }
        let name = field
            .file_name()
            .unwrap_or("attachment")
            .chars()
            .filter(|c| !c.is_control())
            .take(255)
            .collect::<String>();
        let content_type = media_type(field.content_type());
        let data = field.bytes().await.map_err(read_error)?;
        if data.len() > ATTACHMENT_LIMIT {
            return Err(too_large());
        }
        file = Some((name, content_type, data));
    }
    if let Some((name, content_type, data)) = file {
        let attachment = Attachment { id: new_id(), name, content_type, size: data.len() as u64 };
        state.write(|tx| {
            tx.insert_file(&attachment, &data)?;
            let after = serde_json::to_string(&attachment)?;
            let change = crate::audit::Change {
                kind: "attachment",
                id: &attachment.id,
                action: "create",
                revision: None,
                before: None,
                after: Some(&after),
            };
            crate::audit::record(tx, change)
        })?;
        return Ok((StatusCode::CREATED, Json(attachment)));
    }
    Err(AppError::field("file", "Send the file as the multipart field 'file'."))
}

async fn download(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Response> {
    let crate::storage::File { name, content_type, data } = state
        .read(|tx| tx.file(&id))?
        .ok_or_else(|| AppError::NotFound(format!("No attachment has the id '{id}'.")))?;
    let safe: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_ ".contains(c) { c } else { '_' }).collect();
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            // Always a download: an uploaded HTML file must not render here.
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{safe}\"")),
        ],
        data,
    )
        .into_response())
}

pub fn router() -> Routes {
    Routes::new()
        .one(
            Endpoint::at("attachments")
                .post(
                    upload,
                    op(
                        "Upload a file (multipart field 'file', at most 10 MiB)",
                        Body::Multipart,
                        Reply::Json(201, one::<Attachment>),
                    ),
                )
                .body_limit(ATTACHMENT_LIMIT + 64 * 1024),
        )
        .one(
            Endpoint::at("attachments/{id}")
                .get(download, op("Download an uploaded file", Body::Empty, Reply::File)),
        )
}
