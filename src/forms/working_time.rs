//! The working-time form's text: hours and minutes as "09:00" (the core's
//! `parse_time_of_day` reads them back).

use anytime_core::BusinessTime;

/// The opening and closing times as the form shows them.
pub fn times(day: &BusinessTime) -> (String, String) {
    (crate::format::time(day.open_hour, day.open_min), crate::format::time(day.close_hour, day.close_min))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day() {
        assert_eq!(times(&BusinessTime::open(9, 0, 24, 0)), ("09:00".into(), "24:00".into()));
    }
}
