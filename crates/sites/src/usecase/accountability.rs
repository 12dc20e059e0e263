//! The units' accountability records (WEB-ACCOUNT, 000 门户 §26: 因…内容出现错敏、重大政府信息
//! 发布遗漏或延误以及政策文件未在规定时限公开…向区政府办公室提交书面检查), following the
//! pattern of WEB-SUBMIT's late runs: a record is raised in the article command's transaction
//! when a policy document is published later than `openness.policy_document` after its
//! 成文日期 (PUB-PROACTIVE, working days by the calendar), when major information is published
//! later than `openness.proactive` after it was drafted, when a repost is published later than
//! `openness.repost` after its notice (WEB-REPOST), or when a published article is withdrawn
//! for an error (纠错撤稿). The record names the column's responsible unit, whose leaders are
//! told; the unit's principal (主要领导, its unit leader) files the written self-examination
//! (书面检查), which closes it. Each change has its audit row.
//!
//! Who sees the records: the leaders of a unit its own; the site group's administrators —
//! the leaders and publishers of the unit that hosts or runs the portal — every unit's.
//! Nobody else.

use calendar::Instant;
use platform::audit::{self, AuditEvent};
use platform::db::{Db, Tx};
use platform::profile::RuleProfile;
use platform::roles::Role;
use platform::workflow::Context;
use platform::{Error, Result};

use super::effects;
use crate::article::{AccountKind, Article, Windows};
use crate::registry::SiteKind;
use crate::store::accountability::{self as store, AccountRecord, NewRecord};
use crate::store::{columns, sites};
use crate::{Acting, UnitId};

/// The most characters of a written self-examination.
pub const EXAMINATION_MAX_CHARS: usize = 5_000;

/// Where the records are listed.
pub const ACCOUNTABILITY_PAGE: &str = "/office/sites/accountability";

/// PUB-PROACTIVE, WEB-REPOST, WEB-ACCOUNT: the windows from the profile.
pub fn windows(profile: &RuleProfile) -> Windows {
    Windows {
        policy: profile.openness.policy_document.limit(),
        major: profile.openness.proactive.limit(),
        repost: profile.openness.repost.limit(),
    }
}

/// An instant as `YYYY-MM-DD HH:MM` in Asia/Shanghai.
fn minute(at: Instant) -> String {
    at.to_rfc3339()
        .chars()
        .take(16)
        .collect::<String>()
        .replace('T', " ")
}

/// What a record of `kind` says about `article`.
fn detail(article: &Article, number: &str, kind: AccountKind, due: Option<Instant>) -> String {
    let title = &article.content.title;
    let head = format!(
        "稿件 {number}“{title}”：{}（{}）",
        kind.label_zh(),
        kind.rule()
    );
    let published = article.published_at.map(minute).unwrap_or_default();
    match (kind, due) {
        (AccountKind::Error, _) => {
            let reason = article
                .withdrawal
                .as_ref()
                .map(|w| w.reason.clone())
                .unwrap_or_default();
            format!("{head}，撤稿理由：{reason}")
        }
        (AccountKind::LatePolicy, Some(due)) => {
            let written = article
                .content
                .policy
                .as_ref()
                .map(|p| p.written_on.to_string())
                .unwrap_or_default();
            format!(
                "{head}，成文日期 {written}，应于 {} 前发布，实际发布于 {published}",
                minute(due)
            )
        }
        (AccountKind::LateRepost, Some(due)) => {
            let notice = article
                .repost
                .as_ref()
                .map(|r| minute(r.notice_at))
                .unwrap_or_default();
            format!(
                "{head}，转载通知于 {notice}，应于 {} 前转载，实际发布于 {published}",
                minute(due)
            )
        }
        (_, Some(due)) => format!(
            "{head}，应于 {} 前发布，实际发布于 {published}",
            minute(due)
        ),
        (_, None) => head,
    }
}

/// WEB-ACCOUNT: raises the record of `kind` for `article` (numbered `number`) in `tx` — the
/// unit is its column's responsible unit, whose leaders are told; audited. An article has at
/// most one record of a kind: a second is not raised.
pub(crate) async fn raise_in(
    tx: &mut Tx,
    context: &Context<'_>,
    (article, number): (&Article, &str),
    kind: AccountKind,
    due: Option<Instant>,
) -> Result<Option<i64>> {
    let column = columns::get_in(tx, article.column).await?.column;
    let unit = column.responsible_unit;
    let text = detail(article, number, kind, due);
    let new = NewRecord {
        unit,
        article: article.id,
        kind,
        detail: &text,
        occurred_on: context.now.local_date(),
        due_at: due,
    };
    let Some(id) = store::insert_in(tx, &new, context.now).await? else {
        return Ok(None);
    };
    let users = effects::leaders(tx, unit).await?;
    let message = format!("{text}。请单位主要领导提交书面检查（WEB-ACCOUNT）");
    effects::send(
        tx,
        context,
        &users,
        ("网站问责", &message, ACCOUNTABILITY_PAGE),
    )
    .await?;
    let event = AuditEvent::new("sites.accountability.raise", "site_unit", unit.0)
        .detail(format!("记录问责：{text}"));
    audit::record(tx, context.actor, event, context.now.millis()).await?;
    Ok(Some(id))
}

/// WEB-ACCOUNT: the principal's written self-examination (书面检查) of record `id`, by a leader
/// of its unit; filed once, it closes the record. Audited.
pub async fn examine(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: i64,
    examination: &str,
    expected_version: Option<i64>,
) -> Result<AccountRecord> {
    let text = examination.trim();
    if text.is_empty() {
        return Err(Error::invalid("请填写书面检查（WEB-ACCOUNT）"));
    }
    if text.chars().count() > EXAMINATION_MAX_CHARS {
        return Err(Error::invalid(format!(
            "书面检查不能超过 {EXAMINATION_MAX_CHARS} 个字"
        )));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Error::invalid("书面检查含有不可见的控制字符"));
    }
    let mut tx = db.begin().await?;
    let record = store::get_in(&mut tx, id).await?;
    if !acting.has_in(Role::UnitLeader, record.unit) {
        return Err(Error::Refused(
            "只有被问责单位的主要领导可以提交书面检查（WEB-ACCOUNT）".to_owned(),
        ));
    }
    if !record.is_open() {
        return Err(Error::conflict("该问责记录已提交书面检查"));
    }
    if expected_version.is_some_and(|expected| expected != record.version) {
        return Err(Error::conflict("问责记录已被他人更新，请刷新后重试"));
    }
    store::examine_in(
        &mut tx,
        id,
        (text, acting.user),
        record.version,
        context.now,
    )
    .await?;
    let event = AuditEvent::new("sites.accountability.examine", "site_unit", record.unit.0).detail(
        format!(
            "问责记录 {id}（{}）提交书面检查，记录关闭",
            record.kind.label_zh()
        ),
    );
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    let examined = store::get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(examined)
}

/// Whose records a viewer sees (deny by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A site group administrator: every unit's.
    All,
    /// A unit leader: their unit's.
    Unit(UnitId),
    /// Nobody else.
    None,
}

/// WEB-ACCOUNT: the records `acting` may see — every unit's for the site group's
/// administrators (a leader or publisher of the unit hosting or running the portal, which runs
/// the group: 000 门户 §26 has the records go to the government office), their unit's for a
/// unit leader, none otherwise.
pub async fn scope(db: &Db, acting: &Acting) -> Result<Scope> {
    if acting.has(Role::UnitLeader) || acting.has(Role::Publisher) {
        let administers = sites::list(db).await?.iter().any(|stored| {
            let registration = stored.site.registration();
            registration.kind == SiteKind::Portal
                && (registration.host_unit == acting.unit
                    || registration.operator_unit == acting.unit)
        });
        if administers {
            return Ok(Scope::All);
        }
    }
    if acting.has(Role::UnitLeader) {
        return Ok(Scope::Unit(acting.unit));
    }
    Ok(Scope::None)
}

/// WEB-ACCOUNT: the records of `scope`, open first.
pub async fn records(db: &Db, scope: Scope) -> Result<Vec<AccountRecord>> {
    match scope {
        Scope::All => store::list(db, None).await,
        Scope::Unit(unit) => store::list(db, Some(unit)).await,
        Scope::None => Err(Error::Refused(
            "只有单位领导和站群管理人员可以查看问责记录（WEB-ACCOUNT）".to_owned(),
        )),
    }
}
