//! An article's pictures and files as results of their own, and the disclosure catalogue
//! searched by its 索引号 and 文号 (WEB-SEARCH, PUB-CATALOG), on both backends.

use calendar::{Calendar, Instant};
use openness::usecase::catalogue;
use platform::attachments::Upload;
use platform::audit::AuditActor;
use platform::profile::RuleProfile;
use platform::workflow::Context;
use search::{Kind, Request, Search};
use sites::article::Command;
use sites::check::Builtin;

use crate::live::{now, publish_with, staff};

fn hits(search: &Search, query: &str, kind: Option<Kind>) -> Vec<(String, String)> {
    let request = Request {
        query: query.into(),
        kind,
        page: 1,
        now: now(),
        ..Request::default()
    };
    let answer = search.engine.search(&request).unwrap();
    answer.hits.into_iter().map(|h| (h.key, h.url)).collect()
}

/// WEB-SEARCH (图片, 文件): a published article's attached files are found by their label
/// under 文件, its attached photo and the pictures of its body (by their alternative text)
/// under 图片, each at its own address; withdrawing the article takes them all out.
#[tokio::test]
async fn web_search_finds_an_articles_pictures_and_files_and_drops_them_with_it() {
    for platform in platform::testing::each_backend().await {
        let backend = platform.db.backend.name();
        platform::demo::seed(&platform.db, &platform.key)
            .await
            .unwrap();
        demo::sites::seed(&platform).await.unwrap();
        let search = Search::in_memory(platform.db.clone()).await;

        let body =
            r#"<p>供热管网改造完成。</p><p><img src="/static/x.png" alt="热力站改造后外景"></p>"#;
        let uploads = [
            Upload {
                label: "供热收费标准表".into(),
                file_name: "标准.pdf".into(),
                bytes: b"%PDF-1.4 tariff".to_vec(),
            },
            Upload {
                label: "换热机组照片".into(),
                file_name: "机组.png".into(),
                bytes: b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            },
        ];
        let id = publish_with(&platform, "城区集中供热管网改造完工", body, &uploads).await;
        search.catch_up().await.unwrap();
        let article = format!("article:{id}");

        let files = hits(&search, "供热收费标准", Some(Kind::File));
        assert_eq!(files.len(), 1, "{backend}: {files:?}");
        assert!(
            files[0].0.starts_with(&format!("{article}#file:")),
            "{backend}"
        );
        assert!(
            files[0].1.starts_with("/sites/")
                && files[0].1.contains(&format!("/articles/{id}/files/")),
            "{backend}: {files:?}"
        );
        let photo = hits(&search, "换热机组照片", Some(Kind::Image));
        assert_eq!(photo.len(), 1, "{backend}: {photo:?}");
        assert!(photo[0].1.contains("/files/"), "{backend}");
        let inline = hits(&search, "热力站改造后外景", Some(Kind::Image));
        assert_eq!(
            inline,
            vec![(
                format!("{article}#picture:0"),
                photo[0].1.split("/files/").next().unwrap().to_owned()
            )],
            "{backend}"
        );
        // The article itself is still one 信息 result, above its files.
        let all = hits(&search, "集中供热管网改造", None);
        assert_eq!(
            all.first().map(|h| h.0.as_str()),
            Some(article.as_str()),
            "{backend}"
        );

        let (publisher, audit) = staff(&platform, "publisher").await;
        let calendar = Calendar::try_national().unwrap();
        let profile = RuleProfile::default();
        let context = Context::new(
            &platform.key,
            &audit,
            &calendar,
            &profile,
            Instant::from_millis(now()),
        );
        let withdraw = Command::Withdraw {
            reason: "标准调整".into(),
        };
        sites::usecase::execute_article(
            &platform.db,
            &context,
            &publisher,
            &Builtin,
            sites::ArticleId(id),
            withdraw,
            None,
        )
        .await
        .unwrap();
        search.catch_up().await.unwrap();
        for query in [
            "供热收费标准",
            "换热机组照片",
            "热力站改造后外景",
            "集中供热管网改造",
        ] {
            let left = hits(&search, query, None);
            assert!(
                left.iter().all(|h| !h.0.starts_with(&article)),
                "{backend} {query}: {left:?}"
            );
        }
    }
}

/// WEB-SEARCH, PUB-CATALOG: an entry of the disclosure catalogue is found by its 索引号 and
/// by its 文号, the result being the page that published it.
#[tokio::test]
async fn web_search_finds_a_catalogue_entry_by_its_index_number() {
    for platform in platform::testing::each_backend().await {
        let backend = platform.db.backend.name();
        platform::demo::seed(&platform.db, &platform.key)
            .await
            .unwrap();
        let actor = AuditActor::system("test-search");
        demo::catalogue::seed(&platform.db, &actor).await.unwrap();
        demo::sites::seed(&platform).await.unwrap();
        demo::documents::seed(&platform).await.unwrap();
        let search = Search::in_memory(platform.db.clone()).await;

        let entries = catalogue::entries(&platform.db, catalogue::Filter::default())
            .await
            .unwrap();
        let entry = entries.first().expect("the demo publishes a work plan");
        for query in [entry.index_number.as_str(), entry.issue_number.as_str()] {
            let found = hits(&search, query, None);
            assert!(
                found.iter().any(|h| h.1 == entry.url),
                "{backend} {query}: {found:?}, expected {}",
                entry.url
            );
        }
    }
}
