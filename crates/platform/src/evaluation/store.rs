//! Recording an evaluation (EVAL-ALL) and, for a bad one, opening its rectification with a
//! clock and notifying the unit (EVAL-BAD), all in the caller's transaction with the audit
//! rows; reading evaluations back.

use calendar::{Calendar, Instant};
use sqlx::Row as _;

use super::model::{Channel, Evaluation, EvaluationStage, Level, NewEvaluation, SubjectType};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::clocks::{self, NewClock};
use crate::db::{Db, Tx};
use crate::error::{Error, Result};
use crate::notify::{self, Notification};
use crate::personal::{self, DataKey, UnmaskTarget};
use crate::profile::RuleProfile;
use crate::roles::Role;
use crate::workflow::{Context, counters};

/// The rule a rectification's clock cites.
pub const RECTIFICATION_RULE: &str = "EVAL-BAD";
/// The clock subject type of a rectification; the subject id is the evaluation's id.
pub const CLOCK_SUBJECT: &str = "evaluation";

/// What `rate` recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rated {
    pub evaluation_id: i64,
    /// The rectification a bad rating opened (EVAL-BAD), `None` for a good one.
    pub rectification_id: Option<i64>,
}

/// Records one evaluation of the whole subject (EVAL-ALL); [`rate_stage`] with
/// [`EvaluationStage::Whole`].
pub async fn rate(
    tx: &mut Tx,
    key: &DataKey,
    actor: &AuditActor,
    new: NewEvaluation,
    calendar: &Calendar,
    profile: &RuleProfile,
    now: Instant,
) -> Result<Rated> {
    let context = Context::new(key, actor, calendar, profile, now);
    rate_stage(tx, &context, new, EvaluationStage::Whole).await
}

/// Records one evaluation of `stage` of its subject (EVAL-ALL: every stage can be rated,
/// 000 §中心-38); the domain that owns the subject decides whether that stage is done. A
/// second evaluation of the same subject and stage on the same channel in the same round is
/// a `Conflict`. A bad rating by the profile (EVAL-BAD) opens
/// a rectification for the responsible unit, starts its clock (limit
/// `profile.evaluation.rectification`) and notifies the unit's leaders and handlers in
/// their inbox. The rater's contact is sealed; audit rows never carry the comment or the
/// contact.
pub async fn rate_stage(
    tx: &mut Tx,
    context: &Context<'_>,
    new: NewEvaluation,
    stage: EvaluationStage,
) -> Result<Rated> {
    let Context {
        key,
        actor,
        profile,
        now,
        ..
    } = *context;
    let (comment, item_code) = new.validate()?;
    let subject_id = new.subject_id.trim().to_owned();
    require_row(
        tx,
        "SELECT id FROM units WHERE id = $1",
        new.unit_id,
        "单位",
    )
    .await?;
    for user_id in [new.staff_user_id, new.entered_by_user_id]
        .into_iter()
        .flatten()
    {
        require_row(
            tx,
            "SELECT id FROM users WHERE id = $1",
            user_id,
            "工作人员",
        )
        .await?;
    }
    let taken = sqlx::query(
        "SELECT id FROM evaluations WHERE subject_type = $1 AND subject_id = $2 AND channel = $3 \
         AND round = $4 AND stage = $5",
    )
    .bind(new.subject_type.code())
    .bind(&subject_id)
    .bind(new.channel.code())
    .bind(i64::from(new.round))
    .bind(stage.code())
    .fetch_optional(&mut **tx)
    .await?
    .is_some();
    if taken {
        return Err(Error::conflict(format!(
            "该{}的“{}”已通过{}渠道评价过，不能重复评价",
            new.subject_type.label_zh(),
            stage.label_zh(),
            new.channel.label_zh()
        )));
    }
    let sealed_contact = new
        .rater_contact
        .as_ref()
        .map(|phone| key.seal(phone.as_str()))
        .transpose()?;
    let row = sqlx::query(
        "INSERT INTO evaluations (subject_type, subject_id, round, unit_id, staff_user_id, item_code, \
         channel, level, comment, rater_contact_sealed, entered_by_user_id, created_at, stage) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(new.subject_type.code())
    .bind(&subject_id)
    .bind(i64::from(new.round))
    .bind(new.unit_id)
    .bind(new.staff_user_id)
    .bind(item_code)
    .bind(new.channel.code())
    .bind(i64::from(new.level.level()))
    .bind(&comment)
    .bind(sealed_contact)
    .bind(new.entered_by_user_id)
    .bind(now.millis())
    .bind(stage.code())
    .fetch_one(&mut **tx)
    .await?;
    let evaluation_id: i64 = row.try_get("id")?;
    let bad = new.level.is_bad(profile);
    // Issue 11: the unit's rating counters, in the same transaction.
    let (kind, unit, day) = (new.subject_type.code(), new.unit_id, counters::day_of(now));
    counters::add(tx, kind, unit, day, counters::RATED, 1).await?;
    let level = counters::rated_level(i64::from(new.level.level()));
    counters::add(tx, kind, unit, day, &level, 1).await?;
    counters::add(tx, kind, unit, day, counters::BAD, i64::from(bad)).await?;
    audit::record(
        tx,
        actor,
        AuditEvent::new("evaluation.rate", "evaluation", evaluation_id).detail(format!(
            "{}#{} 第{}轮，{}，{}渠道，{}{}",
            new.subject_type.code(),
            subject_id,
            new.round,
            stage.label_zh(),
            new.channel.label_zh(),
            new.level.label_zh(),
            if bad { "（差评）" } else { "" }
        )),
        now.millis(),
    )
    .await?;
    let rectification_id = if bad {
        Some(open_rectification(tx, context, evaluation_id, &new).await?)
    } else {
        None
    };
    Ok(Rated {
        evaluation_id,
        rectification_id,
    })
}

async fn require_row(tx: &mut Tx, sql: &'static str, id: i64, what: &str) -> Result<()> {
    let found = sqlx::query(sql)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .is_some();
    if found {
        Ok(())
    } else {
        Err(Error::not_found(what))
    }
}

/// EVAL-BAD: the rectification of a bad rating, its clock on the shared clock table, and
/// the inbox notices to the unit's leaders and handlers.
async fn open_rectification(
    tx: &mut Tx,
    context: &Context<'_>,
    evaluation_id: i64,
    new: &NewEvaluation,
) -> Result<i64> {
    let Context {
        key,
        actor,
        calendar,
        profile,
        now,
    } = *context;
    let limit = profile.evaluation.rectification.limit();
    let clock_id = clocks::start(
        tx,
        Some(actor),
        NewClock {
            subject_type: CLOCK_SUBJECT.into(),
            subject_id: evaluation_id.to_string(),
            rule_id: RECTIFICATION_RULE.into(),
            unit_id: new.unit_id,
            start: now,
            limit,
        },
        calendar,
        profile,
        now,
    )
    .await?;
    let due_at = calendar.due(now, limit).at;
    let row = sqlx::query(
        "INSERT INTO rectifications (evaluation_id, unit_id, status, clock_id, created_at, updated_at) \
         VALUES ($1, $2, 'open', $3, $4, $4) RETURNING id",
    )
    .bind(evaluation_id)
    .bind(new.unit_id)
    .bind(clock_id)
    .bind(now.millis())
    .fetch_one(&mut **tx)
    .await?;
    let rectification_id: i64 = row.try_get("id")?;
    audit::record(
        tx,
        actor,
        AuditEvent::new("rectification.open", "rectification", rectification_id).detail(format!(
            "评价 #{evaluation_id}（{}）为差评，单位 #{} 须于{}内整改，{due_at} 到期",
            new.level.label_zh(),
            new.unit_id,
            limit.label_zh()
        )),
        now.millis(),
    )
    .await?;
    let body = format!(
        "本单位的{} {} 收到“{}”评价（{}渠道），请于 {due_at} 前完成整改并反馈评价人。",
        new.subject_type.label_zh(),
        new.subject_id.trim(),
        new.level.label_zh(),
        new.channel.label_zh()
    );
    notify_unit(
        tx,
        key,
        new.unit_id,
        "差评整改任务",
        &body,
        rectification_id,
        now,
    )
    .await?;
    Ok(rectification_id)
}

/// Writes an inbox notice about a rectification to every active leader and handler of the
/// unit. Never carries the rater's comment or contact (HL-PRIVACY).
pub(crate) async fn notify_unit(
    tx: &mut Tx,
    key: &DataKey,
    unit_id: i64,
    subject: &str,
    body: &str,
    rectification_id: i64,
    now: Instant,
) -> Result<()> {
    let rows = sqlx::query(
        "SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE u.unit_id = $1 AND u.active = 1 AND r.role IN ($2, $3) ORDER BY u.id",
    )
    .bind(unit_id)
    .bind(Role::UnitLeader.code())
    .bind(Role::UnitHandler.code())
    .fetch_all(&mut **tx)
    .await?;
    let link = format!("/office/rectifications/{rectification_id}");
    for row in &rows {
        let user_id: i64 = row.try_get("id")?;
        let notification = Notification::inbox(user_id, subject, body, link.clone());
        notify::enqueue(tx, key, &notification, now.millis()).await?;
    }
    Ok(())
}

const COLUMNS: &str = "id, subject_type, subject_id, round, unit_id, staff_user_id, item_code, \
    channel, stage, level, comment, rater_contact_sealed, entered_by_user_id, created_at";

fn evaluation_from_row(row: &sqlx::any::AnyRow) -> Result<Evaluation> {
    let round: i64 = row.try_get("round")?;
    Ok(Evaluation {
        id: row.try_get("id")?,
        subject_type: SubjectType::parse(&row.try_get::<String, _>("subject_type")?)?,
        subject_id: row.try_get("subject_id")?,
        round: u32::try_from(round).map_err(|_| Error::invalid("评价轮次超出范围"))?,
        unit_id: row.try_get("unit_id")?,
        staff_user_id: row.try_get("staff_user_id")?,
        item_code: row.try_get("item_code")?,
        channel: Channel::parse(&row.try_get::<String, _>("channel")?)?,
        stage: EvaluationStage::parse(&row.try_get::<String, _>("stage")?)?,
        level: Level::from_level(row.try_get("level")?)?,
        comment: row.try_get("comment")?,
        rater_contact_sealed: row.try_get("rater_contact_sealed")?,
        entered_by_user_id: row.try_get("entered_by_user_id")?,
        created_at: row.try_get("created_at")?,
    })
}

/// One evaluation.
pub async fn get(db: &Db, id: i64) -> Result<Evaluation> {
    let sql = format!("SELECT {COLUMNS} FROM evaluations WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found(format!("评价 {id}")))?;
    evaluation_from_row(&row)
}

/// The evaluations of one subject, oldest first (every channel and round).
pub async fn of_subject(
    db: &Db,
    subject_type: SubjectType,
    subject_id: &str,
) -> Result<Vec<Evaluation>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM evaluations WHERE subject_type = $1 AND subject_id = $2 ORDER BY id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(subject_type.code())
        .bind(subject_id.trim())
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(evaluation_from_row).collect()
}

/// The rater's phone in clear, for the staff who call back about a rectification; writes
/// the `unmask` audit row in the same transaction (SEC-AUDIT). `None` when none was left.
pub async fn unmask_rater_contact(
    tx: &mut Tx,
    key: &DataKey,
    actor: &AuditActor,
    evaluation_id: i64,
    now: Instant,
) -> Result<Option<String>> {
    let row = sqlx::query("SELECT rater_contact_sealed FROM evaluations WHERE id = $1")
        .bind(evaluation_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found(format!("评价 {evaluation_id}")))?;
    let Some(sealed) = row.try_get::<Option<Vec<u8>>, _>("rater_contact_sealed")? else {
        return Ok(None);
    };
    let object_id = evaluation_id.to_string();
    let target = UnmaskTarget {
        object_type: "evaluation",
        object_id: &object_id,
        field: "rater_phone",
        reason: "",
        place: "",
    };
    Ok(Some(
        personal::unmask(tx, key, actor, &sealed, &target, now.millis()).await?,
    ))
}
