//! Text made safe to put in HTML. No dependencies: the console's build tool
//! (`crates/build`) reads this file as a module of its own, for the page it
//! writes, so the two escape alike.

/// Appends `s` to `out` with the characters HTML gives meaning escaped.
pub fn escape_html(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}
