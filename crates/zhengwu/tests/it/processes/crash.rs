//! Crash safety (issue 12's battery; HL-REGISTER, SEC-AUDIT, SEC-BACKUP): the server is
//! killed with SIGKILL while appeals are in flight; after a restart on the same data every
//! appeal it acknowledged is there, no number is given twice, and the audit chain verifies.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::Row as _;

use super::{Appeal, PublicForm, Server, Target};

/// Appeals fired at the server, from this many tasks at once; the server is killed once
/// this many have been acknowledged.
const APPEALS: u32 = 200;
const TASKS: u32 = 8;
const KILL_AFTER: usize = 100;

#[derive(Default)]
struct Tally {
    acknowledged: Vec<String>,
    /// Answers other than an acknowledgement while the server was up (must stay empty).
    refused: Vec<u16>,
    /// Exchanges that broke: in flight at the kill, or sent after it.
    broken: u32,
}

async fn acknowledged_appeals_survive_sigkill(target: Target) {
    let marker = "崩溃测试";
    let mut server = Server::start(&target, "serve").await;
    let addr = server.addr;
    let form = PublicForm::open(addr).await;
    let tally = Arc::new(Mutex::new(Tally::default()));
    let next = Arc::new(AtomicU32::new(0));
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let (tally, next, form) = (tally.clone(), next.clone(), form.clone());
            tokio::spawn(async move {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    if index >= APPEALS {
                        return;
                    }
                    let outcome = Appeal { marker, index }.submit(addr, &form).await;
                    let mut tally = tally.lock().unwrap();
                    match outcome {
                        Ok(Ok(number)) => tally.acknowledged.push(number),
                        Ok(Err(status)) => tally.refused.push(status),
                        Err(_) => tally.broken += 1,
                    }
                }
            })
        })
        .collect();
    while tally.lock().unwrap().acknowledged.len() < KILL_AFTER
        && next.load(Ordering::SeqCst) < APPEALS
    {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let started_at_kill = next.load(Ordering::SeqCst).min(APPEALS);
    server.kill();
    for task in tasks {
        task.await.unwrap();
    }
    let tally = std::mem::take(&mut *tally.lock().unwrap());
    assert!(
        tally.refused.is_empty(),
        "answers other than an acknowledgement: {:?}\n{}",
        tally.refused,
        server.log_text()
    );
    assert!(
        tally.acknowledged.len() >= KILL_AFTER && tally.broken > 0,
        "the kill did not fall mid-stream: {} acknowledged, {} broken",
        tally.acknowledged.len(),
        tally.broken
    );

    let restarted = Server::start(&target, "restarted").await;
    let db = target.db().await;
    let stored: HashSet<String> = sqlx::query("SELECT number FROM hotline_appeals")
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get("number").unwrap())
        .collect();
    let ours: i64 = sqlx::query("SELECT COUNT(*) AS n FROM hotline_appeals WHERE content LIKE $1")
        .bind(format!("{marker}%"))
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    let missing: Vec<&String> = tally
        .acknowledged
        .iter()
        .filter(|number| !stored.contains(*number))
        .collect();
    eprintln!(
        "crash safety ({}): {APPEALS} appeals from {TASKS} tasks, SIGKILL after {} had \
         started: {} acknowledged, {} broken by the kill; after the restart {ours} of them \
         stored, {} of the acknowledged present, {} missing",
        target.backend(),
        started_at_kill,
        tally.acknowledged.len(),
        tally.broken,
        tally.acknowledged.len() - missing.len(),
        missing.len()
    );
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    let distinct: HashSet<&String> = tally.acknowledged.iter().collect();
    assert_eq!(
        distinct.len(),
        tally.acknowledged.len(),
        "a number given twice"
    );

    // The restarted server takes appeals again and never reuses a number it gave before.
    let after = Appeal {
        marker,
        index: APPEALS,
    }
    .submit(restarted.addr, &PublicForm::open(restarted.addr).await)
    .await
    .unwrap()
    .unwrap_or_else(|status| panic!("refused after the restart: {status}"));
    assert!(
        !stored.contains(&after),
        "{after} given again after the crash"
    );

    drop(restarted);
    let verified = target.verify_audit_chain();
    eprintln!("crash safety ({}): {verified}", target.backend());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hl_register_acknowledged_appeals_survive_a_sigkill_of_the_server_on_sqlite() {
    acknowledged_appeals_survive_sigkill(Target::sqlite("crash")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hl_register_acknowledged_appeals_survive_a_sigkill_of_the_server_on_postgres() {
    let Some(pg) = super::PgDatabase::create().await else {
        return;
    };
    acknowledged_appeals_survive_sigkill(Target::postgres("crash-pg", pg)).await;
}
