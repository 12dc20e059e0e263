//! What the lead unit applies for and the hotline decides (HL-EXTEND, HL-HANG), and the
//! report to the business-environment bureau after an urge (HL-REMIND), 000 §12345-10(一),
//! §12345-11. A unit never grants itself more time: each application waits for a decision
//! under the hotline's own `application_decision` clock.

use calendar::{Clock, Instant, Limit, LimitUnit};
use platform::workflow::{ClockChange, ClockEvent, machine as clocks};

use crate::error::HotlineError;
use crate::limits;
use crate::order::step::Step;
use crate::order::{
    Application, ApplicationKind, ClockKind, Decision, Event, ExtensionRecord, HangRecord,
    Recipient, Status, UrgeReport,
};
use crate::{UnitId, required};

fn no_pending(step: &Step<'_>) -> Result<(), HotlineError> {
    match &step.order.application {
        Some(pending) => Err(HotlineError::invalid(format!(
            "已有待热线审批的{}申请，请等待审批结果",
            match pending.kind {
                ApplicationKind::Extension { .. } => "延期",
                ApplicationKind::Hang { .. } => "挂账",
            }
        ))),
        None => Ok(()),
    }
}

/// The lead's running handling clock: its index, due instant and limit.
fn handling_clock(step: &Step<'_>, lead: UnitId) -> Result<(usize, Instant, Limit), HotlineError> {
    let index = step
        .order
        .clocks
        .iter()
        .rposition(|c| c.kind == ClockKind::Handling && c.unit == Some(lead) && c.is_running())
        .ok_or_else(|| HotlineError::invalid("没有正在计时的办理时限"))?;
    let clock = step
        .order
        .clocks
        .get(index)
        .ok_or_else(|| HotlineError::invalid("没有正在计时的办理时限"))?;
    Ok((index, clock.due(step.calendar), clock.clock.limit()))
}

fn decision_note(decision: Decision, note: &str) -> Result<String, HotlineError> {
    match decision {
        Decision::Approve => Ok(note.trim().to_owned()),
        Decision::Refuse => required(note, "不同意的理由"),
    }
}

/// What the hotline decides: the decision clock, the rule and the word for it.
#[derive(Clone, Copy)]
struct Pending {
    clock: ClockKind,
    rule: &'static str,
    what: &'static str,
}

const EXTENSION: Pending = Pending {
    clock: ClockKind::ExtensionDecision,
    rule: "HL-EXTEND",
    what: "延期",
};

const HANG: Pending = Pending {
    clock: ClockKind::HangDecision,
    rule: "HL-HANG",
    what: "挂账",
};

/// Closes the pending application of `pending`'s kind: its decision clock stops; a refusal
/// is told to the unit with the reason. The application when approved.
fn decide(
    step: &mut Step<'_>,
    pending: Pending,
    decision: Decision,
    note: &str,
) -> Result<Option<Application>, HotlineError> {
    let note = decision_note(decision, note)?;
    let application = step
        .order
        .application
        .clone()
        .filter(|application| match application.kind {
            ApplicationKind::Extension { .. } => pending.clock == ClockKind::ExtensionDecision,
            ApplicationKind::Hang { .. } => pending.clock == ClockKind::HangDecision,
        })
        .ok_or_else(|| HotlineError::invalid(format!("没有待审批的{}申请", pending.what)))?;
    step.stop_clock(pending.clock, None);
    step.order.application = None;
    if decision == Decision::Refuse {
        step.notify(
            Recipient::UnitHandlers(application.unit),
            pending.rule,
            format!("{}申请未获同意：{note}", pending.what),
        );
        return Ok(None);
    }
    Ok(Some(application))
}

/// HL-EXTEND: the lead applies before the due time, with a reason and the explanation for
/// the appellant, within the cap (`max_extensions` × `extension_max`).
pub(crate) fn apply_extension(
    step: &mut Step<'_>,
    unit: UnitId,
    amount: Limit,
    reason: &str,
    explanation: &str,
) -> Result<(), HotlineError> {
    let lead = step.require_lead(unit)?;
    let reason = required(reason, "延期理由")?;
    let explanation = required(explanation, "向诉求人的解释说明")?;
    no_pending(step)?;
    let (_, due, clock_limit) = handling_clock(step, lead)?;
    if step.now >= due {
        return Err(HotlineError::DeadlinePassed {
            what: "申请延期",
            due,
        });
    }
    limits::check_extension(
        amount,
        clock_limit,
        step.order.extensions.len(),
        &step.profile.hotline,
    )?;
    step.order.application = Some(Application {
        kind: ApplicationKind::Extension {
            amount,
            explanation,
        },
        unit: lead,
        reason: reason.clone(),
        at: step.now,
    });
    let decide_within = step.profile.hotline.application_decision.limit();
    step.start_clock(ClockKind::ExtensionDecision, None, decide_within);
    step.notify(
        Recipient::Hotline,
        "HL-EXTEND",
        format!(
            "承办单位申请延期{}：{reason}，请于{}内审批",
            amount.label_zh(),
            decide_within.label_zh()
        ),
    );
    Ok(())
}

/// HL-EXTEND: the hotline approves (the amount is added to the handling clock's due time and
/// the unit's explanation is texted to the appellant) or refuses.
pub(crate) fn decide_extension(
    step: &mut Step<'_>,
    decision: Decision,
    note: &str,
) -> Result<(), HotlineError> {
    let Some(Application {
        kind: ApplicationKind::Extension {
            amount,
            explanation,
        },
        unit,
        reason,
        at,
    }) = decide(step, EXTENSION, decision, note)?
    else {
        return Ok(());
    };
    let (index, _, clock_limit) = handling_clock(step, unit)?;
    limits::check_extension(
        amount,
        clock_limit,
        step.order.extensions.len(),
        &step.profile.hotline,
    )?;
    let calendar = step.calendar;
    let clock = step
        .order
        .clocks
        .get_mut(index)
        .ok_or_else(|| HotlineError::invalid("没有正在计时的办理时限"))?;
    let extended = clocks::extend(clock, amount, &reason, "HL-EXTEND", calendar)
        .map_err(|error| HotlineError::invalid(error.to_string()))?;
    let new_due = clock.due(calendar);
    step.order.extensions.push(ExtensionRecord {
        amount,
        reason,
        at,
        new_due,
    });
    step.events.push(Event::Clock(extended));
    step.notify(
        Recipient::UnitHandlers(unit),
        "HL-EXTEND",
        format!(
            "延期申请已同意（第 {} 次，延期{}）",
            step.order.extensions.len(),
            amount.label_zh()
        ),
    );
    // HL-EXTEND: 由承办单位向诉求人做好解释沟通 — the unit's own words, sent and recorded.
    step.notify(
        Recipient::Appellant,
        "HL-EXTEND",
        format!(
            "您的诉求办理时限延长{}。承办单位说明：{explanation}",
            amount.label_zh()
        ),
    );
    Ok(())
}

/// HL-HANG: the planned date's close of business, and the ledger clock's limit in working
/// days from `now` to it.
fn planned_close(step: &Step<'_>, planned: Instant) -> Result<(Instant, Limit), HotlineError> {
    let date = planned.local_date();
    if !step.calendar.is_working_day(date) {
        return Err(HotlineError::invalid("计划解决日期应为工作日"));
    }
    let days = step
        .calendar
        .working_days_between(step.now.local_date(), date);
    let amount = u32::try_from(days).unwrap_or(0);
    if amount == 0 {
        return Err(HotlineError::invalid("计划解决日期应晚于今天"));
    }
    let limit = Limit {
        amount,
        unit: LimitUnit::WorkingDays,
    };
    Ok((step.calendar.close_of_business_on(date), limit))
}

/// HL-HANG: the lead applies with a scope from the profile, a reason, the standard of
/// solution and the planned date.
pub(crate) fn apply_hang(
    step: &mut Step<'_>,
    unit: UnitId,
    scope: &str,
    reason: &str,
    standard: &str,
    planned: Instant,
) -> Result<(), HotlineError> {
    let lead = step.require_lead(unit)?;
    let reason = required(reason, "挂账理由")?;
    let standard = required(standard, "挂账标准")?;
    let scopes = step.profile.hotline.hang_scope_list();
    let scope = scope.trim();
    if !scopes.contains(&scope) {
        return Err(HotlineError::invalid(format!(
            "挂账事项范围应为以下之一：{}",
            scopes.join("、")
        )));
    }
    no_pending(step)?;
    handling_clock(step, lead)?;
    let (planned, _) = planned_close(step, planned)?;
    step.order.application = Some(Application {
        kind: ApplicationKind::Hang {
            scope: scope.to_owned(),
            standard,
            planned,
        },
        unit: lead,
        reason: reason.clone(),
        at: step.now,
    });
    let decide_within = step.profile.hotline.application_decision.limit();
    step.start_clock(ClockKind::HangDecision, None, decide_within);
    step.notify(
        Recipient::Hotline,
        "HL-HANG",
        format!(
            "承办单位申请挂账（{scope}）：{reason}，请于{}内审批",
            decide_within.label_zh()
        ),
    );
    Ok(())
}

/// HL-HANG: approved, the order goes on the ledger: the handling clock pauses (CAL-PAUSE),
/// the ledger clock runs to the planned date, urges already running keep running.
pub(crate) fn decide_hang(
    step: &mut Step<'_>,
    decision: Decision,
    note: &str,
) -> Result<(), HotlineError> {
    let Some(Application {
        kind:
            ApplicationKind::Hang {
                scope,
                standard,
                planned,
            },
        unit,
        reason,
        ..
    }) = decide(step, HANG, decision, note)?
    else {
        return Ok(());
    };
    let (planned, ledger_limit) = planned_close(step, planned)?;
    let (index, _, _) = handling_clock(step, unit)?;
    let now = step.now;
    let pause_reason = format!("挂账：{scope}");
    let clock = step
        .order
        .clocks
        .get_mut(index)
        .ok_or_else(|| HotlineError::invalid("没有正在计时的办理时限"))?;
    let paused = clocks::pause(clock, now, &pause_reason, "HL-HANG")
        .map_err(|error| HotlineError::invalid(error.to_string()))?;
    step.events.push(Event::Clock(paused));
    step.start_clock(ClockKind::HangLedger, Some(unit), ledger_limit);
    let every = step.profile.hotline.hang_reminder_every.limit();
    step.order.hangs.push(HangRecord {
        scope,
        reason,
        planned: Some(planned),
        standard,
        review_by: Clock::new(now, every).due(step.calendar).at,
        hung_at: now,
        unhung_at: None,
    });
    step.notify(
        Recipient::UnitHandlers(unit),
        "HL-HANG",
        "挂账申请已同意，工单已列入挂账管理，请按计划解决后销账",
    );
    step.order.status = Status::Hung;
    Ok(())
}

/// HL-HANG: off the ledger (销账): the ledger clock stops, the handling clock resumes.
pub(crate) fn unhang(step: &mut Step<'_>, unit: UnitId, note: &str) -> Result<(), HotlineError> {
    let lead = step.require_lead(unit)?;
    required(note, "销账说明")?;
    let now = step.now;
    let calendar = step.calendar;
    step.stop_clock(ClockKind::HangLedger, Some(lead));
    if let Some(clock) = step
        .order
        .clocks
        .iter_mut()
        .rev()
        .find(|c| c.kind == ClockKind::Handling && c.unit == Some(lead) && c.is_running())
        && clock.clock.is_paused()
    {
        let resumed = clocks::resume(clock, now, "HL-HANG", calendar)
            .map_err(|error| HotlineError::invalid(error.to_string()))?;
        step.events.push(Event::Clock(resumed));
    }
    if let Some(hang) = step.order.hangs.last_mut() {
        hang.unhung_at = Some(now);
    }
    step.notify(Recipient::Hotline, "HL-HANG", "承办单位已销账");
    step.order.status = Status::Handling;
    Ok(())
}

/// HL-REMIND: the urged lead reports at once, before the urge limit, that it cannot feed
/// back in time, with reasons (000 §12345-11 应当立即向区营商环境建设局提出报告).
pub(crate) fn report_urge_delay(
    step: &mut Step<'_>,
    unit: UnitId,
    reason: &str,
) -> Result<(), HotlineError> {
    let lead = step.require_lead(unit)?;
    let reason = required(reason, "不能按期反馈的理由")?;
    let due = step
        .order
        .running_clock(ClockKind::Urge, Some(lead))
        .map(|clock| clock.due(step.calendar))
        .ok_or_else(|| HotlineError::invalid("本工单没有正在计时的催办，无需报告"))?;
    if step.now > due {
        return Err(HotlineError::DeadlinePassed {
            what: "报告不能按期反馈",
            due,
        });
    }
    if step.order.pending_urge_report().is_some() {
        return Err(HotlineError::invalid("已提交报告，正在等待审核"));
    }
    step.order.urge_reports.push(UrgeReport {
        unit: lead,
        reason: reason.clone(),
        at: step.now,
        accepted: None,
        note: String::new(),
    });
    step.notify(
        Recipient::UrgeReportUnit,
        "HL-REMIND",
        format!("承办单位报告催办后不能按期反馈：{reason}"),
    );
    Ok(())
}

/// HL-REMIND: the bureau accepts the report with a new feedback limit (the urge clock stops
/// met, no accountability record) or refuses it (the urge clock runs on to its record).
pub(crate) fn decide_urge_report(
    step: &mut Step<'_>,
    decision: Decision,
    new_limit: Limit,
    note: &str,
) -> Result<(), HotlineError> {
    let note = decision_note(decision, note)?;
    let lead = step.lead()?;
    if step.order.pending_urge_report().is_none() {
        return Err(HotlineError::invalid("没有待审核的报告"));
    }
    if decision == Decision::Approve && new_limit.amount == 0 {
        return Err(HotlineError::invalid("新的反馈时限应大于 0"));
    }
    if let Some(report) = step.order.urge_reports.last_mut() {
        report.accepted = Some(decision == Decision::Approve);
        report.note = note.clone();
    }
    match decision {
        Decision::Approve => {
            let now = step.now;
            for clock in step
                .order
                .clocks
                .iter_mut()
                .filter(|c| c.kind == ClockKind::Urge && c.unit == Some(lead) && c.is_running())
            {
                // The accepted report answers the urge: its clock counts as met.
                clock.stopped_at = Some(now);
                step.events.push(Event::Clock(ClockEvent {
                    kind: ClockKind::Urge,
                    unit: Some(lead),
                    start: clock.clock.start(),
                    limit: clock.clock.limit(),
                    change: ClockChange::Stopped { at: now, met: true },
                }));
            }
            step.start_clock(ClockKind::AgreedFeedback, Some(lead), new_limit);
            step.notify(
                Recipient::UnitLeader(lead),
                "HL-REMIND",
                format!("报告已接受，请于{}内反馈办理结果", new_limit.label_zh()),
            );
        }
        Decision::Refuse => step.notify(
            Recipient::UnitLeader(lead),
            "HL-REMIND",
            format!("报告未被接受：{note}；催办期满仍未反馈的将记录追责"),
        ),
    }
    Ok(())
}
