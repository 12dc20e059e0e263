//! The monthly usage report through the pages, on both backends (DATA-MAINT: usage reported
//! periodically; DATA-CALL): on the demo, the business bureau's system calls 企业登记信息 with
//! the demo code twice and once for a field outside its grant; the administrator's report of
//! this month names the resource with its provider and the consumer with three calls, one
//! refused and the records returned, and exports it as an .xlsx book; the business bureau's
//! staff see their own line, a unit with no calls sees none; a malformed month is named on
//! the page (the default period shown), and refused by the export.

use axum::body::Body;
use axum::http::{Request, StatusCode};

use crate::common::{TestApp, app_on};

async fn call(app: &TestApp, resource: i64, query: &str) -> StatusCode {
    app.send_request(
        Request::builder()
            .uri(format!("/share/v1/{resource}{query}"))
            .header(
                "authorization",
                format!("Bearer {}", demo::sharing::DEMO_CODE),
            )
            .body(Body::empty())
            .unwrap(),
    )
    .await
    .status
}

#[tokio::test]
async fn data_maint_the_monthly_usage_report_and_its_excel_export() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        platform::demo::seed_contacts(&app.platform.db, &app.platform.key)
            .await
            .unwrap();
        demo::sharing::seed(&app.platform).await.unwrap();
        let admin = app.demo_session("dataadmin").await;
        let consumer = app.demo_session("business.a").await;
        let elsewhere = app.demo_session("housing.a").await;
        let resource: i64 = sqlx::query_scalar("SELECT MIN(resource_id) FROM sharing_grants")
            .fetch_one(&app.platform.db.pool)
            .await
            .unwrap();
        assert_eq!(call(&app, resource, "?page_size=5").await, StatusCode::OK);
        assert_eq!(call(&app, resource, "?page_size=3").await, StatusCode::OK);
        assert_eq!(
            call(&app, resource, "?fields=legal_person").await,
            StatusCode::FORBIDDEN
        );
        let month = chrono::Utc::now()
            .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
            .format("%Y-%m")
            .to_string();

        let page = app
            .get(
                &format!("/office/sharing/reports?from={month}&to={month}"),
                Some(&admin),
            )
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let body = &page.body;
        assert!(body.contains("企业登记信息"), "{body}");
        assert!(body.contains("区市场监督管理局"), "the provider: {body}");
        assert!(body.contains("区营商环境建设局"), "the consumer: {body}");
        assert!(
            body.contains("<td>3</td><td>1</td><td>8</td>"),
            "three calls, one refused, eight records: {body}"
        );
        let own = app.get("/office/sharing/reports", Some(&consumer)).await;
        assert_eq!(own.status, StatusCode::OK);
        assert!(
            own.body.contains("<td>3</td><td>1</td><td>8</td>"),
            "{}",
            own.body
        );
        let none = app.get("/office/sharing/reports", Some(&elsewhere)).await;
        assert_eq!(none.status, StatusCode::OK);
        assert!(none.body.contains("id=\"no-resource\""), "{}", none.body);

        let bad = app
            .get("/office/sharing/reports?from=2026-13", Some(&admin))
            .await;
        assert_eq!(bad.status, StatusCode::OK);
        assert!(bad.body.contains("起始月份“2026-13”"), "{}", bad.body);
        let reversed = app
            .get(
                "/office/sharing/reports/export?from=2026-05&to=2026-04",
                Some(&admin),
            )
            .await;
        assert_eq!(reversed.status, StatusCode::BAD_REQUEST);

        let export = app
            .get(
                &format!("/office/sharing/reports/export?from={month}&to={month}"),
                Some(&admin),
            )
            .await;
        assert_eq!(export.status, StatusCode::OK);
        assert!(export.body.starts_with("PK"), "an .xlsx (zip) file");
        let disposition = export
            .headers
            .get("content-disposition")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            disposition.contains(&format!("sharing-usage-report-{month}-{month}.xlsx")),
            "{disposition}"
        );
    }
}
