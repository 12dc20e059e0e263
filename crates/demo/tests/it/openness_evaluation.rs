//! The demo's social evaluation (PUB-EVAL): three evaluators in term, last year published with
//! the market bureau below the pass percent and its head's interview recorded, this year open
//! with the market bureau below again — the accountability event the page offers to open;
//! a second seed makes nothing.

use crate::scalar;

#[tokio::test]
async fn pub_eval_the_demo_has_a_published_year_and_a_second_year_below() {
    for platform in crate::seeded().await {
        let db = &platform.db;
        demo::openness_evaluation::seed(&platform).await.unwrap();
        let evaluators = "SELECT COUNT(*) AS n FROM openness_evaluators";
        assert_eq!(scalar(&platform, evaluators).await, 3);
        let published = "SELECT COUNT(*) AS n FROM openness_evaluations \
                         WHERE published_at IS NOT NULL";
        assert_eq!(scalar(&platform, published).await, 1);
        let submitted = "SELECT COUNT(*) AS n FROM openness_evaluation_sheets \
                         WHERE submitted_at IS NOT NULL";
        assert_eq!(scalar(&platform, submitted).await, 18);
        let interviews = "SELECT COUNT(*) AS n FROM openness_evaluation_units \
                          WHERE interviewed_on IS NOT NULL";
        assert_eq!(scalar(&platform, interviews).await, 1);
        let officer = platform::users::id_by_username(db, "openness")
            .await
            .unwrap()
            .unwrap();
        let actor = platform::users::load_actor(db, officer)
            .await
            .unwrap()
            .unwrap();
        let acting = openness::Acting::from(&actor);
        let profile = platform::profile::RuleProfile::default();
        let year = chrono::Datelike::year(
            &calendar::Instant::from_millis(platform::db::now_ms()).local_date(),
        );
        let results = openness::usecase::evaluation::results(db, &acting, year, &profile)
            .await
            .unwrap();
        let events = results
            .lines
            .iter()
            .filter(|l| l.consequence == openness::evaluation::Consequence::Accountability)
            .count();
        assert_eq!(events, 1);
        demo::openness_evaluation::seed(&platform).await.unwrap();
        assert_eq!(scalar(&platform, evaluators).await, 3);
    }
}
