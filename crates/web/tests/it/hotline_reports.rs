//! The hotline's statistics pages (HL-RATES, HL-WARN, OPS-REPORTS): the rates table with its
//! formulas and an SVG chart, the Excel export, the printable monthly notice, and the guard
//! that keeps a unit's handler out.

use axum::http::StatusCode;
use calendar::{Calendar, Instant};
use hotline::UnitId;
use hotline::appeal::{Category, Channel, HandlingClass, Origin};
use hotline::order::Command;
use hotline::usecase::{self, Appellant, NewAppeal, Rules};
use platform::audit::AuditActor;
use platform::profile::RuleProfile;
use platform::roles::Role;

use crate::common::{TestApp, app};

fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(text).unwrap()
}

/// One order dispatched to gz-market on Monday 2025-03-03 09:00 and signed at 09:20.
async fn signed_order(app: &TestApp) {
    let db = &app.platform.db;
    let actor = AuditActor::system("test");
    let calendar = Calendar::try_national().unwrap();
    let profile = RuleProfile::default();
    let rules = Rules {
        calendar: &calendar,
        profile: &profile,
    };
    let appeal = NewAppeal {
        channel: Channel::Phone,
        category: Category::ComplaintReport,
        origin: Origin::Local,
        content: "小区门口路灯不亮已经一周".into(),
        location: "甘州区东街街道南关小区".into(),
        is_private: false,
        publish_consent: false,
        confidential: false,
        province_due: None,
        appellant: Appellant::default(),
        ip: None,
    };
    let key = &app.platform.key;
    let id = usecase::register_appeal(db, key, &actor, appeal, at("2025-03-03T08:50:00+08:00"))
        .await
        .unwrap()
        .appeal_id;
    let market = UnitId(
        platform::units::find_by_code(db, "gz-market")
            .await
            .unwrap()
            .unwrap()
            .id,
    );
    let dispatch = Command::Dispatch {
        class: HandlingClass::ComplaintReport,
        lead: market,
        assisting: vec![],
        terms: hotline::order::DispatchTerms::default(),
    };
    for (command, now) in [
        (dispatch, "2025-03-03T09:00:00+08:00"),
        (Command::Sign { unit: market }, "2025-03-03T09:20:00+08:00"),
    ] {
        usecase::execute(db, &rules.context(key, &actor, at(now)), id, command, None)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn hl_rates_page_shows_rates_formulas_chart_and_hot_places() {
    let app = app().await;
    signed_order(&app).await;
    let supervisor = app.login_as(Role::HotlineSupervisor).await;
    let page = app
        .get(
            "/office/hotline/reports?period=month&date=2025-03-05",
            Some(&supervisor),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("2025年3月"), "{}", page.body);
    assert!(page.body.contains("100.00%"), "{}", page.body);
    assert!(page.body.contains("1/1"));
    assert!(page.body.contains("响应率 = "));
    assert!(page.body.contains("办结率 = "));
    assert!(page.body.contains("满意率 = "));
    assert!(page.body.contains("<svg") && page.body.contains("id=\"rates-chart\""));
    assert!(page.body.contains("甘州区东街街道南关小区"));
    assert!(page.body.contains("id=\"warnings\""));
    let week = app
        .get(
            "/office/hotline/reports?period=week&date=2025-03-05",
            Some(&supervisor),
        )
        .await;
    assert!(
        week.body.contains("2025-03-03 至 2025-03-09"),
        "{}",
        week.body
    );
    let bad = app
        .get(
            "/office/hotline/reports?period=fortnight",
            Some(&supervisor),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
}

#[tokio::test]
async fn ops_reports_excel_and_the_printable_monthly_notice() {
    let app = app().await;
    signed_order(&app).await;
    let operator = app.login_as(Role::HotlineOperator).await;
    let xlsx = app
        .get(
            "/office/hotline/reports.xlsx?period=quarter&date=2025-03-15",
            Some(&operator),
        )
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.body.starts_with("PK"));
    assert!(
        xlsx.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("hotline-rates-quarter-2025-01-01.xlsx")
    );
    let notice = app
        .get("/office/hotline/notice?month=2025-03", Some(&operator))
        .await;
    assert_eq!(notice.status, StatusCode::OK, "{}", notice.body);
    assert!(notice.body.contains("2025年3月“接诉即办”工作通报"));
    assert!(notice.body.contains("@page { size: A4"));
    assert!(
        notice.body.contains("二、热点问题（2025年3月）"),
        "the month's hot issues, not a week after it"
    );
    assert!(notice.body.contains("响应率 = "));
    assert!(notice.body.contains("100.00%"));
}

#[tokio::test]
async fn hl_rates_a_unit_handler_may_not_see_the_hotline_statistics() {
    let app = app().await;
    let handler = app.login_as(Role::UnitHandler).await;
    for path in [
        "/office/hotline/reports",
        "/office/hotline/reports.xlsx",
        "/office/hotline/notice",
    ] {
        let answer = app.get(path, Some(&handler)).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path}");
    }
}
