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
use crate::order::CommandKind;
use crate::store::CLOCK_SUBJECT;
use crate::store::events::command_code;

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
             计已签收、已超过签收时限（{}，HL-SIGN）或超时后停止的；在签收时限内因签收以外的原因（撤单、退回、主办单位已反馈）停止签收计时的不计。\
             按时签收数：其中本单位在签收时限内签收的",
            profile.hotline.sign
        ),
        completion: "办结率 = 按时办结数 ÷ 应办结数 × 100%。应办结数：每张工单按主办单位计一次（复核后重新办理不重复计），\
             计入首轮办理时限现行到期时间所在的周期：延期的为延期后的到期时间，挂账期间为计划销账日期（挂账前已超期的仍为原到期时间）；\
             尚未到期的在办工单不计，在办理时限内因反馈以外的原因（撤单、退回）停止计时的一轮不计。按时办结数：其中每轮办理结果均在现行到期时间前经单位领导审核反馈、\
             且未超过计划销账日期销账的"
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

/// The history row that stopped a clock: the `clock_stopped` row of the same order at the
/// instant the clock row was concluded, written by `command`.
const STOPPED_BY: &str = "EXISTS (SELECT 1 FROM hotline_events e \
     WHERE e.order_id = CAST(c.subject_id AS BIGINT) AND e.kind = 'clock_stopped' \
     AND e.at = c.concluded_at AND e.command = $5)";

/// HL-RATES 响应率 per unit: HL-SIGN clocks by dispatch (start) time. Responded: concluded in
/// time by the unit's own signature. Not responded: breached however it stopped, or still open
/// past its due. Left out: a clock concluded in time by anything but a signature (withdrawal,
/// the lead's return, the lead's approved result): the unit was never late and had nothing
/// left to sign. Cancelled clocks are left out too.
async fn response_counts(db: &Db, period: Period, now: Instant) -> Result<BTreeMap<i64, Rate>> {
    let sql = format!(
        "SELECT c.unit_id AS unit_id, COUNT(*) AS total, \
         CAST(SUM(CASE WHEN c.status = 'met' THEN 1 ELSE 0 END) AS BIGINT) AS met \
         FROM clocks c WHERE c.rule_id = 'HL-SIGN' AND c.start_at >= $1 AND c.start_at < $2 \
         AND c.subject_type = $3 AND c.status <> 'cancelled' \
         AND (c.status = 'breached' OR (c.status IN ('running', 'paused') AND c.due_at <= $4) \
              OR (c.status = 'met' AND {STOPPED_BY})) \
         GROUP BY c.unit_id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(period.start().millis())
        .bind(period.end().millis())
        .bind(CLOCK_SUBJECT)
        .bind(now.millis())
        .bind(command_code(CommandKind::Sign))
        .fetch_all(&db.pool)
        .await?;
    rates_by_unit(&rows)
}

/// HL-RATES 办结率 per unit, one count per order and lead unit however many handling rounds
/// (HL-CALLBACK redoes) it had.
///
/// A round is an HL-LIMITS clock row; a round concluded in time by anything but the approved
/// result (withdrawal, return) is dropped, so a re-dispatch after a return starts afresh. The
/// due in force of a round is its stored `due_at` (extensions already moved it, HL-EXTEND),
/// except while it is paused on the hanging ledger: then it is the due of the unit's open
/// HL-HANG ledger clock (the planned date); a round paused without a ledger clock is frozen
/// (no due). A round paused after its due stays overdue (CAL-PAUSE). The order is counted in
/// the period holding its first round's due in force, once that round is concluded or overdue;
/// it is on time when no round is breached or overdue and no ledger clock of the unit was
/// concluded after its planned date.
async fn completion_counts(db: &Db, period: Period, now: Instant) -> Result<BTreeMap<i64, Rate>> {
    let sql = format!(
        "WITH candidates AS ( \
           SELECT DISTINCT p.subject_id AS subject_id FROM clocks p \
           WHERE p.rule_id IN ('HL-LIMITS', 'HL-HANG') AND p.due_at >= $1 AND p.due_at < $2 \
           AND p.subject_type = $3), \
         rounds AS ( \
           SELECT c.subject_id AS subject_id, c.unit_id AS unit_id, c.status AS status, \
             CASE WHEN c.status = 'paused' AND c.paused_since <= c.due_at THEN \
               (SELECT MAX(h.due_at) FROM clocks h WHERE h.subject_type = c.subject_type \
                AND h.subject_id = c.subject_id AND h.unit_id = c.unit_id \
                AND h.rule_id = 'HL-HANG' AND h.status IN ('running', 'paused')) \
             ELSE c.due_at END AS due_in_force, \
             CASE WHEN EXISTS (SELECT 1 FROM clocks h WHERE h.subject_type = c.subject_type \
                AND h.subject_id = c.subject_id AND h.unit_id = c.unit_id \
                AND h.rule_id = 'HL-HANG' AND h.status = 'breached') THEN 1 ELSE 0 END \
               AS ledger_late, \
             ROW_NUMBER() OVER (PARTITION BY c.subject_id, c.unit_id \
               ORDER BY c.start_at, c.id) AS round_no \
           FROM clocks c JOIN candidates k ON k.subject_id = c.subject_id \
           WHERE c.rule_id = 'HL-LIMITS' AND c.subject_type = $3 AND c.status <> 'cancelled' \
           AND (c.status <> 'met' OR {STOPPED_BY})), \
         judged AS ( \
           SELECT subject_id, unit_id, round_no, due_in_force, \
             CASE WHEN status = 'breached' OR ledger_late = 1 \
               OR (status IN ('running', 'paused') AND due_in_force <= $4) THEN 1 ELSE 0 END AS late, \
             CASE WHEN status IN ('met', 'breached') \
               OR (status IN ('running', 'paused') AND due_in_force <= $4) THEN 1 ELSE 0 END AS counted \
           FROM rounds), \
         orders AS ( \
           SELECT subject_id, unit_id, \
             MAX(CASE WHEN round_no = 1 THEN due_in_force END) AS order_due, \
             MAX(CASE WHEN round_no = 1 THEN counted ELSE 0 END) AS counted, \
             MAX(late) AS late \
           FROM judged GROUP BY subject_id, unit_id) \
         SELECT unit_id, COUNT(*) AS total, \
           CAST(SUM(CASE WHEN late = 0 THEN 1 ELSE 0 END) AS BIGINT) AS met \
         FROM orders WHERE counted = 1 AND order_due >= $1 AND order_due < $2 \
         GROUP BY unit_id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(period.start().millis())
        .bind(period.end().millis())
        .bind(CLOCK_SUBJECT)
        .bind(now.millis())
        .bind(command_code(CommandKind::ApproveResult))
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
