//! The three rates (三率, HL-RATES): per unit and period, each a ratio of two counts read from
//! the counters the orders' commands keep (platform::workflow::counters) and the open clocks;
//! `rates_rows` computes the same from the clock and history rows. 000 §12345-12 3 has the
//! hotline notify units monthly by 响应率、办结率、满意率 and §12345-4(七), §12345-25 ask for
//! periodic reports and monthly notices; none of them defines a rate, so every definition here is a platform
//! default. The formulas are returned as text with the figures, so every table prints what it
//! computed; `crates/hotline/README.md` (Rates) gives the reasons.

use std::collections::BTreeMap;

use calendar::Instant;
use platform::Result;
use platform::db::Db;
use platform::profile::RuleProfile;
use sqlx::Row as _;

use platform::workflow::counters::{self, Counting, Span};

use super::{Date, Period, PeriodKind, count};
use crate::store::CLOCK_SUBJECT;

/// A ratio of two counts; `None` as a percentage when nothing was counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rate {
    pub numerator: u64,
    pub denominator: u64,
}

impl Rate {
    /// Hundredths of a percent (9_750 = 97.50 %), `None` without a denominator.
    pub fn basis_points(self) -> Option<u64> {
        (self.denominator > 0).then(|| {
            (u128::from(self.numerator) * 10_000 / u128::from(self.denominator))
                .try_into()
                .unwrap_or(u64::MAX)
        })
    }

    /// `97.50%`, or `—` without a denominator.
    pub fn percent_text(self) -> String {
        match self.basis_points() {
            Some(bp) => format!("{}.{:02}%", bp / 100, bp % 100),
            None => "—".into(),
        }
    }

    fn add(&mut self, other: Rate) {
        self.numerator += other.numerator;
        self.denominator += other.denominator;
    }
}

/// The rates of one unit in one period.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UnitRates {
    pub unit_id: i64,
    pub unit_name: String,
    pub response: Rate,
    pub completion: Rate,
    pub satisfaction: Rate,
}

/// The formulas as printed under every table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formulas {
    pub response: String,
    pub completion: String,
    pub satisfaction: String,
    /// How a ratio becomes the percentage shown.
    pub rounding: String,
}

impl Formulas {
    /// The lines, in order: the three rates, then the rounding.
    pub fn lines(&self) -> Vec<String> {
        vec![
            self.response.clone(),
            self.completion.clone(),
            self.satisfaction.clone(),
            self.rounding.clone(),
        ]
    }
}

/// HL-RATES: the formulas under the profile's options, worded after what [`rates`] counts.
pub fn formulas(profile: &RuleProfile) -> Formulas {
    let satisfied = if profile.evaluation.satisfaction_counts_basically_satisfied {
        "“非常满意”“满意”“基本满意”"
    } else {
        "“非常满意”“满意”（“基本满意”不计入）"
    };
    Formulas {
        response: format!(
            "响应率 = 按时签收数 ÷ 应签收数 × 100%。应签收数：派单时间在本期内的每次派单，主办、协办单位各计一次，\
             计已签收、已超过签收时限（{}，HL-SIGN）或超时后停止的；在签收时限内因撤单、退回而停止签收计时的不计。\
             按时签收数：其中在签收时限内签收的（协办单位签收前主办单位已在该时限内反馈办理结果的，亦计为按时）",
            profile.hotline.sign
        ),
        completion: "办结率 = 按时办结数 ÷ 应办结数 × 100%。应办结数：现行到期时间在本期内的主办工单，每张工单在本期只计一次\
             （复核后重新办理的各轮、挂账均并入同一工单；各轮分属不同周期的，在各该周期各计一次）。现行到期时间：办理时限的到期时间，\
             延期的为延期后的到期时间；挂账期间为计划销账日期（挂账前已超期的仍为原到期时间）。尚未到期的在办工单不计，\
             在时限内撤单、退回的不计。按时办结数：其中本期到期的各轮均在现行到期时间前经单位领导审核反馈办理结果、\
             挂账均在计划销账日期前销账的"
            .into(),
        satisfaction: format!(
            "满意率 = 回访评价为{satisfied}的次数 ÷ 期内回访评价总次数 × 100%（按主办单位统计，每轮回访各计一次；\
             “基本满意”是否计入与好差评统计同用规则配置 evaluation.satisfaction_counts_basically_satisfied）"
        ),
        rounding: "以上均为平台默认口径（000 §12345-12 3 规定按“三率”通报，未规定计算方法）；百分比保留两位小数，其后舍去；\
             没有应计数的显示“—”"
            .into(),
    }
}

/// The rates of every unit with any figure in the period, and the whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatesReport {
    pub period: Period,
    pub units: Vec<UnitRates>,
    pub overall: UnitRates,
    pub formulas: Formulas,
}

impl RatesReport {
    /// The units of the period, best first: by the sum of the three rates (units without a
    /// figure count it as 0), then by name.
    pub fn ranking(&self) -> Vec<&UnitRates> {
        let score = |u: &UnitRates| {
            [u.response, u.completion, u.satisfaction]
                .iter()
                .map(|r| r.basis_points().unwrap_or(0))
                .sum::<u64>()
        };
        let mut ranked: Vec<&UnitRates> = self.units.iter().collect();
        ranked.sort_by(|a, b| {
            score(b)
                .cmp(&score(a))
                .then_with(|| a.unit_name.cmp(&b.unit_name))
        });
        ranked
    }

    /// The rates of one unit, if it had any figure.
    pub fn unit(&self, unit_id: i64) -> Option<&UnitRates> {
        self.units.iter().find(|u| u.unit_id == unit_id)
    }
}

/// HL-RATES 响应率 is counted on the signing clocks (by their start, the dispatch).
const SIGN: &str = "HL-SIGN";

/// The counters an order's clocks keep (platform::workflow::counters): a stop by a return or a
/// withdrawal in time releases the unit (HL-RETURN, HL-WITHDRAW), and an order's deadlines
/// for its lead unit are its handling clocks and its hanging ledger (HL-LIMITS, HL-HANG; the
/// hotline centre's own decision on a hang application is not a deadline of a unit).
pub const COUNTING: Counting = Counting {
    releases: &["return", "withdraw"],
    deadlines: &["HL-LIMITS", "HL-HANG"],
    deadline_free_unit_kind: Some("hotline_centre"),
};

/// The counters' key of a report date.
fn day_key(date: Date) -> i64 {
    i64::from(date.year) * 10_000 + i64::from(date.month) * 100 + i64::from(date.day)
}

fn span(kind: PeriodKind) -> Span {
    match kind {
        PeriodKind::Day => Span::Day,
        PeriodKind::Week => Span::Week,
        PeriodKind::Month => Span::Month,
        PeriodKind::Quarter => Span::Quarter,
        PeriodKind::Year => Span::Year,
    }
}

fn count_of(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// The open signing clocks started in the period and past their due at `now`, per unit:
/// not responded (HL-RATES 响应率 judges an open clock at the moment of the report).
async fn open_signing_overdue(db: &Db, period: Period, now: Instant) -> Result<BTreeMap<i64, u64>> {
    let rows = sqlx::query(
        "SELECT c.unit_id AS unit_id, COUNT(*) AS n FROM clocks c \
         WHERE c.rule_id = $1 AND c.subject_type = $2 AND c.status IN ('running', 'paused') \
         AND c.start_at >= $3 AND c.start_at < $4 AND c.due_at < $5 GROUP BY c.unit_id",
    )
    .bind(SIGN)
    .bind(CLOCK_SUBJECT)
    .bind(period.start().millis())
    .bind(period.end().millis())
    .bind(now.millis())
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("unit_id")?, count(row, "n")?)))
        .collect()
}

/// Of the concluded deadlines of the same order and unit in the period, as the counters count
/// them (`d` against the open group `g`): 1 when all were met, 0 when one was late, NULL when
/// there is none. Looked up by the order (`clocks_subject`): `+ 0` and `|| ''` keep SQLite,
/// which has no statistics, off the month-wide status and rule indexes.
const COUNTED_DEADLINES_MET: &str = "SELECT MIN(CASE WHEN d.status = 'met' THEN 1 ELSE 0 END) \
     FROM clocks d WHERE d.subject_type = $1 \
     AND d.subject_id = g.subject_id AND d.unit_id + 0 = g.unit_id \
     AND d.rule_id || '' IN ('HL-LIMITS', 'HL-HANG') AND d.status || '' IN ('met', 'breached') \
     AND d.released = 0 AND d.due_at + 0 >= $2 AND d.due_at + 0 < $3 \
     AND d.unit_id NOT IN (SELECT u.id FROM units u WHERE u.kind = 'hotline_centre')";

/// Per unit, the orders with an open deadline due in the period and past due at `now` (late
/// however their other deadlines went): how many, how many the counters already count, and
/// how many of those the counters count as on time.
#[derive(Debug, Clone, Copy, Default)]
struct OpenDeadlines {
    orders: u64,
    counted: u64,
    counted_met: u64,
}

async fn open_deadlines_overdue(
    db: &Db,
    period: Period,
    now: Instant,
) -> Result<BTreeMap<i64, OpenDeadlines>> {
    let sql = format!(
        "SELECT t.unit_id AS unit_id, COUNT(*) AS orders, \
         CAST(SUM(CASE WHEN t.met IS NULL THEN 0 ELSE 1 END) AS BIGINT) AS counted, \
         CAST(SUM(CASE WHEN t.met = 1 THEN 1 ELSE 0 END) AS BIGINT) AS counted_met \
         FROM (SELECT g.unit_id AS unit_id, ({COUNTED_DEADLINES_MET}) AS met \
         FROM (SELECT c.subject_id AS subject_id, c.unit_id AS unit_id FROM clocks c \
               WHERE c.rule_id IN ('HL-LIMITS', 'HL-HANG') AND c.subject_type = $1 \
               AND c.status IN ('running', 'paused') \
               AND c.due_at >= $2 AND c.due_at < $3 AND c.due_at < $4 \
               AND NOT (c.rule_id = 'HL-HANG' \
                 AND c.unit_id IN (SELECT u.id FROM units u WHERE u.kind = 'hotline_centre')) \
               AND NOT (c.status = 'paused' AND c.rule_id = 'HL-LIMITS' AND EXISTS ( \
                 SELECT 1 FROM clocks z WHERE z.subject_type = $1 AND z.subject_id = c.subject_id \
                 AND z.rule_id = 'HL-LIMITS' AND z.unit_id = c.unit_id AND z.due_at = c.due_at \
                 AND z.status = 'paused' AND z.paused_since <= z.due_at)) \
               GROUP BY c.subject_id, c.unit_id) g) t \
         GROUP BY t.unit_id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(CLOCK_SUBJECT)
        .bind(period.start().millis())
        .bind(period.end().millis())
        .bind(now.millis())
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|row| {
            let open = OpenDeadlines {
                orders: count(row, "orders")?,
                counted: count(row, "counted")?,
                counted_met: count(row, "counted_met")?,
            };
            Ok((row.try_get("unit_id")?, open))
        })
        .collect()
}

/// HL-RATES: the three rates of every unit in `period`, judged at `now` (open clocks count
/// once overdue), from the counters the commands keep (platform::workflow::counters) and the
/// open clocks — the same figures as [`super::rates_rows::rates_from_rows`] from thousands of
/// counters instead of millions of rows:
/// - 响应率: `met:HL-SIGN − released:HL-SIGN` of `met + late − released` by dispatch day,
///   plus the open signing clocks past due as not responded;
/// - 办结率: `due.<span>`/`due_met.<span>` of the period (an order once per period, on time
///   when all its deadlines there were met), corrected by the orders with an open deadline
///   past due: late, and counted once;
/// - 满意率: the callbacks' ratings `rated:<level>` of the orders (好差评, subject `order`)
///   for the lead unit by the day of the callback.
///
/// Units appear when they have any figure; the hotline centre's own clocks are not signing
/// or handling clocks, so it never appears.
pub async fn rates(
    db: &Db,
    profile: &RuleProfile,
    period: Period,
    now: Instant,
) -> Result<RatesReport> {
    let span = span(period.kind);
    let levels: Vec<String> = (1..=5).map(counters::rated_level).collect();
    let mut codes = vec![
        counters::met(SIGN),
        counters::late(SIGN),
        counters::released(SIGN),
        counters::due(span),
        counters::due_met(span),
    ];
    codes.extend(levels.iter().cloned());
    let (first, next) = (day_key(period.first), day_key(period.next));
    let totals = counters::totals(db, CLOCK_SUBJECT, first, next, &codes).await?;
    let open_signing = open_signing_overdue(db, period, now).await?;
    let open_deadlines = open_deadlines_overdue(db, period, now).await?;
    let satisfied_levels = if profile.evaluation.satisfaction_counts_basically_satisfied {
        3
    } else {
        2
    };
    let mut units = totals.units();
    units.extend(open_signing.keys().copied());
    units.extend(open_deadlines.keys().copied());
    let (mut response, mut completion, mut satisfaction) =
        (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for unit in units {
        let get = |code: &str| count_of(totals.get(unit, code));
        let responded = get(&codes[0]).saturating_sub(get(&codes[2]));
        let late = get(&codes[1]) + open_signing.get(&unit).copied().unwrap_or(0);
        insert(&mut response, unit, responded, responded + late);
        let open = open_deadlines.get(&unit).copied().unwrap_or_default();
        let due = get(&codes[3]) + open.orders - open.counted;
        let on_time = get(&codes[4]).saturating_sub(open.counted_met);
        insert(&mut completion, unit, on_time, due);
        let rated: Vec<u64> = levels.iter().map(|code| get(code)).collect();
        let satisfied = rated.iter().take(satisfied_levels).sum();
        insert(&mut satisfaction, unit, satisfied, rated.iter().sum());
    }
    assemble(db, profile, period, [response, completion, satisfaction]).await
}

fn insert(rates: &mut BTreeMap<i64, Rate>, unit: i64, numerator: u64, denominator: u64) {
    if denominator > 0 {
        rates.insert(
            unit,
            Rate {
                numerator,
                denominator,
            },
        );
    }
}

async fn unit_names(db: &Db) -> Result<BTreeMap<i64, String>> {
    let rows = sqlx::query("SELECT id, name FROM units")
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("id")?, row.try_get("name")?)))
        .collect()
}

/// The report of the three rates per unit (response, completion, satisfaction) with the
/// units' names, the whole and the formulas.
pub(super) async fn assemble(
    db: &Db,
    profile: &RuleProfile,
    period: Period,
    [response, completion, satisfaction]: [BTreeMap<i64, Rate>; 3],
) -> Result<RatesReport> {
    let names = unit_names(db).await?;
    let mut units: BTreeMap<i64, UnitRates> = BTreeMap::new();
    let mut overall = UnitRates {
        unit_id: 0,
        unit_name: "合计".into(),
        ..UnitRates::default()
    };
    for (unit_id, rate) in response {
        overall.response.add(rate);
        entry(&mut units, &names, unit_id).response = rate;
    }
    for (unit_id, rate) in completion {
        overall.completion.add(rate);
        entry(&mut units, &names, unit_id).completion = rate;
    }
    for (unit_id, rate) in satisfaction {
        overall.satisfaction.add(rate);
        entry(&mut units, &names, unit_id).satisfaction = rate;
    }
    Ok(RatesReport {
        period,
        units: units.into_values().collect(),
        overall,
        formulas: formulas(profile),
    })
}

fn entry<'a>(
    units: &'a mut BTreeMap<i64, UnitRates>,
    names: &BTreeMap<i64, String>,
    unit_id: i64,
) -> &'a mut UnitRates {
    units.entry(unit_id).or_insert_with(|| UnitRates {
        unit_id,
        unit_name: names
            .get(&unit_id)
            .cloned()
            .unwrap_or_else(|| format!("单位 {unit_id}")),
        ..UnitRates::default()
    })
}
