//! What the battery found (issue 12, the battery), each as a test of its own that names the
//! fault: these failed before their fix.

use axum::http::StatusCode;
use platform::roles::Role;

use crate::battery_world::{Stage, UNIT_A, World};
use crate::common::app;

/// HL-DISPATCH: a dispatch naming a unit that does not exist (a tampered form, an id at the
/// bounds of i64) was a 500 — the order's clocks broke the units foreign key. It is the
/// operator's mistake: 400 with a Chinese message, and nothing changes.
#[tokio::test]
async fn hl_dispatch_to_a_unit_that_does_not_exist_is_refused_in_chinese_and_changes_nothing() {
    let app = app().await;
    let world = World::new(&app).await;
    let operator = world.staff(Role::HotlineOperator, "gz-12345").await;
    let lead = world.unit(UNIT_A);
    for (lead, assisting) in [
        (i64::MAX.to_string(), String::new()),
        ("987654321".to_owned(), String::new()),
        (lead.to_string(), i64::MIN.to_string()),
    ] {
        let id = world.order(Stage::Registered).await;
        let version = world.order_version(id).await;
        let before = app.audit_seq().await;
        let answer = app
            .post(
                &format!("/office/hotline/orders/{id}/dispatch"),
                Some(&operator.client),
                &format!(
                    "version={version}&class=complaint_report&lead={lead}&assisting={assisting}\
                     &legal_limit=&lead_interested=no"
                ),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "lead {lead}, assisting {assisting}: {}",
            answer.body
        );
        assert!(answer.body.contains("不存在"), "{}", answer.body);
        assert_eq!(app.audit_seq().await, before);
        assert_eq!(world.order_version(id).await, version);
    }
}

/// Bad input is refused with a Chinese message and changes nothing: a NUL character (U+0000)
/// in any text field or query parameter. PostgreSQL refuses it in text, so every form, query
/// and multipart field that reached it with one was a 500 on PostgreSQL (and stored on
/// SQLite); the battery found it in 46 fields of 20 routes. One refusal where forms, queries
/// and multipart fields are read (`extract.rs`, `csrf::read_form`, `upload.rs`) fixes all.
#[tokio::test]
async fn a_nul_character_in_any_field_is_refused_with_400() {
    for platform in platform::testing::each_backend().await {
        let app = crate::common::app_on(platform).await;
        let world = World::new(&app).await;
        let handler = world.staff(Role::UnitHandler, UNIT_A).await;
        let clerk = world.staff(Role::WindowClerk, "gz-service").await;
        let order = world.order(Stage::ReviewFormDue).await;
        let version = world.order_version(order).await.to_string();
        let before = app.audit_seq().await;
        let answers = [
            (
                "an office form",
                app.post(
                    "/office/kb",
                    Some(&handler.client),
                    "title=a%00b&category=&question=&answer=x&keywords=",
                )
                .await,
            ),
            ("a query", app.get("/kb?q=a%00b", None).await),
            (
                "a public form",
                app.post("/services/cases/rate", None, "number=a%00b&code=1&level=5")
                    .await,
            ),
            (
                "the hall's terminal",
                app.post(
                    "/hall/rate",
                    Some(&clerk.client),
                    "number=a%00b&stage=&comment=&level=5",
                )
                .await,
            ),
            (
                "a multipart form",
                app.post_multipart(
                    &format!("/office/hotline/orders/{order}/review-form"),
                    Some(&handler.client),
                    &[
                        ("version", version.as_str()),
                        ("signed_by", "a\u{0}b"),
                        ("sealed", "1"),
                        ("explanation", "说明"),
                    ],
                    &[("scan", "a.pdf", crate::battery_world::PDF)],
                )
                .await,
            ),
        ];
        for (what, answer) in answers {
            assert_eq!(
                answer.status,
                StatusCode::BAD_REQUEST,
                "{what} on {:?}: {}",
                app.platform.db.backend,
                answer.body.chars().take(300).collect::<String>()
            );
        }
        assert_eq!(app.audit_seq().await, before, "nothing stored");
    }
}

/// HL-REMIND: a report after an urge is decided for the business-environment bureau by the
/// hotline's supervisors or a leader of the bureau (the guard and the decision handler let
/// the bureau's leader in). The battery found that the bureau's leader was never offered the
/// decision: the order page, which holds the form, refused every unit the order is not
/// assigned to (`usecase::order_view`). Now the bureau's leader sees the order while the
/// report waits, without the appellant (HL-PRIVACY).
#[tokio::test]
async fn hl_remind_the_bureaus_leader_is_offered_the_decision_on_an_urge_report() {
    let app = app().await;
    let world = World::new(&app).await;
    let leader = world
        .staff(Role::UnitLeader, crate::battery_world::BUREAU)
        .await;
    let order = world.order(Stage::UrgeReported).await;
    let page = app
        .get(
            &format!("/office/hotline/orders/{order}"),
            Some(&leader.client),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains(&format!(
            "/office/hotline/orders/{order}/urge-report-decision"
        )),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("诉求人：") && !page.body.contains("查看诉求人电话"),
        "the bureau never sees the appellant: {}",
        page.body
    );
    // A leader of another unit still does not see the order.
    let other = world
        .staff(Role::UnitLeader, crate::battery_world::UNIT_B)
        .await;
    let refused = app
        .get(
            &format!("/office/hotline/orders/{order}"),
            Some(&other.client),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
