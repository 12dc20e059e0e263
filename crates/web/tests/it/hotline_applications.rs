//! HL-EXTEND, HL-HANG and HL-WITHDRAW through the order page: a unit applies for an
//! extension (a number of working days, issue 14 item 9) or for hanging, the hotline decides,
//! and the unit withdraws an order sent to it by mistake.

use axum::http::StatusCode;

use crate::common::{TestApp, app};
use crate::hotline::{act, urlencode};

/// HL-HANG: a planned date the calendar counts as a working day, a month from today.
async fn working_day_a_month_ahead(app: &TestApp) -> String {
    let calendar = platform::workcal::load_current(&app.platform.db)
        .await
        .unwrap();
    let today = calendar::Instant::from_millis(platform::db::now_ms()).local_date();
    let mut day = today + chrono::Days::new(30);
    while !calendar.is_working_day(day) {
        day = day + chrono::Days::new(1);
    }
    day.format("%Y-%m-%d").to_string()
}

#[tokio::test]
async fn hl_extend_hl_hang_and_hl_withdraw_through_the_order_page() {
    let app = app().await;
    let operator = app.demo_session("operator").await;
    let registered = app
        .post(
            "/office/hotline/appeals",
            Some(&operator),
            &format!(
                "content={}&location={}&category=complaint_report&name=&phone=&address=",
                urlencode("道路破损积水"),
                urlencode("甘州区南街")
            ),
        )
        .await;
    let order_id = registered
        .location()
        .trim_start_matches("/office/hotline/orders/")
        .split('?')
        .next()
        .unwrap()
        .parse::<i64>()
        .unwrap();
    let market = platform::units::find_by_code(&app.platform.db, "gz-market")
        .await
        .unwrap()
        .unwrap();
    act(
        &app,
        &operator,
        order_id,
        "dispatch",
        &format!(
            "class=complaint_report&lead={}&assisting=&lead_interested=no",
            market.id
        ),
    )
    .await;
    let handler = app.demo_session("handler").await;
    act(&app, &handler, order_id, "sign", "").await;
    let page = app
        .get(
            &format!("/office/hotline/orders/{order_id}"),
            Some(&handler),
        )
        .await;
    assert!(
        page.body.contains("id=\"extend\""),
        "the lead sees the extension form while handling"
    );

    // HL-EXTEND: the lead applies (within the profile's bound), the hotline decides; at most
    // two approved.
    let too_long = act(
        &app,
        &handler,
        order_id,
        "extend",
        &format!(
            "amount=9wd&reason={}&explanation={}",
            urlencode("需协调多部门"),
            urlencode("请谅解")
        ),
    )
    .await;
    assert!(
        matches!(
            too_long.status,
            StatusCode::BAD_REQUEST | StatusCode::CONFLICT
        ),
        "{}",
        too_long.status
    );
    // Issue 14 item 9: the form asks for a number of working days (`3`); `2wd` is read too.
    let empty = act(
        &app,
        &handler,
        order_id,
        "extend",
        &format!(
            "amount=&reason={}&explanation={}",
            urlencode("需协调"),
            urlencode("请谅解")
        ),
    )
    .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert!(empty.body.contains("请填写工作日数"), "{}", empty.body);
    for amount in ["3", "2wd"] {
        let applied = act(
            &app,
            &handler,
            order_id,
            "extend",
            &format!(
                "amount={amount}&reason={}&explanation={}",
                urlencode("需协调多部门"),
                urlencode("涉及多个部门，需延长办理时间")
            ),
        )
        .await;
        assert_eq!(
            applied.status,
            StatusCode::SEE_OTHER,
            "{amount}: {}",
            applied.body
        );
        let page = app
            .get(
                &format!("/office/hotline/orders/{order_id}"),
                Some(&handler),
            )
            .await;
        assert!(page.body.contains("id=\"pending-application\""), "{amount}");
        assert!(
            !page.body.contains("extension-decision"),
            "the unit does not decide its own extension"
        );
        let own = act(
            &app,
            &handler,
            order_id,
            "extension-decision",
            "decision=approve",
        )
        .await;
        assert_eq!(own.status, StatusCode::FORBIDDEN, "HL-EXTEND: not the unit");
        let approved = act(
            &app,
            &operator,
            order_id,
            "extension-decision",
            "decision=approve",
        )
        .await;
        assert_eq!(
            approved.status,
            StatusCode::SEE_OTHER,
            "{amount}: {}",
            approved.body
        );
    }
    let third = act(
        &app,
        &handler,
        order_id,
        "extend",
        &format!(
            "amount=1wd&reason={}&explanation={}",
            urlencode("再次延期"),
            urlencode("请谅解")
        ),
    )
    .await;
    assert!(
        matches!(third.status, StatusCode::BAD_REQUEST | StatusCode::CONFLICT),
        "a third extension is refused: {}",
        third.status
    );

    // HL-HANG: the lead applies with a scope of the profile; the hotline approves; off again.
    let hung = act(
        &app,
        &handler,
        order_id,
        "hang",
        &format!(
            "scope={}&reason={}&standard={}&planned={}",
            urlencode("需较长周期实施的工程或资金安排"),
            urlencode("需年度资金安排"),
            urlencode("道路修复完成"),
            working_day_a_month_ahead(&app).await
        ),
    )
    .await;
    assert_eq!(hung.status, StatusCode::SEE_OTHER, "{}", hung.body);
    let approved = act(
        &app,
        &operator,
        order_id,
        "hang-decision",
        "decision=approve",
    )
    .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    assert!(
        app.get(
            &format!("/office/hotline/orders/{order_id}"),
            Some(&handler)
        )
        .await
        .body
        .contains("挂账中")
    );
    let unhung = act(
        &app,
        &handler,
        order_id,
        "unhang",
        &format!("note={}", urlencode("已修复")),
    )
    .await;
    assert_eq!(unhung.status, StatusCode::SEE_OTHER, "{}", unhung.body);

    // HL-WITHDRAW: recorded by the hotline; the order is cancelled.
    let withdrawn = act(
        &app,
        &operator,
        order_id,
        "withdraw",
        &format!("note={}", urlencode("诉求人来电撤回")),
    )
    .await;
    assert_eq!(
        withdrawn.status,
        StatusCode::SEE_OTHER,
        "{}",
        withdrawn.body
    );
    assert!(
        app.get(
            &format!("/office/hotline/orders/{order_id}"),
            Some(&operator)
        )
        .await
        .body
        .contains("已撤单")
    );
}
