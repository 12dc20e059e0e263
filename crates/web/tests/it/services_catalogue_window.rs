//! The item editor's accepting window and co-approving departments through HTTP (issue 22;
//! SVC-WINDOW, SVC-PARALLEL): the department chooses the centre's comprehensive window
//! (事进人不进) and lists co-approvers with their limits; the item page and the version diff
//! name them; the lead department as its own co-approver, a department twice, a limit that is
//! no number, a comprehensive window without its centre are refused beside their fields in
//! Chinese and nothing is saved.

use axum::http::StatusCode;
use platform::roles::Role;
use services::UnitId;
use services::item::WindowMode;

use crate::common::TestApp;
use crate::services_catalogue::{guide_form, version};
use crate::services_office::{services_app, staff_in};

const CODE: &str = "T22-WP-0001";

async fn unit(app: &TestApp, code: &str) -> (i64, String) {
    let found = platform::units::find_by_code(&app.platform.db, code)
        .await
        .unwrap()
        .unwrap();
    (found.id, found.name)
}

/// The working version's guide as stored.
async fn working(app: &TestApp, id: i64) -> services::item::Item {
    let stored =
        services::usecase::item_office::office_item(&app.platform.db, services::ItemId(id))
            .await
            .unwrap();
    stored.record.working().unwrap().item.clone()
}

/// SVC-WINDOW, SVC-PARALLEL: the editor saves the comprehensive window with its centre and
/// the co-approvers; refusals are shown beside their fields and save nothing.
#[tokio::test]
async fn svc_window_svc_parallel_editor_saves_window_and_co_approvers() {
    let app = services_app().await;
    let department = staff_in(&app, Role::UnitHandler, "gz-market").await;
    let (centre, centre_name) = unit(&app, "gz-service").await;
    let (housing, housing_name) = unit(&app, "gz-housing").await;
    let (hrss, _) = unit(&app, "gz-hrss").await;
    let (market, _) = unit(&app, "gz-market").await;
    let claim = format!(
        "code={CODE}&main_name={}&sub_name=&item_type=Licensing&legal_basis={}",
        percent_encoding::utf8_percent_encode("小餐饮经营许可", percent_encoding::NON_ALPHANUMERIC),
        percent_encoding::utf8_percent_encode("《依据》", percent_encoding::NON_ALPHANUMERIC),
    );
    let claimed = app
        .post(
            "/office/services/catalogue/claim",
            Some(&department),
            &claim,
        )
        .await;
    assert_eq!(claimed.status, StatusCode::SEE_OTHER, "{}", claimed.body);
    let id: i64 = claimed
        .location()
        .trim_start_matches("/office/services/catalogue/")
        .trim_end_matches("/edit")
        .parse()
        .unwrap();
    let editor = format!("/office/services/catalogue/{id}/edit");
    let page = app.get(&editor, Some(&department)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("综合窗口受理（事进人不进）"),
        "{}",
        page.body
    );
    assert!(page.body.contains("本事项提交后的审核流程即为中心的同意"));
    assert!(page.body.contains(&centre_name));
    let basis = "《甘肃省食品小作坊小经营店小摊点管理条例》第十二条";
    let form = |current: i64, extra: &str| {
        format!(
            "{}{extra}",
            guide_form(current, "区政务服务中心一楼", basis)
        )
    };

    // Refusals: each beside its field, in Chinese, nothing saved.
    let before = version(&app, id).await;
    let cases = [
        (
            format!("&window=Professional&p0.unit={market}&p0.days=3"),
            "p0-unit-error",
            "不能同时作为并联审批部门",
        ),
        (
            format!("&window=Professional&p0.unit={housing}&p0.days=3&p2.unit={housing}&p2.days=4"),
            "p2-unit-error",
            "重复",
        ),
        (
            format!("&window=Professional&p1.unit={housing}&p1.days=abc"),
            "p1-days-error",
            "须为 1 到 999 之间的整数",
        ),
        (
            "&window=Comprehensive&window_unit=".to_owned(),
            "window_unit-error",
            "须选择承担综合窗口的政务服务中心",
        ),
        (
            format!("&window=Comprehensive&window_unit={housing}"),
            "window_unit-error",
            "须选择承担综合窗口的政务服务中心",
        ),
        (
            "&window=Elsewhere".to_owned(),
            "window-error",
            "请选择受理窗口",
        ),
    ];
    for (extra, field, message) in cases {
        let refused = app
            .post(
                &editor,
                Some(&department),
                &form(version(&app, id).await, &extra),
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{extra}");
        let beside = format!("id=\"{field}\">");
        let at = refused
            .body
            .find(&beside)
            .unwrap_or_else(|| panic!("{extra}: no {field}: {}", refused.body));
        let end = refused.body[at..].find("</p>").unwrap() + at;
        assert!(
            refused.body[at..end].contains(message),
            "{extra}: {}",
            refused.body
        );
        assert!(refused.body.contains("未保存任何内容"));
        assert_eq!(version(&app, id).await, before, "{extra}: nothing saved");
    }
    let kept = working(&app, id).await;
    assert_eq!(kept.basic.window, WindowMode::Professional);
    assert!(kept.process.parallel.is_empty());

    // Saved: the comprehensive window of the centre, two co-approvers (a blank row dropped).
    let extra = format!(
        "&window=Comprehensive&window_unit={centre}&p0.unit={housing}&p0.days=5&p1.unit=&p1.days=&p2.unit={hrss}&p2.days=3"
    );
    let saved = app
        .post(
            &editor,
            Some(&department),
            &form(version(&app, id).await, &extra),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let item = working(&app, id).await;
    assert_eq!(
        item.basic.window,
        WindowMode::Comprehensive {
            window: UnitId(centre)
        }
    );
    let parts: Vec<(i64, u32)> = item
        .process
        .parallel
        .iter()
        .map(|part| (part.department.0, part.limit.amount))
        .collect();
    assert_eq!(parts, [(housing, 5), (hrss, 3)]);
    // The editor shows them chosen; the item page names them.
    let page = app.get(&editor, Some(&department)).await;
    assert!(page.body.contains("value=\"Comprehensive\" checked"));
    assert!(
        page.body
            .contains(&format!("<option value=\"{centre}\" selected>"))
    );
    assert!(
        page.body
            .contains(&format!("<option value=\"{housing}\" selected>"))
    );
    let shown = app
        .get(
            &format!("/office/services/catalogue/{id}"),
            Some(&department),
        )
        .await;
    assert!(
        shown
            .body
            .contains(&format!("综合窗口受理（事进人不进）：{centre_name}")),
        "{}",
        shown.body
    );
    assert!(
        shown
            .body
            .contains(&format!("并联审批部门“{housing_name}”时限")),
        "{}",
        shown.body
    );
    // The diff between the claimed version and this one names both.
    let diff = app
        .get(
            &format!(
                "/office/services/catalogue/{id}/diff?from=1&to={}",
                item_number(&app, id).await
            ),
            Some(&department),
        )
        .await;
    assert_eq!(diff.status, StatusCode::OK);
    if item_number(&app, id).await > 1 {
        assert!(
            diff.body
                .contains(&format!("并联审批部门“{housing_name}”时限"))
        );
        assert!(diff.body.contains("受理窗口"));
    }
}

async fn item_number(app: &TestApp, id: i64) -> u32 {
    let stored =
        services::usecase::item_office::office_item(&app.platform.db, services::ItemId(id))
            .await
            .unwrap();
    stored.record.working().unwrap().number
}
