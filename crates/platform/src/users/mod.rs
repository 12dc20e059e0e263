//! Staff accounts (SEC-ACCOUNTS): personal accounts in a unit with roles; opening (only with
//! a recorded training, [`open`]), role changes and credential resets by administrators
//! (`resets`: a second administrator approves a reset of an administrator's account), the
//! account's file of trainings and confidentiality agreements (`records`), each audited.

pub mod records;
pub mod resets;

use sqlx::Row as _;

use crate::audit::{self, AuditActor, AuditEvent};
use crate::auth::{login, password, session};
use crate::db::{Db, Tx, flag};
use crate::error::{Error, Result};
use crate::profile::RuleProfile;
use crate::roles::{Actor, Role, check_role_combination};

/// An account as the administration pages show it (no secrets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub must_change_password: bool,
    pub password_changed_at: i64,
    /// While set and in the future, logins wait (issue 12 finding 7's progressive delay).
    pub login_delay_until: Option<i64>,
    pub totp_enabled: bool,
    pub active: bool,
}

#[derive(Debug, Clone)]
pub struct NewAccount {
    pub unit_id: i64,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
}

fn check_username(username: &str) -> Result<()> {
    let ok = (3..=32).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "用户名应为 3 至 32 位小写字母、数字、下划线或点",
        ))
    }
}

/// What opening an account takes besides the account itself (SEC-ACCOUNTS as amended): the
/// training the person took, and for a hotline role the signed confidentiality agreement.
#[derive(Debug, Clone)]
pub struct Opening {
    pub training: records::Training,
    pub agreement: Option<records::Agreement>,
}

/// Opens an account in the back office (SEC-ACCOUNTS as amended: new operators get accounts
/// only after recorded training; hotline staff's 保密协议 is recorded): [`create`] together
/// with the training record and, for a hotline role, the agreement, in one transaction. A
/// hotline role without an agreement is refused and nothing is written. Returns the id and
/// the first password.
pub async fn open(
    tx: &mut Tx,
    actor: &AuditActor,
    new: NewAccount,
    opening: &Opening,
    now: i64,
) -> Result<(i64, String)> {
    if let Some(role) = new
        .roles
        .iter()
        .find(|role| role.requires_confidentiality_agreement())
        && opening.agreement.is_none()
    {
        return Err(records::agreement_missing(*role));
    }
    let (id, first_password) = create(tx, actor, new, now).await?;
    records::record_training(tx, actor, id, &opening.training, now).await?;
    if let Some(agreement) = &opening.agreement {
        records::record_agreement(tx, actor, id, agreement, now).await?;
    }
    Ok((id, first_password))
}

/// Creates an account with a generated first password, which must be changed at first
/// login. Returns the id and that password (shown once to the administrator). No training
/// record is asked: this is the server operator's bootstrap (`zhengwu user create`) and the
/// tests' fixture; the back office and the demo open accounts with [`open`].
pub async fn create(
    tx: &mut Tx,
    actor: &AuditActor,
    new: NewAccount,
    now: i64,
) -> Result<(i64, String)> {
    check_username(&new.username)?;
    let display_name = new.display_name.trim();
    if display_name.is_empty() || display_name.chars().count() > 30 {
        return Err(Error::invalid("姓名应为 1 至 30 个字符"));
    }
    check_role_combination(&new.roles)?;
    let unit_exists = sqlx::query("SELECT id FROM units WHERE id = $1")
        .bind(new.unit_id)
        .fetch_optional(&mut **tx)
        .await?
        .is_some();
    if !unit_exists {
        return Err(Error::not_found("单位"));
    }
    let taken = sqlx::query("SELECT id FROM users WHERE username = $1")
        .bind(&new.username)
        .fetch_optional(&mut **tx)
        .await?
        .is_some();
    if taken {
        return Err(Error::conflict(format!("用户名“{}”已被使用", new.username)));
    }
    let first_password = password::generate();
    let row = sqlx::query(
        "INSERT INTO users (unit_id, username, display_name, password_hash, must_change_password, \
         password_changed_at, created_at, updated_at) VALUES ($1, $2, $3, $4, 1, $5, $5, $5) RETURNING id",
    )
    .bind(new.unit_id)
    .bind(&new.username)
    .bind(display_name)
    .bind(password::hash(&first_password)?)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    insert_roles(tx, id, &new.roles, now).await?;
    audit::record(
        tx,
        actor,
        AuditEvent::new("user.create", "user", id).detail(format!(
            "{}，角色：{}",
            new.username,
            role_codes(&new.roles)
        )),
        now,
    )
    .await?;
    Ok((id, first_password))
}

fn role_codes(roles: &[Role]) -> String {
    roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
}

async fn insert_roles(tx: &mut Tx, user_id: i64, roles: &[Role], now: i64) -> Result<()> {
    for role in roles {
        sqlx::query("INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, $2, $3)")
            .bind(user_id)
            .bind(role.code())
            .bind(now)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Replaces an account's roles (the separation of duties is checked) and ends its sessions.
/// SEC-ACCOUNTS as amended: a hotline role the account does not hold yet is granted only when
/// its confidentiality agreement is recorded; otherwise nothing changes.
pub async fn set_roles(
    tx: &mut Tx,
    actor: &AuditActor,
    user_id: i64,
    roles: &[Role],
    now: i64,
) -> Result<()> {
    check_role_combination(roles)?;
    let before = roles_of(&mut **tx, user_id).await?;
    // Issue 12 finding 4 (SEC-ACCOUNTS, 三员分立): the three administrators' roles are granted
    // and withdrawn only on the server (`zhengwu user set-roles`, audited as `cli:<user>`), never
    // in the back office, where the security administrator could otherwise withdraw another
    // administrator's role, reset that ordinary account at once and give the role back.
    let triad = |roles: &[Role]| -> Vec<Role> {
        roles
            .iter()
            .copied()
            .filter(|role| role.is_administrator_triad())
            .collect()
    };
    if actor.user_id.is_some() && triad(&before) != triad(roles) {
        return Err(Error::Refused(
            "系统管理员、安全管理员、审计管理员角色的授予和撤销只能由运维人员在服务器上办理（zhengwu user set-roles），不能在页面上变更"
                .into(),
        ));
    }
    if let Some(role) = roles
        .iter()
        .find(|role| role.requires_confidentiality_agreement() && !before.contains(role))
        && !records::has_agreement(tx, user_id).await?
    {
        return Err(records::agreement_missing(*role));
    }
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    insert_roles(tx, user_id, roles, now).await?;
    session::destroy_all_for_user(tx, user_id).await?;
    audit::record(
        tx,
        actor,
        AuditEvent::new("user.roles", "user", user_id).detail(format!(
            "{} → {}",
            role_codes(&before),
            role_codes(roles)
        )),
        now,
    )
    .await?;
    Ok(())
}

pub(crate) async fn roles_of<'e, E>(executor: E, user_id: i64) -> Result<Vec<Role>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role")
        .bind(user_id)
        .fetch_all(executor)
        .await?;
    let mut roles = rows
        .iter()
        .map(|row| Role::parse(&row.try_get::<String, _>("role")?))
        .collect::<Result<Vec<_>>>()?;
    roles.sort();
    Ok(roles)
}

/// Resets a password at once: a new first password is returned, the login delay is lifted,
/// sessions end, and the reset is audited. No second person and no both-factors rule: this is
/// the operator's break-glass on the server (`zhengwu user reset-password`) and the effect of
/// a reset the back office has let through; staff ask for a reset with [`resets::request`]
/// (issue 12 finding 4, SEC-ACCOUNTS).
pub async fn reset_password(
    tx: &mut Tx,
    actor: &AuditActor,
    user_id: i64,
    now: i64,
) -> Result<String> {
    let first_password = password::generate();
    let updated = sqlx::query(
        "UPDATE users SET password_hash = $1, must_change_password = 1, password_changed_at = $2, \
         failed_attempts = 0, login_delay_until = NULL, updated_at = $2 WHERE id = $3",
    )
    .bind(password::hash(&first_password)?)
    .bind(now)
    .bind(user_id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    end_sessions_after_reset(tx, actor, user_id, updated, "user.reset_password", now).await?;
    Ok(first_password)
}

/// After an administrator's reset of one account: the account must exist, its sessions
/// end, and the reset is audited.
async fn end_sessions_after_reset(
    tx: &mut Tx,
    actor: &AuditActor,
    user_id: i64,
    rows_updated: u64,
    action: &str,
    now: i64,
) -> Result<()> {
    if rows_updated == 0 {
        return Err(Error::not_found("账号"));
    }
    session::destroy_all_for_user(tx, user_id).await?;
    audit::record(tx, actor, AuditEvent::new(action, "user", user_id), now).await?;
    Ok(())
}

/// Clears the second factor at once so that the user enrols again at next login; sessions
/// end, audited. Like [`reset_password`], the break-glass and the effect of a reset let
/// through by [`resets`].
pub async fn reset_totp(tx: &mut Tx, actor: &AuditActor, user_id: i64, now: i64) -> Result<()> {
    let updated = sqlx::query(
        "UPDATE users SET totp_secret_sealed = NULL, totp_enabled = 0, totp_last_step = NULL, updated_at = $1 WHERE id = $2",
    )
    .bind(now)
    .bind(user_id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    end_sessions_after_reset(tx, actor, user_id, updated, "user.reset_totp", now).await
}

/// Sets the mobile number reminders are texted to (HL-REMIND), sealed; audited with the
/// masked number only.
pub async fn set_phone(
    tx: &mut Tx,
    key: &crate::personal::DataKey,
    actor: &AuditActor,
    user_id: i64,
    phone: &crate::personal::PhoneNumber,
    now: i64,
) -> Result<()> {
    let updated = sqlx::query("UPDATE users SET phone_sealed = $1, updated_at = $2 WHERE id = $3")
        .bind(key.seal(phone.as_str())?)
        .bind(now)
        .bind(user_id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if updated == 0 {
        return Err(Error::not_found("账号"));
    }
    let event = AuditEvent::new("user.set_phone", "user", user_id)
        .detail(format!("短信提醒号码设为 {}", phone.masked()));
    audit::record(tx, actor, event, now).await?;
    Ok(())
}

/// Enables or disables an account; disabling ends its sessions.
pub async fn set_active(
    tx: &mut Tx,
    actor: &AuditActor,
    user_id: i64,
    active: bool,
    now: i64,
) -> Result<()> {
    let updated = sqlx::query("UPDATE users SET active = $1, updated_at = $2 WHERE id = $3")
        .bind(i64::from(active))
        .bind(now)
        .bind(user_id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if updated == 0 {
        return Err(Error::not_found("账号"));
    }
    if !active {
        session::destroy_all_for_user(tx, user_id).await?;
    }
    let action = if active {
        "user.enable"
    } else {
        "user.disable"
    };
    audit::record(tx, actor, AuditEvent::new(action, "user", user_id), now).await?;
    Ok(())
}

/// A user changes their own password in the session of `token`: the old one must match, the
/// new one must pass the complexity rule and differ from the old. Every other session of the
/// user ends with the change (issue 12 finding 8: whoever knew the old password is out).
pub async fn change_own_password(
    db: &Db,
    profile: &RuleProfile,
    (actor, ip, token): (&Actor, &str, &str),
    old_password: &str,
    new_password: &str,
    now: i64,
) -> Result<()> {
    // A wrong old password counts toward the login delay like a wrong login (SEC-ACCOUNTS,
    // issue 12 finding 7), so a session left open cannot be used to guess the password.
    let Some(stored) = login::reserve_attempt(db, actor.user_id, profile, now).await? else {
        return Err(login::too_many_attempts());
    };
    if !password::verify(&stored, old_password) {
        return Err(Error::invalid("原密码不正确"));
    }
    login::attempt_succeeded(db, actor.user_id).await?;
    if old_password == new_password {
        return Err(Error::invalid("新密码不能与原密码相同"));
    }
    password::check_complexity(
        new_password,
        profile.security.password_min_length,
        &actor.username,
    )?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE users SET password_hash = $1, must_change_password = 0, password_changed_at = $2, updated_at = $2 WHERE id = $3",
    )
    .bind(password::hash(new_password)?)
    .bind(now)
    .bind(actor.user_id)
    .execute(&mut *tx)
    .await?;
    let ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
        .bind(actor.user_id)
        .bind(crate::auth::session::digest(token))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    audit::record(
        &mut tx,
        &AuditActor::staff(actor, ip),
        AuditEvent::new("user.change_password", "user", actor.user_id)
            .detail(format!("其他会话已结束 {ended} 个")),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Active staff of `unit` (any unit when `None`) holding `role`, by id: whom a domain's
/// notification goes to.
pub async fn with_role(tx: &mut Tx, unit: Option<i64>, role: Role) -> Result<Vec<i64>> {
    let rows = sqlx::query(
        "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE r.role = $1 AND u.active = 1 AND ($2 = 0 OR u.unit_id = $2) ORDER BY u.id",
    )
    .bind(role.code())
    .bind(unit.unwrap_or(0))
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|row| Ok(row.try_get("id")?))
        .collect::<Result<Vec<i64>>>()
}

/// The acting user of a session, or `None` when the account is gone or disabled.
pub async fn load_actor(db: &Db, user_id: i64) -> Result<Option<Actor>> {
    let Some(row) = sqlx::query(
        "SELECT u.id, u.username, u.display_name, u.unit_id, n.name AS unit_name, n.path, u.active \
         FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    if !flag(row.try_get("active")?) {
        return Ok(None);
    }
    Ok(Some(Actor {
        user_id,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        unit_id: row.try_get("unit_id")?,
        unit_name: row.try_get("unit_name")?,
        unit_path: row.try_get("path")?,
        roles: roles_of(&db.pool, user_id).await?,
    }))
}

const ACCOUNT_SELECT: &str = "SELECT u.id, u.unit_id, n.name AS unit_name, u.username, u.display_name, \
    u.must_change_password, u.password_changed_at, u.login_delay_until, u.totp_enabled, u.active \
    FROM users u JOIN units n ON n.id = u.unit_id";

async fn account_from_row(db: &Db, row: &sqlx::any::AnyRow) -> Result<Account> {
    let id: i64 = row.try_get("id")?;
    Ok(Account {
        id,
        unit_id: row.try_get("unit_id")?,
        unit_name: row.try_get("unit_name")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        roles: roles_of(&db.pool, id).await?,
        must_change_password: flag(row.try_get("must_change_password")?),
        password_changed_at: row.try_get("password_changed_at")?,
        login_delay_until: row.try_get("login_delay_until")?,
        totp_enabled: flag(row.try_get("totp_enabled")?),
        active: flag(row.try_get("active")?),
    })
}

pub async fn list(db: &Db) -> Result<Vec<Account>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{ACCOUNT_SELECT} ORDER BY n.path, u.username"
    )))
    .fetch_all(&db.pool)
    .await?;
    let mut accounts = Vec::with_capacity(rows.len());
    for row in &rows {
        accounts.push(account_from_row(db, row).await?);
    }
    Ok(accounts)
}

pub async fn get(db: &Db, user_id: i64) -> Result<Account> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{ACCOUNT_SELECT} WHERE u.id = $1"
    )))
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| Error::not_found("账号"))?;
    account_from_row(db, &row).await
}

pub async fn id_by_username(db: &Db, username: &str) -> Result<Option<i64>> {
    let row = sqlx::query("SELECT id FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|row| row.try_get("id")).transpose()?)
}
