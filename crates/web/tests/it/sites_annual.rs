//! A site's annual work report by HTTP (WEB-ANNUAL, WEB-STATS; `reports.md` §2), on both
//! backends: every field of the national form on the page, the counts the records fill equal
//! to the site's published articles; the host unit's inputs saved (every problem at once next
//! to its field, nothing saved on any); publication refused without the signatures and not
//! offered, then offered, frozen, marked late after 31 January and public on the site; the
//! print view, the Excel workbook, the year's overview; strangers refused.

use axum::http::StatusCode;
use chrono::{Datelike as _, NaiveDate};
use sites::annual::FIELDS;

use crate::common::{Answer, TestApp, app_on};
use crate::sites_submissions::{encode, session_by_name, staff_in};
use crate::sites_world::{SiteWorld, news, policy_document};

/// The site group with the bureau's 2025 articles: three news, a policy document and its
/// interpretation (five pages, all published on 2025-03-03).
async fn world_with_articles(app: &TestApp) -> SiteWorld<'_> {
    let w = SiteWorld::new(app).await;
    for title in ["开学工作会议召开", "校园安全检查", "教师节表彰大会"] {
        w.publish(w.news, news(title)).await;
    }
    w.publish(w.policy, policy_document()).await;
    w.publish(w.interpretations, news("招生入学实施办法解读"))
        .await;
    w
}

fn value_of<'a>(page: &'a Answer, key: &str) -> &'a str {
    let marker = format!("id=\"v-{key}\">");
    let start = page
        .body
        .find(&marker)
        .unwrap_or_else(|| panic!("no value of {key}: {}", page.body))
        + marker.len();
    let rest = &page.body[start..];
    &rest[..rest.find('<').unwrap_or(rest.len())]
}

async fn report_version(app: &TestApp, site: i64) -> String {
    use sqlx::Row as _;
    let row =
        sqlx::query("SELECT version FROM site_annual_reports WHERE site_id = $1 AND year = 2025")
            .bind(site)
            .fetch_optional(&app.platform.db.pool)
            .await
            .unwrap();
    row.map_or(0, |row| row.try_get::<i64, _>("version").unwrap())
        .to_string()
}

const SIGNED: &[(&str, &str)] = &[
    ("messages_received", "12"),
    ("messages_days", "2.5"),
    ("talk_unified", "是"),
    ("weibo_name", "甘州教育"),
    ("signed_head", "王明"),
    ("signed_reviewer", "李强"),
    ("signed_filler", "张丽"),
    ("signed_phone", "0936-8212345"),
    ("signed_on", "2026-01-20"),
];

/// WEB-ANNUAL: the report counts the site's published articles, takes the host unit's inputs
/// and signatures, refuses publication without them, and once published is frozen, marked
/// late after its due date and public on the site.
#[tokio::test]
async fn web_annual_the_report_counts_the_articles_takes_the_inputs_and_publishes_when_signed() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let w = world_with_articles(&app).await;
        let leader = session_by_name(&app, "t.edu.leader").await;
        let path = format!("/office/sites/{}/annual/2025", w.dept.0);
        let page = app.get(&path, Some(&leader)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        // Every field of the form, label for label; the counts from the records.
        for field in FIELDS {
            assert!(page.body.contains(field.label), "{}", field.label);
        }
        assert_eq!(value_of(&page, "info_total"), "5");
        assert_eq!(value_of(&page, "info_news"), "3");
        assert_eq!(value_of(&page, "info_catalogue"), "2");
        assert_eq!(value_of(&page, "interpret_total"), "1");
        assert_eq!(value_of(&page, "site_name"), "甘州区教育局");
        assert_eq!(value_of(&page, "site_code"), "6207020003");
        assert!(page.body.contains("网站发布记录"));
        assert!(page.body.contains("name=\"signed_head\""));
        // Not signed: publication is not offered, and refused when asked for.
        assert!(!page.body.contains("id=\"publish-annual\""));
        assert!(page.body.contains("请先填写并保存签署栏"));
        let seq = app.audit_seq().await;
        let publish = format!("{path}/publish");
        let refused = app
            .post(&publish, Some(&leader), &encode(&[("version", "0")]))
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert!(refused.body.contains("请先填写签署栏"));
        assert_eq!(app.audit_seq().await, seq);
        let public = "/sites/6207020003/annual/2025";
        assert_eq!(app.get(public, None).await.status, StatusCode::NOT_FOUND);
        // Every problem at once, next to its field; nothing saved.
        let bad = encode(&[
            ("version", "0"),
            ("messages_received", "十二"),
            ("signed_phone", "123"),
            ("signed_head", "王明"),
        ]);
        let refused = app.post(&path, Some(&leader), &bad).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert!(refused.body.contains("id=\"f-messages_received-error\""));
        assert!(refused.body.contains("id=\"f-signed_phone-error\""));
        assert!(refused.body.contains("2 处需要修改"));
        assert!(
            refused.body.contains("value=\"十二\""),
            "what was typed is kept"
        );
        assert_eq!(app.audit_seq().await, seq);
        assert_eq!(report_version(&app, w.dept.0).await, "0");
        // Saved; the page shows them; publication is offered.
        let mut pairs = vec![("version", "0")];
        pairs.extend_from_slice(SIGNED);
        let saved = app.post(&path, Some(&leader), &encode(&pairs)).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let page = app.get(&path, Some(&leader)).await;
        assert!(page.body.contains("value=\"12\""));
        assert!(page.body.contains("value=\"2.50\""));
        assert!(page.body.contains("value=\"甘州教育\""));
        assert!(page.body.contains("id=\"publish-annual\""), "{}", page.body);
        let v = report_version(&app, w.dept.0).await;
        let published = app
            .post(&publish, Some(&leader), &encode(&[("version", v.as_str())]))
            .await;
        assert_eq!(
            published.status,
            StatusCode::SEE_OTHER,
            "{}",
            published.body
        );
        let page = app.get(&path, Some(&leader)).await;
        let today = calendar::Instant::from_millis(platform::db::now_ms()).local_date();
        let late = today > NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        assert!(page.body.contains("id=\"published\""));
        assert_eq!(page.body.contains("逾期发布"), late);
        assert!(!page.body.contains("id=\"annual-form\""), "frozen");
        let again = app.post(&path, Some(&leader), &encode(&pairs)).await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
        // Public on the site, as published; listed.
        let public_page = app.get(public, None).await;
        assert_eq!(public_page.status, StatusCode::OK, "{}", public_page.body);
        assert!(
            public_page
                .body
                .contains("甘州区教育局2025年度政府网站工作年度报表")
        );
        assert_eq!(value_of(&public_page, "info_total"), "5");
        assert_eq!(value_of(&public_page, "signed_head"), "王明");
        assert!(!public_page.body.contains("WEB-"));
        let list = app.get("/sites/6207020003/annual", None).await;
        assert!(list.body.contains("href=\"/sites/6207020003/annual/2025\""));
        let portal = app.get("/sites/6207020001/annual/2025", None).await;
        assert_eq!(portal.status, StatusCode::NOT_FOUND);
        // The year's overview.
        let overview = app
            .get("/office/sites/annual?year=2025", Some(&leader))
            .await;
        assert_eq!(overview.status, StatusCode::OK);
        assert!(overview.body.contains(&format!("href=\"{path}\"")));
        assert!(overview.body.contains("甘州区人民政府"));
        assert!(overview.body.contains("已发布 1 个"));
    }
}

/// WEB-ANNUAL: the print view and the Excel workbook; a stranger finds nothing, a column's
/// editor reads without a form, a year before the site is not found.
#[tokio::test]
async fn web_annual_print_excel_and_who_may_see_and_fill_it() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let w = world_with_articles(&app).await;
        let leader = session_by_name(&app, "t.edu.leader").await;
        let path = format!("/office/sites/{}/annual/2025", w.dept.0);
        let xlsx = app.get(&format!("{path}/report.xlsx"), Some(&leader)).await;
        assert_eq!(xlsx.status, StatusCode::OK);
        let content_type = xlsx.headers.get("content-type").unwrap().to_str().unwrap();
        assert!(content_type.contains("spreadsheetml"), "{content_type}");
        assert!(xlsx.body.starts_with("PK"), "a zip");
        assert!(xlsx.body.contains("xl/worksheets/sheet1.xml"));
        let print = app.get(&format!("{path}/print"), Some(&leader)).await;
        assert_eq!(print.status, StatusCode::OK);
        assert!(print.body.contains("政府网站工作年度报表"));
        for label in ["单位负责人", "审核人", "填报人", "联系电话", "填报日期"] {
            assert!(print.body.contains(label), "{label}");
        }
        assert_eq!(value_of(&print, "info_total"), "5");
        // Another unit's leader: nothing to see, nothing saved.
        let stranger = staff_in(
            &app,
            "gz-housing",
            platform::roles::Role::UnitLeader,
            "t.h.l",
        )
        .await;
        let seq = app.audit_seq().await;
        assert_eq!(
            app.get(&path, Some(&stranger)).await.status,
            StatusCode::NOT_FOUND
        );
        let form = encode(&[("version", "0"), ("signed_head", "某人")]);
        let refused = app.post(&path, Some(&stranger), &form).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);
        assert_eq!(app.audit_seq().await, seq);
        // The column's editor reads it, without a form, and may not fill it in.
        let editor = session_by_name(&app, "t.edu.a").await;
        let read = app.get(&path, Some(&editor)).await;
        assert_eq!(read.status, StatusCode::OK);
        assert!(!read.body.contains("id=\"annual-form\""));
        assert_eq!(
            app.post(&path, Some(&editor), &form).await.status,
            StatusCode::FORBIDDEN
        );
        // A year before the site existed, or to come, is not found.
        let this_year = calendar::Instant::from_millis(platform::db::now_ms())
            .local_date()
            .year();
        for year in [2024, this_year + 1] {
            let other = format!("/office/sites/{}/annual/{year}", w.dept.0);
            assert_eq!(
                app.get(&other, Some(&leader)).await.status,
                StatusCode::NOT_FOUND
            );
        }
    }
}

/// The browser suite's pages of the published report (WEB-ANNUAL): after
/// `sites_world::browser_fixture`, the bureau's leader signs and publishes its 2025 report,
/// whose public page and list of years are opened like every public page.
pub async fn browser_pages(app: &TestApp) -> Vec<String> {
    let db = &app.platform.db;
    let jurisdiction = platform::jurisdiction::current(db).await.unwrap().unwrap();
    let profile = jurisdiction.profile;
    let site = sites::usecase::read::site_by_code(db, "6207020003", &profile)
        .await
        .unwrap()
        .unwrap();
    let id = platform::users::id_by_username(db, "t.edu.leader")
        .await
        .unwrap()
        .unwrap();
    let actor = platform::users::load_actor(db, id).await.unwrap().unwrap();
    let audit = platform::audit::AuditActor::staff(&actor, "127.0.0.1");
    let acting = sites::Acting::from(&actor);
    let calendar = platform::workcal::load_current(db).await.unwrap();
    let now = calendar::Instant::from_millis(platform::db::now_ms());
    let context =
        platform::workflow::Context::new(&app.platform.key, &audit, &calendar, &profile, now);
    let texts: Vec<(String, String)> = SIGNED
        .iter()
        .map(|(key, text)| ((*key).to_owned(), (*text).to_owned()))
        .collect();
    let key = (site.id, 2025);
    sites::usecase::save_annual_inputs(db, &context, &acting, key, &texts, None)
        .await
        .unwrap();
    sites::usecase::publish_annual_report(db, &context, &acting, key, None)
        .await
        .unwrap();
    vec![
        "/sites/6207020003/annual".into(),
        "/sites/6207020003/annual/2025".into(),
    ]
}
