//! `Step`: the working copy of an order during one transition, with the helpers that change
//! clocks and collect events.

use calendar::{Calendar, Instant, Limit, LimitUnit};
use platform::profile::RuleProfile;
use platform::workflow::{ClockChange, machine as clocks};

use crate::UnitId;
use crate::account::AccountKind;
use crate::error::HotlineError;
use crate::order::{ClockKind, Event, Order, OrderClock, Recipient, UnitRole};

pub(crate) struct Step<'a> {
    pub order: Order,
    pub events: Vec<Event>,
    pub now: Instant,
    pub profile: &'a RuleProfile,
    pub calendar: &'a Calendar,
}

impl<'a> Step<'a> {
    pub fn new(
        order: &Order,
        now: Instant,
        profile: &'a RuleProfile,
        calendar: &'a Calendar,
    ) -> Step<'a> {
        Step {
            order: order.clone(),
            events: Vec::new(),
            now,
            profile,
            calendar,
        }
    }

    /// Starts a clock of `kind` for `unit` at `now` with `limit`. A 7×24 unit's own clocks
    /// (signing, returning, handling, major events) run in natural time (HL-LIMITS).
    pub fn start_clock(&mut self, kind: ClockKind, unit: Option<UnitId>, limit: Limit) {
        let round_the_clock = unit
            .and_then(|unit| self.order.assignment(unit))
            .is_some_and(|assignment| assignment.round_the_clock);
        let unit_work = matches!(
            kind,
            ClockKind::Sign
                | ClockKind::Return
                | ClockKind::Handling
                | ClockKind::MajorInitial
                | ClockKind::MajorProgress
        );
        let limit = if round_the_clock && unit_work {
            natural(limit)
        } else {
            limit
        };
        let started = clocks::start(
            &mut self.order.clocks,
            kind,
            unit,
            limit,
            self.now,
            self.calendar,
        );
        self.events.push(Event::Clock(started));
    }

    /// Stops the running clocks matching `which` at `now`; returns whether every one stopped
    /// was met (true when none ran).
    pub fn stop_clocks(&mut self, which: impl Fn(&OrderClock) -> bool) -> bool {
        let stopped = clocks::stop(&mut self.order.clocks, self.now, self.calendar, which);
        let all_met = stopped
            .iter()
            .all(|event| matches!(event.change, ClockChange::Stopped { met: true, .. }));
        self.events.extend(stopped.into_iter().map(Event::Clock));
        all_met
    }

    /// Stops the running clock of `kind` for `unit`.
    pub fn stop_clock(&mut self, kind: ClockKind, unit: Option<UnitId>) -> bool {
        self.stop_clocks(|clock| clock.kind == kind && clock.unit == unit)
    }

    /// Stops every running clock.
    pub fn stop_all_clocks(&mut self) {
        self.stop_clocks(|_| true);
    }

    pub fn notify(&mut self, to: Recipient, rule: &'static str, message: impl Into<String>) {
        self.events.push(Event::Notify {
            to,
            rule,
            message: message.into(),
        });
    }

    pub fn account(
        &mut self,
        unit: UnitId,
        kind: AccountKind,
        rule: &'static str,
        note: impl Into<String>,
    ) {
        self.events.push(Event::AccountabilityCandidate {
            unit,
            kind,
            rule,
            note: note.into(),
        });
    }

    /// The lead unit, which must be `unit` (HL-DISPATCH: the lead answers for the order).
    pub fn require_lead(&self, unit: UnitId) -> Result<UnitId, HotlineError> {
        match self.order.lead() {
            Some(lead) if lead == unit => Ok(lead),
            _ => Err(HotlineError::NotAssigned {
                unit,
                role: "主办单位",
            }),
        }
    }

    /// The index of `unit`'s assignment.
    pub fn assignment_of(&self, unit: UnitId) -> Result<usize, HotlineError> {
        self.order
            .assignments
            .iter()
            .position(|assignment| assignment.unit == unit)
            .ok_or(HotlineError::NotAssigned {
                unit,
                role: "承办单位",
            })
    }

    /// The lead unit of a dispatched order (an internal invariant of dispatched statuses).
    pub fn lead(&self) -> Result<UnitId, HotlineError> {
        self.order
            .lead()
            .ok_or_else(|| HotlineError::invalid("工单没有主办单位"))
    }

    /// The units of the current dispatch, the lead first.
    pub fn units(&self) -> Vec<(UnitId, UnitRole)> {
        self.order
            .assignments
            .iter()
            .map(|assignment| (assignment.unit, assignment.role))
            .collect()
    }

    /// Starts a fresh handling clock for the lead with the limit in force (HL-CALLBACK
    /// redoing; HL-LIMITS).
    pub fn restart_handling(&mut self, lead: UnitId) {
        self.stop_clock(ClockKind::Handling, Some(lead));
        if let Some(limit) = self.order.handling_limit {
            self.start_clock(ClockKind::Handling, Some(lead), limit);
        }
    }
}

/// HL-LIMITS: the same amount in natural time (working days → days, working hours → hours).
fn natural(limit: Limit) -> Limit {
    let unit = match limit.unit {
        LimitUnit::WorkingDays => LimitUnit::Days,
        LimitUnit::WorkingHours => LimitUnit::Hours,
        other => other,
    };
    Limit {
        amount: limit.amount,
        unit,
    }
}
