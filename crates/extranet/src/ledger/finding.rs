//! A security finding (安全检查问题, NET-LEDGER; 000 外网 §15): the extranet office sends it to
//! a unit after a security check and the unit must fix it within `extranet.finding_fix` (the
//! fix clock, the unit's). The unit reports its fix; the office confirms it or rejects the
//! report (a new 限期整改: the clock starts again). A unit that lets the clock run out
//! without reporting is cut off by the office (阻断接入线路: 已断开, its addresses marked) and
//! ordered to fix it within the limit again (责令限期整改: a new clock from the cut-off)
//! until it reports the fix and the office restores its access. The table
//! [`FINDING_TRANSITIONS`] decides every step; who may act is checked next, then the input.

use calendar::Instant;
use platform::workflow::machine as clocks;
use platform::workflow::{ClockEvent, ClockRule, SubjectClock, history};
use serde_json::{Value, json};

use crate::application::{Owner, Step};
use crate::error::ExtranetError;
use crate::{Acting, Rules, UnitId, UserId};

/// The most characters of a finding's title.
pub const TITLE_MAX: usize = 100;
/// The most characters of its detail and of a step's text.
pub const TEXT_MAX: usize = 4000;

/// The id of a security finding.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct FindingId(pub i64);

impl std::fmt::Display for FindingId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl From<FindingId> for i64 {
    fn from(id: FindingId) -> i64 {
        id.0
    }
}

/// Where a finding stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum FindingStatus {
    /// 待整改: the unit fixes it under the clock.
    Open,
    /// 已报整改: the office verifies the fix.
    Reported,
    /// 已整改 (final): confirmed, or the access restored after a cut-off.
    Fixed,
    /// 已断开: the unit ignored it past its deadline and is cut off.
    CutOff,
    /// 已断开，已报整改: the office verifies the fix before restoring the access.
    CutOffReported,
}

impl FindingStatus {
    pub const ALL: [FindingStatus; 5] = [
        FindingStatus::Open,
        FindingStatus::Reported,
        FindingStatus::Fixed,
        FindingStatus::CutOff,
        FindingStatus::CutOffReported,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            FindingStatus::Open => "open",
            FindingStatus::Reported => "reported",
            FindingStatus::Fixed => "fixed",
            FindingStatus::CutOff => "cut_off",
            FindingStatus::CutOffReported => "cut_off_reported",
        }
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            FindingStatus::Open => "待整改",
            FindingStatus::Reported => "已报整改，待核实",
            FindingStatus::Fixed => "已整改",
            FindingStatus::CutOff => "已断开",
            FindingStatus::CutOffReported => "已断开，已报整改待恢复",
        }
    }

    pub fn from_code(code: &str) -> Option<FindingStatus> {
        Self::ALL.into_iter().find(|status| status.code() == code)
    }

    /// NET-LEDGER: the unit's access is cut off while a finding stands here.
    pub const fn cuts_off(self) -> bool {
        matches!(self, FindingStatus::CutOff | FindingStatus::CutOffReported)
    }
}

/// The clock of a finding: the unit's fix (限期整改).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum FindingClock {
    /// `extranet.finding_fix` from the sending (or a rejected report).
    Fix,
}

impl FindingClock {
    pub const fn label_zh(self) -> &'static str {
        "整改期限"
    }

    /// The label of a stored clock code.
    pub fn label_of_code(_code: &str) -> &'static str {
        "整改期限"
    }
}

impl ClockRule for FindingClock {
    fn rule_id(self) -> &'static str {
        "NET-LEDGER"
    }

    fn code(self) -> String {
        platform::workflow::command_code(&self)
    }
}

/// A command on a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingCommand {
    /// The unit reports what it fixed.
    ReportFix { text: String },
    /// The office confirms the fix.
    Confirm { text: String },
    /// The office rejects the report, saying why (the unit fixes again).
    Reject { reason: String },
    /// §15: the office cuts off a unit that ignored the finding past its deadline.
    CutOff { reason: String },
    /// The office restores the access of a cut-off unit whose fix it verified.
    Restore { text: String },
}

/// The kind of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum FindingCommandKind {
    ReportFix,
    Confirm,
    Reject,
    CutOff,
    Restore,
}

impl FindingCommandKind {
    pub const ALL: [FindingCommandKind; 5] = [
        FindingCommandKind::ReportFix,
        FindingCommandKind::Confirm,
        FindingCommandKind::Reject,
        FindingCommandKind::CutOff,
        FindingCommandKind::Restore,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            FindingCommandKind::ReportFix => "报送整改情况",
            FindingCommandKind::Confirm => "确认已整改",
            FindingCommandKind::Reject => "整改不到位，退回",
            FindingCommandKind::CutOff => "阻断接入（断开）",
            FindingCommandKind::Restore => "核实整改，恢复接入",
        }
    }

    /// The code in forms and history.
    pub fn code(self) -> String {
        platform::workflow::command_code(&self)
    }

    pub fn from_code(code: &str) -> Option<FindingCommandKind> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// The name of a stored command code.
    pub fn label_of_code(code: &str) -> &'static str {
        Self::from_code(code).map_or("下发安全检查问题", Self::label_zh)
    }

    /// Who runs it.
    pub const fn owner(self) -> Owner {
        match self {
            FindingCommandKind::ReportFix => Owner::Unit,
            _ => Owner::Office,
        }
    }
}

impl FindingCommand {
    pub fn kind(&self) -> FindingCommandKind {
        match self {
            FindingCommand::ReportFix { .. } => FindingCommandKind::ReportFix,
            FindingCommand::Confirm { .. } => FindingCommandKind::Confirm,
            FindingCommand::Reject { .. } => FindingCommandKind::Reject,
            FindingCommand::CutOff { .. } => FindingCommandKind::CutOff,
            FindingCommand::Restore { .. } => FindingCommandKind::Restore,
        }
    }

    /// The command named by `code` with `text`.
    pub fn of(kind: FindingCommandKind, text: String) -> FindingCommand {
        match kind {
            FindingCommandKind::ReportFix => FindingCommand::ReportFix { text },
            FindingCommandKind::Confirm => FindingCommand::Confirm { text },
            FindingCommandKind::Reject => FindingCommand::Reject { reason: text },
            FindingCommandKind::CutOff => FindingCommand::CutOff { reason: text },
            FindingCommandKind::Restore => FindingCommand::Restore { text },
        }
    }

    fn text(&self) -> &str {
        match self {
            FindingCommand::ReportFix { text }
            | FindingCommand::Confirm { text }
            | FindingCommand::Restore { text } => text,
            FindingCommand::Reject { reason } | FindingCommand::CutOff { reason } => reason,
        }
    }
}

use FindingCommandKind as K;
use FindingStatus as S;

/// NET-LEDGER: every allowed transition `(from, command, to)`; any other is refused.
pub const FINDING_TRANSITIONS: &[(FindingStatus, FindingCommandKind, FindingStatus)] = &[
    (S::Open, K::ReportFix, S::Reported),
    (S::Reported, K::Confirm, S::Fixed),
    (S::Reported, K::Reject, S::Open),
    (S::Open, K::CutOff, S::CutOff),
    (S::CutOff, K::ReportFix, S::CutOffReported),
    (S::CutOffReported, K::Reject, S::CutOff),
    (S::CutOffReported, K::Restore, S::Fixed),
];

/// A security finding: what was found, where it stands, what was done, its clocks.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    pub id: FindingId,
    /// The extranet office that sent it.
    pub office: UnitId,
    /// The unit that must fix it.
    pub unit: UnitId,
    pub title: String,
    pub detail: String,
    pub status: FindingStatus,
    pub sent_by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub sent_at: Instant,
    /// When the unit was cut off (the last time).
    #[serde(with = "platform::snapshot::opt_instant")]
    pub cut_off_at: Option<Instant>,
    /// When it was fixed (confirmed or restored).
    #[serde(with = "platform::snapshot::opt_instant")]
    pub fixed_at: Option<Instant>,
    pub steps: Vec<Step>,
    pub clocks: Vec<SubjectClock<FindingClock>>,
}

impl Finding {
    /// The running fix clock's due instant.
    pub fn fix_due(&self, calendar: &calendar::Calendar) -> Option<Instant> {
        self.clocks
            .iter()
            .rev()
            .find(|clock| clock.is_running())
            .map(|clock| clock.due(calendar))
    }

    /// NET-LEDGER: whether a fix clock ran past its due instant by `now` (stopped late, or
    /// still running after it) — the annual report's overdue findings.
    pub fn went_overdue(&self, calendar: &calendar::Calendar, now: Instant) -> bool {
        self.clocks.iter().any(|clock| {
            let end = clock.stopped_at.unwrap_or(now);
            end > clock.due(calendar)
        })
    }
}

/// What a command did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingEvent {
    /// Sent to the unit (the first event).
    Sent,
    Stepped {
        command: FindingCommandKind,
        from: FindingStatus,
        to: FindingStatus,
    },
    Clock(ClockEvent<FindingClock>),
}

/// The history row of an event.
pub fn describe(event: &FindingEvent) -> (&'static str, Value) {
    match event {
        FindingEvent::Sent => ("sent", json!({})),
        FindingEvent::Stepped { command, from, to } => (
            "stepped",
            json!({ "command": command.code(), "from": from.code(), "to": to.code() }),
        ),
        FindingEvent::Clock(clock) => history::describe_clock(clock),
    }
}

platform::recorded!(FindingEvent, FindingClock, describe);

fn permits(finding: &Finding, acting: &Acting, kind: K) -> Result<(), ExtranetError> {
    match kind.owner() {
        Owner::Office if acting.is_office(finding.office) => Ok(()),
        Owner::Unit if acting.is_unit_staff(finding.unit) => Ok(()),
        Owner::Office => Err(ExtranetError::not_permitted(format!(
            "“{}”由政务外网主管机构（区信息化工作办公室）办理",
            kind.label_zh()
        ))),
        Owner::Unit => Err(ExtranetError::not_permitted(format!(
            "“{}”由被检查的单位办理",
            kind.label_zh()
        ))),
    }
}

fn row(finding: &Finding, kind: K) -> Option<(S, S)> {
    FINDING_TRANSITIONS
        .iter()
        .find(|(from, command, _)| *from == finding.status && *command == kind)
        .map(|(from, _, to)| (*from, *to))
}

/// The commands `acting` may run now (the table's rows its permission lets through).
pub fn available(finding: &Finding, acting: &Acting) -> Vec<K> {
    K::ALL
        .into_iter()
        .filter(|kind| row(finding, *kind).is_some())
        .filter(|kind| permits(finding, acting, *kind).is_ok())
        .collect()
}

fn start(finding: &mut Finding, now: Instant, rules: Rules<'_>) -> ClockEvent<FindingClock> {
    clocks::start(
        &mut finding.clocks,
        FindingClock::Fix,
        Some(finding.unit),
        rules.profile.extranet.finding_fix.limit(),
        now,
        rules.calendar,
    )
}

/// NET-LEDGER §15: the office sends a finding `title` (`detail`) to `unit`; the unit's fix
/// clock starts (`extranet.finding_fix`).
#[allow(clippy::too_many_arguments)]
pub fn send(
    id: FindingId,
    office: UnitId,
    unit: UnitId,
    title: &str,
    detail: &str,
    acting: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Finding, Vec<FindingEvent>), ExtranetError> {
    if !acting.is_office(office) {
        return Err(ExtranetError::not_permitted(
            "安全检查问题由政务外网主管机构（区信息化工作办公室）的外网管理员下发",
        ));
    }
    let mut problems = Vec::new();
    if unit == office {
        problems.push("请选择被检查的接入单位".to_owned());
    }
    let (title, detail) = (title.trim(), detail.trim());
    if title.is_empty() {
        problems.push("请填写问题名称".to_owned());
    }
    if title.chars().count() > TITLE_MAX {
        problems.push(format!("问题名称不能超过{TITLE_MAX}个字"));
    }
    if detail.is_empty() {
        problems.push("请写明检查发现的问题和整改要求".to_owned());
    }
    if detail.chars().count() > TEXT_MAX {
        problems.push(format!("问题说明不能超过{TEXT_MAX}个字"));
    }
    ExtranetError::check_all(problems)?;
    let mut finding = Finding {
        id,
        office,
        unit,
        title: title.to_owned(),
        detail: detail.to_owned(),
        status: S::Open,
        sent_by: acting.user,
        sent_at: now,
        cut_off_at: None,
        fixed_at: None,
        steps: Vec::new(),
        clocks: Vec::new(),
    };
    let started = start(&mut finding, now, rules);
    Ok((
        finding,
        vec![FindingEvent::Sent, FindingEvent::Clock(started)],
    ))
}

/// NET-LEDGER: judges `command` on `finding` for `acting` at `now`: the table, who may act,
/// then the input; a refusal changes nothing.
pub fn apply(
    finding: &Finding,
    command: &FindingCommand,
    acting: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Finding, Vec<FindingEvent>), ExtranetError> {
    let kind = command.kind();
    let Some((from, to)) = row(finding, kind) else {
        return Err(ExtranetError::InvalidTransition {
            from: finding.status.label_zh(),
            command: kind.label_zh(),
        });
    };
    permits(finding, acting, kind)?;
    let text = command.text().trim().to_owned();
    if text.chars().count() > TEXT_MAX {
        return Err(ExtranetError::invalid(format!(
            "填写的内容不能超过{TEXT_MAX}个字"
        )));
    }
    let needed = match kind {
        K::ReportFix => Some("请填写整改情况"),
        K::Reject => Some("退回须写明整改不到位之处，理由将告知单位"),
        K::CutOff => Some("阻断接入须写明理由"),
        K::Restore => Some("请填写核实整改的情况"),
        K::Confirm => None,
    };
    if let Some(message) = needed
        && text.is_empty()
    {
        return Err(ExtranetError::invalid(message));
    }
    let mut next = finding.clone();
    let mut changed = Vec::new();
    let stop = |next: &mut Finding| clocks::stop(&mut next.clocks, now, rules.calendar, |_| true);
    match kind {
        K::CutOff => {
            // NET-LEDGER §15: only a unit that let the fix clock run out (不响应、不处置) is
            // cut off; before the deadline the finding is still the unit's to fix.
            let overdue = finding
                .clocks
                .iter()
                .any(|clock| clock.is_overdue(rules.calendar, now));
            if !overdue {
                return Err(ExtranetError::invalid(
                    "整改期限未到，不能阻断接入；逾期不整改的单位才予以阻断（NET-LEDGER）",
                ));
            }
            changed.extend(stop(&mut next));
            next.cut_off_at = Some(now);
            // NET-LEDGER §15 (阻断…，责令限期整改): the cut-off orders the fix within the
            // profile's limit again, from the cut-off.
            changed.push(start(&mut next, now, rules));
        }
        K::ReportFix => {
            changed.extend(stop(&mut next));
        }
        K::Reject => {
            // A new 限期整改: the unit gets the profile's time again (cut off or not).
            changed.push(start(&mut next, now, rules));
        }
        K::Confirm | K::Restore => {
            next.fixed_at = Some(now);
        }
    }
    next.steps.push(Step {
        command: kind.code(),
        text,
        by: acting.user,
        at: now,
    });
    next.status = to;
    let mut events = vec![FindingEvent::Stepped {
        command: kind,
        from,
        to,
    }];
    events.extend(changed.into_iter().map(FindingEvent::Clock));
    Ok((next, events))
}
