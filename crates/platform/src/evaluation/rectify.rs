//! The rectification loop of a bad rating (EVAL-BAD, 评价、整改、反馈、监督): the unit
//! submits, the supervising side accepts (the clock concludes and the feedback goes to the
//! rater) or returns (the clock runs on); reading and listing rectifications.

use calendar::{Instant, Light};
use sqlx::Row as _;

use super::model::{
    MAX_RECTIFICATION_CHARS, Rectification, RectificationCommand, RectificationReport,
    RectificationStatus, check_length,
};
use super::store::notify_unit;
use crate::audit::{self, AuditActor, AuditEvent};
use crate::clocks;
use crate::db::{Db, Tx};
use crate::error::{Error, Result};
use crate::notify::{self, Channel as NotifyChannel, Notification};
use crate::personal::DataKey;
use crate::workflow::Context;

const COLUMNS: &str = "r.id, r.evaluation_id, r.unit_id, r.status, r.clock_id, c.due_at, c.light, \
    r.measures, r.result, r.feedback_to_rater, r.reviewed_by, r.review_opinion, r.created_at, r.updated_at";

fn light_of(code: &str) -> Result<Light> {
    [Light::Green, Light::Yellow, Light::Red]
        .into_iter()
        .find(|light| light.code() == code)
        .ok_or_else(|| Error::invalid(format!("未知的灯色“{code}”")))
}

fn rectification_from_row(row: &sqlx::any::AnyRow) -> Result<Rectification> {
    Ok(Rectification {
        id: row.try_get("id")?,
        evaluation_id: row.try_get("evaluation_id")?,
        unit_id: row.try_get("unit_id")?,
        status: RectificationStatus::parse(&row.try_get::<String, _>("status")?)?,
        clock_id: row.try_get("clock_id")?,
        due_at: Instant::from_millis(row.try_get("due_at")?),
        light: light_of(&row.try_get::<String, _>("light")?)?,
        measures: row.try_get("measures")?,
        result: row.try_get("result")?,
        feedback_to_rater: row.try_get("feedback_to_rater")?,
        reviewed_by: row.try_get("reviewed_by")?,
        review_opinion: row.try_get("review_opinion")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// One rectification with its clock's due instant and light.
pub async fn get_rectification(db: &Db, id: i64) -> Result<Rectification> {
    let sql = format!(
        "SELECT {COLUMNS} FROM rectifications r JOIN clocks c ON c.id = r.clock_id WHERE r.id = $1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found(format!("整改任务 {id}")))?;
    rectification_from_row(&row)
}

async fn get_in(tx: &mut Tx, id: i64) -> Result<Rectification> {
    let sql = format!(
        "SELECT {COLUMNS} FROM rectifications r JOIN clocks c ON c.id = r.clock_id WHERE r.id = $1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found(format!("整改任务 {id}")))?;
    rectification_from_row(&row)
}

/// The rectification a bad rating opened, or `None` for a good rating.
pub async fn rectification_of_evaluation(
    db: &Db,
    evaluation_id: i64,
) -> Result<Option<Rectification>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM rectifications r JOIN clocks c ON c.id = r.clock_id \
         WHERE r.evaluation_id = $1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(evaluation_id)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(rectification_from_row).transpose()
}

/// The rectification desk: of one unit or all, in one status or all, the earliest due first.
pub async fn list_rectifications(
    db: &Db,
    unit_id: Option<i64>,
    status: Option<RectificationStatus>,
) -> Result<Vec<Rectification>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM rectifications r JOIN clocks c ON c.id = r.clock_id \
         WHERE ($1 = 0 OR r.unit_id = $1) AND ($2 = '' OR r.status = $2) ORDER BY c.due_at, r.id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(unit_id.unwrap_or(0))
        .bind(status.map(RectificationStatus::code).unwrap_or_default())
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(rectification_from_row).collect()
}

/// Writes the new status only if the row still has the one read, so a concurrent change is
/// a conflict and never a lost update.
async fn store_status(
    tx: &mut Tx,
    before: &Rectification,
    to: RectificationStatus,
    sets: &str,
    binds: &[&str],
    reviewed_by: Option<i64>,
    now: Instant,
) -> Result<()> {
    let sql = format!(
        "UPDATE rectifications SET status = $1, updated_at = $2, reviewed_by = COALESCE($3, reviewed_by){sets} \
         WHERE id = $4 AND status = $5"
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(to.code())
        .bind(now.millis())
        .bind(reviewed_by)
        .bind(before.id)
        .bind(before.status.code());
    for bind in binds {
        query = query.bind(*bind);
    }
    if query.execute(&mut **tx).await?.rows_affected() == 0 {
        return Err(Error::conflict("该整改任务刚被他人修改，请刷新后重试"));
    }
    Ok(())
}

/// The unit submits its rectification (EVAL-BAD): measures, result and the feedback to the
/// rater, all required. Only an open or returned rectification, and only by a member of
/// the responsible unit (`Forbidden` otherwise). The clock runs on until review.
pub async fn submit_rectification(
    tx: &mut Tx,
    actor: &AuditActor,
    id: i64,
    report: &RectificationReport,
    now: Instant,
) -> Result<Rectification> {
    let before = get_in(tx, id).await?;
    if actor.unit_id != Some(before.unit_id) {
        return Err(Error::Forbidden);
    }
    let to = before.status.after(RectificationCommand::Submit)?;
    let report = report.validated()?;
    store_status(
        tx,
        &before,
        to,
        ", measures = $6, result = $7, feedback_to_rater = $8",
        &[&report.measures, &report.result, &report.feedback_to_rater],
        None,
        now,
    )
    .await?;
    audit::record(
        tx,
        actor,
        AuditEvent::new("rectification.submit", "rectification", id).detail(format!(
            "评价 #{} 的整改：{} → {}",
            before.evaluation_id,
            before.status.label_zh(),
            to.label_zh()
        )),
        now.millis(),
    )
    .await?;
    get_in(tx, id).await
}

/// The supervising side reviews a submitted rectification (EVAL-BAD, 监督). Accepting
/// concludes the EVAL-BAD clock (met or breached) and sends the unit's feedback to the
/// rater by SMS when a contact was left; returning needs an opinion, sends it back to the
/// unit's inbox, and the clock keeps running. The responsible unit never reviews itself.
pub async fn review_rectification(
    tx: &mut Tx,
    context: &Context<'_>,
    id: i64,
    (accept, opinion): (bool, &str),
) -> Result<Rectification> {
    let Context {
        key,
        actor,
        calendar,
        profile,
        now,
    } = *context;
    let before = get_in(tx, id).await?;
    if actor.unit_id == Some(before.unit_id) {
        return Err(Error::Forbidden);
    }
    let command = if accept {
        RectificationCommand::Accept
    } else {
        RectificationCommand::Return
    };
    let to = before.status.after(command)?;
    let opinion = opinion.trim();
    if !accept && opinion.is_empty() {
        return Err(Error::invalid("退回整改须填写审核意见"));
    }
    check_length(opinion, MAX_RECTIFICATION_CHARS, "审核意见")?;
    store_status(
        tx,
        &before,
        to,
        ", review_opinion = $6",
        &[opinion],
        actor.user_id,
        now,
    )
    .await?;
    let outcome = if accept {
        let clock =
            clocks::conclude(tx, Some(actor), before.clock_id, now, calendar, profile).await?;
        let fed_back = feed_back_to_rater(tx, key, &before, now).await?;
        format!(
            "{}；{}",
            clock.label_zh(),
            if fed_back {
                "整改结果已短信反馈评价人"
            } else {
                "评价人未留联系方式，由承办单位另行反馈"
            }
        )
    } else {
        let body = format!(
            "评价 #{} 的整改被退回，审核意见：{opinion}。请于 {} 前重新整改。",
            before.evaluation_id, before.due_at
        );
        notify_unit(tx, key, before.unit_id, "整改被退回", &body, id, now).await?;
        "退回承办单位，计时继续".to_owned()
    };
    audit::record(
        tx,
        actor,
        AuditEvent::new(
            if accept {
                "rectification.accept"
            } else {
                "rectification.return"
            },
            "rectification",
            id,
        )
        .detail(format!(
            "评价 #{} 的整改：{} → {}，{outcome}",
            before.evaluation_id,
            before.status.label_zh(),
            to.label_zh()
        )),
        now.millis(),
    )
    .await?;
    get_in(tx, id).await
}

/// 反馈: the accepted feedback goes to the rater's phone through the outbox (sealed there
/// again). Returns whether a contact was on file.
async fn feed_back_to_rater(
    tx: &mut Tx,
    key: &DataKey,
    rectification: &Rectification,
    now: Instant,
) -> Result<bool> {
    let row = sqlx::query("SELECT rater_contact_sealed FROM evaluations WHERE id = $1")
        .bind(rectification.evaluation_id)
        .fetch_one(&mut **tx)
        .await?;
    let Some(sealed) = row.try_get::<Option<Vec<u8>>, _>("rater_contact_sealed")? else {
        return Ok(false);
    };
    let notification = Notification {
        channel: NotifyChannel::Sms,
        recipient_user_id: None,
        address: Some(key.open(&sealed)?),
        subject: "好差评整改反馈".into(),
        body: rectification.feedback_to_rater.clone(),
        link: String::new(),
    };
    notify::enqueue(tx, key, &notification, now.millis()).await?;
    Ok(true)
}
