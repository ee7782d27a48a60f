//! The SLA clock against a brute-force oracle that walks minute by minute,
//! over random schedules, holidays, zones (DST included) and durations.

use anytime_core::date::{weekday_of_day, CalendarDate, DateTime};
use anytime_core::engine::clock::{BusinessCalendar, Zone, Zones, SEARCH_DAYS};
use anytime_core::{BusinessTime, Holiday, WorkingTime};
use proptest::prelude::*;

const ZONES: &[&str] = &[
    "UTC",
    "America/New_York",
    "Europe/London",
    "Europe/Paris",
    "Australia/Lord_Howe", // 30-minute DST shifts
    "Asia/Kolkata",        // +05:30, no DST
    "America/St_Johns",    // -03:30 with DST
    "Pacific/Apia",        // skipped a whole day in 2011
];

fn zone(name: &str) -> Zone {
    Zone::new(Zones::new().get(name).unwrap_or_else(|| panic!("zone {name}")))
}

fn week(days: [Option<(i64, i64)>; 7], tz: &str) -> WorkingTime {
    let bt = |d: Option<(i64, i64)>| match d {
        Some((o, c)) => BusinessTime::open(o / 60, o % 60, c / 60, c % 60),
        None => BusinessTime::CLOSED,
    };
    WorkingTime {
        sunday_business_time: bt(days[0]),
        monday_business_time: bt(days[1]),
        tuesday_business_time: bt(days[2]),
        wednesday_business_time: bt(days[3]),
        thursday_business_time: bt(days[4]),
        friday_business_time: bt(days[5]),
        saturday_business_time: bt(days[6]),
        time_zone: tz.into(),
    }
}

fn ts(s: &str) -> i64 {
    DateTime::parse(s).unwrap().unix_seconds()
}

/// Minute by minute: is the minute starting at `t` business time?
fn oracle(
    days: &[Option<(i64, i64)>; 7],
    holidays: &[i64],
    zone: &Zone,
    start: i64,
    minutes: i64,
) -> Option<i64> {
    if minutes == 0 {
        return Some(start);
    }
    let mut needed = minutes;
    let mut t = start;
    let mut last_business_day = zone.local_day(start) - 1;
    loop {
        let local = t + zone.offset_at(t);
        let day = local.div_euclid(86_400);
        let minute = local.rem_euclid(86_400) / 60;
        let open = !holidays.contains(&day)
            && days[weekday_of_day(day)].is_some_and(|(o, c)| o <= minute && minute < c);
        if open {
            last_business_day = day;
            needed -= 1;
            if needed == 0 {
                return Some(t + 60);
            }
        } else if day - last_business_day > SEARCH_DAYS {
            return None;
        }
        t += 60;
    }
}

fn window() -> impl Strategy<Value = Option<(i64, i64)>> {
    prop_oneof![
        1 => Just(None),
        4 => (0i64..1_440, 1i64..=1_440).prop_map(|(a, len)| {
            let close = (a + len).min(1_440);
            if close > a { Some((a, close)) } else { None }
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn business_clock_matches_minute_walk(
        days in prop::array::uniform7(window()),
        zone_index in 0..ZONES.len(),
        // Starts spread over 2026–2027 so DST transitions fall inside.
        start_minute in 0i64..(2 * 365 * 1_440),
        minutes in 0i64..(5 * 1_440),
        holiday_offsets in prop::collection::vec(0i64..40, 0..6),
    ) {
        let name = ZONES[zone_index];
        let z = zone(name);
        let start = ts("2026-01-01T00:00:00Z") + start_minute * 60;
        let first_day = z.local_day(start);
        let holiday_days: Vec<i64> = holiday_offsets.iter().map(|o| first_day + o).collect();
        let holidays: Vec<Holiday> = holiday_days
            .iter()
            .map(|&d| Holiday { id: String::new(), title: "h".into(), date: CalendarDate::from_days(d).to_string() })
            .collect();
        let calendar = BusinessCalendar::new(&week(days, name), &holidays, z.clone());
        let expected = oracle(&days, &holiday_days, &z, start, minutes);
        prop_assert_eq!(calendar.add_business_seconds(start, minutes * 60), expected);
    }
}

/// Days on which one of the zones above changes its offset in 2026.
const TRANSITION_DAYS: &[&str] = &[
    "2026-03-08T00:00:00Z", // America/New_York, America/St_Johns
    "2026-03-29T00:00:00Z", // Europe/London, Europe/Paris
    "2026-04-05T00:00:00Z", // Australia/Lord_Howe, Pacific/Apia
    "2026-09-27T00:00:00Z", // Pacific/Apia
    "2026-10-04T00:00:00Z", // Australia/Lord_Howe
    "2026-10-25T00:00:00Z", // Europe
    "2026-11-01T00:00:00Z", // America
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn business_clock_matches_minute_walk_across_dst_changes(
        days in prop::array::uniform7(window()),
        zone_index in 0..ZONES.len(),
        anchor in 0..TRANSITION_DAYS.len(),
        before_minutes in 0i64..(3 * 1_440),
        minutes in 1i64..(3 * 1_440),
    ) {
        let name = ZONES[zone_index];
        let z = zone(name);
        let start = ts(TRANSITION_DAYS[anchor]) - before_minutes * 60;
        let calendar = BusinessCalendar::new(&week(days, name), &[], z.clone());
        prop_assert_eq!(calendar.add_business_seconds(start, minutes * 60), oracle(&days, &[], &z, start, minutes));
    }
}

fn nine_to_five() -> [Option<(i64, i64)>; 7] {
    let d = Some((9 * 60, 17 * 60));
    [None, d, d, d, d, d, None]
}

#[test]
fn weekend_and_overnight() {
    let cal = BusinessCalendar::new(&week(nine_to_five(), "UTC"), &[], Zone::utc());
    // Friday 16:00 + 2 business hours → Monday 10:00.
    let due = cal.add_business_seconds(ts("2026-12-04T16:00:00Z"), 2 * 3_600).unwrap();
    assert_eq!(due, ts("2026-12-07T10:00:00Z"));
    // Saturday start counts from Monday's opening; exactly a day's worth ends at the close.
    let due = cal.add_business_seconds(ts("2026-12-05T11:00:00Z"), 8 * 3_600).unwrap();
    assert_eq!(due, ts("2026-12-07T17:00:00Z"));
}

#[test]
fn windows_that_close_at_midnight_run_into_the_next_day() {
    let all_day = Some((0, 1_440));
    let cal = BusinessCalendar::new(&week([all_day; 7], "UTC"), &[], Zone::utc());
    let due = cal.add_business_seconds(ts("2026-12-01T23:00:00Z"), 3 * 3_600).unwrap();
    assert_eq!(due, ts("2026-12-02T02:00:00Z"));
}

#[test]
fn holidays_are_whole_days_in_the_working_time_zone() {
    let holidays = [Holiday { id: "h".into(), title: "Christmas".into(), date: "2026-12-25".into() }];
    let z = zone("America/New_York");
    let cal = BusinessCalendar::new(&week(nine_to_five(), "America/New_York"), &holidays, z);
    // Thursday 24 Dec 16:00 EST + 2 h: one hour Thursday, Friday is a holiday,
    // then Monday 28 Dec 09:00–10:00 EST (15:00Z).
    let due = cal.add_business_seconds(ts("2026-12-24T21:00:00Z"), 2 * 3_600).unwrap();
    assert_eq!(due, ts("2026-12-28T15:00:00Z"));
}

#[test]
fn dst_change_inside_a_window_counts_real_time() {
    // Europe/Paris springs forward on 29 March 2026 at 02:00 → 03:00.
    // A Sunday window 01:00–04:00 lasts two real hours that day.
    let mut days = [None; 7];
    days[0] = Some((60, 240));
    let z = zone("Europe/Paris");
    let cal = BusinessCalendar::new(&week(days, "Europe/Paris"), &[], z);
    let start = ts("2026-03-29T00:00:00+01:00");
    assert_eq!(cal.add_business_seconds(start, 2 * 3_600), Some(ts("2026-03-29T04:00:00+02:00")));
    // The third hour comes a week later (Sunday 5 April 01:00 CEST).
    assert_eq!(cal.add_business_seconds(start, 3 * 3_600), Some(ts("2026-04-05T02:00:00+02:00")));
}

#[test]
fn no_business_time_is_not_computable() {
    let cal = BusinessCalendar::new(&week([None; 7], "UTC"), &[], Zone::utc());
    assert_eq!(cal.add_business_seconds(ts("2026-12-01T00:00:00Z"), 3_600), None);
    // Zero needs no business time at all.
    assert_eq!(cal.add_business_seconds(ts("2026-12-01T00:00:00Z"), 0), Some(ts("2026-12-01T00:00:00Z")));
}

#[test]
fn a_year_of_holidays_is_not_computable() {
    let start = CalendarDate::parse("2026-01-01").unwrap().days_since_epoch();
    let holidays: Vec<Holiday> = (0..400)
        .map(|d| Holiday {
            id: String::new(),
            title: "closed".into(),
            date: CalendarDate::from_days(start + d).to_string(),
        })
        .collect();
    let cal = BusinessCalendar::new(&week(nine_to_five(), "UTC"), &holidays, Zone::utc());
    assert_eq!(cal.add_business_seconds(ts("2026-01-01T00:00:00Z"), 3_600), None);
}

#[test]
fn long_targets_finish() {
    // 8760 business hours of 9–17 on weekdays is about 4.2 years.
    let cal = BusinessCalendar::new(&week(nine_to_five(), "UTC"), &[], Zone::utc());
    let due = cal.add_business_seconds(ts("2026-12-01T09:00:00Z"), 8_760 * 3_600).unwrap();
    assert!(due > ts("2031-01-01T00:00:00Z") && due < ts("2031-04-01T00:00:00Z"), "{due}");
}

/// The ticket-screen helper answers as `preview` does, and says what is wrong.
#[test]
fn sla_due_times_of_one_policy() {
    use anytime_core::engine::sla_due_times;
    use anytime_core::{OperationalHour, SlaPolicy};
    let policy = SlaPolicy {
        first_respond_within: 4,
        next_respond_within: 2,
        resolve_respond_within: 24,
        operational_hour: Some(OperationalHour::BusinessHours),
        ..SlaPolicy::default()
    };
    let wt = week(nine_to_five(), "Europe/Paris");
    let christmas = Holiday { id: "h".into(), title: "Christmas".into(), date: "2026-12-25".into() };
    // Thursday 24 Dec, 15:00 Paris: 2 h that day, Christmas skipped, 2 h on Monday 28th.
    let sla = sla_due_times(&policy, &wt, &[christmas], "2026-12-24T14:00:00Z", None, &Zones::new()).unwrap();
    assert_eq!(sla.first_response.unwrap().due.as_deref(), Some("2026-12-28T10:00:00Z"));
    // 24 h: 2 on Thursday, 8 Monday, 8 Tuesday, 6 on Wednesday 30th → 15:00 Paris.
    assert_eq!(sla.resolution.unwrap().due.as_deref(), Some("2026-12-30T14:00:00Z"));
    let next = sla.next_response.unwrap();
    assert_eq!(next.due, None);
    assert!(next.note.unwrap().starts_with("The contact has not replied yet"));

    let bad = sla_due_times(&policy, &wt, &[], "soon", None, &Zones::new()).unwrap_err();
    assert_eq!(bad.0[0].field, "createdTime");
    let nowhere = week(nine_to_five(), "Mars/Olympus");
    let bad = sla_due_times(&policy, &nowhere, &[], "2026-12-24T14:00:00Z", None, &Zones::new()).unwrap_err();
    assert_eq!(bad.0[0].field, "workingTime.timeZone");
}
