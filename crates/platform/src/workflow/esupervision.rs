//! 电子监察 (OPS-ESUPERVISE, SVC-PROMISE; 003 §19,21): one view over the shared clock table for
//! every registered subject kind — per unit and kind, the open clocks, yellow, red and 超期 —
//! and a unit's open clocks with their subjects' numbers and pages. It reads the registry and
//! the clock table, one query per kind at most; no domain's tables are named here.

use std::collections::BTreeMap;

use calendar::{Instant, Light};
use sqlx::Row as _;

use super::clock::{LIGHT_COUNTS_SQL, live_light_of_row};
use super::subjects::{Registry, SubjectKind};
use crate::db::Db;
use crate::error::Result;

/// Counts of one kind's open clocks in one unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Open clocks (running or paused).
    pub running: i64,
    pub yellow: i64,
    pub red: i64,
    /// Open subjects whose main limit passed (flagged by their domain, or a red clock of
    /// the kind's main rule).
    pub overdue: i64,
}

impl Counts {
    fn add(self, other: Counts) -> Counts {
        Counts {
            running: self.running + other.running,
            yellow: self.yellow + other.yellow,
            red: self.red + other.red,
            overdue: self.overdue + other.overdue,
        }
    }
}

/// One unit's line: counts per kind, in the registry's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitLine {
    pub unit_id: i64,
    pub unit_name: String,
    pub by_kind: Vec<Counts>,
}

impl UnitLine {
    /// The counts of the kind at `index` of the registry.
    pub fn counts(&self, index: usize) -> Counts {
        self.by_kind.get(index).copied().unwrap_or_default()
    }

    /// Every kind together.
    pub fn total(&self) -> Counts {
        self.by_kind
            .iter()
            .fold(Counts::default(), |sum, c| sum.add(*c))
    }
}

/// The column totals of `lines`, per kind.
pub fn totals(registry: &Registry, lines: &[UnitLine]) -> Vec<Counts> {
    (0..registry.kinds().len())
        .map(|index| {
            lines
                .iter()
                .fold(Counts::default(), |sum, line| sum.add(line.counts(index)))
        })
        .collect()
}

fn line<'a>(
    lines: &'a mut BTreeMap<i64, UnitLine>,
    kinds: usize,
    unit_id: i64,
    name: &str,
) -> &'a mut UnitLine {
    lines.entry(unit_id).or_insert_with(|| UnitLine {
        unit_id,
        unit_name: name.to_owned(),
        by_kind: vec![Counts::default(); kinds],
    })
}

/// The 超期 counts of one kind per unit: its domain's flag, or red clocks of its main rule.
async fn overdue_by_unit(
    db: &Db,
    kind: &SubjectKind,
    now: Instant,
    unit: i64,
) -> Result<Vec<(i64, i64)>> {
    let rows = match kind.overdue_flag {
        Some(flag) => {
            sqlx::query(sqlx::AssertSqlSafe(flag.count_by_unit_sql))
                .bind(unit)
                .fetch_all(&db.pool)
                .await?
        }
        // The redundant status term lets both backends read the partial index of open clocks
        // by rule (migration 0012).
        None => {
            sqlx::query(
                "SELECT c.unit_id, COUNT(*) AS n FROM clocks c \
                 WHERE c.rule_id = $3 AND c.subject_type = $4 \
                 AND c.status IN ('running', 'paused') \
                 AND ((c.status = 'running' AND c.due_at < $1) \
                 OR (c.status = 'paused' AND c.light = 'red')) \
                 AND ($2 = 0 OR c.unit_id = $2) GROUP BY c.unit_id",
            )
            .bind(now.millis())
            .bind(unit)
            .bind(kind.main_rule)
            .bind(kind.code)
            .fetch_all(&db.pool)
            .await?
        }
    };
    rows.iter()
        .map(|row| Ok((row.try_get("unit_id")?, row.try_get("n")?)))
        .collect()
}

/// OPS-ESUPERVISE: two open clocks of one subject under the same rule, unit and due instant
/// (a one-stage case's promised limit and its only stage, both SVC-PROMISE) are one line of
/// the drill-down, so they count once: only the oldest row of such a group is counted.
const SAME_LINE_ONCE: &str = "AND NOT EXISTS (SELECT 1 FROM clocks d \
    WHERE d.subject_type = c.subject_type AND d.subject_id = c.subject_id \
    AND d.rule_id = c.rule_id AND d.unit_id = c.unit_id AND d.due_at = c.due_at \
    AND d.status IN ('running', 'paused') AND d.id < c.id)";

/// OPS-ESUPERVISE: per unit (one unit when `unit` is given), the open clocks of every kind at
/// `now`: how many, yellow, red, and 超期. Units without an open clock are left out; the
/// worst first.
pub async fn by_unit(
    db: &Db,
    registry: &Registry,
    now: Instant,
    unit: Option<i64>,
) -> Result<Vec<UnitLine>> {
    let kinds = registry.kinds().len();
    let unit = unit.unwrap_or(0);
    // The kinds' codes are constants of their domains: the filter lets both backends read the
    // partial index of open clocks by subject type (migration 0009).
    let codes: Vec<String> = registry
        .kinds()
        .iter()
        .map(|kind| format!("'{}'", kind.code))
        .collect();
    let lights = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT c.unit_id, c.subject_type, {LIGHT_COUNTS_SQL}, COUNT(*) AS n \
         FROM clocks c WHERE c.subject_type IN ({}) AND c.status IN ('running', 'paused') \
         AND ($2 = 0 OR c.unit_id = $2) {SAME_LINE_ONCE} GROUP BY c.unit_id, c.subject_type",
        codes.join(", ")
    )))
    .bind(now.millis())
    .bind(unit)
    .fetch_all(&db.pool)
    .await?;
    let names: BTreeMap<i64, String> = crate::units::list(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let name_of = |id: i64| {
        names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("单位 {id}"))
    };
    let index_of = |code: &str| registry.kinds().iter().position(|k| k.code == code);
    let mut lines: BTreeMap<i64, UnitLine> = BTreeMap::new();
    for row in &lights {
        let subject_type: String = row.try_get("subject_type")?;
        let Some(index) = index_of(&subject_type) else {
            continue;
        };
        let unit_id: i64 = row.try_get("unit_id")?;
        let line = line(&mut lines, kinds, unit_id, &name_of(unit_id));
        if let Some(counts) = line.by_kind.get_mut(index) {
            counts.running = row.try_get("n")?;
            counts.yellow = row.try_get::<Option<i64>, _>("yellow")?.unwrap_or(0);
            counts.red = row.try_get::<Option<i64>, _>("red")?.unwrap_or(0);
        }
    }
    for (index, kind) in registry.kinds().iter().enumerate() {
        for (unit_id, n) in overdue_by_unit(db, kind, now, unit).await? {
            let line = line(&mut lines, kinds, unit_id, &name_of(unit_id));
            if let Some(counts) = line.by_kind.get_mut(index) {
                counts.overdue = n;
            }
        }
    }
    let mut lines: Vec<UnitLine> = lines.into_values().collect();
    lines.sort_by(|a, b| {
        let key = |l: &UnitLine| {
            let t = l.total();
            (t.overdue, t.red, t.yellow)
        };
        key(b).cmp(&key(a)).then(a.unit_id.cmp(&b.unit_id))
    });
    Ok(lines)
}

/// One open clock of a unit with its subject (never the applicant or appellant).
#[derive(Debug, Clone)]
pub struct SupervisedClock {
    pub clock_id: i64,
    pub kind: SubjectKind,
    pub subject_id: String,
    /// The subject's public number.
    pub number: String,
    pub rule_id: String,
    pub due_at: Instant,
    pub light: Light,
    pub paused: bool,
    /// The subject is 超期.
    pub overdue: bool,
}

impl SupervisedClock {
    /// The clock's name (办理时限, 签收时限 …).
    pub fn name(&self) -> &'static str {
        (self.kind.clock_name)(&self.rule_id)
    }

    /// The subject's page.
    pub fn link(&self) -> String {
        self.kind.link(&self.subject_id)
    }
}

/// OPS-ESUPERVISE drill-down: the open clocks of every kind of `unit`, most urgent first, at
/// most `limit`.
pub async fn unit_clocks(
    db: &Db,
    registry: &Registry,
    now: Instant,
    unit: i64,
    limit: i64,
) -> Result<Vec<SupervisedClock>> {
    let limit = limit.clamp(1, 10_000);
    let mut all = Vec::new();
    for kind in registry.kinds() {
        let flag = kind
            .overdue_flag
            .map_or_else(|| "NULL".to_owned(), |flag| format!("t.{}", flag.column));
        let sql = format!(
            "SELECT c.id, c.subject_id, c.rule_id, c.due_at, c.yellow_at, c.light, c.status, \
             t.number, {flag} AS flagged FROM clocks c \
             LEFT JOIN {table} t ON t.id = CAST(c.subject_id AS BIGINT) \
             WHERE c.unit_id = $1 AND c.subject_type = $2 AND c.status IN ('running', 'paused') \
             ORDER BY c.due_at, c.id LIMIT $3",
            table = kind.number_table
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(unit)
            .bind(kind.code)
            .bind(limit)
            .fetch_all(&db.pool)
            .await?;
        for row in &rows {
            let status: String = row.try_get("status")?;
            let stored: String = row.try_get("light")?;
            let due_at: i64 = row.try_get("due_at")?;
            let light =
                live_light_of_row(&status, &stored, due_at, row.try_get("yellow_at")?, now)?;
            let subject_id: String = row.try_get("subject_id")?;
            let rule_id: String = row.try_get("rule_id")?;
            let flagged: Option<i64> = row.try_get("flagged")?;
            let number: Option<String> = row.try_get("number")?;
            all.push(SupervisedClock {
                clock_id: row.try_get("id")?,
                kind: *kind,
                number: number.unwrap_or_else(|| subject_id.clone()),
                subject_id,
                overdue: flagged.is_some() || (light == Light::Red && rule_id == kind.main_rule),
                rule_id,
                due_at: Instant::from_millis(due_at),
                light,
                paused: status == "paused",
            });
        }
    }
    all.sort_by_key(|clock| (clock.due_at.millis(), clock.clock_id));
    all.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(all)
}
