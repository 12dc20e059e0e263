//! The login flow (SEC-ACCOUNTS): password with a progressive delay per account and per
//! client that holds against parallel attempts (issue 12 finding 7), then the second factor
//! (enrolment or code), then a forced password change.

use sqlx::Row as _;

use super::backoff::{ClientBackoff, DelayRule};
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

/// Issue 12 finding 7 (SEC-ACCOUNTS): the one answer to every refused login — unknown user,
/// wrong password, disabled account, an account or a client in its delay — so that nobody
/// learns from the page which it was (the audit log says why).
pub const LOGIN_REFUSED: &str = "登录失败：用户名或密码不正确，或连续失败次数过多，请稍候再试";

/// What a refused attempt on a session's own account says (the holder is known there).
const TOO_MANY_ATTEMPTS: &str = "连续失败次数过多，请稍候再试";

/// Reserves one check of the account's secret atomically, or returns `None` while the
/// account's delay runs (or the account is disabled). The reservation counts the attempt as a
/// failure and sets the delay that failure earns (issue 12 finding 7: 1 s after the profile's
/// number of failures, doubling up to its cap — [`DelayRule::delay_after`] in SQL), so however
/// many requests arrive at once only one is checked per delay; [`attempt_succeeded`] lifts it.
/// An attempt refused here does not prolong the delay: a stranger cannot keep an account
/// closed longer than the cap after the last checked failure.
pub(crate) async fn reserve_attempt(
    db: &Db,
    user_id: i64,
    profile: &RuleProfile,
    now: i64,
) -> Result<Option<String>> {
    let rule = DelayRule::of(profile);
    let row = sqlx::query(
        "UPDATE users SET failed_attempts = failed_attempts + 1, \
           login_delay_until = CASE \
             WHEN failed_attempts + 1 < $3 THEN NULL \
             WHEN failed_attempts + 1 - $3 >= $5 THEN $2 + $4 \
             WHEN (CAST(1000 AS BIGINT) << CAST(failed_attempts + 1 - $3 AS INTEGER)) >= $4 THEN $2 + $4 \
             ELSE $2 + (CAST(1000 AS BIGINT) << CAST(failed_attempts + 1 - $3 AS INTEGER)) END \
         WHERE id = $1 AND active = 1 AND (login_delay_until IS NULL OR login_delay_until <= $2) \
         RETURNING password_hash",
    )
    .bind(user_id)
    .bind(now)
    .bind(i64::from(rule.after_failures))
    .bind(rule.cap_ms)
    .bind(i64::from(super::backoff::DOUBLINGS_PAST_EVERY_CAP))
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|row| row.try_get("password_hash")).transpose()?)
}

pub(crate) async fn attempt_succeeded(db: &Db, user_id: i64) -> Result<()> {
    sqlx::query("UPDATE users SET failed_attempts = 0, login_delay_until = NULL WHERE id = $1")
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The refusal of an attempt on the session's own account while its delay runs.
pub(crate) fn too_many_attempts() -> Error {
    Error::invalid(TOO_MANY_ATTEMPTS)
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

/// Why an account refused a check without running it, for the audit log only.
async fn refusal_reason(db: &Db, user_id: i64) -> Result<&'static str> {
    let active = sqlx::query("SELECT active FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|row| row.try_get("active").map(flag))
        .transpose()?;
    Ok(match active {
        Some(true) => "登录延迟期内，未校验密码",
        Some(false) => "账号已停用",
        None => "账号不存在",
    })
}

/// Checks user name and password from the client at `ip`. On success a new session is
/// opened and its token returned with the step it needs next. Every refusal is the same
/// [`LOGIN_REFUSED`] after one argon2 run (issue 12 finding 7), except a client in its own
/// delay, which is refused at once: that says nothing about any account.
pub async fn password_step(
    db: &Db,
    profile: &RuleProfile,
    clients: &ClientBackoff,
    (username, given_password, ip): (&str, &str, &str),
    now: i64,
) -> Result<(String, NextStep)> {
    let refused = || Error::invalid(LOGIN_REFUSED);
    if !clients.reserve(ip, DelayRule::of(profile), now) {
        audit_login(
            db,
            ip,
            None,
            username,
            Outcome::Denied,
            "客户端登录延迟期内，未校验密码",
            now,
        )
        .await?;
        return Err(refused());
    }
    let user_id = crate::users::id_by_username(db, username.trim()).await?;
    let Some(user_id) = user_id else {
        // Same work as a real check, so a wrong user name cannot be told by timing.
        password::verify(password::dummy_hash()?, given_password);
        audit_login(db, ip, None, username, Outcome::Failed, "账号不存在", now).await?;
        return Err(refused());
    };
    let Some(stored_hash) = reserve_attempt(db, user_id, profile, now).await? else {
        // A disabled account or one in its delay takes as long as a wrong password too.
        password::verify(password::dummy_hash()?, given_password);
        let why = refusal_reason(db, user_id).await?;
        audit_login(db, ip, Some(user_id), username, Outcome::Denied, why, now).await?;
        return Err(refused());
    };
    if !password::verify(&stored_hash, given_password) {
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
        return Err(refused());
    }
    attempt_succeeded(db, user_id).await?;
    clients.succeeded(ip);
    let actor = crate::users::load_actor(db, user_id)
        .await?
        .ok_or_else(refused)?;
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
        return Err(too_many_attempts());
    }
    let secret = hex::decode(key.open(&sealed)?).map_err(anyhow::Error::from)?;
    let unix_seconds = u64::try_from(now / 1000).map_err(anyhow::Error::from)?;
    let step = match totp::accept(&secret, code, unix_seconds, state.last_step) {
        Ok(step) => step,
        Err(error) => {
            // The reservation already counted this failure and set its delay.
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
        // Counted as a failure by the reservation, like a wrong code.
        drop(tx);
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
