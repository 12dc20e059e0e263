//! The article-by-article audit of the 12345 rules (issue 10): each test names the rule it
//! proves and failed before the fix — no accountability record or urge the seed would not
//! make, applications decided by the hotline, who may contact the appellant, limits set by
//! law, natural-time units, return windows and the new supervision triggers.

use calendar::{Limit, LimitUnit};
use hotline::ErrorKind;
use hotline::account::AccountKind;
use hotline::appeal::{Channel, HandlingClass, Origin};
use hotline::order::{
    ClockKind, Command, Decision, DispatchTerms, Event, Order, Recipient, Status, UnitRole,
};
use hotline::supervise::{TriggerKind, triggers};
use platform::profile::{RuleProfile, TimeLimit};

use crate::*;

fn kinds(order: &Order, now: &str) -> Vec<TriggerKind> {
    triggers(order, at(now), &PROFILE, &CAL)
        .into_iter()
        .map(|t| t.kind)
        .collect()
}

fn no_feedback_account() -> TriggerKind {
    TriggerKind::Accountability(AccountKind::NoFeedbackAfterSupervision)
}

fn clock_of(order: &Order, kind: ClockKind) -> &hotline::order::OrderClock {
    order
        .clocks
        .iter()
        .rev()
        .find(|clock| clock.kind == kind)
        .unwrap()
}

fn dispatch_with(class: HandlingClass, terms: DispatchTerms) -> Command {
    Command::Dispatch {
        class,
        lead: LEAD,
        assisting: vec![ASSIST],
        terms,
    }
}

fn urged() -> Order {
    // Handling due 2025-03-10 18:00; urged the next morning; the urge clock runs 2 WD.
    run(
        &order_in(Status::Handling),
        Command::Urge,
        at("2025-03-11T09:00"),
    )
}

fn report() -> Command {
    Command::ReportUrgeDelay {
        unit: LEAD,
        reason: "需等待区政府协调资金，两个工作日内无法反馈".into(),
    }
}

fn decide_report(decision: Decision, new_limit: &str) -> Command {
    Command::DecideUrgeReport {
        decision,
        new_limit: limit(new_limit),
        note: "营商环境建设局审核意见".into(),
    }
}

/// HL-REMIND: a unit that signs late is not urged and gets no accountability record; the
/// late signature is written supervision's (HL-SUPERVISE). Before the fix the scan urged the
/// unsigned order and the 2 WD urge clock made a record although the unit had signed.
#[test]
fn hl_remind_a_late_signature_alone_is_neither_urged_nor_recorded() {
    let dispatched = run(
        &registered(),
        dispatch(HandlingClass::ComplaintReport),
        t0(),
    );
    // Signing due 10:10; at 10:15 the signature is late, the handling limit runs to 3-10.
    let late = kinds(&dispatched, "2025-03-03T10:15");
    assert!(!late.contains(&TriggerKind::Urge), "{late:?}");
    assert!(late.contains(&TriggerKind::WrittenSignNearDue), "{late:?}");
    let refused = apply(
        &dispatched,
        &Command::Urge,
        at("2025-03-03T10:15"),
        &PROFILE,
        &CAL,
    );
    assert_eq!(refused.unwrap_err().kind(), ErrorKind::Invalid);
    // Never signed and the 3 h emergency limit passed: the feedback is overdue, urged.
    let emergency = run(&registered(), dispatch(HandlingClass::EmergencyHelp), t0());
    let urged = run(&emergency, Command::Urge, at("2025-03-03T12:20"));
    assert_eq!(urged.status, Status::Dispatched);
    assert_eq!(urged.urges.len(), 1);
    let signed = run(&dispatched, sign(LEAD), at("2025-03-03T10:15"));
    for now in ["2025-03-05T18:01", "2025-03-07T09:00"] {
        let found = kinds(&signed, now);
        assert!(!found.contains(&no_feedback_account()), "{now}: {found:?}");
        assert!(!found.contains(&TriggerKind::Urge), "{now}: {found:?}");
    }
}

/// HL-REMIND: after a 催办 the unit reports to the bureau; while the report waits, no record;
/// accepted, the urge clock stops met and the new date runs instead (a record only if it
/// passes); refused, the record follows the urge limit.
#[test]
fn hl_remind_a_report_accepted_by_the_bureau_prevents_the_accountability_record() {
    let urged = urged();
    let urge_due = at("2025-03-13T18:01");
    assert!(kinds(&urged, "2025-03-13T18:01").contains(&no_feedback_account()));

    let (reported, events) = run_events(&urged, report(), at("2025-03-11T10:00"));
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Notify {
            to: Recipient::UrgeReportUnit,
            ..
        }
    )));
    assert!(
        !kinds(&reported, "2025-03-13T18:01").contains(&no_feedback_account()),
        "a pending report waits for the bureau"
    );

    let accepted = run(
        &reported,
        decide_report(Decision::Approve, "5wd"),
        at("2025-03-11T11:00"),
    );
    assert!(
        accepted
            .running_clock(ClockKind::Urge, Some(LEAD))
            .is_none()
    );
    assert!(
        !triggers(&accepted, urge_due, &PROFILE, &CAL)
            .iter()
            .any(|t| t.kind == no_feedback_account())
    );
    // The accepted date: 5 WD from Tuesday 3-11 is Tuesday 3-18 18:00.
    assert!(!kinds(&accepted, "2025-03-18T18:00").contains(&no_feedback_account()));
    assert!(kinds(&accepted, "2025-03-18T18:01").contains(&no_feedback_account()));

    let refused = run(
        &reported,
        decide_report(Decision::Refuse, "0wd"),
        at("2025-03-11T11:00"),
    );
    assert!(kinds(&refused, "2025-03-13T18:01").contains(&no_feedback_account()));
}

/// HL-REMIND: the report is made at once, before the urge limit, and only after an urge.
#[test]
fn hl_remind_the_report_needs_a_running_urge_and_comes_before_its_limit() {
    let not_urged = apply(
        &order_in(Status::Handling),
        &report(),
        at("2025-03-11T10:00"),
        &PROFILE,
        &CAL,
    );
    assert_eq!(not_urged.unwrap_err().kind(), ErrorKind::Invalid);
    let too_late = apply(&urged(), &report(), at("2025-03-14T09:00"), &PROFILE, &CAL);
    assert_eq!(too_late.unwrap_err().kind(), ErrorKind::DeadlinePassed);
    let no_reason = Command::ReportUrgeDelay {
        unit: LEAD,
        reason: " ".into(),
    };
    let refused = apply(&urged(), &no_reason, at("2025-03-11T10:00"), &PROFILE, &CAL);
    assert_eq!(refused.unwrap_err().kind(), ErrorKind::Invalid);
}

/// HL-SUPERVISE: the "no feedback 3 h before due" supervision applies only to clocks longer
/// than the lead time: a 3 h emergency clock and a major event's 3 h initial opinion do not
/// open one at the moment of dispatch. Before the fix both did.
#[test]
fn hl_supervise_a_three_hour_clock_opens_no_written_supervision_at_dispatch() {
    for class in [HandlingClass::EmergencyHelp, HandlingClass::MajorEvent] {
        let order = run(&registered(), dispatch(class), t0());
        let order = run(&order, sign(LEAD), t0());
        let found = kinds(&order, "2025-03-03T09:11");
        assert!(
            !found.contains(&TriggerKind::WrittenFeedbackNearDue),
            "{class:?}: {found:?}"
        );
    }
    // A 1 WD policy consultation is longer than 3 h: it still opens one 3 h before its due.
    let order = run(
        &registered(),
        dispatch(HandlingClass::PolicyConsultation),
        t0(),
    );
    assert!(kinds(&order, "2025-03-04T15:00").contains(&TriggerKind::WrittenFeedbackNearDue));
}

/// HL-SUPERVISE: a provincial order is supervised half a day (4 WH, profile) ahead of the
/// province's own due time, not the district's.
#[test]
fn hl_supervise_a_provincial_order_counts_from_the_provinces_due_time() {
    let intake = intake(Channel::Phone, Origin::Province)
        .with_province_due(at("2025-03-07T18:00"))
        .unwrap();
    let order = register(intake, t0()).0;
    let order = run(&order, dispatch(HandlingClass::ComplaintReport), t0());
    // Friday 3-07 18:00 less 4 WH is 11:30 the same day (the district's due is 3-10).
    assert!(!kinds(&order, "2025-03-07T11:29").contains(&TriggerKind::WrittenProvinceNearDue));
    assert!(kinds(&order, "2025-03-07T11:30").contains(&TriggerKind::WrittenProvinceNearDue));
    let local = intake_local_with_province_due();
    assert_eq!(local.unwrap_err().kind(), ErrorKind::Invalid);
}

fn intake_local_with_province_due() -> Result<hotline::appeal::Intake, hotline::HotlineError> {
    intake(Channel::Phone, Origin::Local).with_province_due(at("2025-03-07T18:00"))
}

/// HL-SUPERVISE: buck-passing (推诿扯皮) — the lead submitted and an assisting unit gave
/// nothing — opens a written supervision for that unit.
#[test]
fn hl_supervise_buck_passing_opens_a_written_supervision_for_the_silent_assisting_unit() {
    let order = run(&order_in(Status::Handling), submit(), t0());
    let buck = triggers(&order, at("2025-03-03T10:00"), &PROFILE, &CAL)
        .into_iter()
        .find(|t| t.kind == TriggerKind::WrittenBuckPassing)
        .unwrap();
    assert_eq!(buck.unit, Some(ASSIST));
    let contributed = order_in(Status::ResultSubmitted);
    assert!(!kinds(&contributed, "2025-03-03T10:00").contains(&TriggerKind::WrittenBuckPassing));
}

/// HL-EXTEND: the unit applies, the hotline decides under its own clock; approved, the
/// amount is added and the unit's explanation is texted to the appellant; refused, nothing
/// moves. Before the fix the unit granted itself the extension and nobody told the appellant.
#[test]
fn hl_extend_the_unit_applies_and_the_hotline_decides() {
    let handling = order_in(Status::Handling);
    let due = clock_of(&handling, ClockKind::Handling).due(&CAL);
    let applied = run(&handling, extend_command("3wd"), at("2025-03-05T09:00"));
    assert_eq!(clock_of(&applied, ClockKind::Handling).due(&CAL), due);
    assert!(applied.extensions.is_empty());
    assert!(
        applied
            .running_clock(ClockKind::ExtensionDecision, None)
            .is_some()
    );
    let twice = apply(
        &applied,
        &extend_command("1wd"),
        at("2025-03-05T09:10"),
        &PROFILE,
        &CAL,
    );
    assert_eq!(twice.unwrap_err().kind(), ErrorKind::Invalid);

    let (approved, events) = run_events(
        &applied,
        decide_extension(Decision::Approve),
        at("2025-03-05T10:00"),
    );
    assert_eq!(
        clock_of(&approved, ClockKind::Handling).due(&CAL),
        at("2025-03-13T18:00")
    );
    assert_eq!(approved.extensions.len(), 1);
    assert!(approved.application.is_none());
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Notify { to: Recipient::Appellant, rule: "HL-EXTEND", message } if message.contains("涉及多个部门")
    )));

    let refused = Command::DecideExtension {
        decision: Decision::Refuse,
        note: "理由不充分".into(),
    };
    let (refused, events) = run_events(&applied, refused, at("2025-03-05T10:00"));
    assert_eq!(clock_of(&refused, ClockKind::Handling).due(&CAL), due);
    assert!(refused.extensions.is_empty() && refused.application.is_none());
    assert!(!events.iter().any(|e| matches!(
        e,
        Event::Notify {
            to: Recipient::Appellant,
            ..
        }
    )));
    let without_reason = Command::DecideExtension {
        decision: Decision::Refuse,
        note: "".into(),
    };
    let error = apply(
        &applied,
        &without_reason,
        at("2025-03-05T10:00"),
        &PROFILE,
        &CAL,
    );
    assert_eq!(error.unwrap_err().kind(), ErrorKind::Invalid);
    let late = apply(
        &handling,
        &extend_command("3wd"),
        at("2025-03-11T09:00"),
        &PROFILE,
        &CAL,
    );
    assert_eq!(late.unwrap_err().kind(), ErrorKind::DeadlinePassed);
}

/// HL-HANG: hanging is an application with a scope of the profile, approved by the hotline;
/// the ledger has its own clock to the planned date; an urge already running keeps running.
/// Before the fix the unit hung the order itself and silenced every urge.
#[test]
fn hl_hang_is_an_application_the_hotline_approves_and_urges_keep_running() {
    let handling = order_in(Status::Handling);
    let applied = run(&handling, hang_command(at("2025-04-01T09:00")), t0());
    assert_eq!(applied.status, Status::Handling);
    assert!(!clock_of(&applied, ClockKind::Handling).clock.is_paused());
    let wrong_scope = Command::ApplyHang {
        unit: LEAD,
        scope: "随便什么".into(),
        reason: "难".into(),
        standard: "解决".into(),
        planned: at("2025-04-01T09:00"),
    };
    let error = apply(&handling, &wrong_scope, t0(), &PROFILE, &CAL).unwrap_err();
    assert!(error.to_string().contains("历史遗留问题"), "{error}");
    let sunday = apply(
        &handling,
        &hang_command(at("2025-04-06T09:00")),
        t0(),
        &PROFILE,
        &CAL,
    );
    assert_eq!(sunday.unwrap_err().kind(), ErrorKind::Invalid);

    let hung = run(&applied, decide_hang(Decision::Approve), t0());
    assert_eq!(hung.status, Status::Hung);
    assert!(clock_of(&hung, ClockKind::Handling).clock.is_paused());
    let ledger = clock_of(&hung, ClockKind::HangLedger);
    assert_eq!(ledger.due(&CAL), at("2025-04-01T18:00"));
    assert_eq!(ledger.unit, Some(LEAD));
    let refused = run(
        &applied,
        Command::DecideHang {
            decision: Decision::Refuse,
            note: "可在延期内解决".into(),
        },
        t0(),
    );
    assert_eq!(refused.status, Status::Handling);

    // Urged first, then hung: the urge clock keeps running to its accountability record.
    let urged = urged();
    let applied = run(
        &urged,
        hang_command(at("2025-04-21T09:00")),
        at("2025-03-11T10:00"),
    );
    let hung = run(
        &applied,
        decide_hang(Decision::Approve),
        at("2025-03-11T11:00"),
    );
    assert!(hung.running_clock(ClockKind::Urge, Some(LEAD)).is_some());
    assert!(kinds(&hung, "2025-03-13T18:01").contains(&no_feedback_account()));
    let unhung = run(
        &hung,
        Command::Unhang {
            unit: LEAD,
            note: "资金已落实".into(),
        },
        at("2025-03-12T09:00"),
    );
    assert!(
        unhung
            .running_clock(ClockKind::HangLedger, Some(LEAD))
            .is_none()
    );
}

/// HL-PRIVACY: the lead may contact the appellant to answer (谁承办、谁答复), an assisting unit
/// may not; on a complaint only when the dispatch cleared the lead (neither accused nor an
/// interested party); never when the appellant asked for confidentiality.
#[test]
fn hl_privacy_who_may_contact_the_appellant() {
    // `registered()` is a complaint; a suggestion needs its own intake.
    let complaint = run(
        &registered(),
        dispatch(HandlingClass::ComplaintReport),
        t0(),
    );
    let mut suggestion_intake = intake(Channel::Web, Origin::Local);
    suggestion_intake.category = hotline::appeal::Category::Suggestion;
    let open = register(suggestion_intake.clone(), t0()).0;
    let open = run(&open, dispatch(HandlingClass::Suggestion), t0());
    assert!(open.unit_may_contact(LEAD));
    assert!(!open.unit_may_contact(ASSIST));
    assert!(!open.unit_may_contact(STRANGER));

    assert!(!complaint.unit_may_contact(LEAD), "a complaint not cleared");
    let cleared = run(
        &registered(),
        dispatch_with(
            HandlingClass::ComplaintReport,
            DispatchTerms {
                contact_cleared: vec![LEAD],
                ..DispatchTerms::default()
            },
        ),
        t0(),
    );
    assert!(cleared.unit_may_contact(LEAD));

    let mut confidential = suggestion_intake;
    confidential.confidential = true;
    let order = run(
        &register(confidential, t0()).0,
        dispatch(HandlingClass::Suggestion),
        t0(),
    );
    assert!(!order.unit_may_contact(LEAD));
}

/// HL-LIMITS: a limit set by law, chosen at dispatch with its basis, overrides the class limit.
#[test]
fn hl_limits_a_limit_set_by_law_overrides_the_class_limit() {
    let legal = PROFILE.hotline.legal_limit_list().unwrap();
    assert_eq!(legal.len(), 2, "{legal:?}");
    let consumer = legal.first().unwrap().clone();
    assert_eq!(consumer.limit, limit("7wd"));
    let terms = DispatchTerms {
        legal_limit: Some(consumer),
        ..DispatchTerms::default()
    };
    let order = run(
        &registered(),
        dispatch_with(HandlingClass::ComplaintReport, terms.clone()),
        t0(),
    );
    assert_eq!(
        clock_of(&order, ClockKind::Handling).clock.limit(),
        limit("7wd")
    );
    assert!(order.legal_basis.as_deref().unwrap().contains("第十五条"));
    let major = apply(
        &registered(),
        &dispatch_with(HandlingClass::MajorEvent, terms),
        t0(),
        &PROFILE,
        &CAL,
    );
    assert_eq!(major.unwrap_err().kind(), ErrorKind::Invalid);
    let mut bad = RuleProfile::default();
    bad.hotline.legal_limits = "消费者投诉=七天=某法".into();
    assert!(bad.validate().is_err());
}

/// HL-LIMITS: a 7×24 unit (water, power, gas, heating) runs its clocks in natural time.
#[test]
fn hl_limits_a_round_the_clock_unit_runs_in_natural_time() {
    let terms = DispatchTerms {
        round_the_clock: vec![LEAD],
        ..DispatchTerms::default()
    };
    let order = run(
        &registered(),
        dispatch_with(HandlingClass::ComplaintReport, terms),
        t0(),
    );
    let handling = clock_of(&order, ClockKind::Handling).clock.limit();
    assert_eq!(
        handling,
        Limit {
            amount: 5,
            unit: LimitUnit::Days
        }
    );
    let lead_sign = order
        .clocks
        .iter()
        .find(|c| c.kind == ClockKind::Sign && c.unit == Some(LEAD))
        .unwrap();
    assert_eq!(lead_sign.clock.limit(), limit("1h"));
    let assisting_sign = order
        .clocks
        .iter()
        .find(|c| c.kind == ClockKind::Sign && c.unit == Some(ASSIST))
        .unwrap();
    assert_eq!(assisting_sign.clock.limit(), limit("1wh"));
}

/// HL-RETURN: the 3 h window counts working hours by default, so an order dispatched on a
/// Friday evening can still be returned on Monday morning; `3h` in the profile counts
/// natural hours.
#[test]
fn hl_return_working_hours_let_an_evening_dispatch_be_returned() {
    let friday_evening = at("2025-03-07T19:00");
    let order = run(
        &registered(),
        dispatch(HandlingClass::ComplaintReport),
        friday_evening,
    );
    let returned = run(&order, good_return(), at("2025-03-10T11:00"));
    assert_eq!(returned.status, Status::Returned);
    let mut natural = RuleProfile::default();
    natural.hotline.return_within = TimeLimit("3h".parse().unwrap());
    let order = apply(
        &registered(),
        &dispatch(HandlingClass::ComplaintReport),
        friday_evening,
        &natural,
        &CAL,
    )
    .unwrap()
    .0;
    let error = apply(
        &order,
        &good_return(),
        at("2025-03-10T11:00"),
        &natural,
        &CAL,
    );
    assert_eq!(error.unwrap_err().kind(), ErrorKind::DeadlinePassed);
}

/// HL-RETURN: an assisting unit wrongly chosen returns its own part with the basis; it leaves
/// the dispatch, its clocks stop, the lead keeps the order and both the lead and the hotline
/// are told.
#[test]
fn hl_return_an_assisting_unit_returns_its_own_part() {
    let order = order_in(Status::Dispatched);
    let part = Command::Return {
        unit: ASSIST,
        legal_basis: "《城镇燃气管理条例》第五条：燃气管理由住建部门负责".into(),
        call_record: "09:30 与话务员电话沟通，同意退回协办部分".into(),
    };
    let (after, events) = run_events(&order, part, at("2025-03-03T09:30"));
    assert_eq!(after.status, Status::Dispatched);
    assert_eq!(after.assignments.len(), 1);
    assert_eq!(after.assignments[0].role, UnitRole::Lead);
    assert!(
        after
            .running_clocks()
            .all(|clock| clock.unit != Some(ASSIST))
    );
    assert!(
        after
            .running_clock(ClockKind::Handling, Some(LEAD))
            .is_some()
    );
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Notify {
            to: Recipient::UnitHandlers(LEAD),
            rule: "HL-RETURN",
            ..
        }
    )));
    assert_eq!(after.returns.last().unwrap().unit, ASSIST);
}

/// HL-EXTEND, HL-REMIND: a return ends what waited on the last dispatch — after the
/// re-dispatch the unit may apply again, and a report left undecided no longer holds back a
/// new urge's accountability record.
#[test]
fn hl_remind_a_redispatch_leaves_no_application_or_report_waiting() {
    let applied = run(
        &order_in(Status::Handling),
        extend_command("3wd"),
        at("2025-03-03T09:30"),
    );
    let returned = run(&applied, good_return(), at("2025-03-03T10:00"));
    let again = run(
        &returned,
        dispatch(HandlingClass::ComplaintReport),
        at("2025-03-03T11:00"),
    );
    assert!(again.application.is_none());

    // An emergency order (3 h) is overdue at 12:20, urged, and the unit reports; its return
    // window (3 WH) still runs to 14:40, so it is returned and dispatched afresh.
    let emergency = run(&registered(), dispatch(HandlingClass::EmergencyHelp), t0());
    let urged = run(&emergency, Command::Urge, at("2025-03-03T12:20"));
    let reported = run(&urged, report(), at("2025-03-03T12:30"));
    assert!(reported.pending_urge_report().is_some());
    let returned = run(&reported, good_return(), at("2025-03-03T14:35"));
    let again = run(
        &returned,
        dispatch(HandlingClass::EmergencyHelp),
        at("2025-03-03T15:00"),
    );
    assert!(again.pending_urge_report().is_none());
}
