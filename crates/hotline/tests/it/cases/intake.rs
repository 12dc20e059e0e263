//! Transition cases from registration to the units' own steps: disposition (HL-REGISTER),
//! signing (HL-SIGN), returns (HL-RETURN), major orders (HL-MAJOR), extensions (HL-EXTEND)
//! and hanging (HL-HANG).

use hotline::ErrorKind;
use hotline::appeal::HandlingClass;
use hotline::order::{Command, CommandKind, Status};

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
        // HL-REGISTER → disposition.
        (
            "HL-INSTANT answer",
            S::Registered,
            sample(CommandKind::AnswerFromKb),
            t,
            Ok(S::AnsweredFromKb),
        ),
        (
            "HL-REFUSE refuse",
            S::Registered,
            sample(CommandKind::Refuse),
            t,
            Ok(S::Refused),
        ),
        (
            "HL-EMERGENCY transfer",
            S::Registered,
            sample(CommandKind::TransferEmergency),
            t,
            Ok(S::TransferredToEmergency),
        ),
        (
            "HL-MERGE merge into open",
            S::Registered,
            sample(CommandKind::MergeInto),
            t,
            Ok(S::Merged),
        ),
        (
            "HL-MERGE merge into replied",
            S::Registered,
            Command::MergeInto {
                target: hotline::AppealId(5),
                target_status: S::Replied,
            },
            t,
            Err(E::Invalid),
        ),
        (
            "HL-MERGE accept while registered",
            S::Registered,
            sample(CommandKind::AcceptMerged),
            t,
            Ok(S::Registered),
        ),
        (
            "HL-MERGE accept while returned",
            S::Returned,
            sample(CommandKind::AcceptMerged),
            t,
            Ok(S::Returned),
        ),
        (
            "HL-MERGE accept while dispatched",
            S::Dispatched,
            sample(CommandKind::AcceptMerged),
            t,
            Ok(S::Dispatched),
        ),
        (
            "HL-MERGE accept while handling",
            S::Handling,
            sample(CommandKind::AcceptMerged),
            t,
            Ok(S::Handling),
        ),
        (
            "HL-MERGE accept while hung",
            S::Hung,
            sample(CommandKind::AcceptMerged),
            t,
            Ok(S::Hung),
        ),
        (
            "HL-MERGE accept while submitted",
            S::ResultSubmitted,
            sample(CommandKind::AcceptMerged),
            t,
            Ok(S::ResultSubmitted),
        ),
        (
            "HL-MERGE accept while approved",
            S::ResultApproved,
            sample(CommandKind::AcceptMerged),
            t,
            Ok(S::ResultApproved),
        ),
        (
            "HL-MERGE accept after reply",
            S::Replied,
            sample(CommandKind::AcceptMerged),
            t,
            Err(E::InvalidTransition),
        ),
        (
            "HL-DISPATCH dispatch",
            S::Registered,
            sample(CommandKind::Dispatch),
            t,
            Ok(S::Dispatched),
        ),
        (
            "HL-DISPATCH re-dispatch a returned order",
            S::Returned,
            sample(CommandKind::Dispatch),
            t,
            Ok(S::Dispatched),
        ),
        (
            "HL-DISPATCH a knowledge-base class",
            S::Registered,
            dispatch(HandlingClass::KnowledgeBase),
            t,
            Err(E::Invalid),
        ),
        (
            "HL-DISPATCH twice",
            S::Dispatched,
            sample(CommandKind::Dispatch),
            t,
            Err(E::InvalidTransition),
        ),
        // HL-SIGN.
        (
            "HL-SIGN lead signs",
            S::Dispatched,
            sign(LEAD),
            t,
            Ok(S::Handling),
        ),
        (
            "HL-SIGN assisting signs first",
            S::Dispatched,
            sign(ASSIST),
            t,
            Ok(S::Dispatched),
        ),
        (
            "HL-SIGN stranger signs",
            S::Dispatched,
            sign(STRANGER),
            t,
            Err(E::NotAssigned),
        ),
        (
            "HL-SIGN sign twice",
            S::Handling,
            sign(LEAD),
            t,
            Err(E::Invalid),
        ),
        (
            "HL-SIGN signing a returned order",
            S::Returned,
            sign(LEAD),
            t,
            Err(E::InvalidTransition),
        ),
        (
            "HL-SIGN late signature still accepted",
            S::Dispatched,
            sign(LEAD),
            late,
            Ok(S::Handling),
        ),
        // HL-RETURN.
        (
            "HL-RETURN before signing",
            S::Dispatched,
            good_return(),
            t,
            Ok(S::Returned),
        ),
        (
            "HL-RETURN after signing",
            S::Handling,
            good_return(),
            t,
            Ok(S::Returned),
        ),
        (
            "HL-RETURN without legal basis",
            S::Dispatched,
            return_command("  ", "已电话沟通"),
            t,
            Err(E::Invalid),
        ),
        (
            "HL-RETURN without call record",
            S::Dispatched,
            return_command("《某条例》第五条", ""),
            t,
            Err(E::Invalid),
        ),
        (
            "HL-RETURN after three working hours",
            S::Dispatched,
            good_return(),
            at("2025-03-03T14:41"),
            Err(E::DeadlinePassed),
        ),
        (
            "HL-RETURN an assisting unit returns its own part",
            S::Dispatched,
            Command::Return {
                unit: ASSIST,
                legal_basis: "x".into(),
                call_record: "y".into(),
            },
            t,
            Ok(S::Dispatched),
        ),
        (
            "HL-RETURN after result",
            S::ResultSubmitted,
            good_return(),
            t,
            Err(E::InvalidTransition),
        ),
        // HL-MAJOR on a complaint order.
        (
            "HL-MAJOR initial opinion on a complaint",
            S::Handling,
            sample(CommandKind::ReportInitialOpinion),
            t,
            Err(E::Invalid),
        ),
        (
            "HL-MAJOR progress on a complaint",
            S::Handling,
            sample(CommandKind::ReportProgress),
            t,
            Err(E::Invalid),
        ),
        // HL-EXTEND.
        (
            "HL-EXTEND the lead applies within bounds",
            S::Handling,
            sample(CommandKind::ApplyExtension),
            t,
            Ok(S::Handling),
        ),
        (
            "HL-EXTEND after the due time",
            S::Handling,
            sample(CommandKind::ApplyExtension),
            late,
            Err(E::DeadlinePassed),
        ),
        (
            "HL-EXTEND longer than the maximum",
            S::Handling,
            extend_command("6wd"),
            t,
            Err(E::LimitExceeded),
        ),
        (
            "HL-EXTEND without reason",
            S::Handling,
            Command::ApplyExtension {
                unit: LEAD,
                amount: limit("2wd"),
                reason: " ".into(),
                explanation: "请谅解".into(),
            },
            t,
            Err(E::Invalid),
        ),
        (
            "HL-EXTEND before signing",
            S::Dispatched,
            sample(CommandKind::ApplyExtension),
            t,
            Err(E::InvalidTransition),
        ),
        (
            "HL-EXTEND while hung",
            S::Hung,
            sample(CommandKind::ApplyExtension),
            t,
            Err(E::InvalidTransition),
        ),
        // HL-HANG.
        (
            "HL-HANG the lead applies",
            S::Handling,
            sample(CommandKind::ApplyHang),
            t,
            Ok(S::Handling),
        ),
        (
            "HL-HANG without standard",
            S::Handling,
            Command::ApplyHang {
                unit: LEAD,
                scope: "历史遗留问题".into(),
                reason: "需列入计划".into(),
                standard: "".into(),
                planned: at("2025-04-01T09:00"),
            },
            t,
            Err(E::Invalid),
        ),
        (
            "HL-HANG unhang",
            S::Hung,
            sample(CommandKind::Unhang),
            t,
            Ok(S::Handling),
        ),
        (
            "HL-HANG unhang when not hung",
            S::Handling,
            sample(CommandKind::Unhang),
            t,
            Err(E::InvalidTransition),
        ),
    ]
}
