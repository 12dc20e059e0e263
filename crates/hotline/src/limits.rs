//! Which profile limit governs what (HL-LIMITS, HL-SIGN, HL-RETURN, HL-MAJOR, HL-EXTEND,
//! HL-REPLY, HL-REMIND). Every value is read from the rule profile, never a constant.

use calendar::Limit;
use platform::profile::HotlineRules;

use crate::appeal::HandlingClass;
use crate::error::HotlineError;

/// HL-SIGN: each handling unit signs within this limit of the dispatch.
pub fn sign(rules: &HotlineRules) -> Limit {
    rules.sign.limit()
}

/// HL-RETURN: a unit that is not competent returns within this limit of the dispatch.
pub fn return_within(rules: &HotlineRules) -> Limit {
    rules.return_within.limit()
}

/// HL-LIMITS: the handling limit of a class, counted from the dispatch. `None` for a
/// knowledge-base answer (即办, never dispatched) and for a major event, whose final limit is
/// the one the unit promises with its progress report (HL-MAJOR: 告知诉求人办理程序及时限).
pub fn handling(class: HandlingClass, rules: &HotlineRules) -> Option<Limit> {
    match class {
        HandlingClass::KnowledgeBase | HandlingClass::MajorEvent => None,
        HandlingClass::EmergencyHelp => Some(rules.emergency_help.limit()),
        HandlingClass::PolicyConsultation => Some(rules.policy_consultation.limit()),
        HandlingClass::Suggestion => Some(rules.suggestion.limit()),
        HandlingClass::ComplaintReport => Some(rules.complaint_report.limit()),
    }
}

/// HL-MAJOR: the initial opinion is due within this limit of the dispatch.
pub fn major_initial(rules: &HotlineRules) -> Limit {
    rules.major_initial.limit()
}

/// HL-MAJOR: the progress report is due within this limit of the dispatch.
pub fn major_progress(rules: &HotlineRules) -> Limit {
    rules.major_progress.limit()
}

/// HL-REPLY: the hotline replies within this limit of the approved result.
pub fn reply(rules: &HotlineRules) -> Limit {
    rules.reply.limit()
}

/// HL-REPLY: when unreachable, keep trying over this window from the first failed try.
pub fn reply_retry_window(rules: &HotlineRules) -> Limit {
    rules.reply_retry_window.limit()
}

/// HL-REMIND: after an urge notice the unit has this long to feed back.
pub fn urge_feedback(rules: &HotlineRules) -> Limit {
    rules.urge_feedback.limit()
}

/// HL-EXTEND: checks one extension request against the profile: a positive amount in the
/// unit of `extension_max`, at most `extension_max`, and the same unit as the handling clock
/// it extends (an extension adds to that clock's due time).
pub fn check_extension(
    amount: Limit,
    clock_limit: Limit,
    extensions_so_far: usize,
    rules: &HotlineRules,
) -> Result<(), HotlineError> {
    let max = rules.extension_max.limit();
    if u32::try_from(extensions_so_far).unwrap_or(u32::MAX) >= rules.max_extensions {
        return Err(HotlineError::LimitExceeded(format!(
            "最多延期 {} 次，本工单已延期 {extensions_so_far} 次",
            rules.max_extensions
        )));
    }
    if amount.amount == 0 {
        return Err(HotlineError::invalid("延期时长应大于 0"));
    }
    if amount.unit != max.unit {
        return Err(HotlineError::invalid(format!(
            "延期时长应以“{}”计",
            max.unit.label_zh()
        )));
    }
    if amount.amount > max.amount {
        return Err(HotlineError::LimitExceeded(format!(
            "每次延期不得超过{}，申请的是{}",
            max.label_zh(),
            amount.label_zh()
        )));
    }
    if clock_limit.unit != amount.unit {
        return Err(HotlineError::invalid(format!(
            "办理时限为{}，不能以{}延期",
            clock_limit.label_zh(),
            amount.unit.label_zh()
        )));
    }
    Ok(())
}
