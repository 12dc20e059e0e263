//! CAL-DUE: due instants for every unit, as a table of the cases that go wrong elsewhere.

use calendar::Limit;

use crate::{NATIONAL, at};

/// (start, limit, expected due), all Asia/Shanghai. 2025: Sunday 28 September and Saturday
/// 11 October are make-up working days, 1–8 October are off (国办发明电〔2024〕12号).
/// 2026: 1–3 January off, Sunday 4 January worked; 15–23 February off, Saturday 14 and
/// 28 February worked (国办发明电〔2025〕7号).
const CASES: &[(&str, &str, &str)] = &[
    // CAL-DUE wd: the start day does not count; due at close of business of the N-th working day.
    ("2025-09-30T17:59", "1wd", "2025-10-09T18:00:00+08:00"), // 17:59 on the last day before 国庆
    ("2025-09-30T17:59", "3wd", "2025-10-11T18:00:00+08:00"), // third is the make-up Saturday
    ("2025-09-30T17:59", "4wd", "2025-10-13T18:00:00+08:00"),
    ("2025-09-30T23:30", "1wd", "2025-10-09T18:00:00+08:00"), // 23:30
    ("2025-10-10T23:30", "1wd", "2025-10-11T18:00:00+08:00"), // Friday 23:30, next is make-up Saturday
    ("2025-09-28T10:00", "1wd", "2025-09-29T18:00:00+08:00"), // start inside a make-up Sunday
    ("2025-09-28T10:00", "3wd", "2025-10-09T18:00:00+08:00"),
    ("2025-10-11T09:00", "1wd", "2025-10-13T18:00:00+08:00"), // start inside a make-up Saturday
    ("2025-10-03T10:00", "1wd", "2025-10-09T18:00:00+08:00"), // start on a holiday
    ("2025-09-29T12:30", "1wd", "2025-09-30T18:00:00+08:00"), // start during lunch
    ("2025-12-31T10:00", "1wd", "2026-01-04T18:00:00+08:00"), // across New Year to a make-up Sunday
    ("2025-12-31T10:00", "2wd", "2026-01-05T18:00:00+08:00"),
    ("2026-02-13T17:59", "1wd", "2026-02-14T18:00:00+08:00"), // Friday before 春节, make-up Saturday
    ("2026-02-13T17:59", "2wd", "2026-02-24T18:00:00+08:00"), // across 春节
    ("2025-01-27T10:00", "1wd", "2025-02-05T18:00:00+08:00"), // 春节 2025
    // CAL-DUE 0 wd (SVC-PROMISE, 即办件): close of the working day under way, not the start.
    ("2025-09-30T17:59", "0wd", "2025-09-30T18:00:00+08:00"), // before close: the same day
    ("2025-09-29T12:30", "0wd", "2025-09-29T18:00:00+08:00"), // during lunch: the same day
    ("2025-09-29T07:00", "0wd", "2025-09-29T18:00:00+08:00"), // before opening: the same day
    ("2025-09-30T18:00", "0wd", "2025-10-09T18:00:00+08:00"), // at close: next working day
    ("2025-09-30T23:30", "0wd", "2025-10-09T18:00:00+08:00"), // evening before 国庆
    ("2025-10-03T10:00", "0wd", "2025-10-09T18:00:00+08:00"), // on a holiday
    ("2025-10-11T09:00", "0wd", "2025-10-11T18:00:00+08:00"), // inside a make-up Saturday
    // 0 of the other units: at once.
    ("2025-09-30T17:59", "0wh", "2025-09-30T17:59:00+08:00"),
    ("2025-09-30T17:59", "0h", "2025-09-30T17:59:00+08:00"),
    // CAL-WH: only working periods of working days count.
    ("2025-09-30T17:59", "1wh", "2025-10-09T09:29:00+08:00"), // 1 min before 国庆, 59 after
    ("2025-09-29T12:30", "1wh", "2025-09-29T15:30:00+08:00"), // start during lunch
    ("2025-09-29T11:00", "2wh", "2025-09-29T15:30:00+08:00"), // across lunch
    ("2025-09-29T11:00", "1wh", "2025-09-29T12:00:00+08:00"), // ends exactly at a period's end
    ("2025-09-29T23:30", "1wh", "2025-09-30T09:30:00+08:00"), // 23:30
    ("2025-10-05T10:00", "1wh", "2025-10-09T09:30:00+08:00"), // start on a holiday
    ("2025-09-28T08:30", "7wh", "2025-09-28T18:00:00+08:00"), // a whole make-up Sunday
    ("2025-10-11T17:30", "1wh", "2025-10-13T09:00:00+08:00"), // make-up Saturday into Monday
    ("2025-12-31T08:30", "40wh", "2026-01-08T16:00:00+08:00"), // across New Year
    ("2026-02-13T17:00", "8wh", "2026-02-14T18:00:00+08:00"), // 1 h Friday + 7 h make-up Saturday
    ("2026-02-13T17:00", "9wh", "2026-02-24T09:30:00+08:00"), // … then across 春节
    // CAL-DUE h: natural hours.
    ("2025-09-30T17:59", "12h", "2025-10-01T05:59:00+08:00"),
    ("2025-09-30T23:30", "3h", "2025-10-01T02:30:00+08:00"),
    // CAL-DUE d: the start day does not count; due at 24:00 of the N-th day.
    ("2025-09-30T17:59", "1d", "2025-10-02T00:00:00+08:00"),
    ("2025-12-31T23:30", "30d", "2026-01-31T00:00:00+08:00"),
];

#[test]
fn cal_due_table_of_starts_and_limits() {
    let mut failures = Vec::new();
    for (start, limit, expected) in CASES {
        let limit: Limit = limit.parse().unwrap();
        let due = NATIONAL.due(at(start), limit);
        if due.at.to_rfc3339() != *expected {
            failures.push(format!(
                "{start} + {limit}: got {}, expected {expected}",
                due.at
            ));
        }
        assert!(
            !due.provisional,
            "{start} + {limit} is inside the known years"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn cal_due_beyond_the_last_known_year_counts_weekends_only_and_is_provisional() {
    // CAL-DUE: 2027 has no schedule in the shipped data.
    let due = NATIONAL.due(at("2026-12-31T10:00"), "1wd".parse().unwrap());
    assert_eq!(due.at.to_rfc3339(), "2027-01-01T18:00:00+08:00");
    assert!(due.provisional);
    let due = NATIONAL.due(at("2040-06-01T10:00"), "1wd".parse().unwrap()); // Friday
    assert_eq!(due.at.to_rfc3339(), "2040-06-04T18:00:00+08:00");
    assert!(due.provisional);
    let due = NATIONAL.due(at("2040-06-01T17:00"), "2wh".parse().unwrap());
    assert_eq!(due.at.to_rfc3339(), "2040-06-04T09:30:00+08:00");
    assert!(due.provisional);
    let inside = NATIONAL.due(at("2026-12-30T10:00"), "1wd".parse().unwrap());
    assert!(!inside.provisional);
}

#[test]
fn cal_due_before_the_first_known_year_counts_weekends_only() {
    // CAL-DUE: 2003-12-31 is a Wednesday; 2004-01-01 is 元旦.
    let due = NATIONAL.due(at("2003-12-30T10:00"), "2wd".parse().unwrap());
    assert_eq!(due.at.to_rfc3339(), "2004-01-02T18:00:00+08:00");
    assert!(due.provisional);
}
