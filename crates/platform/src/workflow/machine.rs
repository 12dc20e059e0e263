//! The pure half of the kernel (no database, runtime or clock read): the clocks a subject
//! carries in its snapshot and the one [`ClockEvent`] vocabulary (start, stop, pause with
//! reason, resume, extend) a domain's state machine emits for them. A domain keeps its own
//! clock kinds (an enum implementing [`ClockRule`]); the helpers here change a subject's
//! clocks and return the events, so no machine writes clock bookkeeping of its own.

use calendar::{Calendar, Clock, ClockError, Instant, Light, LightRule, Limit};

use crate::ids::UnitId;

/// A domain's kind of clock: the rule it enforces (its rows in the clock table are filed
/// under it) and the stable code its history rows carry.
pub trait ClockRule: Copy + Eq + std::fmt::Debug {
    /// The rule ID, e.g. `HL-SIGN`, `SVC-PROMISE`.
    fn rule_id(self) -> &'static str;
    /// The stable code, e.g. `sign`, `stage_1`.
    fn code(self) -> String;
}

/// One clock of a subject: what it measures, the responsible unit (`None`: the domain's
/// default unit, e.g. the hotline centre), the calendar clock, and when it stopped.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SubjectClock<K> {
    /// What it measures.
    pub kind: K,
    /// The responsible unit; `None` for the domain's own (default) unit.
    pub unit: Option<UnitId>,
    /// Start, limit, pauses, extensions.
    #[serde(with = "crate::snapshot::clock")]
    pub clock: Clock,
    /// When it stopped (the step it measured was done or became moot).
    #[serde(with = "crate::snapshot::opt_instant")]
    pub stopped_at: Option<Instant>,
}

impl<K> SubjectClock<K> {
    /// Still running or paused (not stopped).
    pub fn is_running(&self) -> bool {
        self.stopped_at.is_none()
    }

    /// Its due instant on `calendar`.
    pub fn due(&self, calendar: &Calendar) -> Instant {
        self.clock.due(calendar).at
    }

    /// Running and past its due instant at `now`.
    pub fn is_overdue(&self, calendar: &Calendar, now: Instant) -> bool {
        self.is_running() && !self.clock.is_met(calendar, now)
    }

    /// Its light at `now` (CAL-LIGHT); a stopped clock is green.
    pub fn light(&self, calendar: &Calendar, now: Instant, rule: &LightRule) -> Light {
        if self.is_running() {
            self.clock.light(calendar, now, rule)
        } else {
            Light::Green
        }
    }
}

/// What happened to one clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClockChange {
    /// CAL-DUE: started; due at `due`.
    Started { due: Instant },
    /// Stopped at `at`; `met` when by its due instant.
    Stopped { at: Instant, met: bool },
    /// CAL-PAUSE: paused at `at` for `reason`, under the rule `cause` (SVC-SPECIAL, HL-HANG).
    Paused {
        at: Instant,
        reason: String,
        cause: &'static str,
    },
    /// Resumed at `at`; the due instant moved by the paused working time to `due`.
    Resumed {
        at: Instant,
        due: Instant,
        cause: &'static str,
    },
    /// `amount` added under the rule `cause` (HL-EXTEND), with the reason; due at `due`.
    Extended {
        amount: Limit,
        due: Instant,
        reason: String,
        cause: &'static str,
    },
}

/// One change of one clock of a subject. The clock is named as its row was started: kind
/// (hence rule), unit, start and limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockEvent<K> {
    pub kind: K,
    pub unit: Option<UnitId>,
    pub start: Instant,
    pub limit: Limit,
    pub change: ClockChange,
}

impl<K: ClockRule> ClockEvent<K> {
    /// The rule that caused the change: the clock's own, or the cause of a pause, resumption
    /// or extension.
    pub fn cause(&self) -> &'static str {
        match &self.change {
            ClockChange::Paused { cause, .. }
            | ClockChange::Resumed { cause, .. }
            | ClockChange::Extended { cause, .. } => cause,
            ClockChange::Started { .. } | ClockChange::Stopped { .. } => self.kind.rule_id(),
        }
    }

    /// The history row's kind code.
    pub fn code(&self) -> &'static str {
        match self.change {
            ClockChange::Started { .. } => "clock_started",
            ClockChange::Stopped { .. } => "clock_stopped",
            ClockChange::Paused { .. } => "clock_paused",
            ClockChange::Resumed { .. } => "clock_resumed",
            ClockChange::Extended { .. } => "clock_extended",
        }
    }
}

fn event<K: Copy>(entry: &SubjectClock<K>, change: ClockChange) -> ClockEvent<K> {
    ClockEvent {
        kind: entry.kind,
        unit: entry.unit,
        start: entry.clock.start(),
        limit: entry.clock.limit(),
        change,
    }
}

/// CAL-DUE: starts a clock of `kind` for `unit` at `now` with `limit`.
pub fn start<K: ClockRule>(
    clocks: &mut Vec<SubjectClock<K>>,
    kind: K,
    unit: Option<UnitId>,
    limit: Limit,
    now: Instant,
    calendar: &Calendar,
) -> ClockEvent<K> {
    let clock = Clock::new(now, limit);
    let due = clock.due(calendar).at;
    let entry = SubjectClock {
        kind,
        unit,
        clock,
        stopped_at: None,
    };
    let started = event(&entry, ClockChange::Started { due });
    clocks.push(entry);
    started
}

/// Stops the running clocks `which` picks at `now`; each is met when stopped by its due
/// instant (paused time not counted).
pub fn stop<K: ClockRule>(
    clocks: &mut [SubjectClock<K>],
    now: Instant,
    calendar: &Calendar,
    which: impl Fn(&SubjectClock<K>) -> bool,
) -> Vec<ClockEvent<K>> {
    let mut stopped = Vec::new();
    for entry in clocks.iter_mut().filter(|c| c.is_running() && which(c)) {
        let met = entry.clock.is_met(calendar, now);
        entry.stopped_at = Some(now);
        stopped.push(event(entry, ClockChange::Stopped { at: now, met }));
    }
    stopped
}

/// CAL-PAUSE: pauses a running clock for `reason` under `cause`.
pub fn pause<K: ClockRule>(
    entry: &mut SubjectClock<K>,
    now: Instant,
    reason: &str,
    cause: &'static str,
) -> Result<ClockEvent<K>, ClockError> {
    entry.clock.pause(now, reason)?;
    let change = ClockChange::Paused {
        at: now,
        reason: reason.to_owned(),
        cause,
    };
    Ok(event(entry, change))
}

/// CAL-PAUSE: resumes a paused clock; its due instant moves by the paused working time.
pub fn resume<K: ClockRule>(
    entry: &mut SubjectClock<K>,
    now: Instant,
    cause: &'static str,
    calendar: &Calendar,
) -> Result<ClockEvent<K>, ClockError> {
    entry.clock.resume(now)?;
    let due = entry.due(calendar);
    Ok(event(
        entry,
        ClockChange::Resumed {
            at: now,
            due,
            cause,
        },
    ))
}

/// Adds `amount` to a clock's limit for `reason` under `cause` (HL-EXTEND).
pub fn extend<K: ClockRule>(
    entry: &mut SubjectClock<K>,
    amount: Limit,
    reason: &str,
    cause: &'static str,
    calendar: &Calendar,
) -> Result<ClockEvent<K>, ClockError> {
    entry.clock.extend(amount, reason)?;
    let change = ClockChange::Extended {
        amount,
        due: entry.due(calendar),
        reason: reason.to_owned(),
        cause,
    };
    Ok(event(entry, change))
}

/// The stable snake-case code of a command kind from its `Debug` name
/// (`RequestSupplement` → `request_supplement`), as history and audit rows store it.
pub fn command_code(kind: &impl std::fmt::Debug) -> String {
    let mut code = String::new();
    for (i, c) in format!("{kind:?}").chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                code.push('_');
            }
            code.push(c.to_ascii_lowercase());
        } else {
            code.push(c);
        }
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;
    use calendar::LimitUnit;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Kind {
        Sign,
        Handling,
    }

    impl ClockRule for Kind {
        fn rule_id(self) -> &'static str {
            match self {
                Kind::Sign => "HL-SIGN",
                Kind::Handling => "HL-LIMITS",
            }
        }
        fn code(self) -> String {
            format!("{self:?}").to_lowercase()
        }
    }

    fn hours(amount: u32) -> Limit {
        Limit {
            amount,
            unit: LimitUnit::Hours,
        }
    }

    /// CAL-DUE, CAL-PAUSE: each helper changes the snapshot's clock and returns the event
    /// naming it by kind, unit, start and limit; a stop is met by its due instant only.
    #[test]
    fn cal_pause_the_helpers_change_the_clock_and_say_so() {
        let calendar = Calendar::national();
        let t0 = Instant::from_millis(1_000_000_000_000);
        let hour = 3_600_000;
        let after = |millis: i64| Instant::from_millis(t0.millis() + millis);
        let mut clocks = Vec::new();
        let started = start(
            &mut clocks,
            Kind::Sign,
            Some(UnitId(7)),
            hours(2),
            t0,
            &calendar,
        );
        assert_eq!(
            started.change,
            ClockChange::Started {
                due: after(2 * hour)
            }
        );
        start(&mut clocks, Kind::Handling, None, hours(1), t0, &calendar);
        let paused = pause(&mut clocks[0], after(hour), "挂账", "HL-HANG").unwrap();
        assert_eq!(paused.cause(), "HL-HANG");
        assert!(pause(&mut clocks[0], after(hour), "again", "HL-HANG").is_err());
        let resumed = resume(&mut clocks[0], after(3 * hour), "HL-HANG", &calendar);
        let due = after(4 * hour);
        assert_eq!(
            resumed.unwrap().change,
            ClockChange::Resumed {
                at: after(3 * hour),
                due,
                cause: "HL-HANG"
            }
        );
        let late = after(3 * hour + 1);
        let stopped = stop(&mut clocks, late, &calendar, |_| true);
        let met: Vec<(Kind, bool)> = stopped
            .iter()
            .map(|e| match e.change {
                ClockChange::Stopped { met, .. } => (e.kind, met),
                _ => unreachable!("only stops"),
            })
            .collect();
        assert_eq!(met, [(Kind::Sign, true), (Kind::Handling, false)]);
        assert!(stop(&mut clocks, late, &calendar, |_| true).is_empty());
        assert_eq!(stopped[0].start, t0);
        assert_eq!(stopped[0].limit, hours(2));
        assert_eq!(stopped[0].cause(), "HL-SIGN");
    }

    #[test]
    fn command_codes_are_snake_case() {
        #[derive(Debug)]
        enum Command {
            Dispatch,
            RequestSupplement,
        }
        assert_eq!(command_code(&Command::Dispatch), "dispatch");
        assert_eq!(
            command_code(&Command::RequestSupplement),
            "request_supplement"
        );
    }
}
