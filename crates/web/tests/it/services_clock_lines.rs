//! Issue 14 item 10, last sentence, through HTTP on both backends (SVC-ACCEPT, SVC-WINDOW,
//! SVC-PROMISE): an online case's acceptance clock is filed under the unit that accepts it —
//! the item's comprehensive window (事进人不进), not the department — also when it restarts
//! after a one-time notice; and the case page lists each clock once, named by what it
//! measures: the acceptance clocks of two submissions, the promised limit and the one stage
//! of the same limit no longer read alike; 电子监察's drill-down lists the case's open limit
//! once, and its overview counts it once.

use axum::http::StatusCode;
use platform::roles::Role;
use services::AttachmentId;
use services::case::{Command, MaterialSource, SubmittedMaterial};
use sqlx::Row as _;

use crate::common::TestApp;
use crate::services_office::{act, staff_in, submit};
use crate::services_walkin::{CHANGE, CHANGE_MATERIALS, services_app_on};

async fn unit_name(app: &TestApp, code: &str) -> (i64, String) {
    let unit = platform::units::find_by_code(&app.platform.db, code)
        .await
        .unwrap()
        .unwrap();
    (unit.id, unit.name)
}

/// The lines of the page's 时限 card.
fn clock_lines(body: &str) -> Vec<String> {
    let card = body.split("<h3>时限</h3>").nth(1).unwrap();
    let card = &card[..card.find("</section>").unwrap()];
    card.split("<div>")
        .skip(1)
        .map(|line| {
            let line = &line[..line.find("</div>").unwrap()];
            // Drop the light's span.
            line.rsplit("</span>").next().unwrap().to_owned()
        })
        .collect()
}

#[tokio::test]
async fn svc_window_an_online_cases_acceptance_clock_is_the_windows_and_listed_once() {
    for platform in platform::testing::each_backend().await {
        let app = services_app_on(platform).await;
        let backend = app.platform.db.backend.name();
        let (window, window_name) = unit_name(&app, "gz-service").await;
        let (market, market_name) = unit_name(&app, "gz-market").await;
        let clerk = staff_in(&app, Role::WindowClerk, "gz-service").await;
        let submission = submit(&app, CHANGE, CHANGE_MATERIALS).await;
        let id = submission.case_id;
        // SVC-ACCEPT: the one-time notice stops the acceptance clock; the answer restarts it.
        let noticed = act(
            &app,
            &clerk,
            id,
            "supplement",
            "problem.application=%E6%9C%AA%E7%AD%BE%E5%AD%97",
        )
        .await;
        assert_eq!(noticed.status, StatusCode::SEE_OTHER, "{}", noticed.body);
        crate::services_portal::run(
            &app,
            &submission.number,
            Command::Resubmit {
                materials: vec![SubmittedMaterial {
                    code: "application".into(),
                    source: MaterialSource::Uploaded(AttachmentId(999_999)),
                }],
            },
        )
        .await;
        let accepted = act(&app, &clerk, id, "accept", "").await;
        assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);

        // The clock table: both acceptance clocks are the window's, the promise the market's.
        let rows = sqlx::query(
            "SELECT rule_id, unit_id FROM clocks WHERE subject_type = 'case' AND subject_id = $1 \
             ORDER BY id",
        )
        .bind(id.to_string())
        .fetch_all(&app.platform.db.pool)
        .await
        .unwrap();
        let filed: Vec<(String, i64)> = rows
            .iter()
            .map(|row| {
                (
                    row.try_get("rule_id").unwrap(),
                    row.try_get("unit_id").unwrap(),
                )
            })
            .collect();
        let expected = [
            ("SVC-ACCEPT", window),
            ("SVC-ACCEPT", window),
            ("SVC-PROMISE", market),
            // SVC-WINDOW: the window accepted for the department, which signs for it.
            ("SVC-WINDOW", market),
            ("SVC-PROMISE", market),
        ]
        .map(|(rule, unit)| (rule.to_owned(), unit));
        assert_eq!(filed, expected, "{backend}");

        // The case page: one line per clock, each named once.
        let page = app
            .get(&format!("/office/services/cases/{}", id.0), Some(&clerk))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let lines = clock_lines(&page.body);
        assert_eq!(lines.len(), 5, "{backend}: {lines:?}");
        let mut unique = lines.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            lines.len(),
            "{backend}: a line twice: {lines:?}"
        );
        for (line, wanted) in lines.iter().zip([
            format!("受理时限（第 1 次提交） · {window_name} ·"),
            format!("受理时限（第 2 次提交） · {window_name} ·"),
            format!("承诺办结时限 · {market_name} ·"),
            format!("部门签收时限 · {market_name} ·"),
            format!("环节时限：审查决定 · {market_name} ·"),
        ]) {
            assert!(line.starts_with(&wanted), "{backend}: {line} / {wanted}");
        }
        // SVC-WINDOW: the department signs for the case; its signing clock stops.
        let department = staff_in(&app, Role::UnitHandler, "gz-market").await;
        let signed = act(&app, &department, id, "sign", "").await;
        assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
        // The desk names the open clocks the same way.
        let desk = app.get("/office/services", Some(&clerk)).await;
        assert!(
            desk.body.contains("承诺办结时限 截止")
                && desk.body.contains("环节时限：审查决定 截止"),
            "{backend}: {}",
            desk.body
        );
        // 电子监察's drill-down (OPS-ESUPERVISE) of the department lists the case's open
        // limit once: the promised and the stage clock have the same name and due time, one
        // line; the window's acceptance clocks are stopped, so none is listed there.
        let supervisor = app.login_as(Role::HotlineSupervisor).await;
        let line = format!(">{}</a>", submission.number);
        for (unit, lines) in [(market, 1), (window, 0)] {
            let drill = app
                .get(
                    &format!("/office/supervision/units/{unit}"),
                    Some(&supervisor),
                )
                .await;
            assert_eq!(drill.status, StatusCode::OK, "{}", drill.body);
            assert_eq!(
                drill.body.matches(&line).count(),
                lines,
                "{backend}: unit {unit}: {}",
                drill.body
            );
        }
        // …and its overview counts that line once: the department has one open clock of a
        // case, not the two rows of the same limit.
        let now = calendar::Instant::from_millis(platform::db::now_ms());
        let lines = platform::workflow::esupervision::by_unit(
            &app.platform.db,
            &web::subjects(),
            now,
            Some(market),
        )
        .await
        .unwrap();
        let case = web::subjects()
            .kinds()
            .iter()
            .position(|kind| kind.code == "case")
            .unwrap();
        assert_eq!(lines.len(), 1, "{backend}: {lines:?}");
        assert_eq!(lines[0].counts(case).running, 1, "{backend}: {lines:?}");
    }
}
