//! HALL-HARDCASE and HALL-LEVELS on both backends. A case of the 陇商通 window registered by
//! the window clerk with the contact sealed (not in the snapshot, not in the history), its
//! clocks on the kernel's clock table with the profile's limits; the centre transfers it to
//! the market bureau, which sees it without the contact, another department not at all; the
//! department reports its result, the centre feeds back and closes; the leader reveals the
//! contact, audited. The register of centres: one district centre, a township's centre
//! under it, a village's station under the township's, a sub-centre refused without its
//! approval; a list of items checked against the catalogue; a monthly report once a month by
//! the centre's own unit; refusals change nothing.

use calendar::{Calendar, Instant};
use chrono::NaiveDate;
use hall::hardcase::{Channel, Command, Filing, Status};
use hall::levels::{Centre, Level, Report};
use hall::usecase::centres::{self, Who};
use hall::usecase::hardcases;
use platform::audit::AuditActor;
use platform::ids::UnitId;
use platform::profile::RuleProfile;
use platform::workflow::Context;
use sqlx::Row as _;

use crate::stored::{actor, count, seeded};

fn ctx<'a>(
    key: &'a platform::personal::DataKey,
    calendar: &'a Calendar,
    profile: &'a RuleProfile,
    now: Instant,
    actor: &'a AuditActor,
) -> Context<'a> {
    Context::new(key, actor, calendar, profile, now)
}

#[tokio::test]
async fn hall_hardcase_closes_the_loop_on_both_backends() {
    for platform in platform::testing::each_backend().await {
        seeded(&platform).await;
        let db = &platform.db;
        let key = &platform.key;
        let leader = actor(db, "service.leader").await;
        let centre_a = actor(db, "service.a").await;
        let clerk = actor(db, "clerk").await;
        let market = actor(db, "handler").await;
        let outsider = actor(db, "editor").await;
        let profile = RuleProfile::default();
        let calendar = Calendar::try_national().unwrap();
        let now = Instant::from_millis(platform::db::now_ms());
        let audit_clerk = AuditActor::staff(&clerk, "127.0.0.1");
        let filing = |content: &str| Filing {
            channel: Channel::Longshangtong,
            requester: "张掖某食品有限公司".into(),
            contact: "13912345678".into(),
            content: content.into(),
        };

        // Bad input and an outsider: nothing stored.
        let context = ctx(key, &calendar, &profile, now, &audit_clerk);
        assert!(
            hardcases::register(db, &context, &clerk, filing("差"))
                .await
                .is_err()
        );
        assert!(
            hardcases::register(db, &context, &outsider, filing("变更登记三次未办成"))
                .await
                .is_err()
        );
        assert_eq!(
            count(db, "SELECT COUNT(*) AS n FROM hall_hardcases", None).await,
            0
        );

        let (stored, code) =
            hardcases::register(db, &context, &clerk, filing("食品经营许可变更三次未办成"))
                .await
                .unwrap();
        let id = stored.case.id;
        assert!(stored.number.starts_with("BC"));
        // HALL-HARDCASE: the query code hashed, never in clear; the lookup by it.
        assert!(!stored.query_code_hash.is_empty() && !stored.query_code_hash.contains(&code));
        let found = hardcases::lookup(db, key, &stored.number, &code)
            .await
            .unwrap();
        assert_eq!(found.case.id, id);
        assert!(found.case.contact.is_empty());
        assert!(
            hardcases::lookup(db, key, &stored.number, "WRONG1")
                .await
                .is_err()
        );
        let row = sqlx::query("SELECT state FROM hall_hardcases WHERE id = $1")
            .bind(id.0)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        let state: String = row.try_get("state").unwrap();
        assert!(!state.contains("13912345678") && state.contains("139****5678"));
        assert_eq!(
            count(
                db,
                "SELECT COUNT(*) AS n FROM hall_hardcase_events WHERE detail LIKE '%5678%'",
                None,
            )
            .await,
            0
        );
        // HALL-HARDCASE: the transfer clock on the kernel's table, under the centre.
        let clock = sqlx::query(
            "SELECT rule_id, unit_id FROM clocks WHERE subject_type = 'hall_hardcase' \
             AND subject_id = $1",
        )
        .bind(id.0.to_string())
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(
            clock.try_get::<String, _>("rule_id").unwrap(),
            "HALL-HARDCASE"
        );
        assert_eq!(clock.try_get::<i64, _>("unit_id").unwrap(), leader.unit_id);

        // The clerk sees it (no contact), the market bureau not yet.
        let seen = hardcases::office_hardcase(db, id, &clerk, (&calendar, now))
            .await
            .unwrap();
        assert!(seen.stored.case.contact.is_empty() && seen.available.is_empty());
        assert!(
            hardcases::office_hardcase(db, id, &market, (&calendar, now))
                .await
                .is_err()
        );

        let audit_centre = AuditActor::staff(&centre_a, "127.0.0.1");
        let transfer = Command::Transfer {
            department: UnitId(market.unit_id),
            note: "请协调办结".into(),
        };
        // A department cannot transfer; the centre can.
        let audit_market = AuditActor::staff(&market, "127.0.0.1");
        assert!(
            hardcases::execute(
                db,
                &ctx(key, &calendar, &profile, now, &audit_market),
                &market,
                id,
                transfer.clone(),
                Some(1)
            )
            .await
            .is_err()
        );
        hardcases::execute(
            db,
            &ctx(key, &calendar, &profile, now, &audit_centre),
            &centre_a,
            id,
            transfer,
            Some(1),
        )
        .await
        .unwrap();
        let seen = hardcases::office_hardcase(db, id, &market, (&calendar, now))
            .await
            .unwrap();
        assert!(!seen.centre_view && seen.stored.case.contact.is_empty());
        assert!(
            hardcases::office_hardcase(db, id, &outsider, (&calendar, now))
                .await
                .is_err()
        );
        assert_eq!(hardcases::list(db, &market, 50).await.unwrap().len(), 1);
        assert!(hardcases::list(db, &outsider, 50).await.unwrap().is_empty());
        // Urging before the deadline is refused, nothing changed.
        let urge = Command::Urge {
            note: "请即办".into(),
        };
        assert!(
            hardcases::execute(
                db,
                &ctx(key, &calendar, &profile, now, &audit_centre),
                &centre_a,
                id,
                urge,
                Some(2)
            )
            .await
            .is_err()
        );
        let handle = Command::Handle {
            result: "已协调出具证明，变更已办结".into(),
        };
        hardcases::execute(
            db,
            &ctx(key, &calendar, &profile, now, &audit_market),
            &market,
            id,
            handle,
            Some(2),
        )
        .await
        .unwrap();
        let feedback = Command::Feedback {
            content: "已电话告知企业负责人".into(),
            told_on: now.local_date(),
        };
        hardcases::execute(
            db,
            &ctx(key, &calendar, &profile, now, &audit_centre),
            &centre_a,
            id,
            feedback,
            Some(3),
        )
        .await
        .unwrap();
        let (closed, _) = hardcases::execute(
            db,
            &ctx(key, &calendar, &profile, now, &audit_centre),
            &centre_a,
            id,
            Command::Close,
            Some(4),
        )
        .await
        .unwrap();
        assert_eq!(closed.status, Status::Closed);
        assert_eq!(
            count(
                db,
                "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'hall.hardcase.%'",
                None,
            )
            .await,
            5
        );
        // Only the centre's leader reads the contact, audited.
        assert!(
            hardcases::reveal_contact(
                db,
                &ctx(key, &calendar, &profile, now, &audit_centre),
                &centre_a,
                id
            )
            .await
            .is_err()
        );
        let audit_leader = AuditActor::staff(&leader, "127.0.0.1");
        let clear = hardcases::reveal_contact(
            db,
            &ctx(key, &calendar, &profile, now, &audit_leader),
            &leader,
            id,
        )
        .await
        .unwrap();
        assert_eq!(clear, "13912345678");
    }
}

fn centre(name: &str, level: Level, parent: Option<i64>, unit: Option<i64>) -> Centre {
    Centre {
        name: name.into(),
        level,
        parent: parent.map(|id| (id, Level::District)),
        unit: unit.map(UnitId),
        approval: String::new(),
        address: "甘州区".into(),
        hours: "工作日 9:00-17:00".into(),
        phone: String::new(),
    }
}

#[tokio::test]
async fn hall_levels_register_lists_and_reports_on_both_backends() {
    for platform in platform::testing::each_backend().await {
        seeded(&platform).await;
        let db = &platform.db;
        let leader = actor(db, "service.leader").await;
        let market = actor(db, "handler").await;
        let now = platform::db::now_ms();
        let audit = AuditActor::staff(&leader, "127.0.0.1");
        let who = Who {
            actor: &leader,
            audit: &audit,
            now,
        };
        let district = centres::register(
            db,
            &who,
            centre(
                "甘州区政务服务中心",
                Level::District,
                None,
                Some(leader.unit_id),
            ),
        )
        .await
        .unwrap();
        // One district centre only; a department does not register.
        assert!(
            centres::register(db, &who, centre("第二中心", Level::District, None, None))
                .await
                .is_err()
        );
        let audit_market = AuditActor::staff(&market, "127.0.0.1");
        let as_market = Who {
            actor: &market,
            audit: &audit_market,
            now,
        };
        assert!(
            centres::register(
                db,
                &as_market,
                centre(
                    "梁家墩镇便民服务中心",
                    Level::Township,
                    Some(district),
                    None
                )
            )
            .await
            .is_err()
        );
        // HALL-LEVELS §11: a sub-centre without its approval is refused.
        let sub = centre(
            "市场监管分中心",
            Level::SubCentre,
            Some(district),
            Some(market.unit_id),
        );
        assert!(centres::register(db, &who, sub.clone()).await.is_err());
        let sub_id = centres::register(
            db,
            &who,
            Centre {
                approval: "甘州政函〔2025〕8号".into(),
                ..sub
            },
        )
        .await
        .unwrap();
        let township = centres::register(
            db,
            &who,
            centre(
                "梁家墩镇便民服务中心",
                Level::Township,
                Some(district),
                None,
            ),
        )
        .await
        .unwrap();
        // A village under the district directly is refused; under the township it stands.
        assert!(
            centres::register(
                db,
                &who,
                centre("五号村便民服务站", Level::Village, Some(district), None)
            )
            .await
            .is_err()
        );
        centres::register(
            db,
            &who,
            centre("五号村便民服务站", Level::Village, Some(township), None),
        )
        .await
        .unwrap();
        assert_eq!(centres::all(db).await.unwrap().len(), 4);

        // The list: an unknown item refused; an empty list kept.
        assert!(
            centres::set_items(db, &who, township, &[999_999])
                .await
                .is_err()
        );
        assert_eq!(
            centres::set_items(db, &who, township, &[]).await.unwrap(),
            0
        );
        let (public, items) = centres::public_centre(db, township).await.unwrap();
        assert_eq!(public.centre.level, Level::Township);
        assert!(items.is_empty());

        // HALL-LEVELS §13: the sub-centre's department reports once a month.
        let report = Report {
            month: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            item_changes: "新增食品小作坊登记".into(),
            received: 40,
            completed: 38,
            note: String::new(),
        };
        assert!(
            centres::file_report(db, &who, sub_id, &report)
                .await
                .is_err()
        );
        centres::file_report(db, &as_market, sub_id, &report)
            .await
            .unwrap();
        assert!(
            centres::file_report(db, &as_market, sub_id, &report)
                .await
                .is_err()
        );
        assert!(
            centres::file_report(db, &as_market, district, &report)
                .await
                .is_err()
        );
        assert_eq!(centres::reports(db, &leader, 50).await.unwrap().len(), 1);
        assert_eq!(centres::reports(db, &market, 50).await.unwrap().len(), 1);
        assert_eq!(
            count(
                db,
                "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'hall.centre.%'",
                None,
            )
            .await,
            6
        );
    }
}
