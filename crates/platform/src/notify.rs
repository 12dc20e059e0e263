//! Notifications: an outbox written in the same transaction as the event that causes it,
//! delivered by a job to the in-app inbox, SMS or e-mail. Failed deliveries are retried
//! with backoff and kept; nothing is lost.

use std::sync::Arc;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport as _, Message, Tokio1Executor};
use sqlx::Row as _;

use crate::db::{Db, Tx, dialect, now_ms};
use crate::error::{Error, Result};
use crate::jobs::{Job, JobFuture, JobHandler};
use crate::personal::DataKey;

/// Where a notification goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Inbox,
    Sms,
    Email,
}

impl Channel {
    pub fn code(self) -> &'static str {
        match self {
            Channel::Inbox => "inbox",
            Channel::Sms => "sms",
            Channel::Email => "email",
        }
    }
}

/// A notification to write into the outbox.
#[derive(Debug, Clone)]
pub struct Notification {
    pub channel: Channel,
    pub recipient_user_id: Option<i64>,
    /// Phone or e-mail for SMS and e-mail, sealed as personal data.
    pub address: Option<String>,
    pub subject: String,
    pub body: String,
    pub link: String,
}

impl Notification {
    pub fn inbox(
        user_id: i64,
        subject: impl Into<String>,
        body: impl Into<String>,
        link: impl Into<String>,
    ) -> Self {
        Self {
            channel: Channel::Inbox,
            recipient_user_id: Some(user_id),
            address: None,
            subject: subject.into(),
            body: body.into(),
            link: link.into(),
        }
    }
}

/// A message to a staff member's inbox and, when `text` is set and the account has a
/// mobile number, the same by SMS (HL-REMIND: reminders by phone/SMS/in-app).
pub async fn to_staff(
    tx: &mut Tx,
    key: &DataKey,
    user_id: i64,
    (subject, body, link): (&str, &str, &str),
    text: bool,
    now: i64,
) -> Result<()> {
    enqueue(
        tx,
        key,
        &Notification::inbox(user_id, subject, body, link),
        now,
    )
    .await?;
    if !text {
        return Ok(());
    }
    let sealed: Option<Vec<u8>> = sqlx::query("SELECT phone_sealed FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?
        .map(|row| row.try_get::<Option<Vec<u8>>, _>("phone_sealed"))
        .transpose()?
        .flatten();
    if let Some(sealed) = sealed {
        let sms = Notification {
            channel: Channel::Sms,
            recipient_user_id: Some(user_id),
            address: Some(key.open(&sealed)?),
            subject: subject.to_owned(),
            body: body.to_owned(),
            link: String::new(),
        };
        enqueue(tx, key, &sms, now).await?;
    }
    Ok(())
}

/// Writes into the outbox inside the caller's transaction.
pub async fn enqueue(
    tx: &mut Tx,
    key: &DataKey,
    notification: &Notification,
    now: i64,
) -> Result<()> {
    let address = notification
        .address
        .as_deref()
        .map(|a| key.seal(a))
        .transpose()?;
    sqlx::query(
        "INSERT INTO outbox (channel, recipient_user_id, address, subject, body, link, next_attempt_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(notification.channel.code())
    .bind(notification.recipient_user_id)
    .bind(address)
    .bind(&notification.subject)
    .bind(&notification.body)
    .bind(&notification.link)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Sends a text message. The default writes to the log; a real gateway implements this.
pub trait SmsSender: Send + Sync {
    fn send<'a>(&'a self, phone: &'a str, text: &'a str) -> JobFuture<'a>;
}

/// Sends an e-mail.
pub trait EmailSender: Send + Sync {
    fn send<'a>(&'a self, to: &'a str, subject: &'a str, body: &'a str) -> JobFuture<'a>;
}

/// Logs instead of sending (the default adapter); the phone is never logged in clear.
pub struct LogSender;

impl SmsSender for LogSender {
    /// Without an SMS gateway the text goes to the server log (the phone masked), so that a
    /// demo can follow a verification code (issue 12 finding 13); SMS texts carry no
    /// personal data.
    fn send<'a>(&'a self, phone: &'a str, text: &'a str) -> JobFuture<'a> {
        Box::pin(async move {
            tracing::info!(to = %crate::personal::mask_middle(phone, 3, 4), text, "sms (log adapter)");
            Ok(())
        })
    }
}

impl EmailSender for LogSender {
    fn send<'a>(&'a self, to: &'a str, subject: &'a str, _body: &'a str) -> JobFuture<'a> {
        Box::pin(async move {
            tracing::info!(to = %crate::personal::mask_middle(to, 2, 0), subject, "e-mail (log adapter)");
            Ok(())
        })
    }
}

/// E-mail through an SMTP relay (`smtp://host:port`), configured by `ZHENGWU_SMTP_URL`.
/// The connection is plain SMTP to a relay on a trusted network (TLS to the relay is not
/// built yet: the relay itself does TLS onward).
pub struct SmtpSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpSender {
    pub fn new(url: &str, from: &str) -> Result<Self> {
        let invalid = || Error::invalid(format!("SMTP 地址“{url}”无效，应为 smtp://主机:端口"));
        let host_port = url.strip_prefix("smtp://").ok_or_else(invalid)?;
        let (host, port) = match host_port.rsplit_once(':') {
            Some((host, port)) => (host, port.parse::<u16>().map_err(|_| invalid())?),
            None => (host_port, 25),
        };
        if host.is_empty() {
            return Err(invalid());
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port)
            .build();
        let from = from
            .parse()
            .map_err(|e| Error::invalid(format!("发件人地址无效：{e}")))?;
        Ok(Self { transport, from })
    }
}

impl EmailSender for SmtpSender {
    fn send<'a>(&'a self, to: &'a str, subject: &'a str, body: &'a str) -> JobFuture<'a> {
        Box::pin(async move {
            let message = Message::builder()
                .from(self.from.clone())
                .to(to.parse()?)
                .subject(subject)
                .body(body.to_owned())?;
            self.transport.send(message).await?;
            Ok(())
        })
    }
}

/// The delivery job: claims due outbox rows and delivers each.
pub struct Deliver {
    pub key: DataKey,
    pub sms: Arc<dyn SmsSender>,
    pub email: Arc<dyn EmailSender>,
}

pub const DELIVER_JOB: &str = "notify.deliver";
const LEASE_MS: i64 = 60_000;
const MAX_BACKOFF_MS: i64 = 3_600_000;

impl Deliver {
    /// Delivers what is due; returns how many were delivered.
    pub async fn deliver_due(&self, db: &Db, batch: i64) -> Result<usize> {
        let now = now_ms();
        let rows = sqlx::query(dialect::claim_outbox(db.backend))
            .bind(now)
            .bind(now + LEASE_MS)
            .bind(batch)
            .fetch_all(&db.pool)
            .await?;
        let mut delivered = 0;
        for row in &rows {
            let id: i64 = row.try_get("id")?;
            let attempts: i64 = row.try_get("attempts")?;
            match self.deliver_one(db, row).await {
                Ok(()) => {
                    sqlx::query("UPDATE outbox SET status = 'delivered', delivered_at = $1, last_error = NULL WHERE id = $2")
                        .bind(now_ms())
                        .bind(id)
                        .execute(&db.pool)
                        .await?;
                    delivered += 1;
                }
                Err(error) => {
                    let backoff = (5_000
                        * 2_i64.pow(u32::try_from(attempts.clamp(0, 16)).unwrap_or(16)))
                    .min(MAX_BACKOFF_MS);
                    tracing::warn!(outbox.id = id, error = %error, "delivery failed; will retry");
                    sqlx::query(
                        "UPDATE outbox SET next_attempt_at = $1, last_error = $2 WHERE id = $3",
                    )
                    .bind(now_ms() + backoff)
                    .bind(error.to_string())
                    .bind(id)
                    .execute(&db.pool)
                    .await?;
                }
            }
        }
        Ok(delivered)
    }

    async fn deliver_one(&self, db: &Db, row: &sqlx::any::AnyRow) -> anyhow::Result<()> {
        let id: i64 = row.try_get("id")?;
        let channel: String = row.try_get("channel")?;
        let subject: String = row.try_get("subject")?;
        let body: String = row.try_get("body")?;
        let link: String = row.try_get("link")?;
        let recipient: Option<i64> = row.try_get("recipient_user_id")?;
        let address: Option<Vec<u8>> = row.try_get("address")?;
        let address = || -> anyhow::Result<String> {
            let sealed = address
                .clone()
                .ok_or_else(|| anyhow::anyhow!("no address"))?;
            Ok(self.key.open(&sealed)?)
        };
        match channel.as_str() {
            "inbox" => {
                let user_id =
                    recipient.ok_or_else(|| anyhow::anyhow!("inbox message without recipient"))?;
                sqlx::query(
                    "INSERT INTO inbox_messages (user_id, outbox_id, subject, body, link, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (outbox_id) DO NOTHING",
                )
                .bind(user_id)
                .bind(id)
                .bind(&subject)
                .bind(&body)
                .bind(&link)
                .bind(now_ms())
                .execute(&db.pool)
                .await?;
                Ok(())
            }
            "sms" => {
                self.sms
                    .send(&address()?, &format!("【{subject}】{body}"))
                    .await
            }
            "email" => self.email.send(&address()?, &subject, &body).await,
            other => Err(anyhow::anyhow!("unknown channel {other}")),
        }
    }
}

impl JobHandler for Deliver {
    fn run<'a>(&'a self, db: &'a Db, _job: &'a Job) -> JobFuture<'a> {
        Box::pin(async move {
            self.deliver_due(db, 100).await?;
            Ok(())
        })
    }
}

/// One message of a user's in-app inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxMessage {
    pub id: i64,
    pub subject: String,
    pub body: String,
    pub link: String,
    pub created_at: i64,
    pub read: bool,
}

pub async fn unread_count(db: &Db, user_id: i64) -> Result<i64> {
    Ok(sqlx::query(
        "SELECT COUNT(*) AS n FROM inbox_messages WHERE user_id = $1 AND read_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(&db.pool)
    .await?
    .try_get("n")?)
}

pub async fn inbox(db: &Db, user_id: i64, limit: i64) -> Result<Vec<InboxMessage>> {
    let rows = sqlx::query(
        "SELECT id, subject, body, link, created_at, read_at FROM inbox_messages WHERE user_id = $1 \
         ORDER BY id DESC LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(InboxMessage {
                id: row.try_get("id")?,
                subject: row.try_get("subject")?,
                body: row.try_get("body")?,
                link: row.try_get("link")?,
                created_at: row.try_get("created_at")?,
                read: row.try_get::<Option<i64>, _>("read_at")?.is_some(),
            })
        })
        .collect()
}

/// Marks a message read; only the owner's own messages are touched.
pub async fn mark_read(db: &Db, user_id: i64, message_id: i64) -> Result<()> {
    let updated = sqlx::query(
        "UPDATE inbox_messages SET read_at = $1 WHERE id = $2 AND user_id = $3 AND read_at IS NULL",
    )
    .bind(now_ms())
    .bind(message_id)
    .bind(user_id)
    .execute(&db.pool)
    .await?
    .rows_affected();
    if updated == 0 {
        let exists = sqlx::query("SELECT id FROM inbox_messages WHERE id = $1 AND user_id = $2")
            .bind(message_id)
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?
            .is_some();
        if !exists {
            return Err(Error::not_found("消息"));
        }
    }
    Ok(())
}
