//! Property tests: due times are monotonic in N, and pausing never shortens a deadline.

use calendar::{Clock, Instant, Limit, LimitUnit};
use proptest::prelude::*;

use crate::NATIONAL;

const FROM_2004: i64 = 1_072_886_400_000; // 2004-01-01T00:00:00+08:00
const TO_2027: i64 = 1_798_732_800_000; // 2027-01-01T00:00:00+08:00

fn unit() -> impl Strategy<Value = LimitUnit> {
    prop_oneof![
        Just(LimitUnit::WorkingDays),
        Just(LimitUnit::WorkingHours),
        Just(LimitUnit::Hours),
        Just(LimitUnit::Days),
    ]
}

proptest! {
    #[test]
    fn cal_due_is_monotonic_in_n_for_every_unit(
        start in FROM_2004..TO_2027,
        unit in unit(),
        n in 0u32..60,
    ) {
        // CAL-DUE
        let start = Instant::from_millis(start);
        let shorter = NATIONAL.due(start, Limit::new(n, unit)).at;
        let longer = NATIONAL.due(start, Limit::new(n + 1, unit)).at;
        prop_assert!(shorter <= longer);
        prop_assert!(start <= shorter);
        if n > 0 {
            prop_assert!(shorter < longer);
        }
    }

    #[test]
    fn cal_pause_pausing_and_resuming_never_shortens_a_deadline(
        start in FROM_2004..TO_2027,
        unit in unit(),
        n in 1u32..30,
        pause_after in 0i64..(20 * 86_400_000),
        pause_length in 0i64..(20 * 86_400_000),
    ) {
        // CAL-PAUSE
        let start = Instant::from_millis(start);
        let limit = Limit::new(n, unit);
        let before = NATIONAL.due(start, limit).at;
        let from = Instant::from_millis(start.millis() + pause_after);
        let until = Instant::from_millis(from.millis() + pause_length);
        let mut clock = Clock::new(start, limit);
        clock.pause(from, "征求第三方意见").unwrap();
        prop_assert_eq!(clock.due(&NATIONAL).at, before, "an open pause moves nothing yet");
        clock.resume(until).unwrap();
        let after = clock.due(&NATIONAL).at;
        prop_assert!(after >= before);
        if from <= before {
            // The due time moves by exactly the paused time, in the limit's kind of time.
            if unit.counts_working_time() {
                prop_assert_eq!(
                    NATIONAL.working_millis_between(before, after),
                    NATIONAL.working_millis_between(from, until)
                );
            } else {
                prop_assert_eq!(after.millis() - before.millis(), pause_length);
            }
        } else {
            prop_assert_eq!(after, before);
        }
    }
}
