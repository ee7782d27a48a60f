//! The expression parser never panics, and what it accepts prints to text
//! that parses back to the same tree.
#![no_main]

use anytime_core::engine::expr::{parse, parse_syntax};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(tree) = parse_syntax(text) {
        let printed = tree.to_string();
        assert_eq!(parse_syntax(&printed).as_ref(), Ok(&tree), "{printed}");
    }
    let _ = parse(text, 8);
});
