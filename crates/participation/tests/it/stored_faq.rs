//! A published message drafted as an FAQ entry of the knowledge base, on both backends
//! (MSG-PUBLISH: frequent questions become FAQ entries): refused before publication, to a unit
//! with no part in it and a second time, each refusal changing nothing; the portal's editor
//! drafts it — the replying unit owns the draft, which waits for its submission and the
//! hotline's review like any other; the message records the link, its history and the audit.

use hotline::kb::{EntryId, EntryStatus};
use hotline::kb_store;
use participation::message::{Channel, Command, Status};
use participation::store::messages as store;
use participation::usecase;
use sqlx::Row as _;

use crate::at;
use crate::stored_messages::{context, run, submit, worlds};

async fn count(world: &crate::stored_messages::World, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&world.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

#[tokio::test]
async fn msg_publish_a_published_message_becomes_a_draft_faq_entry_once() {
    for world in worlds().await {
        let db = &world.platform.db;
        let t = at("2026-03-02T09:00");
        let id = submit(&world, Channel::Consultation, true, t).await.id;
        let route = Command::Route {
            unit: world.education,
            note: String::new(),
        };
        run(&world, &world.editor, id, route, t).await.unwrap();
        let reply = Command::Reply {
            text: "积水路段已列入本月排水改造计划。".into(),
        };
        run(&world, &world.handler, id, reply, t).await.unwrap();
        let approve = Command::Approve {
            note: String::new(),
        };
        run(&world, &world.leader, id, approve, t).await.unwrap();

        let promote = |staff: &'static str| {
            let staff = match staff {
                "editor" => &world.editor,
                "stranger" => &world.stranger,
                _ => &world.handler,
            };
            let context = context(&world, &staff.audit, t);
            async move { usecase::promote_to_faq(db, &context, &staff.acting, id, None).await }
        };
        let entries = "SELECT COUNT(*) AS n FROM kb_entries";
        let before = count(&world, entries).await;

        // Not published yet: refused, nothing changed.
        let refused = promote("editor").await.unwrap_err();
        assert!(refused.to_string().contains("转为知识库问答"), "{refused}");
        assert_eq!(count(&world, entries).await, before);

        assert_eq!(
            run(&world, &world.editor, id, Command::Publish, t)
                .await
                .unwrap(),
            Status::Published
        );
        let version = store::get(db, id).await.unwrap().version;

        // A unit with no part in the message may not.
        let refused = promote("stranger").await.unwrap_err();
        assert!(
            refused.to_string().contains("网站编辑或答复单位"),
            "{refused}"
        );
        assert_eq!(count(&world, entries).await, before);
        assert_eq!(store::get(db, id).await.unwrap().version, version);

        // The portal's editor drafts it; the replying unit owns the draft.
        let (entry, _) = promote("editor").await.unwrap();
        let stored = kb_store::get(db, EntryId(entry)).await.unwrap();
        assert_eq!(
            stored.status,
            EntryStatus::Draft,
            "never published directly"
        );
        assert_eq!(stored.owner_unit_id, world.education);
        assert_eq!(stored.title, "实验小学门口积水");
        assert!(stored.question.contains("每逢下雨积水"));
        assert_eq!(stored.answer, "积水路段已列入本月排水改造计划。");
        assert_eq!(stored.category, usecase::FAQ_CATEGORY);
        let message = store::get(db, id).await.unwrap();
        assert_eq!(message.message.status, Status::Published);
        let link = message.message.faq.clone().unwrap();
        assert_eq!((link.entry, link.owner), (entry, world.education));
        let history = format!(
            "SELECT COUNT(*) AS n FROM participation_message_events \
             WHERE message_id = {} AND kind = 'promoted_to_faq'",
            id.0
        );
        assert_eq!(count(&world, &history).await, 1);
        let audits = format!(
            "SELECT COUNT(*) AS n FROM audit_log \
             WHERE action = 'participation.message.promote_to_faq' AND object_id = '{}'",
            id.0
        );
        assert_eq!(count(&world, &audits).await, 1);

        // A second time: refused with the entry's number, nothing changed.
        let refused = promote("handler").await.unwrap_err();
        assert!(
            refused.to_string().contains("已转为知识库问答"),
            "{refused}"
        );
        assert_eq!(count(&world, entries).await, before + 1);
        assert_eq!(store::get(db, id).await.unwrap().version, message.version);
    }
}
