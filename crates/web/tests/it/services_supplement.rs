//! SVC-ACCEPT and SVC-SPECIAL through the portal: the applicant answers the one-time notice
//! online with the number and query code; only the materials the notice named are taken, a bad
//! file changes nothing, and the resubmission restarts the acceptance clock. After acceptance
//! the department's 补齐补正 pauses the promised clock and the same page's upload resumes it.

use axum::http::StatusCode;
use platform::roles::Role;
use services::case::{Command, MaterialDefect};

use crate::services_office::staff_in;
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

/// SVC-SPECIAL, CAL-PAUSE (001 §11): after acceptance the department asks for 补齐补正 on the
/// case page; the promised clock pauses, the applicant sees exactly what and why on the same
/// supplement page, and the upload ends the procedure and resumes the clock.
#[tokio::test]
async fn svc_special_supplement_after_acceptance_through_the_case_page_and_the_portal() {
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
    run(
        &app,
        &number,
        Command::Accept {
            by: unit(&app, "gz-service").await,
        },
    )
    .await;
    let stored = services::store::cases::by_number(&app.platform.db, &number)
        .await
        .unwrap()
        .unwrap();
    let id = stored.id.0;
    let handler = staff_in(&app, Role::UnitHandler, "gz-hrss").await;
    let page = app
        .get(&format!("/office/services/cases/{id}"), Some(&handler))
        .await;
    assert!(
        page.body.contains("id=\"supplement-after\""),
        "{}",
        page.body
    );
    let asked = app
        .post(
            &format!("/office/services/cases/{id}/supplement"),
            Some(&handler),
            &format!(
                "version={}&problem.photo={}",
                stored.version,
                form_urlencoded::byte_serialize("照片背景不是白色".as_bytes()).collect::<String>()
            ),
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let promise_running = format!(
        "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'case' AND subject_id = '{id}' \
         AND rule_id = 'SVC-PROMISE' AND status = 'running'"
    );
    let promise_paused = promise_running.replace("'running'", "'paused'");
    assert_eq!(scalar(&app, &promise_running).await, 0);
    assert!(scalar(&app, &promise_paused).await >= 1);

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
    let path = format!("/services/cases/supplement?number={number}&code={code}");
    let form = app.get(&path, None).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("照片背景不是白色") && form.body.contains("name=\"m_photo\""));
    assert!(form.body.contains("不计入承诺办结时限"), "{}", form.body);

    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let fields = [("number", number.as_str()), ("code", code.as_str())];
    let done = app
        .post_multipart(
            "/services/cases/supplement",
            None,
            &fields,
            &[("m_photo", "p.png", png)],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(scalar(&app, &promise_paused).await, 0);
    assert!(scalar(&app, &promise_running).await >= 1);
    let special_met = format!(
        "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'case' AND subject_id = '{id}' \
         AND rule_id = 'SVC-SPECIAL' AND status = 'met'"
    );
    assert_eq!(scalar(&app, &special_met).await, 1);
    let again = app.get(&path, None).await;
    assert_eq!(
        again.status,
        StatusCode::BAD_REQUEST,
        "nothing more to supplement"
    );
}
