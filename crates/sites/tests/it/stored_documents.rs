//! Articles that publish a document of the openness register, on both backends (PUB-PROACTIVE,
//! PUB-ATTR, PUB-COORD, SEC-SECRET): the education bureau registers a document; its editor
//! cannot draft from it before the signer confirms and the review passes; the draft made then
//! carries its title, 文号 and the note 此件主动公开 and names the document; a coordination
//! asked meanwhile holds its publication until the government office agrees; the publication
//! is recorded in the register, stops the document's deadline and lists it in the catalogue
//! (PUB-CATALOG); a secret document makes no draft.

use openness::register::Topic;
use openness::register::{Attribute, DocumentCommand, Draft, ReviewOpinion, Secrecy, SecrecyLevel};
use openness::usecase::catalogue::Filter;
use openness::usecase::documents as register;
use sites::article::{Command, Status};
use sites::store::articles as store;

use crate::world::{Staff, World, t0, worlds};

fn acting(staff: &Staff) -> openness::Acting {
    openness::Acting::new(staff.acting.user, staff.acting.unit, &staff.acting.roles)
}

fn draft(title: &str, secrecy: Option<Secrecy>) -> Draft {
    Draft {
        title: title.into(),
        number: "章教发〔2025〕3号".into(),
        kind: None,
        attribute: Some(Attribute::Proactive),
        attribute_reason: String::new(),
        secrecy,
        topic: Some(Topic::ScienceEducation),
        meeting: None,
        interests: Vec::new(),
    }
}

impl World {
    async fn register(&self, draft: Draft) -> (openness::DocumentId, String) {
        let by = &self.edu_leader;
        let stored = register::register_draft(
            &self.platform.db,
            &self.context(by, t0()),
            &acting(by),
            draft,
        )
        .await
        .unwrap();
        (stored.document.id, stored.number)
    }

    async fn record(&self, id: openness::DocumentId, command: DocumentCommand, by: &Staff) {
        register::execute(
            &self.platform.db,
            &self.context(by, t0()),
            &acting(by),
            id,
            command,
            None,
        )
        .await
        .unwrap();
    }

    async fn draft_from(&self, number: &str) -> platform::Result<sites::ArticleId> {
        let by = &self.editor_a;
        sites::usecase::documents::draft_from_document(
            &self.platform.db,
            &self.context(by, t0()),
            &by.acting,
            self.news,
            number,
        )
        .await
        .map(|(id, _)| id)
    }
}

#[tokio::test]
async fn pub_proactive_sec_secret_an_article_publishes_a_register_document_only_through_its_gate() {
    for world in worlds().await {
        let (id, number) = world.register(draft("关于秋季开学工作的通知", None)).await;
        let articles = "SELECT COUNT(*) AS n FROM site_articles";
        let before = world.scalar(articles).await;
        // PUB-ATTR: not yet confirmed by the signer; no draft is made.
        let refused = world.draft_from(&number).await.unwrap_err().to_string();
        assert!(refused.contains("PUB-ATTR"), "{refused}");
        assert_eq!(world.scalar(articles).await, before);
        assert!(world.draft_from("GW0000").await.is_err());

        world
            .record(id, DocumentCommand::Confirm, &world.edu_leader)
            .await;
        let review = DocumentCommand::Review {
            opinion: ReviewOpinion::Disclose,
            basis: "保密审查制度".into(),
            reason: String::new(),
            redaction: None,
        };
        world.record(id, review, &world.edu_leader).await;
        let article = world.draft_from(&number).await.unwrap();
        let stored = store::get(&world.platform.db, article).await.unwrap();
        assert_eq!(stored.article.content.title, "关于秋季开学工作的通知");
        assert!(stored.article.content.body.contains("此件主动公开"));
        assert!(stored.article.content.body.contains("章教发〔2025〕3号"));
        let linked = format!(
            "SELECT COUNT(*) AS n FROM site_articles WHERE id = {} AND document_id = {}",
            article.0, id.0
        );
        assert_eq!(world.scalar(&linked).await, 1);

        // PUB-COORD: the government office is asked meanwhile; publication waits for it.
        let ask = DocumentCommand::RequestCoordination {
            units: vec![world.office],
            matter: "请确认开学时间".into(),
        };
        world.record(id, ask, &world.edu_leader).await;
        world
            .run(article, Command::Submit, &world.editor_a, t0())
            .await
            .unwrap();
        let signed = Command::Review {
            opinion: "同意".into(),
        };
        world
            .run(article, signed, &world.reviewer, t0())
            .await
            .unwrap();
        let publish = || Command::Publish { at: None };
        let held = world.run(article, publish(), &world.publisher, t0()).await;
        let held = held.unwrap_err().to_string();
        assert!(
            held.contains("PUB-COORD") && held.contains("网站发布"),
            "{held}"
        );
        let stored = store::get(&world.platform.db, article).await.unwrap();
        assert_ne!(stored.article.status, Status::Published);
        let reply = DocumentCommand::ReplyCoordination {
            agreed: true,
            opinion: String::new(),
        };
        world.record(id, reply, &world.office_leader).await;
        let (published, _) = world
            .run(article, publish(), &world.publisher, t0())
            .await
            .unwrap();
        assert_eq!(published.status, Status::Published);
        // PUB-PROACTIVE: the register records the publication; the document's clock, filed
        // under the bureau since the signer confirmed, stopped in time.
        let clocks = |status: &str| {
            format!(
                "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'openness_document' \
                 AND subject_id = '{}' AND rule_id = 'PUB-PROACTIVE' AND unit_id = {} \
                 AND status = '{status}'",
                id.0, world.edu.0
            )
        };
        assert_eq!(world.scalar(&clocks("met")).await, 1);
        assert_eq!(world.scalar(&clocks("running")).await, 0);
        let document = openness::store::documents::get(&world.platform.db, id)
            .await
            .unwrap()
            .document;
        let publication = document.publication.unwrap();
        assert_eq!(publication.article, article.0);
        assert!(publication.met);
        assert!(
            publication
                .url
                .ends_with(&format!("/articles/{}", article.0))
        );
        // PUB-CATALOG: the catalogue lists it at once, under its topic and unit, with its
        // 索引号; another topic's filter leaves it out.
        let entries = |filter| openness::usecase::catalogue::entries(&world.platform.db, filter);
        let listed = entries(Filter::default()).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].document, id);
        assert_eq!(listed[0].topic, Topic::ScienceEducation);
        assert_eq!(listed[0].url, publication.url);
        let year = chrono::Datelike::year(&publication.at.local_date());
        assert!(
            listed[0]
                .index_number
                .ends_with(&format!("/10/{year}-{:05}", id.0)),
            "{}",
            listed[0].index_number
        );
        let by_unit = Filter {
            topic: Some(Topic::ScienceEducation),
            unit: Some(world.edu),
        };
        assert_eq!(entries(by_unit).await.unwrap().len(), 1);
        let other = Filter {
            topic: Some(Topic::Finance),
            unit: None,
        };
        assert!(entries(other).await.unwrap().is_empty());

        // SEC-SECRET: a secret document never becomes a draft.
        let mark = Secrecy {
            level: SecrecyLevel::Confidential,
            until: None,
        };
        let (secret, secret_number) = world.register(draft("涉密通知", Some(mark))).await;
        world
            .record(secret, DocumentCommand::Confirm, &world.edu_leader)
            .await;
        let refused = world.draft_from(&secret_number).await.unwrap_err();
        assert!(refused.to_string().contains("SEC-SECRET"), "{refused}");
    }
}
