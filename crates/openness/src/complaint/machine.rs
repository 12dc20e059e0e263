//! The pure machine of a complaint about disclosure (PUB-COMPLAINT): [`register`] (the first
//! step, which starts the forwarding clock) and `apply(complaint, command, acting, now, rules)
//! -> (complaint, events)` judged in the order: the transition table ([`TRANSITIONS`]), who
//! may act (the office that registered it, or the unit complained about for its reply), then
//! the rules. Every limit is the profile's (`openness.complaint_*`), each a kernel clock: the
//! forwarding and feedback clocks filed under the office, the conclusion clock under the unit.

use calendar::Instant;
use platform::roles::Role;
use platform::workflow::machine as clocks;
use platform::workflow::{ClockEvent, ClockRule, history};
use serde_json::{Value, json};

use crate::complaint::{
    Complaint, ComplaintId, Complexity, Feedback, FeedbackMeans, Filing, NewDate, Reply,
    Satisfaction, Status,
};
use crate::error::OpennessError;
use crate::{Acting, Rules, UnitId};

/// The clocks of a complaint (PUB-COMPLAINT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ComplaintClock {
    /// 转办: `openness.complaint_forward` from registration (the office's).
    Forward,
    /// 办结: `openness.complaint_conclude` (complex: `complaint_conclude_complex`) from
    /// forwarding (the unit's).
    Conclude,
    /// 反馈: `openness.complaint_feedback` from the unit's reply (the office's).
    Feedback,
}

impl ComplaintClock {
    pub const fn label_zh(self) -> &'static str {
        match self {
            ComplaintClock::Forward => "转办期限",
            ComplaintClock::Conclude => "办结期限",
            ComplaintClock::Feedback => "反馈期限",
        }
    }

    /// The label of a stored clock code.
    pub fn label_of_code(code: &str) -> &'static str {
        [
            ComplaintClock::Forward,
            ComplaintClock::Conclude,
            ComplaintClock::Feedback,
        ]
        .into_iter()
        .find(|kind| kind.code() == code)
        .map_or("办理期限", ComplaintClock::label_zh)
    }
}

impl ClockRule for ComplaintClock {
    fn rule_id(self) -> &'static str {
        "PUB-COMPLAINT"
    }

    fn code(self) -> String {
        platform::workflow::command_code(&self)
    }
}

/// A command on a complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// The office forwards it to the unit complained about (《转办单》).
    Forward,
    /// The complaint is complex (its reason): the conclusion limit becomes the complex one.
    MarkComplex { reason: String },
    /// §5(三): past the limit, the complainant is told the new date and how.
    TellNewDate {
        due: Instant,
        means: String,
        reason: String,
    },
    /// The unit complained about replies (its 回复意见).
    Reply { text: String },
    /// The office feeds the reply back with the complainant's satisfaction.
    FeedBack {
        means: FeedbackMeans,
        satisfaction: Satisfaction,
        note: String,
    },
    /// The office closes and files it (归档).
    Close,
}

/// The kind of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandKind {
    Forward,
    MarkComplex,
    TellNewDate,
    Reply,
    FeedBack,
    Close,
}

impl CommandKind {
    pub const ALL: [CommandKind; 6] = [
        CommandKind::Forward,
        CommandKind::MarkComplex,
        CommandKind::TellNewDate,
        CommandKind::Reply,
        CommandKind::FeedBack,
        CommandKind::Close,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            CommandKind::Forward => "转办",
            CommandKind::MarkComplex => "认定为复杂投诉",
            CommandKind::TellNewDate => "告知办理期限",
            CommandKind::Reply => "回复",
            CommandKind::FeedBack => "反馈投诉人",
            CommandKind::Close => "办结归档",
        }
    }

    /// The name of a stored command code.
    pub fn label_of_code(code: &str) -> &'static str {
        CommandKind::ALL
            .into_iter()
            .find(|kind| platform::workflow::command_code(kind) == code)
            .map_or("登记", CommandKind::label_zh)
    }

    /// Whether the unit complained about runs it (else the office).
    pub const fn is_unit_s(self) -> bool {
        matches!(self, CommandKind::Reply | CommandKind::MarkComplex)
    }
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Forward => CommandKind::Forward,
            Command::MarkComplex { .. } => CommandKind::MarkComplex,
            Command::TellNewDate { .. } => CommandKind::TellNewDate,
            Command::Reply { .. } => CommandKind::Reply,
            Command::FeedBack { .. } => CommandKind::FeedBack,
            Command::Close => CommandKind::Close,
        }
    }
}

/// Every allowed transition `(from, command, to)`; any other pair is refused.
pub const TRANSITIONS: &[(Status, CommandKind, Status)] = &[
    (Status::Registered, CommandKind::Forward, Status::Forwarded),
    (
        Status::Forwarded,
        CommandKind::MarkComplex,
        Status::Forwarded,
    ),
    (
        Status::Registered,
        CommandKind::TellNewDate,
        Status::Registered,
    ),
    (
        Status::Forwarded,
        CommandKind::TellNewDate,
        Status::Forwarded,
    ),
    (Status::Forwarded, CommandKind::Reply, Status::Replied),
    (Status::Replied, CommandKind::FeedBack, Status::FedBack),
    (Status::FedBack, CommandKind::Close, Status::Closed),
];

/// What a command did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Registered (the first event).
    Registered,
    /// A step of the table was taken.
    Stepped {
        command: CommandKind,
        from: Status,
        to: Status,
    },
    /// A clock changed.
    Clock(ClockEvent<ComplaintClock>),
}

/// The history row of an event: codes and instants, never the complainant.
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

platform::recorded!(Event, ComplaintClock, describe);

/// Whether `acting` works for the office that registered the complaint (its openness officer).
fn is_office(complaint: &Complaint, acting: &Acting) -> bool {
    acting.has_in(Role::OpennessOfficer, complaint.office)
}

/// Whether `acting` is staff of the unit complained about who may answer for it.
pub fn is_unit(complaint: &Complaint, acting: &Acting) -> bool {
    let unit = complaint.filing.unit;
    [Role::OpennessOfficer, Role::UnitLeader, Role::UnitHandler]
        .into_iter()
        .any(|role| acting.has_in(role, unit))
}

/// PUB-COMPLAINT: the office forwards, tells new dates, feeds back and closes; the unit
/// complained about replies; either marks a complaint complex.
fn permits(complaint: &Complaint, acting: &Acting, kind: CommandKind) -> Result<(), OpennessError> {
    let allowed = match kind {
        CommandKind::Reply => is_unit(complaint, acting),
        CommandKind::MarkComplex => is_unit(complaint, acting) || is_office(complaint, acting),
        _ => is_office(complaint, acting),
    };
    if allowed {
        Ok(())
    } else if kind == CommandKind::Reply {
        Err(OpennessError::not_permitted(
            "只有被投诉单位的工作人员可以回复该投诉",
        ))
    } else {
        Err(OpennessError::not_permitted(format!(
            "“{}”由受理投诉的政务公开办公室办理",
            kind.label_zh()
        )))
    }
}

/// The commands `acting` may run now: the table's rows from the status that the same
/// permission check lets through.
pub fn available(complaint: &Complaint, acting: &Acting) -> Vec<CommandKind> {
    TRANSITIONS
        .iter()
        .filter(|(from, kind, _)| {
            *from == complaint.status && permits(complaint, acting, *kind).is_ok()
        })
        .map(|(_, kind, _)| *kind)
        .filter(|kind| *kind != CommandKind::MarkComplex || complaint.complexity.is_none())
        .collect()
}

/// PUB-COMPLAINT: a complaint registered by the openness officer of `office` at `now`, every
/// problem at once; the forwarding clock starts, filed under the office.
pub fn register(
    id: ComplaintId,
    office: UnitId,
    filing: Filing,
    acting: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Complaint, Vec<Event>), OpennessError> {
    if !acting.has_in(Role::OpennessOfficer, office) {
        return Err(OpennessError::not_permitted(
            "投诉由政务公开办公室的工作人员登记",
        ));
    }
    let mut problems = Vec::new();
    if filing.complainant.name.trim().is_empty() {
        problems.push("请填写投诉人姓名（名称）".to_owned());
    }
    if filing.complainant.contact.trim().is_empty() {
        problems.push("请填写投诉人的联系方式".to_owned());
    }
    if filing.matter.trim().is_empty() {
        problems.push("请填写投诉的主要事项".to_owned());
    }
    if filing.unit == office {
        problems.push("被投诉单位不能是受理投诉的单位".to_owned());
    }
    if filing.received_at > now {
        problems.push("投诉时间不能晚于登记时间".to_owned());
    }
    OpennessError::check_all(problems)?;
    let mut filing = filing;
    filing.complainant.name = filing.complainant.name.trim().to_owned();
    filing.complainant.contact = filing.complainant.contact.trim().to_owned();
    filing.matter = filing.matter.trim().to_owned();
    let mut complaint = Complaint {
        id,
        office,
        filing,
        status: Status::Registered,
        registered_by: acting.user,
        registered_at: now,
        forwarded_at: None,
        complexity: None,
        reply: None,
        feedback: None,
        new_dates: Vec::new(),
        closed_at: None,
        clocks: Vec::new(),
    };
    let started = clocks::start(
        &mut complaint.clocks,
        ComplaintClock::Forward,
        Some(office),
        rules.profile.openness.complaint_forward.limit(),
        now,
        rules.calendar,
    );
    Ok((complaint, vec![Event::Registered, Event::Clock(started)]))
}

fn required(text: &str, message: &str) -> Result<String, OpennessError> {
    if text.trim().is_empty() {
        Err(OpennessError::invalid(message))
    } else {
        Ok(text.trim().to_owned())
    }
}

fn stop(
    complaint: &mut Complaint,
    kind: ComplaintClock,
    now: Instant,
    rules: Rules<'_>,
) -> Vec<ClockEvent<ComplaintClock>> {
    clocks::stop(&mut complaint.clocks, now, rules.calendar, |c| {
        c.kind == kind
    })
}

/// PUB-COMPLAINT: judges `command` on `complaint` for `acting` at `now`; a refusal changes
/// nothing.
pub fn apply(
    complaint: &Complaint,
    command: &Command,
    acting: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Complaint, Vec<Event>), OpennessError> {
    let kind = command.kind();
    let Some(&(from, _, to)) = TRANSITIONS
        .iter()
        .find(|(from, row, _)| *from == complaint.status && *row == kind)
    else {
        return Err(OpennessError::InvalidTransition {
            from: complaint.status.label_zh(),
            command: kind.label_zh(),
        });
    };
    permits(complaint, acting, kind)?;
    let mut next = complaint.clone();
    let mut changed = Vec::new();
    match command {
        Command::Forward => {
            changed.extend(stop(&mut next, ComplaintClock::Forward, now, rules));
            changed.push(clocks::start(
                &mut next.clocks,
                ComplaintClock::Conclude,
                Some(next.filing.unit),
                rules.profile.openness.complaint_conclude.limit(),
                now,
                rules.calendar,
            ));
            next.forwarded_at = Some(now);
        }
        Command::MarkComplex { reason } => {
            if next.complexity.is_some() {
                return Err(OpennessError::limit("该投诉已认定为复杂投诉"));
            }
            let reason = required(reason, "认定为复杂投诉须写明理由")?;
            let normal = rules.profile.openness.complaint_conclude.limit();
            let complex = rules.profile.openness.complaint_conclude_complex.limit();
            if normal.unit != complex.unit || complex.amount < normal.amount {
                return Err(OpennessError::invalid(
                    "复杂投诉的办结时限配置有误，请联系系统管理员",
                ));
            }
            let amount = calendar::Limit::new(complex.amount - normal.amount, complex.unit);
            let Some(clock) = next
                .clocks
                .iter_mut()
                .find(|c| c.kind == ComplaintClock::Conclude && c.is_running())
            else {
                return Err(OpennessError::invalid("办结期限未在计时"));
            };
            let extended = clocks::extend(clock, amount, &reason, "PUB-COMPLAINT", rules.calendar)
                .map_err(|error| OpennessError::invalid(error.to_string()))?;
            changed.push(extended);
            next.complexity = Some(Complexity {
                reason,
                by: acting.user,
                at: now,
            });
        }
        Command::TellNewDate { due, means, reason } => {
            let overdue = next
                .clocks
                .iter()
                .filter(|c| c.is_running())
                .find(|c| c.is_overdue(rules.calendar, now));
            let Some(overdue) = overdue else {
                return Err(OpennessError::invalid(
                    "尚未超过办理时限，无需告知新的办理期限",
                ));
            };
            let mut problems = Vec::new();
            if *due <= now {
                problems.push("新的办理期限应晚于现在".to_owned());
            }
            if *due <= overdue.due(rules.calendar) {
                problems.push("新的办理期限应晚于原期限".to_owned());
            }
            if means.trim().is_empty() {
                problems.push("请写明告知投诉人的方式".to_owned());
            }
            if reason.trim().is_empty() {
                problems.push("请写明不能按期办结的原因".to_owned());
            }
            OpennessError::check_all(problems)?;
            next.new_dates.push(NewDate {
                due: *due,
                means: means.trim().to_owned(),
                reason: reason.trim().to_owned(),
                by: acting.user,
                at: now,
            });
        }
        Command::Reply { text } => {
            let text = required(text, "请填写回复意见")?;
            changed.extend(stop(&mut next, ComplaintClock::Conclude, now, rules));
            changed.push(clocks::start(
                &mut next.clocks,
                ComplaintClock::Feedback,
                Some(next.office),
                rules.profile.openness.complaint_feedback.limit(),
                now,
                rules.calendar,
            ));
            next.reply = Some(Reply {
                text,
                by: acting.user,
                at: now,
            });
        }
        Command::FeedBack {
            means,
            satisfaction,
            note,
        } => {
            if *means == FeedbackMeans::Phone && note.trim().is_empty() {
                return Err(OpennessError::invalid(
                    "电话回复的须填写电话记录（PUB-COMPLAINT）",
                ));
            }
            changed.extend(stop(&mut next, ComplaintClock::Feedback, now, rules));
            next.feedback = Some(Feedback {
                means: *means,
                satisfaction: *satisfaction,
                note: note.trim().to_owned(),
                by: acting.user,
                at: now,
            });
        }
        Command::Close => {
            next.closed_at = Some(now);
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
