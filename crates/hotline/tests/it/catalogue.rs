//! Issue 14 item 9 (HL-DISPATCH) on both backends: the dispatch catalogue suggests the unit
//! competent for a matter — a complaint about a restaurant on a street address names the
//! market regulator — and a bad list of words is refused and changes nothing.

use hotline::usecase::{self, Appellant};
use sqlx::Row as _;

use crate::store::{backend, new_appeal, operator_audit, register, seeded};

#[tokio::test]
async fn hl_dispatch_a_word_of_the_catalogue_suggests_the_competent_unit() {
    for platform in seeded().await {
        let (db, at) = (&platform.db, backend(&platform));
        let market = platform::units::find_by_code(db, "gz-market")
            .await
            .unwrap()
            .unwrap();
        let actor = operator_audit();
        usecase::save_dispatch_keywords(db, &actor, market.id, "商铺，饭店、超市", 1)
            .await
            .unwrap();
        let mut appeal = new_appeal("饭店后厨油烟直排，熏得居民不敢开窗", Appellant::default());
        appeal.location = "青年东街12号".into();
        let registered = register(&platform, appeal).await;
        let suggestions = usecase::dispatch_suggestions(db, registered.appeal_id)
            .await
            .unwrap();
        let first = suggestions.first().expect("a suggestion");
        assert_eq!(first.unit_id, market.id, "{at}: {suggestions:?}");
        assert_eq!(first.why, "派单目录：饭店", "{at}");

        let refused = usecase::save_dispatch_keywords(db, &actor, market.id, "店", 2).await;
        assert!(
            matches!(refused, Err(platform::Error::Invalid(_))),
            "{at}: a one-character word"
        );
        let kept: String =
            sqlx::query("SELECT keywords FROM hotline_dispatch_catalogue WHERE unit_id = $1")
                .bind(market.id)
                .fetch_one(&db.pool)
                .await
                .unwrap()
                .try_get("keywords")
                .unwrap();
        assert_eq!(kept, "商铺 饭店 超市", "{at}: the refusal changed nothing");
        let audited: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'hotline.dispatch_catalogue'",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
        assert_eq!(audited, 1, "{at}");
    }
}
