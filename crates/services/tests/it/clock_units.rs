//! Issue 14 item 10, last sentence (SVC-ACCEPT, SVC-PREREVIEW, SVC-WINDOW): a case's
//! acceptance clock is credited to the unit that accepts — the item's comprehensive window
//! (事进人不进), else the department; the window that registered a walk-in when it may accept —
//! and restarts there after a resubmission; and no clock line reads twice: each clock is
//! named by what it measures (a stage and the promised limit, both SVC-PROMISE, or the
//! acceptance clocks of two submissions). The pure core, then the clock table on both
//! backends.

use calendar::Instant;
use services::case::{
    Channel, ClockKind, ClockRowKey, Event, accepting_unit, clock_labels, match_rows, submit,
};
use services::item::{Item, Stage, WindowMode};

use crate::store::{market_item, publish, seeded, submit as submit_stored, unit};
use crate::{
    CAL, DEPT, PROFILE, STRANGER, WINDOW, accept, application, at, item, limit, notice, plain,
    resubmit, run, t_submit, t0,
};

fn started_units(events: &[Event]) -> Vec<(ClockKind, Option<services::UnitId>)> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Clock(clock) => Some((clock.kind, clock.unit)),
            _ => None,
        })
        .collect()
}

#[test]
fn svc_accept_the_acceptance_clock_is_the_accepting_units() {
    // Online, comprehensive window, pre-review offered: both clocks are the window's.
    let (case, events) = submit(
        application(Channel::Online),
        &item(),
        t_submit(),
        &PROFILE,
        &CAL,
    )
    .unwrap();
    assert_eq!(
        started_units(&events),
        [
            (ClockKind::PreReview, Some(WINDOW)),
            (ClockKind::Acceptance, Some(WINDOW))
        ]
    );
    assert_eq!(case.steps[0].unit, Some(WINDOW), "网上预审 at the window");
    // A professional window: the department accepts.
    let mut own = plain();
    own.basic.window = WindowMode::Professional;
    let (case, _) = submit(
        application(Channel::Online),
        &own,
        t_submit(),
        &PROFILE,
        &CAL,
    )
    .unwrap();
    let clock = case.clock(ClockKind::Acceptance, None).unwrap();
    assert_eq!(clock.unit, Some(DEPT));
    // A walk-in: the registering window when it may accept, else the item's window.
    for (registered_at, credited) in [(WINDOW, WINDOW), (DEPT, DEPT), (STRANGER, WINDOW)] {
        let channel = Channel::Window {
            window: registered_at,
        };
        assert_eq!(accepting_unit(&plain(), channel), credited);
        let (case, _) = submit(application(channel), &plain(), t_submit(), &PROFILE, &CAL).unwrap();
        let clock = case.clock(ClockKind::Acceptance, None).unwrap();
        assert_eq!(
            clock.unit,
            Some(credited),
            "registered at {registered_at:?}"
        );
    }
    // SVC-ACCEPT: a resubmission restarts the acceptance clock, at the window again.
    let case = submit(
        application(Channel::Online),
        &plain(),
        t_submit(),
        &PROFILE,
        &CAL,
    )
    .unwrap()
    .0;
    let case = run(&case, &plain(), notice("法定代表人身份证"), t0());
    let case = run(&case, &plain(), resubmit(), at("2025-03-04T09:00"));
    let units: Vec<_> = case
        .clocks
        .iter()
        .filter(|clock| clock.kind == ClockKind::Acceptance)
        .map(|clock| clock.unit)
        .collect();
    assert_eq!(units, [Some(WINDOW), Some(WINDOW)]);
}

/// One stage whose limit is the promised limit: the promise and the stage start together
/// with the same rule, unit, start and limit.
fn one_stage() -> Item {
    let mut item = plain();
    item.process.stages = vec![Stage {
        name: "审查决定".into(),
        department: DEPT,
        handler_role: "审批人".into(),
        limit: limit("10wd"),
        window: String::new(),
    }];
    item
}

#[test]
fn svc_accept_each_clock_of_a_case_is_named_once() {
    let item = one_stage();
    let case = submit(
        application(Channel::Online),
        &item,
        t_submit(),
        &PROFILE,
        &CAL,
    )
    .unwrap()
    .0;
    let case = run(&case, &item, notice("法定代表人身份证"), t0());
    let case = run(&case, &item, resubmit(), at("2025-03-04T09:00"));
    let case = run(&case, &item, accept(WINDOW), at("2025-03-04T10:00"));
    let labels = clock_labels(&case, Some(&item));
    assert_eq!(
        labels,
        [
            "受理时限（第 1 次提交）",
            "受理时限（第 2 次提交）",
            "承诺办结时限",
            // SVC-WINDOW: the comprehensive window accepted, the department signs.
            "部门签收时限",
            "环节时限：审查决定"
        ]
    );
    let mut unique = labels.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        labels.len(),
        "no line reads twice: {labels:?}"
    );
    // Without the item the stage is numbered.
    assert_eq!(clock_labels(&case, None)[4], "环节时限：第 1 环节");
    // The stored rows pair with the clocks in order, the identical promise and stage too.
    let keys: Vec<ClockRowKey<'_>> = case
        .clocks
        .iter()
        .map(|entry| ClockRowKey {
            rule_id: entry.kind.rule(),
            unit_id: entry.unit.unwrap_or(DEPT).0,
            start: entry.clock.start(),
            limit: entry.clock.limit(),
        })
        .collect();
    assert_eq!(keys[2].rule_id, keys[4].rule_id, "both SVC-PROMISE");
    assert_eq!(keys[2].start, keys[4].start);
    assert_eq!(keys[3].rule_id, "SVC-WINDOW");
    assert_eq!(
        match_rows(&case, DEPT, &keys),
        [Some(0), Some(1), Some(2), Some(3), Some(4)]
    );
    let stranger = ClockRowKey {
        rule_id: "SVC-SPECIAL",
        unit_id: DEPT.0,
        start: Instant::from_millis(0),
        limit: limit("5wd"),
    };
    assert_eq!(match_rows(&case, DEPT, &[stranger]), [None]);
}

/// The clock table on both backends: the online application's acceptance and pre-review
/// rows are filed under the comprehensive window (gz-service), not the market regulator.
#[tokio::test]
async fn svc_window_the_acceptance_clock_row_is_the_windows_on_both_backends() {
    for p in seeded().await {
        let backend = p.db.backend.name();
        let mut food = market_item(&p).await;
        food.basic.offers_prereview = true;
        publish(&p, "SP-FOOD-001", food).await;
        let case = submit_stored(&p, "SP-FOOD-001", &["id_card", "form"], t_submit()).await;
        let window = unit(&p, "gz-service").await;
        let rows = platform::clocks::by_subject(&p.db, "case", &case.case_id.to_string())
            .await
            .unwrap();
        let filed: Vec<(String, i64)> = rows
            .iter()
            .map(|row| (row.rule_id.clone(), row.unit_id))
            .collect();
        assert_eq!(
            filed,
            [
                ("SVC-PREREVIEW".to_owned(), window.0),
                ("SVC-ACCEPT".to_owned(), window.0)
            ],
            "{backend}"
        );
        // The desk names each open clock once.
        let desk = services::backoffice::desk_of_unit(&p.db, window, None, t0(), 10)
            .await
            .unwrap();
        let labels: Vec<&str> = desk[0]
            .case
            .clocks
            .iter()
            .map(|clock| clock.label.as_str())
            .collect();
        assert_eq!(labels, ["网上预审时限", "受理时限"], "{backend}");
    }
}
