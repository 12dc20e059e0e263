//! Emergency drills (SEC-DRILL; 000 网站 §21: 每年至少开展1次应急演练; 004 §33: 每年进行至少一次
//! 应急安全演练): a drill is planned with its date, scenario and the units taking part, then
//! recorded as held with its date, findings and follow-ups. A year meets the rule when at
//! least one drill was held in it ([`YearStatus::met`]); the pages warn while the current
//! year has none. The security administrator records; every change is audited.

use chrono::{Datelike as _, NaiveDate};
use sqlx::Row as _;

use super::{joined_names, linked_units, named_units, optional_text, required_text};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::db::{Db, Tx};
use crate::error::{Error, Result};

/// A drill as planned.
#[derive(Debug, Clone)]
pub struct NewDrill {
    pub planned_on: NaiveDate,
    /// What is rehearsed (演练场景), e.g. 门户网站被篡改.
    pub scenario: String,
    /// The units taking part; at least one.
    pub units: Vec<i64>,
}

/// What a drill that took place found.
#[derive(Debug, Clone)]
pub struct Held {
    /// Not after today.
    pub held_on: NaiveDate,
    pub findings: String,
    /// What is to be done about the findings; may be empty.
    pub follow_ups: String,
}

/// A stored drill.
#[derive(Debug, Clone)]
pub struct Drill {
    pub id: i64,
    pub planned_on: NaiveDate,
    pub scenario: String,
    pub units: Vec<(i64, String)>,
    pub held_on: Option<NaiveDate>,
    pub findings: Option<String>,
    pub follow_ups: Option<String>,
    pub recorded_by: Option<String>,
}

impl Drill {
    /// The year the drill counts for: when it was held, else when it is planned.
    pub fn year(&self) -> i32 {
        self.held_on.unwrap_or(self.planned_on).year()
    }
}

/// SEC-DRILL for one year: how many drills were held and how many are still planned in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearStatus {
    pub year: i32,
    pub n_held: i64,
    pub n_planned: i64,
}

impl YearStatus {
    /// SEC-DRILL: at least one drill a year.
    pub fn met(&self) -> bool {
        self.n_held > 0
    }
}

const SCENARIO_MAX: usize = 200;
const TEXT_MAX: usize = 2_000;

const UNITS_OF: &str = "SELECT n.id, n.name FROM security_drill_units l \
    JOIN units n ON n.id = l.unit_id WHERE l.drill_id = $1 ORDER BY n.path";

const SELECT: &str = "SELECT d.id, d.planned_on, d.scenario, d.held_on, d.findings, \
    d.follow_ups, u.display_name FROM security_drills d LEFT JOIN users u ON u.id = d.recorded_by";

fn date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| Error::Unexpected(anyhow::anyhow!("stored drill date {text:?}: {e}")))
}

fn drill_from_row(row: &sqlx::any::AnyRow, units: Vec<(i64, String)>) -> Result<Drill> {
    Ok(Drill {
        id: row.try_get("id")?,
        planned_on: date(&row.try_get::<String, _>("planned_on")?)?,
        scenario: row.try_get("scenario")?,
        units,
        held_on: row
            .try_get::<Option<String>, _>("held_on")?
            .as_deref()
            .map(date)
            .transpose()?,
        findings: row.try_get("findings")?,
        follow_ups: row.try_get("follow_ups")?,
        recorded_by: row.try_get("display_name")?,
    })
}

/// SEC-DRILL: plans a drill; audited with its date, scenario and units.
pub async fn plan(tx: &mut Tx, actor: &AuditActor, new: &NewDrill, now: i64) -> Result<i64> {
    let scenario = required_text("演练场景", &new.scenario, SCENARIO_MAX)?;
    if new.units.is_empty() {
        return Err(Error::invalid("请选择参加演练的单位"));
    }
    let units = named_units(tx, &new.units).await?;
    let planned_on = new.planned_on.format("%Y-%m-%d").to_string();
    let row = sqlx::query(
        "INSERT INTO security_drills (planned_on, scenario, recorded_by, recorded_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(&planned_on)
    .bind(&scenario)
    .bind(actor.user_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    for (unit_id, _) in &units {
        sqlx::query("INSERT INTO security_drill_units (drill_id, unit_id) VALUES ($1, $2)")
            .bind(id)
            .bind(unit_id)
            .execute(&mut **tx)
            .await?;
    }
    let detail = format!(
        "计划于 {planned_on}：{scenario}；参加单位：{}",
        joined_names(&units)
    );
    let event = AuditEvent::new("security.drill.plan", "security_drill", id).detail(detail);
    audit::record(tx, actor, event, now).await?;
    Ok(id)
}

/// SEC-DRILL: records that a planned drill was held, with its findings; audited. A drill is
/// recorded as held once; a date after today is refused.
pub async fn record_held(
    tx: &mut Tx,
    actor: &AuditActor,
    id: i64,
    held: &Held,
    now: i64,
) -> Result<()> {
    let findings = required_text("发现的问题", &held.findings, TEXT_MAX)?;
    let follow_ups = optional_text("整改措施", &held.follow_ups, TEXT_MAX)?;
    if held.held_on > super::local_date(now) {
        return Err(Error::invalid("实施日期不能晚于今天"));
    }
    let held_on = held.held_on.format("%Y-%m-%d").to_string();
    let row = sqlx::query("SELECT held_on FROM security_drills WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found("应急演练"))?;
    let already = || Error::InvalidTransition {
        from: "已实施".into(),
        command: "记录实施情况".into(),
    };
    if row.try_get::<Option<String>, _>("held_on")?.is_some() {
        return Err(already());
    }
    let updated = sqlx::query(
        "UPDATE security_drills SET held_on = $1, findings = $2, follow_ups = $3, updated_at = $4 \
         WHERE id = $5 AND held_on IS NULL",
    )
    .bind(&held_on)
    .bind(&findings)
    .bind(&follow_ups)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(already());
    }
    let event = AuditEvent::new("security.drill.held", "security_drill", id)
        .detail(format!("{held_on} 实施；发现的问题：{findings}"));
    audit::record(tx, actor, event, now).await?;
    Ok(())
}

/// One drill.
pub async fn get(db: &Db, id: i64) -> Result<Drill> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE d.id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found("应急演练"))?;
    let units = linked_units(&db.pool, UNITS_OF, id).await?;
    drill_from_row(&row, units)
}

/// The drills that count for a year ([`Drill::year`]), by date.
pub async fn list(db: &Db, year: i32) -> Result<Vec<Drill>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE COALESCE(d.held_on, d.planned_on) >= $1 \
         AND COALESCE(d.held_on, d.planned_on) <= $2 \
         ORDER BY COALESCE(d.held_on, d.planned_on), d.id"
    )))
    .bind(format!("{year:04}-01-01"))
    .bind(format!("{year:04}-12-31"))
    .fetch_all(&db.pool)
    .await?;
    let mut drills = Vec::with_capacity(rows.len());
    for row in &rows {
        let id: i64 = row.try_get("id")?;
        let units = linked_units(&db.pool, UNITS_OF, id).await?;
        drills.push(drill_from_row(row, units)?);
    }
    Ok(drills)
}

/// SEC-DRILL: how a year stands.
pub async fn year_status(db: &Db, year: i32) -> Result<YearStatus> {
    let row = sqlx::query(
        "SELECT \
         (SELECT COUNT(*) FROM security_drills WHERE held_on >= $1 AND held_on <= $2) AS n_held, \
         (SELECT COUNT(*) FROM security_drills WHERE held_on IS NULL \
            AND planned_on >= $1 AND planned_on <= $2) AS n_planned",
    )
    .bind(format!("{year:04}-01-01"))
    .bind(format!("{year:04}-12-31"))
    .fetch_one(&db.pool)
    .await?;
    Ok(YearStatus {
        year,
        n_held: row.try_get("n_held")?,
        n_planned: row.try_get("n_planned")?,
    })
}

/// SEC-DRILL per year, latest first: `current` and every year with a drill, back to the
/// earliest (at most ten years shown).
pub async fn years(db: &Db, current: i32) -> Result<Vec<YearStatus>> {
    let rows = sqlx::query(
        "SELECT DISTINCT SUBSTR(COALESCE(held_on, planned_on), 1, 4) AS y FROM security_drills",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut years = vec![current];
    for row in &rows {
        let text: String = row.try_get("y")?;
        if let Ok(year) = text.parse::<i32>()
            && !years.contains(&year)
        {
            years.push(year);
        }
    }
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.truncate(10);
    let mut statuses = Vec::with_capacity(years.len());
    for year in years {
        statuses.push(year_status(db, year).await?);
    }
    Ok(statuses)
}
