//! CAL-WD: the shipped schedules checked day by day against independent sources.
//!
//! Sources, neither of which shares our data file:
//! - the crate `chinese_holiday` 2026.0.1 (zier-one/chinese_holiday_rs, data typed from the
//!   notices on gov.cn; covers 2004-01-01 to 2026-12-25);
//! - the crate `tyme4rs` 1.5.0 (6tail/tyme4rs, `LegalHoliday`, data since 2001-12-29).
//!
//! Every date 2004-01-01..=2026-12-31 must get the same classification (workday, weekend,
//! holiday, makeup) from our calendar and from each source, except the dates listed in the
//! exception tables, each with the notice that shows which reading is right.

use calendar::{Calendar, DayKind};
use chrono::{Datelike, NaiveDate, Weekday};

fn plain_kind(date: NaiveDate) -> DayKind {
    match date.weekday() {
        Weekday::Sat | Weekday::Sun => DayKind::Weekend,
        _ => DayKind::Workday,
    }
}

fn chinese_holiday_kind(date: NaiveDate) -> Option<DayKind> {
    use chinese_holiday::DayKind as Source;
    if date > NaiveDate::from_ymd_opt(2026, 12, 25).unwrap() {
        return None;
    }
    let ymd = chinese_holiday::Ymd::new(date.year() as u16, date.month() as u8, date.day() as u8);
    Some(match chinese_holiday::chinese_holiday(ymd) {
        Source::NormalWorkday => DayKind::Workday,
        Source::NormalHoliday => DayKind::Weekend,
        Source::NewYearsDayWorkday
        | Source::SpringFestivalWorkday
        | Source::ChingMingFestivalWorkday
        | Source::InternationalWorkersDayWorkday
        | Source::DragonBoatFestivalWorkday
        | Source::MidAutumnFestivalWorkday
        | Source::NationalDayWorkday
        | Source::OtherWorkday => DayKind::Makeup,
        _ => DayKind::Holiday,
    })
}

fn tyme_kind(date: NaiveDate) -> DayKind {
    match tyme4rs::tyme::holiday::LegalHoliday::from_ymd(
        date.year() as isize,
        date.month() as usize,
        date.day() as usize,
    ) {
        Some(day) if day.is_work() => DayKind::Makeup,
        Some(_) => DayKind::Holiday,
        None => plain_kind(date),
    }
}

/// Dates where `chinese_holiday` differs from the notice: (date, what the source says, why).
///
/// Two change whether the day is worked (the source is wrong); the others only label a weekend
/// day that is joined to the break (连休) as a plain weekend, where the same source labels
/// such days as holidays elsewhere (2015-04-04, 2016-04-30).
const CHINESE_HOLIDAY_EXCEPTIONS: &[(&str, DayKind, &str)] = &[
    (
        "2016-10-09",
        DayKind::Weekend,
        "国办发明电〔2015〕18号：国庆节……10月8日（星期六）、10月9日（星期日）上班 — a working day",
    ),
    (
        "2016-12-30",
        DayKind::Holiday,
        "国办发明电〔2016〕17号：元旦：1月1日放假，1月2日（星期一）补休 — Friday 30 December is not off",
    ),
    (
        "2015-09-26",
        DayKind::Weekend,
        "国办发明电〔2014〕28号：中秋节：9月27日放假 — Saturday joined to the break (label only)",
    ),
    (
        "2016-12-31",
        DayKind::Weekend,
        "国办发明电〔2016〕17号：元旦：1月1日放假，1月2日补休 — Saturday joined to the break (label only)",
    ),
    (
        "2023-12-30",
        DayKind::Weekend,
        "国办发明电〔2023〕7号：元旦：1月1日（周一）放假1天 — weekend joined to the break (label only)",
    ),
    (
        "2023-12-31",
        DayKind::Weekend,
        "国办发明电〔2023〕7号：元旦：1月1日（周一）放假1天 — weekend joined to the break (label only)",
    ),
    (
        "2024-06-08",
        DayKind::Weekend,
        "国办发明电〔2023〕7号：端午节：6月10日（周一）放假，与周末连休 (label only)",
    ),
    (
        "2024-06-09",
        DayKind::Weekend,
        "国办发明电〔2023〕7号：端午节：6月10日（周一）放假，与周末连休 (label only)",
    ),
];

/// Dates where `tyme4rs` differs from the notice: (date, what the source says, why).
const TYME_EXCEPTIONS: &[(&str, DayKind, &str)] = &[
    (
        "2012-05-02",
        DayKind::Makeup,
        "国办发明电〔2011〕45号 names only 4月28日（星期六）上班 for 劳动节; a Wednesday is an ordinary workday (label only)",
    ),
    (
        "2012-10-08",
        DayKind::Makeup,
        "国办发明电〔2011〕45号 names only 9月29日（星期六）上班 for 中秋节、国庆节; a Monday is an ordinary workday (label only)",
    ),
    (
        "2013-04-07",
        DayKind::Weekend,
        "国办发明电〔2012〕33号：清明节……4月7日（星期日）上班 — a working day",
    ),
    (
        "2013-10-12",
        DayKind::Weekend,
        "国办发明电〔2012〕33号：国庆节……9月29日（星期日）、10月12日（星期六）上班 — a working day",
    ),
];

#[test]
fn cal_wd_every_exception_is_still_a_disagreement() {
    // An exception that no longer disagrees (a source fixed, or our data changed) must go.
    for (date, theirs, why) in CHINESE_HOLIDAY_EXCEPTIONS {
        let date: NaiveDate = date.parse().unwrap();
        assert_eq!(chinese_holiday_kind(date), Some(*theirs), "{date}: {why}");
        assert_ne!(
            Calendar::national().day_info(date).kind,
            *theirs,
            "{date}: {why}"
        );
    }
    for (date, theirs, why) in TYME_EXCEPTIONS {
        let date: NaiveDate = date.parse().unwrap();
        assert_eq!(tyme_kind(date), *theirs, "{date}: {why}");
        assert_ne!(
            Calendar::national().day_info(date).kind,
            *theirs,
            "{date}: {why}"
        );
    }
}

#[test]
fn cal_wd_every_date_2004_to_2026_agrees_with_two_independent_sources() {
    let calendar = Calendar::national();
    let mut mismatches = Vec::new();
    let mut date = NaiveDate::from_ymd_opt(2004, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    while date <= last {
        let ours = calendar.day_info(date).kind;
        if let Some(theirs) = chinese_holiday_kind(date) {
            let excepted = CHINESE_HOLIDAY_EXCEPTIONS
                .iter()
                .any(|(d, kind, _)| *d == date.to_string() && *kind == theirs);
            if theirs != ours && !excepted {
                mismatches.push(format!(
                    "{date} {:?}: ours {ours:?}, chinese_holiday {theirs:?}",
                    date.weekday()
                ));
            }
        }
        let theirs = tyme_kind(date);
        let excepted = TYME_EXCEPTIONS
            .iter()
            .any(|(d, kind, _)| *d == date.to_string() && *kind == theirs);
        if theirs != ours && !excepted {
            mismatches.push(format!(
                "{date} {:?}: ours {ours:?}, tyme4rs {theirs:?}",
                date.weekday()
            ));
        }
        date = date.succ_opt().unwrap();
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
