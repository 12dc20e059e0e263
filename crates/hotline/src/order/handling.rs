//! The lead unit's handling steps: extension (HL-EXTEND), hanging (HL-HANG), assisting
//! contributions and the result (HL-DISPATCH, HL-RESULT), and the urge notice (HL-REMIND).

use calendar::{Instant, Limit};

use crate::account::AccountKind;
use crate::error::HotlineError;
use crate::limits;
use crate::order::step::Step;
use crate::order::{
    Approval, ClockKind, Event, ExtensionRecord, HandlingResult, HangRecord, Recipient, Status,
    UnitRole,
};
use crate::{UnitId, required};

/// HL-EXTEND: before the due time, with a reason, at most `max_extensions` times, each at
/// most `extension_max`; the amount is added to the handling clock's due time.
pub(crate) fn extend(
    step: &mut Step<'_>,
    unit: UnitId,
    amount: Limit,
    reason: &str,
) -> Result<(), HotlineError> {
    let lead = step.require_lead(unit)?;
    let reason = required(reason, "延期理由")?;
    let index = step
        .order
        .clocks
        .iter()
        .rposition(|c| c.kind == ClockKind::Handling && c.unit == Some(lead) && c.is_running())
        .ok_or_else(|| HotlineError::invalid("没有正在计时的办理时限"))?;
    let calendar = step.calendar;
    let clock = step
        .order
        .clocks
        .get_mut(index)
        .ok_or_else(|| HotlineError::invalid("没有正在计时的办理时限"))?;
    let due = clock.due(calendar);
    if step.now >= due {
        return Err(HotlineError::DeadlinePassed {
            what: "申请延期",
            due,
        });
    }
    limits::check_extension(
        amount,
        clock.clock.limit(),
        step.order.extensions.len(),
        &step.profile.hotline,
    )?;
    clock
        .clock
        .extend(amount, reason.clone())
        .map_err(|error| HotlineError::invalid(error.to_string()))?;
    let new_due = clock.due(calendar);
    step.order.extensions.push(ExtensionRecord {
        amount,
        reason,
        at: step.now,
        new_due,
    });
    step.events.push(Event::ClockExtended {
        kind: ClockKind::Handling,
        rule: "HL-EXTEND",
        unit: Some(lead),
        amount,
        due: new_due,
    });
    step.notify(
        Recipient::Hotline,
        "HL-EXTEND",
        format!(
            "工单延期{}（第 {} 次）",
            amount.label_zh(),
            step.order.extensions.len()
        ),
    );
    Ok(())
}

/// HL-HANG: onto the ledger with scope, standard and the next reminder; the handling clock
/// pauses (CAL-PAUSE: a pause after the due time does not rescue an overdue clock).
pub(crate) fn hang(
    step: &mut Step<'_>,
    unit: UnitId,
    scope: &str,
    standard: &str,
    review_by: Instant,
) -> Result<(), HotlineError> {
    let lead = step.require_lead(unit)?;
    let scope = required(scope, "挂账事项范围")?;
    let standard = required(standard, "挂账标准")?;
    if review_by <= step.now {
        return Err(HotlineError::invalid("挂账监督提醒时间应晚于当前时间"));
    }
    let now = step.now;
    let reason = format!("挂账：{scope}");
    if let Some(clock) = step
        .order
        .clocks
        .iter_mut()
        .rev()
        .find(|c| c.kind == ClockKind::Handling && c.unit == Some(lead) && c.is_running())
    {
        clock
            .clock
            .pause(now, reason.clone())
            .map_err(|error| HotlineError::invalid(error.to_string()))?;
        step.events.push(Event::ClockPaused {
            kind: ClockKind::Handling,
            rule: "HL-HANG",
            unit: Some(lead),
            at: now,
            reason,
        });
    }
    step.order.hangs.push(HangRecord {
        scope,
        standard,
        review_by,
        hung_at: now,
        unhung_at: None,
    });
    step.notify(Recipient::Hotline, "HL-HANG", "工单已列入挂账管理");
    step.order.status = Status::Hung;
    Ok(())
}

/// HL-HANG: off the ledger; the handling clock resumes.
pub(crate) fn unhang(step: &mut Step<'_>, unit: UnitId, note: &str) -> Result<(), HotlineError> {
    let lead = step.require_lead(unit)?;
    required(note, "销账说明")?;
    let now = step.now;
    let calendar = step.calendar;
    if let Some(clock) = step
        .order
        .clocks
        .iter_mut()
        .rev()
        .find(|c| c.kind == ClockKind::Handling && c.unit == Some(lead) && c.is_running())
        && clock.clock.is_paused()
    {
        clock
            .clock
            .resume(now)
            .map_err(|error| HotlineError::invalid(error.to_string()))?;
        let due = clock.due(calendar);
        step.events.push(Event::ClockResumed {
            kind: ClockKind::Handling,
            rule: "HL-HANG",
            unit: Some(lead),
            at: now,
            due,
        });
    }
    if let Some(hang) = step.order.hangs.last_mut() {
        hang.unhung_at = Some(now);
    }
    step.order.status = Status::Handling;
    Ok(())
}

/// HL-DISPATCH: a signed assisting unit contributes to the lead's result.
pub(crate) fn contribute(
    step: &mut Step<'_>,
    unit: UnitId,
    text: &str,
) -> Result<(), HotlineError> {
    let index = step.assignment_of(unit)?;
    let text = required(text, "协办意见")?;
    let lead = step.lead()?;
    let assignment = step
        .order
        .assignments
        .get_mut(index)
        .ok_or_else(|| HotlineError::invalid("承办单位不存在"))?;
    if assignment.role != UnitRole::Assisting {
        return Err(HotlineError::NotAssigned {
            unit,
            role: "协办单位",
        });
    }
    if assignment.signed_at.is_none() {
        return Err(HotlineError::invalid("请先签收工单"));
    }
    assignment.contribution = Some(text);
    step.notify(
        Recipient::UnitHandlers(lead),
        "HL-DISPATCH",
        format!("协办单位 {unit} 已反馈协办意见"),
    );
    Ok(())
}

/// HL-RESULT: the lead submits the structured result for its leader; assisting units that
/// gave nothing are candidates for HL-ACCOUNT (推诿扯皮).
pub(crate) fn submit_result(
    step: &mut Step<'_>,
    unit: UnitId,
    result: &HandlingResult,
) -> Result<(), HotlineError> {
    let lead = step.require_lead(unit)?;
    let result = HandlingResult::parse(
        &result.handling,
        &result.process,
        &result.opinion,
        &result.result,
        result.appellant_view,
    )?;
    step.order.results.push(result);
    let silent: Vec<UnitId> = step
        .order
        .assignments
        .iter()
        .filter(|a| a.role == UnitRole::Assisting && a.contribution.is_none())
        .map(|a| a.unit)
        .collect();
    for assisting in silent {
        step.account(
            assisting,
            AccountKind::BuckPassing,
            "HL-ACCOUNT",
            "主办单位提交办理结果时协办单位未反馈协办意见",
        );
    }
    step.notify(
        Recipient::UnitLeader(lead),
        "HL-RESULT",
        "办理结果待领导审核",
    );
    step.order.status = Status::ResultSubmitted;
    Ok(())
}

/// HL-RESULT: the leader approves (the result is fed back: the unit's clocks stop, HL-REPLY
/// starts) or sends it back to the handlers.
pub(crate) fn approve_result(
    step: &mut Step<'_>,
    unit: UnitId,
    decision: &Approval,
) -> Result<(), HotlineError> {
    let lead = step.require_lead(unit)?;
    match decision {
        Approval::Approve => {
            step.stop_all_clocks();
            step.order.reply_attempts.clear();
            step.start_clock(ClockKind::Reply, None, limits::reply(&step.profile.hotline));
            step.notify(
                Recipient::Hotline,
                "HL-REPLY",
                "承办单位已反馈办理结果，请回复诉求人",
            );
            step.order.status = Status::ResultApproved;
        }
        Approval::SendBack(note) => {
            let note = required(note, "退回修改意见")?;
            step.order.results.pop();
            step.notify(
                Recipient::UnitHandlers(lead),
                "HL-RESULT",
                format!("领导退回办理结果：{note}"),
            );
            step.order.status = Status::Handling;
        }
    }
    Ok(())
}

/// HL-REMIND: an urge notice to the lead's leader when one of its clocks is overdue; starts
/// the `urge_feedback` clock whose expiry is an accountability record (see `supervise`).
pub(crate) fn urge(step: &mut Step<'_>) -> Result<(), HotlineError> {
    let lead = step.lead()?;
    if step
        .order
        .running_clock(ClockKind::Urge, Some(lead))
        .is_some()
    {
        return Err(HotlineError::invalid("已发出催办通知，正在等待反馈"));
    }
    let overdue = step.order.running_clocks().any(|clock| {
        clock.unit == Some(lead)
            && matches!(
                clock.kind,
                ClockKind::Sign
                    | ClockKind::Handling
                    | ClockKind::MajorInitial
                    | ClockKind::MajorProgress
            )
            && clock.is_overdue(step.calendar, step.now)
    });
    if !overdue {
        return Err(HotlineError::invalid("工单未逾期，不能催办"));
    }
    step.order.urges.push(step.now);
    let limit = limits::urge_feedback(&step.profile.hotline);
    step.start_clock(ClockKind::Urge, Some(lead), limit);
    let message = format!("工单已逾期，请于{}内反馈，逾期将记录追责", limit.label_zh());
    step.notify(Recipient::UnitLeader(lead), "HL-REMIND", message.clone());
    step.notify(Recipient::UnitHandlers(lead), "HL-REMIND", message);
    Ok(())
}
