//! What the server's HTML cleaning (ammonia's defaults) will take out of a
//! trigger's email, said before saving: the console shows it under the
//! preview, so an admin is not surprised that the styles or a form went.
//! The server's tests hold this against ammonia itself.

/// Tags kept (ammonia's default list).
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "area",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "map",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Tags removed with what is inside them.
const WITH_CONTENT: &[&str] = &["script", "style"];

/// A document's frame: removed, but nothing a reader sees goes with it.
const FRAME: &[&str] = &["html", "head", "body"];

/// Attributes kept on every tag.
const GENERIC: &[&str] = &["lang", "title"];

/// Attributes kept on some tags.
fn tag_attributes(tag: &str) -> &'static [&'static str] {
    match tag {
        "a" => &["href", "hreflang"],
        "bdo" => &["dir"],
        "blockquote" | "q" => &["cite"],
        "col" | "colgroup" => &["align", "char", "charoff", "span"],
        "del" | "ins" => &["cite", "datetime"],
        "hr" => &["align", "size", "width"],
        "img" => &["align", "alt", "height", "src", "width"],
        "ol" => &["start"],
        "table" => &["align", "char", "charoff", "summary"],
        "tbody" | "tfoot" | "thead" | "tr" => &["align", "char", "charoff"],
        "td" => &["align", "char", "charoff", "colspan", "headers", "rowspan"],
        "th" => &["align", "char", "charoff", "colspan", "headers", "rowspan", "scope"],
        _ => &[],
    }
}

/// Link schemes kept; relative links are kept too.
const SCHEMES: &[&str] = &[
    "bitcoin",
    "ftp",
    "ftps",
    "geo",
    "http",
    "https",
    "im",
    "irc",
    "ircs",
    "magnet",
    "mailto",
    "mms",
    "mx",
    "news",
    "nntp",
    "openpgp4fpr",
    "sip",
    "sms",
    "smsto",
    "ssh",
    "tel",
    "url",
    "webcal",
    "wtai",
    "xmpp",
];

/// One opening tag: its name and its attributes (name, value), lower-case names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub attributes: Vec<(String, String)>,
}

/// The opening tags of an HTML text, in order, as the browser reads them
/// (comments and the content of script, style and the like are no tags).
pub fn opening_tags(html: &str) -> Vec<Tag> {
    crate::markup::tags(html)
        .filter(|t| !t.end)
        .map(|t| Tag {
            name: t.name.to_ascii_lowercase(),
            attributes: t
                .attributes
                .iter()
                .map(|a| (a.name.to_ascii_lowercase(), a.value.to_owned()))
                .collect(),
        })
        .collect()
}

/// What cleaning takes out, each thing once, in words: "the <form> tag",
/// "<script> with its content", "the style attribute", "a javascript: link".
pub fn removed_by_cleaning(html: &str) -> Vec<String> {
    let mut removed: Vec<String> = Vec::new();
    let mut say = |what: String| {
        if !removed.contains(&what) {
            removed.push(what);
        }
    };
    for tag in opening_tags(html) {
        let name = tag.name.as_str();
        if WITH_CONTENT.contains(&name) {
            say(format!("<{name}> with its content"));
            continue;
        }
        if FRAME.contains(&name) {
            continue;
        }
        if !TAGS.contains(&name) {
            say(format!("the <{name}> tag"));
            continue;
        }
        for (attr, value) in &tag.attributes {
            let kept = GENERIC.contains(&attr.as_str()) || tag_attributes(name).contains(&attr.as_str());
            if !kept {
                say(format!("the {attr} attribute"));
            } else if matches!(attr.as_str(), "href" | "src" | "cite") {
                // Relative links and the kept schemes stay.
                if let Some(scheme) = crate::markup::scheme(value).filter(|s| !SCHEMES.contains(&s.as_str()))
                {
                    say(format!("a {scheme}: link"));
                }
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_cleaning_takes_out() {
        let said = |html: &str| removed_by_cleaning(html);
        assert!(said("<p>Hi <b>{{contactName}}</b>, <a href=\"https://x.example\">see</a></p>").is_empty());
        assert!(said("<html><body><p lang=en title='t'>Hi</p></body></html>").is_empty());
        assert_eq!(
            said("<p style=\"color:red\" class=x onclick='go()'>Hi</p><p style=''>again</p>"),
            ["the style attribute", "the class attribute", "the onclick attribute"]
        );
        assert_eq!(
            said("<script>alert(1)</script><form><input name=q></form>"),
            ["<script> with its content", "the <form> tag", "the <input> tag"]
        );
        assert_eq!(
            said("<a href=\" JavaScript:evil()\">x</a><img src=\"data:image/png;base64,xx\">"),
            ["a javascript: link", "a data: link"]
        );
        // A `>` inside a quoted value does not end the tag.
        assert_eq!(said("<a title=\"a > b\" target=_blank href=/x>y</a>"), ["the target attribute"]);
        // Comments are not tags.
        assert!(said("<!-- <script> --><p>ok</p>").is_empty());
        assert!(said("a < b, and 1 <2").is_empty());
    }
}
