//! SMTP: greeting, EHLO, STARTTLS or implicit TLS, AUTH, QUIT (RFC 5321,
//! 3207, 4954). Written here rather than with lettre so that every message
//! can name the step that failed (greeting, STARTTLS offered or not, AUTH).

use base64::Engine;

use anytime_core::EncryptedConnectionType;

use super::conn::{Conn, Prober};

/// A reply: its code and text lines (multi-line replies joined).
async fn reply(p: &Prober, conn: &mut Conn, what: &str) -> Result<(u16, Vec<String>), String> {
    let mut lines = Vec::new();
    loop {
        let line = p.line(conn, what).await?;
        let code = line.get(..3).and_then(|c| c.parse::<u16>().ok());
        let Some(code) = code else {
            return Err(format!(
                "The server answered '{}' instead of {what}: is this an SMTP port?",
                line.chars().take(60).collect::<String>()
            ));
        };
        let more = line.as_bytes().get(3) == Some(&b'-');
        if lines.len() >= 1_000 {
            return Err(format!("The server sent more than 1000 lines as {what}."));
        }
        lines.push(line.get(4..).unwrap_or_default().to_owned());
        if !more {
            return Ok((code, lines));
        }
    }
}

async fn ehlo(p: &Prober, conn: &mut Conn) -> Result<Vec<String>, String> {
    p.send(conn, "EHLO anytime.local").await?;
    let (code, lines) = reply(p, conn, "the reply to EHLO").await?;
    if code != 250 {
        return Err(format!("The server refused EHLO: {code} {}", lines.join(" ")));
    }
    Ok(lines.into_iter().skip(1).map(|l| l.to_ascii_uppercase()).collect())
}

pub struct Login<'a> {
    pub user: &'a str,
    pub password: &'a str,
}

pub async fn probe(
    p: &Prober,
    host: &str,
    port: u16,
    security: &EncryptedConnectionType,
    login: Option<Login<'_>>,
) -> Result<String, String> {
    let implicit = *security == EncryptedConnectionType::Ssl;
    let mut conn = p.open(host, port, implicit).await?;
    let (code, lines) = reply(p, &mut conn, "the SMTP greeting").await?;
    if code != 220 {
        return Err(format!("The server is not accepting mail: {code} {}", lines.join(" ")));
    }
    let mut extensions = ehlo(p, &mut conn).await?;
    if *security == EncryptedConnectionType::Tls {
        if !extensions.iter().any(|e| e == "STARTTLS") {
            return Err(format!(
                "STARTTLS is not offered by {host}:{port}. Choose SSL (often port 465) or no encryption, or another port."
            ));
        }
        p.send(&mut conn, "STARTTLS").await?;
        let (code, lines) = reply(p, &mut conn, "the reply to STARTTLS").await?;
        if code != 220 {
            return Err(format!("The server refused STARTTLS: {code} {}", lines.join(" ")));
        }
        conn = p.upgrade(conn, host).await?;
        extensions = ehlo(p, &mut conn).await?;
    }
    let mut signed_in = String::new();
    if let Some(login) = login {
        let mechanisms: Vec<&str> = extensions
            .iter()
            .filter_map(|e| e.strip_prefix("AUTH ").or_else(|| e.strip_prefix("AUTH=")))
            .flat_map(|m| m.split_whitespace())
            .collect();
        if mechanisms.is_empty() {
            let hint =
                if conn.is_tls() { "" } else { " over an unencrypted connection; try STARTTLS or SSL" };
            return Err(format!("The server offers no password authentication{hint}."));
        }
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let (code, lines) = if mechanisms.contains(&"PLAIN") {
            p.send(
                &mut conn,
                &format!("AUTH PLAIN {}", b64(&format!("\0{}\0{}", login.user, login.password))),
            )
            .await?;
            reply(p, &mut conn, "the reply to AUTH").await?
        } else if mechanisms.contains(&"LOGIN") {
            p.send(&mut conn, "AUTH LOGIN").await?;
            reply(p, &mut conn, "the reply to AUTH").await?;
            p.send(&mut conn, &b64(login.user)).await?;
            reply(p, &mut conn, "the reply to the user name").await?;
            p.send(&mut conn, &b64(login.password)).await?;
            reply(p, &mut conn, "the reply to AUTH").await?
        } else {
            return Err(format!(
                "The server offers only {} authentication, which is not supported.",
                mechanisms.join(", ")
            ));
        };
        if code != 235 {
            return Err(format!("Authentication failed for {}: {code} {}", login.user, lines.join(" ")));
        }
        signed_in = format!(" and signed in as {}", login.user);
    }
    let _ = p.send(&mut conn, "QUIT").await;
    let security = if conn.is_tls() { "over TLS" } else { "without encryption" };
    Ok(format!("Connected {security}{signed_in}."))
}
