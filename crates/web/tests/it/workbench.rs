//! 工作台 through HTTP (issue 11 point 2; HL-DISPATCH, HL-SIGN, HL-RESULT, SVC-ACCEPT,
//! SVC-WINDOW): orders and cases made through the pages wait on `/office` for the operator
//! (待派单), the unit's handler (待签收) and leader (待审批), and the service hall's clerk
//! (待受理), each counted and linked to its page, with its clock by name; another unit's
//! staff do not see them.

use axum::http::StatusCode;
use platform::roles::Role;
use sqlx::Row as _;

use crate::common::{Answer, Client, TestApp};
use crate::services_office::{FOOD, FOOD_MATERIALS, services_app, staff_in, submit};

fn between<'a>(body: &'a str, start: &str, end: &str) -> &'a str {
    let from = body.find(start).map(|i| i + start.len()).unwrap_or(0);
    body[from..].split(end).next().unwrap_or_default()
}

/// Files an appeal on the portal; its number and order id.
async fn file(app: &TestApp, content: &str) -> (String, i64) {
    let enc = crate::login_flow::urlencode;
    let form = format!(
        "category=complaint_report&content={}&location={}&name={}&phone=13977712345&address={}",
        enc(content),
        enc("甘州区青年东街"),
        enc("马先生"),
        enc("甘州区某巷1号")
    );
    let filed = app.post("/hotline", None, &form).await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
    let number = between(&filed.body, "id=\"appeal-number\">", "<").to_owned();
    let id: i64 = sqlx::query("SELECT id FROM hotline_appeals WHERE number = $1")
        .bind(&number)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .get("id");
    (number, id)
}

async fn act(app: &TestApp, who: &Client, order_id: i64, action: &str, form: &str) -> Answer {
    let version: i64 = sqlx::query("SELECT version FROM hotline_orders WHERE id = $1")
        .bind(order_id)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .get("version");
    let answer = app
        .post(
            &format!("/office/hotline/orders/{order_id}/{action}"),
            Some(who),
            &format!("version={version}&{form}"),
        )
        .await;
    assert_eq!(
        answer.status,
        StatusCode::SEE_OTHER,
        "{action}: {}",
        answer.body
    );
    answer
}

async fn unit_id(app: &TestApp, code: &str) -> i64 {
    platform::units::find_by_code(&app.platform.db, code)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn dispatch(app: &TestApp, operator: &Client, order_id: i64, unit: i64) {
    let form = format!("class=complaint_report&lead={unit}&assisting=&lead_interested=no");
    act(app, operator, order_id, "dispatch", &form).await;
}

/// The heading of a pile with its count.
fn pile(kind: &str, label: &str, count: i64) -> String {
    let zero = if count == 0 { " zero" } else { "" };
    format!("<h3>{kind} · {label} <span class=\"badge{zero}\">{count}</span></h3>")
}

/// Issue 11 point 2: each demo user's `/office` shows what waits for them, counted, with
/// links and the clock's name, and nothing of another unit.
#[tokio::test]
async fn workbench_shows_each_role_what_waits_for_it_and_not_another_units() {
    let app = services_app().await;
    let market = unit_id(&app, "gz-market").await;
    let housing = unit_id(&app, "gz-housing").await;
    let operator = app.demo_session("operator").await;
    let handler = app.demo_session("handler").await;
    let leader = app.demo_session("leader").await;
    let clerk = app.demo_session("clerk").await;

    // A stays registered; B waits for the market's signature; C for its leader's approval;
    // D waits for the housing bureau's signature.
    let (a, a_id) = file(&app, "路灯不亮，夜间出行不便").await;
    let (b, b_id) = file(&app, "超市出售过期食品").await;
    let (c, c_id) = file(&app, "餐馆后厨卫生差").await;
    let (d, d_id) = file(&app, "小区电梯长期停运").await;
    dispatch(&app, &operator, b_id, market).await;
    dispatch(&app, &operator, c_id, market).await;
    dispatch(&app, &operator, d_id, housing).await;
    act(&app, &handler, c_id, "sign", "").await;
    // E: the market signed and applies for an extension, which waits for the hotline
    // (HL-EXTEND).
    let (e, e_id) = file(&app, "农贸市场噪音扰民").await;
    dispatch(&app, &operator, e_id, market).await;
    act(&app, &handler, e_id, "sign", "").await;
    let extension = "amount=5wd&reason=%E9%9C%80%E5%8D%8F%E8%B0%83&explanation=%E6%B6%89%E5%8F%8A%E5%A4%9A%E9%83%A8%E9%97%A8";
    act(&app, &handler, e_id, "extend", extension).await;
    let result = "handling=a&process=b&opinion=c&result=d&appellant_view=satisfied";
    act(&app, &handler, c_id, "result", result).await;
    // A case of the market's food licence, accepted at the service hall's window.
    let case = submit(&app, FOOD, FOOD_MATERIALS).await;

    let home = |who: Client| {
        let app = &app;
        async move {
            let page = app.get("/office", Some(&who)).await;
            assert_eq!(page.status, StatusCode::OK);
            page.body
        }
    };
    let order = |id: i64| format!("href=\"/office/hotline/orders/{id}\"");

    let body = home(operator).await;
    assert!(body.contains(&pile("12345工单", "待派单", 1)), "{body}");
    assert!(body.contains(&order(a_id)) && body.contains(&a));
    assert!(body.contains(&pile("12345工单", "待回复", 0)));
    assert!(body.contains(&pile("12345工单", "待回访", 0)));
    assert!(body.contains(&pile("12345工单", "待审批申请", 1)), "{body}");
    assert!(body.contains(&order(e_id)) && body.contains(&e));

    let body = home(handler).await;
    assert!(body.contains(&pile("12345工单", "待签收", 1)), "{body}");
    assert!(body.contains(&order(b_id)) && body.contains(&b));
    assert!(
        body.contains("签收时限"),
        "the clock by its name, not its rule ID"
    );
    assert!(!body.contains("HL-SIGN"));
    assert!(
        body.contains("class=\"light green\""),
        "the item's light (CAL-LIGHT)"
    );
    assert!(
        !body.contains(&d) && !body.contains(&order(d_id)),
        "another unit's order"
    );
    assert!(
        !body.contains(&a),
        "the hotline's own wait is not the unit's"
    );

    let body = home(leader).await;
    assert!(body.contains(&pile("12345工单", "待审批", 1)), "{body}");
    assert!(body.contains(&order(c_id)) && body.contains(&c));
    assert!(!body.contains(&d) && !body.contains(&b));
    assert!(body.contains(&pile("政务服务办件", "待决定", 0)));

    let body = home(clerk).await;
    assert!(body.contains(&pile("政务服务办件", "待受理", 1)), "{body}");
    let link = format!("href=\"/office/services/cases/{}\"", case.case_id.0);
    assert!(body.contains(&link) && body.contains(&case.number));
    assert!(
        !body.contains("12345工单"),
        "the clerk has no order to act on"
    );

    let other_clerk = staff_in(&app, Role::WindowClerk, "gz-education").await;
    let body = home(other_clerk).await;
    assert!(body.contains(&pile("政务服务办件", "待受理", 0)), "{body}");
    assert!(!body.contains(&case.number), "another unit's case");
}

/// Issue 11 point 2: every status a wait's SQL names is a status of its domain, so a renamed
/// status cannot silently empty a pile.
#[test]
fn workbench_waits_name_only_real_statuses() {
    let orders: Vec<&str> = hotline::order::Status::ALL
        .into_iter()
        .map(hotline::order::Status::code)
        .collect();
    let cases: Vec<&str> = services::case::Status::ALL
        .into_iter()
        .map(services::case::Status::code)
        .collect();
    for (kind, statuses, extra) in [
        // The literals of the application wait: the centre's unit kind and the clock table's.
        (
            hotline::SUBJECT,
            orders,
            &["lead", "hotline_centre", "order", "running"][..],
        ),
        (services::SUBJECT, cases, &[][..]),
    ] {
        assert!(!kind.waits.is_empty());
        for wait in kind.waits {
            for (i, quoted) in wait.sql.split('\'').enumerate() {
                let literal =
                    i % 2 == 1 && quoted.chars().all(|c| c.is_ascii_lowercase() || c == '_');
                if literal && !quoted.is_empty() {
                    assert!(
                        statuses.contains(&quoted) || extra.contains(&quoted),
                        "{} {}: {quoted}",
                        kind.code,
                        wait.label
                    );
                }
            }
        }
    }
}
