//! The supervision box (监督意见箱, HALL-BOX, 000 中心 §34–35): complaints about a window's
//! service and efficiency, collected when a named person opens the box, or sent from the
//! hall's page or the QR code at a window. Each is registered, accepted by the body that
//! handles it (the centre, the window's department, the township or the village), and
//! concluded with one of the outcomes of §35 — 批评教育, 责令改正, or, for serious
//! consequences, transfer to the window unit's discipline inspection group (纪检监察组) — or
//! found unfounded; the complainant who left a contact is told, then it closes. A complaint
//! that is not about a window is referred on (to the 12345 hotline) with the reason.
//!
//! The pure core (invariant 3): no clock or database; "now" and the handling limit (from the
//! jurisdiction's profile) are parameters. Not stored nor shown yet: the storage, the pages
//! and the kernel's clock table come next.

use calendar::{Calendar, Clock, Instant, Limit};

use crate::error::HallError;

/// How a complaint came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A letter from the box, collected at an opening.
    Box,
    /// The hall's page.
    Page,
    /// The QR code at a window.
    QrCode,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Box => "意见箱",
            Source::Page => "网上",
            Source::QrCode => "窗口二维码",
        }
    }
}

/// Who handles it (§35: 区政务服务中心、相关部门、乡镇（街道）、村（社区）分别受理).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handler {
    Centre,
    /// The window's department, by unit id.
    Department(i64),
    Township(i64),
    Village(i64),
}

/// The outcome of §35.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Unfounded => "查无实据",
            Outcome::Education => "批评教育",
            Outcome::Correction => "责令改正",
            Outcome::Discipline => "转纪检监察组处理",
        }
    }
}

/// Where a complaint stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Registered,
    Handling,
    /// Concluded, the complainant not yet told.
    Concluded,
    Closed,
    /// Not about a window: referred on.
    Referred,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Registered => "已登记",
            Status::Handling => "办理中",
            Status::Concluded => "已办结待反馈",
            Status::Closed => "已办结",
            Status::Referred => "已转办",
        }
    }
}

/// One complaint as registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complaint {
    pub source: Source,
    /// The window complained about, when named.
    pub window: Option<u16>,
    /// What happened, 5 to 1,000 characters.
    pub content: String,
    /// The complainant's contact (sealed when stored); `None`: anonymous.
    pub contact: Option<String>,
    pub status: Status,
    pub handler: Option<Handler>,
    pub outcome: Option<Outcome>,
    /// What the handler found and did.
    pub finding: String,
    /// The handling clock (HALL-BOX), from registration to conclusion.
    pub clock: Clock,
    pub concluded_at: Option<Instant>,
}

/// What is done with a complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Accept(Handler),
    Refer { reason: String },
    Conclude { outcome: Outcome, finding: String },
    Feedback,
}

impl Command {
    fn label(&self) -> &'static str {
        match self {
            Command::Accept(_) => "受理",
            Command::Refer { .. } => "转办",
            Command::Conclude { .. } => "办结",
            Command::Feedback => "反馈",
        }
    }
}

/// The most characters of a complaint and of a finding.
const MAX_TEXT: usize = 1_000;

fn text_between(text: &str, least: usize, what: &str, problems: &mut Vec<String>) {
    let count = text.trim().chars().count();
    if count < least || count > MAX_TEXT {
        problems.push(format!("{what}应为 {least} 至 {MAX_TEXT} 字"));
    }
}

/// HALL-BOX: registers a complaint at `now`; its handling clock runs for `limit`. Every
/// problem at once.
pub fn register(
    source: Source,
    window: Option<u16>,
    content: &str,
    contact: Option<&str>,
    (now, limit): (Instant, Limit),
) -> Result<Complaint, HallError> {
    let mut problems = Vec::new();
    text_between(content, 5, "投诉内容", &mut problems);
    let contact = contact.map(str::trim).filter(|c| !c.is_empty());
    if contact.is_some_and(|c| c.chars().count() > 50) {
        problems.push("联系方式不能超过 50 字".to_owned());
    }
    if window == Some(0) {
        problems.push("窗口号应为正整数".to_owned());
    }
    if !problems.is_empty() {
        return Err(HallError::Invalid(problems.join("；")));
    }
    Ok(Complaint {
        source,
        window,
        content: content.trim().to_owned(),
        contact: contact.map(str::to_owned),
        status: Status::Registered,
        handler: None,
        outcome: None,
        finding: String::new(),
        clock: Clock::new(now, limit),
        concluded_at: None,
    })
}

/// HALL-BOX: runs one command at `now`. Refusals change nothing.
pub fn apply(
    complaint: &Complaint,
    command: &Command,
    now: Instant,
) -> Result<Complaint, HallError> {
    let refused = || {
        HallError::Invalid(format!(
            "该投诉当前状态为“{}”，不能{}",
            complaint.status.label(),
            command.label()
        ))
    };
    let mut next = complaint.clone();
    match (complaint.status, command) {
        (Status::Registered, Command::Accept(handler)) => {
            next.status = Status::Handling;
            next.handler = Some(*handler);
        }
        (Status::Registered, Command::Refer { reason }) => {
            let mut problems = Vec::new();
            text_between(reason, 2, "转办理由", &mut problems);
            if !problems.is_empty() {
                return Err(HallError::Invalid(problems.join("；")));
            }
            next.status = Status::Referred;
            next.finding = reason.trim().to_owned();
            next.concluded_at = Some(now);
        }
        (Status::Handling, Command::Conclude { outcome, finding }) => {
            let mut problems = Vec::new();
            text_between(finding, 5, "核查处理情况", &mut problems);
            if !problems.is_empty() {
                return Err(HallError::Invalid(problems.join("；")));
            }
            next.outcome = Some(*outcome);
            next.finding = finding.trim().to_owned();
            next.concluded_at = Some(now);
            // Nobody to tell: an anonymous complaint closes when concluded.
            next.status = if complaint.contact.is_some() {
                Status::Concluded
            } else {
                Status::Closed
            };
        }
        (Status::Concluded, Command::Feedback) => next.status = Status::Closed,
        _ => return Err(refused()),
    }
    Ok(next)
}

/// HALL-BOX: whether the complaint was (or is being) handled within its limit: concluded or
/// referred by its due instant, or still running and not yet due at `now`.
pub fn on_time(complaint: &Complaint, calendar: &Calendar, now: Instant) -> bool {
    complaint
        .clock
        .is_met(calendar, complaint.concluded_at.unwrap_or(now))
}

/// HALL-BOX: whether the box is due to be opened at `now`: never opened, or last opened
/// longer ago than `every_days` (the profile's interval, in natural days).
pub fn opening_due(last_opened: Option<Instant>, every_days: u32, now: Instant) -> bool {
    last_opened.is_none_or(|at| now.millis() - at.millis() >= i64::from(every_days) * 86_400_000)
}
