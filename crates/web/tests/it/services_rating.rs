//! EVAL-ALL through the pages (000 §中心-38 咨询预约、申请受理、审查决定、结果送达): the status page
//! offers each stage that is done, the web form and the hall terminal take a stage, a stage not
//! done yet is refused with its name and stores nothing, and the 好差评 statistics count per
//! stage.

use axum::http::StatusCode;
use services::case::Command;

use crate::services_portal::{PDF, PHONE, apply, receipt, run, scalar, setup, unit};

#[tokio::test]
async fn eval_all_each_stage_is_rated_on_the_web_and_at_the_hall_and_counted_per_stage() {
    let app = setup().await;
    let (number, code) = receipt(
        &apply(
            &app,
            "GZ-RS-0002",
            PHONE,
            &[("id_card", PDF), ("hukou", PDF)],
        )
        .await,
    );
    let status_path = format!("/services/cases/query?number={number}&code={code}");
    let status = app.get(&status_path, None).await;
    assert!(
        status.body.contains("id=\"stage-rating\""),
        "{}",
        status.body
    );
    assert!(
        status.body.contains("stage=consultation") && !status.body.contains("stage=acceptance")
    );
    assert!(
        !status.body.contains("id=\"rate-link\""),
        "the whole case after conclusion"
    );
    let form = app
        .get(
            &format!("/services/cases/rate?number={number}&code={code}&stage=consultation"),
            None,
        )
        .await;
    assert!(
        form.body.contains("value=\"consultation\" selected"),
        "{}",
        form.body
    );

    let ratings = "SELECT COUNT(*) AS n FROM evaluations";
    let early = app
        .post(
            "/services/cases/rate",
            None,
            &format!("number={number}&code={code}&stage=acceptance&level=1"),
        )
        .await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST, "{}", early.body);
    assert!(
        early.body.contains("“申请受理”环节尚未完成"),
        "{}",
        early.body
    );
    let bogus = app
        .post(
            "/services/cases/rate",
            None,
            &format!("number={number}&code={code}&stage=bogus&level=1"),
        )
        .await;
    assert_eq!(bogus.status, StatusCode::BAD_REQUEST);
    assert!(bogus.body.contains("未知的评价环节"), "{}", bogus.body);
    assert_eq!(
        scalar(&app, ratings).await,
        0,
        "refused ratings store nothing"
    );
    let consulted = app
        .post(
            "/services/cases/rate",
            None,
            &format!("number={number}&code={code}&stage=consultation&level=1"),
        )
        .await;
    assert_eq!(consulted.status, StatusCode::OK, "{}", consulted.body);
    assert!(consulted.body.contains("id=\"rated\""));

    // Accepted at the window: the clerk's terminal rates the acceptance, a bad rating.
    run(
        &app,
        &number,
        Command::Accept {
            by: unit(&app, "gz-service").await,
        },
    )
    .await;
    let status = app.get(&status_path, None).await;
    assert!(
        status.body.contains("stage=acceptance") && !status.body.contains("stage=consultation")
    );
    let clerk = app.demo_session("clerk").await;
    let terminal = app.get("/hall/rate", Some(&clerk)).await;
    assert!(
        terminal.body.contains("name=\"stage\""),
        "{}",
        terminal.body
    );
    let hall = app
        .post(
            "/hall/rate",
            Some(&clerk),
            &format!("number={number}&stage=acceptance&level=4"),
        )
        .await;
    assert_eq!(hall.status, StatusCode::OK, "{}", hall.body);
    let stages =
        "SELECT COUNT(*) AS n FROM evaluations WHERE stage = 'acceptance' AND channel = 'hall'";
    assert_eq!(scalar(&app, stages).await, 1);

    // The statistics per stage (the supervisor's dimension).
    let supervisor = app.demo_session("supervisor").await;
    let stats = app
        .get(
            "/office/evaluations/statistics?group=stage&from=2000-01-01&until=2099-12-31",
            Some(&supervisor),
        )
        .await;
    assert_eq!(stats.status, StatusCode::OK, "{}", stats.body);
    assert!(stats.body.contains("按评价环节"));
    assert!(
        stats.body.contains("咨询预约") && stats.body.contains("申请受理"),
        "{}",
        stats.body
    );
}
