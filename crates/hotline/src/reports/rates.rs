//! The three rates (三率, HL-RATES, 000 §12345-4(七) 每月对“接诉即办”工作情况按响应率、办结率、
//! 满意率“三率”评价指标进行通报): per unit and period, each a ratio of two counts read from the
//! shared clock table and the order history. The formulas are returned as text with the
//! figures, so every table prints what it computed.

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
}

impl Formulas {
    /// The three lines, in order.
    pub fn lines(&self) -> Vec<String> {
        vec![
            self.response.clone(),
            self.completion.clone(),
            self.satisfaction.clone(),
        ]
    }
}

/// HL-RATES: the formulas under the profile's options.
pub fn formulas(profile: &RuleProfile) -> Formulas {
    let satisfied = if profile.hotline.satisfaction_counts_basically_satisfied {
        "“非常满意”“满意”“基本满意”"
    } else {
        "“非常满意”“满意”"
    };
    Formulas {
        response: format!(
            "响应率 = 在签收时限（{}，HL-SIGN）内签收或依规退回的派单数 ÷ 期内派至本单位且已签收、已退回或已超签收时限的派单数 × 100%（主办、协办单位各计一单）",
            profile.hotline.sign
        ),
        completion: "办结率 = 按时办结数（经单位领导审核反馈办理结果时未超过办理时限，延期、挂账暂停后的时限计入）÷ 办理时限在本期内届满的主办工单数 × 100%（退回、撤销的工单不计；尚未到期的在办工单不计）".into(),
        satisfaction: format!(
            "满意率 = 回访评价为{satisfied}的次数 ÷ 期内回访评价总次数 × 100%（按主办单位统计；每轮回访各计一次）"
        ),
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

/// Counts of a clock rule per unit: all counted clocks and those met. A clock counts once it
/// is concluded (met or breached) or overdue while open. `by_due` puts a clock in the period
/// of its due time (and leaves out clocks concluded by a return or withdrawal), otherwise in
/// the period of its start (the dispatch).
async fn clock_counts(
    db: &Db,
    rule: &str,
    by_due: bool,
    period: Period,
    now: Instant,
) -> Result<BTreeMap<i64, Rate>> {
    let sql = if by_due {
        "SELECT c.unit_id AS unit_id, COUNT(*) AS total, \
         CAST(SUM(CASE WHEN c.status = 'met' THEN 1 ELSE 0 END) AS BIGINT) AS met \
         FROM clocks c WHERE c.rule_id = $1 AND c.due_at >= $2 AND c.due_at < $3 \
         AND c.subject_type = $4 AND c.status <> 'cancelled' \
         AND (c.status IN ('met', 'breached') OR c.due_at <= $5) \
         AND NOT EXISTS (SELECT 1 FROM hotline_events e \
           WHERE e.order_id = CAST(c.subject_id AS BIGINT) AND e.kind = 'clock_stopped' \
           AND e.at = c.concluded_at AND e.command IN ('return', 'withdraw')) \
         GROUP BY c.unit_id"
    } else {
        "SELECT c.unit_id AS unit_id, COUNT(*) AS total, \
         CAST(SUM(CASE WHEN c.status = 'met' THEN 1 ELSE 0 END) AS BIGINT) AS met \
         FROM clocks c WHERE c.rule_id = $1 AND c.start_at >= $2 AND c.start_at < $3 \
         AND c.subject_type = $4 AND c.status <> 'cancelled' \
         AND (c.status IN ('met', 'breached') OR c.due_at <= $5) \
         GROUP BY c.unit_id"
    };
    let rows = sqlx::query(sql)
        .bind(rule)
        .bind(period.start().millis())
        .bind(period.end().millis())
        .bind(CLOCK_SUBJECT)
        .bind(now.millis())
        .fetch_all(&db.pool)
        .await?;
    let mut counts = BTreeMap::new();
    for row in &rows {
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
    let satisfied_to = if profile.hotline.satisfaction_counts_basically_satisfied {
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
    let response = clock_counts(db, "HL-SIGN", false, period, now).await?;
    let completion = clock_counts(db, "HL-LIMITS", true, period, now).await?;
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
