//! The social evaluation by HTTP, on both backends (PUB-EVAL, with PUB-ACCOUNT): the
//! government office's openness officer appoints evaluators (a missing name refused, 400,
//! nothing stored), opens 2025 and 2026, submits sheets on the market bureau — a second
//! submission of a submitted sheet is refused (400) and the stored rating unchanged —; the
//! page shows 50 % then 0 % with the 约谈 mark and the accountability event; the interview is
//! recorded and the case opened from the page; the workbook is the office's (another unit's
//! leader gets 404); publication puts the units and their satisfaction on the portal, never an
//! evaluator's name; a handler may not publish (403).

use axum::http::StatusCode;
use sqlx::Row as _;

use crate::common::app_on;

const CANARY: &str = "评议代表金丝雀";

async fn count(app: &crate::common::TestApp, sql: &'static str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap()
}

fn encoded(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn pub_eval_sheets_locked_results_interview_case_export_and_publication() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let db = &app.platform.db;
        let officer = app.demo_session("openness").await;
        let handler = app.demo_session("handler").await;
        let leader = app.demo_session("leader").await;
        let market = platform::units::find_by_code(db, "gz-market")
            .await
            .unwrap()
            .unwrap();

        let page = app.get("/office/openness/evaluation", Some(&officer)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("聘请评议代表"), "{}", page.body);
        let denied = app.get("/office/openness/evaluation", Some(&handler)).await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);

        // A missing name: 400, nothing stored.
        let refused = app
            .post(
                "/office/openness/evaluation/evaluators",
                Some(&officer),
                "name=&origin=x&term_from=2025-06-01",
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains("请填写评议代表姓名"));
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM openness_evaluators").await,
            0
        );
        for name in [CANARY, "评议代表乙"] {
            let form = format!(
                "name={}&origin={}&term_from=2025-06-01",
                encoded(name),
                encoded("县人大代表")
            );
            let appointed = app
                .post(
                    "/office/openness/evaluation/evaluators",
                    Some(&officer),
                    &form,
                )
                .await;
            assert_eq!(
                appointed.status,
                StatusCode::SEE_OTHER,
                "{}",
                appointed.body
            );
        }
        let page = app.get("/office/openness/evaluation", Some(&officer)).await;
        assert!(
            page.body.contains("2025-06-01 至 2027-05-31"),
            "{}",
            page.body
        );
        let (first, second) = {
            let rows = sqlx::query("SELECT id FROM openness_evaluators ORDER BY id")
                .fetch_all(&db.pool)
                .await
                .unwrap();
            let id = |i: usize| rows[i].try_get::<i64, _>("id").unwrap();
            (id(0), id(1))
        };

        let bad = app
            .post(
                "/office/openness/evaluation/years",
                Some(&officer),
                "year=abc",
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        for year in [2025, 2026] {
            let opened = app
                .post(
                    "/office/openness/evaluation/years",
                    Some(&officer),
                    &format!("year={year}"),
                )
                .await;
            assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
        }
        let sheets = [
            (2025, first, "unsatisfied"),
            (2025, second, "basic"),
            (2026, first, "unsatisfied"),
            (2026, second, "unsatisfied"),
        ];
        for (year, evaluator, rating) in sheets {
            let form = format!(
                "year={year}&evaluator={evaluator}&unit={}&rating={rating}&remark=&action=submit",
                market.id
            );
            let sent = app
                .post("/office/openness/evaluation/sheets", Some(&officer), &form)
                .await;
            assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        }
        // A submitted sheet is never changed.
        let again = format!(
            "year=2026&evaluator={first}&unit={}&rating=satisfied&remark=&action=submit",
            market.id
        );
        let locked = app
            .post("/office/openness/evaluation/sheets", Some(&officer), &again)
            .await;
        assert_eq!(locked.status, StatusCode::BAD_REQUEST);
        assert!(locked.body.contains("提交后不得修改"), "{}", locked.body);
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) FROM openness_evaluation_sheets WHERE rating = 'satisfied'"
            )
            .await,
            0
        );

        let year = app
            .get("/office/openness/evaluation?year=2026", Some(&officer))
            .await;
        assert_eq!(year.status, StatusCode::OK);
        assert!(year.body.contains("0.0%") && year.body.contains("50.0%"));
        assert!(year.body.contains("连续两年未达标"), "{}", year.body);
        let missing = app
            .get("/office/openness/evaluation?year=1999", Some(&officer))
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);

        let interview = format!(
            "year=2026&unit={}&on=2026-03-01&note={}",
            market.id,
            encoded("约谈局长，限期整改")
        );
        let recorded = app
            .post(
                "/office/openness/evaluation/interviews",
                Some(&officer),
                &interview,
            )
            .await;
        assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
        let case = format!(
            "year=2026&unit={}&responsible={}&sanction=notice",
            market.id,
            encoded("黄局长")
        );
        let opened = app
            .post("/office/openness/evaluation/cases", Some(&officer), &case)
            .await;
        assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
        let twice = app
            .post("/office/openness/evaluation/cases", Some(&officer), &case)
            .await;
        assert_eq!(twice.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM openness_account_cases").await,
            1
        );
        let year = app
            .get("/office/openness/evaluation?year=2026", Some(&officer))
            .await;
        assert!(year.body.contains("/office/openness/accountability/"));
        assert!(year.body.contains("约谈局长"));

        let workbook = app
            .get(
                "/office/openness/evaluation/results.xlsx?year=2026",
                Some(&officer),
            )
            .await;
        assert_eq!(workbook.status, StatusCode::OK);
        assert!(
            workbook.headers[axum::http::header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .contains("spreadsheetml")
        );
        let elsewhere = app
            .get(
                "/office/openness/evaluation/results.xlsx?year=2026",
                Some(&leader),
            )
            .await;
        assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);

        // Published on the portal: units and satisfaction, never an evaluator.
        let before = app.get("/openness/evaluation", None).await;
        assert!(before.body.contains("暂无公布"));
        let forbidden = app
            .post(
                "/office/openness/evaluation/publish",
                Some(&handler),
                "year=2026",
            )
            .await;
        assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
        let published = app
            .post(
                "/office/openness/evaluation/publish",
                Some(&officer),
                "year=2026",
            )
            .await;
        assert_eq!(
            published.status,
            StatusCode::SEE_OTHER,
            "{}",
            published.body
        );
        let public = app.get("/openness/evaluation", None).await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(public.body.contains(&market.name) && public.body.contains("0.0%"));
        assert!(!public.body.contains(CANARY) && !public.body.contains("PUB-"));
        let closed = app
            .post("/office/openness/evaluation/sheets", Some(&officer), &again)
            .await;
        assert_eq!(closed.status, StatusCode::BAD_REQUEST);
        assert!(
            count(
                &app,
                "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'openness.evaluation.%'"
            )
            .await
                >= 9
        );
    }
}
