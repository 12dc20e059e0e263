//! The battery's objects of consultations and interviews (issue 17, MSG-CONSULT,
//! PUB-PRECONSULT, MSG-INTERVIEW): a topic of unit A decided, open for comments and votes, or
//! past its period with a comment shown (the adoption report is due); an interview of unit A
//! announced, or live with a question waiting — made through the consultation use cases.

use calendar::Instant;
use consultation::interview::{Announcement, Command as InterviewCommand};
use consultation::topic::{Command, Draft, Question, QuestionKind};
use consultation::usecase::{self, interviews, phone};
use consultation::{InterviewId, TopicId, UnitId};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::personal::PhoneNumber;
use platform::workflow::Context;

use crate::battery_fixtures::{Fixture, Made, Object, row};
use crate::battery_world::{UNIT_A, World};

/// Where a topic of unit A stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicStage {
    /// Decided: the 预公开 clock runs, publication is offered.
    Decided,
    /// Published and within its period: the public page offers the code, vote and comment
    /// forms (MSG-CONSULT).
    Open,
    /// Published, its period over, one comment shown: the adoption report is offered.
    Closed,
}

/// Where an interview of unit A stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InterviewStage {
    Announced,
    /// Live with one question waiting for the moderators.
    Live,
}

const DAY: i64 = 86_400_000;

/// A phone of its own for each object (one code a minute per phone).
fn fresh_phone() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let seed = u64::try_from(now_ms()).unwrap_or_default() % 10_000;
    format!("139{:04}{:04}", seed, n % 10_000)
}

impl World<'_> {
    /// A site of unit A, open (made through the sites' use cases).
    async fn consultation_site(&self) -> i64 {
        self.made_site(crate::battery_fixtures::SiteStage::Open)
            .await
            .0
    }

    /// A topic of unit A at `stage`; its back-office page.
    pub async fn topic_object(&self, stage: TopicStage) -> Made {
        let db = &self.app.platform.db;
        let key = &self.app.platform.key;
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let actor = AuditActor::system("电池测试");
        let now = now_ms();
        let at = |offset: i64| Instant::from_millis(now + offset);
        let (start, end) = match stage {
            TopicStage::Decided | TopicStage::Open => (at(-DAY), at(20 * DAY)),
            TopicStage::Closed => (at(-20 * DAY), at(-DAY)),
        };
        let draft = Draft {
            site_id: self.consultation_site().await,
            title: "电池测试征集".into(),
            draft: "电池测试的征求意见稿。".into(),
            opens_at: start,
            closes_at: end,
            questions: vec![
                Question {
                    kind: QuestionKind::Comment,
                    text: "您的意见？".into(),
                    options: vec![],
                },
                Question {
                    kind: QuestionKind::Single,
                    text: "是否赞成？".into(),
                    options: vec!["赞成".into(), "不赞成".into()],
                },
            ],
            no_secrets: true,
        };
        let unit = UnitId(self.unit(UNIT_A));
        let context = Context::new(key, &actor, &calendar, &profile, start);
        let topic = usecase::decide(db, &context, unit, &draft).await.unwrap();
        if stage != TopicStage::Decided {
            let context = Context::new(key, &actor, &calendar, &profile, start);
            usecase::execute(db, &context, unit, topic.id, Command::Publish, None)
                .await
                .unwrap();
        }
        if stage == TopicStage::Closed {
            let during = at(-10 * DAY);
            let mobile = fresh_phone();
            let number = PhoneNumber::parse(&mobile).unwrap();
            let code = phone::send_code(db, key, &actor, &number, during)
                .await
                .unwrap();
            usecase::comment(
                db,
                key,
                &actor,
                topic.id,
                "网友",
                "电池测试意见",
                &mobile,
                &code,
                during,
            )
            .await
            .unwrap();
        }
        let TopicId(id) = topic.id;
        Made {
            ids: vec![id],
            page: format!("/office/consultations/{id}"),
            other: None,
        }
    }

    /// An interview of unit A at `stage`; its moderation page.
    pub async fn interview_object(&self, stage: InterviewStage) -> Made {
        let db = &self.app.platform.db;
        let key = &self.app.platform.key;
        let actor = AuditActor::system("电池测试");
        let now = now_ms();
        let unit = UnitId(self.unit(UNIT_A));
        let announcement = Announcement {
            site_id: self.consultation_site().await,
            title: "电池测试访谈".into(),
            summary: "电池测试的访谈简介。".into(),
            guests: "电池测试嘉宾".into(),
            starts_at: Instant::from_millis(now + DAY),
        };
        let announced_at = Instant::from_millis(now - DAY);
        let found = interviews::announce(db, &actor, unit, &announcement, announced_at)
            .await
            .unwrap();
        if stage == InterviewStage::Live {
            let live = Instant::from_millis(now - 1000);
            interviews::command(db, &actor, unit, found.id, InterviewCommand::Start, live)
                .await
                .unwrap();
            let mobile = fresh_phone();
            let number = PhoneNumber::parse(&mobile).unwrap();
            let code = phone::send_code(db, key, &actor, &number, live)
                .await
                .unwrap();
            interviews::ask(
                db,
                key,
                &actor,
                found.id,
                "网友",
                "电池测试提问",
                &mobile,
                &code,
                live,
            )
            .await
            .unwrap();
        }
        let InterviewId(id) = found.id;
        Made {
            ids: vec![id],
            page: format!("/office/interviews/{id}"),
            other: None,
        }
    }
}

/// The routes with an id of consultations and interviews, each with its stage.
pub const FIXTURES: &[Fixture] = &[
    row(
        "/office/consultations/{id}",
        Object::Topic(TopicStage::Decided),
    ),
    row(
        "/office/consultations/{id}/publish",
        Object::Topic(TopicStage::Decided),
    ),
    row(
        "/office/consultations/{id}/report",
        Object::Topic(TopicStage::Closed),
    ),
    row(
        "/office/interviews/{id}",
        Object::Interview(InterviewStage::Announced),
    ),
    row(
        "/office/interviews/{id}/start",
        Object::Interview(InterviewStage::Announced),
    ),
    row(
        "/office/interviews/{id}/end",
        Object::Interview(InterviewStage::Live),
    ),
    row(
        "/office/interviews/{id}/answer",
        Object::Interview(InterviewStage::Live),
    ),
    row(
        "/office/interviews/{id}/set-aside",
        Object::Interview(InterviewStage::Live),
    ),
];
