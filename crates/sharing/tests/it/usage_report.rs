//! Periodic usage reports (DATA-MAINT: usage statistics reported periodically; DATA-CALL: the
//! call log they come from): the months of a report — `YYYY-MM` read strictly, a reversed or
//! too long period refused in Chinese — and, on both backends, the monthly report of a
//! consumer's calls in two months per resource and per consumer: calls, refused calls and
//! records returned, month by month and in total, seen by the units concerned only.

use sharing::call::Gateway;
use sharing::report::{self, Figures, MAX_MONTHS, Month};
use sharing::usecase::grants;
use sharing::{ResourceId, resource_key};

use crate::at;
use crate::world::World;

fn month(text: &str) -> Month {
    Month::parse(text).unwrap()
}

#[test]
fn data_maint_the_months_of_a_usage_report() {
    assert_eq!(
        Month::parse("2026-03"),
        Some(Month {
            year: 2026,
            month: 3
        })
    );
    for bad in [
        "2026-13",
        "2026-00",
        "2026-3",
        "26-03",
        "2026/03",
        "",
        "2026-03-01",
    ] {
        assert_eq!(Month::parse(bad), None, "{bad}");
    }
    assert_eq!(month("2026-12").next(), month("2027-01"));
    assert_eq!(month("2026-01").previous(), month("2025-12"));
    assert_eq!(Month::of(at("2026-03-31T23:59")), month("2026-03"));
    assert_eq!(Month::of(at("2026-04-01T00:00")), month("2026-04"));
    assert_eq!(month("2026-04").start_ms(), at("2026-04-01T00:00").millis());
    assert_eq!(
        report::months(month("2025-11"), month("2026-02")).unwrap(),
        vec![
            month("2025-11"),
            month("2025-12"),
            month("2026-01"),
            month("2026-02")
        ]
    );
    assert_eq!(
        report::months(month("2026-03"), month("2026-03"))
            .unwrap()
            .len(),
        1
    );
    assert!(
        report::months(month("2026-04"), month("2026-03"))
            .unwrap_err()
            .contains("起始月份")
    );
    let longest = report::months(month("2024-01"), month("2025-12")).unwrap();
    assert_eq!(longest.len(), MAX_MONTHS);
    assert!(
        report::months(month("2024-01"), month("2026-01"))
            .unwrap_err()
            .contains("至多")
    );
}

/// DATA-MAINT, DATA-CALL on both backends: calls in March and April, allowed and refused, in
/// the monthly report per resource and per consumer; the provider and the consumer see it,
/// another unit sees nothing.
#[tokio::test]
async fn data_maint_monthly_usage_report_per_resource_and_consumer_on_both_backends() {
    for platform in platform::testing::each_backend().await {
        let db = &platform.db;
        let world = World::published(&platform).await;
        let (provider, consumer) = (&world.provider, &world.consumer);
        let csv = "uscc,name,legal_person\r\n1,甲,张\r\n2,乙,李\r\n3,丙,王\r\n";
        sharing::import::import_table(
            db,
            &world.by(provider),
            &provider.acting,
            world.entry,
            ResourceId(1),
            csv.as_bytes(),
        )
        .await
        .unwrap();
        let grant = world.grant(&["uscc", "name"]).await;
        let code = grants::issue_code(db, &world.by(consumer), &consumer.acting, grant)
            .await
            .unwrap();
        let gateway = Gateway::new(db.clone());
        let resource = resource_key(world.entry, ResourceId(1));
        let outside = [("fields".to_owned(), "legal_person".to_owned())];
        for (when, query, status) in [
            ("2026-03-10T10:00", &[][..], 200),
            ("2026-03-20T10:00", &[][..], 200),
            ("2026-03-31T23:00", &outside[..], 403),
            ("2026-04-01T09:00", &[][..], 200),
        ] {
            let answer = gateway.call(Some(&code), resource, query, at(when)).await;
            assert_eq!(answer.status, status, "{when}");
        }
        let months = report::months(month("2026-02"), month("2026-04")).unwrap();
        let figures = |calls, refused, rows| Figures {
            calls,
            refused,
            rows,
        };
        let empty = Figures::default();
        for unit in [
            None,
            Some(provider.acting.unit.0),
            Some(consumer.acting.unit.0),
        ] {
            let made = report::monthly(db, &months, unit).await.unwrap();
            assert_eq!(made.by_resource.len(), 1, "{unit:?}");
            let line = &made.by_resource[0];
            assert_eq!(line.key, Some(resource));
            assert_eq!(line.provider, Some(provider.acting.unit.0));
            assert!(line.name.contains("企业登记信息"), "{}", line.name);
            assert_eq!(
                line.months,
                vec![empty, figures(3, 1, 6), figures(1, 0, 3)],
                "February none, March three with one refused, April one"
            );
            assert_eq!(line.total, figures(4, 1, 9));
            assert_eq!(made.by_consumer.len(), 1);
            assert_eq!(made.by_consumer[0].key, Some(consumer.acting.unit.0));
            assert_eq!(made.by_consumer[0].total, figures(4, 1, 9));
        }
        let elsewhere = report::monthly(db, &months, Some(world.admin.acting.unit.0))
            .await
            .unwrap();
        assert!(elsewhere.by_resource.is_empty() && elsewhere.by_consumer.is_empty());
    }
}
