//! Attachments (HL-REGISTER, SVC-NO-RESUBMIT, HL-PRIVACY): stored sealed, listed without the
//! original name, read back intact, and a refused file stores nothing.

use platform::attachments::{self, Kind, Owner, Policy, Upload};
use platform::db::now_ms;
use platform::testing::each_backend;

use crate::{backend, count};

const OWNER: Owner = Owner {
    kind: "appeal",
    id: 42,
};

fn upload(label: &str, name: &str, bytes: &[u8]) -> Upload {
    Upload {
        label: label.into(),
        file_name: name.into(),
        bytes: bytes.to_vec(),
    }
}

#[tokio::test]
async fn hl_privacy_attachments_are_sealed_listed_by_label_and_read_back() {
    for platform in each_backend().await {
        let photo = b"\x89PNG\r\n\x1a\nMARKER-CONTENT-7731";
        let mut tx = platform.db.begin().await.unwrap();
        let id = attachments::store(
            &mut tx,
            &platform.key,
            OWNER,
            &Policy::APPEAL,
            &upload("附件1", "王小明-13900001111.png", photo),
            now_ms(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let listed = attachments::list(&platform.db, OWNER).await.unwrap();
        assert_eq!(listed.len(), 1, "{}", backend(&platform));
        assert_eq!(listed[0].kind, Kind::Png);
        assert_eq!(listed[0].download_name(), "附件1.png");
        assert_eq!(listed[0].size, photo.len() as i64);
        let content = attachments::content(&platform.db, &platform.key, id)
            .await
            .unwrap();
        assert_eq!(content, photo);
        assert_eq!(
            attachments::original_name(&platform.db, &platform.key, id)
                .await
                .unwrap(),
            "王小明-13900001111.png"
        );
        // Neither the name nor the content is stored in the clear.
        let clear_rows = count(
            &platform.db,
            "SELECT COUNT(*) AS n FROM attachments WHERE label LIKE $1 OR kind LIKE $1",
            &["%13900001111%"],
        )
        .await;
        assert_eq!(clear_rows, 0);
    }
}

#[tokio::test]
async fn a_refused_file_stores_nothing() {
    for platform in each_backend().await {
        let mut tx = platform.db.begin().await.unwrap();
        let refused = attachments::store(
            &mut tx,
            &platform.key,
            OWNER,
            &Policy::APPEAL,
            &upload("附件1", "virus.png", b"MZ\x90\0 not a picture"),
            now_ms(),
        )
        .await
        .unwrap_err();
        tx.rollback().await.unwrap();
        assert!(refused.to_string().contains("文件类型不允许"), "{refused}");
        assert!(
            attachments::list(&platform.db, OWNER)
                .await
                .unwrap()
                .is_empty()
        );
    }
}
