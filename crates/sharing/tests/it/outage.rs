//! The gateway during announced maintenance (DATA-MAINT, SEC-NOTICE; 000 共享 §14), on both
//! backends: a provider announces a service-stopping window for its resource on a Saturday,
//! two working days ahead; before the window the consumer's call is answered, inside it the
//! call is refused with 503 and a Chinese message naming the window and the rule — and logged
//! like every call; a window that does not stop the service, or one cancelled before it
//! starts, refuses nothing.

use platform::Platform;
use platform::audit::AuditActor;
use platform::workflow::Context;
use sharing::call::Gateway;
use sharing::entry::{self, SharingClass};
use sharing::maintenance::Announcement;
use sharing::request::{self, Filing};
use sharing::usecase::{entries, grants, maintenance, requests};
use sharing::{Acting, ResourceId, resource_key};

use crate::{CAL, OWN_PLATFORM, at, draft, t0};

struct Staff {
    acting: Acting,
    audit: AuditActor,
}

async fn staff(platform: &Platform, username: &str) -> Staff {
    let db = &platform.db;
    let id = platform::users::id_by_username(db, username)
        .await
        .unwrap()
        .unwrap();
    let actor = platform::users::load_actor(db, id).await.unwrap().unwrap();
    Staff {
        acting: Acting::from(&actor),
        audit: AuditActor::staff(&actor, "127.0.0.1"),
    }
}

fn context<'a>(platform: &'a Platform, staff: &'a Staff) -> Context<'a> {
    Context::new(&platform.key, &staff.audit, &CAL, &OWN_PLATFORM, t0())
}

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
        platform::demo::seed(db, &platform.key).await.unwrap();
        platform::demo::seed_contacts(db, &platform.key)
            .await
            .unwrap();
        let provider = staff(&platform, "handler").await;
        let admin = staff(&platform, "dataadmin").await;
        let consumer = staff(&platform, "hrss.a").await;
        let id = entries::register(
            db,
            &context(&platform, &provider),
            &provider.acting,
            draft(SharingClass::Unconditional),
        )
        .await
        .unwrap()
        .entry
        .id;
        for (who, command) in [
            (&provider, entry::Command::Submit),
            (&admin, entry::Command::Publish),
        ] {
            entries::execute(db, &context(&platform, who), &who.acting, id, command, None)
                .await
                .unwrap();
        }
        let filing = Filing {
            entry: id,
            resource: ResourceId(1),
            fields: vec!["uscc".into()],
            purpose: "核验企业".into(),
            flow: "社保业务系统".into(),
            days: 365,
            urgent: false,
            materials: vec![],
            form_attachment: None,
        };
        let submitted =
            requests::submit(db, &context(&platform, &consumer), &consumer.acting, filing)
                .await
                .unwrap();
        requests::execute(
            db,
            &context(&platform, &admin),
            &admin.acting,
            submitted.request.id,
            request::Command::Approve,
            Some(1),
        )
        .await
        .unwrap();
        let grant = sharing::store::grants::list_for(db, Some(consumer.acting.unit.0))
            .await
            .unwrap()
            .remove(0)
            .grant
            .id;
        let code = grants::issue_code(db, &context(&platform, &consumer), &consumer.acting, grant)
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
        let by_provider = context(&platform, &provider);
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
