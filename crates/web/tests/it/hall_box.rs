//! The supervision box by HTTP, on both backends (HALL-BOX, 000 中心 §34–35): a complaint from
//! a window's QR address (bad input refused with the Chinese message, nothing stored), its
//! number and query code; the centre's list with the contact masked; the window's department
//! does not see it until given it, and then never sees who complained; it concludes with an
//! outcome of §35; only the centre's leader reveals the contact, audited; the complainant's
//! lookup; the box opened by a named person and a slip registered under the opening.

use axum::http::StatusCode;
use hall::window::{Assignment, Post, ServiceType, Window};
use platform::audit::AuditActor;
use platform::roles::Role;
use sqlx::Row as _;

use crate::common::{Client, TestApp, app_on};
use crate::hall_common::{self, count, form};

/// A ready session of a new `role` of the service centre (`gz-service`).
async fn centre(app: &TestApp, role: Role, name: &str) -> Client {
    hall_common::centre(app, role, "box", name).await
}

/// Window 9 of the market bureau (`gz-market`, the demo's `leader` and `handler`).
async fn window(app: &TestApp) -> i64 {
    let db = &app.platform.db;
    let market = platform::units::find_by_code(db, "gz-market")
        .await
        .unwrap()
        .unwrap();
    let staff = [
        Assignment {
            user_id: app.user_with(Role::WindowClerk).await,
            post: Post::A,
        },
        Assignment {
            user_id: app.user_with(Role::WindowClerk).await,
            post: Post::B,
        },
    ];
    let window = Window {
        number: 9,
        name: "市场监管窗口".into(),
        service: ServiceType::Comprehensive,
        unit_id: Some(market.id),
    };
    hall::usecase::create_window(db, &AuditActor::system("test"), &window, &staff, 0)
        .await
        .unwrap()
}

/// The text of the element `id="{id}">…<`.
fn element(body: &str, id: &str) -> String {
    let start = body.find(&format!("id=\"{id}\">")).unwrap() + id.len() + 6;
    body[start..].split('<').next().unwrap().to_owned()
}

#[tokio::test]
async fn hall_box_complaint_from_a_window_qr_code_through_the_centre_by_http() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let window = window(&app).await;
        let qr = format!("/hall/windows/{window}/complaint");
        // The window's own screen shows the QR code's address.
        let screen = app.get("/hall/screen?window=9", None).await;
        assert!(screen.body.contains(&qr), "{}", screen.body);
        let page = app.get(&qr, None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("9 号窗口 市场监管窗口"), "{}", page.body);
        let w = window.to_string();

        // HALL-BOX: bad input is refused in Chinese and stores nothing.
        let bad = form(&[("via", "qr"), ("window", &w), ("content", "差")]);
        let refused = app.post("/hall/complaint", None, &bad).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains("投诉内容应为 5 至 1000 字"));
        assert_eq!(
            count(&app, "SELECT COUNT(*) AS n FROM hall_complaints").await,
            0
        );

        let good = form(&[
            ("via", "qr"),
            ("window", &w),
            ("content", "9号窗口工作人员中午提前离岗，群众等候一小时"),
            ("contact", "13912345678"),
        ]);
        let sent = app.post("/hall/complaint", None, &good).await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
        let number = element(&sent.body, "number");
        let code = element(&sent.body, "code");
        assert!(
            number.starts_with("JD") && code.len() == 9,
            "{number} {code}"
        );
        assert!(sent.body.contains("窗口二维码"));

        // The centre's list: the complaint with the contact masked and its clock.
        let handler = centre(&app, Role::UnitHandler, "a").await;
        let list = app.get("/office/hall/complaints", Some(&handler)).await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains(&number), "{}", list.body);
        assert!(list.body.contains("139****5678") && !list.body.contains("13912345678"));
        assert!(list.body.contains("投诉办理时限"), "{}", list.body);
        let id: i64 = sqlx::query("SELECT id FROM hall_complaints")
            .fetch_one(&app.platform.db.pool)
            .await
            .unwrap()
            .try_get("id")
            .unwrap();
        let detail = format!("/office/hall/complaints/{id}");
        let act = format!("{detail}/act");

        // The window's department learns nothing before it is given the complaint.
        let market = app.demo_session("handler").await;
        assert_eq!(
            app.get(&detail, Some(&market)).await.status,
            StatusCode::NOT_FOUND
        );
        let theirs = app.get("/office/hall/complaints", Some(&market)).await;
        assert!(!theirs.body.contains(&number));
        let taken = form(&[("version", "1"), ("do", "accept"), ("handler", "centre")]);
        assert_eq!(
            app.post(&act, Some(&market), &taken).await.status,
            StatusCode::NOT_FOUND
        );

        let give = form(&[
            ("version", "1"),
            ("do", "accept"),
            ("handler", "department"),
        ]);
        let given = app.post(&act, Some(&handler), &give).await;
        assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.body);

        // The department sees what happened, never who complained; it concludes.
        let seen = app.get(&detail, Some(&market)).await;
        assert_eq!(seen.status, StatusCode::OK);
        assert!(seen.body.contains("中午提前离岗"));
        assert!(!seen.body.contains("5678") && !seen.body.contains("联系方式"));
        let short = form(&[
            ("version", "2"),
            ("do", "conclude"),
            ("outcome", "correction"),
            ("text", "已改"),
        ]);
        let short = app.post(&act, Some(&market), &short).await;
        assert_eq!(short.status, StatusCode::BAD_REQUEST);
        assert!(short.body.contains("核查处理情况应为 5 至 1000 字"));
        let done = form(&[
            ("version", "2"),
            ("do", "conclude"),
            ("outcome", "correction"),
            ("text", "经核实属实，已责令当事人改正并作检讨"),
        ]);
        let done = app.post(&act, Some(&market), &done).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);

        // Only the centre's leader sees the contact in clear; the reveal is audited.
        let reveal = format!("{detail}/reveal");
        assert_eq!(
            app.post(&reveal, Some(&handler), "").await.status,
            StatusCode::FORBIDDEN
        );
        let leader = centre(&app, Role::UnitLeader, "leader").await;
        let shown = app.post(&reveal, Some(&leader), "").await;
        assert_eq!(shown.status, StatusCode::OK);
        assert!(shown.body.contains("13912345678"));
        let unmasks = count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'unmask' \
             AND object_type = 'hall_complaint'",
        )
        .await;
        assert_eq!(unmasks, 1);
        let told = form(&[("version", "3"), ("do", "feedback")]);
        assert_eq!(
            app.post(&act, Some(&handler), &told).await.status,
            StatusCode::SEE_OTHER
        );

        // The complainant's lookup.
        let wrong = form(&[("number", &number), ("code", "2222-2222")]);
        assert_eq!(
            app.post("/hall/complaint/query", None, &wrong).await.status,
            StatusCode::NOT_FOUND
        );
        let right = form(&[("number", &number), ("code", &code)]);
        let found = app.post("/hall/complaint/query", None, &right).await;
        assert_eq!(found.status, StatusCode::OK);
        assert!(found.body.contains("责令改正") && found.body.contains("已办结"));

        // The box opened by a named person; a slip registered under the opening.
        let odd = form(&[("letters", "很多")]);
        let odd = app
            .post("/office/hall/complaints/openings", Some(&handler), &odd)
            .await;
        assert_eq!(odd.status, StatusCode::BAD_REQUEST);
        assert!(odd.body.contains("信件数应为 0 至 500"));
        let before = app.get("/office/hall/complaints", Some(&handler)).await;
        assert!(before.body.contains("从未开箱") && before.body.contains("应开箱"));
        let opened = form(&[("letters", "1"), ("note", "周一开箱")]);
        let opened = app
            .post("/office/hall/complaints/openings", Some(&handler), &opened)
            .await;
        assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
        let after = app.get("/office/hall/complaints", Some(&handler)).await;
        assert!(
            after.body.contains("中心a 开箱，信件 1 封")
                && !after.body.contains("id=\"opening-due\"")
        );
        let opening: i64 = sqlx::query("SELECT id FROM hall_box_openings")
            .fetch_one(&app.platform.db.pool)
            .await
            .unwrap()
            .try_get("id")
            .unwrap();
        let slip = form(&[
            ("opening", &opening.to_string()),
            ("window", "9"),
            ("content", "窗口人员办事拖拉，材料要求说不清楚"),
            ("contact", ""),
        ]);
        let slip = app
            .post("/office/hall/complaints", Some(&handler), &slip)
            .await;
        assert_eq!(slip.status, StatusCode::SEE_OTHER, "{}", slip.body);
        let slip = app.get(slip.location(), Some(&handler)).await;
        assert!(
            slip.body.contains("意见箱") && slip.body.contains("匿名"),
            "{}",
            slip.body
        );
        // The department cannot open the box.
        let theirs = form(&[("letters", "0")]);
        let theirs = app
            .post("/office/hall/complaints/openings", Some(&market), &theirs)
            .await;
        assert_eq!(theirs.status, StatusCode::BAD_REQUEST);
        assert!(theirs.body.contains("开箱由政务服务中心指定的专人办理"));
    }
}
