//! HL-RATES, one definition per rate, on both backends. The rows are written as the order's
//! commands write them (clock rows through `platform::clocks`, the `clock_stopped` history
//! row through `store::events`, as `usecase::effects` does), so each case is exactly the
//! situation the definition is about: re-handling rounds, an extension, the hanging ledger,
//! a withdrawal and a return. The counters the rates read are rebuilt from those rows
//! before each report (`crate::counters` proves the live counters equal a rebuild).

use calendar::{Calendar, Instant, Limit};
use hotline::order::{ClockKind, Event};
use hotline::reports::{self, Date, Period, PeriodKind, Rate, RatesReport};
use hotline::usecase::{self, Appellant};
use hotline::{AppealId, UnitId};
use platform::Platform;
use platform::audit::AuditActor;
use platform::clocks::{self, NewClock};
use platform::profile::RuleProfile;
use platform::testing::each_backend;
use platform::workflow::{ClockChange, ClockEvent, history};

use crate::store::new_appeal;

fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(&format!("{text}:00+08:00")).unwrap()
}

fn rate(numerator: u64, denominator: u64) -> Rate {
    Rate {
        numerator,
        denominator,
    }
}

fn actor() -> AuditActor {
    AuditActor::system("hl-rates-test")
}

/// Writes the rows of one order as its commands would.
struct Rows<'a> {
    platform: &'a Platform,
    calendar: Calendar,
    profile: RuleProfile,
}

impl Rows<'_> {
    async fn unit(&self, code: &str) -> i64 {
        platform::units::find_by_code(&self.platform.db, code)
            .await
            .unwrap()
            .unwrap()
            .id
    }

    async fn order(&self) -> AppealId {
        let appeal = new_appeal("小区门口路灯不亮已经一周", Appellant::default());
        let registered = usecase::register_appeal(
            &self.platform.db,
            &self.platform.key,
            &actor(),
            appeal,
            at("2025-03-03T08:50"),
        )
        .await
        .unwrap();
        registered.appeal_id
    }

    /// `Event::ClockStarted`: the clock row, filed under `rule`.
    async fn start(&self, order: AppealId, rule: &str, unit: i64, from: &str, limit: &str) -> i64 {
        let limit: Limit = limit.parse().unwrap();
        let mut tx = self.platform.db.begin().await.unwrap();
        let new = NewClock {
            subject_type: "order".into(),
            subject_id: order.to_string(),
            rule_id: rule.into(),
            unit_id: unit,
            start: at(from),
            limit,
        };
        let id = clocks::start(&mut tx, None, new, &self.calendar, &self.profile, at(from))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        id
    }

    /// `Event::ClockStopped` under `command`: the clock row concluded and the history row.
    async fn stop(
        &self,
        order: AppealId,
        clock: i64,
        kind: ClockKind,
        unit: i64,
        when: &str,
        command: &str,
    ) {
        let when = at(when);
        let mut tx = self.platform.db.begin().await.unwrap();
        let status = clocks::conclude(&mut tx, None, clock, when, &self.calendar, &self.profile)
            .await
            .unwrap();
        // The history row the query reads: kind, command and instant (start and limit are
        // the clock row's, not read here).
        let stopped = Event::Clock(ClockEvent {
            kind,
            unit: Some(UnitId(unit)),
            start: when,
            limit: "1wd".parse().unwrap(),
            change: ClockChange::Stopped {
                at: when,
                met: status == clocks::ClockStatus::Met,
            },
        });
        let step = history::Step {
            subject_id: order.0,
            command,
            from: None,
            to: "handling",
            actor_user_id: None,
            at: when.millis(),
        };
        history::insert(&mut tx, &hotline::SUBJECT, &step, &[stopped])
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }

    /// HL-HANG approved: the handling clock pauses and the ledger clock runs to the planned
    /// date (`ledger` from `when`). Returns the ledger clock.
    async fn hang(
        &self,
        order: AppealId,
        handling: i64,
        unit: i64,
        when: &str,
        ledger: &str,
    ) -> i64 {
        let mut tx = self.platform.db.begin().await.unwrap();
        clocks::pause(
            &mut tx,
            &actor(),
            handling,
            at(when),
            "挂账：历史遗留问题",
            &self.calendar,
            &self.profile,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        self.start(order, "HL-HANG", unit, when, ledger).await
    }

    /// A clock concluded with no history row (the ledger and decision clocks' stops are not
    /// what the rates read).
    async fn conclude(&self, clock: i64, when: &str) {
        let mut tx = self.platform.db.begin().await.unwrap();
        clocks::conclude(
            &mut tx,
            None,
            clock,
            at(when),
            &self.calendar,
            &self.profile,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }

    /// HL-HANG 销账: the ledger clock stops, the handling clock resumes.
    async fn unhang(&self, handling: i64, ledger: i64, when: &str) {
        self.conclude(ledger, when).await;
        let mut tx = self.platform.db.begin().await.unwrap();
        clocks::resume(
            &mut tx,
            &actor(),
            handling,
            at(when),
            &self.calendar,
            &self.profile,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }

    /// HL-EXTEND approved: the amount is added to the handling clock.
    async fn extend(&self, handling: i64, amount: &str, when: &str) {
        let mut tx = self.platform.db.begin().await.unwrap();
        clocks::extend(
            &mut tx,
            &actor(),
            handling,
            (amount.parse().unwrap(), "需多部门协同"),
            (&self.calendar, &self.profile),
            at(when),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }

    /// The rates of `month` at `now`; the rows above were written directly, so the counters
    /// are rebuilt from them first (as `zhengwu counters rebuild` does).
    async fn report(&self, month: &str, now: &str) -> RatesReport {
        crate::counters::rebuild_counters(self.platform, at(now)).await;
        let period = Period::containing(
            PeriodKind::Month,
            Date::parse(&format!("{month}-15")).unwrap(),
        );
        reports::rates(&self.platform.db, &self.profile, period, at(now))
            .await
            .unwrap()
    }
}

async fn seeded() -> Vec<Platform> {
    let mut platforms = each_backend().await;
    for platform in &mut platforms {
        platform::demo::seed(&platform.db, &platform.key)
            .await
            .unwrap();
    }
    platforms
}

fn completion(report: &RatesReport, unit: i64) -> Rate {
    report.unit(unit).map(|u| u.completion).unwrap_or_default()
}

fn response(report: &RatesReport, unit: i64) -> Rate {
    report.unit(unit).map(|u| u.response).unwrap_or_default()
}

const HANDLING: ClockKind = ClockKind::Handling;
const HANDLING_RULE: &str = "HL-LIMITS";

#[tokio::test]
async fn hl_rates_completion_counts_an_order_once_however_many_handling_rounds() {
    for platform in seeded().await {
        let rows = Rows {
            platform: &platform,
            calendar: Calendar::national(),
            profile: RuleProfile::default(),
        };
        let market = rows.unit("gz-market").await;
        // A: fed back in time in both rounds (the second after an unsatisfied callback).
        let a = rows.order().await;
        let first = rows
            .start(a, HANDLING_RULE, market, "2025-03-03T09:00", "5wd")
            .await;
        rows.stop(
            a,
            first,
            HANDLING,
            market,
            "2025-03-05T10:00",
            "approve_result",
        )
        .await;
        let second = rows
            .start(a, HANDLING_RULE, market, "2025-03-06T10:00", "5wd")
            .await;
        rows.stop(
            a,
            second,
            HANDLING,
            market,
            "2025-03-12T10:00",
            "approve_result",
        )
        .await;
        // B: in time in the first round, late in the second: not on time.
        let b = rows.order().await;
        let first = rows
            .start(b, HANDLING_RULE, market, "2025-03-03T09:00", "5wd")
            .await;
        rows.stop(
            b,
            first,
            HANDLING,
            market,
            "2025-03-05T10:00",
            "approve_result",
        )
        .await;
        let second = rows
            .start(b, HANDLING_RULE, market, "2025-03-06T10:00", "5wd")
            .await;
        rows.stop(
            b,
            second,
            HANDLING,
            market,
            "2025-03-20T10:00",
            "approve_result",
        )
        .await;

        let march = rows.report("2025-03", "2025-03-31T12:00").await;
        let name = platform.db.backend.name();
        // Two orders, one on time (once per round it was 3 of 4).
        assert_eq!(completion(&march, market), rate(1, 2), "{name}");
        assert!(march.formulas.completion.contains("每张工单在本期只计一次"));
    }
}

#[tokio::test]
async fn hl_rates_completion_measures_an_order_against_its_due_in_force_extended_or_on_the_ledger()
{
    for platform in seeded().await {
        let rows = Rows {
            platform: &platform,
            calendar: Calendar::national(),
            profile: RuleProfile::default(),
        };
        let name = platform.db.backend.name();
        // Every handling clock: 5 WD from Monday 2025-03-03 09:00, due 03-10 09:00.
        let start = "2025-03-03T09:00";

        // Extended by 5 WD (due 03-17 09:00): not due on 03-12, on time when fed back 03-14.
        let extended_unit = rows.unit("gz-market").await;
        let extended = rows.order().await;
        let clock = rows
            .start(extended, HANDLING_RULE, extended_unit, start, "5wd")
            .await;
        rows.extend(clock, "5wd", "2025-03-07T10:00").await;
        let before = rows.report("2025-03", "2025-03-12T12:00").await;
        assert_eq!(completion(&before, extended_unit), rate(0, 0), "{name}");
        rows.stop(
            extended,
            clock,
            HANDLING,
            extended_unit,
            "2025-03-14T10:00",
            "approve_result",
        )
        .await;

        // On the ledger from 03-05 to a planned 04-02: its due in force is the planned date,
        // so it is not overdue in March; still on the ledger after 04-02, it is late in April.
        let hung_unit = rows.unit("gz-dongjie").await;
        let hung = rows.order().await;
        let clock = rows
            .start(hung, HANDLING_RULE, hung_unit, start, "5wd")
            .await;
        rows.hang(hung, clock, hung_unit, "2025-03-05T10:00", "20wd")
            .await;

        // Hung only after its due (03-11): CAL-PAUSE, still late in March.
        let late_hung_unit = rows.unit("gz-nanjie").await;
        let late_hung = rows.order().await;
        let clock = rows
            .start(late_hung, HANDLING_RULE, late_hung_unit, start, "5wd")
            .await;
        rows.hang(late_hung, clock, late_hung_unit, "2025-03-11T10:00", "20wd")
            .await;

        // Off the ledger (销账) before the planned date, fed back within the resumed due.
        let unhung_unit = rows.unit("gz-dangzhai").await;
        let unhung = rows.order().await;
        let clock = rows
            .start(unhung, HANDLING_RULE, unhung_unit, start, "5wd")
            .await;
        let ledger = rows
            .hang(unhung, clock, unhung_unit, "2025-03-05T10:00", "5wd")
            .await;
        rows.unhang(clock, ledger, "2025-03-11T10:00").await;
        rows.stop(
            unhung,
            clock,
            HANDLING,
            unhung_unit,
            "2025-03-13T10:00",
            "approve_result",
        )
        .await;

        // Off the ledger after the planned date: late, though the resumed clock was met.
        let overdue_ledger_unit = rows.unit("gz-education").await;
        let overdue_ledger = rows.order().await;
        let clock = rows
            .start(
                overdue_ledger,
                HANDLING_RULE,
                overdue_ledger_unit,
                start,
                "5wd",
            )
            .await;
        let ledger = rows
            .hang(
                overdue_ledger,
                clock,
                overdue_ledger_unit,
                "2025-03-05T10:00",
                "2wd",
            )
            .await;
        rows.unhang(clock, ledger, "2025-03-11T10:00").await;
        rows.stop(
            overdue_ledger,
            clock,
            HANDLING,
            overdue_ledger_unit,
            "2025-03-13T10:00",
            "approve_result",
        )
        .await;

        // The hotline's own decision on a hang application is an HL-HANG clock too, of the
        // hotline centre: decided late, it is no deadline of any unit.
        let centre = rows.unit("gz-12345").await;
        let decision = rows
            .start(unhung, "HL-HANG", centre, "2025-03-04T10:00", "1wd")
            .await;
        rows.conclude(decision, "2025-03-07T10:00").await;

        let march = rows.report("2025-03", "2025-03-31T12:00").await;
        assert!(march.unit(centre).is_none(), "{name}");
        assert_eq!(completion(&march, extended_unit), rate(1, 1), "{name}");
        assert_eq!(
            completion(&march, hung_unit),
            rate(0, 0),
            "{name}: on the ledger, not yet due"
        );
        assert_eq!(completion(&march, late_hung_unit), rate(0, 1), "{name}");
        assert_eq!(completion(&march, unhung_unit), rate(1, 1), "{name}");
        assert_eq!(
            completion(&march, overdue_ledger_unit),
            rate(0, 1),
            "{name}"
        );
        let april = rows.report("2025-04", "2025-04-10T12:00").await;
        assert_eq!(
            completion(&april, hung_unit),
            rate(0, 1),
            "{name}: past the planned date"
        );
        let march_later = rows.report("2025-03", "2025-04-10T12:00").await;
        assert_eq!(completion(&march_later, hung_unit), rate(0, 0), "{name}");
        assert!(march.formulas.completion.contains("挂账期间为计划销账日期"));
    }
}

#[tokio::test]
async fn hl_rates_a_sign_clock_stopped_in_time_by_a_withdrawal_or_a_return_is_not_counted_as_responded()
 {
    for platform in seeded().await {
        let rows = Rows {
            platform: &platform,
            calendar: Calendar::national(),
            profile: RuleProfile::default(),
        };
        let name = platform.db.backend.name();
        let lead = rows.unit("gz-market").await;
        let assisting = rows.unit("gz-dongjie").await;
        let sign = ClockKind::Sign;
        let dispatched = "2025-03-03T09:00";
        // Withdrawn at 09:30, before either unit's 1 WH ran out: left out for both.
        let withdrawn = rows.order().await;
        for unit in [lead, assisting] {
            let clock = rows
                .start(withdrawn, "HL-SIGN", unit, dispatched, "1wh")
                .await;
            rows.stop(withdrawn, clock, sign, unit, "2025-03-03T09:30", "withdraw")
                .await;
        }
        // Returned by the lead at 09:20: left out for both.
        let returned = rows.order().await;
        for unit in [lead, assisting] {
            let clock = rows
                .start(returned, "HL-SIGN", unit, dispatched, "1wh")
                .await;
            rows.stop(returned, clock, sign, unit, "2025-03-03T09:20", "return")
                .await;
        }
        // Signed by the lead at 09:10 (responded); the assisting unit had not signed by 10:00
        // when the appellant withdrew at 11:00: not responded.
        let signed = rows.order().await;
        let clock = rows.start(signed, "HL-SIGN", lead, dispatched, "1wh").await;
        rows.stop(signed, clock, sign, lead, "2025-03-03T09:10", "sign")
            .await;
        let clock = rows
            .start(signed, "HL-SIGN", assisting, dispatched, "1wh")
            .await;
        rows.stop(
            signed,
            clock,
            sign,
            assisting,
            "2025-03-03T11:00",
            "withdraw",
        )
        .await;

        let march = rows.report("2025-03", "2025-03-31T12:00").await;
        assert_eq!(response(&march, lead), rate(1, 1), "{name}");
        assert_eq!(response(&march, assisting), rate(0, 1), "{name}");
        assert!(march.formulas.response.contains("撤单、退回"));
    }
}

/// The same definitions through the order's own commands (HL-HANG application and decision,
/// HL-WITHDRAW): the rows the use case writes are the rows the rates read.
#[tokio::test]
async fn hl_rates_through_the_commands_a_hung_order_waits_for_its_planned_date_and_a_withdrawn_one_is_left_out()
 {
    use hotline::order::{Command, Decision};

    use crate::usecase::{dispatched, run};

    for platform in seeded().await {
        let name = platform.db.backend.name();
        let step = |id, command, when: &str| {
            let platform = &platform;
            let when = at(when);
            async move { run(platform, id, command, when).await.unwrap() }
        };
        // Dispatched Monday 03-03 09:00 (complaint, 5 WD: due 03-10 09:00), both units sign in
        // time, the lead applies to hang it until 04-02 and the hotline approves on 03-05.
        let (hung, lead, assisting) = dispatched(&platform, Appellant::default()).await;
        step(hung, Command::Sign { unit: lead }, "2025-03-03T09:10").await;
        step(hung, Command::Sign { unit: assisting }, "2025-03-03T09:20").await;
        let scope = crate::PROFILE.hotline.hang_scope_list()[0].to_owned();
        let apply = Command::ApplyHang {
            unit: lead,
            scope,
            reason: "涉及历史遗留问题，需协调多部门".into(),
            standard: "完成整改并答复诉求人".into(),
            planned: at("2025-04-02T12:00"),
        };
        step(hung, apply, "2025-03-05T10:00").await;
        let decide = Command::DecideHang {
            decision: Decision::Approve,
            note: String::new(),
        };
        step(hung, decide, "2025-03-05T11:00").await;
        // Dispatched the same way and withdrawn at 09:30, before anyone had to sign.
        let (withdrawn, _, _) = dispatched(&platform, Appellant::default()).await;
        let withdraw = Command::Withdraw {
            note: "问题已自行解决".into(),
        };
        step(withdrawn, withdraw, "2025-03-03T09:30").await;

        let period = |month: &str| {
            Period::containing(
                PeriodKind::Month,
                Date::parse(&format!("{month}-15")).unwrap(),
            )
        };
        let profile = RuleProfile::default();
        let march = reports::rates(
            &platform.db,
            &profile,
            period("2025-03"),
            at("2025-03-31T12:00"),
        )
        .await
        .unwrap();
        assert_eq!(response(&march, lead.0), rate(1, 1), "{name}");
        assert_eq!(response(&march, assisting.0), rate(1, 1), "{name}");
        assert_eq!(
            completion(&march, lead.0),
            rate(0, 0),
            "{name}: on the ledger"
        );
        let april = reports::rates(
            &platform.db,
            &profile,
            period("2025-04"),
            at("2025-04-10T12:00"),
        )
        .await
        .unwrap();
        assert_eq!(
            completion(&april, lead.0),
            rate(0, 1),
            "{name}: past the planned date"
        );
    }
}
