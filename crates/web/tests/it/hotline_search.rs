//! Issue 14 items 7 and 9: the operator's queues by stage and the order search (by number,
//! phone through its keyed index and audited, words, unit, status and date; concluded orders
//! included), a unit's staff searching only their own orders and never by phone
//! (HL-PRIVACY), and a dispatch with no unit chosen in advance (HL-DISPATCH).

use axum::http::StatusCode;
use sqlx::Row as _;

use crate::common::{TestApp, app};
use crate::hotline::{act, between, urlencode};

/// Files an appeal on the portal; its order id and number.
async fn file(app: &TestApp, content: &str, phone: &str) -> (i64, String) {
    let form = format!(
        "category=consultation_help&content={}&location={}&phone={phone}",
        urlencode(content),
        urlencode("甘州区青年东街")
    );
    let filed = app.post("/hotline", None, &form).await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
    let number = between(&filed.body, "id=\"appeal-number\">", "<").to_owned();
    let id: i64 = sqlx::query("SELECT id FROM hotline_appeals WHERE number = $1")
        .bind(&number)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
    (id, number)
}

fn results(body: &str) -> &str {
    between(body, "id=\"search-results\">", "</table>")
}

#[tokio::test]
async fn hl_privacy_the_hotline_finds_orders_by_phone_words_status_and_unit_and_the_phone_search_is_audited()
 {
    let app = app().await;
    let (lamp, lamp_number) = file(&app, "路灯不亮已经一周", "13800001111").await;
    let (_, noise_number) = file(&app, "夜间施工噪音扰民", "13800002222").await;
    let operator = app.demo_session("operator").await;

    let by_phone = app
        .get(
            "/office/hotline/orders?phone=138-0000-1111",
            Some(&operator),
        )
        .await;
    assert_eq!(by_phone.status, StatusCode::OK, "{}", by_phone.body);
    let found = results(&by_phone.body);
    assert!(
        found.contains(&lamp_number) && !found.contains(&noise_number),
        "{found}"
    );
    let audited: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'hotline.search.phone' \
         AND detail LIKE '%138****1111%' AND detail NOT LIKE '%13800001111%'",
    )
    .fetch_one(&app.platform.db.pool)
    .await
    .unwrap()
    .try_get("n")
    .unwrap();
    assert_eq!(audited, 1, "the phone search is in the audit log, masked");

    let by_words = app
        .get(
            &format!("/office/hotline/orders?text={}", urlencode("噪音")),
            Some(&operator),
        )
        .await;
    let found = results(&by_words.body);
    assert!(
        found.contains(&noise_number) && !found.contains(&lamp_number),
        "{found}"
    );
    let prefix: String = lamp_number.chars().take(10).collect();
    let by_number = app
        .get(
            &format!("/office/hotline/orders?number={prefix}"),
            Some(&operator),
        )
        .await;
    assert!(results(&by_number.body).contains(&lamp_number));

    // Dispatched to the market regulator: found by unit and by status; another unit's
    // handler does not see it, the market's handler does, and neither may search by phone.
    let market = platform::units::find_by_code(&app.platform.db, "gz-market")
        .await
        .unwrap()
        .unwrap();
    let dispatched = act(
        &app,
        &operator,
        lamp,
        "dispatch",
        &format!("class=policy_consultation&lead={}&assisting=", market.id),
    )
    .await;
    assert_eq!(
        dispatched.status,
        StatusCode::SEE_OTHER,
        "{}",
        dispatched.body
    );
    let by_unit = app
        .get(
            &format!(
                "/office/hotline/orders?unit={}&status=dispatched",
                market.id
            ),
            Some(&operator),
        )
        .await;
    let found = results(&by_unit.body);
    assert!(
        found.contains(&lamp_number) && !found.contains(&noise_number),
        "{found}"
    );

    let handler = app.demo_session("handler").await;
    let own = app.get("/office/hotline/orders", Some(&handler)).await;
    assert_eq!(own.status, StatusCode::OK);
    let found = results(&own.body);
    assert!(
        found.contains(&lamp_number) && !found.contains(&noise_number),
        "{found}"
    );
    assert!(
        !own.body.contains("name=\"phone\""),
        "no phone field for a unit"
    );
    let refused = app
        .get("/office/hotline/orders?phone=13800001111", Some(&handler))
        .await;
    assert!(
        refused.body.contains("承办单位不能按诉求人电话查找工单")
            && !results(&refused.body).contains(&lamp_number),
        "HL-PRIVACY: a unit cannot find who complained"
    );

    let bad = app
        .get("/office/hotline/orders?from=2026-13-40", Some(&operator))
        .await;
    assert!(bad.body.contains("起始日期格式不正确"), "{}", bad.body);
}

#[tokio::test]
async fn hl_dispatch_the_desk_lists_its_stage_queues_and_a_dispatch_without_a_chosen_unit_is_refused()
 {
    let app = app().await;
    let (id, number) = file(&app, "小区垃圾清运不及时", "13800003333").await;
    let operator = app.demo_session("operator").await;
    let desk = app.get("/office/hotline", Some(&operator)).await;
    for queue in ["待派单", "待回复", "待回访", "待复核", "待归档"] {
        assert!(desk.body.contains(queue), "the desk has the queue {queue}");
    }
    let waiting = between(&desk.body, "id=\"queue-1\"", "</section>");
    assert!(
        waiting.contains(&number)
            && waiting.contains("小区垃圾清运不及时")
            && waiting.contains("网站"),
        "待派单 shows the number, the content and the channel: {waiting}"
    );

    let page = app
        .get(&format!("/office/hotline/orders/{id}"), Some(&operator))
        .await;
    let lead = between(&page.body, "<select id=\"lead\"", "</select>");
    assert!(
        lead.contains("<option value=\"\">（请选择主办单位）</option>"),
        "no unit is chosen in advance: {lead}"
    );
    let refused = act(
        &app,
        &operator,
        id,
        "dispatch",
        "class=policy_consultation&lead=&assisting=",
    )
    .await;
    assert!(refused.body.contains("请选择主办单位"), "{}", refused.body);
    let status: String = sqlx::query("SELECT status FROM hotline_orders WHERE id = $1")
        .bind(id)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("status")
        .unwrap();
    assert_eq!(status, "registered", "the refused dispatch changed nothing");
}

/// Issue 14 item 9 (HL-DISPATCH): the supervisor's dispatch catalogue; a complaint about a
/// restaurant on a street address then suggests the market regulator, chosen in advance
/// only because it is suggested.
#[tokio::test]
async fn hl_dispatch_the_catalogue_kept_by_the_supervisor_suggests_the_market_regulator() {
    let app = app().await;
    let supervisor = app.demo_session("supervisor").await;
    let market = platform::units::find_by_code(&app.platform.db, "gz-market")
        .await
        .unwrap()
        .unwrap();
    let refused = app
        .post(
            "/office/hotline/catalogue",
            Some(&supervisor),
            &format!("unit={}&keywords={}", market.id, urlencode("饭店 店")),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("至少 2 个字") && refused.body.contains(r#"aria-invalid="true""#),
        "{}",
        refused.body
    );
    let saved = app
        .post(
            "/office/hotline/catalogue",
            Some(&supervisor),
            &format!("unit={}&keywords={}", market.id, urlencode("饭店、超市")),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let (id, _) = file(&app, "饭店后厨油烟直排", "13800005555").await;
    let operator = app.demo_session("operator").await;
    let page = app
        .get(&format!("/office/hotline/orders/{id}"), Some(&operator))
        .await;
    assert!(page.body.contains("派单目录：饭店"), "{}", page.body);
    assert!(page.body.contains(&format!(
        r#"<option value="{}" selected>区市场监督管理局</option>"#,
        market.id
    )));
}

/// Issue 14 item 7, attacked: hostile and oversized input to both searches is shown escaped
/// or refused with a message, never a 500, and finds nothing it should not.
#[tokio::test]
async fn hl_privacy_hostile_and_oversized_search_input_is_escaped_or_refused() {
    let app = app().await;
    file(&app, "路灯不亮", "13800006666").await;
    let operator = app.demo_session("operator").await;
    let clerk = app.demo_session("clerk").await;
    let long = "长".repeat(1_500);
    let payloads = [
        "<script>alert(1)</script>",
        "' OR '1'='1",
        "%",
        "_",
        "\\",
        long.as_str(),
    ];
    for payload in payloads {
        let typed = urlencode(payload);
        for path in [
            format!("/office/hotline/orders?text={typed}&number={typed}"),
            format!("/office/hotline/orders?phone={typed}&from={typed}"),
            format!("/office/services?words={typed}&number={typed}"),
            format!("/office/services?id_no={typed}&to={typed}"),
        ] {
            let who = if path.starts_with("/office/services") {
                &clerk
            } else {
                &operator
            };
            let answer = app.get(&path, Some(who)).await;
            assert!(
                matches!(answer.status.as_u16(), 200 | 400),
                "{path}: {}",
                answer.status
            );
            assert!(
                !answer.body.contains("<script>alert(1)"),
                "{path}: not escaped"
            );
        }
    }
    let wild = app
        .get("/office/hotline/orders?text=%25", Some(&operator))
        .await;
    assert!(wild.body.contains("共 0 件"), "a typed % matches only a %");
}
