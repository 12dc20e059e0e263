//! The working copy of one transition: the new case, its events, and the clock, step and
//! notification helpers every command uses.

use calendar::{Calendar, Clock, Instant, Limit};
use platform::profile::RuleProfile;

use crate::case::{Case, CaseClock, ClockKind, Event, Recipient, StepRecord};
use crate::item::Item;
use crate::{ServiceError, UnitId};

pub(crate) struct Step<'a> {
    pub case: Case,
    pub events: Vec<Event>,
    pub now: Instant,
    pub item: &'a Item,
    pub profile: &'a RuleProfile,
    pub calendar: &'a Calendar,
}

impl<'a> Step<'a> {
    pub fn new(
        case: &Case,
        item: &'a Item,
        now: Instant,
        profile: &'a RuleProfile,
        calendar: &'a Calendar,
    ) -> Step<'a> {
        Step {
            case: case.clone(),
            events: Vec::new(),
            now,
            item,
            profile,
            calendar,
        }
    }

    pub fn start_clock(&mut self, kind: ClockKind, unit: Option<UnitId>, limit: Limit) {
        let clock = Clock::new(self.now, limit);
        let due = clock.due(self.calendar).at;
        self.case.clocks.push(CaseClock {
            kind,
            unit,
            clock,
            stopped_at: None,
        });
        self.events.push(Event::ClockStarted {
            kind,
            rule: kind.rule(),
            unit,
            start: self.now,
            limit,
            due,
        });
    }

    /// Stops every running clock of `kind` (and `unit`, when given).
    pub fn stop_clocks(&mut self, kind: ClockKind, unit: Option<UnitId>) {
        let (now, calendar) = (self.now, self.calendar);
        for entry in &mut self.case.clocks {
            let matches = entry.kind == kind && (unit.is_none() || entry.unit == unit);
            if !matches || entry.stopped_at.is_some() {
                continue;
            }
            entry.stopped_at = Some(now);
            self.events.push(Event::ClockStopped {
                kind,
                rule: kind.rule(),
                unit: entry.unit,
                at: now,
                met: entry.clock.is_met(calendar, now),
            });
        }
    }

    /// Stops every running clock (withdrawal, rejection).
    pub fn stop_all_clocks(&mut self) {
        let kinds: Vec<ClockKind> = self
            .case
            .clocks
            .iter()
            .filter(|entry| entry.stopped_at.is_none())
            .map(|entry| entry.kind)
            .collect();
        for kind in kinds {
            self.stop_clocks(kind, None);
        }
    }

    /// CAL-PAUSE: pauses the promised, stage and parallel clocks that run (SVC-SPECIAL).
    pub fn pause_case_clocks(&mut self, reason: &str) -> Result<(), ServiceError> {
        let now = self.now;
        for entry in &mut self.case.clocks {
            let pausable = matches!(
                entry.kind,
                ClockKind::Promise | ClockKind::Stage(_) | ClockKind::Parallel
            );
            if !pausable || entry.stopped_at.is_some() || entry.clock.is_paused() {
                continue;
            }
            entry.clock.pause(now, reason)?;
            self.events.push(Event::ClockPaused {
                kind: entry.kind,
                rule: entry.kind.rule(),
                unit: entry.unit,
                at: now,
                reason: reason.to_owned(),
            });
        }
        Ok(())
    }

    /// CAL-PAUSE: resumes every paused clock; refuses when none is paused.
    pub fn resume_case_clocks(&mut self) -> Result<(), ServiceError> {
        let (now, calendar) = (self.now, self.calendar);
        let mut resumed = 0;
        for entry in &mut self.case.clocks {
            if entry.stopped_at.is_some() || !entry.clock.is_paused() {
                continue;
            }
            entry.clock.resume(now)?;
            resumed += 1;
            self.events.push(Event::ClockResumed {
                kind: entry.kind,
                rule: entry.kind.rule(),
                unit: entry.unit,
                at: now,
                due: entry.clock.due(calendar).at,
            });
        }
        if resumed == 0 {
            return Err(calendar::ClockError::NotPaused.into());
        }
        Ok(())
    }

    pub fn notify(&mut self, to: Recipient, rule: &'static str, text: String) {
        self.events.push(Event::Notify { to, rule, text });
    }

    /// Ends the open main step (not a special procedure) with `note`.
    pub fn end_step(&mut self, note: &str) {
        let specials: Vec<String> = self
            .case
            .specials
            .iter()
            .map(|special| special.procedure.label_zh().to_owned())
            .collect();
        if let Some(step) = self
            .case
            .steps
            .iter_mut()
            .rev()
            .find(|step| step.end.is_none() && !specials.contains(&step.name))
        {
            step.end = Some(self.now);
            if !note.is_empty() {
                step.note = note.to_owned();
            }
        }
    }

    pub fn begin_step(&mut self, name: &str, unit: Option<UnitId>) {
        self.case.steps.push(StepRecord {
            name: name.to_owned(),
            unit,
            start: self.now,
            end: None,
            note: String::new(),
        });
    }

    /// The implementing department.
    pub fn department(&self) -> UnitId {
        self.item.basic.department
    }
}
