//! The services bench's cases: `--cases` cases over the last twelve months, each lived
//! through the pure case machine (`services_cases`), written with exactly the rows the use
//! cases write — the case row with its sealed applicant and its JSON snapshot
//! (`services::snapshot::to_json`, as `store::cases` writes it), one history row per event
//! (`store::events::describe`), its clocks on the shared clock table (subject `case`, due,
//! yellow, light, pauses and status as `platform::clocks` derives them) — plus the daily
//! number sequences. Applicants come from a pool of generated people whose identity is sealed
//! once. Files and the materials they stand for are not stored (a material's attachment id
//! is 0), nor e-licences. A blocking thread lives the cases and builds multi-row INSERTs of
//! constants while the database writes the previous batch, one transaction per 20,000 cases.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Instant as Stopwatch;

use anyhow::Context as _;
use calendar::{Calendar, Clock, Instant, Light, LightRule};
use platform::db::{Backend, Db};
use platform::personal::{CitizenIdNo, DataKey};
use services::store::events::describe;
use services::usecase::{PublishedItem, applicant_lookup};

use super::generate::Rng;
use super::services_cases::{self, Lived, World, citizen_id, person};

const ROWS_PER_STATEMENT: usize = 400;
const CASES_PER_TRANSACTION: u64 = 20_000;
const APPLICANTS: usize = 20_000;
const DAY: i64 = 24 * 60 * 60_000;

/// One applicant of the pool: the clear values and the lookup hash.
struct Applicant {
    name: String,
    id_no: String,
    phone: String,
    lookup: String,
}

impl Applicant {
    /// The SQL literals of the values sealed for case `number` (bound to it, issue 12
    /// finding 14), and the lookup hash.
    fn sealed_for(&self, key: &DataKey, backend: Backend, number: &str) -> anyhow::Result<Self> {
        let seal = |column: &str, clear: &str| -> anyhow::Result<String> {
            let place = services::usecase::place(column, number);
            Ok(blob(backend, &key.seal_for(clear, &place)?))
        };
        Ok(Self {
            name: seal("applicant_name_sealed", &self.name)?,
            id_no: seal("applicant_id_no_sealed", &self.id_no)?,
            phone: seal("applicant_phone_sealed", &self.phone)?,
            lookup: self.lookup.clone(),
        })
    }
}

fn blob(backend: Backend, bytes: &[u8]) -> String {
    let mut hex = String::with_capacity(bytes.len() * 2 + 8);
    for b in bytes {
        let _ = write!(hex, "{b:02x}");
    }
    match backend {
        Backend::Sqlite => format!("X'{hex}'"),
        Backend::Postgres => format!("'\\x{hex}'::bytea"),
    }
}

fn text(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

fn null_or(value: Option<i64>) -> String {
    value.map_or_else(|| "NULL".to_owned(), |v| v.to_string())
}

fn applicants(key: &DataKey) -> anyhow::Result<Vec<Applicant>> {
    let mut rng = Rng::new(0x5EED_0A11_CA17_0001);
    (0..APPLICANTS)
        .map(|_| {
            let (name, phone) = person(&mut rng);
            let id_no = CitizenIdNo::parse(&citizen_id(&mut rng))?;
            Ok(Applicant {
                name,
                id_no: id_no.as_str().to_owned(),
                phone,
                lookup: applicant_lookup(key, &id_no),
            })
        })
        .collect()
}

/// Multi-row INSERTs of one table.
struct Batch {
    head: &'static str,
    rows: Vec<String>,
    written: u64,
}

impl Batch {
    fn new(head: &'static str) -> Self {
        Self {
            head,
            rows: Vec::with_capacity(ROWS_PER_STATEMENT),
            written: 0,
        }
    }

    fn flush(&mut self, out: &mut Vec<String>) {
        if !self.rows.is_empty() {
            out.push(format!("{} VALUES {}", self.head, self.rows.join(",")));
            self.written += self.rows.len() as u64;
            self.rows.clear();
        }
    }
}

struct Batches {
    cases: Batch,
    clocks: Batch,
    events: Batch,
}

impl Batches {
    /// Parents first, so foreign keys hold at every statement.
    fn flush(&mut self, out: &mut Vec<String>) {
        self.cases.flush(out);
        self.clocks.flush(out);
        self.events.flush(out);
    }

    fn any_full(&self) -> bool {
        [&self.cases, &self.clocks, &self.events]
            .iter()
            .any(|batch| batch.rows.len() >= ROWS_PER_STATEMENT)
    }

    fn rows(&self) -> u64 {
        self.cases.written + self.clocks.written + self.events.written
    }
}

/// When a running clock turns yellow: `platform::clocks`' bisection of `Clock::light`.
fn yellow_instant(clock: &Clock, calendar: &Calendar, rule: &LightRule, due: i64) -> i64 {
    let resumed = clock
        .pauses()
        .iter()
        .filter_map(|pause| pause.until)
        .max()
        .unwrap_or(clock.start());
    let mut low = resumed.max(clock.start()).millis();
    if clock.light(calendar, Instant::from_millis(low), rule) != Light::Green {
        return low;
    }
    let mut high = due.saturating_add(1).max(low + 1);
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        if clock.light(calendar, Instant::from_millis(middle), rule) == Light::Green {
            low = middle;
        } else {
            high = middle;
        }
    }
    high
}

fn push_rows(
    batches: &mut Batches,
    world: &World,
    rule: &LightRule,
    item: &PublishedItem,
    number: &str,
    applicant: &Applicant,
    lived: &Lived,
) -> anyhow::Result<()> {
    let case = &lived.case;
    let id = case.id.0;
    let department = item.item.basic.department.0;
    let state = services::snapshot::to_json(case)?;
    batches.cases.rows.push(format!(
        "({id},'{number}',{},{},{department},{},{},{},{},'{}','{}','{}',{},1,{},{},{},{},{})",
        item.id.0,
        item.version,
        case.applicant.0,
        applicant.name,
        applicant.id_no,
        applicant.phone,
        applicant.lookup,
        "0".repeat(64),
        case.status.code(),
        text(&state),
        lived.version,
        null_or(case.accepted.map(|(unit, _)| unit.0)),
        null_or(case.overdue_flagged.map(Instant::millis)),
        case.submitted_at.millis(),
        lived.updated
    ));
    let calendar = &world.calendar;
    for entry in &case.clocks {
        let clock = &entry.clock;
        let due = clock.due(calendar);
        let (status, light, yellow, concluded) = match entry.stopped_at {
            Some(at) => {
                let met = clock.is_met(calendar, at);
                let status = if met { "met" } else { "breached" };
                (status, clock.light(calendar, at, rule), None, Some(at))
            }
            None if clock.is_paused() => (
                "paused",
                clock.light(calendar, Instant::from_millis(world.now), rule),
                None,
                None,
            ),
            None => {
                let yellow = yellow_instant(clock, calendar, rule, due.at.millis());
                let light = clock.light(calendar, Instant::from_millis(world.now), rule);
                ("running", light, Some(yellow), None)
            }
        };
        let pauses: Vec<serde_json::Value> = clock
            .pauses()
            .iter()
            .map(|p| {
                serde_json::json!({"from": p.from.millis(), "until": p.until.map(Instant::millis), "reason": p.reason})
            })
            .collect();
        let paused_since = clock
            .pauses()
            .last()
            .filter(|p| p.until.is_none())
            .map(|p| p.from.millis());
        let start = clock.start().millis();
        batches.clocks.rows.push(format!(
            "('case','{id}','{}',{},{start},'{}',{},{},{},{},'[]','{}','{status}',{},{},{start},{})",
            entry.kind.rule(),
            entry.unit.map_or(department, |unit| unit.0),
            clock.limit(),
            due.at.millis(),
            null_or(yellow),
            null_or(paused_since),
            text(&serde_json::Value::Array(pauses).to_string()),
            light.code(),
            null_or(concluded.map(Instant::millis)),
            i64::from(due.provisional),
            concluded.map_or(start, Instant::millis)
        ));
    }
    for row in &lived.history {
        let (kind, detail) = describe(&row.event);
        batches.events.rows.push(format!(
            "({id},{},'{kind}','{}',{},'{}',NULL,{})",
            row.at,
            row.command,
            row.from
                .map_or_else(|| "NULL".to_owned(), |from| format!("'{from}'")),
            row.to,
            text(&detail.to_string())
        ));
    }
    Ok(())
}

/// What the writer receives: the statements of one transaction.
struct Chunk {
    statements: Vec<String>,
    cases: u64,
    rows: u64,
}

struct Producer {
    world: World,
    items: Arc<Vec<PublishedItem>>,
    applicants: Vec<Applicant>,
    key: DataKey,
    backend: Backend,
    n_cases: u64,
    first_id: i64,
}

/// Lives every case and sends the statements a transaction at a time; returns the daily
/// sequences and how many cases are still open.
fn produce(
    producer: Producer,
    send: tokio::sync::mpsc::Sender<Chunk>,
) -> anyhow::Result<(BTreeMap<String, i64>, u64)> {
    let Producer {
        world,
        items,
        applicants,
        key,
        backend,
        n_cases,
        first_id,
    } = producer;
    let rule = platform::clocks::light_rule(&world.profile);
    let mut rng = Rng::new(0x5E4F_1CE5_0000_0005);
    let first = world.now - 365 * DAY;
    let step = (365 * DAY) / i64::try_from(n_cases).unwrap_or(1).max(1);
    let mut sequences: BTreeMap<String, i64> = BTreeMap::new();
    let mut batches = Batches {
        cases: Batch::new(
            "INSERT INTO svc_cases (id, number, item_id, item_version, department_unit_id, \
             applicant_id, applicant_name_sealed, applicant_id_no_sealed, applicant_phone_sealed, \
             applicant_lookup, query_code_hash, status, state, snapshot_version, version, \
             accepting_unit_id, overdue_at, created_at, updated_at)",
        ),
        clocks: Batch::new(
            "INSERT INTO clocks (subject_type, subject_id, rule_id, unit_id, start_at, limit_text, \
             due_at, yellow_at, paused_since, pauses, extensions, light, status, concluded_at, \
             provisional, created_at, updated_at)",
        ),
        events: Batch::new(
            "INSERT INTO svc_case_events (case_id, at, kind, command, from_status, to_status, \
             actor_user_id, detail)",
        ),
    };
    let mut statements = Vec::new();
    let mut open = 0;
    let mut sent_rows = 0;
    let mut sent_cases = 0;
    for index in 0..n_cases {
        let offset = i64::try_from(index).unwrap_or(0);
        let id = first_id + offset;
        let created = first + offset * step + rng.below(step.max(1) as u64) as i64;
        // Popular items get more cases: a square skews picks towards the first items.
        let r = rng.unit();
        let item = items
            .get(((r * r) * items.len() as f64) as usize)
            .context("no item")?;
        let who = rng.below(APPLICANTS as u64) as usize;
        let applicant = applicants.get(who).context("no applicant")?;
        let lived = services_cases::live(&world, item, id, who as i64 + 1, created, &mut rng)?;
        if services_cases::is_open(lived.case.status) {
            open += 1;
        }
        let day = Instant::from_millis(created)
            .local_date()
            .format("%Y%m%d")
            .to_string();
        let sequence = sequences.entry(day.clone()).or_insert(0);
        *sequence += 1;
        let number = format!("SV{day}{sequence:06}");
        push_rows(
            &mut batches,
            &world,
            &rule,
            item,
            &number,
            &applicant.sealed_for(&key, backend, &number)?,
            &lived,
        )?;
        if batches.any_full() {
            batches.flush(&mut statements);
        }
        if (index + 1) % CASES_PER_TRANSACTION == 0 || index + 1 == n_cases {
            batches.flush(&mut statements);
            let rows = batches.rows();
            let chunk = Chunk {
                statements: std::mem::take(&mut statements),
                cases: index + 1 - sent_cases,
                rows: rows - sent_rows,
            };
            sent_rows = rows;
            sent_cases = index + 1;
            if send.blocking_send(chunk).is_err() {
                anyhow::bail!("写入线程已停止");
            }
        }
    }
    Ok((sequences, open))
}

/// Generates the cases of `items` and prints progress and the generation time.
pub async fn generate(
    db: &Db,
    key: &DataKey,
    items: Vec<PublishedItem>,
    n_cases: u64,
    now: i64,
) -> anyhow::Result<()> {
    let started = Stopwatch::now();
    let world = World {
        calendar: platform::workcal::load_current(db).await?,
        profile: platform::jurisdiction::require_current(db).await?.profile,
        now,
    };
    let producer = Producer {
        world,
        items: Arc::new(items),
        applicants: applicants(key)?,
        key: key.clone(),
        backend: db.backend,
        n_cases,
        first_id: 1,
    };
    println!("生成数据：{n_cases} 个办件，近 12 个月……");
    let (send, mut receive) = tokio::sync::mpsc::channel::<Chunk>(2);
    let worker = tokio::task::spawn_blocking(move || produce(producer, send));
    let (mut cases, mut rows) = (0u64, 0u64);
    let mut next_report = 100_000;
    while let Some(chunk) = receive.recv().await {
        let mut tx = db.begin().await?;
        for sql in chunk.statements {
            // Built only from generated numbers, sealed bytes, hashes and escaped JSON.
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut *tx)
                .await
                .context("批量写入办件失败")?;
        }
        tx.commit().await?;
        cases += chunk.cases;
        rows += chunk.rows;
        if cases >= next_report || cases == n_cases {
            next_report += 100_000;
            println!(
                "  {cases} / {n_cases} 个办件（{rows} 行，{:.0} 秒）",
                started.elapsed().as_secs_f64()
            );
        }
    }
    let (sequences, open) = worker.await??;
    let mut tx = db.begin().await?;
    for (day, last) in &sequences {
        sqlx::query(
            "INSERT INTO svc_case_number_seq (day, last_seq) VALUES ($1, $2) \
             ON CONFLICT (day) DO UPDATE SET last_seq = excluded.last_seq",
        )
        .bind(day)
        .bind(*last)
        .execute(&mut *tx)
        .await?;
    }
    if db.backend == Backend::Postgres {
        // Ids were given explicitly: the identity continues after them.
        sqlx::query(
            "SELECT setval(pg_get_serial_sequence('svc_cases', 'id'), \
             (SELECT MAX(id) FROM svc_cases))",
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    if db.backend == Backend::Postgres {
        // As autovacuum would after such a load (see the hotline bench).
        sqlx::query("VACUUM ANALYZE").execute(&db.pool).await?;
    }
    println!(
        "generation: {n_cases} cases ({open} open), {rows} rows in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
