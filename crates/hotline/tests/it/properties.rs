//! Property tests: no command sequence leaves the transition table, and extensions never
//! exceed the profile's bounds (HL-EXTEND).

use hotline::appeal::HandlingClass;
use hotline::evaluation::Rating;
use hotline::order::{
    Approval, Command, ContactOutcome, Decision, FormFinding, ReviewFinding, Status, TRANSITIONS,
    apply,
};
use platform::profile::TimeLimit;
use proptest::prelude::*;

use crate::*;

fn command(choice: u8, amount: u32) -> Command {
    match choice % 16 {
        0 => dispatch(if amount.is_multiple_of(2) {
            HandlingClass::ComplaintReport
        } else {
            HandlingClass::Suggestion
        }),
        1 => sign(LEAD),
        2 => sign(ASSIST),
        3 => good_return(),
        4 => Command::ApplyExtension {
            unit: LEAD,
            amount: limit(&format!("{}wd", amount % 8)),
            reason: "复杂".into(),
            explanation: "请谅解".into(),
        },
        5 => {
            if amount.is_multiple_of(2) {
                hang_command(at("2026-01-05T09:00"))
            } else {
                decide_extension(Decision::Approve)
            }
        }
        6 => Command::Unhang {
            unit: LEAD,
            note: "已解决".into(),
        },
        7 => submit(),
        8 => {
            if amount.is_multiple_of(3) {
                Command::ApproveResult {
                    unit: LEAD,
                    decision: Approval::SendBack("补充".into()),
                }
            } else {
                approve()
            }
        }
        9 => reply(if amount.is_multiple_of(2) {
            ContactOutcome::Reached
        } else {
            ContactOutcome::Unreachable
        }),
        10 => callback(Rating::ALL[(amount % 5) as usize]),
        11 => review(if amount.is_multiple_of(2) {
            ReviewFinding::Inadequate
        } else {
            ReviewFinding::Adequate
        }),
        12 => review_form(),
        13 => conclude(if amount.is_multiple_of(2) {
            FormFinding::NotCompliant
        } else {
            FormFinding::Compliant
        }),
        14 => {
            if amount.is_multiple_of(5) {
                withdraw()
            } else {
                Command::Urge
            }
        }
        _ => archive(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// HL-DISPATCH … HL-ARCHIVE: every accepted step is a row of the table, a refused one
    /// changes nothing, and extensions stay within `max_extensions` × `extension_max`
    /// (HL-EXTEND) for any profile bounds.
    #[test]
    fn hl_extend_and_every_sequence_stays_inside_the_table(
        steps in proptest::collection::vec((any::<u8>(), 0u32..10, 0i64..4 * 3_600_000), 1..60),
        max_extensions in 0u32..4,
        extension_max in 1u32..7,
    ) {
        let mut profile = PROFILE.clone();
        profile.hotline.max_extensions = max_extensions;
        profile.hotline.extension_max = TimeLimit(limit(&format!("{extension_max}wd")));
        let mut order = registered();
        let mut now = t0();
        for (choice, amount, advance) in steps {
            now = calendar::Instant::from_millis(now.millis() + advance);
            let command = command(choice, amount);
            if let Ok((next, _)) = apply(&order, &command, now, &profile, &CAL) {
                let row = (order.status, command.kind(), next.status);
                prop_assert!(TRANSITIONS.contains(&row), "{row:?} not in the table");
                order = next;
            }
            prop_assert!(order.extensions.len() <= max_extensions as usize);
            prop_assert!(order.extensions.iter().all(|e| e.amount.amount <= extension_max));
            if order.status == Status::Archived || order.status == Status::Withdrawn {
                break;
            }
        }
    }
}
