//! Credential resets asked for in the back office (SEC-ACCOUNTS: lost or locked credentials
//! are reset only with an administrator's approval; issue 12 finding 4). A reset of an
//! account holding one of the three administrator roles is a request that a second
//! administrator — one of the three roles, neither the requester nor the account itself —
//! approves before it takes effect, so the security administrator alone can never take over
//! the system or audit administrator. Whatever the account, one person never resets both of
//! its factors (password and TOTP) within [`BOTH_FACTORS_WINDOW_MS`]. Every request, approval
//! and refusal is audited. The operator's break-glass on the server is
//! [`super::reset_password`] (`zhengwu user reset-password`).

use sqlx::Row as _;

use super::{reset_password, reset_totp, roles_of};
use crate::audit::{self, AuditActor, AuditEvent, Outcome};
use crate::db::{Db, Tx};
use crate::error::{Error, Result};
use crate::roles::Actor;

/// Within this long one person never resets both factors of one account (requesting or
/// approving either counts). A day: long enough that the holder has used the one factor
/// before the other may change, short enough not to strand an account with one
/// administrator on leave.
pub const BOTH_FACTORS_WINDOW_MS: i64 = 24 * 3_600_000;

/// The credential a reset replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Factor {
    Password,
    Totp,
}

impl Factor {
    pub fn code(self) -> &'static str {
        match self {
            Factor::Password => "password",
            Factor::Totp => "totp",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Factor::Password => "密码",
            Factor::Totp => "动态口令",
        }
    }

    fn parse(code: &str) -> Result<Factor> {
        match code {
            "password" => Ok(Factor::Password),
            "totp" => Ok(Factor::Totp),
            other => Err(anyhow::anyhow!("unknown credential factor {other:?}").into()),
        }
    }

    fn other(self) -> Factor {
        match self {
            Factor::Password => Factor::Totp,
            Factor::Totp => Factor::Password,
        }
    }
}

/// What became of a reset a staff member asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requested {
    /// An ordinary account: reset at once. A password reset gives its new first password,
    /// which the security administrator hands to the holder (who must change it at login).
    Applied { first_password: Option<String> },
    /// An account of one of the three administrators: nothing changed yet; the request waits
    /// for a second administrator.
    Pending { request_id: i64 },
}

/// A second administrator's approval, now in effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approved {
    pub username: String,
    pub factor: Factor,
    /// A password reset's temporary password, shown to the approver only. There is no SMS
    /// gateway to send it to the account's phone, so the approver — a second person, never
    /// the requester — hands it to the holder in person. The approver cannot use it alone:
    /// the account's second factor is untouched, and the approver may not reset that too
    /// (the both-factors rule); the holder must change it at the first login.
    pub temporary_password: Option<String>,
}

/// A request waiting for a second administrator, as the approval page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingReset {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub factor: Factor,
    pub requested_by: i64,
    pub requester_name: String,
    pub requested_at: i64,
}

/// Whether a holder of these roles is one of the three administrators.
fn is_administrator(roles: &[crate::roles::Role]) -> bool {
    roles.iter().any(|role| role.is_administrator_triad())
}

async fn username_of(tx: &mut Tx, user_id: i64) -> Result<String> {
    let row = sqlx::query("SELECT username FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::not_found("账号"))?;
    Ok(row.try_get("username")?)
}

/// The both-factors rule: refused when `person` requested or approved a reset of the other
/// factor of `user_id` within the window (a refused request reset nothing and does not count).
async fn check_not_both_factors(
    tx: &mut Tx,
    person: i64,
    user_id: i64,
    factor: Factor,
    now: i64,
) -> Result<()> {
    let since = now - BOTH_FACTORS_WINDOW_MS;
    let other = sqlx::query(
        "SELECT id FROM credential_resets WHERE user_id = $1 AND factor = $2 \
         AND status <> 'refused' \
         AND ((requested_by = $3 AND requested_at >= $4) OR (decided_by = $3 AND decided_at >= $4))",
    )
    .bind(user_id)
    .bind(factor.other().code())
    .bind(person)
    .bind(since)
    .fetch_optional(&mut **tx)
    .await?;
    if other.is_some() {
        return Err(Error::Refused(format!(
            "同一人 24 小时内不能既重置该账号的{}又重置其{}（SEC-ACCOUNTS：两个认证因素不得由一人重置），请由另一位管理员办理",
            factor.other().label_zh(),
            factor.label_zh()
        )));
    }
    Ok(())
}

/// Audits a refused request, approval or refusal on its own (the use case's transaction
/// rolled back) and returns the error.
async fn refused(
    db: &Db,
    audit_actor: &AuditActor,
    (action, user_id): (&str, i64),
    error: Error,
    now: i64,
) -> Result<Error> {
    let event = AuditEvent::new(action, "user", user_id)
        .outcome(Outcome::Denied)
        .detail(error.to_string());
    audit::record_alone(db, audit_actor, event, now).await?;
    Ok(error)
}

/// A staff member (the security administrator; the route's guard checks the role) asks to
/// reset `factor` of account `user_id`, in one transaction. An ordinary account is reset at
/// once; an administrator's account gets a pending request and nothing else changes. A
/// request the both-factors rule refuses is audited and changes nothing.
pub async fn request(
    db: &Db,
    (actor, ip): (&Actor, &str),
    user_id: i64,
    factor: Factor,
    now: i64,
) -> Result<Requested> {
    let audit_actor = AuditActor::staff(actor, ip);
    let mut tx = db.begin().await?;
    let username = username_of(&mut tx, user_id).await?;
    if let Err(error) = check_not_both_factors(&mut tx, actor.user_id, user_id, factor, now).await {
        drop(tx);
        let action = ("user.reset_request_refused", user_id);
        return Err(refused(db, &audit_actor, action, error, now).await?);
    }
    let target_roles = roles_of(&mut *tx, user_id).await?;
    let requested = if is_administrator(&target_roles) {
        let request_id =
            file_request(&mut tx, &audit_actor, (user_id, &username), factor, now).await?;
        Requested::Pending { request_id }
    } else {
        let first_password = apply_at_once(&mut tx, &audit_actor, user_id, factor, now).await?;
        Requested::Applied { first_password }
    };
    tx.commit().await?;
    Ok(requested)
}

/// An ordinary account's reset: recorded as applied (for the both-factors rule) and done.
async fn apply_at_once(
    tx: &mut Tx,
    audit_actor: &AuditActor,
    user_id: i64,
    factor: Factor,
    now: i64,
) -> Result<Option<String>> {
    sqlx::query(
        "INSERT INTO credential_resets (user_id, factor, status, requested_by, requested_at, decided_at) \
         VALUES ($1, $2, 'applied', $3, $4, $4)",
    )
    .bind(user_id)
    .bind(factor.code())
    .bind(audit_actor.user_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    apply(tx, audit_actor, user_id, factor, now).await
}

/// The reset itself: a new first password (returned), or the second factor cleared.
async fn apply(
    tx: &mut Tx,
    audit_actor: &AuditActor,
    user_id: i64,
    factor: Factor,
    now: i64,
) -> Result<Option<String>> {
    Ok(match factor {
        Factor::Password => Some(reset_password(tx, audit_actor, user_id, now).await?),
        Factor::Totp => {
            reset_totp(tx, audit_actor, user_id, now).await?;
            None
        }
    })
}

/// An administrator's account: a pending request, audited; nothing else changes.
async fn file_request(
    tx: &mut Tx,
    audit_actor: &AuditActor,
    (user_id, username): (i64, &str),
    factor: Factor,
    now: i64,
) -> Result<i64> {
    let waiting = sqlx::query(
        "SELECT id FROM credential_resets WHERE user_id = $1 AND factor = $2 AND status = 'pending'",
    )
    .bind(user_id)
    .bind(factor.code())
    .fetch_optional(&mut **tx)
    .await?;
    if waiting.is_some() {
        return Err(Error::conflict(format!(
            "账号 {username} 已有一项待批准的{}重置申请",
            factor.label_zh()
        )));
    }
    let request_id: i64 = sqlx::query(
        "INSERT INTO credential_resets (user_id, factor, status, requested_by, requested_at) \
         VALUES ($1, $2, 'pending', $3, $4) RETURNING id",
    )
    .bind(user_id)
    .bind(factor.code())
    .bind(audit_actor.user_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    let event = AuditEvent::new("user.reset_requested", "user", user_id).detail(format!(
        "申请重置管理员账号 {username} 的{}（申请 #{request_id}），待另一位管理员批准",
        factor.label_zh()
    ));
    audit::record(tx, audit_actor, event, now).await?;
    Ok(request_id)
}

/// One request as stored.
struct StoredRequest {
    user_id: i64,
    factor: Factor,
    requested_by: i64,
}

async fn pending_request(tx: &mut Tx, request_id: i64) -> Result<StoredRequest> {
    let row = sqlx::query(
        "SELECT user_id, factor, status, requested_by FROM credential_resets WHERE id = $1",
    )
    .bind(request_id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| Error::not_found("重置申请"))?;
    let status: String = row.try_get("status")?;
    if status != "pending" {
        return Err(Error::conflict("该重置申请已处理，不能再次批准或驳回"));
    }
    Ok(StoredRequest {
        user_id: row.try_get("user_id")?,
        factor: Factor::parse(&row.try_get::<String, _>("factor")?)?,
        requested_by: row.try_get("requested_by")?,
    })
}

/// Marks a pending request decided; false when another decision came first.
async fn decide(
    tx: &mut Tx,
    request_id: i64,
    status: &str,
    decider: i64,
    now: i64,
) -> Result<bool> {
    let updated = sqlx::query(
        "UPDATE credential_resets SET status = $1, decided_by = $2, decided_at = $3 \
         WHERE id = $4 AND status = 'pending'",
    )
    .bind(status)
    .bind(decider)
    .bind(now)
    .bind(request_id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(updated == 1)
}

/// A second administrator approves a pending request, which takes effect at once, in one
/// transaction: a password reset returns the temporary password for the approver to hand
/// over in person. The approver holds one of the three administrator roles, is neither the
/// requester nor the account itself, and has not reset the account's other factor within the
/// window; an approval refused for that is audited and changes nothing.
pub async fn approve(
    db: &Db,
    (approver, ip): (&Actor, &str),
    request_id: i64,
    now: i64,
) -> Result<Approved> {
    if !is_administrator(&approver.roles) {
        return Err(Error::Forbidden);
    }
    let audit_actor = AuditActor::staff(approver, ip);
    let mut tx = db.begin().await?;
    let request = pending_request(&mut tx, request_id).await?;
    let allowed = if approver.user_id == request.requested_by {
        Err(Error::Refused(
            "不能批准自己提出的重置申请，须由另一位管理员批准".into(),
        ))
    } else if approver.user_id == request.user_id {
        Err(Error::Refused(
            "不能批准重置自己账号的申请，须由另一位管理员批准".into(),
        ))
    } else {
        check_not_both_factors(
            &mut tx,
            approver.user_id,
            request.user_id,
            request.factor,
            now,
        )
        .await
    };
    if let Err(error) = allowed {
        drop(tx);
        let error = Error::Refused(format!("申请 #{request_id}：{error}"));
        let action = ("user.reset_approve_refused", request.user_id);
        return Err(refused(db, &audit_actor, action, error, now).await?);
    }
    if !decide(&mut tx, request_id, "applied", approver.user_id, now).await? {
        return Err(Error::conflict("该重置申请已处理，不能再次批准或驳回"));
    }
    let username = username_of(&mut tx, request.user_id).await?;
    let requester = username_of(&mut tx, request.requested_by).await?;
    let event = AuditEvent::new("user.reset_approved", "user", request.user_id).detail(format!(
        "批准 {requester} 申请重置 {username} 的{}（申请 #{request_id}）",
        request.factor.label_zh()
    ));
    audit::record(&mut tx, &audit_actor, event, now).await?;
    let temporary_password =
        apply(&mut tx, &audit_actor, request.user_id, request.factor, now).await?;
    tx.commit().await?;
    Ok(Approved {
        username,
        factor: request.factor,
        temporary_password,
    })
}

/// Any of the three administrators refuses a pending request (the requester withdraws it,
/// the holder objects to it, or a peer declines it); nothing is reset.
pub async fn refuse(
    db: &Db,
    (administrator, ip): (&Actor, &str),
    request_id: i64,
    now: i64,
) -> Result<()> {
    if !is_administrator(&administrator.roles) {
        return Err(Error::Forbidden);
    }
    let mut tx = db.begin().await?;
    let request = pending_request(&mut tx, request_id).await?;
    if !decide(&mut tx, request_id, "refused", administrator.user_id, now).await? {
        return Err(Error::conflict("该重置申请已处理，不能再次批准或驳回"));
    }
    let username = username_of(&mut tx, request.user_id).await?;
    let event = AuditEvent::new("user.reset_refused", "user", request.user_id).detail(format!(
        "驳回重置 {username} 的{}的申请（申请 #{request_id}）",
        request.factor.label_zh()
    ));
    let audit_actor = AuditActor::staff(administrator, ip);
    audit::record(&mut tx, &audit_actor, event, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The requests waiting for a second administrator, oldest first.
pub async fn pending(db: &Db) -> Result<Vec<PendingReset>> {
    let rows = sqlx::query(
        "SELECT r.id, r.user_id, u.username, u.display_name, r.factor, r.requested_by, \
         q.display_name AS requester_name, r.requested_at \
         FROM credential_resets r JOIN users u ON u.id = r.user_id \
         JOIN users q ON q.id = r.requested_by \
         WHERE r.status = 'pending' ORDER BY r.requested_at, r.id",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(PendingReset {
                id: row.try_get("id")?,
                user_id: row.try_get("user_id")?,
                username: row.try_get("username")?,
                display_name: row.try_get("display_name")?,
                factor: Factor::parse(&row.try_get::<String, _>("factor")?)?,
                requested_by: row.try_get("requested_by")?,
                requester_name: row.try_get("requester_name")?,
                requested_at: row.try_get("requested_at")?,
            })
        })
        .collect()
}
