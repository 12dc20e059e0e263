//! Issue 14 items 8 and 10: what was recorded stays visible on the order page — the
//! handler's result with the appellant's view and who submitted it when, the hotline's reply
//! tries, the callback's rating (and its comment, for the hotline only: HL-PRIVACY) — and
//! each command is confirmed by a message; refusing, returning and withdrawing wait behind a
//! disclosure.

use axum::http::StatusCode;

use crate::common::app;
use crate::hotline::{act, between, urlencode};

#[tokio::test]
async fn hl_callback_the_order_page_shows_the_result_the_replies_and_the_callback_to_those_allowed()
{
    let app = app().await;
    let form = format!(
        "category=complaint_report&content={}&location={}&phone=13800004444",
        urlencode("饭店油烟直排"),
        urlencode("甘州区南街")
    );
    let filed = app.post("/hotline", None, &form).await;
    let number = between(&filed.body, "id=\"appeal-number\">", "<").to_owned();
    let id: i64 = sqlx::query_scalar("SELECT id FROM hotline_appeals WHERE number = $1")
        .bind(&number)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap();
    let operator = app.demo_session("operator").await;
    let page = app
        .get(&format!("/office/hotline/orders/{id}"), Some(&operator))
        .await;
    assert!(
        page.body
            .contains(r#"<details class="danger-zone" id="refuse"><summary>"#),
        "HL-REFUSE waits behind a disclosure"
    );
    let market = platform::units::find_by_code(&app.platform.db, "gz-market")
        .await
        .unwrap()
        .unwrap();
    let dispatch = format!(
        "class=complaint_report&lead={}&assisting=&lead_interested=no",
        market.id
    );
    let dispatched = act(&app, &operator, id, "dispatch", &dispatch).await;
    assert_eq!(
        dispatched.status,
        StatusCode::SEE_OTHER,
        "{}",
        dispatched.body
    );
    let after = app.get(dispatched.location(), Some(&operator)).await;
    assert!(
        after.body.contains(r#"id="action-done""#) && after.body.contains("待签收"),
        "a message confirms the dispatch: {}",
        dispatched.location()
    );

    let handler = app.demo_session("handler").await;
    assert_eq!(
        act(&app, &handler, id, "sign", "").await.status,
        StatusCode::SEE_OTHER
    );
    let result = format!(
        "handling={}&process={}&opinion={}&result={}&appellant_view=basically_satisfied",
        urlencode("已现场检查"),
        urlencode("责令安装净化设备"),
        urlencode("限期整改"),
        urlencode("已安装油烟净化器")
    );
    assert_eq!(
        act(&app, &handler, id, "result", &result).await.status,
        StatusCode::SEE_OTHER
    );
    let leader = app.demo_session("leader").await;
    let approve = "decision=approve&note=";
    assert_eq!(
        act(&app, &leader, id, "approve", approve).await.status,
        StatusCode::SEE_OTHER
    );
    let reply = format!(
        "channel=phone&outcome=reached&note={}",
        urlencode("已告知整改结果")
    );
    assert_eq!(
        act(&app, &operator, id, "reply", &reply).await.status,
        StatusCode::SEE_OTHER
    );
    let callback = format!("rating=2&comment={}", urlencode("油烟少了很多"));
    assert_eq!(
        act(&app, &operator, id, "callback", &callback).await.status,
        StatusCode::SEE_OTHER
    );

    let seen = app
        .get(&format!("/office/hotline/orders/{id}"), Some(&operator))
        .await;
    let by = between(&seen.body, r#"id="result-by">"#, "</p>");
    assert!(
        by.starts_with("报送：") && by.contains("区市场监督管理局"),
        "who submitted the result, and when: {by}"
    );
    assert!(
        seen.body
            .contains("单位记录的诉求人意见：</strong>基本满意")
    );
    let replies = between(&seen.body, r#"id="replies""#, "</section>");
    assert!(
        replies.contains("已告知整改结果") && replies.contains("已联系上"),
        "{replies}"
    );
    let callbacks = between(&seen.body, r#"id="callbacks""#, "</section>");
    assert!(callbacks.contains("油烟少了很多"), "{callbacks}");

    // The accused unit sees the rating but not the citizen's words, nor the reply notes.
    let unit = app
        .get(&format!("/office/hotline/orders/{id}"), Some(&handler))
        .await;
    let callbacks = between(&unit.body, r#"id="callbacks""#, "</section>");
    assert!(
        !callbacks.is_empty() && !unit.body.contains("油烟少了很多"),
        "{callbacks}"
    );
    assert!(!unit.body.contains(r#"id="replies""#));
}
