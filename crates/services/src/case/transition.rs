//! The pure transition `(case, item, command, now, profile, calendar) -> (case, events)`,
//! submission, and the acceptance steps (SVC-PREREVIEW, SVC-ACCEPT, SVC-WINDOW).

use calendar::{Calendar, Instant};
use platform::profile::RuleProfile;

use crate::case::step::Step;
use crate::case::{
    Case, Channel, ClockKind, Command, Event, MaterialDefect, Recipient, Status, SubmittedMaterial,
    SupplementNotice, review, special, table, window,
};
use crate::item::{Item, WindowMode};
use crate::{ApplicantId, CaseId, ItemId, ServiceError, UnitId, required};

/// A new application for one item version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    /// The case number given to it.
    pub id: CaseId,
    /// The item.
    pub item: ItemId,
    /// The published version applied for.
    pub item_version: u32,
    /// The applicant.
    pub applicant: ApplicantId,
    /// Online, or registered by a window clerk.
    pub channel: Channel,
    /// The materials handed in, uploaded or reused (SVC-NO-RESUBMIT).
    pub materials: Vec<SubmittedMaterial>,
}

/// Every required material of `item` missing from `materials`, by name.
pub fn missing_materials(item: &Item, materials: &[SubmittedMaterial]) -> Vec<String> {
    missing_of(item, &codes_of(materials))
}

fn codes_of(materials: &[SubmittedMaterial]) -> Vec<&str> {
    materials.iter().map(|given| given.code.as_str()).collect()
}

fn missing_of(item: &Item, given: &[&str]) -> Vec<String> {
    item.materials
        .list()
        .iter()
        .filter(|material| material.required)
        .filter(|material| !given.contains(&material.code.as_str()))
        .map(|material| material.name.clone())
        .collect()
}

/// SVC-ACCEPT: the materials handed in (by code) are all of `item` and include every
/// required one; the message names what is wrong.
pub fn check_material_codes(item: &Item, given: &[&str]) -> Result<(), ServiceError> {
    let unknown: Vec<&str> = given
        .iter()
        .copied()
        .filter(|code| !item.materials.list().iter().any(|m| m.code == *code))
        .collect();
    if !unknown.is_empty() {
        return Err(ServiceError::invalid(format!(
            "本事项不需要以下材料：{}",
            unknown.join("、")
        )));
    }
    let missing = missing_of(item, given);
    if !missing.is_empty() {
        return Err(ServiceError::invalid(format!(
            "缺少必要材料：{}",
            missing.join("、")
        )));
    }
    Ok(())
}

/// SVC-PREREVIEW (003 §18 对已提供网上预审服务的政务服务事项): pre-review is for *online*
/// applications to an item that offers it; an application registered at a hall window is
/// examined there and then, never pre-reviewed.
pub fn prereview_applies(item: &Item, channel: Channel) -> bool {
    item.basic.offers_prereview && channel == Channel::Online
}

/// A new case in [`Status::Submitted`]: the acceptance clock (SVC-ACCEPT) and, for an online
/// application where the item offers it, the pre-review clock (SVC-PREREVIEW) start at
/// submission. A submission missing a
/// required material is refused and nothing is created.
pub fn submit(
    application: Application,
    item: &Item,
    now: Instant,
    profile: &RuleProfile,
    calendar: &Calendar,
) -> Result<(Case, Vec<Event>), ServiceError> {
    check_material_codes(item, &codes_of(&application.materials))?;
    let case = Case {
        id: application.id,
        item: application.item,
        item_version: application.item_version,
        applicant: application.applicant,
        channel: application.channel,
        status: Status::Submitted,
        submitted_at: now,
        submission: 1,
        materials: application.materials,
        prereview: None,
        notices: Vec::new(),
        accepted: None,
        rejection: None,
        stage: 0,
        clocks: Vec::new(),
        steps: Vec::new(),
        specials: Vec::new(),
        joint_opinions: Vec::new(),
        decision: None,
        delivery: None,
        overdue_flagged: None,
        withdrawal: None,
    };
    let mut step = Step::new(&case, item, now, profile, calendar);
    // Issue 14 item 10 (SVC-ACCEPT, SVC-WINDOW): the pre-review and acceptance clocks are
    // the accepting unit's — the comprehensive window under 事进人不进 —, not the department's.
    let acceptor = Some(accepting_unit(item, case.channel));
    step.events.push(Event::Submitted {
        item: case.item,
        channel: case.channel,
    });
    if prereview_applies(item, case.channel) {
        step.start_clock(
            ClockKind::PreReview,
            acceptor,
            profile.services.prereview.limit(),
        );
        step.begin_step("网上预审", acceptor);
    } else {
        step.begin_step("受理审查", acceptor);
    }
    step.start_clock(ClockKind::Acceptance, acceptor, item.basic.acceptance_limit);
    // SVC-STATUS: the text goes out under the case number (`usecase::effects`); `case.id` is
    // the internal id, never shown to the applicant.
    let text = "您的申请已提交，请凭办件编号和查询码查询办理进度".to_owned();
    step.notify(Recipient::Applicant, "SVC-STATUS", text);
    notify_window_of_online(&mut step);
    Ok((step.case, step.events))
}

/// Issue 14 item 7 (SVC-ACCEPT, SVC-WINDOW): a new online application is told to the window
/// clerks who accept it — the item's comprehensive window (事进人不进), else the department's
/// own window — with what is due: the pre-review (SVC-PREREVIEW) or the acceptance, within
/// its limit. A walk-in is registered by a clerk at the window, so nobody is told.
fn notify_window_of_online(step: &mut Step<'_>) {
    if step.case.channel != Channel::Online {
        return;
    }
    let window = accepting_unit(step.item, step.case.channel);
    let basic = &step.item.basic;
    let item = if basic.sub_name.trim().is_empty() {
        basic.main_name.clone()
    } else {
        format!("{}（{}）", basic.main_name, basic.sub_name)
    };
    let (rule, text) = if prereview_applies(step.item, step.case.channel) {
        let limit = step.profile.services.prereview.limit().label_zh();
        let text = format!("新的网上申请：{item}，请在{limit}内出具预审意见");
        ("SVC-PREREVIEW", text)
    } else {
        let limit = basic.acceptance_limit.label_zh();
        (
            "SVC-ACCEPT",
            format!("新的网上申请：{item}，请在{limit}内受理"),
        )
    };
    step.notify(Recipient::Window(window), rule, text);
}

/// Applies `command` to `case` (of `item`, the version it was submitted under) at `now`. On
/// success: the new case and its events, the first being [`Event::Transitioned`]. On error
/// nothing changed.
pub fn apply(
    case: &Case,
    item: &Item,
    command: &Command,
    now: Instant,
    profile: &RuleProfile,
    calendar: &Calendar,
) -> Result<(Case, Vec<Event>), ServiceError> {
    let from = case.status;
    let kind = command.kind();
    if !table::allows(from, kind) {
        return Err(ServiceError::InvalidTransition {
            from: from.label_zh(),
            command: kind.label_zh(),
        });
    }
    let mut step = Step::new(case, item, now, profile, calendar);
    match command {
        Command::PreReview { by, opinion } => prereview(&mut step, *by, opinion)?,
        Command::Accept { by } => accept(&mut step, *by)?,
        Command::Reject { by, reason } => reject(&mut step, *by, reason)?,
        // After acceptance a supplement request is the 补齐补正 special procedure (SVC-SPECIAL).
        Command::RequestSupplement { by, defects } if from.under_promise() => {
            special::request_supplement(&mut step, *by, defects)?
        }
        Command::RequestSupplement { by, defects } => request_supplement(&mut step, *by, defects)?,
        Command::Resubmit { materials } if from == Status::Special => {
            special::supplement_received(&mut step, materials)?
        }
        Command::Resubmit { materials } => resubmit(&mut step, materials)?,
        Command::Sign { by } => window::sign(&mut step, *by)?,
        Command::CompleteStage { by, opinion } => review::complete_stage(&mut step, *by, opinion)?,
        Command::StartSpecial { procedure, reason } => {
            special::start_special(&mut step, *procedure, reason)?
        }
        Command::EndSpecial { outcome } => special::end_special(&mut step, outcome)?,
        Command::JointOpinion {
            department,
            approve,
            opinion,
        } => review::joint_opinion(&mut step, *department, *approve, opinion)?,
        Command::Decide { by, decision } => review::decide(&mut step, *by, decision)?,
        Command::Deliver { by, method } => review::deliver(&mut step, *by, *method)?,
        Command::FlagOverdue => review::flag_overdue(&mut step)?,
        Command::Withdraw { reason } => review::withdraw(&mut step, reason)?,
    }
    step.events.insert(
        0,
        Event::Transitioned {
            from,
            to: step.case.status,
            command: kind,
        },
    );
    Ok((step.case, step.events))
}

/// SVC-ACCEPT, SVC-WINDOW (issue 14 item 10): the unit that accepts an application of
/// `item` by `channel`, to which its pre-review and acceptance clocks are credited: the
/// window that registered a walk-in when that window may accept the item (the department,
/// or the item's comprehensive window); otherwise the item's comprehensive window (事进人不进,
/// 000 §中心-7(一)2 综合窗口受理), else the department.
pub fn accepting_unit(item: &Item, channel: Channel) -> UnitId {
    let department = item.basic.department;
    let comprehensive = match item.basic.window {
        WindowMode::Comprehensive { window } => Some(window),
        WindowMode::Professional => None,
    };
    match channel {
        Channel::Window { window } if window == department || Some(window) == comprehensive => {
            window
        }
        _ => comprehensive.unwrap_or(department),
    }
}

/// SVC-WINDOW: the department, or its comprehensive window (事进人不进), may accept.
fn check_acceptor(step: &Step<'_>, by: UnitId, action: &'static str) -> Result<(), ServiceError> {
    let window = match step.item.basic.window {
        WindowMode::Comprehensive { window } => Some(window),
        WindowMode::Professional => None,
    };
    if by == step.department() || Some(by) == window {
        Ok(())
    } else {
        Err(ServiceError::NotAssigned { unit: by, action })
    }
}

/// SVC-PREREVIEW: the opinion tells the next steps at once; stops the pre-review clock.
fn prereview(step: &mut Step<'_>, by: UnitId, opinion: &str) -> Result<(), ServiceError> {
    if !step.item.basic.offers_prereview {
        return Err(ServiceError::invalid("本事项未提供网上预审"));
    }
    if !prereview_applies(step.item, step.case.channel) {
        return Err(ServiceError::invalid(
            "窗口登记的申请当场审查受理，不进行网上预审",
        ));
    }
    check_acceptor(step, by, "出具预审意见")?;
    let opinion = required(opinion, "预审意见及后续办理流程")?;
    step.stop_clocks(ClockKind::PreReview, None);
    step.end_step(&opinion);
    step.begin_step("受理审查", Some(by));
    step.notify(
        Recipient::Applicant,
        "SVC-PREREVIEW",
        format!("预审意见：{opinion}"),
    );
    step.case.prereview = Some(opinion);
    step.case.status = Status::PreReviewed;
    Ok(())
}

/// SVC-ACCEPT, SVC-PROMISE, SVC-PARALLEL, SVC-WINDOW: accept once; the promised clock starts,
/// the first stage starts, the co-approving departments are copied with their own clocks.
fn accept(step: &mut Step<'_>, by: UnitId) -> Result<(), ServiceError> {
    check_acceptor(step, by, "受理本事项")?;
    // SVC-ONE-DOOR: an item handled in the hall is accepted only at the hall's window.
    super::one_door::check_accept(step.item, step.case.channel, by)?;
    if step.case.status == Status::Submitted && prereview_applies(step.item, step.case.channel) {
        return Err(ServiceError::invalid(
            "本事项提供网上预审，须先出具预审意见",
        ));
    }
    let department = step.department();
    step.stop_clocks(ClockKind::Acceptance, None);
    step.end_step("已受理");
    step.case.accepted = Some((by, step.now));
    step.start_clock(
        ClockKind::Promise,
        Some(department),
        step.item.basic.promised_limit,
    );
    for part in step.item.process.parallel.clone() {
        step.start_clock(ClockKind::Parallel, Some(part.department), part.limit);
        step.notify(
            Recipient::Department(part.department),
            "SVC-PARALLEL",
            format!(
                "抄告：办件 {} 已由牵头部门受理，请在{}内出具联办意见",
                step.case.id,
                part.limit.label_zh()
            ),
        );
    }
    if by != department {
        window::start_sign_clock(step, department);
    }
    review::enter_stage(step, 0);
    // SVC-PROMISE: a 即办件 (0 WD) is due at the close of the working day of acceptance.
    // SVC-ACCEPT, SVC-STATUS (issue 14 item 2): the applicant is texted the acceptance with the
    // promised conclusion date; the number heads the text, the query code is not sent again.
    let due = step.case.promised_due(step.calendar).unwrap_or(step.now);
    let promise = if step.item.basic.promised_limit.amount == 0 {
        format!(
            "即办件，承诺于{}下班前（{}）办结",
            due.local_date().format("%Y年%-m月%-d日"),
            due.to_datetime().format("%H:%M")
        )
    } else {
        format!(
            "承诺{}内办结，即于{}前办结（特别程序所需时间不计入）",
            step.item.basic.promised_limit.label_zh(),
            due.to_datetime().format("%Y年%-m月%-d日 %H:%M")
        )
    };
    step.notify(
        Recipient::Applicant,
        "SVC-ACCEPT",
        format!("您的申请已受理，{promise}。可凭办件编号和查询码查询办理进度"),
    );
    Ok(())
}

/// SVC-ACCEPT: reject with the reason; the case ends and can be rated (EVAL-ALL).
fn reject(step: &mut Step<'_>, by: UnitId, reason: &str) -> Result<(), ServiceError> {
    check_acceptor(step, by, "作出不予受理决定")?;
    let reason = required(reason, "不予受理的原因")?;
    step.stop_all_clocks();
    step.end_step(&format!("不予受理：{reason}"));
    step.notify(
        Recipient::Applicant,
        "SVC-ACCEPT",
        format!("不予受理：{reason}"),
    );
    step.events.push(Event::RatingInvited {
        rule: "EVAL-ALL",
        case: step.case.id,
        applicant: step.case.applicant,
        unit: by,
    });
    step.case.rejection = Some(reason);
    step.case.status = Status::Rejected;
    Ok(())
}

/// SVC-ACCEPT (003 §19, 000 §中心-20 当场一次性告知): one notice per submission listing
/// every missing or defective material. Under `one_time_notice_only`, a second notice for the
/// same submission is refused, and a notice after a resubmission may only name materials an
/// earlier notice named (what was fine before cannot be raised later).
fn request_supplement(
    step: &mut Step<'_>,
    by: UnitId,
    defects: &[MaterialDefect],
) -> Result<(), ServiceError> {
    check_acceptor(step, by, "出具补齐补正告知")?;
    let checked = checked_defects(defects)?;
    let submission = step.case.submission;
    if step.profile.services.one_time_notice_only {
        if step.case.notices.iter().any(|n| n.submission == submission) {
            return Err(ServiceError::NoticeAlreadyGiven(format!(
                "第{submission}次提交已出具一次性告知，不能再次告知"
            )));
        }
        let earlier: Vec<&str> = step
            .case
            .notices
            .iter()
            .flat_map(|notice| notice.defects.iter().map(|d| d.material.as_str()))
            .collect();
        if !earlier.is_empty()
            && let Some(new) = checked
                .iter()
                .find(|d| !earlier.contains(&d.material.as_str()))
        {
            return Err(ServiceError::NoticeAlreadyGiven(format!(
                "材料“{}”未列入此前的一次性告知，不能再次要求补正",
                new.material
            )));
        }
    }
    if step.case.status != Status::AwaitingSupplement {
        step.stop_clocks(ClockKind::Acceptance, None);
        step.stop_clocks(ClockKind::PreReview, None);
        step.end_step("需补齐补正");
        step.begin_step("申请人补齐补正", None);
    }
    let list: Vec<String> = checked
        .iter()
        .map(|d| format!("{}（{}）", d.material, d.problem))
        .collect();
    // SVC-ACCEPT (issue 14 item 2): the applicant is texted the whole notice.
    step.notify(
        Recipient::Applicant,
        "SVC-ACCEPT",
        format!(
            "一次性告知：请补齐补正以下材料：{}。可凭办件编号和查询码在线提交补正材料，\
             也可带材料到窗口办理",
            list.join("；")
        ),
    );
    step.case.notices.push(SupplementNotice {
        submission,
        at: step.now,
        defects: checked,
    });
    step.case.status = Status::AwaitingSupplement;
    Ok(())
}

/// Every missing or defective material named, each with what is wrong (SVC-ACCEPT's
/// one-time notice and SVC-SPECIAL's 补齐补正 alike).
pub(crate) fn checked_defects(
    defects: &[MaterialDefect],
) -> Result<Vec<MaterialDefect>, ServiceError> {
    if defects.is_empty() {
        return Err(ServiceError::invalid(
            "一次性告知须列出全部缺少或不符合要求的材料",
        ));
    }
    let mut checked = Vec::with_capacity(defects.len());
    for defect in defects {
        checked.push(MaterialDefect {
            material: required(&defect.material, "告知的材料名称")?,
            problem: required(&defect.problem, "材料存在的问题")?,
        });
    }
    Ok(checked)
}

/// The case's materials with `materials` replacing those of the same code; the result must be
/// the item's and complete.
pub(crate) fn merged_materials(
    step: &Step<'_>,
    materials: &[SubmittedMaterial],
) -> Result<Vec<SubmittedMaterial>, ServiceError> {
    if materials.is_empty() {
        return Err(ServiceError::invalid("请提交补正后的材料"));
    }
    let mut all = step.case.materials.clone();
    for material in materials {
        all.retain(|given| given.code != material.code);
        all.push(material.clone());
    }
    check_material_codes(step.item, &codes_of(&all))?;
    Ok(all)
}

/// SVC-ACCEPT: resubmission is a new submission; the acceptance clock restarts.
fn resubmit(step: &mut Step<'_>, materials: &[SubmittedMaterial]) -> Result<(), ServiceError> {
    let all = merged_materials(step, materials)?;
    // Issue 14 item 10: the new acceptance clock is the accepting unit's, as the first was.
    let acceptor = accepting_unit(step.item, step.case.channel);
    step.case.materials = all;
    step.case.submission += 1;
    step.end_step("已补正");
    step.begin_step("受理审查", Some(acceptor));
    step.start_clock(
        ClockKind::Acceptance,
        Some(acceptor),
        step.item.basic.acceptance_limit,
    );
    step.notify(
        Recipient::Department(step.department()),
        "SVC-ACCEPT",
        format!("办件 {} 已补正材料，请重新审查受理", step.case.id),
    );
    step.case.status = Status::Resubmitted;
    Ok(())
}
