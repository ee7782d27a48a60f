use serde::{Deserialize, Deserializer, Serialize};

use crate::date::DateValue;
use crate::wire;

/// Opening hours of one weekday, in the working time's zone.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessTime {
    #[serde(default, deserialize_with = "wire::boolean")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<bool>"))]
    pub is_business_day: bool,
    #[serde(default, deserialize_with = "wire::integer")]
    pub open_hour: i64,
    #[serde(default, deserialize_with = "wire::integer")]
    pub open_min: i64,
    #[serde(default, deserialize_with = "wire::integer")]
    pub close_hour: i64,
    #[serde(default, deserialize_with = "wire::integer")]
    pub close_min: i64,
}

/// Which end of a business day a time is: a day may close at 24:00 but
/// not open then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayEnd {
    Opens,
    Closes,
}

/// A time of day as typed, "HH:MM" (or "9:00"), → (hour, minute); 24:00
/// only as a closing time — what `Validate for WorkingTime` accepts, said
/// as the admin types.
pub fn parse_time_of_day(text: &str, end: DayEnd) -> Result<(i64, i64), String> {
    let text = text.trim();
    let not_a_time = || match end {
        DayEnd::Opens => format!("'{text}' is not a time. Write HH:MM, like 09:00."),
        DayEnd::Closes => format!("'{text}' is not a time. Write HH:MM, like 09:00 (24:00 for midnight)."),
    };
    let (h, m) = text.split_once(':').ok_or_else(not_a_time)?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())
    {
        return Err(not_a_time());
    }
    let (h, m) = (h.parse::<i64>().map_err(|_| not_a_time())?, m.parse::<i64>().map_err(|_| not_a_time())?);
    match (h, m, end) {
        (0..=23, 0..=59, _) | (24, 0, DayEnd::Closes) => Ok((h, m)),
        (24, 0, DayEnd::Opens) => Err("A day cannot open at 24:00; open at 00:00 for midnight.".into()),
        _ => Err(not_a_time()),
    }
}

impl BusinessTime {
    pub const CLOSED: BusinessTime =
        BusinessTime { is_business_day: false, open_hour: 0, open_min: 0, close_hour: 0, close_min: 0 };

    pub const fn open(open_hour: i64, open_min: i64, close_hour: i64, close_min: i64) -> Self {
        BusinessTime { is_business_day: true, open_hour, open_min, close_hour, close_min }
    }

    /// Minutes after midnight of the opening and closing times (saturating:
    /// unvalidated drafts may hold any number).
    pub fn window_minutes(&self) -> (i64, i64) {
        let minutes = |h: i64, m: i64| h.saturating_mul(60).saturating_add(m);
        (minutes(self.open_hour, self.open_min), minutes(self.close_hour, self.close_min))
    }
}

fn utc() -> String {
    "UTC".to_owned()
}

/// The weekly business hours (a singleton) and the zone they are in.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkingTime {
    #[serde(default)]
    pub sunday_business_time: BusinessTime,
    #[serde(default)]
    pub monday_business_time: BusinessTime,
    #[serde(default)]
    pub tuesday_business_time: BusinessTime,
    #[serde(default)]
    pub wednesday_business_time: BusinessTime,
    /// The spec's spelling is kept on the wire.
    #[serde(default, rename = "thusdayBusinessTime", alias = "thursdayBusinessTime")]
    pub thursday_business_time: BusinessTime,
    #[serde(default)]
    pub friday_business_time: BusinessTime,
    #[serde(default)]
    pub saturday_business_time: BusinessTime,
    /// IANA zone name (contract §8).
    #[serde(default = "utc", deserialize_with = "time_zone")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub time_zone: String,
}

fn time_zone<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let raw = wire::string(d)?;
    Ok(if raw.is_empty() { utc() } else { raw })
}

/// Wire names of the seven days, Sunday first, as the spec lists them.
pub const DAY_FIELDS: [&str; 7] = [
    "sundayBusinessTime",
    "mondayBusinessTime",
    "tuesdayBusinessTime",
    "wednesdayBusinessTime",
    "thusdayBusinessTime",
    "fridayBusinessTime",
    "saturdayBusinessTime",
];

impl WorkingTime {
    /// One day, Sunday = 0 (as [`WorkingTime::days`] orders them).
    pub fn day_mut(&mut self, weekday: usize) -> Option<&mut BusinessTime> {
        Some(match weekday {
            0 => &mut self.sunday_business_time,
            1 => &mut self.monday_business_time,
            2 => &mut self.tuesday_business_time,
            3 => &mut self.wednesday_business_time,
            4 => &mut self.thursday_business_time,
            5 => &mut self.friday_business_time,
            6 => &mut self.saturday_business_time,
            _ => return None,
        })
    }

    /// The seven days, Sunday first.
    pub fn days(&self) -> [&BusinessTime; 7] {
        [
            &self.sunday_business_time,
            &self.monday_business_time,
            &self.tuesday_business_time,
            &self.wednesday_business_time,
            &self.thursday_business_time,
            &self.friday_business_time,
            &self.saturday_business_time,
        ]
    }
}

impl Default for WorkingTime {
    /// Monday to Friday, 09:00–17:00 UTC.
    fn default() -> Self {
        let day = BusinessTime::open(9, 0, 17, 0);
        WorkingTime {
            sunday_business_time: BusinessTime::CLOSED,
            monday_business_time: day,
            tuesday_business_time: day,
            wednesday_business_time: day,
            thursday_business_time: day,
            friday_business_time: day,
            saturday_business_time: BusinessTime::CLOSED,
            time_zone: utc(),
        }
    }
}

/// A day without business hours.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Holiday {
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub id: String,
    #[serde(default, deserialize_with = "wire::string")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub title: String,
    /// `YYYY-MM-DD`. A datetime is accepted; its date as written is kept.
    #[serde(default, deserialize_with = "holiday_date")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub date: String,
}

fn holiday_date<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let raw = wire::string(d)?;
    Ok(match DateValue::parse(raw.trim()) {
        Some(v) => v.date_as_written().to_string(),
        // Kept as sent so validation can quote it.
        None => raw,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_as_typed() {
        use DayEnd::*;
        let ok = |t, end| parse_time_of_day(t, end).ok();
        assert_eq!(ok("09:00", Opens), Some((9, 0)));
        assert_eq!(ok(" 9:30 ", Closes), Some((9, 30)));
        assert_eq!(ok("24:00", Closes), Some((24, 0)));
        assert_eq!(
            parse_time_of_day("24:00", Opens),
            Err("A day cannot open at 24:00; open at 00:00 for midnight.".into())
        );
        for bad in ["24:30", "25:00", "9", "09:0", "09:60", "ab:cd", "", "-1:00", "+9:00", "0x:10"] {
            assert_eq!(ok(bad, Closes), None, "{bad}");
        }
        assert_eq!(
            parse_time_of_day("9h", Closes),
            Err("'9h' is not a time. Write HH:MM, like 09:00 (24:00 for midnight).".into())
        );
        // What parses is what the core's validation accepts.
        for h in 0..=24 {
            for m in [0, 30, 59] {
                for end in [Opens, Closes] {
                    let Ok((h, m)) = parse_time_of_day(&format!("{h:02}:{m:02}"), end) else { continue };
                    let day = match end {
                        Opens => BusinessTime::open(h, m, 24, 0),
                        Closes => BusinessTime::open(0, 0, h.max(0), m),
                    };
                    let wt = WorkingTime { monday_business_time: day, ..Default::default() };
                    let errors =
                        crate::Validate::validate(&wt, &crate::Context::new(&[], &Default::default()))
                            .err()
                            .unwrap_or_default();
                    let bounds = errors.0.iter().any(|e| !e.message.contains("after opening"));
                    assert!(!bounds, "{h}:{m} {end:?} parses but is refused: {errors:?}");
                }
            }
        }
    }
}
