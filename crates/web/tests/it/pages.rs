//! Pages and API documents as a visitor and a clerk see them: WEB-FOOTER, the 404 page, the
//! OpenAPI document, the health check, and the profile editor with its audit trail.

use axum::http::StatusCode;
use platform::roles::Role;
use sqlx::Row as _;

use crate::common::app;

#[tokio::test]
async fn web_footer_shows_the_jurisdiction_identity_on_every_public_page() {
    let app = app().await;
    for path in ["/", "/sitemap", "/jiucuo", "/office/login"] {
        let page = app.get(path, None).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        for needle in [
            "主办单位：张掖市甘州区人民政府办公室",
            "网站标识码：6207020001",
            "陇ICP备",
            "公网安备",
            "0936-12345",
            "网站地图",
            "我为政府网站找错",
        ] {
            assert!(page.body.contains(needle), "{path} lacks {needle}");
        }
    }
}

#[tokio::test]
async fn portal_home_lists_announcements_and_an_unknown_page_is_a_chinese_404() {
    let app = app().await;
    let home = app.get("/", None).await;
    assert!(home.body.contains("通知公告") && home.body.contains("延时服务公告"));
    let missing = app.get("/no/such/page", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("页面不存在"));
    let api_missing = app.get("/api/v1/nothing", None).await;
    assert_eq!(api_missing.status, StatusCode::NOT_FOUND);
    assert!(api_missing.body.contains("\"code\":\"not_found\""));
}

#[tokio::test]
async fn openapi_document_describes_the_api_and_swagger_ui_is_served() {
    let app = app().await;
    let doc = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(doc.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&doc.body).unwrap();
    for path in [
        "/api/v1/health",
        "/api/v1/jurisdiction",
        "/api/v1/me",
        "/api/v1/units",
        "/api/v1/profile",
        "/api/v1/public/items",
    ] {
        assert!(
            json["paths"][path].is_object(),
            "{path} missing from OpenAPI"
        );
    }
    let ui = app.get("/api/v1/docs/", None).await;
    assert_eq!(ui.status, StatusCode::OK);
    assert!(ui.body.contains("swagger"));
}

#[tokio::test]
async fn healthz_reports_the_database_state_on_each_backend() {
    for platform in platform::testing::each_backend().await {
        let backend = platform.db.backend.name();
        let app = crate::common::app_on(platform).await;
        let health = app.get("/healthz", None).await;
        assert_eq!(health.status, StatusCode::OK);
        assert!(health.body.contains("\"database\":\"up\"") && health.body.contains(backend));
    }
}

#[tokio::test]
async fn profile_edit_by_the_system_administrator_is_saved_and_audited() {
    let app = app().await;
    let admin = app.login_as(Role::SystemAdmin).await;
    let page = app.get("/office/profile", Some(&admin)).await;
    assert!(
        page.body.contains("工单签收时限")
            && page.body.contains("HL-SIGN")
            && page.body.contains("000 §12345-9(三)1")
    );
    let saved = app
        .post("/office/profile", Some(&admin), "hotline.sign=2wh")
        .await;
    assert_eq!(saved.status, StatusCode::OK);
    assert!(saved.body.contains("已保存 1 项修改"), "{}", saved.body);
    let jurisdiction = platform::jurisdiction::current(&app.platform.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(jurisdiction.profile.hotline.sign.to_string(), "2wh");
    let detail: String = sqlx::query(
        "SELECT detail FROM audit_log WHERE action = 'profile.edit' ORDER BY seq DESC LIMIT 1",
    )
    .fetch_one(&app.platform.db.pool)
    .await
    .unwrap()
    .try_get("detail")
    .unwrap();
    assert!(
        detail.contains("hotline.sign") && detail.contains("1wh") && detail.contains("2wh"),
        "{detail}"
    );
}

#[tokio::test]
async fn profile_edit_with_a_bad_value_names_the_field_and_changes_nothing() {
    let app = app().await;
    let admin = app.login_as(Role::SystemAdmin).await;
    let before = app.audit_seq().await;
    for form in [
        "hotline.sign=3+weeks",
        "security.audit_retention_months=2",
        "no.such.key=1",
        "hotline.max_extensions=99999999999999999999",
    ] {
        let answer = app.post("/office/profile", Some(&admin), form).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{form}");
        assert!(answer.body.contains("未保存"), "{form}: {}", answer.body);
    }
    assert_eq!(app.audit_seq().await, before);
    let jurisdiction = platform::jurisdiction::current(&app.platform.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(jurisdiction.profile.hotline.sign.to_string(), "1wh");
}

#[tokio::test]
async fn the_inbox_counts_unread_messages_and_marks_them_read() {
    let app = app().await;
    let clerk = app.login_as(Role::WindowClerk).await;
    let mut tx = app.platform.db.begin().await.unwrap();
    let note =
        platform::notify::Notification::inbox(clerk.user_id, "测试通知", "请及时处理", "/office");
    platform::notify::enqueue(&mut tx, &app.platform.key, &note, platform::db::now_ms())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let deliver = platform::notify::Deliver {
        key: app.platform.key.clone(),
        sms: std::sync::Arc::new(platform::notify::LogSender),
        email: std::sync::Arc::new(platform::notify::LogSender),
    };
    deliver.deliver_due(&app.platform.db, 1000).await.unwrap();
    let home = app.get("/office", Some(&clerk)).await;
    assert!(home.body.contains("id=\"unread-count\">1<"), "unread badge");
    let inbox = app.get("/office/inbox", Some(&clerk)).await;
    assert!(inbox.body.contains("测试通知"));
    let id: i64 = sqlx::query("SELECT id FROM inbox_messages WHERE user_id = $1")
        .bind(clerk.user_id)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
    let read = app
        .post(&format!("/office/inbox/{id}/read"), Some(&clerk), "")
        .await;
    assert_eq!(read.status, StatusCode::SEE_OTHER);
    let home = app.get("/office", Some(&clerk)).await;
    assert!(home.body.contains("id=\"unread-count\">0<"));
    let other = app.login_as(Role::UnitHandler).await;
    let foreign = app
        .post(&format!("/office/inbox/{id}/read"), Some(&other), "")
        .await;
    assert_eq!(
        foreign.status,
        StatusCode::NOT_FOUND,
        "another user's message is not theirs to read"
    );
}

/// Issue 12 finding 9: office pages, downloads and the page showing a new appeal's query code
/// answer `Cache-Control: no-store`; the static assets keep their public caching.
#[tokio::test]
async fn hardening_office_pages_downloads_and_query_codes_are_not_stored() {
    let app = app().await;
    let cache = |answer: &crate::common::Answer| {
        answer
            .headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let supervisor = app.login_as(Role::HotlineSupervisor).await;
    let office = app.get("/office", Some(&supervisor)).await;
    assert_eq!(office.status, StatusCode::OK);
    assert_eq!(cache(&office), "no-store");
    let export = app
        .get(
            "/office/hotline/reports.xlsx?period=month&date=2025-03-15",
            Some(&supervisor),
        )
        .await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(cache(&export), "no-store");
    let enc = crate::login_flow::urlencode;
    let form = format!(
        "category=complaint_report&content={}&location={}&phone=13800001111",
        enc("路灯不亮"),
        enc("甘州区青年东街")
    );
    let filed = app.post("/hotline", None, &form).await;
    assert!(filed.body.contains("appeal-number"), "{}", filed.body);
    assert_eq!(cache(&filed), "no-store", "{}", filed.body);
    let css = app.get("/static/app.css", None).await;
    assert!(cache(&css).starts_with("public"), "{}", cache(&css));
}

/// Issue 14 items 1 and 12: a citizen reaches the 12345 form from the home page and the menu,
/// and the browser's request for the site icon is answered (no 404 in the log).
#[tokio::test]
async fn hl_register_the_appeal_form_is_linked_from_home_and_the_icon_is_served() {
    let app = app().await;
    let home = app.get("/", None).await;
    assert!(
        home.body.contains(r#"<a class="button" href="/hotline">"#),
        "{}",
        home.body
    );
    assert!(home.body.contains(r#"href="/hotline/query""#));
    assert!(home.body.contains(r#"<a href="/hotline">12345热线</a>"#));
    // PUB-APPLY: the disclosure application is reached from the menu too.
    assert!(
        home.body
            .contains(r#"<a href="/openness/apply">依申请公开</a>"#)
    );
    assert!(!home.body.contains("将随热线模块上线"));
    for path in ["/favicon.ico", "/static/favicon.svg"] {
        let icon = app.get(path, None).await;
        assert_eq!(icon.status, StatusCode::OK, "{path}");
        assert_eq!(icon.headers["content-type"], "image/svg+xml");
        assert!(icon.body.starts_with("<svg"));
    }
    assert!(
        home.body
            .contains(r#"rel="icon" href="/static/favicon.svg""#)
    );
}

/// Issue 14 item 3: every text-like input type a template uses is styled (phone fields became
/// `type=tel` and at first came out unstyled).
#[test]
fn every_text_like_input_type_in_the_templates_is_styled() {
    fn templates(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                templates(&path, out);
            } else if path.extension().is_some_and(|e| e == "html") {
                out.push(std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let css = include_str!("../../static/app.css");
    let mut texts = Vec::new();
    templates(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
        &mut texts,
    );
    let text_like = [
        "text", "password", "number", "tel", "date", "email", "search", "url",
    ];
    let mut used = std::collections::BTreeSet::new();
    for text in &texts {
        for input in text.split("<input").skip(1) {
            let tag = input.split('>').next().unwrap_or_default();
            if let Some(kind) = tag
                .split("type=\"")
                .nth(1)
                .and_then(|t| t.split('"').next())
                && text_like.contains(&kind)
            {
                used.insert(kind.to_owned());
            }
        }
    }
    assert!(used.contains("tel"), "{used:?}");
    for kind in used {
        assert!(
            css.contains(&format!("input[type={kind}]")),
            "input[type={kind}] is not styled"
        );
    }
}
