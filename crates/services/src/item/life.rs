//! The item lifecycle (SVC-ITEM-LIFE): claimed → edited → submitted → reviewed (legal review
//! where the legal basis is new or changed) → published; later changed, suspended, resumed or
//! terminated. Every version is kept; the public sees the published one.

use calendar::Instant;

use crate::item::model::Item;
use crate::{ItemId, ServiceError, UnitId, required};

/// Where the item's working version is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ItemStatus {
    /// 已认领: claimed from the upper catalogue, not yet edited.
    Claimed,
    /// 编辑中 (also a change of a published item: the published version stays public).
    Drafting,
    /// 待审核: submitted to the service administration.
    Submitted,
    /// 合法性审查中: with the justice bureau (new or changed legal basis).
    LegalReview,
    /// 审核通过，待发布.
    Approved,
    /// 已发布.
    Published,
    /// 已暂停.
    Suspended,
    /// 已终止. Final.
    Terminated,
}

impl ItemStatus {
    /// Every status.
    pub const ALL: [ItemStatus; 8] = [
        ItemStatus::Claimed,
        ItemStatus::Drafting,
        ItemStatus::Submitted,
        ItemStatus::LegalReview,
        ItemStatus::Approved,
        ItemStatus::Published,
        ItemStatus::Suspended,
        ItemStatus::Terminated,
    ];

    /// The Chinese label.
    pub const fn label_zh(self) -> &'static str {
        match self {
            ItemStatus::Claimed => "已认领",
            ItemStatus::Drafting => "编辑中",
            ItemStatus::Submitted => "待审核",
            ItemStatus::LegalReview => "合法性审查中",
            ItemStatus::Approved => "待发布",
            ItemStatus::Published => "已发布",
            ItemStatus::Suspended => "已暂停",
            ItemStatus::Terminated => "已终止",
        }
    }
}

/// The outcome of a review or a legal review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewOutcome {
    /// 通过.
    Pass,
    /// 退回修改, with the opinion.
    Return(String),
}

/// An approving document (批准文件), e.g. for a suspension or the negative list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovingDocument {
    /// 文号, e.g. 甘州政办发〔2025〕12号.
    pub number: String,
    /// 标题.
    pub title: String,
}

impl ApprovingDocument {
    /// Both fields non-empty.
    pub fn parse(number: &str, title: &str) -> Result<ApprovingDocument, ServiceError> {
        Ok(ApprovingDocument {
            number: required(number, "批准文件文号")?,
            title: required(title, "批准文件标题")?,
        })
    }
}

/// A command on an item record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemCommand {
    /// Replace the working version's guide; from `Published` it opens a change (new version).
    Edit {
        /// The edited guide (checked on submission).
        item: Box<Item>,
    },
    /// Submit the working version for review; the guide must validate. SVC-ITEM-LIFE: with
    /// `legal_first` (the profile's `services.legal_review_first`: chengde's 法制办 → 审改办) a
    /// new or changed legal basis goes to the legal review before the chain, else after it.
    Submit {
        /// The legal review comes before the review chain.
        legal_first: bool,
    },
    /// One step of the review chain (SVC-ITEM-LIFE: the chain is the profile's
    /// `services.item_review_chain`); passing the last step goes to legal review when the
    /// legal basis is new or changed, else to approval. A return goes back to editing.
    Review {
        /// Pass or return.
        outcome: ReviewOutcome,
        /// The chain's steps in order (empty: one step, 审核).
        chain: Vec<String>,
    },
    /// The justice bureau's legal review.
    LegalReview {
        /// Pass or return.
        outcome: ReviewOutcome,
    },
    /// Publish the approved version; it replaces the public one.
    Publish,
    /// Suspend a published item.
    Suspend {
        /// Why.
        reason: String,
        /// The approving document.
        document: ApprovingDocument,
    },
    /// Resume a suspended item.
    Resume {
        /// Why.
        reason: String,
    },
    /// Terminate (取消) the item.
    Terminate {
        /// Why.
        reason: String,
        /// The approving document.
        document: ApprovingDocument,
    },
}

/// The kind of an [`ItemCommand`], for the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemCommandKind {
    /// [`ItemCommand::Edit`].
    Edit,
    /// [`ItemCommand::Submit`].
    Submit,
    /// [`ItemCommand::Review`].
    Review,
    /// [`ItemCommand::LegalReview`].
    LegalReview,
    /// [`ItemCommand::Publish`].
    Publish,
    /// [`ItemCommand::Suspend`].
    Suspend,
    /// [`ItemCommand::Resume`].
    Resume,
    /// [`ItemCommand::Terminate`].
    Terminate,
}

impl ItemCommandKind {
    /// Every kind.
    pub const ALL: [ItemCommandKind; 8] = [
        ItemCommandKind::Edit,
        ItemCommandKind::Submit,
        ItemCommandKind::Review,
        ItemCommandKind::LegalReview,
        ItemCommandKind::Publish,
        ItemCommandKind::Suspend,
        ItemCommandKind::Resume,
        ItemCommandKind::Terminate,
    ];

    /// The Chinese label.
    pub const fn label_zh(self) -> &'static str {
        match self {
            ItemCommandKind::Edit => "编辑",
            ItemCommandKind::Submit => "提交审核",
            ItemCommandKind::Review => "审核",
            ItemCommandKind::LegalReview => "合法性审查",
            ItemCommandKind::Publish => "发布",
            ItemCommandKind::Suspend => "暂停",
            ItemCommandKind::Resume => "恢复",
            ItemCommandKind::Terminate => "终止",
        }
    }
}

impl ItemCommand {
    /// The kind.
    pub fn kind(&self) -> ItemCommandKind {
        match self {
            ItemCommand::Edit { .. } => ItemCommandKind::Edit,
            ItemCommand::Submit { .. } => ItemCommandKind::Submit,
            ItemCommand::Review { .. } => ItemCommandKind::Review,
            ItemCommand::LegalReview { .. } => ItemCommandKind::LegalReview,
            ItemCommand::Publish => ItemCommandKind::Publish,
            ItemCommand::Suspend { .. } => ItemCommandKind::Suspend,
            ItemCommand::Resume { .. } => ItemCommandKind::Resume,
            ItemCommand::Terminate { .. } => ItemCommandKind::Terminate,
        }
    }
}

use ItemCommandKind as C;
use ItemStatus as S;

/// Every allowed transition of an item record `(from, command, to)`.
pub const ITEM_TRANSITIONS: &[(S, C, S)] = &[
    (S::Claimed, C::Edit, S::Drafting),
    (S::Claimed, C::Submit, S::Submitted),
    (S::Claimed, C::Submit, S::LegalReview),
    (S::Drafting, C::Edit, S::Drafting),
    (S::Drafting, C::Submit, S::Submitted),
    (S::Drafting, C::Submit, S::LegalReview),
    (S::Submitted, C::Review, S::Submitted),
    (S::Submitted, C::Review, S::LegalReview),
    (S::Submitted, C::Review, S::Approved),
    (S::Submitted, C::Review, S::Drafting),
    (S::LegalReview, C::LegalReview, S::Approved),
    (S::LegalReview, C::LegalReview, S::Submitted),
    (S::LegalReview, C::LegalReview, S::Drafting),
    (S::Approved, C::Publish, S::Published),
    (S::Published, C::Edit, S::Drafting),
    (S::Published, C::Suspend, S::Suspended),
    (S::Published, C::Terminate, S::Terminated),
    (S::Suspended, C::Resume, S::Published),
    (S::Suspended, C::Terminate, S::Terminated),
];

/// One version of the guide, kept for ever.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemVersion {
    /// 1, 2, …
    pub number: u32,
    /// The guide.
    pub item: Item,
    /// When it was published, if ever.
    pub published_at: Option<Instant>,
    /// Review opinions (审核意见), oldest first.
    pub reviews: Vec<String>,
    /// Whether it needed the justice bureau's legal review.
    pub legal_review_required: bool,
    /// SVC-ITEM-LIFE: how many steps of the review chain this submission has passed.
    pub review_step: u32,
}

/// An item's record: status, every version, the public one, the suspension history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRecord {
    /// The id.
    pub id: ItemId,
    /// The claiming unit.
    pub claimed_by: UnitId,
    /// Where the working version is.
    pub status: ItemStatus,
    /// Every version; the last is the working one.
    pub versions: Vec<ItemVersion>,
    /// The number of the version the public sees.
    pub public_version: Option<u32>,
    /// The legal basis as claimed from the upper catalogue.
    pub catalogue_basis: String,
    /// Suspensions, resumptions and termination, with reasons and documents.
    pub notes: Vec<String>,
}

/// What an item transition emits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemEvent {
    /// The status moved (first event of every transition): the history row.
    Transitioned {
        /// Before.
        from: ItemStatus,
        /// After.
        to: ItemStatus,
        /// The command.
        command: ItemCommandKind,
    },
    /// A new version was opened (a change of a published item).
    VersionOpened {
        /// Its number.
        number: u32,
    },
    /// The justice bureau is asked for legal review (SVC-ITEM-LIFE).
    LegalReviewRequested {
        /// The version.
        number: u32,
    },
    /// A version became the public one (rebuild the guide page and search index).
    Published {
        /// The version now public.
        number: u32,
        /// The version it replaces.
        replaces: Option<u32>,
    },
}

impl ItemRecord {
    /// SVC-ITEM-LIFE: claim `item` from the upper catalogue as version 1.
    pub fn claim(id: ItemId, claimed_by: UnitId, item: Item) -> ItemRecord {
        ItemRecord {
            id,
            claimed_by,
            status: ItemStatus::Claimed,
            catalogue_basis: item.basic.legal_basis.clone(),
            versions: vec![ItemVersion {
                number: 1,
                item,
                published_at: None,
                reviews: Vec::new(),
                legal_review_required: false,
                review_step: 0,
            }],
            public_version: None,
            notes: Vec::new(),
        }
    }

    /// SVC-ITEM-LIFE: the version the public sees (none before the first publication, none
    /// once terminated). Online and offline guides render this one record.
    pub fn public(&self) -> Option<&ItemVersion> {
        if self.status == ItemStatus::Terminated {
            return None;
        }
        let number = self.public_version?;
        self.versions
            .iter()
            .find(|version| version.number == number)
    }

    /// Applications are accepted: there is a public version and the item is not suspended.
    pub fn accepts_applications(&self) -> bool {
        self.public().is_some() && self.status != ItemStatus::Suspended
    }

    /// The working (last) version.
    pub fn working(&self) -> Option<&ItemVersion> {
        self.versions.last()
    }

    /// SVC-ITEM-LIFE: the working version's legal basis is new or changed, against the public
    /// version, or against the upper catalogue before the first publication.
    pub fn legal_basis_changed(&self) -> bool {
        let reference = match self.public() {
            Some(version) => version.item.basic.legal_basis.as_str(),
            None => self.catalogue_basis.as_str(),
        };
        self.working()
            .is_some_and(|version| version.item.basic.legal_basis.trim() != reference.trim())
    }
}

/// SVC-ITEM-LIFE: applies `command` to `record` at `now`. On error nothing changed.
pub fn apply(
    record: &ItemRecord,
    command: &ItemCommand,
    now: Instant,
) -> Result<(ItemRecord, Vec<ItemEvent>), ServiceError> {
    let from = record.status;
    let kind = command.kind();
    if !ITEM_TRANSITIONS
        .iter()
        .any(|&(row_from, row_command, _)| row_from == from && row_command == kind)
    {
        return Err(ServiceError::InvalidTransition {
            from: from.label_zh(),
            command: kind.label_zh(),
        });
    }
    let mut next = record.clone();
    let mut events = Vec::new();
    match command {
        ItemCommand::Edit { item } => {
            if from == ItemStatus::Published {
                let number = next.versions.len() as u32 + 1;
                next.versions.push(ItemVersion {
                    number,
                    item: (**item).clone(),
                    published_at: None,
                    reviews: Vec::new(),
                    legal_review_required: false,
                    review_step: 0,
                });
                events.push(ItemEvent::VersionOpened { number });
            } else if let Some(working) = next.versions.last_mut() {
                working.item = (**item).clone();
            }
            next.status = ItemStatus::Drafting;
        }
        ItemCommand::Submit { legal_first } => {
            let legal_now = *legal_first && next.legal_basis_changed();
            let number = next.working().map_or(0, |version| version.number);
            if let Some(working) = next.versions.last_mut() {
                working.item.clone().validate()?;
                working.review_step = 0;
                working.legal_review_required = legal_now;
            }
            next.status = if legal_now {
                // SVC-ITEM-LIFE: the legal review first (chengde: 法制办, then 审改办).
                events.push(ItemEvent::LegalReviewRequested { number });
                ItemStatus::LegalReview
            } else {
                ItemStatus::Submitted
            };
        }
        ItemCommand::Review { outcome, chain } => {
            let needs_legal = next.legal_basis_changed();
            let legal_done = next
                .working()
                .is_some_and(|version| version.legal_review_required);
            let step = next.working().map_or(0, |version| version.review_step);
            let steps = u32::try_from(chain.len()).unwrap_or(u32::MAX).max(1);
            let label = chain
                .get(step as usize)
                .map_or("审核", String::as_str)
                .to_owned();
            let number = record_review(&mut next, outcome, &label)?;
            if let Some(working) = next.versions.last_mut() {
                working.review_step = match outcome {
                    ReviewOutcome::Pass => step + 1,
                    ReviewOutcome::Return(_) => 0,
                };
            }
            next.status = match outcome {
                ReviewOutcome::Return(_) => ItemStatus::Drafting,
                // SVC-ITEM-LIFE: the profile's chain, one step after the other.
                ReviewOutcome::Pass if step + 1 < steps => ItemStatus::Submitted,
                // The legal review comes last unless it came first (`Submit`'s `legal_first`).
                ReviewOutcome::Pass if needs_legal && !legal_done => {
                    if let Some(working) = next.versions.last_mut() {
                        working.legal_review_required = true;
                    }
                    events.push(ItemEvent::LegalReviewRequested { number });
                    ItemStatus::LegalReview
                }
                ReviewOutcome::Pass => ItemStatus::Approved,
            };
        }
        ItemCommand::LegalReview { outcome } => {
            // Before the chain no step of it has passed; after it every one has.
            let first = next
                .working()
                .is_some_and(|version| version.review_step == 0);
            record_review(&mut next, outcome, "合法性审查")?;
            next.status = match outcome {
                ReviewOutcome::Return(_) => ItemStatus::Drafting,
                ReviewOutcome::Pass if first => ItemStatus::Submitted,
                ReviewOutcome::Pass => ItemStatus::Approved,
            };
        }
        ItemCommand::Publish => {
            let replaces = next.public_version;
            if let Some(working) = next.versions.last_mut() {
                working.published_at = Some(now);
                next.public_version = Some(working.number);
                events.push(ItemEvent::Published {
                    number: working.number,
                    replaces,
                });
            }
            next.status = ItemStatus::Published;
        }
        ItemCommand::Suspend { reason, document } => {
            let reason = required(reason, "暂停原因")?;
            next.notes
                .push(format!("暂停：{reason}（{}）", document.number));
            next.status = ItemStatus::Suspended;
        }
        ItemCommand::Resume { reason } => {
            let reason = required(reason, "恢复原因")?;
            next.notes.push(format!("恢复：{reason}"));
            next.status = ItemStatus::Published;
        }
        ItemCommand::Terminate { reason, document } => {
            let reason = required(reason, "终止原因")?;
            next.notes
                .push(format!("终止：{reason}（{}）", document.number));
            next.status = ItemStatus::Terminated;
        }
    }
    events.insert(
        0,
        ItemEvent::Transitioned {
            from,
            to: next.status,
            command: kind,
        },
    );
    Ok((next, events))
}

/// Records a review opinion on the working version; a return needs an opinion.
fn record_review(
    record: &mut ItemRecord,
    outcome: &ReviewOutcome,
    what: &str,
) -> Result<u32, ServiceError> {
    let opinion = match outcome {
        ReviewOutcome::Pass => format!("{what}通过"),
        ReviewOutcome::Return(opinion) => {
            format!("{what}退回：{}", required(opinion, "退回意见")?)
        }
    };
    let working = record
        .versions
        .last_mut()
        .ok_or_else(|| ServiceError::invalid("事项没有版本"))?;
    working.reviews.push(opinion);
    Ok(working.number)
}
