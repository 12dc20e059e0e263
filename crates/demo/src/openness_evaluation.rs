//! The demo's social evaluation (PUB-EVAL), made through the evaluation use cases as the
//! government office's openness officer would: three evaluators appointed on 1 January of
//! last year (their two-year term from the profile), last year's evaluation published —
//! the education bureau and 东街街道 above the pass percent, the market bureau at 33.3 %, its
//! head interviewed — and this year's open with the market bureau below again, so that the
//! page offers the accountability case (log in as `openness`, 社会评议). Nothing is made when
//! an evaluator exists.

use calendar::Instant;
use chrono::{Datelike, NaiveDate};
use openness::UnitId;
use openness::evaluation::{EvaluatorId, Rating};
use openness::usecase::evaluation::{self as usecase, SheetEntry};
use platform::Platform;
use platform::db::now_ms;
use platform::workflow::Context;
use sqlx::Row as _;

use crate::complaints::by_name;

async fn unit(db: &platform::db::Db, code: &str) -> anyhow::Result<UnitId> {
    Ok(UnitId(
        platform::units::find_by_code(db, code)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo unit {code} missing"))?
            .id,
    ))
}

/// Seeds the evaluation (nothing when an evaluator exists).
pub async fn seed(platform: &Platform) -> anyhow::Result<()> {
    let db = &platform.db;
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM openness_evaluators")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    if existing > 0 {
        return Ok(());
    }
    let officer = by_name(db, "openness").await?;
    let profile = platform::jurisdiction::current(db)
        .await?
        .map(|j| j.profile)
        .unwrap_or_default();
    let calendar = platform::workcal::load_current(db).await?;
    let now = Instant::from_millis(now_ms());
    let context = Context::new(&platform.key, &officer.audit, &calendar, &profile, now);
    let by = &officer.acting;
    let this_year = now.local_date().year();
    let from = NaiveDate::from_ymd_opt(this_year - 1, 1, 1)
        .ok_or_else(|| anyhow::anyhow!("no 1 January"))?;
    let mut evaluators = Vec::new();
    for (name, origin) in [
        ("周评议", "区人大代表"),
        ("吴评议", "区政协委员"),
        ("郑评议", "甘州日报社（新闻单位）"),
    ] {
        evaluators.push(
            usecase::appoint(db, &context, by, name, origin, from)
                .await?
                .id,
        );
    }
    let market = unit(db, "gz-market").await?;
    let education = unit(db, "gz-education").await?;
    let dongjie = unit(db, "gz-dongjie").await?;
    use Rating::{Basic as B, Satisfied as S, Unsatisfied as U};
    let years = [
        (
            this_year - 1,
            [
                (market, [S, U, U]),
                (education, [S, S, B]),
                (dongjie, [S, B, U]),
            ],
        ),
        (
            this_year,
            [
                (market, [B, U, U]),
                (education, [S, S, S]),
                (dongjie, [S, B, B]),
            ],
        ),
    ];
    for (year, units) in years {
        usecase::open_year(db, &context, by, year).await?;
        for (unit, ratings) in units {
            for (evaluator, rating) in evaluators.iter().zip(ratings) {
                let entry = SheetEntry {
                    year,
                    evaluator: EvaluatorId(evaluator.0),
                    unit,
                    rating,
                    remark: String::new(),
                    submit: true,
                };
                usecase::enter_sheet(db, &context, by, entry).await?;
            }
        }
    }
    let last = this_year - 1;
    let interviewed = NaiveDate::from_ymd_opt(this_year, 1, 15)
        .ok_or_else(|| anyhow::anyhow!("no 15 January"))?;
    usecase::record_interview(
        db,
        &context,
        by,
        last,
        market,
        interviewed,
        "约谈区市场监督管理局主要负责人，要求三个月内完成政务公开整改",
    )
    .await?;
    usecase::publish(db, &context, by, last).await?;
    Ok(())
}
