//! The login flow (SEC-ACCOUNTS): password with a lockout that holds against parallel
//! attempts, then the second factor (enrolment or code), then a forced password change.

use sqlx::Row as _;

use super::{password, session, totp};
use crate::audit::{self, AuditActor, AuditEvent, Outcome};
use crate::db::{Db, flag};
use crate::error::{Error, Result};
use crate::personal::DataKey;
use crate::profile::RuleProfile;
use crate::roles::Actor;

/// What a session still needs before the back office opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// Enter a TOTP code (enrolled account).
    Totp,
    /// Enrol a TOTP authenticator (required by the account's roles, not yet enrolled).
    EnrolTotp,
    /// Change the first or expired password.
    ChangePassword,
    Ready,
}

const WRONG_CREDENTIALS: &str = "用户名或密码不正确";

/// Reserves one attempt atomically: at most `lockout_after_failures` checks run between two
/// successes, however many requests arrive at once. Returns `None` when the account is
/// locked or does not exist.
pub(crate) async fn reserve_attempt(
    db: &Db,
    user_id: i64,
    profile: &RuleProfile,
    now: i64,
) -> Result<Option<String>> {
    let row = sqlx::query(
        "UPDATE users SET \
           failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN 1 ELSE failed_attempts + 1 END, \
           locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN NULL ELSE locked_until END \
         WHERE id = $1 AND active = 1 \
           AND ((locked_until IS NULL AND failed_attempts < $3) OR locked_until <= $2) \
         RETURNING password_hash",
    )
    .bind(user_id)
    .bind(now)
    .bind(i64::from(profile.security.lockout_after_failures))
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|row| row.try_get("password_hash")).transpose()?)
}

pub(crate) async fn attempt_failed(
    db: &Db,
    user_id: i64,
    profile: &RuleProfile,
    now: i64,
) -> Result<()> {
    let lock_until = now + i64::from(profile.security.lockout_minutes) * 60_000;
    sqlx::query(
        "UPDATE users SET locked_until = CASE WHEN failed_attempts >= $2 THEN $3 ELSE locked_until END WHERE id = $1",
    )
    .bind(user_id)
    .bind(i64::from(profile.security.lockout_after_failures))
    .bind(lock_until)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub(crate) async fn attempt_succeeded(db: &Db, user_id: i64) -> Result<()> {
    sqlx::query("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = $1")
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

async fn audit_login(
    db: &Db,
    ip: &str,
    user_id: Option<i64>,
    username: &str,
    outcome: Outcome,
    why: &str,
    now: i64,
) -> Result<()> {
    let mut actor = AuditActor::anonymous(ip);
    if user_id.is_some() {
        // A known account: the row names it (an unknown name stays 匿名, named in the detail).
        actor.user_id = user_id;
        actor.name = username.to_owned();
    }
    let action = if outcome == Outcome::Success {
        "login"
    } else {
        "login.failed"
    };
    let event = AuditEvent::new(
        action,
        "user",
        user_id.map(|id| id.to_string()).unwrap_or_default(),
    )
    .outcome(outcome)
    .detail(format!("{username}：{why}"));
    audit::record_alone(db, &actor, event, now).await
}

/// Checks user name and password. On success a new session is opened and its token
/// returned with the step it needs next.
pub async fn password_step(
    db: &Db,
    profile: &RuleProfile,
    username: &str,
    given_password: &str,
    ip: &str,
    now: i64,
) -> Result<(String, NextStep)> {
    let user_id = crate::users::id_by_username(db, username.trim()).await?;
    let Some(user_id) = user_id else {
        // Same work as a real check, so a wrong user name cannot be told by timing.
        password::verify(password::dummy_hash()?, given_password);
        audit_login(db, ip, None, username, Outcome::Failed, "账号不存在", now).await?;
        return Err(Error::invalid(WRONG_CREDENTIALS));
    };
    let Some(stored_hash) = reserve_attempt(db, user_id, profile, now).await? else {
        audit_login(
            db,
            ip,
            Some(user_id),
            username,
            Outcome::Denied,
            "账号已锁定或停用",
            now,
        )
        .await?;
        return Err(Error::invalid(format!(
            "账号已锁定或停用：连续失败 {} 次后锁定 {} 分钟，或请管理员解锁",
            profile.security.lockout_after_failures, profile.security.lockout_minutes
        )));
    };
    if !password::verify(&stored_hash, given_password) {
        attempt_failed(db, user_id, profile, now).await?;
        audit_login(
            db,
            ip,
            Some(user_id),
            username,
            Outcome::Failed,
            "密码错误",
            now,
        )
        .await?;
        return Err(Error::invalid(WRONG_CREDENTIALS));
    }
    attempt_succeeded(db, user_id).await?;
    let actor = crate::users::load_actor(db, user_id)
        .await?
        .ok_or_else(|| Error::invalid(WRONG_CREDENTIALS))?;
    let state = second_factor_state(db, user_id).await?;
    let needs_second_factor = state.enabled || actor.requires_totp();
    let token = session::create(db, user_id, !needs_second_factor, ip, now).await?;
    audit_login(
        db,
        ip,
        Some(user_id),
        username,
        Outcome::Success,
        "密码正确",
        now,
    )
    .await?;
    let next = next_step(db, profile, &actor, !needs_second_factor, now).await?;
    Ok((token, next))
}

struct SecondFactorState {
    enabled: bool,
    sealed_secret: Option<Vec<u8>>,
    last_step: Option<i64>,
}

async fn second_factor_state(db: &Db, user_id: i64) -> Result<SecondFactorState> {
    let row = sqlx::query(
        "SELECT totp_enabled, totp_secret_sealed, totp_last_step FROM users WHERE id = $1",
    )
    .bind(user_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(SecondFactorState {
        enabled: flag(row.try_get("totp_enabled")?),
        sealed_secret: row.try_get("totp_secret_sealed")?,
        last_step: row.try_get("totp_last_step")?,
    })
}

/// What a session of `actor` still needs (the back-office guard asks this on every page).
pub async fn next_step(
    db: &Db,
    profile: &RuleProfile,
    actor: &Actor,
    second_factor_done: bool,
    now: i64,
) -> Result<NextStep> {
    let row = sqlx::query(
        "SELECT must_change_password, password_changed_at, totp_enabled FROM users WHERE id = $1",
    )
    .bind(actor.user_id)
    .fetch_one(&db.pool)
    .await?;
    if !second_factor_done {
        return Ok(if flag(row.try_get("totp_enabled")?) {
            NextStep::Totp
        } else {
            NextStep::EnrolTotp
        });
    }
    let changed_at: i64 = row.try_get("password_changed_at")?;
    let max_age_ms = i64::from(profile.security.password_max_age_days) * 86_400_000;
    if flag(row.try_get("must_change_password")?) || now - changed_at > max_age_ms {
        return Ok(NextStep::ChangePassword);
    }
    Ok(NextStep::Ready)
}

/// Starts (or restarts) enrolment: a new secret is stored sealed, not yet enabled.
/// Returns the secret for the QR code.
pub async fn begin_enrolment(db: &Db, key: &DataKey, user_id: i64) -> Result<Vec<u8>> {
    let state = second_factor_state(db, user_id).await?;
    if state.enabled {
        return Err(Error::conflict(
            "已绑定动态口令；如需重新绑定请联系安全管理员",
        ));
    }
    if let Some(sealed) = state.sealed_secret {
        return Ok(hex::decode(key.open(&sealed)?).map_err(anyhow::Error::from)?);
    }
    let secret = totp::generate_secret();
    sqlx::query("UPDATE users SET totp_secret_sealed = $1 WHERE id = $2")
        .bind(key.seal(&hex::encode(&secret))?)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(secret)
}

/// Checks a TOTP code for the session's user (enrolment confirmation or login). On success
/// the session is replaced by a new one with the second factor done; its token is returned.
pub async fn totp_step(
    db: &Db,
    key: &DataKey,
    profile: &RuleProfile,
    (old_token, actor, ip): (&str, &Actor, &str),
    code: &str,
    now: i64,
) -> Result<String> {
    let state = second_factor_state(db, actor.user_id).await?;
    let sealed = state
        .sealed_secret
        .ok_or_else(|| Error::invalid("尚未生成动态口令密钥，请刷新页面"))?;
    if reserve_attempt(db, actor.user_id, profile, now)
        .await?
        .is_none()
    {
        return Err(Error::invalid("账号已锁定，请稍后再试或联系管理员"));
    }
    let secret = hex::decode(key.open(&sealed)?).map_err(anyhow::Error::from)?;
    let unix_seconds = u64::try_from(now / 1000).map_err(anyhow::Error::from)?;
    let step = match totp::accept(&secret, code, unix_seconds, state.last_step) {
        Ok(step) => step,
        Err(error) => {
            attempt_failed(db, actor.user_id, profile, now).await?;
            audit_login(
                db,
                ip,
                Some(actor.user_id),
                &actor.username,
                Outcome::Failed,
                "动态口令错误",
                now,
            )
            .await?;
            return Err(error);
        }
    };
    let mut tx = db.begin().await?;
    // Issue 12 finding 11: the step is taken only if no other request took it or a later one
    // since `second_factor_state` was read — two parallel submissions of one code cannot both
    // open a session.
    let taken = sqlx::query(
        "UPDATE users SET totp_enabled = 1, totp_last_step = $1 WHERE id = $2 \
         AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step)
    .bind(actor.user_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if taken != 1 {
        drop(tx);
        attempt_failed(db, actor.user_id, profile, now).await?;
        return Err(Error::invalid("该动态口令已使用过，请等待下一个口令"));
    }
    let action = if state.enabled {
        "login.totp"
    } else {
        "user.enrol_totp"
    };
    audit::record(
        &mut tx,
        &AuditActor::staff(actor, ip),
        AuditEvent::new(action, "user", actor.user_id),
        now,
    )
    .await?;
    tx.commit().await?;
    attempt_succeeded(db, actor.user_id).await?;
    session::destroy(db, old_token).await?;
    session::create(db, actor.user_id, true, ip, now).await
}
