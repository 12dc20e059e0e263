//! A person's rights over their data (issue 23 item 4; Personal Information Protection Law
//! §45–47): the download of what the platform holds about the account (machine-readable
//! JSON, and the page renders it readable), the correction of the contact phone (verified
//! by a new SMS code), and the deletion of the account — the account's own data erased, the
//! business filed and the audit log kept ([`crate::model::DELETION_PLAN`]), and the answer
//! says which. Every step is audited (SEC-AUDIT). And the count of registered accounts the
//! website annual report needs (注册用户数).

use calendar::Instant;
use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::personal::{DataKey, PhoneNumber, aad};
use platform::phone_code;
use platform::{Error, Result};
use sqlx::Row as _;

use crate::account::{self, Account, REGISTRATION_CODES, actor, audit_refusal};
use crate::enterprise;
use crate::model::DELETION_PLAN;
use crate::space::{self, ItemView};

/// Everything the platform holds about an account, as its holder may download it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Export {
    pub exported_at: i64,
    pub account: Account,
    pub enterprises: Vec<Account>,
    pub items: Vec<ItemView>,
    /// The audit rows about the account (what was done with it, and when).
    pub audit: Vec<AuditLine>,
    /// What a deletion would erase and keep.
    pub deletion_erases: Vec<String>,
    pub deletion_keeps: Vec<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditLine {
    pub at: i64,
    pub action: String,
    pub detail: String,
}

/// The download, itself audited.
pub async fn export(db: &Db, key: &DataKey, account_id: i64, ip: &str, now: i64) -> Result<Export> {
    let account = account::get(db, key, account_id)
        .await?
        .ok_or_else(|| Error::not_found("账号"))?;
    let rows = sqlx::query(
        "SELECT at, action, detail FROM audit_log WHERE object_type = 'account' \
         AND object_id = $1 ORDER BY seq",
    )
    .bind(account_id.to_string())
    .fetch_all(&db.pool)
    .await?;
    let audit = rows
        .iter()
        .map(|row| {
            Ok(AuditLine {
                at: row.try_get("at")?,
                action: row.try_get("action")?,
                detail: row.try_get("detail")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let export = Export {
        exported_at: now,
        enterprises: enterprise::enterprises_of(db, key, account_id).await?,
        items: space::views(db, account_id).await?,
        account,
        audit,
        deletion_erases: DELETION_PLAN
            .erased
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        deletion_keeps: DELETION_PLAN.kept.iter().map(|s| (*s).to_owned()).collect(),
    };
    let event = AuditEvent::new("account.export", "account", account_id).detail("下载个人数据");
    audit::record_alone(db, &actor(account_id, ip), event, now).await?;
    Ok(export)
}

/// Corrects the contact phone of a local account: the new phone verified by its code.
pub async fn correct_phone(
    db: &Db,
    key: &DataKey,
    account_id: i64,
    (phone, code): (&str, &str),
    ip: &str,
    now: Instant,
) -> Result<()> {
    let who = actor(account_id, ip);
    let phone = match PhoneNumber::parse(phone) {
        Ok(phone) => phone,
        Err(error) => {
            audit_refusal(
                db,
                &who,
                "account.contact",
                &error.to_string(),
                now.millis(),
            )
            .await;
            return Err(error);
        }
    };
    let mut tx = db.begin().await?;
    if let Err(refusal) =
        phone_code::spend_in(&mut tx, key, &REGISTRATION_CODES, &phone, code, now).await?
    {
        tx.commit().await?;
        audit_refusal(
            db,
            &who,
            "account.contact",
            &refusal.to_string(),
            now.millis(),
        )
        .await;
        return Err(refusal);
    }
    sqlx::query("UPDATE accounts SET phone_sealed = $1, phone_hash = $2 WHERE id = $3")
        .bind(key.seal_for(phone.as_str(), &aad("accounts.phone", account_id))?)
        .bind(key.lookup_hash(&format!("account-phone:{}", phone.as_str())))
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    let event = AuditEvent::new("account.contact", "account", account_id)
        .detail(format!("更正联系电话为 {}", phone.masked()));
    audit::record(&mut tx, &who, event, now.millis()).await?;
    tx.commit().await?;
    Ok(())
}

/// The answer to a deletion: what was erased and what is kept, and why.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Deletion {
    pub erased: Vec<String>,
    pub kept: Vec<String>,
}

/// Deletes the account: personal fields, sessions, agents' authorisations and the links of
/// 我的空间 erased; the row stays (status `deleted`) for the audit log's references; the
/// business filed and the audit log kept.
pub async fn delete(db: &Db, account_id: i64, ip: &str, now: i64) -> Result<Deletion> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE accounts SET status = 'deleted', deletion_requested_at = $1, name_sealed = NULL, \
         phone_sealed = NULL, phone_hash = NULL, id_number_sealed = NULL, id_number_hash = NULL, \
         password_hash = NULL, subject = NULL, representative_id = NULL WHERE id = $2 \
         AND status = 'active'",
    )
    .bind(now)
    .bind(account_id)
    .execute(&mut *tx)
    .await?;
    for sql in [
        "DELETE FROM account_sessions WHERE account_id = $1",
        "DELETE FROM account_items WHERE account_id = $1",
        "DELETE FROM account_agents WHERE person_id = $1",
        "DELETE FROM account_subscriptions WHERE account_id = $1",
        "DELETE FROM account_messages WHERE account_id = $1",
    ] {
        sqlx::query(sql).bind(account_id).execute(&mut *tx).await?;
    }
    let event = AuditEvent::new("account.delete", "account", account_id)
        .detail("注销账号：个人信息已删除，已提交的事项和审计日志依法保留");
    audit::record(&mut tx, &actor(account_id, ip), event, now).await?;
    tx.commit().await?;
    Ok(Deletion {
        erased: DELETION_PLAN
            .erased
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        kept: DELETION_PLAN.kept.iter().map(|s| (*s).to_owned()).collect(),
    })
}

/// 注册用户数 (the website annual report, issue 23 item 5): accounts of persons and
/// enterprises registered before `until` and not deleted by then.
pub async fn registered_count(db: &Db, until: i64) -> Result<i64> {
    platform::filed_by::registered_count(db, until).await
}

/// The number of business items filed while logged in, linked before `until`.
pub async fn filed_with_account(db: &Db, until: i64) -> Result<i64> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM account_items WHERE how = 'filed' AND linked_at < $1",
    )
    .bind(until)
    .fetch_one(&db.pool)
    .await?;
    Ok(row.try_get("n")?)
}
