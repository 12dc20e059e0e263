//! The service hall by HTTP, on both backends (HALL-QUEUE, HALL-WINDOWS): the kiosk takes a
//! number (a bad choice refused with the Chinese message, nothing taken), the clerk sits at a
//! window and calls it, the call arrives on the displays' event stream as it is made and
//! shows on the big screen and the window's screen, a second call while the number is not done
//! is refused, the number started and finished, and the figures with their Excel export.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use futures_util::StreamExt as _;
use hall::hours::{DaySchedule, Span};
use hall::window::{Assignment, Post, ServiceType, Window};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use sqlx::Row as _;
use tower::ServiceExt as _;

use crate::common::{TestApp, app_on};

async fn tickets(app: &TestApp) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM hall_tickets")
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

/// Window 1 (comprehensive) with the demo clerk on its A post; the hall open all day today.
async fn hall(app: &TestApp) {
    let db = &app.platform.db;
    let admin = AuditActor::system("test");
    let clerk = platform::users::id_by_username(db, "clerk")
        .await
        .unwrap()
        .unwrap();
    let other = app.user_with(Role::WindowClerk).await;
    let staff = [
        Assignment {
            user_id: clerk,
            post: Post::A,
        },
        Assignment {
            user_id: other,
            post: Post::B,
        },
    ];
    let window = Window {
        number: 1,
        name: "综合受理".into(),
        service: ServiceType::Comprehensive,
        unit_id: None,
    };
    hall::usecase::create_window(db, &admin, &window, &staff, 0)
        .await
        .unwrap();
    let (today, _) = hall::usecase::local_day_minute(now_ms());
    let all_day = DaySchedule {
        sessions: vec![Span::new(0, 24 * 60).unwrap()],
        delayed_until: None,
        appointment: vec![],
    };
    hall::usecase::configure_day(db, &admin, today, &all_day, 0)
        .await
        .unwrap();
}

#[tokio::test]
async fn hall_queue_kiosk_calling_and_displays_by_http() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        hall(&app).await;
        let kiosk = app.get("/hall/kiosk", None).await;
        assert_eq!(kiosk.status, StatusCode::OK);
        assert!(kiosk.body.contains("综合窗口（无差别）"), "{}", kiosk.body);
        let bad = app.post("/hall/kiosk", None, "service=nothing").await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.body.contains("请选择要办理的窗口类型或事项"));
        assert_eq!(tickets(&app).await, 0);
        let taken = app
            .post(
                "/hall/kiosk",
                None,
                "service=comprehensive&priority=elderly",
            )
            .await;
        assert_eq!(taken.status, StatusCode::OK, "{}", taken.body);
        assert!(taken.body.contains("A001"));
        assert!(taken.body.contains("前面还有 0 人等候"));
        assert!(taken.body.contains("老年人优先"));

        let clerk = app.demo_session("clerk").await;
        let desk = app.get("/office/hall", Some(&clerk)).await;
        assert!(desk.body.contains("选择今日窗口"), "{}", desk.body);
        let sat = app.post("/office/hall/sit", Some(&clerk), "window=1").await;
        assert_eq!(sat.status, StatusCode::SEE_OTHER, "{}", sat.body);

        // The displays' stream is open before the call; the call arrives on it.
        let request = Request::get("/hall/display/events")
            .body(Body::empty())
            .unwrap();
        let response = app.router.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let mut stream = response.into_body().into_data_stream();
        let called = app.post("/office/hall/call", Some(&clerk), "").await;
        assert_eq!(called.status, StatusCode::SEE_OTHER, "{}", called.body);
        let frame = tokio::time::timeout(Duration::from_secs(5), stream.next())
            .await
            .expect("a call within 5 s")
            .unwrap()
            .unwrap();
        let frame = String::from_utf8_lossy(&frame).into_owned();
        assert!(frame.contains("event: call"), "{frame}");
        assert!(frame.contains("请 A001 号到 1 号窗口办理"), "{frame}");

        let big = app.get("/hall/display", None).await;
        assert!(
            big.body.contains("请 A001 号到 1 号窗口办理"),
            "{}",
            big.body
        );
        let small = app.get("/hall/screen?window=1", None).await;
        assert!(small.body.contains("A001"), "{}", small.body);
        assert_eq!(
            app.get("/hall/screen?window=99", None).await.status,
            StatusCode::NOT_FOUND
        );

        let again = app.post("/office/hall/call", Some(&clerk), "").await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        assert!(
            again.body.contains("A001 号尚未办结或过号"),
            "{}",
            again.body
        );
        let desk = app.get("/office/hall", Some(&clerk)).await;
        assert!(desk.body.contains("当前号码 A001"), "{}", desk.body);
        let id: i64 = sqlx::query("SELECT id FROM hall_tickets")
            .fetch_one(&app.platform.db.pool)
            .await
            .unwrap()
            .try_get("id")
            .unwrap();
        let start = app
            .post(
                "/office/hall/act",
                Some(&clerk),
                &format!("ticket={id}&action=start"),
            )
            .await;
        assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
        let skip = app
            .post(
                "/office/hall/act",
                Some(&clerk),
                &format!("ticket={id}&action=skip"),
            )
            .await;
        assert_eq!(
            skip.status,
            StatusCode::CONFLICT,
            "a number being handled is not skipped"
        );
        assert!(skip.body.contains("办理中"), "{}", skip.body);
        let finish = app
            .post(
                "/office/hall/act",
                Some(&clerk),
                &format!("ticket={id}&action=finish"),
            )
            .await;
        assert_eq!(finish.status, StatusCode::SEE_OTHER, "{}", finish.body);

        let figures = app.get("/office/hall/stats", Some(&clerk)).await;
        assert!(figures.body.contains("001 号窗口"), "{}", figures.body);
        assert!(figures.body.contains("合计"));
        let by_hour = app.get("/office/hall/stats?by=hour", Some(&clerk)).await;
        assert!(by_hour.body.contains(":00-"), "{}", by_hour.body);
        let bad_day = app.get("/office/hall/stats?from=x", Some(&clerk)).await;
        assert_eq!(bad_day.status, StatusCode::BAD_REQUEST);
        let xlsx = app.get("/office/hall/stats.xlsx", Some(&clerk)).await;
        assert_eq!(xlsx.status, StatusCode::OK);
        assert!(
            xlsx.headers["content-type"]
                .to_str()
                .unwrap()
                .contains("spreadsheetml")
        );
    }
}
