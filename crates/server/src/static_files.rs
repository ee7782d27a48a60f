//! Serving the built console: files from the static directory, and
//! `index.html` for any other non-API path so the console's own router can
//! show the page (deep links and reloads work). A missing file that looks
//! like an asset (`/x.js`) stays a 404 rather than HTML the browser would
//! try to run.

use std::path::PathBuf;

use axum::http::{header, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use tower_http::services::ServeDir;

pub fn service(dir: PathBuf) -> ServeDir<MethodRouter> {
    let index = dir.join("index.html");
    let spa = move |uri: Uri| {
        let index = index.clone();
        async move { spa_index(&uri, index).await }
    };
    ServeDir::new(dir).fallback(get(spa))
}

/// The page that owns a path: `index.html`, or `page.html` for
/// `/page.html/…` (a page with routes of its own, like the embedding demo).
pub fn page_for(uri: &Uri, index: &std::path::Path) -> Option<PathBuf> {
    let mut segments = uri.path().trim_start_matches('/').split('/');
    let first = segments.next().unwrap_or_default();
    if first.ends_with(".html") && !first.contains("..") && segments.next().is_some() {
        let page = index.parent()?.join(first);
        return page.is_file().then_some(page);
    }
    let last = uri.path().rsplit('/').next().unwrap_or_default();
    if last.ends_with(".html") && !last.contains("..") {
        let page = index.parent()?.join(last);
        return page.is_file().then_some(page);
    }
    (!last.contains('.')).then(|| index.to_owned())
}

async fn spa_index(uri: &Uri, index: PathBuf) -> Response {
    let Some(index) = page_for(uri, &index) else {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    };
    match tokio::fs::read(&index).await {
        Ok(html) => {
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], html)
                .into_response()
        }
        Err(e) => {
            tracing::error!(path = %index.display(), error = %e, "cannot read the console's index.html");
            (StatusCode::INTERNAL_SERVER_ERROR, "The console's files are missing on the server.")
                .into_response()
        }
    }
}

/// The answer at `/` when the server runs without a console build.
pub async fn no_console() -> impl IntoResponse {
    (
        StatusCode::NOT_FOUND,
        Html(
            "<!doctype html><title>Anytime</title><p>This server runs without the console. \
             Build it with <code>trunk build --release</code> and start the server with \
             <code>--static-dir dist</code>, or use <code>scripts/run.sh</code>.</p>",
        ),
    )
}

/// `'sha256-…'` sources for the inline scripts of a page (Trunk's loader is
/// inline), so the CSP can allow exactly those. Kept per file and its
/// modification time: a rebuilt console is picked up without a restart,
/// and no request reads and hashes the page again otherwise.
#[derive(Default)]
pub struct ScriptHashes(
    std::sync::Mutex<std::collections::HashMap<PathBuf, (std::time::SystemTime, Vec<String>)>>,
);

impl ScriptHashes {
    pub fn of(&self, page: &std::path::Path) -> Vec<String> {
        let Ok(modified) = std::fs::metadata(page).and_then(|m| m.modified()) else { return Vec::new() };
        let mut cache = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((when, hashes)) = cache.get(page) {
            if *when == modified {
                return hashes.clone();
            }
        }
        let hashes = hash_inline_scripts(page);
        cache.insert(page.to_owned(), (modified, hashes.clone()));
        hashes
    }
}

fn hash_inline_scripts(page: &std::path::Path) -> Vec<String> {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let Ok(html) = std::fs::read_to_string(page) else { return Vec::new() };
    let mut hashes = Vec::new();
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let tag = &after[..open_end];
        let body_start = open_end + 1;
        let Some(close) = after[body_start..].find("</script>") else { break };
        let body = &after[body_start..body_start + close];
        if !tag.contains("src=") && !body.trim().is_empty() {
            let digest = Sha256::digest(body.as_bytes());
            hashes.push(format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        rest = &after[body_start + close..];
    }
    hashes
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashes_inline_scripts_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("index.html"),
            "<script type=\"module\">\nimport x from '/a.js';\n</script><script src=\"/b.js\"></script>",
        )
        .unwrap();
        let hashes = super::ScriptHashes::default().of(&dir.path().join("index.html"));
        assert_eq!(hashes.len(), 1);
        assert!(hashes[0].starts_with("'sha256-") && hashes[0].ends_with("='"), "{hashes:?}");
    }
}
