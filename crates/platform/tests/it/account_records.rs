//! SEC-ACCOUNTS as amended, on both backends: an account is opened only with a recorded
//! training, a hotline role is granted (at opening or later) only with a recorded
//! confidentiality agreement (保密协议); a refusal writes nothing, not even an audit row; and
//! the demo's accounts are opened the same way.

use chrono::NaiveDate;
use platform::db::now_ms;
use platform::roles::Role;
use platform::testing::each_backend;
use platform::users::records::{self, Agreement, Training};
use platform::users::{self, NewAccount, Opening};
use platform::{Error, Platform, demo};

use crate::{backend, count, new_account, new_unit, system};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn training() -> Training {
    Training {
        course: "政务热线岗前培训".into(),
        trained_on: day("2026-01-05"),
        trainer: "区营商环境建设局".into(),
    }
}

fn agreement() -> Agreement {
    Agreement {
        signed_on: day("2026-01-06"),
        document_ref: "甘州12345保密〔2026〕1号".into(),
    }
}

fn new(unit_id: i64, username: &str, role: Role) -> NewAccount {
    NewAccount {
        unit_id,
        username: username.into(),
        display_name: "新同事".into(),
        roles: vec![role],
    }
}

async fn open(
    platform: &Platform,
    account: NewAccount,
    opening: &Opening,
) -> platform::Result<(i64, String)> {
    let mut tx = platform.db.begin().await.unwrap();
    let opened = users::open(&mut tx, &system(), account, opening, now_ms()).await?;
    tx.commit().await.unwrap();
    Ok(opened)
}

async fn n_audit(platform: &Platform) -> i64 {
    count(&platform.db, "SELECT COUNT(*) AS n FROM audit_log", &[]).await
}

/// SEC-ACCOUNTS: a training that is not one (no course, no trainer, a date after today) keeps
/// the account from being opened, and nothing is written; a real one is recorded with the
/// account, audited.
#[tokio::test]
async fn sec_accounts_an_account_is_opened_only_with_a_recorded_training() {
    for platform in each_backend().await {
        let unit_id = new_unit(&platform).await;
        let tomorrow = platform::security::local_date(now_ms()).succ_opt().unwrap();
        let refusals = [
            (
                Training {
                    course: "  ".into(),
                    ..training()
                },
                "培训课程",
            ),
            (
                Training {
                    trainer: String::new(),
                    ..training()
                },
                "培训人",
            ),
            (
                Training {
                    trained_on: tomorrow,
                    ..training()
                },
                "须先培训",
            ),
        ];
        let audit_before = n_audit(&platform).await;
        for (bad, message) in refusals {
            let opening = Opening {
                training: bad,
                agreement: None,
            };
            let refused = open(
                &platform,
                new(unit_id, "wangwu", Role::UnitHandler),
                &opening,
            )
            .await;
            assert!(
                matches!(&refused, Err(Error::Invalid(text)) if text.contains(message)),
                "{}: {refused:?}",
                backend(&platform)
            );
            assert_eq!(
                users::id_by_username(&platform.db, "wangwu").await.unwrap(),
                None
            );
            assert_eq!(
                n_audit(&platform).await,
                audit_before,
                "{}",
                backend(&platform)
            );
        }

        let opening = Opening {
            training: training(),
            agreement: None,
        };
        let (id, _) = open(
            &platform,
            new(unit_id, "wangwu", Role::UnitHandler),
            &opening,
        )
        .await
        .unwrap();
        let trainings = records::trainings(&platform.db, id).await.unwrap();
        assert_eq!(trainings.len(), 1, "{}", backend(&platform));
        assert_eq!(trainings[0].course, "政务热线岗前培训");
        assert_eq!(trainings[0].trained_on, "2026-01-05");
        let sql = "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1 AND object_id = $2";
        let id_text = id.to_string();
        for action in ["user.create", "user.training"] {
            assert_eq!(
                count(&platform.db, sql, &[action, &id_text]).await,
                1,
                "{action}"
            );
        }
    }
}

/// SEC-ACCOUNTS (保密协议): a hotline role is refused without a recorded agreement — at opening
/// and when granted later — and nothing changes; with the agreement it is granted.
#[tokio::test]
async fn sec_accounts_a_hotline_role_needs_a_recorded_confidentiality_agreement() {
    for platform in each_backend().await {
        let db = &platform.db;
        let unit_id = new_unit(&platform).await;
        let audit_before = n_audit(&platform).await;
        for role in [Role::HotlineOperator, Role::HotlineSupervisor] {
            let opening = Opening {
                training: training(),
                agreement: None,
            };
            let refused = open(&platform, new(unit_id, "huawu", role), &opening).await;
            assert!(
                matches!(&refused, Err(Error::Invalid(text)) if text.contains("保密协议")),
                "{}: {refused:?}",
                backend(&platform)
            );
            assert_eq!(users::id_by_username(db, "huawu").await.unwrap(), None);
        }
        assert_eq!(n_audit(&platform).await, audit_before);
        let opening = Opening {
            training: training(),
            agreement: Some(agreement()),
        };
        let (operator, _) = open(
            &platform,
            new(unit_id, "huawu", Role::HotlineOperator),
            &opening,
        )
        .await
        .unwrap();
        assert_eq!(records::agreements(db, operator).await.unwrap().len(), 1);

        // Granting it later to an account without an agreement: refused, roles unchanged.
        let (handler, _) = new_account(&platform, unit_id, "zhaoliu", Role::UnitHandler).await;
        let audit_before = n_audit(&platform).await;
        let mut tx = db.begin().await.unwrap();
        let refused = users::set_roles(
            &mut tx,
            &system(),
            handler,
            &[Role::HotlineSupervisor],
            now_ms(),
        )
        .await;
        tx.rollback().await.unwrap();
        assert!(
            matches!(&refused, Err(Error::Invalid(text)) if text.contains("热线督办员须先签订保密协议")),
            "{}: {refused:?}",
            backend(&platform)
        );
        assert_eq!(
            users::get(db, handler).await.unwrap().roles,
            [Role::UnitHandler]
        );
        assert_eq!(n_audit(&platform).await, audit_before);

        let mut tx = db.begin().await.unwrap();
        records::record_agreement(&mut tx, &system(), handler, &agreement(), now_ms())
            .await
            .unwrap();
        users::set_roles(
            &mut tx,
            &system(),
            handler,
            &[Role::HotlineSupervisor],
            now_ms(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            users::get(db, handler).await.unwrap().roles,
            [Role::HotlineSupervisor]
        );

        // A role without the duty needs none; a signing date after today is refused.
        let mut tx = db.begin().await.unwrap();
        let tomorrow = platform::security::local_date(now_ms()).succ_opt().unwrap();
        let future = Agreement {
            signed_on: tomorrow,
            ..agreement()
        };
        let refused =
            records::record_agreement(&mut tx, &system(), handler, &future, now_ms()).await;
        assert!(matches!(refused, Err(Error::Invalid(_))), "{refused:?}");
        tx.rollback().await.unwrap();
    }
}

/// The demo opens its accounts like the back office: every one with a training, the hotline's
/// with an agreement.
#[tokio::test]
async fn sec_accounts_the_demo_accounts_have_their_training_and_agreements() {
    for platform in each_backend().await {
        demo::seed(&platform.db, &platform.key).await.unwrap();
        let summaries = records::summaries(&platform.db).await.unwrap();
        for account in users::list(&platform.db).await.unwrap() {
            let summary = summaries.get(&account.id).copied().unwrap_or_default();
            assert!(summary.n_trainings >= 1, "{}", account.username);
            let hotline = account
                .roles
                .iter()
                .any(|role| role.requires_confidentiality_agreement());
            assert_eq!(summary.has_agreement, hotline, "{}", account.username);
        }
    }
}
