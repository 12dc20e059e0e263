//! Storage of supervision (migration 0007): supervision rows and accountability events, each
//! written once per dedupe key (`ON CONFLICT DO NOTHING`), and the supervisor's queries. SQL
//! is written once for both backends. Nothing here reads the appellant's identity.

use calendar::{Instant, Light};
use platform::Result;
use platform::db::{Db, Tx};
use platform::workflow::{self, LIGHT_COUNTS_SQL, counters};
use sqlx::Row as _;

use super::{level_from_code, trigger_label};
use crate::AppealId;
use crate::account::AccountKind;
use crate::store::CLOCK_SUBJECT;
use crate::supervise::SupervisionLevel;

/// A supervision row to insert.
pub(super) struct NewSupervision<'a> {
    pub order_id: AppealId,
    pub unit_id: Option<i64>,
    pub trigger: &'a str,
    pub level: SupervisionLevel,
    pub clock_id: Option<i64>,
    pub opened_by: Option<i64>,
    pub note: &'a str,
    pub dedupe_key: &'a str,
}

/// Inserts a supervision unless its dedupe key exists; `true` when inserted.
pub(super) async fn insert_supervision(
    tx: &mut Tx,
    new: &NewSupervision<'_>,
    now: Instant,
) -> Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO hotline_supervisions (order_id, unit_id, trigger, level, clock_id, opened_at, \
         opened_by, note, closed_at, dedupe_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9) \
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(new.order_id.0)
    .bind(new.unit_id)
    .bind(new.trigger)
    .bind(super::level_code(new.level))
    .bind(new.clock_id)
    .bind(now.millis())
    .bind(new.opened_by)
    .bind(new.note)
    .bind(new.dedupe_key)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// An accountability event to insert.
pub(crate) struct NewAccountability<'a> {
    pub unit_id: i64,
    pub order_id: Option<AppealId>,
    pub kind: AccountKind,
    pub recorded_by: Option<i64>,
    pub note: &'a str,
    pub dedupe_key: &'a str,
}

/// Inserts an accountability event unless its dedupe key exists; its id when inserted.
pub(crate) async fn insert_accountability(
    tx: &mut Tx,
    new: &NewAccountability<'_>,
    now: Instant,
) -> Result<Option<i64>> {
    let row = sqlx::query(
        "INSERT INTO hotline_accountability (unit_id, order_id, kind, recorded_at, recorded_by, \
         note, dedupe_key) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
    )
    .bind(new.unit_id)
    .bind(new.order_id.map(|id| id.0))
    .bind(new.kind.code())
    .bind(now.millis())
    .bind(new.recorded_by)
    .bind(new.note)
    .bind(new.dedupe_key)
    .fetch_optional(&mut **tx)
    .await?;
    let id = row.map(|row| row.try_get::<i64, _>("id")).transpose()?;
    if id.is_some() {
        // HL-ACCOUNT, issue 11: the unit's `accountability` counter, in the same transaction.
        let day = counters::day_of(now);
        counters::add(
            tx,
            CLOCK_SUBJECT,
            new.unit_id,
            day,
            counters::ACCOUNTABILITY,
            1,
        )
        .await?;
    }
    Ok(id)
}

/// The `accountability` counters rebuilt from the accountability events (HL-ACCOUNT), for
/// `counters rebuild`.
pub async fn count_accountability(tx: &mut Tx, build: &mut counters::Rebuild) -> Result<()> {
    let day = counters::local_day_sql("recorded_at");
    let sql = format!(
        "SELECT unit_id, {day} AS day, COUNT(*) AS n FROM hotline_accountability \
         GROUP BY unit_id, {day}"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut **tx)
        .await?;
    build.add_rows(CLOCK_SUBJECT, counters::ACCOUNTABILITY, &rows)
}

/// The order's public number (never the appellant).
pub(super) async fn order_number(db: &Db, order_id: AppealId) -> Result<String> {
    let row = sqlx::query("SELECT number FROM hotline_appeals WHERE id = $1")
        .bind(order_id.0)
        .fetch_optional(&db.pool)
        .await?;
    Ok(match row {
        Some(row) => row.try_get("number")?,
        None => order_id.to_string(),
    })
}

/// Closes the open supervisions whose clock has concluded (met, breached or cancelled).
pub(super) async fn close_concluded(db: &Db, now: Instant) -> Result<u64> {
    Ok(sqlx::query(
        "UPDATE hotline_supervisions SET closed_at = $1 WHERE closed_at IS NULL \
         AND clock_id IN (SELECT id FROM clocks WHERE status IN ('met', 'breached', 'cancelled'))",
    )
    .bind(now.millis())
    .execute(&db.pool)
    .await?
    .rows_affected())
}

/// An open supervision, as the supervisor sees it.
#[derive(Debug, Clone)]
pub struct OpenSupervision {
    pub id: i64,
    pub order_id: AppealId,
    pub number: String,
    pub unit_id: Option<i64>,
    pub unit_name: String,
    pub trigger: String,
    pub trigger_label: &'static str,
    pub level: SupervisionLevel,
    pub opened_at: Instant,
    /// `None`: opened by the scan.
    pub opened_by: Option<i64>,
    pub note: String,
}

/// OPS-ESUPERVISE: the open supervisions, of one unit or all, highest level then oldest first.
pub async fn open_supervisions(db: &Db, unit: Option<i64>) -> Result<Vec<OpenSupervision>> {
    let rows = sqlx::query(
        "SELECT s.id, s.order_id, a.number, s.unit_id, COALESCE(u.name, '') AS unit_name, \
         s.trigger, s.level, s.opened_at, s.opened_by, s.note \
         FROM hotline_supervisions s JOIN hotline_appeals a ON a.id = s.order_id \
         LEFT JOIN units u ON u.id = s.unit_id \
         WHERE s.closed_at IS NULL AND ($1 = 0 OR s.unit_id = $1) \
         ORDER BY s.opened_at, s.id LIMIT 1000",
    )
    .bind(unit.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?;
    let mut found = rows
        .iter()
        .map(|row| {
            let trigger: String = row.try_get("trigger")?;
            let level: String = row.try_get("level")?;
            Ok(OpenSupervision {
                id: row.try_get("id")?,
                order_id: AppealId(row.try_get("order_id")?),
                number: row.try_get("number")?,
                unit_id: row.try_get("unit_id")?,
                unit_name: row.try_get("unit_name")?,
                trigger_label: trigger_label(&trigger),
                trigger,
                level: level_from_code(&level)?,
                opened_at: Instant::from_millis(row.try_get("opened_at")?),
                opened_by: row.try_get("opened_by")?,
                note: row.try_get("note")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    found.sort_by(|a, b| b.level.cmp(&a.level).then(a.opened_at.cmp(&b.opened_at)));
    Ok(found)
}

/// One running (or paused) 12345 clock with its light at `now`.
#[derive(Debug, Clone)]
pub struct RunningClock {
    pub clock_id: i64,
    pub order_id: AppealId,
    pub number: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub rule_id: String,
    pub due_at: Instant,
    pub light: Light,
    pub paused: bool,
}

/// OPS-ESUPERVISE: every open 12345 clock (subject `order`), of one unit or all, most urgent
/// first, at most `limit`, with the order number and the unit — never the appellant.
pub async fn running_order_clocks(
    db: &Db,
    now: Instant,
    unit: Option<i64>,
    limit: i64,
) -> Result<Vec<RunningClock>> {
    let rows = sqlx::query(
        "SELECT c.id, c.subject_id, a.number, c.unit_id, u.name AS unit_name, c.rule_id, \
         c.due_at, c.yellow_at, c.light, c.status \
         FROM clocks c JOIN units u ON u.id = c.unit_id \
         JOIN hotline_appeals a ON a.id = CAST(c.subject_id AS BIGINT) \
         WHERE c.subject_type = 'order' AND c.status IN ('running', 'paused') \
         AND ($1 = 0 OR c.unit_id = $1) ORDER BY c.due_at, c.id LIMIT $2",
    )
    .bind(unit.unwrap_or(0))
    .bind(limit.clamp(1, 10_000))
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let status: String = row.try_get("status")?;
            let stored: String = row.try_get("light")?;
            let due_at: i64 = row.try_get("due_at")?;
            let subject: String = row.try_get("subject_id")?;
            Ok(RunningClock {
                clock_id: row.try_get("id")?,
                order_id: AppealId(
                    subject
                        .parse()
                        .map_err(|e| crate::store::unreadable("clock subject", e))?,
                ),
                number: row.try_get("number")?,
                unit_id: row.try_get("unit_id")?,
                unit_name: row.try_get("unit_name")?,
                rule_id: row.try_get("rule_id")?,
                due_at: Instant::from_millis(due_at),
                light: workflow::live_light_of_row(
                    &status,
                    &stored,
                    due_at,
                    row.try_get("yellow_at")?,
                    now,
                )?,
                paused: status == "paused",
            })
        })
        .collect()
}

/// Red, yellow and green counts of one unit's open 12345 clocks.
#[derive(Debug, Clone, Default)]
pub struct UnitLights {
    pub unit_id: i64,
    pub unit_name: String,
    pub red: i64,
    pub yellow: i64,
    pub green: i64,
}

/// OPS-ESUPERVISE: per unit, how many open 12345 clocks are red, yellow and green at `now`.
pub async fn lights_by_unit(db: &Db, now: Instant) -> Result<Vec<UnitLights>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT c.unit_id, u.name AS unit_name, {LIGHT_COUNTS_SQL}, COUNT(*) AS n \
             FROM clocks c JOIN units u ON u.id = c.unit_id \
             WHERE c.subject_type = 'order' AND c.status IN ('running', 'paused') \
             GROUP BY c.unit_id, u.name ORDER BY red DESC, yellow DESC, c.unit_id"
    )))
    .bind(now.millis())
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let red: i64 = row.try_get("red")?;
            let yellow: i64 = row.try_get("yellow")?;
            let n: i64 = row.try_get("n")?;
            Ok(UnitLights {
                unit_id: row.try_get("unit_id")?,
                unit_name: row.try_get("unit_name")?,
                red,
                yellow,
                green: n - red - yellow,
            })
        })
        .collect()
}

/// Accountability events of one unit and kind in a period (HL-ACCOUNT, OPS-ASSESS).
#[derive(Debug, Clone)]
pub struct AccountabilityCount {
    pub unit_id: i64,
    pub unit_name: String,
    pub kind: AccountKind,
    pub n: i64,
}

fn kind_from_code(code: &str) -> Result<AccountKind> {
    AccountKind::ALL
        .into_iter()
        .find(|kind| kind.code() == code)
        .ok_or_else(|| crate::store::unreadable("accountability kind", code))
}

/// HL-ACCOUNT: events per unit and kind recorded in `[from, until)`, for the annual assessment.
pub async fn accountability_by_unit(
    db: &Db,
    from: Instant,
    until: Instant,
) -> Result<Vec<AccountabilityCount>> {
    let rows = sqlx::query(
        "SELECT e.unit_id, u.name AS unit_name, e.kind, COUNT(*) AS n \
         FROM hotline_accountability e JOIN units u ON u.id = e.unit_id \
         WHERE e.recorded_at >= $1 AND e.recorded_at < $2 \
         GROUP BY e.unit_id, u.name, e.kind ORDER BY e.unit_id, e.kind",
    )
    .bind(from.millis())
    .bind(until.millis())
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            Ok(AccountabilityCount {
                unit_id: row.try_get("unit_id")?,
                unit_name: row.try_get("unit_name")?,
                kind: kind_from_code(&kind)?,
                n: row.try_get("n")?,
            })
        })
        .collect()
}

/// One accountability event.
#[derive(Debug, Clone)]
pub struct AccountabilityEvent {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub order_id: Option<AppealId>,
    pub number: Option<String>,
    pub kind: AccountKind,
    pub recorded_at: Instant,
    /// `None`: recorded by the scan.
    pub recorded_by: Option<i64>,
    pub note: String,
}

/// HL-ACCOUNT: the latest accountability events, newest first.
pub async fn recent_accountability(db: &Db, limit: i64) -> Result<Vec<AccountabilityEvent>> {
    let rows = sqlx::query(
        "SELECT e.id, e.unit_id, u.name AS unit_name, e.order_id, a.number, e.kind, \
         e.recorded_at, e.recorded_by, e.note \
         FROM hotline_accountability e JOIN units u ON u.id = e.unit_id \
         LEFT JOIN hotline_appeals a ON a.id = e.order_id \
         ORDER BY e.recorded_at DESC, e.id DESC LIMIT $1",
    )
    .bind(limit.clamp(1, 10_000))
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            Ok(AccountabilityEvent {
                id: row.try_get("id")?,
                unit_id: row.try_get("unit_id")?,
                unit_name: row.try_get("unit_name")?,
                order_id: row.try_get::<Option<i64>, _>("order_id")?.map(AppealId),
                number: row.try_get("number")?,
                kind: kind_from_code(&kind)?,
                recorded_at: Instant::from_millis(row.try_get("recorded_at")?),
                recorded_by: row.try_get("recorded_by")?,
                note: row.try_get("note")?,
            })
        })
        .collect()
}
