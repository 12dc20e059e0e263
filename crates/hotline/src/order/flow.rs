//! The hotline's side after the result: reply (HL-REPLY), callback and the dissatisfaction
//! loop (HL-CALLBACK), archive (HL-ARCHIVE) and withdrawal (HL-WITHDRAW).

use crate::appeal::Channel;
use crate::callback::{CallbackOutcome, callback_outcome};
use crate::error::HotlineError;
use crate::evaluation::Rating;
use crate::limits;
use crate::order::step::Step;
use crate::order::{
    ArchiveItem, CallbackRecord, ClockKind, Closure, ContactOutcome, Event, FormFinding, Recipient,
    ReplyAttempt, ReplyChannel, ReviewFinding, ReviewForm, Status,
};
use crate::{UnitId, required};

/// HL-REPLY: one try, recorded. Reaching the appellant stops the reply clocks; the first
/// failed try starts the retry window.
pub(crate) fn reply_attempt(
    step: &mut Step<'_>,
    channel: ReplyChannel,
    outcome: ContactOutcome,
    note: &str,
) -> Result<(), HotlineError> {
    let note = required(note, "回复记录")?;
    let first_failure = outcome == ContactOutcome::Unreachable
        && !step
            .order
            .reply_attempts
            .iter()
            .any(|attempt| attempt.outcome == ContactOutcome::Unreachable);
    step.order.reply_attempts.push(ReplyAttempt {
        channel,
        outcome,
        note,
        at: step.now,
    });
    match outcome {
        ContactOutcome::Reached => {
            step.stop_clocks(|c| matches!(c.kind, ClockKind::Reply | ClockKind::ReplyRetry));
            step.order.status = Status::Replied;
            // HL-REPLY (issue 14 item 2): the appellant is also texted that it is concluded.
            step.notify(
                Recipient::Appellant,
                "HL-REPLY",
                "您反映的诉求已办结，办理结果已答复您。可在政府网站“12345热线”栏目凭编号和查询码查看结果；稍后我们将回访您对办理结果的满意度。",
            );
        }
        ContactOutcome::Unreachable if first_failure => {
            let window = limits::reply_retry_window(&step.profile.hotline);
            step.start_clock(ClockKind::ReplyRetry, None, window);
        }
        ContactOutcome::Unreachable => {}
    }
    Ok(())
}

/// HL-REPLY: unreachable after trying over the whole window at least the minimum times.
pub(crate) fn close_unreachable(step: &mut Step<'_>) -> Result<(), HotlineError> {
    let rules = &step.profile.hotline;
    let tries = step
        .order
        .reply_attempts
        .iter()
        .filter(|attempt| attempt.outcome == ContactOutcome::Unreachable)
        .count();
    let window_over = step
        .order
        .running_clock(ClockKind::ReplyRetry, None)
        .is_some_and(|clock| clock.is_overdue(step.calendar, step.now));
    if u32::try_from(tries).unwrap_or(u32::MAX) < rules.reply_min_attempts || !window_over {
        return Err(HotlineError::invalid(format!(
            "无法联系时应持续联系{}，联系次数不少于 {} 次；目前已联系 {tries} 次",
            rules.reply_retry_window.limit().label_zh(),
            rules.reply_min_attempts
        )));
    }
    step.stop_all_clocks();
    step.order.closure = Some(Closure::Unreachable);
    step.order.status = Status::Closed;
    Ok(())
}

/// HL-CALLBACK: the satisfaction survey of the current round.
pub(crate) fn callback(
    step: &mut Step<'_>,
    rating: Rating,
    comment: &str,
) -> Result<(), HotlineError> {
    let lead = step.lead()?;
    let outcome = callback_outcome(rating, step.order.round, step.profile);
    let satisfied = outcome == CallbackOutcome::Close;
    step.order.callbacks.push(CallbackRecord {
        round: step.order.round,
        rating,
        satisfied,
        comment: comment.trim().to_owned(),
        at: step.now,
    });
    step.events.push(Event::Rated {
        rating,
        bad: rating.is_bad(&step.profile.evaluation),
    });
    match outcome {
        CallbackOutcome::Close => {
            step.order.closure = Some(Closure::Satisfied);
            step.order.status = Status::Closed;
        }
        CallbackOutcome::Review => {
            step.notify(
                Recipient::UnitHandlers(lead),
                "HL-CALLBACK",
                "诉求人对办理结果不满意，12345热线将会同本单位复核",
            );
            step.order.status = Status::UnderReview;
        }
        CallbackOutcome::ReviewForm => {
            step.notify(
                Recipient::UnitLeader(lead),
                "HL-CALLBACK",
                "经两次办理诉求人仍不满意，请填写《群众不满意诉求审核反馈表》，由主要负责同志签字并加盖公章后上传",
            );
            step.order.status = Status::AwaitingReviewForm;
        }
    }
    Ok(())
}

/// HL-CALLBACK: the review of an unsatisfied callback; inadequate handling goes back to the
/// unit the same day (a later review is flagged to supervisors).
pub(crate) fn review(
    step: &mut Step<'_>,
    finding: ReviewFinding,
    note: &str,
) -> Result<(), HotlineError> {
    let note = required(note, "复核意见")?;
    let lead = step.lead()?;
    let same_day = step
        .order
        .callbacks
        .last()
        .is_some_and(|callback| callback.at.local_date() == step.now.local_date());
    match finding {
        ReviewFinding::Inadequate => {
            if !same_day {
                step.notify(
                    Recipient::Supervisors,
                    "HL-CALLBACK",
                    "复核确认办理不到位的工单未在回访当日退回承办单位",
                );
            }
            redo(
                step,
                lead,
                format!("复核确认办理不到位，请重新办理：{note}"),
            );
        }
        ReviewFinding::Adequate => {
            step.notify(
                Recipient::UnitHandlers(lead),
                "HL-CALLBACK",
                format!("复核确认办理到位，工单办结：{note}"),
            );
            step.order.closure = Some(Closure::ReviewedAdequate);
            step.order.status = Status::Closed;
        }
    }
    Ok(())
}

/// Back to the lead for another round with a fresh handling clock.
fn redo(step: &mut Step<'_>, lead: UnitId, message: String) {
    step.order.round = step.order.round.saturating_add(1);
    step.restart_handling(lead);
    step.notify(Recipient::UnitHandlers(lead), "HL-CALLBACK", message);
    step.order.status = Status::Handling;
}

/// HL-CALLBACK: the lead uploads the head-signed, sealed review form.
pub(crate) fn upload_review_form(
    step: &mut Step<'_>,
    unit: UnitId,
    form: &ReviewForm,
) -> Result<(), HotlineError> {
    step.require_lead(unit)?;
    let form = ReviewForm::parse(
        &form.signed_by,
        crate::order::Seal::Affixed,
        &form.document,
        &form.explanation,
    )?;
    step.order.review_forms.push(form);
    step.notify(
        Recipient::Hotline,
        "HL-CALLBACK",
        "承办单位已上传群众不满意诉求审核反馈表，请提出核查意见",
    );
    step.order.status = Status::FormUnderReview;
    Ok(())
}

/// HL-CALLBACK: the check of the form closes the order or orders redoing.
pub(crate) fn conclude_form_review(
    step: &mut Step<'_>,
    finding: FormFinding,
    note: &str,
) -> Result<(), HotlineError> {
    let note = required(note, "核查意见")?;
    let lead = step.lead()?;
    match finding {
        FormFinding::Compliant => {
            step.notify(
                Recipient::UnitHandlers(lead),
                "HL-CALLBACK",
                format!("核查认为办理结果符合规定，作办结处理，请进一步做好解释说明：{note}"),
            );
            step.order.closure = Some(Closure::FormReviewed);
            step.order.status = Status::Closed;
        }
        FormFinding::NotCompliant => {
            step.notify(
                Recipient::UnitLeader(lead),
                "HL-CALLBACK",
                "核查认为办理结果不符合规定或答复意见不准确，责成限期办理落实到位",
            );
            redo(step, lead, format!("请限期重新办理：{note}"));
        }
    }
    Ok(())
}

/// HL-ARCHIVE: the original material (and, for a phone appeal, the recording) must be filed;
/// the feedback and satisfaction the order holds are added.
pub(crate) fn archive(step: &mut Step<'_>, items: &[ArchiveItem]) -> Result<(), HotlineError> {
    if !items.contains(&ArchiveItem::OriginalMaterial) {
        return Err(HotlineError::invalid("归档材料须包括公众递交的原始材料"));
    }
    if step.order.intake.channel == Channel::Phone && !items.contains(&ArchiveItem::Recording) {
        return Err(HotlineError::invalid("电话诉求归档须包括电话录音"));
    }
    let mut filed: Vec<ArchiveItem> = Vec::new();
    for item in items {
        if !filed.contains(item) {
            filed.push(*item);
        }
    }
    if !step.order.results.is_empty() && !filed.contains(&ArchiveItem::Feedback) {
        filed.push(ArchiveItem::Feedback);
    }
    if !step.order.callbacks.is_empty() && !filed.contains(&ArchiveItem::Satisfaction) {
        filed.push(ArchiveItem::Satisfaction);
    }
    step.events.push(Event::Archived { items: filed });
    step.order.status = Status::Archived;
    Ok(())
}

/// HL-WITHDRAW: every clock stops and every unit is told.
pub(crate) fn withdraw(step: &mut Step<'_>, note: &str) {
    step.stop_all_clocks();
    let note = note.trim();
    for (unit, _) in step.units() {
        step.notify(
            Recipient::UnitHandlers(unit),
            "HL-WITHDRAW",
            if note.is_empty() {
                "诉求人已撤单，工单撤销".to_owned()
            } else {
                format!("诉求人已撤单，工单撤销：{note}")
            },
        );
    }
    step.order.status = Status::Withdrawn;
}
