//! HL-REGISTER: registering an appeal. [`register_appeal`] validates, seals the personal
//! data, numbers the appeal, forms the order in `Registered` and commits before the number
//! is returned: an acknowledged submission is never lost.
//!
//! [`IntakeQueue`] is the same registration for busy intake channels (the portal form): one
//! writer task takes the appeals waiting at that moment and stores them in one transaction —
//! the day's numbers reserved with one statement, the audit rows appended with one turn at
//! the chain's head — so a batch shares one commit (one fsync) and a few statements instead
//! of queueing for one each. Every appeal is answered only after the commit that stores it.
//! If anything in a batch fails, nothing of it is stored and each appeal is then stored in a
//! transaction of its own, so one bad appeal is refused alone.

use std::sync::{Arc, OnceLock};

use calendar::Instant;
use platform::attachments::{self, Owner, Policy, Upload};
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::{Db, Tx};
use platform::personal::{Address, DataKey, PersonName, PhoneNumber};
use platform::{Error, Result};
use tokio::sync::{mpsc, oneshot};

use super::{APPEAL_ATTACHMENT, NewAppeal, Registration, new_query_code, query_code_hash, seal};
use crate::appeal::Intake;
use crate::order::register;
use crate::store::{appeals, events, orders};

/// An appeal that passed every check that needs no storage.
struct Prepared {
    intake: Intake,
    new: NewAppeal,
    files: Vec<Upload>,
}

fn prepare(new: NewAppeal, files: &[Upload]) -> Result<Prepared> {
    attachments::check_all(&Policy::APPEAL, files)?;
    let intake = Intake::parse(
        new.channel,
        new.category,
        new.origin,
        &new.content,
        &new.location,
        new.is_private,
    )
    .map_err(Error::from)?;
    Ok(Prepared {
        intake,
        new,
        files: files.to_vec(),
    })
}

/// HL-REGISTER: validates, seals the personal data, forms the order in `Registered` and
/// commits before the number is returned (an acknowledged submission is never lost).
pub async fn register_appeal(
    db: &Db,
    key: &DataKey,
    actor: &AuditActor,
    new: NewAppeal,
    now: Instant,
) -> Result<Registration> {
    register_appeal_with(db, key, actor, new, &[], now).await
}

/// [`register_appeal`] with the appellant's attachments (HL-REGISTER): every file is checked
/// against [`Policy::APPEAL`] before anything is stored, and stored sealed in the same
/// transaction as the appeal, labelled 附件1, 附件2 … (HL-PRIVACY: never the file's name).
pub async fn register_appeal_with(
    db: &Db,
    key: &DataKey,
    actor: &AuditActor,
    new: NewAppeal,
    files: &[Upload],
    now: Instant,
) -> Result<Registration> {
    let prepared = prepare(new, files)?;
    let mut tx = db.begin().await?;
    let registration = register_in(&mut tx, key, actor, &prepared, now).await?;
    tx.commit().await?;
    tracing::info!(order.id = %registration.appeal_id, "appeal registered");
    Ok(registration)
}

async fn register_in(
    tx: &mut Tx,
    key: &DataKey,
    actor: &AuditActor,
    prepared: &Prepared,
    now: Instant,
) -> Result<Registration> {
    let day = day_of(now);
    let sequence = appeals::next_sequence(tx, &day).await?;
    let number = format!("{}{day}{sequence:06}", appeals::number_prefix(tx).await?);
    let stored = insert_in(tx, key, actor, prepared, number, now).await?;
    audit_in(tx, actor, &stored, now).await?;
    Ok(stored.registration)
}

fn day_of(now: Instant) -> String {
    now.local_date().format("%Y%m%d").to_string()
}

/// An appeal stored but for its audit row.
struct Stored {
    registration: Registration,
    channel: &'static str,
    category: &'static str,
}

/// Everything of a registration but the audit row, under the given number.
async fn insert_in(
    tx: &mut Tx,
    key: &DataKey,
    actor: &AuditActor,
    prepared: &Prepared,
    number: String,
    now: Instant,
) -> Result<Stored> {
    let Prepared { intake, new, files } = prepared;
    let appellant = &new.appellant;
    let query_code = new_query_code();
    let row = appeals::AppealRow {
        number: number.clone(),
        query_code_hash: query_code_hash(key, &number, &query_code),
        channel: intake.channel.code().to_owned(),
        category: intake.category.code().to_owned(),
        content: intake.content.clone(),
        location: intake.location.clone(),
        is_private: intake.private,
        name_sealed: seal(key, appellant.name.as_ref().map(PersonName::as_str))?,
        phone_sealed: seal(key, appellant.phone.as_ref().map(PhoneNumber::as_str))?,
        address_sealed: seal(key, appellant.address.as_ref().map(Address::as_str))?,
        employer_sealed: seal(key, appellant.employer.as_deref())?,
        phone_lookup: appellant
            .phone
            .as_ref()
            .map(|phone| key.lookup_hash(phone.as_str())),
        ip_sealed: seal(key, new.ip.as_deref().filter(|ip| !ip.is_empty()))?,
        created_at: now.millis(),
    };
    let id = appeals::insert(tx, &row).await?;
    let owner = Owner {
        kind: APPEAL_ATTACHMENT,
        id: id.0,
    };
    for (index, file) in files.iter().enumerate() {
        let labelled = Upload {
            label: format!("附件{}", index + 1),
            ..file.clone()
        };
        attachments::store(tx, key, owner, &Policy::APPEAL, &labelled, now.millis()).await?;
    }
    let (order, registered) = register(intake.clone(), now);
    orders::insert(tx, id, &order, now.millis()).await?;
    events::insert_all(
        tx,
        id,
        &registered,
        "register",
        None,
        order.status.code(),
        actor.user_id,
        now.millis(),
    )
    .await?;
    Ok(Stored {
        registration: Registration {
            appeal_id: id,
            number,
            query_code,
        },
        channel: order.intake.channel.label_zh(),
        category: order.intake.category.label_zh(),
    })
}

/// The audit row of a registration.
fn audit_entry(actor: &AuditActor, stored: &Stored, now: Instant) -> (AuditActor, AuditEvent, i64) {
    let Registration {
        appeal_id, number, ..
    } = &stored.registration;
    let event = AuditEvent::new("hotline.register", "hotline_order", *appeal_id).detail(format!(
        "登记诉求 {number}（{}，{}）",
        stored.channel, stored.category
    ));
    (actor.clone(), event, now.millis())
}

async fn audit_in(tx: &mut Tx, actor: &AuditActor, stored: &Stored, now: Instant) -> Result<()> {
    audit::record_many(tx, vec![audit_entry(actor, stored, now)]).await?;
    Ok(())
}

/// The most appeals one transaction stores.
const MAX_BATCH: usize = 64;
/// Appeals waiting for the writers before callers wait to hand theirs in.
const QUEUE: usize = 1024;

struct Job {
    actor: AuditActor,
    prepared: Prepared,
    now: Instant,
    reply: oneshot::Sender<Result<Registration>>,
}

/// Registration through a writer task that commits the appeals waiting together (see the
/// module documentation). Cheap to clone; the task starts with the first appeal and ends
/// when the last handle is dropped.
#[derive(Clone)]
pub struct IntakeQueue {
    db: Db,
    key: DataKey,
    sender: Arc<OnceLock<mpsc::Sender<Job>>>,
}

impl std::fmt::Debug for IntakeQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IntakeQueue")
    }
}

impl IntakeQueue {
    pub fn new(db: Db, key: DataKey) -> Self {
        Self {
            db,
            key,
            sender: Arc::new(OnceLock::new()),
        }
    }

    /// [`register_appeal_with`] through the writer: the same checks, the same answer.
    pub async fn register(
        &self,
        actor: &AuditActor,
        new: NewAppeal,
        files: &[Upload],
        now: Instant,
    ) -> Result<Registration> {
        let prepared = prepare(new, files)?;
        let sender = self.sender.get_or_init(|| {
            let (sender, receiver) = mpsc::channel(QUEUE);
            tokio::spawn(writer(self.db.clone(), self.key.clone(), receiver));
            sender
        });
        let (reply, answer) = oneshot::channel();
        let job = Job {
            actor: actor.clone(),
            prepared,
            now,
            reply,
        };
        sender
            .send(job)
            .await
            .map_err(|_| unavailable("登记服务已停止"))?;
        answer
            .await
            .map_err(|_| unavailable("登记服务中断，诉求未保存"))?
    }
}

fn unavailable(why: &str) -> Error {
    Error::Unexpected(anyhow::anyhow!("{why}"))
}

/// Takes the appeals waiting (at least one) and stores them; ends when the queue is closed.
async fn writer(db: Db, key: DataKey, mut jobs: mpsc::Receiver<Job>) {
    while let Some(first) = jobs.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let answers = match store_batch(&db, &key, &batch).await {
            Ok(stored) => stored.into_iter().map(Ok).collect(),
            Err(error) => {
                // Something in the batch failed: nothing of it was stored. Each appeal gets
                // its own transaction, so one bad appeal is refused alone.
                tracing::warn!(error = %error, appeals = batch.len(), "intake batch failed; storing one by one");
                let mut answers = Vec::with_capacity(batch.len());
                for job in &batch {
                    answers.push(store_one(&db, &key, job).await);
                }
                answers
            }
        };
        for (job, answer) in batch.into_iter().zip(answers) {
            // A caller that went away still has its appeal stored; nothing to undo.
            let _ = job.reply.send(answer);
        }
    }
}

async fn store_one(db: &Db, key: &DataKey, job: &Job) -> Result<Registration> {
    let mut tx = db.begin().await?;
    let registration = register_in(&mut tx, key, &job.actor, &job.prepared, job.now).await?;
    tx.commit().await?;
    Ok(registration)
}

/// Stores a whole batch in one transaction: the numbers reserved with one statement per day,
/// the appeals, then the audit rows with one turn at the chain's head.
async fn store_batch(db: &Db, key: &DataKey, batch: &[Job]) -> Result<Vec<Registration>> {
    let mut tx = db.begin().await?;
    let prefix = appeals::number_prefix(&mut tx).await?;
    let days: Vec<String> = batch.iter().map(|job| day_of(job.now)).collect();
    let mut next: Vec<(String, i64)> = Vec::new();
    let mut stored = Vec::with_capacity(batch.len());
    for (job, day) in batch.iter().zip(&days) {
        if !next.iter().any(|(d, _)| d == day) {
            let count = days.iter().filter(|d| *d == day).count();
            let count = i64::try_from(count).map_err(|_| anyhow::anyhow!("batch too large"))?;
            let first = appeals::reserve_numbers(&mut tx, day, count).await?;
            next.push((day.clone(), first));
        }
        let Some((_, sequence)) = next.iter_mut().find(|(d, _)| d == day) else {
            return Err(anyhow::anyhow!("no number reserved for {day}").into());
        };
        let number = format!("{prefix}{day}{:06}", *sequence);
        *sequence += 1;
        stored.push(insert_in(&mut tx, key, &job.actor, &job.prepared, number, job.now).await?);
    }
    let entries = batch
        .iter()
        .zip(&stored)
        .map(|(job, stored)| audit_entry(&job.actor, stored, job.now))
        .collect();
    audit::record_many(&mut tx, entries).await?;
    tx.commit().await?;
    Ok(stored.into_iter().map(|s| s.registration).collect())
}
