//! Walk-in registration in the services back office (SVC-ACCEPT, SVC-PREREVIEW): the window
//! registers a case with its materials, which are served only to that case, and a walk-in
//! case page offers acceptance at once, never the online pre-review (003 §18). The helpers
//! are `services_office.rs`'s.

use axum::http::StatusCode;
use platform::roles::Role;
use services::CaseId;
use sqlx::Row as _;

use crate::services_office::{
    FOOD, FOOD_MATERIALS, ID_NO, PDF, PHONE, act, services_app, staff_in, status_code, submit,
};

#[tokio::test]
async fn svc_accept_walk_in_registers_with_materials_and_serves_them_only_to_the_case() {
    let app = services_app().await;
    let clerk = staff_in(&app, Role::WindowClerk, "gz-service").await;
    let form = app
        .get(
            &format!("/office/services/walk-in?item={FOOD}"),
            Some(&clerk),
        )
        .await;
    assert!(form.body.contains("name=\"file.layout\""), "{}", form.body);
    let fields = [
        ("item", FOOD),
        ("enterprise_name", COMPANY),
        ("credit_code", CODE),
        ("name", "李四"),
        ("id_no", ID_NO),
        ("phone", PHONE),
    ];
    // A missing required material stores nothing.
    let before = app.audit_seq().await;
    let short = app
        .post_multipart(
            "/office/services/walk-in",
            Some(&clerk),
            &fields,
            &[("file.application", "a.pdf", PDF)],
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST, "{}", short.body);
    assert!(short.body.contains("缺少必要材料"));
    assert_eq!(app.audit_seq().await, before);
    // A file of the wrong type stores nothing.
    let files: Vec<(String, &str, &[u8])> = FOOD_MATERIALS
        .iter()
        .map(|code| (format!("file.{code}"), "m.pdf", PDF))
        .collect();
    let mut bad: Vec<(&str, &str, &[u8])> =
        files.iter().map(|(f, n, c)| (f.as_str(), *n, *c)).collect();
    bad[0] = ("file.application", "evil.exe", b"MZ\x90\x00binary");
    let wrong = app
        .post_multipart("/office/services/walk-in", Some(&clerk), &fields, &bad)
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.body.contains("文件类型不允许"), "{}", wrong.body);
    assert_eq!(app.audit_seq().await, before);
    let good: Vec<(&str, &str, &[u8])> =
        files.iter().map(|(f, n, c)| (f.as_str(), *n, *c)).collect();
    let done = app
        .post_multipart("/office/services/walk-in", Some(&clerk), &fields, &good)
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("id=\"query-code\""), "{}", done.body);
    let row = sqlx::query("SELECT id, state FROM svc_cases ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap();
    let id: i64 = row.try_get("id").unwrap();
    let state: String = row.try_get("state").unwrap();
    assert!(state.contains("Window"), "channel is the window: {state}");
    let file: i64 = sqlx::query("SELECT id FROM attachments WHERE owner_kind = 'case' AND owner_id = $1 ORDER BY id LIMIT 1")
        .bind(id)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
    let download = app
        .get(
            &format!("/office/services/cases/{id}/files/{file}"),
            Some(&clerk),
        )
        .await;
    assert_eq!(download.status, StatusCode::OK);
    assert!(download.body.starts_with("%PDF"));
    // The file is not served under another case.
    let other = submit(
        &app,
        "GZ-SC-0001",
        &["application", "id_card", "articles", "premises"],
    )
    .await;
    let elsewhere = app
        .get(
            &format!("/office/services/cases/{}/files/{file}", other.case_id.0),
            Some(&clerk),
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    let stranger = staff_in(&app, Role::UnitHandler, "gz-hrss").await;
    let denied = app
        .get(
            &format!("/office/services/cases/{id}/files/{file}"),
            Some(&stranger),
        )
        .await;
    assert_eq!(denied.status, StatusCode::NOT_FOUND);
}

/// SVC-PREREVIEW (003 §18): the case page of a walk-in registration offers acceptance at once,
/// never the online pre-review; an online application to the same item offers pre-review.
#[tokio::test]
async fn svc_prereview_walk_in_case_page_offers_acceptance_not_prereview() {
    let app = services_app().await;
    let clerk = staff_in(&app, Role::WindowClerk, "gz-service").await;
    let fields = [
        ("item", FOOD),
        ("enterprise_name", COMPANY),
        ("credit_code", CODE),
        ("name", "李四"),
        ("id_no", ID_NO),
        ("phone", PHONE),
    ];
    let files: Vec<(String, &str, &[u8])> = FOOD_MATERIALS
        .iter()
        .map(|code| (format!("file.{code}"), "m.pdf", PDF))
        .collect();
    let files: Vec<(&str, &str, &[u8])> =
        files.iter().map(|(f, n, c)| (f.as_str(), *n, *c)).collect();
    let done = app
        .post_multipart("/office/services/walk-in", Some(&clerk), &fields, &files)
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let walk_in: i64 = sqlx::query("SELECT MAX(id) AS id FROM svc_cases")
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
    let page = app
        .get(&format!("/office/services/cases/{walk_in}"), Some(&clerk))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("id=\"accept\""), "{}", page.body);
    assert!(!page.body.contains(&format!("/cases/{walk_in}/prereview")));
    let accepted = act(&app, &clerk, CaseId(walk_in), "accept", "").await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    assert_eq!(status_code(&app, CaseId(walk_in)).await, "in_review");
    let online = submit(&app, FOOD, FOOD_MATERIALS).await.case_id;
    let page = app
        .get(
            &format!("/office/services/cases/{}", online.0),
            Some(&clerk),
        )
        .await;
    assert!(
        page.body
            .contains(&format!("/cases/{}/prereview", online.0))
    );
    assert!(!page.body.contains("id=\"accept\""));
}

/// 营业执照变更登记: legal persons only, no pre-review; one stage (审查决定) of the promised
/// limit, accepted by the comprehensive window gz-service.
pub const CHANGE: &str = "GZ-SC-0004";
pub const CHANGE_MATERIALS: &[&str] = &["application", "business_licence", "id_card"];
pub const COMPANY: &str = "张掖市甘州区示例商贸有限公司";
pub const CODE: &str = "91620702MA71ABCD1P";
/// [`CODE`] with its last character changed: the GB 32100 check character no longer fits.
const BAD_CODE: &str = "91620702MA71ABCD1Q";

/// The app on `platform` with the demo catalogue published.
pub async fn services_app_on(platform: platform::Platform) -> crate::common::TestApp {
    let app = crate::common::app_on(platform).await;
    demo::catalogue::seed(
        &app.platform.db,
        &platform::audit::AuditActor::system("test"),
    )
    .await
    .unwrap();
    app
}

async fn count(app: &crate::common::TestApp, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

fn pdfs(codes: &[&str]) -> Vec<(String, &'static str, &'static [u8])> {
    codes
        .iter()
        .map(|code| (format!("file.{code}"), "scan.pdf", PDF))
        .collect()
}

/// Issue 14 item 4 at the window (SVC-ITEM-TYPES, SVC-ACCEPT), both backends: the walk-in
/// form of a legal person's item asks for the enterprise and its agent; a credit code whose
/// check character is wrong is refused with every other problem of the form at once, each
/// next to its field, and nothing is stored; the good code, typed in lower case with spaces,
/// registers the case keyed on the enterprise; an item for natural persons asks no
/// enterprise and keys no case on one.
#[tokio::test]
async fn svc_item_types_walk_in_asks_for_the_enterprise_and_keys_the_case_on_it() {
    for platform in platform::testing::each_backend().await {
        let app = services_app_on(platform).await;
        let backend = app.platform.db.backend.name();
        let clerk = staff_in(&app, Role::WindowClerk, "gz-service").await;
        let form = app
            .get(
                &format!("/office/services/walk-in?item={CHANGE}"),
                Some(&clerk),
            )
            .await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        // Text fields typed as such, so that they take the form's style and a phone's
        // 44 px touch height like every other field.
        for wanted in [
            "type=\"text\" name=\"enterprise_name\"",
            "type=\"text\" name=\"credit_code\"",
            "type=\"text\" name=\"name\"",
            "type=\"text\" name=\"id_no\"",
            "统一社会信用代码",
            "经办人姓名",
        ] {
            assert!(
                form.body.contains(wanted),
                "{backend} {wanted}: {}",
                form.body
            );
        }
        let person = app
            .get("/office/services/walk-in?item=GZ-RS-0001", Some(&clerk))
            .await;
        assert_eq!(person.status, StatusCode::OK);
        assert!(
            !person.body.contains("credit_code") && person.body.contains("申请人姓名"),
            "{backend}: a person's item asks no enterprise"
        );

        // Three problems at once: the check character, no agent's name, an .exe.
        let before = (
            count(&app, "SELECT COUNT(*) AS n FROM svc_cases").await,
            count(&app, "SELECT COUNT(*) AS n FROM attachments").await,
            app.audit_seq().await,
        );
        let mut files = pdfs(CHANGE_MATERIALS);
        files[0] = ("file.application".into(), "setup.exe", b"MZ\x90\x00binary");
        let files: Vec<(&str, &str, &[u8])> =
            files.iter().map(|(f, n, c)| (f.as_str(), *n, *c)).collect();
        let refused = app
            .post_multipart(
                "/office/services/walk-in",
                Some(&clerk),
                &[
                    ("item", CHANGE),
                    ("enterprise_name", COMPANY),
                    ("credit_code", BAD_CODE),
                    ("name", ""),
                    ("id_no", ID_NO),
                    ("phone", PHONE),
                ],
                &files,
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        for wanted in [
            "请修改以下 3 处",
            "统一社会信用代码校验位不正确",
            "请填写经办人姓名",
            "文件类型不允许",
            "setup.exe",
            r#"id="credit_code-error""#,
            r#"id="name-error""#,
            r#"id="file-application-error""#,
            r##"href="#credit_code""##,
        ] {
            assert!(
                refused.body.contains(wanted),
                "{backend} {wanted}: {}",
                refused.body
            );
        }
        assert!(
            refused.body.contains(&format!("value=\"{COMPANY}\"")),
            "the company's name is kept"
        );
        let after = (
            count(&app, "SELECT COUNT(*) AS n FROM svc_cases").await,
            count(&app, "SELECT COUNT(*) AS n FROM attachments").await,
            app.audit_seq().await,
        );
        assert_eq!(after, before, "{backend}: nothing stored");

        // The good code, as a clerk may type it.
        let files = pdfs(CHANGE_MATERIALS);
        let files: Vec<(&str, &str, &[u8])> =
            files.iter().map(|(f, n, c)| (f.as_str(), *n, *c)).collect();
        let done = app
            .post_multipart(
                "/office/services/walk-in",
                Some(&clerk),
                &[
                    ("item", CHANGE),
                    ("enterprise_name", COMPANY),
                    ("credit_code", " 9162 0702 ma71 abcd 1p "),
                    ("name", "王经办"),
                    ("id_no", ID_NO),
                    ("phone", PHONE),
                ],
                &files,
            )
            .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        assert!(done.body.contains("id=\"query-code\""), "{}", done.body);
        let id = count(&app, "SELECT MAX(id) AS n FROM svc_cases").await;
        let stored = services::store::cases::get(&app.platform.db, CaseId(id))
            .await
            .unwrap();
        let code = services::enterprise::CreditCode::parse(CODE).unwrap();
        assert_eq!(
            stored.enterprise_lookup,
            Some(services::usecase::enterprise_lookup(
                &app.platform.key,
                &code
            )),
            "{backend}: keyed on the enterprise"
        );
        let enterprise =
            services::usecase::case_enterprise(&app.platform.db, &app.platform.key, CaseId(id))
                .await
                .unwrap()
                .unwrap();
        assert_eq!(
            (enterprise.name.as_str(), enterprise.credit_code.as_str()),
            (COMPANY, CODE)
        );
        let page = app
            .get(&format!("/office/services/cases/{id}"), Some(&clerk))
            .await;
        assert!(page.body.contains(COMPANY) && page.body.contains(CODE));
        assert!(page.body.contains("经办人：王**"), "{}", page.body);

        // A person's item: the enterprise's fields, if sent, are not read.
        let files = pdfs(&["id_card", "photo"]);
        let files: Vec<(&str, &str, &[u8])> =
            files.iter().map(|(f, n, c)| (f.as_str(), *n, *c)).collect();
        let person = app
            .post_multipart(
                "/office/services/walk-in",
                Some(&clerk),
                &[
                    ("item", "GZ-RS-0001"),
                    ("enterprise_name", COMPANY),
                    ("credit_code", CODE),
                    ("name", "李四"),
                    ("id_no", ID_NO),
                    ("phone", PHONE),
                ],
                &files,
            )
            .await;
        assert_eq!(person.status, StatusCode::OK, "{}", person.body);
        let keyed = count(
            &app,
            "SELECT COUNT(*) AS n FROM svc_cases WHERE enterprise_lookup IS NOT NULL",
        )
        .await;
        assert_eq!(keyed, 1, "{backend}: the person's case is no enterprise's");
    }
}

/// Issue 14 item 7 with item 4 (SVC-NO-RESUBMIT's keyed index), both backends: the desk finds
/// the unit's cases of an enterprise by its 统一社会信用代码 — matched on the keyed index,
/// never a clear-text column, audited with the code masked and never echoed; a malformed code
/// gets a message and no search; another unit finds none of them.
#[tokio::test]
async fn svc_no_resubmit_the_desk_finds_an_enterprises_cases_by_its_credit_code() {
    for platform in platform::testing::each_backend().await {
        let app = services_app_on(platform).await;
        let backend = app.platform.db.backend.name();
        let clerk = staff_in(&app, Role::WindowClerk, "gz-service").await;
        let files = pdfs(CHANGE_MATERIALS);
        let files: Vec<(&str, &str, &[u8])> =
            files.iter().map(|(f, n, c)| (f.as_str(), *n, *c)).collect();
        let mut numbers = Vec::new();
        for (company, code) in [
            (COMPANY, CODE),
            ("张掖市甘州区另一商贸有限公司", "92620702MA7K8H2N1F"),
        ] {
            let done = app
                .post_multipart(
                    "/office/services/walk-in",
                    Some(&clerk),
                    &[
                        ("item", CHANGE),
                        ("enterprise_name", company),
                        ("credit_code", code),
                        ("name", "王经办"),
                        ("id_no", ID_NO),
                    ],
                    &files,
                )
                .await;
            assert_eq!(done.status, StatusCode::OK, "{}", done.body);
            let number = done.body.split("办件编号 <strong>").nth(1).unwrap();
            numbers.push(number[..number.find('<').unwrap()].to_owned());
        }
        let audited =
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'services.search.credit_code'";
        let found = app
            .get(
                "/office/services?credit_code=91620702ma71abcd1p",
                Some(&clerk),
            )
            .await;
        assert_eq!(found.status, StatusCode::OK, "{}", found.body);
        assert!(
            found.body.contains("查询结果：共 1 件") && found.body.contains(&numbers[0]),
            "{backend}: {}",
            found.body
        );
        assert!(
            !found.body.contains(&numbers[1]),
            "{backend}: the other company's"
        );
        assert!(!found.body.contains(CODE), "the code is not echoed");
        assert_eq!(count(&app, audited).await, 1, "{backend}: audited");
        let detail: String = sqlx::query(
            "SELECT detail FROM audit_log WHERE action = 'services.search.credit_code'",
        )
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("detail")
        .unwrap();
        assert!(
            detail.contains("916207********CD1P") && !detail.contains(CODE),
            "{detail}"
        );

        let malformed = app
            .get(
                &format!("/office/services?credit_code={BAD_CODE}"),
                Some(&clerk),
            )
            .await;
        assert_eq!(malformed.status, StatusCode::OK);
        assert!(
            malformed.body.contains(r#"id="search-error""#)
                && malformed.body.contains("统一社会信用代码校验位不正确"),
            "{backend}: {}",
            malformed.body
        );
        assert_eq!(
            count(&app, audited).await,
            1,
            "a refused code searches nothing"
        );
        // Hostile or oversized input: a message, escaped, never a 500 nor a search.
        let long = "9".repeat(1_500);
        for typed in [
            "<script>alert(1)</script>",
            "' OR '1'='1",
            "%",
            long.as_str(),
        ] {
            let typed: String = form_urlencoded::byte_serialize(typed.as_bytes()).collect();
            let answer = app
                .get(
                    &format!("/office/services?credit_code={typed}"),
                    Some(&clerk),
                )
                .await;
            assert_eq!(answer.status, StatusCode::OK, "{typed}");
            assert!(answer.body.contains(r#"id="search-error""#), "{typed}");
            assert!(!answer.body.contains("<script>alert(1)"), "escaped");
        }
        assert_eq!(count(&app, audited).await, 1, "{backend}");

        let elsewhere = staff_in(&app, Role::UnitHandler, "gz-hrss").await;
        let none = app
            .get(
                &format!("/office/services?credit_code={CODE}"),
                Some(&elsewhere),
            )
            .await;
        assert!(
            none.body.contains("查询结果：共 0 件"),
            "{backend}: {}",
            none.body
        );
    }
}
