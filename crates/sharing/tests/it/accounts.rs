//! Platform accounts and handovers (DATA-ACCOUNTS; 000 共享 §14, §5(五)): the pure rules —
//! only the administrator allocates, one account in use per person; a handover between two
//! holders of one unit, confirmed by both parties (the leaving one's leader may confirm for
//! them), filed by the administrator after both; the leaving account suspended while it is
//! open, closed when filed, given back when withdrawn — and, on both backends, the register,
//! a handover through to its filing with the gateway refusing the leaving holder's code
//! meanwhile and the code void afterwards, and every change audited.

use platform::roles::Role;
use sharing::account::{
    self, Account, AccountStatus, Command, Handover, HandoverDraft, HandoverStatus, OfficeAccount,
};
use sharing::{ErrorKind, UnitId, UserId};

use crate::{CONSUMER, PROVIDER, acting, administrator, at, consumer, t0};

fn held(id: i64, user: i64, unit: UnitId, status: AccountStatus) -> Account {
    Account {
        id,
        unit,
        user: UserId(user),
        purpose: "社保业务系统调用企业登记信息".into(),
        status,
        allocated_at: t0(),
        allocated_by: UserId(20),
        closed_at: None,
    }
}

fn office(user: i64, active: bool) -> Option<OfficeAccount> {
    Some(OfficeAccount {
        user: UserId(user),
        unit: CONSUMER,
        active,
    })
}

/// An allocation case: office account, purpose, accounts held, who, expected refusal.
type AllocationCase<'a> = (
    Option<OfficeAccount>,
    &'a str,
    &'a [Account],
    sharing::Acting,
    Option<ErrorKind>,
);

#[test]
fn data_accounts_only_the_administrator_allocates_one_account_in_use_per_person() {
    let active = [held(1, 60, CONSUMER, AccountStatus::Active)];
    let closed = [held(1, 60, CONSUMER, AccountStatus::Closed)];
    // (office account, purpose, accounts held, who, expected)
    let cases: Vec<AllocationCase<'_>> = vec![
        (office(60, true), "核验企业", &[], administrator(), None),
        (office(60, true), "核验企业", &closed, administrator(), None),
        (
            office(60, true),
            "核验企业",
            &[],
            consumer(),
            Some(ErrorKind::NotPermitted),
        ),
        (
            office(60, true),
            "核验企业",
            &active,
            administrator(),
            Some(ErrorKind::Invalid),
        ),
        (
            office(60, false),
            "核验企业",
            &[],
            administrator(),
            Some(ErrorKind::Invalid),
        ),
        (
            None,
            "核验企业",
            &[],
            administrator(),
            Some(ErrorKind::Invalid),
        ),
        (
            office(60, true),
            "  ",
            &[],
            administrator(),
            Some(ErrorKind::Invalid),
        ),
    ];
    for (index, (office, purpose, held, who, expected)) in cases.into_iter().enumerate() {
        let got = account::check_allocation(office, purpose, held, &who)
            .err()
            .map(|e| e.kind());
        assert_eq!(got, expected, "case {index}");
    }
}

#[test]
fn data_accounts_a_handover_is_between_two_holders_in_use_of_one_unit() {
    let draft = HandoverDraft {
        account: 1,
        to_account: 2,
        reason: "调离本单位".into(),
        items: "社保业务系统接口配置".into(),
    };
    let from = held(1, 60, CONSUMER, AccountStatus::Active);
    let to = held(2, 61, CONSUMER, AccountStatus::Active);
    let leader = acting(62, CONSUMER, &[Role::UnitLeader]);
    let stranger = acting(50, PROVIDER, &[Role::UnitHandler]);
    assert!(account::check_open(&draft, &from, &to, &consumer()).is_ok());
    assert!(account::check_open(&draft, &from, &to, &leader).is_ok());
    assert!(account::check_open(&draft, &from, &to, &administrator()).is_ok());
    assert_eq!(
        account::check_open(&draft, &from, &to, &stranger)
            .unwrap_err()
            .kind(),
        ErrorKind::NotPermitted
    );
    let other_unit = held(3, 50, PROVIDER, AccountStatus::Active);
    let handing = held(1, 60, CONSUMER, AccountStatus::HandingOver);
    let closed_to = held(2, 61, CONSUMER, AccountStatus::Closed);
    let no_reason = HandoverDraft {
        reason: " ".into(),
        ..draft.clone()
    };
    for (index, (d, f, t)) in [
        (&draft, &from, &other_unit),
        (&draft, &handing, &to),
        (&draft, &from, &closed_to),
        (&draft, &from, &from),
        (&no_reason, &from, &to),
    ]
    .into_iter()
    .enumerate()
    {
        let refused = account::check_open(d, f, t, &consumer()).unwrap_err();
        assert_eq!(
            refused.kind(),
            ErrorKind::Invalid,
            "case {index}: {refused}"
        );
    }
}

fn opened() -> Handover {
    Handover {
        id: 1,
        account: 1,
        to_account: 2,
        unit: CONSUMER,
        from_user: UserId(60),
        to_user: UserId(61),
        reason: "调离本单位".into(),
        items: "授权 3 的授权码".into(),
        status: HandoverStatus::Open,
        opened_at: t0(),
        opened_by: UserId(60),
        from_confirmed: None,
        to_confirmed: None,
        filed: None,
        cancelled_at: None,
        note: String::new(),
    }
}

#[test]
fn data_accounts_both_parties_confirm_then_the_administrator_files() {
    let receiver = acting(61, CONSUMER, &[Role::UnitHandler]);
    let leader = acting(62, CONSUMER, &[Role::UnitLeader]);
    let other = acting(63, CONSUMER, &[Role::UnitHandler]);
    let later = at("2026-03-03T10:00");
    let h = opened();
    let (admin, leaving, provider_staff) = (administrator(), consumer(), crate::provider());
    // (who, command, expected refusal)
    let table: Vec<(&sharing::Acting, Command, Option<ErrorKind>)> = vec![
        (&admin, Command::File, Some(ErrorKind::Invalid)),
        (&other, Command::ConfirmFrom, Some(ErrorKind::NotPermitted)),
        (&leaving, Command::ConfirmTo, Some(ErrorKind::NotPermitted)),
        (&receiver, Command::ConfirmTo, None),
        (&leader, Command::ConfirmFrom, None),
        (&leaving, Command::ConfirmFrom, None),
        (
            &provider_staff,
            Command::Cancel { reason: "x".into() },
            Some(ErrorKind::NotPermitted),
        ),
        (
            &leaving,
            Command::Cancel { reason: " ".into() },
            Some(ErrorKind::Invalid),
        ),
    ];
    for (index, (who, command, expected)) in table.into_iter().enumerate() {
        let got = account::apply(&h, &command, who, later)
            .err()
            .map(|e| e.kind());
        assert_eq!(got, expected, "case {index}");
    }
    let from_ok = account::apply(&h, &Command::ConfirmFrom, &leader, later).unwrap();
    assert_eq!(
        from_ok.from_confirmed,
        Some((later, UserId(62))),
        "the leader confirmed"
    );
    assert_eq!(
        account::apply(&from_ok, &Command::ConfirmFrom, &consumer(), later)
            .unwrap_err()
            .kind(),
        ErrorKind::Invalid
    );
    let both = account::apply(&from_ok, &Command::ConfirmTo, &receiver, later).unwrap();
    assert_eq!(
        account::apply(&both, &Command::File, &consumer(), later)
            .unwrap_err()
            .kind(),
        ErrorKind::NotPermitted
    );
    let filed = account::apply(&both, &Command::File, &administrator(), later).unwrap();
    assert_eq!(filed.status, HandoverStatus::Filed);
    assert_eq!(
        account::apply(&filed, &Command::ConfirmTo, &receiver, later)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidTransition
    );
    let withdrawn = account::apply(
        &h,
        &Command::Cancel {
            reason: "人员调整取消".into(),
        },
        &consumer(),
        later,
    )
    .unwrap();
    assert_eq!(withdrawn.status, HandoverStatus::Cancelled);
}

#[test]
fn data_accounts_the_leaving_account_is_suspended_until_the_handover_is_filed() {
    assert_eq!(
        account::account_after(HandoverStatus::Open),
        AccountStatus::HandingOver
    );
    assert_eq!(
        account::account_after(HandoverStatus::Filed),
        AccountStatus::Closed
    );
    assert_eq!(
        account::account_after(HandoverStatus::Cancelled),
        AccountStatus::Active
    );
    let cases: [(&[AccountStatus], Option<&str>); 5] = [
        // Deny by default: no account allocated, no acting.
        (&[], Some(account::NO_ACCOUNT)),
        (&[AccountStatus::Active], None),
        (&[AccountStatus::HandingOver], Some(account::SUSPENDED)),
        (&[AccountStatus::Closed], Some(account::CLOSED)),
        (&[AccountStatus::Closed, AccountStatus::Active], None),
    ];
    for (statuses, expected) in cases {
        let accounts: Vec<Account> = statuses
            .iter()
            .enumerate()
            .map(|(i, s)| held(i64::try_from(i).unwrap(), 60, CONSUMER, *s))
            .collect();
        assert_eq!(account::usable(&accounts).err(), expected, "{statuses:?}");
    }
    assert!(account::SUSPENDED.contains("暂停使用"));
    assert!(account::NO_ACCOUNT.contains("数据平台管理员"));
}

mod stored {
    use sharing::account::{AccountStatus, Command, HandoverDraft, HandoverStatus};
    use sharing::call::Gateway;
    use sharing::usecase::{accounts, grants, requests};
    use sharing::{ResourceId, resource_key};
    use sqlx::Row as _;

    use super::t0;
    use crate::world::{World, staff};

    async fn status(gateway: &Gateway, code: &str, resource: i64) -> (u16, String) {
        let answer = gateway.call(Some(code), resource, &[], t0()).await;
        assert!(answer.logged_as.is_some(), "every call is logged");
        (answer.status, String::from_utf8(answer.body).unwrap())
    }

    /// DATA-ACCOUNTS on both backends: the register, a handover suspending the leaving
    /// holder (no code, no request, the gateway refusing the code they issued) until it is
    /// filed, then the code void and the receiver's new code answered; every change audited.
    #[tokio::test]
    async fn data_accounts_stored_register_and_handover_on_both_backends() {
        for platform in platform::testing::each_backend().await {
            let db = &platform.db;
            let world = World::published(&platform).await;
            let (id, provider, admin, leaving) =
                (world.entry, &world.provider, &world.admin, &world.consumer);
            let receiver = &staff(&platform, "hrss.b").await;
            let filing = world.filing(&["uscc", "name"]);
            let grant = world.approved(filing.clone()).await;

            // The register: the administrator allocates, nobody else; once per person.
            let purpose = "社保业务系统调用企业登记信息";
            let by_unit =
                accounts::allocate(db, &world.by(leaving), &leaving.acting, "hrss.b", purpose)
                    .await;
            assert!(by_unit.is_err());
            // The world's administrator allocated the provider's and the consumer's.
            let a = sharing::store::accounts::of_user(db, leaving.acting.user)
                .await
                .unwrap()[0]
                .id;
            let b = accounts::allocate(db, &world.by(admin), &admin.acting, "hrss.b", purpose)
                .await
                .unwrap();
            let twice =
                accounts::allocate(db, &world.by(admin), &admin.acting, "hrss.a", purpose).await;
            assert!(twice.unwrap_err().to_string().contains("已有平台账号"));
            let nobody =
                accounts::allocate(db, &world.by(admin), &admin.acting, "nobody.x", purpose).await;
            assert!(nobody.is_err());
            assert_eq!(
                accounts::register(db, &leaving.acting).await.unwrap().len(),
                2
            );
            assert_eq!(
                accounts::register(db, &provider.acting)
                    .await
                    .unwrap()
                    .len(),
                1,
                "its own unit's only"
            );

            let code = grants::issue_code(db, &world.by(leaving), &leaving.acting, grant)
                .await
                .unwrap();
            let gateway = Gateway::new(db.clone());
            let resource = resource_key(id, ResourceId(1));
            assert_eq!(status(&gateway, &code, resource).await.0, 200);

            // Another unit's staff cannot open it; the unit's own can.
            let draft = HandoverDraft {
                account: a,
                to_account: b,
                reason: "调离本单位".into(),
                items: "社保业务系统接口配置\n数据安全保密承诺书".into(),
            };
            assert!(
                accounts::open_handover(db, &world.by(provider), &provider.acting, draft.clone())
                    .await
                    .is_err()
            );
            let opened = accounts::open_handover(db, &world.by(receiver), &receiver.acting, draft)
                .await
                .unwrap();
            assert!(
                opened.items.contains(&format!("授权 {grant} 的授权码")),
                "{}",
                opened.items
            );
            assert_eq!(
                sharing::store::accounts::get(db, a).await.unwrap().status,
                AccountStatus::HandingOver
            );
            // Suspended: the gateway refuses the code, no new code, no request.
            let (refused, body) = status(&gateway, &code, resource).await;
            assert_eq!(refused, 403);
            assert!(
                body.contains("DATA-ACCOUNTS") && body.contains("交接"),
                "{body}"
            );
            let no_code = grants::issue_code(db, &world.by(leaving), &leaving.acting, grant).await;
            assert!(no_code.unwrap_err().to_string().contains("暂停使用"));
            let no_request =
                requests::submit(db, &world.by(leaving), &leaving.acting, filing).await;
            assert!(no_request.is_err());
            // Not filed before both confirm; then filed by the administrator.
            let early = accounts::execute(
                db,
                &world.by(admin),
                &admin.acting,
                opened.id,
                Command::File,
            )
            .await;
            assert!(early.is_err());
            for (who, command) in [
                (&leaving, Command::ConfirmFrom),
                (&receiver, Command::ConfirmTo),
                (&admin, Command::File),
            ] {
                accounts::execute(db, &world.by(who), &who.acting, opened.id, command)
                    .await
                    .unwrap();
            }
            let filed = sharing::store::accounts::get_handover(db, opened.id)
                .await
                .unwrap();
            assert_eq!(filed.status, HandoverStatus::Filed);
            assert_eq!(
                sharing::store::accounts::get(db, a).await.unwrap().status,
                AccountStatus::Closed
            );
            assert_eq!(
                status(&gateway, &code, resource).await.0,
                401,
                "the code is void"
            );
            let renewed = grants::issue_code(db, &world.by(receiver), &receiver.acting, grant)
                .await
                .unwrap();
            assert_eq!(status(&gateway, &renewed, resource).await.0, 200);
            let audited = sqlx::query(
                "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'sharing.account.%' \
                 OR action LIKE 'sharing.handover.%'",
            )
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .try_get::<i64, _>("n")
            .unwrap();
            assert_eq!(
                audited, 7,
                "three allocations (two by the world), the opening, three commands"
            );
        }
    }
}
