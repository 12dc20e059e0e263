//! The document register stored and run on the workflow kernel, on both backends (PUB-ATTR,
//! PUB-CONFID, PUB-COORD, SEC-SECRET): the government office registers a draft (a draft
//! without its attribute is returned and nothing is stored), the signer confirms, the officer
//! reviews, the education bureau is asked to confirm (its clock on the shared clock table,
//! filed under the bureau, the document in the bureau's register), the bureau agrees and the
//! gate opens; a secret document never passes the gate; a stale page and a stranger change
//! nothing.

use calendar::Instant;
use openness::register::{
    Attribute, DocumentCommand, Draft, PublishChannel, ReviewOpinion, Secrecy, SecrecyLevel, Stage,
};
use openness::store::documents as store;
use openness::usecase::documents as usecase;
use openness::{Acting, DocumentId, UnitId};
use platform::Platform;
use platform::audit::AuditActor;
use platform::roles::Role;
use platform::users::{self, NewAccount};
use platform::workflow::Context;
use sqlx::Row as _;

use crate::{CAL, PROFILE, t0};

struct Staff {
    acting: Acting,
    audit: AuditActor,
}

struct World {
    platform: Platform,
    education: UnitId,
    officer: Staff,
    head: Staff,
    bureau_head: Staff,
    stranger: Staff,
}

async fn unit(platform: &Platform, code: &str) -> UnitId {
    UnitId(
        platform::units::find_by_code(&platform.db, code)
            .await
            .unwrap()
            .unwrap()
            .id,
    )
}

async fn leader_of(platform: &Platform, unit: UnitId, username: &str) -> Staff {
    let mut tx = platform.db.begin().await.unwrap();
    users::create(
        &mut tx,
        &AuditActor::system("test"),
        NewAccount {
            unit_id: unit.0,
            username: username.into(),
            display_name: "测试负责人".into(),
            roles: vec![Role::UnitLeader],
        },
        0,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    staff_of(platform, username).await
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
        let office = unit(&platform, "gz-office").await;
        let education = unit(&platform, "gz-education").await;
        let head = leader_of(&platform, office, "t.doc.head").await;
        let bureau_head = leader_of(&platform, education, "t.doc.bureau").await;
        worlds.push(World {
            officer: staff_of(&platform, "openness").await,
            stranger: staff_of(&platform, "leader").await,
            platform,
            education,
            head,
            bureau_head,
        });
    }
    worlds
}

fn draft(title: &str) -> Draft {
    Draft {
        title: title.into(),
        number: "章府办发〔2026〕12号".into(),
        kind: None,
        attribute: Some(Attribute::Proactive),
        attribute_reason: String::new(),
        secrecy: None,
        topic: None,
        meeting: None,
        interests: Vec::new(),
    }
}

impl World {
    fn context<'a>(&'a self, by: &'a Staff, now: Instant) -> Context<'a> {
        Context::new(&self.platform.key, &by.audit, &CAL, &PROFILE, now)
    }

    async fn register(&self, draft: Draft) -> platform::Result<DocumentId> {
        let context = self.context(&self.officer, t0());
        usecase::register_draft(&self.platform.db, &context, &self.officer.acting, draft)
            .await
            .map(|stored| stored.document.id)
    }

    async fn run(
        &self,
        id: DocumentId,
        command: DocumentCommand,
        by: &Staff,
        version: Option<i64>,
    ) -> platform::Result<i64> {
        let now = Instant::from_millis(t0().millis() + 3_600_000);
        usecase::execute(
            &self.platform.db,
            &self.context(by, now),
            &by.acting,
            id,
            command,
            version,
        )
        .await
        .map(|(_, version)| version)
    }

    async fn count(&self, sql: &str) -> i64 {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_one(&self.platform.db.pool)
            .await
            .unwrap();
        row.try_get(0).unwrap()
    }

    async fn gate(&self, id: DocumentId) -> platform::Result<Stage> {
        let mut tx = self.platform.db.begin().await.unwrap();
        usecase::gate_in(&mut tx, PublishChannel::Site, id).await
    }
}

fn review() -> DocumentCommand {
    DocumentCommand::Review {
        opinion: ReviewOpinion::Disclose,
        basis: "《中华人民共和国保守国家秘密法》".into(),
        reason: String::new(),
        redaction: None,
    }
}

#[tokio::test]
async fn pub_attr_pub_confid_pub_coord_a_document_reaches_the_gate_through_its_records() {
    for world in worlds().await {
        // PUB-ATTR: a draft without its attribute is returned (退文); nothing is stored.
        let unmarked = Draft {
            attribute: None,
            ..draft("未标属性的文件")
        };
        let refused = world.register(unmarked).await.unwrap_err().to_string();
        assert!(
            refused.contains("退文") && refused.contains("公开属性"),
            "{refused}"
        );
        assert_eq!(
            world.count("SELECT COUNT(*) FROM openness_documents").await,
            0
        );

        let id = world
            .register(draft("关于做好秋季学校安全工作的通知"))
            .await
            .unwrap();
        assert_eq!(
            world.gate(id).await.unwrap_err().to_string(),
            "网站发布：公开属性尚未经签发人确认（PUB-ATTR）"
        );
        // PUB-ATTR: only the signer (a leader of the issuing unit) confirms.
        let officer_confirms = world.run(id, DocumentCommand::Confirm, &world.officer, None);
        assert!(officer_confirms.await.is_err());
        world
            .run(id, DocumentCommand::Confirm, &world.head, None)
            .await
            .unwrap();
        world.run(id, review(), &world.officer, None).await.unwrap();

        // PUB-COORD: the bureau is asked; its clock is filed under it and it sees the document.
        let ask = DocumentCommand::RequestCoordination {
            units: vec![world.education],
            matter: "请确认文中学校名单".into(),
        };
        let version = world.run(id, ask, &world.officer, None).await.unwrap();
        let clocks = format!(
            "SELECT COUNT(*) FROM clocks WHERE subject_type = 'openness_document' \
             AND subject_id = '{}' AND unit_id = {} AND rule_id = 'PUB-COORD' \
             AND status = 'running'",
            id.0, world.education.0
        );
        assert_eq!(world.count(&clocks).await, 1);
        let bureau = store::register(&world.platform.db, world.education, 50)
            .await
            .unwrap();
        assert_eq!(bureau.iter().map(|line| line.id).collect::<Vec<_>>(), [id]);
        assert_eq!(bureau[0].stage, Stage::AwaitingCoordination);
        assert!(world.gate(id).await.is_err());

        // The market bureau's leader learns nothing of it, and changes nothing.
        let stranger = usecase::office_document(&world.platform.db, id, &world.stranger.acting);
        assert!(matches!(stranger.await, Err(platform::Error::NotFound(_))));
        let reply = DocumentCommand::ReplyCoordination {
            agreed: true,
            opinion: String::new(),
        };
        assert!(
            world
                .run(id, reply.clone(), &world.stranger, None)
                .await
                .is_err()
        );
        // A stale page changes nothing.
        let stale = world.run(id, reply.clone(), &world.bureau_head, Some(version - 1));
        assert!(matches!(stale.await, Err(platform::Error::Conflict(_))));

        world
            .run(id, reply, &world.bureau_head, None)
            .await
            .unwrap();
        assert_eq!(
            world.count(&clocks.replace("'running'", "'met'")).await,
            1,
            "the bureau's clock stopped in time"
        );
        assert_eq!(world.gate(id).await.unwrap(), Stage::Publishable);
        let history = format!(
            "SELECT COUNT(*) FROM openness_document_events WHERE document_id = {}",
            id.0
        );
        assert!(world.count(&history).await >= 5);
        let audited = "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'openness.document.%'";
        assert_eq!(world.count(audited).await, 5);
    }
}

#[tokio::test]
async fn sec_secret_a_marked_document_never_passes_the_gate_on_any_channel() {
    for world in worlds().await {
        let secret = Draft {
            secrecy: Some(Secrecy {
                level: SecrecyLevel::Secret,
                until: None,
            }),
            ..draft("涉密文件")
        };
        let id = world.register(secret).await.unwrap();
        world
            .run(id, DocumentCommand::Confirm, &world.head, None)
            .await
            .unwrap();
        // PUB-CONFID: a 公开 opinion needs the declassification first.
        assert!(world.run(id, review(), &world.officer, None).await.is_err());
        for channel in PublishChannel::ALL {
            let mut tx = world.platform.db.begin().await.unwrap();
            let refused = usecase::gate_in(&mut tx, channel, id).await.unwrap_err();
            assert!(refused.to_string().contains("SEC-SECRET"), "{refused}");
        }
        assert_eq!(
            store::get(&world.platform.db, id).await.unwrap().version,
            2,
            "the refused review changed nothing"
        );
    }
}
