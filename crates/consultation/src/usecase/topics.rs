//! Topic use cases (MSG-CONSULT, PUB-PRECONSULT): the decision to consult (a new subject on
//! the kernel with its 预公开 clock), the unit's commands, the public's comments (checked for
//! safety and personal data before shown; the phone verified and sealed) and ballots (one per
//! verified phone), the live results, the yearly count per site and the channel's status.

use calendar::{Calendar, Instant};
use chrono::Datelike as _;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::Db;
use platform::personal::{DataKey, PhoneNumber};
use platform::profile::RuleProfile;
use platform::workflow::{self, Context, Subject};
use platform::{Error, Result};

use super::Topics;
use super::phone;
use crate::store::topics::{self as store, NewComment};
use crate::topic::{self, Ballot, Command, Draft, Topic, YearCount};
use crate::{Rules, TopicId, UnitId};

/// Longest nickname, in characters.
pub const NICKNAME_MAX: usize = 20;

/// PUB-PRECONSULT: the unit decides to consult on `draft`; the topic is stored with its
/// 预公开 clock running on the clock table.
pub async fn decide(db: &Db, context: &Context<'_>, unit: UnitId, draft: &Draft) -> Result<Topic> {
    let rules = Rules {
        profile: context.profile,
        calendar: context.calendar,
    };
    let mut tx = db.begin().await?;
    let site = sqlx::query("SELECT id FROM sites WHERE id = $1")
        .bind(draft.site_id)
        .fetch_optional(&mut *tx)
        .await?;
    if site.is_none() {
        return Err(Error::invalid("请选择发布征集的网站"));
    }
    let number = store::next_number(&mut tx, context.now.local_date().year()).await?;
    let (mut topic, events) = topic::decide(draft, TopicId(0), number, unit, context.now, rules)?;
    store::insert(&mut tx, &mut topic, context.now.millis()).await?;
    let machine = Topics { unit };
    let subject = Subject {
        id: topic.id,
        loaded: None,
        state: &topic,
    };
    workflow::record(&mut tx, &machine, context, subject, "decide", &events).await?;
    let event = AuditEvent::new("consultation.topic.decide", "consultation_topic", topic.id)
        .detail(format!("决定征求意见 {}《{}》", topic.number, topic.title));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(topic)
}

/// A command of a staff member of `unit` on `id` through the kernel.
pub async fn execute(
    db: &Db,
    context: &Context<'_>,
    unit: UnitId,
    id: TopicId,
    command: Command,
    version: Option<i64>,
) -> Result<Topic> {
    let (topic, _) = workflow::execute(db, &Topics { unit }, context, id, command, version).await?;
    Ok(topic)
}

/// MSG-CONSULT: a citizen's comment on an open topic, with a verified phone. It is shown
/// when the content-safety check (WEB-INSPECT's lists in force) and the personal-data
/// detector find nothing, held back for the unit otherwise. Returns whether it is shown.
#[allow(clippy::too_many_arguments)]
pub async fn comment(
    db: &Db,
    key: &DataKey,
    actor: &AuditActor,
    id: TopicId,
    nickname: &str,
    body: &str,
    phone: &str,
    code: &str,
    now: Instant,
) -> Result<bool> {
    let stored = store::get(db, id).await?;
    topic::may_comment(&stored.topic, now, body)?;
    let nickname = checked_nickname(nickname)?;
    let phone = PhoneNumber::parse(phone)?;
    let body = body.trim();
    let checker = sites::usecase::inspect::checker(db).await?;
    let mut found: Vec<String> = checker.check(body).into_iter().map(|f| f.found).collect();
    found.extend(
        platform::privacy::find(body)
            .into_iter()
            .map(|hit| hit.kind.label_zh().to_owned()),
    );
    let shown = found.is_empty();
    let mut tx = db.begin().await?;
    if let Err(refused) = phone::spend_code(&mut tx, key, &phone, code, now).await? {
        tx.commit().await?;
        return Err(refused);
    }
    let comment = NewComment {
        topic: id,
        nickname: &nickname,
        body,
        phone_sealed: key.seal(phone.as_str())?,
        phone_hash: &phone::phone_hash(key, &phone),
        status: if shown { "shown" } else { "held" },
        check_note: &found.join("、"),
    };
    let comment_id = store::insert_comment(&mut tx, &comment, now.millis()).await?;
    let event = AuditEvent::new("consultation.comment", "consultation_comment", comment_id).detail(
        format!(
            "意见征集 {} 收到意见（{}，手机 {}）",
            stored.topic.number,
            if shown {
                "已显示"
            } else {
                "内容检查未通过，待处理"
            },
            phone.masked()
        ),
    );
    audit::record(&mut tx, actor, event, now.millis()).await?;
    tx.commit().await?;
    Ok(shown)
}

fn checked_nickname(nickname: &str) -> Result<String> {
    let nickname = nickname.trim();
    if nickname.chars().count() > NICKNAME_MAX {
        return Err(Error::invalid(format!("昵称不超过{NICKNAME_MAX}字")));
    }
    if !platform::privacy::find(nickname).is_empty() {
        return Err(Error::invalid("昵称中不能含有电话、证件号码等个人信息"));
    }
    Ok(if nickname.is_empty() {
        "网友".to_owned()
    } else {
        nickname.to_owned()
    })
}

/// MSG-CONSULT: a ballot on an open topic, once per verified phone.
#[allow(clippy::too_many_arguments)]
pub async fn vote(
    db: &Db,
    key: &DataKey,
    actor: &AuditActor,
    id: TopicId,
    ballot: &Ballot,
    phone: &str,
    code: &str,
    now: Instant,
) -> Result<()> {
    let stored = store::get(db, id).await?;
    topic::check_ballot(&stored.topic, now, false, ballot)?;
    let phone = PhoneNumber::parse(phone)?;
    let voter = phone::phone_hash(key, &phone);
    let mut tx = db.begin().await?;
    let voted = store::has_voted(&mut tx, id, &voter).await?;
    // MSG-CONSULT: a second ballot is refused before the code is spent.
    topic::check_ballot(&stored.topic, now, voted, ballot)?;
    if let Err(refused) = phone::spend_code(&mut tx, key, &phone, code, now).await? {
        tx.commit().await?;
        return Err(refused);
    }
    match store::insert_vote(&mut tx, id, &voter, ballot, now.millis()).await {
        Err(Error::Conflict(_)) => {
            return Err(Error::invalid("该手机号已参加过本次调查，每人只能投票一次"));
        }
        other => other?,
    }
    let event = AuditEvent::new("consultation.vote", "consultation_topic", id).detail(format!(
        "意见征集 {} 收到投票（手机 {}）",
        stored.topic.number,
        phone.masked()
    ));
    audit::record(&mut tx, actor, event, now.millis()).await?;
    tx.commit().await?;
    Ok(())
}

/// MSG-CONSULT: the results so far (002 网站规范 §22(二)2: 实时反馈统计情况).
pub async fn results(db: &Db, topic: &Topic) -> Result<(Vec<Vec<u32>>, u32)> {
    store::results(db, topic).await
}

/// MSG-CONSULT (002 网站规范 §23(八)): the topics `site` published in `year` against the
/// profile's minimum.
pub async fn year_count(db: &Db, profile: &RuleProfile, site: i64, year: i32) -> Result<YearCount> {
    let bound = |y: i32| {
        chrono::NaiveDate::from_ymd_opt(y, 1, 1)
            .map(|d| Instant::from_local(d, 0).millis())
            .unwrap_or_default()
    };
    let count = store::published_between(db, site, bound(year), bound(year + 1)).await?;
    Ok(YearCount {
        count,
        minimum: profile.messages.consultations_per_year,
    })
}

/// Whether a site's consultation channel works, and why (the inspection's 互动回应差).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelStatus {
    pub published_within_year: u32,
    pub reports_overdue: u32,
    pub working: bool,
}

/// The "working consultation channel" half of 互动回应差 (reports.md §3) for `site` at `now`:
/// a topic published within the past year and no adoption report overdue
/// (`topic::channel_working`). The supervision page calls it per site.
pub async fn channel_working(db: &Db, site: i64, now: Instant) -> Result<ChannelStatus> {
    let year_ago = now.millis() - 365 * 24 * 3_600_000;
    let published = store::published_between(db, site, year_ago, now.millis() + 1).await?;
    let overdue = store::reports_overdue(db, site, now.millis()).await?;
    Ok(ChannelStatus {
        published_within_year: published,
        reports_overdue: overdue,
        working: topic::channel_working(published, overdue),
    })
}

/// The due instant of a topic's clock of `kind`, if running.
pub fn due_of(topic: &Topic, kind: topic::ClockKind, calendar: &Calendar) -> Option<Instant> {
    topic
        .clock(kind)
        .filter(|c| c.is_running())
        .map(|c| c.due(calendar))
}
