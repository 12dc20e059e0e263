//! Transition cases from handling to the end: assisting units and results (HL-DISPATCH,
//! HL-RESULT), reminders (HL-REMIND), the reply (HL-REPLY), the callback (HL-CALLBACK),
//! archiving (HL-ARCHIVE) and withdrawal (HL-WITHDRAW).

use hotline::ErrorKind;
use hotline::evaluation::Rating;
use hotline::order::{
    Approval, Command, CommandKind, ContactOutcome, FormFinding, ReviewFinding, Status,
};

use super::Expect;
use crate::transitions::sample;
use crate::*;

/// (name, from, command, now, expected). Rule IDs in the names.
pub fn cases() -> Vec<(&'static str, Status, Command, calendar::Instant, Expect)> {
    use ErrorKind as E;
    use Status as S;
    let t = t0();
    let late = at("2025-03-20T09:00");
    vec![
        // HL-DISPATCH assisting, HL-RESULT.
        (
            "HL-DISPATCH assisting contributes",
            S::Handling,
            sample(CommandKind::Contribute),
            t,
            Ok(S::Handling),
        ),
        (
            "HL-DISPATCH assisting contributes while hung",
            S::Hung,
            sample(CommandKind::Contribute),
            t,
            Ok(S::Hung),
        ),
        (
            "HL-DISPATCH lead cannot contribute",
            S::Handling,
            Command::Contribute {
                unit: LEAD,
                text: "x".into(),
            },
            t,
            Err(E::NotAssigned),
        ),
        (
            "HL-RESULT submit",
            S::Handling,
            submit(),
            t,
            Ok(S::ResultSubmitted),
        ),
        (
            "HL-RESULT submit by assisting",
            S::Handling,
            Command::SubmitResult {
                unit: ASSIST,
                result: result(),
            },
            t,
            Err(E::NotAssigned),
        ),
        (
            "HL-RESULT submit while hung",
            S::Hung,
            submit(),
            t,
            Err(E::InvalidTransition),
        ),
        (
            "HL-RESULT leader approves",
            S::ResultSubmitted,
            approve(),
            t,
            Ok(S::ResultApproved),
        ),
        (
            "HL-RESULT leader sends back",
            S::ResultSubmitted,
            Command::ApproveResult {
                unit: LEAD,
                decision: Approval::SendBack("补充过程".into()),
            },
            t,
            Ok(S::Handling),
        ),
        (
            "HL-RESULT approve before submit",
            S::Handling,
            approve(),
            t,
            Err(E::InvalidTransition),
        ),
        // HL-REMIND.
        (
            "HL-REMIND urge an order not overdue",
            S::Handling,
            Command::Urge,
            t,
            Err(E::Invalid),
        ),
        (
            "HL-REMIND urge an overdue order",
            S::Handling,
            Command::Urge,
            late,
            Ok(S::Handling),
        ),
        (
            "HL-REMIND a late signature alone is not urged",
            S::Dispatched,
            Command::Urge,
            at("2025-03-03T10:30"),
            Err(E::Invalid),
        ),
        (
            "HL-REMIND urge a hung order paused in time",
            S::Hung,
            Command::Urge,
            late,
            Err(E::Invalid),
        ),
        (
            "HL-REMIND urge a submitted overdue order",
            S::ResultSubmitted,
            Command::Urge,
            late,
            Ok(S::ResultSubmitted),
        ),
        (
            "HL-REMIND urge after the result",
            S::ResultApproved,
            Command::Urge,
            late,
            Err(E::InvalidTransition),
        ),
        // HL-REPLY.
        (
            "HL-REPLY reached",
            S::ResultApproved,
            reply(ContactOutcome::Reached),
            t,
            Ok(S::Replied),
        ),
        (
            "HL-REPLY unreachable try",
            S::ResultApproved,
            reply(ContactOutcome::Unreachable),
            t,
            Ok(S::ResultApproved),
        ),
        (
            "HL-REPLY replying before a result",
            S::Handling,
            reply(ContactOutcome::Reached),
            t,
            Err(E::InvalidTransition),
        ),
        (
            "HL-REPLY replying before approval",
            S::ResultSubmitted,
            reply(ContactOutcome::Reached),
            t,
            Err(E::InvalidTransition),
        ),
        (
            "HL-REPLY close unreachable without tries",
            S::ResultApproved,
            Command::CloseUnreachable,
            late,
            Err(E::Invalid),
        ),
        // HL-CALLBACK.
        (
            "HL-CALLBACK satisfied closes",
            S::Replied,
            callback(Rating::Satisfied),
            t,
            Ok(S::Closed),
        ),
        (
            "HL-CALLBACK unsatisfied round one reviews",
            S::Replied,
            callback(Rating::Unsatisfied),
            t,
            Ok(S::UnderReview),
        ),
        (
            "HL-CALLBACK callback before reply",
            S::ResultApproved,
            callback(Rating::Satisfied),
            t,
            Err(E::InvalidTransition),
        ),
        (
            "HL-CALLBACK review inadequate goes back",
            S::UnderReview,
            review(ReviewFinding::Inadequate),
            t,
            Ok(S::Handling),
        ),
        (
            "HL-CALLBACK review adequate closes",
            S::UnderReview,
            review(ReviewFinding::Adequate),
            t,
            Ok(S::Closed),
        ),
        (
            "HL-CALLBACK the signed review form before round 2",
            S::UnderReview,
            review_form(),
            t,
            Err(E::InvalidTransition),
        ),
        (
            "HL-CALLBACK review form after a satisfied callback",
            S::Closed,
            review_form(),
            t,
            Err(E::InvalidTransition),
        ),
        (
            "HL-CALLBACK review form after round 2",
            S::AwaitingReviewForm,
            review_form(),
            t,
            Ok(S::FormUnderReview),
        ),
        (
            "HL-CALLBACK review form by assisting unit",
            S::AwaitingReviewForm,
            Command::UploadReviewForm {
                unit: ASSIST,
                form: match review_form() {
                    Command::UploadReviewForm { form, .. } => form,
                    _ => unreachable!(),
                },
            },
            t,
            Err(E::NotAssigned),
        ),
        (
            "HL-CALLBACK form compliant closes",
            S::FormUnderReview,
            conclude(FormFinding::Compliant),
            t,
            Ok(S::Closed),
        ),
        (
            "HL-CALLBACK form not compliant redoes",
            S::FormUnderReview,
            conclude(FormFinding::NotCompliant),
            t,
            Ok(S::Handling),
        ),
        // HL-ARCHIVE.
        (
            "HL-ARCHIVE closed",
            S::Closed,
            archive(),
            t,
            Ok(S::Archived),
        ),
        (
            "HL-ARCHIVE without original material",
            S::Closed,
            Command::Archive { items: vec![] },
            t,
            Err(E::Invalid),
        ),
        (
            "HL-ARCHIVE an open order",
            S::Handling,
            archive(),
            t,
            Err(E::InvalidTransition),
        ),
        // HL-WITHDRAW.
        (
            "HL-WITHDRAW registered",
            S::Registered,
            withdraw(),
            t,
            Ok(S::Withdrawn),
        ),
        (
            "HL-WITHDRAW dispatched",
            S::Dispatched,
            withdraw(),
            t,
            Ok(S::Withdrawn),
        ),
        (
            "HL-WITHDRAW returned",
            S::Returned,
            withdraw(),
            t,
            Ok(S::Withdrawn),
        ),
        (
            "HL-WITHDRAW handling",
            S::Handling,
            withdraw(),
            t,
            Ok(S::Withdrawn),
        ),
        ("HL-WITHDRAW hung", S::Hung, withdraw(), t, Ok(S::Withdrawn)),
        (
            "HL-WITHDRAW submitted",
            S::ResultSubmitted,
            withdraw(),
            t,
            Ok(S::Withdrawn),
        ),
        (
            "HL-WITHDRAW approved",
            S::ResultApproved,
            withdraw(),
            t,
            Ok(S::Withdrawn),
        ),
        (
            "HL-WITHDRAW replied",
            S::Replied,
            withdraw(),
            t,
            Ok(S::Withdrawn),
        ),
        (
            "HL-WITHDRAW under review",
            S::UnderReview,
            withdraw(),
            t,
            Ok(S::Withdrawn),
        ),
        (
            "HL-WITHDRAW awaiting form",
            S::AwaitingReviewForm,
            withdraw(),
            t,
            Ok(S::Withdrawn),
        ),
        (
            "HL-WITHDRAW form under review",
            S::FormUnderReview,
            withdraw(),
            t,
            Ok(S::Withdrawn),
        ),
        (
            "HL-WITHDRAW withdrawing a closed order",
            S::Closed,
            withdraw(),
            t,
            Err(E::InvalidTransition),
        ),
        (
            "HL-WITHDRAW an archived order",
            S::Archived,
            withdraw(),
            t,
            Err(E::InvalidTransition),
        ),
        (
            "HL-WITHDRAW twice",
            S::Withdrawn,
            withdraw(),
            t,
            Err(E::InvalidTransition),
        ),
    ]
}
