//! HALL-ASSIST on both backends: a case of help recorded with helper, type and priority group
//! and its audit row; proxy handling of an item barred from it, or without its item, and a
//! case without what was done refused with nothing written; the day's count per type.

use hall::assist::{Assist, AssistKind, check};
use hall::ticket::Priority;
use hall::usecase::{assists, local_day_minute};
use sqlx::Row as _;

use crate::stored_queue::world;

fn case(kind: AssistKind, helper: i64) -> Assist {
    Assist {
        helper_user_id: helper,
        kind,
        group: Priority::Elderly,
        ticket_id: None,
        item_code: Some("GZ-SC-0003".into()),
        note: "协助老人在手机上完成申报".into(),
    }
}

#[test]
fn hall_assist_checks_table() {
    let mut no_note = case(AssistKind::Mobile, 1);
    no_note.note = " ".into();
    let mut proxy_without_item = case(AssistKind::Proxy, 1);
    proxy_without_item.item_code = None;
    let cases = [
        (case(AssistKind::Mobile, 1), false, None),
        (case(AssistKind::Proxy, 1), false, None),
        (case(AssistKind::Proxy, 1), true, Some("依法不得代办")),
        (case(AssistKind::FillForm, 1), true, None),
        (no_note, false, Some("帮办内容")),
        (proxy_without_item, false, Some("代办须写明所办事项")),
    ];
    for (assist, barred, problem) in cases {
        match (check(&assist, barred), problem) {
            (Ok(()), None) => {}
            (Err(error), Some(problem)) => assert!(error.to_string().contains(problem), "{error}"),
            (result, problem) => panic!("{assist:?}: {result:?}, expected {problem:?}"),
        }
    }
    let labels: Vec<&str> = AssistKind::ALL.iter().map(|k| k.label()).collect();
    assert_eq!(
        labels,
        ["帮注册", "帮网办", "帮手机办", "帮自助办", "帮填表", "代办"]
    );
}

#[tokio::test]
async fn hall_assist_cases_are_recorded_and_audited_on_both_backends() {
    for platform in platform::testing::each_backend().await {
        let w = world(platform, 1).await;
        let db = &w.platform.db;
        let helper = w.clerks[0].user_id.unwrap();
        let now = platform::db::now_ms();
        assists::record(
            db,
            &w.clerks[0],
            &case(AssistKind::Mobile, helper),
            false,
            now,
        )
        .await
        .unwrap();
        assists::record(
            db,
            &w.clerks[0],
            &case(AssistKind::Proxy, helper),
            false,
            now,
        )
        .await
        .unwrap();
        let refused = assists::record(
            db,
            &w.clerks[0],
            &case(AssistKind::Proxy, helper),
            true,
            now,
        )
        .await;
        assert!(refused.unwrap_err().to_string().contains("依法不得代办"));
        let (today, _) = local_day_minute(now);
        let counts = assists::count_of_day(db, today).await.unwrap();
        assert_eq!(counts[2], (AssistKind::Mobile, 1));
        assert_eq!(counts[5], (AssistKind::Proxy, 1));
        let audited: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'hall.assist.record'")
                .fetch_one(&db.pool)
                .await
                .unwrap()
                .try_get("n")
                .unwrap();
        assert_eq!(audited, 2);
    }
}
