//! `sharing_quality_reports` (migration 0069, DATA-QUALITY): quality problems reported by
//! consumers to providers and misuse reported by providers to the administrator.

use calendar::Instant;
use platform::Result;
use platform::db::{Db, Tx};
use sqlx::Row as _;

use super::unreadable;
use crate::UnitId;
use crate::quality::{Kind, Report, Status};

const SELECT: &str = "SELECT id, kind, entry_id, resource_no, grant_id, reporter_unit_id, \
                      handler_unit_id, description, status, answer, reported_at, due_at, \
                      closed_at FROM sharing_quality_reports";

fn from_row(row: &sqlx::any::AnyRow) -> Result<Report> {
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    Ok(Report {
        id: row.try_get("id")?,
        kind: Kind::parse(&kind).ok_or_else(|| unreadable("report kind", &kind))?,
        entry: row.try_get("entry_id")?,
        resource_no: row.try_get("resource_no")?,
        grant: row.try_get("grant_id")?,
        reporter: UnitId(row.try_get("reporter_unit_id")?),
        handler: row
            .try_get::<Option<i64>, _>("handler_unit_id")?
            .map(UnitId),
        description: row.try_get("description")?,
        status: Status::parse(&status).ok_or_else(|| unreadable("report status", &status))?,
        answer: row.try_get("answer")?,
        reported_at: Instant::from_millis(row.try_get("reported_at")?),
        due_at: Instant::from_millis(row.try_get("due_at")?),
        closed_at: row
            .try_get::<Option<i64>, _>("closed_at")?
            .map(Instant::from_millis),
    })
}

/// Stores a new report by `user`; returns its id.
pub async fn insert(tx: &mut Tx, report: &Report, user: i64) -> Result<i64> {
    let row = sqlx::query(
        "INSERT INTO sharing_quality_reports (kind, entry_id, resource_no, grant_id, \
         reporter_unit_id, reporter_user_id, handler_unit_id, description, status, answer, \
         reported_at, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', $10, $11) \
         RETURNING id",
    )
    .bind(report.kind.code())
    .bind(report.entry)
    .bind(report.resource_no)
    .bind(report.grant)
    .bind(report.reporter.0)
    .bind(user)
    .bind(report.handler.map(|u| u.0))
    .bind(report.description.clone())
    .bind(report.status.code())
    .bind(report.reported_at.millis())
    .bind(report.due_at.millis())
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.try_get("id")?)
}

/// Writes a report's status, answer and closing time.
pub async fn update(tx: &mut Tx, report: &Report) -> Result<()> {
    sqlx::query(
        "UPDATE sharing_quality_reports SET status = $1, answer = $2, closed_at = $3 \
         WHERE id = $4",
    )
    .bind(report.status.code())
    .bind(report.answer.clone())
    .bind(report.closed_at.map(Instant::millis))
    .bind(report.id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Report `id`, or not found.
pub async fn get(db: &Db, id: i64) -> Result<Report> {
    let sql = format!("{SELECT} WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| platform::Error::not_found("该报告"))?;
    from_row(&row)
}

/// The reports `unit` filed or handles (every report when `None`), newest first.
pub async fn list(db: &Db, unit: Option<UnitId>) -> Result<Vec<Report>> {
    let rows = match unit {
        Some(unit) => {
            let sql = format!(
                "{SELECT} WHERE reporter_unit_id = $1 OR handler_unit_id = $1 ORDER BY id DESC"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(unit.0)
                .fetch_all(&db.pool)
                .await?
        }
        None => {
            let sql = format!("{SELECT} ORDER BY id DESC");
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(&db.pool)
                .await?
        }
    };
    rows.iter().map(from_row).collect()
}
