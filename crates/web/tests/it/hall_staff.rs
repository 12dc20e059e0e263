//! The window staff by HTTP, on both backends (HALL-STAFF, 000 中心 §4(二)(四), §27, §30):
//! a department registers its person (bad dates refused in Chinese, nothing stored; the
//! birth date masked), another unit does not see them; the department's and the centre's
//! leaders approve, the register shows the person eligible; the centre records attendance
//! (a department may not); a leave request filed by the department is refused to the
//! department's leader and approved by the centre's; the centre's assessment, its Excel
//! export and the written notice to the unit, read by that unit and by no other.

use axum::http::StatusCode;
use platform::roles::Role;

use crate::common::{Client, TestApp, app_on};
use crate::hall_common::{account, count, form};

/// A new account holding `role` in unit `code`, its session and id.
async fn person(app: &TestApp, role: Role, code: &str, name: &str) -> (Client, i64) {
    let tag = format!("{:?}_{}", role, code.trim_start_matches("gz-")).to_lowercase();
    account(app, (role, code), &format!("hs_{tag}"), name).await
}

#[tokio::test]
async fn hall_staff_register_attendance_requests_and_assessment_by_http() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let (centre_leader, _) = person(&app, Role::UnitLeader, "gz-service", "中心主任").await;
        let (centre_handler, _) = person(&app, Role::UnitHandler, "gz-service", "中心经办").await;
        let (market_leader, _) = person(&app, Role::UnitLeader, "gz-market", "市监局长").await;
        let (market_handler, member) =
            person(&app, Role::UnitHandler, "gz-market", "窗口张敏").await;
        let (housing, _) = person(&app, Role::UnitLeader, "gz-housing", "住建局长").await;
        let member_text = member.to_string();
        let market_id = platform::units::find_by_code(&app.platform.db, "gz-market")
            .await
            .unwrap()
            .unwrap()
            .id
            .to_string();

        // HALL-STAFF: bad dates refused in Chinese, nothing stored.
        let bad = form(&[
            ("user", &member_text),
            ("joined_unit", "2015-03-01"),
            ("on_window_since", "2019-03-01"),
            ("birth_date", "1988年"),
        ]);
        let refused = app
            .post("/office/hall/staff", Some(&market_handler), &bad)
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert!(
            refused.body.contains("出生日期应为日期"),
            "{}",
            refused.body
        );
        assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM hall_staff").await, 0);
        let good = form(&[
            ("user", &member_text),
            ("joined_unit", "2015-03-01"),
            ("on_window_since", "2019-03-01"),
            ("birth_date", "1988-06-01"),
        ]);
        let saved = app
            .post("/office/hall/staff", Some(&market_handler), &good)
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let page = app.get("/office/hall/staff", Some(&market_leader)).await;
        assert!(page.body.contains("窗口张敏") && page.body.contains("1988-**-**"));
        assert!(!page.body.contains("1988-06-01"));
        assert!(page.body.contains("未经区政务服务中心审核确定"));
        let theirs = app.get("/office/hall/staff", Some(&housing)).await;
        assert_eq!(theirs.status, StatusCode::OK);
        assert!(!theirs.body.contains("窗口张敏"));

        // Both approvals (§27(三)).
        let id: i64 = count(&app, "SELECT id AS n FROM hall_staff").await;
        let approve = format!("/office/hall/staff/{id}/approve");
        let as_centre = form(&[("by", "centre")]);
        let denied = app.post(&approve, Some(&market_leader), &as_centre).await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN, "{}", denied.body);
        let by_dept = form(&[("by", "department")]);
        let ok = app.post(&approve, Some(&market_leader), &by_dept).await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let ok = app.post(&approve, Some(&centre_leader), &as_centre).await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let page = app.get("/office/hall/staff", Some(&centre_handler)).await;
        assert!(page.body.contains("<strong>符合</strong>"), "{}", page.body);

        // Attendance: the centre's.
        let sign = form(&[
            ("user", &member_text),
            ("day", "2026-03-02"),
            ("signed_in", "11:00"),
            ("signed_out", "23:59"),
        ]);
        let denied = app
            .post(
                "/office/hall/staff/attendance",
                Some(&market_handler),
                &sign,
            )
            .await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN, "{}", denied.body);
        let ok = app
            .post(
                "/office/hall/staff/attendance",
                Some(&centre_handler),
                &sign,
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let day = app
            .get(
                "/office/hall/staff/attendance?day=2026-03-02",
                Some(&market_leader),
            )
            .await;
        assert!(day.body.contains("迟到"), "{}", day.body);

        // A leave request: filed by the unit, decided by the centre's leader only (§30).
        let leave = form(&[
            ("kind", "leave"),
            ("member", &member_text),
            ("substitute", ""),
            ("from", "2026-03-03"),
            ("to", "2026-03-04"),
            ("reason", "病假"),
        ]);
        let filed = app
            .post("/office/hall/staff/requests", Some(&market_handler), &leave)
            .await;
        assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
        let request: i64 = count(&app, "SELECT id AS n FROM hall_staff_requests").await;
        let decide = format!("/office/hall/staff/requests/{request}/decide");
        let yes = form(&[("version", "1"), ("do", "approve"), ("note", "同意")]);
        let denied = app.post(&decide, Some(&market_leader), &yes).await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN, "{}", denied.body);
        assert!(denied.body.contains("须经区政务服务中心同意"));
        let hidden = app.post(&decide, Some(&housing), &yes).await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);
        let ok = app.post(&decide, Some(&centre_leader), &yes).await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let list = app
            .get("/office/hall/staff/requests", Some(&market_leader))
            .await;
        assert!(list.body.contains("中心已同意"), "{}", list.body);

        // The centre's assessment, its export and the written notice to the unit.
        let assess = form(&[
            ("user", &member_text),
            ("period", "2026-Q1"),
            ("grade", "excellent"),
            ("comment", "服务规范"),
        ]);
        let denied = app
            .post(
                "/office/hall/staff/assessments",
                Some(&market_leader),
                &assess,
            )
            .await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN, "{}", denied.body);
        let ok = app
            .post(
                "/office/hall/staff/assessments",
                Some(&centre_handler),
                &assess,
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let results = app
            .get(
                "/office/hall/staff/assessments?period=2026-Q1",
                Some(&market_leader),
            )
            .await;
        assert!(results.body.contains("优秀") && results.body.contains("迟到早退 1 天"));
        let bad_period = app
            .get(
                "/office/hall/staff/assessments?period=2026-13",
                Some(&market_leader),
            )
            .await;
        assert_eq!(bad_period.status, StatusCode::BAD_REQUEST);
        let export = app
            .get(
                "/office/hall/staff/assessments.xlsx?period=2026-Q1",
                Some(&centre_handler),
            )
            .await;
        assert_eq!(export.status, StatusCode::OK);
        assert!(
            export.headers["content-type"]
                .to_str()
                .unwrap()
                .contains("spreadsheetml")
        );
        let notice = form(&[("unit", &market_id), ("period", "2026-Q1")]);
        let denied = app
            .post("/office/hall/staff/notices", Some(&centre_handler), &notice)
            .await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN, "{}", denied.body);
        let sent = app
            .post("/office/hall/staff/notices", Some(&centre_leader), &notice)
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        let at = sent.location().to_owned();
        assert!(at.starts_with("/office/hall/staff/notices/"), "{at}");
        let letter = app.get(&at, Some(&market_leader)).await;
        assert_eq!(letter.status, StatusCode::OK);
        assert!(letter.body.contains("窗考通〔") && letter.body.contains("优秀"));
        assert!(letter.body.contains("区市场监督管理局"));
        let other = app.get(&at, Some(&housing)).await;
        assert_eq!(other.status, StatusCode::NOT_FOUND);
        let again = app
            .post("/office/hall/staff/notices", Some(&centre_leader), &notice)
            .await;
        assert_eq!(again.status, StatusCode::BAD_REQUEST);
        assert!(again.body.contains("没有尚未通知的考核结果"));

        // Every change audited: register, 2 approvals, attendance, request, decision,
        // assessment, notice.
        let audited = count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'hall.staff.%'",
        )
        .await;
        assert_eq!(audited, 8);
    }
}
