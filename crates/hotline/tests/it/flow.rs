//! Longer paths through the state machine: clocks, events and records each rule leaves.

use calendar::Instant;
use hotline::ErrorKind;
use hotline::account::AccountKind;
use hotline::appeal::{Channel, HandlingClass, Origin};
use hotline::evaluation::Rating;
use hotline::order::{
    ClockKind, Closure, Command, ContactOutcome, Event, Recipient, ReviewFinding, Status, apply,
    register,
};

use crate::*;
use platform::workflow::{ClockChange, ClockEvent};

fn due_of(order: &hotline::order::Order, kind: ClockKind) -> Instant {
    order
        .clocks
        .iter()
        .rev()
        .find(|clock| clock.kind == kind)
        .unwrap()
        .due(&CAL)
}

/// HL-SIGN: the signing clock is 1 working hour from the dispatch, counted in working time
/// only (a dispatch at 11:30 is due at 15:00 after the lunch break).
#[test]
fn hl_sign_clock_is_one_working_hour_of_working_time_from_dispatch() {
    let order = run(
        &registered(),
        dispatch(HandlingClass::ComplaintReport),
        at("2025-03-03T11:30"),
    );
    assert_eq!(due_of(&order, ClockKind::Sign), at("2025-03-03T15:00"));
    let signs = order
        .clocks
        .iter()
        .filter(|c| c.kind == ClockKind::Sign)
        .count();
    assert_eq!(signs, 2, "one signing clock per handling unit");
}

/// HL-SIGN: a late signature is accepted but its clock stops unmet.
#[test]
fn hl_sign_late_signature_stops_the_clock_unmet() {
    let (_, events) = run_events(
        &order_in(Status::Dispatched),
        sign(LEAD),
        at("2025-03-03T10:30"),
    );
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Clock(ClockEvent {
            kind: ClockKind::Sign,
            change: ClockChange::Stopped { met: false, .. },
            ..
        })
    )));
}

/// HL-LIMITS: the handling clock starts at the dispatch with the class's profile limit.
#[test]
fn hl_limits_each_class_takes_its_limit_from_the_profile() {
    let dispatched_at = at("2025-03-03T09:00");
    let expected = [
        (HandlingClass::EmergencyHelp, "2025-03-03T12:00"),
        (HandlingClass::PolicyConsultation, "2025-03-04T18:00"),
        (HandlingClass::Suggestion, "2025-03-06T18:00"),
        (HandlingClass::ComplaintReport, "2025-03-10T18:00"),
    ];
    for (class, due) in expected {
        let order = run(&registered(), dispatch(class), dispatched_at);
        assert_eq!(due_of(&order, ClockKind::Handling), at(due), "{class:?}");
    }
    // Values come from the profile, never constants.
    let mut profile = PROFILE.clone();
    profile.hotline.complaint_report = platform::profile::TimeLimit(limit("7wd"));
    let (order, _) = apply(
        &registered(),
        &dispatch(HandlingClass::ComplaintReport),
        dispatched_at,
        &profile,
        &CAL,
    )
    .unwrap();
    assert_eq!(due_of(&order, ClockKind::Handling), at("2025-03-12T18:00"));
}

/// HL-MAJOR: a major event runs the initial-opinion and progress clocks; the progress report
/// starts the handling clock with the limit told to the appellant.
#[test]
fn hl_major_initial_opinion_and_progress_clocks() {
    let t = at("2025-03-03T09:00");
    let order = run(&registered(), dispatch(HandlingClass::MajorEvent), t);
    assert_eq!(
        due_of(&order, ClockKind::MajorInitial),
        at("2025-03-03T12:00")
    );
    assert_eq!(
        due_of(&order, ClockKind::MajorProgress),
        at("2025-03-06T18:00")
    );
    assert!(order.clocks.iter().all(|c| c.kind != ClockKind::Handling));
    let order = run(&order, sign(LEAD), t);
    let progress = Command::ReportProgress {
        unit: LEAD,
        text: "进度".into(),
        promised: limit("10wd"),
    };
    let refused = apply(&order, &progress, t, &PROFILE, &CAL).unwrap_err();
    assert_eq!(
        refused.kind(),
        ErrorKind::Invalid,
        "progress before the initial opinion"
    );
    let order = run(
        &order,
        Command::ReportInitialOpinion {
            unit: LEAD,
            text: "已组织排查".into(),
        },
        at("2025-03-03T11:00"),
    );
    let (order, events) = run_events(&order, progress, at("2025-03-04T09:00"));
    assert_eq!(order.handling_limit, Some(limit("10wd")));
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Notify {
            to: Recipient::Appellant,
            rule: "HL-MAJOR",
            ..
        }
    )));
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Clock(ClockEvent {
            kind: ClockKind::Handling,
            change: ClockChange::Started { .. },
            ..
        })
    )));
}

/// HL-EXTEND: an extension adds to the current due time; a third one is refused.
#[test]
fn hl_extend_adds_to_the_due_time_and_a_third_extension_is_refused() {
    let order = order_in(Status::Handling);
    assert_eq!(due_of(&order, ClockKind::Handling), at("2025-03-10T18:00"));
    let extend = |order: &Order, amount: &str| {
        let applied = run(order, extend_command(amount), t0());
        run(&applied, decide_extension(Decision::Approve), t0())
    };
    let order = extend(&order, "5wd");
    assert_eq!(due_of(&order, ClockKind::Handling), at("2025-03-17T18:00"));
    let order = extend(&order, "2wd");
    assert_eq!(due_of(&order, ClockKind::Handling), at("2025-03-19T18:00"));
    assert_eq!(order.extensions.len(), 2);
    let third = apply(&order, &extend_command("1wd"), t0(), &PROFILE, &CAL).unwrap_err();
    assert_eq!(third.kind(), ErrorKind::LimitExceeded);
    assert!(third.to_string().contains("最多延期 2 次"), "{third}");
}

/// HL-EXTEND: an hours-limited order (emergency help) cannot be extended in working days.
#[test]
fn hl_extend_refuses_another_unit_than_the_handling_clock() {
    let order = run(&registered(), dispatch(HandlingClass::EmergencyHelp), t0());
    let order = run(&order, sign(LEAD), t0());
    let extend = extend_command("1wd");
    assert_eq!(
        apply(&order, &extend, t0(), &PROFILE, &CAL)
            .unwrap_err()
            .kind(),
        ErrorKind::Invalid
    );
}

/// HL-HANG: hanging pauses the handling clock; the due time moves by the paused working time.
#[test]
fn hl_hang_pauses_the_handling_clock_until_unhung() {
    let order = order_in(Status::Handling);
    let order = run(
        &order,
        hang_command(at("2025-03-20T09:00")),
        at("2025-03-04T09:00"),
    );
    let order = run(
        &order,
        decide_hang(Decision::Approve),
        at("2025-03-04T09:00"),
    );
    let order = run(
        &order,
        Command::Unhang {
            unit: LEAD,
            note: "管网已更换".into(),
        },
        at("2025-03-06T09:00"),
    );
    // Paused Tue 09:00 .. Thu 09:00 = two working days of working time.
    assert_eq!(due_of(&order, ClockKind::Handling), at("2025-03-12T18:00"));
    assert!(order.hangs[0].unhung_at.is_some());
}

/// HL-HANG, HL-REMIND: hanging after the due time does not rescue the order (CAL-PAUSE), so it
/// can still be urged.
#[test]
fn hl_hang_after_the_due_time_can_still_be_urged() {
    let order = run(
        &order_in(Status::Handling),
        hang_command(at("2025-04-21T09:00")),
        at("2025-03-12T09:00"),
    );
    let order = run(
        &order,
        decide_hang(Decision::Approve),
        at("2025-03-12T09:30"),
    );
    let order = run(&order, Command::Urge, at("2025-03-12T10:00"));
    assert_eq!(order.status, Status::Hung);
    assert_eq!(order.urges.len(), 1);
}

/// HL-RETURN: a returned order goes back to the hotline, every unit clock stops, and it can be
/// dispatched afresh.
#[test]
fn hl_return_goes_back_to_the_hotline_for_redispatch() {
    let (order, events) = run_events(&order_in(Status::Handling), good_return(), t0());
    assert!(order.assignments.is_empty());
    assert_eq!(order.running_clocks().count(), 0);
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Notify {
            to: Recipient::Hotline,
            rule: "HL-RETURN",
            ..
        }
    )));
    assert_eq!(order.returns.len(), 1);
    let order = run(
        &order,
        Command::Dispatch {
            class: HandlingClass::ComplaintReport,
            lead: UnitId(3),
            assisting: vec![],
            terms: hotline::order::DispatchTerms::default(),
        },
        t0(),
    );
    assert_eq!(order.lead(), Some(UnitId(3)));
}

/// HL-RESULT, HL-ACCOUNT: an assisting unit that gave nothing is an accountability candidate
/// (推诿扯皮) when the lead submits.
#[test]
fn hl_result_without_assisting_contribution_flags_buck_passing() {
    let (_, events) = run_events(&order_in(Status::Handling), submit(), t0());
    assert!(events.iter().any(|e| matches!(e, Event::AccountabilityCandidate { unit, kind: AccountKind::BuckPassing, .. } if *unit == ASSIST)));
}

/// HL-REPLY: approval starts the 12 h reply clock; unreachable tries open the 24 h window and
/// closing as unreachable needs the whole window and at least 3 tries.
#[test]
fn hl_reply_unreachable_needs_three_tries_over_the_window() {
    let order = order_in(Status::ResultApproved);
    assert_eq!(due_of(&order, ClockKind::Reply), at("2025-03-03T21:10"));
    let order = run(
        &order,
        reply(ContactOutcome::Unreachable),
        at("2025-03-03T10:00"),
    );
    assert_eq!(
        due_of(&order, ClockKind::ReplyRetry),
        at("2025-03-04T10:00")
    );
    let order = run(
        &order,
        reply(ContactOutcome::Unreachable),
        at("2025-03-03T16:00"),
    );
    let close = Command::CloseUnreachable;
    let early = apply(&order, &close, at("2025-03-04T11:00"), &PROFILE, &CAL).unwrap_err();
    assert!(early.to_string().contains("不少于 3 次"), "{early}");
    let order = run(
        &order,
        reply(ContactOutcome::Unreachable),
        at("2025-03-04T09:00"),
    );
    let too_soon = apply(&order, &close, at("2025-03-04T09:30"), &PROFILE, &CAL).unwrap_err();
    assert_eq!(too_soon.kind(), ErrorKind::Invalid);
    let order = run(&order, close, at("2025-03-04T11:00"));
    assert_eq!(
        (order.status, order.closure),
        (Status::Closed, Some(Closure::Unreachable))
    );
    assert_eq!(order.reply_attempts.len(), 3);
}

/// HL-CALLBACK: a second callback round, still unsatisfied, asks the unit leader for the
/// head-signed review form; review forms close it.
#[test]
fn hl_callback_second_round_unsatisfied_needs_the_signed_review_form() {
    let order = order_in(Status::AwaitingReviewForm);
    assert_eq!(order.round, 2);
    assert_eq!(order.callbacks.len(), 2);
    assert!(order.callbacks.iter().all(|c| !c.satisfied));
    let order = run(&order, review_form(), t0());
    let order = run(
        &order,
        conclude(hotline::order::FormFinding::Compliant),
        t0(),
    );
    assert_eq!(order.closure, Some(Closure::FormReviewed));
}

/// HL-CALLBACK: an inadequate review sends the order back the same day with a fresh handling
/// clock; a review on a later day is flagged to supervisors.
#[test]
fn hl_callback_inadequate_review_returns_the_same_day() {
    let replied = order_in(Status::UnderReview);
    let (order, events) = run_events(
        &replied,
        review(ReviewFinding::Inadequate),
        at("2025-03-03T17:00"),
    );
    assert_eq!((order.status, order.round), (Status::Handling, 2));
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Clock(ClockEvent {
            kind: ClockKind::Handling,
            change: ClockChange::Started { .. },
            ..
        })
    )));
    assert!(!events.iter().any(|e| matches!(
        e,
        Event::Notify {
            to: Recipient::Supervisors,
            ..
        }
    )));
    let (_, events) = run_events(
        &replied,
        review(ReviewFinding::Inadequate),
        at("2025-03-04T09:00"),
    );
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Notify {
            to: Recipient::Supervisors,
            rule: "HL-CALLBACK",
            ..
        }
    )));
}

/// HL-CALLBACK, EVAL-BAD: 基本满意 closes under the default threshold (不满意), but reviews
/// when the profile counts level 3 as bad.
#[test]
fn hl_callback_satisfaction_follows_the_eval_bad_threshold() {
    let replied = order_in(Status::Replied);
    let (order, events) = run_events(&replied, callback(Rating::BasicallySatisfied), t0());
    assert_eq!(order.status, Status::Closed);
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::Rated { bad: false, .. }))
    );
    let mut strict = PROFILE.clone();
    strict.evaluation.bad_rating_from_level = 3;
    let (order, _) = apply(
        &replied,
        &callback(Rating::BasicallySatisfied),
        t0(),
        &strict,
        &CAL,
    )
    .unwrap();
    assert_eq!(order.status, Status::UnderReview);
}

/// HL-CALLBACK: with `callback_rounds = 1` the first unsatisfied callback already needs the form.
#[test]
fn hl_callback_rounds_come_from_the_profile() {
    let mut one_round = PROFILE.clone();
    one_round.hotline.callback_rounds = 1;
    let (order, _) = apply(
        &order_in(Status::Replied),
        &callback(Rating::Unsatisfied),
        t0(),
        &one_round,
        &CAL,
    )
    .unwrap();
    assert_eq!(order.status, Status::AwaitingReviewForm);
}

/// HL-WITHDRAW: withdrawal stops every clock and tells every handling unit.
#[test]
fn hl_withdraw_stops_clocks_and_tells_every_unit() {
    let (order, events) = run_events(&order_in(Status::Handling), withdraw(), t0());
    assert_eq!(order.running_clocks().count(), 0);
    for unit in [LEAD, ASSIST] {
        assert!(events.iter().any(|e| matches!(e, Event::Notify { to: Recipient::UnitHandlers(u), rule: "HL-WITHDRAW", .. } if *u == unit)));
    }
}

/// HL-ARCHIVE: a phone appeal needs its recording; feedback and satisfaction are added.
#[test]
fn hl_archive_files_recording_feedback_and_satisfaction() {
    let closed = order_in(Status::Closed);
    let (_, events) = run_events(&closed, archive(), t0());
    let items = events
        .iter()
        .find_map(|e| match e {
            Event::Archived { items } => Some(items.clone()),
            _ => None,
        })
        .unwrap();
    use hotline::order::ArchiveItem as A;
    assert_eq!(
        items,
        vec![A::OriginalMaterial, A::Feedback, A::Satisfaction]
    );
    let mut phone = closed.clone();
    phone.intake.channel = Channel::Phone;
    assert_eq!(
        apply(&phone, &archive(), t0(), &PROFILE, &CAL)
            .unwrap_err()
            .kind(),
        ErrorKind::Invalid
    );
}

/// HL-REGISTER: registration records channel, category and origin; the first event of every
/// transition is the history row.
#[test]
fn hl_register_and_every_transition_emit_their_history_event() {
    let (order, events) = register(intake(Channel::Wechat, Origin::Province), t0());
    assert_eq!(order.status, Status::Registered);
    assert!(matches!(
        events[0],
        Event::Registered {
            channel: Channel::Wechat,
            origin: Origin::Province,
            ..
        }
    ));
    let (_, events) = run_events(&order, dispatch(HandlingClass::Suggestion), t0());
    assert!(matches!(
        events[0],
        Event::Transitioned {
            from: Status::Registered,
            to: Status::Dispatched,
            ..
        }
    ));
}

/// HL-DISPATCH: the same unit twice is refused.
#[test]
fn hl_dispatch_refuses_the_same_unit_twice() {
    let command = Command::Dispatch {
        class: HandlingClass::Suggestion,
        lead: LEAD,
        assisting: vec![ASSIST, LEAD],
        terms: hotline::order::DispatchTerms::default(),
    };
    assert_eq!(
        apply(&registered(), &command, t0(), &PROFILE, &CAL)
            .unwrap_err()
            .kind(),
        ErrorKind::Invalid
    );
}

/// HL-INSTANT, KB-LIFE: only a published entry answers; the use is counted (KB-STATS).
#[test]
fn hl_instant_answers_only_from_a_published_entry() {
    let mut draft = published_entry();
    draft.status = hotline::kb::EntryStatus::Draft;
    let refused = apply(
        &registered(),
        &Command::AnswerFromKb { entry: draft },
        t0(),
        &PROFILE,
        &CAL,
    )
    .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Invalid);
    let (_, events) = run_events(
        &registered(),
        Command::AnswerFromKb {
            entry: published_entry(),
        },
        t0(),
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::KbEntryUsed { .. }))
    );
}

/// HL-REPLY (issue 14 item 2): reaching the appellant with the result also texts them that
/// the appeal is concluded; an unreachable try texts nothing.
#[test]
fn hl_reply_reaching_the_appellant_texts_them_that_it_is_concluded() {
    let approved = order_in(Status::ResultApproved);
    let texted = |outcome| {
        let (_, events) = run_events(&approved, reply(outcome), at("2025-03-20T09:00"));
        events
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    Event::Notify {
                        to: Recipient::Appellant,
                        rule: "HL-REPLY",
                        ..
                    }
                )
            })
            .count()
    };
    assert_eq!(texted(ContactOutcome::Reached), 1);
    assert_eq!(texted(ContactOutcome::Unreachable), 0);
}
