//! The state of a case (办件): status, clocks, notices, stages, special procedures, joint
//! opinions, the decision and the applicant's progress view (SVC-STATUS).

use calendar::{Calendar, Instant, Limit};
use platform::workflow::{ClockRule, SubjectClock};

use crate::item::{DeliveryMethod, SpecialProcedure};
use crate::{ApplicantId, AttachmentId, CaseId, ItemId, UnitId};

/// Where the case is. `Status::ALL` lists them; [`crate::case::TRANSITIONS`] says which
/// command leads from which to which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Status {
    /// 已提交: submitted online or registered by a window clerk.
    Submitted,
    /// 已预审: the pre-review opinion is out (SVC-PREREVIEW).
    PreReviewed,
    /// 待补齐补正: the one-time notice is out (SVC-ACCEPT).
    AwaitingSupplement,
    /// 已补正待受理: materials resubmitted; the acceptance clock restarted.
    Resubmitted,
    /// 不予受理. Final.
    Rejected,
    /// 审查中: in a stage of the item's process.
    InReview,
    /// 特别程序中: the promised clock is paused (SVC-SPECIAL).
    Special,
    /// 待决定: every stage done, waits for the decision.
    AwaitingDecision,
    /// 已决定: approved or denied, waits for delivery.
    Decided,
    /// 已办结: the result is delivered. Final.
    Concluded,
    /// 已撤回: withdrawn by the applicant before the decision. Final.
    Withdrawn,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 11] = [
        Status::Submitted,
        Status::PreReviewed,
        Status::AwaitingSupplement,
        Status::Resubmitted,
        Status::Rejected,
        Status::InReview,
        Status::Special,
        Status::AwaitingDecision,
        Status::Decided,
        Status::Concluded,
        Status::Withdrawn,
    ];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::PreReviewed => "prereviewed",
            Status::AwaitingSupplement => "awaiting_supplement",
            Status::Resubmitted => "resubmitted",
            Status::Rejected => "rejected",
            Status::InReview => "in_review",
            Status::Special => "special",
            Status::AwaitingDecision => "awaiting_decision",
            Status::Decided => "decided",
            Status::Concluded => "concluded",
            Status::Withdrawn => "withdrawn",
        }
    }

    /// The Chinese label.
    pub const fn label_zh(self) -> &'static str {
        match self {
            Status::Submitted => "已提交",
            Status::PreReviewed => "已预审",
            Status::AwaitingSupplement => "待补齐补正",
            Status::Resubmitted => "已补正待受理",
            Status::Rejected => "不予受理",
            Status::InReview => "审查中",
            Status::Special => "特别程序中",
            Status::AwaitingDecision => "待决定",
            Status::Decided => "已决定待送达",
            Status::Concluded => "已办结",
            Status::Withdrawn => "已撤回",
        }
    }

    /// No command leads out of it.
    pub const fn is_final(self) -> bool {
        matches!(
            self,
            Status::Rejected | Status::Concluded | Status::Withdrawn
        )
    }

    /// Accepted and not yet decided: the promised clock runs or is paused (SVC-PROMISE).
    pub const fn under_promise(self) -> bool {
        matches!(
            self,
            Status::InReview | Status::Special | Status::AwaitingDecision
        )
    }
}

/// The clocks a case runs; each names the rule it enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ClockKind {
    /// SVC-PREREVIEW: the pre-review opinion, `profile.services.prereview` from submission.
    PreReview,
    /// SVC-ACCEPT: the acceptance decision, the item's acceptance limit from (re)submission.
    Acceptance,
    /// SVC-PROMISE: conclusion, the item's promised limit from acceptance.
    Promise,
    /// SVC-PROMISE: one stage of the item's process (index from 0), its own limit.
    Stage(u32),
    /// SVC-SPECIAL: a special procedure, its own published limit.
    Special,
    /// SVC-PARALLEL: a co-approving department's opinion, its own limit from acceptance.
    Parallel,
    /// SVC-WINDOW: the department signs (签收) for a case the comprehensive window accepted
    /// for it (事进人不进), `profile.services.window_sign` from acceptance.
    Sign,
}

impl ClockKind {
    /// The rule ID stored in the clock row.
    pub const fn rule(self) -> &'static str {
        match self {
            ClockKind::PreReview => "SVC-PREREVIEW",
            ClockKind::Acceptance => "SVC-ACCEPT",
            ClockKind::Promise | ClockKind::Stage(_) => "SVC-PROMISE",
            ClockKind::Special => "SVC-SPECIAL",
            ClockKind::Parallel => "SVC-PARALLEL",
            ClockKind::Sign => "SVC-WINDOW",
        }
    }
}

impl ClockRule for ClockKind {
    fn rule_id(self) -> &'static str {
        self.rule()
    }

    /// `Stage(1)` → `stage_1`.
    fn code(self) -> String {
        match self {
            ClockKind::PreReview => "prereview".into(),
            ClockKind::Acceptance => "acceptance".into(),
            ClockKind::Promise => "promise".into(),
            ClockKind::Stage(index) => format!("stage_{index}"),
            ClockKind::Special => "special".into(),
            ClockKind::Parallel => "parallel".into(),
            ClockKind::Sign => "window_sign".into(),
        }
    }
}

/// One clock of the case and its responsible unit (`None`: the implementing department),
/// the kernel's [`SubjectClock`].
pub type CaseClock = SubjectClock<ClockKind>;

/// How the application came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Channel {
    /// 网上申请.
    Online,
    /// Registered by a clerk at a hall window (walk-in).
    Window {
        /// The window's unit.
        window: UnitId,
    },
}

/// A material handed in with a submission: its code in the item's list and where it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SubmittedMaterial {
    /// The material code of the item's list.
    pub code: String,
    /// Where the content is.
    pub source: MaterialSource,
}

/// Where a submitted material comes from (SVC-NO-RESUBMIT).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MaterialSource {
    /// Uploaded with this submission.
    Uploaded(AttachmentId),
    /// Reused from the applicant's materials on file.
    OnFile(AttachmentId),
    /// An e-licence of the licence library.
    ELicence(String),
}

/// One missing or defective material of a supplement notice.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MaterialDefect {
    /// The material (its name in the guide).
    pub material: String,
    /// What is missing or wrong.
    pub problem: String,
}

/// A one-time notice (一次性告知书) for one submission (SVC-ACCEPT).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SupplementNotice {
    /// The submission it answers (1 = first).
    pub submission: u32,
    /// When.
    #[serde(with = "crate::snapshot::instant")]
    pub at: Instant,
    /// Every missing or defective material.
    pub defects: Vec<MaterialDefect>,
}

/// One step of the case as the applicant sees it (SVC-STATUS).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StepRecord {
    /// 环节名称, e.g. 预审, 受理, 审查, 现场勘验, 审批决定, 结果送达.
    pub name: String,
    /// The unit handling it; `None` for the applicant's own steps.
    pub unit: Option<UnitId>,
    /// Start.
    #[serde(with = "crate::snapshot::instant")]
    pub start: Instant,
    /// End; `None` while under way.
    #[serde(with = "crate::snapshot::opt_instant")]
    pub end: Option<Instant>,
    /// Opinion or note shown to the applicant.
    pub note: String,
}

/// A special procedure under way or done (SVC-SPECIAL).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SpecialRecord {
    /// Which.
    pub procedure: SpecialProcedure,
    /// The reason told to the applicant.
    pub reason: String,
    /// Its own limit.
    #[serde(with = "crate::snapshot::limit")]
    pub limit: Limit,
    /// Start.
    #[serde(with = "crate::snapshot::instant")]
    pub start: Instant,
    /// End; `None` while under way.
    #[serde(with = "crate::snapshot::opt_instant")]
    pub end: Option<Instant>,
    /// The status to return to.
    pub resume_to: Status,
    /// 补齐补正 (SVC-SPECIAL): every material asked for and what is wrong with it; empty for
    /// the other procedures.
    #[serde(default)]
    pub defects: Vec<MaterialDefect>,
}

/// A co-approving department's opinion (SVC-PARALLEL).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct JointOpinion {
    /// The department.
    pub department: UnitId,
    /// Agrees.
    pub approve: bool,
    /// The opinion.
    pub opinion: String,
    /// When.
    #[serde(with = "crate::snapshot::instant")]
    pub at: Instant,
}

/// The decision (审批决定).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Decision {
    /// 准予.
    Approve,
    /// 不予, with the reason.
    Deny(String),
}

impl Decision {
    /// The decision in words for the applicant: `准予`, `不予批准，理由：…`.
    pub fn words_zh(&self) -> String {
        match self {
            Decision::Approve => "准予".to_owned(),
            Decision::Deny(reason) => format!("不予批准，理由：{reason}"),
        }
    }
}

/// A case (办件): one application for one item version.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Case {
    /// The id (case number).
    pub id: CaseId,
    /// The item.
    pub item: ItemId,
    /// The item version the application was made under.
    pub item_version: u32,
    /// The applicant.
    pub applicant: ApplicantId,
    /// Online or window.
    pub channel: Channel,
    /// Where it is.
    pub status: Status,
    /// First submission.
    #[serde(with = "crate::snapshot::instant")]
    pub submitted_at: Instant,
    /// Submission number: 1, then +1 on each resubmission.
    pub submission: u32,
    /// The materials of the current submission.
    pub materials: Vec<SubmittedMaterial>,
    /// The pre-review opinion and next steps (SVC-PREREVIEW).
    pub prereview: Option<String>,
    /// One-time notices, oldest first.
    pub notices: Vec<SupplementNotice>,
    /// The accepting unit (department or comprehensive window) and when.
    #[serde(with = "crate::snapshot::opt_pair")]
    pub accepted: Option<(UnitId, Instant)>,
    /// Reason of a rejection (不予受理).
    pub rejection: Option<String>,
    /// Index of the current stage of the item's process.
    pub stage: u32,
    /// Every clock, in start order.
    pub clocks: Vec<CaseClock>,
    /// Steps for the applicant's progress view.
    pub steps: Vec<StepRecord>,
    /// Special procedures.
    pub specials: Vec<SpecialRecord>,
    /// Co-approving departments' opinions.
    pub joint_opinions: Vec<JointOpinion>,
    /// The decision and when.
    #[serde(with = "crate::snapshot::opt_pair")]
    pub decision: Option<(Decision, Instant)>,
    /// How the result was delivered and when.
    #[serde(with = "crate::snapshot::opt_pair")]
    pub delivery: Option<(DeliveryMethod, Instant)>,
    /// When it was flagged 超期办件 (SVC-PROMISE).
    #[serde(with = "crate::snapshot::opt_instant")]
    pub overdue_flagged: Option<Instant>,
    /// Withdrawal reason.
    pub withdrawal: Option<String>,
}

/// One line of the applicant's progress view (SVC-STATUS).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StepProgress {
    /// The step's name.
    pub name: String,
    /// The handling unit.
    pub unit: Option<UnitId>,
    /// Start.
    #[serde(with = "crate::snapshot::instant")]
    pub start: Instant,
    /// End, or `None` while under way.
    #[serde(with = "crate::snapshot::opt_instant")]
    pub end: Option<Instant>,
    /// Natural duration so far (to `end` or to now), milliseconds.
    pub duration_millis: i64,
    /// Working time of it, milliseconds.
    pub working_millis: i64,
    /// The note.
    pub note: String,
}

impl Case {
    /// The clock of `kind` for `unit`, the latest one when several.
    pub fn clock(&self, kind: ClockKind, unit: Option<UnitId>) -> Option<&CaseClock> {
        self.clocks
            .iter()
            .rev()
            .find(|clock| clock.kind == kind && (unit.is_none() || clock.unit == unit))
    }

    /// The special procedure under way, if any (SVC-SPECIAL).
    pub fn open_special(&self) -> Option<&SpecialRecord> {
        self.specials
            .iter()
            .rev()
            .find(|record| record.end.is_none())
    }

    /// The materials the applicant is asked for now, each with what is wrong: the latest
    /// one-time notice while awaiting a supplement before acceptance (SVC-ACCEPT), or the
    /// 补齐补正 under way after acceptance (SVC-SPECIAL); `None` otherwise.
    pub fn requested_materials(&self) -> Option<&[MaterialDefect]> {
        match self.status {
            Status::AwaitingSupplement => self.notices.last().map(|n| n.defects.as_slice()),
            Status::Special => self
                .open_special()
                .filter(|record| record.procedure == SpecialProcedure::Supplement)
                .map(|record| record.defects.as_slice()),
            _ => None,
        }
    }

    /// SVC-PROMISE: the promised due instant, paused time not counted.
    pub fn promised_due(&self, calendar: &Calendar) -> Option<Instant> {
        self.clock(ClockKind::Promise, None)
            .map(|clock| clock.clock.due(calendar).at)
    }

    /// SVC-PROMISE: accepted, not decided, and past the promised due time at `now`
    /// (a 超期办件 for e-supervision), or decided after it.
    pub fn is_overdue(&self, calendar: &Calendar, now: Instant) -> bool {
        let Some(promise) = self.clock(ClockKind::Promise, None) else {
            return false;
        };
        let at = promise.stopped_at.unwrap_or(now);
        !promise.clock.is_met(calendar, at)
    }

    /// SVC-STATUS: every step with its start, end and duration, for the applicant.
    pub fn progress(&self, calendar: &Calendar, now: Instant) -> Vec<StepProgress> {
        self.steps
            .iter()
            .map(|step| {
                let until = step.end.unwrap_or(now);
                StepProgress {
                    name: step.name.clone(),
                    unit: step.unit,
                    start: step.start,
                    end: step.end,
                    duration_millis: until.millis() - step.start.millis(),
                    working_millis: calendar.working_millis_between(step.start, until),
                    note: step.note.clone(),
                }
            })
            .collect()
    }
}
