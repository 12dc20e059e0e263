//! The pure transition of a disclosure application (PUB-APPLY, PUB-ANSWER, CAL-PAUSE):
//! `register` (the first step) and `apply(application, command, actor, now, rules) ->
//! (application, events)`. A refused command changes nothing. Order of the checks: the
//! transition table, then who may act, then the rules. Every limit is the profile's
//! (`openness.*`), counted on the jurisdiction's calendar.

use calendar::{Calendar, Instant, Limit};
use platform::roles::Role;
use platform::workflow::machine as clocks;

use crate::application::{
    Answer, AnswerInput, Application, ClockKind, Command, CommandKind, Consultation,
    ConsultationKind, Delivery, Event, Extension, Filing, OtherReason, Outcome, Status, Supplement,
    TRANSITIONS, ThirdPartyOpinion, answer_notice, check_answer, table,
};
use crate::error::OpennessError;
use crate::{ApplicationId, Issuer, Rules, UnitId};

/// The cause the kernel files pauses, resumptions and extensions under.
const CAUSE: &str = "PUB-APPLY";

/// Whether `actor` may run `kind` on `application` (SEC-ROLES): the applicant corrects and
/// withdraws; the handling unit's openness officer does the rest; only the unit's leader
/// (the office head) approves an extension (PUB-APPLY).
pub(crate) fn permits(
    application: &Application,
    actor: &Issuer,
    kind: CommandKind,
) -> Result<(), OpennessError> {
    let applicant_may = matches!(kind, CommandKind::Supplemented | CommandKind::Withdraw);
    match actor {
        Issuer::Applicant if applicant_may => Ok(()),
        Issuer::Applicant => Err(OpennessError::not_permitted(format!(
            "“{}”由受理机关的工作人员办理",
            kind.label_zh()
        ))),
        Issuer::Staff(acting) if kind == CommandKind::Extend => {
            if acting.has_in(Role::UnitLeader, application.unit) {
                Ok(())
            } else {
                Err(OpennessError::not_permitted(
                    "延期答复须经政府信息公开工作机构负责人同意（PUB-APPLY）",
                ))
            }
        }
        Issuer::Staff(acting) => {
            if acting.has_in(Role::OpennessOfficer, application.unit) {
                Ok(())
            } else {
                Err(OpennessError::not_permitted(
                    "只有受理机关的政务公开工作人员可以办理该申请",
                ))
            }
        }
    }
}

/// The commands `actor` may run now: the table's rows from the status, kept to those the
/// same permission check `apply` uses lets through.
pub fn available(application: &Application, actor: &Issuer) -> Vec<CommandKind> {
    let mut kinds: Vec<CommandKind> = Vec::new();
    for &(from, kind, _) in TRANSITIONS {
        if from == application.status
            && !kinds.contains(&kind)
            && permits(application, actor, kind).is_ok()
        {
            kinds.push(kind);
        }
    }
    kinds
}

/// PUB-APPLY: a new application in [`Status::Received`], received at `now` by `unit`. An
/// online application is the applicant's own; a letter or a walk-in (oral or written) is
/// registered by the unit's openness officer, who fills in the form (代为填写) and is recorded
/// as `registered_by`. The answer clock starts at receipt.
pub fn register(
    id: ApplicationId,
    unit: UnitId,
    filing: Filing,
    actor: &Issuer,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Application, Vec<Event>), OpennessError> {
    let mut filing = filing;
    match (actor, filing.channel) {
        (Issuer::Applicant, crate::application::Channel::Online) => filing.registered_by = None,
        (Issuer::Applicant, _) => {
            return Err(OpennessError::not_permitted(
                "信函申请和当面申请由受理机关工作人员登记（代为填写）",
            ));
        }
        (Issuer::Staff(_), crate::application::Channel::Online) => {
            return Err(OpennessError::not_permitted(
                "网上申请由申请人本人提交；工作人员代为填写的请选择当面申请或信函申请",
            ));
        }
        (Issuer::Staff(acting), _) => {
            if !acting.has_in(Role::OpennessOfficer, unit) {
                return Err(OpennessError::not_permitted(
                    "只有受理机关的政务公开工作人员可以登记申请",
                ));
            }
            filing.registered_by = Some(acting.user);
        }
    }
    let mut problems = filing.applicant.problems();
    if filing.description.trim().is_empty() {
        problems.push("请填写所需政府信息的名称、文号或者便于查询的其他特征性描述".to_owned());
    }
    OpennessError::check_all(problems)?;
    let mut application = Application {
        id,
        unit,
        status: Status::Received,
        filing,
        received_at: now,
        supplement: None,
        consultations: Vec::new(),
        extension: None,
        answer: None,
        delivery: None,
        withdrawal: None,
        concluded_at: None,
        clocks: Vec::new(),
    };
    let limit = rules.profile.openness.application_answer.limit();
    let started = clocks::start(
        &mut application.clocks,
        ClockKind::Answer,
        Some(unit),
        limit,
        now,
        rules.calendar,
    );
    let events = vec![
        Event::Registered {
            channel: application.filing.channel,
        },
        Event::Clock(started),
    ];
    Ok((application, events))
}

/// What `command` by `actor` does to `application` at `now`.
pub fn apply(
    application: &Application,
    command: &Command,
    actor: &Issuer,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Application, Vec<Event>), OpennessError> {
    let kind = command.kind();
    if !table::allows(application.status, kind) {
        return Err(OpennessError::InvalidTransition {
            from: application.status.label_zh(),
            command: kind.label_zh(),
        });
    }
    permits(application, actor, kind)?;
    let mut next = application.clone();
    let mut events = Vec::new();
    let calendar = rules.calendar;
    let openness = &rules.profile.openness;
    let to = match command {
        Command::RequestSupplement { items, period } => {
            request_supplement(&mut next, &mut events, items, *period, actor, now, rules)?;
            Status::Supplementing
        }
        Command::Supplemented { description } => {
            if description.trim().is_empty() {
                return Err(OpennessError::invalid("请填写补正后的申请内容"));
            }
            next.filing.description = description.trim().to_owned();
            if let Some(supplement) = next.supplement.as_mut() {
                supplement.corrected_at = Some(now);
            }
            events.extend(
                stop_all(&mut next, now, calendar)
                    .into_iter()
                    .map(Event::Clock),
            );
            // PUB-APPLY: the answer clock restarts from the corrected application.
            let limit = openness.application_answer.limit();
            let unit = Some(next.unit);
            let started = clocks::start(
                &mut next.clocks,
                ClockKind::Answer,
                unit,
                limit,
                now,
                calendar,
            );
            events.push(Event::Supplemented);
            events.push(Event::Clock(started));
            Status::Received
        }
        Command::CloseUnsupplemented => {
            if let Some(clock) = next.running_clock_mut(ClockKind::ApplicantSupplement) {
                let due = clock.due(calendar);
                if now < due {
                    return Err(OpennessError::NotYetDue {
                        what: "申请人补正",
                        due,
                    });
                }
            }
            let input = AnswerInput {
                reasoning:
                    "申请人无正当理由逾期不补正，视为放弃申请，本机关不再处理该政府信息公开申请"
                        .to_owned(),
                ..AnswerInput::default()
            };
            let outcome = Outcome::Other(OtherReason::NoSupplementInTime);
            answer(
                &mut next,
                &mut events,
                outcome,
                &input,
                actor,
                now,
                calendar,
            );
            Status::Answered
        }
        Command::StartHandling => {
            events.push(Event::HandlingStarted);
            Status::InHandling
        }
        Command::ConsultThirdParty { party, matter } => {
            consult(
                &mut next,
                &mut events,
                ConsultationKind::ThirdParty,
                party,
                matter,
                now,
                rules,
            )?;
            Status::ThirdPartyConsultation
        }
        Command::ConsultAgency { agency, matter } => {
            consult(
                &mut next,
                &mut events,
                ConsultationKind::Agency,
                agency,
                matter,
                now,
                rules,
            )?;
            Status::AgencyConsultation
        }
        Command::ThirdPartyReplied { opinion, reply } => {
            if *opinion == ThirdPartyOpinion::NoAnswer
                && let Some(clock) = next.running_clock_mut(ClockKind::ThirdPartyOpinion)
            {
                let due = clock.due(calendar);
                if now < due {
                    return Err(OpennessError::NotYetDue {
                        what: "第三方提出意见",
                        due,
                    });
                }
            }
            if *opinion != ThirdPartyOpinion::NoAnswer && reply.trim().is_empty() {
                return Err(OpennessError::invalid("请登记第三方的书面意见"));
            }
            close_consultation(&mut next, &mut events, Some(*opinion), reply, now, calendar)?;
            Status::InHandling
        }
        Command::AgencyReplied { reply } => {
            if reply.trim().is_empty() {
                return Err(OpennessError::invalid("请登记其他机关的意见"));
            }
            close_consultation(&mut next, &mut events, None, reply, now, calendar)?;
            Status::InHandling
        }
        Command::Extend { amount, reason } => {
            extend(&mut next, &mut events, *amount, reason, actor, now, rules)?;
            Status::InHandling
        }
        Command::Answer { outcome, input } => {
            check_answer(&next, *outcome, input)?;
            answer(
                &mut next,
                &mut events,
                *outcome,
                input,
                actor,
                now,
                calendar,
            );
            Status::Answered
        }
        Command::Deliver { way, evidence } => {
            let mut problems = Vec::new();
            if way.trim().is_empty() {
                problems.push("请填写送达方式".to_owned());
            }
            if evidence.trim().is_empty() {
                problems.push("请登记送达凭证（回执、签收或下载记录）".to_owned());
            }
            OpennessError::check_all(problems)?;
            next.delivery = Some(Delivery {
                way: way.trim().to_owned(),
                evidence: evidence.trim().to_owned(),
                at: now,
            });
            next.concluded_at = Some(now);
            events.push(Event::Delivered);
            Status::Concluded
        }
        Command::Withdraw { reason } => {
            let reason = reason.trim();
            next.withdrawal = Some(if reason.is_empty() {
                "申请人撤回申请".to_owned()
            } else {
                reason.to_owned()
            });
            next.concluded_at = Some(now);
            events.extend(
                stop_all(&mut next, now, calendar)
                    .into_iter()
                    .map(Event::Clock),
            );
            events.push(Event::Withdrawn);
            Status::Concluded
        }
    };
    next.status = to;
    Ok((next, events))
}

fn stop_all(
    application: &mut Application,
    now: Instant,
    calendar: &Calendar,
) -> Vec<platform::workflow::ClockEvent<ClockKind>> {
    // A paused clock is resumed first, so that its due instant counts the pause.
    for entry in application.clocks.iter_mut().filter(|c| c.is_running()) {
        if entry.clock.is_paused() {
            let _ = entry.clock.resume(now);
        }
    }
    clocks::stop(&mut application.clocks, now, calendar, |_| true)
}

/// PUB-APPLY: one notice, every item at once, within `openness.application_supplement` of
/// receipt; the answer clock stops and the applicant's period runs.
fn request_supplement(
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
    let limit = rules.profile.openness.application_supplement;
    let notice_due = rules.calendar.due(next.received_at, limit.limit()).at;
    if now > notice_due {
        return Err(OpennessError::limit(format!(
            "补正通知应自收到申请之日起{limit}内发出，已超过期限（PUB-APPLY）"
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
    events.extend(
        stop_all(next, now, rules.calendar)
            .into_iter()
            .map(Event::Clock),
    );
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
        corrected_at: None,
    });
    events.push(Event::SupplementRequested { due });
    events.push(Event::Clock(started));
    Ok(())
}

fn started_due(event: &platform::workflow::ClockEvent<ClockKind>) -> Instant {
    match event.change {
        platform::workflow::ClockChange::Started { due } => due,
        _ => event.start,
    }
}

/// CAL-PAUSE: a consultation pauses the answer clock; a third party gets its own clock of
/// `openness.third_party_opinion` (PUB-APPLY).
fn consult(
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
fn close_consultation(
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
fn extend(
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
    let most = rules.profile.openness.application_extension;
    if amount.unit != most.limit().unit || amount.amount > most.limit().amount {
        return Err(OpennessError::limit(format!(
            "延长答复的期限最长不得超过{most}（PUB-APPLY）"
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
fn answer(
    next: &mut Application,
    events: &mut Vec<Event>,
    outcome: Outcome,
    input: &AnswerInput,
    actor: &Issuer,
    now: Instant,
    calendar: &Calendar,
) {
    let in_time = next
        .answer_clock()
        .is_none_or(|clock| !clock.is_overdue(calendar, now));
    let notice = answer_notice(next, outcome, input, now);
    events.extend(stop_all(next, now, calendar).into_iter().map(Event::Clock));
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
}
