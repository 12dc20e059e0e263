//! PUB-ANNUAL by HTTP, on both backends: sections 一, 五 and 六 of the annual report and its
//! publication. The government office's openness officer finds section 一 drafted from the
//! records, has an overlong section shown again in Chinese (nothing stored) and saves the
//! three; the office head — not the officer — signs it off; the report is then public at
//! `/openness/annual/{year}?unit=`, listed at `/openness/annual` and on the catalogue page
//! (which also links the social evaluation), marked late after the profile's date, and
//! never changed again. An unpublished report is not found.

use axum::http::StatusCode;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use platform::roles::Role;
use sqlx::Row as _;

use crate::common::app_on;
use crate::sites_submissions::staff_in;

fn encoded(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}

fn texts(overview: &str, problems: &str, other: &str) -> String {
    format!(
        "year=2025&scope=unit&overview={}&problems={}&other={}",
        encoded(overview),
        encoded(problems),
        encoded(other)
    )
}

#[tokio::test]
async fn pub_annual_sections_sign_off_and_the_public_report() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let officer = app.demo_session("openness").await;
        let head = staff_in(&app, "gz-office", Role::UnitLeader, "t.report.head").await;
        let office = platform::units::find_by_code(&app.platform.db, "gz-office")
            .await
            .unwrap()
            .unwrap()
            .id;

        let page = app
            .get("/office/openness/annual?year=2025", Some(&officer))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("未开始编写"), "{}", page.body);
        assert!(page.body.contains("认真贯彻落实"));
        assert!(page.body.contains("/office/openness/annual/texts"));
        assert!(!page.body.contains("/office/openness/annual/publish"));

        // An overlong section: shown again in Chinese, nothing stored.
        let long = "长".repeat(20_001);
        let bad = app
            .post(
                "/office/openness/annual/texts",
                Some(&officer),
                &texts(&long, "问题", "其他"),
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
        assert!(bad.body.contains("不能超过20000个字"), "{}", bad.body);
        let count = "SELECT COUNT(*) AS n FROM openness_annual_reports";
        let n: i64 = sqlx::query(count)
            .fetch_one(&app.platform.db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
        assert_eq!(n, 0);

        let saved = app
            .post(
                "/office/openness/annual/texts",
                Some(&officer),
                &texts("本单位总体情况", "存在问题及改进", "无其他事项"),
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let page = app
            .get("/office/openness/annual?year=2025", Some(&head))
            .await;
        assert!(page.body.contains("草稿"), "{}", page.body);
        assert!(page.body.contains("本单位总体情况"));
        assert!(page.body.contains("/office/openness/annual/publish"));

        // The officer does not sign off; the head does.
        let refused = app
            .post(
                "/office/openness/annual/publish",
                Some(&officer),
                "year=2025&scope=unit",
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let public = format!("/openness/annual/2025?unit={office}");
        assert_eq!(app.get(&public, None).await.status, StatusCode::NOT_FOUND);
        let published = app
            .post(
                "/office/openness/annual/publish",
                Some(&head),
                "year=2025&scope=unit",
            )
            .await;
        assert_eq!(
            published.status,
            StatusCode::SEE_OTHER,
            "{}",
            published.body
        );

        let shown = app.get(&public, None).await;
        assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
        for text in [
            "区人民政府办公室2025年政府信息公开工作年度报告",
            "一、总体情况",
            "本单位总体情况",
            "三、收到和处理政府信息公开申请情况",
            "五、存在的主要问题及改进情况",
            "存在问题及改进",
            "六、其他需要报告的事项",
        ] {
            assert!(shown.body.contains(text), "{text}");
        }
        let list = app.get("/openness/annual", None).await;
        assert!(list.body.contains(&public), "{}", list.body);
        let catalogue = app.get("/openness/catalogue", None).await;
        assert!(catalogue.body.contains(&public));
        assert!(catalogue.body.contains("href=\"/openness/evaluation\""));
        assert_eq!(
            app.get("/openness/annual/2025", None).await.status,
            StatusCode::NOT_FOUND
        );

        // Published today, after the profile's date: late; never changed again.
        let page = app
            .get("/office/openness/annual?year=2025", Some(&officer))
            .await;
        assert!(page.body.contains("逾期发布"), "{}", page.body);
        assert!(!page.body.contains("/office/openness/annual/texts"));
        let changed = app
            .post(
                "/office/openness/annual/texts",
                Some(&officer),
                &texts("改写", "改写", "改写"),
            )
            .await;
        assert_eq!(changed.status, StatusCode::CONFLICT, "{}", changed.body);
        assert!(app.get(&public, None).await.body.contains("本单位总体情况"));
    }
}
