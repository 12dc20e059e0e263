//! Hotline reports on both backends (HL-RATES, HL-WARN, OPS-REPORTS): orders walked by the
//! ordinary use cases at controlled instants give exact response, completion and
//! satisfaction rates per unit; the formulas come with the figures; a surge at one place is
//! flagged and an ordinary day is not.

use calendar::Instant;
use hotline::appeal::HandlingClass;
use hotline::evaluation::Rating;
use hotline::order::{Approval, Command, ContactOutcome};
use hotline::reports::{self, Date, Period, PeriodKind, Rate, WarningKind};
use hotline::usecase::{self, Appellant};
use hotline::{AppealId, UnitId};
use platform::Platform;
use platform::profile::RuleProfile;

use crate::store::{at, backend, new_appeal, operator_audit, seeded};
use crate::usecase::{run, unit};
use crate::{callback, reply, result};

async fn register_at(platform: &Platform, location: &str, now: Instant) -> AppealId {
    let mut appeal = new_appeal("小区门口路灯不亮已经一周", Appellant::default());
    appeal.location = location.into();
    usecase::register_appeal(&platform.db, &platform.key, &operator_audit(), appeal, now)
        .await
        .unwrap()
        .appeal_id
}

async fn step(platform: &Platform, id: AppealId, command: Command, now: &str) {
    run(platform, id, command, at(now)).await.unwrap();
}

/// Dispatch on Monday 2025-03-03 09:00; signatures at `signed`; approval at `approved`;
/// a callback with `rating`.
async fn walk(
    platform: &Platform,
    lead: UnitId,
    assisting: Option<(UnitId, &str)>,
    signed: &str,
    approved: &str,
    rating: Rating,
) {
    let id = register_at(
        platform,
        "甘州区东街街道南关小区",
        at("2025-03-03T08:50:00+08:00"),
    )
    .await;
    let dispatch = Command::Dispatch {
        class: HandlingClass::ComplaintReport,
        lead,
        assisting: assisting.iter().map(|(unit, _)| *unit).collect(),
        terms: hotline::order::DispatchTerms::default(),
    };
    step(platform, id, dispatch, "2025-03-03T09:00:00+08:00").await;
    step(platform, id, Command::Sign { unit: lead }, signed).await;
    if let Some((unit, signed)) = assisting {
        step(platform, id, Command::Sign { unit }, signed).await;
        let contribute = Command::Contribute {
            unit,
            text: "协办意见：已配合核查".into(),
        };
        step(platform, id, contribute, signed).await;
    }
    let submit = Command::SubmitResult {
        unit: lead,
        result: result(),
    };
    step(platform, id, submit, approved).await;
    let approve = Command::ApproveResult {
        unit: lead,
        decision: Approval::Approve,
    };
    step(platform, id, approve, approved).await;
    step(platform, id, reply(ContactOutcome::Reached), approved).await;
    step(platform, id, callback(rating), approved).await;
}

fn rate(numerator: u64, denominator: u64) -> Rate {
    Rate {
        numerator,
        denominator,
    }
}

#[test]
fn hl_rates_periods_are_local_days_weeks_months_quarters_and_years() {
    let date = Date::parse("2026-11-23").unwrap();
    let week = Period::containing(PeriodKind::Week, date);
    assert_eq!(
        (week.first.to_string(), week.last().to_string()),
        ("2026-11-23".into(), "2026-11-29".into())
    );
    let sunday = Period::containing(PeriodKind::Week, Date::parse("2026-11-29").unwrap());
    assert_eq!(sunday, week);
    let quarter = Period::containing(PeriodKind::Quarter, date);
    assert_eq!(quarter.first.to_string(), "2026-10-01");
    assert_eq!(quarter.next.to_string(), "2027-01-01");
    assert_eq!(quarter.label_zh(), "2026年第4季度");
    let month = Period::containing(PeriodKind::Month, date);
    assert_eq!(month.previous().label_zh(), "2026年10月");
    assert_eq!(month.start(), at("2026-11-01T00:00:00+08:00"));
    assert_eq!(
        Period::containing(PeriodKind::Year, date).end(),
        at("2027-01-01T00:00:00+08:00")
    );
    assert!(Date::parse("2026-02-30").is_err());
    assert!(PeriodKind::parse("fortnight").is_err());
}

#[tokio::test]
async fn hl_rates_response_completion_and_satisfaction_per_unit_with_the_formulas() {
    for platform in seeded().await {
        let market = unit(&platform, "gz-market").await;
        let dongjie = unit(&platform, "gz-dongjie").await;
        // A: lead signs on time, the assisting unit late; approved on time; satisfied.
        walk(
            &platform,
            market,
            Some((dongjie, "2025-03-03T11:00:00+08:00")),
            "2025-03-03T09:30:00+08:00",
            "2025-03-04T10:00:00+08:00",
            Rating::Satisfied,
        )
        .await;
        // B: signed late, approved after the 5 WD limit; unsatisfied.
        walk(
            &platform,
            market,
            None,
            "2025-03-03T14:00:00+08:00",
            "2025-03-12T10:00:00+08:00",
            Rating::Unsatisfied,
        )
        .await;
        // C: on time; basically satisfied.
        walk(
            &platform,
            market,
            None,
            "2025-03-03T09:10:00+08:00",
            "2025-03-05T16:00:00+08:00",
            Rating::BasicallySatisfied,
        )
        .await;
        let march = Period::containing(PeriodKind::Month, Date::parse("2025-03-15").unwrap());
        let now = at("2025-03-31T12:00:00+08:00");
        let profile = RuleProfile::default();
        let report = reports::rates(&platform.db, &profile, march, now)
            .await
            .unwrap();
        let name = backend(&platform);
        let m = report.unit(market.0).unwrap();
        assert_eq!(m.response, rate(2, 3), "{name}");
        assert_eq!(m.completion, rate(2, 3), "{name}");
        assert_eq!(m.satisfaction, rate(2, 3), "{name}");
        assert_eq!(m.response.percent_text(), "66.66%");
        let d = report.unit(dongjie.0).unwrap();
        assert_eq!(d.response, rate(0, 1), "{name}");
        assert_eq!(d.completion, rate(0, 0));
        assert_eq!(d.completion.percent_text(), "—");
        assert_eq!(report.overall.response, rate(2, 4));
        assert_eq!(report.ranking()[0].unit_id, market.0);
        // The formulas are returned with the figures.
        assert!(report.formulas.response.starts_with("响应率 ="));
        assert!(report.formulas.completion.starts_with("办结率 ="));
        assert!(report.formulas.satisfaction.contains("基本满意"));
        // HL-RATES is configurable: without 基本满意 only A counts.
        let mut strict = RuleProfile::default();
        strict.evaluation.satisfaction_counts_basically_satisfied = false;
        let report = reports::rates(&platform.db, &strict, march, now)
            .await
            .unwrap();
        assert_eq!(report.unit(market.0).unwrap().satisfaction, rate(1, 3));
        assert!(
            report
                .formulas
                .satisfaction
                .contains("“非常满意”“满意”（“基本满意”不计入）")
        );
        // Another period has none of these figures.
        let april = march.next;
        let april = Period::containing(PeriodKind::Month, april);
        let empty = reports::rates(&platform.db, &profile, april, now)
            .await
            .unwrap();
        assert!(empty.units.is_empty(), "{name}");
        // OPS-REPORTS: the week's hot places and categories.
        let week = Period::containing(PeriodKind::Week, march.first.add_days(2));
        let hot = reports::hot_of_week(&platform.db, week, 20).await.unwrap();
        assert_eq!(hot.total, 3);
        assert_eq!(hot.places[0].label, "甘州区东街街道南关小区");
        assert_eq!(hot.categories[0].count, 3);
        assert!(
            hot.terms.iter().any(|t| t.label == "路灯"),
            "{:?}",
            hot.terms
        );
    }
}

#[tokio::test]
async fn hl_warn_a_surge_at_one_place_is_flagged_and_an_ordinary_day_is_not() {
    for platform in seeded().await {
        let mut profile = RuleProfile::default();
        profile.hotline.surge_min_count = 3;
        // Monday 2025-03-31; the same weekday of the four weeks before.
        let today = "2025-03-31";
        for day in ["2025-03-03", "2025-03-10", "2025-03-17", "2025-03-24"] {
            for _ in 0..3 {
                let now = at(&format!("{day}T10:00:00+08:00"));
                register_at(&platform, "甘州区西街街道", now).await;
            }
        }
        for place in ["甘州区西街街道", "甘州区北街街道"] {
            for _ in 0..3 {
                register_at(&platform, place, at(&format!("{today}T10:00:00+08:00"))).await;
            }
        }
        let now = at(&format!("{today}T15:00:00+08:00"));
        let warnings = reports::warn_scan(&platform.db, &profile, now)
            .await
            .unwrap();
        let name = backend(&platform);
        let places: Vec<&str> = warnings
            .iter()
            .filter(|w| w.kind == WarningKind::PlaceSurge)
            .map(|w| w.subject.as_str())
            .collect();
        assert_eq!(places, vec!["甘州区北街街道"], "{name}: {warnings:?}");
        // 6 complaints today against an average of 3: 200 % < 300 %, no topic warning.
        assert!(
            !warnings.iter().any(|w| w.kind == WarningKind::TopicSurge),
            "{name}"
        );
        // With the default minimum of 10, three appeals are no surge at all.
        let calm = reports::warn_scan(&platform.db, &RuleProfile::default(), now)
            .await
            .unwrap();
        assert!(calm.is_empty(), "{name}: {calm:?}");
    }
}

#[tokio::test]
async fn eval_bad_a_bad_callback_is_one_rating_of_the_shared_mechanism_and_opens_a_rectification() {
    // EVAL-ALL, EVAL-BAD, HL-CALLBACK: the hotline's callback is rated through
    // platform::evaluation, so a bad one opens the rectification there.
    for platform in seeded().await {
        let market = unit(&platform, "gz-market").await;
        let signed = "2025-03-03T09:30:00+08:00";
        let approved = "2025-03-04T10:00:00+08:00";
        walk(
            &platform,
            market,
            None,
            signed,
            approved,
            Rating::from_level(4).unwrap(),
        )
        .await;
        walk(
            &platform,
            market,
            None,
            signed,
            approved,
            Rating::from_level(2).unwrap(),
        )
        .await;
        let tasks = platform::evaluation::list_rectifications(&platform.db, Some(market.0), None)
            .await
            .unwrap();
        assert_eq!(
            tasks.len(),
            1,
            "{}: only the unsatisfied callback opens one",
            backend(&platform)
        );
        let stats = platform::evaluation::statistics(
            &platform.db,
            &RuleProfile::default(),
            platform::evaluation::GroupBy::Unit,
            at("2025-03-01T00:00:00+08:00"),
            at("2025-04-01T00:00:00+08:00"),
        )
        .await
        .unwrap();
        assert_eq!(
            stats.overall.total, 2,
            "both callbacks are ratings of the shared mechanism"
        );
    }
}
