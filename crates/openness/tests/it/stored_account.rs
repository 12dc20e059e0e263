//! Accountability cases stored and run on the workflow kernel, on both backends (PUB-ACCOUNT):
//! the office opens a case against the market bureau linked to a supervisor's finding about
//! it (a link to a missing record, or to another unit's, is refused and nothing stored), the
//! report clock runs under the bureau, the bureau's handler submits the written report, the
//! office closes the case; a stranger changes nothing.

use openness::account::{
    Command, Failure, Link, Opening, Responsibility, Sanction, Source, Status,
};
use openness::supervisor::{FindingFiling, Link as Stage};
use openness::usecase::account as usecase;
use openness::usecase::supervisors::{self, NewSupervisor};
use openness::{Acting, UnitId};
use platform::audit::AuditActor;
use platform::workflow::Context;
use sqlx::Row as _;

use crate::{CAL, PROFILE, date, t0};

struct Staff {
    acting: Acting,
    audit: AuditActor,
}

async fn staff_of(platform: &platform::Platform, username: &str) -> Staff {
    let id = platform::users::id_by_username(&platform.db, username)
        .await
        .unwrap()
        .unwrap();
    let actor = platform::users::load_actor(&platform.db, id)
        .await
        .unwrap()
        .unwrap();
    Staff {
        acting: Acting::from(&actor),
        audit: AuditActor::staff(&actor, "127.0.0.1"),
    }
}

fn ctx<'a>(platform: &'a platform::Platform, staff: &'a Staff) -> Context<'a> {
    Context::new(&platform.key, &staff.audit, &CAL, &PROFILE, t0())
}

async fn count(platform: &platform::Platform, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&platform.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

#[tokio::test]
async fn pub_account_case_linked_reported_and_closed_on_both_backends() {
    for platform in platform::testing::each_backend().await {
        platform::demo::seed(&platform.db, &platform.key)
            .await
            .unwrap();
        let db = &platform.db;
        let unit_of = |code: &'static str| async move {
            UnitId(
                platform::units::find_by_code(db, code)
                    .await
                    .unwrap()
                    .unwrap()
                    .id,
            )
        };
        let market = unit_of("gz-market").await;
        let officer = staff_of(&platform, "openness").await;
        let handler = staff_of(&platform, "handler").await;
        let stranger = staff_of(&platform, "clerk").await;
        // A finding about the bureau to link to.
        let supervisor = supervisors::register_supervisor(
            db,
            &ctx(&platform, &officer),
            &officer.acting,
            NewSupervisor {
                name: "监督员戊".into(),
                contact: "13700000001".into(),
                origin: "新闻媒体".into(),
                term_from: date("2025-01-01"),
                term_until: date("2026-12-31"),
            },
        )
        .await
        .unwrap();
        let (finding, _) = supervisors::register_finding(
            db,
            &ctx(&platform, &officer),
            &officer.acting,
            supervisor.id,
            FindingFiling {
                supervisor: None,
                unit: market,
                link: Stage::Result,
                found_on: date("2026-02-27"),
                matter: "未公开抽查结果".into(),
            },
        )
        .await
        .unwrap();
        let opening = |link: Option<Link>, unit: UnitId| Opening {
            unit,
            failure: Failure::NotDisclosed,
            link,
            facts: "抽查结果应公开而未公开".into(),
            responsibility: Responsibility::Leader,
            responsible: "王某（分管副局长）".into(),
            sanction: Sanction::Notice,
        };
        // Links to a missing record, or to a record about another unit: refused, nothing stored.
        let missing = Some(Link {
            source: Source::Complaint,
            id: 999_999,
        });
        let refused = usecase::open(
            db,
            &ctx(&platform, &officer),
            &officer.acting,
            opening(missing, market),
        )
        .await
        .unwrap_err()
        .to_string();
        assert!(refused.contains("不存在"), "{refused}");
        let theirs = Some(Link {
            source: Source::Finding,
            id: finding.id.0,
        });
        let other = unit_of("gz-education").await;
        assert!(
            usecase::open(
                db,
                &ctx(&platform, &officer),
                &officer.acting,
                opening(theirs, other)
            )
            .await
            .is_err()
        );
        assert_eq!(
            count(&platform, "SELECT COUNT(*) FROM openness_account_cases").await,
            0
        );

        let (case, number) = usecase::open(
            db,
            &ctx(&platform, &officer),
            &officer.acting,
            opening(theirs, market),
        )
        .await
        .unwrap();
        assert!(number.starts_with("ZJ2026"), "{number}");
        let clock = format!(
            "SELECT COUNT(*) FROM clocks WHERE subject_type = 'openness_account_case' \
             AND rule_id = 'PUB-ACCOUNT' AND status = 'running' AND unit_id = {}",
            market.0
        );
        assert_eq!(count(&platform, &clock).await, 1);
        let report = Command::Report {
            text: "已公开抽查结果，分管领导作书面检查".into(),
        };
        for by in [&stranger, &officer] {
            assert!(
                usecase::execute(
                    db,
                    &ctx(&platform, by),
                    &by.acting,
                    case.id,
                    report.clone(),
                    None
                )
                .await
                .is_err()
            );
        }
        let (_, version) = usecase::execute(
            db,
            &ctx(&platform, &handler),
            &handler.acting,
            case.id,
            report,
            Some(1),
        )
        .await
        .unwrap();
        usecase::execute(
            db,
            &ctx(&platform, &officer),
            &officer.acting,
            case.id,
            Command::Close {
                note: "整改到位".into(),
            },
            Some(version),
        )
        .await
        .unwrap();
        let seen = usecase::office_case(db, case.id, &handler.acting)
            .await
            .unwrap();
        assert_eq!(seen.case.status, Status::Closed);
        assert_eq!(seen.case.reports.len(), 1);
        assert_eq!(count(&platform, &clock).await, 0);
    }
}
