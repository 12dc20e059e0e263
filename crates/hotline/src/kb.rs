//! Knowledge-base entries (KB-LIFE, KB-STATS): the review life of an entry, which entries an
//! operator may answer from (HL-INSTANT), and when an entry is due for review.

use calendar::{Calendar, Instant};
use platform::profile::KnowledgeRules;

use crate::UnitId;
use crate::error::HotlineError;

/// The id of a knowledge-base entry.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct EntryId(pub i64);

/// Where an entry is in its life (KB-LIFE, 000 §12345-16,17: 经审核后录入; 修订、补充或删除).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum EntryStatus {
    /// 草稿: written by the owner unit.
    Draft,
    /// 待审核: submitted to the hotline.
    InReview,
    /// 已发布: the only status operators and the public see.
    Published,
    /// 已撤回: outdated, no longer used.
    Withdrawn,
}

/// What is done to an entry (KB-LIFE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryCommand {
    /// The owner unit submits a draft for review.
    Submit,
    /// The hotline publishes it (a new version).
    Publish,
    /// The hotline sends it back to the owner.
    SendBack,
    /// The owner starts revising a published or withdrawn entry (a new draft version).
    Revise,
    /// The owner or the hotline withdraws it.
    Withdraw,
}

/// A knowledge-base entry's state: owner unit, version, last review (KB-LIFE).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The id.
    pub id: EntryId,
    /// The unit that provides and maintains it (谁提供、谁维护、谁更新).
    pub owner: UnitId,
    /// Status.
    pub status: EntryStatus,
    /// Published version number; 0 before the first publication.
    pub version: u32,
    /// When it was last published (reviewed).
    pub reviewed_at: Option<Instant>,
}

/// The entry an operator answers from, as the app layer read it (HL-INSTANT).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct EntryRef {
    /// The id.
    pub id: EntryId,
    /// The version used.
    pub version: u32,
    /// Its status when read.
    pub status: EntryStatus,
}

impl Entry {
    /// A new draft of `owner`.
    pub fn draft(id: EntryId, owner: UnitId) -> Entry {
        Entry {
            id,
            owner,
            status: EntryStatus::Draft,
            version: 0,
            reviewed_at: None,
        }
    }

    /// KB-LIFE: applies a command at `now`.
    pub fn apply(&self, command: EntryCommand, now: Instant) -> Result<Entry, HotlineError> {
        use EntryCommand as C;
        use EntryStatus as S;
        let mut next = self.clone();
        match (self.status, command) {
            (S::Draft, C::Submit) => next.status = S::InReview,
            (S::InReview, C::Publish) => {
                next.status = S::Published;
                next.version = self.version.saturating_add(1);
                next.reviewed_at = Some(now);
            }
            (S::InReview, C::SendBack) => next.status = S::Draft,
            (S::Published | S::Withdrawn, C::Revise) => next.status = S::Draft,
            (S::Draft | S::InReview | S::Published, C::Withdraw) => next.status = S::Withdrawn,
            (status, command) => {
                return Err(HotlineError::InvalidTransition {
                    from: status.label_zh(),
                    command: command.label_zh(),
                });
            }
        }
        Ok(next)
    }

    /// KB-LIFE: a published entry whose last review is older than
    /// `profile.knowledge.review_interval` must be revised or withdrawn.
    pub fn is_due_for_review(
        &self,
        now: Instant,
        rules: &KnowledgeRules,
        calendar: &Calendar,
    ) -> bool {
        match (self.status, self.reviewed_at) {
            (EntryStatus::Published, Some(reviewed)) => {
                now > calendar.due(reviewed, rules.review_interval.limit()).at
            }
            _ => false,
        }
    }
}

impl EntryStatus {
    /// The Chinese label.
    pub const fn label_zh(self) -> &'static str {
        match self {
            EntryStatus::Draft => "草稿",
            EntryStatus::InReview => "待审核",
            EntryStatus::Published => "已发布",
            EntryStatus::Withdrawn => "已撤回",
        }
    }
}

impl EntryCommand {
    /// The Chinese label.
    pub const fn label_zh(self) -> &'static str {
        match self {
            EntryCommand::Submit => "提交审核",
            EntryCommand::Publish => "审核发布",
            EntryCommand::SendBack => "退回修改",
            EntryCommand::Revise => "修订",
            EntryCommand::Withdraw => "撤回",
        }
    }
}

/// KB-STATS: counts uses per entry; the most used first (ties by id) — the frequent
/// questions of a period.
pub fn most_used(uses: &[EntryId], top: usize) -> Vec<(EntryId, usize)> {
    let mut counts: std::collections::BTreeMap<EntryId, usize> = std::collections::BTreeMap::new();
    for id in uses {
        *counts.entry(*id).or_insert(0) += 1;
    }
    let mut ranked: Vec<(EntryId, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(top);
    ranked
}
