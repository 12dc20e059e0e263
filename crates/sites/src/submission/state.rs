//! The state of a submission (报送信息, WEB-SUBMIT): its status, what it says, the leader's
//! approval, the send-backs, the editors' decision and the clock of their handling. The
//! author's mobile is not in the snapshot: it is sealed in its own column
//! (`platform::personal`).

use calendar::Instant;
use platform::workflow::{ClockRule, SubjectClock};

use crate::{ArticleId, ColumnId, SiteId, SubmissionId, UnitId, UserId};

/// Where the submission is. [`crate::submission::TRANSITIONS`] says which command leads from
/// which to which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Status {
    /// 草稿: written by the unit's staff (or sent back by its leader).
    Draft,
    /// 待单位领导审核: with a leader of the unit (004 §26: 经分管领导审核同意).
    AtLeader,
    /// 待采编: received by the site's editors; their clock runs (004 §27).
    AtEditors,
    /// 已采用: a draft article of the column. Final.
    Adopted,
    /// 已退回: the editors returned it with a reason. Final (the unit writes a new one).
    Returned,
    /// 已撤回: withdrawn by its writer before it reached the editors. Final.
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Draft,
        Status::AtLeader,
        Status::AtEditors,
        Status::Adopted,
        Status::Returned,
        Status::Withdrawn,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::AtLeader => "at_leader",
            Status::AtEditors => "at_editors",
            Status::Adopted => "adopted",
            Status::Returned => "returned",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            Status::Draft => "草稿",
            Status::AtLeader => "待单位领导审核",
            Status::AtEditors => "待采编",
            Status::Adopted => "已采用",
            Status::Returned => "已退回",
            Status::Withdrawn => "已撤回",
        }
    }

    pub const fn is_final(self) -> bool {
        matches!(self, Status::Adopted | Status::Returned | Status::Withdrawn)
    }
}

/// What a unit submits (004 §28: 单位、作者姓名、手机号码、信息名称，图片必须命名), as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionInput {
    /// The column it proposes (the site is the column's).
    pub column: ColumnId,
    /// 作者姓名.
    pub author: String,
    /// 手机号码: sealed on storage, never in the snapshot.
    pub mobile: String,
    /// 信息名称.
    pub title: String,
    /// The body as HTML; cleaned by [`crate::sanitize`] before it is judged or stored.
    pub body: String,
    /// 重大信息: its principal approves it (004 §26).
    pub major: bool,
}

/// A leader's approval (004 §26): 分管领导审核同意, or for a major item 主要领导审核同意.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Approval {
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
    /// Approved as the unit's principal (a major item).
    pub as_principal: bool,
    pub opinion: String,
}

/// A send-back by the unit's leader, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SendBack {
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
    pub reason: String,
}

/// What the editors did with it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Outcome {
    /// 采用: drafted as `article` in `column`.
    Adopted {
        article: ArticleId,
        column: ColumnId,
    },
    /// 退回, with the reason.
    Returned { reason: String },
}

/// The editors' decision.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Decision {
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
    pub outcome: Outcome,
}

/// The clock a submission runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ClockKind {
    /// WEB-SUBMIT (004 §27: 接到上报信息后，编辑、发布时间一般不得超1个工作日): from receipt to
    /// the editors' adoption or return, `website.submission_publish`.
    Handling,
}

impl ClockRule for ClockKind {
    fn rule_id(self) -> &'static str {
        "WEB-SUBMIT"
    }

    fn code(self) -> String {
        "handling".into()
    }
}

/// A clock of a submission, the kernel's [`SubjectClock`].
pub type SubmissionClock = SubjectClock<ClockKind>;

/// A submission of a unit to a site.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Submission {
    pub id: SubmissionId,
    pub site: SiteId,
    /// The column proposed.
    pub column: ColumnId,
    /// 报送单位: the writer's unit.
    pub unit: UnitId,
    pub unit_name: String,
    /// The staff user who wrote it.
    pub writer: UserId,
    /// 作者姓名.
    pub author: String,
    pub title: String,
    /// Sanitised HTML.
    pub body: String,
    pub major: bool,
    pub status: Status,
    /// The approval that sent it (the latest).
    pub approval: Option<Approval>,
    pub send_backs: Vec<SendBack>,
    /// 接到上报信息: when it reached the editors (the week it counts for, WEB-SUBMIT).
    #[serde(with = "platform::snapshot::opt_instant")]
    pub received_at: Option<Instant>,
    pub decision: Option<Decision>,
    #[serde(with = "platform::snapshot::opt_instant")]
    pub withdrawn_at: Option<Instant>,
    pub clocks: Vec<SubmissionClock>,
    #[serde(with = "platform::snapshot::instant")]
    pub created_at: Instant,
}

impl Submission {
    /// The article it became, once adopted.
    pub fn article(&self) -> Option<ArticleId> {
        match self.decision.as_ref().map(|d| &d.outcome) {
            Some(Outcome::Adopted { article, .. }) => Some(*article),
            _ => None,
        }
    }

    /// The editors' reason of a return.
    pub fn return_reason(&self) -> Option<&str> {
        match self.decision.as_ref().map(|d| &d.outcome) {
            Some(Outcome::Returned { reason }) => Some(reason),
            _ => None,
        }
    }

    /// The leader's send-back the draft waits on, if it is one.
    pub fn open_send_back(&self) -> Option<&SendBack> {
        self.send_backs
            .last()
            .filter(|_| self.status == Status::Draft)
    }
}
