//! HL-REGISTER: registering an appeal. [`register_appeal`] validates, seals the personal
//! data, numbers the appeal, forms the order in `Registered` and commits before the number
//! is returned: an acknowledged submission is never lost.
//!
//! [`IntakeQueue`] is the same registration for busy intake channels (the portal form,
//! Open311): one writer task takes the appeals waiting at that moment and stores them in
//! one transaction, each inside its own savepoint, so a batch shares one commit (one fsync,
//! one turn at the audit chain's head) instead of queueing for one each. Every appeal is
//! still answered only after the commit that stores it; one that fails is rolled back to its
//! savepoint and refused alone.

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
    let Prepared { intake, new, files } = prepared;
    let appellant = &new.appellant;
    let day = now.local_date().format("%Y%m%d").to_string();
    let sequence = appeals::next_sequence(tx, &day).await?;
    let number = format!("{}{day}{:06}", appeals::number_prefix(tx).await?, sequence);
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
    let event = AuditEvent::new("hotline.register", "hotline_order", id).detail(format!(
        "登记诉求 {number}（{}，{}）",
        order.intake.channel.label_zh(),
        order.intake.category.label_zh()
    ));
    audit::record(tx, actor, event, now.millis()).await?;
    Ok(Registration {
        appeal_id: id,
        number,
        query_code,
    })
}

/// The most appeals one transaction stores.
const MAX_BATCH: usize = 64;
/// Appeals waiting for the writer before callers wait to hand theirs in.
const QUEUE: usize = 1024;

struct Job {
    actor: AuditActor,
    prepared: Prepared,
    now: Instant,
    reply: oneshot::Sender<Result<Registration>>,
}

/// Registration through one writer task that commits the appeals waiting together (see the
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

    /// [`register_appeal_with`] through the writer task: the same checks, the same answer.
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

async fn writer(db: Db, key: DataKey, mut receiver: mpsc::Receiver<Job>) {
    while let Some(first) = receiver.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        store_batch(&db, &key, batch).await;
    }
}

async fn savepoint(tx: &mut Tx, statement: &'static str) -> Result<()> {
    sqlx::query(statement).execute(&mut **tx).await?;
    Ok(())
}

/// Stores a batch in one transaction, one savepoint per appeal, and answers each caller
/// after the commit.
async fn store_batch(db: &Db, key: &DataKey, batch: Vec<Job>) {
    let mut outcomes: Vec<Result<Registration>> = Vec::with_capacity(batch.len());
    let committed = async {
        let mut tx = db.begin().await?;
        for job in &batch {
            savepoint(&mut tx, "SAVEPOINT intake_appeal").await?;
            let outcome = register_in(&mut tx, key, &job.actor, &job.prepared, job.now).await;
            if outcome.is_ok() {
                savepoint(&mut tx, "RELEASE SAVEPOINT intake_appeal").await?;
            } else {
                savepoint(&mut tx, "ROLLBACK TO SAVEPOINT intake_appeal").await?;
                savepoint(&mut tx, "RELEASE SAVEPOINT intake_appeal").await?;
            }
            outcomes.push(outcome);
        }
        tx.commit().await?;
        Ok::<(), Error>(())
    }
    .await;
    if let Err(error) = committed {
        tracing::error!(error = %error, appeals = batch.len(), "intake batch failed; none stored");
        outcomes = batch
            .iter()
            .map(|_| Err(unavailable("保存诉求失败，请稍后重试")))
            .collect();
    }
    tracing::debug!(appeals = batch.len(), "intake batch committed");
    for (job, outcome) in batch.into_iter().zip(outcomes) {
        // A caller that went away still has its appeal stored; nothing to undo.
        let _ = job.reply.send(outcome);
    }
}
