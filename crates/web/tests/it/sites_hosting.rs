//! SEC-HOSTING through HTTP, on both backends: the registry's hosting page shows a site with
//! no declaration as a finding and the form prefilled with the profile's region; a bad form is
//! refused with every problem and nothing stored; a leader of the host unit declares it
//! (audited), a foreign provider is shown as a violation, the site's page carries the
//! summary; a site editor sees it without the form and cannot post; an uninvolved unit's
//! leader does not see the site at all.

use axum::http::StatusCode;

use crate::common::app_on;
use crate::sites_office_world::{People, encode, open_site, scalar};

/// SEC-HOSTING: the declaration page, its refusals and who may declare.
#[tokio::test]
async fn sec_hosting_the_registry_page_declares_a_sites_hosting() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let p = People::new(&app).await;
        let site = open_site(&app, &p).await;
        let path = format!("/office/sites/{site}/hosting");

        let page = app.get(&path, Some(&p.edu_leader)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("尚未登记托管信息"), "{}", page.body);
        assert!(page.body.contains("网站未登记服务器托管信息"));
        assert!(page.body.contains("id=\"hosting-form\""));
        assert!(
            page.body.contains("value=\"甘肃省\""),
            "the region prefilled"
        );

        // Every problem at once; nothing stored, what was typed kept.
        let bad = encode(&[
            ("kind", "gov_cloud"),
            ("provider", ""),
            ("province", "甘肃省"),
            ("city", "张掖市"),
            ("county", "甘州区"),
            ("addresses", "10.62.7.300\n10.62.8.0/24"),
        ]);
        let refused = app.post(&path, Some(&p.edu_leader), &bad).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(
            refused.body.contains("请填写服务提供方"),
            "{}",
            refused.body
        );
        assert!(refused.body.contains("不是有效的IPv4"));
        assert!(refused.body.contains("10.62.8.0/24"), "kept");
        let stored = "SELECT COUNT(*) AS n FROM site_hosting WHERE site_id = $1";
        assert_eq!(scalar(&app, stored, site).await, 0);

        // A foreign provider is declared as it is, and shown as a violation of 000 网站 §22.
        let foreign = encode(&[
            ("kind", "commercial"),
            ("provider", "Example Cloud Inc."),
            ("provider_abroad", "on"),
            ("province", "甘肃省"),
            ("city", "张掖市"),
            ("county", "甘州区"),
            ("addresses", "192.0.2.10"),
        ]);
        let declared = app.post(&path, Some(&p.edu_leader), &foreign).await;
        assert_eq!(declared.status, StatusCode::SEE_OTHER, "{}", declared.body);
        let page = app.get(&path, Some(&p.edu_leader)).await;
        assert!(page.body.contains("Example Cloud Inc."));
        assert!(page.body.contains("违规："), "{}", page.body);
        assert!(page.body.contains("000 网站 §22"));

        // Replaced by the government cloud of the region: no finding left.
        let cloud = encode(&[
            ("kind", "gov_cloud"),
            ("provider", "张掖市电子政务云平台"),
            ("province", "甘肃"),
            ("city", "张掖市"),
            ("county", "甘州区"),
            ("addresses", "10.62.7.0/24"),
        ]);
        let declared = app.post(&path, Some(&p.edu_leader), &cloud).await;
        assert_eq!(declared.status, StatusCode::SEE_OTHER);
        let page = app.get(&path, Some(&p.edu_leader)).await;
        assert!(page.body.contains("id=\"hosting-ok\""), "{}", page.body);
        assert!(page.body.contains("10.62.7.0/24"));
        assert_eq!(scalar(&app, stored, site).await, 1);
        let audited = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'sites.hosting' \
                       AND object_id = CAST($1 AS TEXT)";
        assert_eq!(scalar(&app, audited, site).await, 2);
        let site_page = app
            .get(&format!("/office/sites/{site}"), Some(&p.edu_leader))
            .await;
        assert!(site_page.body.contains("政务云，张掖市电子政务云平台"));

        // A site editor of the unit sees the declaration without the form and cannot post.
        let seen = app.get(&path, Some(&p.editor_c)).await;
        assert_eq!(seen.status, StatusCode::OK);
        assert!(!seen.body.contains("id=\"hosting-form\""));
        let posted = app.post(&path, Some(&p.editor_c), &cloud).await;
        assert_eq!(posted.status, StatusCode::FORBIDDEN);

        // A leader of a unit not involved in the site does not learn it exists, nor change it.
        let other = app.get(&path, Some(&p.housing_leader)).await;
        assert_eq!(other.status, StatusCode::NOT_FOUND);
        let other = app.post(&path, Some(&p.housing_leader), &foreign).await;
        assert_eq!(other.status, StatusCode::NOT_FOUND);
        assert_eq!(scalar(&app, audited, site).await, 2);
    }
}
