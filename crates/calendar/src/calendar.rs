//! The working calendar (CAL-WD) and due-time computation (CAL-DUE) over prefix tables.
//!
//! Every day from 1 January of the first known year to 31 December of the last known year
//! plus [`EXTRA_YEARS`] gets a slot in the tables: its kind, whether it is a summer day, the
//! number of working days and working milliseconds before it. Due times are then a table
//! lookup (`wd`) or a binary search (`wh`), never a walk over days. Outside the tables only
//! weekends are non-working, and the weekday count is a closed formula.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::day::{DayInfo, DayKind, Due, LocalClosedDay};
use crate::hours::{
    HoursError, Period, WorkingHours, close_of_business, day_length_millis,
    millis_of_day_after_worked, worked_before,
};
use crate::import::{EntryKind, ImportError, ScheduleEntry};
use crate::instant::{Instant, MILLIS_PER_HOUR, date_of_day_number, day_number};
use crate::limit::{Limit, LimitUnit};
use crate::weekdays::{is_weekend, weekday_of_rank, weekdays_before};

/// Years past the last known year that still get table slots (weekends only, provisional),
/// so that deadlines crossing into an unpublished year stay O(1).
pub const EXTRA_YEARS: i32 = 10;

/// A calendar that cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The working hours are invalid.
    #[error(transparent)]
    Hours(#[from] HoursError),
    /// The schedule text is invalid.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// A date appears twice among the entries.
    #[error("日期 {date} 在节假日安排中出现了两次")]
    DuplicateDate {
        /// The date.
        date: NaiveDate,
    },
    /// An imported year's entry is dated in another year.
    #[error("导入 {year} 年的安排时，日期 {date} 不在 {year} 年内")]
    EntryOutsideYear {
        /// The year imported.
        year: i32,
        /// The entry's date.
        date: NaiveDate,
    },
    /// An imported year leaves a gap after the known years.
    #[error("不能导入 {year} 年：已有安排截至 {last} 年，年份必须连续")]
    YearGap {
        /// The year imported.
        year: i32,
        /// The last known year.
        last: i32,
    },
}

/// The working calendar of one jurisdiction: national schedules, local closed days and
/// working hours (CAL-WD, CAL-WH, CAL-DUE).
#[derive(Debug, Clone)]
pub struct Calendar {
    entries: Vec<ScheduleEntry>,
    closed: Vec<LocalClosedDay>,
    hours: WorkingHours,
    /// First and last year with a schedule.
    known_years: Option<(i32, i32)>,
    /// Day numbers of the first and last day of the known years.
    known_days: Option<(i64, i64)>,
    /// Day number of the first table slot.
    base: i64,
    kinds: Vec<DayKind>,
    summer: Vec<bool>,
    names: HashMap<i64, String>,
    /// `wd_prefix[i]`: working days among the slots `0..i`; `len = slots + 1`.
    wd_prefix: Vec<u32>,
    /// `wd_slots[k]`: the slot of the k-th working day (0-based).
    wd_slots: Vec<u32>,
    /// `ms_prefix[i]`: working milliseconds among the slots `0..i`; `len = slots + 1`.
    ms_prefix: Vec<i64>,
}

impl Calendar {
    /// The national calendar: the shipped State Council schedules 2004–2026, default working
    /// hours, no local closed days.
    ///
    /// The shipped data is checked by tests (it parses, and agrees with two independent
    /// sources), so the fallback — a weekends-only calendar where every date is provisional —
    /// is unreachable in a tested build; [`Calendar::try_national`] reports the error instead.
    pub fn national() -> Calendar {
        Calendar::try_national().unwrap_or_else(|_| Calendar::weekends_only())
    }

    /// The national calendar, or the reason the shipped data does not parse.
    pub fn try_national() -> Result<Calendar, CalendarError> {
        let entries = crate::data::national_entries()?;
        Calendar::new(entries, Vec::new(), WorkingHours::default())
    }

    /// A calendar built from schedule entries (all years), local closed days and working hours.
    /// The known years run from the earliest to the latest year holding a holiday entry.
    pub fn new(
        entries: Vec<ScheduleEntry>,
        local_closed_days: Vec<LocalClosedDay>,
        hours: WorkingHours,
    ) -> Result<Calendar, CalendarError> {
        let mut entries = entries;
        entries.sort_by_key(|entry| entry.date);
        for pair in entries.windows(2) {
            if let [first, second] = pair
                && first.date == second.date
            {
                return Err(CalendarError::DuplicateDate { date: first.date });
            }
        }
        Ok(Calendar::build(entries, local_closed_days, hours))
    }

    fn weekends_only() -> Calendar {
        Calendar::build(Vec::new(), Vec::new(), WorkingHours::default())
    }

    /// This calendar with `year`'s schedule replaced by `entries` (an imported or edited year).
    /// The year must be a known year or the one right after the last known year.
    pub fn with_year(
        &self,
        year: i32,
        entries: Vec<ScheduleEntry>,
    ) -> Result<Calendar, CalendarError> {
        if let Some(entry) = entries.iter().find(|entry| entry.date.year() != year) {
            return Err(CalendarError::EntryOutsideYear {
                year,
                date: entry.date,
            });
        }
        if let Some((first, last)) = self.known_years
            && (year > last + 1 || year < first - 1)
        {
            return Err(CalendarError::YearGap { year, last });
        }
        let mut all: Vec<ScheduleEntry> = self
            .entries
            .iter()
            .filter(|entry| entry.date.year() != year)
            .cloned()
            .collect();
        all.extend(entries);
        Calendar::new(all, self.closed.clone(), self.hours.clone())
    }

    /// This calendar with the given local closed days (replacing any before).
    pub fn with_local_closed_days(&self, days: Vec<LocalClosedDay>) -> Calendar {
        Calendar::build(self.entries.clone(), days, self.hours.clone())
    }

    /// This calendar with other working hours.
    pub fn with_working_hours(&self, hours: WorkingHours) -> Calendar {
        Calendar::build(self.entries.clone(), self.closed.clone(), hours)
    }

    fn build(
        entries: Vec<ScheduleEntry>,
        closed: Vec<LocalClosedDay>,
        hours: WorkingHours,
    ) -> Calendar {
        let holiday_years = entries
            .iter()
            .filter(|entry| entry.kind == EntryKind::Holiday)
            .map(|entry| entry.date.year());
        let known_years = holiday_years.clone().min().zip(holiday_years.max());
        let known_days =
            known_years.map(|(first, last)| (first_day_of(first), first_day_of(last + 1) - 1));
        let closed_years = closed.iter().map(|day| day.date.year());
        let first_year = known_years
            .map(|(first, _)| first)
            .into_iter()
            .chain(closed_years.clone())
            .min()
            .unwrap_or(2004);
        let last_year = known_years
            .map(|(_, last)| last)
            .into_iter()
            .chain(closed_years)
            .max()
            .unwrap_or(first_year);
        let base = first_day_of(first_year);
        let end = first_day_of(last_year + EXTRA_YEARS + 1);
        let slots = usize::try_from(end - base).unwrap_or(0);

        let mut kinds: Vec<DayKind> = (base..end)
            .map(|day| {
                if is_weekend(day) {
                    DayKind::Weekend
                } else {
                    DayKind::Workday
                }
            })
            .collect();
        let mut names = HashMap::new();
        let slot_of = |date: NaiveDate| usize::try_from(day_number(date) - base).ok();
        for entry in &entries {
            if let Some(kind) = slot_of(entry.date).and_then(|slot| kinds.get_mut(slot)) {
                *kind = match entry.kind {
                    EntryKind::Holiday => DayKind::Holiday,
                    EntryKind::Makeup => DayKind::Makeup,
                };
                if let Some(name) = &entry.name {
                    names.insert(day_number(entry.date), name.clone());
                }
            }
        }
        for day in &closed {
            if let Some(kind) = slot_of(day.date).and_then(|slot| kinds.get_mut(slot))
                && kind.is_working()
            {
                *kind = DayKind::Holiday;
                names.insert(day_number(day.date), day.reason.clone());
            }
        }
        let summer: Vec<bool> = (base..end)
            .map(|day| hours.is_summer(date_of_day_number(day)))
            .collect();

        let mut wd_prefix = Vec::with_capacity(slots + 1);
        let mut ms_prefix = Vec::with_capacity(slots + 1);
        let mut wd_slots = Vec::new();
        let (mut working_days, mut working_millis) = (0u32, 0i64);
        for (slot, (kind, is_summer)) in kinds.iter().zip(&summer).enumerate() {
            wd_prefix.push(working_days);
            ms_prefix.push(working_millis);
            if kind.is_working() {
                wd_slots.push(u32::try_from(slot).unwrap_or(u32::MAX));
                working_days += 1;
                working_millis += day_length_millis(hours.schedule(*is_summer));
            }
        }
        wd_prefix.push(working_days);
        ms_prefix.push(working_millis);

        Calendar {
            entries,
            closed,
            hours,
            known_years,
            known_days,
            base,
            kinds,
            summer,
            names,
            wd_prefix,
            wd_slots,
            ms_prefix,
        }
    }

    /// The schedule entries this calendar holds, sorted by date.
    pub fn entries(&self) -> &[ScheduleEntry] {
        &self.entries
    }

    /// The local closed days.
    pub fn local_closed_days(&self) -> &[LocalClosedDay] {
        &self.closed
    }

    /// The working hours.
    pub fn working_hours(&self) -> &WorkingHours {
        &self.hours
    }

    /// The first year with a schedule.
    pub fn first_known_year(&self) -> Option<i32> {
        self.known_years.map(|(first, _)| first)
    }

    /// The last year with a schedule; dates after it are provisional.
    pub fn last_known_year(&self) -> Option<i32> {
        self.known_years.map(|(_, last)| last)
    }

    /// True when `year` has a schedule.
    pub fn has_year(&self, year: i32) -> bool {
        self.known_years
            .is_some_and(|(first, last)| first <= year && year <= last)
    }

    /// Why `date` is or is not a working day (CAL-WD).
    pub fn day_info(&self, date: NaiveDate) -> DayInfo {
        let day = day_number(date);
        DayInfo {
            kind: self.kind_of(day),
            name: self.names.get(&day).cloned(),
            provisional: self.is_provisional(day),
        }
    }

    /// True when `date` is a working day (CAL-WD).
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.kind_of(day_number(date)).is_working()
    }

    /// The due instant of `limit` counted from `start` (CAL-DUE).
    ///
    /// - `N wd`: the start day does not count (民法典 第二百零一条：开始的当日不计入，自下一日
    ///   开始计算); the limit ends at close of business — the end of the last working period —
    ///   of the N-th working day after the start day (民法典 第二百零三条：有业务时间的，停止
    ///   业务活动的时间为截止时间).
    /// - `N wh`: N hours of working time, counted only inside the working periods of working
    ///   days; a start outside working time starts counting at the next period's start. A
    ///   total ending exactly at a period's end is due at that end (12:00, not 14:30).
    /// - `N h`: start + N natural hours.
    /// - `N d`: the start day does not count; due at 24:00 of the N-th natural day after it
    ///   (00:00 of the day after).
    /// - `0 wd` (a 即办件's limit, SVC-PROMISE): due at close of business of the working day
    ///   under way at the start — the first working day whose close is after the start, so a
    ///   start after close or on a day off gives the next working day's close. "0 working days"
    ///   is the same working day, not the instant of the start.
    /// - `0` of the other units: due at the start.
    pub fn due(&self, start: Instant, limit: Limit) -> Due {
        let amount = i64::from(limit.amount);
        let start_day = start.local_day();
        if amount == 0 && limit.unit == LimitUnit::WorkingDays {
            return self.close_of_working_day_under_way(start);
        }
        if amount == 0 {
            return Due {
                at: start,
                provisional: false,
            };
        }
        match limit.unit {
            LimitUnit::WorkingDays => {
                // CAL-DUE: rank of the N-th working day strictly after the start day.
                let rank = self.working_days_before(start_day + 1) + amount - 1;
                let due_day = self.working_day_of_rank(rank);
                Due {
                    at: self.close_of_business(due_day),
                    provisional: self.is_provisional(start_day) || self.is_provisional(due_day),
                }
            }
            LimitUnit::WorkingHours => self.add_working_millis(start, amount * MILLIS_PER_HOUR),
            LimitUnit::Hours => Due {
                at: start.plus_millis(amount * MILLIS_PER_HOUR),
                provisional: false,
            },
            LimitUnit::Days => Due {
                at: Instant::from_local_day_millis(start_day + amount + 1, 0),
                provisional: false,
            },
        }
    }

    /// The earliest instant at which `millis` of working time have passed since `start`
    /// (CAL-WH). `millis <= 0` gives `start`.
    pub fn add_working_millis(&self, start: Instant, millis: i64) -> Due {
        let start_day = start.local_day();
        if millis <= 0 {
            return Due {
                at: start,
                provisional: self.is_provisional(start_day),
            };
        }
        let target = self.working_millis_at(start).saturating_add(millis);
        let due_day = self.last_day_before_working_millis(start_day, target);
        let left = target - self.working_millis_before(due_day);
        let millis_of_day = millis_of_day_after_worked(self.periods_of(due_day), left);
        Due {
            at: Instant::from_local_day_millis(due_day, millis_of_day),
            provisional: self.is_provisional(start_day) || self.is_provisional(due_day),
        }
    }

    /// Working milliseconds from `a` to `b` (negative when `b` is before `a`) (CAL-WH).
    pub fn working_millis_between(&self, a: Instant, b: Instant) -> i64 {
        self.working_millis_at(b) - self.working_millis_at(a)
    }

    /// Working days in the local days `(after, until]`, i.e. after `after`'s day up to and
    /// including `until`'s day; negative when `until` is earlier.
    pub fn working_days_between(&self, after: NaiveDate, until: NaiveDate) -> i64 {
        self.working_days_before(day_number(until) + 1)
            - self.working_days_before(day_number(after) + 1)
    }

    /// The `n`-th working day before `date` (n ≥ 1), or `date` itself for n = 0 when working.
    pub fn nth_working_day_before(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let rank = self.working_days_before(day_number(date)) - i64::from(n);
        date_of_day_number(self.working_day_of_rank(rank))
    }

    /// Close of business (end of the last working period) of `date`.
    pub fn close_of_business_on(&self, date: NaiveDate) -> Instant {
        self.close_of_business(day_number(date))
    }

    /// SVC-PROMISE, CAL-DUE `0 wd`: close of business of the working day under way at
    /// `start` — `start`'s own day when it is a working day not yet closed, otherwise the next
    /// working day.
    pub fn close_of_working_day_under_way(&self, start: Instant) -> Due {
        let start_day = start.local_day();
        let same_day =
            self.kind_of(start_day).is_working() && self.close_of_business(start_day) > start;
        let due_day = if same_day {
            start_day
        } else {
            self.working_day_of_rank(self.working_days_before(start_day + 1))
        };
        Due {
            at: self.close_of_business(due_day),
            provisional: self.is_provisional(start_day) || self.is_provisional(due_day),
        }
    }

    // ----- day-number internals -------------------------------------------------------

    fn end(&self) -> i64 {
        self.base + self.kinds.len() as i64
    }

    fn slot(&self, day: i64) -> Option<usize> {
        usize::try_from(day - self.base)
            .ok()
            .filter(|&slot| slot < self.kinds.len())
    }

    fn is_provisional(&self, day: i64) -> bool {
        self.known_days
            .is_none_or(|(first, last)| day < first || day > last)
    }

    fn kind_of(&self, day: i64) -> DayKind {
        match self.slot(day).and_then(|slot| self.kinds.get(slot)) {
            Some(kind) => *kind,
            None if is_weekend(day) => DayKind::Weekend,
            None => DayKind::Workday,
        }
    }

    fn periods_of(&self, day: i64) -> &[Period] {
        match self.slot(day).and_then(|slot| self.summer.get(slot)) {
            Some(summer) => self.hours.schedule(*summer),
            None => self.hours.periods_on(date_of_day_number(day)),
        }
    }

    pub(crate) fn close_of_business(&self, day: i64) -> Instant {
        Instant::from_local_day_millis(day, close_of_business(self.periods_of(day)))
    }

    /// Working days in `[base, day)`, negative before the table.
    pub(crate) fn working_days_before(&self, day: i64) -> i64 {
        if day <= self.base {
            return weekdays_before(day) - weekdays_before(self.base);
        }
        match self.slot(day) {
            Some(slot) => self.wd_prefix.get(slot).map_or(0, |n| i64::from(*n)),
            None => self.total_working_days() + weekdays_before(day) - weekdays_before(self.end()),
        }
    }

    fn total_working_days(&self) -> i64 {
        self.wd_slots.len() as i64
    }

    /// The working day whose `working_days_before` is `rank`.
    fn working_day_of_rank(&self, rank: i64) -> i64 {
        if rank < 0 {
            return weekday_of_rank(rank + weekdays_before(self.base));
        }
        match usize::try_from(rank)
            .ok()
            .and_then(|k| self.wd_slots.get(k))
        {
            Some(slot) => self.base + i64::from(*slot),
            None => weekday_of_rank(rank - self.total_working_days() + weekdays_before(self.end())),
        }
    }

    /// Working milliseconds in `[base, day)`, negative before the table.
    fn working_millis_before(&self, day: i64) -> i64 {
        if day <= self.base {
            return -self.outside_working_millis(day, self.base);
        }
        match self.slot(day) {
            Some(slot) => self.ms_prefix.get(slot).copied().unwrap_or(0),
            None => {
                let total = self.ms_prefix.last().copied().unwrap_or(0);
                total + self.outside_working_millis(self.end(), day)
            }
        }
    }

    /// Working milliseconds before `instant` (since the table's base).
    pub(crate) fn working_millis_at(&self, instant: Instant) -> i64 {
        let day = instant.local_day();
        let before = self.working_millis_before(day);
        if self.kind_of(day).is_working() {
            before + worked_before(self.periods_of(day), instant.local_millis_of_day())
        } else {
            before
        }
    }

    /// Working milliseconds of the weekdays in `[from, until)`, both outside the table.
    /// O(number of years spanned) with a summer schedule, O(1) without.
    fn outside_working_millis(&self, from: i64, until: i64) -> i64 {
        if until <= from {
            return 0;
        }
        let normal = day_length_millis(self.hours.periods());
        let mut total = (weekdays_before(until) - weekdays_before(from)) * normal;
        if let Some(summer) = self.hours.summer() {
            let extra = day_length_millis(summer.periods()) - normal;
            let first_year = date_of_day_number(from).year();
            let last_year = date_of_day_number(until - 1).year();
            for year in first_year..=last_year {
                let (Some(start), Some(stop)) = (
                    NaiveDate::from_ymd_opt(year, summer.from().month, summer.from().day),
                    NaiveDate::from_ymd_opt(year, summer.until().month, summer.until().day),
                ) else {
                    continue; // 02-29 in a common year
                };
                let low = day_number(start).max(from);
                let high = (day_number(stop) + 1).min(until);
                if low < high {
                    total += (weekdays_before(high) - weekdays_before(low)) * extra;
                }
            }
        }
        total
    }

    /// The day `d >= from_day` on which working time reaches `target`: the last day whose
    /// start has less than `target` working milliseconds before it, i.e. the smallest `d` with
    /// `working_millis_before(d + 1) >= target`.
    fn last_day_before_working_millis(&self, from_day: i64, target: i64) -> i64 {
        // Fast path: inside the table, a binary search over the prefix.
        if let Some(from_slot) = self.slot(from_day)
            && self.ms_prefix.last().is_some_and(|total| *total >= target)
        {
            let tail = self.ms_prefix.get(from_slot + 1..).unwrap_or_default();
            let offset = tail.partition_point(|millis| *millis < target);
            return from_day + offset as i64;
        }
        // Outside the table: exponential then binary search over day numbers.
        let mut low = from_day; // working_millis_before(low + 1) may be < target
        let mut step = 8i64;
        let mut high = from_day.saturating_add(step);
        while self.working_millis_before(high + 1) < target {
            low = high;
            step = step.saturating_mul(2);
            high = high.saturating_add(step);
        }
        if self.working_millis_before(low + 1) >= target {
            return low;
        }
        while high - low > 1 {
            let middle = low + (high - low) / 2;
            if self.working_millis_before(middle + 1) >= target {
                high = middle;
            } else {
                low = middle;
            }
        }
        high
    }
}

fn first_day_of(year: i32) -> i64 {
    NaiveDate::from_ymd_opt(year, 1, 1).map_or(0, day_number)
}
