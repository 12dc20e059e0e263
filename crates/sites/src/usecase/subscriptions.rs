//! E-mail subscriptions to columns (WEB-PERSONAL), double opt-in: subscribing stores the
//! address sealed (platform::personal) with a blind index and a random token kept only as a
//! keyed hash, and sends one confirmation mail with the token's link; nothing else goes to the
//! address before it is confirmed. When an article of the column is published (now or at its
//! scheduled instant) its confirmed subscribers get its title and link through the outbox
//! (platform::notify) in the publishing transaction, once per article
//! (`site_announced_articles`): a rollback loses neither the page nor the mails, a
//! republication sends nothing again. Every mail carries an unsubscribe link that works
//! without login (the subscription's id with its keyed MAC). WEB-CONSENT: the address is used
//! for nothing but the column its owner chose, only after they confirmed, and unsubscribing
//! deletes it.

use calendar::Instant;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::{Db, Tx};
use platform::notify::{self, Channel, Notification};
use platform::personal::DataKey;
use platform::{Error, Result};

use crate::ColumnId;
use crate::article::Article;
use crate::store::columns;
use crate::store::subscriptions::{self as store, Subscription};

/// The MAC purposes of the confirmation token and of the unsubscribe link.
const TOKEN_PURPOSE: &str = "sites.subscription.token";
const UNSUBSCRIBE_PURPOSE: &str = "sites.subscription.unsubscribe";
/// The longest token or MAC looked at (ours are 64 hex characters).
const MAX_TOKEN: usize = 128;

/// An e-mail address as subscriptions take it: trimmed and in lower case.
pub fn parse_email(text: &str) -> Result<String> {
    let email = text.trim().to_lowercase();
    let invalid = || Error::invalid("电子邮箱地址格式不正确，例如 name@example.com");
    if email.is_empty() || email.len() > 254 {
        return Err(invalid());
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(invalid());
    };
    let allowed = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if local.is_empty() || local.len() > 64 || !local.chars().all(allowed) || !domain_ok {
        return Err(invalid());
    }
    Ok(email)
}

/// The link that ends subscription `id` without login.
fn unsubscribe_link(key: &DataKey, subscription: &Subscription) -> String {
    let mac = key.mac(UNSUBSCRIBE_PURPOSE, subscription.id.to_string().as_bytes());
    format!(
        "{}/subscriptions/unsubscribe?s={}&k={mac}",
        subscription.base, subscription.id
    )
}

fn actor() -> AuditActor {
    AuditActor::system("sites.subscriptions")
}

/// A mail to the subscription's address with its unsubscribe link.
async fn mail(
    tx: &mut Tx,
    key: &DataKey,
    subscription: &Subscription,
    (subject, body, link): (&str, &str, &str),
    now: i64,
) -> Result<()> {
    let address = key.open(&subscription.email_sealed)?;
    let body = format!("{body}\n\n退订：{}", unsubscribe_link(key, subscription));
    let notification = Notification {
        channel: Channel::Email,
        recipient_user_id: None,
        address: Some(address),
        subject: subject.to_owned(),
        body,
        link: link.to_owned(),
    };
    notify::enqueue(tx, key, &notification, now).await
}

/// WEB-PERSONAL: `email` subscribes to `column`; `base` is the site's address the links of the
/// mails start with (`https://domain` or a `/sites/{code}` prefix). Sends the confirmation
/// mail only; an address already confirmed for the column gets nothing new, an unconfirmed
/// one a new token (the old link stops working).
pub async fn subscribe(
    db: &Db,
    key: &DataKey,
    column: ColumnId,
    email: &str,
    base: &str,
    now: Instant,
) -> Result<()> {
    let email = parse_email(email)?;
    let stored = columns::get(db, column).await?;
    if stored.column.archived_at.is_some() {
        return Err(Error::invalid("该栏目已归档，不能订阅"));
    }
    let lookup = key.lookup_hash(&email);
    let token = platform::auth::session::random_token();
    let token_hash = key.mac(TOKEN_PURPOSE, token.as_bytes());
    let mut tx = db.begin().await?;
    match store::find(&mut tx, column, &lookup).await? {
        Some(existing) if existing.confirmed_at.is_some() => {
            tx.rollback().await?;
            return Ok(());
        }
        Some(existing) => store::delete(&mut tx, existing.id).await?,
        None => {}
    }
    let sealed = key.seal(&email)?;
    let id = store::insert(
        &mut tx,
        column,
        (&sealed, &lookup),
        &token_hash,
        base,
        now.millis(),
    )
    .await?;
    let subscription = Subscription {
        id,
        column,
        email_sealed: sealed,
        base: base.to_owned(),
        confirmed_at: None,
    };
    let link = format!("{base}/subscriptions/confirm?token={token}");
    let subject = format!("请确认订阅栏目“{}”", stored.column.name);
    let body = format!(
        "您（或他人以您的邮箱）订阅了栏目“{}”的更新。请打开以下链接确认订阅；未确认前不会向您发送任何更新。\n{link}",
        stored.column.name
    );
    mail(
        &mut tx,
        key,
        &subscription,
        (&subject, &body, &link),
        now.millis(),
    )
    .await?;
    let event = AuditEvent::new("sites.subscription.create", "site_subscription", id)
        .detail(format!("订阅栏目“{}”（待确认）", stored.column.name));
    audit::record(&mut tx, &actor(), event, now.millis()).await?;
    tx.commit().await?;
    Ok(())
}

/// WEB-PERSONAL: the confirmation link's token confirms its subscription; false when it names
/// none (unknown, or replaced by a later subscription).
pub async fn confirm(db: &Db, key: &DataKey, token: &str, now: Instant) -> Result<bool> {
    if token.is_empty() || token.len() > MAX_TOKEN {
        return Ok(false);
    }
    let token_hash = key.mac(TOKEN_PURPOSE, token.as_bytes());
    let mut tx = db.begin().await?;
    let Some(subscription) = store::by_token(&mut tx, &token_hash).await? else {
        tx.rollback().await?;
        return Ok(false);
    };
    if subscription.confirmed_at.is_none() {
        store::confirm(&mut tx, subscription.id, now.millis()).await?;
        let event = AuditEvent::new(
            "sites.subscription.confirm",
            "site_subscription",
            subscription.id,
        )
        .detail("确认订阅");
        audit::record(&mut tx, &actor(), event, now.millis()).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// WEB-PERSONAL: the unsubscribe link (subscription `id` and its MAC) deletes the
/// subscription with its address; false when the link is not valid or already used.
pub async fn unsubscribe(db: &Db, key: &DataKey, id: i64, mac: &str, now: Instant) -> Result<bool> {
    if mac.len() > MAX_TOKEN {
        return Ok(false);
    }
    let expected = key.mac(UNSUBSCRIBE_PURPOSE, id.to_string().as_bytes());
    let same = expected.len() == mac.len()
        && expected
            .bytes()
            .zip(mac.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if !same {
        return Ok(false);
    }
    let mut tx = db.begin().await?;
    if store::get(&mut tx, id).await?.is_none() {
        tx.rollback().await?;
        return Ok(false);
    }
    store::delete(&mut tx, id).await?;
    let event =
        AuditEvent::new("sites.subscription.delete", "site_subscription", id).detail("退订");
    audit::record(&mut tx, &actor(), event, now.millis()).await?;
    tx.commit().await?;
    Ok(true)
}

/// WEB-PERSONAL: in the publishing transaction, the confirmed subscribers of the article's
/// column get its title and link, once per article.
pub(crate) async fn announce(
    tx: &mut Tx,
    key: &DataKey,
    article: &Article,
    now: i64,
) -> Result<()> {
    if !store::mark_announced(tx, article.id, now).await? {
        return Ok(());
    }
    let title = &article.content.title;
    for subscription in store::confirmed_of(tx, article.column).await? {
        let link = format!("{}/articles/{}", subscription.base, article.id);
        let subject = format!("新文章：{title}");
        let body = format!("您订阅的栏目发布了新文章“{title}”。\n{link}");
        mail(tx, key, &subscription, (&subject, &body, &link), now).await?;
    }
    Ok(())
}
