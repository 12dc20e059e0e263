//! The demo's consultations and interview (issue 17 item 6; MSG-CONSULT, PUB-PRECONSULT,
//! MSG-INTERVIEW): on the demo portal, one topic open with votes and a comment, one with its
//! adoption report, one past interview whose transcript keeps the published answers; a
//! second seed makes nothing.

#[tokio::test]
async fn msg_consult_the_demo_has_an_open_and_a_reported_consultation_and_an_interview() {
    for platform in crate::seeded().await {
        demo::sites::seed(&platform).await.unwrap();
        demo::consultation::seed(&platform).await.unwrap();
        let statuses = crate::scalar(
            &platform,
            "SELECT COUNT(*) AS n FROM consultation_topics WHERE status IN ('published', 'reported')",
        )
        .await;
        assert_eq!(statuses, 2);
        let reported = crate::scalar(
            &platform,
            "SELECT COUNT(*) AS n FROM consultation_topics WHERE status = 'reported'",
        )
        .await;
        assert_eq!(reported, 1);
        let votes = crate::scalar(&platform, "SELECT COUNT(*) AS n FROM consultation_votes").await;
        assert_eq!(votes, 11);
        let transcript = crate::scalar(
            &platform,
            "SELECT COUNT(*) AS n FROM interview_questions WHERE status = 'published'",
        )
        .await;
        assert_eq!(transcript, 2);
        let ended = crate::scalar(
            &platform,
            "SELECT COUNT(*) AS n FROM interviews WHERE status = 'ended'",
        )
        .await;
        assert_eq!(ended, 1);
        demo::consultation::seed(&platform).await.unwrap();
        let again = crate::scalar(&platform, "SELECT COUNT(*) AS n FROM consultation_topics").await;
        assert_eq!(again, 2);
    }
}
