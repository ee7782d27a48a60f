//! IMAP: greeting, CAPABILITY, LOGIN, EXAMINE INBOX, LOGOUT (RFC 9051).

use super::conn::{Conn, Prober};

/// An IMAP quoted string; line breaks cannot be sent in one.
fn quoted(s: &str) -> Result<String, String> {
    if s.contains(['\r', '\n']) {
        return Err("The user name or password contains a line break.".into());
    }
    Ok(format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")))
}

/// Reads until the tagged reply; returns it and the untagged lines before it.
async fn command(
    p: &Prober,
    conn: &mut Conn,
    tag: &str,
    line: &str,
    what: &str,
) -> Result<(String, Vec<String>), String> {
    p.send(conn, &format!("{tag} {line}")).await?;
    let mut untagged = Vec::new();
    loop {
        let reply = p.line(conn, what).await?;
        if let Some(rest) = reply.strip_prefix(tag).and_then(|r| r.strip_prefix(' ')) {
            return Ok((rest.to_owned(), untagged));
        }
        if untagged.len() >= 1_000 {
            return Err(format!("The server sent more than 1000 lines before answering {what}."));
        }
        untagged.push(reply);
    }
}

fn text_of(status: &str) -> &str {
    // "NO [AUTHENTICATIONFAILED] Authentication failed." → the words.
    let rest = status.split_once(' ').map_or("", |(_, r)| r);
    match rest.strip_prefix('[').and_then(|r| r.split_once("] ")) {
        Some((_, words)) => words,
        None => rest,
    }
}

/// Signs in and opens INBOX; `Ok` carries the success message.
pub async fn probe(
    p: &Prober,
    host: &str,
    port: u16,
    ssl: bool,
    user: &str,
    password: &str,
) -> Result<String, String> {
    let mut conn = p.open(host, port, ssl).await?;
    let greeting = p.line(&mut conn, "the IMAP greeting").await?;
    if greeting.starts_with("* BYE") {
        return Err(format!("The server refused the connection: {}", text_of(&greeting[2..])));
    }
    if !(greeting.starts_with("* OK") || greeting.starts_with("* PREAUTH")) {
        return Err(format!(
            "{host}:{port} does not speak IMAP: it greeted with '{}'.",
            greeting.chars().take(60).collect::<String>()
        ));
    }
    let (status, lines) = command(p, &mut conn, "a1", "CAPABILITY", "the capability list").await?;
    if !status.starts_with("OK") {
        return Err(format!("CAPABILITY failed: {}", text_of(&status)));
    }
    let caps = lines.join(" ").to_ascii_uppercase();
    if caps.contains("LOGINDISABLED") && !conn.is_tls() {
        return Err(
            "The server does not accept passwords over an unencrypted connection: turn SSL on.".into()
        );
    }
    let login = format!("LOGIN {} {}", quoted(user)?, quoted(password)?);
    let (status, _) = command(p, &mut conn, "a2", &login, "the reply to LOGIN").await?;
    if !status.starts_with("OK") {
        return Err(format!("Authentication failed for {user}: {}", text_of(&status)));
    }
    let (status, lines) = command(p, &mut conn, "a3", "EXAMINE INBOX", "the reply to opening INBOX").await?;
    if !status.starts_with("OK") {
        return Err(format!("Signed in, but the mailbox INBOX was not found: {}", text_of(&status)));
    }
    let count = lines
        .iter()
        .find_map(|l| l.strip_prefix("* ").and_then(|r| r.strip_suffix(" EXISTS")))
        .unwrap_or("0")
        .to_owned();
    let _ = command(p, &mut conn, "a4", "LOGOUT", "the reply to LOGOUT").await;
    let security = if conn.is_tls() { "over SSL" } else { "without encryption" };
    Ok(format!("Signed in as {user} {security} and opened INBOX ({count} messages)."))
}
