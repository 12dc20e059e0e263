//! The demo catalogue (SVC-ITEM-TYPES, SVC-ITEM-FIELDS): about thirty items published once
//! across the demo departments, and their generated sample files stored once as item
//! attachments in a new published version.

use crate::{actor, scalar, seeded};

#[tokio::test]
async fn svc_item_types_demo_seed_publishes_about_thirty_items_once() {
    for p in seeded().await {
        let published = demo::catalogue::seed(&p.db, &actor()).await.unwrap();
        assert!((28..=40).contains(&published), "{published} items");
        assert_eq!(demo::catalogue::seed(&p.db, &actor()).await.unwrap(), 0);
        let public = scalar(
            &p,
            "SELECT COUNT(*) AS n FROM svc_items WHERE status = 'published' AND published_version = 1",
        )
        .await;
        assert_eq!(public as usize, published);
        let units = scalar(
            &p,
            "SELECT COUNT(DISTINCT department_unit_id) AS n FROM svc_items",
        )
        .await;
        assert!(units >= 4, "items across the demo departments");
    }
}

#[tokio::test]
async fn svc_item_fields_demo_files_are_seeded_once_as_item_attachments() {
    for p in seeded().await {
        demo::catalogue::seed(&p.db, &actor()).await.unwrap();
        let changed = demo::catalogue::seed_files(&p.db, &p.key, &actor())
            .await
            .unwrap();
        assert_eq!(changed, 6);
        assert_eq!(
            demo::catalogue::seed_files(&p.db, &p.key, &actor())
                .await
                .unwrap(),
            0
        );
        let item = services::usecase::published_item(&p.db, "GZ-SC-0001")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            item.version, 2,
            "the files came with a new published version"
        );
        let application = &item.item.materials.list()[0];
        assert!(application.sample.is_some() && application.blank_form.is_some());
        assert!(item.item.basic.result.sample.is_some());
        assert_eq!(
            scalar(
                &p,
                "SELECT COUNT(*) AS n FROM attachments WHERE owner_kind = 'item'"
            )
            .await,
            17,
            "six samples, six blank forms, five result samples (工伤认定 issues no licence)"
        );
    }
}
