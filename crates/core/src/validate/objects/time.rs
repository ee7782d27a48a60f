//! Working time and holidays (contract §8).

use super::*;

impl Validate for WorkingTime {
    fn check(&self, _ctx: &Context<'_>, path: &str, errors: &mut ValidationErrors) {
        for (day, name) in self.days().into_iter().zip(DAY_FIELDS) {
            // A closed day's hours are kept for when it opens again: they
            // must be times too (contract §8), though in no order.
            let p = at(path, name);
            let before = errors.0.len();
            range(day.open_hour, 0, 23, at(&p, "openHour"), "The opening hour", errors);
            range(day.open_min, 0, 59, at(&p, "openMin"), "The opening minute", errors);
            range(day.close_hour, 0, 24, at(&p, "closeHour"), "The closing hour", errors);
            range(day.close_min, 0, 59, at(&p, "closeMin"), "The closing minute", errors);
            if day.close_hour == 24 && day.close_min != 0 {
                errors.add(at(&p, "closeMin"), "A day ends at 24:00; minutes must be 0 with hour 24.");
            }
            let (open, close) = day.window_minutes();
            if day.is_business_day && errors.0.len() == before && open >= close {
                errors.add(at(&p, "closeHour"), "Closing time must be after opening time.");
            }
        }
        if tz::canonical(self.time_zone.trim()).is_none() {
            errors.add(
                at(path, "timeZone"),
                format!(
                    "Unknown time zone '{}'. Use an IANA name such as Europe/Paris or UTC.",
                    self.time_zone
                ),
            );
        }
    }
}

impl Validate for Holiday {
    fn check(&self, _ctx: &Context<'_>, path: &str, errors: &mut ValidationErrors) {
        required_text(&self.title, 100, at(path, "title"), "a title", errors);
        let date = self.date.trim();
        if date.is_empty() {
            errors.add(at(path, "date"), "Choose the date.");
        } else if let Some(message) = date_problem(date) {
            errors.add(at(path, "date"), message);
        }
    }
}
