//! The hard cases (HALL-HARDCASE, 000 中心 §7(四)): what a citizen or an enterprise could not
//! get done, brought to the 办不成事反映 window, or an enterprise's appeal (涉企诉求) brought to
//! the 陇商通 window. The centre (区政务服务中心) closes the loop: it accepts the case,
//! transfers it to the department that must solve it (受理、转办), supervises it — urges
//! (督办) a department past its deadline —, and feeds the result back to the person (反馈),
//! the content and the date told recorded; then it closes.
//!
//! Three clocks of the kernel, each from the profile (`hall.hardcase_transfer`,
//! `hall.hardcase_handling`, `hall.hardcase_feedback`): acceptance to transfer (the centre),
//! transfer to the department's result (the department), result to feedback (the centre).
//! The pure core (invariant 3): no clock or database; "now" and the limits are parameters.

use calendar::{Calendar, Instant, Limit};
use chrono::NaiveDate;
use platform::ids::{UnitId, UserId};
use platform::workflow::machine as clocks;
use platform::workflow::{ClockRule, SubjectClock};

use crate::error::HallError;
use crate::registered::{self, case_id, refuse, text_between};
pub use crate::registered::{Acting, MAX_CONTACT, MAX_TEXT};

case_id!(
    /// A hard case's id (its row in `hall_hardcases`).
    HardcaseId
);

/// The window it was brought to (§7(四)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Channel {
    /// 办不成事反映: citizens and enterprises.
    HardCase,
    /// 陇商通: enterprises' appeals.
    Longshangtong,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::HardCase, Channel::Longshangtong];

    pub fn label(self) -> &'static str {
        match self {
            Channel::HardCase => "办不成事反映窗口",
            Channel::Longshangtong => "陇商通窗口",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Channel::HardCase => "hard_case",
            Channel::Longshangtong => "longshangtong",
        }
    }

    pub fn parse(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Status {
    Accepted,
    Transferred,
    Handled,
    FedBack,
    Closed,
}

impl registered::Coded for Status {
    fn code(self) -> &'static str {
        Status::code(self)
    }
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Accepted,
        Status::Transferred,
        Status::Handled,
        Status::FedBack,
        Status::Closed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::Accepted => "已受理待转办",
            Status::Transferred => "已转办待办理",
            Status::Handled => "已办理待反馈",
            Status::FedBack => "已反馈待办结",
            Status::Closed => "已办结",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Status::Accepted => "accepted",
            Status::Transferred => "transferred",
            Status::Handled => "handled",
            Status::FedBack => "fed_back",
            Status::Closed => "closed",
        }
    }
}

/// The clocks of a case (HALL-HARDCASE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum HardClock {
    /// Acceptance to transfer (the centre).
    Transfer,
    /// Transfer to the department's result.
    Handling,
    /// Result to feedback (the centre).
    Feedback,
}

impl HardClock {
    pub fn label(self) -> &'static str {
        match self {
            HardClock::Transfer => "转办时限",
            HardClock::Handling => "部门办理时限",
            HardClock::Feedback => "反馈时限",
        }
    }
}

impl ClockRule for HardClock {
    fn rule_id(self) -> &'static str {
        "HALL-HARDCASE"
    }

    fn code(self) -> String {
        platform::workflow::command_code(&self)
    }
}

/// The profile's limits of the three clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub transfer: Limit,
    pub handling: Limit,
    pub feedback: Limit,
}

/// What the window clerk registers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filing {
    pub channel: Channel,
    /// The person's name or the enterprise's name.
    pub requester: String,
    /// The contact (sealed when stored), needed to feed back.
    pub contact: String,
    /// What could not be done, 5 to 1,000 characters.
    pub content: String,
}

/// One urge (督办) of the centre.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Urge {
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
    pub note: String,
}

/// One case.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Hardcase {
    pub id: HardcaseId,
    pub centre: UnitId,
    pub channel: Channel,
    pub requester: String,
    /// In clear only in memory; the snapshot holds it masked, the row sealed.
    pub contact: String,
    pub content: String,
    pub status: Status,
    pub registered_by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub registered_at: Instant,
    /// The department it was transferred to.
    pub department: Option<UnitId>,
    /// The centre's words when transferring or returning.
    pub instruction: String,
    pub urges: Vec<Urge>,
    /// The department's result.
    pub result: String,
    pub handled_by: Option<UserId>,
    /// What the person was told, and on which day (`2026-03-02`).
    pub feedback: String,
    pub told_on: Option<String>,
    #[serde(with = "platform::snapshot::opt_instant")]
    pub closed_at: Option<Instant>,
    pub clocks: Vec<SubjectClock<HardClock>>,
}

impl Hardcase {
    /// The running clock, if any.
    pub fn running(&self) -> Option<&SubjectClock<HardClock>> {
        self.clocks.iter().find(|c| c.is_running())
    }

    /// HALL-HARDCASE: the department's handling clock is running and past due at `now`.
    pub fn overdue(&self, calendar: &Calendar, now: Instant) -> bool {
        self.clocks
            .iter()
            .any(|c| c.kind == HardClock::Handling && c.is_overdue(calendar, now))
    }
}

/// What is done with a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Transfer { department: UnitId, note: String },
    Urge { note: String },
    Handle { result: String },
    Return { reason: String },
    Feedback { content: String, told_on: NaiveDate },
    Close,
}

/// A command's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandKind {
    Transfer,
    Urge,
    Handle,
    Return,
    Feedback,
    Close,
}

impl CommandKind {
    pub const ALL: [CommandKind; 6] = [
        CommandKind::Transfer,
        CommandKind::Urge,
        CommandKind::Handle,
        CommandKind::Return,
        CommandKind::Feedback,
        CommandKind::Close,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CommandKind::Transfer => "转办",
            CommandKind::Urge => "督办",
            CommandKind::Handle => "报送办理结果",
            CommandKind::Return => "退回重办",
            CommandKind::Feedback => "反馈",
            CommandKind::Close => "办结",
        }
    }

    /// The name of a form's `do` field.
    pub fn name(self) -> &'static str {
        match self {
            CommandKind::Transfer => "transfer",
            CommandKind::Urge => "urge",
            CommandKind::Handle => "handle",
            CommandKind::Return => "return",
            CommandKind::Feedback => "feedback",
            CommandKind::Close => "close",
        }
    }

    /// The label of a stored command code.
    pub fn label_of_code(code: &str) -> &'static str {
        registered::label_of_code(code, "受理登记", &CommandKind::ALL, CommandKind::label)
    }
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Transfer { .. } => CommandKind::Transfer,
            Command::Urge { .. } => CommandKind::Urge,
            Command::Handle { .. } => CommandKind::Handle,
            Command::Return { .. } => CommandKind::Return,
            Command::Feedback { .. } => CommandKind::Feedback,
            Command::Close => CommandKind::Close,
        }
    }
}

/// What a command did.
pub type Event = registered::Event<CommandKind, Status, HardClock>;

/// HALL-HARDCASE: the window clerk `by` registers a case with `centre` at `now`; the transfer
/// clock starts, filed under the centre. Every problem at once.
pub fn register(
    centre: UnitId,
    by: UserId,
    filing: Filing,
    (now, limits): (Instant, Limits),
    calendar: &Calendar,
) -> Result<(Hardcase, Vec<Event>), HallError> {
    let mut problems = Vec::new();
    let requester = filing.requester.trim();
    if requester.chars().count() < 2 || requester.chars().count() > MAX_CONTACT {
        problems.push(format!("反映人或企业名称应为 2 至 {MAX_CONTACT} 字"));
    }
    let contact = filing.contact.trim();
    if contact.chars().count() < 5 || contact.chars().count() > MAX_CONTACT {
        problems.push(format!(
            "联系方式应为 5 至 {MAX_CONTACT} 字（反馈办理结果须留联系方式）"
        ));
    }
    text_between(&filing.content, 5, "反映事项", &mut problems);
    refuse(problems)?;
    let mut case = Hardcase {
        id: HardcaseId(0),
        centre,
        channel: filing.channel,
        requester: requester.to_owned(),
        contact: contact.to_owned(),
        content: filing.content.trim().to_owned(),
        status: Status::Accepted,
        registered_by: by,
        registered_at: now,
        department: None,
        instruction: String::new(),
        urges: Vec::new(),
        result: String::new(),
        handled_by: None,
        feedback: String::new(),
        told_on: None,
        closed_at: None,
        clocks: Vec::new(),
    };
    let started = clocks::start(
        &mut case.clocks,
        HardClock::Transfer,
        Some(centre),
        limits.transfer,
        now,
        calendar,
    );
    Ok((case, vec![Event::Registered, Event::Clock(started)]))
}

/// The transition table: (from, command) → to.
pub fn row(from: Status, kind: CommandKind) -> Option<Status> {
    match (from, kind) {
        (Status::Accepted, CommandKind::Transfer) => Some(Status::Transferred),
        (Status::Transferred, CommandKind::Urge) => Some(Status::Transferred),
        (Status::Transferred, CommandKind::Handle) => Some(Status::Handled),
        (Status::Handled, CommandKind::Return) => Some(Status::Transferred),
        (Status::Handled, CommandKind::Feedback) => Some(Status::FedBack),
        (Status::FedBack, CommandKind::Close) => Some(Status::Closed),
        _ => None,
    }
}

/// HALL-HARDCASE: the centre accepts, transfers, urges, returns, feeds back and closes; the
/// department it was given reports the result.
fn permits(case: &Hardcase, acting: &Acting, kind: CommandKind) -> Result<(), HallError> {
    if kind == CommandKind::Handle {
        if case.department == Some(acting.unit) {
            return Ok(());
        }
        return Err(HallError::Forbidden("办理结果由承办部门报送".to_owned()));
    }
    if acting.unit == case.centre {
        Ok(())
    } else {
        Err(HallError::Forbidden(format!(
            "“{}”由区政务服务中心办理",
            kind.label()
        )))
    }
}

/// The commands `acting` may run on `case` at `now` (the page offers these): urging only a
/// department past its deadline.
pub fn available(
    case: &Hardcase,
    acting: &Acting,
    calendar: &Calendar,
    now: Instant,
) -> Vec<CommandKind> {
    CommandKind::ALL
        .into_iter()
        .filter(|kind| row(case.status, *kind).is_some())
        .filter(|kind| permits(case, acting, *kind).is_ok())
        .filter(|kind| *kind != CommandKind::Urge || case.overdue(calendar, now))
        .collect()
}

/// HALL-HARDCASE: runs one command of `acting` at `now` with the profile's `limits`.
/// Refusals change nothing.
pub fn apply(
    case: &Hardcase,
    command: &Command,
    acting: &Acting,
    (now, limits): (Instant, Limits),
    calendar: &Calendar,
) -> Result<(Hardcase, Vec<Event>), HallError> {
    let kind = command.kind();
    let from = case.status;
    let Some(to) = row(from, kind) else {
        return Err(HallError::Invalid(format!(
            "该事项当前状态为“{}”，不能{}",
            from.label(),
            kind.label()
        )));
    };
    permits(case, acting, kind)?;
    let mut next = case.clone();
    next.status = to;
    let mut changed = Vec::new();
    let mut problems = Vec::new();
    match command {
        Command::Transfer { department, note } => {
            if *department == case.centre {
                problems.push("请选择承办部门（不能转给政务服务中心自身）".to_owned());
            }
            if note.chars().count() > MAX_TEXT {
                problems.push(format!("转办意见不能超过 {MAX_TEXT} 字"));
            }
            refuse(problems)?;
            next.department = Some(*department);
            next.instruction = note.trim().to_owned();
            changed = clocks::stop(&mut next.clocks, now, calendar, |_| true);
            changed.push(clocks::start(
                &mut next.clocks,
                HardClock::Handling,
                Some(*department),
                limits.handling,
                now,
                calendar,
            ));
        }
        Command::Urge { note } => {
            if !case.overdue(calendar, now) {
                return Err(HallError::Invalid(
                    "承办部门尚未超过办理时限，不需督办".to_owned(),
                ));
            }
            text_between(note, 2, "督办意见", &mut problems);
            refuse(problems)?;
            next.urges.push(Urge {
                by: acting.user,
                at: now,
                note: note.trim().to_owned(),
            });
        }
        Command::Handle { result } => {
            text_between(result, 5, "办理结果", &mut problems);
            refuse(problems)?;
            next.result = result.trim().to_owned();
            next.handled_by = Some(acting.user);
            changed = clocks::stop(&mut next.clocks, now, calendar, |_| true);
            changed.push(clocks::start(
                &mut next.clocks,
                HardClock::Feedback,
                Some(case.centre),
                limits.feedback,
                now,
                calendar,
            ));
        }
        Command::Return { reason } => {
            text_between(reason, 2, "退回理由", &mut problems);
            refuse(problems)?;
            next.instruction = reason.trim().to_owned();
            changed = clocks::stop(&mut next.clocks, now, calendar, |_| true);
            changed.push(clocks::start(
                &mut next.clocks,
                HardClock::Handling,
                case.department,
                limits.handling,
                now,
                calendar,
            ));
        }
        Command::Feedback { content, told_on } => {
            text_between(content, 5, "反馈内容", &mut problems);
            let today = now.local_date();
            if *told_on > today || *told_on < case.registered_at.local_date() {
                problems.push("反馈日期应在受理日期和今天之间".to_owned());
            }
            refuse(problems)?;
            next.feedback = content.trim().to_owned();
            next.told_on = Some(told_on.format("%Y-%m-%d").to_string());
            changed = clocks::stop(&mut next.clocks, now, calendar, |_| true);
        }
        Command::Close => next.closed_at = Some(now),
    }
    let to = next.status;
    Ok((next, registered::stepped(kind, (from, to), changed)))
}

/// HALL-HARDCASE: where the case stands, as the person reads it by number and query code —
/// each stage with its instant, in words; never who acted, never the centre's or the
/// department's notes, never the contact.
pub fn public_stages(case: &Hardcase) -> Vec<(Instant, &'static str)> {
    let mut stages = vec![(case.registered_at, "已受理登记")];
    let mut transfers = 0;
    for clock in &case.clocks {
        let start = clock.clock.start();
        match clock.kind {
            HardClock::Transfer => {}
            HardClock::Handling => {
                transfers += 1;
                let words = if transfers == 1 {
                    "已转交承办部门办理"
                } else {
                    "退回承办部门重新办理"
                };
                stages.push((start, words));
            }
            HardClock::Feedback => stages.push((start, "承办部门已报送办理结果，待向您反馈")),
        }
    }
    stages.extend(
        case.urges
            .iter()
            .map(|u| (u.at, "政务服务中心已督办承办部门")),
    );
    if let Some(stopped) = case
        .clocks
        .iter()
        .rev()
        .find(|c| c.kind == HardClock::Feedback && c.stopped_at.is_some())
        .and_then(|c| c.stopped_at)
        && case.told_on.is_some()
    {
        stages.push((stopped, "已向您反馈办理结果"));
    }
    if let Some(at) = case.closed_at {
        stages.push((at, "已办结"));
    }
    stages.sort_by_key(|(at, _)| at.millis());
    stages
}
