//! What Open311 publishes of appeals on both backends (HL-PRIVACY, issue 12 findings 2 and
//! 12): only appeals whose appellant agreed, never a complaint or a private appeal, the text
//! with personal data masked and cut to a bound, one page at a time.

use hotline::appeal::Category;
use hotline::open311::{
    self, DEFAULT_PAGE_SIZE, DEMO_KEY, DESCRIPTION_MAX_CHARS, Filter, Page, RequestInput,
};
use hotline::usecase::{self, Appellant, NewAppeal};
use platform::Platform;
use sqlx::Row as _;

use crate::store::{at, backend, monday_nine, new_appeal, operator_audit, register, seeded};

fn agreeing(category: Category, content: &str, appellant: Appellant) -> NewAppeal {
    NewAppeal {
        category,
        publish_consent: true,
        ..new_appeal(content, appellant)
    }
}

async fn listed(platform: &Platform) -> Vec<String> {
    let now = at("2025-03-04T09:00:00+08:00");
    open311::requests_by_filter(&platform.db, &Filter::default(), now)
        .await
        .unwrap()
        .into_iter()
        .map(|request| request.service_request_id)
        .collect()
}

fn post(service_code: &str, attributes: &[(&str, &str)]) -> RequestInput {
    RequestInput {
        service_code: service_code.into(),
        address_string: "甘州区南关小区东门".into(),
        description: "夜间施工噪音扰民".into(),
        attributes: attributes
            .iter()
            .map(|(code, value)| ((*code).to_owned(), (*value).to_owned()))
            .collect(),
        ..RequestInput::default()
    }
}

/// HL-PRIVACY: an appeal is published only with the appellant's consent, a complaint never,
/// through every channel; one registered without consent (as every appeal stored before
/// consent was asked) is not published even if the flag were set afterwards.
#[tokio::test]
async fn hl_privacy_only_agreeing_appeals_that_are_no_complaint_are_published() {
    for platform in seeded().await {
        let name = backend(&platform);
        open311::seed_demo_key(&platform.db, &platform.key, DEMO_KEY)
            .await
            .unwrap();
        let key = open311::verify(&platform.db, &platform.key, DEMO_KEY)
            .await
            .unwrap()
            .unwrap();
        let silent = register(
            &platform,
            NewAppeal {
                category: Category::Suggestion,
                ..new_appeal("建议增设公交站", Appellant::default())
            },
        )
        .await;
        let complaint = register(
            &platform,
            agreeing(
                Category::ComplaintReport,
                "投诉商铺占道",
                Appellant::default(),
            ),
        )
        .await;
        let agreed = register(
            &platform,
            agreeing(Category::Suggestion, "建议增设路灯", Appellant::default()),
        )
        .await;
        let mut posted = Vec::new();
        for input in [
            post("complaint_report", &[("publish", "yes")]),
            post("suggestion", &[]),
            post("suggestion", &[("publish", "no")]),
            post("other", &[("publish", "yes")]),
        ] {
            let created =
                open311::create_request(&platform.db, &platform.key, key, input, "", monday_nine())
                    .await
                    .unwrap();
            posted.push(created.service_request_id);
        }
        // Setting the flag later publishes nothing: only text masked at registration is.
        sqlx::query("UPDATE hotline_appeals SET publish_consent = 1 WHERE number = $1")
            .bind(&silent.number)
            .execute(&platform.db.pool)
            .await
            .unwrap();
        assert_eq!(
            listed(&platform).await,
            [posted[3].clone(), agreed.number.clone()],
            "{name}"
        );
        for hidden in [&silent.number, &complaint.number, &posted[0], &posted[1]] {
            assert!(
                open311::request_by_id(&platform.db, hidden).await.is_err(),
                "{hidden} on {name}"
            );
        }
        let stored: Option<String> =
            sqlx::query("SELECT published_content FROM hotline_appeals WHERE number = $1")
                .bind(&complaint.number)
                .fetch_one(&platform.db.pool)
                .await
                .unwrap()
                .try_get("published_content")
                .unwrap();
        assert_eq!(
            stored, None,
            "a complaint's text is never prepared for publication"
        );
    }
}

/// HL-PRIVACY: what is published has the appellant's name, phone numbers, ID and bank card
/// numbers and e-mail addresses masked, in the content and the location.
#[tokio::test]
async fn hl_privacy_the_published_text_has_personal_data_masked() {
    for platform in seeded().await {
        let appellant = Appellant::parse("王小五", "13912345678", "", "").unwrap();
        let content = "我是王小五，电话139 1234 5678，身份证62010219900307123X，\
                       工资卡6222021234567890123，邮箱wangxiaowu@example.com，要求补发工资";
        let agreed = NewAppeal {
            location: "王小五家楼下，联系13912345678".into(),
            ..agreeing(Category::ConsultationHelp, content, appellant)
        };
        let registration = register(&platform, agreed).await;
        let published = open311::request_by_id(&platform.db, &registration.number)
            .await
            .unwrap();
        assert_eq!(
            published.description,
            "我是〔姓名〕，电话〔手机号〕，身份证〔身份证号〕，工资卡〔银行卡号〕，邮箱〔邮箱〕，要求补发工资",
            "{}",
            backend(&platform)
        );
        assert_eq!(published.address, "〔姓名〕家楼下，联系〔手机号〕");
        // The unit handling it still reads what the appellant wrote.
        let stored: String = sqlx::query("SELECT content FROM hotline_appeals WHERE number = $1")
            .bind(&registration.number)
            .fetch_one(&platform.db.pool)
            .await
            .unwrap()
            .try_get("content")
            .unwrap();
        assert_eq!(stored, content);
    }
}

/// HL-PRIVACY: "keep it private" and "publish it" together are refused, on the form and over
/// Open311, and nothing is stored.
#[tokio::test]
async fn hl_privacy_private_and_published_at_once_is_refused_and_stores_nothing() {
    for platform in seeded().await {
        let both = NewAppeal {
            is_private: true,
            ..agreeing(Category::Suggestion, "建议增设路灯", Appellant::default())
        };
        let error = usecase::register_appeal(
            &platform.db,
            &platform.key,
            &operator_audit(),
            both,
            monday_nine(),
        )
        .await
        .unwrap_err();
        assert!(error.to_string().contains("请只选其一"), "{error}");
        open311::seed_demo_key(&platform.db, &platform.key, DEMO_KEY)
            .await
            .unwrap();
        let key = open311::verify(&platform.db, &platform.key, DEMO_KEY)
            .await
            .unwrap()
            .unwrap();
        for attributes in [
            &[("private", "yes"), ("publish", "yes")][..],
            &[("publish", "maybe")][..],
        ] {
            let error = open311::create_request(
                &platform.db,
                &platform.key,
                key,
                post("suggestion", attributes),
                "",
                monday_nine(),
            )
            .await
            .unwrap_err();
            assert!(matches!(error, platform::Error::Invalid(_)), "{error}");
        }
        let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM hotline_appeals")
            .fetch_one(&platform.db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
        assert_eq!(n, 0, "{}", backend(&platform));
    }
}

/// Issue 12 finding 2: GET requests answers a page (50 by default, at most 200) and cuts
/// each description to the bound; the filters still select within the pages.
#[tokio::test]
async fn open311_answers_are_paged_and_descriptions_bounded() {
    for platform in seeded().await {
        let name = backend(&platform);
        let long = "路灯不亮".repeat(750);
        register(
            &platform,
            agreeing(Category::Suggestion, &long, Appellant::default()),
        )
        .await;
        for n in 1..=DEFAULT_PAGE_SIZE + 4 {
            register(
                &platform,
                agreeing(Category::Other, &format!("第{n}件"), Appellant::default()),
            )
            .await;
        }
        let now = at("2025-03-04T09:00:00+08:00");
        let page = |size: &str, number: &str| Filter {
            page: Page::parse(size, number).unwrap(),
            ..Filter::default()
        };
        let count = |filter: Filter| {
            let db = platform.db.clone();
            async move {
                open311::requests_by_filter(&db, &filter, now)
                    .await
                    .unwrap()
            }
        };
        let first = count(Filter::default()).await;
        assert_eq!(first.len(), 50, "{name}");
        assert_eq!(first[0].description, "第54件", "newest first");
        assert_eq!(count(page("", "2")).await.len(), 5);
        assert_eq!(count(page("5000", "")).await.len(), 55);
        let tenth_page = count(page("5", "11")).await;
        assert_eq!(tenth_page.len(), 5);
        let oldest = &tenth_page[4].description;
        assert_eq!(oldest.chars().count(), DESCRIPTION_MAX_CHARS, "{name}");
        assert!(oldest.ends_with('…'));
        let suggestions = Filter {
            service_code: Some(Category::Suggestion),
            ..Filter::default()
        };
        assert_eq!(count(suggestions).await.len(), 1);
    }
}
