//! The knowledge base on both backends (KB-LIFE, KB-STATS, HL-INSTANT): the life of an entry
//! from draft to a second published version, refused transitions, search that ranks title
//! hits first and never shows drafts, usage counting and the review date.

use calendar::Instant;
use hotline::kb::{EntryId, EntryStatus};
use hotline::kb_store::{self, KbDraft, UsageChannel};
use platform::Platform;
use platform::audit::AuditActor;
use sqlx::Row as _;

use crate::store::{at, backend, seeded};
use crate::usecase::{rules, unit};

fn actor() -> AuditActor {
    AuditActor::system("test-kb")
}

fn kb_draft(title: &str, answer: &str, keywords: &str) -> KbDraft {
    KbDraft {
        title: title.into(),
        question: format!("{title}怎么办？"),
        answer: answer.into(),
        keywords: keywords.into(),
        category: "测试".into(),
    }
}

fn t(day: &str) -> Instant {
    at(&format!("{day}T10:00:00+08:00"))
}

async fn new_draft(platform: &Platform, draft: KbDraft) -> EntryId {
    let owner = unit(platform, "gz-hrss").await;
    let mut tx = platform.db.begin().await.unwrap();
    let id = kb_store::draft(&mut tx, &actor(), owner, draft, t("2025-03-03"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn published(platform: &Platform, draft: KbDraft, now: Instant) -> EntryId {
    let id = new_draft(platform, draft).await;
    let mut tx = platform.db.begin().await.unwrap();
    kb_store::submit(&mut tx, &actor(), id, now).await.unwrap();
    kb_store::publish(&mut tx, &actor(), id, rules(), now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn count(platform: &Platform, sql: &str, id: EntryId) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(id.0)
        .fetch_one(&platform.db.pool)
        .await
        .unwrap()
        .try_get::<i64, _>("n")
        .unwrap()
}

async fn titles(platform: &Platform, query: &str, only_published: bool) -> Vec<String> {
    kb_store::search(&platform.db, query, only_published, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|hit| hit.title)
        .collect()
}

#[tokio::test]
async fn kb_life_draft_submit_publish_revise_publish_keeps_every_version() {
    for platform in seeded().await {
        let name = backend(&platform);
        let id = published(
            &platform,
            kb_draft("居住证办理", "带身份证到派出所", "居住证"),
            t("2025-03-03"),
        )
        .await;
        let entry = kb_store::get(&platform.db, id).await.unwrap();
        assert_eq!(entry.status, EntryStatus::Published, "{name}");
        assert_eq!(entry.current_version, 1);
        assert!(
            entry.review_due_at.unwrap() > t("2026-03-01").millis(),
            "review date a year on"
        );

        let mut tx = platform.db.begin().await.unwrap();
        kb_store::revise(&mut tx, &actor(), id, t("2025-04-01"))
            .await
            .unwrap();
        kb_store::edit(
            &mut tx,
            &actor(),
            id,
            kb_draft("居住证办理", "可在网上申请居住证", "居住证"),
            t("2025-04-01"),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let hits = kb_store::search(&platform.db, "居住证", true, 5)
            .await
            .unwrap();
        assert_eq!(
            hits.len(),
            1,
            "{name}: version 1 stays searchable while revising"
        );
        assert_eq!(hits[0].answer, "带身份证到派出所");

        let mut tx = platform.db.begin().await.unwrap();
        kb_store::submit(&mut tx, &actor(), id, t("2025-04-02"))
            .await
            .unwrap();
        kb_store::publish(&mut tx, &actor(), id, rules(), t("2025-04-02"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let versions = kb_store::versions(&platform.db, id).await.unwrap();
        let numbers: Vec<u32> = versions.iter().map(|v| v.version).collect();
        assert_eq!(numbers, vec![2, 1], "{name}");
        assert_eq!(versions[1].answer, "带身份证到派出所");
        let hits = kb_store::search(&platform.db, "居住证", true, 5)
            .await
            .unwrap();
        assert_eq!(hits[0].answer, "可在网上申请居住证");
        assert_eq!(hits[0].version, 2);
        let audited = count(&platform, "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM audit_log WHERE object_type = 'kb_entry' AND object_id = CAST($1 AS TEXT)", id).await;
        assert_eq!(audited, 7, "{name}: one audit row per change");

        let mut tx = platform.db.begin().await.unwrap();
        kb_store::withdraw(&mut tx, &actor(), id, t("2025-05-01"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert!(
            titles(&platform, "居住证", true).await.is_empty(),
            "{name}: withdrawn leaves search"
        );
    }
}

#[tokio::test]
async fn kb_life_refused_transitions_and_bad_input_change_nothing() {
    for platform in seeded().await {
        let name = backend(&platform);
        let id = new_draft(&platform, kb_draft("养老保险", "缴费满15年", "养老")).await;
        let before = kb_store::get(&platform.db, id).await.unwrap();
        let mut tx = platform.db.begin().await.unwrap();
        let refused = kb_store::publish(&mut tx, &actor(), id, rules(), t("2025-03-04"))
            .await
            .unwrap_err();
        assert!(
            matches!(refused, platform::Error::InvalidTransition { .. }),
            "{name}: {refused}"
        );
        assert!(refused.to_string().contains("草稿"), "{refused}");
        let refused = kb_store::revise(&mut tx, &actor(), id, t("2025-03-04"))
            .await
            .unwrap_err();
        assert_eq!(refused.to_string(), "当前状态“草稿”下不能执行“修订”");
        let empty = kb_store::edit(
            &mut tx,
            &actor(),
            id,
            kb_draft("", "x", ""),
            t("2025-03-04"),
        )
        .await
        .unwrap_err();
        assert_eq!(empty.to_string(), "标题不能为空");
        let long = kb_store::edit(
            &mut tx,
            &actor(),
            id,
            kb_draft("养老", &"长".repeat(4001), ""),
            t("2025-03-04"),
        )
        .await
        .unwrap_err();
        assert!(matches!(long, platform::Error::Invalid(_)), "{long}");
        let missing = kb_store::submit(&mut tx, &actor(), EntryId(987_654), t("2025-03-04"))
            .await
            .unwrap_err();
        assert!(matches!(missing, platform::Error::NotFound(_)), "{missing}");
        kb_store::submit(&mut tx, &actor(), id, t("2025-03-04"))
            .await
            .unwrap();
        let refused = kb_store::edit(
            &mut tx,
            &actor(),
            id,
            kb_draft("养老", "改", ""),
            t("2025-03-04"),
        )
        .await
        .unwrap_err();
        assert!(
            matches!(refused, platform::Error::InvalidTransition { .. }),
            "{refused}"
        );
        let no_reason = kb_store::send_back(&mut tx, &actor(), id, "  ", t("2025-03-04"))
            .await
            .unwrap_err();
        assert_eq!(no_reason.to_string(), "退回理由不能为空");
        drop(tx);
        assert_eq!(
            kb_store::get(&platform.db, id).await.unwrap(),
            before,
            "{name}"
        );
        assert_eq!(
            count(
                &platform,
                "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM kb_versions WHERE entry_id = $1",
                id
            )
            .await,
            0
        );
    }
}

#[tokio::test]
async fn kb_stats_search_needs_every_term_ranks_title_hits_first_and_hides_drafts() {
    for platform in seeded().await {
        let name = backend(&platform);
        let now = t("2025-03-03");
        published(
            &platform,
            kb_draft("门诊费用说明", "医保卡 可在门诊结算", "门诊"),
            now,
        )
        .await;
        published(
            &platform,
            kb_draft("医保卡激活", "到银行网点激活", "社保"),
            now,
        )
        .await;
        new_draft(&platform, kb_draft("医保卡草稿", "尚未审核", "医保卡")).await;
        let found = titles(&platform, "医保卡", true).await;
        assert_eq!(
            found,
            vec!["医保卡激活", "门诊费用说明"],
            "{name}: title hit first, no draft"
        );
        assert_eq!(
            titles(&platform, "医保卡 银行", true).await,
            vec!["医保卡激活"],
            "every term"
        );
        assert_eq!(
            titles(&platform, "社保", true).await,
            vec!["医保卡激活"],
            "by keyword"
        );
        assert!(
            titles(&platform, "医保卡", false)
                .await
                .contains(&"医保卡草稿".to_owned())
        );
        assert!(
            titles(&platform, "100%_!", true).await.is_empty(),
            "LIKE characters are literal"
        );
    }
}

#[tokio::test]
async fn kb_stats_record_use_counts_and_ranks_the_most_used() {
    for platform in seeded().await {
        let name = backend(&platform);
        let now = t("2025-03-03");
        let rare = published(
            &platform,
            kb_draft("燃气开户", "到燃气公司营业厅", "燃气 开户"),
            now,
        )
        .await;
        let often = published(
            &platform,
            kb_draft("燃气缴费", "可在网上缴费", "燃气 缴费"),
            now,
        )
        .await;
        let draft = new_draft(&platform, kb_draft("燃气草稿", "未发布", "燃气")).await;
        let mut tx = platform.db.begin().await.unwrap();
        for (id, channel) in [
            (often, UsageChannel::Operator),
            (often, UsageChannel::Public),
            (rare, UsageChannel::Operator),
        ] {
            let used = kb_store::record_use(&mut tx, id, None, channel, t("2025-03-05"))
                .await
                .unwrap();
            assert_eq!(used.status, EntryStatus::Published);
            assert_eq!(used.version, 1);
        }
        let refused = kb_store::record_use(
            &mut tx,
            draft,
            None,
            UsageChannel::Operator,
            t("2025-03-05"),
        )
        .await;
        assert!(
            matches!(refused, Err(platform::Error::Invalid(_))),
            "{name}: a draft is never used"
        );
        tx.commit().await.unwrap();
        assert_eq!(
            titles(&platform, "燃气", true).await,
            vec!["燃气缴费", "燃气开户"],
            "{name}: most used first"
        );
        let stats = kb_store::usage_stats(&platform.db, t("2025-03-01"), t("2025-03-31"))
            .await
            .unwrap();
        assert_eq!(
            (stats.total, stats.by_operators, stats.by_public),
            (3, 2, 1),
            "{name}"
        );
        assert_eq!(stats.most_used[0].id, often);
        assert_eq!(stats.most_used[0].uses, 2);
        assert_eq!(stats.most_used[0].question, "燃气缴费怎么办？");
        let later = kb_store::usage_stats(&platform.db, t("2025-04-01"), t("2025-04-30"))
            .await
            .unwrap();
        assert_eq!(later.total, 0);
        assert_eq!(kb_store::usage_count(&platform.db, often).await.unwrap(), 2);
    }
}

#[tokio::test]
async fn kb_life_an_entry_past_its_review_date_is_due_for_review() {
    for platform in seeded().await {
        let name = backend(&platform);
        let id = published(
            &platform,
            kb_draft("殡葬补贴", "按规定发放", "殡葬"),
            t("2025-03-03"),
        )
        .await;
        let entry = kb_store::get(&platform.db, id).await.unwrap();
        let due = entry.review_due_at.unwrap();
        let before = kb_store::due_for_review(&platform.db, Instant::from_millis(due - 1))
            .await
            .unwrap();
        assert!(before.iter().all(|e| e.id != id), "{name}: not yet due");
        let after = kb_store::due_for_review(&platform.db, Instant::from_millis(due + 1))
            .await
            .unwrap();
        assert_eq!(
            after.iter().map(|e| e.id).collect::<Vec<_>>(),
            vec![id],
            "{name}"
        );
        assert!(entry.entry().is_due_for_review(
            Instant::from_millis(due + 1),
            &crate::PROFILE.knowledge,
            &crate::CAL
        ));
    }
}
