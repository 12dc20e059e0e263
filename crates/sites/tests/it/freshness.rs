//! WEB-FRESH: table-driven tests of column freshness with real dates — the next due update
//! from the profile's window of each column type, the light with the profile's yellow rule,
//! stale, blank and untouched special columns — and the national check's count.

use calendar::Light;
use sites::column::{ColumnKind, Freshness, FreshnessCount, freshness, home_page};

use crate::*;

struct Case {
    name: &'static str,
    kind: ColumnKind,
    fenggang: bool,
    last: Option<&'static str>,
    now: &'static str,
    due: Option<&'static str>,
    light: Light,
    stale: bool,
    blank: bool,
    special: bool,
}

const fn case(
    name: &'static str,
    kind: ColumnKind,
    last: Option<&'static str>,
    now: &'static str,
) -> Case {
    Case {
        name,
        kind,
        fenggang: false,
        last,
        now,
        due: None,
        light: Light::Green,
        stale: false,
        blank: false,
        special: false,
    }
}

impl Case {
    const fn due(mut self, due: &'static str) -> Case {
        self.due = Some(due);
        self
    }
    const fn light(mut self, light: Light) -> Case {
        self.light = light;
        self
    }
    const fn stale(mut self) -> Case {
        self.stale = true;
        self.light = Light::Red;
        self
    }
    const fn blank(mut self) -> Case {
        self.blank = true;
        self.light = Light::Red;
        self
    }
    const fn special(mut self) -> Case {
        self.special = true;
        self
    }
    const fn fenggang(mut self) -> Case {
        self.fenggang = true;
        self
    }
}

/// A column opened on Monday 2025-03-03 09:00 ([`t0`]) unless the case's last update is
/// earlier, in which case it was opened a year before.
fn cases() -> Vec<Case> {
    use ColumnKind as K;
    let news = Some("2025-03-03T10:00");
    vec![
        // ganzhou: news within 2 weeks — due at 24:00 of the 14th day after the update day;
        // yellow once at most 20 % of the 14 d 14 h remain (2025-03-15 02:00).
        case("news, fresh", K::News, news, "2025-03-10T09:00").due("2025-03-18T00:00"),
        case(
            "news, just before yellow",
            K::News,
            news,
            "2025-03-15T01:59",
        )
        .due("2025-03-18T00:00"),
        case("news, yellow", K::News, news, "2025-03-15T02:00")
            .due("2025-03-18T00:00")
            .light(Light::Yellow),
        case(
            "news, at the due instant",
            K::News,
            news,
            "2025-03-18T00:00",
        )
        .due("2025-03-18T00:00")
        .light(Light::Yellow),
        case("news, stale", K::News, news, "2025-03-18T00:01")
            .due("2025-03-18T00:00")
            .stale(),
        // fenggang (002 网站规范 §23(一)): news within 1 week.
        case(
            "fenggang news, stale after a week",
            K::News,
            news,
            "2025-03-11T00:01",
        )
        .due("2025-03-11T00:00")
        .fenggang()
        .stale(),
        // Notices and policy documents: 6 months (183 d), yellow from 2025-06-06 07:48.
        case(
            "notice, green",
            K::Notice,
            Some("2025-01-10T15:00"),
            "2025-06-06T07:47",
        )
        .due("2025-07-13T00:00"),
        case(
            "notice, yellow",
            K::Notice,
            Some("2025-01-10T15:00"),
            "2025-06-06T07:48",
        )
        .due("2025-07-13T00:00")
        .light(Light::Yellow),
        case(
            "policy, stale",
            K::Policy,
            Some("2025-01-10T15:00"),
            "2025-07-14T09:00",
        )
        .due("2025-07-13T00:00")
        .stale(),
        // A blank column: a single-veto item at once, red; due counted from its opening.
        case("policy, blank", K::Policy, None, "2025-03-04T09:00")
            .due("2025-09-03T00:00")
            .blank(),
        // Personnel and plans 6 months, work plans and the overview yearly (2024 is a leap year).
        case(
            "personnel, fresh",
            K::Personnel,
            Some("2025-01-10T15:00"),
            "2025-03-04T09:00",
        )
        .due("2025-07-13T00:00"),
        case(
            "work plans, stale after a year",
            K::WorkPlans,
            Some("2024-03-01T10:00"),
            "2025-03-03T09:00",
        )
        .due("2025-03-02T00:00")
        .stale(),
        case(
            "overview, yearly",
            K::Overview,
            Some("2024-03-01T10:00"),
            "2025-03-01T09:00",
        )
        .due("2025-03-02T00:00")
        .light(Light::Yellow),
        // No window: never stale, only blank.
        case(
            "static page",
            K::Static,
            Some("2020-01-01T10:00"),
            "2025-03-04T09:00",
        ),
        case(
            "interpretation",
            K::Interpretation,
            Some("2024-01-01T10:00"),
            "2025-03-04T09:00",
        ),
        case("static page, blank", K::Static, None, "2025-03-04T09:00").blank(),
        // A special column untouched for 6 months: flagged to merge, remove or archive.
        case(
            "special, active",
            K::Special,
            Some("2025-01-02T10:00"),
            "2025-07-04T23:59",
        )
        .due("2025-07-05T00:00")
        .light(Light::Yellow),
        case(
            "special, untouched",
            K::Special,
            Some("2025-01-02T10:00"),
            "2025-07-05T00:01",
        )
        .due("2025-07-05T00:00")
        .stale()
        .special(),
    ]
}

fn opened_before(last: Option<&str>) -> Instant {
    match last {
        Some(text) if at(text) < t0() => at("2024-01-01T09:00"),
        _ => t0(),
    }
}

/// WEB-FRESH: each case's due update, light and flags.
#[test]
fn web_fresh_every_column_type_is_due_lit_and_flagged_by_its_window() {
    for case in cases() {
        let mut column = column(1, case.kind);
        column.opened_at = opened_before(case.last);
        let profile: &RuleProfile = if case.fenggang { &FENGGANG } else { &PROFILE };
        let got = freshness(&column, case.last.map(at), at(case.now), profile, &CAL).unwrap();
        let expected = Freshness {
            window: case.kind.window(profile),
            last_update: case.last.map(at),
            due: case.due.map(at),
            light: case.light,
            stale: case.stale,
            blank: case.blank,
            special_untouched: case.special,
        };
        assert_eq!(got, expected, "{}", case.name);
    }
}

/// WEB-FRESH (000 门户 §19): an archived column (merged, removed or archived) is not watched.
#[test]
fn web_fresh_an_archived_column_is_not_watched() {
    let mut special = column(1, ColumnKind::Special);
    special.archived_at = Some(at("2025-08-01T09:00"));
    assert_eq!(
        freshness(&special, None, at("2026-01-01T09:00"), &PROFILE, &CAL),
        None
    );
}

/// WEB-FRESH (reports.md §3 item 3): the home page is due within two weeks of its latest new
/// information and stale after it.
#[test]
fn web_fresh_the_home_page_is_stale_after_two_weeks() {
    let last = Some(at("2025-03-01T12:00"));
    let fresh = home_page(last, t0(), at("2025-03-10T09:00"), &PROFILE, &CAL);
    assert_eq!(
        (fresh.due, fresh.light, fresh.stale),
        (Some(at("2025-03-16T00:00")), Light::Green, false)
    );
    let stale = home_page(last, t0(), at("2025-03-16T00:01"), &PROFILE, &CAL);
    assert_eq!((stale.light, stale.stale), (Light::Red, true));
    let never = home_page(None, t0(), at("2025-03-04T09:00"), &PROFILE, &CAL);
    assert!(never.blank && !never.stale);
}

/// WEB-FRESH (reports.md §3 item 4): five stale news or first-level notice/policy columns,
/// ten stale columns of any type, or five blank columns fail the national check; a stale
/// notice column below the first level does not count among the five.
#[test]
fn web_fresh_the_national_check_counts_stale_and_blank_columns() {
    let stale = Freshness {
        window: None,
        last_update: None,
        due: None,
        light: Light::Red,
        stale: true,
        blank: false,
        special_untouched: false,
    };
    let blank = Freshness {
        stale: false,
        blank: true,
        ..stale
    };
    let yellow = Freshness {
        stale: false,
        light: Light::Yellow,
        ..stale
    };
    let mut items = vec![(ColumnKind::News, false, &stale); 4];
    items.push((ColumnKind::Notice, false, &stale));
    items.push((ColumnKind::Personnel, true, &yellow));
    let count = FreshnessCount::tally(items.clone());
    assert_eq!((count.stale_core, count.stale, count.yellow), (4, 5, 1));
    assert!(count.vetoes().is_empty());
    items.push((ColumnKind::Policy, true, &stale));
    let count = FreshnessCount::tally(items.clone());
    assert_eq!(count.stale_core, 5);
    assert_eq!(
        count.vetoes(),
        ["动态要闻类及一级通知公告、政策文件类栏目有5个未按时更新（达到5个即单项否决）"]
    );
    let mut many = vec![(ColumnKind::Personnel, true, &stale); 10];
    many.extend(vec![(ColumnKind::News, true, &blank); 5]);
    let count = FreshnessCount::tally(many);
    assert_eq!(count.vetoes().len(), 2);
    assert_eq!(count.blank, 5);
}
