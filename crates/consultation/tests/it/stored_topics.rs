//! Topics stored and run on the workflow kernel, on both backends (MSG-CONSULT,
//! PUB-PRECONSULT): the office decides to consult (the 预公开 clock on the shared clock
//! table), publishes, a citizen comments and votes with a phone verified by an SMS code (the
//! phone sealed and masked), a second vote, a vote or comment after the period, an early
//! adoption report are refused with nothing changed; the report closes the adoption clock;
//! the yearly count and the channel's status per site.

use calendar::Instant;
use consultation::topic::{Adoption, Command, Status};
use consultation::usecase::{self, phone};
use consultation::{TopicId, UnitId};
use platform::Platform;
use platform::audit::AuditActor;
use platform::personal::PhoneNumber;
use platform::workflow::Context;
use sqlx::Row as _;

use crate::{CAL, PROFILE, at, draft};

pub struct World {
    pub platform: Platform,
    pub office: UnitId,
    pub site: i64,
    pub staff: AuditActor,
    pub public: AuditActor,
}

/// Each backend with the demo's units and one site of the government office.
pub async fn worlds() -> Vec<World> {
    let mut worlds = Vec::new();
    for platform in platform::testing::each_backend().await {
        platform::demo::seed(&platform.db, &platform.key)
            .await
            .unwrap();
        let office = platform::units::find_by_code(&platform.db, "gz-office")
            .await
            .unwrap()
            .unwrap()
            .id;
        let row = sqlx::query(
            "INSERT INTO sites (number, kind, status, name, host_unit_id, operator_unit_id, \
             supervising_unit_id, state, version, created_at, updated_at) \
             VALUES ('3607020001', 'portal', 'open', '测试门户', $1, $1, $1, '{}', 1, 0, 0) \
             RETURNING id",
        )
        .bind(office)
        .fetch_one(&platform.db.pool)
        .await
        .unwrap();
        let site: i64 = row.try_get("id").unwrap();
        worlds.push(World {
            platform,
            office: UnitId(office),
            site,
            staff: AuditActor::system("编辑"),
            public: AuditActor::anonymous("127.0.0.1"),
        });
    }
    worlds
}

impl World {
    pub fn context<'a>(&'a self, actor: &'a AuditActor, now: Instant) -> Context<'a> {
        Context::new(&self.platform.key, actor, &CAL, &PROFILE, now)
    }

    pub async fn code(&self, phone: &str, now: Instant) -> String {
        let phone = PhoneNumber::parse(phone).unwrap();
        phone::send_code(
            &self.platform.db,
            &self.platform.key,
            &self.public,
            &phone,
            now,
        )
        .await
        .unwrap()
    }

    async fn count(&self, sql: &str) -> i64 {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_one(&self.platform.db.pool)
            .await
            .unwrap();
        row.try_get(0).unwrap()
    }
}

/// MSG-CONSULT, PUB-PRECONSULT: the whole life of a topic on each backend, with every
/// refusal changing nothing.
#[tokio::test]
async fn msg_consult_a_topic_stored_on_both_backends() {
    for w in worlds().await {
        let db = &w.platform.db;
        let key = &w.platform.key;
        let mut d = draft();
        d.site_id = w.site;
        let decided = at(2, 27, 9);
        let topic = usecase::decide(db, &w.context(&w.staff, decided), w.office, &d)
            .await
            .unwrap();
        assert_eq!(topic.number, "ZJ2026001");
        let clocks = w
            .count(
                "SELECT COUNT(*) FROM clocks WHERE subject_type = 'consultation_topic' \
                 AND rule_id = 'PUB-PRECONSULT' AND status = 'running'",
            )
            .await;
        assert_eq!(clocks, 1);
        // Another unit cannot publish it.
        let other = UnitId(w.office.0 + 1);
        let ctx = w.context(&w.staff, at(3, 2, 10));
        assert!(
            usecase::execute(db, &ctx, other, topic.id, Command::Publish, None)
                .await
                .is_err()
        );
        let published = usecase::execute(db, &ctx, w.office, topic.id, Command::Publish, None)
            .await
            .unwrap();
        assert_eq!(published.status, Status::Published);
        assert_eq!(
            w.count("SELECT COUNT(*) FROM clocks WHERE subject_type = 'consultation_topic' AND status = 'met'").await,
            1
        );

        // A comment and a vote with a verified phone.
        let open = at(3, 10, 9);
        let code = w.code("13800001111", open).await;
        let shown = usecase::comment(
            db,
            key,
            &w.public,
            topic.id,
            "老王",
            "建议夜间免费",
            "13800001111",
            &code,
            open,
        )
        .await
        .unwrap();
        assert!(shown);
        // A code is spent by its use; a wrong one is refused.
        let again = usecase::comment(
            db,
            key,
            &w.public,
            topic.id,
            "",
            "再提一条",
            "13800001111",
            &code,
            open,
        )
        .await;
        assert!(again.unwrap_err().to_string().contains("验证码"));
        // Personal data in a comment holds it back.
        let later = Instant::from_millis(open.millis() + 120_000);
        let code = w.code("13800001111", later).await;
        let held = usecase::comment(
            db,
            key,
            &w.public,
            topic.id,
            "",
            "请联系我13912345678",
            "13800001111",
            &code,
            later,
        )
        .await
        .unwrap();
        assert!(!held);
        let sealed = w.count("SELECT COUNT(*) FROM consultation_comments WHERE CAST(phone_sealed AS TEXT) LIKE '%13800001111%'").await;
        assert_eq!(sealed, 0);

        let ballot = vec![(1, vec![0]), (2, vec![0, 2])];
        let code = w.code("13800002222", open).await;
        usecase::vote(
            db,
            key,
            &w.public,
            topic.id,
            &ballot,
            "13800002222",
            &code,
            open,
        )
        .await
        .unwrap();
        // MSG-CONSULT: a second vote by the same phone is refused, nothing changed.
        let code = w.code("13800002222", later).await;
        let second = usecase::vote(
            db,
            key,
            &w.public,
            topic.id,
            &ballot,
            "13800002222",
            &code,
            later,
        )
        .await;
        assert!(second.unwrap_err().to_string().contains("只能投票一次"));
        let (counts, voters) = usecase::results(db, &published).await.unwrap();
        assert_eq!(voters, 1);
        assert_eq!(counts[1], vec![1, 0, 0]);
        assert_eq!(counts[2], vec![1, 0, 1]);

        // An adoption report before the period ends is refused.
        let shown_id: i64 =
            sqlx::query("SELECT id FROM consultation_comments WHERE status = 'shown'")
                .fetch_one(&db.pool)
                .await
                .unwrap()
                .try_get("id")
                .unwrap();
        let entries = vec![Adoption {
            comment_id: shown_id,
            adopted: false,
            reason: "夜间停车需求大，免费将加剧占道".into(),
        }];
        let report = Command::Report {
            summary: "共收到意见1条。".into(),
            entries,
            shown: vec![],
        };
        let early = usecase::execute(
            db,
            &w.context(&w.staff, open),
            w.office,
            topic.id,
            report.clone(),
            None,
        )
        .await;
        assert!(early.unwrap_err().to_string().contains("征集期尚未结束"));

        // After the period: a vote and a comment are refused, nothing stored.
        let after = at(3, 17, 9);
        let code = w.code("13800003333", after).await;
        let late = usecase::vote(
            db,
            key,
            &w.public,
            topic.id,
            &ballot,
            "13800003333",
            &code,
            after,
        )
        .await;
        assert!(late.unwrap_err().to_string().contains("调查已结束"));
        let late = usecase::comment(
            db,
            key,
            &w.public,
            topic.id,
            "",
            "晚了",
            "13800003333",
            &code,
            after,
        )
        .await;
        assert!(late.unwrap_err().to_string().contains("征集已结束"));
        assert_eq!(w.count("SELECT COUNT(*) FROM consultation_votes").await, 1);
        assert_eq!(
            w.count("SELECT COUNT(*) FROM consultation_comments").await,
            2
        );

        let done = usecase::execute(
            db,
            &w.context(&w.staff, after),
            w.office,
            topic.id,
            report,
            None,
        )
        .await
        .unwrap();
        assert_eq!(done.status, Status::Reported);
        assert_eq!(
            w.count("SELECT COUNT(*) FROM clocks WHERE subject_type = 'consultation_topic' AND status = 'met'").await,
            2
        );
        assert_eq!(
            w.count("SELECT COUNT(*) FROM consultation_topic_events")
                .await,
            7
        );

        // The yearly count and the channel.
        let year = usecase::year_count(db, &PROFILE, w.site, 2026)
            .await
            .unwrap();
        assert_eq!((year.count, year.met()), (1, true));
        let channel = usecase::channel_working(db, w.site, after).await.unwrap();
        assert!(channel.working);
        let channel = usecase::channel_working(db, w.site, at(12, 30, 9))
            .await
            .unwrap();
        assert!(channel.working);
        let _ = TopicId(0);
    }
}

/// PUB-PRECONSULT: a published topic whose adoption report is past due makes its site's
/// channel not working (互动回应差).
#[tokio::test]
async fn pub_preconsult_overdue_report_breaks_the_channel() {
    for w in worlds().await {
        let db = &w.platform.db;
        let mut d = draft();
        d.site_id = w.site;
        let topic = usecase::decide(db, &w.context(&w.staff, at(2, 27, 9)), w.office, &d)
            .await
            .unwrap();
        let ctx = w.context(&w.staff, at(3, 2, 10));
        usecase::execute(db, &ctx, w.office, topic.id, Command::Publish, None)
            .await
            .unwrap();
        let within = usecase::channel_working(db, w.site, at(4, 1, 9))
            .await
            .unwrap();
        assert!(within.working);
        let overdue = usecase::channel_working(db, w.site, at(5, 1, 9))
            .await
            .unwrap();
        assert_eq!(overdue.reports_overdue, 1);
        assert!(!overdue.working);
    }
}
