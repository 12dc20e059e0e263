//! The transition table: every (status, command) → status the case machine allows. The
//! transition function refuses any pair not listed; tests check every result is listed.

use crate::case::{CommandKind as C, Status as S};

/// Every allowed transition `(from, command, to)`; a command with several outcomes has one
/// row per outcome.
pub const TRANSITIONS: &[(S, C, S)] = &[
    // SVC-PREREVIEW.
    (S::Submitted, C::PreReview, S::PreReviewed),
    // SVC-ACCEPT: accept (into the first stage, or straight to the decision when the process
    // has no stage), reject, or the one-time notice.
    (S::Submitted, C::Accept, S::InReview),
    (S::Submitted, C::Accept, S::AwaitingDecision),
    (S::Submitted, C::Reject, S::Rejected),
    (S::Submitted, C::RequestSupplement, S::AwaitingSupplement),
    (S::PreReviewed, C::Accept, S::InReview),
    (S::PreReviewed, C::Accept, S::AwaitingDecision),
    (S::PreReviewed, C::Reject, S::Rejected),
    (S::PreReviewed, C::RequestSupplement, S::AwaitingSupplement),
    // Amending the notice of the same submission: only when the profile allows it.
    (
        S::AwaitingSupplement,
        C::RequestSupplement,
        S::AwaitingSupplement,
    ),
    (S::AwaitingSupplement, C::Resubmit, S::Resubmitted),
    (S::Resubmitted, C::Accept, S::InReview),
    (S::Resubmitted, C::Accept, S::AwaitingDecision),
    (S::Resubmitted, C::Reject, S::Rejected),
    (S::Resubmitted, C::RequestSupplement, S::AwaitingSupplement),
    // SVC-WINDOW: the department signs for a case the comprehensive window accepted.
    (S::InReview, C::Sign, S::InReview),
    (S::Special, C::Sign, S::Special),
    (S::AwaitingDecision, C::Sign, S::AwaitingDecision),
    // Staged review (SVC-PROMISE, each stage its own limit).
    (S::InReview, C::CompleteStage, S::InReview),
    (S::InReview, C::CompleteStage, S::AwaitingDecision),
    // SVC-SPECIAL.
    (S::InReview, C::StartSpecial, S::Special),
    (S::AwaitingDecision, C::StartSpecial, S::Special),
    (S::Special, C::EndSpecial, S::InReview),
    (S::Special, C::EndSpecial, S::AwaitingDecision),
    // SVC-SPECIAL 补齐补正 after acceptance (001 §11): asked for by the reviewing department,
    // ended by the applicant's upload.
    (S::InReview, C::RequestSupplement, S::Special),
    (S::AwaitingDecision, C::RequestSupplement, S::Special),
    (S::Special, C::Resubmit, S::InReview),
    (S::Special, C::Resubmit, S::AwaitingDecision),
    // SVC-PARALLEL.
    (S::InReview, C::JointOpinion, S::InReview),
    (S::Special, C::JointOpinion, S::Special),
    (S::AwaitingDecision, C::JointOpinion, S::AwaitingDecision),
    // Decision and delivery (SVC-WINDOW, SVC-ELICENCE, EVAL-ALL).
    (S::AwaitingDecision, C::Decide, S::Decided),
    (S::Decided, C::Deliver, S::Concluded),
    // SVC-PROMISE: e-supervision.
    (S::InReview, C::FlagOverdue, S::InReview),
    (S::Special, C::FlagOverdue, S::Special),
    (S::AwaitingDecision, C::FlagOverdue, S::AwaitingDecision),
    // Withdrawal before the decision.
    (S::Submitted, C::Withdraw, S::Withdrawn),
    (S::PreReviewed, C::Withdraw, S::Withdrawn),
    (S::AwaitingSupplement, C::Withdraw, S::Withdrawn),
    (S::Resubmitted, C::Withdraw, S::Withdrawn),
    (S::InReview, C::Withdraw, S::Withdrawn),
    (S::Special, C::Withdraw, S::Withdrawn),
    (S::AwaitingDecision, C::Withdraw, S::Withdrawn),
];

/// Whether any row leads from `from` by `command`.
pub(crate) fn allows(from: S, command: C) -> bool {
    TRANSITIONS
        .iter()
        .any(|&(row_from, row_command, _)| row_from == from && row_command == command)
}
