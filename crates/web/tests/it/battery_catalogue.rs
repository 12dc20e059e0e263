//! The battery's objects of the catalogue in the back office (issue 22; SVC-ITEM-LIFE,
//! SVC-NEG-LIST): an item claimed by unit A with the guide of the demo's 食品经营许可, at a
//! stage of its lifecycle, made through the services use cases; and a negative-list entry.

use calendar::Instant;
use platform::audit::AuditActor;
use platform::db::now_ms;
use services::ItemId;
use services::item::{ApprovingDocument, ItemCommand, ReviewOutcome};
use services::usecase::{self, item_office};

use crate::battery_fixtures::{Fixture, Made, Object, row};
use crate::battery_world::World;

/// Where a catalogue item stands (SVC-ITEM-LIFE).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemStage {
    /// Claimed and edited by unit A; its page.
    Drafting,
    /// The same, its editor.
    Editor,
    /// Submitted for the first step of the review chain.
    Submitted,
    /// Its legal basis changed: with the legal review.
    LegalReview,
    /// Approved, waiting for publication.
    Approved,
    Published,
    Suspended,
    /// Published and on the negative list (SVC-NEG-LIST).
    Negative,
}

impl World<'_> {
    /// An item of unit A at `stage`.
    pub async fn catalogue_object(&self, stage: ItemStage) -> Made {
        let db = &self.app.platform.db;
        let actor = AuditActor::system("battery");
        let now = Instant::from_millis(now_ms());
        let guide = usecase::published_item(db, "GZ-SC-0003")
            .await
            .unwrap()
            .unwrap()
            .item;
        let code = format!("BT-{}", rand::random::<u32>());
        let mut claimed = guide.clone();
        if stage == ItemStage::LegalReview {
            claimed.basic.legal_basis = "《上级目录中的设定依据》".into();
        }
        let id: ItemId = item_office::claim_item(db, &actor, &code, claimed, now)
            .await
            .unwrap();
        let mut commands = vec![ItemCommand::Edit {
            item: Box::new(guide),
        }];
        let review = ItemCommand::Review {
            outcome: ReviewOutcome::Pass,
            chain: Vec::new(),
        };
        let document = ApprovingDocument {
            number: "甘州政办发〔2026〕1号".into(),
            title: "电池测试批复".into(),
        };
        let more: Vec<ItemCommand> = match stage {
            ItemStage::Drafting | ItemStage::Editor => vec![],
            ItemStage::Submitted => vec![ItemCommand::Submit { legal_first: false }],
            ItemStage::LegalReview | ItemStage::Approved => {
                vec![ItemCommand::Submit { legal_first: false }, review]
            }
            ItemStage::Published | ItemStage::Negative => {
                vec![
                    ItemCommand::Submit { legal_first: false },
                    review,
                    ItemCommand::Publish,
                ]
            }
            ItemStage::Suspended => vec![
                ItemCommand::Submit { legal_first: false },
                review,
                ItemCommand::Publish,
                ItemCommand::Suspend {
                    reason: "电池测试暂停".into(),
                    document: document.clone(),
                },
            ],
        };
        commands.extend(more);
        for command in commands {
            usecase::item_command(db, &actor, id, command, None, now)
                .await
                .unwrap();
        }
        if stage == ItemStage::Negative {
            item_office::save_negative_entry(db, &actor, &code, "电池测试原因", document, now)
                .await
                .unwrap();
            return Made {
                ids: vec![id.0],
                page: "/office/services/catalogue/negative".into(),
                other: None,
            };
        }
        Made {
            ids: vec![id.0],
            page: if stage == ItemStage::Editor {
                format!("/office/services/catalogue/{}/edit", id.0)
            } else {
                format!("/office/services/catalogue/{}", id.0)
            },
            other: None,
        }
    }
}

use ItemStage as T;
use Object::CatalogueItem as I;

/// The catalogue routes with an id and their objects.
pub const FIXTURES: &[Fixture] = &[
    // SVC-WINDOW: the battery's accepted case was accepted by the comprehensive window; its
    // department is offered 签收.
    row(
        "/office/services/cases/{id}/sign",
        Object::Case(crate::battery_fixtures::CaseStage::Accepted),
    ),
    row("/office/services/catalogue/{id}", I(T::Drafting)),
    row("/office/services/catalogue/{id}/diff", I(T::Drafting)),
    row("/office/services/catalogue/{id}/edit", I(T::Editor)),
    // Issue 22: the sample and blank-form upload forms under the editor.
    row("/office/services/catalogue/{id}/files", I(T::Editor)),
    row("/office/services/catalogue/{id}/submit", I(T::Drafting)),
    row("/office/services/catalogue/{id}/review", I(T::Submitted)),
    row(
        "/office/services/catalogue/{id}/legal-review",
        I(T::LegalReview),
    ),
    row("/office/services/catalogue/{id}/publish", I(T::Approved)),
    row("/office/services/catalogue/{id}/suspend", I(T::Published)),
    row("/office/services/catalogue/{id}/resume", I(T::Suspended)),
    row("/office/services/catalogue/{id}/terminate", I(T::Published)),
    row(
        "/office/services/catalogue/negative/{id}/remove",
        I(T::Negative),
    ),
];
