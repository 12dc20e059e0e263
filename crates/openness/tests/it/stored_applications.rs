//! Disclosure applications stored and run on the workflow kernel, on both backends
//! (PUB-APPLY, PUB-ANSWER, CAL-PAUSE, HL-PRIVACY): a citizen applies online to the government
//! office; the office's openness officer sends the one supplement notice, the corrected
//! application restarts the answer clock, a third party is consulted (the clock paused on the
//! shared clock table), the office head extends once, the officer answers with an outcome of
//! table 三 and its notice is kept; refusals change nothing. The applicant is sealed and
//! masked, revealed only with an audit row; the query code opens the application.

use calendar::Instant;
use openness::application::{
    AnswerInput, Channel, Command, Form, NotDisclosedReason, Outcome, Status, ThirdPartyOpinion,
};
use openness::store::applications as store;
use openness::store::notices::{self, NoticeKind};
use openness::usecase::{self, Registered};
use openness::{Acting, ApplicationId, Issuer, UnitId};
use platform::Platform;
use platform::audit::AuditActor;
use platform::roles::Role;
use platform::users::{self, NewAccount};
use platform::workflow::Context;
use sqlx::Row as _;

use crate::{CAL, PROFILE, at, filing, person, t0, wd};

struct Staff {
    acting: Acting,
    audit: AuditActor,
}

struct World {
    platform: Platform,
    office: UnitId,
    officer: Staff,
    head: Staff,
    /// The market bureau's leader: no part in the office's applications.
    stranger: Staff,
    public: AuditActor,
}

async fn staff_of(platform: &Platform, username: &str) -> Staff {
    let id = users::id_by_username(&platform.db, username)
        .await
        .unwrap()
        .unwrap();
    let actor = users::load_actor(&platform.db, id).await.unwrap().unwrap();
    Staff {
        acting: Acting::from(&actor),
        audit: AuditActor::staff(&actor, "127.0.0.1"),
    }
}

async fn worlds() -> Vec<World> {
    let mut worlds = Vec::new();
    for platform in platform::testing::each_backend().await {
        platform::demo::seed(&platform.db, &platform.key)
            .await
            .unwrap();
        let office = UnitId(
            platform::units::find_by_code(&platform.db, "gz-office")
                .await
                .unwrap()
                .unwrap()
                .id,
        );
        let mut tx = platform.db.begin().await.unwrap();
        users::create(
            &mut tx,
            &AuditActor::system("test"),
            NewAccount {
                unit_id: office.0,
                username: "t.office.head".into(),
                display_name: "测试主任".into(),
                roles: vec![Role::UnitLeader],
            },
            0,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let officer = staff_of(&platform, "openness").await;
        let head = staff_of(&platform, "t.office.head").await;
        let stranger = staff_of(&platform, "leader").await;
        worlds.push(World {
            platform,
            office,
            officer,
            head,
            stranger,
            public: AuditActor::anonymous("127.0.0.1"),
        });
    }
    worlds
}

impl World {
    fn context<'a>(&'a self, actor: &'a AuditActor, now: Instant) -> Context<'a> {
        Context::new(&self.platform.key, actor, &CAL, &PROFILE, now)
    }

    async fn run(
        &self,
        id: ApplicationId,
        command: Command,
        by: &Staff,
        now: Instant,
    ) -> platform::Result<openness::application::Application> {
        usecase::execute(
            &self.platform.db,
            &self.context(&by.audit, now),
            &by.acting,
            id,
            command,
            None,
        )
        .await
        .map(|(application, _)| application)
    }

    async fn scalar(&self, sql: &str, id: ApplicationId) -> i64 {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .bind(id.0)
            .fetch_one(&self.platform.db.pool)
            .await
            .unwrap();
        row.try_get(0).unwrap()
    }

    /// (status, paused) of the application's clocks of `rule`'s code, oldest first.
    async fn clocks(&self, id: ApplicationId) -> Vec<(String, bool)> {
        let rows = sqlx::query(
            "SELECT status, paused_since FROM clocks WHERE subject_type = 'openness_application' \
             AND subject_id = $1 ORDER BY id",
        )
        .bind(id.0.to_string())
        .fetch_all(&self.platform.db.pool)
        .await
        .unwrap();
        rows.iter()
            .map(|row| {
                let paused: Option<i64> = row.try_get("paused_since").unwrap();
                (row.try_get("status").unwrap(), paused.is_some())
            })
            .collect()
    }

    async fn apply_online(&self, now: Instant) -> Registered {
        usecase::register(
            &self.platform.db,
            &self.context(&self.public, now),
            &Issuer::Applicant,
            self.office,
            filing(person(), Channel::Online),
        )
        .await
        .unwrap()
    }
}

/// PUB-APPLY, PUB-ANSWER, CAL-PAUSE: register → supplement → corrected → third-party pause →
/// extension → answer, each on the kernel; the notices kept, the history written.
#[tokio::test]
async fn pub_apply_an_application_runs_on_the_kernel_to_its_answer() {
    for w in worlds().await {
        let db = &w.platform.db;
        let registered = w.apply_online(t0()).await;
        let id = registered.id;
        assert!(registered.number.starts_with("YSQ2026"));
        assert!(platform::query_code::is_shown_form(&registered.query_code));
        assert_eq!(w.clocks(id).await, vec![("running".to_owned(), false)]);

        // The one supplement notice: the answer clock stops, the applicant's period runs.
        let supplement = Command::RequestSupplement {
            items: vec!["请写明文件的文号".into()],
            period: wd(10),
        };
        let application = w
            .run(id, supplement.clone(), &w.officer, at("2026-03-03T10:00"))
            .await
            .unwrap();
        assert_eq!(application.status, Status::Supplementing);
        // A second notice is refused and changes nothing.
        let before = w.scalar(
            "SELECT version FROM openness_applications WHERE id = $1",
            id,
        );
        let before = before.await;
        let refused = w
            .run(id, supplement, &w.officer, at("2026-03-03T11:00"))
            .await;
        assert!(refused.is_err());
        assert_eq!(
            w.scalar(
                "SELECT version FROM openness_applications WHERE id = $1",
                id
            )
            .await,
            before
        );

        // The applicant corrects with the number and code: the answer clock restarts.
        let corrected = Command::Supplemented {
            description: "2025年城区道路改造工程立项批复（甘发改〔2025〕12号）".into(),
        };
        let context = w.context(&w.public, at("2026-03-05T09:00"));
        let (application, _) = usecase::applicant_execute(
            db,
            &context,
            (&registered.number, &registered.query_code),
            corrected.clone(),
        )
        .await
        .unwrap();
        assert_eq!(application.status, Status::Received);
        // A wrong code is not found and changes nothing.
        let wrong =
            usecase::applicant_execute(db, &context, (&registered.number, "2222-2222"), corrected)
                .await;
        assert!(matches!(wrong, Err(platform::Error::NotFound(_))));
        let clocks = w.clocks(id).await;
        assert_eq!(clocks.len(), 3, "{clocks:?}");
        assert_eq!(clocks[2], ("running".to_owned(), false));

        // Handling, then the third party: the answer clock pauses (CAL-PAUSE).
        w.run(
            id,
            Command::StartHandling,
            &w.officer,
            at("2026-03-05T10:00"),
        )
        .await
        .unwrap();
        let consult = Command::ConsultThirdParty {
            party: "某某建设公司".into(),
            matter: "批复文件涉及该公司商业秘密".into(),
        };
        w.run(id, consult, &w.officer, at("2026-03-06T10:00"))
            .await
            .unwrap();
        let clocks = w.clocks(id).await;
        assert_eq!(clocks[2], ("paused".to_owned(), true), "{clocks:?}");
        assert_eq!(clocks.len(), 4);
        let replied = Command::ThirdPartyReplied {
            opinion: ThirdPartyOpinion::Objects,
            reply: "不同意公开报价部分".into(),
        };
        w.run(id, replied, &w.officer, at("2026-03-13T10:00"))
            .await
            .unwrap();
        assert_eq!(w.clocks(id).await[2], ("running".to_owned(), false));

        // The extension: the officer may not approve it; the office head does, once.
        let extend = Command::Extend {
            amount: wd(20),
            reason: "需要调取档案".into(),
        };
        let refused = w
            .run(id, extend.clone(), &w.officer, at("2026-03-16T10:00"))
            .await;
        assert!(matches!(refused, Err(platform::Error::Refused(_))));
        w.run(id, extend.clone(), &w.head, at("2026-03-16T10:00"))
            .await
            .unwrap();
        let second = w.run(id, extend, &w.head, at("2026-03-17T10:00")).await;
        assert!(
            matches!(second, Err(platform::Error::Conflict(_))),
            "{second:?}"
        );

        // The answer: 部分公开 with its notice, kept and masked; the clocks stopped.
        let answer = Command::Answer {
            outcome: Outcome::PartlyDisclosed,
            input: AnswerInput {
                reasoning: "报价部分涉及第三方商业秘密，第三方不同意公开".into(),
                provided: vec!["立项批复（删除报价部分）".into()],
                form: Some(Form::Electronic),
                ..AnswerInput::default()
            },
        };
        let application = w
            .run(id, answer, &w.officer, at("2026-03-20T10:00"))
            .await
            .unwrap();
        assert_eq!(application.status, Status::Answered);
        assert!(
            w.clocks(id)
                .await
                .iter()
                .all(|(status, _)| status != "running")
        );
        let kept = notices::of_application(db, id).await.unwrap();
        let kinds: Vec<NoticeKind> = kept.iter().map(|notice| notice.kind).collect();
        assert_eq!(
            kinds,
            vec![
                NoticeKind::Supplement,
                NoticeKind::Extension,
                NoticeKind::Answer
            ]
        );
        assert_eq!(kept[2].outcome, Some(Outcome::PartlyDisclosed));
        assert!(!kept[2].notice.addressee.contains("张三"));
        let history = w
            .scalar(
                "SELECT COUNT(*) FROM openness_application_events WHERE application_id = $1",
                id,
            )
            .await;
        assert!(history >= 8, "{history}");
        let line = store::ledger(db, Some(w.office), 10).await.unwrap();
        assert_eq!(line[0].outcome, Some(Outcome::PartlyDisclosed));
    }
}

/// HL-PRIVACY: the applicant is sealed (never in the snapshot) and masked; the officer's
/// reveal writes an audit row; a stranger's is refused. PUB-APPLY: refusals of staff outside
/// the unit change nothing, and a walk-in is filled in by the officer.
#[tokio::test]
async fn pub_apply_the_applicant_is_sealed_and_revealed_with_an_audit_row() {
    for w in worlds().await {
        let db = &w.platform.db;
        let id = w.apply_online(t0()).await.id;
        let state: String = sqlx::query("SELECT state FROM openness_applications WHERE id = $1")
            .bind(id.0)
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .try_get("state")
            .unwrap();
        for clear in ["张三", "360702198001011234", "13900000000"] {
            assert!(!state.contains(clear), "{clear} in {state}");
        }
        let context = w.context(&w.officer.audit, at("2026-03-02T11:00"));
        let stranger =
            usecase::unmask_applicant(db, &context, &w.stranger.acting, id, "核对").await;
        assert!(stranger.is_err());
        let applicant = usecase::unmask_applicant(db, &context, &w.officer.acting, id, "电话联系")
            .await
            .unwrap();
        assert_eq!(applicant.name, "张三");
        let audits = w
            .scalar(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'unmask' \
                 AND object_type = 'openness_application' AND object_id = CAST($1 AS TEXT)",
                id,
            )
            .await;
        assert_eq!(audits, 1);
        let refused = w
            .run(
                id,
                Command::StartHandling,
                &w.stranger,
                at("2026-03-02T12:00"),
            )
            .await;
        assert!(matches!(refused, Err(platform::Error::Refused(_))));
        let version = w
            .scalar(
                "SELECT version FROM openness_applications WHERE id = $1",
                id,
            )
            .await;
        assert_eq!(version, 1);

        let walk_in = usecase::register(
            db,
            &w.context(&w.officer.audit, t0()),
            &Issuer::Staff(w.officer.acting.clone()),
            w.office,
            filing(person(), Channel::WalkIn),
        )
        .await
        .unwrap();
        let stored = store::get(db, walk_in.id).await.unwrap();
        assert_eq!(
            stored.application.filing.registered_by,
            Some(w.officer.acting.user)
        );
        // An answer outside the outcome list's rules (不予公开 without reasons) is refused.
        let bare = Command::Answer {
            outcome: Outcome::NotDisclosed(NotDisclosedReason::StateSecret),
            input: AnswerInput::default(),
        };
        w.run(
            walk_in.id,
            Command::StartHandling,
            &w.officer,
            at("2026-03-03T09:00"),
        )
        .await
        .unwrap();
        let refused = w
            .run(walk_in.id, bare, &w.officer, at("2026-03-03T10:00"))
            .await;
        assert!(
            matches!(refused, Err(platform::Error::Invalid(_))),
            "{refused:?}"
        );
        assert!(
            notices::of_application(db, walk_in.id)
                .await
                .unwrap()
                .is_empty()
        );
    }
}
