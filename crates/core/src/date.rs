//! Calendar dates and RFC 3339 timestamps as the wire carries them
//! (`YYYY-MM-DD`, `2026-12-01T17:00:00Z`). Parsing only: the time-zone and
//! business-hours arithmetic lives in the rule engine.

use std::fmt;

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CalendarDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A fixed-width run of ASCII digits (at most four here) as a number.
#[inline]
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    // Read directly: `str::parse` showed in the profile of a bulk run.
    s.bytes().try_fold(0u32, |n, b| match b {
        b'0'..=b'9' => n.checked_mul(10)?.checked_add(u32::from(b - b'0')),
        _ => None,
    })
}

impl CalendarDate {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(CalendarDate { year, month, day })
    }

    /// Exactly `YYYY-MM-DD`, and a day that exists.
    pub fn parse(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() != 10 || !s.is_ascii() || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = digits(&s[0..4])? as i32;
        let month = digits(&s[5..7])? as u8;
        let day = digits(&s[8..10])? as u8;
        Self::new(year, month, day)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

impl CalendarDate {
    /// The date `days` after 1970-01-01 (the inverse of `days_since_epoch`).
    pub fn from_days(days: i64) -> Self {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        CalendarDate { year, month, day }
    }

    /// 0 = Sunday … 6 = Saturday.
    pub fn weekday(self) -> usize {
        weekday_of_day(self.days_since_epoch())
    }
}

/// Weekday of a day number (days since 1970-01-01, a Thursday): 0 = Sunday.
pub fn weekday_of_day(days: i64) -> usize {
    (days + 4).rem_euclid(7) as usize
}

/// `2026-12-01T17:00:00Z` for a Unix time in seconds.
pub fn format_utc(seconds: i64) -> String {
    let date = CalendarDate::from_days(seconds.div_euclid(86_400));
    let s = seconds.rem_euclid(86_400);
    format!("{date}T{:02}:{:02}:{:02}Z", s / 3_600, s % 3_600 / 60, s % 60)
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// An RFC 3339 date-time with its offset, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    pub date: CalendarDate,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    /// Offset from UTC in minutes, as written (`Z` is 0).
    pub offset_minutes: i16,
}

impl DateTime {
    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; `t`/space for `T` and `z`
    /// for `Z` as RFC 3339 allows. The fraction is accepted and dropped.
    pub fn parse(s: &str) -> Option<Self> {
        // Only ASCII can be a date-time, and byte positions below are only
        // char boundaries in ASCII ("…09:00:0Ь" was found by the fuzzer).
        if s.len() < 20 || !s.is_ascii() {
            return None;
        }
        let date = CalendarDate::parse(&s[..10])?;
        if !matches!(s.as_bytes()[10], b'T' | b't' | b' ') {
            return None;
        }
        let rest = &s[11..];
        let b = rest.as_bytes();
        if b.len() < 9 || b[2] != b':' || b[5] != b':' {
            return None;
        }
        let hour = digits(&rest[0..2])? as u8;
        let minute = digits(&rest[3..5])? as u8;
        let second = digits(&rest[6..8])? as u8;
        // 60 allows a leap second, as RFC 3339 does.
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let mut tail = &rest[8..];
        if let Some(frac) = tail.strip_prefix('.') {
            let n = frac.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return None;
            }
            tail = &frac[n..];
        }
        let offset_minutes = match tail {
            "Z" | "z" => 0,
            _ => {
                let tb = tail.as_bytes();
                if tb.len() != 6 || !matches!(tb[0], b'+' | b'-') || tb[3] != b':' {
                    return None;
                }
                let oh = digits(&tail[1..3])? as i16;
                let om = digits(&tail[4..6])? as i16;
                if oh > 23 || om > 59 {
                    return None;
                }
                let sign = if tb[0] == b'-' { -1 } else { 1 };
                sign * (oh * 60 + om)
            }
        };
        Some(DateTime { date, hour, minute, second, offset_minutes })
    }

    /// Seconds since the Unix epoch (UTC).
    pub fn unix_seconds(&self) -> i64 {
        self.date.days_since_epoch() * 86_400
            + i64::from(self.hour) * 3_600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - i64::from(self.offset_minutes) * 60
    }
}

/// A condition or holiday value: a calendar date or a full timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateValue {
    Date(CalendarDate),
    DateTime(DateTime),
}

impl DateValue {
    pub fn parse(s: &str) -> Option<Self> {
        CalendarDate::parse(s).map(DateValue::Date).or_else(|| DateTime::parse(s).map(DateValue::DateTime))
    }

    /// The calendar date as written (a timestamp's own local date, not UTC's).
    pub fn date_as_written(&self) -> CalendarDate {
        match self {
            DateValue::Date(d) => *d,
            DateValue::DateTime(dt) => dt.date,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(CalendarDate::parse("2024-02-29").map(|d| d.to_string()).as_deref(), Some("2024-02-29"));
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-1-01",
            "24-01-01",
            "2024-01-32",
            "2024/01/01",
            "",
            "２０２４-01-01",
        ] {
            assert_eq!(CalendarDate::parse(bad), None, "{bad}");
        }
        assert_eq!(CalendarDate::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(CalendarDate::new(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
        assert_eq!(CalendarDate::new(1969, 12, 31).unwrap().days_since_epoch(), -1);
        for days in (-800_000..800_000).step_by(997) {
            assert_eq!(CalendarDate::from_days(days).days_since_epoch(), days);
        }
        assert_eq!(CalendarDate::parse("2026-11-30").unwrap().weekday(), 1);
        assert_eq!(format_utc(1_796_144_400), "2026-12-01T17:00:00Z");
        assert_eq!(format_utc(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn datetimes() {
        let dt = DateTime::parse("2026-12-01T17:00:00Z").unwrap();
        assert_eq!(dt.unix_seconds(), 1_796_144_400);
        let local = DateTime::parse("2026-12-01T18:00:00.123+01:00").unwrap();
        assert_eq!(local.unix_seconds(), dt.unix_seconds());
        assert_eq!(DateTime::parse("2026-12-01 09:30:00-05:30").unwrap().offset_minutes, -330);
        for bad in [
            "2026-12-01",
            "2026-12-01T25:00:00Z",
            "2026-12-01T10:00:00",
            "2026-12-01T10:00Z",
            "2026-12-01T10:00:00.Z",
            "2026-12-01T10:00:00+1:00",
        ] {
            assert_eq!(DateTime::parse(bad), None, "{bad}");
        }
        assert_eq!(
            DateValue::parse("2026-12-31T23:30:00-08:00").unwrap().date_as_written().to_string(),
            "2026-12-31"
        );
    }
}
