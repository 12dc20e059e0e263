//! SVC-WINDOW 限时签收 (000 中心 §7(三)): a case the comprehensive window accepted for a
//! department that is not present (事进人不进) is signed for by the department within the
//! profile's `services.window_sign`; the signing clock, who may sign, signing by acting, a
//! late signature, and the 签收 button only for the department while the clock runs.

use platform::profile::{RuleProfile, TimeLimit};
use services::case::{
    Acting, Case, ClockKind, Command, CommandKind, Event, Recipient, apply, available,
};
use services::item::Item;
use services::{ServiceError, UnitId};

use crate::{
    CAL, DEPT, PROFILE, STRANGER, WINDOW, accept, at, complete, limit, plain, run, submitted, t0,
};

fn sign(by: UnitId) -> Command {
    Command::Sign { by }
}

fn by_window(item: &Item) -> Case {
    run(&submitted(item), item, accept(WINDOW), t0())
}

fn sign_clock(case: &Case) -> Option<&services::case::CaseClock> {
    case.clocks
        .iter()
        .find(|entry| entry.kind == ClockKind::Sign)
}

fn department_notices(events: &[Event]) -> Vec<(&'static str, String)> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Notify {
                to: Recipient::Department(unit),
                rule,
                text,
            } if *unit == DEPT => Some((*rule, text.clone())),
            _ => None,
        })
        .collect()
}

/// SVC-WINDOW: the window's acceptance starts the department's signing clock with the
/// profile's limit and tells the department the limit; the department's own acceptance
/// needs no signature.
#[test]
fn svc_window_acceptance_by_the_window_starts_the_profiles_signing_clock() {
    let item = plain();
    let (case, events) = apply(
        &submitted(&item),
        &item,
        &accept(WINDOW),
        t0(),
        &PROFILE,
        &CAL,
    )
    .unwrap();
    let clock = sign_clock(&case).expect("a signing clock");
    assert_eq!(clock.unit, Some(DEPT));
    assert_eq!(clock.kind.rule(), "SVC-WINDOW");
    assert_eq!(clock.clock.limit(), PROFILE.services.window_sign.limit());
    // One working day: the close of the next working day.
    assert_eq!(clock.due(&CAL), at("2025-03-04T18:00"));
    let told = department_notices(&events);
    assert!(
        told.iter()
            .any(|(rule, text)| *rule == "SVC-WINDOW" && text.contains("请在1个工作日内签收")),
        "{told:?}"
    );
    // Another jurisdiction's value: the clock follows the profile, not a constant.
    let mut profile = RuleProfile::default();
    profile.services.window_sign = TimeLimit(limit("2wh"));
    let (case, events) = apply(
        &submitted(&item),
        &item,
        &accept(WINDOW),
        t0(),
        &profile,
        &CAL,
    )
    .unwrap();
    assert_eq!(sign_clock(&case).unwrap().due(&CAL), at("2025-03-03T11:10"));
    assert!(
        department_notices(&events)
            .iter()
            .any(|(_, text)| text.contains("请在2个工作小时内签收"))
    );
    // The department accepted itself: nothing to sign.
    let own = run(&submitted(&item), &item, accept(DEPT), t0());
    assert!(sign_clock(&own).is_none());
    let refused = apply(&own, &item, &sign(DEPT), t0(), &PROFILE, &CAL).unwrap_err();
    assert!(refused.to_string().contains("无需签收"), "{refused}");
}

/// SVC-WINDOW: only the department signs, once; the clock stops and the window is told.
#[test]
fn svc_window_only_the_department_signs_once() {
    let item = plain();
    let case = by_window(&item);
    for outsider in [WINDOW, STRANGER] {
        let refused = apply(&case, &item, &sign(outsider), t0(), &PROFILE, &CAL).unwrap_err();
        assert!(
            matches!(refused, ServiceError::NotAssigned { .. }),
            "{refused:?}"
        );
    }
    let (signed, events) = apply(
        &case,
        &item,
        &sign(DEPT),
        at("2025-03-03T10:00"),
        &PROFILE,
        &CAL,
    )
    .unwrap();
    assert!(!sign_clock(&signed).unwrap().is_running());
    assert_eq!(signed.status, case.status);
    assert!(events.iter().any(|event| matches!(
        event,
        Event::Notify { to: Recipient::Window(unit), rule: "SVC-WINDOW", text }
            if *unit == WINDOW && text.ends_with("部门已签收")
    )));
    let again = apply(&signed, &item, &sign(DEPT), t0(), &PROFILE, &CAL).unwrap_err();
    assert!(again.to_string().contains("已签收"), "{again}");
}

/// SVC-WINDOW: a signature after the limit is taken and recorded late; the department's
/// first act on the case (completing its stage) signs for it.
#[test]
fn svc_window_late_signature_is_recorded_and_acting_signs() {
    let item = plain();
    let case = by_window(&item);
    let (_, events) = apply(
        &case,
        &item,
        &sign(DEPT),
        at("2025-03-05T09:00"),
        &PROFILE,
        &CAL,
    )
    .unwrap();
    assert!(events.iter().any(|event| matches!(
        event,
        Event::Notify { rule: "SVC-WINDOW", text, .. } if text.contains("超过签收时限")
    )));
    let acted = run(&case, &item, complete(), at("2025-03-03T10:00"));
    assert!(!sign_clock(&acted).unwrap().is_running());
}

/// SVC-WINDOW: the 签收 button is the department's while its clock runs, nobody else's.
#[test]
fn svc_window_sign_is_offered_to_the_department_only_while_waiting() {
    let item = plain();
    let case = by_window(&item);
    let acting = |unit| Acting {
        unit,
        handle: true,
        decide: false,
    };
    assert!(available(&case, &item, acting(DEPT)).contains(&CommandKind::Sign));
    assert!(!available(&case, &item, acting(WINDOW)).contains(&CommandKind::Sign));
    let signed = run(&case, &item, sign(DEPT), t0());
    assert!(!available(&signed, &item, acting(DEPT)).contains(&CommandKind::Sign));
}

/// SVC-WINDOW: the table's rows of 签收 with an allowed case each, and the refusals.
pub fn cases() -> Vec<crate::case_table::Case_> {
    use crate::transitions::Fixture as F;
    use services::ErrorKind as E;
    use services::case::Status as S;
    let case = |name: &'static str,
                item: fn() -> Item,
                from: F,
                by: UnitId,
                expect: crate::case_table::Expect| crate::case_table::Case_ {
        name,
        item,
        from,
        command: sign(by),
        now: "2025-03-03T10:00",
        lenient: false,
        expect,
    };
    vec![
        case(
            "SVC-WINDOW the department signs for what the window accepted",
            plain,
            F::WindowAccepted,
            DEPT,
            Ok(S::InReview),
        ),
        case(
            "SVC-WINDOW the department signs during a special procedure",
            plain,
            F::WindowSpecial,
            DEPT,
            Ok(S::Special),
        ),
        case(
            "SVC-WINDOW the department signs an item without stages awaiting its decision",
            crate::instant,
            F::WindowAccepted,
            DEPT,
            Ok(S::AwaitingDecision),
        ),
        case(
            "SVC-WINDOW the window does not sign for the department",
            plain,
            F::WindowAccepted,
            WINDOW,
            Err(E::NotAssigned),
        ),
        case(
            "SVC-WINDOW nothing to sign when the department accepted itself",
            plain,
            F::InReview,
            DEPT,
            Err(E::Invalid),
        ),
    ]
}
