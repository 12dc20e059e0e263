//! Issue 14 item 11 (HL-PRIVACY) on both backends: a complaint's photo reaches the accused
//! unit's view only once the hotline clears it, leaves it when withheld again, and only the
//! appellant's own files of that order can be cleared.

use hotline::AppealId;
use hotline::usecase::{self, Appellant};
use platform::attachments::{Owner, Policy, Upload};
use platform::users;

use crate::store::{backend, operator_audit, seeded};
use crate::usecase::dispatched;

#[tokio::test]
async fn hl_privacy_a_cleared_photo_reaches_the_unit_and_a_withheld_one_does_not() {
    for platform in seeded().await {
        let (db, key, at) = (&platform.db, &platform.key, backend(&platform));
        let (id, _, _) = dispatched(&platform, Appellant::default()).await;
        let mut tx = db.begin().await.unwrap();
        let upload = Upload {
            label: "附件1".into(),
            file_name: "receipt.jpg".into(),
            bytes: b"\xFF\xD8\xFF\xE0 receipt".to_vec(),
        };
        let owner = Owner {
            kind: usecase::APPEAL_ATTACHMENT,
            id: id.0,
        };
        let file = platform::attachments::store(&mut tx, key, owner, &Policy::APPEAL, &upload, 0)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let handler_id = users::id_by_username(db, "handler").await.unwrap().unwrap();
        let handler = users::load_actor(db, handler_id).await.unwrap().unwrap();
        let handler = &handler;
        let seen = |cleared: bool| async move {
            let view = usecase::order_view(db, key, id, handler).await.unwrap();
            let shown = view.attachments.iter().any(|m| m.id == file);
            assert_eq!(shown, cleared, "{at}");
            assert_eq!(view.attachments_withheld, usize::from(!cleared), "{at}");
        };
        seen(false).await;
        let actor = operator_audit();
        usecase::clear_attachment(db, &actor, id, file, true, 1)
            .await
            .unwrap();
        seen(true).await;
        usecase::clear_attachment(db, &actor, id, file, false, 2)
            .await
            .unwrap();
        seen(false).await;
        let elsewhere =
            usecase::clear_attachment(db, &actor, AppealId(id.0 + 1000), file, true, 3).await;
        assert!(
            matches!(elsewhere, Err(platform::Error::NotFound(_))),
            "{at}"
        );
    }
}
