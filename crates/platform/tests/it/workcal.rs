//! The stored working calendar (CAL-WD, CAL-WH): an imported year is loaded over the shipped
//! data, bad imports change nothing, local closed days and one-by-one edits are audited, and
//! the December warning names the missing year.

use calendar::{Calendar, DayKind, parse_schedule};
use chrono::NaiveDate;
use platform::Platform;
use platform::db::now_ms;
use platform::profile::RuleProfile;
use platform::testing::each_backend;
use platform::workcal::{self, DayMark, Layer};

use crate::{backend, count, new_unit, system};

const SCHEDULE_2027: &str = "\
# 2027: 国务院办公厅关于2027年部分节假日安排的通知（测试用）
2027-01-01 holiday 元旦
2027-01-02 holiday 元旦
2027-01-03 holiday 元旦
2027-02-06 holiday 春节
2027-02-07 makeup 春节
2027-02-08 holiday 春节
";

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

async fn jurisdiction_id(platform: &Platform) -> i64 {
    new_unit(platform).await;
    platform::jurisdiction::require_current(&platform.db)
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn cal_wd_an_imported_year_is_loaded_over_the_shipped_data_and_audited() {
    for platform in each_backend().await {
        let db = &platform.db;
        let jurisdiction = jurisdiction_id(&platform).await;
        let profile = RuleProfile::default();
        let before = workcal::load(db, jurisdiction, &profile).await.unwrap();
        assert!(!before.has_year(2027), "{}", backend(&platform));
        assert!(before.day_info(date("2027-02-08")).provisional);

        let entries = parse_schedule(SCHEDULE_2027, Some(2027)).unwrap();
        let source = workcal::citation_in(SCHEDULE_2027, 2027).unwrap();
        let summary = workcal::import_year(
            db,
            &system(),
            jurisdiction,
            2027,
            entries,
            &source,
            now_ms(),
        )
        .await
        .unwrap();
        assert_eq!(
            (summary.holidays, summary.makeups, summary.replaced),
            (5, 1, 0)
        );

        let calendar = workcal::load(db, jurisdiction, &profile).await.unwrap();
        assert!(calendar.has_year(2027));
        assert_eq!(calendar.last_known_year(), Some(2027));
        let new_year = calendar.day_info(date("2027-01-01"));
        assert_eq!(new_year.kind, DayKind::Holiday);
        assert_eq!(new_year.name.as_deref(), Some("元旦"));
        assert!(!new_year.provisional);
        // A Sunday worked in exchange (调休上班) is a working day.
        assert_eq!(calendar.day_info(date("2027-02-07")).kind, DayKind::Makeup);
        assert!(calendar.is_working_day(date("2027-02-07")));
        // The shipped years are untouched.
        assert_eq!(calendar.day_info(date("2026-01-01")).kind, DayKind::Holiday);
        let stored = workcal::stored_days(db, jurisdiction).await.unwrap();
        assert!(stored.iter().all(|day| day.source.contains("2027年")));
        assert_eq!(
            count(
                db,
                "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1",
                &["calendar.import"]
            )
            .await,
            1
        );

        // Importing the year again replaces it.
        let fewer = parse_schedule("2027-01-01 holiday 元旦", Some(2027)).unwrap();
        let summary = workcal::import_year(db, &system(), jurisdiction, 2027, fewer, "", now_ms())
            .await
            .unwrap();
        assert_eq!(summary.replaced, 6);
        let calendar = workcal::load(db, jurisdiction, &profile).await.unwrap();
        assert_eq!(calendar.day_info(date("2027-02-08")).kind, DayKind::Workday);
    }
}

#[tokio::test]
async fn cal_wd_an_import_after_a_gap_or_without_holidays_is_refused_and_changes_nothing() {
    for platform in each_backend().await {
        let db = &platform.db;
        let jurisdiction = jurisdiction_id(&platform).await;
        let gap = parse_schedule("2028-01-01 holiday 元旦", Some(2028)).unwrap();
        let error = workcal::import_year(db, &system(), jurisdiction, 2028, gap, "", now_ms())
            .await
            .unwrap_err();
        assert!(error.to_string().contains("年份必须连续"), "{error}");
        let only_makeup = parse_schedule("2027-02-07 makeup", Some(2027)).unwrap();
        let error =
            workcal::import_year(db, &system(), jurisdiction, 2027, only_makeup, "", now_ms())
                .await
                .unwrap_err();
        assert!(error.to_string().contains("没有任何节假日"), "{error}");
        assert_eq!(
            count(db, "SELECT COUNT(*) AS n FROM calendar_days", &[]).await,
            0
        );
        assert_eq!(
            count(
                db,
                "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'calendar.%'",
                &[]
            )
            .await,
            0,
            "{}",
            backend(&platform)
        );
    }
}

#[tokio::test]
async fn cal_wd_a_local_closed_day_is_non_working_until_cleared_and_both_are_audited() {
    for platform in each_backend().await {
        let db = &platform.db;
        let jurisdiction = jurisdiction_id(&platform).await;
        let profile = RuleProfile::default();
        let tuesday = date("2026-03-10");
        workcal::set_day(
            db,
            &system(),
            jurisdiction,
            tuesday,
            DayMark::Closed,
            "台风停止办公",
            now_ms(),
        )
        .await
        .unwrap();
        let calendar = workcal::load(db, jurisdiction, &profile).await.unwrap();
        let info = calendar.day_info(tuesday);
        assert_eq!(info.kind, DayKind::Holiday, "{}", backend(&platform));
        assert_eq!(info.name.as_deref(), Some("台风停止办公"));

        workcal::clear_day(
            db,
            &system(),
            jurisdiction,
            tuesday,
            Layer::LocalClosed,
            now_ms(),
        )
        .await
        .unwrap();
        let calendar = workcal::load(db, jurisdiction, &profile).await.unwrap();
        assert_eq!(calendar.day_info(tuesday).kind, DayKind::Workday);
        assert_eq!(
            count(
                db,
                "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'calendar.day.%'",
                &[]
            )
            .await,
            2
        );
        let missing = workcal::clear_day(
            db,
            &system(),
            jurisdiction,
            tuesday,
            Layer::LocalClosed,
            now_ms(),
        )
        .await
        .unwrap_err();
        assert!(matches!(missing, platform::Error::NotFound(_)));
    }
}

#[tokio::test]
async fn cal_wd_editing_one_day_of_a_shipped_year_keeps_the_rest_of_that_year() {
    for platform in each_backend().await {
        let db = &platform.db;
        let jurisdiction = jurisdiction_id(&platform).await;
        let saturday = date("2026-05-16");
        workcal::set_day(
            db,
            &system(),
            jurisdiction,
            saturday,
            DayMark::Makeup,
            "",
            now_ms(),
        )
        .await
        .unwrap();
        let calendar = workcal::load(db, jurisdiction, &RuleProfile::default())
            .await
            .unwrap();
        assert_eq!(
            calendar.day_info(saturday).kind,
            DayKind::Makeup,
            "{}",
            backend(&platform)
        );
        assert_eq!(
            calendar.day_info(date("2026-01-01")).name.as_deref(),
            Some("元旦")
        );
        assert_eq!(calendar.day_info(date("2026-10-01")).kind, DayKind::Holiday);
        assert!(calendar.has_year(2026));
    }
}

#[test]
fn cal_wh_working_hours_come_from_the_profile_with_its_summer_schedule() {
    let mut profile = RuleProfile::default();
    profile.calendar.summer_working_hours = "08:00-12:00,15:00-18:30".into();
    profile.calendar.summer_from = "06-01".into();
    profile.calendar.summer_until = "09-30".into();
    let hours = workcal::working_hours(&profile).unwrap();
    assert_eq!(
        hours.to_string(),
        "08:30-12:00,14:30-18:00;summer 06-01..09-30 08:00-12:00,15:00-18:30"
    );
    let calendar = workcal::build(&[], &profile).unwrap();
    assert_eq!(
        calendar
            .close_of_business_on(date("2026-07-01"))
            .to_rfc3339(),
        "2026-07-01T18:30:00+08:00"
    );
}

#[test]
fn a_warning_appears_from_1_december_while_next_year_is_missing() {
    let national = Calendar::national();
    assert_eq!(
        workcal::missing_next_year_warning(&national, date("2026-11-30")),
        None
    );
    let warning = workcal::missing_next_year_warning(&national, date("2026-12-01")).unwrap();
    assert!(warning.contains("2027"), "{warning}");
    assert!(warning.contains("暂定"), "{warning}");
    let entries = parse_schedule(SCHEDULE_2027, Some(2027)).unwrap();
    let with_2027 = national.with_year(2027, entries).unwrap();
    assert_eq!(
        workcal::missing_next_year_warning(&with_2027, date("2026-12-01")),
        None
    );
    // In a year that was never imported, the warning is there all year.
    assert!(workcal::missing_next_year_warning(&national, date("2027-03-01")).is_some());
}
