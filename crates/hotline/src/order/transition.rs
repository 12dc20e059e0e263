//! The pure transition `(order, command, now, profile, calendar) -> (order, events)` and the
//! intake and unit steps (HL-REGISTER … HL-RESULT, HL-REMIND).

use calendar::{Calendar, Instant, Limit};
use platform::profile::RuleProfile;

use crate::appeal::{HandlingClass, Intake};
use crate::error::HotlineError;
use crate::kb::{EntryRef, EntryStatus};
use crate::limits;
use crate::order::step::Step;
use crate::order::{
    Assignment, ClockKind, Command, DispatchTerms, Disposition, Event, Order, Recipient,
    ReturnRecord, Status, UnitRole, applications, flow, handling, table,
};
use crate::{UnitId, required};

/// HL-REGISTER: a new order in [`Status::Registered`] (the order is formed on receipt,
/// 000 §12345-9(三)1 即时形成诉求工单).
pub fn register(intake: Intake, now: Instant) -> (Order, Vec<Event>) {
    let event = Event::Registered {
        channel: intake.channel,
        category: intake.category,
        origin: intake.origin,
    };
    let order = Order {
        status: Status::Registered,
        intake,
        registered_at: now,
        disposition: None,
        class: None,
        handling_limit: None,
        assignments: Vec::new(),
        clocks: Vec::new(),
        returns: Vec::new(),
        extensions: Vec::new(),
        hangs: Vec::new(),
        application: None,
        urge_reports: Vec::new(),
        legal_basis: None,
        major_initial: None,
        major_progress: None,
        results: Vec::new(),
        urges: Vec::new(),
        reply_attempts: Vec::new(),
        round: 1,
        callbacks: Vec::new(),
        review_forms: Vec::new(),
        merged_sources: Vec::new(),
        closure: None,
    };
    (order, vec![event])
}

/// Applies `command` to `order` at `now`. On success: the new order and its events, the
/// first being [`Event::Transitioned`]. On error nothing changed.
pub fn apply(
    order: &Order,
    command: &Command,
    now: Instant,
    profile: &RuleProfile,
    calendar: &Calendar,
) -> Result<(Order, Vec<Event>), HotlineError> {
    let from = order.status;
    let kind = command.kind();
    if !table::allows(from, kind) {
        return Err(HotlineError::InvalidTransition {
            from: from.label_zh(),
            command: kind.label_zh(),
        });
    }
    let mut step = Step::new(order, now, profile, calendar);
    match command {
        Command::AnswerFromKb { entry } => answer_from_kb(&mut step, *entry)?,
        Command::Refuse {
            reason,
            explanation,
        } => {
            step.order.disposition = Some(Disposition::Refused {
                reason: *reason,
                explanation: required(explanation, "不予受理的解释")?,
            });
            step.order.status = Status::Refused;
        }
        Command::TransferEmergency { line, note } => {
            step.order.disposition = Some(Disposition::TransferredToEmergency {
                line: *line,
                note: required(note, "转接说明")?,
            });
            step.order.status = Status::TransferredToEmergency;
        }
        Command::MergeInto {
            target,
            target_status,
        } => {
            // HL-MERGE: only into an appeal not yet replied to.
            if !target_status.accepts_merge() {
                return Err(HotlineError::invalid(format!(
                    "诉求 {target} 已回复（{}），不能并案：无新情况的作解释不予受理，有新情况的按新诉求处理",
                    target_status.label_zh()
                )));
            }
            step.order.disposition = Some(Disposition::MergedInto(*target));
            step.order.status = Status::Merged;
        }
        Command::AcceptMerged { source } => accept_merged(&mut step, *source)?,
        Command::Dispatch {
            class,
            lead,
            assisting,
            terms,
        } => dispatch(&mut step, *class, *lead, assisting, terms)?,
        Command::Sign { unit } => sign(&mut step, *unit)?,
        Command::Return {
            unit,
            legal_basis,
            call_record,
        } => return_order(&mut step, *unit, legal_basis, call_record)?,
        Command::ReportInitialOpinion { unit, text } => report_initial(&mut step, *unit, text)?,
        Command::ReportProgress {
            unit,
            text,
            promised,
        } => report_progress(&mut step, *unit, text, *promised)?,
        Command::ApplyExtension {
            unit,
            amount,
            reason,
            explanation,
        } => applications::apply_extension(&mut step, *unit, *amount, reason, explanation)?,
        Command::DecideExtension { decision, note } => {
            applications::decide_extension(&mut step, *decision, note)?
        }
        Command::ApplyHang {
            unit,
            scope,
            reason,
            standard,
            planned,
        } => applications::apply_hang(&mut step, *unit, scope, reason, standard, *planned)?,
        Command::DecideHang { decision, note } => {
            applications::decide_hang(&mut step, *decision, note)?
        }
        Command::Unhang { unit, note } => applications::unhang(&mut step, *unit, note)?,
        Command::Contribute { unit, text } => handling::contribute(&mut step, *unit, text)?,
        Command::SubmitResult { unit, result } => {
            handling::submit_result(&mut step, *unit, result)?
        }
        Command::ApproveResult { unit, decision } => {
            handling::approve_result(&mut step, *unit, decision)?
        }
        Command::Urge => handling::urge(&mut step)?,
        Command::ReportUrgeDelay { unit, reason } => {
            applications::report_urge_delay(&mut step, *unit, reason)?
        }
        Command::DecideUrgeReport {
            decision,
            new_limit,
            note,
        } => applications::decide_urge_report(&mut step, *decision, *new_limit, note)?,
        Command::ReplyAttempt {
            channel,
            outcome,
            note,
        } => flow::reply_attempt(&mut step, *channel, *outcome, note)?,
        Command::CloseUnreachable => flow::close_unreachable(&mut step)?,
        Command::Callback { rating, comment } => flow::callback(&mut step, *rating, comment)?,
        Command::Review { finding, note } => flow::review(&mut step, *finding, note)?,
        Command::UploadReviewForm { unit, form } => {
            flow::upload_review_form(&mut step, *unit, form)?
        }
        Command::ConcludeFormReview { finding, note } => {
            flow::conclude_form_review(&mut step, *finding, note)?
        }
        Command::Archive { items } => flow::archive(&mut step, items)?,
        Command::Withdraw { note } => flow::withdraw(&mut step, note),
    }
    let Step {
        order: new_order,
        events,
        ..
    } = step;
    let mut all = Vec::with_capacity(events.len() + 1);
    all.push(Event::Transitioned {
        from,
        to: new_order.status,
        command: kind,
    });
    all.extend(events);
    Ok((new_order, all))
}

/// HL-INSTANT: only a published entry answers (KB-LIFE); the entry is recorded (KB-STATS).
fn answer_from_kb(step: &mut Step<'_>, entry: EntryRef) -> Result<(), HotlineError> {
    if entry.status != EntryStatus::Published {
        return Err(HotlineError::invalid(format!(
            "知识库条目处于“{}”状态，只能使用已发布的条目答复",
            entry.status.label_zh()
        )));
    }
    step.order.disposition = Some(Disposition::AnsweredFromKb(entry));
    step.order.status = Status::AnsweredFromKb;
    step.events.push(Event::KbEntryUsed { entry });
    Ok(())
}

/// HL-MERGE: the open appeal takes in a same or related one and tells its units.
fn accept_merged(step: &mut Step<'_>, source: crate::AppealId) -> Result<(), HotlineError> {
    if step.order.merged_sources.contains(&source) {
        return Err(HotlineError::invalid(format!("诉求 {source} 已并入本工单")));
    }
    step.order.merged_sources.push(source);
    for (unit, _) in step.units() {
        step.notify(
            Recipient::UnitHandlers(unit),
            "HL-MERGE",
            format!("诉求 {source} 已并入本工单，请一并办理"),
        );
    }
    Ok(())
}

/// HL-DISPATCH: one lead and any assisting units; starts HL-SIGN and HL-RETURN for each
/// unit, and the lead's HL-LIMITS (the class limit, or the limit set by law chosen with the
/// dispatch) or HL-MAJOR clocks, all from the dispatch. A 7×24 unit's clocks run in natural
/// time (HL-LIMITS); on a complaint or report only a lead the hotline cleared may contact
/// the appellant (HL-PRIVACY).
fn dispatch(
    step: &mut Step<'_>,
    class: HandlingClass,
    lead: UnitId,
    assisting: &[UnitId],
    terms: &DispatchTerms,
) -> Result<(), HotlineError> {
    if class == HandlingClass::KnowledgeBase {
        return Err(HotlineError::invalid(
            "知识库即办的诉求由话务人员即时答复，不派单",
        ));
    }
    let mut seen = vec![lead];
    for unit in assisting {
        if seen.contains(unit) {
            return Err(HotlineError::invalid(format!("单位 {unit} 重复派单")));
        }
        seen.push(*unit);
    }
    for unit in terms.contact_cleared.iter().chain(&terms.round_the_clock) {
        if !seen.contains(unit) {
            return Err(HotlineError::invalid(format!(
                "单位 {unit} 不是本次派单的承办单位"
            )));
        }
    }
    let rules = &step.profile.hotline;
    let handling_limit = match &terms.legal_limit {
        // HL-LIMITS: 法律法规规章等对办理时限另有规定的，从其规定.
        Some(_) if class == HandlingClass::MajorEvent => {
            return Err(HotlineError::invalid(
                "重大突发事件按初步意见和进度反馈时限办理，不另选法定办理时限",
            ));
        }
        Some(legal) => Some(legal.limit),
        None => limits::handling(class, rules),
    };
    step.order.legal_basis = terms.legal_limit.as_ref().map(|legal| {
        format!(
            "{}：{}（{}）",
            legal.name,
            legal.limit.label_zh(),
            legal.basis
        )
    });
    // A new dispatch leaves nothing of the last one waiting: an application or a report
    // after an urge belonged to the units and clocks a return or re-dispatch ended.
    step.order.application = None;
    if let Some(report) = step
        .order
        .urge_reports
        .last_mut()
        .filter(|report| report.accepted.is_none())
    {
        report.accepted = Some(false);
        report.note = "工单已重新派单，报告不再审核".into();
    }
    step.order.class = Some(class);
    step.order.handling_limit = handling_limit;
    step.order.major_initial = None;
    step.order.major_progress = None;
    step.order.assignments = seen
        .iter()
        .map(|&unit| Assignment {
            unit,
            role: if unit == lead {
                UnitRole::Lead
            } else {
                UnitRole::Assisting
            },
            signed_at: None,
            contribution: None,
            contact_cleared: terms.contact_cleared.contains(&unit),
            round_the_clock: terms.round_the_clock.contains(&unit),
        })
        .collect();
    let sign_limit = limits::sign(rules);
    let return_limit = limits::return_within(rules);
    for &unit in &seen {
        step.start_clock(ClockKind::Sign, Some(unit), sign_limit);
        step.start_clock(ClockKind::Return, Some(unit), return_limit);
        let role = if unit == lead { "主办" } else { "协办" };
        step.notify(
            Recipient::UnitHandlers(unit),
            "HL-DISPATCH",
            format!(
                "新工单（{role}，{}），请在{}内签收",
                class.label_zh(),
                sign_limit.label_zh()
            ),
        );
    }
    match handling_limit {
        Some(limit) => step.start_clock(ClockKind::Handling, Some(lead), limit),
        None => {
            step.start_clock(
                ClockKind::MajorInitial,
                Some(lead),
                limits::major_initial(rules),
            );
            step.start_clock(
                ClockKind::MajorProgress,
                Some(lead),
                limits::major_progress(rules),
            );
        }
    }
    step.order.status = Status::Dispatched;
    Ok(())
}

/// HL-SIGN: a unit signs; the lead's signature moves the order to handling. A late signature
/// is accepted and its clock stops unmet.
fn sign(step: &mut Step<'_>, unit: UnitId) -> Result<(), HotlineError> {
    let index = step.assignment_of(unit)?;
    let now = step.now;
    let assignment = step
        .order
        .assignments
        .get_mut(index)
        .ok_or_else(|| HotlineError::invalid("承办单位不存在"))?;
    if assignment.signed_at.is_some() {
        return Err(HotlineError::invalid("本单位已签收该工单"));
    }
    assignment.signed_at = Some(now);
    let role = assignment.role;
    step.stop_clock(ClockKind::Sign, Some(unit));
    if role == UnitRole::Lead && step.order.status == Status::Dispatched {
        step.order.status = Status::Handling;
    }
    Ok(())
}

/// HL-RETURN: within the unit's return window, with the legal basis and the call record,
/// the lead returns the whole order (every clock stops, the hotline re-dispatches) and an
/// assisting unit its own part (its clocks stop and it leaves the dispatch).
fn return_order(
    step: &mut Step<'_>,
    unit: UnitId,
    legal_basis: &str,
    call_record: &str,
) -> Result<(), HotlineError> {
    let index = step.assignment_of(unit)?;
    let legal_basis = required(legal_basis, "退回依据（法律法规或政策文件）")?;
    let call_record = required(call_record, "与12345热线工作人员的电话沟通记录")?;
    let due = step
        .order
        .running_clock(ClockKind::Return, Some(unit))
        .map(|clock| clock.due(step.calendar))
        .ok_or_else(|| HotlineError::invalid("没有可用的退回时限"))?;
    if step.now > due {
        return Err(HotlineError::DeadlinePassed {
            what: "退回", due
        });
    }
    step.order.returns.push(ReturnRecord {
        unit,
        legal_basis,
        call_record,
        at: step.now,
    });
    let lead = step.lead()?;
    if unit != lead {
        step.stop_clocks(|clock| clock.unit == Some(unit));
        step.order.assignments.remove(index);
        step.notify(
            Recipient::UnitHandlers(lead),
            "HL-RETURN",
            format!("协办单位 {unit} 已退回其协办部分"),
        );
        step.notify(
            Recipient::Hotline,
            "HL-RETURN",
            format!("协办单位 {unit} 退回其协办部分，请核实是否另行派单"),
        );
        return Ok(());
    }
    step.stop_all_clocks();
    for (other, role) in step.units() {
        if role == UnitRole::Assisting {
            step.notify(
                Recipient::UnitHandlers(other),
                "HL-RETURN",
                "主办单位已退回工单，等待热线重新派单",
            );
        }
    }
    step.notify(
        Recipient::Hotline,
        "HL-RETURN",
        format!("单位 {lead} 退回工单，请重新派单"),
    );
    step.order.assignments.clear();
    step.order.status = Status::Returned;
    Ok(())
}

fn require_major(step: &Step<'_>, what: &str) -> Result<(), HotlineError> {
    if step.order.class != Some(HandlingClass::MajorEvent) {
        return Err(HotlineError::invalid(format!("仅重大突发事件需{what}")));
    }
    Ok(())
}

/// HL-MAJOR: the initial opinion stops its clock.
fn report_initial(step: &mut Step<'_>, unit: UnitId, text: &str) -> Result<(), HotlineError> {
    let lead = step.require_lead(unit)?;
    require_major(step, "反馈初步办理意见")?;
    if step.order.major_initial.is_some() {
        return Err(HotlineError::invalid("已反馈初步办理意见"));
    }
    step.order.major_initial = Some(required(text, "初步办理意见")?);
    step.stop_clock(ClockKind::MajorInitial, Some(lead));
    step.notify(Recipient::Hotline, "HL-MAJOR", "承办单位已反馈初步办理意见");
    Ok(())
}

/// HL-MAJOR: the progress report stops its clock and starts the handling clock with the
/// limit told to the appellant.
fn report_progress(
    step: &mut Step<'_>,
    unit: UnitId,
    text: &str,
    promised: Limit,
) -> Result<(), HotlineError> {
    let lead = step.require_lead(unit)?;
    require_major(step, "反馈办理进度")?;
    if step.order.major_initial.is_none() {
        return Err(HotlineError::invalid("请先反馈初步办理意见"));
    }
    if step.order.major_progress.is_some() {
        return Err(HotlineError::invalid("已反馈办理进度"));
    }
    if promised.amount == 0 {
        return Err(HotlineError::invalid("告知诉求人的办理时限应大于 0"));
    }
    step.order.major_progress = Some(required(text, "办理进度")?);
    step.stop_clock(ClockKind::MajorProgress, Some(lead));
    step.order.handling_limit = Some(promised);
    step.start_clock(ClockKind::Handling, Some(lead), promised);
    step.notify(
        Recipient::Appellant,
        "HL-MAJOR",
        format!("您的诉求正在办理，办理时限为{}", promised.label_zh()),
    );
    Ok(())
}
