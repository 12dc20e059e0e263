//! HL-CONTACTS with HL-REMIND on both backends: a reminder reaches the unit's registered A and
//! B staff (A first), not every handler of the unit; the 催办 reaches the registered leader,
//! not every leader; outside working hours the text goes to the unit's duty phone instead of
//! the people's mobiles, in working hours to their mobiles.

use calendar::Instant;
use hotline::UnitId;
use hotline::order::Command;
use hotline::supervision;
use hotline::usecase::Appellant;
use platform::Platform;
use platform::audit::AuditActor;
use platform::clocks;
use platform::personal::PhoneNumber;
use platform::roles::Role;
use platform::unit_contacts::{self, NewContacts};
use platform::users::{self, NewAccount};
use sqlx::Row as _;

use crate::store::{at, backend, seeded};
use crate::usecase::{dispatched, run};
use crate::{CAL, PROFILE};

const DUTY_PHONE: &str = "0936-8212345";

/// A new account of `unit` holding `role`, with a mobile number for texts.
async fn account(platform: &Platform, unit: UnitId, username: &str, role: Role) -> i64 {
    let actor = AuditActor::system("test");
    let mut tx = platform.db.begin().await.unwrap();
    let new = NewAccount {
        unit_id: unit.0,
        username: username.into(),
        display_name: format!("联络{username}"),
        roles: vec![role],
    };
    let (id, _) = users::create(&mut tx, &actor, new, 0).await.unwrap();
    let phone = PhoneNumber::parse(&format!("1370936{id:04}")).unwrap();
    users::set_phone(&mut tx, &platform.key, &actor, id, &phone, 0)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

struct Contacts {
    leader: i64,
    staff_a: i64,
    staff_b: i64,
}

/// Registers three new accounts of `unit` as its contacts (the demo's `leader` and `handler`
/// stay in the unit with their roles, so a message to them would mean the role was used).
async fn register_contacts(platform: &Platform, unit: UnitId) -> Contacts {
    let contacts = Contacts {
        leader: account(platform, unit, "reg.leader", Role::UnitLeader).await,
        staff_a: account(platform, unit, "reg.a", Role::UnitHandler).await,
        staff_b: account(platform, unit, "reg.b", Role::UnitHandler).await,
    };
    let new = NewContacts {
        leader: contacts.leader,
        staff_a: contacts.staff_a,
        staff_b: contacts.staff_b,
        duty_phone: PhoneNumber::parse(DUTY_PHONE).unwrap(),
    };
    let mut tx = platform.db.begin().await.unwrap();
    unit_contacts::save(
        &mut tx,
        &platform.key,
        &AuditActor::system("test"),
        unit.0,
        &new,
        0,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    contacts
}

/// An order dispatched to gz-market (registered contacts) and signed by both units; returns
/// it with its lead and the lead's handling clock (yellow from, due at).
async fn signed_with_contacts(platform: &Platform) -> (i64, UnitId, Contacts, Instant, Instant) {
    let (id, lead, assisting) = dispatched(platform, Appellant::default()).await;
    let contacts = register_contacts(platform, lead).await;
    for unit in [lead, assisting] {
        run(
            platform,
            id,
            Command::Sign { unit },
            at("2025-03-03T09:30:00+08:00"),
        )
        .await
        .unwrap();
    }
    let handling = clocks::by_subject(&platform.db, "order", &id.0.to_string())
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.rule_id == "HL-LIMITS" && c.unit_id == lead.0 && c.status.is_open())
        .unwrap();
    let yellow = handling.yellow_at.unwrap();
    (id.0, lead, contacts, yellow, handling.due_at)
}

/// (recipient, address in clear) of the outbox rows of `channel` whose body has `text`, in
/// the order they were written.
async fn sent(platform: &Platform, channel: &str, text: &str) -> Vec<(Option<i64>, String)> {
    let rows = sqlx::query(
        "SELECT recipient_user_id, address FROM outbox WHERE channel = $1 AND body LIKE $2 \
         ORDER BY id",
    )
    .bind(channel)
    .bind(format!("%{text}%"))
    .fetch_all(&platform.db.pool)
    .await
    .unwrap();
    rows.iter()
        .map(|row| {
            let address: Option<Vec<u8>> = row.try_get("address").unwrap();
            let clear = address
                .map(|sealed| platform.key.open(&sealed).unwrap())
                .unwrap_or_default();
            (row.try_get("recipient_user_id").unwrap(), clear)
        })
        .collect()
}

async fn scan(platform: &Platform, now: Instant) {
    supervision::scan(&platform.db, &platform.key, &CAL, &PROFILE, now, 50)
        .await
        .unwrap();
}

fn is_working_time(now: Instant) -> bool {
    CAL.working_millis_between(now, Instant::from_millis(now.millis() + 60_000)) > 0
}

const REMINDER: &str = "临近时限提醒";

#[tokio::test]
async fn hl_contacts_a_reminder_in_working_hours_reaches_the_registered_a_and_b_staff_by_app_and_text()
 {
    for platform in seeded().await {
        let (_, _, contacts, yellow, _) = signed_with_contacts(&platform).await;
        let now = Instant::from_millis(yellow.millis() + 60_000);
        assert!(is_working_time(now), "{}", now.to_rfc3339());
        scan(&platform, now).await;
        let a = Some(contacts.staff_a);
        let b = Some(contacts.staff_b);
        let inbox: Vec<_> = sent(&platform, "inbox", REMINDER).await;
        let to: Vec<_> = inbox.iter().map(|(user, _)| *user).collect();
        // A first, B too; the demo's `handler` of the same unit is not a registered contact.
        assert_eq!(to, vec![a, b], "{}", backend(&platform));
        let texts = sent(&platform, "sms", REMINDER).await;
        let texted: Vec<_> = texts.iter().map(|(user, _)| *user).collect();
        assert_eq!(texted, vec![a, b], "their own mobiles in working hours");
        assert!(texts.iter().all(|(_, phone)| phone.starts_with("1370936")));
    }
}

#[tokio::test]
async fn hl_contacts_a_reminder_outside_working_hours_is_texted_to_the_duty_phone() {
    for platform in seeded().await {
        let (_, _, contacts, yellow, due) = signed_with_contacts(&platform).await;
        // The evening of the day the clock turns yellow, before it is due.
        let now = Instant::from_local(yellow.local_date(), 20 * 60);
        assert!(now.millis() >= yellow.millis() && now.millis() < due.millis());
        assert!(!is_working_time(now));
        scan(&platform, now).await;
        let inbox = sent(&platform, "inbox", REMINDER).await;
        let to: Vec<_> = inbox.iter().map(|(user, _)| *user).collect();
        assert_eq!(
            to,
            vec![Some(contacts.staff_a), Some(contacts.staff_b)],
            "{}",
            backend(&platform)
        );
        let texts = sent(&platform, "sms", REMINDER).await;
        assert_eq!(
            texts,
            vec![(None, "09368212345".to_owned())],
            "one text, to the duty phone, none to the staff's mobiles after hours"
        );
    }
}

#[tokio::test]
async fn hl_contacts_the_urge_reaches_the_registered_leader_not_every_leader_of_the_unit() {
    for platform in seeded().await {
        let (id, _, contacts, _, due) = signed_with_contacts(&platform).await;
        // Half a working hour past due, in working hours.
        let overdue = CAL.add_working_millis(due, 30 * 60_000).at;
        assert!(is_working_time(overdue));
        run(&platform, hotline::AppealId(id), Command::Urge, overdue)
            .await
            .unwrap();
        let demo_leader = users::id_by_username(&platform.db, "leader")
            .await
            .unwrap()
            .unwrap();
        let urged = |user: i64| {
            let platform = platform.clone();
            async move {
                sqlx::query(
                    "SELECT COUNT(*) AS n FROM outbox WHERE channel = 'inbox' \
                     AND recipient_user_id = $1 AND body LIKE '%逾期未反馈%'",
                )
                .bind(user)
                .fetch_one(&platform.db.pool)
                .await
                .unwrap()
                .try_get::<i64, _>("n")
                .unwrap()
            }
        };
        assert_eq!(urged(contacts.leader).await, 1, "{}", backend(&platform));
        assert_eq!(urged(demo_leader).await, 0, "not every unit leader");
    }
}
