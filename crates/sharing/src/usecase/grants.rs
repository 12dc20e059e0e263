//! Grants (DATA-GRANT, DATA-CALL): the consumer issues its authorization code — shown once,
//! stored as its SM3 hash, a new one replacing the old — and the provider or administrator
//! suspends, resumes, revokes or terminates a grant, each with its audit row in the same
//! transaction. [`idle_api_grants`] lists the API grants unused for the profile's period, the
//! candidates the provider may revoke.

use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::workflow::Context;
use platform::{Error, Result};

use super::rules;
use crate::grant::{Command, Grant};
use crate::store::grants::{self as store, StoredGrant};
use crate::{Acting, GrantId};

/// Whether `acting` may see `grant`: its consumer, its provider, an administrator.
pub fn may_see(grant: &Grant, acting: &Acting) -> bool {
    acting.is_administrator() || acting.unit == grant.consumer || acting.unit == grant.provider
}

/// DATA-CALL: the consumer's staff issues a new code for grant `id`; the code is returned
/// once and only its hash is kept.
pub async fn issue_code(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: GrantId,
) -> Result<String> {
    let stored = store::get(db, id).await?;
    if !may_see(&stored.grant, acting) {
        return Err(Error::not_found("该授权"));
    }
    if !acting.acts_for(stored.grant.consumer) {
        return Err(Error::Refused("授权码由使用部门的工作人员生成".into()));
    }
    stored
        .grant
        .may_call(context.now)
        .map_err(|why| Error::invalid(format!("{why}，不能生成授权码")))?;
    // DATA-ACCOUNTS: no code without an active platform account (none allocated, handing
    // over, closed by a handover).
    super::accounts::ensure_usable(db, acting).await?;
    let code = store::new_code();
    let mut tx = db.begin().await?;
    store::set_code(&mut tx, id, &code, acting.user.0, context.now.millis()).await?;
    let event = AuditEvent::new("sharing.grant.issue_code", "sharing_grant", id)
        .detail(format!("授权 {id} 生成新的授权码（原授权码作废）"));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(code)
}

/// DATA-GRANT: runs `command` on grant `id`.
pub async fn execute(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: GrantId,
    command: Command,
) -> Result<Grant> {
    let stored = store::get(db, id).await?;
    if !may_see(&stored.grant, acting) {
        return Err(Error::not_found("该授权"));
    }
    // DATA-ACCOUNTS: only a person holding an active platform account acts.
    super::accounts::ensure_usable(db, acting).await?;
    let next = stored
        .grant
        .apply(&command, acting, context.now, rules(context))?;
    let mut tx = db.begin().await?;
    store::update_status(&mut tx, &next, context.now.millis()).await?;
    let event = AuditEvent::new("sharing.grant.change", "sharing_grant", id).detail(format!(
        "授权 {id}：{}，{} → {}",
        command.label_zh(),
        stored.grant.status.label_zh(),
        next.status.label_zh()
    ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(next)
}

/// DATA-GRANT: the API grants of `provider` (or all) unused for the profile's period.
pub async fn idle_api_grants(
    db: &Db,
    context: &Context<'_>,
    provider: Option<i64>,
) -> Result<Vec<StoredGrant>> {
    let grants = store::list_for(db, provider).await?;
    Ok(grants
        .into_iter()
        .filter(|g| g.grant.revocable_unused(context.now, rules(context)))
        .collect())
}
