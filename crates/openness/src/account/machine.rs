//! The pure machine of an accountability case (PUB-ACCOUNT): [`open`] (which starts the
//! rectification report's clock, filed under the unit) and `apply(case, command, acting, now,
//! rules) -> (case, events)` judged by the transition table, then who may act (the office, or
//! the unit for its report), then the rules.

use calendar::Instant;
use platform::roles::Role;
use platform::workflow::machine as clocks;
use platform::workflow::{ClockEvent, ClockRule, history};
use serde_json::{Value, json};

use super::{AccountCase, CaseId, Opening, Status};
use crate::error::OpennessError;
use crate::supervisor::Note;
use crate::{Acting, Rules, UnitId};

/// The clock of a case: the unit's written rectification report (§9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum AccountClock {
    Report,
}

impl AccountClock {
    pub const fn label_zh(self) -> &'static str {
        "整改报告期限"
    }
}

impl ClockRule for AccountClock {
    fn rule_id(self) -> &'static str {
        "PUB-ACCOUNT"
    }

    fn code(self) -> String {
        platform::workflow::command_code(&self)
    }
}

/// A command on a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// The unit submits its written rectification report.
    Report { text: String },
    /// The office returns the report for a better one; the clock starts again.
    Return { reason: String },
    /// The office closes the case on the report.
    Close { note: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    Report,
    Return,
    Close,
}

impl CommandKind {
    pub const ALL: [CommandKind; 3] =
        [CommandKind::Report, CommandKind::Return, CommandKind::Close];

    pub const fn label_zh(self) -> &'static str {
        match self {
            CommandKind::Report => "提交整改报告",
            CommandKind::Return => "退回整改报告",
            CommandKind::Close => "结案",
        }
    }

    pub const fn path(self) -> &'static str {
        match self {
            CommandKind::Report => "report",
            CommandKind::Return => "return",
            CommandKind::Close => "close",
        }
    }

    pub fn label_of_code(code: &str) -> &'static str {
        CommandKind::ALL
            .into_iter()
            .find(|kind| platform::workflow::command_code(kind) == code)
            .map_or("立案", CommandKind::label_zh)
    }
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Report { .. } => CommandKind::Report,
            Command::Return { .. } => CommandKind::Return,
            Command::Close { .. } => CommandKind::Close,
        }
    }
}

/// Every allowed transition `(from, command, to)`; any other pair is refused.
pub const TRANSITIONS: &[(Status, CommandKind, Status)] = &[
    (Status::Open, CommandKind::Report, Status::Reported),
    (Status::Reported, CommandKind::Return, Status::Open),
    (Status::Reported, CommandKind::Close, Status::Closed),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Opened,
    Stepped {
        command: CommandKind,
        from: Status,
        to: Status,
    },
    Clock(ClockEvent<AccountClock>),
}

pub fn describe(event: &Event) -> (&'static str, Value) {
    match event {
        Event::Opened => ("registered", json!({})),
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

platform::recorded!(Event, AccountClock, describe);

fn is_office(case: &AccountCase, acting: &Acting) -> bool {
    acting.has_in(Role::OpennessOfficer, case.office)
}

/// Whether `acting` is staff of the unit held to account who may report for it.
pub fn is_unit(case: &AccountCase, acting: &Acting) -> bool {
    let unit = case.opening.unit;
    [Role::OpennessOfficer, Role::UnitLeader, Role::UnitHandler]
        .into_iter()
        .any(|role| acting.has_in(role, unit))
}

fn permits(case: &AccountCase, acting: &Acting, kind: CommandKind) -> Result<(), OpennessError> {
    match kind {
        CommandKind::Report if is_unit(case, acting) => Ok(()),
        CommandKind::Report => Err(OpennessError::not_permitted(
            "整改报告由被追究责任的单位提交",
        )),
        _ if is_office(case, acting) => Ok(()),
        _ => Err(OpennessError::not_permitted(format!(
            "“{}”由立案的政务公开办公室办理",
            kind.label_zh()
        ))),
    }
}

pub fn available(case: &AccountCase, acting: &Acting) -> Vec<CommandKind> {
    TRANSITIONS
        .iter()
        .filter(|(from, kind, _)| *from == case.status && permits(case, acting, *kind).is_ok())
        .map(|(_, kind, _)| *kind)
        .collect()
}

fn start_report(
    case: &mut AccountCase,
    now: Instant,
    rules: Rules<'_>,
) -> ClockEvent<AccountClock> {
    // PUB-ACCOUNT (§9): the written rectification report, the profile's limit, the unit's.
    clocks::start(
        &mut case.clocks,
        AccountClock::Report,
        Some(case.opening.unit),
        rules.profile.openness.rectification_report.limit(),
        now,
        rules.calendar,
    )
}

/// PUB-ACCOUNT: a case opened by the openness officer of `office` at `now`, every problem at
/// once; the report clock starts under the unit.
pub fn open(
    id: CaseId,
    office: UnitId,
    opening: Opening,
    acting: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(AccountCase, Vec<Event>), OpennessError> {
    if !acting.has_in(Role::OpennessOfficer, office) {
        return Err(OpennessError::not_permitted(
            "责任追究由政务公开办公室的工作人员立案",
        ));
    }
    let mut problems = Vec::new();
    if opening.facts.trim().is_empty() {
        problems.push("请填写违反规定的事实".to_owned());
    }
    if opening.responsible.trim().is_empty() {
        problems.push("请填写责任人（姓名、职务）".to_owned());
    }
    if opening.unit == office {
        problems.push("被追究责任的单位不能是立案的政务公开办公室".to_owned());
    }
    OpennessError::check_all(problems)?;
    let mut opening = opening;
    opening.facts = opening.facts.trim().to_owned();
    opening.responsible = opening.responsible.trim().to_owned();
    let mut case = AccountCase {
        id,
        office,
        opening,
        status: Status::Open,
        opened_by: acting.user,
        opened_at: now,
        reports: Vec::new(),
        returns: Vec::new(),
        closing: None,
        clocks: Vec::new(),
    };
    let started = start_report(&mut case, now, rules);
    Ok((case, vec![Event::Opened, Event::Clock(started)]))
}

fn required(text: &str, message: &str) -> Result<String, OpennessError> {
    if text.trim().is_empty() {
        Err(OpennessError::invalid(message))
    } else {
        Ok(text.trim().to_owned())
    }
}

/// PUB-ACCOUNT: judges `command` on `case` for `acting` at `now`; a refusal changes nothing.
pub fn apply(
    case: &AccountCase,
    command: &Command,
    acting: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(AccountCase, Vec<Event>), OpennessError> {
    let kind = command.kind();
    let Some(&(from, _, to)) = TRANSITIONS
        .iter()
        .find(|(from, row, _)| *from == case.status && *row == kind)
    else {
        return Err(OpennessError::InvalidTransition {
            from: case.status.label_zh(),
            command: kind.label_zh(),
        });
    };
    permits(case, acting, kind)?;
    let mut next = case.clone();
    let mut changed = Vec::new();
    let note = |text: String| Note {
        text,
        by: acting.user,
        at: now,
    };
    match command {
        Command::Report { text } => {
            // §9: the report is written; an empty one is no report.
            let text = required(text, "请填写书面整改报告")?;
            changed.extend(clocks::stop(&mut next.clocks, now, rules.calendar, |c| {
                c.kind == AccountClock::Report
            }));
            next.reports.push(note(text));
        }
        Command::Return { reason } => {
            let reason = required(reason, "退回整改报告须写明理由")?;
            changed.push(start_report(&mut next, now, rules));
            next.returns.push(note(reason));
        }
        Command::Close { note: text } => {
            next.closing = Some(note(text.trim().to_owned()));
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
