//! A consumer's request to use data (共享申请, DATA-REQUEST; 000 共享 §5, §9, §11) and its
//! forwarding upward (DATA-CROSS, §3, §5(四)). The pure machine: [`submit`] judges the
//! filing against the entry (named fields of its dictionary only, every material of a
//! conditional entry, the sealed application form for an API, a period within the profile's
//! `datashare.grant_max`) and routes it — unconditional and urgent requests to the platform
//! administrator (`datashare.request_unconditional`, 3 WD), conditional ones to the provider
//! (`datashare.request_conditional`, 10 WD); when the profile's `datashare.forward_upward` is
//! set (ganzhou builds no platform of its own) every request goes to the administrator, who
//! forwards it upward level by level and records the upper level's decision. The filing —
//! the data's flow and use — is never changed by any command.

use calendar::Instant;
use platform::workflow::machine as clocks;
use platform::workflow::{ClockEvent, ClockRule, SubjectClock, history};
use serde_json::{Value, json};

use crate::entry::{Entry, ResourceKind, SharingClass};
use crate::error::SharingError;
use crate::{Acting, EntryId, RequestId, ResourceId, Rules, UnitId};

/// The clock of a request: its decision, by whoever holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum RequestClock {
    /// 审核授权: the administrator's (3 WD) or the provider's (10 WD).
    Decide,
}

impl ClockRule for RequestClock {
    fn rule_id(self) -> &'static str {
        "DATA-REQUEST"
    }

    fn code(self) -> String {
        platform::workflow::command_code(&self)
    }
}

/// What the consumer files (its flow and use never change after submission).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Filing {
    pub entry: EntryId,
    pub resource: ResourceId,
    /// The dictionary's field codes asked for (最小可用).
    pub fields: Vec<String>,
    /// 使用用途: what the data is used for.
    pub purpose: String,
    /// 数据流向: which system of the consumer receives it.
    pub flow: String,
    /// The period asked for, in days.
    pub days: u32,
    /// 紧急使用: goes directly to the administrator (§11).
    pub urgent: bool,
    /// One text per material the conditional entry lists, in its order.
    pub materials: Vec<String>,
    /// The sealed application form's attachment (服务接口申请表, API resources).
    pub form_attachment: Option<i64>,
}

/// Where a request waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Status {
    /// 待平台管理部门审核.
    AtAdministrator,
    /// 待提供部门审核.
    AtProvider,
    /// 已逐级报送上级平台.
    ForwardedUp,
    /// 已授权.
    Approved,
    /// 不予授权.
    Refused,
    /// 已撤回 (by the consumer).
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::AtAdministrator,
        Status::AtProvider,
        Status::ForwardedUp,
        Status::Approved,
        Status::Refused,
        Status::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::AtAdministrator => "at_administrator",
            Status::AtProvider => "at_provider",
            Status::ForwardedUp => "forwarded_up",
            Status::Approved => "approved",
            Status::Refused => "refused",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Status::AtAdministrator => "待平台管理部门审核",
            Status::AtProvider => "待提供部门审核",
            Status::ForwardedUp => "已报送上级平台",
            Status::Approved => "已授权",
            Status::Refused => "不予授权",
            Status::Withdrawn => "已撤回",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.code() == code)
    }
}

/// A refusal's reason and basis (§11: 不予授权的应当提供依据).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Refusal {
    pub reason: String,
    pub basis: String,
}

/// A request.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Request {
    pub id: RequestId,
    pub consumer: UnitId,
    pub provider: UnitId,
    pub conditional: bool,
    pub api: bool,
    pub filing: Filing,
    pub status: Status,
    #[serde(with = "platform::snapshot::instant")]
    pub submitted_at: Instant,
    /// DATA-GRANT: the approval time the platform records (the grant's term runs from it).
    #[serde(with = "platform::snapshot::opt_instant")]
    pub decided_at: Option<Instant>,
    pub refusal: Option<Refusal>,
    /// DATA-CROSS: the levels it was forwarded to, in order.
    pub levels: Vec<String>,
    pub clocks: Vec<SubjectClock<RequestClock>>,
}

/// A command on a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// The holder (administrator or provider) approves: the grant starts now.
    Approve,
    /// The holder refuses with reason and basis.
    Refuse { reason: String, basis: String },
    /// The administrator hands an urgent conditional request to the provider.
    PassToProvider,
    /// DATA-CROSS: the administrator submits it to the next upper level.
    ForwardUpward { level: String },
    /// DATA-CROSS: the administrator records the upper level's decision.
    RecordUpperDecision {
        approved: bool,
        refusal: Option<Refusal>,
    },
    /// The consumer withdraws it before a decision.
    Withdraw,
}

/// The kind of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    Approve,
    Refuse,
    PassToProvider,
    ForwardUpward,
    RecordUpperDecision,
    Withdraw,
}

impl CommandKind {
    pub const ALL: [CommandKind; 6] = [
        CommandKind::Approve,
        CommandKind::Refuse,
        CommandKind::PassToProvider,
        CommandKind::ForwardUpward,
        CommandKind::RecordUpperDecision,
        CommandKind::Withdraw,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            CommandKind::Approve => "审核通过并授权",
            CommandKind::Refuse => "不予授权",
            CommandKind::PassToProvider => "转交提供部门",
            CommandKind::ForwardUpward => "报送上级平台",
            CommandKind::RecordUpperDecision => "登记上级审核结果",
            CommandKind::Withdraw => "撤回申请",
        }
    }
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Approve => CommandKind::Approve,
            Command::Refuse { .. } => CommandKind::Refuse,
            Command::PassToProvider => CommandKind::PassToProvider,
            Command::ForwardUpward { .. } => CommandKind::ForwardUpward,
            Command::RecordUpperDecision { .. } => CommandKind::RecordUpperDecision,
            Command::Withdraw => CommandKind::Withdraw,
        }
    }
}

use CommandKind as C;
use Status as S;

/// Every allowed transition `(from, command, to)`; the decision's target is by its content.
pub const TRANSITIONS: &[(Status, CommandKind, Status)] = &[
    (S::AtAdministrator, C::Approve, S::Approved),
    (S::AtAdministrator, C::Refuse, S::Refused),
    (S::AtAdministrator, C::PassToProvider, S::AtProvider),
    (S::AtAdministrator, C::ForwardUpward, S::ForwardedUp),
    (S::AtAdministrator, C::Withdraw, S::Withdrawn),
    (S::AtProvider, C::Approve, S::Approved),
    (S::AtProvider, C::Refuse, S::Refused),
    (S::AtProvider, C::Withdraw, S::Withdrawn),
    (S::ForwardedUp, C::ForwardUpward, S::ForwardedUp),
    (S::ForwardedUp, C::RecordUpperDecision, S::Approved),
    (S::ForwardedUp, C::RecordUpperDecision, S::Refused),
];

/// What a command did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Submitted (the first event), routed to `to`.
    Submitted { to: Status },
    /// A step of the table was taken.
    Stepped {
        command: CommandKind,
        from: Status,
        to: Status,
    },
    /// DATA-GRANT: approved at this recorded instant; the grant is made from it.
    Approved { at: Instant },
    /// A clock changed.
    Clock(ClockEvent<RequestClock>),
}

/// The history row of an event.
pub fn describe(event: &Event) -> (&'static str, Value) {
    match event {
        Event::Submitted { to } => ("submitted", json!({ "to": to.code() })),
        Event::Stepped { command, from, to } => (
            "stepped",
            json!({
                "command": platform::workflow::command_code(command),
                "from": from.code(),
                "to": to.code(),
            }),
        ),
        Event::Approved { at } => ("approved", json!({ "at": at.millis() })),
        Event::Clock(clock) => history::describe_clock(clock),
    }
}

platform::recorded!(Event, RequestClock, describe);

/// DATA-REQUEST: the request a consumer's staff files on a published entry, routed and
/// clocked; every problem of the filing at once.
pub fn submit(
    id: RequestId,
    filing: Filing,
    entry: &Entry,
    acting: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Request, Vec<Event>), SharingError> {
    if !acting.acts_for(acting.unit) {
        return Err(SharingError::not_permitted(
            "共享申请由数据使用部门的工作人员在线提出",
        ));
    }
    if acting.unit == entry.provider {
        return Err(SharingError::invalid("提供部门无需申请使用本部门的数据"));
    }
    if !entry.status.is_published() {
        return Err(SharingError::invalid("该目录未发布，不能申请"));
    }
    let conditional = match &entry.draft.class {
        SharingClass::Unconditional => false,
        SharingClass::Conditional { .. } => true,
        SharingClass::NotShared { .. } => {
            return Err(SharingError::invalid(
                "该目录为不予共享，不能申请（DATA-CLASS）",
            ));
        }
    };
    let Some(resource) = entry.resource(filing.resource) else {
        return Err(SharingError::invalid("请选择该目录挂接的资源"));
    };
    let api = matches!(resource.kind, ResourceKind::Api { .. });
    let limits = &rules.profile.datashare;
    let mut problems = Vec::new();
    if !resource.online {
        problems.push(format!("资源“{}”已下线，不能申请", resource.name));
    }
    if filing.fields.is_empty() {
        problems.push("请选择申请使用的字段（最小可用原则）".to_owned());
    }
    for code in &filing.fields {
        if entry.draft.field(code).is_none() {
            problems.push(format!("数据字典中没有字段“{code}”"));
        }
    }
    let mut unique = filing.fields.clone();
    unique.sort();
    unique.dedup();
    if unique.len() != filing.fields.len() {
        problems.push("申请字段有重复".to_owned());
    }
    if filing.purpose.trim().is_empty() {
        problems.push("请填写数据使用用途".to_owned());
    }
    if filing.flow.trim().is_empty() {
        problems.push("请填写数据流向（使用数据的业务系统）".to_owned());
    }
    // DATA-GRANT: at most `datashare.grant_max`, in days.
    let max_days = limits.grant_max.limit().amount;
    if filing.days == 0 || filing.days > max_days {
        problems.push(format!("授权期限以天为单位，应为 1 至 {max_days} 天"));
    }
    if let SharingClass::Conditional { materials } = &entry.draft.class {
        for (index, material) in materials.iter().enumerate() {
            let given = filing.materials.get(index).map_or("", |m| m.trim());
            if given.is_empty() {
                problems.push(format!("请提供申请材料“{material}”"));
            }
        }
    }
    if api && filing.form_attachment.is_none() {
        problems.push("申请服务接口须上传加盖部门印章的服务接口申请表扫描件".to_owned());
    }
    SharingError::check_all(problems)?;
    let mut filing = filing;
    filing.purpose = filing.purpose.trim().to_owned();
    filing.flow = filing.flow.trim().to_owned();
    // §11: unconditional and urgent requests go to the administrator; in the forward-upward
    // mode every request does (§3), since the district decides none itself.
    let to_administrator = !conditional || filing.urgent || limits.forward_upward;
    let (status, unit, limit) = if to_administrator {
        (
            Status::AtAdministrator,
            None,
            limits.request_unconditional.limit(),
        )
    } else {
        (
            Status::AtProvider,
            Some(entry.provider),
            limits.request_conditional.limit(),
        )
    };
    let mut request = Request {
        id,
        consumer: acting.unit,
        provider: entry.provider,
        conditional,
        api,
        filing,
        status,
        submitted_at: now,
        decided_at: None,
        refusal: None,
        levels: Vec::new(),
        clocks: Vec::new(),
    };
    let started = clocks::start(
        &mut request.clocks,
        RequestClock::Decide,
        unit,
        limit,
        now,
        rules.calendar,
    );
    Ok((
        request,
        vec![Event::Submitted { to: status }, Event::Clock(started)],
    ))
}

/// Who may run `kind` on `request` now.
fn permits(request: &Request, acting: &Acting, kind: CommandKind) -> Result<(), SharingError> {
    let allowed = match (kind, request.status) {
        (CommandKind::Withdraw, _) => acting.acts_for(request.consumer),
        (_, Status::AtProvider) => acting.acts_for(request.provider),
        _ => acting.is_administrator(),
    };
    if allowed {
        return Ok(());
    }
    Err(SharingError::not_permitted(match (kind, request.status) {
        (CommandKind::Withdraw, _) => "申请由提出申请的使用部门撤回".to_owned(),
        (_, Status::AtProvider) => "有条件共享申请由数据提供部门审核（DATA-REQUEST）".to_owned(),
        _ => format!("“{}”由平台管理部门办理", kind.label_zh()),
    }))
}

/// The commands `acting` may run now.
pub fn available(request: &Request, acting: &Acting, rules: Rules<'_>) -> Vec<CommandKind> {
    let mut kinds: Vec<CommandKind> = TRANSITIONS
        .iter()
        .filter(|(from, kind, _)| {
            *from == request.status && permits(request, acting, *kind).is_ok()
        })
        .map(|(_, kind, _)| *kind)
        .filter(|kind| local_decision_allowed(request, *kind, rules).is_ok())
        .collect();
    kinds.dedup();
    kinds
}

/// DATA-REQUEST (ganzhou): in the forward-upward mode the district's administrator decides
/// nothing itself; it forwards upward and records the upper level's decision.
fn local_decision_allowed(
    request: &Request,
    kind: CommandKind,
    rules: Rules<'_>,
) -> Result<(), SharingError> {
    let local = matches!(
        kind,
        CommandKind::Approve | CommandKind::Refuse | CommandKind::PassToProvider
    );
    if local && request.status == Status::AtAdministrator && rules.profile.datashare.forward_upward
    {
        return Err(SharingError::invalid(
            "本级不单独建设共享平台，申请须报送上级平台审核并跟踪（DATA-REQUEST、DATA-CROSS）",
        ));
    }
    if kind == CommandKind::PassToProvider && !request.conditional {
        return Err(SharingError::invalid("无条件共享申请由平台管理部门审核"));
    }
    Ok(())
}

/// §4(三), §11: a refusal names its reason and basis, and lack of a paper application is no
/// reason.
fn check_refusal(reason: &str, basis: &str) -> Result<Refusal, SharingError> {
    let mut problems = Vec::new();
    if reason.trim().is_empty() {
        problems.push("不予授权须说明具体理由".to_owned());
    }
    if basis.trim().is_empty() {
        problems.push("不予授权须提供依据".to_owned());
    }
    if reason.contains("纸质") {
        problems.push("不得以未收到纸质申请为由拒绝或拖延办理（DATA-REQUEST）".to_owned());
    }
    SharingError::check_all(problems)?;
    Ok(Refusal {
        reason: reason.trim().to_owned(),
        basis: basis.trim().to_owned(),
    })
}

/// Judges `command` on `request` for `acting` at `now`; a refusal changes nothing.
pub fn apply(
    request: &Request,
    command: &Command,
    acting: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Request, Vec<Event>), SharingError> {
    let kind = command.kind();
    let target = match command {
        Command::RecordUpperDecision {
            approved: false, ..
        }
        | Command::Refuse { .. } => Some(Status::Refused),
        Command::RecordUpperDecision { approved: true, .. } | Command::Approve => {
            Some(Status::Approved)
        }
        _ => None,
    };
    let Some(&(from, _, to)) = TRANSITIONS.iter().find(|(from, row, to)| {
        *from == request.status && *row == kind && target.is_none_or(|t| t == *to)
    }) else {
        return Err(SharingError::transition(
            request.status.label_zh(),
            kind.label_zh(),
        ));
    };
    permits(request, acting, kind)?;
    local_decision_allowed(request, kind, rules)?;
    let mut next = request.clone();
    let mut extra = Vec::new();
    let stop = |next: &mut Request| {
        clocks::stop(&mut next.clocks, now, rules.calendar, |_| true)
            .into_iter()
            .map(Event::Clock)
            .collect::<Vec<_>>()
    };
    match command {
        Command::Approve | Command::RecordUpperDecision { approved: true, .. } => {
            extra.extend(stop(&mut next));
            next.decided_at = Some(now);
            extra.push(Event::Approved { at: now });
        }
        Command::Refuse { reason, basis } => {
            next.refusal = Some(check_refusal(reason, basis)?);
            extra.extend(stop(&mut next));
            next.decided_at = Some(now);
        }
        Command::RecordUpperDecision {
            approved: false,
            refusal,
        } => {
            let refusal = refusal.clone().unwrap_or(Refusal {
                reason: String::new(),
                basis: String::new(),
            });
            next.refusal = Some(check_refusal(&refusal.reason, &refusal.basis)?);
            extra.extend(stop(&mut next));
            next.decided_at = Some(now);
        }
        Command::PassToProvider => {
            extra.extend(stop(&mut next));
            extra.push(Event::Clock(clocks::start(
                &mut next.clocks,
                RequestClock::Decide,
                Some(next.provider),
                rules.profile.datashare.request_conditional.limit(),
                now,
                rules.calendar,
            )));
        }
        Command::ForwardUpward { level } => {
            let level = level.trim();
            if level.is_empty() {
                return Err(SharingError::invalid("请写明报送的上级平台"));
            }
            if next.levels.iter().any(|l| l == level) {
                return Err(SharingError::invalid(format!(
                    "已报送“{level}”，逐级报送不能重复（DATA-CROSS）"
                )));
            }
            // The district's own clock ends when it has done its part: the forwarding.
            extra.extend(stop(&mut next));
            next.levels.push(level.to_owned());
        }
        Command::Withdraw => {
            extra.extend(stop(&mut next));
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
