//! The pure transition of a disclosure application (PUB-APPLY, PUB-ANSWER, CAL-PAUSE):
//! `register` (the first step) and `apply(application, command, actor, now, rules) ->
//! (application, events)`. A refused command changes nothing. Order of the checks: the
//! transition table, then who may act, then the rules. Every limit is the profile's
//! (`openness.*`), counted on the jurisdiction's calendar.

use calendar::Instant;
use platform::roles::Role;
use platform::workflow::machine as clocks;

use crate::application::steps::{
    answer, close_consultation, consult, extend, request_supplement, stop_all,
};
use crate::application::{
    AnswerInput, Application, ClockKind, Command, CommandKind, ConsultationKind, Delivery, Event,
    Filing, OtherReason, Outcome, Status, TRANSITIONS, ThirdPartyOpinion, check_answer, table,
};
use crate::error::OpennessError;
use crate::{ApplicationId, Issuer, Rules, UnitId};

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
            let original =
                std::mem::replace(&mut next.filing.description, description.trim().to_owned());
            if let Some(supplement) = next.supplement.as_mut() {
                supplement.corrected_at = Some(now);
                supplement.original_description = original;
            }
            events.extend(stop_all(&mut next, now, calendar)?);
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
            )?;
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
            )?;
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
            events.extend(stop_all(&mut next, now, calendar)?);
            events.push(Event::Withdrawn);
            Status::Concluded
        }
    };
    next.status = to;
    events.insert(
        0,
        Event::Transitioned {
            from: application.status,
            to,
            command: kind,
        },
    );
    Ok((next, events))
}
