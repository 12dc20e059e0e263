//! The site group's back office through HTTP (issue 15), on both backends: the registry
//! (WEB-REGISTRY: register with every problem next to its field, apply, approve, change with
//! the dated history, a temporary offline once a year), the column tree (WEB-COLUMNS), the
//! freshness page (WEB-FRESH) and the tamper alarms (SEC-TAMPER). The articles' walk is
//! `sites_articles.rs`; both take their staff and steps from `sites_office_world.rs`.

use axum::http::StatusCode;
use calendar::{Instant, Light};
use platform::db::now_ms;

use crate::common::{TestApp, app_on};
use crate::sites_office_world::{
    People, column, encode, open_site, registration, scalar, site_command, version,
};

/// WEB-REGISTRY: registration with every problem at once next to its field; opening applied
/// for by the host unit's leader and approved by the supervising unit's; a change of
/// registration kept with its date and reason; a temporary offline approved, restored, and a
/// second one in the same year refused with nothing changed.
#[tokio::test]
async fn web_registry_register_open_change_and_offline_once_a_year() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let p = People::new(&app).await;
        let form = app.get("/office/sites/new", Some(&p.edu_leader)).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("登记新网站"), "{}", form.body);

        // Every problem at once, each next to its field; nothing stored.
        let bad = registration(
            &p,
            &[("name", ""), ("domains", "http://jyj"), ("site_code", "12")],
        );
        let refused = app.post("/office/sites", Some(&p.edu_leader), &bad).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        for field in ["name", "domains", "site_code"] {
            assert!(
                refused.body.contains(&format!("id=\"{field}-error\"")),
                "{field}: {}",
                refused.body
            );
            assert!(refused.body.contains(&format!("href=\"#{field}\"")));
        }
        assert!(refused.body.contains("aria-invalid=\"true\""));
        assert!(
            refused.body.contains("value=\"陇ICP备12345678号-3\""),
            "kept"
        );
        assert_eq!(
            scalar(&app, "SELECT COUNT(*) AS n FROM sites WHERE id > $1", 0).await,
            0
        );

        // Registered, applied for, approved by another unit's leader.
        let site = open_site(&app, &p).await;
        let page = app
            .get(&format!("/office/sites/{site}"), Some(&p.edu_leader))
            .await;
        assert!(page.body.contains("运行中") && page.body.contains("6207020003"));
        assert!(page.body.contains("初次登记"));
        assert!(!page.body.contains(&format!("/office/sites/{site}/approve")));
        let list = app.get("/office/sites", Some(&p.edu_leader)).await;
        assert!(list.body.contains("甘州区教育局") && list.body.contains("jyj.gsgz.gov.cn"));
        let elsewhere = app.get("/office/sites", Some(&p.housing_leader)).await;
        assert!(
            !elsewhere.body.contains("jyj.gsgz.gov.cn"),
            "another unit's list"
        );
        let hidden = app
            .get(&format!("/office/sites/{site}"), Some(&p.housing_leader))
            .await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);

        // A change of registration, with its reason, kept with its date.
        let path = format!("/office/sites/{site}/registration");
        let v = version(&app, "sites", site).await;
        let no_reason = registration(&p, &[("contact_phone", "0936-8219999"), ("version", &v)]);
        let refused = app.post(&path, Some(&p.edu_leader), &no_reason).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(
            refused.body.contains("id=\"reason-error\""),
            "{}",
            refused.body
        );
        let change = registration(
            &p,
            &[
                ("contact_phone", "0936-8219999"),
                ("version", &v),
                ("reason", "机构调整"),
            ],
        );
        let changed = app.post(&path, Some(&p.edu_leader), &change).await;
        assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
        let page = app
            .get(&format!("/office/sites/{site}"), Some(&p.edu_leader))
            .await;
        assert!(page.body.contains("变更：联系方式") && page.body.contains("机构调整"));
        assert!(page.body.contains("0936-8219999"));
        let rows = "SELECT COUNT(*) AS n FROM site_registrations WHERE site_id = $1";
        assert_eq!(scalar(&app, rows, site).await, 2);

        // WEB-REGISTRY: a temporary offline, approved and restored; a second one this year is
        // refused with its reason and changes nothing.
        let too_long = site_command(
            &app,
            &p.edu_leader,
            site,
            "apply-offline",
            &[("days", "31"), ("reason", "改版")],
        )
        .await;
        assert_eq!(too_long.status, StatusCode::CONFLICT);
        assert!(
            too_long.body.contains("临时下线时间不得超过"),
            "{}",
            too_long.body
        );
        let applied = site_command(
            &app,
            &p.edu_leader,
            site,
            "apply-offline",
            &[("days", "7"), ("reason", "网站改版")],
        )
        .await;
        assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
        site_command(
            &app,
            &p.office_leader,
            site,
            "approve",
            &[("opinion", "同意")],
        )
        .await;
        let page = app
            .get(&format!("/office/sites/{site}"), Some(&p.edu_leader))
            .await;
        assert!(page.body.contains("临时下线（7天）"), "{}", page.body);
        let restored = site_command(&app, &p.edu_leader, site, "restore", &[]).await;
        assert_eq!(restored.status, StatusCode::SEE_OTHER, "{}", restored.body);
        let before = version(&app, "sites", site).await;
        let again = site_command(
            &app,
            &p.edu_leader,
            site,
            "apply-offline",
            &[("days", "3"), ("reason", "再次改版")],
        )
        .await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
        assert!(again.body.contains("每年不得超过1次"), "{}", again.body);
        assert!(again.body.contains("id=\"action-error\""));
        assert_eq!(
            version(&app, "sites", site).await,
            before,
            "nothing changed"
        );
        let status = "SELECT COUNT(*) AS n FROM sites WHERE id = $1 AND status = 'open'";
        assert_eq!(scalar(&app, status, site).await, 1);
    }
}

/// WEB-COLUMNS: the site's administrators open columns with two different A/B editors; a
/// special column takes no article until the supervising unit's leader approves it; a column
/// is not moved under itself; archived, it is marked. The tree shows each column's type,
/// unit, editors and light in words.
#[tokio::test]
async fn web_columns_tree_editors_special_approval_and_archive() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let p = People::new(&app).await;
        let site = open_site(&app, &p).await;
        let path = format!("/office/sites/{site}/columns");
        let same = p.editor_a.user_id.to_string();
        let edu = p.edu.to_string();
        let twice = encode(&[
            ("name", "教育动态"),
            ("kind", "news"),
            ("responsible_unit", &edu),
            ("editor_a", &same),
            ("editor_b", &same),
        ]);
        let refused = app.post(&path, Some(&p.publisher), &twice).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(
            refused.body.contains("A岗和B岗应由不同人员担任"),
            "{}",
            refused.body
        );
        assert!(
            refused.body.contains("value=\"教育动态\""),
            "the form is kept"
        );
        let count = "SELECT COUNT(*) AS n FROM site_columns WHERE site_id = $1";
        assert_eq!(scalar(&app, count, site).await, 0);

        let news = column(&app, &p, site, "news", "教育动态").await;
        let special = column(&app, &p, site, "special", "双减专题").await;
        let tree = app.get(&path, Some(&p.editor_a)).await;
        assert_eq!(tree.status, StatusCode::OK);
        for text in [
            "教育动态",
            "动态要闻类",
            "区教育局",
            "A岗",
            "红灯",
            "空白栏目（单项否决）",
        ] {
            assert!(tree.body.contains(text), "{text}: {}", tree.body);
        }
        assert!(tree.body.contains("专题待审核同意"));
        assert!(
            !tree.body.contains("id=\"new-column\""),
            "an editor opens no column"
        );

        // A special column takes no draft until approved by the supervising unit's leader.
        let draft = format!("/office/sites/columns/{special}/draft");
        let waiting = app.get(&draft, Some(&p.editor_a)).await;
        assert!(waiting.body.contains("审核同意后开设"), "{}", waiting.body);
        let column_page = format!("/office/sites/columns/{special}");
        let leader_page = app.get(&column_page, Some(&p.edu_leader)).await;
        assert!(
            !leader_page.body.contains("/approve\""),
            "the host's leader does not approve"
        );
        let v = version(&app, "site_columns", special).await;
        let approved = app
            .post(
                &format!("/office/sites/columns/{special}/approve"),
                Some(&p.office_leader),
                &encode(&[("version", &v)]),
            )
            .await;
        assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
        let open = app.get(&draft, Some(&p.editor_a)).await;
        assert!(open.body.contains("id=\"article-form\""), "{}", open.body);

        // Not under itself; archived.
        let v = version(&app, "site_columns", news).await;
        let own = news.to_string();
        let (a, b) = (
            p.editor_a.user_id.to_string(),
            p.editor_b.user_id.to_string(),
        );
        let moved = encode(&[
            ("parent", &own),
            ("name", "教育动态"),
            ("kind", "news"),
            ("responsible_unit", &edu),
            ("editor_a", &a),
            ("editor_b", &b),
            ("version", &v),
        ]);
        let edit = format!("/office/sites/columns/{news}/edit");
        let cycle = app.post(&edit, Some(&p.publisher), &moved).await;
        assert_eq!(cycle.status, StatusCode::BAD_REQUEST, "{}", cycle.body);
        assert!(
            cycle.body.contains("不能是自己的下级栏目"),
            "{}",
            cycle.body
        );
        let archived = app
            .post(
                &format!("/office/sites/columns/{news}/archive"),
                Some(&p.edu_leader),
                &encode(&[("version", &v)]),
            )
            .await;
        assert_eq!(archived.status, StatusCode::SEE_OTHER, "{}", archived.body);
        let page = app
            .get(&format!("/office/sites/columns/{news}"), Some(&p.editor_a))
            .await;
        assert!(page.body.contains("已归档") && page.body.contains("不再监测"));
        assert!(
            !page.body.contains("draft-link"),
            "no draft in an archived column"
        );
    }
}

/// The last publication of `column` set to `at` (a year of articles, shortened).
async fn last_published(app: &TestApp, column: i64, at: Option<i64>) {
    sqlx::query("UPDATE site_columns SET last_published_at = $1 WHERE id = $2")
        .bind(at)
        .bind(column)
        .execute(&app.platform.db.pool)
        .await
        .unwrap();
}

/// WEB-FRESH: the stale and nearly stale columns of the bureau, with their lights in words,
/// the blank one counted and marked 单项否决, an untouched special column flagged; a fresh
/// column only in the full list; another unit sees none of them.
#[tokio::test]
async fn web_fresh_stale_nearly_stale_blank_and_special_columns_per_unit() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let p = People::new(&app).await;
        let site = open_site(&app, &p).await;
        let day = 86_400_000;
        let now = now_ms();
        let stale = column(&app, &p, site, "news", "教育动态").await;
        last_published(&app, stale, Some(now - 30 * day)).await;
        let fresh = column(&app, &p, site, "news", "校园新闻").await;
        last_published(&app, fresh, Some(now - day)).await;
        let blank = column(&app, &p, site, "policy", "政策文件").await;
        // Nearly stale: the notice column a few days before its six months (the profile's
        // yellow rule, CAL-LIGHT), found with the pure freshness of the same column.
        let nearly = column(&app, &p, site, "notice", "通知公告").await;
        let stored = sites::store::columns::get(&app.platform.db, sites::ColumnId(nearly))
            .await
            .unwrap();
        let profile = platform::jurisdiction::current(&app.platform.db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(&app.platform.db)
            .await
            .unwrap();
        let yellow = (150..200)
            .map(|days| now - days * day)
            .find(|at| {
                let f = sites::column::freshness(
                    &stored.column,
                    Some(Instant::from_millis(*at)),
                    Instant::from_millis(now),
                    &profile,
                    &calendar,
                );
                f.is_some_and(|f| f.light == Light::Yellow)
            })
            .expect("a day when the notice column is yellow");
        last_published(&app, nearly, Some(yellow)).await;
        let special = column(&app, &p, site, "special", "双减专题").await;
        sqlx::query("UPDATE site_columns SET opened_at = $1 WHERE id = $2")
            .bind(now - 200 * day)
            .bind(special)
            .execute(&app.platform.db.pool)
            .await
            .unwrap();

        let page = app
            .get("/office/sites/freshness", Some(&p.edu_leader))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let body = &page.body;
        for text in [
            "区教育局",
            "教育动态",
            "超期未更新",
            "红灯",
            "通知公告",
            "黄灯",
            "即将超期",
            "政策文件",
            "空白栏目（单项否决）",
            "双减专题",
            "专题专栏超期未更新，应归档、合并或撤销",
        ] {
            assert!(body.contains(text), "{text}: {body}");
        }
        assert!(
            !body.contains("校园新闻"),
            "a green column is not listed by default"
        );
        let all = app
            .get("/office/sites/freshness?all=1", Some(&p.edu_leader))
            .await;
        assert!(all.body.contains("校园新闻") && all.body.contains("绿灯"));
        // The site's counts as the national check counts them: one blank column.
        let counts = body.split("id=\"fresh-counts\"").nth(1).unwrap();
        assert!(counts.contains("甘州区教育局"), "{counts}");
        let editor = app.get("/office/sites/freshness", Some(&p.editor_a)).await;
        assert!(editor.body.contains("教育动态"), "the editor's own columns");
        let other = app
            .get("/office/sites/freshness", Some(&p.housing_leader))
            .await;
        assert!(!other.body.contains("教育动态"), "another unit's columns");
        let _ = blank;
    }
}

/// SEC-TAMPER: a page altered behind the workflow's back is found by the tamper check and
/// listed, restored, to the site's administrators; another unit's leader sees no alarm.
#[tokio::test]
async fn sec_tamper_alarms_listed_for_the_sites_administrators() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let p = People::new(&app).await;
        let site = open_site(&app, &p).await;
        let news = column(&app, &p, site, "news", "教育动态").await;
        let article = crate::sites_articles::published(&app, &p, news, "教育局召开会议").await;
        let altered = sites::article::Content {
            title: "教育局召开会议".into(),
            body: "<p>被篡改的内容</p>".into(),
            source: "区教育局".into(),
            policy: None,
        };
        sqlx::query("UPDATE site_pages SET content = $1 WHERE article_id = $2")
            .bind(serde_json::to_string(&altered).unwrap())
            .bind(article)
            .execute(&app.platform.db.pool)
            .await
            .unwrap();
        let db = &app.platform.db;
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let now = Instant::from_millis(now_ms());
        let report = sites::jobs::tamper::check(db, &app.platform.key, &calendar, &profile, now)
            .await
            .unwrap();
        assert_eq!(report.alarms, 1);
        let page = app.get("/office/sites/alarms", Some(&p.publisher)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("教育局召开会议"), "{}", page.body);
        assert!(page.body.contains("已恢复为审核通过的版本"));
        let host = app.get("/office/sites/alarms", Some(&p.edu_leader)).await;
        assert!(
            host.body.contains("教育局召开会议"),
            "the host unit's leader"
        );
        let other = app
            .get("/office/sites/alarms", Some(&p.housing_leader))
            .await;
        assert!(other.body.contains("暂无告警"), "{}", other.body);
        let editor = app.get("/office/sites/alarms", Some(&p.editor_a)).await;
        assert_eq!(editor.status, StatusCode::FORBIDDEN);
    }
}
