//! Exchange Web Services: an authenticated `GetFolder` for the inbox over
//! HTTPS. Basic authentication only (not NTLM or OAuth).

use base64::Engine;
use tokio::io::AsyncReadExt;

use super::conn::{Conn, Prober};

const GET_INBOX: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">
  <soap:Body><m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder></soap:Body>
</soap:Envelope>"#;

pub async fn probe(p: &Prober, url: &str, user: &str, password: &str) -> Result<String, String> {
    let parsed =
        anytime_core::validate::parse_http_url(url.trim()).ok_or("The Exchange URL is not valid.")?;
    if !parsed.https {
        // Basic credentials never travel unencrypted (contract §3).
        return Err(
            "The Exchange URL must start with https://: the password is sent with every request.".into()
        );
    }
    let port = parsed.port.unwrap_or(443);
    let after_scheme = url.trim().split_once("://").map_or("", |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    let mut conn = p.open(parsed.host, port, true).await?;
    let credentials = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Basic {credentials}\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {}\r\nConnection: close",
        parsed.host,
        GET_INBOX.len()
    );
    p.write(&mut conn, format!("{request}\r\n\r\n{GET_INBOX}").as_bytes()).await?;
    let status = p.line(&mut conn, "the HTTP status").await?;
    // Drain politely; the status line is all the probe needs.
    let mut rest = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_millis(200), async {
        match &mut conn {
            Conn::Plain(r) => r.take(64 * 1024).read_to_end(&mut rest).await,
            Conn::Tls(r) => r.take(64 * 1024).read_to_end(&mut rest).await,
        }
    })
    .await;
    let code: u16 = status.split_whitespace().nth(1).and_then(|c| c.parse().ok()).ok_or_else(|| {
        format!("{} did not answer HTTP: '{}'.", parsed.host, status.chars().take(60).collect::<String>())
    })?;
    match code {
        200 => Ok(format!("Exchange accepted the credentials of {user} and answered for the inbox.")),
        401 | 403 => Err(format!(
            "Authentication failed for {user}: Exchange answered {code}. (Only Basic authentication is supported, not NTLM or OAuth.)"
        )),
        404 => Err(format!("There is no Exchange Web Services endpoint at this URL ({code}).")),
        _ => Err(format!("Exchange answered '{}' instead of 200 OK.", status.split_once(' ').map_or("", |(_, r)| r))),
    }
}
