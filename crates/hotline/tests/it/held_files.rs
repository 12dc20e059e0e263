//! Issue 14 item 3 (HL-REGISTER) on both backends: the portal's intake takes the files a
//! refused form kept (`platform::held`) in its own transaction, once.

use hotline::usecase::{self, Appellant, HeldFiles, IntakeQueue};
use platform::attachments::{self, Policy, Upload};
use platform::held::{self, Holder};

use crate::store::{backend, monday_nine, new_appeal, operator_audit, seeded};
use crate::usecase::scalar;

fn upload(label: &str, name: &str, bytes: &[u8]) -> Upload {
    Upload {
        label: label.into(),
        file_name: name.into(),
        bytes: bytes.to_vec(),
    }
}

#[tokio::test]
async fn hl_register_the_intake_takes_the_held_files_in_its_transaction_once() {
    for platform in seeded().await {
        let (db, key, at) = (&platform.db, &platform.key, backend(&platform));
        let holder = Holder {
            form: "hotline-appeal",
            anchor: "a visitor's csrf token",
        };
        let now = monday_nine();
        let files = [
            (
                "attachment-1".to_owned(),
                "附件1",
                "现场.jpg",
                &b"\xFF\xD8\xFF\xE0 site"[..],
            ),
            (
                "attachment-2".to_owned(),
                "附件2",
                "收据.pdf",
                &b"%PDF-1.4 receipt"[..],
            ),
        ]
        .map(|(slot, label, name, bytes)| {
            let sealed = attachments::seal(key, &Policy::APPEAL, &upload(label, name, bytes));
            (slot, sealed.unwrap())
        });
        let kept = held::keep(db, key, holder, None, &[], &files, now.millis())
            .await
            .unwrap()
            .unwrap();
        let taken = HeldFiles {
            form: kept.id,
            attachments: kept.files.iter().map(|f| f.attachment).collect(),
        };
        let queue = IntakeQueue::new(db.clone(), key.clone());
        let appeal = || new_appeal("路灯不亮", Appellant::default());
        let registration = queue
            .register(&operator_audit(), appeal(), (&[], Some(taken.clone())), now)
            .await
            .unwrap();
        let listed = usecase::attachments_of(db, registration.appeal_id)
            .await
            .unwrap();
        let names: Vec<String> = listed.iter().map(|m| m.download_name()).collect();
        assert_eq!(names, ["附件1.jpg", "附件2.pdf"], "{at}");
        let forms = "SELECT COUNT(*) AS n FROM held_forms";
        assert_eq!(scalar(&platform, forms).await, 0, "{at}: forgotten");

        // Taken once: the same files again refuse the appeal, and nothing is stored.
        let appeals = "SELECT COUNT(*) AS n FROM hotline_appeals";
        let before = scalar(&platform, appeals).await;
        let again = queue
            .register(&operator_audit(), appeal(), (&[], Some(taken)), now)
            .await
            .unwrap_err();
        assert!(
            again.to_string().contains("请重新选择文件"),
            "{at}: {again}"
        );
        assert_eq!(scalar(&platform, appeals).await, before, "{at}");
    }
}
