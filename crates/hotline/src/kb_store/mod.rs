//! The knowledge base's use cases (KB-LIFE, KB-STATS, HL-INSTANT): units draft entries, the
//! hotline reviews and publishes them, operators and the public search the published ones,
//! and every use is counted. Each change goes through the pure [`crate::kb::Entry::apply`]
//! and is written with its audit row in the caller's transaction.
//!
//! **Revising keeps the published version searchable.** `kb_entries` holds the working copy;
//! publishing copies it into `kb_versions`, and search reads the version row at
//! `current_version`. So a published entry that goes back to draft (`revise`) keeps answering
//! calls with the old version until the hotline publishes the new one. Withdrawal clears
//! `published_at`, which takes the entry out of search at once.

mod rows;
mod search;

pub use rows::{
    StoredEntry, StoredVersion, get, in_review, of_unit, parse_status, status_code, versions,
};
pub use search::{
    SearchHit, UsageChannel, UsageLine, UsageStats, due_for_review, record_use, search,
    usage_count, usage_stats,
};

use calendar::Instant;
use platform::Result;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::Tx;

use crate::UnitId;
use crate::kb::{EntryCommand, EntryId, EntryStatus};
use crate::usecase::Rules;

/// The longest title (characters).
pub const MAX_TITLE: usize = 200;
/// The longest question, answer or other text field (characters).
pub const MAX_TEXT: usize = 4000;
/// The longest keyword list and category (characters).
pub const MAX_KEYWORDS: usize = 400;
const MAX_CATEGORY: usize = 50;

/// An entry as the owner unit writes it (form fields, unchecked).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KbDraft {
    pub title: String,
    pub question: String,
    pub answer: String,
    /// Search words separated by spaces, commas or 、.
    pub keywords: String,
    pub category: String,
}

/// A checked draft: title and answer present, every field within its length, keywords
/// normalised to single spaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbContent {
    pub title: String,
    pub question: String,
    pub answer: String,
    pub keywords: String,
    pub category: String,
}

fn bounded(text: &str, field: &str, max: usize) -> Result<String> {
    let trimmed = text.trim();
    if trimmed.chars().count() > max {
        return Err(platform::Error::invalid(format!(
            "{field}不能超过 {max} 个字"
        )));
    }
    Ok(trimmed.to_owned())
}

impl KbContent {
    /// Checks a draft; the Chinese message names the field.
    pub fn parse(draft: &KbDraft) -> Result<KbContent> {
        let title = bounded(&draft.title, "标题", MAX_TITLE)?;
        let answer = bounded(&draft.answer, "答复口径", MAX_TEXT)?;
        if title.is_empty() {
            return Err(platform::Error::invalid("标题不能为空"));
        }
        if answer.is_empty() {
            return Err(platform::Error::invalid("答复口径不能为空"));
        }
        let keywords = bounded(&draft.keywords, "关键词", MAX_KEYWORDS)?
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；'))
            .filter(|word| !word.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        Ok(KbContent {
            title,
            question: bounded(&draft.question, "常见问题", MAX_TEXT)?,
            answer,
            keywords,
            category: bounded(&draft.category, "分类", MAX_CATEGORY)?,
        })
    }
}

/// KB-LIFE: a unit drafts an entry it will own (谁提供、谁维护、谁更新).
pub async fn draft(
    tx: &mut Tx,
    actor: &AuditActor,
    owner: UnitId,
    draft: KbDraft,
    now: Instant,
) -> Result<EntryId> {
    let content = KbContent::parse(&draft)?;
    let id = rows::insert_draft(tx, owner, &content, actor.user_id, now.millis()).await?;
    audit::record(
        tx,
        actor,
        AuditEvent::new("kb.draft", "kb_entry", id.0)
            .detail(format!("起草知识条目“{}”", content.title)),
        now.millis(),
    )
    .await?;
    tracing::info!(kb.entry = id.0, unit.id = %owner, "kb entry drafted");
    Ok(id)
}

/// KB-LIFE: the owner unit changes the working copy of a draft (only a draft is edited; a
/// published entry is revised first).
pub async fn edit(
    tx: &mut Tx,
    actor: &AuditActor,
    id: EntryId,
    draft: KbDraft,
    now: Instant,
) -> Result<StoredEntry> {
    let content = KbContent::parse(&draft)?;
    let previous = rows::get_in(tx, id).await?;
    if previous.status != EntryStatus::Draft {
        return Err(platform::Error::InvalidTransition {
            from: previous.status.label_zh().to_owned(),
            command: "编辑".to_owned(),
        });
    }
    let next = StoredEntry {
        title: content.title,
        question: content.question,
        answer: content.answer,
        keywords: content.keywords,
        category: content.category,
        edited_by: actor.user_id,
        updated_at: stamp(&previous, now),
        ..previous.clone()
    };
    store(tx, actor, &previous, &next, "kb.edit", "编辑".into(), now).await?;
    Ok(next)
}

/// KB-LIFE: the owner unit submits a draft to the hotline for review.
pub async fn submit(
    tx: &mut Tx,
    actor: &AuditActor,
    id: EntryId,
    now: Instant,
) -> Result<StoredEntry> {
    change(tx, actor, id, EntryCommand::Submit, String::new(), now).await
}

/// KB-LIFE: the hotline publishes the entry in review: a new version is kept and the next
/// review falls `profile.knowledge.review_interval` after now.
pub async fn publish(
    tx: &mut Tx,
    actor: &AuditActor,
    id: EntryId,
    rules: Rules<'_>,
    now: Instant,
) -> Result<StoredEntry> {
    let previous = rows::get_in(tx, id).await?;
    let entry = previous.entry().apply(EntryCommand::Publish, now)?;
    let review_due = rules
        .calendar
        .due(now, rules.profile.knowledge.review_interval.limit())
        .at;
    let next = StoredEntry {
        status: entry.status,
        current_version: entry.version,
        review_due_at: Some(review_due.millis()),
        published_at: Some(now.millis()),
        review_note: String::new(),
        updated_at: stamp(&previous, now),
        ..previous.clone()
    };
    rows::insert_version(tx, &next, actor.user_id, now.millis()).await?;
    let detail = format!("第 {} 版，复审日期 {}", next.current_version, review_due);
    store(tx, actor, &previous, &next, "kb.publish", detail, now).await?;
    Ok(next)
}

/// KB-LIFE: the hotline sends an entry in review back to the owner, with the reason.
pub async fn send_back(
    tx: &mut Tx,
    actor: &AuditActor,
    id: EntryId,
    reason: &str,
    now: Instant,
) -> Result<StoredEntry> {
    let reason = bounded(reason, "退回理由", MAX_KEYWORDS)?;
    if reason.is_empty() {
        return Err(platform::Error::invalid("退回理由不能为空"));
    }
    change(tx, actor, id, EntryCommand::SendBack, reason, now).await
}

/// KB-LIFE: the owner starts revising a published or withdrawn entry. A published version
/// stays searchable until the revision is published (see the module note).
pub async fn revise(
    tx: &mut Tx,
    actor: &AuditActor,
    id: EntryId,
    now: Instant,
) -> Result<StoredEntry> {
    change(tx, actor, id, EntryCommand::Revise, String::new(), now).await
}

/// KB-LIFE: the hotline withdraws an outdated entry; it leaves search at once.
pub async fn withdraw(
    tx: &mut Tx,
    actor: &AuditActor,
    id: EntryId,
    now: Instant,
) -> Result<StoredEntry> {
    change(tx, actor, id, EntryCommand::Withdraw, String::new(), now).await
}

/// Applies a command that changes only the status (and the review note).
async fn change(
    tx: &mut Tx,
    actor: &AuditActor,
    id: EntryId,
    command: EntryCommand,
    note: String,
    now: Instant,
) -> Result<StoredEntry> {
    let previous = rows::get_in(tx, id).await?;
    let entry = previous.entry().apply(command, now)?;
    let published_at = match command {
        EntryCommand::Withdraw => None,
        _ => previous.published_at,
    };
    let next = StoredEntry {
        status: entry.status,
        published_at,
        review_note: if command == EntryCommand::SendBack {
            note.clone()
        } else {
            previous.review_note.clone()
        },
        updated_at: stamp(&previous, now),
        ..previous.clone()
    };
    let action = match command {
        EntryCommand::Submit => "kb.submit",
        EntryCommand::Publish => "kb.publish",
        EntryCommand::SendBack => "kb.send_back",
        EntryCommand::Revise => "kb.revise",
        EntryCommand::Withdraw => "kb.withdraw",
    };
    let detail = if note.is_empty() {
        command.label_zh().to_owned()
    } else {
        format!("{}：{note}", command.label_zh())
    };
    store(tx, actor, &previous, &next, action, detail, now).await?;
    Ok(next)
}

/// The new `updated_at`: now, but always after the previous one (it is the row's version).
fn stamp(previous: &StoredEntry, now: Instant) -> i64 {
    now.millis().max(previous.updated_at.saturating_add(1))
}

async fn store(
    tx: &mut Tx,
    actor: &AuditActor,
    previous: &StoredEntry,
    next: &StoredEntry,
    action: &str,
    detail: String,
    now: Instant,
) -> Result<()> {
    rows::update(tx, previous, next).await?;
    audit::record(
        tx,
        actor,
        AuditEvent::new(action, "kb_entry", next.id.0).detail(format!(
            "“{}” {detail}：{} → {}",
            next.title,
            previous.status.label_zh(),
            next.status.label_zh()
        )),
        now.millis(),
    )
    .await?;
    tracing::info!(kb.entry = next.id.0, action, "kb entry changed");
    Ok(())
}
