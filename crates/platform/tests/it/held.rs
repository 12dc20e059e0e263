//! Held forms on both backends (issue 14 item 3, `platform::held`): values and files kept for
//! one visitor and form, sealed; found only with the token by that visitor for that form; a
//! value or a file replaced, an empty value removed; a visitor keeps one held form per form;
//! taken by a submission in its transaction (the files change owner, the rest is forgotten,
//! a second claim is refused); swept once expired.

use platform::attachments::{self, Owner, Policy, Upload};
use platform::held::{self, HELD_OWNER, HOLD_MINUTES, Holder};
use sqlx::Row as _;

const ANCHOR: &str = "anchor-of-visitor-one";
const FORM: &str = "svc-apply:TEST-1";

fn sealed(key: &platform::personal::DataKey, name: &str) -> attachments::Sealed {
    let upload = Upload {
        label: "申请表".into(),
        file_name: name.into(),
        bytes: b"%PDF-1.4 scan".to_vec(),
    };
    attachments::seal(key, &Policy::MATERIAL, &upload).unwrap()
}

async fn count(db: &platform::db::Db, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

#[tokio::test]
async fn held_forms_are_kept_found_replaced_claimed_and_swept_on_both_backends() {
    for p in platform::testing::each_backend().await {
        let (db, key) = (&p.db, &p.key);
        let now = 1_700_000_000_000;
        let me = Holder {
            form: FORM,
            anchor: ANCHOR,
        };
        let nothing = held::keep(db, key, me, None, &[], &[], now).await.unwrap();
        assert_eq!(nothing, None, "nothing to keep keeps nothing");
        let values = [("id_no", "11010519491231002X".to_owned())];
        let files = [("m_form".to_owned(), sealed(key, "旧.pdf"))];
        let kept = held::keep(db, key, me, None, &values, &files, now)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(kept.value("id_no"), Some("11010519491231002X"));
        assert_eq!(kept.file("m_form").unwrap().file_name, "旧.pdf");
        let raw: Vec<u8> = sqlx::query("SELECT values_sealed FROM held_forms")
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .try_get("values_sealed")
            .unwrap();
        assert!(!String::from_utf8_lossy(&raw).contains("11010519491231002X"));
        // Found with the token by the same visitor for the same form only.
        let found = held::find(db, key, me, &kept.token, now + 1).await.unwrap();
        assert_eq!(found.as_ref(), Some(&kept));
        let stranger = Holder {
            form: FORM,
            anchor: "anchor-of-visitor-two",
        };
        assert_eq!(
            held::find(db, key, stranger, &kept.token, now)
                .await
                .unwrap(),
            None
        );
        let other_form = Holder {
            form: "svc-apply:TEST-2",
            anchor: ANCHOR,
        };
        assert_eq!(
            held::find(db, key, other_form, &kept.token, now)
                .await
                .unwrap(),
            None
        );
        assert_eq!(held::find(db, key, me, "", now).await.unwrap(), None);
        assert_eq!(
            held::find(db, key, me, &"f".repeat(500), now)
                .await
                .unwrap(),
            None
        );
        // A file replaces the one of its slot, an empty value removes its value.
        let files = [("m_form".to_owned(), sealed(key, "新.pdf"))];
        let values = [
            ("id_no", String::new()),
            ("phone", "13812345678".to_owned()),
        ];
        let kept = held::keep(db, key, me, Some(&kept), &values, &files, now + 2)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(kept.file("m_form").unwrap().file_name, "新.pdf");
        assert_eq!(kept.value("id_no"), None);
        assert_eq!(kept.value("phone"), Some("13812345678"));
        let in_held = "SELECT COUNT(*) AS n FROM attachments WHERE owner_kind = 'held'";
        assert_eq!(count(db, in_held).await, 1, "the replaced file is gone");
        // A new held form of the same visitor and form replaces the older one.
        let files = [("m_other".to_owned(), sealed(key, "另.pdf"))];
        let newer = held::keep(db, key, me, None, &[], &files, now + 3)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            held::find(db, key, me, &kept.token, now + 3).await.unwrap(),
            None
        );
        assert_eq!(count(db, "SELECT COUNT(*) AS n FROM held_forms").await, 1);
        // Claimed in a transaction: the file changes owner, the rest goes, once.
        let attachment = newer.file("m_other").unwrap().attachment;
        let owner = Owner {
            kind: "case",
            id: 77,
        };
        let mut tx = db.begin().await.unwrap();
        held::claim_in(&mut tx, newer.id, &[attachment], owner)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let meta = attachments::meta(db, attachment).await.unwrap();
        assert_eq!((meta.owner_kind.as_str(), meta.owner_id), ("case", 77));
        assert_eq!(count(db, "SELECT COUNT(*) AS n FROM held_forms").await, 0);
        let mut tx = db.begin().await.unwrap();
        let twice = held::claim_in(&mut tx, newer.id, &[attachment], owner).await;
        assert!(twice.unwrap_err().to_string().contains("重新选择"));
        drop(tx);
        // Expired: not found, and swept with its files.
        let files = [("m_form".to_owned(), sealed(key, "过期.pdf"))];
        let old = held::keep(db, key, me, None, &[], &files, now)
            .await
            .unwrap()
            .unwrap();
        let later = now + HOLD_MINUTES * 60_000;
        assert_eq!(
            held::find(db, key, me, &old.token, later).await.unwrap(),
            None
        );
        assert_eq!(held::sweep(db, later - 1).await.unwrap(), 0);
        assert_eq!(held::sweep(db, later).await.unwrap(), 1);
        assert_eq!(held::sweep(db, later).await.unwrap(), 0, "idempotent");
        let left =
            format!("SELECT COUNT(*) AS n FROM attachments WHERE owner_kind = '{HELD_OWNER}'");
        assert_eq!(count(db, &left).await, 0);
    }
}
