//! HALL-LEVELS by HTTP, on both backends (000 中心 §2, §11–13): the district centre's staff
//! edit a township's centre (name, address, hours, approving document; bad input refused in
//! Chinese, nothing changed; another unit refused), and deactivate centres — not while an
//! active village station is under the township (Chinese message, nothing changed); a
//! deactivated centre keeps its reports, leaves the public pages and can no longer be
//! edited; every change audited.

use axum::http::StatusCode;
use platform::roles::Role;
use sqlx::Row as _;

use crate::common::{Client, TestApp, app_on};
use crate::hall_common::{self, count, form};

/// Registers a centre by the district centre's `staff`; its id.
async fn register(app: &TestApp, staff: &Client, fields: &[(&str, &str)]) -> i64 {
    let name = fields.iter().find(|f| f.0 == "name").unwrap().1;
    let done = app
        .post("/office/hall/centres", Some(staff), &form(fields))
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    sqlx::query("SELECT id FROM hall_centres WHERE name = $1")
        .bind(name)
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap()
}

fn centre_fields<'a>(
    name: &'a str,
    level: &'a str,
    parent: &'a str,
    hours: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("level", level),
        ("parent", parent),
        ("unit", ""),
        ("approval", ""),
        ("address", "甘州区"),
        ("hours", hours),
        ("phone", ""),
    ]
}

/// HALL-LEVELS: a centre edited and deactivated by the district centre, never one with an
/// active centre under it; a deactivated one is kept but not public.
#[tokio::test]
async fn hall_levels_centres_edited_and_deactivated_by_http() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let leader = hall_common::centre(&app, Role::UnitLeader, "lv", "leader").await;
        let market = app.demo_session("leader").await;
        let district = register(
            &app,
            &leader,
            &centre_fields("甘州区政务服务中心", "district", "", ""),
        )
        .await
        .to_string();
        let township = register(
            &app,
            &leader,
            &centre_fields("梁家墩镇便民服务中心", "township", &district, "工作日"),
        )
        .await;
        let township_text = township.to_string();
        let village = register(
            &app,
            &leader,
            &centre_fields("五号村便民服务站", "village", &township_text, ""),
        )
        .await;
        let edits = || {
            count(
                &app,
                "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'hall.centre.edit'",
            )
        };

        // The edit: bad input refused in Chinese, nothing changed; another unit refused.
        let edit_url = format!("/office/hall/centres/{township}/edit");
        let bad = form(&[
            ("name", "梁"),
            ("parent", &district),
            ("approval", ""),
            ("address", "甘州区梁家墩镇"),
            ("hours", "工作日 8:30-17:30"),
            ("phone", ""),
        ]);
        let refused = app.post(&edit_url, Some(&leader), &bad).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert!(
            refused.body.contains("名称应为 2 至 60 字"),
            "{}",
            refused.body
        );
        let wrong_parent = form(&[
            ("name", "梁家墩镇便民服务中心"),
            ("parent", &township_text),
            ("approval", ""),
            ("address", "甘州区"),
            ("hours", "工作日"),
            ("phone", ""),
        ]);
        let refused = app.post(&edit_url, Some(&leader), &wrong_parent).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert_eq!(edits().await, 0);
        let good = form(&[
            ("name", "梁家墩镇政务服务中心"),
            ("parent", &district),
            ("approval", "甘州政办发〔2026〕12号"),
            ("address", "甘州区梁家墩镇政府一楼"),
            ("hours", "工作日 8:30-17:30"),
            ("phone", "0936-1234567"),
        ]);
        let denied = app.post(&edit_url, Some(&market), &good).await;
        assert_eq!(denied.status, StatusCode::NOT_FOUND, "{}", denied.body);
        let done = app.post(&edit_url, Some(&leader), &good).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert_eq!(edits().await, 1);
        let page = app
            .get(&format!("/office/hall/centres/{township}"), Some(&leader))
            .await;
        assert!(page.body.contains("梁家墩镇政务服务中心") && page.body.contains("8:30-17:30"));
        assert!(page.body.contains("甘州政办发〔2026〕12号"));

        // A report of the village station, kept after its deactivation.
        sqlx::query(
            "INSERT INTO hall_centre_reports (centre_id, month, item_changes, received, \
             completed, note, reported_by, reported_at) \
             SELECT $1, '2026-01', '', 3, 2, '', id, 0 FROM users WHERE username = 'leader'",
        )
        .bind(village)
        .execute(&app.platform.db.pool)
        .await
        .unwrap();

        // Deactivation: not the township while its village station is active.
        let off = |id: i64| format!("/office/hall/centres/{id}/deactivate");
        let csrf_only = form(&[]);
        let refused = app.post(&off(township), Some(&leader), &csrf_only).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert!(
            refused
                .body
                .contains("该中心下仍有在用的下级中心（五号村便民服务站）"),
            "{}",
            refused.body
        );
        let denied = app.post(&off(village), Some(&market), &csrf_only).await;
        assert_eq!(denied.status, StatusCode::NOT_FOUND);
        let done = app.post(&off(village), Some(&leader), &csrf_only).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let public = app.get("/hall/centres", None).await;
        assert!(public.body.contains("梁家墩镇政务服务中心"));
        assert!(!public.body.contains("五号村便民服务站"), "{}", public.body);
        assert_eq!(
            app.get(&format!("/hall/centres/{village}"), None)
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let office = app.get("/office/hall/centres", Some(&leader)).await;
        assert!(office.body.contains("五号村便民服务站") && office.body.contains("已停用"));
        let kept =
            format!("SELECT COUNT(*) AS n FROM hall_centre_reports WHERE centre_id = {village}");
        assert_eq!(count(&app, &kept).await, 1);
        let again = format!("/office/hall/centres/{village}/edit");
        let refused = app.post(&again, Some(&leader), &good).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains("已停用"), "{}", refused.body);

        // Now the township may go too; both audited.
        let done = app.post(&off(township), Some(&leader), &csrf_only).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let deactivated = "SELECT COUNT(*) AS n FROM audit_log \
             WHERE action = 'hall.centre.deactivate'";
        assert_eq!(count(&app, deactivated).await, 2);
    }
}
