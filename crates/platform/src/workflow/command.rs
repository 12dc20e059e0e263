//! The one command path of every clocked domain (architecture invariant 3): load the
//! subject, check the version the page saw, apply the pure machine, then in the caller's
//! transaction store the snapshot, one history row per event, the clock changes on the shared
//! clock table, the domain's other effects (messages to the outbox, a licence, a rating) and
//! the audit row. A domain implements [`Machine`] for its subject; [`execute`] and
//! [`execute_in`] run a command on it, [`record`] writes what a new subject's first step did.
//! A refused command changes nothing: the transaction is dropped.

use std::future::Future;

use calendar::{Calendar, Instant};
use serde_json::Value;

use super::clock::{ClockSubject, apply_clock_event};
use super::history;
use super::machine::{ClockEvent, ClockRule};
use super::subjects::SubjectKind;
use crate::audit::{self, AuditActor, AuditEvent};
use crate::db::{Db, Tx};
use crate::error::{Error, Result};
use crate::personal::DataKey;
use crate::profile::RuleProfile;

/// Who runs a command, when, and the rules it is judged by: what every use case of a
/// clocked domain needs besides its own arguments.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub key: &'a DataKey,
    pub actor: &'a AuditActor,
    pub calendar: &'a Calendar,
    pub profile: &'a RuleProfile,
    pub now: Instant,
}

impl<'a> Context<'a> {
    /// The context of a use case run by `actor` at `now`, judged by `calendar` and `profile`.
    pub fn new(
        key: &'a DataKey,
        actor: &'a AuditActor,
        calendar: &'a Calendar,
        profile: &'a RuleProfile,
        now: Instant,
    ) -> Context<'a> {
        Context {
            key,
            actor,
            calendar,
            profile,
            now,
        }
    }
}

/// An event of a domain's machine as the kernel stores it: its history row, and the clock
/// change it carries, if any.
pub trait Recorded {
    /// The domain's clock kinds.
    type Clock: ClockRule;
    /// The clock change this event is, if it is one.
    fn clock(&self) -> Option<&ClockEvent<Self::Clock>>;
    /// The history row's kind code and JSON detail (codes, units and instants; never a
    /// person's identity). Clock events are described by the kernel ([`history::describe_clock`]).
    fn describe(&self) -> (&'static str, Value);
}

/// Implements [`Recorded`] for a domain's event enum whose variant `Clock` holds the
/// kernel's clock events and whose other events `describe` turns into history rows:
/// `recorded!(Event, ClockKind, describe)`.
#[macro_export]
macro_rules! recorded {
    ($event:ty, $clock:ty, $describe:path) => {
        impl $crate::workflow::Recorded for $event {
            type Clock = $clock;

            fn clock(&self) -> Option<&$crate::workflow::ClockEvent<$clock>> {
                match self {
                    Self::Clock(clock) => Some(clock),
                    _ => None,
                }
            }

            fn describe(&self) -> (&'static str, serde_json::Value) {
                $describe(self)
            }
        }
    };
}

/// A domain's subject as the command path runs it. The storage steps are the domain's (its
/// table, its facts); the order of the steps and what happens between them is the kernel's.
pub trait Machine: Sync {
    /// The subject's id (its `subject_id` in the clock table).
    type Id: Copy + std::fmt::Display + Send + Sync + Into<i64>;
    /// The subject as loaded: its snapshot and whatever facts the machine judges by.
    type Loaded: Send + Sync;
    /// The subject's state after a command.
    type State: Send + Sync;
    /// A command of the machine (cloned when a busy database makes [`execute`] run it again).
    type Command: Clone + Send + Sync;
    /// An event of the machine.
    type Event: Recorded + Send + Sync;

    /// The subject kind (its clock code, history table, label and page).
    fn kind(&self) -> &'static SubjectKind;

    /// Loads the subject and its version in `tx`; `command` may be completed with facts from
    /// storage (the status of a merge target).
    fn load(
        &self,
        tx: &mut Tx,
        id: Self::Id,
        command: Self::Command,
    ) -> impl Future<Output = Result<(Self::Loaded, i64, Self::Command)>> + Send;

    /// What `command` does to the subject at `context.now` (the pure machine).
    fn decide(
        &self,
        loaded: &Self::Loaded,
        command: &Self::Command,
        context: &Context<'_>,
    ) -> Result<(Self::State, Vec<Self::Event>)>;

    /// Stores the new state over `version` (a concurrent change is a conflict); returns the
    /// new version.
    fn store(
        &self,
        tx: &mut Tx,
        id: Self::Id,
        loaded: &Self::Loaded,
        state: &Self::State,
        version: i64,
        now: Instant,
    ) -> impl Future<Output = Result<i64>> + Send;

    /// The status codes before (none for a new subject) and after, for the history rows.
    fn statuses(
        &self,
        loaded: Option<&Self::Loaded>,
        state: &Self::State,
    ) -> (Option<&'static str>, &'static str);

    /// The stored code of `command` (`dispatch`; [`super::machine::command_code`] of its kind).
    fn command_code(&self, command: &Self::Command) -> String;

    /// The unit a clock without a unit is filed under (the hotline centre, the department).
    fn default_unit(
        &self,
        tx: &mut Tx,
        subject: &Subject<'_, Self>,
    ) -> impl Future<Output = Result<i64>> + Send;

    /// The domain's effect of one event other than a clock change (messages, licences,
    /// ratings, accountability candidates); clock changes are the kernel's.
    fn effect(
        &self,
        tx: &mut Tx,
        context: &Context<'_>,
        subject: &Subject<'_, Self>,
        event: &Self::Event,
    ) -> impl Future<Output = Result<()>> + Send;

    /// The audit row of `command` (its action, and a Chinese detail in words).
    fn audit(
        &self,
        id: Self::Id,
        loaded: &Self::Loaded,
        state: &Self::State,
        command: &Self::Command,
    ) -> AuditEvent;

    /// The Chinese message of a stale page.
    fn conflict_message(&self) -> &'static str {
        "已被他人更新，请刷新后重试"
    }
}

/// The subject an effect concerns: its id, what was loaded (absent for a new subject) and
/// its new state.
pub struct Subject<'a, M: Machine + ?Sized> {
    pub id: M::Id,
    pub loaded: Option<&'a M::Loaded>,
    pub state: &'a M::State,
}

/// [`execute_in`] in a transaction of its own; run again (at most [`BUSY_ATTEMPTS`] times in
/// all) when the database rolled it back as busy ([`Error::Busy`]).
pub async fn execute<M: Machine>(
    db: &Db,
    machine: &M,
    context: &Context<'_>,
    id: M::Id,
    command: M::Command,
    expected_version: Option<i64>,
) -> Result<(M::State, i64)> {
    let mut attempt = 1;
    loop {
        let outcome = async {
            let mut tx = db.begin().await?;
            let outcome = execute_in(
                &mut tx,
                machine,
                context,
                id,
                command.clone(),
                expected_version,
            )
            .await?;
            tx.commit().await?;
            Ok(outcome)
        }
        .await;
        match outcome {
            // Two commands that meet on the same counters in opposite order deadlock on
            // PostgreSQL; the one rolled back is run again from the start.
            Err(Error::Busy) if attempt < BUSY_ATTEMPTS => attempt += 1,
            other => return other,
        }
    }
}

/// How often [`execute`] runs a command the database rolled back as busy.
pub const BUSY_ATTEMPTS: u32 = 3;

/// THE command path, in the caller's transaction (the caller commits; a use case that
/// changes several subjects or stores a file with the command runs it inside its own). With
/// `expected_version`, a stale page is a conflict; in any case a concurrent change between
/// load and store is a conflict.
pub async fn execute_in<M: Machine>(
    tx: &mut Tx,
    machine: &M,
    context: &Context<'_>,
    id: M::Id,
    command: M::Command,
    expected_version: Option<i64>,
) -> Result<(M::State, i64)> {
    let (loaded, version, command) = machine.load(tx, id, command).await?;
    if expected_version.is_some_and(|expected| expected != version) {
        return Err(Error::conflict(format!(
            "{}{}",
            machine.kind().label,
            machine.conflict_message()
        )));
    }
    let (state, events) = machine.decide(&loaded, &command, context)?;
    let new_version = machine
        .store(tx, id, &loaded, &state, version, context.now)
        .await?;
    let code = machine.command_code(&command);
    let subject = Subject {
        id,
        loaded: Some(&loaded),
        state: &state,
    };
    record(tx, machine, context, subject, &code, &events).await?;
    let event = machine.audit(id, &loaded, &state, &command);
    audit::record(tx, context.actor, event, context.now.millis()).await?;
    tracing::info!(subject = machine.kind().code, id = %id, command = %code, "command executed");
    Ok((state, new_version))
}

/// What one step of a subject did, after its snapshot is stored: a history row per event,
/// each clock change on the clock table, and the domain's effect of every other event. The
/// first step of a new subject (a registration, a submission) calls it with no `loaded`.
pub async fn record<M: Machine>(
    tx: &mut Tx,
    machine: &M,
    context: &Context<'_>,
    subject: Subject<'_, M>,
    command: &str,
    events: &[M::Event],
) -> Result<()> {
    let kind = machine.kind();
    let (from, to) = machine.statuses(subject.loaded, subject.state);
    let step = history::Step {
        subject_id: subject.id.into(),
        command,
        from,
        to,
        actor_user_id: context.actor.user_id,
        at: context.now.millis(),
    };
    history::insert(tx, kind, &step, events).await?;
    let subject_id = subject.id.to_string();
    let mut clock_subject = None;
    for event in events {
        if let Some(clock) = event.clock() {
            let clock_subject = match clock_subject {
                Some(known) => known,
                None => {
                    let default_unit = machine.default_unit(tx, &subject).await?;
                    *clock_subject.insert(ClockSubject {
                        subject_type: kind.code,
                        subject_id: &subject_id,
                        default_unit,
                        command,
                        counting: &kind.counting,
                    })
                }
            };
            let rules = (context.calendar, context.profile);
            apply_clock_event(tx, context.actor, &clock_subject, clock, rules, context.now).await?;
        } else {
            machine.effect(tx, context, &subject, event).await?;
        }
    }
    Ok(())
}
