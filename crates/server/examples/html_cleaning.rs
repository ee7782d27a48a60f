//! Figures, not assertions: how long the server's HTML cleaning (ammonia,
//! a browser's parsing algorithm) takes on pathological email HTML, and
//! which of it the core's `html_problem` refuses before cleaning.
//! `cargo run --release -p anytime-server --example html_cleaning`
use anytime_core::validate::checks::html_problem;
fn main() {
    let cases: Vec<(&str, String)> = vec![
        ("deep div 150000", "<div>".repeat(150000)),
        ("deep div 255", "<div>".repeat(255)),
        (
            "deep div 150000 after a quote in a style",
            format!("<style><a title=\"</style>{}\">", "<div>".repeat(150000)),
        ),
        (
            "deep div 150000 behind SVG's CDATA",
            format!("<svg><![CDATA[><a title=\"]]>{}\">", "<div>".repeat(150000)),
        ),
        ("bounded div 250x20", format!("{}{}", "<div>".repeat(250), "</div>".repeat(250)).repeat(20)),
        ("formatting reconstruct 8000", (0..8000).map(|i| format!("<p><b class=a{i}>x</p>")).collect()),
        (
            "formatting reconstruct 16",
            (0..16).map(|i| format!("<p><b class=a{i}>x</p>")).collect::<String>() + &"<p>y</p>".repeat(2400),
        ),
        (
            "formatting open 250 then text",
            (0..250).map(|i| format!("<b class=a{i}>")).collect::<String>() + &"<p>y</p>".repeat(2300),
        ),
        (
            "formatting 250 then blocks",
            (0..250).map(|i| format!("<font color=a{i}>")).collect::<String>()
                + &format!("{}x", "<p>").repeat(4700),
        ),
        ("misnested 4000", format!("{}{}", "<b><i>".repeat(2000), "</b>".repeat(2000))),
        ("table 4000", "<table><tr><td>".repeat(1300)),
        ("a 10000", "<a><b><i><u>x</a>".repeat(10000)),
        ("a 1200", "<a><b><i><u>x</a>".repeat(1200)),
        ("unknown tags 1MB", "<x-y a=1>".repeat(100000)),
        ("text 1MB", "word ".repeat(200000)),
    ];
    for (name, html) in cases {
        let problem = html_problem(&html);
        let t = std::time::Instant::now();
        let out = if problem.is_none() {
            ammonia::Builder::default().clean(&html).to_string()
        } else {
            String::new()
        };
        println!(
            "{name}: {} bytes, {} in {:?} (out {})",
            html.len(),
            problem.as_deref().unwrap_or("cleaned"),
            t.elapsed(),
            out.len()
        );
    }
}
