//! The public pages of the site group through HTTP, on both backends (issue 15 item 6):
//! routing by `Host` and under `/sites/{code}/` (WEB-SITEGROUP), each site's header and footer
//! from its registration (WEB-HEADER, WEB-FOOTER), the portal's home from its columns, and
//! visits counted without cookies (WEB-STATS), and what every page offers for barrier-free
//! reading (WEB-A11Y). Columns, articles, the archive and the XML documents are in
//! `sites_portal_pages`; the browser suite runs axe-core and the keyboard over them.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use sites::usecase::public::{self, VisitTotals};

use crate::common::{Answer, TestApp, app_on};
use crate::sites_world::{SiteWorld, news};

/// A GET as a browser sends it to `host`, with `user_agent`, and no cookie.
pub async fn get_on(app: &TestApp, host: &str, path: &str, user_agent: &str) -> Answer {
    let request = Request::builder()
        .uri(path)
        .header("host", host)
        .header("user-agent", user_agent)
        .body(Body::empty())
        .unwrap();
    app.send_request(request).await
}

pub async fn apps() -> Vec<TestApp> {
    let mut apps = Vec::new();
    for platform in platform::testing::each_backend().await {
        apps.push(app_on(platform).await);
    }
    apps
}

/// WEB-SITEGROUP, WEB-HEADER: the `Host` picks the site — the bureau's domain its home, the
/// portal's domain (with a port) or an unknown host the portal's — and so does the prefix
/// `/sites/{code}/`, whose links stay under it; an unknown code is the 404 page; another
/// site's column asked for on a host moves to that site's address, under a prefix it is not
/// found. `/sites` lists every open site with its kind and host unit.
#[tokio::test]
async fn web_sitegroup_the_host_or_the_prefix_picks_the_site() {
    for app in apps().await {
        let w = SiteWorld::new(&app).await;
        let backend = app.platform.db.backend.name();
        w.publish(w.news, news("区教育局召开春季开学工作会议"))
            .await;
        w.publish(w.portal_news, news("甘州区召开全区经济工作会议"))
            .await;

        let dept = get_on(&app, "jyj.gsgz.gov.cn", "/", "test").await;
        assert_eq!(dept.status, StatusCode::OK, "{backend}");
        // WEB-HEADER: the site's full name is the header's logo text, its theme its own.
        assert!(
            dept.body
                .contains(r#"<h1 class="site-logo"><a href="/">甘州区教育局</a>"#),
            "{}",
            dept.body
        );
        assert!(dept.body.contains("style=\"--brand: #"));
        assert!(dept.body.contains("区教育局召开春季开学工作会议"));
        assert!(!dept.body.contains("甘州区召开全区经济工作会议"));
        assert!(dept.body.contains(&format!("href=\"/columns/{}\"", w.news)));

        for host in [
            "www.gsgz.gov.cn:443",
            "unknown.example.org",
            "127.0.0.1:8080",
        ] {
            let portal = get_on(&app, host, "/", "test").await;
            assert_eq!(portal.status, StatusCode::OK, "{host}");
            assert!(portal.body.contains("甘州区召开全区经济工作会议"), "{host}");
            assert!(!portal.body.contains("区教育局召开春季开学工作会议"));
            assert!(portal.body.contains(r#"<a href="/">甘州区人民政府</a>"#));
            assert!(!portal.body.contains("style=\"--brand"), "the portal's red");
        }

        let prefixed = app.get("/sites/6207020003/", None).await;
        assert_eq!(prefixed.status, StatusCode::OK);
        assert!(prefixed.body.contains("区教育局召开春季开学工作会议"));
        let column = format!("/sites/6207020003/columns/{}", w.news);
        assert!(prefixed.body.contains(&format!("href=\"{column}\"")));
        assert_eq!(app.get(&column, None).await.status, StatusCode::OK);
        assert_eq!(
            app.get("/sites/6207020003", None).await.status,
            StatusCode::OK
        );

        let unknown = app.get("/sites/9999999999/", None).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        assert!(unknown.body.contains("页面不存在") && unknown.body.contains("未找到网站"));

        // On the portal's host the bureau's column moves to the bureau's address.
        let moved = app.get(&format!("/columns/{}", w.news), None).await;
        assert_eq!(moved.status, StatusCode::PERMANENT_REDIRECT);
        assert_eq!(moved.location(), column);
        let own = get_on(
            &app,
            "jyj.gsgz.gov.cn",
            &format!("/columns/{}", w.news),
            "t",
        )
        .await;
        assert_eq!(own.status, StatusCode::OK);
        let wrong = format!("/sites/6207020001/columns/{}", w.news);
        assert_eq!(app.get(&wrong, None).await.status, StatusCode::NOT_FOUND);

        let group = app.get("/sites", None).await;
        assert_eq!(group.status, StatusCode::OK);
        for needle in [
            "站群导航",
            "政府门户网站",
            "部门网站",
            r#"<a href="/sites/6207020003/">甘州区教育局</a>"#,
            "主办单位：甘州区人民政府办公室",
            "jyj.gsgz.gov.cn",
        ] {
            assert!(group.body.contains(needle), "/sites lacks {needle}");
        }
        let home = app.get("/", None).await;
        assert!(
            home.body.contains("href=\"/sites\""),
            "linked from the home"
        );
    }
}

/// WEB-FOOTER: every page of a site has its host unit, 网站标识码, ICP and 公安 numbers,
/// contact, the sitemap and the 我为政府网站找错 entry, and the 党政机关 mark where the profile
/// says (ganzhou); the portal site's registration is now the footer of the portal's own pages
/// (services, 12345, knowledge base) and of the office's login.
#[tokio::test]
async fn web_footer_each_site_shows_its_registration() {
    for app in apps().await {
        let w = SiteWorld::new(&app).await;
        let article = w.publish(w.news, news("教育局动态")).await;
        for path in [
            "/sites/6207020003/".to_owned(),
            format!("/sites/6207020003/columns/{}", w.news),
            format!("/sites/6207020003/articles/{article}"),
            "/sites/6207020003/sitemap".to_owned(),
        ] {
            let page = app.get(&path, None).await;
            assert_eq!(page.status, StatusCode::OK, "{path}");
            for needle in [
                "主办单位：甘州区教育局",
                "网站标识码：6207020003",
                "陇ICP备05000123号-3",
                "甘公网安备 62070202000125号",
                "联系电话：0936-8212345",
                r#"<a href="/sites/6207020003/sitemap">网站地图</a>"#,
                r#"<a href="/jiucuo">我为政府网站找错</a>"#,
                "党政机关网站标识",
            ] {
                assert!(page.body.contains(needle), "{path} lacks {needle}");
            }
        }
        for path in [
            "/",
            "/services",
            "/hotline",
            "/kb",
            "/sitemap",
            "/office/login",
        ] {
            let page = app.get(path, None).await;
            assert!(
                page.body.contains("网站标识码：6207020001")
                    && page.body.contains("陇ICP备05000123号-1")
                    && page.body.contains("主办单位：甘州区人民政府办公室"),
                "{path}: the portal site's footer"
            );
        }
    }
}

/// The portal's home (issue 15 item 6): the portal site's news and notices with their dates
/// and a 更多 link each, the services and 12345 entries, the announcements; no tile for
/// something not built (the openness and e-participation entries come with their domains).
#[tokio::test]
async fn web_sitegroup_the_portal_home_shows_its_columns_and_only_what_works() {
    for app in apps().await {
        let w = SiteWorld::new(&app).await;
        let id = w
            .publish(w.portal_notices, news("关于2025年清明节放假的通知"))
            .await;
        let home = app.get("/", None).await;
        assert!(home.body.contains("关于2025年清明节放假的通知"));
        assert!(home.body.contains(&format!("href=\"/articles/{id}\"")));
        assert!(home.body.contains("<time>2025-03-03</time>"));
        assert!(home.body.contains(&format!(
            "<a class=\"more\" href=\"/columns/{}\">更多",
            w.portal_notices
        )));
        assert!(home.body.contains("今日甘州") && home.body.contains("暂无信息"));
        // 政民互动 works now (issue 17): the menu links the messages' page.
        for entry in [
            "href=\"/services\"",
            "href=\"/hotline\"",
            "href=\"/messages\"",
            "延时服务公告",
        ] {
            assert!(home.body.contains(entry), "{entry}");
        }
        for never in ["即将上线", "政务公开", "#openness", "#participation"] {
            assert!(!home.body.contains(never), "the home shows {never}");
        }
        // WEB-SITEGROUP: the menu names six first-level columns, then 更多栏目 (the sitemap).
        assert!(!home.body.contains("更多栏目"));
        for name in ["人事信息", "规划计划", "甘州概况", "工作总结", "统计信息"]
        {
            w.column(w.portal, name, sites::column::ColumnKind::Other)
                .await;
        }
        let home = app.get("/", None).await;
        assert!(
            home.body
                .contains(r#"<a href="/sitemap" class="secondary">更多栏目</a>"#)
        );
        assert!(home.body.contains("工作总结") && !home.body.contains(">统计信息</a>"));
        let map = app.get("/sitemap", None).await;
        assert!(
            map.body.contains(">统计信息</a>"),
            "every column in the sitemap"
        );
    }
}

/// WEB-STATS: a site's page views and each day's unique visitors are counted without cookies
/// — the same address and browser are one visitor whether or not they send a cookie, another
/// browser is another — per site, and nothing of the address is kept.
#[tokio::test]
async fn web_stats_site_pages_count_views_and_visitors_without_cookies() {
    for app in apps().await {
        let w = SiteWorld::new(&app).await;
        let id = w.publish(w.news, news("教育局动态")).await;
        let phone = "Mozilla/5.0 (iPhone)";
        get_on(&app, "jyj.gsgz.gov.cn", "/", phone).await;
        get_on(&app, "jyj.gsgz.gov.cn", &format!("/articles/{id}"), phone).await;
        let with_cookie = Request::builder()
            .uri(format!("/sites/6207020003/columns/{}", w.news))
            .header("user-agent", phone)
            .header("cookie", crate::common::csrf_cookie())
            .body(Body::empty())
            .unwrap();
        assert_eq!(app.send_request(with_cookie).await.status, StatusCode::OK);
        get_on(
            &app,
            "jyj.gsgz.gov.cn",
            "/",
            "Mozilla/5.0 (Windows NT 10.0)",
        )
        .await;
        get_on(&app, "www.gsgz.gov.cn", "/", phone).await;
        // Feeds and sitemaps are read by programs: not page views.
        get_on(&app, "jyj.gsgz.gov.cn", "/sitemap.xml", phone).await;

        // The counts are written after the pages are answered.
        let today = calendar::Instant::from_millis(platform::db::now_ms()).local_date();
        let db = &app.platform.db;
        let counted = |site| public::visit_totals(db, site, today, today);
        for _ in 0..100 {
            let (dept, portal) = (
                counted(w.dept).await.unwrap(),
                counted(w.portal).await.unwrap(),
            );
            if dept.views == 4 && portal.views == 1 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(
            counted(w.dept).await.unwrap(),
            VisitTotals {
                views: 4,
                visitors: 2
            },
            "{}",
            app.platform.db.backend.name()
        );
        assert_eq!(counted(w.portal).await.unwrap().views, 1);
        use sqlx::Row as _;
        let marks = sqlx::query("SELECT mark FROM site_visitors")
            .fetch_all(&db.pool)
            .await
            .unwrap();
        assert_eq!(marks.len(), 3);
        for row in marks {
            let mark: String = row.try_get("mark").unwrap();
            assert!(mark.len() == 64 && !mark.contains("Mozilla"));
        }
    }
}

/// WEB-A11Y: every page of a department's site — home, column, article, sitemap, print view —
/// is Chinese-tagged for screen readers, opens with a skip link to its main content, names
/// its navigation, offers the elderly view (长辈版) and gives every image a text.
#[tokio::test]
async fn web_a11y_every_site_page_offers_barrier_free_reading() {
    for app in apps().await {
        let world = SiteWorld::new(&app).await;
        let id = world.publish(world.news, news("无障碍阅读测试")).await;
        let base = "/sites/6207020003";
        for path in [
            format!("{base}/"),
            format!("{base}/columns/{}", world.news),
            format!("{base}/articles/{id}"),
            format!("{base}/sitemap"),
        ] {
            let page = app.get(&path, None).await;
            assert_eq!(page.status, StatusCode::OK, "{path}");
            let body = &page.body;
            assert!(body.contains("<html lang=\"zh-CN\""), "{path}");
            assert!(
                body.contains("class=\"skip-link\" href=\"#main\""),
                "{path}"
            );
            assert!(body.contains("id=\"main\""), "{path}");
            assert!(body.contains("aria-label=\"网站导航\""), "{path}");
            assert!(body.contains("data-view=\"elder\""), "{path}: 长辈版");
            for img in body.split("<img").skip(1) {
                let tag = &img[..img.find('>').unwrap_or(img.len())];
                assert!(tag.contains("alt="), "{path}: <img{tag}>");
            }
        }
        let print = app.get(&format!("{base}/articles/{id}/print"), None).await;
        assert_eq!(print.status, StatusCode::OK);
        assert!(print.body.contains("<html lang=\"zh-CN\""));
    }
}
