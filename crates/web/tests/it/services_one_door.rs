//! Issue 22 through the pages, on both backends: SVC-ONE-DOOR — an item handled in the hall is
//! not accepted by its department's own office (两头受理, refused naming the rule, nothing
//! changed) but by the hall's window; the negative list published as formal documents (文号,
//! 发文机关, 成文日期) and the fee list on the portal. SVC-ITEM-FIELDS — a material's sample
//! uploaded in the editor, typed by content (a renamed text file is refused, nothing stored),
//! offered by the public guide only once published, kept by its version. SVC-STATUS — the
//! applicant texted at acceptance, decision and result; 结果公示 of the items marked for it,
//! the applicant masked.

use axum::http::StatusCode;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use services::case::{Command, Decision};
use services::item::{DeliveryMethod, Item, ItemCommand};
use sqlx::Row as _;

use crate::common::{TestApp, app_on};
use crate::services_office::{act, staff_in, status_code, submit};
use crate::services_portal::{ID_NO, PDF, PHONE, PNG, apply, receipt, run, unit};

/// 营业执照变更登记 of gz-market: no pre-review, accepted by the comprehensive window.
const CHANGE: &str = "GZ-SC-0004";
const CHANGE_MATERIALS: &[&str] = &["application", "business_licence", "id_card"];

async fn app_with_files(platform: platform::Platform) -> TestApp {
    let app = app_on(platform).await;
    let actor = AuditActor::system("test");
    demo::catalogue::seed(&app.platform.db, &actor)
        .await
        .unwrap();
    demo::catalogue::seed_files(&app.platform.db, &app.platform.key, &actor)
        .await
        .unwrap();
    app
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

async fn item_id(app: &TestApp, code: &str) -> services::ItemId {
    services::store::items::by_code(&app.platform.db, code)
        .await
        .unwrap()
        .unwrap()
        .record
        .id
}

/// Changes the published guide of `code` with `change` and publishes it (the services use
/// cases, as a department and the publisher would).
async fn republish(app: &TestApp, code: &str, change: impl FnOnce(&mut Item)) {
    let db = &app.platform.db;
    let actor = AuditActor::system("test");
    let now = calendar::Instant::from_millis(now_ms());
    let mut item = services::usecase::published_item(db, code)
        .await
        .unwrap()
        .unwrap()
        .item;
    change(&mut item);
    let id = item_id(app, code).await;
    let edit = ItemCommand::Edit {
        item: Box::new(item),
    };
    services::usecase::item_command(db, &actor, id, edit, None, now)
        .await
        .unwrap();
    services::usecase::publish_item(db, &actor, id, now)
        .await
        .unwrap();
}

#[tokio::test]
async fn svc_one_door_the_department_does_not_accept_an_item_handled_in_the_hall() {
    for platform in platform::testing::each_backend().await {
        let app = app_with_files(platform).await;
        republish(&app, CHANGE, |item| item.basic.more.in_hall = true).await;
        let case = submit(&app, CHANGE, CHANGE_MATERIALS).await.case_id;
        let market = staff_in(&app, Role::UnitHandler, "gz-market").await;
        let before = app.audit_seq().await;
        let refused = act(&app, &market, case, "accept", "").await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert!(refused.body.contains("SVC-ONE-DOOR"), "{}", refused.body);
        assert!(refused.body.contains("两头受理"), "{}", refused.body);
        assert_eq!(app.audit_seq().await, before, "a refusal records nothing");
        assert_eq!(status_code(&app, case).await, "submitted");
        // Nor does its own office take the application in at a walk-in registration.
        let office = staff_in(&app, Role::WindowClerk, "gz-market").await;
        let cases = "SELECT COUNT(*) AS n FROM svc_cases";
        let before_cases = count(&app, cases).await;
        let fields = [
            ("item", CHANGE),
            ("enterprise_name", "张掖市甘州区示例商贸有限公司"),
            ("credit_code", "91620702MA71ABCD1P"),
            ("name", "李四"),
            ("id_no", ID_NO),
            ("phone", PHONE),
        ];
        let files: Vec<(String, &str, &[u8])> = CHANGE_MATERIALS
            .iter()
            .map(|code| (format!("file.{code}"), "m.pdf", PDF))
            .collect();
        let files: Vec<(&str, &str, &[u8])> =
            files.iter().map(|(f, n, c)| (f.as_str(), *n, *c)).collect();
        let walk_in = "/office/services/walk-in";
        let refused = app
            .post_multipart(walk_in, Some(&office), &fields, &files)
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert!(refused.body.contains("两头受理"), "{}", refused.body);
        assert_eq!(count(&app, cases).await, before_cases, "nothing registered");
        let guide = app.get(&format!("/services/items/{CHANGE}"), None).await;
        assert!(guide.body.contains("只进一门"), "{}", guide.body);
        // The hall's comprehensive window accepts it.
        let clerk = staff_in(&app, Role::WindowClerk, "gz-service").await;
        let accepted = act(&app, &clerk, case, "accept", "").await;
        assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
        assert_eq!(status_code(&app, case).await, "in_review");
    }
}

#[tokio::test]
async fn svc_one_door_negative_list_and_fees_are_published_on_the_portal() {
    for platform in platform::testing::each_backend().await {
        let app = app_with_files(platform).await;
        let publisher = staff_in(&app, Role::Publisher, "gz-office").await;
        let entry = "code=GZ-SC-0007&reason=%E6%B6%89%E5%AF%86&document_number=%E7%94%98%E5%B7%9E%E6%94%BF%E5%8A%9E%E5%8F%91%E3%80%942026%E3%80%957%E5%8F%B7&document_title=%E5%85%B3%E4%BA%8E%E8%B4%9F%E9%9D%A2%E6%B8%85%E5%8D%95%E7%9A%84%E6%89%B9%E5%A4%8D&document_issuer=%E7%94%98%E5%B7%9E%E5%8C%BA%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C";
        // A date that is no date: refused in Chinese, nothing kept.
        let bad = app
            .post(
                "/office/services/catalogue/negative",
                Some(&publisher),
                &format!("{entry}&document_date=2026-02-30"),
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.body.contains("成文日期"), "{}", bad.body);
        assert_eq!(
            count(&app, "SELECT COUNT(*) AS n FROM svc_negative_list").await,
            0
        );
        let saved = app
            .post(
                "/office/services/catalogue/negative",
                Some(&publisher),
                &format!("{entry}&document_date=2026-03-01"),
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let page = app.get("/services/negative-list", None).await;
        assert_eq!(page.status, StatusCode::OK);
        for words in [
            "甘州政办发〔2026〕7号",
            "关于负面清单的批复",
            "甘州区人民政府",
            "2026-03-01",
            "特种设备使用登记",
            "涉密",
        ] {
            assert!(page.body.contains(words), "{words}: {}", page.body);
        }
        // An item handled in the hall cannot also be on the negative list.
        republish(&app, CHANGE, |item| item.basic.more.in_hall = true).await;
        let both = app
            .post(
                "/office/services/catalogue/negative",
                Some(&publisher),
                &format!(
                    "{}&document_date=2026-03-01",
                    entry.replace("GZ-SC-0007", CHANGE)
                ),
            )
            .await;
        assert_eq!(both.status, StatusCode::BAD_REQUEST);
        assert!(both.body.contains("SVC-ONE-DOOR"), "{}", both.body);
        // Nor, the other way round, is an item on the negative list marked as in the hall.
        let db = &app.platform.db;
        let listed = "GZ-SC-0007";
        let mut item = services::usecase::published_item(db, listed)
            .await
            .unwrap()
            .unwrap()
            .item;
        item.basic.more.in_hall = true;
        let edit = ItemCommand::Edit {
            item: Box::new(item),
        };
        let actor = AuditActor::system("test");
        let now = calendar::Instant::from_millis(now_ms());
        let id = item_id(&app, listed).await;
        let refused = services::usecase::item_command(db, &actor, id, edit, None, now).await;
        let message = refused.unwrap_err().to_string();
        assert!(message.contains("负面清单") && message.contains("SVC-ONE-DOOR"));

        // The fee list: the charged items' standard, basis and method; no free item.
        let fees = app.get("/services/fees", None).await;
        assert_eq!(fees.status, StatusCode::OK);
        assert!(fees.body.contains("不动产登记") && fees.body.contains("住宅每件80元"));
        assert!(fees.body.contains("发改价格规〔2016〕2559号"));
        assert!(!fees.body.contains("食品经营许可"), "{}", fees.body);
    }
}

#[tokio::test]
async fn svc_item_fields_sample_upload_is_typed_by_content_and_published_with_its_version() {
    for platform in platform::testing::each_backend().await {
        let app = app_with_files(platform).await;
        let market = staff_in(&app, Role::UnitHandler, "gz-market").await;
        let id = item_id(&app, CHANGE).await.0;
        let path = format!("/office/services/catalogue/{id}/files");
        let version = || async {
            count(
                &app,
                &format!("SELECT version AS n FROM svc_items WHERE id = {id}"),
            )
            .await
        };
        let files = "SELECT COUNT(*) AS n FROM attachments WHERE owner_kind = 'item'";
        let before = count(&app, files).await;
        // A text file named .pdf: refused by its content, nothing stored or changed.
        let v = version().await.to_string();
        let fields = [
            ("version", v.as_str()),
            ("material", "application"),
            ("which", "sample"),
        ];
        let fake = app
            .post_multipart(
                &path,
                Some(&market),
                &fields,
                &[("file", "样表.pdf", b"hello")],
            )
            .await;
        assert_eq!(fake.status, StatusCode::BAD_REQUEST, "{}", fake.body);
        assert!(fake.body.contains("文件类型不允许"), "{}", fake.body);
        assert_eq!(count(&app, files).await, before);
        assert_eq!(version().await.to_string(), v);
        // Another unit's staff do not reach the item.
        let hrss = staff_in(&app, Role::UnitHandler, "gz-hrss").await;
        let other = app
            .post_multipart(&path, Some(&hrss), &fields, &[("file", "a.png", PNG)])
            .await;
        assert_eq!(other.status, StatusCode::NOT_FOUND);
        // A PNG sample: stored, the working version (a new one: the item was published)
        // names it; the public guide does not offer it before publication.
        let saved = app
            .post_multipart(&path, Some(&market), &fields, &[("file", "样表.png", PNG)])
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let file = count(
            &app,
            &format!(
                "SELECT MAX(id) AS n FROM attachments WHERE owner_kind = 'item' AND owner_id = {id}"
            ),
        )
        .await;
        let download = format!("/services/items/{CHANGE}/files/{file}");
        assert_eq!(app.get(&download, None).await.status, StatusCode::NOT_FOUND);
        let guide = app.get(&format!("/services/items/{CHANGE}"), None).await;
        assert!(!guide.body.contains(&download));
        let stored = services::store::items::by_code(&app.platform.db, CHANGE)
            .await
            .unwrap()
            .unwrap();
        let working = stored.record.working().unwrap();
        assert_eq!(working.number, 2);
        let sample = |item: &Item| {
            item.materials
                .list()
                .iter()
                .find(|m| m.code == "application")
                .and_then(|m| m.sample)
                .map(|f| f.0)
        };
        assert_eq!(sample(&working.item), Some(file));
        assert_ne!(sample(&stored.record.versions[0].item), Some(file));
        services::usecase::publish_item(
            &app.platform.db,
            &AuditActor::system("test"),
            services::ItemId(id),
            calendar::Instant::from_millis(now_ms()),
        )
        .await
        .unwrap();
        let guide = app.get(&format!("/services/items/{CHANGE}"), None).await;
        assert!(guide.body.contains(&download), "{}", guide.body);
        let got = app.get(&download, None).await;
        assert_eq!(got.status, StatusCode::OK);
        assert_eq!(got.headers["content-type"], "image/png");
    }
}

#[tokio::test]
async fn svc_status_texts_progress_and_announces_results_of_marked_items() {
    for platform in platform::testing::each_backend().await {
        let app = app_with_files(platform).await;
        let (number, _) = receipt(
            &apply(
                &app,
                "GZ-RS-0002",
                PHONE,
                &[("id_card", PDF), ("hukou", PNG)],
            )
            .await,
        );
        let window = unit(&app, "gz-service").await;
        let department = unit(&app, "gz-hrss").await;
        run(&app, &number, Command::Accept { by: window }).await;
        run(
            &app,
            &number,
            Command::Decide {
                by: department,
                decision: Decision::Approve,
            },
        )
        .await;
        run(
            &app,
            &number,
            Command::Deliver {
                by: window,
                method: DeliveryMethod::PickUp,
            },
        )
        .await;
        // SVC-STATUS: texted at acceptance, decision and result.
        let bodies: Vec<String> =
            sqlx::query("SELECT body FROM outbox WHERE channel = 'sms' ORDER BY id")
                .fetch_all(&app.platform.db.pool)
                .await
                .unwrap()
                .iter()
                .map(|row| row.try_get("body").unwrap())
                .filter(|body: &String| body.contains(&number))
                .collect();
        for words in ["已受理", "审批决定", "已办结"] {
            assert!(
                bodies.iter().any(|b| b.contains(words)),
                "{words}: {bodies:?}"
            );
        }
        // Not marked for 结果公示: not listed.
        let page = app.get("/services/results", None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains(&number));
        republish(&app, "GZ-RS-0002", |item| {
            item.basic.more.publish_results = true;
        })
        .await;
        let guide = app.get("/services/items/GZ-RS-0002", None).await;
        assert!(guide.body.contains("/services/results?item=GZ-RS-0002"));
        let page = app.get("/services/results?item=GZ-RS-0002", None).await;
        assert!(page.body.contains(&number), "{}", page.body);
        assert!(page.body.contains("城乡居民养老保险参保登记"));
        assert!(page.body.contains("准予（参保登记凭证）"), "{}", page.body);
        assert!(page.body.contains("张*"), "{}", page.body);
        assert!(!page.body.contains("张三丰") && !page.body.contains(PHONE));
        let other = app.get("/services/results?item=GZ-SC-0003", None).await;
        assert!(!other.body.contains(&number));
        let long = "X".repeat(41);
        let refused = app
            .get(&format!("/services/results?item={long}"), None)
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    }
}
