//! Interview use cases (MSG-INTERVIEW): the unit announces an interview in advance, its
//! moderators start and end it; the public asks (a verified phone, sealed; the content-safety
//! check holds back a question it flags), the moderators publish selected questions with the
//! guests' answers — live on the page — or set them aside. Every change is audited.

use calendar::Instant;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::Db;
use platform::personal::{DataKey, PhoneNumber};
use platform::{Error, Result};

use super::phone;
use super::topics::NICKNAME_MAX;
use crate::interview::{self, Announcement, Command, Interview};
use crate::store::interviews::{self as store, NewQuestion};
use crate::{InterviewId, UnitId};

/// MSG-INTERVIEW: announces an interview of `unit` (announced in advance).
pub async fn announce(
    db: &Db,
    actor: &AuditActor,
    unit: UnitId,
    announcement: &Announcement,
    now: Instant,
) -> Result<Interview> {
    let mut interview = interview::announce(announcement, InterviewId(0), unit, now)?;
    let mut tx = db.begin().await?;
    let site = sqlx::query("SELECT id FROM sites WHERE id = $1")
        .bind(announcement.site_id)
        .fetch_optional(&mut *tx)
        .await?;
    if site.is_none() {
        return Err(Error::invalid("请选择举办访谈的网站"));
    }
    store::insert(&mut tx, &mut interview, now.millis()).await?;
    let event = AuditEvent::new("interview.announce", "interview", interview.id)
        .detail(format!("发布访谈预告《{}》", interview.title));
    audit::record(&mut tx, actor, event, now.millis()).await?;
    tx.commit().await?;
    Ok(interview)
}

/// MSG-INTERVIEW: a moderator of `unit` starts or ends the interview.
pub async fn command(
    db: &Db,
    actor: &AuditActor,
    unit: UnitId,
    id: InterviewId,
    command: Command,
    now: Instant,
) -> Result<Interview> {
    let mut tx = db.begin().await?;
    let (before, version) = store::get_in(&mut tx, id).await?;
    let after = interview::apply(&before, command, unit, now)?;
    store::update(&mut tx, &after, version, now.millis()).await?;
    let event = AuditEvent::new(&format!("interview.{}", command.code()), "interview", id).detail(
        format!("在线访谈《{}》：{}", after.title, command.label_zh()),
    );
    audit::record(&mut tx, actor, event, now.millis()).await?;
    tx.commit().await?;
    Ok(after)
}

/// MSG-INTERVIEW: a question from the public with a verified phone; returns whether it waits
/// for the moderators (`false`: held back by the content-safety check).
#[allow(clippy::too_many_arguments)]
pub async fn ask(
    db: &Db,
    key: &DataKey,
    actor: &AuditActor,
    id: InterviewId,
    nickname: &str,
    body: &str,
    phone: &str,
    code: &str,
    now: Instant,
) -> Result<bool> {
    let found = store::get(db, id).await?;
    interview::may_ask(&found, body)?;
    let nickname = nickname.trim();
    if nickname.chars().count() > NICKNAME_MAX || !platform::privacy::find(nickname).is_empty() {
        return Err(Error::invalid(format!(
            "昵称不超过{NICKNAME_MAX}字，且不能含有电话、证件号码等个人信息"
        )));
    }
    let nickname = if nickname.is_empty() {
        "网友"
    } else {
        nickname
    };
    let phone = PhoneNumber::parse(phone)?;
    let body = body.trim();
    let checker = sites::usecase::inspect::checker(db).await?;
    let clean = checker.check(body).is_empty() && platform::privacy::find(body).is_empty();
    let mut tx = db.begin().await?;
    if let Err(refused) = phone::spend_code(&mut tx, key, &phone, code, now).await? {
        tx.commit().await?;
        return Err(refused);
    }
    let question = NewQuestion {
        interview: id,
        nickname,
        body,
        phone_sealed: key.seal(phone.as_str())?,
        phone_hash: &phone::phone_hash(key, &phone),
        status: if clean { "pending" } else { "held" },
    };
    let qid = store::insert_question(&mut tx, &question, now.millis()).await?;
    let event = AuditEvent::new("interview.ask", "interview_question", qid).detail(format!(
        "在线访谈《{}》收到提问（手机 {}）",
        found.title,
        phone.masked()
    ));
    audit::record(&mut tx, actor, event, now.millis()).await?;
    tx.commit().await?;
    Ok(clean)
}

/// MSG-INTERVIEW: a moderator of `unit` publishes question `question` with the answer of
/// `guest` (live on the page), or sets it aside when `answer` is `None`.
#[allow(clippy::too_many_arguments)]
pub async fn answer(
    db: &Db,
    actor: &AuditActor,
    unit: UnitId,
    id: InterviewId,
    question: i64,
    answer: Option<(&str, &str)>,
    now: Instant,
) -> Result<()> {
    let mut tx = db.begin().await?;
    let (found, _) = store::get_in(&mut tx, id).await?;
    let asked = store::question_in(&mut tx, id, question).await?;
    if asked.status == "published" {
        return Err(Error::invalid("该提问已经发布"));
    }
    let (status, text, guest) = match answer {
        Some((guest, text)) => {
            interview::may_answer(&found, unit, text)?;
            if guest.trim().is_empty() || guest.trim().chars().count() > 50 {
                return Err(Error::invalid("请填写回答的嘉宾（不超过50字）"));
            }
            ("published", text.trim(), guest.trim())
        }
        None => {
            if unit != found.unit {
                return Err(Error::invalid("只有举办访谈的单位可以主持该访谈"));
            }
            ("set_aside", "", "")
        }
    };
    store::decide_question(&mut tx, question, status, text, guest, now.millis()).await?;
    let what = if status == "published" {
        "发布答问"
    } else {
        "不予发布提问"
    };
    let event = AuditEvent::new(
        &format!("interview.{status}"),
        "interview_question",
        question,
    )
    .detail(format!("在线访谈《{}》：{what}", found.title));
    audit::record(&mut tx, actor, event, now.millis()).await?;
    tx.commit().await?;
    Ok(())
}
