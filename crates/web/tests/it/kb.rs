//! The knowledge base through the web (KB-LIFE, KB-STATS): the public search shows published
//! entries and never drafts; a unit handler drafts and submits, the hotline supervisor
//! publishes; a handler cannot publish; bad input is refused in Chinese and changes nothing.

use axum::http::StatusCode;
use hotline::UnitId;
use hotline::kb::{EntryId, EntryStatus};
use hotline::kb_store::{self, KbDraft};
use platform::audit::AuditActor;

use crate::common::{TestApp, app};

fn kb_draft(title: &str, answer: &str) -> KbDraft {
    KbDraft {
        title: title.into(),
        question: format!("{title}怎么办理？"),
        answer: answer.into(),
        keywords: "测试".into(),
        category: "测试".into(),
    }
}

async fn market(app: &TestApp) -> UnitId {
    UnitId(
        platform::units::find_by_code(&app.platform.db, "gz-market")
            .await
            .unwrap()
            .unwrap()
            .id,
    )
}

async fn status(app: &TestApp, id: EntryId) -> EntryStatus {
    kb_store::get(&app.platform.db, id).await.unwrap().status
}

#[tokio::test]
async fn kb_stats_public_search_shows_published_entries_and_never_drafts() {
    let app = app().await;
    demo::knowledge::seed(&app.platform.db, &AuditActor::system("test"))
        .await
        .unwrap();
    let mut tx = app.platform.db.begin().await.unwrap();
    let now = calendar::Instant::from_millis(platform::db::now_ms());
    kb_store::draft(
        &mut tx,
        &AuditActor::system("test"),
        market(&app).await,
        kb_draft("社保卡内部草稿", "尚未审核的口径"),
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let page = app.get("/kb?q=%E7%A4%BE%E4%BF%9D%E5%8D%A1", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("社保卡补办"), "{}", page.body);
    assert!(!page.body.contains("社保卡内部草稿"));
    assert!(!page.body.contains("尚未审核的口径"));
    let home = app.get("/", None).await;
    assert!(
        home.body.contains("href=\"/kb\""),
        "linked from the portal home"
    );
    let sitemap = app.get("/sitemap", None).await;
    assert!(
        sitemap.body.contains("href=\"/kb\""),
        "linked from the sitemap"
    );
}

#[tokio::test]
async fn kb_life_a_handler_drafts_and_submits_and_the_supervisor_publishes() {
    let app = app().await;
    let handler = app.demo_session("handler").await;
    let supervisor = app.demo_session("supervisor").await;
    let created = app
        .post("/office/kb", Some(&handler), "title=%E9%A3%9F%E5%93%81%E7%BB%8F%E8%90%A5%E8%AE%B8%E5%8F%AF&question=&answer=%E5%88%B0%E7%AA%97%E5%8F%A3%E5%8A%9E%E7%90%86&keywords=%E9%A3%9F%E5%93%81&category=")
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let path = created.location().to_owned();
    let id = EntryId(path.trim_start_matches("/office/kb/").parse().unwrap());
    assert_eq!(status(&app, id).await, EntryStatus::Draft);
    let page = app.get(&path, Some(&handler)).await;
    assert!(
        page.body.contains("食品经营许可") && page.body.contains("提交审核"),
        "{}",
        page.body
    );

    let early = app
        .post(&format!("{path}/publish"), Some(&handler), "")
        .await;
    assert_eq!(
        early.status,
        StatusCode::FORBIDDEN,
        "a handler cannot publish"
    );
    assert!(early.body.contains("无权"));

    let submitted = app
        .post(&format!("{path}/submit"), Some(&handler), "")
        .await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    let again = app
        .post(&format!("{path}/submit"), Some(&handler), "")
        .await;
    assert_eq!(
        again.status,
        StatusCode::CONFLICT,
        "submitting twice is refused"
    );
    assert!(again.body.contains("待审核"), "{}", again.body);
    let denied = app
        .post(&format!("{path}/publish"), Some(&handler), "")
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    assert_eq!(status(&app, id).await, EntryStatus::InReview);

    let queue = app.get("/office/kb", Some(&supervisor)).await;
    assert!(
        queue.body.contains("待审核") && queue.body.contains("食品经营许可"),
        "{}",
        queue.body
    );
    let published = app
        .post(&format!("{path}/publish"), Some(&supervisor), "")
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    assert_eq!(status(&app, id).await, EntryStatus::Published);
    let public = app.get("/kb?q=%E9%A3%9F%E5%93%81", None).await;
    assert!(public.body.contains("到窗口办理"), "{}", public.body);
    let suggest = app
        .get("/office/kb/suggest?q=%E9%A3%9F%E5%93%81", Some(&handler))
        .await;
    assert_eq!(suggest.status, StatusCode::OK);
    assert!(
        suggest
            .body
            .contains(&format!("data-entry-id=\"{}\"", id.0)),
        "{}",
        suggest.body
    );
}

#[tokio::test]
async fn kb_life_bad_input_is_refused_in_chinese_and_changes_nothing() {
    let app = app().await;
    let handler = app.demo_session("handler").await;
    let before = app.audit_seq().await;
    let empty = app
        .post("/office/kb", Some(&handler), "title=&answer=x")
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(empty.body.contains("标题不能为空"), "{}", empty.body);
    let long = format!("title=t&answer={}", "a".repeat(4001));
    let too_long = app.post("/office/kb", Some(&handler), &long).await;
    assert_eq!(too_long.status, StatusCode::BAD_REQUEST);
    assert!(too_long.body.contains("不能超过"), "{}", too_long.body);
    let unknown = app.get("/office/kb/987654", Some(&handler)).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.body.contains("知识条目"));
    let unknown = app.post("/office/kb/abc/submit", Some(&handler), "").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(app.audit_seq().await, before, "nothing changed");
}
