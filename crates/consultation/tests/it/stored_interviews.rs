//! Interviews stored, on both backends (MSG-INTERVIEW): announced, questions asked with a
//! verified phone, an answer refused before the start, published live, the interview ended
//! and a question after the end refused; the transcript keeps the published answers only.

use consultation::interview::{Announcement, Command, Status};
use consultation::store::interviews as store;
use consultation::usecase::interviews;

use crate::at;
use crate::stored_topics::worlds;

#[tokio::test]
async fn msg_interview_stored_on_both_backends() {
    for w in worlds().await {
        let db = &w.platform.db;
        let key = &w.platform.key;
        let announcement = Announcement {
            site_id: w.site,
            title: "解读2026年民生实事".into(),
            summary: "区政府办负责人解读民生实事。".into(),
            guests: "区政府办主任 李某".into(),
            starts_at: at(3, 10, 15),
        };
        let found = interviews::announce(db, &w.staff, w.office, &announcement, at(3, 3, 9))
            .await
            .unwrap();
        let before = at(3, 9, 9);
        let code = w.code("13800004444", before).await;
        assert!(
            interviews::ask(
                db,
                key,
                &w.public,
                found.id,
                "市民",
                "停车位何时增加？",
                "13800004444",
                &code,
                before
            )
            .await
            .unwrap()
        );
        let question = store::all(db, found.id).await.unwrap()[0].id;
        let early = interviews::answer(
            db,
            &w.staff,
            w.office,
            found.id,
            question,
            Some(("李某", "年内新增。")),
            before,
        )
        .await;
        assert!(early.unwrap_err().to_string().contains("尚未开始"));
        let live = interviews::command(
            db,
            &w.staff,
            w.office,
            found.id,
            Command::Start,
            at(3, 10, 15),
        )
        .await
        .unwrap();
        assert_eq!(live.status, Status::Live);
        interviews::answer(
            db,
            &w.staff,
            w.office,
            found.id,
            question,
            Some(("李某", "年内新增500个。")),
            at(3, 10, 15),
        )
        .await
        .unwrap();
        let again = interviews::answer(
            db,
            &w.staff,
            w.office,
            found.id,
            question,
            None,
            at(3, 10, 16),
        )
        .await;
        assert!(again.is_err());
        interviews::command(
            db,
            &w.staff,
            w.office,
            found.id,
            Command::End,
            at(3, 10, 17),
        )
        .await
        .unwrap();
        let after = at(3, 10, 18);
        let code = w.code("13800004444", after).await;
        let late = interviews::ask(
            db,
            key,
            &w.public,
            found.id,
            "",
            "还有问题",
            "13800004444",
            &code,
            after,
        )
        .await;
        assert!(late.unwrap_err().to_string().contains("已经结束"));
        let transcript = store::published(db, found.id).await.unwrap();
        assert_eq!(transcript.len(), 1);
        assert_eq!(transcript[0].answer, "年内新增500个。");
    }
}
