//! WEB-ARCHIVE: the static copy of a site (`web::site_export`, `zhengwu site export`) on both
//! backends — the site group's fixture with two pages of news, a policy document with its
//! interpretation, an abolished one, an article with a PDF and an image in its body, and a
//! withdrawn article — holds every page file, every relative link and source of every page
//! resolves to a file of the copy, no address is left under `/sites/` or `/static/` (nor any
//! root-relative one), forms are gone, the withdrawn article carries its archive banner; a
//! closed site exports too; an unknown code, a directory that is not empty and one that
//! cannot be written are refused in Chinese and change nothing.

use std::path::{Path, PathBuf};

use platform::attachments::Upload;
use sites::article::{Command, Content, Validity};
use sites::registry;
use sites::usecase;
use web::site_export::{ExportError, export_site};

use crate::sites_portal::apps;
use crate::sites_world::{SiteWorld, at, date, news, policy_document, t0};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// A 24×24 blue square.
const PNG_HEX: &str = "89504e470d0a1a0a0000000d49484452000000180000001808020000006f15aaaf0000001f4944415478da63908fdf4f15c4306ad0a841a3068d1a346ad0a841036f1000d4c1c95fbfd942e70000000049454e44ae426082";

fn temp_dir(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "zhengwu-export-{name}-{}",
        hex::encode(rand::random::<[u8; 6]>())
    ))
}

/// An article with a PDF attached and the attached image in its body (by the host-relative
/// address an editor pastes), an external link beside it: its id and the files' ids.
async fn with_files(w: &SiteWorld<'_>) -> (sites::ArticleId, i64, i64) {
    let db = &w.app.platform.db;
    let by = &w.editor_a;
    let content = news("区教育局发布2025年春季学期校历");
    let (id, _) =
        usecase::create_draft(db, &w.context(by, t0()), &by.acting, w.news, content, false)
            .await
            .unwrap();
    let uploads = [
        Upload {
            label: "2025年春季学期校历".into(),
            file_name: "校历.pdf".into(),
            bytes: PDF.to_vec(),
        },
        Upload {
            label: "校历示意图".into(),
            file_name: "校历.png".into(),
            bytes: hex::decode(PNG_HEX).unwrap(),
        },
    ];
    let ids = usecase::attach_files(db, &w.context(by, t0()), &by.acting, id, &uploads)
        .await
        .unwrap();
    let body = format!(
        "<p>2025年春季学期于3月3日开学，校历见附件。</p><p><img src=\"/articles/{id}/files/{}\" alt=\"校历示意图\"></p><p>详见<a href=\"https://www.moe.gov.cn/\">教育部网站</a>。</p>",
        ids[1]
    );
    let edit = Command::Edit {
        content: Box::new(Content {
            body,
            ..news("区教育局发布2025年春季学期校历")
        }),
        major: false,
    };
    w.run(id, edit, by, t0()).await.unwrap();
    w.run(id, Command::Submit, by, t0()).await.unwrap();
    let review = Command::Review {
        opinion: "同意".into(),
    };
    w.run(id, review, &w.reviewer, t0()).await.unwrap();
    w.run(id, Command::Publish { at: None }, &w.publisher, t0())
        .await
        .unwrap();
    (id, ids[0], ids[1])
}

/// Every file under `dir`, relative, `/`-separated.
fn files_in(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_string_lossy();
                out.push(rel.replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

/// The `href` and `src` values of a page (as written, attribute values in double quotes).
fn addresses(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\"", " action=\""] {
        for part in html.split(attr).skip(1) {
            out.push(part.split('"').next().unwrap().replace("&amp;", "&"));
        }
    }
    out
}

/// WEB-ARCHIVE: every link of every page of the copy at `dir` leads to a file of the copy
/// (or off the site); returns the pages.
fn check_links(dir: &Path) -> Vec<String> {
    let files = files_in(dir);
    let pages: Vec<String> = files
        .iter()
        .filter(|f| f.ends_with(".html"))
        .cloned()
        .collect();
    for page in &pages {
        let html = std::fs::read_to_string(dir.join(page)).unwrap();
        assert!(!html.contains("<form"), "{page} keeps a form");
        assert!(!html.contains("csrf-token"), "{page} keeps the token");
        for address in addresses(&html) {
            assert!(
                !address.starts_with('/'),
                "{page}: {address} is still an address of the server"
            );
            if address.starts_with('#')
                || address.starts_with("https://")
                || address.starts_with("http://")
                || address.starts_with("mailto:")
            {
                continue;
            }
            let file = address.split('#').next().unwrap();
            let from = Path::new(page).parent().unwrap();
            let target = dir.join(from).join(file);
            assert!(
                target.is_file(),
                "{page}: {address} names no file of the copy"
            );
        }
    }
    pages
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|_| panic!("{file} missing"))
}

/// WEB-ARCHIVE: a site's static copy holds all it serves and opens from disk; a closed site
/// exports too; bad input is refused and changes nothing.
#[tokio::test]
async fn web_archive_export_writes_a_copy_that_opens_from_disk() {
    for app in apps().await {
        let w = SiteWorld::new(&app).await;
        let mut titles = Vec::new();
        for n in 1..=22 {
            let title = format!("教育动态第{n}期");
            let minute = format!("2025-03-03T{:02}:{:02}", 9 + n / 60, n % 60);
            w.publish_at(w.news, news(&title), at(&minute)).await;
            titles.push(title);
        }
        let document = w.publish(w.policy, policy_document()).await;
        let reading = w
            .publish(w.interpretations, news("《实施办法》政策解读"))
            .await;
        let link = Command::LinkInterpretation {
            interpretation: reading,
        };
        w.run(document, link, &w.reviewer, t0()).await.unwrap();
        let mut old = policy_document();
        old.title = "关于印发《校外培训机构管理办法（试行）》的通知".into();
        let abolished = w.publish(w.policy, old).await;
        let mark = Command::MarkValidity {
            validity: Validity::Abolished,
            since: date("2025-03-01"),
            note: "被甘州教发〔2025〕12号废止".into(),
        };
        w.run(abolished, mark, &w.publisher, t0()).await.unwrap();
        let (calendar, pdf, png) = with_files(&w).await;
        let gone = w.publish(w.news, news("已撤下的动态")).await;
        let withdraw = Command::Withdraw {
            reason: "内容有误".into(),
        };
        w.run(gone, withdraw, &w.publisher, at("2025-03-05T10:00"))
            .await
            .unwrap();

        let state = || web::AppState::new(app.platform.clone());
        let views = "SELECT CAST(COALESCE(SUM(views), 0) AS BIGINT) AS n FROM site_visit_days";
        let before = count(&app, views).await;
        let dir = temp_dir("dept");
        let summary = export_site(state(), "6207020003", &dir, false)
            .await
            .unwrap();
        assert_eq!(summary.name, "甘州区教育局");
        assert!(!summary.closed);
        let news_col = w.news;
        for file in [
            "index.html".to_owned(),
            "sitemap/index.html".into(),
            "sitemap.xml".into(),
            "export.json".into(),
            "static/app.css".into(),
            "static/view.js".into(),
            "static/favicon.svg".into(),
            format!("columns/{news_col}/index.html"),
            format!("columns/{news_col}/page-2/index.html"),
            format!("columns/{news_col}/feed.xml"),
            format!("columns/{}/index.html", w.policy),
            format!("columns/{}/index.html", w.interpretations),
            format!("articles/{document}/index.html"),
            format!("articles/{document}/print/index.html"),
            format!("articles/{reading}/index.html"),
            format!("articles/{abolished}/index.html"),
            format!("articles/{calendar}/index.html"),
            format!("articles/{calendar}/files/{pdf}.pdf"),
            format!("articles/{calendar}/files/{png}.png"),
            format!("articles/{gone}/index.html"),
        ] {
            assert!(dir.join(&file).is_file(), "{file} not exported");
        }
        assert!(!dir.join(format!("columns/{news_col}/page-3")).exists());
        let pages = check_links(&dir);
        assert_eq!(pages.len(), summary.pages, "{pages:?}");
        // 22 + 1 news, 3 documents and readings, each with its print view; the homes, lists
        // and sitemap besides.
        assert!(summary.pages >= 2 * 26 + 6, "{}", summary.pages);
        let second = read(&dir, &format!("columns/{news_col}/page-2/index.html"));
        assert!(second.contains("教育动态第1期") && second.contains("rel=\"prev\""));
        for title in &titles {
            let found = files_in(&dir)
                .iter()
                .filter(|f| f.starts_with("articles/") && f.ends_with("/index.html"))
                .any(|f| read(&dir, f).contains(&format!("<h2 class=\"article-title\">{title}")));
            assert!(found, "{title} has no page");
        }
        let page = read(&dir, &format!("articles/{calendar}/index.html"));
        assert!(page.contains("2025年春季学期于3月3日开学"));
        assert!(page.contains(&format!("src=\"files/{png}.png\"")), "{page}");
        assert!(page.contains(&format!("href=\"files/{pdf}.pdf\"")));
        assert!(page.contains("href=\"https://www.moe.gov.cn/\""));
        assert!(page.contains("href=\"../../static/app.css\""));
        assert!(page.contains("href=\"https://jyj.gsgz.gov.cn/jiucuo\""));
        assert_eq!(
            std::fs::read(dir.join(format!("articles/{calendar}/files/{pdf}.pdf"))).unwrap(),
            PDF
        );
        let withdrawn = read(&dir, &format!("articles/{gone}/index.html"));
        assert!(withdrawn.contains("本文已于 2025-03-05 撤稿，现存档备查"));
        assert!(withdrawn.contains("已撤下的动态"));
        assert!(read(&dir, &format!("articles/{abolished}/index.html")).contains("本文件已废止"));
        let column = read(&dir, &format!("columns/{news_col}/index.html"));
        assert!(!column.contains("已撤下的动态") && !column.contains("邮件订阅"));
        let manifest: serde_json::Value = serde_json::from_str(&read(&dir, "export.json")).unwrap();
        assert_eq!(manifest["code"], "6207020003");
        assert_eq!(manifest["site"], "甘州区教育局");
        assert_eq!(manifest["pages"], summary.pages);
        assert!(manifest["exported_at"].as_str().unwrap().starts_with("20"));
        // WEB-STATS: rendering the copy is no visit.
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        assert_eq!(count(&app, views).await, before, "the export counted views");

        // A directory that is not empty is refused, unless --force.
        let again = export_site(state(), "6207020003", &dir, false).await;
        let error = again.unwrap_err();
        assert!(matches!(error, ExportError::NotEmpty(_)));
        assert!(error.to_string().contains("不是空目录") && error.to_string().contains("--force"));
        export_site(state(), "6207020003", &dir, true)
            .await
            .unwrap();
        // An unknown code is refused, and no directory is made.
        let fresh = temp_dir("unknown");
        let unknown = export_site(state(), "6207029999", &fresh, false)
            .await
            .unwrap_err();
        assert!(
            unknown
                .to_string()
                .contains("没有网站标识码为“6207029999”的网站")
        );
        assert!(!fresh.exists());
        // A directory under a file cannot be made.
        let blocked = dir.join("export.json").join("copy");
        let unwritable = export_site(state(), "6207020003", &blocked, false)
            .await
            .unwrap_err();
        assert!(
            unwritable.to_string().contains("无法写入导出目录"),
            "{unwritable}"
        );

        // A closed site exports with its archive banner on every page.
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
        let closed_dir = temp_dir("closed");
        let closed = export_site(state(), "6207020003", &closed_dir, false)
            .await
            .unwrap();
        assert!(closed.closed);
        assert_eq!(closed.pages, summary.pages);
        // The print views are the article alone, without the site's frame and its banner.
        for page in check_links(&closed_dir)
            .into_iter()
            .filter(|page| !page.contains("/print/"))
        {
            let html = read(&closed_dir, &page);
            assert!(html.contains("本网站已永久下线，以下为存档页面"), "{page}");
        }
        if std::env::var_os("ZHENGWU_KEEP_EXPORT").is_some() {
            eprintln!("export kept at {}", dir.display());
        } else {
            std::fs::remove_dir_all(&dir).unwrap();
            std::fs::remove_dir_all(&closed_dir).unwrap();
        }
    }
}

async fn count(app: &crate::common::TestApp, sql: &'static str) -> i64 {
    use sqlx::Row as _;
    let row = sqlx::query(sql)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap();
    row.try_get("n").unwrap()
}
