//! HALL-BOX on both backends: a complaint from a window's QR code stored with its contact
//! sealed (not in the row's snapshot, not in the history), its handling clock on the kernel's
//! clock table with the profile's limit; the centre gives it to the window's department,
//! which sees it without any contact and concludes it; the centre tells the complainant; the
//! complainant looks it up by number and query code; the centre's leader reveals the contact
//! with an audit row; a box slip is registered under an opening; refusals change nothing.

use calendar::{Calendar, Instant};
use hall::supervision::{Command, ComplaintId, Handler, Outcome, Source, Status};
use hall::usecase::{self, complaints};
use hall::window::{Assignment, Post, ServiceType, Window};
use platform::audit::AuditActor;
use platform::ids::UnitId;
use platform::profile::RuleProfile;
use platform::workflow::Context;
use sqlx::Row as _;

use crate::stored::{actor, count, seeded};

fn ctx<'a>(
    key: &'a platform::personal::DataKey,
    actor: &'a AuditActor,
    calendar: &'a Calendar,
    profile: &'a RuleProfile,
) -> Context<'a> {
    Context::new(
        key,
        actor,
        calendar,
        profile,
        Instant::from_millis(platform::db::now_ms()),
    )
}

#[tokio::test]
async fn hall_box_complaints_on_the_kernel_on_both_backends() {
    for platform in platform::testing::each_backend().await {
        seeded(&platform).await;
        let db = &platform.db;
        let key = &platform.key;
        let leader = actor(db, "service.leader").await;
        let handler = actor(db, "service.a").await;
        let market = actor(db, "leader").await;
        let market_handler = actor(db, "handler").await;
        let system = AuditActor::system("test");
        let posts = [
            Assignment {
                user_id: market_handler.user_id,
                post: Post::A,
            },
            Assignment {
                user_id: market.user_id,
                post: Post::B,
            },
        ];
        let window = Window {
            number: 9,
            name: "市场监管窗口".into(),
            service: ServiceType::Comprehensive,
            unit_id: Some(market.unit_id),
        };
        let window_id = usecase::create_window(db, &system, &window, &posts, 0)
            .await
            .unwrap();
        let profile = RuleProfile::default();
        let calendar = Calendar::try_national().unwrap();
        let visitor = AuditActor::anonymous("10.0.0.8");
        let now = Instant::from_millis(platform::db::now_ms());
        let public = Context::new(key, &visitor, &calendar, &profile, now);

        // Bad input: nothing stored.
        let refused = complaints::submit(db, &public, Source::QrCode, Some(window_id), "差", None)
            .await
            .unwrap_err();
        assert!(refused.to_string().contains("投诉内容应为 5 至 1000 字"));
        assert_eq!(
            count(
                db,
                "SELECT COUNT(*) AS n FROM hall_complaints WHERE id > $1",
                Some(0)
            )
            .await,
            0
        );

        let content = "9号窗口工作人员中午提前离岗，群众等候一小时";
        let (stored, code) = complaints::submit(
            db,
            &public,
            Source::QrCode,
            Some(window_id),
            content,
            Some("13912345678"),
        )
        .await
        .unwrap();
        let id = stored.complaint.id;
        assert!(stored.number.starts_with("JD"));
        // Sealed: the clear contact is in no column of the row and no history row.
        let row = sqlx::query("SELECT state, contact_sealed FROM hall_complaints WHERE id = $1")
            .bind(id.0)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        let state: String = row.try_get("state").unwrap();
        let sealed: Vec<u8> = row.try_get("contact_sealed").unwrap();
        assert!(
            !state.contains("13912345678") && state.contains("139****5678"),
            "{state}"
        );
        assert!(!String::from_utf8_lossy(&sealed).contains("13912345678"));
        let history = count(
            db,
            "SELECT COUNT(*) AS n FROM hall_complaint_events WHERE complaint_id = $1 \
             AND detail LIKE '%5678%'",
            Some(id.0),
        )
        .await;
        assert_eq!(history, 0);
        // HALL-BOX: the handling clock on the kernel's table, filed under the centre.
        let clock = sqlx::query(
            "SELECT rule_id, unit_id FROM clocks WHERE subject_type = 'hall_complaint' \
             AND subject_id = $1",
        )
        .bind(id.0.to_string())
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(clock.try_get::<String, _>("rule_id").unwrap(), "HALL-BOX");
        assert_eq!(clock.try_get::<i64, _>("unit_id").unwrap(), leader.unit_id);

        // The window's department learns nothing before it is given the complaint.
        assert!(complaints::office_complaint(db, id, &market).await.is_err());
        assert!(complaints::list(db, &market, 50).await.unwrap().is_empty());

        let as_handler = AuditActor::staff(&handler, "127.0.0.1");
        let give = Command::Accept(Handler::Department(UnitId(market.unit_id)));
        // A department cannot accept for the centre.
        let as_market = AuditActor::staff(&market_handler, "127.0.0.1");
        assert!(
            complaints::execute(
                db,
                &ctx(key, &as_market, &calendar, &profile),
                &market_handler,
                id,
                give.clone(),
                Some(1)
            )
            .await
            .is_err()
        );
        complaints::execute(
            db,
            &ctx(key, &as_handler, &calendar, &profile),
            &handler,
            id,
            give,
            Some(1),
        )
        .await
        .unwrap();
        // The department sees it — and never who complained.
        let seen = complaints::office_complaint(db, id, &market_handler)
            .await
            .unwrap();
        assert!(!seen.centre_view);
        assert_eq!(seen.stored.complaint.contact, None);
        let listed = complaints::list(db, &market_handler, 50).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].complaint.contact, None);
        let conclude = Command::Conclude {
            outcome: Outcome::Correction,
            finding: "经核实属实，已责令当事人改正并在科室会上检讨".into(),
        };
        let (done, _) = complaints::execute(
            db,
            &ctx(key, &as_market, &calendar, &profile),
            &market_handler,
            id,
            conclude,
            Some(2),
        )
        .await
        .unwrap();
        assert_eq!(done.status, Status::Concluded);
        complaints::execute(
            db,
            &ctx(key, &as_handler, &calendar, &profile),
            &handler,
            id,
            Command::Feedback,
            Some(3),
        )
        .await
        .unwrap();

        // The complainant's lookup: a wrong code is not found, the right one shows the outcome.
        assert!(
            complaints::lookup(db, key, &stored.number, "ABCD-EFGH")
                .await
                .is_err()
        );
        let found = complaints::lookup(db, key, &stored.number, &code)
            .await
            .unwrap();
        assert_eq!(found.complaint.status, Status::Closed);
        assert_eq!(found.complaint.outcome, Some(Outcome::Correction));

        // The reveal: only the centre's leader, audited.
        let as_leader = AuditActor::staff(&leader, "127.0.0.1");
        assert!(
            complaints::reveal_contact(
                db,
                &ctx(key, &as_handler, &calendar, &profile),
                &handler,
                id
            )
            .await
            .is_err()
        );
        let clear =
            complaints::reveal_contact(db, &ctx(key, &as_leader, &calendar, &profile), &leader, id)
                .await
                .unwrap();
        assert_eq!(clear, "13912345678");
        let unmasks = count(
            db,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'unmask' \
             AND object_type = 'hall_complaint' AND actor_user_id = $1",
            Some(leader.user_id),
        )
        .await;
        assert_eq!(unmasks, 1);

        // A box slip under an opening; anonymous; only the centre registers it.
        assert!(
            complaints::record_opening(
                db,
                &ctx(key, &as_market, &calendar, &profile),
                &market_handler,
                2,
                ""
            )
            .await
            .is_err()
        );
        let opening = complaints::record_opening(
            db,
            &ctx(key, &as_handler, &calendar, &profile),
            &handler,
            2,
            "周一开箱",
        )
        .await
        .unwrap();
        let (slip, _) = complaints::register_slip(
            db,
            &ctx(key, &as_handler, &calendar, &profile),
            &handler,
            opening,
            Some(9),
            "窗口人员办事拖拉，材料要求说不清楚",
            None,
        )
        .await
        .unwrap();
        assert_eq!(slip.complaint.source, Source::Box);
        assert!(slip.contact_sealed.is_empty());
        let unknown = complaints::register_slip(
            db,
            &ctx(key, &as_handler, &calendar, &profile),
            &handler,
            opening,
            Some(77),
            "窗口人员办事拖拉，材料要求说不清楚",
            None,
        )
        .await
        .unwrap_err();
        assert!(unknown.to_string().contains("没有 77 号窗口"));
        let openings = complaints::openings(db, 10).await.unwrap();
        assert_eq!((openings[0].letters, openings[0].registered), (2, 1));
        assert!(
            complaints::office_complaint(db, ComplaintId(id.0 + 1000), &leader)
                .await
                .is_err()
        );
    }
}
