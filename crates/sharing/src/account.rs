//! Platform accounts and their handover (DATA-ACCOUNTS; 000 共享 §14, §5(五)). The platform
//! administrator allocates, updates and files (备案) every user account of the sharing
//! platform: an office account of a unit, the purpose it serves, when and by which
//! administrator it was allocated. A staff change (调离、离职、岗位调整) of an account holder
//! needs a recorded handover: from whom, to whom (another holder of the same unit), what is
//! handed over (the grants whose codes the leaving holder issued, and what the unit writes),
//! both parties' confirmation and the administrator's filing. While the handover is open the
//! leaving account is suspended: it issues no code and files no request, and the gateway
//! refuses the codes it issued; filing closes it and voids those codes (the receiver issues
//! new ones). Pure: "now" is a parameter; the caller loads the accounts concerned.

use calendar::Instant;

use crate::error::SharingError;
use crate::{Acting, UnitId, UserId};

/// Where an account is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountStatus {
    /// In use.
    Active,
    /// Its holder is handing over: suspended until the handover is filed (DATA-ACCOUNTS).
    HandingOver,
    /// Closed by a filed handover.
    Closed,
}

impl AccountStatus {
    pub const ALL: [AccountStatus; 3] = [
        AccountStatus::Active,
        AccountStatus::HandingOver,
        AccountStatus::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AccountStatus::Active => "active",
            AccountStatus::HandingOver => "handover",
            AccountStatus::Closed => "closed",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            AccountStatus::Active => "使用中",
            AccountStatus::HandingOver => "交接中（暂停使用）",
            AccountStatus::Closed => "已注销",
        }
    }

    pub fn parse(code: &str) -> Option<AccountStatus> {
        AccountStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A platform account in the register (账号备案).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub unit: UnitId,
    /// The office account holding it.
    pub user: UserId,
    pub purpose: String,
    pub status: AccountStatus,
    pub allocated_at: Instant,
    /// The administrator who allocated it.
    pub allocated_by: UserId,
    pub closed_at: Option<Instant>,
}

/// The office account an allocation names, as the accounts module knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficeAccount {
    pub user: UserId,
    pub unit: UnitId,
    /// Disabled office accounts get no platform account.
    pub active: bool,
}

/// The message of a suspended account (DATA-ACCOUNTS).
pub const SUSPENDED: &str = "该共享平台账号正在办理人员交接，交接备案前暂停使用（DATA-ACCOUNTS）";
/// The message of a closed account.
pub const CLOSED: &str =
    "该共享平台账号已随人员交接注销，请向平台管理部门申请分配账号（DATA-ACCOUNTS）";
/// The message of a person the administrator has allocated no platform account (DATA-ACCOUNTS).
pub const NO_ACCOUNT: &str = "您尚未分配共享平台账号，不能在共享平台办理业务。请向区信息化工作办公室的数据平台管理员申请分配账号并备案后再办理（DATA-ACCOUNTS）";

/// DATA-ACCOUNTS: whether the holder of `accounts` (every account of one office user) may act
/// on the platform. Deny by default: only an active account allocated by the administrator
/// lets a person act; refused while a handover is open, when every account is closed, and
/// when the administrator has allocated none.
pub fn usable(accounts: &[Account]) -> Result<(), &'static str> {
    if accounts
        .iter()
        .any(|a| a.status == AccountStatus::HandingOver)
    {
        return Err(SUSPENDED);
    }
    if accounts.iter().any(|a| a.status == AccountStatus::Active) {
        return Ok(());
    }
    if accounts.iter().any(|a| a.status == AccountStatus::Closed) {
        return Err(CLOSED);
    }
    Err(NO_ACCOUNT)
}

/// DATA-ACCOUNTS: judges the allocation of a platform account to `office` for `purpose` by
/// `acting`; `held` are the accounts `office` already has. Every problem at once.
pub fn check_allocation(
    office: Option<OfficeAccount>,
    purpose: &str,
    held: &[Account],
    acting: &Acting,
) -> Result<(), SharingError> {
    if !acting.is_administrator() {
        return Err(SharingError::not_permitted(
            "平台账号由平台管理部门统一分配和备案（DATA-ACCOUNTS）",
        ));
    }
    let mut problems = Vec::new();
    match office {
        None => problems.push("没有这个办公账号".to_owned()),
        Some(o) if !o.active => problems.push("该办公账号已停用，不能分配平台账号".to_owned()),
        Some(_) => {}
    }
    if held.iter().any(|a| a.status != AccountStatus::Closed) {
        problems.push("该工作人员已有平台账号（使用中或交接中），不能重复分配".to_owned());
    }
    if purpose.trim().is_empty() {
        problems.push("请写明账号用途".to_owned());
    }
    if purpose.chars().count() > 500 {
        problems.push("账号用途至多 500 字".to_owned());
    }
    SharingError::check_all(problems)
}

/// Where a handover is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HandoverStatus {
    /// Waiting for both parties' confirmation, then the filing.
    Open,
    /// Filed by the administrator: the leaving account is closed.
    Filed,
    /// Withdrawn before filing: the account is in use again.
    Cancelled,
}

impl HandoverStatus {
    pub const ALL: [HandoverStatus; 3] = [
        HandoverStatus::Open,
        HandoverStatus::Filed,
        HandoverStatus::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            HandoverStatus::Open => "open",
            HandoverStatus::Filed => "filed",
            HandoverStatus::Cancelled => "cancelled",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            HandoverStatus::Open => "交接中",
            HandoverStatus::Filed => "已备案",
            HandoverStatus::Cancelled => "已撤销",
        }
    }

    pub fn parse(code: &str) -> Option<HandoverStatus> {
        HandoverStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// What a unit writes when a holder hands over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverDraft {
    /// The leaving account.
    pub account: i64,
    /// The receiving account (of the same unit, in use).
    pub to_account: i64,
    /// Why: 调离、离职、岗位调整….
    pub reason: String,
    /// What is handed over, besides the codes listed by the platform.
    pub items: String,
}

/// A handover (人员调整交接记录).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    pub id: i64,
    pub account: i64,
    pub to_account: i64,
    pub unit: UnitId,
    pub from_user: UserId,
    pub to_user: UserId,
    pub reason: String,
    /// Every item, one a line: the platform's list of codes first, then the unit's text.
    pub items: String,
    pub status: HandoverStatus,
    pub opened_at: Instant,
    pub opened_by: UserId,
    /// The leaving party's confirmation: when and by whom (themselves or their leader).
    pub from_confirmed: Option<(Instant, UserId)>,
    pub to_confirmed: Option<(Instant, UserId)>,
    pub filed: Option<(Instant, UserId)>,
    pub cancelled_at: Option<Instant>,
    pub note: String,
}

/// A command on an open handover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// 交出方确认: the leaving holder, or their unit's leader on their behalf.
    ConfirmFrom,
    /// 接收方确认: the receiving holder.
    ConfirmTo,
    /// 备案: the administrator, after both confirmations.
    File,
    /// 撤销: the unit's staff or the administrator, with a reason.
    Cancel { reason: String },
}

impl Command {
    pub fn label_zh(&self) -> &'static str {
        match self {
            Command::ConfirmFrom => "交出方确认",
            Command::ConfirmTo => "接收方确认",
            Command::File => "备案",
            Command::Cancel { .. } => "撤销",
        }
    }
}

/// DATA-ACCOUNTS: judges opening a handover of `from` to `to` by `acting` (an account with
/// an open handover is no longer active, so it cannot be handed over twice).
pub fn check_open(
    draft: &HandoverDraft,
    from: &Account,
    to: &Account,
    acting: &Acting,
) -> Result<(), SharingError> {
    if !(acting.is_administrator() || acting.acts_for(from.unit)) {
        return Err(SharingError::not_permitted(
            "人员调整交接由账号所在单位的工作人员或平台管理部门办理（DATA-ACCOUNTS）",
        ));
    }
    let mut problems = Vec::new();
    if from.status != AccountStatus::Active {
        problems.push(format!(
            "交出的账号{}，不能再办理交接",
            from.status.label_zh()
        ));
    }
    if to.id == from.id || to.user == from.user {
        problems.push("接收人不能是交出人本人".to_owned());
    }
    if to.unit != from.unit {
        problems.push("接收人须是同一单位的平台账号持有人（DATA-ACCOUNTS）".to_owned());
    }
    if to.status != AccountStatus::Active {
        problems.push("接收人的平台账号须在使用中".to_owned());
    }
    if draft.reason.trim().is_empty() {
        problems.push("请写明人员调整的原因".to_owned());
    }
    if draft.reason.chars().count() > 200 {
        problems.push("调整原因至多 200 字".to_owned());
    }
    if draft.items.chars().count() > 2000 {
        problems.push("交接内容至多 2000 字".to_owned());
    }
    SharingError::check_all(problems)
}

/// DATA-ACCOUNTS: judges `command` on `handover` by `acting` at `now`; returns the handover
/// after it. A refusal changes nothing.
pub fn apply(
    handover: &Handover,
    command: &Command,
    acting: &Acting,
    now: Instant,
) -> Result<Handover, SharingError> {
    let label = command.label_zh();
    if handover.status != HandoverStatus::Open {
        return Err(SharingError::transition(handover.status.label_zh(), label));
    }
    let leader_of_unit =
        acting.unit == handover.unit && acting.roles.contains(&platform::roles::Role::UnitLeader);
    let mut next = handover.clone();
    match command {
        Command::ConfirmFrom => {
            if !(acting.user == handover.from_user || leader_of_unit) {
                return Err(SharingError::not_permitted(
                    "交出方确认由交出人本人或单位负责人作出（DATA-ACCOUNTS）",
                ));
            }
            if handover.from_confirmed.is_some() {
                return Err(SharingError::invalid("交出方已确认"));
            }
            next.from_confirmed = Some((now, acting.user));
        }
        Command::ConfirmTo => {
            if acting.user != handover.to_user {
                return Err(SharingError::not_permitted(
                    "接收方确认由接收人本人作出（DATA-ACCOUNTS）",
                ));
            }
            if handover.to_confirmed.is_some() {
                return Err(SharingError::invalid("接收方已确认"));
            }
            next.to_confirmed = Some((now, acting.user));
        }
        Command::File => {
            if !acting.is_administrator() {
                return Err(SharingError::not_permitted(
                    "交接由平台管理部门备案（DATA-ACCOUNTS）",
                ));
            }
            if handover.from_confirmed.is_none() || handover.to_confirmed.is_none() {
                return Err(SharingError::invalid(
                    "交出方和接收方都确认后才能备案（DATA-ACCOUNTS）",
                ));
            }
            next.status = HandoverStatus::Filed;
            next.filed = Some((now, acting.user));
        }
        Command::Cancel { reason } => {
            if !(acting.is_administrator() || acting.acts_for(handover.unit)) {
                return Err(SharingError::not_permitted(
                    "交接由账号所在单位的工作人员或平台管理部门撤销",
                ));
            }
            if reason.trim().is_empty() || reason.chars().count() > 500 {
                return Err(SharingError::invalid("撤销交接须写明理由（至多 500 字）"));
            }
            next.status = HandoverStatus::Cancelled;
            next.cancelled_at = Some(now);
            next.note = reason.trim().to_owned();
        }
    }
    Ok(next)
}

/// The status of the leaving account after a handover reaches `status`.
pub fn account_after(status: HandoverStatus) -> AccountStatus {
    match status {
        HandoverStatus::Open => AccountStatus::HandingOver,
        HandoverStatus::Filed => AccountStatus::Closed,
        HandoverStatus::Cancelled => AccountStatus::Active,
    }
}
