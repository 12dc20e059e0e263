//! The site group's jobs on both backends: scheduled publication and withdrawal (WEB-REVIEW,
//! WEB-ARCHIVE: the withdrawn page stays in the archive), the freshness
//! scan (WEB-FRESH: warned once before stale, marked stale once after, blank counted) and the
//! tamper check (SEC-TAMPER: a page altered behind the workflow's back raises the alarm to the
//! site's administrators and is put back).

use sites::article::{Command, Status};
use sites::jobs::{freshness, publish, tamper};
use sites::usecase::{self, read};

use crate::world::{news_content, t0, worlds};
use crate::{CAL, PROFILE, at};

/// WEB-REVIEW: a publication signed out for later goes out when its instant has come, once.
#[tokio::test]
async fn web_review_a_scheduled_article_goes_out_at_its_instant_once() {
    for w in worlds().await {
        let (db, key) = (&w.platform.db, &w.platform.key);
        let (id, _) = w.draft(w.news, news_content("周末开放日")).await;
        w.run(id, Command::Submit, &w.editor_a, t0()).await.unwrap();
        let review = Command::Review {
            opinion: String::new(),
        };
        w.run(id, review, &w.reviewer, t0()).await.unwrap();
        let later = at("2025-03-05T08:00");
        let (article, _) = w
            .run(id, Command::Publish { at: Some(later) }, &w.publisher, t0())
            .await
            .unwrap();
        assert_eq!(article.status, Status::Scheduled);
        let early = publish::publish_due(db, key, &CAL, &PROFILE, at("2025-03-04T08:00"), 10);
        assert_eq!(early.await.unwrap(), 0);
        assert!(read::published_article(db, id).await.unwrap().is_none());
        let due = publish::publish_due(db, key, &CAL, &PROFILE, at("2025-03-05T08:01"), 10);
        assert_eq!(due.await.unwrap(), 1, "{}", w.backend());
        let page = read::published_article(db, id).await.unwrap().unwrap();
        assert_eq!(page.published_at, at("2025-03-05T08:01"));
        let again = publish::publish_due(db, key, &CAL, &PROFILE, at("2025-03-05T08:02"), 10);
        assert_eq!(again.await.unwrap(), 0);
    }
}

/// WEB-REVIEW, WEB-ARCHIVE (定时撤稿): a withdrawal the publisher planned is carried out by the
/// job when its instant has come, once, with the planner and reason; before it the page is
/// served, after it the article is withdrawn into the archive; a cancelled plan does nothing.
#[tokio::test]
async fn web_review_a_planned_withdrawal_is_carried_out_at_its_instant_once() {
    for w in worlds().await {
        let (db, key) = (&w.platform.db, &w.platform.key);
        let id = w.published(w.news, news_content("春季招生咨询会")).await;
        let kept = w.published(w.news, news_content("秋季运动会")).await;
        let plan = |at_: &str| Command::ScheduleWithdrawal {
            at: at(at_),
            reason: "活动已结束".into(),
        };
        w.run(id, plan("2025-03-10T09:00"), &w.publisher, t0())
            .await
            .unwrap();
        w.run(kept, plan("2025-03-10T09:00"), &w.publisher, t0())
            .await
            .unwrap();
        w.run(kept, Command::CancelWithdrawal, &w.publisher, t0())
            .await
            .unwrap();
        let early = publish::withdraw_due(db, key, &CAL, &PROFILE, at("2025-03-10T08:59"), 10);
        assert_eq!(early.await.unwrap(), 0);
        let page = read::published_article(db, id).await.unwrap().unwrap();
        assert_eq!(page.withdrawn_at, None);
        let due = publish::withdraw_due(db, key, &CAL, &PROFILE, at("2025-03-10T09:01"), 10);
        assert_eq!(due.await.unwrap(), 1, "{}", w.backend());
        let article = sites::store::articles::get(db, id).await.unwrap().article;
        assert_eq!(article.status, Status::Withdrawn);
        let withdrawal = article.withdrawal.unwrap();
        assert_eq!(withdrawal.reason, "活动已结束");
        assert_eq!(withdrawal.by, w.publisher.acting.user);
        assert_eq!(withdrawal.at, at("2025-03-10T09:01"));
        assert!(article.planned_withdrawal.is_none());
        // WEB-ARCHIVE: the page stays readable, marked withdrawn.
        let page = read::published_article(db, id).await.unwrap().unwrap();
        assert_eq!(page.withdrawn_at, Some(at("2025-03-10T09:01")));
        let again = publish::withdraw_due(db, key, &CAL, &PROFILE, at("2025-03-11T09:00"), 10);
        assert_eq!(again.await.unwrap(), 0);
        let kept = sites::store::articles::get(db, kept).await.unwrap().article;
        assert_eq!(
            kept.status,
            Status::Published,
            "the cancelled plan did nothing"
        );
    }
}

/// WEB-FRESH: a news column (14 days in ganzhou) published on 3 March turns yellow before its
/// due update — its A/B editors are warned once —, is marked stale once after it, and a
/// column without any article is blank from the start.
#[tokio::test]
async fn web_fresh_editors_are_warned_once_before_stale_and_the_column_is_marked_once_after() {
    for w in worlds().await {
        let (db, key) = (&w.platform.db, &w.platform.key);
        w.published(w.news, news_content("开学第一课")).await;
        let messages = |subject: &str| {
            format!(
                "SELECT COUNT(*) AS n FROM outbox WHERE subject = '网站栏目“{subject}”' \
                 AND body LIKE '%WEB-FRESH%'"
            )
        };
        let first = freshness::scan(db, key, &CAL, &PROFILE, at("2025-03-04T09:00"))
            .await
            .unwrap();
        assert_eq!(first.warned, 0);
        assert!(
            first.blank >= 2,
            "the policy and interpretation columns are blank"
        );
        let yellow = at("2025-03-16T09:00");
        let warned = freshness::scan(db, key, &CAL, &PROFILE, yellow)
            .await
            .unwrap();
        assert_eq!(warned.warned, 1, "{}", w.backend());
        assert_eq!(
            w.scalar(&messages("教育动态")).await,
            2,
            "A and B are warned"
        );
        let again = freshness::scan(db, key, &CAL, &PROFILE, yellow)
            .await
            .unwrap();
        assert_eq!(again.warned, 0, "once");
        let stale = freshness::scan(db, key, &CAL, &PROFILE, at("2025-03-20T09:00"))
            .await
            .unwrap();
        assert_eq!(stale.marked_stale, 1);
        assert_eq!(w.scalar(&messages("教育动态")).await, 4);
        let quiet = freshness::scan(db, key, &CAL, &PROFILE, at("2025-03-21T09:00"))
            .await
            .unwrap();
        assert_eq!(quiet.marked_stale, 0);
        let report = freshness::report(db, Some(w.dept), at("2025-03-21T09:00"), &PROFILE, &CAL)
            .await
            .unwrap();
        let count = freshness::tally(&report);
        assert_eq!((count.stale, count.stale_core, count.blank), (1, 1, 2));
        assert_eq!(
            w.scalar("SELECT COUNT(*) AS n FROM site_columns WHERE fresh_stale = 1")
                .await,
            1
        );
    }
}

/// SEC-TAMPER: a page altered behind the workflow's back (an UPDATE of its stored content) is
/// found by the check, the alarm goes to the site's administrators, the approved version is
/// put back, and a second check finds nothing.
#[tokio::test]
async fn sec_tamper_a_page_altered_behind_the_workflow_raises_the_alarm_and_is_restored() {
    for w in worlds().await {
        let (db, key) = (&w.platform.db, &w.platform.key);
        let id = w.published(w.news, news_content("开学第一课")).await;
        let clean = tamper::check(db, key, &CAL, &PROFILE, t0()).await.unwrap();
        assert_eq!((clean.checked, clean.alarms), (1, 0));
        let approved = read::published_article(db, id)
            .await
            .unwrap()
            .unwrap()
            .content;
        let mut altered = approved.clone();
        altered.body = "<p>网站已被黑，访问 http://evil.example 领奖</p>".into();
        sqlx::query("UPDATE site_pages SET content = $1 WHERE article_id = $2")
            .bind(serde_json::to_string(&altered).unwrap())
            .bind(id.0)
            .execute(&db.pool)
            .await
            .unwrap();
        let found = tamper::check(db, key, &CAL, &PROFILE, at("2025-03-03T10:00"))
            .await
            .unwrap();
        assert_eq!((found.alarms, found.restored), (1, 1), "{}", w.backend());
        let alarms = "SELECT COUNT(*) AS n FROM outbox WHERE subject = '网页防篡改告警'";
        assert!(
            w.scalar(alarms).await >= 2,
            "the publishers and the leaders are told"
        );
        let publisher = w.publisher.acting.user.0;
        let to_publisher = format!("{alarms} AND recipient_user_id = {publisher}");
        assert_eq!(w.scalar(&to_publisher).await, 1);
        let page = read::published_article(db, id).await.unwrap().unwrap();
        assert_eq!(page.content, approved);
        assert_eq!(
            w.scalar("SELECT COUNT(*) AS n FROM site_tamper_alarms")
                .await,
            1
        );
        let audited = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'sites.tamper_alarm'";
        assert_eq!(w.scalar(audited).await, 1);
        let after = tamper::check(db, key, &CAL, &PROFILE, at("2025-03-03T10:10"))
            .await
            .unwrap();
        assert_eq!(after.alarms, 0);
        let office = usecase::office_article(db, id, &w.publisher.acting)
            .await
            .unwrap();
        assert_eq!(office.article.status, Status::Published);
    }
}
