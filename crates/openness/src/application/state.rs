//! The state of a disclosure application (PUB-APPLY, PUB-ANSWER): its status, what was
//! filed, the supplement notice, the consultations, the extension, the answer, and the
//! clocks it runs on the kernel (the answer limit, the applicant's supplement period, the
//! third party's limit), each a [`SubjectClock`] with its start, limit and pauses.

use calendar::{Instant, Limit};
use platform::workflow::{ClockRule, SubjectClock};

use crate::application::{AnswerNotice, Filing, Form, Outcome};
use crate::{ApplicationId, UnitId, UserId};

/// Where the application is. [`crate::application::TRANSITIONS`] says which command leads
/// from which to which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Status {
    /// 已登记: received and registered in the ledger (登记台帐); the answer clock runs.
    Received,
    /// 待补正: a supplement notice was sent; the applicant's period runs.
    Supplementing,
    /// 办理中.
    InHandling,
    /// 征求第三方意见: the answer clock is paused (CAL-PAUSE).
    ThirdPartyConsultation,
    /// 征求其他机关意见: the answer clock is paused (CAL-PAUSE).
    AgencyConsultation,
    /// 已答复: the answer notice is issued.
    Answered,
    /// 已办结: the notice is delivered, or the applicant withdrew.
    Concluded,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Received,
        Status::Supplementing,
        Status::InHandling,
        Status::ThirdPartyConsultation,
        Status::AgencyConsultation,
        Status::Answered,
        Status::Concluded,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Supplementing => "supplementing",
            Status::InHandling => "in_handling",
            Status::ThirdPartyConsultation => "third_party_consultation",
            Status::AgencyConsultation => "agency_consultation",
            Status::Answered => "answered",
            Status::Concluded => "concluded",
        }
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            Status::Received => "已登记",
            Status::Supplementing => "待补正",
            Status::InHandling => "办理中",
            Status::ThirdPartyConsultation => "征求第三方意见",
            Status::AgencyConsultation => "征求其他机关意见",
            Status::Answered => "已答复",
            Status::Concluded => "已办结",
        }
    }

    /// No command leads out of it.
    pub const fn is_final(self) -> bool {
        matches!(self, Status::Concluded)
    }
}

/// The clocks an application runs; each names its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ClockKind {
    /// PUB-APPLY: the answer within `openness.application_answer` of receipt (or of the
    /// corrected application), extended once by at most `openness.application_extension`;
    /// paused while a third party or another agency is consulted (CAL-PAUSE).
    Answer,
    /// PUB-APPLY: the applicant's period to hand in the correction, as the notice set it.
    ApplicantSupplement,
    /// PUB-APPLY: the third party's `openness.third_party_opinion` to give its opinion.
    ThirdPartyOpinion,
}

impl ClockRule for ClockKind {
    fn rule_id(self) -> &'static str {
        "PUB-APPLY"
    }

    fn code(self) -> String {
        match self {
            ClockKind::Answer => "answer",
            ClockKind::ApplicantSupplement => "applicant_supplement",
            ClockKind::ThirdPartyOpinion => "third_party_opinion",
        }
        .into()
    }
}

/// A clock of the application, the kernel's [`SubjectClock`].
pub type ApplicationClock = SubjectClock<ClockKind>;

/// The one supplement notice (一次性告知补正, PUB-APPLY).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Supplement {
    /// What to correct or add, every item at once.
    pub items: Vec<String>,
    /// The applicant's period, as the notice set it.
    #[serde(with = "platform::snapshot::limit")]
    pub period: Limit,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
    /// The description as first filed, kept when the correction replaces it.
    pub original_description: String,
    /// When the corrected application came in; the answer clock restarted then.
    #[serde(with = "platform::snapshot::opt_instant")]
    pub corrected_at: Option<Instant>,
}

/// Who is consulted while the answer clock is paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ConsultationKind {
    /// 第三方 (PUB-ANSWER: its written opinion where its interests are touched).
    ThirdParty,
    /// 其他机关.
    Agency,
}

/// The third party's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ThirdPartyOpinion {
    /// 同意公开.
    Consents,
    /// 不同意公开 (with reasons).
    Objects,
    /// 逾期未提出意见 (only once its limit has passed).
    NoAnswer,
}

impl ThirdPartyOpinion {
    pub const fn label_zh(self) -> &'static str {
        match self {
            ThirdPartyOpinion::Consents => "同意公开",
            ThirdPartyOpinion::Objects => "不同意公开",
            ThirdPartyOpinion::NoAnswer => "逾期未提出意见",
        }
    }
}

/// One consultation (CAL-PAUSE: the answer clock was paused from `at` to `replied_at`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Consultation {
    pub kind: ConsultationKind,
    /// The third party or agency consulted.
    pub party: String,
    /// What it is asked about.
    pub matter: String,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
    #[serde(with = "platform::snapshot::opt_instant")]
    pub replied_at: Option<Instant>,
    /// The third party's opinion; `None` for an agency or while waiting.
    pub opinion: Option<ThirdPartyOpinion>,
    /// The reply as written.
    pub reply: String,
}

/// The one extension (PUB-APPLY): approved by the office head, told to the applicant.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Extension {
    #[serde(with = "platform::snapshot::limit")]
    pub amount: Limit,
    pub reason: String,
    /// The office head who approved it.
    pub approved_by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
    /// The new due instant, as told to the applicant (延期答复告知书).
    #[serde(with = "platform::snapshot::instant")]
    pub due: Instant,
}

/// The answer (PUB-ANSWER).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Answer {
    pub outcome: Outcome,
    pub notice: AnswerNotice,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
    /// Whether it was answered by the due instant of the answer clock.
    pub in_time: bool,
}

/// How the answer reached the applicant (送达, PUB-APPLY: oral answers recorded with evidence).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Delivery {
    /// 送达方式: 邮寄, 电子邮件, 网上下载, 当面领取 …
    pub way: String,
    /// The evidence: a postal receipt number, the signature, the download log.
    pub evidence: String,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

/// A disclosure application (依申请公开申请).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Application {
    pub id: ApplicationId,
    /// The unit that answers it (the agency applied to).
    pub unit: UnitId,
    pub status: Status,
    pub filing: Filing,
    /// When it was received (the answer clock's first start).
    #[serde(with = "platform::snapshot::instant")]
    pub received_at: Instant,
    pub supplement: Option<Supplement>,
    pub consultations: Vec<Consultation>,
    pub extension: Option<Extension>,
    pub answer: Option<Answer>,
    pub delivery: Option<Delivery>,
    /// Withdrawn by the applicant, with the reason given; concluded as 其他处理.
    pub withdrawal: Option<String>,
    #[serde(with = "platform::snapshot::opt_instant")]
    pub concluded_at: Option<Instant>,
    pub clocks: Vec<ApplicationClock>,
}

impl Application {
    /// The answer clock running now (the one restarted after a correction).
    pub fn answer_clock(&self) -> Option<&ApplicationClock> {
        self.clocks
            .iter()
            .rev()
            .find(|clock| clock.kind == ClockKind::Answer && clock.is_running())
    }

    pub(crate) fn answer_clock_mut(&mut self) -> Option<&mut ApplicationClock> {
        self.clocks
            .iter_mut()
            .rev()
            .find(|clock| clock.kind == ClockKind::Answer && clock.is_running())
    }

    pub(crate) fn running_clock_mut(&mut self, kind: ClockKind) -> Option<&mut ApplicationClock> {
        self.clocks
            .iter_mut()
            .rev()
            .find(|clock| clock.kind == kind && clock.is_running())
    }

    /// The consultation awaiting its reply.
    pub fn open_consultation(&self) -> Option<&Consultation> {
        self.consultations
            .last()
            .filter(|consultation| consultation.replied_at.is_none())
    }

    /// The outcome for table 三: the answer's, or 其他处理 for a withdrawal.
    pub fn outcome(&self) -> Option<Outcome> {
        match (&self.answer, &self.withdrawal) {
            (Some(answer), _) => Some(answer.outcome),
            (None, Some(_)) => Some(Outcome::Other(crate::application::OtherReason::Other)),
            (None, None) => None,
        }
    }

    /// When it was decided for table 三: the answer's instant, or the withdrawal's.
    pub fn decided_at(&self) -> Option<Instant> {
        match &self.answer {
            Some(answer) => Some(answer.at),
            None => self.withdrawal.as_ref().and(self.concluded_at),
        }
    }

    /// The requested form, for the notice.
    pub fn form(&self) -> Form {
        self.filing.form
    }
}
