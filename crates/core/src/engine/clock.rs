//! The SLA clock (contract §7): due times in calendar hours or business
//! hours. Business time is wall-clock time inside the weekday windows of the
//! working time, in its zone, on days that are not holidays: an instant
//! counts when its local date is a business day and its local time lies in
//! `[open, close)`. So a window that a DST change shortens or lengthens
//! counts the real time it lasts. Work goes day by day, not minute by minute.
//!
//! Times are Unix seconds (UTC); the zone comes from jiff (offsets and
//! transitions only).

use std::collections::{HashMap, HashSet};

use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::date::{weekday_of_day, CalendarDate};
use crate::model::{Holiday, WorkingTime};

/// Days without any business time after which a due time is "not computable".
pub const SEARCH_DAYS: i64 = 367;

/// Named time zones: UTC always, zones added from TZif bytes, and (with the
/// `bundled-tz` feature) the whole IANA database.
#[derive(Debug, Clone, Default)]
pub struct Zones {
    added: HashMap<String, TimeZone>,
}

impl Zones {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a zone from its TZif file (what `/usr/share/zoneinfo/NAME` holds).
    pub fn insert_tzif(&mut self, name: &str, tzif: &[u8]) -> Result<(), String> {
        // jiff's own message is not shown: formatting its errors would put
        // all of them in the console (tens of kilobytes of WebAssembly).
        let tz = TimeZone::tzif(name, tzif)
            .map_err(|_| format!("The time zone {name} comes with TZif data that cannot be read."))?;
        self.added.insert(name.to_owned(), tz);
        Ok(())
    }

    /// Adds the zones `other` knows (fresher rules win).
    pub fn extend(&mut self, other: Zones) {
        self.added.extend(other.added);
    }

    /// The zone of that IANA name (case-insensitive), if its rules are known here.
    pub fn get(&self, name: &str) -> Option<TimeZone> {
        let name = crate::tz::canonical(name).unwrap_or(name);
        if name.eq_ignore_ascii_case("UTC") {
            return Some(TimeZone::UTC);
        }
        if let Some(tz) = self.added.get(name) {
            return Some(tz.clone());
        }
        Self::bundled(name)
    }

    #[cfg(feature = "bundled-tz")]
    fn bundled(name: &str) -> Option<TimeZone> {
        jiff::tz::db().get(name).ok()
    }

    #[cfg(not(feature = "bundled-tz"))]
    fn bundled(_name: &str) -> Option<TimeZone> {
        None
    }
}

/// A time zone reduced to what the clock asks of it.
#[derive(Debug, Clone)]
pub struct Zone {
    tz: TimeZone,
    /// A fixed offset (UTC or a zone without transitions): no look-ups.
    fixed: Option<i64>,
}

impl Zone {
    pub fn new(tz: TimeZone) -> Self {
        let fixed = tz.to_fixed_offset().ok().map(|o| i64::from(o.seconds()));
        Zone { tz, fixed }
    }

    pub fn utc() -> Self {
        Zone::new(TimeZone::UTC)
    }

    /// Offset from UTC in seconds at an instant.
    pub fn offset_at(&self, t: i64) -> i64 {
        match self.fixed {
            Some(o) => o,
            None => match Timestamp::from_second(t) {
                Ok(ts) => i64::from(self.tz.to_offset(ts).seconds()),
                Err(_) => 0,
            },
        }
    }

    /// The local date (days since 1970-01-01) of an instant.
    pub fn local_day(&self, t: i64) -> i64 {
        (t + self.offset_at(t)).div_euclid(86_400)
    }

    /// The instants whose local wall time lies in `[local_from, local_to)`
    /// (local seconds since the epoch), as UTC intervals in order.
    fn wall_interval(&self, local_from: i64, local_to: i64, out: &mut Vec<(i64, i64)>) {
        // Offsets stay within ±18 h, so every instant concerned lies in this range.
        const REACH: i64 = 18 * 3_600;
        let (lo, hi) = (local_from - REACH, local_to + REACH);
        if self.fixed.is_some() {
            let o = self.offset_at(lo);
            out.push((local_from - o, local_to - o));
            return;
        }
        let mut seg_start = lo;
        let mut offset = self.offset_at(lo);
        let transitions = Timestamp::from_second(lo).ok().into_iter().flat_map(|ts| self.tz.following(ts));
        let mut push = |from: i64, to: i64, o: i64| {
            let (a, b) = (from.max(local_from - o), to.min(local_to - o));
            if a < b {
                out.push((a, b));
            }
        };
        for tr in transitions {
            let at = tr.timestamp().as_second();
            if at >= hi {
                break;
            }
            push(seg_start, at, offset);
            seg_start = at;
            offset = i64::from(tr.offset().seconds());
        }
        push(seg_start, hi, offset);
    }
}

/// The working week and holidays in their zone, ready for due-time arithmetic.
#[derive(Debug, Clone)]
pub struct BusinessCalendar {
    zone: Zone,
    /// Sunday first: the window in minutes after local midnight, if open.
    week: [Option<(i64, i64)>; 7],
    holidays: HashSet<i64>,
    days: DayCache,
}

/// Each local day's business intervals as computed once: a bulk run asks
/// for the same few weeks' days a hundred thousand times, and each answer
/// costs time-zone look-ups. A pure function of the day, so what is kept
/// is what would be computed; bounded, and emptied when full.
#[derive(Debug, Default)]
struct DayCache(std::sync::Mutex<std::collections::HashMap<i64, Vec<(i64, i64)>>>);

impl Clone for DayCache {
    fn clone(&self) -> Self {
        DayCache::default()
    }
}

/// Days kept at most (a little over 20 years of them).
const DAYS_KEPT: usize = 8_192;

impl BusinessCalendar {
    pub fn new(working_time: &WorkingTime, holidays: &[Holiday], zone: Zone) -> Self {
        let mut week = [None; 7];
        for (slot, day) in week.iter_mut().zip(working_time.days()) {
            let (open, close) = day.window_minutes();
            if day.is_business_day && open < close && open >= 0 && close <= 1_440 {
                *slot = Some((open, close));
            }
        }
        let holidays = holidays
            .iter()
            .filter_map(|h| CalendarDate::parse(&h.date))
            .map(CalendarDate::days_since_epoch)
            .collect();
        BusinessCalendar { zone, week, holidays, days: DayCache::default() }
    }

    pub fn zone(&self) -> &Zone {
        &self.zone
    }

    /// The business intervals (UTC seconds) of one local day.
    pub fn day_intervals(&self, day: i64, out: &mut Vec<(i64, i64)>) {
        out.clear();
        self.with_day(day, |intervals| out.extend_from_slice(intervals));
    }

    fn compute_day(&self, day: i64, out: &mut Vec<(i64, i64)>) {
        if self.holidays.contains(&day) {
            return;
        }
        if let Some((open, close)) = self.week[weekday_of_day(day)] {
            let midnight = day * 86_400;
            self.zone.wall_interval(midnight + open * 60, midnight + close * 60, out);
        }
    }

    /// `f` of the day's intervals, computed the first time they are asked for.
    fn with_day<R>(&self, day: i64, f: impl FnOnce(&[(i64, i64)]) -> R) -> R {
        let mut days = self.days.0.lock().unwrap_or_else(|p| p.into_inner());
        if !days.contains_key(&day) {
            if days.len() >= DAYS_KEPT {
                days.clear();
            }
            let mut intervals = Vec::new();
            self.compute_day(day, &mut intervals);
            days.insert(day, intervals);
        }
        f(&days[&day])
    }

    /// `start` plus `seconds` of business time, or `None` when the calendar
    /// has a run of [`SEARCH_DAYS`] days without business time on the way.
    /// A start outside business hours counts from the next opening.
    pub fn add_business_seconds(&self, start: i64, seconds: i64) -> Option<i64> {
        if seconds <= 0 {
            return Some(start);
        }
        let mut remaining = seconds;
        let mut day = self.zone.local_day(start);
        let mut idle_days = 0;
        loop {
            let (due, had_time) = self.with_day(day, |intervals| {
                let mut had_time = false;
                for &(from, to) in intervals {
                    let from = from.max(start);
                    if from < to {
                        had_time = true;
                        let available = to - from;
                        if available >= remaining {
                            return (Some(from + remaining), true);
                        }
                        remaining -= available;
                    }
                }
                (None, had_time)
            });
            if due.is_some() {
                return due;
            }
            idle_days = if had_time { 0 } else { idle_days + 1 };
            if idle_days >= SEARCH_DAYS {
                return None;
            }
            day += 1;
        }
    }
}

/// `start` plus wall-clock hours.
pub fn add_calendar_seconds(start: i64, seconds: i64) -> i64 {
    start.saturating_add(seconds)
}
