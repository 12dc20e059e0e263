//! The demo site group (issue 15 item 10) on both backends: four open sites, about 300
//! articles made through the 三审 (WEB-REVIEW), policy documents with interpretations and one
//! abolished (PUB-ABOLISH), a column about to go stale, a stale one and a blank one
//! (WEB-FRESH); seeding twice makes nothing twice.

use calendar::Instant;
use platform::db::now_ms;
use sites::jobs::freshness;

use crate::{backend, scalar, seeded};

#[tokio::test]
async fn web_fresh_the_demo_site_group_has_a_year_of_articles_and_each_freshness_case() {
    for platform in seeded().await {
        let db = &platform.db;
        platform::demo::seed_contacts(db, &platform.key)
            .await
            .unwrap();
        let started = std::time::Instant::now();
        demo::sites::seed(&platform).await.unwrap();
        eprintln!(
            "{}: demo sites seeded in {:?}",
            backend(&platform),
            started.elapsed()
        );
        assert_eq!(
            scalar(
                &platform,
                "SELECT COUNT(*) AS n FROM sites WHERE status = 'open'"
            )
            .await,
            4
        );
        let published = scalar(&platform, "SELECT COUNT(*) AS n FROM site_pages").await;
        assert!((280..=320).contains(&published), "{published}");
        let abolished = "SELECT COUNT(*) AS n FROM site_pages WHERE validity = 'abolished'";
        assert_eq!(scalar(&platform, abolished).await, 1);
        assert_eq!(
            scalar(&platform, "SELECT COUNT(*) AS n FROM site_interpretations").await,
            4
        );
        let waiting = "SELECT COUNT(*) AS n FROM site_articles WHERE status IN ('at_reviewer', 'at_publisher')";
        assert_eq!(scalar(&platform, waiting).await, 2);
        // WEB-MAP, WEB-REPOST: the portal's map with its 审图号 and its repost of 新华社.
        let map = "SELECT COUNT(*) AS n FROM site_articles WHERE state LIKE '%甘S(2023)056号%'";
        assert_eq!(scalar(&platform, map).await, 1);
        let repost =
            "SELECT COUNT(*) AS n FROM site_articles WHERE state LIKE '%\"source\":\"新华社\"%'";
        assert_eq!(scalar(&platform, repost).await, 1);
        // WEB-ACCOUNT, PUB-PROACTIVE: one policy document went out late, the others within
        // the profile's 3 working days — one accountability record, not one per document.
        let late = "SELECT COUNT(*) AS n FROM site_accountability";
        assert_eq!(scalar(&platform, late).await, 1);
        let profile = platform::profile::RuleProfile::default();
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let now = Instant::from_millis(now_ms());
        let report = freshness::report(db, None, now, &profile, &calendar)
            .await
            .unwrap();
        let named = |name: &str| {
            report
                .iter()
                .find(|c| c.column.name == name)
                .map(|c| c.freshness)
                .unwrap()
        };
        assert_eq!(
            named("人事信息").light,
            calendar::Light::Yellow,
            "about to go stale"
        );
        assert!(named("规划计划").stale);
        assert!(named("工作总结").blank);
        let count = freshness::tally(&report);
        assert_eq!((count.stale, count.blank), (1, 1), "{}", backend(&platform));
        demo::sites::seed(&platform).await.unwrap();
        assert_eq!(
            scalar(&platform, "SELECT COUNT(*) AS n FROM site_pages").await,
            published
        );
    }
}
