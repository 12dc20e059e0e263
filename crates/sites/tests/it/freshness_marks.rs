//! WEB-FRESH: a column's stored marks (its due update, the instant its light leaves green and a
//! special column's end of window) give the same freshness as the live computation, for every
//! column type, last update and instant — around each boundary to the millisecond — under the
//! ganzhou and fenggang presets and profiles whose windows count working time.

use calendar::{Limit, LimitUnit};
use platform::profile::TimeLimit;
use sites::column::{ColumnKind, freshness, freshness_at, marks};

use crate::*;

/// The default profile with every window in working time (a profile may say so) and another
/// yellow rule: exercises the bisection of the working-time windows.
fn working_time_profile(unit: LimitUnit, percent: u32, days: u32) -> RuleProfile {
    let mut profile = RuleProfile::default();
    let w = &mut profile.website;
    w.fresh_news = TimeLimit(Limit::new(5, unit));
    w.fresh_notices = TimeLimit(Limit::new(20, unit));
    w.fresh_personnel = TimeLimit(Limit::new(1, unit));
    w.fresh_special_columns = TimeLimit(Limit::new(12, unit));
    profile.calendar.yellow_percent = percent;
    profile.calendar.yellow_working_days = days;
    profile
}

fn profiles() -> Vec<(&'static str, RuleProfile)> {
    let mut no_yellow = RuleProfile::default();
    no_yellow.calendar.yellow_percent = 0;
    let mut all_yellow = RuleProfile::default();
    all_yellow.calendar.yellow_percent = 100;
    vec![
        ("ganzhou", PROFILE.clone()),
        ("fenggang", FENGGANG.clone()),
        ("never yellow", no_yellow),
        ("yellow at once", all_yellow),
        (
            "wd 20%/1",
            working_time_profile(LimitUnit::WorkingDays, 20, 1),
        ),
        (
            "wd 0%/3",
            working_time_profile(LimitUnit::WorkingDays, 0, 3),
        ),
        (
            "wh 35%",
            working_time_profile(LimitUnit::WorkingHours, 35, 1),
        ),
        ("h 20%", working_time_profile(LimitUnit::Hours, 20, 1)),
    ]
}

/// WEB-FRESH: for every profile, column type (opened before or on 3 March), last update (none,
/// on a working morning, a Friday evening, a holiday) and instant — a sweep of the year and
/// each mark ±1 ms — `freshness_at(marks)` equals `freshness`, and the marks are monotone: the
/// light never goes back to green.
#[test]
fn web_fresh_stored_marks_give_the_live_freshness_at_every_instant() {
    let lasts = [
        None,
        Some("2025-03-03T09:00"),
        Some("2025-03-07T18:30"),
        Some("2025-01-28T10:00"),
        Some("2025-09-30T23:59"),
        Some("2024-12-31T12:00"),
    ];
    let mut checked = 0;
    for (name, profile) in profiles() {
        for kind in ColumnKind::ALL {
            for opened in ["2024-06-01T09:00", "2025-03-03T09:00"] {
                for last in lasts {
                    let mut column = column(1, kind);
                    column.opened_at = at(opened);
                    let last = last.map(at);
                    let m = marks(&column, last, &profile, &CAL);
                    let since = last.unwrap_or(column.opened_at).millis();
                    let mut nows: Vec<i64> =
                        (-2..=60).map(|d| since + d * 7 * 86_400_000).collect();
                    for mark in [m.warn_at, m.due_at, m.special_due_at]
                        .into_iter()
                        .flatten()
                    {
                        nows.extend((-2..=2).map(|d| mark.millis() + d));
                    }
                    nows.sort_unstable();
                    let mut was_lit = false;
                    for now in nows {
                        let now = Instant::from_millis(now);
                        let live = freshness(&column, last, now, &profile, &CAL).unwrap();
                        let read = freshness_at(&m, now);
                        assert_eq!(
                            read, live,
                            "{name}: {kind:?} opened {opened}, last {last:?}, at {now}"
                        );
                        let lit = read.light != calendar::Light::Green;
                        assert!(lit || !was_lit, "{name}: {kind:?} back to green at {now}");
                        was_lit = lit;
                        if let Some(next) = m.next_after(now) {
                            assert!(next > now);
                        }
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 50_000, "{checked}");
}

/// WEB-FRESH: the marks of a news column updated on Monday 3 March under ganzhou: due at the
/// end of its 14 days, yellow from the last 20 % of them, the next change after each instant.
#[test]
fn web_fresh_a_news_column_is_yellow_for_the_last_fifth_of_its_window() {
    let column = column(1, ColumnKind::News);
    let m = marks(&column, Some(at("2025-03-03T09:00")), &PROFILE, &CAL);
    assert_eq!(m.due_at, Some(at("2025-03-18T00:00")));
    let allowed = at("2025-03-18T00:00").millis() - at("2025-03-03T09:00").millis();
    let warn = Instant::from_millis(at("2025-03-18T00:00").millis() - allowed / 5);
    assert_eq!(m.warn_at, Some(warn));
    assert_eq!(m.special_due_at, None);
    assert_eq!(m.next_after(at("2025-03-04T09:00")), Some(warn));
    assert_eq!(
        m.next_after(warn),
        Some(Instant::from_millis(at("2025-03-18T00:00").millis() + 1))
    );
    assert_eq!(m.next_after(at("2025-03-19T00:00")), None);
}
