//! Reminder and supervision triggers (HL-REMIND, HL-SUPERVISE, HL-HANG) and escalation.

use hotline::account::AccountKind;
use hotline::appeal::{Channel, HandlingClass, Origin};
use hotline::order::{Command, Status, register};
use hotline::supervise::{SupervisionLevel, TriggerKind, ahead_of, triggers};

use crate::*;

fn kinds(order: &hotline::order::Order, now: &str) -> Vec<TriggerKind> {
    triggers(order, at(now), &PROFILE, &CAL)
        .into_iter()
        .map(|t| t.kind)
        .collect()
}

/// HL-SUPERVISE: not signed 10 minutes before the signing deadline opens written supervision.
#[test]
fn hl_supervise_unsigned_ten_minutes_before_the_signing_deadline() {
    let order = order_in(Status::Dispatched); // dispatched 09:10, sign due 10:10
    assert!(!kinds(&order, "2025-03-03T09:59").contains(&TriggerKind::WrittenSignNearDue));
    assert!(kinds(&order, "2025-03-03T10:00").contains(&TriggerKind::WrittenSignNearDue));
}

/// HL-SUPERVISE: no feedback 3 h before the feedback deadline opens written supervision.
#[test]
fn hl_supervise_no_feedback_three_hours_before_the_deadline() {
    let order = order_in(Status::Handling); // handling due 2025-03-10 18:00
    assert!(!kinds(&order, "2025-03-10T14:59").contains(&TriggerKind::WrittenFeedbackNearDue));
    assert!(kinds(&order, "2025-03-10T15:00").contains(&TriggerKind::WrittenFeedbackNearDue));
}

/// HL-SUPERVISE: a provincial order not fed back half a day (4 working hours) before due.
#[test]
fn hl_supervise_provincial_order_half_a_day_before_due() {
    let order = register(intake(Channel::Phone, Origin::Province), t0()).0;
    let order = run(&order, dispatch(HandlingClass::ComplaintReport), t0());
    let order = run(&order, sign(LEAD), t0());
    // Due Monday 2025-03-10 18:00: 4 WH ahead is 11:30 (3.5 h in the afternoon, 0.5 h before noon).
    assert!(!kinds(&order, "2025-03-10T11:29").contains(&TriggerKind::WrittenProvinceNearDue));
    assert!(kinds(&order, "2025-03-10T11:30").contains(&TriggerKind::WrittenProvinceNearDue));
    let local = order_in(Status::Handling);
    assert!(!kinds(&local, "2025-03-10T06:00").contains(&TriggerKind::WrittenProvinceNearDue));
}

/// HL-REMIND: a yellow light reminds the handler; overdue asks for the urge notice; 2 WD after
/// the urge without feedback is an accountability record.
#[test]
fn hl_remind_yellow_then_urge_then_accountability_after_two_working_days() {
    let order = order_in(Status::Handling);
    assert!(kinds(&order, "2025-03-10T10:00").contains(&TriggerKind::Remind));
    assert!(kinds(&order, "2025-03-11T09:00").contains(&TriggerKind::Urge));
    let urged = run(&order, Command::Urge, at("2025-03-11T09:00"));
    assert!(
        !kinds(&urged, "2025-03-11T10:00").contains(&TriggerKind::Urge),
        "urged once"
    );
    let account = TriggerKind::Accountability(AccountKind::NoFeedbackAfterSupervision);
    assert!(!kinds(&urged, "2025-03-13T17:59").contains(&account));
    assert!(kinds(&urged, "2025-03-13T18:01").contains(&account));
    let answered = run(
        &run(&urged, submit(), at("2025-03-12T09:00")),
        approve(),
        at("2025-03-12T10:00"),
    );
    assert!(
        !kinds(&answered, "2025-03-14T09:00").contains(&account),
        "fed back in time"
    );
}

/// HL-HANG: a hung order gets a ledger reminder every `hang_reminder_every` (5 WD) from its
/// approval, each period its own record; the paused handling clock asks for no urge.
#[test]
fn hl_hang_reminder_when_the_ledger_review_is_due() {
    let order = order_in(Status::Hung); // approved 2025-03-03 09:10
    let reminder = |now: &str| {
        triggers(&order, at(now), &PROFILE, &CAL)
            .into_iter()
            .find(|t| t.kind == TriggerKind::HangReminder)
    };
    assert!(reminder("2025-03-10T17:59").is_none());
    let first = reminder("2025-03-10T18:00").unwrap();
    let second = reminder("2025-03-17T18:00").unwrap();
    assert_ne!(first.clock, second.clock, "each period is recorded once");
    assert_eq!(reminder("2025-03-17T17:59").unwrap().clock, first.clock);
    assert!(!kinds(&order, "2025-03-17T18:00").contains(&TriggerKind::Urge));
}

/// HL-SUPERVISE: escalation real-time → written → notice → meeting → joint → leader.
#[test]
fn hl_supervise_escalation_ladder() {
    let mut level = SupervisionLevel::RealTime;
    let mut labels = vec![level.label_zh()];
    while let Some(next) = level.next() {
        level = next;
        labels.push(level.label_zh());
    }
    assert_eq!(
        labels,
        [
            "实时督办",
            "书面督办",
            "通报督办",
            "会议督办",
            "联合督办",
            "领导督办"
        ]
    );
}

/// HL-SUPERVISE: "N before due" in each unit of time.
#[test]
fn hl_supervise_ahead_of_due_in_each_unit() {
    let due = at("2025-03-10T18:00");
    assert_eq!(ahead_of(due, limit("3h"), &CAL), at("2025-03-10T15:00"));
    assert_eq!(ahead_of(due, limit("1wd"), &CAL), at("2025-03-07T18:00"));
    assert_eq!(ahead_of(due, limit("1d"), &CAL), at("2025-03-09T18:00"));
    let wh = ahead_of(at("2025-03-10T15:00"), limit("1wh"), &CAL);
    assert_eq!(
        CAL.working_millis_between(wh, at("2025-03-10T15:00")),
        3_600_000
    );
}

/// HL-SUPERVISE: an order dispatched again to the unit that returned it was returned without
/// reason; the unit returning it `supervise_repeated_returns` (2) times refuses repeatedly.
#[test]
fn hl_supervise_return_without_reason_and_repeated_refusal() {
    let now = "2025-03-03T09:20";
    let dispatched = order_in(Status::Dispatched);
    assert!(!kinds(&dispatched, now).contains(&TriggerKind::WrittenReturnWithoutReason));
    let returned = run(&dispatched, good_return(), at(now));
    assert_eq!(returned.status, Status::Returned);
    let to_other = run(
        &returned,
        Command::Dispatch {
            class: HandlingClass::ComplaintReport,
            lead: STRANGER,
            assisting: vec![],
            terms: hotline::order::DispatchTerms::default(),
        },
        at(now),
    );
    assert!(
        !kinds(&to_other, now).contains(&TriggerKind::WrittenReturnWithoutReason),
        "sent on to another unit: the return was founded"
    );
    let back = run(&returned, dispatch(HandlingClass::ComplaintReport), at(now));
    let found = triggers(&back, at(now), &PROFILE, &CAL);
    let without_reason = found
        .iter()
        .find(|t| t.kind == TriggerKind::WrittenReturnWithoutReason)
        .expect("sent back to the unit that returned it");
    assert_eq!(
        (without_reason.unit, without_reason.level),
        (Some(LEAD), SupervisionLevel::Written)
    );
    assert!(!kinds(&back, now).contains(&TriggerKind::WrittenRepeatedRefusal));
    let twice = run(&back, good_return(), at(now));
    let again = run(&twice, dispatch(HandlingClass::ComplaintReport), at(now));
    assert!(kinds(&again, now).contains(&TriggerKind::WrittenRepeatedRefusal));
    let mut lenient = PROFILE.clone();
    lenient.hotline.supervise_repeated_returns = 3;
    let lenient_kinds: Vec<TriggerKind> = triggers(&again, at(now), &lenient, &CAL)
        .into_iter()
        .map(|t| t.kind)
        .collect();
    assert!(
        !lenient_kinds.contains(&TriggerKind::WrittenRepeatedRefusal),
        "from the profile"
    );
}
