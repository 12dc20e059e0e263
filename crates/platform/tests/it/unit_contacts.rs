//! HL-CONTACTS on both backends: a unit's leader, A/B staff and duty phone are stored with the
//! phone sealed, audited (masked) and replaced whole; a registration that does not fit the
//! article is refused and changes nothing; units whose registration is missing or no longer
//! current are listed, and the demo leaves that list empty.

use platform::audit::AuditActor;
use platform::personal::PhoneNumber;
use platform::roles::Role;
use platform::testing::each_backend;
use platform::unit_contacts::{self, NewContacts};
use platform::{Error, Platform, demo, units, users};

use crate::{backend, count};

async fn unit_id(platform: &Platform, code: &str) -> i64 {
    units::find_by_code(&platform.db, code)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn user_id(platform: &Platform, username: &str) -> i64 {
    users::id_by_username(&platform.db, username)
        .await
        .unwrap()
        .unwrap()
}

async fn account(platform: &Platform, unit: i64, username: &str, role: Role) -> i64 {
    let mut tx = platform.db.begin().await.unwrap();
    let new = users::NewAccount {
        unit_id: unit,
        username: username.into(),
        display_name: format!("员工{username}"),
        roles: vec![role],
    };
    let (id, _) = users::create(&mut tx, &AuditActor::system("it"), new, 0)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn save(platform: &Platform, unit: i64, new: &NewContacts) -> platform::Result<()> {
    let mut tx = platform.db.begin().await.unwrap();
    unit_contacts::save(
        &mut tx,
        &platform.key,
        &AuditActor::system("it"),
        unit,
        new,
        1_000,
    )
    .await?;
    tx.commit().await.unwrap();
    Ok(())
}

fn contacts(leader: i64, staff_a: i64, staff_b: i64, phone: &str) -> NewContacts {
    NewContacts {
        leader,
        staff_a,
        staff_b,
        duty_phone: PhoneNumber::parse(phone).unwrap(),
    }
}

#[tokio::test]
async fn hl_contacts_a_registration_is_stored_sealed_audited_masked_and_replaced_whole() {
    for platform in each_backend().await {
        demo::seed(&platform.db, &platform.key).await.unwrap();
        let market = unit_id(&platform, "gz-market").await;
        let leader = user_id(&platform, "leader").await;
        let handler = user_id(&platform, "handler").await;
        let second = account(&platform, market, "market.second", Role::UnitHandler).await;
        let third = account(&platform, market, "market.third", Role::UnitHandler).await;
        save(
            &platform,
            market,
            &contacts(leader, handler, second, "13909361234"),
        )
        .await
        .unwrap();
        let stored = unit_contacts::get(&platform.db, market)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (
                stored.leader.user_id,
                stored.staff_a.user_id,
                stored.staff_b.user_id
            ),
            (leader, handler, second),
            "{}",
            backend(&platform)
        );
        assert!(stored.gaps().is_empty());
        assert_eq!(stored.current_staff(), vec![handler, second]);
        assert_eq!(
            stored.duty_phone(&platform.key).unwrap().as_str(),
            "13909361234"
        );
        // A duty officer's mobile is personal data: sealed at rest, masked on pages.
        assert_eq!(
            stored.duty_phone_shown(&platform.key).unwrap(),
            "139****1234"
        );
        let clear = "SELECT COUNT(*) AS n FROM unit_contacts \
                     WHERE CAST(duty_phone_sealed AS TEXT) LIKE '%13909361234%'";
        assert_eq!(count(&platform.db, clear, &[]).await, 0);
        // Replaced whole; the audit names both versions with the phone masked.
        save(
            &platform,
            market,
            &contacts(leader, handler, third, "0936-8219999"),
        )
        .await
        .unwrap();
        let stored = unit_contacts::get(&platform.db, market)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.staff_b.user_id, third);
        // An office line is the unit's, shown whole.
        assert_eq!(
            stored.duty_phone_shown(&platform.key).unwrap(),
            "09368219999"
        );
        let audited = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'unit.contacts' \
                       AND detail LIKE $1 AND detail NOT LIKE '%13909361234%'";
        assert_eq!(
            count(
                &platform.db,
                audited,
                &["%员工market.third%原：%139****1234%"]
            )
            .await,
            1
        );
        assert_eq!(unit_contacts::list(&platform.db).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn hl_contacts_a_registration_that_does_not_fit_is_refused_and_changes_nothing() {
    for platform in each_backend().await {
        demo::seed(&platform.db, &platform.key).await.unwrap();
        let market = unit_id(&platform, "gz-market").await;
        let leader = user_id(&platform, "leader").await;
        let handler = user_id(&platform, "handler").await;
        let second = account(&platform, market, "market.second", Role::UnitHandler).await;
        let hrss = unit_id(&platform, "gz-hrss").await;
        let elsewhere = account(&platform, hrss, "hrss.someone", Role::UnitHandler).await;
        let disabled = account(&platform, market, "market.gone", Role::UnitHandler).await;
        let mut tx = platform.db.begin().await.unwrap();
        users::set_active(&mut tx, &AuditActor::system("it"), disabled, false, 0)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let audit_rows = "SELECT COUNT(*) AS n FROM audit_log";
        let before = count(&platform.db, audit_rows, &[]).await;
        let refused = [
            (
                contacts(leader, handler, handler, "13909361234"),
                "A岗与B岗",
            ),
            (
                contacts(leader, leader, second, "13909361234"),
                "不同的人员",
            ),
            (
                contacts(second, handler, leader, "13909361234"),
                "分管领导须为",
            ),
            (
                contacts(leader, elsewhere, second, "13909361234"),
                "A岗须为",
            ),
            (
                contacts(leader, handler, disabled, "13909361234"),
                "B岗须为",
            ),
        ];
        for (new, message) in &refused {
            let error = save(&platform, market, new).await.unwrap_err();
            assert!(
                matches!(&error, Error::Invalid(text) if text.contains(message)),
                "{error} ({message}) {}",
                backend(&platform)
            );
        }
        let unknown_unit = save(
            &platform,
            999_999,
            &contacts(leader, handler, second, "13909361234"),
        )
        .await
        .unwrap_err();
        assert!(matches!(unknown_unit, Error::NotFound(_)));
        assert_eq!(count(&platform.db, audit_rows, &[]).await, before);
        assert!(unit_contacts::list(&platform.db).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn hl_contacts_units_without_a_current_registration_are_listed_and_the_demo_registers_every_one()
 {
    for platform in each_backend().await {
        demo::seed(&platform.db, &platform.key).await.unwrap();
        let before = unit_contacts::gaps(&platform.db).await.unwrap();
        let codes: Vec<&str> = before.iter().map(|gap| gap.unit.code.as_str()).collect();
        // Every handling unit; not the government, the hotline centre or a village.
        assert!(codes.contains(&"gz-market") && codes.contains(&"gz-dangzhai"));
        assert!(!codes.contains(&"gz") && !codes.contains(&"gz-12345"));
        assert!(!codes.contains(&"gz-qingliangsi"), "{codes:?}");
        assert_eq!(codes.len(), 13, "{}", backend(&platform));

        let created = demo::seed_contacts(&platform.db, &platform.key)
            .await
            .unwrap();
        // gz-market already has its leader and one handler; the others get three each.
        assert_eq!(created, 12 * 3 + 1);
        assert!(unit_contacts::gaps(&platform.db).await.unwrap().is_empty());
        let market = unit_id(&platform, "gz-market").await;
        let stored = unit_contacts::get(&platform.db, market)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.leader.user_id, user_id(&platform, "leader").await);
        assert_eq!(stored.staff_a.user_id, user_id(&platform, "handler").await);

        // Kept current: a registered account disabled puts the unit back on the list.
        let mut tx = platform.db.begin().await.unwrap();
        users::set_active(
            &mut tx,
            &AuditActor::system("it"),
            stored.staff_b.user_id,
            false,
            0,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let after = unit_contacts::gaps(&platform.db).await.unwrap();
        assert_eq!(after.len(), 1);
        assert_eq!(after[0].unit.id, market);
        assert!(after[0].gaps[0].starts_with("B岗"), "{:?}", after[0].gaps);
    }
}
