//! SEC-HOSTING on both backends: a leader of the site's host unit declares its hosting (with
//! its audit row; an editor is refused, nothing stored), a redeclaration replaces it, the
//! resolved addresses of a domain (localhost, no network) compared with the declaration, and
//! the crawl job recording the hosting findings as the units' work with the fix clock: the
//! portal without a declaration, the bureau's site declared on a foreign provider.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::get;
use sites::inspection::jobs::{self, Locate};
use sites::registry::Hosting;
use sites::usecase::hosting;

use crate::PROFILE;
use crate::world::{World, t0, worlds};

fn form(provider_abroad: bool, addresses: &str) -> Hosting {
    Hosting::from_form(
        "commercial",
        "某云服务公司",
        provider_abroad,
        false,
        "甘肃省",
        "张掖市",
        "甘州区",
        addresses,
    )
    .unwrap()
}

async fn kinds_of(w: &World, site: sites::SiteId) -> Vec<(String, i64)> {
    let rows = sqlx::query(
        "SELECT kind, unit_id FROM inspect_findings WHERE site_id = $1 AND kind LIKE 'hosting-%' \
         ORDER BY kind",
    )
    .bind(site.0)
    .fetch_all(&w.platform.db.pool)
    .await
    .unwrap();
    rows.iter()
        .map(|row| {
            (
                sqlx::Row::try_get(row, "kind").unwrap(),
                sqlx::Row::try_get(row, "unit_id").unwrap(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sec_hosting_declared_checked_and_found_by_the_inspection() {
    let app = Router::new().route("/", get(|| async { "<html><body>首页</body></html>" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    for w in worlds().await {
        let db = &w.platform.db;
        let backend = w.backend();
        // An editor may not declare; nothing stored.
        let refused = hosting::declare_hosting(
            db,
            &w.context(&w.editor_a, t0()),
            &w.editor_a.acting,
            w.dept,
            &form(false, "127.0.0.1"),
        )
        .await;
        assert!(refused.is_err(), "{backend}");
        assert_eq!(hosting::hosting_of(db, w.dept).await.unwrap(), None);
        // The host unit's leader declares, then redeclares: replaced, each audited.
        let leader = w.context(&w.edu_leader, t0());
        for declared in [form(false, "192.0.2.10"), form(true, "127.0.0.0/8\n::1")] {
            hosting::declare_hosting(db, &leader, &w.edu_leader.acting, w.dept, &declared)
                .await
                .unwrap();
            assert_eq!(
                hosting::hosting_of(db, w.dept).await.unwrap(),
                Some(declared)
            );
        }
        let audits = w
            .scalar("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'sites.hosting'")
            .await;
        assert_eq!(audits, 2, "{backend}");
        // The resolution: localhost within 127.0.0.0/8 and ::1, none undeclared; the
        // foreign provider is a violation of 000 网站 §22.
        let domains = vec!["localhost".to_owned()];
        let issues = hosting::hosting_issues(db, &PROFILE, w.dept, &domains)
            .await
            .unwrap();
        let kinds: Vec<&str> = issues.iter().map(|issue| issue.kind()).collect();
        assert_eq!(kinds, vec!["hosting-abroad"], "{backend}");
        let portal = hosting::hosting_issues(db, &PROFILE, w.portal, &domains)
            .await
            .unwrap();
        assert_eq!(portal.len(), 1);
        assert_eq!(portal[0].kind(), "hosting-undeclared");
        // A declaration not naming 127.0.0.1: the resolved address is a finding.
        let elsewhere = form(false, "192.0.2.10");
        hosting::declare_hosting(db, &leader, &w.edu_leader.acting, w.dept, &elsewhere)
            .await
            .unwrap();
        let issues = hosting::hosting_issues(db, &PROFILE, w.dept, &domains)
            .await
            .unwrap();
        assert!(
            issues.iter().any(|issue| issue.kind() == "hosting-address"
                && issue.detail().contains("解析地址不在登记的服务器地址内")),
            "{backend}: {issues:?}"
        );
        // The crawl job records the hosting findings as the units' work with the fix clock.
        hosting::declare_hosting(
            db,
            &leader,
            &w.edu_leader.acting,
            w.dept,
            &form(true, "192.0.2.10"),
        )
        .await
        .unwrap();
        let locate: Locate = Arc::new(move |_: &str| format!("http://{address}/"));
        let quick = |options: &mut crawler::Options| {
            options.timeout = Duration::from_secs(2);
            options.delay = Duration::ZERO;
        };
        jobs::crawl_due(db, &w.context(&w.publisher, t0()), &locate, quick)
            .await
            .unwrap();
        assert_eq!(
            kinds_of(&w, w.dept).await,
            vec![("hosting-abroad".to_owned(), w.edu.0)],
            "{backend}"
        );
        // SEC-HOSTING: the portal has no declaration: a finding of its host unit, which
        // declares it on the registry's page (`/office/sites/{id}/hosting`).
        let portal_host = w
            .scalar(&format!(
                "SELECT host_unit_id AS n FROM sites WHERE id = {}",
                w.portal.0
            ))
            .await;
        assert_eq!(
            kinds_of(&w, w.portal).await,
            vec![("hosting-undeclared".to_owned(), portal_host)],
            "{backend}"
        );
        let id: i64 = w
            .scalar(&format!(
                "SELECT id AS n FROM inspect_findings WHERE site_id = {} AND kind = 'hosting-abroad'",
                w.dept.0
            ))
            .await;
        let stored = sites::inspection::store::get(db, sites::inspection::FindingId(id))
            .await
            .unwrap();
        assert_eq!(stored.finding.clocks.len(), 1, "the unit's fix clock runs");
    }
}
