//! Placeholders typed into a trigger's email by clicking a field's chip:
//! inserted where the cursor is (or over the selection).

/// `text` with `token` put over the selection `start..end` (the browser's
/// offsets, in UTF-16 code units), and the cursor's place after it.
pub fn insert_at(text: &str, start: u32, end: u32, token: &str) -> (String, u32) {
    // From UTF-16 offsets to byte offsets, clamped to the text.
    let byte = |units: u32| {
        let mut seen = 0u32;
        for (i, c) in text.char_indices() {
            if seen >= units {
                return i;
            }
            seen += c.len_utf16() as u32;
        }
        text.len()
    };
    let (a, b) = (byte(start.min(end)), byte(start.max(end)));
    let out = format!("{}{token}{}", &text[..a], &text[b..]);
    let caret = text[..a].encode_utf16().count() as u32 + token.encode_utf16().count() as u32;
    (out, caret)
}

#[cfg(test)]
mod tests {
    use super::insert_at;

    #[test]
    fn placeholders_go_where_the_cursor_is() {
        assert_eq!(insert_at("Hi !", 3, 3, "{{contactName}}"), ("Hi {{contactName}}!".into(), 18));
        assert_eq!(insert_at("Hi X!", 3, 4, "{{a}}"), ("Hi {{a}}!".into(), 8));
        assert_eq!(insert_at("", 0, 0, "{{a}}"), ("{{a}}".into(), 5));
        // Past the end (a stale offset): at the end.
        assert_eq!(insert_at("ab", 9, 9, "{{a}}"), ("ab{{a}}".into(), 7));
        // UTF-16 offsets: the emoji is two code units.
        assert_eq!(insert_at("😀é", 2, 2, "{{a}}"), ("😀{{a}}é".into(), 7));
        // A backwards selection is the same selection.
        assert_eq!(insert_at("abcd", 3, 1, "-"), ("a-d".into(), 2));
    }
}
