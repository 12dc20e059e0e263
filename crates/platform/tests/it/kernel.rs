//! The workflow kernel's command path (issue 11 point 1; CAL-DUE, CAL-PAUSE) with a domain
//! made here in a few dozen lines — a 许可 with one clock, as a new domain would plug in: its
//! first step and its commands go through `workflow::record` and `workflow::execute`, which
//! store the snapshot, the history rows, the clock rows and the audit row in one transaction;
//! a stale page and a refused command change nothing.

use calendar::{Calendar, Instant, Limit};
use platform::Platform;
use platform::audit::AuditEvent;
use platform::db::Tx;
use platform::profile::RuleProfile;
use platform::testing::each_backend;
use platform::workflow::{
    self, ClockEvent, ClockRule, Context, HistoryTable, Machine, Subject, SubjectClock,
    SubjectKind, machine as clocks,
};
use platform::{Error, Result};
use serde_json::json;
use sqlx::Row as _;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::{count, execute, new_unit, system};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Review;

impl ClockRule for Review {
    fn rule_id(self) -> &'static str {
        "T-REVIEW"
    }
    fn code(self) -> String {
        "review".into()
    }
}

/// The pure state: its status and its clocks.
#[derive(Debug, Clone)]
struct Permit {
    done: bool,
    clocks: Vec<SubjectClock<Review>>,
}

#[derive(Debug)]
enum Event {
    Finished,
    Clock(ClockEvent<Review>),
}

fn describe(event: &Event) -> (&'static str, serde_json::Value) {
    match event {
        Event::Finished => ("finished", json!({})),
        Event::Clock(_) => unreachable!("clock events are described by the kernel"),
    }
}

platform::recorded!(Event, Review, describe);

const KIND: SubjectKind = SubjectKind {
    code: "kn_permit",
    label: "测试许可",
    number_table: "kn_permits",
    page: "/office/permits/",
    main_rule: "T-REVIEW",
    overdue_flag: None,
    clock_name: |_| "审查时限",
    waits: &[],
    history: HistoryTable {
        table: "kn_permit_events",
        subject_column: "permit_id",
    },
    command_label: |_| "办结",
    effect_words: |_| None,
    counting: workflow::counters::Counting::NONE,
};

struct Permits {
    unit: i64,
    /// How many more stores answer as a busy database would (a deadlock rolled back).
    busy: AtomicU32,
}

#[derive(Debug, Clone, Copy)]
struct Finish;

impl Machine for Permits {
    type Id = i64;
    type Loaded = Permit;
    type State = Permit;
    type Command = Finish;
    type Event = Event;

    fn kind(&self) -> &'static SubjectKind {
        &KIND
    }

    async fn load(&self, tx: &mut Tx, id: i64, command: Finish) -> Result<(Permit, i64, Finish)> {
        let row = sqlx::query("SELECT done, version FROM kn_permits WHERE id = $1")
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
        let clock = sqlx::query("SELECT start_at, limit_text FROM clocks WHERE subject_id = $1")
            .bind(id.to_string())
            .fetch_one(&mut **tx)
            .await?;
        let start = Instant::from_millis(clock.try_get("start_at")?);
        let limit: Limit = clock
            .try_get::<String, _>("limit_text")?
            .parse()
            .map_err(|_| Error::invalid("limit"))?;
        let permit = Permit {
            done: row.try_get::<i64, _>("done")? == 1,
            clocks: vec![SubjectClock {
                kind: Review,
                unit: None,
                clock: calendar::Clock::new(start, limit),
                stopped_at: None,
            }],
        };
        Ok((permit, row.try_get("version")?, command))
    }

    fn decide(
        &self,
        permit: &Permit,
        _: &Finish,
        context: &Context<'_>,
    ) -> Result<(Permit, Vec<Event>)> {
        if permit.done {
            return Err(Error::invalid("许可已办结"));
        }
        let mut next = permit.clone();
        next.done = true;
        let stopped = clocks::stop(&mut next.clocks, context.now, context.calendar, |_| true);
        let mut events = vec![Event::Finished];
        events.extend(stopped.into_iter().map(Event::Clock));
        Ok((next, events))
    }

    async fn store(
        &self,
        tx: &mut Tx,
        id: i64,
        _: &Permit,
        permit: &Permit,
        version: i64,
        _: Instant,
    ) -> Result<i64> {
        if self.busy.load(Ordering::SeqCst) > 0 {
            self.busy.fetch_sub(1, Ordering::SeqCst);
            return Err(Error::Busy);
        }
        let changed = sqlx::query(
            "UPDATE kn_permits SET done = $1, version = version + 1 WHERE id = $2 AND version = $3",
        )
        .bind(i64::from(permit.done))
        .bind(id)
        .bind(version)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(Error::conflict("并发修改"));
        }
        Ok(version + 1)
    }

    fn statuses(
        &self,
        loaded: Option<&Permit>,
        permit: &Permit,
    ) -> (Option<&'static str>, &'static str) {
        let code = |permit: &Permit| if permit.done { "done" } else { "waiting" };
        (loaded.map(code), code(permit))
    }

    fn command_code(&self, command: &Finish) -> String {
        workflow::command_code(command)
    }

    async fn default_unit(&self, _: &mut Tx, _: &Subject<'_, Self>) -> Result<i64> {
        Ok(self.unit)
    }

    async fn effect(
        &self,
        _: &mut Tx,
        _: &Context<'_>,
        _: &Subject<'_, Self>,
        _: &Event,
    ) -> Result<()> {
        Ok(())
    }

    fn audit(&self, id: i64, _: &Permit, _: &Permit, _: &Finish) -> AuditEvent {
        AuditEvent::new("permit.finish", "kn_permit", id).detail("办结许可")
    }
}

/// Issue 11 point 1 (CAL-DUE): a domain of a few dozen lines runs on the kernel — its first
/// step starts its clock row and writes its history; a command with the page's version stops
/// the clock, writes one history row per event and the audit row; a stale version is a
/// conflict and a refused command is refused, and neither changes anything.
#[tokio::test]
async fn a_new_domain_runs_its_commands_through_the_kernel() {
    for platform in each_backend().await {
        execute(
            &platform.db,
            "CREATE TABLE kn_permits (id BIGINT PRIMARY KEY, done BIGINT NOT NULL, \
             version BIGINT NOT NULL)",
        )
        .await;
        let id = match platform.db.backend {
            platform::db::Backend::Sqlite => "INTEGER PRIMARY KEY",
            platform::db::Backend::Postgres => "BIGSERIAL PRIMARY KEY",
        };
        let events = format!(
            "CREATE TABLE kn_permit_events (id {id}, permit_id BIGINT NOT NULL, \
             at BIGINT NOT NULL, kind TEXT NOT NULL, command TEXT NOT NULL, from_status TEXT, \
             to_status TEXT, actor_user_id BIGINT, detail TEXT NOT NULL)"
        );
        execute(&platform.db, &events).await;
        run(&platform).await;
    }
}

async fn run(platform: &Platform) {
    let unit = new_unit(platform).await;
    let machine = Permits {
        unit,
        busy: AtomicU32::new(0),
    };
    let (calendar, profile) = (Calendar::national(), RuleProfile::default());
    let actor = system();
    let start = Instant::parse_rfc3339("2025-03-03T09:00:00+08:00").unwrap();
    let context = Context {
        key: &platform.key,
        actor: &actor,
        calendar: &calendar,
        profile: &profile,
        now: start,
    };
    execute(
        &platform.db,
        "INSERT INTO kn_permits (id, done, version) VALUES (1, 0, 1)",
    )
    .await;
    let mut permit = Permit {
        done: false,
        clocks: Vec::new(),
    };
    let limit: Limit = "2wd".parse().unwrap();
    let started = clocks::start(&mut permit.clocks, Review, None, limit, start, &calendar);
    let mut tx = platform.db.begin().await.unwrap();
    let subject = Subject {
        id: 1,
        loaded: None,
        state: &permit,
    };
    workflow::record(
        &mut tx,
        &machine,
        &context,
        subject,
        "create",
        &[Event::Clock(started)],
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let db = &platform.db;
    let clock_rows =
        "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'kn_permit' AND status = $1";
    assert_eq!(count(db, clock_rows, &["running"]).await, 1);
    let history = "SELECT COUNT(*) AS n FROM kn_permit_events WHERE kind = $1";
    assert_eq!(count(db, history, &["clock_started"]).await, 1);

    // A stale page: nothing changes.
    let later = Context {
        now: Instant::parse_rfc3339("2025-03-04T10:00:00+08:00").unwrap(),
        ..context
    };
    let stale = workflow::execute(db, &machine, &later, 1, Finish, Some(7)).await;
    assert!(matches!(stale, Err(Error::Conflict(_))), "{stale:?}");
    assert_eq!(count(db, clock_rows, &["running"]).await, 1);

    let (permit, version) = workflow::execute(db, &machine, &later, 1, Finish, Some(1))
        .await
        .unwrap();
    assert!(permit.done);
    assert_eq!(version, 2);
    assert_eq!(count(db, clock_rows, &["met"]).await, 1);
    assert_eq!(count(db, history, &["finished"]).await, 1);
    assert_eq!(count(db, history, &["clock_stopped"]).await, 1);
    let audit = "SELECT COUNT(*) AS n FROM audit_log WHERE action = $1";
    assert_eq!(count(db, audit, &["permit.finish"]).await, 1);

    // Refused by the machine: no history row, no audit row.
    let again = workflow::execute(db, &machine, &later, 1, Finish, None).await;
    assert!(matches!(again, Err(Error::Invalid(_))), "{again:?}");
    assert_eq!(count(db, history, &["finished"]).await, 1);
    assert_eq!(count(db, audit, &["permit.finish"]).await, 1);
    let rows = workflow::history::rows(db, &KIND, 1).await.unwrap();
    let lines = workflow::history::fold(&KIND, &rows);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1].change, Some(("waiting".into(), "done".into())));
    assert_eq!(lines[1].effects, vec!["停止计时 1 项"]);
}

/// A command the database rolled back as busy (a deadlock between two commands meeting on the
/// same counters) is run again from the start by `workflow::execute`, at most
/// `BUSY_ATTEMPTS` times in all; what a rolled-back attempt wrote is gone, and after the last
/// attempt the error reaches the caller with nothing written.
#[tokio::test]
async fn a_command_rolled_back_as_busy_runs_again_from_the_start() {
    for platform in each_backend().await {
        let id = match platform.db.backend {
            platform::db::Backend::Sqlite => "INTEGER PRIMARY KEY",
            platform::db::Backend::Postgres => "BIGSERIAL PRIMARY KEY",
        };
        execute(&platform.db, "CREATE TABLE kn_permits (id BIGINT PRIMARY KEY, done BIGINT NOT NULL, version BIGINT NOT NULL)").await;
        let events = format!(
            "CREATE TABLE kn_permit_events (id {id}, permit_id BIGINT NOT NULL, at BIGINT NOT NULL, \
             kind TEXT NOT NULL, command TEXT NOT NULL, from_status TEXT, to_status TEXT, \
             actor_user_id BIGINT, detail TEXT NOT NULL)"
        );
        execute(&platform.db, &events).await;
        let unit = new_unit(&platform).await;
        let (calendar, profile) = (Calendar::national(), RuleProfile::default());
        let actor = system();
        let start = Instant::parse_rfc3339("2025-03-03T09:00:00+08:00").unwrap();
        let context = Context::new(&platform.key, &actor, &calendar, &profile, start);
        let db = &platform.db;
        for permit in [1, 2] {
            let machine = Permits {
                unit,
                busy: AtomicU32::new(0),
            };
            execute(
                db,
                &format!("INSERT INTO kn_permits (id, done, version) VALUES ({permit}, 0, 1)"),
            )
            .await;
            let mut state = Permit {
                done: false,
                clocks: Vec::new(),
            };
            let limit: Limit = "2wd".parse().unwrap();
            let started = clocks::start(&mut state.clocks, Review, None, limit, start, &calendar);
            let mut tx = db.begin().await.unwrap();
            let subject = Subject {
                id: permit,
                loaded: None,
                state: &state,
            };
            workflow::record(
                &mut tx,
                &machine,
                &context,
                subject,
                "create",
                &[Event::Clock(started)],
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
        }
        let finished = "SELECT COUNT(*) AS n FROM kn_permit_events WHERE kind = $1";

        let twice_busy = Permits {
            unit,
            busy: AtomicU32::new(workflow::command::BUSY_ATTEMPTS - 1),
        };
        let (permit, version) = workflow::execute(db, &twice_busy, &context, 1, Finish, Some(1))
            .await
            .unwrap();
        assert!(permit.done);
        assert_eq!(version, 2);
        assert_eq!(
            count(db, finished, &["finished"]).await,
            1,
            "one attempt's rows only"
        );

        let always_busy = Permits {
            unit,
            busy: AtomicU32::new(workflow::command::BUSY_ATTEMPTS),
        };
        let gave_up = workflow::execute(db, &always_busy, &context, 2, Finish, Some(1)).await;
        assert!(matches!(gave_up, Err(Error::Busy)), "{gave_up:?}");
        assert_eq!(
            count(db, finished, &["finished"]).await,
            1,
            "nothing of the busy one"
        );
        let open =
            "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'kn_permit' AND status = $1";
        assert_eq!(count(db, open, &["running"]).await, 1);
    }
}
