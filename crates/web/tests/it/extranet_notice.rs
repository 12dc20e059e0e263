//! NET-LEDGER by HTTP (000 外网 §15, §16), on both backends: the written notice of a security
//! finding — the 限期整改通知书 while it is open, the 阻断接入及限期整改通知书 once the unit
//! was cut off, with the reason and the new deadline the cut-off ordered — read by the office
//! and the unit, not found by another unit; an access point corrected and removed from
//! service (拆除) from the ledger's page, a removal without its reason refused (400, nothing
//! changed), another unit's staff refused, the removed point kept under 已拆除的接入点.

use axum::http::StatusCode;
use calendar::Instant;
use platform::roles::Role;
use sqlx::Row as _;

use crate::common::{TestApp, app_on};
use crate::extranet_ledger::{encoded, old_finding};

async fn text(app: &TestApp, sql: &str) -> String {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("t")
        .unwrap()
}

/// NET-LEDGER §15: the notice says what was found and by when; after the cut-off, from when
/// the line is cut, why, and the deadline of the 责令限期整改.
#[tokio::test]
async fn net_ledger_the_written_notice_of_a_finding_and_of_its_cut_off() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let handler = app.demo_session("handler").await;
        let office = app.demo_session("netadmin").await;
        let id = old_finding(&app).await;
        let path = format!("/office/extranet/findings/{id}/notice");
        let open = app.get(&path, Some(&handler)).await;
        assert_eq!(open.status, StatusCode::OK);
        assert!(open.body.contains("限期整改通知书") && !open.body.contains("阻断接入及"));
        assert!(open.body.contains("未按要求更换默认口令"));
        assert!(open.body.contains("first-due") && open.body.contains("区市场监督管理局"));
        let page = app
            .get(&format!("/office/extranet/findings/{id}"), Some(&handler))
            .await;
        assert!(page.body.contains(&path), "the finding's page links it");
        // Another unit's staff do not find it.
        let other = app.login_as(Role::UnitHandler).await;
        assert_eq!(
            app.get(&path, Some(&other)).await.status,
            StatusCode::NOT_FOUND
        );
        // Cut off: the notice orders the fix by the new clock's deadline.
        let v = text(
            &app,
            &format!("SELECT CAST(version AS TEXT) AS t FROM extranet_findings WHERE id = {id}"),
        )
        .await;
        let cut = app
            .post(
                &format!("/office/extranet/findings/{id}/step"),
                Some(&office),
                &format!(
                    "version={v}&command=cut_off&text={}",
                    encoded("三次催告仍未整改")
                ),
            )
            .await;
        assert_eq!(cut.status, StatusCode::SEE_OTHER, "{}", cut.body);
        let notice = app.get(&path, Some(&office)).await;
        assert_eq!(notice.status, StatusCode::OK);
        assert!(notice.body.contains("电子政务外网阻断接入及限期整改通知书"));
        assert!(
            notice.body.contains("阻断理由：三次催告仍未整改"),
            "{}",
            notice.body
        );
        assert!(notice.body.contains("cut-off-due") && notice.body.contains("责令你单位于"));
        let due = text(
            &app,
            &format!(
                "SELECT CAST(MAX(due_at) AS TEXT) AS t FROM clocks \
                 WHERE subject_type = 'extranet_finding' AND subject_id = '{id}'"
            ),
        )
        .await;
        let due = Instant::from_millis(due.parse().unwrap()).local_date();
        let written = due.format("%Y年%-m月%-d日").to_string();
        assert!(notice.body.contains(&written), "{written}: {}", notice.body);
    }
}

/// NET-LEDGER §16 (台账): the unit corrects a point and removes it with its reason.
#[tokio::test]
async fn net_ledger_access_points_corrected_and_removed_from_the_page() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let handler = app.demo_session("handler").await;
        let added = app
            .post(
                "/office/extranet/ledger/points",
                Some(&handler),
                &format!(
                    "location={}&mode=aggregated&allocation=&note=",
                    encoded("机关三楼机房")
                ),
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
        let id = text(
            &app,
            "SELECT CAST(MAX(id) AS TEXT) AS t FROM extranet_access_points",
        )
        .await;
        let ledger = app.get("/office/extranet/ledger", Some(&handler)).await;
        assert!(
            ledger
                .body
                .contains(&format!("/office/extranet/ledger/points/{id}/retire"))
        );
        let edit = format!("/office/extranet/ledger/points/{id}");
        let moved = format!(
            "location={}&mode=dedicated_line&allocation=&note=",
            encoded("一楼弱电间")
        );
        let other = app.login_as(Role::UnitHandler).await;
        let foreign = app.post(&edit, Some(&other), &moved).await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{}", foreign.body);
        let done = app.post(&edit, Some(&handler), &moved).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let location = format!("SELECT location AS t FROM extranet_access_points WHERE id = {id}");
        assert_eq!(text(&app, &location).await, "一楼弱电间");
        let retire = format!("{edit}/retire");
        let audit = app.audit_seq().await;
        let bare = app.post(&retire, Some(&handler), "reason=").await;
        assert_eq!(bare.status, StatusCode::BAD_REQUEST);
        assert!(bare.body.contains("拆除原因"), "{}", bare.body);
        assert_eq!(app.audit_seq().await, audit, "nothing changed");
        let gone = app
            .post(
                &retire,
                Some(&handler),
                &format!("reason={}", encoded("线路撤销")),
            )
            .await;
        assert_eq!(gone.status, StatusCode::SEE_OTHER, "{}", gone.body);
        let ledger = app.get("/office/extranet/ledger", Some(&handler)).await;
        assert!(ledger.body.contains("已拆除的接入点") && ledger.body.contains("线路撤销"));
        assert!(!ledger.body.contains(&format!("action=\"{retire}\"")));
        let again = app.post(&edit, Some(&handler), &moved).await;
        assert_eq!(
            again.status,
            StatusCode::NOT_FOUND,
            "a removed point is not edited"
        );
    }
}
