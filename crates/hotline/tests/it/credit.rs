//! HL-CREDIT on both backends: an appeal refused as fabricated or abusive is recorded for
//! credit management with the refusal, in one transaction; the appellant's identity is a
//! sealed copy, listed masked, counted per phone; a refusal for another reason, an anonymous
//! appeal, an empty reason or a second record is refused and changes nothing.

use hotline::AppealId;
use hotline::credit::{self, CreditKind};
use hotline::order::Status;
use hotline::refuse::RefuseReason;
use hotline::usecase::Appellant;
use platform::Platform;
use sqlx::Row as _;

use crate::store::{backend, monday_nine, new_appeal, operator_audit, register, seeded};
use crate::usecase::{rules, scalar};

async fn appeal(platform: &Platform, appellant: Appellant) -> AppealId {
    register(
        platform,
        new_appeal("举报某店铺销售假药（经核实纯属捏造）", appellant),
    )
    .await
    .appeal_id
}

fn caller() -> Appellant {
    Appellant::parse("张三丰", "13812341234", "", "").unwrap()
}

async fn refuse_with_credit(
    platform: &Platform,
    id: AppealId,
    reason: RefuseReason,
) -> platform::Result<i64> {
    credit::refuse_and_record(
        &platform.db,
        &rules().context(&platform.key, &operator_audit(), monday_nine()),
        id,
        None,
        reason,
        "经核实所举报事实系捏造，已向来电人解释",
    )
    .await
}

async fn status_of(platform: &Platform, id: AppealId) -> String {
    sqlx::query("SELECT status FROM hotline_orders WHERE id = $1")
        .bind(id.0)
        .fetch_one(&platform.db.pool)
        .await
        .unwrap()
        .try_get("status")
        .unwrap()
}

#[tokio::test]
async fn hl_credit_a_refusal_as_fabricated_records_the_appeal_sealed_and_lists_it_masked() {
    for platform in seeded().await {
        let id = appeal(&platform, caller()).await;
        let record = refuse_with_credit(&platform, id, RefuseReason::Fabricated)
            .await
            .unwrap();
        assert_eq!(status_of(&platform, id).await, Status::Refused.code());
        // Sealed at rest: neither the name nor the phone is stored in clear.
        let clear = format!(
            "SELECT COUNT(*) AS n FROM hotline_credit_records WHERE id = {record} AND \
             (CAST(appellant_name_sealed AS TEXT) LIKE '%张三丰%' \
             OR CAST(appellant_phone_sealed AS TEXT) LIKE '%13812341234%')"
        );
        assert_eq!(scalar(&platform, &clear).await, 0, "{}", backend(&platform));
        // Audited, naming the order and the kind, never the appellant.
        let audit = sqlx::query(
            "SELECT detail FROM audit_log WHERE action = 'hotline.credit.record' AND object_id = $1",
        )
        .bind(record.to_string())
        .fetch_one(&platform.db.pool)
        .await
        .unwrap()
        .try_get::<String, _>("detail")
        .unwrap();
        assert!(audit.contains("虚假诉求"), "{audit}");
        assert!(!audit.contains("张三丰") && !audit.contains("13812341234"));
        // A second caller's appeal from the same phone, recorded later on its own, is
        // counted with the first.
        let again = appeal(&platform, caller()).await;
        let mut tx = platform.db.begin().await.unwrap();
        credit::record(
            &mut tx,
            &operator_audit(),
            again,
            CreditKind::Malicious,
            "反复来电辱骂话务员",
            None,
            monday_nine(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let listed = credit::list(&platform.db, &platform.key, 50).await.unwrap();
        assert_eq!(listed.len(), 2);
        let first = listed.iter().find(|r| r.id == record).unwrap();
        assert_eq!(first.kind, CreditKind::False);
        assert_eq!(first.refusal, Some(RefuseReason::Fabricated));
        assert_eq!(first.appellant_name.as_deref(), Some("张**"));
        assert_eq!(first.appellant_phone.as_deref(), Some("138****1234"));
        assert_eq!(first.n_same_phone, 2);
        assert_eq!(first.recorded_by.as_deref(), Some("刘话务"));
        let of_order = credit::of_order(&platform.db, &platform.key, again)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(of_order.kind, CreditKind::Malicious);
        assert_eq!(of_order.refusal, None);
    }
}

#[tokio::test]
async fn hl_credit_refused_input_records_nothing_and_leaves_the_order_as_it_was() {
    for platform in seeded().await {
        let records = "SELECT COUNT(*) AS n FROM hotline_credit_records";
        // A refusal for a reason that is no credit matter: neither refused nor recorded.
        let unclear = appeal(&platform, caller()).await;
        let error = refuse_with_credit(&platform, unclear, RefuseReason::Unclear)
            .await
            .unwrap_err();
        assert!(error.to_string().contains("信用管理"), "{error}");
        assert_eq!(
            status_of(&platform, unclear).await,
            Status::Registered.code()
        );
        // An anonymous appeal: there is no one to record, so the refusal is undone too.
        let anonymous = appeal(&platform, Appellant::default()).await;
        let error = refuse_with_credit(&platform, anonymous, RefuseReason::Abusive)
            .await
            .unwrap_err();
        assert!(error.to_string().contains("未留姓名和电话"), "{error}");
        assert_eq!(
            status_of(&platform, anonymous).await,
            Status::Registered.code(),
            "{}",
            backend(&platform)
        );
        assert_eq!(scalar(&platform, records).await, 0);
        // An empty reason, then a second record of the same appeal.
        let id = appeal(&platform, caller()).await;
        let attempt = |reason: &'static str| {
            let platform = platform.clone();
            async move {
                let mut tx = platform.db.begin().await.unwrap();
                let outcome = credit::record(
                    &mut tx,
                    &operator_audit(),
                    id,
                    CreditKind::False,
                    reason,
                    None,
                    monday_nine(),
                )
                .await;
                tx.commit().await.unwrap();
                outcome
            }
        };
        assert!(matches!(
            attempt("  ").await,
            Err(platform::Error::Invalid(_))
        ));
        attempt("经核实系虚假举报").await.unwrap();
        assert!(matches!(
            attempt("再次记录").await,
            Err(platform::Error::Conflict(_))
        ));
        assert_eq!(scalar(&platform, records).await, 1);
        // A record made on its own leaves the order where it was.
        assert_eq!(status_of(&platform, id).await, Status::Registered.code());
    }
}
