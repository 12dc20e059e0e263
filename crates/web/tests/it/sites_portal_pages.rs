//! A site's columns and articles through HTTP, on both backends (issue 15 item 6): column
//! lists 20 a page, articles with a policy document's elements and interpretations
//! (WEB-ARTICLE) and validity (PUB-ABOLISH), withdrawn articles and closed sites kept readable
//! (WEB-ARCHIVE), the print view, hostile titles escaped, and sitemaps and feeds as
//! well-formed XML.

use axum::http::StatusCode;
use sites::article::{Command, Validity};
use sites::registry;

use crate::sites_portal::{apps, get_on};
use crate::sites_world::{SiteWorld, at, date, news, policy_document, t0};

/// Whether `text` is well-formed XML as far as feeds and sitemaps go: one declaration, every
/// element closed in order, attributes quoted, `&` only in the five entities or a character
/// reference, no `<` in text. Returns the problem.
pub fn well_formed(text: &str) -> Result<(), String> {
    let body = text
        .strip_prefix("<?xml")
        .and_then(|rest| rest.split_once("?>"))
        .map(|(_, rest)| rest)
        .ok_or("no XML declaration")?;
    let mut open: Vec<String> = Vec::new();
    let mut rest = body;
    while let Some(at) = rest.find(['<', '&']) {
        check_text(&rest[..at])?;
        rest = &rest[at..];
        if rest.starts_with('&') {
            let end = rest.find(';').ok_or("an & without ;")?;
            let entity = &rest[1..end];
            let known = ["amp", "lt", "gt", "quot", "apos"].contains(&entity)
                || entity.strip_prefix("#x").is_some_and(|hex| {
                    !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit())
                })
                || entity
                    .strip_prefix('#')
                    .is_some_and(|dec| !dec.is_empty() && dec.chars().all(|c| c.is_ascii_digit()));
            if !known {
                return Err(format!("unknown entity &{entity};"));
            }
            rest = &rest[end + 1..];
            continue;
        }
        let end = rest.find('>').ok_or("a < without >")?;
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(opened) if opened == name.trim() => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            continue;
        }
        let closed = tag.ends_with('/');
        let inner = tag.trim_end_matches('/');
        let name = inner.split_whitespace().next().ok_or("an empty tag")?;
        if name.contains(['<', '&', '"']) {
            return Err(format!("bad tag name {name}"));
        }
        let attributes = &inner[name.len()..];
        if attributes.matches('"').count() % 2 != 0 || attributes.contains('<') {
            return Err(format!("bad attributes in <{tag}>"));
        }
        if !closed {
            open.push(name.to_owned());
        }
    }
    check_text(rest)?;
    if open.is_empty() {
        Ok(())
    } else {
        Err(format!("unclosed {open:?}"))
    }
}

fn check_text(text: &str) -> Result<(), String> {
    if text.contains('>') {
        return Err(format!("a raw > in text {text:?}"));
    }
    Ok(())
}

/// WEB-ARTICLE: a column lists its articles newest first, 20 a page, with 上一页 / 下一页 and
/// the page count; a page out of range or a page that is no number is a message (404), not a
/// failure.
#[tokio::test]
async fn web_article_a_column_is_paged_twenty_at_a_time() {
    for app in apps().await {
        let w = SiteWorld::new(&app).await;
        for n in 1..=45 {
            let when = at(&format!("2025-03-03T{:02}:{:02}", 8 + n / 60, n % 60));
            w.publish_at(w.news, news(&format!("教育动态第{n:02}条")), when)
                .await;
        }
        let base = format!("/sites/6207020003/columns/{}", w.news);
        let first = app.get(&base, None).await;
        assert_eq!(first.status, StatusCode::OK);
        assert_eq!(first.body.matches("教育动态第").count(), 20);
        assert!(first.body.contains("教育动态第45条") && !first.body.contains("教育动态第25条"));
        assert!(first.body.contains("第 1 页 / 共 3 页（45 条）"));
        assert!(
            first
                .body
                .contains(&format!("href=\"{base}?page=2\" rel=\"next\">下一页"))
        );
        assert!(!first.body.contains("上一页"));
        let last = app.get(&format!("{base}?page=3"), None).await;
        assert_eq!(last.body.matches("教育动态第").count(), 5);
        assert!(last.body.contains("教育动态第01条"));
        assert!(
            last.body
                .contains(&format!("href=\"{base}?page=2\" rel=\"prev\">上一页"))
        );
        assert!(!last.body.contains("下一页"));
        for (query, says) in [
            ("4", "没有第 4 页。本栏目共 45 条信息、3 页。"),
            ("0", "页码不正确"),
            ("abc", "页码不正确"),
            ("99999999999999999999999", "页码不正确"),
        ] {
            let beyond = app.get(&format!("{base}?page={query}"), None).await;
            assert_eq!(beyond.status, StatusCode::NOT_FOUND, "page={query}");
            assert!(beyond.body.contains(says), "page={query}: {}", beyond.body);
            assert!(!beyond.body.contains("教育动态第"));
        }
    }
}

/// WEB-ARTICLE, PUB-ABOLISH: a policy document's page shows its elements in the information
/// table (索引号, 主题分类, 发文机关, 成文日期, 标题, 文号, 发布日期, 有效性), title, date,
/// source and body, and links its interpretation, whose page links back; marked 废止 it says
/// so first, the table and the column's list too, and it stays.
#[tokio::test]
async fn web_article_a_policy_document_with_its_elements_interpretation_and_abolition() {
    for app in apps().await {
        let w = SiteWorld::new(&app).await;
        let document = w.publish(w.policy, policy_document()).await;
        let reading = w
            .publish(
                w.interpretations,
                news("《甘州区义务教育阶段招生入学实施办法》政策解读"),
            )
            .await;
        let link = Command::LinkInterpretation {
            interpretation: reading,
        };
        w.run(document, link, &w.reviewer, t0()).await.unwrap();

        let path = format!("/sites/6207020003/articles/{document}");
        let page = app.get(&path, None).await;
        assert_eq!(page.status, StatusCode::OK);
        let table = &page.body[page.body.find("policy-elements").unwrap()..];
        let mut from = 0;
        for label in [
            "索引号",
            "主题分类",
            "发文机关",
            "成文日期",
            "标题",
            "文号",
            "发布日期",
            "有效性",
        ] {
            let found = table[from..]
                .find(&format!("<th scope=\"row\">{label}</th>"))
                .unwrap_or_else(|| panic!("{label} in order"));
            from += found;
        }
        for needle in [
            "620702-JYJ-2025-0012",
            "甘州教发〔2025〕12号",
            "2025-02-28",
            ">有效</td>",
            "发布日期：2025-03-03",
            "信息来源：甘州区教育局",
            "<p>现将《实施办法》印发给你们，请认真贯彻执行。</p>",
            "政策解读",
            &format!("href=\"/sites/6207020003/articles/{reading}\""),
        ] {
            assert!(page.body.contains(needle), "{needle}: {}", page.body);
        }
        assert!(!page.body.contains("validity-banner"));
        let back = app
            .get(&format!("/sites/6207020003/articles/{reading}"), None)
            .await;
        assert!(back.body.contains("政策原文"));
        assert!(back.body.contains(&format!("href=\"{path}\"")));

        let mark = Command::MarkValidity {
            validity: Validity::Abolished,
            since: date("2025-06-01"),
            note: "被甘州教发〔2025〕30号废止".into(),
        };
        w.run(document, mark, &w.publisher, at("2025-06-02T09:00"))
            .await
            .unwrap();
        let abolished = app.get(&path, None).await;
        assert_eq!(abolished.status, StatusCode::OK);
        let banner = abolished.body.find("class=\"validity-banner\"").unwrap();
        assert!(
            banner < abolished.body.find("policy-elements").unwrap(),
            "shown first"
        );
        assert!(
            abolished
                .body
                .contains("本文件已废止（自 2025-06-01 起）：被甘州教发〔2025〕30号废止。")
        );
        assert!(abolished.body.contains(" class=\"invalid\">废止</td>"));
        let list = app
            .get(&format!("/sites/6207020003/columns/{}", w.policy), None)
            .await;
        assert!(
            list.body
                .contains("<span class=\"tag abolished\">已废止</span>")
        );
        let print = app.get(&format!("{path}/print"), None).await;
        assert_eq!(print.status, StatusCode::OK);
        for needle in [
            "data-print hidden",
            "<h1 class=\"article-title\">",
            "本文件已废止",
            "620702-JYJ-2025-0012",
        ] {
            assert!(print.body.contains(needle), "print view lacks {needle}");
        }
        assert!(!print.body.contains("class=\"site-nav\""));
    }
}

/// WEB-ARCHIVE: a withdrawn article leaves the lists, the sitemap and the feed but its page
/// stays readable under an archive banner; a closed site's pages stay readable under the
/// site's archive banner and `/sites` lists it apart; a site temporarily offline answers 503
/// with its name.
#[tokio::test]
async fn web_archive_withdrawn_articles_and_closed_sites_stay_readable() {
    for app in apps().await {
        let w = SiteWorld::new(&app).await;
        let kept = w.publish(w.news, news("保留的动态")).await;
        let gone = w.publish(w.news, news("撤下的动态")).await;
        let withdraw = Command::Withdraw {
            reason: "内容有误".into(),
        };
        w.run(gone, withdraw, &w.publisher, at("2025-03-05T10:00"))
            .await
            .unwrap();
        let page = app
            .get(&format!("/sites/6207020003/articles/{gone}"), None)
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("本文已于 2025-03-05 撤稿，现存档备查"));
        assert!(page.body.contains("撤下的动态"));
        let list = app
            .get(&format!("/sites/6207020003/columns/{}", w.news), None)
            .await;
        assert!(list.body.contains("保留的动态") && !list.body.contains("撤下的动态"));
        let map = app.get("/sites/6207020003/sitemap.xml", None).await;
        assert!(map.body.contains(&format!("/articles/{kept}<")));
        assert!(!map.body.contains(&format!("/articles/{gone}<")));

        let close = registry::Command::ApplyClose {
            reason: "并入门户网站".into(),
        };
        w.site_command(w.dept, close, &w.edu_leader).await.unwrap();
        let approve = registry::Command::Approve {
            opinion: "同意".into(),
        };
        w.site_command(w.dept, approve, &w.office_leader)
            .await
            .unwrap();
        for path in [
            "/sites/6207020003/".to_owned(),
            format!("/sites/6207020003/articles/{kept}"),
            format!("/sites/6207020003/columns/{}", w.news),
            format!("/sites/6207020003/articles/{kept}/print"),
        ] {
            let archived = app.get(&path, None).await;
            assert_eq!(archived.status, StatusCode::OK, "{path}");
            assert!(
                archived.body.contains("本网站已永久下线，以下为存档页面"),
                "{path}"
            );
        }
        let hosted = get_on(&app, "jyj.gsgz.gov.cn", &format!("/articles/{kept}"), "t").await;
        assert!(hosted.body.contains("存档页面") && hosted.body.contains("保留的动态"));
        let group = app.get("/sites", None).await;
        let closed_at = group.body.find("已关闭的网站（存档）").unwrap();
        assert!(group.body[closed_at..].contains("甘州区教育局"));

        // A site temporarily offline: 503 with its name.
        let mut third = crate::sites_world::registration(false, w.edu, w.office);
        third.name = "甘州区教育局招生考试网".into();
        third.kind = sites::registry::SiteKind::Thematic;
        third.domains = vec!["zsks.gsgz.gov.cn".into()];
        third.site_code = "6207020009".into();
        third.icp_number = "陇ICP备05000123号-9".into();
        third.police_number = "甘公网安备 62070202000129号".into();
        let site = w.open_site(third, false).await;
        let offline = registry::Command::ApplyOffline {
            days: 5,
            reason: "系统升级".into(),
        };
        w.site_command(site, offline, &w.edu_leader).await.unwrap();
        let approve = registry::Command::Approve {
            opinion: "同意".into(),
        };
        w.site_command(site, approve, &w.office_leader)
            .await
            .unwrap();
        let down = get_on(&app, "zsks.gsgz.gov.cn", "/", "t").await;
        assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(down.body.contains("甘州区教育局招生考试网临时下线维护中"));
        assert!(down.body.contains("href=\"/sites\""));
    }
}

/// WEB-ARTICLE with hostile input: a title holding markup shows as text on the page, in the
/// feed and in lists; a body's script and event handler were removed by the use case's
/// sanitiser and are not served. `sitemap.xml` and the column's Atom feed are well-formed
/// XML with their media types and the site's absolute addresses, each article with its date.
#[tokio::test]
async fn web_article_hostile_titles_are_escaped_and_the_sitemap_and_feed_are_well_formed() {
    for app in apps().await {
        let w = SiteWorld::new(&app).await;
        let mut hostile = news("<script>alert(1)</script> & “引号” 'x' 通知");
        hostile.body = "<p onclick=\"steal()\">正文</p><script>alert(2)</script><a href=\"javascript:alert(3)\">链接</a>".into();
        let id = w.publish(w.news, hostile).await;
        let page = app
            .get(&format!("/sites/6207020003/articles/{id}"), None)
            .await;
        assert_eq!(page.status, StatusCode::OK);
        let title_at = page.body.find("article-title").unwrap();
        assert!(
            page.body
                .contains("&#60;script&#62;alert(1)&#60;/script&#62; &#38; “引号”"),
            "{}",
            page.body[title_at..].chars().take(120).collect::<String>()
        );
        for never in ["<script>alert", "onclick", "javascript:"] {
            assert!(!page.body.contains(never), "the page serves {never}");
        }
        assert!(page.body.contains("<p>正文</p>"));
        let list = app
            .get(&format!("/sites/6207020003/columns/{}", w.news), None)
            .await;
        assert!(
            list.body.contains("&#60;script&#62;alert(1)") && !list.body.contains("<script>alert")
        );

        let feed = app
            .get(
                &format!("/sites/6207020003/columns/{}/feed.xml", w.news),
                None,
            )
            .await;
        assert_eq!(feed.status, StatusCode::OK);
        assert_eq!(
            feed.headers["content-type"],
            "application/atom+xml; charset=utf-8"
        );
        well_formed(&feed.body).unwrap_or_else(|e| panic!("feed: {e}\n{}", feed.body));
        assert!(
            feed.body
                .contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"")
        );
        assert!(
            feed.body
                .contains("&#60;script&#62;alert(1)&#60;/script&#62; &#38;")
        );
        assert!(
            feed.body
                .contains(&format!("<id>https://jyj.gsgz.gov.cn/articles/{id}</id>"))
        );
        assert!(
            feed.body
                .contains("<published>2025-03-03T09:00:00+08:00</published>")
        );

        let map = get_on(&app, "jyj.gsgz.gov.cn", "/sitemap.xml", "t").await;
        assert_eq!(map.status, StatusCode::OK);
        assert_eq!(
            map.headers["content-type"],
            "application/xml; charset=utf-8"
        );
        well_formed(&map.body).unwrap_or_else(|e| panic!("sitemap: {e}\n{}", map.body));
        assert!(map.body.contains("<loc>https://jyj.gsgz.gov.cn/</loc>"));
        assert!(map.body.contains(&format!(
            "<loc>https://jyj.gsgz.gov.cn/columns/{}</loc>",
            w.news
        )));
        assert!(map.body.contains(&format!(
            "<url><loc>https://jyj.gsgz.gov.cn/articles/{id}</loc><lastmod>2025-03-03</lastmod></url>"
        )));
        // The checker itself refuses what is not well-formed.
        assert!(well_formed("<?xml version=\"1.0\"?><a><b></a>").is_err());
        assert!(well_formed("<?xml version=\"1.0\"?><a>x & y</a>").is_err());
        assert!(well_formed("<?xml version=\"1.0\"?><a>1 &gt; 0</a>").is_ok());
    }
}
