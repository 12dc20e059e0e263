//! The state of an article (稿件): its status in the 三审三校 workflow (WEB-REVIEW), its
//! content with a policy document's elements (WEB-ARTICLE), the sign-offs and send-backs of
//! each round, publication and withdrawal, the validity mark (PUB-ABOLISH) and the digest of
//! the approved content (SEC-TAMPER).

use calendar::Instant;
use chrono::NaiveDate;
use sm3::{Digest, Sm3};

use platform::workflow::SubjectClock;

use crate::article::{ArticleClock, MapMark, Marks, Repost};
use crate::{ArticleId, ColumnId, SiteId, UnitId, UserId};

/// Where the article is. [`crate::article::TRANSITIONS`] says which command leads from which
/// to which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Status {
    /// 草稿: written or sent back by the column's editors.
    Draft,
    /// 待审核: with the responsible unit's reviewer (二审).
    AtReviewer,
    /// 待领导审批: a major article, with a leader (WEB-REVIEW: 重大信息).
    AtLeader,
    /// 待签发: with the site's publisher (三审).
    AtPublisher,
    /// 定时发布: approved, goes out at its publish-at instant.
    Scheduled,
    /// 已发布.
    Published,
    /// 已撤稿: withdrawn from the site, kept in the archive (WEB-ARCHIVE). Final.
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Draft,
        Status::AtReviewer,
        Status::AtLeader,
        Status::AtPublisher,
        Status::Scheduled,
        Status::Published,
        Status::Withdrawn,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::AtReviewer => "at_reviewer",
            Status::AtLeader => "at_leader",
            Status::AtPublisher => "at_publisher",
            Status::Scheduled => "scheduled",
            Status::Published => "published",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            Status::Draft => "草稿",
            Status::AtReviewer => "待审核",
            Status::AtLeader => "待领导审批",
            Status::AtPublisher => "待签发",
            Status::Scheduled => "定时发布",
            Status::Published => "已发布",
            Status::Withdrawn => "已撤稿",
        }
    }

    pub const fn is_final(self) -> bool {
        matches!(self, Status::Withdrawn)
    }
}

/// 有效性 of a policy document (PUB-ABOLISH): marked, never deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Validity {
    /// 有效.
    Valid,
    /// 废止: repealed by a later decision.
    Abolished,
    /// 失效: lapsed (its term ended, its object is gone).
    Expired,
}

impl Validity {
    pub const fn label_zh(self) -> &'static str {
        match self {
            Validity::Valid => "有效",
            Validity::Abolished => "废止",
            Validity::Expired => "失效",
        }
    }
}

/// A validity mark: since when and why (PUB-ABOLISH).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ValidityMark {
    pub validity: Validity,
    /// The date it took effect.
    #[serde(with = "crate::serde_date")]
    pub since: NaiveDate,
    /// E.g. 被《…》（甘州政发〔2025〕3号）废止.
    pub note: String,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
}

/// A policy document's elements (WEB-ARTICLE, 002 网站规范 §16(二), 000 门户 §17); its
/// 发布日期 is the article's publication and its 有效性 the article's mark. Its disclosure
/// attribute (PUB-ATTR) is the openness domain's: what a site publishes is 主动公开.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PolicyMeta {
    /// 索引号.
    pub index_number: String,
    /// 发文机关.
    pub issuer: String,
    /// 文号, e.g. 甘州政发〔2025〕12号.
    pub document_number: String,
    /// 成文日期.
    #[serde(with = "crate::serde_date")]
    pub written_on: NaiveDate,
    /// 主题分类.
    pub subject: String,
    /// Its interpretations (PUB-INTERPRET: published together and linked).
    pub interpretations: Vec<ArticleId>,
}

/// What an article says: the elements every article page shows (WEB-ARTICLE: title,
/// publication date, source, body) and, for a policy document, its elements.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Content {
    pub title: String,
    /// The body as sanitised HTML (the sanitiser is the caller's).
    pub body: String,
    /// 信息来源.
    pub source: String,
    pub policy: Option<PolicyMeta>,
}

impl Content {
    /// SEC-TAMPER: the SM3 digest (hex) of the content as approved — every element in a
    /// fixed order, each ended by a NUL, so no two contents share the text digested.
    pub fn digest(&self) -> String {
        let mut hasher = Sm3::new();
        let mut put = |text: &str| {
            hasher.update(text.as_bytes());
            hasher.update([0u8]);
        };
        put(&self.title);
        put(&self.source);
        put(&self.body);
        if let Some(policy) = &self.policy {
            put(&policy.index_number);
            put(&policy.issuer);
            put(&policy.document_number);
            put(&policy.written_on.to_string());
            put(&policy.subject);
            for id in &policy.interpretations {
                put(&id.to_string());
            }
        }
        hex::encode(hasher.finalize())
    }
}

/// A sign-off of the 三审 (WEB-REVIEW).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Stage {
    /// 二审: the responsible unit's reviewer.
    Review,
    /// 重大信息: a leader's approval.
    Leader,
    /// 三审: the publisher's (签发).
    Publish,
}

impl Stage {
    pub const fn label_zh(self) -> &'static str {
        match self {
            Stage::Review => "审核",
            Stage::Leader => "领导审批",
            Stage::Publish => "签发",
        }
    }
}

/// One sign-off, in the round it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SignOff {
    pub round: u32,
    pub stage: Stage,
    pub by: UserId,
    pub unit: UnitId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
    pub opinion: String,
}

/// A send-back to the editors, with its reason (WEB-REVIEW: each step can send back).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SendBack {
    pub round: u32,
    pub stage: Stage,
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
    pub reason: String,
}

/// A withdrawal from the site (撤稿): the article stays in the archive.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Withdrawal {
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
    pub reason: String,
    /// WEB-ACCOUNT: withdrawn for an error (纠错撤稿) — an accountability event of the unit.
    #[serde(default)]
    pub error: bool,
}

/// A withdrawal the publisher planned for a later instant (定时撤稿).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PlannedWithdrawal {
    pub by: UserId,
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
    pub reason: String,
}

/// An article of a column.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Article {
    pub id: ArticleId,
    pub site: SiteId,
    pub column: ColumnId,
    pub status: Status,
    /// The editor who wrote it.
    pub author: UserId,
    pub content: Content,
    /// 重大信息: needs a leader's approval before the publisher (WEB-REVIEW).
    pub major: bool,
    /// Content revision: 1 when drafted, +1 with each edit.
    pub revision: u32,
    /// Everyone who wrote or edited the content; none of them signs it off (WEB-REVIEW).
    pub contributors: Vec<UserId>,
    /// Submission round: 1 at the first submission, +1 with each resubmission.
    pub round: u32,
    pub sign_offs: Vec<SignOff>,
    pub send_backs: Vec<SendBack>,
    #[serde(with = "platform::snapshot::instant")]
    pub created_at: Instant,
    /// The publish-at instant of a scheduled publication.
    #[serde(with = "platform::snapshot::opt_instant")]
    pub publish_at: Option<Instant>,
    /// 发布日期: when it went out.
    #[serde(with = "platform::snapshot::opt_instant")]
    pub published_at: Option<Instant>,
    /// SEC-TAMPER: the digest of the content the publisher approved.
    pub approved_digest: Option<String>,
    pub withdrawal: Option<Withdrawal>,
    /// 定时撤稿: the withdrawal planned while the article is published.
    #[serde(default)]
    pub planned_withdrawal: Option<PlannedWithdrawal>,
    /// PUB-ABOLISH: `None` while the document is valid.
    pub validity: Option<ValidityMark>,
    /// WEB-MAP: the article shows a map, with its 审图号.
    #[serde(default)]
    pub map: Option<MapMark>,
    /// WEB-REPOST: the article reposts a central or provincial item.
    #[serde(default)]
    pub repost: Option<Repost>,
    /// PUB-INTERPRET: the clock of a published policy document's interpretation.
    #[serde(default)]
    pub interpretation_clock: Option<SubjectClock<ArticleClock>>,
}

impl Article {
    /// The sign-offs of the current round.
    pub fn current_sign_offs(&self) -> impl Iterator<Item = &SignOff> {
        self.sign_offs
            .iter()
            .filter(move |sign_off| sign_off.round == self.round)
    }

    /// Whether `user` wrote, edited or already signed off the current round: such a user
    /// signs off nothing more of it (WEB-REVIEW: three reviews by three people).
    pub fn is_involved(&self, user: UserId) -> bool {
        self.contributors.contains(&user) || self.current_sign_offs().any(|s| s.by == user)
    }

    /// The latest send-back, while the draft waits to be resubmitted.
    pub fn open_send_back(&self) -> Option<&SendBack> {
        self.send_backs
            .last()
            .filter(|back| self.status == Status::Draft && back.round == self.round)
    }

    /// Its WEB-MAP and WEB-REPOST marks.
    pub fn marks(&self) -> Marks {
        Marks {
            map: self.map.clone(),
            repost: self.repost.clone(),
        }
    }

    /// The validity shown (PUB-ABOLISH): 有效 unless marked.
    pub fn validity(&self) -> Validity {
        self.validity
            .as_ref()
            .map_or(Validity::Valid, |mark| mark.validity)
    }

    /// WEB-ARTICLE: what every article page shows besides the body — 标题, 发布日期 (the
    /// local date; empty before publication), 信息来源.
    pub fn page_elements(&self) -> Vec<(&'static str, String)> {
        vec![
            ("标题", self.content.title.clone()),
            ("发布日期", self.published_on()),
            ("信息来源", self.content.source.clone()),
        ]
    }

    /// WEB-ARTICLE: a policy document's elements in the order of the government sites'
    /// information table (索引号 … 有效性); `None` for an article that is not one.
    pub fn policy_elements(&self) -> Option<Vec<(&'static str, String)>> {
        let policy = self.content.policy.as_ref()?;
        Some(vec![
            ("索引号", policy.index_number.clone()),
            ("主题分类", policy.subject.clone()),
            ("发文机关", policy.issuer.clone()),
            ("成文日期", policy.written_on.to_string()),
            ("标题", self.content.title.clone()),
            ("文号", policy.document_number.clone()),
            ("发布日期", self.published_on()),
            ("有效性", self.validity().label_zh().to_owned()),
        ])
    }

    fn published_on(&self) -> String {
        self.published_at
            .map(|at| at.local_date().to_string())
            .unwrap_or_default()
    }

    /// SEC-TAMPER: whether `served` is the content the publisher approved; `false` before
    /// approval.
    pub fn is_intact(&self, served: &Content) -> bool {
        self.approved_digest.as_deref() == Some(served.digest().as_str())
    }
}
