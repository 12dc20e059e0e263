//! The site inspection's pages by HTTP (issue 19, WEB-INSPECT, WEB-NOADS), on both backends:
//! the overview of every site with its availability share (red at 5 %), a site's 19号
//! single-veto indicators with their evidence, the quarterly report (print view and Excel),
//! a finding worked by its unit (整改完成 needs a note; 误报 by the unit's reviewer feeds the
//! whitelist); other units' staff learn nothing, other roles are refused. With
//! `ZHENGWU_WALK19_SCREENSHOTS=1` the pages are saved as docs/screenshots/walk19-*.png.

use axum::http::StatusCode;
use calendar::Instant;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::workflow::Context;
use sites::inspection::{store, usecase};
use sites::{SiteId, UnitId};

use crate::common::{TestApp, app_on};
use crate::sites_office_world::{People, encode, open_site, staff};

/// A crawl of `site` (host unit `edu`) with a wrong expression, a full ID number and a broken
/// link; 20 probes with one unanswered.
pub(crate) async fn crawled(app: &TestApp, site: i64, edu: i64) {
    let db = &app.platform.db;
    let profile = platform::jurisdiction::current(db)
        .await
        .unwrap()
        .unwrap()
        .profile;
    let calendar = platform::workcal::load_current(db).await.unwrap();
    let actor = AuditActor::system("inspect.crawl");
    let now = Instant::from_millis(now_ms());
    let context = Context::new(&app.platform.key, &actor, &calendar, &profile, now);
    let base = "http://jyj.gsgz.gov.cn";
    let seen = |kind: &str, path: &str, detail: &str| usecase::Seen {
        kind: kind.into(),
        url: format!("{base}{path}"),
        detail: detail.into(),
    };
    let crawl = [
        seen("wrong-word", "/a.html", "错误表述“国家教委”，应为“教育部”"),
        seen(
            "privacy-id-number",
            "/list.html",
            "身份证号 620702********1238",
        ),
        seen(
            "broken-link",
            "/",
            "http://jyj.gsgz.gov.cn/old.html（HTTP 404）",
        ),
    ];
    usecase::record_crawl(db, &context, SiteId(site), UnitId(edu), &crawl, true)
        .await
        .unwrap();
    for n in 0..20 {
        let at = now.millis() - n * 3_600_000;
        let answered = n != 5;
        store::insert_probe(db, SiteId(site), at, answered, 120, "")
            .await
            .unwrap();
    }
}

async fn finding_of(app: &TestApp, kind: &str) -> i64 {
    use sqlx::Row as _;
    sqlx::query("SELECT id FROM inspect_findings WHERE kind = $1")
        .bind(kind)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap()
}

/// WEB-INSPECT (19号): the overview, a site's indicators, the quarterly report; access.
#[tokio::test]
async fn web_inspect_the_inspection_pages_show_each_site_its_indicators_and_the_report() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let p = People::new(&app).await;
        let site = open_site(&app, &p).await;
        crawled(&app, site, p.edu).await;
        let admin = staff(&app, "gz-it", &[Role::SystemAdmin]).await;

        let overview = app.get("/office/inspect/sites", Some(&admin)).await;
        assert_eq!(overview.status, StatusCode::OK, "{}", overview.body);
        assert!(
            overview
                .body
                .contains(&format!("/office/inspect/sites/{site}"))
        );
        assert!(overview.body.contains("5.0%"), "{}", overview.body);
        assert!(overview.body.contains("class=\"veto\""));

        let page = app
            .get(&format!("/office/inspect/sites/{site}"), Some(&admin))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        for name in [
            "站点无法访问",
            "首页长时间未更新",
            "栏目不更新",
            "空白栏目",
            "严重错误表述",
            "泄露隐私",
            "互动回应差",
        ] {
            assert!(page.body.contains(name), "{name}");
        }
        assert!(
            page.body.contains("20次，1次未在15秒内响应"),
            "{}",
            page.body
        );
        assert!(page.body.contains("错误表述1处"));
        assert!(page.body.contains("身份证号1处"));
        assert!(page.body.contains("有单项否决指标未通过"));
        assert!(!page.body.contains("198503121238"), "masked");

        let report = app
            .get(&format!("/office/inspect/report?site={site}"), Some(&admin))
            .await;
        assert_eq!(report.status, StatusCode::OK, "{}", report.body);
        assert!(report.body.contains("巡检报告"));
        assert!(report.body.contains("错误表述"));
        let all = app.get("/office/inspect/report", Some(&admin)).await;
        assert!(all.body.contains("全区政府网站"), "{}", all.body);
        let xlsx = app.get("/office/inspect/report.xlsx", Some(&admin)).await;
        assert_eq!(xlsx.status, StatusCode::OK);
        let bad = app
            .get("/office/inspect/report?quarter=2026Q7", Some(&admin))
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.body.contains("季度应写作"), "{}", bad.body);

        // Deny by default: the publisher and the bureau's editor do not reach the overview.
        let refused = app.get("/office/inspect/sites", Some(&p.publisher)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let refused = app
            .get(&format!("/office/inspect/sites/{site}"), Some(&p.editor_a))
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        if std::env::var("ZHENGWU_WALK19_SCREENSHOTS").is_ok_and(|v| v == "1") {
            let word = finding_of(&app, "wrong-word").await;
            crate::inspect_screens::take(
                &app,
                &admin,
                &p.reviewer,
                &[
                    ("/office/inspect/sites", "walk19-sites"),
                    (
                        &format!("/office/inspect/sites/{site}"),
                        "walk19-indicators",
                    ),
                    (
                        &format!("/office/inspect/report?site={site}"),
                        "walk19-report",
                    ),
                ],
                &[(
                    &format!("/office/inspect/findings/{word}"),
                    "walk19-finding",
                )],
            )
            .await;
        }
    }
}

/// WEB-INSPECT: a finding is worked by its unit: 整改完成 needs a note, then waits for the
/// re-check; 误报 by the unit's reviewer joins the whitelist; another unit's staff get 404.
#[tokio::test]
async fn web_inspect_a_finding_is_worked_by_its_unit() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let p = People::new(&app).await;
        let site = open_site(&app, &p).await;
        crawled(&app, site, p.edu).await;
        let broken = finding_of(&app, "broken-link").await;
        let path = format!("/office/inspect/findings/{broken}");
        let page = app.get(&path, Some(&p.editor_a)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains(&format!("action=\"{path}/fix\"")));
        assert!(page.body.contains("整改时限"));
        let version = store::get(&app.platform.db, sites::inspection::FindingId(broken))
            .await
            .unwrap()
            .version
            .to_string();
        let fix = format!("{path}/fix");
        let empty = app
            .post(
                &fix,
                Some(&p.editor_a),
                &encode(&[("version", &version), ("note", " ")]),
            )
            .await;
        assert_eq!(empty.status, StatusCode::BAD_REQUEST);
        assert!(empty.body.contains("请填写整改情况"), "{}", empty.body);
        let outsider = staff(&app, "gz-office", &[Role::SiteEditor]).await;
        let hidden = app.get(&path, Some(&outsider)).await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);
        let done = app
            .post(
                &fix,
                Some(&p.editor_a),
                &encode(&[("version", &version), ("note", "已删除失效链接")]),
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let page = app.get(&path, Some(&p.editor_a)).await;
        assert!(page.body.contains("已整改待复查"), "{}", page.body);

        let word = finding_of(&app, "wrong-word").await;
        let path = format!("/office/inspect/findings/{word}");
        let page = app.get(&path, Some(&p.reviewer)).await;
        assert!(page.body.contains(&format!("action=\"{path}/dismiss\"")));
        let dismiss = app
            .post(
                &format!("{path}/dismiss"),
                Some(&p.reviewer),
                &encode(&[
                    ("version", "1"),
                    ("reason", "机构沿革介绍"),
                    ("phrase", "原国家教委"),
                ]),
            )
            .await;
        assert_eq!(dismiss.status, StatusCode::SEE_OTHER, "{}", dismiss.body);
        let whitelisted = sites::usecase::inspect::whitelist(&app.platform.db)
            .await
            .unwrap();
        assert!(whitelisted.iter().any(|(_, phrase)| phrase == "原国家教委"));
    }
}
