//! Working-day calendar and deadline clocks (rules CAL-*): pure code, no IO.
//!
//! - [`Calendar`] answers whether a date is a working day and why (CAL-WD), and computes
//!   due instants (CAL-DUE) in O(1) / O(log n) from prefix tables.
//! - [`Instant`] is an epoch-millisecond UTC instant shown in Asia/Shanghai (+08:00).
//! - [`Limit`] is a time limit such as `3wd`, `1wh`, `12h` or `30d`.
//! - [`WorkingHours`] holds the daily working periods (CAL-WH).
//! - [`Clock`] is a running deadline with pauses, extensions and a light (CAL-PAUSE, CAL-LIGHT).
//! - [`parse_schedule`] reads a year's schedule pasted by an administrator.
//!
//! "Now" is always a parameter: nothing here reads the system clock.

mod calendar;
mod clock;
mod data;
mod day;
mod hours;
mod import;
mod instant;
mod limit;
mod weekdays;

pub use calendar::{Calendar, CalendarError, EXTRA_YEARS};
pub use clock::{Clock, ClockError, Extension, Light, LightRule, Pause, Remaining};
pub use data::{NATIONAL_SCHEDULE, Notice, national_entries, national_notices};
pub use day::{DayInfo, DayKind, Due, LocalClosedDay};
pub use hours::{HoursError, MonthDay, Period, SummerSchedule, WorkingHours};
pub use import::{EntryKind, ImportError, ScheduleEntry, parse_schedule};
pub use instant::{Instant, InstantError, SHANGHAI_OFFSET_SECONDS};
pub use limit::{Limit, LimitError, LimitUnit, MAX_LIMIT_AMOUNT};
