//! What the events of one case command do in its transaction: clock events become the
//! kernel's clock events on the shared clock table (`platform::workflow`; subject `case`, the
//! event's rule ID and unit), `Notify` becomes
//! in-app messages to the unit's staff and an SMS to the applicant, an acceptance files the
//! uploaded materials (SVC-NO-RESUBMIT), `LicenceIssued` a licence row (SVC-ELICENCE).
//! Messages carry the case number and the event's text only, never the applicant's identity.

use calendar::{Calendar, Instant};
use platform::Result;
use platform::audit::AuditActor;
use platform::db::Tx;
use platform::notify::{self, Channel, Notification};
use platform::personal::DataKey;
use platform::profile::RuleProfile;
use platform::roles::Role;
use platform::users;
use platform::workflow::{self, ClockChange, ClockEvent, ClockRef};

use crate::case::{Case, ClockKind, CommandKind, Event, Recipient};
use crate::item::Item;
use crate::store::{CLOCK_SUBJECT, cases, events::clock_code, library, unreadable};
use crate::{CaseId, UnitId};

pub(super) struct Context<'a> {
    pub key: &'a DataKey,
    pub actor: &'a AuditActor,
    pub case_id: CaseId,
    pub number: &'a str,
    pub case: &'a Case,
    pub item: &'a Item,
    pub applicant_lookup: &'a str,
    pub calendar: &'a Calendar,
    pub profile: &'a RuleProfile,
    pub now: Instant,
}

/// The unit a clock row names: the clock's unit, or the implementing department.
fn clock_unit(context: &Context<'_>, unit: Option<UnitId>) -> i64 {
    unit.unwrap_or(context.item.basic.department).0
}

/// Applies one change of the case's clock of `kind` for `unit` (the one that stopped at
/// `stopped_at`, or the running one) through the kernel (`platform::workflow`), filed under
/// the event's rule.
async fn apply_clock(
    tx: &mut Tx,
    context: &Context<'_>,
    (kind, rule, unit): (ClockKind, &str, Option<UnitId>),
    stopped_at: Option<Instant>,
    change: ClockChange<'_>,
) -> Result<()> {
    let clock = context
        .case
        .clocks
        .iter()
        .rev()
        .find(|clock| clock.kind == kind && clock.unit == unit && clock.stopped_at == stopped_at)
        .ok_or_else(|| unreadable("case clock", clock_code(kind)))?;
    let subject_id = context.case_id.to_string();
    let event = ClockEvent {
        subject_type: CLOCK_SUBJECT,
        subject_id: &subject_id,
        clock: ClockRef {
            rule,
            unit_id: clock_unit(context, unit),
            start: clock.clock.start(),
            limit: clock.clock.limit(),
        },
        change,
    };
    workflow::apply_clock_event(
        tx,
        context.actor,
        &event,
        context.calendar,
        context.profile,
        context.now,
    )
    .await
}

async fn notify(tx: &mut Tx, context: &Context<'_>, to: Recipient, text: &str) -> Result<()> {
    // Staff read the case by its number, in words; the rule ID stays in the history row.
    let subject = format!("政务服务办件 {}", context.number);
    let link = format!("/office/services/cases/{}", context.case_id);
    let now = context.now.millis();
    let users = match to {
        Recipient::Department(unit) => {
            users::with_role(tx, Some(unit.0), Role::UnitHandler).await?
        }
        Recipient::Window(unit) => users::with_role(tx, Some(unit.0), Role::WindowClerk).await?,
        // E-supervision staff: the supervisors until a services supervision role lands.
        Recipient::Supervision => users::with_role(tx, None, Role::HotlineSupervisor).await?,
        Recipient::Applicant => {
            if let Some(sealed) = cases::phone_sealed(tx, context.case_id).await? {
                let sms = Notification {
                    channel: Channel::Sms,
                    recipient_user_id: None,
                    address: Some(context.key.open(&sealed)?),
                    subject: "政务服务".into(),
                    body: format!("办件 {}：{text}", context.number),
                    link: String::new(),
                };
                notify::enqueue(tx, context.key, &sms, now).await?;
            }
            return Ok(());
        }
    };
    for user in users {
        let message = Notification::inbox(user, subject.clone(), text, link.clone());
        notify::enqueue(tx, context.key, &message, now).await?;
    }
    Ok(())
}

/// Carries out one event's effect.
pub(super) async fn apply_event(tx: &mut Tx, context: &Context<'_>, event: &Event) -> Result<()> {
    match event {
        Event::ClockStarted {
            kind, rule, unit, ..
        } => {
            let which = (*kind, *rule, *unit);
            apply_clock(tx, context, which, None, ClockChange::Start).await?;
        }
        Event::ClockStopped {
            kind,
            rule,
            unit,
            at,
            ..
        } => {
            let which = (*kind, *rule, *unit);
            apply_clock(tx, context, which, Some(*at), ClockChange::Stop { at: *at }).await?;
        }
        Event::ClockPaused {
            kind,
            rule,
            unit,
            at,
            reason,
        } => {
            let change = ClockChange::Pause { at: *at, reason };
            apply_clock(tx, context, (*kind, *rule, *unit), None, change).await?;
        }
        Event::ClockResumed {
            kind,
            rule,
            unit,
            at,
            ..
        } => {
            let change = ClockChange::Resume { at: *at };
            apply_clock(tx, context, (*kind, *rule, *unit), None, change).await?;
        }
        Event::Notify { to, text, .. } => notify(tx, context, *to, text).await?,
        Event::Transitioned {
            command: CommandKind::Accept,
            ..
        } => {
            library::file_materials(
                tx,
                context.applicant_lookup,
                context.case_id,
                &context.case.materials,
                context.now,
            )
            .await?;
        }
        Event::LicenceIssued {
            licence_type,
            issuer,
            at,
            ..
        } => {
            library::issue_licence(
                tx,
                context.applicant_lookup,
                licence_type,
                context.case_id,
                context.number,
                *issuer,
                *at,
            )
            .await?;
        }
        // RatingInvited: the web layer links the concluded case to the rating form (EVAL-ALL).
        // Overdue: the history row and the supervision notice carry it (SVC-PROMISE).
        Event::Submitted { .. }
        | Event::Transitioned { .. }
        | Event::Overdue { .. }
        | Event::RatingInvited { .. } => {}
    }
    Ok(())
}
