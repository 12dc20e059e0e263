//! 工作台 (issue 11 point 2): what waits for one staff user across every registered subject
//! kind — per wait (待签收, 待审批, 待受理 …) how many, and the most urgent items, red first,
//! then yellow, then by due time (CAL-LIGHT), each with its clock's name and its page.
//!
//! Each domain lists its waits on its [`SubjectKind`]: the role that acts, a label, and a SQL
//! of its own tables giving the waiting subjects (`id`, `number`; `$1` the viewer's unit id,
//! which a wait of the domain's own central roles may ignore). This module names no domain
//! table: it joins the waits of a kind with the kind's open clocks in the shared clock table,
//! in **one query per kind** whatever the number of waits the viewer's roles have.

use calendar::{Instant, Light};
use sqlx::Row as _;

use super::subjects::{Registry, SubjectKind};
use crate::db::Db;
use crate::error::Result;
use crate::roles::Role;

/// One thing a role does to a kind's subjects, and the SQL that finds the subjects waiting
/// for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wait {
    /// Who acts: the viewer sees the wait when holding this role.
    pub role: Role,
    /// 待签收, 待审批, 待受理 …
    pub label: &'static str,
    /// `SELECT … AS id, … AS number FROM …`: the waiting subjects (`id` the clock rows'
    /// `subject_id` as an integer, `number` the public number), `$1` the viewer's unit id.
    /// No `ORDER BY`/`LIMIT`; a constant of the domain's code, never user input.
    pub sql: &'static str,
    /// Only the subjects with a red clock (the supervisor's 红灯 list).
    pub red_only: bool,
    /// The light comes from the viewer's unit's own clocks only (a unit's waits: its
    /// signature, its handling, not the hotline's reply clock); the central roles' waits
    /// read every clock of the subject.
    pub unit_clocks: bool,
}

/// One waiting subject with its most urgent open clock, if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitItem {
    pub subject_id: i64,
    pub number: String,
    /// The live light of its most urgent open clock (CAL-LIGHT); none without an open clock.
    pub light: Option<Light>,
    /// That clock's rule and due instant.
    pub rule_id: Option<String>,
    pub due_at: Option<Instant>,
}

/// One wait of one kind for the viewer: how many subjects, and the most urgent of them.
#[derive(Debug, Clone)]
pub struct Pile {
    pub kind: SubjectKind,
    pub wait: Wait,
    pub count: i64,
    pub items: Vec<WaitItem>,
}

impl Pile {
    /// The page of an item.
    pub fn link(&self, item: &WaitItem) -> String {
        self.kind.link(&item.subject_id.to_string())
    }

    /// The name of an item's clock (办理时限, 签收时限 …), not its rule ID.
    pub fn clock_name(&self, item: &WaitItem) -> Option<&'static str> {
        item.rule_id.as_deref().map(self.kind.clock_name)
    }
}

/// CAL-LIGHT as a rank of a clock row aliased `c` (2 red, 1 yellow, 0 green, -1 no clock),
/// `$2` the instant in milliseconds; the same rule as [`super::live_light`].
const RANK_SQL: &str = "CASE WHEN c.id IS NULL THEN -1 \
    WHEN (c.status = 'running' AND c.due_at < $2) OR (c.status = 'paused' AND c.light = 'red') THEN 2 \
    WHEN (c.status = 'running' AND c.yellow_at <= $2) OR (c.status = 'paused' AND c.light = 'yellow') THEN 1 \
    ELSE 0 END";

/// The one query of a kind's `waits` (indexes into the list are the `wait_no` column): every
/// waiting subject joined with its open clocks, its most urgent clock kept, then per wait the
/// count and the first `$4`, red first, then yellow, then by due. `$3` is the kind's code.
fn query_of(waits: &[Wait]) -> String {
    let union: Vec<String> = waits
        .iter()
        .enumerate()
        .map(|(index, wait)| {
            format!(
                "SELECT CAST({index} AS BIGINT) AS wait_no, q{index}.id AS id, q{index}.number AS number \
                 FROM ({}) q{index}",
                wait.sql
            )
        })
        .collect();
    let red_only: Vec<String> = waits
        .iter()
        .enumerate()
        .filter(|(_, wait)| wait.red_only)
        .map(|(index, _)| index.to_string())
        .collect();
    let red_filter = if red_only.is_empty() {
        String::new()
    } else {
        format!(
            " AND NOT (x.wait_no IN ({}) AND x.urgency < 2)",
            red_only.join(", ")
        )
    };
    let unit_clocks: Vec<String> = waits
        .iter()
        .enumerate()
        .filter(|(_, wait)| wait.unit_clocks)
        .map(|(index, _)| index.to_string())
        .collect();
    let unit_filter = if unit_clocks.is_empty() {
        String::new()
    } else {
        format!(
            " AND (s.wait_no NOT IN ({}) OR c.unit_id = $1)",
            unit_clocks.join(", ")
        )
    };
    let due_key = format!("COALESCE(c.due_at, {})", i64::MAX);
    format!(
        "SELECT y.wait_no, y.id, y.number, y.rule_id, y.urgency, y.due_at, y.total FROM ( \
           SELECT x.wait_no, x.id, x.number, x.rule_id, x.urgency, x.due_at, \
             COUNT(*) OVER (PARTITION BY x.wait_no) AS total, \
             ROW_NUMBER() OVER (PARTITION BY x.wait_no ORDER BY x.urgency DESC, x.due_key, x.id) AS rn \
           FROM ( \
             SELECT s.wait_no, s.id, s.number, c.rule_id, c.due_at, CAST({RANK_SQL} AS BIGINT) AS urgency, \
               {due_key} AS due_key, \
               ROW_NUMBER() OVER (PARTITION BY s.wait_no, s.id \
                 ORDER BY {RANK_SQL} DESC, {due_key}, c.id) AS crn \
             FROM ({}) s \
             LEFT JOIN clocks c ON c.subject_type = $3 AND c.subject_id = CAST(s.id AS TEXT) \
               AND c.status IN ('running', 'paused'){unit_filter} \
           ) x WHERE x.crn = 1{red_filter} \
         ) y WHERE y.rn <= $4 ORDER BY y.wait_no, y.rn",
        union.join(" UNION ALL ")
    )
}

fn light_of_rank(rank: i64) -> Option<Light> {
    match rank {
        2 => Some(Light::Red),
        1 => Some(Light::Yellow),
        0 => Some(Light::Green),
        _ => None,
    }
}

/// The waits of one kind for a holder of `roles` in `unit_id`, at most `limit` items each.
async fn piles_of(
    db: &Db,
    kind: &SubjectKind,
    roles: &[Role],
    unit_id: i64,
    now: Instant,
    limit: i64,
) -> Result<Vec<Pile>> {
    let waits: Vec<Wait> = kind
        .waits
        .iter()
        .filter(|wait| roles.contains(&wait.role))
        .copied()
        .collect();
    if waits.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(sqlx::AssertSqlSafe(query_of(&waits)))
        .bind(unit_id)
        .bind(now.millis())
        .bind(kind.code)
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    let mut piles: Vec<Pile> = waits
        .iter()
        .map(|wait| Pile {
            kind: *kind,
            wait: *wait,
            count: 0,
            items: Vec::new(),
        })
        .collect();
    for row in &rows {
        let wait: i64 = row.try_get("wait_no")?;
        let Some(pile) = usize::try_from(wait).ok().and_then(|i| piles.get_mut(i)) else {
            continue;
        };
        pile.count = row.try_get("total")?;
        let due_at: Option<i64> = row.try_get("due_at")?;
        pile.items.push(WaitItem {
            subject_id: row.try_get("id")?,
            number: row.try_get("number")?,
            light: light_of_rank(row.try_get("urgency")?),
            rule_id: row.try_get("rule_id")?,
            due_at: due_at.map(Instant::from_millis),
        });
    }
    Ok(piles)
}

/// 工作台: every wait of every registered kind that a holder of `roles` in `unit_id` has, in
/// the registry's order, each with its count and its first `limit` items (red first, then
/// yellow, then by due; CAL-LIGHT). One query per kind at most.
pub async fn for_viewer(
    db: &Db,
    registry: &Registry,
    roles: &[Role],
    unit_id: i64,
    now: Instant,
    limit: i64,
) -> Result<Vec<Pile>> {
    let limit = limit.clamp(1, 100);
    let mut piles = Vec::new();
    for kind in registry.kinds() {
        piles.extend(piles_of(db, kind, roles, unit_id, now, limit).await?);
    }
    Ok(piles)
}
