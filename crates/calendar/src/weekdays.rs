//! Weekday arithmetic on day numbers (days since 1970-01-01), in O(1): used beyond the years
//! the calendar has data for, where only weekends are non-working.

/// Day number of Monday 1970-01-05, the anchor of the weekday count.
const ANCHOR_MONDAY: i64 = 4;

/// 0 = Monday … 6 = Sunday.
pub(crate) fn weekday_index(day: i64) -> i64 {
    (day - ANCHOR_MONDAY).rem_euclid(7)
}

pub(crate) fn is_weekend(day: i64) -> bool {
    weekday_index(day) >= 5
}

/// Number of Monday–Friday days in `[ANCHOR_MONDAY, day)`; negative before the anchor.
/// `weekdays_before(b) - weekdays_before(a)` counts the weekdays in `[a, b)`.
pub(crate) fn weekdays_before(day: i64) -> i64 {
    let offset = day - ANCHOR_MONDAY;
    offset.div_euclid(7) * 5 + offset.rem_euclid(7).min(5)
}

/// The weekday whose `weekdays_before` is `rank` (the inverse of [`weekdays_before`]).
pub(crate) fn weekday_of_rank(rank: i64) -> i64 {
    ANCHOR_MONDAY + rank.div_euclid(5) * 7 + rank.rem_euclid(5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rank_and_weekday_invert_each_other() {
        for day in -30..3000 {
            let rank = weekdays_before(day);
            assert_eq!(weekdays_before(day + 1) - rank, i64::from(!is_weekend(day)));
            if !is_weekend(day) {
                assert_eq!(weekday_of_rank(rank), day);
            }
        }
        // 1970-01-01 was a Thursday.
        assert_eq!(weekday_index(0), 3);
    }
}
