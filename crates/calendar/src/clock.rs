//! Deadline clocks (CAL-PAUSE, CAL-LIGHT): a start, a limit, pauses and extensions, with the
//! due instant, the time remaining, the light and whether the limit was met.

use crate::calendar::Calendar;
use crate::day::Due;
use crate::instant::{Instant, MILLIS_PER_HOUR};
use crate::limit::{Limit, LimitUnit};

/// A pause of a clock (special procedure, third-party consultation, supplementing materials).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pause {
    /// When the clock was paused.
    pub from: Instant,
    /// When it was resumed; `None` while still paused.
    pub until: Option<Instant>,
    /// Why (audited, shown to the applicant).
    pub reason: String,
}

/// An extension (延期) of a clock's limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    /// How much is added; its unit must be the clock's unit.
    pub amount: Limit,
    /// Why.
    pub reason: String,
}

/// A running deadline (CAL-PAUSE, CAL-LIGHT).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    start: Instant,
    limit: Limit,
    pauses: Vec<Pause>,
    extensions: Vec<Extension>,
}

/// The state of a clock's light (CAL-LIGHT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Light {
    /// 绿灯: normal.
    Green,
    /// 黄灯: approaching the due time.
    Yellow,
    /// 红灯: overdue.
    Red,
}

impl Light {
    /// `green`, `yellow`, `red`.
    pub const fn code(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Yellow => "yellow",
            Light::Red => "red",
        }
    }

    /// 绿灯, 黄灯, 红灯.
    pub const fn label_zh(self) -> &'static str {
        match self {
            Light::Green => "绿灯",
            Light::Yellow => "黄灯",
            Light::Red => "红灯",
        }
    }
}

/// When a clock turns yellow (CAL-LIGHT), from the rule profile.
///
/// Yellow when at most `yellow_percent` % of the allowed time remains (allowed and remaining
/// time measured in the limit's own kind of time: working time for `wd`/`wh`, natural time for
/// `h`/`d`), or — for `wd` limits only — once the clock is within the last
/// `yellow_working_days` working days: from close of business of the `yellow_working_days`-th
/// working day before the due day (for 1: all of the due day). 0 disables either test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LightRule {
    /// Percentage of the allowed time; default 20.
    pub yellow_percent: u32,
    /// Working days before the due day, `wd` limits only; default 1.
    pub yellow_working_days: u32,
}

impl Default for LightRule {
    fn default() -> LightRule {
        LightRule {
            yellow_percent: 20,
            yellow_working_days: 1,
        }
    }
}

/// The time a clock has left, in its own unit and in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Remaining {
    /// The clock's unit.
    pub unit: LimitUnit,
    /// Milliseconds left (working time for `wd`/`wh`, natural time for `h`/`d`); negative
    /// when overdue.
    pub millis: i64,
    /// Whole units left: for `wd` the working days after today up to the due day; for `d` the
    /// natural days after today up to the due day; for `wh`/`h` whole hours of `millis`
    /// (truncated toward zero). Negative when overdue by more than that.
    pub units: i64,
    /// The due instant has passed.
    pub overdue: bool,
    /// The clock is paused (the remaining time is frozen).
    pub paused: bool,
}

impl Remaining {
    /// `剩余3个工作日`, `已超期2小时`, `已超期`.
    pub fn label_zh(&self) -> String {
        match (self.overdue, self.units) {
            (false, units) => format!("剩余{units}{}", self.unit.label_zh()),
            (true, 0) => "已超期".to_owned(),
            (true, units) => format!("已超期{}{}", units.unsigned_abs(), self.unit.label_zh()),
        }
    }
}

/// A pause, resume or extension that is not allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    /// Pausing a paused clock.
    #[error("计时已于 {since} 暂停，不能重复暂停")]
    AlreadyPaused {
        /// When the current pause began.
        since: Instant,
    },
    /// Resuming a clock that is not paused.
    #[error("计时未暂停，不能恢复")]
    NotPaused,
    /// A pause before the clock started or before the previous resume.
    #[error("暂停时间 {at} 早于 {earliest}（计时开始或上次恢复的时间）")]
    PauseTooEarly {
        /// The pause instant.
        at: Instant,
        /// The earliest allowed instant.
        earliest: Instant,
    },
    /// Resuming before the pause began.
    #[error("恢复时间 {at} 早于暂停时间 {from}")]
    ResumeBeforePause {
        /// The resume instant.
        at: Instant,
        /// When the pause began.
        from: Instant,
    },
    /// A pause or extension without a reason.
    #[error("{what}原因不能为空")]
    MissingReason {
        /// 暂停 or 延期.
        what: &'static str,
    },
    /// An extension in another unit than the clock's.
    #[error("延期单位“{extension}”与时限单位“{limit}”不一致")]
    ExtensionUnit {
        /// The clock's unit.
        limit: LimitUnit,
        /// The extension's unit.
        extension: LimitUnit,
    },
}

impl Clock {
    /// A clock started at `start` with `limit`, not paused, not extended.
    pub fn new(start: Instant, limit: Limit) -> Clock {
        Clock {
            start,
            limit,
            pauses: Vec::new(),
            extensions: Vec::new(),
        }
    }

    /// A clock rebuilt from stored parts; checks them as [`Clock::pause`], [`Clock::resume`]
    /// and [`Clock::extend`] would.
    pub fn from_parts(
        start: Instant,
        limit: Limit,
        pauses: Vec<Pause>,
        extensions: Vec<Extension>,
    ) -> Result<Clock, ClockError> {
        let mut clock = Clock::new(start, limit);
        for pause in pauses {
            clock.pause(pause.from, pause.reason)?;
            if let Some(until) = pause.until {
                clock.resume(until)?;
            }
        }
        for extension in extensions {
            clock.extend(extension.amount, extension.reason)?;
        }
        Ok(clock)
    }

    /// Pauses the clock at `at` (CAL-PAUSE).
    pub fn pause(&mut self, at: Instant, reason: impl Into<String>) -> Result<(), ClockError> {
        let reason = reason.into();
        if reason.trim().is_empty() {
            return Err(ClockError::MissingReason { what: "暂停" });
        }
        let earliest = match self.pauses.last() {
            Some(Pause {
                from, until: None, ..
            }) => {
                return Err(ClockError::AlreadyPaused { since: *from });
            }
            Some(Pause {
                until: Some(until), ..
            }) => *until,
            None => self.start,
        };
        if at < earliest {
            return Err(ClockError::PauseTooEarly { at, earliest });
        }
        self.pauses.push(Pause {
            from: at,
            until: None,
            reason,
        });
        Ok(())
    }

    /// Resumes the clock at `at` (CAL-PAUSE).
    pub fn resume(&mut self, at: Instant) -> Result<(), ClockError> {
        match self.pauses.last_mut() {
            Some(pause) if pause.until.is_none() => {
                if at < pause.from {
                    return Err(ClockError::ResumeBeforePause {
                        at,
                        from: pause.from,
                    });
                }
                pause.until = Some(at);
                Ok(())
            }
            _ => Err(ClockError::NotPaused),
        }
    }

    /// Extends the limit by `amount` (same unit as the clock).
    pub fn extend(&mut self, amount: Limit, reason: impl Into<String>) -> Result<(), ClockError> {
        let reason = reason.into();
        if reason.trim().is_empty() {
            return Err(ClockError::MissingReason { what: "延期" });
        }
        if amount.unit != self.limit.unit {
            return Err(ClockError::ExtensionUnit {
                limit: self.limit.unit,
                extension: amount.unit,
            });
        }
        self.extensions.push(Extension { amount, reason });
        Ok(())
    }

    /// The start instant.
    pub fn start(&self) -> Instant {
        self.start
    }

    /// The limit as first set.
    pub fn limit(&self) -> Limit {
        self.limit
    }

    /// The pauses, oldest first.
    pub fn pauses(&self) -> &[Pause] {
        &self.pauses
    }

    /// The extensions, oldest first.
    pub fn extensions(&self) -> &[Extension] {
        &self.extensions
    }

    /// True while the last pause has not been resumed.
    pub fn is_paused(&self) -> bool {
        self.pauses
            .last()
            .is_some_and(|pause| pause.until.is_none())
    }

    /// The limit plus every extension.
    pub fn total_limit(&self) -> Limit {
        let added = self.extensions.iter().fold(0u32, |sum, extension| {
            sum.saturating_add(extension.amount.amount)
        });
        Limit::new(self.limit.amount.saturating_add(added), self.limit.unit)
    }

    /// The due instant (CAL-DUE, CAL-PAUSE).
    ///
    /// The due instant of the total limit, moved later by every resumed pause that began at or
    /// before the due instant as moved so far, by exactly the pause's length in the limit's
    /// kind of time: working time for `wd`/`wh`, natural time for `h`/`d`. A pause that began
    /// after the due instant does not rescue an overdue clock. While paused, the due instant is
    /// the one before the open pause; it moves when the clock is resumed.
    pub fn due(&self, calendar: &Calendar) -> Due {
        self.due_as_of(calendar, None)
    }

    /// The due instant counting only what had happened by `cutoff` (pauses begun after it are
    /// ignored; a pause still running at it is open).
    fn due_as_of(&self, calendar: &Calendar, cutoff: Option<Instant>) -> Due {
        let mut due = calendar.due(self.start, self.total_limit());
        for pause in &self.pauses {
            if pause.from > due.at || cutoff.is_some_and(|cut| pause.from > cut) {
                break;
            }
            let until = match (pause.until, cutoff) {
                (Some(until), Some(cut)) if until > cut => break,
                (Some(until), _) => until,
                (None, _) => break,
            };
            let paused = self.measure(calendar, until) - self.measure(calendar, pause.from);
            let moved = self.advance(calendar, due.at, paused);
            due = Due {
                at: moved.at,
                provisional: due.provisional || moved.provisional,
            };
        }
        due
    }

    /// `now`, or the start of the pause running at `now` (the clock is frozen while paused).
    fn frozen(&self, now: Instant) -> (Instant, bool) {
        for pause in &self.pauses {
            let running = pause.from <= now && pause.until.is_none_or(|until| now < until);
            if running {
                return (pause.from, true);
            }
        }
        (now, false)
    }

    /// The time left at `now` in the clock's own unit (CAL-LIGHT).
    pub fn remaining(&self, calendar: &Calendar, now: Instant) -> Remaining {
        let due = self.due_as_of(calendar, Some(now)).at;
        let (at, paused) = self.frozen(now);
        let millis = self.measure(calendar, due) - self.measure(calendar, at);
        let units = match self.limit.unit {
            LimitUnit::WorkingDays => {
                calendar.working_days_between(at.local_date(), due.local_date())
            }
            LimitUnit::Days => {
                let last_day = due.plus_millis(-1).local_date();
                (last_day - at.local_date()).num_days()
            }
            LimitUnit::WorkingHours | LimitUnit::Hours => millis / MILLIS_PER_HOUR,
        };
        Remaining {
            unit: self.limit.unit,
            millis,
            units,
            overdue: at > due,
            paused,
        }
    }

    /// The light at `now` (CAL-LIGHT); see [`LightRule`] for the yellow threshold.
    pub fn light(&self, calendar: &Calendar, now: Instant, rule: &LightRule) -> Light {
        let due = self.due_as_of(calendar, Some(now)).at;
        let (at, _) = self.frozen(now);
        if at > due {
            return Light::Red;
        }
        let allowed = {
            let base_due = calendar.due(self.start, self.total_limit()).at;
            self.measure(calendar, base_due) - self.measure(calendar, self.start)
        };
        let remaining = self.measure(calendar, due) - self.measure(calendar, at);
        let percent = i128::from(rule.yellow_percent);
        if rule.yellow_percent > 0 && i128::from(remaining) * 100 <= i128::from(allowed) * percent {
            return Light::Yellow;
        }
        if self.limit.unit == LimitUnit::WorkingDays && rule.yellow_working_days > 0 {
            let threshold_day =
                calendar.nth_working_day_before(due.local_date(), rule.yellow_working_days);
            let threshold = calendar.close_of_business_on(threshold_day);
            if calendar.working_millis_between(threshold, at) >= 0 {
                return Light::Yellow;
            }
        }
        Light::Green
    }

    /// True when the clock concluded at `concluded_at` met its limit (at or before the due
    /// instant, paused time not counted).
    pub fn is_met(&self, calendar: &Calendar, concluded_at: Instant) -> bool {
        let due = self.due_as_of(calendar, Some(concluded_at)).at;
        let (at, _) = self.frozen(concluded_at);
        at <= due
    }

    /// The clock's measure of time at `instant`: working or natural milliseconds.
    fn measure(&self, calendar: &Calendar, instant: Instant) -> i64 {
        if self.limit.unit.counts_working_time() {
            calendar.working_millis_at(instant)
        } else {
            instant.millis()
        }
    }

    /// The earliest instant `millis` of the clock's kind of time after `from`.
    fn advance(&self, calendar: &Calendar, from: Instant, millis: i64) -> Due {
        if self.limit.unit.counts_working_time() {
            calendar.add_working_millis(from, millis)
        } else {
            Due {
                at: from.plus_millis(millis.max(0)),
                provisional: false,
            }
        }
    }
}
