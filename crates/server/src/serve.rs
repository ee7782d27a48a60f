//! The HTTP listener: hyper under the app, with what `axum::serve` does not
//! give — every connection's client address (for slowing failed sign-ins),
//! a time limit on reading a request's head (slow-loris clients), and
//! problem JSON even where hyper answers by itself.
//!
//! hyper refuses a request head it cannot parse, a URI over 64 KiB or
//! headers over its buffer with a canned `400`/`414`/`431` and an empty
//! body, before the app sees anything. [`ProblemIo`] sits between hyper and
//! the socket and turns exactly those canned answers into problem JSON: the
//! app itself never answers an error without a body, so a 4xx/5xx head with
//! `content-length: 0` can only be hyper's.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

/// How long a client may take to send a request's head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(30);
/// How long connections may finish after a shutdown signal.
const DRAIN: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` until `shutdown` completes, then lets open
/// requests finish (up to 10 s).
pub async fn serve(listener: TcpListener, app: Router, shutdown: impl Future<Output = ()>) -> io::Result<()> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(HEAD_TIMEOUT);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and the like: wait, not spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service =
            hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(addr));
                app.clone().oneshot(request)
            });
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(ProblemIo::new(stream)), service)
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(DRAIN) => tracing::warn!("connections still open after 10 s; closing them"),
    }
    Ok(())
}

/// A socket whose writes are watched for hyper's canned error answers.
pub struct ProblemIo {
    inner: TcpStream,
    /// A replacement being written: the bytes, how many are out, and the
    /// length of the canned answer it stands for.
    rewrite: Option<(Vec<u8>, usize, usize)>,
}

impl ProblemIo {
    pub fn new(inner: TcpStream) -> Self {
        ProblemIo { inner, rewrite: None }
    }
}

/// The problem JSON answer for a canned head, if `buf` is one.
fn replacement(buf: &[u8]) -> Option<Vec<u8>> {
    let end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&buf[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?;
    let code: u16 = status_line.strip_prefix("HTTP/1.")?.get(2..5)?.parse().ok()?;
    if !(400..600).contains(&code) || end + 4 != buf.len() {
        return None;
    }
    let originals: Vec<&str> = lines.collect();
    let headers: Vec<String> = originals.iter().map(|h| h.to_ascii_lowercase()).collect();
    if !headers.iter().any(|h| h == "content-length: 0")
        || headers.iter().any(|h| h.starts_with("content-type:"))
    {
        return None;
    }
    let (title, detail) = match code {
        414 => ("URI too long", "The request's address is longer than this server accepts (64 KiB)."),
        431 => ("Headers too large", "The request's headers are larger than this server accepts (400 KiB)."),
        505 => ("HTTP version not supported", "Send HTTP/1.1 or HTTP/2."),
        _ => ("Malformed request", "The request line or a header could not be read as HTTP."),
    };
    let body = serde_json::json!({"type": "about:blank", "title": title, "status": code, "detail": detail})
        .to_string();
    let reason = axum::http::StatusCode::from_u16(code).ok()?.canonical_reason().unwrap_or("Error");
    // The date as hyper wrote it (its value is case-sensitive).
    let date = (0..headers.len())
        .find(|&i| headers[i].starts_with("date:"))
        .map(|i| format!("{}\r\n", originals[i]))
        .unwrap_or_default();
    Some(
        format!(
            "HTTP/1.1 {code} {reason}\r\ncontent-type: application/problem+json\r\ncontent-length: {}\r\n\
             connection: close\r\n{date}\r\n{body}",
            body.len()
        )
        .into_bytes(),
    )
}

impl AsyncRead for ProblemIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for ProblemIo {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if this.rewrite.is_none() {
            match replacement(buf) {
                Some(bytes) => this.rewrite = Some((bytes, 0, buf.len())),
                None => return Pin::new(&mut this.inner).poll_write(cx, buf),
            }
        }
        let (bytes, written, stands_for) = this.rewrite.as_mut().expect("set above");
        while *written < bytes.len() {
            match Pin::new(&mut this.inner).poll_write(cx, &bytes[*written..]) {
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(n)) => *written += n,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            }
        }
        let consumed = *stands_for;
        this.rewrite = None;
        Poll::Ready(Ok(consumed))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    // Vectored writes off: hyper then writes a head as one buffer.
    fn is_write_vectored(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::replacement;

    #[test]
    fn only_hypers_canned_answers_are_rewritten() {
        let canned = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\ndate: Tue, 01 Dec 2026 10:00:00 GMT\r\n\r\n";
        let out = String::from_utf8(replacement(canned).unwrap()).unwrap();
        assert!(out.starts_with(
            "HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/problem+json"
        ));
        assert!(out.contains("\"status\":431") && out.contains("connection: close"));
        assert!(out.contains("date: Tue, 01 Dec 2026 10:00:00 GMT"), "the date as hyper wrote it");
        // The app's own answers: a body, a content type, a 2xx, or more bytes after the head.
        for other in [
            &b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n"[..],
            b"HTTP/1.1 404 Not Found\r\ncontent-type: application/problem+json\r\ncontent-length: 0\r\n\r\n",
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 2\r\n\r\n{}",
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\nHTTP/1.1 200 OK",
            b"not http",
        ] {
            assert_eq!(replacement(other), None, "{}", String::from_utf8_lossy(other));
        }
    }
}
