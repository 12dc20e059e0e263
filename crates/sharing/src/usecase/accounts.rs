//! Platform accounts and handovers, stored (DATA-ACCOUNTS; 000 共享 §14, §5(五)): the
//! administrator allocates an account to an office account of a unit and it is filed in the
//! register; a unit's staff (or the administrator) open the handover of a holder's staff
//! change to another holder of the unit, which suspends the leaving account at once; the two
//! parties confirm, the administrator files it, which closes the account and voids the codes
//! it issued; a handover withdrawn before filing gives the account back. Every change is one
//! transaction with its audit row. Deny by default: [`ensure_usable`] refuses every command
//! of a provider's or consumer's staff (entries, imports, requests, grants and their codes,
//! quality and misuse reports, maintenance) unless the person holds an active account; the
//! administrator's own work and the handovers (which the leaving, suspended holder confirms)
//! are not refused; the gateway refuses a code whose issuer is handing over
//! (`StoredGrant::code_held`).

use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::workflow::Context;
use platform::{Error, Result};

use super::tell::{Whom, tell};
use crate::account::{
    self, Account, AccountStatus, Command, Handover, HandoverDraft, HandoverStatus, OfficeAccount,
};
use crate::store::accounts as store;
use crate::{Acting, UnitId, UserId};

/// DATA-ACCOUNTS: refuses (in Chinese, naming what to do) a unit's staff who hold no active
/// platform account — none allocated, handing over, or closed by a handover. The platform
/// administrator (who allocates the accounts) acts for the platform and is not refused.
pub async fn ensure_usable(db: &Db, acting: &Acting) -> Result<()> {
    if acting.is_administrator() {
        return Ok(());
    }
    let held = store::of_user(db, acting.user).await?;
    account::usable(&held).map_err(|why| Error::Refused(why.to_owned()))
}

/// DATA-ACCOUNTS: the administrator allocates a platform account to the office account
/// `username` for `purpose`; it is filed in the register. Returns its id.
pub async fn allocate(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    username: &str,
    purpose: &str,
) -> Result<i64> {
    let office = match platform::users::id_by_username(db, username.trim()).await? {
        Some(id) => {
            let found = platform::users::get(db, id).await?;
            Some(OfficeAccount {
                user: UserId(found.id),
                unit: UnitId(found.unit_id),
                active: found.active,
            })
        }
        None => None,
    };
    let held = match office {
        Some(o) => store::of_user(db, o.user).await?,
        None => Vec::new(),
    };
    account::check_allocation(office, purpose, &held, acting)?;
    let Some(office) = office else {
        return Err(Error::invalid("没有这个办公账号"));
    };
    let mut account = Account {
        id: 0,
        unit: office.unit,
        user: office.user,
        purpose: purpose.trim().to_owned(),
        status: AccountStatus::Active,
        allocated_at: context.now,
        allocated_by: acting.user,
        closed_at: None,
    };
    let mut tx = db.begin().await?;
    account.id = store::insert(&mut tx, &account).await?;
    let event =
        AuditEvent::new("sharing.account.allocate", "sharing_account", account.id).detail(format!(
            "为单位 {} 的办公账号 {} 分配共享平台账号并备案，用途：{}（DATA-ACCOUNTS）",
            account.unit, account.user, account.purpose
        ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(account.id)
}

/// Whether `acting` sees `unit`'s accounts and handovers: its staff, the administrator.
pub fn may_see(unit: UnitId, acting: &Acting) -> bool {
    acting.is_administrator() || acting.unit == unit
}

/// The register `acting` sees (the administrator every unit's).
pub async fn register(db: &Db, acting: &Acting) -> Result<Vec<Account>> {
    let unit = (!acting.is_administrator()).then_some(acting.unit);
    store::list(db, unit).await
}

/// The handovers `acting` sees, newest first.
pub async fn handovers(db: &Db, acting: &Acting) -> Result<Vec<Handover>> {
    let unit = (!acting.is_administrator()).then_some(acting.unit);
    store::handovers(db, unit).await
}

/// DATA-ACCOUNTS: opens the handover of a staff change; the leaving account is suspended
/// from now until the handover is filed or withdrawn. Returns the handover.
pub async fn open_handover(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    draft: HandoverDraft,
) -> Result<Handover> {
    let from = store::get(db, draft.account).await?;
    let to = store::get(db, draft.to_account).await?;
    if !may_see(from.unit, acting) || !may_see(to.unit, acting) {
        return Err(Error::not_found("该平台账号"));
    }
    account::check_open(&draft, &from, &to, acting)?;
    let mut items: Vec<String> = store::codes_of(db, from.user)
        .await?
        .into_iter()
        .map(|grant| format!("授权 {grant} 的授权码（备案时作废，由接收人重新生成）"))
        .collect();
    items.extend(
        draft
            .items
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned),
    );
    let mut handover = Handover {
        id: 0,
        account: from.id,
        to_account: to.id,
        unit: from.unit,
        from_user: from.user,
        to_user: to.user,
        reason: draft.reason.trim().to_owned(),
        items: items.join("\n"),
        status: HandoverStatus::Open,
        opened_at: context.now,
        opened_by: acting.user,
        from_confirmed: None,
        to_confirmed: None,
        filed: None,
        cancelled_at: None,
        note: String::new(),
    };
    let mut tx = db.begin().await?;
    handover.id = store::insert_handover(&mut tx, &handover).await?;
    store::set_status(&mut tx, from.id, AccountStatus::HandingOver, context.now).await?;
    let event =
        AuditEvent::new("sharing.handover.open", "sharing_handover", handover.id).detail(format!(
            "平台账号 {} 人员调整交接给账号 {}（{}），交接备案前暂停使用（DATA-ACCOUNTS）",
            from.id, to.id, handover.reason
        ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    let subject = format!("共享平台账号交接待确认：交接记录 {}", handover.id);
    platform::notify::to_staff(
        &mut tx,
        context.key,
        to.user.0,
        (
            &subject,
            "请核对交接内容并作接收方确认。",
            "/office/sharing/accounts",
        ),
        false,
        context.now.millis(),
    )
    .await?;
    tx.commit().await?;
    Ok(handover)
}

/// DATA-ACCOUNTS: runs `command` on handover `id`: a confirmation, the administrator's filing
/// (the account closed, the codes it issued voided) or the withdrawal (the account back).
pub async fn execute(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: i64,
    command: Command,
) -> Result<Handover> {
    let handover = store::get_handover(db, id).await?;
    if !may_see(handover.unit, acting) {
        return Err(Error::not_found("该交接记录"));
    }
    let next = account::apply(&handover, &command, acting, context.now)?;
    let mut tx = db.begin().await?;
    store::update_handover(&mut tx, &next).await?;
    let mut detail = format!("交接记录 {id}：{}（DATA-ACCOUNTS）", command.label_zh());
    if next.status != handover.status {
        let status = account::account_after(next.status);
        store::set_status(&mut tx, next.account, status, context.now).await?;
        detail.push_str(&format!(
            "，平台账号 {} {}",
            next.account,
            status.label_zh()
        ));
    }
    if next.status == HandoverStatus::Filed {
        let voided = store::void_codes(&mut tx, next.from_user, context.now).await?;
        detail.push_str(&format!("，作废其生成的授权码 {voided} 个"));
    }
    let event = AuditEvent::new("sharing.handover.change", "sharing_handover", id).detail(detail);
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    if next.from_confirmed.is_some()
        && next.to_confirmed.is_some()
        && next.status == HandoverStatus::Open
        && (handover.from_confirmed.is_none() || handover.to_confirmed.is_none())
    {
        tell(
            &mut tx,
            context.key,
            Whom::Administrators,
            (
                &format!("共享平台账号交接待备案：交接记录 {id}"),
                "交出方和接收方均已确认，请核对后备案。",
                "/office/sharing/accounts",
            ),
            context.now.millis(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(next)
}
