//! E-mail subscriptions to a column through HTTP, on both backends (WEB-PERSONAL): the form
//! on the column page, a bad address refused in Chinese with nothing stored, the confirmation
//! link, one mail per publication with the article's link, and the unsubscribe link, all
//! without login.

use axum::http::StatusCode;
use sqlx::Row as _;

use crate::sites_portal::apps;
use crate::sites_world::{SiteWorld, news};

const CODE: &str = "6207020003";
const DOMAIN: &str = "https://jyj.gsgz.gov.cn";

/// The e-mails of the outbox: (opened address, body, link).
async fn mails(app: &crate::common::TestApp) -> Vec<(String, String, String)> {
    let rows =
        sqlx::query("SELECT address, body, link FROM outbox WHERE channel = 'email' ORDER BY id")
            .fetch_all(&app.platform.db.pool)
            .await
            .unwrap();
    rows.iter()
        .map(|row| {
            let sealed: Vec<u8> = row.try_get("address").unwrap();
            (
                app.platform.key.open(&sealed).unwrap(),
                row.try_get("body").unwrap(),
                row.try_get("link").unwrap(),
            )
        })
        .collect()
}

async fn subscriptions(app: &crate::common::TestApp) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM site_subscriptions")
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// WEB-PERSONAL, WEB-CONSENT: the form says what the address is for; subscribe on the column
/// page → the confirmation mail only; confirm → a publication mails its title and link once;
/// the unsubscribe link ends it and deletes the address; a bad address is a Chinese message
/// and nothing is stored.
#[tokio::test]
async fn web_personal_subscribe_confirm_and_unsubscribe_through_http() {
    for app in apps().await {
        let world = SiteWorld::new(&app).await;
        let column = format!("/sites/{CODE}/columns/{}", world.news);
        let page = app.get(&column, None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body
                .contains(&format!("action=\"{column}/subscribe\""))
        );
        assert!(page.body.contains("只用于发送本栏目的新文章，不作他用"));

        let before = mails(&app).await.len();
        let bad = app
            .post(&format!("{column}/subscribe"), None, "email=not-an-address")
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.body.contains("电子邮箱地址格式不正确"), "{}", bad.body);
        assert_eq!(subscriptions(&app).await, 0);
        assert_eq!(mails(&app).await.len(), before);

        let good = app
            .post(
                &format!("{column}/subscribe"),
                None,
                "email=reader%40example.com",
            )
            .await;
        assert_eq!(good.status, StatusCode::OK, "{}", good.body);
        let sent = mails(&app).await;
        assert_eq!(sent.len(), before + 1);
        let (to, _, link) = &sent[before];
        assert_eq!(to, "reader@example.com");
        let confirm = link.strip_prefix(DOMAIN).unwrap();
        assert!(
            confirm.starts_with("/subscriptions/confirm?token="),
            "{confirm}"
        );

        let id = world.publish(world.news, news("未确认时发布")).await;
        assert_eq!(
            mails(&app).await.len(),
            before + 1,
            "unconfirmed gets nothing"
        );
        let _ = id;

        let confirmed = app.get(confirm, None).await;
        assert_eq!(confirmed.status, StatusCode::OK);
        assert!(confirmed.body.contains("订阅已确认"));
        let id = world.publish(world.news, news("秋季开学安排")).await;
        let sent = mails(&app).await;
        assert_eq!(sent.len(), before + 2);
        let (to, body, link) = &sent[before + 1];
        assert_eq!(to, "reader@example.com");
        assert_eq!(link, &format!("{DOMAIN}/articles/{id}"));
        assert!(body.contains("秋季开学安排"));

        let unsubscribe = body
            .split(DOMAIN)
            .find(|part| part.starts_with("/subscriptions/unsubscribe?"))
            .unwrap()
            .trim();
        let done = app.get(unsubscribe, None).await;
        assert_eq!(done.status, StatusCode::OK);
        assert!(done.body.contains("已退订"));
        assert_eq!(subscriptions(&app).await, 0);
        assert_eq!(
            app.get(unsubscribe, None).await.status,
            StatusCode::NOT_FOUND
        );
        world.publish(world.news, news("退订之后")).await;
        assert_eq!(mails(&app).await.len(), before + 2);
    }
}
