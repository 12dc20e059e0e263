//! `openness_evaluators`, `openness_evaluations`, `openness_evaluation_sheets` and
//! `openness_evaluation_units` (migration 0080, PUB-EVAL): the evaluators' register, a year's
//! evaluation of an office, the sheets and what the office records of a unit's result. A
//! submitted sheet is refused on update here (the `WHERE submitted_at IS NULL` of every write)
//! and by the table's trigger underneath.

use calendar::Instant;
use chrono::NaiveDate;
use platform::db::{Db, Tx};
use platform::{Error, Result};
use sqlx::Row as _;

use super::unreadable;
use crate::evaluation::{Evaluation, EvaluationId, Evaluator, EvaluatorId, Rating, Sheet, SheetId};
use crate::{UnitId, UserId};

/// The message of a write on a submitted sheet (PUB-EVAL, 002 社会评议 §13(二)).
pub const LOCKED: &str = "该评议表已提交，提交后不得修改（严禁篡改评议数据）";

fn date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| unreadable("evaluation date", e))
}

fn evaluator_of(row: &sqlx::any::AnyRow) -> Result<Evaluator> {
    Ok(Evaluator {
        id: EvaluatorId(row.try_get("id")?),
        office: UnitId(row.try_get("office_unit_id")?),
        name: row.try_get("name")?,
        origin: row.try_get("origin")?,
        term_from: date(&row.try_get::<String, _>("term_from")?)?,
        term_until: date(&row.try_get::<String, _>("term_until")?)?,
    })
}

const EVALUATOR: &str = "SELECT id, office_unit_id, name, origin, term_from, term_until \
                         FROM openness_evaluators";

/// Inserts `evaluator`; its id from the table.
pub async fn insert_evaluator(
    tx: &mut Tx,
    evaluator: &mut Evaluator,
    by: UserId,
    now: i64,
) -> Result<()> {
    let row = sqlx::query(
        "INSERT INTO openness_evaluators (office_unit_id, name, origin, term_from, term_until, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(evaluator.office.0)
    .bind(&evaluator.name)
    .bind(&evaluator.origin)
    .bind(evaluator.term_from.to_string())
    .bind(evaluator.term_until.to_string())
    .bind(by.0)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    evaluator.id = EvaluatorId(row.try_get("id")?);
    Ok(())
}

/// The evaluators `office` appointed, latest term first.
pub async fn evaluators(db: &Db, office: UnitId) -> Result<Vec<Evaluator>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{EVALUATOR} WHERE office_unit_id = $1 ORDER BY term_until DESC, id DESC"
    )))
    .bind(office.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(evaluator_of).collect()
}

pub async fn evaluator_in(tx: &mut Tx, id: EvaluatorId) -> Result<Option<Evaluator>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{EVALUATOR} WHERE id = $1")))
        .bind(id.0)
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(evaluator_of).transpose()
}

fn evaluation_of(row: &sqlx::any::AnyRow) -> Result<Evaluation> {
    Ok(Evaluation {
        id: EvaluationId(row.try_get("id")?),
        office: UnitId(row.try_get("office_unit_id")?),
        year: i32::try_from(row.try_get::<i64, _>("year")?)
            .map_err(|e| unreadable("evaluation year", e))?,
        opened_by: UserId(row.try_get("opened_by")?),
        opened_at: Instant::from_millis(row.try_get("opened_at")?),
        published_at: row
            .try_get::<Option<i64>, _>("published_at")?
            .map(Instant::from_millis),
    })
}

const EVALUATION: &str = "SELECT id, office_unit_id, year, opened_by, opened_at, published_at \
                          FROM openness_evaluations";

/// Inserts `evaluation`; its id from the table.
pub async fn insert_evaluation(tx: &mut Tx, evaluation: &mut Evaluation) -> Result<()> {
    let row = sqlx::query(
        "INSERT INTO openness_evaluations (office_unit_id, year, opened_by, opened_at) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(evaluation.office.0)
    .bind(i64::from(evaluation.year))
    .bind(evaluation.opened_by.0)
    .bind(evaluation.opened_at.millis())
    .fetch_one(&mut **tx)
    .await?;
    evaluation.id = EvaluationId(row.try_get("id")?);
    Ok(())
}

/// The evaluation of `year` by `office`, if opened.
pub async fn evaluation_in(tx: &mut Tx, office: UnitId, year: i32) -> Result<Option<Evaluation>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{EVALUATION} WHERE office_unit_id = $1 AND year = $2"
    )))
    .bind(office.0)
    .bind(i64::from(year))
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(evaluation_of).transpose()
}

/// The evaluations of `office` (every one with `None`: every office's), latest year first.
pub async fn evaluations(db: &Db, office: Option<UnitId>) -> Result<Vec<Evaluation>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{EVALUATION} WHERE office_unit_id = $1 OR $1 = 0 ORDER BY year DESC, id DESC"
    )))
    .bind(office.map_or(0, |o| o.0))
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(evaluation_of).collect()
}

/// Marks the evaluation published; false when it already was.
pub async fn publish(tx: &mut Tx, id: EvaluationId, now: i64) -> Result<bool> {
    let changed = sqlx::query(
        "UPDATE openness_evaluations SET published_at = $1 WHERE id = $2 \
         AND published_at IS NULL",
    )
    .bind(now)
    .bind(id.0)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

fn sheet_of(row: &sqlx::any::AnyRow) -> Result<Sheet> {
    let rating: String = row.try_get("rating")?;
    Ok(Sheet {
        id: SheetId(row.try_get("id")?),
        evaluation: EvaluationId(row.try_get("evaluation_id")?),
        evaluator: EvaluatorId(row.try_get("evaluator_id")?),
        unit: UnitId(row.try_get("unit_id")?),
        rating: Rating::from_code(&rating).ok_or_else(|| unreadable("rating", &rating))?,
        remark: row.try_get("remark")?,
        entered_by: UserId(row.try_get("entered_by")?),
        submitted_at: row
            .try_get::<Option<i64>, _>("submitted_at")?
            .map(Instant::from_millis),
    })
}

const SHEET: &str = "SELECT id, evaluation_id, evaluator_id, unit_id, rating, remark, \
                     entered_by, submitted_at FROM openness_evaluation_sheets";

/// The sheet of `evaluator` on `unit` in `evaluation`, if entered.
pub async fn sheet_in(
    tx: &mut Tx,
    evaluation: EvaluationId,
    evaluator: EvaluatorId,
    unit: UnitId,
) -> Result<Option<Sheet>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SHEET} WHERE evaluation_id = $1 AND evaluator_id = $2 AND unit_id = $3"
    )))
    .bind(evaluation.0)
    .bind(evaluator.0)
    .bind(unit.0)
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(sheet_of).transpose()
}

/// The sheets of `evaluation`, drafts included, by unit and evaluator.
pub async fn sheets(db: &Db, evaluation: EvaluationId) -> Result<Vec<Sheet>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SHEET} WHERE evaluation_id = $1 ORDER BY unit_id, evaluator_id"
    )))
    .bind(evaluation.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(sheet_of).collect()
}

/// Stores `sheet`: a new one is inserted (its id from the table), an existing one updated —
/// PUB-EVAL: only while not submitted; a submitted one is refused ([`LOCKED`]) and nothing
/// changes. `sheet.submitted_at` set submits it with this write.
pub async fn save_sheet(tx: &mut Tx, sheet: &mut Sheet, now: i64) -> Result<()> {
    let submitted = sheet.submitted_at.map(|at| at.millis());
    if sheet.id.0 == 0 {
        let row = sqlx::query(
            "INSERT INTO openness_evaluation_sheets (evaluation_id, evaluator_id, unit_id, \
             rating, remark, entered_by, updated_at, submitted_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(sheet.evaluation.0)
        .bind(sheet.evaluator.0)
        .bind(sheet.unit.0)
        .bind(sheet.rating.code())
        .bind(&sheet.remark)
        .bind(sheet.entered_by.0)
        .bind(now)
        .bind(submitted)
        .fetch_one(&mut **tx)
        .await?;
        sheet.id = SheetId(row.try_get("id")?);
        return Ok(());
    }
    let changed = sqlx::query(
        "UPDATE openness_evaluation_sheets SET rating = $1, remark = $2, entered_by = $3, \
         updated_at = $4, submitted_at = $5 WHERE id = $6 AND submitted_at IS NULL",
    )
    .bind(sheet.rating.code())
    .bind(&sheet.remark)
    .bind(sheet.entered_by.0)
    .bind(now)
    .bind(submitted)
    .bind(sheet.id.0)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(Error::Refused(LOCKED.to_owned()));
    }
    Ok(())
}

/// What the office recorded of a unit's result (PUB-EVAL: 约谈, the accountability case).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitRecord {
    pub interviewed_on: Option<NaiveDate>,
    pub interview_note: String,
    pub case: Option<i64>,
}

/// The records of `evaluation` by unit.
pub async fn unit_records(db: &Db, evaluation: EvaluationId) -> Result<Vec<(UnitId, UnitRecord)>> {
    let rows = sqlx::query(
        "SELECT unit_id, interviewed_on, interview_note, case_id FROM openness_evaluation_units \
         WHERE evaluation_id = $1 ORDER BY unit_id",
    )
    .bind(evaluation.0)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let on: Option<String> = row.try_get("interviewed_on")?;
            Ok((
                UnitId(row.try_get("unit_id")?),
                UnitRecord {
                    interviewed_on: on.as_deref().map(date).transpose()?,
                    interview_note: row.try_get("interview_note")?,
                    case: row.try_get("case_id")?,
                },
            ))
        })
        .collect()
}

/// Records the interview of the unit's head (约谈).
pub async fn record_interview(
    tx: &mut Tx,
    evaluation: EvaluationId,
    unit: UnitId,
    on: NaiveDate,
    note: &str,
    by: UserId,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO openness_evaluation_units (evaluation_id, unit_id, interviewed_on, \
         interview_note, interviewed_by) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (evaluation_id, unit_id) DO UPDATE SET interviewed_on = $3, \
         interview_note = $4, interviewed_by = $5",
    )
    .bind(evaluation.0)
    .bind(unit.0)
    .bind(on.to_string())
    .bind(note)
    .bind(by.0)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records the accountability case opened on the unit's result.
pub async fn record_case(
    tx: &mut Tx,
    evaluation: EvaluationId,
    unit: UnitId,
    case: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO openness_evaluation_units (evaluation_id, unit_id, case_id) \
         VALUES ($1, $2, $3) ON CONFLICT (evaluation_id, unit_id) DO UPDATE SET case_id = $3",
    )
    .bind(evaluation.0)
    .bind(unit.0)
    .bind(case)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
