//! A demand for data not yet in the catalogue (数据供需对接需求, DATA-DEMAND; 000 共享 §10):
//! the consumer names the data and its provider; the administrator forwards a demand that
//! meets the requirements within `datashare.demand_forward` (3 WD) or rejects it with a
//! reason; the provider confirms and shares within `datashare.demand_confirm` (10 WD) or
//! refuses with a basis.

use calendar::Instant;
use platform::workflow::machine as clocks;
use platform::workflow::{ClockEvent, ClockRule, SubjectClock, history};
use serde_json::{Value, json};

use crate::error::SharingError;
use crate::{Acting, DemandId, Rules, UnitId};

/// The clocks of a demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum DemandClock {
    /// 转交: the administrator's.
    Forward,
    /// 确认: the provider's.
    Confirm,
}

impl ClockRule for DemandClock {
    fn rule_id(self) -> &'static str {
        "DATA-DEMAND"
    }

    fn code(self) -> String {
        platform::workflow::command_code(&self)
    }
}

/// Where a demand is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Status {
    Filed,
    Forwarded,
    Confirmed,
    Refused,
    Rejected,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Filed,
        Status::Forwarded,
        Status::Confirmed,
        Status::Refused,
        Status::Rejected,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Filed => "filed",
            Status::Forwarded => "forwarded",
            Status::Confirmed => "confirmed",
            Status::Refused => "refused",
            Status::Rejected => "rejected",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Filed => "待平台管理部门转交",
            Status::Forwarded => "待提供部门确认",
            Status::Confirmed => "已确认共享",
            Status::Refused => "提供部门不同意共享",
            Status::Rejected => "不符合要求（未转交）",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.code() == code)
    }
}

/// A demand.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Demand {
    pub id: DemandId,
    pub consumer: UnitId,
    pub provider: UnitId,
    /// The data wanted.
    pub data: String,
    pub purpose: String,
    pub status: Status,
    /// The rejection's reason, the refusal's basis or the confirmation's note.
    pub answer: String,
    pub clocks: Vec<SubjectClock<DemandClock>>,
}

/// A command on a demand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Forward,
    Reject { reason: String },
    Confirm { note: String },
    Refuse { basis: String },
}

/// The kind of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    Forward,
    Reject,
    Confirm,
    Refuse,
}

impl CommandKind {
    pub const ALL: [CommandKind; 4] = [
        CommandKind::Forward,
        CommandKind::Reject,
        CommandKind::Confirm,
        CommandKind::Refuse,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            CommandKind::Forward => "转交提供部门",
            CommandKind::Reject => "不符合要求",
            CommandKind::Confirm => "确认并实施共享",
            CommandKind::Refuse => "不同意共享",
        }
    }
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Forward => CommandKind::Forward,
            Command::Reject { .. } => CommandKind::Reject,
            Command::Confirm { .. } => CommandKind::Confirm,
            Command::Refuse { .. } => CommandKind::Refuse,
        }
    }
}

/// Every allowed transition `(from, command, to)`.
pub const TRANSITIONS: &[(Status, CommandKind, Status)] = &[
    (Status::Filed, CommandKind::Forward, Status::Forwarded),
    (Status::Filed, CommandKind::Reject, Status::Rejected),
    (Status::Forwarded, CommandKind::Confirm, Status::Confirmed),
    (Status::Forwarded, CommandKind::Refuse, Status::Refused),
];

/// What a command did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Filed,
    Stepped {
        command: CommandKind,
        from: Status,
        to: Status,
    },
    Clock(ClockEvent<DemandClock>),
}

/// The history row of an event.
pub fn describe(event: &Event) -> (&'static str, Value) {
    match event {
        Event::Filed => ("filed", json!({})),
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

platform::recorded!(Event, DemandClock, describe);

/// DATA-DEMAND: a consumer's staff files a demand; the forwarding clock starts.
pub fn file(
    id: DemandId,
    provider: UnitId,
    data: &str,
    purpose: &str,
    acting: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Demand, Vec<Event>), SharingError> {
    if !acting.acts_for(acting.unit) {
        return Err(SharingError::not_permitted(
            "供需对接需求由数据使用部门的工作人员提出",
        ));
    }
    let mut problems = Vec::new();
    if data.trim().is_empty() {
        problems.push("请写明需要的数据".to_owned());
    }
    if purpose.trim().is_empty() {
        problems.push("请写明使用用途".to_owned());
    }
    if provider == acting.unit {
        problems.push("提供部门不能是本部门".to_owned());
    }
    SharingError::check_all(problems)?;
    let mut demand = Demand {
        id,
        consumer: acting.unit,
        provider,
        data: data.trim().to_owned(),
        purpose: purpose.trim().to_owned(),
        status: Status::Filed,
        answer: String::new(),
        clocks: Vec::new(),
    };
    let started = clocks::start(
        &mut demand.clocks,
        DemandClock::Forward,
        None,
        rules.profile.datashare.demand_forward.limit(),
        now,
        rules.calendar,
    );
    Ok((demand, vec![Event::Filed, Event::Clock(started)]))
}

/// Judges `command` on `demand` for `acting` at `now`; a refusal changes nothing.
pub fn apply(
    demand: &Demand,
    command: &Command,
    acting: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Demand, Vec<Event>), SharingError> {
    let kind = command.kind();
    let Some(&(from, _, to)) = TRANSITIONS
        .iter()
        .find(|(from, row, _)| *from == demand.status && *row == kind)
    else {
        return Err(SharingError::transition(
            demand.status.label_zh(),
            kind.label_zh(),
        ));
    };
    let administrator_s = matches!(kind, CommandKind::Forward | CommandKind::Reject);
    if administrator_s && !acting.is_administrator() {
        return Err(SharingError::not_permitted("需求由平台管理部门转交"));
    }
    if !administrator_s && !acting.acts_for(demand.provider) {
        return Err(SharingError::not_permitted(
            "需求由被提出的数据提供部门确认",
        ));
    }
    let mut next = demand.clone();
    let mut events = vec![Event::Stepped {
        command: kind,
        from,
        to,
    }];
    let answer = match command {
        Command::Forward => String::new(),
        Command::Reject { reason } => reason.trim().to_owned(),
        Command::Confirm { note } => note.trim().to_owned(),
        Command::Refuse { basis } => basis.trim().to_owned(),
    };
    match command {
        Command::Reject { .. } if answer.is_empty() => {
            return Err(SharingError::invalid("请写明不符合要求的理由"));
        }
        Command::Refuse { .. } if answer.is_empty() => {
            return Err(SharingError::invalid(
                "不同意共享的应当提供依据（DATA-DEMAND）",
            ));
        }
        _ => {}
    }
    let stopped = clocks::stop(&mut next.clocks, now, rules.calendar, |_| true);
    events.extend(stopped.into_iter().map(Event::Clock));
    if *command == Command::Forward {
        events.push(Event::Clock(clocks::start(
            &mut next.clocks,
            DemandClock::Confirm,
            Some(next.provider),
            rules.profile.datashare.demand_confirm.limit(),
            now,
            rules.calendar,
        )));
    }
    next.answer = answer;
    next.status = to;
    Ok((next, events))
}
