//! 我的空间 (issue 23 item 3, WEB-PERSONAL): the business of an account — 12345 appeals,
//! service cases, disclosure applications, e-participation messages — linked when filed
//! while logged in, or claimed later with the number and query code through each domain's
//! own lookup (a wrong code counts against the number there: `platform::query_code`). An
//! item is read only through its account: another account's item is the same 404 as an
//! unknown one.

use platform::audit::{self, AuditEvent};
use platform::db::{Db, Tx};
use platform::personal::DataKey;
use platform::{Error, Result};
use sqlx::Row as _;

use crate::account::{actor, audit_refusal};
use crate::model::{How, ItemKind};

/// One business of an account.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Item {
    pub id: i64,
    pub kind: ItemKind,
    pub object_id: i64,
    pub number: String,
    pub how: String,
    pub linked_at: i64,
}

/// An item with what its domain says of it now.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ItemView {
    pub item: Item,
    pub status: String,
    /// The matter in a line (category, item, request or title).
    pub summary: String,
}

/// Links a business filed while logged in (the caller's filing transaction commits it);
/// the domains do the same through `platform::filed_by`, which this is.
pub async fn link_filed_in(
    tx: &mut Tx,
    account_id: i64,
    kind: ItemKind,
    (object_id, number): (i64, &str),
    now: i64,
) -> Result<()> {
    let filed_by = Some(platform::filed_by::FiledBy(account_id));
    platform::filed_by::link_in(tx, filed_by, kind.code(), (object_id, number), now).await
}

/// [`link_filed_in`] in its own transaction, audited.
pub async fn link_filed(
    db: &Db,
    account_id: i64,
    kind: ItemKind,
    (object_id, number): (i64, &str),
    ip: &str,
    now: i64,
) -> Result<()> {
    let mut tx = db.begin().await?;
    link_filed_in(&mut tx, account_id, kind, (object_id, number), now).await?;
    let event = AuditEvent::new("account.item", "account", account_id)
        .detail(format!("登录后提交{} {number}", kind.label_zh()));
    audit::record(&mut tx, &actor(account_id, ip), event, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The object's id behind `number` when `code` is its query code, by the domain's lookup.
async fn verified(
    db: &Db,
    key: &DataKey,
    kind: ItemKind,
    number: &str,
    code: &str,
) -> Result<(i64, String)> {
    Ok(match kind {
        ItemKind::Appeal => {
            let view = hotline::usecase::find_by_number(db, key, number, code).await?;
            (view.appeal_id.0, view.number)
        }
        ItemKind::Case => {
            let calendar = platform::workcal::load_current(db).await?;
            let view = services::usecase::case_status(
                db,
                key,
                number,
                code,
                &calendar,
                calendar::Instant::from_millis(platform::db::now_ms()),
            )
            .await?;
            let stored = services::store::cases::by_number(db, &view.number)
                .await?
                .ok_or_else(|| Error::not_found("办件"))?;
            (stored.id.0, stored.number)
        }
        ItemKind::Application => {
            let stored = openness::usecase::lookup(db, key, number, code).await?;
            (stored.application.id.0, stored.number)
        }
        ItemKind::Message => {
            let stored = participation::usecase::lookup(db, key, number, code).await?;
            (stored.message.id.0, stored.number)
        }
    })
}

/// Claims an older business with its number and query code. A wrong code, or a business
/// another account holds, is refused with the domain's message; nothing is linked; the
/// attempt is audited.
pub async fn claim(
    db: &Db,
    key: &DataKey,
    account_id: i64,
    (kind, number, code): (ItemKind, &str, &str),
    ip: &str,
    now: i64,
) -> Result<i64> {
    let who = actor(account_id, ip);
    let (object_id, number) = match verified(db, key, kind, number, code).await {
        Ok(found) => found,
        Err(error) => {
            let why = format!("认领{}失败：{error}", kind.label_zh());
            audit_refusal(db, &who, "account.claim", &why, now).await;
            return Err(error);
        }
    };
    let mut tx = db.begin().await?;
    let holder =
        sqlx::query("SELECT account_id FROM account_items WHERE kind = $1 AND object_id = $2")
            .bind(kind.code())
            .bind(object_id)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(row) = holder {
        let holder: i64 = row.try_get("account_id")?;
        drop(tx);
        let why = if holder == account_id {
            "该事项已在您的空间中"
        } else {
            "该事项已由其他账号认领，如有疑问请联系 12345"
        };
        audit_refusal(db, &who, "account.claim", why, now).await;
        return Err(Error::invalid(why));
    }
    let row = sqlx::query(
        "INSERT INTO account_items (account_id, kind, object_id, number, how, linked_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(account_id)
    .bind(kind.code())
    .bind(object_id)
    .bind(&number)
    .bind(How::Claimed.code())
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let event = AuditEvent::new("account.claim", "account", account_id)
        .detail(format!("凭编号和查询码认领{} {number}", kind.label_zh()));
    audit::record(&mut tx, &who, event, now).await?;
    tx.commit().await?;
    Ok(row.try_get("id")?)
}

fn item_of(row: &sqlx::any::AnyRow) -> Result<Item> {
    let kind: String = row.try_get("kind")?;
    Ok(Item {
        id: row.try_get("id")?,
        kind: ItemKind::from_code(&kind).ok_or_else(|| Error::not_found("事项"))?,
        object_id: row.try_get("object_id")?,
        number: row.try_get("number")?,
        how: row.try_get("how")?,
        linked_at: row.try_get("linked_at")?,
    })
}

/// The items of an account, newest first.
pub async fn items(db: &Db, account_id: i64) -> Result<Vec<Item>> {
    let rows = sqlx::query(
        "SELECT id, kind, object_id, number, how, linked_at FROM account_items \
         WHERE account_id = $1 ORDER BY linked_at DESC, id DESC",
    )
    .bind(account_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(item_of).collect()
}

/// The item `id` of the account, or NotFound — the same for another account's item.
pub async fn item(db: &Db, account_id: i64, id: i64) -> Result<ItemView> {
    let row = sqlx::query(
        "SELECT id, kind, object_id, number, how, linked_at FROM account_items \
         WHERE id = $1 AND account_id = $2",
    )
    .bind(id)
    .bind(account_id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| Error::not_found("您空间中的该事项"))?;
    view(db, item_of(&row)?).await
}

/// What the item's domain says of it now.
pub async fn view(db: &Db, item: Item) -> Result<ItemView> {
    let (status, summary) = match item.kind {
        ItemKind::Appeal => {
            let id = hotline::AppealId(item.object_id);
            let order = hotline::store::orders::get(db, id).await?;
            let appeal = hotline::store::appeals::get(db, id).await?;
            let stage = hotline::order::citizen_stage(order.order.status);
            (
                stage.label_zh().to_owned(),
                appeal
                    .map(|a| {
                        hotline::appeal::Category::parse(&a.category)
                            .map(|c| c.label_zh().to_owned())
                            .unwrap_or(a.category)
                    })
                    .unwrap_or_default(),
            )
        }
        ItemKind::Case => {
            let stored = services::store::cases::get(db, services::CaseId(item.object_id)).await?;
            let mut tx = db.begin_read().await?;
            let item_name = services::store::items::version_in(
                &mut tx,
                stored.case.item,
                stored.case.item_version,
            )
            .await
            .map(|item| item.basic.main_name)
            .unwrap_or_default();
            drop(tx);
            (stored.case.status.label_zh().to_owned(), item_name)
        }
        ItemKind::Application => {
            let stored =
                openness::store::applications::get(db, openness::ApplicationId(item.object_id))
                    .await?;
            (
                stored.application.status.label_zh().to_owned(),
                String::new(),
            )
        }
        ItemKind::Message => {
            let stored =
                participation::store::messages::get(db, participation::MessageId(item.object_id))
                    .await?;
            (
                message_status(stored.message.status).to_owned(),
                String::new(),
            )
        }
    };
    Ok(ItemView {
        item,
        status,
        summary,
    })
}

fn message_status(status: participation::message::Status) -> &'static str {
    use participation::message::Status;
    match status {
        Status::Received => "待分办",
        Status::Routed => "办理中",
        Status::Replied => "待审核",
        Status::Approved => "待发布",
        Status::Published => "已公开",
        Status::NotPublished => "已答复（不予公开）",
        Status::Transferred => "已转 12345",
        Status::Invalid => "无效留言",
    }
}

/// The items with their domains' status, newest first.
pub async fn views(db: &Db, account_id: i64) -> Result<Vec<ItemView>> {
    let mut out = Vec::new();
    for item in items(db, account_id).await? {
        out.push(view(db, item).await?);
    }
    Ok(out)
}

/// A rating given to a business of the space (好差评, EVAL-ALL; a message's rating).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Rating {
    pub kind: ItemKind,
    pub number: String,
    pub level: i64,
    pub comment: String,
    pub at: Option<i64>,
}

/// The ratings given to the businesses of the account: the evaluations of its cases (by
/// number) and of its appeals' orders (by order id), and its messages' ratings.
pub async fn ratings(db: &Db, account_id: i64) -> Result<Vec<Rating>> {
    let rows = sqlx::query(
        "SELECT i.kind, i.number, e.level, e.comment, e.created_at FROM account_items i \
         JOIN evaluations e ON (i.kind = 'case' AND e.subject_type = 'case' \
         AND e.subject_id = i.number) OR (i.kind = 'appeal' AND e.subject_type = 'order' \
         AND e.subject_id = CAST(i.object_id AS TEXT)) \
         WHERE i.account_id = $1 ORDER BY e.created_at DESC",
    )
    .bind(account_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::new();
    for row in &rows {
        let kind: String = row.try_get("kind")?;
        out.push(Rating {
            kind: ItemKind::from_code(&kind).unwrap_or(ItemKind::Case),
            number: row.try_get("number")?,
            level: row.try_get("level")?,
            comment: row.try_get("comment")?,
            at: Some(row.try_get("created_at")?),
        });
    }
    let rows = sqlx::query(
        "SELECT i.number, m.rating_level FROM account_items i \
         JOIN participation_messages m ON i.kind = 'message' AND m.id = i.object_id \
         WHERE i.account_id = $1 AND m.rating_level IS NOT NULL ORDER BY i.linked_at DESC",
    )
    .bind(account_id)
    .fetch_all(&db.pool)
    .await?;
    for row in &rows {
        out.push(Rating {
            kind: ItemKind::Message,
            number: row.try_get("number")?,
            level: row.try_get("rating_level")?,
            comment: String::new(),
            at: None,
        });
    }
    Ok(out)
}
