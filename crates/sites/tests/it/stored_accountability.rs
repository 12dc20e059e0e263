//! The rules of issue 15's last three WEB rows stored and run on both backends: WEB-MAP (a map
//! article is not submitted without its 审图号, which its page then carries), WEB-REPOST
//! (reposts only from the licensed sources, the source on the page, a late repost recorded)
//! and WEB-ACCOUNT with PUB-PROACTIVE (a late policy document or a withdrawal for an error
//! raises the unit's record; its principal files the 书面检查, which closes it; who sees what).

use sites::UnitId;
use sites::article::{AccountKind, Command, MapMark, Marks, Repost, Status};
use sites::store::accountability;
use sites::usecase::{self, accountability as account, read};

use crate::at;
use crate::world::{World, news_content, policy, t0, worlds};

fn repost_of(source: &str) -> Marks {
    Marks {
        map: None,
        repost: Some(Repost {
            source: source.into(),
            notice_at: at("2025-03-03T08:00"),
        }),
    }
}

fn map_of(approval: &str) -> Marks {
    Marks {
        map: Some(MapMark {
            approval: approval.into(),
        }),
        repost: None,
    }
}

async fn marked_draft(
    w: &World,
    column: sites::ColumnId,
    title: &str,
    marks: Marks,
) -> platform::Result<(sites::ArticleId, i64)> {
    let by = &w.editor_a;
    usecase::create_marked_draft(
        &w.platform.db,
        &w.context(by, t0()),
        &by.acting,
        column,
        (news_content(title), false),
        marks,
    )
    .await
}

/// Submits, reviews and publishes `id` at `when`.
async fn publish_at(w: &World, id: sites::ArticleId, when: calendar::Instant) {
    w.run(id, Command::Submit, &w.editor_a, t0()).await.unwrap();
    let review = Command::Review {
        opinion: "同意".into(),
    };
    w.run(id, review, &w.reviewer, t0()).await.unwrap();
    let (article, _) = w
        .run(id, Command::Publish { at: None }, &w.publisher, when)
        .await
        .unwrap();
    assert_eq!(article.status, Status::Published);
}

/// WEB-MAP: a draft marked as showing a map is refused at submission until its 审图号 is
/// given (nothing changes); given through the editor's save, it is submitted, published and
/// its page carries the 审图号.
#[tokio::test]
async fn web_map_a_map_article_is_submitted_only_with_its_approval_number() {
    for w in worlds().await {
        let db = &w.platform.db;
        let bad = marked_draft(&w, w.news, "全区地图", map_of("第12号")).await;
        assert!(bad.unwrap_err().to_string().contains("WEB-MAP"));
        assert_eq!(w.scalar("SELECT COUNT(*) AS n FROM site_articles").await, 0);
        let (id, version) = marked_draft(&w, w.news, "全区地图", map_of(""))
            .await
            .unwrap();
        let refused = w.run(id, Command::Submit, &w.editor_a, t0()).await;
        assert!(refused.unwrap_err().to_string().contains("审图号"));
        let office = usecase::office_article(db, id, &w.editor_a.acting)
            .await
            .unwrap();
        assert_eq!(
            (office.version, office.article.status),
            (version, Status::Draft)
        );
        let by = &w.editor_a;
        usecase::revise_draft(
            db,
            &w.context(by, t0()),
            &by.acting,
            id,
            (None, Some(map_of("GS(2024)1234号"))),
            version,
        )
        .await
        .unwrap();
        publish_at(&w, id, t0()).await;
        let page = read::published_article(db, id).await.unwrap().unwrap();
        assert_eq!(
            page.map.unwrap().approval,
            "GS(2024)1234号",
            "{}",
            w.backend()
        );
    }
}

/// WEB-REPOST: a repost from a source not on the profile's list is refused and stores nothing;
/// from 新华社 it is published with its source on the page; published more than 24 h after the
/// notice, the column's responsible unit gets an accountability record (WEB-ACCOUNT).
#[tokio::test]
async fn web_repost_only_licensed_sources_and_a_late_repost_is_recorded() {
    for w in worlds().await {
        let db = &w.platform.db;
        let refused = marked_draft(&w, w.news, "转载稿", repost_of("某某自媒体")).await;
        let message = refused.unwrap_err().to_string();
        assert!(
            message.contains("WEB-REPOST") && message.contains("新华社"),
            "{message}"
        );
        assert_eq!(w.scalar("SELECT COUNT(*) AS n FROM site_articles").await, 0);
        let (on_time, _) = marked_draft(&w, w.news, "按时转载", repost_of("新华社"))
            .await
            .unwrap();
        publish_at(&w, on_time, at("2025-03-03T10:00")).await;
        let page = read::published_article(db, on_time).await.unwrap().unwrap();
        assert_eq!(page.repost.unwrap().source, "新华社");
        let (late, _) = marked_draft(&w, w.news, "延误转载", repost_of("人民日报"))
            .await
            .unwrap();
        publish_at(&w, late, at("2025-03-04T09:00")).await;
        let records = accountability::list(db, None).await.unwrap();
        assert_eq!(records.len(), 1, "{}", w.backend());
        let record = &records[0];
        assert_eq!(
            (record.kind, record.unit, record.article),
            (AccountKind::LateRepost, w.edu, late)
        );
        assert_eq!(record.due_at, Some(at("2025-03-04T08:00")));
        assert!(record.detail.contains("延误转载") && record.is_open());
    }
}

async fn examine(
    w: &World,
    by: &crate::world::Staff,
    id: i64,
    text: &str,
) -> platform::Result<accountability::AccountRecord> {
    let context = w.context(by, at("2025-03-11T09:00"));
    account::examine(&w.platform.db, &context, &by.acting, id, text, None).await
}

/// WEB-ACCOUNT, PUB-PROACTIVE: a policy document published after 3 working days from its
/// 成文日期 raises the record of the column's unit (audited, its leaders told); only that
/// unit's principal files the 书面检查, once, which closes the record; a unit leader sees
/// their unit's records, the site group's administrators every unit's, nobody else any.
#[tokio::test]
async fn web_account_a_late_policy_document_is_examined_by_the_units_principal() {
    for w in worlds().await {
        let db = &w.platform.db;
        let (on_time, _) = w.draft(w.policy, policy()).await;
        publish_at(&w, on_time, t0()).await;
        assert!(accountability::list(db, None).await.unwrap().is_empty());
        let mut late_doc = policy();
        late_doc.title = "关于延误公开的政策文件的通知".into();
        let (late, _) = w.draft(w.policy, late_doc).await;
        publish_at(&w, late, at("2025-03-10T09:00")).await;
        let records = accountability::list(db, Some(w.edu)).await.unwrap();
        assert_eq!(records.len(), 1, "{}", w.backend());
        let record = records[0].clone();
        assert_eq!(record.kind, AccountKind::LatePolicy);
        assert_eq!(record.occurred_on, crate::date("2025-03-10"));
        assert!(
            record.detail.contains("成文日期 2025-02-28"),
            "{}",
            record.detail
        );
        let raised =
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'sites.accountability.raise'";
        assert_eq!(w.scalar(raised).await, 1);
        let told = "SELECT COUNT(*) AS n FROM outbox WHERE link = '/office/sites/accountability'";
        assert!(w.scalar(told).await >= 1);
        // Who sees the records.
        let scope = |s: &crate::world::Staff| s.acting.clone();
        let of = |acting| async move { account::scope(db, &acting).await.unwrap() };
        assert_eq!(of(scope(&w.edu_leader)).await, account::Scope::Unit(w.edu));
        assert_eq!(of(scope(&w.publisher)).await, account::Scope::All);
        assert_eq!(of(scope(&w.office_leader)).await, account::Scope::All);
        assert_eq!(of(scope(&w.editor_a)).await, account::Scope::None);
        assert!(account::records(db, account::Scope::None).await.is_err());
        assert!(
            account::records(db, account::Scope::Unit(UnitId(w.office.0)))
                .await
                .unwrap()
                .is_empty()
        );
        // Only the unit's principal files the 书面检查.
        let by_editor = examine(&w, &w.editor_a, record.id, "检查")
            .await
            .unwrap_err();
        assert!(by_editor.to_string().contains("主要领导"), "{by_editor}");
        assert!(
            examine(&w, &w.office_leader, record.id, "检查")
                .await
                .is_err()
        );
        assert!(examine(&w, &w.edu_leader, record.id, "   ").await.is_err());
        let text = "我局未按时公开政策文件，已整改。";
        let closed = examine(&w, &w.edu_leader, record.id, text).await.unwrap();
        assert!(!closed.is_open());
        assert_eq!(closed.examined_by, Some(w.edu_leader.acting.user));
        assert!(
            examine(&w, &w.edu_leader, record.id, "再次检查")
                .await
                .is_err()
        );
        let examined =
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'sites.accountability.examine'";
        assert_eq!(w.scalar(examined).await, 1, "{}", w.backend());
    }
}

/// WEB-ACCOUNT: a published article withdrawn for an error (纠错撤稿) raises the unit's record;
/// an ordinary withdrawal does not.
#[tokio::test]
async fn web_account_a_withdrawal_for_an_error_raises_a_record() {
    for w in worlds().await {
        let db = &w.platform.db;
        let plain = w.published(w.news, news_content("过时通知")).await;
        let withdraw = Command::Withdraw {
            reason: "已过时".into(),
        };
        w.run(plain, withdraw, &w.publisher, t0()).await.unwrap();
        assert!(accountability::list(db, None).await.unwrap().is_empty());
        let wrong = w.published(w.news, news_content("有误通知")).await;
        let command = Command::WithdrawError {
            reason: "日期错误".into(),
        };
        w.run(wrong, command, &w.publisher, t0()).await.unwrap();
        let records = accountability::list(db, None).await.unwrap();
        assert_eq!(records.len(), 1, "{}", w.backend());
        assert_eq!(
            (records[0].kind, records[0].article),
            (AccountKind::Error, wrong)
        );
        assert!(records[0].detail.contains("日期错误"));
    }
}
