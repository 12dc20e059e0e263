//! The order search (issue 14 item 7) on both backends: by number prefix, by phone through
//! its keyed index (HL-PRIVACY: audited, masked; refused to a unit), by words with `%` and
//! `_` taken literally, by status and by date; concluded and open orders alike.

use calendar::Instant;
use hotline::UnitId;
use hotline::order::Status;
use hotline::usecase::{self, Appellant, OrderQuery, SearchScope};
use platform::personal::PhoneNumber;
use sqlx::Row as _;

use crate::store::{backend, new_appeal, operator_audit, register, seeded};

#[tokio::test]
async fn hl_privacy_orders_are_found_by_number_phone_words_status_and_date_and_a_unit_never_by_phone()
 {
    for platform in seeded().await {
        let (db, key, actor) = (&platform.db, &platform.key, operator_audit());
        let lamp = register(
            &platform,
            new_appeal(
                "路灯不亮 100%_坏了",
                Appellant::parse("", "13800001111", "", "").unwrap(),
            ),
        )
        .await;
        let noise = register(
            &platform,
            new_appeal(
                "夜间施工噪音",
                Appellant::parse("", "13800002222", "", "").unwrap(),
            ),
        )
        .await;
        let find = |query: OrderQuery, scope: SearchScope| {
            let actor = actor.clone();
            async move {
                usecase::search_orders(db, key, &actor, scope, &query, 20, 0)
                    .await
                    .map(|page| {
                        page.orders
                            .into_iter()
                            .map(|o| o.number)
                            .collect::<Vec<_>>()
                    })
            }
        };
        let at = backend(&platform);

        let all = find(OrderQuery::default(), SearchScope::Hotline)
            .await
            .unwrap();
        assert_eq!(
            all,
            [noise.number.as_str(), lamp.number.as_str()],
            "{at}: newest first"
        );
        let by_phone = OrderQuery {
            phone: Some(PhoneNumber::parse("138 0000 1111").unwrap()),
            ..Default::default()
        };
        assert_eq!(
            find(by_phone.clone(), SearchScope::Hotline).await.unwrap(),
            [lamp.number.as_str()],
            "{at}"
        );
        let audited: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'hotline.search.phone'",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
        assert_eq!(audited, 1, "{at}: the phone search is audited");
        let refused = find(by_phone, SearchScope::Unit(UnitId(1))).await;
        assert!(
            matches!(refused, Err(platform::Error::Refused(_))),
            "{at}: a unit never searches by phone"
        );

        let words = |text: &str| OrderQuery {
            text: text.into(),
            ..Default::default()
        };
        assert_eq!(
            find(words("100%_"), SearchScope::Hotline).await.unwrap(),
            [lamp.number.as_str()],
            "{at}"
        );
        assert!(
            find(words("0%"), SearchScope::Hotline).await.unwrap().len() == 1
                && find(words("_坏"), SearchScope::Hotline)
                    .await
                    .unwrap()
                    .len()
                    == 1
                && find(words("%"), SearchScope::Hotline).await.unwrap().len() == 1,
            "{at}: % and _ are literal"
        );
        let number = |number: &str| OrderQuery {
            number: number.into(),
            ..Default::default()
        };
        assert_eq!(
            find(number(&noise.number), SearchScope::Hotline)
                .await
                .unwrap(),
            [noise.number.as_str()],
            "{at}"
        );
        let day: String = noise.number.chars().take(10).collect();
        assert_eq!(
            find(number(&day), SearchScope::Hotline)
                .await
                .unwrap()
                .len(),
            2,
            "{at}: the beginning of a number finds the day's orders"
        );
        let registered = OrderQuery {
            status: Some(Status::Registered),
            ..Default::default()
        };
        assert_eq!(
            find(registered, SearchScope::Hotline).await.unwrap().len(),
            2
        );
        let closed = OrderQuery {
            status: Some(Status::Closed),
            ..Default::default()
        };
        assert!(find(closed, SearchScope::Hotline).await.unwrap().is_empty());
        let later = OrderQuery {
            from: Some(Instant::from_millis(i64::MAX / 4)),
            ..Default::default()
        };
        assert!(
            find(later, SearchScope::Hotline).await.unwrap().is_empty(),
            "{at}"
        );
        let unit = find(OrderQuery::default(), SearchScope::Unit(UnitId(1)))
            .await
            .unwrap();
        assert!(unit.is_empty(), "{at}: a unit sees no undispatched order");
    }
}
