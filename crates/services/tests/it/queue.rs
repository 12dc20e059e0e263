//! SVC-ACCEPT through the portal's group-commit queue on both backends: applications arriving
//! together are each stored whole under their own number with their files and audit row; a
//! refused one is refused alone and leaves nothing.

use platform::attachments::Upload;
use platform::audit::{self, AuditActor};
use platform::personal::PhoneNumber;
use services::usecase::SubmissionQueue;
use services::usecase::online::MaterialUpload;

use crate::at;
use crate::fixture::{CARD, portal_items};
use crate::store::{applicant, scalar, seeded};

fn pdf(code: &str) -> MaterialUpload {
    MaterialUpload {
        code: code.into(),
        upload: Upload {
            label: format!("材料 {code}"),
            file_name: format!("{code}.pdf"),
            bytes: format!("%PDF-1.4 {code}").into_bytes(),
        },
    }
}

#[tokio::test]
async fn svc_accept_queued_applications_are_stored_whole_and_a_refused_one_alone() {
    for p in seeded().await {
        portal_items(&p).await;
        let queue = SubmissionQueue::new(p.db.clone(), p.key.clone());
        let now = at("2025-03-03T09:00");
        let item = services::usecase::published_item(&p.db, CARD)
            .await
            .unwrap()
            .unwrap();
        let audit_before = scalar(&p, "SELECT COUNT(*) AS n FROM audit_log").await;
        let tasks: Vec<_> = (0..12)
            .map(|i| {
                let (queue, item) = (queue.clone(), item.clone());
                tokio::spawn(async move {
                    let mut who = applicant();
                    who.phone = Some(PhoneNumber::parse(&format!("138000000{i:02}")).unwrap());
                    // The sixth leaves out the required photo.
                    let files = if i == 5 {
                        vec![pdf("id_card")]
                    } else {
                        vec![pdf("id_card"), pdf("photo")]
                    };
                    let actor = AuditActor::anonymous("10.0.0.1");
                    queue
                        .submit(&actor, item, who, (files, Default::default()), now)
                        .await
                })
            })
            .collect();
        let mut numbers = Vec::new();
        for (i, task) in tasks.into_iter().enumerate() {
            match task.await.unwrap() {
                Ok(submission) => {
                    assert_ne!(i, 5, "the application without its photo was accepted");
                    numbers.push(submission.number);
                }
                Err(error) => {
                    assert_eq!(i, 5, "{error}");
                    assert!(
                        error.to_string().contains("近期二寸免冠彩色照片"),
                        "{error}"
                    );
                }
            }
        }
        numbers.sort();
        numbers.dedup();
        assert_eq!(
            numbers.len(),
            11,
            "every accepted application has its own number"
        );
        assert_eq!(scalar(&p, "SELECT COUNT(*) AS n FROM svc_cases").await, 11);
        assert_eq!(
            scalar(
                &p,
                "SELECT COUNT(*) AS n FROM attachments WHERE owner_kind = 'case'"
            )
            .await,
            22
        );
        assert_eq!(
            scalar(
                &p,
                "SELECT COUNT(*) AS n FROM svc_cases WHERE status = 'submitted'"
            )
            .await,
            11,
            "each case has its snapshot"
        );
        let submits = scalar(
            &p,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'services.submit'",
        )
        .await;
        assert_eq!(submits, 11);
        assert!(scalar(&p, "SELECT COUNT(*) AS n FROM audit_log").await >= audit_before + 11);
        let report = audit::verify(&p.db).await.unwrap();
        assert_eq!(report.first_break, None);
    }
}
