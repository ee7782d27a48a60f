//! The working-time form's text: "09:00" ↔ hours and minutes (24:00 allowed
//! as a closing time).

use anytime_core::BusinessTime;

/// "HH:MM" → (hour, minute), accepting "9:00" and "24:00".
pub fn parse_time(text: &str) -> Option<(i64, i64)> {
    let (h, m) = text.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m) = (h.parse::<i64>().ok()?, m.parse::<i64>().ok()?);
    ((0..=23).contains(&h) && (0..=59).contains(&m) || (h == 24 && m == 0)).then_some((h, m))
}

/// The opening and closing times as the form shows them.
pub fn times(day: &BusinessTime) -> (String, String) {
    (crate::format::time(day.open_hour, day.open_min), crate::format::time(day.close_hour, day.close_min))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day() {
        assert_eq!(parse_time("09:00"), Some((9, 0)));
        assert_eq!(parse_time(" 9:30 "), Some((9, 30)));
        assert_eq!(parse_time("24:00"), Some((24, 0)));
        for bad in ["24:30", "25:00", "9", "09:0", "09:60", "ab:cd", "", "-1:00"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        assert_eq!(times(&BusinessTime::open(9, 0, 24, 0)), ("09:00".into(), "24:00".into()));
    }
}
