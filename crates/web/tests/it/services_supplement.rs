//! SVC-ACCEPT through the portal: the applicant answers the one-time notice online with the
//! number and query code; only the materials the notice named are taken, a bad file changes
//! nothing, and the resubmission restarts the acceptance clock.

use axum::http::StatusCode;
use services::case::{Command, MaterialDefect};

use crate::services_portal::{
    PDF, PHONE, apply, assert_private, receipt, run, scalar, setup, unit,
};

#[tokio::test]
async fn svc_accept_the_applicant_answers_the_one_time_notice_online() {
    let app = setup().await;
    let (number, code) = receipt(
        &apply(
            &app,
            "GZ-RS-0001",
            PHONE,
            &[("id_card", PDF), ("photo", PDF)],
        )
        .await,
    );
    let path = format!("/services/cases/supplement?number={number}&code={code}");
    let not_yet = app.get(&path, None).await;
    assert_eq!(
        not_yet.status,
        StatusCode::BAD_REQUEST,
        "nothing to supplement yet"
    );
    run(
        &app,
        &number,
        Command::RequestSupplement {
            by: unit(&app, "gz-service").await,
            defects: vec![MaterialDefect {
                material: "近期二寸免冠彩色照片".into(),
                problem: "照片背景不是白色".into(),
            }],
        },
    )
    .await;
    let status = app
        .get(
            &format!("/services/cases/query?number={number}&code={code}"),
            None,
        )
        .await;
    assert!(
        status.body.contains("id=\"supplement-link\""),
        "{}",
        status.body
    );
    let page = app.get(&path, None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("照片背景不是白色") && page.body.contains("name=\"m_photo\""));
    assert_private(&page);
    let wrong_code = app
        .get(
            &format!("/services/cases/supplement?number={number}&code=000000"),
            None,
        )
        .await;
    assert_eq!(wrong_code.status, StatusCode::NOT_FOUND);

    let files = "SELECT COUNT(*) AS n FROM attachments WHERE owner_kind = 'case'";
    let before = scalar(&app, files).await;
    let fields = [("number", number.as_str()), ("code", code.as_str())];
    let not_named = app
        .post_multipart(
            "/services/cases/supplement",
            None,
            &fields,
            &[("m_id_card", "a.pdf", PDF)],
        )
        .await;
    assert_eq!(not_named.status, StatusCode::BAD_REQUEST);
    assert!(
        not_named.body.contains("不在一次性告知的补正材料中"),
        "{}",
        not_named.body
    );
    let exe: &[u8] = b"MZ\x90\0";
    let bad = app
        .post_multipart(
            "/services/cases/supplement",
            None,
            &fields,
            &[("m_photo", "p.exe", exe)],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        scalar(&app, files).await,
        before,
        "refused uploads store nothing"
    );

    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let done = app
        .post_multipart(
            "/services/cases/supplement",
            None,
            &fields,
            &[("m_photo", "p.png", png)],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(scalar(&app, files).await, before + 1);
    let status = app
        .get(
            &format!("/services/cases/query?number={number}&code={code}"),
            None,
        )
        .await;
    assert!(status.body.contains("已补正"), "{}", status.body);
    let acceptance_clocks = "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'case' AND rule_id = 'SVC-ACCEPT' AND status = 'running'";
    assert_eq!(
        scalar(&app, acceptance_clocks).await,
        1,
        "the acceptance clock restarted"
    );
}
