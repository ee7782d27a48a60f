//! Serving the built console: files from the static directory, and
//! `index.html` for any other non-API path so the console's own router can
//! show the page (deep links and reloads work). A missing file that looks
//! like an asset (`/x.js`) stays a 404 rather than HTML the browser would
//! try to run.
//!
//! Files go out as the build precompressed them (`x.br`, `x.gz`, chosen by
//! `Accept-Encoding`, with `Vary`), each with a strong `ETag` of the bytes
//! sent and a `Cache-Control`: a year and immutable for fingerprinted
//! names (`chunk_3.0123456789abcdef.wasm`), revalidate every time for the
//! stable names portals embed by (`/anytime-admin.js`).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::services::ServeDir;

/// The console's files under `dir`, with the SPA fallback.
pub fn service<S: Clone + Send + Sync + 'static>(dir: PathBuf) -> Router<S> {
    let index = dir.join("index.html");
    let spa = move |uri: Uri| {
        let index = index.clone();
        async move { spa_index(&uri, index).await }
    };
    let files = ServeDir::new(&dir).precompressed_br().precompressed_gzip().fallback(get(spa));
    let tags = Arc::new(Tags { dir, known: Mutex::default() });
    Router::new().fallback_service(files).layer(axum::middleware::from_fn(move |request, next| {
        let tags = tags.clone();
        async move { caching(request, next, tags).await }
    }))
}

/// Strong ETags of the files served: the hash of the file sent (the
/// variant the encoding names), by its path in the folder. A file's tag is
/// computed once per version (its length and modification time), so a
/// rebuilt console gets new tags without a restart; only files that exist
/// are kept, so odd spellings of a path cost nothing more.
struct Tags {
    dir: PathBuf,
    known: Mutex<std::collections::HashMap<PathBuf, Tagged>>,
}

/// A file's tag and the version (length, modification time) it is of.
#[derive(Clone)]
struct Tagged {
    len: u64,
    modified: std::time::SystemTime,
    tag: HeaderValue,
}

/// More than any build has files: past it the tags are computed afresh
/// (deleted builds' entries do not pile up).
const TAGS_KEPT: usize = 10_000;

impl Tags {
    /// The tag of what is sent for `uri_path` with `encoding`, with the
    /// version it is of, or `None` when no such file is there (or it
    /// changed while it was read).
    fn of(&self, uri_path: &str, encoding: Option<&str>) -> Option<Tagged> {
        let mut file = self.dir.join(relative_path(uri_path)?);
        if file.is_dir() {
            file.push("index.html");
        }
        if let Some(extension) = match encoding {
            Some("br") => Some("br"),
            Some("gzip") => Some("gz"),
            Some(_) => return None,
            None => None,
        } {
            let mut name = file.file_name()?.to_os_string();
            name.push(format!(".{extension}"));
            file.set_file_name(name);
        }
        let version = |m: std::fs::Metadata| Some((m.len(), m.modified().ok()?));
        let (len, modified) = version(std::fs::metadata(&file).ok()?)?;
        let lock = || self.known.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(known) = lock().get(&file).filter(|k| (k.len, k.modified) == (len, modified)) {
            return Some(known.clone());
        }
        // Hashed without the lock: other files' requests need not wait.
        let tag = etag_of(&std::fs::read(&file).ok()?);
        // Changed while it was read: no tag rather than a wrong one.
        if version(std::fs::metadata(&file).ok()?)? != (len, modified) {
            return None;
        }
        let tagged = Tagged { len, modified, tag };
        let mut known = lock();
        if known.len() >= TAGS_KEPT {
            known.clear();
        }
        known.insert(file, tagged.clone());
        Some(tagged)
    }
}

/// Is the response the version the tag is of? The file server read the
/// file on its own: a deploy in between could have replaced it, and an old
/// body under the new tag would be kept as current.
fn same_version(response: &Response, tagged: &Tagged) -> bool {
    let header = |name| response.headers().get(name).and_then(|v| v.to_str().ok());
    let length_agrees = header(header::CONTENT_LENGTH).is_none_or(|l| l.parse() == Ok(tagged.len));
    let date_agrees = match header(header::LAST_MODIFIED).map(httpdate::parse_http_date) {
        None => true,
        Some(Ok(sent)) => sent == std::time::SystemTime::from(httpdate::HttpDate::from(tagged.modified)),
        Some(Err(_)) => false,
    };
    length_agrees && date_agrees
}

/// The longest file name (in bytes) the usual file systems hold.
const MAX_NAME: usize = 255;

/// A request's path as a path under the folder, the way the file server
/// reads it (percent-decoded, `.` and empty parts dropped); `None` for
/// anything that leaves the folder.
fn relative_path(uri_path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(uri_path).decode_utf8().ok()?;
    let mut path = PathBuf::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p if p.contains('\\') || p.contains(':') || p.contains('\0') => return None,
            p => path.push(p),
        }
    }
    Some(path)
}

/// `name.0123456789abcdef.ext`: the build put the content's hash in the
/// name, so what is at that address never changes.
pub fn is_fingerprinted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let mut parts = name.rsplit('.');
    let (_ext, hash) = (parts.next(), parts.next().unwrap_or_default());
    parts.next().is_some() && hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Does `If-None-Match` name this tag (weak comparison, RFC 9110 §13.1.2)?
fn none_match(if_none_match: &str, tag: &str) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    if_none_match.trim() == "*" || if_none_match.split(',').any(|t| opaque(t) == opaque(tag))
}

async fn caching(mut request: Request, next: Next, tags: Arc<Tags>) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let path = request.uri().path().to_owned();
    // A name longer than any file system holds is no file; the file server
    // would answer the error opening it as a 500.
    if path.split('/').any(|part| percent_encoding::percent_decode_str(part).count() > MAX_NAME) {
        return spa_index(request.uri(), tags.dir.join("index.html")).await;
    }
    let if_none_match =
        request.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).map(str::to_owned);
    // The tag decides (RFC 9110 §13.1.3): the file server's own date check
    // would answer 304 without the headers below, or for another variant.
    request.headers_mut().remove(header::IF_MODIFIED_SINCE);
    let response = next.run(request).await;
    // The SPA's page sets its own caching; errors and ranges pass as they are.
    if response.status() != StatusCode::OK || response.headers().contains_key(header::CACHE_CONTROL) {
        return response;
    }
    let encoding = response.headers().get(header::CONTENT_ENCODING).and_then(|v| v.to_str().ok());
    let tag = {
        let (path, encoding) = (path.clone(), encoding.map(str::to_owned));
        // Hashing reads the file: off the async threads.
        tokio::task::spawn_blocking(move || tags.of(&path, encoding.as_deref())).await.ok().flatten()
    }
    .filter(|tagged| same_version(&response, tagged))
    .map(|tagged| tagged.tag);
    let cache_control =
        if is_fingerprinted(&path) { "public, max-age=31536000, immutable" } else { "no-cache" };
    let mut headers = vec![
        (header::CACHE_CONTROL, HeaderValue::from_static(cache_control)),
        (header::VARY, HeaderValue::from_static("accept-encoding")),
    ];
    if let Some(tag) = tag {
        if if_none_match.is_some_and(|inm| none_match(&inm, tag.to_str().unwrap_or_default())) {
            let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
            not_modified.headers_mut().extend(headers);
            not_modified.headers_mut().insert(header::ETAG, tag);
            return not_modified;
        }
        headers.push((header::ETAG, tag));
    }
    let mut response = response;
    response.headers_mut().extend(headers);
    response
}

/// `"` + the first 128 bits of the SHA-256 of the bytes, in hex + `"`.
fn etag_of(bytes: &[u8]) -> HeaderValue {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    HeaderValue::from_str(&format!("\"{hex}\"")).expect("hex is a valid header value")
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
    /// A tag is given only to the version it is of: a body the file server
    /// read before (or after) a deploy replaced the file goes untagged.
    #[test]
    fn tags_only_the_version_sent() {
        use axum::http::{header, HeaderValue};
        let modified = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_796_000_000);
        let tagged = super::Tagged { len: 12, modified, tag: HeaderValue::from_static("\"t\"") };
        let response = |len: &str, date: std::time::SystemTime| {
            let mut r = axum::response::Response::new(axum::body::Body::empty());
            r.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from_str(len).unwrap());
            let date = httpdate::fmt_http_date(date);
            r.headers_mut().insert(header::LAST_MODIFIED, HeaderValue::from_str(&date).unwrap());
            r
        };
        assert!(super::same_version(&response("12", modified), &tagged));
        // The header has whole seconds; the file's time may have more.
        let finer =
            super::Tagged { modified: modified + std::time::Duration::from_millis(300), ..tagged.clone() };
        assert!(super::same_version(&response("12", modified), &finer));
        assert!(!super::same_version(&response("13", modified), &tagged), "another length");
        let later = modified + std::time::Duration::from_secs(1);
        assert!(!super::same_version(&response("12", later), &tagged), "another time");
        let mut odd = response("12", modified);
        odd.headers_mut().insert(header::LAST_MODIFIED, HeaderValue::from_static("yesterday"));
        assert!(!super::same_version(&odd, &tagged), "a date that cannot be read");
    }

    #[test]
    fn fingerprinted_names_and_if_none_match() {
        assert!(super::is_fingerprinted("/chunk_3.0123456789abcdef.wasm"));
        assert!(super::is_fingerprinted("/a/split_x.ABCDEF0123456789.wasm"));
        for stable in
            ["/anytime-admin_bg.wasm", "/main.css", "/0123456789abcdef.wasm", "/x.0123456789abcdeg.js"]
        {
            assert!(!super::is_fingerprinted(stable), "{stable}");
        }
        assert!(super::none_match("\"a\"", "\"a\""));
        assert!(super::none_match("W/\"b\", \"a\"", "\"a\""));
        assert!(super::none_match("*", "\"a\""));
        assert!(!super::none_match("\"b\"", "\"a\""));
    }

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
