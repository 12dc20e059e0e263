//! The hard cases and the centres by HTTP, on both backends. HALL-HARDCASE: the window clerk
//! registers a 陇商通 case (bad input refused in Chinese, nothing stored); the centre's list
//! shows it with the contact masked and its clock; the market bureau learns nothing until the
//! centre transfers it, then sees it without the contact and reports its result; the centre
//! records the feedback with its day and closes it. HALL-LEVELS: the district centre
//! registers itself and a township's centre (a sub-centre without approval refused), lists
//! catalogue items for the township, and the public pages show the centre and its items.

use axum::http::StatusCode;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use sqlx::Row as _;

use crate::common::{Client, TestApp, app_on};
use crate::hall_common::{self, count, form};

/// A ready session of a new `role` of the service centre (`gz-service`).
async fn centre(app: &TestApp, role: Role, name: &str) -> Client {
    hall_common::centre(app, role, "hc", name).await
}

#[tokio::test]
async fn hall_hardcase_closes_the_loop_by_http() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let clerk = app.demo_session("clerk").await;
        let list = app.get("/office/hall/hardcases", Some(&clerk)).await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        assert!(list.body.contains("受理登记"));

        // HALL-HARDCASE: bad input is refused in Chinese and stores nothing.
        let bad = form(&[
            ("channel", "longshangtong"),
            ("requester", "张"),
            ("contact", "1"),
            ("content", "差"),
        ]);
        let refused = app.post("/office/hall/hardcases", Some(&clerk), &bad).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains("反映人或企业名称应为 2 至 50 字"));
        assert_eq!(
            count(&app, "SELECT COUNT(*) AS n FROM hall_hardcases").await,
            0
        );
        let good = form(&[
            ("channel", "longshangtong"),
            ("requester", "张掖某食品有限公司"),
            ("contact", "13912345678"),
            ("content", "食品经营许可变更三次未办成"),
        ]);
        let sent = app
            .post("/office/hall/hardcases", Some(&clerk), &good)
            .await;
        // HALL-HARDCASE: the query code shown once on the case's page, kept only hashed.
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
        let between = |from: &str| {
            let at = sent.body.find(from).unwrap() + from.len();
            sent.body[at..].split('<').next().unwrap().to_owned()
        };
        let (number, code) = (between("id=\"number\">"), between("id=\"code\">"));
        let id: i64 = sqlx::query("SELECT id FROM hall_hardcases")
            .fetch_one(&app.platform.db.pool)
            .await
            .unwrap()
            .try_get("id")
            .unwrap();
        let detail = format!("/office/hall/hardcases/{id}");
        // The person's public lookup: stages in words, no staff, no notes, no contact; a
        // wrong code refused in Chinese.
        let lookup = |code: &str| form(&[("number", &number), ("code", code)]);
        let found = app.post("/hall/hardcase/query", None, &lookup(&code)).await;
        assert_eq!(found.status, StatusCode::OK, "{}", found.body);
        assert!(found.body.contains("已受理登记") && found.body.contains("陇商通窗口"));
        assert!(!found.body.contains("13912345678") && !found.body.contains("****"));
        let wrong = app
            .post("/hall/hardcase/query", None, &lookup("ZZZZ99"))
            .await;
        assert_eq!(wrong.status, StatusCode::NOT_FOUND, "{}", wrong.body);
        assert!(wrong.body.contains("查询码"), "{}", wrong.body);
        let act = format!("{detail}/act");

        // The centre's list: masked contact and the clock.
        let handler = centre(&app, Role::UnitHandler, "a").await;
        let list = app.get("/office/hall/hardcases", Some(&handler)).await;
        assert!(list.body.contains("139****5678") && !list.body.contains("13912345678"));
        assert!(list.body.contains("转办时限"), "{}", list.body);
        assert!(list.body.contains("陇商通窗口"));

        // The market bureau learns nothing before the transfer.
        let market = app.demo_session("handler").await;
        assert_eq!(
            app.get(&detail, Some(&market)).await.status,
            StatusCode::NOT_FOUND
        );
        let market_unit = platform::units::find_by_code(&app.platform.db, "gz-market")
            .await
            .unwrap()
            .unwrap()
            .id
            .to_string();
        let transfer = form(&[
            ("version", "1"),
            ("do", "transfer"),
            ("department", &market_unit),
            ("text", "请三日内协调"),
        ]);
        // The clerk registers, nothing more.
        let by_clerk = app.post(&act, Some(&clerk), &transfer).await;
        assert_eq!(by_clerk.status, StatusCode::FORBIDDEN, "{}", by_clerk.body);
        let moved = app.post(&act, Some(&handler), &transfer).await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);

        // The department sees it, never the contact; it reports its result.
        let seen = app.get(&detail, Some(&market)).await;
        assert_eq!(seen.status, StatusCode::OK);
        assert!(seen.body.contains("三次未办成") && !seen.body.contains("5678"));
        assert!(seen.body.contains("部门办理时限"));
        let short = form(&[("version", "2"), ("do", "handle"), ("text", "办")]);
        let short = app.post(&act, Some(&market), &short).await;
        assert_eq!(short.status, StatusCode::BAD_REQUEST);
        assert!(short.body.contains("办理结果应为 5 至 1000 字"));
        let result = form(&[
            ("version", "2"),
            ("do", "handle"),
            ("text", "已协调出具证明，变更已办结"),
        ]);
        let handled = app.post(&act, Some(&market), &result).await;
        assert_eq!(handled.status, StatusCode::SEE_OTHER, "{}", handled.body);

        // The centre feeds back with the day told, then closes.
        let today = calendar::Instant::from_millis(now_ms())
            .local_date()
            .format("%Y-%m-%d")
            .to_string();
        let told = form(&[
            ("version", "3"),
            ("do", "feedback"),
            ("text", "已电话告知企业负责人"),
            ("told_on", &today),
        ]);
        let told = app.post(&act, Some(&handler), &told).await;
        assert_eq!(told.status, StatusCode::SEE_OTHER, "{}", told.body);
        let close = form(&[("version", "4"), ("do", "close")]);
        let closed = app.post(&act, Some(&handler), &close).await;
        assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.body);
        let page = app.get(&detail, Some(&handler)).await;
        assert!(page.body.contains("已办结") && page.body.contains(&today));
        assert_eq!(
            count(
                &app,
                "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'hall.hardcase.%'"
            )
            .await,
            5
        );
    }
}

#[tokio::test]
async fn hall_levels_register_and_public_lists_by_http() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        demo::catalogue::seed(&app.platform.db, &AuditActor::system("test"))
            .await
            .unwrap();
        let leader = centre(&app, Role::UnitLeader, "lead").await;
        let page = app.get("/office/hall/centres", Some(&leader)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let district = form(&[
            ("name", "甘州区政务服务中心"),
            ("level", "district"),
            ("parent", ""),
            ("unit", ""),
            ("address", "甘州区南街"),
        ]);
        let done = app
            .post("/office/hall/centres", Some(&leader), &district)
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let district_id: i64 = sqlx::query("SELECT id FROM hall_centres")
            .fetch_one(&app.platform.db.pool)
            .await
            .unwrap()
            .try_get("id")
            .unwrap();
        let parent = district_id.to_string();
        // HALL-LEVELS §11: a sub-centre without the government's approval is refused.
        let sub = form(&[
            ("name", "不动产登记分中心"),
            ("level", "sub_centre"),
            ("parent", &parent),
        ]);
        let refused = app.post("/office/hall/centres", Some(&leader), &sub).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(
            refused.body.contains("分中心须经区政府批准设立"),
            "{}",
            refused.body
        );
        // A department does not register.
        let market = app.demo_session("leader").await;
        let township = form(&[
            ("name", "梁家墩镇便民服务中心"),
            ("level", "township"),
            ("parent", &parent),
            ("hours", "工作日 9:00-17:00"),
        ]);
        let not_theirs = app
            .post("/office/hall/centres", Some(&market), &township)
            .await;
        assert_eq!(not_theirs.status, StatusCode::FORBIDDEN);
        let done = app
            .post("/office/hall/centres", Some(&leader), &township)
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let township_id: i64 = sqlx::query("SELECT id FROM hall_centres WHERE level = 'township'")
            .fetch_one(&app.platform.db.pool)
            .await
            .unwrap()
            .try_get("id")
            .unwrap();
        // The list of convenience items from the published catalogue.
        let item = sqlx::query(
            "SELECT id, name FROM svc_items WHERE published_version IS NOT NULL \
             AND status <> 'terminated' ORDER BY code",
        )
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap();
        let item_id: i64 = item.try_get("id").unwrap();
        let item_name: String = item.try_get("name").unwrap();
        let items_url = format!("/office/hall/centres/{township_id}/items");
        let bad = form(&[("item_999999", "1")]);
        let refused = app.post(&items_url, Some(&leader), &bad).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        let key = format!("item_{item_id}");
        let listed = app
            .post(&items_url, Some(&leader), &form(&[(&key, "1")]))
            .await;
        assert_eq!(listed.status, StatusCode::SEE_OTHER, "{}", listed.body);
        // Another unit's staff learn nothing of the centre's office page.
        let office = format!("/office/hall/centres/{township_id}");
        assert_eq!(
            app.get(&office, Some(&market)).await.status,
            StatusCode::NOT_FOUND
        );

        // The public pages: the centres by level, the township's items.
        let public = app.get("/hall/centres", None).await;
        assert_eq!(public.status, StatusCode::OK);
        assert!(
            public.body.contains("梁家墩镇便民服务中心")
                && public.body.contains("乡镇（街道）便民服务中心")
        );
        assert!(!public.body.contains("HALL-LEVELS"));
        let one = app.get(&format!("/hall/centres/{township_id}"), None).await;
        assert_eq!(one.status, StatusCode::OK);
        assert!(one.body.contains(&item_name), "{}", one.body);
        assert!(one.body.contains("工作日 9:00-17:00"));
        assert_eq!(
            app.get("/hall/centres/999999", None).await.status,
            StatusCode::NOT_FOUND
        );
    }
}
