//! Articles through the 三审三校 by HTTP (issue 15), on both backends: the whole walk editor →
//! reviewer → leader (a major article) → publisher with the queues and the pages offering each
//! step only to its person (WEB-REVIEW); files checked by content; versions and their diff;
//! every refusal in Chinese with nothing changed — publishing without the reviews, reviewing
//! one's own draft, writing into a column one is no editor of, the content check; scheduled
//! publication and withdrawal; a policy document's elements, its interpretation and its 废止
//! mark, once (WEB-ARTICLE, PUB-ABOLISH).

use axum::http::StatusCode;

use crate::common::{Answer, Client, TestApp, app_on};
use crate::sites_office_world::{People, column, encode, id_in, open_site, scalar, version};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// A new draft in `column` by `who`, from the editor's form.
pub async fn draft(
    app: &TestApp,
    who: &Client,
    column: i64,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> Answer {
    let path = format!("/office/sites/columns/{column}/draft");
    app.post_multipart(&path, Some(who), fields, files).await
}

/// `command` on article `id` by `who`, with the page's version.
pub async fn act(
    app: &TestApp,
    who: &Client,
    id: i64,
    command: &str,
    fields: &[(&str, &str)],
) -> Answer {
    let v = version(app, "site_articles", id).await;
    let mut pairs = vec![("version", v.as_str())];
    pairs.extend_from_slice(fields);
    let path = format!("/office/sites/articles/{id}/{command}");
    app.post(&path, Some(who), &encode(&pairs)).await
}

async fn status_of(app: &TestApp, id: i64) -> String {
    use sqlx::Row as _;
    sqlx::query("SELECT status FROM site_articles WHERE id = $1")
        .bind(id)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("status")
        .unwrap()
}

fn taken(answer: &Answer) {
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
}

/// A news article drafted by editor A, reviewed and signed out: its id.
pub async fn published(app: &TestApp, p: &People, column: i64, title: &str) -> i64 {
    let fields = [
        ("title", title),
        ("source", "区教育局"),
        ("body", "会议正文。"),
    ];
    let created = draft(app, &p.editor_a, column, &fields, &[]).await;
    taken(&created);
    let id = id_in(&created);
    taken(&act(app, &p.editor_a, id, "submit", &[]).await);
    taken(&act(app, &p.reviewer, id, "review", &[("opinion", "同意")]).await);
    taken(&act(app, &p.publisher, id, "publish", &[]).await);
    id
}

fn offers(page: &Answer, id: i64, command: &str) -> bool {
    page.body
        .contains(&format!("action=\"/office/sites/articles/{id}/{command}\""))
}

/// WEB-REVIEW: the whole walk of a major article, each step offered only to its person and
/// counted in their queue; an attachment checked by its content (an .exe refused, nothing
/// stored); an edit kept as a new version with the diff of the two marked.
#[tokio::test]
async fn web_review_walk_editor_reviewer_leader_publisher() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let p = People::new(&app).await;
        let site = open_site(&app, &p).await;
        let news = column(&app, &p, site, "news", "教育动态").await;
        let count = "SELECT COUNT(*) AS n FROM site_articles WHERE column_id = $1";

        let editor = app
            .get(
                &format!("/office/sites/columns/{news}/draft"),
                Some(&p.editor_a),
            )
            .await;
        assert!(
            editor.body.contains("data-rich-editor") && editor.body.contains("/static/editor.js")
        );
        let exe: &[u8] = b"MZ\x90\x00\x03\x00\x00\x00";
        let fields = [
            ("title", "全区教育工作会议召开"),
            ("source", "区教育局"),
            ("body", "第一段。\n\n第二段。"),
            ("major", "1"),
        ];
        let refused = draft(&app, &p.editor_a, news, &fields, &[("files", "a.exe", exe)]).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert!(
            refused.body.contains("value=\"全区教育工作会议召开\""),
            "kept"
        );
        assert_eq!(scalar(&app, count, news).await, 0, "nothing stored");
        let created = draft(
            &app,
            &p.editor_a,
            news,
            &fields,
            &[("files", "会议通知.pdf", PDF)],
        )
        .await;
        taken(&created);
        let id = id_in(&created);
        let page_path = format!("/office/sites/articles/{id}");
        let page = app.get(&page_path, Some(&p.editor_a)).await;
        assert!(
            page.body.contains("<p>第一段。</p><p>第二段。</p>"),
            "{}",
            page.body
        );
        assert!(page.body.contains("重大信息") && page.body.contains("附件1"));
        let file = page
            .body
            .split(&format!("/office/sites/articles/{id}/files/"))
            .nth(1)
            .unwrap();
        let file: String = file.chars().take_while(char::is_ascii_digit).collect();
        let download = app
            .get(
                &format!("/office/sites/articles/{id}/files/{file}"),
                Some(&p.reviewer),
            )
            .await;
        assert_eq!(download.status, StatusCode::OK);
        assert_eq!(download.headers["content-type"], "application/pdf");

        // An edit is a new version; the diff marks what changed.
        let v = version(&app, "site_articles", id).await;
        let edit = format!("/office/sites/articles/{id}/edit");
        let edited = app
            .post_multipart(
                &edit,
                Some(&p.editor_b),
                &[
                    ("version", &v),
                    ("title", "全区教育工作大会召开"),
                    ("source", "区教育局"),
                    ("body", "<p>第一段。</p><p>第二段，有补充。</p>"),
                    ("major", "1"),
                ],
                &[],
            )
            .await;
        taken(&edited);
        let diff = app
            .get(
                &format!("/office/sites/articles/{id}/diff?from=1&to=2"),
                Some(&p.reviewer),
            )
            .await;
        assert_eq!(diff.status, StatusCode::OK);
        assert!(
            diff.body.contains("<del>") && diff.body.contains("<ins>"),
            "{}",
            diff.body
        );
        assert!(diff.body.contains("［新增：") && diff.body.contains("有补充"));

        // 一审: only the column's editors submit.
        assert!(!offers(
            &app.get(&page_path, Some(&p.reviewer)).await,
            id,
            "submit"
        ));
        assert!(offers(&page, id, "submit"));
        taken(&act(&app, &p.editor_a, id, "submit", &[]).await);
        let queues = app.get("/office/sites/articles", Some(&p.reviewer)).await;
        let waiting = queues
            .body
            .split("id=\"queue-at-reviewer\"")
            .nth(1)
            .unwrap();
        assert!(waiting.contains("全区教育工作大会召开"), "{waiting}");
        // 二审: the reviewer — not editor B, who edited it.
        assert!(!offers(
            &app.get(&page_path, Some(&p.editor_b)).await,
            id,
            "review"
        ));
        assert!(offers(
            &app.get(&page_path, Some(&p.reviewer)).await,
            id,
            "review"
        ));
        taken(
            &act(
                &app,
                &p.reviewer,
                id,
                "review",
                &[("opinion", "同意，保密审查无问题")],
            )
            .await,
        );
        assert_eq!(status_of(&app, id).await, "at_leader");
        // A major article: a leader of the responsible unit.
        let leader = app.get("/office/sites/articles", Some(&p.edu_leader)).await;
        assert!(
            leader
                .body
                .split("id=\"queue-at-leader\"")
                .nth(1)
                .unwrap()
                .contains("全区教育工作大会召开")
        );
        assert!(!offers(
            &app.get(&page_path, Some(&p.publisher)).await,
            id,
            "publish"
        ));
        taken(
            &act(
                &app,
                &p.edu_leader,
                id,
                "approve",
                &[("opinion", "同意发布")],
            )
            .await,
        );
        // 三审: the operator unit's publisher.
        let publisher = app.get("/office/sites/articles", Some(&p.publisher)).await;
        assert!(
            publisher
                .body
                .split("id=\"queue-at-publisher\"")
                .nth(1)
                .unwrap()
                .contains("全区教育工作大会召开")
        );
        taken(&act(&app, &p.publisher, id, "publish", &[]).await);
        assert_eq!(status_of(&app, id).await, "published");
        let page = app.get(&page_path, Some(&p.editor_a)).await;
        assert!(page.body.contains("已发布") && page.body.contains("同意，保密审查无问题"));
        assert!(page.body.contains("签发（三审）") && page.body.contains("领导审批"));
    }
}

/// WEB-REVIEW, WEB-COLUMNS, WEB-INSPECT: each refusal is a Chinese message on the page and
/// changes nothing.
#[tokio::test]
async fn web_review_refusals_change_nothing() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let p = People::new(&app).await;
        let site = open_site(&app, &p).await;
        let news = column(&app, &p, site, "news", "教育动态").await;
        let fields = [
            ("title", "通知"),
            ("source", "区教育局"),
            ("body", "正文。"),
        ];
        let count = "SELECT COUNT(*) AS n FROM site_articles WHERE column_id = $1";

        // Writing into a column one is not an editor of.
        let form = app
            .get(
                &format!("/office/sites/columns/{news}/draft"),
                Some(&p.editor_c),
            )
            .await;
        assert!(
            form.body.contains("只有栏目“教育动态”的A岗、B岗编辑"),
            "{}",
            form.body
        );
        let refused = draft(&app, &p.editor_c, news, &fields, &[]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
        assert!(refused.body.contains("A岗、B岗编辑"), "{}", refused.body);
        assert_eq!(scalar(&app, count, news).await, 0);

        // Publishing without the reviews.
        let created = draft(&app, &p.editor_b, news, &fields, &[]).await;
        taken(&created);
        let id = id_in(&created);
        let before = version(&app, "site_articles", id).await;
        let early = act(&app, &p.publisher, id, "publish", &[]).await;
        assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
        assert!(
            early.body.contains("当前状态“草稿”下不能执行“签发”"),
            "{}",
            early.body
        );
        assert_eq!(version(&app, "site_articles", id).await, before);

        // Reviewing one's own draft (editor B is also a reviewer of the bureau).
        taken(&act(&app, &p.editor_b, id, "submit", &[]).await);
        let page = app
            .get(&format!("/office/sites/articles/{id}"), Some(&p.editor_b))
            .await;
        assert!(!offers(&page, id, "review"), "not offered to its author");
        let before = version(&app, "site_articles", id).await;
        let own = act(&app, &p.editor_b, id, "review", &[("opinion", "同意")]).await;
        assert_eq!(own.status, StatusCode::FORBIDDEN, "{}", own.body);
        assert!(
            own.body.contains("不能审核或签发本人撰写、修改的稿件"),
            "{}",
            own.body
        );
        assert_eq!(version(&app, "site_articles", id).await, before);
        assert_eq!(status_of(&app, id).await, "at_reviewer");

        // A send-back needs its reason; with it the draft returns, the reason shown.
        let empty = act(&app, &p.reviewer, id, "send-back", &[("reason", " ")]).await;
        assert_eq!(empty.status, StatusCode::BAD_REQUEST);
        assert!(empty.body.contains("请填写退回理由"));
        taken(
            &act(
                &app,
                &p.reviewer,
                id,
                "send-back",
                &[("reason", "标题不准确")],
            )
            .await,
        );
        let page = app
            .get(&format!("/office/sites/articles/{id}"), Some(&p.editor_b))
            .await;
        assert!(page.body.contains("id=\"sent-back\"") && page.body.contains("标题不准确"));
        let queues = app.get("/office/sites/articles", Some(&p.editor_a)).await;
        assert!(
            queues
                .body
                .split("id=\"queue-sent-back\"")
                .nth(1)
                .unwrap()
                .contains("通知")
        );

        // The content check: its findings shown before submission, the submission refused.
        let bad = [
            ("title", "中华人名共和国成立纪念"),
            ("source", "区教育局"),
            ("body", "联系人身份证号 620702199001011234。"),
        ];
        let created = draft(&app, &p.editor_a, news, &bad, &[]).await;
        taken(&created);
        let bad_id = id_in(&created);
        let page = app
            .get(
                &format!("/office/sites/articles/{bad_id}"),
                Some(&p.editor_a),
            )
            .await;
        assert!(page.body.contains("id=\"check-findings\""), "{}", page.body);
        assert!(page.body.contains("中华人民共和国"));
        let refused = act(&app, &p.editor_a, bad_id, "submit", &[]).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(
            refused.body.contains("稿件未通过内容检查"),
            "{}",
            refused.body
        );
        assert_eq!(status_of(&app, bad_id).await, "draft");

        // Another unit's staff do not even see it.
        let other = app
            .get(
                &format!("/office/sites/articles/{bad_id}"),
                Some(&p.housing_leader),
            )
            .await;
        assert_eq!(other.status, StatusCode::NOT_FOUND);
    }
}

/// WEB-ARTICLE, PUB-ABOLISH, PUB-INTERPRET: a policy document shows its elements, is signed
/// out at a chosen time, linked to its interpretation and marked 废止 once — never deleted;
/// a withdrawal is planned for later (定时撤稿) and cancelled; a withdrawn article stays with
/// its reason (WEB-ARCHIVE).
#[tokio::test]
async fn pub_abolish_policy_document_scheduled_linked_marked_once() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let p = People::new(&app).await;
        let site = open_site(&app, &p).await;
        let policy = column(&app, &p, site, "policy", "政策文件").await;
        let readings = column(&app, &p, site, "interpretation", "政策解读").await;
        let editor = app
            .get(
                &format!("/office/sites/columns/{policy}/draft"),
                Some(&p.editor_a),
            )
            .await;
        assert!(editor.body.contains("id=\"policy-fields\""));
        let fields = [
            ("title", "关于做好2026年义务教育招生工作的通知"),
            ("source", "区教育局"),
            ("body", "各学校：……"),
            ("index_number", "11620702MB1234567A/2026-00012"),
            ("issuer", "甘州区教育局"),
            ("document_number", "甘州教发〔2026〕12号"),
            ("written_on", "2026-01-05"),
            ("subject", "教育"),
        ];
        let created = draft(&app, &p.editor_a, policy, &fields, &[]).await;
        taken(&created);
        let id = id_in(&created);
        let page = app
            .get(&format!("/office/sites/articles/{id}"), Some(&p.editor_a))
            .await;
        for label in [
            "索引号",
            "发文机关",
            "文号",
            "成文日期",
            "主题分类",
            "有效性",
        ] {
            assert!(page.body.contains(label), "{label}");
        }
        taken(&act(&app, &p.editor_a, id, "submit", &[]).await);
        taken(&act(&app, &p.reviewer, id, "review", &[]).await);

        // Scheduled, then the schedule cancelled, then published now.
        let past = act(
            &app,
            &p.publisher,
            id,
            "publish",
            &[("date", "2020-01-01"), ("time", "09:00")],
        )
        .await;
        assert_eq!(past.status, StatusCode::BAD_REQUEST);
        assert!(past.body.contains("定时发布时间应晚于现在"));
        let tomorrow = (chrono::Local::now().date_naive() + chrono::Days::new(1)).to_string();
        taken(
            &act(
                &app,
                &p.publisher,
                id,
                "publish",
                &[("date", &tomorrow), ("time", "18:00")],
            )
            .await,
        );
        assert_eq!(status_of(&app, id).await, "scheduled");
        let page = app
            .get(&format!("/office/sites/articles/{id}"), Some(&p.publisher))
            .await;
        assert!(
            page.body.contains(&format!("定时发布：{tomorrow} 18:00")),
            "{}",
            page.body
        );
        taken(&act(&app, &p.publisher, id, "unschedule", &[]).await);
        taken(&act(&app, &p.publisher, id, "publish", &[]).await);
        assert_eq!(status_of(&app, id).await, "published");

        // Linked to its published interpretation.
        let reading = published(&app, &p, readings, "《义务教育招生工作通知》政策解读").await;
        let page = app
            .get(&format!("/office/sites/articles/{id}"), Some(&p.publisher))
            .await;
        assert!(
            page.body.contains(&format!("<option value=\"{reading}\">")),
            "{}",
            page.body
        );
        taken(
            &act(
                &app,
                &p.publisher,
                id,
                "link",
                &[("interpretation", &reading.to_string())],
            )
            .await,
        );
        let page = app
            .get(&format!("/office/sites/articles/{id}"), Some(&p.publisher))
            .await;
        assert!(page.body.contains("相关解读") && page.body.contains("政策解读"));

        // PUB-ABOLISH: marked 废止 once, never deleted.
        let mark = [
            ("validity", "abolished"),
            ("since", "2026-03-01"),
            (
                "note",
                "被《甘州区教育局关于…的通知》（甘州教发〔2026〕30号）废止",
            ),
        ];
        taken(&act(&app, &p.reviewer, id, "validity", &mark).await);
        let page = app
            .get(&format!("/office/sites/articles/{id}"), Some(&p.editor_a))
            .await;
        assert!(page.body.contains("自 2026-03-01 起废止"), "{}", page.body);
        assert!(!offers(&page, id, "validity"));
        let again = act(&app, &p.publisher, id, "validity", &mark).await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
        assert!(again.body.contains("已标注为“废止”"), "{}", again.body);
        assert_eq!(status_of(&app, id).await, "published", "never deleted");

        // 定时撤稿: planned for a later instant only, shown with its reason, cancelled.
        fn plan(date: &str) -> [(&'static str, &str); 3] {
            [("reason", "活动已结束"), ("date", date), ("time", "18:00")]
        }
        let past = act(&app, &p.publisher, reading, "withdraw", &plan("2020-01-01")).await;
        assert_eq!(past.status, StatusCode::BAD_REQUEST);
        assert!(
            past.body.contains("定时撤稿时间应晚于现在"),
            "{}",
            past.body
        );
        taken(&act(&app, &p.publisher, reading, "withdraw", &plan(&tomorrow)).await);
        assert_eq!(status_of(&app, reading).await, "published");
        let page = app
            .get(
                &format!("/office/sites/articles/{reading}"),
                Some(&p.publisher),
            )
            .await;
        assert!(
            page.body
                .contains(&format!("已安排于 {tomorrow} 18:00 定时撤稿：活动已结束")),
            "{}",
            page.body
        );
        taken(&act(&app, &p.publisher, reading, "withdraw", &[("cancel", "1")]).await);
        let page = app
            .get(
                &format!("/office/sites/articles/{reading}"),
                Some(&p.publisher),
            )
            .await;
        assert!(!page.body.contains("id=\"planned-withdrawal\""));

        // WEB-ARCHIVE: a withdrawal keeps the article, with its reason.
        taken(
            &act(
                &app,
                &p.publisher,
                reading,
                "withdraw",
                &[("reason", "内容需更新")],
            )
            .await,
        );
        assert_eq!(status_of(&app, reading).await, "withdrawn");
        let page = app
            .get(
                &format!("/office/sites/articles/{reading}"),
                Some(&p.editor_a),
            )
            .await;
        assert!(page.body.contains("撤稿：内容需更新"), "{}", page.body);
    }
}
