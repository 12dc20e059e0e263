//! 电子监察 (SVC-PROMISE, OPS-ESUPERVISE; 003 §19,21): one view over the shared clock table
//! for service cases (subject `case`) and 12345 work orders (subject `order`) alike — per
//! unit, the open clocks, yellow, red, and 超期 (the main limit itself passed: SVC-PROMISE of a
//! case as flagged by the e-supervision job, HL-LIMITS of an order) — and a unit's open clocks
//! with their subjects. Grouped SQL on indexed columns: the lights read the partial index of
//! open clocks by subject type and due time (migration 0009), 超期办件 the partial index of
//! flagged cases by status, 超期工单 the partial index of open clocks by rule (migration 0012).

use std::collections::BTreeMap;

use calendar::{Instant, Light};
use platform::Result;
use platform::db::Db;
use sqlx::Row as _;

/// The subject type of 12345 work-order clocks (`hotline::store::CLOCK_SUBJECT`).
pub const ORDER_SUBJECT: &str = "order";

/// The rule of a subject's main limit: a case's promised limit (its stages share the rule,
/// so cases count as 超期 by the job's flag), an order's handling limit.
pub fn main_rule(subject_type: &str) -> &'static str {
    match subject_type {
        crate::store::CLOCK_SUBJECT => "SVC-PROMISE",
        _ => "HL-LIMITS",
    }
}

/// Counts of one subject type's open clocks in one unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Open clocks (running or paused).
    pub running: i64,
    pub yellow: i64,
    pub red: i64,
    /// Subjects whose main limit passed and that are still open: cases flagged 超期办件 and
    /// under the promise, orders whose HL-LIMITS clock is past due.
    pub overdue: i64,
}

/// One unit's line of the supervision view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitSupervision {
    pub unit_id: i64,
    pub unit_name: String,
    pub cases: Counts,
    pub orders: Counts,
}

impl UnitSupervision {
    fn counts_mut(&mut self, subject_type: &str) -> Option<&mut Counts> {
        match subject_type {
            crate::store::CLOCK_SUBJECT => Some(&mut self.cases),
            ORDER_SUBJECT => Some(&mut self.orders),
            _ => None,
        }
    }
}

fn line<'a>(
    lines: &'a mut BTreeMap<i64, UnitSupervision>,
    unit_id: i64,
    name: &str,
) -> &'a mut UnitSupervision {
    lines.entry(unit_id).or_insert_with(|| UnitSupervision {
        unit_id,
        unit_name: name.to_owned(),
        ..UnitSupervision::default()
    })
}

/// OPS-ESUPERVISE: per unit (one unit when `unit` is given), the open clocks of cases and
/// orders at `now`: how many, yellow, red, and 超期. Units without an open clock are left out;
/// the worst first.
pub async fn by_unit(db: &Db, now: Instant, unit: Option<i64>) -> Result<Vec<UnitSupervision>> {
    let lights = sqlx::query(
        "SELECT c.unit_id, c.subject_type, u.name AS unit_name, \
         SUM(CASE WHEN (c.status = 'running' AND c.due_at < $1) \
             OR (c.status = 'paused' AND c.light = 'red') THEN 1 ELSE 0 END) AS red, \
         SUM(CASE WHEN (c.status = 'running' AND c.due_at >= $1 AND c.yellow_at <= $1) \
             OR (c.status = 'paused' AND c.light = 'yellow') THEN 1 ELSE 0 END) AS yellow, \
         COUNT(*) AS n \
         FROM clocks c JOIN units u ON u.id = c.unit_id \
         WHERE c.subject_type IN ('case', 'order') AND c.status IN ('running', 'paused') \
         AND ($2 = 0 OR c.unit_id = $2) \
         GROUP BY c.unit_id, c.subject_type, u.name",
    )
    .bind(now.millis())
    .bind(unit.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?;
    let mut lines: BTreeMap<i64, UnitSupervision> = BTreeMap::new();
    for row in &lights {
        let subject_type: String = row.try_get("subject_type")?;
        let name: String = row.try_get("unit_name")?;
        let line = line(&mut lines, row.try_get("unit_id")?, &name);
        if let Some(counts) = line.counts_mut(&subject_type) {
            counts.running = row.try_get("n")?;
            counts.yellow = row.try_get("yellow")?;
            counts.red = row.try_get("red")?;
        }
    }
    // 超期办件: cases the e-supervision job flagged (SVC-PROMISE) and still under the promise.
    let flagged = sqlx::query(
        "SELECT s.department_unit_id AS unit_id, u.name AS unit_name, COUNT(*) AS n \
         FROM svc_cases s JOIN units u ON u.id = s.department_unit_id \
         WHERE s.status IN ('in_review', 'special', 'awaiting_decision') \
         AND s.overdue_at IS NOT NULL AND ($1 = 0 OR s.department_unit_id = $1) \
         GROUP BY s.department_unit_id, u.name",
    )
    .bind(unit.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?;
    for row in &flagged {
        let name: String = row.try_get("unit_name")?;
        line(&mut lines, row.try_get("unit_id")?, &name)
            .cases
            .overdue = row.try_get("n")?;
    }
    // 超期工单: an order's handling limit (HL-LIMITS) passed while open. The redundant status
    // term lets both backends read the partial index of open clocks by rule (migration 0012)
    // instead of every order clock ever started.
    let orders = sqlx::query(
        "SELECT c.unit_id, u.name AS unit_name, COUNT(*) AS n \
         FROM clocks c JOIN units u ON u.id = c.unit_id \
         WHERE c.rule_id = 'HL-LIMITS' AND c.subject_type = 'order' \
         AND c.status IN ('running', 'paused') \
         AND ((c.status = 'running' AND c.due_at < $1) OR (c.status = 'paused' AND c.light = 'red')) \
         AND ($2 = 0 OR c.unit_id = $2) \
         GROUP BY c.unit_id, u.name",
    )
    .bind(now.millis())
    .bind(unit.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?;
    for row in &orders {
        let name: String = row.try_get("unit_name")?;
        line(&mut lines, row.try_get("unit_id")?, &name)
            .orders
            .overdue = row.try_get("n")?;
    }
    let mut lines: Vec<UnitSupervision> = lines.into_values().collect();
    lines.sort_by(|a, b| {
        let key = |l: &UnitSupervision| {
            (
                l.cases.overdue + l.orders.overdue,
                l.cases.red + l.orders.red,
                l.cases.yellow + l.orders.yellow,
            )
        };
        key(b).cmp(&key(a)).then(a.unit_id.cmp(&b.unit_id))
    });
    Ok(lines)
}

/// One open clock of a unit with its subject (never the applicant or appellant).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupervisedClock {
    pub clock_id: i64,
    /// `case` or `order`.
    pub subject_type: String,
    pub subject_id: i64,
    /// The case or order number.
    pub number: String,
    pub rule_id: String,
    pub due_at: Instant,
    pub light: Light,
    pub paused: bool,
    /// The subject is 超期: a flagged case, or an order's handling limit passed.
    pub overdue: bool,
}

/// OPS-ESUPERVISE drill-down: the open clocks of cases and orders of `unit`, most urgent
/// first, at most `limit`.
pub async fn unit_clocks(
    db: &Db,
    now: Instant,
    unit: i64,
    limit: i64,
) -> Result<Vec<SupervisedClock>> {
    let rows = sqlx::query(
        "SELECT c.id, c.subject_type, c.subject_id, c.rule_id, c.due_at, c.yellow_at, c.light, \
         c.status, s.number AS case_number, s.overdue_at, a.number AS order_number \
         FROM clocks c \
         LEFT JOIN svc_cases s ON c.subject_type = 'case' AND s.id = CAST(c.subject_id AS BIGINT) \
         LEFT JOIN hotline_appeals a ON c.subject_type = 'order' \
             AND a.id = CAST(c.subject_id AS BIGINT) \
         WHERE c.unit_id = $1 AND c.status IN ('running', 'paused') \
         AND c.subject_type IN ('case', 'order') \
         ORDER BY c.due_at, c.id LIMIT $2",
    )
    .bind(unit)
    .bind(limit.clamp(1, 10_000))
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let subject_type: String = row.try_get("subject_type")?;
            let subject: String = row.try_get("subject_id")?;
            let status: String = row.try_get("status")?;
            let stored: String = row.try_get("light")?;
            let due_at: i64 = row.try_get("due_at")?;
            let yellow_at: Option<i64> = row.try_get("yellow_at")?;
            let paused = status == "paused";
            let light = if paused {
                match stored.as_str() {
                    "red" => Light::Red,
                    "yellow" => Light::Yellow,
                    _ => Light::Green,
                }
            } else if now.millis() > due_at {
                Light::Red
            } else if yellow_at.is_some_and(|yellow| yellow <= now.millis()) {
                Light::Yellow
            } else {
                Light::Green
            };
            let case_number: Option<String> = row.try_get("case_number")?;
            let order_number: Option<String> = row.try_get("order_number")?;
            let rule_id: String = row.try_get("rule_id")?;
            let flagged: Option<i64> = row.try_get("overdue_at")?;
            Ok(SupervisedClock {
                clock_id: row.try_get("id")?,
                overdue: flagged.is_some()
                    || (light == Light::Red && rule_id == main_rule(&subject_type)),
                subject_id: subject.parse().unwrap_or(0),
                number: case_number
                    .or(order_number)
                    .unwrap_or_else(|| subject.clone()),
                subject_type,
                rule_id,
                due_at: Instant::from_millis(due_at),
                light,
                paused,
            })
        })
        .collect()
}
