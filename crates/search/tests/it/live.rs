//! The index kept live on both backends (WEB-SEARCH): two server processes (two platforms
//! with their own index directories) on one database both find an article shortly after it
//! is published; an index reopened continues from its feed position; a corrupt index is
//! rebuilt at start.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use calendar::{Calendar, Instant};
use platform::Platform;
use platform::audit::AuditActor;
use platform::profile::RuleProfile;
use platform::workflow::Context;
use search::{Request, Search};
use sites::Acting;
use sites::article::{Command, Content};
use sites::check::Builtin;
use sqlx::Row as _;

pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

fn dir(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("zhengwu-search-{name}-{}", now()))
}

pub(crate) fn keys(search: &Search, query: &str) -> Vec<String> {
    let request = Request {
        query: query.into(),
        page: 1,
        now: now(),
        ..Request::default()
    };
    search
        .engine
        .search(&request)
        .unwrap()
        .hits
        .into_iter()
        .map(|hit| hit.key)
        .collect()
}

pub(crate) async fn staff(platform: &Platform, username: &str) -> (Acting, AuditActor) {
    let id = platform::users::id_by_username(&platform.db, username)
        .await
        .unwrap()
        .unwrap();
    let actor = platform::users::load_actor(&platform.db, id)
        .await
        .unwrap()
        .unwrap();
    (Acting::from(&actor), AuditActor::staff(&actor, "127.0.0.1"))
}

/// Drafts, reviews and publishes an article in the demo editor's first column; its id.
async fn publish(platform: &Platform, title: &str) -> i64 {
    let body = "<p>全区开展冬季供暖安全检查，确保群众温暖过冬。</p>";
    publish_with(platform, title, body, &[]).await
}

/// The same with `body` and the files `uploads` attached to the draft.
pub(crate) async fn publish_with(
    platform: &Platform,
    title: &str,
    body: &str,
    uploads: &[platform::attachments::Upload],
) -> i64 {
    let db = &platform.db;
    let calendar = Calendar::try_national().unwrap();
    let profile = RuleProfile::default();
    let at = Instant::from_millis(now());
    let (editor, editor_audit) = staff(platform, "editor").await;
    let column: i64 =
        sqlx::query("SELECT id AS n FROM site_columns WHERE editor_a = $1 ORDER BY id")
            .bind(editor.user.0)
            .fetch_all(&db.pool)
            .await
            .unwrap()[0]
            .try_get("n")
            .unwrap();
    let context = Context::new(&platform.key, &editor_audit, &calendar, &profile, at);
    let content = Content {
        title: title.into(),
        body: body.into(),
        source: "甘州区人民政府办公室".into(),
        policy: None,
    };
    let (id, _) = sites::usecase::create_draft(
        db,
        &context,
        &editor,
        sites::ColumnId(column),
        content,
        false,
    )
    .await
    .unwrap();
    if !uploads.is_empty() {
        sites::usecase::attach_files(db, &context, &editor, id, uploads)
            .await
            .unwrap();
    }
    let steps = [
        ("editor", Command::Submit),
        (
            "reviewer",
            Command::Review {
                opinion: "同意".into(),
            },
        ),
        ("publisher", Command::Publish { at: None }),
    ];
    for (username, command) in steps {
        let (acting, audit) = staff(platform, username).await;
        let context = Context::new(&platform.key, &audit, &calendar, &profile, at);
        sites::usecase::execute_article(db, &context, &acting, &Builtin, id, command, None)
            .await
            .unwrap();
    }
    id.0
}

/// WEB-SEARCH: two processes on one database both find an article a moment after it is
/// published (each follows the change feed); the demo's guides, answers and articles are
/// found after the rebuild; a reopened index continues from its feed position.
#[tokio::test]
async fn web_search_two_processes_find_a_published_article() {
    for first in platform::testing::each_backend().await {
        let backend = first.db.backend.name();
        platform::demo::seed(&first.db, &first.key).await.unwrap();
        let actor = AuditActor::system("test-search");
        demo::knowledge::seed(&first.db, &actor).await.unwrap();
        demo::catalogue::seed(&first.db, &actor).await.unwrap();
        demo::sites::seed(&first).await.unwrap();
        let mut config = first.config.clone();
        config.database_url = Some(first.config.effective_database_url());
        config.data_dir = dir("second-data");
        let second = Platform::open(config).await.unwrap();

        let (dir_a, dir_b) = (dir("a"), dir("b"));
        let a = Search::start(first.db.clone(), &dir_a).await;
        let b = Search::start(second.db.clone(), &dir_b).await;
        for search in [&a, &b] {
            assert!(
                keys(search, "社会保障卡")
                    .iter()
                    .any(|k| k.starts_with("item:")),
                "{backend}"
            );
            assert!(
                keys(search, "shehuibaozhangka")
                    .iter()
                    .any(|k| k.starts_with("item:")),
                "{backend}"
            );
        }
        b.spawn_follower();

        let title = "甘州区开展冬季供暖安全检查专项行动";
        let id = publish(&first, title).await;
        let expected = format!("article:{id}");
        let mut found = (false, false);
        for _ in 0..50 {
            a.catch_up().await.unwrap();
            found = (
                keys(&a, "冬季供暖安全检查").contains(&expected),
                keys(&b, "冬季供暖安全检查").contains(&expected),
            );
            if found == (true, true) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(found, (true, true), "{backend}");

        // Reopened: the index on disk, at its feed position (no rebuild needed).
        drop(a);
        let (engine, opened) = search::Engine::open(&dir_a);
        assert!(
            matches!(opened, search::Opened::Existing(position) if position > 0),
            "{backend}: {opened:?}"
        );
        drop(engine);
        let reopened: Arc<Search> = Search::start(first.db.clone(), &dir_a).await;
        assert!(keys(&reopened, "冬季供暖").contains(&expected), "{backend}");
    }
}

/// WEB-SEARCH: a corrupt or foreign index directory is rebuilt at start, never a failed start.
#[tokio::test]
async fn web_search_corrupt_index_rebuilt_at_start() {
    let platform = platform::testing::sqlite().await;
    platform::demo::seed(&platform.db, &platform.key)
        .await
        .unwrap();
    demo::catalogue::seed(&platform.db, &AuditActor::system("test-search"))
        .await
        .unwrap();
    let broken = dir("broken");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("meta.json"), b"{ not json").unwrap();
    let search = Search::start(platform.db.clone(), &broken).await;
    assert!(
        keys(&search, "营业执照")
            .iter()
            .any(|k| k.starts_with("item:"))
    );
    let file = dir("a-file");
    std::fs::write(&file, b"not a directory").unwrap();
    let search = Search::start(platform.db.clone(), &file).await;
    assert!(
        keys(&search, "营业执照")
            .iter()
            .any(|k| k.starts_with("item:"))
    );
}
