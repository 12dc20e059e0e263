//! The 19号 indicators' deduction points as editable data by HTTP (issue 19, WEB-INSPECT;
//! migration 0067), on both backends: the page lists the starting values (the national check's
//! points of reports.md §3 and the district's for the crawl's finding kinds); a change by the
//! IT office's administrator is audited and scores the quarterly report at once, a cap bounds
//! an indicator's deduction; bad input is answered in Chinese and changes nothing; other roles
//! are refused.

use axum::http::StatusCode;
use platform::roles::Role;

use crate::common::{TestApp, app_on};
use crate::inspect_pages::crawled;
use crate::sites_office_world::{People, encode, open_site, staff};

const PAGE: &str = "/office/inspect/deductions";

async fn audits(app: &TestApp) -> i64 {
    use sqlx::Row as _;
    sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'inspect.deduction.update'")
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

fn change(indicator: &str, points: &str, cap: &str) -> String {
    encode(&[("indicator", indicator), ("points", points), ("cap", cap)])
}

/// WEB-INSPECT (19号): the deduction points are data the administrator edits; the report
/// scores with them.
#[tokio::test]
async fn web_inspect_deduction_points_are_editable_data_that_score_the_report() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let p = People::new(&app).await;
        let site = open_site(&app, &p).await;
        crawled(&app, site, p.edu).await;
        let admin = staff(&app, "gz-it", &[Role::SystemAdmin]).await;

        let page = app.get(PAGE, Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        for seeded in [
            "政策文件类一级栏目6个月未更新（每个）",
            "“我为政府网站找错”留言未办结（每条）",
            "“我为政府网站找错”留言超过1个月办结（每条）",
            "错误表述（每处）",
            "国办秘函〔2019〕19号",
        ] {
            assert!(page.body.contains(seeded), "{seeded}");
        }
        // The starting values: wrong-word 2, ID number 5, broken link 1 → 92.
        let report = format!("/office/inspect/report?site={site}");
        let before = app.get(&report, Some(&admin)).await;
        assert!(
            before.body.contains("扣分 8，得分 <strong>92</strong>"),
            "{}",
            before.body
        );

        let saved = app
            .post(PAGE, Some(&admin), &change("wrong-word", "10", ""))
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        assert_eq!(audits(&app).await, 1, "audited");
        let after = app.get(&report, Some(&admin)).await;
        assert!(
            after.body.contains("扣分 16，得分 <strong>84</strong>"),
            "{}",
            after.body
        );
        let page = app.get(PAGE, Some(&admin)).await;
        assert!(page.body.contains("value=\"10\""), "{}", page.body);
        // A cap bounds the indicator's deduction (19号: never more than its points).
        let capped = app
            .post(PAGE, Some(&admin), &change("privacy-id-number", "5", "3"))
            .await;
        assert_eq!(capped.status, StatusCode::BAD_REQUEST, "cap below points");
        assert!(
            capped
                .body
                .contains("扣分上限（3分）不能小于每处扣分（5分）"),
            "{}",
            capped.body
        );
        let xlsx = app
            .get(
                &format!("/office/inspect/report.xlsx?site={site}"),
                Some(&admin),
            )
            .await;
        assert_eq!(xlsx.status, StatusCode::OK);

        // Bad input: answered in Chinese, nothing changed, nothing audited.
        for (form, reason) in [
            (change("wrong-word", "abc", ""), "应为0至100的整数"),
            (change("wrong-word", "-1", ""), "应为0至100的整数"),
            (change("wrong-word", "101", ""), "应为0至100的整数"),
            (change("wrong-word", "3", "x"), "扣分上限"),
            (change("no-such", "3", ""), "没有指标"),
        ] {
            let refused = app.post(PAGE, Some(&admin), &form).await;
            assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{form}");
            assert!(refused.body.contains(reason), "{form}: {}", refused.body);
        }
        assert_eq!(audits(&app).await, 1, "refusals change nothing");
        let still = app.get(&report, Some(&admin)).await;
        assert!(
            still.body.contains("得分 <strong>84</strong>"),
            "{}",
            still.body
        );

        // Deny by default: a publisher neither sees nor changes the points.
        let refused = app.get(PAGE, Some(&p.publisher)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let refused = app
            .post(PAGE, Some(&p.publisher), &change("wrong-word", "0", ""))
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(audits(&app).await, 1);
    }
}
