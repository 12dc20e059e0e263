//! The callback's outcome (HL-CALLBACK, 000 §12345-14): satisfied closes; unsatisfied goes to
//! review, and after `callback_rounds` rounds to the head-signed review form.

use platform::profile::RuleProfile;

use crate::evaluation::Rating;

/// What an unsatisfied or satisfied callback leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallbackOutcome {
    /// Satisfied (not a bad rating per EVAL-BAD): 即为办结.
    Close,
    /// Unsatisfied before the last round: the hotline reviews with the unit.
    Review,
    /// Unsatisfied after `callback_rounds` handlings: 《群众不满意诉求审核反馈表》.
    ReviewForm,
}

/// HL-CALLBACK: the outcome of `rating` in handling round `round` (1-based). Satisfied means
/// not bad by `profile.evaluation.bad_rating_from_level` (EVAL-BAD), so a jurisdiction that
/// counts 基本满意 as bad reviews those too.
pub fn callback_outcome(rating: Rating, round: u32, profile: &RuleProfile) -> CallbackOutcome {
    if !rating.is_bad(&profile.evaluation) {
        return CallbackOutcome::Close;
    }
    if round >= profile.hotline.callback_rounds {
        CallbackOutcome::ReviewForm
    } else {
        CallbackOutcome::Review
    }
}
