//! The supervisor's view through HTTP (OPS-ESUPERVISE, HL-SUPERVISE, HL-REMIND, HL-ACCOUNT):
//! every running clock with its light and order number, the open supervisions with the
//! escalate form, the accountability form; a unit handler is refused.

use axum::http::StatusCode;
use sqlx::Row as _;

use crate::common::app;

fn urlencode(text: &str) -> String {
    crate::login_flow::urlencode(text)
}

#[tokio::test]
async fn hl_supervise_the_supervisor_sees_every_running_clock_with_its_light_and_escalates() {
    let app = app().await;
    let db = &app.platform.db;
    let form = format!(
        "category=complaint_report&content={}&location={}&name={}&phone=13977719876",
        urlencode("路灯损坏多日无人维修"),
        urlencode("甘州区南街"),
        urlencode("督办标记人"),
    );
    let filed = app.post("/hotline", None, &form).await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
    let row = sqlx::query("SELECT id, number FROM hotline_appeals ORDER BY id DESC LIMIT 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let order_id: i64 = row.try_get("id").unwrap();
    let number: String = row.try_get("number").unwrap();
    let market = platform::units::find_by_code(db, "gz-market")
        .await
        .unwrap()
        .unwrap();
    let operator = app.demo_session("operator").await;
    let version: i64 = sqlx::query("SELECT version FROM hotline_orders WHERE id = $1")
        .bind(order_id)
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("version")
        .unwrap();
    let dispatched = app
        .post(
            &format!("/office/hotline/orders/{order_id}/dispatch"),
            Some(&operator),
            &format!(
                "version={version}&class=complaint_report&lead={}&assisting=&lead_interested=no",
                market.id
            ),
        )
        .await;
    assert_eq!(
        dispatched.status,
        StatusCode::SEE_OTHER,
        "{}",
        dispatched.body
    );

    let supervisor = app.demo_session("supervisor").await;
    let view = app
        .get("/office/hotline/supervision", Some(&supervisor))
        .await;
    assert_eq!(view.status, StatusCode::OK, "{}", view.body);
    assert!(
        view.body.contains(&number),
        "the running clock's order number"
    );
    assert!(view.body.contains("签收时限"));
    assert!(
        view.body.contains("class=\"light "),
        "each clock shows its light"
    );
    assert!(view.body.contains(&market.name));
    assert!(
        view.body
            .contains(&format!("/office/hotline/orders/{order_id}"))
    );
    assert!(!view.body.contains("督办标记人") && !view.body.contains("13977719876"));

    // Ten days on, the scan has opened supervisions and sent the 催办.
    let profile = platform::jurisdiction::current(db)
        .await
        .unwrap()
        .unwrap()
        .profile;
    let calendar = platform::workcal::load_current(db).await.unwrap();
    let later = calendar::Instant::from_millis(platform::db::now_ms() + 10 * 86_400_000);
    let report = hotline::supervision::scan(db, &app.platform.key, &calendar, &profile, later, 100)
        .await
        .unwrap();
    assert!(report.n_supervisions >= 1, "{report:?}");
    let view = app
        .get("/office/hotline/supervision", Some(&supervisor))
        .await;
    assert!(view.body.contains("升级为"), "the escalate form");
    let id: i64 = sqlx::query(
        "SELECT id FROM hotline_supervisions WHERE order_id = $1 AND level = 'written' LIMIT 1",
    )
    .bind(order_id)
    .fetch_one(&db.pool)
    .await
    .unwrap()
    .try_get("id")
    .unwrap();
    let skipped = app
        .post(
            &format!("/office/hotline/supervision/{id}/escalate"),
            Some(&supervisor),
            &format!("to_level=leader&note={}", urlencode("跳级")),
        )
        .await;
    assert_eq!(
        skipped.status,
        StatusCode::BAD_REQUEST,
        "levels go up one at a time"
    );
    let escalated = app
        .post(
            &format!("/office/hotline/supervision/{id}/escalate"),
            Some(&supervisor),
            &format!("to_level=notice&note={}", urlencode("通报督办")),
        )
        .await;
    assert_eq!(
        escalated.status,
        StatusCode::SEE_OTHER,
        "{}",
        escalated.body
    );
    let recorded = app
        .post(
            "/office/hotline/accountability",
            Some(&supervisor),
            &format!(
                "unit={}&order={number}&kind=buck_passing&note={}",
                market.id,
                urlencode("主协办推诿")
            ),
        )
        .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let view = app
        .get("/office/hotline/supervision", Some(&supervisor))
        .await;
    assert!(view.body.contains("主办、协办单位推诿扯皮"));
    assert!(view.body.contains("通报督办"));
}

#[tokio::test]
async fn sec_roles_a_unit_handler_cannot_open_the_supervisor_view() {
    let app = app().await;
    let handler = app.demo_session("handler").await;
    let answer = app.get("/office/hotline/supervision", Some(&handler)).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    let answer = app
        .post(
            "/office/hotline/accountability",
            Some(&handler),
            "unit=1&kind=other&note=x",
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}

/// Issue 14 item 9, HL-ACCOUNT: the accountability form preselects no unit and no kind, and a
/// record without a unit is refused with a Chinese message, nothing recorded.
#[tokio::test]
async fn hl_account_the_form_preselects_no_unit_and_an_empty_unit_is_refused() {
    let app = app().await;
    let supervisor = app.demo_session("supervisor").await;
    let view = app
        .get("/office/hotline/supervision", Some(&supervisor))
        .await;
    assert_eq!(view.status, StatusCode::OK, "{}", view.body);
    let form = &view.body[view.body.find("记录问责事项").unwrap()..];
    for select in ["name=\"unit\"", "name=\"kind\""] {
        let at = form.find(select).unwrap();
        let first = &form[at..];
        let first = &first[first.find("<option").unwrap()..];
        assert!(
            first.starts_with("<option value=\"\">请选择</option>"),
            "{select}: {first:.80}"
        );
        assert!(!form.contains("selected"), "a preselected option");
    }
    let count = || async {
        sqlx::query("SELECT COUNT(*) AS n FROM hotline_accountability")
            .fetch_one(&app.platform.db.pool)
            .await
            .unwrap()
            .try_get::<i64, _>("n")
            .unwrap()
    };
    let before = count().await;
    let refused = app
        .post(
            "/office/hotline/accountability",
            Some(&supervisor),
            &format!("unit=&kind=buck_passing&note={}", urlencode("推诿")),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(refused.body.contains("请选择责任单位"), "{}", refused.body);
    assert_eq!(count().await, before);
}
