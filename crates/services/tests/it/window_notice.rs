//! Issue 14 item 7 (SVC-ACCEPT, SVC-PREREVIEW, SVC-WINDOW): a new online application is told
//! to the window clerks who accept it — the item's comprehensive window, else the
//! department's own — in their 站内消息 (`platform::notify`), with the item and what is due
//! within which limit, never the applicant; a walk-in, registered by a clerk, tells nobody.
//! The pure submission, then both backends through the use case.

use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::users::{self, NewAccount};
use services::UnitId;
use services::case::{Channel, Event, Recipient, submit};
use services::item::WindowMode;
use services::usecase::{self, NewApplication};

use crate::store::{admin, application, market_item, publish, seeded, unit};
use crate::{CAL, DEPT, PROFILE, WINDOW, at, item, plain, t_submit};

fn window_notices(events: &[Event]) -> Vec<(UnitId, &'static str, String)> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Notify {
                to: Recipient::Window(unit),
                rule,
                text,
            } => Some((*unit, *rule, text.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn svc_accept_an_online_application_is_told_to_the_accepting_window() {
    let online = crate::application(Channel::Online);
    // Pre-review offered: the comprehensive window is asked for its opinion.
    let (_, events) = submit(online.clone(), &item(), t_submit(), &PROFILE, &CAL).unwrap();
    let told = window_notices(&events);
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!((told[0].0, told[0].1), (WINDOW, "SVC-PREREVIEW"));
    assert!(
        told[0].2.contains("新的网上申请：食品经营许可（新办）"),
        "{}",
        told[0].2
    );
    assert!(told[0].2.contains("出具预审意见"), "{}", told[0].2);
    // Without pre-review: accept within the item's acceptance limit.
    let (_, events) = submit(online.clone(), &plain(), t_submit(), &PROFILE, &CAL).unwrap();
    let told = window_notices(&events);
    assert_eq!((told[0].0, told[0].1), (WINDOW, "SVC-ACCEPT"));
    assert!(told[0].2.ends_with("请在2个工作日内受理"), "{}", told[0].2);
    // A professional window: the department's own clerks.
    let mut own = plain();
    own.basic.window = WindowMode::Professional;
    let (_, events) = submit(online, &own, t_submit(), &PROFILE, &CAL).unwrap();
    assert_eq!(window_notices(&events)[0].0, DEPT);
    // A walk-in was registered by a clerk: nobody is told.
    let walk_in = crate::application(Channel::Window { window: WINDOW });
    let (_, events) = submit(walk_in, &plain(), t_submit(), &PROFILE, &CAL).unwrap();
    assert!(window_notices(&events).is_empty());
}

/// The 站内消息 queued for `user` in the outbox (delivered into the inbox by the runner):
/// (subject, body, link).
async fn messages(p: &platform::Platform, user: i64) -> Vec<(String, String, String)> {
    use sqlx::Row as _;
    sqlx::query(
        "SELECT subject, body, link FROM outbox WHERE channel = 'inbox' \
         AND recipient_user_id = $1 ORDER BY id",
    )
    .bind(user)
    .fetch_all(&p.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|row| {
        (
            row.try_get("subject").unwrap(),
            row.try_get("body").unwrap(),
            row.try_get("link").unwrap(),
        )
    })
    .collect()
}

async fn clerk_in(p: &platform::Platform, unit: UnitId) -> i64 {
    let mut tx = p.db.begin().await.unwrap();
    let (id, _) = users::create(
        &mut tx,
        &AuditActor::system("test"),
        NewAccount {
            unit_id: unit.0,
            username: format!("clerk{}", unit.0),
            display_name: "窗口".into(),
            roles: vec![Role::WindowClerk],
        },
        now_ms(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

#[tokio::test]
async fn svc_accept_the_window_clerks_get_a_message_of_each_online_application_on_both_backends() {
    for p in seeded().await {
        publish(&p, "SP-FOOD-001", market_item(&p).await).await;
        let (centre, market) = (unit(&p, "gz-service").await, unit(&p, "gz-market").await);
        let (clerk, other) = (clerk_in(&p, centre).await, clerk_in(&p, market).await);
        let actor = admin();
        let context = platform::workflow::Context::new(
            &p.key,
            &actor,
            &CAL,
            &PROFILE,
            at("2025-03-03T09:00"),
        );
        let online = usecase::submit_case(
            &p.db,
            &context,
            "SP-FOOD-001",
            application(&["id_card", "form"]),
        )
        .await
        .unwrap();
        let inbox = messages(&p, clerk).await;
        assert_eq!(inbox.len(), 1);
        let (subject, body, link) = &inbox[0];
        assert_eq!(*subject, format!("政务服务办件 {}", online.number));
        assert_eq!(
            body,
            "新的网上申请：食品经营许可（新办），请在2个工作日内受理"
        );
        assert_eq!(*link, format!("/office/services/cases/{}", online.case_id));
        assert!(!body.contains("张三丰"), "never the applicant");
        assert!(
            messages(&p, other).await.is_empty(),
            "the department's clerks: the comprehensive window accepts"
        );
        // A walk-in registered at the window tells nobody.
        let walk_in = NewApplication {
            channel: Channel::Window { window: centre },
            ..application(&["id_card", "form"])
        };
        usecase::submit_case(&p.db, &context, "SP-FOOD-001", walk_in)
            .await
            .unwrap();
        assert_eq!(messages(&p, clerk).await.len(), 1);
    }
}
