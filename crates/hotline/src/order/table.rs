//! The transition table: every (status, command) → status the state machine allows. The
//! transition function refuses any pair not listed; tests check every result is listed.

use crate::order::{CommandKind as C, Status as S};

/// Every allowed transition `(from, command, to)`. A command with several outcomes has one
/// row per outcome.
pub const TRANSITIONS: &[(S, C, S)] = &[
    // HL-REGISTER → disposition (HL-INSTANT, HL-REFUSE, HL-EMERGENCY, HL-MERGE, HL-DISPATCH).
    (S::Registered, C::AnswerFromKb, S::AnsweredFromKb),
    (S::Registered, C::Refuse, S::Refused),
    (
        S::Registered,
        C::TransferEmergency,
        S::TransferredToEmergency,
    ),
    (S::Registered, C::MergeInto, S::Merged),
    (S::Registered, C::Dispatch, S::Dispatched),
    (S::Returned, C::Dispatch, S::Dispatched),
    // HL-MERGE: an open appeal before its reply takes in a same or related one.
    (S::Registered, C::AcceptMerged, S::Registered),
    (S::Returned, C::AcceptMerged, S::Returned),
    (S::Dispatched, C::AcceptMerged, S::Dispatched),
    (S::Handling, C::AcceptMerged, S::Handling),
    (S::Hung, C::AcceptMerged, S::Hung),
    (S::ResultSubmitted, C::AcceptMerged, S::ResultSubmitted),
    (S::ResultApproved, C::AcceptMerged, S::ResultApproved),
    // HL-SIGN: the lead's signature starts handling; assisting units sign alongside.
    (S::Dispatched, C::Sign, S::Handling),
    (S::Dispatched, C::Sign, S::Dispatched),
    (S::Handling, C::Sign, S::Handling),
    (S::Hung, C::Sign, S::Hung),
    // HL-RETURN: the lead returns the order; an assisting unit its own part.
    (S::Dispatched, C::Return, S::Returned),
    (S::Handling, C::Return, S::Returned),
    (S::Dispatched, C::Return, S::Dispatched),
    (S::Handling, C::Return, S::Handling),
    // HL-MAJOR.
    (S::Handling, C::ReportInitialOpinion, S::Handling),
    (S::Handling, C::ReportProgress, S::Handling),
    // HL-EXTEND, HL-HANG: the lead applies, the hotline decides.
    (S::Handling, C::ApplyExtension, S::Handling),
    (S::Handling, C::DecideExtension, S::Handling),
    (S::Handling, C::ApplyHang, S::Handling),
    (S::Handling, C::DecideHang, S::Hung),
    (S::Handling, C::DecideHang, S::Handling),
    (S::Hung, C::Unhang, S::Handling),
    // HL-DISPATCH (assisting), HL-RESULT.
    (S::Handling, C::Contribute, S::Handling),
    (S::Hung, C::Contribute, S::Hung),
    (S::Handling, C::SubmitResult, S::ResultSubmitted),
    (S::ResultSubmitted, C::ApproveResult, S::ResultApproved),
    (S::ResultSubmitted, C::ApproveResult, S::Handling),
    // HL-REMIND.
    (S::Dispatched, C::Urge, S::Dispatched),
    (S::Handling, C::Urge, S::Handling),
    (S::Hung, C::Urge, S::Hung),
    (S::ResultSubmitted, C::Urge, S::ResultSubmitted),
    (S::Dispatched, C::ReportUrgeDelay, S::Dispatched),
    (S::Handling, C::ReportUrgeDelay, S::Handling),
    (S::Hung, C::ReportUrgeDelay, S::Hung),
    (S::ResultSubmitted, C::ReportUrgeDelay, S::ResultSubmitted),
    (S::Dispatched, C::DecideUrgeReport, S::Dispatched),
    (S::Handling, C::DecideUrgeReport, S::Handling),
    (S::Hung, C::DecideUrgeReport, S::Hung),
    (S::ResultSubmitted, C::DecideUrgeReport, S::ResultSubmitted),
    // HL-REPLY.
    (S::ResultApproved, C::ReplyAttempt, S::Replied),
    (S::ResultApproved, C::ReplyAttempt, S::ResultApproved),
    (S::ResultApproved, C::CloseUnreachable, S::Closed),
    // HL-CALLBACK.
    (S::Replied, C::Callback, S::Closed),
    (S::Replied, C::Callback, S::UnderReview),
    (S::Replied, C::Callback, S::AwaitingReviewForm),
    (S::UnderReview, C::Review, S::Handling),
    (S::UnderReview, C::Review, S::Closed),
    (
        S::AwaitingReviewForm,
        C::UploadReviewForm,
        S::FormUnderReview,
    ),
    (S::FormUnderReview, C::ConcludeFormReview, S::Closed),
    (S::FormUnderReview, C::ConcludeFormReview, S::Handling),
    // HL-ARCHIVE.
    (S::Closed, C::Archive, S::Archived),
    // HL-WITHDRAW: at any open stage.
    (S::Registered, C::Withdraw, S::Withdrawn),
    (S::Dispatched, C::Withdraw, S::Withdrawn),
    (S::Returned, C::Withdraw, S::Withdrawn),
    (S::Handling, C::Withdraw, S::Withdrawn),
    (S::Hung, C::Withdraw, S::Withdrawn),
    (S::ResultSubmitted, C::Withdraw, S::Withdrawn),
    (S::ResultApproved, C::Withdraw, S::Withdrawn),
    (S::Replied, C::Withdraw, S::Withdrawn),
    (S::UnderReview, C::Withdraw, S::Withdrawn),
    (S::AwaitingReviewForm, C::Withdraw, S::Withdrawn),
    (S::FormUnderReview, C::Withdraw, S::Withdrawn),
];

/// Whether any row leads from `from` by `command`.
pub(crate) fn allows(from: S, command: C) -> bool {
    TRANSITIONS
        .iter()
        .any(|&(row_from, row_command, _)| row_from == from && row_command == command)
}
