//! The pure machine of a catalogue entry: [`register`] (a provider's draft) and `apply(entry,
//! command, acting, now, rules) -> (entry, events)` judged in the order: the transition table
//! ([`TRANSITIONS`]), who may act (the provider's staff, or the platform administrator), then
//! the rules. The change clock is the profile's `datashare.catalogue_update` (10 WD), extended
//! once with the administrator's consent up to `catalogue_update_extended` (20 WD).

use calendar::{Instant, Limit};
use platform::workflow::machine as clocks;
use platform::workflow::{ClockEvent, ClockRule, history};
use serde_json::{Value, json};

use crate::entry::{Entry, EntryDraft, Status};
use crate::error::SharingError;
use crate::{Acting, EntryId, ResourceId, Rules};

/// The clocks of an entry (DATA-CATALOG).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum EntryClock {
    /// 更新维护: a registered entry's change is made within `datashare.catalogue_update`.
    Update,
}

impl EntryClock {
    pub const fn label_zh(self) -> &'static str {
        "目录更新期限"
    }
}

impl ClockRule for EntryClock {
    fn rule_id(self) -> &'static str {
        "DATA-CATALOG"
    }

    fn code(self) -> String {
        platform::workflow::command_code(&self)
    }
}

/// A command on an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// The provider edits its draft.
    Edit { draft: EntryDraft },
    /// The provider submits it for review.
    Submit,
    /// The administrator publishes a shared entry (DATA-CATALOG).
    Publish,
    /// The administrator files a not-shared entry (DATA-CLASS: 备案).
    File,
    /// The administrator returns it to the provider with a reason.
    Return { reason: String },
    /// The provider starts a change of a published entry: the DATA-CATALOG clock runs.
    StartChange { reason: String },
    /// The administrator consents to a longer change (up to the extended limit), once.
    ExtendChange { reason: String },
    /// The provider completes the change with the new content.
    CompleteChange { draft: EntryDraft },
    /// The provider takes one resource offline (its users are told, DATA-WITHDRAW).
    TakeOffline { resource: ResourceId },
    /// The provider brings one resource back online.
    PutOnline { resource: ResourceId },
    /// The provider applies to withdraw the entry with a basis; every resource offline first.
    ApplyWithdrawal { basis: String },
    /// The administrator agrees: the entry is withdrawn.
    ApproveWithdrawal,
    /// The administrator does not agree, with a reason.
    RefuseWithdrawal { reason: String },
}

/// The kind of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    Edit,
    Submit,
    Publish,
    File,
    Return,
    StartChange,
    ExtendChange,
    CompleteChange,
    TakeOffline,
    PutOnline,
    ApplyWithdrawal,
    ApproveWithdrawal,
    RefuseWithdrawal,
}

impl CommandKind {
    pub const ALL: [CommandKind; 13] = [
        CommandKind::Edit,
        CommandKind::Submit,
        CommandKind::Publish,
        CommandKind::File,
        CommandKind::Return,
        CommandKind::StartChange,
        CommandKind::ExtendChange,
        CommandKind::CompleteChange,
        CommandKind::TakeOffline,
        CommandKind::PutOnline,
        CommandKind::ApplyWithdrawal,
        CommandKind::ApproveWithdrawal,
        CommandKind::RefuseWithdrawal,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            CommandKind::Edit => "修改草稿",
            CommandKind::Submit => "提交审核",
            CommandKind::Publish => "审核发布",
            CommandKind::File => "备案",
            CommandKind::Return => "退回",
            CommandKind::StartChange => "发起变更",
            CommandKind::ExtendChange => "同意延长更新期限",
            CommandKind::CompleteChange => "完成变更",
            CommandKind::TakeOffline => "下线资源",
            CommandKind::PutOnline => "上线资源",
            CommandKind::ApplyWithdrawal => "申请撤销",
            CommandKind::ApproveWithdrawal => "同意撤销",
            CommandKind::RefuseWithdrawal => "不同意撤销",
        }
    }

    /// Whether the platform administrator runs it (else the provider).
    pub const fn is_administrator_s(self) -> bool {
        matches!(
            self,
            CommandKind::Publish
                | CommandKind::File
                | CommandKind::Return
                | CommandKind::ExtendChange
                | CommandKind::ApproveWithdrawal
                | CommandKind::RefuseWithdrawal
        )
    }
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Edit { .. } => CommandKind::Edit,
            Command::Submit => CommandKind::Submit,
            Command::Publish => CommandKind::Publish,
            Command::File => CommandKind::File,
            Command::Return { .. } => CommandKind::Return,
            Command::StartChange { .. } => CommandKind::StartChange,
            Command::ExtendChange { .. } => CommandKind::ExtendChange,
            Command::CompleteChange { .. } => CommandKind::CompleteChange,
            Command::TakeOffline { .. } => CommandKind::TakeOffline,
            Command::PutOnline { .. } => CommandKind::PutOnline,
            Command::ApplyWithdrawal { .. } => CommandKind::ApplyWithdrawal,
            Command::ApproveWithdrawal => CommandKind::ApproveWithdrawal,
            Command::RefuseWithdrawal { .. } => CommandKind::RefuseWithdrawal,
        }
    }
}

use CommandKind as C;
use Status as S;

/// Every allowed transition `(from, command, to)`; any other pair is refused.
pub const TRANSITIONS: &[(Status, CommandKind, Status)] = &[
    (S::Draft, C::Edit, S::Draft),
    (S::Draft, C::Submit, S::Submitted),
    (S::Submitted, C::Publish, S::Published),
    (S::Submitted, C::File, S::Filed),
    (S::Submitted, C::Return, S::Draft),
    (S::Published, C::StartChange, S::Changing),
    (S::Changing, C::ExtendChange, S::Changing),
    (S::Changing, C::CompleteChange, S::Published),
    (S::Published, C::TakeOffline, S::Published),
    (S::Changing, C::TakeOffline, S::Changing),
    (S::Published, C::PutOnline, S::Published),
    (S::Changing, C::PutOnline, S::Changing),
    (S::Published, C::ApplyWithdrawal, S::WithdrawalApplied),
    (S::WithdrawalApplied, C::ApproveWithdrawal, S::Withdrawn),
    (S::WithdrawalApplied, C::RefuseWithdrawal, S::Published),
];

/// What a command did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Registered as a draft (the first event).
    Registered,
    /// A step of the table was taken.
    Stepped {
        command: CommandKind,
        from: Status,
        to: Status,
    },
    /// DATA-WITHDRAW: a resource went offline; its current users are told.
    ResourceOffline { resource: ResourceId },
    /// DATA-WITHDRAW: a withdrawal was applied for; every current user is told in advance.
    WithdrawalAnnounced,
    /// A clock changed.
    Clock(ClockEvent<EntryClock>),
}

/// The history row of an event.
pub fn describe(event: &Event) -> (&'static str, Value) {
    match event {
        Event::Registered => ("registered", json!({})),
        Event::Stepped { command, from, to } => (
            "stepped",
            json!({
                "command": platform::workflow::command_code(command),
                "from": from.code(),
                "to": to.code(),
            }),
        ),
        Event::ResourceOffline { resource } => {
            ("resource_offline", json!({ "resource": resource.0 }))
        }
        Event::WithdrawalAnnounced => ("withdrawal_announced", json!({})),
        Event::Clock(clock) => history::describe_clock(clock),
    }
}

platform::recorded!(Event, EntryClock, describe);

/// Who may run `kind`: the administrator, or the provider's own staff.
fn permits(entry: &Entry, acting: &Acting, kind: CommandKind) -> Result<(), SharingError> {
    if kind.is_administrator_s() {
        if acting.is_administrator() {
            return Ok(());
        }
        return Err(SharingError::not_permitted(format!(
            "“{}”由平台管理部门（数据平台管理员）办理",
            kind.label_zh()
        )));
    }
    if acting.acts_for(entry.provider) {
        Ok(())
    } else {
        Err(SharingError::not_permitted(format!(
            "“{}”由数据提供部门的工作人员办理",
            kind.label_zh()
        )))
    }
}

/// The commands `acting` may run now.
pub fn available(entry: &Entry, acting: &Acting) -> Vec<CommandKind> {
    TRANSITIONS
        .iter()
        .filter(|(from, kind, _)| *from == entry.status && permits(entry, acting, *kind).is_ok())
        .map(|(_, kind, _)| *kind)
        .collect()
}

/// DATA-CATALOG: a provider's staff registers a draft entry of its unit.
pub fn register(
    id: EntryId,
    draft: EntryDraft,
    acting: &Acting,
) -> Result<(Entry, Vec<Event>), SharingError> {
    if !acting.roles.iter().any(|role| {
        matches!(
            role,
            platform::roles::Role::UnitHandler | platform::roles::Role::UnitLeader
        )
    }) {
        return Err(SharingError::not_permitted(
            "数据目录由数据提供部门的工作人员注册",
        ));
    }
    draft.check()?;
    let entry = Entry {
        id,
        provider: acting.unit,
        draft,
        status: Status::Draft,
        published_at: None,
        note: String::new(),
        withdrawal_basis: String::new(),
        clocks: Vec::new(),
    };
    Ok((entry, vec![Event::Registered]))
}

fn required(text: &str, message: &str) -> Result<String, SharingError> {
    if text.trim().is_empty() {
        Err(SharingError::invalid(message))
    } else {
        Ok(text.trim().to_owned())
    }
}

fn resource_mut(
    entry: &mut Entry,
    id: ResourceId,
) -> Result<&mut crate::entry::Resource, SharingError> {
    entry
        .draft
        .resources
        .iter_mut()
        .find(|r| r.id == id)
        .ok_or_else(|| SharingError::invalid("该目录没有这个资源"))
}

/// Judges `command` on `entry` for `acting` at `now`; a refusal changes nothing.
pub fn apply(
    entry: &Entry,
    command: &Command,
    acting: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Entry, Vec<Event>), SharingError> {
    let kind = command.kind();
    let Some(&(from, _, to)) = TRANSITIONS
        .iter()
        .find(|(from, row, _)| *from == entry.status && *row == kind)
    else {
        return Err(SharingError::transition(
            entry.status.label_zh(),
            kind.label_zh(),
        ));
    };
    permits(entry, acting, kind)?;
    let limits = &rules.profile.datashare;
    let mut next = entry.clone();
    let mut extra = Vec::new();
    match command {
        Command::Edit { draft } => {
            draft.check()?;
            next.draft = draft.clone();
        }
        Command::Submit => next.draft.check()?,
        Command::Publish => {
            if !next.draft.class.is_shared() {
                return Err(SharingError::invalid(
                    "不予共享的目录只备案，不发布（DATA-CLASS）",
                ));
            }
            next.published_at = Some(now);
        }
        Command::File => {
            if next.draft.class.is_shared() {
                return Err(SharingError::invalid("只有不予共享的目录备案"));
            }
        }
        Command::Return { reason } => {
            next.note = required(reason, "退回须写明理由")?;
        }
        Command::StartChange { reason } => {
            next.note = required(reason, "请写明变更内容")?;
            // DATA-CATALOG: the change is made within `datashare.catalogue_update`.
            extra.push(Event::Clock(clocks::start(
                &mut next.clocks,
                EntryClock::Update,
                Some(next.provider),
                limits.catalogue_update.limit(),
                now,
                rules.calendar,
            )));
        }
        Command::ExtendChange { reason } => {
            let reason = required(reason, "同意延长须写明特殊原因")?;
            let normal = limits.catalogue_update.limit();
            let longest = limits.catalogue_update_extended.limit();
            if normal.unit != longest.unit || longest.amount <= normal.amount {
                return Err(SharingError::invalid(
                    "目录更新延长时限配置有误，请联系系统管理员",
                ));
            }
            let Some(clock) = next.clocks.iter_mut().find(|c| c.is_running()) else {
                return Err(SharingError::invalid("目录更新期限未在计时"));
            };
            if !clock.clock.extensions().is_empty() {
                return Err(SharingError::invalid(
                    "目录更新期限已延长过（DATA-CATALOG）",
                ));
            }
            let amount = Limit::new(longest.amount - normal.amount, normal.unit);
            let extended = clocks::extend(clock, amount, &reason, "DATA-CATALOG", rules.calendar)
                .map_err(|error| SharingError::invalid(error.to_string()))?;
            extra.push(Event::Clock(extended));
        }
        Command::CompleteChange { draft } => {
            draft.check()?;
            if !draft.class.is_shared() {
                return Err(SharingError::invalid(
                    "已发布的目录改为不予共享须申请撤销（DATA-WITHDRAW）",
                ));
            }
            next.draft = draft.clone();
            let stopped = clocks::stop(&mut next.clocks, now, rules.calendar, |_| true);
            extra.extend(stopped.into_iter().map(Event::Clock));
        }
        Command::TakeOffline { resource } => {
            let target = resource_mut(&mut next, *resource)?;
            if !target.online {
                return Err(SharingError::invalid("该资源已下线"));
            }
            target.online = false;
            extra.push(Event::ResourceOffline {
                resource: *resource,
            });
        }
        Command::PutOnline { resource } => {
            let target = resource_mut(&mut next, *resource)?;
            if target.online {
                return Err(SharingError::invalid("该资源已在线"));
            }
            target.online = true;
        }
        Command::ApplyWithdrawal { basis } => {
            // DATA-WITHDRAW: resources offline first, then the application with its basis.
            let online: Vec<&str> = next
                .draft
                .resources
                .iter()
                .filter(|r| r.online)
                .map(|r| r.name.as_str())
                .collect();
            let mut problems = Vec::new();
            if !online.is_empty() {
                problems.push(format!(
                    "撤销前须先下线已挂接的资源：{}（DATA-WITHDRAW）",
                    online.join("、")
                ));
            }
            if basis.trim().is_empty() {
                problems.push("申请撤销须提供依据".to_owned());
            }
            SharingError::check_all(problems)?;
            next.withdrawal_basis = basis.trim().to_owned();
            extra.push(Event::WithdrawalAnnounced);
        }
        Command::ApproveWithdrawal => {}
        Command::RefuseWithdrawal { reason } => {
            next.note = required(reason, "不同意撤销须写明理由")?;
            next.withdrawal_basis.clear();
        }
    }
    next.status = to;
    let mut events = vec![Event::Stepped {
        command: kind,
        from,
        to,
    }];
    events.extend(extra);
    Ok((next, events))
}
