//! An account's file (SEC-ACCOUNTS as amended): its training records (培训记录; 001 §22:
//! 调整后的人员须经过培训，方能上岗 — an account is opened only with one, see
//! [`super::open`]) and, for the hotline's roles, its confidentiality agreement (保密协议;
//! 000 §12345-21: 各方应签订保密协议 — such a role is granted only with one). The system
//! administrator, who opens accounts, records them; each is audited.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::Row as _;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::db::{Db, Tx};
use crate::error::{Error, Result};
use crate::roles::Role;
use crate::security::{local_date, parse_date, required_text};

/// A training the person took before the account is opened (or later).
#[derive(Debug, Clone)]
pub struct Training {
    pub course: String,
    pub trained_on: NaiveDate,
    pub trainer: String,
}

/// A signed confidentiality agreement.
#[derive(Debug, Clone)]
pub struct Agreement {
    pub signed_on: NaiveDate,
    /// The signed paper's reference (文号 or archive number).
    pub document_ref: String,
}

impl Training {
    /// A training as a form gives it. SEC-ACCOUNTS: an account is opened only after recorded
    /// training, so a form without one is refused with what to fill in.
    pub fn parse(course: &str, trained_on: &str, trainer: &str) -> Result<Training> {
        if [course, trained_on, trainer]
            .iter()
            .all(|text| text.trim().is_empty())
        {
            return Err(Error::invalid(
                "开设账号前须登记岗前培训：请填写培训课程、培训日期和培训人",
            ));
        }
        Ok(Training {
            course: required_text("培训课程", course, COURSE_MAX)?,
            trained_on: parse_date("培训日期", trained_on)?,
            trainer: required_text("培训人（授课人或组织单位）", trainer, TRAINER_MAX)?,
        })
    }
}

impl Agreement {
    /// An agreement as a form gives it, or `None` when both fields are empty.
    pub fn parse_optional(signed_on: &str, document_ref: &str) -> Result<Option<Agreement>> {
        if signed_on.trim().is_empty() && document_ref.trim().is_empty() {
            return Ok(None);
        }
        Agreement::parse(signed_on, document_ref).map(Some)
    }

    /// An agreement as a form gives it.
    pub fn parse(signed_on: &str, document_ref: &str) -> Result<Agreement> {
        Ok(Agreement {
            signed_on: parse_date("保密协议签订日期", signed_on)?,
            document_ref: required_text("保密协议编号", document_ref, DOCUMENT_REF_MAX)?,
        })
    }
}

const COURSE_MAX: usize = 100;
const TRAINER_MAX: usize = 50;
const DOCUMENT_REF_MAX: usize = 100;

/// A stored training record.
#[derive(Debug, Clone)]
pub struct TrainingRecord {
    pub course: String,
    pub trained_on: String,
    pub trainer: String,
    pub recorded_by: Option<String>,
    pub recorded_at: i64,
}

/// A stored agreement.
#[derive(Debug, Clone)]
pub struct AgreementRecord {
    pub signed_on: String,
    pub document_ref: String,
    pub recorded_by: Option<String>,
    pub recorded_at: i64,
}

/// What the account list shows of every account's file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FileSummary {
    pub n_trainings: i64,
    pub has_agreement: bool,
}

/// SEC-ACCOUNTS: the refusal when a hotline role would be granted without an agreement.
pub(crate) fn agreement_missing(role: Role) -> Error {
    Error::invalid(format!(
        "{}须先签订保密协议：请先登记保密协议（签订日期、协议编号）再授予该角色",
        role.label_zh()
    ))
}

async fn check_account(tx: &mut Tx, user_id: i64) -> Result<()> {
    sqlx::query("SELECT id FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found("账号"))?;
    Ok(())
}

/// SEC-ACCOUNTS: records a training of the account; audited. The date may not be after today.
pub async fn record_training(
    tx: &mut Tx,
    actor: &AuditActor,
    user_id: i64,
    training: &Training,
    now: i64,
) -> Result<()> {
    let course = required_text("培训课程", &training.course, COURSE_MAX)?;
    let trainer = required_text("培训人（授课人或组织单位）", &training.trainer, TRAINER_MAX)?;
    if training.trained_on > local_date(now) {
        return Err(Error::invalid("培训日期不能晚于今天：须先培训，后开设账号"));
    }
    check_account(tx, user_id).await?;
    let trained_on = training.trained_on.format("%Y-%m-%d").to_string();
    sqlx::query(
        "INSERT INTO account_trainings (user_id, course, trained_on, trainer, recorded_by, \
         recorded_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(user_id)
    .bind(&course)
    .bind(&trained_on)
    .bind(&trainer)
    .bind(actor.user_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let event = AuditEvent::new("user.training", "user", user_id)
        .detail(format!("{trained_on} {course}（{trainer}）"));
    audit::record(tx, actor, event, now).await?;
    Ok(())
}

/// SEC-ACCOUNTS: records the account's signed confidentiality agreement; audited. The date
/// may not be after today.
pub async fn record_agreement(
    tx: &mut Tx,
    actor: &AuditActor,
    user_id: i64,
    agreement: &Agreement,
    now: i64,
) -> Result<()> {
    let document_ref = required_text("保密协议编号", &agreement.document_ref, DOCUMENT_REF_MAX)?;
    if agreement.signed_on > local_date(now) {
        return Err(Error::invalid("保密协议签订日期不能晚于今天"));
    }
    check_account(tx, user_id).await?;
    let signed_on = agreement.signed_on.format("%Y-%m-%d").to_string();
    sqlx::query(
        "INSERT INTO account_agreements (user_id, signed_on, document_ref, recorded_by, \
         recorded_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(&signed_on)
    .bind(&document_ref)
    .bind(actor.user_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let event = AuditEvent::new("user.agreement", "user", user_id)
        .detail(format!("{signed_on} 签订保密协议 {document_ref}"));
    audit::record(tx, actor, event, now).await?;
    Ok(())
}

/// Whether the account has a recorded confidentiality agreement.
pub(crate) async fn has_agreement(tx: &mut Tx, user_id: i64) -> Result<bool> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM account_agreements WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

/// An account's training records, latest first.
pub async fn trainings(db: &Db, user_id: i64) -> Result<Vec<TrainingRecord>> {
    let rows = sqlx::query(
        "SELECT t.course, t.trained_on, t.trainer, t.recorded_at, u.display_name \
         FROM account_trainings t LEFT JOIN users u ON u.id = t.recorded_by \
         WHERE t.user_id = $1 ORDER BY t.trained_on DESC, t.id DESC",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(TrainingRecord {
                course: row.try_get("course")?,
                trained_on: row.try_get("trained_on")?,
                trainer: row.try_get("trainer")?,
                recorded_by: row.try_get("display_name")?,
                recorded_at: row.try_get("recorded_at")?,
            })
        })
        .collect()
}

/// An account's agreements, latest first.
pub async fn agreements(db: &Db, user_id: i64) -> Result<Vec<AgreementRecord>> {
    let rows = sqlx::query(
        "SELECT a.signed_on, a.document_ref, a.recorded_at, u.display_name \
         FROM account_agreements a LEFT JOIN users u ON u.id = a.recorded_by \
         WHERE a.user_id = $1 ORDER BY a.signed_on DESC, a.id DESC",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(AgreementRecord {
                signed_on: row.try_get("signed_on")?,
                document_ref: row.try_get("document_ref")?,
                recorded_by: row.try_get("display_name")?,
                recorded_at: row.try_get("recorded_at")?,
            })
        })
        .collect()
}

/// Every account's file in short, by account id (accounts with nothing recorded are absent).
pub async fn summaries(db: &Db) -> Result<HashMap<i64, FileSummary>> {
    let rows = sqlx::query(
        "SELECT u.id, \
         (SELECT COUNT(*) FROM account_trainings t WHERE t.user_id = u.id) AS n_trainings, \
         (SELECT COUNT(*) FROM account_agreements a WHERE a.user_id = u.id) AS n_agreements \
         FROM users u",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut summaries = HashMap::with_capacity(rows.len());
    for row in &rows {
        let summary = FileSummary {
            n_trainings: row.try_get("n_trainings")?,
            has_agreement: row.try_get::<i64, _>("n_agreements")? > 0,
        };
        if summary != FileSummary::default() {
            summaries.insert(row.try_get("id")?, summary);
        }
    }
    Ok(summaries)
}
