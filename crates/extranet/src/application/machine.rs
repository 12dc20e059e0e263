//! The pure machine of an access application (NET-ACCESS): [`register`] (NET-ELIGIBLE checks,
//! the review clock starts) and `apply(application, command, acting, now, rules) ->
//! (application, events)` judged in the order: the transition table ([`TRANSITIONS`], whose
//! rows name the kinds they serve), who may act (the office or the applying unit), then the
//! input. Every limit is the profile's (`extranet.*`), each step's clock filed under its owner.

use calendar::Instant;
use platform::workflow::machine as clocks;
use platform::workflow::{ClockEvent, ClockRule, history};
use serde_json::{Value, json};

use super::ApplicationId;
use super::record::{Application, ApplicationKind, Filing, Owner, Status, Step};
use crate::error::ExtranetError;
use crate::{Acting, Rules, UnitId};

/// The clocks of an access application, one per step (NET-ACCESS, 000 外网 §10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum AccessClock {
    /// 审核: `extranet.review` from the application (the office's).
    Review,
    /// 制定方案: `extranet.plan` from the approval (the unit's).
    Plan,
    /// 实施 (and each troubleshooting round): `extranet.implement` (the office's).
    Implement,
    /// 业务测试: `extranet.test` from the implementation (the unit's).
    Test,
    /// 关闭链路并书面通知: `extranet.close_link` from a closing's approval (the office's).
    CloseLink,
}

impl AccessClock {
    pub const ALL: [AccessClock; 5] = [
        AccessClock::Review,
        AccessClock::Plan,
        AccessClock::Implement,
        AccessClock::Test,
        AccessClock::CloseLink,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            AccessClock::Review => "审核期限",
            AccessClock::Plan => "方案报送期限",
            AccessClock::Implement => "实施期限",
            AccessClock::Test => "业务测试期限",
            AccessClock::CloseLink => "关闭链路期限",
        }
    }

    /// Who runs the step the clock times.
    pub const fn owner(self) -> Owner {
        match self {
            AccessClock::Plan | AccessClock::Test => Owner::Unit,
            _ => Owner::Office,
        }
    }

    /// The label of a stored clock code.
    pub fn label_of_code(code: &str) -> &'static str {
        AccessClock::ALL
            .into_iter()
            .find(|kind| kind.code() == code)
            .map_or("接入办理期限", AccessClock::label_zh)
    }

    fn limit(self, rules: Rules<'_>) -> calendar::Limit {
        let extranet = &rules.profile.extranet;
        match self {
            AccessClock::Review => extranet.review.limit(),
            AccessClock::Plan => extranet.plan.limit(),
            AccessClock::Implement => extranet.implement.limit(),
            AccessClock::Test => extranet.test.limit(),
            AccessClock::CloseLink => extranet.close_link.limit(),
        }
    }
}

impl ClockRule for AccessClock {
    fn rule_id(self) -> &'static str {
        "NET-ACCESS"
    }

    fn code(self) -> String {
        platform::workflow::command_code(&self)
    }
}

/// A command on an access application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// §10(二): the office finds it compliant (its opinion, may be empty).
    Approve { opinion: String },
    /// §10(二): the office refuses it, with the reason told to the unit.
    Refuse { reason: String },
    /// §10(三): the unit reports its technical plan.
    SubmitPlan { plan: String },
    /// §10(四): the office (guiding the unit) implements the access, or implements again
    /// after troubleshooting.
    Implement { note: String },
    /// §10(五): the unit reports its business test; a failed one goes back to troubleshooting.
    ReportTest { passed: bool, result: String },
    /// §10 last paragraph: the office closes the link of an approved closing and notifies the
    /// unit in writing (the notice's text).
    CloseLink { notice: String },
}

/// The kind of a command (a test report counts as passed or failed: two rows of the table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    Approve,
    Refuse,
    SubmitPlan,
    Implement,
    PassTest,
    FailTest,
    CloseLink,
}

impl CommandKind {
    pub const ALL: [CommandKind; 7] = [
        CommandKind::Approve,
        CommandKind::Refuse,
        CommandKind::SubmitPlan,
        CommandKind::Implement,
        CommandKind::PassTest,
        CommandKind::FailTest,
        CommandKind::CloseLink,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            CommandKind::Approve => "审核通过",
            CommandKind::Refuse => "审核不通过",
            CommandKind::SubmitPlan => "报送技术方案",
            CommandKind::Implement => "完成实施",
            CommandKind::PassTest => "业务测试正常",
            CommandKind::FailTest => "业务测试不正常",
            CommandKind::CloseLink => "关闭链路并书面通知",
        }
    }

    /// The name of a stored command code.
    pub fn label_of_code(code: &str) -> &'static str {
        CommandKind::ALL
            .into_iter()
            .find(|kind| platform::workflow::command_code(kind) == code)
            .map_or("申请", CommandKind::label_zh)
    }

    /// Who runs it.
    pub const fn owner(self) -> Owner {
        match self {
            CommandKind::SubmitPlan | CommandKind::PassTest | CommandKind::FailTest => Owner::Unit,
            _ => Owner::Office,
        }
    }
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Approve { .. } => CommandKind::Approve,
            Command::Refuse { .. } => CommandKind::Refuse,
            Command::SubmitPlan { .. } => CommandKind::SubmitPlan,
            Command::Implement { .. } => CommandKind::Implement,
            Command::ReportTest { passed: true, .. } => CommandKind::PassTest,
            Command::ReportTest { passed: false, .. } => CommandKind::FailTest,
            Command::CloseLink { .. } => CommandKind::CloseLink,
        }
    }
}

/// Which kinds of application a row of the table serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Serves {
    /// Every kind.
    All,
    /// Access and change (they are built and tested).
    Building,
    /// Closing (approved, then the link closed).
    Closing,
}

impl Serves {
    pub fn includes(self, kind: ApplicationKind) -> bool {
        match self {
            Serves::All => true,
            Serves::Building => kind != ApplicationKind::Closing,
            Serves::Closing => kind == ApplicationKind::Closing,
        }
    }
}

/// NET-ACCESS: every allowed transition `(serves, from, command, to)`; any other is refused.
pub const TRANSITIONS: &[(Serves, Status, CommandKind, Status)] = &[
    (
        Serves::All,
        Status::Applied,
        CommandKind::Approve,
        Status::Approved,
    ),
    (
        Serves::All,
        Status::Applied,
        CommandKind::Refuse,
        Status::Refused,
    ),
    (
        Serves::Building,
        Status::Approved,
        CommandKind::SubmitPlan,
        Status::Planned,
    ),
    (
        Serves::Building,
        Status::Planned,
        CommandKind::Implement,
        Status::Implemented,
    ),
    (
        Serves::Building,
        Status::Troubleshooting,
        CommandKind::Implement,
        Status::Implemented,
    ),
    (
        Serves::Building,
        Status::Implemented,
        CommandKind::PassTest,
        Status::InOperation,
    ),
    (
        Serves::Building,
        Status::Implemented,
        CommandKind::FailTest,
        Status::Troubleshooting,
    ),
    (
        Serves::Closing,
        Status::Approved,
        CommandKind::CloseLink,
        Status::Closed,
    ),
];

/// What a command did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Applied (the first event).
    Applied,
    /// A step of the table was taken.
    Stepped {
        command: CommandKind,
        from: Status,
        to: Status,
    },
    /// A clock changed.
    Clock(ClockEvent<AccessClock>),
}

/// The history row of an event.
pub fn describe(event: &Event) -> (&'static str, Value) {
    match event {
        Event::Applied => ("applied", json!({})),
        Event::Stepped { command, from, to } => (
            "stepped",
            json!({
                "command": platform::workflow::command_code(command),
                "from": from.code(),
                "to": to.code(),
            }),
        ),
        Event::Clock(clock) => history::describe_clock(clock),
    }
}

platform::recorded!(Event, AccessClock, describe);

fn permits(
    application: &Application,
    acting: &Acting,
    kind: CommandKind,
) -> Result<(), ExtranetError> {
    match kind.owner() {
        Owner::Office if acting.is_office(application.office) => Ok(()),
        Owner::Unit if acting.is_unit_staff(application.filing.unit) => Ok(()),
        Owner::Office => Err(ExtranetError::not_permitted(format!(
            "“{}”由政务外网主管机构（区信息化工作办公室）办理",
            kind.label_zh()
        ))),
        Owner::Unit => Err(ExtranetError::not_permitted(format!(
            "“{}”由申请接入的单位办理",
            kind.label_zh()
        ))),
    }
}

fn row(application: &Application, kind: CommandKind) -> Option<(Status, Status)> {
    TRANSITIONS
        .iter()
        .find(|(serves, from, command, _)| {
            serves.includes(application.filing.kind)
                && *from == application.status
                && *command == kind
        })
        .map(|(_, from, _, to)| (*from, *to))
}

/// The commands `acting` may run now: the table's rows from the status that the same
/// permission check lets through.
pub fn available(application: &Application, acting: &Acting) -> Vec<CommandKind> {
    CommandKind::ALL
        .into_iter()
        .filter(|kind| row(application, *kind).is_some())
        .filter(|kind| permits(application, acting, *kind).is_ok())
        .collect()
}

/// NET-ELIGIBLE, NET-ACCESS §10(一): checks a filing, every problem at once.
fn check_filing(filing: &Filing) -> Result<(), ExtranetError> {
    let mut problems = Vec::new();
    if filing.basis.trim().is_empty() {
        problems.push("请填写申请依据（NET-ELIGIBLE）".to_owned());
    }
    if filing.kind != ApplicationKind::Closing && filing.scope.trim().is_empty() {
        problems.push("请填写接入范围".to_owned());
    }
    if filing.kind == ApplicationKind::Access && filing.addresses.is_empty() {
        problems.push("接入申请须写明所需的接入地址".to_owned());
    }
    if filing.kind == ApplicationKind::Closing && !filing.addresses.is_empty() {
        problems.push("关闭申请不申请地址".to_owned());
    }
    for block in &filing.addresses {
        let (family, range) = if block.v6 {
            ("IPv6", 32..=128)
        } else {
            ("IPv4", 16..=32)
        };
        if !range.contains(&block.length) {
            problems.push(format!(
                "所需{family}地址段 /{} 不在 /{} 到 /{} 之间",
                block.length,
                range.start(),
                range.end()
            ));
        }
    }
    match (filing.kind.names_access(), filing.of_access) {
        (true, None) => problems.push(format!(
            "{}须指明所变更或关闭的接入（已运行的接入申请）",
            filing.kind.label_zh()
        )),
        (false, Some(_)) => problems.push("新的接入申请不指向已有接入".to_owned()),
        _ => {}
    }
    ExtranetError::check_all(problems)
}

/// NET-ELIGIBLE, NET-ACCESS: an application of `filing.unit` to `office`, filed by the
/// unit's staff or registered by the office; the review clock starts, filed under the office.
pub fn register(
    id: ApplicationId,
    office: UnitId,
    filing: Filing,
    acting: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Application, Vec<Event>), ExtranetError> {
    if !acting.is_unit_staff(filing.unit) && !acting.is_office(office) {
        return Err(ExtranetError::not_permitted(
            "接入申请由申请单位的负责人或工作人员提出，或由政务外网主管机构代为登记",
        ));
    }
    if filing.unit == office {
        return Err(ExtranetError::invalid(
            "政务外网主管机构不向自己提出接入申请",
        ));
    }
    check_filing(&filing)?;
    let mut filing = filing;
    filing.basis = filing.basis.trim().to_owned();
    filing.scope = filing.scope.trim().to_owned();
    let mut application = Application {
        id,
        office,
        filing,
        status: Status::Applied,
        applied_by: acting.user,
        applied_at: now,
        refusal: None,
        plan: None,
        test_rounds: 0,
        closing_notice: None,
        steps: Vec::new(),
        clocks: Vec::new(),
    };
    let started = start(&mut application, AccessClock::Review, now, rules);
    Ok((application, vec![Event::Applied, Event::Clock(started)]))
}

fn start(
    application: &mut Application,
    kind: AccessClock,
    now: Instant,
    rules: Rules<'_>,
) -> ClockEvent<AccessClock> {
    let unit = match kind.owner() {
        Owner::Office => application.office,
        Owner::Unit => application.filing.unit,
    };
    clocks::start(
        &mut application.clocks,
        kind,
        Some(unit),
        kind.limit(rules),
        now,
        rules.calendar,
    )
}

fn stop(
    application: &mut Application,
    kind: AccessClock,
    now: Instant,
    rules: Rules<'_>,
) -> Vec<ClockEvent<AccessClock>> {
    clocks::stop(&mut application.clocks, now, rules.calendar, |c| {
        c.kind == kind
    })
}

fn required(text: &str, message: &str) -> Result<String, ExtranetError> {
    if text.trim().is_empty() {
        Err(ExtranetError::invalid(message))
    } else {
        Ok(text.trim().to_owned())
    }
}

/// NET-ACCESS: judges `command` on `application` for `acting` at `now`; a refusal changes
/// nothing.
pub fn apply(
    application: &Application,
    command: &Command,
    acting: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Application, Vec<Event>), ExtranetError> {
    let kind = command.kind();
    let Some((from, to)) = row(application, kind) else {
        return Err(ExtranetError::InvalidTransition {
            from: application.status.label_zh(),
            command: kind.label_zh(),
        });
    };
    permits(application, acting, kind)?;
    let mut next = application.clone();
    let mut changed = Vec::new();
    let text = match command {
        Command::Approve { opinion } => {
            changed.extend(stop(&mut next, AccessClock::Review, now, rules));
            let following = if next.filing.kind == ApplicationKind::Closing {
                AccessClock::CloseLink
            } else {
                AccessClock::Plan
            };
            changed.push(start(&mut next, following, now, rules));
            opinion.trim().to_owned()
        }
        Command::Refuse { reason } => {
            let reason = required(reason, "审核不通过须写明理由，理由将告知申请单位")?;
            changed.extend(stop(&mut next, AccessClock::Review, now, rules));
            next.refusal = Some(reason.clone());
            reason
        }
        Command::SubmitPlan { plan } => {
            let plan = required(plan, "请填写业务实施技术方案")?;
            changed.extend(stop(&mut next, AccessClock::Plan, now, rules));
            changed.push(start(&mut next, AccessClock::Implement, now, rules));
            next.plan = Some(plan.clone());
            plan
        }
        Command::Implement { note } => {
            let note = required(note, "请填写实施情况")?;
            changed.extend(stop(&mut next, AccessClock::Implement, now, rules));
            changed.push(start(&mut next, AccessClock::Test, now, rules));
            note
        }
        Command::ReportTest { passed, result } => {
            let result = required(result, "请填写业务测试结果")?;
            changed.extend(stop(&mut next, AccessClock::Test, now, rules));
            if !passed {
                // §10(五): office and unit troubleshoot together, then implement again.
                changed.push(start(&mut next, AccessClock::Implement, now, rules));
            }
            next.test_rounds += 1;
            result
        }
        Command::CloseLink { notice } => {
            let notice = required(notice, "请填写关闭链路的书面通知")?;
            changed.extend(stop(&mut next, AccessClock::CloseLink, now, rules));
            next.closing_notice = Some(notice.clone());
            notice
        }
    };
    next.steps.push(Step {
        command: platform::workflow::command_code(&kind),
        text,
        by: acting.user,
        at: now,
    });
    next.status = to;
    let mut events = vec![Event::Stepped {
        command: kind,
        from,
        to,
    }];
    events.extend(changed.into_iter().map(Event::Clock));
    Ok((next, events))
}
