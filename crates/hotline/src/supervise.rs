//! Supervision and reminder triggers (HL-REMIND, HL-SUPERVISE, 000 §12345-11,12) computed
//! from an order's clocks at `now`, and the escalation levels. Pure: the jobs slice scans
//! orders, calls [`triggers`], and records each trigger once (keyed by order, kind, unit and
//! clock start) so that running a scan twice does nothing twice.

use calendar::{Calendar, Instant, Light, LightRule, Limit, LimitUnit};
use platform::profile::RuleProfile;

use crate::UnitId;
use crate::account::AccountKind;
use crate::appeal::Origin;
use crate::order::{ClockKind, Order, OrderClock, Status, UnitRole};

const MILLIS_PER_MINUTE: i64 = 60_000;
const MILLIS_PER_HOUR: i64 = 3_600_000;

/// The escalation ladder of HL-SUPERVISE (000 §12345-12 一至六).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SupervisionLevel {
    /// 实时督办: phone/SMS on the red/yellow light.
    RealTime,
    /// 书面督办: a written supervision sheet.
    Written,
    /// 通报督办: the weekly/monthly notice.
    Notice,
    /// 会议督办: the leading group's joint meeting.
    Meeting,
    /// 联合督办: with city departments.
    Joint,
    /// 领导督办: the district leader's interview.
    Leader,
}

impl SupervisionLevel {
    /// Every level, lowest first.
    pub const ALL: [SupervisionLevel; 6] = [
        SupervisionLevel::RealTime,
        SupervisionLevel::Written,
        SupervisionLevel::Notice,
        SupervisionLevel::Meeting,
        SupervisionLevel::Joint,
        SupervisionLevel::Leader,
    ];

    /// The next level up, `None` at the top.
    pub fn next(self) -> Option<SupervisionLevel> {
        let index = SupervisionLevel::ALL
            .iter()
            .position(|level| *level == self)?;
        SupervisionLevel::ALL.get(index + 1).copied()
    }

    /// The Chinese label.
    pub const fn label_zh(self) -> &'static str {
        match self {
            SupervisionLevel::RealTime => "实时督办",
            SupervisionLevel::Written => "书面督办",
            SupervisionLevel::Notice => "通报督办",
            SupervisionLevel::Meeting => "会议督办",
            SupervisionLevel::Joint => "联合督办",
            SupervisionLevel::Leader => "领导督办",
        }
    }
}

/// Why a trigger fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TriggerKind {
    /// HL-REMIND: a clock turned yellow; remind the handler to sign or feed back.
    Remind,
    /// HL-SUPERVISE: not signed `supervise_sign_minutes_before` before the signing deadline.
    WrittenSignNearDue,
    /// HL-SUPERVISE: no feedback `supervise_feedback_before` before the feedback deadline.
    WrittenFeedbackNearDue,
    /// HL-SUPERVISE: a provincial order not fed back `supervise_province_before` before due.
    WrittenProvinceNearDue,
    /// HL-SUPERVISE: one unit returned the order `supervise_repeated_returns` times (多次拒签).
    WrittenRepeatedRefusal,
    /// HL-SUPERVISE: the hotline sent a returned order back to the unit that returned it,
    /// finding the return without reason (无理由退件).
    WrittenReturnWithoutReason,
    /// HL-SUPERVISE: the lead submitted its result and an assisting unit gave nothing
    /// (推诿扯皮).
    WrittenBuckPassing,
    /// HL-REMIND: feedback overdue with no urge yet: send the urge notice to the unit leader.
    Urge,
    /// HL-REMIND / HL-ACCOUNT: `urge_feedback` after the urge with neither feedback nor an
    /// accepted report to the bureau, or the date the bureau accepted passed.
    Accountability(AccountKind),
    /// HL-HANG: the ledger entry's reminder is due.
    HangReminder,
}

/// One thing a job should do for an order now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Trigger {
    /// What.
    pub kind: TriggerKind,
    /// The rule ID.
    pub rule: &'static str,
    /// The unit concerned.
    pub unit: Option<UnitId>,
    /// The clock it concerns (kind and start), which makes the record's key.
    pub clock: Option<(ClockKind, Instant)>,
    /// The supervision level it opens.
    pub level: SupervisionLevel,
}

/// The instant `before` ahead of `due`: natural time for `h`/`d`, working time for `wh`,
/// close of business of the N-th working day before the due day for `wd`.
pub fn ahead_of(due: Instant, before: Limit, calendar: &Calendar) -> Instant {
    let amount = i64::from(before.amount);
    match before.unit {
        LimitUnit::Hours => Instant::from_millis(due.millis() - amount * MILLIS_PER_HOUR),
        LimitUnit::Days => Instant::from_millis(due.millis() - amount * 24 * MILLIS_PER_HOUR),
        LimitUnit::WorkingDays => {
            let day = calendar.nth_working_day_before(due.local_date(), before.amount);
            calendar.close_of_business_on(day)
        }
        LimitUnit::WorkingHours => {
            // The latest instant with at least `amount` working hours left before `due`.
            let wanted = amount * MILLIS_PER_HOUR;
            let mut low = due.millis() - 400 * 24 * MILLIS_PER_HOUR;
            let mut high = due.millis();
            while high - low > 1 {
                let middle = low + (high - low) / 2;
                if calendar.working_millis_between(Instant::from_millis(middle), due) >= wanted {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            Instant::from_millis(low)
        }
    }
}

fn light_rule(profile: &RuleProfile) -> LightRule {
    LightRule {
        yellow_percent: profile.calendar.yellow_percent,
        yellow_working_days: profile.calendar.yellow_working_days,
    }
}

fn trigger(
    kind: TriggerKind,
    rule: &'static str,
    clock: &OrderClock,
    level: SupervisionLevel,
) -> Trigger {
    Trigger {
        kind,
        rule,
        unit: clock.unit,
        clock: Some((clock.kind, clock.clock.start())),
        level,
    }
}

/// HL-REMIND, HL-SUPERVISE, HL-HANG: what is due for `order` at `now`. A paused clock (on
/// the hanging ledger) triggers nothing; the ledger has its own periodic reminder, and an urge
/// already running keeps running.
pub fn triggers(
    order: &Order,
    now: Instant,
    profile: &RuleProfile,
    calendar: &Calendar,
) -> Vec<Trigger> {
    let rules = &profile.hotline;
    let lights = light_rule(profile);
    let mut found = Vec::new();
    for clock in order.running_clocks() {
        if clock.clock.is_paused() {
            continue;
        }
        let due = clock.due(calendar);
        match clock.kind {
            // HL-REMIND: 发出催办通知2个工作日后…仍未收到反馈的…记录在案, unless the unit
            // reported and the bureau has not yet decided, or accepted (the clock stopped).
            ClockKind::Urge if now > due && order.pending_urge_report().is_none() => {
                found.push(accountability(clock));
            }
            ClockKind::AgreedFeedback if now > due => found.push(accountability(clock)),
            ClockKind::Sign
            | ClockKind::Handling
            | ClockKind::MajorInitial
            | ClockKind::MajorProgress => {
                found.extend(unit_clock_triggers(order, clock, now, profile, calendar));
                if clock.light(calendar, now, &lights) == Light::Yellow {
                    found.push(trigger(
                        TriggerKind::Remind,
                        "HL-REMIND",
                        clock,
                        SupervisionLevel::RealTime,
                    ));
                }
            }
            _ => {}
        }
    }
    found.extend(return_triggers(order, rules.supervise_repeated_returns));
    found.extend(buck_passing_triggers(order));
    found.extend(hang_reminder(order, now, profile, calendar));
    found
}

fn accountability(clock: &OrderClock) -> Trigger {
    trigger(
        TriggerKind::Accountability(AccountKind::NoFeedbackAfterSupervision),
        "HL-REMIND",
        clock,
        SupervisionLevel::Written,
    )
}

/// The written-supervision instant `before` ahead of `deadline`, only when the clock is longer
/// than that lead time (HL-SUPERVISE: a 3 h emergency clock does not open a written
/// supervision at its dispatch).
fn lead_time_instant(
    clock: &OrderClock,
    deadline: Instant,
    before: Limit,
    calendar: &Calendar,
) -> Option<Instant> {
    let at = ahead_of(deadline, before, calendar);
    (at > clock.clock.start()).then_some(at)
}

/// HL-SUPERVISE and HL-REMIND on one running clock of a unit's work.
fn unit_clock_triggers(
    order: &Order,
    clock: &OrderClock,
    now: Instant,
    profile: &RuleProfile,
    calendar: &Calendar,
) -> Vec<Trigger> {
    let rules = &profile.hotline;
    let due = clock.due(calendar);
    let mut found = Vec::new();
    let near = match clock.kind {
        ClockKind::Sign => {
            let minutes = i64::from(rules.supervise_sign_minutes_before);
            let before = Instant::from_millis(due.millis() - minutes * MILLIS_PER_MINUTE);
            let at = (before > clock.clock.start()).then_some(before);
            at.filter(|at| now >= *at)
                .map(|_| TriggerKind::WrittenSignNearDue)
        }
        _ => lead_time_instant(
            clock,
            due,
            rules.supervise_feedback_before.limit(),
            calendar,
        )
        .filter(|at| now >= *at)
        .map(|_| TriggerKind::WrittenFeedbackNearDue),
    };
    if let Some(kind) = near {
        found.push(trigger(
            kind,
            "HL-SUPERVISE",
            clock,
            SupervisionLevel::Written,
        ));
    }
    // HL-SUPERVISE: 省级派件未提前半天反馈, counted from the province's own due time.
    if order.intake.origin == Origin::Province && clock.kind == ClockKind::Handling {
        let deadline = order.intake.province_due.unwrap_or(due);
        let before = rules.supervise_province_before.limit();
        if lead_time_instant(clock, deadline, before, calendar).is_some_and(|at| now >= at) {
            found.push(trigger(
                TriggerKind::WrittenProvinceNearDue,
                "HL-SUPERVISE",
                clock,
                SupervisionLevel::Written,
            ));
        }
    }
    // HL-REMIND: the 催办 is for overdue feedback (承办单位逾期未反馈的), not a late signature.
    let urged = order.running_clock(ClockKind::Urge, clock.unit).is_some()
        || order
            .running_clock(ClockKind::AgreedFeedback, clock.unit)
            .is_some();
    if clock.kind.is_feedback() && now > due && !urged && order.status != Status::Hung {
        found.push(trigger(
            TriggerKind::Urge,
            "HL-REMIND",
            clock,
            SupervisionLevel::RealTime,
        ));
    }
    found
}

/// HL-HANG: a reminder every `hang_reminder_every` from the ledger entry's start while it is
/// open; each period's instant keys its own record.
fn hang_reminder(
    order: &Order,
    now: Instant,
    profile: &RuleProfile,
    calendar: &Calendar,
) -> Option<Trigger> {
    let hang = order.open_hang()?;
    let every = profile.hotline.hang_reminder_every.limit();
    if every.amount == 0 {
        return None;
    }
    let mut latest = None;
    for period in 1..=1000u32 {
        let limit = Limit {
            amount: every.amount.saturating_mul(period),
            unit: every.unit,
        };
        let at = calendar::Clock::new(hang.hung_at, limit).due(calendar).at;
        if at > now {
            break;
        }
        latest = Some(at);
    }
    latest.map(|at| Trigger {
        kind: TriggerKind::HangReminder,
        rule: "HL-HANG",
        unit: order.lead(),
        clock: Some((ClockKind::HangLedger, at)),
        level: SupervisionLevel::RealTime,
    })
}

/// HL-SUPERVISE: 推诿扯皮 — the lead submitted its result and an assisting unit of the
/// dispatch gave no contribution.
fn buck_passing_triggers(order: &Order) -> Vec<Trigger> {
    let submitted = !order.results.is_empty()
        && !matches!(
            order.status,
            Status::Dispatched | Status::Handling | Status::Hung | Status::Returned
        )
        && order.status != Status::Withdrawn;
    if !submitted {
        return Vec::new();
    }
    order
        .assignments
        .iter()
        .filter(|a| a.role == UnitRole::Assisting && a.contribution.is_none())
        .map(|a| Trigger {
            kind: TriggerKind::WrittenBuckPassing,
            rule: "HL-SUPERVISE",
            unit: Some(a.unit),
            clock: None,
            level: SupervisionLevel::Written,
        })
        .collect()
}

/// HL-SUPERVISE: written supervision for returns. A unit that returned the order `repeated`
/// times has refused it repeatedly; an order dispatched again to the unit that returned it
/// was returned without reason (the hotline judged the return unfounded).
fn return_triggers(order: &Order, repeated: u32) -> Vec<Trigger> {
    let written = |kind, unit| Trigger {
        kind,
        rule: "HL-SUPERVISE",
        unit: Some(unit),
        clock: None,
        level: SupervisionLevel::Written,
    };
    let mut found = Vec::new();
    let mut units: Vec<UnitId> = order.returns.iter().map(|r| r.unit).collect();
    units.sort();
    units.dedup();
    for unit in units {
        let count = order.returns.iter().filter(|r| r.unit == unit).count();
        if repeated > 0 && count >= repeated as usize {
            found.push(written(TriggerKind::WrittenRepeatedRefusal, unit));
        }
    }
    // 无理由退件: a unit that returned the order (or its part) is in the dispatch again: the
    // hotline found the return unfounded and sent it back.
    let open = matches!(order.status, Status::Dispatched | Status::Handling);
    for assignment in order.assignments.iter().filter(|_| open) {
        if order.returns.iter().any(|r| r.unit == assignment.unit) {
            found.push(written(
                TriggerKind::WrittenReturnWithoutReason,
                assignment.unit,
            ));
        }
    }
    found
}
