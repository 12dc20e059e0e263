//! Two nodes (issue 12's battery; SEC-ACCOUNTS, HL-REGISTER, OPS-ESUPERVISE): two `serve`
//! processes on one PostgreSQL database. A session works on both and, ended on one, ends on
//! both; appeals filed alternately on both are all stored under distinct numbers; each
//! period's job ran once and each notification was delivered once. Two nodes started at once
//! on an empty database both come up, the demo seeded by one.

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use platform::auth::session;
use platform::db::{Db, now_ms};
use sqlx::Row as _;

use super::{Appeal, PgDatabase, PublicForm, Server, Target, between, get, request};

const APPEALS: u32 = 40;
const TASKS: u32 = 4;
/// The periodic jobs `serve` schedules with the period in their dedupe key.
const PERIODIC: [&str; 4] = [
    "maintenance.daily",
    "clocks.sweep",
    "hotline.supervision_scan",
    "services.supervision_scan",
];

/// `GET /office` with `cookie`: the status and where a redirect points.
async fn office(server: &Server, cookie: &str) -> (u16, String) {
    let response = get(server.addr, "/office", &[("Cookie", cookie)])
        .await
        .unwrap();
    let location = response.header("location").unwrap_or_default().to_owned();
    (response.status, location)
}

async fn sessions_work_and_end_on_both_nodes(db: &Db, a: &Server, b: &Server) {
    let user: i64 = sqlx::query("SELECT id FROM users WHERE username = 'operator'")
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
    // The demo account past its first-login steps (password changed, TOTP enrolled).
    sqlx::query("UPDATE users SET must_change_password = 0, totp_enabled = 1 WHERE id = $1")
        .bind(user)
        .execute(&db.pool)
        .await
        .unwrap();
    let token = session::create(db, user, true, "127.0.0.1", now_ms())
        .await
        .unwrap();
    let cookie = format!("zw_session={token}");
    for (name, node) in [("A", a), ("B", b)] {
        assert_eq!(
            office(node, &cookie).await.0,
            200,
            "the session on node {name}"
        );
        let stranger = format!("zw_session={}", session::random_token());
        let (status, location) = office(node, &stranger).await;
        assert!(
            (300..400).contains(&status) && location.starts_with("/office/login"),
            "an unknown session on node {name}: {status} {location}"
        );
    }
    let page = get(a.addr, "/office", &[("Cookie", &cookie)])
        .await
        .unwrap();
    let csrf = between(&page.body, r#"<meta name="csrf-token" content=""#, "\"")
        .unwrap()
        .to_owned();
    let logout = request(
        a.addr,
        "POST",
        "/office/logout",
        &[("Cookie", &cookie)],
        Some(&format!("_csrf={csrf}")),
    )
    .await
    .unwrap();
    assert!(
        (300..400).contains(&logout.status),
        "logout on node A: {}",
        logout.status
    );
    let (status, location) = office(b, &cookie).await;
    assert!(
        (300..400).contains(&status) && location.starts_with("/office/login"),
        "the session ended on node A still works on node B: {status} {location}"
    );
    eprintln!("two nodes: one session worked on both nodes and, ended on A, ended on B");
}

async fn appeals_on_both_nodes_are_all_stored(db: &Db, a: &Server, b: &Server) {
    let marker = "双节点测试";
    // One citizen's form works on both nodes: they share the data key the token is bound to.
    let form = PublicForm::open(a.addr).await;
    let nodes = [a.addr, b.addr];
    let tasks: Vec<_> = (0..TASKS)
        .map(|task| {
            let form = form.clone();
            tokio::spawn(async move {
                let mut numbers = Vec::new();
                for index in (task..APPEALS).step_by(TASKS as usize) {
                    let node = nodes[(index % 2) as usize];
                    let number = Appeal { marker, index }
                        .submit(node, &form)
                        .await
                        .unwrap()
                        .unwrap_or_else(|status| panic!("appeal {index} refused: {status}"));
                    numbers.push(number);
                }
                numbers
            })
        })
        .collect();
    let mut acknowledged = Vec::new();
    for task in tasks {
        acknowledged.extend(task.await.unwrap());
    }
    let distinct: HashSet<&String> = acknowledged.iter().collect();
    assert_eq!(distinct.len(), acknowledged.len(), "a number given twice");
    let stored: HashSet<String> =
        sqlx::query("SELECT number FROM hotline_appeals WHERE content LIKE $1")
            .bind(format!("{marker}%"))
            .fetch_all(&db.pool)
            .await
            .unwrap()
            .iter()
            .map(|row| row.try_get("number").unwrap())
            .collect();
    let lost = distinct.iter().filter(|n| !stored.contains(**n)).count();
    eprintln!(
        "two nodes: {} appeals filed alternately on A and B, {} acknowledged, {} stored, {lost} lost",
        APPEALS,
        acknowledged.len(),
        stored.len()
    );
    assert_eq!(acknowledged.len(), APPEALS as usize);
    assert_eq!(lost, 0);
    assert_eq!(stored.len(), acknowledged.len());
}

/// Waits until every periodic job scheduled so far has finished, then proves each ran once.
async fn each_periodic_job_ran_once(db: &Db) {
    let started = Instant::now();
    let rows = loop {
        let rows = sqlx::query(
            "SELECT kind, dedupe_key, status, attempts, lease_owner, last_error FROM jobs \
             WHERE dedupe_key IS NOT NULL ORDER BY id",
        )
        .fetch_all(&db.pool)
        .await
        .unwrap();
        let kinds: HashSet<String> = rows.iter().map(|r| r.try_get("kind").unwrap()).collect();
        let finished = rows.iter().all(|r| {
            let status: String = r.try_get("status").unwrap();
            !matches!(status.as_str(), "pending" | "running")
        });
        if finished && PERIODIC.iter().all(|kind| kinds.contains(*kind)) {
            break rows;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the periodic jobs did not finish"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    let mut per_kind: BTreeMap<String, usize> = BTreeMap::new();
    let mut owners = HashSet::new();
    for row in &rows {
        let kind: String = row.try_get("kind").unwrap();
        let key: String = row.try_get("dedupe_key").unwrap();
        let status: String = row.try_get("status").unwrap();
        let attempts: i64 = row.try_get("attempts").unwrap();
        let error: Option<String> = row.try_get("last_error").unwrap();
        assert_eq!(status, "done", "{key}: {error:?}");
        assert_eq!(attempts, 1, "{key} was claimed {attempts} times: {error:?}");
        *per_kind.entry(kind).or_default() += 1;
        owners.insert(row.try_get::<Option<String>, _>("lease_owner").unwrap());
    }
    let delivered: Vec<i64> = sqlx::query("SELECT attempts FROM outbox WHERE status = 'delivered'")
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get("attempts").unwrap())
        .collect();
    let twice = delivered.iter().filter(|attempts| **attempts != 1).count();
    eprintln!(
        "two nodes: periodic jobs {per_kind:?} each ran once (run by {} node(s)); \
         {} notifications delivered, {twice} more than once",
        owners.len(),
        delivered.len()
    );
    assert_eq!(twice, 0, "a notification was delivered by both nodes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_on_one_postgres_share_sessions_lose_no_appeal_and_run_each_job_once() {
    let Some(pg) = PgDatabase::create().await else {
        return;
    };
    let target = Target::postgres("nodes", pg);
    let a = Server::start(&target, "node-a").await;
    let b = Server::start(&target, "node-b").await;
    let db = target.db().await;
    sessions_work_and_end_on_both_nodes(&db, &a, &b).await;
    appeals_on_both_nodes_are_all_stored(&db, &a, &b).await;
    each_periodic_job_ran_once(&db).await;
}

/// Two hosts started together after a deployment, on a database still empty: both come up,
/// and the demo is seeded by one of them (the second used to stop with 记录已存在，不能重复创建:
/// the demo seed, the blind-index rebuild and the counters' first build now run under
/// `Db::lock_nodes`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_started_together_on_an_empty_database_both_come_up_and_seed_once() {
    let Some(pg) = PgDatabase::create().await else {
        return;
    };
    let target = Target::postgres("nodes-together", pg);
    let (a, b) = tokio::join!(
        Server::start(&target, "node-a"),
        Server::start(&target, "node-b")
    );
    let seeded = [&a, &b]
        .iter()
        .filter(|node| node.log_text().contains("已创建演示行政区划"))
        .count();
    assert_eq!(seeded, 1, "the demo is seeded by one node");
    let db = target.db().await;
    appeals_on_both_nodes_are_all_stored(&db, &a, &b).await;
}

/// `Db::lock_nodes`, which keeps the second node's demo seed waiting for the first's: one
/// holder of a name at a time, other names free, and released by `release` or by a drop.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_lock_is_held_by_one_process_at_a_time() {
    let Some(pg) = PgDatabase::create().await else {
        return;
    };
    let (a, b) = (
        Db::connect(&pg.url).await.unwrap(),
        Db::connect(&pg.url).await.unwrap(),
    );
    let held = a.lock_nodes("demo.seed").await.unwrap();
    let other = b.clone();
    let waiting = tokio::spawn(async move { other.lock_nodes("demo.seed").await.unwrap() });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!waiting.is_finished(), "two holders of one lock");
    let free = tokio::time::timeout(Duration::from_secs(5), b.lock_nodes("counters.build"))
        .await
        .expect("another name is not held")
        .unwrap();
    held.release().await.unwrap();
    let second = tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .expect("released for the waiting node")
        .unwrap();
    drop(second);
    let third = tokio::time::timeout(Duration::from_secs(5), a.lock_nodes("demo.seed"))
        .await
        .expect("a dropped lock is released")
        .unwrap();
    third.release().await.unwrap();
    free.release().await.unwrap();
}
