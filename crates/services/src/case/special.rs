//! Special procedures after acceptance (SVC-SPECIAL, CAL-PAUSE): those an item publishes with
//! their limits (003 §20), and 补齐补正 — a request to supplement or correct materials after
//! acceptance (001 §11) — under the profile's limit, ended by the applicant's upload. Each
//! pauses the promised, stage and parallel clocks with its reason, tells the applicant, and
//! runs its own clock; ending it resumes them.

use calendar::Limit;

use crate::case::step::Step;
use crate::case::transition::{checked_defects, merged_materials};
use crate::case::{ClockKind, MaterialDefect, Recipient, SpecialRecord, Status, SubmittedMaterial};
use crate::item::SpecialProcedure;
use crate::{ServiceError, UnitId, required};

/// SVC-SPECIAL (003 §20, 001 §11): the procedure must be one the item publishes with a limit;
/// the promised, stage and parallel clocks pause with the reason, told to the applicant, and
/// the procedure's own clock starts.
pub(crate) fn start_special(
    step: &mut Step<'_>,
    procedure: SpecialProcedure,
    reason: &str,
) -> Result<(), ServiceError> {
    if procedure == SpecialProcedure::Supplement {
        return Err(ServiceError::invalid(
            "补齐补正须列明需补正的每一项材料及其问题，请使用“要求补齐补正”",
        ));
    }
    let Some(special) = step
        .item
        .process
        .special
        .iter()
        .find(|special| special.procedure == procedure)
        .cloned()
    else {
        return Err(ServiceError::invalid(format!(
            "本事项未公布“{}”特别程序及其时限",
            procedure.label_zh()
        )));
    };
    let reason = required(reason, "特别程序的原因")?;
    let notice = format!(
        "办件进入特别程序“{}”（时限{}，不计入承诺办结时限），原因：{reason}",
        procedure.label_zh(),
        special.limit.label_zh()
    );
    let entry = Entry {
        procedure,
        reason,
        limit: special.limit,
        defects: Vec::new(),
        notice,
    };
    enter(step, entry)
}

/// SVC-SPECIAL (001 §11 如有…补齐补正等特殊情况，应写明详细原因并通知申请人): after acceptance the
/// reviewing department (the implementing department, or the department of the current stage)
/// asks for every missing or defective material with what is wrong. The promised clock pauses
/// with that list as its reason (CAL-PAUSE) and 补齐补正 runs under the profile's
/// `services.supplement_after_acceptance`. Under `one_time_notice_only` it is asked once per
/// case, listing everything (一次性告知).
pub(crate) fn request_supplement(
    step: &mut Step<'_>,
    by: UnitId,
    defects: &[MaterialDefect],
) -> Result<(), ServiceError> {
    let stage_department = match step.case.status {
        Status::InReview => step
            .item
            .process
            .stages
            .get(step.case.stage as usize)
            .map(|stage| stage.department),
        _ => None,
    };
    if by != step.department() && Some(by) != stage_department {
        return Err(ServiceError::NotAssigned {
            unit: by,
            action: "要求补齐补正（由审查部门提出）",
        });
    }
    let defects = checked_defects(defects)?;
    // SVC-WINDOW: asking for 补齐补正 is the department's act on the case: it signs for it.
    crate::case::window::signed_by_acting(step, by);
    let asked_before = step
        .case
        .specials
        .iter()
        .any(|record| record.procedure == SpecialProcedure::Supplement);
    if step.profile.services.one_time_notice_only && asked_before {
        return Err(ServiceError::NoticeAlreadyGiven(
            "受理后已要求过补齐补正，须一次性告知全部材料，不能再次要求".to_owned(),
        ));
    }
    let limit = step.profile.services.supplement_after_acceptance.limit();
    let list: Vec<String> = defects
        .iter()
        .map(|d| format!("{}（{}）", d.material, d.problem))
        .collect();
    let reason = format!("请补齐补正以下材料：{}", list.join("；"));
    let notice = format!(
        "办件审查中需要您补齐补正材料（特别程序，时限{}，不计入承诺办结时限）。{reason}。\
         请凭办件编号和查询码在线提交补正材料",
        limit.label_zh()
    );
    let entry = Entry {
        procedure: SpecialProcedure::Supplement,
        reason,
        limit,
        defects,
        notice,
    };
    enter(step, entry)
}

/// SVC-SPECIAL, CAL-PAUSE: the applicant's upload during 补齐补正 replaces those materials, ends
/// the procedure and resumes the paused clocks; the department is told.
pub(crate) fn supplement_received(
    step: &mut Step<'_>,
    materials: &[SubmittedMaterial],
) -> Result<(), ServiceError> {
    let supplementing = step
        .case
        .open_special()
        .is_some_and(|record| record.procedure == SpecialProcedure::Supplement);
    if !supplementing {
        return Err(ServiceError::invalid(
            "办件当前进行的特别程序不是补齐补正，不能提交补正材料",
        ));
    }
    step.case.materials = merged_materials(step, materials)?;
    step.resume_case_clocks()?;
    step.stop_clocks(ClockKind::Special, None);
    let (_, resume_to) = close_open_record(step, "申请人已补齐补正材料")?;
    let department = step.department();
    step.notify(
        Recipient::Department(department),
        "SVC-SPECIAL",
        format!("办件 {} 申请人已补齐补正材料，恢复计时", step.case.id),
    );
    step.notify(
        Recipient::Applicant,
        "SVC-SPECIAL",
        "已收到您补正的材料，办件恢复审查，补正期间不计入承诺办结时限".to_owned(),
    );
    step.case.status = resume_to;
    Ok(())
}

/// SVC-SPECIAL: ends the open procedure; the paused clocks resume (refused when none is
/// paused) and the case returns where it was.
pub(crate) fn end_special(step: &mut Step<'_>, outcome: &str) -> Result<(), ServiceError> {
    let outcome = required(outcome, "特别程序结果")?;
    step.resume_case_clocks()?;
    step.stop_clocks(ClockKind::Special, None);
    let (label, resume_to) = close_open_record(step, &outcome)?;
    step.notify(
        Recipient::Applicant,
        "SVC-SPECIAL",
        format!("特别程序“{label}”已结束：{outcome}，恢复计时"),
    );
    step.case.status = resume_to;
    Ok(())
}

/// A special procedure about to start.
struct Entry {
    procedure: SpecialProcedure,
    reason: String,
    limit: Limit,
    defects: Vec<MaterialDefect>,
    notice: String,
}

/// CAL-PAUSE: pauses the case clocks with the reason, starts the procedure's clock and step,
/// tells the applicant.
fn enter(step: &mut Step<'_>, entry: Entry) -> Result<(), ServiceError> {
    let label = entry.procedure.label_zh();
    step.pause_case_clocks(&format!("{label}：{}", entry.reason))?;
    let department = step.department();
    step.start_clock(ClockKind::Special, Some(department), entry.limit);
    step.case.specials.push(SpecialRecord {
        procedure: entry.procedure,
        reason: entry.reason,
        limit: entry.limit,
        start: step.now,
        end: None,
        resume_to: step.case.status,
        defects: entry.defects,
    });
    // 补齐补正 is the applicant's own step.
    let unit = (entry.procedure != SpecialProcedure::Supplement).then_some(department);
    step.begin_step(label, unit);
    step.notify(Recipient::Applicant, "SVC-SPECIAL", entry.notice);
    step.case.status = Status::Special;
    Ok(())
}

/// Ends the open special record and its step with `note`: (its label, the status to return to).
fn close_open_record(
    step: &mut Step<'_>,
    note: &str,
) -> Result<(&'static str, Status), ServiceError> {
    let now = step.now;
    let record = step
        .case
        .specials
        .iter_mut()
        .rev()
        .find(|record| record.end.is_none())
        .ok_or_else(|| ServiceError::invalid("没有进行中的特别程序"))?;
    record.end = Some(now);
    let (label, resume_to) = (record.procedure.label_zh(), record.resume_to);
    if let Some(open) = step
        .case
        .steps
        .iter_mut()
        .rev()
        .find(|s| s.end.is_none() && s.name == label)
    {
        open.end = Some(now);
        open.note = note.to_owned();
    }
    Ok((label, resume_to))
}
