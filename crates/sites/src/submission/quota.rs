//! The weekly quota of each unit (WEB-SUBMIT; 004 §26: 每周至少报送1条以上信息) and the runs of
//! weeks without it (004 §40: 报送信息连续3次以上不及时…单位主要领导要向市委、市政府说明情况).
//!
//! A unit's submission counts for the week (Monday to Sunday, Asia/Shanghai) in which it
//! reached the editors, that is when its leader approved it (004 §26: 审核同意后，方可报送);
//! adopted ones are counted beside. A week is met when the unit submitted at least
//! `website.unit_weekly_submissions`; a week not over yet is still open; weeks before the
//! site group existed are not tracked. A late submission of 004 §40 is a week that ended
//! without the quota: `website.submission_late_run` such weeks in a row are one run, an
//! accountability event of the unit (its principal explains in writing), however long the run
//! goes on.

use chrono::{Datelike, Days, NaiveDate};

use crate::UnitId;

/// The Monday of the week of `date`.
pub fn week_of(date: NaiveDate) -> NaiveDate {
    let back = u64::from(date.weekday().num_days_from_monday());
    date.checked_sub_days(Days::new(back)).unwrap_or(date)
}

/// The Monday `weeks` weeks after `monday`.
pub fn weeks_after(monday: NaiveDate, weeks: u32) -> NaiveDate {
    monday
        .checked_add_days(Days::new(7 * u64::from(weeks)))
        .unwrap_or(NaiveDate::MAX)
}

/// One submission as the tally counts it: its unit, the local date it reached the editors,
/// and whether it was adopted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Receipt {
    pub unit: UnitId,
    pub on: NaiveDate,
    pub adopted: bool,
}

/// How one week of one unit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WeekStatus {
    /// The profile asks for no weekly submissions.
    NotRequired,
    /// Before the site group existed.
    NotTracked,
    /// At least the quota.
    Met,
    /// Over, without the quota: a late submission (004 §40: 不及时).
    Missed,
    /// Not over yet, the quota not reached so far.
    Open,
}

impl WeekStatus {
    pub const fn label_zh(self) -> &'static str {
        match self {
            WeekStatus::NotRequired => "不要求",
            WeekStatus::NotTracked => "未纳入统计",
            WeekStatus::Met => "达标",
            WeekStatus::Missed => "未达标",
            WeekStatus::Open => "未结束",
        }
    }
}

/// One week of one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekTally {
    pub monday: NaiveDate,
    pub submitted: u32,
    pub adopted: u32,
    pub status: WeekStatus,
}

/// The weeks of one unit, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitWeeks {
    pub unit: UnitId,
    pub weeks: Vec<WeekTally>,
}

impl UnitWeeks {
    pub fn submitted(&self) -> u32 {
        self.weeks.iter().map(|week| week.submitted).sum()
    }

    pub fn adopted(&self) -> u32 {
        self.weeks.iter().map(|week| week.adopted).sum()
    }

    /// The weeks that ended without the quota.
    pub fn missed(&self) -> usize {
        self.weeks
            .iter()
            .filter(|week| week.status == WeekStatus::Missed)
            .count()
    }
}

/// What a week is judged by: the quota (`website.unit_weekly_submissions`), the Monday from
/// which weeks are tracked (`None`: not yet), and today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub per_week: u32,
    pub tracked_from: Option<NaiveDate>,
    pub today: NaiveDate,
}

impl Quota {
    fn status(&self, monday: NaiveDate, submitted: u32) -> WeekStatus {
        if self.per_week == 0 {
            return WeekStatus::NotRequired;
        }
        if self.tracked_from.is_none_or(|from| monday < week_of(from)) {
            return WeekStatus::NotTracked;
        }
        if submitted >= self.per_week {
            WeekStatus::Met
        } else if weeks_after(monday, 1) <= self.today {
            WeekStatus::Missed
        } else {
            WeekStatus::Open
        }
    }
}

/// WEB-SUBMIT: the `weeks` weeks from the week of `first` for each of `units` (in their
/// order; a unit that submitted but is not listed is added after them), from `receipts`.
pub fn tally(
    units: &[UnitId],
    receipts: &[Receipt],
    first: NaiveDate,
    weeks: u32,
    quota: Quota,
) -> Vec<UnitWeeks> {
    let first = week_of(first);
    let end = weeks_after(first, weeks);
    let mut order: Vec<UnitId> = units.to_vec();
    for receipt in receipts {
        if receipt.on >= first && receipt.on < end && !order.contains(&receipt.unit) {
            order.push(receipt.unit);
        }
    }
    order
        .into_iter()
        .map(|unit| {
            let weeks = (0..weeks)
                .map(|n| {
                    let monday = weeks_after(first, n);
                    let next = weeks_after(monday, 1);
                    let of_week = receipts
                        .iter()
                        .filter(|r| r.unit == unit && r.on >= monday && r.on < next);
                    let (submitted, adopted) =
                        of_week.fold((0u32, 0u32), |(s, a), r| (s + 1, a + u32::from(r.adopted)));
                    WeekTally {
                        monday,
                        submitted,
                        adopted,
                        status: quota.status(monday, submitted),
                    }
                })
                .collect();
            UnitWeeks { unit, weeks }
        })
        .collect()
}

/// A run of weeks in a row that ended without the quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LateRun {
    /// The Monday of its first week.
    pub first: NaiveDate,
    /// The Monday of its last week.
    pub last: NaiveDate,
    pub weeks: u32,
}

/// WEB-SUBMIT (004 §40): the runs of at least `run` missed weeks in a row among `weeks` (in
/// order); any other week ends a run. `run` 0 finds none.
pub fn late_runs(weeks: &[WeekTally], run: u32) -> Vec<LateRun> {
    if run == 0 {
        return Vec::new();
    }
    let mut runs = Vec::new();
    let mut current: Option<LateRun> = None;
    for week in weeks {
        if week.status == WeekStatus::Missed {
            current = Some(match current {
                Some(open) => LateRun {
                    last: week.monday,
                    weeks: open.weeks + 1,
                    ..open
                },
                None => LateRun {
                    first: week.monday,
                    last: week.monday,
                    weeks: 1,
                },
            });
        } else if let Some(done) = current.take() {
            runs.push(done);
        }
    }
    runs.extend(current);
    runs.retain(|found| found.weeks >= run);
    runs
}
