//! After acceptance: staged review, joint opinions, the decision, the delivery and
//! e-supervision (SVC-PROMISE, SVC-PARALLEL, SVC-WINDOW, SVC-ELICENCE, EVAL-ALL). Special
//! procedures are in `special`.

use crate::case::step::Step;
use crate::case::{ClockKind, Decision, Event, JointOpinion, Recipient, Status};
use crate::item::DeliveryMethod;
use crate::{ServiceError, UnitId, required};

/// Enters stage `index` of the item's process (its clock starts), or the decision when the
/// process has no more stages.
pub(crate) fn enter_stage(step: &mut Step<'_>, index: u32) {
    step.case.stage = index;
    match step.item.process.stages.get(index as usize).cloned() {
        Some(stage) => {
            step.start_clock(ClockKind::Stage(index), Some(stage.department), stage.limit);
            step.begin_step(&stage.name, Some(stage.department));
            step.case.status = Status::InReview;
        }
        None => {
            let department = step.department();
            step.begin_step("审批决定", Some(department));
            step.case.status = Status::AwaitingDecision;
        }
    }
}

/// The current stage's department completes it; the next stage (or the decision) follows.
pub(crate) fn complete_stage(
    step: &mut Step<'_>,
    by: UnitId,
    opinion: &str,
) -> Result<(), ServiceError> {
    let index = step.case.stage;
    let stage = step
        .item
        .process
        .stages
        .get(index as usize)
        .ok_or_else(|| ServiceError::invalid("办件没有进行中的办理环节"))?;
    if stage.department != by {
        return Err(ServiceError::NotAssigned {
            unit: by,
            action: "办理当前环节",
        });
    }
    let opinion = required(opinion, "环节办理意见")?;
    // SVC-WINDOW: the department's first act signs for a case its window accepted.
    crate::case::window::signed_by_acting(step, by);
    step.stop_clocks(ClockKind::Stage(index), None);
    step.end_step(&opinion);
    enter_stage(step, index + 1);
    Ok(())
}

/// SVC-PARALLEL: one opinion per co-approving department, under its own clock.
pub(crate) fn joint_opinion(
    step: &mut Step<'_>,
    department: UnitId,
    approve: bool,
    opinion: &str,
) -> Result<(), ServiceError> {
    if !step
        .item
        .process
        .parallel
        .iter()
        .any(|part| part.department == department)
    {
        return Err(ServiceError::NotAssigned {
            unit: department,
            action: "出具联办意见（非本事项并联审批部门）",
        });
    }
    if step
        .case
        .joint_opinions
        .iter()
        .any(|given| given.department == department)
    {
        return Err(ServiceError::invalid(format!(
            "部门 {department} 已出具联办意见"
        )));
    }
    let opinion = required(opinion, "联办意见")?;
    step.stop_clocks(ClockKind::Parallel, Some(department));
    step.case.joint_opinions.push(JointOpinion {
        department,
        approve,
        opinion,
        at: step.now,
    });
    Ok(())
}

/// The decision by the implementing department (SVC-WINDOW: never the window), after every
/// co-approving department's opinion, replied once (SVC-PARALLEL 统一回复). The promised clock
/// stops (003 §19 在承诺时限内给予审批办结); a late decision is flagged overdue.
pub(crate) fn decide(
    step: &mut Step<'_>,
    by: UnitId,
    decision: &Decision,
) -> Result<(), ServiceError> {
    let department = step.department();
    if by != department {
        return Err(ServiceError::NotAssigned {
            unit: by,
            action: "作出审批决定（由实施部门作出）",
        });
    }
    let pending: Vec<String> = step
        .item
        .process
        .parallel
        .iter()
        .filter(|part| {
            !step
                .case
                .joint_opinions
                .iter()
                .any(|given| given.department == part.department)
        })
        .map(|part| part.department.to_string())
        .collect();
    if !pending.is_empty() {
        return Err(ServiceError::invalid(format!(
            "并联审批部门 {} 尚未出具意见",
            pending.join("、")
        )));
    }
    crate::case::window::signed_by_acting(step, by);
    let decision = match decision {
        Decision::Approve => {
            if let Some(denial) = step.case.joint_opinions.iter().find(|o| !o.approve) {
                return Err(ServiceError::invalid(format!(
                    "并联审批部门 {} 不同意，不能作出准予决定",
                    denial.department
                )));
            }
            Decision::Approve
        }
        Decision::Deny(reason) => Decision::Deny(required(reason, "不予批准的理由")?),
    };
    if step.case.overdue_flagged.is_none() && step.case.is_overdue(step.calendar, step.now) {
        report_overdue(step);
    }
    step.stop_clocks(ClockKind::Promise, None);
    step.end_step("已作出决定");
    let text = format!("审批决定：{}", decision.words_zh());
    step.notify(Recipient::Applicant, "SVC-PARALLEL", text);
    let deliverer = step.case.accepted.map_or(department, |(unit, _)| unit);
    if deliverer != department {
        step.notify(
            Recipient::Window(deliverer),
            "SVC-WINDOW",
            format!("办件 {} 已作出决定，请综合窗口出证送达", step.case.id),
        );
    }
    step.begin_step("结果送达", Some(deliverer));
    step.case.decision = Some((decision, step.now));
    step.case.status = Status::Decided;
    Ok(())
}

/// Delivery by the accepting unit (SVC-WINDOW 综合窗口出证); concludes the case, issues the
/// e-licence of an approved licence item (SVC-ELICENCE) and invites a rating (EVAL-ALL).
pub(crate) fn deliver(
    step: &mut Step<'_>,
    by: UnitId,
    method: DeliveryMethod,
) -> Result<(), ServiceError> {
    let department = step.department();
    let deliverer = step.case.accepted.map_or(department, |(unit, _)| unit);
    if by != deliverer {
        return Err(ServiceError::NotAssigned {
            unit: by,
            action: "送达结果（由受理窗口送达）",
        });
    }
    if !step.item.basic.delivery.contains(&method) {
        return Err(ServiceError::invalid(format!(
            "本事项不提供“{}”",
            method.label_zh()
        )));
    }
    step.end_step(method.label_zh());
    let approved = matches!(step.case.decision, Some((Decision::Approve, _)));
    if approved && let Some(licence_type) = step.item.basic.result.licence_type.clone() {
        step.events.push(Event::LicenceIssued {
            rule: "SVC-ELICENCE",
            licence_type,
            holder: step.case.applicant,
            case: step.case.id,
            issuer: department,
            at: step.now,
        });
    }
    // SVC-STATUS (issue 14 item 2): the applicant is texted the conclusion with the decision
    // in words and how the result is delivered (the number heads the text).
    let decision = step
        .case
        .decision
        .as_ref()
        .map_or_else(String::new, |(decision, _)| {
            let result = &step.item.basic.result.name;
            match decision {
                Decision::Approve if !result.is_empty() => format!("准予（{result}）"),
                other => other.words_zh(),
            }
        });
    step.notify(
        Recipient::Applicant,
        "SVC-STATUS",
        format!(
            "您的申请已办结，办理结果：{decision}；送达方式：{}。\
             欢迎凭办件编号和查询码查看结果并对本次服务进行评价",
            method.label_zh()
        ),
    );
    step.events.push(Event::RatingInvited {
        rule: "EVAL-ALL",
        case: step.case.id,
        applicant: step.case.applicant,
        unit: department,
    });
    step.case.delivery = Some((method, step.now));
    step.case.status = Status::Concluded;
    Ok(())
}

fn report_overdue(step: &mut Step<'_>) {
    let department = step.department();
    let due = step.case.promised_due(step.calendar).unwrap_or(step.now);
    step.case.overdue_flagged = Some(step.now);
    step.events.push(Event::Overdue {
        rule: "SVC-PROMISE",
        department,
        due,
    });
    step.notify(
        Recipient::Supervision,
        "SVC-PROMISE",
        format!("超期办件：办件 {} 已超过承诺办结时限", step.case.id),
    );
}

/// SVC-PROMISE (003 §19 记为超期办件并纳入电子监察系统监管): flags the case once the promised
/// due time has passed; refused before it, and once flagged.
pub(crate) fn flag_overdue(step: &mut Step<'_>) -> Result<(), ServiceError> {
    if step.case.overdue_flagged.is_some() {
        return Err(ServiceError::invalid("办件已标记为超期办件"));
    }
    if !step.case.is_overdue(step.calendar, step.now) {
        let due = step.case.promised_due(step.calendar).unwrap_or(step.now);
        return Err(ServiceError::NotYetDue {
            what: "承诺办结时限",
            due,
        });
    }
    report_overdue(step);
    Ok(())
}

/// The applicant withdraws before the decision: every clock stops, the department is told.
pub(crate) fn withdraw(step: &mut Step<'_>, reason: &str) -> Result<(), ServiceError> {
    let reason = required(reason, "撤回原因")?;
    step.stop_all_clocks();
    let now = step.now;
    for open in step.case.steps.iter_mut().filter(|s| s.end.is_none()) {
        open.end = Some(now);
    }
    let department = step.department();
    step.notify(
        Recipient::Department(department),
        "SVC-STATUS",
        format!("申请人已撤回办件 {}：{reason}", step.case.id),
    );
    step.case.withdrawal = Some(reason);
    step.case.status = Status::Withdrawn;
    Ok(())
}
