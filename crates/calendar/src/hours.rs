//! Working hours (CAL-WH): the daily working periods of a jurisdiction, with an optional
//! summer schedule.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use crate::instant::MILLIS_PER_MINUTE;

/// One working period of a day, in minutes after local midnight, `start < end <= 24:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    start_minute: u16,
    end_minute: u16,
}

/// A month and day, used for the bounds of a summer schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthDay {
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
}

/// A summer schedule: from `from` to `until` (both inclusive, within one year) the day uses
/// `periods` instead of the normal ones.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SummerSchedule {
    from: MonthDay,
    until: MonthDay,
    periods: Vec<Period>,
}

/// The working hours of a jurisdiction (CAL-WH). Default 08:30–12:00 and 14:30–18:00.
///
/// Text form: `08:30-12:00,14:30-18:00`, optionally followed by
/// `;summer 06-01..09-30 08:30-12:00,15:00-18:30`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WorkingHours {
    periods: Vec<Period>,
    summer: Option<SummerSchedule>,
}

/// Working hours that could not be parsed or are inconsistent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    /// A period is not `HH:MM-HH:MM`.
    #[error("工作时段“{text}”无效，应为 HH:MM-HH:MM，如 08:30-12:00")]
    BadPeriod {
        /// The text of the period.
        text: String,
    },
    /// A period ends before it starts, or at its start.
    #[error("工作时段“{text}”的结束时间必须晚于开始时间")]
    EmptyPeriod {
        /// The period.
        text: String,
    },
    /// No period at all.
    #[error("工作时间至少需要一个时段")]
    NoPeriod,
    /// Periods overlap or are out of order.
    #[error("工作时段“{first}”与“{second}”重叠或顺序颠倒，应按时间先后排列且互不重叠")]
    Overlap {
        /// The earlier period.
        first: String,
        /// The later period.
        second: String,
    },
    /// The summer part is not `summer MM-DD..MM-DD periods`.
    #[error("夏季作息“{text}”无效，应为 summer MM-DD..MM-DD 08:30-12:00,15:00-18:30")]
    BadSummer {
        /// The summer text.
        text: String,
    },
}

impl Period {
    /// A period from `start` to `end`, both `(hour, minute)`; `(24, 0)` is allowed as an end.
    pub fn new(start: (u32, u32), end: (u32, u32)) -> Result<Period, HoursError> {
        let text = format!("{:02}:{:02}-{:02}:{:02}", start.0, start.1, end.0, end.1);
        let to_minute = |(hour, minute): (u32, u32)| -> Option<u16> {
            let total = hour.checked_mul(60)?.checked_add(minute)?;
            (minute < 60 && total <= 24 * 60)
                .then(|| u16::try_from(total).ok())
                .flatten()
        };
        let (Some(start_minute), Some(end_minute)) = (to_minute(start), to_minute(end)) else {
            return Err(HoursError::BadPeriod { text });
        };
        if end_minute <= start_minute {
            return Err(HoursError::EmptyPeriod { text });
        }
        Ok(Period {
            start_minute,
            end_minute,
        })
    }

    /// Milliseconds after local midnight at which the period starts.
    pub fn start_millis(&self) -> i64 {
        i64::from(self.start_minute) * MILLIS_PER_MINUTE
    }

    /// Milliseconds after local midnight at which the period ends.
    pub fn end_millis(&self) -> i64 {
        i64::from(self.end_minute) * MILLIS_PER_MINUTE
    }

    fn length_millis(&self) -> i64 {
        self.end_millis() - self.start_millis()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}:{:02}-{:02}:{:02}",
            self.start_minute / 60,
            self.start_minute % 60,
            self.end_minute / 60,
            self.end_minute % 60
        )
    }
}

impl FromStr for Period {
    type Err = HoursError;
    fn from_str(text: &str) -> Result<Period, HoursError> {
        let bad = || HoursError::BadPeriod {
            text: text.trim().to_owned(),
        };
        let (start, end) = text.trim().split_once('-').ok_or_else(bad)?;
        let clock = |part: &str| -> Option<(u32, u32)> {
            let (hour, minute) = part.trim().split_once(':')?;
            if minute.len() != 2 {
                return None;
            }
            Some((hour.parse().ok()?, minute.parse().ok()?))
        };
        let (Some(start), Some(end)) = (clock(start), clock(end)) else {
            return Err(bad());
        };
        Period::new(start, end)
    }
}

fn parse_periods(text: &str) -> Result<Vec<Period>, HoursError> {
    let periods = text
        .split(',')
        .filter(|part| !part.trim().is_empty())
        .map(str::parse)
        .collect::<Result<Vec<Period>, HoursError>>()?;
    check_periods(&periods)?;
    Ok(periods)
}

fn check_periods(periods: &[Period]) -> Result<(), HoursError> {
    if periods.is_empty() {
        return Err(HoursError::NoPeriod);
    }
    for pair in periods.windows(2) {
        if let [first, second] = pair
            && second.start_minute < first.end_minute
        {
            return Err(HoursError::Overlap {
                first: first.to_string(),
                second: second.to_string(),
            });
        }
    }
    Ok(())
}

fn write_periods(f: &mut fmt::Formatter<'_>, periods: &[Period]) -> fmt::Result {
    for (index, period) in periods.iter().enumerate() {
        if index > 0 {
            f.write_str(",")?;
        }
        write!(f, "{period}")?;
    }
    Ok(())
}

impl MonthDay {
    fn of(date: NaiveDate) -> MonthDay {
        MonthDay {
            month: date.month(),
            day: date.day(),
        }
    }
}

impl FromStr for MonthDay {
    type Err = ();
    fn from_str(text: &str) -> Result<MonthDay, ()> {
        let (month, day) = text.trim().split_once('-').ok_or(())?;
        let month_day = MonthDay {
            month: month.parse().map_err(|_| ())?,
            day: day.parse().map_err(|_| ())?,
        };
        // 2000 is a leap year, so 02-29 is accepted.
        NaiveDate::from_ymd_opt(2000, month_day.month, month_day.day)
            .map(|_| month_day)
            .ok_or(())
    }
}

impl SummerSchedule {
    /// A summer schedule from `from` to `until` inclusive (`from <= until`).
    pub fn new(
        from: MonthDay,
        until: MonthDay,
        periods: Vec<Period>,
    ) -> Result<SummerSchedule, HoursError> {
        check_periods(&periods)?;
        if until < from {
            return Err(HoursError::BadSummer {
                text: format!(
                    "{:02}-{:02}..{:02}-{:02}",
                    from.month, from.day, until.month, until.day
                ),
            });
        }
        Ok(SummerSchedule {
            from,
            until,
            periods,
        })
    }

    /// First day of the summer schedule.
    pub fn from(&self) -> MonthDay {
        self.from
    }

    /// Last day of the summer schedule.
    pub fn until(&self) -> MonthDay {
        self.until
    }

    /// The summer periods.
    pub fn periods(&self) -> &[Period] {
        &self.periods
    }

    /// True when `date` falls inside the summer schedule.
    pub fn contains(&self, date: NaiveDate) -> bool {
        let month_day = MonthDay::of(date);
        self.from <= month_day && month_day <= self.until
    }
}

impl fmt::Display for SummerSchedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "summer {:02}-{:02}..{:02}-{:02} ",
            self.from.month, self.from.day, self.until.month, self.until.day
        )?;
        write_periods(f, &self.periods)
    }
}

impl FromStr for SummerSchedule {
    type Err = HoursError;
    fn from_str(text: &str) -> Result<SummerSchedule, HoursError> {
        let bad = || HoursError::BadSummer {
            text: text.trim().to_owned(),
        };
        let rest = text.trim().strip_prefix("summer").ok_or_else(bad)?;
        let (range, periods) = rest.trim().split_once(' ').ok_or_else(bad)?;
        let (from, until) = range.split_once("..").ok_or_else(bad)?;
        let from = from.parse().map_err(|()| bad())?;
        let until = until.parse().map_err(|()| bad())?;
        SummerSchedule::new(from, until, parse_periods(periods)?)
    }
}

impl WorkingHours {
    /// Working hours with the given periods (sorted, non-overlapping, at least one).
    pub fn new(
        periods: Vec<Period>,
        summer: Option<SummerSchedule>,
    ) -> Result<WorkingHours, HoursError> {
        check_periods(&periods)?;
        Ok(WorkingHours { periods, summer })
    }

    /// The normal periods.
    pub fn periods(&self) -> &[Period] {
        &self.periods
    }

    /// The summer schedule, if any.
    pub fn summer(&self) -> Option<&SummerSchedule> {
        self.summer.as_ref()
    }

    /// The periods that apply on `date`.
    pub fn periods_on(&self, date: NaiveDate) -> &[Period] {
        match &self.summer {
            Some(summer) if summer.contains(date) => &summer.periods,
            _ => &self.periods,
        }
    }

    /// True when `date` uses the summer periods.
    pub(crate) fn is_summer(&self, date: NaiveDate) -> bool {
        self.summer.as_ref().is_some_and(|s| s.contains(date))
    }

    /// The periods of schedule 0 (normal) or 1 (summer).
    pub(crate) fn schedule(&self, summer: bool) -> &[Period] {
        match (&self.summer, summer) {
            (Some(schedule), true) => &schedule.periods,
            _ => &self.periods,
        }
    }
}

/// Working milliseconds of a working day with these periods.
pub(crate) fn day_length_millis(periods: &[Period]) -> i64 {
    periods.iter().map(Period::length_millis).sum()
}

/// Working milliseconds of a working day between midnight and `millis_of_day`.
pub(crate) fn worked_before(periods: &[Period], millis_of_day: i64) -> i64 {
    periods
        .iter()
        .map(|p| (millis_of_day.min(p.end_millis()) - p.start_millis()).max(0))
        .sum()
}

/// The earliest millisecond of the day by which `worked` working milliseconds have passed
/// (`0 < worked <= day length`); a total ending exactly at a period's end lands on that end.
pub(crate) fn millis_of_day_after_worked(periods: &[Period], worked: i64) -> i64 {
    let mut left = worked;
    for period in periods {
        let length = period.length_millis();
        if left <= length {
            return period.start_millis() + left;
        }
        left -= length;
    }
    periods.last().map_or(0, Period::end_millis)
}

/// The end of the last period (close of business).
pub(crate) fn close_of_business(periods: &[Period]) -> i64 {
    periods.last().map_or(0, Period::end_millis)
}

impl Default for WorkingHours {
    fn default() -> WorkingHours {
        WorkingHours {
            periods: vec![
                Period {
                    start_minute: 8 * 60 + 30,
                    end_minute: 12 * 60,
                },
                Period {
                    start_minute: 14 * 60 + 30,
                    end_minute: 18 * 60,
                },
            ],
            summer: None,
        }
    }
}

impl fmt::Display for WorkingHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_periods(f, &self.periods)?;
        if let Some(summer) = &self.summer {
            write!(f, ";{summer}")?;
        }
        Ok(())
    }
}

impl FromStr for WorkingHours {
    type Err = HoursError;
    fn from_str(text: &str) -> Result<WorkingHours, HoursError> {
        let (normal, summer) = match text.split_once(';') {
            Some((normal, summer)) => (normal, Some(summer.parse::<SummerSchedule>()?)),
            None => (text, None),
        };
        WorkingHours::new(parse_periods(normal)?, summer)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn cal_wh_default_is_0830_to_1200_and_1430_to_1800() {
        // CAL-WH
        let hours = WorkingHours::default();
        assert_eq!(hours.to_string(), "08:30-12:00,14:30-18:00");
        assert_eq!(day_length_millis(hours.periods()), 7 * 3_600_000);
        assert_eq!(
            "08:30-12:00,14:30-18:00".parse::<WorkingHours>().unwrap(),
            hours
        );
    }

    #[test]
    fn summer_schedule_round_trips_and_applies_inside_its_dates() {
        let text = "08:30-12:00,14:30-18:00;summer 06-01..09-30 08:00-12:00,15:00-18:30";
        let hours: WorkingHours = text.parse().unwrap();
        assert_eq!(hours.to_string(), text);
        let july = NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
        let may = NaiveDate::from_ymd_opt(2025, 5, 31).unwrap();
        assert_eq!(hours.periods_on(july)[1].to_string(), "15:00-18:30");
        assert_eq!(hours.periods_on(may)[1].to_string(), "14:30-18:00");
    }

    #[test]
    fn bad_hours_get_chinese_errors() {
        let cases = [
            (
                "8-12",
                "工作时段“8-12”无效，应为 HH:MM-HH:MM，如 08:30-12:00",
            ),
            (
                "12:00-08:30",
                "工作时段“12:00-08:30”的结束时间必须晚于开始时间",
            ),
            ("", "工作时间至少需要一个时段"),
            (
                "08:30-12:00,11:00-18:00",
                "工作时段“08:30-12:00”与“11:00-18:00”重叠或顺序颠倒，应按时间先后排列且互不重叠",
            ),
            (
                "25:00-26:00",
                "工作时段“25:00-26:00”无效，应为 HH:MM-HH:MM，如 08:30-12:00",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(
                text.parse::<WorkingHours>().unwrap_err().to_string(),
                message
            );
        }
    }

    #[test]
    fn worked_time_inverts() {
        let periods = WorkingHours::default().periods().to_vec();
        let hour = 3_600_000;
        assert_eq!(worked_before(&periods, 13 * hour), 3 * hour + hour / 2);
        assert_eq!(
            millis_of_day_after_worked(&periods, 3 * hour + hour / 2),
            12 * hour
        );
        assert_eq!(millis_of_day_after_worked(&periods, 4 * hour), 15 * hour);
    }
}
