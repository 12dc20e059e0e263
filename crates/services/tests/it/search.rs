//! The case search of a unit's desk (issue 14 item 7), both backends: by number, the item's
//! name, the applicant's ID number through its keyed index (audited, masked), status and
//! date, concluded cases included; another unit finds nothing of the market regulator's.

use platform::personal::CitizenIdNo;
use services::UnitId;
use services::case::Status;
use services::search::{CaseQuery, search_cases};
use sqlx::Row as _;

use crate::at;
use crate::store::{ID_NO, admin, market_item, publish, seeded, submit, unit};

#[tokio::test]
async fn svc_no_resubmit_a_unit_finds_its_cases_by_number_item_id_number_status_and_date() {
    for p in seeded().await {
        let backend = p.db.backend.name();
        publish(&p, "SP-FOOD-001", market_item(&p).await).await;
        let first = submit(
            &p,
            "SP-FOOD-001",
            &["id_card", "form"],
            at("2025-03-03T09:00"),
        )
        .await;
        let second = submit(
            &p,
            "SP-FOOD-001",
            &["id_card", "form"],
            at("2025-03-04T09:00"),
        )
        .await;
        let market = unit(&p, "gz-market").await;
        let now = at("2025-03-05T09:00");
        let find = |query: CaseQuery, unit: UnitId| {
            let p = &p;
            async move {
                search_cases(&p.db, &p.key, &admin(), unit, &query, (20, 0), now)
                    .await
                    .unwrap()
                    .rows
                    .into_iter()
                    .map(|row| row.case.number)
                    .collect::<Vec<_>>()
            }
        };
        let all = find(CaseQuery::default(), market).await;
        assert_eq!(
            all,
            [second.number.as_str(), first.number.as_str()],
            "{backend}"
        );
        let by_number = CaseQuery {
            number: first.number.clone(),
            ..Default::default()
        };
        assert_eq!(
            find(by_number, market).await,
            [first.number.as_str()],
            "{backend}"
        );
        let name: String = sqlx::query("SELECT name FROM svc_items")
            .fetch_one(&p.db.pool)
            .await
            .unwrap()
            .try_get("name")
            .unwrap();
        let word: String = name.chars().take(2).collect();
        let by_words = |words: &str| CaseQuery {
            words: words.into(),
            ..Default::default()
        };
        assert_eq!(
            find(by_words(&word), market).await.len(),
            2,
            "{backend}: {word}"
        );
        assert!(find(by_words("不存在的事项"), market).await.is_empty());
        let by_id = CaseQuery {
            id_no: Some(CitizenIdNo::parse(ID_NO).unwrap()),
            ..Default::default()
        };
        assert_eq!(find(by_id, market).await.len(), 2, "{backend}");
        let audited: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'services.search.id_no'",
        )
        .fetch_one(&p.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
        assert_eq!(audited, 1, "{backend}: the ID search is audited");
        let concluded = CaseQuery {
            status: Some(Status::Concluded),
            ..Default::default()
        };
        assert!(find(concluded, market).await.is_empty());
        let on_the_4th = CaseQuery {
            from: Some(at("2025-03-04T00:00")),
            until: Some(at("2025-03-05T00:00")),
            ..Default::default()
        };
        assert_eq!(
            find(on_the_4th, market).await,
            [second.number.as_str()],
            "{backend}"
        );
        let housing = unit(&p, "gz-housing").await;
        assert!(
            find(CaseQuery::default(), housing).await.is_empty(),
            "{backend}"
        );
    }
}
