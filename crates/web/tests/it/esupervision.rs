//! 电子监察 through HTTP (OPS-ESUPERVISE, SVC-PROMISE): one view over service cases and 12345
//! orders per unit, the drill-down with subject links, the Excel export, and who sees what
//! (the supervisors every unit, a unit leader the own unit only).

use axum::http::StatusCode;
use platform::roles::Role;
use sqlx::Row as _;

use crate::common::TestApp;
use crate::services_office::{FOOD, FOOD_MATERIALS, services_app, staff_in, submit};

fn enc(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// A 12345 order filed on the portal and dispatched to gz-market; returns its number.
async fn dispatched_order(app: &TestApp, market: i64) -> String {
    let form = format!(
        "category=complaint_report&content={}&location={}&name={}&phone=13912345678&address={}",
        enc("小区门口夜间施工噪音扰民，持续一周"),
        enc("甘州区青年东街"),
        enc("王五"),
        enc("甘州区青年东街1号")
    );
    let filed = app.post("/hotline", None, &form).await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
    let row = sqlx::query("SELECT id, number FROM hotline_appeals ORDER BY id DESC LIMIT 1")
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap();
    let id: i64 = row.try_get("id").unwrap();
    let version: i64 = sqlx::query("SELECT version FROM hotline_orders WHERE id = $1")
        .bind(id)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("version")
        .unwrap();
    let operator = app.demo_session("operator").await;
    let answer = app
        .post(
            &format!("/office/hotline/orders/{id}/dispatch"),
            Some(&operator),
            &format!("version={version}&class=complaint_report&lead={market}&assisting=&lead_interested=no"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    row.try_get("number").unwrap()
}

fn cell_after<'a>(body: &'a str, marker: &str) -> &'a str {
    let start = body
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in {body}"));
    &body[start..]
}

#[tokio::test]
async fn ops_esupervise_one_view_over_cases_and_orders_with_drill_down_and_excel() {
    let app = services_app().await;
    let market = platform::units::find_by_code(&app.platform.db, "gz-market")
        .await
        .unwrap()
        .unwrap()
        .id;
    let window = platform::units::find_by_code(&app.platform.db, "gz-service")
        .await
        .unwrap()
        .unwrap()
        .id;
    let case = submit(&app, FOOD, FOOD_MATERIALS).await;
    let order = dispatched_order(&app, market).await;
    let supervisor = app.login_as(Role::HotlineSupervisor).await;
    let view = app.get("/office/supervision", Some(&supervisor)).await;
    assert_eq!(view.status, StatusCode::OK, "{}", view.body);
    let cells_of = |unit: i64| -> Vec<i64> {
        let row = cell_after(&view.body, &format!("id=\"unit-{unit}\""));
        let row = &row[..row.find("</tr>").unwrap()];
        let cells: Vec<i64> = row
            .split("<td>")
            .skip(2)
            .map(|cell| cell.split('<').next().unwrap().trim().parse().unwrap())
            .collect();
        // Four counts per registered kind: cases, orders, then the site group's sites and
        // articles (issue 15).
        assert_eq!(cells.len(), 4 * web::subjects().kinds().len(), "{row}");
        cells
    };
    // Cases: the pre-review and acceptance clocks run at the comprehensive window that
    // accepts (SVC-ACCEPT, SVC-WINDOW; issue 14 item 10), not at the department; orders: the
    // dispatched order's clocks at the market regulator.
    let cells = cells_of(window);
    assert!(
        cells[0] >= 2,
        "case clocks running at the window: {cells:?}"
    );
    let cells = cells_of(market);
    assert_eq!(cells[0], 0, "no case clock of the market before acceptance");
    assert!(cells[4] >= 1, "order clocks running: {cells:?}");
    assert_eq!(
        (cells[2], cells[3], cells[6], cells[7]),
        (0, 0, 0, 0),
        "nothing red yet"
    );

    let drill = |unit: i64| {
        let (app, supervisor) = (&app, &supervisor);
        async move {
            let drill = app
                .get(
                    &format!("/office/supervision/units/{unit}"),
                    Some(supervisor),
                )
                .await;
            assert_eq!(drill.status, StatusCode::OK);
            drill.body
        }
    };
    let at_window = drill(window).await;
    assert!(at_window.contains(&case.number));
    assert!(at_window.contains(&format!("/office/services/cases/{}", case.case_id.0)));
    let at_market = drill(market).await;
    assert!(at_market.contains(&order));
    assert!(at_market.contains("/office/hotline/orders/"));

    let xlsx = app.get("/office/supervision.xlsx", Some(&supervisor)).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.body.starts_with("PK"), "a real xlsx (zip)");

    // A unit leader sees the own unit only; another unit's drill-down is 404.
    let leader = app.demo_session("leader").await;
    let own = app.get("/office/supervision", Some(&leader)).await;
    assert!(own.body.contains(&format!("id=\"unit-{market}\"")));
    assert_eq!(
        own.body.matches("id=\"unit-").count(),
        1,
        "only the own unit"
    );
    let other = staff_in(&app, Role::UnitLeader, "gz-hrss").await;
    let elsewhere = app
        .get(&format!("/office/supervision/units/{market}"), Some(&other))
        .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    let handler = app.demo_session("handler").await;
    let denied = app.get("/office/supervision", Some(&handler)).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
}

/// MSG-CONSULT (互动回应差, reports.md §3): the supervision page shows each site in operation's
/// consultation channel — 不正常 for a site that published no consultation within the year.
#[tokio::test]
async fn msg_consult_the_supervision_page_shows_each_sites_consultation_channel() {
    for platform in platform::testing::each_backend().await {
        let app = crate::common::app_on(platform).await;
        let world = crate::sites_world::SiteWorld::new(&app).await;
        let supervisor = app.login_as(Role::HotlineSupervisor).await;
        let view = app.get("/office/supervision", Some(&supervisor)).await;
        assert_eq!(view.status, StatusCode::OK);
        let table = view
            .body
            .split("id=\"consultation-channels\"")
            .nth(1)
            .and_then(|rest| rest.split("</table>").next())
            .unwrap_or_default()
            .to_owned();
        let portal = sites::store::sites::get(&app.platform.db, world.portal)
            .await
            .unwrap();
        let name = &portal.site.registration().name;
        let row = table
            .split("<tr>")
            .find(|row| row.contains(name.as_str()))
            .unwrap_or_default();
        assert!(
            row.contains("不正常"),
            "no consultation within the year: {table}"
        );
    }
}
