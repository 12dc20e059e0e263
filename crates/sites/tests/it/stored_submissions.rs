//! Submissions stored and run on the kernel, on both backends (WEB-SUBMIT; 004 §26–28, 40):
//! the market bureau's information officer submits to the education site's news column, the
//! bureau's leader approves, the column's editor adopts it as a draft article in the same
//! transaction — the editors' clock on the shared clock table from receipt to decision — or
//! returns it; the mobile is sealed and revealed with an audit row; the weekly quota's table
//! and the runs of late weeks recorded as accountability events, explained by the principal.

use std::sync::LazyLock;

use calendar::Instant;
use platform::profile::{RuleProfile, preset};
use platform::workflow::Context;
use sites::article::Status as ArticleStatus;
use sites::submission::quota::WeekStatus;
use sites::submission::{Command, Status, SubmissionInput};
use sites::usecase::{self, read};
use sites::{SubmissionId, UnitId};

use crate::world::{Staff, World, staff_of, t0, unit, worlds};
use crate::{CAL, at, date};

static XINGNING: LazyLock<RuleProfile> = LazyLock::new(|| preset("xingning").unwrap().build());

fn input(w: &World, title: &str) -> SubmissionInput {
    SubmissionInput {
        column: w.news,
        author: "杨承办".into(),
        mobile: "13912345678".into(),
        title: title.into(),
        body: "<p>区市场监督管理局开展校园食品安全检查。</p>\
               <img src=\"/files/check.jpg\" alt=\"检查现场\">"
            .into(),
        major: false,
    }
}

fn xingning<'a>(w: &'a World, staff: &'a Staff, now: Instant) -> Context<'a> {
    Context::new(&w.platform.key, &staff.audit, &CAL, &XINGNING, now)
}

/// The market bureau's officer and leader (demo accounts).
async fn market(w: &World) -> (Staff, Staff) {
    (
        staff_of(&w.platform, "handler").await,
        staff_of(&w.platform, "leader").await,
    )
}

async fn run(
    w: &World,
    id: SubmissionId,
    command: Command,
    by: &Staff,
    now: Instant,
) -> platform::Result<sites::submission::Submission> {
    usecase::execute_submission(
        &w.platform.db,
        &w.context(by, now),
        &by.acting,
        id,
        command,
        None,
    )
    .await
    .map(|(submission, _)| submission)
}

/// A submission of the market bureau taken to the editors at `now`.
async fn received(w: &World, title: &str, now: Instant) -> SubmissionId {
    let (officer, leader) = market(w).await;
    let db = &w.platform.db;
    let (id, _) = usecase::create_submission(
        db,
        &w.context(&officer, now),
        &officer.acting,
        input(w, title),
    )
    .await
    .unwrap();
    run(w, id, Command::Submit, &officer, now).await.unwrap();
    let approve = Command::Approve {
        opinion: "同意报送".into(),
    };
    run(w, id, approve, &leader, now).await.unwrap();
    id
}

/// WEB-SUBMIT: from the officer's form to a draft article of the column. The mobile is sealed
/// (not in the snapshot, opened only to its row), the leader's approval starts the editors'
/// 1 WD clock under the site's operator unit, a stranger's adoption drafts nothing, the
/// editor's adoption makes the draft (title, body, source the unit) in the same transaction
/// and stops the clock as met; every step is a history row and an audit row.
#[tokio::test]
async fn web_submit_a_units_submission_becomes_a_draft_article_within_its_clock() {
    for w in worlds().await {
        let db = &w.platform.db;
        let (officer, leader) = market(&w).await;
        let market_unit = unit(&w.platform, "gz-market").await;
        let id = received(&w, "校园食品安全检查", t0()).await;
        let sealed = w
            .scalar(&format!(
                "SELECT COUNT(*) AS n FROM site_submissions WHERE id = {id} \
                 AND state NOT LIKE '%13912345678%' AND unit_id = {market_unit}"
            ))
            .await;
        assert_eq!(sealed, 1, "{}", w.backend());
        let clock = format!(
            "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'site_submission' \
             AND subject_id = '{id}' AND rule_id = 'WEB-SUBMIT' AND unit_id = {} AND status = '{{}}'",
            w.office
        );
        assert_eq!(w.scalar(&clock.replace("{}", "running")).await, 1);
        // The editors are told; the unit's leaders were told at submission.
        let told = "SELECT COUNT(*) AS n FROM outbox WHERE subject = '报送信息“校园食品安全检查”'";
        assert!(w.scalar(told).await >= 2);
        let articles = "SELECT COUNT(*) AS n FROM site_articles";
        let before = w.scalar(articles).await;
        let refused = usecase::adopt_submission(
            db,
            &w.context(&w.outsider, t0()),
            &w.outsider.acting,
            id,
            None,
            None,
        )
        .await
        .unwrap_err();
        assert!(refused.to_string().contains("A岗、B岗"), "{refused}");
        assert_eq!(w.scalar(articles).await, before, "nothing drafted");
        let later = at("2025-03-04T10:00");
        let (adopted, article, _) = usecase::adopt_submission(
            db,
            &w.context(&w.editor_a, later),
            &w.editor_a.acting,
            id,
            None,
            None,
        )
        .await
        .unwrap();
        assert_eq!(adopted.status, Status::Adopted);
        assert_eq!(adopted.article(), Some(article));
        let office = usecase::office_article(db, article, &w.editor_a.acting)
            .await
            .unwrap();
        assert_eq!(office.article.status, ArticleStatus::Draft);
        assert_eq!(office.article.column, w.news);
        assert_eq!(office.article.content.title, "校园食品安全检查");
        assert_eq!(office.article.content.source, "区市场监督管理局");
        assert!(office.article.content.body.contains("alt=\"检查现场\""));
        assert_eq!(w.scalar(&clock.replace("{}", "met")).await, 1);
        let linked = format!(
            "SELECT COUNT(*) AS n FROM site_submissions WHERE id = {id} AND article_id = {article}"
        );
        assert_eq!(w.scalar(&linked).await, 1);
        let page = usecase::office_submission(db, &w.platform.key, id, &leader.acting)
            .await
            .unwrap();
        assert_eq!(page.mobile_masked, "139****5678");
        let steps: Vec<&str> = page.history.iter().map(|line| line.command).collect();
        assert_eq!(
            steps,
            ["填写报送信息", "提交领导审核", "审核同意报送", "采用"],
            "{}",
            w.backend()
        );
        let audited = format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE object_type = 'site_submission' \
             AND object_id = '{id}'"
        );
        assert_eq!(w.scalar(&audited).await, 4);
        // Another unit's staff does not read it; the officer reveals the mobile, audited.
        assert!(
            usecase::office_submission(db, &w.platform.key, id, &w.reviewer.acting)
                .await
                .is_err()
        );
        let clear = usecase::reveal_mobile(db, &w.context(&officer, later), &officer.acting, id)
            .await
            .unwrap();
        assert_eq!(clear, "13912345678");
        assert_eq!(w.scalar(&audited).await, 5);
        assert!(
            usecase::reveal_mobile(db, &w.context(&w.reviewer, later), &w.reviewer.acting, id)
                .await
                .is_err()
        );
    }
}

/// WEB-SUBMIT: the editors return a submission with its reason after their limit — the clock
/// stops breached and the writer is told; a bad form is refused with every problem and stores
/// nothing; the leader's send-back returns it to the writer, whose edit reseals the mobile.
#[tokio::test]
async fn web_submit_returned_late_refused_whole_and_sent_back() {
    for w in worlds().await {
        let db = &w.platform.db;
        let (officer, leader) = market(&w).await;
        let id = received(&w, "重复的信息", t0()).await;
        let back = Command::Return {
            reason: "与已发布信息重复".into(),
        };
        let late = at("2025-03-05T09:00");
        let returned = run(&w, id, back, &w.editor_b, late).await.unwrap();
        assert_eq!(returned.return_reason(), Some("与已发布信息重复"));
        let breached = format!(
            "SELECT COUNT(*) AS n FROM clocks WHERE subject_type = 'site_submission' \
             AND subject_id = '{id}' AND status = 'breached'"
        );
        assert_eq!(w.scalar(&breached).await, 1, "{}", w.backend());
        let count = "SELECT COUNT(*) AS n FROM site_submissions";
        let before = w.scalar(count).await;
        let bad = SubmissionInput {
            mobile: "12345".into(),
            body: "<img src=\"/x.jpg\">".into(),
            ..input(&w, "")
        };
        let error =
            usecase::create_submission(db, &w.context(&officer, t0()), &officer.acting, bad)
                .await
                .unwrap_err()
                .to_string();
        for part in ["手机号码", "信息名称", "图片未命名"] {
            assert!(error.contains(part), "{part} in {error}");
        }
        assert_eq!(w.scalar(count).await, before, "nothing stored");
        let (id, _) = usecase::create_submission(
            db,
            &w.context(&officer, t0()),
            &officer.acting,
            input(&w, "待修改的信息"),
        )
        .await
        .unwrap();
        run(&w, id, Command::Submit, &officer, t0()).await.unwrap();
        let send_back = Command::SendBack {
            reason: "请补充检查结果".into(),
        };
        let draft = run(&w, id, send_back, &leader, t0()).await.unwrap();
        assert_eq!(draft.status, Status::Draft);
        assert_eq!(draft.open_send_back().unwrap().reason, "请补充检查结果");
        let mut fixed = input(&w, "待修改的信息");
        fixed.mobile = "13800001111".into();
        let edit = Command::Edit {
            input: Box::new(fixed),
        };
        run(&w, id, edit, &officer, t0()).await.unwrap();
        let clear = usecase::reveal_mobile(db, &w.context(&leader, t0()), &leader.acting, id)
            .await
            .unwrap();
        assert_eq!(clear, "13800001111");
        let queue = usecase::editor_queue(db, w.editor_a.acting.user)
            .await
            .unwrap();
        assert!(queue.is_empty(), "nothing waits for the editors");
        let mine = usecase::unit_submissions(db, officer.acting.unit, 10)
            .await
            .unwrap();
        assert_eq!(mine.len(), 2);
    }
}

/// WEB-SUBMIT (004 §26, §40), under xingning's profile: the week table counts what reached the
/// editors per unit and week; from three weeks in a row without a submission, the scan records
/// one accountability event per unit (its leaders told, audited), extends it while the run
/// goes on and records nothing twice; the principal explains once, in writing. Under
/// ganzhou's profile (no quota) nothing is recorded.
#[tokio::test]
async fn web_submit_three_weeks_without_a_submission_are_an_accountability_event() {
    for w in worlds().await {
        let db = &w.platform.db;
        let (officer, leader) = market(&w).await;
        let market_unit = unit(&w.platform, "gz-market").await;
        let id = received(&w, "第一周的信息", t0()).await;
        usecase::adopt_submission(
            db,
            &w.context(&w.editor_a, t0()),
            &w.editor_a.acting,
            id,
            None,
            None,
        )
        .await
        .unwrap();
        let table =
            usecase::submission_weeks(db, &XINGNING, date("2025-03-03"), 3, date("2025-03-12"))
                .await
                .unwrap();
        assert_eq!(table.per_week, 1);
        let line = table
            .units
            .iter()
            .find(|line| line.unit == market_unit)
            .unwrap();
        assert_eq!(line.name, "区市场监督管理局");
        let weeks: Vec<(u32, u32, WeekStatus)> = line
            .weeks
            .weeks
            .iter()
            .map(|week| (week.submitted, week.adopted, week.status))
            .collect();
        assert_eq!(
            weeks,
            [
                (1, 1, WeekStatus::Met),
                (0, 0, WeekStatus::Open),
                (0, 0, WeekStatus::Open)
            ],
            "{}",
            w.backend()
        );
        assert!(table.units.iter().all(|line| line.unit != UnitId(0)));
        // Ganzhou asks for no weekly submissions: nothing to record.
        let scanner = &w.office_leader;
        let april = at("2025-04-01T09:00");
        assert!(
            usecase::record_late_runs(db, &w.context(scanner, april))
                .await
                .unwrap()
                .is_empty()
        );
        // Xingning: weeks 2–4 (from 2025-03-10) missed by the market bureau.
        let recorded = usecase::record_late_runs(db, &xingning(&w, scanner, april))
            .await
            .unwrap();
        let of_market = recorded.iter().find(|run| run.unit == market_unit).unwrap();
        assert_eq!(
            (of_market.first_week, of_market.last_week, of_market.weeks),
            (date("2025-03-10"), date("2025-03-24"), 3)
        );
        let of_edu = recorded.iter().find(|run| run.unit == w.edu).unwrap();
        assert_eq!((of_edu.first_week, of_edu.weeks), (date("2025-03-03"), 4));
        let told = "SELECT COUNT(*) AS n FROM outbox WHERE subject = '信息报送问责'";
        let told_before = w.scalar(told).await;
        assert!(told_before >= 2);
        let again = usecase::record_late_runs(db, &xingning(&w, scanner, april))
            .await
            .unwrap();
        assert!(again.is_empty(), "nothing recorded twice");
        let week_on = at("2025-04-08T09:00");
        let extended = usecase::record_late_runs(db, &xingning(&w, scanner, week_on))
            .await
            .unwrap();
        let of_market = extended.iter().find(|run| run.unit == market_unit).unwrap();
        assert_eq!(
            (of_market.first_week, of_market.weeks),
            (date("2025-03-10"), 4)
        );
        assert_eq!(
            w.scalar(told).await,
            told_before,
            "an extension tells no one again"
        );
        let runs = usecase::late_runs(db, Some(market_unit)).await.unwrap();
        assert_eq!(runs.len(), 1);
        let run_id = runs[0].id;
        let refused = usecase::explain_late_run(
            db,
            &w.context(&officer, week_on),
            &officer.acting,
            run_id,
            "说明",
            None,
        )
        .await
        .unwrap_err();
        assert!(refused.to_string().contains("主要领导"), "{refused}");
        let explained = usecase::explain_late_run(
            db,
            &w.context(&leader, week_on),
            &leader.acting,
            run_id,
            "三月中旬专项检查任务集中，信息报送不及时，已指定专人负责。",
            Some(runs[0].version),
        )
        .await
        .unwrap();
        assert_eq!(explained.explained_by, Some(leader.acting.user));
        assert!(
            usecase::explain_late_run(
                db,
                &w.context(&leader, week_on),
                &leader.acting,
                run_id,
                "再次说明",
                None
            )
            .await
            .is_err()
        );
        let audited = "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'sites.submission.%' \
                       AND object_type = 'site_unit'";
        assert!(w.scalar(audited).await >= 4);
        // The column still lists only published pages: the adopted draft is not one.
        assert_eq!(
            read::column_articles(db, w.news, 1, 20)
                .await
                .unwrap()
                .total,
            0
        );
    }
}
