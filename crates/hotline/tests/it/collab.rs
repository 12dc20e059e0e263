//! Use cases over more than one snapshot, on both backends: merging (HL-MERGE), the
//! head-signed review form stored with its command (HL-CALLBACK), and the appellant's
//! attachments stored with the appeal (HL-REGISTER, HL-PRIVACY).

use hotline::evaluation::Rating;
use hotline::order::{ContactOutcome, ReviewFinding, Seal, Status};
use hotline::usecase::{self, Appellant};
use hotline::{AppealId, UnitId};
use platform::Platform;
use platform::attachments::Upload;

use crate::store::{backend, monday_nine, new_appeal, operator_audit, register, seeded};
use crate::usecase::{dispatched, rules, run, scalar};
use crate::{approve, callback, reply, result, review, sign};

fn upload(name: &str, bytes: &[u8]) -> Upload {
    Upload {
        label: String::new(),
        file_name: name.into(),
        bytes: bytes.to_vec(),
    }
}

async fn status_of(platform: &Platform, id: AppealId) -> Status {
    hotline::store::orders::get(&platform.db, id)
        .await
        .unwrap()
        .order
        .status
}

#[tokio::test]
async fn hl_merge_changes_both_orders_in_one_transaction_or_neither() {
    for platform in seeded().await {
        let open = register(&platform, new_appeal("东街路灯不亮", Appellant::default())).await;
        let again = register(
            &platform,
            new_appeal("东街路灯还是不亮", Appellant::default()),
        )
        .await;
        let (merged, _) = usecase::merge(
            &platform.db,
            &rules().context(&platform.key, &operator_audit(), monday_nine()),
            again.appeal_id,
            Some(1),
            open.appeal_id,
        )
        .await
        .unwrap();
        assert_eq!(merged.status, Status::Merged, "{}", backend(&platform));
        let target = hotline::store::orders::get(&platform.db, open.appeal_id)
            .await
            .unwrap();
        assert_eq!(target.order.merged_sources, vec![again.appeal_id]);

        // Merging the merged appeal again is refused and changes neither order.
        let third = register(&platform, new_appeal("路灯", Appellant::default())).await;
        let before = scalar(&platform, "SELECT COUNT(*) AS n FROM hotline_events").await;
        let refused = usecase::merge(
            &platform.db,
            &rules().context(&platform.key, &operator_audit(), monday_nine()),
            again.appeal_id,
            None,
            third.appeal_id,
        )
        .await
        .unwrap_err();
        assert!(
            matches!(refused, platform::Error::InvalidTransition { .. }),
            "{refused}"
        );
        let self_merge = usecase::merge(
            &platform.db,
            &rules().context(&platform.key, &operator_audit(), monday_nine()),
            third.appeal_id,
            None,
            third.appeal_id,
        )
        .await
        .unwrap_err();
        assert!(self_merge.to_string().contains("不能与诉求本身并案"));
        let after = scalar(&platform, "SELECT COUNT(*) AS n FROM hotline_events").await;
        assert_eq!(before, after);
        assert_eq!(
            status_of(&platform, third.appeal_id).await,
            Status::Registered
        );
    }
}

/// Drives a dispatched order through two unsatisfied callbacks to the review form.
async fn awaiting_review_form(platform: &Platform) -> (AppealId, UnitId) {
    let (id, lead, assisting) = dispatched(platform, Appellant::default()).await;
    let now = monday_nine();
    run(platform, id, sign(lead), now).await.unwrap();
    run(platform, id, sign(assisting), now).await.unwrap();
    for round in 0..2 {
        let submit = hotline::order::Command::SubmitResult {
            unit: lead,
            result: result(),
        };
        run(platform, id, submit, now).await.unwrap();
        let approve = match approve() {
            hotline::order::Command::ApproveResult { decision, .. } => {
                hotline::order::Command::ApproveResult {
                    unit: lead,
                    decision,
                }
            }
            other => other,
        };
        run(platform, id, approve, now).await.unwrap();
        run(platform, id, reply(ContactOutcome::Reached), now)
            .await
            .unwrap();
        run(platform, id, callback(Rating::Unsatisfied), now)
            .await
            .unwrap();
        if round == 0 {
            run(platform, id, review(ReviewFinding::Inadequate), now)
                .await
                .unwrap();
        }
    }
    assert_eq!(status_of(platform, id).await, Status::AwaitingReviewForm);
    (id, lead)
}

#[tokio::test]
async fn hl_callback_the_signed_review_form_is_stored_with_its_command_or_not_at_all() {
    for platform in seeded().await {
        let (id, lead) = awaiting_review_form(&platform).await;
        let forms = "SELECT COUNT(*) AS n FROM attachments WHERE owner_kind = 'review_form'";
        // An unsealed form, or a file that is not a scan, stores nothing.
        let unsealed = usecase::upload_review_form(
            &platform.db,
            &rules().context(&platform.key, &operator_audit(), monday_nine()),
            id,
            None,
            usecase::ReviewFormUpload {
                unit: lead,
                signed_by: "李局长",
                seal: Seal::Missing,
                explanation: "两次办理情况说明",
                scan: &upload("form.pdf", b"%PDF-1.4 form"),
            },
        )
        .await
        .unwrap_err();
        assert!(unsealed.to_string().contains("加盖单位公章"), "{unsealed}");
        let not_a_scan = usecase::upload_review_form(
            &platform.db,
            &rules().context(&platform.key, &operator_audit(), monday_nine()),
            id,
            None,
            usecase::ReviewFormUpload {
                unit: lead,
                signed_by: "李局长",
                seal: Seal::Affixed,
                explanation: "两次办理情况说明",
                scan: &upload("form.exe", b"MZ\x90\0"),
            },
        )
        .await
        .unwrap_err();
        assert!(
            not_a_scan.to_string().contains("文件类型不允许"),
            "{not_a_scan}"
        );
        assert_eq!(scalar(&platform, forms).await, 0, "{}", backend(&platform));

        let (order, _) = usecase::upload_review_form(
            &platform.db,
            &rules().context(&platform.key, &operator_audit(), monday_nine()),
            id,
            None,
            usecase::ReviewFormUpload {
                unit: lead,
                signed_by: "李局长",
                seal: Seal::Affixed,
                explanation: "两次办理情况说明",
                scan: &upload("form.pdf", b"%PDF-1.4 form"),
            },
        )
        .await
        .unwrap();
        assert_eq!(order.status, Status::FormUnderReview);
        assert_eq!(scalar(&platform, forms).await, 1);
        let document: i64 = order.review_forms[0].document.parse().unwrap();
        let stored = platform::attachments::meta(&platform.db, document)
            .await
            .unwrap();
        assert_eq!(stored.owner_id, id.0);
        assert_eq!(stored.download_name(), "审核反馈表.pdf");
    }
}

#[tokio::test]
async fn hl_register_attachments_are_stored_with_the_appeal_labelled_not_named() {
    for platform in seeded().await {
        let files = [
            upload("王五家门口.jpg", b"\xFF\xD8\xFF\xE0photo"),
            upload("说明.pdf", b"%PDF-1.7 text"),
        ];
        let registration = usecase::register_appeal_with(
            &platform.db,
            &platform.key,
            &operator_audit(),
            new_appeal("路面塌陷", Appellant::default()),
            &files,
            monday_nine(),
        )
        .await
        .unwrap();
        let listed = usecase::attachments_of(&platform.db, registration.appeal_id)
            .await
            .unwrap();
        let names: Vec<String> = listed.iter().map(|m| m.download_name()).collect();
        assert_eq!(names, ["附件1.jpg", "附件2.pdf"], "{}", backend(&platform));

        // One bad file refuses the whole appeal: no number is spent, nothing is stored.
        let appeals = "SELECT COUNT(*) AS n FROM hotline_appeals";
        let before = scalar(&platform, appeals).await;
        let refused = usecase::register_appeal_with(
            &platform.db,
            &platform.key,
            &operator_audit(),
            new_appeal("路面塌陷", Appellant::default()),
            &[files[0].clone(), upload("run.exe", b"MZ\x90\0")],
            monday_nine(),
        )
        .await
        .unwrap_err();
        assert!(
            refused.to_string().contains("只接受 JPG、PNG、PDF"),
            "{refused}"
        );
        assert_eq!(scalar(&platform, appeals).await, before);
    }
}

/// HL-REGISTER through the intake queue: appeals filed at the same moment are committed
/// together, each answered with its own number only after the commit, none lost.
#[tokio::test]
async fn hl_register_the_intake_queue_stores_every_concurrent_appeal_once() {
    for platform in seeded().await {
        let queue = usecase::IntakeQueue::new(platform.db.clone(), platform.key.clone());
        let before = scalar(&platform, "SELECT COUNT(*) AS n FROM hotline_appeals").await;
        let filings: Vec<_> = (0..40)
            .map(|i| {
                let queue = queue.clone();
                tokio::spawn(async move {
                    let appeal = new_appeal(&format!("路灯不亮 {i}"), Appellant::default());
                    queue
                        .register(&operator_audit(), appeal, (&[], None), monday_nine())
                        .await
                })
            })
            .collect();
        let mut numbers = Vec::new();
        for filing in filings {
            numbers.push(filing.await.unwrap().unwrap().number);
        }
        numbers.sort();
        numbers.dedup();
        assert_eq!(numbers.len(), 40, "{}", backend(&platform));
        let after = scalar(&platform, "SELECT COUNT(*) AS n FROM hotline_appeals").await;
        assert_eq!(after - before, 40);
        let audited = scalar(
            &platform,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'hotline.register'",
        )
        .await;
        assert_eq!(audited, after);
        assert!(
            platform::audit::verify(&platform.db)
                .await
                .unwrap()
                .first_break
                .is_none()
        );
        let refused = queue
            .register(
                &operator_audit(),
                new_appeal(" ", Appellant::default()),
                (&[], None),
                monday_nine(),
            )
            .await
            .unwrap_err();
        assert!(
            refused.to_string().contains("诉求内容不能为空"),
            "{refused}"
        );
    }
}

/// HL-RETURN: the return window closes at its due instant (the sweep marks it met, never
/// overdue), and a later command that stops every clock still goes through.
#[tokio::test]
async fn hl_return_the_closed_return_window_is_not_overdue_and_does_not_block_later_commands() {
    for platform in seeded().await {
        let (id, lead, assisting) = dispatched(&platform, Appellant::default()).await;
        let later = calendar::Instant::from_millis(monday_nine().millis() + 30 * 60_000);
        run(&platform, id, sign(lead), later).await.unwrap();
        run(&platform, id, sign(assisting), later).await.unwrap();
        let afternoon = calendar::Instant::from_millis(monday_nine().millis() + 5 * 3_600_000);
        platform::clocks::refresh_lights(
            &platform.db,
            &crate::CAL,
            &crate::PROFILE,
            afternoon,
            100,
        )
        .await
        .unwrap();
        let window = format!(
            "SELECT COUNT(*) AS n FROM clocks WHERE subject_id = '{}' AND rule_id = 'HL-RETURN' AND status = 'met' AND light = 'green'",
            id.0
        );
        // One return window per handling unit (HL-RETURN: the lead and the assisting unit).
        assert_eq!(
            scalar(&platform, &window).await,
            2,
            "{}",
            backend(&platform)
        );
        let submit = hotline::order::Command::SubmitResult {
            unit: lead,
            result: result(),
        };
        run(&platform, id, submit, afternoon).await.unwrap();
        // Approval stops the unit's clocks, the closed return window among them.
        let approve = hotline::order::Command::ApproveResult {
            unit: lead,
            decision: hotline::order::Approval::Approve,
        };
        let (order, _) = run(&platform, id, approve, afternoon).await.unwrap();
        assert_eq!(order.status, Status::ResultApproved);
    }
}

/// HL-ACCOUNT: the lead reporting its result while an assisting unit never gave its part puts
/// buck-passing on that unit's accountability ledger, once.
#[tokio::test]
async fn hl_account_a_silent_assisting_unit_is_recorded_for_buck_passing() {
    for platform in seeded().await {
        let (id, lead, assisting) = dispatched(&platform, Appellant::default()).await;
        let now = monday_nine();
        run(&platform, id, sign(lead), now).await.unwrap();
        run(&platform, id, sign(assisting), now).await.unwrap();
        let submit = hotline::order::Command::SubmitResult {
            unit: lead,
            result: result(),
        };
        run(&platform, id, submit, now).await.unwrap();
        let ledger = format!(
            "SELECT COUNT(*) AS n FROM hotline_accountability WHERE order_id = {} AND unit_id = {} AND kind = 'buck_passing'",
            id.0, assisting.0
        );
        assert_eq!(
            scalar(&platform, &ledger).await,
            1,
            "{}",
            backend(&platform)
        );
        let lead_rows = format!(
            "SELECT COUNT(*) AS n FROM hotline_accountability WHERE unit_id = {}",
            lead.0
        );
        assert_eq!(scalar(&platform, &lead_rows).await, 0);
    }
}
