//! The steps of a disclosure application's commands that move its clocks (PUB-APPLY,
//! CAL-PAUSE): the supplement notice, consultations and their replies, the extension, the
//! answer, and stopping every clock — each through the kernel's clock helpers, so every
//! change is a clock event for the kernel's table.

use calendar::{Calendar, Instant, Limit};
use platform::workflow::machine as clocks;

use crate::application::{
    Answer, AnswerInput, Application, ClockKind, Consultation, ConsultationKind, Event, Extension,
    Outcome, Supplement, ThirdPartyOpinion, answer_notice,
};
use crate::error::OpennessError;
use crate::{Issuer, Rules};

/// The cause the kernel files pauses, resumptions and extensions under.
const CAUSE: &str = "PUB-APPLY";

/// Stops every running clock at `now`; a paused one (a consultation under way) is resumed
/// first, so that the kernel sees the pause end and its due instant counts it (CAL-PAUSE).
pub(crate) fn stop_all(
    application: &mut Application,
    now: Instant,
    calendar: &Calendar,
) -> Result<Vec<Event>, OpennessError> {
    let mut events = Vec::new();
    for entry in application.clocks.iter_mut() {
        if entry.is_running() && entry.clock.is_paused() {
            let resumed = clocks::resume(entry, now, CAUSE, calendar)
                .map_err(|error| OpennessError::invalid(error.to_string()))?;
            events.push(Event::Clock(resumed));
        }
    }
    let stopped = clocks::stop(&mut application.clocks, now, calendar, |_| true);
    events.extend(stopped.into_iter().map(Event::Clock));
    Ok(events)
}

/// PUB-APPLY: one notice, every item at once, within `openness.application_supplement` of
/// receipt; the answer clock stops and the applicant's period runs.
pub(crate) fn request_supplement(
    next: &mut Application,
    events: &mut Vec<Event>,
    items: &[String],
    period: Limit,
    actor: &Issuer,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(), OpennessError> {
    if next.supplement.is_some() {
        return Err(OpennessError::limit(
            "补正通知只能一次性发出，已告知过补正的申请不能再次告知（PUB-APPLY）",
        ));
    }
    let limit = rules.profile.openness.application_supplement.limit();
    let notice_due = rules.calendar.due(next.received_at, limit).at;
    if now > notice_due {
        return Err(OpennessError::limit(format!(
            "补正通知应自收到申请之日起{}内发出，已超过期限（PUB-APPLY）",
            limit.label_zh()
        )));
    }
    let items: Vec<String> = items
        .iter()
        .map(|item| item.trim().to_owned())
        .filter(|item| !item.is_empty())
        .collect();
    let mut problems = Vec::new();
    if items.is_empty() {
        problems.push("请一次性列明需要补正的全部事项".to_owned());
    }
    if period.amount == 0 {
        problems.push("请给申请人合理的补正期限".to_owned());
    }
    OpennessError::check_all(problems)?;
    let Issuer::Staff(acting) = actor else {
        return Err(OpennessError::not_permitted("补正通知由受理机关发出"));
    };
    events.extend(stop_all(next, now, rules.calendar)?);
    let started = clocks::start(
        &mut next.clocks,
        ClockKind::ApplicantSupplement,
        Some(next.unit),
        period,
        now,
        rules.calendar,
    );
    let due = started_due(&started);
    next.supplement = Some(Supplement {
        items,
        period,
        by: acting.user,
        at: now,
        original_description: String::new(),
        corrected_at: None,
    });
    events.push(Event::SupplementRequested { due });
    events.push(Event::Clock(started));
    Ok(())
}

pub(crate) fn started_due(event: &platform::workflow::ClockEvent<ClockKind>) -> Instant {
    match event.change {
        platform::workflow::ClockChange::Started { due } => due,
        _ => event.start,
    }
}

/// CAL-PAUSE: a consultation pauses the answer clock; a third party gets its own clock of
/// `openness.third_party_opinion` (PUB-APPLY).
pub(crate) fn consult(
    next: &mut Application,
    events: &mut Vec<Event>,
    kind: ConsultationKind,
    party: &str,
    matter: &str,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(), OpennessError> {
    let mut problems = Vec::new();
    if party.trim().is_empty() {
        problems.push(match kind {
            ConsultationKind::ThirdParty => "请填写征求意见的第三方".to_owned(),
            ConsultationKind::Agency => "请填写征求意见的机关".to_owned(),
        });
    }
    if matter.trim().is_empty() {
        problems.push("请写明征求意见的事项".to_owned());
    }
    OpennessError::check_all(problems)?;
    let reason = match kind {
        ConsultationKind::ThirdParty => format!("征求第三方意见：{}", party.trim()),
        ConsultationKind::Agency => format!("征求其他机关意见：{}", party.trim()),
    };
    let Some(clock) = next.answer_clock_mut() else {
        return Err(OpennessError::invalid("该申请没有正在计算的答复期限"));
    };
    let paused = clocks::pause(clock, now, &reason, CAUSE)
        .map_err(|error| OpennessError::invalid(error.to_string()))?;
    events.push(Event::Clock(paused));
    if kind == ConsultationKind::ThirdParty {
        let limit = rules.profile.openness.third_party_opinion.limit();
        let started = clocks::start(
            &mut next.clocks,
            ClockKind::ThirdPartyOpinion,
            Some(next.unit),
            limit,
            now,
            rules.calendar,
        );
        events.push(Event::Clock(started));
    }
    next.consultations.push(Consultation {
        kind,
        party: party.trim().to_owned(),
        matter: matter.trim().to_owned(),
        at: now,
        replied_at: None,
        opinion: None,
        reply: String::new(),
    });
    events.push(Event::Consulted { kind });
    Ok(())
}

/// CAL-PAUSE: the reply resumes the answer clock; its due instant moves by the paused
/// working time.
pub(crate) fn close_consultation(
    next: &mut Application,
    events: &mut Vec<Event>,
    opinion: Option<ThirdPartyOpinion>,
    reply: &str,
    now: Instant,
    calendar: &Calendar,
) -> Result<(), OpennessError> {
    let Some(clock) = next.answer_clock_mut() else {
        return Err(OpennessError::invalid("该申请没有正在计算的答复期限"));
    };
    let resumed = clocks::resume(clock, now, CAUSE, calendar)
        .map_err(|error| OpennessError::invalid(error.to_string()))?;
    events.push(Event::Clock(resumed));
    let stopped = clocks::stop(&mut next.clocks, now, calendar, |c| {
        c.kind == ClockKind::ThirdPartyOpinion
    });
    events.extend(stopped.into_iter().map(Event::Clock));
    let mut kind = crate::application::ConsultationKind::Agency;
    if let Some(consultation) = next.consultations.last_mut() {
        consultation.replied_at = Some(now);
        consultation.opinion = opinion;
        consultation.reply = reply.trim().to_owned();
        kind = consultation.kind;
    }
    events.push(Event::Replied { kind });
    Ok(())
}

/// PUB-APPLY: one extension, of at most `openness.application_extension`, before the answer
/// is due, approved by the office head and told to the applicant.
pub(crate) fn extend(
    next: &mut Application,
    events: &mut Vec<Event>,
    amount: Limit,
    reason: &str,
    actor: &Issuer,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(), OpennessError> {
    if next.extension.is_some() {
        return Err(OpennessError::limit(
            "答复期限只能延长一次，该申请已经延期（PUB-APPLY）",
        ));
    }
    let most = rules.profile.openness.application_extension.limit();
    if amount.unit != most.unit || amount.amount > most.amount {
        return Err(OpennessError::limit(format!(
            "延长答复的期限最长不得超过{}（PUB-APPLY）",
            most.label_zh()
        )));
    }
    if amount.amount == 0 {
        return Err(OpennessError::invalid("请填写延长的期限"));
    }
    if reason.trim().is_empty() {
        return Err(OpennessError::invalid("请写明延期答复的理由"));
    }
    let Issuer::Staff(acting) = actor else {
        return Err(OpennessError::not_permitted("延期答复须经机构负责人同意"));
    };
    let calendar = rules.calendar;
    let Some(clock) = next.answer_clock_mut() else {
        return Err(OpennessError::invalid("该申请没有正在计算的答复期限"));
    };
    if clock.is_overdue(calendar, now) {
        return Err(OpennessError::limit(
            "答复期限已届满，不能再延期（PUB-APPLY）",
        ));
    }
    let extended = clocks::extend(clock, amount, reason.trim(), CAUSE, calendar)
        .map_err(|error| OpennessError::invalid(error.to_string()))?;
    let due = clock.due(calendar);
    next.extension = Some(Extension {
        amount,
        reason: reason.trim().to_owned(),
        approved_by: acting.user,
        at: now,
        due,
    });
    events.push(Event::Clock(extended));
    events.push(Event::Extended { due });
    Ok(())
}

/// PUB-ANSWER: the answer with its notice; every clock stops.
pub(crate) fn answer(
    next: &mut Application,
    events: &mut Vec<Event>,
    outcome: Outcome,
    input: &AnswerInput,
    actor: &Issuer,
    now: Instant,
    calendar: &Calendar,
) -> Result<(), OpennessError> {
    let in_time = next
        .answer_clock()
        .is_none_or(|clock| !clock.is_overdue(calendar, now));
    let notice = answer_notice(next, outcome, input, now);
    events.extend(stop_all(next, now, calendar)?);
    let by = match actor {
        Issuer::Staff(acting) => acting.user,
        Issuer::Applicant => crate::UserId(0),
    };
    next.answer = Some(Answer {
        outcome,
        notice,
        by,
        at: now,
        in_time,
    });
    events.push(Event::Answered { outcome });
    Ok(())
}
