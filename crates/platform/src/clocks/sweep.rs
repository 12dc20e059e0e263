//! The light sweep and the supervision queries over the clock table (CAL-LIGHT,
//! OPS-ESUPERVISE).

use super::row::*;
use super::*;

/// Rules whose clock is a permission window, not an obligation: HL-RETURN (a unit may
/// return an order within 3 h of the dispatch). Past its due instant such a clock closes as
/// met; it never turns red and never counts as overdue.
pub const WINDOW_RULES: [&str; 1] = ["HL-RETURN"];

/// Closes the permission windows (`WINDOW_RULES`) whose due instant has passed.
pub async fn close_windows(db: &Db, now: Instant) -> Result<u64> {
    let placeholders: Vec<String> = (0..WINDOW_RULES.len())
        .map(|i| format!("${}", i + 2))
        .collect();
    let sql = format!(
        "UPDATE clocks SET status = 'met', concluded_at = due_at, light = 'green', updated_at = $1 \
         WHERE status = 'running' AND due_at < $1 AND rule_id IN ({})",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(now.millis());
    for rule in WINDOW_RULES {
        query = query.bind(rule);
    }
    Ok(query.execute(&db.pool).await?.rows_affected())
}

/// The sweep (CAL-LIGHT): running clocks whose stored light would change at `now` — green
/// past `yellow_at`, or not yet red past `due_at` — most urgent first, `batch` per
/// transaction. Each light is recomputed by `Clock::light` and written only when it differs
/// (and still is what was read), so a second run at the same `now` changes nothing. Returns
/// the changes, for the jobs that remind and escalate.
pub async fn refresh_lights(
    db: &Db,
    calendar: &Calendar,
    profile: &RuleProfile,
    now: Instant,
    batch: i64,
) -> Result<Vec<LightChange>> {
    close_windows(db, now).await?;
    let rule = light_rule(profile);
    let batch = batch.clamp(1, 10_000);
    let sql = format!(
        "SELECT {COLUMNS} FROM clocks WHERE status = 'running' \
         AND ((light = 'green' AND yellow_at <= $1) OR (light <> 'red' AND due_at < $1)) \
         AND (due_at > $2 OR (due_at = $2 AND id > $3)) \
         ORDER BY due_at, id LIMIT $4"
    );
    let mut changes = Vec::new();
    let (mut after_due, mut after_id) = (i64::MIN, 0i64);
    loop {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
            .bind(now.millis())
            .bind(after_due)
            .bind(after_id)
            .bind(batch)
            .fetch_all(&db.pool)
            .await?;
        let n_rows = rows.len();
        let mut tx = db.begin().await?;
        for row in &rows {
            let stored = clock_from_row(row)?;
            (after_due, after_id) = (stored.due_at.millis(), stored.id);
            let light = stored.clock.light(calendar, now, &rule);
            let yellow_at = yellow_instant(&stored.clock, calendar, &rule, stored.due_at);
            let written = sqlx::query(
                "UPDATE clocks SET light = $1, yellow_at = $2, updated_at = $3 \
                 WHERE id = $4 AND status = 'running' AND light = $5",
            )
            .bind(light.code())
            .bind(yellow_at.millis())
            .bind(now.millis())
            .bind(stored.id)
            .bind(stored.light.code())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if written == 1 && light != stored.light {
                changes.push(LightChange {
                    clock_id: stored.id,
                    subject_type: stored.subject_type,
                    subject_id: stored.subject_id,
                    rule_id: stored.rule_id,
                    unit_id: stored.unit_id,
                    from: stored.light,
                    to: light,
                    due_at: stored.due_at,
                });
            }
        }
        tx.commit().await?;
        if i64::try_from(n_rows).unwrap_or(0) < batch {
            break;
        }
    }
    if !changes.is_empty() {
        tracing::info!(n_changed = changes.len(), "clock lights refreshed");
    }
    Ok(changes)
}

/// Recomputes the open clocks marked provisional after the calendar changed (a year was
/// imported or a day edited): due, yellow instant, light and the provisional flag. Returns
/// how many were rewritten.
pub async fn recompute_provisional(
    db: &Db,
    calendar: &Calendar,
    profile: &RuleProfile,
    now: Instant,
) -> Result<u64> {
    let rule = light_rule(profile);
    let sql = format!(
        "SELECT {COLUMNS} FROM clocks WHERE provisional = 1 AND status IN ('running', 'paused') \
         ORDER BY due_at, id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&db.pool)
        .await?;
    let mut tx = db.begin().await?;
    let mut rewritten = 0;
    for row in &rows {
        let stored = clock_from_row(row)?;
        let derived = derive(&stored.clock, calendar, &rule, now);
        store(
            &mut tx,
            &stored,
            &stored.clock,
            stored.status,
            &derived,
            None,
            now,
        )
        .await?;
        rewritten += 1;
    }
    tx.commit().await?;
    Ok(rewritten)
}

/// Open clocks whose stored light is red (overdue), of one unit or all, most overdue first.
pub async fn overdue(db: &Db, unit_id: Option<i64>) -> Result<Vec<StoredClock>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM clocks WHERE status IN ('running', 'paused') AND light = 'red' \
         AND ($1 = 0 OR unit_id = $1) ORDER BY due_at, id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(unit_id.unwrap_or(0))
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(clock_from_row).collect()
}

/// Every clock of one subject, oldest first.
pub async fn by_subject(db: &Db, subject_type: &str, subject_id: &str) -> Result<Vec<StoredClock>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM clocks WHERE subject_type = $1 AND subject_id = $2 ORDER BY id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(subject_type)
        .bind(subject_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(clock_from_row).collect()
}
