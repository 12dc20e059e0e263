//! Disclosure applications by HTTP (PUB-APPLY, PUB-ANSWER, PUB-FREE, CAL-PAUSE, HL-PRIVACY),
//! on both backends: a citizen's online application — every problem of the form at once,
//! nothing stored — its number and query code, the officer's ledger and page with the answer
//! clock, the one supplement notice and the citizen's correction, a third party consulted,
//! the office head's one extension (a second refused with its Chinese message, nothing
//! changed), an answer outside the outcome list refused, the answer with its printable
//! notice, and the file provided downloaded free with the code.

use axum::http::StatusCode;
use platform::roles::Role;
use sqlx::Row as _;

use crate::common::{Answer, Client, TestApp, app_on};
use crate::sites_submissions::staff_in;

fn between<'a>(body: &'a str, start: &str, end: &str) -> &'a str {
    let from = body.find(start).map(|i| i + start.len()).unwrap_or(0);
    let rest = &body[from..];
    &rest[..rest.find(end).unwrap_or(0)]
}

async fn count(app: &TestApp) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM openness_applications")
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

async fn version(app: &TestApp, id: i64) -> i64 {
    sqlx::query("SELECT version FROM openness_applications WHERE id = $1")
        .bind(id)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("version")
        .unwrap()
}

async fn office_unit(app: &TestApp) -> i64 {
    platform::units::find_by_code(&app.platform.db, "gz-office")
        .await
        .unwrap()
        .unwrap()
        .id
}

fn ok(answer: &Answer, what: &str) {
    assert_eq!(
        answer.status,
        StatusCode::SEE_OTHER,
        "{what}: {}",
        between(&answer.body, "role=\"alert\">", "<")
    );
}

async fn command(app: &TestApp, who: &Client, id: i64, tail: &str, form: &str) -> Answer {
    let version = version(app, id).await;
    let path = format!("/office/openness/applications/{id}/{tail}");
    let form = format!("version={version}&{form}");
    app.post(&path, Some(who), &form).await
}

/// PUB-APPLY, PUB-ANSWER, PUB-FREE: a citizen's application through to its answer notice.
#[tokio::test]
async fn pub_apply_a_citizens_application_through_to_its_answer_notice() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let office = office_unit(&app).await;
        let form = app.get("/openness/apply", None).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("政府信息公开申请"));

        // Every problem at once, nothing stored.
        let refused = app.post("/openness/apply", None, "kind=commercial").await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        for part in ["受理申请的机关", "统一社会信用代码", "联系人", "特征性描述"]
        {
            assert!(refused.body.contains(part), "{part}");
        }
        assert_eq!(count(&app).await, 0);

        let filed = format!(
            "unit={office}&kind=natural_person&name=%E5%BC%A0%E4%B8%89&id_number=620702198001011234\
             &phone=13900000000&description=2025%E5%B9%B4%E5%9F%8E%E5%8C%BA%E9%81%93%E8%B7%AF%E6%94%B9%E9%80%A0%E7%AB%8B%E9%A1%B9%E6%89%B9%E5%A4%8D&form=electronic"
        );
        let applied = app.post("/openness/apply", None, &filed).await;
        assert_eq!(applied.status, StatusCode::OK, "{}", applied.body);
        let number = between(&applied.body, "id=\"number\">", "<").to_owned();
        let code = between(&applied.body, "id=\"query-code\">", "<").to_owned();
        assert!(number.starts_with("YSQ"), "{number}");
        let id: i64 = sqlx::query("SELECT id FROM openness_applications WHERE number = $1")
            .bind(&number)
            .fetch_one(&app.platform.db.pool)
            .await
            .unwrap()
            .try_get("id")
            .unwrap();
        let query = format!("/openness/query?number={number}&code={code}");

        // The officer's ledger and page: the applicant masked, the answer clock.
        let officer = app.demo_session("openness").await;
        let ledger = app
            .get("/office/openness/applications", Some(&officer))
            .await;
        assert!(ledger.body.contains(&number));
        let page_path = format!("/office/openness/applications/{id}");
        let page = app.get(&page_path, Some(&officer)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("答复期限"));
        assert!(!page.body.contains("张三") && !page.body.contains("13900000000"));

        // The supplement notice; the citizen corrects with the number and code.
        let supplement = "items=%E8%AF%B7%E5%86%99%E6%98%8E%E6%96%87%E5%8F%B7&days=10";
        ok(
            &command(&app, &officer, id, "supplement", supplement).await,
            "supplement",
        );
        let shown = app.get(&query, None).await;
        assert!(shown.body.contains("补正告知书"), "{}", shown.body);
        let correct = format!(
            "number={number}&code={code}&description=%E7%94%98%E5%8F%91%E6%94%B9%E3%80%942025%E3%80%9512%E5%8F%B7"
        );
        let corrected = app.post("/openness/query/correct", None, &correct).await;
        assert_eq!(
            corrected.status,
            StatusCode::SEE_OTHER,
            "{}",
            corrected.body
        );

        // Handling, the third party (CAL-PAUSE), its reply.
        ok(&command(&app, &officer, id, "handle", "").await, "handle");
        let consult = "whom=third_party&party=%E6%9F%90%E5%85%AC%E5%8F%B8&matter=%E5%95%86%E4%B8%9A%E7%A7%98%E5%AF%86";
        ok(
            &command(&app, &officer, id, "consult", consult).await,
            "consult",
        );
        let paused = app.get(&page_path, Some(&officer)).await;
        assert!(paused.body.contains("中止计时"), "{}", paused.body);
        let reply = "opinion=objects&reply=%E4%B8%8D%E5%90%8C%E6%84%8F";
        ok(&command(&app, &officer, id, "reply", reply).await, "reply");

        // PUB-APPLY: the office head extends once; a second is refused, nothing changed.
        let head = staff_in(&app, "gz-office", Role::UnitLeader, "t.gk.head").await;
        let extend = "days=20&reason=%E8%B0%83%E5%8F%96%E6%A1%A3%E6%A1%88";
        let by_officer = command(&app, &officer, id, "extend", extend).await;
        assert_eq!(by_officer.status, StatusCode::FORBIDDEN);
        ok(&command(&app, &head, id, "extend", extend).await, "extend");
        let before = version(&app, id).await;
        let second = command(&app, &head, id, "extend", extend).await;
        assert_eq!(second.status, StatusCode::CONFLICT);
        assert!(second.body.contains("只能延长一次"), "{}", second.body);
        assert_eq!(version(&app, id).await, before);

        // PUB-ANSWER: an outcome outside the list is refused, nothing changed.
        let bogus = command(&app, &officer, id, "answer", "outcome=approved&reasoning=x").await;
        assert_eq!(bogus.status, StatusCode::BAD_REQUEST);
        assert!(bogus.body.contains("表三"), "{}", bogus.body);
        assert_eq!(version(&app, id).await, before);

        let answer = "outcome=partly_disclosed&reasoning=%E6%8A%A5%E4%BB%B7%E9%83%A8%E5%88%86%E6%B6%89%E5%8F%8A%E5%95%86%E4%B8%9A%E7%A7%98%E5%AF%86\
                      &provided=%E7%AB%8B%E9%A1%B9%E6%89%B9%E5%A4%8D&form=electronic";
        ok(
            &command(&app, &officer, id, "answer", answer).await,
            "answer",
        );
        let files = format!("/office/openness/applications/{id}/files");
        let pdf: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
        let uploaded = app
            .post_multipart(
                &files,
                Some(&officer),
                &[("label", "立项批复")],
                &[("file", "pifu.pdf", pdf)],
            )
            .await;
        ok(&uploaded, "file");
        let notice = app
            .get(&format!("{page_path}/notice?kind=answer"), Some(&officer))
            .await;
        assert_eq!(notice.status, StatusCode::OK);
        assert!(notice.body.contains("告知书"), "{}", notice.body);

        // The citizen reads the answer notice and downloads the file free.
        let shown = app.get(&query, None).await;
        assert!(shown.body.contains("已答复"));
        assert!(shown.body.contains("部分公开"), "{}", shown.body);
        let link =
            between(&shown.body, "<ul id=\"files\"><li><a href=\"", "\"").replace("&amp;", "&");
        let file = app.get(&link, None).await;
        assert_eq!(file.status, StatusCode::OK, "{link}");
        assert!(file.body.starts_with("%PDF"));
        let wrong = app.get(&link.replace(&code, "2222-2222"), None).await;
        assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    }
}

/// HL-PRIVACY: a stranger (another unit's leader) does not see the application; the
/// officer's reveal is audited.
#[tokio::test]
async fn pub_apply_outside_the_unit_an_application_is_not_found() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let office = office_unit(&app).await;
        let filed = format!(
            "unit={office}&kind=natural_person&name=%E6%9D%8E%E5%9B%9B&id_number=620702198001015678\
             &email=a%40b.cn&description=%E6%96%87%E4%BB%B6&form=paper"
        );
        let applied = app.post("/openness/apply", None, &filed).await;
        assert_eq!(applied.status, StatusCode::OK);
        let id: i64 = sqlx::query("SELECT MAX(id) AS id FROM openness_applications")
            .fetch_one(&app.platform.db.pool)
            .await
            .unwrap()
            .try_get("id")
            .unwrap();
        let stranger = app.demo_session("leader").await;
        let path = format!("/office/openness/applications/{id}");
        assert_eq!(
            app.get(&path, Some(&stranger)).await.status,
            StatusCode::NOT_FOUND
        );
        let officer = app.demo_session("openness").await;
        let before = app.audit_seq().await;
        let revealed = app
            .post(
                &format!("{path}/applicant"),
                Some(&officer),
                "reason=%E7%94%B5%E8%AF%9D%E8%81%94%E7%B3%BB",
            )
            .await;
        assert_eq!(revealed.status, StatusCode::OK);
        assert!(revealed.body.contains("李四"));
        assert!(app.audit_seq().await > before);
    }
}
