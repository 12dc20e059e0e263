//! The state of a work order: its status, units, clocks (`clocks.rs`) and the records each
//! step leaves.

use calendar::{Instant, Limit};

use crate::appeal::{Category, EmergencyLine, HandlingClass, Intake};
use crate::evaluation::Rating;
use crate::kb::EntryRef;
use crate::order::command::{ContactOutcome, HandlingResult, ReplyChannel, ReviewForm};
use crate::refuse::RefuseReason;
use crate::{AppealId, UnitId};

use super::clocks::{ClockKind, OrderClock};

/// Where the order is. `Status::ALL` lists them; [`crate::order::TRANSITIONS`] says which
/// command leads from which to which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Status {
    /// 已登记: registered, no disposition yet (HL-REGISTER).
    Registered,
    /// 即办办结: answered from the knowledge base (HL-INSTANT). Final.
    AnsweredFromKb,
    /// 不予受理: refused with one of the eight reasons (HL-REFUSE). Final.
    Refused,
    /// 已转紧急热线 (HL-EMERGENCY). Final.
    TransferredToEmergency,
    /// 已并案: merged into an open appeal (HL-MERGE). Final.
    Merged,
    /// 待签收: dispatched, the lead unit has not signed (HL-DISPATCH, HL-SIGN).
    Dispatched,
    /// 已退回: returned by the lead unit, waits for re-dispatch (HL-RETURN).
    Returned,
    /// 办理中: signed by the lead unit (HL-LIMITS).
    Handling,
    /// 挂账中: on the hanging ledger (HL-HANG).
    Hung,
    /// 待审核: result submitted, waits for the unit leader (HL-RESULT).
    ResultSubmitted,
    /// 待回复: result approved and fed back; the hotline replies (HL-REPLY).
    ResultApproved,
    /// 待回访: replied; the callback follows (HL-CALLBACK).
    Replied,
    /// 复核中: unsatisfied; the hotline reviews with the unit (HL-CALLBACK).
    UnderReview,
    /// 待提交审核反馈表: unsatisfied after the last round (HL-CALLBACK).
    AwaitingReviewForm,
    /// 审核反馈表核查中 (HL-CALLBACK).
    FormUnderReview,
    /// 已办结 (HL-CALLBACK, HL-REPLY).
    Closed,
    /// 已归档 (HL-ARCHIVE). Final.
    Archived,
    /// 已撤单 (HL-WITHDRAW). Final.
    Withdrawn,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 18] = [
        Status::Registered,
        Status::AnsweredFromKb,
        Status::Refused,
        Status::TransferredToEmergency,
        Status::Merged,
        Status::Dispatched,
        Status::Returned,
        Status::Handling,
        Status::Hung,
        Status::ResultSubmitted,
        Status::ResultApproved,
        Status::Replied,
        Status::UnderReview,
        Status::AwaitingReviewForm,
        Status::FormUnderReview,
        Status::Closed,
        Status::Archived,
        Status::Withdrawn,
    ];

    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Status::Registered => "registered",
            Status::AnsweredFromKb => "answered_from_kb",
            Status::Refused => "refused",
            Status::TransferredToEmergency => "transferred_to_emergency",
            Status::Merged => "merged",
            Status::Dispatched => "dispatched",
            Status::Returned => "returned",
            Status::Handling => "handling",
            Status::Hung => "hung",
            Status::ResultSubmitted => "result_submitted",
            Status::ResultApproved => "result_approved",
            Status::Replied => "replied",
            Status::UnderReview => "under_review",
            Status::AwaitingReviewForm => "awaiting_review_form",
            Status::FormUnderReview => "form_under_review",
            Status::Closed => "closed",
            Status::Archived => "archived",
            Status::Withdrawn => "withdrawn",
        }
    }

    /// The Chinese label.
    pub const fn label_zh(self) -> &'static str {
        match self {
            Status::Registered => "已登记",
            Status::AnsweredFromKb => "即办办结",
            Status::Refused => "不予受理",
            Status::TransferredToEmergency => "已转紧急热线",
            Status::Merged => "已并案",
            Status::Dispatched => "待签收",
            Status::Returned => "已退回",
            Status::Handling => "办理中",
            Status::Hung => "挂账中",
            Status::ResultSubmitted => "待领导审核",
            Status::ResultApproved => "待回复",
            Status::Replied => "待回访",
            Status::UnderReview => "复核中",
            Status::AwaitingReviewForm => "待提交审核反馈表",
            Status::FormUnderReview => "审核反馈表核查中",
            Status::Closed => "已办结",
            Status::Archived => "已归档",
            Status::Withdrawn => "已撤单",
        }
    }

    /// No command leads out of it.
    pub const fn is_final(self) -> bool {
        matches!(
            self,
            Status::AnsweredFromKb
                | Status::Refused
                | Status::TransferredToEmergency
                | Status::Merged
                | Status::Archived
                | Status::Withdrawn
        )
    }

    /// HL-WITHDRAW: the appellant may still withdraw (not concluded).
    pub const fn is_open(self) -> bool {
        !self.is_final() && !matches!(self, Status::Closed)
    }

    /// HL-MERGE: a same or related appeal is merged into this one (not yet replied to).
    pub const fn accepts_merge(self) -> bool {
        matches!(
            self,
            Status::Registered
                | Status::Dispatched
                | Status::Returned
                | Status::Handling
                | Status::Hung
                | Status::ResultSubmitted
                | Status::ResultApproved
        )
    }
}

/// Lead (主办) or assisting (协办) unit (HL-DISPATCH).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum UnitRole {
    /// 主办.
    Lead,
    /// 协办.
    Assisting,
}

/// A unit the order is dispatched to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Assignment {
    /// The unit.
    pub unit: UnitId,
    /// Lead or assisting.
    pub role: UnitRole,
    /// When it signed (HL-SIGN).
    #[serde(with = "crate::snapshot::opt_instant")]
    pub signed_at: Option<Instant>,
    /// An assisting unit's contribution to the lead's result.
    pub contribution: Option<String>,
    /// HL-PRIVACY: on a complaint or report, the hotline found at dispatch that the unit is
    /// neither the accused nor an interested party, so as lead it may contact the appellant.
    #[serde(default)]
    pub contact_cleared: bool,
    /// HL-LIMITS: the unit serves 7×24 (water, power, gas, heating): its clocks run in
    /// natural time.
    #[serde(default)]
    pub round_the_clock: bool,
}

/// A return by a unit (HL-RETURN): both the legal basis and the call record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReturnRecord {
    /// The unit that returned.
    pub unit: UnitId,
    /// The law or policy cited.
    pub legal_basis: String,
    /// The record of the phone call with the hotline.
    pub call_record: String,
    /// When.
    #[serde(with = "crate::snapshot::instant")]
    pub at: Instant,
}

/// An extension granted (HL-EXTEND).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExtensionRecord {
    /// How much was added to the handling clock's due time.
    #[serde(with = "crate::snapshot::limit")]
    pub amount: Limit,
    /// Why.
    pub reason: String,
    /// When it was applied for.
    #[serde(with = "crate::snapshot::instant")]
    pub at: Instant,
    /// The due instant after it.
    #[serde(with = "crate::snapshot::instant")]
    pub new_due: Instant,
}

/// A hanging-ledger entry (HL-HANG), made when the hotline approves the unit's application.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HangRecord {
    /// 挂账事项范围: one of the profile's `hotline.hang_scopes`.
    pub scope: String,
    /// Why it cannot be solved in a short time.
    #[serde(default)]
    pub reason: String,
    /// The planned date of solution (the ledger clock's due instant).
    #[serde(default, with = "crate::snapshot::opt_instant")]
    pub planned: Option<Instant>,
    /// 挂账标准 (what solved means).
    pub standard: String,
    /// The next supervision reminder (监督提醒).
    #[serde(with = "crate::snapshot::instant")]
    pub review_by: Instant,
    /// When it was hung.
    #[serde(with = "crate::snapshot::instant")]
    pub hung_at: Instant,
    /// When it was taken off (销账).
    #[serde(with = "crate::snapshot::opt_instant")]
    pub unhung_at: Option<Instant>,
}

/// What a unit applies to the hotline for (HL-EXTEND, HL-HANG).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ApplicationKind {
    /// 申请延期: the amount to add to the handling clock, and the explanation the unit gives
    /// the appellant when it is approved (由承办单位向诉求人做好解释沟通).
    Extension {
        /// How much.
        #[serde(with = "crate::snapshot::limit")]
        amount: Limit,
        /// The text sent to the appellant.
        explanation: String,
    },
    /// 申请挂账: scope category, standard of solution and planned date.
    Hang {
        /// 挂账事项范围.
        scope: String,
        /// 挂账标准.
        standard: String,
        /// The planned date of solution, at the close of that working day.
        #[serde(with = "crate::snapshot::instant")]
        planned: Instant,
    },
}

/// A unit's application waiting for the hotline's decision.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Application {
    /// What is applied for.
    pub kind: ApplicationKind,
    /// The applying unit (the lead).
    pub unit: UnitId,
    /// Why.
    pub reason: String,
    /// When.
    #[serde(with = "crate::snapshot::instant")]
    pub at: Instant,
}

/// A unit's report to the business-environment bureau after a 催办 that it cannot feed back
/// within the urge limit (HL-REMIND, 000 §12345-11).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UrgeReport {
    /// The reporting unit.
    pub unit: UnitId,
    /// Its reasons.
    pub reason: String,
    /// When.
    #[serde(with = "crate::snapshot::instant")]
    pub at: Instant,
    /// The bureau's decision: accepted (with the new feedback due) or refused.
    pub accepted: Option<bool>,
    /// The bureau's note.
    #[serde(default)]
    pub note: String,
}

/// One try to reply to the appellant (HL-REPLY).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReplyAttempt {
    /// Phone or SMS.
    pub channel: ReplyChannel,
    /// Reached or not.
    pub outcome: ContactOutcome,
    /// What was said or tried.
    pub note: String,
    /// When.
    #[serde(with = "crate::snapshot::instant")]
    pub at: Instant,
}

/// One callback (HL-CALLBACK).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CallbackRecord {
    /// The handling round it concerns (1-based).
    pub round: u32,
    /// The appellant's rating (EVAL-ALL).
    pub rating: Rating,
    /// Satisfied per EVAL-BAD's threshold.
    pub satisfied: bool,
    /// The comment.
    pub comment: String,
    /// When.
    #[serde(with = "crate::snapshot::instant")]
    pub at: Instant,
}

/// How an order was disposed of at intake (final statuses before dispatch).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Disposition {
    /// HL-INSTANT: the entry used.
    AnsweredFromKb(EntryRef),
    /// HL-REFUSE: the reason and the explanation given.
    Refused {
        /// One of the eight.
        reason: RefuseReason,
        /// What the operator explained.
        explanation: String,
    },
    /// HL-EMERGENCY: the line.
    TransferredToEmergency {
        /// 110, 119, 120 or 122.
        line: EmergencyLine,
        /// What was transferred.
        note: String,
    },
    /// HL-MERGE: the open appeal it joined.
    MergedInto(AppealId),
}

/// How an order was concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Closure {
    /// The appellant was satisfied at the callback.
    Satisfied,
    /// Unsatisfied, but the review found the handling adequate.
    ReviewedAdequate,
    /// After the signed review form, the review found the result compliant.
    FormReviewed,
    /// The appellant could not be reached within the retry window.
    Unreachable,
}

/// The work order of one appeal, from registration to archive.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Order {
    /// Where it is.
    pub status: Status,
    /// What was registered.
    pub intake: Intake,
    /// When.
    #[serde(with = "crate::snapshot::instant")]
    pub registered_at: Instant,
    /// The disposition at intake, if not dispatched.
    pub disposition: Option<Disposition>,
    /// The class chosen at dispatch.
    pub class: Option<HandlingClass>,
    /// The handling limit in force (class limit, or the one promised under HL-MAJOR).
    #[serde(with = "crate::snapshot::opt_limit")]
    pub handling_limit: Option<Limit>,
    /// The current dispatch's units, the lead first.
    pub assignments: Vec<Assignment>,
    /// Every clock ever started, in order.
    pub clocks: Vec<OrderClock>,
    /// Returns (HL-RETURN).
    pub returns: Vec<ReturnRecord>,
    /// Extensions granted (HL-EXTEND), over the whole order.
    pub extensions: Vec<ExtensionRecord>,
    /// Hanging-ledger entries (HL-HANG); the last may be open.
    pub hangs: Vec<HangRecord>,
    /// The unit's application waiting for the hotline (HL-EXTEND, HL-HANG).
    #[serde(default)]
    pub application: Option<Application>,
    /// Reports to the business-environment bureau after urges (HL-REMIND).
    #[serde(default)]
    pub urge_reports: Vec<UrgeReport>,
    /// HL-LIMITS: the limit set by law in force for this dispatch, with its basis.
    #[serde(default)]
    pub legal_basis: Option<String>,
    /// HL-MAJOR initial opinion.
    pub major_initial: Option<String>,
    /// HL-MAJOR progress report.
    pub major_progress: Option<String>,
    /// Results submitted, one per handling (HL-RESULT); the last is current.
    pub results: Vec<HandlingResult>,
    /// Urge notices sent (HL-REMIND).
    #[serde(with = "crate::snapshot::vec_instant")]
    pub urges: Vec<Instant>,
    /// Reply tries (HL-REPLY) of the current round.
    pub reply_attempts: Vec<ReplyAttempt>,
    /// Handling round, 1-based (HL-CALLBACK).
    pub round: u32,
    /// Callbacks (HL-CALLBACK).
    pub callbacks: Vec<CallbackRecord>,
    /// The head-signed review forms (HL-CALLBACK).
    pub review_forms: Vec<ReviewForm>,
    /// Appeals merged into this one (HL-MERGE).
    pub merged_sources: Vec<AppealId>,
    /// How it was concluded.
    pub closure: Option<Closure>,
}

impl Order {
    /// The lead unit of the current dispatch.
    pub fn lead(&self) -> Option<UnitId> {
        self.assignments
            .iter()
            .find(|assignment| assignment.role == UnitRole::Lead)
            .map(|assignment| assignment.unit)
    }

    /// The running clock of `kind` for `unit`, if any.
    pub fn running_clock(&self, kind: ClockKind, unit: Option<UnitId>) -> Option<&OrderClock> {
        self.clocks
            .iter()
            .rev()
            .find(|clock| clock.kind == kind && clock.unit == unit && clock.is_running())
    }

    /// The clocks still running.
    pub fn running_clocks(&self) -> impl Iterator<Item = &OrderClock> {
        self.clocks.iter().filter(|clock| clock.is_running())
    }

    /// The assignment of `unit` in the current dispatch.
    pub fn assignment(&self, unit: UnitId) -> Option<&Assignment> {
        self.assignments
            .iter()
            .find(|assignment| assignment.unit == unit)
    }

    /// HL-PRIVACY: whether `unit` may reveal the appellant's contact to answer and explain
    /// (谁承办、谁答复): only the lead, never when the appellant asked for confidentiality,
    /// and on a complaint or report only when the dispatch cleared it (the accused or an
    /// interested party never is).
    pub fn unit_may_contact(&self, unit: UnitId) -> bool {
        let Some(assignment) = self.assignment(unit) else {
            return false;
        };
        assignment.role == UnitRole::Lead
            && !self.intake.confidential
            && (self.intake.category != Category::ComplaintReport || assignment.contact_cleared)
    }

    /// The last urge report, if it waits for the bureau's decision.
    pub fn pending_urge_report(&self) -> Option<&UrgeReport> {
        self.urge_reports
            .last()
            .filter(|report| report.accepted.is_none())
    }

    /// The open hanging-ledger entry.
    pub fn open_hang(&self) -> Option<&HangRecord> {
        self.hangs.last().filter(|hang| hang.unhung_at.is_none())
    }
}
