//! Issue 14 item 11, last sentence (HL-RESULT, HL-PRIVACY) on both backends: the lead's
//! result carries its files, checked by content and stored with the command or not at all,
//! seen with the result by the lead unit and not by the assisting unit; the files a refused
//! result form kept (issue 14 item 3) are taken with the command.

use hotline::order::{Command, Status};
use hotline::usecase::{self, Appellant, HeldFiles};
use platform::attachments::{self, Policy, Upload};
use platform::audit::AuditActor;
use platform::held::{self, Holder};
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

/// Issue 14 item 3 on the result form: the files a refused result form kept
/// (`platform::held`) are given to the order with the command; a refused command (the
/// assisting unit) keeps them held; used once.
#[tokio::test]
async fn hl_result_the_held_files_of_a_refused_result_form_are_taken_with_the_command() {
    for platform in seeded().await {
        let (db, key, at) = (&platform.db, &platform.key, backend(&platform));
        let (id, lead, assisting) = dispatched(&platform, Appellant::default()).await;
        let now = monday_nine();
        for unit in [lead, assisting] {
            run(&platform, id, Command::Sign { unit }, now)
                .await
                .unwrap();
        }
        let holder = Holder {
            form: "hotline-result",
            anchor: "the handler's csrf token",
        };
        let files = [
            (
                "file-1",
                "办理结果附件1",
                "整改后.jpg",
                &b"\xFF\xD8\xFF\xE0 after"[..],
            ),
            (
                "file-2",
                "办理结果附件2",
                "通知书.pdf",
                &b"%PDF-1.4 notice"[..],
            ),
        ]
        .map(|(slot, label, name, bytes)| {
            let upload = Upload {
                label: label.into(),
                ..upload(name, bytes)
            };
            let sealed = attachments::seal(key, &Policy::APPEAL, &upload).unwrap();
            (slot.to_owned(), sealed)
        });
        let kept = held::keep(db, key, holder, None, &[], &files, now.millis())
            .await
            .unwrap()
            .unwrap();
        let taken = HeldFiles {
            form: kept.id,
            attachments: kept.files.iter().map(|f| f.attachment).collect(),
        };
        let audit = operator_audit();
        let context = rules().context(key, &audit, now);
        let refused =
            usecase::submit_held_result(db, &context, id, None, (assisting, result(), &taken))
                .await;
        assert!(refused.is_err(), "{at}: not the lead");
        let still = held::find(db, key, holder, &kept.token, now.millis()).await;
        assert_eq!(still.unwrap().unwrap().files.len(), 2, "{at}: still held");

        let (order, _) =
            usecase::submit_held_result(db, &context, id, None, (lead, result(), &taken))
                .await
                .unwrap();
        assert_eq!(order.status, Status::ResultSubmitted, "{at}");
        let named = &order.results.last().unwrap().files;
        assert_eq!(named, &taken.attachments, "{at}");
        let first = attachments::meta(db, named[0]).await.unwrap();
        assert_eq!(
            (first.owner_kind.as_str(), first.owner_id),
            ("order_result", id.0),
            "{at}"
        );
        assert_eq!(first.download_name(), "办理结果附件1.jpg", "{at}");
        let gone = held::find(db, key, holder, &kept.token, now.millis()).await;
        assert!(gone.unwrap().is_none(), "{at}: the held form is forgotten");
    }
}
