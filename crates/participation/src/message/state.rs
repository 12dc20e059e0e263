//! The state of a message (MSG-*): its status, what was filed, where it was routed, the
//! transfer to 12345, the complex mark and extension, the reply and its reviews, the
//! publication decision, the writer's rating, and the reply clock on the kernel.

use calendar::{Instant, Limit};
use platform::workflow::{ClockRule, SubjectClock};

use crate::message::{Filing, WithholdReason};
use crate::{MessageId, UnitId, UserId};

/// Where the message is. [`crate::message::TRANSITIONS`] says which command leads where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Status {
    /// 待分办: received; the site's editors or the petition bureau route it (MSG-ROUTE).
    Received,
    /// 办理中: with the competent unit.
    Routed,
    /// 待审核: the unit replied; the reply is reviewed before publication (MSG-REVIEW).
    Replied,
    /// 待发布: the reply is approved; the publication is decided (MSG-PUBLISH).
    Approved,
    /// 已公开.
    Published,
    /// 不予公开: answered to the writer, not published, with the reason recorded.
    NotPublished,
    /// 已转12345: handled as a hotline order on the order's clock.
    Transferred,
    /// 无效留言: not a matter for reply (recorded with the reason).
    Invalid,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Received,
        Status::Routed,
        Status::Replied,
        Status::Approved,
        Status::Published,
        Status::NotPublished,
        Status::Transferred,
        Status::Invalid,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Routed => "routed",
            Status::Replied => "replied",
            Status::Approved => "approved",
            Status::Published => "published",
            Status::NotPublished => "not_published",
            Status::Transferred => "transferred",
            Status::Invalid => "invalid",
        }
    }

    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.code() == code)
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            Status::Received => "待分办",
            Status::Routed => "办理中",
            Status::Replied => "答复待审核",
            Status::Approved => "待发布",
            Status::Published => "已答复并公开",
            Status::NotPublished => "已答复（不公开）",
            Status::Transferred => "已转12345热线",
            Status::Invalid => "无效留言",
        }
    }

    /// The writer has the reply (approved, whether published or not).
    pub const fn is_answered(self) -> bool {
        matches!(
            self,
            Status::Approved | Status::Published | Status::NotPublished
        )
    }
}

/// The clocks a message runs; each names its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ClockKind {
    /// MSG-LIMITS: the reply within the channel's limit of receipt, counted from receipt
    /// while the message moves between the site and the competent unit.
    Reply,
}

impl ClockRule for ClockKind {
    fn rule_id(self) -> &'static str {
        "MSG-LIMITS"
    }

    fn code(self) -> String {
        "reply".into()
    }
}

/// A clock of the message, the kernel's [`SubjectClock`].
pub type MessageClock = SubjectClock<ClockKind>;

/// One routing to a unit (MSG-ROUTE), or its return by the unit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Routing {
    pub unit: UnitId,
    pub note: String,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
    /// The unit's reason when it returned the message as not its matter.
    pub returned: Option<String>,
}

/// The transfer to the 12345 hotline (MSG-ROUTE): the order's number once it exists.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Transfer {
    pub note: String,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
    pub order_id: Option<i64>,
    pub order_number: Option<String>,
}

/// The extension or complex-case mark (MSG-LIMITS).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Extension {
    #[serde(with = "platform::snapshot::limit")]
    pub amount: Limit,
    pub reason: String,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

/// The competent unit's reply.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Reply {
    pub unit: UnitId,
    pub text: String,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

/// One review of a reply (MSG-REVIEW).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Review {
    pub approved: bool,
    pub note: String,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

/// The publication decision (MSG-PUBLISH).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Publication {
    /// `None`: published; otherwise why not.
    pub withheld: Option<WithholdReason>,
    pub note: String,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

/// The writer's rating (MSG-QUERY), each 1 (很不满意) to 5 (非常满意).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rating {
    pub timeliness: u8,
    pub quality: u8,
    pub comment: String,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

impl Rating {
    /// The worse of the two, the level the evaluation records.
    pub fn level(&self) -> u8 {
        self.timeliness.min(self.quality)
    }
}

/// The knowledge-base entry drafted from a published message's question and reply
/// (MSG-PUBLISH: frequent questions become FAQ entries; the entry is reviewed as usual).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FaqLink {
    /// The `kb_entries` id of the draft.
    pub entry: i64,
    /// The unit owning the entry (the replying unit: 谁提供、谁维护).
    pub owner: UnitId,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

/// A message (留言).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Message {
    pub id: MessageId,
    /// The unit whose site received it (its editors route and publish).
    pub site_unit: UnitId,
    pub filing: Filing,
    pub status: Status,
    #[serde(with = "platform::snapshot::instant")]
    pub received_at: Instant,
    /// The competent unit it is with now.
    pub unit: Option<UnitId>,
    pub routings: Vec<Routing>,
    pub transfer: Option<Transfer>,
    pub complex: Option<Extension>,
    pub extension: Option<Extension>,
    pub reply: Option<Reply>,
    pub reviews: Vec<Review>,
    /// Whether the approved reply was in time (the reply clock met).
    pub in_time: Option<bool>,
    #[serde(with = "platform::snapshot::opt_instant")]
    pub answered_at: Option<Instant>,
    pub publication: Option<Publication>,
    pub rating: Option<Rating>,
    pub invalid: Option<String>,
    pub clocks: Vec<MessageClock>,
    /// The FAQ entry drafted from it, once promoted (snapshots before it have none).
    #[serde(default)]
    pub faq: Option<FaqLink>,
}

impl Message {
    /// The reply clock running now.
    pub fn reply_clock(&self) -> Option<&MessageClock> {
        self.clocks
            .iter()
            .rev()
            .find(|clock| clock.kind == ClockKind::Reply && clock.is_running())
    }

    pub(crate) fn reply_clock_mut(&mut self) -> Option<&mut MessageClock> {
        self.clocks
            .iter_mut()
            .rev()
            .find(|clock| clock.kind == ClockKind::Reply && clock.is_running())
    }

    /// The unit answerable for it now: the competent unit, or the site's unit before
    /// routing.
    pub fn answerable_unit(&self) -> UnitId {
        self.unit.unwrap_or(self.site_unit)
    }
}
