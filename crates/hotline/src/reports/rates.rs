//! The three rates (三率, HL-RATES): per unit and period, each a ratio of two counts read from
//! the shared clock table and the order history. 000 §12345-12 3 has the hotline notify units
//! monthly by 响应率、办结率、满意率 and §12345-4(七), §12345-25 ask for periodic reports and
//! monthly notices; none of them defines a rate, so every definition here is a platform
//! default. The formulas are returned as text with the figures, so every table prints what it
//! computed; `crates/hotline/README.md` (Rates) gives the reasons.

use std::collections::BTreeMap;

use calendar::Instant;
use platform::Result;
use platform::db::Db;
use platform::profile::RuleProfile;
use sqlx::Row as _;

use super::{Period, count};
use crate::evaluation::Rating;
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

/// A clock concluded in time (`met`) by a withdrawal (HL-WITHDRAW) or a return (HL-RETURN, the
/// lead's whole order or an assisting unit's part): the `clock_stopped` history row of the same
/// order at the instant the row was concluded, written by one of those commands (the partial
/// index `hotline_events_returned` of migration 0009 answers it).
const STOPPED_IN_TIME_BY_WITHDRAWAL_OR_RETURN: &str = "(c.status = 'met' AND EXISTS (\
     SELECT 1 FROM hotline_events e WHERE e.order_id = CAST(c.subject_id AS BIGINT) \
     AND e.kind = 'clock_stopped' AND e.command IN ('return', 'withdraw') \
     AND e.at = c.concluded_at))";

/// HL-RATES 响应率 per unit: HL-SIGN clocks by dispatch (start) time, once concluded or past
/// their due. Responded: concluded in time (the unit's signature; in the rare case of an
/// assisting unit whose lead had its result approved before the assisting unit signed, that
/// approval). Not responded: breached however it stopped, or still open past its due. Left
/// out of both counts: cancelled clocks and clocks stopped in time by a withdrawal or a return:
/// the unit was never late and had nothing left to sign.
async fn response_counts(db: &Db, period: Period, now: Instant) -> Result<BTreeMap<i64, Rate>> {
    let sql = format!(
        "SELECT c.unit_id AS unit_id, COUNT(*) AS total, \
         CAST(SUM(CASE WHEN c.status = 'met' THEN 1 ELSE 0 END) AS BIGINT) AS met \
         FROM clocks c WHERE c.rule_id = 'HL-SIGN' AND c.start_at >= $1 AND c.start_at < $2 \
         AND c.subject_type = $3 AND c.status <> 'cancelled' \
         AND (c.status IN ('met', 'breached') OR c.due_at < $4) \
         AND NOT {STOPPED_IN_TIME_BY_WITHDRAWAL_OR_RETURN} \
         GROUP BY c.unit_id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(period.start().millis())
        .bind(period.end().millis())
        .bind(CLOCK_SUBJECT)
        .bind(now.millis())
        .fetch_all(&db.pool)
        .await?;
    rates_by_unit(&rows)
}

/// HL-RATES 办结率 per unit: orders, not handling rounds. The order's deadlines are its lead
/// unit's HL-LIMITS clocks (one per handling round: HL-CALLBACK gives every redo a fresh one)
/// and its HL-HANG ledger clocks; each counts in the period of its **due in force**:
/// - a handling clock's stored due, which an approved extension already moved (HL-EXTEND);
/// - while the order is on the hanging ledger its handling clock is paused (CAL-PAUSE) and has
///   no due of its own: the ledger clock's due (the planned date) is the one in force, so the
///   paused clock is skipped; a clock paused only after it ran out stays overdue (CAL-PAUSE);
/// - the hotline centre's own HL-HANG clock (its decision on the application) is not a
///   deadline of the unit and is skipped.
///
/// A deadline counts once it is concluded or past its due; one concluded in time by a
/// withdrawal or a return is left out. Per period, an order counts once for its lead unit
/// however many of its deadlines fall in the period, and is on time when all of them were met.
async fn completion_counts(db: &Db, period: Period, now: Instant) -> Result<BTreeMap<i64, Rate>> {
    let sql = format!(
        "SELECT o.unit_id AS unit_id, COUNT(*) AS total, \
         CAST(SUM(CASE WHEN o.late = 0 THEN 1 ELSE 0 END) AS BIGINT) AS met \
         FROM (SELECT c.subject_id AS subject_id, c.unit_id AS unit_id, \
                 MAX(CASE WHEN c.status = 'met' THEN 0 ELSE 1 END) AS late \
               FROM clocks c \
               WHERE c.rule_id IN ('HL-LIMITS', 'HL-HANG') AND c.due_at >= $1 AND c.due_at < $2 \
               AND c.subject_type = $3 AND c.status <> 'cancelled' \
               AND (c.status IN ('met', 'breached') OR c.due_at < $4) \
               AND NOT {STOPPED_IN_TIME_BY_WITHDRAWAL_OR_RETURN} \
               AND NOT (c.rule_id = 'HL-HANG' \
                 AND c.unit_id IN (SELECT u.id FROM units u WHERE u.kind = 'hotline_centre')) \
               AND NOT (c.status = 'paused' AND c.rule_id = 'HL-LIMITS' AND EXISTS ( \
                 SELECT 1 FROM clocks z WHERE z.subject_type = $3 AND z.subject_id = c.subject_id \
                 AND z.rule_id = 'HL-LIMITS' AND z.unit_id = c.unit_id AND z.due_at = c.due_at \
                 AND z.status = 'paused' AND z.paused_since <= z.due_at)) \
               GROUP BY c.subject_id, c.unit_id) o \
         GROUP BY o.unit_id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(period.start().millis())
        .bind(period.end().millis())
        .bind(CLOCK_SUBJECT)
        .bind(now.millis())
        .fetch_all(&db.pool)
        .await?;
    rates_by_unit(&rows)
}

/// `unit_id`, `total`, `met` rows as rates per unit.
fn rates_by_unit(rows: &[sqlx::any::AnyRow]) -> Result<BTreeMap<i64, Rate>> {
    let mut counts = BTreeMap::new();
    for row in rows {
        let unit_id: i64 = row.try_get("unit_id")?;
        counts.insert(
            unit_id,
            Rate {
                numerator: count(row, "met")?,
                denominator: count(row, "total")?,
            },
        );
    }
    Ok(counts)
}

/// Callback ratings per lead unit: grouped by the history row's detail (a handful of
/// distinct values), parsed here.
async fn satisfaction_counts(
    db: &Db,
    profile: &RuleProfile,
    period: Period,
) -> Result<BTreeMap<i64, Rate>> {
    let rows = sqlx::query(
        "SELECT o.lead_unit_id AS unit_id, e.detail AS detail, COUNT(*) AS n \
         FROM hotline_events e JOIN hotline_orders o ON o.id = e.order_id \
         WHERE e.kind = 'rated' AND e.at >= $1 AND e.at < $2 AND o.lead_unit_id IS NOT NULL \
         GROUP BY o.lead_unit_id, e.detail",
    )
    .bind(period.start().millis())
    .bind(period.end().millis())
    .fetch_all(&db.pool)
    .await?;
    let satisfied_to = if profile.evaluation.satisfaction_counts_basically_satisfied {
        3
    } else {
        2
    };
    let mut counts: BTreeMap<i64, Rate> = BTreeMap::new();
    for row in &rows {
        let unit_id: i64 = row.try_get("unit_id")?;
        let detail: String = row.try_get("detail")?;
        let n = count(row, "n")?;
        let value: serde_json::Value = serde_json::from_str(&detail)
            .map_err(|e| crate::store::unreadable("rated detail", e))?;
        let code = value.get("rating").and_then(|r| r.as_str()).unwrap_or("");
        let rating = Rating::ALL
            .into_iter()
            .find(|rating| format!("{rating:?}") == code)
            .ok_or_else(|| crate::store::unreadable("rating", code))?;
        let entry = counts.entry(unit_id).or_default();
        entry.denominator += n;
        if rating.level() <= satisfied_to {
            entry.numerator += n;
        }
    }
    Ok(counts)
}

async fn unit_names(db: &Db) -> Result<BTreeMap<i64, String>> {
    let rows = sqlx::query("SELECT id, name FROM units")
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("id")?, row.try_get("name")?)))
        .collect()
}

/// HL-RATES: the three rates of every unit in `period`, judged at `now` (open clocks count
/// once overdue). Units appear when they have any figure; the hotline centre's own clocks
/// are not signing or handling clocks, so it never appears.
pub async fn rates(
    db: &Db,
    profile: &RuleProfile,
    period: Period,
    now: Instant,
) -> Result<RatesReport> {
    let response = response_counts(db, period, now).await?;
    let completion = completion_counts(db, period, now).await?;
    let satisfaction = satisfaction_counts(db, profile, period).await?;
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
