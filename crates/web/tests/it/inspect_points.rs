//! The 19号 point table beyond the single veto by HTTP (issue 19, WEB-INSPECT; migration 0087),
//! on both backends: a site's page shows the deduction indicators scored from records with
//! their evidence and the manual indicators with the quarter's entries; the administrator
//! enters a manual indicator's points with a reason (audited), which the quarterly report (and
//! its .xlsx) deducts or counts as bonus; bad input is answered in Chinese and changes nothing;
//! other roles are refused.

use axum::http::StatusCode;
use platform::roles::Role;

use crate::common::{TestApp, app_on};
use crate::inspect_pages::crawled;
use crate::sites_office_world::{People, encode, open_site, staff};

async fn audits(app: &TestApp) -> i64 {
    use sqlx::Row as _;
    sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'inspect.manual.enter'")
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// WEB-INSPECT (19号): record-scored indicators with their evidence on the site's page; manual
/// ones entered with a reason, audited, in the report; never invented.
#[tokio::test]
async fn web_inspect_the_point_table_scores_records_and_takes_manual_entries_with_a_reason() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let p = People::new(&app).await;
        let site = open_site(&app, &p).await;
        crawled(&app, site, p.edu).await;
        let admin = staff(&app, "gz-it", &[Role::SystemAdmin]).await;
        let page_url = format!("/office/inspect/sites/{site}");
        let manual_url = format!("/office/inspect/sites/{site}/manual");

        let page = app.get(&page_url, Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        for shown in [
            "按平台记录计分",
            "政策文件类一级栏目6个月未更新",
            "办事服务统计数据3个月未更新",
            "留言答复2个月未更新",
            "没有办事统计栏目",
            "人工填报指标",
            "功能设计（域名、名称与标识",
            "加分指标",
        ] {
            assert!(page.body.contains(shown), "{shown}: {}", page.body);
        }
        let quarter = page
            .body
            .split("name=\"quarter\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .to_owned();
        let entry = |indicator: &str, points: &str, reason: &str| {
            encode(&[
                ("quarter", quarter.as_str()),
                ("indicator", indicator),
                ("points", points),
                ("reason", reason),
            ])
        };

        // Bad input: answered in Chinese, nothing stored, nothing audited.
        for (form, reason) in [
            (entry("design-manual", "101", "已查"), "应为0至100的整数"),
            (entry("bonus-manual", "31", "已查"), "应为0至30的整数"),
            (entry("policy-column-stale", "5", "已查"), "按平台记录计分"),
            (entry("design-manual", "2", ""), "请填写依据"),
            (entry("no-such", "2", "已查"), "没有指标"),
            (
                encode(&[
                    ("quarter", "2026Q9"),
                    ("indicator", "design-manual"),
                    ("points", "2"),
                    ("reason", "已查"),
                ]),
                "季度应写作",
            ),
        ] {
            let refused = app.post(&manual_url, Some(&admin), &form).await;
            assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{form}");
            assert!(refused.body.contains(reason), "{form}: {}", refused.body);
        }
        assert_eq!(audits(&app).await, 0);

        // The starting report: wrong-word 2, ID number 5, broken link 1 → 92.
        let report_url = format!("/office/inspect/report?site={site}&quarter={quarter}");
        let before = app.get(&report_url, Some(&admin)).await;
        assert!(
            before.body.contains("扣分 8，得分 <strong>92</strong>"),
            "{}",
            before.body
        );
        assert!(
            before.body.contains("没有政策文件类一级栏目"),
            "{}",
            before.body
        );

        let reason = "网站不支持IPv6访问";
        let saved = app
            .post(
                &manual_url,
                Some(&admin),
                &entry("design-manual", "3", reason),
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let saved = app
            .post(
                &manual_url,
                Some(&admin),
                &entry("bonus-manual", "10", "政务公开专栏有创新"),
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        assert_eq!(audits(&app).await, 2, "audited");
        let page = app.get(&page_url, Some(&admin)).await;
        assert!(page.body.contains(reason), "{}", page.body);

        // 8 + 3 = 11 off → 89, above 80: the bonus 10 counts, 99 in all.
        let after = app.get(&report_url, Some(&admin)).await;
        assert!(
            after
                .body
                .contains("扣分 11，得分 <strong>89</strong>，加分 10，总分 <strong>99</strong>"),
            "{}",
            after.body
        );
        assert!(after.body.contains(&format!("人工填报：{reason}")));
        let xlsx = app
            .get(
                &format!("/office/inspect/report.xlsx?site={site}&quarter={quarter}"),
                Some(&admin),
            )
            .await;
        assert_eq!(xlsx.status, StatusCode::OK);

        // Deny by default: the publisher enters nothing.
        let refused = app
            .post(
                &manual_url,
                Some(&p.publisher),
                &entry("design-manual", "0", "x"),
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(audits(&app).await, 2);
    }
}
