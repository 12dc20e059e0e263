//! Group commit for busy submission channels (the portal's appeal form, online applications).
//!
//! Callers hand in a job and wait. Writer tasks each take the jobs waiting at that moment (at
//! least one, at most [`MAX_BATCH`]) and store them with [`Batch::store_all`] in one
//! transaction: one commit (one fsync) and a few shared statements instead of a turn at the
//! writer each. Every job is answered only after the commit that stores it, so an
//! acknowledged submission is never lost. If anything in a batch fails, nothing of it is
//! stored and each job is then stored alone with [`Batch::store_one`], so one bad job is
//! refused alone and the others are not.

use std::future::Future;
use std::sync::{Arc, OnceLock};

use tokio::sync::{Mutex, mpsc, oneshot};

use crate::db::Db;
use crate::error::{Error, Result};

/// The most jobs one transaction stores.
pub const MAX_BATCH: usize = 64;
/// Jobs waiting for the writers before callers wait to hand theirs in.
const QUEUE: usize = 1024;

/// How one kind of job is stored.
pub trait Batch: Send + Sync + 'static {
    type Job: Send + Sync + 'static;
    type Answer: Send + 'static;

    /// Stores every job in one transaction, answers in the jobs' order. An error means
    /// nothing of the batch was stored.
    fn store_all(
        &self,
        db: &Db,
        jobs: &[Self::Job],
    ) -> impl Future<Output = Result<Vec<Self::Answer>>> + Send;

    /// Stores one job in a transaction of its own.
    fn store_one(
        &self,
        db: &Db,
        job: &Self::Job,
    ) -> impl Future<Output = Result<Self::Answer>> + Send;
}

struct Pending<B: Batch> {
    job: B::Job,
    reply: oneshot::Sender<Result<B::Answer>>,
}

type Receiver<B> = Arc<Mutex<mpsc::Receiver<Pending<B>>>>;

/// A group-commit queue in front of a [`Batch`]. Cheap to clone; the writer tasks start
/// with the first job and end when the last handle is dropped.
pub struct GroupCommit<B: Batch> {
    db: Db,
    batch: Arc<B>,
    writers: usize,
    sender: Arc<OnceLock<mpsc::Sender<Pending<B>>>>,
}

impl<B: Batch> Clone for GroupCommit<B> {
    fn clone(&self) -> Self {
        Self {
            db: self.db.clone(),
            batch: self.batch.clone(),
            writers: self.writers,
            sender: self.sender.clone(),
        }
    }
}

impl<B: Batch> std::fmt::Debug for GroupCommit<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "GroupCommit({} writers)", self.writers)
    }
}

impl<B: Batch> GroupCommit<B> {
    /// A queue with `writers` writer tasks (at least one).
    pub fn new(db: Db, batch: B, writers: usize) -> Self {
        Self {
            db,
            batch: Arc::new(batch),
            writers: writers.max(1),
            sender: Arc::new(OnceLock::new()),
        }
    }

    /// Stores `job` with the others waiting and answers once it is committed (or refused).
    pub async fn submit(&self, job: B::Job) -> Result<B::Answer> {
        let sender = self.sender.get_or_init(|| {
            let (sender, receiver) = mpsc::channel(QUEUE);
            let receiver: Receiver<B> = Arc::new(Mutex::new(receiver));
            for _ in 0..self.writers {
                tokio::spawn(writer(
                    self.db.clone(),
                    self.batch.clone(),
                    receiver.clone(),
                ));
            }
            sender
        });
        let (reply, answer) = oneshot::channel();
        sender
            .send(Pending { job, reply })
            .await
            .map_err(|_| unavailable("提交服务已停止"))?;
        answer
            .await
            .map_err(|_| unavailable("提交服务中断，未保存"))?
    }
}

fn unavailable(why: &str) -> Error {
    Error::Unexpected(anyhow::anyhow!("{why}"))
}

/// The jobs waiting now (at least one), or `None` once the queue is closed.
async fn next_batch<B: Batch>(jobs: &Receiver<B>) -> Option<Vec<Pending<B>>> {
    let mut jobs = jobs.lock().await;
    let first = jobs.recv().await?;
    let mut batch = vec![first];
    while batch.len() < MAX_BATCH {
        match jobs.try_recv() {
            Ok(job) => batch.push(job),
            Err(_) => break,
        }
    }
    Some(batch)
}

async fn writer<B: Batch>(db: Db, batch: Arc<B>, jobs: Receiver<B>) {
    while let Some(pending) = next_batch(&jobs).await {
        let (items, replies): (Vec<B::Job>, Vec<_>) =
            pending.into_iter().map(|p| (p.job, p.reply)).unzip();
        let answers = match batch.store_all(&db, &items).await {
            Ok(answers) => answers.into_iter().map(Ok).collect(),
            Err(error) => {
                tracing::warn!(error = %error, jobs = items.len(), "group commit failed; storing one by one");
                one_by_one(&db, batch.as_ref(), &items).await
            }
        };
        for (reply, answer) in replies.into_iter().zip(answers) {
            // A caller that went away still has its job stored; nothing to undo. (A reply
            // without an answer is dropped: its caller is told the service broke off.)
            let _ = reply.send(answer);
        }
    }
}

async fn one_by_one<B: Batch>(db: &Db, batch: &B, jobs: &[B::Job]) -> Vec<Result<B::Answer>> {
    let mut answers = Vec::with_capacity(jobs.len());
    for job in jobs {
        answers.push(batch.store_one(db, job).await);
    }
    answers
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex as StdMutex;

    use super::*;
    use crate::testing;

    /// Records every batch it is given; a job `"bad"` fails whatever batch holds it.
    #[derive(Default)]
    struct Recorder {
        batches: StdMutex<Vec<Vec<String>>>,
        alone: StdMutex<Vec<String>>,
    }

    impl Batch for Recorder {
        type Job = String;
        type Answer = String;

        async fn store_all(&self, _db: &Db, jobs: &[String]) -> Result<Vec<String>> {
            self.batches.lock().unwrap().push(jobs.to_vec());
            if jobs.iter().any(|job| job == "bad") {
                return Err(Error::invalid("坏的作业"));
            }
            Ok(jobs.iter().map(|job| format!("stored {job}")).collect())
        }

        async fn store_one(&self, _db: &Db, job: &String) -> Result<String> {
            self.alone.lock().unwrap().push(job.clone());
            if job == "bad" {
                return Err(Error::invalid("坏的作业"));
            }
            Ok(format!("alone {job}"))
        }
    }

    #[tokio::test]
    async fn jobs_waiting_together_share_one_batch_and_each_gets_its_own_answer() {
        let platform = testing::sqlite().await;
        let queue = GroupCommit::new(platform.db.clone(), Recorder::default(), 1);
        // The first job starts the writer; the rest arrive while it is busy or waiting.
        let handles: Vec<_> = (0..20)
            .map(|i| {
                let queue = queue.clone();
                tokio::spawn(async move { queue.submit(format!("job{i}")).await })
            })
            .collect();
        for (i, handle) in handles.into_iter().enumerate() {
            assert_eq!(handle.await.unwrap().unwrap(), format!("stored job{i}"));
        }
        let batches = queue.batch.batches.lock().unwrap().clone();
        assert_eq!(batches.iter().map(Vec::len).sum::<usize>(), 20);
        assert!(batches.iter().all(|batch| batch.len() <= MAX_BATCH));
        assert!(
            batches.iter().any(|batch| batch.len() > 1),
            "the jobs waiting together shared no batch: {batches:?}"
        );
        assert!(queue.batch.alone.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_failed_batch_is_stored_one_by_one_so_only_the_bad_job_is_refused() {
        let platform = testing::sqlite().await;
        let queue = GroupCommit::new(platform.db.clone(), Recorder::default(), 2);
        let bad = queue.submit("bad".to_owned()).await;
        assert!(matches!(bad, Err(Error::Invalid(_))), "{bad:?}");
        assert_eq!(
            queue.submit("good".to_owned()).await.unwrap(),
            "stored good"
        );
        assert_eq!(*queue.batch.alone.lock().unwrap(), vec!["bad".to_owned()]);
    }
}
