//! Item catalogue use cases (SVC-ITEM-LIFE, SVC-NEG-LIST): every change goes through the pure
//! item machine `item::apply` and is stored with the audit row in one transaction; every
//! version is kept and the public reads the published one while a change is pending.

use calendar::Instant;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::{Db, Tx};
use platform::{Error, Result};

use crate::item::{
    Item, ItemCommand, ItemRecord, ItemStatus, NegativeListEntry, ReviewOutcome, apply,
};
use crate::store::items::{self as store, StoredItem};
use crate::{ItemId, UnitId};

/// The public version of an item (SVC-ITEM-LIFE): what guide pages and applications use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedItem {
    pub id: ItemId,
    pub code: String,
    pub version: u32,
    pub item: Item,
    /// Applications are accepted (published, not suspended).
    pub accepts_applications: bool,
}

fn public_of(stored: &StoredItem) -> Option<PublishedItem> {
    let public = stored.record.public()?;
    Some(PublishedItem {
        id: stored.record.id,
        code: stored.code.clone(),
        version: public.number,
        item: public.item.clone(),
        accepts_applications: stored.record.accepts_applications(),
    })
}

/// The public version of `code`, refusing an unknown, unpublished or suspended item.
pub(crate) async fn public_in(tx: &mut Tx, code: &str) -> Result<PublishedItem> {
    let stored = store::by_code_in(tx, code)
        .await?
        .ok_or_else(|| Error::not_found(format!("事项 {code}")))?;
    let published = public_of(&stored)
        .ok_or_else(|| Error::invalid(format!("事项 {code} 尚未发布或已终止，不能申请")))?;
    if !published.accepts_applications {
        return Err(Error::invalid(format!("事项 {code} 已暂停办理，不能申请")));
    }
    Ok(published)
}

/// SVC-ITEM-LIFE: the version the public sees, if any.
pub async fn published_item(db: &Db, code: &str) -> Result<Option<PublishedItem>> {
    Ok(store::by_code(db, code).await?.as_ref().and_then(public_of))
}

async fn record_audit(
    tx: &mut Tx,
    actor: &AuditActor,
    action: &str,
    stored: &StoredItem,
    record: &ItemRecord,
    now: Instant,
) -> Result<()> {
    audit::record(
        tx,
        actor,
        AuditEvent::new(action, "svc_item", record.id).detail(format!(
            "事项 {}：{} → {}（第 {} 版）",
            stored.code,
            stored.record.status.label_zh(),
            record.status.label_zh(),
            record.working().map_or(0, |version| version.number)
        )),
        now.millis(),
    )
    .await?;
    Ok(())
}

/// Applies one command in the caller's transaction; returns the new record and version.
pub(crate) async fn command_in(
    tx: &mut Tx,
    actor: &AuditActor,
    stored: &StoredItem,
    command: &ItemCommand,
    now: Instant,
) -> Result<StoredItem> {
    if let ItemCommand::Edit { item } = command
        && item.basic.more.in_hall
    {
        refuse_hall_if_negative(tx, stored).await?;
    }
    let (record, _events) = apply(&stored.record, command, now).map_err(Error::from)?;
    let version = store::update(tx, stored, &record, now).await?;
    let action = format!("services.item.{:?}", command.kind()).to_lowercase();
    record_audit(tx, actor, &action, stored, &record, now).await?;
    Ok(StoredItem {
        code: stored.code.clone(),
        record,
        version,
    })
}

/// SVC-ONE-DOOR: an item is either handled in the hall or on the negative list, never both
/// (the negative list's own form refuses the other way round).
async fn refuse_hall_if_negative(tx: &mut Tx, stored: &StoredItem) -> Result<()> {
    let listed = sqlx::query("SELECT 1 AS one FROM svc_negative_list WHERE item_id = $1")
        .bind(stored.record.id.0)
        .fetch_optional(&mut **tx)
        .await?;
    if listed.is_some() {
        return Err(Error::invalid(
            "该事项已列入不进驻政务大厅的负面清单，不能标记为进驻政务大厅办理；\
             须先将其移出负面清单（SVC-ONE-DOOR）",
        ));
    }
    Ok(())
}

/// SVC-ITEM-LIFE: claims `code` with `item` as version 1, or edits the working version (a
/// published item gets a new version; the published one stays public). Returns the id and
/// the working version number.
pub async fn save_item_version(
    db: &Db,
    actor: &AuditActor,
    code: &str,
    item: Item,
    now: Instant,
) -> Result<(ItemId, u32)> {
    if code.trim().is_empty() {
        return Err(Error::invalid("事项编码不能为空"));
    }
    let mut tx = db.begin().await?;
    let saved = match store::by_code_in(&mut tx, code).await? {
        None => {
            let department: UnitId = item.basic.department;
            let record = ItemRecord::claim(ItemId(0), department, item);
            let id = store::insert(&mut tx, code, &record, now).await?;
            audit::record(
                &mut tx,
                actor,
                AuditEvent::new("services.item.claim", "svc_item", id)
                    .detail(format!("认领事项 {code}（第 1 版）")),
                now.millis(),
            )
            .await?;
            (id, 1)
        }
        Some(stored) => {
            let edit = ItemCommand::Edit {
                item: Box::new(item),
            };
            let next = command_in(&mut tx, actor, &stored, &edit, now).await?;
            let number = next.record.working().map_or(0, |version| version.number);
            (next.record.id, number)
        }
    };
    tx.commit().await?;
    Ok(saved)
}

/// SVC-ITEM-LIFE: one command on an item through the pure machine, audited. With
/// `expected_version` a stale page is a conflict. A refused command changes nothing.
pub async fn item_command(
    db: &Db,
    actor: &AuditActor,
    id: ItemId,
    command: ItemCommand,
    expected_version: Option<i64>,
    now: Instant,
) -> Result<(ItemRecord, i64)> {
    let mut tx = db.begin().await?;
    let stored = store::get_in(&mut tx, id).await?;
    if expected_version.is_some_and(|expected| expected != stored.version) {
        return Err(Error::conflict("事项已被他人更新，请刷新后重试"));
    }
    let next = command_in(&mut tx, actor, &stored, &command, now).await?;
    tx.commit().await?;
    Ok((next.record, next.version))
}

/// SVC-ITEM-LIFE: takes the working version through submission, review, legal review where
/// the legal basis changed, and publication, each step through the machine and audited, in
/// one transaction (the catalogue administrator's one-step path; the seed uses it).
pub async fn publish_item(
    db: &Db,
    actor: &AuditActor,
    id: ItemId,
    now: Instant,
) -> Result<ItemRecord> {
    let mut tx = db.begin().await?;
    let mut stored = store::get_in(&mut tx, id).await?;
    loop {
        let command = match stored.record.status {
            ItemStatus::Claimed | ItemStatus::Drafting => {
                ItemCommand::Submit { legal_first: false }
            }
            ItemStatus::Submitted => ItemCommand::Review {
                outcome: ReviewOutcome::Pass,
                chain: Vec::new(),
            },
            ItemStatus::LegalReview => ItemCommand::LegalReview {
                outcome: ReviewOutcome::Pass,
            },
            ItemStatus::Approved => ItemCommand::Publish,
            ItemStatus::Published => break,
            ItemStatus::Suspended | ItemStatus::Terminated => {
                return Err(Error::invalid(format!(
                    "事项{}，不能发布",
                    stored.record.status.label_zh()
                )));
            }
        };
        stored = command_in(&mut tx, actor, &stored, &command, now).await?;
    }
    tx.commit().await?;
    Ok(stored.record)
}

/// SVC-NEG-LIST: puts an item on the negative list with its reason and approving document.
pub async fn add_to_negative_list(
    db: &Db,
    actor: &AuditActor,
    entry: NegativeListEntry,
    now: Instant,
) -> Result<()> {
    let entry =
        NegativeListEntry::parse(entry.item, &entry.reason, entry.document).map_err(Error::from)?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO svc_negative_list (item_id, reason, approving_document, created_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(entry.item.0)
    .bind(&entry.reason)
    .bind(format!(
        "{}《{}》",
        entry.document.number, entry.document.title
    ))
    .bind(now.millis())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        AuditEvent::new("services.item.negative_list", "svc_item", entry.item).detail(format!(
            "列入负面清单：{}（{}）",
            entry.reason, entry.document.number
        )),
        now.millis(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
