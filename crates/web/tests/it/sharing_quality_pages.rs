//! Quality problems and maintenance notices through the pages, on both backends
//! (DATA-QUALITY, DATA-MAINT, SEC-NOTICE): on the demo, the business bureau reports a quality
//! problem in 企业登记信息 it holds a grant on (without a description: 400, nothing stored);
//! the market bureau's handler confirms and fixes it; the market bureau announces maintenance
//! of the resource (too early: 400 naming the rule, nothing stored), the business bureau is
//! told and its grants page shows the notice.

use axum::http::StatusCode;
use sqlx::Row as _;

use crate::common::{TestApp, app_on};

async fn number(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

fn enc(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn local(days: i64, hours: i64) -> String {
    let at = calendar::Instant::from_millis(
        platform::db::now_ms() + days * 86_400_000 + hours * 3_600_000,
    );
    at.to_datetime().format("%Y-%m-%dT%H:%M").to_string()
}

#[tokio::test]
async fn data_quality_data_maint_sec_notice_through_the_pages() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        platform::demo::seed_contacts(&app.platform.db, &app.platform.key)
            .await
            .unwrap();
        demo::sharing::seed(&app.platform).await.unwrap();
        let consumer = app.demo_session("business.a").await;
        let provider = app.demo_session("handler").await;
        let grant = number(&app, "SELECT MIN(id) AS n FROM sharing_grants").await;
        let entry = number(&app, "SELECT MIN(entry_id) AS n FROM sharing_grants").await;
        let reports = "SELECT COUNT(*) AS n FROM sharing_quality_reports";

        // DATA-QUALITY: the consumer reports; an empty description is refused.
        let page = app.get("/office/sharing/quality", Some(&consumer)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("反馈数据质量问题"), "{}", page.body);
        let empty = app
            .post(
                "/office/sharing/quality",
                Some(&consumer),
                &format!("kind=quality&grant={grant}&description="),
            )
            .await;
        assert_eq!(empty.status, StatusCode::BAD_REQUEST, "{}", empty.body);
        assert_eq!(number(&app, reports).await, 0);
        let filed = app
            .post(
                "/office/sharing/quality",
                Some(&consumer),
                &format!(
                    "kind=quality&grant={grant}&description={}",
                    enc("部分企业登记状态与实际不符")
                ),
            )
            .await;
        assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.body);
        let id = number(&app, "SELECT MAX(id) AS n FROM sharing_quality_reports").await;
        let seen = app.get("/office/sharing/quality", Some(&provider)).await;
        assert!(
            seen.body.contains("部分企业登记状态与实际不符"),
            "{}",
            seen.body
        );
        for body in [
            "command=confirm&answer=",
            &format!("command=fix&answer={}", enc("已更正")),
        ] {
            let done = app
                .post(
                    &format!("/office/sharing/quality/{id}/command"),
                    Some(&provider),
                    body,
                )
                .await;
            assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        }
        let status: String =
            sqlx::query("SELECT status FROM sharing_quality_reports WHERE id = $1")
                .bind(id)
                .fetch_one(&app.platform.db.pool)
                .await
                .unwrap()
                .try_get("status")
                .unwrap();
        assert_eq!(status, "fixed");

        // DATA-MAINT: too early refused naming the rule; three weeks ahead, the consumer told.
        let announce = |starts: String, ends: String| {
            format!(
                "scope={entry}-1&starts_at={starts}&ends_at={ends}&stops_service=1&description={}&workday_reason={}",
                enc("数据库升级"),
                enc("上级统一安排")
            )
        };
        let early = app
            .post(
                "/office/sharing/maintenance",
                Some(&provider),
                &announce(local(0, 2), local(0, 4)),
            )
            .await;
        assert_eq!(early.status, StatusCode::BAD_REQUEST, "{}", early.body);
        assert!(early.body.contains("DATA-MAINT"), "{}", early.body);
        let made = app
            .post(
                "/office/sharing/maintenance",
                Some(&provider),
                &announce(local(21, 0), local(21, 3)),
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        assert_eq!(
            number(&app, "SELECT COUNT(*) AS n FROM sharing_notices").await,
            1
        );
        // SEC-NOTICE: the affected pages show it.
        let grants = app.get("/office/sharing/grants", Some(&consumer)).await;
        assert!(grants.body.contains("维护公告"), "{}", grants.body);
        let list = app
            .get("/office/sharing/maintenance", Some(&consumer))
            .await;
        assert!(list.body.contains("数据库升级"), "{}", list.body);
    }
}
