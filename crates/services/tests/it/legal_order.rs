//! SVC-ITEM-LIFE stored, on both backends: with the profile's `services.legal_review_first`
//! (chengde: 法制办审核同意后报审改办) a changed legal basis goes to the legal review at
//! submission and the review chain follows; the order is kept in the stored version, so the
//! chain's end approves without a second legal review.

use platform::profile::ServiceRules;
use services::item::{ItemCommand, ItemStatus, ReviewOutcome};
use services::usecase::{self, item_office};

use crate::store::{admin, market_item, publish, seeded, t_pub};

#[tokio::test]
async fn svc_item_life_legal_review_first_is_stored_and_then_the_chain() {
    for p in seeded().await {
        let id = publish(&p, "SP-LEGAL", market_item(&p).await).await;
        let mut changed = market_item(&p).await;
        changed.basic.legal_basis = "《食品经营许可和备案管理办法》第十条".into();
        usecase::save_item_version(&p.db, &admin(), "SP-LEGAL", changed, t_pub())
            .await
            .unwrap();
        let rules = ServiceRules {
            item_review_chain: "审改办审核 → 政务公开信息科备案".into(),
            legal_review_first: true,
            ..ServiceRules::default()
        };
        let version = item_office::office_item(&p.db, id).await.unwrap().version;
        let (record, version) =
            item_office::submit_item(&p.db, &admin(), &rules, id, version, t_pub())
                .await
                .unwrap();
        assert_eq!(record.status, ItemStatus::LegalReview);
        let stored = item_office::office_item(&p.db, id).await.unwrap();
        assert_eq!(stored.record.status, ItemStatus::LegalReview);
        let working = stored.record.working().unwrap();
        assert!(working.legal_review_required && working.review_step == 0);
        let waiting = item_office::waiting_step(&stored.record, &rules);
        assert_eq!(waiting.as_deref(), Some("区司法局合法性审查"));

        let legal = ItemCommand::LegalReview {
            outcome: ReviewOutcome::Pass,
        };
        let (record, mut version) =
            usecase::item_command(&p.db, &admin(), id, legal, Some(version), t_pub())
                .await
                .unwrap();
        assert_eq!(record.status, ItemStatus::Submitted);
        assert_eq!(
            item_office::waiting_step(&record, &rules).as_deref(),
            Some("审改办审核")
        );
        for expected in [ItemStatus::Submitted, ItemStatus::Approved] {
            let pass = ReviewOutcome::Pass;
            let (record, next) =
                item_office::review_item(&p.db, &admin(), &rules, id, pass, version, t_pub())
                    .await
                    .unwrap();
            assert_eq!(record.status, expected);
            version = next;
        }
    }
}
