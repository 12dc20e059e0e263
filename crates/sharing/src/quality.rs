//! Quality problems and misuse (DATA-QUALITY; 000 共享 §4(四)(五), §5(三)). A consumer that
//! finds a quality problem in a resource it uses reports it online to the provider and the
//! platform administrator; the provider confirms and fixes it, or answers why it is not a
//! problem, before the report's due instant. 000 共享 §4(四) asks for timely confirmation
//! without naming a period, so the due instant is counted with the profile's
//! `datashare.catalogue_update` (10 WD): the period §6 gives a provider to bring registered
//! data up to date. A provider that finds a consumer misusing data reports it to the platform
//! administrator (§4(五)), who closes the report with what was done. Pure: "now" and the
//! rules are parameters.

use calendar::{Clock, Instant};

use crate::error::SharingError;
use crate::{Acting, Rules, UnitId};

/// What is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// 数据质量问题: a consumer to the provider.
    Quality,
    /// 违规使用: a provider to the platform administrator.
    Misuse,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Quality => "quality",
            Kind::Misuse => "misuse",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Kind::Quality => "数据质量问题",
            Kind::Misuse => "违规使用报备",
        }
    }

    pub fn parse(code: &str) -> Option<Kind> {
        [Kind::Quality, Kind::Misuse]
            .into_iter()
            .find(|kind| kind.code() == code)
    }
}

/// Where a report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Waiting for the provider (quality) or the administrator (misuse).
    Reported,
    /// The provider confirmed the problem and is fixing it.
    Confirmed,
    /// Fixed (quality) or handled (misuse): closed.
    Fixed,
    /// Not a quality problem, with the provider's explanation: closed.
    Disputed,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Reported,
        Status::Confirmed,
        Status::Fixed,
        Status::Disputed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Reported => "reported",
            Status::Confirmed => "confirmed",
            Status::Fixed => "fixed",
            Status::Disputed => "disputed",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Reported => "待确认",
            Status::Confirmed => "已确认，整改中",
            Status::Fixed => "已处理",
            Status::Disputed => "经核实不属于质量问题",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.code() == code)
    }

    /// Closed reports stop their clock.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Fixed | Status::Disputed)
    }
}

/// A report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub id: i64,
    pub kind: Kind,
    /// The entry and the resource's number in it.
    pub entry: i64,
    pub resource_no: i64,
    /// Misuse: the grant misused.
    pub grant: Option<i64>,
    pub reporter: UnitId,
    /// Who handles it: the provider (quality); `None` for the administrator (misuse).
    pub handler: Option<UnitId>,
    pub description: String,
    pub status: Status,
    /// The provider's or administrator's answer.
    pub answer: String,
    pub reported_at: Instant,
    pub due_at: Instant,
    pub closed_at: Option<Instant>,
}

impl Report {
    /// DATA-QUALITY: open past its due instant.
    pub fn is_overdue(&self, now: Instant) -> bool {
        !self.status.is_closed() && self.due_at < now
    }

    /// Whether `acting` handles this report: the provider's staff (quality) or the
    /// administrator (misuse, and any report as the platform's supervisor reads it).
    pub fn handled_by(&self, acting: &Acting) -> bool {
        match self.handler {
            Some(unit) => acting.acts_for(unit),
            None => acting.is_administrator(),
        }
    }
}

/// A command on a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// The provider confirms the problem.
    Confirm,
    /// Fixed (quality) or handled (misuse), with what was done.
    Fix { answer: String },
    /// Not a problem, with the explanation.
    Dispute { answer: String },
}

impl Command {
    pub fn label_zh(&self) -> &'static str {
        match self {
            Command::Confirm => "确认问题",
            Command::Fix { .. } => "处理完成",
            Command::Dispute { .. } => "说明不属于质量问题",
        }
    }
}

/// DATA-QUALITY: the due instant of a report filed at `at`.
pub fn due(at: Instant, rules: Rules<'_>) -> Instant {
    let limit = rules.profile.datashare.catalogue_update.limit();
    Clock::new(at, limit).due(rules.calendar).at
}

/// DATA-QUALITY: checks a new report's text (every problem at once).
pub fn check_description(description: &str) -> Result<(), SharingError> {
    let mut problems = Vec::new();
    if description.trim().is_empty() {
        problems.push("请写明发现的问题（哪些数据、什么问题）".to_owned());
    }
    if description.chars().count() > 2000 {
        problems.push("问题描述至多 2000 字".to_owned());
    }
    SharingError::check_all(problems)
}

/// DATA-QUALITY: judges `command` on `report` for `acting` at `now`; a refusal changes nothing.
pub fn apply(
    report: &Report,
    command: &Command,
    acting: &Acting,
    now: Instant,
) -> Result<Report, SharingError> {
    if !report.handled_by(acting) {
        return Err(SharingError::not_permitted(match report.kind {
            Kind::Quality => "数据质量问题由提供部门的工作人员确认和处理（DATA-QUALITY）",
            Kind::Misuse => "违规使用报备由平台管理部门处理（DATA-QUALITY）",
        }));
    }
    let answer_of = |text: &str| -> Result<String, SharingError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(SharingError::invalid("请写明处理情况或理由"));
        }
        if text.chars().count() > 2000 {
            return Err(SharingError::invalid("处理情况至多 2000 字"));
        }
        Ok(text.to_owned())
    };
    let mut next = report.clone();
    match (report.status, command) {
        (Status::Reported, Command::Confirm) if report.kind == Kind::Quality => {
            next.status = Status::Confirmed;
        }
        (Status::Reported | Status::Confirmed, Command::Fix { answer }) => {
            next.status = Status::Fixed;
            next.answer = answer_of(answer)?;
            next.closed_at = Some(now);
        }
        (Status::Reported, Command::Dispute { answer }) if report.kind == Kind::Quality => {
            next.status = Status::Disputed;
            next.answer = answer_of(answer)?;
            next.closed_at = Some(now);
        }
        _ => {
            return Err(SharingError::transition(
                report.status.label_zh(),
                command.label_zh(),
            ));
        }
    }
    Ok(next)
}
