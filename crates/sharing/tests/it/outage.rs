//! The gateway during announced maintenance (DATA-MAINT, SEC-NOTICE; 000 共享 §14), on both
//! backends: a provider announces a service-stopping window for its resource on a Saturday,
//! two working days ahead; before the window the consumer's call is answered, inside it the
//! call is refused with 503 and a Chinese message naming the window and the rule — and logged
//! like every call; a window that does not stop the service, or one cancelled before it
//! starts, refuses nothing.

use sharing::ResourceId;
use sharing::call::Gateway;
use sharing::maintenance::Announcement;
use sharing::resource_key;
use sharing::usecase::{grants, maintenance};

use crate::at;
use crate::world::World;

fn saturday(entry: i64, stops_service: bool) -> Announcement {
    Announcement {
        resource: Some((entry, 1)),
        starts_at: at("2026-03-07T08:00"),
        ends_at: at("2026-03-07T12:00"),
        stops_service,
        schema_change: false,
        description: "数据库升级".into(),
        workday_reason: String::new(),
    }
}

#[tokio::test]
async fn data_maint_sec_notice_the_gateway_refuses_calls_during_an_announced_outage() {
    for platform in platform::testing::each_backend().await {
        let db = &platform.db;
        let world = World::published(&platform).await;
        let (id, provider, consumer) = (world.entry, &world.provider, &world.consumer);
        let grant = world.grant(&["uscc"]).await;
        let code = grants::issue_code(db, &world.by(consumer), &consumer.acting, grant)
            .await
            .unwrap();
        let gateway = Gateway::new(db.clone());
        let resource = resource_key(id, ResourceId(1));
        let call = |now| {
            let (gateway, code) = (gateway.clone(), code.clone());
            async move {
                let answer = gateway.call(Some(&code), resource, &[], now).await;
                assert!(answer.logged_as.is_some(), "every call is logged");
                (answer.status, String::from_utf8(answer.body).unwrap())
            }
        };
        let by_provider = world.by(provider);
        // A window that does not stop the service refuses nothing.
        maintenance::announce(db, &by_provider, &provider.acting, saturday(id.0, false))
            .await
            .unwrap();
        assert_eq!(call(at("2026-03-07T09:00")).await.0, 200);
        let stopping =
            maintenance::announce(db, &by_provider, &provider.acting, saturday(id.0, true))
                .await
                .unwrap();
        assert_eq!(call(at("2026-03-07T07:59")).await.0, 200, "before it");
        let (status, body) = call(at("2026-03-07T09:00")).await;
        assert_eq!(status, 503, "{body}");
        assert!(
            body.contains("DATA-MAINT") && body.contains("2026-03-07 08:00"),
            "{body}"
        );
        assert_eq!(call(at("2026-03-07T12:00")).await.0, 200, "after it");
        // Cancelled before it starts: nothing refused (read again a minute later).
        maintenance::cancel(db, &by_provider, &provider.acting, stopping.id)
            .await
            .unwrap();
        assert_eq!(call(at("2026-03-07T09:01")).await.0, 200);
    }
}
