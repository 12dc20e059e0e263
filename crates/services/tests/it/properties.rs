//! Property tests: random command sequences never leave the table, and pausing never
//! shortens the promised deadline (SVC-SPECIAL, CAL-PAUSE, SVC-PROMISE).

use proptest::prelude::*;
use services::case::{Command, Decision, MaterialDefect, TRANSITIONS, apply};
use services::item::DeliveryMethod;

use crate::*;

fn command(choice: u8) -> Command {
    match choice % 13 {
        0 => prereview(),
        1 => accept(DEPT),
        2 => Command::Reject {
            by: DEPT,
            reason: "不符".into(),
        },
        3 => Command::RequestSupplement {
            by: DEPT,
            defects: vec![MaterialDefect {
                material: "申请书".into(),
                problem: "缺页".into(),
            }],
        },
        4 => resubmit(),
        5 => complete(),
        6 => site_inspection(),
        7 => end_special(),
        8 => Command::JointOpinion {
            department: PARTNER,
            approve: true,
            opinion: "同意".into(),
        },
        9 => Command::Decide {
            by: DEPT,
            decision: Decision::Approve,
        },
        10 => deliver(DEPT, DeliveryMethod::Electronic),
        11 => Command::FlagOverdue,
        _ => withdraw(),
    }
}

proptest! {
    #[test]
    fn svc_special_random_sequences_stay_in_the_table_and_pauses_never_shorten_the_promise(
        steps in prop::collection::vec((any::<u8>(), 0i64..3 * 24 * 60), 1..40),
    ) {
        let item = parallel();
        let mut case = submitted(&item);
        let mut now = t0();
        let mut first_due = None;
        for (choice, minutes) in steps {
            now = Instant::from_millis(now.millis() + minutes * 60_000);
            let command = command(choice);
            if let Ok((next, _)) = apply(&case, &item, &command, now, &PROFILE, &CAL) {
                prop_assert!(TRANSITIONS.contains(&(case.status, command.kind(), next.status)));
                case = next;
            }
            if let Some(due) = case.promised_due(&CAL) {
                let first = *first_due.get_or_insert(due);
                prop_assert!(due >= first, "promised due moved earlier");
            }
        }
    }
}
