//! E-mail subscriptions to columns on both backends (WEB-PERSONAL): double opt-in, the mails
//! of a publication through the outbox once, the unsubscribe link without login, a bad
//! address refused in Chinese, and the address never stored in clear.

use platform::Error;
use sites::article::Command;
use sites::jobs::publish;
use sites::usecase::subscriptions;
use sqlx::Row as _;

use crate::world::{World, news_content, t0, worlds};
use crate::{CAL, PROFILE, at};

const BASE: &str = "https://jyj.example.gov.cn";

/// The e-mails in the outbox after id `after`: (id, opened address, subject, body, link).
async fn mails(w: &World, after: i64) -> Vec<(i64, String, String, String, String)> {
    let rows = sqlx::query(
        "SELECT id, address, subject, body, link FROM outbox \
         WHERE channel = 'email' AND id > $1 ORDER BY id",
    )
    .bind(after)
    .fetch_all(&w.platform.db.pool)
    .await
    .unwrap();
    rows.iter()
        .map(|row| {
            let sealed: Vec<u8> = row.try_get("address").unwrap();
            (
                row.try_get("id").unwrap(),
                w.platform.key.open(&sealed).unwrap(),
                row.try_get("subject").unwrap(),
                row.try_get("body").unwrap(),
                row.try_get("link").unwrap(),
            )
        })
        .collect()
}

fn last_id(mails: &[(i64, String, String, String, String)]) -> i64 {
    mails.last().map(|m| m.0).unwrap_or(0)
}

/// The unsubscribe link's id and MAC in a mail's body.
fn unsubscribe_parts(body: &str) -> (i64, String) {
    let link = body
        .split("/subscriptions/unsubscribe?s=")
        .nth(1)
        .unwrap()
        .trim();
    let (id, mac) = link.split_once("&k=").unwrap();
    (id.parse().unwrap(), mac.to_owned())
}

/// WEB-PERSONAL: subscribe → one confirmation mail only; confirm → the next publication (now
/// and at a scheduled instant) sends one mail with its title and link to the confirmed
/// address, none to the unconfirmed one, none again on a republication; the unsubscribe link
/// of a mail stops them; a bad address gets a Chinese message and nothing is stored; the
/// stored row holds the address sealed only.
#[tokio::test]
async fn web_personal_double_opt_in_subscription_mails_each_publication_once() {
    for w in worlds().await {
        let (db, key) = (&w.platform.db, &w.platform.key);
        let start = last_id(&mails(&w, 0).await);
        subscriptions::subscribe(db, key, w.news, " Reader@Example.com ", BASE, t0())
            .await
            .unwrap();
        subscriptions::subscribe(db, key, w.news, "silent@example.com", BASE, t0())
            .await
            .unwrap();
        let sent = mails(&w, start).await;
        assert_eq!(sent.len(), 2, "{}", w.backend());
        let (_, to, _, body, link) = &sent[0];
        assert_eq!(to, "reader@example.com");
        assert!(body.contains("/subscriptions/unsubscribe?s="), "{body}");
        let token = link
            .strip_prefix(&format!("{BASE}/subscriptions/confirm?token="))
            .unwrap();

        // The address is not stored in clear.
        let rows = sqlx::query("SELECT * FROM site_subscriptions")
            .fetch_all(&db.pool)
            .await
            .unwrap();
        assert_eq!(rows.len(), 2);
        for row in &rows {
            let sealed: Vec<u8> = row.try_get("email_sealed").unwrap();
            assert!(!String::from_utf8_lossy(&sealed).contains("example.com"));
            for field in ["email_lookup", "token_hash", "base"] {
                let text: String = row.try_get(field).unwrap();
                assert!(
                    !text.contains("example.com") && !text.contains(token),
                    "{field}"
                );
            }
        }

        assert!(subscriptions::confirm(db, key, token, t0()).await.unwrap());
        assert!(!subscriptions::confirm(db, key, "0000", t0()).await.unwrap());
        let mark = last_id(&mails(&w, start).await);
        let id = w.published(w.news, news_content("春季开学通知")).await;
        let sent = mails(&w, mark).await;
        assert_eq!(sent.len(), 1, "{}", w.backend());
        let (_, to, subject, body, link) = &sent[0];
        assert_eq!(to, "reader@example.com");
        assert!(subject.contains("春季开学通知"), "{subject}");
        assert_eq!(link, &format!("{BASE}/articles/{id}"));
        assert!(body.contains(link.as_str()));

        // Scheduled: the mail goes out with the publication, once.
        let mark = last_id(&mails(&w, start).await);
        let (later, _) = w.draft(w.news, news_content("周末开放日")).await;
        w.run(later, Command::Submit, &w.editor_a, t0())
            .await
            .unwrap();
        let review = Command::Review {
            opinion: String::new(),
        };
        w.run(later, review, &w.reviewer, t0()).await.unwrap();
        let when = Command::Publish {
            at: Some(at("2025-03-05T08:00")),
        };
        w.run(later, when, &w.publisher, t0()).await.unwrap();
        assert!(mails(&w, mark).await.is_empty());
        let due = publish::publish_due(db, key, &CAL, &PROFILE, at("2025-03-05T08:01"), 10);
        assert_eq!(due.await.unwrap(), 1);
        let sent = mails(&w, mark).await;
        assert_eq!(sent.len(), 1, "{}", w.backend());
        assert_eq!(sent[0].4, format!("{BASE}/articles/{later}"));
        let again = publish::publish_due(db, key, &CAL, &PROFILE, at("2025-03-05T08:02"), 10);
        assert_eq!(again.await.unwrap(), 0);
        assert_eq!(mails(&w, mark).await.len(), 1);

        // The unsubscribe link works once, without login; a forged one does nothing.
        let (sub, mac) = unsubscribe_parts(&sent[0].3);
        assert!(
            !subscriptions::unsubscribe(db, key, sub, "00", t0())
                .await
                .unwrap()
        );
        assert!(
            subscriptions::unsubscribe(db, key, sub, &mac, t0())
                .await
                .unwrap()
        );
        assert!(
            !subscriptions::unsubscribe(db, key, sub, &mac, t0())
                .await
                .unwrap()
        );
        let mark = last_id(&mails(&w, start).await);
        w.published(w.news, news_content("退订之后")).await;
        assert!(mails(&w, mark).await.is_empty(), "{}", w.backend());

        // A bad address: a Chinese message, nothing stored or sent.
        for bad in ["", "不是邮箱", "a@b", "a b@example.com", "<x>@example.com"] {
            let refused = subscriptions::subscribe(db, key, w.news, bad, BASE, t0()).await;
            match refused {
                Err(Error::Invalid(message)) => assert!(message.contains("电子邮箱"), "{message}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
        assert_eq!(
            w.scalar("SELECT COUNT(*) AS n FROM site_subscriptions")
                .await,
            1
        );
        assert!(mails(&w, mark).await.is_empty());
    }
}
