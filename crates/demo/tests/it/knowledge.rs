//! The demo knowledge base (KB-LIFE): twelve entries published once through the knowledge
//! base's use cases, found by the public search.

use hotline::kb_store;

use crate::{actor, backend, seeded};

#[tokio::test]
async fn kb_life_demo_seed_publishes_twelve_entries_once() {
    for platform in seeded().await {
        let name = backend(&platform);
        assert_eq!(
            demo::knowledge::seed(&platform.db, &actor()).await.unwrap(),
            12,
            "{name}"
        );
        assert_eq!(
            demo::knowledge::seed(&platform.db, &actor()).await.unwrap(),
            0,
            "idempotent"
        );
        let titles: Vec<String> = kb_store::search(&platform.db, "社保卡", true, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|hit| hit.title)
            .collect();
        assert_eq!(titles.first().map(String::as_str), Some("社保卡补办"));
        assert_eq!(
            kb_store::search(&platform.db, "", true, 50)
                .await
                .unwrap()
                .len(),
            12
        );
    }
}
