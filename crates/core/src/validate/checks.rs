//! Format checks: addresses, domains, hosts, URLs. Hand-written rather than
//! regular expressions, which would cost hundreds of KB in the browser.

use std::net::{IpAddr, Ipv6Addr};

use crate::date::CalendarDate;

/// What to tell an admin about text that should be an email address
/// (`None` when it is one). Shared by object validation and typed inputs.
pub fn email_problem(s: &str) -> Option<String> {
    (!is_email(s)).then(|| format!("'{s}' is not an email address. Use the form support@example.com."))
}

/// What to tell an admin about single-line text (a name, a subject, a user
/// name) holding a line break or another control character, which would
/// split a mail header or a protocol line (contract §11). Tabs count too.
pub fn line_problem(s: &str) -> Option<String> {
    let bad = s.chars().find(|&c| c.is_control() || c == '\u{2028}' || c == '\u{2029}')?;
    Some(match bad {
        '\r' | '\n' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
            "Keep it on one line: remove the line break.".to_owned()
        }
        '\t' => "Remove the tab: use spaces.".to_owned(),
        c => format!("Remove the control character U+{:04X}.", c as u32),
    })
}

/// What to tell an admin about text that may span lines (help text, an
/// email body) but holds another control character.
pub fn text_problem(s: &str) -> Option<String> {
    let bad = s.chars().find(|&c| c.is_control() && !matches!(c, '\r' | '\n' | '\t'))?;
    Some(format!("Remove the control character U+{:04X}.", bad as u32))
}

/// What to tell an admin about an Exchange Web Services address: it must
/// be `https://`, as Basic credentials travel with every request (§3).
pub fn ews_url_problem(s: &str) -> Option<String> {
    match parse_http_url(s) {
        None => Some(format!("'{s}' is not an https:// URL.")),
        Some(u) if !u.https => Some(format!(
            "Use https:// — the password is sent with every request and must not travel unencrypted (not '{s}')."
        )),
        Some(_) => None,
    }
}

/// How many elements an email's HTML may nest, and how many tags it may
/// have: far beyond any real email, and what keeps its cleaning (a browser's
/// parsing algorithm, in the server's sanitizer) fast — pathological HTML
/// makes that algorithm quadratic in time and in output.
pub const MAX_HTML_DEPTH: usize = 256;
pub const MAX_HTML_TAGS: usize = 5_000;
/// Formatting elements (`<b>`, `<i>`, `<a>`…) an email may leave open where
/// an enclosing element ends: each is re-opened by the parser later, and a
/// stream of them is the quadratic case.
pub const MAX_HTML_UNCLOSED: usize = 16;

/// What to tell an admin about an email's HTML that nests too deeply, has
/// too many tags or leaves too many formatting elements open, or holds SVG
/// or MathML (the tags as the browser reads them, linear in the text).
pub fn html_problem(html: &str) -> Option<String> {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr",
    ];
    // Opening one of these while the same is open ends that one (HTML's implied end tags).
    const SIBLINGS: &[&str] = &["p", "li", "dt", "dd", "option", "tr", "td", "th"];
    const FORMATTING: &[&str] =
        &["a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"];
    // Cleaning takes SVG and MathML out, and inside them the tags read
    // otherwise: the counts below could not be the tree builder's.
    if crate::markup::may_hold_foreign(html) {
        return Some(
            "SVG and MathML cannot go in an email (most email programs do not show them, and cleaning would \
             leave only their text): use an image instead."
                .to_owned(),
        );
    }
    let (mut stack, mut tags, mut unclosed) = (Vec::<String>::new(), 0usize, 0usize);
    // The tags as the tree builder's tokenizer reads them: a `>` in a quoted
    // value, a comment or a style's content ends no tag.
    for tag in crate::markup::tags(html) {
        let (closing, self_closing) = (tag.end, tag.self_closing);
        let name = tag.name.to_ascii_lowercase();
        tags += 1;
        if tags > MAX_HTML_TAGS {
            return Some(format!("Use at most {MAX_HTML_TAGS} HTML tags in an email."));
        }
        if closing {
            if let Some(at) = stack.iter().rposition(|open| *open == name) {
                unclosed += stack[at + 1..].iter().filter(|n| FORMATTING.contains(&n.as_str())).count();
                stack.truncate(at);
                if unclosed > MAX_HTML_UNCLOSED {
                    return Some(format!(
                        "Close the formatting tags (<b>, <i>, <a>…) where they end: this email leaves more than \
                         {MAX_HTML_UNCLOSED} open."
                    ));
                }
            }
        } else if !self_closing && !VOID.contains(&name.as_str()) {
            if SIBLINGS.contains(&name.as_str()) && stack.last() == Some(&name) {
                continue;
            }
            stack.push(name);
            if stack.len() > MAX_HTML_DEPTH {
                return Some(format!(
                    "The HTML nests too deeply: at most {MAX_HTML_DEPTH} elements inside each other (are tags left unclosed?)."
                ));
            }
        }
    }
    None
}

/// The same for a web address (`http://` or `https://`).
pub fn url_problem(s: &str) -> Option<String> {
    parse_http_url(s).is_none().then(|| format!("'{s}' is not a web address like https://mail.example.com/."))
}

/// The same for a calendar date.
pub fn date_problem(s: &str) -> Option<String> {
    CalendarDate::parse(s).is_none().then(|| format!("'{s}' is not a date. Use YYYY-MM-DD, like 2026-12-25."))
}

/// The same for a mail server's host.
pub fn host_problem(s: &str) -> Option<String> {
    (!is_host(s)).then(|| format!("'{s}' is not a host name or IP address."))
}

/// The same for a whole number that must lie in `lo..=hi`.
pub fn integer_problem(s: &str, lo: i64, hi: i64, what: &str) -> Option<String> {
    match s.trim().parse::<i64>() {
        Err(_) => Some(format!("{what} must be a whole number, like {lo}.")),
        Ok(v) if !(lo..=hi).contains(&v) => Some(format!("{what} must be from {lo} to {hi}, not {v}.")),
        Ok(_) => None,
    }
}

fn is_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label.chars().all(|c| c.is_alphanumeric() || c == '-')
}

/// A DNS name of at least two labels whose last is not numeric (`b.com`,
/// `mail.example.co.uk`). Internationalized names are accepted as typed.
pub fn is_domain(s: &str) -> bool {
    let labels: Vec<&str> = s.split('.').collect();
    s.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| is_label(l))
        && !labels.last().is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
}

/// A mail server's host: a DNS name (one label is allowed, e.g. `mail` on an
/// intranet) or an IP address (IPv6 with or without brackets).
pub fn is_host(s: &str) -> bool {
    if s.parse::<IpAddr>().is_ok() {
        return true;
    }
    if let Some(inner) = s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        return inner.parse::<Ipv6Addr>().is_ok();
    }
    let name = s.strip_suffix('.').unwrap_or(s);
    name.len() <= 253
        && name.split('.').all(is_label)
        && !name.split('.').all(|l| l.chars().all(|c| c.is_ascii_digit()))
}

/// `local@domain` with a plausible local part (no spaces, no `..`, at most
/// 64 characters) and a domain per [`is_domain`].
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| !c.is_whitespace() && !c.is_control() && !"@<>()[],;:\\\"".contains(c))
        && is_domain(domain)
}

/// An absolute `http(s)://` URL split into the parts the checks need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpUrl<'a> {
    pub https: bool,
    pub host: &'a str,
    pub port: Option<u16>,
}

/// Parses `http://host[:port][/path…]` or `https://…`; `None` for anything else.
pub fn parse_http_url(s: &str) -> Option<HttpUrl<'_>> {
    let lower_scheme = s.get(..8).map(str::to_ascii_lowercase);
    let (https, rest) = match lower_scheme.as_deref() {
        Some("https://") => (true, &s[8..]),
        _ if s.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("http://")) => (false, &s[7..]),
        _ => return None,
    };
    if rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // Credentials in the URL are refused: the account has its own fields.
    if authority.contains('@') {
        return None;
    }
    let (host, port) = if authority.starts_with('[') {
        let end = authority.find(']')?;
        let port = &authority[end + 1..];
        (&authority[..=end], port.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    let port = match port {
        None => None,
        Some(p) => Some(p.parse::<u16>().ok().filter(|&p| p > 0)?),
    };
    is_host(host).then_some(HttpUrl { https, host, port })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for ok in ["a@b.com", "first.last+tag@mail.example.co.uk", "x@xn--80ak6aa92e.com", "ü@bücher.de"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "a@",
            "@b.com",
            "a@b",
            "a b@c.com",
            "a@@b.com",
            "a@b..com",
            ".a@b.com",
            "a..b@c.com",
            "a@-b.com",
            "a@b.123",
            "a@b.c om",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn domains_and_hosts() {
        assert!(is_domain("b.com") && is_domain("sub.b.com"));
        assert!(!is_domain("b") && !is_domain("b.") && !is_domain(".b.com") && !is_domain("1.2.3.4"));
        for ok in ["imap.gmail.com", "mail", "10.0.0.1", "::1", "[::1]", "mail.example.com."] {
            assert!(is_host(ok), "{ok}");
        }
        for bad in ["", "a b", "imap..com", "-a.com", "999.1.1.1", "http://x", "a_b.com"] {
            assert!(!is_host(bad), "{bad}");
        }
    }

    #[test]
    fn single_line_text() {
        assert_eq!(line_problem("Refund requests"), None);
        assert_eq!(line_problem("Ümlaut — ok"), None);
        for (text, words) in [
            ("a\r\nBcc: x@y.com", "remove the line break"),
            ("a\nb", "remove the line break"),
            ("a\u{2028}b", "remove the line break"),
            ("a\tb", "Remove the tab"),
            ("a\u{7}b", "U+0007"),
            ("a\u{0}b", "U+0000"),
            ("a\u{9b}b", "U+009B"),
            ("a\u{85}b", "remove the line break"),
        ] {
            let message = line_problem(text).unwrap_or_default();
            assert!(message.contains(words), "{text:?}: {message}");
        }
        assert_eq!(text_problem("line one\r\n\tline two"), None);
        assert!(text_problem("bell\u{7}").unwrap().contains("U+0007"));
    }

    #[test]
    fn exchange_urls_are_https() {
        assert_eq!(ews_url_problem("https://mail.example.com/EWS/Exchange.asmx"), None);
        assert!(ews_url_problem("http://mail.example.com/EWS/Exchange.asmx")
            .unwrap()
            .starts_with("Use https://"));
        assert!(ews_url_problem("mail.example.com").unwrap().contains("not an https:// URL"));
        assert_eq!(parse_http_url("https://x.com/a\u{0}b"), None);
    }

    #[test]
    fn urls() {
        let u = parse_http_url("https://outlook.office365.com/EWS/Exchange.asmx").unwrap();
        assert_eq!((u.https, u.host, u.port), (true, "outlook.office365.com", None));
        let u = parse_http_url("HTTP://[::1]:8443/ews").unwrap();
        assert_eq!((u.https, u.host, u.port), (false, "[::1]", Some(8443)));
        for bad in [
            "",
            "outlook.com",
            "ftp://x.com",
            "https://",
            "https://x.com:0/",
            "https://x.com:99999",
            "https://u:p@x.com/",
            "https://a b.com",
        ] {
            assert_eq!(parse_http_url(bad), None, "{bad}");
        }
    }
}
