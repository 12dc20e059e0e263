//! Published message replies in the search, on both backends (WEB-SEARCH, MSG-PUBLISH): a
//! message whose reply the editor publishes is found under 互动 with its public page's
//! address, by the feed and after a rebuild; a message whose reply is approved but not
//! published, and one withheld, are not found; the writer's name is never searchable.

use std::time::Duration;

use calendar::{Calendar, Instant};
use participation::message::{Acting, Channel, Command, Filing, WithholdReason, Writer};
use participation::usecase;
use participation::{MessageId, UnitId};
use platform::Platform;
use platform::audit::AuditActor;
use platform::profile::RuleProfile;
use platform::workflow::Context;
use search::{Kind, Request, Search};

const WRITER: &str = "名QXSEARCHWRITER";

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

struct Staff {
    acting: Acting,
    audit: AuditActor,
}

async fn staff_of(platform: &Platform, username: &str) -> Staff {
    let db = &platform.db;
    let id = platform::users::id_by_username(db, username)
        .await
        .unwrap()
        .unwrap();
    let actor = platform::users::load_actor(db, id).await.unwrap().unwrap();
    Staff {
        acting: usecase::acting(db, &actor).await.unwrap(),
        audit: AuditActor::staff(&actor, "127.0.0.1"),
    }
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

/// A complaint to the portal routed to the education bureau, replied and approved; its id.
async fn replied(platform: &Platform, title: &str, reply: &str) -> MessageId {
    let db = &platform.db;
    let calendar = Calendar::try_national().unwrap();
    let profile = RuleProfile::default();
    let at = Instant::from_millis(now());
    let public = AuditActor::anonymous("127.0.0.1");
    let filing = Filing {
        channel: Channel::Complaint,
        writer: Writer {
            name: WRITER.into(),
            phone: "13957310042".into(),
            email: String::new(),
        },
        title: title.into(),
        content: format!("{title}，请有关部门尽快处理。"),
        allow_publication: true,
        page: String::new(),
    };
    let site = unit(platform, "gz-office").await;
    let context = Context::new(&platform.key, &public, &calendar, &profile, at);
    let id = usecase::submit(db, &context, site, &filing)
        .await
        .unwrap()
        .id;
    let education = unit(platform, "gz-education").await;
    let steps = [
        (
            "editor",
            Command::Route {
                unit: education,
                note: "属教育局职责".into(),
            },
        ),
        ("education.a", Command::Reply { text: reply.into() }),
        (
            "education.leader",
            Command::Approve {
                note: String::new(),
            },
        ),
    ];
    for (username, command) in steps {
        run(platform, username, id, command).await;
    }
    id
}

async fn run(platform: &Platform, username: &str, id: MessageId, command: Command) {
    let calendar = Calendar::try_national().unwrap();
    let profile = RuleProfile::default();
    let staff = staff_of(platform, username).await;
    let context = Context::new(
        &platform.key,
        &staff.audit,
        &calendar,
        &profile,
        Instant::from_millis(now()),
    );
    usecase::execute(&platform.db, &context, &staff.acting, id, command, None)
        .await
        .unwrap();
}

/// The urls of the 互动 results of `query`.
fn interact(search: &Search, query: &str) -> Vec<String> {
    let request = Request {
        query: query.into(),
        kind: Some(Kind::Interact),
        page: 1,
        now: now(),
        ..Request::default()
    };
    let answer = search.engine.search(&request).unwrap();
    answer.hits.into_iter().map(|hit| hit.url).collect()
}

fn dir(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("zhengwu-search-msg-{name}-{}", now()))
}

/// WEB-SEARCH, MSG-PUBLISH: a published reply is found under 互动 (by the change feed and
/// after a rebuild); an unpublished or withheld one is not; the writer is not searchable.
#[tokio::test]
async fn web_search_finds_published_message_replies_only() {
    for platform in platform::testing::each_backend().await {
        let backend = platform.db.backend.name();
        platform::demo::seed(&platform.db, &platform.key)
            .await
            .unwrap();
        platform::demo::seed_contacts(&platform.db, &platform.key)
            .await
            .unwrap();
        let search = Search::start(platform.db.clone(), &dir("live")).await;

        let published = replied(
            &platform,
            "滨河幼儿园门前路灯不亮",
            "已联系供电部门修复路灯。",
        )
        .await;
        let approved = replied(&platform, "实验中学操场围栏破损", "已安排维修围栏。").await;
        let withheld = replied(&platform, "西关小学午托收费咨询", "午托收费标准已公示。").await;
        run(&platform, "editor", published, Command::Publish).await;
        run(
            &platform,
            "editor",
            withheld,
            Command::Withhold {
                reason: WithholdReason::Other,
                note: "涉及个别学生情况".into(),
            },
        )
        .await;

        let expected = format!("/messages/{}", published.0);
        let mut found = Vec::new();
        for _ in 0..50 {
            search.catch_up().await.unwrap();
            found = interact(&search, "幼儿园路灯");
            if found.contains(&expected) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(found, vec![expected.clone()], "{backend}");
        // The reply's words find it too.
        assert!(
            interact(&search, "供电部门修复").contains(&expected),
            "{backend}"
        );
        assert!(interact(&search, "操场围栏").is_empty(), "{backend}");
        assert!(interact(&search, "午托收费").is_empty(), "{backend}");
        assert!(interact(&search, "QXSEARCHWRITER").is_empty(), "{backend}");
        let _ = approved;

        // The rebuild reads the same: the published reply only.
        let rebuilt = Search::start(platform.db.clone(), &dir("rebuilt")).await;
        assert_eq!(
            interact(&rebuilt, "幼儿园路灯"),
            vec![expected],
            "{backend}"
        );
        assert!(interact(&rebuilt, "午托收费").is_empty(), "{backend}");
        assert!(interact(&rebuilt, "操场围栏").is_empty(), "{backend}");
    }
}
