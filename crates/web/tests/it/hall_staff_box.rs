//! HALL-STAFF with HALL-BOX by HTTP, on both backends (000 中心 §32, §35): the supervision
//! box's complaints about the window a staff member sat at, upheld by the accepting unit,
//! count in that member's annual assessment; an unfounded one, one still being handled and
//! one of a day the member sat elsewhere do not.

use axum::http::StatusCode;
use calendar::{Calendar, Instant};
use chrono::NaiveDate;
use hall::supervision::{Command, Handler, Outcome, Source};
use hall::usecase::{complaints, staff};
use hall::window::{Assignment, Post, ServiceType, Window};
use platform::audit::AuditActor;
use platform::ids::{UnitId, UserId};
use platform::profile::RuleProfile;
use platform::roles::{Actor, Role};
use platform::workflow::Context;

use crate::common::{TestApp, app_on};
use crate::hall_common::{account, form};

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

async fn actor(app: &TestApp, id: i64) -> Actor {
    platform::users::load_actor(&app.platform.db, id)
        .await
        .unwrap()
        .unwrap()
}

/// A comprehensive window `number` of the market bureau; its row id.
async fn window(app: &TestApp, number: u16) -> i64 {
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
        number,
        name: format!("市场监管{number}号窗口"),
        service: ServiceType::Comprehensive,
        unit_id: Some(market.id),
    };
    hall::usecase::create_window(db, &AuditActor::system("test"), &window, &staff, 0)
        .await
        .unwrap()
}

/// HALL-STAFF, HALL-BOX: an upheld complaint about the member's window that day counts in
/// the annual assessment; unfounded, unfinished and other days' complaints do not.
#[tokio::test]
async fn hall_staff_assessment_counts_upheld_box_complaints_by_http() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let db = &app.platform.db;
        let (centre_client, centre_id) = account(
            &app,
            (Role::UnitHandler, "gz-service"),
            "hsb_centre",
            "中心经办",
        )
        .await;
        let (_, leader_id) = account(
            &app,
            (Role::UnitLeader, "gz-market"),
            "hsb_leader",
            "市监局长",
        )
        .await;
        let (_, member_id) = account(
            &app,
            (Role::UnitHandler, "gz-market"),
            "hsb_member",
            "窗口李娜",
        )
        .await;
        let (centre, leader, member) = (
            actor(&app, centre_id).await,
            actor(&app, leader_id).await,
            actor(&app, member_id).await,
        );
        let market = UnitId(member.unit_id);
        let seven = window(&app, 7).await;
        let eight = window(&app, 8).await;
        let profile = RuleProfile::default();
        let calendar = Calendar::try_national().unwrap();
        let system = AuditActor::system("test");
        let at = |day: &str| Instant::from_local(d(day), 10 * 60);
        let ctx = |now: Instant| Context::new(&app.platform.key, &system, &calendar, &profile, now);

        // The member on the register; seated at window 7 on 2025-06-10, at 8 on 2025-06-11.
        let dates = staff::MemberDates {
            joined_unit: d("2015-03-01"),
            on_window_since: d("2019-03-01"),
            birth_date: d("1988-06-01"),
        };
        let member_user = UserId(member.user_id);
        staff::save_member(db, &ctx(at("2025-06-01")), &member, member_user, dates)
            .await
            .unwrap();
        let seat = AuditActor::staff(&member, "127.0.0.1");
        hall::usecase::sit(db, &seat, 7, at("2025-06-10").millis())
            .await
            .unwrap();
        hall::usecase::sit(db, &seat, 8, at("2025-06-11").millis())
            .await
            .unwrap();

        // Complaints by window 7's and window 8's QR codes; each accepted for the department.
        let complain = async |window_id: i64, day: &str, outcome: Option<Outcome>| {
            let context = ctx(at(day));
            let (stored, _) = complaints::submit(
                db,
                &context,
                Source::QrCode,
                Some(window_id),
                "窗口人员办理时态度生硬，不解释材料要求",
                None,
            )
            .await
            .unwrap();
            let id = stored.complaint.id;
            let accept = Command::Accept(Handler::Department(market));
            complaints::execute(db, &context, &centre, id, accept, None)
                .await
                .unwrap();
            if let Some(outcome) = outcome {
                let conclude = Command::Conclude {
                    outcome,
                    finding: "经调取录像核实，情况属实，已责令改正".into(),
                };
                complaints::execute(db, &context, &leader, id, conclude, None)
                    .await
                    .unwrap();
            }
        };
        complain(seven, "2025-06-10", Some(Outcome::Correction)).await;
        complain(seven, "2025-06-10", Some(Outcome::Unfounded)).await;
        complain(seven, "2025-06-10", None).await;
        // Window 7 on the 11th: the member sat at window 8 that day.
        complain(seven, "2025-06-11", Some(Outcome::Education)).await;
        // Window 8 on the 11th: the member's.
        complain(eight, "2025-06-11", Some(Outcome::Discipline)).await;

        let assess = form(&[
            ("user", &member.user_id.to_string()),
            ("period", "2025"),
            ("grade", "basic"),
            ("comment", ""),
        ]);
        let ok = app
            .post(
                "/office/hall/staff/assessments",
                Some(&centre_client),
                &assess,
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
        let results = app
            .get(
                "/office/hall/staff/assessments?period=2025",
                Some(&centre_client),
            )
            .await;
        assert!(
            results.body.contains("窗口投诉成立 2 件"),
            "{}",
            results.body
        );
        let export = app
            .get(
                "/office/hall/staff/assessments.xlsx?period=2025",
                Some(&centre_client),
            )
            .await;
        assert_eq!(export.status, StatusCode::OK);
    }
}
