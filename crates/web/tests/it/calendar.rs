//! The working calendar pages (CAL-WD, CAL-DUE): the due-date calculator answers with the
//! due instant and the working days counted, bad input answers 400 naming the field or the
//! line and changes nothing, and an import is previewed before the system administrator
//! saves it.

use axum::http::StatusCode;
use platform::roles::Role;
use sqlx::Row as _;

use crate::common::{TestApp, app};

fn form(pairs: &[(&str, &str)]) -> String {
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs {
        serializer.append_pair(key, value);
    }
    serializer.finish()
}

async fn n_calendar_days(app: &TestApp) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM calendar_days")
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

#[tokio::test]
async fn cal_due_the_calculator_answers_the_due_instant_and_the_working_days_counted() {
    let app = app().await;
    let clerk = app.login_as(Role::WindowClerk).await;
    // 17:59 on the last working day before the 2025 National Day break (10-01..10-08).
    let answer = app
        .get(
            "/office/calendar/due?start=2025-09-30T17%3A59&n=1&unit=wd",
            Some(&clerk),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    assert!(
        answer.body.contains("2025年10月9日（星期四） 18:00"),
        "{}",
        answer.body
    );
    assert!(answer.body.contains("2025-10-09T18:00:00+08:00"));
    assert!(
        answer
            .body
            .contains(r#"<strong class="working-days">1</strong>"#)
    );
    assert!(answer.body.contains("国庆节"));

    let page = app.get("/office/calendar?year=2025", Some(&clerk)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("调休上班"));
    assert!(!page.body.contains("provisional-year"));
}

#[tokio::test]
async fn cal_due_bad_calculator_input_answers_400_naming_the_field() {
    let app = app().await;
    let clerk = app.login_as(Role::WindowClerk).await;
    let cases = [
        (
            "start=2025-09-30T09%3A00&n=-3&unit=wd",
            "时限数量“-3”不能为负数",
        ),
        (
            "start=2025-09-30T09%3A00&n=3&unit=weeks",
            "未知的时限单位“weeks”",
        ),
        ("start=2025-13-01&n=3&unit=wd", "起始时间“2025-13-01”无效"),
        ("start=&n=abc&unit=wd", "时限数量“abc”无效"),
    ];
    for (query, message) in cases {
        let answer = app
            .get(&format!("/office/calendar/due?{query}"), Some(&clerk))
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(answer.body.contains(message), "{query}: {}", answer.body);
    }
    let answer = app.get("/office/calendar?year=abc", Some(&clerk)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.body.contains("年份“abc”无效"));
}

#[tokio::test]
async fn cal_wd_an_import_with_a_bad_line_answers_400_naming_the_line_and_changes_nothing() {
    let app = app().await;
    let admin = app.login_as(Role::SystemAdmin).await;
    let text = "2027-01-01 holiday 元旦\n2027-02-30 holiday 春节\n";
    let before = app.audit_seq().await;
    for path in ["/office/calendar/import/preview", "/office/calendar/import"] {
        let answer = app
            .post(
                path,
                Some(&admin),
                &form(&[("year", "2027"), ("text", text)]),
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(
            answer.body.contains("第2行：日期“2027-02-30”无效"),
            "{path}: {}",
            answer.body
        );
    }
    let both = "2027-01-01 holiday 元旦\n2027-01-01 makeup\n";
    let answer = app
        .post(
            "/office/calendar/import",
            Some(&admin),
            &form(&[("year", "2027"), ("text", both)]),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer.body.contains("第2行"), "{}", answer.body);
    assert_eq!(app.audit_seq().await, before);
    assert_eq!(n_calendar_days(&app).await, 0);
}

#[tokio::test]
async fn cal_wd_an_import_is_previewed_then_saved_by_the_system_administrator_only() {
    let app = app().await;
    let admin = app.login_as(Role::SystemAdmin).await;
    let clerk = app.login_as(Role::WindowClerk).await;
    let text = "# 2027: 测试通知\n2027-01-01 holiday 元旦\n2027-01-02 holiday 元旦\n2027-02-07 makeup 春节\n";
    let body = form(&[("year", "2027"), ("text", text)]);

    let before = app.get("/office/calendar?year=2027", Some(&clerk)).await;
    assert!(before.body.contains("provisional-year"));

    let preview = app
        .post("/office/calendar/import/preview", Some(&admin), &body)
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(preview.body.contains("2027 年：节假日 2 天，调休上班 1 天"));
    assert_eq!(n_calendar_days(&app).await, 0, "a preview saves nothing");

    let refused = app
        .post("/office/calendar/import", Some(&clerk), &body)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(n_calendar_days(&app).await, 0);

    let saved = app
        .post("/office/calendar/import", Some(&admin), &body)
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location(), "/office/calendar?year=2027&imported=1");
    assert_eq!(n_calendar_days(&app).await, 3);

    let after = app.get("/office/calendar?year=2027", Some(&clerk)).await;
    assert!(!after.body.contains("provisional-year"), "{}", after.body);
    assert!(after.body.contains("元旦：1月1日至1月2日放假，共2天"));
}

#[tokio::test]
async fn cal_wd_the_administrator_closes_one_day_and_reopens_it_and_bad_edits_change_nothing() {
    let app = app().await;
    let admin = app.login_as(Role::SystemAdmin).await;
    let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 28).unwrap();
    let closed = app
        .post(
            "/office/calendar/day",
            Some(&admin),
            "date=2026-12-28&action=closed&name=%E5%A4%A7%E5%8E%85%E7%BB%B4%E4%BF%AE",
        )
        .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.body);
    assert_eq!(
        closed.location(),
        "/office/calendar?year=2026&day_saved=2026-12-28"
    );
    let calendar = platform::workcal::load_current(&app.platform.db)
        .await
        .unwrap();
    assert!(
        !calendar.is_working_day(date),
        "a locally closed day is not a working day"
    );
    let page = app.get(closed.location(), Some(&admin)).await;
    assert!(page.body.contains("已修改 2026-12-28"));

    let before = app.audit_seq().await;
    for form in [
        "date=2026-13-01&action=closed&name=x",
        "date=2026-12-29&action=holiday&name=",
        "date=2026-12-29&action=weekend&name=x",
        "date=2026-12-30&action=clear_closed",
    ] {
        let answer = app.post("/office/calendar/day", Some(&admin), form).await;
        assert!(
            matches!(
                answer.status,
                StatusCode::BAD_REQUEST | StatusCode::NOT_FOUND
            ),
            "{form}: {}",
            answer.status
        );
    }
    assert_eq!(
        app.audit_seq().await,
        before,
        "refused edits change nothing"
    );

    let reopened = app
        .post(
            "/office/calendar/day",
            Some(&admin),
            "date=2026-12-28&action=clear_closed",
        )
        .await;
    assert_eq!(reopened.status, StatusCode::SEE_OTHER);
    let calendar = platform::workcal::load_current(&app.platform.db)
        .await
        .unwrap();
    assert!(calendar.is_working_day(date));
}
