//! The supervision box (监督意见箱, HALL-BOX, 000 中心 §34–35): complaints about a window's
//! service and efficiency, collected when a named person opens the box, or sent from the
//! hall's page or the QR code at a window. Each is registered by the centre (区政务服务中心),
//! accepted by the body that handles it (the centre, the window's department, the township or
//! the village), and concluded with one of the outcomes of §35 — 批评教育, 责令改正, or, for
//! serious consequences, transfer to the window unit's discipline inspection group
//! (纪检监察组) — or found unfounded; the complainant who left a contact is told, then it
//! closes. A complaint that is not about a window is referred on with the reason.
//!
//! The pure core (invariant 3): no clock or database; "now", the calendar and the handling
//! limit (the profile's `hall.complaint_handling`) are parameters. The handling clock is the
//! kernel's [`SubjectClock`] of kind [`BoxClock`], filed under the centre; every command
//! returns the kernel's events ([`Event`], one `Clock` variant) for the history and the clock
//! table.

use calendar::{Calendar, Instant, Limit};
use platform::ids::{UnitId, UserId};
use platform::workflow::machine as clocks;
use platform::workflow::{ClockRule, SubjectClock};

use crate::error::HallError;
use crate::registered::{self, case_id, refuse, text_between};
pub use crate::registered::{Acting, MAX_CONTACT, MAX_TEXT};

case_id!(
    /// A complaint's id (its row in `hall_complaints`).
    ComplaintId
);

/// How a complaint came in (§34: the box; the hall's page and the QR code at each window).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Source {
    /// A letter from the box, collected at an opening.
    Box,
    /// The hall's page.
    Page,
    /// The QR code at a window.
    QrCode,
}

impl Source {
    pub const ALL: [Source; 3] = [Source::Box, Source::Page, Source::QrCode];

    pub fn label(self) -> &'static str {
        match self {
            Source::Box => "意见箱",
            Source::Page => "网页",
            Source::QrCode => "窗口二维码",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Source::Box => "box",
            Source::Page => "page",
            Source::QrCode => "qr",
        }
    }

    pub fn parse(code: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Who handles it (§35: 区政务服务中心、相关部门、乡镇（街道）、村（社区）分别受理).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Handler {
    Centre,
    /// The window's department.
    Department(UnitId),
    Township(UnitId),
    Village(UnitId),
}

impl Handler {
    pub fn label(self) -> &'static str {
        match self {
            Handler::Centre => "区政务服务中心",
            Handler::Department(_) => "窗口所属部门",
            Handler::Township(_) => "乡镇（街道）",
            Handler::Village(_) => "村（社区）",
        }
    }

    /// The unit that concludes it.
    pub fn unit(self, centre: UnitId) -> UnitId {
        match self {
            Handler::Centre => centre,
            Handler::Department(unit) | Handler::Township(unit) | Handler::Village(unit) => unit,
        }
    }
}

/// The outcome of §35.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Outcome {
    /// 查无实据: the complaint was not borne out.
    Unfounded,
    /// 批评教育.
    Education,
    /// 责令改正.
    Correction,
    /// 转纪检监察组处理: serious consequences.
    Discipline,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Unfounded,
        Outcome::Education,
        Outcome::Correction,
        Outcome::Discipline,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Unfounded => "查无实据",
            Outcome::Education => "批评教育",
            Outcome::Correction => "责令改正",
            Outcome::Discipline => "移交纪检监察组处理",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Unfounded => "unfounded",
            Outcome::Education => "education",
            Outcome::Correction => "correction",
            Outcome::Discipline => "discipline",
        }
    }

    pub fn parse(code: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// Where a complaint stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Status {
    Registered,
    Handling,
    /// Concluded, the complainant not yet told.
    Concluded,
    Closed,
    /// Not about a window: referred on.
    Referred,
}

impl registered::Coded for Status {
    fn code(self) -> &'static str {
        Status::code(self)
    }
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Registered,
        Status::Handling,
        Status::Concluded,
        Status::Closed,
        Status::Referred,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Status::Registered => "已登记",
            Status::Handling => "办理中",
            Status::Concluded => "已办结待反馈",
            Status::Closed => "已办结",
            Status::Referred => "已转办",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Status::Registered => "registered",
            Status::Handling => "handling",
            Status::Concluded => "concluded",
            Status::Closed => "closed",
            Status::Referred => "referred",
        }
    }
}

/// The handling clock of a complaint (HALL-BOX): registration to conclusion or referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum BoxClock {
    Handling,
}

impl ClockRule for BoxClock {
    fn rule_id(self) -> &'static str {
        "HALL-BOX"
    }

    fn code(self) -> String {
        platform::workflow::command_code(&self)
    }
}

/// What the complainant gives (§34).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filing {
    pub source: Source,
    /// The window complained about (its row id and number), when named.
    pub window: Option<(i64, u16)>,
    /// The window's department, which never learns who complained.
    pub window_unit: Option<UnitId>,
    /// What happened, 5 to 1,000 characters.
    pub content: String,
    /// The complainant's contact (sealed when stored); `None`: anonymous.
    pub contact: Option<String>,
    /// The box opening a box slip was collected at.
    pub opening: Option<i64>,
}

/// One complaint as registered and handled.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Complaint {
    pub id: ComplaintId,
    /// The service centre that keeps the box (区政务服务中心).
    pub centre: UnitId,
    pub source: Source,
    pub window: Option<(i64, u16)>,
    pub window_unit: Option<UnitId>,
    pub content: String,
    /// In clear only in memory; the stored snapshot holds it masked, the row sealed.
    pub contact: Option<String>,
    pub opening: Option<i64>,
    pub status: Status,
    pub handler: Option<Handler>,
    pub outcome: Option<Outcome>,
    /// What the handler found and did, or why it was referred.
    pub finding: String,
    /// Who concluded or referred it.
    pub handled_by: Option<UserId>,
    #[serde(with = "platform::snapshot::instant")]
    pub registered_at: Instant,
    #[serde(with = "platform::snapshot::opt_instant")]
    pub concluded_at: Option<Instant>,
    pub clocks: Vec<SubjectClock<BoxClock>>,
}

impl Complaint {
    /// The handling clock.
    pub fn clock(&self) -> Option<&SubjectClock<BoxClock>> {
        self.clocks.iter().find(|c| c.kind == BoxClock::Handling)
    }
}

/// What is done with a complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Accept(Handler),
    Refer { reason: String },
    Conclude { outcome: Outcome, finding: String },
    Feedback,
}

/// A command's kind, as the history names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandKind {
    Accept,
    Refer,
    Conclude,
    Feedback,
}

impl CommandKind {
    pub const ALL: [CommandKind; 4] = [
        CommandKind::Accept,
        CommandKind::Refer,
        CommandKind::Conclude,
        CommandKind::Feedback,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CommandKind::Accept => "受理",
            CommandKind::Refer => "转办",
            CommandKind::Conclude => "办结",
            CommandKind::Feedback => "反馈",
        }
    }

    /// The label of a stored command code.
    pub fn label_of_code(code: &str) -> &'static str {
        registered::label_of_code(code, "登记", &CommandKind::ALL, CommandKind::label)
    }
}

impl Command {
    pub fn kind(&self) -> CommandKind {
        match self {
            Command::Accept(_) => CommandKind::Accept,
            Command::Refer { .. } => CommandKind::Refer,
            Command::Conclude { .. } => CommandKind::Conclude,
            Command::Feedback => CommandKind::Feedback,
        }
    }
}

/// What a command did.
pub type Event = registered::Event<CommandKind, Status, BoxClock>;

/// HALL-BOX: registers a complaint with `centre` at `now`; its handling clock (the profile's
/// `limit`) starts, filed under the centre. Every problem at once.
pub fn register(
    centre: UnitId,
    filing: Filing,
    (now, limit): (Instant, Limit),
    calendar: &Calendar,
) -> Result<(Complaint, Vec<Event>), HallError> {
    let mut problems = Vec::new();
    text_between(&filing.content, 5, "投诉内容", &mut problems);
    let contact = filing
        .contact
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if contact.is_some_and(|c| c.chars().count() > MAX_CONTACT) {
        problems.push(format!("联系方式不能超过 {MAX_CONTACT} 字"));
    }
    if filing.window.is_some_and(|(_, number)| number == 0) {
        problems.push("窗口号应为正整数".to_owned());
    }
    if filing.source == Source::QrCode && filing.window.is_none() {
        problems.push("窗口二维码投诉须指明窗口".to_owned());
    }
    if (filing.source == Source::Box) != filing.opening.is_some() {
        problems.push("意见箱信件须在开箱记录下登记，网页和二维码投诉不属开箱".to_owned());
    }
    refuse(problems)?;
    let mut complaint = Complaint {
        id: ComplaintId(0),
        centre,
        source: filing.source,
        window: filing.window,
        window_unit: filing.window_unit,
        content: filing.content.trim().to_owned(),
        contact: contact.map(str::to_owned),
        opening: filing.opening,
        status: Status::Registered,
        handler: None,
        outcome: None,
        finding: String::new(),
        handled_by: None,
        registered_at: now,
        concluded_at: None,
        clocks: Vec::new(),
    };
    let started = clocks::start(
        &mut complaint.clocks,
        BoxClock::Handling,
        Some(centre),
        limit,
        now,
        calendar,
    );
    Ok((complaint, vec![Event::Registered, Event::Clock(started)]))
}

/// The commands `acting` may run on `complaint` now (the page offers these).
pub fn available(complaint: &Complaint, acting: &Acting) -> Vec<CommandKind> {
    CommandKind::ALL
        .into_iter()
        .filter(|kind| row(complaint.status, *kind).is_some())
        .filter(|kind| permits(complaint, acting, *kind).is_ok())
        .collect()
}

/// The transition table: (from, command) → to. Conclude's "to" depends on the contact.
fn row(from: Status, kind: CommandKind) -> Option<Status> {
    match (from, kind) {
        (Status::Registered, CommandKind::Accept) => Some(Status::Handling),
        (Status::Registered, CommandKind::Refer) => Some(Status::Referred),
        (Status::Handling, CommandKind::Conclude) => Some(Status::Concluded),
        (Status::Concluded, CommandKind::Feedback) => Some(Status::Closed),
        _ => None,
    }
}

/// HALL-BOX §35: the centre accepts, refers and tells; the accepting body concludes.
fn permits(complaint: &Complaint, acting: &Acting, kind: CommandKind) -> Result<(), HallError> {
    let owner = match kind {
        CommandKind::Conclude => complaint
            .handler
            .map_or(complaint.centre, |h| h.unit(complaint.centre)),
        _ => complaint.centre,
    };
    if acting.unit == owner {
        Ok(())
    } else if kind == CommandKind::Conclude {
        Err(HallError::Forbidden("该投诉由受理单位核查办结".to_owned()))
    } else {
        Err(HallError::Forbidden(format!(
            "“{}”由区政务服务中心办理",
            kind.label()
        )))
    }
}

/// HALL-BOX: runs one command of `acting` at `now`. Refusals change nothing.
pub fn apply(
    complaint: &Complaint,
    command: &Command,
    acting: &Acting,
    now: Instant,
    calendar: &Calendar,
) -> Result<(Complaint, Vec<Event>), HallError> {
    let kind = command.kind();
    let from = complaint.status;
    if row(from, kind).is_none() {
        return Err(HallError::Invalid(format!(
            "该投诉当前状态为“{}”，不能{}",
            from.label(),
            kind.label()
        )));
    }
    permits(complaint, acting, kind)?;
    let mut next = complaint.clone();
    let mut changed = Vec::new();
    let mut problems = Vec::new();
    match command {
        Command::Accept(handler) => {
            if let Handler::Department(unit) = handler
                && complaint.window_unit != Some(*unit)
            {
                return Err(HallError::Invalid(
                    "只能交由被投诉窗口所属部门受理".to_owned(),
                ));
            }
            next.status = Status::Handling;
            next.handler = Some(*handler);
        }
        Command::Refer { reason } => {
            text_between(reason, 2, "转办理由", &mut problems);
            refuse(problems)?;
            next.status = Status::Referred;
            next.finding = reason.trim().to_owned();
            next.handled_by = Some(acting.user);
            next.concluded_at = Some(now);
            changed = clocks::stop(&mut next.clocks, now, calendar, |_| true);
        }
        Command::Conclude { outcome, finding } => {
            text_between(finding, 5, "核查处理情况", &mut problems);
            refuse(problems)?;
            next.outcome = Some(*outcome);
            next.finding = finding.trim().to_owned();
            next.handled_by = Some(acting.user);
            next.concluded_at = Some(now);
            // Nobody to tell: an anonymous complaint closes when concluded.
            next.status = if complaint.contact.is_some() {
                Status::Concluded
            } else {
                Status::Closed
            };
            changed = clocks::stop(&mut next.clocks, now, calendar, |_| true);
        }
        Command::Feedback => next.status = Status::Closed,
    }
    let to = next.status;
    Ok((next, registered::stepped(kind, (from, to), changed)))
}

/// HALL-BOX: whether the complaint was (or is being) handled within its limit: concluded or
/// referred by its due instant, or still running and not yet due at `now`.
pub fn on_time(complaint: &Complaint, calendar: &Calendar, now: Instant) -> bool {
    complaint.clock().is_none_or(|c| {
        c.clock.is_met(
            calendar,
            complaint.concluded_at.or(c.stopped_at).unwrap_or(now),
        )
    })
}

/// HALL-BOX: whether the box is due to be opened at `now`: never opened, or last opened
/// `every_days` natural days ago or longer (the profile's `hall.box_opening_days`).
pub fn opening_due(last_opened: Option<Instant>, every_days: u32, now: Instant) -> bool {
    last_opened.is_none_or(|at| now.millis() - at.millis() >= i64::from(every_days) * 86_400_000)
}
