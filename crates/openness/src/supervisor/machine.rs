//! The pure machine of a supervisor's finding (PUB-SUPERVISOR): [`register`] and
//! `apply(finding, command, acting, now, rules) -> (finding, events)` judged in the order:
//! the transition table ([`TRANSITIONS`]), who may act (the office that registered it, or the
//! unit it concerns for its reply), then the rules. The reply clock
//! (`openness.supervisor_finding_reply`) is a kernel clock filed under the unit.

use calendar::Instant;
use chrono::NaiveDate;
use platform::roles::Role;
use platform::workflow::machine as clocks;
use platform::workflow::{ClockEvent, ClockRule, history};
use serde_json::{Value, json};

use super::{Finding, FindingFiling, FindingId, Note, Status, Supervisor};
use crate::error::OpennessError;
use crate::{Acting, Rules, UnitId};

/// The clock of a finding: the unit's reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum FindingClock {
    Reply,
}

impl FindingClock {
    pub const fn label_zh(self) -> &'static str {
        "回复期限"
    }
}

impl ClockRule for FindingClock {
    fn rule_id(self) -> &'static str {
        "PUB-SUPERVISOR"
    }

    fn code(self) -> String {
        platform::workflow::command_code(&self)
    }
}

/// A command on a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// The office sends it to the unit (交办); the reply clock starts.
    Send,
    /// The unit replies (整改情况).
    Reply { text: String },
    /// The office returns the reply to be redone, with the reason; the clock starts again.
    Return { reason: String },
    /// The office accepts the reply (验收) and closes the finding.
    Accept { note: String },
}

/// The kind of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    Send,
    Reply,
    Return,
    Accept,
}

impl CommandKind {
    pub const ALL: [CommandKind; 4] = [
        CommandKind::Send,
        CommandKind::Reply,
        CommandKind::Return,
        CommandKind::Accept,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            CommandKind::Send => "交办单位",
            CommandKind::Reply => "回复",
            CommandKind::Return => "退回重办",
            CommandKind::Accept => "验收办结",
        }
    }

    pub const fn path(self) -> &'static str {
        match self {
            CommandKind::Send => "send",
            CommandKind::Reply => "reply",
            CommandKind::Return => "return",
            CommandKind::Accept => "accept",
        }
    }

    /// The name of a stored command code.
    pub fn label_of_code(code: &str) -> &'static str {
        CommandKind::ALL
            .into_iter()
            .find(|kind| platform::workflow::command_code(kind) == code)
            .map_or("登记", CommandKind::label_zh)
    }
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Send => CommandKind::Send,
            Command::Reply { .. } => CommandKind::Reply,
            Command::Return { .. } => CommandKind::Return,
            Command::Accept { .. } => CommandKind::Accept,
        }
    }
}

/// Every allowed transition `(from, command, to)`; any other pair is refused.
pub const TRANSITIONS: &[(Status, CommandKind, Status)] = &[
    (Status::Registered, CommandKind::Send, Status::Sent),
    (Status::Sent, CommandKind::Reply, Status::Replied),
    (Status::Replied, CommandKind::Return, Status::Sent),
    (Status::Replied, CommandKind::Accept, Status::Closed),
];

/// What a command did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Registered,
    Stepped {
        command: CommandKind,
        from: Status,
        to: Status,
    },
    Clock(ClockEvent<FindingClock>),
}

/// The history row of an event: codes and instants, never the supervisor.
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
        Event::Clock(clock) => history::describe_clock(clock),
    }
}

platform::recorded!(Event, FindingClock, describe);

fn is_office(finding: &Finding, acting: &Acting) -> bool {
    acting.has_in(Role::OpennessOfficer, finding.office)
}

/// Whether `acting` is staff of the unit the finding concerns who may reply for it.
pub fn is_unit(finding: &Finding, acting: &Acting) -> bool {
    let unit = finding.filing.unit;
    [Role::OpennessOfficer, Role::UnitLeader, Role::UnitHandler]
        .into_iter()
        .any(|role| acting.has_in(role, unit))
}

fn permits(finding: &Finding, acting: &Acting, kind: CommandKind) -> Result<(), OpennessError> {
    match kind {
        CommandKind::Reply if is_unit(finding, acting) => Ok(()),
        CommandKind::Reply => Err(OpennessError::not_permitted(
            "只有被监督单位的工作人员可以回复监督意见",
        )),
        _ if is_office(finding, acting) => Ok(()),
        _ => Err(OpennessError::not_permitted(format!(
            "“{}”由登记监督意见的政务公开办公室办理",
            kind.label_zh()
        ))),
    }
}

/// The commands `acting` may run now.
pub fn available(finding: &Finding, acting: &Acting) -> Vec<CommandKind> {
    TRANSITIONS
        .iter()
        .filter(|(from, kind, _)| {
            *from == finding.status && permits(finding, acting, *kind).is_ok()
        })
        .map(|(_, kind, _)| *kind)
        .collect()
}

/// PUB-SUPERVISOR: a finding may be registered only for a supervisor of `office`'s register
/// whose term covers the day it was found.
pub fn check_supervisor(
    supervisor: &Supervisor,
    office: UnitId,
    found_on: NaiveDate,
) -> Result<(), OpennessError> {
    if supervisor.office != office {
        return Err(OpennessError::invalid("该监督员不在本办公室的监督员名册中"));
    }
    if !supervisor.serves_on(found_on) {
        return Err(OpennessError::invalid(format!(
            "发现日期 {found_on} 不在监督员 {} 的聘期（{} 至 {}）内（PUB-SUPERVISOR）",
            supervisor.name, supervisor.term_from, supervisor.term_until
        )));
    }
    Ok(())
}

/// PUB-SUPERVISOR: a finding of `supervisor` registered by the openness officer of `office`
/// at `now`, every problem at once.
pub fn register(
    id: FindingId,
    office: UnitId,
    filing: FindingFiling,
    supervisor: &Supervisor,
    acting: &Acting,
    now: Instant,
) -> Result<(Finding, Vec<Event>), OpennessError> {
    if !acting.has_in(Role::OpennessOfficer, office) {
        return Err(OpennessError::not_permitted(
            "监督意见由政务公开办公室的工作人员登记",
        ));
    }
    let mut problems = Vec::new();
    if let Err(error) = check_supervisor(supervisor, office, filing.found_on) {
        problems.push(error.to_string());
    }
    if filing.matter.trim().is_empty() {
        problems.push("请填写监督发现的问题".to_owned());
    }
    if filing.unit == office {
        problems.push("被监督单位不能是登记的政务公开办公室".to_owned());
    }
    if filing.found_on > now.local_date() {
        problems.push("发现日期不能晚于今天".to_owned());
    }
    OpennessError::check_all(problems)?;
    let mut filing = filing;
    filing.supervisor = Some(supervisor.id);
    filing.matter = filing.matter.trim().to_owned();
    let finding = Finding {
        id,
        office,
        filing,
        status: Status::Registered,
        registered_by: acting.user,
        registered_at: now,
        sent_at: None,
        replies: Vec::new(),
        returns: Vec::new(),
        acceptance: None,
        clocks: Vec::new(),
    };
    Ok((finding, vec![Event::Registered]))
}

fn required(text: &str, message: &str) -> Result<String, OpennessError> {
    if text.trim().is_empty() {
        Err(OpennessError::invalid(message))
    } else {
        Ok(text.trim().to_owned())
    }
}

fn start_reply(next: &mut Finding, now: Instant, rules: Rules<'_>) -> ClockEvent<FindingClock> {
    // PUB-SUPERVISOR: the unit's reply clock, the profile's limit, filed under the unit.
    clocks::start(
        &mut next.clocks,
        FindingClock::Reply,
        Some(next.filing.unit),
        rules.profile.openness.supervisor_finding_reply.limit(),
        now,
        rules.calendar,
    )
}

/// PUB-SUPERVISOR: judges `command` on `finding` for `acting` at `now`; a refusal changes
/// nothing.
pub fn apply(
    finding: &Finding,
    command: &Command,
    acting: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Finding, Vec<Event>), OpennessError> {
    let kind = command.kind();
    let Some(&(from, _, to)) = TRANSITIONS
        .iter()
        .find(|(from, row, _)| *from == finding.status && *row == kind)
    else {
        return Err(OpennessError::InvalidTransition {
            from: finding.status.label_zh(),
            command: kind.label_zh(),
        });
    };
    permits(finding, acting, kind)?;
    let mut next = finding.clone();
    let mut changed = Vec::new();
    let note = |text: String| Note {
        text,
        by: acting.user,
        at: now,
    };
    match command {
        Command::Send => {
            changed.push(start_reply(&mut next, now, rules));
            next.sent_at = Some(now);
        }
        Command::Reply { text } => {
            let text = required(text, "请填写回复（整改情况）")?;
            changed.extend(clocks::stop(&mut next.clocks, now, rules.calendar, |c| {
                c.kind == FindingClock::Reply
            }));
            next.replies.push(note(text));
        }
        Command::Return { reason } => {
            let reason = required(reason, "退回重办须写明理由")?;
            changed.push(start_reply(&mut next, now, rules));
            next.returns.push(note(reason));
        }
        Command::Accept { note: text } => {
            next.acceptance = Some(note(text.trim().to_owned()));
        }
    }
    next.status = to;
    let mut events = vec![Event::Stepped {
        command: kind,
        from,
        to,
    }];
    events.extend(changed.into_iter().map(Event::Clock));
    Ok((next, events))
}
