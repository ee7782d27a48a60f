//! The SLA editor's readout: when targets fall due for a conversation that
//! arrives at a given time, and the business hours that make up each wait.

use anytime_core::date::CalendarDate;
use anytime_core::engine::clock::{BusinessCalendar, Zone};

/// One stretch of business time counted towards a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stretch {
    /// "Mon 7 Dec"
    pub day: String,
    /// "16:00"
    pub from: String,
    /// "17:00" (24:00 at midnight)
    pub to: String,
    pub minutes: i64,
}

fn day_label(day: i64) -> String {
    crate::format::short_date(CalendarDate::from_days(day))
}

/// Local "HH:MM" of an instant, as seen from local day `day` (so the end
/// of a day reads 24:00, not 00:00).
fn clock(t: i64, zone: &Zone, day: i64) -> String {
    let local = t + zone.offset_at(t);
    let minutes = (local - day * 86_400).div_euclid(60);
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The business stretches between `start` and `due`, day by day; at most
/// `limit` of them (the caller says how many more there were).
pub fn stretches(calendar: &BusinessCalendar, start: i64, due: i64, limit: usize) -> (Vec<Stretch>, usize) {
    let zone = calendar.zone();
    let mut out = Vec::new();
    let mut more = 0;
    let mut intervals = Vec::new();
    let (mut day, last) = (zone.local_day(start), zone.local_day(due));
    while day <= last {
        calendar.day_intervals(day, &mut intervals);
        for &(a, b) in &intervals {
            let (a, b) = (a.max(start), b.min(due));
            if a < b {
                if out.len() < limit {
                    out.push(Stretch {
                        day: day_label(day),
                        from: clock(a, zone, day),
                        to: clock(b, zone, day),
                        minutes: (b - a) / 60,
                    });
                } else {
                    more += 1;
                }
            }
        }
        day += 1;
    }
    (out, more)
}

/// "3 h 30 min"
pub fn duration(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// A target in a readout: "1 business hour", "30 minutes",
/// "2 h 15 min of business time".
pub fn target_words(hours: i64, minutes: i64, business: bool) -> String {
    let plural = |n: i64, one: &str| if n == 1 { one.to_owned() } else { format!("{one}s") };
    let kind = if business { "business " } else { "" };
    match (hours, minutes) {
        (h, 0) => format!("{h} {kind}{}", plural(h, "hour")),
        (0, m) => format!("{m} {kind}{}", plural(m, "minute")),
        (h, m) if business => format!("{h} h {m} min of business time"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_in_words() {
        for (h, m, business, words) in [
            (1, 0, true, "1 business hour"),
            (4, 0, true, "4 business hours"),
            (24, 0, false, "24 hours"),
            (0, 30, true, "30 business minutes"),
            (0, 1, false, "1 minute"),
            (2, 15, true, "2 h 15 min of business time"),
            (2, 15, false, "2 h 15 min"),
        ] {
            assert_eq!(target_words(h, m, business), words);
        }
    }
    use anytime_core::{BusinessTime, Holiday, WorkingTime};

    fn ts(s: &str) -> i64 {
        anytime_core::date::DateTime::parse(s).unwrap().unix_seconds()
    }

    #[test]
    fn the_math_of_a_wait_day_by_day() {
        let nine_to_five = BusinessTime::open(9, 0, 17, 0);
        let wt = WorkingTime {
            monday_business_time: nine_to_five,
            tuesday_business_time: nine_to_five,
            wednesday_business_time: BusinessTime::CLOSED,
            thursday_business_time: nine_to_five,
            friday_business_time: BusinessTime::open(9, 0, 24, 0),
            time_zone: "UTC".into(),
            ..WorkingTime::default()
        };
        let closed = Holiday { id: String::new(), title: "Closed".into(), date: "2026-12-08".into() };
        let calendar = BusinessCalendar::new(&wt, &[closed], Zone::utc());
        // Monday 16:00 + 10 business hours: 1 h Monday, Tuesday is a holiday,
        // Wednesday is closed, 8 h Thursday, 1 h Friday.
        let start = ts("2026-12-07T16:00:00Z");
        let due = calendar.add_business_seconds(start, 10 * 3_600).unwrap();
        let (steps, more) = stretches(&calendar, start, due, 10);
        assert_eq!(more, 0);
        let text: Vec<String> =
            steps.iter().map(|s| format!("{} {}–{} {}", s.day, s.from, s.to, duration(s.minutes))).collect();
        assert_eq!(
            text,
            ["Mon 7 Dec 16:00–17:00 1 h", "Thu 10 Dec 09:00–17:00 8 h", "Fri 11 Dec 09:00–10:00 1 h"]
        );
        // A day that closes at midnight reads 24:00; the list is capped.
        let late = ts("2026-12-11T20:00:00Z");
        let due = calendar.add_business_seconds(late, 4 * 3_600 + 60).unwrap();
        let (steps, more) = stretches(&calendar, late, due, 1);
        assert_eq!((steps[0].to.as_str(), more), ("24:00", 1));
        assert_eq!(duration(90), "1 h 30 min");
        assert_eq!(duration(45), "45 min");
    }
}
