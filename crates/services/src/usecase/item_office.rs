//! The catalogue in the back office (issue 22; SVC-ITEM-LIFE, SVC-NEG-LIST, SVC-ONLINE-URL,
//! SVC-MATERIAL-BASIS): a department's items with their status and versions, claiming from
//! the upper catalogue, editing, submitting (the online address checked against the profile's
//! hosts), each step of the profile's review chain, legal review, publication, suspension and
//! termination — every command through the pure machine `item::apply` via
//! [`item_command`](super::items::item_command), audited. The negative list is kept here.

use calendar::Instant;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::Db;
use platform::profile::ServiceRules;
use platform::{Error, Result};
use sqlx::Row as _;

use super::items::item_command;
use crate::item::{
    ApprovingDocument, Item, ItemCommand, ItemRecord, ItemStatus, Materials, NegativeListEntry,
    ReviewOutcome, online_url,
};
use crate::store::items::{self as store, StoredItem, status_code};
use crate::{ItemId, UnitId};

/// One line of the office's item list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeItem {
    pub id: ItemId,
    pub code: String,
    pub name: String,
    pub department: UnitId,
    pub status: ItemStatus,
    /// The working version's number.
    pub working: u32,
    /// The version the public sees.
    pub public: Option<u32>,
}

/// The items of `department` (every item when `None`), by code.
pub async fn office_items(db: &Db, department: Option<UnitId>) -> Result<Vec<OfficeItem>> {
    let rows = sqlx::query(
        "SELECT id, code, name, department_unit_id, status, current_version, published_version \
         FROM svc_items WHERE ($1 = 0 OR department_unit_id = $2) ORDER BY code",
    )
    .bind(i64::from(department.is_some()))
    .bind(department.map_or(0, |unit| unit.0))
    .fetch_all(&db.pool)
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        let status: String = row.try_get("status")?;
        let status = ItemStatus::ALL
            .into_iter()
            .find(|candidate| status_code(*candidate) == status)
            .ok_or_else(|| crate::store::unreadable("item status", &status))?;
        let working: i64 = row.try_get("current_version")?;
        let public: Option<i64> = row.try_get("published_version")?;
        items.push(OfficeItem {
            id: ItemId(row.try_get("id")?),
            code: row.try_get("code")?,
            name: row.try_get("name")?,
            department: UnitId(row.try_get("department_unit_id")?),
            status,
            working: u32::try_from(working).unwrap_or(0),
            public: public.and_then(|n| u32::try_from(n).ok()),
        });
    }
    Ok(items)
}

/// The items waiting for a review step, a legal review or publication (the reviewers' list).
pub async fn items_waiting(db: &Db) -> Result<Vec<OfficeItem>> {
    let all = office_items(db, None).await?;
    Ok(all
        .into_iter()
        .filter(|item| {
            matches!(
                item.status,
                ItemStatus::Submitted | ItemStatus::LegalReview | ItemStatus::Approved
            )
        })
        .collect())
}

/// The record of `id` with its code and optimistic version.
pub async fn office_item(db: &Db, id: ItemId) -> Result<StoredItem> {
    let mut tx = db.pool.begin().await?;
    let stored = store::get_in(&mut tx, id).await?;
    tx.commit().await?;
    Ok(stored)
}

/// SVC-ITEM-LIFE: claims (认领) `code` from the upper catalogue for `department` as version
/// 1 with the catalogue's name, type and legal basis; the department then edits the guide.
pub async fn claim_item(
    db: &Db,
    actor: &AuditActor,
    code: &str,
    item: Item,
    now: Instant,
) -> Result<ItemId> {
    let code = code.trim();
    if code.is_empty() || code.chars().count() > 40 {
        return Err(Error::invalid("事项编码不能为空，且不超过40个字符"));
    }
    if item.basic.main_name.trim().is_empty() {
        return Err(Error::invalid("主项名称不能为空"));
    }
    if item.basic.legal_basis.trim().is_empty() {
        return Err(Error::invalid("认领事项须写明上级目录中的设定依据"));
    }
    let mut tx = db.begin().await?;
    if store::by_code_in(&mut tx, code).await?.is_some() {
        return Err(Error::invalid(format!("事项 {code} 已被认领")));
    }
    let record = ItemRecord::claim(ItemId(0), item.basic.department, item);
    let id = store::insert(&mut tx, code, &record, now).await?;
    audit::record(
        &mut tx,
        actor,
        AuditEvent::new("services.item.claim", "svc_item", id)
            .detail(format!("认领事项 {code}（第 1 版）")),
        now.millis(),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// SVC-ONLINE-URL: the working guide's online address is on one of the profile's hosts.
fn check_online_address(item: &Item, rules: &ServiceRules) -> Result<()> {
    let url = item.basic.more.online_url.trim();
    if url.is_empty() {
        return Ok(());
    }
    online_url::check(url, &rules.online_host_list()).map_err(Error::invalid)
}

/// SVC-MATERIAL-BASIS: every material names its legal basis.
fn check_material_basis(item: &Item) -> Result<()> {
    if let Materials::List(list) = &item.materials
        && let Some(material) = list.iter().find(|m| m.more.legal_basis.trim().is_empty())
    {
        return Err(Error::invalid(format!(
            "材料“{}”没有设定依据，不能要求申请人提交",
            material.name
        )));
    }
    Ok(())
}

/// SVC-ITEM-LIFE, SVC-ONLINE-URL: submits the working version; the online address is
/// checked against the profile's hosts first (no network access).
pub async fn submit_item(
    db: &Db,
    actor: &AuditActor,
    rules: &ServiceRules,
    id: ItemId,
    expected_version: i64,
    now: Instant,
) -> Result<(ItemRecord, i64)> {
    let stored = office_item(db, id).await?;
    if let Some(working) = stored.record.working() {
        check_online_address(&working.item, rules)?;
    }
    item_command(
        db,
        actor,
        id,
        ItemCommand::Submit {
            legal_first: rules.legal_review_first,
        },
        Some(expected_version),
        now,
    )
    .await
}

/// SVC-ITEM-LIFE: one step of the profile's review chain; SVC-MATERIAL-BASIS: a material
/// without a legal basis is refused at review.
pub async fn review_item(
    db: &Db,
    actor: &AuditActor,
    rules: &ServiceRules,
    id: ItemId,
    outcome: ReviewOutcome,
    expected_version: i64,
    now: Instant,
) -> Result<(ItemRecord, i64)> {
    if outcome == ReviewOutcome::Pass {
        let stored = office_item(db, id).await?;
        if let Some(working) = stored.record.working() {
            check_material_basis(&working.item)?;
            check_online_address(&working.item, rules)?;
        }
    }
    let chain = rules
        .item_review_steps()
        .into_iter()
        .map(str::to_owned)
        .collect();
    let command = ItemCommand::Review { outcome, chain };
    item_command(db, actor, id, command, Some(expected_version), now).await
}

/// The label of the review step the item waits for (SVC-ITEM-LIFE), if it waits for one.
pub fn waiting_step(record: &ItemRecord, rules: &ServiceRules) -> Option<String> {
    match record.status {
        ItemStatus::Submitted => {
            let step = record.working().map_or(0, |version| version.review_step);
            let steps = rules.item_review_steps();
            Some(
                steps
                    .get(step as usize)
                    .copied()
                    .unwrap_or("审核")
                    .to_owned(),
            )
        }
        ItemStatus::LegalReview => Some(rules.item_legal_review.clone()),
        _ => None,
    }
}

/// SVC-NEG-LIST: one entry with the item's code and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NegativeListRow {
    pub item: ItemId,
    pub code: String,
    pub name: String,
    pub department: UnitId,
    pub reason: String,
    pub document: ApprovingDocument,
    /// SVC-ONE-DOOR: the issuing unit and date of the approving document (migration 0076);
    /// empty for an entry kept before they were asked.
    pub issue: DocumentIssue,
}

/// SVC-ONE-DOOR (000 中心 §16 以正式文件公布): who issued the approving document and when.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocumentIssue {
    /// 发文机关, e.g. 甘州区人民政府.
    pub issuer: String,
    /// 成文日期, `YYYY-MM-DD`.
    pub date: String,
}

impl DocumentIssue {
    /// Both given, the unit at most 100 characters, the date a real `YYYY-MM-DD`.
    pub fn parse(issuer: &str, date: &str) -> Result<DocumentIssue> {
        let issuer = issuer.trim();
        if issuer.is_empty() || issuer.chars().count() > 100 {
            return Err(Error::invalid("请填写发文机关（不超过100个字符）"));
        }
        let date = date.trim();
        if !valid_date(date) {
            return Err(Error::invalid("成文日期应为“年-月-日”，如 2025-03-01"));
        }
        Ok(DocumentIssue {
            issuer: issuer.to_owned(),
            date: date.to_owned(),
        })
    }
}

fn valid_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return false;
    };
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (
        year.parse::<u32>(),
        month.parse::<u32>(),
        day.parse::<u32>(),
    ) else {
        return false;
    };
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2999).contains(&year) && (1..=days).contains(&day)
}

/// SVC-NEG-LIST, SVC-ONE-DOOR: the negative list, by item code (published on the portal as
/// the formal document says).
pub async fn negative_list(db: &Db) -> Result<Vec<NegativeListRow>> {
    let rows = sqlx::query(
        "SELECT n.item_id, n.reason, n.approving_document, n.document_number, n.document_title, \
         n.document_issuer, n.document_date, i.code, i.name, i.department_unit_id FROM svc_negative_list n \
         JOIN svc_items i ON i.id = n.item_id ORDER BY i.code",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut list = Vec::with_capacity(rows.len());
    for row in &rows {
        let number: String = row.try_get("document_number")?;
        let title: String = row.try_get("document_title")?;
        let (number, title) = if number.is_empty() {
            (row.try_get("approving_document")?, String::new())
        } else {
            (number, title)
        };
        list.push(NegativeListRow {
            item: ItemId(row.try_get("item_id")?),
            code: row.try_get("code")?,
            name: row.try_get("name")?,
            department: UnitId(row.try_get("department_unit_id")?),
            reason: row.try_get("reason")?,
            document: ApprovingDocument { number, title },
            issue: DocumentIssue {
                issuer: row.try_get("document_issuer")?,
                date: row.try_get("document_date")?,
            },
        });
    }
    Ok(list)
}

/// SVC-NEG-LIST: puts the item with `code` on the negative list (or replaces its entry) with
/// the reason and the approving document; audited. Without the document's issuing unit and
/// date: [`save_negative_document`] asks for them (SVC-ONE-DOOR).
pub async fn save_negative_entry(
    db: &Db,
    actor: &AuditActor,
    code: &str,
    reason: &str,
    document: ApprovingDocument,
    now: Instant,
) -> Result<()> {
    let issue = DocumentIssue::default();
    save_negative_document(db, actor, (code, reason), document, &issue, now).await
}

/// SVC-NEG-LIST, SVC-ONE-DOOR: [`save_negative_entry`] with the issuing unit and date of the
/// approving document, which the portal publishes as a formal document.
pub async fn save_negative_document(
    db: &Db,
    actor: &AuditActor,
    (code, reason): (&str, &str),
    document: ApprovingDocument,
    issue: &DocumentIssue,
    now: Instant,
) -> Result<()> {
    let mut tx = db.begin().await?;
    let stored = store::by_code_in(&mut tx, code)
        .await?
        .ok_or_else(|| Error::invalid(format!("没有编码为“{}”的事项", code.trim())))?;
    // SVC-ONE-DOOR: an item is either handled in the hall or on the negative list.
    if stored
        .record
        .working()
        .is_some_and(|version| version.item.basic.more.in_hall)
    {
        return Err(Error::invalid(
            "该事项标记为进驻政务大厅办理（SVC-ONE-DOOR），列入负面清单前须先在办事指南中取消该标记",
        ));
    }
    let entry =
        NegativeListEntry::parse(stored.record.id, reason, document).map_err(Error::from)?;
    sqlx::query("DELETE FROM svc_negative_list WHERE item_id = $1")
        .bind(entry.item.0)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO svc_negative_list (item_id, reason, approving_document, created_at, \
         document_number, document_title, document_issuer, document_date) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(entry.item.0)
    .bind(&entry.reason)
    .bind(format!(
        "{}《{}》",
        entry.document.number, entry.document.title
    ))
    .bind(now.millis())
    .bind(&entry.document.number)
    .bind(&entry.document.title)
    .bind(&issue.issuer)
    .bind(&issue.date)
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

/// SVC-NEG-LIST: takes an item off the negative list with the approving document; audited.
pub async fn remove_negative_entry(
    db: &Db,
    actor: &AuditActor,
    item: ItemId,
    document: &str,
    now: Instant,
) -> Result<()> {
    let document = crate::required(document, "批准文件文号").map_err(Error::from)?;
    let mut tx = db.begin().await?;
    let removed = sqlx::query("DELETE FROM svc_negative_list WHERE item_id = $1")
        .bind(item.0)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if removed == 0 {
        return Err(Error::not_found(format!("负面清单中的事项 {item}")));
    }
    audit::record(
        &mut tx,
        actor,
        AuditEvent::new("services.item.negative_list_remove", "svc_item", item)
            .detail(format!("移出负面清单（{document}）")),
        now.millis(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
