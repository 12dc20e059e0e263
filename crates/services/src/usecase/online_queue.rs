//! SVC-ACCEPT, SVC-NO-RESUBMIT for the portal's busy application form: the same online
//! application as [`super::online::submit_online`], stored through
//! `platform::group_commit`. Each caller checks its application and seals its files on the
//! read pool; a writer then stores the applications waiting together in one transaction —
//! their case numbers reserved with one statement, the working calendar and rule profile
//! loaded once, the audit rows appended with one turn at the chain's head — and each
//! applicant is answered only after that commit. If anything in a batch fails, each
//! application is stored alone, so one refused application does not refuse the others.

use calendar::{Calendar, Instant};
use platform::audit::{self, AuditActor};
use platform::db::{Backend, Db};
use platform::filed_by::{self, FiledBy};
use platform::group_commit::{Batch, GroupCommit};
use platform::personal::DataKey;
use platform::profile::RuleProfile;
use platform::{Result, jurisdiction, workcal};

use super::online::{HeldMaterials, MaterialUpload, Prepared, prepare, write_in};
use super::{Applicant, PublishedItem, Submission, new_case_numbers};

struct Job {
    actor: AuditActor,
    prepared: Prepared,
    /// Issue 23: the citizen's account the application is filed under.
    filed_by: Option<FiledBy>,
    now: Instant,
}

/// How a batch of online applications is stored (see the module documentation).
struct Applications {
    key: DataKey,
}

/// The jurisdiction's working calendar and rule profile, as they are now.
async fn rules(db: &Db) -> Result<(Calendar, RuleProfile)> {
    match jurisdiction::current(db).await? {
        Some(current) => Ok((
            workcal::load(db, current.id, &current.profile).await?,
            current.profile,
        )),
        None => Ok((workcal::load_current(db).await?, RuleProfile::default())),
    }
}

/// A case number for each job, reserved with one statement per day among the jobs.
async fn numbers_for(db: &Db, jobs: &[Job]) -> Result<Vec<String>> {
    let days: Vec<String> = jobs
        .iter()
        .map(|job| job.now.local_date().to_string())
        .collect();
    let mut numbers = vec![String::new(); jobs.len()];
    let mut done: Vec<&String> = Vec::new();
    for (index, day) in days.iter().enumerate() {
        if done.contains(&day) {
            continue;
        }
        done.push(day);
        let same_day: Vec<usize> = (index..jobs.len()).filter(|&i| days[i] == *day).collect();
        let reserved = new_case_numbers(db, jobs[index].now, same_day.len()).await?;
        for (slot, number) in same_day.into_iter().zip(reserved) {
            numbers[slot] = number;
        }
    }
    Ok(numbers)
}

impl Batch for Applications {
    type Job = Job;
    type Answer = Submission;

    async fn store_all(&self, db: &Db, jobs: &[Job]) -> Result<Vec<Submission>> {
        let (calendar, profile) = rules(db).await?;
        let numbers = numbers_for(db, jobs).await?;
        let mut tx = db.begin().await?;
        let mut submissions = Vec::with_capacity(jobs.len());
        let mut entries = Vec::with_capacity(jobs.len());
        for (job, number) in jobs.iter().zip(numbers) {
            let (submission, event) = write_in(
                &mut tx,
                &platform::workflow::Context::new(
                    &self.key, &job.actor, &calendar, &profile, job.now,
                ),
                &job.prepared,
                number,
            )
            .await?;
            // Issue 23 item 3: filed while logged in, it is in 我的空间 once committed.
            let link = (submission.case_id.0, submission.number.as_str());
            filed_by::link_in(
                &mut tx,
                job.filed_by,
                filed_by::CASE,
                link,
                job.now.millis(),
            )
            .await?;
            submissions.push(submission);
            entries.push((job.actor.clone(), event, job.now.millis()));
        }
        audit::record_many(&mut tx, entries).await?;
        tx.commit().await?;
        Ok(submissions)
    }

    async fn store_one(&self, db: &Db, job: &Job) -> Result<Submission> {
        self.store_all(db, std::slice::from_ref(job))
            .await?
            .pop()
            .ok_or_else(|| anyhow::anyhow!("a stored application has no answer").into())
    }
}

/// Online applications through group commit (see the module documentation). Cheap to clone.
#[derive(Clone, Debug)]
pub struct SubmissionQueue {
    db: Db,
    key: DataKey,
    queue: GroupCommit<Applications>,
}

impl SubmissionQueue {
    /// One writer on SQLite (it has one writer connection); on PostgreSQL several, whose
    /// batches only meet at the audit chain's head, taken last in each transaction.
    pub fn new(db: Db, key: DataKey) -> Self {
        let writers = match db.backend {
            Backend::Sqlite => 1,
            Backend::Postgres => 4,
        };
        let queue = GroupCommit::new(db.clone(), Applications { key: key.clone() }, writers);
        Self { db, key, queue }
    }

    /// [`super::online::submit_online`] for the published item the form was shown for,
    /// through the writers, under the calendar and rule profile current when the batch is
    /// stored: the same checks, the same answer. With the files the form held from an
    /// earlier refusal (issue 14 item 3), taken in the batch's transaction.
    pub async fn submit(
        &self,
        actor: &AuditActor,
        published: PublishedItem,
        applicant: Applicant,
        (files, held): (Vec<MaterialUpload>, HeldMaterials),
        now: Instant,
    ) -> Result<Submission> {
        self.submit_for(actor, (published, applicant), (files, held), None, now)
            .await
    }

    /// [`Self::submit`] for the citizen's account `filed_by` (issue 23 item 3): the case is
    /// linked to it in the batch's transaction.
    pub async fn submit_for(
        &self,
        actor: &AuditActor,
        (published, applicant): (PublishedItem, Applicant),
        (files, held): (Vec<MaterialUpload>, HeldMaterials),
        filed_by: Option<FiledBy>,
        now: Instant,
    ) -> Result<Submission> {
        let (db, key) = (&self.db, &self.key);
        let prepared = prepare(db, key, published, applicant, (files, held), now).await?;
        self.queue
            .submit(Job {
                actor: actor.clone(),
                prepared,
                filed_by,
                now,
            })
            .await
    }
}
