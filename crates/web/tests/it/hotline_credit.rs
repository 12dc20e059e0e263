//! HL-CREDIT through the pages: the operator refuses an appeal as fabricated and records it for
//! credit management in one step, or records another on its own from the order page; the
//! supervisor's list shows the appellant masked; a refusal for another reason records nothing;
//! the units may neither record nor read.

use axum::http::StatusCode;
use platform::roles::Role;
use sqlx::Row as _;

use crate::common::{TestApp, app};

const NAME: &str = "孔信用人";
const PHONE: &str = "13966612345";

async fn filed(app: &TestApp, content: &str) -> (i64, String) {
    let urlencode = crate::login_flow::urlencode;
    let form = format!(
        "category=complaint_report&content={}&location={}&name={}&phone={PHONE}",
        urlencode(content),
        urlencode("甘州区青年东街"),
        urlencode(NAME),
    );
    let answer = app.post("/hotline", None, &form).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let row = sqlx::query("SELECT id, number FROM hotline_appeals ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap();
    (row.try_get("id").unwrap(), row.try_get("number").unwrap())
}

async fn status_and_version(app: &TestApp, id: i64) -> (String, i64) {
    let row = sqlx::query("SELECT status, version FROM hotline_orders WHERE id = $1")
        .bind(id)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap();
    (
        row.try_get("status").unwrap(),
        row.try_get("version").unwrap(),
    )
}

async fn n_records(app: &TestApp) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM hotline_credit_records")
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

#[tokio::test]
async fn hl_credit_the_operator_records_false_and_malicious_appeals_and_the_supervisor_sees_them_masked()
 {
    let app = app().await;
    let operator = app.demo_session("operator").await;
    let (fabricated, number) = filed(&app, "举报邻居家中藏有大量炸药（经核实纯属捏造）").await;
    let (_, version) = status_and_version(&app, fabricated).await;
    // The order page offers the refusal with the credit record, and the record on its own.
    let page = app
        .get(
            &format!("/office/hotline/orders/{fabricated}"),
            Some(&operator),
        )
        .await;
    assert!(page.body.contains("/refuse-credit") && page.body.contains("id=\"credit\""));
    let refused = app
        .post(
            &format!("/office/hotline/orders/{fabricated}/refuse-credit"),
            Some(&operator),
            &format!(
                "version={version}&reason=fabricated&explanation={}",
                crate::login_flow::urlencode("经核实所举报事实系捏造，已向来电人解释")
            ),
        )
        .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER, "{}", refused.body);
    assert_eq!(status_and_version(&app, fabricated).await.0, "refused");
    let page = app
        .get(
            &format!("/office/hotline/orders/{fabricated}"),
            Some(&operator),
        )
        .await;
    assert!(page.body.contains("id=\"credit-record\""), "{}", page.body);

    // Another appeal of the same caller, recorded on its own as malicious.
    let (abusive, _) = filed(&app, "辱骂话务员并威胁").await;
    let recorded = app
        .post(
            &format!("/office/hotline/orders/{abusive}/credit"),
            Some(&operator),
            &format!(
                "kind=malicious&reason={}",
                crate::login_flow::urlencode("来电中反复辱骂、威胁话务员")
            ),
        )
        .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    assert_eq!(n_records(&app).await, 2);

    let supervisor = app.demo_session("supervisor").await;
    let list = app.get("/office/hotline/credit", Some(&supervisor)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(&number) && list.body.contains("虚假诉求"));
    assert!(list.body.contains("恶意诉求"));
    assert!(list.body.contains("孔***") && list.body.contains("139****2345"));
    assert!(!list.body.contains(NAME) && !list.body.contains(PHONE));
    assert!(
        list.body.contains("<td>2</td>"),
        "both counted for one phone"
    );

    // The units may neither record nor read; the operator records but does not read the list.
    let before = n_records(&app).await;
    for role in [Role::UnitHandler, Role::UnitLeader] {
        let unit = app.login_as(role).await;
        let attempt = app
            .post(
                &format!("/office/hotline/orders/{abusive}/credit"),
                Some(&unit),
                "kind=false&reason=x",
            )
            .await;
        assert_eq!(attempt.status, StatusCode::FORBIDDEN, "{role:?}");
        let listed = app.get("/office/hotline/credit", Some(&unit)).await;
        assert_eq!(listed.status, StatusCode::FORBIDDEN, "{role:?}");
    }
    let operator_list = app.get("/office/hotline/credit", Some(&operator)).await;
    assert_eq!(operator_list.status, StatusCode::FORBIDDEN);
    assert_eq!(n_records(&app).await, before);
}

#[tokio::test]
async fn hl_credit_a_refusal_for_another_reason_is_refused_with_a_message_and_changes_nothing() {
    let app = app().await;
    let operator = app.demo_session("operator").await;
    let (id, _) = filed(&app, "诉求内容不清").await;
    let (_, version) = status_and_version(&app, id).await;
    let before = app.audit_seq().await;
    let answer = app
        .post(
            &format!("/office/hotline/orders/{id}/refuse-credit"),
            Some(&operator),
            &format!("version={version}&reason=unclear&explanation=x"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(
        answer.body.contains("才能同时纳入信用管理"),
        "{}",
        answer.body
    );
    assert_eq!(
        status_and_version(&app, id).await,
        ("registered".into(), version)
    );
    assert_eq!(app.audit_seq().await, before);
    assert_eq!(n_records(&app).await, 0);
}
