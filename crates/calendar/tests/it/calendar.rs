//! CAL-WD: day classification, local closed days, imported years, working time.

use calendar::{Calendar, DayKind, LocalClosedDay, WorkingHours, national_entries, parse_schedule};
use chrono::NaiveDate;

use crate::{NATIONAL, at};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[test]
fn cal_wd_days_are_classified_with_their_festival() {
    // CAL-WD
    let cases = [
        ("2025-09-28", DayKind::Makeup, Some("国庆节、中秋节")),
        ("2025-10-01", DayKind::Holiday, Some("国庆节、中秋节")),
        ("2025-10-11", DayKind::Makeup, Some("国庆节、中秋节")),
        ("2025-10-12", DayKind::Weekend, None),
        ("2025-10-13", DayKind::Workday, None),
        ("2020-01-31", DayKind::Holiday, Some("春节")), // extended by 国办发明电〔2020〕1号
        ("2020-02-01", DayKind::Holiday, Some("春节")), // no longer a make-up day
    ];
    for (day, kind, name) in cases {
        let info = NATIONAL.day_info(date(day));
        assert_eq!((info.kind, info.name.as_deref()), (kind, name), "{day}");
        assert!(!info.provisional);
        assert_eq!(NATIONAL.is_working_day(date(day)), kind.is_working());
    }
    assert_eq!(NATIONAL.last_known_year(), Some(2026));
    assert!(NATIONAL.has_year(2004) && NATIONAL.has_year(2026) && !NATIONAL.has_year(2027));
    let future = NATIONAL.day_info(date("2027-01-01"));
    assert_eq!((future.kind, future.provisional), (DayKind::Workday, true));
}

#[test]
fn cal_wd_local_closed_days_are_non_working_on_top_of_the_national_calendar() {
    // CAL-WD: a hall closed by order.
    let closed = vec![LocalClosedDay {
        date: date("2025-10-09"),
        reason: "台风停止办公".to_owned(),
    }];
    let local = NATIONAL.with_local_closed_days(closed);
    let info = local.day_info(date("2025-10-09"));
    assert_eq!(
        (info.kind, info.name.as_deref()),
        (DayKind::Holiday, Some("台风停止办公"))
    );
    let due = local.due(at("2025-09-30T17:59"), "1wd".parse().unwrap());
    assert_eq!(due.at.to_rfc3339(), "2025-10-10T18:00:00+08:00");
}

#[test]
fn cal_wd_an_imported_year_is_no_longer_provisional() {
    // CAL-WD: next year's schedule is imported as text (an invented 2027 for the test).
    let entries = parse_schedule(
        "2027-01-01 holiday 元旦\n2027-01-02 holiday 元旦\n2027-01-03 holiday 元旦\n2027-01-09 makeup 元旦",
        Some(2027),
    )
    .unwrap();
    let with_2027 = NATIONAL.with_year(2027, entries).unwrap();
    assert_eq!(with_2027.last_known_year(), Some(2027));
    let due = with_2027.due(at("2026-12-31T10:00"), "1wd".parse().unwrap());
    assert_eq!(due.at.to_rfc3339(), "2027-01-04T18:00:00+08:00");
    assert!(!due.provisional);
    assert_eq!(with_2027.day_info(date("2027-01-09")).kind, DayKind::Makeup);

    let gap = NATIONAL.with_year(2029, Vec::new()).unwrap_err();
    assert_eq!(
        gap.to_string(),
        "不能导入 2029 年：已有安排截至 2026 年，年份必须连续"
    );
    let wrong_year = parse_schedule("2028-01-01 holiday 元旦", None).unwrap();
    let error = NATIONAL.with_year(2027, wrong_year).unwrap_err();
    assert_eq!(
        error.to_string(),
        "导入 2027 年的安排时，日期 2028-01-01 不在 2027 年内"
    );
}

#[test]
fn cal_wh_working_time_between_instants_counts_only_working_periods() {
    // CAL-WH
    let hour = 3_600_000;
    let between = |a: &str, b: &str| NATIONAL.working_millis_between(at(a), at(b));
    assert_eq!(between("2025-09-29T08:00", "2025-09-29T20:00"), 7 * hour);
    assert_eq!(between("2025-09-30T17:00", "2025-10-09T09:30"), 2 * hour);
    assert_eq!(between("2025-10-09T09:30", "2025-09-30T17:00"), -2 * hour);
}

#[test]
fn cal_wh_summer_hours_change_close_of_business() {
    // CAL-WH: a summer schedule.
    let hours: WorkingHours = "08:30-12:00,14:30-18:00;summer 06-01..09-30 08:30-12:00,15:00-18:30"
        .parse()
        .unwrap();
    let summer = Calendar::new(national_entries().unwrap(), Vec::new(), hours).unwrap();
    let due = summer.due(at("2025-09-29T10:00"), "1wd".parse().unwrap());
    assert_eq!(due.at.to_rfc3339(), "2025-09-30T18:30:00+08:00");
    let due = summer.due(at("2025-09-30T10:00"), "1wd".parse().unwrap());
    assert_eq!(due.at.to_rfc3339(), "2025-10-09T18:00:00+08:00");
    let due = summer.due(at("2025-09-30T14:00"), "1wh".parse().unwrap());
    assert_eq!(due.at.to_rfc3339(), "2025-09-30T16:00:00+08:00");
    // Beyond the table (2040): same answers from the slow path.
    let due = summer.due(at("2040-07-02T14:00"), "1wh".parse().unwrap());
    assert_eq!(due.at.to_rfc3339(), "2040-07-02T16:00:00+08:00");
}

#[test]
fn every_rust_file_opens_with_a_module_doc_line() {
    // style.md: every module says what it is for.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["src", "tests/it", "benches"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(
                    text.starts_with("//! "),
                    "{} lacks a //! line",
                    path.display()
                );
            }
        }
    }
}
