//! The lead unit's handling steps: assisting contributions and the result (HL-DISPATCH,
//! HL-RESULT), and the urge notice (HL-REMIND). Applications to the hotline (HL-EXTEND,
//! HL-HANG) are in `applications`.

use crate::account::AccountKind;
use crate::error::HotlineError;
use crate::limits;
use crate::order::step::Step;
use crate::order::{Approval, ClockKind, HandlingResult, Recipient, Status, UnitRole};
use crate::{UnitId, required};

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
    let parsed = HandlingResult::parse(
        &result.handling,
        &result.process,
        &result.opinion,
        &result.result,
        result.appellant_view,
    )?;
    step.order.results.push(HandlingResult {
        files: result.files.clone(),
        ..parsed
    });
    // An application still waiting is moot once the result is in.
    if step.order.application.take().is_some() {
        step.stop_clocks(|clock| {
            matches!(
                clock.kind,
                ClockKind::ExtensionDecision | ClockKind::HangDecision
            )
        });
    }
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

/// HL-REMIND: an urge notice to the lead's leader when its feedback is overdue (a late
/// signature alone is HL-SUPERVISE's, not a 催办: 000 §12345-11 承办单位逾期未反馈的); starts
/// the `urge_feedback` clock whose expiry, with no accepted report to the bureau, is an
/// accountability record (see `supervise`).
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
            && clock.kind.is_feedback()
            && clock.is_overdue(step.calendar, step.now)
    });
    if !overdue {
        return Err(HotlineError::invalid("工单反馈未逾期，不能催办"));
    }
    step.order.urges.push(step.now);
    let limit = limits::urge_feedback(&step.profile.hotline);
    step.start_clock(ClockKind::Urge, Some(lead), limit);
    let message = format!(
        "工单已逾期未反馈，请于{}内反馈；确实不能按期反馈的，请立即向营商环境建设局报告并说明理由，否则逾期将记录追责",
        limit.label_zh()
    );
    step.notify(Recipient::UnitLeader(lead), "HL-REMIND", message.clone());
    step.notify(Recipient::UnitHandlers(lead), "HL-REMIND", message);
    Ok(())
}
