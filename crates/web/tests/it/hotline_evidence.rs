//! Issue 14 item 11 (HL-PRIVACY): the evidence a handler needs. A complaint's attachments stay
//! with the hotline until the hotline, having looked, clears one that identifies nobody for
//! the handling unit; it may withhold it again. Each decision is audited; only the
//! appellant's own files of that order can be cleared.

use axum::http::StatusCode;

use crate::common::app;
use crate::hotline_collab::{act, file_appeal, id_of, scalar, unit_id};

const RECEIPT: &[u8] = b"\xFF\xD8\xFF\xE0 photo of the shop receipt";

#[tokio::test]
async fn hl_privacy_the_hotline_clears_a_complaints_photo_for_the_handling_unit_and_withholds_it_again()
 {
    let app = app().await;
    let filed = file_appeal(
        &app,
        "complaint_report",
        &[("attachments", "小票.jpg", RECEIPT)],
    )
    .await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.body);
    let id = id_of(&app, &filed).await;
    let file = scalar(&app, "SELECT MAX(id) AS n FROM attachments").await;
    let operator = app.demo_session("operator").await;
    let market = unit_id(&app, "gz-market").await;
    let dispatch = format!("class=complaint_report&lead={market}&assisting=&lead_interested=yes");
    let dispatched = act(&app, &operator, id, "dispatch", &dispatch).await;
    assert_eq!(
        dispatched.status,
        StatusCode::SEE_OTHER,
        "{}",
        dispatched.body
    );

    let handler = app.demo_session("handler").await;
    let order = format!("/office/hotline/orders/{id}");
    let download = format!("{order}/files/{file}");
    assert_eq!(
        app.get(&download, Some(&handler)).await.status,
        StatusCode::NOT_FOUND
    );
    let page = app.get(&order, Some(&operator)).await;
    assert!(
        page.body.contains("仅热线可见"),
        "the hotline sees the file is withheld"
    );

    let clear = format!("{order}/files/{file}/clear");
    let audit_before = app.audit_seq().await;
    let cleared = app.post(&clear, Some(&operator), "shown=1").await;
    assert_eq!(cleared.status, StatusCode::SEE_OTHER, "{}", cleared.body);
    assert_eq!(
        app.audit_seq().await,
        audit_before + 1,
        "the clearance is audited"
    );
    let seen = app.get(&download, Some(&handler)).await;
    assert_eq!(
        seen.status,
        StatusCode::OK,
        "the handler opens the cleared photo"
    );
    assert!(seen.body.ends_with("shop receipt"));
    let unit_page = app.get(&order, Some(&handler)).await;
    assert!(unit_page.body.contains("附件1.jpg") && !unit_page.body.contains("由热线保管"));
    assert!(
        !unit_page.body.contains(&clear),
        "the unit cannot clear or withhold"
    );
    assert_eq!(
        app.post(&clear, Some(&handler), "shown=1").await.status,
        StatusCode::FORBIDDEN
    );

    let withheld = app.post(&clear, Some(&operator), "shown=0").await;
    assert_eq!(withheld.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&download, Some(&handler)).await.status,
        StatusCode::NOT_FOUND
    );

    // Only the appellant's files of this order: another order's file, or a bad choice, is
    // refused and changes nothing.
    let other = id_of(&app, &file_appeal(&app, "complaint_report", &[]).await).await;
    let elsewhere = app
        .post(
            &format!("/office/hotline/orders/{other}/files/{file}/clear"),
            Some(&operator),
            "shown=1",
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    let bad = app.post(&clear, Some(&operator), "shown=maybe").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let rows = scalar(
        &app,
        "SELECT COUNT(*) AS n FROM hotline_attachment_clearances",
    )
    .await;
    assert_eq!(rows, 0);
}
