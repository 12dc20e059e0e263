//! The working copy of one transition: the new case, its events, and the clock, step and
//! notification helpers every command uses.

use calendar::{Calendar, Instant, Limit};
use platform::profile::RuleProfile;
use platform::workflow::machine as clocks;

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
        let (now, calendar) = (self.now, self.calendar);
        let started = clocks::start(&mut self.case.clocks, kind, unit, limit, now, calendar);
        self.events.push(Event::Clock(started));
    }

    /// Stops every running clock of `kind` (and `unit`, when given).
    pub fn stop_clocks(&mut self, kind: ClockKind, unit: Option<UnitId>) {
        let which =
            |entry: &CaseClock| entry.kind == kind && (unit.is_none() || entry.unit == unit);
        let stopped = clocks::stop(&mut self.case.clocks, self.now, self.calendar, which);
        self.events.extend(stopped.into_iter().map(Event::Clock));
    }

    /// Stops every running clock (withdrawal, rejection).
    pub fn stop_all_clocks(&mut self) {
        let stopped = clocks::stop(&mut self.case.clocks, self.now, self.calendar, |_| true);
        self.events.extend(stopped.into_iter().map(Event::Clock));
    }

    /// CAL-PAUSE: pauses the promised, stage and parallel clocks that run (SVC-SPECIAL).
    pub fn pause_case_clocks(&mut self, reason: &str) -> Result<(), ServiceError> {
        let now = self.now;
        for entry in &mut self.case.clocks {
            let pausable = matches!(
                entry.kind,
                ClockKind::Promise | ClockKind::Stage(_) | ClockKind::Parallel
            );
            if !pausable || !entry.is_running() || entry.clock.is_paused() {
                continue;
            }
            let cause = entry.kind.rule();
            let paused = clocks::pause(entry, now, reason, cause)?;
            self.events.push(Event::Clock(paused));
        }
        Ok(())
    }

    /// CAL-PAUSE: resumes every paused clock; refuses when none is paused.
    pub fn resume_case_clocks(&mut self) -> Result<(), ServiceError> {
        let (now, calendar) = (self.now, self.calendar);
        let mut resumed = 0;
        for entry in &mut self.case.clocks {
            if !entry.is_running() || !entry.clock.is_paused() {
                continue;
            }
            let cause = entry.kind.rule();
            let event = clocks::resume(entry, now, cause, calendar)?;
            resumed += 1;
            self.events.push(Event::Clock(event));
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
