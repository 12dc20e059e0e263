//! Issue 14 item 11, last sentence (HL-RESULT, HL-PRIVACY) on both backends: the lead's
//! result carries its files, checked by content and stored with the command or not at all,
//! seen with the result by the lead unit and not by the assisting unit.

use hotline::order::{Command, Status};
use hotline::usecase::{self, Appellant};
use platform::attachments::{self, Upload};
use platform::audit::AuditActor;
use platform::roles::Role;
use platform::users;

use crate::result;
use crate::store::{backend, monday_nine, operator_audit, seeded};
use crate::usecase::{dispatched, rules, run, scalar};

fn upload(name: &str, bytes: &[u8]) -> Upload {
    Upload {
        label: String::new(),
        file_name: name.into(),
        bytes: bytes.to_vec(),
    }
}

#[tokio::test]
async fn hl_result_its_files_are_stored_with_the_command_or_not_at_all() {
    for platform in seeded().await {
        let (db, key, at) = (&platform.db, &platform.key, backend(&platform));
        let (id, lead, assisting) = dispatched(&platform, Appellant::default()).await;
        let now = monday_nine();
        run(&platform, id, Command::Sign { unit: lead }, now)
            .await
            .unwrap();
        run(&platform, id, Command::Sign { unit: assisting }, now)
            .await
            .unwrap();
        let audit = operator_audit();
        let context = rules().context(key, &audit, now);
        let stored = "SELECT COUNT(*) AS n FROM attachments WHERE owner_kind = 'order_result'";
        let photo = upload("整改后.jpg", b"\xFF\xD8\xFF\xE0 after");
        let bad = [photo.clone(), upload("说明.exe", b"MZ\x90\0")];
        let refused = usecase::submit_result(db, &context, id, None, (lead, result(), &bad))
            .await
            .unwrap_err();
        assert!(
            refused
                .to_string()
                .contains("附件“说明.exe”的文件类型不允许"),
            "{at}: {refused}"
        );
        // The assisting unit cannot submit the result: its file is not kept either.
        let good = [photo, upload("通知书.pdf", b"%PDF-1.4 notice")];
        let not_lead =
            usecase::submit_result(db, &context, id, None, (assisting, result(), &good)).await;
        assert!(not_lead.is_err(), "{at}");
        assert_eq!(scalar(&platform, stored).await, 0, "{at}");

        let (order, _) = usecase::submit_result(db, &context, id, None, (lead, result(), &good))
            .await
            .unwrap();
        assert_eq!(order.status, Status::ResultSubmitted, "{at}");
        let files = &order.results.last().unwrap().files;
        assert_eq!(files.len(), 2, "{at}");
        let first = attachments::meta(db, files[0]).await.unwrap();
        assert_eq!(first.download_name(), "办理结果附件1.jpg", "{at}");
        assert_eq!(first.owner_id, id.0, "{at}");

        // Seen with the result by the lead unit, not by the assisting unit.
        let viewer = |name: &'static str| async move {
            let id = users::id_by_username(db, name).await.unwrap().unwrap();
            users::load_actor(db, id).await.unwrap().unwrap()
        };
        let handler = viewer("handler").await;
        let view = usecase::order_view(db, key, id, &handler).await.unwrap();
        assert!(view.attachments.iter().any(|m| m.id == files[0]), "{at}");
        let mut tx = db.begin().await.unwrap();
        let account = users::NewAccount {
            unit_id: assisting.0,
            username: "street_handler".into(),
            display_name: "街道承办人".into(),
            roles: vec![Role::UnitHandler],
        };
        let (street, _) = users::create(&mut tx, &AuditActor::system("test"), account, 0)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let street = users::load_actor(db, street).await.unwrap().unwrap();
        let seen = usecase::order_view(db, key, id, &street).await.unwrap();
        assert!(
            !seen.order.results.is_empty(),
            "{at}: the result's words are seen"
        );
        assert!(
            seen.attachments.iter().all(|m| !files.contains(&m.id)),
            "{at}: not its files"
        );
    }
}
