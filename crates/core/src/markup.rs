//! One reading of HTML's tags for everything the core says about an email's
//! HTML: how deep it nests (validation), what cleaning will take out (the
//! console's notice) and where a placeholder's value lands (the engine).
//! It follows the HTML standard's tokenizer (§13.2.5) in every part that
//! decides where a tag, an attribute or a value starts and ends — comments,
//! bogus comments, `/` and `=` between attributes, quoted and bare values,
//! and the elements whose content is not read as tags (script, style,
//! textarea, title…) — and leaves out what only changes text (character
//! references). A reading that disagreed with the browser's would let a
//! value land in an attribute the filler thought was text; the tests hold
//! this one against html5ever's tokenizer. It is the reading of HTML
//! content; SVG and MathML read otherwise (see [`may_hold_foreign`]).
//! Linear in the text.

use std::ops::Range;

/// One tag, start or end, as the browser's tokenizer reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag<'a> {
    /// `</p>` rather than `<p>`.
    pub end: bool,
    /// As written (compare it ignoring ASCII case).
    pub name: &'a str,
    /// In order, repeats included (the browser keeps the first of a name).
    pub attributes: Vec<Attribute<'a>>,
    /// Ends in `/>`.
    pub self_closing: bool,
    /// From its `<` to just past its `>`.
    pub span: Range<usize>,
    /// After the start tag of an element whose content is no tags (script,
    /// style, textarea, title…): that content, up to its end tag.
    pub raw: Option<Range<usize>>,
}

/// One attribute of a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute<'a> {
    /// As written.
    pub name: &'a str,
    /// As written, without its quotes; empty when there is none.
    pub value: &'a str,
    /// Where the value stands in the text (empty at the name's end when none).
    pub value_span: Range<usize>,
    /// `"` or `'`; `None` for a bare value or none at all.
    pub quote: Option<u8>,
}

/// The tags of an HTML text, in order; a tag the text ends inside is none
/// (the browser drops it).
pub fn tags(html: &str) -> Tags<'_> {
    Tags { html, at: 0, unfinished: None, comments: Vec::new() }
}

/// An address's scheme as a browser reads it, in lower case, `None` for a
/// relative address. Browsers ignore whitespace and control characters in a
/// scheme, so they are left out first (more than the URL parser strips:
/// this errs towards seeing a scheme).
pub fn scheme(address: &str) -> Option<String> {
    let bare: String = address.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let end = bare.find([':', '/', '?', '#'])?;
    bare[end..].starts_with(':').then(|| bare[..end].to_ascii_lowercase())
}

/// Whether `<svg` or `<math` stands anywhere in the text, whatever is
/// around it. Inside SVG and MathML the tree builder reads differently
/// (style and script are elements, `<![CDATA[` runs to `]]>`), and which
/// parts are inside depends on the tree, not the tags; so where either
/// might be, no reading of the tags alone is the browser's.
pub fn may_hold_foreign(html: &str) -> bool {
    let b = html.as_bytes();
    (0..b.len())
        .any(|i| b[i] == b'<' && (name_or_end_at(b, i + 1, "svg") || name_or_end_at(b, i + 1, "math")))
}

/// [`name_at`], or the name ending the text.
fn name_or_end_at(b: &[u8], i: usize, name: &str) -> bool {
    name_at(b, i, name) || b.get(i..).is_some_and(|w| w.eq_ignore_ascii_case(name.as_bytes()))
}

/// The iterator [`tags`] returns.
pub struct Tags<'a> {
    html: &'a str,
    at: usize,
    unfinished: Option<usize>,
    comments: Vec<Range<usize>>,
}

/// Elements whose content is text up to their end tag (RCDATA and RAWTEXT);
/// `script` has escapes of its own, `plaintext` runs to the end.
const RAW: [&str; 9] =
    ["style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title", "script"];

impl<'a> Iterator for Tags<'a> {
    type Item = Tag<'a>;

    fn next(&mut self) -> Option<Tag<'a>> {
        let b = self.html.as_bytes();
        loop {
            let lt = self.at + b.get(self.at..)?.iter().position(|&c| c == b'<')?;
            let after = b.get(lt + 1).copied();
            let next = b.get(lt + 2).copied();
            self.at = match (after, next) {
                (Some(c), _) if c.is_ascii_alphabetic() => return self.tag(lt, lt + 1, false),
                (Some(b'/'), Some(c)) if c.is_ascii_alphabetic() => return self.tag(lt, lt + 2, true),
                // `</>` is nothing at all.
                (Some(b'/'), Some(b'>')) => lt + 3,
                (Some(b'!'), _) if b[lt + 2..].starts_with(b"--") => {
                    let end = comment_end(b, lt + 4);
                    self.comments.push(lt..end);
                    end
                }
                // `<!DOCTYPE`, `<![CDATA[`, `<?xml`, `</3`: bogus comments, to the next `>`.
                (Some(b'!' | b'?'), _) | (Some(b'/'), Some(_)) => {
                    let end = past(b, lt + 2, b'>');
                    self.comments.push(lt..end);
                    end
                }
                // A `<` before anything else is text.
                _ => lt + 1,
            };
        }
    }
}

impl<'a> Tags<'a> {
    /// Where the tag the text ends inside starts (its `<`), once read to the end.
    pub fn unfinished(&self) -> Option<usize> {
        self.unfinished
    }

    /// The comments (and bogus comments: `<!DOCTYPE…>`, `<?…>`) read so
    /// far, each from its `<` to just past its end.
    pub fn comments(&self) -> &[Range<usize>] {
        &self.comments
    }

    /// The tag whose `<` is at `lt` and name at `name_at`; `None` (and the
    /// end of the reading) when the text ends inside it.
    fn tag(&mut self, lt: usize, name_at: usize, end: bool) -> Option<Tag<'a>> {
        let (html, b) = (self.html, self.html.as_bytes());
        self.at = b.len();
        self.unfinished = Some(lt);
        let mut j = name_at;
        while j < b.len() && !is_space(b[j]) && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let name = &html[name_at..j];
        let mut attributes = Vec::new();
        let mut self_closing = false;
        loop {
            // Before an attribute's name.
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            match *b.get(j)? {
                b'>' => {
                    j += 1;
                    break;
                }
                b'/' if b.get(j + 1) == Some(&b'>') => {
                    self_closing = true;
                    j += 2;
                    break;
                }
                b'/' => {
                    j += 1;
                    continue;
                }
                _ => {}
            }
            // Its name: the first character may be `=`.
            let name_start = j;
            j += 1;
            while j < b.len() && !is_space(b[j]) && !matches!(b[j], b'/' | b'>' | b'=') {
                j += 1;
            }
            let attr_name = &html[name_start..j];
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            let (value_span, quote) = if b.get(j) == Some(&b'=') {
                j += 1;
                while j < b.len() && is_space(b[j]) {
                    j += 1;
                }
                match *b.get(j)? {
                    q @ (b'"' | b'\'') => {
                        let close = j + 1 + b[j + 1..].iter().position(|&c| c == q)?;
                        let span = j + 1..close;
                        j = close + 1;
                        (span, Some(q))
                    }
                    // `a=>`: no value, and the tag ends.
                    b'>' => (j..j, None),
                    _ => {
                        let start = j;
                        while j < b.len() && !is_space(b[j]) && b[j] != b'>' {
                            j += 1;
                        }
                        (start..j, None)
                    }
                }
            } else {
                (j..j, None)
            };
            attributes.push(Attribute {
                name: attr_name,
                value: &html[value_span.clone()],
                value_span,
                quote,
            });
        }
        self.unfinished = None;
        let raw = (!end).then(|| raw_content(html, name, j)).flatten();
        self.at = raw.as_ref().map_or(j, |r| r.end);
        Some(Tag { end, name, attributes, self_closing, span: lt..j, raw })
    }
}

/// HTML's whitespace (a carriage return is a line feed by then).
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Just past the next `c` from `from`, or the end.
fn past(b: &[u8], from: usize, c: u8) -> usize {
    b.get(from..).and_then(|rest| rest.iter().position(|&x| x == c)).map_or(b.len(), |p| from + p + 1)
}

/// Just past the end of a comment whose text starts at `from` (after `<!--`):
/// `<!-->` and `<!--->` end at once, others at `-->` or `--!>`.
fn comment_end(b: &[u8], from: usize) -> usize {
    let rest = b.get(from..).unwrap_or_default();
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    (0..rest.len())
        .find_map(|i| {
            let here = &rest[i..];
            (here.starts_with(b"-->").then_some(3))
                .or(here.starts_with(b"--!>").then_some(4))
                .map(|n| from + i + n)
        })
        .unwrap_or(b.len())
}

/// The content after the start tag `name` (ending at `from`) that is no
/// tags, up to its end tag; `None` for other elements.
fn raw_content(html: &str, name: &str, from: usize) -> Option<Range<usize>> {
    let b = html.as_bytes();
    if name.eq_ignore_ascii_case("plaintext") {
        return Some(from..b.len());
    }
    let raw = RAW.iter().find(|r| r.eq_ignore_ascii_case(name))?;
    let end = if *raw == "script" {
        script_end(b, from)
    } else {
        (from..b.len()).find(|&i| end_tag_at(b, i, raw)).unwrap_or(b.len())
    };
    Some(from..end)
}

/// Whether `</name` followed by a space, `/` or `>` starts at `i`.
fn end_tag_at(b: &[u8], i: usize, name: &str) -> bool {
    b[i..].starts_with(b"</") && name_at(b, i + 2, name)
}

/// Whether `name` (any ASCII case) followed by a space, `/` or `>` starts at `i`.
fn name_at(b: &[u8], i: usize, name: &str) -> bool {
    let n = name.len();
    b.get(i..i + n).is_some_and(|w| w.eq_ignore_ascii_case(name.as_bytes()))
        && b.get(i + n).is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
}

/// Where a script's content ends: at `</script`, except inside `<!--`, where
/// a `<script` starts a stretch that only `</script` leaves and a `-->`
/// goes back to plain script (the standard's script data escape states).
fn script_end(b: &[u8], from: usize) -> usize {
    #[derive(PartialEq)]
    enum Mode {
        Plain,
        Escaped,
        Double,
    }
    let mut mode = Mode::Plain;
    let mut dashes = 0;
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        if mode == Mode::Plain {
            if c == b'<' {
                if end_tag_at(b, i, "script") {
                    return i;
                }
                if b[i + 1..].starts_with(b"!--") {
                    mode = Mode::Escaped;
                    dashes = 2;
                    i += 4;
                    continue;
                }
            }
        } else if c == b'-' {
            dashes += 1;
            i += 1;
            continue;
        } else if c == b'>' && dashes >= 2 {
            mode = Mode::Plain;
        } else if c == b'<' {
            if mode == Mode::Escaped && end_tag_at(b, i, "script") {
                return i;
            }
            if mode == Mode::Escaped && name_at(b, i + 1, "script") {
                mode = Mode::Double;
            } else if mode == Mode::Double && end_tag_at(b, i, "script") {
                mode = Mode::Escaped;
            }
        }
        dashes = 0;
        i += 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Start and end tags with their attributes, `/` for an end tag.
    fn read(html: &str) -> Vec<String> {
        tags(html)
            .map(|t| {
                let attrs: Vec<String> = t
                    .attributes
                    .iter()
                    .map(|a| match a.quote {
                        Some(q) => format!("{}={}{}{}", a.name, q as char, a.value, q as char),
                        None if a.value.is_empty() => a.name.to_owned(),
                        None => format!("{}={}", a.name, a.value),
                    })
                    .collect();
                let slash = if t.end { "/" } else { "" };
                let close = if t.self_closing { "/" } else { "" };
                format!(
                    "<{slash}{}{}{}{close}>",
                    t.name,
                    if attrs.is_empty() { "" } else { " " },
                    attrs.join(" ")
                )
            })
            .collect()
    }

    #[test]
    fn tags_as_the_browser_reads_them() {
        let cases: &[(&str, &[&str])] = &[
            ("<p>Hi <b>you</b></p>", &["<p>", "<b>", "</b>", "</p>"]),
            ("<a href = \"x\" title='a > b'>", &["<a href=\"x\" title='a > b'>"]),
            ("<a href\t=\"{{x}}\">", &["<a href=\"{{x}}\">"]),
            ("<a/href=x/y title=t/>", &["<a href=x/y title=t/>"]),
            ("<br/><br />", &["<br/>", "<br/>"]),
            ("<a =x b==c>", &["<a =x b==c>"]),
            ("<a href=\"x\"title=y>", &["<a href=\"x\" title=y>"]),
            ("a < b and 1<2 <3", &[]),
            ("<!-- <a href=x> --><b>", &["<b>"]),
            ("<!--><a><!---><b>", &["<a>", "<b>"]),
            ("<!-- a --!><i>", &["<i>"]),
            ("<!DOCTYPE html><?xml x?></3 x><i></><u>", &["<i>", "<u>"]),
            ("<style>a<b>{}</style ><i>", &["<style>", "</style>", "<i>"]),
            ("<title><a href=x></title><b>", &["<title>", "</title>", "<b>"]),
            ("<textarea></textareax><a></TEXTAREA>", &["<textarea>", "</TEXTAREA>"]),
            ("<script>if (a<b) x('</b>')</script><i>", &["<script>", "</script>", "<i>"]),
            ("<script><!--<script></script><a></script><i>", &["<script>", "</script>", "<i>"]),
            ("<script><!-- x --><a></script>", &["<script>", "</script>"]),
            ("<plaintext></plaintext><a>", &["<plaintext>"]),
            // The text ends inside a tag or a quoted value: no tag.
            ("<b>x<a href=\"y", &["<b>"]),
            ("<b><a href", &["<b>"]),
        ];
        for (html, want) in cases {
            assert_eq!(read(html), *want, "{html}");
        }
    }

    #[test]
    fn spans_point_into_the_text() {
        let html = "x<a href='/t' b>y</a>";
        let t: Vec<Tag> = tags(html).collect();
        assert_eq!(&html[t[0].span.clone()], "<a href='/t' b>");
        assert_eq!(&html[t[0].attributes[0].value_span.clone()], "/t");
        assert_eq!(t[0].attributes[1].value_span, 15..15);
        let raw: Vec<Tag> = tags("<style>p{}</style>").collect();
        assert_eq!(raw[0].raw, Some(7..10));
        assert!(
            may_hold_foreign("<p title='<SVG>'>") && may_hold_foreign("x<math") && may_hold_foreign("<svg/>")
        );
        assert!(!may_hold_foreign("<svgx><mathematics><p>svg</p>"));
    }
}

/// The browser's reading, by html5ever's tokenizer, for the tests here and
/// in the template filler: tags as (end, lower-case name, attributes with
/// their values decoded, self-closing), the content of script, style and the
/// like switched to as the tree builder does.
#[cfg(test)]
pub(crate) mod oracle {
    use std::cell::RefCell;

    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::states::RawKind;
    use html5ever::tokenizer::{
        BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
    };
    use html5ever::TokenizerResult;

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct BrowserTag {
        pub end: bool,
        pub name: String,
        pub attributes: Vec<(String, String)>,
        pub self_closing: bool,
    }

    #[derive(Default)]
    struct Sink(RefCell<Vec<BrowserTag>>);

    impl TokenSink for Sink {
        type Handle = ();

        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            let Token::TagToken(tag) = token else { return TokenSinkResult::Continue };
            let name = tag.name.to_string();
            let start = tag.kind == TagKind::StartTag;
            self.0.borrow_mut().push(BrowserTag {
                end: !start,
                name: name.clone(),
                attributes: tag
                    .attrs
                    .iter()
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect(),
                self_closing: tag.self_closing,
            });
            match name.as_str() {
                _ if !start => TokenSinkResult::Continue,
                "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                    TokenSinkResult::RawData(RawKind::Rawtext)
                }
                "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                "plaintext" => TokenSinkResult::Plaintext,
                _ => TokenSinkResult::Continue,
            }
        }
    }

    pub fn browser_tags(html: &str) -> Vec<BrowserTag> {
        let tokenizer = Tokenizer::new(Sink::default(), TokenizerOpts::default());
        let input = BufferQueue::default();
        input.push_back(StrTendril::from(html));
        while let TokenizerResult::Script(()) = tokenizer.feed(&input) {}
        tokenizer.end();
        tokenizer.sink.0.take()
    }
}

#[cfg(test)]
mod against_the_browser {
    use proptest::prelude::*;

    use super::oracle::{browser_tags, BrowserTag};

    /// Pieces that decide where tags, attributes and values start and end.
    const PIECES: &[&str] = &[
        "<",
        ">",
        "/",
        "=",
        "\"",
        "'",
        " ",
        "\t",
        "\n",
        "\r",
        "\x0c",
        "!",
        "?",
        "-",
        "--",
        "a",
        "b",
        "é",
        "x1",
        "<a",
        "</a",
        "<p ",
        "href",
        "title",
        "<!--",
        "-->",
        "--!>",
        "<!",
        "<?",
        "</",
        "<script>",
        "</script>",
        "<script ",
        "<style>",
        "</style>",
        "<title>",
        "</title ",
        "<textarea>",
        "</textarea>",
        "<plaintext>",
        "{{x}}",
        "<!DOCTYPE html>",
        "<![CDATA[",
        "]]>",
    ];

    /// Ours, in the browser's terms: names in lower case, the first of
    /// repeated attributes, line ends as the browser normalises them.
    fn ours(html: &str) -> Vec<BrowserTag> {
        let lf = |s: &str| s.replace("\r\n", "\n").replace('\r', "\n");
        super::tags(html)
            .map(|t| {
                let mut attributes: Vec<(String, String)> = Vec::new();
                for a in &t.attributes {
                    let name = lf(&a.name.to_ascii_lowercase());
                    if attributes.iter().all(|(n, _)| *n != name) {
                        attributes.push((name, lf(a.value)));
                    }
                }
                BrowserTag {
                    end: t.end,
                    name: lf(&t.name.to_ascii_lowercase()),
                    attributes,
                    self_closing: t.self_closing,
                }
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Tags, attributes and values exactly as html5ever reads them.
        #[test]
        fn every_tag_as_html5ever_reads_it(pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..40)) {
            let html = pieces.concat();
            let browser: Vec<BrowserTag> = browser_tags(&html)
                .into_iter()
                // An end tag's attributes are dropped by the tree builder; html5ever keeps them.
                .map(|mut t| { if t.end { t.attributes.clear(); t.self_closing = false; } t })
                .collect();
            let ours: Vec<BrowserTag> = ours(&html)
                .into_iter()
                .map(|mut t| { if t.end { t.attributes.clear(); t.self_closing = false; } t })
                .collect();
            prop_assert_eq!(ours, browser, "{:?}", html);
        }
    }
}
