//! The 12345 audit fixes through the order page (issue 10): who may contact the appellant
//! (HL-PRIVACY), limits set by law at dispatch (HL-LIMITS), and the supervisor's written
//! supervision for a failed first-contact or assisting duty (HL-SUPERVISE).

use axum::http::StatusCode;

use crate::common::{TestApp, app};
use crate::hotline_collab::{act, file_appeal, id_of, scalar, unit_id};

const PHONE: &str = "13966601234";

async fn filed(app: &TestApp, category: &str) -> i64 {
    let answer = file_appeal(app, category, &[]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    id_of(app, &answer).await
}

async fn unmask_rows(app: &TestApp, id: i64) -> i64 {
    scalar(
        app,
        &format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'unmask' AND object_id = '{id}'"
        ),
    )
    .await
}

/// HL-PRIVACY: the lead unit reveals the phone to answer, with a reason that goes into the
/// audit row; without a reason nothing is revealed; an assisting unit never may.
#[tokio::test]
async fn hl_privacy_the_lead_unit_reveals_the_phone_with_a_reason_and_an_assisting_unit_may_not() {
    let app = app().await;
    let id = filed(&app, "suggestion").await;
    let operator = app.demo_session("operator").await;
    let market = unit_id(&app, "gz-market").await;
    let housing = unit_id(&app, "gz-housing").await;
    let dispatched = act(
        &app,
        &operator,
        id,
        "dispatch",
        &format!("class=suggestion&lead={market}&assisting={housing}"),
    )
    .await;
    assert_eq!(
        dispatched.status,
        StatusCode::SEE_OTHER,
        "{}",
        dispatched.body
    );
    let handler = app.demo_session("handler").await;
    let page = app
        .get(&format!("/office/hotline/orders/{id}"), Some(&handler))
        .await;
    assert!(
        page.body.contains("id=\"unit-reveal\""),
        "the lead is offered the reveal"
    );
    assert!(!page.body.contains(PHONE));

    let no_reason = app
        .post(
            &format!("/office/hotline/orders/{id}/reveal"),
            Some(&handler),
            "reason=",
        )
        .await;
    assert_eq!(no_reason.status, StatusCode::BAD_REQUEST);
    assert!(!no_reason.body.contains(PHONE));
    assert_eq!(
        unmask_rows(&app, id).await,
        0,
        "a refused reveal is not audited as one"
    );

    let revealed = app
        .post(
            &format!("/office/hotline/orders/{id}/reveal"),
            Some(&handler),
            &format!(
                "reason={}",
                crate::login_flow::urlencode("电话答复办理结果")
            ),
        )
        .await;
    assert_eq!(revealed.status, StatusCode::OK);
    assert!(revealed.body.contains(PHONE), "{}", revealed.body);
    let with_reason = scalar(
        &app,
        &format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'unmask' AND object_id = '{id}' \
             AND detail LIKE '%电话答复办理结果%'"
        ),
    )
    .await;
    assert_eq!(with_reason, 1);
}

/// HL-PRIVACY: on a complaint the dispatch records whether the lead is the accused or an
/// interested party; the operator must say, and an accused lead can neither see nor reveal
/// the appellant.
#[tokio::test]
async fn hl_privacy_a_complaints_accused_lead_cannot_reveal_the_appellant() {
    let app = app().await;
    let id = filed(&app, "complaint_report").await;
    let operator = app.demo_session("operator").await;
    let market = unit_id(&app, "gz-market").await;
    let unanswered = act(
        &app,
        &operator,
        id,
        "dispatch",
        &format!("class=complaint_report&lead={market}&assisting="),
    )
    .await;
    assert_eq!(unanswered.status, StatusCode::BAD_REQUEST);
    assert!(
        unanswered.body.contains("利害关系方"),
        "{}",
        unanswered.body
    );
    let dispatched = act(
        &app,
        &operator,
        id,
        "dispatch",
        &format!("class=complaint_report&lead={market}&assisting=&lead_interested=yes"),
    )
    .await;
    assert_eq!(
        dispatched.status,
        StatusCode::SEE_OTHER,
        "{}",
        dispatched.body
    );
    let handler = app.demo_session("handler").await;
    let page = app
        .get(&format!("/office/hotline/orders/{id}"), Some(&handler))
        .await;
    assert!(!page.body.contains("id=\"unit-reveal\""));
    assert!(
        !page.body.contains("139****1234"),
        "the accused sees nothing of the appellant"
    );
    let refused = app
        .post(
            &format!("/office/hotline/orders/{id}/reveal"),
            Some(&handler),
            &format!("reason={}", crate::login_flow::urlencode("答复")),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(unmask_rows(&app, id).await, 0);
}

/// HL-LIMITS: the dispatch form offers the profile's limits set by law; the chosen one is the
/// handling clock's limit and the order page shows its basis.
#[tokio::test]
async fn hl_limits_a_limit_set_by_law_is_chosen_at_dispatch_and_shown_with_its_basis() {
    let app = app().await;
    let id = filed(&app, "complaint_report").await;
    let operator = app.demo_session("operator").await;
    let page = app
        .get(&format!("/office/hotline/orders/{id}"), Some(&operator))
        .await;
    assert!(
        page.body.contains("消费者投诉受理决定"),
        "the form offers the list"
    );
    let market = unit_id(&app, "gz-market").await;
    let bad = act(
        &app,
        &operator,
        id,
        "dispatch",
        &format!(
            "class=complaint_report&lead={market}&assisting=&lead_interested=no&legal_limit=9"
        ),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let dispatched = act(
        &app,
        &operator,
        id,
        "dispatch",
        &format!(
            "class=complaint_report&lead={market}&assisting=&lead_interested=no&legal_limit=0"
        ),
    )
    .await;
    assert_eq!(
        dispatched.status,
        StatusCode::SEE_OTHER,
        "{}",
        dispatched.body
    );
    let limit = scalar(
        &app,
        &format!(
            "SELECT COUNT(*) AS n FROM clocks WHERE subject_id = '{id}' AND rule_id = 'HL-LIMITS' \
             AND limit_text = '7wd'"
        ),
    )
    .await;
    assert_eq!(limit, 1);
    let page = app
        .get(&format!("/office/hotline/orders/{id}"), Some(&operator))
        .await;
    assert!(
        page.body
            .contains("《市场监督管理投诉举报处理暂行办法》第十五条")
    );
}

/// HL-SUPERVISE: the supervisor opens a written supervision for a failed first-contact duty,
/// once; the unit is told; without the facts nothing is opened.
#[tokio::test]
async fn hl_supervise_the_supervisor_opens_a_duty_supervision_once() {
    let app = app().await;
    let id = filed(&app, "suggestion").await;
    let operator = app.demo_session("operator").await;
    let market = unit_id(&app, "gz-market").await;
    act(
        &app,
        &operator,
        id,
        "dispatch",
        &format!("class=suggestion&lead={market}&assisting="),
    )
    .await;
    let supervisor = app.demo_session("supervisor").await;
    let page = app
        .get(&format!("/office/hotline/orders/{id}"), Some(&supervisor))
        .await;
    assert!(page.body.contains("id=\"duty-supervision\""));
    // Issue 11: the history is one line per command, by whom, with its effects folded.
    let history = &page.body[page.body.find("id=\"history\"").unwrap()..];
    assert!(history.contains("<td>派单</td>"), "{history}");
    assert!(history.contains("开始计时 "), "{history}");
    assert!(history.contains("刘话务（"), "{history}");
    assert_eq!(history.matches("<td>派单</td>").count(), 1, "{history}");
    let path = format!("/office/hotline/orders/{id}/duty-supervision");
    let empty = app
        .post(
            &path,
            Some(&supervisor),
            &format!("unit={market}&duty=first_contact_duty&note="),
        )
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    let wrong_role = app
        .post(
            &path,
            Some(&supervisor),
            &format!("unit={market}&duty=assisting_duty&note=x"),
        )
        .await;
    assert_eq!(
        wrong_role.status,
        StatusCode::BAD_REQUEST,
        "the lead is not an assisting unit"
    );
    let note = crate::login_flow::urlencode("未召集相关部门会商，推给协办单位");
    let opened = app
        .post(
            &path,
            Some(&supervisor),
            &format!("unit={market}&duty=first_contact_duty&note={note}"),
        )
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    let again = app
        .post(
            &path,
            Some(&supervisor),
            &format!("unit={market}&duty=first_contact_duty&note={note}"),
        )
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    let rows = scalar(
        &app,
        &format!(
            "SELECT COUNT(*) AS n FROM hotline_supervisions WHERE order_id = {id} \
             AND trigger = 'first_contact_duty' AND level = 'written' AND unit_id = {market}"
        ),
    )
    .await;
    assert_eq!(rows, 1);
}

/// HL-PRIVACY: an appellant who asks that the handling unit not contact them is answered by
/// the hotline only: the lead is not offered the reveal and is refused it.
#[tokio::test]
async fn hl_privacy_an_appellant_asking_for_confidentiality_is_not_revealed_to_the_unit() {
    let app = app().await;
    let filed = app
        .post_multipart(
            "/hotline",
            None,
            &[
                ("category", "suggestion"),
                ("content", "建议在东街增设公交站台"),
                ("location", "甘州区东街"),
                ("name", "标记人丙"),
                ("phone", PHONE),
                ("address", ""),
                ("confidential", "1"),
            ],
            &[],
        )
        .await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
    let id = id_of(&app, &filed).await;
    let operator = app.demo_session("operator").await;
    let market = unit_id(&app, "gz-market").await;
    act(
        &app,
        &operator,
        id,
        "dispatch",
        &format!("class=suggestion&lead={market}&assisting="),
    )
    .await;
    let handler = app.demo_session("handler").await;
    let page = app
        .get(&format!("/office/hotline/orders/{id}"), Some(&handler))
        .await;
    assert!(!page.body.contains("id=\"unit-reveal\""));
    let refused = app
        .post(
            &format!("/office/hotline/orders/{id}/reveal"),
            Some(&handler),
            "reason=x",
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(unmask_rows(&app, id).await, 0);
}

/// HL-SUPERVISE: the operator registers a provincial order with the province's due time,
/// which its written supervision counts from; a malformed time is refused and stores nothing.
#[tokio::test]
async fn hl_supervise_a_provincial_order_is_registered_with_the_provinces_due_time() {
    let app = app().await;
    let operator = app.demo_session("operator").await;
    let form = |due: &str| {
        format!(
            "content={}&location={}&category=complaint_report&name=&phone=&address=&province_due={due}",
            crate::login_flow::urlencode("省级转办：小区供暖不热"),
            crate::login_flow::urlencode("甘州区南街")
        )
    };
    let appeals = "SELECT COUNT(*) AS n FROM hotline_appeals";
    let before = scalar(&app, appeals).await;
    let bad = app
        .post(
            "/office/hotline/appeals",
            Some(&operator),
            &form("next-week"),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(scalar(&app, appeals).await, before);
    let registered = app
        .post(
            "/office/hotline/appeals",
            Some(&operator),
            &form("2030-01-07T18%3A00"),
        )
        .await;
    assert_eq!(
        registered.status,
        StatusCode::SEE_OTHER,
        "{}",
        registered.body
    );
    let id: i64 = registered
        .location()
        .trim_start_matches("/office/hotline/orders/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let order = hotline::store::orders::get(&app.platform.db, hotline::AppealId(id))
        .await
        .unwrap()
        .order;
    assert_eq!(order.intake.origin, hotline::appeal::Origin::Province);
    assert_eq!(
        order.intake.province_due,
        Some(calendar::Instant::parse_rfc3339("2030-01-07T18:00:00+08:00").unwrap())
    );
}
