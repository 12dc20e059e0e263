//! Units' submissions by HTTP (WEB-SUBMIT; 004 §26–28, 40), on both backends: the walk writer
//! → the unit's leader → the column's editor, who adopts it as a draft article (linked) with
//! the clock's light and due in the editors' queue and the author's mobile masked until an
//! audited reveal; a return with its reason; every problem of the form at once with nothing
//! stored; a stranger refused; the weekly quota table showing a met and a missed week, the
//! runs of missed weeks recorded and the unit leader's written explanation.

use axum::http::StatusCode;
use platform::audit::AuditActor;
use platform::roles::Role;
use platform::users::{self, NewAccount};
use sqlx::Row as _;

use crate::common::{Answer, Client, TestApp, app_on};
use crate::sites_world::SiteWorld;

/// A ready session of a new account of `unit` (its code) holding `role`.
pub async fn staff_in(app: &TestApp, unit: &str, role: Role, username: &str) -> Client {
    let unit = platform::units::find_by_code(&app.platform.db, unit)
        .await
        .unwrap()
        .unwrap();
    let mut tx = app.platform.db.begin().await.unwrap();
    let (id, _) = users::create(
        &mut tx,
        &AuditActor::system("test"),
        NewAccount {
            unit_id: unit.id,
            username: username.into(),
            display_name: format!("测试{username}"),
            roles: vec![role],
        },
        0,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    ready(app, id).await
}

/// A ready session of account `id`: its first password changed (now: accounts made at instant
/// 0 by the fixtures would count as expired), its second factor enrolled.
async fn ready(app: &TestApp, id: i64) -> Client {
    sqlx::query(
        "UPDATE users SET must_change_password = 0, totp_enabled = 1, password_changed_at = $1 \
         WHERE id = $2",
    )
    .bind(platform::db::now_ms())
    .bind(id)
    .execute(&app.platform.db.pool)
    .await
    .unwrap();
    app.session_of(id).await
}

/// A ready session of an existing account.
pub async fn session_by_name(app: &TestApp, username: &str) -> Client {
    let id = users::id_by_username(&app.platform.db, username)
        .await
        .unwrap()
        .unwrap();
    ready(app, id).await
}

pub fn encode(pairs: &[(&str, &str)]) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        out.append_pair(name, value);
    }
    out.finish()
}

pub async fn scalar(app: &TestApp, sql: &str, bind: i64) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(bind)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get::<i64, _>(0)
        .unwrap()
}

/// The `unmask` audit rows of submission `id`.
async fn unmasked(app: &TestApp, id: i64) -> i64 {
    sqlx::query(
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'unmask' \
         AND object_type = 'site_submission' AND object_id = $1",
    )
    .bind(id.to_string())
    .fetch_one(&app.platform.db.pool)
    .await
    .unwrap()
    .try_get("n")
    .unwrap()
}

async fn version(app: &TestApp, id: i64) -> String {
    scalar(
        app,
        "SELECT version FROM site_submissions WHERE id = $1",
        id,
    )
    .await
    .to_string()
}

async fn status(app: &TestApp, id: i64) -> String {
    sqlx::query("SELECT status FROM site_submissions WHERE id = $1")
        .bind(id)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("status")
        .unwrap()
}

/// `command` on submission `id` by `who`, with the page's version.
async fn act(
    app: &TestApp,
    who: &Client,
    id: i64,
    command: &str,
    fields: &[(&str, &str)],
) -> Answer {
    let v = version(app, id).await;
    let mut pairs = vec![("version", v.as_str())];
    pairs.extend_from_slice(fields);
    let path = format!("/office/sites/submissions/{id}/{command}");
    app.post(&path, Some(who), &encode(&pairs)).await
}

fn taken(answer: &Answer) {
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
}

/// A new submission by `who` to `column`: its id.
pub async fn written(app: &TestApp, who: &Client, column: i64, title: &str) -> i64 {
    let column = column.to_string();
    let form = encode(&[
        ("column", column.as_str()),
        ("title", title),
        ("author", "李娜"),
        ("mobile", "13800138000"),
        (
            "body",
            "全区市场主体突破三万户。\n\n其中新设企业一千二百户。",
        ),
    ]);
    let created = app
        .post("/office/sites/submissions/new", Some(who), &form)
        .await;
    taken(&created);
    let location = created.location().to_owned();
    location
        .trim_start_matches("/office/sites/submissions/")
        .trim_end_matches("?done=1")
        .parse()
        .unwrap()
}

/// The people of a walk: a writer and a leader of the market bureau, the education bureau's
/// editor A of the columns, and staff of another unit.
struct Walk {
    writer: Client,
    leader: Client,
    editor: Client,
    stranger: Client,
    stranger_leader: Client,
}

async fn walk_people(app: &TestApp) -> Walk {
    Walk {
        writer: staff_in(app, "gz-market", Role::UnitHandler, "t.market.writer").await,
        leader: staff_in(app, "gz-market", Role::UnitLeader, "t.market.leader").await,
        editor: session_by_name(app, "t.edu.a").await,
        stranger: staff_in(app, "gz-housing", Role::UnitHandler, "t.housing.a").await,
        stranger_leader: staff_in(app, "gz-housing", Role::UnitLeader, "t.housing.l").await,
    }
}

/// WEB-SUBMIT (004 §26–28): the writer fills it in (the mobile sealed, shown masked), the
/// unit's leader approves it to the editors, whose queue shows the clock's light and due; the
/// column's editor reveals the mobile (audited) and adopts it: a draft article of the column,
/// linked from the submission's page.
#[tokio::test]
async fn web_submit_the_walk_writer_leader_editor_adopts_it_as_a_draft_article() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let w = SiteWorld::new(&app).await;
        let p = walk_people(&app).await;
        let form = app
            .get("/office/sites/submissions/new", Some(&p.writer))
            .await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("教育动态"), "{}", form.body);
        let id = written(&app, &p.writer, w.news.0, "市场主体突破三万户").await;
        let page = app
            .get(&format!("/office/sites/submissions/{id}"), Some(&p.writer))
            .await;
        assert!(page.body.contains("138****8000"), "{}", page.body);
        assert!(!page.body.contains("13800138000"));
        assert!(page.body.contains("<p>全区市场主体突破三万户。</p>"));
        taken(&act(&app, &p.writer, id, "submit", &[]).await);
        assert_eq!(status(&app, id).await, "at_leader");
        // The leader's queue; the editor is offered nothing yet.
        let queue = app.get("/office/sites/submissions", Some(&p.leader)).await;
        assert!(queue.body.contains("待单位领导审核"));
        assert!(queue.body.contains("市场主体突破三万户"));
        let early = act(&app, &p.editor, id, "adopt", &[]).await;
        assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
        taken(&act(&app, &p.leader, id, "approve", &[("opinion", "同意报送")]).await);
        assert_eq!(status(&app, id).await, "at_editors");
        // 待采编 with the clock's light and due (004 §27: 1 WD).
        let queue = app.get("/office/sites/submissions", Some(&p.editor)).await;
        assert!(queue.body.contains("id=\"queue-editors\""));
        assert!(queue.body.contains("市场主体突破三万户"));
        // The light depends on the hour: 1 WD from now is green, or yellow late in the day.
        assert!(
            queue.body.contains("<span class=\"light "),
            "{}",
            queue.body
        );
        assert!(
            ["绿灯", "黄灯"]
                .iter()
                .any(|words| queue.body.contains(words))
        );
        assert!(queue.body.contains("采编截止"));
        let page = app
            .get(&format!("/office/sites/submissions/{id}"), Some(&p.editor))
            .await;
        assert!(page.body.contains("采编时限"));
        assert!(page.body.contains("截止"));
        assert!(
            page.body
                .contains(&format!("/office/sites/submissions/{id}/adopt"))
        );
        // HL-PRIVACY: the mobile in clear, once, with its audit row.
        let before = unmasked(&app, id).await;
        let revealed = app
            .post(
                &format!("/office/sites/submissions/{id}/mobile"),
                Some(&p.editor),
                "",
            )
            .await;
        assert_eq!(revealed.status, StatusCode::OK, "{}", revealed.body);
        assert!(revealed.body.contains("13800138000"));
        let after = unmasked(&app, id).await;
        assert_eq!(after, before + 1);
        taken(&act(&app, &p.editor, id, "adopt", &[("column", "")]).await);
        assert_eq!(status(&app, id).await, "adopted");
        let article = scalar(
            &app,
            "SELECT MAX(id) FROM site_articles WHERE column_id = $1",
            w.news.0,
        )
        .await;
        let drafted: String = sqlx::query("SELECT status FROM site_articles WHERE id = $1")
            .bind(article)
            .fetch_one(&app.platform.db.pool)
            .await
            .unwrap()
            .try_get("status")
            .unwrap();
        assert_eq!(drafted, "draft");
        let page = app
            .get(&format!("/office/sites/submissions/{id}"), Some(&p.writer))
            .await;
        assert!(page.body.contains("已采用"));
        assert!(
            page.body
                .contains(&format!("href=\"/office/sites/articles/{article}\""))
        );
        // The stranger learns nothing of it, and may not act on it.
        let path = format!("/office/sites/submissions/{id}");
        assert_eq!(
            app.get(&path, Some(&p.stranger)).await.status,
            StatusCode::NOT_FOUND
        );
    }
}

/// WEB-SUBMIT (004 §27): the editors return a submission with a reason (none refused, nothing
/// changed), which its writer reads; a leader of another unit may not approve, and the
/// leader may not approve their own.
#[tokio::test]
async fn web_submit_a_return_with_its_reason_and_strangers_refused() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let w = SiteWorld::new(&app).await;
        let p = walk_people(&app).await;
        let id = written(&app, &p.writer, w.news.0, "春季消费券发放").await;
        taken(&act(&app, &p.writer, id, "submit", &[]).await);
        // Another unit's leader: not found, nothing changed.
        let seq = app.audit_seq().await;
        let refused = act(&app, &p.stranger_leader, id, "approve", &[]).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{}", refused.body);
        assert_eq!(app.audit_seq().await, seq);
        // Sent back with a reason, edited (the mobile kept), submitted again.
        let empty = act(&app, &p.leader, id, "send-back", &[("reason", " ")]).await;
        assert_eq!(empty.status, StatusCode::BAD_REQUEST);
        assert!(empty.body.contains("请填写退回理由"));
        assert_eq!(app.audit_seq().await, seq);
        taken(
            &act(
                &app,
                &p.leader,
                id,
                "send-back",
                &[("reason", "请补充发放时间")],
            )
            .await,
        );
        let page = app
            .get(&format!("/office/sites/submissions/{id}"), Some(&p.writer))
            .await;
        assert!(page.body.contains("请补充发放时间"));
        let v = version(&app, id).await;
        let edit = encode(&[
            ("version", v.as_str()),
            ("title", "春季消费券3月10日发放"),
            ("author", "李娜"),
            ("mobile", ""),
            ("body", "<p>3月10日起发放。</p>"),
        ]);
        let path = format!("/office/sites/submissions/{id}/edit");
        taken(&app.post(&path, Some(&p.writer), &edit).await);
        taken(&act(&app, &p.writer, id, "submit", &[]).await);
        taken(&act(&app, &p.leader, id, "approve", &[]).await);
        // The editors return it; a reason is required.
        let seq = app.audit_seq().await;
        let empty = act(&app, &p.editor, id, "return", &[("reason", "")]).await;
        assert_eq!(empty.status, StatusCode::BAD_REQUEST);
        assert_eq!(app.audit_seq().await, seq);
        assert_eq!(status(&app, id).await, "at_editors");
        taken(
            &act(
                &app,
                &p.editor,
                id,
                "return",
                &[("reason", "与已发布信息重复")],
            )
            .await,
        );
        assert_eq!(status(&app, id).await, "returned");
        let page = app
            .get(&format!("/office/sites/submissions/{id}"), Some(&p.writer))
            .await;
        assert!(page.body.contains("网站编辑退回"));
        assert!(page.body.contains("与已发布信息重复"));
        assert!(
            page.body.contains("138****8000"),
            "the mobile kept by the edit"
        );
        for command in ["edit", "submit", "withdraw", "adopt", "return"] {
            assert!(
                !page.body.contains(&format!("/{id}/{command}\"")),
                "{command}"
            );
        }
        // A stranger neither reads it nor reveals its mobile.
        let reveal = format!("/office/sites/submissions/{id}/mobile");
        let refused = app.post(&reveal, Some(&p.stranger), "").await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);
    }
}

/// WEB-SUBMIT: a form with every field wrong names every problem at once, each next to its
/// field, and stores nothing; the mobile typed is not written back.
#[tokio::test]
async fn web_submit_every_problem_at_once_and_nothing_stored() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let _world = SiteWorld::new(&app).await;
        let p = walk_people(&app).await;
        let seq = app.audit_seq().await;
        let form = encode(&[
            ("column", ""),
            ("title", ""),
            ("author", ""),
            ("mobile", "12345"),
            ("body", "<img src=\"/a.png\">"),
        ]);
        let refused = app
            .post("/office/sites/submissions/new", Some(&p.writer), &form)
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        for field in ["column", "title", "author", "mobile", "body"] {
            assert!(
                refused.body.contains(&format!("id=\"{field}-error\"")),
                "{field}: {}",
                refused.body
            );
        }
        assert!(refused.body.contains("未命名"));
        assert!(!refused.body.contains("value=\"12345\""));
        assert_eq!(app.audit_seq().await, seq);
        assert_eq!(
            scalar(
                &app,
                "SELECT COUNT(*) FROM site_submissions WHERE id > $1",
                0
            )
            .await,
            0
        );
    }
}

/// WEB-SUBMIT (004 §26, 40): with a quota of one a week, the table shows the unit's week met
/// by its submission and the weeks before missed, with the run; the job's accountability
/// record of the run is explained in writing by the unit's leader, once.
#[tokio::test]
async fn web_submit_the_weekly_table_shows_a_missed_week_and_the_leader_explains_the_run() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let w = SiteWorld::new(&app).await;
        let p = walk_people(&app).await;
        let db = &app.platform.db;
        let jurisdiction = platform::jurisdiction::current(db).await.unwrap().unwrap();
        let mut profile = jurisdiction.profile.clone();
        profile.website.unit_weekly_submissions = 1;
        platform::jurisdiction::save_profile(
            db,
            &AuditActor::system("test"),
            &jurisdiction,
            &profile,
            0,
        )
        .await
        .unwrap();
        let id = written(&app, &p.writer, w.news.0, "本周信息").await;
        taken(&act(&app, &p.writer, id, "submit", &[]).await);
        taken(&act(&app, &p.leader, id, "approve", &[]).await);
        let table = app
            .get("/office/sites/submissions/weeks", Some(&p.leader))
            .await;
        assert_eq!(table.status, StatusCode::OK, "{}", table.body);
        assert!(table.body.contains("每周至少报送 1 条信息"));
        let market = table
            .body
            .split("<tr><th scope=\"row\">")
            .skip(1)
            .find(|row| row.starts_with("区市场监督管理局"))
            .unwrap_or_else(|| panic!("no line of the market bureau: {}", table.body));
        assert!(market.contains("</span>达标<br>"), "{market}");
        assert!(market.contains("</span>未达标<br>"), "{market}");
        assert!(market.contains("连续"), "{market}");
        // The weeks of 2025 since the group's first site: missed by everyone.
        let old = app
            .get(
                "/office/sites/submissions/weeks?from=2025-03-03&weeks=3",
                Some(&p.writer),
            )
            .await;
        assert!(old.body.contains("03-03 周"));
        assert!(old.body.contains("未达标"));
        let bad = app
            .get("/office/sites/submissions/weeks?weeks=99", Some(&p.writer))
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.body.contains("统计周数应在"));
        // The hourly job records the runs; the market bureau's leader explains its own.
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let system = AuditActor::system("test");
        let now = calendar::Instant::from_millis(platform::db::now_ms());
        let context =
            platform::workflow::Context::new(&app.platform.key, &system, &calendar, &profile, now);
        let recorded = sites::usecase::record_late_runs(db, &context)
            .await
            .unwrap();
        let market_id = platform::units::find_by_code(db, "gz-market")
            .await
            .unwrap()
            .unwrap()
            .id;
        let run = recorded
            .iter()
            .find(|run| run.unit.0 == market_id)
            .expect("the market bureau's run");
        let table = app
            .get("/office/sites/submissions/weeks", Some(&p.leader))
            .await;
        let action = format!("/office/sites/submissions/runs/{}/explain", run.id);
        assert!(table.body.contains(&action), "{}", table.body);
        let other = app
            .post(
                &action,
                Some(&p.stranger_leader),
                &encode(&[("version", "1"), ("explanation", "x")]),
            )
            .await;
        assert_eq!(other.status, StatusCode::NOT_FOUND);
        let version = run.version.to_string();
        let empty = encode(&[("version", version.as_str()), ("explanation", " ")]);
        let refused = app.post(&action, Some(&p.leader), &empty).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        let text = encode(&[
            ("version", version.as_str()),
            ("explanation", "信息员岗位调整，已明确专人负责每周报送"),
        ]);
        taken(&app.post(&action, Some(&p.leader), &text).await);
        let table = app
            .get("/office/sites/submissions/weeks", Some(&p.writer))
            .await;
        assert!(
            table
                .body
                .contains("信息员岗位调整，已明确专人负责每周报送")
        );
        assert!(!table.body.contains(&action));
        let again = app.post(&action, Some(&p.leader), &text).await;
        assert_eq!(again.status, StatusCode::CONFLICT);
    }
}
