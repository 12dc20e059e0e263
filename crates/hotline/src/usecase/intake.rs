//! HL-REGISTER: registering an appeal. [`register_appeal`] validates, seals the personal
//! data, numbers the appeal, forms the order in `Registered` and commits before the number
//! is returned: an acknowledged submission is never lost.
//!
//! [`IntakeQueue`] is the same registration for busy intake channels (the portal form),
//! through `platform::group_commit`: the appeals waiting at that moment are stored in one
//! transaction — the day's numbers reserved with one statement, the audit rows appended with
//! one turn at the chain's head — and each is answered only after that commit. If anything
//! in a batch fails, each appeal is stored alone, so one bad appeal is refused alone.
//!
//! Issue 14 item 3: the portal form keeps the files of a refused appeal on the server
//! (`platform::held`); the registration that follows takes them in its own transaction
//! ([`HeldFiles`], `platform::held::claim_in`), as the online application does.

use calendar::Instant;
use platform::attachments::{self, Owner, Policy, Sealed, Upload};
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::{Db, Tx};
use platform::filed_by::{self, FiledBy};
use platform::group_commit::{Batch, GroupCommit};
use platform::notify::{self, Channel, Notification};
use platform::personal::{Address, DataKey, PersonName, PhoneNumber};
use platform::workflow::history;
use platform::{Error, Result};

use super::{APPEAL_ATTACHMENT, NewAppeal, Registration, new_query_code, query_code_hash, seal};
use crate::appeal::Intake;
use crate::order::register;
use crate::publication;
use crate::store::{appeals, orders};

/// Issue 14 item 3: the files a refused portal form kept (`platform::held`), for the
/// registration to take in its transaction: the held form and its attachments, in the order
/// of their labels (附件1, 附件2 …, given when they were kept).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeldFiles {
    pub form: i64,
    pub attachments: Vec<i64>,
}

/// An appeal that passed every check that needs no storage, its files labelled 附件1,
/// 附件2 … and sealed (the costly part of storing them, done before the write transaction).
struct Prepared {
    intake: Intake,
    new: NewAppeal,
    files: Vec<Sealed>,
    /// Files kept from a refused form, labelled before the new ones.
    held: Option<HeldFiles>,
    /// Issue 23: the citizen's account the appeal is filed under, linked in its transaction.
    filed_by: Option<FiledBy>,
}

fn prepare(
    key: &DataKey,
    new: NewAppeal,
    files: &[Upload],
    held: Option<HeldFiles>,
) -> Result<Prepared> {
    attachments::check_all(&Policy::APPEAL, files)?;
    // HL-PRIVACY (issue 12 finding 12): "keep it private" and "publish it" cannot both hold.
    if new.is_private && new.publish_consent {
        return Err(Error::invalid(
            "已选择不公开诉求，就不能同时同意公开诉求内容，请只选其一",
        ));
    }
    let mut intake = Intake::parse(
        new.channel,
        new.category,
        new.origin,
        &new.content,
        &new.location,
        new.is_private,
    )
    .map_err(Error::from)?;
    intake.confidential = new.confidential;
    if let Some(due) = new.province_due {
        intake = intake.with_province_due(due).map_err(Error::from)?;
    }
    let first = held.as_ref().map_or(0, |held| held.attachments.len()) + 1;
    let files = files
        .iter()
        .enumerate()
        .map(|(index, file)| {
            let labelled = Upload {
                label: format!("附件{}", first + index),
                ..file.clone()
            };
            attachments::seal(key, &Policy::APPEAL, &labelled)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Prepared {
        intake,
        new,
        files,
        held,
        filed_by: None,
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
    let prepared = prepare(key, new, files, None)?;
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
    let Prepared {
        intake,
        new,
        files,
        held,
        filed_by,
    } = prepared;
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
        publish_consent: new.publish_consent,
        published: published(intake, new),
        name_sealed: seal(
            key,
            appellant.name.as_ref().map(PersonName::as_str),
            "appellant_name_sealed",
            &number,
        )?,
        phone_sealed: seal(
            key,
            appellant.phone.as_ref().map(PhoneNumber::as_str),
            "appellant_phone_sealed",
            &number,
        )?,
        address_sealed: seal(
            key,
            appellant.address.as_ref().map(Address::as_str),
            "appellant_address_sealed",
            &number,
        )?,
        employer_sealed: seal(
            key,
            appellant.employer.as_deref(),
            "appellant_employer_sealed",
            &number,
        )?,
        phone_lookup: appellant
            .phone
            .as_ref()
            .map(|phone| key.lookup_hash(phone.as_str())),
        ip_sealed: seal(
            key,
            new.ip.as_deref().filter(|ip| !ip.is_empty()),
            "ip_sealed",
            &number,
        )?,
        created_at: now.millis(),
    };
    let id = appeals::insert(tx, &row).await?;
    let owner = Owner {
        kind: APPEAL_ATTACHMENT,
        id: id.0,
    };
    // Issue 14 item 3: the files kept from a refused form become the appeal's, and the held
    // form is forgotten; one swept or used meanwhile refuses the appeal (choose them again).
    if let Some(held) = held {
        platform::held::claim_in(tx, held.form, &held.attachments, owner).await?;
    }
    for sealed in files {
        attachments::insert_sealed(tx, owner, sealed, now.millis()).await?;
    }
    let (order, registered) = register(intake.clone(), now);
    orders::insert(tx, id, &order, now.millis()).await?;
    // HL-REGISTER (issue 14 item 2): an appellant who left a phone is texted the number and
    // the query code, in the registration's transaction (the outbox delivers it).
    if let Some(phone) = &appellant.phone {
        let sms = Notification {
            channel: Channel::Sms,
            recipient_user_id: None,
            address: Some(phone.as_str().to_owned()),
            subject: "12345热线".into(),
            body: format!(
                "您的诉求已登记，编号 {number}，查询码 {query_code}。可在政府网站“12345热线”栏目凭编号和查询码查询办理进度；办结后我们将答复您。"
            ),
            link: String::new(),
        };
        notify::enqueue(tx, key, &sms, now.millis()).await?;
    }
    let step = history::Step {
        subject_id: id.0,
        command: "register",
        from: None,
        to: order.status.code(),
        actor_user_id: actor.user_id,
        at: now.millis(),
    };
    history::insert(tx, &crate::SUBJECT, &step, &registered).await?;
    // Issue 23 item 3: filed while logged in, it is in 我的空间 once committed.
    let link = (id.0, number.as_str());
    filed_by::link_in(tx, *filed_by, filed_by::APPEAL, link, now.millis()).await?;
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

/// HL-PRIVACY (issue 12 finding 12): what Open311 may publish of the appeal — nothing unless
/// the appellant agreed and it is no complaint nor private; else the content and the location
/// with what looks like personal data masked, the appellant's name among it.
fn published(intake: &Intake, new: &NewAppeal) -> Option<(String, String)> {
    if !publication::publishable(intake.category, intake.private, new.publish_consent) {
        return None;
    }
    let name = new.appellant.name.as_ref().map(PersonName::as_str);
    Some((
        publication::redact(&intake.content, name),
        publication::redact(&intake.location, name),
    ))
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

struct Job {
    actor: AuditActor,
    prepared: Prepared,
    now: Instant,
}

/// How a batch of portal appeals is stored (see the module documentation).
struct Appeals {
    key: DataKey,
}

impl Batch for Appeals {
    type Job = Job;
    type Answer = Registration;

    async fn store_all(&self, db: &Db, jobs: &[Job]) -> Result<Vec<Registration>> {
        store_batch(db, &self.key, jobs).await
    }

    async fn store_one(&self, db: &Db, job: &Job) -> Result<Registration> {
        store_one(db, &self.key, job).await
    }
}

/// Registration through a writer task that commits the appeals waiting together (see the
/// module documentation). Cheap to clone.
#[derive(Clone, Debug)]
pub struct IntakeQueue {
    key: DataKey,
    queue: GroupCommit<Appeals>,
}

impl IntakeQueue {
    pub fn new(db: Db, key: DataKey) -> Self {
        let queue = GroupCommit::new(db, Appeals { key: key.clone() }, 1);
        Self { key, queue }
    }

    /// [`register_appeal_with`] through the writer: the same checks, the same answer; with
    /// the files a refused form kept (`held`), taken in the registration's transaction.
    pub async fn register(
        &self,
        actor: &AuditActor,
        new: NewAppeal,
        (files, held): (&[Upload], Option<HeldFiles>),
        now: Instant,
    ) -> Result<Registration> {
        self.register_for(actor, new, (files, held), None, now)
            .await
    }

    /// [`Self::register`] for the citizen's account `filed_by` (issue 23 item 3): the appeal
    /// is linked to it in the registration's transaction.
    pub async fn register_for(
        &self,
        actor: &AuditActor,
        new: NewAppeal,
        (files, held): (&[Upload], Option<HeldFiles>),
        filed_by: Option<FiledBy>,
        now: Instant,
    ) -> Result<Registration> {
        let mut prepared = prepare(&self.key, new, files, held)?;
        prepared.filed_by = filed_by;
        self.queue
            .submit(Job {
                actor: actor.clone(),
                prepared,
                now,
            })
            .await
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
