//! The home page written into the console's own page (index.html), so the
//! browser paints it while the module loads: from the same areas, heading
//! and lead the page draws (`src/areas.rs`, read here as a module of this
//! crate), in the markup the page's view makes (`src/pages/home.rs`;
//! e2e/shell.spec.ts checks the two line up). It sits in a `<template>`:
//! index.html's own script puts it in place only where the console is about
//! to draw the home page (at `/`, signed in), and the console swaps it for
//! its own in one frame.

use std::fmt::Write;
use std::path::Path;

#[path = "../../../src/areas.rs"]
#[allow(dead_code)]
mod areas;

/// The engine's escaping (what trigger emails use), not a second one.
#[path = "../../core/src/html.rs"]
mod html;

/// Where index.html takes the page.
const MARKER: &str = "<!-- anytime:home -->";

/// Replaces the marker in `dir/index.html` with the home page (Trunk
/// writes the page; a build into a folder of its own has none).
pub fn write_into(dir: &Path) -> Result<(), String> {
    let path = dir.join("index.html");
    if !path.exists() {
        return Ok(());
    }
    let page = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let written = fill(&page)?;
    std::fs::write(&path, written).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn fill(page: &str) -> Result<String, String> {
    if page.matches(MARKER).count() != 1 {
        return Err(format!("index.html must hold '{MARKER}' once, where the home page goes"));
    }
    Ok(page.replacen(MARKER, &template(), 1))
}

/// The page's view, as Leptos writes it (no white space between elements).
fn template() -> String {
    let mut html = String::from(r#"<template id="anytime-static-home"><section class="at-page">"#);
    let _ = write!(
        html,
        r#"<h1 class="at-page__title">{}</h1><p class="at-page__lead">{}</p><ul class="at-cards">"#,
        escape(areas::HOME_TITLE),
        escape(areas::HOME_LEAD)
    );
    for area in &areas::AREAS {
        let _ = write!(
            html,
            r#"<li class="at-card"><a href="/{}">{}</a><p>{}</p></li>"#,
            escape(area.slug),
            escape(area.title),
            escape(area.summary)
        );
    }
    html.push_str("</ul></section></template>");
    html
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    html::escape_html(text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_area_is_a_card_with_its_link() {
        let html = template();
        assert!(html.starts_with(r#"<template id="anytime-static-home"><section class="at-page"><h1"#));
        assert_eq!(html.matches(r#"<li class="at-card">"#).count(), areas::AREAS.len());
        assert!(html.contains(r#"<a href="/working-time">Working time &amp; holidays</a>"#));
        assert!(html.contains(r#"<a href="/import">Import &amp; export</a>"#));
        assert!(!html.contains("& "), "text is escaped");
    }

    #[test]
    fn the_marker_is_replaced_once_and_must_be_there() {
        let page = format!("<body><div>{MARKER}</div></body>");
        let filled = fill(&page).unwrap();
        assert!(filled.starts_with("<body><div><template") && filled.ends_with("</template></div></body>"));
        assert!(fill("<body></body>").is_err());
        assert!(fill(&format!("{MARKER}{MARKER}")).is_err());
    }

    #[test]
    fn escaping() {
        assert_eq!(escape(r#"a & <b> "c""#), "a &amp; &lt;b&gt; &quot;c&quot;");
    }
}
