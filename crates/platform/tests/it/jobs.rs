//! Jobs: leases let several runners share one queue without running a job twice, an
//! expired lease is taken over, failures back off and are kept, dedupe keys enqueue once.

use std::sync::Arc;
use std::time::Duration;

use platform::Platform;
use platform::db::{Db, now_ms};
use platform::jobs::{self, Job, JobFuture, JobHandler, Runner};
use platform::testing::{self, each_backend};
use sqlx::Row as _;

use crate::{backend, count, execute};

const KIND: &str = "test.record";
const HOUR_MS: i64 = 3_600_000;

/// Writes one `job_runs` row per execution, naming the runner that ran it.
struct RecordRun {
    owner: &'static str,
    pause: Duration,
}

impl JobHandler for RecordRun {
    fn run<'a>(&'a self, db: &'a Db, job: &'a Job) -> JobFuture<'a> {
        Box::pin(async move {
            tokio::time::sleep(self.pause).await;
            sqlx::query("INSERT INTO job_runs (job_id, owner) VALUES ($1, $2)")
                .bind(job.id)
                .bind(self.owner)
                .execute(&db.pool)
                .await?;
            Ok(())
        })
    }
}

/// Fails every time.
struct AlwaysFails;

impl JobHandler for AlwaysFails {
    fn run<'a>(&'a self, _db: &'a Db, _job: &'a Job) -> JobFuture<'a> {
        Box::pin(async { Err(anyhow::anyhow!("gateway unreachable")) })
    }
}

fn runner(db: Db, owner: &'static str, lease_ms: i64) -> Runner {
    Runner::new(db, owner, lease_ms).handle(
        KIND,
        Arc::new(RecordRun {
            owner,
            pause: Duration::ZERO,
        }),
    )
}

async fn create_job_runs(db: &Db) {
    execute(
        db,
        "CREATE TABLE job_runs (job_id BIGINT NOT NULL, owner TEXT NOT NULL)",
    )
    .await;
}

/// A second pool on the same database, as a second `serve` process would open.
async fn second_process(platform: &Platform) -> Db {
    Db::connect(&platform.config.effective_database_url())
        .await
        .unwrap()
}

async fn job_status(db: &Db, job_id: i64) -> (String, i64, i64, Option<String>) {
    let row = sqlx::query("SELECT status, attempts, run_at, last_error FROM jobs WHERE id = $1")
        .bind(job_id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    (
        row.get("status"),
        row.get("attempts"),
        row.get("run_at"),
        row.get("last_error"),
    )
}

async fn two_runners_run_each_of_200_jobs_exactly_once(platform: &Platform) {
    let db = &platform.db;
    create_job_runs(db).await;
    for _ in 0..200 {
        jobs::enqueue(&db.pool, KIND, "{}", now_ms() - 1_000, None)
            .await
            .unwrap();
    }
    let pause = Duration::from_millis(2);
    let runner_a = Runner::new(db.clone(), "node-a", 60_000).handle(
        KIND,
        Arc::new(RecordRun {
            owner: "node-a",
            pause,
        }),
    );
    let runner_b = Runner::new(second_process(platform).await, "node-b", 60_000).handle(
        KIND,
        Arc::new(RecordRun {
            owner: "node-b",
            pause,
        }),
    );
    let loops = [runner_a, runner_b]
        .map(|runner| tokio::spawn(async move { while runner.tick(5).await.unwrap() > 0 {} }));
    for task in loops {
        task.await.unwrap();
    }

    let name = backend(platform);
    assert_eq!(
        count(db, "SELECT COUNT(*) AS n FROM job_runs", &[]).await,
        200,
        "{name}"
    );
    assert_eq!(
        count(db, "SELECT COUNT(DISTINCT job_id) AS n FROM job_runs", &[]).await,
        200,
        "{name}"
    );
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) AS n FROM jobs WHERE status = 'done' AND attempts = 1",
            &[]
        )
        .await,
        200
    );
    for owner in ["node-a", "node-b"] {
        let n_runs = count(
            db,
            "SELECT COUNT(*) AS n FROM job_runs WHERE owner = $1",
            &[owner],
        )
        .await;
        assert!(
            n_runs > 0,
            "{name}: {owner} ran no job; the work was not shared"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_runners_on_postgres_run_each_of_200_jobs_exactly_once() {
    match testing::postgres().await {
        Some(platform) => two_runners_run_each_of_200_jobs_exactly_once(&platform).await,
        None => eprintln!(
            "note: {} not set; two-runner PostgreSQL test skipped",
            testing::PG_URL_VAR
        ),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_runners_on_sqlite_run_each_of_200_jobs_exactly_once() {
    two_runners_run_each_of_200_jobs_exactly_once(&testing::sqlite().await).await;
}

#[tokio::test]
async fn a_job_whose_lease_expired_is_taken_over_by_another_runner() {
    for platform in each_backend().await {
        let db = &platform.db;
        create_job_runs(db).await;
        let now = now_ms();
        jobs::enqueue(&db.pool, KIND, "{}", now - HOUR_MS, None)
            .await
            .unwrap();
        let runner_a = Runner::new(db.clone(), "node-a", 1_000).handle(KIND, Arc::new(AlwaysFails));
        let runner_b = runner(second_process(&platform).await, "node-b", 60_000);

        // A claims an hour ago with a one-second lease and dies before executing.
        let claimed = runner_a.claim(10, now - HOUR_MS / 2).await.unwrap();
        assert_eq!(claimed.len(), 1, "{}", backend(&platform));
        assert!(
            runner_a
                .claim(10, now - HOUR_MS / 2)
                .await
                .unwrap()
                .is_empty(),
            "leased, not claimable"
        );

        assert_eq!(
            runner_b.tick(10).await.unwrap(),
            1,
            "{}",
            backend(&platform)
        );
        let owners: Vec<String> = sqlx::query("SELECT owner FROM job_runs")
            .fetch_all(&db.pool)
            .await
            .unwrap()
            .iter()
            .map(|row| row.get("owner"))
            .collect();
        assert_eq!(owners, ["node-b"]);
        assert_eq!(job_status(db, claimed[0].id).await.0, "done");

        // A wakes up late and fails: it no longer holds the lease, so B's outcome stays.
        runner_a.execute(&claimed[0]).await.unwrap();
        let (status, attempts, _, last_error) = job_status(db, claimed[0].id).await;
        assert_eq!(
            (status.as_str(), attempts, last_error),
            ("done", 2, None),
            "{}",
            backend(&platform)
        );
    }
}

#[tokio::test]
async fn a_failing_job_is_retried_later_and_kept_as_failed_after_max_attempts() {
    for platform in each_backend().await {
        let db = &platform.db;
        jobs::enqueue(&db.pool, "test.fails", "{}", now_ms(), None)
            .await
            .unwrap();
        let runner =
            Runner::new(db.clone(), "node-a", 60_000).handle("test.fails", Arc::new(AlwaysFails));

        assert_eq!(runner.tick(10).await.unwrap(), 1);
        let job_id = count(db, "SELECT MAX(id) AS n FROM jobs", &[]).await;
        let (status, attempts, run_at, last_error) = job_status(db, job_id).await;
        assert_eq!(
            (status.as_str(), attempts),
            ("pending", 1),
            "{}",
            backend(&platform)
        );
        assert!(run_at > now_ms(), "retried later, not at once");
        assert!(last_error.unwrap().contains("gateway unreachable"));
        assert_eq!(
            runner.tick(10).await.unwrap(),
            0,
            "not due before its backoff"
        );

        // Travel forward past each backoff (at most 2^12 s) until the runner gives up.
        let max_attempts = count(db, "SELECT max_attempts AS n FROM jobs", &[]).await;
        for _ in 1..max_attempts {
            let due = runner.claim(10, now_ms() + 2 * HOUR_MS).await.unwrap();
            assert_eq!(due.len(), 1, "{}", backend(&platform));
            runner.execute(&due[0]).await.unwrap();
        }
        let (status, attempts, _, _) = job_status(db, job_id).await;
        assert_eq!(
            (status.as_str(), attempts),
            ("failed", max_attempts),
            "{}",
            backend(&platform)
        );
        assert!(
            runner
                .claim(10, now_ms() + 100 * HOUR_MS)
                .await
                .unwrap()
                .is_empty(),
            "a failed job is not run again"
        );
        assert_eq!(
            count(db, "SELECT COUNT(*) AS n FROM jobs", &[]).await,
            1,
            "failed, never deleted"
        );
    }
}

#[tokio::test]
async fn a_job_of_an_unknown_kind_fails_instead_of_vanishing() {
    for platform in each_backend().await {
        let db = &platform.db;
        jobs::enqueue(&db.pool, "test.nobody", "{}", now_ms(), None)
            .await
            .unwrap();
        let runner = runner(db.clone(), "node-a", 60_000);
        assert_eq!(runner.tick(10).await.unwrap(), 1);
        let (status, _, _, last_error) =
            job_status(db, count(db, "SELECT MAX(id) AS n FROM jobs", &[]).await).await;
        assert_eq!(status, "pending", "{}", backend(&platform));
        assert!(last_error.unwrap().contains("no handler"));
    }
}

#[tokio::test]
async fn enqueue_with_the_same_dedupe_key_twice_creates_one_job() {
    for platform in each_backend().await {
        let db = &platform.db;
        let mut tx = db.begin().await.unwrap();
        jobs::enqueue(&mut *tx, KIND, "{}", now_ms(), Some("scan:2026-03-01"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        jobs::enqueue(
            &db.pool,
            KIND,
            "{\"again\":1}",
            now_ms(),
            Some("scan:2026-03-01"),
        )
        .await
        .unwrap();
        jobs::enqueue(&db.pool, KIND, "{}", now_ms(), Some("scan:2026-03-02"))
            .await
            .unwrap();
        jobs::enqueue(&db.pool, KIND, "{}", now_ms(), None)
            .await
            .unwrap();
        jobs::enqueue(&db.pool, KIND, "{}", now_ms(), None)
            .await
            .unwrap();

        let keyed = "SELECT COUNT(*) AS n FROM jobs WHERE dedupe_key = $1 AND payload = '{}'";
        assert_eq!(
            count(db, keyed, &["scan:2026-03-01"]).await,
            1,
            "{}",
            backend(&platform)
        );
        assert_eq!(
            count(db, "SELECT COUNT(*) AS n FROM jobs", &[]).await,
            4,
            "jobs without a key are never merged"
        );
    }
}
