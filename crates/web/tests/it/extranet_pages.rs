//! The extranet's back office by HTTP (NET-ACCESS, NET-IPAM; 000 外网 §5(三), §10), on both
//! backends: the market bureau's handler applies for access from the form (without a basis
//! it is refused, 400, nothing stored); the office's refusal without a reason and a plan by
//! the office are refused with 400 and nothing changed; the office approves, allocates the
//! next free /29 of a pool to the application from its page, the unit files its plan, the
//! office implements, a failed business test goes back to troubleshooting, the second
//! implementation's test passes and the access is in operation, each step's clock on the
//! page; the pool page shows the utilisation and the unit's share, names an address,
//! exports NetBox CSV; an overlapping allocation and an import with a bad row are refused
//! with nothing changed; a reclaimed block goes back to the pool. Another unit's staff do not
//! find the application.

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

fn encoded(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

async fn version(app: &TestApp, id: i64) -> i64 {
    number(
        app,
        &format!("SELECT version AS n FROM extranet_applications WHERE id = {id}"),
    )
    .await
}

async fn step(
    app: &TestApp,
    who: &crate::common::Client,
    id: i64,
    what: &str,
    body: &str,
) -> crate::common::Answer {
    let v = version(app, id).await;
    app.post(
        &format!("/office/extranet/applications/{id}/{what}"),
        Some(who),
        &format!("version={v}&{body}"),
    )
    .await
}

#[tokio::test]
async fn net_access_and_net_ipam_through_the_pages() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let handler = app.demo_session("handler").await;
        let office = app.demo_session("netadmin").await;
        let stored = "SELECT COUNT(*) AS n FROM extranet_applications";

        let form = app
            .get("/office/extranet/applications/new", Some(&handler))
            .await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("单位类别"), "{}", form.body);
        let base = format!(
            "kind=access&eligibility=party_government&mode=dedicated_line&scope={}&v4=%2F29&v6=&of_access=",
            encoded("局机关办公楼三层")
        );
        // NET-ELIGIBLE: the basis is required; nothing stored.
        let refused = app
            .post(
                "/office/extranet/applications",
                Some(&handler),
                &format!("{base}&basis="),
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains("申请依据"), "{}", refused.body);
        assert_eq!(number(&app, stored).await, 0);
        let made = app
            .post(
                "/office/extranet/applications",
                Some(&handler),
                &format!("{base}&basis={}", encoded("市场监管业务系统接入政务外网")),
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        let page = made.location().to_owned();
        let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
        let shown = app.get(&page, Some(&office)).await;
        assert!(shown.body.contains("审核期限"), "{}", shown.body);
        assert!(shown.body.contains("/approve"));

        // Another unit's handler learns nothing of it.
        let other = app.login_as(platform::roles::Role::UnitHandler).await;
        assert_eq!(
            app.get(&page, Some(&other)).await.status,
            StatusCode::NOT_FOUND
        );

        // NET-ACCESS: a refusal needs its reason; the plan is the unit's.
        let audit = app.audit_seq().await;
        let no_reason = step(&app, &office, id, "refuse", "text=").await;
        assert_eq!(no_reason.status, StatusCode::BAD_REQUEST);
        assert!(no_reason.body.contains("理由"), "{}", no_reason.body);
        let wrong = step(&app, &office, id, "plan", "text=x").await;
        assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
        assert_eq!(app.audit_seq().await, audit);

        let approved = step(&app, &office, id, "approve", "text=").await;
        assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);

        // NET-IPAM: a pool, the next free /29 tied to this application.
        let pool = app
            .post(
                "/office/extranet/pools",
                Some(&office),
                &format!(
                    "name={}&prefix=10.62.0.0%2F16&description=",
                    encoded("区直单位")
                ),
            )
            .await;
        assert_eq!(pool.status, StatusCode::SEE_OTHER, "{}", pool.body);
        let pool_page = pool.location().to_owned();
        let pool_id: i64 = pool_page.rsplit('/').next().unwrap().parse().unwrap();
        let allocated = app
            .post(
                &format!("/office/extranet/applications/{id}/allocate"),
                Some(&office),
                &format!("pool={pool_id}&mode=next&length=29&prefix=&status=active&description=OA"),
            )
            .await;
        assert_eq!(
            allocated.status,
            StatusCode::SEE_OTHER,
            "{}",
            allocated.body
        );
        let shown = app.get(&page, Some(&handler)).await;
        assert!(shown.body.contains("10.62.0.0/29"), "{}", shown.body);
        // No overlap, ever: the same block again is refused, nothing changed.
        let audit = app.audit_seq().await;
        let overlap = app
            .post(
                &format!("/office/extranet/applications/{id}/allocate"),
                Some(&office),
                &format!(
                    "pool={pool_id}&mode=exact&length=&prefix=10.62.0.4&status=active&description="
                ),
            )
            .await;
        assert_eq!(overlap.status, StatusCode::BAD_REQUEST);
        assert!(overlap.body.contains("重叠"), "{}", overlap.body);
        assert_eq!(app.audit_seq().await, audit);

        // The steps to operation, a failed test repeated.
        assert_eq!(
            step(&app, &handler, id, "plan", "text=plan").await.status,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            step(&app, &office, id, "implement", "text=done")
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let failed = step(&app, &handler, id, "test", "text=fail&passed=no").await;
        assert_eq!(failed.status, StatusCode::SEE_OTHER);
        let shown = app.get(&page, Some(&handler)).await;
        assert!(shown.body.contains("排查中"), "{}", shown.body);
        assert_eq!(
            step(&app, &office, id, "implement", "text=again")
                .await
                .status,
            StatusCode::SEE_OTHER
        );
        let passed = step(&app, &handler, id, "test", "text=ok&passed=yes").await;
        assert_eq!(passed.status, StatusCode::SEE_OTHER);
        let shown = app.get(&page, Some(&handler)).await;
        assert!(shown.body.contains("运行中"), "{}", shown.body);
        assert!(shown.body.contains("业务测试期限"), "{}", shown.body);

        // The pool's page: utilisation, the unit's share; a name; the NetBox export.
        let view = app.get(&pool_page, Some(&office)).await;
        assert_eq!(view.status, StatusCode::OK);
        assert!(view.body.contains("区市场监督管理局"), "{}", view.body);
        assert!(view.body.contains("0.0%") || view.body.contains('%'));
        let named = app
            .post(
                "/office/extranet/names",
                Some(&office),
                &format!("name=oa.market.gz.gov&address=10.62.0.2&pool={pool_id}"),
            )
            .await;
        assert_eq!(named.status, StatusCode::SEE_OTHER, "{}", named.body);
        let csv = app
            .get(&format!("{pool_page}/export?sheet=prefixes"), Some(&office))
            .await;
        assert!(csv.body.starts_with("prefix,"), "{}", csv.body);
        assert!(csv.body.contains("10.62.0.0/29"), "{}", csv.body);

        // NET-IPAM: one bad row refuses the whole file.
        let audit = app.audit_seq().await;
        let bad = "prefix,status,tenant,description\n10.62.1.0/29,active,区市场监督管理局,a\n10.62.0.0/30,active,区市场监督管理局,b\n";
        let import = app
            .post_multipart(
                "/office/extranet/import",
                Some(&office),
                &[("sheet", "prefixes")],
                &[("file", "p.csv", bad.as_bytes())],
            )
            .await;
        assert_eq!(import.status, StatusCode::BAD_REQUEST);
        assert!(import.body.contains("第 3 行"), "{}", import.body);
        assert_eq!(app.audit_seq().await, audit);
        let good = "prefix,status,tenant,description\n10.62.1.0/29,active,区市场监督管理局,a\n";
        let import = app
            .post_multipart(
                "/office/extranet/import",
                Some(&office),
                &[("sheet", "prefixes")],
                &[("file", "p.csv", good.as_bytes())],
            )
            .await;
        assert_eq!(import.status, StatusCode::SEE_OTHER, "{}", import.body);

        // Reclaiming gives the block back.
        let allocation = number(
            &app,
            "SELECT MIN(id) AS n FROM extranet_allocations WHERE active = 1",
        )
        .await;
        let reclaimed = app
            .post(
                &format!("/office/extranet/allocations/{allocation}/reclaim"),
                Some(&office),
                "",
            )
            .await;
        assert_eq!(
            reclaimed.status,
            StatusCode::SEE_OTHER,
            "{}",
            reclaimed.body
        );
        let live = "SELECT COUNT(*) AS n FROM extranet_allocations WHERE active = 1";
        assert_eq!(number(&app, live).await, 1);
        let list = app
            .get("/office/extranet/applications", Some(&office))
            .await;
        assert!(list.body.contains("区市场监督管理局"), "{}", list.body);
    }
}
