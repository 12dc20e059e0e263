//! Tests that prove the case rules, each naming its rule ID (SVC-PREREVIEW … EVAL-ALL).

use platform::workflow::{ClockChange, ClockEvent};
use services::bundle::{Bundle, BundleApplication, is_concluded, split};
use services::case::{Channel, ClockKind, Command, Event, Recipient, Status};
use services::item::DeliveryMethod;
use services::reuse::{LicenceHeld, MaterialOnFile, plan};
use services::{AttachmentId, CaseId, ItemId};

use crate::*;

fn due_of(events: &[Event], wanted: ClockKind) -> Instant {
    events
        .iter()
        .find_map(|event| match event {
            Event::Clock(ClockEvent {
                kind,
                change: ClockChange::Started { due },
                ..
            }) if *kind == wanted => Some(*due),
            _ => None,
        })
        .unwrap()
}

#[test]
fn svc_prereview_opinion_is_due_two_working_days_after_submission() {
    let (_, events) = submit(
        application(Channel::Online),
        &item(),
        t_submit(),
        &PROFILE,
        &CAL,
    )
    .unwrap();
    assert_eq!(
        due_of(&events, ClockKind::PreReview),
        at("2025-03-05T18:00")
    );
}

/// SVC-PREREVIEW (003 §18): pre-review is for online applications; a walk-in registration of
/// an item that offers it starts no pre-review clock and goes straight to acceptance review.
#[test]
fn svc_prereview_walk_in_registration_starts_no_prereview_clock() {
    let walk_in = application(Channel::Window { window: WINDOW });
    let (case, events) = submit(walk_in, &item(), t_submit(), &PROFILE, &CAL).unwrap();
    assert!(!events.iter().any(|e| matches!(
        e,
        Event::Clock(ClockEvent {
            kind: ClockKind::PreReview,
            change: ClockChange::Started { .. },
            ..
        })
    )));
    assert!(case.clock(ClockKind::PreReview, None).is_none());
    assert!(case.clock(ClockKind::Acceptance, None).is_some());
    assert_eq!(case.steps[0].name, "受理审查");
    let online = submitted(&item());
    assert!(online.clock(ClockKind::PreReview, None).is_some());
    assert_eq!(online.steps[0].name, "网上预审");
}

#[test]
fn svc_accept_resubmission_restarts_the_acceptance_clock() {
    let item = plain();
    let waiting = run(&submitted(&item), &item, notice("申请书"), t0());
    let (_, events) = run_events(&waiting, &item, resubmit(), at("2025-03-10T09:00"));
    assert_eq!(
        due_of(&events, ClockKind::Acceptance),
        at("2025-03-12T18:00")
    );
}

#[test]
fn svc_accept_a_submission_missing_a_required_material_is_refused() {
    let mut application = application(Channel::Online);
    application.materials.pop();
    let error = submit(application, &item(), t_submit(), &PROFILE, &CAL).unwrap_err();
    assert!(error.to_string().contains("食品经营许可申请书"));
}

#[test]
fn svc_promise_clock_runs_from_acceptance_and_an_overdue_case_is_reported() {
    let item = plain();
    let case = accepted(&item);
    assert_eq!(case.promised_due(&CAL), Some(at("2025-03-17T18:00")));
    assert!(!case.is_overdue(&CAL, at("2025-03-17T18:00")));
    let (case, events) = run_events(&case, &item, Command::FlagOverdue, at("2025-03-18T09:00"));
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Overdue {
            rule: "SVC-PROMISE",
            ..
        }
    )));
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Notify {
            to: Recipient::Supervision,
            ..
        }
    )));
    assert!(case.overdue_flagged.is_some());
}

/// SVC-PROMISE (003 §19; 000 §中心-6(三)): an instant item (即办件, promised 0 WD) is due at
/// the close of the working day of its acceptance — the next working day's close when accepted
/// outside working hours — not at the instant of acceptance.
#[test]
fn svc_promise_instant_case_is_due_at_close_of_acceptance_day() {
    let item = instant();
    // Accepted Monday 2025-03-03 09:10: due 18:00 the same day.
    let case = accepted(&item);
    assert_eq!(case.promised_due(&CAL), Some(at("2025-03-03T18:00")));
    let (decided, events) = run_events(&case, &item, approve(), at("2025-03-03T17:30"));
    assert!(!decided.is_overdue(&CAL, at("2025-03-04T09:00")));
    assert!(decided.overdue_flagged.is_none());
    assert!(!events.iter().any(|e| matches!(e, Event::Overdue { .. })));
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Clock(ClockEvent {
            kind: ClockKind::Promise,
            change: ClockChange::Stopped { met: true, .. },
            ..
        })
    )));
    // e-supervision cannot flag it during the day …
    let refused = apply(
        &case,
        &item,
        &Command::FlagOverdue,
        at("2025-03-03T17:59"),
        &PROFILE,
        &CAL,
    );
    assert!(refused.is_err(), "not overdue before close of business");
    // … and a decision after close is overdue.
    let (late, events) = run_events(&case, &item, approve(), at("2025-03-03T18:30"));
    assert!(late.overdue_flagged.is_some());
    assert!(events.iter().any(|e| matches!(e, Event::Overdue { .. })));
    // Accepted outside working hours: the next working day's close.
    let (evening, events) = run_events(
        &submitted(&item),
        &item,
        accept(DEPT),
        at("2025-03-03T19:00"),
    );
    assert_eq!(evening.promised_due(&CAL), Some(at("2025-03-04T18:00")));
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Notify { to: Recipient::Applicant, text, .. } if text.contains("2025年3月4日下班前（18:00）")
    )));
    let saturday = run(
        &submitted(&item),
        &item,
        accept(DEPT),
        at("2025-03-08T10:00"),
    );
    assert_eq!(saturday.promised_due(&CAL), Some(at("2025-03-10T18:00")));
    assert!(!saturday.is_overdue(&CAL, at("2025-03-10T17:00")));
}

#[test]
fn svc_special_pause_moves_the_promised_due_by_the_paused_working_time() {
    let item = plain();
    let case = accepted(&item);
    let (paused, events) = run_events(&case, &item, site_inspection(), at("2025-03-04T09:00"));
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Notify {
            to: Recipient::Applicant,
            rule: "SVC-SPECIAL",
            ..
        }
    )));
    let resumed = run(&paused, &item, end_special(), at("2025-03-06T09:00"));
    assert_eq!(resumed.promised_due(&CAL), Some(at("2025-03-19T18:00")));
}

/// SVC-SPECIAL, CAL-PAUSE (001 §11 补齐补正…写明详细原因并通知申请人): after acceptance the
/// department asks for a material; the promised clock pauses with that reason, the applicant is
/// told exactly what and why, 补齐补正 runs under the profile's limit, and the applicant's upload
/// ends it and resumes the clock, moved by exactly the paused working time.
#[test]
fn svc_special_supplement_after_acceptance_pauses_the_promise_until_the_upload() {
    let item = plain();
    let case = accepted(&item);
    let (waiting, events) = run_events(&case, &item, notice("申请书"), at("2025-03-04T09:00"));
    assert_eq!(waiting.status, Status::Special);
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Clock(ClockEvent {
            kind: ClockKind::Promise,
            change: ClockChange::Paused { reason, cause: "SVC-PROMISE", .. },
            ..
        })
            if reason.contains("补齐补正") && reason.contains("申请书（未签字）")
    )));
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Clock(ClockEvent { kind: ClockKind::Special, limit, change: ClockChange::Started { .. }, .. })
            if *limit == PROFILE.services.supplement_after_acceptance.limit()
    )));
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Notify { to: Recipient::Applicant, rule: "SVC-SPECIAL", text }
            if text.contains("申请书（未签字）") && text.contains("10个工作日")
    )));
    let asked = waiting.requested_materials().unwrap();
    assert_eq!(
        (asked[0].material.as_str(), asked[0].problem.as_str()),
        ("申请书", "未签字")
    );
    let (resumed, events) = run_events(&waiting, &item, resubmit(), at("2025-03-06T09:00"));
    assert_eq!(resumed.status, Status::InReview);
    assert_eq!(resumed.promised_due(&CAL), Some(at("2025-03-19T18:00")));
    assert!(resumed.requested_materials().is_none());
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Notify {
            to: Recipient::Department(DEPT),
            rule: "SVC-SPECIAL",
            ..
        }
    )));
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Clock(ClockEvent {
            kind: ClockKind::Special,
            change: ClockChange::Stopped { met: true, .. },
            ..
        })
    )));
}

#[test]
fn svc_parallel_lead_accepts_copies_partners_and_replies_once() {
    let item = parallel();
    let mut case = submitted(&item);
    case = run(&case, &item, prereview(), t0());
    let (mut case, events) = run_events(&case, &item, accept(DEPT), t0());
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Notify {
            to: Recipient::Department(PARTNER),
            rule: "SVC-PARALLEL",
            ..
        }
    )));
    assert_eq!(due_of(&events, ClockKind::Parallel), at("2025-03-10T18:00"));
    case = run(&case, &item, complete(), t0());
    case = run(&case, &item, complete(), t0());
    let denial = Command::JointOpinion {
        department: PARTNER,
        approve: false,
        opinion: "选址不符".into(),
    };
    case = run(&case, &item, denial, t0());
    let refused = apply(&case, &item, &approve(), t0(), &PROFILE, &CAL).unwrap_err();
    assert!(refused.to_string().contains("不同意"));
    let deny = Command::Decide {
        by: DEPT,
        decision: Decision::Deny("联办部门不同意".into()),
    };
    let (_, events) = run_events(&case, &item, deny, t0());
    let replies = events
        .iter()
        .filter(|e| {
            matches!(
                e,
                Event::Notify {
                    to: Recipient::Applicant,
                    ..
                }
            )
        })
        .count();
    assert_eq!(replies, 1);
}

#[test]
fn svc_window_accepts_department_decides_window_delivers() {
    let item = plain();
    let (case, events) = run_events(&submitted(&item), &item, accept(WINDOW), t0());
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Notify {
            to: Recipient::Department(DEPT),
            rule: "SVC-WINDOW",
            ..
        }
    )));
    let case = run(
        &run(&case, &item, complete(), t0()),
        &item,
        complete(),
        t0(),
    );
    let (case, events) = run_events(&case, &item, approve(), t0());
    assert!(events.iter().any(|e| matches!(
        e,
        Event::Notify {
            to: Recipient::Window(WINDOW),
            ..
        }
    )));
    let case = run(&case, &item, deliver(WINDOW, DeliveryMethod::PickUp), t0());
    assert_eq!(case.status, Status::Concluded);
}

#[test]
fn svc_elicence_is_issued_to_the_holder_and_eval_all_invites_a_rating() {
    let item = plain();
    let case = run(
        &run(&accepted(&item), &item, complete(), t0()),
        &item,
        complete(),
        t0(),
    );
    let case = run(&case, &item, approve(), t0());
    let (_, events) = run_events(
        &case,
        &item,
        deliver(DEPT, DeliveryMethod::Electronic),
        t0(),
    );
    assert!(events.iter().any(|e| matches!(e, Event::LicenceIssued { holder, rule: "SVC-ELICENCE", .. } if *holder == APPLICANT)));
    assert!(events.iter().any(|e| matches!(
        e,
        Event::RatingInvited {
            rule: "EVAL-ALL",
            ..
        }
    )));
}

#[test]
fn svc_elicence_is_not_issued_for_a_denial() {
    let item = instant();
    let case = accepted(&item);
    let deny = Command::Decide {
        by: DEPT,
        decision: Decision::Deny("条件不符".into()),
    };
    let case = run(&case, &item, deny, t0());
    let (_, events) = run_events(&case, &item, deliver(DEPT, DeliveryMethod::Post), t0());
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::LicenceIssued { .. }))
    );
}

#[test]
fn svc_status_every_step_has_start_end_and_duration() {
    // SVC-STATUS
    let item = item();
    let case = accepted(&item);
    let progress = case.progress(&CAL, at("2025-03-04T09:00"));
    let names: Vec<&str> = progress.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["网上预审", "受理审查", "审查"]);
    assert_eq!(progress[0].duration_millis, 10 * 60 * 1000);
    assert!(progress[2].end.is_none() && progress[2].working_millis > 0);
}

#[test]
fn svc_no_resubmit_reuses_licences_and_files_and_asks_only_for_the_rest() {
    // SVC-NO-RESUBMIT
    let item = item();
    let on_file = [MaterialOnFile {
        code: "lease".into(),
        attachment: AttachmentId(7),
        valid_until: None,
    }];
    let licences = [LicenceHeld {
        licence_type: "居民身份证".into(),
        number: "L1".into(),
        valid_until: None,
    }];
    let plan = plan(item.materials.list(), &on_file, &licences, t0());
    assert_eq!(plan.ask, ["form"]);
    assert_eq!(plan.reuse.len(), 2);
}

#[test]
fn svc_bundle_one_set_of_materials_spawns_sub_cases_concluded_when_all_are() {
    // SVC-BUNDLE
    let bundle = Bundle::parse("开办餐饮店", vec![(ItemId(1), 1), (ItemId(2), 1)]).unwrap();
    let (first, second) = (item(), instant());
    let application = BundleApplication {
        applicant: APPLICANT,
        channel: Channel::Online,
        materials: vec![uploaded("id_card"), uploaded("form")],
    };
    let subs = split(
        &bundle,
        &[&first, &second],
        &[CaseId(1), CaseId(2)],
        &application,
    )
    .unwrap();
    assert_eq!(subs.len(), 2);
    assert!(!is_concluded(&[Status::Concluded, Status::InReview]));
    assert!(is_concluded(&[Status::Concluded, Status::Rejected]));
    assert!(Bundle::parse("单项", vec![(ItemId(1), 1)]).is_err());
}
