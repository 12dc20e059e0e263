//! HL-RATES from the counters (issue 11 point 7), on both backends: a month of orders run
//! through the real commands — signed in time and late, returned, withdrawn, extended, hung,
//! handled twice after an unsatisfied callback, left unsigned — gives the same rates from the
//! counters as from the clock and history rows, for every period kind and judging instant;
//! and the counters rebuilt from the rows are the ones the commands kept.

use calendar::Instant;
use hotline::appeal::HandlingClass;
use hotline::evaluation::Rating;
use hotline::order::{
    Approval, Command, ContactOutcome, Decision, DispatchTerms, HandlingResult, ReviewFinding,
    UnitView,
};
use hotline::reports::{self, Date, Period, PeriodKind};
use hotline::usecase::Appellant;
use hotline::{AppealId, UnitId};
use platform::Platform;
use platform::profile::RuleProfile;
use platform::workflow::counters::{self, Rebuild};

use crate::store::{new_appeal, register, seeded};
use crate::usecase::{run, unit};
use crate::{PROFILE, at};

struct Desk<'a> {
    platform: &'a Platform,
    lead: UnitId,
    assisting: UnitId,
    other: UnitId,
}

impl Desk<'_> {
    async fn step(&self, id: AppealId, command: Command, when: &str) {
        run(self.platform, id, command, at(when))
            .await
            .unwrap_or_else(|error| panic!("{when}: {error}"));
    }

    /// Registered at 08:50 and dispatched at 09:00 of `day` to the lead and, if given, an
    /// assisting unit.
    async fn dispatched(&self, day: &str, lead: UnitId, assisting: Option<UnitId>) -> AppealId {
        let appeal = new_appeal("小区门口路灯不亮已经一周", Appellant::default());
        let id = register(self.platform, appeal).await.appeal_id;
        let dispatch = Command::Dispatch {
            class: HandlingClass::ComplaintReport,
            lead,
            assisting: assisting.into_iter().collect(),
            terms: DispatchTerms::default(),
        };
        self.step(id, dispatch, &format!("{day}T09:00")).await;
        id
    }

    /// Result submitted, approved and replied at `when`, then the callback's rating.
    async fn conclude(&self, id: AppealId, lead: UnitId, when: &str, rating: Rating) {
        let result = HandlingResult::parse(
            "已受理并现场核查",
            "现场核查，约谈责任单位",
            "责令整改",
            "已整改完毕",
            UnitView::Satisfied,
        )
        .unwrap();
        let submit = Command::SubmitResult { unit: lead, result };
        self.step(id, submit, when).await;
        let approve = Command::ApproveResult {
            unit: lead,
            decision: Approval::Approve,
        };
        self.step(id, approve, when).await;
        let reply = Command::ReplyAttempt {
            channel: hotline::order::ReplyChannel::Phone,
            outcome: ContactOutcome::Reached,
            note: "电话回复办理结果".into(),
        };
        self.step(id, reply, when).await;
        let callback = Command::Callback {
            rating,
            comment: "回访".into(),
        };
        self.step(id, callback, when).await;
    }

    /// A month of orders in March 2025 (2025-03-03 is a Monday; complaints: sign 1 WH,
    /// handle 5 WD).
    async fn activity(&self) {
        let (lead, assisting, other) = (self.lead, self.assisting, self.other);
        // In time everywhere, satisfied.
        let id = self.dispatched("2025-03-03", lead, Some(assisting)).await;
        self.step(id, Command::Sign { unit: lead }, "2025-03-03T09:10")
            .await;
        self.step(id, Command::Sign { unit: assisting }, "2025-03-03T09:20")
            .await;
        let contribute = Command::Contribute {
            unit: assisting,
            text: "协办意见：已配合核查".into(),
        };
        self.step(id, contribute, "2025-03-03T10:00").await;
        self.conclude(id, lead, "2025-03-06T10:00", Rating::Satisfied)
            .await;
        // Signed late; the assisting unit gives nothing (HL-ACCOUNT); handled late, the
        // callback unsatisfied, handled again in time in the same month, basically satisfied.
        let id = self.dispatched("2025-03-04", lead, Some(assisting)).await;
        self.step(id, Command::Sign { unit: lead }, "2025-03-04T11:30")
            .await;
        self.conclude(id, lead, "2025-03-12T10:00", Rating::Unsatisfied)
            .await;
        let review = Command::Review {
            finding: ReviewFinding::Inadequate,
            note: "复核确认办理不到位".into(),
        };
        self.step(id, review, "2025-03-12T11:00").await;
        self.conclude(id, lead, "2025-03-14T10:00", Rating::BasicallySatisfied)
            .await;
        // Returned in time by the lead, dispatched again to another unit, signed there.
        let id = self.dispatched("2025-03-05", lead, None).await;
        let back = Command::Return {
            unit: lead,
            legal_basis: "《城市房地产管理法》第三条：物业纠纷由住建部门主管".into(),
            call_record: "09:20 与热线话务员电话沟通，同意退回".into(),
        };
        self.step(id, back, "2025-03-05T09:20").await;
        let dispatch = Command::Dispatch {
            class: HandlingClass::ComplaintReport,
            lead: other,
            assisting: vec![],
            terms: DispatchTerms::default(),
        };
        self.step(id, dispatch, "2025-03-05T10:00").await;
        self.step(id, Command::Sign { unit: other }, "2025-03-05T10:30")
            .await;
        // Signed, then withdrawn in time.
        let id = self.dispatched("2025-03-06", other, None).await;
        self.step(id, Command::Sign { unit: other }, "2025-03-06T09:05")
            .await;
        let withdraw = Command::Withdraw {
            note: "问题已自行解决".into(),
        };
        self.step(id, withdraw, "2025-03-07T09:00").await;
        // Extended by 3 WD and concluded within the extension.
        let id = self.dispatched("2025-03-10", lead, None).await;
        self.step(id, Command::Sign { unit: lead }, "2025-03-10T09:10")
            .await;
        let apply = Command::ApplyExtension {
            unit: lead,
            amount: "3wd".parse().unwrap(),
            reason: "需多部门协同".into(),
            explanation: "您反映的问题涉及多个部门，需延长办理时间，请谅解".into(),
        };
        self.step(id, apply, "2025-03-12T09:00").await;
        let decide = Command::DecideExtension {
            decision: Decision::Approve,
            note: "同意".into(),
        };
        self.step(id, decide, "2025-03-12T10:00").await;
        self.conclude(id, lead, "2025-03-19T10:00", Rating::VerySatisfied)
            .await;
        // Hung until 04-02 (open, past its planned date in April).
        let id = self.dispatched("2025-03-11", lead, None).await;
        self.step(id, Command::Sign { unit: lead }, "2025-03-11T09:10")
            .await;
        let apply = Command::ApplyHang {
            unit: lead,
            scope: PROFILE.hotline.hang_scope_list()[0].to_owned(),
            reason: "涉及历史遗留问题，需协调多部门".into(),
            standard: "完成整改并答复诉求人".into(),
            planned: at("2025-04-02T12:00"),
        };
        self.step(id, apply, "2025-03-13T10:00").await;
        let decide = Command::DecideHang {
            decision: Decision::Approve,
            note: String::new(),
        };
        self.step(id, decide, "2025-03-13T11:00").await;
        // Signed, never concluded (open past its due from 03-25).
        let id = self.dispatched("2025-03-18", other, None).await;
        self.step(id, Command::Sign { unit: other }, "2025-03-18T09:30")
            .await;
        // Nobody signs.
        self.dispatched("2025-03-20", lead, Some(other)).await;
    }
}

/// Rebuilds the counters from the rows, as `zhengwu counters rebuild` does: for tests that
/// write clock and history rows directly instead of running commands.
pub async fn rebuild_counters(platform: &Platform, now: Instant) {
    let mut tx = platform.db.begin().await.unwrap();
    let mut build = Rebuild::default();
    reports::rebuild::count_into(&mut tx, &mut build)
        .await
        .unwrap();
    build.ratings(&mut tx).await.unwrap();
    build.write(&mut tx, now).await.unwrap();
    tx.commit().await.unwrap();
}

fn periods() -> Vec<Period> {
    let day = |text: &str| Date::parse(text).unwrap();
    vec![
        Period::containing(PeriodKind::Day, day("2025-03-04")),
        Period::containing(PeriodKind::Week, day("2025-03-10")),
        Period::containing(PeriodKind::Month, day("2025-03-15")),
        Period::containing(PeriodKind::Month, day("2025-04-15")),
        Period::containing(PeriodKind::Quarter, day("2025-03-15")),
        Period::containing(PeriodKind::Quarter, day("2025-04-15")),
        Period::containing(PeriodKind::Year, day("2025-06-01")),
    ]
}

async fn desk(platform: &Platform) -> Desk<'_> {
    Desk {
        platform,
        lead: unit(platform, "gz-market").await,
        assisting: unit(platform, "gz-dongjie").await,
        other: unit(platform, "gz-housing").await,
    }
}

/// HL-RATES: the rates read from the counters and the open clocks are the rates read from
/// the rows, for every period kind, judged at several instants and under both satisfaction
/// options.
#[tokio::test]
async fn hl_rates_from_the_counters_equal_the_rates_from_the_rows() {
    for platform in seeded().await {
        let name = platform.db.backend.name();
        desk(&platform).await.activity().await;
        let mut strict = RuleProfile::default();
        strict.evaluation.satisfaction_counts_basically_satisfied = false;
        for profile in [RuleProfile::default(), strict] {
            for now in ["2025-03-04T12:00", "2025-03-31T12:00", "2025-04-10T12:00"] {
                for period in periods() {
                    let now: Instant = at(now);
                    let counted = reports::rates(&platform.db, &profile, period, now)
                        .await
                        .unwrap();
                    let rows = reports::rates_from_rows(&platform.db, &profile, period, now)
                        .await
                        .unwrap();
                    assert_eq!(counted, rows, "{name}: {} at {now}", period.label_zh());
                }
            }
        }
        // Not trivially equal: March has figures in each rate.
        let march = periods()[2];
        let report = reports::rates(&platform.db, &PROFILE, march, at("2025-04-10T12:00"))
            .await
            .unwrap();
        assert!(
            report.overall.response.denominator >= 8,
            "{name}: {report:?}"
        );
        assert!(
            report.overall.completion.denominator >= 3,
            "{name}: {report:?}"
        );
        assert_eq!(report.overall.satisfaction.denominator, 4, "{name}");
    }
}

/// Issue 11 point 7: the counters rebuilt from the clock table, the history and the ratings
/// (`counters rebuild`) are exactly the ones the commands kept in their transactions.
#[tokio::test]
async fn counters_rebuilt_from_the_rows_equal_the_live_ones() {
    for platform in seeded().await {
        let name = platform.db.backend.name();
        desk(&platform).await.activity().await;
        let live = counters::snapshot(&platform.db).await.unwrap();
        let codes: Vec<&str> = live.keys().map(|(_, _, _, code)| code.as_str()).collect();
        for expected in [
            "released:HL-SIGN",
            "late:HL-LIMITS",
            "due.month",
            "rated:2",
            "accountability",
        ] {
            assert!(
                codes.contains(&expected),
                "{name}: no {expected} in {codes:?}"
            );
        }
        let mut tx = platform.db.begin().await.unwrap();
        let mut build = Rebuild::default();
        reports::rebuild::count_into(&mut tx, &mut build)
            .await
            .unwrap();
        build.ratings(&mut tx).await.unwrap();
        assert_eq!(build.counts(), live, "{name}");
        build.write(&mut tx, at("2025-04-10T12:00")).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            counters::snapshot(&platform.db).await.unwrap(),
            live,
            "{name}"
        );
        assert!(counters::is_built(&platform.db).await.unwrap(), "{name}");
    }
}
