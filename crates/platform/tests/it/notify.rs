//! Notifications: the outbox shares the transaction of its cause, delivery fills the inbox
//! or calls the SMS and e-mail senders, failures are retried later and nothing is lost.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use platform::db::{Db, now_ms};
use platform::jobs::JobFuture;
use platform::notify::{self, Channel, Deliver, LogSender, Notification, SmsSender};
use platform::roles::Role;
use platform::testing::each_backend;
use platform::{Error, Platform};
use sqlx::Row as _;

use crate::{backend, count, execute, new_account, new_unit};

/// An SMS gateway that fails until it is switched on, and remembers what it sent.
#[derive(Default)]
struct FlakySms {
    working: AtomicBool,
    sent: Mutex<Vec<(String, String)>>,
}

impl SmsSender for FlakySms {
    fn send<'a>(&'a self, phone: &'a str, text: &'a str) -> JobFuture<'a> {
        Box::pin(async move {
            if !self.working.load(Ordering::SeqCst) {
                return Err(anyhow::anyhow!("sms gateway timeout"));
            }
            self.sent
                .lock()
                .unwrap()
                .push((phone.to_owned(), text.to_owned()));
            Ok(())
        })
    }
}

fn deliver(platform: &Platform, sms: Arc<dyn SmsSender>) -> Deliver {
    Deliver {
        key: platform.key.clone(),
        sms,
        email: Arc::new(LogSender),
    }
}

async fn enqueue_committed(platform: &Platform, notification: &Notification) {
    let mut tx = platform.db.begin().await.unwrap();
    notify::enqueue(&mut tx, &platform.key, notification, now_ms())
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn outbox_row(db: &Db) -> (String, i64, i64, Option<String>) {
    let row = sqlx::query("SELECT status, attempts, next_attempt_at, last_error FROM outbox")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    (
        row.get("status"),
        row.get("attempts"),
        row.get("next_attempt_at"),
        row.get("last_error"),
    )
}

fn addressed(channel: Channel, address: &str) -> Notification {
    Notification {
        channel,
        recipient_user_id: None,
        address: Some(address.into()),
        subject: "工单提醒".into(),
        body: "您有一件工单即将超时".into(),
        link: String::new(),
    }
}

#[tokio::test]
async fn a_committed_inbox_notification_is_delivered_once_and_read_by_its_recipient() {
    for platform in each_backend().await {
        let db = &platform.db;
        let unit_id = new_unit(&platform).await;
        let (user_id, _) = new_account(&platform, unit_id, "zhangsan", Role::UnitHandler).await;
        enqueue_committed(
            &platform,
            &Notification::inbox(user_id, "新工单", "请及时签收", "/orders/1"),
        )
        .await;
        enqueue_committed(
            &platform,
            &addressed(Channel::Email, "handler@example.gov.cn"),
        )
        .await;
        let deliver = deliver(&platform, Arc::new(LogSender));
        assert_eq!(
            notify::unread_count(db, user_id).await.unwrap(),
            0,
            "not before delivery"
        );

        assert_eq!(
            deliver.deliver_due(db, 10).await.unwrap(),
            2,
            "{}",
            backend(&platform)
        );
        assert_eq!(
            deliver.deliver_due(db, 10).await.unwrap(),
            0,
            "delivered once"
        );

        assert_eq!(notify::unread_count(db, user_id).await.unwrap(), 1);
        let messages = notify::inbox(db, user_id, 10).await.unwrap();
        assert_eq!(messages.len(), 1);
        assert_eq!(
            (
                messages[0].subject.as_str(),
                messages[0].link.as_str(),
                messages[0].read
            ),
            ("新工单", "/orders/1", false)
        );
        notify::mark_read(db, user_id, messages[0].id)
            .await
            .unwrap();
        assert_eq!(
            notify::unread_count(db, user_id).await.unwrap(),
            0,
            "{}",
            backend(&platform)
        );
        assert!(notify::inbox(db, user_id, 10).await.unwrap()[0].read);
        notify::mark_read(db, user_id, messages[0].id)
            .await
            .unwrap();
        let delivered = "SELECT COUNT(*) AS n FROM outbox WHERE status = 'delivered' AND delivered_at IS NOT NULL";
        assert_eq!(count(db, delivered, &[]).await, 2);
    }
}

#[tokio::test]
async fn a_rolled_back_transaction_leaves_no_outbox_row() {
    for platform in each_backend().await {
        let unit_id = new_unit(&platform).await;
        let (user_id, _) = new_account(&platform, unit_id, "zhangsan", Role::UnitHandler).await;
        let mut tx = platform.db.begin().await.unwrap();
        notify::enqueue(
            &mut tx,
            &platform.key,
            &Notification::inbox(user_id, "新工单", "", ""),
            now_ms(),
        )
        .await
        .unwrap();
        tx.rollback().await.unwrap();

        assert_eq!(
            count(&platform.db, "SELECT COUNT(*) AS n FROM outbox", &[]).await,
            0,
            "{}",
            backend(&platform)
        );
        assert_eq!(
            deliver(&platform, Arc::new(LogSender))
                .deliver_due(&platform.db, 10)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            notify::unread_count(&platform.db, user_id).await.unwrap(),
            0
        );
    }
}

#[tokio::test]
async fn a_failed_sms_stays_pending_and_is_delivered_by_a_later_attempt() {
    for platform in each_backend().await {
        let db = &platform.db;
        let sms = Arc::new(FlakySms::default());
        let deliver = deliver(&platform, sms.clone());
        enqueue_committed(&platform, &addressed(Channel::Sms, "13800138000")).await;
        let sealed: Vec<u8> = sqlx::query("SELECT address FROM outbox")
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .get("address");
        assert!(
            !String::from_utf8_lossy(&sealed).contains("13800138000"),
            "the phone is sealed at rest"
        );

        let before = now_ms();
        assert_eq!(
            deliver.deliver_due(db, 10).await.unwrap(),
            0,
            "{}",
            backend(&platform)
        );
        let (status, attempts, next_attempt_at, last_error) = outbox_row(db).await;
        assert_eq!(
            (status.as_str(), attempts),
            ("pending", 1),
            "{}",
            backend(&platform)
        );
        assert!(next_attempt_at > before + 5_000, "backs off");
        assert!(last_error.unwrap().contains("sms gateway timeout"));
        assert_eq!(
            deliver.deliver_due(db, 10).await.unwrap(),
            0,
            "not retried before the backoff ends"
        );
        assert_eq!(outbox_row(db).await.1, 1);

        // The gateway recovers; the backoff has passed (moved back instead of waiting).
        sms.working.store(true, Ordering::SeqCst);
        execute(db, "UPDATE outbox SET next_attempt_at = 0").await;
        assert_eq!(
            deliver.deliver_due(db, 10).await.unwrap(),
            1,
            "{}",
            backend(&platform)
        );
        let (status, attempts, _, last_error) = outbox_row(db).await;
        assert_eq!(
            (status.as_str(), attempts, last_error),
            ("delivered", 2, None)
        );
        let sent = sms.sent.lock().unwrap().clone();
        assert_eq!(
            sent,
            vec![(
                "13800138000".to_owned(),
                "【工单提醒】您有一件工单即将超时".to_owned()
            )]
        );
    }
}

#[tokio::test]
async fn marking_another_users_message_read_is_not_found() {
    for platform in each_backend().await {
        let db = &platform.db;
        let unit_id = new_unit(&platform).await;
        let (owner, _) = new_account(&platform, unit_id, "zhangsan", Role::UnitHandler).await;
        let (other, _) = new_account(&platform, unit_id, "lisi", Role::UnitHandler).await;
        enqueue_committed(&platform, &Notification::inbox(owner, "新工单", "", "")).await;
        deliver(&platform, Arc::new(LogSender))
            .deliver_due(db, 10)
            .await
            .unwrap();
        let message_id = notify::inbox(db, owner, 10).await.unwrap()[0].id;

        let refused = notify::mark_read(db, other, message_id).await;
        assert!(
            matches!(refused, Err(Error::NotFound(_))),
            "{}: {refused:?}",
            backend(&platform)
        );
        assert_eq!(
            notify::unread_count(db, owner).await.unwrap(),
            1,
            "still unread for its owner"
        );
        let missing = notify::mark_read(db, owner, message_id + 1000).await;
        assert!(matches!(missing, Err(Error::NotFound(_))), "{missing:?}");
    }
}
